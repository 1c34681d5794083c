/**
 * The cells a paper is made of: text, numbers, money, dates and formulas, each with its number
 * format and style. A formula cell carries the engine's value as its cached result, so a reader
 * without the add-in sees the figure and a recalculating engine must agree with it. Money
 * formulas are wrapped in ROUND(…,2): a spreadsheet then agrees with the engine to the penny.
 */

import { InternalError } from "../core/errors";
import { roundPenny } from "../core/money";
import { NumFmt, type CellSpec, type CellValue, type StyleName } from "./spec";
import { Shorthand } from "./text";

/** Extra number formats used on papers beyond spec.ts's NumFmt. */
export const ExtraFmt = {
  /** The transfer's scaling factor, e.g. 0.5263%: four decimals so a reader can recompute a reduction. */
  percent4: "0.0000%",
} as const;

function assertValue(value: CellValue): void {
  if (value === undefined || (typeof value === "number" && !Number.isFinite(value))) {
    throw new InternalError(`A cell value must be finite; got ${String(value)}`);
  }
}

/** A text cell. */
export function textCell(value: string, style: StyleName = "body"): CellSpec {
  return { value, style };
}

/** A number cell with a format (a value from the source or an input). */
export function numberCell(value: number, numFmt: string, style: StyleName = "body"): CellSpec {
  assertValue(value);
  return { value, numFmt, style };
}

/** A money cell in whole £ display (value kept to the penny). */
export function moneyCell(value: number, style: StyleName = "body"): CellSpec {
  return numberCell(value, NumFmt.pounds, style);
}

/**
 * A formula cell: the formula (A1 style, no leading "=") and the engine's value as its cached
 * result. The value must be exactly what the formula computes.
 */
export function formulaCell(
  formula: string,
  value: CellValue,
  numFmt?: string,
  style: StyleName = "body",
): CellSpec {
  if (formula.startsWith("=")) throw new InternalError(`Formulas are stored without "=": ${formula}`);
  assertValue(value);
  return numFmt === undefined ? { value, formula, style } : { value, formula, style, numFmt };
}

/** A date cell (an Excel serial shown dd/mm/yyyy). */
export function dateCell(value: number, style: StyleName = "body"): CellSpec {
  return numberCell(value, NumFmt.date, style);
}

/** ROUND(SUM(range),2) with its value: the money total of a column. */
export function sumCell(range: string, values: readonly number[], numFmt: string = NumFmt.pounds): CellSpec {
  let pence = 0;
  for (const v of values) pence += Math.round(roundPenny(v) * 100);
  return formulaCell(`ROUND(SUM(${range}),2)`, pence / 100, numFmt);
}

/** A ratio cell: IF(den=0,"[z]",num/den), the value computed exactly as the spreadsheet will. */
export function ratioCell(
  numRef: string,
  denRef: string,
  num: number,
  den: number,
  numFmt: string = NumFmt.percent,
): CellSpec {
  return formulaCell(
    `IF(${denRef}=0,"${Shorthand.notApplicable}",${numRef}/${denRef})`,
    den === 0 ? Shorthand.notApplicable : num / den,
    numFmt,
  );
}

/** The formula for {@link overUnderText} on a variance cell. */
export function overUnderFormula(ref: string): string {
  return `IF(${ref}>0,"Overspend",IF(${ref}<0,"Underspend","On budget"))`;
}
