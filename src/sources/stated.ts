/**
 * Key figures stated outside any Item | Value table: a label cell with its value a few columns to
 * the right ("DSG reserve b/f:" | -19,785,790; "Schools Block before recoupment" … £49,186,978),
 * or the figure written into a title row ("Schools Block (before recoupment) 2027-28 … £66,691,050").
 *
 * Only figures whose wording leaves no doubt are taken this way (a loose match such as "Schools"
 * would pick a block's row): the Schools Block before recoupment and the opening DSG balance, and
 * the date the data is as at ({@link statedDates}: "Extract date: 31/10/2026" in a title row,
 * "Data as at" | 31/10/2026 as a label and its value).
 * Rows the reader used as a dataset's records or totals are never read again as stated figures.
 * A figure from a key-value table always wins over a stated one (see {@link withStatedFigures}).
 */

import { formatUkDate, parseUkDateText, serialFromDate, type Serial } from "../core/dates";
import { roundPenny } from "../core/money";
import type { Notice } from "../core/notice";
import { isBlank, parseUkNumber } from "../core/values";
import type { AssumptionKey, Assumptions, SourceRef } from "./datasets";
import { columnLetter } from "./mapping";
import { headerScale } from "./match";
import type { SheetSnapshot, SnapshotValue } from "./snapshot";

/** One figure found stated beside its label or in a title. */
export interface StatedFigure {
  readonly key: StatedKey;
  /** £ (scaled by the unit the label, the value or the sheet above states). */
  readonly value: number;
  readonly label: string;
  readonly source: SourceRef;
  /** Zero-based column of the value (of the text, for a figure inside a title). */
  readonly column: number;
}

/** The items read as stated figures. */
export type StatedKey = Extract<AssumptionKey, "schoolsBlock" | "openingBalance">;

/**
 * The wordings that state each figure beyond doubt. Each test is on the label in lower case.
 * Sources: the DfE schools block allocation table ("Total schools block before recoupment"), the
 * DfE DSG management plan ("Cumulative balance b/f"), council Forum papers ("DSG reserve b/f",
 * "Balance brought forward 1 April") — see docs/real-layouts.md.
 */
const WORDINGS: Readonly<Record<StatedKey, (label: string) => boolean>> = {
  schoolsBlock: (l) =>
    /\bschools? block\b/.test(l) &&
    /\bbefore (recoupment|deductions)\b/.test(l) &&
    !/\b(deductions? (to|for)|after|less)\b/.test(l),
  openingBalance: (l) =>
    /(\bb\/f\b|\bbrought forward\b|\bopening\b)/.test(l) &&
    /\b(balance|reserve|deficit|surplus)\b/.test(l) &&
    !/(\bc\/f\b|\bcarried\b|\bclosing\b|\bmovement\b)/.test(l),
};
const KEYS = Object.keys(WORDINGS) as StatedKey[];
/** Words at least one of the wordings needs. */
const HINT = /recoup|b\/f|brought|opening/i;

/** How far right of its label a stated value may be (the DfE table puts it next to it; councils a few columns on). */
const MAX_GAP = 6;
const MAX_ROWS = 5000;
const MAX_COLS = 60;
/** "… £66,691,050" at the end of a title: the amount must carry a £ sign (years are not money). */
const AMOUNT_IN_TEXT = /(?:[-–—…:=]|\.\.\.|\s)\s*(\(?-?£\s?\d[\d,]*(?:\.\d+)?\s*(?:k|m|bn)?\)?)\s*$/i;

function text(v: SnapshotValue | undefined): string {
  return typeof v === "string" ? v.trim() : "";
}

function wordedKey(label: string): StatedKey | undefined {
  const l = label.toLowerCase().replace(/\s+/g, " ");
  return KEYS.find((k) => WORDINGS[k](l));
}

/**
 * The unit of a figure on `row` that carries none itself: the nearest unit stated above it, in a
 * short cell ("£000", "£m") or a title row on its own ("DSG 2026-27 (£000)"); 1 when none is.
 */
function unitAbove(cells: SheetSnapshot["cells"], row: number): number {
  for (let r = row - 1; r >= 0; r--) {
    const filled = (cells[r] ?? []).map(text).filter((t) => t !== "");
    for (const t of filled) {
      if (t.length > 12 && filled.length > 1) continue;
      const scale = headerScale(t);
      if (scale !== 1) return scale;
      if (t === "£" || t === "(£)") return 1;
    }
  }
  return 1;
}

/**
 * Every stated figure on the sheets, in sheet and row order. `usedRows` gives "sheet\u0000row"
 * (1-based row) for the rows read as records or totals, which are skipped.
 *
 * @example statedFigures(snapshot.sheets, () => new Set()).find((f) => f.key === "openingBalance")?.value
 */
export function statedFigures(
  sheets: readonly SheetSnapshot[],
  usedRows: () => ReadonlySet<string>,
): StatedFigure[] {
  return firstInEachRow(sheets, usedRows, HINT, (sheet, r, c, v, width) => {
    const label = v.trim();
    return parseUkNumber(label) !== undefined ? undefined : figureAt(sheet, r, c, label, width);
  });
}

/**
 * Look through the sheets' label cells row by row and keep, for each row, the first cell `find`
 * reads a result from, unless the row is one of `usedRows` (read as a record or total).
 *
 * @param hint A cheap look for the words every wording needs, tried before `find`.
 * @param find Reads a result from the label `text` at row `r`, column `c` (0-based) of a row
 *   `width` cells wide, or gives undefined.
 */
function firstInEachRow<T>(
  sheets: readonly SheetSnapshot[],
  usedRows: () => ReadonlySet<string>,
  hint: RegExp,
  find: (sheet: SheetSnapshot, r: number, c: number, text: string, width: number) => T | undefined,
): T[] {
  const out: T[] = [];
  // Built only when a label is found: most workbooks state nothing, and large registers cost.
  let used: ReadonlySet<string> | undefined;
  for (const sheet of sheets) {
    const rows = Math.min(sheet.cells.length, MAX_ROWS);
    for (let r = 0; r < rows; r++) {
      const row = sheet.cells[r] ?? [];
      const width = Math.min(row.length, MAX_COLS);
      for (let c = 0; c < width; c++) {
        const v = row[c];
        if (typeof v !== "string" || !hint.test(v)) continue;
        const found = find(sheet, r, c, v, width);
        if (found === undefined) continue;
        used ??= usedRows();
        if (!used.has(`${sheet.name}\u0000${r + 1}`)) out.push(found);
        break;
      }
    }
  }
  return out;
}

function figureAt(
  sheet: SheetSnapshot,
  r: number,
  c: number,
  label: string,
  width: number,
): StatedFigure | undefined {
  const row = sheet.cells[r] ?? [];
  const source: SourceRef = { sheet: sheet.name, row: r + 1 };
  // A title with the figure at its end.
  const inText = AMOUNT_IN_TEXT.exec(label);
  if (inText) {
    const before = label.slice(0, inText.index).trim();
    const key = wordedKey(before);
    const n = parseUkNumber(inText[1].replace(/\s+/g, ""));
    if (key && n !== undefined) {
      return { key, value: roundPenny(n * headerScale(before)), label: before, source, column: c };
    }
  }
  const key = wordedKey(label);
  if (!key) return undefined;
  // The first cell holding anything to the right is the value, if it is a number.
  for (let k = c + 1; k < Math.min(width, c + 1 + MAX_GAP); k++) {
    const v = row[k];
    if (isBlank(v)) continue;
    const n = parseUkNumber(v);
    if (n === undefined) return undefined;
    const own = headerScale(label) !== 1 ? headerScale(label) : typeof v === "string" ? headerScale(v) : 1;
    const scale =
      own !== 1
        ? own
        : /[£]/.test(label) || (typeof v === "string" && /£/.test(v))
          ? 1
          : unitAbove(sheet.cells, r);
    return { key, value: roundPenny(n * scale), label, source, column: k };
  }
  return undefined;
}

/** "sheet\u0000row" for every `source` (1-based row) found in the reader's records, totals and skipped rows. */
export function sourceRows(...parts: readonly unknown[]): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 4 || v === null || typeof v !== "object") return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    const s = o.source as { sheet?: unknown; row?: unknown } | undefined;
    if (s && typeof s.sheet === "string" && typeof s.row === "number") out.add(`${s.sheet}\u0000${s.row}`);
    for (const [k, x] of Object.entries(o)) if (k !== "source") walk(x, depth + 1);
  };
  for (const p of parts) walk(p, 0);
  return out;
}

/**
 * The assumptions with each stated figure the key-value table did not give filled in (the first
 * stated on the sheets wins), and its source.
 */
export function withStatedFigures(assumptions: Assumptions, stated: readonly StatedFigure[]): Assumptions {
  const fill: Record<string, unknown> = {};
  const sources: Partial<Record<AssumptionKey, SourceRef>> = { ...assumptions.sources };
  for (const f of stated) {
    if (assumptions[f.key] !== undefined || fill[f.key] !== undefined) continue;
    fill[f.key] = f.value;
    sources[f.key] = f.source;
  }
  return { ...assumptions, ...fill, sources } as Assumptions;
}

/** The Schools Block worked out from the DfE allocation's parts, and where from. */
export interface ComputedSchoolsBlock {
  readonly value: number;
  readonly source: SourceRef;
  /** One sentence for the user: how it was worked out, from which rows. */
  readonly note: string;
}

const UNIT = /\bunit of funding\b|\bunit value\b|\bper pupil\b/i;
const PUPILS = /\bpupils\b|\bnumber on roll\b|\bnor\b/i;
/** Schools block lines added to the per-pupil funding (DfE allocation table, docs/real-layouts.md §1). */
const ADDED = /\bpremises\b|\bgrowth\b|\bfalling rolls\b|\bnndr\b|\bsplit sites?\b/i;

/**
 * Where no sheet states the Schools Block before recoupment: a sheet titled "Schools block …" that
 * lists it as label/value pairs of units of funding and pupils (primary, secondary) and the
 * premises and growth lines gives it as Σ unit × pupils + those lines. Every line must be a label
 * with one number beside it; a "total" line or anything else unexpected on the list, and nothing is
 * worked out (the figure is then asked for, not guessed).
 */
export function computedSchoolsBlock(sheets: readonly SheetSnapshot[]): ComputedSchoolsBlock | undefined {
  for (const sheet of sheets) {
    const cells = sheet.cells;
    const titled = cells
      .slice(0, 3)
      .some((row) => row.some((v) => typeof v === "string" && /\bschools block\b/i.test(v)));
    if (!titled || cells.length > 200) continue;
    const lines: { label: string; value: number; row: number }[] = [];
    let odd = false;
    for (let r = 1; r < cells.length; r++) {
      const row = cells[r] ?? [];
      const filled = row.map((v, c) => ({ v, c })).filter((x) => !isBlank(x.v));
      if (filled.length === 0) continue;
      const label = text(filled[0].v);
      const value = filled.length === 2 ? parseUkNumber(filled[1].v) : undefined;
      if (label === "" || value === undefined || /\btotal\b/i.test(label)) {
        odd = true;
        break;
      }
      lines.push({ label, value, row: r });
    }
    if (odd || lines.length < 3) continue;
    let sum = 0;
    let products = 0;
    const used = new Set<number>();
    for (let i = 0; i < lines.length; i++) {
      if (!UNIT.test(lines[i].label)) continue;
      const p = lines.slice(i + 1, i + 3).find((l) => PUPILS.test(l.label) && !used.has(l.row));
      if (!p) break;
      sum += lines[i].value * p.value;
      products++;
      used.add(lines[i].row);
      used.add(p.row);
    }
    const rest = lines.filter((l) => !used.has(l.row));
    if (products === 0 || !rest.every((l) => ADDED.test(l.label))) continue;
    for (const l of rest) sum += l.value;
    const first = lines[0].row + 1;
    const last = lines[lines.length - 1].row + 1;
    const value = roundPenny(sum);
    return {
      value,
      source: { sheet: sheet.name, row: first },
      note: `No sheet states the Schools Block before recoupment; it was worked out from "${sheet.name}" rows ${first}–${last} as units of funding × pupils (${products} phase${products === 1 ? "" : "s"}) plus ${rest.map((l) => `"${l.label}"`).join(", ") || "nothing else"}: £${value.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}. Check it against the DfE allocation.`,
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The date the data is as at: a register's extract date, a report's "data as at"

/** A date stated beside its label or in a title: the date the data is as at. */
export interface StatedDate {
  readonly value: Serial;
  /** The wording that says what the date is ("Extract date", "Data as at"). */
  readonly label: string;
  /** The cell's text (a title) or the label and the value as shown. */
  readonly text: string;
  readonly source: SourceRef;
  /** "A2": the cell holding the date (the title's cell when the date is inside its text). */
  readonly cell: string;
}

/**
 * The words that say a date is the one the data is as at, at the end of a label or just before
 * the date in a title: "Extract date", "Date of extract", "Extracted on", "Data as at", "Position
 * as at", "Register as at", "As at", "As of", "Snapshot", "Snapshot date", "Snapshot taken".
 * Sources: the SEN2 and case-management extracts and council monitoring reports in
 * docs/real-layouts.md §4 and §6 ("actual expenditure as at 31 October", "month 8").
 */
const AS_AT_WORDS =
  /(?:\bextract(?:ed)?(?:\s+(?:date|on|taken))?|\bdate\s+of\s+(?:the\s+)?extract|\bas\s+(?:at|of)|\bsnapshot(?:\s+(?:date|taken|at|on))?|\bdata\s+date)\s*[:\-–]?\s*$/i;
/** A label with a figure's words is that figure's date, not the data's ("Balance as at 31 March"). */
const FIGURE_WORDS =
  /\b(balance|reserve|deficit|surplus|b\/f|c\/f|brought|carried|opening|closing|allocation|budget|payment|transfer|meeting|published|due|deadline|next)\b/i;
/** A date written in text: "31/10/2026", "31.10.26", "2026-10-31", "31 October 2026", "31st Oct 26". */
const DATE_IN_TEXT =
  /(\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?[\s-]+[a-z]+\.?,?[\s-]+(?:\d{4}|\d{2}))(?![\d/.-])/i;
/** A cheap look for the words every as-at wording needs. */
const AS_AT_HINT = /extract|as at|as of|snapshot|data date/i;
/** Serials of 1 Jan 2000 and 31 Dec 2099: a plain number beside "Extract date" is a date in these. */
const SERIAL_2000 = serialFromDate(2000, 1, 1)!;
const SERIAL_2099 = serialFromDate(2099, 12, 31)!;

/** The date a cell holds: a date cell, a plain serial in this century, or UK date text. */
function dateValue(sheet: SheetSnapshot, r: number, c: number, v: SnapshotValue): Serial | undefined {
  if (typeof v === "number") {
    const shown = sheet.dateCells?.has(`${r},${c}`) ?? false;
    if (!shown && (v < SERIAL_2000 || v > SERIAL_2099)) return undefined;
    return Math.floor(v) as Serial;
  }
  return typeof v === "string" ? parseUkDateText(v) : undefined;
}

function shown(sheet: SheetSnapshot, r: number, c: number, v: SnapshotValue): string {
  if (typeof v === "number" && sheet.dateCells?.has(`${r},${c}`)) return formatUkDate(v);
  return String(v).trim();
}

/** A row holds a number other than at `except` (a label/value figure, not a date line). */
function rowHasFigure(
  row: readonly SnapshotValue[],
  except: readonly number[],
  sheet: SheetSnapshot,
  r: number,
): boolean {
  return row.some(
    (v, c) =>
      !except.includes(c) &&
      typeof v !== "boolean" &&
      !isBlank(v) &&
      parseUkNumber(v) !== undefined &&
      !sheet.dateCells?.has(`${r},${c}`),
  );
}

function dateAt(
  sheet: SheetSnapshot,
  r: number,
  c: number,
  text: string,
  width: number,
): StatedDate | undefined {
  const row = sheet.cells[r] ?? [];
  const source: SourceRef = { sheet: sheet.name, row: r + 1 };
  // A title with the date in its text: "Extract date: 01/11/2026", "Data as at 31 October 2026".
  const inText = DATE_IN_TEXT.exec(text);
  if (inText) {
    const before = text.slice(0, inText.index).trim();
    const value = parseUkDateText(inText[1].replace(/\s+/g, " "));
    if (value === undefined || !AS_AT_WORDS.test(before) || FIGURE_WORDS.test(before)) return undefined;
    if (rowHasFigure(row, [c], sheet, r)) return undefined;
    return {
      value,
      label: before.replace(/[\s:\-–]+$/, ""),
      text,
      source,
      cell: `${columnLetter(c + 1)}${r + 1}`,
    };
  }
  // A label with its date in the first cell holding anything to its right.
  if (!AS_AT_WORDS.test(text) || FIGURE_WORDS.test(text) || text.length > 60) return undefined;
  for (let k = c + 1; k < Math.min(width, c + 1 + MAX_GAP); k++) {
    const v = row[k];
    if (isBlank(v)) continue;
    const value = dateValue(sheet, r, k, v);
    if (value === undefined || rowHasFigure(row, [c, k], sheet, r)) return undefined;
    return {
      value,
      label: text.replace(/[\s:\-–]+$/, ""),
      text: `${text} ${shown(sheet, r, k, v)}`,
      source,
      cell: `${columnLetter(k + 1)}${r + 1}`,
    };
  }
  return undefined;
}

/**
 * Every date stated as the one the data is as at, in sheet and row order: a label and its value
 * ("Extract date:" | 01/11/2026, "Data as at" | a date cell) or a title row holding the date
 * ("Snapshot 31.10.26"). A label naming a figure ("Balance as at 31 March 2026") is not one, nor
 * a line with a number beside the date. Rows read as records or totals are skipped (`usedRows`
 * as for {@link statedFigures}).
 *
 * @example statedDates(snapshot.sheets, () => new Set())[0]?.cell // "A2"
 */
export function statedDates(
  sheets: readonly SheetSnapshot[],
  usedRows: () => ReadonlySet<string>,
): StatedDate[] {
  return firstInEachRow(sheets, usedRows, AS_AT_HINT, (sheet, r, c, v, width) =>
    dateAt(sheet, r, c, v.trim().replace(/\s+/g, " "), width),
  );
}

/** The notice that says where the as-at date came from (the sheet and cell are in its message). */
export type StatedDateNotice = Notice<"as-at-stated"> & { readonly dataset: "assumptions" };

/**
 * The assumptions with the as-at date the sheets state, where the workbook's key figures did not
 * give one, and the notice saying so with the cell. The first date on `preferSheet` (the
 * register's sheet: its extract date is what its placements are as at) wins, else the first in
 * sheet order; a different date stated elsewhere is named in the notice.
 */
export function withStatedAsAt(
  assumptions: Assumptions,
  dates: readonly StatedDate[],
  preferSheet?: string,
): { assumptions: Assumptions; notice?: StatedDateNotice } {
  if (assumptions.asAt !== undefined || dates.length === 0) return { assumptions };
  const used = dates.find((d) => d.source.sheet === preferSheet) ?? dates[0];
  const other = dates.find((d) => d.value !== used.value);
  const where = (d: StatedDate) => `sheet "${d.source.sheet}" cell ${d.cell} ("${d.text}")`;
  const message = `The data is taken as at ${formatUkDate(used.value)}, the date stated on ${where(used)}.${
    other ? ` Another date is stated on ${where(other)}: check which one the data is as at.` : ""
  }`;
  return {
    assumptions: { ...assumptions, asAt: used.value, sources: { ...assumptions.sources, asAt: used.source } },
    notice: { code: "as-at-stated", dataset: "assumptions", message },
  };
}
