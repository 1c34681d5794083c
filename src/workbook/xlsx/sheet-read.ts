/**
 * One worksheet part, scanned as it streams, into the values of a SheetSnapshot.
 *
 * What it keeps is what Excel shows: numbers, text (shared, inline or a formula's cached text),
 * booleans, dates as serials (listed in dateCells), and error values as null with the error listed
 * in errorCells. A cell with no value (formatting only, as on a sheet styled down to its last row)
 * costs nothing: neither it nor a row of such cells is stored. Every stored cell, counted from
 * column A to each row's last value, is taken from the workbook's {@link CellBudget}.
 */
import type { CellRange, SheetSnapshot, SnapshotValue, SnapshotWarning } from "../../sources/snapshot";
import { serialFromDate } from "../../core/dates";
import { CellBudget, MAX_CELL_TEXT } from "./limits";
import type { DateStyles } from "./number-formats";
import type { SharedStringTable } from "./shared-strings-read";
import {
  XmlScanner,
  attr,
  decodeXmlText,
  detachText,
  eachAttr,
  isSpace,
  type XmlScanHandler,
} from "./xml-scan";

// Copies of imported names used for every cell. Why: run as CommonJS (tsx, Jest), each use of an
// imported name goes through a getter, which measured a tenth of the time of reading a large sheet.
const decodeText = decodeXmlText;
const isWhiteSpace = isSpace;
const CELL_TEXT_LIMIT = MAX_CELL_TEXT;

/** The sheet's XML is readable but says something impossible (a shared text it does not have …). */
export class SheetContentError extends Error {
  override name = "SheetContentError";
}

/** What every sheet of one workbook shares while it is read. */
export interface SheetReadContext {
  readonly sharedStrings: SharedStringTable;
  readonly dateStyles: DateStyles;
  /** The workbook counts dates from 1904 (old Mac Excel): date serials are moved to the 1900 system. */
  readonly date1904: boolean;
  readonly budget: CellBudget;
  readonly warnings: SnapshotWarning[];
}

/** Zero-based last row and column of a sheet (1,048,576 rows, 16,384 columns). */
const LAST_ROW = 1_048_575;
const LAST_COLUMN = 16_383;
/** Days between the 1900 and 1904 date systems' day 0. */
const DAYS_1904 = 1462;
const NO_CELLS: readonly SnapshotValue[] = Object.freeze([]);

/** An error value held in a row while the sheet is read; finish() turns it into null + errorCells. */
class ErrorMark {
  constructor(readonly error: string) {}
}

/** "AB" → 27 (zero-based); -1 for no letters. */
function columnIndex(ref: string): { col: number; digitsAt: number } {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) | 0x20; // lower-case letters
    if (code < 0x61 || code > 0x7a) break;
    col = col * 26 + (code - 0x60);
  }
  return { col: col - 1, digitsAt: i };
}

/** "A1" → {row:0,col:0}; "$B$3" tolerated; undefined when not a cell reference. */
export function parseCellRef(ref: string): { row: number; col: number } | undefined {
  const plain = ref.includes("$") ? ref.replace(/\$/g, "") : ref;
  const { col, digitsAt } = columnIndex(plain);
  const row = Number(plain.slice(digitsAt)) - 1;
  if (
    col < 0 ||
    col > 16383 ||
    !Number.isInteger(row) ||
    row < 0 ||
    row > 1048575 ||
    digitsAt === plain.length
  )
    return undefined;
  return { row, col };
}

/** "C7" for zero-based row 6, column 2. */
export function cellName(row: number, col: number): string {
  let letters = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return `${letters}${row + 1}`;
}

function parseRange(ref: string): CellRange | undefined {
  const [a, b = a] = ref.split(":");
  const from = parseCellRef(a);
  const to = parseCellRef(b);
  if (!from || !to) return undefined;
  return {
    top: Math.min(from.row, to.row),
    left: Math.min(from.col, to.col),
    bottom: Math.max(from.row, to.row),
    right: Math.max(from.col, to.col),
  };
}

/** An ISO date or date-time (a `t="d"` cell) → a 1900-system serial, or null. */
function isoSerial(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?/.exec(text.trim());
  if (!m) return null;
  const day = serialFromDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (day === undefined) return null;
  const seconds = Number(m[4] ?? 0) * 3600 + Number(m[5] ?? 0) * 60 + Number(m[6] ?? 0);
  return day + seconds / 86_400;
}

function trueFalse(text: string): boolean | null {
  const t = text.trim();
  if (t === "1" || t === "true") return true;
  if (t === "0" || t === "false") return false;
  return null;
}

/** Shorten text to Excel's cell limit without cutting a surrogate pair in two. */
function shorten(text: string): string {
  let end = MAX_CELL_TEXT;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/** Scans one worksheet part; call {@link SheetScan.finish} after the scanner's end. */
export class SheetScan implements XmlScanHandler {
  readonly scanner = new XmlScanner(this);
  private readonly rows = new Map<number, SnapshotValue[]>();
  private readonly dateCells = new Set<string>();
  private readonly hiddenRowList: number[] = [];
  private readonly hiddenColumnRanges: [number, number][] = [];
  private readonly merges: CellRange[] = [];
  private inSheetData = false;
  private row = -1;
  private col = -1;
  // The cell being read.
  private inCell = false;
  private type = "n";
  private style = 0;
  private capture: "" | "v" | "is" = "";
  private inInlineText = false;
  private phonetic = 0;
  private hasValue = false;
  /** The cell's text as far as kept (one past Excel's limit at most), and its full length. */
  private kept = "";
  private length = 0;
  // The cell tag's attributes, still encoded, as eachAttr finds them.
  private cellRef: string | undefined;
  private cellType: string | undefined;
  private cellStyle: string | undefined;
  /** Made once, not per cell: eachAttr's callback for a cell tag. */
  private readonly onCellAttr = (name: string, raw: string): void => {
    if (name === "r") this.cellRef ??= raw;
    else if (name === "t") this.cellType ??= raw;
    else if (name === "s") this.cellStyle ??= raw;
  };

  constructor(
    private readonly sheet: string,
    private readonly context: SheetReadContext,
  ) {}

  /**
   * Set row and col from a reference written as letters then digits ("AB12"), as Excel writes
   * every one, without the objects parseCellRef makes; false (nothing set) for anything else,
   * which parseCellRef then judges.
   */
  private readPlainRef(ref: string, from = 0, to = ref.length): boolean {
    const n = to;
    let col = 0;
    let i = from;
    for (; i < n; i++) {
      const code = ref.charCodeAt(i) | 0x20;
      if (code < 0x61 || code > 0x7a) break;
      col = col * 26 + (code - 0x60);
      if (col > LAST_COLUMN + 1) return false;
    }
    if (i === from || i === n) return false;
    let row = 0;
    for (; i < n; i++) {
      const digit = ref.charCodeAt(i) - 0x30;
      if (digit < 0 || digit > 9) return false;
      row = row * 10 + digit;
      if (row > LAST_ROW + 1) return false;
    }
    if (row < 1) return false;
    this.row = row - 1;
    this.col = col - 1;
    return true;
  }

  get wantText(): boolean {
    return this.capture === "v" || (this.capture === "is" && this.inInlineText && this.phonetic === 0);
  }

  open(name: string, attrs: string, selfClosing: boolean): void {
    if (this.inCell) {
      if (name === "v") {
        this.capture = "v";
        this.hasValue = true;
      } else if (name === "is") {
        this.capture = "is";
        this.hasValue = true;
      } else if (name === "t" && this.capture === "is" && !selfClosing) this.inInlineText = true;
      else if (name === "rPh") this.phonetic++;
      return;
    }
    switch (name) {
      case "sheetData":
        this.inSheetData = true;
        break;
      case "row": {
        if (!this.inSheetData) break;
        const r = attr(attrs, "r");
        this.row = r !== undefined ? Number(r) - 1 : this.row + 1;
        if (!Number.isInteger(this.row) || this.row < 0 || this.row > LAST_ROW) {
          throw new SheetContentError(
            `sheet '${this.sheet}' has a row numbered ${r ?? this.row + 1}, outside Excel's 1,048,576 rows`,
          );
        }
        this.col = -1;
        const hidden = attr(attrs, "hidden");
        if (hidden === "1" || hidden === "true") this.hiddenRowList.push(this.row);
        break;
      }
      case "c": {
        if (!this.inSheetData) break;
        this.cellRef = this.cellType = this.cellStyle = undefined;
        eachAttr(attrs, this.onCellAttr);
        this.startCell(selfClosing);
        break;
      }
      case "col": {
        const hidden = attr(attrs, "hidden");
        if (hidden !== "1" && hidden !== "true") break;
        const min = Number(attr(attrs, "min"));
        const max = Number(attr(attrs, "max") ?? min);
        if (Number.isInteger(min) && Number.isInteger(max) && min >= 1)
          this.hiddenColumnRanges.push([min - 1, max - 1]);
        break;
      }
      case "mergeCell": {
        const range = parseRange(attr(attrs, "ref") ?? "");
        if (range) {
          this.context.budget.take(1, this.sheet);
          this.merges.push(range);
        }
        break;
      }
    }
  }

  /**
   * A cell starts: its position, type and style from the raw attributes in cellRef, cellType and
   * cellStyle (still encoded); throws {@link SheetContentError} when its reference is not a cell.
   */
  private startCell(selfClosing: boolean, refRead = false): void {
    let at: { row: number; col: number } | undefined;
    const ref = this.cellRef !== undefined ? decodeText(this.cellRef) : undefined;
    if (refRead) {
      // element() has set this.row and this.col from the reference in place.
    } else if (ref !== undefined && this.readPlainRef(ref)) {
      // this.row and this.col are set.
    } else if (ref !== undefined && (at = parseCellRef(ref)) !== undefined) {
      this.row = at.row;
      this.col = at.col;
    } else if (ref === undefined && this.col < LAST_COLUMN && this.row >= 0) this.col++;
    else {
      throw new SheetContentError(
        `sheet '${this.sheet}' has a cell ${ref !== undefined ? `"${ref.slice(0, 20)}"` : "past column XFD"} that is not a cell of the sheet`,
      );
    }
    this.type = this.cellType !== undefined ? decodeText(this.cellType) : "n";
    this.style = this.cellStyle !== undefined ? Number(decodeText(this.cellStyle)) : 0;
    this.inCell = !selfClosing;
    this.capture = "";
    this.inInlineText = false;
    this.phonetic = 0;
    this.hasValue = false;
    this.kept = "";
    this.length = 0;
  }

  // Whether the tag readTag read was an empty-element tag, and where its r value is (-1: none).
  private tagSelfClosing = false;
  private refStart = -1;
  private refEnd = -1;

  /**
   * The attributes of a tag from `i` (just after its name) to its ">" or "/>", read as the scan's
   * readStartTag reads them; the position after the tag (tagSelfClosing set), or -1 for anything
   * it does not (the scan then decides). With `cell`, the first t and s values go to cellType and
   * cellStyle, as onCellAttr takes them, and the first r value's place to refStart and refEnd.
   */
  private readTag(xml: string, i: number, cell: boolean): number {
    const n = xml.length;
    let c = xml.charCodeAt(i);
    for (;;) {
      const spaceStart = i;
      while (isWhiteSpace(c)) c = xml.charCodeAt(++i);
      if (i >= n) return -1;
      if (c === 0x3e /* > */) {
        this.tagSelfClosing = false;
        return i + 1;
      }
      if (c === 0x2f /* / */) {
        if (xml.charCodeAt(i + 1) !== 0x3e) return -1;
        this.tagSelfClosing = true;
        return i + 2;
      }
      if (i === spaceStart) return -1; // an attribute must follow white space
      const nameStart = i;
      while (i < n && c !== 0x3d /* = */ && c !== 0x2f && c !== 0x3e && !isWhiteSpace(c))
        c = xml.charCodeAt(++i);
      if (i === nameStart || i >= n) return -1;
      const oneLetter = i - nameStart === 1 ? xml.charCodeAt(nameStart) : 0;
      while (isWhiteSpace(c)) c = xml.charCodeAt(++i);
      if (c !== 0x3d) return -1;
      c = xml.charCodeAt(++i);
      while (isWhiteSpace(c)) c = xml.charCodeAt(++i);
      if (c !== 0x22 && c !== 0x27) return -1;
      const close = xml.indexOf(c === 0x22 ? '"' : "'", i + 1);
      if (close === -1) return -1;
      if (cell) {
        if (oneLetter === 0x72 /* r */) {
          if (this.refStart === -1) {
            this.refStart = i + 1;
            this.refEnd = close;
          }
        } else if (oneLetter === 0x74 /* t */) this.cellType ??= xml.slice(i + 1, close);
        else if (oneLetter === 0x73 /* s */) this.cellStyle ??= xml.slice(i + 1, close);
      }
      i = close + 1;
      c = xml.charCodeAt(i);
    }
  }

  /** Whether `xml` has the end tag `</x>` of a one-letter name (letter code `x`) at `at`. */
  private static endTagAt(xml: string, at: number, x: number): boolean {
    return xml.charCodeAt(at + 1) === 0x2f && xml.charCodeAt(at + 2) === x && xml.charCodeAt(at + 3) === 0x3e;
  }

  /**
   * A cell of sheetData read whole (see XmlScanHandler.element), as Excel writes almost all of
   * them: `<c …/>`, or `<c …>` then an optional formula `<f …>…</f>` (or `<f …/>`), an optional
   * `<v>…</v>`, and `</c>`. Anything else (inline text, a second value, comments, prefixed names,
   * a cell cut off by the end of the text in hand) is left to the tag-by-tag scan: -1.
   */
  element(xml: string, lt: number): number {
    if (!this.inSheetData || this.inCell || xml.charCodeAt(lt + 1) !== 0x63 /* c */) return -1;
    const after = xml.charCodeAt(lt + 2);
    if (!isWhiteSpace(after) && after !== 0x3e && after !== 0x2f) return -1; // <col, <cfRule …
    this.cellRef = this.cellType = this.cellStyle = undefined;
    this.refStart = -1;
    let i = this.readTag(xml, lt + 2, true);
    if (i === -1) return -1;
    const selfClosing = this.tagSelfClosing;
    let valueStart = -1;
    let valueEnd = -1;
    if (!selfClosing) {
      // Text between a cell's elements is not content: the scan passes over it too.
      let at = xml.indexOf("<", i);
      if (at === -1) return -1;
      if (xml.charCodeAt(at + 1) === 0x66 /* f */) {
        const f = xml.charCodeAt(at + 2);
        if (!isWhiteSpace(f) && f !== 0x3e && f !== 0x2f) return -1;
        let end = this.readTag(xml, at + 2, false);
        if (end === -1) return -1;
        if (!this.tagSelfClosing) {
          // The formula's text is not kept; it holds no "<" (XML escapes it), so its end tag is next.
          const close = xml.indexOf("<", end);
          if (close === -1 || !SheetScan.endTagAt(xml, close, 0x66)) return -1;
          end = close + 4;
        }
        at = xml.indexOf("<", end);
        if (at === -1) return -1;
      }
      if (xml.charCodeAt(at + 1) === 0x76 /* v */ && xml.charCodeAt(at + 2) === 0x3e) {
        valueStart = at + 3;
        valueEnd = xml.indexOf("<", valueStart);
        if (valueEnd === -1 || !SheetScan.endTagAt(xml, valueEnd, 0x76)) return -1;
        at = xml.indexOf("<", valueEnd + 4);
        if (at === -1) return -1;
      }
      if (!SheetScan.endTagAt(xml, at, 0x63)) return -1;
      i = at + 4;
    }
    // A plain reference ("K2") is read where it stands; any other is decoded and judged as the scan does.
    let refRead = false;
    if (this.refStart !== -1) {
      refRead = this.readPlainRef(xml, this.refStart, this.refEnd);
      if (!refRead) this.cellRef = xml.slice(this.refStart, this.refEnd);
    }
    this.startCell(selfClosing, refRead);
    if (selfClosing) return i;
    if (valueStart !== -1) {
      this.hasValue = true;
      if (valueEnd > valueStart) this.text(decodeText(xml.slice(valueStart, valueEnd)));
    }
    this.inCell = false;
    this.finishCell();
    return i;
  }

  close(name: string): void {
    if (this.inCell) {
      if (name === "c") {
        this.inCell = false;
        this.finishCell();
      } else if (name === "v" || name === "is") this.capture = "";
      else if (name === "t") this.inInlineText = false;
      else if (name === "rPh") this.phonetic--;
      return;
    }
    if (name === "sheetData") this.inSheetData = false;
  }

  text(text: string): void {
    this.length += text.length;
    const room = CELL_TEXT_LIMIT + 1 - this.kept.length;
    if (room <= 0) return;
    // Almost every cell's text comes in one piece: kept as it is, with no array per cell.
    const piece = text.length > room ? text.slice(0, room) : text;
    this.kept = this.kept.length === 0 ? piece : this.kept + piece;
  }

  private finishCell(): void {
    if (!this.hasValue) return;
    const text = this.kept;
    let value: SnapshotValue = null;
    let isDate = false;
    let fullLength = this.length;
    switch (this.type) {
      case "s": {
        const index = Number(text);
        const shared =
          Number.isInteger(index) && index >= 0 ? this.context.sharedStrings.get(index) : undefined;
        if (shared === undefined) {
          throw new SheetContentError(
            `cell ${cellName(this.row, this.col)} of sheet '${this.sheet}' refers to shared text number ${text.trim() || "(none)"}, which the file does not hold`,
          );
        }
        value = shared;
        fullLength = this.context.sharedStrings.fullLength(index) ?? shared.length;
        break;
      }
      case "str":
      case "inlineStr":
        // Kept in the snapshot: a copy, so it does not keep the sheet's text alive (see detachText).
        value = detachText(text);
        break;
      case "b":
        value = trueFalse(text);
        break;
      case "e": {
        const error = text.trim();
        if (error === "") return;
        this.store(new ErrorMark(detachText(error)) as unknown as SnapshotValue, false);
        return;
      }
      case "d":
        value = isoSerial(text);
        isDate = value !== null;
        break;
      default: {
        const n = Number(text);
        // Number("") and Number("  ") are 0: a value of white space only is no value.
        if (!Number.isFinite(n) || (n === 0 && text.trim() === "")) return;
        isDate = this.context.dateStyles.isDate(this.style);
        value = isDate && this.context.date1904 ? n + DAYS_1904 : n;
      }
    }
    if (value === null) return;
    if (typeof value === "string" && fullLength > CELL_TEXT_LIMIT) {
      value = shorten(value);
      this.context.warnings.push({
        sheet: this.sheet,
        row: this.row,
        col: this.col,
        message: `'${this.sheet}'!${cellName(this.row, this.col)} holds ${fullLength.toLocaleString("en-GB")} characters, more than Excel's limit of ${MAX_CELL_TEXT.toLocaleString("en-GB")} for a cell; only the first ${MAX_CELL_TEXT.toLocaleString("en-GB")} were read.`,
      });
    }
    this.store(value, isDate);
  }

  // The row the last cell was stored in (cells come row by row): no map look-up per cell.
  private storedRow = -1;
  private storedCells: SnapshotValue[] = [];

  private store(value: SnapshotValue, isDate: boolean): void {
    let cells = this.row === this.storedRow ? this.storedCells : this.rows.get(this.row);
    if (!cells) {
      cells = [];
      this.rows.set(this.row, cells);
    }
    this.storedRow = this.row;
    this.storedCells = cells;
    if (this.col >= cells.length) this.context.budget.take(this.col + 1 - cells.length, this.sheet);
    cells[this.col] = value;
    if (isDate) this.dateCells.add(`${this.row},${this.col}`);
  }

  /**
   * The sheet's snapshot fields. Covered cells of merged ranges are emptied (only a range's top-left
   * cell shows its value), rows end at their last value and the sheet at its last row with one.
   * Throws {@link SheetContentError} for overlapping merged ranges, which Excel cannot open either.
   */
  finish(): Pick<
    SheetSnapshot,
    "cells" | "rowsWithCells" | "hiddenColumns" | "hiddenRows" | "merges" | "dateCells" | "errorCells"
  > {
    const rowNumbers = [...this.rows.keys()].sort((a, b) => a - b);
    const lastRow = rowNumbers.length === 0 ? -1 : rowNumbers[rowNumbers.length - 1];
    const merges = [...this.merges].sort((a, b) => a.top - b.top || a.left - b.left);
    this.emptyCoveredCells(rowNumbers, merges);
    const errorCells = new Map<string, string>();
    const cells: (readonly SnapshotValue[])[] = [];
    // The rows that have cells, so readers of a sheet reaching XFD1048576 skip the empty ones.
    const rowsWithCells: number[] = [];
    let width = 0;
    for (let r = 0; r <= lastRow; r++) {
      const row = this.rows.get(r);
      if (!row) {
        cells.push(NO_CELLS);
        continue;
      }
      for (let c = 0; c < row.length; c++) {
        const v = row[c] as unknown;
        if (v instanceof ErrorMark) {
          errorCells.set(`${r},${c}`, v.error);
          row[c] = null;
        } else if (v === undefined) row[c] = null;
      }
      let end = row.length;
      while (end > 0 && row[end - 1] === null) end--;
      row.length = end;
      cells.push(end === 0 ? NO_CELLS : row);
      if (end > 0) rowsWithCells.push(r);
      if (end > width) width = end;
    }
    while (cells.length > 0 && cells[cells.length - 1].length === 0) cells.pop();

    const hiddenColumns = new Set<number>();
    for (const [min, max] of this.hiddenColumnRanges) {
      for (let c = min; c <= Math.min(max, width - 1); c++) hiddenColumns.add(c);
    }
    const hiddenRows = [...new Set(this.hiddenRowList.filter((r) => r < cells.length))].sort((a, b) => a - b);
    return {
      cells,
      rowsWithCells,
      hiddenColumns: [...hiddenColumns].sort((a, b) => a - b),
      hiddenRows,
      merges,
      dateCells: this.dateCells,
      errorCells,
    };
  }

  /**
   * Empty the cells merged ranges cover, sweeping the stored rows top to bottom with the ranges
   * that span each row kept in order of their left column. Ranges in one row never overlap, so
   * only ranges starting inside a row's stored cells are visited: the work is at most the stored
   * cells plus the ranges, however tall or many the ranges are.
   */
  private emptyCoveredCells(rowNumbers: readonly number[], merges: readonly CellRange[]): void {
    if (merges.length === 0) return;
    let active: CellRange[] = [];
    let purgeAt = 1024;
    let next = 0;
    for (const r of rowNumbers) {
      if (active.length > purgeAt) {
        // Drop ranges that ended above this row (ones right of every stored cell linger otherwise).
        active = active.filter((m) => m.bottom >= r);
        // A row has 16,384 columns: more ranges spanning one row than that must overlap.
        if (active.length > 16_384)
          throw new SheetContentError(`sheet '${this.sheet}' has merged ranges that overlap`);
        purgeAt = Math.max(1024, active.length * 2);
      }
      while (next < merges.length && merges[next].top <= r) {
        const m = merges[next++];
        let at = active.length;
        while (at > 0 && active[at - 1].left > m.left) at--;
        active.splice(at, 0, m);
      }
      const row = this.rows.get(r)!;
      let lastRight = -1;
      for (let i = 0; i < active.length && active[i].left < row.length;) {
        const m = active[i];
        if (m.bottom < r) {
          active.splice(i, 1);
          continue;
        }
        if (m.left <= lastRight)
          throw new SheetContentError(`sheet '${this.sheet}' has merged ranges that overlap`);
        lastRight = m.right;
        const right = Math.min(m.right, row.length - 1);
        for (let c = m.left; c <= right; c++) {
          if (r === m.top && c === m.left) continue;
          row[c] = undefined as unknown as SnapshotValue;
          this.dateCells.delete(`${r},${c}`);
        }
        i++;
      }
    }
  }
}
