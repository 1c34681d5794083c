/**
 * Turning what Excel passes a custom function into typed values, one rule per parameter kind.
 *
 * Excel hands a `any[][]` parameter a matrix even for one cell (`[[5]]`); an omitted optional
 * argument arrives as null or undefined, and an empty cell as null or "" depending on the host.
 * All three count as "omitted" here, so a blank cell in a spilled column takes the default.
 */

import { CellError, ErrorCode, Errors, isCellError, type Result } from "../core/errors";
import { parseUkNumber, isBlank } from "../core/values";
import { toSerial, parseYearLabel, fyStartYear, type Serial } from "../core/dates";

/**
 * How a single value is read: "number" (numbers and UK number text), "text", "date" (a serial or UK
 * date text), "any" (passed through for core to read), "years" (a whole number of years) and
 * "financialYear" (a year, a year label or a date; see {@link coerceStartYear}).
 */
export type ScalarKind = "number" | "text" | "date" | "any" | "years" | "financialYear";

/**
 * How a whole range is read (whole-range functions only): "table" the matrix as given; "vector"
 * one row or column of numbers, blanks not allowed; "vectorWithBlanks" one row or column where a
 * blank cell means "none" (caps); "series" one number or one row or column of numbers (per year).
 */
export type RangeKind = "table" | "vector" | "vectorWithBlanks" | "series";

/** Every parameter kind the function table uses. */
export type ParamKind = ScalarKind | RangeKind;

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
export function isSingle(matrix: Matrix): boolean {
  return matrix.length === 1 && matrix[0].length === 1;
}

/** A number from a cell: numbers, and UK-styled text such as "£1,234" or "0.5%". */
export function coerceNumber(value: unknown, param: string, example = "1234.50"): Result<number> {
  const number = parseUkNumber(value);
  if (number !== undefined) return number;
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
  const serial = toSerial(value);
  return serial === undefined ? Errors.notADate(param, value) : serial;
}

/**
 * A whole number of years (a projection's length): a number, or number text, with no fraction.
 * @example coerceYears(2.5, "years") // #NUM! "years must be a whole number of years; got 2.5."
 */
export function coerceYears(value: unknown, param: string, example = "5"): Result<number> {
  const years = coerceNumber(value, param, example);
  if (isCellError(years)) return years;
  if (!Number.isInteger(years))
    return new CellError(ErrorCode.number, `${param} must be a whole number of years; got ${years}.`);
  return years;
}

/**
 * One non-blank value read by its kind; `example` is the value the "not a number" or "not text"
 * message suggests (each coercion's own example when undefined).
 */
export function coerceScalar(
  kind: ScalarKind,
  value: unknown,
  param: string,
  example?: string,
): Result<unknown> {
  switch (kind) {
    case "number":
      return coerceNumber(value, param, example);
    case "text":
      return coerceText(value, param, example);
    case "date":
      return coerceDate(value, param);
    case "any":
      return value;
    case "years":
      return coerceYears(value, param, example);
    case "financialYear":
      return coerceStartYear(value, param);
  }
}

/**
 * A per-year series: a single value (the same every year, or a first-year figure) or one row or
 * one column of values. Blank cells inside a series are a mistake to report, not zeros.
 */
export function coerceSeries(value: unknown, param: string): Result<number | number[] | undefined> {
  const matrix = asMatrix(value);
  if (matrix === null) return undefined;
  if (isSingle(matrix)) {
    if (isOmitted(matrix[0][0])) return undefined;
    return coerceNumber(matrix[0][0], param);
  }
  const cells = flatVector(matrix);
  if (cells === undefined)
    return Errors.shape(
      param,
      `it is ${matrix.length} rows by ${matrix[0].length} columns; give one row or one column, one value per year`,
    );
  const out: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    if (isOmitted(cells[i])) {
      return new CellError(
        "#VALUE!",
        `${param} has an empty cell at position ${i + 1}; enter 0 where there is nothing for that year.`,
      );
    }
    const number = coerceNumber(cells[i], `${param} (position ${i + 1})`);
    if (isCellError(number)) return number;
    out.push(number);
  }
  return out;
}

/** One column (or row) of numbers, blanks not allowed, as a list. */
export function coerceVector(value: unknown, param: string): Result<number[] | undefined> {
  const series = coerceSeries(value, param);
  if (isCellError(series) || series === undefined) return series;
  return typeof series === "number" ? [series] : series;
}

/** The cells of a one-row or one-column matrix, in order; undefined for any other shape. */
export function flatVector(matrix: Matrix): unknown[] | undefined {
  if (matrix.length === 1) return [...matrix[0]];
  if (matrix.every((row) => row.length === 1)) return matrix.map((row) => row[0]);
  return undefined;
}

/**
 * One row or column of numbers where a blank cell means "none" (undefined), e.g. caps. Undefined
 * when the argument is omitted or every cell is blank.
 */
export function coerceVectorWithBlanks(
  value: unknown,
  param: string,
): Result<(number | undefined)[] | undefined> {
  const matrix = asMatrix(value);
  if (matrix === null) return undefined;
  const cells = flatVector(matrix);
  if (cells === undefined) return Errors.shape(param, "give one row or one column");
  const out: (number | undefined)[] = [];
  for (let i = 0; i < cells.length; i++) {
    if (isOmitted(cells[i])) {
      out.push(undefined);
      continue;
    }
    const number = coerceNumber(cells[i], `${param} (position ${i + 1})`);
    if (isCellError(number)) return number;
    out.push(number);
  }
  return out.every((cell) => cell === undefined) ? undefined : out;
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
