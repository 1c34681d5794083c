/**
 * The Forum house style, as code: the pieces every paper sheet is made of (title block, key-value
 * blocks, tables laid on the grid, notes, checks, print set-up), so each paper builder only says
 * what goes where and the sheets come out alike.
 *
 * Layout rules kept here, once (SPEC "Forum papers", STYLE.md government practice):
 * - A1 holds the sheet title and A2 what the sheet holds; no merged cells (a spec cannot express
 *   one); no blank spacer columns: every block starts in column A; no blank spacer rows either:
 *   blocks are separated by a bold heading row, which a screen reader announces, instead of a gap.
 * - One Excel Table per block of data with one header row whose texts carry their units
 *   ("Budget (£)"). Derived cells are formulas; each formula cell carries the engine's value as its
 *   cached result, so a reader without the add-in sees the figure and a recalculating engine must
 *   agree with it.
 * - Money formulas are wrapped in ROUND(…,2): a spreadsheet then agrees with the engine to the
 *   penny, and the cached value is exactly what the formula computes.
 *
 * Nothing here talks to Excel: a {@link SheetBuilder} produces a declarative {@link SheetSpec}.
 */

import { InternalError } from "../core/errors";
import { formatUkDate, type Serial } from "../core/dates";
import { roundHalfUp, roundPenny } from "../core/money";
import type { Datasets, SourceRef, TotalCheck } from "../sources/datasets";
import type { PaperId, Purpose } from "./registry";
import type { ResolvedRules } from "./rules";
import { PAPERS } from "./registry";
import { unconfirmedMappings, unconfirmedStamp } from "../sources/crosscheck";
import {
  NumFmt,
  a1,
  quoteSheet,
  type CellSpec,
  type CellValue,
  type ChartSpec,
  type SheetKind,
  type SheetSpec,
  type StyleName,
  type TableSpec,
} from "./spec";

// ---------------------------------------------------------------------------------------------
// Papers, purposes and options (shared by every builder; build.ts re-exports them)

// The paper registry (ids, names, default purposes, datasets needed) is registry.ts; builders
// import it from here with the rest of the house style.
export { PAPERS, PAPER_IDS, type PaperId, type PaperMeta, type Purpose } from "./registry";

/** Whether the pack is a draft or the final version sent to the Forum (shown on every title block). */
export type PaperStatus = "draft" | "final";

/** Options for {@link buildPapers} (build.ts). Every field is optional. */
export interface PaperOptions {
  /** Which papers to build; default: every paper whose datasets are present. */
  readonly papers?: readonly PaperId[];
  /** The Forum meeting date (Excel serial). */
  readonly meetingDate?: Serial;
  /** The meeting, e.g. "Schools Forum". */
  readonly meetingName?: string;
  readonly author?: string;
  /** Purpose per paper; defaults: transfer and banding "consultation", the rest "information". */
  readonly purpose?: Partial<Record<PaperId, Purpose>>;
  /** Default "draft". */
  readonly status?: PaperStatus;
  /** The pack's reference, e.g. "SF/2026/01"; each paper gets "SF/2026/01 item 3". */
  readonly paperRef?: string;
  /** The transfer percentage as a fraction (0.005 is 0.5%); overrides the workbook's assumptions. */
  readonly transferPercent?: number;
  /** Show counts of 1–4 as [c] with secondary suppression. Default true. */
  readonly suppressSmallNumbers?: boolean;
  /** The council's name; default: the workbook's assumptions, else "the council". */
  readonly council?: string;
  /** A scenario for the deficit plan's trajectory; default: the plan as written. */
  readonly deficitScenario?: DeficitScenario;
}

/**
 * A "what if" on the deficit plan (its trajectory inputs). Out-of-range values give a build
 * warning and the default.
 */
export interface DeficitScenario {
  /** Share of the plan's savings delivered in the mitigated series, a fraction 0–1. Default 1 (100%). */
  readonly savingsDelivered?: number;
  /**
   * Extra expenditure growth a year on top of the plan's expenditure, both series, a fraction
   * −0.5 to 0.5 (0.02 is 2%). Year t's expenditure is the plan's × (1 + pressure)^(t−1). Default 0.
   */
  readonly expenditurePressure?: number;
}

/** Everything a paper builder needs, resolved once by build.ts. */
export interface PaperContext {
  readonly datasets: Datasets;
  readonly council: string;
  readonly meetingName?: string;
  readonly meetingDate?: Serial;
  readonly author?: string;
  readonly status: PaperStatus;
  readonly paperRef?: string;
  /** The data "as at" date: the workbook's, else the meeting date. */
  readonly asAt?: Serial;
  /** The financial year the figures are for, e.g. "2025-26", where known. */
  readonly financialYear?: string;
  readonly suppress: boolean;
  readonly transferPercent?: number;
  /** The deficit plan's scenario as the options gave it (checked by the deficit plan). */
  readonly deficitScenario?: DeficitScenario;
  readonly rules: ResolvedRules;
  purposeOf(id: PaperId): Purpose;
  /** The item number of a paper in the pack (1-based), for its reference. */
  itemOf(id: PaperId): number;
  /**
   * True the first time it is asked about a key, false after: a check that several papers could
   * carry (rows of the placements register the reader skipped; the hourly rate) goes on the first.
   */
  firstUse(key: string): boolean;
}

/** What a paper builder returns. */
export interface PaperBuild {
  readonly id: PaperId;
  readonly sheet: SheetSpec;
  /** The paper's main Table (its SPEC name). */
  readonly table: string;
  /** Data rows in the main table. */
  readonly rows: number;
  /** The figures a pane or a covering report quotes. */
  readonly headline: Record<string, number | string>;
  readonly checks: PlacedCheck[];
  readonly warnings: string[];
  /** Source total rows (datasets.totals) this paper reconciled, so build.ts does not check them twice. */
  readonly usedTotals: readonly TotalCheck[];
}

// ---------------------------------------------------------------------------------------------
// Shorthand (GSS practice; explained on the Notes sheet)

/** The GSS shorthand used in table cells instead of a blank or a misleading zero. */
export const Shorthand = {
  suppressed: "[c]",
  notAvailable: "[x]",
  notApplicable: "[z]",
  estimate: "[e]",
  provisional: "[p]",
} as const;

// ---------------------------------------------------------------------------------------------
// Check parameters: inputs on the Checks sheet that every check formula reads, so no check has a
// constant inside it. Their cells are fixed here because papers are built before the Checks sheet.

/** Name of the Checks sheet (front.ts builds it; papers refer to its parameter cells). */
export const CHECKS_SHEET = "Checks";
/** Two amounts agree when they differ by less than this (£): half a penny. */
export const TOLERANCE = 0.005;
/** Per-row rounding allowance (£): a penny a school for the transfer's penny rounding. */
export const ALLOWANCE = 0.01;
/** Zero-based positions of the two check parameters on the Checks sheet (B4 and B5). */
export const TOLERANCE_CELL = { row: 3, col: 1 } as const;
export const ALLOWANCE_CELL = { row: 4, col: 1 } as const;
/** 'Checks'!$B$4 and 'Checks'!$B$5: what every check formula reads instead of a constant. */
export const TOLERANCE_REF = `${quoteSheet(CHECKS_SHEET)}!${a1(TOLERANCE_CELL.row, TOLERANCE_CELL.col, true)}`;
export const ALLOWANCE_REF = `${quoteSheet(CHECKS_SHEET)}!${a1(ALLOWANCE_CELL.row, ALLOWANCE_CELL.col, true)}`;

/** Extra number formats used on papers beyond spec.ts's NumFmt. */
export const ExtraFmt = {
  /** A solved factor such as 0.5263%: four decimals so a reader can recompute a reduction. */
  percent4: "0.0000%",
} as const;

// ---------------------------------------------------------------------------------------------
// Cells

function assertValue(value: CellValue): void {
  if (value === undefined || (typeof value === "number" && !Number.isFinite(value))) {
    throw new InternalError(`A cell value must be finite; got ${String(value)}`);
  }
}

/** A text cell. */
export function textCell(value: string, style: StyleName = "body"): CellSpec {
  return { value, style };
}

/** A number cell with a format (a value from the source or an input). */
export function numberCell(value: number, numFmt: string, style: StyleName = "body"): CellSpec {
  assertValue(value);
  return { value, numFmt, style };
}

/** A money cell in whole £ display (value kept to the penny). */
export function moneyCell(value: number, style: StyleName = "body"): CellSpec {
  return numberCell(value, NumFmt.pounds, style);
}

/**
 * A formula cell: the formula (A1 style, no leading "=") and the engine's value as its cached
 * result. The value must be exactly what the formula computes.
 */
export function formulaCell(
  formula: string,
  value: CellValue,
  numFmt?: string,
  style: StyleName = "body",
): CellSpec {
  if (formula.startsWith("=")) throw new InternalError(`Formulas are stored without "=": ${formula}`);
  assertValue(value);
  return numFmt === undefined ? { value, formula, style } : { value, formula, style, numFmt };
}

/** A date cell (an Excel serial shown dd/mm/yyyy). */
export function dateCell(value: number, style: StyleName = "body"): CellSpec {
  return numberCell(value, NumFmt.date, style);
}

/** ROUND(x,2) as the engine does it: half away from zero, decimal-correct (core/money.ts). */
export function r2(value: number): number {
  return roundPenny(value);
}

/** "(£1,234)" / "£1,234": whole pounds for messages and alt text, rounded as the £#,##0 format shows them. */
export function poundsText(value: number): string {
  const abs = roundHalfUp(Math.abs(value), 0).toLocaleString("en-GB");
  return value < 0 ? `(£${abs})` : `£${abs}`;
}

/** "0.5%" from 0.005, up to two decimals. */
export function percentText(fraction: number): string {
  const pct = Math.round(fraction * 100 * 10000) / 10000;
  return `${pct.toLocaleString("en-GB", { maximumFractionDigits: 4 })}%`;
}

/** "Sheet row 12": where a figure came from. */
export function sourceText(source: SourceRef): string {
  return `${source.sheet} row ${source.row}`;
}

/**
 * Where a dataset came from, for a title block: "council.xlsx, sheet 'HNB budget' rows 6–18".
 * Built from the records' own source rows, so it is right even without a saved mapping.
 */
export function sourceSummary(datasets: Datasets, refs: readonly SourceRef[]): string {
  const bySheet = new Map<string, { min: number; max: number }>();
  for (const ref of refs) {
    const seen = bySheet.get(ref.sheet);
    if (seen) {
      seen.min = Math.min(seen.min, ref.row);
      seen.max = Math.max(seen.max, ref.row);
    } else bySheet.set(ref.sheet, { min: ref.row, max: ref.row });
  }
  const parts = [...bySheet].map(([sheet, { min, max }]) =>
    min === max ? `sheet '${sheet}' row ${min}` : `sheet '${sheet}' rows ${min}–${max}`,
  );
  return `${datasets.source}${parts.length ? `, ${parts.join("; ")}` : ""}`;
}

// ---------------------------------------------------------------------------------------------
// The sheet builder

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

// ---------------------------------------------------------------------------------------------
// Blocks

/** A1 title and A2 description: every sheet starts this way. */
export function writeTitle(b: SheetBuilder, title: string, subtitle: string): void {
  b.cursor = 0;
  b.put(b.nextRow(), 0, textCell(title, "title"));
  b.put(b.nextRow(), 0, textCell(subtitle, "subtitle"));
}

/** A bold heading row that opens a block (used instead of blank spacer rows). */
export function writeHeading(b: SheetBuilder, text: string): number {
  const row = b.nextRow();
  b.put(row, 0, textCell(text, "label"));
  return row;
}

/** One row of a key-value block. */
export interface KeyValue {
  /** Name used to find the value cell afterwards. */
  readonly key?: string;
  readonly label: string;
  readonly cell: CellSpec;
  /** A short note beside the value (its source, [e], …), in column C. */
  readonly note?: string;
}

/**
 * Labels in column A, values in column B, notes in column C, one row each. Returns the value
 * cells by key, for formulas.
 */
export function writeKeyValues(
  b: SheetBuilder,
  rows: readonly KeyValue[],
  startRow?: number,
): Record<string, CellAt> {
  const out: Record<string, CellAt> = {};
  const start = startRow ?? b.cursor;
  if (startRow === undefined) b.cursor += rows.length;
  else b.cursor = Math.max(b.cursor, start + rows.length);
  for (let i = 0; i < rows.length; i++) {
    const kv = rows[i];
    const row = start + i;
    b.put(row, 0, textCell(kv.label, "label"));
    b.put(row, 1, kv.cell);
    if (kv.note) b.put(row, 2, textCell(kv.note, "note"));
    if (kv.key) out[kv.key] = b.at(row, 1);
  }
  return out;
}

/** What a paper's title block says. */
export interface TitleInfo {
  readonly title: string;
  readonly subtitle: string;
  readonly purpose: Purpose;
  /** The source workbook and sheets, e.g. from {@link sourceSummary}. */
  readonly source: string;
}

const PURPOSE_TEXT: Record<Purpose, string> = {
  decision: "Decision",
  consultation: "Consultation",
  information: "Information",
};

/**
 * The title block of a paper: title, what the sheet holds, then meeting, meeting date, author,
 * purpose, status, data "as at", paper reference and source, one labelled row each.
 */
export function writePaperTitle(b: SheetBuilder, ctx: PaperContext, id: PaperId, info: TitleInfo): void {
  writeTitle(b, info.title, info.subtitle);
  const notGiven = textCell(`${Shorthand.notAvailable} not given`);
  const rows: KeyValue[] = [
    { label: "Meeting", cell: ctx.meetingName ? textCell(ctx.meetingName) : notGiven },
    { label: "Meeting date", cell: ctx.meetingDate !== undefined ? dateCell(ctx.meetingDate) : notGiven },
    { label: "Author", cell: ctx.author ? textCell(ctx.author) : notGiven },
    { label: "Purpose", cell: textCell(PURPOSE_TEXT[info.purpose]) },
    { label: "Status", cell: textCell(ctx.status === "final" ? "Final" : "Draft") },
    { label: "Data as at", cell: ctx.asAt !== undefined ? dateCell(ctx.asAt) : notGiven },
  ];
  if (ctx.paperRef)
    rows.push({ label: "Paper reference", cell: textCell(`${ctx.paperRef} item ${ctx.itemOf(id)}`) });
  rows.push({ label: "Source", cell: textCell(info.source) });
  // Built with --accept-uncertain from a mapping nobody confirmed: the paper says so, and why.
  const used = new Set<string>(PAPERS[id].needs);
  if (id === "banding-review") used.add("currentBands");
  const stamp = unconfirmedStamp(unconfirmedMappings(ctx.datasets).filter((u) => used.has(u.dataset)));
  if (stamp) rows.push({ label: "UNCONFIRMED MAPPING", cell: textCell(stamp) });
  writeKeyValues(b, rows);
}

/** Numbered notes under a heading, one per row in column A (long lines run on to the right). */
export function writeNotes(
  b: SheetBuilder,
  notes: readonly string[],
  heading = "Notes and assumptions",
): void {
  writeHeading(b, heading);
  notes.forEach((note, i) => b.put(b.nextRow(), 0, textCell(`${i + 1}. ${note}`, "note")));
}

// ---------------------------------------------------------------------------------------------
// Tables

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
export function layTable<R>(b: SheetBuilder, input: TableInput<R>, startRow?: number): TableLayout {
  const { columns, rows } = input;
  if (rows.length === 0) throw new InternalError(`Table ${input.name} has no rows`);
  const seen = new Set<string>();
  for (const c of columns) {
    const h = c.header.trim().toLowerCase();
    if (!h || seen.has(h))
      throw new InternalError(`Table ${input.name}: header "${c.header}" empty or repeated`);
    seen.add(h);
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(input.name)) throw new InternalError(`Bad table name ${input.name}`);

  const colIndex = new Map<string, number>();
  columns.forEach((c, i) => colIndex.set(c.key, i));
  const col = (key: string): number => {
    const i = colIndex.get(key);
    if (i === undefined) throw new InternalError(`Table ${input.name} has no column "${key}"`);
    return i;
  };

  const headerRow = startRow ?? b.cursor;
  columns.forEach((c, i) => b.put(headerRow, i, textCell(c.header, "header")));
  const firstRow = headerRow + 1;
  rows.forEach((record, index) => {
    const row = firstRow + index;
    const ctx: RowContext = { index, row, ref: (key) => a1(row, col(key)) };
    columns.forEach((c, i) => b.put(row, i, c.cell(record, ctx)));
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
        b.put(row, i, { ...cell, style: cell.style === "body" || !cell.style ? "total" : cell.style });
    });
  }
  b.cursor = Math.max(b.cursor, (totalsRow ?? lastRow) + 1);
  b.addTable({
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
    cell: (key, i) => b.at(firstRow + i, col(key)),
    total: (key) => {
      if (totalsRow === undefined) throw new InternalError(`Table ${input.name} has no totals row`);
      return b.at(totalsRow, col(key));
    },
    range,
    xrange: (key) => `${quoteSheet(b.name)}!${range(key)}`,
    headerRange: () => `${a1(headerRow, 0, true)}:${a1(headerRow, columns.length - 1, true)}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Common column helpers

/** Variance text: the sign in words, so meaning never rests on colour (or brackets) alone. */
export function overUnderText(variance: number): string {
  return variance > 0 ? "Overspend" : variance < 0 ? "Underspend" : "On budget";
}

/** The formula for {@link overUnderText} on a variance cell. */
export function overUnderFormula(ref: string): string {
  return `IF(${ref}>0,"Overspend",IF(${ref}<0,"Underspend","On budget"))`;
}

/** ROUND(SUM(range),2) with its value: the money total of a column. */
export function sumCell(range: string, values: readonly number[], numFmt: string = NumFmt.pounds): CellSpec {
  let pence = 0;
  for (const v of values) pence += Math.round(r2(v) * 100);
  return formulaCell(`ROUND(SUM(${range}),2)`, pence / 100, numFmt);
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

/** A ratio cell: IF(den=0,"[z]",num/den), the value computed exactly as the spreadsheet will. */
export function ratioCell(
  numRef: string,
  denRef: string,
  num: number,
  den: number,
  numFmt: string = NumFmt.percent,
): CellSpec {
  return formulaCell(
    `IF(${denRef}=0,"${Shorthand.notApplicable}",${numRef}/${denRef})`,
    den === 0 ? Shorthand.notApplicable : num / den,
    numFmt,
  );
}

// ---------------------------------------------------------------------------------------------
// Checks

/** How a check compares its value with the expected figure. */
export type CheckTest = "equal" | "atMost";

/** A check as a paper states it: a value, what it should be, and how to fix a failure. */
export interface CheckInput {
  readonly description: string;
  /** The value: a formula on this sheet (with its cached value) or a constant from the source. */
  readonly value: CellSpec;
  readonly expected: CellSpec;
  /** "equal": within half a penny; "atMost": value ≤ expected (plus half a penny). */
  readonly test: CheckTest;
  readonly howToFix: string;
}

/** A check after it is placed on a sheet: the Checks sheet lists these and refers to their cells. */
export interface PlacedCheck {
  readonly id: string;
  readonly description: string;
  /** Sheet name the check belongs to, or "Source workbook" for checks on the source itself. */
  readonly paper: string;
  readonly value: number;
  readonly expected: number;
  readonly test: CheckTest;
  readonly passed: boolean;
  readonly howToFix: string;
  readonly numFmt: string;
  /** Sheet-qualified references to the value and expected cells, when placed on a paper. */
  readonly valueRef?: string;
  readonly expectedRef?: string;
}

/** Whether a check passes, exactly as its result formula decides. */
export function checkPasses(test: CheckTest, value: number, expected: number): boolean {
  return test === "equal" ? Math.abs(value - expected) < TOLERANCE : value <= expected + TOLERANCE;
}

/** The result formula of a check, reading the tolerance from the Checks sheet. */
export function checkFormula(
  test: CheckTest,
  valueRef: string,
  expectedRef: string,
  tolerance: string = TOLERANCE_REF,
): string {
  return test === "equal"
    ? `IF(ABS(${valueRef}-${expectedRef})<${tolerance},"Pass","FAIL")`
    : `IF(${valueRef}<=${expectedRef}+${tolerance},"Pass","FAIL")`;
}

/** The test in words, as the checks blocks show it. */
export const TEST_TEXT: Record<CheckTest, string> = { equal: "Equals", atMost: "At most" };

function numericValue(cell: CellSpec, what: string): number {
  if (typeof cell.value !== "number")
    throw new InternalError(`Check ${what} must be a number; got ${String(cell.value)}`);
  return cell.value;
}

/**
 * The checks block of a paper: a heading, a header row (Check | Value | Expected | Test | Result)
 * and one row per check with its result formula. Returns the placed checks with their IDs
 * (prefix-1, prefix-2, …) and cell references for the Checks sheet.
 */
export function writeChecks(b: SheetBuilder, prefix: string, checks: readonly CheckInput[]): PlacedCheck[] {
  if (checks.length === 0) return [];
  writeHeading(
    b,
    "Checks (each reconciles a figure on this sheet to its source; all checks are listed on the Checks sheet)",
  );
  const header = b.nextRow();
  ["Check", "Value", "Expected", "Test", "Result"].forEach((h, i) => b.put(header, i, textCell(h, "label")));
  return checks.map((c, i) => {
    const row = b.nextRow();
    const id = `${prefix}-${i + 1}`;
    const value = numericValue(c.value, "value");
    const expected = numericValue(c.expected, "expected");
    const passed = checkPasses(c.test, value, expected);
    b.put(row, 0, textCell(`${id}: ${c.description}`));
    b.put(row, 1, c.value);
    b.put(row, 2, c.expected);
    b.put(row, 3, textCell(TEST_TEXT[c.test]));
    const v = b.at(row, 1);
    const e = b.at(row, 2);
    b.put(
      row,
      4,
      formulaCell(checkFormula(c.test, v.ref, e.ref), passed ? "Pass" : "FAIL", undefined, "check"),
    );
    return {
      id,
      description: c.description,
      paper: b.name,
      value,
      expected,
      test: c.test,
      passed,
      howToFix: c.howToFix,
      numFmt: c.value.numFmt ?? NumFmt.pounds,
      valueRef: v.xref,
      expectedRef: e.xref,
    };
  });
}

/** Format a serial for text ("01/09/2025"), or "not given". */
export function dateText(serial: number | undefined): string {
  return serial === undefined ? "not given" : formatUkDate(serial);
}
