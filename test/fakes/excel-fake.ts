/**
 * A recording fake of the part of the Excel JavaScript API the Office adapter uses.
 *
 * It keeps Excel's batching model, which is what the adapter's round-trip rules are about:
 * - every property set and method call on a proxy object is queued and applied only at
 *   `context.sync()`, in order; a failing call stops the batch there (the calls before it stay
 *   applied, as in Excel) and `sync()` rejects with an error carrying a `code`;
 * - `load()`ed properties can be read only after the sync that loaded them; reading earlier throws
 *   PropertyNotLoaded, as Excel does;
 * - objects from `getItem`/`getRange`… are paths resolved when a queued call uses them; objects from
 *   `add()` are created by their call;
 * - each sync is recorded: how many calls, the JSON size of the request it would send (actions
 *   and object paths, as Office's protocol sends them), the size of the response, whether
 *   calculation was suspended, which sheets it wrote to. Requests over `requestLimitBytes`
 *   (default 5 MB, Excel on the web's limit) are refused with RequestPayloadSizeLimitExceeded,
 *   responses over `responseLimitBytes` with ResponsePayloadSizeLimitExceeded.
 *
 * Behind the proxies is a small in-memory workbook: sheets, cells (value, formula, number format,
 * font, fill, borders, alignment, hyperlink), column widths, tables, charts, sheet-scoped names,
 * freeze panes and page layout. Text written to a cell is read the way Excel reads typed input (a
 * leading "=" is a formula, "'" makes text, "1,234", "5%", "01/09/2025" become numbers), so tests
 * can show the adapter protects its text. Formulas are not calculated as they are written;
 * `recalculate()` runs every formula through HyperFormula (a JavaScript spreadsheet engine).
 *
 * It is a tool for counting round trips and bytes, never the only proof: the contract tests also
 * compare what it holds with what the xlsx adapter writes.
 */
import { HyperFormula, type RawCellContent } from "hyperformula";
import { serialFromDate } from "../../src/core/dates";
// The fake's own A1 parser, not the adapter's address module: a shared parser would agree with the adapter's bugs.
import {
  MAX_COL,
  MAX_ROW,
  parseArea,
  rectAddress,
  sheetPrefix,
  splitAddressList,
  splitRef,
  type Rect,
} from "./a1";

// ---------------------------------------------------------------------------------------------
// Errors

/** An error as Excel's OfficeExtension.Error gives it: a code and a message. */
export class FakeExcelError extends Error {
  override name = "RichApi.Error";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const fail = (code: string, message: string): never => {
  throw new FakeExcelError(code, message);
};

// ---------------------------------------------------------------------------------------------
// The workbook model

/** A cell's formatting. Instances are shared and never changed: an update makes (or reuses) another. */
export interface CellFormat {
  readonly fontName: string;
  readonly fontSize: number;
  readonly bold: boolean;
  readonly italic: boolean;
  readonly underline: string;
  readonly fontColor: string;
  readonly fill?: string;
  readonly wrapText: boolean;
  readonly verticalAlignment: string;
  readonly borderTop?: BorderModel;
  readonly borderBottom?: BorderModel;
}

export interface BorderModel {
  readonly style?: string;
  readonly weight?: string;
  readonly color?: string;
}

export const DEFAULT_FORMAT: CellFormat = {
  fontName: "Aptos Narrow",
  fontSize: 11,
  bold: false,
  italic: false,
  underline: "None",
  fontColor: "#000000",
  wrapText: false,
  verticalAlignment: "Bottom",
};

const formatCache = new Map<CellFormat, Map<string, CellFormat>>();

function withFormat(format: CellFormat, key: string, value: unknown, make: () => CellFormat): CellFormat {
  let byKey = formatCache.get(format);
  if (!byKey) formatCache.set(format, (byKey = new Map()));
  const id = `${key}=${JSON.stringify(value)}`;
  let next = byKey.get(id);
  if (!next) byKey.set(id, (next = make()));
  return next;
}

/** An error value in a cell, e.g. "#N/A". */
export interface ErrorValue {
  readonly error: string;
}

export type ModelValue = string | number | boolean | ErrorValue | null;

export interface CellModel {
  value: ModelValue;
  formula?: string;
  numberFormat: string;
  format: CellFormat;
  /** The cell was written with Excel's text prefix (a leading apostrophe). */
  prefixed?: boolean;
  hyperlink?: { documentReference?: string; address?: string; textToDisplay?: string };
}

export interface TableModel {
  name: string;
  sheet: SheetModel;
  rect: Rect;
  headers: string[];
  style: string;
  showBandedRows: boolean;
  showFilterButton: boolean;
}

export interface SeriesModel {
  name: string;
  values?: string;
  xValues?: string;
  markerStyle?: string;
  markerBackgroundColor?: string;
  markerForegroundColor?: string;
  lineColor?: string;
  lineStyle?: string;
}

export interface ChartModel {
  name: string;
  type: string;
  sheet: SheetModel;
  title: { text: string; visible: boolean };
  legend: { position: string; visible: boolean };
  valueAxis: { title: string; numberFormat: string; tickLabelPosition: string };
  categoryAxis: { title: string; numberFormat: string; tickLabelPosition: string };
  series: SeriesModel[];
  position?: { start: string; end: string };
}

export interface NameModel {
  name: string;
  formula: string;
  comment?: string;
}

export interface PageLayoutModel {
  orientation: string;
  paperSize: string;
  zoom: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  margins: Record<"left" | "right" | "top" | "bottom" | "header" | "footer", number>;
  printTitleRows?: string;
  footers: { left: string; center: string; right: string };
  headers: { left: string; center: string; right: string };
}

export class SheetModel {
  readonly cells = new Map<number, CellModel>();
  readonly columnWidths = new Map<number, number>();
  readonly autofitRows = new Set<number>();
  readonly hiddenRows = new Set<number>();
  readonly hiddenColumns = new Set<number>();
  merges: Rect[] = [];
  readonly tables: TableModel[] = [];
  readonly charts: ChartModel[] = [];
  readonly names = new Map<string, NameModel>();
  frozenRows = 0;
  readonly pageLayout: PageLayoutModel = {
    orientation: "Portrait",
    paperSize: "Letter",
    zoom: { scale: 100 },
    margins: { left: 51, right: 51, top: 54, bottom: 54, header: 21.6, footer: 21.6 },
    footers: { left: "", center: "", right: "" },
    headers: { left: "", center: "", right: "" },
  };
  constructor(
    readonly id: string,
    public name: string,
    public visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible",
  ) {}

  static key(row: number, col: number): number {
    return row * 16384 + col;
  }

  cell(row: number, col: number): CellModel | undefined {
    return this.cells.get(SheetModel.key(row, col));
  }

  /** The cell, created empty if it is not there. */
  touch(row: number, col: number): CellModel {
    const key = SheetModel.key(row, col);
    let c = this.cells.get(key);
    if (!c) this.cells.set(key, (c = { value: null, numberFormat: "General", format: DEFAULT_FORMAT }));
    return c;
  }

  /** Rectangle of cells holding a value or formula (valuesOnly) or anything at all; undefined when none. */
  usedRect(valuesOnly: boolean): Rect | undefined {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    for (const [key, c] of this.cells) {
      const used =
        c.value !== null ||
        c.formula !== undefined ||
        (!valuesOnly && (c.numberFormat !== "General" || c.format !== DEFAULT_FORMAT || c.hyperlink));
      if (!used) continue;
      const r = Math.floor(key / 16384);
      const col = key % 16384;
      top = Math.min(top, r);
      left = Math.min(left, col);
      bottom = Math.max(bottom, r);
      right = Math.max(right, col);
    }
    return bottom < 0 ? undefined : { top, left, bottom, right };
  }
}

export class WorkbookModel {
  name = "Book1.xlsx";
  readonly sheets: SheetModel[] = [];
  activeSheetId?: string;
  decimalSeparator = ".";
  private nextId = 1;

  newId(): string {
    return `{FAKE-SHEET-${String(this.nextId++).padStart(4, "0")}}`;
  }

  sheetByKey(key: string): SheetModel | undefined {
    const k = key.toLowerCase();
    return this.sheets.find((s) => s.id === key || s.name.toLowerCase() === k);
  }

  get tables(): TableModel[] {
    return this.sheets.flatMap((s) => s.tables);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading input as Excel does (en-GB)

const ERROR_LITERALS = new Set([
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#SPILL!",
  "#CALC!",
]);

interface Parsed {
  value: ModelValue;
  formula?: string;
  prefixed?: boolean;
  autoFormat?: string;
}

/** What Excel stores when `input` is typed (or written through values/formulas) into a cell with `numberFormat`. */
export function parseInput(input: unknown, numberFormat: string): Parsed {
  if (typeof input === "number")
    return {
      value: Number.isFinite(input)
        ? input
        : fail("InvalidArgument", `${input} is not a number a cell can hold`),
    };
  if (typeof input === "boolean") return { value: input };
  if (typeof input !== "string")
    return fail("InvalidArgument", `A cell cannot hold ${JSON.stringify(input)}`);
  if (input === "") return { value: null };
  if (numberFormat === "@") return { value: input };
  if (input.startsWith("'")) return { value: input.slice(1), prefixed: true };
  if (input.startsWith("=") && input.length > 1) return { value: null, formula: input.slice(1) };
  const t = input.trim();
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === "true" };
  if (ERROR_LITERALS.has(t.toUpperCase())) return { value: { error: t.toUpperCase() } };
  const number = /^([+-]?)\(?([£$]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:e([+-]?\d+))?\)?(%?)$/i.exec(t);
  if (number && !(t.startsWith("(") !== t.endsWith(")"))) {
    let v = Number(number[3].replace(/,/g, "") + (number[4] ?? "") + (number[5] ? `e${number[5]}` : ""));
    if (number[1] === "-" || t.startsWith("(")) v = -v;
    if (number[6]) return { value: v / 100, autoFormat: "0%" };
    return { value: v, ...(number[2] ? { autoFormat: "£#,##0" } : {}) };
  }
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(t);
  if (uk) {
    const year = uk[3].length === 2 ? 2000 + Number(uk[3]) : Number(uk[3]);
    const serial = serialFromDate(year, Number(uk[2]), Number(uk[1]));
    if (serial !== undefined) return { value: serial, autoFormat: "dd/mm/yyyy" };
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (iso) {
    const serial = serialFromDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (serial !== undefined) return { value: serial, autoFormat: "yyyy-mm-dd" };
  }
  return { value: input };
}

/** A cell value as Range.values gives it back. */
function outputValue(c: CellModel | undefined): string | number | boolean {
  if (!c || c.value === null) return "";
  if (typeof c.value === "object") return c.value.error;
  return c.value;
}

// ---------------------------------------------------------------------------------------------
// Handles: the model side of each proxy kind

type AnyHandle = Handle;

/** What a proxy resolves to when a queued call runs. */
interface Handle {
  readonly kind: string;
  /** The sheet a write through this handle changes (for the "sheets written" record). */
  readonly sheet?: SheetModel;
  get?(prop: string): unknown;
  set?(prop: string, value: unknown): void;
  child?(name: string): AnyHandle;
  /** Accessors and creators return a handle (or null for *OrNullObject); actions return nothing. */
  call?(method: string, args: unknown[]): AnyHandle | null | void;
  items?(): AnyHandle[];
}

function validSheetName(name: unknown): string {
  if (
    typeof name !== "string" ||
    name.length === 0 ||
    name.length > 31 ||
    /[:\\/?*[\]]/.test(name) ||
    /^'|'$/.test(name)
  ) {
    return fail("InvalidArgument", `"${String(name)}" is not a valid sheet name`);
  }
  return name;
}

function absAddress(sheet: SheetModel, rect: Rect): string {
  const a = (r: number, c: number): string => {
    const cell = rectAddress({ top: r, left: c, bottom: r, right: c });
    const m = /^([A-Z]+)(\d+)$/.exec(cell)!;
    return `$${m[1]}$${m[2]}`;
  };
  const start = a(rect.top, rect.left);
  const single = rect.top === rect.bottom && rect.left === rect.right;
  return `${sheetPrefix(sheet.name)}${single ? start : `${start}:${a(rect.bottom, rect.right)}`}`;
}

function rectsIntersect(a: Rect, b: Rect): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

class WorkbookHandle implements Handle {
  readonly kind = "Workbook";
  constructor(readonly fake: FakeExcel) {}
  get(prop: string): unknown {
    if (prop === "name") return this.fake.model.name;
    return fail("PropertyNotFound", `Workbook.${prop}`);
  }
  child(name: string): Handle {
    if (name === "worksheets") return new WorksheetCollectionHandle(this.fake);
    return fail("NotImplemented", `Workbook.${name}`);
  }
}

class ApplicationHandle implements Handle {
  readonly kind = "Application";
  constructor(readonly fake: FakeExcel) {}
  call(method: string): void {
    if (method === "suspendApiCalculationUntilNextSync") {
      this.fake.currentRecord!.calculationSuspended = true;
      return;
    }
    fail("NotImplemented", `Application.${method}`);
  }
  child(name: string): Handle {
    if (name === "cultureInfo") {
      const fake = this.fake;
      return {
        kind: "CultureInfo",
        child: () => ({
          kind: "NumberFormatInfo",
          get: (p: string) =>
            p === "numberDecimalSeparator"
              ? fake.model.decimalSeparator
              : p === "numberGroupSeparator"
                ? fake.model.decimalSeparator === ","
                  ? "."
                  : ","
                : fail("PropertyNotFound", p),
        }),
      };
    }
    return fail("NotImplemented", `Application.${name}`);
  }
}

class WorksheetCollectionHandle implements Handle {
  readonly kind = "WorksheetCollection";
  constructor(readonly fake: FakeExcel) {}
  items(): Handle[] {
    return this.fake.model.sheets.map((s) => new WorksheetHandle(this.fake, s));
  }
  get(prop: string): unknown {
    if (prop === "count") return this.fake.model.sheets.length;
    return fail("PropertyNotFound", prop);
  }
  call(method: string, args: unknown[]): Handle | null {
    const model = this.fake.model;
    if (method === "getItem" || method === "getItemOrNullObject") {
      const sheet = model.sheetByKey(String(args[0]));
      if (sheet) return new WorksheetHandle(this.fake, sheet);
      return method === "getItem" ? fail("ItemNotFound", `No sheet "${String(args[0])}"`) : null;
    }
    if (method === "add") {
      let name = args[0] as string | undefined;
      if (name === undefined) for (let k = 1; model.sheetByKey((name = `Sheet${k}`)); k++);
      validSheetName(name);
      if (model.sheetByKey(name!)) fail("ItemAlreadyExists", `A sheet named "${name}" already exists`);
      const sheet = new SheetModel(model.newId(), name!);
      model.sheets.push(sheet);
      this.fake.currentRecord!.sheetsWritten.add(sheet.id);
      return new WorksheetHandle(this.fake, sheet);
    }
    return fail("NotImplemented", `WorksheetCollection.${method}`);
  }
}

class WorksheetHandle implements Handle {
  readonly kind = "Worksheet";
  constructor(
    readonly fake: FakeExcel,
    readonly sheet: SheetModel,
  ) {}
  private alive(): SheetModel {
    if (!this.fake.model.sheets.includes(this.sheet))
      fail("ItemNotFound", `The sheet "${this.sheet.name}" was deleted`);
    return this.sheet;
  }
  get(prop: string): unknown {
    const s = this.alive();
    switch (prop) {
      case "name":
        return s.name;
      case "id":
        return s.id;
      case "visibility":
        return s.visibility;
      case "position":
        return this.fake.model.sheets.indexOf(s);
      default:
        return fail("PropertyNotFound", `Worksheet.${prop}`);
    }
  }
  set(prop: string, value: unknown): void {
    const s = this.alive();
    const model = this.fake.model;
    if (prop === "name") {
      const name = validSheetName(value);
      const other = model.sheetByKey(name);
      if (other && other !== s) fail("ItemAlreadyExists", `A sheet named "${name}" already exists`);
      s.name = name;
      return;
    }
    if (prop === "visibility") {
      if (value !== "Visible" && value !== "Hidden" && value !== "VeryHidden")
        fail("InvalidArgument", String(value));
      if (value !== "Visible" && !model.sheets.some((o) => o !== s && o.visibility === "Visible")) {
        fail("InvalidOperation", "A workbook must keep at least one visible sheet");
      }
      s.visibility = value as SheetModel["visibility"];
      return;
    }
    fail("NotImplemented", `Worksheet.${prop} =`);
  }
  child(name: string): Handle {
    const s = this.alive();
    switch (name) {
      case "tables":
        return new TableCollectionHandle(this.fake, s);
      case "charts":
        return new ChartCollectionHandle(this.fake, s);
      case "names":
        return new NamedItemCollectionHandle(this.fake, s);
      case "freezePanes":
        return {
          kind: "FreezePanes",
          sheet: s,
          call: (m: string, a: unknown[]) =>
            void (m === "freezeRows" ? (s.frozenRows = Number(a[0] ?? 1)) : fail("NotImplemented", m)),
        };
      case "pageLayout":
        return new PageLayoutHandle(s);
      default:
        return fail("NotImplemented", `Worksheet.${name}`);
    }
  }
  call(method: string, args: unknown[]): Handle | null | void {
    const s = this.alive();
    const model = this.fake.model;
    switch (method) {
      case "delete": {
        if (s.visibility === "Visible" && !model.sheets.some((o) => o !== s && o.visibility === "Visible")) {
          fail("InvalidOperation", "A workbook must keep at least one visible sheet");
        }
        model.sheets.splice(model.sheets.indexOf(s), 1);
        return;
      }
      case "activate":
        if (s.visibility !== "Visible") fail("InvalidOperation", "A hidden sheet cannot be activated");
        model.activeSheetId = s.id;
        return;
      case "getRange": {
        if (args[0] === undefined)
          return new RangeHandle(this.fake, s, { top: 0, left: 0, bottom: MAX_ROW, right: MAX_COL });
        const { sheet, area } = splitRef(String(args[0]));
        const target =
          sheet === undefined ? s : (model.sheetByKey(sheet) ?? fail("ItemNotFound", `No sheet "${sheet}"`));
        const rect = parseArea(area) ?? fail("InvalidArgument", `Bad address "${String(args[0])}"`);
        return new RangeHandle(this.fake, target, rect);
      }
      case "getRanges": {
        const text = String(args[0]);
        const wrong = model.decimalSeparator === "," ? "," : ";";
        if (text.includes(wrong))
          fail("InvalidArgument", `getRanges: "${wrong}" is not this locale's list separator`);
        const rects = splitAddressList(text).map(
          (part) => parseArea(splitRef(part).area) ?? fail("InvalidArgument", `Bad address "${part}"`),
        );
        if (rects.length === 0) fail("InvalidArgument", "getRanges: no address");
        return new RangeAreasHandle(this.fake, s, rects);
      }
      case "getRangeByIndexes": {
        const [r, c, rows, cols] = args as number[];
        if (rows < 1 || cols < 1) fail("InvalidArgument", "getRangeByIndexes: empty range");
        return new RangeHandle(this.fake, s, { top: r, left: c, bottom: r + rows - 1, right: c + cols - 1 });
      }
      case "getUsedRange":
      case "getUsedRangeOrNullObject": {
        const rect = s.usedRect(args[0] === true);
        if (rect) return new RangeHandle(this.fake, s, rect);
        return method === "getUsedRange"
          ? new RangeHandle(this.fake, s, { top: 0, left: 0, bottom: 0, right: 0 })
          : null;
      }
      default:
        return fail("NotImplemented", `Worksheet.${method}`);
    }
  }
}

/** Run `fn` over every cell of the rectangles (clipped to the used grid for whole rows/columns). */
function eachCell(
  sheet: SheetModel,
  rects: readonly Rect[],
  fn: (c: CellModel, row: number, col: number, rect: Rect) => void,
): void {
  for (const rect of rects) {
    if (rect.bottom === MAX_ROW || rect.right === MAX_COL)
      fail("NotImplemented", "The fake does not format whole rows or columns");
    for (let r = rect.top; r <= rect.bottom; r++)
      for (let c = rect.left; c <= rect.right; c++) fn(sheet.touch(r, c), r, c, rect);
  }
}

class RangeHandle implements Handle {
  readonly kind = "Range";
  constructor(
    readonly fake: FakeExcel,
    readonly sheet: SheetModel,
    readonly rect: Rect,
  ) {}
  private grid<T>(fn: (c: CellModel | undefined) => T): T[][] {
    const { top, left, bottom, right } = this.rect;
    if (bottom === MAX_ROW || right === MAX_COL)
      fail("NotImplemented", "The fake does not read whole rows or columns");
    const out: T[][] = [];
    for (let r = top; r <= bottom; r++) {
      const row: T[] = [];
      for (let c = left; c <= right; c++) row.push(fn(this.sheet.cell(r, c)));
      out.push(row);
    }
    return out;
  }
  get(prop: string): unknown {
    const { top, left, bottom, right } = this.rect;
    switch (prop) {
      case "values":
        return this.grid(outputValue);
      case "formulas":
        return this.grid((c) => (c?.formula !== undefined ? `=${c.formula}` : outputValue(c)));
      case "numberFormat":
        return this.grid((c) => c?.numberFormat ?? "General");
      case "valueTypes":
        return this.grid((c) =>
          !c || c.value === null
            ? "Empty"
            : typeof c.value === "object"
              ? "Error"
              : typeof c.value === "number"
                ? "Double"
                : typeof c.value === "boolean"
                  ? "Boolean"
                  : "String",
        );
      case "address":
        return `${sheetPrefix(this.sheet.name)}${rectAddress(this.rect)}`;
      case "rowIndex":
        return top;
      case "columnIndex":
        return left;
      case "rowCount":
        return bottom - top + 1;
      case "columnCount":
        return right - left + 1;
      default:
        return fail("PropertyNotFound", `Range.${prop}`);
    }
  }
  /** A 2-D array of the range's size, or one value for every cell (Excel broadcasts a single value). */
  private perCell(value: unknown, what: string): (r: number, c: number) => unknown {
    const { top, left, bottom, right } = this.rect;
    if (!Array.isArray(value)) return () => value;
    const rows = bottom - top + 1;
    const cols = right - left + 1;
    if (value.length !== rows || value.some((row) => !Array.isArray(row) || row.length !== cols)) {
      fail(
        "InvalidArgument",
        `${what}: the array's size does not match the range ${rectAddress(this.rect)} (${rows}×${cols})`,
      );
    }
    return (r, c) => (value as unknown[][])[r - top][c - left];
  }
  set(prop: string, value: unknown): void {
    switch (prop) {
      case "values":
      case "formulas": {
        const at = this.perCell(value, `Range.${prop}`);
        eachCell(this.sheet, [this.rect], (cell, r, c) => {
          const input = at(r, c);
          if (input === null || input === undefined) return; // null leaves a cell as it is
          const parsed = parseInput(input, cell.numberFormat);
          cell.value = parsed.value;
          cell.formula = parsed.formula;
          cell.prefixed = parsed.prefixed;
          if (parsed.autoFormat && cell.numberFormat === "General") cell.numberFormat = parsed.autoFormat;
        });
        return;
      }
      case "numberFormat": {
        const at = this.perCell(value, "Range.numberFormat");
        eachCell(this.sheet, [this.rect], (cell, r, c) => {
          const f = at(r, c);
          if (f !== null && f !== undefined) cell.numberFormat = String(f);
        });
        return;
      }
      case "hyperlink": {
        const link = value as CellModel["hyperlink"];
        eachCell(this.sheet, [this.rect], (cell) => {
          cell.hyperlink = { ...link };
          if (link?.textToDisplay !== undefined) {
            cell.value = link.textToDisplay;
            cell.formula = undefined;
          }
        });
        return;
      }
      default:
        fail("NotImplemented", `Range.${prop} =`);
    }
  }
  child(name: string): Handle {
    if (name === "format") return new FormatHandle(this.sheet, [this.rect]);
    return fail("NotImplemented", `Range.${name}`);
  }
  call(method: string, args: unknown[]): Handle | null | void {
    switch (method) {
      case "getBoundingRect": {
        const other =
          args[0] instanceof RangeHandle
            ? args[0].rect
            : (parseArea(String(args[0])) ?? fail("InvalidArgument", String(args[0])));
        const r = this.rect;
        return new RangeHandle(this.fake, this.sheet, {
          top: Math.min(r.top, other.top),
          left: Math.min(r.left, other.left),
          bottom: Math.max(r.bottom, other.bottom),
          right: Math.max(r.right, other.right),
        });
      }
      case "getSpecialCellsOrNullObject": {
        if (args[0] !== "Visible") return fail("NotImplemented", `getSpecialCells(${String(args[0])})`);
        const runs = (from: number, to: number, hidden: Set<number>): [number, number][] => {
          const out: [number, number][] = [];
          for (let i = from; i <= to; i++) {
            if (hidden.has(i)) continue;
            if (out.length > 0 && out[out.length - 1][1] === i - 1) out[out.length - 1][1] = i;
            else out.push([i, i]);
          }
          return out;
        };
        const rows = runs(this.rect.top, this.rect.bottom, this.sheet.hiddenRows);
        const cols = runs(this.rect.left, this.rect.right, this.sheet.hiddenColumns);
        const areas: Rect[] = [];
        for (const [top, bottom] of rows)
          for (const [left, right] of cols) areas.push({ top, bottom, left, right });
        return areas.length === 0 ? null : new RangeAreasHandle(this.fake, this.sheet, areas);
      }
      case "getMergedAreasOrNullObject": {
        const merges = this.sheet.merges.filter((m) => rectsIntersect(m, this.rect));
        return merges.length === 0 ? null : new RangeAreasHandle(this.fake, this.sheet, merges);
      }
      case "clear": {
        const applyTo = (args[0] as string | undefined) ?? "All";
        const rect = {
          ...this.rect,
          bottom: Math.min(this.rect.bottom, this.sheet.usedRect(false)?.bottom ?? 0),
          right: Math.min(this.rect.right, this.sheet.usedRect(false)?.right ?? 0),
        };
        for (let r = rect.top; r <= rect.bottom; r++) {
          for (let c = rect.left; c <= rect.right; c++) {
            const cell = this.sheet.cell(r, c);
            if (!cell) continue;
            if (applyTo === "All" || applyTo === "Contents") {
              cell.value = null;
              cell.formula = undefined;
            }
            if (applyTo === "All" || applyTo === "Formats") {
              cell.numberFormat = "General";
              cell.format = DEFAULT_FORMAT;
            }
          }
        }
        return;
      }
      default:
        return fail("NotImplemented", `Range.${method}`);
    }
  }
}

class RangeAreasHandle implements Handle {
  readonly kind = "RangeAreas";
  constructor(
    readonly fake: FakeExcel,
    readonly sheet: SheetModel,
    readonly rects: Rect[],
  ) {}
  get(prop: string): unknown {
    if (prop === "address")
      return this.rects.map((r) => `${sheetPrefix(this.sheet.name)}${rectAddress(r)}`).join(",");
    if (prop === "areaCount") return this.rects.length;
    return fail("PropertyNotFound", `RangeAreas.${prop}`);
  }
  child(name: string): Handle {
    if (name === "format") return new FormatHandle(this.sheet, this.rects);
    return fail("NotImplemented", `RangeAreas.${name}`);
  }
}

class FormatHandle implements Handle {
  readonly kind = "RangeFormat";
  constructor(
    readonly sheet: SheetModel,
    readonly rects: Rect[],
  ) {}
  private update(key: keyof CellFormat, value: unknown): void {
    eachCell(this.sheet, this.rects, (cell) => {
      cell.format = withFormat(cell.format, key, value, () => ({ ...cell.format, [key]: value }));
    });
  }
  set(prop: string, value: unknown): void {
    switch (prop) {
      case "wrapText":
        return this.update("wrapText", value);
      case "verticalAlignment":
        return this.update("verticalAlignment", value);
      case "columnWidth":
        for (const r of this.rects)
          for (let c = r.left; c <= r.right; c++) this.sheet.columnWidths.set(c, Number(value));
        return;
      default:
        fail("NotImplemented", `RangeFormat.${prop} =`);
    }
  }
  get(prop: string): unknown {
    if (prop === "columnWidth") return this.sheet.columnWidths.get(this.rects[0].left) ?? 48;
    return fail("NotImplemented", `RangeFormat.${prop}`);
  }
  call(method: string): void {
    if (method === "autofitRows") {
      for (const r of this.rects)
        for (let row = r.top; row <= Math.min(r.bottom, r.top + 10_000); row++)
          this.sheet.autofitRows.add(row);
      return;
    }
    fail("NotImplemented", `RangeFormat.${method}`);
  }
  child(name: string): Handle {
    const update = (key: keyof CellFormat) => (value: unknown) => this.update(key, value);
    if (name === "font") {
      const keys: Record<string, keyof CellFormat> = {
        name: "fontName",
        size: "fontSize",
        bold: "bold",
        italic: "italic",
        underline: "underline",
        color: "fontColor",
      };
      return {
        kind: "RangeFont",
        sheet: this.sheet,
        set: (p: string, v: unknown) =>
          keys[p] ? update(keys[p])(v) : fail("NotImplemented", `RangeFont.${p}`),
      };
    }
    if (name === "fill") {
      return {
        kind: "RangeFill",
        sheet: this.sheet,
        set: (p: string, v: unknown) =>
          p === "color" ? update("fill")(v) : fail("NotImplemented", `RangeFill.${p}`),
      };
    }
    if (name === "borders") {
      const sheet = this.sheet;
      const rects = this.rects;
      return {
        kind: "RangeBorderCollection",
        sheet,
        call: (m: string, a: unknown[]) =>
          m === "getItem" ? new BorderHandle(sheet, rects, String(a[0])) : fail("NotImplemented", m),
      };
    }
    return fail("NotImplemented", `RangeFormat.${name}`);
  }
}

class BorderHandle implements Handle {
  readonly kind = "RangeBorder";
  constructor(
    readonly sheet: SheetModel,
    readonly rects: Rect[],
    readonly index: string,
  ) {}
  set(prop: string, value: unknown): void {
    if (!["style", "weight", "color"].includes(prop)) fail("NotImplemented", `RangeBorder.${prop}`);
    const apply = (cell: CellModel, side: "borderTop" | "borderBottom"): void => {
      cell.format = withFormat(cell.format, `${side}.${prop}`, value, () => ({
        ...cell.format,
        [side]: { ...cell.format[side], [prop]: value },
      }));
    };
    eachCell(this.sheet, this.rects, (cell, r, _c, rect) => {
      switch (this.index) {
        case "EdgeTop":
          if (r === rect.top) apply(cell, "borderTop");
          return;
        case "EdgeBottom":
          if (r === rect.bottom) apply(cell, "borderBottom");
          return;
        case "InsideHorizontal":
          if (r > rect.top) apply(cell, "borderTop");
          if (r < rect.bottom) apply(cell, "borderBottom");
          return;
        default:
          fail("NotImplemented", `Border ${this.index}`);
      }
    });
  }
}

const TABLE_NAME = /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/;

class TableCollectionHandle implements Handle {
  readonly kind = "TableCollection";
  constructor(
    readonly fake: FakeExcel,
    readonly sheet: SheetModel,
  ) {}
  items(): Handle[] {
    return this.sheet.tables.map((t) => new TableHandle(this.fake, t));
  }
  call(method: string, args: unknown[]): Handle | null {
    if (method === "getItem" || method === "getItemOrNullObject") {
      const t = this.sheet.tables.find((x) => x.name.toLowerCase() === String(args[0]).toLowerCase());
      if (t) return new TableHandle(this.fake, t);
      return method === "getItem" ? fail("ItemNotFound", `No table ${String(args[0])}`) : null;
    }
    if (method === "add") {
      const { sheet: sheetName, area } = splitRef(String(args[0]));
      const sheet =
        sheetName === undefined
          ? this.sheet
          : (this.fake.model.sheetByKey(sheetName) ?? fail("ItemNotFound", sheetName));
      const rect = parseArea(area) ?? fail("InvalidArgument", `Bad table address ${String(args[0])}`);
      for (const other of this.fake.model.tables) {
        if (other.sheet === sheet && rectsIntersect(other.rect, rect))
          fail("InvalidOperation", `A table can't overlap another table (${other.name})`);
      }
      const hasHeaders = args[1] === true;
      const headers: string[] = [];
      for (let c = rect.left; c <= rect.right; c++) {
        const v = hasHeaders ? outputValue(sheet.cell(rect.top, c)) : "";
        let h = v === "" ? `Column${c - rect.left + 1}` : String(v);
        while (headers.some((x) => x.toLowerCase() === h.toLowerCase())) h = `${h}2`;
        headers.push(h);
      }
      let n = 1;
      while (this.fake.model.tables.some((t) => t.name.toLowerCase() === `table${n}`)) n++;
      const table: TableModel = {
        name: `Table${n}`,
        sheet,
        rect,
        headers,
        style: "TableStyleMedium2",
        showBandedRows: true,
        showFilterButton: true,
      };
      sheet.tables.push(table);
      return new TableHandle(this.fake, table);
    }
    return fail("NotImplemented", `TableCollection.${method}`);
  }
}

class TableHandle implements Handle {
  readonly kind = "Table";
  constructor(
    readonly fake: FakeExcel,
    readonly table: TableModel,
  ) {}
  get sheet(): SheetModel {
    return this.table.sheet;
  }
  get(prop: string): unknown {
    const t = this.table;
    switch (prop) {
      case "name":
        return t.name;
      case "style":
        return t.style;
      case "showBandedRows":
        return t.showBandedRows;
      case "showFilterButton":
        return t.showFilterButton;
      default:
        return fail("PropertyNotFound", `Table.${prop}`);
    }
  }
  set(prop: string, value: unknown): void {
    const t = this.table;
    switch (prop) {
      case "name": {
        const name = String(value);
        if (!TABLE_NAME.test(name) || /^[A-Za-z]{1,3}\d+$/.test(name))
          fail("InvalidArgument", `"${name}" is not a valid table name`);
        if (this.fake.model.tables.some((o) => o !== t && o.name.toLowerCase() === name.toLowerCase())) {
          fail("ItemAlreadyExists", `A table named ${name} already exists`);
        }
        t.name = name;
        return;
      }
      case "style":
        t.style = String(value);
        return;
      case "showBandedRows":
        t.showBandedRows = Boolean(value);
        return;
      case "showFilterButton":
        t.showFilterButton = Boolean(value);
        return;
      default:
        fail("NotImplemented", `Table.${prop} =`);
    }
  }
}

class ChartCollectionHandle implements Handle {
  readonly kind = "ChartCollection";
  constructor(
    readonly fake: FakeExcel,
    readonly sheet: SheetModel,
  ) {}
  items(): Handle[] {
    return this.sheet.charts.map((c) => new ChartHandle(c));
  }
  call(method: string, args: unknown[]): Handle {
    if (method !== "add") return fail("NotImplemented", `ChartCollection.${method}`);
    const [type, source, seriesBy] = args as [string, RangeHandle, string];
    if (!(source instanceof RangeHandle)) fail("InvalidArgument", "charts.add needs a source range");
    const r = source.rect;
    const series: SeriesModel[] = [];
    if (seriesBy === "Rows") {
      for (let row = r.top; row <= r.bottom; row++)
        series.push({
          name: `Series${series.length + 1}`,
          values: absAddress(source.sheet, { ...r, top: row, bottom: row }),
        });
    } else {
      for (let c = r.left; c <= r.right; c++)
        series.push({
          name: `Series${series.length + 1}`,
          values: absAddress(source.sheet, { ...r, left: c, right: c }),
        });
    }
    const chart: ChartModel = {
      name: `Chart ${this.fake.model.sheets.reduce((n, s) => n + s.charts.length, 0) + 1}`,
      type,
      sheet: this.sheet,
      title: { text: "", visible: false },
      legend: { position: "Right", visible: true },
      valueAxis: { title: "", numberFormat: "General", tickLabelPosition: "NextToAxis" },
      categoryAxis: { title: "", numberFormat: "General", tickLabelPosition: "NextToAxis" },
      series,
    };
    this.sheet.charts.push(chart);
    return new ChartHandle(chart);
  }
}

function propsHandle<T extends object>(
  kind: string,
  sheet: SheetModel,
  target: T,
  keys: Record<string, keyof T>,
): Handle {
  return {
    kind,
    sheet,
    get: (p: string) => (keys[p] ? target[keys[p]] : fail("PropertyNotFound", `${kind}.${p}`)),
    set: (p: string, v: unknown) => {
      if (!keys[p]) fail("NotImplemented", `${kind}.${p} =`);
      (target as Record<keyof T, unknown>)[keys[p]] = v;
    },
  };
}

class ChartHandle implements Handle {
  readonly kind = "Chart";
  constructor(readonly chart: ChartModel) {}
  get sheet(): SheetModel {
    return this.chart.sheet;
  }
  get(prop: string): unknown {
    if (prop === "name") return this.chart.name;
    if (prop === "chartType") return this.chart.type;
    return fail("PropertyNotFound", `Chart.${prop}`);
  }
  set(prop: string, value: unknown): void {
    if (prop === "name") this.chart.name = String(value);
    else if (prop === "chartType") this.chart.type = String(value);
    else fail("NotImplemented", `Chart.${prop} =`);
  }
  child(name: string): Handle {
    const c = this.chart;
    switch (name) {
      case "title":
        return {
          kind: "ChartTitle",
          sheet: c.sheet,
          get: (p: string) => (p === "text" ? c.title.text : fail("PropertyNotFound", p)),
          set: (p: string, v: unknown) => {
            if (p === "text") c.title = { text: String(v), visible: true };
            else if (p === "visible") c.title.visible = Boolean(v);
            else fail("NotImplemented", `ChartTitle.${p}`);
          },
        };
      case "legend":
        return propsHandle("ChartLegend", c.sheet, c.legend, { position: "position", visible: "visible" });
      case "axes":
        return {
          kind: "ChartAxes",
          sheet: c.sheet,
          child: (axis: string) => {
            const model =
              axis === "valueAxis"
                ? c.valueAxis
                : axis === "categoryAxis"
                  ? c.categoryAxis
                  : fail("NotImplemented", axis);
            const h = propsHandle("ChartAxis", c.sheet, model, {
              numberFormat: "numberFormat",
              tickLabelPosition: "tickLabelPosition",
            });
            return {
              ...h,
              child: (n: string) =>
                n === "title"
                  ? propsHandle("ChartAxisTitle", c.sheet, model, { text: "title" })
                  : fail("NotImplemented", n),
            };
          },
        };
      case "series":
        return {
          kind: "ChartSeriesCollection",
          sheet: c.sheet,
          get: (p: string) => (p === "count" ? c.series.length : fail("PropertyNotFound", p)),
          call: (m: string, a: unknown[]) => {
            if (m === "getItemAt")
              return new SeriesHandle(
                c,
                c.series[Number(a[0])] ?? fail("ItemNotFound", `No series ${String(a[0])}`),
              );
            if (m === "add") {
              const s: SeriesModel = {
                name: a[0] === undefined ? `Series${c.series.length + 1}` : String(a[0]),
              };
              c.series.push(s);
              return new SeriesHandle(c, s);
            }
            return fail("NotImplemented", m);
          },
        };
      default:
        return fail("NotImplemented", `Chart.${name}`);
    }
  }
  call(method: string, args: unknown[]): void {
    if (method === "setPosition") {
      const text = (a: unknown): string => (a instanceof RangeHandle ? rectAddress(a.rect) : String(a));
      this.chart.position = {
        start: text(args[0]),
        end: args[1] === undefined ? text(args[0]) : text(args[1]),
      };
      return;
    }
    if (method === "delete") {
      const list = this.chart.sheet.charts;
      list.splice(list.indexOf(this.chart), 1);
      return;
    }
    fail("NotImplemented", `Chart.${method}`);
  }
}

class SeriesHandle implements Handle {
  readonly kind = "ChartSeries";
  constructor(
    readonly chart: ChartModel,
    readonly series: SeriesModel,
  ) {}
  get sheet(): SheetModel {
    return this.chart.sheet;
  }
  get(prop: string): unknown {
    if (prop === "name") return this.series.name;
    return fail("PropertyNotFound", `ChartSeries.${prop}`);
  }
  set(prop: string, value: unknown): void {
    if (
      prop === "name" ||
      prop === "markerStyle" ||
      prop === "markerBackgroundColor" ||
      prop === "markerForegroundColor"
    ) {
      (this.series as unknown as Record<string, unknown>)[prop] = value;
      return;
    }
    fail("NotImplemented", `ChartSeries.${prop} =`);
  }
  call(method: string, args: unknown[]): void {
    const range = args[0];
    if (!(range instanceof RangeHandle)) fail("InvalidArgument", `${method} needs a range`);
    const address = absAddress((range as RangeHandle).sheet, (range as RangeHandle).rect);
    if (method === "setValues") this.series.values = address;
    else if (method === "setXAxisValues") this.series.xValues = address;
    else fail("NotImplemented", `ChartSeries.${method}`);
  }
  child(name: string): Handle {
    if (name !== "format") return fail("NotImplemented", `ChartSeries.${name}`);
    const s = this.series;
    const sheet = this.chart.sheet;
    return {
      kind: "ChartSeriesFormat",
      sheet,
      child: (n: string) =>
        n === "line"
          ? propsHandle("ChartLineFormat", sheet, s, { color: "lineColor", lineStyle: "lineStyle" })
          : fail("NotImplemented", n),
    };
  }
}

class NamedItemCollectionHandle implements Handle {
  readonly kind = "NamedItemCollection";
  constructor(
    readonly fake: FakeExcel,
    readonly sheet: SheetModel,
  ) {}
  items(): Handle[] {
    return [...this.sheet.names.values()].map((n) => new NamedItemHandle(this.sheet, n));
  }
  call(method: string, args: unknown[]): Handle | null {
    if (method === "getItem" || method === "getItemOrNullObject") {
      const n = this.sheet.names.get(String(args[0]).toLowerCase());
      if (n) return new NamedItemHandle(this.sheet, n);
      return method === "getItem" ? fail("ItemNotFound", `No name ${String(args[0])}`) : null;
    }
    if (method === "add") {
      const [name, reference, comment] = args as [string, unknown, string | undefined];
      if (this.sheet.names.has(name.toLowerCase()))
        fail("ItemAlreadyExists", `The name ${name} already exists on ${this.sheet.name}`);
      const formula =
        reference instanceof RangeHandle
          ? `=${absAddress(reference.sheet, reference.rect)}`
          : String(reference);
      const model: NameModel = { name, formula, ...(comment !== undefined ? { comment } : {}) };
      this.sheet.names.set(name.toLowerCase(), model);
      return new NamedItemHandle(this.sheet, model);
    }
    return fail("NotImplemented", `NamedItemCollection.${method}`);
  }
}

class NamedItemHandle implements Handle {
  readonly kind = "NamedItem";
  constructor(
    readonly sheet: SheetModel,
    readonly item: NameModel,
  ) {}
  get(prop: string): unknown {
    switch (prop) {
      case "name":
        return this.item.name;
      case "formula":
        return this.item.formula;
      case "comment":
        return this.item.comment ?? "";
      case "value": {
        const m = /^=\s*"((?:[^"]|"")*)"$/.exec(this.item.formula);
        return m ? m[1].replace(/""/g, '"') : this.item.formula.replace(/^=/, "");
      }
      default:
        return fail("PropertyNotFound", `NamedItem.${prop}`);
    }
  }
}

class PageLayoutHandle implements Handle {
  readonly kind = "PageLayout";
  constructor(readonly sheet: SheetModel) {}
  private static readonly MARGINS: Record<string, keyof PageLayoutModel["margins"]> = {
    leftMargin: "left",
    rightMargin: "right",
    topMargin: "top",
    bottomMargin: "bottom",
    headerMargin: "header",
    footerMargin: "footer",
  };
  get(prop: string): unknown {
    const p = this.sheet.pageLayout;
    if (prop === "orientation") return p.orientation;
    if (prop === "paperSize") return p.paperSize;
    if (prop === "zoom") return { ...p.zoom };
    const m = PageLayoutHandle.MARGINS[prop];
    return m ? p.margins[m] : fail("PropertyNotFound", `PageLayout.${prop}`);
  }
  set(prop: string, value: unknown): void {
    const p = this.sheet.pageLayout;
    if (prop === "orientation") {
      if (value !== "Portrait" && value !== "Landscape") fail("InvalidArgument", String(value));
      p.orientation = value as string;
    } else if (prop === "paperSize") p.paperSize = String(value);
    else if (prop === "zoom") {
      const z = value as PageLayoutModel["zoom"];
      if (
        z.scale !== undefined &&
        (z.horizontalFitToPages !== undefined || z.verticalFitToPages !== undefined)
      )
        fail("InvalidArgument", "zoom: scale or fit, not both");
      p.zoom = { ...z };
    } else {
      const m = PageLayoutHandle.MARGINS[prop];
      if (!m) fail("NotImplemented", `PageLayout.${prop} =`);
      p.margins[m] = Number(value);
    }
  }
  call(method: string, args: unknown[]): void {
    if (method === "setPrintTitleRows") {
      const text = String(args[0]);
      const rect = parseArea(text);
      if (!rect || rect.left !== 0 || rect.right !== MAX_COL)
        fail("InvalidArgument", `Print title rows must be whole rows, not ${text}`);
      this.sheet.pageLayout.printTitleRows = text;
      return;
    }
    fail("NotImplemented", `PageLayout.${method}`);
  }
  child(name: string): Handle {
    if (name !== "headersFooters") return fail("NotImplemented", `PageLayout.${name}`);
    const p = this.sheet.pageLayout;
    const sheet = this.sheet;
    return {
      kind: "HeaderFooterGroup",
      sheet,
      child: (n: string) => {
        if (n !== "defaultForAllPages") return fail("NotImplemented", n);
        const keys: Record<string, ["footers" | "headers", "left" | "center" | "right"]> = {
          leftFooter: ["footers", "left"],
          centerFooter: ["footers", "center"],
          rightFooter: ["footers", "right"],
          leftHeader: ["headers", "left"],
          centerHeader: ["headers", "center"],
          rightHeader: ["headers", "right"],
        };
        return {
          kind: "HeaderFooter",
          sheet,
          get: (k: string) => (keys[k] ? p[keys[k][0]][keys[k][1]] : fail("PropertyNotFound", k)),
          set: (k: string, v: unknown) => {
            if (!keys[k]) fail("NotImplemented", k);
            p[keys[k][0]][keys[k][1]] = String(v);
          },
        };
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Proxies: the client side, queueing calls

/**
 * What each proxy kind offers, so a proxy knows before anything is resolved whether a name is a
 * property (queued set / loaded read), a navigation to a child object, an accessor returning an
 * object path, a creator (a queued call that makes an object) or a queued action.
 */
interface KindSpec {
  readonly props?: readonly string[];
  readonly children?: Readonly<Record<string, string>>;
  readonly accessors?: Readonly<Record<string, string>>;
  readonly creators?: Readonly<Record<string, string>>;
  readonly actions?: readonly string[];
  /** Collection item kind. */
  readonly items?: string;
}

const KINDS: Readonly<Record<string, KindSpec>> = {
  Workbook: { props: ["name"], children: { worksheets: "WorksheetCollection" } },
  Application: { actions: ["suspendApiCalculationUntilNextSync"], children: { cultureInfo: "CultureInfo" } },
  CultureInfo: { children: { numberFormat: "NumberFormatInfo" } },
  NumberFormatInfo: { props: ["numberDecimalSeparator", "numberGroupSeparator"] },
  WorksheetCollection: {
    props: ["count"],
    items: "Worksheet",
    accessors: { getItem: "Worksheet", getItemOrNullObject: "Worksheet" },
    creators: { add: "Worksheet" },
  },
  Worksheet: {
    props: ["name", "id", "visibility", "position"],
    children: {
      tables: "TableCollection",
      charts: "ChartCollection",
      names: "NamedItemCollection",
      freezePanes: "FreezePanes",
      pageLayout: "PageLayout",
    },
    accessors: {
      getRange: "Range",
      getRanges: "RangeAreas",
      getRangeByIndexes: "Range",
      getUsedRange: "Range",
      getUsedRangeOrNullObject: "Range",
    },
    actions: ["delete", "activate"],
  },
  Range: {
    props: [
      "values",
      "formulas",
      "numberFormat",
      "valueTypes",
      "address",
      "rowIndex",
      "columnIndex",
      "rowCount",
      "columnCount",
      "hyperlink",
    ],
    children: { format: "RangeFormat" },
    accessors: {
      getBoundingRect: "Range",
      getSpecialCellsOrNullObject: "RangeAreas",
      getMergedAreasOrNullObject: "RangeAreas",
    },
    actions: ["clear"],
  },
  RangeAreas: { props: ["address", "areaCount"], children: { format: "RangeFormat" } },
  RangeFormat: {
    props: ["wrapText", "verticalAlignment", "columnWidth"],
    children: { font: "RangeFont", fill: "RangeFill", borders: "RangeBorderCollection" },
    actions: ["autofitRows"],
  },
  RangeFont: { props: ["name", "size", "bold", "italic", "underline", "color"] },
  RangeFill: { props: ["color"] },
  RangeBorderCollection: { accessors: { getItem: "RangeBorder" } },
  RangeBorder: { props: ["style", "weight", "color"] },
  TableCollection: {
    items: "Table",
    accessors: { getItem: "Table", getItemOrNullObject: "Table" },
    creators: { add: "Table" },
  },
  Table: { props: ["name", "style", "showBandedRows", "showFilterButton"] },
  ChartCollection: { items: "Chart", creators: { add: "Chart" } },
  Chart: {
    props: ["name", "chartType"],
    children: {
      title: "ChartTitle",
      legend: "ChartLegend",
      axes: "ChartAxes",
      series: "ChartSeriesCollection",
    },
    actions: ["setPosition", "delete"],
  },
  ChartTitle: { props: ["text", "visible"] },
  ChartLegend: { props: ["position", "visible"] },
  ChartAxes: { children: { valueAxis: "ChartAxis", categoryAxis: "ChartAxis" } },
  ChartAxis: { props: ["numberFormat", "tickLabelPosition"], children: { title: "ChartAxisTitle" } },
  ChartAxisTitle: { props: ["text"] },
  ChartSeriesCollection: {
    props: ["count"],
    accessors: { getItemAt: "ChartSeries" },
    creators: { add: "ChartSeries" },
  },
  ChartSeries: {
    props: ["name", "markerStyle", "markerBackgroundColor", "markerForegroundColor"],
    children: { format: "ChartSeriesFormat" },
    actions: ["setValues", "setXAxisValues"],
  },
  ChartSeriesFormat: { children: { line: "ChartLineFormat" } },
  ChartLineFormat: { props: ["color", "lineStyle"] },
  NamedItemCollection: {
    items: "NamedItem",
    accessors: { getItem: "NamedItem", getItemOrNullObject: "NamedItem" },
    creators: { add: "NamedItem" },
  },
  NamedItem: { props: ["name", "formula", "value", "comment"] },
  FreezePanes: { actions: ["freezeRows"] },
  PageLayout: {
    props: [
      "orientation",
      "paperSize",
      "zoom",
      "leftMargin",
      "rightMargin",
      "topMargin",
      "bottomMargin",
      "headerMargin",
      "footerMargin",
    ],
    children: { headersFooters: "HeaderFooterGroup" },
    actions: ["setPrintTitleRows"],
  },
  HeaderFooterGroup: { children: { defaultForAllPages: "HeaderFooter" } },
  HeaderFooter: {
    props: ["leftFooter", "centerFooter", "rightFooter", "leftHeader", "centerHeader", "rightHeader"],
  },
};

/** The object path of a proxy, as the request describes it. */
interface PathJson {
  readonly Id: number;
  readonly ObjectPathType: number;
  readonly Name: string;
  readonly ParentObjectPathId?: number;
  readonly ArgumentInfo?: { readonly Arguments: readonly unknown[] };
}

/** A queued call. */
interface Action {
  readonly json: Record<string, unknown>;
  readonly paths: readonly ClientObject[];
  readonly write: boolean;
  readonly describe: { kind: string; name: string; args: readonly unknown[] };
  apply(record: SyncRecord): void;
}

const NOT_YET = Symbol("not created yet");

/** The client object behind each proxy. */
class ClientObject {
  readonly loaded = new Map<string, unknown>();
  itemProxies?: unknown[];
  created: Handle | null | typeof NOT_YET = NOT_YET;
  proxy: unknown;
  constructor(
    readonly ctx: FakeContext,
    readonly kind: string,
    readonly path: PathJson,
    readonly parent: ClientObject | undefined,
    /** Resolves the object when a queued call runs (throws, or null for *OrNullObject). */
    readonly resolver: () => Handle | null,
  ) {}

  /** The handle, or an error when the object is missing. */
  resolve(): Handle {
    const h = this.resolver();
    if (!h) return fail("ItemNotFound", `The ${this.kind} does not exist (a null object cannot be used)`);
    return h;
  }
}

function isClientObject(value: unknown): value is ClientObject {
  return value instanceof ClientObject;
}

/** Proxy arguments become handles when applied and {_ObjectPathId} in the request. */
function unwrap(value: unknown): unknown {
  const target = (value as { __target?: ClientObject } | null)?.__target;
  return target instanceof ClientObject ? target : value;
}

const ActionType = { instantiate: 1, query: 2, method: 3, setProperty: 4 } as const;

function loadProps(kind: string, options: unknown): { props: string[]; itemProps: string[] } {
  const spec = KINDS[kind];
  let list: string[];
  if (options === undefined) list = [];
  else if (typeof options === "string")
    list = options
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  else if (Array.isArray(options)) list = options.map(String);
  else {
    const select = (options as { select?: string }).select;
    list = select ? select.split(",").map((s) => s.trim()) : [];
  }
  const props: string[] = [];
  const itemProps: string[] = [];
  for (const p of list) {
    if (p.startsWith("items/")) itemProps.push(p.slice(6));
    else if (spec.items) itemProps.push(p);
    else props.push(p);
  }
  if (list.length === 0) {
    if (spec.items) itemProps.push(...(KINDS[spec.items].props ?? []));
    else props.push(...(spec.props ?? []));
  }
  for (const p of props)
    if (p.includes("/") || !(spec.props ?? []).includes(p))
      fail("PropertyNotFound", `The fake cannot load ${kind}.${p}`);
  return { props, itemProps };
}

export class FakeContext {
  private queue: Action[] = [];
  private nextId = 1;
  readonly workbook: unknown;
  readonly application: unknown;

  constructor(readonly fake: FakeExcel) {
    this.workbook = this.root("Workbook", "Workbook", () => new WorkbookHandle(fake));
    this.application = this.root("Application", "Application", () => new ApplicationHandle(fake));
  }

  private newPath(name: string, type: number, parent?: ClientObject, args?: readonly unknown[]): PathJson {
    return {
      Id: this.nextId++,
      ObjectPathType: type,
      Name: name,
      ...(parent ? { ParentObjectPathId: parent.path.Id } : {}),
      ...(args
        ? {
            ArgumentInfo: {
              Arguments: args.map((a) =>
                isClientObject(unwrap(a)) ? { _ObjectPathId: (unwrap(a) as ClientObject).path.Id } : a,
              ),
            },
          }
        : {}),
    };
  }

  private root(kind: string, name: string, resolver: () => Handle): unknown {
    return this.wrap(new ClientObject(this, kind, this.newPath(name, 1), undefined, resolver));
  }

  /** The proxy a caller sees for a client object. */
  private wrap(obj: ClientObject): unknown {
    const spec = KINDS[obj.kind] ?? fail("NotImplemented", `No kind ${obj.kind}`);
    const children = new Map<string, unknown>();
    const proxy: unknown = new Proxy(obj, {
      get: (target, prop) => {
        if (typeof prop === "symbol") return undefined;
        if (prop === "__target") return target;
        if (prop === "then") return undefined;
        if (prop === "context") return this;
        if (prop === "load") return (options?: unknown) => (this.enqueueLoad(target, options), proxy);
        if (prop === "toJSON") return () => Object.fromEntries(target.loaded);
        if (prop === "isNullObject") {
          if (!target.loaded.has("isNullObject"))
            fail("PropertyNotLoaded", `${obj.kind}.isNullObject was not loaded (load, then sync)`);
          return target.loaded.get("isNullObject");
        }
        if (prop === "items" && spec.items) {
          if (!target.itemProxies)
            fail("PropertyNotLoaded", `${obj.kind}.items was not loaded (load, then sync)`);
          return target.itemProxies;
        }
        const child = spec.children?.[prop];
        if (child) {
          if (!children.has(prop)) {
            const co = new ClientObject(this, child, this.newPath(prop, 4, target), target, () =>
              target.resolve().child!(prop),
            );
            children.set(prop, this.wrap(co));
          }
          return children.get(prop);
        }
        const accessor = spec.accessors?.[prop];
        if (accessor) {
          return (...args: unknown[]) => {
            const co = new ClientObject(this, accessor, this.newPath(prop, 5, target, args), target, () => {
              const h = target.resolve().call!(
                prop,
                args.map((a) => this.handleOf(a)),
              );
              return (h as Handle | null | undefined) ?? null;
            });
            return this.wrap(co);
          };
        }
        const creator = spec.creators?.[prop];
        if (creator) {
          return (...args: unknown[]) => {
            const co: ClientObject = new ClientObject(
              this,
              creator,
              this.newPath(prop, 5, target, args),
              target,
              (): Handle | null => {
                if (co.created === NOT_YET)
                  fail(
                    "InvalidObjectPath",
                    `The ${creator} from ${prop}() was used before the sync that creates it`,
                  );
                return co.created as Handle | null;
              },
            );
            this.enqueue(
              target,
              prop,
              args,
              ActionType.method,
              true,
              (h) => {
                co.created =
                  (h.call!(
                    prop,
                    args.map((a) => this.handleOf(a)),
                  ) as Handle | null | undefined) ?? null;
              },
              [co],
            );
            return this.wrap(co);
          };
        }
        if (spec.actions?.includes(prop)) {
          return (...args: unknown[]) => {
            this.enqueue(target, prop, args, ActionType.method, true, (h) => {
              h.call!(
                prop,
                args.map((a) => this.handleOf(a)),
              );
            });
          };
        }
        if (spec.props?.includes(prop)) {
          if (!target.loaded.has(prop))
            fail(
              "PropertyNotLoaded",
              `${obj.kind}.${prop} was not loaded (load it, then sync, before reading it)`,
            );
          return target.loaded.get(prop);
        }
        return fail("NotImplemented", `The fake has no ${obj.kind}.${prop}`);
      },
      set: (target, prop, value) => {
        if (typeof prop === "symbol" || !spec.props?.includes(prop))
          fail("NotImplemented", `The fake cannot set ${obj.kind}.${String(prop)}`);
        const name = prop as string;
        this.enqueue(target, name, [value], ActionType.setProperty, true, (h) => h.set!(name, value));
        return true;
      },
    });
    obj.proxy = proxy;
    return proxy;
  }

  private handleOf(arg: unknown): unknown {
    const target = unwrap(arg);
    return isClientObject(target) ? target.resolve() : arg;
  }

  private enqueue(
    target: ClientObject,
    name: string,
    args: readonly unknown[],
    type: number,
    write: boolean,
    apply: (h: Handle) => void,
    extraPaths: ClientObject[] = [],
  ): void {
    const argPaths = args.map(unwrap).filter(isClientObject);
    const json = {
      Id: this.nextId++,
      ActionType: type,
      Name: name,
      ObjectPathId: target.path.Id,
      ArgumentInfo: {
        Arguments: args.map((a) =>
          isClientObject(unwrap(a)) ? { _ObjectPathId: (unwrap(a) as ClientObject).path.Id } : a,
        ),
      },
    };
    const fake = this.fake;
    this.queue.push({
      json,
      paths: [target, ...argPaths, ...extraPaths],
      write,
      describe: { kind: target.kind, name, args },
      apply: (record) => {
        if (fake.failWhen?.({ kind: target.kind, name, args }))
          fail("GeneralException", `Injected failure at ${target.kind}.${name}`);
        const h = target.resolve();
        apply(h);
        if (write && h.sheet) record.sheetsWritten.add(h.sheet.id);
      },
    });
  }

  private enqueueLoad(target: ClientObject, options: unknown): void {
    const { props, itemProps } = loadProps(target.kind, options);
    const spec = KINDS[target.kind];
    const fake = this.fake;
    this.queue.push({
      json: {
        Id: this.nextId++,
        ActionType: ActionType.query,
        Name: "",
        ObjectPathId: target.path.Id,
        QueryInfo: { Select: [...props, ...itemProps.map((p) => `items/${p}`)] },
      },
      paths: [target],
      write: false,
      describe: { kind: target.kind, name: "load", args: [options] },
      apply: (record) => {
        if (fake.failWhen?.({ kind: target.kind, name: "load", args: [options] })) {
          fail("GeneralException", `Injected failure at ${target.kind}.load`);
        }
        const h = target.resolver();
        target.loaded.set("isNullObject", h === null);
        if (h === null) {
          record.responseBytes += 24;
          return;
        }
        const out: Record<string, unknown> = {};
        for (const p of props) {
          const v = structuredClone(h.get!(p));
          target.loaded.set(p, v);
          out[p] = v;
        }
        if (spec.items) {
          const itemKind = spec.items;
          const items = h.items!();
          target.itemProxies = items.map((item, i) => {
            const co = new ClientObject(
              this,
              itemKind,
              this.newPath(`items[${i}]`, 6, target),
              target,
              () => item,
            );
            const proxy = this.wrap(co);
            for (const p of itemProps) co.loaded.set(p, structuredClone(item.get!(p)));
            co.loaded.set("isNullObject", false);
            return proxy;
          });
          out.items = target.itemProxies.map((p) => Object.fromEntries((unwrap(p) as ClientObject).loaded));
        }
        record.responseBytes += Buffer.byteLength(JSON.stringify(out));
      },
    });
  }

  /** Send the queued calls: measure the request, apply the calls in order, record the sync. */
  async sync(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    const fake = this.fake;
    const record: SyncRecord = {
      index: fake.syncs.length,
      calls: batch.length,
      requestBytes: 0,
      responseBytes: 0,
      calculationSuspended: false,
      sheetsWritten: new Set(),
      writes: batch.filter((a) => a.write).length,
      failed: undefined,
    };
    // The request: every action, and every object path they use (once, with its parents).
    const paths = new Map<number, PathJson>();
    const addPath = (o: ClientObject | undefined): void => {
      for (let p = o; p && !paths.has(p.path.Id); p = p.parent) paths.set(p.path.Id, p.path);
    };
    batch.forEach((a) => a.paths.forEach(addPath));
    record.requestBytes = Buffer.byteLength(
      JSON.stringify({ Actions: batch.map((a) => a.json), ObjectPaths: Object.fromEntries(paths) }),
    );
    fake.syncs.push(record);
    fake.currentRecord = record;
    try {
      if (record.requestBytes > fake.requestLimitBytes) {
        fail(
          "RequestPayloadSizeLimitExceeded",
          `The request is ${record.requestBytes} bytes; the limit is ${fake.requestLimitBytes}`,
        );
      }
      for (const action of batch) action.apply(record);
      if (record.responseBytes > fake.responseLimitBytes) {
        fail(
          "ResponsePayloadSizeLimitExceeded",
          `The response is ${record.responseBytes} bytes; the limit is ${fake.responseLimitBytes}`,
        );
      }
    } catch (error) {
      record.failed = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      fake.currentRecord = undefined;
    }
    await Promise.resolve();
  }

  /** Calls queued and not yet synced. */
  get pending(): number {
    return this.queue.length;
  }
}

/** One context.sync(), as the fake saw it. */
export interface SyncRecord {
  readonly index: number;
  /** Queued calls (property sets, method calls, loads). */
  readonly calls: number;
  /** Calls that change the workbook. */
  readonly writes: number;
  /** JSON bytes of the request: actions and object paths. */
  requestBytes: number;
  /** JSON bytes of the loaded values sent back. */
  responseBytes: number;
  calculationSuspended: boolean;
  /** Ids of the sheets this sync changed. */
  readonly sheetsWritten: Set<string>;
  /** The error message when the sync failed. */
  failed?: string;
}

/** A cell to seed a sheet with: a value, or a value with a formula (its cached result) and number format. */
export type SeedCell =
  string | number | boolean | null | { value: ModelValue; formula?: string; numberFormat?: string };

/** The fake workbook, its sync log and its limits. */
export class FakeExcel {
  readonly model = new WorkbookModel();
  readonly syncs: SyncRecord[] = [];
  requestLimitBytes = 5 * 1024 * 1024;
  responseLimitBytes = 5 * 1024 * 1024;
  /** Make a queued call fail (to test clean-up): return true for the call that should throw. */
  failWhen?: (call: { kind: string; name: string; args: readonly unknown[] }) => boolean;
  /** @internal the sync being applied. */
  currentRecord?: SyncRecord;

  /** A new request context on this workbook, typed as Excel's. */
  context(): Excel.RequestContext {
    return new FakeContext(this) as unknown as Excel.RequestContext;
  }

  /** Like Excel.run: a context for the batch function; fails if calls were queued and never synced. */
  run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    const ctx = new FakeContext(this);
    const result = await batch(ctx as unknown as Excel.RequestContext);
    if (ctx.pending > 0) throw new Error(`${ctx.pending} queued call(s) were never synced`);
    return result;
  };

  /** Add a sheet directly (not through the API): the user's own data. */
  seedSheet(
    name: string,
    rows: readonly (readonly SeedCell[])[],
    options: {
      visibility?: SheetModel["visibility"];
      hiddenRows?: number[];
      hiddenColumns?: number[];
      merges?: Rect[];
      names?: Record<string, string>;
      numberFormats?: Record<string, string>;
    } = {},
  ): SheetModel {
    const sheet = new SheetModel(this.model.newId(), name, options.visibility ?? "Visible");
    rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (cell === null || cell === undefined) return;
        const m = sheet.touch(r, c);
        if (typeof cell === "object") {
          m.value = cell.value;
          if (cell.formula) m.formula = cell.formula;
          if (cell.numberFormat) m.numberFormat = cell.numberFormat;
        } else m.value = cell;
      }),
    );
    for (const [address, format] of Object.entries(options.numberFormats ?? {})) {
      const rect = parseArea(address)!;
      for (let r = rect.top; r <= rect.bottom; r++)
        for (let c = rect.left; c <= rect.right; c++) sheet.touch(r, c).numberFormat = format;
    }
    options.hiddenRows?.forEach((r) => sheet.hiddenRows.add(r));
    options.hiddenColumns?.forEach((c) => sheet.hiddenColumns.add(c));
    sheet.merges = options.merges ?? [];
    for (const [n, formula] of Object.entries(options.names ?? {}))
      sheet.names.set(n.toLowerCase(), { name: n, formula });
    this.model.sheets.push(sheet);
    return sheet;
  }

  sheetNames(): string[] {
    return this.model.sheets.map((s) => s.name);
  }

  sheet(name: string): SheetModel {
    return this.model.sheetByKey(name) ?? fail("ItemNotFound", `No sheet ${name}`);
  }

  /** Forget the sync log (the workbook stays). */
  resetLog(): void {
    this.syncs.length = 0;
  }

  /**
   * Calculate every formula with HyperFormula and store the results as the cells' values.
   * Returns the cells whose formula gave an error, as "Sheet!A1: #NAME?".
   */
  recalculate(): string[] {
    const data: Record<string, RawCellContent[][]> = {};
    for (const s of this.model.sheets) {
      const used = s.usedRect(true);
      const grid: RawCellContent[][] = [];
      if (used) {
        for (let r = 0; r <= used.bottom; r++) {
          const row: RawCellContent[] = [];
          for (let c = 0; c <= used.right; c++) {
            const cell = s.cell(r, c);
            if (!cell) row.push(null);
            else if (cell.formula !== undefined) row.push(`=${cell.formula}`);
            else if (typeof cell.value === "string") row.push(`'${cell.value}`);
            else if (cell.value !== null && typeof cell.value === "object") row.push(null);
            else row.push(cell.value);
          }
          grid.push(row);
        }
      }
      data[s.name] = grid;
    }
    const hf = HyperFormula.buildFromSheets(data, { licenseKey: "gpl-v3" });
    const errors: string[] = [];
    try {
      for (const s of this.model.sheets) {
        const id = hf.getSheetId(s.name)!;
        for (const [key, cell] of s.cells) {
          if (cell.formula === undefined) continue;
          const row = Math.floor(key / 16384);
          const col = key % 16384;
          const v = hf.getCellValue({ sheet: id, row, col });
          if (v !== null && typeof v === "object") {
            const code = (v as { value?: string }).value ?? "#ERROR!";
            cell.value = { error: code };
            errors.push(
              `${s.name}!${rectAddress({ top: row, left: col, bottom: row, right: col })}: ${code} ${(v as { message?: string }).message ?? ""}`.trim(),
            );
          } else cell.value = v as ModelValue;
        }
      }
    } finally {
      hf.destroy();
    }
    return errors;
  }
}
