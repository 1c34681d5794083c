/**
 * Test helpers: build WorkbookSnapshot objects from plain 2-D arrays, the way an adapter would
 * hand them to the source reader.
 */

import type { CellRange, SheetSnapshot, SnapshotValue, WorkbookSnapshot } from "../../src/sources/snapshot";

export interface SheetOptions {
  readonly hidden?: boolean;
  /** Column letters or zero-based indexes. */
  readonly hiddenColumns?: readonly (string | number)[];
  /** 1-based worksheet rows. */
  readonly hiddenRows?: readonly number[];
  /** A1-style ranges, e.g. "A1:H1". */
  readonly merges?: readonly string[];
  /** A1-style cell references shown as dates. */
  readonly dateCells?: readonly string[];
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function cellRef(ref: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/i.exec(ref);
  if (!m) throw new Error(`bad ref ${ref}`);
  return { row: Number(m[2]) - 1, col: colIndex(m[1]) };
}

/** A sheet from rows of values (undefined and "" read as given; undefined becomes null). */
export function sheet(
  name: string,
  rows: readonly (readonly (SnapshotValue | undefined)[])[],
  options: SheetOptions = {},
): SheetSnapshot {
  const merges: CellRange[] = (options.merges ?? []).map((r) => {
    const [a, b] = r.split(":");
    const tl = cellRef(a);
    const br = cellRef(b ?? a);
    return { top: tl.row, left: tl.col, bottom: br.row, right: br.col };
  });
  return {
    name,
    hidden: options.hidden ?? false,
    cells: rows.map((r) => r.map((v) => (v === undefined ? null : v))),
    hiddenColumns: (options.hiddenColumns ?? []).map((c) => (typeof c === "number" ? c : colIndex(c))),
    hiddenRows: (options.hiddenRows ?? []).map((r) => r - 1),
    merges,
    ...(options.dateCells
      ? {
          dateCells: new Set(
            options.dateCells.map((ref) => {
              const { row, col } = cellRef(ref);
              return `${row},${col}`;
            }),
          ),
        }
      : {}),
  };
}

export function workbook(sheets: readonly SheetSnapshot[], savedMapping?: string): WorkbookSnapshot {
  return { source: "test.xlsx", sheets, ...(savedMapping !== undefined ? { savedMapping } : {}) };
}

/** Excel serial for a date (UTC), e.g. serial(2025, 9, 1) === 45901. */
export function serial(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86400000);
}

/**
 * Columns numbered from 1 (A is 1, as a person or a generator numbers them) as the zero-based
 * columns a mapping holds inside the reader.
 */
export function zeroBased(columns: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(columns).map(([key, column]) => [key, column - 1]));
}
