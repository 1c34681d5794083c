/**
 * Reading built SheetSpecs in tests: cells by A1 address, tables as records keyed by header, and
 * every formula cell in a workbook.
 */

import type { PapersBuild } from "../../src/papers";
import type { CellSpec, SheetSpec, TableSpec } from "../../src/papers/spec";

export function sheet(build: PapersBuild, name: string): SheetSpec {
  const s = build.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}; have ${build.sheets.map((x) => x.name).join(", ")}`);
  return s;
}

export function parseA1(ref: string): { row: number; col: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  if (!m) throw new Error(`bad ref ${ref}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

export function cell(s: SheetSpec, ref: string): CellSpec | null {
  const { row, col } = parseA1(ref);
  return s.cells[row]?.[col] ?? null;
}

export function table(s: SheetSpec, name: string): TableSpec {
  const t = s.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name} on ${s.name}; have ${s.tables.map((x) => x.name).join(", ")}`);
  return t;
}

export function headers(s: SheetSpec, t: TableSpec): string[] {
  return Array.from({ length: t.columnCount }, (_, i) =>
    String(s.cells[t.headerRow]?.[t.firstCol + i]?.value ?? ""),
  );
}

export type Row = Record<string, CellSpec | null>;

/** The data rows of a table, each keyed by header text. */
export function rows(s: SheetSpec, name: string): Row[] {
  const t = table(s, name);
  const h = headers(s, t);
  return Array.from({ length: t.dataRowCount }, (_, i) => {
    const line = s.cells[t.headerRow + 1 + i] ?? [];
    return Object.fromEntries(h.map((header, j) => [header, line[t.firstCol + j] ?? null]));
  });
}

/** The totals row of a table, keyed by header text. */
export function totals(s: SheetSpec, name: string): Row {
  const t = table(s, name);
  if (!t.totalsRow) throw new Error(`${name} has no totals row`);
  const h = headers(s, t);
  const line = s.cells[t.headerRow + 1 + t.dataRowCount] ?? [];
  return Object.fromEntries(h.map((header, j) => [header, line[t.firstCol + j] ?? null]));
}

/** Values of one column of a table. */
export function column(s: SheetSpec, name: string, header: string): unknown[] {
  return rows(s, name).map((r) => {
    if (!(header in r)) throw new Error(`${name} has no column "${header}"`);
    return r[header]?.value ?? null;
  });
}

/** The value next to a label in column A (a key-value block). */
export function labelled(s: SheetSpec, label: string | RegExp): CellSpec {
  for (const line of s.cells) {
    const a = line[0];
    if (
      a &&
      typeof a.value === "string" &&
      (typeof label === "string" ? a.value === label : label.test(a.value))
    ) {
      const b = line[1];
      if (!b) throw new Error(`label ${label} has no value`);
      return b;
    }
  }
  throw new Error(`no label ${label} on ${s.name}`);
}

export interface FormulaAt {
  readonly sheet: SheetSpec;
  readonly row: number;
  readonly col: number;
  readonly cell: CellSpec & { formula: string };
}

export function formulaCells(sheets: readonly SheetSpec[]): FormulaAt[] {
  const out: FormulaAt[] = [];
  for (const s of sheets) {
    s.cells.forEach((line, row) =>
      line.forEach((c, col) => {
        if (c?.formula) out.push({ sheet: s, row, col, cell: c as CellSpec & { formula: string } });
      }),
    );
  }
  return out;
}

/** All text anywhere in the workbook (values, formulas, alt texts, chart titles). */
export function allText(sheets: readonly SheetSpec[]): string {
  const parts: string[] = [];
  for (const s of sheets) {
    for (const line of s.cells)
      for (const c of line) if (c) parts.push(String(c.value), c.formula ?? "", c.link ?? "");
    for (const t of s.tables) parts.push(t.altText);
    for (const ch of s.charts) parts.push(ch.altText, ch.title);
  }
  return parts.join("\n");
}
