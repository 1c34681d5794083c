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
  /** Zero-based indexes of hidden columns. */
  readonly hiddenColumns: readonly number[];
  /** Zero-based indexes of hidden rows. */
  readonly hiddenRows: readonly number[];
  /** Merged ranges, zero-based inclusive: a title merged across A1:H1 is {top:0,left:0,bottom:0,right:7}. */
  readonly merges: readonly CellRange[];
  /** Cells shown with a date number format (zero-based "row,col" keys), so serials read as dates. */
  readonly dateCells?: ReadonlySet<string>;
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
}
