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
import { type DsgBuild, buildDsgSummary } from "./dsg-summary";
import { buildChecksSheet, buildContents, buildCover, buildNotes, buildRulesSheet } from "./front";
import { type MonitoringBuild, buildHnbMonitoring } from "./hnb-monitoring";
import {
  type CheckTest,
  PAPERS,
  PAPER_IDS,
  type PaperBuild,
  type PaperContext,
  type PaperId,
  type PaperOptions,
  type PlacedCheck,
  checkPasses,
  poundsText,
} from "./house";
import { buildPlacementSummary } from "./placement-summary";
import { resolveRules } from "./rules";
import type { SheetSpec } from "./spec";
import { buildTransferImpact } from "./transfer-impact";
import { NumFmt } from "./spec";

export type { DeficitScenario, PaperId, PaperOptions, Purpose, PaperStatus } from "./house";

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
  /** Cover, Contents, Notes, Rules, the papers, Checks — in that order. */
  readonly sheets: SheetSpec[];
  readonly papers: BuiltPaper[];
  readonly checks: BuiltCheck[];
  readonly warnings: string[];
}

/** What each paper needs from the workbook, and how to say it is missing. */
const NEEDS: Readonly<Record<PaperId, { datasets: readonly DatasetId[]; present(d: Datasets): boolean }>> = {
  "hnb-monitoring": { datasets: ["budgetLines"], present: (d) => (d.budgetLines?.length ?? 0) > 0 },
  "dsg-summary": { datasets: ["dsgBlocks"], present: (d) => (d.dsgBlocks?.length ?? 0) > 0 },
  "deficit-plan": { datasets: ["deficitPlan"], present: (d) => (d.deficitPlan?.length ?? 0) > 0 },
  "transfer-impact": { datasets: ["schools"], present: (d) => (d.schools?.length ?? 0) > 0 },
  "banding-review": {
    datasets: ["placements", "proposedBands"],
    present: (d) => (d.placements?.length ?? 0) > 0 && (d.proposedBands?.rows.length ?? 0) > 0,
  },
  "placement-summary": { datasets: ["placements"], present: (d) => (d.placements?.length ?? 0) > 0 },
};

function missingText(id: PaperId, d: Datasets): string {
  const missing = NEEDS[id].datasets.filter((ds) => {
    if (ds === "proposedBands") return (d.proposedBands?.rows.length ?? 0) === 0;
    const rows = d[ds as Exclude<DatasetId, "proposedBands" | "assumptions">] as
      readonly unknown[] | undefined;
    return (rows?.length ?? 0) === 0;
  });
  return `${PAPERS[id].sheet} not built: the workbook has no ${missing.map((m) => DATASETS[m].label.toLowerCase()).join(" and no ")} (or none could be read).`;
}

/** The financial year of the papers: the workbook's label, else the year of the as-at date. */
function financialYearOf(d: Datasets, asAt: Serial | undefined): string | undefined {
  const given = d.assumptions.financialYear;
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
  const warnings: string[] = [];
  const asAt = datasets.assumptions.asAt ?? options.meetingDate;
  if (datasets.assumptions.asAt === undefined && options.meetingDate !== undefined) {
    warnings.push(
      'The workbook gives no "as at" date, so the meeting date is used as the date the data is as at.',
    );
  }
  const requested = options.papers ? PAPER_IDS.filter((id) => options.papers?.includes(id)) : PAPER_IDS;
  const available = requested.filter((id) => {
    if (NEEDS[id].present(datasets)) return true;
    warnings.push(missingText(id, datasets));
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
    let monitoring: MonitoringBuild | undefined;
    let dsg: DsgBuild | undefined;
    const d = datasets;
    for (const id of list) {
      let result: PaperBuild | { error: string };
      switch (id) {
        case "hnb-monitoring":
          result = monitoring = buildHnbMonitoring(ctx, d.budgetLines ?? []);
          break;
        case "dsg-summary":
          result = dsg = buildDsgSummary(ctx, d.dsgBlocks ?? [], monitoring);
          break;
        case "deficit-plan":
          result = buildDeficitPlan(ctx, d.deficitPlan ?? [], { monitoring, dsg });
          break;
        case "transfer-impact":
          result = buildTransferImpact(ctx, d.schools ?? []);
          break;
        case "banding-review":
          result = d.proposedBands
            ? buildBandingReview(ctx, d.placements ?? [], d.proposedBands)
            : { error: missingText(id, d) };
          break;
        case "placement-summary":
          result = buildPlacementSummary(ctx, d.placements ?? []);
          break;
      }
      if ("error" in result) errors.push({ id, message: result.error });
      else built.push(result);
    }
    return { ctx, built, errors };
  };
  let attempt = run(available);
  if (attempt.errors.length > 0) {
    const errors = attempt.errors;
    attempt = run(attempt.built.map((p) => p.id));
    for (const e of errors) warnings.push(e.message);
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
      : `See why on the Notes sheet: ${warnings.filter((w) => w.includes("not built")).join(" ")}`,
    NumFmt.count,
  );
  const used = new Set<TotalCheck>(built.flatMap((p) => p.usedTotals));
  const builtDatasets = new Set<DatasetId>(built.flatMap((p) => NEEDS[p.id].datasets));
  for (const t of datasets.totals) {
    if (used.has(t) || !builtDatasets.has(t.dataset)) continue;
    addSource(
      `The workbook's total row "${t.label}" (${t.source.sheet} row ${t.source.row}) equals the rows it covers (${t.field})`,
      t.stated,
      t.computed,
      "equal",
      `The total row says ${poundsText(t.stated)} but its rows add up to ${poundsText(t.computed)}: check for a row missing from the total, counted twice, or skipped by the reader.`,
      NumFmt.pounds,
    );
  }

  const checks = [...built.flatMap((p) => p.checks), ...sourceChecks];
  const checksSheet = buildChecksSheet(checks);
  const buildNotesText = warnings.map((w) => `Build note: ${w}`);
  const sheets: SheetSpec[] = [
    buildCover(ctx, built, checksSheet),
    buildContents(ctx, built),
    buildNotes(ctx, buildNotesText),
    buildRulesSheet(ctx),
    ...built.map((p) => p.sheet),
    checksSheet.sheet,
  ];

  return {
    sheets,
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
