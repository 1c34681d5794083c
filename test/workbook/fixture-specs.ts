/**
 * Hand-made SheetSpecs for the xlsx adapter tests: a paper with a title block, a table of native
 * formulas with a totals row below it, a date column, an input cell used by absolute reference,
 * a line chart; a contents sheet with an in-workbook link; and a sheet whose name has an
 * apostrophe (the quoting case every reference writer gets wrong once).
 *
 * Cached values are computed here the way Excel will compute the formulas, so a recalculating
 * engine must agree with them to the penny.
 */
import { NumFmt, quoteSheet, type CellSpec, type ChartSpec, type SheetSpec } from "../../src/papers/spec";
import { serialFromDate } from "../../src/core/dates";

const c = (value: CellSpec["value"], extra: Omit<CellSpec, "value"> = {}): CellSpec => ({ value, ...extra });

/** Excel's ROUND(x, 0) for the positive amounts used here (half away from zero). */
const round0 = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));

export const PLAN = "Deficit plan";
export const CONTENTS = "Contents";
export const CHILDRENS = "Children's services";

export const GROWTH = 0.035;
const years = ["2026-27", "2027-28", "2028-29", "2029-30", "2030-31"];
const funding = [61_250_000, 62_400_000, 63_550_000, 64_700_000, 65_900_000];
const firstExpenditure = 66_830_412.5;

/** Row numbers (zero-based) of the plan's layout. */
export const PLAN_ROWS = { header: 5, firstData: 6, lastData: 10, total: 11, note: 12 } as const;

export interface PlanFigures {
  readonly expenditure: number[];
  readonly inYear: number[];
  readonly cumulative: number[];
}

export function planFigures(): PlanFigures {
  const expenditure: number[] = [firstExpenditure];
  for (let i = 1; i < years.length; i++) expenditure.push(round0(expenditure[i - 1] * (1 + GROWTH)));
  const inYear = funding.map((f, i) => f - expenditure[i]);
  const cumulative: number[] = [];
  // Opening balance in B5 (row 4): the deficit brought forward.
  inYear.forEach((v, i) => cumulative.push((i === 0 ? OPENING : cumulative[i - 1]) + v));
  return { expenditure, inYear, cumulative };
}
export const OPENING = -12_400_000.25;

function planSpec(): SheetSpec {
  const { expenditure, inYear, cumulative } = planFigures();
  const meeting = serialFromDate(2026, 3, 12)!;
  const money = NumFmt.poundsPence;
  const rows: (CellSpec | null)[][] = [
    [c("Deficit management plan", { style: "title" })],
    [
      c("Unmitigated DSG deficit trajectory, 2026-27 to 2030-31, £ (a deficit is negative)", {
        style: "subtitle",
      }),
    ],
    [c("Meeting date", { style: "label" }), c(meeting, { style: "input", numFmt: NumFmt.date })],
    [
      c("Expenditure growth a year", { style: "label" }),
      c(GROWTH, { style: "input", numFmt: NumFmt.percent }),
    ],
    [c("Balance brought forward (£)", { style: "label" }), c(OPENING, { style: "input", numFmt: money })],
    [
      c("Year", { style: "header" }),
      c("Funding (£)", { style: "header" }),
      c("Expenditure (£)", { style: "header" }),
      c("In-year surplus or (deficit) (£)", { style: "header" }),
      c("Cumulative balance (£)", { style: "header" }),
      c("Year starts", { style: "header" }),
    ],
  ];
  years.forEach((year, i) => {
    const r = PLAN_ROWS.firstData + i + 1; // one-based row number in formulas
    rows.push([
      c(year),
      c(funding[i], { numFmt: money, style: "input" }),
      i === 0
        ? c(expenditure[0], { numFmt: money, style: "input" })
        : c(expenditure[i], { formula: `ROUND(C${r - 1}*(1+$B$4),0)`, numFmt: money }),
      c(inYear[i], { formula: `B${r}-C${r}`, numFmt: money }),
      c(cumulative[i], { formula: i === 0 ? `$B$5+D${r}` : `E${r - 1}+D${r}`, numFmt: money }),
      c(serialFromDate(2026 + i, 4, 1)!, { numFmt: NumFmt.date }),
    ]);
  });
  const first = PLAN_ROWS.firstData + 1;
  const last = PLAN_ROWS.lastData + 1;
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  rows.push([
    c("Total", { style: "total" }),
    c(sum(funding), { formula: `SUM(B${first}:B${last})`, numFmt: money, style: "total" }),
    c(sum(expenditure), { formula: `SUM(C${first}:C${last})`, numFmt: money, style: "total" }),
    c(sum(inYear), { formula: `SUM(D${first}:D${last})`, numFmt: money, style: "total" }),
    c(cumulative[cumulative.length - 1], { formula: `E${last}`, numFmt: money, style: "total" }),
    c(null, { style: "total" }),
  ]);
  rows.push([
    c("Source: test fixture. Negative balances are deficits, shown in brackets.", { style: "note" }),
  ]);

  const ref = (col: string): string => `${quoteSheet(PLAN)}!$${col}$${first}:$${col}$${last}`;
  const chart: ChartSpec = {
    kind: "line",
    title: "DSG cumulative balance, 2026-27 to 2030-31",
    altText:
      "Line chart of the DSG balance from 2026-27 to 2030-31. The cumulative deficit grows every year, " +
      `from ${Math.round(cumulative[0] / 1e6)} million pounds to ${Math.round(cumulative[4] / 1e6)} million pounds.`,
    categoriesRef: ref("A"),
    categories: years,
    series: [
      { name: "Cumulative balance", valuesRef: ref("E"), values: cumulative },
      { name: "In-year surplus or (deficit)", valuesRef: ref("D"), values: inYear },
    ],
    yAxisTitle: "£ (negative = deficit)",
    yNumFmt: NumFmt.pounds,
    anchor: { fromRow: 14, fromCol: 0, toRow: 28, toCol: 5 },
  };

  return {
    name: PLAN,
    kind: "paper",
    id: "deficit-plan",
    cells: rows,
    tables: [
      {
        name: "DeficitPlan",
        headerRow: PLAN_ROWS.header,
        firstCol: 0,
        columnCount: 6,
        dataRowCount: years.length,
        totalsRow: true,
        altText:
          "Funding, expenditure and the in-year and cumulative DSG balance for each year from 2026-27 to 2030-31.",
      },
    ],
    charts: [chart],
    columnWidths: [30, 18, 18, 22, 22, 14],
    print: {
      orientation: "landscape",
      paperSize: "A4",
      fitToWidth: 1,
      repeatRows: { first: 5, last: 5 },
      footer: "Deficit management plan",
    },
    freezeRows: PLAN_ROWS.firstData,
  };
}

function contentsSpec(): SheetSpec {
  return {
    name: CONTENTS,
    kind: "contents",
    id: "contents",
    cells: [
      [c("Contents", { style: "title" })],
      [c("The sheets in this workbook, with a link to each", { style: "subtitle" })],
      [c("Sheet", { style: "header" }), c("What it holds", { style: "header" })],
      [c(PLAN, { style: "link", link: `${quoteSheet(PLAN)}!A1` }), c("The deficit trajectory and its chart")],
      [
        c(CHILDRENS, { style: "link", link: `${quoteSheet(CHILDRENS)}!A1` }),
        c("Cost of children's placements"),
      ],
    ],
    tables: [
      {
        name: "Contents",
        headerRow: 2,
        firstCol: 0,
        columnCount: 2,
        dataRowCount: 2,
        totalsRow: false,
        altText: "List of sheets.",
      },
    ],
    charts: [],
    columnWidths: [28, 50],
    print: { orientation: "portrait", paperSize: "A4", fitToWidth: 1, footer: "Contents & notes" },
    freezeRows: 0,
  };
}

function childrensSpec(): SheetSpec {
  const { cumulative } = planFigures();
  const placements = [
    ["Special school", 42, 23_456.78],
    ["Independent special school", 7, 61_234.5],
    ["Mainstream top-up", 130, 6_789.12],
  ] as const;
  const rows: (CellSpec | null)[][] = [
    [c("Children's services placements", { style: "title" })],
    [c("Annual cost of placements by setting, £", { style: "subtitle" })],
    [
      c("Setting", { style: "header" }),
      c("Placements", { style: "header" }),
      c("Unit cost (£)", { style: "header" }),
      c("Annual cost (£)", { style: "header" }),
      c("Share of total", { style: "header" }),
    ],
  ];
  const costs = placements.map(([, n, unit]) => Math.round(n * unit * 100) / 100);
  const total = costs.reduce((a, b) => a + b, 0);
  placements.forEach(([setting, n, unit], i) => {
    const r = 4 + i;
    rows.push([
      c(setting),
      c(n, { numFmt: NumFmt.count }),
      c(unit, { numFmt: NumFmt.poundsPence }),
      c(costs[i], { formula: `ROUND(B${r}*C${r},2)`, numFmt: NumFmt.poundsPence }),
      c(costs[i] / total, { formula: `D${r}/$D$7`, numFmt: NumFmt.percent }),
    ]);
  });
  rows.push([
    c("Total", { style: "total" }),
    c(
      placements.reduce((a, p) => a + p[1], 0),
      { formula: "SUM(B4:B6)", numFmt: NumFmt.count, style: "total" },
    ),
    c(null, { style: "total" }),
    c(total, { formula: "SUM(D4:D6)", numFmt: NumFmt.poundsPence, style: "total" }),
    c(1, { formula: "SUM(E4:E6)", numFmt: NumFmt.percent, style: "total" }),
  ]);
  rows.push([
    c("Deficit carried forward (£)", { style: "label" }),
    c(cumulative[4], { formula: `${quoteSheet(PLAN)}!E12`, numFmt: NumFmt.pounds, style: "check" }),
    c("Check: placements total is positive", { style: "label" }),
    c(true, { formula: "D7>0", style: "check" }),
  ]);
  return {
    name: CHILDRENS,
    kind: "paper",
    id: "placement-summary",
    cells: rows,
    tables: [
      {
        name: "PlacementSummary",
        headerRow: 2,
        firstCol: 0,
        columnCount: 5,
        dataRowCount: 3,
        totalsRow: true,
        altText: "Placements, unit cost and annual cost by setting.",
      },
    ],
    charts: [],
    columnWidths: [30, 12, 14, 16, 12],
    print: {
      orientation: "landscape",
      paperSize: "A4",
      fitToWidth: 1,
      repeatRows: { first: 2, last: 2 },
      footer: "Children's services placements",
    },
    freezeRows: 3,
  };
}

/** The three fixture sheets, the paper with the chart first (so it is page 1 of the PDF). */
export function fixtureSpecs(): SheetSpec[] {
  return [planSpec(), contentsSpec(), childrensSpec()];
}
