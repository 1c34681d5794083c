/**
 * Tables with the blocks or the years across the columns (transpose.ts), read through the reader.
 * Expected figures are worked out by hand from the cells written here.
 */

import { readDatasets } from "../../src/sources";
import { transposedSheets } from "../../src/sources/transpose";
import { sheet, workbook } from "./helpers";

describe("DSG blocks across the columns", () => {
  const rows = [
    ["DSG budget monitoring 2026-27 (£000)"],
    [],
    ["£000", "Schools", "CSSB", "Early Years", "High Needs", "Total"],
    ["DSG allocation", 243944, 2350, 33382, 62616, 342292],
    ["Transfers between blocks", -1270, 0, 0, 1270, 0],
    ["Revised budget", 242674, 2350, 33382, 63886, 342292],
    ["Forecast variance", -1006, -21, -372, 12644, 11245],
    ["Forecast outturn", 241668, 2329, 33010, 76530, 353537],
  ];
  const data = readDatasets(workbook([sheet("DSG 2026-27", rows)]));

  it("reads one block a column, in pounds, and not the total column as a block", () => {
    expect(data.dsgBlocks?.map((b) => [b.block, b.allocation, b.transfers, b.budget, b.forecast])).toEqual([
      ["Schools", 243944000, -1270000, 242674000, 241668000],
      ["CSSB", 2350000, 0, 2350000, 2329000],
      ["Early Years", 33382000, 0, 33382000, 33010000],
      ["High Needs", 62616000, 1270000, 63886000, 76530000],
    ]);
  });

  it("takes the forecast from 'Forecast outturn', never from 'Forecast variance'", () => {
    const m = data.mappings.find((x) => x.dataset === "dsgBlocks");
    // Virtual header: Block, allocation, transfers, budget, variance, outturn → outturn is the
    // sixth column, 5 zero-based.
    expect(m?.columns.forecast).toBe(5);
  });

  it("points every record at the real sheet and the row the blocks are named on", () => {
    expect(new Set(data.dsgBlocks?.map((b) => `${b.source.sheet}!${b.source.row}`))).toEqual(
      new Set(["DSG 2026-27!3"]),
    );
  });

  it("uses the Total column as a check, not as data", () => {
    const t = data.totals.find((x) => x.dataset === "dsgBlocks" && x.field === "allocation");
    expect(t?.stated).toBe(342292000);
    expect(t?.computed).toBe(342292000);
  });
});

describe("a DSG management plan with the years across", () => {
  const rows = [
    ["DSG management plan – financial summary (High Needs Block)"],
    ["£000"],
    [],
    ["Financial year", "FY 2025-26", "FY 2026-27", "FY 2027-28"],
    ["High Needs Block DSG income", "59,535", "62,307", "65,342"],
    ["Transfer from Schools Block", "1,134", "1,346", "0"],
    ["Other income", "0", "496", "0"],
    ["Total high needs expenditure", "70,332", "76,763", "83,294"],
    ["Management plan savings", "0", "1,569", "2,815"],
    ["HNSG / deficit write-off", "0", "0", "2,235"],
    ["In year surplus / (deficit)", "(9,663)", "(11,045)", "(13,815)"],
    ["Cumulative balance b/f", "(33,930)", "(43,593)", "(54,638)"],
    ["Cumulative balance c/f", "(43,593)", "(54,638)", "(68,453)"],
  ];
  const data = readDatasets(workbook([sheet("Financial summary", rows)]));

  it("reads a year a column, scaled by the £000 row above the table", () => {
    expect(
      data.deficitPlan?.map((y) => [
        y.year,
        y.funding,
        y.transfers,
        y.otherIncome,
        y.expenditure,
        y.savings,
        y.writeOffs,
      ]),
    ).toEqual([
      ["FY 2025-26", 59535000, 1134000, 0, 70332000, 0, 0],
      ["FY 2026-27", 62307000, 1346000, 496000, 76763000, 1569000, 0],
      ["FY 2027-28", 65342000, 0, 0, 83294000, 2815000, 2235000],
    ]);
  });

  it("takes the opening balance from the first year's balance brought forward", () => {
    expect(data.assumptions.openingBalance).toBe(-33930000);
    expect(data.assumptions.sources.openingBalance).toEqual({ sheet: "Financial summary", row: 12 });
  });
});

describe("what is not a table read across", () => {
  it("a monitoring table with the year in its column names", () => {
    const s = sheet("HNB", [
      ["Line", "Budget 2026-27", "Forecast 2026-27", "Budget 2027-28"],
      ["Top-up", 100, 120, 130],
      ["Place funding", 200, 210, 220],
    ]);
    expect(transposedSheets([s])).toEqual([]);
  });

  it("two years across only", () => {
    const s = sheet("Plan", [
      ["", "2025-26", "2026-27"],
      ["Income", 100, 120],
      ["Expenditure", 200, 210],
    ]);
    expect(transposedSheets([s])).toEqual([]);
  });

  it("years across with one row of figures under them", () => {
    const s = sheet("Plan", [
      ["", "2025-26", "2026-27", "2027-28"],
      ["Income", 100, 120, 130],
    ]);
    expect(transposedSheets([s])).toEqual([]);
  });
});
