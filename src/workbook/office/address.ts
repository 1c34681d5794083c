/**
 * A1 addresses for the Office adapter: rectangles, the addresses the Excel JavaScript API takes and
 * gives back, and rewriting sheet and table names inside formulas and references.
 *
 * Pure functions: nothing here talks to Excel, so every rule is tested without a host.
 * Rows and columns are zero-based, rectangles inclusive (as in SheetSpec and SheetSnapshot).
 */
import { areaA1, columnLetters, parseArea, readQuoted, sheetPrefix, splitRef } from "../../core/a1";
import type { CellRange } from "../../sources/snapshot";

/** A zero-based, inclusive rectangle of cells (the same shape as a snapshot's merge). */
export type Rect = CellRange;

/** Number of rows × columns of a rectangle. */
export function rectCells(rect: Rect): number {
  return (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1);
}

/** Whole columns "B:D" (zero-based first and last column). */
export function columnsAddress(first: number, last: number): string {
  return `${columnLetters(first)}:${columnLetters(last)}`;
}

/** Whole rows "6:8" (zero-based first and last row). */
export function rowsAddress(first: number, last: number): string {
  return `${first + 1}:${last + 1}`;
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
    if (ch === '"' || ch === "'") {
      // A string literal ("" for a quote inside it) is kept as it is; a quoted sheet name
      // ('' inside) before "!" is renamed. An unclosed quote runs to the end, kept as written.
      const quoted = readQuoted(formula, i);
      const end = quoted?.end ?? n;
      const to =
        ch === "'" && quoted && formula[end] === "!" ? sheets?.get(quoted.value.toLowerCase()) : undefined;
      if (to !== undefined) {
        out += sheetPrefix(to);
        i = end + 1;
      } else {
        out += formula.slice(i, end);
        i = end;
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
  const where = rect ? areaA1(rect) : area.replace(/\$/g, "").toUpperCase();
  return sheet === undefined ? where : `${sheet.toLowerCase()}!${where}`;
}
