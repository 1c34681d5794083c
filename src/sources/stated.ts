/**
 * Key figures stated outside any Item | Value table: a label cell with its value a few columns to
 * the right ("DSG reserve b/f:" | -19,785,790; "Schools Block before recoupment" … £49,186,978),
 * or the figure written into a title row ("Schools Block (before recoupment) 2027-28 … £66,691,050").
 *
 * Only figures whose wording leaves no doubt are taken this way (a loose match such as "Schools"
 * would pick a block's row): the Schools Block before recoupment and the opening DSG balance.
 * Rows the reader used as a dataset's records or totals are never read again as stated figures.
 * A figure from a key-value table always wins over a stated one (see {@link withStatedFigures}).
 */

import { roundPenny } from "../core/money";
import { isBlank, parseUkNumber } from "../core/values";
import type { AssumptionKey, Assumptions, SourceRef } from "./datasets";
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
  const out: StatedFigure[] = [];
  // Built only when a label is found: most workbooks state nothing, and large registers cost.
  let used: ReadonlySet<string> | undefined;
  for (const sheet of sheets) {
    const rows = Math.min(sheet.cells.length, MAX_ROWS);
    for (let r = 0; r < rows; r++) {
      const row = sheet.cells[r] ?? [];
      const width = Math.min(row.length, MAX_COLS);
      for (let c = 0; c < width; c++) {
        const v = row[c];
        // A cheap look for the words every wording needs before any pattern is tried.
        if (typeof v !== "string" || !HINT.test(v)) continue;
        const label = v.trim();
        if (parseUkNumber(label) !== undefined) continue;
        const found = figureAt(sheet, r, c, label, width);
        if (!found) continue;
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
