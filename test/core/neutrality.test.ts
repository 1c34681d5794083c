/**
 * Cost neutrality (core/neutrality.ts): worked examples typed in by hand (Devon's mainstream
 * bands, domain.md §3.4), and properties over random placements checked in whole pence with
 * BigInt arithmetic written here, not with the module's own helpers.
 */

import fc from "fast-check";
import { FACTOR_DP, NEUTRAL_TOLERANCE, costNeutrality } from "../../src/core/neutrality";

/** Whole pence of an amount to the penny. */
const pence = (pounds: number): bigint => BigInt(Math.round(pounds * 100));

/** Half-up (away from zero) rounding of a/b to an integer, exact in BigInt. */
function divRound(a: bigint, b: bigint): bigint {
  const negative = a < 0n !== b < 0n;
  const x = a < 0n ? -a : a;
  const y = b < 0n ? -b : b;
  const q = (2n * x + y) / (2n * y);
  return negative ? -q : q;
}

describe("costNeutrality: worked examples", () => {
  test("Devon bands 1-3 raised by £100, £200, £300: £600 more, factor and flat £ solve it", () => {
    // Current: £1,600 + £3,100 + £4,500 = £9,200. Proposed: £1,700 + £3,300 + £4,800 = £9,800.
    const n = costNeutrality([
      { current: 1600, proposed: 1700 },
      { current: 3100, proposed: 3300 },
      { current: 4500, proposed: 4800 },
    ]);
    expect(n.currentTotal).toBe(9200);
    expect(n.proposedTotal).toBe(9800);
    expect(n.target).toBe(9200);
    expect(n.difference).toBe(600);
    expect(n.differenceRatio).toBeCloseTo(600 / 9200, 12);
    expect(n.neutral).toBe(false);
    expect(n.factor).toBeCloseTo(9200 / 9800, 15);
    expect(n.neutralTotal).toBe(9200);
    // 9200/9800 = 0.93877551… → 0.938776 to six places.
    expect(n.statedFactor).toBe(0.938776);
    // 1700 × 0.938776 = 1595.9192 → 1595.92; 3300 × … = 3097.9608 → 3097.96; 4800 × … = 4506.1248 → 4506.12.
    expect(n.recostedAtStatedFactor).toBe(9200);
    expect(n.factorResidual).toBe(0);
    // (9200 − 9800) / 3 = −200 exactly.
    expect(n.flatPerBand).toBe(-200);
    expect(n.recostedAtFlat).toBe(9200);
    expect(n.flatResidual).toBe(0);
  });

  test("a flat amount that does not divide evenly leaves residual pence, stated", () => {
    // Target £100.00 over 3 placements of £30.00: flat (100 − 90)/3 = £3.333… → £3.33, recost £99.99.
    const n = costNeutrality(
      [
        { current: 40, proposed: 30 },
        { current: 30, proposed: 30 },
        { current: 30, proposed: 30 },
      ],
      undefined,
    );
    expect(n.target).toBe(100);
    expect(n.flatPerBand).toBe(3.33);
    expect(n.recostedAtFlat).toBe(99.99);
    expect(n.flatResidual).toBe(0.01);
  });

  test("a flat amount of exactly a half-penny rounds away from zero, in whole pence", () => {
    // (£100,000.01 − £0) ÷ 2 = £50,000.005 → £50,000.01; recost £100,000.02, 1p over.
    const n = costNeutrality([
      { current: 100_000.01, proposed: 0 },
      { current: 0, proposed: 0 },
    ]);
    expect(n.flatPerBand).toBe(50_000.01);
    expect(n.recostedAtFlat).toBe(100_000.02);
    expect(n.flatResidual).toBe(-0.01);
    const down = costNeutrality([
      { current: 0, proposed: 100_000.01 },
      { current: 0, proposed: 0 },
    ]);
    expect(down.flatPerBand).toBe(-50_000.01);
  });

  test("a budget is the target; under the budget is within it, over it is not", () => {
    const rows = [
      { current: 1000, proposed: 1200 },
      { current: 1000, proposed: 1200 },
    ];
    const under = costNeutrality(rows, 2500);
    expect(under.budget).toBe(2500);
    expect(under.target).toBe(2500);
    expect(under.difference).toBe(-100);
    expect(under.neutral).toBe(true);
    const over = costNeutrality(rows, 2300);
    expect(over.difference).toBe(100);
    expect(over.neutral).toBe(false);
    expect(over.neutralTotal).toBe(2300);
  });

  test("without a budget, costing less than the current bands is not neutral either", () => {
    const n = costNeutrality([{ current: 1000, proposed: 900 }]);
    expect(n.difference).toBe(-100);
    expect(n.neutral).toBe(false);
  });

  test("within 50p is neutral, 51p is not", () => {
    expect(costNeutrality([{ current: 1000, proposed: 1000.5 }]).neutral).toBe(true);
    expect(costNeutrality([{ current: 1000, proposed: 1000.51 }]).neutral).toBe(false);
    expect(NEUTRAL_TOLERANCE).toBe(0.5);
  });

  test("a proposed total of £0 has no factor; no placements have no flat amount", () => {
    const zero = costNeutrality([{ current: 500, proposed: 0 }]);
    expect(zero.factor).toBeUndefined();
    expect(zero.neutralTotal).toBeUndefined();
    expect(zero.flatPerBand).toBe(500);
    const none = costNeutrality([]);
    expect(none.flatPerBand).toBeUndefined();
    expect(none.factor).toBeUndefined();
    expect(none.neutral).toBe(true);
  });
});

// Amounts in whole pence up to £100,000 a placement, up to 500 placements.
const amount = fc.integer({ min: 0, max: 10_000_000 }).map((p) => p / 100);
const placement = fc.record({ current: amount, proposed: amount });
const register = fc.array(placement, { minLength: 1, maxLength: 500 });

describe("costNeutrality: properties", () => {
  test("totals are the exact sums in pence, and the difference is proposed − target", () => {
    fc.assert(
      fc.property(register, fc.option(amount, { nil: undefined }), (rows, budget) => {
        const n = costNeutrality(rows, budget);
        const current = rows.reduce((s, r) => s + pence(r.current), 0n);
        const proposed = rows.reduce((s, r) => s + pence(r.proposed), 0n);
        const target = budget === undefined ? current : pence(budget);
        expect(pence(n.currentTotal)).toBe(current);
        expect(pence(n.proposedTotal)).toBe(proposed);
        expect(pence(n.difference)).toBe(proposed - target);
      }),
    );
  });

  test("round2(factor × proposed total) equals the target to the penny", () => {
    fc.assert(
      fc.property(register, fc.option(amount, { nil: undefined }), (rows, budget) => {
        const n = costNeutrality(rows, budget);
        if (n.proposedTotal === 0) return;
        expect(n.factor).toBeDefined();
        const product = (n.factor as number) * n.proposedTotal;
        // Rounded half-up to the penny here with Math.round on the pence (the product is
        // never within binary noise of a half-penny: it is within noise of whole pence).
        expect(BigInt(Math.round(product * 100))).toBe(pence(n.target));
        expect(pence(n.neutralTotal as number)).toBe(pence(n.target));
      }),
    );
  });

  test("the stated factor is the factor to six places, and its recost is exact per placement", () => {
    fc.assert(
      fc.property(register, (rows) => {
        const n = costNeutrality(rows);
        if (n.proposedTotal === 0) return;
        const proposed = rows.reduce((s, r) => s + pence(r.proposed), 0n);
        const target = rows.reduce((s, r) => s + pence(r.current), 0n);
        // Stated factor in millionths: round(target/proposed × 10^6), exact.
        const micro = divRound(target * 1_000_000n, proposed);
        expect(BigInt(Math.round((n.statedFactor as number) * 10 ** FACTOR_DP))).toBe(micro);
        // Each placement: round(pence × micro / 10^6) pence, half-up, exact.
        const recost = rows.reduce((s, r) => s + divRound(pence(r.proposed) * micro, 1_000_000n), 0n);
        expect(pence(n.recostedAtStatedFactor as number)).toBe(recost);
        expect(pence(n.factorResidual as number)).toBe(target - recost);
      }),
    );
  });

  test("the stated factor's residual is within half a penny a placement plus the factor's rounding", () => {
    fc.assert(
      fc.property(register, (rows) => {
        const n = costNeutrality(rows);
        if (n.proposedTotal === 0) return;
        const bound = rows.length * 0.005 + n.proposedTotal * 0.5e-6 + 1e-9;
        expect(Math.abs(n.factorResidual as number)).toBeLessThanOrEqual(bound);
      }),
    );
  });

  test("flat £ per band: the recost plus its residual is the target, residual under half a penny a placement", () => {
    fc.assert(
      fc.property(register, fc.option(amount, { nil: undefined }), (rows, budget) => {
        const n = costNeutrality(rows, budget);
        const count = BigInt(rows.length);
        const proposed = rows.reduce((s, r) => s + pence(r.proposed), 0n);
        const target = budget === undefined ? rows.reduce((s, r) => s + pence(r.current), 0n) : pence(budget);
        const flat = divRound(target - proposed, count);
        expect(pence(n.flatPerBand as number)).toBe(flat);
        expect(pence(n.recostedAtFlat as number)).toBe(proposed + count * flat);
        const residual = target - proposed - count * flat;
        expect(pence(n.flatResidual as number)).toBe(residual);
        // |residual| ≤ N/2 pence.
        expect(2n * (residual < 0n ? -residual : residual)).toBeLessThanOrEqual(count);
      }),
    );
  });
});
