/**
 * Read a written workbook back with ExcelJS for assertions: sheet → cell address → what the cell
 * holds. Values are what a non-recalculating reader sees (a formula's cached result), dates come
 * back as Excel serials, and error values are kept (as `error`) so tests can insist there are none.
 */
import { promises as fs } from "fs";
import ExcelJS from "exceljs";
import { serialFromDate } from "../../src/core/dates";

/** One cell as read back. */
export interface ReadBackCell {
  /** The value, or a formula's cached result; null for none (or for an error: see `error`). */
  readonly value: string | number | boolean | null;
  /** The formula without "=", for formula cells (shared formulas are translated to this cell). */
  readonly formula?: string;
  /** The error shown ("#DIV/0!", "#NAME?" …) when the value or cached result is an error. */
  readonly error?: string;
  /** The number format, when not General. */
  readonly numFmt?: string;
  /** Whether the font is bold (for style checks). */
  readonly bold?: boolean;
}

/** Sheet name → cell address ("B4") → cell. */
export type ReadBack = Record<string, Record<string, ReadBackCell>>;

function serialOf(date: Date): number {
  const whole = serialFromDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()) ?? 0;
  return (
    whole +
    (date.getTime() - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())) / 86_400_000
  );
}

function plain(value: unknown): { value: ReadBackCell["value"]; error?: string } {
  if (value === null || value === undefined) return { value: null };
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return { value };
  if (value instanceof Date) return { value: serialOf(value) };
  const v = value as Record<string, unknown>;
  if (typeof v.error === "string") return { value: null, error: v.error };
  if (Array.isArray(v.richText))
    return { value: (v.richText as { text: string }[]).map((r) => r.text).join("") };
  if ("hyperlink" in v) return plain(v.text);
  if ("result" in v || "formula" in v || "sharedFormula" in v) return plain(v.result);
  return { value: null };
}

/** Load a workbook (a path or bytes) with ExcelJS. */
export async function loadWorkbook(source: string | Uint8Array): Promise<ExcelJS.Workbook> {
  const bytes = typeof source === "string" ? await fs.readFile(source) : Buffer.from(source);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

/** Read every non-empty cell of every worksheet. */
export async function readBack(source: string | Uint8Array): Promise<ReadBack> {
  const wb = await loadWorkbook(source);
  const out: ReadBack = {};
  for (const ws of wb.worksheets) {
    const cells: Record<string, ReadBackCell> = {};
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.type === ExcelJS.ValueType.Merge) return;
        const isFormula = cell.type === ExcelJS.ValueType.Formula;
        // cell.result, not cell.value, for formulas: ExcelJS drops a cached result of 0 from cell.value.
        const { value, error } = isFormula ? plain({ result: cell.result }) : plain(cell.value);
        const formula = isFormula ? cell.formula : undefined;
        const numFmt = cell.numFmt && cell.numFmt !== "General" ? cell.numFmt : undefined;
        cells[cell.address] = {
          value,
          ...(formula !== undefined ? { formula } : {}),
          ...(error !== undefined ? { error } : {}),
          ...(numFmt !== undefined ? { numFmt } : {}),
          ...(cell.font?.bold ? { bold: true } : {}),
        };
      });
    });
    out[ws.name] = cells;
  }
  return out;
}
