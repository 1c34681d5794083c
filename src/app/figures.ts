/**
 * Explain any figure on a built paper: the figures a build wrote (by sheet, row label and column),
 * and for one of them its formula in words, the cells it reads, and, following those cells down
 * the chain, the rows of the council's workbook they came from (each paper table's "Source"
 * column, "HNB monitoring row 12").
 *
 * Pure (it reads SheetSpec and core's A1 and formula reading only), so it runs in the pane's own
 * chunk: the build hands over the paper sheets' cells as plain data ({@link figureSheets}) and the
 * pane explains from those.
 */

import { cellA1, columnLetters, parseArea, parseRef, type Area } from "../core/a1";
import { tokenize, type Token } from "../core/formula-tokens";
import type { SheetSpec } from "../papers/spec";

/** A cell of a built paper as the explain view needs it. */
export interface FigureCell {
  readonly value: string | number | boolean | null;
  /** Native formula without "=". */
  readonly formula?: string;
  readonly numFmt?: string;
}

/** A table on a built paper: zero-based header row and first column. */
export interface FigureTable {
  readonly headerRow: number;
  readonly firstCol: number;
  readonly columnCount: number;
  readonly dataRowCount: number;
  readonly totalsRow: boolean;
}

/** A built paper sheet: its cells and tables. */
export interface FigureSheet {
  readonly name: string;
  readonly cells: readonly (readonly (FigureCell | null)[])[];
  readonly tables: readonly FigureTable[];
}

/** The paper sheets of a build as plain data (the papers only: cover, notes and checks left out). */
export function figureSheets(sheets: readonly SheetSpec[]): FigureSheet[] {
  return sheets
    .filter((s) => s.kind === "paper")
    .map((s) => ({
      name: s.name,
      cells: s.cells.map((row) =>
        row.map((c) =>
          c === null
            ? null
            : {
                value: c.value,
                ...(c.formula ? { formula: c.formula } : {}),
                ...(c.numFmt ? { numFmt: c.numFmt } : {}),
              },
        ),
      ),
      tables: s.tables.map((t) => ({
        headerRow: t.headerRow,
        firstCol: t.firstCol,
        columnCount: t.columnCount,
        dataRowCount: t.dataRowCount,
        totalsRow: t.totalsRow,
      })),
    }));
}

// ---------------------------------------------------------------------------------------------
// Addresses

/** A cell of a built paper. */
export interface FigureRef {
  readonly sheet: string;
  /** Zero-based. */
  readonly row: number;
  readonly col: number;
}

/**
 * A typed address: "E12" (on `defaultSheet`), "HNB monitoring!E12", "'HNB monitoring'!$E$12".
 * Undefined when it is not one cell on one of the sheets.
 */
export function parseAddress(
  text: string,
  sheets: readonly FigureSheet[],
  defaultSheet: string | undefined,
): FigureRef | undefined {
  const ref = parseRef(text);
  if (!ref || ref.area.top !== ref.area.bottom || ref.area.left !== ref.area.right) return undefined;
  const named = (ref.sheet ?? defaultSheet ?? "").trim().toLowerCase();
  const sheet = sheets.find((s) => s.name.toLowerCase() === named);
  if (!sheet) return undefined;
  return { sheet: sheet.name, row: ref.area.top, col: ref.area.left };
}

// ---------------------------------------------------------------------------------------------
// Labels

function text(v: FigureCell | null | undefined): string {
  if (!v || v.value === null) return "";
  return typeof v.value === "string" ? v.value.trim() : "";
}

/** The table a cell is in (its header, data or totals rows), if any. */
function tableAt(sheet: FigureSheet, row: number, col: number): FigureTable | undefined {
  return sheet.tables.find(
    (t) =>
      row > t.headerRow &&
      row <= t.headerRow + t.dataRowCount + (t.totalsRow ? 1 : 0) &&
      col >= t.firstCol &&
      col < t.firstCol + t.columnCount,
  );
}

/** A row's label: the first text cell with a letter in it (within the row's table when it is in one). */
export function rowLabel(sheet: FigureSheet, row: number, col = 0): string {
  const t = tableAt(sheet, row, col);
  const cells = sheet.cells[row] ?? [];
  const from = t ? t.firstCol : 0;
  const to = t ? t.firstCol + t.columnCount : cells.length;
  // The first text with a word in it: a line's description rather than its code ("1.0.2").
  for (let c = from; c < to; c++) {
    const v = text(cells[c]);
    if (/[A-Za-z]/.test(v) && !cells[c]?.formula) return v;
  }
  return `Row ${row + 1}`;
}

/** A column's label: its table's header text, else its letter. */
export function columnLabel(sheet: FigureSheet, row: number, col: number): string {
  const t = tableAt(sheet, row, col);
  const header = t ? text(sheet.cells[t.headerRow]?.[col]) : "";
  return header || `Column ${columnLetters(col)}`;
}

/** A value as the paper shows it, near enough: £ with pence, a percentage, or a grouped number. */
export function valueText(cell: FigureCell | null | undefined): string {
  if (!cell || cell.value === null || cell.value === "") return "(empty)";
  const v = cell.value;
  if (typeof v !== "number") return String(v);
  const fmt = cell.numFmt ?? "";
  if (fmt.includes("%")) return `${(v * 100).toLocaleString("en-GB", { maximumFractionDigits: 2 })}%`;
  const pence = !Number.isInteger(v) && fmt.includes("£");
  const grouped = Math.abs(v).toLocaleString("en-GB", {
    minimumFractionDigits: pence ? 2 : 0,
    maximumFractionDigits: 2,
  });
  if (fmt.includes("£")) return v < 0 ? `(£${grouped})` : `£${grouped}`;
  return v < 0 ? `-${grouped}` : grouped;
}

// ---------------------------------------------------------------------------------------------
// The figures a picker offers

/** A figure on a built paper: a number in one of its tables. */
export interface FigureOption extends FigureRef {
  readonly rowLabel: string;
  readonly column: string;
  readonly address: string;
}

/** Every number in the tables of the built papers, by sheet, row and column. */
export function figureOptions(sheets: readonly FigureSheet[]): FigureOption[] {
  const out: FigureOption[] = [];
  for (const s of sheets) {
    for (const t of s.tables) {
      const last = t.headerRow + t.dataRowCount + (t.totalsRow ? 1 : 0);
      for (let r = t.headerRow + 1; r <= last; r++) {
        for (let c = t.firstCol; c < t.firstCol + t.columnCount; c++) {
          const cell = s.cells[r]?.[c];
          if (!cell || typeof cell.value !== "number") continue;
          out.push({
            sheet: s.name,
            row: r,
            col: c,
            rowLabel: rowLabel(s, r, c),
            column: columnLabel(s, r, c),
            address: cellA1(r, c),
          });
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Explaining one figure

/** A cell the figure's formula reads. */
export interface ReadCell extends FigureRef {
  /** "HNB monitoring!D12" (the sheet left out when it is the figure's own). */
  readonly address: string;
  /** "Place funding – maintained special schools, Forecast outturn £". */
  readonly label: string;
  readonly value: string;
}

/** A row of the council's workbook a figure came from. */
export interface SourceRow {
  readonly sheet: string;
  /** 1-based. */
  readonly row: number;
}

export interface FigureExplanation {
  readonly ref: FigureRef;
  /** "HNB monitoring!E12". */
  readonly address: string;
  readonly rowLabel: string;
  readonly column: string;
  readonly value: string;
  /** "=D12-C12", when the cell holds a formula. */
  readonly formula?: string;
  /** The formula in words, each reference named by its row and column. */
  readonly words?: string;
  /** The cells the formula reads directly (a range counts each cell), at most MAX_READS. */
  readonly reads: readonly ReadCell[];
  /** Cells read beyond MAX_READS. */
  readonly moreReads: number;
  /** The council's rows the figure came from, found down the chain, at most MAX_SOURCES. */
  readonly sources: readonly SourceRow[];
  readonly moreSources: number;
  /** Set when the figure is typed in (an input) or a constant rather than read from the council. */
  readonly note?: string;
}

export const MAX_READS = 40;
export const MAX_SOURCES = 60;
/** Cells visited following the chain (a total over a long table reads many). */
const MAX_VISITS = 5000;

/** A reference in a formula: one cell or a range, on a sheet (undefined: the formula's own). */
interface FormulaRefText extends Area {
  readonly text: string;
  readonly sheet?: string;
  /** Offsets of the reference in the formula text. */
  readonly start: number;
  readonly end: number;
}

/** The references in a formula, by the formula tokenizer (so text inside strings is never one). */
function formulaRefs(formula: string): FormulaRefText[] {
  let tokens: Token[];
  try {
    tokens = tokenize(formula);
  } catch {
    return [];
  }
  const out: FormulaRefText[] = [];
  for (const t of tokens) {
    if (t.kind !== "ref" || t.ref.spill) continue;
    const area = parseArea(t.ref.a1);
    if (!area) continue;
    out.push({
      text: t.text,
      ...(t.ref.sheet ? { sheet: t.ref.sheet } : {}),
      ...area,
      start: t.start,
      end: t.end,
    });
  }
  return out;
}

const FUNCTION_WORDS: Readonly<Record<string, string>> = {
  SUM: "the total of",
  SUMIFS: "the total, where the conditions hold, of",
  SUMPRODUCT: "the sum of the products of",
  ROUND: "rounded:",
  MAX: "the larger of",
  MIN: "the smaller of",
  ABS: "the size of",
  IF: "if",
  IFERROR: "unless it is an error,",
  AVERAGE: "the average of",
  COUNT: "how many numbers in",
  COUNTIF: "how many, where the condition holds, of",
  COUNTIFS: "how many, where the conditions hold, of",
};

/** Find a sheet by name, case-insensitively. */
function sheetNamed(sheets: readonly FigureSheet[], name: string): FigureSheet | undefined {
  return sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

/** Name a reference for the words version: "Forecast outturn £ for Place funding (D12)". */
function refWords(sheets: readonly FigureSheet[], own: FigureSheet, ref: FormulaRefText): string {
  const sheet = ref.sheet ? sheetNamed(sheets, ref.sheet) : own;
  const on = ref.sheet && sheet && sheet !== own ? ` on ${sheet.name}` : "";
  if (!sheet) return ref.text;
  if (ref.top === ref.bottom && ref.left === ref.right) {
    return `${columnLabel(sheet, ref.top, ref.left)} for ${rowLabel(sheet, ref.top, ref.left)}${on} (${ref.text})`;
  }
  if (ref.left === ref.right) {
    return `${columnLabel(sheet, ref.top, ref.left)}, ${rowLabel(sheet, ref.top, ref.left)} to ${rowLabel(sheet, ref.bottom, ref.left)}${on} (${ref.text})`;
  }
  return `the cells ${ref.text}${on}`;
}

/** A formula in words: each reference named, the common functions and operators said. */
export function formulaInWords(sheets: readonly FigureSheet[], own: FigureSheet, formula: string): string {
  let out = "";
  let at = 0;
  for (const r of formulaRefs(formula)) {
    out += operatorWords(formula.slice(at, r.start));
    out += refWords(sheets, own, r);
    at = r.end;
  }
  out += operatorWords(formula.slice(at));
  return out.replace(/\s+/g, " ").replace(/\(\s+/g, "(").replace(/\s+\)/g, ")").trim();
}

function operatorWords(part: string): string {
  return part
    .replace(/\b([A-Z][A-Z0-9.]*)\(/g, (_m, fn: string) => `${FUNCTION_WORDS[fn] ?? fn.toLowerCase()} (`)
    .replace(/<>/g, " is not ")
    .replace(/>=/g, " is at least ")
    .replace(/<=/g, " is at most ")
    .replace(/(?<![<>])=/g, " is ")
    .replace(/\+/g, " plus ")
    .replace(/-/g, " minus ")
    .replace(/\*/g, " × ")
    .replace(/\//g, " ÷ ")
    .replace(/,/g, ", ");
}

/** "HNB monitoring row 12" → the sheet and row; several may be given, separated by ";". */
function parseSourceText(value: string): SourceRow[] {
  const out: SourceRow[] = [];
  for (const part of value.split(";")) {
    const m = /^\s*(.+?) rows? (\d+)/.exec(part);
    if (m) out.push({ sheet: m[1].trim(), row: Number(m[2]) });
  }
  return out;
}

/** The council rows a paper row names in its table's "Source" column. */
function rowSources(sheet: FigureSheet, row: number, col: number): SourceRow[] {
  const t = tableAt(sheet, row, col);
  if (!t) return [];
  for (let c = t.firstCol; c < t.firstCol + t.columnCount; c++) {
    if (/^source$/i.test(text(sheet.cells[t.headerRow]?.[c]))) {
      const v = sheet.cells[row]?.[c]?.value;
      return typeof v === "string" ? parseSourceText(v) : [];
    }
  }
  return [];
}

/** The cells a formula reads, one by one (ranges expanded, clipped to the sheet's used area). */
function cellsRead(sheets: readonly FigureSheet[], own: FigureSheet, formula: string): FigureRef[] {
  const out: FigureRef[] = [];
  for (const r of formulaRefs(formula)) {
    const sheet = r.sheet ? sheetNamed(sheets, r.sheet) : own;
    if (!sheet) continue;
    const bottom = Math.min(r.bottom, sheet.cells.length - 1);
    for (let row = r.top; row <= bottom; row++) {
      const right = Math.min(r.right, (sheet.cells[row]?.length ?? 0) - 1);
      for (let col = r.left; col <= right; col++) out.push({ sheet: sheet.name, row, col });
      if (out.length > MAX_VISITS) return out;
    }
  }
  return out;
}

/**
 * Explain one cell of a built paper.
 *
 * @returns undefined when the sheet is not a built paper
 * @example explainFigure(sheets, { sheet: "HNB monitoring", row: 11, col: 5 }).sources
 *   // [{ sheet: "HNB monitoring", row: 12 }]: the council's row that line came from
 */
export function explainFigure(sheets: readonly FigureSheet[], ref: FigureRef): FigureExplanation | undefined {
  const sheet = sheetNamed(sheets, ref.sheet);
  if (!sheet) return undefined;
  const cell = sheet.cells[ref.row]?.[ref.col] ?? null;
  const reads: ReadCell[] = [];
  const direct = cell?.formula ? cellsRead(sheets, sheet, cell.formula) : [];
  for (const r of direct.slice(0, MAX_READS)) {
    const s = sheetNamed(sheets, r.sheet)!;
    reads.push({
      ...r,
      address: `${s === sheet ? "" : `${s.name}!`}${cellA1(r.row, r.col)}`,
      label: `${rowLabel(s, r.row, r.col)}, ${columnLabel(s, r.row, r.col)}`,
      value: valueText(s.cells[r.row]?.[r.col]),
    });
  }

  // Down the chain: every cell the figure depends on, and the council rows each of their rows names.
  const sources: SourceRow[] = [];
  const seenSource = new Set<string>();
  const addSources = (list: readonly SourceRow[]) => {
    for (const s of list) {
      const key = `${s.sheet}\u0000${s.row}`;
      if (seenSource.has(key)) continue;
      seenSource.add(key);
      sources.push(s);
    }
  };
  const seen = new Set<string>();
  const queue: FigureRef[] = [{ sheet: sheet.name, row: ref.row, col: ref.col }];
  while (queue.length > 0 && seen.size < MAX_VISITS) {
    const at = queue.shift()!;
    const key = `${at.sheet}\u0000${at.row}\u0000${at.col}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const s = sheetNamed(sheets, at.sheet);
    if (!s) continue;
    const c = s.cells[at.row]?.[at.col];
    if (c?.formula) queue.push(...cellsRead(sheets, s, c.formula));
    else addSources(rowSources(s, at.row, at.col));
  }
  // A formula cell on a row that names its source (a variance on a budget line) also came from it.
  if (sources.length === 0) addSources(rowSources(sheet, ref.row, ref.col));

  const formula = cell?.formula ? `=${cell.formula}` : undefined;
  return {
    ref: { sheet: sheet.name, row: ref.row, col: ref.col },
    address: `${sheet.name}!${cellA1(ref.row, ref.col)}`,
    rowLabel: rowLabel(sheet, ref.row, ref.col),
    column: columnLabel(sheet, ref.row, ref.col),
    value: valueText(cell),
    ...(formula ? { formula, words: formulaInWords(sheets, sheet, cell!.formula!) } : {}),
    reads,
    moreReads: Math.max(0, direct.length - MAX_READS),
    sources: sources.slice(0, MAX_SOURCES),
    moreSources: Math.max(0, sources.length - MAX_SOURCES),
    ...(!formula
      ? {
          note:
            sources.length > 0
              ? "This figure is a value taken from the council's workbook."
              : "This figure is a value on the paper (an input or a setting), not read from a council row.",
        }
      : {}),
  };
}
