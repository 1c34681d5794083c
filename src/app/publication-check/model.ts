/**
 * What the publication check knows of a workbook: per sheet, its cells (values as Excel shows
 * them, from the reader's snapshot) and the parts of the package the rules look at (table parts,
 * drawings, hyperlinks, conditional formats, the colours of cells). Built by read.ts; the rules
 * (rules.ts) are pure functions of it, so each can be tested on a model as well as on a file.
 *
 * Rows and columns are zero-based, areas inclusive (as in the snapshot and core/a1.ts).
 */
import type { Area } from "../../core/a1";
import type { SnapshotValue } from "../../sources/snapshot";

/** An Excel table (a table part, `xl/tables/tableN.xml`) on a worksheet. */
export interface TableModel {
  readonly name: string;
  /** The whole table, header and totals rows included. */
  readonly area: Area;
  readonly headerRowCount: number;
  readonly totalsRowCount: number;
}

/** A chart, picture, shape or group of a drawing, with its alternative text. */
export interface DrawnObject {
  readonly kind: "chart" | "picture" | "shape" | "group" | "graphic";
  /** The object's name (xdr:cNvPr name), as the Selection pane shows it. */
  readonly name: string;
  /** Its alternative text (xdr:cNvPr descr), trimmed; "" when there is none. */
  readonly altText: string;
  /** Marked decorative in Excel (needs no alt text). */
  readonly decorative: boolean;
  /** The cell its top-left corner is anchored to, when the anchor gives one. */
  readonly anchor?: { readonly row: number; readonly col: number };
}

/** A hyperlink on a cell: to a place in the workbook, or to an address outside it. */
export interface HyperlinkModel {
  readonly row: number;
  readonly col: number;
  /** The address outside the workbook (the relationship's target), if any. */
  readonly url?: string;
  /** The place in the workbook ("'Notes'!A1"), if any. */
  readonly location?: string;
  /** The `display` attribute, the text shown when the cell is empty. */
  readonly display?: string;
  /** Made with the HYPERLINK function rather than Insert > Link. */
  readonly formula: boolean;
}

/** A conditional format that changes how cells look. */
export interface ConditionalFormatModel {
  /** The areas the format applies to (its sqref). */
  readonly areas: readonly Area[];
  /** The sqref as written ("E11:E29 G11"). */
  readonly sqref: string;
  /** What it does, in words: "a colour scale", "a fill or font colour when the rule is met". */
  readonly effect: string;
}

/** One worksheet or chart sheet. */
export interface SheetModel {
  readonly name: string;
  readonly kind: "worksheet" | "chartsheet";
  readonly hidden: boolean;
  /** Row-major values from A1 (ragged; missing = null). Empty for a chart sheet. */
  readonly cells: readonly (readonly SnapshotValue[])[];
  readonly merges: readonly Area[];
  readonly tables: readonly TableModel[];
  readonly drawn: readonly DrawnObject[];
  readonly hyperlinks: readonly HyperlinkModel[];
  readonly conditionalFormats: readonly ConditionalFormatModel[];
  /**
   * The cells whose own style gives them a fill or font colour other than the default, as
   * "row,col" → a key naming the colours (equal keys, equal colours).
   */
  readonly colours: ReadonlyMap<string, string>;
  /**
   * Cells whose number format colours some values without showing them differently otherwise
   * ("#,##0;[Red]#,##0": negatives in red with no minus sign), "row,col" → the format code.
   */
  readonly colourOnlyFormats: ReadonlyMap<string, string>;
}

/** The workbook as the rules see it. */
export interface WorkbookModel {
  readonly sheets: readonly SheetModel[];
}

/** The "row,col" key of a cell, as the maps above use. */
export function cellKey(row: number, col: number): string {
  return `${row},${col}`;
}

/** A cell's value, or null past the ragged end of its row. */
export function valueAt(sheet: Pick<SheetModel, "cells">, row: number, col: number): SnapshotValue {
  return sheet.cells[row]?.[col] ?? null;
}

/** A cell's value as text, trimmed ("" for an empty cell). */
export function textAt(sheet: Pick<SheetModel, "cells">, row: number, col: number): string {
  const v = valueAt(sheet, row, col);
  return v === null ? "" : String(v).trim();
}

/** Whether a cell is empty (no value, or only spaces). */
export function isBlank(v: SnapshotValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}
