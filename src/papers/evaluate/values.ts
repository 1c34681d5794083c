/**
 * The values a formula works with, and Excel's rules for turning one kind into another: what a
 * blank, a TRUE or a text is as a number, how two values compare, how ROUND rounds and how a
 * number is written as text.
 *
 * Excel's errors are values here too ({@link ExcelError}): `1/0` gives #DIV/0!, and an error met
 * by an operator or a function passes on unchanged, as it does in Excel. A formula this evaluator
 * cannot evaluate faithfully (a function it does not know, an argument form the papers never
 * write) is not an Excel error but {@link UnsupportedFormula}, thrown, so a caller can tell "the
 * paper's formula gives #N/A" from "we cannot say what Excel would give".
 */

/** The Excel error values a formula can give. */
export type ErrorCode = "#NULL!" | "#DIV/0!" | "#VALUE!" | "#REF!" | "#NAME?" | "#NUM!" | "#N/A";

/** An Excel error as a value: what the cell would show. */
export class ExcelError {
  constructor(readonly code: ErrorCode) {}

  toString(): string {
    return this.code;
  }
}

/** One instance per code: errors are compared by code, never by identity. */
export const Errors = {
  div0: new ExcelError("#DIV/0!"),
  value: new ExcelError("#VALUE!"),
  ref: new ExcelError("#REF!"),
  name: new ExcelError("#NAME?"),
  num: new ExcelError("#NUM!"),
  na: new ExcelError("#N/A"),
  null: new ExcelError("#NULL!"),
} as const;

/** The error value written as `text` in a formula ("#N/A"), or undefined when it is not one. */
export function errorOfText(text: string): ExcelError | undefined {
  return Object.values(Errors).find((e) => e.code === text.toUpperCase());
}

/** Thrown for a formula outside what this evaluator implements; the message says what. */
export class UnsupportedFormula extends Error {
  override name = "UnsupportedFormula";
}

/** One cell's value: a number, text, TRUE/FALSE, an error, or null for an empty cell. */
export type Scalar = number | string | boolean | null | ExcelError;

/**
 * A rectangle of values: what a range reference such as `C6:C20` gives, and what an operator gives
 * inside SUMPRODUCT when one side is a range. Row-major and flat, so a 10,000-row column is one
 * array.
 */
export class Grid {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly values: readonly Scalar[],
  ) {}

  private folded?: readonly Scalar[];
  private errorPosition?: number;
  private positionsByValue?: Map<string, number[]>;

  at(row: number, col: number): Scalar {
    return this.values[row * this.cols + col];
  }

  /**
   * The values with every text lower-cased, for comparing ignoring case: worked out once per
   * grid, since one range is compared with a value by many formulas (`--(names=A180)` on each
   * row of a summary).
   */
  foldedValues(): readonly Scalar[] {
    this.folded ??= this.values.map((v) => (typeof v === "string" ? v.toLowerCase() : v));
    return this.folded;
  }

  /** The position (row-major) of the first error value, or −1 when there is none. */
  firstError(): number {
    this.errorPosition ??= this.values.findIndex(isError);
    return this.errorPosition;
  }

  /**
   * The positions (row-major, ascending) of the cells that `=` finds equal to `target`: text
   * ignoring case, and an empty cell equal to "", 0 and FALSE (and to an empty target). The
   * positions of each value are listed once per grid, so comparing one column with each of 300
   * names costs one pass over the column, not 300.
   */
  positionsEqual(target: number | string | boolean | null): readonly number[] {
    if (!this.positionsByValue) {
      const byValue = new Map<string, number[]>();
      this.values.forEach((value, position) => {
        const key = equalityKey(value);
        if (key === undefined) return;
        const list = byValue.get(key);
        if (list) list.push(position);
        else byValue.set(key, [position]);
      });
      this.positionsByValue = byValue;
    }
    const byValue = this.positionsByValue;
    const targetKey = equalityKey(target) as string;
    // An empty cell equals "", 0 and FALSE; an empty target equals all of those and empty cells.
    const alike =
      target === null
        ? [BLANK_KEY, equalityKey("") as string, equalityKey(0) as string, equalityKey(false) as string]
        : target === "" || target === 0 || target === false
          ? [targetKey, BLANK_KEY]
          : [targetKey];
    const lists = alike.map((key) => byValue.get(key) ?? []);
    return lists.length === 1 ? lists[0] : lists.flat().sort((x, y) => x - y);
  }
}

const BLANK_KEY = "blank";

/** A key under which `=` finds two non-error values equal: kind, then the value (text lower-cased). */
function equalityKey(value: Scalar): string | undefined {
  if (value === null) return BLANK_KEY;
  if (typeof value === "number") return `n${value === 0 ? 0 : value}`;
  if (typeof value === "string") return `s${value.toLowerCase()}`;
  if (typeof value === "boolean") return `b${value}`;
  return undefined;
}

/** What evaluating an expression gives: one value, or a grid of them. */
export type Value = Scalar | Grid;

export const isError = (value: unknown): value is ExcelError => value instanceof ExcelError;
export const isGrid = (value: Value): value is Grid => value instanceof Grid;

// Text Excel reads as a number in arithmetic: optional sign, digits with an optional point, an
// optional exponent, spaces around. ✓ "12", " -3.5 ", "1e3", ".5" ✗ "", "12abc", "0x1F", "Infinity".
// (Excel also reads "1,000", "£5" and "10%" and dates; no paper formula turns such text into a
// number, so they are #VALUE! here rather than guessed.)
const NUMERIC_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A value as a number, as Excel's arithmetic reads it: blank 0, TRUE 1, numeric text its number. */
export function toNumber(value: Scalar): number | ExcelError {
  if (value === null) return 0;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") return NUMERIC_TEXT.test(value) ? Number(value) : Errors.value;
  return value;
}

/** A value as text, as `&` writes it: blank "", TRUE "TRUE", a number in Excel's General format. */
export function toText(value: Scalar): string | ExcelError {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") return generalText(value);
  return value;
}

/**
 * A number as Excel's General format writes it in text: at most 15 significant digits (1/3 is
 * "0.333333333333333"), no trailing zeros, an exponent as "1E+21" for very large or small numbers.
 */
export function generalText(value: number): string {
  if (value === 0) return "0";
  const shown = Number(value.toPrecision(15));
  const text = String(shown);
  return text.includes("e") ? text.replace("e", "E") : text;
}

/**
 * A value as a condition, as IF, AND and OR read it: a number is TRUE unless 0, blank is FALSE,
 * text is #VALUE!.
 */
export function toBoolean(value: Scalar): boolean | ExcelError {
  if (value === null) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "string") return Errors.value;
  return value;
}

/** Excel sorts kinds in this order when two values of different kinds are compared. */
function kindRank(value: number | string | boolean): number {
  return typeof value === "number" ? 0 : typeof value === "string" ? 1 : 2;
}

/**
 * Compare two non-error values as Excel's `=`, `<` and `>` do: −1, 0 or 1. A blank is 0 beside a
 * number, "" beside text and FALSE beside TRUE/FALSE; any number sorts before any text, any text
 * before FALSE; text compares ignoring case ("abc" = "ABC").
 * (Excel orders text by its own collation; this orders lower-cased text by code unit, which agrees
 * for the equality the papers test and for plain ASCII order.)
 */
export function compareValues(
  left: number | string | boolean | null,
  right: number | string | boolean | null,
): number {
  return compareFolded(
    typeof left === "string" ? left.toLowerCase() : left,
    typeof right === "string" ? right.toLowerCase() : right,
  );
}

/** {@link compareValues} for values whose texts are already lower-cased. */
export function compareFolded(
  left: number | string | boolean | null,
  right: number | string | boolean | null,
): number {
  const a = left === null ? blankBeside(right) : left;
  const b = right === null ? blankBeside(left) : right;
  if (typeof a !== typeof b) return Math.sign(kindRank(a) - kindRank(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What an empty cell is when compared with `other`: "", FALSE or 0. */
function blankBeside(other: number | string | boolean | null): number | string | boolean {
  return typeof other === "string" ? "" : typeof other === "boolean" ? false : 0;
}

/** A number result, or #NUM! where Excel's arithmetic overflows (it has no Infinity or NaN). */
export function finite(value: number): number | ExcelError {
  return Number.isFinite(value) ? value : Errors.num;
}

// ---------------------------------------------------------------------------------------------
// Rounding

/** Significant digits Excel keeps of a number: a double is shown, and rounded, as 15 digits. */
const EXCEL_DIGITS = 15;

/**
 * Excel's ROUND(value, digits): half away from zero at `digits` decimal places (negative digits
 * round to tens, hundreds…; a fractional `digits` is truncated toward zero, as Excel does).
 *
 * Excel rounds the decimal number it shows, the double written to 15 significant digits, not the
 * double's exact binary value. 4.5 × 1,044.85 is held as 4701.82499999999981810106…, which to 15
 * digits is 4701.82500000000; the digit after the pennies is 5, so ROUND(…, 2) is 4701.83 (the
 * binary value would give 4701.82). The rounding is done on those digits as text: keep the digits
 * up to the place, add one to the last kept digit when the next digit is 5 or more, carrying.
 *
 * @example excelRound(4.5 * 1044.85, 2) === 4701.83
 * @example excelRound(-1.475, 2) === -1.48
 * @example excelRound(626.3, -3) === 1000
 */
export function excelRound(value: number, digits: number): number {
  if (!Number.isFinite(value) || value === 0) return value === 0 ? 0 : value;
  const places = Math.trunc(digits);
  // Already a whole number of units of 10^-places (pennies, mostly): when value × 10^places comes
  // out whole in doubles, value is within a few units in the last place of that many units, closer
  // than 15 significant digits can tell apart, so Excel keeps it. Skips the text work below.
  if (places >= 0 && places <= 15) {
    const scale = 10 ** places;
    const scaled = value * scale;
    if (Number.isInteger(scaled) && Math.abs(scaled) < Number.MAX_SAFE_INTEGER) return scaled / scale;
  }
  // "4.70182500000000e+3": 15 significant digits and the power of ten of the first one.
  const [mantissa, exponentText] = Math.abs(value)
    .toExponential(EXCEL_DIGITS - 1)
    .split("e");
  const significant = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  // How many of the 15 digits lie before the place rounded to: 4701.825 to 2 places keeps 6.
  const kept = exponent + 1 + places;
  if (kept >= EXCEL_DIGITS) return value; // nothing beyond the place to round away
  if (kept < 0) return 0; // the first digit lies two or more places past the rounding place
  let digitsKept = significant.slice(0, kept);
  if (significant.charCodeAt(kept) >= 53 /* "5" */) digitsKept = addOne(digitsKept);
  if (digitsKept === "" || /^0*$/.test(digitsKept)) return 0;
  // The kept digits are a whole number of units of 10^-places: "470183" × 10^-2.
  const rounded = Number(`${digitsKept}e${-places}`);
  return value < 0 ? -rounded : rounded;
}

/** A string of decimal digits plus one, carrying: "4799" → "4800", "99" → "100", "" → "1". */
function addOne(digits: string): string {
  let carry = true;
  let out = "";
  for (let i = digits.length - 1; i >= 0; i--) {
    const digit: number = digits.charCodeAt(i) - 48 + (carry ? 1 : 0);
    carry = digit === 10;
    out = String(carry ? 0 : digit) + out;
  }
  return carry ? `1${out}` : out;
}

/**
 * TEXT(value, format) for the formats the papers write: "0", "0.0", "0.00"…, the same with "%"
 * (the value × 100), and "#,##0" or "#,##0.00" (thousands separated by commas), each optionally
 * after a "£". Other formats throw {@link UnsupportedFormula}.
 * @example formatText(0.0125, "0.0%") === "1.3%"
 */
export function formatText(value: number, format: string): string {
  // ✓ "0", "0.00", "0.0%", "#,##0", "£#,##0.00" ✗ "dd/mm/yyyy", "0.0;(0.0)", "General"
  const match = /^(£?)(#,##)?0(?:\.(0+))?(%?)$/.exec(format);
  if (!match) throw new UnsupportedFormula(`TEXT with the format "${format}"`);
  const [, currency, grouping, decimals, percent] = match;
  const places = decimals?.length ?? 0;
  const rounded = excelRound(percent ? value * 100 : value, places);
  let text = Math.abs(rounded).toFixed(places);
  if (grouping) {
    const [whole, fraction] = text.split(".");
    text = whole.replace(/\B(?=(\d{3})+$)/g, ",") + (fraction === undefined ? "" : `.${fraction}`);
  }
  return `${rounded < 0 ? "-" : ""}${currency}${text}${percent}`;
}
