/**
 * The test evaluator's own ROUND (test/papers/formula.ts), which checks the papers' cached values
 * and so must not share core's roundHalfUp: checked here against published figures.
 */
import { evaluateFormula, excelRound, roundedText, workbookOf } from "./formula";

describe("the evaluator's ROUND is Excel's", () => {
  // The examples on Microsoft's "ROUND function" support page
  // (https://support.microsoft.com/en-us/office/round-function-c018c5d8-40fb-4053-90b1-b3e7f61a213c).
  test.each([
    [2.15, 1, 2.2],
    [2.149, 1, 2.1],
    [-1.475, 2, -1.48],
    [21.5, -1, 20],
    [626.3, -3, 1000],
    [1.98, -1, 0],
    [-50.55, -2, -100],
  ])("ROUND(%p, %p) = %p", (value, digits, expected) => {
    expect(excelRound(value, digits)).toBe(expected);
  });

  // Doubles that sit just below a half in binary, rounded as the 15 digits Excel shows:
  // 4.5 × 1,044.85 is £4,701.825 (the trap in src/core/money.ts), 2.675 is stored as 2.67499999….
  test.each([
    [4.5 * 1044.85, 2, "4701.83"],
    [2.675, 2, "2.68"],
    [1.005, 2, "1.01"],
    [-2.5, 0, "-3"],
    [0.5, 0, "1"],
    [0.49999999999999994, 0, "1"], // 15 significant digits: 0.500000000000000
    [0.4999, 0, "0"],
    [0.0125 * 100, 1, "1.3"],
    [0, 2, "0.00"],
    [-0.001, 2, "0.00"],
    [123456789.125, 2, "123456789.13"],
    [3.7, 2.9, "3.70"], // a fractional digits argument is truncated, as Excel does
  ])("%p to %p places is %p", (value, digits, text) => {
    expect(roundedText(value, digits)).toBe(text);
  });

  test("ROUND and TEXT in a formula use it", () => {
    const none = workbookOf([]);
    expect(evaluateFormula("ROUND(2.675,2)", none, "Sheet")).toBe(2.68);
    expect(evaluateFormula("ROUND(-1.475,2)", none, "Sheet")).toBe(-1.48);
    expect(evaluateFormula('TEXT(0.0125,"0.0%")', none, "Sheet")).toBe("1.3%");
    expect(evaluateFormula('TEXT(1.005,"0.00")', none, "Sheet")).toBe("1.01");
  });

  test("never gives -0", () => {
    expect(Object.is(excelRound(-0.001, 2), -0)).toBe(false);
  });
});
