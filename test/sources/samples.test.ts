/**
 * The source reader against the generated sample workbooks (samples/generate.ts): the standard
 * layout and three differently worded layouts must all map automatically; the skipped rows must be
 * exactly the generator's seeded bad rows; every total check must agree; counts must equal the
 * generator's facts.
 *
 * The files are read with a tiny ExcelJS → WorkbookSnapshot loader written here (the real xlsx
 * adapter lives in src/workbook/xlsx and is tested there); the seeded issues and facts come from
 * rebuilding each sample in memory with the same options (the generator is deterministic).
 */

import * as fs from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import {
  SAMPLE_FILES,
  buildCouncilWorkbook,
  type BuiltWorkbook,
  type SampleFile,
} from "../../samples/generate";
import { readDatasets, type SourceReport } from "../../src/sources";
import { zeroBased } from "./helpers";
import type { CellRange, SheetSnapshot, SnapshotValue, WorkbookSnapshot } from "../../src/sources/snapshot";

const SAMPLES = path.join(__dirname, "..", "..", "samples");

/** Whole days from Excel's epoch (30/12/1899) to a Date's UTC day. */
function toSerial(d: Date): number {
  return Math.round(
    (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(1899, 11, 30)) / 86400000,
  );
}

function plain(v: ExcelJS.CellValue): { value: SnapshotValue; date: boolean } {
  if (v === null || v === undefined) return { value: null, date: false };
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean")
    return { value: v, date: false };
  if (v instanceof Date) return { value: toSerial(v), date: true };
  if (typeof v === "object") {
    if ("richText" in v) return { value: v.richText.map((r) => r.text).join(""), date: false };
    if ("formula" in v || "sharedFormula" in v) {
      const result = (v as ExcelJS.CellFormulaValue).result;
      if (result === undefined || (typeof result === "object" && !(result instanceof Date)))
        return { value: null, date: false };
      return plain(result as ExcelJS.CellValue);
    }
    if ("text" in v) return { value: String((v as ExcelJS.CellHyperlinkValue).text), date: false };
  }
  return { value: null, date: false };
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function parseRange(ref: string): CellRange {
  const [a, b] = ref.split(":");
  const p = (x: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(x)!;
    return { row: Number(m[2]) - 1, col: colIndex(m[1]) };
  };
  const tl = p(a);
  const br = p(b ?? a);
  return { top: tl.row, left: tl.col, bottom: br.row, right: br.col };
}

function snapshotOf(wb: ExcelJS.Workbook, source: string): WorkbookSnapshot {
  const sheets: SheetSnapshot[] = wb.worksheets.map((ws) => {
    const cells: SnapshotValue[][] = [];
    const hiddenRows: number[] = [];
    const dateCells = new Set<string>();
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      if (row.hidden) hiddenRows.push(r - 1);
      const out: SnapshotValue[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.isMerged && cell.master.address !== cell.address) return;
        const { value, date } = plain(cell.value);
        out[c - 1] = value;
        if (date) dateCells.add(`${r - 1},${c - 1}`);
      });
      for (let i = 0; i < out.length; i++) if (out[i] === undefined) out[i] = null;
      cells[r - 1] = out;
    });
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = [];
    const hiddenColumns: number[] = [];
    for (let c = 1; c <= ws.columnCount; c++) if (ws.getColumn(c).hidden) hiddenColumns.push(c - 1);
    const merges = ((ws.model as unknown as { merges?: string[] }).merges ?? []).map(parseRange);
    return {
      name: ws.name,
      hidden: ws.state !== "visible",
      cells,
      hiddenColumns,
      hiddenRows,
      merges,
      dateCells,
    };
  });
  return { source, sheets };
}

async function loadFile(file: string): Promise<WorkbookSnapshot> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(SAMPLES, file));
  return snapshotOf(wb, file);
}

const standard = SAMPLE_FILES.find((s) => s.file === "council-sample.xlsx");
const available = (s: SampleFile | undefined): s is SampleFile =>
  !!s && fs.existsSync(path.join(SAMPLES, s.file));
const cases = ["council-sample.xlsx", "layout-a.xlsx", "layout-b.xlsx", "layout-c.xlsx"]
  .map((f) => SAMPLE_FILES.find((s) => s.file === f))
  .filter(available);

describe.each(cases.map((c) => [c.file, c] as const))("sample %s", (_file, sample) => {
  let built: BuiltWorkbook;
  let read: SourceReport;

  beforeAll(async () => {
    built = await buildCouncilWorkbook(sample.options);
    const snapshot = await loadFile(sample.file);
    read = readDatasets(snapshot);
  });

  it("maps every dataset automatically, to the tables the generator wrote", () => {
    const facts = built.facts;
    for (const [id, loc] of Object.entries(facts.tables)) {
      const m = read.mappings.find((x) => x.dataset === id);
      // The generator numbers rows and columns from 1; a mapping's are zero-based.
      expect({ id, sheet: m?.sheet, headerRow: m?.headerRow, columns: m?.columns }).toEqual({
        id,
        sheet: loc.sheet,
        headerRow: loc.headerRow - 1,
        columns: zeroBased(loc.columns),
      });
      if (loc.valueColumns) expect(m?.valueColumns).toEqual(zeroBased(loc.valueColumns));
      expect(m?.origin).toBe("detected");
      expect(m!.confidence).toBeGreaterThanOrEqual(0.5);
    }
    expect(
      read.issues.filter((i) => i.code === "dataset-missing" || i.code === "variance-not-forecast"),
    ).toEqual([]);
  });

  it("skips exactly the seeded rows, with the seeded codes", () => {
    const got = read.skipped.map((s) => ({ sheet: s.source.sheet, row: s.source.row, code: s.code }));
    const want = built.seeded.map((s) => ({ sheet: s.sheet, row: s.row, code: s.code }));
    const key = (x: { sheet: string; row: number }) => `${x.sheet}|${String(x.row).padStart(6, "0")}`;
    expect(got.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      want.sort((a, b) => key(a).localeCompare(key(b))),
    );
    for (const s of read.skipped) expect(s.reason).toMatch(/\S/);
  });

  it("finds every total row, and every total check agrees", () => {
    const disagree = read.totals.filter((t) => Math.abs(t.stated - t.computed) > 0.005);
    expect(disagree).toEqual([]);
    const rowsWithChecks = new Set(read.totals.map((t) => `${t.dataset}|${t.source.sheet}|${t.source.row}`));
    for (const t of built.facts.totals) {
      expect(
        rowsWithChecks.has(`${t.dataset}|${t.sheet}|${t.row}`)
          ? t.row
          : `missing ${t.sheet}!${t.row} ${t.label}`,
      ).toBe(t.row);
    }
    const placementCount = read.totals.find((t) => t.dataset === "placements" && t.field === "count");
    expect(placementCount?.stated).toBe(built.facts.placements.statedTotal);
  });

  it("gives the counts and figures in the generator's facts", () => {
    const f = built.facts;
    expect(read.placements?.length).toBe(f.placements.good);
    expect(read.budgetLines?.length).toBe(f.budgetLines.count);
    expect(read.schools?.length).toBe(f.schools.count);
    expect(read.dsgBlocks?.length).toBe(f.dsgBlocks.length);
    expect(read.deficitPlan?.length).toBe(f.deficitPlan.length);
    expect(read.currentBands?.map(({ band, hours }) => ({ band, hours }))).toEqual(f.currentBands);
    expect(read.proposedBands?.settings).toEqual(f.proposedBands.settings);
    expect(read.proposedBands?.rows.map(({ band, values }) => ({ band, values }))).toEqual(
      f.proposedBands.rows,
    );

    const sum = (xs: readonly number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;
    expect(sum(read.budgetLines!.map((l) => l.budget))).toBeCloseTo(f.budgetLines.hnbBudget, 2);
    expect(sum(read.budgetLines!.map((l) => l.forecast))).toBeCloseTo(f.budgetLines.hnbForecast, 2);
    expect(sum(read.schools!.map((s) => s.pupils))).toBe(f.schools.pupils);
    expect(sum(read.schools!.map((s) => s.allocation))).toBeCloseTo(f.schools.allocation, 2);
    expect(read.schools!.filter((s) => s.type === "Academy").length).toBe(f.schools.academies);

    const bySetting: Record<string, number> = {};
    for (const p of read.placements!) bySetting[p.setting] = (bySetting[p.setting] ?? 0) + 1;
    expect(bySetting).toEqual(f.placements.bySetting);
    expect(read.placements!.filter((p) => p.end === undefined).length).toBe(f.placements.open);
    expect(read.placements!.filter((p) => p.proposedBand === undefined).length).toBe(
      f.placements.withoutProposedBand,
    );
    const mainstreamHours = read
      .placements!.filter((p) => p.setting === "Mainstream")
      .reduce((s, p) => s + (p.hours ?? 0), 0);
    expect(mainstreamHours).toBeCloseTo(f.placements.mainstreamHours, 6);

    for (const y of f.deficitPlan) {
      const got = read.deficitPlan!.find((d) => d.source.row === y.row);
      expect(got && { ...got, source: undefined }).toEqual({ ...y, row: undefined, source: undefined });
    }
    for (const b of f.dsgBlocks) {
      const got = read.dsgBlocks!.find((d) => d.source.row === b.row);
      expect(got?.block).toBe(b.block);
      expect(got?.allocation).toBeCloseTo(b.allocation, 2);
      expect(got?.forecast).toBeCloseTo(b.forecast, 2);
    }
  });

  it("reads the key figures", () => {
    const f = built.facts;
    const a = read.assumptions;
    expect(a.council).toBe(f.council);
    expect(a.financialYear).toBe(f.financialYear);
    expect(a.asAt).toBe(f.asAt);
    expect(a.schoolsBlock).toBe(f.schoolsBlock);
    expect(a.schoolsBlockIsEstimate).toBe(f.schoolsBlockIsEstimate);
    expect(a.transferExcluded).toBe(f.transferExcluded);
    expect(a.transferPercent).toBeCloseTo(f.transferPercent, 10);
    expect(a.openingBalance).toBe(f.openingBalance);
    expect(a.hourlyRate).toBe(f.hourlyRate);
    expect(a.weeksPerYear).toBe(f.weeksPerYear);
    expect(a.mainstreamThreshold).toBe(f.mainstreamThreshold);
    for (const [key, row] of Object.entries(f.keyFigureRows)) {
      expect(a.sources[key as keyof typeof a.sources]?.row).toBe(row);
    }
  });
});

const large = SAMPLE_FILES.find((s) => s.file === "council-large.xlsx");
(available(large) ? it : it.skip)(
  // How fast it reads is measured by `npm run bench -- detect` (bench/README.md), not timed here.
  "reads the 10,000-row sample and skips only seeded rows",
  async () => {
    const snapshot = await loadFile(large!.file);
    const read: SourceReport = readDatasets(snapshot);
    const built = await buildCouncilWorkbook(large!.options);
    expect(read.placements?.length).toBe(built.facts.placements.good);
    expect(read.skipped.length).toBe(built.seeded.length);
  },
);

if (!available(standard) || !available(large)) {
  // The samples are committed; missing ones mean a broken checkout, which must not pass quietly.
  it("has the sample workbooks in samples/", () => {
    throw new Error("samples/*.xlsx are missing: run `npx tsx samples/generate.ts` to write them");
  });
}
