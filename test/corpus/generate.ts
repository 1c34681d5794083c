/**
 * The real-layouts corpus: 44 council-style workbooks laid out like the published DfE tools and
 * Forum papers in docs/real-layouts.md, each with the mess councils add, and beside each one its
 * expected figures.
 *
 * Deterministic: workbook i is drawn from its own seeded PRNG (mulberry32, seed 1000 + i); nothing
 * reads the clock or Math.random. The records are drawn first (in pennies, on the precision the
 * layout's unit can show, so "£000" and "£m" cells state them exactly); the layout then writes them,
 * and every figure in the expected file is summed from the generator's own records, never from the
 * project's reader. Each figure also lists the cells it comes from, so the corpus test can recompute
 * it from the written cells with a reader of its own.
 *
 * Run `npx tsx test/corpus/generate.ts [outDir]` (default test/artifacts/corpus, gitignored).
 */

import * as fs from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import {
  type CellRef,
  type CorpusDataset,
  type CorpusPaper,
  type Expected,
  type Figure,
  PAPER_RULES,
  a1,
  isHeldOut,
  mulberry32,
  serialOf,
} from "./model";

/** How many workbooks: 11 layout families × 4 variants. */
export const CORPUS_SIZE = 44;
const FAMILIES = 11;

const MEETING = serialOf(2026, 12, 3);
const AS_AT = serialOf(2026, 10, 31);
/** No placement starts or ends in this window, so "open" is the same at the as-at and meeting dates. */
const QUIET_FROM = serialOf(2026, 10, 15);
const QUIET_TO = serialOf(2026, 12, 20);

// ---------------------------------------------------------------------------------------------
// Sheets in memory, then ExcelJS

type Value = number | string | Date | null;

class Sheet {
  readonly cells = new Map<string, { r: number; c: number; v: Value; fmt?: string }>();
  readonly merges: [number, number, number, number][] = [];
  readonly hiddenCols = new Set<number>();
  hidden = false;
  constructor(readonly name: string) {}

  /** Write a value at 1-based (row, col); returns the reference for a figure. */
  set(r: number, c: number, v: Value, fmt?: string): CellRef {
    this.cells.set(`${r},${c}`, { r, c, v, ...(fmt ? { fmt } : {}) });
    return { sheet: this.name, cell: a1(r, c), scale: 1 };
  }

  merge(r1: number, c1: number, r2: number, c2: number): void {
    this.merges.push([r1, c1, r2, c2]);
  }
}

class Book {
  readonly sheets: Sheet[] = [];
  add(name: string): Sheet {
    const s = new Sheet(name);
    this.sheets.push(s);
    return s;
  }
}

async function writeBook(book: Book, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const fixed = new Date(Date.UTC(2026, 10, 1));
  wb.creator = "Forum Papers corpus";
  wb.created = fixed;
  wb.modified = fixed;
  for (const s of book.sheets) {
    const ws = wb.addWorksheet(s.name, s.hidden ? { state: "hidden" } : {});
    let maxCol = 1;
    for (const { r, c, v, fmt } of s.cells.values()) {
      const cell = ws.getCell(r, c);
      cell.value = v;
      if (fmt) cell.numFmt = fmt;
      maxCol = Math.max(maxCol, c);
    }
    for (let c = 1; c <= maxCol; c++) {
      ws.getColumn(c).width = 18;
      if (s.hiddenCols.has(c)) ws.getColumn(c).hidden = true;
    }
    for (const [r1, c1, r2, c2] of s.merges) ws.mergeCells(r1, c1, r2, c2);
  }
  const bytes = await wb.xlsx.writeBuffer();
  fs.writeFileSync(file, Buffer.from(bytes));
}

// ---------------------------------------------------------------------------------------------
// Money on a unit's precision

interface Unit {
  readonly scale: 1 | 1000 | 1_000_000;
  readonly dp: number;
  /** The marker a header carries: "£", "£000", "£m". */
  readonly label: string;
}
const POUNDS: Unit = { scale: 1, dp: 2, label: "£" };
const WHOLE_POUNDS: Unit = { scale: 1, dp: 0, label: "£" };
const THOUSANDS: Unit = { scale: 1000, dp: 0, label: "£000" };
const THOUSANDS_1DP: Unit = { scale: 1000, dp: 1, label: "£000" };
const MILLIONS: Unit = { scale: 1_000_000, dp: 2, label: "£m" };
const MILLIONS_3DP: Unit = { scale: 1_000_000, dp: 3, label: "£m" };

/** The smallest step a unit shows, in pennies. */
function quantum(u: Unit): number {
  return (u.scale * 100) / 10 ** u.dp;
}

function withCommas(digits: string): string {
  const [int, frac] = digits.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac !== undefined ? `${grouped}.${frac}` : grouped;
}

/** The cell value for an amount in pennies: a number in the unit, or text the way councils type it. */
function moneyCell(pennies: number, u: Unit, text: false | "plain" | "pound" | "brackets"): Value {
  const inUnit = pennies / 100 / u.scale;
  if (!text) return Number(inUnit.toFixed(u.dp));
  const body = withCommas(Math.abs(inUnit).toFixed(u.dp));
  const sign = pennies < 0;
  if (text === "brackets") return sign ? `(${body})` : body;
  if (text === "pound") return sign ? `-£${body}` : `£${body}`;
  return sign ? `-${body}` : body;
}

function scaled(ref: CellRef, u: Unit): CellRef {
  return { ...ref, scale: u.scale };
}

// ---------------------------------------------------------------------------------------------
// One workbook being drawn

class Draw {
  readonly book = new Book();
  readonly datasets: Partial<Record<CorpusDataset, Record<string, Figure>>> = {};
  readonly papers: Partial<Record<CorpusPaper, Record<string, number>>> = {};
  readonly mess: string[] = [];
  layout = "";
  statedAsAt?: number;

  constructor(
    readonly rnd: () => number,
    /** 0–3: which variant of the family. */
    readonly v: number,
  ) {}

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)];
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.rnd() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
  /** An amount between lo and hi pounds, on the unit's precision, in pennies. */
  amount(lo: number, hi: number, u: Unit): number {
    const q = quantum(u);
    return Math.round((lo * 100 + this.rnd() * (hi - lo) * 100) / q) * q;
  }
  /** Round pennies to the unit's precision. */
  onUnit(pennies: number, u: Unit): number {
    const q = quantum(u);
    return Math.round(pennies / q) * q;
  }

  figure(ds: CorpusDataset, key: string, f: Figure): void {
    (this.datasets[ds] ??= {})[key] = f;
  }
  money(ds: CorpusDataset, key: string, terms: CellRef[][], pennies: number): void {
    this.figure(ds, key, { kind: "money", value: pennies / 100, from: { sum: terms } });
  }
  count(ds: CorpusDataset, key: string, rows: CellRef[]): void {
    this.figure(ds, key, { kind: "count", value: rows.length, from: { count: rows } });
  }
  number(ds: CorpusDataset, key: string, terms: CellRef[][], value: number): void {
    this.figure(ds, key, { kind: "number", value, from: { sum: terms } });
  }
}

/** A title row merged across the table, as councils head their sheets. */
function title(s: Sheet, row: number, text: string, width: number): void {
  s.set(row, 1, text);
  s.merge(row, 1, row, width);
}

// ---------------------------------------------------------------------------------------------
// Records

interface LineRec {
  readonly code: string;
  readonly name: string;
  readonly group: "place" | "topup" | "services";
  readonly budget: number;
  readonly forecast: number;
  readonly last: number;
}

const S251: readonly [string, string, LineRec["group"], number, number][] = [
  ["1.0.2", "High needs place funding within Individual Schools Budget", "place", 8e6, 11e6],
  ["1.2.1", "Top-up funding – maintained schools", "topup", 6e6, 9e6],
  ["1.2.2", "Top-up funding – academies, free schools and colleges", "topup", 8e6, 12e6],
  ["1.2.3", "Top-up and other funding – non-maintained and independent providers", "topup", 11e6, 17e6],
  [
    "1.2.4",
    "Additional high needs targeted funding for mainstream schools and academies",
    "topup",
    6e5,
    1.5e6,
  ],
  ["1.2.5", "SEN support services", "services", 2e6, 3.5e6],
  ["1.2.6", "Hospital education services", "services", 8e5, 1.6e6],
  ["1.2.7", "Other alternative provision services", "services", 1.8e6, 3e6],
  ["1.2.8", "Support for inclusion", "services", 5e5, 1.2e6],
  ["1.2.11", "Direct payments (SEN and disability)", "services", 3e5, 8e5],
  ["1.2.13", "Therapies and other health related services", "services", 5e5, 1.1e6],
];

function budgetLines(d: Draw, u: Unit): LineRec[] {
  return S251.map(([code, name, group, lo, hi]) => {
    const budget = d.amount(lo, hi, u);
    const forecast = d.onUnit(budget * (0.94 + d.rnd() * 0.3), u);
    const last = d.onUnit(forecast - (d.rnd() - 0.3) * 0.04 * budget, u);
    return { code, name, group, budget, forecast, last };
  });
}

interface BlockRec {
  readonly name: string;
  readonly allocation: number;
  readonly transfers: number;
  readonly budget: number;
  readonly forecast: number;
  readonly last: number;
}

const BLOCK_NAMES = [
  ["Schools Block", "Schools"],
  ["Central School Services Block", "CSSB"],
  ["Early Years Block", "Early Years"],
  ["High Needs Block", "High Needs"],
] as const;

function blocks(d: Draw, u: Unit): BlockRec[] {
  const ranges: [number, number][] = [
    [2.2e8, 2.8e8],
    [2.2e6, 2.6e6],
    [2.8e7, 3.4e7],
    [5.5e7, 6.5e7],
  ];
  const transfer = d.onUnit(d.amount(1.1e6, 1.4e6, u), u);
  return BLOCK_NAMES.map(([long, short], i) => {
    const allocation = d.amount(ranges[i][0], ranges[i][1], u);
    const transfers = i === 0 ? -transfer : i === 3 ? transfer : 0;
    const budget = allocation + transfers;
    const drift = i === 3 ? 0.05 + d.rnd() * 0.15 : (d.rnd() - 0.6) * 0.02;
    const forecast = d.onUnit(budget * (1 + drift), u);
    const last = d.onUnit(forecast - d.rnd() * 0.01 * budget, u);
    return { name: d.v % 2 === 0 ? long : short, allocation, transfers, budget, forecast, last };
  });
}

const SCHOOL_STEMS = [
  "Oakfield",
  "Brookside",
  "St Mary's",
  "Hillcrest",
  "Riverside",
  "Meadowbank",
  "Ashgrove",
  "Kingsway",
  "Holy Trinity",
  "Beacon Hill",
  "Elmwood",
  "Fairfield",
  "Greenbank",
  "Harbour View",
  "Larkrise",
  "Millbrook",
  "Northgate",
  "Orchard Vale",
  "Parkside",
  "Queensmead",
  "Redwood",
  "Southfields",
  "Thornhill",
  "Upton Grange",
  "Westfield",
  "Willowbank",
  "Yew Tree",
  "Castle View",
];

interface SchoolRec {
  readonly name: string;
  readonly urn: string;
  readonly laestab: string;
  readonly phase: "Primary" | "Secondary";
  readonly type: "Academy" | "Maintained";
  readonly pupils: number;
  readonly preMfg: number;
  readonly mfg: number;
  readonly allocation: number;
  readonly floor: number;
}

function schools(d: Draw): SchoolRec[] {
  const n = d.int(16, 26);
  const stems = d.shuffle(SCHOOL_STEMS).slice(0, n);
  const urns = new Set<number>();
  // Pupils first, so each phase's total can be made a whole number of hundreds: the Schools Block
  // (schoolsBlock below) is then units × these pupils in whole pounds.
  const pupilsOf = stems.map((_, i) => (i % 5 === 4 ? d.int(650, 1600) : d.int(90, 620)));
  for (const secondaryPhase of [false, true]) {
    const idx = pupilsOf.map((_, i) => i).filter((i) => (i % 5 === 4) === secondaryPhase);
    const total = idx.reduce((t, i) => t + pupilsOf[i], 0);
    if (idx.length > 0 && total % 100 !== 0) pupilsOf[idx[0]] += 100 - (total % 100);
  }
  return stems.map((stem, i) => {
    const secondary = i % 5 === 4;
    const phase = secondary ? "Secondary" : "Primary";
    const name = secondary
      ? `${stem} ${d.pick(["High School", "Academy", "School"])}`
      : `${stem} ${d.pick(["Primary School", "Primary Academy", "Infant School", "CE Primary School"])}`;
    let urn = d.int(100000, 149999);
    while (urns.has(urn)) urn++;
    urns.add(urn);
    const pupils = pupilsOf[i];
    const perPupil = secondary ? 6200 + d.rnd() * 900 : 4700 + d.rnd() * 800;
    const preMfg = Math.round((pupils * perPupil + 134400) * 100);
    const mfg = d.chance(0.25) ? Math.round(d.rnd() * 4e6) : 0;
    const allocation = preMfg + mfg;
    const floor = Math.round(allocation * (0.965 + d.rnd() * 0.03));
    return {
      name,
      urn: String(urn),
      laestab: `873${secondary ? 4 : 2}${String(100 + i).padStart(3, "0")}`,
      phase,
      type: secondary
        ? d.chance(0.85)
          ? "Academy"
          : "Maintained"
        : d.chance(0.45)
          ? "Academy"
          : "Maintained",
      pupils,
      preMfg,
      mfg,
      allocation,
      floor,
    };
  });
}

interface SbRec {
  readonly primaryUnit: number; // pennies
  readonly primaryPupils: number;
  readonly secondaryUnit: number;
  readonly secondaryPupils: number;
  readonly premises: number; // pennies, whole pounds
  readonly growth: number;
  /** Pennies, even whole pounds (so 0.5% is a whole number of pennies). */
  readonly total: number;
}

/** The DfE schools block for the listed schools (their pupils, the DfE's units, premises, growth). */
function schoolsBlock(d: Draw, sc: readonly SchoolRec[]): SbRec {
  const primaryUnit = d.int(547_900, 587_300);
  const secondaryUnit = d.int(708_500, 782_200);
  // Pupils in hundreds (schools() makes them so): unit × pupils is then whole pounds, so the
  // figure has no rounding question.
  const primaryPupils = sumOf(
    sc.filter((x) => x.phase === "Primary"),
    (x) => x.pupils,
  );
  const secondaryPupils = sumOf(
    sc.filter((x) => x.phase === "Secondary"),
    (x) => x.pupils,
  );
  const premises = d.int(200_000, 600_000) * 100;
  let growth = d.int(100_000, 400_000) * 100;
  const sum = () => primaryUnit * primaryPupils + secondaryUnit * secondaryPupils + premises + growth;
  if ((sum() / 100) % 2 !== 0) growth += 100;
  return { primaryUnit, primaryPupils, secondaryUnit, secondaryPupils, premises, growth, total: sum() };
}

interface PlacementRec {
  readonly ref: string;
  readonly provider: string;
  readonly setting: string;
  readonly band: string;
  readonly hours: number;
  readonly start: number;
  readonly end?: number;
  readonly topUp: number;
}

const SETTINGS = [
  ["Mainstream", "E_MMS"],
  ["Mainstream academy", "E_ACD"],
  ["Special school", "E_MSS"],
  ["Special academy", "E_SAC"],
  ["Independent special school", "E_INSS"],
  ["Resourced provision", "E_USMM"],
] as const;
const INDEPENDENT = ["Priory Lodge School", "Oak Tree Independent School", "Linden Hall School"];
const SPECIAL = ["Brook Special School", "Meadow View Academy", "Harbour Special School"];

interface Bands {
  readonly names: readonly string[];
  readonly hours: readonly number[];
  readonly tariffs: readonly number[]; // pennies
}

function bandSet(d: Draw): Bands {
  const style = d.v % 3;
  const names =
    style === 0
      ? ["A", "B", "C", "D", "E", "F"]
      : style === 1
        ? ["Band 1", "Band 2", "Band 3", "Band 4", "Band 5", "Band 6"]
        : ["1", "2", "3", "4", "5", "6"];
  const hours = [5, 10, 15, 20, 25, 32.5];
  const tariffs = [1600, 3100, 4500, 6800, 9400, 13200].map((t) => (t + d.int(0, 4) * 25) * 100);
  return { names, hours, tariffs };
}

function dateOutside(d: Draw, lo: number, hi: number): number {
  let s = d.int(lo, hi);
  if (s >= QUIET_FROM && s <= QUIET_TO)
    s = d.chance(0.5) ? QUIET_FROM - d.int(1, 60) : QUIET_TO + d.int(1, 60);
  return s;
}

function placements(d: Draw, schoolNames: readonly string[], bands: Bands): PlacementRec[] {
  const n = d.int(30, 70);
  const out: PlacementRec[] = [];
  for (let i = 0; i < n; i++) {
    const si = d.int(0, SETTINGS.length - 1);
    const setting = SETTINGS[si][0];
    const provider = setting.startsWith("Independent")
      ? d.pick(INDEPENDENT)
      : setting.startsWith("Special")
        ? d.pick(SPECIAL)
        : d.pick(schoolNames);
    const b = d.int(0, bands.names.length - 1);
    const start = dateOutside(d, serialOf(2019, 9, 1), serialOf(2026, 9, 30));
    const end = d.chance(0.35) ? dateOutside(d, start + 60, serialOf(2027, 7, 31)) : undefined;
    out.push({
      ref: `EHC${String(20000 + i * 7 + d.int(0, 6)).padStart(6, "0")}`,
      provider,
      setting,
      band: bands.names[b],
      hours: bands.hours[b],
      start,
      ...(end !== undefined && end > start ? { end } : {}),
      topUp: bands.tariffs[b],
    });
  }
  return out;
}

function isOpenAt(p: PlacementRec, at: number): boolean {
  return p.start <= at && (p.end === undefined || p.end >= at);
}

interface PlanYear {
  readonly year: string;
  readonly funding: number;
  readonly transfers: number;
  readonly otherIncome: number;
  readonly expenditure: number;
  readonly savings: number;
  readonly writeOffs: number;
}

function plan(d: Draw, u: Unit): { years: PlanYear[]; opening: number } {
  const n = d.pick([5, 6]);
  let funding = d.amount(5.6e7, 6.4e7, u);
  let expenditure = d.amount(6.6e7, 7.4e7, u);
  const years: PlanYear[] = [];
  for (let i = 0; i < n; i++) {
    const y = 2025 + i;
    years.push({
      year: `${y}-${String((y + 1) % 100).padStart(2, "0")}`,
      funding,
      transfers: i < 3 ? d.amount(1.1e6, 1.4e6, u) : 0,
      otherIncome: i === 1 ? d.amount(2e5, 6e5, u) : 0,
      expenditure,
      savings: i === 0 ? 0 : d.amount(1e6 * i, 1.6e6 * i, u),
      writeOffs: i === 2 && d.v % 2 === 1 ? d.amount(2e6, 4e6, u) : 0,
    });
    funding = d.onUnit(funding * (1.02 + d.rnd() * 0.03), u);
    expenditure = d.onUnit(expenditure * (1.05 + d.rnd() * 0.05), u);
  }
  return { years, opening: -d.amount(1.2e7, 3.5e7, u) };
}

// ---------------------------------------------------------------------------------------------
// Expected paper headlines (from the records, by the rules in domain.md and the papers' own notes)

function sumOf<T>(xs: readonly T[], f: (x: T) => number): number {
  return xs.reduce((s, x) => s + f(x), 0);
}

function expectMonitoring(d: Draw, lines: readonly LineRec[]): void {
  d.papers["hnb-monitoring"] = {
    budget: sumOf(lines, (l) => l.budget) / 100,
    forecast: sumOf(lines, (l) => l.forecast) / 100,
  };
}

function expectDsg(d: Draw, bs: readonly BlockRec[]): void {
  d.papers["dsg-summary"] = {
    allocation: sumOf(bs, (b) => b.allocation) / 100,
    forecast: sumOf(bs, (b) => b.forecast) / 100,
  };
}

function expectPlan(d: Draw, years: readonly PlanYear[], opening: number): void {
  // in-year = funding + transfers + other income − expenditure (+ savings when mitigated);
  // cumulative = previous + in-year + write-offs (the deficit plan paper's stated model).
  const base = sumOf(years, (y) => y.funding + y.transfers + y.otherIncome - y.expenditure + y.writeOffs);
  const savings = sumOf(years, (y) => y.savings);
  d.papers["deficit-plan"] = {
    unmitigatedEnd: (opening + base) / 100,
    mitigatedEnd: (opening + base + savings) / 100,
  };
}

function expectTransfer(d: Draw, sb: number): void {
  // sb is an even number of pounds in pennies, so 0.5% of it is a whole number of pennies.
  d.papers["transfer-impact"] = {
    base: sb / 100,
    transfer: Math.round(sb * PAPER_RULES.transferLimit) / 100,
  };
}

// ---------------------------------------------------------------------------------------------
// Writers shared by families

interface LineColumns {
  /** Header text per role; a role left out is not written. */
  readonly code?: string;
  readonly name: string;
  readonly budget: string;
  readonly forecast: string;
  readonly variance?: string;
  readonly last?: string;
  readonly lastVariance?: string;
  readonly movement?: string;
  readonly note?: string;
  /** Roles in column order. */
  readonly order: readonly string[];
}

/**
 * A budget-lines table from `top` (the header row), first column `left`. Returns the next free row.
 * Options: code inside the name cell, subtotal rows per group, a grand total, text numbers, a
 * blank row inside the table, section heading rows.
 */
function writeLines(
  d: Draw,
  s: Sheet,
  top: number,
  left: number,
  lines: readonly LineRec[],
  u: Unit,
  cols: LineColumns,
  opts: {
    codeInName?: boolean;
    subtotals?: boolean;
    sections?: boolean;
    text?: false | "plain" | "pound" | "brackets";
    blankAfter?: number;
  } = {},
): number {
  const col = (role: string) => left + cols.order.indexOf(role);
  for (const role of cols.order) {
    const h = (cols as unknown as Record<string, string | undefined>)[role];
    if (h !== undefined) s.set(top, col(role), h);
  }
  const terms = { budget: [] as CellRef[][], forecast: [] as CellRef[][], rows: [] as CellRef[] };
  let r = top + 1;
  const money = (row: number, role: string, pennies: number) => {
    if (!cols.order.includes(role)) return undefined;
    return scaled(s.set(row, col(role), moneyCell(pennies, u, opts.text ?? false)), u);
  };
  const groups: LineRec["group"][] = ["place", "topup", "services"];
  const groupTitle = {
    place: "Place funding",
    topup: "Top-up funding",
    services: "Central services and other",
  };
  for (const g of groups) {
    const inGroup = lines.filter((l) => l.group === g);
    if (opts.sections) s.set(r++, col("name"), groupTitle[g]);
    for (const l of inGroup) {
      const nameText = opts.codeInName ? `${l.code} ${l.name}` : l.name;
      const nameRef = s.set(r, col("name"), nameText);
      if (!opts.codeInName && cols.order.includes("code")) s.set(r, col("code"), l.code);
      terms.rows.push(nameRef);
      terms.budget.push([money(r, "budget", l.budget)!]);
      const forecastRef = money(r, "forecast", l.forecast);
      const varianceRef = money(r, "variance", l.forecast - l.budget);
      // With no forecast column the forecast is what the workbook states: budget + variance.
      if (forecastRef) terms.forecast.push([forecastRef]);
      else terms.forecast.push([terms.budget[terms.budget.length - 1][0]], [varianceRef!]);
      money(r, "last", l.last);
      money(r, "lastVariance", l.last - l.budget);
      money(r, "movement", l.forecast - l.last);
      if (cols.order.includes("note") && d.chance(0.4)) {
        s.set(
          r,
          col("note"),
          d.pick(["Demand above plan", "Price uplift 3%", "Fewer places filled", "On track"]),
        );
      }
      r++;
      if (opts.blankAfter !== undefined && terms.rows.length === opts.blankAfter) r++;
    }
    if (opts.subtotals) {
      s.set(r, col("name"), `Sub-total ${groupTitle[g].toLowerCase()}`);
      money(
        r,
        "budget",
        sumOf(inGroup, (l) => l.budget),
      );
      money(
        r,
        "forecast",
        sumOf(inGroup, (l) => l.forecast),
      );
      money(
        r,
        "variance",
        sumOf(inGroup, (l) => l.forecast - l.budget),
      );
      r++;
    }
  }
  s.set(r, col("name"), "Total High Needs Block");
  money(
    r,
    "budget",
    sumOf(lines, (l) => l.budget),
  );
  money(
    r,
    "forecast",
    sumOf(lines, (l) => l.forecast),
  );
  money(
    r,
    "variance",
    sumOf(lines, (l) => l.forecast - l.budget),
  );
  d.count("budgetLines", "rows", terms.rows);
  d.money(
    "budgetLines",
    "budget",
    terms.budget,
    sumOf(lines, (l) => l.budget),
  );
  d.money(
    "budgetLines",
    "forecast",
    terms.forecast,
    sumOf(lines, (l) => l.forecast),
  );
  expectMonitoring(d, lines);
  return r + 1;
}

/** DSG blocks as rows (header at `top`). Returns the next free row. */
function writeBlockRows(
  d: Draw,
  s: Sheet,
  top: number,
  left: number,
  bs: readonly BlockRec[],
  u: Unit,
  headers: Readonly<
    Record<"block" | "allocation" | "transfers" | "budget" | "forecast" | "variance" | "last", string>
  >,
  order: readonly (keyof typeof headers)[],
  text: false | "plain" | "pound" | "brackets" = false,
): number {
  const col = (k: keyof typeof headers) => left + order.indexOf(k);
  for (const k of order) s.set(top, col(k), headers[k]);
  const rows: CellRef[] = [];
  const t = { allocation: [] as CellRef[][], budget: [] as CellRef[][], forecast: [] as CellRef[][] };
  let r = top + 1;
  const put = (row: number, k: keyof typeof headers, p: number) =>
    order.includes(k) ? scaled(s.set(row, col(k), moneyCell(p, u, text)), u) : undefined;
  for (const b of bs) {
    rows.push(s.set(r, col("block"), b.name));
    t.allocation.push([put(r, "allocation", b.allocation)!]);
    put(r, "transfers", b.transfers);
    t.budget.push([put(r, "budget", b.budget)!]);
    t.forecast.push([put(r, "forecast", b.forecast)!]);
    put(r, "variance", b.forecast - b.budget);
    put(r, "last", b.last);
    r++;
  }
  s.set(r, col("block"), "Total DSG");
  put(
    r,
    "allocation",
    sumOf(bs, (b) => b.allocation),
  );
  put(r, "transfers", 0);
  put(
    r,
    "budget",
    sumOf(bs, (b) => b.budget),
  );
  put(
    r,
    "forecast",
    sumOf(bs, (b) => b.forecast),
  );
  put(
    r,
    "variance",
    sumOf(bs, (b) => b.forecast - b.budget),
  );
  d.count("dsgBlocks", "rows", rows);
  d.money(
    "dsgBlocks",
    "allocation",
    t.allocation,
    sumOf(bs, (b) => b.allocation),
  );
  d.money(
    "dsgBlocks",
    "budget",
    t.budget,
    sumOf(bs, (b) => b.budget),
  );
  d.money(
    "dsgBlocks",
    "forecast",
    t.forecast,
    sumOf(bs, (b) => b.forecast),
  );
  expectDsg(d, bs);
  return r + 2;
}

/** A key figure stated as a label cell with its value `gap` columns to the right. */
function labelValue(
  d: Draw,
  s: Sheet,
  row: number,
  col: number,
  label: string,
  pennies: number,
  u: Unit,
  key: "openingBalance" | "schoolsBlock",
  gap = 1,
  text: false | "plain" | "pound" | "brackets" = false,
): void {
  s.set(row, col, label);
  const ref = scaled(s.set(row, col + gap, moneyCell(pennies, u, text)), u);
  d.money("assumptions", key, [[ref]], pennies);
}

function dateValue(serial: number, style: "cell" | "uk" | "iso" | "long"): { v: Value; fmt?: string } {
  const ms = Date.UTC(1899, 11, 30) + serial * 86_400_000;
  const dt = new Date(ms);
  const dd = String(dt.getUTCDate()).padStart(2, "0");
  const mm = String(dt.getUTCMonth() + 1).padStart(2, "0");
  const yyyy = dt.getUTCFullYear();
  if (style === "cell") return { v: dt, fmt: "dd/mm/yyyy" };
  if (style === "uk") return { v: `${dd}/${mm}/${yyyy}` };
  if (style === "iso") return { v: `${yyyy}-${mm}-${dd}` };
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"];
  return { v: `${dt.getUTCDate()} ${months[dt.getUTCMonth()]} ${yyyy}` };
}

// ---------------------------------------------------------------------------------------------
// Families (docs/real-layouts.md sections in brackets)

/** F0: the tidy layout the product documents (control: one table a sheet, plain headers). */
function plainWorkbook(d: Draw): void {
  d.layout = "Tidy baseline: one table a sheet, the product's own header words (control)";
  const u = d.v % 2 === 0 ? POUNDS : WHOLE_POUNDS;
  const lines = budgetLines(d, u);
  const s = d.book.add("HNB budget");
  writeLines(d, s, 1, 1, lines, u, {
    code: "s251 line",
    name: "Budget line",
    budget: "Annual budget",
    forecast: "Forecast outturn",
    last: "Forecast at last report",
    note: "Note",
    order: ["code", "name", "budget", "forecast", "last", "note"],
  });
  const bs = blocks(d, u);
  const b = d.book.add("DSG blocks");
  writeBlockRows(
    d,
    b,
    1,
    1,
    bs,
    u,
    {
      block: "Block",
      allocation: "DfE allocation",
      transfers: "Transfers between blocks",
      budget: "Current budget",
      forecast: "Forecast outturn",
      variance: "Variance",
      last: "Previous forecast",
    },
    ["block", "allocation", "transfers", "budget", "forecast", "last"],
  );
  const k = d.book.add("Key figures");
  k.set(1, 1, "Item");
  k.set(1, 2, "Value");
  k.set(2, 1, "Council");
  k.set(2, 2, "Northbrook Council");
  k.set(3, 1, "Data as at");
  const asAt = dateValue(AS_AT, "cell");
  k.set(3, 2, asAt.v, asAt.fmt);
  d.statedAsAt = AS_AT;
  labelValue(
    d,
    k,
    4,
    1,
    "Opening DSG balance",
    -d.amount(1.2e7, 3e7, WHOLE_POUNDS),
    WHOLE_POUNDS,
    "openingBalance",
  );
}

/** F1: HNB monitoring in £000 at month 7, variance and movement columns beside the forecast [§4]. */
function monitoringThousands(d: Draw): void {
  d.layout = "Council HNB monitoring appendix, £000, Month 7, variance/movement columns (§3, §4)";
  const u = d.v === 3 ? THOUSANDS_1DP : THOUSANDS;
  const lines = budgetLines(d, u);
  const s = d.book.add(d.pick(["HNB Month 7", "Appendix A", "High Needs M7"]));
  title(s, 1, "Northbrook Council – High Needs Block budget monitoring 2026-27", 8);
  s.set(2, 1, "Position at Month 7 (31 October 2026). All figures £000.");
  d.mess.push("merged title row", "units stated in a sub-title", "£000 columns");
  // v3 heads the forecast "Outturn M7 £000", beside "Outturn Variance Month 7 £000": only the role
  // word "variance" tells them apart (the trap of issue 8).
  const forecastHeader = [
    "Forecast Outturn Month 7 £000",
    "Forecast Outturn Month 7 £000",
    "Projected outturn M7 £000",
    "Outturn M7 £000",
  ][d.v];
  const varianceFirst = d.v % 2 === 1;
  // v0 has no forecast column at all, only the variance (as the slideplayer DSG overview, §4): a
  // reader that takes the variance for the forecast builds a paper wrong by the whole budget.
  const order =
    d.v === 0
      ? ["code", "name", "budget", "variance", "lastVariance", "movement", "note"]
      : varianceFirst
        ? ["code", "name", "budget", "variance", "forecast", "lastVariance", "movement", "note"]
        : ["code", "name", "budget", "forecast", "variance", "lastVariance", "movement", "note"];
  if (varianceFirst) d.mess.push("variance column before the forecast column");
  if (d.v === 0) d.mess.push("no forecast column: the forecast is the budget plus the stated variance");
  d.mess.push(
    '"Outturn Variance Month 7 £000" beside the forecast',
    "previous-variance and movement columns",
  );
  const next = writeLines(
    d,
    s,
    4,
    1,
    lines,
    u,
    {
      code: "s251",
      name: "Budget line",
      budget: "Budget 2026-27 £000",
      forecast: forecastHeader,
      variance: "Outturn Variance Month 7 £000",
      lastVariance: "Variance Month 6 £000",
      movement: "Movement £000",
      note: "Commentary",
      order,
    },
    { subtotals: true, sections: d.v !== 1 },
  );
  d.mess.push("section heading rows", "sub-total rows per group and a grand total");
  s.set(next + 1, 1, "Note 1: top-up forecasts include September starters known at 31 October.");
  s.set(next + 2, 1, "Note 2: a positive variance is an overspend.");
  d.mess.push("notes rows under the table");
}

/** F2: s251 code inside the line name, two header rows, text numbers, a hidden column [§3]. */
function monitoringTwoHeaders(d: Draw): void {
  d.layout = "s251-coded monitoring, code and name in one cell, two header rows, £ as text (§3, §4)";
  const u = WHOLE_POUNDS;
  const lines = budgetLines(d, u);
  const s = d.book.add("Appendix B");
  title(s, 1, "High Needs Block 2026-27: budget and forecast by s251 line", 7);
  s.set(2, 1, "Source: ledger at period 7; s251 line names as in the DfE return");
  // Two header rows: a group row over the item row.
  s.set(4, 3, "2026-27 Budget");
  s.merge(4, 3, 4, 4);
  s.set(4, 5, "Month 7");
  s.merge(4, 5, 4, 6);
  d.mess.push("two header rows (group row merged over the item row)", "s251 code inside the line name");
  const text = d.pick(["pound", "brackets", "plain"] as const);
  d.mess.push(`numbers stored as text (${text})`);
  const next = writeLines(
    d,
    s,
    5,
    1,
    lines,
    u,
    {
      name: "Line",
      code: "Cost centre",
      budget: d.v % 2 === 0 ? "Revised £" : "Current £",
      last: "Original £",
      forecast: "Forecast £",
      variance: "Variance £",
      lastVariance: "Last reported variance £",
      order: ["name", "code", "last", "budget", "forecast", "variance", "lastVariance"],
    },
    { codeInName: true, text, blankAfter: 4 },
  );
  // The "code" column holds a cost-centre code here and is hidden, as councils hide working columns.
  let r = 6;
  for (; r < next; r++) {
    const name = s.cells.get(`${r},1`)?.v;
    if (typeof name === "string" && /^1\.\d/.test(name)) s.set(r, 2, `CC${d.int(4100, 4999)}`);
  }
  s.hiddenCols.add(2);
  d.mess.push(
    "hidden column",
    "blank row inside the table",
    '"Original £" (the budget before revision) beside the current budget',
  );
}

/** F3: DSG summary by block in £m with brackets, reserve table below [§4]. */
function dsgMillions(d: Draw): void {
  d.layout = "DSG monitoring by block in £m, brackets for negatives, reserve table below (§4)";
  const u = d.v % 2 === 0 ? MILLIONS : MILLIONS_3DP;
  const bs = blocks(d, u);
  const s = d.book.add("DSG Summary");
  title(s, 1, "Dedicated Schools Grant 2026-27 – forecast position by block (£m)", 8);
  d.mess.push("merged title row", "£m columns", "negatives in brackets as text");
  const next = writeBlockRows(
    d,
    s,
    3,
    1,
    bs,
    u,
    {
      block: "DSG Block",
      allocation: "DfE Allocation £m",
      transfers: "Transfers £m",
      budget: "Budget £m",
      forecast: "Forecast £m",
      variance: "Variance £m",
      last: "Previous forecast £m",
    },
    d.v >= 2
      ? ["block", "allocation", "transfers", "budget", "variance", "forecast", "last"]
      : ["block", "allocation", "transfers", "budget", "forecast", "variance", "last"],
    "brackets",
  );
  s.set(next, 1, "DSG reserve");
  d.mess.push("a second table (the reserve) under the first");
  labelValue(
    d,
    s,
    next + 1,
    1,
    "Balance brought forward 1 April 2026",
    -d.amount(1.2e7, 3e7, u),
    u,
    "openingBalance",
    1,
    "brackets",
  );
  s.set(next + 2, 1, "In-year forecast movement");
  s.set(next + 3, 1, "Balance carried forward 31 March 2027");
}

/** F4: DSG blocks across the columns, items down the rows [§4, §5]. */
function dsgAcross(d: Draw): void {
  d.layout = "DSG blocks across the columns, items down the rows (§4)";
  const u = d.v % 2 === 0 ? WHOLE_POUNDS : THOUSANDS;
  const bs = blocks(d, u);
  const s = d.book.add("DSG 2026-27");
  title(s, 1, `DSG budget monitoring 2026-27${u === THOUSANDS ? " (£000)" : ""}`, 6);
  d.mess.push("blocks as columns (a transposed table)", "merged title row");
  if (u === THOUSANDS) d.mess.push("£000 stated only in the title");
  s.set(3, 1, u === THOUSANDS ? "£000" : "£");
  bs.forEach((b, i) => s.set(3, 2 + i, b.name));
  s.set(3, 6, "Total");
  const items: [string, (b: BlockRec) => number, "allocation" | "budget" | "forecast" | undefined][] = [
    ["DSG allocation", (b) => b.allocation, "allocation"],
    ["Transfers between blocks", (b) => b.transfers, undefined],
    ["Revised budget", (b) => b.budget, "budget"],
    ["Forecast outturn", (b) => b.forecast, "forecast"],
    ["Forecast variance", (b) => b.forecast - b.budget, undefined],
    ["Previous forecast", (b) => b.last, undefined],
  ];
  if (d.v >= 2) [items[3], items[4]] = [items[4], items[3]];
  const t: Record<string, CellRef[][]> = { allocation: [], budget: [], forecast: [] };
  const rows: CellRef[] = [];
  items.forEach(([label, f, key], i) => {
    const r = 4 + i;
    s.set(r, 1, label);
    bs.forEach((b, j) => {
      const ref = scaled(s.set(r, 2 + j, moneyCell(f(b), u, false)), u);
      if (key) t[key].push([ref]);
      if (i === 0) rows.push(s.set(3, 2 + j, b.name));
    });
    s.set(r, 6, moneyCell(sumOf(bs, f), u, false));
  });
  d.count("dsgBlocks", "rows", rows);
  d.money(
    "dsgBlocks",
    "allocation",
    t.allocation,
    sumOf(bs, (b) => b.allocation),
  );
  d.money(
    "dsgBlocks",
    "budget",
    t.budget,
    sumOf(bs, (b) => b.budget),
  );
  d.money(
    "dsgBlocks",
    "forecast",
    t.forecast,
    sumOf(bs, (b) => b.forecast),
  );
  expectDsg(d, bs);
  labelValue(d, s, 12, 1, "DSG reserve brought forward", -d.amount(1.2e7, 3e7, u), u, "openingBalance", 2);
  d.mess.push("a key figure in a label cell with its value two columns to the right");
}

/** The schools sheet in the APT New ISB style; returns the allocation total. */
function writeAptSchools(
  d: Draw,
  s: Sheet,
  top: number,
  sc: readonly SchoolRec[],
  twoHeaders: boolean,
): void {
  const heads = [
    "URN",
    "LAESTAB",
    "Provider Name",
    "Phase",
    "Academy / Maintained",
    "NOR",
    "AWPU £",
    "Lump sum £",
    "Pre MFG budget £",
    "MFG adjustment £",
    "Total allocation £",
    "MFG protected level £",
  ];
  if (twoHeaders) {
    s.set(top - 1, 1, "School details");
    s.merge(top - 1, 1, top - 1, 6);
    s.set(top - 1, 7, "Formula factors");
    s.merge(top - 1, 7, top - 1, 8);
    s.set(top - 1, 9, "Minimum funding guarantee");
    s.merge(top - 1, 9, top - 1, 12);
    d.mess.push("two header rows (factor groups over items)");
  }
  heads.forEach((h, i) => s.set(top, i + 1, h));
  const rows: CellRef[] = [];
  const pupils: CellRef[][] = [];
  const alloc: CellRef[][] = [];
  let r = top + 1;
  for (const phase of ["Primary", "Secondary"] as const) {
    const these = sc.filter((x) => x.phase === phase);
    for (const x of these) {
      s.set(r, 1, Number(x.urn));
      s.set(r, 2, Number(x.laestab));
      rows.push(s.set(r, 3, x.name));
      s.set(r, 4, x.phase);
      s.set(r, 5, x.type);
      pupils.push([s.set(r, 6, x.pupils)]);
      s.set(r, 7, Math.round(x.pupils * (x.phase === "Primary" ? 3562.21 : 5022.19) * 100) / 100);
      s.set(r, 8, 134400);
      s.set(r, 9, x.preMfg / 100);
      s.set(r, 10, x.mfg / 100);
      alloc.push([s.set(r, 11, x.allocation / 100)]);
      s.set(r, 12, x.floor / 100);
      r++;
    }
    s.set(r, 3, `${phase} total`);
    s.set(
      r,
      6,
      sumOf(these, (x) => x.pupils),
    );
    s.set(r, 11, sumOf(these, (x) => x.allocation) / 100);
    r++;
  }
  s.set(r, 3, "Grand total");
  s.set(r, 11, sumOf(sc, (x) => x.allocation) / 100);
  d.mess.push(
    "phase sub-total rows and a grand total",
    "URN and LAESTAB as numbers",
    "factor columns nobody asked for",
  );
  d.count("schools", "rows", rows);
  d.number(
    "schools",
    "pupils",
    pupils,
    sumOf(sc, (x) => x.pupils),
  );
  d.money(
    "schools",
    "allocation",
    alloc,
    sumOf(sc, (x) => x.allocation),
  );
}

/** F5: APT New ISB export plus the DfE allocation table with a stated total [§1, §2]. */
function aptNewIsb(d: Draw): void {
  d.layout = "APT New ISB school-level export + DfE DSG allocation table (label/value pairs) (§1, §2)";
  const sc = schools(d);
  const s = d.book.add("New ISB");
  title(s, 1, "Authority Proforma Tool 2027-28 – New ISB (LA 873 Northbrook)", 12);
  s.set(2, 1, "Values from the APT submitted January 2027");
  writeAptSchools(d, s, d.v % 2 === 0 ? 5 : 4, sc, d.v % 2 === 0);
  const sb = schoolsBlock(d, sc);
  const a = d.book.add("DSG allocation");
  a.set(1, 1, "Dedicated schools grant (DSG) 2027 to 2028");
  const rows: [string, number][] = [
    ["Unit of funding", sb.primaryUnit],
    ["Number of pupils", sb.primaryPupils * 100],
    ["Total primary schools", sb.primaryUnit * sb.primaryPupils],
    ["Unit of funding", sb.secondaryUnit],
    ["Number of pupils", sb.secondaryPupils * 100],
    ["Total secondary schools", sb.secondaryUnit * sb.secondaryPupils],
    ["Premises factor including national non-domestic rates (NNDR)", sb.premises],
    ["Total growth funding", sb.growth],
  ];
  let r = 3;
  a.set(r, 1, "Primary schools");
  a.set(r++, 2, "Current total");
  rows.forEach(([label, p], i) => {
    if (i === 3) {
      a.set(r, 1, "Secondary schools");
      a.set(r++, 2, "Current total");
    }
    a.set(r, 1, label);
    const isCount = label === "Number of pupils";
    a.set(
      r++,
      2,
      isCount
        ? withCommas(String(p / 100))
        : `£${withCommas((p / 100).toFixed(label.startsWith("Unit") ? 2 : 0))}`,
    );
  });
  r++;
  a.set(r, 1, "Total schools block before recoupment");
  const ref = a.set(r, 2, `£${withCommas(String(sb.total / 100))}`);
  d.money("assumptions", "schoolsBlock", [[ref]], sb.total);
  a.set(r + 1, 1, "Deductions to schools block for recoupment");
  a.set(r + 1, 2, `£${withCommas((Math.round(sb.total * 0.55) / 100).toFixed(0))}`);
  d.mess.push(
    "DfE label/value pairs, every value as '£' text",
    "the transfer base beside its label, not under a header",
  );
  expectTransfer(d, sb.total);
}

/** F6: a schools list and the Schools Block stated in a title row, a label cell, or as units × pupils [§1]. */
function schoolsBlockVariants(d: Draw): void {
  d.layout =
    "Schools list + Schools Block before recoupment as title text / label cell / units × pupils (§1)";
  const sc = schools(d);
  const sb = schoolsBlock(d, sc);
  const s = d.book.add("Schools 2027-28");
  const top = 3;
  if (d.v === 0) {
    const ref = s.set(
      1,
      1,
      `Schools Block (before recoupment) 2027-28 … £${withCommas(String(sb.total / 100))}`,
    );
    s.merge(1, 1, 1, 8);
    d.money("assumptions", "schoolsBlock", [[{ ...ref, within: "text" }]], sb.total);
    d.mess.push("the Schools Block stated inside the title row");
  } else {
    s.set(1, 1, "School budget shares 2027-28 before any block transfer");
    s.merge(1, 1, 1, 8);
  }
  const heads = [
    "School Name",
    "DfE number",
    "Phase",
    "Status",
    "Number on roll",
    "Budget share £",
    "Protected floor £",
  ];
  heads.forEach((h, i) => s.set(top, i + 1, h));
  const rows: CellRef[] = [];
  const pupils: CellRef[][] = [];
  const alloc: CellRef[][] = [];
  let r = top + 1;
  for (const x of sc) {
    rows.push(s.set(r, 1, x.name));
    s.set(r, 2, x.laestab);
    s.set(r, 3, x.phase);
    s.set(
      r,
      4,
      x.type === "Academy"
        ? d.pick(["Academy", "Converter academy", "Sponsored academy"])
        : d.pick(["Maintained", "Community", "Voluntary aided"]),
    );
    pupils.push([s.set(r, 5, x.pupils)]);
    alloc.push([s.set(r, 6, x.allocation / 100, "#,##0.00")]);
    s.set(r, 7, x.floor / 100, "#,##0.00");
    r++;
    if (d.v === 2 && rows.length === 6) r++;
  }
  if (d.v === 2) d.mess.push("blank row inside the table");
  d.count("schools", "rows", rows);
  d.number(
    "schools",
    "pupils",
    pupils,
    sumOf(sc, (x) => x.pupils),
  );
  d.money(
    "schools",
    "allocation",
    alloc,
    sumOf(sc, (x) => x.allocation),
  );
  if (d.v === 1) {
    // Units × pupils only: the figure is a formula of the cells, no stated total.
    const a = d.book.add("Allocation");
    a.set(1, 1, "Schools block 2027-28 (DfE December allocation)");
    a.set(3, 1, "Primary unit of funding");
    const pu = a.set(3, 2, sb.primaryUnit / 100);
    a.set(4, 1, "Primary pupils");
    const pp = a.set(4, 2, sb.primaryPupils);
    a.set(5, 1, "Secondary unit of funding");
    const su = a.set(5, 2, sb.secondaryUnit / 100);
    a.set(6, 1, "Secondary pupils");
    const sp = a.set(6, 2, sb.secondaryPupils);
    a.set(7, 1, "Premises");
    const pr = a.set(7, 2, sb.premises / 100);
    a.set(8, 1, "Growth");
    const gr = a.set(8, 2, sb.growth / 100);
    d.money("assumptions", "schoolsBlock", [[pu, pp], [su, sp], [pr], [gr]], sb.total);
    d.mess.push("the Schools Block only as units × pupils + premises + growth (no stated total)");
  } else if (d.v >= 2) {
    labelValue(
      d,
      s,
      r + 2,
      2,
      "Schools Block before recoupment",
      sb.total,
      WHOLE_POUNDS,
      "schoolsBlock",
      4,
      d.v === 3 ? "pound" : false,
    );
    d.mess.push(
      "the Schools Block in a label cell with its value four columns to the right, under the table",
    );
  }
  expectTransfer(d, sb.total);
}

/** F7: SEN2-style placement extract with tag-name headers and setting codes, hours-based bands [§6]. */
function sen2Extract(d: Draw): void {
  d.layout = "SEN2 / case-management placement extract (tag-name headers, setting codes) + hours bands (§6)";
  const bands = bandSet(d);
  const ps = placements(
    d,
    SCHOOL_STEMS.slice(0, 12).map((x) => `${x} Primary School`),
    bands,
  );
  const s = d.book.add("SEN2 extract");
  s.set(1, 1, "SEN2 person level extract – placements with an active EHC plan");
  s.merge(1, 1, 1, 8);
  const extract = serialOf(2026, 11, 1);
  s.set(2, 1, `Extract date: ${dateValue(extract, "uk").v}`);
  d.statedAsAt = extract;
  d.mess.push("merged title row", "the extract date stated in a title row");
  const heads =
    d.v % 2 === 0
      ? ["UPN", "URN", "SENsetting", "EntryDate", "LeavingDate", "Band (current)", "Hrs/wk", "PlacementRank"]
      : [
          "EHCP ref",
          "Provider Name",
          "SEN setting - establishment type",
          "Placement start date",
          "Placement leaving date",
          "Current banding",
          "Hours per wk",
          "Placement rank",
        ];
  heads.forEach((h, i) => s.set(4, i + 1, h));
  d.mess.push(
    d.v % 2 === 0
      ? "SEN2 XML tag names as headers, provider as URN, setting as code"
      : "SEN2 specification wording as headers",
  );
  const style = d.pick(["cell", "iso", "uk"] as const);
  d.mess.push(`dates as ${style === "cell" ? "date cells" : style === "iso" ? "ISO text" : "UK text"}`);
  const rows: CellRef[] = [];
  const open: CellRef[] = [];
  const hours: CellRef[][] = [];
  let r = 5;
  for (const p of ps) {
    const ref = s.set(r, 1, p.ref);
    rows.push(ref);
    if (isOpenAt(p, extract)) open.push(ref);
    s.set(r, 2, d.v % 2 === 0 ? String(d.int(100000, 149999)) : p.provider);
    const code = SETTINGS.find((x) => x[0] === p.setting)![1];
    s.set(r, 3, d.v % 2 === 0 ? code : p.setting);
    const st = dateValue(p.start, style);
    s.set(r, 4, st.v, st.fmt);
    if (p.end !== undefined) {
      const en = dateValue(p.end, style);
      s.set(r, 5, en.v, en.fmt);
    }
    s.set(r, 6, p.band);
    hours.push([s.set(r, 7, p.hours)]);
    s.set(r, 8, 1);
    r++;
  }
  d.count("placements", "rows", rows);
  d.count("placements", "open", open);
  d.number(
    "placements",
    "hours",
    hours,
    sumOf(ps, (p) => p.hours),
  );
  const b = d.book.add(d.pick(["Bands", "Banding rates", "Lookups"]));
  if (d.v === 3) {
    b.hidden = true;
    d.mess.push("band table on a hidden sheet");
  }
  b.set(1, 1, "Banding framework (hours of support a week)");
  b.set(3, 1, "Band");
  b.set(3, 2, "Hours per week");
  const bandRows: CellRef[] = [];
  const bandHours: CellRef[][] = [];
  bands.names.forEach((n, i) => {
    bandRows.push(b.set(4 + i, 1, n));
    bandHours.push([b.set(4 + i, 2, bands.hours[i])]);
  });
  d.count("currentBands", "rows", bandRows);
  d.number(
    "currentBands",
    "hours",
    bandHours,
    sumOf(bands.hours, (h) => h),
  );
}

/** F8: case-management register with fixed £ tariff bands and a stated annual top-up [§6; domain §3.3]. */
function tariffRegister(d: Draw): void {
  d.layout = "Case-management EHCP register with fixed £ tariff bands and stated annual top-up (§6)";
  const bands = bandSet(d);
  const ps = placements(
    d,
    SCHOOL_STEMS.slice(4, 16).map((x) => `${x} Primary School`),
    bands,
  );
  const s = d.book.add("EHCP register");
  title(s, 1, "Top-up placements register – funded EHC plans", 7);
  title(s, 2, "Data as at 31/10/2026", 7);
  d.statedAsAt = AS_AT;
  d.mess.push("two merged title rows", "the as-at date in a title row");
  const heads = [
    "Child ref",
    "Provider Name",
    "Placement type",
    d.v % 2 ? "Band (current)" : "Banding",
    "Start",
    "End",
    "Annual top-up £",
  ];
  heads.forEach((h, i) => s.set(4, i + 1, h));
  const style = d.pick(["uk", "long", "cell"] as const);
  d.mess.push(
    `dates as ${style === "cell" ? "date cells" : style === "long" ? '"1 Sept 2025" text' : "UK text"}`,
  );
  const rows: CellRef[] = [];
  const open: CellRef[] = [];
  const topUps: CellRef[][] = [];
  let r = 5;
  ps.forEach((p, i) => {
    const ref = s.set(r, 1, p.ref);
    rows.push(ref);
    if (isOpenAt(p, AS_AT)) open.push(ref);
    s.set(r, 2, p.provider);
    s.set(r, 3, p.setting);
    s.set(r, 4, p.band);
    const st = dateValue(p.start, style);
    s.set(r, 5, st.v, st.fmt);
    if (p.end !== undefined) {
      const en = dateValue(p.end, style);
      s.set(r, 6, en.v, en.fmt);
    }
    topUps.push([s.set(r, 7, d.v >= 2 ? `£${withCommas((p.topUp / 100).toFixed(0))}` : p.topUp / 100)]);
    r++;
    if (i === 9) {
      r++;
      d.mess.push("blank row inside the register");
    }
  });
  if (d.v >= 2) d.mess.push("top-ups as '£' text");
  d.count("placements", "rows", rows);
  d.count("placements", "open", open);
  d.money(
    "placements",
    "topUp",
    topUps,
    sumOf(ps, (p) => p.topUp),
  );
  const b = d.book.add("Top-up bands 2026-27");
  b.set(1, 1, "Fixed annual top-up by band (all settings)");
  b.set(3, 1, d.pick(["Band", "Banding", "Tariff"]));
  b.set(3, 2, d.pick(["Annual top-up (£)", "Top-up £ per annum", "Value £"]));
  const bandRows: CellRef[] = [];
  const tariffs: CellRef[][] = [];
  bands.names.forEach((n, i) => {
    bandRows.push(b.set(4 + i, 1, n));
    tariffs.push([b.set(4 + i, 2, bands.tariffs[i] / 100)]);
  });
  d.count("currentBands", "rows", bandRows);
  d.money(
    "currentBands",
    "tariff",
    tariffs,
    sumOf(bands.tariffs, (t) => t),
  );
  d.mess.push("fixed £ tariff bands (no hours)");
}

/** F9: DSG management plan financial summary, years across the columns [§5]. */
function planAcross(d: Draw): void {
  d.layout = "DfE DSG management plan financial summary, years across the columns (§5)";
  const u = d.v % 2 === 0 ? WHOLE_POUNDS : THOUSANDS;
  const { years, opening } = plan(d, u);
  const s = d.book.add("Financial summary");
  title(s, 1, "DSG management plan – financial summary (High Needs Block)", years.length + 1);
  s.set(2, 1, u === THOUSANDS ? "£000" : "£");
  d.mess.push(
    "years across the columns",
    "merged title row",
    u === THOUSANDS ? "£000 stated in a cell above the table" : "£",
  );
  s.set(4, 1, d.pick(["Financial year", "", "Line"]));
  years.forEach((y, i) => s.set(4, 2 + i, d.v >= 2 ? `FY ${y.year}` : y.year));
  type Item = [string, (y: PlanYear) => number, string | undefined];
  const items: Item[] = [
    ["High Needs Block DSG income", (y) => y.funding, "funding"],
    ["Transfer from Schools Block", (y) => y.transfers, "transfers"],
    ["Other income", (y) => y.otherIncome, "otherIncome"],
    ["Total high needs expenditure", (y) => y.expenditure, "expenditure"],
    ["Management plan savings", (y) => y.savings, "savings"],
    ["HNSG / deficit write-off", (y) => y.writeOffs, "writeOffs"],
    [
      "In year surplus / (deficit)",
      (y) => y.funding + y.transfers + y.otherIncome - y.expenditure + y.savings,
      undefined,
    ],
  ];
  const terms: Record<string, CellRef[][]> = {};
  let r = 5;
  for (const [label, f, key] of items) {
    s.set(r, 1, label);
    years.forEach((y, i) => {
      const ref = scaled(s.set(r, 2 + i, moneyCell(f(y), u, d.v === 3 ? "brackets" : false)), u);
      if (key) (terms[key] ??= []).push([ref]);
    });
    r++;
  }
  // Cumulative balance rows: b/f of the first year is the opening balance.
  let cum = opening;
  s.set(r, 1, "Cumulative balance b/f");
  s.set(r + 1, 1, "Cumulative balance c/f");
  years.forEach((y, i) => {
    const bf = scaled(s.set(r, 2 + i, moneyCell(cum, u, d.v === 3 ? "brackets" : false)), u);
    if (i === 0 && d.v !== 2) d.money("assumptions", "openingBalance", [[bf]], opening);
    cum += y.funding + y.transfers + y.otherIncome - y.expenditure + y.savings + y.writeOffs;
    s.set(r + 1, 2 + i, moneyCell(cum, u, d.v === 3 ? "brackets" : false));
  });
  if (d.v === 2) {
    labelValue(d, s, r + 4, 1, "DSG cumulative deficit at 31 March 2025", opening, u, "openingBalance", 2);
    d.mess.push("the opening balance in a label cell below the table");
  } else d.mess.push("the opening balance only as the first year's b/f");
  const rows = years.map((_, i) => ({ sheet: s.name, cell: a1(4, 2 + i), scale: 1 }));
  d.count("deficitPlan", "rows", rows);
  for (const key of ["funding", "expenditure", "savings", "transfers", "otherIncome", "writeOffs"] as const) {
    d.money(
      "deficitPlan",
      key,
      terms[key],
      sumOf(years, (y) => y[key]),
    );
  }
  expectPlan(d, years, opening);
}

/** F10: a Forum pack sheet: key figures, the monitoring and the DSG blocks on one sheet [§4]. */
function forumPack(d: Draw): void {
  d.layout = "Forum pack sheet: key figures, HNB monitoring and DSG blocks stacked on one sheet (§4)";
  const u = d.v % 2 === 0 ? WHOLE_POUNDS : POUNDS;
  const s = d.book.add("Forum pack");
  title(s, 1, "Schools Forum 3 December 2026 – Item 6: DSG and High Needs monitoring", 8);
  s.set(3, 1, "Council:");
  s.set(3, 2, "Northbrook Council");
  s.set(4, 1, "Position as at:");
  const asAt = dateValue(AS_AT, d.v >= 2 ? "uk" : "cell");
  s.set(4, 2, asAt.v, asAt.fmt);
  d.statedAsAt = AS_AT;
  labelValue(
    d,
    s,
    5,
    1,
    "DSG reserve b/f:",
    -d.amount(1.2e7, 3e7, WHOLE_POUNDS),
    WHOLE_POUNDS,
    "openingBalance",
    1,
    d.v === 3 ? "pound" : false,
  );
  d.mess.push("key figures as label: value pairs at the top", "several tables on one sheet");
  s.set(7, 1, "Table 1: High Needs Block");
  const lines = budgetLines(d, u);
  const next = writeLines(
    d,
    s,
    8,
    1,
    lines,
    u,
    {
      code: "Ref",
      name: "Service",
      budget: "Budget",
      forecast: "Forecast",
      variance: "Over / (under) spend",
      last: "Last month forecast",
      note: "Reason",
      order:
        d.v % 2 === 0
          ? ["code", "name", "budget", "forecast", "variance", "last", "note"]
          : ["name", "code", "budget", "last", "forecast", "variance", "note"],
    },
    { blankAfter: 5, subtotals: d.v >= 2 },
  );
  s.hiddenCols.add(d.v % 2 === 0 ? 6 : 4);
  d.mess.push("a hidden money column (the previous forecast)", "blank row inside the table");
  s.set(next, 1, "Table 2: DSG by block");
  writeBlockRows(
    d,
    s,
    next + 1,
    1,
    blocks(d, u),
    u,
    {
      block: "Block",
      allocation: "Allocation",
      transfers: "Transfers",
      budget: "Annual budget",
      forecast: "Forecast",
      variance: "Variance",
      last: "Previous forecast",
    },
    ["block", "allocation", "transfers", "budget", "forecast", "variance"],
  );
}

const FAMILY_BUILDERS: readonly ((d: Draw) => void)[] = [
  plainWorkbook,
  monitoringThousands,
  monitoringTwoHeaders,
  dsgMillions,
  dsgAcross,
  aptNewIsb,
  schoolsBlockVariants,
  sen2Extract,
  tariffRegister,
  planAcross,
  forumPack,
];

// ---------------------------------------------------------------------------------------------
// The corpus

/** Draw workbook `index` (0-based): its sheets in memory and its expected figures. */
export function drawWorkbook(index: number): { book: Book; expected: Expected } {
  const family = index % FAMILIES;
  const variant = Math.floor(index / FAMILIES) % 4;
  const d = new Draw(mulberry32(1000 + index), variant);
  FAMILY_BUILDERS[family](d);
  const id = `wb-${String(index).padStart(2, "0")}`;
  const expected: Expected = {
    id,
    file: `${id}.xlsx`,
    heldOut: isHeldOut(index),
    layout: `F${family} v${variant}: ${d.layout}`,
    mess: [...new Set(d.mess)],
    meetingDate: MEETING,
    ...(d.statedAsAt !== undefined ? { statedAsAt: d.statedAsAt } : {}),
    datasets: d.datasets,
    papers: d.papers,
  };
  return { book: d.book, expected };
}

/**
 * Write the whole corpus into `outDir`: wb-NN.xlsx and wb-NN.expected.json for each workbook, and
 * index.json listing the expected files. Returns the expected figures in index order.
 */
export async function generateCorpus(outDir: string, size = CORPUS_SIZE): Promise<Expected[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const all: Expected[] = [];
  for (let i = 0; i < size; i++) {
    const { book, expected } = drawWorkbook(i);
    await writeBook(book, path.join(outDir, expected.file));
    fs.writeFileSync(
      path.join(outDir, `${expected.id}.expected.json`),
      `${JSON.stringify(expected, null, 2)}\n`,
    );
    all.push(expected);
  }
  fs.writeFileSync(
    path.join(outDir, "index.json"),
    `${JSON.stringify(
      all.map((e) => `${e.id}.expected.json`),
      null,
      2,
    )}\n`,
  );
  return all;
}

/** Where the command line writes the corpus when given no folder (gitignored). */
export const DEFAULT_CORPUS_DIR = path.resolve(__dirname, "../artifacts/corpus");

if (require.main === module) {
  const out = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_CORPUS_DIR;
  generateCorpus(out).then(
    (all) => console.log(`Wrote ${all.length} workbooks and their expected figures to ${out}`),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
