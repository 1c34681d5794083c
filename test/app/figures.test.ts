/**
 * Explaining a figure on a built paper (src/taskpane/figures.ts), on the papers built from the
 * sample council workbook: a line's figure names the council row it came from (and that row of
 * the sample holds the line's description), a variance reads the two cells it subtracts, a total
 * follows its rows down to each of their council rows, and typed addresses are read as Excel
 * writes them.
 */
import { promises as fs } from "fs";
import * as path from "path";
import { buildPapersFromBytes } from "../../src/app/pipeline";
import { readWorkbookFile } from "../../src/workbook/xlsx/read";
import {
  explainFigure,
  figureOptions,
  figureSheets,
  parseAddress,
  type FigureSheet,
} from "../../src/app/figures";
import type { WorkbookSnapshot } from "../../src/sources";

const SAMPLE = path.join(__dirname, "../../samples/council-sample.xlsx");

let sheets: FigureSheet[];
let council: WorkbookSnapshot;

beforeAll(async () => {
  const bytes = new Uint8Array(await fs.readFile(SAMPLE));
  const built = await buildPapersFromBytes(bytes, "council-sample.xlsx", {});
  sheets = figureSheets(built.build.sheets);
  council = await readWorkbookFile(bytes, "council-sample.xlsx");
}, 120_000);

/** The council workbook's row (1-based) as text cells. */
function councilRow(sheet: string, row: number): string[] {
  const s = council.sheets.find((x) => x.name === sheet)!;
  return (s.cells[row - 1] ?? []).filter((v): v is string => typeof v === "string");
}

test("only the papers are offered, each figure by its row and column", () => {
  expect(sheets.map((s) => s.name)).toContain("HNB monitoring");
  expect(sheets.map((s) => s.name)).not.toContain("Cover");
  const options = figureOptions(sheets);
  const line = options.find((o) => o.sheet === "HNB monitoring" && /Variance \(£\)/.test(o.column));
  expect(line).toBeDefined();
  // A row is named by its description, not its s251 code.
  expect(line!.rowLabel).toMatch(/[a-z]/);
});

test("a variance reads the forecast and the budget of its line, and names the council row", () => {
  const v = figureOptions(sheets).find((o) => o.sheet === "HNB monitoring" && o.column === "Variance (£)")!;
  const x = explainFigure(sheets, v)!;
  expect(x.formula).toMatch(/^=/);
  expect(x.reads.map((r) => r.label)).toEqual([
    `${v.rowLabel}, Forecast outturn (£)`,
    `${v.rowLabel}, Annual budget (£)`,
  ]);
  expect(x.words).toMatch(/Forecast outturn \(£\) for .* minus Annual budget \(£\) for /);
  expect(x.sources).toHaveLength(1);
  // The council's row holds the same budget line.
  expect(councilRow(x.sources[0].sheet, x.sources[0].row)).toContain(v.rowLabel);
});

test("a total follows its rows down to every line's council row", () => {
  const lines = figureOptions(sheets).filter(
    (o) => o.sheet === "HNB monitoring" && o.column === "Annual budget (£)",
  );
  const total = lines.find((o) => o.rowLabel === "Total")!;
  const x = explainFigure(sheets, total)!;
  expect(x.formula).toMatch(/SUM\(/);
  const named = lines.filter((o) => o.rowLabel !== "Total");
  expect(x.sources.length).toBeGreaterThanOrEqual(named.length - 1);
  for (const s of x.sources) {
    expect(s.sheet).toBe("HNB monitoring");
    expect(councilRow(s.sheet, s.row).length).toBeGreaterThan(0);
  }
});

test("typed addresses", () => {
  expect(parseAddress("E12", sheets, "HNB monitoring")).toEqual({ sheet: "HNB monitoring", row: 11, col: 4 });
  expect(parseAddress("'HNB monitoring'!$E$12", sheets, undefined)).toEqual({
    sheet: "HNB monitoring",
    row: 11,
    col: 4,
  });
  expect(parseAddress("hnb monitoring!e12", sheets, undefined)).toEqual({
    sheet: "HNB monitoring",
    row: 11,
    col: 4,
  });
  expect(parseAddress("Nowhere!A1", sheets, undefined)).toBeUndefined();
  expect(parseAddress("E", sheets, "HNB monitoring")).toBeUndefined();
});
