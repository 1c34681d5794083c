/**
 * Turning what Excel passes a custom function into typed values, one rule per parameter kind.
 *
 * Excel hands a `any[][]` parameter a matrix even for one cell (`[[5]]`); an omitted optional
 * argument arrives as null or undefined, and an empty cell as null or "" depending on the host.
 * All three count as "omitted" here, so a blank cell in a spilled column takes the default.
 */

import { CellError, Errors, isCellError, type Result } from "../core/errors";
import { parseUkNumber, isBlank } from "../core/values";
import { toSerial, parseYearLabel, fyStartYear, type Serial } from "../core/dates";

/** How a parameter's cell values are read. */
export type ScalarKind = "number" | "text" | "date" | "any";

/** A 2-D matrix as Excel passes ranges. */
export type Matrix = readonly (readonly unknown[])[];

/** True for what Excel passes for an omitted argument or an empty cell. */
export function isOmitted(value: unknown): boolean {
  return isBlank(value);
}

/** A matrix from any argument: scalars become 1×1, null stays null (omitted). */
export function asMatrix(value: unknown): Matrix | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    return Array.isArray(value[0]) ? (value as Matrix) : [value];
  }
  return [[value]];
}

/** True when a matrix is a single cell (so it acts as a scalar). */
export function isSingle(m: Matrix): boolean {
  return m.length === 1 && m[0].length === 1;
}

/** A number from a cell: numbers, and UK-styled text such as "£1,234" or "0.5%". */
export function coerceNumber(value: unknown, param: string, example = "1234.50"): Result<number> {
  const n = parseUkNumber(value);
  if (n !== undefined) return n;
  return Errors.notANumber(param, value, example);
}

/** Text from a cell: numbers become their shortest text ("3", not "3.0"). */
export function coerceText(value: unknown, param: string, example = '"Mainstream"'): Result<string> {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return Errors.notText(param, value, example);
}

/** A date from a cell: an Excel serial, or UK date text. */
export function coerceDate(value: unknown, param: string): Result<Serial> {
  const s = toSerial(value);
  return s === undefined ? Errors.notADate(param, value) : s;
}

export function coerceScalar(kind: ScalarKind, value: unknown, param: string): Result<unknown> {
  switch (kind) {
    case "number":
      return coerceNumber(value, param);
    case "text":
      return coerceText(value, param);
    case "date":
      return coerceDate(value, param);
    case "any":
      return value;
  }
}

/**
 * A per-year series: a single value (the same every year, or a first-year figure) or one row or
 * one column of values. Blank cells inside a series are a mistake to report, not zeros.
 */
export function coerceSeries(value: unknown, param: string): Result<number | number[] | undefined> {
  const m = asMatrix(value);
  if (m === null) return undefined;
  if (isSingle(m)) {
    if (isOmitted(m[0][0])) return undefined;
    return coerceNumber(m[0][0], param);
  }
  let cells: unknown[];
  if (m.length === 1) cells = [...m[0]];
  else if (m.every((row) => row.length === 1)) cells = m.map((row) => row[0]);
  else
    return Errors.shape(
      param,
      `it is ${m.length} rows by ${m[0].length} columns; give one row or one column, one value per year`,
    );
  const out: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    if (isOmitted(cells[i])) {
      return new CellError(
        "#VALUE!",
        `${param} has an empty cell at position ${i + 1}; enter 0 where there is nothing for that year.`,
      );
    }
    const n = coerceNumber(cells[i], `${param} (position ${i + 1})`);
    if (isCellError(n)) return n;
    out.push(n);
  }
  return out;
}

/** One column (or row) of numbers, blanks not allowed, as a list. */
export function coerceVector(value: unknown, param: string): Result<number[] | undefined> {
  const s = coerceSeries(value, param);
  if (isCellError(s) || s === undefined) return s;
  return typeof s === "number" ? [s] : s;
}

/**
 * A start year for a trajectory: a year number (2026), a label ("2026-27", "FY2026/27"), or a date
 * (the financial year containing it).
 */
export function coerceStartYear(value: unknown, param: string): Result<number | undefined> {
  if (isOmitted(value)) return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value >= 1900 && value <= 2999) return value;
  if (typeof value === "string") {
    const label = parseYearLabel(value);
    if (label) return label.startYear;
  }
  const serial = toSerial(value);
  if (serial !== undefined) return fyStartYear(serial);
  return new CellError(
    "#VALUE!",
    `${param} must be a financial year such as "2026-27", a year such as 2026, or a date; got ${JSON.stringify(value)}.`,
  );
}
