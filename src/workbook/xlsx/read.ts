/**
 * Read a council workbook file into a values-only WorkbookSnapshot, with ExcelJS.
 *
 * What a reader gets is what Excel shows: formula cells give their cached results, rich text and
 * hyperlinks give their text, dates become Excel serials (and their cells are listed in
 * `dateCells`), error values (#REF!, #N/A …) become empty, and the covered cells of a merged range
 * are empty (only its top-left cell holds the value). Hidden sheets, rows and columns are read and
 * flagged, not skipped: they often hold lookups.
 *
 * Bad input gives a {@link WorkbookReadError} whose message is one line a user can act on. The
 * input bytes are never modified: ExcelJS and JSZip read a private copy.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { serialFromDate } from "../../core/dates";
import { BUILT_SHEET_MARKER } from "../../papers/spec";
import type { CellRange, SheetSnapshot, SnapshotValue, WorkbookSnapshot } from "../../sources/snapshot";
import { MARKER_ID_NAME, MARKER_NAME, SAVED_MAPPING_SHEET } from "../port";
import { WORKBOOK_PART } from "./package";
import { parseTextConstant, parseWorkbookPart } from "./workbook-part";

/** Why a file could not be read. */
export type ReadFailure =
  /** Not a spreadsheet this reader understands (text, CSV, a Word document, an empty file …). */
  | "not-xlsx"
  /** An encrypted (password-to-open) workbook: an OLE compound file holding an EncryptedPackage. */
  | "encrypted"
  /** An Excel 97–2003 .xls workbook (BIFF in an OLE compound file). */
  | "legacy-xls"
  /** A zip that cannot be opened, or an xlsx whose parts cannot be parsed. */
  | "corrupt";

/** A file the reader cannot use; `message` is one line that says what to do. */
export class WorkbookReadError extends Error {
  override name = "WorkbookReadError";
  constructor(
    readonly reason: ReadFailure,
    message: string,
  ) {
    super(message);
  }
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const DAY_MS = 86_400_000;

function toBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  // A private copy: nothing downstream can write into the caller's buffer.
  const view = input instanceof Uint8Array ? input : new Uint8Array(input);
  const copy = new Uint8Array(view.byteLength);
  copy.set(view);
  return copy;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Whether `bytes` contain `text` encoded as UTF-16LE (how OLE directory entries name streams). */
function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const needle = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) needle[i * 2] = text.charCodeAt(i);
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    if (bytes[i] !== needle[0]) continue;
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot === -1 ? "" : name.slice(dot + 1).toLowerCase();
}

/**
 * An OLE compound file is either an encrypted xlsx (Excel wraps a password-protected workbook in
 * one, with EncryptionInfo and EncryptedPackage streams) or a legacy .xls (a Workbook or Book
 * stream), told apart by the stream names in its directory.
 */
function oleFailure(bytes: Uint8Array, name: string): WorkbookReadError {
  const encrypted = new WorkbookReadError(
    "encrypted",
    `${name} is password-protected; save an unprotected copy (File > Info > Protect Workbook > Encrypt with Password, clear the password) and use that`,
  );
  const legacy = new WorkbookReadError(
    "legacy-xls",
    `${name} is an old Excel 97-2003 workbook (.xls); open it in Excel and save it as an Excel Workbook (.xlsx)`,
  );
  if (containsUtf16(bytes, "EncryptedPackage") || containsUtf16(bytes, "EncryptionInfo")) return encrypted;
  if (containsUtf16(bytes, "Workbook") || containsUtf16(bytes, "Book")) return legacy;
  // No directory we recognise: go by the name the user gave it.
  const ext = extensionOf(name);
  if (ext === "xls") return legacy;
  if (ext === "xlsx" || ext === "xlsm") return encrypted;
  return notXlsx(name);
}

function notXlsx(name: string, what?: string): WorkbookReadError {
  return new WorkbookReadError("not-xlsx", `${name} is ${what ?? "not an Excel workbook (.xlsx)"}`);
}

/** Open the package, or explain why it is not one we can read. */
async function openPackage(bytes: Uint8Array, name: string): Promise<JSZip> {
  if (bytes.length === 0) throw notXlsx(name, "empty (0 bytes), not an Excel workbook (.xlsx)");
  if (startsWith(bytes, OLE_MAGIC)) throw oleFailure(bytes, name);
  // "PK": local file header (03 04), empty archive (05 06) or spanned-archive marker (07 08).
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && [3, 5, 7].includes(bytes[2]);
  if (!isZip) {
    if (extensionOf(name) === "csv")
      throw notXlsx(name, "a CSV file, not an Excel workbook (.xlsx); open it in Excel and save it as .xlsx");
    throw notXlsx(name);
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new WorkbookReadError(
      "corrupt",
      `${name} is damaged: it cannot be opened as a zip package (it may be incomplete); download or save it again`,
    );
  }
  if (!zip.file(WORKBOOK_PART)) {
    if (zip.file("xl/workbook.bin"))
      throw notXlsx(name, "an Excel binary workbook (.xlsb); save it as an Excel Workbook (.xlsx)");
    if (zip.file("word/document.xml")) throw notXlsx(name, "a Word document, not an Excel workbook (.xlsx)");
    if (zip.file("ppt/presentation.xml"))
      throw notXlsx(name, "a PowerPoint file, not an Excel workbook (.xlsx)");
    if (zip.file("content.xml") && zip.file("mimetype")) {
      throw notXlsx(name, "an OpenDocument file (.ods); save it as an Excel Workbook (.xlsx)");
    }
    throw notXlsx(name);
  }
  return zip;
}

/** A date as ExcelJS gives it (UTC) → an Excel serial, keeping any time of day as the fraction. */
function serialOf(date: Date): number | null {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return null;
  const whole = serialFromDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()) ?? 0;
  const fraction = (((ms % DAY_MS) + DAY_MS) % DAY_MS) / DAY_MS;
  return whole + fraction;
}

interface Plain {
  readonly value: SnapshotValue;
  readonly isDate: boolean;
}

const EMPTY: Plain = { value: null, isDate: false };

function richTextOf(value: { richText: readonly { text: string }[] }): string {
  return value.richText.map((r) => r.text).join("");
}

/** One ExcelJS cell value → what Excel shows, as a snapshot value. */
export function plainValue(value: ExcelJS.CellValue | undefined): Plain {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === "number") return Number.isFinite(value) ? { value, isDate: false } : EMPTY;
  if (typeof value === "string" || typeof value === "boolean") return { value, isDate: false };
  if (value instanceof Date) return { value: serialOf(value), isDate: true };
  if ("error" in value) return EMPTY;
  if ("richText" in value) return { value: richTextOf(value), isDate: false };
  if ("hyperlink" in value) {
    const text = value.text as unknown;
    if (typeof text === "string") return { value: text, isDate: false };
    if (text && typeof text === "object" && "richText" in text) {
      return { value: richTextOf(text as { richText: { text: string }[] }), isDate: false };
    }
    return EMPTY;
  }
  if ("formula" in value || "sharedFormula" in value) {
    return plainValue((value as { result?: ExcelJS.CellValue }).result);
  }
  return EMPTY;
}

type MergeMap = Record<string, { top: number; left: number; bottom: number; right: number } | undefined>;

function mergesOf(ws: ExcelJS.Worksheet): CellRange[] {
  // ExcelJS keeps merges (1-based, inclusive) by master address; reading that map avoids building
  // the whole sheet model (ws.model) a second time just for its merge list.
  const map = (ws as unknown as { _merges?: MergeMap })._merges ?? {};
  const out: CellRange[] = [];
  for (const m of Object.values(map)) {
    if (m) out.push({ top: m.top - 1, left: m.left - 1, bottom: m.bottom - 1, right: m.right - 1 });
  }
  return out.sort((a, b) => a.top - b.top || a.left - b.left);
}

function sheetSnapshot(ws: ExcelJS.Worksheet): SheetSnapshot {
  const rows: SnapshotValue[][] = [];
  const dateCells = new Set<string>();
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: SnapshotValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      // A merged range's covered cells echo its master's value in ExcelJS; Excel shows them empty.
      if (cell.type === ExcelJS.ValueType.Merge) return;
      // For a formula cell read cell.result: ExcelJS drops a cached result of 0 from cell.value
      // (it gives {formula} alone), while cell.result keeps it.
      const plain =
        cell.type === ExcelJS.ValueType.Formula
          ? plainValue(cell.result as ExcelJS.CellValue)
          : plainValue(cell.value);
      if (plain.value === null) return;
      values[colNumber - 1] = plain.value;
      if (plain.isDate) dateCells.add(`${rowNumber - 1},${colNumber - 1}`);
    });
    if (values.length > 0) rows[rowNumber - 1] = values;
  });
  // Dense, ragged rows: holes become null; rows end at their last value.
  const cells: SnapshotValue[][] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] ?? [];
    cells.push(Array.from({ length: row.length }, (_, c) => row[c] ?? null));
  }
  const width = cells.reduce((w, row) => Math.max(w, row.length), 0);

  const hiddenColumns: number[] = [];
  // ws.columns is null for a sheet with no <cols>; a hidden range such as 5:16384 is expanded by
  // ExcelJS, so only columns inside the used width are reported.
  const columns = (ws.columns as ExcelJS.Column[] | null | undefined) ?? [];
  columns.forEach((col, i) => {
    if (i < width && col.hidden) hiddenColumns.push(i);
  });
  const hiddenRows: number[] = [];
  for (let r = 1; r <= cells.length; r++) if (ws.findRow(r)?.hidden) hiddenRows.push(r - 1);

  return {
    name: ws.name,
    hidden: ws.state === "hidden" || ws.state === "veryHidden",
    cells,
    hiddenColumns,
    hiddenRows,
    merges: mergesOf(ws),
    dateCells,
  };
}

/** The saved mapping: column A of the mapping sheet from A1 down, joined (see SAVED_MAPPING_SHEET). */
function savedMappingOf(ws: ExcelJS.Worksheet): string | undefined {
  let text = "";
  const rowCount = ws.rowCount; // ExcelJS recounts every row each time rowCount is read
  for (let r = 1; r <= rowCount; r++) {
    const { value } = plainValue(ws.getCell(r, 1).value);
    if (value === null || value === "") break;
    text += String(value);
  }
  return text === "" ? undefined : text;
}

/**
 * Read an .xlsx file into a values-only snapshot.
 *
 * @param bytes the file's contents (never modified)
 * @param name the file name, used in the snapshot's `source` and in error messages
 * @returns every worksheet (chart sheets and the saved-mapping sheet left out) and any saved mapping
 * @throws WorkbookReadError for a file that is not a readable .xlsx: reason "not-xlsx", "encrypted",
 *   "legacy-xls" or "corrupt", with a one-line message naming the file
 * @example
 *   const snapshot = await readWorkbookFile(await fs.readFile(path), "HNB monitoring.xlsx");
 */
export async function readWorkbookFile(
  bytes: Uint8Array | ArrayBuffer,
  name: string,
): Promise<WorkbookSnapshot> {
  const copy = toBytes(bytes);
  await openPackage(copy, name);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(copy as unknown as ExcelJS.Buffer);
  } catch (err) {
    const detail = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new WorkbookReadError(
      "corrupt",
      `${name} could not be read as an Excel workbook (${detail}); open it in Excel, save it again and retry`,
    );
  }
  const sheets: SheetSnapshot[] = [];
  let savedMapping: string | undefined;
  for (const ws of wb.worksheets) {
    if (ws.name === SAVED_MAPPING_SHEET) savedMapping = savedMappingOf(ws);
    else sheets.push(sheetSnapshot(ws));
  }
  return { source: name, sheets, ...(savedMapping !== undefined ? { savedMapping } : {}) };
}

/** A sheet carrying the built-sheet marker, with the spec id it was built from. */
export interface BuiltSheet {
  readonly sheet: string;
  readonly id: string;
}

/**
 * The sheets of a workbook that Forum Papers built (those carrying the ForumPapersBuilt marker,
 * see port.ts), in workbook order. Throws WorkbookReadError as {@link readWorkbookFile}.
 */
export async function readBuiltSheets(bytes: Uint8Array | ArrayBuffer, name: string): Promise<BuiltSheet[]> {
  const zip = await openPackage(toBytes(bytes), name);
  const workbook = parseWorkbookPart(await zip.file(WORKBOOK_PART)!.async("string"));
  const scoped = (wanted: string, index: number): string | undefined => {
    const d = workbook.definedNames.find((n) => n.name === wanted && n.localSheetId === index);
    return d ? parseTextConstant(d.value) : undefined;
  };
  const out: BuiltSheet[] = [];
  workbook.sheets.forEach((sheet, index) => {
    if (scoped(MARKER_NAME, index) === BUILT_SHEET_MARKER)
      out.push({ sheet: sheet.name, id: scoped(MARKER_ID_NAME, index) ?? "" });
  });
  return out;
}
