/**
 * The build's finishing pass (src/papers/evaluate.ts) on real papers: the shipped sample
 * workbooks (samples/README.md: the standard sample and the three other layouts) and the
 * fixture councils (test/papers/fixtures.ts: problems, suppression off, an infeasible transfer,
 * no assumptions).
 *
 * 1. Every paper's formulas evaluate to the value its builder computed in TypeScript: the build
 *    reports no disagreement, no unsupported formula and no circle (each would be a notice with a
 *    formula-* code), so the builders' own values can later be dropped.
 * 2. HyperFormula, an independent engine, recalculates every formula cell from the inputs alone
 *    to the value the evaluator gives. (LibreOffice's recalculation of the written file,
 *    test/papers/libreoffice.test.ts, stays the end-to-end check.)
 */

import { existsSync, readFileSync } from "fs";
import { HyperFormula } from "hyperformula";
import { PAPER_IDS, buildPapers, type PapersBuild } from "../../src/papers";
import { evaluateSheets } from "../../src/papers/evaluate";
import { FormulaReader } from "../../src/papers/evaluate/copies";
import { parseFormula, referencesIn } from "../../src/papers/evaluate/syntax";
import type { CellValue, SheetSpec } from "../../src/papers/spec";
import { MEETING, fullDatasets, makePlacements } from "./fixtures";
import { USES_TEXT } from "./invariants";

const SAMPLES = ["council-sample.xlsx", "layout-a.xlsx", "layout-b.xlsx", "layout-c.xlsx"];
const FORMULA_CODES = new Set(["formula-disagrees", "formula-unsupported", "formula-circular"]);

async function sampleBuild(file: string): Promise<PapersBuild> {
  const path = `samples/${file}`;
  if (!existsSync(path))
    throw new Error(`${path} is missing: it is committed; regenerate with samples/generate.ts`);
  const { readWorkbookFile } = await import("../../src/workbook/xlsx/read");
  const { readDatasets } = await import("../../src/sources");
  const snapshot = await readWorkbookFile(readFileSync(path), file);
  return buildPapers(readDatasets(snapshot), { meetingName: "Schools Forum" });
}

const fixtureBuilds: [string, () => PapersBuild][] = [
  ["consistent council", () => buildPapers(fullDatasets(), { meetingDate: MEETING })],
  [
    "register with problems, suppression off",
    () =>
      buildPapers(fullDatasets({ placements: makePlacements(true) }), {
        meetingDate: MEETING,
        suppressSmallNumbers: false,
      }),
  ],
  ["infeasible transfer", () => buildPapers(fullDatasets(), { meetingDate: MEETING, transferPercent: 0.02 })],
  ["no assumptions", () => buildPapers(fullDatasets({ assumptions: { sources: {} }, totals: [] }), {})],
];

/** Each formula cell: where it is and the value the evaluator gives. */
function evaluatedFormulas(sheets: readonly SheetSpec[]) {
  const { sheets: evaluated } = evaluateSheets(sheets);
  return evaluated.flatMap((sheet) =>
    sheet.cells.flatMap((line, row) =>
      line.flatMap((cell, col) =>
        cell?.formula ? [{ sheet: sheet.name, row, col, formula: cell.formula, value: cell.value }] : [],
      ),
    ),
  );
}

/**
 * Formula cells where HyperFormula, recalculating the workbook from its input cells, gives
 * another value than the evaluator.
 */
function hyperFormulaDifferences(sheets: readonly SheetSpec[]): string[] {
  const data: Record<string, (CellValue | string)[][]> = {};
  for (const sheet of sheets) {
    data[sheet.name] = sheet.cells.map((line) =>
      line.map((cell) => {
        if (!cell) return null;
        // A TEXT formula goes in as its value: HyperFormula's TEXT is wrong for "£#,##0" (see
        // USES_TEXT); LibreOffice checks those cells in recommendation.test.ts.
        if (cell.formula && !USES_TEXT.test(cell.formula)) return `=${cell.formula}`;
        // Text that HyperFormula would read as a number or a formula stays text, as in the file.
        if (typeof cell.value === "string" && /^\s*[-+=.\d]/.test(cell.value)) return `'${cell.value}`;
        return cell.value;
      }),
    );
  }
  // Array arithmetic on: "--(range=cell)" inside SUMPRODUCT works cell by cell, as in Excel.
  const engine = HyperFormula.buildFromSheets(data, { licenseKey: "gpl-v3", useArrayArithmetic: true });
  try {
    const out: string[] = [];
    for (const f of evaluatedFormulas(sheets)) {
      if (USES_TEXT.test(f.formula)) continue;
      const theirs = engine.getCellValue({
        sheet: engine.getSheetId(f.sheet) as number,
        row: f.row,
        col: f.col,
      });
      const same =
        typeof theirs === "number" && typeof f.value === "number"
          ? Math.abs(theirs - f.value) <= 1e-9 * Math.max(1, Math.abs(f.value))
          : theirs === f.value;
      if (!same)
        out.push(
          `${f.sheet}!R${f.row + 1}C${f.col + 1} =${f.formula}: ours ${String(f.value)}, HyperFormula ${JSON.stringify(theirs)}`,
        );
    }
    return out;
  } finally {
    engine.destroy();
  }
}

function checkBuild(build: PapersBuild, expectedPapers: readonly string[]): void {
  // Not vacuous: the papers are there and hold formulas.
  expect(build.papers.map((p) => p.id)).toEqual(expectedPapers);
  for (const paper of build.papers) {
    const sheet = build.sheets.find((s) => s.name === paper.sheet) as SheetSpec;
    expect(sheet.cells.some((line) => line.some((cell) => cell?.formula))).toBe(true);
  }
  expect(build.warnings.filter((w) => FORMULA_CODES.has(w.code))).toEqual([]);
}

describe.each(SAMPLES)("papers from samples/%s", (file) => {
  let build: PapersBuild;
  beforeAll(async () => {
    build = await sampleBuild(file);
  });

  test("every formula evaluates to its builder's value: no disagreement, nothing unsupported, no circle", () => {
    checkBuild(build, PAPER_IDS);
  });

  test("HyperFormula gives the evaluator's value for every formula cell", () => {
    expect(hyperFormulaDifferences(build.sheets)).toEqual([]);
  });

  test("a formula read as a moved copy of another gets the tree and references a full reading gives", () => {
    const reader = new FormulaReader();
    const formulas = evaluatedFormulas(build.sheets).map((f) => f.formula);
    expect(formulas.length).toBeGreaterThan(1000);
    const differing = formulas.filter((f) => {
      const reading = reader.reading(f);
      const full = parseFormula(f);
      return (
        JSON.stringify(reading.tree()) !== JSON.stringify(full) ||
        JSON.stringify(reading.references()) !== JSON.stringify(referencesIn(full))
      );
    });
    expect(differing).toEqual([]);
  });
});

describe.each(fixtureBuilds)("papers of the fixture council: %s", (_name, make) => {
  const build = make();

  test("every formula evaluates to its builder's value", () => {
    checkBuild(
      build,
      build.papers.map((p) => p.id),
    );
    expect(build.papers.length).toBeGreaterThanOrEqual(5);
  });

  test("HyperFormula gives the evaluator's value for every formula cell", () => {
    expect(hyperFormulaDifferences(build.sheets)).toEqual([]);
  });
});
