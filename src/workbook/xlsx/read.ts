/**
 * Read a council workbook file into a values-only WorkbookSnapshot.
 *
 * What a reader gets is what Excel shows: formula cells give their cached results, rich text and
 * hyperlinks give their text, dates become Excel serials (and their cells are listed in
 * `dateCells`), error values (#REF!, #N/A …) become empty with the error kept in `errorCells`,
 * and the covered cells of a merged range are empty (only its top-left cell holds the value).
 * Hidden sheets, rows and columns are read and flagged, not skipped: they often hold lookups.
 *
 * The package is opened with JSZip and read part by part, each inflated by the platform's native
 * inflate where there is one (part-stream.ts), and the large parts (worksheets, shared strings,
 * styles) are scanned as they inflate (xml-scan.ts), so memory follows the cells that hold values,
 * not the size of the file: formatting down to row 1,048,576 costs nothing, and what is read is
 * capped (limits.ts) so a zip bomb is refused with a message saying how to slim the workbook.
 *
 * Bad input gives a {@link WorkbookReadError} whose message is one line a user can act on (any
 * technical detail is in its `detail`). The input bytes are never modified: JSZip reads a copy.
 */
import JSZip from "jszip";
import { BUILT_SHEET_MARKER } from "../../papers/spec";
import type { SheetSnapshot, SnapshotValue, SnapshotWarning, WorkbookSnapshot } from "../../sources/snapshot";
import { MARKER_ID_NAME, MARKER_NAME, SAVED_MAPPING_SHEET } from "../port";
import { parseRels, relsPathFor, resolveTarget, type Relationship } from "./charts/rels";
import { CFB_MAGIC, biffIsEncrypted, cfbStreams } from "./cfb";
import { CellBudget, DEFAULT_LIMITS, PartTooLargeError, TooManyCellsError, type ReadLimits } from "./limits";
import { DateStyles, StylesScan } from "./number-formats";
import { WORKBOOK_PART } from "./package";
import {
  PartInflateError,
  readPartText,
  streamPartText,
  type Inflater,
  type PackagePart,
} from "./part-stream";
import { SharedStringTable, SharedStringsScan } from "./shared-strings-read";
import { SheetContentError, SheetScan, type SheetReadContext } from "./sheet-read";
import { parseTextConstant, parseWorkbookPart, type ParsedWorkbook } from "./workbook-part";
import { XmlScanError, type XmlScanner } from "./xml-scan";
import { declaredSizes } from "./zip-directory";

/** Why a file could not be read. */
export type ReadFailure =
  /** Not a spreadsheet this reader understands (text, CSV, a Word document, an empty file …). */
  | "not-xlsx"
  /** An encrypted (password-to-open) workbook: an OLE compound file holding an EncryptedPackage. */
  | "encrypted"
  /** An Excel 97–2003 .xls workbook (BIFF in an OLE compound file). */
  | "legacy-xls"
  /** A zip that cannot be opened, or an xlsx whose parts are missing or cannot be parsed. */
  | "corrupt"
  /** A workbook past the reader's limits (limits.ts): a part that expands too far, too many cells. */
  | "too-large";

/** A file the reader cannot use; `message` is one line that says what to do. */
export class WorkbookReadError extends Error {
  override name = "WorkbookReadError";
  constructor(
    readonly reason: ReadFailure,
    message: string,
    /** The technical detail behind the message (a parser's words), for logs and `--json`, never the user's line. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

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
 * An OLE compound file is an encrypted xlsx (Excel wraps a password-protected workbook in one, with
 * EncryptionInfo and EncryptedPackage streams) or a legacy .xls (a Workbook or Book stream), which
 * may itself be password-protected (a FILEPASS record at the start of that stream). The directory
 * is read when it can be (cfb.ts); a file whose directory cannot be read is judged by the stream
 * names it contains, then by its extension.
 */
function oleFailure(bytes: Uint8Array, name: string): WorkbookReadError {
  const encrypted = new WorkbookReadError(
    "encrypted",
    `${name} is password-protected; save an unprotected copy (File > Info > Protect Workbook > Encrypt with Password, clear the password) and use that`,
  );
  const encryptedXls = new WorkbookReadError(
    "encrypted",
    `${name} is password-protected: remove the password in Excel (File > Info > Protect Workbook) and save it as an Excel Workbook (.xlsx)`,
  );
  const legacy = new WorkbookReadError(
    "legacy-xls",
    `${name} is an old Excel 97-2003 workbook (.xls); open it in Excel and save it as an Excel Workbook (.xlsx)`,
  );
  const streams = cfbStreams(bytes);
  if (streams) {
    const names = new Set(streams.map((s) => s.name));
    if (names.has("EncryptionInfo") || names.has("EncryptedPackage")) return encrypted;
    const book = streams.find((s) => s.name === "Workbook" || s.name === "Book");
    if (book) return biffIsEncrypted(book.head) ? encryptedXls : legacy;
  }
  if (containsUtf16(bytes, "EncryptedPackage") || containsUtf16(bytes, "EncryptionInfo")) return encrypted;
  if (containsUtf16(bytes, "Workbook") || containsUtf16(bytes, "Book")) return legacy;
  // No directory we recognise: go by the name the user gave it.
  const ext = extensionOf(name);
  if (ext === "xls") return legacy;
  if (ext === "xlsx" || ext === "xlsm") return encrypted;
  return notXlsx(name);
}

const CHOOSE_WORKBOOK =
  "check that you chose the council's workbook, saved from Excel as an Excel Workbook (.xlsx)";
const SAVE_AS_XLSX = "open it in Excel and save it as an Excel Workbook (.xlsx)";

function notXlsx(name: string, what?: string): WorkbookReadError {
  return new WorkbookReadError(
    "not-xlsx",
    `${name} is ${what ?? `not an Excel workbook (.xlsx); ${CHOOSE_WORKBOOK}`}`,
  );
}

/**
 * What a file that is not a zip most likely is, from its first bytes: a PDF, a web page (some
 * finance systems' "Excel export" is an HTML table), or delimited text (CSV, tab-separated, often
 * UTF-16 from Excel's "Unicode text"); undefined when it looks like none of these.
 */
function notZipKind(bytes: Uint8Array): string | undefined {
  const head = bytes.subarray(0, 2048);
  if (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46) {
    return `a PDF, not an Excel workbook (.xlsx); ${CHOOSE_WORKBOOK}`;
  }
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  const text = new TextDecoder(utf16 ? (head[0] === 0xff ? "utf-16le" : "utf-16be") : "utf-8").decode(head);
  if (/^\s*<(!doctype html|html|table|head|body)\b/i.test(text.replace(/^\uFEFF/, ""))) {
    return `a web page (HTML), not an Excel workbook (.xlsx); ${SAVE_AS_XLSX}`;
  }
  // Text: no control characters other than tab and line breaks, and a delimiter in the first line.
  // eslint-disable-next-line no-control-regex
  const isText = !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/.test(text);
  const firstLine = text.split(/\r?\n/)[0] ?? "";
  if (isText && /[,\t;]/.test(firstLine)) {
    return `a text file of values (CSV or tab-separated), not an Excel workbook (.xlsx); ${SAVE_AS_XLSX}`;
  }
  return undefined;
}

/** Open the package, or explain why it is not one we can read. */
async function openPackage(bytes: Uint8Array, name: string): Promise<JSZip> {
  if (bytes.length === 0) {
    throw notXlsx(
      name,
      "empty (0 bytes), not an Excel workbook (.xlsx); check that it was saved or downloaded completely, or choose the council's workbook",
    );
  }
  if (startsWith(bytes, CFB_MAGIC)) throw oleFailure(bytes, name);
  // "PK": local file header (03 04), empty archive (05 06) or spanned-archive marker (07 08).
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && [3, 5, 7].includes(bytes[2]);
  if (!isZip) {
    if (extensionOf(name) === "csv")
      throw notXlsx(name, "a CSV file, not an Excel workbook (.xlsx); open it in Excel and save it as .xlsx");
    throw notXlsx(name, notZipKind(bytes));
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
    if (zip.file("word/document.xml"))
      throw notXlsx(name, `a Word document, not an Excel workbook (.xlsx); ${CHOOSE_WORKBOOK}`);
    if (zip.file("ppt/presentation.xml"))
      throw notXlsx(name, `a PowerPoint file, not an Excel workbook (.xlsx); ${CHOOSE_WORKBOOK}`);
    if (zip.file("content.xml") && zip.file("mimetype")) {
      throw notXlsx(name, "an OpenDocument file (.ods); save it as an Excel Workbook (.xlsx)");
    }
    // An Excel package (content types, parts under xl/) that has lost its workbook part.
    if (zip.file("[Content_Types].xml") && zip.file(/^xl\//).length > 0) {
      throw new WorkbookReadError(
        "corrupt",
        `${name} is damaged: its workbook part (${WORKBOOK_PART}) is missing from the file; open it in Excel and save it again (or use an earlier copy) and retry`,
      );
    }
    throw notXlsx(name);
  }
  return zip;
}

/** The package's parts by path: exact, or ignoring case (OPC part names are case-insensitive). */
class Parts {
  private lowerCase: Map<string, JSZip.JSZipObject> | undefined;
  constructor(
    private readonly zip: JSZip,
    private readonly sizes: ReadonlyMap<string, number>,
    readonly limits: ReadLimits,
    private readonly inflater: Inflater = "auto",
  ) {}

  find(path: string): PackagePart | undefined {
    let file = this.zip.file(path) ?? undefined;
    if (!file) {
      if (!this.lowerCase) {
        this.lowerCase = new Map();
        this.zip.forEach((p, f) => {
          if (!f.dir) this.lowerCase!.set(p.toLowerCase(), f);
        });
      }
      file = this.lowerCase.get(path.toLowerCase());
    }
    if (!file) return undefined;
    const declaredSize = this.sizes.get(file.name);
    return {
      path: file.name,
      file,
      inflater: this.inflater,
      ...(declaredSize !== undefined ? { declaredSize } : {}),
    };
  }
}

const HOW_TO_SLIM =
  "delete unused rows and columns (select them, right-click > Delete) or copy the tables into a new workbook, save it, and use that";

function damaged(name: string, what: string, detail?: string): WorkbookReadError {
  return new WorkbookReadError(
    "corrupt",
    `${name} is damaged: ${what}; open it in Excel and save it again (or use an earlier copy) and retry`,
    detail,
  );
}

/** The user's error for anything that stopped reading a part, or the error itself if unknown. */
function readError(e: unknown, name: string, part: string): unknown {
  if (e instanceof WorkbookReadError) return e;
  if (e instanceof PartTooLargeError) {
    return new WorkbookReadError(
      "too-large",
      `${name} is too large to read: ${e.message}; ${HOW_TO_SLIM}`,
      `${e.part}: declared ${e.declared ?? "?"} bytes, limit ${e.limit}`,
    );
  }
  if (e instanceof TooManyCellsError) {
    return new WorkbookReadError(
      "too-large",
      `${name} is too large to read: sheet '${e.sheet}' takes it past ${e.limit.toLocaleString("en-GB")} cells (the limit, counting each row from column A to its last value, for the whole workbook); ${HOW_TO_SLIM}`,
      `${part}: more than ${e.limit} cells`,
    );
  }
  if (e instanceof SheetContentError) return damaged(name, e.message, `${part}: ${e.message}`);
  if (e instanceof XmlScanError)
    return damaged(name, `its part ${part} is not well-formed XML`, `${part}: ${e.message}`);
  if (e instanceof PartInflateError)
    return damaged(name, `its part ${part} cannot be decompressed`, `${part}: ${e.detail}`);
  return e;
}

/** Stream a part through a scanner, turning every failure into the user's error. */
async function scanPart(
  part: PackagePart,
  role: string,
  limit: number,
  scanner: XmlScanner,
  name: string,
): Promise<void> {
  try {
    await streamPartText(part, role, limit, (text) => scanner.write(text));
    scanner.end();
  } catch (e) {
    throw readError(e, name, part.path);
  }
}

/** A small part's text, parsed whole by `parse`; any failure is a damaged file naming the part. */
async function parseSmallPart<T>(
  part: PackagePart,
  limit: number,
  role: string,
  name: string,
  parse: (xml: string) => T,
): Promise<T> {
  let xml: string;
  try {
    xml = await readPartText(part, role, limit);
  } catch (e) {
    throw readError(e, name, part.path);
  }
  try {
    return parse(xml);
  } catch (e) {
    // parseXml's errors (and anything a malformed part makes it trip on) mean the part is broken.
    throw damaged(
      name,
      `its part ${part.path} cannot be read`,
      `${part.path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** The relationship of the workbook part to a part of `type` (by the type's last segment), if any. */
function relOfType(rels: readonly Relationship[], type: string): Relationship | undefined {
  return rels.find((r) => r.type.endsWith(`/${type}`) && r.targetMode !== "External");
}

/** A part the workbook's relationships name, or the conventional one; damaged when named but missing. */
function relatedPart(
  parts: Parts,
  rels: readonly Relationship[],
  type: string,
  fallback: string,
  role: string,
  name: string,
): PackagePart | undefined {
  const rel = relOfType(rels, type);
  if (!rel) return parts.find(fallback);
  const path = resolveTarget(WORKBOOK_PART, rel.target);
  const part = parts.find(path);
  if (!part) throw damaged(name, `its workbook lists ${role} (${path}), which is missing from the file`);
  return part;
}

const DATE_1904 = /<(?:[\w.-]+:)?workbookPr\b[^>]*?\bdate1904\s*=\s*["'](?:1|true)["']/;

/** The saved mapping: column A of the mapping sheet from A1 down, joined (see SAVED_MAPPING_SHEET). */
function savedMappingOf(cells: readonly (readonly SnapshotValue[])[]): string | undefined {
  let text = "";
  for (const row of cells) {
    const value = row[0];
    if (value === null || value === undefined || value === "") break;
    text += String(value);
  }
  return text === "" ? undefined : text;
}

async function readPackage(parts: Parts, name: string): Promise<WorkbookSnapshot> {
  const limits = parts.limits;
  const workbookPart = parts.find(WORKBOOK_PART)!;
  let date1904 = false;
  const workbook = await parseSmallPart<ParsedWorkbook>(
    workbookPart,
    limits.smallPartBytes,
    "the workbook part",
    name,
    (xml) => {
      date1904 = DATE_1904.test(xml);
      return parseWorkbookPart(xml);
    },
  );
  const relsPath = relsPathFor(WORKBOOK_PART);
  const relsPart = parts.find(relsPath);
  if (!relsPart && workbook.sheets.length > 0) {
    throw damaged(name, `its workbook's list of parts (${relsPath}) is missing from the file`);
  }
  const rels = relsPart
    ? await parseSmallPart(relsPart, limits.smallPartBytes, "the workbook's relationships", name, parseRels)
    : [];

  let dateStyles = DateStyles.none;
  const stylesPart = relatedPart(parts, rels, "styles", "xl/styles.xml", "its styles", name);
  if (stylesPart) {
    const scan = new StylesScan();
    await scanPart(stylesPart, "the styles part", limits.stylesBytes, scan.scanner, name);
    dateStyles = scan.dateStyles();
  }
  let sharedStrings = new SharedStringTable();
  const stringsPart = relatedPart(
    parts,
    rels,
    "sharedStrings",
    "xl/sharedStrings.xml",
    "its shared text",
    name,
  );
  if (stringsPart) {
    const scan = new SharedStringsScan();
    await scanPart(stringsPart, "the shared text", limits.sharedStringsBytes, scan.scanner, name);
    sharedStrings = scan.table;
  }

  const warnings: SnapshotWarning[] = [];
  const context: SheetReadContext = {
    sharedStrings,
    dateStyles,
    date1904,
    budget: new CellBudget(limits.cells),
    warnings,
  };
  const sheets: SheetSnapshot[] = [];
  let savedMapping: string | undefined;
  for (const sheet of workbook.sheets) {
    const rel = rels.find((r) => r.id === sheet.relId);
    if (!rel)
      throw damaged(name, `its workbook lists the sheet '${sheet.name}' but not the part that holds it`);
    // Chart sheets, dialog sheets and macro sheets hold no table.
    if (!rel.type.endsWith("/worksheet")) continue;
    const path = resolveTarget(WORKBOOK_PART, rel.target);
    const part = parts.find(path);
    if (!part) {
      throw damaged(
        name,
        `its workbook lists the sheet '${sheet.name}' in the part ${path}, which is missing from the file`,
      );
    }
    const scan = new SheetScan(sheet.name, context);
    await scanPart(part, `sheet '${sheet.name}'`, limits.sheetPartBytes, scan.scanner, name);
    let fields: ReturnType<SheetScan["finish"]>;
    try {
      fields = scan.finish();
    } catch (e) {
      throw readError(e, name, part.path);
    }
    if (sheet.name === SAVED_MAPPING_SHEET) {
      savedMapping = savedMappingOf(fields.cells);
      continue;
    }
    sheets.push({
      name: sheet.name,
      hidden: sheet.state === "hidden" || sheet.state === "veryHidden",
      ...fields,
    });
  }
  // Warnings about the mapping sheet are ours to fix, not the user's.
  const userWarnings = warnings.filter((w) => w.sheet !== SAVED_MAPPING_SHEET);
  return {
    source: name,
    sheets,
    ...(savedMapping !== undefined ? { savedMapping } : {}),
    ...(userWarnings.length > 0 ? { warnings: userWarnings } : {}),
  };
}

/**
 * Read an .xlsx file into a values-only snapshot.
 *
 * @param bytes the file's contents (never modified)
 * @param name the file name, used in the snapshot's `source` and in error messages
 * @param options.limits smaller limits than limits.ts's (for tests of the limits with small files)
 * @param options.inflater who inflates the parts (part-stream.ts); the default, "auto", takes the
 *   platform's native inflate. Every choice gives the same snapshot (tests compare them).
 * @returns every worksheet (chart sheets and the saved-mapping sheet left out), any saved mapping,
 *   and `warnings` for cells that were changed as they were read (text over 32,767 characters)
 * @throws WorkbookReadError for a file that is not a readable .xlsx: reason "not-xlsx",
 *   "encrypted", "legacy-xls", "corrupt" (including a sheet part the workbook lists but the file
 *   lacks) or "too-large" (limits.ts), with a one-line message naming the file
 * @example
 *   const snapshot = await readWorkbookFile(await fs.readFile(path), "HNB monitoring.xlsx");
 */
export async function readWorkbookFile(
  bytes: Uint8Array | ArrayBuffer,
  name: string,
  options: { readonly limits?: Partial<ReadLimits>; readonly inflater?: Inflater } = {},
): Promise<WorkbookSnapshot> {
  const copy = toBytes(bytes);
  const zip = await openPackage(copy, name);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  return readPackage(new Parts(zip, declaredSizes(copy), limits, options.inflater), name);
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
  const copy = toBytes(bytes);
  const zip = await openPackage(copy, name);
  const parts = new Parts(zip, declaredSizes(copy), DEFAULT_LIMITS);
  const workbook = await parseSmallPart(
    parts.find(WORKBOOK_PART)!,
    DEFAULT_LIMITS.smallPartBytes,
    "the workbook part",
    name,
    parseWorkbookPart,
  );
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
