/**
 * DSG deficit management plan (SPEC paper `DeficitPlan`; domain.md §4.2, §4.6): per year the
 * funding, expenditure, savings, transfers in, other income and write-offs from the council's
 * plan, and the in-year and cumulative balances UNMITIGATED (no savings) and MITIGATED (with the
 * savings) side by side; the first year of in-year balance, the peak deficit, and a line chart of
 * both cumulative series.
 *
 * The figures come from core trajectory(), run twice (savings 0, then the savings delivered): one
 * engine. The sheet's formulas restate its model, so a reader can follow them:
 *   in-year     = funding + transfers in + other income − expenditure (+ savings when mitigated)
 *   cumulative  = previous cumulative + in-year + write-offs (opening balance before the first year)
 *
 * A scenario (PaperOptions.deficitScenario, two input cells in the assumptions) adjusts the plan
 * before the trajectory: the share of the plan's savings delivered (mitigated series only) and extra
 * expenditure growth a year (both series). The plan's own expenditure and savings stay in their own
 * columns; the columns the trajectory uses are derived from them, rounded to the penny, and the
 * engine is given exactly those rounded figures:
 *   factor_1    = 1, factor_t = factor_{t−1} × (1 + extra growth)     (so (1 + extra growth)^(t−1))
 *   expenditure = ROUND(plan expenditure × factor, 2)
 *   savings     = ROUND(plan savings × share delivered, 2)
 * Balances are signed: a surplus is positive, a deficit negative (shown in brackets). Write-offs
 * (e.g. the High Needs Stability Grant) reduce the deficit but are not in-year income.
 *
 * The sensitivity block (deficit-sensitivity.ts) adds low and high cases of the mitigated series,
 * EHCP growth and cost inflation shifted by the Rules sheet's spreads, as a table and a band on the
 * chart.
 */

import { roundPenny } from "../core/money";
import { InternalError, isCellError } from "../core/errors";
import { OPENING_LABEL, trajectory, type TrajectoryResult, type TrajectoryRow } from "../core/trajectory";
import type { DeficitPlanYear } from "../sources/datasets";
import { skippedRowsCheck, total } from "./common";
import { writeHeading, writeKeyValues, writeNotes, writePaperTitle } from "./blocks";
import { formulaCell, moneyCell, numberCell, textCell } from "./cells";
import { type CheckInput, writeChecks } from "./checks";
import type {
  DeficitScenario,
  DsgBuild,
  MonitoringBuild,
  PaperBuild,
  PaperContext,
  PaperNotice,
} from "./house";
import { PAPERS } from "./registry";
import { type CellAt, SheetBuilder } from "./sheet-builder";
import { type Column, type TableLayout, layTable } from "./table";
import { percentText, poundsText, Shorthand, sourceSummary, sourceText } from "./text";
import {
  bandSeries,
  bandText,
  runSensitivity,
  sensitivityNote,
  type SensitivityRun,
  writeSensitivity,
} from "./deficit-sensitivity";
import { NumFmt, a1, quoteSheet } from "./spec";

const NOT_IN_PLAN = "Not within the plan";
const NO_DEFICIT = "No deficit in the plan";
const OPENING = OPENING_LABEL;
/** The format of the expenditure growth factor column (1.0200 after a year of 2%). */
const GROWTH_FACTOR_FORMAT = "0.0000";

interface PlanRow {
  readonly plan: DeficitPlanYear;
  /** (1 + extra expenditure growth)^(t−1), formed by repeated multiplication as the sheet does. */
  readonly growthFactor: number;
  /** The expenditure and savings the trajectory uses: the plan's, adjusted by the scenario, to the penny. */
  readonly expenditure: number;
  readonly savings: number;
  readonly unmitigated: TrajectoryRow;
  readonly mitigated: TrajectoryRow;
}

/** The defaults of a {@link DeficitScenario}: the plan as written. */
export const DEFAULT_DEFICIT_SCENARIO = { savingsDelivered: 1, expenditurePressure: 0 } as const;
/** The ranges accepted (inclusive). */
export const DEFICIT_SCENARIO_RANGES = {
  savingsDelivered: { min: 0, max: 1 },
  expenditurePressure: { min: -0.5, max: 0.5 },
} as const;

/**
 * The scenario to use: each value given and in range, else its default with a warning saying so.
 *
 * @param given The options' scenario, or undefined for the plan as written.
 * @returns Both values (fractions) and the warnings for the build notes.
 */
export function resolveDeficitScenario(given: DeficitScenario | undefined): {
  savingsDelivered: number;
  expenditurePressure: number;
  warnings: PaperNotice[];
} {
  const warnings: PaperNotice[] = [];
  const pick = (key: keyof typeof DEFICIT_SCENARIO_RANGES, what: string): number => {
    const value = given?.[key];
    const fallback = DEFAULT_DEFICIT_SCENARIO[key];
    if (value === undefined) return fallback;
    const { min, max } = DEFICIT_SCENARIO_RANGES[key];
    if (typeof value === "number" && Number.isFinite(value) && value >= min && value <= max) return value;
    warnings.push({
      code: "scenario-out-of-range",
      paper: "deficit-plan",
      message: `Deficit plan: ${what} must be from ${percentText(min)} to ${percentText(max)}; got ${
        typeof value === "number" && Number.isFinite(value) ? percentText(value) : String(value)
      }, so ${percentText(fallback)} (the plan as written) is used.`,
    });
    return fallback;
  };
  return {
    savingsDelivered: pick("savingsDelivered", "the share of the plan's savings delivered"),
    expenditurePressure: pick("expenditurePressure", "the extra expenditure growth a year"),
    warnings,
  };
}

/** The lowest balance (opening or any year end) as the sheet's MIN gives it, and its year. */
function peakOf(
  opening: number,
  rows: readonly TrajectoryRow[],
  result: TrajectoryResult,
): { value: number | string; year: string } {
  const min = Math.min(opening, ...rows.map((r) => r.cumulative));
  if (!(min < 0)) return { value: NO_DEFICIT, year: Shorthand.notApplicable };
  // MATCH finds the first year with the lowest balance; the opening balance only when no year has it.
  const hit = rows.find((r) => r.cumulative === min);
  const year = hit ? hit.label : OPENING;
  // The engine decides the same way (opening only when strictly lowest); keep them in step.
  if (result.peakDeficit?.amount !== min)
    throw new InternalError("Deficit plan: the peak disagrees with the engine's");
  return { value: min, year };
}

/** The plan as the engine runs it: the scenario applied to the plan's years, both series. */
interface PlanRun {
  readonly opening: number;
  readonly openingGiven: boolean;
  readonly scenario: { readonly savingsDelivered: number; readonly expenditurePressure: number };
  /** (1 + extra expenditure growth)^(t−1) a year, formed by repeated multiplication as the sheet does. */
  readonly growthFactors: readonly number[];
  readonly expenditure: readonly number[];
  readonly savings: readonly number[];
  readonly unmitigated: TrajectoryResult;
  readonly mitigated: TrajectoryResult;
  /** The mitigated series with EHCP growth and cost inflation below and above the plan's. */
  readonly sensitivity: SensitivityRun;
}

/** The key results the sheet states and the headline quotes. */
interface KeyResults {
  readonly lastYear: string;
  readonly unmitigatedPeak: { value: number | string; year: string };
  readonly mitigatedPeak: { value: number | string; year: string };
  readonly unmitigatedEnd: number;
  readonly mitigatedEnd: number;
  /** The key message in one sentence (alt text of the table and the chart). */
  readonly message: string;
}

/**
 * Build the deficit management plan paper.
 *
 * @param ctx The build context.
 * @param years The plan's years (datasets.deficitPlan), in order; at least one.
 * @param links The monitoring and DSG summary built in the same run, for agreement checks.
 * @returns The paper, or a message saying why it could not be built (the engine's error).
 */
export function buildDeficitPlan(
  ctx: PaperContext,
  years: readonly DeficitPlanYear[],
  links: { monitoring?: MonitoringBuild; dsg?: DsgBuild } = {},
): PaperBuild | { error: string } {
  const meta = PAPERS["deficit-plan"];
  const warnings: PaperNotice[] = [];
  const plan = runPlan(ctx, years, warnings);
  if ("error" in plan) return plan;
  const results = keyResults(plan, years);

  const first = years[0].year;
  const title = `${meta.title} ${years.length > 1 ? `${first} to ${results.lastYear}` : first}`;
  const sheet = new SheetBuilder(meta.sheet, "paper", meta.id, title);
  writePaperTitle(sheet, ctx, meta.id, {
    title,
    subtitle: meta.subtitle,
    purpose: ctx.purposeOf(meta.id),
    source: sourceSummary(
      ctx.datasets,
      years.map((y) => y.source),
    ),
  });
  const assumptionCells = writeAssumptions(sheet, ctx, plan);
  const table = writePlanTable(sheet, years, plan, results, assumptionCells);
  writeKeyResults(sheet, plan, results, table, assumptionCells.opening.abs);
  const sensitivityTable = writeSensitivity(
    sheet,
    ctx,
    plan.sensitivity,
    years,
    table,
    assumptionCells.opening.abs,
    plan.mitigated.rows.map((r) => r.cumulative),
  );
  writeNotes(sheet, planNotes(ctx, plan));
  const checks = planChecks(ctx, years, plan, table, assumptionCells, links);
  const placed = writeChecks(sheet, meta.checkPrefix, checks);
  writeBalanceChart(sheet, years, plan, results, table, sensitivityTable);

  return {
    id: meta.id,
    sheet: sheet.toSpec(),
    table: meta.table,
    rows: years.length,
    headline: {
      mitigatedPeak: results.mitigatedPeak.value,
      firstBalancedYear: plan.mitigated.firstBalancedYear ?? NOT_IN_PLAN,
      unmitigatedEnd: results.unmitigatedEnd,
      mitigatedEnd: results.mitigatedEnd,
      unmitigatedPeak: results.unmitigatedPeak.value,
    },
    checks: placed,
    warnings,
    usedTotals: [],
  };
}

/**
 * Run the plan through the engine (core trajectory), unmitigated (no savings) and mitigated, with
 * the scenario applied: savings × the share delivered, expenditure × the growth factor, each
 * rounded to the penny as the sheet's ROUND(…,2) does. Says in `warnings` what it assumed.
 */
function runPlan(
  ctx: PaperContext,
  years: readonly DeficitPlanYear[],
  warnings: PaperNotice[],
): PlanRun | { error: string } {
  const openingGiven = ctx.datasets.assumptions.openingBalance;
  const opening = openingGiven ?? 0;
  if (openingGiven === undefined) {
    warnings.push({
      code: "no-opening-balance",
      paper: "deficit-plan",
      dataset: "assumptions",
      message:
        "Deficit plan: the workbook gives no opening DSG balance; the paper shows £0 as an input to be replaced.",
    });
  }
  const scenario = resolveDeficitScenario(ctx.deficitScenario);
  warnings.push(...scenario.warnings);
  const delivered = scenario.savingsDelivered;
  const pressure = scenario.expenditurePressure;
  // The sheet's factor column multiplies the row above by (1 + pressure): the same products, in the
  // same order, so the cached factors are exactly what the formulas compute.
  const growthFactors: number[] = [];
  for (let i = 0; i < years.length; i++)
    growthFactors.push(i === 0 ? 1 : growthFactors[i - 1] * (1 + pressure));
  // Rounded to the penny as the sheet's ROUND(…,2) does; the engine is given these same figures.
  const expenditure = years.map((y, i) => roundPenny(y.expenditure * growthFactors[i]));
  const savings = years.map((y) => roundPenny(y.savings * delivered));
  const inputs = {
    openingBalance: opening,
    funding: years.map((y) => y.funding),
    expenditure,
    transfers: years.map((y) => y.transfers),
    otherIncome: years.map((y) => y.otherIncome),
    writeOffs: years.map((y) => y.writeOffs),
    years: years.length,
  };
  const unmitigated = trajectory({ ...inputs, savings: 0 });
  const mitigated = trajectory({ ...inputs, savings });
  if (isCellError(unmitigated)) return { error: `Deficit plan not built: ${unmitigated.message}` };
  if (isCellError(mitigated)) return { error: `Deficit plan not built: ${mitigated.message}` };
  const sensitivity = runSensitivity(ctx, {
    opening,
    funding: inputs.funding,
    expenditure,
    savings,
    transfers: inputs.transfers,
    otherIncome: inputs.otherIncome,
    writeOffs: inputs.writeOffs,
  });
  if ("error" in sensitivity) return sensitivity;
  return {
    opening,
    openingGiven: openingGiven !== undefined,
    scenario: { savingsDelivered: delivered, expenditurePressure: pressure },
    growthFactors,
    expenditure,
    savings,
    // The engine labels years "Year 1", … (the plan's labels need not be consecutive financial
    // years); the sheet shows the plan's own labels, so relabel by position.
    unmitigated: relabel(unmitigated, years),
    mitigated: relabel(mitigated, years),
    sensitivity,
  };
}

function keyResults(plan: PlanRun, years: readonly DeficitPlanYear[]): KeyResults {
  const lastYear = years[years.length - 1].year;
  const mitigatedPeak = peakOf(plan.opening, plan.mitigated.rows, plan.mitigated);
  const unmitigatedEnd = plan.unmitigated.rows[years.length - 1].cumulative;
  return {
    lastYear,
    unmitigatedPeak: peakOf(plan.opening, plan.unmitigated.rows, plan.unmitigated),
    mitigatedPeak,
    unmitigatedEnd,
    mitigatedEnd: plan.mitigated.rows[years.length - 1].cumulative,
    message: keyMessage(mitigatedPeak, unmitigatedEnd, lastYear, plan.mitigated.firstBalancedYear),
  };
}

/** The assumptions block: the balance brought forward and the two scenario inputs. */
function writeAssumptions(sheet: SheetBuilder, ctx: PaperContext, plan: PlanRun): Record<string, CellAt> {
  writeHeading(sheet, "Assumptions (inputs are marked; balances are signed: a deficit is negative)");
  const openingSource = ctx.datasets.assumptions.sources.openingBalance;
  return writeKeyValues(sheet, [
    {
      key: "opening",
      label: "Cumulative DSG balance brought forward (£, input)",
      cell: numberCell(plan.opening, NumFmt.pounds, "input"),
      note: !plan.openingGiven
        ? `${Shorthand.notAvailable} not in the workbook: enter the balance before the first year`
        : `From the workbook${openingSource ? ` (${sourceText(openingSource)})` : ""}`,
    },
    {
      key: "delivered",
      label: "Share of the plan's savings delivered, mitigated (input)",
      cell: numberCell(plan.scenario.savingsDelivered, NumFmt.percent2, "input"),
      note: "Scenario: the mitigated series counts this share of each year's plan savings; 100% is the plan as written",
    },
    {
      key: "pressure",
      label: "Extra expenditure growth a year, both series (input)",
      cell: numberCell(plan.scenario.expenditurePressure, NumFmt.percent2, "input"),
      note: "Scenario: each year's expenditure is the plan's × (1 + this)^(years after the first); 0% is the plan as written",
    },
  ]);
}

/** The plan table: one row a year, both series' in-year and cumulative balances as formulas. */
function writePlanTable(
  sheet: SheetBuilder,
  years: readonly DeficitPlanYear[],
  plan: PlanRun,
  results: KeyResults,
  assumptionCells: Record<string, CellAt>,
): TableLayout {
  const meta = PAPERS["deficit-plan"];
  const openingRef = assumptionCells.opening.abs;
  const deliveredRef = assumptionCells.delivered.abs;
  const pressureRef = assumptionCells.pressure.abs;
  const rows: PlanRow[] = years.map((year, i) => ({
    plan: year,
    growthFactor: plan.growthFactors[i],
    expenditure: plan.expenditure[i],
    savings: plan.savings[i],
    unmitigated: plan.unmitigated.rows[i],
    mitigated: plan.mitigated.rows[i],
  }));
  const cumulativeFormula = (
    c: { index: number; row: number },
    inYearRef: string,
    writeOffRef: string,
    col: number,
  ): string => {
    const previous = c.index === 0 ? openingRef : a1(c.row - 1, col);
    return `ROUND(${previous}+${inYearRef}+${writeOffRef},2)`;
  };
  // Columns in order; their indexes are needed for the "previous row" reference of the cumulative.
  const keys = [
    "year",
    "funding",
    "expenditure",
    "savings",
    "transfers",
    "otherIncome",
    "writeOffs",
    "unInYear",
    "unCum",
    "miInYear",
    "miCum",
    "unBalanced",
    "miBalanced",
    "planExpenditure",
    "growthFactor",
    "planSavings",
    "source",
  ] as const;
  const colOf = (key: (typeof keys)[number]): number => keys.indexOf(key);
  const columns: Column<PlanRow>[] = [
    { key: "year", header: "Year", cell: (r) => textCell(r.plan.year) },
    { key: "funding", header: "High Needs Block funding (£)", cell: (r) => moneyCell(r.plan.funding) },
    {
      key: "expenditure",
      header: "Expenditure before savings, scenario (£)",
      cell: (r, c) =>
        formulaCell(
          `ROUND(${c.ref("planExpenditure")}*${c.ref("growthFactor")},2)`,
          r.expenditure,
          NumFmt.pounds,
        ),
    },
    {
      key: "savings",
      header: "Savings delivered (£)",
      cell: (r, c) =>
        formulaCell(`ROUND(${c.ref("planSavings")}*${deliveredRef},2)`, r.savings, NumFmt.pounds),
    },
    { key: "transfers", header: "Transfers in (£)", cell: (r) => moneyCell(r.plan.transfers) },
    { key: "otherIncome", header: "Other income (£)", cell: (r) => moneyCell(r.plan.otherIncome) },
    { key: "writeOffs", header: "Write-offs (£)", cell: (r) => moneyCell(r.plan.writeOffs) },
    {
      key: "unInYear",
      header: "Unmitigated in-year surplus/(deficit) (£)",
      cell: (r, c) =>
        formulaCell(
          `ROUND(${c.ref("funding")}+${c.ref("transfers")}+${c.ref("otherIncome")}-${c.ref("expenditure")},2)`,
          r.unmitigated.inYear,
          NumFmt.pounds,
        ),
    },
    {
      key: "unCum",
      header: "Unmitigated cumulative balance (£)",
      cell: (r, c) =>
        formulaCell(
          cumulativeFormula(c, c.ref("unInYear"), c.ref("writeOffs"), colOf("unCum")),
          r.unmitigated.cumulative,
          NumFmt.pounds,
        ),
    },
    {
      key: "miInYear",
      header: "Mitigated in-year surplus/(deficit) (£)",
      cell: (r, c) =>
        formulaCell(
          `ROUND(${c.ref("funding")}+${c.ref("transfers")}+${c.ref("otherIncome")}-${c.ref("expenditure")}+${c.ref("savings")},2)`,
          r.mitigated.inYear,
          NumFmt.pounds,
        ),
    },
    {
      key: "miCum",
      header: "Mitigated cumulative balance (£)",
      cell: (r, c) =>
        formulaCell(
          cumulativeFormula(c, c.ref("miInYear"), c.ref("writeOffs"), colOf("miCum")),
          r.mitigated.cumulative,
          NumFmt.pounds,
        ),
    },
    {
      key: "unBalanced",
      header: "Unmitigated balanced? (1=yes)",
      cell: (r, c) =>
        formulaCell(`IF(${c.ref("unInYear")}>=0,1,0)`, r.unmitigated.inYear >= 0 ? 1 : 0, NumFmt.count),
    },
    {
      key: "miBalanced",
      header: "Mitigated balanced? (1=yes)",
      cell: (r, c) =>
        formulaCell(`IF(${c.ref("miInYear")}>=0,1,0)`, r.mitigated.inYear >= 0 ? 1 : 0, NumFmt.count),
    },
    {
      key: "planExpenditure",
      header: "Plan expenditure before savings (£)",
      cell: (r) => moneyCell(r.plan.expenditure),
    },
    {
      key: "growthFactor",
      header: "Extra expenditure growth factor",
      cell: (r, c) =>
        c.index === 0
          ? numberCell(r.growthFactor, GROWTH_FACTOR_FORMAT)
          : formulaCell(
              `${a1(c.row - 1, colOf("growthFactor"))}*(1+${pressureRef})`,
              r.growthFactor,
              GROWTH_FACTOR_FORMAT,
            ),
    },
    { key: "planSavings", header: "Plan savings (£)", cell: (r) => moneyCell(r.plan.savings) },
    { key: "source", header: "Source", cell: (r) => textCell(sourceText(r.plan.source)) },
  ];
  columns.forEach((column, i) => {
    if (column.key !== keys[i]) throw new InternalError(`Deficit plan: column ${column.key} out of order`);
  });

  const table = layTable(sheet, {
    name: meta.table,
    altText: `Deficit management plan, ${rows.length} years: unmitigated and mitigated in-year and cumulative balances. ${results.message}`,
    columns,
    rows,
  });
  sheet.freezeAtHeader(table.headerRow);
  return table;
}

/** The key results: first balanced year, peak deficit and its year, end balances, savings delivered. */
function writeKeyResults(
  sheet: SheetBuilder,
  plan: PlanRun,
  results: KeyResults,
  table: TableLayout,
  openingRef: string,
): void {
  writeHeading(sheet, "Key results");
  const yearRange = table.range("year");
  const minOf = (key: "unCum" | "miCum"): string => `MIN(${openingRef},${table.range(key)})`;
  const firstYear = (key: "unBalanced" | "miBalanced"): string =>
    `IFERROR(INDEX(${yearRange},MATCH(1,${table.range(key)},0)),"${NOT_IN_PLAN}")`;
  const peakFormula = (key: "unCum" | "miCum"): string => `IF(${minOf(key)}<0,${minOf(key)},"${NO_DEFICIT}")`;
  const peakYearFormula = (key: "unCum" | "miCum"): string =>
    `IF(${minOf(key)}<0,IFERROR(INDEX(${yearRange},MATCH(${minOf(key)},${table.range(key)},0)),"${OPENING}"),"${Shorthand.notApplicable}")`;
  const lastRow = table.rowCount - 1;
  const savingsTotal = total(plan.savings);
  writeKeyValues(sheet, [
    {
      key: "miFirst",
      label: "First year of in-year balance, mitigated",
      cell: formulaCell(firstYear("miBalanced"), plan.mitigated.firstBalancedYear ?? NOT_IN_PLAN),
    },
    {
      key: "unFirst",
      label: "First year of in-year balance, unmitigated",
      cell: formulaCell(firstYear("unBalanced"), plan.unmitigated.firstBalancedYear ?? NOT_IN_PLAN),
    },
    {
      key: "miPeak",
      label: "Peak cumulative deficit, mitigated (£)",
      cell: formulaCell(peakFormula("miCum"), results.mitigatedPeak.value, NumFmt.pounds),
    },
    {
      key: "miPeakYear",
      label: "Year the mitigated deficit peaks",
      cell: formulaCell(peakYearFormula("miCum"), results.mitigatedPeak.year),
    },
    {
      key: "unPeak",
      label: "Peak cumulative deficit, unmitigated (£)",
      cell: formulaCell(peakFormula("unCum"), results.unmitigatedPeak.value, NumFmt.pounds),
    },
    {
      key: "unPeakYear",
      label: "Year the unmitigated deficit peaks",
      cell: formulaCell(peakYearFormula("unCum"), results.unmitigatedPeak.year),
    },
    {
      key: "miEnd",
      label: `Mitigated cumulative balance at the end of ${results.lastYear} (£)`,
      cell: formulaCell(table.cell("miCum", lastRow).ref, results.mitigatedEnd, NumFmt.pounds),
    },
    {
      key: "unEnd",
      label: `Unmitigated cumulative balance at the end of ${results.lastYear} (£)`,
      cell: formulaCell(table.cell("unCum", lastRow).ref, results.unmitigatedEnd, NumFmt.pounds),
    },
    {
      key: "savings",
      label: "Savings delivered over the plan, mitigated (£)",
      cell: formulaCell(`ROUND(SUM(${table.range("savings")}),2)`, savingsTotal, NumFmt.pounds),
    },
  ]);
}

/** The notes: signs, the two series, the scenario, the cumulative balance, the grant and the override. */
function planNotes(ctx: PaperContext, plan: PlanRun): string[] {
  const hnsg = ctx.rules.get("hnsgShare");
  return [
    "Balances are signed: a surplus is positive, a deficit negative (shown in brackets).",
    "Unmitigated leaves out the savings; mitigated includes the savings delivered. In-year surplus/(deficit) = funding + transfers in + other income − expenditure (+ savings delivered for mitigated).",
    plan.scenario.savingsDelivered === 1 && plan.scenario.expenditurePressure === 0
      ? "Scenario: the plan as written (100% of the plan's savings delivered, no extra expenditure growth). Change the two scenario inputs above to test other assumptions; the balances recalculate."
      : `Scenario: ${percentText(plan.scenario.savingsDelivered)} of the plan's savings delivered in the mitigated series, and expenditure growing ${percentText(plan.scenario.expenditurePressure)} a year more than the plan in both series. The plan's own figures are in the "Plan expenditure before savings" and "Plan savings" columns.`,
    'How the scenario columns are derived: the growth factor is 1 in the first year and the previous year\'s factor × (1 + extra expenditure growth) after, i.e. (1 + extra growth)^(years after the first); "Expenditure before savings, scenario" = ROUND(plan expenditure × factor, 2); "Savings delivered" = ROUND(plan savings × share delivered, 2).',
    "Cumulative balance = the previous year's balance (the balance brought forward for the first year) + in-year surplus/(deficit) + write-offs. Write-offs reduce the deficit but are not in-year income.",
    `The High Needs Stability Grant will fund ${percentText(hnsg.value)} of the eligible high-needs deficit at 31 March 2026, paid in autumn 2026 if the DfE approves a local SEND reform plan (Rules sheet). Enter it as a write-off in 2026-27 only once it is confirmed.`,
    "The statutory override keeps DSG deficits off the council's general fund until 31 March 2028.",
    sensitivityNote(),
    'The "balanced? (1=yes)" columns mark years with an in-year surplus or break-even; the first year of in-year balance is the first 1 in the column.',
  ];
}

/** The checks: each series reconciles, and the plan agrees with the monitoring and the DSG summary. */
function planChecks(
  ctx: PaperContext,
  years: readonly DeficitPlanYear[],
  plan: PlanRun,
  table: TableLayout,
  assumptionCells: Record<string, CellAt>,
  links: { monitoring?: MonitoringBuild; dsg?: DsgBuild },
): CheckInput[] {
  const checks: CheckInput[] = [];
  const reconcile = (
    label: "mitigated" | "unmitigated",
    cumKey: "miCum" | "unCum",
    inYearKey: "miInYear" | "unInYear",
    rowsOf: readonly TrajectoryRow[],
  ): CheckInput => {
    const end = rowsOf[rowsOf.length - 1].cumulative;
    const sumInYear = total(rowsOf.map((r) => r.inYear));
    const sumWriteOffs = total(rowsOf.map((r) => r.writeOffs));
    // Formula order: ((opening + Σ in-year) + Σ write-offs), rounded: the value is computed the same way.
    const expected = roundPenny(plan.opening + sumInYear + sumWriteOffs);
    return {
      description: `The ${label} balance at the end of the plan equals the balance brought forward plus every year's in-year figure and write-offs`,
      value: formulaCell(table.cell(cumKey, table.rowCount - 1).ref, end, NumFmt.pounds),
      expected: formulaCell(
        `ROUND(${assumptionCells.opening.ref}+SUM(${table.range(inYearKey)})+SUM(${table.range("writeOffs")}),2)`,
        expected,
        NumFmt.pounds,
      ),
      test: "equal",
      howToFix:
        "A cumulative balance formula has been changed or overwritten; copy the column's formula down again.",
    };
  };
  checks.push(reconcile("mitigated", "miCum", "miInYear", plan.mitigated.rows));
  checks.push(reconcile("unmitigated", "unCum", "unInYear", plan.unmitigated.rows));

  // The papers built together agree on the High Needs Block for the current financial year.
  const fyIndex = ctx.financialYear ? years.findIndex((y) => y.year === ctx.financialYear) : -1;
  if (fyIndex >= 0 && links.monitoring) {
    // The forecast outturn already has this year's savings in it: compare expenditure less savings.
    const forecast = links.monitoring.totals.forecast;
    const fy = years[fyIndex];
    const net = roundPenny(fy.expenditure - fy.savings);
    checks.push({
      description: `Plan expenditure less savings for ${fy.year} agrees with the HNB monitoring forecast outturn`,
      value: formulaCell(
        `ROUND(${table.cell("planExpenditure", fyIndex).ref}-${table.cell("planSavings", fyIndex).ref},2)`,
        net,
        NumFmt.pounds,
      ),
      expected: formulaCell(forecast.xref, forecast.value, NumFmt.pounds),
      test: "equal",
      howToFix:
        net === forecast.value
          ? `If it fails: update the plan's expenditure or savings for ${fy.year} to the latest forecast outturn, or explain the difference to the Forum.`
          : `The plan's expenditure less savings for ${fy.year} (${poundsText(net)}) differs from the latest forecast outturn (${poundsText(forecast.value)}) by ${poundsText(roundPenny(net - forecast.value))}: update the plan to the latest forecast, or explain the difference to the Forum.`,
    });
  }
  if (fyIndex >= 0 && links.dsg?.highNeeds) {
    const allocation = links.dsg.highNeeds.allocation;
    const funding = years[fyIndex].funding;
    checks.push({
      description: `Plan funding for ${years[fyIndex].year} agrees with the DSG summary's High Needs allocation`,
      value: formulaCell(table.cell("funding", fyIndex).ref, funding, NumFmt.pounds),
      expected: formulaCell(
        `${quoteSheet(links.dsg.sheet.name)}!${allocation.abs}`,
        allocation.value,
        NumFmt.pounds,
      ),
      test: "equal",
      howToFix:
        funding === allocation.value
          ? `If it fails: update the plan's funding for ${years[fyIndex].year} to the DSG High Needs allocation, or explain the difference (e.g. import/export adjustments) to the Forum.`
          : `The plan's funding for ${years[fyIndex].year} (${poundsText(funding)}) differs from the DSG High Needs allocation (${poundsText(allocation.value)}): update the plan to the latest allocation, or explain the difference (e.g. import/export adjustments) to the Forum.`,
    });
  }
  const skipped = skippedRowsCheck(ctx, "deficitPlan");
  if (skipped) checks.push(skipped);
  return checks;
}

/** The line chart of both cumulative balances, with the sensitivity band round the mitigated one. */
function writeBalanceChart(
  sheet: SheetBuilder,
  years: readonly DeficitPlanYear[],
  plan: PlanRun,
  results: KeyResults,
  table: TableLayout,
  sensitivityTable: TableLayout,
): void {
  // The chart goes last so it covers no cells (no blank spacer rows are needed under it).
  const chartRow = sheet.cursor;
  sheet.addChart({
    kind: "line",
    title: "Cumulative DSG balance: unmitigated and mitigated, with the low and high cases",
    altText: `Line chart of the cumulative DSG balance by year, unmitigated and mitigated, with a band of thinner dotted and dashed lines round the mitigated balance for the low and high cases. ${results.message} ${bandText(plan.sensitivity, years)}`,
    categoriesRef: table.xrange("year"),
    categories: years.map((y) => y.year),
    series: [
      {
        name: "Unmitigated",
        valuesRef: table.xrange("unCum"),
        values: plan.unmitigated.rows.map((r) => r.cumulative),
      },
      {
        name: "Mitigated",
        valuesRef: table.xrange("miCum"),
        values: plan.mitigated.rows.map((r) => r.cumulative),
      },
      // The band round the mitigated series (index 1).
      ...bandSeries(plan.sensitivity, sensitivityTable, 1),
    ],
    yAxisTitle: "Cumulative balance (£)",
    yNumFmt: NumFmt.pounds,
    anchor: { fromRow: chartRow, fromCol: 0, toRow: chartRow + 20, toCol: 8 },
  });
}

/** The engine's result with the plan's own year labels in place of "Year 1", "Year 2", …. */
function relabel(result: TrajectoryResult, years: readonly DeficitPlanYear[]): TrajectoryResult {
  const label = (engineLabel: string | undefined): string | undefined => {
    if (engineLabel === undefined || engineLabel === OPENING_LABEL) return engineLabel;
    const i = result.rows.findIndex((r) => r.label === engineLabel);
    return i >= 0 ? years[i].year : engineLabel;
  };
  return {
    ...result,
    rows: result.rows.map((r, i) => ({ ...r, label: years[i].year })),
    firstBalancedYear: label(result.firstBalancedYear),
    peakDeficit: result.peakDeficit
      ? { ...result.peakDeficit, label: label(result.peakDeficit.label) as string }
      : undefined,
  };
}

/** The chart's key message in words, e.g. "Mitigated deficit peaks at (£42,000,000) in 2028-29; …". */
function keyMessage(
  miPeak: { value: number | string; year: string },
  lastUn: number,
  lastYear: string,
  firstBalanced: string | undefined,
): string {
  const parts: string[] = [];
  if (typeof miPeak.value === "number") {
    parts.push(
      `Mitigated deficit peaks at ${poundsText(miPeak.value)} ${miPeak.year === OPENING ? "at the start of the plan" : `in ${miPeak.year}`}`,
    );
  } else parts.push("The mitigated balance does not go into deficit");
  parts.push(
    lastUn < 0
      ? `unmitigated deficit reaches ${poundsText(lastUn)} by ${lastYear}`
      : `unmitigated balance is ${poundsText(lastUn)} by ${lastYear}`,
  );
  parts.push(
    firstBalanced
      ? `mitigated in-year balance is first reached in ${firstBalanced}`
      : "mitigated in-year balance is not reached within the plan",
  );
  return `${parts.join("; ")}.`;
}
