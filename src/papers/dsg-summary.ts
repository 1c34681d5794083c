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

import { roundPenny } from "../core/money";
import type { DsgBlockRow, TotalCheck } from "../sources/datasets";
import {
  forecastMovementColumns,
  grandTotals,
  skippedRowsCheck,
  statedTotalCheck,
  total,
  yearSuffix,
} from "./common";
import { writeHeading, writeKeyValues, writeNotes, startPaperSheet } from "./blocks";
import { formulaCell, numberCell, overUnderFormula, ratioCell, sumCell, textCell } from "./cells";
import { type CheckInput, writeChecks } from "./checks";
import type { DsgBuild, MonitoringBuild, PaperContext, PaperNotice } from "./house";
import { PAPERS } from "./registry";
import { type CellAt, SheetBuilder } from "./sheet-builder";
import { type Column, type TableLayout, layTable, summedMoneyColumn } from "./table";
import { overUnderText, poundsText, Shorthand, sourceText } from "./text";
import { NumFmt, a1, type CellSpec } from "./spec";

/** True for the High Needs Block's row: "High Needs", "High needs block", "HNB". */
export function isHighNeedsBlock(name: string): boolean {
  return /high\s*needs|\bhnb\b/i.test(name);
}

/** The table's totals by column. */
interface BlockTotals {
  readonly allocation: number;
  readonly transfers: number;
  readonly funding: number;
  readonly budget: number;
  readonly forecast: number;
  readonly variance: number;
}

/** One row of the reserve table. */
interface ReserveRow {
  readonly item: string;
  /** The amount cell, given its own zero-based sheet row (carried forward adds the two above). */
  readonly cell: (row: number) => CellSpec;
  readonly how: string;
}

/** The reserve as the sheet works it out. */
interface Reserve {
  readonly broughtForward: number;
  readonly inYear: number;
  readonly carriedForward: number;
  /** The carried-forward cell, for the deficit plan's checks. */
  readonly carried: CellAt;
}

/** A block's total funding: its allocation plus transfers, to the penny as the sheet's formula. */
const funding = (r: DsgBlockRow): number => roundPenny(r.allocation + r.transfers);
/** A block's variance: forecast outturn less budget. */
const variance = (r: DsgBlockRow): number => roundPenny(r.forecast - r.budget);

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
  const sheet = startPaperSheet(
    ctx,
    meta.id,
    title,
    blocks.map((r) => r.source),
  );
  const warnings: PaperNotice[] = [];

  const totals = blockTotals(blocks);
  const table = writeBlockTable(sheet, blocks, totals);
  const reserve = writeReserve(sheet, ctx, table, totals, warnings);

  // High Needs Block: this summary against the monitoring paper.
  const hnIndex = blocks.findIndex((r) => isHighNeedsBlock(r.block));
  const highNeeds = hnIndex >= 0 ? blocks[hnIndex] : undefined;
  const notes = [
    "Variance is forecast outturn less current budget: a positive variance is an overspend; the Over or under budget column says which in words.",
    "In-year surplus/(deficit) is total funding (DfE allocation plus transfers between blocks) less total forecast outturn. Balances are signed: a surplus is positive, a deficit negative (in brackets).",
    "Transfers between blocks move money from one block to another (for example a Schools Block transfer to the High Needs Block), so across the four blocks they should net to zero.",
    `${Shorthand.notAvailable} means not available; ${Shorthand.notApplicable} means not applicable (a percentage of a zero budget).`,
  ];
  if (!highNeeds) {
    warnings.push({
      code: "no-high-needs-block",
      paper: meta.id,
      dataset: "dsgBlocks",
      message:
        "DSG summary: no High Needs Block row was recognised, so it is not reconciled with the HNB monitoring.",
    });
    notes.push(
      "No High Needs Block row was recognised among the blocks, so this summary is not reconciled with the HNB monitoring paper.",
    );
  }
  const reconciliation =
    highNeeds && monitoring
      ? writeHighNeedsReconciliation(sheet, highNeeds, hnIndex, table, monitoring)
      : undefined;
  if (reconciliation?.note) notes.push(reconciliation.note);
  writeNotes(sheet, notes);
  const { checks, usedTotals } = dsgChecks(ctx, reconciliation?.checks ?? [], table, totals);
  const placed = writeChecks(sheet, meta.checkPrefix, checks);

  return {
    id: meta.id,
    sheet: sheet.toSpec(),
    table: meta.table,
    rows: blocks.length,
    headline: {
      allocation: totals.allocation,
      forecast: totals.forecast,
      inYear: reserve.inYear,
      carriedForward: reserve.carriedForward,
      broughtForward: reserve.broughtForward,
    },
    checks: placed,
    warnings,
    usedTotals,
    highNeeds: highNeeds
      ? {
          allocation: { ...table.cell("allocation", hnIndex), value: highNeeds.allocation },
          label: highNeeds.block,
        }
      : undefined,
    reserveCarriedForward: { ...reserve.carried, value: reserve.carriedForward },
  };
}

function blockTotals(blocks: readonly DsgBlockRow[]): BlockTotals {
  const sum = (value: (r: DsgBlockRow) => number): number => total(blocks.map(value));
  return {
    allocation: sum((r) => r.allocation),
    transfers: sum((r) => r.transfers),
    funding: sum(funding),
    budget: sum((r) => r.budget),
    forecast: sum((r) => r.forecast),
    variance: sum(variance),
  };
}

/** The blocks table: allocation, transfers, funding, budget, forecast, variance, movement. */
function writeBlockTable(
  sheet: SheetBuilder,
  blocks: readonly DsgBlockRow[],
  totals: BlockTotals,
): TableLayout {
  const meta = PAPERS["dsg-summary"];
  const columns: Column<DsgBlockRow>[] = [
    { key: "block", header: "Block", cell: (r) => textCell(r.block), total: () => textCell("Total DSG") },
    summedMoneyColumn("allocation", "DfE allocation (£)", (r) => r.allocation, blocks),
    summedMoneyColumn("transfers", "Transfers between blocks (£)", (r) => r.transfers, blocks),
    {
      key: "funding",
      header: "Total funding (£)",
      cell: (r, x) =>
        formulaCell(`ROUND(${x.ref("allocation")}+${x.ref("transfers")},2)`, funding(r), NumFmt.pounds),
      total: (t) => sumCell(t.range("funding"), blocks.map(funding)),
    },
    summedMoneyColumn("budget", "Current budget (£)", (r) => r.budget, blocks),
    summedMoneyColumn("forecast", "Forecast outturn (£)", (r) => r.forecast, blocks),
    {
      key: "variance",
      header: "Variance (£)",
      cell: (r, x) =>
        formulaCell(`ROUND(${x.ref("forecast")}-${x.ref("budget")},2)`, variance(r), NumFmt.pounds),
      total: (t) => sumCell(t.range("variance"), blocks.map(variance)),
    },
    {
      key: "variancePct",
      header: "Variance (%)",
      cell: (r, x) => ratioCell(x.ref("variance"), x.ref("budget"), variance(r), r.budget),
      total: (t) => ratioCell(t.ref("variance"), t.ref("budget"), totals.variance, totals.budget),
    },
    {
      key: "overUnder",
      header: "Over or under budget",
      cell: (r, x) => formulaCell(overUnderFormula(x.ref("variance")), overUnderText(variance(r))),
      total: (t) => formulaCell(overUnderFormula(t.ref("variance")), overUnderText(totals.variance)),
    },
    ...forecastMovementColumns(blocks, {
      last: "Previous forecast (£)",
      movement: "Movement since previous forecast (£)",
    }),
    { key: "source", header: "Source", cell: (r) => textCell(sourceText(r.source)) },
  ];

  const table = layTable(sheet, {
    name: meta.table,
    altText: `DSG summary by block: total allocation ${poundsText(totals.allocation)}, total forecast outturn ${poundsText(totals.forecast)}, variance against budget ${poundsText(totals.variance)}.`,
    columns,
    rows: blocks,
    totals: true,
  });
  sheet.freezeAtHeader(table.headerRow);
  return table;
}

/** The reserve: brought forward (an input), in-year and carried forward (formulas). */
function writeReserve(
  sheet: SheetBuilder,
  ctx: PaperContext,
  table: TableLayout,
  totals: BlockTotals,
  warnings: PaperNotice[],
): Reserve {
  const opening = ctx.datasets.assumptions.openingBalance;
  const openingSource = ctx.datasets.assumptions.sources.openingBalance;
  if (opening === undefined) {
    warnings.push({
      code: "no-reserve-brought-forward",
      paper: "dsg-summary",
      dataset: "assumptions",
      message:
        "DSG summary: the workbook gives no DSG reserve brought forward; the paper shows £0 as an input to be replaced.",
    });
  }
  const broughtForward = opening ?? 0;
  const inYear = roundPenny(totals.funding - totals.forecast);
  const carriedForward = roundPenny(broughtForward + inYear);
  writeHeading(sheet, "DSG reserve (a surplus is positive; a deficit is negative and shown in brackets)");
  const reserveRows: ReserveRow[] = [
    {
      item: "DSG reserve brought forward at 1 April",
      cell: () => numberCell(broughtForward, NumFmt.pounds, "input"),
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
      cell: (row) =>
        formulaCell(`ROUND(${a1(row - 2, 1)}+${a1(row - 1, 1)},2)`, carriedForward, NumFmt.pounds),
      how: "Brought forward plus in-year surplus/(deficit)",
    },
  ];
  const reserve = layTable(sheet, {
    name: "DSGReserve",
    altText: `DSG reserve: brought forward ${poundsText(broughtForward)}, in-year ${poundsText(inYear)}, carried forward ${poundsText(carriedForward)}.`,
    columns: [
      { key: "item", header: "Item", cell: (r: ReserveRow) => textCell(r.item) },
      { key: "amount", header: "Amount (£)", cell: (r: ReserveRow, x) => r.cell(x.row) },
      { key: "how", header: "How it is worked out", cell: (r: ReserveRow) => textCell(r.how) },
    ],
    rows: reserveRows,
  });
  return { broughtForward, inYear, carriedForward, carried: reserve.cell("amount", 2) };
}

/** The High Needs row against the monitoring paper's totals, with a check for each. */
function writeHighNeedsReconciliation(
  sheet: SheetBuilder,
  highNeeds: DsgBlockRow,
  index: number,
  table: TableLayout,
  monitoring: MonitoringBuild,
): { checks: CheckInput[]; note?: string } {
  writeHeading(sheet, "High Needs Block: this summary against the HNB monitoring paper");
  const budgetRef = table.cell("budget", index).ref;
  const forecastRef = table.cell("forecast", index).ref;
  const start = sheet.cursor;
  const budgetDiff = roundPenny(highNeeds.budget - monitoring.totals.budget.value);
  const forecastDiff = roundPenny(highNeeds.forecast - monitoring.totals.forecast.value);
  const kv = writeKeyValues(sheet, [
    {
      key: "hnBudget",
      label: "High Needs current budget in this summary (£)",
      cell: formulaCell(budgetRef, highNeeds.budget, NumFmt.pounds),
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
      cell: formulaCell(forecastRef, highNeeds.forecast, NumFmt.pounds),
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
  const fix = (what: string, difference: number): string =>
    difference === 0
      ? `If it fails: the High Needs ${what} here and the HNB monitoring total no longer agree; update the DSG blocks table or the budget lines so they do, or explain the difference to the Forum.`
      : `The High Needs ${what} here differs from the HNB monitoring total by ${poundsText(difference)}. ` +
        `Update the DSG blocks table or the budget lines so they agree, or explain the difference (e.g. a line held outside the monitoring) in a note to the Forum.`;
  const checks: CheckInput[] = [];
  checks.push({
    description: "High Needs budget agrees with the HNB monitoring total",
    value: formulaCell(kv.hnBudget.ref, highNeeds.budget, NumFmt.pounds),
    expected: formulaCell(kv.monBudget.ref, monitoring.totals.budget.value, NumFmt.pounds),
    test: "equal",
    howToFix: fix("budget", budgetDiff),
  });
  checks.push({
    description: "High Needs forecast outturn agrees with the HNB monitoring total",
    value: formulaCell(kv.hnForecast.ref, highNeeds.forecast, NumFmt.pounds),
    expected: formulaCell(kv.monForecast.ref, monitoring.totals.forecast.value, NumFmt.pounds),
    test: "equal",
    howToFix: fix("forecast", forecastDiff),
  });
  const note =
    budgetDiff !== 0 || forecastDiff !== 0
      ? `The High Needs row differs from the HNB monitoring paper (budget by ${poundsText(budgetDiff)}, forecast by ${poundsText(forecastDiff)}); the reconciliation above shows both figures. The difference should be explained to the Forum.`
      : undefined;
  return { checks, ...(note !== undefined ? { note } : {}) };
}

/** The checks: the reconciliation's, transfers net to zero, the workbook's total rows, rows used. */
function dsgChecks(
  ctx: PaperContext,
  reconciliation: readonly CheckInput[],
  table: TableLayout,
  totals: BlockTotals,
): { checks: CheckInput[]; usedTotals: TotalCheck[] } {
  const checks: CheckInput[] = [...reconciliation];
  const usedTotals: TotalCheck[] = [];
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
    const statedTotal = stated.get(field);
    if (!statedTotal) continue;
    usedTotals.push(statedTotal);
    checks.push(statedTotalCheck(what, table.total(key).ref, totals[field], statedTotal));
  }
  const skipped = skippedRowsCheck(ctx, "dsgBlocks");
  if (skipped) checks.push(skipped);
  return { checks, usedTotals };
}
