/**
 * Render SheetSpecs into a new .xlsx file: ExcelJS writes the package around the cells (styles,
 * workbook, sheet setup, tables), the cells themselves are rendered straight into each worksheet
 * part (sheet-data.ts: ExcelJS's per-cell objects made a large build several times slower), and
 * the package is finished with the parts ExcelJS cannot write: charts, table alt text,
 * in-workbook hyperlinks, the built-sheet markers and print titles.
 *
 * Formula cells are written with their cached result (the engine's value from the spec), so a
 * reader that does not recalculate (a previewer, a script, Excel in protected view) sees the right
 * numbers; the workbook is also flagged to recalculate fully when Excel opens it.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { cellA1, columnLetters } from "../../core/a1";
import { BUILT_SHEET_MARKER, type CellSpec, type SheetSpec, type TableSpec } from "../../papers/spec";
import { AbortError, MARKER_ID_NAME, MARKER_NAME, type DocProps, type ProgressCallback } from "../port";
import { injectCharts } from "./charts/inject";
import { WORKBOOK_PART, readPart, requirePart, sheetParts, tablePartsOf, type SheetPart } from "./package";
import {
  SharedStrings,
  parseStyleKey,
  sheetDataPieces,
  sheetDimension,
  splitAtSheetData,
  styleKeysOf,
} from "./sheet-data";
import { STYLES, fontSize } from "./styles";
import { addTableAltText, parseTablePart } from "./table-part";
import { tableHeaders, validateSpecs } from "./validate";
import { nativeDeflate, zipFile, type DeflatedPart, type Deflate } from "./zip-writer";
import { addDefinedNames, printTitlesName, textConstant, type DefinedName } from "./workbook-part";
import { insertWorksheetChild, renderHyperlinks, type InternalLink } from "./worksheet-part";

/** The table style of every built table: light, banded rows, legible in greyscale. */
export const TABLE_STYLE = "TableStyleLight9";

/** Page margins in inches: narrower than Excel's default so wide tables fit one page across. */
const MARGINS = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 };

/** The shared-strings part of every package ExcelJS writes with text in it. */
const SHARED_STRINGS_PART = "xl/sharedStrings.xml";

/** Points per line of 11 pt text in a row, and the padding Excel adds. */
const LINE_HEIGHT = 14.5;

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}

/** Let the event loop run (progress repaints, the abort click lands) between sheets. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Footer text in Excel's header/footer codes: title on the left, "Page N of M" on the right.
 * An "&" in the title is doubled, or Excel would read it as a code (&P, &D …).
 */
export function footerText(title: string): string {
  // Excel limits a header or footer to 255 characters, codes included.
  const safe = title.replace(/&/g, "&&").slice(0, 200);
  return `&L${safe}&RPage &P of &N`;
}

/** Greedy word wrap: how many lines `text` takes in a column `width` characters wide. */
export function wrappedLines(text: string, width: number, charWidth = 1.15): number {
  // Bold Arial 11 is about 15% wider than the "0" of the default font that column widths count in.
  const capacity = Math.max(1, Math.floor(width / charWidth) - 1);
  let lines = 0;
  for (const paragraph of text.split(/\r?\n/)) {
    let line = 0;
    lines++;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const len = word.length;
      if (line === 0) line = len;
      else if (line + 1 + len <= capacity) line += 1 + len;
      else {
        lines++;
        line = len;
      }
      while (line > capacity) {
        lines++;
        line -= capacity;
      }
    }
  }
  return Math.max(1, lines);
}

/**
 * Row heights Excel will not work out for itself: ExcelJS writes no height, and Excel does not
 * grow a row on open for wrapped text, so wrapped headers would show one clipped line. Titles get
 * room for their larger font.
 */
function rowHeight(spec: SheetSpec, row: readonly (CellSpec | null)[]): number | undefined {
  let lines = 1;
  let size = 11;
  let styled = false;
  for (let c = 0; c < row.length; c++) {
    const cell = row[c];
    if (!cell) continue;
    size = Math.max(size, fontSize(cell.style));
    if (cell.style === "header" && cell.value !== null) {
      styled = true;
      lines = Math.max(lines, wrappedLines(String(cell.value), spec.columnWidths[c] ?? 9));
    }
  }
  if (size > 11) styled = true;
  if (!styled) return undefined;
  return Math.max(lines * LINE_HEIGHT + 3, size * 1.5);
}

/** Give an ExcelJS cell the house style `key` (see styleKey) stands for. */
function applyStyle(cell: ExcelJS.Cell, key: string): void {
  const { style: name, numFmt } = parseStyleKey(key);
  const style = STYLES[name];
  cell.font = { ...style.font };
  if (style.fill) cell.fill = style.fill;
  if (style.border) cell.border = { ...style.border };
  if (style.alignment) cell.alignment = { ...style.alignment };
  if (numFmt) cell.numFmt = numFmt;
}

function addTable(ws: ExcelJS.Worksheet, spec: SheetSpec, table: TableSpec): void {
  // ExcelJS sizes a table by the rows it is given and writes their cells; our cells are written
  // by sheetDataPieces instead, so it gets empty rows: the right range, and no cells to write.
  const rows: ExcelJS.CellValue[][] = Array.from({ length: table.dataRowCount }, () => []);
  ws.addTable({
    name: table.name,
    displayName: table.name,
    ref: cellA1(table.headerRow, table.firstCol),
    headerRow: true,
    totalsRow: false,
    style: { theme: TABLE_STYLE as ExcelJS.TableStyleProperties["theme"], showRowStripes: true },
    columns: tableHeaders(spec, table).map((name) => ({ name, filterButton: true })),
    rows,
  });
}

/** One past the last row (one-based) a sheet's cells or tables reach. */
function rowsUsed(spec: SheetSpec): number {
  let rows = spec.cells.length;
  for (const t of spec.tables)
    rows = Math.max(rows, t.headerRow + 1 + t.dataRowCount + (t.totalsRow ? 1 : 0));
  return rows;
}

/**
 * Add a sheet to the ExcelJS workbook with everything but its cells: view, print setup, column
 * widths and tables. Returns the worksheet and its in-workbook links, for finishSheet.
 */
function addSheetFrame(
  wb: ExcelJS.Workbook,
  spec: SheetSpec,
): { ws: ExcelJS.Worksheet; links: InternalLink[] } {
  const ws = wb.addWorksheet(spec.name, {
    ...(spec.hidden ? { state: "hidden" as const } : {}),
    views:
      spec.freezeRows > 0
        ? [{ state: "frozen", xSplit: 0, ySplit: spec.freezeRows, topLeftCell: cellA1(spec.freezeRows, 0) }]
        : [{}],
    pageSetup: {
      paperSize: 9, // A4
      orientation: spec.print.orientation,
      fitToPage: true,
      fitToWidth: spec.print.fitToWidth,
      fitToHeight: 0, // as many pages down as it takes
      margins: MARGINS,
    },
    headerFooter: {
      oddFooter: footerText(spec.print.footer),
      differentFirst: false,
      differentOddEven: false,
    },
  });
  spec.columnWidths.forEach((width, c) => {
    ws.getColumn(c + 1).width = width;
  });
  const links: InternalLink[] = [];
  spec.cells.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell?.link) return;
      const display = cell.value === null ? undefined : String(cell.value);
      links.push({ ref: cellA1(r, c), location: cell.link.replace(/^#/, ""), display });
    }),
  );
  for (const table of spec.tables) addTable(ws, spec, table);
  return { ws, links };
}

/**
 * Have ExcelJS register every cell format the specs use: one cell per style key (in order, from
 * column A) on a spare row `row` of `ws`, below everything (the sheet's cells are replaced later,
 * so the row never reaches the file), plus one text cell so that ExcelJS writes a shared-strings
 * part (replaced by ours). {@link readStyleIds} then reads the formats ExcelJS gave them.
 */
function addStyleCells(ws: ExcelJS.Worksheet, row: number, keys: readonly string[]): void {
  const cells = ws.getRow(row);
  keys.forEach((key, i) => {
    const cell = cells.getCell(i + 1);
    cell.value = 0;
    applyStyle(cell, key);
  });
  cells.getCell(keys.length + 1).value = "-";
}

/** The cell format index (`s`) ExcelJS gave each style key's cell on row `row` of a sheet part. */
function readStyleIds(sheetXml: string, row: number, keys: readonly string[]): Map<string, number> {
  const start = sheetXml.indexOf(`<row r="${row}"`);
  const end = sheetXml.indexOf("</row>", start);
  if (start === -1 || end === -1) throw new Error("ExcelJS did not write the cell formats' row");
  const byColumn = new Map<string, number>();
  for (const m of sheetXml.slice(start, end).matchAll(/<c r="([A-Z]+)\d+"([^>]*)>/g)) {
    const s = /\bs="(\d+)"/.exec(m[2]);
    byColumn.set(m[1], s ? Number(s[1]) : 0);
  }
  const ids = new Map<string, number>();
  keys.forEach((key, i) => {
    const id = byColumn.get(columnLetters(i));
    if (id === undefined) throw new Error(`ExcelJS wrote no cell format for style ${key}`);
    ids.set(key, id);
  });
  return ids;
}

/** Set (or drop) a worksheet part's `<dimension>`: the range its cells cover. */
function setDimension(sheetXml: string, dimension: string | undefined): string {
  const element = dimension === undefined ? "" : `<dimension ref="${dimension}"/>`;
  const existing = /<dimension\b[^>]*\/>/.exec(sheetXml);
  if (existing)
    return sheetXml.slice(0, existing.index) + element + sheetXml.slice(existing.index + existing[0].length);
  return element ? insertWorksheetChild(sheetXml, "dimension", element) : sheetXml;
}

/**
 * Finish one sheet's part in the package ExcelJS wrote: its charts, table alt text and links
 * (patched into the small part ExcelJS wrote), then its cells.
 */
async function finishSheet(
  zip: JSZip,
  sheet: SheetPart,
  spec: SheetSpec,
  links: readonly InternalLink[],
  styleIds: ReadonlyMap<string, number>,
  strings: SharedStrings,
  output: PackageOutput,
): Promise<void> {
  await injectCharts(zip, sheet.part, spec.name, spec.charts);

  const altText = new Map(spec.tables.map((t) => [t.name, t.altText]));
  for (const tablePart of await tablePartsOf(zip, sheet.part)) {
    const xml = await requirePart(zip, tablePart);
    const text = altText.get(parseTablePart(xml).name);
    if (text) zip.file(tablePart, addTableAltText(xml, text));
  }

  let xml = await requirePart(zip, sheet.part);
  if (links.length > 0) xml = insertWorksheetChild(xml, "hyperlinks", renderHyperlinks(links));
  const { before, after } = splitAtSheetData(setDimension(xml, sheetDimension(spec)));
  const part = output.open(sheet.part);
  part.write(before);
  for (const piece of sheetDataPieces(spec, styleIds, strings, (row) => rowHeight(spec, row)))
    part.write(piece);
  part.write(after);
  part.close();
}

/** A part being written in pieces; see {@link PackageOutput.open}. */
interface PartWriter {
  write(text: string): void;
  close(): void;
}

/**
 * Where the finished parts go. With the platform's deflate (Node, modern browsers) each part is
 * deflated as it is written (in Node on the thread pool, while the next piece of the sheet is
 * rendered) and {@link PackageOutput.finish} writes the zip file itself; otherwise parts go into
 * the JSZip package and JSZip deflates them at the end.
 */
class PackageOutput {
  private readonly deflated = new Map<string, Promise<DeflatedPart>>();
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly zip: JSZip,
    private readonly deflate: Deflate | undefined,
  ) {}

  /** Write a part's final text in pieces, replacing the part if the package has it. */
  open(name: string): PartWriter {
    const deflate = this.deflate;
    if (!deflate) {
      const pieces: string[] = [];
      return { write: (text) => pieces.push(text), close: () => this.zip.file(name, pieces.join("")) };
    }
    const deflater = deflate();
    return {
      write: (text) => deflater.write(this.encoder.encode(text)),
      close: () => {
        const part = deflater.end();
        part.catch(() => undefined); // awaited in finish(); an abort before then must not go unhandled
        this.deflated.set(name, part);
        if (!this.zip.file(name)) this.zip.file(name, ""); // a new part: keeps the package's order
      },
    };
  }

  /** Set a part's final text. */
  put(name: string, xml: string): void {
    const part = this.open(name);
    part.write(xml);
    part.close();
  }

  /** The zip file: every part of the package, in its order, folders left out. */
  async finish(modified: Date): Promise<Uint8Array> {
    const deflate = this.deflate;
    if (!deflate) {
      return this.zip.generateAsync({
        type: "uint8array",
        compression: "DEFLATE",
        compressionOptions: { level: 6 },
      });
    }
    const entries: Promise<{ name: string; part: DeflatedPart }>[] = [];
    this.zip.forEach((name, file) => {
      if (file.dir) return;
      const part =
        this.deflated.get(name) ??
        file.async("uint8array").then((bytes) => {
          const deflater = deflate();
          deflater.write(bytes);
          return deflater.end();
        });
      entries.push(part.then((p) => ({ name, part: p })));
    });
    return zipFile(await Promise.all(entries), modified);
  }
}

/** The workbook's defined names: per sheet the built-sheet markers and print titles. */
function definedNames(specs: readonly SheetSpec[], parts: ReadonlyMap<string, SheetPart>): DefinedName[] {
  const names: DefinedName[] = [];
  for (const spec of specs) {
    const sheet = parts.get(spec.name)!;
    names.push({
      name: MARKER_NAME,
      localSheetId: sheet.index,
      value: textConstant(BUILT_SHEET_MARKER),
      comment: "Forum Papers built this sheet; a rebuild replaces only sheets with this name.",
    });
    names.push({ name: MARKER_ID_NAME, localSheetId: sheet.index, value: textConstant(spec.id) });
    const repeat = spec.print.repeatRows;
    if (repeat) names.push(printTitlesName(spec.name, sheet.index, repeat.first, repeat.last));
  }
  return names;
}

/**
 * Build a papers workbook from specs: one worksheet per spec, in order.
 *
 * @param specs the sheets to write (validated first: a spec breaking Excel's rules throws InternalError)
 * @param props document properties (title, author, company …)
 * @param progress called after each sheet and after packaging: {done, total, step}
 * @param signal aborting it stops the write at the next sheet and rejects with AbortError; no bytes are returned
 * @returns the .xlsx file's bytes
 * @example
 *   const bytes = await writePapersWorkbook(specs, { title: "Schools Forum papers, March 2026" });
 *   await fs.writeFile("papers.xlsx", bytes);
 */
export async function writePapersWorkbook(
  specs: readonly SheetSpec[],
  props: DocProps,
  progress?: ProgressCallback,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  throwIfAborted(signal);
  validateSpecs(specs);
  const total = specs.length + 1;

  const wb = new ExcelJS.Workbook();
  const created = props.created ?? new Date();
  wb.title = props.title;
  wb.subject = props.subject ?? "";
  wb.creator = props.author ?? "";
  wb.lastModifiedBy = props.author ?? "";
  wb.company = props.company ?? "";
  wb.created = created;
  wb.modified = created;
  // Excel recalculates every formula on open, so the live values never lag the cached ones.
  wb.calcProperties.fullCalcOnLoad = true;

  // ExcelJS writes the package around sheets without cells (but for one row of style cells on the
  // first), zipped uncompressed (STORE): we reopen it to put the cells and the chart parts in, and
  // compress each part once, as it is finished.
  const links = new Map<string, InternalLink[]>();
  let styleRow = 0;
  const styleKeys = styleKeysOf(specs);
  specs.forEach((spec, i) => {
    const frame = addSheetFrame(wb, spec);
    links.set(spec.name, frame.links);
    if (i === 0) {
      styleRow = rowsUsed(spec) + 2;
      addStyleCells(frame.ws, styleRow, styleKeys);
    }
  });
  throwIfAborted(signal);
  const buffer = await wb.xlsx.writeBuffer({ zip: { compression: "STORE" } } as ExcelJS.XlsxWriteOptions);
  const zip = await JSZip.loadAsync(buffer as ArrayBuffer);
  const parts = new Map((await sheetParts(zip)).map((p) => [p.name, p]));
  for (const spec of specs) {
    if (!parts.get(spec.name)) throw new Error(`ExcelJS wrote no part for sheet "${spec.name}"`);
  }
  const first = specs.length > 0 ? parts.get(specs[0].name) : undefined;
  const styleIds = first
    ? readStyleIds(await requirePart(zip, first.part), styleRow, styleKeys)
    : new Map<string, number>();
  if (first && !zip.file(SHARED_STRINGS_PART)) throw new Error("ExcelJS wrote no shared-strings part");

  const output = new PackageOutput(zip, nativeDeflate());
  const strings = new SharedStrings();
  for (let i = 0; i < specs.length; i++) {
    throwIfAborted(signal);
    const spec = specs[i];
    await finishSheet(
      zip,
      parts.get(spec.name)!,
      spec,
      links.get(spec.name) ?? [],
      styleIds,
      strings,
      output,
    );
    progress?.({ done: i + 1, total, step: `Wrote ${spec.name}` });
    await yieldToEventLoop();
  }
  throwIfAborted(signal);
  if (first) output.put(SHARED_STRINGS_PART, strings.render());
  const workbookXml = await readPart(zip, WORKBOOK_PART);
  if (workbookXml === undefined) throw new Error("ExcelJS wrote no workbook part");
  zip.file(WORKBOOK_PART, addDefinedNames(workbookXml, definedNames(specs, parts)));

  const bytes = await output.finish(created);
  throwIfAborted(signal);
  progress?.({ done: total, total, step: "Saved the workbook" });
  return bytes;
}
