/**
 * What the command prints: a short human summary, or (with --json) the full account of what was
 * built, how each dataset was mapped, and the rows used and skipped.
 */

import { columnLetters } from "../core/a1";
import { datasetRows, type TableDatasetId } from "../papers/registry";
import { DATASETS, type DatasetId, type SourceNotice } from "../sources/datasets";
import type { BuildOutcome } from "../app/pipeline";

/** The datasets that are tables of rows, in the dataset definitions' order. */
const TABLE_DATASETS = (Object.keys(DATASETS) as DatasetId[]).filter(
  (id): id is TableDatasetId => id !== "assumptions",
);

/** Rows read for each table dataset the workbook has (a dataset not found is left out). */
function usedRows(outcome: BuildOutcome): Record<string, number> {
  const d = outcome.datasets;
  const counts: Record<string, number> = {};
  for (const id of TABLE_DATASETS) if (d[id] !== undefined) counts[id] = datasetRows(d, id);
  return counts;
}

/** Why the command stopped: one of the documented exit codes, by name. */
export type FailureKind =
  "usage" | "refused" | "unreadable" | "nothing" | "needs-confirmation" | "not-written" | "unexpected";

/** A failure as the command reports it. */
export interface CommandFailure {
  readonly exitCode: number;
  readonly kind: FailureKind;
  /** The user's one line (what is wrong, what to do), as printed on stderr after "forum-papers: ". */
  readonly message: string;
  /** What a library, the runtime or the operating system said: for bug reports, never on stderr. */
  readonly detail?: string;
}

/**
 * The --json account of a failed run, printed on stdout so a script reading it gets JSON whatever
 * happened: `{ "error": { "exitCode": 3, "kind": "unreadable", "message": "…", "detail": "…" } }`.
 */
export function toJsonFailure(failure: CommandFailure) {
  return {
    error: {
      exitCode: failure.exitCode,
      kind: failure.kind,
      message: failure.message,
      ...(failure.detail !== undefined ? { detail: failure.detail } : {}),
    },
  };
}

/** The reader's workbook-level notices, when the datasets came from readDatasets (they carry them). */
function readerNotices(datasets: BuildOutcome["datasets"]): readonly SourceNotice[] {
  return (datasets as { issues?: readonly SourceNotice[] }).issues ?? [];
}

/** The reader's notices the summary prints: all but "no table looked like …" for datasets absent. */
function printedReaderNotices(datasets: BuildOutcome["datasets"]): readonly SourceNotice[] {
  return readerNotices(datasets).filter(
    (n) => n.code !== "dataset-missing" && n.code !== "variance-not-forecast",
  );
}

/** The --json account of a successful build (see the README for each field). */
export function toJsonReport(outcome: BuildOutcome, output: string) {
  const { datasets, build } = outcome;
  return {
    source: outcome.source,
    output,
    papers: build.papers.map((p) => ({
      id: p.id,
      sheet: p.sheet,
      table: p.table,
      rows: p.rows,
      headline: p.headline,
    })),
    sheets: build.sheets.map((s) => s.name),
    mappings: datasets.mappings.map((m) => ({
      dataset: m.dataset,
      sheet: m.sheet,
      // As the user sees the sheet: a 1-based row and column letters.
      headerRow: m.headerRow + 1,
      confidence: Math.round(m.confidence * 100) / 100,
      origin: m.origin,
      columns: Object.fromEntries(
        Object.entries(m.columns).map(([field, col]) => [field, columnLetters(col)]),
      ),
      ...(m.valueColumns
        ? {
            valueColumns: Object.fromEntries(
              Object.entries(m.valueColumns).map(([h, col]) => [h, columnLetters(col)]),
            ),
          }
        : {}),
    })),
    rowsUsed: usedRows(outcome),
    rowsSkipped: datasets.skipped.map((s) => ({
      dataset: s.dataset,
      sheet: s.source.sheet,
      row: s.source.row,
      code: s.code,
      reason: s.reason,
    })),
    totalChecks: datasets.totals.map((t) => ({
      dataset: t.dataset,
      label: t.label,
      field: t.field,
      stated: t.stated,
      computed: t.computed,
      agrees: Math.abs(t.stated - t.computed) < 0.005,
      sheet: t.source.sheet,
      row: t.source.row,
    })),
    checks: build.checks,
    // Notices, each with its code for a script to act on and its message to show.
    warnings: build.warnings,
    // What the reader noticed about the workbook: which of two same-named columns it used, rows
    // hidden in a table but read, £000 columns scaled, a saved mapping that no longer fits.
    notes: readerNotices(datasets),
  };
}

/** A headline figure for the terminal: percentages as %, money and counts with separators. */
function formatHeadline(key: string, value: number | string): string {
  if (typeof value !== "number") return value;
  if (/percent|share|rate/i.test(key) && Math.abs(value) < 1) return `${(value * 100).toFixed(2)}%`;
  return value.toLocaleString("en-GB", { maximumFractionDigits: 2 });
}

/** The human summary printed on stdout after a build: papers, rows used and skipped, checks. */
export function formatSummary(outcome: BuildOutcome, output: string): string {
  const { datasets, build } = outcome;
  const lines: string[] = [];
  lines.push(
    `Built ${build.papers.length} paper${build.papers.length === 1 ? "" : "s"} from ${outcome.source} into ${output}:`,
  );
  for (const p of build.papers) {
    const headline = Object.entries(p.headline)
      .slice(0, 3)
      .map(([k, v]) => `${k} ${formatHeadline(k, v)}`)
      .join("; ");
    lines.push(`  ${p.sheet.padEnd(24)} ${String(p.rows).padStart(6)} rows  ${headline}`);
  }
  const used = usedRows(outcome);
  lines.push(
    `Rows used: ${Object.entries(used)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")}`,
  );
  lines.push(
    `Rows skipped: ${datasets.skipped.length}${datasets.skipped.length ? " (see --json, or the Checks sheet)" : ""}`,
  );
  for (const s of datasets.skipped.slice(0, 10))
    lines.push(`  ${s.source.sheet} row ${s.source.row}: ${s.reason}`);
  if (datasets.skipped.length > 10) lines.push(`  … and ${datasets.skipped.length - 10} more`);
  const failed = build.checks.filter((c) => !c.passed);
  lines.push(
    failed.length === 0
      ? `Checks: all ${build.checks.length} pass`
      : `Checks: ${failed.length} of ${build.checks.length} FAIL`,
  );
  for (const c of failed) lines.push(`  ${c.description}: ${c.howToFix}`);
  for (const w of build.warnings) lines.push(`Note: ${w.message}`);
  // The reader's notices about what it read (not the "no table looked like …" of datasets absent).
  for (const n of printedReaderNotices(datasets)) lines.push(`Note: ${n.message}`);
  return lines.join("\n") + "\n";
}
