/**
 * The browser preview's edits to a workbook file, done on the package's parts (JSZip) so nothing
 * else in the council's file changes: charts, pivot tables, validation and styles stay as they were.
 *
 * - {@link scanDsgFormulas}: every cell with a DSG.* formula (shared formulas expanded, spills
 *   sized), with what it shows now.
 * - {@link applyConversions}: write the share plan into the sheets (native formulas or values).
 * - {@link addTextSheet}: add (or replace) a sheet of plain text: the share note, the saved mapping.
 *
 * Beside the xlsx adapter, which writes new papers workbooks with ExcelJS: these are in-place
 * patches of a user's file (the preview's share and saved mapping). The XML helpers are the
 * adapter's own (xml.ts, rels.ts, content-types.ts), so there is one parser.
 */

import { WORKBOOK_ORDER } from "./workbook-part";
import type JSZip from "jszip";
import type { SnapshotValue } from "../../sources/snapshot";
import { CONTENT_TYPES_PART, WORKBOOK_PART, readPart, requirePart, sheetParts } from "./package";
import { addOverrides } from "./charts/content-types";
import { RelType, addRelationship, parseRels, relsPathFor, renderRels, resolveTarget } from "./charts/rels";
import {
  XML_DECLARATION,
  attrs,
  child,
  children,
  escapeText,
  insertAt,
  insertChildInOrder,
  parseXml,
  type XmlElement,
} from "./xml";
import { cellA1, parseArea } from "../../core/a1";
import { mentionsDsg, translateFormula } from "../../core/formula-tokens";

const SHARED_STRINGS_TYPE =
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings";
const CALC_CHAIN_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain";
const WORKSHEET_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/** A cell with a DSG formula, found in a sheet part. */
export interface ScannedFormula {
  readonly sheet: string;
  /** Zero-based. */
  readonly row: number;
  readonly col: number;
  /** As stored (no "="; the file's spelling of DSG calls), shared formulas translated to this cell. */
  readonly formula: string;
  /** What the cell and its spill show now, row-major; errors as their text. */
  readonly values: SnapshotValue[][];
  /** Some cells of the spill are missing from the part (so they cannot take formulas). */
  readonly gaps: boolean;
}

/** A sheet of the package and the DSG formulas on it. */
export interface ScannedSheet {
  readonly name: string;
  readonly part: string;
  readonly state: "visible" | "hidden" | "veryHidden";
  readonly formulas: readonly ScannedFormula[];
}

/** The shared-string table (xl/sharedStrings.xml), as plain texts. */
async function sharedStrings(zip: JSZip): Promise<string[]> {
  const rels = parseRels(await readPart(zip, relsPathFor(WORKBOOK_PART)));
  const rel = rels.find((r) => r.type === SHARED_STRINGS_TYPE);
  const xml = await readPart(zip, rel ? resolveTarget(WORKBOOK_PART, rel.target) : "xl/sharedStrings.xml");
  if (!xml) return [];
  return children(parseXml(xml), "si").map(textOfStringItem);
}

/** Text of an `<si>` or `<is>`: its `<t>`, or the `<t>` of each rich-text run. */
function textOfStringItem(si: XmlElement): string {
  const t = child(si, "t");
  if (t) return t.text;
  return children(si, "r")
    .map((r) => child(r, "t")?.text ?? "")
    .join("");
}

/** A cell's cached value from its XML. */
function cellValue(c: XmlElement, strings: readonly string[]): SnapshotValue {
  const type = c.attrs.t ?? "n";
  if (type === "inlineStr") {
    const is = child(c, "is");
    return is ? textOfStringItem(is) : null;
  }
  const v = child(c, "v");
  if (!v) return null;
  switch (type) {
    case "s":
      return strings[Number(v.text)] ?? null;
    case "str":
    case "e":
      return v.text;
    case "b":
      return v.text === "1" || v.text === "true";
    default: {
      const n = Number(v.text);
      return Number.isFinite(n) ? n : null;
    }
  }
}

interface ParsedSheet {
  readonly xml: string;
  /** "row,col" → the cell's element. */
  readonly cells: Map<string, XmlElement>;
  readonly root: XmlElement;
}

function parseSheet(xml: string): ParsedSheet {
  const root = parseXml(xml);
  const cells = new Map<string, XmlElement>();
  const data = child(root, "sheetData");
  let rowIndex = -1;
  for (const row of children(data, "row")) {
    rowIndex = row.attrs.r ? Number(row.attrs.r) - 1 : rowIndex + 1;
    let colIndex = -1;
    for (const c of children(row, "c")) {
      const area = c.attrs.r ? parseArea(c.attrs.r) : undefined;
      colIndex = area ? area.left : colIndex + 1;
      cells.set(`${rowIndex},${colIndex}`, c);
    }
  }
  return { xml, cells, root };
}

/**
 * Every DSG formula in the workbook, sheet by sheet (hidden sheets included, flagged by state).
 *
 * @example (await scanDsgFormulas(zip)).flatMap((s) => s.formulas).length
 */
export async function scanDsgFormulas(zip: JSZip): Promise<ScannedSheet[]> {
  const strings = await sharedStrings(zip);
  const out: ScannedSheet[] = [];
  for (const part of await sheetParts(zip)) {
    const xml = part.part ? await readPart(zip, part.part) : undefined;
    if (!xml || !/<(?:\w+:)?worksheet[\s>]/.test(xml.slice(0, 2000))) continue;
    const formulas: ScannedFormula[] = [];
    if (/DSG[._]/i.test(xml)) {
      const sheet = parseSheet(xml);
      const masters = new Map<string, { formula: string; row: number; col: number }>();
      for (const [key, c] of sheet.cells) {
        const f = child(c, "f");
        if (!f) continue;
        const [row, col] = key.split(",").map(Number);
        let formula = f.text;
        if (f.attrs.t === "shared" && f.attrs.si !== undefined) {
          const master = masters.get(f.attrs.si);
          if (formula !== "") masters.set(f.attrs.si, { formula, row, col });
          else if (master) formula = translateFormula(master.formula, row - master.row, col - master.col);
        }
        if (!formula || !mentionsDsg(formula)) continue;
        let rows = 1;
        let cols = 1;
        if (f.attrs.t === "array" && f.attrs.ref) {
          const area = parseArea(f.attrs.ref);
          if (area) {
            rows = area.bottom - area.top + 1;
            cols = area.right - area.left + 1;
          }
        }
        const values: SnapshotValue[][] = [];
        let gaps = false;
        for (let r = 0; r < rows; r++) {
          const line: SnapshotValue[] = [];
          for (let k = 0; k < cols; k++) {
            const cell = sheet.cells.get(`${row + r},${col + k}`);
            if (!cell) gaps = true;
            line.push(cell ? cellValue(cell, strings) : null);
          }
          values.push(line);
        }
        formulas.push({ sheet: part.name, row, col, formula, values, gaps });
      }
      formulas.sort((a, b) => a.row - b.row || a.col - b.col);
    }
    out.push({ name: part.name, part: part.part, state: part.state, formulas });
  }
  return out;
}

/** The XML of a cell holding a value (no formula), keeping its style. */
function valueCellXml(ref: string, style: string | undefined, value: SnapshotValue): string {
  const s = style !== undefined ? attrs({ s: style }) : "";
  if (value === null || value === undefined) return `<c${attrs({ r: ref })}${s}/>`;
  if (typeof value === "number") return `<c${attrs({ r: ref })}${s}><v>${value}</v></c>`;
  if (typeof value === "boolean") return `<c${attrs({ r: ref })}${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (/^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|SPILL!|CALC!|GETTING_DATA)$/.test(value)) {
    return `<c${attrs({ r: ref })}${s} t="e"><v>${escapeText(value)}</v></c>`;
  }
  return `<c${attrs({ r: ref })}${s} t="inlineStr"><is><t xml:space="preserve">${escapeText(value)}</t></is></c>`;
}

/** The XML of a cell holding a formula with its cached value, keeping its style. */
function formulaCellXml(
  ref: string,
  style: string | undefined,
  formula: string,
  cached: SnapshotValue,
): string {
  const s = style !== undefined ? attrs({ s: style }) : "";
  const f = `<f>${escapeText(formula)}</f>`;
  if (cached === null || cached === undefined) return `<c${attrs({ r: ref })}${s}>${f}</c>`;
  if (typeof cached === "number") return `<c${attrs({ r: ref })}${s}>${f}<v>${cached}</v></c>`;
  if (typeof cached === "boolean") return `<c${attrs({ r: ref })}${s} t="b">${f}<v>${cached ? 1 : 0}</v></c>`;
  return `<c${attrs({ r: ref })}${s} t="str">${f}<v>${escapeText(cached)}</v></c>`;
}

/**
 * What a formula cell's result becomes: native formulas (without "=") or values, one per cell of
 * the result. Share's plan (src/app/share.ts) is of this shape, with a note for the reader.
 */
export type CellReplacement =
  | { readonly kind: "native"; readonly formulas: readonly (readonly string[])[] }
  | { readonly kind: "value"; readonly values: readonly (readonly SnapshotValue[])[] };

/** One formula cell and what it becomes. */
export interface PlannedConversion {
  readonly cell: ScannedFormula;
  readonly conversion: CellReplacement;
}

/**
 * Write conversions into their sheets: each cell of a converted result gets its native formula or
 * its value; styles are kept. Also removes the calculation chain (it lists formula cells, and Excel
 * repairs a file whose chain names a cell that no longer has one) and asks for a full recalculation
 * on open, so the native formulas calculate the moment the reader opens the file.
 */
export async function applyConversions(
  zip: JSZip,
  sheets: readonly ScannedSheet[],
  plans: readonly PlannedConversion[],
): Promise<void> {
  for (const s of sheets) {
    const mine = plans.filter((p) => p.cell.sheet === s.name);
    if (mine.length === 0) continue;
    const sheet = parseSheet(await requirePart(zip, s.part));
    const edits: { start: number; end: number; text: string }[] = [];
    for (const { cell, conversion } of mine) {
      const rows = cell.values.length;
      const cols = cell.values[0]?.length ?? 1;
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < cols; k++) {
          const el = sheet.cells.get(`${cell.row + r},${cell.col + k}`);
          if (!el) continue;
          const ref = cellA1(cell.row + r, cell.col + k);
          const text =
            conversion.kind === "native"
              ? formulaCellXml(ref, el.attrs.s, conversion.formulas[r][k], cell.values[r][k])
              : valueCellXml(ref, el.attrs.s, conversion.values[r]?.[k] ?? null);
          edits.push({ start: el.start, end: el.end, text });
        }
      }
    }
    edits.sort((a, b) => b.start - a.start);
    let xml = sheet.xml;
    for (const e of edits) xml = xml.slice(0, e.start) + e.text + xml.slice(e.end);
    zip.file(s.part, xml);
  }
  await removeCalcChain(zip);
  await setFullCalcOnLoad(zip);
}

async function removeCalcChain(zip: JSZip): Promise<void> {
  const relsPath = relsPathFor(WORKBOOK_PART);
  const rels = parseRels(await readPart(zip, relsPath));
  const chain = rels.find((r) => r.type === CALC_CHAIN_TYPE);
  if (!chain) return;
  zip.remove(resolveTarget(WORKBOOK_PART, chain.target));
  zip.file(relsPath, renderRels(rels.filter((r) => r !== chain)));
  const types = await readPart(zip, CONTENT_TYPES_PART);
  if (types) {
    const root = parseXml(types);
    const override = children(root, "Override").find((o) => /calcChain\.xml$/i.test(o.attrs.PartName ?? ""));
    if (override) zip.file(CONTENT_TYPES_PART, types.slice(0, override.start) + types.slice(override.end));
  }
}

async function setFullCalcOnLoad(zip: JSZip): Promise<void> {
  const xml = await requirePart(zip, WORKBOOK_PART);
  const calcPr = child(parseXml(xml), "calcPr");
  if (!calcPr) {
    zip.file(
      WORKBOOK_PART,
      insertChildInOrder(xml, WORKBOOK_ORDER, "calcPr", '<calcPr fullCalcOnLoad="1"/>'),
    );
    return;
  }
  if (calcPr.attrs.fullCalcOnLoad === "1" || calcPr.attrs.fullCalcOnLoad === "true") return;
  // Insert the attribute right after the element name: "<calcPr" + ' fullCalcOnLoad="1"'.
  const at = calcPr.start + 1 + calcPr.name.length;
  const withoutOld =
    calcPr.attrs.fullCalcOnLoad !== undefined ? xml.replace(/\sfullCalcOnLoad="[^"]*"/, "") : xml;
  zip.file(WORKBOOK_PART, insertAt(withoutOld, at, ' fullCalcOnLoad="1"'));
}

/** A worksheet part of plain text rows (inline strings), with column widths in characters. */
export function textSheetXml(rows: readonly (readonly string[])[], widths: readonly number[] = []): string {
  const cols =
    widths.length > 0
      ? `<cols>${widths.map((w, i) => `<col${attrs({ min: i + 1, max: i + 1, width: w, customWidth: 1 })}/>`).join("")}</cols>`
      : "";
  const body = rows
    .map((cells, r) => {
      const cs = cells
        .map((text, c) =>
          text === ""
            ? ""
            : `<c${attrs({ r: cellA1(r, c), t: "inlineStr" })}><is><t xml:space="preserve">${escapeText(text)}</t></is></c>`,
        )
        .join("");
      return `<row${attrs({ r: r + 1 })}>${cs}</row>`;
    })
    .join("");
  return `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}">${cols}<sheetData>${body}</sheetData></worksheet>`;
}

/**
 * Add a sheet of plain text at the end of the workbook, or replace the contents of the sheet with
 * that name if there is one (keeping its place). Returns the name used.
 *
 * @param state "veryHidden" for the saved mapping (shown in no Unhide list)
 */
export async function addTextSheet(
  zip: JSZip,
  name: string,
  rows: readonly (readonly string[])[],
  options: {
    readonly state?: "visible" | "veryHidden";
    readonly widths?: readonly number[];
    readonly replace?: boolean;
  } = {},
): Promise<string> {
  const parts = await sheetParts(zip);
  const xml = textSheetXml(rows, options.widths);
  const existing = parts.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (existing && options.replace && existing.part) {
    zip.file(existing.part, xml);
    return existing.name;
  }
  // A free name: "Converted formulas", then "Converted formulas (2)", …
  let finalName = name;
  for (let n = 2; parts.some((p) => p.name.toLowerCase() === finalName.toLowerCase()); n++)
    finalName = `${name} (${n})`;

  let number = 1;
  while (zip.file(`xl/worksheets/sheet${number}.xml`)) number++;
  const partPath = `xl/worksheets/sheet${number}.xml`;
  zip.file(partPath, xml);

  const relsPath = relsPathFor(WORKBOOK_PART);
  const added = addRelationship(await readPart(zip, relsPath), {
    type: RelType.worksheet,
    target: `worksheets/sheet${number}.xml`,
  });
  zip.file(relsPath, added.xml);

  const types = await requirePart(zip, CONTENT_TYPES_PART);
  zip.file(CONTENT_TYPES_PART, addOverrides(types, new Map([[partPath, WORKSHEET_CONTENT_TYPE]])));

  const workbook = await requirePart(zip, WORKBOOK_PART);
  const root = parseXml(workbook);
  const sheetsEl = child(root, "sheets");
  if (!sheetsEl) throw new Error("The workbook part has no <sheets>");
  const first = children(sheetsEl, "sheet")[0];
  const idAttr = first ? (Object.keys(first.attrs).find((k) => k.endsWith(":id")) ?? "r:id") : "r:id";
  const needsNs = !/xmlns:r="/.test(workbook.slice(root.start, root.contentStart)) && idAttr === "r:id";
  const maxId = Math.max(0, ...children(sheetsEl, "sheet").map((s) => Number(s.attrs.sheetId) || 0));
  const entry = `<sheet${attrs({
    name: finalName,
    sheetId: maxId + 1,
    state: options.state && options.state !== "visible" ? options.state : undefined,
    [idAttr]: added.id,
    ...(needsNs ? { "xmlns:r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships" } : {}),
  })}/>`;
  zip.file(WORKBOOK_PART, insertAt(workbook, sheetsEl.contentEnd, entry));
  return finalName;
}
