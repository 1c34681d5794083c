/**
 * Money: cash pounds as plain numbers, rounded half-up to the penny with decimal-correct results.
 *
 * We keep pounds (not pence) because that is what a council's workbook and Excel hold; the brand
 * stops a £000 figure or a count being passed where pounds are meant.
 *
 * Why not `Math.round(x * 100) / 100`: binary floating point cannot hold most decimal fractions, so
 * `4.5 × 1044.85` is computed as 4701.824999999999818… and naive rounding gives £4,701.82. The
 * decimal answer is 4701.825, which rounds half-up to £4,701.83. Like Excel, we treat a value within
 * a few units in the last place of a half-penny as exactly that half-penny (a tolerance far below the
 * 15 significant digits that money inputs carry), then round half away from zero, as Excel's ROUND
 * does. The property test checks this against exact BigInt decimal arithmetic.
 */

declare const poundsBrand: unique symbol;
/** An amount in cash pounds (£), e.g. 4701.83. Never £000, never pence. */
export type Pounds = number & { readonly [poundsBrand]: "GBP" };

/** Mark a plain number as pounds (no conversion). */
export function pounds(value: number): Pounds {
  return value as Pounds;
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];
/** Four units in the last place, relative: the binary noise one multiplication or two can leave. */
const NOISE = 4 * Number.EPSILON;

/**
 * Round half away from zero to `dp` decimal places (0–8), as Excel's ROUND, treating a value within
 * binary noise of a half as the half it stands for.
 *
 * @example roundHalfUp(4.5 * 1044.85, 2) === 4701.83
 * @example roundHalfUp(-2.5, 0) === -3
 */
export function roundHalfUp(value: number, dp: number): number {
  if (!Number.isFinite(value)) return value;
  const scale = POW10[dp];
  if (scale === undefined) throw new RangeError(`roundHalfUp: dp must be 0-8, got ${dp}`);
  const scaled = Math.abs(value) * scale;
  let whole = Math.floor(scaled);
  if (scaled - whole >= 0.5 - Math.max(scaled, 1) * NOISE) whole += 1;
  const rounded = whole / scale;
  // Avoid returning -0, which Excel would show as 0 but tests and JSON see as "-0".
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Round to the penny, half-up: the rule for every money result. */
export function roundPenny(value: number): Pounds {
  return roundHalfUp(value, 2) as Pounds;
}

/** Binary noise allowed, relative to the largest amount in the sum (see roundPennyOf). */
const SUM_NOISE = 8 * Number.EPSILON;

/**
 * Round `value` half-up to the penny when it was computed from amounts as large as `magnitude`.
 *
 * roundPenny judges "within binary noise of a half-penny" relative to the value itself, which is
 * right for a product. A difference keeps the absolute error of its larger operand, so after
 * subtracting a threshold the noise can be large relative to what is left: 1.5 h × £102.57 × 39
 * weeks is £6,000.345 exactly, but in binary it comes out as 6000.344999999999… and, minus £6,000,
 * as 0.34499999999956…; relative to 0.345 that is far more than a few units in the last place. We
 * snap to the half-penny when within noise of the larger operand, then round as usual.
 */
export function roundPennyOf(value: number, magnitude: number): Pounds {
  const pence = value * 100;
  const half = Math.floor(pence) + 0.5;
  const tolerance = SUM_NOISE * Math.max(Math.abs(magnitude) * 100, 1);
  if (Math.abs(pence - half) <= tolerance) return roundPenny(half / 100);
  return roundPenny(value);
}

/** Round to whole pounds, half-up (for papers shown in £ without pence). */
export function roundPound(value: number): Pounds {
  return roundHalfUp(value, 0) as Pounds;
}

/** Whole pence in an amount already rounded to the penny (exact integer arithmetic for sums). */
export function toPence(value: number): number {
  return Math.round(value * 100);
}

/** Pounds from whole pence. */
export function fromPence(pence: number): Pounds {
  return (pence / 100) as Pounds;
}

/** Millionths: money to the penny and hours or counts to six places are whole numbers of them. */
export const UNITS_PER_ONE = 1_000_000;
/**
 * An amount as a whole number of millionths, so that sums of many are exact: the one exact
 * summation, used by {@link sumPounds} and by the reader's running sums for total rows. In
 * floating point a section's sum (the difference of two running sums) is lost when a huge line
 * (1e300) sits in the running sum ("the rows add up to £0"); in BigInt it is exact whatever the
 * magnitudes. Values too large to scale are whole already (any double above 2^53 is an integer).
 *
 * @example exactUnits(1234.56) // 1234560000n
 */
export function exactUnits(value: number): bigint {
  const scaled = value * UNITS_PER_ONE;
  return Number.isFinite(scaled) ? BigInt(Math.round(scaled)) : BigInt(value) * BigInt(UNITS_PER_ONE);
}

/** A number from a sum of {@link exactUnits} (not rounded: round it to the precision wanted). */
export function fromExactUnits(units: bigint): number {
  return Number(units) / UNITS_PER_ONE;
}

/**
 * Sum money amounts to the penny without floating-point drift: each amount is rounded to the
 * penny, summed exactly ({@link exactUnits}), and converted back. `0.1 + 0.2` here is exactly 0.3.
 */
export function sumPounds(values: Iterable<number>): Pounds {
  let units = 0n;
  for (const v of values) units += exactUnits(roundHalfUp(v, 2));
  return roundPenny(fromExactUnits(units));
}

/** £ with thousands separators and pence, negatives in brackets: `(£1,234.50)`. For messages. */
export function formatPounds(value: number, withPence = true): string {
  const abs = Math.abs(value);
  const text = abs.toLocaleString("en-GB", {
    minimumFractionDigits: withPence ? 2 : 0,
    maximumFractionDigits: withPence ? 2 : 0,
  });
  return value < 0 ? `(£${text})` : `£${text}`;
}
