/**
 * The Sources step's view model: the tables found in a workbook, what each was recognised as and
 * how sure, and the mapping draft the editor starts from, with sample values for each column.
 * Also the way back: the edited draft as a saved mapping, and what is wrong with a draft.
 *
 * Pure: built from the snapshot, the candidates and the read the sources module gives.
 */

import { formatUkDate } from "../core/dates";
// Direct imports (not the sources index): this module is in the pane UI chunk, which needs only
// the dataset definitions, not the reader.
import { describeDoubt, type MappingReview } from "../sources/crosscheck";
import { DATASETS, type DatasetId, type DatasetMapping } from "../sources/datasets";
import { MIN_CONFIDENCE, scoreHeader } from "../sources/match";
import { cellA1, columnLetters } from "../core/a1";
import type { SavedDatasetMapping, SavedMapping } from "../sources/mapping";
import { describeProfile, profileSheetColumn } from "../sources/profile";
import type { Candidate, SourceReport } from "../sources/read";
import type { SheetSnapshot, WorkbookSnapshot } from "../sources/snapshot";
import type { DatasetDraft, DatasetView, MappingDraft, SourcesView, TableFit, TableView } from "./host";

/** One check on a mapping, as the pane shows it: passed or not, in words. */
export interface CheckLine {
  /** The evidence code (crosscheck.ts EvidenceCode): for tests and styling, never shown. */
  readonly code: string;
  readonly ok: boolean;
  readonly message: string;
}

/** Why one field was read from its column: the same account as `forum-papers inspect` gives. */
export interface FieldEvidenceView {
  readonly field: string;
  readonly label: string;
  readonly required: boolean;
  /** "D". */
  readonly column: string;
  readonly header: string;
  /** 0–1: the header against the field's wordings (sources/match.ts scoreHeader). */
  readonly headerScore: number;
  /** What the column holds, in words ("40 cells: 100% numbers, distinct 98%, 1,200 to 88,000"). */
  readonly content?: string;
  /** The cross-checks about this field: variance, totals, ratio, identifiers, providers. */
  readonly checks: readonly CheckLine[];
}

/** The evidence for the dataset a table was read as, shown under the table. */
export interface TableEvidenceView {
  readonly dataset: DatasetId;
  readonly confidence: number;
  readonly origin: "detected" | "saved";
  readonly needsConfirmation: boolean;
  readonly fields: readonly FieldEvidenceView[];
  /** Evidence about the mapping as a whole (its confidence, a saved mapping). */
  readonly checks: readonly CheckLine[];
}

/** Sample values shown under each column in the mapping editor. */
export const SAMPLE_COUNT = 3;
const SAMPLE_CHARS = 28;

/** How a confidence reads: High at 0.8 or more, Medium from the automatic threshold, else Low. */
export function sureness(confidence: number): TableView["sureness"] {
  if (confidence >= 0.8) return "High";
  if (confidence >= MIN_CONFIDENCE) return "Medium";
  return "Low";
}

/** Every dataset the editor can map, in the sources module's order. */
export function datasetViews(): DatasetView[] {
  return (Object.keys(DATASETS) as DatasetId[]).map((id) => ({
    id,
    label: DATASETS[id].label,
    fields: DATASETS[id].fields.map((f) => ({ key: f.key, label: f.label, required: f.required })),
    valueColumns: Boolean(DATASETS[id].valueColumns),
  }));
}

/** A cell value as the mapping editor shows it. */
function sampleText(sheet: SheetSnapshot, row: number, col: number): string | undefined {
  const v = sheet.cells[row]?.[col];
  if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) return undefined;
  let text: string;
  if (typeof v === "number") {
    text = sheet.dateCells?.has(`${row},${col}`)
      ? formatUkDate(v)
      : v.toLocaleString("en-GB", { maximumFractionDigits: 2 });
  } else {
    text = String(v).trim();
  }
  return text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS - 1)}…` : text;
}

function samples(
  sheet: SheetSnapshot | undefined,
  headerRow: number,
  lastRow: number,
  column: number,
): string[] {
  const out: string[] = [];
  if (!sheet) return out;
  // Zero-based rows and column, as the snapshot's.
  for (let r = headerRow + 1; r <= lastRow && out.length < SAMPLE_COUNT; r++) {
    const t = sampleText(sheet, r, column);
    if (t !== undefined) out.push(t);
  }
  return out;
}

const checkLine = (e: { code: string; ok: boolean; message: string }): CheckLine => ({
  code: e.code,
  ok: e.ok,
  message: e.message,
});

/**
 * The evidence for one mapping the read used: per field, the header's score against the field's
 * wordings, what its column holds and the cross-checks on it (as app/inspect.ts lays them out for
 * `forum-papers inspect`). A table read across (a virtual sheet) has no cells here to profile.
 */
function mappingEvidence(
  m: DatasetMapping,
  sheet: SheetSnapshot | undefined,
  headerAt: (column: number) => string,
  review: MappingReview | undefined,
): TableEvidenceView {
  const evidence = review?.evidence ?? [];
  const fields = DATASETS[m.dataset].fields
    .filter((f) => m.columns[f.key] !== undefined)
    .map((f): FieldEvidenceView => {
      const col = m.columns[f.key];
      const header = headerAt(col);
      const profile = sheet ? profileSheetColumn(sheet, m.headerRow + 1, m.lastRow, col) : undefined;
      return {
        field: f.key,
        label: f.label,
        required: f.required,
        column: columnLetters(col),
        header,
        headerScore: Math.round(scoreHeader(header, f.synonyms) * 1000) / 1000,
        ...(profile && profile.cells > 0 ? { content: describeProfile(profile) } : {}),
        checks: evidence.filter((e) => e.field === f.key).map(checkLine),
      };
    });
  return {
    dataset: m.dataset,
    confidence: m.confidence,
    origin: m.origin,
    needsConfirmation: review?.needsConfirmation ?? false,
    fields,
    checks: evidence.filter((e) => e.field === undefined || m.columns[e.field] === undefined).map(checkLine),
  };
}

/**
 * Build the Sources step's view.
 *
 * @param snapshot the workbook's values
 * @param candidates `detectCandidates(snapshot)`
 * @param report `readDatasets(snapshot)`: its mappings (saved or detected) are the draft
 */
export function buildSourcesView(
  snapshot: WorkbookSnapshot,
  candidates: readonly Candidate[],
  report: Pick<SourceReport, "mappings" | "issues"> & Partial<Pick<SourceReport, "reviews">>,
): SourcesView {
  const sheetOf = (name: string) => snapshot.sheets.find((s) => s.name === name);
  const tables: TableView[] = [];
  candidates.forEach((c, id) => {
    const t = c.table;
    const sheet = sheetOf(t.sheet);
    const confidence = c.best?.confidence ?? 0;
    const fits: Partial<Record<DatasetId, TableFit>> = {};
    for (const m of c.matches) {
      fits[m.dataset] = {
        confidence: m.confidence,
        columns: m.columns,
        ...(m.valueColumns ? { valueColumns: m.valueColumns } : {}),
      };
    }
    tables.push({
      id,
      sheet: t.sheet,
      sheetHidden: t.sheetHidden,
      range: `${cellA1(t.headerRow, t.firstColumn)}:${cellA1(t.lastRow, t.lastColumn)}`,
      headerRow: t.headerRow,
      dataRows: t.dataRows,
      columns: t.headers.map((h) => ({
        column: h.column,
        letter: columnLetters(h.column),
        header: h.text,
        hidden: h.hidden,
        samples: samples(sheet, t.headerRow, t.lastRow, h.column),
      })),
      ...(c.assigned ? { recognisedAs: c.assigned } : {}),
      ...(!c.assigned && c.best ? { bestGuess: c.best.dataset } : {}),
      confidence,
      sureness: sureness(confidence),
      fits,
    });
  });

  const draft: Partial<Record<DatasetId, DatasetDraft>> = {};
  for (const m of report.mappings) {
    let id = tables.findIndex((t) => t.sheet === m.sheet && t.headerRow === m.headerRow);
    if (id === -1) {
      // A saved mapping pointing at a header row detection did not find: show it as its own table.
      id = tables.length;
      const sheet = sheetOf(m.sheet);
      const cols = [...Object.values(m.columns), ...Object.values(m.valueColumns ?? {})].sort(
        (a, b) => a - b,
      );
      tables.push({
        id,
        sheet: m.sheet,
        sheetHidden: sheet?.hidden ?? false,
        range: `${cellA1(m.headerRow, cols[0] ?? 0)}:${cellA1(m.lastRow, cols[cols.length - 1] ?? 0)}`,
        headerRow: m.headerRow,
        dataRows: Math.max(0, m.lastRow - m.headerRow),
        columns: cols.map((column) => ({
          column,
          letter: columnLetters(column),
          header: String(sheet?.cells[m.headerRow]?.[column] ?? columnLetters(column)),
          hidden: sheet?.hiddenColumns.includes(column) ?? false,
          samples: samples(sheet, m.headerRow, m.lastRow, column),
        })),
        recognisedAs: m.dataset,
        confidence: m.confidence,
        sureness: sureness(m.confidence),
        fits: {
          [m.dataset]: {
            confidence: m.confidence,
            columns: m.columns,
            ...(m.valueColumns ? { valueColumns: m.valueColumns } : {}),
          },
        },
      });
    }
    const table = tables[id];
    const headerAt = (col: number) =>
      table.columns.find((c) => c.column === col)?.header ??
      String(sheetOf(m.sheet)?.cells[m.headerRow]?.[col] ?? "").trim();
    tables[id] = {
      ...table,
      evidence: mappingEvidence(
        m,
        sheetOf(m.sheet),
        headerAt,
        report.reviews?.find((r) => r.dataset === m.dataset),
      ),
    };
    draft[m.dataset] = {
      table: id,
      columns: { ...m.columns },
      ...(m.valueColumns ? { valueColumns: { ...m.valueColumns } } : {}),
      origin: m.origin,
    };
  }
  for (const d of Object.keys(DATASETS) as DatasetId[]) {
    if (!draft[d]) draft[d] = { table: null, columns: {}, origin: "none" };
  }

  return {
    workbook: snapshot.source,
    tables,
    datasets: datasetViews(),
    draft,
    savedMapping: report.mappings.some((m) => m.origin === "saved"),
    notes: report.issues.map((i) => i.message),
    needsConfirmation: (report.reviews ?? [])
      .filter((r) => r.needsConfirmation)
      .map((r) => ({ dataset: r.dataset, message: describeDoubt(r) })),
  };
}

/**
 * The draft for a dataset pointed at another table: the columns that table's headers fit, or none.
 */
export function draftForTable(view: SourcesView, dataset: DatasetId, table: number | null): DatasetDraft {
  if (table === null) return { table: null, columns: {}, origin: "edited" };
  const fit = view.tables[table]?.fits[dataset];
  return {
    table,
    columns: { ...(fit?.columns ?? {}) },
    ...(fit?.valueColumns ? { valueColumns: { ...fit.valueColumns } } : {}),
    origin: "edited",
  };
}

/** The draft with one field pointed at a column (undefined: no column). */
export function withColumn(draft: DatasetDraft, field: string, column: number | undefined): DatasetDraft {
  const columns: Record<string, number> = { ...draft.columns };
  if (column === undefined) delete columns[field];
  else columns[field] = column;
  return { ...draft, columns, origin: "edited" };
}

/** What stops a draft from being used, per dataset, in words. Empty when it can be used. */
export function draftProblems(view: SourcesView, draft: MappingDraft): Partial<Record<DatasetId, string[]>> {
  const out: Partial<Record<DatasetId, string[]>> = {};
  for (const d of view.datasets) {
    const entry = draft[d.id];
    if (!entry || entry.table === null) continue;
    const problems: string[] = [];
    for (const f of d.fields) {
      if (f.required && entry.columns[f.key] === undefined) problems.push(`Choose a column for ${f.label}.`);
    }
    const seen = new Map<number, string>();
    for (const f of d.fields) {
      const col = entry.columns[f.key];
      if (col === undefined) continue;
      const other = seen.get(col);
      if (other) problems.push(`Column ${columnLetters(col)} is chosen for both ${other} and ${f.label}.`);
      seen.set(col, f.label);
    }
    if (problems.length > 0) out[d.id] = problems;
  }
  return out;
}

/** The draft as a saved mapping (the datasets given a table). */
export function draftToMapping(view: SourcesView, draft: MappingDraft): SavedMapping {
  const datasets: Partial<Record<DatasetId, SavedDatasetMapping>> = {};
  for (const d of view.datasets) {
    const entry = draft[d.id];
    if (!entry || entry.table === null) continue;
    const table = view.tables[entry.table];
    if (!table) continue;
    datasets[d.id] = {
      sheet: table.sheet,
      headerRow: table.headerRow,
      columns: { ...entry.columns },
      ...(entry.valueColumns ? { valueColumns: { ...entry.valueColumns } } : {}),
    };
  }
  return { version: 1, datasets };
}
