/**
 * What a column holds, from its values alone: the share of dates, money amounts, whole numbers,
 * codes and words, how many values differ, and the range of its numbers. Matching scores a header
 * by its words; the profile says whether the column's content can be that field at all (a
 * "Start" column of names is no start date; a "Budget" column of words is no budget).
 */

import { toSerial } from "../core/dates";
import { isBlank, parseUkNumber } from "../core/values";
import type { FieldType } from "./datasets";
import type { DetectedTable, SheetView } from "./detect";
import type { TableMatch } from "./match";
import type { SheetSnapshot, SnapshotValue } from "./snapshot";

/** A column's content, over its first {@link PROFILE_ROWS} non-empty cells below the header. */
export interface ColumnProfile {
  /** Non-empty cells looked at. */
  readonly cells: number;
  /** Shares of `cells`, 0–1 (a cell may count in several: 2026 is an integer and a code). */
  readonly dates: number;
  /** Numbers, as numbers or UK number text, not shown as dates. */
  readonly numbers: number;
  /** Whole numbers among them (counts, pupils, URNs). */
  readonly integers: number;
  /** Short tokens with a digit and no spaces ("EHC020001", "1.2.1", "E_SAC", "8732100"). */
  readonly codes: number;
  /** Text that is neither a number nor a date. */
  readonly text: number;
  /** Numbers not shown as dates that could be date serials (1927–2119): a date column read raw. */
  readonly serialLike: number;
  /** Distinct values ÷ cells (1 for a key column, near 0 for a setting or band column). */
  readonly distinct: number;
  /** Smallest and largest number, when there are numbers. */
  readonly min?: number;
  readonly max?: number;
}

/** How many non-empty cells a profile looks at. */
export const PROFILE_ROWS = 200;
/** Date serials from 1927 to 2119: a number in this range may be a date whose format was lost. */
const SERIAL_MIN = 10000;
const SERIAL_MAX = 80000;
const CODE = /^[A-Za-z0-9_./-]*\d[A-Za-z0-9_./-]*$/;

/**
 * The profile of column `col` of a detected table.
 *
 * @example profileColumn(view, table, 3).dates // 1 for a column of start dates
 */
export function profileColumn(view: SheetView, table: DetectedTable, col: number): ColumnProfile {
  return profileCells(
    table.headerRow + 1,
    table.lastRow,
    (r) => view.value(r, col),
    (r) => view.isDateCell(r, col),
  );
}

/**
 * The profile of a column read straight from a sheet's cells (no detection needed: the pane's
 * Sources step shows it beside each field). Rows are 0-based and inclusive.
 *
 * @example profileSheetColumn(sheet, 4, 120, 2).numbers // 1 for a column of amounts
 */
export function profileSheetColumn(
  sheet: SheetSnapshot,
  firstRow: number,
  lastRow: number,
  col: number,
): ColumnProfile {
  return profileCells(
    firstRow,
    Math.min(lastRow, sheet.cells.length - 1),
    (r) => sheet.cells[r]?.[col] ?? null,
    (r) => sheet.dateCells?.has(`${r},${col}`) ?? false,
  );
}

function profileCells(
  firstRow: number,
  lastRow: number,
  valueAt: (row: number) => SnapshotValue,
  isDateCell: (row: number) => boolean,
): ColumnProfile {
  let cells = 0;
  let dates = 0;
  let numbers = 0;
  let integers = 0;
  let codes = 0;
  let text = 0;
  let serialLike = 0;
  let min = Infinity;
  let max = -Infinity;
  const seen = new Set<string>();
  for (let r = firstRow; r <= lastRow && cells < PROFILE_ROWS; r++) {
    const v = valueAt(r);
    if (isBlank(v) || typeof v === "boolean") continue;
    cells++;
    seen.add(String(v).trim().toLowerCase());
    const shownAsDate = isDateCell(r);
    const n = parseUkNumber(v);
    const isDate = shownAsDate || (typeof v === "string" && n === undefined && toSerial(v) !== undefined);
    if (isDate) dates++;
    if (n !== undefined && !shownAsDate) {
      numbers++;
      if (Number.isInteger(n)) integers++;
      if (n >= SERIAL_MIN && n <= SERIAL_MAX) serialLike++;
      if (n < min) min = n;
      if (n > max) max = n;
    }
    const t = String(v).trim();
    if (CODE.test(t) && t.length <= 16) codes++;
    if (typeof v === "string" && n === undefined && !isDate) text++;
  }
  const share = (k: number): number => (cells === 0 ? 0 : k / cells);
  return {
    cells,
    dates: share(dates),
    numbers: share(numbers),
    integers: share(integers),
    codes: share(codes),
    text: share(text),
    serialLike: share(serialLike),
    distinct: share(seen.size),
    ...(numbers > 0 ? { min, max } : {}),
  };
}

/**
 * A profile in a few words, for a person: "12 cells: 100% numbers, distinct 92%, 1,200 to 88,000".
 * (`forum-papers inspect` and the pane's Sources step say it the same way.)
 */
export function describeProfile(p: ColumnProfile): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const shares = (
    [
      ["dates", p.dates],
      ["numbers", p.numbers],
      ["codes", p.codes],
      ["text", p.text],
    ] as const
  )
    .filter(([, share]) => share > 0)
    .map(([name, share]) => `${pct(share)} ${name}`);
  const range =
    p.min !== undefined && p.max !== undefined
      ? `, ${p.min.toLocaleString("en-GB")} to ${p.max.toLocaleString("en-GB")}`
      : "";
  return `${p.cells} cells: ${shares.join(", ") || "empty"}, distinct ${pct(p.distinct)}${range}`;
}

/**
 * How well a profile fits a field type, 0–1, or undefined where content cannot say (codes and text
 * take any value: a school may be named by its URN). Dates need dates; money, numbers and
 * percentages need numbers.
 */
export function contentFit(profile: ColumnProfile, type: FieldType): number | undefined {
  if (profile.cells < MIN_CELLS) return undefined;
  switch (type) {
    case "date":
      return Math.min(1, profile.dates + profile.serialLike);
    case "money":
    case "number":
    case "percent":
      return profile.numbers;
    default:
      return undefined;
  }
}

/** Fewer non-empty cells than this, and the content is not judged. */
const MIN_CELLS = 3;
/** A required field whose column fits its type less than this contradicts its header. */
const CONTRADICTS = 0.34;
/** The confidence kept by a match with a contradicted required field. */
const CONTRADICTED_FACTOR = 0.7;

/**
 * The matches with the content of each required field's column taken into account: a match whose
 * header words put a required date, money or number field on a column that holds almost none
 * loses confidence (×{@link CONTRADICTED_FACTOR}), with a note naming the column.
 *
 * @param fieldOf a match's field definition by key (DATASETS)
 */
export function withContentProfiles(
  views: readonly SheetView[],
  tables: readonly DetectedTable[],
  matches: readonly (readonly TableMatch[])[],
  fieldOf: (m: TableMatch, key: string) => { type: FieldType; required: boolean; label: string } | undefined,
): TableMatch[][] {
  return matches.map((row, t) => {
    // One profile a column, however many datasets put a field on it.
    const profiles = new Map<number, ColumnProfile>();
    const profileOf = (col: number): ColumnProfile => {
      let p = profiles.get(col);
      if (!p) {
        p = profileColumn(views[tables[t].sheetIndex], tables[t], col);
        profiles.set(col, p);
      }
      return p;
    };
    return row.map((m) => {
      if (m.confidence === 0) return m;
      for (const f of m.fields) {
        const def = fieldOf(m, f.field);
        if (!def?.required) continue;
        if (def.type !== "date" && def.type !== "money" && def.type !== "number" && def.type !== "percent")
          continue;
        const fit = contentFit(profileOf(f.column), def.type);
        if (fit === undefined || fit >= CONTRADICTS) continue;
        return {
          ...m,
          confidence: Math.round(m.confidence * CONTRADICTED_FACTOR * 1000) / 1000,
          notes: [
            ...m.notes,
            `Column "${f.header}" is headed like the ${def.label} but few of its cells are ${def.type === "date" ? "dates" : "numbers"} (${Math.round(fit * 100)}%), so the match is less sure.`,
          ],
        };
      }
      return m;
    });
  });
}
