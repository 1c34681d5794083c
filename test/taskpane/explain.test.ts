/**
 * The explain view's engine side: the same calculation as the cell, with its trace, in words.
 */
import { explainCall, formatValue, type ResolvedArg } from "../../src/taskpane/explain";
import { parseDsgFormula, type Arg } from "../../src/taskpane/formulas";

function resolve(
  formula: string,
  values: unknown[],
): { call: NonNullable<ReturnType<typeof parseDsgFormula>>; args: ResolvedArg[] } {
  const call = parseDsgFormula(formula)!;
  return {
    call,
    args: call.args.map((arg: Arg, i) => ({
      arg,
      value: values[i] ?? null,
      where: arg.kind === "ref" ? arg.text : "typed in the formula",
    })),
  };
}

describe("explainCall", () => {
  test("DSG.HOURSCOST: inputs, steps and the result in £", () => {
    const { call, args } = resolve("=DSG.HOURSCOST(B2,C2,,6000)", [[[25]], [[13.04]], null, 6000]);
    const view = explainCall(call, args);
    expect(view.fn).toBe("DSG.HOURSCOST");
    // 25 hours × £13.04 × 38 weeks = £12,388.00, less the £6,000 the school meets = £6,388.00.
    expect(view.result.text).toBe("£6,388.00");
    expect(view.steps.find((s) => s.label === "Hours of support a week")?.value).toBe("25 hours");
    expect(view.steps.some((s) => s.kind === "result")).toBe(true);
    expect(view.args.map((a) => a.name)).toEqual([
      "hoursPerWeek",
      "hourlyRate",
      "weeks",
      "threshold",
      "groupSize",
    ]);
    expect(view.args[2].value).toMatch(/default/);
  });

  test("one element of a spilled call", () => {
    const { call, args } = resolve("=DSG.HOURSCOST(B2:B4,14)", [[[1], [2], [3]], 14]);
    const view = explainCall(call, args, 2, 0);
    expect(view.element).toBe("row 3 of 3");
    // Row 3 holds 3 hours: 3 × £14 × 38 weeks (the default) = £1,596, with no threshold.
    expect(view.result.text).toBe("£1,596.00");
    expect(view.steps.find((s) => s.label === "Hours of support a week")?.value).toBe("3 hours");
  });

  test("an error result carries the function's message", () => {
    const { call, args } = resolve("=DSG.HOURSCOST(B2,C2)", [[[-1]], [[10]]]);
    const view = explainCall(call, args);
    expect(view.result.text).toBe("#NUM!");
    expect(view.result.error).toMatch(/hoursPerWeek/);
  });

  test("DSG.FINYEAR", () => {
    const { call, args } = resolve("=DSG.FINYEAR(A2)", [[[46266]]]);
    expect(explainCall(call, args).result.text).toBe("2026-27");
  });

  test("a whole-range function (TRAJECTORY) explains with its trace", () => {
    const { call, args } = resolve(
      "=DSG.TRAJECTORY(-1000000,50000000,52000000,3)",
      [-1000000, 50000000, 52000000, 3],
    );
    const view = explainCall(call, args, 3, 8);
    expect(view.result.error).toBeUndefined();
    expect(view.element).toMatch(/row 4, column 9/);
    // Row 4, column 9 is the cumulative balance after year 3: each year is £50m − £52m = −£2m, so
    // −£1m − 3 × £2m = −£7m, shown in brackets.
    expect(view.result.text).toBe("(£7,000,000.00)");
    const cumulative = view.steps
      .filter((s) => s.kind === "step" && s.label.startsWith("Cumulative balance"))
      .map((s) => s.value);
    expect(cumulative).toEqual(["(£3,000,000.00)", "(£5,000,000.00)", "(£7,000,000.00)"]);
  });

  test("an argument that cannot be read makes the view say so", () => {
    const call = parseDsgFormula("=DSG.FINYEAR(A2+1)")!;
    const view = explainCall(call, [
      { arg: call.args[0], value: null, where: "", problem: "A2+1 is a calculation." },
    ]);
    expect(view.unavailable).toBe("A2+1 is a calculation.");
  });
});

describe("formatValue", () => {
  test.each([
    [1234.5, "£", "£1,234.50"],
    [-12, "£", "(£12.00)"],
    [0.005, "%", "0.5%"],
    [46266, "date", "01/09/2026"],
    [1, "weeks", "1 week"],
    [12.5, "hours", "12.5 hours"],
    [1234567.891, "", "1,234,567.891"],
    ["Band 3", "", "Band 3"],
  ])("%p %p → %p", (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });
});
