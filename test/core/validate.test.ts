import fc from "fast-check";
import { CellError, ErrorCode, isCellError } from "../../src/core/errors";
import { mfgFloor } from "../../src/core/protections";
import { transferAmount } from "../../src/core/transfers";
import {
  MAX_VALUE,
  checkAmount,
  fractionToPercent,
  percentToFraction,
  tooLarge,
} from "../../src/core/validate";

describe("checkAmount: finite, not negative, at most £1 trillion", () => {
  // [label, value, expected code or undefined, a fragment of the message]
  const cases: [string, number, string | undefined, string][] = [
    ["zero", 0, undefined, ""],
    ["a Schools Block (LA 353's £274,776,989, domain.md §2.2)", 274776989, undefined, ""],
    ["exactly £1 trillion, the limit", 1e12, undefined, ""],
    ["a penny over the limit", 1e12 + 0.01, ErrorCode.number, "the most accepted is £1,000,000,000,000"],
    ["negative", -1, ErrorCode.number, "cannot be negative; got -1"],
    ["NaN", Number.NaN, ErrorCode.value, "must be a number"],
    ["infinity", Number.POSITIVE_INFINITY, ErrorCode.value, "must be a number"],
  ];
  test.each(cases)("%s", (_label, value, code, fragment) => {
    const result = checkAmount("The amount", value, "420");
    if (code === undefined) {
      expect(result).toBeUndefined();
      return;
    }
    expect(isCellError(result)).toBe(true);
    expect((result as CellError).code).toBe(code);
    expect((result as CellError).message).toContain(fragment);
  });

  test("a text value (from a cell Excel passed as text) is not a number, and the example is offered", () => {
    const result = checkAmount("The pupils", "12" as unknown as number, "420") as CellError;
    expect(result.code).toBe(ErrorCode.value);
    expect(result.message).toContain("such as 420");
  });

  test("MAX_VALUE is £1 trillion", () => {
    expect(MAX_VALUE).toBe(1_000_000_000_000);
  });

  test("tooLarge names the value, the limit and the likely slip (pence for pounds)", () => {
    expect(tooLarge("The transfer", 5e12).message).toBe(
      "The transfer is too large (5000000000000); the most accepted is £1,000,000,000,000. Check that it is in cash £, not pence.",
    );
  });

  test("transfers and protections give the same words for the same slip (one validator)", () => {
    const fromTransfers = transferAmount(2e12, 0.005) as CellError;
    const fromProtections = mfgFloor(2e12, 1, 0) as CellError;
    expect(fromTransfers.message).toBe(
      "The Schools Block before recoupment is too large (2000000000000); the most accepted is £1,000,000,000,000. Check that it is in cash £, not pence.",
    );
    expect(fromProtections.message).toBe(
      "The baseline per pupil is too large (2000000000000); the most accepted is £1,000,000,000,000. Check that it is in cash £, not pence.",
    );
  });
});

describe("percentToFraction and fractionToPercent: no binary tail", () => {
  // [percent, fraction] written out as decimals by hand
  const cases: [number, number][] = [
    [0.5, 0.005],
    [10.8, 0.108],
    [1.64, 0.0164],
    [100, 1],
    [0, 0],
    [-2, -0.02],
    [-0.25, -0.0025],
  ];
  test.each(cases)("%p%% is %p", (percent, fraction) => {
    expect(percentToFraction(percent)).toBe(fraction);
    expect(fractionToPercent(fraction)).toBe(percent);
  });

  test("plain division leaves the tail the helpers remove (so the cases above can fail)", () => {
    expect(10.8 / 100).not.toBe(0.108);
    expect(0.0164 * 100).not.toBe(1.64);
  });

  test("any decimal of up to 6 places moves two places exactly (checked through decimal text)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        (digits, places) => {
          // The decimal digits × 10^-places, and the same digits two places further, built as text.
          const percent = Number(`${digits}e-${places}`);
          const fraction = Number(`${digits}e-${places + 2}`);
          expect(percentToFraction(percent)).toBe(fraction);
          expect(fractionToPercent(fraction)).toBe(percent);
        },
      ),
    );
  });

  test("a non-finite value passes through for the caller to report", () => {
    expect(percentToFraction(Number.NaN)).toBeNaN();
    expect(fractionToPercent(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});
