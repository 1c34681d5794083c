/**
 * A real spreadsheet engine checks the written file: LibreOffice recalculates every formula (the
 * profile forces "always recalculate" on load) and must agree with our cached values to the
 * penny; it must keep our chart (it drops a chart part it cannot parse); and it must print the
 * workbook to a PDF whose first page shows the table and the chart (rendered to PNG for a look).
 */
import { existsSync, promises as fs } from "fs";
import path from "path";
import JSZip from "jszip";
import { a1 } from "../../src/papers/spec";
import { parseChartPart } from "../../src/workbook/xlsx/charts/chart-part";
import { parseDrawingPart } from "../../src/workbook/xlsx/charts/drawing-part";
import { writePapersWorkbook } from "../../src/workbook/xlsx/write";
import {
  convertToPdf,
  convertWithLibreOffice,
  describeWithLibreOffice,
  recalculateXlsx,
  renderPdfPage,
  timings,
} from "../helpers/libreoffice";
import { readBack, type ReadBack } from "../helpers/xlsx-read";
import { PLAN, fixtureSpecs } from "./fixture-specs";

const ARTIFACTS = path.resolve(__dirname, "..", "artifacts", "workbook");
const PROPS = {
  title: "Schools Forum papers (LibreOffice test)",
  author: "Tests",
  company: "Anytown Council",
};
const PENNY = 0.005;

describeWithLibreOffice("LibreOffice", () => {
  const specs = fixtureSpecs();
  let input: string;
  let recalculated: string;
  let recalc: ReadBack;

  beforeAll(async () => {
    await fs.mkdir(ARTIFACTS, { recursive: true });
    input = path.join(ARTIFACTS, "papers.xlsx");
    await fs.writeFile(input, await writePapersWorkbook(specs, PROPS));
    recalculated = await recalculateXlsx(input, path.join(ARTIFACTS, "recalculated"));
    recalc = await readBack(recalculated);
  });

  afterAll(() => {
    if (timings.length > 0) {
      console.log(
        `LibreOffice conversions: ${timings.map((t) => `${t.kind} ${(t.ms / 1000).toFixed(1)} s`).join(", ")}`,
      );
    }
  });

  it("recalculates every formula to our cached value, to the penny", () => {
    let formulas = 0;
    for (const spec of specs) {
      spec.cells.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (!cell?.formula) return;
          formulas++;
          const where = `${spec.name}!${a1(r, c)}`;
          const got = recalc[spec.name]?.[a1(r, c)];
          expect([where, got?.formula !== undefined]).toEqual([where, true]);
          expect([where, got?.error]).toEqual([where, undefined]);
          if (typeof cell.value === "number") {
            expect([where, typeof got.value]).toEqual([where, "number"]);
            expect([where, Math.abs((got.value as number) - cell.value) < PENNY]).toEqual([where, true]);
          } else {
            expect([where, got.value]).toEqual([where, cell.value]);
          }
        }),
      );
    }
    expect(formulas).toBeGreaterThan(20);
  });

  it("finds no error values anywhere", () => {
    const errors = Object.entries(recalc).flatMap(([sheet, cells]) =>
      Object.entries(cells)
        .filter(([, cell]) => cell.error !== undefined)
        .map(([address, cell]) => `${sheet}!${address} ${cell.error}`),
    );
    expect(errors).toEqual([]);
  });

  it("really recalculates: a wrong cached value comes back corrected", async () => {
    const wrong = fixtureSpecs();
    const plan = wrong[0];
    const cells = plan.cells.map((row) => [...row]);
    const total = cells[11][1]!;
    cells[11][1] = { ...total, value: 1 }; // SUM(B7:B11) is really 317,800,000
    const file = path.join(ARTIFACTS, "wrong-cache.xlsx");
    await fs.writeFile(file, await writePapersWorkbook([{ ...plan, cells }, ...wrong.slice(1)], PROPS));
    const out = await readBack(await recalculateXlsx(file, path.join(ARTIFACTS, "wrong-cache")));
    expect(out[PLAN].B12.value).toBe(total.value);
  });

  it("keeps the chart when it re-saves the workbook", async () => {
    const zip = await JSZip.loadAsync(await fs.readFile(recalculated));
    const charts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
    expect(charts).toHaveLength(1);
    const chart = parseChartPart(await zip.file(charts[0])!.async("string"));
    const spec = specs[0].charts[0];
    expect(chart.kind).toBe("line");
    expect(chart.title).toBe(spec.title);
    expect(chart.series.map((s) => s.valuesRef)).toEqual(spec.series.map((s) => s.valuesRef));
    const drawings = Object.keys(zip.files).filter((f) => /^xl\/drawings\/drawing\d+\.xml$/.test(f));
    const frames = (
      await Promise.all(drawings.map(async (d) => parseDrawingPart(await zip.file(d)!.async("string"))))
    ).flat();
    expect(frames.map((f) => f.name)).toEqual([spec.title]);
    // LibreOffice 7.4 does not write a chart's descr when it saves .xlsx (its own limitation), so
    // the alt text is checked where LibreOffice does keep it: see the next test.
  });

  it("reads the chart's alt text (kept as svg:desc when it saves OpenDocument)", async () => {
    const ods = await convertWithLibreOffice(input, path.join(ARTIFACTS, "ods"), "ods", "ods");
    const content = await (
      await JSZip.loadAsync(await fs.readFile(ods))
    )
      .file("content.xml")!
      .async("string");
    const escaped = specs[0].charts[0].altText.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    expect(content).toContain(`<svg:desc>${escaped}</svg:desc>`);
  });

  it("keeps the tables, their names and header rows", async () => {
    const zip = await JSZip.loadAsync(await fs.readFile(recalculated));
    const tables = Object.keys(zip.files).filter((f) => /^xl\/tables\/table\d+\.xml$/.test(f));
    const names = await Promise.all(
      tables.map(async (t) => /name="([^"]+)"/.exec(await zip.file(t)!.async("string"))?.[1]),
    );
    expect(names.sort()).toEqual(specs.flatMap((s) => s.tables.map((t) => t.name)).sort());
  });

  it("prints to a PDF whose first page renders", async () => {
    const pdf = await convertToPdf(input, path.join(ARTIFACTS, "pdf"));
    const stat = await fs.stat(pdf);
    expect(stat.size).toBeGreaterThan(10_000);
    expect((await fs.readFile(pdf)).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const png = await renderPdfPage(pdf, path.join(ARTIFACTS, "pdf", "page1"), 1, 60);
    expect(existsSync(png)).toBe(true);
    expect((await fs.stat(png)).size).toBeGreaterThan(5_000);
  });
});
