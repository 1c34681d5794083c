/**
 * The checks every calculation makes on an amount, and the one percent ↔ fraction conversion, kept
 * here once so each module's messages say the same words (transfers.ts, protections.ts, and the
 * build options above core).
 *
 * Why a conversion needs a function: `x / 100` in binary floating point leaves a tail on many
 * decimals (10.8 / 100 is 0.10800000000000001), and `0.0164 * 100` is 1.6400000000000001. Excel
 * promises 15 significant digits, so both directions round to 15 and the tail is gone:
 * {@link percentToFraction}(10.8) is exactly 0.108 and {@link fractionToPercent}(0.0164) is 1.64.
 */

import { CellError, ErrorCode, Errors } from "./errors";
import { formatPounds } from "./money";

// A local alias: checkAmount runs once per school in transfers' hot loops, and a global lookup
// (Number.isFinite) costs several times more in sandboxed hosts such as Jest's vm contexts.
const finite = Number.isFinite;

/**
 * The largest amount or count we accept, £1 trillion: far above any Schools Block (LA 353's is
 * £275m), and small enough that sums in whole pence stay exact in a double (2^53 pence ≈ £90tn).
 */
export const MAX_VALUE = 1e12;

/**
 * An amount beyond any real school budget, usually pence or a pasted total in the wrong cell.
 *
 * @param param What the value is, as a sentence starts: "The transfer".
 * @param value The value given.
 * @returns A `#NUM!` error naming the limit and the likely slip.
 * @example tooLarge("The transfer", 5e12).message // "The transfer is too large (5000000000000); the most accepted is £1,000,000,000,000. …"
 */
export function tooLarge(param: string, value: number): CellError {
  return new CellError(
    ErrorCode.number,
    `${param} is too large (${value}); the most accepted is ${formatPounds(MAX_VALUE, false)}. Check that it is in cash £, not pence.`,
  );
}

/**
 * A finite, non-negative number no larger than {@link MAX_VALUE}, or the error that says what to fix.
 *
 * @param param What the value is, as a sentence starts: "The number of pupils".
 * @param value The value to check (£ or a count).
 * @param example A value to suggest in the message, e.g. "420".
 * @returns undefined when the value is usable; else `#VALUE!` (not a number), or `#NUM!` (negative,
 *   or above {@link MAX_VALUE}).
 * @example checkAmount("The number of pupils", -3, "420")?.message // "The number of pupils cannot be negative; got -3. Enter zero or more."
 */
export function checkAmount(param: string, value: number, example: string): CellError | undefined {
  if (typeof value !== "number" || !finite(value)) return Errors.notANumber(param, value, example);
  if (value < 0) return Errors.negative(param, value);
  if (value > MAX_VALUE) return tooLarge(param, value);
  return undefined;
}

/** Excel's precision: the digits a conversion keeps, so no binary tail survives it. */
const SIGNIFICANT_DIGITS = 15;

/**
 * A percentage as the fraction Excel holds: 0.5 → 0.005, 10.8 → 0.108 (exactly), −2 → −0.02.
 *
 * @param percent The percentage (the number before the % sign).
 * @returns The fraction, rounded to 15 significant digits; a non-finite input is returned as it is.
 * @example percentToFraction(0.5) // 0.005
 */
export function percentToFraction(percent: number): number {
  if (!Number.isFinite(percent)) return percent;
  return Number((percent / 100).toPrecision(SIGNIFICANT_DIGITS));
}

/**
 * A fraction as the percentage people type: 0.005 → 0.5, 0.0164 → 1.64 (exactly).
 *
 * @param fraction The fraction (0.005 is 0.5%).
 * @returns The percentage, rounded to 15 significant digits; a non-finite input is returned as it is.
 * @example fractionToPercent(0.0164) // 1.64
 */
export function fractionToPercent(fraction: number): number {
  if (!Number.isFinite(fraction)) return fraction;
  return Number((fraction * 100).toPrecision(SIGNIFICANT_DIGITS));
}
