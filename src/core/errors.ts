/**
 * Spreadsheet errors are values; programmer mistakes throw.
 *
 * A calculation that meets bad input returns a {@link CellError}: the Excel error code it maps to
 * and a message that tells the user what to fix. The custom-function runner turns it into a
 * `CustomFunctions.Error`; the papers and the explain view show the same message, so the cell, the
 * pane and the docs say the same words. Messages are built here (and in the per-module catalogues
 * that call these builders), never inline in a calculation.
 */

/** The Excel errors our functions return, per the SPEC conventions. */
export const ErrorCode = {
  /** Wrong type: text where a number is needed, a range where one value is needed. */
  value: "#VALUE!",
  /** A band, setting or key that is not in the table given. */
  notAvailable: "#N/A",
  /** An impossible value: negative hours, an end before its start, an infeasible transfer. */
  number: "#NUM!",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error as a value: what Excel shows (`code`) and what to fix (`message`). */
export class CellError {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
  ) {}

  toString(): string {
    return `${this.code} ${this.message}`;
  }
}

export function isCellError(value: unknown): value is CellError {
  return value instanceof CellError;
}

/** A value or the error that explains why there is none. */
export type Result<T> = T | CellError;

/** Thrown only for misuse of an internal API (a bug), never for user input. */
export class InternalError extends Error {
  override name = "InternalError";
}

/** Quote a user's value for a message, short enough for a cell tooltip. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "an empty cell";
  if (typeof value === "string") {
    const text = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `"${text}"`;
  }
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "a value that is not a number";
    if (!Number.isFinite(value)) return "an infinite value";
    return String(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (Array.isArray(value)) return "a range";
  return "a value of an unexpected kind";
}

/**
 * The general message catalogue. Module-specific messages (banding, transfers, trajectory) are
 * built from these so they keep one voice: "<what> <is wrong>; <how to fix it>."
 */
export const Errors = {
  notANumber: (param: string, got: unknown, example: string): CellError =>
    new CellError(
      ErrorCode.value,
      `${param} must be a number; got ${describeValue(got)}. Enter a number such as ${example}.`,
    ),
  notText: (param: string, got: unknown, example: string): CellError =>
    new CellError(
      ErrorCode.value,
      `${param} must be text; got ${describeValue(got)}. Enter text such as ${example}.`,
    ),
  notADate: (param: string, got: unknown): CellError =>
    new CellError(
      ErrorCode.value,
      `${param} must be a date; got ${describeValue(got)}. Enter a date cell, or text such as 01/09/2025 or 1 Sept 2025.`,
    ),
  required: (param: string): CellError =>
    new CellError(ErrorCode.value, `${param} is required; the cell or argument is empty.`),
  negative: (param: string, got: number): CellError =>
    new CellError(ErrorCode.number, `${param} cannot be negative; got ${got}. Enter zero or more.`),
  notPositive: (param: string, got: number): CellError =>
    new CellError(ErrorCode.number, `${param} must be more than zero; got ${got}.`),
  outOfRange: (param: string, got: number, range: string): CellError =>
    new CellError(ErrorCode.number, `${param} must be ${range}; got ${got}.`),
  notOneOf: (param: string, got: unknown, allowed: readonly string[]): CellError =>
    new CellError(
      ErrorCode.value,
      `${param} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}; got ${describeValue(got)}.`,
    ),
  notFound: (what: string, got: unknown, where: string, available: readonly string[]): CellError => {
    const list = available.slice(0, 8).join(", ") + (available.length > 8 ? ", ..." : "");
    return new CellError(
      ErrorCode.notAvailable,
      `${what} ${describeValue(got)} is not in ${where}. Use one of: ${list || "(the table is empty)"}.`,
    );
  },
  shape: (param: string, detail: string): CellError =>
    new CellError(ErrorCode.value, `${param} has the wrong shape: ${detail}.`),
  endBeforeStart: (start: string, end: string): CellError =>
    new CellError(
      ErrorCode.number,
      `The end date ${end} is before the start date ${start}; check the two dates.`,
    ),
} as const;
