/**
 * The cells of a worksheet part (`<sheetData>`), rendered straight from a SheetSpec as one string,
 * and the shared-strings part (`xl/sharedStrings.xml`) its text cells point into.
 *
 * ExcelJS builds an object per cell and streams XML through a generic writer; on the papers of a
 * large council (over 100,000 cells) that was most of the time of a build. So ExcelJS writes
 * everything else (styles, workbook, tables, print setup …) around an empty sheet, and the cells
 * are put in afterwards with {@link replaceSheetData}, in the form ExcelJS itself writes them:
 *
 * - text: a shared string, `<c r="A1" s="1" t="s"><v>0</v></c>`;
 * - numbers (dates are serials already): `<c r="B2" s="4"><v>46093</v></c>`;
 * - booleans: `t="b"`, 1 or 0;
 * - formulas with their cached result: `<c r="C8" s="5"><f>SUM(C2:C7)</f><v>120</v></c>`, with
 *   `t="str"` for a text result and `t="b"` for a boolean one (no `<v>` for a result of null);
 * - an empty spec cell keeps its style: `<c r="D4" s="3"/>`.
 *
 * Every cell has a style id (`s`): the workbook's index of the cell's (StyleName, numFmt) pair,
 * which the caller gets ExcelJS to register (see write.ts).
 */
import { columnLetters } from "../../core/a1";
import type { CellSpec, SheetSpec, StyleName } from "../../papers/spec";

// XML 1.0 forbids these characters (see xml.ts); they are dropped, as escapeText does.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex
const TO_ESCAPE = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * Escape character data as xml.ts's escapeText does: `R&D <draft>` → `R&amp;D &lt;draft&gt;`,
 * characters XML cannot hold dropped. One pass, and none when nothing needs escaping.
 */
export function escapeCellText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(TO_ESCAPE, (ch) => ESCAPES[ch] ?? "");
}

/** The key of a cell's style: its StyleName (body when none) and number format. */
export function styleKey(cell: CellSpec): string {
  return cell.numFmt ? `${cell.style ?? "body"}|${cell.numFmt}` : (cell.style ?? "body");
}

/** A style key taken apart again. */
export function parseStyleKey(key: string): { style: StyleName; numFmt?: string } {
  const bar = key.indexOf("|");
  return bar === -1
    ? { style: key as StyleName }
    : { style: key.slice(0, bar) as StyleName, numFmt: key.slice(bar + 1) };
}

/** The distinct style keys of some specs' cells, in order of first use. */
export function styleKeysOf(specs: readonly SheetSpec[]): string[] {
  // By StyleName, then numFmt: no key string is built for a pair already seen (once per cell).
  const seen = new Map<StyleName | undefined, Set<string | undefined>>();
  const keys = new Set<string>();
  for (const spec of specs) {
    for (const row of spec.cells) {
      for (const cell of row) {
        if (!cell) continue;
        let formats = seen.get(cell.style);
        if (formats === undefined) {
          formats = new Set();
          seen.set(cell.style, formats);
        }
        if (formats.has(cell.numFmt)) continue;
        formats.add(cell.numFmt);
        keys.add(styleKey(cell));
      }
    }
  }
  return [...keys];
}

/** The shared-string table of a workbook: each distinct text once, in order of first use. */
export class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly texts: string[] = [];
  /** References to the table (a cell using a string twice counts twice): the part's `count`. */
  private refs = 0;

  /** The index of `text`, adding it if new. */
  add(text: string): number {
    this.refs++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.texts.length;
      this.texts.push(text);
      this.index.set(text, i);
    }
    return i;
  }

  get size(): number {
    return this.texts.length;
  }

  /** The `xl/sharedStrings.xml` part. */
  render(): string {
    const out: string[] = [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.refs}" uniqueCount="${this.texts.length}">`,
    ];
    for (const text of this.texts) {
      // Leading or trailing spaces and line breaks survive only with xml:space="preserve".
      out.push(
        /^\s|\n|\s$/.test(text)
          ? `<si><t xml:space="preserve">${escapeCellText(text)}</t></si>`
          : `<si><t>${escapeCellText(text)}</t></si>`,
      );
    }
    out.push("</sst>");
    return out.join("");
  }
}

const columnNames: string[] = [];

/** Column letters for a zero-based column (cached: every row asks for the same few). */
function columnName(col: number): string {
  let name = columnNames[col];
  if (name === undefined) {
    name = columnLetters(col);
    columnNames[col] = name;
  }
  return name;
}

/** The range a spec's cells cover, for the sheet's `<dimension>`: "A1:M9406"; undefined when none. */
export function sheetDimension(spec: SheetSpec): string | undefined {
  let minRow = -1;
  let maxRow = -1;
  let minCol = Infinity;
  let maxCol = -1;
  spec.cells.forEach((row, r) => {
    let first = -1;
    let last = -1;
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      if (first === -1) first = c;
      last = c;
    }
    if (first === -1) return;
    if (minRow === -1) minRow = r;
    maxRow = r;
    minCol = Math.min(minCol, first);
    maxCol = Math.max(maxCol, last);
  });
  return maxRow === -1 ? undefined : `${columnName(minCol)}${minRow + 1}:${columnName(maxCol)}${maxRow + 1}`;
}

/** The `s` attribute of each (StyleName, numFmt) pair, found once per sheet from the style ids. */
class StyleAttrs {
  private readonly byStyle = new Map<StyleName | undefined, Map<string | undefined, string>>();

  constructor(private readonly ids: ReadonlyMap<string, number>) {}

  of(cell: CellSpec): string {
    let byFormat = this.byStyle.get(cell.style);
    if (byFormat === undefined) {
      byFormat = new Map();
      this.byStyle.set(cell.style, byFormat);
    }
    let attr = byFormat.get(cell.numFmt);
    if (attr === undefined) {
      const key = styleKey(cell);
      const id = this.ids.get(key);
      if (id === undefined) throw new Error(`No cell format registered for style ${key}`);
      attr = id === 0 ? "" : ` s="${id}"`;
      byFormat.set(cell.numFmt, attr);
    }
    return attr;
  }
}

/** A cell's `<c>` element after its `r` and `s` attributes. */
function cellBody(cell: CellSpec, strings: SharedStrings): string {
  const value = cell.value;
  const formula = cell.formula;
  if (formula !== undefined) {
    const f = `<f>${escapeCellText(formula.charCodeAt(0) === 61 ? formula.slice(1) : formula)}</f>`; // 61: "="
    if (value === null) return `>${f}</c>`;
    switch (typeof value) {
      case "number":
        return `>${f}<v>${value}</v></c>`;
      case "boolean":
        return value ? ` t="b">${f}<v>1</v></c>` : ` t="b">${f}<v>0</v></c>`;
      default:
        return ` t="str">${f}<v>${escapeCellText(value)}</v></c>`;
    }
  }
  switch (typeof value) {
    case "number":
      return `><v>${value}</v></c>`;
    case "string":
      return ` t="s"><v>${strings.add(value)}</v></c>`;
    case "boolean":
      return value ? ` t="b"><v>1</v></c>` : ` t="b"><v>0</v></c>`;
    default:
      return "/>"; // null: an empty cell that keeps its style
  }
}

/**
 * A spec's cells as `<sheetData>`, in pieces of about `pieceLength` characters (so a large sheet
 * can be compressed while the rest is rendered): one `<row>` per row holding a cell, with the
 * height `heightOf` gives it (undefined: Excel's default). Text goes into `strings`; `styleIds`
 * maps each style key (see {@link styleKey}) to the workbook's cell format index.
 */
export function* sheetDataPieces(
  spec: SheetSpec,
  styleIds: ReadonlyMap<string, number>,
  strings: SharedStrings,
  heightOf: (row: readonly (CellSpec | null)[]) => number | undefined,
  pieceLength = 1 << 18,
): Generator<string> {
  const styles = new StyleAttrs(styleIds);
  const cells = spec.cells;
  let piece = "";
  let any = false;
  for (let r = 0; r < cells.length; r++) {
    const row = cells[r];
    const rowNumber = r + 1;
    let xml = "";
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (!cell) continue;
      xml += `<c r="${columnName(c)}${rowNumber}"${styles.of(cell)}${cellBody(cell, strings)}`;
    }
    const height = heightOf(row);
    if (xml === "" && height === undefined) continue;
    if (!any) {
      piece = "<sheetData>";
      any = true;
    }
    piece +=
      height === undefined
        ? `<row r="${rowNumber}">${xml}</row>`
        : `<row r="${rowNumber}" ht="${height}" customHeight="1">${xml}</row>`;
    if (piece.length >= pieceLength) {
      yield piece;
      piece = "";
    }
  }
  yield any ? `${piece}</sheetData>` : "<sheetData/>";
}

/** A spec's whole `<sheetData>` element as one string (see {@link sheetDataPieces}). */
export function renderSheetData(
  spec: SheetSpec,
  styleIds: ReadonlyMap<string, number>,
  strings: SharedStrings,
  heightOf: (row: readonly (CellSpec | null)[]) => number | undefined = () => undefined,
): string {
  return [...sheetDataPieces(spec, styleIds, strings, heightOf)].join("");
}

/**
 * A worksheet part cut around its `<sheetData>` element, which it must have exactly once (ExcelJS
 * always writes one, `<sheetData/>` for an empty sheet): the text before and the text after.
 */
export function splitAtSheetData(sheetXml: string): { before: string; after: string } {
  const start = sheetXml.indexOf("<sheetData");
  if (start === -1 || sheetXml.indexOf("<sheetData", start + 1) !== -1) {
    throw new Error("A worksheet part must have exactly one <sheetData>");
  }
  const tagEnd = sheetXml.indexOf(">", start);
  let end: number;
  if (sheetXml[tagEnd - 1] === "/") {
    end = tagEnd + 1;
  } else {
    const close = sheetXml.indexOf("</sheetData>", tagEnd);
    if (close === -1) throw new Error("Unclosed <sheetData> in a worksheet part");
    end = close + "</sheetData>".length;
  }
  return { before: sheetXml.slice(0, start), after: sheetXml.slice(end) };
}

/** Put `sheetData` (a whole `<sheetData>` element) in place of the one in a worksheet part. */
export function replaceSheetData(sheetXml: string, sheetData: string): string {
  const { before, after } = splitAtSheetData(sheetXml);
  return before + sheetData + after;
}
