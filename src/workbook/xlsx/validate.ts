/**
 * Checks a set of SheetSpecs against the rules of an Excel workbook before anything is written.
 *
 * A spec that breaks them (a duplicate table name, a table header that is a formula, a sheet name
 * with a colon) would give a file Excel "repairs" by deleting content, so it is refused here with
 * an InternalError naming the sheet and cell: such a spec is a bug in its builder, not bad input.
 */
import { InternalError } from "../../core/errors";
import { cellA1 } from "../../core/a1";
import type { CellSpec, ChartSpec, SheetSpec, TableSpec } from "../../papers/spec";
import { MAX_CELL_TEXT } from "../port";

/** Excel's rules for a sheet name: 1–31 characters, none of : \ / ? * [ ], no leading/trailing '. */
export function sheetNameProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (name.length > 31) return "is longer than 31 characters";
  if (/[:\\/?*[\]]/.test(name)) return "contains one of : \\ / ? * [ ]";
  if (name.startsWith("'") || name.endsWith("'")) return "starts or ends with an apostrophe";
  if (name.toLowerCase() === "history") return 'is "History", which Excel reserves';
  return undefined;
}

/**
 * Excel's rules for a table name: starts with a letter, underscore or backslash; then letters,
 * digits, underscores and full stops; at most 255 characters; not a cell reference ("AB12",
 * "R1C1") and not "R" or "C" (R1C1 shorthands).
 */
export function tableNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 255) return "must have 1 to 255 characters";
  if (!/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name))
    return "must start with a letter and hold only letters, digits, _ and .";
  if (/^[A-Za-z]{1,3}[0-9]+$/.test(name) || /^[Rr][0-9]*[Cc][0-9]*$/.test(name) || /^[RrCc]$/.test(name)) {
    return "looks like a cell reference";
  }
  return undefined;
}

/** The cell at (row, col) of a spec, or null. */
export function cellAt(spec: SheetSpec, row: number, col: number): CellSpec | null {
  return spec.cells[row]?.[col] ?? null;
}

/** The header texts of a table, as its column names. */
export function tableHeaders(spec: SheetSpec, table: TableSpec): string[] {
  const names: string[] = [];
  for (let j = 0; j < table.columnCount; j++) {
    const cell = cellAt(spec, table.headerRow, table.firstCol + j);
    names.push(cell?.value === null || cell?.value === undefined ? "" : String(cell.value));
  }
  return names;
}

function checkTable(spec: SheetSpec, table: TableSpec, where: string): void {
  const problem = tableNameProblem(table.name);
  if (problem) throw new InternalError(`${where}: table name "${table.name}" ${problem}`);
  if (table.columnCount < 1 || table.dataRowCount < 1) {
    throw new InternalError(`${where}: table ${table.name} needs at least one column and one data row`);
  }
  if (table.headerRow < 0 || table.firstCol < 0)
    throw new InternalError(`${where}: table ${table.name} starts outside the sheet`);
  if (!table.altText.trim()) throw new InternalError(`${where}: table ${table.name} has no alt text`);
  const seen = new Set<string>();
  tableHeaders(spec, table).forEach((text, j) => {
    const at = cellA1(table.headerRow, table.firstCol + j);
    const cell = cellAt(spec, table.headerRow, table.firstCol + j);
    if (cell?.formula) throw new InternalError(`${where}!${at}: a table header cannot be a formula`);
    if (!text.trim()) throw new InternalError(`${where}!${at}: table ${table.name} has an empty header`);
    // A line break in a header would be normalised away in the table part's column name, so the
    // column name and the header cell would disagree and Excel would repair the file.
    if (/[\r\n]/.test(text))
      throw new InternalError(`${where}!${at}: table headers cannot contain line breaks`);
    const key = text.toLowerCase();
    if (seen.has(key))
      throw new InternalError(`${where}!${at}: table ${table.name} repeats the header "${text}"`);
    seen.add(key);
  });
}

/**
 * The problem with a cell, or undefined. Called for every cell of every sheet (over 100,000 on a
 * large council's papers), so it builds no strings unless something is wrong.
 */
function cellProblem(cell: CellSpec): string | undefined {
  const value = cell.value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return `${value} is not a number a cell can hold`;
  } else if (typeof value === "string" && value.length > MAX_CELL_TEXT) {
    return `text longer than Excel's ${MAX_CELL_TEXT}-character limit`;
  }
  // An empty formula: nothing but an optional "=" and white space.
  if (cell.formula !== undefined && /^=?\s*$/.test(cell.formula)) return "empty formula";
  return undefined;
}

/** Check what a chart part cannot hold: a spec breaking these is a builder bug. */
export function validateChart(chart: ChartSpec, sheetName: string): void {
  const where = `Chart "${chart.title}" on sheet "${sheetName}"`;
  if (chart.kind !== "line")
    throw new InternalError(`${where}: only line charts are supported, not ${String(chart.kind)}`);
  if (chart.series.length === 0) throw new InternalError(`${where} has no series`);
  if (!chart.altText.trim()) throw new InternalError(`${where} has no alt text`);
  for (const s of chart.series) {
    if (s.values.length !== chart.categories.length) {
      throw new InternalError(
        `${where}: series "${s.name}" has ${s.values.length} values for ${chart.categories.length} categories`,
      );
    }
  }
  const { fromRow, fromCol, toRow, toCol } = chart.anchor;
  if (!(fromRow >= 0 && fromCol >= 0 && toRow >= fromRow && toCol >= fromCol)) {
    throw new InternalError(`${where}: bad anchor ${JSON.stringify(chart.anchor)}`);
  }
}

/** The rows and columns a table covers, header and totals row included (inclusive bounds). */
function tableBounds(table: TableSpec): { top: number; left: number; bottom: number; right: number } {
  const rows = 1 + table.dataRowCount + (table.totalsRow ? 1 : 0);
  return {
    top: table.headerRow,
    left: table.firstCol,
    bottom: table.headerRow + rows - 1,
    right: table.firstCol + table.columnCount - 1,
  };
}

/**
 * The first cell of `table` (row by row, left to right) that one of `others` already covers, and
 * which table covers it; undefined when they do not overlap. `others` do not overlap each other.
 */
function firstOverlap(
  table: TableSpec,
  others: readonly TableSpec[],
): { other: TableSpec; row: number; col: number } | undefined {
  const t = tableBounds(table);
  let first: { other: TableSpec; row: number; col: number } | undefined;
  for (const other of others) {
    const o = tableBounds(other);
    const top = Math.max(t.top, o.top);
    const left = Math.max(t.left, o.left);
    if (top > Math.min(t.bottom, o.bottom) || left > Math.min(t.right, o.right)) continue;
    // The first covered cell of an intersection is its top-left one.
    if (!first || top < first.row || (top === first.row && left < first.col))
      first = { other, row: top, col: left };
  }
  return first;
}

/** Throws InternalError for the first rule a set of specs breaks. */
export function validateSpecs(specs: readonly SheetSpec[]): void {
  const sheetNames = new Set<string>();
  const tableNames = new Set<string>();
  for (const spec of specs) {
    const problem = sheetNameProblem(spec.name);
    if (problem) throw new InternalError(`Sheet name "${spec.name}" ${problem}`);
    const key = spec.name.toLowerCase();
    if (sheetNames.has(key)) throw new InternalError(`Two sheets are named "${spec.name}"`);
    sheetNames.add(key);
    const where = `Sheet "${spec.name}"`;
    const cells = spec.cells;
    for (let r = 0; r < cells.length; r++) {
      const row = cells[r];
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        const cellIssue = cell ? cellProblem(cell) : undefined;
        if (cellIssue) throw new InternalError(`${where}!${cellA1(r, c)}: ${cellIssue}`);
      }
    }
    for (const chart of spec.charts) validateChart(chart, spec.name);
    const placed: TableSpec[] = [];
    for (const table of spec.tables) {
      checkTable(spec, table, where);
      const tkey = table.name.toLowerCase();
      if (tableNames.has(tkey)) throw new InternalError(`Two tables are named "${table.name}"`);
      tableNames.add(tkey);
      const overlap = firstOverlap(table, placed);
      if (overlap) {
        throw new InternalError(
          `${where}: tables ${overlap.other.name} and ${table.name} overlap at ${cellA1(overlap.row, overlap.col)}`,
        );
      }
      placed.push(table);
    }
  }
}
