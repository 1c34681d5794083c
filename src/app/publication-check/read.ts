/**
 * Read a workbook file into the publication check's model (model.ts), with the project's own
 * xlsx code: the reader (readWorkbookFile) gives the values Excel shows and the merged ranges,
 * and the same package's other parts are read with JSZip, the streaming XML scanner (worksheets)
 * and the small-part parser (workbook, relationships, styles, tables, drawings).
 *
 * The file is never changed. A file that cannot be read gives the reader's WorkbookReadError
 * (with its one-line message); a part the reader does not need but the check does (a drawing, a
 * table part) that is broken gives the same error, reason "corrupt", naming the part.
 */
import JSZip from "jszip";
import { parseArea, type Area } from "../../core/a1";
import { parseRels, relsPathFor, resolveTarget, type Relationship } from "../../workbook/xlsx/charts/rels";
import { MAX_SHEET_PART_BYTES, MAX_SMALL_PART_BYTES, MAX_STYLES_BYTES } from "../../workbook/xlsx/limits";
import { WORKBOOK_PART } from "../../workbook/xlsx/package";
import { readPartText, streamPartText, type PackagePart } from "../../workbook/xlsx/part-stream";
import { WorkbookReadError, readWorkbookFile } from "../../workbook/xlsx/read";
import { parseTablePart } from "../../workbook/xlsx/table-part";
import { parseWorkbookPart } from "../../workbook/xlsx/workbook-part";
import { XmlScanner } from "../../workbook/xlsx/xml-scan";
import { declaredSizes } from "../../workbook/xlsx/zip-directory";
import type { SheetSnapshot } from "../../sources/snapshot";
import { drawnObjects } from "./drawing";
import {
  cellKey,
  type ConditionalFormatModel,
  type HyperlinkModel,
  type SheetModel,
  type WorkbookModel,
} from "./model";
import { WorksheetScan } from "./sheet-scan";
import { NO_STYLES, readColourStyles, type ColourStyles } from "./styles";

/** A hyperlink area is listed cell by cell up to this many cells (a link over a whole column is one link). */
const MAX_LINK_CELLS = 1000;

function damaged(name: string, part: string, e: unknown): WorkbookReadError {
  return new WorkbookReadError(
    "corrupt",
    `${name} is damaged: its part ${part} cannot be read; open it in Excel and save it again (or use an earlier copy) and retry`,
    `${part}: ${e instanceof Error ? e.message : String(e)}`,
  );
}

/** The package's parts, found by path (exact, or ignoring case as OPC part names do). */
class Package {
  private lower: Map<string, JSZip.JSZipObject> | undefined;
  constructor(
    private readonly zip: JSZip,
    private readonly sizes: ReadonlyMap<string, number>,
    readonly name: string,
  ) {}

  part(path: string): PackagePart | undefined {
    let file = this.zip.file(path) ?? undefined;
    if (!file) {
      if (!this.lower) {
        this.lower = new Map();
        this.zip.forEach((p, f) => {
          if (!f.dir) this.lower!.set(p.toLowerCase(), f);
        });
      }
      file = this.lower.get(path.toLowerCase());
    }
    if (!file) return undefined;
    const size = this.sizes.get(file.name);
    return { path: file.name, file, ...(size !== undefined ? { declaredSize: size } : {}) };
  }

  /** A small part's text parsed by `parse`, or undefined when absent; broken → WorkbookReadError. */
  async parse<T>(path: string, limit: number, parse: (xml: string) => T): Promise<T | undefined> {
    const part = this.part(path);
    if (!part) return undefined;
    try {
      return parse(await readPartText(part, path, limit));
    } catch (e) {
      if (e instanceof WorkbookReadError) throw e;
      throw damaged(this.name, path, e);
    }
  }

  async rels(partPath: string): Promise<Relationship[]> {
    return (await this.parse(relsPathFor(partPath), MAX_SMALL_PART_BYTES, parseRels)) ?? [];
  }
}

/** The areas of a sqref ("A1:B4 D7"), the ones that parse. */
function sqrefAreas(sqref: string): Area[] {
  return sqref
    .split(/\s+/)
    .map((a) => parseArea(a))
    .filter((a): a is Area => a !== undefined);
}

async function readWorksheet(
  pkg: Package,
  partPath: string,
  snapshot: SheetSnapshot | undefined,
  base: Pick<SheetModel, "name" | "hidden">,
  styles: ColourStyles,
): Promise<SheetModel> {
  const part = pkg.part(partPath);
  const scan = new WorksheetScan(styles);
  if (part) {
    const scanner = new XmlScanner(scan);
    try {
      await streamPartText(part, `sheet '${base.name}'`, MAX_SHEET_PART_BYTES, (t) => scanner.write(t));
      scanner.end();
    } catch (e) {
      throw damaged(pkg.name, partPath, e);
    }
  }
  const rels = await pkg.rels(partPath);
  const tables = [];
  for (const rel of rels.filter((r) => r.type.endsWith("/table"))) {
    const path = resolveTarget(partPath, rel.target);
    const table = await pkg.parse(path, MAX_SMALL_PART_BYTES, parseTablePart);
    const area = table ? parseArea(table.ref ?? "") : undefined;
    if (!table || !area) continue;
    tables.push({
      name: table.displayName || table.name,
      area,
      headerRowCount: table.headerRowCount,
      totalsRowCount: table.totalsRowCount,
    });
  }
  const drawingRel = rels.find((r) => r.id === scan.drawingRelId);
  const drawn = drawingRel
    ? ((await pkg.parse(resolveTarget(partPath, drawingRel.target), MAX_SMALL_PART_BYTES, drawnObjects)) ??
      [])
    : [];
  const hyperlinks: HyperlinkModel[] = [];
  for (const link of scan.hyperlinks) {
    const rel = link.relId !== undefined ? rels.find((r) => r.id === link.relId) : undefined;
    let count = 0;
    for (let row = link.area.top; row <= link.area.bottom && count < MAX_LINK_CELLS; row++)
      for (let col = link.area.left; col <= link.area.right && count < MAX_LINK_CELLS; col++, count++)
        hyperlinks.push({
          row,
          col,
          ...(rel ? { url: rel.target } : {}),
          ...(link.location !== undefined ? { location: link.location } : {}),
          ...(link.display !== undefined ? { display: link.display } : {}),
          formula: false,
        });
  }
  const linked = new Set(hyperlinks.map((h) => cellKey(h.row, h.col)));
  for (const key of scan.hyperlinkFormulas) {
    if (linked.has(key)) continue;
    const [row, col] = key.split(",").map(Number);
    hyperlinks.push({ row, col, formula: true });
  }
  const conditionalFormats: ConditionalFormatModel[] = scan.conditionalFormats
    .filter((f) => f.effects.length > 0)
    .map((f) => ({ sqref: f.sqref, areas: sqrefAreas(f.sqref), effect: f.effects.join(" and ") }));
  return {
    ...base,
    kind: "worksheet",
    cells: snapshot?.cells ?? [],
    merges: snapshot?.merges ?? [],
    tables,
    drawn,
    hyperlinks,
    conditionalFormats,
    colours: scan.colours,
    colourOnlyFormats: scan.colourOnlyFormats,
  };
}

async function readChartsheet(
  pkg: Package,
  partPath: string,
  base: Pick<SheetModel, "name" | "hidden">,
): Promise<SheetModel> {
  const rels = await pkg.rels(partPath);
  const drawing = rels.find((r) => r.type.endsWith("/drawing"));
  const drawn = drawing
    ? ((await pkg.parse(resolveTarget(partPath, drawing.target), MAX_SMALL_PART_BYTES, drawnObjects)) ?? [])
    : [];
  return {
    ...base,
    kind: "chartsheet",
    cells: [],
    merges: [],
    tables: [],
    drawn,
    hyperlinks: [],
    conditionalFormats: [],
    colours: new Map(),
    colourOnlyFormats: new Map(),
  };
}

/**
 * Read a workbook file for the publication check.
 *
 * @param bytes the file's contents (never modified)
 * @param name the file name, for messages
 * @throws WorkbookReadError when the file cannot be read (see readWorkbookFile)
 */
export async function readForCheck(bytes: Uint8Array | ArrayBuffer, name: string): Promise<WorkbookModel> {
  // The reader first: it refuses what is not a readable workbook, with the user's message.
  const snapshot = await readWorkbookFile(bytes, name);
  const copy = new Uint8Array(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(copy);
  } catch (e) {
    throw damaged(name, "(the zip package)", e);
  }
  const pkg = new Package(zip, declaredSizes(copy), name);
  const workbook = await pkg.parse(WORKBOOK_PART, MAX_SMALL_PART_BYTES, parseWorkbookPart);
  if (!workbook) throw damaged(name, WORKBOOK_PART, "missing");
  const rels = await pkg.rels(WORKBOOK_PART);
  const stylesRel = rels.find((r) => r.type.endsWith("/styles"));
  const styles =
    (await pkg.parse(
      stylesRel ? resolveTarget(WORKBOOK_PART, stylesRel.target) : "xl/styles.xml",
      MAX_STYLES_BYTES,
      readColourStyles,
    )) ?? NO_STYLES;
  const byName = new Map(snapshot.sheets.map((s) => [s.name, s]));
  const sheets: SheetModel[] = [];
  for (const sheet of workbook.sheets) {
    const rel = rels.find((r) => r.id === sheet.relId);
    if (!rel) continue;
    const partPath = resolveTarget(WORKBOOK_PART, rel.target);
    const base = { name: sheet.name, hidden: sheet.state !== "visible" };
    if (rel.type.endsWith("/worksheet"))
      sheets.push(await readWorksheet(pkg, partPath, byName.get(sheet.name), base, styles));
    else if (rel.type.endsWith("/chartsheet")) sheets.push(await readChartsheet(pkg, partPath, base));
  }
  return { sheets };
}
