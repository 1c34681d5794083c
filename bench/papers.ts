/**
 * Papers suite: every paper built from a council workbook — read, map, build, write
 * (buildPapersFromBytes) — against honest baselines, measured in one run:
 *
 * - the floor any reader pays: unzip + SAX parse of the input (bench/xlsx-floor.ts), with Node's
 *   native zlib and with JSZip (the reader's unzip, as it also runs in a browser);
 * - ExcelJS reading the input plus writing the same output content (values, formulas with their
 *   results, number formats, fonts by house style, column widths: bench/papers-check.ts), which is
 *   what a build on ExcelJS would cost at the least;
 * - the same build from the workbook with 12 more sheets of other data (3,000 × 20 cells, half
 *   formulas): time, and peak memory in a child process of its own;
 * - 200,000 placements: the build completes, and its peak memory.
 *
 * Inputs are generated here (samples/generate.ts, standard layout, 300 schools, seed 7: at 10,000
 * placements that is samples/council-large.xlsx), so each check compares with the generator's own
 * facts. Every timed benchmark checks its output's content first: every cell the engine built is in
 * the written workbook with the engine's value, every open register row reached the banding
 * review, the placements read number the register's good rows. At least 10 samples each.
 *
 * Targets (issue 12): build ≤ 4× the floor and ≤ 0.9× ExcelJS read + same-output write at 10,000
 * placements; the 20-sheet build ≤ 1.3× the 8-sheet build, peak memory ≤ 1.3×; 200,000 placements
 * build with a peak ≤ 1 GB.
 */

import { spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { buildCouncilWorkbook, type SampleFacts } from "../samples/generate";
import { buildPapersFromBytes, type BuildOutcome } from "../src/app/pipeline";
import { evaluateSheets } from "../src/papers/evaluate";
import type { SheetSpec } from "../src/papers/spec";
import { readWorkbookFile } from "../src/workbook/xlsx/read";
import { check, type Bench, type Suite } from "./harness";
import {
  BANDING_SHEET,
  checkBandingReview,
  checkSameContent,
  excelJsCopy,
  generatedCouncil,
  snapshotCells,
} from "./papers-check";
import { scanXlsx, scanXlsxWithJsZip } from "./xlsx-floor";

const PLACEMENTS = 10_000;
const HUGE = 200_000;
const MEMORY_LIMIT_MB = 1024;

/** Check a written papers workbook against what the engine built and the generator's facts. */
async function checkOutput(
  bytes: Uint8Array,
  specs: readonly SheetSpec[],
  facts: SampleFacts,
): Promise<void> {
  const out = await readWorkbookFile(bytes, "papers.xlsx");
  checkSameContent(specs, snapshotCells(out.sheets), "cached");
  const banding = out.sheets.find((s) => s.name === BANDING_SHEET);
  check(banding !== undefined, "no banding review sheet written");
  checkBandingReview(
    banding.cells.map((row) => row[0]),
    facts,
  );
}

function checkBuild(out: BuildOutcome, facts: SampleFacts): void {
  check(out.build.papers.length === 6, `built ${out.build.papers.length} papers, expected 6`);
  check(
    out.datasets.placements?.length === facts.placements.good,
    `read ${out.datasets.placements?.length} placements; the register has ${facts.placements.good} good rows`,
  );
  check(out.datasets.schools?.length === facts.schools.count, `read ${out.datasets.schools?.length} schools`);
}

// ---------------------------------------------------------------------------------------------
// Children: one build (or one generation) per process, for its own peak memory

interface ChildBuild {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly placements: number;
  readonly bandingRefs: number;
  readonly papers: number;
  readonly cellsChecked: number;
}

/** Build from `file`, note the peak, then check the output (after the peak is taken). */
async function childBuild(file: string): Promise<void> {
  const bytes = new Uint8Array(await fs.readFile(file));
  const started = process.hrtime.bigint();
  const out = await buildPapersFromBytes(bytes, path.basename(file));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const written = await readWorkbookFile(out.bytes, "papers.xlsx");
  const cellsChecked = checkSameContent(out.build.sheets, snapshotCells(written.sheets), "cached");
  const banding = written.sheets.find((s) => s.name === BANDING_SHEET);
  const refs = new Set(
    (banding?.cells ?? []).map((r) => r[0]).filter((v) => typeof v === "string" && /^P\d{4,}$/.test(v)),
  );
  const report: ChildBuild = {
    ms,
    maxRssMb,
    placements: out.datasets.placements?.length ?? 0,
    bandingRefs: refs.size,
    papers: out.build.papers.length,
    cellsChecked,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

/** Generate the register at `placements` into `file`, its facts beside it as JSON. */
async function childGenerate(placements: number, file: string): Promise<void> {
  const { workbook, facts } = await buildCouncilWorkbook({
    placements,
    schools: 300,
    seed: 7,
    layout: "standard",
  });
  await workbook.xlsx.writeFile(file);
  await fs.writeFile(`${file}.facts.json`, JSON.stringify(facts));
  process.stdout.write("{}\n");
}

function runChild<T>(args: readonly string[]): T {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, ...args], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !line.startsWith("{"))
    throw new Error(
      `the child (${args.join(" ")}) failed (status ${child.status}): ${child.stderr.slice(0, 2000)}`,
    );
  return JSON.parse(line) as T;
}

// ---------------------------------------------------------------------------------------------
// The suite

async function run(bench: Bench): Promise<void> {
  const g8 = await generatedCouncil(PLACEMENTS);
  const g20 = await generatedCouncil(PLACEMENTS, 12);
  bench.note(
    `inputs: ${g8.sheets} sheets, ${(g8.bytes.byteLength / 1024).toFixed(0)} KB; ${g20.sheets} sheets, ${(g20.bytes.byteLength / 1024).toFixed(0)} KB (${PLACEMENTS.toLocaleString("en-GB")} placements, ${g8.facts.placements.liveAtAsAt.toLocaleString("en-GB")} live at the as-at date)`,
  );
  // The output content the baseline writes: the papers as the engine builds them (not timed).
  const reference = await buildPapersFromBytes(g8.bytes, "council-large.xlsx");
  const specs = reference.build.sheets;
  const cells = specs.reduce((n, s) => n + s.cells.reduce((m, r) => m + r.filter(Boolean).length, 0), 0);
  bench.note(`output: ${specs.length} sheets, ${cells.toLocaleString("en-GB")} cells`);

  const floor = await bench.measure({
    name: "floor: unzip + SAX parse of the input",
    items: 1,
    itemLabel: "workbook",
    warmup: 3,
    minSamples: 10,
    run: () => scanXlsx(g8.bytes),
    verify: (scan) => {
      // At least the register's five required cells a row, and the shared strings' texts.
      check(scan.cells > PLACEMENTS * 5, `found ${scan.cells} cells`);
      check(scan.texts > PLACEMENTS, `found ${scan.texts} text nodes`);
    },
  });

  const floorJsZip = await bench.measure({
    name: "floor: the same, unzipped with JSZip (as the reader)",
    items: 1,
    itemLabel: "workbook",
    warmup: 3,
    minSamples: 10,
    run: () => scanXlsxWithJsZip(g8.bytes),
    verify: (scan) => check(scan.cells === scanXlsx(g8.bytes).cells, "JSZip and zlib passes disagree"),
  });

  const exceljs = await bench.measure({
    name: "ExcelJS: read the input + write the same output",
    items: 1,
    itemLabel: "workbook",
    warmup: 2,
    minSamples: 10,
    minTimeMs: 3000,
    run: async () => {
      const input = new ExcelJS.Workbook();
      await input.xlsx.load(
        g8.bytes.buffer.slice(g8.bytes.byteOffset, g8.bytes.byteOffset + g8.bytes.byteLength) as ArrayBuffer,
      );
      check(input.worksheets.length === g8.sheets, "ExcelJS read another number of sheets");
      return new Uint8Array(await excelJsCopy(specs).xlsx.writeBuffer());
    },
    verify: (out) => checkOutput(out, specs, g8.facts),
  });

  const build8 = await bench.measure<BuildOutcome>({
    name: `forum-papers build, ${g8.sheets} sheets`,
    items: 1,
    itemLabel: "workbook",
    warmup: 2,
    minSamples: 10,
    minTimeMs: 3000,
    run: () => buildPapersFromBytes(g8.bytes, "council-large.xlsx"),
    verify: async (out) => {
      checkBuild(out, g8.facts);
      await checkOutput(out.bytes, out.build.sheets, g8.facts);
    },
  });

  const build20 = await bench.measure<BuildOutcome>({
    name: `forum-papers build, ${g20.sheets} sheets (+12 of other data)`,
    items: 1,
    itemLabel: "workbook",
    warmup: 2,
    minSamples: 10,
    minTimeMs: 3000,
    // The same file name as the 8-sheet build: the cover names its source.
    run: () => buildPapersFromBytes(g20.bytes, "council-large.xlsx"),
    verify: async (out) => {
      checkBuild(out, g20.facts);
      await checkOutput(out.bytes, out.build.sheets, g20.facts);
      // The same papers as from the 8 sheets: the other data changes nothing in them.
      checkSameContent(
        specs,
        snapshotCells((await readWorkbookFile(out.bytes, "papers.xlsx")).sheets),
        "cached",
      );
    },
  });

  // Where the 20-sheet build's time goes: the xlsx read alone, both inputs.
  const readOf = async (g: typeof g8, label: string) =>
    bench.measure({
      name: `of which: the xlsx read (readWorkbookFile), ${label}`,
      items: 1,
      itemLabel: "workbook",
      warmup: 2,
      minSamples: 10,
      run: () => readWorkbookFile(g.bytes, "council-large.xlsx"),
      verify: (snap) => {
        check(snap.sheets.length === g.sheets, `read ${snap.sheets.length} sheets`);
        const register = snap.sheets.find((s) => s.name === "Top-up register");
        check((register?.cells.length ?? 0) >= g.facts.placements.rows, "the register was not read whole");
      },
    });
  const read8 = await readOf(g8, `${g8.sheets} sheets`);
  const read20 = await readOf(g20, `${g20.sheets} sheets`);

  // The build's finishing pass alone (src/papers/evaluate.ts): every formula of the built papers
  // parsed and evaluated in dependency order. It is part of each build timed above.
  const formulaCount = specs.reduce(
    (n, s) => n + s.cells.reduce((m, r) => m + r.filter((c) => c?.formula).length, 0),
    0,
  );
  const evaluation = await bench.measure({
    name: `of which: the formula evaluation pass (evaluateSheets, ${formulaCount.toLocaleString("en-GB")} formulas)`,
    items: 1,
    itemLabel: "workbook",
    warmup: 2,
    minSamples: 10,
    run: () => evaluateSheets(specs),
    verify: (e) => {
      check(e.formulas === formulaCount, `evaluated ${e.formulas} formulas of ${formulaCount}`);
      check(
        e.disagreements.length + e.unsupported.length + e.circular.length === 0,
        `formula check findings: ${JSON.stringify([...e.disagreements, ...e.unsupported, ...e.circular].slice(0, 3))}`,
      );
    },
  });
  bench.ratio("formula evaluation pass / 8-sheet build", evaluation, build8);

  const vsFloor = bench.ratio("build / unzip + SAX floor", build8, floor);
  const vsJsZip = bench.ratio("build / unzip (JSZip) + SAX floor", build8, floorJsZip);
  const vsExcelJs = bench.ratio("build / ExcelJS read + same-output write", build8, exceljs);
  const sheets = bench.ratio("20-sheet build / 8-sheet build", build20, build8);
  bench.ratio("20-sheet read / 8-sheet read", read20, read8);
  // The reader alone against the floors of the same input (the build also maps, builds and writes).
  bench.ratio("xlsx read (8 sheets) / unzip + SAX floor", read8, floor);
  bench.ratio("xlsx read (8 sheets) / unzip (JSZip) + SAX floor", read8, floorJsZip);
  const shown = (r: number | undefined): string => (r === undefined ? "-" : `${r.toFixed(2)}×`);
  bench.target(
    `full build ≤ 4× the unzip + SAX floor (${PLACEMENTS.toLocaleString("en-GB")} placements)`,
    shown(vsFloor),
    vsFloor === undefined ? undefined : vsFloor <= 4,
  );
  bench.target(
    "full build ≤ 4× the floor with JSZip's unzip (the reader's)",
    shown(vsJsZip),
    vsJsZip === undefined ? undefined : vsJsZip <= 4,
  );
  bench.target(
    "full build ≤ 0.9× ExcelJS read + same-output write",
    shown(vsExcelJs),
    vsExcelJs === undefined ? undefined : vsExcelJs <= 0.9,
  );
  bench.target(
    "20-sheet build ≤ 1.3× the 8-sheet build",
    shown(sheets),
    sheets === undefined ? undefined : sheets <= 1.3,
  );

  // Peak memory, each build in a process of its own.
  bench.section("peak memory (a child process per build; maxRSS, Node and tsx included)");
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "forum-papers-bench-"));
  try {
    const file8 = path.join(dir, "council-8.xlsx");
    const file20 = path.join(dir, "council-20.xlsx");
    await fs.writeFile(file8, g8.bytes);
    await fs.writeFile(file20, g20.bytes);
    const m8 = runChild<ChildBuild>(["--build", file8]);
    const m20 = runChild<ChildBuild>(["--build", file20]);
    for (const [label, m, g] of [
      ["8 sheets", m8, g8],
      ["20 sheets", m20, g20],
    ] as const) {
      const ok =
        m.placements === g.facts.placements.good &&
        m.bandingRefs === g.facts.placements.liveAtAsAt &&
        m.papers === 6;
      if (!ok)
        bench.failures.push({ name: `peak memory, ${label}`, reason: `wrong output: ${JSON.stringify(m)}` });
      bench.note(
        `${label}: build ${(m.ms / 1000).toFixed(2)} s, peak ${m.maxRssMb.toFixed(0)} MB; ${m.placements.toLocaleString("en-GB")} placements, ${m.bandingRefs.toLocaleString("en-GB")} in the banding review, ${m.cellsChecked.toLocaleString("en-GB")} cells checked${ok ? "" : " — CHECK FAILED"}`,
      );
    }
    const memRatio = m20.maxRssMb / m8.maxRssMb;
    bench.target(
      "20-sheet build peak memory ≤ 1.3× the 8-sheet build",
      `${memRatio.toFixed(2)}×`,
      memRatio <= 1.3,
    );

    const fileHuge = path.join(dir, `council-${HUGE}.xlsx`);
    runChild(["--generate", String(HUGE), fileHuge]);
    const facts = JSON.parse(await fs.readFile(`${fileHuge}.facts.json`, "utf8")) as SampleFacts;
    const size = (await fs.stat(fileHuge)).size;
    let huge: ChildBuild | undefined;
    try {
      huge = runChild<ChildBuild>(["--build", fileHuge]);
    } catch (e) {
      bench.note(
        `${HUGE.toLocaleString("en-GB")} placements: the build did not complete: ${e instanceof Error ? e.message.slice(0, 600) : String(e)}`,
      );
    }
    if (huge) {
      const ok =
        huge.placements === facts.placements.good &&
        huge.bandingRefs === facts.placements.liveAtAsAt &&
        huge.papers === 6;
      if (!ok)
        bench.failures.push({ name: `${HUGE} placements`, reason: `wrong output: ${JSON.stringify(huge)}` });
      bench.note(
        `${HUGE.toLocaleString("en-GB")} placements (input ${(size / 1024 / 1024).toFixed(1)} MB): build ${(huge.ms / 1000).toFixed(2)} s, peak ${huge.maxRssMb.toFixed(0)} MB; ${huge.placements.toLocaleString("en-GB")} placements, ${huge.bandingRefs.toLocaleString("en-GB")} in the banding review, ${huge.cellsChecked.toLocaleString("en-GB")} cells checked${ok ? "" : " — CHECK FAILED"}`,
      );
    }
    bench.target(
      `${HUGE.toLocaleString("en-GB")} placements: build completes, peak ≤ 1 GB`,
      huge ? `${huge.maxRssMb.toFixed(0)} MB` : "did not complete",
      huge !== undefined && huge.maxRssMb <= MEMORY_LIMIT_MB,
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export const papers: Suite = {
  name: "papers",
  title:
    "all papers from a 10,000-placement workbook vs unzip+SAX and ExcelJS read + same-output write; 20 sheets; 200,000 placements",
  run,
};

if (process.argv[2] === "--build" && process.argv[3]) {
  childBuild(process.argv[3]).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
} else if (process.argv[2] === "--generate" && process.argv[3] && process.argv[4]) {
  childGenerate(Number(process.argv[3]), process.argv[4]).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
