/**
 * High Needs Block budget monitoring (SPEC paper `HNBMonitoring`; domain.md §5.2): each budget
 * line's annual budget and forecast outturn, the variance in £, % and words, the forecast at the
 * last report and the movement since, a note and the source row; an "Other / unitemised" row when
 * the workbook's stated total differs from the sum of its lines (domain.md §7 item 7: show the
 * reconciling item, do not assume a clean identity); a totals row; and checks back to the source.
 *
 * Sign convention: variance = forecast − budget, so a positive variance is an overspend.
 */

import type { BudgetLine, TotalCheck } from "../sources/datasets";
import {
  forecastMovementColumns,
  grandTotals,
  skippedRowsCheck,
  statedTotalCheck,
  total,
  yearSuffix,
} from "./common";
import {
  type CellAt,
  type CheckInput,
  type Column,
  PAPERS,
  type PaperBuild,
  type PaperContext,
  SheetBuilder,
  Shorthand,
  formulaCell,
  layTable,
  overUnderFormula,
  overUnderText,
  poundsText,
  r2,
  ratioCell,
  sourceSummary,
  sourceText,
  sumCell,
  summedMoneyColumn,
  textCell,
  writeChecks,
  writeNotes,
  writePaperTitle,
} from "./house";
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

/** The monitoring paper, with its totals cells for the DSG summary and the deficit plan. */
export interface MonitoringBuild extends PaperBuild {
  readonly totals: {
    readonly budget: CellAt & { readonly value: number };
    readonly forecast: CellAt & { readonly value: number };
  };
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
  const b = new SheetBuilder(meta.sheet, "paper", meta.id, title);
  const warnings: string[] = [];
  const usedTotals: TotalCheck[] = [];

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
  const sums = {
    budget: total(rows.map((r) => r.budget)),
    forecast: total(rows.map((r) => r.forecast)),
    lastForecast: total(rows.flatMap((r) => (r.lastForecast === undefined ? [] : [r.lastForecast]))),
  };
  const gap = (field: "budget" | "forecast" | "lastForecast"): number | undefined => {
    const t = stated.get(field);
    return t ? r2(t.stated - sums[field]) : undefined;
  };
  const gaps = { budget: gap("budget"), forecast: gap("forecast"), lastForecast: gap("lastForecast") };
  const unitemised = [gaps.budget, gaps.forecast].some((g) => g !== undefined && Math.abs(g) >= 0.005);
  if (unitemised) {
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
    warnings.push(
      `HNB monitoring: the workbook's stated total differs from the sum of its lines (budget ${poundsText(gaps.budget ?? 0)}, forecast ${poundsText(gaps.forecast ?? 0)}); shown as an "Other / unitemised" line.`,
    );
  }

  writePaperTitle(b, ctx, meta.id, {
    title,
    subtitle: meta.subtitle,
    purpose: ctx.purposeOf(meta.id),
    source: sourceSummary(
      ctx.datasets,
      lines.map((l) => l.source),
    ),
  });

  const anyLast = rows.some((r) => r.lastForecast !== undefined);
  const totalBudget = total(rows.map((r) => r.budget));
  const totalForecast = total(rows.map((r) => r.forecast));
  const variances = rows.map((r) => r2(r.forecast - r.budget));
  const totalVariance = total(variances);

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
      cell: (r, c) =>
        formulaCell(
          `ROUND(${c.ref("forecast")}-${c.ref("budget")},2)`,
          r2(r.forecast - r.budget),
          NumFmt.pounds,
        ),
      total: (t) => sumCell(t.range("variance"), variances),
    },
    {
      key: "variancePct",
      header: "Variance (%)",
      cell: (r, c) => ratioCell(c.ref("variance"), c.ref("budget"), r2(r.forecast - r.budget), r.budget),
      total: (t) => ratioCell(t.ref("variance"), t.ref("budget"), totalVariance, totalBudget),
    },
    {
      key: "overUnder",
      header: "Over or under budget",
      cell: (r, c) =>
        formulaCell(overUnderFormula(c.ref("variance")), overUnderText(r2(r.forecast - r.budget))),
      total: (t) => formulaCell(overUnderFormula(t.ref("variance")), overUnderText(totalVariance)),
    },
    ...forecastMovementColumns(rows, {
      last: "Forecast at last report (£)",
      movement: "Movement since last report (£)",
    }),
    { key: "note", header: "Note", cell: (r) => textCell(r.note ?? "") },
    { key: "source", header: "Source", cell: (r) => textCell(r.source) },
  ];

  const table = layTable(b, {
    name: meta.table,
    altText: `High Needs Block budget monitoring: ${rows.length} lines with budget, forecast and variance; total budget ${poundsText(totalBudget)}, forecast ${poundsText(totalForecast)}, variance ${poundsText(totalVariance)} (${overUnderText(totalVariance).toLowerCase()}).`,
    columns,
    rows,
    totals: true,
  });
  b.freezeAtHeader(table.headerRow);

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
  if (!anyLast)
    notes.push("The workbook gives no forecast at the last report, so movements are not available.");
  writeNotes(b, notes);

  const checks: CheckInput[] = [];
  for (const [field, key, what] of [
    ["budget", "budget", "Total annual budget"],
    ["forecast", "forecast", "Total forecast outturn"],
  ] as const) {
    const s = stated.get(field);
    if (!s) continue;
    usedTotals.push(s);
    const cell = table.total(key);
    checks.push(statedTotalCheck(what, cell.ref, field === "budget" ? totalBudget : totalForecast, s));
  }
  const lastStated = stated.get("lastForecast");
  if (lastStated) usedTotals.push(lastStated);
  checks.push({
    description: "Total variance equals total forecast less total budget",
    value: formulaCell(table.total("variance").ref, totalVariance, NumFmt.pounds),
    expected: formulaCell(
      `ROUND(${table.total("forecast").ref}-${table.total("budget").ref},2)`,
      r2(totalForecast - totalBudget),
      NumFmt.pounds,
    ),
    test: "equal",
    howToFix:
      "A line's variance formula has been changed or overwritten; copy the variance formula down the column again.",
  });
  const skipped = skippedRowsCheck(ctx, "budgetLines");
  if (skipped) checks.push(skipped);
  const placed = writeChecks(b, meta.checkPrefix, checks);

  const budgetCell = table.total("budget");
  const forecastCell = table.total("forecast");
  return {
    id: meta.id,
    sheet: b.toSpec(),
    table: meta.table,
    rows: rows.length,
    headline: {
      budget: totalBudget,
      forecast: totalForecast,
      variance: totalVariance,
      position: overUnderText(totalVariance),
    },
    checks: placed,
    warnings,
    usedTotals,
    totals: {
      budget: { ...budgetCell, value: totalBudget },
      forecast: { ...forecastCell, value: totalForecast },
    },
  };
}
