/**
 * A1 references, once for every layer: column letters, one cell's and one area's A1 text, parsing
 * "B7", "$B$7:$E$11", "B:D", "6:8" and "'Deficit plan'!A1", moving a reference as Excel does when
 * a formula is copied, and the rule for when a sheet name must be quoted.
 *
 * Rows and columns are zero-based and areas inclusive, as in `SheetSpec` and `SheetSnapshot`.
 * The grid is Excel's: 1,048,576 rows by 16,384 columns (A to XFD), per Microsoft's "Excel
 * specifications and limits". Pure: no host, no DOM.
 */

/** Rows in an Excel sheet: 1,048,576 (rows 0 … MAX_ROWS − 1). */
export const MAX_ROWS = 1_048_576;
/** Columns in an Excel sheet: 16,384, A to XFD (columns 0 … MAX_COLS − 1). */
export const MAX_COLS = 16_384;

/** A rectangle of cells, zero-based and inclusive. Whole columns and rows run to the grid's edge. */
export interface Area {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/**
 * Letters of a zero-based column: 0 → "A", 25 → "Z", 26 → "AA", 16383 → "XFD".
 *
 * Bijective base 26: there is no zero digit, so each step takes one off before dividing
 * (column 27 is number 28: 27 % 26 → "B", then 27 / 26 → 1 → "A": "AB").
 */
export function columnLetters(col: number): string {
  let letters = "";
  for (let rest = col + 1; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** Zero-based column of column letters, any case: "A" → 0, "ab" → 27. Not bounded to XFD. */
export function columnIndex(letters: string): number {
  let number = 0;
  for (const ch of letters.toUpperCase()) number = number * 26 + (ch.charCodeAt(0) - 64);
  return number - 1;
}

/**
 * A1 text of one cell, zero-based, `absolute` for "$C$2".
 * @example cellA1(1, 2) // "C2"
 */
export function cellA1(row: number, col: number, absolute = false): string {
  return absolute ? `$${columnLetters(col)}$${row + 1}` : `${columnLetters(col)}${row + 1}`;
}

/**
 * A1 text of an area: one cell "C2", else "C2:D10" (no $, no sheet).
 * @example areaA1({ top: 1, left: 2, bottom: 9, right: 3 }) // "C2:D10"
 */
export function areaA1(area: Area): string {
  const first = cellA1(area.top, area.left);
  return area.top === area.bottom && area.left === area.right
    ? first
    : `${first}:${cellA1(area.bottom, area.right)}`;
}

/** One end of an A1 reference: a column, a row or both, each relative or fixed with "$". */
export interface A1Part {
  readonly col?: number;
  readonly row?: number;
  readonly colAbs: boolean;
  readonly rowAbs: boolean;
}

// One end: optional $, 0–3 letters, optional $, digits. ✓ "B7", "$b$7", "$B7", "B", "$7" ✗ "", "B-7", "ABCD1"
const PART = /^(\$?)([A-Za-z]{0,3})(\$?)([0-9]*)$/;

/**
 * One end of a reference ("$B7", "B", "12"), or undefined when it is not one or lies off the grid
 * ("A0", "XFE1", "B1048577").
 */
export function parsePart(text: string): A1Part | undefined {
  const m = PART.exec(text);
  if (!m || (m[2] === "" && m[4] === "")) return undefined;
  const col = m[2] === "" ? undefined : columnIndex(m[2]);
  const row = m[4] === "" ? undefined : Number(m[4]) - 1;
  if (col !== undefined && col >= MAX_COLS) return undefined;
  if (row !== undefined && (row < 0 || row >= MAX_ROWS)) return undefined;
  // "$B2": the $ before the letters fixes the column; "B$2": the $ before the digits fixes the row;
  // "$2" (a whole row written alone) has only the row's $.
  const colAbs = m[2] !== "" && m[1] === "$";
  const rowAbs = m[4] !== "" && (m[3] === "$" || (m[2] === "" && m[1] === "$"));
  return { col, row, colAbs, rowAbs };
}

/** The A1 text of one end, keeping its $ signs. */
function renderPart(part: A1Part): string {
  const col = part.col === undefined ? "" : `${part.colAbs ? "$" : ""}${columnLetters(part.col)}`;
  const row = part.row === undefined ? "" : `${part.rowAbs ? "$" : ""}${part.row + 1}`;
  return col + row;
}

/** "cell", "col" or "row" for an end that has both, only letters or only digits. */
function partKind(part: A1Part): "cell" | "col" | "row" {
  if (part.col !== undefined && part.row !== undefined) return "cell";
  return part.col !== undefined ? "col" : "row";
}

/**
 * The area of an A1 reference without a sheet name: a cell "B7", two cells "$C$10:B2" (either
 * corner first), whole columns "B:D" or whole rows "6:8". Spaces around it are ignored. Undefined
 * for anything else: a name, a lone column "B" or row "6", mixed ends "B:6", three parts, or a
 * cell off the grid ("A0", "XFE1").
 * @example parseArea("$C$10:B2") // { top: 1, left: 1, bottom: 9, right: 2 }
 * @example parseArea("A:A")      // { top: 0, left: 0, bottom: 1048575, right: 0 }
 */
export function parseArea(text: string): Area | undefined {
  const ends = text.trim().split(":");
  if (ends.length > 2) return undefined;
  const first = parsePart(ends[0]);
  const last = parsePart(ends[ends.length - 1]);
  if (!first || !last) return undefined;
  const kind = partKind(first);
  if (kind !== partKind(last) || (ends.length === 1 && kind !== "cell")) return undefined;
  return {
    top: Math.min(first.row ?? 0, last.row ?? 0),
    bottom: Math.max(first.row ?? MAX_ROWS - 1, last.row ?? MAX_ROWS - 1),
    left: Math.min(first.col ?? 0, last.col ?? 0),
    right: Math.max(first.col ?? MAX_COLS - 1, last.col ?? MAX_COLS - 1),
  };
}

/**
 * Move a reference's relative ends by (dRow, dCol), as Excel does when a formula is copied: "B2"
 * moved by (3, 0) is "B5"; "$B$2" stays; "B:B" moved by (0, 1) is "C:C". Undefined when it is not
 * an A1 reference or an end would fall off the grid (Excel's #REF!).
 */
export function shiftA1(a1: string, dRow: number, dCol: number): string | undefined {
  const moved: string[] = [];
  for (const text of a1.split(":")) {
    const part = parsePart(text);
    if (!part) return undefined;
    const col = part.col === undefined || part.colAbs ? part.col : part.col + dCol;
    const row = part.row === undefined || part.rowAbs ? part.row : part.row + dRow;
    if (col !== undefined && (col < 0 || col >= MAX_COLS)) return undefined;
    if (row !== undefined && (row < 0 || row >= MAX_ROWS)) return undefined;
    moved.push(renderPart({ ...part, col, row }));
  }
  return moved.join(":");
}

// ---------------------------------------------------------------------------------------------
// Sheet names

/** A reference split into its sheet (unquoted; undefined when none) and its area text. */
export interface SplitRef {
  readonly sheet?: string;
  readonly area: string;
}

/**
 * Read quoted text starting at the opening quote `text[from]` (' for a sheet name, " for a string),
 * where the quote doubled stands for itself: 'Children''s' is Children's, "a ""b""" is a "b".
 * Returns the text inside and the index just past the closing quote, or undefined when it is
 * never closed.
 * @example readQuoted("'Deficit plan'!A1", 0) // { value: "Deficit plan", end: 14 }
 */
export function readQuoted(text: string, from: number): { value: string; end: number } | undefined {
  const quote = text[from];
  let value = "";
  let i = from + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] !== quote) return { value, end: i + 1 };
      value += quote;
      i += 2;
    } else value += text[i++];
  }
  return undefined;
}

/**
 * Split "'Deficit plan'!$E$7:$E$11" into sheet "Deficit plan" and area "$E$7:$E$11"; a bare
 * "Contents!A1" or "A1" works too, and so does a hyperlink location's leading "#". A quote inside
 * a quoted name is doubled: 'Children''s'!A1.
 */
export function splitRef(ref: string): SplitRef {
  const text = ref.trim().replace(/^#/, "");
  if (text.startsWith("'")) {
    const quoted = readQuoted(text, 0);
    if (quoted && text[quoted.end] === "!") return { sheet: quoted.value, area: text.slice(quoted.end + 1) };
    return { area: text };
  }
  const bang = text.lastIndexOf("!");
  return bang === -1 ? { area: text } : { sheet: text.slice(0, bang), area: text.slice(bang + 1) };
}

/**
 * A reference with its sheet and area: "'HNB monitoring'!$E$12" → sheet "HNB monitoring", the
 * area of E12. Undefined when the area part is not A1.
 */
export function parseRef(ref: string): { readonly sheet?: string; readonly area: Area } | undefined {
  const { sheet, area } = splitRef(ref);
  const parsed = parseArea(area);
  if (!parsed) return undefined;
  return sheet === undefined ? { area: parsed } : { sheet, area: parsed };
}

// A plain identifier: a letter or "_", then letters, digits, "_" or ".".
// ✓ "Contents", "Data_2026", "v1.2" ✗ "DSG summary", "2026-27", "Children's", "Größe" (quoted to be safe)
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;
// Letters then digits: an A1 cell when the letters are at most XFD and the row is on the grid.
// ✓ "A1", "XFD1048576" ✗ "XFE1" (past XFD), "A0", "B1048577"
const A1_CELL = /^([A-Za-z]{1,3})([0-9]+)$/;
// An R1C1 reference: R, C, R2, C3, RC, R2C3 in any case (Excel reads these in either notation).
const R1C1_CELL = /^(?:R[0-9]*)?(?:C[0-9]*)?$/i;

/**
 * Whether a sheet name must be quoted in a reference. Excel leaves a name bare only when it is a
 * plain identifier that could not be read as something else: a cell in A1 ("AB12") or R1C1
 * ("R2C3", "C") notation, or the logical TRUE / FALSE. Quoting is always accepted, so a name in
 * doubt (anything not plain ASCII) is quoted.
 */
export function sheetNeedsQuotes(name: string): boolean {
  if (!PLAIN_NAME.test(name) || R1C1_CELL.test(name) || /^(?:TRUE|FALSE)$/i.test(name)) return true;
  const cell = A1_CELL.exec(name);
  if (!cell) return false;
  const row = Number(cell[2]);
  return columnIndex(cell[1]) < MAX_COLS && row >= 1 && row <= MAX_ROWS;
}

/**
 * A sheet name quoted, with a quote inside it doubled: Children's → 'Children''s'. Excel accepts
 * this form for every name; the papers write it so a formula's text does not depend on the name.
 */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/**
 * A sheet name as a reference needs it, with its "!": quoted only when it must be (Excel's own
 * form); "" when there is no sheet.
 * @example sheetPrefix("Contents")     // "Contents!"
 * @example sheetPrefix("DSG summary")  // "'DSG summary'!"
 * @example sheetPrefix("R2C3")         // "'R2C3'!"
 */
export function sheetPrefix(name: string | undefined): string {
  if (name === undefined) return "";
  return sheetNeedsQuotes(name) ? `${quoteSheet(name)}!` : `${name}!`;
}
