/**
 * Sample council workbooks for Forum Papers: a fictional "Northbrook Council" DSG workbook for
 * 2026-27 (data as at 31/10/2026), written as messily as real council workbooks are (SPEC "Reading
 * the council's workbooks"): title rows above headers, merged titles, blank rows, section headings,
 * subtotal and total rows with SUM formulas and cached results, a hidden column, numbers stored as
 * text, dates as date cells and as UK text, and seeded bad rows in the top-up register.
 *
 * Deterministic: a seeded PRNG (mulberry32) drives every choice, and the workbook's created and
 * modified dates are fixed, so the same options always give the same cell values. (The .xlsx bytes
 * still differ run to run because the zip entries carry timestamps: compare cell values, not bytes.)
 *
 * The data model is drawn first and does not depend on the layout; a layout only decides where and
 * how it is written (sheet names, header wordings from the synonyms in src/sources/datasets.ts,
 * header row positions, column order, extra columns). So the three layout variants, built with the
 * same seed and sizes, hold the same data and a reader should get the same datasets from each.
 *
 * Run `npx tsx samples/generate.ts [outDir]` to (re)write the files in SAMPLE_FILES.
 */

import * as fs from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import type { DatasetId, SkipCode } from "../src/sources/datasets";
import {
  dateFromSerial,
  formatLongUkDate,
  formatUkDate,
  serialFromDate,
  type Serial,
} from "../src/core/dates";
import { sumPounds } from "../src/core/money";
import { explainElementwise, runWholeRange } from "../src/functions/runner";
import { BANDCOST, TRAJECTORY, TRANSFERAMOUNT, TRANSFERIMPACT } from "../src/functions/table";

// ---------------------------------------------------------------------------------------------
// Public types

/** Layouts: the agreed standard one, and three variants for mapping tests. */
export type LayoutName = "standard" | "alt-a" | "alt-b" | "alt-c";

/** What to build. */
export interface BuildOptions {
  /** Rows in the top-up register, seeded bad rows included (the blank row and the total row not). */
  readonly placements: number;
  /** Schools on the schools sheet (about 83% primary, 15% secondary, 2% all-through). */
  readonly schools: number;
  /** PRNG seed: the same seed and sizes give the same data in every layout. */
  readonly seed: number;
  /** Where and how the data is written; default "standard". */
  readonly layout?: LayoutName;
  /**
   * Add a "Worked formulas" sheet of DSG.* formulas over the tables (band costs over the
   * register, a Schools Block transfer, a deficit trajectory), so Explain and Share have real
   * formulas to show. Standard layout only; the other sheets are unchanged by it.
   */
  readonly workedFormulas?: boolean;
}

/** A bad row the generator planted on purpose, and the code the source reader should give it. */
export interface SeededIssue {
  readonly sheet: string;
  /** 1-based worksheet row. */
  readonly row: number;
  readonly code: SkipCode;
  /** Dataset field key (src/sources/datasets.ts) holding the defect. */
  readonly field: string;
  /** What the cell holds, in words, e.g. 'Hours per week is "tbc"'. */
  readonly detail: string;
}

/** Where a dataset's table was written: what a detected mapping should find. */
export interface TableLocation {
  readonly sheet: string;
  /** 1-based header row. */
  readonly headerRow: number;
  /** 1-based first row under the header. */
  readonly firstDataRow: number;
  /** 1-based last row of the table, its total row included. */
  readonly lastRow: number;
  /** Field key → 1-based column. */
  readonly columns: Readonly<Record<string, number>>;
  /** Wide tables (proposed bands): header text → 1-based column. */
  readonly valueColumns?: Readonly<Record<string, number>>;
}

/** A subtotal or total row: the values it states and the data rows it adds up. */
export interface TotalRowFact {
  readonly dataset: DatasetId;
  readonly sheet: string;
  readonly row: number;
  readonly label: string;
  /** 1-based rows of the data lines it covers (for a grand total: every line). */
  readonly covers: readonly number[];
  /** Field key → the value stated on the total row. */
  readonly stated: Readonly<Record<string, number>>;
}

export interface BudgetLineFact {
  readonly row: number;
  readonly s251?: string;
  readonly line: string;
  readonly budget: number;
  readonly forecast: number;
  readonly lastForecast: number;
  readonly note?: string;
}

export interface DsgBlockFact {
  readonly row: number;
  /** The block's label as written ("High Needs", or "High Needs Block" in some layouts). */
  readonly block: string;
  readonly allocation: number;
  readonly transfers: number;
  readonly budget: number;
  readonly forecast: number;
  readonly lastForecast: number;
}

export interface DeficitPlanFact {
  readonly row: number;
  /** The year label as written ("2026-27", "2026/27" in alt-b). */
  readonly year: string;
  readonly funding: number;
  readonly expenditure: number;
  readonly savings: number;
  readonly transfers: number;
  readonly otherIncome: number;
  readonly writeOffs: number;
}

/** The true figures in a built workbook, for tests to check the reader and the papers against. */
export interface SampleFacts {
  readonly layout: LayoutName;
  readonly seed: number;
  readonly council: string;
  readonly financialYear: string;
  /** Data as at, as an Excel serial (31/10/2026 is 46326). */
  readonly asAt: Serial;
  /** Where each dataset's table is. */
  readonly tables: Readonly<Record<DatasetId, TableLocation>>;
  /** Every subtotal and total row, with what it covers. */
  readonly totals: readonly TotalRowFact[];
  readonly placements: {
    /** Register rows written: good plus seeded (not the blank row, not the total row). */
    readonly rows: number;
    /** Rows a correct reader uses. */
    readonly good: number;
    readonly seeded: number;
    /** Counts of good rows. */
    readonly bySetting: Readonly<Record<string, number>>;
    readonly byCurrentBand: Readonly<Record<string, number>>;
    readonly byProposedBand: Readonly<Record<string, number>>;
    /** Good rows with no proposed band (not yet reviewed). */
    readonly withoutProposedBand: number;
    /** Good rows with no end date. */
    readonly open: number;
    /** Good rows live on the as-at date (started on or before it, not ended before it). */
    readonly liveAtAsAt: number;
    /** Sum of hours a week over good Mainstream rows. */
    readonly mainstreamHours: number;
    /** Pupil refs with more than one good row (an earlier placement that ended, then a new one). */
    readonly pupilsWithTwoPlacements: number;
    /** 1-based rows that are entirely blank inside the register. */
    readonly blankRows: readonly number[];
    /** The "Total placements" row and the count it states (= good). */
    readonly totalRow: number;
    readonly statedTotal: number;
  };
  readonly budgetLines: {
    readonly count: number;
    readonly lines: readonly BudgetLineFact[];
    readonly hnbBudget: number;
    readonly hnbForecast: number;
    readonly hnbLastForecast: number;
    /** Amount cells written as text, with the text. */
    readonly textAmounts: readonly { row: number; field: string; text: string }[];
  };
  readonly dsgBlocks: readonly DsgBlockFact[];
  readonly schools: {
    readonly count: number;
    readonly byPhase: Readonly<Record<string, number>>;
    readonly academies: number;
    readonly maintained: number;
    readonly pupils: number;
    readonly allocation: number;
    readonly floor: number;
    /** Schools whose protected floor is at or above their formula allocation. */
    readonly onFloor: number;
    /** Sum of (allocation − floor) over schools above their floor: the most a transfer can take. */
    readonly headroom: number;
  };
  readonly currentBands: readonly { band: string; hours: number }[];
  readonly proposedBands: {
    readonly settings: readonly string[];
    readonly rows: readonly { band: string; values: readonly number[] }[];
  };
  readonly deficitPlan: readonly DeficitPlanFact[];
  readonly schoolsBlock: number;
  readonly schoolsBlockIsEstimate: boolean;
  readonly transferExcluded: number;
  readonly transferPercent: number;
  /** (schoolsBlock − excluded) × percent, £. */
  readonly transferAmount: number;
  /** DSG balance brought forward at 31/03/2026, £, deficit negative. */
  readonly openingBalance: number;
  readonly hourlyRate: number;
  readonly weeksPerYear: number;
  readonly mainstreamThreshold: number;
  /** Key figures: item key → 1-based row of its item. */
  readonly keyFigureRows: Readonly<Record<string, number>>;
}

/** A built workbook, the bad rows planted in it and its true figures. */
export interface BuiltWorkbook {
  readonly workbook: ExcelJS.Workbook;
  readonly seeded: SeededIssue[];
  readonly facts: SampleFacts;
}

// ---------------------------------------------------------------------------------------------
// Fixed figures

const COUNCIL = "Northbrook Council";
const FINANCIAL_YEAR = "2026-27";
const FY_START = 2026;
/** Files are stamped with this date so builds are reproducible. */
const FIXED_STAMP = new Date(Date.UTC(2026, 10, 2, 9, 0, 0));

function day(y: number, m: number, d: number): Serial {
  const s = serialFromDate(y, m, d);
  if (s === undefined) throw new Error(`not a date: ${d}/${m}/${y}`);
  return s;
}

const AS_AT = day(2026, 10, 31);

/** Settings, written exactly so in the register and as the proposed-band table's columns. */
export const SETTINGS = ["Mainstream", "Resourced provision", "Special school", "Post-16 FE"] as const;
type Setting = (typeof SETTINGS)[number];

/** Current hours-based bands: hours of support a week. */
const CURRENT_BANDS: readonly (readonly [string, number])[] = [
  ["H1", 5],
  ["H2", 10],
  ["H3", 15],
  ["H4", 20],
  ["H5", 25],
  ["H6", 32.5],
];

/**
 * Proposed needs-led bands for 2027-28, annual top-up £ by setting (domain.md §3.4 and §6:
 * mainstream £1k–£12k, resourced provision £6k–£16k, special £11k–£25k).
 */
const PROPOSED_BANDS: readonly (readonly [string, readonly number[]])[] = [
  ["A", [1000, 6000, 11000, 3000]],
  ["B", [2500, 7800, 13500, 4600]],
  ["C", [4200, 9600, 16200, 6400]],
  ["D", [6300, 11500, 18900, 8500]],
  ["E", [8900, 13600, 21800, 11000]],
  ["F", [12000, 15800, 25000, 14000]],
];
const BAND_DESCRIPTORS = ["Low", "Low to moderate", "Moderate", "Moderate to high", "High", "Very high"];

/** Key figures, in the order written; item wordings per layout come from ASSUMPTION_ITEMS synonyms. */
const KEY_ITEMS = [
  "council",
  "financialYear",
  "asAt",
  "schoolsBlock",
  "schoolsBlockIsEstimate",
  "transferExcluded",
  "transferPercent",
  "openingBalance",
  "hourlyRate",
  "weeksPerYear",
  "mainstreamThreshold",
] as const;
type KeyItem = (typeof KEY_ITEMS)[number];

const TRANSFER_PERCENT = 0.005;
const HOURLY_RATE = 14.95;
const WEEKS_PER_YEAR = 38;
const MAINSTREAM_THRESHOLD = 6000;

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: a tiny, fast 32-bit PRNG; good enough for sample data and fully reproducible. */
class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** An integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }
}

const roundTo = (value: number, step: number): number => Math.round(value / step) * step;

// ---------------------------------------------------------------------------------------------
// The data model (layout-independent)

type Phase = "Primary" | "Secondary" | "All-through";
type SchoolType = "Maintained" | "Academy";

interface SchoolRec {
  readonly name: string;
  readonly urn: number;
  readonly laestab: string;
  readonly phase: Phase;
  readonly type: SchoolType;
  readonly pupils: number;
  readonly allocation: number;
  readonly floor: number;
  readonly ward: string;
  readonly head: string;
}

type DateStyle = "date" | "dmy" | "long";

interface PlacementRec {
  pupilRef: string | null;
  school: string | null;
  setting: string | null;
  currentBand: string | null;
  proposedBand: string | null;
  hours: number | null;
  /** When set, the hours cell holds this text instead of the number. */
  hoursText?: string;
  start: Serial | null;
  startStyle: DateStyle;
  startText?: string;
  end: Serial | null;
  endStyle: DateStyle;
  endText?: string;
  need: string;
  officer: string;
  ncy: number | string;
  reviewDue: Serial;
  issue?: { code: SkipCode; field: string; detail: string };
}

interface BudgetLineRec {
  readonly s251?: string;
  readonly line: string;
  readonly costCentre: string;
  readonly budget: number;
  readonly forecast: number;
  readonly lastForecast: number;
  readonly note?: string;
  /** Text written instead of the number in layouts that store some amounts as text. */
  readonly budgetText?: string;
  readonly lastForecastText?: string;
}

interface BudgetSection {
  readonly heading: string;
  readonly lines: readonly BudgetLineRec[];
}

type BlockKey = "schools" | "cssb" | "earlyYears" | "highNeeds";

interface DsgBlockRec {
  readonly key: BlockKey;
  readonly allocation: number;
  readonly transfers: number;
  readonly budget: number;
  readonly forecast: number;
  readonly lastForecast: number;
}

interface PlanYearRec {
  readonly startYear: number;
  readonly funding: number;
  readonly expenditure: number;
  readonly savings: number;
  readonly transfers: number;
  readonly otherIncome: number;
  readonly writeOffs: number;
}

interface Model {
  readonly schools: readonly SchoolRec[];
  readonly placements: readonly PlacementRec[];
  readonly sections: readonly BudgetSection[];
  readonly blocks: readonly DsgBlockRec[];
  readonly plan: readonly PlanYearRec[];
  readonly schoolsBlock: number;
  readonly transferAmount: number;
  readonly openingBalance: number;
}

const PLACE_STARTS = [
  "Ash",
  "Brook",
  "Oak",
  "Thorn",
  "Elm",
  "Kings",
  "Queens",
  "Long",
  "High",
  "Little",
  "Great",
  "Mill",
  "Stan",
  "Wood",
  "Bar",
  "Chal",
  "Hen",
  "Wit",
  "Ald",
  "Brad",
  "Cran",
  "Dun",
  "East",
  "West",
  "North",
  "South",
  "Fair",
  "Hol",
  "Lin",
  "Mar",
  "Red",
  "Stock",
];
const PLACE_ENDS = [
  "ley",
  "ton",
  "field",
  "bury",
  "ford",
  "wick",
  "ham",
  "worth",
  "stead",
  "by",
  "well",
  "more",
  "cote",
  "hurst",
  "dale",
  "bridge",
];
const SAINTS = [
  "Mary",
  "Joseph",
  "Peter",
  "Anne",
  "Thomas",
  "Bede",
  "Chad",
  "Hilda",
  "Francis",
  "John",
  "Michael",
  "Margaret",
  "Paul",
  "Augustine",
  "Wilfrid",
  "Cuthbert",
];
const SURNAMES = [
  "Patel",
  "Smith",
  "Jones",
  "Khan",
  "Williams",
  "Brown",
  "Taylor",
  "Davies",
  "Evans",
  "Wilson",
  "Hughes",
  "Okafor",
  "Walker",
  "Nowak",
  "Robinson",
  "Ahmed",
  "Clarke",
  "Hall",
];
const OFFICERS = ["J. Patel", "S. Murray", "K. Osei", "L. Barnes", "R. Hughes", "T. Nowak"];
const NEEDS: readonly (readonly [string, number])[] = [
  ["ASD", 32],
  ["SEMH", 18],
  ["SLCN", 20],
  ["MLD", 10],
  ["SpLD", 4],
  ["SLD", 6],
  ["PMLD", 2],
  ["HI", 2],
  ["VI", 1],
  ["PD", 3],
];

const SPECIAL_PROVIDERS = [
  "Brookfield School",
  "Northbrook Park Special School",
  "Riverside Academy",
  "Oakwood Special School",
  "The Meadows School",
  "Hillcrest Academy",
  "Cedar House School (independent)",
  "Longmead Specialist School (independent)",
  "Willowbank School (non-maintained)",
];
const FE_PROVIDERS = [
  "Northbrook College",
  "Eastmoor Sixth Form College",
  "Westfield College",
  "Ashdown Specialist Post-16 Centre",
];

function makeSchools(rng: Rng, count: number): SchoolRec[] {
  const allThrough = Math.max(1, Math.round(count * 0.02));
  const secondary = Math.max(1, Math.round(count * 0.147));
  const primary = Math.max(0, count - allThrough - secondary);
  const names = new Set<string>();
  const places = new Set<string>();
  const urns = new Set<number>();
  const newPlace = (): string => {
    for (;;) {
      const p = rng.pick(PLACE_STARTS) + rng.pick(PLACE_ENDS);
      if (!places.has(p) || places.size >= PLACE_STARTS.length * PLACE_ENDS.length) {
        places.add(p);
        return p;
      }
    }
  };
  const nameFor = (phase: Phase, type: SchoolType): string => {
    for (;;) {
      const p = newPlace();
      let n: string;
      if (phase === "Primary") {
        n =
          type === "Academy" && rng.chance(0.35)
            ? `${p} Primary Academy`
            : rng.weighted<string>([
                [`${p} Primary School`, 5],
                [`${p} CofE Primary School`, 2],
                [`${p} Community Primary School`, 1],
                [`St ${rng.pick(SAINTS)}'s Catholic Primary School`, 1],
                [`${p} Infant School`, 0.5],
                [`${p} Junior School`, 0.5],
              ]);
      } else if (phase === "Secondary") {
        n =
          type === "Academy"
            ? rng.weighted<string>([
                [`${p} Academy`, 3],
                [`${p} High School`, 2],
                [`St ${rng.pick(SAINTS)}'s Catholic High School`, 1],
              ])
            : rng.pick([`${p} High School`, `${p} School`, `${p} Community School`]);
      } else {
        n = rng.pick([`${p} All-through School`, `${p} Learning Campus`, `${p} Academy (3-16)`]);
      }
      if (!names.has(n)) {
        names.add(n);
        return n;
      }
    }
  };
  const newUrn = (type: SchoolType): number => {
    for (;;) {
      const u = type === "Academy" ? rng.int(136000, 149999) : rng.int(110000, 125999);
      if (!urns.has(u)) {
        urns.add(u);
        return u;
      }
    }
  };

  const plan: Phase[] = [
    ...Array<Phase>(primary).fill("Primary"),
    ...Array<Phase>(secondary).fill("Secondary"),
    ...Array<Phase>(allThrough).fill("All-through"),
  ];
  // Local-authority establishment numbers: 2xxx primary, 4xxx secondary, 5xxx academies (DfE practice).
  const estab: Record<Phase, number> = { Primary: 2000, Secondary: 4000, "All-through": 5000 };
  const schools = plan.map((phase) => {
    const academyShare = phase === "Primary" ? 0.45 : phase === "Secondary" ? 0.83 : 0.67;
    const type: SchoolType = rng.chance(academyShare) ? "Academy" : "Maintained";
    const name = nameFor(phase, type);
    // Skewed sizes: many small primaries, a few large ones (mean ≈ 200 pupils; secondaries ≈ 850),
    // so 150 schools hold about 47,000 pupils, as domain.md §6's mid-size authority.
    const pupils =
      phase === "Primary"
        ? 100 + Math.round(500 * rng.next() ** 4)
        : phase === "Secondary"
          ? 600 + Math.round(1000 * rng.next() ** 3)
          : 700 + Math.round(600 * rng.next());
    const rate =
      phase === "Primary"
        ? rng.between(5500, 6500)
        : phase === "Secondary"
          ? rng.between(7000, 8000)
          : rng.between(6400, 7000);
    const allocation = Math.round(pupils * rate);
    // Floors from 95% to 102% of the allocation: about two schools in seven sit on their floor.
    const floor = Math.round(allocation * rng.between(0.95, 1.02));
    estab[phase] += rng.int(1, 9);
    return {
      name,
      urn: newUrn(type),
      laestab: `999/${estab[phase]}`,
      phase,
      type,
      pupils,
      allocation,
      floor,
      ward: `${rng.pick(PLACE_STARTS)}${rng.pick(PLACE_ENDS)} ward`,
      head: `${rng.pick(["Mr", "Mrs", "Ms", "Dr"])} ${rng.pick(SURNAMES)}`,
    };
  });
  const order: Record<Phase, number> = { Primary: 0, Secondary: 1, "All-through": 2 };
  return schools.sort(
    (a, b) => order[a.phase] - order[b.phase] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

const START_YEARS: readonly (readonly [number, number])[] = [
  [2019, 1],
  [2020, 2],
  [2021, 3],
  [2022, 4],
  [2023, 6],
  [2024, 8],
  [2025, 10],
  [2026, 12],
];

const SETTING_WEIGHTS: readonly (readonly [Setting, number])[] = [
  ["Mainstream", 45],
  ["Resourced provision", 9],
  ["Special school", 34],
  ["Post-16 FE", 12],
];

/** Current band weights by setting (index 0 is H1): mainstream pupils sit lower, special higher. */
const BAND_WEIGHTS: Record<Setting, readonly number[]> = {
  Mainstream: [15, 25, 25, 18, 10, 7],
  "Resourced provision": [2, 8, 20, 30, 25, 15],
  "Special school": [0, 5, 15, 30, 30, 20],
  "Post-16 FE": [10, 25, 30, 20, 10, 5],
};

/** The seeded defects, in register order: each row gets exactly one, so its code is unambiguous. */
const SEEDS: readonly { code: SkipCode; field: string; kind: string }[] = [
  { code: "missing", field: "setting", kind: "blank setting" },
  { code: "not-a-number", field: "hours", kind: "tbc" },
  { code: "not-a-date", field: "start", kind: "31/02/2026" },
  { code: "end-before-start", field: "end", kind: "end before start" },
  { code: "negative", field: "hours", kind: "negative hours" },
  { code: "duplicate", field: "pupilRef", kind: "duplicate" },
  { code: "missing", field: "currentBand", kind: "blank band" },
  { code: "not-a-date", field: "start", kind: "next term" },
  { code: "missing", field: "school", kind: "blank school" },
  { code: "not-a-number", field: "hours", kind: "see EHCP" },
  { code: "not-a-date", field: "end", kind: "31/09/2026" },
  { code: "duplicate", field: "pupilRef", kind: "duplicate" },
];

function makePlacements(rng: Rng, count: number, schools: readonly SchoolRec[]): PlacementRec[] {
  // Mainstream placements go to schools in proportion to their pupils.
  const cumulative: number[] = [];
  let running = 0;
  for (const s of schools) cumulative.push((running += s.pupils));
  const mainstreamSchool = (): string => {
    const r = rng.next() * running;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return schools[lo].name;
  };
  const rpHosts = schools.filter((_, i) => i % 16 === 5).map((s) => s.name);
  if (rpHosts.length === 0) rpHosts.push(schools[0].name);

  const schoolFor = (setting: Setting): string =>
    setting === "Mainstream"
      ? mainstreamSchool()
      : setting === "Resourced provision"
        ? rng.pick(rpHosts)
        : setting === "Special school"
          ? rng.pick(SPECIAL_PROVIDERS)
          : rng.pick(FE_PROVIDERS);

  const firstDay = day(2019, 9, 1);
  const lastStart = day(2026, 10, 20);
  const summerEnd = day(2026, 8, 31);
  const drawStart = (): Serial =>
    rng.chance(0.6)
      ? day(rng.weighted(START_YEARS), 9, 1)
      : ((firstDay + rng.int(0, lastStart - firstDay)) as Serial);
  const drawStyle = (): DateStyle => {
    const r = rng.next();
    return r < 0.04 ? "dmy" : r < 0.07 ? "long" : "date";
  };
  const draw = (pupilRef: string, setting: Setting, start: Serial): PlacementRec => {
    const bandIndex = rng.weighted(BAND_WEIGHTS[setting].map((w, i) => [i, w] as const));
    const currentBand = CURRENT_BANDS[bandIndex][0];
    const proposedIndex = Math.min(
      5,
      Math.max(
        0,
        bandIndex +
          rng.weighted<number>([
            [-1, 2],
            [0, 6],
            [1, 2],
          ]),
      ),
    );
    const bandHours = CURRENT_BANDS[bandIndex][1];
    const hours =
      setting === "Mainstream" || (setting === "Resourced provision" && rng.chance(0.5)) || rng.chance(0.05)
        ? bandHours
        : null;
    let end: Serial | null = null;
    if (start < summerEnd - 90 && rng.chance(0.1))
      end = Math.min(start + rng.int(60, 900), summerEnd) as Serial;
    else if (setting === "Post-16 FE" && rng.chance(0.3)) end = day(2027, 7, 31);
    const ncy =
      setting === "Post-16 FE" ? rng.int(12, 14) : setting === "Mainstream" ? rng.int(0, 11) : rng.int(0, 14);
    return {
      pupilRef,
      school: schoolFor(setting),
      setting,
      currentBand,
      proposedBand: rng.chance(0.02) ? null : String.fromCharCode(65 + proposedIndex),
      hours,
      hoursText: hours !== null && rng.chance(0.03) ? hours.toFixed(2) : undefined,
      start,
      startStyle: drawStyle(),
      end,
      endStyle: rng.chance(0.05) ? "dmy" : "date",
      need: rng.weighted(NEEDS),
      officer: rng.pick(OFFICERS),
      // Reception is written "R", as case systems do: a column mixing text and numbers.
      ncy: ncy === 0 ? "R" : ncy,
      reviewDue: (day(2026, 11, 1) + rng.int(0, 330)) as Serial,
    };
  };

  const rows: PlacementRec[] = [];
  let refNumber = 100 + rng.int(0, 50);
  while (rows.length < count) {
    refNumber += rng.int(1, 3);
    const ref = `NB-${String(refNumber).padStart(6, "0")}`;
    const setting = rng.weighted(SETTING_WEIGHTS);
    const start = drawStart();
    // About one pupil in seventy moved placement: an earlier row, same ref, ended the day before.
    if (rows.length < count - 1 && rng.chance(0.015)) {
      const before = draw(ref, rng.weighted(SETTING_WEIGHTS), (start - rng.int(300, 1000)) as Serial);
      before.end = (start - 1) as Serial;
      before.startStyle = "date";
      before.endStyle = "date";
      rows.push(before);
    }
    rows.push(draw(ref, setting, start));
  }
  // Case-management exports come sorted by reference, then start date.
  rows.sort((a, b) => (a.pupilRef! < b.pupilRef! ? -1 : a.pupilRef! > b.pupilRef! ? 1 : a.start! - b.start!));

  // Plant the defects, spread evenly through the register, one per row, never next to each other.
  const used = new Set<number>();
  SEEDS.forEach((seed, k) => {
    const target = Math.min(
      count - 2,
      Math.max(1, Math.floor(((k + 0.5) * count) / SEEDS.length) + rng.int(-3, 3)),
    );
    const fits = (j: number): boolean => {
      if (used.has(j) || used.has(j - 1) || used.has(j + 1)) return false;
      const r = rows[j];
      if (seed.field === "hours" && seed.code !== "duplicate") return r.setting === "Mainstream";
      if (seed.code === "duplicate") return j >= 1 && !used.has(j - 2);
      return true;
    };
    let j = target;
    while (!fits(j)) j = j + 1 < count - 1 ? j + 1 : 1;
    used.add(j);
    const r = rows[j];
    let detail: string;
    switch (seed.kind) {
      case "blank setting":
        r.setting = null;
        detail = "Setting is blank";
        break;
      case "blank band":
        // A single space: looks blank, is not empty (what a cleared cell pasted from a system holds).
        r.currentBand = " ";
        detail = "Current band is blank (a single space)";
        break;
      case "blank school":
        r.school = null;
        detail = "School is blank";
        break;
      case "tbc":
      case "see EHCP":
        r.hoursText = seed.kind;
        detail = `Hours per week is "${seed.kind}"`;
        break;
      case "negative hours":
        r.hours = -(r.hours ?? 10);
        r.hoursText = undefined;
        detail = `Hours per week is ${r.hours}`;
        break;
      case "31/02/2026":
      case "next term":
        r.startText = seed.kind;
        detail = `Start date is "${seed.kind}"`;
        break;
      case "31/09/2026":
        r.endText = seed.kind;
        detail = `End date is "${seed.kind}"`;
        break;
      case "end before start": {
        r.startStyle = "date";
        r.endStyle = "date";
        r.end = (r.start! - rng.int(7, 200)) as Serial;
        detail = `End date ${formatUkDate(r.end)} is before start date ${formatUkDate(r.start!)}`;
        break;
      }
      case "duplicate": {
        // The same row exported twice: the second copy is the bad one.
        const prev = rows[j - 1];
        rows[j] = { ...prev, issue: undefined };
        used.add(j - 1);
        detail = `Pupil ref ${prev.pupilRef} with start date ${formatUkDate(prev.start!)} repeats the row above`;
        break;
      }
      default:
        throw new Error(`unknown seed ${seed.kind}`);
    }
    rows[j].issue = { code: seed.code, field: seed.field, detail };
  });
  return rows;
}

/** The s251 high-needs lines (domain.md §5.2) as Northbrook budgets them, base 2026-27 figures. */
const BUDGET_PLAN: readonly {
  heading: string;
  lines: readonly {
    s251?: string;
    line: string;
    base: number;
    drift: readonly [number, number];
    note?: string;
  }[];
}[] = [
  {
    heading: "Place funding",
    lines: [
      { s251: "1.0.2", line: "Place funding – maintained special schools", base: 6_400_000, drift: [0, 0] },
      { s251: "1.0.2", line: "Place funding – resourced provision", base: 1_380_000, drift: [0, 0] },
      { s251: "1.0.2", line: "Place funding – post-16 and FE", base: 1_150_000, drift: [0, 0.02] },
    ],
  },
  {
    heading: "Top-up funding",
    lines: [
      {
        s251: "1.2.1",
        line: "Top-up funding – maintained mainstream schools",
        base: 5_850_000,
        drift: [0.06, 0.14],
        note: "EHCPs in mainstream 9% above budget",
      },
      {
        s251: "1.2.1",
        line: "Top-up funding – maintained special schools",
        base: 8_900_000,
        drift: [0.03, 0.09],
      },
      {
        s251: "1.2.2",
        line: "Top-up funding – academies and free schools",
        base: 9_600_000,
        drift: [0.08, 0.16],
        note: "Includes backdated top-ups for the summer term",
      },
      { s251: "1.2.2", line: "Top-up funding – FE colleges", base: 3_250_000, drift: [0.04, 0.12] },
      {
        s251: "1.2.3",
        line: "Independent and non-maintained special schools",
        base: 9_800_000,
        drift: [0.18, 0.3],
        note: "Eleven new independent placements since April; average cost about £64k",
      },
      {
        s251: "1.2.4",
        line: "Additional targeted funding for mainstream schools",
        base: 420_000,
        drift: [-0.05, 0.05],
      },
    ],
  },
  {
    heading: "Alternative provision and inclusion",
    lines: [
      { s251: "1.2.6", line: "Hospital education service", base: 780_000, drift: [-0.03, 0.03] },
      {
        s251: "1.2.7",
        line: "Pupil referral unit and alternative provision",
        base: 3_900_000,
        drift: [0.04, 0.12],
        note: "Extra AP places commissioned from September",
      },
      {
        s251: "1.2.8",
        line: "Support for inclusion",
        base: 1_150_000,
        drift: [-0.08, 0],
        note: "Vacant posts",
      },
      {
        line: "Inter-authority recoupment (income)",
        base: -350_000,
        drift: [0.1, 0.25],
        note: "Income is shown as a negative figure",
      },
    ],
  },
  {
    heading: "SEN services and other",
    lines: [
      { s251: "1.2.5", line: "SEN support services", base: 2_450_000, drift: [-0.06, 0] },
      { s251: "1.2.5", line: "Sensory impairment service", base: 640_000, drift: [-0.04, 0.02] },
      {
        s251: "1.2.9",
        line: "Special schools in financial difficulty",
        base: 150_000,
        drift: [0, 0.4],
        note: "Brookfield School licensed deficit",
      },
      { s251: "1.2.10", line: "PFI costs – Brookfield School", base: 1_020_000, drift: [0, 0.02] },
      { s251: "1.2.11", line: "Direct payments (SEN and disability)", base: 560_000, drift: [0.05, 0.2] },
      {
        s251: "1.2.13",
        line: "Therapies and other health-related services",
        base: 1_300_000,
        drift: [0.02, 0.1],
      },
    ],
  },
];

/** "1234567.5" → "1,234,567.50"; our own, so output never depends on the machine's locale. */
function thousands(value: number, decimals = 0): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, frac] = fixed.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (value < 0 ? "-" : "") + grouped + (frac ? `.${frac}` : "");
}

function makeBudget(rng: Rng): BudgetSection[] {
  const baseTotal = BUDGET_PLAN.reduce((s, sec) => s + sec.lines.reduce((t, l) => t + l.base, 0), 0);
  const scale = (60_000_000 / baseTotal) * rng.between(0.98, 1.02);
  let costCentre = 4100;
  return BUDGET_PLAN.map((sec) => ({
    heading: sec.heading,
    lines: sec.lines.map((l) => {
      const budget = roundTo(l.base * scale * rng.between(0.96, 1.04), 100);
      const forecast = Math.round(budget * (1 + rng.between(l.drift[0], l.drift[1])));
      const settled = l.drift[0] === 0 && l.drift[1] === 0;
      let lastForecast = settled ? forecast : Math.round(forecast * (1 - rng.between(-0.01, 0.03)));
      let budgetText: string | undefined;
      let lastForecastText: string | undefined;
      // Three amounts stored as text, as pasted from the ledger: accounting brackets, £ and commas, pence.
      if (budget < 0) budgetText = `(${thousands(-budget)})`;
      if (l.line.startsWith("Top-up funding – academies")) budgetText = `£${thousands(budget)}`;
      if (l.line === "Support for inclusion") {
        lastForecast += 0.5;
        lastForecastText = thousands(lastForecast, 2);
      }
      costCentre += rng.int(1, 12);
      return {
        s251: l.s251,
        line: l.line,
        costCentre: `HN${costCentre}`,
        budget,
        forecast,
        lastForecast,
        note: l.note,
        budgetText,
        lastForecastText,
      };
    }),
  }));
}

function makeModel(options: BuildOptions): Model {
  const rng = new Rng(options.seed);
  const schools = makeSchools(rng, options.schools);
  const placements = makePlacements(rng, options.placements, schools);
  const sections = makeBudget(rng);

  const allocations = sumPounds(schools.map((s) => s.allocation));
  const academyAllocations = sumPounds(schools.filter((s) => s.type === "Academy").map((s) => s.allocation));
  const pupils = schools.reduce((s, x) => s + x.pupils, 0);
  // The block before recoupment: budget shares plus premises and growth (about 2%).
  const schoolsBlock = roundTo(allocations * rng.between(1.018, 1.026), 1000);
  const transferAmount = Math.round(schoolsBlock * TRANSFER_PERCENT * 100) / 100;
  const lines = sections.flatMap((s) => s.lines);
  const hnBudget = sumPounds(lines.map((l) => l.budget));
  const hnForecast = sumPounds(lines.map((l) => l.forecast));
  const hnLast = sumPounds(lines.map((l) => l.lastForecast));

  const schoolsAllocation = roundTo(schoolsBlock - academyAllocations, 1000);
  const cssb = roundTo(pupils * rng.between(45, 47), 100);
  const earlyYears = roundTo(pupils * rng.between(900, 980), 1000);
  const blocks: DsgBlockRec[] = [
    {
      key: "schools",
      allocation: schoolsAllocation,
      transfers: -transferAmount,
      budget: schoolsAllocation - transferAmount,
      forecast: schoolsAllocation - transferAmount - roundTo(rng.between(80_000, 220_000), 1000),
      lastForecast: schoolsAllocation - transferAmount - roundTo(rng.between(50_000, 150_000), 1000),
    },
    {
      key: "cssb",
      allocation: cssb,
      transfers: 0,
      budget: cssb,
      forecast: cssb - roundTo(rng.between(10_000, 60_000), 100),
      lastForecast: cssb - roundTo(rng.between(5_000, 40_000), 100),
    },
    {
      key: "earlyYears",
      allocation: earlyYears,
      transfers: 0,
      budget: earlyYears,
      forecast: earlyYears - roundTo(rng.between(300_000, 700_000), 1000),
      lastForecast: earlyYears - roundTo(rng.between(200_000, 500_000), 1000),
    },
    {
      key: "highNeeds",
      allocation: hnBudget - transferAmount,
      transfers: transferAmount,
      budget: hnBudget,
      forecast: hnForecast,
      lastForecast: hnLast,
    },
  ];

  // Deficit management plan: funding flat to +3% a year, spending +6–8%, savings ramping £1m → £6m,
  // the transfer in 2026-27 only, and the High Needs Stability Grant (90% of the deficit at
  // 31/03/2026) written off in 2026-27 (domain.md §4.6).
  const openingBalance = -roundTo(rng.between(22_000_000, 26_000_000), 1000);
  const savings = [1_000_000, 2_250_000, 3_500_000, 4_750_000, 6_000_000];
  const plan: PlanYearRec[] = [];
  let funding = hnBudget - transferAmount;
  // First-year spending before savings, so that spending less savings is the monitoring forecast.
  let expenditure = hnForecast + savings[0];
  for (let t = 0; t < 5; t++) {
    if (t > 0) {
      funding = roundTo(funding * (1 + roundTo(rng.between(0, 0.03), 0.005)), 1000);
      expenditure = roundTo(expenditure * (1 + roundTo(rng.between(0.06, 0.08), 0.005)), 1000);
    }
    plan.push({
      startYear: FY_START + t,
      funding,
      expenditure,
      savings: savings[t],
      transfers: t === 0 ? transferAmount : 0,
      otherIncome: 0,
      writeOffs: t === 0 ? Math.round(-openingBalance * 0.9) : 0,
    });
  }
  return { schools, placements, sections, blocks, plan, schoolsBlock, transferAmount, openingBalance };
}

// ---------------------------------------------------------------------------------------------
// Layouts

interface Col {
  /** A dataset field key, or "x:…" for a column no dataset uses. */
  readonly key: string;
  readonly header: string;
  readonly hidden?: boolean;
  readonly width?: number;
}

interface TableLayout {
  readonly sheet: string;
  /** Lines written from A1 down; the header row must be below them. */
  readonly title: readonly string[];
  /** Merge the first title line across the table's width. */
  readonly mergeTitle?: boolean;
  readonly headerRow: number;
  /** 1-based first column of the table. */
  readonly leftCol?: number;
  readonly cols: readonly Col[];
}

interface Layout {
  readonly name: LayoutName;
  /** Sheets in workbook order (a sheet may hold more than one table). */
  readonly sheets: readonly string[];
  readonly hiddenSheets?: readonly string[];
  readonly prose: { readonly sheet: string; readonly lines: readonly string[] };
  readonly budget: TableLayout & {
    readonly sections: boolean;
    readonly subtotalLabel: (heading: string) => string;
    readonly totalLabel: string;
    readonly blankBetweenSections: boolean;
    readonly textAmounts: boolean;
  };
  readonly dsg: TableLayout & {
    readonly blockNames: Readonly<Record<BlockKey, string>>;
    readonly linkHighNeeds: boolean;
  };
  readonly register: TableLayout & { readonly datesAsText: boolean };
  readonly currentBands: TableLayout;
  readonly proposedBands: TableLayout & { readonly caption?: { row: number; text: string } };
  readonly schools: TableLayout & {
    readonly phaseSubtotals: boolean;
    readonly totalLabel: string;
    readonly textUrns: boolean;
  };
  readonly plan: TableLayout & {
    readonly yearLabel: (startYear: number) => string;
    readonly blankForZero: boolean;
  };
  readonly keyFigures: TableLayout & {
    readonly labels: Readonly<Record<KeyItem, string>>;
    /** Items written as text rather than as typed cells. */
    readonly asText: readonly KeyItem[];
  };
}

const SETTING_COLS: readonly Col[] = SETTINGS.map((s) => ({ key: `v:${s}`, header: s }));

/** "Top-up funding" → "top-up funding", but "SEN services" keeps its capitals. */
function lowerFirst(text: string): string {
  return text.replace(/^(\w)(\w*)/, (word, first: string, rest: string) =>
    rest !== "" && rest === rest.toUpperCase() ? word : first.toLowerCase() + rest,
  );
}

/** Title lines padded with empty lines so the header lands on `headerRow` with a blank row above. */
function titleBlock(headerRow: number, lines: readonly string[]): string[] {
  const out = lines.slice(0, headerRow - 2);
  while (out.length < headerRow - 2) out.push("");
  return out;
}

const STANDARD: Layout = {
  name: "standard",
  sheets: [
    "Read me",
    "HNB monitoring",
    "DSG summary",
    "Top-up register",
    "Bands",
    "Schools",
    "Deficit plan",
    "Key figures",
  ],
  prose: {
    sheet: "Read me",
    lines: [
      "Northbrook Council – Dedicated Schools Grant workbook 2026-27",
      "",
      "This workbook is fictional. It was made by samples/generate.ts to test Forum Papers; no real pupil, school or council is described.",
      "HNB monitoring is the month 7 forecast for the High Needs Block. DSG summary shows all four blocks.",
      "Top-up register is the SEN team's case management export; Bands holds the current and proposed band tables.",
      "Schools lists the 2026-27 APT allocations; Deficit plan and Key figures hold the assumptions for the DSG management plan.",
      "Figures are in pounds. Deficits are shown as negative numbers.",
      "Contact: High Needs finance team, extension 4471.",
    ],
  },
  budget: {
    sheet: "HNB monitoring",
    title: [
      "Northbrook Council – High Needs Block budget monitoring 2026-27",
      "Position as at 31/10/2026 (month 7)",
    ],
    mergeTitle: true,
    headerRow: 4,
    cols: [
      { key: "s251", header: "s251 line", width: 10 },
      { key: "line", header: "Description", width: 52 },
      { key: "x:costCentre", header: "Cost centre", hidden: true, width: 12 },
      { key: "budget", header: "Annual budget £", width: 16 },
      { key: "forecast", header: "Forecast outturn £", width: 16 },
      { key: "x:variance", header: "Variance £", width: 14 },
      { key: "lastForecast", header: "Forecast at last report £", width: 16 },
      { key: "note", header: "Note", width: 50 },
    ],
    sections: true,
    subtotalLabel: (h) => `Subtotal – ${lowerFirst(h)}`,
    totalLabel: "Total High Needs Block",
    blankBetweenSections: true,
    textAmounts: true,
  },
  dsg: {
    sheet: "DSG summary",
    title: [
      "Northbrook Council – Dedicated Schools Grant summary 2026-27",
      "Allocations after academy recoupment and deductions; position as at 31/10/2026",
    ],
    headerRow: 3,
    cols: [
      { key: "block", header: "Block", width: 26 },
      { key: "allocation", header: "DfE allocation", width: 16 },
      { key: "transfers", header: "Transfers between blocks", width: 16 },
      { key: "budget", header: "Current budget", width: 16 },
      { key: "forecast", header: "Forecast outturn", width: 16 },
      { key: "lastForecast", header: "Previous forecast", width: 16 },
    ],
    blockNames: {
      schools: "Schools",
      cssb: "Central School Services",
      earlyYears: "Early Years",
      highNeeds: "High Needs",
    },
    linkHighNeeds: true,
  },
  register: {
    sheet: "Top-up register",
    title: [
      "Top-up funding register – pupils with EHCPs",
      "Source: SEN team case management export, 31/10/2026",
    ],
    headerRow: 4,
    cols: [
      { key: "pupilRef", header: "Pupil ref", width: 12 },
      { key: "school", header: "School", width: 40 },
      { key: "setting", header: "Setting", width: 20 },
      { key: "currentBand", header: "Current band", width: 12 },
      { key: "proposedBand", header: "Proposed band", width: 13 },
      { key: "hours", header: "Hours per week", width: 14 },
      { key: "start", header: "Start date", width: 13 },
      { key: "end", header: "End date", width: 13 },
    ],
    datesAsText: false,
  },
  currentBands: {
    sheet: "Bands",
    title: ["Top-up bands"],
    headerRow: 3,
    cols: [
      { key: "band", header: "Band", width: 10 },
      { key: "hours", header: "Hours per week", width: 16 },
    ],
  },
  proposedBands: {
    sheet: "Bands",
    title: [],
    caption: { row: 12, text: "Proposed needs-led bands 2027-28 (annual top-up £)" },
    headerRow: 13,
    cols: [{ key: "band", header: "Band" }, ...SETTING_COLS],
  },
  schools: {
    sheet: "Schools",
    title: [
      "Northbrook Council – schools and formula allocations",
      "October 2025 census; allocations from the 2026-27 APT (illustrative)",
    ],
    headerRow: 4,
    cols: [
      { key: "name", header: "School", width: 44 },
      { key: "urn", header: "URN", width: 10 },
      { key: "phase", header: "Phase", width: 12 },
      { key: "type", header: "Maintained/Academy", width: 18 },
      { key: "pupils", header: "Pupils", width: 10 },
      { key: "allocation", header: "Formula allocation £", width: 18 },
      { key: "floor", header: "Protected floor £", width: 18 },
    ],
    phaseSubtotals: false,
    totalLabel: "Total",
    textUrns: true,
  },
  plan: {
    sheet: "Deficit plan",
    title: ["DSG deficit management plan – High Needs Block assumptions"],
    headerRow: 3,
    cols: [
      { key: "year", header: "Financial year", width: 14 },
      { key: "funding", header: "HNB funding", width: 16 },
      { key: "expenditure", header: "Expenditure", width: 16 },
      { key: "savings", header: "Savings", width: 14 },
      { key: "transfers", header: "Transfers in", width: 14 },
      { key: "otherIncome", header: "Other income", width: 14 },
      { key: "writeOffs", header: "Write-offs", width: 14 },
    ],
    yearLabel: (y) => `${y}-${String((y + 1) % 100).padStart(2, "0")}`,
    blankForZero: false,
  },
  keyFigures: {
    sheet: "Key figures",
    title: ["Key figures and assumptions"],
    headerRow: 3,
    cols: [
      { key: "item", header: "Item", width: 34 },
      { key: "value", header: "Value", width: 20 },
    ],
    labels: {
      council: "Council",
      financialYear: "Financial year",
      asAt: "Data as at",
      schoolsBlock: "Schools Block before recoupment",
      schoolsBlockIsEstimate: "Schools Block is estimate",
      transferExcluded: "Excluded from transfer base",
      transferPercent: "Transfer percentage",
      openingBalance: "Opening DSG balance",
      hourlyRate: "Hourly rate",
      weeksPerYear: "Weeks per year",
      mainstreamThreshold: "Mainstream threshold",
    },
    asText: ["mainstreamThreshold"],
  },
};

/** Variant A: headers on row 1, no titles, sheets renamed, columns reordered, extra columns, bands side by side. */
const ALT_A: Layout = {
  name: "alt-a",
  sheets: [
    "Budget monitoring",
    "DSG",
    "Register Oct",
    "Bands",
    "APT schools",
    "Recovery plan",
    "Assumptions",
    "About",
  ],
  prose: {
    sheet: "About",
    lines: ["Northbrook Council DSG workbook (fictional), layout A: every table starts on row 1."],
  },
  budget: {
    sheet: "Budget monitoring",
    title: [],
    headerRow: 1,
    cols: [
      { key: "line", header: "Description", width: 52 },
      { key: "s251", header: "Code", width: 9 },
      { key: "budget", header: "Budget 2026-27", width: 16 },
      { key: "forecast", header: "Projected outturn", width: 16 },
      { key: "x:variance", header: "Variance", width: 14 },
      { key: "lastForecast", header: "Last forecast", width: 16 },
      // A deliberate near-miss: "Budget holder" holds names, not money.
      { key: "x:holder", header: "Budget holder", width: 16 },
      { key: "note", header: "Comments", width: 50 },
    ],
    sections: false,
    subtotalLabel: (h) => h,
    totalLabel: "Total",
    blankBetweenSections: false,
    textAmounts: false,
  },
  dsg: {
    sheet: "DSG",
    title: [],
    headerRow: 1,
    cols: [
      { key: "block", header: "DSG block", width: 26 },
      { key: "allocation", header: "Allocation", width: 16 },
      { key: "budget", header: "Budget", width: 16 },
      { key: "transfers", header: "Transfer", width: 16 },
      { key: "forecast", header: "Outturn", width: 16 },
      { key: "lastForecast", header: "Last forecast", width: 16 },
    ],
    blockNames: {
      schools: "Schools",
      cssb: "Central School Services",
      earlyYears: "Early Years",
      highNeeds: "High Needs",
    },
    linkHighNeeds: false,
  },
  register: {
    sheet: "Register Oct",
    title: [],
    headerRow: 1,
    cols: [
      { key: "school", header: "Provider", width: 40 },
      { key: "pupilRef", header: "UPN", width: 12 },
      { key: "x:ncy", header: "NCY", width: 6 },
      { key: "setting", header: "Provision type", width: 20 },
      { key: "currentBand", header: "Band", width: 8 },
      { key: "proposedBand", header: "New band", width: 9 },
      { key: "hours", header: "Weekly hours", width: 12 },
      { key: "x:need", header: "Primary need", width: 12 },
      { key: "start", header: "From", width: 12 },
      { key: "end", header: "To", width: 12 },
      { key: "x:officer", header: "Case officer", width: 14 },
    ],
    datesAsText: false,
  },
  currentBands: {
    sheet: "Bands",
    title: [],
    headerRow: 1,
    cols: [
      { key: "band", header: "Level", width: 8 },
      { key: "hours", header: "Weekly hours", width: 13 },
    ],
  },
  proposedBands: {
    sheet: "Bands",
    title: [],
    headerRow: 1,
    leftCol: 4,
    cols: [{ key: "band", header: "Tariff" }, ...SETTING_COLS],
  },
  schools: {
    sheet: "APT schools",
    title: [],
    headerRow: 1,
    cols: [
      { key: "urn", header: "DfE number", width: 11 },
      { key: "name", header: "School name", width: 44 },
      { key: "type", header: "Status", width: 12 },
      { key: "phase", header: "Sector", width: 12 },
      { key: "pupils", header: "NOR", width: 8 },
      { key: "allocation", header: "Budget share", width: 16 },
      { key: "floor", header: "Minimum funding", width: 16 },
      { key: "x:ward", header: "Ward", width: 20 },
    ],
    phaseSubtotals: false,
    totalLabel: "Total",
    textUrns: false,
  },
  plan: {
    sheet: "Recovery plan",
    title: [],
    headerRow: 1,
    cols: [
      { key: "year", header: "Year", width: 10 },
      { key: "funding", header: "HNB income", width: 16 },
      { key: "expenditure", header: "Projected expenditure", width: 18 },
      { key: "savings", header: "Mitigations", width: 14 },
      { key: "transfers", header: "Schools block transfer", width: 14 },
      { key: "otherIncome", header: "Contributions", width: 14 },
      { key: "writeOffs", header: "HNSG", width: 14 },
    ],
    yearLabel: (y) => `${y}-${String((y + 1) % 100).padStart(2, "0")}`,
    blankForZero: false,
  },
  keyFigures: {
    sheet: "Assumptions",
    title: [],
    headerRow: 1,
    cols: [
      { key: "item", header: "Parameter", width: 30 },
      { key: "value", header: "Value", width: 18 },
    ],
    labels: {
      council: "Local authority",
      financialYear: "Year",
      asAt: "As at",
      schoolsBlock: "Schools block",
      schoolsBlockIsEstimate: "Base is estimate",
      transferExcluded: "Protected amount",
      transferPercent: "Transfer %",
      openingBalance: "Reserve b/f",
      hourlyRate: "Rate per hour",
      weeksPerYear: "Funded weeks",
      mainstreamThreshold: "Notional SEN threshold",
    },
    asText: ["asAt", "transferPercent", "openingBalance"],
  },
};

const ALT_B_TITLE = (title: string): string[] =>
  titleBlock(6, [
    title,
    "Month 7 (October 2026)",
    "Prepared by: High Needs finance",
    "Status: draft for Schools Forum",
  ]);

/** Variant B: headers on row 6 under four title lines; key figures beside the DSG table; phase subtotals. */
const ALT_B: Layout = {
  name: "alt-b",
  sheets: [
    "Notes",
    "HN monitoring M7",
    "DSG position",
    "EHCP placements",
    "Banding",
    "Schools 26-27",
    "DMP",
    "Lists",
  ],
  hiddenSheets: ["Lists"],
  prose: {
    sheet: "Notes",
    lines: [
      "Northbrook Council (fictional) – DSG monitoring pack, layout B.",
      "Tables start on row 6. The key assumptions sit beside the DSG position table.",
    ],
  },
  budget: {
    sheet: "HN monitoring M7",
    title: ALT_B_TITLE("High Needs Block – forecast outturn 2026-27"),
    mergeTitle: true,
    headerRow: 6,
    cols: [
      { key: "s251", header: "Line code", width: 10 },
      { key: "line", header: "Service", width: 52 },
      { key: "budget", header: "Revised budget", width: 16 },
      { key: "forecast", header: "Forecast", width: 16 },
      { key: "x:variance", header: "Variance", width: 14 },
      { key: "lastForecast", header: "Previous forecast", width: 16 },
      { key: "x:rag", header: "RAG", width: 7 },
      { key: "note", header: "Commentary", width: 50 },
    ],
    sections: true,
    subtotalLabel: () => "Sub-total",
    totalLabel: "Total High Needs Block",
    blankBetweenSections: true,
    textAmounts: true,
  },
  dsg: {
    sheet: "DSG position",
    title: ALT_B_TITLE("Dedicated Schools Grant position 2026-27"),
    headerRow: 6,
    cols: [
      { key: "block", header: "Block", width: 30 },
      { key: "allocation", header: "Allocation after recoupment", width: 16 },
      { key: "transfers", header: "Block transfers", width: 14 },
      { key: "budget", header: "Annual budget", width: 16 },
      { key: "forecast", header: "Projected outturn", width: 16 },
      { key: "lastForecast", header: "Forecast at last report", width: 16 },
    ],
    blockNames: {
      schools: "Schools Block",
      cssb: "Central School Services Block",
      earlyYears: "Early Years Block",
      highNeeds: "High Needs Block",
    },
    linkHighNeeds: true,
  },
  register: {
    sheet: "EHCP placements",
    title: ALT_B_TITLE("EHCP placements with top-up funding"),
    headerRow: 6,
    cols: [
      { key: "pupilRef", header: "Child ref", width: 12 },
      { key: "x:officer", header: "Case officer", width: 14 },
      { key: "school", header: "Establishment", width: 40 },
      { key: "setting", header: "Placement type", width: 20 },
      { key: "currentBand", header: "Existing band", width: 12 },
      { key: "proposedBand", header: "Future band", width: 12 },
      { key: "hours", header: "Support hours", width: 12 },
      { key: "start", header: "Placement start", width: 14 },
      { key: "end", header: "Placement end", width: 14 },
      { key: "x:review", header: "Review due", width: 12 },
    ],
    datesAsText: false,
  },
  currentBands: {
    sheet: "Banding",
    title: ALT_B_TITLE("Banding"),
    headerRow: 6,
    cols: [
      { key: "band", header: "Current band", width: 14 },
      { key: "hours", header: "Support hours", width: 14 },
    ],
  },
  proposedBands: {
    sheet: "Banding",
    title: [],
    caption: { row: 15, text: "Needs-led banding from 2027-28" },
    headerRow: 16,
    cols: [{ key: "band", header: "Needs-led band" }, ...SETTING_COLS],
  },
  schools: {
    sheet: "Schools 26-27",
    title: ALT_B_TITLE("Schools budget shares 2026-27"),
    headerRow: 6,
    cols: [
      { key: "name", header: "Establishment", width: 44 },
      { key: "urn", header: "LAESTAB", width: 10 },
      { key: "phase", header: "School phase", width: 12 },
      { key: "type", header: "Governance", width: 12 },
      { key: "pupils", header: "Pupil numbers", width: 10 },
      { key: "allocation", header: "Budget share before transfer", width: 18 },
      { key: "floor", header: "Protection floor", width: 18 },
    ],
    phaseSubtotals: true,
    totalLabel: "Total all schools",
    textUrns: false,
  },
  plan: {
    sheet: "DMP",
    title: ALT_B_TITLE("DSG management plan"),
    headerRow: 6,
    cols: [
      { key: "year", header: "FY", width: 10 },
      { key: "funding", header: "High needs funding", width: 16 },
      { key: "expenditure", header: "Spend", width: 16 },
      { key: "savings", header: "Management actions", width: 14 },
      { key: "transfers", header: "Block transfer", width: 14 },
      { key: "otherIncome", header: "Other contributions", width: 14 },
      { key: "writeOffs", header: "Write off", width: 14 },
    ],
    yearLabel: (y) => `${y}/${String((y + 1) % 100).padStart(2, "0")}`,
    blankForZero: true,
  },
  keyFigures: {
    sheet: "DSG position",
    title: [],
    headerRow: 6,
    leftCol: 8, // the DSG table takes A:F; G stays blank
    cols: [
      { key: "item", header: "Assumption", width: 30 },
      { key: "value", header: "Amount", width: 18 },
    ],
    labels: {
      council: "Council",
      financialYear: "Financial year",
      asAt: "Position as at",
      schoolsBlock: "SB before recoupment",
      schoolsBlockIsEstimate: "Estimated schools block",
      transferExcluded: "Excluded amount",
      transferPercent: "Block transfer %",
      openingBalance: "DSG reserve brought forward",
      hourlyRate: "TA hourly rate",
      weeksPerYear: "Weeks",
      mainstreamThreshold: "Element 2 threshold",
    },
    asText: ["schoolsBlock"],
  },
};

const ALT_C_TITLE = (title: string): string[] =>
  titleBlock(9, [
    title,
    "Northbrook Council (fictional)",
    "Children's Services – Education finance",
    "Financial year 2026-27",
    "Version 3",
    "Printed 04/11/2026",
    "OFFICIAL – SENSITIVE",
  ]);

/** Variant C: headers on row 9 under seven title lines; dates as text; bands on two sheets; hidden columns. */
const ALT_C: Layout = {
  name: "alt-c",
  sheets: [
    "Cover",
    "HNB M7 forecast",
    "DSG",
    "Placements",
    "Current bands",
    "Proposed bands",
    "Formula allocations",
    "Management plan",
    "Parameters",
  ],
  prose: {
    sheet: "Cover",
    lines: [
      "Northbrook Council",
      "Schools Forum – DSG workbook, layout C",
      "Every table starts on row 9 under a title block.",
    ],
  },
  budget: {
    sheet: "HNB M7 forecast",
    title: ALT_C_TITLE("High Needs Block forecast – month 7"),
    mergeTitle: true,
    headerRow: 9,
    cols: [
      { key: "s251", header: "s251", width: 9 },
      { key: "line", header: "Expenditure line", width: 52 },
      { key: "budget", header: "Approved budget", width: 16 },
      { key: "lastForecast", header: "Last reported forecast", width: 16 },
      { key: "forecast", header: "Outturn", width: 16 },
      { key: "x:variance", header: "Variance", width: 14 },
      { key: "x:variancePct", header: "Variance %", width: 10 },
      { key: "note", header: "Explanation", width: 50 },
    ],
    sections: true,
    subtotalLabel: (h) => `Total ${lowerFirst(h)}`,
    totalLabel: "Grand total",
    blankBetweenSections: false,
    textAmounts: false,
  },
  dsg: {
    sheet: "DSG",
    title: ALT_C_TITLE("Dedicated Schools Grant"),
    headerRow: 9,
    cols: [
      { key: "block", header: "Funding block", width: 26 },
      { key: "allocation", header: "Grant allocation", width: 16 },
      { key: "transfers", header: "Movement between blocks", width: 16 },
      { key: "budget", header: "Revised budget", width: 16 },
      { key: "forecast", header: "Forecast outturn", width: 16 },
      { key: "lastForecast", header: "Previous forecast", width: 16 },
      { key: "x:dsgVariance", header: "Variance", width: 14 },
    ],
    blockNames: {
      schools: "Schools",
      cssb: "Central School Services",
      earlyYears: "Early Years",
      highNeeds: "High Needs",
    },
    linkHighNeeds: false,
  },
  register: {
    sheet: "Placements",
    title: ALT_C_TITLE("Placements funded from the High Needs Block"),
    headerRow: 9,
    cols: [
      { key: "pupilRef", header: "Case ref", width: 12 },
      { key: "setting", header: "Type of provision", width: 20 },
      { key: "school", header: "School name", width: 40 },
      { key: "x:officer", header: "Case officer", hidden: true, width: 14 },
      { key: "currentBand", header: "Old band", width: 10 },
      { key: "proposedBand", header: "Needs-led band", width: 14 },
      { key: "hours", header: "TA hours", width: 10 },
      { key: "start", header: "Date started", width: 13 },
      { key: "end", header: "Leaving date", width: 13 },
      { key: "x:need", header: "Primary need", width: 12 },
    ],
    datesAsText: true,
  },
  currentBands: {
    sheet: "Current bands",
    title: ALT_C_TITLE("Current bands (hours of support)"),
    headerRow: 9,
    cols: [
      { key: "band", header: "Band", width: 10 },
      { key: "hours", header: "Hours a week", width: 14 },
    ],
  },
  proposedBands: {
    sheet: "Proposed bands",
    title: ALT_C_TITLE("Proposed bands 2027-28 (annual top-up £)"),
    headerRow: 9,
    cols: [
      { key: "band", header: "Proposed band" },
      { key: "x:descriptor", header: "Descriptor", width: 18 },
      ...SETTING_COLS,
    ],
  },
  schools: {
    sheet: "Formula allocations",
    title: ALT_C_TITLE("Local formula allocations 2026-27"),
    headerRow: 9,
    cols: [
      { key: "name", header: "Academy/School", width: 44 },
      { key: "urn", header: "URN", width: 10 },
      { key: "phase", header: "Phase", width: 12 },
      { key: "type", header: "School type", width: 12 },
      { key: "pupils", header: "October census pupils", width: 12 },
      { key: "allocation", header: "NFF allocation", width: 16 },
      { key: "floor", header: "MFG/MPPL floor", width: 16 },
      { key: "x:perPupil", header: "Allocation per pupil", width: 12 },
      { key: "x:head", header: "Head teacher", hidden: true, width: 16 },
    ],
    phaseSubtotals: false,
    totalLabel: "Total",
    textUrns: false,
  },
  plan: {
    sheet: "Management plan",
    title: ALT_C_TITLE("DSG management plan – High Needs Block"),
    headerRow: 9,
    cols: [
      { key: "year", header: "Financial year", width: 14 },
      { key: "funding", header: "Funding", width: 16 },
      { key: "expenditure", header: "Unmitigated expenditure", width: 16 },
      { key: "savings", header: "Plan savings", width: 14 },
      { key: "transfers", header: "Transfers", width: 14 },
      { key: "otherIncome", header: "Safety valve", width: 14 },
      { key: "writeOffs", header: "Stability grant", width: 14 },
      { key: "x:inYear", header: "In-year balance", width: 16 },
    ],
    yearLabel: (y) => `${y}-${String((y + 1) % 100).padStart(2, "0")}`,
    blankForZero: false,
  },
  keyFigures: {
    sheet: "Parameters",
    title: ALT_C_TITLE("Parameters"),
    headerRow: 9,
    cols: [
      { key: "item", header: "Item", width: 30 },
      { key: "value", header: "Value", width: 18 },
    ],
    labels: {
      council: "Authority",
      financialYear: "Financial year",
      asAt: "As at",
      schoolsBlock: "Schools block total",
      schoolsBlockIsEstimate: "Schools block estimate",
      transferExcluded: "Transfer exclusions",
      transferPercent: "Proposed transfer",
      openingBalance: "Cumulative balance b/f",
      hourlyRate: "Hourly rate",
      weeksPerYear: "Weeks per year",
      mainstreamThreshold: "Threshold",
    },
    asText: ["hourlyRate"],
  },
};

const LAYOUTS: Readonly<Record<LayoutName, Layout>> = {
  standard: STANDARD,
  "alt-a": ALT_A,
  "alt-b": ALT_B,
  "alt-c": ALT_C,
};

// ---------------------------------------------------------------------------------------------
// Writing

const FMT_MONEY = "#,##0;(#,##0)";
const FMT_POUNDS = "£#,##0;(£#,##0)";
const FMT_DATE = "dd/mm/yyyy";

type Cell = ExcelJS.CellValue;

/** A date cell value: a JavaScript Date at UTC midnight, which ExcelJS writes as a whole serial. */
function dateValue(serial: number): Date {
  const { year, month, day: d } = dateFromSerial(serial);
  return new Date(Date.UTC(year, month - 1, d));
}

function colLetter(col: number): string {
  let s = "";
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

const ref = (col: number, row: number): string => `${colLetter(col)}${row}`;
const sheetRef = (sheet: string, col: number, row: number): string =>
  `'${sheet.replace(/'/g, "''")}'!${ref(col, row)}`;
const formula = (f: string, result: number): ExcelJS.CellFormulaValue => ({ formula: f, result });

function set(ws: ExcelJS.Worksheet, row: number, col: number, value: Cell, numFmt?: string): void {
  if (value === null || value === undefined) return;
  const cell = ws.getCell(row, col);
  cell.value = value;
  if (numFmt) cell.numFmt = numFmt;
}

/** Title lines from A1, the first bold (and merged across the table when asked). */
function writeTitle(ws: ExcelJS.Worksheet, t: TableLayout): void {
  t.title.forEach((line, i) => {
    if (line === "") return;
    const cell = ws.getCell(i + 1, 1);
    cell.value = line;
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
  if (t.mergeTitle && t.title.length > 0) ws.mergeCells(1, 1, 1, (t.leftCol ?? 1) + t.cols.length - 1);
}

/** Header cells and column widths; returns field key → 1-based column (and value columns). */
function writeHeader(
  ws: ExcelJS.Worksheet,
  t: TableLayout,
): { columns: Record<string, number>; valueColumns: Record<string, number>; at: Record<string, number> } {
  const left = t.leftCol ?? 1;
  const columns: Record<string, number> = {};
  const valueColumns: Record<string, number> = {};
  const at: Record<string, number> = {};
  t.cols.forEach((c, i) => {
    const col = left + i;
    const cell = ws.getCell(t.headerRow, col);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.border = { bottom: { style: "thin" } };
    const column = ws.getColumn(col);
    if (c.width) column.width = c.width;
    if (c.hidden) column.hidden = true;
    at[c.key] = col;
    if (c.key.startsWith("v:")) valueColumns[c.header] = col;
    else if (!c.key.startsWith("x:")) columns[c.key] = col;
  });
  return { columns, valueColumns, at };
}

function boldRow(ws: ExcelJS.Worksheet, row: number, from: number, to: number): void {
  for (let c = from; c <= to; c++) ws.getCell(row, c).font = { bold: true };
}

interface Context {
  readonly wb: ExcelJS.Workbook;
  readonly layout: Layout;
  readonly model: Model;
  readonly totals: TotalRowFact[];
  readonly tables: Partial<Record<DatasetId, TableLocation>>;
  readonly seeded: SeededIssue[];
}

function sheet(ctx: Context, name: string): ExcelJS.Worksheet {
  const ws = ctx.wb.getWorksheet(name);
  if (!ws) throw new Error(`layout ${ctx.layout.name} has no sheet ${name}`);
  return ws;
}

function writeProse(ctx: Context): void {
  const ws = sheet(ctx, ctx.layout.prose.sheet);
  ws.getColumn(1).width = 110;
  ctx.layout.prose.lines.forEach((line, i) => {
    if (line !== "") set(ws, i + 1, 1, line);
  });
  ws.getCell(1, 1).font = { bold: true, size: 14 };
}

interface BudgetWritten {
  readonly lines: BudgetLineFact[];
  readonly textAmounts: { row: number; field: string; text: string }[];
  /** Where the grand total's budget, forecast and last forecast sit, for the DSG sheet to link to. */
  readonly totalRow: number;
  readonly at: Record<string, number>;
}

function writeBudget(ctx: Context): BudgetWritten {
  const t = ctx.layout.budget;
  const ws = sheet(ctx, t.sheet);
  writeTitle(ws, t);
  const { columns, at } = writeHeader(ws, t);
  const left = t.leftCol ?? 1;
  const right = left + t.cols.length - 1;
  const money = ["budget", "forecast", "lastForecast"] as const;
  const lines: BudgetLineFact[] = [];
  const textAmounts: { row: number; field: string; text: string }[] = [];
  const subtotalRows: number[] = [];
  const sectionTotals: { row: number; sums: Record<string, number> }[] = [];
  let row = t.headerRow + 1;

  const amountsRow = (r: number, sums: Record<string, number>, refs: (field: string) => string): void => {
    for (const f of money) set(ws, r, at[f], formula(refs(f), sums[f]), FMT_MONEY);
    if (at["x:variance"])
      set(
        ws,
        r,
        at["x:variance"],
        formula(`${ref(at.forecast, r)}-${ref(at.budget, r)}`, sums.forecast - sums.budget),
        FMT_MONEY,
      );
    if (at["x:variancePct"]) {
      set(
        ws,
        r,
        at["x:variancePct"],
        formula(
          `IF(${ref(at.budget, r)}=0,0,${ref(at.forecast, r)}/${ref(at.budget, r)}-1)`,
          sums.budget === 0 ? 0 : sums.forecast / sums.budget - 1,
        ),
        "0.0%",
      );
    }
  };

  ctx.model.sections.forEach((section, si) => {
    if (t.sections) {
      set(ws, row, left, section.heading);
      ws.getCell(row, left).font = { bold: true, italic: true };
      row++;
    }
    const first = row;
    let hasText = false;
    for (const l of section.lines) {
      set(ws, row, at.s251, l.s251 ?? null);
      set(ws, row, at.line, l.line);
      if (at["x:costCentre"]) set(ws, row, at["x:costCentre"], l.costCentre);
      if (at["x:holder"]) set(ws, row, at["x:holder"], OFFICERS[(lines.length * 7) % OFFICERS.length]);
      if (at["x:rag"])
        set(
          ws,
          row,
          at["x:rag"],
          l.forecast > l.budget * 1.05 ? "Red" : l.forecast > l.budget ? "Amber" : "Green",
        );
      for (const f of money) {
        const text = t.textAmounts
          ? f === "budget"
            ? l.budgetText
            : f === "lastForecast"
              ? l.lastForecastText
              : undefined
          : undefined;
        if (text !== undefined) {
          set(ws, row, at[f], text);
          textAmounts.push({ row, field: f, text });
          hasText = true;
        } else set(ws, row, at[f], l[f], FMT_MONEY);
      }
      if (at["x:variance"])
        set(
          ws,
          row,
          at["x:variance"],
          formula(`${ref(at.forecast, row)}-${ref(at.budget, row)}`, l.forecast - l.budget),
          FMT_MONEY,
        );
      if (at["x:variancePct"]) {
        set(
          ws,
          row,
          at["x:variancePct"],
          formula(
            `IF(${ref(at.budget, row)}=0,0,${ref(at.forecast, row)}/${ref(at.budget, row)}-1)`,
            l.budget === 0 ? 0 : l.forecast / l.budget - 1,
          ),
          "0.0%",
        );
      }
      set(ws, row, at.note, l.note ?? null);
      lines.push({
        row,
        s251: l.s251,
        line: l.line,
        budget: l.budget,
        forecast: l.forecast,
        lastForecast: l.lastForecast,
        note: l.note,
      });
      row++;
    }
    const last = row - 1;
    if (t.sections) {
      const sums: Record<string, number> = {};
      for (const f of money) sums[f] = sumPounds(section.lines.map((l) => l[f]));
      // SUM ignores numbers stored as text, so a section holding one adds its cells one by one
      // (Excel's + converts "£1,234" and "(12,000)" to numbers): the formula then agrees with
      // the cached result when Excel recalculates.
      const rows = section.lines.map((_, i) => first + i);
      set(ws, row, at.line, t.subtotalLabel(section.heading));
      amountsRow(row, sums, (f) =>
        hasText ? rows.map((r) => ref(at[f], r)).join("+") : `SUM(${ref(at[f], first)}:${ref(at[f], last)})`,
      );
      boldRow(ws, row, left, right);
      ctx.totals.push({
        dataset: "budgetLines",
        sheet: t.sheet,
        row,
        label: t.subtotalLabel(section.heading),
        covers: rows,
        stated: sums,
      });
      subtotalRows.push(row);
      sectionTotals.push({ row, sums });
      row++;
      if (t.blankBetweenSections && si < ctx.model.sections.length - 1) row++;
    }
  });

  if (t.blankBetweenSections) row++;
  const sums: Record<string, number> = {};
  for (const f of money) sums[f] = sumPounds(lines.map((l) => l[f]));
  set(ws, row, at.line, t.totalLabel);
  const firstLine = lines[0].row;
  const lastLine = lines[lines.length - 1].row;
  amountsRow(row, sums, (f) =>
    t.sections
      ? subtotalRows.map((r) => ref(at[f], r)).join("+")
      : `SUM(${ref(at[f], firstLine)}:${ref(at[f], lastLine)})`,
  );
  boldRow(ws, row, left, right);
  ctx.totals.push({
    dataset: "budgetLines",
    sheet: t.sheet,
    row,
    label: t.totalLabel,
    covers: lines.map((l) => l.row),
    stated: sums,
  });
  ctx.tables.budgetLines = {
    sheet: t.sheet,
    headerRow: t.headerRow,
    firstDataRow: t.headerRow + 1,
    lastRow: row,
    columns,
  };
  return { lines, textAmounts, totalRow: row, at };
}

function writeDsg(ctx: Context, budget: BudgetWritten): DsgBlockFact[] {
  const t = ctx.layout.dsg;
  const ws = sheet(ctx, t.sheet);
  writeTitle(ws, t);
  const { columns, at } = writeHeader(ws, t);
  const fields = ["allocation", "transfers", "budget", "forecast", "lastForecast"] as const;
  const facts: DsgBlockFact[] = [];
  let row = t.headerRow + 1;
  for (const b of ctx.model.blocks) {
    const name = t.blockNames[b.key];
    set(ws, row, at.block, name);
    for (const f of fields) {
      const linked = b.key === "highNeeds" && t.linkHighNeeds && f !== "allocation" && f !== "transfers";
      if (linked)
        set(
          ws,
          row,
          at[f],
          formula(sheetRef(ctx.layout.budget.sheet, budget.at[f], budget.totalRow), b[f]),
          FMT_MONEY,
        );
      else set(ws, row, at[f], b[f], FMT_MONEY);
    }
    if (at["x:dsgVariance"])
      set(
        ws,
        row,
        at["x:dsgVariance"],
        formula(`${ref(at.forecast, row)}-${ref(at.budget, row)}`, b.forecast - b.budget),
        FMT_MONEY,
      );
    facts.push({
      row,
      block: name,
      allocation: b.allocation,
      transfers: b.transfers,
      budget: b.budget,
      forecast: b.forecast,
      lastForecast: b.lastForecast,
    });
    row++;
  }
  const first = facts[0].row;
  const last = facts[facts.length - 1].row;
  const stated: Record<string, number> = {};
  set(ws, row, at.block, "Total");
  for (const f of fields) {
    stated[f] = sumPounds(ctx.model.blocks.map((b) => b[f]));
    set(ws, row, at[f], formula(`SUM(${ref(at[f], first)}:${ref(at[f], last)})`, stated[f]), FMT_MONEY);
  }
  if (at["x:dsgVariance"])
    set(
      ws,
      row,
      at["x:dsgVariance"],
      formula(`${ref(at.forecast, row)}-${ref(at.budget, row)}`, stated.forecast - stated.budget),
      FMT_MONEY,
    );
  boldRow(ws, row, t.leftCol ?? 1, (t.leftCol ?? 1) + t.cols.length - 1);
  ctx.totals.push({
    dataset: "dsgBlocks",
    sheet: t.sheet,
    row,
    label: "Total",
    covers: facts.map((f) => f.row),
    stated,
  });
  ctx.tables.dsgBlocks = {
    sheet: t.sheet,
    headerRow: t.headerRow,
    firstDataRow: t.headerRow + 1,
    lastRow: row,
    columns,
  };
  return facts;
}

function writeRegister(ctx: Context): { blankRows: number[]; totalRow: number; rows: number[] } {
  const t = ctx.layout.register;
  const ws = sheet(ctx, t.sheet);
  writeTitle(ws, t);
  const { columns, at } = writeHeader(ws, t);
  const left = t.leftCol ?? 1;
  const placements = ctx.model.placements;
  // One fully blank row in the middle, as left by someone deleting a line's contents.
  const blankAfter = Math.floor(placements.length / 2);
  const dateCell = (
    serial: Serial | null,
    style: DateStyle,
    text: string | undefined,
  ): [Cell, string | undefined] => {
    if (text !== undefined) return [text, undefined];
    if (serial === null) return [null, undefined];
    if (style === "long") return [formatLongUkDate(serial), undefined];
    if (style === "dmy" || t.datesAsText) return [formatUkDate(serial), undefined];
    return [dateValue(serial), FMT_DATE];
  };
  const rows: number[] = [];
  let row = t.headerRow + 1;
  const blankRows: number[] = [];
  placements.forEach((p, i) => {
    if (i === blankAfter) blankRows.push(row++);
    set(ws, row, at.pupilRef, p.pupilRef);
    set(ws, row, at.school, p.school);
    set(ws, row, at.setting, p.setting);
    set(ws, row, at.currentBand, p.currentBand);
    set(ws, row, at.proposedBand, p.proposedBand);
    set(ws, row, at.hours, p.hoursText ?? p.hours);
    const [start, startFmt] = dateCell(p.start, p.startStyle, p.startText);
    set(ws, row, at.start, start, startFmt);
    const [end, endFmt] = dateCell(p.end, p.endStyle, p.endText);
    set(ws, row, at.end, end, endFmt);
    if (at["x:need"]) set(ws, row, at["x:need"], p.need);
    if (at["x:officer"]) set(ws, row, at["x:officer"], p.officer);
    if (at["x:ncy"]) set(ws, row, at["x:ncy"], p.ncy);
    if (at["x:review"]) set(ws, row, at["x:review"], dateValue(p.reviewDue), FMT_DATE);
    if (p.issue) ctx.seeded.push({ sheet: t.sheet, row, ...p.issue });
    rows.push(row);
    row++;
  });
  const good = placements.filter((p) => !p.issue).length;
  set(ws, row, left, "Total placements");
  set(ws, row, left + 1, good);
  boldRow(ws, row, left, left + 1);
  ctx.tables.placements = {
    sheet: t.sheet,
    headerRow: t.headerRow,
    firstDataRow: t.headerRow + 1,
    lastRow: row,
    columns,
  };
  return { blankRows, totalRow: row, rows };
}

function writeBands(ctx: Context): void {
  const c = ctx.layout.currentBands;
  const ws = sheet(ctx, c.sheet);
  writeTitle(ws, c);
  const cur = writeHeader(ws, c);
  CURRENT_BANDS.forEach(([band, hours], i) => {
    set(ws, c.headerRow + 1 + i, cur.at.band, band);
    set(ws, c.headerRow + 1 + i, cur.at.hours, hours, "0.0");
  });
  ctx.tables.currentBands = {
    sheet: c.sheet,
    headerRow: c.headerRow,
    firstDataRow: c.headerRow + 1,
    lastRow: c.headerRow + CURRENT_BANDS.length,
    columns: cur.columns,
  };

  const p = ctx.layout.proposedBands;
  const pws = sheet(ctx, p.sheet);
  writeTitle(pws, p);
  if (p.caption) {
    set(pws, p.caption.row, p.leftCol ?? 1, p.caption.text);
    pws.getCell(p.caption.row, p.leftCol ?? 1).font = { bold: true };
  }
  const prop = writeHeader(pws, p);
  PROPOSED_BANDS.forEach(([band, values], i) => {
    const r = p.headerRow + 1 + i;
    set(pws, r, prop.at.band, band);
    if (prop.at["x:descriptor"]) set(pws, r, prop.at["x:descriptor"], BAND_DESCRIPTORS[i]);
    SETTINGS.forEach((s, k) => set(pws, r, prop.at[`v:${s}`], values[k], FMT_POUNDS));
  });
  ctx.tables.proposedBands = {
    sheet: p.sheet,
    headerRow: p.headerRow,
    firstDataRow: p.headerRow + 1,
    lastRow: p.headerRow + PROPOSED_BANDS.length,
    columns: prop.columns,
    valueColumns: prop.valueColumns,
  };
}

function writeSchools(ctx: Context): void {
  const t = ctx.layout.schools;
  const ws = sheet(ctx, t.sheet);
  writeTitle(ws, t);
  const { columns, at } = writeHeader(ws, t);
  const left = t.leftCol ?? 1;
  const right = left + t.cols.length - 1;
  const sumFields = ["pupils", "allocation", "floor"] as const;
  let row = t.headerRow + 1;
  const allRows: number[] = [];
  const subtotalRows: number[] = [];
  const phases: Phase[] = ["Primary", "Secondary", "All-through"];
  const groups = t.phaseSubtotals
    ? phases.map((ph) => ctx.model.schools.filter((s) => s.phase === ph))
    : [ctx.model.schools];
  groups.forEach((group, gi) => {
    if (group.length === 0) return;
    const first = row;
    group.forEach((s, i) => {
      set(ws, row, at.name, s.name);
      // A few URNs stored as text, as when a column was pasted from a web page.
      const urn: Cell =
        ctx.layout.name === "alt-b" ? s.laestab : t.textUrns && i % 37 === 11 ? String(s.urn) : s.urn;
      set(ws, row, at.urn, urn);
      set(ws, row, at.phase, s.phase);
      set(ws, row, at.type, s.type);
      set(ws, row, at.pupils, s.pupils, "#,##0");
      set(ws, row, at.allocation, s.allocation, FMT_POUNDS);
      set(ws, row, at.floor, s.floor, FMT_POUNDS);
      if (at["x:ward"]) set(ws, row, at["x:ward"], s.ward);
      if (at["x:head"]) set(ws, row, at["x:head"], s.head);
      if (at["x:perPupil"])
        set(
          ws,
          row,
          at["x:perPupil"],
          formula(
            `ROUND(${ref(at.allocation, row)}/${ref(at.pupils, row)},0)`,
            Math.round(s.allocation / s.pupils),
          ),
          FMT_POUNDS,
        );
      allRows.push(row);
      row++;
    });
    if (t.phaseSubtotals) {
      const label = `${phases[gi]} total`;
      const stated: Record<string, number> = {};
      set(ws, row, at.name, label);
      for (const f of sumFields) {
        stated[f] = sumPounds(group.map((s) => s[f]));
        set(
          ws,
          row,
          at[f],
          formula(`SUM(${ref(at[f], first)}:${ref(at[f], row - 1)})`, stated[f]),
          f === "pupils" ? "#,##0" : FMT_POUNDS,
        );
      }
      boldRow(ws, row, left, right);
      ctx.totals.push({
        dataset: "schools",
        sheet: t.sheet,
        row,
        label,
        covers: group.map((_, i) => first + i),
        stated,
      });
      subtotalRows.push(row);
      row += 2; // a blank row after each phase block
    }
  });
  const stated: Record<string, number> = {};
  set(ws, row, at.name, t.totalLabel);
  for (const f of sumFields) {
    stated[f] = sumPounds(ctx.model.schools.map((s) => s[f]));
    const f1 = t.phaseSubtotals
      ? subtotalRows.map((r) => ref(at[f], r)).join("+")
      : `SUM(${ref(at[f], allRows[0])}:${ref(at[f], allRows[allRows.length - 1])})`;
    set(ws, row, at[f], formula(f1, stated[f]), f === "pupils" ? "#,##0" : FMT_POUNDS);
  }
  boldRow(ws, row, left, right);
  ctx.totals.push({ dataset: "schools", sheet: t.sheet, row, label: t.totalLabel, covers: allRows, stated });
  ctx.tables.schools = {
    sheet: t.sheet,
    headerRow: t.headerRow,
    firstDataRow: t.headerRow + 1,
    lastRow: row,
    columns,
  };
}

function writePlan(ctx: Context): DeficitPlanFact[] {
  const t = ctx.layout.plan;
  const ws = sheet(ctx, t.sheet);
  writeTitle(ws, t);
  const { columns, at } = writeHeader(ws, t);
  const fields = ["funding", "expenditure", "savings", "transfers", "otherIncome", "writeOffs"] as const;
  const facts: DeficitPlanFact[] = [];
  ctx.model.plan.forEach((y, i) => {
    const row = t.headerRow + 1 + i;
    const year = t.yearLabel(y.startYear);
    set(ws, row, at.year, year);
    for (const f of fields) if (!(t.blankForZero && y[f] === 0)) set(ws, row, at[f], y[f], FMT_MONEY);
    if (at["x:inYear"]) {
      const c = (f: string): string => ref(at[f], row);
      const inYear = y.funding + y.transfers + y.otherIncome - y.expenditure + y.savings;
      set(
        ws,
        row,
        at["x:inYear"],
        formula(
          `${c("funding")}+${c("transfers")}+${c("otherIncome")}-${c("expenditure")}+${c("savings")}`,
          inYear,
        ),
        FMT_MONEY,
      );
    }
    facts.push({ row, year, ...y });
  });
  ctx.tables.deficitPlan = {
    sheet: t.sheet,
    headerRow: t.headerRow,
    firstDataRow: t.headerRow + 1,
    lastRow: t.headerRow + facts.length,
    columns,
  };
  // Drop the internal startYear field from the facts (the label is what the sheet holds).
  return facts.map(({ row, year, funding, expenditure, savings, transfers, otherIncome, writeOffs }) => ({
    row,
    year,
    funding,
    expenditure,
    savings,
    transfers,
    otherIncome,
    writeOffs,
  }));
}

function writeKeyFigures(ctx: Context): Record<string, number> {
  const t = ctx.layout.keyFigures;
  const ws = sheet(ctx, t.sheet);
  writeTitle(ws, t);
  const { columns, at } = writeHeader(ws, t);
  const m = ctx.model;
  const typed: Record<KeyItem, [Cell, string | undefined]> = {
    council: [COUNCIL, undefined],
    financialYear: [FINANCIAL_YEAR, undefined],
    asAt: [dateValue(AS_AT), FMT_DATE],
    schoolsBlock: [m.schoolsBlock, FMT_POUNDS],
    schoolsBlockIsEstimate: ["Yes", undefined],
    transferExcluded: [0, FMT_POUNDS],
    transferPercent: [TRANSFER_PERCENT, "0.0%"],
    openingBalance: [m.openingBalance, FMT_POUNDS],
    hourlyRate: [HOURLY_RATE, "£#,##0.00"],
    weeksPerYear: [WEEKS_PER_YEAR, "0"],
    mainstreamThreshold: [MAINSTREAM_THRESHOLD, FMT_POUNDS],
  };
  const text: Record<KeyItem, string> = {
    council: COUNCIL,
    financialYear: FINANCIAL_YEAR,
    asAt: formatUkDate(AS_AT),
    schoolsBlock: `£${thousands(m.schoolsBlock)}`,
    schoolsBlockIsEstimate: "Yes",
    transferExcluded: "£0",
    transferPercent: "0.5%",
    openingBalance: m.openingBalance < 0 ? `(${thousands(-m.openingBalance)})` : thousands(m.openingBalance),
    hourlyRate: `£${thousands(HOURLY_RATE, 2)}`,
    weeksPerYear: String(WEEKS_PER_YEAR),
    mainstreamThreshold: `£${thousands(MAINSTREAM_THRESHOLD)}`,
  };
  const rows: Record<string, number> = {};
  KEY_ITEMS.forEach((item, i) => {
    const row = t.headerRow + 1 + i;
    set(ws, row, at.item, t.labels[item]);
    if (t.asText.includes(item)) set(ws, row, at.value, text[item]);
    else set(ws, row, at.value, typed[item][0], typed[item][1]);
    rows[item] = row;
  });
  ctx.tables.assumptions = {
    sheet: t.sheet,
    headerRow: t.headerRow,
    firstDataRow: t.headerRow + 1,
    lastRow: t.headerRow + KEY_ITEMS.length,
    columns,
  };
  return rows;
}

/** Lookup lists (a hidden sheet in layout B), the kind data-validation drop-downs point at. */
function writeLists(ws: ExcelJS.Worksheet): void {
  set(ws, 1, 1, "Settings");
  set(ws, 1, 2, "Bands");
  SETTINGS.forEach((s, i) => set(ws, i + 2, 1, s));
  CURRENT_BANDS.forEach(([b], i) => set(ws, i + 2, 2, b));
}

// ---------------------------------------------------------------------------------------------
// Worked DSG formulas (council-sample.xlsx): real formulas over the tables for Explain and Share

/** The sheet of worked DSG formulas. */
export const WORKED_SHEET = "Worked formulas";

/** A cell's value as a DSG function receives it: a formula's cached result, a date as its serial. */
function valueOf(ws: ExcelJS.Worksheet, row: number, col: number): string | number | boolean | null {
  const v = ws.getCell(row, col).value;
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return toSerialUtc(v);
  if (typeof v === "object" && "result" in v) {
    const r = (v as ExcelJS.CellFormulaValue).result;
    if (r instanceof Date) return toSerialUtc(r);
    return typeof r === "number" || typeof r === "string" || typeof r === "boolean" ? r : null;
  }
  if (typeof v === "object" && "sharedFormula" in v) {
    const r = (v as ExcelJS.CellSharedFormulaValue).result;
    return typeof r === "number" || typeof r === "string" || typeof r === "boolean" ? r : null;
  }
  return typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : null;
}

function toSerialUtc(d: Date): number {
  return serialFromDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())!;
}

/** The values of a block of cells (1-based, inclusive), as a DSG function receives a range. */
function block(ws: ExcelJS.Worksheet, top: number, left: number, bottom: number, right: number): unknown[][] {
  const out: unknown[][] = [];
  for (let r = top; r <= bottom; r++) {
    const line: unknown[] = [];
    for (let c = left; c <= right; c++) line.push(valueOf(ws, r, c));
    out.push(line);
  }
  return out;
}

/** A DSG result the sheet can cache: a number or text; anything else (an error) stops the build. */
function cached(what: string, value: unknown): number | string {
  if (typeof value === "number" || typeof value === "string") return value;
  throw new Error(`worked formulas: ${what} gave ${JSON.stringify(value)}, not a value`);
}

/** A DSG call as Excel saves a custom function's formula. */
const dsg = (fn: string, args: string): string => `_xldudf_DSG_${fn}(${args})`;

/** The 1-based rows of a table's data, its total rows left out; they must be one block. */
function dataRows(ctx: Context, dataset: DatasetId): { first: number; last: number } {
  const t = ctx.tables[dataset]!;
  const totals = ctx.totals.filter((x) => x.dataset === dataset).map((x) => x.row);
  let last = t.lastRow;
  while (totals.includes(last)) last--;
  if (totals.some((r) => r >= t.firstDataRow && r <= last))
    throw new Error(`worked formulas: ${dataset} has a total row inside its data`);
  return { first: t.firstDataRow, last };
}

/**
 * The "Worked formulas" sheet: band costs over the register (DSG.BANDCOST and a count of the
 * register's placements in each band), a Schools Block transfer (DSG.TRANSFERAMOUNT, then DSG.TRANSFERIMPACT's factor over
 * the schools) and the deficit plan's trajectory (DSG.TRAJECTORY, spilled). Each cached result is
 * what the add-in's own functions give for the cells as written, so the sheet opens showing the
 * figures Excel would show; Excel recalculates them when the add-in is loaded.
 */
function writeWorkedFormulas(ctx: Context, keyRows: Record<string, number>): void {
  const ws = ctx.wb.addWorksheet(WORKED_SHEET);
  const bold = (row: number, col: number) => (ws.getCell(row, col).font = { bold: true });
  set(ws, 1, 1, "Worked DSG formulas (these need the Forum Papers add-in)");
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  set(
    ws,
    2,
    1,
    "Each DSG formula below works on the tables in this workbook. Select one and press Explain in the Forum Papers pane to see how it is worked out; Share makes a copy for readers without the add-in.",
  );
  ws.getColumn(1).width = 44;
  for (const c of [2, 3, 4, 5]) ws.getColumn(c).width = 20;

  // 1. Band costs over the register: mainstream placements by needs-led band.
  const reg = ctx.tables.placements!;
  const regRows = dataRows(ctx, "placements");
  const regWs = sheet(ctx, reg.sheet);
  const bandCol = reg.columns.proposedBand;
  const settingCol = reg.columns.setting;
  const pb = ctx.tables.proposedBands!;
  const pbWs = sheet(ctx, pb.sheet);
  const pbLeft = Math.min(pb.columns.band, ...Object.values(pb.valueColumns ?? {}));
  const pbRight = Math.max(pb.columns.band, ...Object.values(pb.valueColumns ?? {}));
  const bandTable = block(pbWs, pb.headerRow, pbLeft, pb.lastRow, pbRight);
  const bandRange = `'${pb.sheet}'!$${colLetter(pbLeft)}$${pb.headerRow}:$${colLetter(pbRight)}$${pb.lastRow}`;
  const regRange = (col: number) =>
    `'${reg.sheet}'!$${colLetter(col)}$${regRows.first}:$${colLetter(col)}$${regRows.last}`;
  const same = (a: unknown, b: string) => typeof a === "string" && a.toLowerCase() === b.toLowerCase();

  set(ws, 4, 1, "1. Band costs over the register (mainstream placements, needs-led bands)");
  bold(4, 1);
  const h1 = [
    "Needs-led band",
    "Setting",
    "Placements in the register",
    "Top-up each (DSG.BANDCOST)",
    "Cost a year",
  ];
  h1.forEach((h, i) => {
    set(ws, 5, i + 1, h);
    bold(5, i + 1);
  });
  const setting = SETTINGS[0];
  let row = 6;
  const first = row;
  for (const [band] of PROPOSED_BANDS) {
    let count = 0;
    for (let r = regRows.first; r <= regRows.last; r++) {
      if (same(valueOf(regWs, r, bandCol), band) && same(valueOf(regWs, r, settingCol), setting)) count++;
    }
    const each = cached(
      `BANDCOST(${band})`,
      explainElementwise(BANDCOST, [[[band]], bandTable, [[setting]]]).result,
    ) as number;
    set(ws, row, 1, band);
    set(ws, row, 2, setting);
    set(
      ws,
      row,
      3,
      // SUMPRODUCT with "=", not COUNTIFS: a criterion is a pattern, "=" compares the text as it is.
      formula(`SUMPRODUCT(--(${regRange(bandCol)}=A${row}),--(${regRange(settingCol)}=B${row}))`, count),
      "#,##0",
    );
    set(ws, row, 4, formula(dsg("BANDCOST", `A${row},${bandRange},B${row}`), each), FMT_POUNDS);
    set(ws, row, 5, formula(`C${row}*D${row}`, count * each), FMT_POUNDS);
    row++;
  }
  const last = row - 1;
  set(ws, row, 1, "Total");
  bold(row, 1);
  const counts = block(ws, first, 3, last, 3).map((r) => r[0] as number);
  const costs = block(ws, first, 5, last, 5).map((r) => r[0] as number);
  set(
    ws,
    row,
    3,
    formula(
      `SUM(C${first}:C${last})`,
      counts.reduce((a, b) => a + b, 0),
    ),
    "#,##0",
  );
  set(ws, row, 5, formula(`SUM(E${first}:E${last})`, sumPounds(costs)), FMT_POUNDS);

  // 2. A Schools Block transfer: the amount, and the factor that shares it above the floors.
  row += 2;
  set(ws, row, 1, "2. A Schools Block transfer");
  bold(row, 1);
  const kf = ctx.tables.assumptions!;
  const kfWs = sheet(ctx, kf.sheet);
  const kfValue = (item: string) => ({
    ref: sheetRef(kf.sheet, kf.columns.value, keyRows[item]),
    value: valueOf(kfWs, keyRows[item], kf.columns.value),
  });
  const sb = kfValue("schoolsBlock");
  const pct = kfValue("transferPercent");
  const sbRow = row + 1;
  set(ws, sbRow, 1, "Schools Block before recoupment (from Key figures)");
  set(ws, sbRow, 2, formula(sb.ref, cached("Schools Block", sb.value) as number), FMT_POUNDS);
  set(ws, sbRow + 1, 1, "Transfer percentage (from Key figures)");
  set(ws, sbRow + 1, 2, formula(pct.ref, cached("transfer percentage", pct.value) as number), "0.0%");
  const amount = cached(
    "TRANSFERAMOUNT",
    explainElementwise(TRANSFERAMOUNT, [sb.value, pct.value]).result,
  ) as number;
  set(ws, sbRow + 2, 1, "Amount transferred (DSG.TRANSFERAMOUNT)");
  set(ws, sbRow + 2, 2, formula(dsg("TRANSFERAMOUNT", `B${sbRow},B${sbRow + 1}`), amount), FMT_POUNDS);
  const sc = ctx.tables.schools!;
  const scRows = dataRows(ctx, "schools");
  const scWs = sheet(ctx, sc.sheet);
  const scRange = (col: number) =>
    `'${sc.sheet}'!$${colLetter(col)}$${scRows.first}:$${colLetter(col)}$${scRows.last}`;
  const scBlock = (col: number) => block(scWs, scRows.first, col, scRows.last, col);
  const factor = cached(
    "TRANSFERIMPACT",
    runWholeRange(TRANSFERIMPACT, [
      scBlock(sc.columns.allocation),
      scBlock(sc.columns.floor),
      [[amount]],
      null,
      [["scale"]],
      [["rate"]],
    ])[0][0],
  ) as number;
  set(ws, sbRow + 3, 1, "Share of each school's budget given up, never below its floor (DSG.TRANSFERIMPACT)");
  set(
    ws,
    sbRow + 3,
    2,
    formula(
      dsg(
        "TRANSFERIMPACT",
        `${scRange(sc.columns.allocation)},${scRange(sc.columns.floor)},B${sbRow + 2},,"scale","rate"`,
      ),
      factor,
    ),
    "0.000%",
  );

  // 3. The deficit plan's trajectory, spilled: one row a year.
  row = sbRow + 5;
  set(ws, row, 1, "3. The deficit plan's trajectory (DSG.TRAJECTORY)");
  bold(row, 1);
  const dp = ctx.tables.deficitPlan!;
  const dpWs = sheet(ctx, dp.sheet);
  const dpRange = (col: number) =>
    `'${dp.sheet}'!$${colLetter(col)}$${dp.firstDataRow}:$${colLetter(col)}$${dp.lastRow}`;
  const dpBlock = (col: number) => block(dpWs, dp.firstDataRow, col, dp.lastRow, col);
  const opening = kfValue("openingBalance");
  const fields = ["funding", "expenditure", "savings", "transfers", "otherIncome", "writeOffs"] as const;
  const [fu, ex, sa, tr, oi, wo] = fields.map((f) => dp.columns[f]);
  const firstYear = valueOf(dpWs, dp.firstDataRow, dp.columns.year);
  const out = runWholeRange(TRAJECTORY, [
    [[opening.value]],
    dpBlock(fu),
    dpBlock(ex),
    null,
    null,
    null,
    dpBlock(sa),
    dpBlock(tr),
    dpBlock(oi),
    dpBlock(wo),
    [[firstYear]],
  ]);
  const top = row + 1;
  const rows = out.length;
  const cols = out[0]?.length ?? 0;
  if (rows < 2 || cols < 2) throw new Error("worked formulas: the trajectory did not spill");
  out.forEach((line, r) =>
    line.forEach((v, c) => {
      const value = v === "" || v === null ? "" : cached(`TRAJECTORY row ${r + 1}`, v);
      const cell = ws.getCell(top + r, 1 + c);
      if (r === 0 && c === 0) {
        const yearRef = sheetRef(dp.sheet, dp.columns.year, dp.firstDataRow);
        cell.value = {
          formula: dsg(
            "TRAJECTORY",
            `${opening.ref},${dpRange(fu)},${dpRange(ex)},,,,${dpRange(sa)},${dpRange(tr)},${dpRange(oi)},${dpRange(wo)},${yearRef}`,
          ),
          result: value,
          shareType: "array",
          ref: `A${top}:${colLetter(cols)}${top + rows - 1}`,
        } as ExcelJS.CellValue;
      } else {
        cell.value = value;
      }
      if (typeof value === "number") cell.numFmt = FMT_MONEY;
    }),
  );
}

function tally<T>(items: readonly T[], key: (item: T) => string | null | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== null && k !== undefined) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/**
 * Build a fictional council workbook in memory.
 *
 * @param options sizes, seed and layout; e.g. `{ placements: 3000, schools: 150, seed: 2026 }`.
 * @returns the ExcelJS workbook, the bad rows planted in the register (sheet, 1-based row, the
 *   SkipCode a correct reader gives, the field), and the true figures (SampleFacts).
 * @throws Error if the sizes are too small to hold the seeded rows (fewer than 40 placements or 5 schools).
 */
export async function buildCouncilWorkbook(options: BuildOptions): Promise<BuiltWorkbook> {
  if (!Number.isInteger(options.placements) || options.placements < 40)
    throw new Error("placements must be a whole number, at least 40");
  if (!Number.isInteger(options.schools) || options.schools < 5)
    throw new Error("schools must be a whole number, at least 5");
  const layout = LAYOUTS[options.layout ?? "standard"];
  const model = makeModel(options);

  const wb = new ExcelJS.Workbook();
  wb.creator = "Forum Papers sample generator";
  wb.lastModifiedBy = "Forum Papers sample generator";
  wb.created = FIXED_STAMP;
  wb.modified = FIXED_STAMP;
  wb.title = `${COUNCIL} DSG workbook ${FINANCIAL_YEAR} (fictional sample, ${layout.name} layout)`;
  for (const name of layout.sheets) {
    const ws = wb.addWorksheet(name);
    if (layout.hiddenSheets?.includes(name)) ws.state = "hidden";
  }

  const ctx: Context = { wb, layout, model, totals: [], tables: {}, seeded: [] };
  writeProse(ctx);
  const budget = writeBudget(ctx);
  const dsgBlocks = writeDsg(ctx, budget);
  const register = writeRegister(ctx);
  writeBands(ctx);
  writeSchools(ctx);
  const deficitPlan = writePlan(ctx);
  const keyFigureRows = writeKeyFigures(ctx);
  if (layout.hiddenSheets?.includes("Lists")) writeLists(sheet(ctx, "Lists"));
  if (options.workedFormulas) {
    if (layout.name !== "standard") throw new Error("workedFormulas: the standard layout only");
    writeWorkedFormulas(ctx, keyFigureRows);
  }

  const good = model.placements.filter((p) => !p.issue);
  const refsSeen = tally(good, (p) => p.pupilRef);
  const schools = model.schools;
  const facts: SampleFacts = {
    layout: layout.name,
    seed: options.seed,
    council: COUNCIL,
    financialYear: FINANCIAL_YEAR,
    asAt: AS_AT,
    tables: ctx.tables as Record<DatasetId, TableLocation>,
    totals: ctx.totals,
    placements: {
      rows: model.placements.length,
      good: good.length,
      seeded: ctx.seeded.length,
      bySetting: tally(good, (p) => p.setting),
      byCurrentBand: tally(good, (p) => p.currentBand),
      byProposedBand: tally(good, (p) => p.proposedBand),
      withoutProposedBand: good.filter((p) => p.proposedBand === null).length,
      open: good.filter((p) => p.end === null).length,
      liveAtAsAt: good.filter((p) => p.start! <= AS_AT && (p.end === null || p.end >= AS_AT)).length,
      mainstreamHours: good.filter((p) => p.setting === "Mainstream").reduce((s, p) => s + (p.hours ?? 0), 0),
      pupilsWithTwoPlacements: Object.values(refsSeen).filter((n) => n > 1).length,
      blankRows: register.blankRows,
      totalRow: register.totalRow,
      statedTotal: good.length,
    },
    budgetLines: {
      count: budget.lines.length,
      lines: budget.lines,
      hnbBudget: sumPounds(budget.lines.map((l) => l.budget)),
      hnbForecast: sumPounds(budget.lines.map((l) => l.forecast)),
      hnbLastForecast: sumPounds(budget.lines.map((l) => l.lastForecast)),
      textAmounts: budget.textAmounts,
    },
    dsgBlocks,
    schools: {
      count: schools.length,
      byPhase: tally(schools, (s) => s.phase),
      academies: schools.filter((s) => s.type === "Academy").length,
      maintained: schools.filter((s) => s.type === "Maintained").length,
      pupils: schools.reduce((s, x) => s + x.pupils, 0),
      allocation: sumPounds(schools.map((s) => s.allocation)),
      floor: sumPounds(schools.map((s) => s.floor)),
      onFloor: schools.filter((s) => s.floor >= s.allocation).length,
      headroom: sumPounds(schools.map((s) => Math.max(0, s.allocation - s.floor))),
    },
    currentBands: CURRENT_BANDS.map(([band, hours]) => ({ band, hours })),
    proposedBands: {
      settings: [...SETTINGS],
      rows: PROPOSED_BANDS.map(([band, values]) => ({ band, values })),
    },
    deficitPlan,
    schoolsBlock: model.schoolsBlock,
    schoolsBlockIsEstimate: true,
    transferExcluded: 0,
    transferPercent: TRANSFER_PERCENT,
    transferAmount: model.transferAmount,
    openingBalance: model.openingBalance,
    hourlyRate: HOURLY_RATE,
    weeksPerYear: WEEKS_PER_YEAR,
    mainstreamThreshold: MAINSTREAM_THRESHOLD,
    keyFigureRows,
  };
  return { workbook: wb, seeded: ctx.seeded, facts };
}

// ---------------------------------------------------------------------------------------------
// The committed sample files

/** A file in samples/: its name, what it is for, and the options that build it. */
export interface SampleFile {
  readonly file: string;
  readonly purpose: string;
  readonly options: BuildOptions;
}

/** The files `main()` writes into samples/ (and the test regenerates to check they are current). */
export const SAMPLE_FILES: readonly SampleFile[] = [
  {
    file: "council-sample.xlsx",
    purpose: "the standard Northbrook workbook: the quick start, the reader's and the papers' tests",
    options: { placements: 3000, schools: 150, seed: 2026, layout: "standard", workedFormulas: true },
  },
  {
    file: "council-large.xlsx",
    purpose: "the standard layout at 10,000 placements and 300 schools, for benchmarks",
    options: { placements: 10000, schools: 300, seed: 7, layout: "standard" },
  },
  {
    file: "layout-a.xlsx",
    purpose: "mapping: headers on row 1, renamed sheets, reordered and extra columns, bands side by side",
    options: { placements: 300, schools: 40, seed: 2027, layout: "alt-a" },
  },
  {
    file: "layout-b.xlsx",
    purpose: "mapping: headers on row 6, key figures beside another table, phase subtotals, a hidden sheet",
    options: { placements: 300, schools: 40, seed: 2027, layout: "alt-b" },
  },
  {
    file: "layout-c.xlsx",
    purpose: "mapping: headers on row 9, dates as text, bands on two sheets, hidden columns",
    options: { placements: 300, schools: 40, seed: 2027, layout: "alt-c" },
  },
];

/** Build one sample file and write it to `dir`; returns its path. */
export async function writeSampleFile(sample: SampleFile, dir: string): Promise<string> {
  const { workbook } = await buildCouncilWorkbook(sample.options);
  const file = path.join(dir, sample.file);
  await workbook.xlsx.writeFile(file);
  return file;
}

/** Write every sample file into `dir` (default: this folder), printing each file's size. */
export async function main(dir: string = __dirname): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  for (const sample of SAMPLE_FILES) {
    const file = await writeSampleFile(sample, dir);
    const kb = Math.round(fs.statSync(file).size / 1024);
    console.log(`${path.relative(process.cwd(), file)}  ${kb} KB  (${sample.purpose})`);
  }
}

if (require.main === module) {
  main(process.argv[2] ?? __dirname).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
