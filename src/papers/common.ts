/**
 * Pieces several papers share: reconciling a table's totals to the total rows of the source
 * workbook, the "every source row was used" check, the financial-year label of a paper, and the
 * current costing of placements (the costing basis block, each placement's current cost, the
 * stated top-up check) that the placement summary and the banding review both show.
 */

import { isOpen, mainstreamRates } from "../core/costing";
import { isCellError } from "../core/errors";
import { roundPenny, sumPounds } from "../core/money";
import {
  type CurrentCosting,
  type CurrentTariff,
  type HoursRates,
  RULE_LABEL,
  costCurrentPlacement,
  currentTariff,
  disagreementText,
} from "../core/tariffs";
import { DATASETS, type DatasetId, type Placement, type TotalCheck } from "../sources/datasets";
import { writeHeading, writeKeyValues } from "./blocks";
import { dateCell, formulaCell, moneyCell, numberCell, textCell } from "./cells";
import type { CheckInput } from "./checks";
import type { PaperContext, PaperNotice } from "./house";
import { PAPERS } from "./registry";
import type { SheetBuilder } from "./sheet-builder";
import { NumFmt, type CellSpec } from "./spec";
import type { Column } from "./table";
import { dateText, poundsText, Shorthand } from "./text";

/**
 * The workbook's grand total for each field of a dataset: of the total rows found for a field, the
 * one covering the most (largest computed sum, the later row on a tie). Subtotals are the others.
 */
export function grandTotals(totals: readonly TotalCheck[], dataset: DatasetId): Map<string, TotalCheck> {
  const out = new Map<string, TotalCheck>();
  for (const row of totals) {
    if (row.dataset !== dataset) continue;
    const seen = out.get(row.field);
    if (!seen || Math.abs(row.computed) >= Math.abs(seen.computed)) out.set(row.field, row);
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
    r.lastForecast === undefined ? [] : [roundPenny(r.forecast - r.lastForecast)],
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
          r.lastForecast === undefined ? na : roundPenny(r.forecast - r.lastForecast),
          NumFmt.pounds,
        ),
      total: (t) => countedSum(t.range("movement"), movements),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// The current costing of placements (the placement summary and the banding review)

/**
 * A band name as written in a cell: a whole number stays a number ("3" → 3) so that the band on a
 * placement row and in the band table compare equal in MATCH whichever way a cell holds it.
 */
export function bandCellValue(band: string): string | number {
  const text = band.trim();
  return /^\d+$/.test(text) && String(Number(text)) === text ? Number(text) : text;
}

/** How each placement paper says it counts placements with no end date when there is no date. */
const UNDATED_OPEN: Record<"banding-review" | "placement-summary", string> = {
  "banding-review": "treated as open",
  "placement-summary": "counted as open",
};

/**
 * The register as both placement papers start from it: the placements open at the as-at date
 * (core isOpen) and the current band table as a costing rule, with a notice for a missing date
 * and for a band table that cannot be used.
 *
 * @returns The open placements and the tariff, or why the paper cannot be built (none is open).
 */
export function openRegister(
  ctx: PaperContext,
  placements: readonly Placement[],
  paper: "banding-review" | "placement-summary",
  warnings: PaperNotice[],
): { open: Placement[]; tariff?: CurrentTariff } | { error: string } {
  const name = PAPERS[paper].sheet;
  const open = placements.filter((p) => isOpen(p, ctx.asAt));
  if (open.length === 0)
    return { error: `${name} not built: no placement in the register is open at ${dateText(ctx.asAt)}.` };
  if (ctx.asAt === undefined)
    warnings.push({
      code: "placements-open-undated",
      paper,
      dataset: "placements",
      message: `${name}: no data as-at date, so placements with no end date are ${UNDATED_OPEN[paper]}.`,
    });
  const current = currentBandTable(ctx);
  if (current.warning)
    warnings.push({
      code: "band-table-warning",
      paper,
      dataset: "currentBands",
      message: `${name}: ${current.warning}`,
    });
  return { open, ...(current.tariff ? { tariff: current.tariff } : {}) };
}

/** The current band table read as a costing rule (core/tariffs.ts), or why it cannot be used. */
export function currentBandTable(ctx: PaperContext): { tariff?: CurrentTariff; warning?: string } {
  const rows = ctx.datasets.currentBands;
  if (!rows || rows.length === 0) return {};
  const parsed = currentTariff(rows);
  if (isCellError(parsed)) return { warning: `The current band table could not be used: ${parsed.message}` };
  return { tariff: parsed };
}

/** The Rules sheet's rates for hours-based costs, and which settings take the threshold. */
export function currentRates(ctx: PaperContext): HoursRates {
  const rules = ctx.rules;
  return mainstreamRates({
    hourlyRate: rules.value("hourlyRate"),
    weeksPerYear: rules.value("weeksPerYear"),
    mainstreamThreshold: rules.value("mainstreamThreshold"),
  });
}

/**
 * Cost a placement on the current basis (core costCurrentPlacement): the register's stated
 * annual top-up when it gives one, else the current band table's rule (a fixed £ tariff, or
 * hours × rate × weeks less the threshold in mainstream).
 *
 * @returns The costing, or the reason it cannot be costed (in words for the paper).
 */
export function costCurrent(
  p: Placement,
  tariff: CurrentTariff | undefined,
  ctx: PaperContext,
): CurrentCosting | { reason: string } {
  return costCurrentPlacement(p, tariff, currentRates(ctx));
}

/** The band a costed placement is shown under: the band table's own name when looked up there. */
export function shownBand(
  p: Placement,
  c: CurrentCosting,
  tariff: CurrentTariff | undefined,
): string | number {
  const row = c.table?.bandRow;
  return row !== undefined && tariff ? bandCellValue(tariff.table.bands[row]) : bandCellValue(p.currentBand);
}

/** The costing rule in one sentence for the notes: the table's rule, and the register's stated top-ups. */
export function costingRuleNote(
  tariff: CurrentTariff | undefined,
  costings: readonly CurrentCosting[],
): string {
  const stated = costings.filter((c) => c.rule === "stated").length;
  const bySchool = costings.filter((c) => c.table?.matchedBy === "school").length;
  const rule = tariff
    ? tariff.rule
    : "hours of support a week × hourly rate × weeks a year, less the element 2 threshold in mainstream settings (the placements give their hours; the workbook has no current band table)";
  const parts = [`Current costing rule, read from the current band table's own columns: ${rule}.`];
  if (bySchool > 0)
    parts.push(
      `${bySchool} placement${bySchool === 1 ? " is" : "s are"} costed at the rate of ${bySchool === 1 ? "its" : "their"} school (a row of the band table named after the school), ${bySchool === 1 ? "its" : "their"} band not being in the table.`,
    );
  if (stated > 0)
    parts.push(
      `${stated} placement${stated === 1 ? " has" : "s have"} an annual top-up stated in the register: that figure is ${stated === 1 ? "its" : "their"} current cost, checked against the band table's figure (disagreements are listed).`,
    );
  return parts.join(" ");
}

/**
 * The costing basis block (hourly rate, weeks, threshold from the Rules sheet, and the date
 * placements are open at), shown on both placement papers.
 */
export function writeCostingBasis(
  sheet: SheetBuilder,
  ctx: PaperContext,
  recalculates: boolean,
  tariff?: CurrentTariff,
  costings: readonly CurrentCosting[] = [],
): void {
  const rules = ctx.rules;
  writeHeading(
    sheet,
    recalculates
      ? "Costing basis (linked to the Rules sheet: change a rate there and this sheet recalculates)"
      : "Costing basis (linked to the Rules sheet; the figures below were worked out with these values: rebuild after changing them)",
  );
  const rate = rules.get("hourlyRate");
  writeKeyValues(sheet, [
    {
      label: "Hourly rate of support (£)",
      cell: formulaCell(rules.ref("hourlyRate"), rate.value, NumFmt.poundsPence),
      note: rate.fromWorkbook
        ? "The council's rate, from the workbook"
        : `${Shorthand.estimate} an example rate (Oxfordshire): replace it with the council's own`,
    },
    {
      label: "Weeks a year",
      cell: formulaCell(rules.ref("weeksPerYear"), rules.value("weeksPerYear"), NumFmt.count),
    },
    {
      label: "Mainstream element 2 threshold (£)",
      cell: formulaCell(rules.ref("mainstreamThreshold"), rules.value("mainstreamThreshold"), NumFmt.pounds),
      note: "Taken off hours-based costs in mainstream settings only",
    },
    {
      label: "Current costs worked out by",
      cell: textCell(
        costings.some((c) => c.rule === "stated")
          ? `${RULE_LABEL[tariff?.kind ?? "hours"]}; ${RULE_LABEL.stated} where given`
          : RULE_LABEL[tariff?.kind ?? "hours"],
      ),
      note: tariff ? "Read from the current band table's own columns" : "The placements give their hours",
    },
    {
      label: "Placements open at",
      cell: ctx.asAt === undefined ? textCell(`${Shorthand.notAvailable} no date given`) : dateCell(ctx.asAt),
      note:
        ctx.asAt === undefined
          ? "Without a date, placements with no end date count as open"
          : "Started on or before this date and not ended before it",
    },
  ]);
}

/**
 * The check that every stated annual top-up equals the band table's figure: the number that
 * differ, expected 0; the fix lists each (sheet, row, stated, table, difference).
 */
export function statedTopUpCheck(
  differ: readonly { source: string; stated: number; table: number }[],
  value?: CellSpec,
): CheckInput {
  return {
    description: "Every annual top-up stated in the register equals the current band table's figure",
    value: value ?? numberCell(differ.length, NumFmt.count),
    expected: numberCell(0, NumFmt.count),
    test: "equal",
    howToFix:
      differ.length === 0
        ? "If it fails: a stated top-up differs from the band table; correct the register or the band table and rebuild."
        : `Correct the register's annual top-up or the current band table (the stated figure is used for the cost until then): ${differ
            .slice(0, 5)
            .map((d) => `${d.source}: ${disagreementText(d.stated, d.table)}`)
            .join("; ")}${differ.length > 5 ? `; and ${differ.length - 5} more, listed on the paper` : ""}.`,
  };
}
