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
 * Every dataset whose records are one per row is built by one generic builder from its fields in
 * DATASETS: each field's cells converted by its type (text and codes as written, money scaled from
 * "£000", numbers, dates), a blank optional field read as its `blankAs` value, a negative one
 * refused where the field says so. What a dataset needs beyond its fields is a small rule in
 * {@link RULES}: the register's end-before-start and duplicate checks, the schools' duplicates, the
 * current band table's £-per-setting columns.
 *
 * Rows and columns are zero-based throughout; a record's `source.row` and the messages are 1-based,
 * as the user sees them. Column indexes are resolved once per table; each cell is read once.
 */

import { cellA1 } from "../core/a1";
import { toSerial, formatUkDate, serialFromDate, daysInMonth, type Serial } from "../core/dates";
import { describeValue } from "../core/errors";
import { exactUnits, fromExactUnits, roundHalfUp, roundPenny } from "../core/money";
import { parseUkNumber } from "../core/values";
import {
  ASSUMPTION_ITEMS,
  DATASETS,
  type AssumptionKey,
  type Assumptions,
  type DatasetId,
  type DatasetRecords,
  type FieldDef,
  type FieldKey,
  type FieldType,
  type ProposedBandTable,
  type RecordOf,
  type RowDatasetId,
  type SkipCode,
  type SkippedRow,
  type SourceNotice,
  type SourceRef,
  type TotalCheck,
} from "./datasets";
import { isEmpty as isBlank, type SheetView } from "./detect";
import { headerScale, matchAssumptionItem, type ValueColumn } from "./match";
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

/** The typed records of the datasets parsed, keyed by dataset id (one table gives one of them). */
export type ParsedRecords = { -readonly [D in DatasetId]?: DatasetRecords[D] };

/** What parsing one table gives. */
export interface ParsedDataset {
  readonly records: ParsedRecords;
  readonly totals: TotalCheck[];
  readonly skipped: SkippedRow[];
  readonly notices: SourceNotice[];
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
const LABEL_FIELD: { readonly [D in DatasetId]: FieldKey<D> } = {
  budgetLines: "line",
  dsgBlocks: "block",
  placements: "pupilRef",
  currentBands: "band",
  proposedBands: "band",
  schools: "name",
  deficitPlan: "year",
  assumptions: "item",
};

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
  /** The field key, or `value:<i>` for a wide table's i-th value column. */
  readonly key: string;
  /** The field it reads (absent for a wide table's value columns). */
  readonly field?: FieldDef;
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
  /** How a non-blank cell is read: {@link CONVERSIONS} for the type, looked up once per table. */
  readonly convert: Conversion;
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
  return error === undefined ? "is empty" : `(cell ${cellA1(r, col)}) shows ${error}`;
}

/** A non-blank cell of one field at row r, converted by the field's type. */
type Conversion = (
  view: SheetView,
  r: number,
  c: Column,
  value: Exclude<SnapshotValue, null>,
) => Parsed | Problem;

const asText: Conversion = (_view, _r, _c, value) => textOf(value);

const asNumber: Conversion = (view, r, c, value) => {
  if (typeof value === "number" && view.isDateCell(r, c.col)) {
    return new Problem("not-a-number", `${c.header} is a date (${formatUkDate(value)}): not a number`);
  }
  const n = parseUkNumber(value);
  if (n === undefined)
    return new Problem("not-a-number", `${c.header} is ${describeValue(value)}: not a number`);
  return c.scale === 1 ? n : n * c.scale;
};

const asDate: Conversion = (_view, _r, c, value) => {
  const d = toSerial(value);
  if (d === undefined) return new Problem("not-a-date", `${c.header} is ${describeValue(value)}: not a date`);
  return d;
};

/** How each type of field reads a cell (money is scaled by its column's "£000" marker). */
const CONVERSIONS: Readonly<Record<FieldType, Conversion>> = {
  text: asText,
  code: asText,
  money: asNumber,
  number: asNumber,
  percent: asNumber,
  date: asDate,
};

function parseCell(view: SheetView, r: number, c: Column, value: SnapshotValue): Parsed | Problem {
  if (isBlank(value) || value === null) {
    return c.required
      ? new Problem("missing", `${c.header} ${emptyText(view, r, c.col)}, and it is required`)
      : undefined;
  }
  const parsed = c.convert(view, r, c, value);
  if (c.nonNegative && typeof parsed === "number" && parsed < 0) {
    return new Problem("negative", `${c.header} is ${describeValue(value)}: it cannot be negative`);
  }
  return parsed;
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
  /** Running sums (exact: see core/money.ts exactUnits) and counts of used rows when the total row was met. */
  readonly sums: bigint[];
  readonly used: number;
  /** Data rows (used or skipped) met before it: a "Total …" with data after it is a section total. */
  readonly dataSeen: number;
}

interface RowValues {
  /** Zero-based row on the (possibly virtual) sheet. */
  readonly row: number;
  readonly values: Parsed[];
  readonly source: SourceRef;
}

/**
 * A rule across one row's parsed values (end before start, a duplicate key), made once per table;
 * it returns a Problem to skip the row. `row` is zero-based.
 */
type RowCheck = (values: readonly Parsed[], row: number, cols: readonly Column[]) => Problem | undefined;

interface TableRead {
  readonly columns: readonly Column[];
  readonly rows: RowValues[];
  readonly totals: TotalCheck[];
  readonly skipped: SkippedRow[];
  /** Zero-based rows read as data although hidden. */
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
      field: f,
      header,
      type: f.type,
      required: f.required,
      col,
      scale: f.type === "money" ? headerScale(header) : 1,
      nonNegative: f.nonNegative === true,
      summed,
      valueType: summed || f.type === "percent" || f.type === "date",
      convert: CONVERSIONS[f.type],
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
      convert: CONVERSIONS.money,
    });
  });
  return cols;
}

/**
 * Read every row of a mapped table: parsed values of the used rows, skipped rows with reasons,
 * total checks. `extraCheck` adds dataset rules (end before start, duplicates); it returns a
 * Problem to skip the row.
 */
function readTable(m: ResolvedMapping, extraCheck: RowCheck): TableRead {
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
    if (view.isHiddenRow(r)) hiddenRows.push(r);
    const values: Parsed[] = new Array<Parsed>(cols.length);
    let problem: Problem | undefined;
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i];
      const p = parseCell(view, r, c, view.value(r, c.col));
      if (p instanceof Problem) {
        problem = p;
        break;
      }
      values[i] = p;
    }
    if (!problem) problem = extraCheck(values, r, cols);
    if (problem) {
      skipped.push({ dataset, source, code: problem.code, reason: problem.reason });
      continue;
    }
    for (const i of summedIdx) {
      const v = values[i];
      if (typeof v === "number") sums[i] += exactUnits(v);
    }
    rows.push({ row: r, values, source });
  }

  return { columns: cols, rows, totals: totalChecks(m, cols, totalRows, dataSeen), skipped, hiddenRows };
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
      const sum = fromExactUnits(t.sums[i] - from.sums[i]);
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
// Records: one generic builder, and the rules some datasets add

/** What a dataset adds to the generic build, where its fields alone cannot say it. */
interface DatasetRules<D extends RowDatasetId> {
  /** A rule across each row's values (made fresh for each table). */
  readonly rowCheck?: () => RowCheck;
  /**
   * More of the record than its fields give, read from the table at a zero-based row (none when
   * the table has nothing more).
   */
  readonly extend?: (m: ResolvedMapping) => ((row: number) => Partial<DatasetRecords[D][number]>) | undefined;
}

const RULES: { readonly [D in RowDatasetId]?: DatasetRules<D> } = {
  placements: { rowCheck: placementChecks },
  schools: { rowCheck: schoolChecks },
  currentBands: { extend: tariffsOf },
};

const noCheck: RowCheck = () => undefined;

/**
 * The typed records of a table's used rows, built from the dataset's fields: each mapped field's
 * value by its key, a blank (or unmapped) field with a `blankAs` value given it, then the rule's
 * extra parts and the row's source.
 */
function buildRecords<D extends RowDatasetId>(m: ResolvedMapping, t: TableRead): RecordOf<D>[] {
  const mapped = t.columns.flatMap((c, index) => (c.field ? [{ field: c.field, index }] : []));
  const unmapped = DATASETS[m.dataset].fields.filter((f) => f.blankAs !== undefined && !m.columns.has(f.key));
  const rules = RULES[m.dataset as D] as DatasetRules<D> | undefined;
  const extend = rules?.extend?.(m);
  return t.rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const { field, index } of mapped) {
      const value = row.values[index] ?? field.blankAs;
      if (value !== undefined) record[field.key] = value;
    }
    for (const field of unmapped) record[field.key] = field.blankAs;
    if (extend) Object.assign(record, extend(row.row));
    record.source = row.source;
    return record as RecordOf<D>;
  });
}

/** The proposed band table: one row per band, one value per setting column. */
function proposedBandTable(m: ResolvedMapping, t: TableRead): ProposedBandTable {
  const valueIdx = t.columns.map((c, i) => (c.key.startsWith("value:") ? i : -1)).filter((i) => i >= 0);
  const bandIdx = colIndex(t.columns, "band" satisfies FieldKey<"proposedBands">);
  return {
    settings: m.valueColumns.map((v) => v.header),
    rows: t.rows.map((row) => ({
      band: String(row.values[bandIdx]),
      values: valueIdx.map((i) => row.values[i] as number | undefined),
      source: row.source,
    })),
  };
}

function colIndex(cols: readonly Column[], key: string): number {
  return cols.findIndex((c) => c.key === key);
}

function headerOf(cols: readonly Column[], key: string): string {
  return cols.find((c) => c.key === key)?.header ?? key;
}

/** A placement field's column header (typed, so a misspelt key does not compile). */
const placementHeader = (cols: readonly Column[], key: FieldKey<"placements">): string => headerOf(cols, key);

/** Placements: end before start, and the same pupil with the same start date twice (later skipped). */
function placementChecks(): RowCheck {
  const seen = new Map<string, number>();
  let idx: { ref: number; start: number; end: number } | undefined;
  return (values, row, cols) => {
    if (!idx) {
      const at = (key: FieldKey<"placements">) => colIndex(cols, key);
      idx = { ref: at("pupilRef"), start: at("start"), end: at("end") };
    }
    const start = idx.start >= 0 ? values[idx.start] : undefined;
    const end = idx.end >= 0 ? values[idx.end] : undefined;
    if (typeof start === "number" && typeof end === "number" && end < start) {
      return new Problem(
        "end-before-start",
        `${placementHeader(cols, "end")} ${formatUkDate(end)} is before ${placementHeader(cols, "start")} ${formatUkDate(start)}`,
      );
    }
    const ref = idx.ref >= 0 ? values[idx.ref] : undefined;
    if (typeof ref === "string" && typeof start === "number") {
      const key = `${ref.toUpperCase()}|${start}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        return new Problem(
          "duplicate",
          `${placementHeader(cols, "pupilRef")} "${ref}" with ${placementHeader(cols, "start")} ${formatUkDate(start)} repeats row ${earlier + 1}`,
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
function schoolChecks(): RowCheck {
  const byUrn = new Map<string, number>();
  const byName = new Map<string, { row: number; urn: string | undefined }>();
  let idx: { urn: number; name: number } | undefined;
  return (values, row, cols) => {
    if (!idx)
      idx = {
        urn: colIndex(cols, "urn" satisfies SchoolKey),
        name: colIndex(cols, "name" satisfies SchoolKey),
      };
    const urn = textAt(values, idx.urn);
    const name = textAt(values, idx.name);
    if (urn !== undefined) {
      const earlier = byUrn.get(urn);
      if (earlier !== undefined)
        return new Problem("duplicate", `${schoolHeader(cols, "urn")} "${urn}" repeats row ${earlier + 1}`);
    }
    const nameKey = name?.toLowerCase().replace(/\s+/g, " ");
    if (nameKey !== undefined) {
      const earlier = byName.get(nameKey);
      if (earlier && !(urn !== undefined && earlier.urn !== undefined && earlier.urn !== urn)) {
        return new Problem(
          "duplicate",
          `${schoolHeader(cols, "name")} "${name}" repeats row ${earlier.row + 1}`,
        );
      }
    }
    if (urn !== undefined) byUrn.set(urn, row);
    if (nameKey !== undefined && !byName.has(nameKey)) byName.set(nameKey, { row, urn });
    return undefined;
  };
}

type SchoolKey = FieldKey<"schools">;

/** A school field's column header (typed, so a misspelt key does not compile). */
const schoolHeader = (cols: readonly Column[], key: SchoolKey): string => headerOf(cols, key);

/** The text value at a column index of a row's values, if it is one. */
function textAt(values: readonly Parsed[], i: number): string | undefined {
  const v = i >= 0 ? values[i] : undefined;
  return typeof v === "string" ? v : undefined;
}

/** The read's notices about one table: hidden rows read as data, money columns scaled to pounds. */
function tableNotices(m: ResolvedMapping, t: TableRead): SourceNotice[] {
  const notices: SourceNotice[] = [];
  const hidden = t.hiddenRows.length;
  if (hidden > 0) {
    const one = hidden === 1;
    const list =
      t.hiddenRows
        .slice(0, 10)
        .map((r) => r + 1)
        .join(", ") + (hidden > 10 ? ", …" : "");
    notices.push({
      code: "hidden-rows-read",
      dataset: m.dataset,
      message: `${hidden} hidden row${one ? "" : "s"} on "${m.view.name}" ${one ? "was" : "were"} read as data (row${one ? "" : "s"} ${list}). Unhide ${one ? "it" : "them"} to check, or delete ${one ? "it" : "them"} if not wanted.`,
    });
  }
  for (const c of t.columns) {
    if (c.scale === 1) continue;
    const [code, unit] =
      c.scale === 1000
        ? (["scaled-thousands", "thousands"] as const)
        : c.scale === 1e6
          ? (["scaled-millions", "millions"] as const)
          : (["scaled-billions", "billions"] as const);
    notices.push({
      code,
      dataset: m.dataset,
      message: `"${c.header}" is in ${unit} of pounds; its figures were multiplied by ${c.scale.toLocaleString("en-GB")} to give pounds.`,
    });
  }
  return notices;
}

/** Parse one mapped table into its dataset's typed records, with total checks and skipped rows. */
export function parseDataset(m: ResolvedMapping): ParsedDataset {
  if (m.dataset === "assumptions") return parseAssumptions(m);
  const dataset: RowDatasetId | "proposedBands" = m.dataset;
  const check = dataset === "proposedBands" ? noCheck : (RULES[dataset]?.rowCheck?.() ?? noCheck);
  const t = readTable(m, check);
  const records: ParsedRecords =
    dataset === "proposedBands"
      ? { proposedBands: proposedBandTable(m, t) }
      : { [dataset]: buildRecords(m, t) };
  return { records, totals: t.totals, skipped: t.skipped, notices: tableNotices(m, t) };
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

/** The current band table's £ by setting at one row (none when the table has no setting columns). */
function tariffsOf(
  m: ResolvedMapping,
): ((row: number) => { tariffs: Record<string, number | string> }) | undefined {
  const settings = tariffColumns(m);
  if (settings.length === 0) return undefined;
  return (row) => {
    const tariffs: Record<string, number | string> = {};
    for (const s of settings) {
      const value = tariffValue(m.view, row, s);
      if (value !== undefined) tariffs[s.setting] = value;
    }
    return { tariffs };
  };
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
    return { records: { assumptions: { sources } }, totals: [], skipped, notices: [] };
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
  return { records: { assumptions }, totals: [], skipped, notices: [] };
}
