import fc from "fast-check";
import { roundHalfUp, roundPenny, sumPounds, formatPounds, toPence } from "../../src/core/money";

describe("roundPenny: half-up to the penny, decimal-correct", () => {
  test.each([
    // [value, expected, why]
    [
      4.5 * 1044.85,
      4701.83,
      "SPEC rounding case: 4.5 × £1,044.85 = 4,701.825 → £4,701.83 (binary gives 4701.8249…)",
    ],
    [1.005, 1.01, "1.005 is stored as 1.00499999…; decimal half-up gives 1.01"],
    [2.675, 2.68, "2.675 is stored as 2.67499999…"],
    [0.125, 0.13, "an exact binary half rounds up"],
    [1.004999, 1.0, "below half stays down"],
    [-2.675, -2.68, "half away from zero for negatives, as Excel's ROUND"],
    [
      274776989 * 0.005,
      1373884.95,
      "0.5% of LA 353's 2025-26 Schools Block before recoupment (domain.md §1.2)",
    ],
    [0, 0, "zero"],
  ])("%p → %p (%s)", (value, expected) => {
    expect(roundPenny(value)).toBe(expected);
  });

  test("never returns -0", () => {
    expect(Object.is(roundPenny(-0.001), 0)).toBe(true);
  });

  test("non-finite values pass through unchanged for callers to report", () => {
    expect(roundPenny(Infinity)).toBe(Infinity);
    expect(Number.isNaN(roundPenny(NaN))).toBe(true);
  });

  test("roundHalfUp to 0 dp and 4 dp", () => {
    expect(roundHalfUp(2.5, 0)).toBe(3);
    expect(roundHalfUp(-2.5, 0)).toBe(-3);
    expect(roundHalfUp(0.00005, 4)).toBe(0.0001);
  });
});

/** Exact decimal reference: a × b with both as decimal strings, rounded half away from zero to 2 dp. */
function exactProductPence(a: string, b: string): bigint {
  const parse = (s: string): [bigint, number] => {
    const neg = s.startsWith("-");
    const [i, f = ""] = s.replace("-", "").split(".");
    return [BigInt((neg ? "-" : "") + i + f), f.length];
  };
  const [ai, ad] = parse(a);
  const [bi, bd] = parse(b);
  const product = ai * bi; // scaled by 10^(ad+bd)
  const scale = ad + bd;
  // pence = product / 10^(scale-2), rounded half away from zero
  if (scale <= 2) return product * 10n ** BigInt(2 - scale);
  const div = 10n ** BigInt(scale - 2);
  const neg = product < 0n;
  const abs = neg ? -product : product;
  let q = abs / div;
  if ((abs % div) * 2n >= div) q += 1n;
  return neg ? -q : q;
}

test("property: roundPenny(a × b) equals exact decimal arithmetic for money × rate inputs", () => {
  // a: an amount in pence up to £10m; b: a rate or quantity with up to 4 decimals up to 1,000.
  // The exact product has 6 decimals; like Excel we promise decimal-correct results while it has at
  // most 15 significant digits (|a × b| < £1bn). Beyond that a double cannot hold the product.
  const amount = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((p) => (p / 100).toFixed(2));
  const factor = fc.integer({ min: 0, max: 10_000_000 }).map((q) => (q / 10_000).toFixed(4));
  fc.assert(
    fc.property(amount, factor, (a, b) => {
      fc.pre(Math.abs(Number(a) * Number(b)) < 1e9);
      const got = toPence(roundPenny(Number(a) * Number(b)));
      expect(BigInt(got)).toBe(exactProductPence(a, b));
    }),
    { numRuns: 20000 },
  );
});

test("sumPounds adds in whole pence: 0.1 + 0.2 is exactly 0.3", () => {
  expect(sumPounds([0.1, 0.2])).toBe(0.3);
  expect(sumPounds([])).toBe(0);
});

test("formatPounds: UK style with negatives in brackets", () => {
  expect(formatPounds(1234.5)).toBe("£1,234.50");
  expect(formatPounds(-12000, false)).toBe("(£12,000)");
});
