/**
 * The Office adapter's cell-level calls for the pane: showing a sheet or a source row, reading the
 * selected cell (and the spill it belongs to), the defined names and ranges a formula reads, and
 * counting formulas per sheet.
 *
 * Each function takes the request context of one Excel.run and batches its loads: a constant
 * number of context.sync() calls, never one per cell. What a formula means is not decided here;
 * the caller passes the formulas' reading (src/core/formula-tokens.ts, src/app/resolve.ts).
 */
import { parseRef, type Area } from "../../core/a1";
import { SAVED_MAPPING_SHEET } from "../port";

/** Activate a sheet (one sync). */
export async function activateSheet(context: Excel.RequestContext, name: string): Promise<void> {
  context.workbook.worksheets.getItem(name).activate();
  await context.sync();
}

/** Activate a sheet and select one whole row, 1-based as the user reads it (one sync). */
export async function selectRow(context: Excel.RequestContext, sheet: string, row: number): Promise<void> {
  const ws = context.workbook.worksheets.getItem(sheet);
  ws.activate();
  ws.getRange(`${row}:${row}`).select();
  await context.sync();
}

/** A cell or range the JavaScript API named by its address ("Sheet1!D5", "'My sheet'!D5:D9"). */
export interface SheetArea {
  readonly sheet: string;
  readonly area: Area;
}

/** "Sheet1!D5" or "'My sheet'!D5:D9" → sheet and area; undefined without a sheet or an A1 area. */
export function sheetArea(address: string): SheetArea | undefined {
  const ref = parseRef(address);
  return ref && ref.sheet !== undefined ? { sheet: ref.sheet, area: ref.area } : undefined;
}

/** The selected cell (one sync). */
export async function selectedCell(context: Excel.RequestContext): Promise<SheetArea | undefined> {
  const cell = context.workbook.getActiveCell();
  cell.load("address");
  await context.sync();
  return sheetArea(cell.address);
}

/** The selected cell and the cell whose formula gives its value (itself, or its spill's anchor). */
export interface SelectedFormula {
  readonly at: SheetArea;
  readonly anchor: SheetArea;
  /** The anchor's formula as Excel shows it ("=DSG.HOURSCOST(B2,C2)"), "" for a value. */
  readonly formula: string;
}

/**
 * The selected cell with its formula, or, for a cell inside a spill, its anchor's (one sync; the
 * spill's anchor needs ExcelApi 1.12, below that the cell's own formula is read). Undefined when
 * the selection is not on a worksheet.
 */
export async function selectedFormula(context: Excel.RequestContext): Promise<SelectedFormula | undefined> {
  const cell = context.workbook.getActiveCell();
  cell.load("address,formulas");
  const supportsSpill = Office.context.requirements.isSetSupported("ExcelApi", "1.12");
  const parent = supportsSpill ? cell.getSpillParentOrNullObject() : undefined;
  parent?.load("address,formulas");
  await context.sync();
  const anchorRange = parent && !parent.isNullObject ? parent : cell;
  const at = sheetArea(cell.address);
  const anchor = sheetArea(anchorRange.address);
  if (!at || !anchor) return undefined;
  return { at, anchor, formula: String(anchorRange.formulas[0][0] ?? "") };
}

/**
 * What workbook-scoped names refer to (one sync, none when there are no names): lower-case name →
 * its formula without "=" ("Bands!$A$1:$C$6"); names the workbook does not have are left out.
 */
export async function readNames(
  context: Excel.RequestContext,
  names: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (names.length === 0) return found;
  const items = names.map((name) => {
    const item = context.workbook.names.getItemOrNullObject(name);
    item.load("formula");
    return [name, item] as const;
  });
  await context.sync();
  for (const [name, item] of items)
    if (!item.isNullObject) found.set(name.toLowerCase(), String(item.formula).replace(/^=/, ""));
  return found;
}

/** A range to read: its sheet (undefined: the default sheet), area and A1 text. */
export interface RangeToRead {
  readonly sheet?: string;
  readonly area: Area;
  readonly a1: string;
}

/**
 * The values of several ranges in one sync. A range past 100,000 rows or 1,000 columns (a whole
 * column or row) is cut to the sheet's used range, so the response stays small. Returns each
 * range's values, or undefined where the cut leaves nothing.
 */
export async function readRanges(
  context: Excel.RequestContext,
  defaultSheet: string,
  ranges: readonly RangeToRead[],
): Promise<(unknown[][] | undefined)[]> {
  const loaded = ranges.map((need) => {
    const sheet = context.workbook.worksheets.getItem(need.sheet ?? defaultSheet);
    const whole = need.area.bottom - need.area.top > 100000 || need.area.right - need.area.left > 1000;
    const range = whole
      ? sheet.getRange(need.a1).getIntersectionOrNullObject(sheet.getUsedRange(true))
      : sheet.getRange(need.a1);
    range.load("values");
    return range;
  });
  await context.sync();
  return loaded.map((range) => (range.isNullObject ? undefined : (range.values as unknown[][])));
}

/**
 * Per visible sheet (very hidden ones and the saved-mapping sheet left out), how many of its used
 * cells hold a formula `counts` picks (two syncs).
 */
export async function countFormulas(
  context: Excel.RequestContext,
  counts: (formula: string) => boolean,
): Promise<{ name: string; formulas: number }[]> {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name,items/visibility");
  await context.sync();
  const visible = sheets.items.filter((s) => s.visibility !== "VeryHidden" && s.name !== SAVED_MAPPING_SHEET);
  const used = visible.map((s) => {
    const range = s.getUsedRangeOrNullObject();
    range.load("formulas");
    return { name: s.name, range };
  });
  await context.sync();
  return used.map(({ name, range }) => ({
    name,
    formulas: range.isNullObject
      ? 0
      : range.formulas.flat().filter((f) => typeof f === "string" && f.startsWith("=") && counts(f)).length,
  }));
}
