/**
 * The sample council workbooks (samples/generate.ts): reproducible, their seeded bad rows really
 * are bad (and no other row is), their totals add up (cached results, formulas and lines agree),
 * their figures sit in domain.md §6's ranges, and the committed files match the generator.
 *
 * Workbooks are checked as a reader sees them: written to xlsx and read back with ExcelJS.
 * council-large.xlsx is not regenerated to disk here (it takes a few seconds and 370 KB); it is
 * rebuilt in memory and compared with the committed file by sheet names and row counts only.
 */

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import ExcelJS from "exceljs";
import {
  BuildOptions,
  BuiltWorkbook,
  LayoutName,
  SAMPLE_FILES,
  SETTINGS,
  SampleFacts,
  SeededIssue,
  buildCouncilWorkbook,
  writeSampleFile,
} from "../../samples/generate";
import { isBlank, parseUkNumber } from "../../src/core/values";
import { toSerial } from "../../src/core/dates";

const SAMPLES_DIR = path.join(__dirname, "..", "..", "samples");

type Norm =
  null | string | number | boolean | { date: string } | { f: string; r: unknown } | { merge: string };

/** A cell's value in a comparable form. Formula results come from `cell.result`: ExcelJS's
 * `cell.value` drops a cached result of 0 (its _copyModel skips falsy fields). */
function norm(cell: ExcelJS.Cell): Norm {
  if (cell.type === ExcelJS.ValueType.Merge) return { merge: cell.master.address };
  if (cell.type === ExcelJS.ValueType.Formula) {
    const r = cell.result;
    return { f: cell.formula, r: r instanceof Date ? r.toISOString() : (r ?? null) };
  }
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return { date: v.toISOString() };
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return JSON.stringify(v);
}

function sheetCells(ws: ExcelJS.Worksheet): Norm[][] {
  const out: Norm[][] = [];
  // rowCount and columnCount are recomputed over every row on each call: read them once.
  const rows = ws.rowCount;
  const cols = ws.columnCount;
  for (let r = 1; r <= rows; r++) {
    const row: Norm[] = [];
    for (let c = 1; c <= cols; c++) row.push(norm(ws.getCell(r, c)));
    out.push(row);
  }
  return out;
}

interface SheetSummary {
  name: string;
  state: string;
  merges: string[];
  hiddenColumns: number[];
  cells: Norm[][];
}

function summarise(wb: ExcelJS.Workbook): SheetSummary[] {
  return wb.worksheets.map((ws) => {
    const hiddenColumns: number[] = [];
    const cols = ws.columnCount;
    for (let c = 1; c <= cols; c++) if (ws.getColumn(c).hidden) hiddenColumns.push(c);
    return {
      name: ws.name,
      state: ws.state,
      merges: [...((ws.model as { merges?: string[] }).merges ?? [])].sort(),
      hiddenColumns,
      cells: sheetCells(ws),
    };
  });
}

async function roundTrip(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const buffer = await wb.xlsx.writeBuffer();
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buffer as ArrayBuffer);
  return back;
}

async function readFile(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** What a cell holds for checking: formula cells give their cached result. */
function plain(cell: ExcelJS.Cell): unknown {
  if (cell.type === ExcelJS.ValueType.Formula) return cell.result ?? null;
  return cell.value ?? null;
}

/** A cell's type, formula and cached result, as plain data. */
function formulaCell(c: ExcelJS.Cell): { type: number; formula: string; result: unknown } {
  return { type: c.type, formula: c.type === ExcelJS.ValueType.Formula ? c.formula : "", result: c.result };
}

function sheetOf(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

// ---------------------------------------------------------------------------------------------
// A tiny evaluator for the formulas the generator writes on total rows: sums of ranges or cells,
// and chains of + and − over cell references (optionally on another sheet). Excel semantics that
// matter here: SUM skips text, while + and − convert numeric text ("£1,234", "(12,000)").

const REF = String.raw`(?:'((?:[^']|'')+)'!)?\$?([A-Z]{1,3})\$?(\d+)`;

function colNumber(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

/** Split "A1+'Sheet-1'!B2-C3" at the + and − signs that sit outside quoted sheet names. */
function terms(formula: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of formula.trim()) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && (ch === "+" || ch === "-") && current !== "") {
      out.push(current);
      current = "";
    }
    current += ch;
  }
  if (current !== "") out.push(current);
  return out;
}

function evaluate(formula: string, wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet): number | undefined {
  let total = 0;
  for (const term of terms(formula)) {
    const sign = term.startsWith("-") ? -1 : 1;
    const body = term.replace(/^[+-]/, "");
    const sum = /^SUM\((.*)\)$/.exec(body);
    if (sum) {
      for (const arg of sum[1].split(",")) {
        const range = new RegExp(`^${REF}:\\$?([A-Z]{1,3})\\$?(\\d+)$`).exec(arg);
        const single = new RegExp(`^${REF}$`).exec(arg);
        if (!range && !single) return undefined;
        const m = (range ?? single)!;
        const target = m[1] ? sheetOf(wb, m[1].replace(/''/g, "'")) : ws;
        const c1 = colNumber(m[2]);
        const r1 = Number(m[3]);
        const c2 = range ? colNumber(range[4]) : c1;
        const r2 = range ? Number(range[5]) : r1;
        for (let r = r1; r <= r2; r++)
          for (let c = c1; c <= c2; c++) {
            const v = plain(target.getCell(r, c));
            if (typeof v === "number") total += sign * v; // SUM ignores text
          }
      }
      continue;
    }
    const one = new RegExp(`^${REF}$`).exec(body);
    if (!one) return undefined;
    const target = one[1] ? sheetOf(wb, one[1].replace(/''/g, "'")) : ws;
    const v = plain(target.getCell(Number(one[3]), colNumber(one[2])));
    if (isBlank(v)) continue;
    const n = parseUkNumber(v);
    if (n === undefined) return undefined;
    total += sign * n;
  }
  return total;
}

const pennies = (n: number): number => Math.round(n * 100);

// ---------------------------------------------------------------------------------------------
// An independent check of every register row: the defect a careful reader should find.

interface Found {
  row: number;
  code: string;
  field: string;
}

function registerDefects(
  ws: ExcelJS.Worksheet,
  facts: SampleFacts,
): { defects: Found[]; good: number[]; blank: number[] } {
  const t = facts.tables.placements;
  const col = t.columns;
  const defects: Found[] = [];
  const good: number[] = [];
  const blank: number[] = [];
  const seen = new Set<string>();
  for (let r = t.firstDataRow; r < t.lastRow; r++) {
    const get = (field: string): unknown => plain(ws.getCell(r, col[field]));
    const fields = Object.keys(col);
    if (fields.every((f) => isBlank(get(f)))) {
      blank.push(r);
      continue;
    }
    const defect = ((): [string, string] | undefined => {
      for (const f of ["pupilRef", "school", "setting", "currentBand", "start"])
        if (isBlank(get(f))) return ["missing", f];
      const hours = get("hours");
      if (!isBlank(hours)) {
        const n = parseUkNumber(hours);
        if (n === undefined) return ["not-a-number", "hours"];
        if (n < 0) return ["negative", "hours"];
      }
      const start = toSerial(get("start"));
      if (start === undefined) return ["not-a-date", "start"];
      const endRaw = get("end");
      const end = isBlank(endRaw) ? undefined : toSerial(endRaw);
      if (!isBlank(endRaw) && end === undefined) return ["not-a-date", "end"];
      if (end !== undefined && end < start) return ["end-before-start", "end"];
      const key = `${String(get("pupilRef")).trim()}|${start}`;
      if (seen.has(key)) return ["duplicate", "pupilRef"];
      seen.add(key);
      return undefined;
    })();
    if (defect) defects.push({ row: r, code: defect[0], field: defect[1] });
    else good.push(r);
  }
  return { defects, good, blank };
}

// ---------------------------------------------------------------------------------------------

const SMALL: BuildOptions = { placements: 400, schools: 30, seed: 99 };
const LAYOUTS: LayoutName[] = ["standard", "alt-a", "alt-b", "alt-c"];

describe("buildCouncilWorkbook", () => {
  it.each(LAYOUTS)("gives identical cells, facts and seeded rows for the same seed (%s)", async (layout) => {
    const a = await buildCouncilWorkbook({ ...SMALL, layout });
    const b = await buildCouncilWorkbook({ ...SMALL, layout });
    expect(summarise(b.workbook)).toEqual(summarise(a.workbook));
    expect(b.facts).toEqual(a.facts);
    expect(b.seeded).toEqual(a.seeded);
    expect(a.workbook.created).toEqual(b.workbook.created);
    expect(a.workbook.modified.toISOString()).toBe("2026-11-02T09:00:00.000Z");
  });

  it("gives different data for a different seed", async () => {
    const a = await buildCouncilWorkbook(SMALL);
    const b = await buildCouncilWorkbook({ ...SMALL, seed: SMALL.seed + 1 });
    const reg = (x: BuiltWorkbook): Norm[][] =>
      sheetCells(sheetOf(x.workbook, x.facts.tables.placements.sheet));
    expect(reg(b)).not.toEqual(reg(a));
  });

  it("refuses sizes too small to hold the seeded rows", async () => {
    await expect(buildCouncilWorkbook({ placements: 10, schools: 30, seed: 1 })).rejects.toThrow(
      /placements/,
    );
    await expect(buildCouncilWorkbook({ placements: 100, schools: 2, seed: 1 })).rejects.toThrow(/schools/);
  });

  it("writes the same data in every layout (only positions and wordings differ)", async () => {
    const built = await Promise.all(LAYOUTS.map((layout) => buildCouncilWorkbook({ ...SMALL, layout })));
    const essence = ({ facts, seeded }: BuiltWorkbook) => ({
      placements: { ...facts.placements, blankRows: undefined, totalRow: undefined },
      hnb: [facts.budgetLines.hnbBudget, facts.budgetLines.hnbForecast, facts.budgetLines.hnbLastForecast],
      lines: facts.budgetLines.lines.map((l) => [
        l.s251,
        l.line,
        l.budget,
        l.forecast,
        l.lastForecast,
        l.note,
      ]),
      blocks: facts.dsgBlocks.map((b) => [b.allocation, b.transfers, b.budget, b.forecast, b.lastForecast]),
      plan: facts.deficitPlan.map((p) => [
        p.funding,
        p.expenditure,
        p.savings,
        p.transfers,
        p.otherIncome,
        p.writeOffs,
      ]),
      schools: facts.schools,
      figures: [facts.schoolsBlock, facts.transferAmount, facts.openingBalance],
      seeded: seeded.map((s) => [s.code, s.field]),
    });
    for (const b of built.slice(1)) expect(essence(b)).toEqual(essence(built[0]));
    // …and the layouts really differ in where things are.
    const where = built.map((b) => JSON.stringify(b.facts.tables.placements));
    expect(new Set(where).size).toBe(LAYOUTS.length);
  });
});

describe.each(SAMPLE_FILES.filter((s) => s.file !== "council-large.xlsx"))("$file", (sample) => {
  let built: BuiltWorkbook;
  let wb: ExcelJS.Workbook; // the built workbook as a reader sees it: written and read back

  beforeAll(async () => {
    built = await buildCouncilWorkbook(sample.options);
    wb = await roundTrip(built.workbook);
  });

  it("seeds bad rows that hold their defect, and no other row has one", () => {
    const { facts, seeded } = built;
    const ws = sheetOf(wb, facts.tables.placements.sheet);
    const { defects, good, blank } = registerDefects(ws, facts);
    expect(seeded.length).toBeGreaterThanOrEqual(10);
    expect(seeded.every((s: SeededIssue) => s.sheet === ws.name)).toBe(true);
    expect(defects).toEqual(seeded.map(({ row, code, field }) => ({ row, code, field })));
    expect(new Set(seeded.map((s) => s.code))).toEqual(
      new Set(["missing", "not-a-number", "not-a-date", "end-before-start", "negative", "duplicate"]),
    );
    expect(blank).toEqual(facts.placements.blankRows);
    expect(blank).toHaveLength(1);
    expect(good).toHaveLength(facts.placements.good);
    expect(facts.placements.good + facts.placements.seeded).toBe(sample.options.placements);
    // The total row: a label in the table's first column, the count of good rows beside it.
    const left = Math.min(...Object.values(facts.tables.placements.columns));
    expect(plain(ws.getCell(facts.placements.totalRow, left))).toBe("Total placements");
    expect(plain(ws.getCell(facts.placements.totalRow, left + 1))).toBe(good.length);
  });

  it("writes register values a reader can use: settings, bands, hours matching bands, both date styles", () => {
    const { facts } = built;
    const ws = sheetOf(wb, facts.tables.placements.sheet);
    const col = facts.tables.placements.columns;
    const { good } = registerDefects(ws, facts);
    const bandHours = new Map(facts.currentBands.map((b) => [b.band, b.hours]));
    const kinds = new Set<string>();
    const bySetting: Record<string, number> = {};
    for (const r of good) {
      const setting = String(plain(ws.getCell(r, col.setting)));
      expect(SETTINGS).toContain(setting);
      bySetting[setting] = (bySetting[setting] ?? 0) + 1;
      const band = String(plain(ws.getCell(r, col.currentBand)));
      expect(bandHours.has(band)).toBe(true);
      const proposed = plain(ws.getCell(r, col.proposedBand));
      if (!isBlank(proposed)) expect(["A", "B", "C", "D", "E", "F"]).toContain(proposed);
      if (setting === "Mainstream")
        expect(parseUkNumber(plain(ws.getCell(r, col.hours)))).toBe(bandHours.get(band));
      const start = plain(ws.getCell(r, col.start));
      kinds.add(start instanceof Date ? "date" : /^\d\d\/\d\d\/\d{4}$/.test(String(start)) ? "dmy" : "long");
    }
    expect(bySetting).toEqual(facts.placements.bySetting);
    // Layout C writes every date as text; the others mix date cells with both text styles.
    expect(kinds).toEqual(
      new Set(sample.options.layout === "alt-c" ? ["dmy", "long"] : ["date", "dmy", "long"]),
    );
  });

  it("has subtotal and total rows equal to the sums of their lines, formulas agreeing with cached results", () => {
    const { facts } = built;
    expect(facts.totals.length).toBeGreaterThanOrEqual(3);
    for (const total of facts.totals) {
      const table = facts.tables[total.dataset];
      const ws = sheetOf(wb, total.sheet);
      for (const [field, stated] of Object.entries(total.stated)) {
        const { type, formula, result } = formulaCell(ws.getCell(total.row, table.columns[field]));
        expect(type).toBe(ExcelJS.ValueType.Formula);
        expect(pennies(Number(result ?? 0))).toBe(pennies(stated));
        const evaluated = evaluate(formula, wb, ws);
        expect(evaluated).toBeDefined();
        expect(pennies(evaluated!)).toBe(pennies(stated));
        const lines = total.covers.map((r) => parseUkNumber(plain(ws.getCell(r, table.columns[field]))));
        expect(lines.every((n) => n !== undefined)).toBe(true);
        expect(pennies(lines.reduce((s: number, n) => s + n!, 0))).toBe(pennies(stated));
      }
    }
    // The last total of each dataset covers every data row of its table (nothing left out).
    for (const dataset of ["budgetLines", "dsgBlocks", "schools"] as const) {
      const totals = facts.totals.filter((t) => t.dataset === dataset);
      const grand = totals[totals.length - 1];
      const table = facts.tables[dataset];
      const ws = sheetOf(wb, table.sheet);
      const totalRows = new Set(totals.map((t) => t.row));
      const amountCol = table.columns[Object.keys(grand.stated)[0]];
      const withAmounts: number[] = [];
      for (let r = table.firstDataRow; r <= table.lastRow; r++)
        if (!totalRows.has(r) && !isBlank(plain(ws.getCell(r, amountCol)))) withAmounts.push(r);
      expect(grand.row).toBe(table.lastRow);
      expect([...grand.covers].sort((a, b) => a - b)).toEqual(withAmounts);
    }
  });

  it("has every other formula it can evaluate agreeing with its cached result", () => {
    let checked = 0;
    for (const ws of wb.worksheets)
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type !== ExcelJS.ValueType.Formula) return;
          const v = evaluate(cell.formula, wb, ws);
          if (v === undefined) return; // IF(…), ROUND(…): not this evaluator's business
          checked++;
          expect(pennies(v)).toBe(pennies(Number(cell.result ?? 0)));
        }),
      );
    expect(checked).toBeGreaterThan(20);
  });

  it("states the key figures the facts give", () => {
    const { facts } = built;
    const t = facts.tables.assumptions;
    const ws = sheetOf(wb, t.sheet);
    const value = (key: string): unknown => plain(ws.getCell(facts.keyFigureRows[key], t.columns.value));
    expect(value("council")).toBe("Northbrook Council");
    expect(value("financialYear")).toBe("2026-27");
    expect(toSerial(value("asAt"))).toBe(facts.asAt);
    expect(parseUkNumber(value("schoolsBlock"))).toBe(facts.schoolsBlock);
    expect(parseUkNumber(value("transferPercent"))).toBe(0.005);
    expect(parseUkNumber(value("openingBalance"))).toBe(facts.openingBalance);
    expect(parseUkNumber(value("hourlyRate"))).toBe(14.95);
    expect(parseUkNumber(value("weeksPerYear"))).toBe(38);
    expect(parseUkNumber(value("mainstreamThreshold"))).toBe(6000);
    expect(value("schoolsBlockIsEstimate")).toBe("Yes");
    expect(parseUkNumber(value("transferExcluded"))).toBe(0);
  });

  it("puts the High Needs figures in the DSG summary and the deficit plan in step with the monitoring", () => {
    const { facts } = built;
    const hn = facts.dsgBlocks[facts.dsgBlocks.length - 1];
    const schools = facts.dsgBlocks[0];
    expect(hn.budget).toBe(facts.budgetLines.hnbBudget);
    expect(hn.forecast).toBe(facts.budgetLines.hnbForecast);
    expect(hn.lastForecast).toBe(facts.budgetLines.hnbLastForecast);
    expect(hn.transfers).toBe(facts.transferAmount);
    expect(schools.transfers).toBe(-facts.transferAmount);
    expect(facts.transferAmount).toBe(
      Math.round((facts.schoolsBlock - facts.transferExcluded) * 0.005 * 100) / 100,
    );
    const [first, ...later] = facts.deficitPlan;
    expect(first.funding).toBe(hn.allocation);
    expect(first.transfers).toBe(facts.transferAmount);
    expect(first.expenditure - first.savings).toBe(facts.budgetLines.hnbForecast);
    expect(first.writeOffs).toBe(Math.round(-facts.openingBalance * 0.9));
    expect(later.every((y) => y.transfers === 0 && y.writeOffs === 0)).toBe(true);
    // …and the sheets say so.
    const ws = sheetOf(wb, facts.tables.dsgBlocks.sheet);
    const col = facts.tables.dsgBlocks.columns;
    expect(parseUkNumber(plain(ws.getCell(hn.row, col.budget)))).toBe(facts.budgetLines.hnbBudget);
    const plan = sheetOf(wb, facts.tables.deficitPlan.sheet);
    expect(parseUkNumber(plain(plan.getCell(first.row, facts.tables.deficitPlan.columns.writeOffs)))).toBe(
      first.writeOffs,
    );
  });
});

describe("council-sample.xlsx (standard layout)", () => {
  let built: BuiltWorkbook;
  let wb: ExcelJS.Workbook;
  const options = SAMPLE_FILES.find((s) => s.file === "council-sample.xlsx")!.options;

  beforeAll(async () => {
    built = await buildCouncilWorkbook(options);
    wb = await roundTrip(built.workbook);
  });

  it("keeps to the layout agreed with the source reader", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "Read me",
      "HNB monitoring",
      "DSG summary",
      "Top-up register",
      "Bands",
      "Schools",
      "Deficit plan",
      "Key figures",
      "Worked formulas",
    ]);
    const hnb = sheetOf(wb, "HNB monitoring");
    expect(hnb.getCell("A1").value).toBe("Northbrook Council – High Needs Block budget monitoring 2026-27");
    expect((hnb.model as { merges?: string[] }).merges).toContain("A1:H1");
    expect(hnb.getCell("A2").value).toBe("Position as at 31/10/2026 (month 7)");
    expect(hnb.getRow(4).values).toEqual([
      undefined,
      "s251 line",
      "Description",
      "Cost centre",
      "Annual budget £",
      "Forecast outturn £",
      "Variance £",
      "Forecast at last report £",
      "Note",
    ]);
    expect(hnb.getColumn(3).hidden).toBe(true);
    const t = built.facts.tables;
    expect([
      t.budgetLines.headerRow,
      t.dsgBlocks.headerRow,
      t.placements.headerRow,
      t.schools.headerRow,
    ]).toEqual([4, 3, 4, 4]);
    expect([
      t.currentBands.headerRow,
      t.proposedBands.headerRow,
      t.deficitPlan.headerRow,
      t.assumptions.headerRow,
    ]).toEqual([3, 13, 3, 3]);
    expect(sheetOf(wb, "Bands").getCell("A12").value).toBe(
      "Proposed needs-led bands 2027-28 (annual top-up £)",
    );
    expect(sheetOf(wb, "Top-up register").getRow(4).values).toEqual([
      undefined,
      "Pupil ref",
      "School",
      "Setting",
      "Current band",
      "Proposed band",
      "Hours per week",
      "Start date",
      "End date",
    ]);
    expect(sheetOf(wb, "Schools").getCell("A4").value).toBe("School");
    const s251 = built.facts.budgetLines.lines.map((l) => l.s251).filter(Boolean);
    for (const code of [
      "1.0.2",
      "1.2.1",
      "1.2.2",
      "1.2.3",
      "1.2.4",
      "1.2.5",
      "1.2.6",
      "1.2.7",
      "1.2.8",
      "1.2.9",
      "1.2.10",
      "1.2.11",
      "1.2.13",
    ])
      expect(s251).toContain(code);
  });

  it("stores some amounts as text, which still parse to the true figures", () => {
    const { textAmounts, lines } = built.facts.budgetLines;
    const hnb = sheetOf(wb, "HNB monitoring");
    const col = built.facts.tables.budgetLines.columns;
    expect(textAmounts.length).toBeGreaterThanOrEqual(2);
    expect(textAmounts.some((t) => t.text.startsWith("("))).toBe(true);
    expect(textAmounts.some((t) => t.text.startsWith("£"))).toBe(true);
    for (const t of textAmounts) {
      const cell = plain(hnb.getCell(t.row, col[t.field]));
      expect(cell).toBe(t.text);
      const line = lines.find((l) => l.row === t.row)!;
      expect(parseUkNumber(cell)).toBe(line[t.field as "budget" | "lastForecast"]);
    }
  });

  it("has figures in the ranges of domain.md §6", () => {
    const f = built.facts;
    expect(f.schoolsBlock).toBeGreaterThan(270e6); // ≈ £300m before recoupment
    expect(f.schoolsBlock).toBeLessThan(340e6);
    expect(f.budgetLines.hnbBudget).toBeGreaterThan(55e6); // HNB ≈ £55–65m
    expect(f.budgetLines.hnbBudget).toBeLessThan(65e6);
    expect(f.budgetLines.hnbForecast).toBeGreaterThan(f.budgetLines.hnbBudget); // an overspend, as nearly everywhere
    expect(f.budgetLines.hnbForecast).toBeLessThan(f.budgetLines.hnbBudget * 1.2);
    expect(f.openingBalance).toBeLessThan(-10e6); // deficit £10m–£60m
    expect(f.openingBalance).toBeGreaterThan(-60e6);
    const cssb = f.dsgBlocks[1];
    expect(cssb.allocation).toBeGreaterThan(2.0e6); // CSSB ≈ £2.2–2.5m
    expect(cssb.allocation).toBeLessThan(2.8e6);

    expect(f.schools.count).toBe(150);
    expect(f.schools.byPhase.Primary).toBeGreaterThanOrEqual(120);
    expect(f.schools.byPhase.Secondary).toBeGreaterThanOrEqual(18);
    expect(f.schools.byPhase["All-through"]).toBeGreaterThanOrEqual(1);
    expect(f.schools.pupils).toBeGreaterThan(40_000);
    expect(f.schools.pupils).toBeLessThan(56_000);
    expect(f.schools.onFloor).toBeGreaterThan(10); // some schools sit on their floor…
    expect(f.schools.onFloor).toBeLessThan(100);
    expect(f.schools.headroom).toBeGreaterThan(f.transferAmount * 2); // …but the transfer is absorbable

    // Per-school rates and floors, read from the sheet.
    const ws = sheetOf(wb, "Schools");
    const col = f.tables.schools.columns;
    const academies: Record<string, number[]> = {};
    for (let r = f.tables.schools.firstDataRow; r < f.tables.schools.lastRow; r++) {
      const phase = String(plain(ws.getCell(r, col.phase)));
      const pupils = Number(plain(ws.getCell(r, col.pupils)));
      const allocation = Number(plain(ws.getCell(r, col.allocation)));
      const floor = Number(plain(ws.getCell(r, col.floor)));
      const perPupil = allocation / pupils;
      if (phase === "Primary") {
        expect(pupils).toBeGreaterThanOrEqual(100);
        expect(pupils).toBeLessThanOrEqual(600);
        expect(perPupil).toBeGreaterThanOrEqual(5499);
        expect(perPupil).toBeLessThanOrEqual(6501);
      } else if (phase === "Secondary") {
        expect(pupils).toBeGreaterThanOrEqual(600);
        expect(pupils).toBeLessThanOrEqual(1600);
        expect(perPupil).toBeGreaterThanOrEqual(6999);
        expect(perPupil).toBeLessThanOrEqual(8001);
      } else expect(phase).toBe("All-through");
      expect(floor / allocation).toBeGreaterThanOrEqual(0.949);
      expect(floor / allocation).toBeLessThanOrEqual(1.021);
      (academies[phase] ??= []).push(plain(ws.getCell(r, col.type)) === "Academy" ? 1 : 0);
    }
    const share = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(share(academies.Primary)).toBeGreaterThan(0.3);
    expect(share(academies.Primary)).toBeLessThan(0.6);
    expect(share(academies.Secondary)).toBeGreaterThan(0.65);

    // Deficit plan: funding +0–3% a year, spending +6–8%, savings £1m → £6m.
    const plan = f.deficitPlan;
    expect(plan.map((y) => y.year)).toEqual(["2026-27", "2027-28", "2028-29", "2029-30", "2030-31"]);
    for (let t = 1; t < plan.length; t++) {
      const g = plan[t].funding / plan[t - 1].funding - 1;
      const e = plan[t].expenditure / plan[t - 1].expenditure - 1;
      expect(g).toBeGreaterThanOrEqual(-0.001);
      expect(g).toBeLessThanOrEqual(0.031);
      expect(e).toBeGreaterThanOrEqual(0.059);
      expect(e).toBeLessThanOrEqual(0.081);
    }
    expect(plan[0].expenditure).toBeGreaterThan(60e6);
    expect(plan[0].expenditure).toBeLessThan(75e6);
    expect(plan.map((y) => y.savings)).toEqual([1e6, 2.25e6, 3.5e6, 4.75e6, 6e6]);

    // Placements: all four settings, about 3,000 rows, a dozen bad.
    expect(f.placements.rows).toBe(3000);
    expect(f.placements.seeded).toBe(12);
    for (const s of SETTINGS) expect(f.placements.bySetting[s]).toBeGreaterThan(100);
    expect(f.placements.pupilsWithTwoPlacements).toBeGreaterThan(0);
  });
});

describe("committed sample files", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "forum-samples-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it.each(SAMPLE_FILES.filter((s) => s.file !== "council-large.xlsx"))(
    "$file is up to date with the generator (cell values, sheet by sheet)",
    async (sample) => {
      const committed = path.join(SAMPLES_DIR, sample.file);
      expect(fs.existsSync(committed)).toBe(true);
      const fresh = await writeSampleFile(sample, tmp);
      const a = summarise(await readFile(committed));
      const b = summarise(await readFile(fresh));
      expect(b.map((s) => s.name)).toEqual(a.map((s) => s.name));
      for (let i = 0; i < a.length; i++) {
        // One sheet at a time, so a failure names the sheet.
        expect({ sheet: b[i].name, ...b[i] }).toEqual({ sheet: a[i].name, ...a[i] });
      }
    },
  );

  it("council-large.xlsx has the generator's sheets and row counts (not regenerated to disk: too slow for a unit test)", async () => {
    const sample = SAMPLE_FILES.find((s) => s.file === "council-large.xlsx")!;
    const committed = await readFile(path.join(SAMPLES_DIR, sample.file));
    const { workbook, facts } = await buildCouncilWorkbook(sample.options);
    const shape = (wb: ExcelJS.Workbook) => wb.worksheets.map((ws) => [ws.name, ws.rowCount, ws.columnCount]);
    expect(shape(committed)).toEqual(shape(workbook));
    expect(facts.placements.rows).toBe(10000);
    expect(facts.schools.count).toBe(300);
  });
});
