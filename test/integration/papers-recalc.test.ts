/**
 * The papers built from the sample council workbook, recalculated by a real spreadsheet engine.
 *
 * The workbook the command writes carries, in every formula cell, the engine's value as its cached
 * result. LibreOffice opens it with "always recalculate", recomputes every formula and saves; each
 * recalculated value must equal the cached one to the penny, and no cell may hold an error. The
 * same file is rendered to PDF (pages kept under test/artifacts/ for a person to look at).
 */
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { buildPapersFromBytes, type BuildOutcome } from "../../src/app/pipeline";
import {
  describeWithLibreOffice,
  recalculateXlsx,
  convertToPdf,
  renderPdfPage,
} from "../helpers/libreoffice";
import { readBack, type ReadBack } from "../helpers/xlsx-read";

const SAMPLE = path.resolve(__dirname, "../../samples/council-sample.xlsx");
const ARTIFACTS = path.resolve(__dirname, "../artifacts/papers");

let dir: string;
let outcome: BuildOutcome;
let written: string;
let cached: ReadBack;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "papers-recalc-"));
  outcome = await buildPapersFromBytes(await fs.readFile(SAMPLE), "council-sample.xlsx", {});
  written = path.join(dir, "papers.xlsx");
  await fs.writeFile(written, outcome.bytes);
  cached = await readBack(written);
}, 120000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test("every formula cell carries a cached value (readers that do not recalculate see numbers)", () => {
  let formulas = 0;
  for (const [sheet, cells] of Object.entries(cached)) {
    for (const [address, cell] of Object.entries(cells)) {
      if (cell.formula === undefined) continue;
      formulas++;
      expect({ sheet, address, cachedMissing: cell.value === null && cell.error === undefined }).toEqual({
        sheet,
        address,
        cachedMissing: false,
      });
    }
  }
  expect(formulas).toBeGreaterThan(500);
});

test("structure: every table has a header row and a unique name; no merged cells inside tables; charts carry alt text", async () => {
  const zip = await JSZip.loadAsync(outcome.bytes);
  const tableFiles = Object.keys(zip.files).filter((f) => /^xl\/tables\/table\d+\.xml$/.test(f));
  expect(tableFiles.length).toBeGreaterThanOrEqual(6);
  const names = new Set<string>();
  for (const f of tableFiles) {
    const xml = await zip.file(f)!.async("string");
    const name = /\bname="([^"]+)"/.exec(xml)![1];
    expect(names.has(name)).toBe(false);
    names.add(name);
    expect(xml).not.toMatch(/headerRowCount="0"/);
  }
  for (const required of [
    "HNBMonitoring",
    "DSGSummary",
    "DeficitPlan",
    "TransferImpact",
    "BandingReview",
    "PlacementSummary",
  ]) {
    expect(names.has(required)).toBe(true);
  }
  const sheetFiles = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
  for (const f of sheetFiles) {
    const xml = await zip.file(f)!.async("string");
    expect({ sheet: f, merged: /<mergeCell /.test(xml) }).toEqual({ sheet: f, merged: false });
  }
  const drawings = Object.keys(zip.files).filter((f) => /^xl\/drawings\/drawing\d+\.xml$/.test(f));
  expect(drawings.length).toBeGreaterThanOrEqual(1);
  for (const f of drawings) {
    const xml = await zip.file(f)!.async("string");
    expect(xml).toMatch(/<xdr:cNvPr [^>]*descr="[^"]{20,}"/);
  }
});

describeWithLibreOffice("LibreOffice recalculation of the built papers", () => {
  let recalculated: ReadBack;

  beforeAll(async () => {
    const out = await recalculateXlsx(written, path.join(dir, "recalc"));
    recalculated = await readBack(out);
  }, 180000);

  test("every formula cell's recalculated value equals the engine's cached value to the penny; no error cells", () => {
    const mismatches: string[] = [];
    let compared = 0;
    for (const [sheet, cells] of Object.entries(cached)) {
      for (const [address, cell] of Object.entries(cells)) {
        if (cell.formula === undefined) continue;
        const after = recalculated[sheet]?.[address];
        compared++;
        if (after === undefined) {
          mismatches.push(`${sheet}!${address}: missing after recalculation`);
          continue;
        }
        if (after.error) {
          mismatches.push(`${sheet}!${address}: ${after.error} from =${cell.formula}`);
          continue;
        }
        const same =
          typeof cell.value === "number" && typeof after.value === "number"
            ? Math.abs(cell.value - after.value) < 0.005
            : String(cell.value ?? "") === String(after.value ?? "");
        if (!same)
          mismatches.push(
            `${sheet}!${address}: cached ${cell.value}, LibreOffice ${after.value} (=${cell.formula})`,
          );
      }
    }
    expect(compared).toBeGreaterThan(500);
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  test("no cell anywhere in the recalculated workbook holds an error", () => {
    const errors = Object.entries(recalculated).flatMap(([sheet, cells]) =>
      Object.entries(cells)
        .filter(([, c]) => c.error)
        .map(([a, c]) => `${sheet}!${a} ${c.error}`),
    );
    expect(errors).toEqual([]);
  });

  test("renders to PDF (pages kept under test/artifacts/papers for review)", async () => {
    const pdf = await convertToPdf(written, path.join(dir, "pdf"));
    const stat = await fs.stat(pdf);
    expect(stat.size).toBeGreaterThan(20000);
    await fs.mkdir(ARTIFACTS, { recursive: true });
    await fs.copyFile(pdf, path.join(ARTIFACTS, "papers.pdf"));
    const png = await renderPdfPage(pdf, path.join(ARTIFACTS, "page"), 1, 50);
    expect((await fs.stat(png)).size).toBeGreaterThan(1000);
  }, 180000);
});
