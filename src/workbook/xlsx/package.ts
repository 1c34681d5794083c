/**
 * Finding parts in an xlsx package (a zip, opened with JSZip): which part holds which sheet, and
 * which table parts a sheet owns. Parts are found by following relationships from the workbook,
 * never by guessing file names, because other writers (LibreOffice, Excel) number them their own way.
 */
import type JSZip from "jszip";
import { RelType, parseRels, relsPathFor, resolveTarget } from "./charts/rels";
import { parseWorkbookPart, type WorkbookSheet } from "./workbook-part";

/** Path of the workbook part in every package we write or read (ExcelJS, Excel and LibreOffice agree). */
export const WORKBOOK_PART = "xl/workbook.xml";
export const CONTENT_TYPES_PART = "[Content_Types].xml";

/** The text of a part, or undefined if the package has no such part. */
export async function readPart(zip: JSZip, partPath: string): Promise<string | undefined> {
  const file = zip.file(partPath);
  return file ? file.async("string") : undefined;
}

/** The text of a part that must exist; throws naming the part otherwise. */
export async function requirePart(zip: JSZip, partPath: string): Promise<string> {
  const text = await readPart(zip, partPath);
  if (text === undefined) throw new Error(`The package has no ${partPath}`);
  return text;
}

/** A sheet of the workbook with the path of its part. */
export interface SheetPart extends WorkbookSheet {
  /** Zero-based position in the workbook's sheet list (the localSheetId of its defined names). */
  readonly index: number;
  /** "xl/worksheets/sheet1.xml". */
  readonly part: string;
}

/** Every sheet of the workbook, in order, with its part path. */
export async function sheetParts(zip: JSZip): Promise<SheetPart[]> {
  const workbook = parseWorkbookPart(await requirePart(zip, WORKBOOK_PART));
  const rels = parseRels(await readPart(zip, relsPathFor(WORKBOOK_PART)));
  return workbook.sheets.map((sheet, index) => {
    const rel = rels.find((r) => r.id === sheet.relId);
    return { ...sheet, index, part: rel ? resolveTarget(WORKBOOK_PART, rel.target) : "" };
  });
}

/** The table parts a worksheet part refers to (through its rels). */
export async function tablePartsOf(zip: JSZip, sheetPart: string): Promise<string[]> {
  const rels = parseRels(await readPart(zip, relsPathFor(sheetPart)));
  return rels.filter((r) => r.type === RelType.table).map((r) => resolveTarget(sheetPart, r.target));
}

/** The next free number for parts named like `xl/charts/chart{n}.xml`: one past the highest in use. */
export function nextPartNumber(zip: JSZip, folder: string, stem: string): number {
  const pattern = new RegExp(`^${folder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/${stem}(\\d+)\\.xml$`);
  let max = 0;
  zip.forEach((relativePath) => {
    const m = pattern.exec(relativePath);
    if (m) max = Math.max(max, Number(m[1]));
  });
  return max + 1;
}
