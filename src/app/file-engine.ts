/**
 * The workbook-file engine: what the front ends do to a council's workbook file without Excel,
 * bytes in and bytes out. The browser preview (through src/taskpane/file-engine.ts, which makes
 * the pane's view models) and the command line (`forum-papers share`, `forum-papers explain`) both
 * use it.
 *
 * - open a file: read it into a snapshot (a failure worded for the user);
 * - a copy with the saved mapping in it (a very hidden sheet, as the add-in saves it in Excel);
 * - the DSG.* formulas in it, each explained from the file's own values;
 * - a copy for readers without the add-in (src/app/share.ts plans each cell; the xlsx part
 *   patches in src/workbook/xlsx/patch.ts write it).
 *
 * Nothing here touches the DOM, the network or the council's file: every result is a new copy.
 */

import JSZip from "jszip";
import { cellA1, MAX_COLS, MAX_ROWS } from "../core/a1";
import { explainCall, type ExplainView } from "../functions/explain";
import { serialiseMapping, type SavedMapping } from "../sources/mapping";
import type { SnapshotValue, WorkbookSnapshot } from "../sources/snapshot";
import { MAX_CELL_TEXT, SAVED_MAPPING_SHEET } from "../workbook/port";
import {
  addTextSheet,
  applyConversions,
  scanDsgFormulas,
  type ScannedFormula,
  type ScannedSheet,
} from "../workbook/xlsx/patch";
import { readWorkbookFile } from "../workbook/xlsx/read";
import { parseWorkbookPart } from "../workbook/xlsx/workbook-part";
import { unreadableFailure } from "./pipeline";
import { callToExplain, partOfLongerFormula, resolveArgs, type RangeNeed } from "./resolve";
import {
  displayFormula,
  noteFor,
  noteSheetRows,
  planConversion,
  NOTE_SHEET,
  type CellReader,
  type Conversion,
  type ConversionNote,
} from "./share";

/** A workbook file: its name (for messages and the copies' names) and its bytes. */
export interface WorkbookFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A workbook file read once: the file and its values. */
export interface OpenedFile {
  readonly file: WorkbookFile;
  readonly snapshot: WorkbookSnapshot;
}

/** An Error whose message is for the user (never a stack trace): what is wrong and what to do. */
export class UserError extends Error {
  override name = "UserError";
}

/**
 * A message as a sentence: a capital first, a full stop last (the pipeline's messages have
 * neither); a message that starts with the file's name keeps the name as it is ("minutes.xlsx").
 */
export function sentence(message: string, fileName: string): string {
  const text = message.trim();
  const body = text.startsWith(fileName) ? text : text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(body) ? body : `${body}.`;
}

/**
 * Read a workbook file.
 *
 * @throws UserError saying why the file cannot be used (not an .xlsx, encrypted, damaged, …)
 */
export async function openWorkbookFile(file: WorkbookFile): Promise<OpenedFile> {
  try {
    return { file, snapshot: await readWorkbookFile(file.bytes, file.name) };
  } catch (e) {
    // The user sees why in plain words; the runtime's own message (a TypeError's) never reaches them.
    throw new UserError(sentence(unreadableFailure(e, file.name).message, file.name));
  }
}

/**
 * A copy of a workbook file with the mapping saved in it: in a sheet Excel never shows (very
 * hidden, as the add-in saves it in Excel).
 */
export async function fileWithMapping(
  opened: { readonly file: WorkbookFile },
  mapping: SavedMapping,
): Promise<Uint8Array> {
  const json = serialiseMapping(mapping);
  const rows: string[][] = [];
  for (let i = 0; i < json.length; i += MAX_CELL_TEXT) rows.push([json.slice(i, i + MAX_CELL_TEXT)]);
  const zip = await JSZip.loadAsync(opened.file.bytes);
  await addTextSheet(zip, SAVED_MAPPING_SHEET, rows, { state: "veryHidden", replace: true });
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

// ---------------------------------------------------------------------------------------------
// Formulas: list, explain, share

/** The DSG formulas in a file, and its workbook-wide defined names (lower-case name → reference). */
export interface FormulaIndex {
  readonly sheets: readonly ScannedSheet[];
  readonly names: ReadonlyMap<string, string>;
}

/** Scan a file for DSG formulas and defined names. */
export async function indexFormulas(opened: { readonly file: WorkbookFile }): Promise<FormulaIndex> {
  const zip = await JSZip.loadAsync(opened.file.bytes);
  const sheets = await scanDsgFormulas(zip);
  const workbookXml = await zip.file("xl/workbook.xml")?.async("string");
  const names = new Map<string, string>();
  if (workbookXml) {
    for (const defined of parseWorkbookPart(workbookXml).definedNames) {
      if (defined.localSheetId === undefined && !defined.name.startsWith("_xlnm."))
        names.set(defined.name.toLowerCase(), defined.value);
    }
  }
  return { sheets, names };
}

/** A cell holding a DSG formula, as the Explain step lists it. */
export interface FormulaRef {
  readonly sheet: string;
  /** "D2". */
  readonly cell: string;
  /** As Excel shows it: "=DSG.HOURSCOST(B2,C2)". */
  readonly formula: string;
  /** What it shows now (the first cell of a spill). */
  readonly shows: string;
  /** Rows × columns of the result when it spills. */
  readonly spill?: { readonly rows: number; readonly cols: number };
}

function shows(value: SnapshotValue | undefined): string {
  if (value === null || value === undefined) return "(empty)";
  if (typeof value === "number") return value.toLocaleString("en-GB", { maximumFractionDigits: 2 });
  return String(value);
}

/** The DSG formulas of a file in sheet order (the saved-mapping sheet left out). */
export function formulaRefs(index: FormulaIndex): FormulaRef[] {
  return index.sheets
    .filter((s) => s.name !== SAVED_MAPPING_SHEET)
    .flatMap((s) =>
      s.formulas.map((f) => {
        const rows = f.values.length;
        const cols = f.values[0]?.length ?? 1;
        return {
          sheet: f.sheet,
          cell: cellA1(f.row, f.col),
          formula: displayFormula(f.formula),
          shows: shows(f.values[0]?.[0]),
          ...(rows * cols > 1 ? { spill: { rows, cols } } : {}),
        };
      }),
    );
}

/** An explained DSG formula, or why there is none. */
export type ExplainOutcome =
  | {
      readonly kind: "explained";
      readonly cell: string;
      readonly formula: string;
      readonly view: ExplainView;
    }
  | { readonly kind: "nothing"; readonly message: string };

/** A reader of the snapshot's values: sheet name (or the formula's own), zero-based row and column. */
function snapshotReader(snapshot: WorkbookSnapshot, ownSheet: string): CellReader {
  const byName = new Map(snapshot.sheets.map((s) => [s.name.toLowerCase(), s]));
  return (sheet, row, col) => byName.get((sheet ?? ownSheet).toLowerCase())?.cells[row]?.[col] ?? null;
}

/**
 * Explain one DSG formula of a file (the first cell of a spill), reading its inputs from the
 * file's values; `target.cell` is its A1 text as {@link formulaRefs} lists it ("E2").
 */
export function explainFormula(
  opened: { readonly snapshot: WorkbookSnapshot },
  index: FormulaIndex,
  target: { readonly sheet: string; readonly cell: string },
): ExplainOutcome {
  const scanned = index.sheets
    .find((s) => s.name === target.sheet)
    ?.formulas.find((f) => cellA1(f.row, f.col) === target.cell);
  if (!scanned)
    return { kind: "nothing", message: `${target.sheet}!${target.cell} no longer holds a DSG formula.` };
  const found = callToExplain(scanned.formula);
  if (!found)
    return { kind: "nothing", message: `The formula in ${target.sheet}!${target.cell} could not be read.` };
  const byName = new Map(opened.snapshot.sheets.map((s) => [s.name.toLowerCase(), s]));
  const read = (need: RangeNeed) => {
    const sheet = byName.get((need.sheet ?? target.sheet).toLowerCase());
    if (!sheet) return { problem: `There is no sheet called ${need.sheet} in this workbook.` };
    // Whole columns and rows stop at the last used cell.
    const usedCols = sheet.cells.reduce((m, r) => Math.max(m, r.length), 0);
    const bottom =
      need.area.bottom === MAX_ROWS - 1 ? Math.max(need.area.top, sheet.cells.length - 1) : need.area.bottom;
    const right = need.area.right === MAX_COLS - 1 ? Math.max(need.area.left, usedCols - 1) : need.area.right;
    const rows: SnapshotValue[][] = [];
    for (let r = need.area.top; r <= bottom; r++) {
      const line: SnapshotValue[] = [];
      for (let c = need.area.left; c <= right; c++) line.push(sheet.cells[r]?.[c] ?? null);
      rows.push(line);
    }
    return rows;
  };
  const args = resolveArgs(found.call, target.sheet, read, (n) => index.names.get(n.toLowerCase()));
  const view = explainCall(found.call, args, 0, 0);
  return {
    kind: "explained",
    cell: `${target.sheet}!${target.cell}`,
    formula: displayFormula(scanned.formula),
    view: found.partOf ? partOfLongerFormula(view, found.call.fn) : view,
  };
}

/** A sheet that can be shared, with how many DSG formulas it holds. */
export interface ShareableSheet {
  readonly name: string;
  readonly dsgFormulas: number;
}

/** Sheets and their DSG formula counts (the saved-mapping sheet and very hidden sheets left out). */
export function shareableSheets(index: FormulaIndex): ShareableSheet[] {
  return index.sheets
    .filter((s) => s.name !== SAVED_MAPPING_SHEET && s.state !== "veryHidden")
    .map((s) => ({ name: s.name, dsgFormulas: s.formulas.length }));
}

/** A copy for readers: what it says, each conversion, and the copy itself. */
export interface SharedCopy {
  readonly message: string;
  readonly notes: readonly ConversionNote[];
  /** "<the file's name> - for readers.xlsx". */
  readonly fileName: string;
  readonly bytes: Uint8Array;
  /** How many DSG formulas became native formulas and how many became values. */
  readonly native: number;
  readonly values: number;
}

/**
 * A copy of a workbook file for readers without the add-in: every DSG formula on the chosen
 * sheets becomes a native formula or its value, and a "Converted formulas" sheet lists each one.
 */
export async function shareFile(
  opened: OpenedFile,
  index: FormulaIndex,
  sheets: readonly string[],
): Promise<SharedCopy> {
  const chosen = index.sheets.filter((s) => sheets.includes(s.name));
  const plans: { cell: ScannedFormula; conversion: Conversion }[] = [];
  for (const s of chosen) {
    const read = snapshotReader(opened.snapshot, s.name);
    for (const cell of s.formulas) {
      const conversion: Conversion = cell.gaps
        ? { kind: "value", values: cell.values, note: "Part of the result is empty, so the values are kept." }
        : planConversion(cell, read);
      plans.push({ cell, conversion });
    }
  }
  const notes = plans.map((p) => noteFor(p.cell, p.conversion));
  const zip = await JSZip.loadAsync(opened.file.bytes);
  await applyConversions(zip, index.sheets, plans);
  const remaining = index.sheets
    .filter((s) => !sheets.includes(s.name) && s.formulas.length > 0 && s.name !== SAVED_MAPPING_SHEET)
    .map((s) => `${s.name} (${s.formulas.length})`);
  const rows = noteSheetRows(notes, sheets);
  if (remaining.length > 0) {
    rows.splice(2, 0, [
      `Not converted (sheets not chosen): ${remaining.join(", ")}. Those cells show #NAME? without the add-in.`,
    ]);
  }
  const noteSheet = await addTextSheet(zip, NOTE_SHEET, rows, { widths: [22, 12, 48, 48, 70] });
  const bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
  const native = plans.filter((p) => p.conversion.kind === "native").length;
  const stem = opened.file.name.replace(/\.[^.]+$/, "");
  return {
    message:
      plans.length === 0
        ? `The chosen sheets hold no DSG formulas; the copy is the same as the original, with a "${noteSheet}" sheet saying so.`
        : `${plans.length} DSG formula${plans.length === 1 ? "" : "s"} converted: ${native} to ordinary Excel formulas, ${plans.length - native} to values. The "${noteSheet}" sheet lists each one.`,
    notes,
    fileName: `${stem} - for readers.xlsx`,
    bytes,
    native,
    values: plans.length - native,
  };
}
