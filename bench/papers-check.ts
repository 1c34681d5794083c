/**
 * Checks on a built papers workbook, shared by the papers and office-syncs suites: the output holds
 * what the engine built (every cell's value, or formula, equal to the spec's), and every open
 * register row reached the banding review (counted against the generator's own facts, not the
 * code under test). Also the generated council workbooks the suites read.
 */
import ExcelJS from "exceljs";
import { buildCouncilWorkbook, type SampleFacts } from "../samples/generate";
import { PAPERS } from "../src/papers/house";
import type { CellValue, SheetSpec } from "../src/papers/spec";
import type { SheetSnapshot } from "../src/sources/snapshot";
import { addOtherSheets } from "../test/workbook-office/workbooks";
import { check } from "./harness";

/** The sheet the banding review is written to. */
export const BANDING_SHEET = PAPERS["banding-review"].sheet;

/** A generated council workbook as xlsx bytes, with the generator's facts. */
export interface Generated {
  readonly bytes: Uint8Array;
  readonly facts: SampleFacts;
  readonly sheets: number;
}

/**
 * The standard layout at `placements` rows (300 schools, seed 7: at 10,000 it is
 * samples/council-large.xlsx), with `otherSheets` sheets of other data added (3,000 × 20 cells,
 * half formulas; test/workbook-office/workbooks.ts).
 */
export async function generatedCouncil(placements: number, otherSheets = 0): Promise<Generated> {
  const { workbook, facts } = await buildCouncilWorkbook({
    placements,
    schools: 300,
    seed: 7,
    layout: "standard",
  });
  addOtherSheets(workbook, otherSheets);
  const buffer = await workbook.xlsx.writeBuffer();
  return { bytes: new Uint8Array(buffer as ArrayBuffer), facts, sheets: workbook.worksheets.length };
}

/** A cell as some output holds it: its value, and its formula (without "=") where it has one. */
export interface OutputCell {
  readonly value: CellValue | undefined;
  readonly formula?: string;
}

/**
 * Check every cell of every spec against an output: a formula cell must hold the same formula
 * (when the output keeps formulas) or the engine's result (when it gives cached values), any other
 * cell the same value. Returns the number of cells compared.
 */
export function checkSameContent(
  specs: readonly SheetSpec[],
  cellOf: (sheet: string) => ((row: number, col: number) => OutputCell) | undefined,
  formulas: "formula" | "cached",
): number {
  let compared = 0;
  for (const spec of specs) {
    const at = cellOf(spec.name);
    check(at !== undefined, `the output has no sheet "${spec.name}"`);
    spec.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell) return;
        const got = at(r, c);
        const where = `${spec.name} row ${r + 1} column ${c + 1}`;
        if (cell.formula !== undefined && formulas === "formula") {
          check(
            got.formula === cell.formula.replace(/^=/, ""),
            `${where}: formula ${String(got.formula)}, built ${cell.formula}`,
          );
        } else {
          const want = cell.value === "" ? null : cell.value;
          const have = got.value === "" || got.value === undefined ? null : got.value;
          check(have === want, `${where}: ${JSON.stringify(have)}, the engine gave ${JSON.stringify(want)}`);
        }
        compared++;
      }),
    );
  }
  return compared;
}

/** Cells of a snapshot sheet as outputs (cached values). */
export function snapshotCells(
  sheets: readonly SheetSnapshot[],
): (name: string) => ((r: number, c: number) => OutputCell) | undefined {
  return (name) => {
    const sheet = sheets.find((s) => s.name === name);
    if (!sheet) return undefined;
    return (r, c) => ({ value: sheet.cells[r]?.[c] ?? null });
  };
}

/**
 * Every open register row reached the banding review: the anonymised refs (P0001 …) in its first
 * column, costed or listed as not costed, number the generator's placements live at the as-at date.
 */
export function checkBandingReview(column: readonly unknown[], facts: SampleFacts): number {
  const refs = new Set(column.filter((v): v is string => typeof v === "string" && /^P\d{4,}$/.test(v)));
  check(
    refs.size === facts.placements.liveAtAsAt,
    `the banding review lists ${refs.size} placements; the register has ${facts.placements.liveAtAsAt} live at the as-at date`,
  );
  return refs.size;
}

/** An ExcelJS workbook holding the same content as the specs: values, formulas with results, number formats, fonts and fills by house style, column widths. */
export function excelJsCopy(specs: readonly SheetSpec[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const fonts = new Map<string, Partial<ExcelJS.Font>>();
  const fontOf = (style: string): Partial<ExcelJS.Font> => {
    let f = fonts.get(style);
    if (!f)
      fonts.set(
        style,
        (f = {
          name: "Arial",
          size: style === "title" ? 14 : 11,
          bold: style === "header" || style === "title" || style === "total",
        }),
      );
    return f;
  };
  for (const spec of specs) {
    const ws = wb.addWorksheet(spec.name);
    spec.columnWidths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
    spec.cells.forEach((row, r) => {
      const out = ws.getRow(r + 1);
      row.forEach((cell, c) => {
        if (!cell) return;
        const target = out.getCell(c + 1);
        target.value =
          cell.formula !== undefined
            ? ({ formula: cell.formula, result: cell.value ?? undefined } as ExcelJS.CellFormulaValue)
            : cell.value;
        if (cell.numFmt) target.numFmt = cell.numFmt;
        if (cell.style) target.font = fontOf(cell.style);
      });
    });
  }
  return wb;
}
