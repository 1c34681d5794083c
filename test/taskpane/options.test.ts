/**
 * The Papers step's form rules (src/taskpane/options.ts) for the deficit plan scenario: the two
 * percentages are parsed as the transfer percentage is (UK "%" text), range-checked, and passed in
 * request.options.deficitScenario only when typed.
 */

import {
  defaultForm,
  formToRequest,
  parseExpenditurePressure,
  parsePercent,
  parseSavingsDelivered,
} from "../../src/taskpane/options";

describe("deficit plan scenario percentages", () => {
  test("savings delivered: typed with or without %, as a fraction; empty is the default", () => {
    expect(parseSavingsDelivered("75")).toBe(0.75);
    expect(parseSavingsDelivered(" 62.5 % ")).toBe(0.625);
    expect(parseSavingsDelivered("0")).toBe(0);
    expect(parseSavingsDelivered("100%")).toBe(1);
    expect(parseSavingsDelivered("")).toBeUndefined();
    expect(parseSavingsDelivered("  ")).toBeUndefined();
  });

  test("savings delivered: out of range or not a number gives a message", () => {
    expect(parseSavingsDelivered("101")).toEqual({
      error: "The share of savings delivered must be between 0 and 100.",
    });
    expect(parseSavingsDelivered("-5")).toEqual({
      error: "The share of savings delivered must be between 0 and 100.",
    });
    expect(parseSavingsDelivered("most")).toEqual({
      error: "Type the savings delivered as a percentage, for example 75.",
    });
    expect(parseSavingsDelivered("1e2")).toHaveProperty("error");
  });

  test("extra expenditure growth: negative allowed, −50 to 50", () => {
    expect(parseExpenditurePressure("2")).toBe(0.02);
    expect(parseExpenditurePressure("-1.5%")).toBe(-0.015);
    expect(parseExpenditurePressure("0.1")).toBe(0.001);
    expect(parseExpenditurePressure("50")).toBe(0.5);
    expect(parseExpenditurePressure("-50")).toBe(-0.5);
    expect(parseExpenditurePressure("")).toBeUndefined();
    expect(parseExpenditurePressure("60")).toEqual({
      error: "The extra expenditure growth must be between -50 and 50.",
    });
    expect(parseExpenditurePressure("two")).toEqual({
      error: "Type the extra expenditure growth as a percentage, for example 2.",
    });
  });

  test("the transfer percentage keeps its own messages", () => {
    expect(parsePercent("0.5")).toBe(0.005);
    expect(parsePercent("abc")).toEqual({ error: "Type the transfer as a percentage, for example 0.5." });
    expect(parsePercent("-1")).toEqual({ error: "The transfer percentage must be between 0 and 100." });
  });
});

describe("formToRequest and the scenario", () => {
  test("a fresh form sends no scenario (the plan as written)", () => {
    const { request, errors } = formToRequest(defaultForm());
    expect(errors).toEqual({});
    expect(request?.options).not.toHaveProperty("deficitScenario");
  });

  test("both typed: both sent as fractions", () => {
    const { request } = formToRequest({
      ...defaultForm(),
      savingsDeliveredPercent: "80%",
      expenditurePressurePercent: "1.5",
    });
    expect(request?.options.deficitScenario).toEqual({ savingsDelivered: 0.8, expenditurePressure: 0.015 });
  });

  test("one typed: only that one sent", () => {
    const { request } = formToRequest({ ...defaultForm(), expenditurePressurePercent: "-2" });
    expect(request?.options.deficitScenario).toEqual({ expenditurePressure: -0.02 });
  });

  test("a bad value is named by its field and no request is made", () => {
    const { request, errors } = formToRequest({
      ...defaultForm(),
      savingsDeliveredPercent: "120",
      expenditurePressurePercent: "x",
    });
    expect(request).toBeUndefined();
    expect(errors).toEqual({
      savingsDeliveredPercent: "The share of savings delivered must be between 0 and 100.",
      expenditurePressurePercent: "Type the extra expenditure growth as a percentage, for example 2.",
    });
  });
});
