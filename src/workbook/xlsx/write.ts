/**
 * Render SheetSpecs into a new .xlsx file with ExcelJS, then finish the package with the parts
 * ExcelJS cannot write: charts, table alt text, in-workbook hyperlinks, the built-sheet markers
 * and print titles.
 *
 * Formula cells are written with their cached result (the engine's value from the spec), so a
 * reader that does not recalculate (a previewer, a script, Excel in protected view) sees the right
 * numbers; the workbook is also flagged to recalculate fully when Excel opens it.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { a1, BUILT_SHEET_MARKER, type CellSpec, type SheetSpec, type TableSpec } from "../../papers/spec";
import { AbortError, MARKER_ID_NAME, MARKER_NAME, type DocProps, type ProgressCallback } from "../port";
import { injectCharts } from "./charts/inject";
import { WORKBOOK_PART, readPart, requirePart, sheetParts, tablePartsOf } from "./package";
import { STYLES, fontSize } from "./styles";
import { addTableAltText, parseTablePart } from "./table-part";
import { cellAt, tableHeaders, validateSpecs } from "./validate";
import { addDefinedNames, printTitlesName, textConstant, type DefinedName } from "./workbook-part";
import { insertWorksheetChild, renderHyperlinks, type InternalLink } from "./worksheet-part";

/** The table style of every built table: light, banded rows, legible in greyscale. */
export const TABLE_STYLE = "TableStyleLight9";

/** Page margins in inches: narrower than Excel's default so wide tables fit one page across. */
const MARGINS = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 };

/** Points per line of 11 pt text in a row, and the padding Excel adds. */
const LINE_HEIGHT = 14.5;

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}

/** Let the event loop run (progress repaints, the abort click lands) between sheets. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A spec cell's value as ExcelJS takes it: formulas carry their cached result. */
function excelValue(cell: CellSpec): ExcelJS.CellValue {
  if (cell.formula !== undefined) {
    const formula = cell.formula.replace(/^=/, "");
    return cell.value === null
      ? ({ formula } as ExcelJS.CellFormulaValue)
      : ({ formula, result: cell.value } as ExcelJS.CellFormulaValue);
  }
  return cell.value;
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
  row.forEach((cell, c) => {
    if (!cell) return;
    size = Math.max(size, fontSize(cell.style));
    if (cell.style === "header" && cell.value !== null) {
      styled = true;
      lines = Math.max(lines, wrappedLines(String(cell.value), spec.columnWidths[c] ?? 9));
    }
  });
  if (size > 11) styled = true;
  if (!styled) return undefined;
  return Math.max(lines * LINE_HEIGHT + 3, size * 1.5);
}

function applyStyle(cell: ExcelJS.Cell, spec: CellSpec): void {
  const style = STYLES[spec.style ?? "body"];
  cell.font = { ...style.font };
  if (style.fill) cell.fill = style.fill;
  if (style.border) cell.border = { ...style.border };
  if (style.alignment) cell.alignment = { ...style.alignment };
  if (spec.numFmt) cell.numFmt = spec.numFmt;
}

function addTable(ws: ExcelJS.Worksheet, spec: SheetSpec, table: TableSpec): void {
  // ExcelJS's addTable writes the header and data cells itself; we hand it the same values the
  // grid already holds (formulas with their cached results), and the cell styles set earlier stay.
  const rows: ExcelJS.CellValue[][] = [];
  for (let i = 1; i <= table.dataRowCount; i++) {
    const row: ExcelJS.CellValue[] = [];
    for (let j = 0; j < table.columnCount; j++) {
      const cell = cellAt(spec, table.headerRow + i, table.firstCol + j);
      row.push(cell ? excelValue(cell) : null);
    }
    rows.push(row);
  }
  ws.addTable({
    name: table.name,
    displayName: table.name,
    ref: a1(table.headerRow, table.firstCol),
    headerRow: true,
    totalsRow: false,
    style: { theme: TABLE_STYLE as ExcelJS.TableStyleProperties["theme"], showRowStripes: true },
    columns: tableHeaders(spec, table).map((name) => ({ name, filterButton: true })),
    rows,
  });
}

/** Render one spec onto a new worksheet; returns the sheet's in-workbook links for later. */
function renderSheet(wb: ExcelJS.Workbook, spec: SheetSpec): InternalLink[] {
  const ws = wb.addWorksheet(spec.name, {
    views:
      spec.freezeRows > 0
        ? [{ state: "frozen", xSplit: 0, ySplit: spec.freezeRows, topLeftCell: a1(spec.freezeRows, 0) }]
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
  spec.cells.forEach((row, r) => {
    row.forEach((spec, c) => {
      if (!spec) return;
      const cell = ws.getCell(r + 1, c + 1);
      if (spec.value !== null || spec.formula !== undefined) cell.value = excelValue(spec);
      applyStyle(cell, spec);
      if (spec.link) {
        const display = spec.value === null ? undefined : String(spec.value);
        links.push({ ref: a1(r, c), location: spec.link.replace(/^#/, ""), display });
      }
    });
    const height = rowHeight(spec, row);
    if (height !== undefined) ws.getRow(r + 1).height = height;
  });
  for (const table of spec.tables) addTable(ws, spec, table);
  return links;
}

/**
 * Add what ExcelJS cannot write to its package: per sheet, the in-workbook links, charts and
 * table alt text; for the workbook, the built-sheet markers and print titles.
 */
async function finishPackage(
  zip: JSZip,
  specs: readonly SheetSpec[],
  links: ReadonlyMap<string, InternalLink[]>,
): Promise<void> {
  const parts = new Map((await sheetParts(zip)).map((p) => [p.name, p]));
  const names: DefinedName[] = [];
  for (const spec of specs) {
    const sheet = parts.get(spec.name);
    if (!sheet) throw new Error(`ExcelJS wrote no part for sheet "${spec.name}"`);

    const sheetLinks = links.get(spec.name) ?? [];
    if (sheetLinks.length > 0) {
      const xml = await requirePart(zip, sheet.part);
      zip.file(sheet.part, insertWorksheetChild(xml, "hyperlinks", renderHyperlinks(sheetLinks)));
    }

    await injectCharts(zip, sheet.part, spec.name, spec.charts);

    const altText = new Map(spec.tables.map((t) => [t.name, t.altText]));
    for (const tablePart of await tablePartsOf(zip, sheet.part)) {
      const xml = await requirePart(zip, tablePart);
      const text = altText.get(parseTablePart(xml).name);
      if (text) zip.file(tablePart, addTableAltText(xml, text));
    }

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
  const workbookXml = await readPart(zip, WORKBOOK_PART);
  if (workbookXml === undefined) throw new Error("ExcelJS wrote no workbook part");
  zip.file(WORKBOOK_PART, addDefinedNames(workbookXml, names));
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

  const links = new Map<string, InternalLink[]>();
  for (let i = 0; i < specs.length; i++) {
    throwIfAborted(signal);
    links.set(specs[i].name, renderSheet(wb, specs[i]));
    progress?.({ done: i + 1, total, step: `Wrote ${specs[i].name}` });
    await yieldToEventLoop();
  }

  throwIfAborted(signal);
  const buffer = await wb.xlsx.writeBuffer();
  const zip = await JSZip.loadAsync(buffer as ArrayBuffer);
  await finishPackage(zip, specs, links);
  const bytes = await zip.generateAsync({
    type: "uint8array",
    compression: "DEFLATE",
    compressionOptions: { level: 6 },
  });
  throwIfAborted(signal);
  progress?.({ done: total, total, step: "Saved the workbook" });
  return bytes;
}
