/**
 * Whole-column arguments (`A:A`, `Bands!A:C`) are normal in Excel: the function is then handed
 * 1,048,576 rows, nearly all blank. Two things keep such calls as fast as an exact range:
 *
 * - **The blank tail is not evaluated.** Rows below the last row that holds anything in any
 *   broadcast argument are left off the result, so `=DSG.BANDCOST(A:A, Bands!A:C)` over 10,000
 *   filled rows costs the 10,000 rows plus one cheap backwards scan, and its spill ends at the
 *   register's last row: the cells below stay blank (not 1,038,576 `#VALUE!` cells) and Excel has
 *   nothing to write there. A blank row inside the register is still an error that says so.
 * - **A table is trimmed, then parsed once per distinct content.** A band table given as whole
 *   columns is cut at its last non-blank row before parsing, and the parsed table is kept in a small
 *   cache keyed by the trimmed content itself (not by position or time), so a recalculation that
 *   calls DSG.BANDCOST from many cells with the same table parses it once, and a changed table can
 *   never be served from the cache: its content, and so its key, differ.
 */

import { isBlank } from "../core/values";
import type { Matrix } from "./coerce";

/**
 * True when every cell of a row is blank (a missing cell counts as blank). Written out rather than
 * calling isBlank per cell: a whole-column argument runs this a million times per call, and the
 * common cell below a register is null.
 */
function blankRow(row: readonly unknown[] | undefined): boolean {
  if (!row) return true;
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (v === null || v === undefined || v === "") continue;
    if (!isBlank(v)) return false;
  }
  return true;
}

/**
 * The number of rows up to and including the last row with a non-blank cell (0 for an all-blank
 * matrix). Scans from the bottom, so a whole column with 10,000 filled rows costs one check per
 * blank row below them and nothing per filled row above the last.
 * @example usedRowCount([[1], [null], [""], [null]]) // 1
 */
export function usedRowCount(m: Matrix): number {
  let r = m.length;
  while (r > 0) {
    const row = m[r - 1];
    // The common case below a register, a one-cell row holding null, without a call.
    if (row !== undefined && row.length === 1 && row[0] === null) {
      r--;
      continue;
    }
    if (!blankRow(row)) break;
    r--;
  }
  return r;
}

/** A matrix without its trailing blank rows (the same matrix when it has none). */
export function trimTrailingBlankRows(m: Matrix): Matrix {
  const used = usedRowCount(m);
  return used === m.length ? m : m.slice(0, used);
}

/**
 * A content-keyed cache of parsed tables. The key is the table's content written out exactly
 * (JSON keeps 1 and "1", "" and null apart), so equal content gives the parse already made and any
 * change gives a new parse. Holds the few most recent tables: a recalculation typically uses one or
 * two band tables, and an entry for a whole-column table is its trimmed content, not a million rows.
 */
export class ContentCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity = 8) {}

  /** The value for this content, computing it on a miss. */
  get(scope: string, content: Matrix, compute: () => V): V {
    const key = `${scope}\u0000${JSON.stringify(content)}`;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Refresh its place as the most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /** How many tables it holds (for tests). */
  get size(): number {
    return this.entries.size;
  }
}
