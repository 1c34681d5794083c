/**
 * The Office adapter's half of Share: copy sheets of the open workbook, replace chosen formula
 * cells on the copies with what the caller plans for them (native formulas or values), and add a
 * sheet of plain-text notes. The council's own sheets are never changed: only the copies are.
 *
 * Three syncs in all: copy and read the copies; read the results of spills and the inputs on other
 * sheets; write every cell and the note sheet. What a formula becomes is the caller's (src/app/
 * share.ts plans it), so this module holds only the Excel calls.
 */
import { areaA1, cellA1, type Area } from "../../core/a1";
import type { SnapshotValue } from "../../sources/snapshot";
import type { CellReplacement } from "../xlsx/patch";
import { sheetArea, type RangeToRead } from "./cells";
import { needsTextPrefix } from "./plan";

/** Excel's limit on a sheet name. */
const MAX_SHEET_NAME = 31;

/** A free sheet name: "Register (for readers)", "Register (for readers 2)", …, within 31 characters. */
export function freeSheetName(base: string, suffix: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const tail = n === 1 ? ` (${suffix})` : ` (${suffix} ${n})`;
    const name = base.slice(0, MAX_SHEET_NAME - tail.length).trimEnd() + tail;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}

/** Text as a cell value: text Excel would read as something else keeps Excel's leading apostrophe. */
function asText(value: unknown): string {
  return typeof value === "string" && needsTextPrefix(value) ? `'${value}` : String(value ?? "");
}

/** A formula cell on a copy: where it is, its formula, and what it (and its spill) shows now. */
export interface CopiedFormula {
  /** The copy's name. */
  readonly sheet: string;
  /** Zero-based. */
  readonly row: number;
  readonly col: number;
  readonly formula: string;
  readonly values: readonly (readonly SnapshotValue[])[];
}

/** Reads one cell: sheet (undefined: the copy's own), zero-based row and column. */
export type CopyReader = (sheet: string | undefined, row: number, col: number) => SnapshotValue;

/** What {@link copySheetsForReaders} does with the copies' formulas and the note sheet. */
export interface CopyPlan<Replacement extends CellReplacement> {
  /** Words for the copies' names: "for readers" → "Register (for readers)". */
  readonly suffix: string;
  /** The formulas to replace (given with their "="). */
  readonly replaces: (formula: string) => boolean;
  /** The ranges a formula reads on other sheets (those with a sheet are read for `replace`). */
  readonly reads: (formula: string) => readonly RangeToRead[];
  /** What a formula cell becomes, given a reader of the copy's and the other sheets' values. */
  readonly replace: (cell: CopiedFormula, read: CopyReader) => Replacement;
  /** The note sheet: its name (a free one is taken) and its rows of plain text. */
  readonly noteSheet: string;
  readonly noteRows: (
    replaced: readonly { cell: CopiedFormula; replacement: Replacement }[],
    copies: readonly string[],
  ) => string[][];
}

/** What {@link copySheetsForReaders} made. */
export interface CopyResult<Replacement> {
  readonly copies: readonly string[];
  readonly noteSheet: string;
  readonly replaced: readonly { cell: CopiedFormula; replacement: Replacement }[];
}

/**
 * Copy the named sheets to the end of the workbook, replace the formulas `plan.replaces` picks on
 * the copies, add the note sheet and show the first copy.
 */
export async function copySheetsForReaders<Replacement extends CellReplacement>(
  context: Excel.RequestContext,
  names: readonly string[],
  plan: CopyPlan<Replacement>,
): Promise<CopyResult<Replacement>> {
  const ws = context.workbook.worksheets;
  ws.load("items/name");
  await context.sync();
  const taken = new Set(ws.items.map((s) => s.name.toLowerCase()));

  // 1. Copy each chosen sheet and read the copy's formulas and values.
  const copies = names.map((name) => {
    const copy = ws.getItem(name).copy(Excel.WorksheetPositionType.end);
    copy.name = freeSheetName(name, plan.suffix, taken);
    const used = copy.getUsedRangeOrNullObject();
    used.load("address,formulas,values");
    copy.load("name");
    return { copy, used };
  });
  await context.sync();

  // 2. The formula cells, their spills, and the inputs on other sheets, in one sync.
  interface Found {
    copy: (typeof copies)[number];
    origin: Area;
    row: number;
    col: number;
    formula: string;
    spill?: Excel.Range;
  }
  const found: Found[] = [];
  const others: { sheet: string; area: Area; range: Excel.Range }[] = [];
  const spillSupported = Office.context.requirements.isSetSupported("ExcelApi", "1.12");
  for (const c of copies) {
    if (c.used.isNullObject) continue;
    const origin = sheetArea(c.used.address)?.area ?? { top: 0, left: 0, bottom: 0, right: 0 };
    c.used.formulas.forEach((line, r) =>
      line.forEach((formula, k) => {
        if (typeof formula !== "string" || !formula.startsWith("=") || !plan.replaces(formula)) return;
        const row = origin.top + r;
        const col = origin.left + k;
        const spill = spillSupported
          ? c.copy.getRange(cellA1(row, col)).getSpillingToRangeOrNullObject()
          : undefined;
        spill?.load("address,values");
        found.push({ copy: c, origin, row, col, formula, ...(spill ? { spill } : {}) });
        for (const need of plan.reads(formula)) {
          if (!need.sheet) continue;
          const range = ws.getItem(need.sheet).getRange(need.a1);
          range.load("values");
          others.push({ sheet: need.sheet, area: need.area, range });
        }
      }),
    );
  }
  await context.sync();

  // 3. Plan each cell, write the plan and the note sheet, in one sync.
  const replaced: { cell: CopiedFormula; replacement: Replacement }[] = [];
  for (const f of found) {
    const { copy, used } = f.copy;
    const own = (row: number, col: number) =>
      (used.values[row - f.origin.top]?.[col - f.origin.left] ?? null) as SnapshotValue;
    const read: CopyReader = (sheet, row, col) => {
      if (sheet === undefined || sheet.toLowerCase() === copy.name.toLowerCase()) return own(row, col);
      const hit = others.find(
        (o) =>
          o.sheet.toLowerCase() === sheet.toLowerCase() &&
          row >= o.area.top &&
          row <= o.area.bottom &&
          col >= o.area.left &&
          col <= o.area.right,
      );
      return (hit?.range.values[row - hit.area.top]?.[col - hit.area.left] ?? null) as SnapshotValue;
    };
    const values: SnapshotValue[][] =
      f.spill && !f.spill.isNullObject ? (f.spill.values as SnapshotValue[][]) : [[own(f.row, f.col)]];
    const cell: CopiedFormula = { sheet: copy.name, row: f.row, col: f.col, formula: f.formula, values };
    const replacement = plan.replace(cell, read);
    const target = copy.getRange(
      areaA1({
        top: f.row,
        left: f.col,
        bottom: f.row + values.length - 1,
        right: f.col + (values[0]?.length ?? 1) - 1,
      }),
    );
    if (replacement.kind === "native")
      target.formulas = replacement.formulas.map((r) => r.map((x) => `=${x}`));
    else
      target.values = replacement.values.map((r) =>
        r.map((v) => (typeof v === "string" ? asText(v) : (v ?? ""))),
      );
    replaced.push({ cell, replacement });
  }
  const copyNames = copies.map((c) => c.copy.name);
  const noteSheet = addNoteSheet(context, plan.noteSheet, plan.noteRows(replaced, copyNames), taken);
  copies[0]?.copy.activate();
  await context.sync();
  return { copies: copyNames, noteSheet, replaced };
}

/**
 * Queue a sheet of plain text (five columns; the first row a title, the row starting "Sheet" a
 * header): every cell text-formatted so nothing is read as a formula or a number. Takes a free
 * name (`name`, then "name (2)", …) and returns it; the caller's next sync writes it.
 */
function addNoteSheet(
  context: Excel.RequestContext,
  name: string,
  rows: readonly (readonly string[])[],
  taken: Set<string>,
): string {
  let noteName = name;
  for (let n = 2; taken.has(noteName.toLowerCase()); n++) noteName = `${name} (${n})`;
  const note = context.workbook.worksheets.add(noteName);
  const width = 5;
  const grid = rows.map((r) => Array.from({ length: width }, (_, i) => asText(r[i] ?? "")));
  const range = note.getRange(`A1:E${grid.length}`);
  range.numberFormat = grid.map((r) => r.map(() => "@"));
  range.values = grid;
  note.getRange("A1").format.font.bold = true;
  note.getRange("A1").format.font.size = 14;
  const headerRow = rows.findIndex((r) => r[0] === "Sheet") + 1;
  note.getRange(`A${headerRow}:E${headerRow}`).format.font.bold = true;
  note.getRange("A:B").format.columnWidth = 110;
  note.getRange("C:E").format.columnWidth = 260;
  return noteName;
}
