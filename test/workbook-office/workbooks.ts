/**
 * Workbooks for the Office read tests and benchmarks: an xlsx file put into the Excel fake as Excel
 * would hold it, and the "other data" sheets a council workbook carries besides its tables.
 *
 * The other data (issue 12): sheets of 3,000 rows × 20 columns under a header row, half constants
 * (a transaction code, an account code, eight measures) and half formulas over them (ten calculated
 * columns, with their cached results). Their headers ("Entry", "Account", "Period 1", "Derived 1"…)
 * resemble no column header the source reader knows, as in a ledger export nobody maps.
 */
import ExcelJS from "exceljs";
import { serialFromDate } from "../../src/core/dates";
import { parseArea } from "../fakes/a1";
import { FakeExcel, type SeedCell } from "../fakes/excel-fake";

const DAY_MS = 86_400_000;

/** Put what ExcelJS reads from a file into a fake, cell by cell, as Excel would hold it. */
export async function fakeFromFile(bytes: Uint8Array, name = "council.xlsx"): Promise<FakeExcel> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const fake = new FakeExcel();
  fake.model.name = name;
  for (const ws of wb.worksheets) {
    const rows: SeedCell[][] = [];
    const formats: Record<string, string> = {};
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (cell.type === ExcelJS.ValueType.Merge) return;
        const v = cell.value as unknown;
        let seed: SeedCell;
        if (v instanceof Date)
          seed = {
            value:
              serialFromDate(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate())! +
              (v.getTime() % DAY_MS) / DAY_MS,
          };
        else if (v && typeof v === "object" && "error" in v)
          seed = { value: { error: (v as { error: string }).error } };
        else if (v && typeof v === "object" && "formula" in v) {
          // ExcelJS drops a cached result of 0 from `value`; `cell.result` keeps it.
          const result = (cell as unknown as { result?: unknown }).result;
          const r0 =
            result instanceof Date
              ? serialFromDate(result.getUTCFullYear(), result.getUTCMonth() + 1, result.getUTCDate())!
              : result;
          seed = {
            value: (r0 !== null && typeof r0 === "object" && "error" in r0 ? r0 : (r0 ?? 0)) as number,
            formula: (v as { formula: string }).formula,
          };
        } else if (v && typeof v === "object" && "richText" in v)
          seed = (v as { richText: { text: string }[] }).richText.map((t) => t.text).join("");
        else if (v && typeof v === "object" && "sharedFormula" in v) {
          const result = (cell as unknown as { result?: unknown }).result;
          seed = { value: (result ?? 0) as number, formula: cell.formula };
        } else seed = v as SeedCell;
        (rows[r - 1] ??= [])[col - 1] = seed;
        if (cell.numFmt) formats[cell.address] = cell.numFmt;
      });
    });
    const hiddenRows: number[] = [];
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      if (row.hidden) hiddenRows.push(r - 1);
    });
    const hiddenColumns = ((ws.columns ?? []) as ExcelJS.Column[]).flatMap((col, i) =>
      col.hidden ? [i] : [],
    );
    const merges = ((ws.model as unknown as { merges?: string[] }).merges ?? []).map((m) => parseArea(m)!);
    const state = ws.state === "veryHidden" ? "VeryHidden" : ws.state === "hidden" ? "Hidden" : "Visible";
    fake.seedSheet(
      ws.name,
      Array.from(rows, (r) => r ?? []),
      { visibility: state, hiddenRows, hiddenColumns, merges, numberFormats: formats },
    );
  }
  return fake;
}

/** Rows and columns of one "other data" sheet (under its header row). */
export const OTHER_ROWS = 3_000;
export const OTHER_COLS = 20;

const letter = (c: number): string => String.fromCharCode(65 + c);

/** One cell of other-data sheet `sheet`: row 0 is the header; constants in A:J, formulas in K:T. */
export function otherCell(
  sheet: number,
  row: number,
  col: number,
): { value: string | number; formula?: string } {
  if (row === 0) {
    if (col === 0) return { value: "Txn" };
    if (col === 1) return { value: "Acct" };
    if (col < 10) return { value: `Measure ${col - 1}` };
    return { value: `Calc ${col - 9}` };
  }
  const period = (k: number): number =>
    Math.round(((sheet + 1) * 7919 + row * 104_729 + k * 1_299_709) % 1_000_000) / 100;
  if (col === 0) return { value: `E${String(sheet + 1).padStart(2, "0")}-${String(row).padStart(6, "0")}` };
  if (col === 1) return { value: `AC${((row * 37 + sheet) % 900) + 100}` };
  if (col < 10) return { value: period(col - 2) };
  // Derived k: period k times (k + 1), with its cached result.
  const k = col - 10;
  const source = 2 + (k % 8);
  const excelRow = row + 1;
  return {
    value: Math.round(period(source - 2) * (k + 1) * 100) / 100,
    formula: `ROUND(${letter(source)}${excelRow}*${k + 1},2)`,
  };
}

/** Name of other-data sheet `sheet`. */
export const otherSheetName = (sheet: number): string => `Ledger ${String(sheet + 1).padStart(2, "0")}`;

/** Add `count` other-data sheets to a fake, directly (as the user's own sheets). */
export function seedOtherSheets(fake: FakeExcel, count: number, rows = OTHER_ROWS): void {
  for (let s = 0; s < count; s++) {
    const grid: SeedCell[][] = [];
    for (let r = 0; r <= rows; r++) {
      const row: SeedCell[] = [];
      for (let c = 0; c < OTHER_COLS; c++) {
        const cell = otherCell(s, r, c);
        row.push(cell.formula ? { value: cell.value, formula: cell.formula } : cell.value);
      }
      grid.push(row);
    }
    fake.seedSheet(otherSheetName(s), grid);
  }
}

/** Add `count` other-data sheets to an ExcelJS workbook (for an xlsx file of the same data). */
export function addOtherSheets(workbook: ExcelJS.Workbook, count: number, rows = OTHER_ROWS): void {
  for (let s = 0; s < count; s++) {
    const ws = workbook.addWorksheet(otherSheetName(s));
    for (let r = 0; r <= rows; r++) {
      const values: ExcelJS.CellValue[] = [];
      for (let c = 0; c < OTHER_COLS; c++) {
        const cell = otherCell(s, r, c);
        values.push(
          cell.formula
            ? ({ formula: cell.formula, result: cell.value } as ExcelJS.CellFormulaValue)
            : cell.value,
        );
      }
      ws.addRow(values);
    }
  }
}
