/**
 * SheetSpec: a declarative description of one built worksheet. Paper builders return these; the
 * workbook adapters (ExcelJS for files, the Excel JavaScript API inside Excel) render them in bulk.
 * A spec never talks to Excel or ExcelJS, so the same paper renders the same way everywhere and the
 * contract tests can compare adapters cell by cell.
 *
 * Coordinates are zero-based (row 0, col 0 is A1) inside the spec; adapters convert.
 */

/** Named cell styles of the Forum house style; adapters map each to fonts, fills and borders. */
export type StyleName =
  | "title" // A1: the sheet title, large bold
  | "subtitle" // A2: what the sheet holds
  | "label" // a label in a title block or assumptions block
  | "input" // a value the user supplies (shown as an input: pale yellow fill, per FAST)
  | "header" // a table header cell
  | "body" // an ordinary table cell
  | "total" // a total row cell (bold, top border)
  | "note" // a note or source line (smaller, grey)
  | "check" // a check result cell
  | "link"; // a hyperlink (contents sheet)

/** Number formats used on papers (UK conventions: £, negatives in brackets, dd/mm/yyyy). */
export const NumFmt = {
  pounds: "£#,##0;(£#,##0)",
  poundsPence: "£#,##0.00;(£#,##0.00)",
  percent: "0.0%",
  percent2: "0.00%",
  count: "#,##0",
  decimal1: "#,##0.0",
  date: "dd/mm/yyyy",
  text: "@",
} as const;
export type NumFmt = (typeof NumFmt)[keyof typeof NumFmt];

export type CellValue = string | number | boolean | null;

/** A date value in a cell: an Excel serial, written as a date with the date format. */
export interface CellSpec {
  /**
   * The value: for a formula cell, the engine's own result (the cached value a reader sees before
   * any recalculation, and what tests compare a recalculating engine against).
   */
  readonly value: CellValue;
  /** Native Excel formula without the leading "=", in A1 style, e.g. "SUM(C6:C20)". */
  readonly formula?: string;
  readonly style?: StyleName;
  readonly numFmt?: string;
  /** A hyperlink to a place in the workbook, e.g. "'DSG summary'!A1". */
  readonly link?: string;
}

/** One Excel Table (ListObject) on the sheet. */
export interface TableSpec {
  /** Stable, descriptive table name, e.g. "HNBMonitoring" (SPEC paper table). */
  readonly name: string;
  /** Zero-based row of the header row. */
  readonly headerRow: number;
  /** Zero-based first column. */
  readonly firstCol: number;
  /** Number of columns; the header texts are the cells of the header row. */
  readonly columnCount: number;
  /** Number of data rows below the header (a totals row, if any, is counted separately). */
  readonly dataRowCount: number;
  /** A totals row directly after the data rows (its cells are ordinary cells with formulas). */
  readonly totalsRow: boolean;
  /** Plain-words description for screen readers (Excel's table alt text). */
  readonly altText: string;
}

export interface ChartSeriesSpec {
  /** Series name as shown in the legend. */
  readonly name: string;
  /** Absolute A1 reference to the values, e.g. "'Deficit plan'!$I$8:$I$13". */
  readonly valuesRef: string;
  /** Cached values (charts show these until recalculated). */
  readonly values: readonly number[];
  /**
   * Set on the two edges of a band (a low and a high case) round another series: the index of that
   * series in the chart. Drawn lighter than it: its colour, a thinner dashed line, no markers.
   */
  readonly bandOf?: number;
}

export interface ChartSpec {
  readonly kind: "line";
  readonly title: string;
  /** Alternative text (accessibility): what the chart shows and its key message. */
  readonly altText: string;
  /** Absolute reference to the category labels, e.g. "'Deficit plan'!$A$8:$A$13". */
  readonly categoriesRef: string;
  readonly categories: readonly string[];
  readonly series: readonly ChartSeriesSpec[];
  readonly yAxisTitle: string;
  /** Number format for the value axis. */
  readonly yNumFmt: string;
  /** Zero-based anchor: top-left cell and bottom-right cell the chart covers. */
  readonly anchor: {
    readonly fromRow: number;
    readonly fromCol: number;
    readonly toRow: number;
    readonly toCol: number;
  };
}

export interface PrintSpec {
  readonly orientation: "landscape" | "portrait";
  readonly paperSize: "A4";
  /** Fit to this many pages wide (height unlimited). */
  readonly fitToWidth: number;
  /** Zero-based inclusive rows repeated at the top of each printed page (the table header). */
  readonly repeatRows?: { readonly first: number; readonly last: number };
  /** Footer text; adapters add "Page N of M". */
  readonly footer: string;
}

export type SheetKind = "cover" | "contents" | "notes" | "rules" | "paper" | "checks" | "snapshot";

export interface SheetSpec {
  /** Worksheet name (≤ 31 characters, no []:*?/\). Descriptive: "HNB monitoring". */
  readonly name: string;
  readonly kind: SheetKind;
  /** Paper id for papers (e.g. "hnb-monitoring"); the sheet kind otherwise. */
  readonly id: string;
  /** Rows of cells from A1; null is an empty cell. Rows may be ragged. */
  readonly cells: readonly (readonly (CellSpec | null)[])[];
  readonly tables: readonly TableSpec[];
  readonly charts: readonly ChartSpec[];
  /** Column widths in characters, from column A. */
  readonly columnWidths: readonly number[];
  readonly print: PrintSpec;
  /** Rows frozen at the top (the table header stays in view), zero = none. */
  readonly freezeRows: number;
  /** A sheet kept out of sight (the key-figures snapshot, snapshot-sheet.ts); default visible. */
  readonly hidden?: boolean;
}

/** Marks every sheet Forum Papers builds, so a rebuild replaces only its own sheets. */
export const BUILT_SHEET_MARKER = "forum-papers:built";

// A1 text and sheet-name quoting live once, in core/a1.ts. `a1` is core's cellA1 under the name the
// paper builders use today (to be renamed there once the papers split has landed).
export { cellA1 as a1, quoteSheet } from "../core/a1";
