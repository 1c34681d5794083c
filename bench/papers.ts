/**
 * Papers suite: building every paper from the large sample council workbook (10,000 placements,
 * 300 schools) — read, map, build, write — against a bare ExcelJS read + write of the same file,
 * which is the floor any xlsx-based build pays. Target: the full build within 1.5× of the floor.
 */

import { promises as fs } from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import { buildPapersFromBytes, type BuildOutcome } from "../src/app/pipeline";
import { check, type Bench, type Suite } from "./harness";

const LARGE = path.resolve(__dirname, "../samples/council-large.xlsx");

async function run(bench: Bench): Promise<void> {
  const bytes = new Uint8Array(await fs.readFile(LARGE));

  const floor = await bench.measure({
    name: "bare ExcelJS read + write of council-large.xlsx",
    items: 1,
    itemLabel: "workbook",
    warmup: 2,
    minSamples: 5,
    minTimeMs: 3000,
    run: async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      );
      return new Uint8Array(await wb.xlsx.writeBuffer());
    },
    verify: (out) => check(out.byteLength > 100_000, `ExcelJS wrote only ${out.byteLength} bytes`),
  });

  const build = await bench.measure<BuildOutcome>({
    name: "forum-papers build, all papers, council-large.xlsx",
    items: 1,
    itemLabel: "workbook",
    warmup: 2,
    minSamples: 5,
    minTimeMs: 3000,
    run: () => buildPapersFromBytes(bytes, "council-large.xlsx"),
    verify: (out) => {
      check(out.build.papers.length === 6, `built ${out.build.papers.length} papers, expected 6`);
      check(
        (out.datasets.placements?.length ?? 0) > 9_000,
        `read ${out.datasets.placements?.length} placements`,
      );
      check((out.datasets.schools?.length ?? 0) === 300, `read ${out.datasets.schools?.length} schools`);
      check(out.bytes.byteLength > 100_000, `wrote only ${out.bytes.byteLength} bytes`);
    },
  });

  const ratio = bench.ratio("build / bare ExcelJS read+write", build, floor);
  bench.target(
    "full build ≤ 1.5× a bare ExcelJS read + write",
    ratio ? `${ratio.toFixed(2)}×` : "-",
    ratio === undefined ? undefined : ratio <= 1.5,
  );
}

export const papers: Suite = {
  name: "papers",
  title: "all papers from the large sample workbook vs a bare ExcelJS read + write",
  run,
};
