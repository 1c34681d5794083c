/**
 * What changed since the last Forum: given the key figures stored in the last meeting's papers
 * (their Snapshot sheet, read by app/previous.ts), each paper gets a movement table after its own
 * blocks (figure, last meeting, now, change, and a reason column left blank for the author), and
 * the cover lists the three largest movements. build.ts appends both, so no builder changes.
 *
 * "Now" reads the paper's own cell and "change" is a native formula (now less last meeting), so a
 * figure the author corrects in Excel moves its row too. A figure the last papers did not have
 * shows "[x]" as last meeting and change.
 */

import { formatUkDate } from "../core/dates";
import { formulaCell, numberCell, textCell } from "./cells";
import { PAPERS, type PaperId } from "./registry";
import type { KeyFigure } from "./snapshot-sheet";
import { a1, quoteSheet, type CellSpec, type SheetSpec, type TableSpec } from "./spec";
import { Shorthand } from "./text";

/** One figure as the last meeting's papers stored it. */
export interface PreviousFigure {
  /** The paper's sheet name ("HNB monitoring"). */
  readonly paper: string;
  readonly figure: string;
  readonly value: number;
}

/** The key figures of the last meeting's papers (app/previous.ts reads them from the file). */
export interface PreviousFigures {
  /** The file they were read from, for the movement tables' heading. */
  readonly source: string;
  /** When those papers were built (Excel serial), if the snapshot says. */
  readonly builtAt?: number;
  readonly figures: readonly PreviousFigure[];
}

/** One row of a paper's movement table, for the cover. */
export interface Movement {
  readonly paper: string;
  readonly figure: string;
  /** Now less last meeting; undefined when the last papers did not have the figure. */
  readonly change: number | undefined;
  /** Sheet-qualified absolute reference to the change cell. */
  readonly changeRef: string;
  readonly numFmt: string;
}

const HEADERS = ["Figure", "Last meeting", "Now", "Change (now less last meeting)", "Reason"] as const;

function key(paper: string, figure: string): string {
  return `${paper.trim().toLowerCase()}\u0000${figure.trim().toLowerCase()}`;
}

/** The last meeting's figures by paper and figure (the first of any repeated pair). */
export function previousIndex(previous: PreviousFigures): Map<string, number> {
  const index = new Map<string, number>();
  for (const f of previous.figures)
    if (!index.has(key(f.paper, f.figure))) index.set(key(f.paper, f.figure), f.value);
  return index;
}

/**
 * The paper's sheet with its movement table appended after its last row: a heading naming the
 * last meeting's file, then one row per key figure, marked as an Excel table with alt text.
 *
 * @returns the sheet (unchanged when the paper has no key figures) and its rows for the cover
 */
export function withMovements(
  spec: SheetSpec,
  id: PaperId,
  figures: readonly KeyFigure[],
  previous: PreviousFigures,
  index: ReadonlyMap<string, number> = previousIndex(previous),
): { sheet: SheetSpec; movements: Movement[] } {
  if (figures.length === 0) return { sheet: spec, movements: [] };
  const cells: (CellSpec | null)[][] = spec.cells.map((row) => [...row]);
  // Below the last row and below any chart, so the table is never hidden behind one.
  const heading = Math.max(cells.length, ...spec.charts.map((c) => c.anchor.toRow + 1));
  while (cells.length < heading) cells.push([]);
  const built = previous.builtAt !== undefined ? `, built ${formatUkDate(Math.floor(previous.builtAt))}` : "";
  cells.push([textCell(`Movements since the last meeting (against ${previous.source}${built})`, "label")]);
  const header = heading + 1;
  cells.push(HEADERS.map((h) => textCell(h, "header")));
  const movements: Movement[] = figures.map((f, i) => {
    const row = header + 1 + i;
    const last = index.get(key(f.paper, f.figure));
    const lastRef = a1(row, 1);
    const nowRef = a1(row, 2);
    const change = last === undefined ? undefined : f.value - last;
    cells.push([
      textCell(f.figure),
      last === undefined ? textCell(Shorthand.notAvailable) : numberCell(last, f.numFmt),
      formulaCell(f.ref, f.value, f.numFmt),
      formulaCell(
        `IF(${lastRef}="${Shorthand.notAvailable}","${Shorthand.notAvailable}",${nowRef}-${lastRef})`,
        change ?? Shorthand.notAvailable,
        f.numFmt,
      ),
      // Left for the author: an input cell, blank.
      { value: null, style: "input" },
    ]);
    return {
      paper: f.paper,
      figure: f.figure,
      change,
      changeRef: `${quoteSheet(spec.name)}!${a1(row, 3, true)}`,
      numFmt: f.numFmt,
    };
  });
  const table: TableSpec = {
    name: `${PAPERS[id].checkPrefix}Movements`,
    headerRow: header,
    firstCol: 0,
    columnCount: HEADERS.length,
    dataRowCount: figures.length,
    totalsRow: false,
    altText: `Each key figure of this paper at the last meeting and now, the change (now less last meeting) and a reason column for the author to explain it.`,
  };
  const widths = [...spec.columnWidths];
  while (widths.length < HEADERS.length) widths.push(14);
  return {
    sheet: { ...spec, cells, tables: [...spec.tables, table], columnWidths: widths },
    movements,
  };
}

/** The three largest movements by size (figures the last papers lacked are left out), largest first. */
export function largestMovements(movements: readonly Movement[], count = 3): Movement[] {
  return movements
    .filter((m) => m.change !== undefined && m.change !== 0)
    .sort((a, b) => Math.abs(b.change ?? 0) - Math.abs(a.change ?? 0))
    .slice(0, count);
}

/**
 * The cover with its list of the largest movements appended: a label row naming the last
 * meeting's file, then each movement's paper and figure and its change (a formula reading the
 * paper's change cell), or one line saying no key figure changed.
 */
export function withLargestMovements(
  cover: SheetSpec,
  movements: readonly Movement[],
  previous: PreviousFigures,
): SheetSpec {
  const cells: (CellSpec | null)[][] = cover.cells.map((row) => [...row]);
  const largest = largestMovements(movements);
  cells.push([
    textCell("Largest movements since the last meeting", "label"),
    textCell(
      largest.length === 0
        ? `No key figure changed since the papers in ${previous.source}`
        : `Compared with the papers in ${previous.source}; each paper ends with its movement table`,
    ),
  ]);
  largest.forEach((m, i) =>
    cells.push([
      textCell(`Movement ${i + 1}`, "label"),
      textCell(`${m.paper}: ${m.figure}`),
      formulaCell(m.changeRef, m.change ?? 0, m.numFmt),
    ]),
  );
  return { ...cover, cells };
}
