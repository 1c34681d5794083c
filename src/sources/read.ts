/**
 * The source reader's entry points.
 *
 * - {@link readDatasets}: a workbook snapshot in; every dataset found, the rows used, the rows not
 *   used (with reasons), the total checks and the mappings used out. A saved mapping (passed in,
 *   or kept in the workbook) decides the tables for the datasets it names; the rest are detected.
 * - {@link detectCandidates}: every candidate table with how well it fits each dataset, for the
 *   task pane's mapping editor.
 *
 * Flow: detect tables on every sheet (detect.ts) → score each table against each dataset
 * (match.ts) → give each dataset its own table, maximising total confidence → parse (parse.ts).
 */

import {
  DATASETS,
  type Assumptions,
  type DatasetId,
  type DatasetMapping,
  type Datasets,
  type SkippedRow,
  type SourceNotice,
  type TotalCheck,
} from "./datasets";
import { SheetView, columnFit, detectTables, isNumericColumn, type DetectedTable } from "./detect";
import { columnLetters } from "../core/a1";
import { parseSavedMapping, type SavedDatasetMapping, type SavedMapping } from "./mapping";
import { MIN_CONFIDENCE, assignTables, matchTable, type TableMatch, type ValueColumn } from "./match";
import { parseDataset, type ParsedRecords, type ResolvedMapping } from "./parse";
import type { WorkbookSnapshot } from "./snapshot";
import { reviewMapping, type MappingReview } from "./crosscheck";
import { isStatedVarianceHeader } from "./role-words";
import { relocateAcross, transposedSheets, type AcrossOrigin } from "./transpose";
import {
  computedSchoolsBlock,
  sourceRows,
  statedDates,
  statedFigures,
  withStatedAsAt,
  withStatedFigures,
} from "./stated";
import { matchEvidence, withCrossTableEvidence } from "./evidence";
import { withContentProfiles } from "./profile";

/** Options for {@link readDatasets}. */
export interface ReadOptions {
  /**
   * A saved mapping (object or its JSON text). Overrides `snapshot.savedMapping`; either overrides
   * detection for the datasets it names.
   */
  readonly mapping?: SavedMapping | string;
}

/**
 * What {@link readDatasets} returns: the Datasets contract plus `issues`, the workbook-level
 * notices (a saved mapping that no longer fits, hidden rows read as data, "£000" columns scaled,
 * datasets not found), each with its code. Proposed for the Datasets contract.
 */
export interface SourceReport extends Datasets {
  readonly issues: readonly SourceNotice[];
  /**
   * Each mapping used, with its evidence and cross-checks (crosscheck.ts); one whose
   * `needsConfirmation` is true must not be built from without the user's confirmation.
   */
  readonly reviews: readonly MappingReview[];
}

/** A candidate table: rows and columns zero-based, as everywhere inside (letters and 1-based rows are for showing). */
export interface CandidateTable {
  readonly sheet: string;
  /** The sheet is hidden (tables there are read, and lose ties to visible ones). */
  readonly sheetHidden: boolean;
  readonly headerRow: number;
  /** A two-row header's first row (the group titles above headerRow's column names). */
  readonly headerTop?: number;
  readonly firstColumn: number;
  readonly lastColumn: number;
  readonly lastRow: number;
  /** Rows below the header with something in them. */
  readonly dataRows: number;
  readonly headers: readonly { readonly column: number; readonly text: string; readonly hidden: boolean }[];
}

/** How well a candidate table fits one dataset (zero-based columns). */
export interface DatasetMatch {
  readonly dataset: DatasetId;
  readonly label: string;
  /** 0–1; {@link MIN_CONFIDENCE} or more to be used automatically. */
  readonly confidence: number;
  /** field key → zero-based column. */
  readonly columns: Readonly<Record<string, number>>;
  /** Wide tables: setting → zero-based column. */
  readonly valueColumns?: Readonly<Record<string, number>>;
  /** Required fields with no column. */
  readonly missingRequired: readonly string[];
  /** Which of two same-named columns was used, and why (see TableMatch.notes). */
  readonly notes?: readonly string[];
}

/** A candidate table and its matches, for the mapping editor. */
export interface Candidate {
  readonly table: CandidateTable;
  /** Every dataset with a confidence above 0, best first. */
  readonly matches: readonly DatasetMatch[];
  /** The assigned dataset's match when assigned, else the best match (if any). */
  readonly best?: DatasetMatch;
  /** The dataset automatic detection gives this table (each dataset gets at most one table). */
  readonly assigned?: DatasetId;
}

const DATASET_IDS = Object.keys(DATASETS) as DatasetId[];
/** A table on a hidden sheet scores a little lower, so a visible copy wins a tie. */
const HIDDEN_SHEET_FACTOR = 0.95;

interface Analysis {
  readonly views: readonly SheetView[];
  readonly tables: readonly DetectedTable[];
  /** matches[t][d]: table t against DATASET_IDS[d]. */
  readonly matches: readonly (readonly TableMatch[])[];
  /** Virtual sheets of tables read across (transpose.ts), by their snapshot. */
  readonly across: ReadonlyMap<SheetView["snapshot"], AcrossOrigin>;
}

function analyse(snapshot: WorkbookSnapshot): Analysis {
  // Tables with the years or blocks across are read as virtual sheets after the real ones.
  const acrossSheets = transposedSheets(snapshot.sheets);
  const across = new Map(acrossSheets.map((s) => [s.snapshot, s.origin] as const));
  const views = [...snapshot.sheets, ...acrossSheets.map((s) => s.snapshot)].map((s) => new SheetView(s));
  const tables = views.flatMap((v, i) => detectTables(v, i));
  const matches = tables.map((t) => {
    const view = views[t.sheetIndex];
    return DATASET_IDS.map((id) => {
      const m = matchTable(t.headers, DATASETS[id], {
        isNumericColumn: (col) => isNumericColumn(view, t, col),
        columnFit: (col, type) => columnFit(view, t, col, type),
      });
      return view.hidden
        ? { ...m, confidence: Math.round(m.confidence * HIDDEN_SHEET_FACTOR * 1000) / 1000 }
        : m;
    });
  });
  // Evidence across tables: a band table holding the register's current codes is the current one.
  // Content: a required date or money field on a column holding almost none loses confidence.
  const profiled = withContentProfiles(views, tables, matches, (m, key) =>
    DATASETS[m.dataset].fields.find((f) => f.key === key),
  );
  return { views, tables, matches: withCrossTableEvidence(views, tables, profiled, DATASET_IDS), across };
}

/** For each dataset, the index of its table (or -1), among tables not in `claimed`. */
function assign(
  a: Analysis,
  claimed: ReadonlySet<number>,
  datasets: readonly DatasetId[],
): Map<DatasetId, number> {
  const weights = datasets.map((id) => {
    const d = DATASET_IDS.indexOf(id);
    return a.tables.map((_, t) => (claimed.has(t) ? 0 : a.matches[t][d].confidence));
  });
  const picked = assignTables(weights, MIN_CONFIDENCE);
  const out = new Map<DatasetId, number>();
  datasets.forEach((id, i) => out.set(id, picked[i]));
  return out;
}

function toRecord(entries: readonly { key: string; column: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) out[e.key] = e.column;
  return out;
}

function toDatasetMatch(m: TableMatch): DatasetMatch {
  return {
    dataset: m.dataset,
    label: DATASETS[m.dataset].label,
    confidence: m.confidence,
    columns: toRecord(m.fields.map((f) => ({ key: f.field, column: f.column }))),
    ...(DATASETS[m.dataset].valueColumns
      ? { valueColumns: toRecord(m.valueColumns.map((v) => ({ key: v.header, column: v.column }))) }
      : {}),
    missingRequired: m.missingRequired,
    ...(m.notes.length > 0 ? { notes: m.notes } : {}),
  };
}

/**
 * Every candidate table in the workbook with how well it fits each dataset, and the dataset
 * automatic detection would give it. Saved mappings are not applied here: this is the automatic
 * view the mapping editor starts from (the mappings a read used are in `readDatasets(...).mappings`).
 *
 * @example detectCandidates(snapshot).filter((c) => c.assigned).map((c) => [c.assigned, c.table.sheet])
 */
export function detectCandidates(snapshot: WorkbookSnapshot): Candidate[] {
  const a = analyse(snapshot);
  const picked = assign(a, new Set(), DATASET_IDS);
  const assignedTo = new Map<number, DatasetId>();
  for (const [id, t] of picked) if (t >= 0) assignedTo.set(t, id);
  return a.tables.map((t, ti) => {
    const view = a.views[t.sheetIndex];
    const matches = a.matches[ti]
      .filter((m) => m.confidence > 0)
      .slice()
      .sort((x, y) => y.confidence - x.confidence)
      .map(toDatasetMatch);
    const assigned = assignedTo.get(ti);
    const best = assigned ? matches.find((m) => m.dataset === assigned) : matches[0];
    return {
      table: {
        sheet: t.sheet,
        sheetHidden: view.hidden,
        headerRow: t.headerRow,
        ...(t.headerTop < t.headerRow ? { headerTop: t.headerTop } : {}),
        firstColumn: t.firstCol,
        lastColumn: t.lastCol,
        lastRow: t.lastRow,
        dataRows: t.dataRows,
        headers: t.headers.map((h) => ({ column: h.column, text: h.text, hidden: h.hidden })),
      },
      matches,
      ...(best ? { best } : {}),
      ...(assigned ? { assigned } : {}),
    };
  });
}

/** A saved dataset mapping resolved against the workbook, or why it cannot be used. */
function resolveSaved(
  id: DatasetId,
  saved: SavedDatasetMapping,
  a: Analysis,
  issues: SourceNotice[],
): { mapping: ResolvedMapping; table: number } | { problem: string } {
  const def = DATASETS[id];
  const wanted = saved.sheet.trim().toLowerCase();
  const view =
    a.views.find((v) => v.name === saved.sheet) ??
    a.views.find((v) => v.name.trim().toLowerCase() === wanted);
  if (!view) {
    return {
      problem: `The saved mapping puts ${def.label} on sheet "${saved.sheet}", which is not in the workbook; the table was looked for automatically instead.`,
    };
  }
  const headerRow = saved.headerRow;
  // Where the saved mapping points, in the words and numbering of the sheet as the user sees it.
  const noHeaderIn = (col: number) =>
    `column ${columnLetters(col)} of "${view.name}", but that column has no header in row ${headerRow + 1}`;
  const sheetIndex = a.views.indexOf(view);
  // A two-row header names some columns in the row above headerRow ("Pupil ref" merged over
  // both rows): the detected table at this header row knows them.
  const detectedHeaders = new Map<number, string>();
  for (const t of a.tables) {
    if (t.sheetIndex !== sheetIndex || t.headerRow !== headerRow || t.headerTop === t.headerRow) continue;
    for (const h of t.headers) detectedHeaders.set(h.column, h.text);
  }
  const noHeader = (col: number): boolean =>
    !detectedHeaders.has(col) && (col >= view.colCount || view.blank(headerRow, col));
  const columns = new Map<string, number>();
  for (const field of def.fields) {
    const col = saved.columns[field.key];
    if (col === undefined) continue;
    if (noHeader(col)) {
      const gone = `The saved mapping puts ${field.label} in ${noHeaderIn(col)}`;
      if (field.required) return { problem: `${gone}; ${def.label} was looked for automatically instead.` };
      issues.push({
        code: "saved-mapping-column-dropped",
        dataset: id,
        message: `${gone}; it was left out.`,
      });
      continue;
    }
    columns.set(field.key, col);
  }
  const valueColumns: ValueColumn[] = [];
  for (const [name, col] of Object.entries(saved.valueColumns ?? {})) {
    if (noHeader(col)) {
      issues.push({
        code: "saved-mapping-column-dropped",
        dataset: id,
        message: `The saved mapping puts the "${name}" column of ${def.label} in ${noHeaderIn(col)}; it was left out.`,
      });
      continue;
    }
    valueColumns.push({ header: name, column: col });
  }
  valueColumns.sort((x, y) => x.column - y.column);
  if (def.valueColumns && valueColumns.length === 0) {
    return {
      problem: `The saved mapping for ${def.label} has no value columns left; the table was looked for automatically instead.`,
    };
  }

  const mapped = [...columns.values(), ...valueColumns.map((v) => v.column)];
  let firstCol = Math.min(...mapped);
  let lastCol = Math.max(...mapped);
  // The table's end: the detected table with this header row, if any; else two blank rows.
  const tableIndex = a.tables.findIndex(
    (t) =>
      t.sheetIndex === sheetIndex &&
      t.headerRow === headerRow &&
      t.firstCol <= lastCol &&
      t.lastCol >= firstCol,
  );
  let lastRow: number;
  if (tableIndex >= 0) {
    const t = a.tables[tableIndex];
    lastRow = t.lastRow;
    firstCol = Math.min(firstCol, t.firstCol);
    lastCol = Math.max(lastCol, t.lastCol);
  } else {
    lastRow = headerRow;
    let blanks = 0;
    for (let r = headerRow + 1; r < view.rowCount && blanks < 2; r++) {
      if (view.rowBlankIn(r, firstCol, lastCol)) blanks++;
      else {
        blanks = 0;
        lastRow = r;
      }
    }
  }
  return {
    mapping: {
      dataset: id,
      view,
      headerRow,
      lastRow,
      firstCol,
      lastCol,
      columns,
      valueColumns,
      ...(detectedHeaders.size > 0 ? { headerTexts: detectedHeaders } : {}),
    },
    table: tableIndex,
  };
}

function resolvedFromMatch(a: Analysis, t: number, m: TableMatch): ResolvedMapping {
  const table = a.tables[t];
  return {
    dataset: m.dataset,
    view: a.views[table.sheetIndex],
    headerRow: table.headerRow,
    lastRow: table.lastRow,
    firstCol: table.firstCol,
    lastCol: table.lastCol,
    columns: new Map(m.fields.map((f) => [f.field, f.column])),
    valueColumns: m.valueColumns,
    ...(table.headerTop < table.headerRow
      ? { headerTexts: new Map(table.headers.map((h) => [h.column, h.text])) }
      : {}),
  };
}

function datasetMapping(
  r: ResolvedMapping,
  confidence: number,
  origin: "detected" | "saved",
): DatasetMapping {
  const columns: Record<string, number> = Object.fromEntries(r.columns);
  const valueColumns: Record<string, number> = {};
  for (const v of r.valueColumns) valueColumns[v.header] = v.column;
  return {
    dataset: r.dataset,
    sheet: r.view.name,
    headerRow: r.headerRow,
    lastRow: r.lastRow,
    columns,
    ...(DATASETS[r.dataset].valueColumns ? { valueColumns } : {}),
    confidence,
    origin,
  };
}

/**
 * A table that would be the dataset but for its forecast, where the only forecast-like column is a
 * variance ("Outturn Variance Month 7 £000"): said plainly, since a variance is never read as the
 * forecast (role-words.ts) and the user would otherwise only hear "no table looked like it".
 */
function varianceOnlyIssue(a: Analysis, id: DatasetId): SourceNotice | undefined {
  const d = DATASET_IDS.indexOf(id);
  if (!DATASETS[id].fields.some((f) => f.key === "forecast")) return undefined;
  for (let t = 0; t < a.tables.length; t++) {
    const m = a.matches[t][d];
    if (m.missingRequired.length !== 1 || m.missingRequired[0] !== "forecast") continue;
    const variance = a.tables[t].headers.find((h) => isStatedVarianceHeader(h.text));
    if (!variance) continue;
    const table = a.tables[t];
    return {
      code: "variance-not-forecast",
      dataset: id,
      message: `The table on sheet "${table.sheet}" at row ${table.headerRow + 1} has a budget and a variance ("${variance.text}", column ${columnLetters(variance.column)}) but no forecast outturn column, so it was not used as the ${DATASETS[id].label}: a variance is never read as the forecast. Add the forecast outturn column (or map one in the pane) and build again.`,
    };
  }
  return undefined;
}

/**
 * The key figures stated beside a label or in a title where no key-value table gave them, then the
 * Schools Block worked out from the DfE allocation's parts where nothing states it (with a note).
 */
function withKeyFigures(
  given: Assumptions,
  snapshot: WorkbookSnapshot,
  records: ParsedRecords,
  totals: readonly TotalCheck[],
  issues: SourceNotice[],
): Assumptions {
  let rowsUsed: Set<string> | undefined;
  const used = () => (rowsUsed ??= sourceRows(records, totals));
  // The register's own extract date first: its placements are as at that date.
  const dated = withStatedAsAt(
    given,
    statedDates(snapshot.sheets, used),
    records.placements?.[0]?.source.sheet,
  );
  if (dated.notice) issues.push(dated.notice);
  const stated = withStatedFigures(dated.assumptions, statedFigures(snapshot.sheets, used));
  if (stated.schoolsBlock !== undefined || records.schools === undefined) return stated;
  const computed = computedSchoolsBlock(snapshot.sheets);
  if (!computed) return stated;
  issues.push({ code: "schools-block-computed", dataset: "assumptions", message: computed.note });
  return {
    ...stated,
    schoolsBlock: computed.value,
    sources: { ...stated.sources, schoolsBlock: computed.source },
  };
}

/**
 * Read every dataset from a council's workbook.
 *
 * Never throws for anything in the workbook: rows that cannot be used are in `skipped` with a
 * reason, total rows are in `totals` as checks, and workbook-level notes (a saved mapping that no
 * longer fits, hidden rows read as data, datasets not found) are in `issues`. A broken saved
 * mapping is also listed in `skipped` (code "missing", the saved header row), so a reader of the
 * Datasets contract alone still sees it.
 *
 * @param snapshot the workbook's values (see snapshot.ts)
 * @param options.mapping a saved mapping (object or JSON) that overrides `snapshot.savedMapping`
 * @example
 *   const data = readDatasets(snapshot);
 *   data.placements?.length;                      // rows used
 *   data.skipped.filter((s) => s.code === "not-a-date");
 */
export function readDatasets(snapshot: WorkbookSnapshot, options?: ReadOptions): SourceReport {
  const a = analyse(snapshot);
  const issues: SourceNotice[] = [];
  const skipped: SkippedRow[] = [];
  const totals: TotalCheck[] = [];

  // 1. The saved mapping, for the datasets it names.
  let saved: SavedMapping | undefined;
  const given = options?.mapping ?? snapshot.savedMapping;
  if (typeof given === "string") {
    const parsed = parseSavedMapping(given);
    if (typeof parsed === "string") {
      issues.push({
        code: "saved-mapping-unreadable",
        message: `${parsed} The tables were looked for automatically.`,
      });
    } else saved = parsed;
  } else saved = given;

  const resolved = new Map<
    DatasetId,
    { mapping: ResolvedMapping; confidence: number; origin: "detected" | "saved" }
  >();
  const claimed = new Set<number>();
  if (saved) {
    for (const id of DATASET_IDS) {
      const s = saved.datasets[id];
      if (!s) continue;
      const r = resolveSaved(id, s, a, issues);
      if ("problem" in r) {
        issues.push({ code: "saved-mapping-not-used", dataset: id, message: r.problem });
        skipped.push({
          dataset: id,
          source: { sheet: s.sheet, row: s.headerRow + 1 },
          code: "missing",
          reason: r.problem,
        });
        continue;
      }
      resolved.set(id, { mapping: r.mapping, confidence: 1, origin: "saved" });
      if (r.table >= 0) claimed.add(r.table);
    }
  }

  // 2. Detection for the rest: each dataset its own table, maximising total confidence.
  const remaining = DATASET_IDS.filter((id) => !resolved.has(id));
  for (const [id, t] of assign(a, claimed, remaining)) {
    if (t < 0) continue;
    const m = a.matches[t][DATASET_IDS.indexOf(id)];
    resolved.set(id, { mapping: resolvedFromMatch(a, t, m), confidence: m.confidence, origin: "detected" });
    for (const note of m.notes) issues.push({ code: "column-choice", dataset: id, message: note });
  }

  // 3. Parse.
  const records: ParsedRecords = {};
  const mappings: DatasetMapping[] = [];
  const reviews: MappingReview[] = [];
  for (const id of DATASET_IDS) {
    const r = resolved.get(id);
    if (!r) {
      issues.push(
        varianceOnlyIssue(a, id) ?? {
          code: "dataset-missing",
          dataset: id,
          message: `No table in the workbook looked like the ${DATASETS[id].label}; map it in the pane if it is there.`,
        },
      );
      continue;
    }
    mappings.push(datasetMapping(r.mapping, r.confidence, r.origin));
    const acrossOrigin = a.across.get(r.mapping.view.snapshot);
    // The cross-checks read the virtual sheet's own rows; the records point at the real sheet.
    const p = parseDataset(r.mapping);
    const out = acrossOrigin ? relocateAcross(p, acrossOrigin) : p;
    Object.assign(records, out.records);
    for (const s of out.skipped) skipped.push(s);
    for (const t of out.totals) totals.push(t);
    for (const n of out.notices) issues.push(n);
    const parsed = (p.records as Record<string, unknown>)[id];
    reviews.push(
      reviewMapping({
        mapping: r.mapping,
        confidence: r.confidence,
        origin: r.origin,
        records: Array.isArray(parsed) ? parsed : [],
        totals: p.totals,
        ...(r.origin === "detected" ? { crossTable: matchEvidence(a, r.mapping) } : {}),
      }),
    );
  }

  return {
    source: snapshot.source,
    ...records,
    assumptions: withKeyFigures(records.assumptions ?? { sources: {} }, snapshot, records, totals, issues),
    mappings,
    totals,
    skipped,
    issues,
    reviews,
  };
}
