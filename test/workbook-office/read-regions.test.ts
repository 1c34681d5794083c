/**
 * The Office read in blocks (sizes first, values in responses that fit, number formats only for the
 * tables the reader can use) gives the source reader what a read of every cell gives: the same
 * datasets, rows skipped, totals, mappings and candidate tables, on the sample workbooks and on a
 * council workbook with 12 extra sheets of other data. The fake refuses a response over its limit
 * as Excel on the web does, so "no sync failed" means no response was refused.
 */
import { promises as fs } from "fs";
import * as path from "path";
import { detectCandidates, readDatasets } from "../../src/sources";
import { formatRegionsFor } from "../../src/sources/format-regions";
import type { WorkbookSnapshot } from "../../src/sources/snapshot";
import { readSnapshot } from "../../src/workbook/office/read";
import { FakeExcel } from "../fakes/excel-fake";
import { fakeFromFile, seedOtherSheets } from "./workbooks";

const SAMPLES = path.resolve(__dirname, "../../samples");
const UNLIMITED = 1 << 30;

/** Everything, read in one response by a host with no limit: what the reader got before. */
async function fullRead(fake: FakeExcel): Promise<WorkbookSnapshot & { responseBytes: number }> {
  const before = fake.responseLimitBytes;
  fake.responseLimitBytes = UNLIMITED;
  try {
    const snapshot = await fake.run((ctx) => readSnapshot(ctx, { maxResponseBytes: UNLIMITED }));
    return { ...snapshot, responseBytes: fake.syncs.reduce((n, s) => n + s.responseBytes, 0) };
  } finally {
    fake.responseLimitBytes = before;
    fake.resetLog();
  }
}

/** The reader's view of a snapshot: what the papers are built from, and what the pane shows. */
function readerView(snapshot: WorkbookSnapshot): unknown {
  return { datasets: readDatasets(snapshot), candidates: detectCandidates(snapshot) };
}

/** Every cell's value and error, hidden rows/columns and merges: the same whatever was read. */
function valuesOf(snapshot: WorkbookSnapshot): unknown {
  return snapshot.sheets.map((s) => ({
    ...s,
    dateCells: undefined,
    errorCells: [...(s.errorCells ?? [])].sort(),
  }));
}

function refused(fake: FakeExcel): string[] {
  return fake.syncs.flatMap((s) => (s.failed !== undefined ? [s.failed] : []));
}

describe("readSnapshot in blocks", () => {
  it.each(["council-sample.xlsx", "layout-a.xlsx", "layout-b.xlsx", "layout-c.xlsx"])(
    "%s read in 64 KB responses gives the reader the same datasets and candidates as a full read, none refused",
    async (file) => {
      const fake = await fakeFromFile(new Uint8Array(await fs.readFile(path.join(SAMPLES, file))), file);
      const full = await fullRead(fake);
      fake.responseLimitBytes = 64 * 1024;
      const blocks = await fake.run((ctx) =>
        readSnapshot(ctx, { maxResponseBytes: 64 * 1024, formatRegions: formatRegionsFor() }),
      );
      expect(refused(fake)).toEqual([]);
      expect(Math.max(...fake.syncs.map((s) => s.responseBytes))).toBeLessThanOrEqual(64 * 1024);
      expect(fake.syncs.length).toBeGreaterThan(3); // it did read in blocks
      expect(valuesOf(blocks)).toEqual(valuesOf(full));
      expect(readerView(blocks)).toEqual(readerView(full));
      // Dates matter: the register's start dates are date cells in both reads.
      const datasets = readDatasets(blocks);
      expect(datasets.placements!.length).toBeGreaterThan(250);
      expect(datasets.placements!.every((p) => typeof p.start === "number" && p.start > 40_000)).toBe(true);
    },
    60_000,
  );

  it("reads the sample plus 12 sheets of other data (3,000 × 20, half formulas) with no response refused, the same for the reader, reading less", async () => {
    const fake = await fakeFromFile(
      new Uint8Array(await fs.readFile(path.join(SAMPLES, "council-sample.xlsx"))),
    );
    seedOtherSheets(fake, 12);
    const full = await fullRead(fake);
    const fullBytes = full.responseBytes;
    fake.responseLimitBytes = 5 * 1024 * 1024; // Excel on the web's limit
    const blocks = await fake.run((ctx) => readSnapshot(ctx, { formatRegions: formatRegionsFor() }));
    expect(refused(fake)).toEqual([]);
    expect(Math.max(...fake.syncs.map((s) => s.responseBytes))).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(fullBytes).toBeGreaterThan(5 * 1024 * 1024); // one response could not have held it
    expect(blocks.sheets).toHaveLength(21); // the sample's 9 sheets and the 12 added
    expect(valuesOf(blocks)).toEqual(valuesOf(full));
    expect(readerView(blocks)).toEqual(readerView(full));
    // The other sheets' number formats were not read: well under the full read's bytes.
    const bytes = fake.syncs.reduce((n, s) => n + s.responseBytes, 0);
    expect(bytes).toBeLessThan(fullBytes * 0.7);
    expect(fake.syncs.length).toBeLessThan(16);
  }, 120_000);

  it("reads every number format of a sheet a mapping names, even where no header looks known", async () => {
    const rows: (string | number | { value: number; numberFormat: string })[][] = [
      ["Kid", "Where", "Kind", "Tier", "Began"],
    ];
    for (let i = 0; i < 400; i++)
      rows.push([
        `K${1000 + i}`,
        `Oak school ${i % 7}`,
        "Mainstream",
        "H2",
        { value: 45_900 + i, numberFormat: "dd/mm/yyyy" },
      ]);
    const mapping = JSON.stringify({
      version: 1,
      datasets: {
        placements: {
          sheet: "Odd",
          headerRow: 1,
          columns: { pupilRef: "A", school: "B", setting: "C", currentBand: "D", start: "E" },
        },
      },
    });
    const seed = (): FakeExcel => {
      const fake = new FakeExcel();
      fake.seedSheet("Odd", rows);
      return fake;
    };
    const small = { maxResponseBytes: 8 * 1024, formatRegions: formatRegionsFor() };
    // Without the mapping the table looks like nothing the reader knows: its formats are not read.
    const plain = await seed().run((ctx) => readSnapshot(ctx, small));
    expect(plain.sheets[0].dateCells?.size ?? 0).toBe(0);
    expect(readDatasets(plain).placements).toBeUndefined();
    // With it (given, or saved in the workbook), the dates are there and the register reads.
    const given = await seed().run((ctx) =>
      readSnapshot(ctx, { ...small, formatRegions: formatRegionsFor(mapping) }),
    );
    expect(given.sheets[0].dateCells?.size).toBe(400);
    const withMapping = readDatasets(given, { mapping });
    expect(withMapping.placements).toHaveLength(400);
    expect(withMapping.placements![0].start).toBe(45_900);
    const fake = seed();
    fake.seedSheet("_forum_papers_mapping", [[mapping]], { visibility: "VeryHidden" });
    const saved = await fake.run((ctx) => readSnapshot(ctx, small));
    expect(saved.savedMapping).toBe(mapping);
    expect(saved.sheets[0].dateCells?.size).toBe(400);
  });
  it("reads every cell's number format in blocks when the caller names no regions (the snapshot equals a full read)", async () => {
    const fake = await fakeFromFile(
      new Uint8Array(await fs.readFile(path.join(SAMPLES, "layout-c.xlsx"))),
      "layout-c.xlsx",
    );
    const full = await fullRead(fake);
    fake.responseLimitBytes = 32 * 1024;
    const blocks = await fake.run((ctx) => readSnapshot(ctx, { maxResponseBytes: 32 * 1024 }));
    expect(refused(fake)).toEqual([]);
    expect(fake.syncs.length).toBeGreaterThan(3);
    expect({ ...blocks, responseBytes: full.responseBytes }).toEqual(full);
  });
});
