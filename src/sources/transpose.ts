/**
 * Wide tables with the years or the DSG blocks across the columns and the items down the rows (the
 * DfE DSG management plan's financial summary; a council's "DSG by block" table turned on its
 * side), read as ordinary tables.
 *
 * Each such table is turned into a virtual sheet whose rows are the original columns: its header
 * row is "Year" (or "Block") followed by the original row labels, and each row below is one year
 * (or block). The virtual sheets go through the same detection, matching and parsing as any other
 * sheet, so a transposed table gets no special rules of its own. The records parsed from a virtual
 * sheet are then pointed back at the real sheet ({@link relocateAcross}).
 *
 * Recognition is by content: a header row with at least three cells that are financial years
 * ("2026-27", "FY 2026/27") or DSG block names ("Schools Block", "CSSB", "High Needs"), and at
 * least two labelled rows of numbers under it.
 */

import { parseUkNumber, isBlank } from "../core/values";
import { headerScale } from "./match";
import type { SheetSnapshot, SnapshotValue } from "./snapshot";

/** Where a virtual sheet's table came from on the real sheet (zero-based). */
export interface AcrossOrigin {
  /** The real sheet's name. */
  readonly sheet: string;
  /** The row holding the years or blocks across. */
  readonly headerRow: number;
  /** The first column of the table (the row labels). */
  readonly labelCol: number;
  /** What runs across: years or DSG blocks. */
  readonly across: "year" | "block";
}

/** A table read across, as a sheet of its own. */
export interface AcrossSheet {
  readonly snapshot: SheetSnapshot;
  readonly origin: AcrossOrigin;
}

/** Sheets larger than this are not searched for transposed tables (they are lists, not summaries). */
const MAX_ROWS = 400;
const MAX_COLS = 60;
/** Header cells that must be years or blocks. */
const MIN_ACROSS = 3;
/** Labelled rows of numbers under the header. */
const MIN_BODY_ROWS = 2;

const YEAR = /^(?:fy\s*)?(?:19|20)\d\d\s*[-–/]\s*(?:\d\d|(?:19|20)\d\d)$/i;
const BLOCK_NAMES = new Set([
  "schools",
  "schools block",
  "cssb",
  "central school services",
  "central school services block",
  "central schools services block",
  "early years",
  "early years block",
  "high needs",
  "high needs block",
  "hnb",
  "eyb",
  "sb",
  "total",
  "total dsg",
]);

function text(v: SnapshotValue | undefined): string {
  return typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "";
}

function acrossKind(v: SnapshotValue | undefined): "year" | "block" | undefined {
  const t = text(v);
  if (t === "") return undefined;
  if (YEAR.test(t)) return "year";
  const words = t
    .toLowerCase()
    .replace(/\(.*?\)/g, " ")
    .replace(/[^a-z ]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (words !== "total" && words !== "total dsg" && BLOCK_NAMES.has(words)) return "block";
  return undefined;
}

const isTotalText = (v: SnapshotValue | undefined): boolean => /^total\b/i.test(text(v));

/**
 * The unit the table's figures are in, from its corner cell, or a short unit cell or a lone title
 * in the three rows above ("£000", "DSG monitoring (£m)"); 1 when none says otherwise.
 */
function tableScale(cells: SheetSnapshot["cells"], headerRow: number, labelCol: number): number {
  const corner = text(cells[headerRow]?.[labelCol]);
  if (headerScale(corner) !== 1 || /£/.test(corner)) return headerScale(corner);
  for (let r = headerRow - 1; r >= Math.max(0, headerRow - 3); r--) {
    const row = cells[r] ?? [];
    const filled = row.map(text).filter((t) => t !== "");
    for (const t of filled) {
      if (headerScale(t) !== 1 && (t.length <= 12 || filled.length === 1)) return headerScale(t);
    }
  }
  return 1;
}

function unitSuffix(scale: number): string {
  return scale === 1e3 ? " (£000)" : scale === 1e6 ? " (£m)" : scale === 1e9 ? " (£bn)" : "";
}

/**
 * Every transposed table on the given sheets, each as a virtual sheet named
 * `<sheet> (read across)`, and the second and later on one sheet `<sheet> (read across 2)` …: a
 * saved mapping names its table by the virtual sheet, so no two may share a name.
 *
 * @example transposedSheets(snapshot.sheets).map((s) => s.origin.across) // ["year"]
 */
export function transposedSheets(sheets: readonly SheetSnapshot[]): AcrossSheet[] {
  const out: AcrossSheet[] = [];
  for (const sheet of sheets) {
    const cells = sheet.cells;
    const rows = Math.min(cells.length, MAX_ROWS);
    let r = 0;
    let onSheet = 0;
    while (r < rows) {
      const found = findAcrossHeader(cells[r] ?? []);
      if (!found) {
        r++;
        continue;
      }
      const table = readAcross(sheet, r, found.labelCol, found.columns, found.kind);
      if (table) {
        onSheet++;
        const name = onSheet === 1 ? table.sheet.snapshot.name : `${sheet.name} (read across ${onSheet})`;
        out.push({ ...table.sheet, snapshot: { ...table.sheet.snapshot, name } });
        r = table.lastRow + 1;
      } else r++;
    }
  }
  return out;
}

function findAcrossHeader(
  row: readonly SnapshotValue[],
): { labelCol: number; columns: number[]; kind: "year" | "block" } | undefined {
  const width = Math.min(row.length, MAX_COLS);
  for (let c = 0; c < width; c++) {
    const kind = acrossKind(row[c]);
    if (!kind) continue;
    // The label column is the nearest column to the left (blank or not: "£000", "Line", "").
    const labelCol = c - 1;
    if (labelCol < 0) return undefined;
    const columns: number[] = [];
    let keys = 0;
    for (let k = c; k < width; k++) {
      const kk = acrossKind(row[k]);
      if (kk === kind) {
        keys++;
        columns.push(k);
      } else if (isTotalText(row[k])) columns.push(k);
      else break;
    }
    return keys >= MIN_ACROSS ? { labelCol, columns, kind } : undefined;
  }
  return undefined;
}

function readAcross(
  sheet: SheetSnapshot,
  headerRow: number,
  labelCol: number,
  columns: readonly number[],
  kind: "year" | "block",
): { sheet: AcrossSheet; lastRow: number } | undefined {
  const cells = sheet.cells;
  const body: { label: string; row: number }[] = [];
  let blanks = 0;
  let lastRow = headerRow;
  for (let r = headerRow + 1; r < cells.length && blanks < 2; r++) {
    const row = cells[r] ?? [];
    const label = text(row[labelCol]);
    const numbers = columns.filter((c) => parseUkNumber(row[c]) !== undefined).length;
    const empty = isBlank(row[labelCol]) && columns.every((c) => isBlank(row[c]));
    if (empty) {
      blanks++;
      continue;
    }
    // A row of years or blocks again starts another table.
    if (columns.filter((c) => acrossKind(row[c]) !== undefined).length >= MIN_ACROSS) break;
    blanks = 0;
    lastRow = r;
    if (label !== "" && numbers > 0) body.push({ label, row: r });
  }
  if (body.length < MIN_BODY_ROWS) return undefined;

  const suffix = unitSuffix(tableScale(cells, headerRow, labelCol));
  const header: SnapshotValue[] = [
    kind === "year" ? "Year" : "Block",
    ...body.map((b) => (suffix !== "" && headerScale(b.label) === 1 ? b.label + suffix : b.label)),
  ];
  const hiddenCols = new Set(sheet.hiddenColumns);
  const virtual: SnapshotValue[][] = [header];
  const hiddenRows: number[] = [];
  for (const c of columns) {
    virtual.push([cells[headerRow]?.[c] ?? null, ...body.map((b) => cells[b.row]?.[c] ?? null)]);
    if (hiddenCols.has(c)) hiddenRows.push(virtual.length - 1);
  }
  return {
    sheet: {
      snapshot: {
        name: `${sheet.name} (read across)`,
        hidden: sheet.hidden,
        cells: virtual,
        hiddenColumns: [],
        hiddenRows,
        merges: [],
      },
      origin: { sheet: sheet.name, headerRow, labelCol, across: kind },
    },
    lastRow,
  };
}

/**
 * Point every `source` in what was parsed from a virtual sheet back at the real sheet: its name,
 * and the row holding the years or blocks across (a record read across has no row of its own; the
 * row named is where its column is headed).
 */
export function relocateAcross<T>(parsed: T, origin: AcrossOrigin): T {
  const to = { sheet: origin.sheet, row: origin.headerRow + 1 };
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 4 || v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const o = v as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      if ((k === "source" || k === "sources") && x && typeof x === "object" && "row" in x) copy[k] = to;
      else copy[k] = walk(x, depth + 1);
    }
    return copy;
  };
  return walk(parsed, 0) as T;
}
