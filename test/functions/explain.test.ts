/**
 * The explain view's engine side (src/functions/explain.ts): the same calculation as the cell, with
 * its trace, in words; labels and summaries from the function table. Expected values are written
 * out here (worked by hand, with the arithmetic in a comment), never read from the modules tested.
 */
import {
  TRY_FUNCTIONS,
  explainCall,
  formatValue,
  tryFunction,
  tryParams,
  type ResolvedArg,
} from "../../src/functions/explain";
import { FUNCTIONS } from "../../src/functions/table";
import { parseDsgFormula, type Arg } from "../../src/core/formula-tokens";

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
  test("DSG.BANDCOST of one band over a 4-row band table is one value, not a spill of the table's shape", () => {
    const bands = [
      ["Band", "Value"],
      ["1", 1000],
      ["2", 2500],
      ["3", 4000],
    ];
    const { call, args } = resolve("=DSG.BANDCOST(2,Bands!A1:B4)", [2, bands]);
    const view = explainCall(call, args);
    // Band 2 in the table is £2,500; one band asked for, so there is no "row r of n" element.
    expect(view.result.text).toBe("£2,500.00");
    expect(view.element).toBeUndefined();
  });

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
    expect(view.args.map((a) => a.label)).toEqual([
      "Hours a week",
      "Hourly rate (£)",
      "Weeks funded a year",
      "Threshold the setting meets first (£ a year)",
      "Pupils sharing the support",
    ]);
    expect(view.summary).toBe(
      "Works out an annual top-up from hours of support: hours × rate × weeks ÷ pupils sharing, less a threshold, never below zero.",
    );
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

describe("the whole-range functions explain through the same table rows", () => {
  test("NEEDSCORE: one pupil's score, with the labels of its parameters", () => {
    // Islington 2017-18 weights 4, 2, 4, 4 with C&L capped at 16 (domain.md §3.3): levels 2, 3, 1, 4
    // score 8 + 6 + 4 + min(16, 16) = 34.
    const { call, args } = resolve("=DSG.NEEDSCORE(B5:E5,B1:E1,B2:E2)", [
      [[2, 3, 1, 4]],
      [[4, 2, 4, 4]],
      [[null, null, null, 16]],
    ]);
    const view = explainCall(call, args);
    expect(view.result.text).toBe("34 points");
    expect(view.args.map((a) => a.label)).toEqual([
      "Levels of need",
      "Weight of each area",
      "Most points each area adds",
    ]);
    expect(view.element).toBeUndefined();
  });

  test("TRANSFERIMPACT: one school of a spilled column, and an unknown method's message", () => {
    // Two schools of £100,000 and £200,000 with no floors, £3,000 to take by one factor: each gives
    // 1% of its budget, so the second gives £2,000.
    const { call, args } = resolve("=DSG.TRANSFERIMPACT(A1:A2,B1:B2,C1)", [
      [[100000], [200000]],
      [[0], [0]],
      [[3000]],
    ]);
    const view = explainCall(call, args, 1, 0);
    expect(view.element).toBe("row 2 of 2");
    expect(view.result.text).toBe("£2,000.00");
    expect(view.args.map((a) => a.name)).toEqual([
      "allocations",
      "floors",
      "transfer",
      "pupils",
      "method",
      "result",
    ]);
    const bad = resolve('=DSG.TRANSFERIMPACT(A1:A2,B1:B2,C1,,"fair")', [
      [[100000], [200000]],
      [[0], [0]],
      [[3000]],
      null,
      "fair",
    ]);
    const refused = explainCall(bad.call, bad.args);
    expect(refused.result.text).toBe("#VALUE!");
    expect(refused.result.error).toBe('method must be one of "scale", "perpupil"; got "fair".');
  });

  test("a name that is not a Forum Papers function is unavailable, not guessed", () => {
    const call = parseDsgFormula("=DSG.NOSUCH(1)")!;
    const view = explainCall(call, [{ arg: call.args[0], value: 1, where: "typed in the formula" }]);
    expect(view.unavailable).toBe("DSG.NOSUCH is not a function Forum Papers provides.");
  });
});

describe("try a function", () => {
  test("the form offers exactly the element-wise functions with no table argument", () => {
    const singleValued = Object.values(FUNCTIONS)
      .filter((row) => row.evaluation === "elementwise" && row.params.every((p) => p.kind !== "table"))
      .map((row) => row.name);
    expect([...TRY_FUNCTIONS]).toEqual(singleValued);
    expect([...TRY_FUNCTIONS]).toEqual([
      "HOURSCOST",
      "PRORATA",
      "FINYEAR",
      "ACADYEAR",
      "TRANSFERAMOUNT",
      "MFGFLOOR",
      "MPPL",
    ]);
  });

  test("each field's label and hint, and an end date that may be left blank", () => {
    expect(tryParams("HOURSCOST").map((p) => [p.label, p.optional, p.hint])).toEqual([
      ["Hours a week", false, undefined],
      ["Hourly rate (£)", false, undefined],
      ["Weeks funded a year", true, "Optional; default 38"],
      ["Threshold the setting meets first (£ a year)", true, "Optional; default 0"],
      ["Pupils sharing the support", true, "Optional; default 1"],
    ]);
    expect(tryParams("PRORATA").find((p) => p.name === "end")).toEqual({
      name: "end",
      label: "Last day",
      optional: true,
      hint: "Optional",
    });
  });

  test("typed values are worked out as the cell would", () => {
    // 25 hours × £13.04 × 38 weeks = £12,388.00, less £6,000 = £6,388.00.
    expect(tryFunction("HOURSCOST", ["25", "£13.04", "", "6,000"]).result.text).toBe("£6,388.00");
    // 0.5% of £274,776,989 is £1,373,884.945, rounded half-up to £1,373,884.95 (domain.md §1.2).
    expect(tryFunction("TRANSFERAMOUNT", ["274776989", "0.5%"]).result.text).toBe("£1,373,884.95");
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
