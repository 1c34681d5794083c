/**
 * Sensitivity of the deficit plan (SPEC "Beyond the papers"; domain.md §4.5–4.6): the mitigated
 * series again with EHCP growth and cost inflation below (low case) and above (high case) the rates
 * the plan assumes, by the two spreads on the Rules sheet (±2 and ±1 percentage points).
 *
 * The plan gives its expenditure year by year, with the council's own growth and inflation already
 * in it, so a case re-grows that expenditure by the change in the rates. Expenditure is placements ×
 * cost per placement (domain.md §4.6), so raising EHCP growth from g to g′ and cost inflation from
 * i to i′ scales each later year by (1 + g′)/(1 + g) × (1 + i′)/(1 + i):
 *   shifted rate = the plan's rate (input) ∓ the Rules spread         (one cell per rate and case)
 *   factor_1     = 1, factor_t = factor_{t−1} × (1 + g′)/(1 + g) × (1 + i′)/(1 + i)
 *   expenditure  = ROUND(the central (scenario) expenditure × factor, 2)
 *   in-year      = funding + transfers in + other income − expenditure + savings delivered
 *   cumulative   = previous cumulative + in-year + write-offs (the balance brought forward first)
 * Every other figure is the central mitigated series' own cell, so the cases move with the plan's
 * inputs, the scenario and the Rules spreads. The cached values come from core trajectory() run on
 * the shifted expenditure: the same engine as the central series.
 */

import { InternalError, isCellError } from "../core/errors";
import { roundPenny } from "../core/money";
import { trajectory, type TrajectoryResult } from "../core/trajectory";
import type { DeficitPlanYear } from "../sources/datasets";
import { writeHeading, writeKeyValues } from "./blocks";
import { formulaCell, numberCell, textCell } from "./cells";
import type { PaperContext } from "./house";
import type { CellAt, SheetBuilder } from "./sheet-builder";
import { type ChartSeriesSpec, NumFmt, a1 } from "./spec";
import { type Column, type TableLayout, layTable } from "./table";
import { percentText, poundsText } from "./text";

/** Name of the sensitivity table (Excel table names are workbook-wide). */
export const SENSITIVITY_TABLE = "DeficitSensitivity";

/**
 * The rates the plan is taken to assume until the author enters its own (input cells): England's
 * EHCP growth to January 2025, and the average yearly rise in independent special school spend per
 * EHCP pupil from 2020-21 to 2024-25 (£54k to £64k: (64/54)^(1/4) − 1 ≈ 4.3%).
 */
export const DEFAULT_PLAN_RATES = { ehcpGrowth: 0.108, costInflation: 0.043 } as const;

/** The format of the expenditure factor columns (1.0331 after a year). */
const FACTOR_FORMAT = "0.0000";

/** One case, low or high: its shifted rates, factors, expenditure and the engine's series. */
export interface SensitivityCase {
  readonly ehcpGrowth: number;
  readonly costInflation: number;
  /** factor_t as the sheet forms it: repeated multiplication and division, left to right. */
  readonly factors: readonly number[];
  /** The expenditure the engine is given: the central expenditure × factor, to the penny. */
  readonly expenditure: readonly number[];
  readonly result: TrajectoryResult;
}

/** Both cases and the rates and spreads they come from. */
export interface SensitivityRun {
  readonly ehcpGrowth: number;
  readonly costInflation: number;
  readonly ehcpSpread: number;
  readonly inflationSpread: number;
  readonly low: SensitivityCase;
  readonly high: SensitivityCase;
}

/** The central mitigated series' inputs, as the deficit plan gives them to the engine. */
export interface CentralInputs {
  readonly opening: number;
  readonly funding: readonly number[];
  /** The scenario's expenditure before savings, to the penny (the central series'). */
  readonly expenditure: readonly number[];
  /** The savings delivered, to the penny (the mitigated series'). */
  readonly savings: readonly number[];
  readonly transfers: readonly number[];
  readonly otherIncome: readonly number[];
  readonly writeOffs: readonly number[];
}

/**
 * Run both cases through core trajectory().
 *
 * @param ctx The build context (its Rules give the spreads).
 * @param central The central mitigated series' inputs.
 * @returns Both cases, or the engine's message when a case cannot be run.
 */
export function runSensitivity(
  ctx: PaperContext,
  central: CentralInputs,
): SensitivityRun | { error: string } {
  const { ehcpGrowth, costInflation } = DEFAULT_PLAN_RATES;
  const ehcpSpread = ctx.rules.value("ehcpGrowthSpread");
  const inflationSpread = ctx.rules.value("costInflationSpread");
  const runCase = (sign: -1 | 1): SensitivityCase | { error: string } => {
    // The sheet's cells: plan rate − spread (low) or + spread (high).
    const g = sign < 0 ? ehcpGrowth - ehcpSpread : ehcpGrowth + ehcpSpread;
    const inf = sign < 0 ? costInflation - inflationSpread : costInflation + inflationSpread;
    const factors: number[] = [];
    for (let t = 0; t < central.expenditure.length; t++)
      factors.push(
        t === 0 ? 1 : (((factors[t - 1] * (1 + g)) / (1 + ehcpGrowth)) * (1 + inf)) / (1 + costInflation),
      );
    const expenditure = central.expenditure.map((e, t) => roundPenny(e * factors[t]));
    const result = trajectory({
      openingBalance: central.opening,
      funding: central.funding,
      expenditure,
      savings: central.savings,
      transfers: central.transfers,
      otherIncome: central.otherIncome,
      writeOffs: central.writeOffs,
      years: central.expenditure.length,
    });
    if (isCellError(result)) return { error: `Deficit plan not built (sensitivity): ${result.message}` };
    return { ehcpGrowth: g, costInflation: inf, factors, expenditure, result };
  };
  const low = runCase(-1);
  if ("error" in low) return low;
  const high = runCase(1);
  if ("error" in high) return high;
  return { ehcpGrowth, costInflation, ehcpSpread, inflationSpread, low, high };
}

interface SensitivityRow {
  readonly year: DeficitPlanYear;
  readonly index: number;
}

/**
 * The sensitivity block: the plan's two rates (inputs), the shifted rates (formulas on them and the
 * Rules spreads), and a table of both cases year by year beside the central mitigated balance.
 *
 * @param plan The plan table (its row i is the same year as the sensitivity table's row i).
 * @param openingRef Absolute reference of the balance brought forward.
 * @param centralCumulative The central mitigated cumulative balances (the plan table's), by year.
 * @returns The sensitivity table's layout, for the chart.
 */
export function writeSensitivity(
  sheet: SheetBuilder,
  ctx: PaperContext,
  run: SensitivityRun,
  years: readonly DeficitPlanYear[],
  plan: TableLayout,
  openingRef: string,
  centralCumulative: readonly number[],
): TableLayout {
  writeHeading(
    sheet,
    "Sensitivity: the mitigated balance with EHCP growth and cost inflation below and above the plan's (spreads on the Rules sheet)",
  );
  const ehcpSpreadRef = ctx.rules.ref("ehcpGrowthSpread");
  const inflationSpreadRef = ctx.rules.ref("costInflationSpread");
  const fromRules = "the plan's rate and the spread on the Rules sheet";
  const cells = writeKeyValues(sheet, [
    {
      key: "ehcp",
      label: "EHCP growth a year the plan assumes (input)",
      cell: numberCell(run.ehcpGrowth, NumFmt.percent2, "input"),
      note: "England's growth to January 2025 (DfE EHCP statistics); enter the rate the plan's expenditure assumes",
    },
    {
      key: "inflation",
      label: "Cost inflation a year the plan assumes (input)",
      cell: numberCell(run.costInflation, NumFmt.percent2, "input"),
      note: "Average yearly rise in independent special school spend per EHCP pupil, 2020-21 to 2024-25 (parliamentary answer); enter the plan's own rate",
    },
  ]);
  const ehcpRef = cells.ehcp.abs;
  const inflationRef = cells.inflation.abs;
  const shifted = writeKeyValues(sheet, [
    {
      key: "ehcpLow",
      label: "EHCP growth a year, low case",
      cell: formulaCell(`${ehcpRef}-${ehcpSpreadRef}`, run.low.ehcpGrowth, NumFmt.percent2),
      note: `From ${fromRules}`,
    },
    {
      key: "ehcpHigh",
      label: "EHCP growth a year, high case",
      cell: formulaCell(`${ehcpRef}+${ehcpSpreadRef}`, run.high.ehcpGrowth, NumFmt.percent2),
      note: `From ${fromRules}`,
    },
    {
      key: "inflationLow",
      label: "Cost inflation a year, low case",
      cell: formulaCell(`${inflationRef}-${inflationSpreadRef}`, run.low.costInflation, NumFmt.percent2),
      note: `From ${fromRules}`,
    },
    {
      key: "inflationHigh",
      label: "Cost inflation a year, high case",
      cell: formulaCell(`${inflationRef}+${inflationSpreadRef}`, run.high.costInflation, NumFmt.percent2),
      note: `From ${fromRules}`,
    },
  ]);

  const keys = [
    "year",
    "lowFactor",
    "lowExpenditure",
    "lowInYear",
    "lowCum",
    "centralCum",
    "highFactor",
    "highExpenditure",
    "highInYear",
    "highCum",
  ] as const;
  type Key = (typeof keys)[number];
  const colOf = (key: Key): number => keys.indexOf(key);
  const caseColumns = (
    name: "low" | "high",
    label: string,
    c: SensitivityCase,
    rateCells: { ehcp: CellAt; inflation: CellAt },
  ): Column<SensitivityRow>[] => {
    const factorKey = `${name}Factor` as Key;
    const expenditureKey = `${name}Expenditure` as Key;
    const inYearKey = `${name}InYear` as Key;
    const cumKey = `${name}Cum` as Key;
    return [
      {
        key: factorKey,
        header: `${label} expenditure factor`,
        cell: (r, x) =>
          r.index === 0
            ? numberCell(c.factors[0], FACTOR_FORMAT)
            : formulaCell(
                `${a1(x.row - 1, colOf(factorKey))}*(1+${rateCells.ehcp.abs})/(1+${ehcpRef})*(1+${rateCells.inflation.abs})/(1+${inflationRef})`,
                c.factors[r.index],
                FACTOR_FORMAT,
              ),
      },
      {
        key: expenditureKey,
        header: `${label} expenditure before savings (£)`,
        cell: (r, x) =>
          formulaCell(
            `ROUND(${plan.cell("expenditure", r.index).ref}*${x.ref(factorKey)},2)`,
            c.expenditure[r.index],
            NumFmt.pounds,
          ),
      },
      {
        key: inYearKey,
        header: `${label} in-year surplus/(deficit), mitigated (£)`,
        cell: (r, x) => {
          const p = (key: string): string => plan.cell(key, r.index).ref;
          return formulaCell(
            `ROUND(${p("funding")}+${p("transfers")}+${p("otherIncome")}-${x.ref(expenditureKey)}+${p("savings")},2)`,
            c.result.rows[r.index].inYear,
            NumFmt.pounds,
          );
        },
      },
      {
        key: cumKey,
        header: `${label} cumulative balance, mitigated (£)`,
        cell: (r, x) => {
          const previous = r.index === 0 ? openingRef : a1(x.row - 1, colOf(cumKey));
          return formulaCell(
            `ROUND(${previous}+${x.ref(inYearKey)}+${plan.cell("writeOffs", r.index).ref},2)`,
            c.result.rows[r.index].cumulative,
            NumFmt.pounds,
          );
        },
      },
    ];
  };
  const rows: SensitivityRow[] = years.map((year, index) => ({ year, index }));
  const columns: Column<SensitivityRow>[] = [
    { key: "year", header: "Year", cell: (r) => textCell(r.year.year) },
    ...caseColumns("low", "Low case", run.low, { ehcp: shifted.ehcpLow, inflation: shifted.inflationLow }),
    {
      key: "centralCum",
      header: "Central case cumulative balance, mitigated (£)",
      cell: (r) => formulaCell(plan.cell("miCum", r.index).ref, centralCumulative[r.index], NumFmt.pounds),
    },
    ...caseColumns("high", "High case", run.high, {
      ehcp: shifted.ehcpHigh,
      inflation: shifted.inflationHigh,
    }),
  ];
  columns.forEach((column, i) => {
    if (column.key !== keys[i])
      throw new InternalError(`Deficit sensitivity: column ${column.key} out of order`);
  });
  return layTable(sheet, {
    name: SENSITIVITY_TABLE,
    altText: `Sensitivity of the mitigated deficit plan, ${years.length} years: the cumulative balance in a low case and a high case beside the central case. ${bandText(run, years)}`,
    columns,
    rows,
  });
}

/** "2 points", "1.5 points". */
function pointsText(fraction: number): string {
  const points = percentText(fraction).replace(/%$/, "");
  return `${points} point${points === "1" ? "" : "s"}`;
}

/**
 * What the band shows, in one sentence (the alt text of the sensitivity table and of the chart).
 *
 * @example "With EHCP growth 2 points and cost inflation 1 point below and above the plan's, the mitigated balance at the end of 2029-30 is from (£9,000,000) (high case) to £1,000,000 (low case)."
 */
export function bandText(run: SensitivityRun, years: readonly DeficitPlanYear[]): string {
  const last = years.length - 1;
  const lowEnd = run.low.result.rows[last].cumulative;
  const highEnd = run.high.result.rows[last].cumulative;
  return (
    `With EHCP growth ${pointsText(run.ehcpSpread)} and cost inflation ${pointsText(run.inflationSpread)} below and above the plan's, ` +
    `the mitigated balance at the end of ${years[last].year} is from ${poundsText(highEnd)} (high case) to ${poundsText(lowEnd)} (low case).`
  );
}

/**
 * The band's two chart series (low, then high), drawn round the series at `bandOf`.
 *
 * @param table The sensitivity table.
 * @param bandOf Index of the chart series the band surrounds (the mitigated balance).
 */
export function bandSeries(run: SensitivityRun, table: TableLayout, bandOf: number): ChartSeriesSpec[] {
  return [
    {
      name: "Mitigated, low case (lower growth and inflation)",
      valuesRef: table.xrange("lowCum"),
      values: run.low.result.rows.map((r) => r.cumulative),
      bandOf,
    },
    {
      name: "Mitigated, high case (higher growth and inflation)",
      valuesRef: table.xrange("highCum"),
      values: run.high.result.rows.map((r) => r.cumulative),
      bandOf,
    },
  ];
}

/** The note that says how the cases are formed. */
export function sensitivityNote(): string {
  return (
    "Sensitivity: the low and high cases re-grow the scenario's expenditure from the second year on by (1 + shifted EHCP growth)/(1 + the plan's) × (1 + shifted cost inflation)/(1 + the plan's) a year, compounded; the shifted rates are the plan's rates minus (low) or plus (high) the spreads on the Rules sheet. " +
    "Savings delivered, funding, transfers, other income and write-offs are the mitigated series' own. Enter the EHCP growth and cost inflation the plan assumes; the cases recalculate."
  );
}
