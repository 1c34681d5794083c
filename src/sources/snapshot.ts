/**
 * A read-only snapshot of the council's workbook: what every adapter (ExcelJS for files, the Excel
 * JavaScript API inside Excel) hands to the source reader. Values only, as Excel holds them: numbers,
 * text, booleans, dates as Excel serials (the adapter converts), null for empty cells. Formula cells
 * give their cached results. Nothing in here can write back to the workbook.
 */

export type SnapshotValue = string | number | boolean | null;

export interface SheetSnapshot {
  /** The worksheet's name as the user sees it. */
  readonly name: string;
  /** Hidden or very hidden sheets are read (they often hold lookups) but flagged. */
  readonly hidden: boolean;
  /** Row-major values from A1 to the last used cell; rows may be ragged (missing = null). */
  readonly cells: readonly (readonly SnapshotValue[])[];
  /**
   * The rows of `cells` that have any cells at all (zero-based, ascending), when the adapter knows
   * them: a sheet with one stray value in XFD1048576 then costs its readers the rows in use, not a
   * million empty ones. Rows not listed must be empty; absent, readers scan `cells`.
   */
  readonly rowsWithCells?: readonly number[];
  /** Zero-based indexes of hidden columns. */
  readonly hiddenColumns: readonly number[];
  /** Zero-based indexes of hidden rows. */
  readonly hiddenRows: readonly number[];
  /** Merged ranges, zero-based inclusive: a title merged across A1:H1 is {top:0,left:0,bottom:0,right:7}. */
  readonly merges: readonly CellRange[];
  /** Cells shown with a date number format (zero-based "row,col" keys), so serials read as dates. */
  readonly dateCells?: ReadonlySet<string>;
  /**
   * Cells showing an error value (a formula's cached #REF!, #DIV/0!, #N/A …), zero-based "row,col"
   * keys → the error as Excel shows it. Such a cell is null in `cells` (an error is not a value),
   * and this says why, so a skipped row can say "cell D14 shows #REF!" rather than "is empty".
   */
  readonly errorCells?: ReadonlyMap<string, string>;
}

export interface CellRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

export interface WorkbookSnapshot {
  /** File name or workbook name, for the papers' "source" line. */
  readonly source: string;
  readonly sheets: readonly SheetSnapshot[];
  /** A saved column mapping (JSON text) found in the workbook, if any (see mapping.ts). */
  readonly savedMapping?: string;
  /**
   * What the adapter changed or could not take as it read, one entry per cell (text over Excel's
   * 32,767-character limit shortened to it, for instance). Empty or absent when nothing was.
   */
  readonly warnings?: readonly SnapshotWarning[];
}

/** A note about one cell the adapter read, for the user: which sheet and cell, and what happened. */
export interface SnapshotWarning {
  readonly sheet: string;
  /** Zero-based, as everywhere in the snapshot. */
  readonly row: number;
  readonly col: number;
  /** One sentence naming the cell (e.g. "'Register'!C7 held 40,000 characters …"). */
  readonly message: string;
}
