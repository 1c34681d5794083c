/**
 * The workbook part (`xl/workbook.xml`): the list of sheets, and the defined names we add after
 * ExcelJS has written it — the built-sheet markers and print titles.
 *
 * Why we write print titles here rather than through ExcelJS: ExcelJS quotes the sheet name in
 * `_xlnm.Print_Titles` without doubling an apostrophe, so "Children's services" would give a
 * broken name. And ExcelJS's defined names are ranges only; our markers are text constants.
 */
import { quoteSheet } from "../../core/a1";
import { attrs, child, children, escapeText, insertAt, insertChildInOrder, parseXml } from "./xml";

/** CT_Workbook children in schema order (ECMA-376 Part 1). */
export const WORKBOOK_ORDER = [
  "fileVersion",
  "fileSharing",
  "workbookPr",
  "workbookProtection",
  "bookViews",
  "sheets",
  "functionGroups",
  "externalReferences",
  "definedNames",
  "calcPr",
  "oleSize",
  "customWorkbookViews",
  "pivotCaches",
  "smartTagPr",
  "smartTagTypes",
  "webPublishing",
  "fileRecoveryPr",
  "webPublishObjects",
  "extLst",
] as const;

/** A sheet entry of the workbook part. */
export interface WorkbookSheet {
  readonly name: string;
  readonly sheetId: string;
  /** Relationship id (in xl/_rels/workbook.xml.rels) of the sheet's part. */
  readonly relId: string;
  readonly state: "visible" | "hidden" | "veryHidden";
}

/** A defined name: `value` is its formula text as stored (no leading "="). */
export interface DefinedName {
  readonly name: string;
  /** Zero-based position of the sheet in the workbook's sheet list, for a sheet-scoped name. */
  readonly localSheetId?: number;
  readonly value: string;
  readonly hidden?: boolean;
  readonly comment?: string;
}

/** The sheets and defined names of a workbook part. */
export interface ParsedWorkbook {
  readonly sheets: WorkbookSheet[];
  readonly definedNames: DefinedName[];
}

/** Parse the workbook part. */
export function parseWorkbookPart(xml: string): ParsedWorkbook {
  const root = parseXml(xml);
  const sheets = children(child(root, "sheets"), "sheet").map((s) => ({
    name: s.attrs.name,
    sheetId: s.attrs.sheetId,
    relId: s.attrs["r:id"] ?? Object.entries(s.attrs).find(([k]) => k.endsWith(":id"))?.[1] ?? "",
    state: (s.attrs.state ?? "visible") as WorkbookSheet["state"],
  }));
  const definedNames = children(child(root, "definedNames"), "definedName").map((d) => ({
    name: d.attrs.name,
    ...(d.attrs.localSheetId !== undefined ? { localSheetId: Number(d.attrs.localSheetId) } : {}),
    value: d.text,
    ...(d.attrs.hidden === "1" || d.attrs.hidden === "true" ? { hidden: true } : {}),
    ...(d.attrs.comment !== undefined ? { comment: d.attrs.comment } : {}),
  }));
  return { sheets, definedNames };
}

function renderDefinedName(d: DefinedName): string {
  const a = attrs({
    name: d.name,
    comment: d.comment,
    localSheetId: d.localSheetId,
    hidden: d.hidden ? "1" : undefined,
  });
  return `<definedName${a}>${escapeText(d.value)}</definedName>`;
}

/**
 * Add defined names to the workbook part: into its `<definedNames>` if it has one, else in a new
 * one at the schema's place. A name that already exists with the same scope is an error: Excel
 * rejects a workbook with duplicate names.
 */
export function addDefinedNames(xml: string, names: readonly DefinedName[]): string {
  if (names.length === 0) return xml;
  const existing = parseWorkbookPart(xml).definedNames;
  const key = (d: DefinedName): string => `${d.name.toLowerCase()}|${d.localSheetId ?? ""}`;
  const seen = new Set(existing.map(key));
  for (const d of names) {
    if (seen.has(key(d))) throw new Error(`Defined name ${d.name} already exists in that scope`);
    seen.add(key(d));
  }
  const fragment = names.map(renderDefinedName).join("");
  const list = child(parseXml(xml), "definedNames");
  if (list) {
    // An empty-element <definedNames/> has no content to append to: replace it whole.
    if (list.contentEnd === list.end) {
      return xml.slice(0, list.start) + `<definedNames>${fragment}</definedNames>` + xml.slice(list.end);
    }
    return insertAt(xml, list.contentEnd, fragment);
  }
  return insertChildInOrder(xml, WORKBOOK_ORDER, "definedNames", `<definedNames>${fragment}</definedNames>`);
}

/**
 * The `_xlnm.Print_Titles` name repeating rows at the top of each printed page.
 * `firstRow`/`lastRow` are zero-based: rows 4–4 of "Deficit plan" → `'Deficit plan'!$5:$5`.
 */
export function printTitlesName(
  sheetName: string,
  sheetIndex: number,
  firstRow: number,
  lastRow: number,
): DefinedName {
  return {
    name: "_xlnm.Print_Titles",
    localSheetId: sheetIndex,
    value: `${quoteSheet(sheetName)}!$${firstRow + 1}:$${lastRow + 1}`,
  };
}

/** A defined name's value as a text constant formula: forum-papers:built → `"forum-papers:built"`. */
export function textConstant(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** The text of a text-constant formula, or undefined if the value is not one. */
export function parseTextConstant(value: string): string | undefined {
  const m = /^\s*=?\s*"((?:[^"]|"")*)"\s*$/.exec(value);
  return m ? m[1].replace(/""/g, '"') : undefined;
}
