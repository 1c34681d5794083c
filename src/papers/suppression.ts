/**
 * Small-number suppression for published tables (SPEC "Small numbers"; GSS practice): a count of
 * 1 to 4 is shown as [c], and further cells are suppressed ("secondary suppression") wherever a
 * total would otherwise let a reader work a suppressed count out.
 *
 * The model: a table is a set of cells and a set of additive "lines", each a list of member cells
 * and the cell holding their total (a row with its row total, a column with its column total, a
 * group of bands with its setting subtotal). A line gives away a suppressed member exactly when it
 * is the only suppressed cell in the line (total − the shown members = the hidden one). So every
 * line must hold either no suppressed cell or at least two. We repeat until that holds: in a line
 * with exactly one, suppress the smallest non-zero shown member (the least information lost),
 * else the line's total, else a shown zero.
 *
 * Worked example: a row [2, 7, 9] with total 18. Primary: 2 → [c]. The row now has one suppressed
 * cell, so the smallest other non-zero member, 7, is suppressed too: [c], [c], 9, total 18. The
 * column lines those two cells sit in are then checked in turn.
 *
 * Zeros are never suppressed for being small (a true zero discloses nothing about a person). This
 * guards single lines; it does not search for every linear combination across many lines, which
 * statistical disclosure tools do (τ-ARGUS) and is beyond a Forum paper.
 */

import { InternalError } from "../core/errors";
import { Shorthand } from "./text";

/** Counts from 1 to this are suppressed. */
export const SMALL_MAX = 4;

/** True for a count that must be suppressed on its own: 1 to 4. */
export function isSmallCount(count: number): boolean {
  return count >= 1 && count <= SMALL_MAX;
}

/** An additive line: the member cells and the cell that is their total (indexes into the counts). */
export interface SuppressionLine {
  readonly members: readonly number[];
  readonly total: number;
}

/** Which cells to show as [c], and why. */
export interface Suppression {
  /** True where the cell is shown as [c]. */
  readonly suppressed: readonly boolean[];
  /** True where the cell is itself a count of 1–4. */
  readonly primary: readonly boolean[];
}

/**
 * Decide which cells to suppress.
 *
 * @param counts Every cell's count, members and totals alike.
 * @param lines The additive lines between them.
 * @param enabled False turns suppression off (nothing suppressed).
 * @example suppress([2, 7, 9, 18], [{ members: [0, 1, 2], total: 3 }]).suppressed // [true, true, false, false]
 */
export function suppress(
  counts: readonly number[],
  lines: readonly SuppressionLine[],
  enabled = true,
): Suppression {
  const primary = counts.map((c) => enabled && isSmallCount(c));
  const suppressed = [...primary];
  if (!enabled) return { suppressed, primary };
  for (const line of lines) {
    for (const i of [...line.members, line.total]) {
      if (i < 0 || i >= counts.length) throw new InternalError(`Suppression line refers to cell ${i}`);
    }
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const all = [...line.members, line.total];
      const hidden = all.filter((i) => suppressed[i]).length;
      if (hidden !== 1) continue;
      const pick = secondaryPick(counts, suppressed, line);
      if (pick === undefined) continue; // nothing else in the line to hide (a one-cell line)
      suppressed[pick] = true;
      changed = true;
    }
  }
  return { suppressed, primary };
}

/** The cell to hide alongside a line's single suppressed cell. */
function secondaryPick(
  counts: readonly number[],
  suppressed: readonly boolean[],
  line: SuppressionLine,
): number | undefined {
  let best: number | undefined;
  for (const i of line.members) {
    if (suppressed[i] || counts[i] <= 0) continue;
    if (best === undefined || counts[i] < counts[best]) best = i;
  }
  if (best !== undefined) return best;
  if (!suppressed[line.total]) return line.total;
  return line.members.find((i) => !suppressed[i]);
}

/** Result of suppressing a two-way table with row totals, column totals and a grand total. */
export interface TwoWaySuppression {
  readonly cells: readonly (readonly boolean[])[];
  readonly rowTotals: readonly boolean[];
  readonly colTotals: readonly boolean[];
  readonly grand: boolean;
}

/**
 * Suppress a two-way table of counts (rows × columns) together with its margins: each row with its
 * row total, each column with its column total, the row totals with the grand total and the
 * column totals with the grand total.
 *
 * @param interior counts[row][col]; every row the same length.
 * @param enabled False turns suppression off.
 */
export function suppressTwoWay(interior: readonly (readonly number[])[], enabled = true): TwoWaySuppression {
  const rows = interior.length;
  const cols = rows ? interior[0].length : 0;
  const counts: number[] = [];
  const cell = (r: number, c: number): number => r * cols + c;
  for (const row of interior) {
    if (row.length !== cols) throw new InternalError("suppressTwoWay: ragged table");
    counts.push(...row);
  }
  const rowTotal = (r: number): number => rows * cols + r;
  const colTotal = (c: number): number => rows * cols + rows + c;
  const grand = rows * cols + rows + cols;
  for (let r = 0; r < rows; r++) counts.push(interior[r].reduce((s, v) => s + v, 0));
  for (let c = 0; c < cols; c++) counts.push(interior.reduce((s, row) => s + row[c], 0));
  counts.push(counts.slice(0, rows * cols).reduce((s, v) => s + v, 0));
  const lines: SuppressionLine[] = [];
  for (let r = 0; r < rows; r++)
    lines.push({ members: range(cols).map((c) => cell(r, c)), total: rowTotal(r) });
  for (let c = 0; c < cols; c++)
    lines.push({ members: range(rows).map((r) => cell(r, c)), total: colTotal(c) });
  lines.push({ members: range(rows).map(rowTotal), total: grand });
  lines.push({ members: range(cols).map(colTotal), total: grand });
  const { suppressed } = suppress(counts, lines, enabled);
  return {
    cells: range(rows).map((r) => range(cols).map((c) => suppressed[cell(r, c)])),
    rowTotals: range(rows).map((r) => suppressed[rowTotal(r)]),
    colTotals: range(cols).map((c) => suppressed[colTotal(c)]),
    grand: suppressed[grand],
  };
}

/** Result of suppressing groups of counts with group subtotals and a grand total. */
export interface GroupSuppression {
  readonly cells: readonly (readonly boolean[])[];
  readonly groupTotals: readonly boolean[];
  readonly grand: boolean;
}

/**
 * Suppress counts arranged in groups (bands within settings), each group with its subtotal and
 * the subtotals with a grand total.
 *
 * @param groups counts[group][member]; groups may differ in length.
 */
export function suppressGroups(groups: readonly (readonly number[])[], enabled = true): GroupSuppression {
  const counts: number[] = [];
  const index: number[][] = groups.map((g) => g.map((v) => counts.push(v) - 1));
  const subtotal = groups.map((g) => counts.push(g.reduce((s, v) => s + v, 0)) - 1);
  const grand = counts.push(groups.reduce((s, g) => s + g.reduce((t, v) => t + v, 0), 0)) - 1;
  const lines: SuppressionLine[] = groups.map((_, g) => ({ members: index[g], total: subtotal[g] }));
  lines.push({ members: subtotal, total: grand });
  const { suppressed } = suppress(counts, lines, enabled);
  return {
    cells: index.map((ids) => ids.map((i) => suppressed[i])),
    groupTotals: subtotal.map((i) => suppressed[i]),
    grand: suppressed[grand],
  };
}

/**
 * Suppress one list of counts that adds up to a total (a column with its total row).
 */
export function suppressList(
  counts: readonly number[],
  enabled = true,
): { cells: boolean[]; total: boolean } {
  const all = [...counts, counts.reduce((s, v) => s + v, 0)];
  const { suppressed } = suppress(all, [{ members: range(counts.length), total: counts.length }], enabled);
  return { cells: suppressed.slice(0, counts.length), total: suppressed[counts.length] };
}

/** The value to show: the count, or [c] when suppressed. */
export function shownCount(count: number, suppressed: boolean): number | string {
  return suppressed ? Shorthand.suppressed : count;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
