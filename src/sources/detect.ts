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
 * Detection is generic: it does not decide which dataset a table holds (see match.ts), it only
 * uses the known header wordings to tell a header row from an all-text data row.
 */

import { parseUkDateText } from "../core/dates";
import { parseUkNumber } from "../core/values";
import { knownHeaderScore, type HeaderCell } from "./match";
import type { SheetSnapshot, SnapshotValue } from "./snapshot";

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

/**
 * A read-only view of one worksheet with O(1) cell access that hides what a snapshot may repeat:
 * cells covered by a merge other than its top-left cell read as empty (some adapters copy a merged
 * title into every cell it covers).
 */
export class SheetView {
  readonly name: string;
  readonly hidden: boolean;
  readonly rowCount: number;
  readonly colCount: number;
  private readonly cells: readonly (readonly SnapshotValue[])[];
  private readonly hiddenCols: ReadonlySet<number>;
  private readonly hiddenRowSet: ReadonlySet<number>;
  private readonly mergeSlaves: ReadonlySet<number> | undefined;
  private readonly dateCells: ReadonlySet<string> | undefined;

  constructor(readonly snapshot: SheetSnapshot) {
    this.name = snapshot.name;
    this.hidden = snapshot.hidden;
    this.cells = snapshot.cells;
    this.rowCount = snapshot.cells.length;
    let cols = 0;
    for (const row of snapshot.cells) if (row.length > cols) cols = row.length;
    this.colCount = cols;
    this.hiddenCols = new Set(snapshot.hiddenColumns);
    this.hiddenRowSet = new Set(snapshot.hiddenRows);
    this.dateCells = snapshot.dateCells;
    if (snapshot.merges.length > 0) {
      const slaves = new Set<number>();
      for (const m of snapshot.merges) {
        // Clip to the used range: a merge across A1:XFD1 must not cost 16,384 set entries.
        const bottom = Math.min(m.bottom, this.rowCount - 1);
        const right = Math.min(m.right, cols - 1);
        for (let r = m.top; r <= bottom; r++) {
          for (let c = m.left; c <= right; c++) {
            if (r !== m.top || c !== m.left) slaves.add(r * cols + c);
          }
        }
      }
      this.mergeSlaves = slaves.size > 0 ? slaves : undefined;
    }
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

/** A table found on a sheet: its header row and the rows below it. All indexes zero-based. */
export interface DetectedTable {
  readonly sheetIndex: number;
  readonly sheet: string;
  readonly headerRow: number;
  /** First and last column of the header row's cells (inclusive). */
  readonly firstCol: number;
  readonly lastCol: number;
  /** The non-empty header cells, left to right. */
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
  for (const region of findRegions(view)) {
    for (const group of findColumnGroups(view, region)) {
      scanGroup(view, sheetIndex, region, group, tables);
    }
  }
  return tables;
}

interface Span {
  readonly first: number;
  readonly last: number;
}

/** Row ranges separated by two or more blank rows. */
function findRegions(view: SheetView): Span[] {
  const regions: Span[] = [];
  let start = -1;
  let lastContent = -1;
  for (let r = 0; r < view.rowCount; r++) {
    if (rowBlank(view, r, 0, view.colCount - 1)) {
      if (start >= 0 && r - lastContent >= 2) {
        regions.push({ first: start, last: lastContent });
        start = -1;
      }
      continue;
    }
    if (start < 0) start = r;
    lastContent = r;
  }
  if (start >= 0) regions.push({ first: start, last: lastContent });
  return regions;
}

/** Runs of columns with something in them inside a region (blank columns separate tables). */
function findColumnGroups(view: SheetView, region: Span): Span[] {
  const used = new Array<boolean>(view.colCount).fill(false);
  for (let r = region.first; r <= region.last; r++) {
    for (let c = 0; c < view.colCount; c++) {
      if (!used[c] && !view.blank(r, c)) used[c] = true;
    }
  }
  const groups: Span[] = [];
  let start = -1;
  for (let c = 0; c <= view.colCount; c++) {
    if (c < view.colCount && used[c]) {
      if (start < 0) start = c;
    } else if (start >= 0) {
      groups.push({ first: start, last: c - 1 });
      start = -1;
    }
  }
  return groups;
}

function rowBlank(view: SheetView, r: number, first: number, last: number): boolean {
  for (let c = first; c <= last; c++) if (!view.blank(r, c)) return false;
  return true;
}

/** What a row holds inside a column span. */
interface RowShape {
  readonly count: number;
  readonly first: number;
  readonly last: number;
  /** Every non-empty cell is text. */
  readonly allText: boolean;
}

function shapeOf(view: SheetView, r: number, span: Span): RowShape {
  let count = 0;
  let first = -1;
  let last = -1;
  let allText = true;
  for (let c = span.first; c <= span.last; c++) {
    const v = view.value(r, c);
    if (isEmpty(v)) continue;
    count++;
    if (first < 0) first = c;
    last = c;
    if (typeof v !== "string") allText = false;
  }
  return { count, first, last, allText };
}

/**
 * A header-like row: two or more cells, every one text that is not a number or a date. "Band |
 * Hours per week" is; "A | 5" is not; "P0001 | Oakfield | 01/09/2025" is not (a date).
 */
function headerLike(view: SheetView, r: number, shape: RowShape): boolean {
  if (shape.count < 2 || !shape.allText) return false;
  for (let c = shape.first; c <= shape.last; c++) {
    const v = view.value(r, c);
    if (typeof v !== "string" || v.trim() === "") continue;
    if (parseUkNumber(v) !== undefined || parseUkDateText(v) !== undefined) return false;
  }
  return true;
}

/** Sum of the cells' known-header scores: "Pupil ref | School | Setting" ≈ 3, "Council | Anytown" 0. */
function headerScore(view: SheetView, r: number, shape: RowShape): number {
  let total = 0;
  for (let c = shape.first; c <= shape.last; c++) {
    const v = view.value(r, c);
    if (typeof v === "string" && v.trim() !== "") total += knownHeaderScore(v);
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
  for (let c = shape.first; c <= shape.last; c++) {
    const v = view.value(r, c);
    if (typeof v !== "string" || v.trim() === "") continue;
    const s = knownHeaderScore(v);
    if (s === 1) exact++;
    if (s >= 0.7) good++;
  }
  return exact >= 2 && good * 2 >= shape.count;
}

/** Something non-blank in the next LOOKAHEAD rows within the span (a header needs data below). */
function hasDataBelow(view: SheetView, r: number, span: Span, lastRow: number): boolean {
  for (let k = r + 1; k <= Math.min(lastRow, r + LOOKAHEAD); k++) {
    if (!rowBlank(view, k, span.first, span.last)) return true;
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
      if (k > r && k + 1 <= regionLast && shapeOf(view, k + 1, group).count === 0) break;
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

function scanGroup(
  view: SheetView,
  sheetIndex: number,
  region: Span,
  group: Span,
  out: DetectedTable[],
): void {
  let r = region.first;
  while (r <= region.last) {
    const shape = shapeOf(view, r, group);
    if (!headerLike(view, r, shape) || !hasDataBelow(view, r, group, region.last)) {
      r++;
      continue;
    }
    const headerRow = chooseHeader(view, r, group, region.last);
    const header = shapeOf(view, headerRow, group);
    const span: Span = { first: header.first, last: header.last };
    const headers: HeaderCell[] = [];
    for (let c = span.first; c <= span.last; c++) {
      const v = view.value(headerRow, c);
      if (typeof v === "string" && v.trim() !== "") {
        headers.push({ column: c, text: v.trim(), hidden: view.isHiddenColumn(c) });
      }
    }

    // Walk the data rows until two blank rows or a new header.
    let lastRow = headerRow;
    let dataRows = 0;
    let blankRun = 0;
    let afterBreak = false;
    let next = headerRow + 1;
    for (; next <= region.last; next++) {
      const row = shapeOf(view, next, span);
      const wide = shapeOf(view, next, group);
      if (row.count === 0 && wide.count === 0) {
        blankRun++;
        afterBreak = true;
        if (blankRun >= 2) break;
        continue;
      }
      blankRun = 0;
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
        firstCol: span.first,
        lastCol: span.last,
        headers,
        lastRow,
        dataRows,
      });
    }
    r = Math.max(next, headerRow + 1);
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
  for (let r = table.headerRow + 1; r <= table.lastRow && seen < 200; r++) {
    const v = view.value(r, col);
    if (isEmpty(v)) continue;
    seen++;
    if (parseUkNumber(v) !== undefined) numbers++;
    if (view.isDateCell(r, col)) dates++;
  }
  return seen > 0 && numbers * 2 >= seen && dates * 2 < seen;
}
