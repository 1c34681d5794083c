/**
 * The checks a paper carries: each reconciles a figure on the sheet with its source. A paper's
 * checks block lists them with a result formula each; the Checks sheet (front.ts) lists them all
 * and reads their cells. The check parameters (tolerance, allowance) are inputs on the Checks
 * sheet that every check formula reads, so no check has a constant inside it; their cells are
 * fixed here because papers are built before the Checks sheet.
 */

import { InternalError } from "../core/errors";
import { writeHeading } from "./blocks";
import { formulaCell, textCell } from "./cells";
import type { SheetBuilder } from "./sheet-builder";
import { NumFmt, a1, quoteSheet, type CellSpec } from "./spec";

/** Name of the Checks sheet (front.ts builds it; papers refer to its parameter cells). */
export const CHECKS_SHEET = "Checks";
/** Two amounts agree when they differ by less than this (£): half a penny. */
export const TOLERANCE = 0.005;
/** Per-row rounding allowance (£): a penny a school for the transfer's penny rounding. */
export const ALLOWANCE = 0.01;
/** Zero-based positions of the two check parameters on the Checks sheet (B4 and B5). */
export const TOLERANCE_CELL = { row: 3, col: 1 } as const;
export const ALLOWANCE_CELL = { row: 4, col: 1 } as const;
/** 'Checks'!$B$4 and 'Checks'!$B$5: what every check formula reads instead of a constant. */
export const TOLERANCE_REF = `${quoteSheet(CHECKS_SHEET)}!${a1(TOLERANCE_CELL.row, TOLERANCE_CELL.col, true)}`;
export const ALLOWANCE_REF = `${quoteSheet(CHECKS_SHEET)}!${a1(ALLOWANCE_CELL.row, ALLOWANCE_CELL.col, true)}`;

/** How a check compares its value with the expected figure. */
export type CheckTest = "equal" | "atMost";

/** A check as a paper states it: a value, what it should be, and how to fix a failure. */
export interface CheckInput {
  readonly description: string;
  /** The value: a formula on this sheet (with its cached value) or a constant from the source. */
  readonly value: CellSpec;
  readonly expected: CellSpec;
  /** "equal": within half a penny; "atMost": value ≤ expected (plus half a penny). */
  readonly test: CheckTest;
  readonly howToFix: string;
}

/** A check after it is placed on a sheet: the Checks sheet lists these and refers to their cells. */
export interface PlacedCheck {
  readonly id: string;
  readonly description: string;
  /** Sheet name the check belongs to, or "Source workbook" for checks on the source itself. */
  readonly paper: string;
  readonly value: number;
  readonly expected: number;
  readonly test: CheckTest;
  readonly passed: boolean;
  readonly howToFix: string;
  readonly numFmt: string;
  /** Sheet-qualified references to the value and expected cells, when placed on a paper. */
  readonly valueRef?: string;
  readonly expectedRef?: string;
}

/** Whether a check passes, exactly as its result formula decides. */
export function checkPasses(test: CheckTest, value: number, expected: number): boolean {
  return test === "equal" ? Math.abs(value - expected) < TOLERANCE : value <= expected + TOLERANCE;
}

/** The result formula of a check, reading the tolerance from the Checks sheet. */
export function checkFormula(
  test: CheckTest,
  valueRef: string,
  expectedRef: string,
  tolerance: string = TOLERANCE_REF,
): string {
  return test === "equal"
    ? `IF(ABS(${valueRef}-${expectedRef})<${tolerance},"Pass","FAIL")`
    : `IF(${valueRef}<=${expectedRef}+${tolerance},"Pass","FAIL")`;
}

/** The test in words, as the checks blocks show it. */
export const TEST_TEXT: Record<CheckTest, string> = { equal: "Equals", atMost: "At most" };

function numericValue(cell: CellSpec, what: string): number {
  if (typeof cell.value !== "number")
    throw new InternalError(`Check ${what} must be a number; got ${String(cell.value)}`);
  return cell.value;
}

/**
 * The checks block of a paper: a heading, a header row (Check | Value | Expected | Test | Result)
 * and one row per check with its result formula. Returns the placed checks with their IDs
 * (prefix-1, prefix-2, …) and cell references for the Checks sheet.
 */
export function writeChecks(
  sheet: SheetBuilder,
  prefix: string,
  checks: readonly CheckInput[],
): PlacedCheck[] {
  if (checks.length === 0) return [];
  writeHeading(
    sheet,
    "Checks (each reconciles a figure on this sheet to its source; all checks are listed on the Checks sheet)",
  );
  const header = sheet.nextRow();
  ["Check", "Value", "Expected", "Test", "Result"].forEach((h, i) =>
    sheet.put(header, i, textCell(h, "header")),
  );
  // Marked as an Excel table, as published spreadsheets must mark every table (GSS; the
  // publication check's "tables marked as tables" rule).
  sheet.addTable({
    name: `${prefix}Checks`,
    headerRow: header,
    firstCol: 0,
    columnCount: 5,
    dataRowCount: checks.length,
    totalsRow: false,
    altText:
      "Each check on this sheet: its value, the expected value, the test and the result (Pass or FAIL).",
  });
  return checks.map((c, i) => {
    const row = sheet.nextRow();
    const id = `${prefix}-${i + 1}`;
    const value = numericValue(c.value, "value");
    const expected = numericValue(c.expected, "expected");
    const passed = checkPasses(c.test, value, expected);
    sheet.put(row, 0, textCell(`${id}: ${c.description}`));
    sheet.put(row, 1, c.value);
    sheet.put(row, 2, c.expected);
    sheet.put(row, 3, textCell(TEST_TEXT[c.test]));
    const valueAt = sheet.at(row, 1);
    const expectedAt = sheet.at(row, 2);
    sheet.put(
      row,
      4,
      formulaCell(
        checkFormula(c.test, valueAt.ref, expectedAt.ref),
        passed ? "Pass" : "FAIL",
        undefined,
        "check",
      ),
    );
    return {
      id,
      description: c.description,
      paper: sheet.name,
      value,
      expected,
      test: c.test,
      passed,
      howToFix: c.howToFix,
      numFmt: c.value.numFmt ?? NumFmt.pounds,
      valueRef: valueAt.xref,
      expectedRef: expectedAt.xref,
    };
  });
}
