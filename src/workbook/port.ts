/**
 * The workbook port: the one interface through which built sheets reach a workbook.
 *
 * Two adapters implement it: `xlsx` (ExcelJS, for the command line and the browser preview: it
 * produces a new .xlsx file) and `office` (the Excel JavaScript API, inside Excel: it adds the sheets
 * to the open workbook). Both take the same `SheetSpec[]` and must give the same cells, formulas,
 * formats, tables and charts, so the contract tests can compare them.
 *
 * The shared names below (the sheet marker's defined names and the saved-mapping sheet) are the
 * contract between adapters: what one writes, the other must be able to find.
 */
import type { SheetSpec } from "../papers/spec";

/** How far a write has got; `step` is a short phrase for a progress bar ("Writing DSG summary"). */
export interface WriteProgress {
  readonly done: number;
  readonly total: number;
  readonly step: string;
}

/** Called after each sheet (and after the final packaging step) of a write. */
export type ProgressCallback = (progress: WriteProgress) => void;

/** What every adapter reports after a write. */
export interface WriteResult {
  /** Names of the sheets written, in workbook order. */
  readonly sheets: readonly string[];
}

/**
 * Renders built sheets into a workbook.
 *
 * `write` renders every spec in order, reporting progress per sheet. If `signal` is aborted the
 * write stops at the next sheet boundary, leaves nothing behind (the xlsx adapter returns no bytes;
 * the office adapter removes the sheets it created) and rejects with an {@link AbortError}.
 * A spec that breaks the rules of a workbook (duplicate table names, a table header that is not
 * text) is a builder bug and rejects with `InternalError` from core/errors.
 */
export interface WorkbookPort<R extends WriteResult = WriteResult> {
  write(specs: readonly SheetSpec[], progress?: ProgressCallback, signal?: AbortSignal): Promise<R>;
}

/**
 * Document properties of a papers workbook (File > Info in Excel). Only `title` is required:
 * GSS guidance asks for a title on every published spreadsheet; the rest are shown when given.
 */
export interface DocProps {
  /** E.g. "Schools Forum papers, 12 March 2026". */
  readonly title: string;
  /** E.g. "High Needs Block monitoring and DSG deficit plan". */
  readonly subject?: string;
  /** The paper's author (a person or a team), written as creator and last modified by. */
  readonly author?: string;
  /** The council, e.g. "Anytown Borough Council". */
  readonly company?: string;
  /** When the papers were built; defaults to now. */
  readonly created?: Date;
}

/** The error a write rejects with when its AbortSignal fires (name "AbortError", as fetch uses). */
export class AbortError extends Error {
  override name = "AbortError";
  constructor(message = "The write was cancelled; no sheets were written.") {
    super(message);
  }
}

/**
 * Marker for built sheets, as a worksheet-scoped defined name.
 *
 * Every built sheet carries a sheet-level name `ForumPapersBuilt` whose value is the text constant
 * `="forum-papers:built"` (BUILT_SHEET_MARKER), and `ForumPapersId` holding the spec id (e.g.
 * `="hnb-monitoring"`). Why a defined name: it belongs to the sheet (it survives a rename, is
 * copied with the sheet and deleted with it), it is visible and explained in Name Manager, both
 * the file format and the Excel JavaScript API (`worksheet.names.add`) can write and read it, and
 * it puts nothing in the cells a reader sees.
 */
export const MARKER_NAME = "ForumPapersBuilt";
/** The sheet-scoped defined name holding a built sheet's spec id (see {@link MARKER_NAME}). */
export const MARKER_ID_NAME = "ForumPapersId";

/**
 * The saved column mapping lives in a very hidden sheet of this name, as JSON text in column A
 * from A1 down (a cell holds at most 32,767 characters, so long JSON is split across A1, A2, …
 * and read back by joining the cells in order). The reader leaves this sheet out of the snapshot.
 */
export const SAVED_MAPPING_SHEET = "_forum_papers_mapping";

/** Excel's limit on the text in one cell, which bounds each chunk of the saved mapping. */
export const MAX_CELL_TEXT = 32767;
