/**
 * The browser preview's engine: the xlsx adapter, the source reader and the paper builders running
 * on a workbook file the user opened. Loaded on demand (its own chunk: ExcelJS is large), only by
 * the file host; the pane inside Excel never loads it.
 *
 * Nothing here touches the DOM or the network: bytes in, bytes and view models out.
 */

import JSZip from "jszip";
import { detectCandidates, readDatasets, serialiseMapping, type WorkbookSnapshot } from "../sources";
import { buildPapersInto, BuildFailure, papersDocProps, unreadableFailure } from "../app/pipeline";
import { SAVED_MAPPING_SHEET, MAX_CELL_TEXT } from "../workbook/port";
import { XlsxWorkbookPort, type XlsxWriteResult } from "../workbook/xlsx/adapter";
import { readWorkbookFile } from "../workbook/xlsx/read";
import { parseWorkbookPart } from "../workbook/xlsx/workbook-part";
import { buildResultView, papersFileName } from "./build-view";
import { explainCall } from "./explain";
import { cellA1, MAX_COLS, MAX_ROWS } from "./formulas";
import {
  XLSX_MIME,
  type BuildProgress,
  type BuildRequest,
  type BuildResult,
  type ExplainOutcome,
  type FormulaRef,
  type PickedFile,
  type ShareResult,
  type ShareableSheet,
  type SourcesView,
} from "./host";
import { callToExplain, resolveArgs, type RangeNeed } from "./resolve";
import {
  displayFormula,
  noteFor,
  noteSheetRows,
  planConversion,
  NOTE_SHEET,
  type CellReader,
  type Conversion,
} from "./share";
import { buildSourcesView } from "./sources-view";
import {
  addTextSheet,
  applyConversions,
  scanDsgFormulas,
  type ScannedFormula,
  type ScannedSheet,
} from "./xlsx-patch";
import type { SavedMapping } from "../sources/mapping";
import type { SnapshotValue } from "../sources/snapshot";

/** A workbook file opened in the preview. */
export interface OpenedWorkbook {
  readonly file: PickedFile;
  readonly snapshot: WorkbookSnapshot;
  readonly view: SourcesView;
}

/** An Error with a message for the user (never a stack trace in the pane). */
function userError(message: string): Error {
  const e = new Error(message);
  e.name = "UserError";
  return e;
}

/**
 * A message as a sentence: a capital first, a full stop last (the pipeline's messages have
 * neither); a message that starts with the file's name keeps the name as it is ("minutes.xlsx").
 */
function sentence(message: string, fileName: string): string {
  const t = message.trim();
  const body = t.startsWith(fileName) ? t : t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(body) ? body : `${body}.`;
}

/**
 * Open a workbook file: read it, find its tables and the mapping a build would use.
 *
 * @throws an Error whose message says why the file cannot be used (not an .xlsx, encrypted, …)
 */
export async function openWorkbook(file: PickedFile): Promise<OpenedWorkbook> {
  let snapshot: WorkbookSnapshot;
  try {
    snapshot = await readWorkbookFile(file.bytes, file.name);
  } catch (e) {
    // The user sees why in plain words; the runtime's own message (a TypeError's) never reaches them.
    const failure = unreadableFailure(e, file.name);
    throw userError(sentence(failure.message, file.name));
  }
  const candidates = detectCandidates(snapshot);
  const report = readDatasets(snapshot);
  return { file, snapshot, view: buildSourcesView(snapshot, candidates, report) };
}

/**
 * Build the papers from an opened workbook into a new papers workbook (a download).
 * Aborting stops at the next step; the promise then rejects with AbortError and no bytes exist.
 */
export async function buildPapersFile(
  opened: OpenedWorkbook,
  request: BuildRequest,
  progress: (p: BuildProgress) => void,
  signal: AbortSignal,
): Promise<BuildResult> {
  try {
    const { datasets, build, written } = await buildPapersInto<XlsxWriteResult>(
      opened.snapshot,
      request,
      (d) => new XlsxWorkbookPort(papersDocProps(d, request.options)),
      { progress, signal },
    );
    return buildResultView(datasets, build, {
      fileName: papersFileName(opened.file.name),
      bytes: written.bytes,
      mimeType: XLSX_MIME,
    });
  } catch (e) {
    if (e instanceof BuildFailure) throw userError(sentence(e.message, opened.file.name));
    throw e;
  }
}

/**
 * A copy of the opened file with the mapping saved in it: in a sheet Excel never shows (very
 * hidden, as the add-in saves it in Excel).
 */
export async function fileWithMapping(opened: OpenedWorkbook, mapping: SavedMapping): Promise<Uint8Array> {
  const json = serialiseMapping(mapping);
  const rows: string[][] = [];
  for (let i = 0; i < json.length; i += MAX_CELL_TEXT) rows.push([json.slice(i, i + MAX_CELL_TEXT)]);
  const zip = await JSZip.loadAsync(opened.file.bytes);
  await addTextSheet(zip, SAVED_MAPPING_SHEET, rows, { state: "veryHidden", replace: true });
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

// ---------------------------------------------------------------------------------------------
// Formulas: explain and share

/** What the preview knows about the DSG formulas in the opened file. */
export interface FormulaIndex {
  readonly sheets: readonly ScannedSheet[];
  readonly names: ReadonlyMap<string, string>;
}

/** Scan the opened file for DSG formulas and defined names. */
export async function indexFormulas(opened: OpenedWorkbook): Promise<FormulaIndex> {
  const zip = await JSZip.loadAsync(opened.file.bytes);
  const sheets = await scanDsgFormulas(zip);
  const workbookXml = await zip.file("xl/workbook.xml")?.async("string");
  const names = new Map<string, string>();
  if (workbookXml) {
    for (const d of parseWorkbookPart(workbookXml).definedNames) {
      if (d.localSheetId === undefined && !d.name.startsWith("_xlnm."))
        names.set(d.name.toLowerCase(), d.value);
    }
  }
  return { sheets, names };
}

function shows(value: SnapshotValue | undefined): string {
  if (value === null || value === undefined) return "(empty)";
  if (typeof value === "number") return value.toLocaleString("en-GB", { maximumFractionDigits: 2 });
  return String(value);
}

/** The formulas the Explain step lists (visible sheets first, then hidden ones). */
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

/** A reader of the snapshot's values: sheet name (or the formula's own), zero-based row and column. */
function snapshotReader(snapshot: WorkbookSnapshot, ownSheet: string): CellReader {
  const byName = new Map(snapshot.sheets.map((s) => [s.name.toLowerCase(), s]));
  return (sheet, row, col) => byName.get((sheet ?? ownSheet).toLowerCase())?.cells[row]?.[col] ?? null;
}

/** Explain one listed formula (its first cell), reading its inputs from the file's values. */
export function explainFormula(
  opened: OpenedWorkbook,
  index: FormulaIndex,
  target: FormulaRef,
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
  const part = found.partOf
    ? {
        ...view,
        summary: `${view.summary} (This explains the DSG.${found.call.fn} part of a longer formula.)`,
      }
    : view;
  return {
    kind: "explained",
    cell: `${target.sheet}!${target.cell}`,
    formula: displayFormula(scanned.formula),
    view: part,
  };
}

/** Sheets and their DSG formula counts (the saved-mapping sheet left out). */
export function shareableSheets(index: FormulaIndex): ShareableSheet[] {
  return index.sheets
    .filter((s) => s.name !== SAVED_MAPPING_SHEET && s.state !== "veryHidden")
    .map((s) => ({ name: s.name, dsgFormulas: s.formulas.length }));
}

/**
 * A copy of the opened workbook for readers without the add-in: every DSG formula on the chosen
 * sheets becomes a native formula or its value, and a "Converted formulas" sheet lists each one.
 */
export async function shareFile(
  opened: OpenedWorkbook,
  index: FormulaIndex,
  sheets: readonly string[],
): Promise<ShareResult> {
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
    download: { fileName: `${stem} - for readers.xlsx`, bytes, mimeType: XLSX_MIME },
  };
}
