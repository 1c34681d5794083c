/**
 * The Office adapter's read side: the open workbook as a values-only WorkbookSnapshot, and the
 * saved column mapping.
 *
 * Two round trips whatever the number of sheets or rows: one for the sheet list, one for every
 * sheet's used range (values and number formats, for dates), its visible cells (for hidden rows
 * and columns) and its merged areas. Excel on the web also caps a response at 5 MB; a workbook
 * whose values exceed that is read again in row blocks, as many per sync as fit (the only case that
 * costs more round trips).
 *
 * What a reader gets matches the xlsx adapter (../xlsx/read.ts): values as Excel shows them,
 * formula cells as their results, dates as serials (listed in `dateCells` when shown with a date
 * format), error values as empty, hidden sheets/rows/columns read and flagged, and the saved-mapping
 * sheet left out of the sheets and returned as `savedMapping`.
 *
 * Nothing here writes to the workbook except {@link writeSavedMapping}.
 */
import type { CellRange, SheetSnapshot, SnapshotValue, WorkbookSnapshot } from "../../sources/snapshot";
import { MAX_CELL_TEXT, SAVED_MAPPING_SHEET } from "../port";
import { parseAddressList, type Rect } from "./address";
import { ErrorCode, errorCode, hostApiSupport, type ApiSupport } from "./host";

/** Options for {@link readSnapshot}. */
export interface ReadOptions {
  /** Which ExcelApi 1.x sets the host has (default: ask Office). */
  readonly supports?: ApiSupport;
  /** Cells per sync when the workbook must be read in blocks (default 100,000; halved while a response is still too big). */
  readonly cellsPerSync?: number;
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
  const cells: SnapshotValue[][] = [];
  let lastRow = -1;
  let width = 0;
  data.values.forEach((row, r) => {
    const out: SnapshotValue[] = [];
    let last = -1;
    row.forEach((raw, c) => {
      const v = snapshotValue(raw, data.types[r]?.[c]);
      out.push(v);
      if (v !== null) {
        last = c;
        if (typeof v === "number" && isDateFormat(data.formats[r]?.[c] as string | undefined))
          dateCells.add(`${r},${c}`);
      }
    });
    out.length = last + 1;
    cells.push(out);
    if (last >= 0) lastRow = r;
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
  return { name: data.name, hidden: data.hidden, cells, hiddenColumns, hiddenRows, merges, dateCells };
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

interface Probe {
  readonly ws: Excel.Worksheet;
  /** From A1 to the last used cell. */
  readonly bounds: Excel.Range;
  readonly visible?: Excel.RangeAreas;
  readonly merges?: Excel.RangeAreas;
}

/** Queue, for every sheet, its bounds (and its values unless `valuesToo` is false), visible cells and merges. */
function queueProbes(
  sheets: readonly Excel.Worksheet[],
  valuesToo: boolean,
  extras: { visible: boolean; merges: boolean },
): Probe[] {
  return sheets.map((ws) => {
    // Values-only used range: cells holding a value; its bounding rectangle with A1 so indexes are absolute.
    const bounds = ws.getUsedRange(true).getBoundingRect(ws.getRange("A1"));
    if (valuesToo) bounds.load("rowCount,columnCount,values,valueTypes,numberFormat");
    else bounds.load("rowCount,columnCount");
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
}

function areasOf(areas: Excel.RangeAreas | undefined): Rect[] | undefined {
  if (!areas) return undefined;
  return areas.isNullObject ? [] : parseAddressList(areas.address);
}

/** Values, value types and number formats of one sheet, from A1. */
interface Block {
  values: unknown[][];
  types: unknown[][];
  formats: unknown[][];
}

/** Read values in row blocks when one response cannot hold them all. */
async function readInBlocks(
  context: Excel.RequestContext,
  probes: readonly Probe[],
  cellsPerSync: number,
): Promise<Block[]> {
  const out: Block[] = probes.map((p) => ({
    values: new Array<unknown[]>(p.bounds.rowCount),
    types: new Array<unknown[]>(p.bounds.rowCount),
    formats: new Array<unknown[]>(p.bounds.rowCount),
  }));
  interface Rows {
    sheet: number;
    first: number;
    rows: number;
  }
  let budget = cellsPerSync;
  // Blocks still to read, in order.
  let pending: Rows[] = probes.map((p, i) => ({ sheet: i, first: 0, rows: p.bounds.rowCount }));
  const split = (block: Rows): Rows[] => {
    const cols = Math.max(1, probes[block.sheet].bounds.columnCount);
    const per = Math.max(1, Math.floor(budget / cols));
    const parts: Rows[] = [];
    for (let r = 0; r < block.rows; r += per)
      parts.push({ sheet: block.sheet, first: block.first + r, rows: Math.min(per, block.rows - r) });
    return parts;
  };
  const readGroup = async (group: Rows[]): Promise<void> => {
    const ranges = group.map((b) => {
      const cols = probes[b.sheet].bounds.columnCount;
      const block = probes[b.sheet].ws.getRangeByIndexes(b.first, 0, b.rows, cols);
      block.load("values,valueTypes,numberFormat");
      return block;
    });
    // One sync per group of blocks; the loop below calls this once per group, never per row.
    await context.sync();
    group.forEach((b, i) => {
      const { values, valueTypes, numberFormat } = ranges[i];
      for (let r = 0; r < b.rows; r++) {
        out[b.sheet].values[b.first + r] = values[r];
        out[b.sheet].types[b.first + r] = valueTypes[r];
        out[b.sheet].formats[b.first + r] = numberFormat[r];
      }
    });
  };
  while (pending.length > 0) {
    // Fill one sync with blocks up to the cell budget.
    const blocks = pending.flatMap(split);
    const group: Rows[] = [];
    let cells = 0;
    for (const b of blocks) {
      const n = b.rows * Math.max(1, probes[b.sheet].bounds.columnCount);
      if (group.length > 0 && cells + n > budget) break;
      group.push(b);
      cells += n;
    }
    try {
      await readGroup(group);
      pending = blocks.slice(group.length);
    } catch (error) {
      const tooBig = errorCode(error) === ErrorCode.responsePayloadSizeLimitExceeded;
      const oneRow = group.length === 1 && group[0].rows === 1;
      if (!tooBig || oneRow) throw error;
      budget = Math.max(1, Math.floor(budget / 2));
      pending = blocks;
    }
  }
  return out;
}

/**
 * Read every sheet of the open workbook as a values-only snapshot.
 *
 * @param context the Excel request context (inside Excel.run)
 * @param options host requirement sets; block size for very large workbooks
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
  const workbook = context.workbook;
  workbook.load("name");
  const worksheets = workbook.worksheets;
  worksheets.load("items/name,items/visibility");
  await context.sync();
  const sheets = worksheets.items;

  let extras = { visible: supports(9), merges: supports(13) };
  let probes: Probe[] = [];
  let blocks: Block[] | undefined;
  const tooBig = (error: unknown): boolean => errorCode(error) === ErrorCode.responsePayloadSizeLimitExceeded;
  const readWhole = async (): Promise<void> => {
    probes = queueProbes(sheets, true, extras);
    await context.sync();
  };
  try {
    await readWhole();
  } catch (first) {
    let error: unknown = first;
    if (!tooBig(error) && (extras.visible || extras.merges)) {
      // Hidden rows and merges are flags, not data: a host that fails on them still gets the values.
      extras = { visible: false, merges: false };
      error = await readWhole().then(
        () => undefined,
        (second: unknown) => second,
      );
    }
    if (error !== undefined) {
      if (!tooBig(error)) throw error;
      // Too much for one response: learn the sizes, then read the values in row blocks.
      probes = queueProbes(sheets, false, extras);
      await context.sync();
      blocks = await readInBlocks(context, probes, options.cellsPerSync ?? 100_000);
    }
  }

  const out: SheetSnapshot[] = [];
  let savedMapping: string | undefined;
  probes.forEach((p, i) => {
    const values = blocks ? blocks[i].values : p.bounds.values;
    const types = blocks ? blocks[i].types : p.bounds.valueTypes;
    const formats = blocks ? blocks[i].formats : p.bounds.numberFormat;
    if (p.ws.name === SAVED_MAPPING_SHEET) {
      savedMapping = mappingText(values);
      return;
    }
    out.push(
      toSnapshot({
        name: p.ws.name,
        hidden: p.ws.visibility !== "Visible",
        values,
        types,
        formats,
        visible: areasOf(p.visible),
        merges: areasOf(p.merges),
      }),
    );
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
