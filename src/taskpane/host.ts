/**
 * The host: everything the pane needs from where it runs, behind one interface, so components and
 * hooks never touch Excel, files or the engine directly.
 *
 * Two implementations:
 * - {@link OfficeHost} (office-host.ts), inside Excel: reads the open workbook with Excel.run,
 *   writes built sheets into it through the Office adapter, explains the selected cell, copies
 *   sheets for sharing. Loaded lazily.
 * - {@link FileHost} (file-host.ts), the browser preview: a workbook file the user opens, the
 *   xlsx adapter running in the browser, results offered as downloads.
 *
 * Everything crossing this interface is plain data (view models), so the pane can be tested
 * against a fake host and both hosts stay comparable.
 */

import type { PapersRequest } from "../app/pipeline";
import type { PublicationView } from "../app/publication-check";
import type { DatasetId, SkipCode } from "../sources/datasets";
import type { PaperId } from "../papers/house";
import type { SavedMapping } from "../sources/mapping";
import type { TableEvidenceView } from "./sources-view";
import type { ExplainOutcome, FormulaRef, ShareableSheet } from "../app/file-engine";
import type { FigureSheet } from "../app/figures";
import type { ConversionNote } from "../app/share";

/** What the pane can offer where it runs. */
export interface HostCapabilities {
  /** The user opens a workbook file first (the preview); in Excel the open workbook is read. */
  readonly opensFiles: boolean;
  /** Built sheets and source rows can be shown in the workbook (Excel). */
  readonly canNavigate: boolean;
  /** Explain reads the selected cell (Excel) rather than listing the formulas in a file. */
  readonly explainsSelection: boolean;
  /** Results are files to download (the preview) rather than sheets in the open workbook. */
  readonly downloads: boolean;
}

/** A file the user picked, read into memory. */
export interface PickedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A file the host made for the user to save. */
export interface Download {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly mimeType: string;
}

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// ---------------------------------------------------------------------------------------------
// Sources

// Rows and columns here are zero-based, as everywhere inside (sources/datasets.ts TableMapping):
// the pane shows letters ("C"), ranges ("A4:H120") and 1-based row numbers, never these numbers.

/** A column of a candidate table, for the mapping editor's dropdowns. */
export interface ColumnView {
  /** Zero-based worksheet column. */
  readonly column: number;
  /** "C". */
  readonly letter: string;
  readonly header: string;
  readonly hidden: boolean;
  /** The first few values under the header, as shown: ["£12,000", "£8,500", "tbc"]. */
  readonly samples: readonly string[];
}

/** A table found in the workbook. */
export interface TableView {
  /** Stable within one read: the candidate's index. */
  readonly id: number;
  readonly sheet: string;
  readonly sheetHidden: boolean;
  /** "A4:H120". */
  readonly range: string;
  /** Zero-based header row. */
  readonly headerRow: number;
  readonly dataRows: number;
  readonly columns: readonly ColumnView[];
  /** What detection recognised it as, if anything. */
  readonly recognisedAs?: DatasetId;
  /** 0–1 for the dataset it was recognised as (or its best match). */
  readonly confidence: number;
  /** "High", "Medium" or "Low" for the confidence. */
  readonly sureness: "High" | "Medium" | "Low";
  /** Best match when not recognised: "Looks a little like Schools". */
  readonly bestGuess?: DatasetId;
  /** How the table fits each dataset it could hold: the columns to start from if chosen for it. */
  readonly fits: Readonly<Partial<Record<DatasetId, TableFit>>>;
  /** Why it was read as the dataset the read used it for: per field, as `inspect` shows it. */
  readonly evidence?: TableEvidenceView;
}

/** A table's fit to one dataset. */
export interface TableFit {
  readonly confidence: number;
  /** field key → zero-based column. */
  readonly columns: Readonly<Record<string, number>>;
  readonly valueColumns?: Readonly<Record<string, number>>;
}

/** A dataset's field, for the mapping editor. */
export interface FieldView {
  readonly key: string;
  readonly label: string;
  readonly required: boolean;
}

/** A dataset the pane can map. */
export interface DatasetView {
  readonly id: DatasetId;
  readonly label: string;
  readonly fields: readonly FieldView[];
  /** Wide tables (proposed bands): other numeric columns are value columns (one per setting). */
  readonly valueColumns: boolean;
}

/** One dataset's mapping as the user edits it. */
export interface DatasetDraft {
  /** The table (TableView.id) or null for "not in this workbook". */
  readonly table: number | null;
  /** field key → zero-based column; absent means no column. */
  readonly columns: Readonly<Record<string, number>>;
  /** Wide tables: setting name → zero-based column. */
  readonly valueColumns?: Readonly<Record<string, number>>;
  /** Where the draft came from, for the pane's wording. */
  readonly origin: "detected" | "saved" | "edited" | "none";
}

export type MappingDraft = Readonly<Partial<Record<DatasetId, DatasetDraft>>>;

/** Everything the Sources step shows after reading a workbook. */
export interface SourcesView {
  readonly workbook: string;
  readonly tables: readonly TableView[];
  readonly datasets: readonly DatasetView[];
  /** The mapping a read would use now (saved where the workbook has one, else detected). */
  readonly draft: MappingDraft;
  /** The workbook carries a saved mapping (and it was used). */
  readonly savedMapping: boolean;
  /** Workbook-level notes: a saved mapping that no longer fits, "£000" columns scaled, … */
  readonly notes: readonly string[];
  /**
   * Mappings the reader is not sure of (below the confidence line, or a cross-check failed: a
   * variance that is not forecast − budget, a total that does not reconcile): each needs the
   * user's confirmation before Build, and says which table, which field and why.
   */
  readonly needsConfirmation: readonly { readonly dataset: DatasetId; readonly message: string }[];
}

/** After "save mapping in the workbook". */
export interface SaveMappingResult {
  readonly message: string;
  /** The preview cannot change the opened file: it offers a copy with the mapping saved. */
  readonly download?: Download;
}

// ---------------------------------------------------------------------------------------------
// Build

/** A build as the pane asks for it: the pipeline's request with the mapping the user confirmed. */
export interface BuildRequest extends PapersRequest {
  /** The confirmed mapping (datasets not named are detected). */
  readonly mapping: SavedMapping;
}

/** How far a build has got. */
export interface BuildProgress {
  /** 0–1. */
  readonly fraction: number;
  /** Plain words: "Reading the tables", "Writing DSG summary". */
  readonly step: string;
}

/** A sheet the build wrote. */
export interface BuiltSheetView {
  readonly name: string;
  readonly kind: string;
  /** For papers: the paper's title. */
  readonly title?: string;
}

/** A source row the build did not use. */
export interface SkippedRowView {
  readonly dataset: string;
  readonly sheet: string;
  /** 1-based row. */
  readonly row: number;
  readonly code: SkipCode;
  readonly reason: string;
}

export interface CheckView {
  readonly id: string;
  readonly passed: boolean;
  readonly text: string;
}

export interface BuildResult {
  readonly sheets: readonly BuiltSheetView[];
  readonly papers: readonly PaperId[];
  readonly skipped: readonly SkippedRowView[];
  readonly checks: readonly CheckView[];
  /** The build's notices, as the sentences shown (build-view.ts keeps their codes out of the view). */
  readonly warnings: readonly string[];
  /** The preview: the papers workbook to download. */
  readonly download?: Download;
  /** The built papers' cells, so Explain can explain any figure on them (figures.ts). */
  readonly figures?: readonly FigureSheet[];
  /** The publication check of the papers built (the preview: the download; Excel: the same sheets as a file). */
  readonly publication?: PublicationView;
}

// ---------------------------------------------------------------------------------------------
// Explain and share

// A listed DSG formula, what explain returns and a shareable sheet are the file engine's types.
export type { ExplainOutcome, FormulaRef, ShareableSheet };

export interface ShareResult {
  readonly message: string;
  readonly notes: readonly ConversionNote[];
  /** Excel: the names of the copies made. */
  readonly copies?: readonly string[];
  /** The preview: the converted workbook. */
  readonly download?: Download;
}

// ---------------------------------------------------------------------------------------------

/** Where the pane runs. Every method may reject with an Error whose message is shown to the user. */
export interface Host {
  readonly kind: "office" | "file";
  readonly capabilities: HostCapabilities;
  /** "dark" when Office's theme is dark; the preview follows the browser. */
  theme(): "light" | "dark";
  /** Called when the theme changes; returns an unsubscribe function. */
  onThemeChange(listener: (theme: "light" | "dark") => void): () => void;

  /** Read the workbook: the open one in Excel, `file` in the preview. */
  readSources(file?: PickedFile): Promise<SourcesView>;
  /** Keep the mapping in the workbook for next time. */
  saveMapping(mapping: SavedMapping): Promise<SaveMappingResult>;
  /** Build the papers. Aborting stops at the next step and leaves nothing behind (AbortError). */
  build(
    request: BuildRequest,
    progress: (p: BuildProgress) => void,
    signal: AbortSignal,
  ): Promise<BuildResult>;

  /** Excel: activate a built sheet. */
  showSheet(name: string): Promise<void>;
  /** Excel: select a source row. */
  showSourceRow(sheet: string, row: number): Promise<void>;

  /** Excel: explain the selected cell. The preview: explain one of the listed formulas. */
  explain(target?: FormulaRef): Promise<ExplainOutcome>;
  /**
   * Excel: the selected cell, as a sheet name and an A1 address ("E12"), so Explain can explain a
   * figure on a built paper where the user has clicked. The preview has no selection (undefined).
   */
  selectedCell?(): Promise<{ readonly sheet: string; readonly cell: string } | undefined>;
  /** The preview: the DSG formulas found in the opened workbook (Excel: an empty list). */
  listFormulas(): Promise<readonly FormulaRef[]>;

  /** Sheets of the workbook and how many DSG formulas each holds. */
  listShareable(): Promise<readonly ShareableSheet[]>;
  /** Make the chosen sheets safe for readers without the add-in. */
  share(sheets: readonly string[]): Promise<ShareResult>;
}

/** The error a cancelled build rejects with (what AbortController's signal gives fetch, too). */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}
