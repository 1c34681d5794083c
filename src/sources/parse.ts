/**
 * Parsing a mapped table into typed records, in one pass down its rows.
 *
 * Every row below the header is one of:
 * - **blank** (nothing in the table's columns): ignored;
 * - **a total** (its label says "Total", "Subtotal", "Sub-total", "Grand total"): never data; each
 *   money/number figure on it becomes a {@link TotalCheck} against the sum of the rows it covers,
 *   and on the placements register a count in a column that holds no hours or dates ("Total
 *   placements | 3,000") a check on the number of rows (field "count");
 * - **a heading** (one text cell, or two text cells with every value column empty, e.g.
 *   "1.2 | Top-up funding"): ignored;
 * - **data**: parsed field by field; a row with a problem is not used but reported as a
 *   {@link SkippedRow} naming the column, the value and what is wrong.
 *
 * Column indexes are resolved once per table; each cell is read once. Row numbers in the output are
 * 1-based, as the user sees them.
 */

import { toSerial, formatUkDate, serialFromDate, daysInMonth, type Serial } from "../core/dates";
import { describeValue } from "../core/errors";
import { roundHalfUp, roundPenny } from "../core/money";
import { parseUkNumber } from "../core/values";
import {
  ASSUMPTION_ITEMS,
  DATASETS,
  type AssumptionKey,
  type Assumptions,
  type BudgetLine,
  type CurrentBand,
  type DatasetId,
  type DeficitPlanYear,
  type DsgBlockRow,
  type FieldType,
  type Placement,
  type ProposedBandTable,
  type School,
  type SkipCode,
  type SkippedRow,
  type SourceRef,
  type TotalCheck,
} from "./datasets";
import { isEmpty as isBlank, type SheetView } from "./detect";
import { headerScale, matchAssumptionItem, type ValueColumn } from "./match";
import { columnLetter } from "./mapping";
import type { SnapshotValue } from "./snapshot";

/** A dataset's table, resolved to zero-based positions on a sheet, ready to parse. */
export interface ResolvedMapping {
  readonly dataset: DatasetId;
  readonly view: SheetView;
  /** Zero-based header row. */
  readonly headerRow: number;
  /** Zero-based last row to read (inclusive). */
  readonly lastRow: number;
  /** Zero-based first and last column of the table (blank-row and heading tests look here). */
  readonly firstCol: number;
  readonly lastCol: number;
  /** field key → zero-based column. */
  readonly columns: ReadonlyMap<string, number>;
  /** Wide tables: the value columns (zero-based), in column order. */
  readonly valueColumns: readonly ValueColumn[];
  /** Header text by column when the header is not row headerRow alone (a two-row header). */
  readonly headerTexts?: ReadonlyMap<number, string>;
}

/**
 * Something the user should know about a read that is not a row-level problem: a saved mapping
 * that no longer fits, hidden rows read as data, a "£000" column scaled to pounds, a dataset with
 * no table. (Proposed for the Datasets contract; see read.ts.)
 */
export interface SourceIssue {
  readonly kind: "saved-mapping" | "hidden-rows" | "scaled" | "not-found" | "column-choice";
  readonly dataset?: DatasetId;
  readonly sheet?: string;
  /** 1-based row, when the issue is about one row. */
  readonly row?: number;
  readonly message: string;
}

/** The typed records of one dataset (exactly one of the record fields is set). */
export interface ParsedRecords {
  budgetLines?: BudgetLine[];
  dsgBlocks?: DsgBlockRow[];
  placements?: Placement[];
  currentBands?: CurrentBand[];
  proposedBands?: ProposedBandTable;
  schools?: School[];
  deficitPlan?: DeficitPlanYear[];
  assumptions?: Assumptions;
}

/** What parsing one table gives. */
export interface ParsedDataset {
  readonly records: ParsedRecords;
  readonly totals: TotalCheck[];
  readonly skipped: SkippedRow[];
  readonly issues: SourceIssue[];
}

// ---------------------------------------------------------------------------------------------
// Row classification

// A total row's label: the word "total" alone or as "sub-total", "subtotal", "sub total",
// "grand total", anywhere in the label, on word boundaries. Worked examples:
//   "Total High Needs Block" ✓   "Subtotal – top-up funding" ✓   "Place funding sub-total" ✓
//   "GRAND TOTAL" ✓               "Totals" ✓                      "Totally Inclusive Trust" ✗
const TOTAL_LABEL = /\b(?:sub[\s-]?)?totals?\b/i;
// A subtotal covers the rows since the previous subtotal: "Subtotal – top-up", "Sub-total", "Sub total".
const SUBTOTAL_LABEL = /\bsub[\s-]?totals?\b/i;
// A grand total always covers every row: "Grand total".
const GRAND_LABEL = /\bgrand\s+totals?\b/i;

/**
 * The field whose column carries each row's label. Total labels are looked for in the text cells
 * from the table's first column up to this one, so "1.2 | Subtotal – place funding" (an s251 code
 * before the label) is a subtotal, while a school named "Total Learning Academy" in a later
 * column than a pupil reference is not.
 */
const LABEL_FIELD: Readonly<Record<DatasetId, string>> = {
  budgetLines: "line",
  dsgBlocks: "block",
  placements: "pupilRef",
  currentBands: "band",
  proposedBands: "band",
  schools: "name",
  deficitPlan: "year",
  assumptions: "item",
};

/** Fields that cannot be negative, whatever the dataset (forecast variances and income lines can be). */
const NON_NEGATIVE = new Set(["hours", "pupils", "allocation", "floor"]);

/** Is this text a total row's label? */
export function isTotalLabel(text: string): boolean {
  return TOTAL_LABEL.test(text);
}

// ---------------------------------------------------------------------------------------------
// Cell parsing

/** A cell that could not be used, and why (the reason names the column and the value). */
class Problem {
  constructor(
    readonly code: SkipCode,
    readonly reason: string,
  ) {}
}

type Parsed = string | number | undefined;

interface Column {
  readonly key: string;
  readonly header: string;
  readonly type: FieldType;
  readonly required: boolean;
  readonly col: number;
  /** Money columns headed "£000" are in thousands: multiply to get pounds. */
  readonly scale: number;
  readonly nonNegative: boolean;
  /** money or number: summed by total checks. */
  readonly summed: boolean;
  /** money, number, percent or date: a row with all of these empty may be a heading. */
  readonly valueType: boolean;
}

/** Text of a code or text cell: numbers as Excel shows them without a format (1 → "1", not "1.0"). */
function textOf(value: SnapshotValue): string {
  if (typeof value === "string") return value.trim();
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

/** "is empty", or what a blank cell shows when it holds an error value: "(cell D14) shows #REF!". */
function emptyText(view: SheetView, r: number, col: number): string {
  const error = view.snapshot.errorCells?.get(`${r},${col}`);
  return error === undefined ? "is empty" : `(cell ${columnLetter(col + 1)}${r + 1}) shows ${error}`;
}

function parseCell(view: SheetView, r: number, c: Column, value: SnapshotValue): Parsed | Problem {
  if (isBlank(value)) {
    return c.required
      ? new Problem("missing", `${c.header} ${emptyText(view, r, c.col)}, and it is required`)
      : undefined;
  }
  switch (c.type) {
    case "text":
    case "code":
      return textOf(value);
    case "money":
    case "number":
    case "percent": {
      if (typeof value === "number" && view.isDateCell(r, c.col)) {
        return new Problem("not-a-number", `${c.header} is a date (${formatUkDate(value)}): not a number`);
      }
      const n = parseUkNumber(value);
      if (n === undefined)
        return new Problem("not-a-number", `${c.header} is ${describeValue(value)}: not a number`);
      return c.scale === 1 ? n : n * c.scale;
    }
    case "date": {
      const d = toSerial(value);
      if (d === undefined)
        return new Problem("not-a-date", `${c.header} is ${describeValue(value)}: not a date`);
      return d;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The generic pass

interface TotalRow {
  readonly row: number;
  readonly label: string;
  readonly kind: "sub" | "grand" | "total";
  /** Stated figure per summed column index, or undefined. */
  readonly stated: (number | undefined)[];
  readonly statedCount: number | undefined;
  /** Running sums (in millionths, exact: see {@link exactUnits}) and counts of used rows when the total row was met. */
  readonly sums: bigint[];
  readonly used: number;
  /** Data rows (used or skipped) met before it: a "Total …" with data after it is a section total. */
  readonly dataSeen: number;
}

interface RowValues {
  readonly values: Parsed[];
  readonly source: SourceRef;
}

interface TableRead {
  readonly columns: readonly Column[];
  readonly rows: RowValues[];
  readonly totals: TotalCheck[];
  readonly skipped: SkippedRow[];
  readonly hiddenRows: number[];
}

function columnsFor(m: ResolvedMapping): Column[] {
  const def = DATASETS[m.dataset];
  const cols: Column[] = [];
  for (const f of def.fields) {
    const col = m.columns.get(f.key);
    if (col === undefined) continue;
    const raw = m.headerTexts?.get(col) ?? m.view.value(m.headerRow, col);
    const header = isBlank(raw) ? f.label : textOf(raw);
    const summed = f.type === "money" || f.type === "number";
    cols.push({
      key: f.key,
      header,
      type: f.type,
      required: f.required,
      col,
      scale: f.type === "money" ? headerScale(header) : 1,
      nonNegative: NON_NEGATIVE.has(f.key),
      summed,
      valueType: summed || f.type === "percent" || f.type === "date",
    });
  }
  m.valueColumns.forEach((v, i) => {
    const raw = m.headerTexts?.get(v.column) ?? m.view.value(m.headerRow, v.column);
    const header = isBlank(raw) ? v.header : textOf(raw);
    cols.push({
      key: `value:${i}`,
      header,
      type: "money",
      required: false,
      col: v.column,
      scale: headerScale(header),
      nonNegative: false,
      summed: true,
      valueType: true,
    });
  });
  return cols;
}

/**
 * Read every row of a mapped table: parsed values of the used rows, skipped rows with reasons,
 * total checks. `extraCheck` adds dataset rules (end before start, duplicates); it returns a
 * Problem to skip the row.
 */
function readTable(
  m: ResolvedMapping,
  extraCheck: (values: Parsed[], row: number, cols: readonly Column[]) => Problem | undefined,
): TableRead {
  const { view, dataset } = m;
  const cols = columnsFor(m);
  const summedIdx = cols.map((c, i) => (c.summed ? i : -1)).filter((i) => i >= 0);
  const firstCol = Math.min(m.firstCol, ...cols.map((c) => c.col));
  const lastCol = Math.max(m.lastCol, ...cols.map((c) => c.col));
  const labelCol = m.columns.get(LABEL_FIELD[dataset]);
  // A row with a total-like label is still data when every required text, code or date field
  // other than the label is filled: a total row has no setting, phase or start date, while
  // "Total Learning Academy | Secondary | Academy | …" (a school) and a provider called "Total Care
  // Ltd" left of the pupil reference are complete rows. Tables whose only such field is the label
  // (budget lines, DSG blocks, the plan) have no such test: a labelled row with figures is a total.
  const identity = cols
    .filter((c) => c.required && !c.valueType && c.key !== LABEL_FIELD[dataset])
    .map((c) => c.col);
  // The register's "Total placements | 3,000": the count may sit in any column that does not hold
  // hours or dates (layout B puts it under "Case officer", a column no field uses). Only the
  // placements register states a count; elsewhere an unmapped number ("Variance £") is no count.
  const countCols: number[] = [];
  if (dataset === "placements") {
    const numericCols = new Set(cols.filter((c) => c.valueType).map((c) => c.col));
    for (let c = firstCol; c <= lastCol; c++) if (!numericCols.has(c)) countCols.push(c);
  }

  const rows: RowValues[] = [];
  const skipped: SkippedRow[] = [];
  const hiddenRows: number[] = [];
  const totalRows: TotalRow[] = [];
  const sums = new Array<bigint>(cols.length).fill(0n);
  let dataSeen = 0;

  for (let r = m.headerRow + 1; r <= m.lastRow; r++) {
    // One look along the row: how many cells, all text?, and the label text (for totals).
    let count = 0;
    let allText = true;
    let totalLabel: string | undefined;
    let firstText: string | undefined;
    for (let c = firstCol; c <= lastCol; c++) {
      const v = view.value(r, c);
      if (isBlank(v)) continue;
      count++;
      if (typeof v !== "string") {
        allText = false;
        continue;
      }
      if (firstText === undefined) firstText = v;
      if (
        totalLabel === undefined &&
        (labelCol === undefined ? v === firstText : c <= labelCol) &&
        TOTAL_LABEL.test(v)
      ) {
        totalLabel = v.trim();
      }
    }
    if (count === 0) continue;

    if (
      totalLabel !== undefined &&
      (identity.length === 0 || identity.some((c) => isBlank(view.value(r, c))))
    ) {
      const stated = cols.map((c) => {
        if (!c.summed) return undefined;
        const n = parseUkNumber(view.value(r, c.col));
        return n === undefined ? undefined : n * c.scale;
      });
      let statedCount: number | undefined;
      for (const c of countCols) {
        const v = view.value(r, c);
        if (typeof v === "number" || (typeof v === "string" && !TOTAL_LABEL.test(v))) {
          const n = parseUkNumber(v);
          if (n !== undefined) {
            statedCount = n;
            break;
          }
        }
      }
      totalRows.push({
        row: r,
        label: totalLabel,
        kind: GRAND_LABEL.test(totalLabel) ? "grand" : SUBTOTAL_LABEL.test(totalLabel) ? "sub" : "total",
        stated,
        statedCount,
        sums: sums.slice(),
        used: rows.length,
        dataSeen,
      });
      continue;
    }

    if (
      allText &&
      (count === 1 || (count === 2 && cols.every((c) => !c.valueType || isBlank(view.value(r, c.col)))))
    ) {
      continue; // a section heading
    }

    dataSeen++;
    const source: SourceRef = { sheet: view.name, row: r + 1 };
    if (view.isHiddenRow(r)) hiddenRows.push(r + 1);
    const values: Parsed[] = new Array<Parsed>(cols.length);
    let problem: Problem | undefined;
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i];
      const p = parseCell(view, r, c, view.value(r, c.col));
      if (p instanceof Problem) {
        problem = p;
        break;
      }
      if (c.nonNegative && typeof p === "number" && p < 0) {
        problem = new Problem(
          "negative",
          `${c.header} is ${describeValue(view.value(r, c.col))}: it cannot be negative`,
        );
        break;
      }
      values[i] = p;
    }
    if (!problem) problem = extraCheck(values, r + 1, cols);
    if (problem) {
      skipped.push({ dataset, source, code: problem.code, reason: problem.reason });
      continue;
    }
    for (const i of summedIdx) {
      const v = values[i];
      if (typeof v === "number") sums[i] += exactUnits(v);
    }
    rows.push({ values, source });
  }

  return { columns: cols, rows, totals: totalChecks(m, cols, totalRows, dataSeen), skipped, hiddenRows };
}

/** Millionths: money to the penny and hours or counts to six places are whole numbers of them. */
const UNITS_PER_ONE = 1_000_000;

/**
 * A cell value as a whole number of millionths, so running sums are exact. A section's sum is the
 * difference of two running sums; in floating point that difference is lost when a huge line
 * (1e300) sits in the running sum ("the rows add up to £0"); in BigInt it is exact whatever the
 * magnitudes. Values too large to scale are whole pounds already (any double above 2^53 is an integer).
 * @example exactUnits(1234.56) // 1234560000n
 */
function exactUnits(v: number): bigint {
  const scaled = v * UNITS_PER_ONE;
  return Number.isFinite(scaled) ? BigInt(Math.round(scaled)) : BigInt(v) * BigInt(UNITS_PER_ONE);
}

/**
 * Turn the total rows met into checks. A subtotal covers the rows since the previous subtotal (or
 * section total); a grand total covers every row; a "Total …" row covers every row, unless more
 * data or another total row follows it, in which case it closed a section ("Total place funding"
 * partway down, or "Total SEN services" just above "Grand total").
 */
function totalChecks(
  m: ResolvedMapping,
  cols: readonly Column[],
  totalRows: readonly TotalRow[],
  dataSeen: number,
): TotalCheck[] {
  const checks: TotalCheck[] = [];
  const zero = { sums: new Array<bigint>(cols.length).fill(0n), used: 0 };
  let boundary: { sums: readonly bigint[]; used: number } = zero;
  totalRows.forEach((t, k) => {
    // "Total sen services" followed by "Grand total", or by more data, closed a section.
    const followed = t.dataSeen < dataSeen || k < totalRows.length - 1;
    const section = t.kind === "sub" || (t.kind === "total" && followed);
    const from = section ? boundary : zero;
    const source: SourceRef = { sheet: m.view.name, row: t.row + 1 };
    cols.forEach((c, i) => {
      const stated = t.stated[i];
      if (stated === undefined) return;
      const sum = Number(t.sums[i] - from.sums[i]) / UNITS_PER_ONE;
      const computed = c.type === "money" ? roundPenny(sum) : roundHalfUp(sum, 6);
      checks.push({ dataset: m.dataset, label: t.label, field: fieldName(m, c), stated, computed, source });
    });
    if (t.statedCount !== undefined) {
      checks.push({
        dataset: m.dataset,
        label: t.label,
        field: "count",
        stated: t.statedCount,
        computed: t.used - from.used,
        source,
      });
    }
    if (section) boundary = t;
  });
  return checks;
}

/** A check's field: the field key, or a wide table's setting name. */
function fieldName(m: ResolvedMapping, c: Column): string {
  if (!c.key.startsWith("value:")) return c.key;
  return m.valueColumns[Number(c.key.slice(6))].header;
}

// ---------------------------------------------------------------------------------------------
// Typed records per dataset

/** Typed access to one used row's values by field key (the key → index map is built once per table). */
class RowGetter {
  values: readonly Parsed[] = [];
  constructor(private readonly index: ReadonlyMap<string, number>) {}
  str(key: string): string | undefined {
    const i = this.index.get(key);
    const v = i === undefined ? undefined : this.values[i];
    return typeof v === "string" ? v : v === undefined ? undefined : String(v);
  }
  num(key: string): number | undefined {
    const i = this.index.get(key);
    const v = i === undefined ? undefined : this.values[i];
    return typeof v === "number" ? v : undefined;
  }
}

/** Build records from the used rows with a per-dataset constructor. */
function build<T>(t: TableRead, make: (g: RowGetter, source: SourceRef) => T): T[] {
  const g = new RowGetter(new Map(t.columns.map((c, i) => [c.key, i])));
  return t.rows.map((row) => {
    g.values = row.values;
    return make(g, row.source);
  });
}

const noCheck = (): undefined => undefined;

function colIndex(cols: readonly Column[], key: string): number {
  return cols.findIndex((c) => c.key === key);
}

function headerOf(cols: readonly Column[], key: string): string {
  return cols.find((c) => c.key === key)?.header ?? key;
}

/** Placements: end before start, and the same pupil with the same start date twice (later skipped). */
function placementChecks(): (values: Parsed[], row: number, cols: readonly Column[]) => Problem | undefined {
  const seen = new Map<string, number>();
  let idx: { ref: number; start: number; end: number } | undefined;
  return (values, row, cols) => {
    if (!idx)
      idx = { ref: colIndex(cols, "pupilRef"), start: colIndex(cols, "start"), end: colIndex(cols, "end") };
    const start = idx.start >= 0 ? values[idx.start] : undefined;
    const end = idx.end >= 0 ? values[idx.end] : undefined;
    if (typeof start === "number" && typeof end === "number" && end < start) {
      return new Problem(
        "end-before-start",
        `${headerOf(cols, "end")} ${formatUkDate(end)} is before ${headerOf(cols, "start")} ${formatUkDate(start)}`,
      );
    }
    const ref = idx.ref >= 0 ? values[idx.ref] : undefined;
    if (typeof ref === "string" && typeof start === "number") {
      const key = `${ref.toUpperCase()}|${start}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        return new Problem(
          "duplicate",
          `${headerOf(cols, "pupilRef")} "${ref}" with ${headerOf(cols, "start")} ${formatUkDate(start)} repeats row ${earlier}`,
        );
      }
      seen.set(key, row);
    }
    return undefined;
  };
}

/**
 * Schools: the same URN twice, or the same name twice (unless both rows have different URNs: two
 * "St Mary's CE Primary" schools in one county are two schools).
 */
function schoolChecks(): (values: Parsed[], row: number, cols: readonly Column[]) => Problem | undefined {
  const byUrn = new Map<string, number>();
  const byName = new Map<string, { row: number; urn: string | undefined }>();
  let iu = -2;
  let iname = -2;
  return (values, row, cols) => {
    if (iu === -2) {
      iu = colIndex(cols, "urn");
      iname = colIndex(cols, "name");
    }
    const urn = iu >= 0 && typeof values[iu] === "string" ? (values[iu] as string) : undefined;
    const name = iname >= 0 && typeof values[iname] === "string" ? (values[iname] as string) : undefined;
    if (urn !== undefined) {
      const earlier = byUrn.get(urn);
      if (earlier !== undefined)
        return new Problem("duplicate", `${headerOf(cols, "urn")} "${urn}" repeats row ${earlier}`);
    }
    const nameKey = name?.toLowerCase().replace(/\s+/g, " ");
    if (nameKey !== undefined) {
      const earlier = byName.get(nameKey);
      if (earlier && !(urn !== undefined && earlier.urn !== undefined && earlier.urn !== urn)) {
        return new Problem("duplicate", `${headerOf(cols, "name")} "${name}" repeats row ${earlier.row}`);
      }
    }
    if (urn !== undefined) byUrn.set(urn, row);
    if (nameKey !== undefined && !byName.has(nameKey)) byName.set(nameKey, { row, urn });
    return undefined;
  };
}

/** Parse one mapped table into its dataset's typed records, with total checks and skipped rows. */
export function parseDataset(m: ResolvedMapping): ParsedDataset {
  if (m.dataset === "assumptions") return parseAssumptions(m);
  const extra =
    m.dataset === "placements" ? placementChecks() : m.dataset === "schools" ? schoolChecks() : noCheck;
  const t = readTable(m, extra);
  const issues: SourceIssue[] = [];
  if (t.hiddenRows.length > 0) {
    const list = t.hiddenRows.slice(0, 10).join(", ") + (t.hiddenRows.length > 10 ? ", …" : "");
    issues.push({
      kind: "hidden-rows",
      dataset: m.dataset,
      sheet: m.view.name,
      message: `${t.hiddenRows.length} hidden row${t.hiddenRows.length === 1 ? "" : "s"} on "${m.view.name}" ${t.hiddenRows.length === 1 ? "was" : "were"} read as data (row${t.hiddenRows.length === 1 ? "" : "s"} ${list}). Unhide ${t.hiddenRows.length === 1 ? "it" : "them"} to check, or delete ${t.hiddenRows.length === 1 ? "it" : "them"} if not wanted.`,
    });
  }
  for (const c of t.columns) {
    if (c.scale !== 1) {
      issues.push({
        kind: "scaled",
        dataset: m.dataset,
        sheet: m.view.name,
        row: m.headerRow + 1,
        message: `"${c.header}" is in ${c.scale === 1000 ? "thousands" : c.scale === 1e6 ? "millions" : "billions"} of pounds; its figures were multiplied by ${c.scale.toLocaleString("en-GB")} to give pounds.`,
      });
    }
  }
  const records: ParsedRecords = {};
  switch (m.dataset) {
    case "budgetLines":
      records.budgetLines = build(t, (g, source) => {
        const r: { -readonly [K in keyof BudgetLine]: BudgetLine[K] } = {
          line: g.str("line") as string,
          budget: g.num("budget") as number,
          forecast: g.num("forecast") as number,
          source,
        };
        const s251 = g.str("s251");
        if (s251 !== undefined) r.s251 = s251;
        const lastForecast = g.num("lastForecast");
        if (lastForecast !== undefined) r.lastForecast = lastForecast;
        const note = g.str("note");
        if (note !== undefined) r.note = note;
        return r;
      });
      break;
    case "dsgBlocks":
      records.dsgBlocks = build(t, (g, source) => {
        const r: { -readonly [K in keyof DsgBlockRow]: DsgBlockRow[K] } = {
          block: g.str("block") as string,
          allocation: g.num("allocation") as number,
          transfers: g.num("transfers") ?? 0,
          budget: g.num("budget") as number,
          forecast: g.num("forecast") as number,
          source,
        };
        const lastForecast = g.num("lastForecast");
        if (lastForecast !== undefined) r.lastForecast = lastForecast;
        return r;
      });
      break;
    case "placements":
      records.placements = build(t, (g, source) => {
        const r: { -readonly [K in keyof Placement]: Placement[K] } = {
          pupilRef: g.str("pupilRef") as string,
          school: g.str("school") as string,
          setting: g.str("setting") as string,
          currentBand: g.str("currentBand") as string,
          start: g.num("start") as Serial,
          source,
        };
        const proposedBand = g.str("proposedBand");
        if (proposedBand !== undefined) r.proposedBand = proposedBand;
        const hours = g.num("hours");
        if (hours !== undefined) r.hours = hours;
        const end = g.num("end");
        if (end !== undefined) r.end = end as Serial;
        const annualTopUp = g.num("annualTopUp");
        if (annualTopUp !== undefined) r.annualTopUp = annualTopUp;
        return r;
      });
      break;
    case "currentBands": {
      const settings = tariffColumns(m);
      records.currentBands = build(t, (g, source) => {
        const r: { -readonly [K in keyof CurrentBand]: CurrentBand[K] } = {
          band: g.str("band") as string,
          source,
        };
        const hours = g.num("hours");
        if (hours !== undefined) r.hours = hours;
        const topUp = g.num("topUp");
        if (topUp !== undefined) r.topUp = topUp;
        if (settings.length > 0) {
          const tariffs: Record<string, number | string> = {};
          for (const s of settings) {
            const value = tariffValue(m.view, source.row - 1, s);
            if (value !== undefined) tariffs[s.setting] = value;
          }
          r.tariffs = tariffs;
        }
        return r;
      });
      break;
    }
    case "proposedBands": {
      const valueIdx = t.columns.map((c, i) => (c.key.startsWith("value:") ? i : -1)).filter((i) => i >= 0);
      const bandIdx = colIndex(t.columns, "band");
      records.proposedBands = {
        settings: m.valueColumns.map((v) => v.header),
        rows: t.rows.map((row) => ({
          band: String(row.values[bandIdx]),
          values: valueIdx.map((i) => row.values[i] as number | undefined),
          source: row.source,
        })),
      };
      break;
    }
    case "schools":
      records.schools = build(t, (g, source) => {
        const r: { -readonly [K in keyof School]: School[K] } = {
          name: g.str("name") as string,
          phase: g.str("phase") as string,
          type: g.str("type") as string,
          pupils: g.num("pupils") as number,
          allocation: g.num("allocation") as number,
          floor: g.num("floor") as number,
          source,
        };
        const urn = g.str("urn");
        if (urn !== undefined) r.urn = urn;
        return r;
      });
      break;
    case "deficitPlan":
      records.deficitPlan = build(t, (g, source) => ({
        year: g.str("year") as string,
        funding: g.num("funding") as number,
        expenditure: g.num("expenditure") as number,
        savings: g.num("savings") ?? 0,
        transfers: g.num("transfers") ?? 0,
        otherIncome: g.num("otherIncome") ?? 0,
        writeOffs: g.num("writeOffs") ?? 0,
        source,
      }));
      break;
  }
  return { records, totals: t.totals, skipped: t.skipped, issues };
}

// ---------------------------------------------------------------------------------------------
// Fixed tariffs per setting on the current band table

// A column heading that names a setting (domain.md §3.1–3.3): the £-per-setting columns of a
// current tariff table. Other unmapped columns ("Notes", "Annual cost (£)" beside the hours) are
// not settings: without this, an hours table with a worked-out cost column would read as a tariff.
const SETTING_WORDS =
  /\b(?:mainstream|special|resource[sd]?|base|units?|srp|rp|arp|ap|alternative|post[\s-]?16|fe|college|independent|non[\s-]?maintained|nmss|isp|primary|secondary|nursery|early\s+years|hospital|academy|schools?)\b/i;

interface TariffColumn {
  readonly setting: string;
  readonly col: number;
  readonly scale: number;
}

/**
 * The current band table's £-per-setting columns: the table's columns that no field took, whose
 * heading names a setting and that hold at least one amount. The match leaves them unmapped (the
 * dataset has no value columns, so an hours table needs none); they are read here.
 */
function tariffColumns(m: ResolvedMapping): TariffColumn[] {
  const taken = new Set(m.columns.values());
  const out: TariffColumn[] = [];
  for (let c = m.firstCol; c <= m.lastCol; c++) {
    if (taken.has(c) || m.view.isHiddenColumn(c)) continue;
    const raw = m.headerTexts?.get(c) ?? m.view.value(m.headerRow, c);
    if (isBlank(raw) || typeof raw !== "string" || !SETTING_WORDS.test(raw)) continue;
    let amounts = 0;
    for (let r = m.headerRow + 1; r <= m.lastRow && amounts === 0; r++) {
      const v = m.view.value(r, c);
      if (!isBlank(v) && parseUkNumber(v) !== undefined) amounts++;
    }
    if (amounts === 0) continue;
    const setting = raw
      .replace(/\(\s*£\s*(?:000|m)?\s*\)|£\s*(?:000|m)?/gi, " ")
      .replace(/\s+/g, " ")
      .trim();
    out.push({ setting: setting === "" ? raw.trim() : setting, col: c, scale: headerScale(raw) });
  }
  return out;
}

/** One per-setting cell: the amount in £, the text as written when it is not an amount ("up to £1,190"), or undefined when blank. */
function tariffValue(view: SheetView, r: number, c: TariffColumn): number | string | undefined {
  const v = view.value(r, c.col);
  if (isBlank(v)) return undefined;
  const n = parseUkNumber(v);
  if (n === undefined) return textOf(v);
  return c.scale === 1 ? n : roundPenny(n * c.scale);
}

// ---------------------------------------------------------------------------------------------
// The key-value table

// "Yes"/"No" and their usual variants for "is the Schools Block figure an estimate?".
const YES = new Set(["yes", "y", "true", "estimate", "estimated", "provisional"]);
const NO = new Set(["no", "n", "false", "actual", "final", "confirmed"]);

const MONTHS: Readonly<Record<string, number>> = (() => {
  const names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
  const full = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
  ];
  const out: Record<string, number> = { sept: 9 };
  names.forEach((n, i) => (out[n] = i + 1));
  full.forEach((n, i) => (out[n] = i + 1));
  return out;
})();
// "September 2025", "Sept 2025", "Sep-25": a month with no day. For "data as at" we take the last
// day of the month, the date a month-end position describes ("September 2025" → 30/09/2025).
const MONTH_YEAR = /^([a-z]+)\.?[\s-]+(\d{4}|\d{2})$/i;

function monthEnd(text: string): Serial | undefined {
  const m = MONTH_YEAR.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS[m[1].toLowerCase()];
  if (!month) return undefined;
  const year = m[2].length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  return serialFromDate(year, month, daysInMonth(year, month));
}

/**
 * The key-value table (Item | Value): each row's item is matched to {@link ASSUMPTION_ITEMS}; the
 * best-matching row for each item is read, parsed by the item's type. Unrecognised items are
 * ignored (councils keep other figures there); a recognised item whose value cannot be read is a
 * skipped row.
 */
function parseAssumptions(m: ResolvedMapping): ParsedDataset {
  const { view } = m;
  const itemCol = m.columns.get("item");
  const valueCol = m.columns.get("value");
  const out: Record<string, unknown> = {};
  const sources: Partial<Record<AssumptionKey, SourceRef>> = {};
  const skipped: SkippedRow[] = [];
  if (itemCol === undefined || valueCol === undefined) {
    return { records: { assumptions: { sources } }, totals: [], skipped, issues: [] };
  }
  const valueHeader = textOf(view.value(m.headerRow, valueCol) ?? "Value");
  const best = new Map<AssumptionKey, { row: number; score: number; label: string }>();
  for (let r = m.headerRow + 1; r <= m.lastRow; r++) {
    const item = view.value(r, itemCol);
    if (isBlank(item)) continue;
    const label = textOf(item);
    const match = matchAssumptionItem(label);
    if (!match) continue;
    const prior = best.get(match.key);
    if (!prior || match.score > prior.score) best.set(match.key, { row: r, score: match.score, label });
  }
  const chosen = [...best.entries()].sort((a, b) => a[1].row - b[1].row);
  for (const [key, { row: r, label }] of chosen) {
    const value = view.value(r, valueCol);
    const source: SourceRef = { sheet: view.name, row: r + 1 };
    const skip = (code: SkipCode, reason: string): void => {
      skipped.push({ dataset: "assumptions", source, code, reason });
    };
    const what = `${valueHeader} for "${label}"`;
    if (isBlank(value)) {
      skip("missing", `${what} ${emptyText(view, r, valueCol)}`);
      continue;
    }
    const type = ASSUMPTION_ITEMS[key].type;
    let parsed: unknown;
    if (key === "schoolsBlockIsEstimate") {
      // TRUE/FALSE cells and 1/0 count too.
      const t = typeof value === "string" ? value.trim().toLowerCase() : value ? "true" : "false";
      if (YES.has(t)) parsed = true;
      else if (NO.has(t)) parsed = false;
      else {
        skip("not-a-number", `${what} is ${describeValue(value)}: not Yes or No`);
        continue;
      }
    } else if (type === "money" || type === "number" || type === "percent") {
      const n = parseUkNumber(value);
      if (n === undefined) {
        skip("not-a-number", `${what} is ${describeValue(value)}: not a number`);
        continue;
      }
      // A label such as "Schools block (£000)" says the figure is in thousands.
      parsed = type === "money" ? n * headerScale(label) : n;
    } else if (type === "date") {
      const d = toSerial(value) ?? (typeof value === "string" ? monthEnd(value) : undefined);
      if (d === undefined) {
        skip("not-a-date", `${what} is ${describeValue(value)}: not a date`);
        continue;
      }
      parsed = d;
    } else {
      parsed = textOf(value);
    }
    out[key] = parsed;
    sources[key] = source;
  }
  const assumptions = { ...(out as Omit<Assumptions, "sources">), sources } as Assumptions;
  return { records: { assumptions }, totals: [], skipped, issues: [] };
}
