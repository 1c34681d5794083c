/**
 * High Needs Block budget monitoring (SPEC paper `HNBMonitoring`; domain.md §5.2): each budget
 * line's annual budget and forecast outturn, the variance in £, % and words, the forecast at the
 * last report and the movement since, a note and the source row; an "Other / unitemised" row when
 * the workbook's stated total differs from the sum of its lines (domain.md §7 item 7: show the
 * reconciling item, do not assume a clean identity); a totals row; and checks back to the source.
 *
 * Sign convention: variance = forecast − budget, so a positive variance is an overspend.
 */

import { roundPenny } from "../core/money";
import type { BudgetLine, TotalCheck } from "../sources/datasets";
import {
  forecastMovementColumns,
  grandTotals,
  skippedRowsCheck,
  statedTotalCheck,
  total,
  yearSuffix,
} from "./common";
import { writeNotes, startPaperSheet } from "./blocks";
import { formulaCell, overUnderFormula, ratioCell, sumCell, textCell } from "./cells";
import { type CheckInput, writeChecks } from "./checks";
import type { MonitoringBuild, PaperContext, PaperNotice } from "./house";
import { PAPERS } from "./registry";
import { SheetBuilder } from "./sheet-builder";
import { type Column, type TableLayout, layTable, summedMoneyColumn } from "./table";
import { overUnderText, poundsText, Shorthand, sourceText } from "./text";
import { NumFmt } from "./spec";

/**
 * The s251 lines of the High Needs Block (domain.md §5.2) and words that identify each in a
 * council's own line names. Order matters: the more specific patterns come first, so "Top-up:
 * independent special schools" is 1.2.3 and not 1.2.1.
 */
const S251_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/\bpfi\b|\bbsf\b/i, "1.2.10"],
  [/financial difficult/i, "1.2.9"],
  [/direct payment/i, "1.2.11"],
  [/therap|health[- ]related/i, "1.2.13"],
  [/hospital/i, "1.2.6"],
  [/place funding|\bplaces?\b/i, "1.0.2"],
  [/independent|non[- ]?maintained|\binmss\b|\bnmss\b/i, "1.2.3"],
  [/top[- ]?ups?\b.*(academ|free school|college|\bfe\b|post[- ]?16)|(academ|college).*top[- ]?up/i, "1.2.2"],
  [/top[- ]?ups?\b.*maintained|maintained.*top[- ]?up/i, "1.2.1"],
  [/targeted|additional high needs/i, "1.2.4"],
  [/sen support|support services|sen services|sensory|outreach/i, "1.2.5"],
  [/alternative provision|\bap\b|\bpru\b|pupil referral|eotas|other than at school/i, "1.2.7"],
  [/inclusion/i, "1.2.8"],
];

const S251_CODE = /^\d+\.\d+\.\d+$/;

/**
 * The s251 line code for a budget line: the workbook's own code when it looks like one, else the
 * line recognised from its name, else undefined.
 *
 * @example s251Code("Top-up funding: independent special schools") // "1.2.3"
 */
export function s251Code(line: string, given?: string): string | undefined {
  if (given && S251_CODE.test(given.trim())) return given.trim();
  for (const [pattern, code] of S251_PATTERNS) if (pattern.test(line)) return code;
  return undefined;
}

interface MonitoringRow {
  readonly s251: string;
  readonly line: string;
  readonly budget: number;
  readonly forecast: number;
  readonly lastForecast?: number;
  readonly note?: string;
  readonly source: string;
}

/** The monitoring table's totals, and each line's variance. */
interface MonitoringTotals {
  readonly budget: number;
  readonly forecast: number;
  readonly variances: readonly number[];
  readonly variance: number;
}

/**
 * Build the High Needs Block monitoring paper.
 *
 * @param ctx The build context.
 * @param lines The budget lines (datasets.budgetLines), in workbook order; at least one.
 */
export function buildHnbMonitoring(ctx: PaperContext, lines: readonly BudgetLine[]): MonitoringBuild {
  const meta = PAPERS["hnb-monitoring"];
  const title = `${meta.title}${yearSuffix(ctx)}`;
  const warnings: PaperNotice[] = [];
  const rows: MonitoringRow[] = lines.map((l) => ({
    s251: s251Code(l.line, l.s251) ?? Shorthand.notAvailable,
    line: l.line,
    budget: l.budget,
    forecast: l.forecast,
    lastForecast: l.lastForecast,
    note: l.note,
    source: sourceText(l.source),
  }));

  // Reconcile to the workbook's own total row: the difference becomes a visible line.
  const stated = grandTotals(ctx.datasets.totals, "budgetLines");
  const unitemised = addUnitemised(rows, stated, warnings);

  const sheet = startPaperSheet(
    ctx,
    meta.id,
    title,
    lines.map((l) => l.source),
  );
  const totals = monitoringTotals(rows);
  const table = writeMonitoringTable(sheet, rows, totals);
  writeNotes(sheet, monitoringNotes(rows, unitemised));
  const { checks, usedTotals } = monitoringChecks(ctx, stated, table, totals);
  const placed = writeChecks(sheet, meta.checkPrefix, checks);

  const budgetCell = table.total("budget");
  const forecastCell = table.total("forecast");
  return {
    id: meta.id,
    sheet: sheet.toSpec(),
    table: meta.table,
    rows: rows.length,
    headline: {
      budget: totals.budget,
      forecast: totals.forecast,
      variance: totals.variance,
      position: overUnderText(totals.variance),
    },
    checks: placed,
    warnings,
    usedTotals,
    totals: {
      budget: { ...budgetCell, value: totals.budget },
      forecast: { ...forecastCell, value: totals.forecast },
    },
  };
}

/**
 * Where the workbook's stated total differs from the sum of its lines, add an "Other /
 * unitemised" line for the difference (and say so), so the paper's total agrees with the workbook.
 *
 * @returns Whether the line was added.
 */
function addUnitemised(
  rows: MonitoringRow[],
  stated: Map<string, TotalCheck>,
  warnings: PaperNotice[],
): boolean {
  const sums = {
    budget: total(rows.map((r) => r.budget)),
    forecast: total(rows.map((r) => r.forecast)),
    lastForecast: total(rows.flatMap((r) => (r.lastForecast === undefined ? [] : [r.lastForecast]))),
  };
  const gap = (field: "budget" | "forecast" | "lastForecast"): number | undefined => {
    const statedTotal = stated.get(field);
    return statedTotal ? roundPenny(statedTotal.stated - sums[field]) : undefined;
  };
  const gaps = { budget: gap("budget"), forecast: gap("forecast"), lastForecast: gap("lastForecast") };
  const unitemised = [gaps.budget, gaps.forecast].some(
    (difference) => difference !== undefined && Math.abs(difference) >= 0.005,
  );
  if (!unitemised) return false;
  const where = [...stated.values()][0];
  rows.push({
    s251: Shorthand.notAvailable,
    line: "Other / unitemised (difference to the workbook's stated total)",
    budget: gaps.budget ?? 0,
    forecast: gaps.forecast ?? 0,
    lastForecast: gaps.lastForecast,
    note: `The workbook's total row "${where.label}" differs from the sum of its lines; the difference is shown here so the total agrees.`,
    source: sourceText(where.source),
  });
  warnings.push({
    code: "stated-total-differs",
    paper: "hnb-monitoring",
    dataset: "budgetLines",
    message: `HNB monitoring: the workbook's stated total differs from the sum of its lines (budget ${poundsText(gaps.budget ?? 0)}, forecast ${poundsText(gaps.forecast ?? 0)}); shown as an "Other / unitemised" line.`,
  });
  return true;
}

function monitoringTotals(rows: readonly MonitoringRow[]): MonitoringTotals {
  const variances = rows.map((r) => roundPenny(r.forecast - r.budget));
  return {
    budget: total(rows.map((r) => r.budget)),
    forecast: total(rows.map((r) => r.forecast)),
    variances,
    variance: total(variances),
  };
}

/** The monitoring table: each line's budget, forecast, variance and movement, with totals. */
function writeMonitoringTable(
  sheet: SheetBuilder,
  rows: readonly MonitoringRow[],
  totals: MonitoringTotals,
): TableLayout {
  const meta = PAPERS["hnb-monitoring"];
  const columns: Column<MonitoringRow>[] = [
    { key: "s251", header: "s251 line", cell: (r) => textCell(r.s251), total: () => textCell("Total") },
    {
      key: "line",
      header: "Budget line",
      cell: (r) => textCell(r.line),
      total: () => textCell("Total High Needs Block"),
    },
    summedMoneyColumn("budget", "Annual budget (£)", (r) => r.budget, rows),
    summedMoneyColumn("forecast", "Forecast outturn (£)", (r) => r.forecast, rows),
    {
      key: "variance",
      header: "Variance (£)",
      cell: (r, x) =>
        formulaCell(
          `ROUND(${x.ref("forecast")}-${x.ref("budget")},2)`,
          roundPenny(r.forecast - r.budget),
          NumFmt.pounds,
        ),
      total: (t) => sumCell(t.range("variance"), totals.variances),
    },
    {
      key: "variancePct",
      header: "Variance (%)",
      cell: (r, x) =>
        ratioCell(x.ref("variance"), x.ref("budget"), roundPenny(r.forecast - r.budget), r.budget),
      total: (t) => ratioCell(t.ref("variance"), t.ref("budget"), totals.variance, totals.budget),
    },
    {
      key: "overUnder",
      header: "Over or under budget",
      cell: (r, x) =>
        formulaCell(overUnderFormula(x.ref("variance")), overUnderText(roundPenny(r.forecast - r.budget))),
      total: (t) => formulaCell(overUnderFormula(t.ref("variance")), overUnderText(totals.variance)),
    },
    ...forecastMovementColumns(rows, {
      last: "Forecast at last report (£)",
      movement: "Movement since last report (£)",
    }),
    { key: "note", header: "Note", cell: (r) => textCell(r.note ?? "") },
    { key: "source", header: "Source", cell: (r) => textCell(r.source) },
  ];

  const table = layTable(sheet, {
    name: meta.table,
    altText: `High Needs Block budget monitoring: ${rows.length} lines with budget, forecast and variance; total budget ${poundsText(totals.budget)}, forecast ${poundsText(totals.forecast)}, variance ${poundsText(totals.variance)} (${overUnderText(totals.variance).toLowerCase()}).`,
    columns,
    rows,
    totals: true,
  });
  sheet.freezeAtHeader(table.headerRow);
  return table;
}

/** The notes: variance and movement, s251 lines, shorthand, rounding, any unitemised line. */
function monitoringNotes(rows: readonly MonitoringRow[], unitemised: boolean): string[] {
  const notes = [
    "Variance is forecast outturn less annual budget: a positive variance is an overspend, a negative one (in brackets) an underspend; the Over or under budget column says which in words.",
    "Movement since last report is this forecast less the forecast at the last report: positive means the forecast has gone up.",
    `s251 line is the DfE section 251 category of the line (domain.md §5.2), from the workbook where it gives one, otherwise recognised from the line's name; ${Shorthand.notAvailable} where it could not be recognised.`,
    `${Shorthand.notAvailable} means not available (for example, no forecast at the last report for a new line); ${Shorthand.notApplicable} means not applicable (a percentage of a zero budget).`,
    "Figures are in cash pounds, rounded to the penny in the formulas and shown to the nearest pound, so shown figures may not add exactly.",
  ];
  if (unitemised) {
    notes.push(
      'The "Other / unitemised" line is the difference between the workbook\'s stated total and the sum of its lines, so that the total here agrees with the workbook. Ask the budget holder to itemise it.',
    );
  }
  if (!rows.some((r) => r.lastForecast !== undefined))
    notes.push("The workbook gives no forecast at the last report, so movements are not available.");
  return notes;
}

/** The checks: the workbook's total rows, total variance, the rows used. */
function monitoringChecks(
  ctx: PaperContext,
  stated: Map<string, TotalCheck>,
  table: TableLayout,
  totals: MonitoringTotals,
): { checks: CheckInput[]; usedTotals: TotalCheck[] } {
  const usedTotals: TotalCheck[] = [];
  const checks: CheckInput[] = [];
  for (const [field, key, what] of [
    ["budget", "budget", "Total annual budget"],
    ["forecast", "forecast", "Total forecast outturn"],
  ] as const) {
    const statedTotal = stated.get(field);
    if (!statedTotal) continue;
    usedTotals.push(statedTotal);
    const cell = table.total(key);
    checks.push(
      statedTotalCheck(what, cell.ref, field === "budget" ? totals.budget : totals.forecast, statedTotal),
    );
  }
  const lastStated = stated.get("lastForecast");
  if (lastStated) usedTotals.push(lastStated);
  checks.push({
    description: "Total variance equals total forecast less total budget",
    value: formulaCell(table.total("variance").ref, totals.variance, NumFmt.pounds),
    expected: formulaCell(
      `ROUND(${table.total("forecast").ref}-${table.total("budget").ref},2)`,
      roundPenny(totals.forecast - totals.budget),
      NumFmt.pounds,
    ),
    test: "equal",
    howToFix:
      "A line's variance formula has been changed or overwritten; copy the variance formula down the column again.",
  });
  const skipped = skippedRowsCheck(ctx, "budgetLines");
  if (skipped) checks.push(skipped);
  return { checks, usedTotals };
}
