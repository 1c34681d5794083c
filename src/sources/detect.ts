/**
 * Table detection: where are the tables on a council's worksheet?
 *
 * Council sheets put titles above their tables, leave blank rows and caption rows, stack several
 * tables down a sheet or set them side by side. We find them in three steps:
 *
 * 1. **Regions.** Two or more blank rows in a row split the sheet into regions (a table ends at two
 *    blank rows). One blank row does not: councils leave single blank rows inside tables.
 * 2. **Column groups.** Inside a region, a column that is blank in every row separates tables set
 *    side by side ("A:C | D blank | E:G" is two groups).
 * 3. **Tables.** Down each group, a header row is a row with two or more text cells (not numbers or
 *    dates) with data below it. Rows above it (titles, notes) are not part of the table. The table
 *    runs until two blank rows or a new header row: a header-like row that is wider than the
 *    current table after a blank or caption row, or one whose cells are clearly known headers.
 *
 * A header may take two rows: group titles merged across some columns ("Current banding" over
 * C5:D5) above the column names ("Band | Annual £"). Such a header is read as one, each column's
 * text joining its group title and its name ("Current banding Band"); see {@link readHeader}.
 *
 * Detection is generic: it does not decide which dataset a table holds (see match.ts), it only
 * uses the known header wordings to tell a header row from an all-text data row.
 *
 * Cost: everything here walks the cells that hold something (each row's list of occupied columns,
 * the list of rows with content), never rows × columns, so a lone value in XFD1048576 costs one
 * cell more, not 17 billion empty ones. The snapshot's own size (one array per row) is the floor.
 */

import { parseUkDateText, toSerial } from "../core/dates";
import { parseUkNumber } from "../core/values";
import type { FieldType } from "./datasets";
import { knownHeaderScore, type ColumnFit, type HeaderCell } from "./match";
import type { CellRange, SheetSnapshot, SnapshotValue } from "./snapshot";

/**
 * True for an empty cell: null, or text of only spaces. The same answer as core's `isBlank`, without
 * trimming (and allocating) every non-empty string: a first character that is printable ASCII or
 * Latin-1 (above space, not the no-break space U+00A0, below U+1680, the first other Unicode space)
 * cannot begin a run of whitespace, which is nearly every cell. "Oakfield" → false at once;
 * "\u00a0 " → trimmed → true.
 */
export function isEmpty(v: SnapshotValue | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== "string") return false;
  if (v.length === 0) return true;
  const c0 = v.charCodeAt(0);
  if (c0 > 32 && c0 !== 160 && c0 < 0x1680) return false;
  return v.trim() === "";
}

/** The first index in an ascending list, from `from` on, whose value is ≥ x (the length when none). */
function lowerBound(list: ArrayLike<number>, x: number, from = 0, to = list.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The cells in use, in compressed form: `rows` lists the rows with content, ascending, and the
 * columns of rows[k] are `cols[start[k]]` up to (not including) `cols[start[k + 1]]`, ascending.
 * Nothing is kept for an empty row, so a million empty rows above one far cell cost nothing here.
 */
export interface RowLists {
  readonly rows: Int32Array;
  readonly start: Int32Array;
  readonly cols: Int32Array;
}

/**
 * A row's list is found through a row-indexed table over the sheet's top, as far down as rows with
 * content are at least one in SPARSE_ROWS (plus 1,024 rows of slack), and by binary search below
 * that: the table costs 4 bytes a row, and must not cost 4 MB for one value in XFD1048576.
 */
const SPARSE_ROWS = 4;

/**
 * A read-only view of one worksheet with O(1) cell access that hides what a snapshot may repeat:
 * cells covered by a merge other than its top-left cell read as empty (some adapters copy a merged
 * title into every cell it covers). It also lists, per row, the columns that hold something, so
 * detection walks only the cells in use.
 */
export class SheetView {
  readonly name: string;
  readonly hidden: boolean;
  readonly rowCount: number;
  readonly colCount: number;
  /** Rows with at least one non-empty cell, ascending (zero-based). */
  readonly contentRows: Int32Array;
  /** The columns holding something (not blank, not covered by a merge), per row with content. */
  readonly lists: RowLists;
  private readonly cells: readonly (readonly SnapshotValue[])[];
  /** Row → its index in lists.rows (-1 for none), for rows 0 to slots.length − 1. */
  private readonly slots: Int32Array;
  private readonly hiddenCols: ReadonlySet<number>;
  private readonly hiddenRowSet: ReadonlySet<number>;
  private readonly mergeSlaves: ReadonlySet<number> | undefined;
  /** Merges by their top-left cell (row × colCount + col), for merges whose top-left holds a value. */
  private readonly mergeMasters: ReadonlyMap<number, CellRange> | undefined;
  private readonly dateCells: ReadonlySet<string> | undefined;

  constructor(readonly snapshot: SheetSnapshot) {
    this.name = snapshot.name;
    this.hidden = snapshot.hidden;
    this.cells = snapshot.cells;
    this.rowCount = snapshot.cells.length;
    this.hiddenCols = new Set(snapshot.hiddenColumns);
    this.hiddenRowSet = new Set(snapshot.hiddenRows);
    this.dateCells = snapshot.dateCells;

    // The non-empty cells (one pass over the snapshot), then the merges' covered cells among them
    // (each merge costs the cells in it, not its area), which are dropped from the lists.
    const found = nonEmptyCells(snapshot.cells, snapshot.rowsWithCells);
    const cols = found.width;
    this.colCount = cols;
    let lists: RowLists = found;
    if (snapshot.merges.length > 0 && cols > 0) {
      const { slaves, masters } = coveredCells(snapshot.merges, found, this.rowCount, cols);
      if (slaves.size > 0) {
        this.mergeSlaves = slaves;
        lists = withoutCells(found, slaves, cols);
      }
      if (masters.size > 0) this.mergeMasters = masters;
    }
    this.lists = lists;
    this.contentRows = lists.rows;
    let cover = 0;
    lists.rows.forEach((r, k) => {
      if (r < SPARSE_ROWS * (k + 1) + 1024) cover = r + 1;
    });
    const slots = new Int32Array(cover).fill(-1);
    for (let k = 0; k < lists.rows.length && lists.rows[k] < cover; k++) slots[lists.rows[k]] = k;
    this.slots = slots;
  }

  /** The index of `row` in `lists.rows`, or -1 when the row holds nothing. */
  slot(row: number): number {
    if (row < 0 || row >= this.rowCount) return -1;
    if (row < this.slots.length) return this.slots[row];
    const rows = this.lists.rows;
    const k = lowerBound(rows, row);
    return k < rows.length && rows[k] === row ? k : -1;
  }

  /** The value at a zero-based cell; null when empty, outside the sheet, or covered by a merge. */
  value(row: number, col: number): SnapshotValue {
    const r = this.cells[row];
    if (r === undefined) return null;
    const v = r[col];
    if (v === undefined || v === null) return null;
    if (this.mergeSlaves !== undefined && this.mergeSlaves.has(row * this.colCount + col)) return null;
    return v;
  }

  /** True when the cell holds nothing (null, or text of only spaces). */
  blank(row: number, col: number): boolean {
    return isEmpty(this.value(row, col));
  }

  /**
   * The columns of `row` holding something (not blank, not covered by a merge), from `first` to
   * `last` inclusive, ascending. A view into the sheet's lists: do not keep or change it.
   */
  columnsIn(row: number, first = 0, last = this.colCount - 1): Int32Array {
    const k = this.slot(row);
    if (k < 0) return NO_COLUMNS;
    const { start, cols } = this.lists;
    const lo = lowerBound(cols, first, start[k], start[k + 1]);
    const hi = lowerBound(cols, last + 1, lo, start[k + 1]);
    return cols.subarray(lo, hi);
  }

  /** True when `row` holds nothing from column `first` to `last` (inclusive). */
  rowBlankIn(row: number, first: number, last: number): boolean {
    const k = this.slot(row);
    if (k < 0) return true;
    const { start, cols } = this.lists;
    const i = lowerBound(cols, first, start[k], start[k + 1]);
    return i >= start[k + 1] || cols[i] > last;
  }

  /** The merge whose top-left cell is this one, if any. */
  mergeFrom(row: number, col: number): CellRange | undefined {
    if (this.mergeMasters === undefined || col >= this.colCount) return undefined;
    return this.mergeMasters.get(row * this.colCount + col);
  }

  isHiddenColumn(col: number): boolean {
    return this.hiddenCols.has(col);
  }

  isHiddenRow(row: number): boolean {
    return this.hiddenRowSet.has(row);
  }

  /** True when the adapter says the cell is shown with a date format. */
  isDateCell(row: number, col: number): boolean {
    return this.dateCells !== undefined && this.dateCells.has(`${row},${col}`);
  }
}

const NO_COLUMNS = new Int32Array(0);

/** Lists being built (plain arrays grow cheaply; they become Int32Arrays when done). */
interface Building {
  readonly rows: number[];
  readonly start: number[];
  readonly cols: number[];
}

function built(lists: Building): RowLists {
  lists.start.push(lists.cols.length);
  return {
    rows: Int32Array.from(lists.rows),
    start: Int32Array.from(lists.start),
    cols: Int32Array.from(lists.cols),
  };
}

/**
 * The columns holding a non-empty value, per row with any, and the widest row: one pass over the
 * snapshot, which for an empty row reads its length and nothing more.
 */
function nonEmptyCells(
  cells: readonly (readonly SnapshotValue[])[],
  rowsWithCells?: readonly number[],
): RowLists & { readonly width: number } {
  const lists: Building = { rows: [], start: [], cols: [] };
  let width = 0;
  if (rowsWithCells) {
    // The adapter listed the rows that have cells: the empty rows between are never visited.
    for (const r of rowsWithCells) {
      const row = cells[r];
      if (row === undefined || row.length === 0) continue;
      if (row.length > width) width = row.length;
      listRow(row, r, lists);
    }
    return { ...built(lists), width };
  }
  // The scan for rows with cells is kept apart from the per-cell work (listRow), so it stays a
  // tight loop: on a sheet reaching XFD1048576 it is nearly all the time spent here.
  for (let r = 0; r < cells.length; r++) {
    const length = cells[r].length;
    if (length === 0) continue;
    if (length > width) width = length;
    listRow(cells[r], r, lists);
  }
  return { ...built(lists), width };
}

/** Add one row's non-empty columns to the lists (and the row, if it has any). */
function listRow(row: readonly SnapshotValue[], r: number, lists: Building): void {
  const before = lists.cols.length;
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (v === null || v === undefined || (typeof v === "string" && isEmpty(v))) continue;
    lists.cols.push(c);
  }
  if (lists.cols.length > before) {
    lists.rows.push(r);
    lists.start.push(before);
  }
}

/** The lists without the given cells (keys row × width + column); rows left empty are dropped. */
function withoutCells(lists: RowLists, drop: ReadonlySet<number>, width: number): RowLists {
  const out: Building = { rows: [], start: [], cols: [] };
  for (let k = 0; k < lists.rows.length; k++) {
    const r = lists.rows[k];
    const before = out.cols.length;
    for (let i = lists.start[k]; i < lists.start[k + 1]; i++) {
      const c = lists.cols[i];
      if (!drop.has(r * width + c)) out.cols.push(c);
    }
    if (out.cols.length > before) {
      out.rows.push(r);
      out.start.push(before);
    }
  }
  return built(out);
}

/**
 * The listed cells covered by a merge other than its top-left one (row × width + column), and the
 * merges by their listed top-left cell. Each merge costs the rows with content it spans and the
 * cells inside it (found through the per-row lists), not its area: a merge over A1:XFD1048576
 * costs what is in it. (Empty cells under a merge need no entry: they read as empty anyway.)
 */
function coveredCells(
  merges: readonly CellRange[],
  filled: RowLists,
  rowCount: number,
  width: number,
): { slaves: Set<number>; masters: Map<number, CellRange> } {
  const slaves = new Set<number>();
  const masters = new Map<number, CellRange>();
  const rows = filled.rows;
  for (const m of merges) {
    if (m.top >= rowCount || m.left >= width) continue;
    for (let k = lowerBound(rows, m.top); k < rows.length && rows[k] <= m.bottom; k++) {
      const r = rows[k];
      const end = filled.start[k + 1];
      for (let i = lowerBound(filled.cols, m.left, filled.start[k], end); i < end; i++) {
        const c = filled.cols[i];
        if (c > m.right) break;
        if (r === m.top && c === m.left) masters.set(r * width + c, m);
        else slaves.add(r * width + c);
      }
    }
  }
  return { slaves, masters };
}

/** A table found on a sheet: its header row and the rows below it. All indexes zero-based. */
export interface DetectedTable {
  readonly sheetIndex: number;
  readonly sheet: string;
  /** The header's last row: the data start below it (the column names of a two-row header). */
  readonly headerRow: number;
  /** The header's first row: headerRow, or the group-title row above it for a two-row header. */
  readonly headerTop: number;
  /** First and last column of the header's cells (inclusive). */
  readonly firstCol: number;
  readonly lastCol: number;
  /** The non-empty header cells, left to right (a two-row header's joined into one per column). */
  readonly headers: readonly HeaderCell[];
  /** Last row with content that belongs to the table (≥ headerRow + 1). */
  readonly lastRow: number;
  /** Rows below the header with something in them. */
  readonly dataRows: number;
}

/** How far below a header row its first data row may be (so one blank row under a header is allowed). */
const LOOKAHEAD = 2;

/** Find every table on one sheet, top to bottom, left to right. */
export function detectTables(view: SheetView, sheetIndex: number): DetectedTable[] {
  const tables: DetectedTable[] = [];
  const mark = new Uint8Array(view.colCount);
  for (const region of findRegions(view)) {
    for (const group of findColumnGroups(view, region, mark)) {
      scanGroup(view, sheetIndex, region, group, tables);
    }
  }
  return tables;
}

interface Span {
  readonly first: number;
  readonly last: number;
}

/** A run of columns with something in them, and the rows of its region that hold something there. */
interface Group extends Span {
  readonly rows: number[];
}

/** Row ranges separated by two or more blank rows: gaps between the rows with content. */
function findRegions(view: SheetView): Span[] {
  const regions: Span[] = [];
  const rows = view.contentRows;
  let start = -1;
  let lastContent = -1;
  for (const r of rows) {
    if (start < 0) start = r;
    else if (r - lastContent > 2) {
      regions.push({ first: start, last: lastContent });
      start = r;
    }
    lastContent = r;
  }
  if (start >= 0) regions.push({ first: start, last: lastContent });
  return regions;
}

/**
 * Runs of columns with something in them inside a region (blank columns separate tables), each
 * with its rows. `mark` is a zeroed scratch array as wide as the sheet; it is left zeroed.
 */
function findColumnGroups(view: SheetView, region: Span, mark: Uint8Array): Group[] {
  const rows = view.contentRows;
  const { start, cols } = view.lists;
  const from = lowerBound(rows, region.first);
  const to = lowerBound(rows, region.last + 1, from);
  const used: number[] = [];
  for (let k = from; k < to; k++) {
    for (let i = start[k]; i < start[k + 1]; i++) {
      const c = cols[i];
      if (mark[c] === 0) {
        mark[c] = 1;
        used.push(c);
      }
    }
  }
  used.sort((a, b) => a - b);
  for (const c of used) mark[c] = 0;
  const groups: Group[] = [];
  for (let i = 0; i < used.length; i++) {
    if (i === 0 || used[i] !== used[i - 1] + 1) groups.push({ first: used[i], last: used[i], rows: [] });
    else (groups[groups.length - 1] as { last: number }).last = used[i];
  }
  if (groups.length === 1) {
    for (let k = from; k < to; k++) groups[0].rows.push(rows[k]);
    return groups;
  }
  const lefts = groups.map((g) => g.first);
  for (let k = from; k < to; k++) {
    const r = rows[k];
    for (let i = start[k]; i < start[k + 1]; i++) {
      const g = groups[lowerBound(lefts, cols[i] + 1) - 1];
      if (g.rows[g.rows.length - 1] !== r) g.rows.push(r);
    }
  }
  return groups;
}

function rowBlank(view: SheetView, r: number, span: Span): boolean {
  return view.rowBlankIn(r, span.first, span.last);
}

/** What a row holds inside a column span. */
interface RowShape {
  readonly count: number;
  readonly first: number;
  readonly last: number;
  /** Every non-empty cell is text. */
  readonly allText: boolean;
  /** The row's cells in the span are the sheet's `lists.cols[lo]` up to (not including) `[hi]`. */
  readonly lo: number;
  readonly hi: number;
}

const NO_SHAPE: RowShape = { count: 0, first: -1, last: -1, allText: true, lo: 0, hi: 0 };

function shapeOf(view: SheetView, r: number, span: Span): RowShape {
  const k = view.slot(r);
  if (k < 0) return NO_SHAPE;
  const { start, cols } = view.lists;
  const lo = lowerBound(cols, span.first, start[k], start[k + 1]);
  const hi = lowerBound(cols, span.last + 1, lo, start[k + 1]);
  let allText = true;
  for (let i = lo; i < hi; i++) {
    if (typeof view.value(r, cols[i]) !== "string") {
      allText = false;
      break;
    }
  }
  return {
    count: hi - lo,
    first: hi > lo ? cols[lo] : -1,
    last: hi > lo ? cols[hi - 1] : -1,
    allText,
    lo,
    hi,
  };
}

/** Every cell listed is text that is not a number or a date ("Band", not "5" or "01/09/2025"). */
function allHeaderText(
  view: SheetView,
  r: number,
  columns: ArrayLike<number>,
  lo = 0,
  hi = columns.length,
): boolean {
  for (let i = lo; i < hi; i++) {
    const v = view.value(r, columns[i]);
    if (typeof v !== "string") return false;
    if (parseUkNumber(v) !== undefined || parseUkDateText(v) !== undefined) return false;
  }
  return true;
}

/**
 * A header-like row: two or more cells, every one text that is not a number or a date. "Band |
 * Hours per week" is; "A | 5" is not; "P0001 | Oakfield | 01/09/2025" is not (a date).
 */
function headerLike(view: SheetView, r: number, shape: RowShape): boolean {
  return shape.count >= 2 && shape.allText && allHeaderText(view, r, view.lists.cols, shape.lo, shape.hi);
}

/** Sum of the cells' known-header scores: "Pupil ref | School | Setting" ≈ 3, "Council | Anytown" 0. */
function headerScore(view: SheetView, r: number, shape: RowShape): number {
  let total = 0;
  for (let i = shape.lo; i < shape.hi; i++) {
    const v = view.value(r, view.lists.cols[i]);
    if (typeof v === "string") total += knownHeaderScore(v);
  }
  return total;
}

/**
 * Clearly a header row wherever it appears: at least two cells are known header wordings exactly,
 * and at least half the cells score 0.7 or more. "Block | DfE allocation | Current budget" is;
 * "Financial year | 2026-27" (a key-value row) is not.
 */
function strongHeader(view: SheetView, r: number, shape: RowShape): boolean {
  let exact = 0;
  let good = 0;
  for (let i = shape.lo; i < shape.hi; i++) {
    const v = view.value(r, view.lists.cols[i]);
    if (typeof v !== "string") continue;
    const s = knownHeaderScore(v);
    if (s === 1) exact++;
    if (s >= 0.7) good++;
  }
  return exact >= 2 && good * 2 >= shape.count;
}

/** Something non-blank in the next LOOKAHEAD rows within the span (a header needs data below). */
function hasDataBelow(view: SheetView, r: number, span: Span, lastRow: number): boolean {
  for (let k = r + 1; k <= Math.min(lastRow, r + LOOKAHEAD); k++) {
    if (!rowBlank(view, k, span)) return true;
  }
  return false;
}

/**
 * Among header-like rows starting at `r` (up to three, one blank row allowed between), the one that
 * best looks like a header: the highest known-header score, then the most cells, then the first.
 * This passes over a two-cell title ("HNB monitoring | Month 6") above the real header, and keeps
 * "Item | Value" over the key-value row "Council | Anytown" below it.
 */
function chooseHeader(view: SheetView, r: number, group: Span, regionLast: number): number {
  let best = r;
  let bestScore = -1;
  let bestCount = -1;
  let seen = 0;
  for (let k = r; k <= regionLast && seen < 3; k++) {
    const shape = shapeOf(view, k, group);
    if (shape.count === 0) {
      if (k > r && k + 1 <= regionLast && rowBlank(view, k + 1, group)) break;
      continue;
    }
    if (!headerLike(view, k, shape)) break;
    seen++;
    if (!hasDataBelow(view, k, group, regionLast)) continue;
    const score = headerScore(view, k, shape);
    if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) <= 1e-9 && shape.count > bestCount)) {
      best = k;
      bestScore = score;
      bestCount = shape.count;
    }
  }
  return best;
}

/** A header as read: its rows, its cells (joined per column for two rows) and their span. */
interface Header {
  readonly top: number;
  readonly row: number;
  readonly cells: HeaderCell[];
  readonly first: number;
  readonly last: number;
}

/**
 * The group titles of row `top` over the column names of row `names` (the next row), when the
 * two rows read as one header; undefined when they do not. They do when:
 * - both rows hold only text that is not a number or a date;
 * - some text in `top` is merged across two or more columns (one row tall) over two or more names;
 * - every name sits under such a merged title, or has nothing above it (a name under a plain
 *   header cell means `names` is a data row under a one-row header);
 * - it is not a title merged across every column below it.
 *
 * Worked example: row 5 "Pupil ref | School | Current banding (C5:D5)", row 6 "_ | _ | Band |
 * Annual £" → groups [C5:D5 "Current banding"]; row 5 "Register (A5:D5)" over four names → none.
 */
function groupTitles(view: SheetView, top: number, names: number, span: Span): CellRange[] | undefined {
  const above = view.columnsIn(top, span.first, span.last);
  const below = view.columnsIn(names, span.first, span.last);
  if (above.length === 0 || below.length === 0) return undefined;
  if (!allHeaderText(view, top, above) || !allHeaderText(view, names, below)) return undefined;
  const groups: CellRange[] = [];
  let wide = false;
  for (const c of above) {
    const m = view.mergeFrom(top, c);
    if (m === undefined || m.right <= m.left || m.bottom !== top) continue;
    const under = lowerBound(below, m.right + 1) - lowerBound(below, m.left);
    if (under === 0) continue;
    groups.push(m);
    if (under >= 2) wide = true;
  }
  if (!wide) return undefined;
  if (
    above.length === 1 &&
    groups.length === 1 &&
    groups[0].left <= below[0] &&
    groups[0].right >= below[below.length - 1]
  )
    return undefined; // one title over the whole table
  for (const c of below) {
    if (groupOver(groups, c) === undefined && !view.rowBlankIn(top, c, c)) return undefined;
  }
  return groups;
}

function groupOver(groups: readonly CellRange[], col: number): CellRange | undefined {
  return groups.find((g) => g.left <= col && col <= g.right);
}

/**
 * The header at row `h`: one row, or two when the row above (or below) holds group titles over
 * its column names. Each column of a two-row header gets one cell: "Current banding Band" (title
 * and name, both kept for matching), or the text of whichever row names it alone.
 */
function readHeader(view: SheetView, h: number, group: Span, regionLast: number): Header {
  let top = h;
  let row = h;
  let groups = h > 0 ? groupTitles(view, h - 1, h, group) : undefined;
  if (groups) top = h - 1;
  else if (h + 1 <= regionLast) {
    groups = groupTitles(view, h, h + 1, group);
    if (groups && hasDataBelow(view, h + 1, group, regionLast)) row = h + 1;
    else groups = undefined;
  }
  const cells: HeaderCell[] = [];
  const text = (r: number, c: number): string => String(view.value(r, c)).trim();
  if (!groups) {
    for (const c of view.columnsIn(h, group.first, group.last)) {
      cells.push({ column: c, text: text(h, c), hidden: view.isHiddenColumn(c) });
    }
  } else {
    const aboveCols = view.columnsIn(top, group.first, group.last);
    const belowCols = view.columnsIn(row, group.first, group.last);
    const columns = [...new Set([...aboveCols, ...belowCols])].sort((a, b) => a - b);
    for (const c of columns) {
      const hidden = view.isHiddenColumn(c);
      if (!view.rowBlankIn(row, c, c)) {
        const name = text(row, c);
        const g = groupOver(groups, c);
        if (g === undefined) cells.push({ column: c, text: name, hidden });
        else {
          const title = text(top, g.left);
          cells.push({ column: c, text: `${title} ${name}`, group: title, name, hidden });
        }
      } else if (!groups.some((g) => g.top === top && g.left === c)) {
        cells.push({ column: c, text: text(top, c), hidden }); // a column named in the top row alone
      }
    }
  }
  return {
    top,
    row,
    cells,
    first: cells.length > 0 ? cells[0].column : group.first,
    last: cells.length > 0 ? cells[cells.length - 1].column : group.last,
  };
}

function scanGroup(
  view: SheetView,
  sheetIndex: number,
  region: Span,
  group: Group,
  out: DetectedTable[],
): void {
  const rows = group.rows;
  let i = 0;
  while (i < rows.length) {
    const r = rows[i];
    const shape = shapeOf(view, r, group);
    if (!headerLike(view, r, shape) || !hasDataBelow(view, r, group, region.last)) {
      i++;
      continue;
    }
    const header = readHeader(view, chooseHeader(view, r, group, region.last), group, region.last);
    const headerRow = header.row;
    const span: Span = { first: header.first, last: header.last };

    // Walk the rows with something in this group until two blank rows or a new header.
    let lastRow = headerRow;
    let dataRows = 0;
    let afterBreak = false;
    let previous = headerRow;
    let j = lowerBound(rows, headerRow + 1);
    for (; j < rows.length; j++) {
      const next = rows[j];
      const blanks = next - previous - 1; // blank rows (within the group) since the last one read
      if (blanks >= 2) break;
      if (blanks === 1) afterBreak = true;
      previous = next;
      const row = shapeOf(view, next, span);
      const wide = shapeOf(view, next, group);
      if (wide.allText && wide.count >= 2 && headerLike(view, next, wide)) {
        const wider = wide.first < span.first || wide.last > span.last;
        if (
          ((afterBreak && wider) || strongHeader(view, next, wide)) &&
          hasDataBelow(view, next, group, region.last)
        ) {
          break; // a new table starts here
        }
      }
      if (row.count === 0) {
        // Content only outside this table's columns (a note to the right): not part of the table.
        afterBreak = true;
        continue;
      }
      dataRows++;
      // A single text cell (a caption or section heading) is a break for new-header purposes, and
      // is not kept as the table's last row (a "Source: ledger" line under a table).
      const caption = row.count === 1 && row.allText;
      afterBreak = caption;
      if (!caption) lastRow = next;
    }
    if (lastRow > headerRow) {
      out.push({
        sheetIndex,
        sheet: view.name,
        headerRow,
        headerTop: header.top,
        firstCol: span.first,
        lastCol: span.last,
        headers: header.cells,
        lastRow,
        dataRows,
      });
    }
    i = Math.max(j, lowerBound(rows, headerRow + 1));
  }
}

/** Most rows with content a column test looks at: enough to judge, bounded on a huge table. */
const SAMPLE_ROWS = 1000;

/** The table's rows with something in its columns, top to bottom, at most SAMPLE_ROWS of them. */
function* sampleRows(view: SheetView, table: DetectedTable): Generator<number> {
  const rows = view.contentRows;
  let taken = 0;
  for (let k = lowerBound(rows, table.headerRow + 1); k < rows.length && rows[k] <= table.lastRow; k++) {
    if (view.rowBlankIn(rows[k], table.firstCol, table.lastCol)) continue;
    yield rows[k];
    if (++taken >= SAMPLE_ROWS) return;
  }
}

/**
 * Whether a column's data is mostly numbers (for the wide proposed-bands table): at least half of
 * its first 200 non-empty cells below the header parse as numbers, and the column is not shown as
 * dates.
 */
export function isNumericColumn(view: SheetView, table: DetectedTable, col: number): boolean {
  let seen = 0;
  let numbers = 0;
  let dates = 0;
  for (const r of sampleRows(view, table)) {
    const v = view.value(r, col);
    if (isEmpty(v)) continue;
    seen++;
    if (parseUkNumber(v) !== undefined) numbers++;
    if (view.isDateCell(r, col)) dates++;
    if (seen >= 200) break;
  }
  return seen > 0 && numbers * 2 >= seen && dates * 2 < seen;
}

/**
 * How many of a table's rows (its first 1,000 with content) hold a value in `col` that fits a
 * field of this type: a number (not shown as a date) for money, number and percent; a date
 * serial or UK date text for dates; text that is not a number for text; anything for codes. Used
 * to choose between two columns with the same header ("Pupils" twice): an empty or "n/a" column
 * fits less than the one with the figures.
 *
 * @example columnFit(view, table, 4, "number") // { fits: 0, rows: 3 } for a column of "n/a"
 */
export function columnFit(view: SheetView, table: DetectedTable, col: number, type: FieldType): ColumnFit {
  let rows = 0;
  let fits = 0;
  for (const r of sampleRows(view, table)) {
    rows++;
    const v = view.value(r, col);
    if (isEmpty(v)) continue;
    let ok: boolean;
    switch (type) {
      case "money":
      case "number":
      case "percent":
        ok = parseUkNumber(v) !== undefined && !view.isDateCell(r, col);
        break;
      case "date":
        ok = (typeof v === "number" || typeof v === "string") && toSerial(v) !== undefined;
        break;
      case "text":
        ok = typeof v === "string" && parseUkNumber(v) === undefined;
        break;
      case "code":
        ok = true;
        break;
    }
    if (ok) fits++;
  }
  return { fits, rows };
}
