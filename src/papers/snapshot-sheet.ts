/**
 * The papers' key figures, declared once per paper, and the hidden Snapshot sheet that stores
 * them in every papers workbook (paper, figure, value, source, built at), so that the next
 * meeting's build can say what moved (movements.ts, app/previous.ts).
 *
 * A key figure is found on its paper's built sheet by where the paper already shows it: the
 * totals row of one of its tables (by the column's header), or the value beside a label in
 * column A. Finding it on the sheet, rather than asking each builder, keeps the builders as they
 * are; a figure a paper no longer shows is simply not found, and a test builds the sample and
 * requires every declared figure to be there.
 */

import { InternalError } from "../core/errors";
import { dateCell, formulaCell, textCell } from "./cells";
import type { PaperId } from "./registry";
import { SheetBuilder } from "./sheet-builder";
import { NumFmt, a1, quoteSheet, type SheetSpec } from "./spec";

/** Name of the hidden sheet holding the key figures, and of its table. */
export const SNAPSHOT_SHEET = "Snapshot";
export const SNAPSHOT_TABLE = "KeyFiguresSnapshot";
/** The snapshot table's headers, in order (app/previous.ts reads them back by these words). */
export const SNAPSHOT_HEADERS = ["Paper", "Figure", "Value", "Source", "Built at"] as const;

/** Where a paper shows a key figure. */
type FigurePlace =
  /** The totals row of the table `table`, in the column headed `column`. */
  | { readonly table: string; readonly column: string }
  /** Column B beside the column-A label that is (or, with `prefix`, starts with) `label`. */
  | { readonly label: string; readonly prefix?: boolean }
  /**
   * Every data row of the table `table`, in the column headed `column`, each named by its cell
   * in the column headed `rowLabel` ("Place funding – special: annual budget"): so a change to
   * one budget line moves that line's row, not only the totals.
   */
  | { readonly table: string; readonly column: string; readonly rowLabel: string };

/** One declared key figure: its name in the snapshot and the movement table, and where it is. */
interface FigureRow {
  readonly figure: string;
  readonly at: FigurePlace;
}

/**
 * Each paper's key figures: the totals and key results it already shows (its headline figures).
 * The names are what the snapshot stores, so a renamed figure starts afresh at the next meeting.
 */
export const KEY_FIGURES: { readonly [Id in PaperId]: readonly FigureRow[] } = {
  "hnb-monitoring": [
    {
      figure: "annual budget",
      at: { table: "HNBMonitoring", column: "Annual budget (£)", rowLabel: "Budget line" },
    },
    {
      figure: "forecast outturn",
      at: { table: "HNBMonitoring", column: "Forecast outturn (£)", rowLabel: "Budget line" },
    },
    { figure: "Total annual budget", at: { table: "HNBMonitoring", column: "Annual budget (£)" } },
    { figure: "Total forecast outturn", at: { table: "HNBMonitoring", column: "Forecast outturn (£)" } },
    { figure: "Total variance", at: { table: "HNBMonitoring", column: "Variance (£)" } },
  ],
  "dsg-summary": [
    { figure: "Total DfE allocation", at: { table: "DSGSummary", column: "DfE allocation (£)" } },
    { figure: "Total current budget", at: { table: "DSGSummary", column: "Current budget (£)" } },
    { figure: "Total forecast outturn", at: { table: "DSGSummary", column: "Forecast outturn (£)" } },
    { figure: "DSG reserve brought forward", at: { label: "DSG reserve brought forward", prefix: true } },
    { figure: "In-year surplus/(deficit)", at: { label: "In-year surplus/(deficit)" } },
    { figure: "DSG reserve carried forward", at: { label: "DSG reserve carried forward", prefix: true } },
  ],
  "deficit-plan": [
    { figure: "Peak cumulative deficit, mitigated", at: { label: "Peak cumulative deficit, mitigated (£)" } },
    {
      figure: "Peak cumulative deficit, unmitigated",
      at: { label: "Peak cumulative deficit, unmitigated (£)" },
    },
    {
      figure: "Mitigated balance at the end of the plan",
      at: { label: "Mitigated cumulative balance at the end of", prefix: true },
    },
    {
      figure: "Unmitigated balance at the end of the plan",
      at: { label: "Unmitigated cumulative balance at the end of", prefix: true },
    },
    {
      figure: "Savings delivered over the plan",
      at: { label: "Savings delivered over the plan", prefix: true },
    },
  ],
  "transfer-impact": [
    { figure: "Base for the percentage", at: { label: "Base for the percentage (£)" } },
    { figure: "Transfer percentage", at: { label: "Transfer percentage", prefix: true } },
    { figure: "Transfer", at: { label: "Transfer (£)" } },
    { figure: "Most the schools can give", at: { label: "Most the schools can give", prefix: true } },
  ],
  "banding-review": [
    { figure: "Current annual cost", at: { table: "BandingReview", column: "Current annual cost (£)" } },
    { figure: "Proposed annual cost", at: { table: "BandingReview", column: "Proposed annual cost (£)" } },
    { figure: "Net cost of the proposal", at: { table: "BandingReview", column: "Difference (£)" } },
    { figure: "Placements costed", at: { table: "BandingBySetting", column: "Placements" } },
  ],
  "placement-summary": [
    { figure: "Open placements", at: { table: "PlacementSummary", column: "Placements" } },
    { figure: "Annual cost", at: { table: "PlacementSummary", column: "Annual cost (£)" } },
  ],
};

/** A key figure as found on its built paper. */
export interface KeyFigure {
  readonly paperId: PaperId;
  /** The paper's sheet name (what the snapshot stores as the paper). */
  readonly paper: string;
  readonly figure: string;
  readonly value: number;
  readonly numFmt: string;
  readonly row: number;
  readonly col: number;
  /** Relative A1 on the paper: "C30". */
  readonly ref: string;
  /** Absolute and sheet-qualified: "'HNB monitoring'!$C$30". */
  readonly xref: string;
}

/** Zero-based column of the header `text` in a table, or undefined. */
function tableColumn(spec: SheetSpec, table: SheetSpec["tables"][number], text: string): number | undefined {
  const header = spec.cells[table.headerRow] ?? [];
  for (let c = table.firstCol; c < table.firstCol + table.columnCount; c++)
    if (header[c]?.value === text) return c;
  return undefined;
}

/**
 * Where a declared figure is on a built sheet: one place for a total or a labelled value, one a
 * data row (with the row's name) for a per-row figure; none when the sheet does not show it.
 */
function locateAll(spec: SheetSpec, at: FigurePlace): { row: number; col: number; name?: string }[] {
  if (!("rowLabel" in at)) {
    const place = locate(spec, at);
    return place ? [place] : [];
  }
  const table = spec.tables.find((t) => t.name === at.table);
  if (!table) return [];
  const col = tableColumn(spec, table, at.column);
  const labelCol = tableColumn(spec, table, at.rowLabel);
  if (col === undefined || labelCol === undefined) return [];
  const out: { row: number; col: number; name: string }[] = [];
  for (let row = table.headerRow + 1; row <= table.headerRow + table.dataRowCount; row++) {
    const name = spec.cells[row]?.[labelCol]?.value;
    if (typeof name === "string" && name.trim() !== "") out.push({ row, col, name: name.trim() });
  }
  return out;
}

/** Zero-based row and column of a declared total or labelled figure on a built sheet, or undefined. */
function locate(
  spec: SheetSpec,
  at: Exclude<FigurePlace, { rowLabel: string }>,
): { row: number; col: number } | undefined {
  if ("table" in at) {
    const table = spec.tables.find((t) => t.name === at.table);
    if (!table || !table.totalsRow) return undefined;
    const header = spec.cells[table.headerRow] ?? [];
    for (let c = table.firstCol; c < table.firstCol + table.columnCount; c++) {
      if (header[c]?.value === at.column) return { row: table.headerRow + table.dataRowCount + 1, col: c };
    }
    return undefined;
  }
  const row = spec.cells.findIndex((cells) => {
    const label = cells[0]?.value;
    return typeof label === "string" && (at.prefix ? label.startsWith(at.label) : label === at.label);
  });
  return row === -1 ? undefined : { row, col: 1 };
}

/**
 * The key figures of one built paper that it shows as numbers, in declared order. A figure shown
 * as text (a suppressed count "[c]", "[z]") or not found is left out.
 */
export function keyFigures(id: PaperId, spec: SheetSpec): KeyFigure[] {
  const out: KeyFigure[] = [];
  for (const declared of KEY_FIGURES[id]) {
    for (const place of locateAll(spec, declared.at)) {
      const cell = spec.cells[place.row]?.[place.col];
      if (!cell || typeof cell.value !== "number") continue;
      out.push({
        paperId: id,
        paper: spec.name,
        figure: place.name === undefined ? declared.figure : `${place.name}: ${declared.figure}`,
        value: cell.value,
        numFmt: cell.numFmt ?? NumFmt.pounds,
        row: place.row,
        col: place.col,
        ref: a1(place.row, place.col),
        xref: `${quoteSheet(spec.name)}!${a1(place.row, place.col, true)}`,
      });
    }
  }
  return out;
}

/** Date and time, for the built-at column. */
const DATE_TIME = "dd/mm/yyyy hh:mm";

/**
 * The hidden Snapshot sheet: a title, a line saying what it is for, and one table row per key
 * figure. Each value is a formula reading the paper's own cell, so a figure the author changes in
 * Excel before the meeting is stored as shown when the file is saved.
 *
 * @param figures every built paper's key figures, in sheet order
 * @param builtAt when the papers were built (an Excel serial with the time), if known
 */
export function buildSnapshotSheet(figures: readonly KeyFigure[], builtAt: number | undefined): SheetSpec {
  const sheet = new SheetBuilder(SNAPSHOT_SHEET, "snapshot", "snapshot", "Snapshot of the key figures");
  sheet.put(sheet.nextRow(), 0, textCell("Snapshot of the key figures", "title"));
  sheet.put(
    sheet.nextRow(),
    0,
    textCell(
      "This hidden sheet holds each paper's key figures as built, so that the papers for the next meeting can show what changed since this one (forum-papers build --previous).",
      "subtitle",
    ),
  );
  if (figures.length === 0) throw new InternalError("A snapshot needs at least one key figure");
  const header = sheet.nextRow();
  SNAPSHOT_HEADERS.forEach((h, i) => sheet.put(header, i, textCell(h, "header")));
  for (const f of figures) {
    const row = sheet.nextRow();
    sheet.put(row, 0, textCell(f.paper));
    sheet.put(row, 1, textCell(f.figure));
    sheet.put(row, 2, formulaCell(f.xref, f.value, f.numFmt));
    sheet.put(row, 3, textCell(f.xref));
    sheet.put(row, 4, builtAt === undefined ? textCell("[x]") : { ...dateCell(builtAt), numFmt: DATE_TIME });
  }
  sheet.addTable({
    name: SNAPSHOT_TABLE,
    headerRow: header,
    firstCol: 0,
    columnCount: SNAPSHOT_HEADERS.length,
    dataRowCount: figures.length,
    totalsRow: false,
    altText:
      "Each paper's key figures as built: the paper, the figure, its value, the cell it comes from and when the papers were built.",
  });
  sheet.freezeAtHeader(header);
  return { ...sheet.toSpec(), hidden: true };
}
