/**
 * Tables laid on the grid: one Excel Table per block of data, with one header row whose texts
 * carry their units ("Budget (£)"), one row per record and an optional totals row. A column says
 * how to make each of its cells from a record and the references in its row; the layout returned
 * gives the references into the table that other blocks' formulas use.
 */

import { InternalError } from "../core/errors";
import { moneyCell, sumCell, textCell } from "./cells";
import type { CellAt, SheetBuilder } from "./sheet-builder";
import { a1, quoteSheet, type CellSpec } from "./spec";

/** What a cell function can refer to in its own row. */
export interface RowContext {
  /** 0-based index of the data row in the table. */
  readonly index: number;
  /** 0-based sheet row. */
  readonly row: number;
  /** Relative A1 of another column in this row: ref("budget") → "C6". */
  ref(key: string): string;
}

/** What a totals cell function can refer to. */
export interface TotalContext {
  readonly row: number;
  /** Relative range of a column's data cells: "C6:C20". */
  range(key: string): string;
  /** Relative A1 of another column in the totals row. */
  ref(key: string): string;
}

/** One column of a table: its header (with units) and how to make each cell. */
export interface Column<R> {
  readonly key: string;
  readonly header: string;
  cell(record: R, ctx: RowContext): CellSpec;
  /** The totals-row cell; omitted or null leaves it empty. */
  total?(ctx: TotalContext): CellSpec | null;
}

/** A table to lay on a sheet: its name, alt text, columns, one record per data row, and whether it has a totals row. */
export interface TableInput<R> {
  readonly name: string;
  readonly altText: string;
  readonly columns: readonly Column<R>[];
  readonly rows: readonly R[];
  readonly totals?: boolean;
}

/** Where a table landed, and references into it. */
export interface TableLayout {
  readonly name: string;
  readonly headerRow: number;
  readonly firstRow: number;
  readonly lastRow: number;
  readonly totalsRow: number | undefined;
  readonly rowCount: number;
  col(key: string): number;
  /** Cell of a column in data row i (0-based). */
  cell(key: string, i: number): CellAt;
  /** Cell of a column in the totals row. */
  total(key: string): CellAt;
  /** Absolute range of a column's data cells on this sheet: "$C$6:$C$20". */
  range(key: string): string;
  /** Sheet-qualified absolute range: "'HNB monitoring'!$C$6:$C$20". */
  xrange(key: string): string;
  /** Absolute range of the header row: "$A$5:$F$5". */
  headerRange(): string;
}

/**
 * Lay a table at the cursor: header row, one row per record, optional totals row. The header texts
 * must be unique and non-empty (Excel requires it; a duplicate is a programming error). A table
 * needs at least one data row: an empty table is refused (callers leave it out instead).
 */
export function layTable<R>(sheet: SheetBuilder, input: TableInput<R>, startRow?: number): TableLayout {
  const { columns, rows } = input;
  if (rows.length === 0) throw new InternalError(`Table ${input.name} has no rows`);
  const seen = new Set<string>();
  for (const column of columns) {
    const header = column.header.trim().toLowerCase();
    if (!header || seen.has(header))
      throw new InternalError(`Table ${input.name}: header "${column.header}" empty or repeated`);
    seen.add(header);
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(input.name)) throw new InternalError(`Bad table name ${input.name}`);

  const colIndex = new Map<string, number>();
  columns.forEach((c, i) => colIndex.set(c.key, i));
  const col = (key: string): number => {
    const index = colIndex.get(key);
    if (index === undefined) throw new InternalError(`Table ${input.name} has no column "${key}"`);
    return index;
  };

  const headerRow = startRow ?? sheet.cursor;
  columns.forEach((c, i) => sheet.put(headerRow, i, textCell(c.header, "header")));
  const firstRow = headerRow + 1;
  rows.forEach((record, index) => {
    const row = firstRow + index;
    const ctx: RowContext = { index, row, ref: (key) => a1(row, col(key)) };
    columns.forEach((c, i) => sheet.put(row, i, c.cell(record, ctx)));
  });
  const lastRow = firstRow + rows.length - 1;
  let totalsRow: number | undefined;
  if (input.totals) {
    const row = lastRow + 1;
    totalsRow = row;
    const ctx: TotalContext = {
      row,
      range: (key) => `${a1(firstRow, col(key))}:${a1(lastRow, col(key))}`,
      ref: (key) => a1(row, col(key)),
    };
    columns.forEach((c, i) => {
      const cell = c.total?.(ctx);
      if (cell)
        sheet.put(row, i, { ...cell, style: cell.style === "body" || !cell.style ? "total" : cell.style });
    });
  }
  sheet.cursor = Math.max(sheet.cursor, (totalsRow ?? lastRow) + 1);
  sheet.addTable({
    name: input.name,
    headerRow,
    firstCol: 0,
    columnCount: columns.length,
    dataRowCount: rows.length,
    totalsRow: Boolean(input.totals),
    altText: input.altText,
  });
  const range = (key: string): string => `${a1(firstRow, col(key), true)}:${a1(lastRow, col(key), true)}`;
  return {
    name: input.name,
    headerRow,
    firstRow,
    lastRow,
    totalsRow,
    rowCount: rows.length,
    col,
    cell: (key, i) => sheet.at(firstRow + i, col(key)),
    total: (key) => {
      if (totalsRow === undefined) throw new InternalError(`Table ${input.name} has no totals row`);
      return sheet.at(totalsRow, col(key));
    },
    range,
    xrange: (key) => `${quoteSheet(sheet.name)}!${range(key)}`,
    headerRange: () => `${a1(headerRow, 0, true)}:${a1(headerRow, columns.length - 1, true)}`,
  };
}

/** A money column read from the source, whose total is the SUM of the column (the common case). */
export function summedMoneyColumn<R>(
  key: string,
  header: string,
  value: (record: R) => number,
  rows: readonly R[],
): Column<R> {
  return {
    key,
    header,
    cell: (r) => moneyCell(value(r)),
    total: (t) => sumCell(t.range(key), rows.map(value)),
  };
}
