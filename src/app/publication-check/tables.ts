/**
 * The tables of a sheet as the publication rules see them: every Excel table (a table part), and
 * every block of cells outside them that is laid out as a table but not marked as one.
 *
 * An unmarked table is found by one definition, kept simple so a user can predict it: it starts
 * at a row holding numbers in at least two columns (outside every table part) and runs on through
 * the rows below that hold something in at least two columns, one of them a number or three of
 * them text (a register row with a missing amount stays in its table), allowing one blank row
 * between such rows. Two rows or more make a table; the nearest row above holding text in at
 * least two cells is its header (one blank row between them allowed). A label-and-value list (one
 * number a row, as on a cover sheet) is not a table by this definition.
 */
import type { Area } from "../../core/a1";
import { isBlank, valueAt, type SheetModel } from "./model";

/** A table, marked or not, with where its header and data are. */
export interface TableRegion {
  /** The table part's name, or undefined for a block not marked as a table. */
  readonly name?: string;
  readonly area: Area;
  /** The header row (the last, when a table part declares several), if it has one. */
  readonly headerRow?: number;
  /** The data rows, inclusive (a totals row left out). */
  readonly firstDataRow: number;
  readonly lastDataRow: number;
  /** Blank rows found between the header and the data or inside the data (unmarked blocks). */
  readonly blankRows: readonly number[];
}

/** Whether a cell lies inside an area. */
export function inArea(area: Area, row: number, col: number): boolean {
  return row >= area.top && row <= area.bottom && col >= area.left && col <= area.right;
}

/** The table parts of a sheet as regions. */
function markedRegions(sheet: SheetModel): TableRegion[] {
  return sheet.tables.map((t) => {
    const headerRow = t.headerRowCount > 0 ? t.area.top + t.headerRowCount - 1 : undefined;
    return {
      name: t.name,
      area: t.area,
      ...(headerRow !== undefined ? { headerRow } : {}),
      firstDataRow: t.area.top + t.headerRowCount,
      lastDataRow: t.area.bottom - t.totalsRowCount,
      blankRows: [],
    };
  });
}

interface RowShape {
  readonly numbers: number[];
  readonly texts: number[];
  readonly empty: boolean;
}

/** The blocks laid out as tables outside the sheet's table parts (see the module comment). */
function unmarkedRegions(sheet: SheetModel): TableRegion[] {
  const inPart = (row: number, col: number) => sheet.tables.some((t) => inArea(t.area, row, col));
  const shapes: RowShape[] = sheet.cells.map((cells, row) => {
    const numbers: number[] = [];
    const texts: number[] = [];
    cells.forEach((v, col) => {
      if (isBlank(v) || inPart(row, col)) return;
      if (typeof v === "number") numbers.push(col);
      else if (typeof v === "string") texts.push(col);
    });
    return { numbers, texts, empty: numbers.length === 0 && texts.length === 0 };
  });
  const shape = (row: number): RowShape | undefined => shapes[row];
  const isData = (row: number) => (shape(row)?.numbers.length ?? 0) >= 2;
  const continues = (row: number) => {
    const r = shape(row);
    if (!r) return false;
    const filled = r.numbers.length + r.texts.length;
    return filled >= 2 && (r.numbers.length >= 1 || r.texts.length >= 3);
  };
  const isEmpty = (row: number) => shape(row)?.empty ?? true;
  const regions: TableRegion[] = [];
  let row = 0;
  while (row < shapes.length) {
    if (!isData(row)) {
      row++;
      continue;
    }
    const first = row;
    const blankRows: number[] = [];
    let last = row;
    let dataRows = 1;
    for (;;) {
      if (continues(last + 1)) {
        last++;
        dataRows++;
      } else if (isEmpty(last + 1) && last + 2 < shapes.length && continues(last + 2)) {
        blankRows.push(last + 1);
        last += 2;
        dataRows++;
      } else break;
    }
    row = last + 1;
    // Rows above the first with numbers in two columns can be data too (a register's first row
    // with an amount missing): the block reaches up through rows that would continue it, and its
    // top row is the header when it holds only text.
    let start = first;
    while (start - 1 >= 0 && continues(start - 1) && !regions.some((r) => r.area.bottom >= start - 1))
      start--;
    let headerRow: number | undefined;
    if (start < first && shapes[start].numbers.length === 0) headerRow = start;
    else start = first;
    dataRows += first - start - (headerRow !== undefined ? 1 : 0);
    if (dataRows < 2) continue;
    const headerBlank: number[] = [];
    if (headerRow === undefined) {
      if ((shape(start - 1)?.texts.length ?? 0) >= 2) headerRow = start - 1;
      else if (isEmpty(start - 1) && (shape(start - 2)?.texts.length ?? 0) >= 2) {
        headerRow = start - 2;
        headerBlank.push(start - 1);
      }
    }
    const top = headerRow ?? start;
    let left = Infinity;
    let right = -Infinity;
    for (let r = top; r <= last; r++)
      for (const c of [...shapes[r].numbers, ...shapes[r].texts]) {
        left = Math.min(left, c);
        right = Math.max(right, c);
      }
    regions.push({
      area: { top, left, bottom: last, right },
      ...(headerRow !== undefined ? { headerRow } : {}),
      firstDataRow: headerRow !== undefined && headerRow >= start ? headerRow + 1 : start,
      lastDataRow: last,
      blankRows: [...headerBlank, ...blankRows],
    });
  }
  return regions;
}

/** Every table region of a worksheet: its table parts, then the unmarked blocks. */
export function tableRegions(sheet: SheetModel): { marked: TableRegion[]; unmarked: TableRegion[] } {
  return { marked: markedRegions(sheet), unmarked: unmarkedRegions(sheet) };
}

/**
 * The columns of a region that hold numbers: at least one number in its data rows, and numbers
 * in at least half of the cells that hold anything there. `skipRow` leaves one row out.
 */
export function numericColumns(sheet: SheetModel, region: TableRegion, skipRow?: number): Set<number> {
  const out = new Set<number>();
  for (let col = region.area.left; col <= region.area.right; col++) {
    let numbers = 0;
    let filled = 0;
    for (let row = region.firstDataRow; row <= region.lastDataRow; row++) {
      if (row === skipRow) continue;
      const v = valueAt(sheet, row, col);
      if (isBlank(v)) continue;
      filled++;
      if (typeof v === "number") numbers++;
    }
    if (numbers >= 1 && numbers * 2 >= filled) out.add(col);
  }
  return out;
}
