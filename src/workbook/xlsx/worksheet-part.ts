/**
 * Patches to a worksheet part (`xl/worksheets/sheetN.xml`) after ExcelJS has written it: insert a
 * top-level element (a `<drawing>` for charts, `<hyperlinks>` for in-workbook links) at the place
 * the schema requires, leaving every other byte as ExcelJS wrote it.
 *
 * Excel validates the order of a worksheet's children against CT_Worksheet and offers to "repair"
 * (i.e. drop content from) a file that breaks it, so the order below is the schema's, verbatim.
 */
import { attrs, insertChildInOrder, localName, parseXml } from "./xml";

/** The children of `<worksheet>` in schema order (ECMA-376 Part 1, CT_Worksheet). */
export const WORKSHEET_ORDER = [
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "sheetData",
  "sheetCalcPr",
  "sheetProtection",
  "protectedRanges",
  "scenarios",
  "autoFilter",
  "sortState",
  "dataConsolidate",
  "customSheetViews",
  "mergeCells",
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
] as const;
export type WorksheetChild = (typeof WORKSHEET_ORDER)[number];

/**
 * Insert `fragment` (one element named `element`) into the worksheet: before the first existing
 * child that the schema puts after it, or at the end. Throws if the sheet already has that element
 * (CT_Worksheet allows one of each; merging is the caller's job).
 *
 * Example: a sheet with `…<headerFooter/><tableParts/>` and element "drawing" →
 * `…<headerFooter/><drawing r:id="rId2"/><tableParts/>`.
 */
export function insertWorksheetChild(sheetXml: string, element: WorksheetChild, fragment: string): string {
  const root = parseXml(sheetXml);
  if (localName(root.name) !== "worksheet") throw new Error(`Not a worksheet part: <${root.name}>`);
  return insertChildInOrder(sheetXml, WORKSHEET_ORDER, element, fragment);
}

/** The top-level children of a worksheet part, by local name, in document order. */
export function worksheetChildren(sheetXml: string): string[] {
  return parseXml(sheetXml).children.map((c) => localName(c.name));
}

/** A link from a cell to a place in the workbook. */
export interface InternalLink {
  /** The cell holding the link, e.g. "A5". */
  readonly ref: string;
  /** Where it goes, without "#": "'DSG summary'!A1". */
  readonly location: string;
  /** The text shown in the cell (Excel keeps a copy for its Edit Hyperlink dialog). */
  readonly display?: string;
}

/**
 * Render a `<hyperlinks>` element of in-workbook links. They use `location` and no relationship:
 * a link inside the workbook is not an external target, and giving it one (as ExcelJS does) makes
 * Excel open "#Sheet!A1#Sheet!A1".
 */
export function renderHyperlinks(links: readonly InternalLink[]): string {
  const items = links.map(
    (l) => `<hyperlink${attrs({ ref: l.ref, location: l.location, display: l.display })}/>`,
  );
  return `<hyperlinks>${items.join("")}</hyperlinks>`;
}

/** Read back the in-workbook links of a worksheet part (links with a relationship are skipped). */
export function parseInternalLinks(sheetXml: string): InternalLink[] {
  const root = parseXml(sheetXml);
  const list = root.children.find((c) => localName(c.name) === "hyperlinks");
  if (!list) return [];
  return list.children
    .filter((h) => h.attrs.location !== undefined && h.attrs["r:id"] === undefined)
    .map((h) => ({ ref: h.attrs.ref, location: h.attrs.location, display: h.attrs.display }));
}
