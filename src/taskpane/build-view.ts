/**
 * The Build step's view of a finished build, the same for both hosts: the sheets built, the checks
 * (failed first, each with how to fix it), the warnings, the source rows not used with reasons,
 * and the paper sheets' cells for explaining any figure on them.
 * Pure.
 */

import { noticeMessages, type Notice } from "../core/notice";
import { DATASETS, type Datasets } from "../sources/datasets";
import { PAPERS, type BuiltCheck, type PaperId, type SheetSpec } from "../papers";
import { figureSheets } from "../app/figures";
import type { BuildResult, Download } from "./host";

/** What the pane needs of a papers build (buildPapers' PapersBuild). */
export interface BuildLike {
  readonly sheets: readonly SheetSpec[];
  readonly papers: readonly { readonly id: PaperId }[];
  readonly checks: readonly BuiltCheck[];
  /** The build's notices (a paper not built and why, a read that changed a cell …). */
  readonly warnings: readonly Notice[];
}

/**
 * The Build step's result view.
 *
 * @param datasets the datasets the build read (for the rows not used)
 * @param build what buildPapers returned
 * @param download the papers workbook, in the preview
 */
export function buildResultView(
  datasets: Pick<Datasets, "skipped">,
  build: BuildLike,
  download?: Download,
): BuildResult {
  const checks = build.checks
    .map((c) => ({
      id: c.id,
      passed: c.passed,
      text: c.passed ? `${c.description} (${c.paper})` : `${c.description} (${c.paper}): ${c.howToFix}`,
    }))
    .sort((a, b) => Number(a.passed) - Number(b.passed));
  return {
    // The hidden key-figures Snapshot is not a sheet to show (snapshot-sheet.ts).
    sheets: build.sheets
      .filter((s) => !s.hidden)
      .map((s) => ({
        name: s.name,
        kind: s.kind,
        ...(s.kind === "paper" && PAPERS[s.id as PaperId] ? { title: PAPERS[s.id as PaperId].title } : {}),
      })),
    papers: build.papers.map((p) => p.id),
    skipped: datasets.skipped.map((s) => ({
      dataset: DATASETS[s.dataset]?.label ?? s.dataset,
      sheet: s.source.sheet,
      row: s.source.row,
      code: s.code,
      reason: s.reason,
    })),
    checks,
    // The pane shows each notice's sentence; it never acts on the wording.
    warnings: noticeMessages(build.warnings),
    figures: figureSheets(build.sheets),
    ...(download ? { download } : {}),
  };
}

/** A file name for the papers workbook: "Northbrook DSG 2026-27 - Forum papers.xlsx". */
export function papersFileName(source: string): string {
  const stem = source.replace(/\.[^.]+$/, "").trim() || "Workbook";
  return `${stem} - Forum papers.xlsx`;
}
