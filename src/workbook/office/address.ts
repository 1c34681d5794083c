/**
 * A1 addresses for the Office adapter: rectangles, the addresses the Excel JavaScript API takes and
 * gives back, and rewriting sheet and table names inside formulas and references.
 *
 * Pure functions: nothing here talks to Excel, so every rule is tested without a host.
 * Rows and columns are zero-based, rectangles inclusive (as in SheetSpec and SheetSnapshot).
 */
import { a1, colLetter, quoteSheet } from "../../papers/spec";
import type { CellRange } from "../../sources/snapshot";

/** A zero-based, inclusive rectangle of cells (the same shape as a snapshot's merge). */
export type Rect = CellRange;

/** "A1" for one cell, "A1:C3" for more. */
export function rectAddress(rect: Rect): string {
  const start = a1(rect.top, rect.left);
  return rect.top === rect.bottom && rect.left === rect.right
    ? start
    : `${start}:${a1(rect.bottom, rect.right)}`;
}

/** Number of rows × columns of a rectangle. */
export function rectCells(rect: Rect): number {
  return (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1);
}

/** Whole columns "B:D" (zero-based first and last column). */
export function columnsAddress(first: number, last: number): string {
  return `${colLetter(first)}:${colLetter(last)}`;
}

/** Whole rows "6:8" (zero-based first and last row). */
export function rowsAddress(first: number, last: number): string {
  return `${first + 1}:${last + 1}`;
}

/** Zero-based column of column letters: "A" → 0, "AB" → 27. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Excel's grid: 1,048,576 rows × 16,384 columns. */
export const MAX_ROW = 1_048_575;
export const MAX_COL = 16_383;

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;
const COLS = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/;
const ROWS = /^\$?(\d+):\$?(\d+)$/;

/**
 * Parse one area without a sheet name: "B7", "$B$7:$E$11", "B:D" (whole columns), "6:6" (whole
 * rows). Returns undefined for anything else.
 * @example parseArea("$B$7:$E$11") → {top: 6, left: 1, bottom: 10, right: 4}
 */
export function parseArea(text: string): Rect | undefined {
  const t = text.trim();
  let m = COLS.exec(t);
  if (m) return order({ top: 0, left: columnIndex(m[1]), bottom: MAX_ROW, right: columnIndex(m[2]) });
  m = ROWS.exec(t);
  if (m) return order({ top: Number(m[1]) - 1, left: 0, bottom: Number(m[2]) - 1, right: MAX_COL });
  const parts = t.split(":");
  if (parts.length > 2) return undefined;
  const cells = parts.map((p) => CELL.exec(p));
  if (cells.some((c) => !c)) return undefined;
  const [s, e] = [cells[0]!, cells[cells.length - 1]!];
  const rect = {
    top: Number(s[2]) - 1,
    left: columnIndex(s[1]),
    bottom: Number(e[2]) - 1,
    right: columnIndex(e[1]),
  };
  if (rect.top < 0 || rect.bottom < 0 || rect.top > MAX_ROW || rect.bottom > MAX_ROW || rect.right > MAX_COL)
    return undefined;
  return order(rect);
}

function order(r: Rect): Rect {
  return {
    top: Math.min(r.top, r.bottom),
    bottom: Math.max(r.top, r.bottom),
    left: Math.min(r.left, r.right),
    right: Math.max(r.left, r.right),
  };
}

/** A reference split into its sheet (unquoted; undefined when none) and its area text. */
export interface SplitRef {
  readonly sheet?: string;
  readonly area: string;
}

/**
 * Split "'Deficit plan'!$E$7:$E$11" into sheet "Deficit plan" and area "$E$7:$E$11"; a bare
 * "Contents!A1" or "A1" works too. A quote inside a quoted name is doubled: 'Children''s'!A1.
 */
export function splitRef(ref: string): SplitRef {
  const t = ref.trim().replace(/^#/, "");
  if (t.startsWith("'")) {
    let i = 1;
    let name = "";
    while (i < t.length) {
      if (t[i] === "'") {
        if (t[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += t[i++];
    }
    if (t[i + 1] === "!") return { sheet: name, area: t.slice(i + 2) };
    return { area: t };
  }
  const bang = t.lastIndexOf("!");
  return bang === -1 ? { area: t } : { sheet: t.slice(0, bang), area: t.slice(bang + 1) };
}

/**
 * Split an address list the way the Excel JavaScript API gives one back ("Sheet1!A1:B2,Sheet1!D4"
 * from RangeAreas.address) or takes one (getRanges accepts "," or, in locales whose decimal
 * separator is a comma, ";"). Separators inside a quoted sheet name are kept.
 */
export function splitAddressList(list: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of list) {
    if (ch === "'") quoted = !quoted; // a doubled '' toggles twice: still inside the name
    if (!quoted && (ch === "," || ch === ";")) {
      if (current.trim()) out.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Rectangles of an address list such as RangeAreas.address; areas that do not parse are dropped. */
export function parseAddressList(list: string): Rect[] {
  const out: Rect[] = [];
  for (const part of splitAddressList(list)) {
    const rect = parseArea(splitRef(part).area);
    if (rect) out.push(rect);
  }
  return out;
}

/** A sheet name as a reference needs it: quoted only when it must be ("Contents" stays bare). */
export function sheetPrefix(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) &&
    !/^[A-Za-z]{1,3}\d+$/.test(name) &&
    !/^[RrCc]\d*$/.test(name)
    ? `${name}!`
    : `${quoteSheet(name)}!`;
}

// ---------------------------------------------------------------------------------------------
// Rewriting names inside formulas

/** Case-insensitive maps of old → new names. Excel compares sheet and table names without case. */
export interface Renames {
  readonly sheets?: ReadonlyMap<string, string>;
  readonly tables?: ReadonlyMap<string, string>;
}

/** A map keyed by lower-case name, for {@link rewriteRefs}. */
export function renameMap(pairs: Iterable<readonly [string, string]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [from, to] of pairs) map.set(from.toLowerCase(), to);
  return map;
}

const IDENT_START = /[A-Za-z_\\\u00C0-\uFFFF]/;
const IDENT_PART = /[A-Za-z0-9_.\\\u00C0-\uFFFF]/;

/**
 * Rewrite sheet and table names in a formula or reference, leaving string literals alone.
 *
 * A sheet reference is a quoted name before "!" ('DSG summary'!B4) or a bare one (Contents!A1);
 * a table reference is a name before "[" (DSGSummary[Budget]). Matching is case-insensitive, as
 * Excel's is. A renamed sheet is quoted when its new name needs it.
 * @example
 *   rewriteRefs(`'DSG summary'!B4+"DSG summary"`, { sheets: renameMap([["DSG summary", "DSG summary (2)"]]) })
 *   → `'DSG summary (2)'!B4+"DSG summary"`
 */
export function rewriteRefs(formula: string, renames: Renames): string {
  const sheets = renames.sheets;
  const tables = renames.tables;
  if ((!sheets || sheets.size === 0) && (!tables || tables.size === 0)) return formula;
  let out = "";
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const ch = formula[i];
    if (ch === '"') {
      // A string literal, with "" for a quote inside it.
      let j = i + 1;
      while (j < n) {
        if (formula[j] === '"') {
          if (formula[j + 1] === '"') {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let name = "";
      while (j < n) {
        if (formula[j] === "'") {
          if (formula[j + 1] === "'") {
            name += "'";
            j += 2;
            continue;
          }
          break;
        }
        name += formula[j++];
      }
      const to = formula[j + 1] === "!" ? sheets?.get(name.toLowerCase()) : undefined;
      if (to !== undefined) {
        out += sheetPrefix(to);
        i = j + 2;
      } else {
        out += formula.slice(i, j + 1);
        i = j + 1;
      }
      continue;
    }
    const prev = i > 0 ? formula[i - 1] : "";
    if (IDENT_START.test(ch) && !(prev && IDENT_PART.test(prev))) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(formula[j])) j++;
      const word = formula.slice(i, j);
      const next = formula[j];
      const to =
        next === "!"
          ? sheets?.get(word.toLowerCase())
          : next === "["
            ? tables?.get(word.toLowerCase())
            : undefined;
      if (to !== undefined) out += next === "!" ? sheetPrefix(to).slice(0, -1) : to;
      else out += word;
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Canonical form of a reference for comparisons: sheet name lower-cased and unquoted, area without $. */
export function canonicalRef(ref: string): string {
  const { sheet, area } = splitRef(ref);
  const rect = parseArea(area);
  const where = rect ? rectAddress(rect) : area.replace(/\$/g, "").toUpperCase();
  return sheet === undefined ? where : `${sheet.toLowerCase()}!${where}`;
}
