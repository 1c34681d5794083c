/**
 * Pieces several papers share: reconciling a table's totals to the total rows of the source
 * workbook, the "every source row was used" check, and the financial-year label of a paper.
 */

import { sumPounds } from "../core/money";
import { DATASETS, type DatasetId, type TotalCheck } from "../sources/datasets";
import {
  type CheckInput,
  type Column,
  type PaperContext,
  formulaCell,
  moneyCell,
  numberCell,
  poundsText,
  r2,
  textCell,
} from "./house";
import { Shorthand } from "./house";
import { NumFmt } from "./spec";

/**
 * The workbook's grand total for each field of a dataset: of the total rows found for a field, the
 * one covering the most (largest computed sum, the later row on a tie). Subtotals are the others.
 */
export function grandTotals(totals: readonly TotalCheck[], dataset: DatasetId): Map<string, TotalCheck> {
  const out = new Map<string, TotalCheck>();
  for (const t of totals) {
    if (t.dataset !== dataset) continue;
    const seen = out.get(t.field);
    if (!seen || Math.abs(t.computed) >= Math.abs(seen.computed)) out.set(t.field, t);
  }
  return out;
}

/**
 * A check that a table total equals the total row the source workbook states.
 *
 * @param totalRef Relative A1 of the table's totals cell on the paper sheet.
 * @param tableTotal Its cached value.
 */
export function statedTotalCheck(
  what: string,
  totalRef: string,
  tableTotal: number,
  stated: TotalCheck,
): CheckInput {
  const agrees = Math.abs(tableTotal - stated.stated) < 0.005;
  return {
    description: `${what} agrees with the workbook's total row "${stated.label}" (${stated.source.sheet} row ${stated.source.row})`,
    value: formulaCell(totalRef, tableTotal, NumFmt.pounds),
    expected: moneyCell(stated.stated),
    test: "equal",
    howToFix: agrees
      ? "If it fails: a figure in the table has been changed since the papers were built; correct it or rebuild the papers."
      : `The rows add up to ${poundsText(tableTotal)} but the workbook's total row says ${poundsText(stated.stated)}. ` +
        `Check whether a row was skipped (see the other checks), counted twice, or sits outside the range the total covers, and correct the workbook.`,
  };
}

/**
 * The check that every row of a dataset was read: its value is the number of rows the reader
 * skipped. Carried by the first paper that uses the dataset.
 */
export function skippedRowsCheck(ctx: PaperContext, dataset: DatasetId): CheckInput | undefined {
  if (!ctx.firstUse(`skipped:${dataset}`)) return undefined;
  const skipped = ctx.datasets.skipped.filter((s) => s.dataset === dataset);
  const label = DATASETS[dataset].label;
  const listed = skipped
    .slice(0, 5)
    .map((s) => `${s.source.sheet} row ${s.source.row}: ${s.reason}`)
    .join("; ");
  return {
    description: `Every row of the table "${label}" was used`,
    value: numberCell(skipped.length, NumFmt.count),
    expected: numberCell(0, NumFmt.count),
    test: "equal",
    howToFix:
      skipped.length === 0
        ? "If it fails: correct the rows the reader could not use (the Notes sheet says how many) and rebuild the papers."
        : `${skipped.length} row${skipped.length === 1 ? " was" : "s were"} not used: ${listed}${skipped.length > 5 ? "; …" : ""}. ` +
          `Correct ${skipped.length === 1 ? "it" : "them"} in the workbook and rebuild the papers.`,
  };
}

/** The exact sum in pence of money values, as £ (what ROUND(SUM(…),2) gives). */
export function total(values: readonly number[]): number {
  return sumPounds(values);
}

/** " 2025-26" for titles when the financial year is known. */
export function yearSuffix(ctx: PaperContext): string {
  return ctx.financialYear ? ` ${ctx.financialYear}` : "";
}

/**
 * The check that the hourly rate of support is the council's own: the Rules sheet's default is
 * Oxfordshire's published rate, an example only. Carried by the first paper that costs hours.
 */
export function hourlyRateCheck(ctx: PaperContext): CheckInput | undefined {
  if (!ctx.firstUse("hourlyRate")) return undefined;
  const rule = ctx.rules.get("hourlyRate");
  return {
    description: "The hourly rate of support is the council's own (given in the workbook's assumptions)",
    value: numberCell(rule.fromWorkbook ? 1 : 0, NumFmt.count),
    expected: numberCell(1, NumFmt.count),
    test: "equal",
    howToFix: rule.fromWorkbook
      ? "If it fails: add a row \"Hourly rate\" with the council's own rate to the workbook's assumptions table and rebuild."
      : `The workbook's assumptions table has no hourly rate, so the papers use Oxfordshire's £${rule.value.toFixed(2)} an hour as an example. Add a row "Hourly rate" with the council's own rate to the assumptions table and rebuild.`,
  };
}

/**
 * The previous-forecast column and the movement since it, for papers whose rows may lack a
 * previous forecast (shown as [x]). Each column's total is the sum of the figures it has, or [x]
 * when it has none: a £0 total would wrongly say the figures were zero.
 */
export function forecastMovementColumns<
  R extends { readonly forecast: number; readonly lastForecast?: number },
>(rows: readonly R[], headers: { readonly last: string; readonly movement: string }): Column<R>[] {
  const na = Shorthand.notAvailable;
  const lasts = rows.flatMap((r) => (r.lastForecast === undefined ? [] : [r.lastForecast]));
  const movements = rows.flatMap((r) =>
    r.lastForecast === undefined ? [] : [r2(r.forecast - r.lastForecast)],
  );
  const countedSum = (range: string, numbers: readonly number[]) =>
    formulaCell(
      `IF(COUNT(${range})=0,"${na}",ROUND(SUM(${range}),2))`,
      numbers.length === 0 ? na : total(numbers),
      NumFmt.pounds,
    );
  return [
    {
      key: "last",
      header: headers.last,
      cell: (r) => (r.lastForecast === undefined ? textCell(na) : moneyCell(r.lastForecast)),
      total: (t) => countedSum(t.range("last"), lasts),
    },
    {
      key: "movement",
      header: headers.movement,
      cell: (r, c) =>
        formulaCell(
          `IF(${c.ref("last")}="${na}","${na}",ROUND(${c.ref("forecast")}-${c.ref("last")},2))`,
          r.lastForecast === undefined ? na : r2(r.forecast - r.lastForecast),
          NumFmt.pounds,
        ),
      total: (t) => countedSum(t.range("movement"), movements),
    },
  ];
}
