/**
 * The sheet builder: one worksheet's {@link SheetSpec} written cell by cell, with its tables,
 * charts, frozen header and print set-up (landscape A4, one page wide, the header repeated on each
 * page, a footer), and column widths worked out from the cells. Nothing here talks to Excel.
 *
 * House layout rules the builder keeps (SPEC "Forum papers", STYLE.md government practice): no
 * merged cells (a spec cannot express one); no blank spacer columns or rows (blocks start in
 * column A and are separated by a bold heading row, which a screen reader announces).
 */

import { InternalError } from "../core/errors";
import {
  NumFmt,
  a1,
  quoteSheet,
  type CellSpec,
  type ChartSpec,
  type SheetKind,
  type SheetSpec,
  type TableSpec,
} from "./spec";

/** A cell position with its references, for formulas that point at it. */
export interface CellAt {
  readonly row: number;
  readonly col: number;
  /** Relative A1 on the same sheet: "C6". */
  readonly ref: string;
  /** Absolute A1 on the same sheet: "$C$6". */
  readonly abs: string;
  /** Absolute, sheet-qualified: "'HNB monitoring'!$C$6". */
  readonly xref: string;
}

/**
 * Builds one worksheet's {@link SheetSpec} row by row. `cursor` is the next free row; blocks write
 * from it and move it on. Writing a cell twice is a programming error and throws.
 */
export class SheetBuilder {
  cursor = 0;
  freezeRows = 0;
  repeatRows: { first: number; last: number } | undefined;
  private readonly grid: (CellSpec | null)[][] = [];
  private readonly tables: TableSpec[] = [];
  private readonly charts: ChartSpec[] = [];

  constructor(
    readonly name: string,
    readonly kind: SheetKind,
    readonly id: string,
    /** Footer text on every printed page (the adapter adds the page number). */
    readonly footer: string,
  ) {
    if (name.length === 0 || name.length > 31 || /[[\]:*?/\\]/.test(name)) {
      throw new InternalError(`Invalid worksheet name "${name}"`);
    }
  }

  /** Put a cell; throws if the cell is already written (two blocks overlapping is a bug). */
  put(row: number, col: number, cell: CellSpec): void {
    while (this.grid.length <= row) this.grid.push([]);
    const line = this.grid[row];
    while (line.length <= col) line.push(null);
    if (line[col] !== null) throw new InternalError(`${this.name}!${a1(row, col)} written twice`);
    line[col] = cell;
  }

  /** The cell at a position, or null. */
  get(row: number, col: number): CellSpec | null {
    return this.grid[row]?.[col] ?? null;
  }

  at(row: number, col: number): CellAt {
    return {
      row,
      col,
      ref: a1(row, col),
      abs: a1(row, col, true),
      xref: `${quoteSheet(this.name)}!${a1(row, col, true)}`,
    };
  }

  /** The next free row, and move the cursor past it. */
  nextRow(): number {
    return this.cursor++;
  }

  addTable(table: TableSpec): void {
    this.tables.push(table);
  }

  addChart(chart: ChartSpec): void {
    this.charts.push(chart);
  }

  /** Freeze the rows above and including the table header, and repeat the header on each page. */
  freezeAtHeader(headerRow: number): void {
    this.freezeRows = headerRow + 1;
    this.repeatRows = { first: headerRow, last: headerRow };
  }

  toSpec(): SheetSpec {
    return {
      name: this.name,
      kind: this.kind,
      id: this.id,
      cells: this.grid.map((row) => [...row]),
      tables: [...this.tables],
      charts: [...this.charts],
      columnWidths: columnWidths(this.grid, this.tables),
      print: {
        orientation: "landscape",
        paperSize: "A4",
        fitToWidth: 1,
        ...(this.repeatRows ? { repeatRows: this.repeatRows } : {}),
        footer: this.footer,
      },
      freezeRows: this.freezeRows,
    };
  }
}

/**
 * Column widths in characters from the cells' contents. Titles, subtitles and notes are left out:
 * they are one long line in column A that runs on across empty cells, and would otherwise make
 * column A absurdly wide. Cells outside tables (labels, check descriptions) count up to 40
 * characters only, so a long label does not widen a table's first column past reason. Header
 * cells wrap, so they count only their longest word: the data decides the width.
 */
function columnWidths(
  grid: readonly (readonly (CellSpec | null)[])[],
  tables: readonly TableSpec[],
): number[] {
  const widths: number[] = [];
  const inTable = (r: number, c: number): boolean =>
    tables.some(
      (t) =>
        r >= t.headerRow &&
        r <= t.headerRow + t.dataRowCount + (t.totalsRow ? 1 : 0) &&
        c >= t.firstCol &&
        c < t.firstCol + t.columnCount,
    );
  grid.forEach((row, r) => {
    row.forEach((cell, col) => {
      if (!cell || cell.style === "title" || cell.style === "subtitle" || cell.style === "note") return;
      let w: number;
      // Header cells wrap (the house style), so they need only their longest word to fit.
      if (cell.style === "header" && typeof cell.value === "string") {
        w = Math.max(12, ...cell.value.split(/\s+/).map((word) => word.length + 2));
      } else if (typeof cell.value === "string") w = cell.value.length + 2;
      else if (typeof cell.value === "number") w = cell.numFmt === NumFmt.date ? 12 : 14;
      else w = 8;
      // A long text that is the last thing in its row runs on into empty cells: do not widen for it.
      const last = row.slice(col + 1).every((c) => c === null);
      if (last && typeof cell.value === "string" && cell.style === "label") w = Math.min(w, 30);
      if (!inTable(r, col)) w = Math.min(w, 40);
      widths[col] = Math.max(widths[col] ?? 8, Math.min(w, 48));
    });
  });
  for (let i = 0; i < widths.length; i++) if (widths[i] === undefined) widths[i] = 8;
  return widths;
}
