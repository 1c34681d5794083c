/**
 * The Office adapter's read side: the open workbook as a values-only WorkbookSnapshot, and the
 * saved column mapping.
 *
 * Excel on the web refuses a response over 5 MB (the whole sync fails), and a council workbook with
 * a dozen sheets of other data holds far more than that in values, value types and number formats.
 * So the read sizes every sheet first (one sync for all), then reads in blocks that fit
 * (read-blocks.ts), and reads number formats only where the caller says it reads dates (the task
 * pane passes the source reader's candidate tables, src/sources/format-regions.ts): see
 * {@link readSnapshot}. A small workbook is still read in three syncs.
 *
 * What a reader gets matches the xlsx adapter (../xlsx/read.ts): values as Excel shows them,
 * formula cells as their results, dates as serials (listed in `dateCells` when shown with a date
 * format), error values as empty (the error kept in `errorCells`), hidden sheets/rows/columns read
 * and flagged, and the saved-mapping sheet left out of the sheets and returned as `savedMapping`.
 *
 * Nothing here writes to the workbook except {@link writeSavedMapping}.
 */
import type { CellRange, SheetSnapshot, SnapshotValue, WorkbookSnapshot } from "../../sources/snapshot";
import { MAX_CELL_TEXT, SAVED_MAPPING_SHEET } from "../port";
import { parseAddressList, type Rect } from "./address";
import { hostApiSupport, type ApiSupport } from "./host";
import { DEFAULT_MAX_RESPONSE_BYTES } from "./plan";
import { blockBudget, readAreas, type BlockData, type Densities, type ReadArea } from "./read-blocks";

/** Options for {@link readSnapshot}. */
export interface ReadOptions {
  /** Which ExcelApi 1.x sets the host has (default: ask Office). */
  readonly supports?: ApiSupport;
  /** Most JSON bytes one response may carry (default DEFAULT_MAX_RESPONSE_BYTES: 4 MB of Excel on the web's 5 MB). */
  readonly maxResponseBytes?: number;
  /**
   * Where number formats are needed, for a workbook too big for one response: per sheet (the
   * snapshot's sheets, values complete, no `dateCells` yet), the rectangles whose dates the caller
   * will read; given the saved mapping's text. The source reader's answer is
   * `formatRegionsFor(mapping)` (src/sources/format-regions.ts). Default: every cell.
   */
  readonly formatRegions?: (
    sheets: readonly SheetSnapshot[],
    savedMapping: string | undefined,
  ) => readonly (readonly CellRange[])[];
}

/**
 * Whether a number format shows a date or time: it has day, month, year, hour or second codes
 * (d m y h s, or b for a Buddhist year) outside quoted text, escapes and [brackets] — the rule
 * ExcelJS applies, so both adapters list the same `dateCells`.
 * @example isDateFormat("dd/mm/yyyy") → true; isDateFormat("[$-809]d mmmm yyyy") → true;
 *   isDateFormat("£#,##0;(£#,##0)") → false; isDateFormat("General") → false
 */
export function isDateFormat(format: string | undefined): boolean {
  if (!format || format === "General" || format === "@") return false;
  const bare = format
    .replace(/\[[^\]]*\]/g, "")
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/[_*]./g, "");
  return /[ymdhsb]/i.test(bare);
}

/**
 * A Range.values cell as a snapshot value. An error cell ("#N/A", "#REF!" …) reads as empty, as in
 * the xlsx adapter; its value type says so, which keeps a text cell that holds "#N/A" as text.
 */
function snapshotValue(value: unknown, type: unknown): SnapshotValue {
  if (type === "Error" || value === null || value === undefined || value === "") return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean" || typeof value === "string") return value;
  return null;
}

/** The loaded parts of one sheet. */
interface SheetData {
  name: string;
  hidden: boolean;
  /** Values and formats from A1 down to the last used row/column. */
  values: unknown[][];
  types: unknown[][];
  formats: unknown[][];
  /** Visible areas (undefined when not read), [] when nothing is visible. */
  visible?: Rect[];
  merges?: Rect[];
}

/** Build a SheetSnapshot from values read from A1. */
function toSnapshot(data: SheetData): SheetSnapshot {
  const dateCells = new Set<string>();
  const errorCells = new Map<string, string>();
  const cells: SnapshotValue[][] = [];
  // The rows that have cells (as the xlsx adapter lists them), so readers skip the empty ones.
  const rowsWithCells: number[] = [];
  let lastRow = -1;
  let width = 0;
  data.values.forEach((row, r) => {
    const out: SnapshotValue[] = [];
    let last = -1;
    row.forEach((raw, c) => {
      const v = snapshotValue(raw, data.types[r]?.[c]);
      // The error itself is kept, as the xlsx adapter keeps it, so a skipped row can name it.
      if (data.types[r]?.[c] === "Error" && typeof raw === "string" && raw !== "")
        errorCells.set(`${r},${c}`, raw);
      out.push(v);
      if (v !== null) {
        last = c;
        if (typeof v === "number" && isDateFormat(data.formats[r]?.[c] as string | undefined))
          dateCells.add(`${r},${c}`);
      }
    });
    out.length = last + 1;
    cells.push(out);
    if (last >= 0) {
      lastRow = r;
      rowsWithCells.push(r);
    }
    width = Math.max(width, last + 1);
  });
  cells.length = lastRow + 1;

  const hiddenRows: number[] = [];
  const hiddenColumns: number[] = [];
  if (data.visible) {
    const rowsShown = new Set<number>();
    const colsShown = new Set<number>();
    for (const area of data.visible) {
      for (let r = area.top; r <= Math.min(area.bottom, cells.length - 1); r++) rowsShown.add(r);
      for (let c = area.left; c <= Math.min(area.right, width - 1); c++) colsShown.add(c);
    }
    for (let r = 0; r < cells.length; r++) if (!rowsShown.has(r)) hiddenRows.push(r);
    for (let c = 0; c < width; c++) if (!colsShown.has(c)) hiddenColumns.push(c);
  }
  const merges: CellRange[] = [...(data.merges ?? [])].sort((a, b) => a.top - b.top || a.left - b.left);
  return {
    name: data.name,
    hidden: data.hidden,
    cells,
    rowsWithCells,
    hiddenColumns,
    hiddenRows,
    merges,
    dateCells,
    errorCells,
  };
}

/** The saved mapping: column A from A1 down, joined until the first empty cell. */
function mappingText(values: unknown[][]): string | undefined {
  let text = "";
  for (const row of values) {
    const v = row[0];
    if (v === null || v === undefined || v === "") break;
    text += String(v);
  }
  return text === "" ? undefined : text;
}

/** One sheet as the sizes sync found it. */
interface Sized {
  readonly ws: Excel.Worksheet;
  readonly name: string;
  readonly hidden: boolean;
  /** From A1 to the last cell holding a value. */
  readonly rows: number;
  readonly cols: number;
  readonly visible?: Rect[];
  readonly merges?: Rect[];
}

function areasOf(areas: Excel.RangeAreas | undefined): Rect[] | undefined {
  if (!areas) return undefined;
  return areas.isNullObject ? [] : parseAddressList(areas.address);
}

/**
 * The sizes sync: every sheet's extent from A1 (row and column counts of its values-only used
 * range, bounded with A1 so indexes are absolute), its visible cells (for hidden rows and columns)
 * and its merged areas, in one sync for all sheets. A host that fails on the visible cells or the
 * merges (over 512 merged areas, say) is asked again without them: they are flags, not data.
 */
async function readSizes(
  context: Excel.RequestContext,
  sheets: readonly Excel.Worksheet[],
  supports: ApiSupport,
): Promise<Sized[]> {
  const queue = (extras: { visible: boolean; merges: boolean }) =>
    sheets.map((ws) => {
      const bounds = ws.getUsedRange(true).getBoundingRect(ws.getRange("A1"));
      bounds.load("rowCount,columnCount");
      let visible: Excel.RangeAreas | undefined;
      if (extras.visible && ws.name !== SAVED_MAPPING_SHEET) {
        visible = bounds.getSpecialCellsOrNullObject("Visible");
        visible.load("address");
      }
      let merges: Excel.RangeAreas | undefined;
      if (extras.merges && ws.name !== SAVED_MAPPING_SHEET) {
        merges = ws.getUsedRange(false).getMergedAreasOrNullObject();
        merges.load("address");
      }
      return { ws, bounds, visible, merges };
    });
  const extras = { visible: supports(9), merges: supports(13) };
  let probes = queue(extras);
  try {
    await context.sync();
  } catch (error) {
    if (!extras.visible && !extras.merges) throw error;
    probes = queue({ visible: false, merges: false });
    await context.sync();
  }
  return probes.map((p) => ({
    ws: p.ws,
    name: p.ws.name,
    hidden: p.ws.visibility !== "Visible",
    rows: p.bounds.rowCount,
    cols: p.bounds.columnCount,
    visible: areasOf(p.visible),
    merges: areasOf(p.merges),
  }));
}

/** Rows of every sheet read first, so the rest is read in blocks sized from what its cells hold. */
const SAMPLE_ROWS = 100;

/**
 * Guessed JSON bytes per cell before any block of a sheet has come back. A cell's value is 8–14
 * bytes of JSON ("1234.56," or "Mainstream",), its type 9 ("Double",), its format 10–13
 * ("General", "dd/mm/yyyy"); all three came to 28 bytes a cell on council-large.xlsx and on the
 * other-data sheets of bench/office-syncs.ts. The guesses sit well above.
 */
const GUESS = { all: 48, values: 24, valueTypes: 12, numberFormat: 24 } as const;

/** Text that may be an error value: Range.values gives an error cell as its code ("#N/A", "#REF!"). */
const ERROR_LIKE = /^#[A-Z0-9_/]+[!?]?$/i;

/** Rows holding text that may be an error value, as runs [first, last]. */
function errorLikeRuns(values: readonly unknown[][]): [number, number][] {
  const runs: [number, number][] = [];
  values.forEach((row, r) => {
    if (!row.some((v) => typeof v === "string" && v.length <= 16 && ERROR_LIKE.test(v))) return;
    const last = runs[runs.length - 1];
    if (last && last[1] === r - 1) last[1] = r;
    else runs.push([r, r]);
  });
  return runs;
}

/** Copy a block into a sheet's rows (whole rows shared as they came, part rows cell by cell). */
function place(target: unknown[][], block: ReadArea, grid: readonly unknown[][], width: number): void {
  for (let r = 0; r < block.rows; r++) {
    if (block.left === 0 && block.cols === width) target[block.top + r] = grid[r] as unknown[];
    else {
      const row = (target[block.top + r] ??= []);
      for (let c = 0; c < block.cols; c++) row[block.left + c] = grid[r][c];
    }
  }
}

/**
 * Read every sheet of the open workbook as a values-only snapshot, in responses that fit under
 * Excel on the web's limit (no response is refused for its size).
 *
 * 1. The sheet list (one sync); 2. every sheet's size, visible cells and merges (one sync);
 * 3. when the whole workbook fits one response (by a generous guess per cell): values, value types
 *    and number formats of every cell in one sync — 3 syncs in all;
 * 4. otherwise, in blocks that fit: values of every sheet's first {@link SAMPLE_ROWS} rows, then
 *    of the rest (sized from the sample); value types only for rows holding text that may be an
 *    error ("#N/A"); number formats only for `options.formatRegions` (every cell by default; the
 *    source reader's are its candidate tables and the sheets a mapping names).
 *
 * Either way the snapshot's values, errors, hidden rows and columns and merges are those of every
 * cell; `dateCells` are complete within the format regions, which is where the caller reads dates.
 *
 * @param context the Excel request context (inside Excel.run)
 * @param options host requirement sets; the response budget; where number formats are needed
 * @returns every worksheet in workbook order (the saved-mapping sheet left out and returned as `savedMapping`)
 * @throws the host's error when Excel cannot read the workbook
 * @example
 *   const snapshot = await Excel.run((context) => readSnapshot(context));
 */
export async function readSnapshot(
  context: Excel.RequestContext,
  options: ReadOptions = {},
): Promise<WorkbookSnapshot> {
  const supports = options.supports ?? hostApiSupport();
  const budget = blockBudget(options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  const workbook = context.workbook;
  workbook.load("name");
  const worksheets = workbook.worksheets;
  worksheets.load("items/name,items/visibility");
  await context.sync();

  const sized = await readSizes(context, worksheets.items, supports);
  const sheetsWs = sized.map((s) => s.ws);
  const data: SheetData[] = sized.map((s) => ({
    name: s.name,
    hidden: s.hidden,
    values: new Array<unknown[]>(s.rows),
    types: new Array<unknown[]>(s.rows),
    formats: new Array<unknown[]>(s.rows),
    visible: s.visible,
    merges: s.merges,
  }));
  const deliver = (block: ReadArea, got: BlockData): void => {
    const width = sized[block.sheet].cols;
    const d = data[block.sheet];
    if (got.values) place(d.values, block, got.values, width);
    if (got.valueTypes) place(d.types, block, got.valueTypes, width);
    if (got.numberFormat) place(d.formats, block, got.numberFormat, width);
  };
  const rowsOf = (i: number, top: number, rows: number): ReadArea => ({
    sheet: i,
    top,
    left: 0,
    rows,
    cols: sized[i].cols,
  });
  const cells = sized.reduce((n, s) => n + s.rows * s.cols, 0);
  const mappingIndex = sized.findIndex((s) => s.name === SAVED_MAPPING_SHEET);

  if (cells * GUESS.all <= budget.budgetBytes) {
    // A workbook this small costs one response whatever is read: read it all.
    const whole = sized.map((s, i) => rowsOf(i, 0, s.rows));
    await readAreas(
      context,
      sheetsWs,
      whole,
      ["values", "valueTypes", "numberFormat"],
      budget,
      new Map(),
      GUESS.all,
      deliver,
    );
  } else {
    const valueDensity: Densities = new Map();
    const sample = sized.map((s, i) => rowsOf(i, 0, Math.min(s.rows, SAMPLE_ROWS)));
    await readAreas(context, sheetsWs, sample, ["values"], budget, valueDensity, GUESS.values, deliver);
    const rest = sized.map((s, i) => rowsOf(i, SAMPLE_ROWS, s.rows - SAMPLE_ROWS));
    await readAreas(context, sheetsWs, rest, ["values"], budget, valueDensity, GUESS.values, deliver);

    // Types tell an error cell from text that looks like one; only rows with such text need them.
    const typeAreas = data.flatMap((d, i) =>
      i === mappingIndex
        ? []
        : errorLikeRuns(d.values).map(([first, last]) => rowsOf(i, first, last - first + 1)),
    );
    await readAreas(
      context,
      sheetsWs,
      typeAreas,
      ["valueTypes"],
      budget,
      new Map(),
      GUESS.valueTypes,
      deliver,
    );

    // Formats (dates) where the caller reads dates, found on the values now complete; every cell
    // when the caller does not say.
    const indexes = sized.map((_, i) => i).filter((i) => i !== mappingIndex);
    const saved = mappingIndex >= 0 ? mappingText(data[mappingIndex].values) : undefined;
    const regions = options.formatRegions
      ? options.formatRegions(
          indexes.map((i) => toSnapshot(data[i])),
          saved,
        )
      : indexes.map((i) => [{ top: 0, left: 0, bottom: sized[i].rows - 1, right: sized[i].cols - 1 }]);
    const formatAreas = regions.flatMap((rects, k) =>
      rects.map((r) => ({
        sheet: indexes[k],
        top: r.top,
        left: r.left,
        rows: r.bottom - r.top + 1,
        cols: r.right - r.left + 1,
      })),
    );
    await readAreas(
      context,
      sheetsWs,
      formatAreas,
      ["numberFormat"],
      budget,
      new Map(),
      GUESS.numberFormat,
      deliver,
    );
  }

  const out: SheetSnapshot[] = [];
  let savedMapping: string | undefined;
  data.forEach((d, i) => {
    if (i === mappingIndex) savedMapping = mappingText(d.values);
    else out.push(toSnapshot(d));
  });
  return { source: workbook.name, sheets: out, ...(savedMapping !== undefined ? { savedMapping } : {}) };
}

/**
 * Save the column mapping (JSON text) in the workbook, for next month: a very hidden sheet
 * `_forum_papers_mapping` holding the text in column A from A1 down, in pieces of at most
 * 32,767 characters (port.ts). Two syncs: one to find the sheet, one to write.
 *
 * This is the one write the adapter makes outside its built sheets; it touches no cell of the
 * council's sheets.
 * @example
 *   await Excel.run((context) => writeSavedMapping(context, JSON.stringify(mapping)));
 */
export async function writeSavedMapping(context: Excel.RequestContext, json: string): Promise<void> {
  const worksheets = context.workbook.worksheets;
  const found = worksheets.getItemOrNullObject(SAVED_MAPPING_SHEET);
  found.load("name");
  await context.sync();
  const exists = !found.isNullObject;
  const sheet = exists ? worksheets.getItem(SAVED_MAPPING_SHEET) : worksheets.add(SAVED_MAPPING_SHEET);
  if (exists) sheet.getRange("A:A").clear("Contents");
  else sheet.visibility = "VeryHidden";
  const pieces: string[][] = [];
  for (let i = 0; i < json.length; i += MAX_CELL_TEXT) pieces.push([json.slice(i, i + MAX_CELL_TEXT)]);
  if (pieces.length > 0) {
    const column = sheet.getRange(`A1:A${pieces.length}`);
    // Text format first, so Excel keeps each piece as text (a piece may start with a digit or "=").
    column.numberFormat = pieces.map(() => ["@"]);
    column.values = pieces;
  }
  await context.sync();
}
