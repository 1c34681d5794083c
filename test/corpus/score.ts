/**
 * Score the project's reader and pipeline on the real-layouts corpus.
 *
 * For each workbook: open it as the product does (readWorkbookFile), read it (readDatasets), build
 * the papers through the pipeline (buildPapersInto, writing to a port that keeps nothing), and
 * compare with the expected file: datasets recognised, figures reproduced (money to the penny,
 * counts exactly) and the papers' headline figures. A paper built with a headline figure that
 * differs from the expected one, while the build gave no warning, failed check or doubtful mapping
 * for it, is counted as "wrong and silent" — the thing that must never happen.
 *
 * A workbook the reader or the pipeline cannot handle is recorded (0 recognised, with the error),
 * never a crash of the scorer. Only the public API is used, and record fields are read loosely, so
 * the scorer keeps working while the reader's record shapes change.
 *
 * Run `npx tsx test/corpus/score.ts [dir]`: generates the corpus into dir (default
 * test/artifacts/corpus) and prints the score.
 */

import * as fs from "fs";
import * as path from "path";
import type { Serial } from "../../src/core/dates";
import { buildPapersInto, BuildFailure } from "../../src/app/pipeline";
import { MIN_CONFIDENCE, readDatasets } from "../../src/sources";
import type { WorkbookSnapshot } from "../../src/sources";
import { PAPERS } from "../../src/papers";
import type { PipelineBuild } from "../../src/app/pipeline";
import type { WorkbookPort } from "../../src/workbook/port";
import { readWorkbookFile } from "../../src/workbook/xlsx/read";
import { type CorpusDataset, type CorpusPaper, type Expected, type Figure } from "./model";

/** One figure's outcome. */
export interface FigureResult {
  readonly where: string;
  readonly kind: Figure["kind"];
  readonly expected: number;
  readonly got?: number;
  readonly ok: boolean;
}

export interface WorkbookScore {
  readonly id: string;
  readonly heldOut: boolean;
  readonly layout: string;
  readonly datasetsExpected: number;
  readonly datasetsRecognised: number;
  readonly missingDatasets: readonly string[];
  readonly figures: readonly FigureResult[];
  readonly papersExpected: number;
  readonly papersBuilt: number;
  /** Papers built with a wrong headline figure and no warning for them. */
  readonly wrongSilent: readonly string[];
  /** Papers built with a wrong headline figure and a warning (the user was told). */
  readonly wrongWarned: readonly string[];
  /**
   * Papers built that the workbook has no data for (e.g. a banding review from a register read as
   * a proposed band table); the placement summary is not counted where the workbook has placements.
   */
  readonly unexpectedPapers: readonly string[];
  /** Datasets the reader mapped that the workbook does not hold (a table taken for the wrong thing). */
  readonly extraDatasets: readonly string[];
  /** Why the pipeline built nothing, or the error the reader threw. */
  readonly failure?: string;
}

export interface HalfTotals {
  readonly workbooks: number;
  readonly datasetsExpected: number;
  readonly datasetsRecognised: number;
  readonly figuresExpected: number;
  readonly figuresReproduced: number;
  readonly wrongSilent: number;
  readonly unexpectedPapers: number;
  readonly extraDatasets: number;
}

export interface CorpusScore {
  readonly workbooks: readonly WorkbookScore[];
  readonly tuned: HalfTotals;
  readonly heldOut: HalfTotals;
}

type Loose = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** Σ of a numeric field over records (undefined when no record has it). */
function sumField(records: readonly Loose[], key: string): number | undefined {
  let any = false;
  let s = 0;
  for (const r of records) {
    const v = num(r[key]);
    if (v !== undefined) {
      any = true;
      s += v;
    }
  }
  return any ? s : undefined;
}

/** The first of `keys` some record carries, summed (the reader's field names may still change). */
function sumFirst(records: readonly Loose[], keys: readonly string[]): number | undefined {
  for (const k of keys) {
    const s = sumField(records, k);
    if (s !== undefined) return s;
  }
  return undefined;
}

/** Σ of every money value a band record holds besides its hours (fixed tariffs, per setting or one). */
function sumTariffs(records: readonly Loose[]): number | undefined {
  let any = false;
  let s = 0;
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) {
      if (k === "hours" || k === "band" || k === "source") continue;
      const values = Array.isArray(v) ? v : [v];
      for (const x of values) {
        const n = num(x);
        if (n !== undefined) {
          any = true;
          s += n;
        }
      }
    }
  }
  return any ? s : undefined;
}

/** The reader's figure for an expected key, or undefined when it has none. */
function readerFigure(ds: CorpusDataset, key: string, data: Loose, asAt: number): number | undefined {
  if (ds === "assumptions") return num((data.assumptions as Loose | undefined)?.[key]);
  const records = data[ds];
  if (!Array.isArray(records) || records.length === 0) return undefined;
  const rs = records as Loose[];
  if (key === "rows") return rs.length;
  if (ds === "placements" && key === "open") {
    return rs.filter((p) => {
      const start = num(p.start);
      const end = num(p.end);
      return start !== undefined && start <= asAt && (end === undefined || end >= asAt);
    }).length;
  }
  if (ds === "currentBands" && key === "tariff") return sumTariffs(rs);
  if (ds === "placements" && key === "topUp")
    return sumFirst(rs, ["topUp", "annualTopUp", "statedTopUp", "annualCost", "cost"]);
  return sumField(rs, key);
}

function recognised(ds: CorpusDataset, expectedKeys: readonly string[], data: Loose): boolean {
  if (ds === "assumptions") {
    const a = data.assumptions as Loose | undefined;
    return expectedKeys.some((k) => a?.[k] !== undefined);
  }
  const records = data[ds];
  return Array.isArray(records) && records.length > 0;
}

function matches(kind: Figure["kind"], expected: number, got: number | undefined): boolean {
  if (got === undefined) return false;
  if (kind === "money") return Math.abs(got - expected) < 0.005;
  return Math.abs(got - expected) < 1e-9;
}

/** The datasets each paper is built from (as the papers need them). */
const PAPER_DATASETS: Readonly<Record<CorpusPaper, readonly string[]>> = {
  "hnb-monitoring": ["budgetLines"],
  "dsg-summary": ["dsgBlocks", "assumptions"],
  "deficit-plan": ["deficitPlan", "assumptions"],
  "transfer-impact": ["schools", "assumptions"],
};

const DOUBT = /uncertain|confirm|cross|check|doubt|mismatch|disagree|column-choice|ambiguous/i;

/**
 * Whether the build told the user something about this paper: a warning naming it, a failed check
 * on it, a doubtful source issue or a low-confidence / unconfirmed mapping for its datasets.
 */
function warnedFor(id: CorpusPaper, build: PipelineBuild, data: Loose): boolean {
  const sheet = PAPERS[id].sheet.toLowerCase();
  // A notice about the paper names it by id (Notice.paper); its wording is never matched.
  if (build.warnings.some((w) => w.paper === id)) return true;
  if (build.checks.some((c) => !c.passed && c.paper.toLowerCase() === sheet)) return true;
  const datasets = PAPER_DATASETS[id];
  const issues = Array.isArray(data.issues) ? (data.issues as Loose[]) : [];
  for (const i of issues) {
    if (typeof i.dataset === "string" && !datasets.includes(i.dataset)) continue;
    if (DOUBT.test(String(i.code ?? "")) || DOUBT.test(String(i.kind ?? ""))) return true;
  }
  const mappings = Array.isArray(data.mappings) ? (data.mappings as Loose[]) : [];
  for (const m of mappings) {
    if (typeof m.dataset !== "string" || !datasets.includes(m.dataset)) continue;
    const confidence = num(m.confidence);
    if (confidence !== undefined && confidence < MIN_CONFIDENCE) return true;
    if (m.needsConfirmation === true || m.uncertain === true || m.confirmed === false) return true;
  }
  return false;
}

/** A port that renders nothing: the scorer needs the built papers, not a file. */
const discardPort: WorkbookPort = { write: async (specs) => ({ sheets: specs.map((s) => s.name) }) };

/** Score one workbook; never throws. */
export async function scoreWorkbook(dir: string, e: Expected): Promise<WorkbookScore> {
  const dsKeys = Object.keys(e.datasets) as CorpusDataset[];
  const paperKeys = Object.keys(e.papers) as CorpusPaper[];
  const base = {
    id: e.id,
    heldOut: e.heldOut,
    layout: e.layout,
    datasetsExpected: dsKeys.length,
    papersExpected: paperKeys.length,
  };
  const allMissed = (): FigureResult[] => [
    ...dsKeys.flatMap((ds) =>
      Object.entries(e.datasets[ds] ?? {}).map(([k, f]) => ({
        where: `${ds}.${k}`,
        kind: f.kind,
        expected: f.value,
        ok: false,
      })),
    ),
    ...paperKeys.flatMap((p) =>
      Object.entries(e.papers[p] ?? {}).map(([k, v]) => ({
        where: `${p}.${k}`,
        kind: "money" as const,
        expected: v,
        ok: false,
      })),
    ),
  ];
  let snapshot: WorkbookSnapshot;
  let data: Loose;
  try {
    snapshot = await readWorkbookFile(new Uint8Array(fs.readFileSync(path.join(dir, e.file))), e.file);
    data = readDatasets(snapshot) as unknown as Loose;
  } catch (err) {
    return {
      ...base,
      datasetsRecognised: 0,
      missingDatasets: dsKeys,
      figures: allMissed(),
      papersBuilt: 0,
      wrongSilent: [],
      unexpectedPapers: [],
      extraDatasets: [],
      wrongWarned: [],
      failure: `reader: ${(err as Error).message}`,
    };
  }
  const asAt = num((data.assumptions as Loose | undefined)?.asAt) ?? e.meetingDate;
  const figures: FigureResult[] = [];
  const missingDatasets: string[] = [];
  for (const ds of dsKeys) {
    const want = e.datasets[ds] ?? {};
    if (!recognised(ds, Object.keys(want), data)) missingDatasets.push(ds);
    for (const [k, f] of Object.entries(want)) {
      const got = readerFigure(ds, k, data, asAt);
      figures.push({
        where: `${ds}.${k}`,
        kind: f.kind,
        expected: f.value,
        ...(got !== undefined ? { got } : {}),
        ok: matches(f.kind, f.value, got),
      });
    }
  }

  // The as-at date the workbook states (a register's extract date, "Data as at" in a title or
  // beside its label): the reader must take it as the data's date.
  if (e.statedAsAt !== undefined) {
    const got = num((data.assumptions as Loose | undefined)?.asAt);
    figures.push({
      where: "assumptions.asAt",
      kind: "number",
      expected: e.statedAsAt,
      ...(got !== undefined ? { got } : {}),
      ok: matches("number", e.statedAsAt, got),
    });
  }

  let build: PipelineBuild | undefined;
  let failure: string | undefined;
  try {
    const out = await buildPapersInto(
      snapshot,
      { options: { meetingDate: e.meetingDate as Serial } },
      () => discardPort,
    );
    build = out.build;
    data = out.datasets as unknown as Loose;
  } catch (err) {
    failure =
      err instanceof BuildFailure
        ? `pipeline (${err.kind}): ${err.message}`
        : `pipeline: ${(err as Error).message}`;
  }
  const wrongSilent: string[] = [];
  const wrongWarned: string[] = [];
  const unexpectedPapers = (build?.papers ?? [])
    .map((p) => p.id)
    .filter((id) => !(paperKeys as string[]).includes(id))
    .filter((id) => !(id === "placement-summary" && dsKeys.includes("placements")));
  const mapped = Array.isArray(data.mappings) ? (data.mappings as Loose[]) : [];
  const extraDatasets = [
    ...new Set(mapped.map((m) => String(m.dataset)).filter((id) => !(dsKeys as string[]).includes(id))),
  ];
  let papersBuilt = 0;
  for (const p of paperKeys) {
    const paper = build?.papers.find((x) => x.id === p);
    if (paper) papersBuilt++;
    let wrong = false;
    for (const [k, v] of Object.entries(e.papers[p] ?? {})) {
      const got = paper ? num(paper.headline[k]) : undefined;
      const ok = matches("money", v, got);
      if (paper && !ok) wrong = true;
      figures.push({
        where: `${p}.${k}`,
        kind: "money",
        expected: v,
        ...(got !== undefined ? { got } : {}),
        ok,
      });
    }
    if (wrong && build) (warnedFor(p, build, data) ? wrongWarned : wrongSilent).push(p);
  }
  return {
    ...base,
    datasetsRecognised: dsKeys.length - missingDatasets.length,
    missingDatasets,
    figures,
    papersBuilt,
    wrongSilent,
    wrongWarned,
    unexpectedPapers,
    extraDatasets,
    ...(failure ? { failure } : {}),
  };
}

function totals(ws: readonly WorkbookScore[]): HalfTotals {
  return {
    workbooks: ws.length,
    datasetsExpected: ws.reduce((s, w) => s + w.datasetsExpected, 0),
    datasetsRecognised: ws.reduce((s, w) => s + w.datasetsRecognised, 0),
    figuresExpected: ws.reduce((s, w) => s + w.figures.length, 0),
    figuresReproduced: ws.reduce((s, w) => s + w.figures.filter((f) => f.ok).length, 0),
    wrongSilent: ws.reduce((s, w) => s + w.wrongSilent.length, 0),
    unexpectedPapers: ws.reduce((s, w) => s + w.unexpectedPapers.length, 0),
    extraDatasets: ws.reduce((s, w) => s + w.extraDatasets.length, 0),
  };
}

/** Read the expected files in `dir` (index.json order). */
export function loadExpected(dir: string): Expected[] {
  const index = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8")) as string[];
  return index.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Expected);
}

/** Score every workbook of a generated corpus folder. */
export async function scoreCorpus(
  dir: string,
  expected: readonly Expected[] = loadExpected(dir),
): Promise<CorpusScore> {
  const workbooks: WorkbookScore[] = [];
  for (const e of expected) workbooks.push(await scoreWorkbook(dir, e));
  return {
    workbooks,
    tuned: totals(workbooks.filter((w) => !w.heldOut)),
    heldOut: totals(workbooks.filter((w) => w.heldOut)),
  };
}

const pct = (a: number, b: number) => (b === 0 ? "–" : `${((100 * a) / b).toFixed(1)}%`);

function money(v: number | undefined): string {
  return v === undefined ? "none" : v.toLocaleString("en-GB", { maximumFractionDigits: 2 });
}

/** The score as text: one block a workbook, then the totals for each half. */
export function formatScore(score: CorpusScore, detail = true): string {
  const out: string[] = [];
  for (const w of score.workbooks) {
    const ok = w.figures.filter((f) => f.ok).length;
    out.push(
      `${w.id} ${w.heldOut ? "HELD-OUT" : "tuned   "}  datasets ${w.datasetsRecognised}/${w.datasetsExpected}  figures ${ok}/${w.figures.length}  papers built ${w.papersBuilt}/${w.papersExpected}  wrong+silent ${w.wrongSilent.length}  unexpected ${w.unexpectedPapers.length}  ${w.layout}`,
    );
    if (!detail) continue;
    if (w.failure) out.push(`    ! ${w.failure}`);
    if (w.missingDatasets.length) out.push(`    not recognised: ${w.missingDatasets.join(", ")}`);
    for (const f of w.figures.filter((x) => !x.ok))
      out.push(`    ✗ ${f.where}: expected ${money(f.expected)}, got ${money(f.got)}`);
    if (w.wrongSilent.length) out.push(`    WRONG AND SILENT: ${w.wrongSilent.join(", ")}`);
    if (w.wrongWarned.length) out.push(`    wrong but warned: ${w.wrongWarned.join(", ")}`);
    if (w.unexpectedPapers.length)
      out.push(`    built with no data for it: ${w.unexpectedPapers.join(", ")}`);
    if (w.extraDatasets.length) out.push(`    mapped but not in the workbook: ${w.extraDatasets.join(", ")}`);
  }
  // Where the misses are, by layout family (both halves), so the next change has a target.
  const families = new Map<string, { ok: number; all: number; missed: Map<string, number> }>();
  for (const w of score.workbooks) {
    const family = w.layout.split(" ")[0];
    const f = families.get(family) ?? { ok: 0, all: 0, missed: new Map<string, number>() };
    families.set(family, f);
    for (const x of w.figures) {
      f.all++;
      if (x.ok) f.ok++;
      else f.missed.set(x.where, (f.missed.get(x.where) ?? 0) + 1);
    }
  }
  out.push("By layout family (figures reproduced; figures missed × workbooks):");
  for (const [family, f] of [...families].sort((a, b) => Number(a[0].slice(1)) - Number(b[0].slice(1)))) {
    const missed = [...f.missed].map(([k, n]) => `${k}×${n}`).join(", ");
    out.push(`  ${family}: ${f.ok}/${f.all}${missed ? `  missed ${missed}` : ""}`);
  }
  for (const [name, t] of [
    ["Tuned half", score.tuned],
    ["Held-out half", score.heldOut],
  ] as const) {
    out.push(
      `${name} (${t.workbooks} workbooks): datasets recognised ${t.datasetsRecognised}/${t.datasetsExpected} (${pct(t.datasetsRecognised, t.datasetsExpected)}); figures reproduced ${t.figuresReproduced}/${t.figuresExpected} (${pct(t.figuresReproduced, t.figuresExpected)}); papers built with a wrong figure and no warning: ${t.wrongSilent}; papers built with no data for them: ${t.unexpectedPapers}; datasets mapped that are not there: ${t.extraDatasets}`,
    );
  }
  return out.join("\n");
}

if (require.main === module) {
  // Imported here so that importing the scorer does not pull the generator in.
  void import("./generate").then(async ({ generateCorpus, DEFAULT_CORPUS_DIR }) => {
    const dir = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_CORPUS_DIR;
    const expected = await generateCorpus(dir);
    const score = await scoreCorpus(dir, expected);
    console.log(formatScore(score));
  });
}
