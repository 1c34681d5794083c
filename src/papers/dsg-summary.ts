/**
 * DSG summary (SPEC paper `DSGSummary`; domain.md §5.2): for each block (Schools, Central School
 * Services, Early Years, High Needs) the DfE allocation, transfers between blocks, total funding,
 * current budget, forecast outturn, variance (£, %, words), previous forecast and movement; then
 * the DSG reserve: brought forward, in-year surplus/(deficit) and carried forward.
 *
 * Sign conventions (stated on the sheet):
 * - variance = forecast − budget: positive is an overspend;
 * - in-year = total allocation + transfers − total forecast outturn: a surplus is positive, a
 *   deficit negative; reserve carried forward = brought forward + in-year, same signs.
 *
 * The High Needs row must agree with the HNB monitoring paper; a reconciliation block shows both
 * figures and the difference, and checks fail with a reconciling note where they differ.
 */

import type { DsgBlockRow, TotalCheck } from "../sources/datasets";
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
  numberCell,
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
  writeHeading,
  writeKeyValues,
  writeNotes,
  writePaperTitle,
} from "./house";
import type { MonitoringBuild } from "./hnb-monitoring";
import { NumFmt, a1, type CellSpec } from "./spec";

/** True for the High Needs Block's row: "High Needs", "High needs block", "HNB". */
export function isHighNeedsBlock(name: string): boolean {
  return /high\s*needs|\bhnb\b/i.test(name);
}

/** The DSG summary, with the High Needs row's cells for the deficit plan's checks. */
export interface DsgBuild extends PaperBuild {
  readonly highNeeds?: {
    readonly allocation: CellAt & { readonly value: number };
    readonly label: string;
  };
  readonly reserveCarriedForward: CellAt & { readonly value: number };
}

/**
 * Build the DSG summary.
 *
 * @param ctx The build context.
 * @param blocks The DSG blocks (datasets.dsgBlocks), at least one.
 * @param monitoring The HNB monitoring paper when built in the same run, for the reconciliation.
 */
export function buildDsgSummary(
  ctx: PaperContext,
  blocks: readonly DsgBlockRow[],
  monitoring?: MonitoringBuild,
): DsgBuild {
  const meta = PAPERS["dsg-summary"];
  const title = `${meta.title}${yearSuffix(ctx)}`;
  const b = new SheetBuilder(meta.sheet, "paper", meta.id, title);
  const warnings: string[] = [];
  const usedTotals: TotalCheck[] = [];

  writePaperTitle(b, ctx, meta.id, {
    title,
    subtitle: meta.subtitle,
    purpose: ctx.purposeOf(meta.id),
    source: sourceSummary(
      ctx.datasets,
      blocks.map((r) => r.source),
    ),
  });

  const sum = (f: (r: DsgBlockRow) => number): number => total(blocks.map(f));
  const funding = (r: DsgBlockRow): number => r2(r.allocation + r.transfers);
  const variance = (r: DsgBlockRow): number => r2(r.forecast - r.budget);
  const totals = {
    allocation: sum((r) => r.allocation),
    transfers: sum((r) => r.transfers),
    funding: sum(funding),
    budget: sum((r) => r.budget),
    forecast: sum((r) => r.forecast),
    variance: sum(variance),
  };

  const columns: Column<DsgBlockRow>[] = [
    { key: "block", header: "Block", cell: (r) => textCell(r.block), total: () => textCell("Total DSG") },
    summedMoneyColumn("allocation", "DfE allocation (£)", (r) => r.allocation, blocks),
    summedMoneyColumn("transfers", "Transfers between blocks (£)", (r) => r.transfers, blocks),
    {
      key: "funding",
      header: "Total funding (£)",
      cell: (r, c) =>
        formulaCell(`ROUND(${c.ref("allocation")}+${c.ref("transfers")},2)`, funding(r), NumFmt.pounds),
      total: (t) => sumCell(t.range("funding"), blocks.map(funding)),
    },
    summedMoneyColumn("budget", "Current budget (£)", (r) => r.budget, blocks),
    summedMoneyColumn("forecast", "Forecast outturn (£)", (r) => r.forecast, blocks),
    {
      key: "variance",
      header: "Variance (£)",
      cell: (r, c) =>
        formulaCell(`ROUND(${c.ref("forecast")}-${c.ref("budget")},2)`, variance(r), NumFmt.pounds),
      total: (t) => sumCell(t.range("variance"), blocks.map(variance)),
    },
    {
      key: "variancePct",
      header: "Variance (%)",
      cell: (r, c) => ratioCell(c.ref("variance"), c.ref("budget"), variance(r), r.budget),
      total: (t) => ratioCell(t.ref("variance"), t.ref("budget"), totals.variance, totals.budget),
    },
    {
      key: "overUnder",
      header: "Over or under budget",
      cell: (r, c) => formulaCell(overUnderFormula(c.ref("variance")), overUnderText(variance(r))),
      total: (t) => formulaCell(overUnderFormula(t.ref("variance")), overUnderText(totals.variance)),
    },
    ...forecastMovementColumns(blocks, {
      last: "Previous forecast (£)",
      movement: "Movement since previous forecast (£)",
    }),
    { key: "source", header: "Source", cell: (r) => textCell(sourceText(r.source)) },
  ];

  const table = layTable(b, {
    name: meta.table,
    altText: `DSG summary by block: total allocation ${poundsText(totals.allocation)}, total forecast outturn ${poundsText(totals.forecast)}, variance against budget ${poundsText(totals.variance)}.`,
    columns,
    rows: blocks,
    totals: true,
  });
  b.freezeAtHeader(table.headerRow);

  // The reserve. The opening balance is an input; in-year and carried forward are formulas.
  const opening = ctx.datasets.assumptions.openingBalance;
  const openingSource = ctx.datasets.assumptions.sources.openingBalance;
  if (opening === undefined) {
    warnings.push(
      "DSG summary: the workbook gives no DSG reserve brought forward; the paper shows £0 as an input to be replaced.",
    );
  }
  const bf = opening ?? 0;
  const inYear = r2(totals.funding - totals.forecast);
  const cf = r2(bf + inYear);
  writeHeading(b, "DSG reserve (a surplus is positive; a deficit is negative and shown in brackets)");
  interface ReserveRow {
    readonly item: string;
    /** The amount cell, given its own zero-based sheet row (carried forward adds the two above). */
    readonly cell: (row: number) => CellSpec;
    readonly how: string;
  }
  const reserveRows: ReserveRow[] = [
    {
      item: "DSG reserve brought forward at 1 April",
      cell: () => numberCell(bf, NumFmt.pounds, "input"),
      how:
        opening === undefined
          ? `Input: ${Shorthand.notAvailable} not in the workbook; enter the balance brought forward`
          : `Input: from the workbook${openingSource ? ` (${sourceText(openingSource)})` : ""}`,
    },
    {
      item: "In-year surplus/(deficit)",
      cell: () =>
        formulaCell(
          `ROUND(${table.total("funding").ref}-${table.total("forecast").ref},2)`,
          inYear,
          NumFmt.pounds,
        ),
      how: "Total funding (allocation plus transfers) less total forecast outturn",
    },
    {
      item: "DSG reserve carried forward at 31 March",
      cell: (row) => formulaCell(`ROUND(${a1(row - 2, 1)}+${a1(row - 1, 1)},2)`, cf, NumFmt.pounds),
      how: "Brought forward plus in-year surplus/(deficit)",
    },
  ];
  const reserve = layTable(b, {
    name: "DSGReserve",
    altText: `DSG reserve: brought forward ${poundsText(bf)}, in-year ${poundsText(inYear)}, carried forward ${poundsText(cf)}.`,
    columns: [
      { key: "item", header: "Item", cell: (r: ReserveRow) => textCell(r.item) },
      { key: "amount", header: "Amount (£)", cell: (r: ReserveRow, c) => r.cell(c.row) },
      { key: "how", header: "How it is worked out", cell: (r: ReserveRow) => textCell(r.how) },
    ],
    rows: reserveRows,
  });
  const carried = reserve.cell("amount", 2);

  // High Needs Block: this summary against the monitoring paper.
  const checks: CheckInput[] = [];
  const hnIndex = blocks.findIndex((r) => isHighNeedsBlock(r.block));
  const hn = hnIndex >= 0 ? blocks[hnIndex] : undefined;
  const notes = [
    "Variance is forecast outturn less current budget: a positive variance is an overspend; the Over or under budget column says which in words.",
    "In-year surplus/(deficit) is total funding (DfE allocation plus transfers between blocks) less total forecast outturn. Balances are signed: a surplus is positive, a deficit negative (in brackets).",
    "Transfers between blocks move money from one block to another (for example a Schools Block transfer to the High Needs Block), so across the four blocks they should net to zero.",
    `${Shorthand.notAvailable} means not available; ${Shorthand.notApplicable} means not applicable (a percentage of a zero budget).`,
  ];
  if (!hn) {
    warnings.push(
      "DSG summary: no High Needs Block row was recognised, so it is not reconciled with the HNB monitoring.",
    );
    notes.push(
      "No High Needs Block row was recognised among the blocks, so this summary is not reconciled with the HNB monitoring paper.",
    );
  }
  if (hn && monitoring) {
    writeHeading(b, "High Needs Block: this summary against the HNB monitoring paper");
    const budgetRef = table.cell("budget", hnIndex).ref;
    const forecastRef = table.cell("forecast", hnIndex).ref;
    const start = b.cursor;
    const budgetDiff = r2(hn.budget - monitoring.totals.budget.value);
    const forecastDiff = r2(hn.forecast - monitoring.totals.forecast.value);
    const kv = writeKeyValues(b, [
      {
        key: "hnBudget",
        label: "High Needs current budget in this summary (£)",
        cell: formulaCell(budgetRef, hn.budget, NumFmt.pounds),
      },
      {
        key: "monBudget",
        label: "Total annual budget in the HNB monitoring (£)",
        cell: formulaCell(monitoring.totals.budget.xref, monitoring.totals.budget.value, NumFmt.pounds),
      },
      {
        key: "budgetDiff",
        label: "Difference (£)",
        cell: formulaCell(`ROUND(B${start + 1}-B${start + 2},2)`, budgetDiff, NumFmt.pounds),
      },
      {
        key: "hnForecast",
        label: "High Needs forecast outturn in this summary (£)",
        cell: formulaCell(forecastRef, hn.forecast, NumFmt.pounds),
      },
      {
        key: "monForecast",
        label: "Total forecast outturn in the HNB monitoring (£)",
        cell: formulaCell(monitoring.totals.forecast.xref, monitoring.totals.forecast.value, NumFmt.pounds),
      },
      {
        key: "forecastDiff",
        label: "Difference (£)",
        cell: formulaCell(`ROUND(B${start + 4}-B${start + 5},2)`, forecastDiff, NumFmt.pounds),
      },
    ]);
    const fix = (what: string, diff: number): string =>
      diff === 0
        ? `If it fails: the High Needs ${what} here and the HNB monitoring total no longer agree; update the DSG blocks table or the budget lines so they do, or explain the difference to the Forum.`
        : `The High Needs ${what} here differs from the HNB monitoring total by ${poundsText(diff)}. ` +
          `Update the DSG blocks table or the budget lines so they agree, or explain the difference (e.g. a line held outside the monitoring) in a note to the Forum.`;
    checks.push({
      description: "High Needs budget agrees with the HNB monitoring total",
      value: formulaCell(kv.hnBudget.ref, hn.budget, NumFmt.pounds),
      expected: formulaCell(kv.monBudget.ref, monitoring.totals.budget.value, NumFmt.pounds),
      test: "equal",
      howToFix: fix("budget", budgetDiff),
    });
    checks.push({
      description: "High Needs forecast outturn agrees with the HNB monitoring total",
      value: formulaCell(kv.hnForecast.ref, hn.forecast, NumFmt.pounds),
      expected: formulaCell(kv.monForecast.ref, monitoring.totals.forecast.value, NumFmt.pounds),
      test: "equal",
      howToFix: fix("forecast", forecastDiff),
    });
    if (budgetDiff !== 0 || forecastDiff !== 0) {
      notes.push(
        `The High Needs row differs from the HNB monitoring paper (budget by ${poundsText(budgetDiff)}, forecast by ${poundsText(forecastDiff)}); the reconciliation above shows both figures. The difference should be explained to the Forum.`,
      );
    }
  }
  writeNotes(b, notes);

  checks.push({
    description: "Transfers between blocks net to zero",
    value: formulaCell(table.total("transfers").ref, totals.transfers, NumFmt.pounds),
    expected: numberCell(0, NumFmt.pounds),
    test: "equal",
    howToFix: `Transfers add up to ${poundsText(totals.transfers)}${totals.transfers === 0 ? " now" : ""}: each transfer out of one block must appear as a transfer into another. Correct the transfers column of the DSG blocks table.`,
  });
  const stated = grandTotals(ctx.datasets.totals, "dsgBlocks");
  for (const [field, key, what] of [
    ["allocation", "allocation", "Total DfE allocation"],
    ["budget", "budget", "Total current budget"],
    ["forecast", "forecast", "Total forecast outturn"],
    ["transfers", "transfers", "Total transfers"],
  ] as const) {
    const s = stated.get(field);
    if (!s) continue;
    usedTotals.push(s);
    checks.push(statedTotalCheck(what, table.total(key).ref, totals[field], s));
  }
  const skipped = skippedRowsCheck(ctx, "dsgBlocks");
  if (skipped) checks.push(skipped);
  const placed = writeChecks(b, meta.checkPrefix, checks);

  return {
    id: meta.id,
    sheet: b.toSpec(),
    table: meta.table,
    rows: blocks.length,
    headline: {
      allocation: totals.allocation,
      forecast: totals.forecast,
      inYear,
      carriedForward: cf,
      broughtForward: bf,
    },
    checks: placed,
    warnings,
    usedTotals,
    highNeeds: hn
      ? { allocation: { ...table.cell("allocation", hnIndex), value: hn.allocation }, label: hn.block }
      : undefined,
    reserveCarriedForward: { ...carried, value: cf },
  };
}
