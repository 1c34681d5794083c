/**
 * buildPapers: the council's datasets → the whole papers workbook as SheetSpecs (cover, contents,
 * notes, rules, one sheet per paper, checks — in that order), with the papers' headline figures,
 * every check and the warnings a user should read (a paper not built, and why).
 *
 * Pure: no Excel, no file system. The workbook adapters render the specs.
 */

import { type Serial, fyLabel, fyLabelOf, parseYearLabel } from "../core/dates";
import { DATASETS, type DatasetId, type Datasets, type TotalCheck } from "../sources/datasets";
import { buildBandingReview } from "./banding-review";
import { buildDeficitPlan } from "./deficit-plan";
import { finishSheets } from "./evaluate";
import { buildDsgSummary } from "./dsg-summary";
import { buildChecksSheet, buildContents, buildCover, buildNotes, buildRulesSheet } from "./front";
import { buildHnbMonitoring } from "./hnb-monitoring";
import { checkPasses, type CheckTest, type PlacedCheck } from "./checks";
import type { DsgBuild, MonitoringBuild, PaperBuild, PaperContext, PaperNotice, PaperOptions } from "./house";
import { poundsText } from "./text";
import { buildPlacementSummary } from "./placement-summary";
import { PAPERS, PAPER_IDS, type PaperId, missingDatasets } from "./registry";
import { resolveRules } from "./rules";
import type { SheetSpec } from "./spec";
import { buildTransferImpact } from "./transfer-impact";
import { previousIndex, withLargestMovements, withMovements, type PreviousFigures } from "./movements";
import { buildSnapshotSheet, keyFigures, type KeyFigure } from "./snapshot-sheet";
import { NumFmt } from "./spec";

export type {
  DeficitScenario,
  PaperId,
  PaperNotice,
  PaperNoticeCode,
  PaperOptions,
  Purpose,
  PaperStatus,
} from "./house";

/** One built paper, as the pane and the command line report it. */
export interface BuiltPaper {
  readonly id: PaperId;
  /** Worksheet name. */
  readonly sheet: string;
  /** The paper's main Excel Table. */
  readonly table: string;
  /** Data rows in that table. */
  readonly rows: number;
  readonly headline: Record<string, number | string>;
}

/** One check, with its result as built (the sheet recalculates it live). */
export interface BuiltCheck {
  readonly id: string;
  readonly description: string;
  readonly passed: boolean;
  readonly howToFix: string;
  /** Sheet the check sits on, or "Source workbook". */
  readonly paper: string;
  readonly value: number;
  readonly expected: number;
  readonly test: CheckTest;
}

/** The whole papers workbook. */
export interface PapersBuild {
  /** Cover, Contents, Notes, Rules, the papers, Checks — in that order — then the hidden Snapshot. */
  readonly sheets: SheetSpec[];
  readonly papers: BuiltPaper[];
  readonly checks: BuiltCheck[];
  /** What the user should know about the build: papers left out and why, data assumed. */
  readonly warnings: PaperNotice[];
}

/**
 * What earlier papers in the same build hand on to later ones: the DSG summary reconciles with the
 * monitoring, and the deficit plan with both. Filled in as the papers are built, in sheet order.
 */
interface Links {
  monitoring?: MonitoringBuild;
  dsg?: DsgBuild;
}

/** Builds one paper from the datasets (each has its needs, see registry.ts), or says why it cannot. */
type PaperBuilder = (ctx: PaperContext, datasets: Datasets, links: Links) => PaperBuild | { error: string };

/**
 * Each paper's builder, by the registry's ids: a paper added to the registry without a builder
 * here does not compile.
 */
const BUILDERS: { readonly [Id in PaperId]: PaperBuilder } = {
  "hnb-monitoring": (ctx, d, links) => (links.monitoring = buildHnbMonitoring(ctx, d.budgetLines ?? [])),
  "dsg-summary": (ctx, d, links) => (links.dsg = buildDsgSummary(ctx, d.dsgBlocks ?? [], links.monitoring)),
  "deficit-plan": (ctx, d, links) => buildDeficitPlan(ctx, d.deficitPlan ?? [], links),
  "transfer-impact": (ctx, d) => buildTransferImpact(ctx, d.schools ?? []),
  "banding-review": (ctx, d) =>
    d.proposedBands
      ? buildBandingReview(ctx, d.placements ?? [], d.proposedBands)
      : { error: missingText("banding-review", d) },
  "placement-summary": (ctx, d) => buildPlacementSummary(ctx, d.placements ?? []),
};

/**
 * The papers' sheets, each with its movement table when the last meeting's figures are given, and
 * what the cover then adds (the largest movements); without them, the sheets as built.
 */
function comparedWithPrevious(
  built: readonly PaperBuild[],
  figures: readonly KeyFigure[][],
  previous: PreviousFigures | undefined,
): { papers: SheetSpec[]; cover: (cover: SheetSpec) => SheetSpec } {
  if (!previous) return { papers: built.map((p) => p.sheet), cover: (cover) => cover };
  const index = previousIndex(previous);
  const results = built.map((p, i) => withMovements(p.sheet, p.id, figures[i], previous, index));
  const movements = results.flatMap((r) => r.movements);
  return {
    papers: results.map((r) => r.sheet),
    cover: (cover) => withLargestMovements(cover, movements, previous),
  };
}

function missingText(id: PaperId, datasets: Datasets): string {
  const missing = missingDatasets(id, datasets);
  return `${PAPERS[id].sheet} not built: the workbook has no ${missing.map((m) => DATASETS[m].label.toLowerCase()).join(" and no ")} (or none could be read).`;
}

/** The notice that a paper is left out for want of its data (the dataset when only one is missing). */
function missingNotice(id: PaperId, datasets: Datasets): PaperNotice {
  const missing = missingDatasets(id, datasets);
  return {
    code: "paper-missing-data",
    paper: id,
    ...(missing.length === 1 ? { dataset: missing[0] } : {}),
    message: missingText(id, datasets),
  };
}

/** The financial year of the papers: the workbook's label, else the year of the as-at date. */
function financialYearOf(datasets: Datasets, asAt: Serial | undefined): string | undefined {
  const given = datasets.assumptions.financialYear;
  if (given) {
    const parsed = parseYearLabel(given);
    if (parsed && parsed.kind === "FY") return fyLabel(parsed.startYear);
    return given.trim();
  }
  return asAt === undefined ? undefined : fyLabelOf(asAt);
}

/**
 * Build the papers workbook from the council's datasets.
 *
 * @param datasets What the source reader found (sources/datasets.ts).
 * @param options Which papers, the meeting, author, purposes, status, reference, transfer %,
 *   suppression (default on) and council name; all optional ({@link PaperOptions}).
 * @returns The sheets in workbook order, the papers built with their headline figures, every check
 *   and the warnings. Never throws for bad or missing data: a paper that cannot be built is left out
 *   and a warning says why; an infeasible transfer builds with a failed check.
 * @example
 * const { sheets, checks } = buildPapers(datasets, { meetingDate: 46050 as Serial, meetingName: "Schools Forum" });
 */
export function buildPapers(datasets: Datasets, options: PaperOptions = {}): PapersBuild {
  const warnings: PaperNotice[] = [];
  const asAt = datasets.assumptions.asAt ?? options.meetingDate;
  if (datasets.assumptions.asAt === undefined && options.meetingDate !== undefined) {
    warnings.push({
      code: "no-as-at-date",
      dataset: "assumptions",
      message:
        'The workbook gives no "as at" date, so the meeting date is used as the date the data is as at.',
    });
  }
  const requested = options.papers ? PAPER_IDS.filter((id) => options.papers?.includes(id)) : PAPER_IDS;
  const available = requested.filter((id) => {
    if (missingDatasets(id, datasets).length === 0) return true;
    warnings.push(missingNotice(id, datasets));
    return false;
  });

  const rules = resolveRules(datasets.assumptions);
  const makeContext = (numbered: readonly PaperId[]): PaperContext => {
    const used = new Set<string>();
    return {
      datasets,
      council: options.council ?? datasets.assumptions.council ?? "",
      meetingName: options.meetingName,
      meetingDate: options.meetingDate,
      author: options.author,
      status: options.status ?? "draft",
      paperRef: options.paperRef,
      asAt,
      financialYear: financialYearOf(datasets, asAt),
      suppress: options.suppressSmallNumbers ?? true,
      transferPercent: options.transferPercent,
      bandingBudget: options.bandingBudget,
      deficitScenario: options.deficitScenario,
      rules,
      purposeOf: (id) => options.purpose?.[id] ?? PAPERS[id].purpose,
      itemOf: (id) => numbered.indexOf(id) + 1,
      firstUse: (key) => {
        if (used.has(key)) return false;
        used.add(key);
        return true;
      },
    };
  };

  // Build in sheet order: the DSG summary reconciles with the monitoring, and the deficit plan
  // with both. A paper that cannot be built is left out; item numbers are then given again.
  const run = (list: readonly PaperId[]) => {
    const ctx = makeContext(list);
    const built: PaperBuild[] = [];
    const errors: { id: PaperId; message: string }[] = [];
    const links: Links = {};
    for (const id of list) {
      const result = BUILDERS[id](ctx, datasets, links);
      if ("error" in result) errors.push({ id, message: result.error });
      else built.push(result);
    }
    return { ctx, built, errors };
  };
  let attempt = run(available);
  if (attempt.errors.length > 0) {
    const errors = attempt.errors;
    attempt = run(attempt.built.map((p) => p.id));
    for (const e of errors) warnings.push({ code: "paper-not-built", paper: e.id, message: e.message });
  }
  const { ctx, built } = attempt;
  for (const p of built) warnings.push(...p.warnings);

  // Checks on the source itself: papers asked for but not built, and total rows no paper reconciled.
  const sourceChecks: PlacedCheck[] = [];
  const addSource = (
    description: string,
    value: number,
    expected: number,
    test: CheckTest,
    howToFix: string,
    numFmt: string,
  ) =>
    sourceChecks.push({
      id: `SRC-${sourceChecks.length + 1}`,
      description,
      paper: "Source workbook",
      value,
      expected,
      test,
      passed: checkPasses(test, value, expected),
      howToFix,
      numFmt,
    });
  const asked = options.papers ? requested.length : available.length;
  addSource(
    options.papers ? "Every paper asked for was built" : "Every paper the workbook has data for was built",
    built.length,
    asked,
    "equal",
    built.length === asked
      ? "If it fails: the Notes sheet says which paper was not built and why."
      : `See why on the Notes sheet: ${warnings
          .filter((w) => w.code === "paper-missing-data" || w.code === "paper-not-built")
          .map((w) => w.message)
          .join(" ")}`,
    NumFmt.count,
  );
  const used = new Set<TotalCheck>(built.flatMap((p) => p.usedTotals));
  const builtDatasets = new Set<DatasetId>(built.flatMap((p) => PAPERS[p.id].needs));
  for (const row of datasets.totals) {
    if (used.has(row) || !builtDatasets.has(row.dataset)) continue;
    addSource(
      `The workbook's total row "${row.label}" (${row.source.sheet} row ${row.source.row}) equals the rows it covers (${row.field})`,
      row.stated,
      row.computed,
      "equal",
      `The total row says ${poundsText(row.stated)} but its rows add up to ${poundsText(row.computed)}: check for a row missing from the total, counted twice, or skipped by the reader.`,
      NumFmt.pounds,
    );
  }

  const checks = [...built.flatMap((p) => p.checks), ...sourceChecks];
  const checksSheet = buildChecksSheet(checks);
  const buildNotesText = warnings.map((w) => `Build note: ${w.message}`);
  const figures = built.map((p) => keyFigures(p.id, p.sheet));
  const compared = comparedWithPrevious(built, figures, options.previous);
  const sheets: SheetSpec[] = [
    compared.cover(buildCover(ctx, built, checksSheet)),
    buildContents(ctx, built),
    buildNotes(ctx, buildNotesText),
    buildRulesSheet(ctx),
    ...compared.papers,
    checksSheet.sheet,
    ...(figures.flat().length > 0 ? [buildSnapshotSheet(figures.flat(), options.builtAt)] : []),
  ];

  return {
    // Each formula cell's cached value from evaluating its own formula (evaluate.ts).
    sheets: finishSheets(sheets, (notice) => warnings.push(notice)),
    papers: built.map((p) => ({
      id: p.id,
      sheet: p.sheet.name,
      table: p.table,
      rows: p.rows,
      headline: p.headline,
    })),
    checks: checks.map((c) => ({
      id: c.id,
      description: c.description,
      passed: c.passed,
      howToFix: c.howToFix,
      paper: c.paper,
      value: c.value,
      expected: c.expected,
      test: c.test,
    })),
    warnings,
  };
}
