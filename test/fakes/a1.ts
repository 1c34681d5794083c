/**
 * A1 addresses as the Excel fake reads and writes them, written apart from the Office adapter's
 * own address module (src/workbook/office/address.ts): the fake stands in for Excel in the
 * adapter's tests, so if it parsed addresses with the adapter's code, a bug there would be agreed
 * with rather than caught.
 *
 * Rows and columns are zero-based and rectangles inclusive, as in the rest of the project. The
 * rules follow Excel's documented grid and reference syntax:
 * - the grid is 1,048,576 rows by 16,384 columns (A to XFD), per Microsoft's "Excel specifications
 *   and limits";
 * - a reference is a cell ("B7", "$B$7"), two cells ("B7:E11", either corner first), whole columns
 *   ("B:D") or whole rows ("6:8"), optionally after a sheet name and "!";
 * - a sheet name is quoted ('Deficit plan'!A1) unless it is a plain word, with a quote inside a
 *   quoted name doubled ('Children''s'!A1).
 */

/** A zero-based, inclusive rectangle of cells. */
export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** The last zero-based row and column of Excel's grid: row 1,048,576 and column XFD. */
export const MAX_ROW = 1_048_576 - 1;
export const MAX_COL = 16_384 - 1;

/** Column letters of a zero-based column, in bijective base 26: 0 → "A", 25 → "Z", 26 → "AA", 16383 → "XFD". */
function letters(col: number): string {
  let text = "";
  for (let rest = col + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    text = String.fromCharCode("A".charCodeAt(0) + ((rest - 1) % 26)) + text;
  }
  return text;
}

/** Zero-based column of column letters, or undefined past XFD: "A" → 0, "ab" → 27, "XFE" → undefined. */
function columnOf(text: string): number | undefined {
  let value = 0;
  for (const ch of text.toUpperCase()) value = value * 26 + (ch.charCodeAt(0) - "A".charCodeAt(0) + 1);
  return value - 1 <= MAX_COL ? value - 1 : undefined;
}

/** Zero-based row of a row number as written, or undefined outside 1…1,048,576: "7" → 6, "0" → undefined. */
function rowOf(text: string): number | undefined {
  const row = Number(text) - 1;
  return row >= 0 && row <= MAX_ROW ? row : undefined;
}

/** "B7" for one cell, "B7:E11" for more (no $, no sheet). */
export function rectAddress(rect: Rect): string {
  const first = `${letters(rect.left)}${rect.top + 1}`;
  if (rect.top === rect.bottom && rect.left === rect.right) return first;
  return `${first}:${letters(rect.right)}${rect.bottom + 1}`;
}

// One end of a reference. ✓ "B7", "$b$7", "XFD1048576" (bounds are checked after) ✗ "B", "7", "B-7", "B 7"
const CELL_END = /^\$?([A-Za-z]{1,3})\$?([0-9]+)$/;
// ✓ "B", "$XFD" (whole columns, only in a pair) ✗ "B7"
const COLUMN_END = /^\$?([A-Za-z]{1,3})$/;
// ✓ "6", "$6" (whole rows, only in a pair) ✗ "B6"
const ROW_END = /^\$?([0-9]+)$/;

/**
 * The rectangle of an area without a sheet name, or undefined when it is not one Excel accepts.
 * @example parseArea("$E$11:B7") → { top: 6, left: 1, bottom: 10, right: 4 }
 * @example parseArea("B:D") → { top: 0, left: 1, bottom: MAX_ROW, right: 3 }
 * @example parseArea("A0") → undefined
 */
export function parseArea(text: string): Rect | undefined {
  const ends = text.trim().split(":");
  if (ends.length === 0 || ends.length > 2) return undefined;
  const [first, last = first] = ends;
  const cells = [CELL_END.exec(first), CELL_END.exec(last)];
  if (cells[0] && cells[1]) {
    const rows = cells.map((m) => rowOf(m![2]));
    const cols = cells.map((m) => columnOf(m![1]));
    if (rows.includes(undefined) || cols.includes(undefined)) return undefined;
    return span(rows as number[], cols as number[]);
  }
  if (ends.length !== 2) return undefined;
  const columns = [COLUMN_END.exec(first), COLUMN_END.exec(last)];
  if (columns[0] && columns[1]) {
    const cols = columns.map((m) => columnOf(m![1]));
    return cols.includes(undefined) ? undefined : span([0, MAX_ROW], cols as number[]);
  }
  const wholeRows = [ROW_END.exec(first), ROW_END.exec(last)];
  if (wholeRows[0] && wholeRows[1]) {
    const rows = wholeRows.map((m) => rowOf(m![1]));
    return rows.includes(undefined) ? undefined : span(rows as number[], [0, MAX_COL]);
  }
  return undefined;
}

/** The rectangle spanning two rows and two columns, in either order. */
function span([rowA, rowB]: number[], [colA, colB]: number[]): Rect {
  return {
    top: Math.min(rowA, rowB),
    left: Math.min(colA, colB),
    bottom: Math.max(rowA, rowB),
    right: Math.max(colA, colB),
  };
}

/**
 * A reference's sheet name (unquoted, undefined when there is none) and its area text.
 * @example splitRef("'Children''s'!$A$1") → { sheet: "Children's", area: "$A$1" }
 * @example splitRef("Contents!A1") → { sheet: "Contents", area: "A1" }
 * @example splitRef("B7") → { area: "B7" }
 */
export function splitRef(ref: string): { sheet?: string; area: string } {
  const text = ref.trim();
  // ✓ 'Deficit plan'!E7  'Children''s'!A1 (a doubled quote is one quote)  ✗ 'unclosed!A1
  const quoted = /^'((?:[^']|'')+)'!(.*)$/s.exec(text);
  if (quoted) return { sheet: quoted[1].replace(/''/g, "'"), area: quoted[2] };
  const bang = text.lastIndexOf("!");
  if (bang > 0 && !text.startsWith("'")) return { sheet: text.slice(0, bang), area: text.slice(bang + 1) };
  return { area: text };
}

/**
 * The references of an address list, split on "," (or ";", which Excel takes in locales that
 * write decimals with a comma) outside quoted sheet names; empty entries are dropped.
 * @example splitAddressList("'A, B'!A1,Sheet1!C3") → ["'A, B'!A1", "Sheet1!C3"]
 */
export function splitAddressList(list: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i <= list.length; i++) {
    const ch = list[i];
    // A doubled quote inside a name flips twice, so it stays inside.
    if (ch === "'") inQuotes = !inQuotes;
    else if (i === list.length || (!inQuotes && (ch === "," || ch === ";"))) {
      const part = list.slice(start, i).trim();
      if (part !== "") parts.push(part);
      start = i + 1;
    }
  }
  return parts;
}

/**
 * A sheet name and "!", quoted as Excel writes it in an address. Excel leaves a name bare only when
 * it is a plain word that cannot be read as something else: letters, digits, "_" and "." with no
 * leading digit, and not a cell reference such as "AB12" or an R1C1 one such as "R", "C3", "RC" or
 * "R2C3".
 * @example sheetPrefix("Contents") === "Contents!"
 * @example sheetPrefix("DSG summary") === "'DSG summary'!"
 * @example sheetPrefix("Q3") === "'Q3'!"
 */
export function sheetPrefix(name: string): string {
  const plainWord = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name);
  const looksLikeA1 = /^[A-Za-z]{1,3}[0-9]+$/.test(name);
  const looksLikeR1C1 = name !== "" && /^(R[0-9]*)?(C[0-9]*)?$/i.test(name);
  return plainWord && !looksLikeA1 && !looksLikeR1C1 ? `${name}!` : `'${name.replace(/'/g, "''")}'!`;
}
