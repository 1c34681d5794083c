/**
 * The records DATASETS drives: field keys as typed unions (a misspelt key does not compile: tsc
 * checks the `@ts-expect-error` lines below, as `npm test` runs it first), the generic builder's
 * per-field rules (a blank optional amount read as £0, a negative count refused, money scaled
 * from £000), records keyed by dataset id, and the one exact summation in core/money.ts.
 *
 * Expected values are written out from the tables here, never taken from the reader.
 */
import { exactUnits, fromExactUnits, sumPounds } from "../../src/core/money";
import { readDatasets, type FieldKey, type RecordOf } from "../../src/sources";
import { sheet, workbook } from "./helpers";

describe("field keys and records derived from DATASETS", () => {
  test("a field key is one of the dataset's own keys", () => {
    const forecast: FieldKey<"budgetLines"> = "forecast";
    // @ts-expect-error a misspelt key is not a budget-line field
    const misspelt: FieldKey<"budgetLines"> = "forcast";
    // @ts-expect-error a field of another dataset is not a budget-line field
    const other: FieldKey<"budgetLines"> = "pupilRef";
    expect([forecast, misspelt, other]).toEqual(["forecast", "forcast", "pupilRef"]);
  });

  test("required fields and those read as £0 when blank are always in the record; the rest are optional", () => {
    const year: RecordOf<"deficitPlan"> = {
      year: "2026-27",
      funding: 1,
      expenditure: 2,
      savings: 0,
      transfers: 0,
      otherIncome: 0,
      writeOffs: 0,
      source: { sheet: "Plan", row: 2 },
    };
    // @ts-expect-error savings is always present (a blank cell reads as £0)
    const noSavings: RecordOf<"deficitPlan"> = { ...year, savings: undefined };
    const line: RecordOf<"budgetLines"> = { line: "Top-up", budget: 1, forecast: 2, source: year.source };
    expect([noSavings.year, line.lastForecast, line.s251]).toEqual(["2026-27", undefined, undefined]);
  });
});

describe("the generic record builder", () => {
  test("a blank optional amount, or one with no column, reads as £0", () => {
    const d = readDatasets(
      workbook([
        sheet("Plan", [
          ["Year", "HNB funding", "Expenditure", "Savings"],
          ["2026-27", 61000000, 72000000, null],
          ["2027-28", 62000000, 74000000, 2000000],
        ]),
      ]),
    );
    expect(
      d.deficitPlan?.map((y) => [y.year, y.funding, y.expenditure, y.savings, y.transfers, y.writeOffs]),
    ).toEqual([
      ["2026-27", 61000000, 72000000, 0, 0, 0],
      ["2027-28", 62000000, 74000000, 2000000, 0, 0],
    ]);
    // Keyed by dataset id: nothing else was read from this table.
    expect(d.budgetLines).toBeUndefined();
    expect(d.dsgBlocks).toBeUndefined();
  });

  test("a negative count is refused with its own code; money headed £000 is in pounds", () => {
    const d = readDatasets(
      workbook([
        sheet("Schools", [
          ["School", "Phase", "Type", "Pupils", "Allocation (£000)", "Protected floor (£000)"],
          ["Oakfield Primary", "Primary", "Maintained", 210, 1234.5, 1200],
          ["Brook Academy", "Secondary", "Academy", -5, 4000, 3900],
        ]),
      ]),
    );
    expect(d.schools?.map((s) => [s.name, s.pupils, s.allocation, s.floor, s.urn])).toEqual([
      ["Oakfield Primary", 210, 1234500, 1200000, undefined],
    ]);
    expect(d.skipped.map((s) => [s.dataset, s.source.row, s.code])).toEqual([["schools", 3, "negative"]]);
    expect(d.issues.filter((i) => i.code === "scaled-thousands").map((i) => i.dataset)).toEqual([
      "schools",
      "schools",
    ]);
  });

  test("a duplicate row (a dataset's own rule) names the earlier row as the user numbers it", () => {
    const d = readDatasets(
      workbook([
        sheet("Register", [
          ["Pupil ref", "School", "Setting", "Current band", "Start date"],
          ["P1", "Oakfield", "Mainstream", "A", 45901],
          ["P1", "Oakfield", "Mainstream", "A", 45901],
        ]),
      ]),
    );
    expect(d.placements).toHaveLength(1);
    expect(d.skipped.map((s) => [s.source.row, s.code, s.reason])).toEqual([
      [3, "duplicate", 'Pupil ref "P1" with Start date 01/09/2025 repeats row 2'],
    ]);
  });
});

describe("the one exact summation (core/money.ts)", () => {
  test("amounts as whole millionths, and back", () => {
    expect(exactUnits(1234.56)).toBe(1234560000n);
    expect(exactUnits(-0.01)).toBe(-10000n);
    expect(fromExactUnits(exactUnits(0.1) + exactUnits(0.2))).toBe(0.3);
  });

  test("sumPounds keeps a penny beside a huge line that cancels out", () => {
    // In floating point, 1e300 + 0.01 − 1e300 is 0: the penny is lost.
    expect(1e300 + 0.01 - 1e300).toBe(0);
    expect(sumPounds([1e300, 0.01, -1e300])).toBe(0.01);
    expect(sumPounds([0.1, 0.2])).toBe(0.3);
    expect(sumPounds([1.005, 2.675])).toBe(3.69);
  });
});
