/**
 * The account of how Forum Papers reads a council's workbook, for `forum-papers inspect` (issue 8,
 * item 5): every table found with its best dataset guesses, and for each dataset the reader would
 * use, its table, its confidence and per-field evidence (the header's score against the field's
 * wordings, what the column holds, and the cross-checks on it), plus the saved mapping a person
 * can edit and pass to `build --mapping`.
 *
 * Pure: a workbook snapshot in, a plain object out (no file system, no printing). The reader does
 * the work (sources/read.ts); this module only lays out what it found. Columns are letters and
 * rows 1-based here, as the user sees them.
 */

import {
  DATASETS,
  detectCandidates,
  readDatasets,
  serialiseMapping,
  scoreHeader,
  type DatasetId,
  type Evidence,
  type SavedMapping,
  type SourceNotice,
  type WorkbookSnapshot,
} from "../sources";
import { cellA1, columnLetters } from "../core/a1";
import { SheetView, detectTables, type DetectedTable } from "../sources/detect";
import { describeProfile, profileColumn, type ColumnProfile } from "../sources/profile";
import { transposedSheets } from "../sources/transpose";

/** How many dataset guesses are listed for each table. */
const GUESSES_PER_TABLE = 3;

/** One table found on a sheet, with the datasets it looks most like. */
export interface InspectedTable {
  readonly sheet: string;
  readonly sheetHidden: boolean;
  /** Header row to last row: "A4:H22". */
  readonly range: string;
  readonly headerRow: number;
  readonly dataRows: number;
  readonly headers: readonly { readonly column: string; readonly text: string; readonly hidden: boolean }[];
  /** The dataset automatic detection gives this table, if any. */
  readonly assigned?: DatasetId;
  /** Best first; at most {@link GUESSES_PER_TABLE}. */
  readonly guesses: readonly {
    readonly dataset: DatasetId;
    readonly label: string;
    readonly confidence: number;
    readonly missingRequired: readonly string[];
  }[];
}

/** Why one field was read from its column. */
export interface FieldEvidence {
  readonly field: string;
  readonly label: string;
  readonly required: boolean;
  /** Column letter. */
  readonly column: string;
  /** The column's header text ("" when it has none). */
  readonly header: string;
  /** 0–1: the header's best score against the field's wordings (sources/match.ts scoreHeader). */
  readonly headerScore: number;
  /** What the column holds below the header (absent when the table could not be profiled). */
  readonly profile?: ColumnProfile;
  /** The cross-checks about this field (forecast − budget = variance, totals, ratio). */
  readonly checks: readonly Evidence[];
}

/** A dataset the reader would use, with its evidence. */
export interface InspectedDataset {
  readonly dataset: DatasetId;
  readonly label: string;
  readonly sheet: string;
  readonly headerRow: number;
  readonly lastRow: number;
  readonly range?: string;
  readonly confidence: number;
  readonly origin: "detected" | "saved";
  /** Build stops with exit 7 on it unless confirmed (a mapping file) or --accept-uncertain. */
  readonly needsConfirmation: boolean;
  readonly doubt?: { readonly field?: string; readonly reason: string };
  readonly fields: readonly FieldEvidence[];
  /** Wide tables: setting name → column letter. */
  readonly valueColumns?: Readonly<Record<string, string>>;
  /** Evidence about the mapping as a whole (its confidence, a saved mapping). */
  readonly evidence: readonly Evidence[];
}

/** The whole account of one workbook. */
export interface InspectReport {
  readonly source: string;
  readonly tables: readonly InspectedTable[];
  readonly datasets: readonly InspectedDataset[];
  /** Datasets no table was found for, and why. */
  readonly notFound: readonly {
    readonly dataset: DatasetId;
    readonly label: string;
    readonly message: string;
  }[];
  /** The reader's other notices: columns scaled from £000, hidden rows read, column choices. */
  readonly issues: readonly SourceNotice[];
}

/** The account and the saved-mapping JSON of the mappings it describes. */
export interface Inspection {
  readonly report: InspectReport;
  /** JSON text for `build --mapping` (empty `datasets` when nothing was recognised). */
  readonly mappingJson: string;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** The detected table at a sheet and (0-based) header row, with its view, for profiling. */
function tableFinder(
  snapshot: WorkbookSnapshot,
): (sheet: string, headerRow: number) => { view: SheetView; table: DetectedTable } | undefined {
  // The same sheets the reader looks at: the real ones, then the tables read across.
  const sheets = [...snapshot.sheets, ...transposedSheets(snapshot.sheets).map((s) => s.snapshot)];
  const views = new Map<string, { view: SheetView; index: number; tables?: DetectedTable[] }>();
  sheets.forEach((s, index) => views.set(s.name, { view: new SheetView(s), index }));
  return (sheet, headerRow) => {
    const entry = views.get(sheet);
    if (!entry) return undefined;
    entry.tables ??= detectTables(entry.view, entry.index);
    const table = entry.tables.find((t) => t.headerRow === headerRow);
    return table ? { view: entry.view, table } : undefined;
  };
}

/**
 * Inspect a workbook: what the reader finds and why.
 *
 * @param snapshot the workbook's values (workbook/xlsx/read.ts readWorkbookFile)
 * @param mapping a saved mapping (object or JSON) to read with, as `build --mapping` would
 * @example inspectWorkbook(snapshot).report.datasets.map((d) => [d.dataset, d.sheet, d.headerRow])
 */
export function inspectWorkbook(snapshot: WorkbookSnapshot, mapping?: SavedMapping | string): Inspection {
  const candidates = detectCandidates(snapshot);
  const read = readDatasets(snapshot, mapping !== undefined ? { mapping } : undefined);
  const find = tableFinder(snapshot);

  const tables: InspectedTable[] = candidates.map((c) => ({
    sheet: c.table.sheet,
    sheetHidden: c.table.sheetHidden,
    range: `${cellA1(c.table.headerTop ?? c.table.headerRow, c.table.firstColumn)}:${cellA1(c.table.lastRow, c.table.lastColumn)}`,
    headerRow: c.table.headerRow + 1,
    dataRows: c.table.dataRows,
    headers: c.table.headers.map((h) => ({
      column: columnLetters(h.column),
      text: h.text,
      hidden: h.hidden,
    })),
    ...(c.assigned ? { assigned: c.assigned } : {}),
    guesses: c.matches.slice(0, GUESSES_PER_TABLE).map((m) => ({
      dataset: m.dataset,
      label: m.label,
      confidence: round3(m.confidence),
      missingRequired: m.missingRequired,
    })),
  }));

  const datasets: InspectedDataset[] = read.mappings.map((m) => {
    const def = DATASETS[m.dataset];
    const review = read.reviews.find((r) => r.dataset === m.dataset);
    const found = find(m.sheet, m.headerRow);
    const candidate = candidates.find((c) => c.table.sheet === m.sheet && c.table.headerRow === m.headerRow);
    const headerAt = (col: number): string => {
      const h = candidate?.table.headers.find((x) => x.column === col);
      if (h) return h.text;
      const v = found?.view.value(m.headerRow, col);
      return typeof v === "string" ? v.trim() : v === null || v === undefined ? "" : String(v);
    };
    const evidence = review?.evidence ?? [];
    const fields: FieldEvidence[] = def.fields
      .filter((f) => m.columns[f.key] !== undefined)
      .map((f) => {
        const col = m.columns[f.key];
        const header = headerAt(col);
        return {
          field: f.key,
          label: f.label,
          required: f.required,
          column: columnLetters(col),
          header,
          headerScore: round3(scoreHeader(header, f.synonyms)),
          ...(found ? { profile: profileColumn(found.view, found.table, col) } : {}),
          checks: evidence.filter((e) => e.field === f.key),
        };
      });
    return {
      dataset: m.dataset,
      label: def.label,
      sheet: m.sheet,
      headerRow: m.headerRow + 1,
      lastRow: m.lastRow + 1,
      ...(review ? { range: review.range } : {}),
      confidence: round3(m.confidence),
      origin: m.origin,
      needsConfirmation: review?.needsConfirmation ?? false,
      ...(review?.doubt ? { doubt: review.doubt } : {}),
      fields,
      ...(m.valueColumns
        ? {
            valueColumns: Object.fromEntries(
              Object.entries(m.valueColumns).map(([name, col]) => [name, columnLetters(col)]),
            ),
          }
        : {}),
      evidence: evidence.filter((e) => e.field === undefined || m.columns[e.field] === undefined),
    };
  });

  const missing = (i: SourceNotice) => i.code === "dataset-missing" || i.code === "variance-not-forecast";
  const notFound = read.issues.flatMap((i) =>
    missing(i) && i.dataset !== undefined
      ? [{ dataset: i.dataset, label: DATASETS[i.dataset].label, message: i.message }]
      : [],
  );
  const issues = read.issues.filter((i) => !missing(i));

  return {
    report: { source: read.source, tables, datasets, notFound, issues },
    mappingJson: serialiseMapping(read.mappings) + "\n",
  };
}

/** A profile in a few words (shared with the pane's Sources step, sources/profile.ts). */
export { describeProfile };

/** The account for a terminal: tables, then datasets with their fields and checks. */
export function formatInspection(report: InspectReport): string {
  const lines: string[] = [`Tables found in ${report.source}: ${report.tables.length}`];
  for (const t of report.tables) {
    const guesses = t.guesses.map((g) => `${g.dataset} ${Math.round(g.confidence * 100)}%`).join(", ");
    lines.push(
      `  ${t.sheet}${t.sheetHidden ? " (hidden)" : ""} ${t.range}, header row ${t.headerRow}, ${t.dataRows} rows: ${
        t.assigned ? `read as ${t.assigned}` : "not used"
      }${guesses ? ` (guesses: ${guesses})` : ""}`,
    );
    lines.push(
      `    columns: ${t.headers.map((h) => `${h.column} "${h.text}"${h.hidden ? " (hidden)" : ""}`).join(", ")}`,
    );
  }
  lines.push("", `Datasets read: ${report.datasets.length}`);
  for (const d of report.datasets) {
    lines.push(
      `  ${d.dataset} (${d.label}): sheet "${d.sheet}", header row ${d.headerRow}, ${d.range ?? `to row ${d.lastRow}`}; confidence ${Math.round(
        d.confidence * 100,
      )}%, ${d.origin}${d.needsConfirmation ? ` — NEEDS YOUR CONFIRMATION: ${d.doubt?.reason ?? "doubtful"}` : ""}`,
    );
    for (const f of d.fields) {
      lines.push(
        `    ${f.field.padEnd(18)} ${f.column.padEnd(3)} "${f.header}" header ${Math.round(f.headerScore * 100)}%${
          f.profile ? `; ${describeProfile(f.profile)}` : ""
        }`,
      );
      for (const c of f.checks) lines.push(`      ${c.ok ? "ok" : "FAILS"} ${c.code}: ${c.message}`);
    }
    if (d.valueColumns)
      lines.push(
        `    values: ${Object.entries(d.valueColumns)
          .map(([name, col]) => `${name} ${col}`)
          .join(", ")}`,
      );
    for (const e of d.evidence) lines.push(`    ${e.ok ? "ok" : "FAILS"} ${e.code}: ${e.message}`);
  }
  if (report.notFound.length > 0) {
    lines.push("", `Not found: ${report.notFound.map((n) => n.dataset).join(", ")}`);
    for (const n of report.notFound) lines.push(`  ${n.dataset}: ${n.message}`);
  }
  if (report.issues.length > 0) {
    lines.push("", "Notes:");
    for (const i of report.issues) lines.push(`  ${i.message}`);
  }
  return lines.join("\n") + "\n";
}
