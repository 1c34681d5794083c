/**
 * Cost neutrality of a proposed band table (SPEC "Beyond the papers"; domain.md §3.5 "Uplifts",
 * §3.6): over the same open placements costed both ways, whether the proposed bands cost the same
 * as the current ones (or a budget), and the two ways of making them do so.
 *
 * Let P be the proposed total, T the target (the current total, or the budget given) and N the
 * number of placements, all amounts in whole pence.
 *
 * 1. **Uniform factor** on every proposed band value: `factor = T / P`, kept at full precision.
 *    The cost-neutral proposed total is `round2(factor × P)`, which equals T to the penny for any
 *    total below £10 trillion (T / P and × P each carry a relative error of at most 2^-53, far
 *    below half a penny). The factor as a council would publish it is `round6(factor)` (six
 *    decimal places, e.g. 0.962341, a 3.7659% cut): applied to each placement's proposed cost and
 *    rounded to the penny, it recosts to Σ round2(pᵢ × round6(factor)), which can miss T by a few
 *    pence: up to half a penny a placement from the per-placement rounding plus up to
 *    0.0000005 × P from the factor's rounding. That residual is reported, never hidden: a band
 *    held by 37 placements moves the total 37p at a time, so no factor hits every total exactly.
 * 2. **Flat £ per band**, the same amount added to every band's value: `flat = (T − P) / N`. To
 *    the penny it is `round2(flat)`, recosting to `P + N × round2(flat)`, which misses T by the
 *    residual `T − P − N × round2(flat)`, at most N × half a penny.
 *
 * Rounding is half-up (away from zero), as Excel's and LibreOffice's ROUND, with decimal-correct
 * arithmetic (money.ts).
 */

import { roundHalfUp, roundPenny, fromPence, toPence, type Pounds } from "./money";

/** Decimal places the published factor is rounded to. */
export const FACTOR_DP = 6;

/**
 * Largest difference (£) between the proposed and the target cost that still counts as
 * cost-neutral: 50p, so a proposal a few pence out after per-placement rounding is not flagged.
 */
export const NEUTRAL_TOLERANCE = 0.5;

/** One placement, costed on the current and on the proposed bands (£ a year, to the penny). */
export interface CostedBothWays {
  readonly current: number;
  readonly proposed: number;
}

/** What {@link costNeutrality} finds. */
export interface Neutrality {
  /** Placements costed both ways. */
  readonly placements: number;
  /** Σ current costs (£). */
  readonly currentTotal: Pounds;
  /** Σ proposed costs (£). */
  readonly proposedTotal: Pounds;
  /** The budget given (£), when one was. */
  readonly budget?: Pounds;
  /** What the proposed bands should cost: the budget when given, else the current total. */
  readonly target: Pounds;
  /** proposed − target (£): positive when the proposal costs more. */
  readonly difference: Pounds;
  /** difference ÷ target, undefined when the target is £0. */
  readonly differenceRatio?: number;
  /** True when the proposal is neutral: within {@link NEUTRAL_TOLERANCE} of the target, or (with a budget) at most the budget plus it. */
  readonly neutral: boolean;
  /** target ÷ proposed at full precision; undefined when the proposed total is £0 (no factor can move it). */
  readonly factor?: number;
  /** round2(factor × proposed): the cost-neutral proposed total, equal to the target. */
  readonly neutralTotal?: Pounds;
  /** The factor rounded half-up to {@link FACTOR_DP} decimal places. */
  readonly statedFactor?: number;
  /** Σ round2(proposedᵢ × statedFactor): the proposed bands recosted at the stated factor. */
  readonly recostedAtStatedFactor?: Pounds;
  /** target − recostedAtStatedFactor (£): the pence the stated factor leaves over. */
  readonly factorResidual?: Pounds;
  /** (target − proposed) ÷ placements at full precision (£ per band); undefined with no placements. */
  readonly flatExact?: number;
  /** flatExact rounded half-up to the penny. */
  readonly flatPerBand?: Pounds;
  /** proposed + placements × flatPerBand (£). */
  readonly recostedAtFlat?: Pounds;
  /** target − recostedAtFlat (£): the pence the penny-rounded flat amount leaves over. */
  readonly flatResidual?: Pounds;
}

/** Σ of pound amounts, each taken to the penny, added in whole pence so no binary noise builds up. */
function pennySum(values: Iterable<number>): Pounds {
  let pence = 0;
  for (const v of values) pence += toPence(v);
  return fromPence(pence);
}

/**
 * Whether a proposed band table costs the same as the current one (or a budget) over the same
 * placements, and the uniform factor and the flat £ per band that make it do so (see the module
 * comment for the formulas and their rounding).
 *
 * @param placements Each placement's current and proposed cost (£ a year, to the penny).
 * @param budget What the proposed bands may cost in total (£); default: the current total. With a
 *   budget, a proposal costing less than it is still within it (neutral); without one, costing
 *   less than the current bands is as non-neutral as costing more.
 * @returns The totals, the difference and both adjustments with their residual pence.
 * @example
 * costNeutrality([{ current: 1600, proposed: 1700 }, { current: 3100, proposed: 3300 }])
 * // → proposedTotal 5000, target 4700, difference 300, factor 0.94, neutralTotal 4700,
 * //   flatPerBand −150, recostedAtFlat 4700, flatResidual 0
 */
export function costNeutrality(placements: readonly CostedBothWays[], budget?: number): Neutrality {
  const n = placements.length;
  const currentTotal = pennySum(placements.map((p) => p.current));
  const proposedTotal = pennySum(placements.map((p) => p.proposed));
  const target = budget === undefined ? currentTotal : roundPenny(budget);
  const difference = roundPenny(proposedTotal - target);
  const neutral =
    budget === undefined ? Math.abs(difference) <= NEUTRAL_TOLERANCE : difference <= NEUTRAL_TOLERANCE;
  const out: { -readonly [K in keyof Neutrality]: Neutrality[K] } = {
    placements: n,
    currentTotal,
    proposedTotal,
    ...(budget === undefined ? {} : { budget: target }),
    target,
    difference,
    ...(target === 0 ? {} : { differenceRatio: difference / target }),
    neutral,
  };
  if (proposedTotal !== 0) {
    const factor = target / proposedTotal;
    const statedFactor = roundHalfUp(factor, FACTOR_DP);
    const recosted = pennySum(placements.map((p) => roundPenny(p.proposed * statedFactor)));
    out.factor = factor;
    out.neutralTotal = roundPenny(factor * proposedTotal);
    out.statedFactor = statedFactor;
    out.recostedAtStatedFactor = recosted;
    out.factorResidual = roundPenny(target - recosted);
  }
  if (n > 0) {
    const gapPence = toPence(target) - toPence(proposedTotal);
    const flatExact = gapPence / 100 / n;
    // Rounded in whole pence, half away from zero: (T − P) ÷ N can be exactly a half-penny, which
    // the pounds' binary noise could tip either way.
    const halfUp = Math.floor((2 * Math.abs(gapPence) + n) / (2 * n));
    const flatPerBand = fromPence(gapPence < 0 ? -halfUp : halfUp);
    const recostedAtFlat = fromPence(toPence(proposedTotal) + n * toPence(flatPerBand));
    out.flatExact = flatExact;
    out.flatPerBand = flatPerBand;
    out.recostedAtFlat = recostedAtFlat;
    out.flatResidual = roundPenny(target - recostedAtFlat);
  }
  return out;
}
