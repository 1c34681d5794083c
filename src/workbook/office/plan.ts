/**
 * Plan how one SheetSpec reaches Excel: the whole sheet as a short list of bulk operations, each
 * with an estimate of the bytes it adds to a request, then packed into batches (one
 * `context.sync()` each) that stay under Excel on the web's request limit.
 *
 * A sheet becomes:
 * - its cells as one 2-D `Range.formulas` array from A1 to the last used cell ("=…" for formula
 *   cells, constants for the rest: `formulas` takes both), split by rows only when the array
 *   would not fit in one request;
 * - its number formats as one broadcast per rectangle of cells sharing a format (a table column is
 *   one rectangle however many rows it has);
 * - its styles as one RangeAreas (`getRanges("A1:C1,A5:C5")`) per house style, each set with a few
 *   RangeFormat properties;
 * - column widths, header row heights, freeze panes, print setup, tables, hyperlinks and charts as
 *   a handful of calls each.
 * So a sheet of 100 rows and one of 10,000 rows cost the same number of calls and syncs; only the
 * size of the values array grows.
 *
 * Planning is pure (no Excel): the ops hold closures that queue their calls when a batch runs.
 */
import { areaA1, cellA1, splitRef } from "../../core/a1";
import {
  type CellSpec,
  type ChartSpec,
  type SheetSpec,
  type StyleName,
  type TableSpec,
} from "../../papers/spec";
import { columnsAddress, rectCells, rowsAddress, type Rect } from "./address";
import type { ApiSupport } from "./host";
import {
  MARGINS_PT,
  OFFICE_STYLES,
  PAGE_OF,
  SERIES_STYLES,
  TABLE_STYLE,
  columnWidthPoints,
  footerTitle,
  type OfficeBorder,
  type OfficeStyle,
} from "./styles";

/** Excel on the web rejects a request over 5 MB; the default budget leaves a fifth of it spare. */
export const DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/**
 * Excel on the web refuses a response over 5 MB too (ResponsePayloadSizeLimitExceeded: the whole
 * sync fails and nothing it loaded arrives). Reads are planned to this budget, the same fifth spare
 * as writes: the JSON of what a sync loads (values, value types, number formats) stays under it.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = DEFAULT_MAX_REQUEST_BYTES;

/**
 * Bytes one API call adds to a request besides its arguments: the action and its object path
 * (`{"Id":12,"ActionType":4,"Name":"Bold","ObjectPathId":11,…}` plus the path that found the
 * object). Measured at 150–250 bytes with the recording fake; 320 keeps estimates above it.
 */
export const CALL_BYTES = 320;

/** Bytes of a request with nothing in it, plus the calculation-suspend call every batch starts with. */
export const BATCH_BYTES = 2 * CALL_BYTES;

/**
 * getRanges limits. Excel documents none; addresses around 8,200 characters or 500 areas have
 * failed (OfficeDev/office-js#5198, office-js-docs-pr#2255), so each RangeAreas stays well below.
 */
export const MAX_AREA_ADDRESS_CHARS = 2000;
export const MAX_AREAS_PER_CALL = 100;

/** What the host offers, decided once per write. */
export interface PlanEnv {
  readonly maxRequestBytes: number;
  readonly supports: ApiSupport;
  /** Separator for getRanges addresses ("," or ";", see host.ts). */
  readonly listSeparator: string;
}

/** Queues one operation's calls on the batch's context and the sheet being written. */
export type Queue = (context: Excel.RequestContext, sheet: Excel.Worksheet) => void;

/** One bulk operation with its estimated request size. */
export interface PlannedOp {
  /** What it does, for notes and debugging: "formulas A1:H10006", "style header". */
  readonly what: string;
  readonly bytes: number;
  readonly queue: Queue;
}

/** A value as Range.formulas takes it. */
export type FormulaCell = string | number | boolean;

/** Everything needed to write one sheet. */
export interface SheetPlan {
  readonly name: string;
  /** Width of the values array (columns from A). */
  readonly width: number;
  /** One row of the values array per spec row, padded to `width`. */
  readonly rows: readonly (readonly FormulaCell[])[];
  /** JSON bytes of each row in `rows` (the values array is split between rows). */
  readonly rowBytes: readonly number[];
  /** Operations after the values: formats, styles, layout, tables, links, charts. */
  readonly ops: readonly PlannedOp[];
  /** Features left out because the host lacks their requirement set. */
  readonly notes: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Sizes

/** UTF-8 length of a string (what goes on the wire), without allocating. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) bytes += code >= 0x800 ? 2 : 1;
  }
  return bytes;
}

/** JSON bytes of a value as it would be sent. */
export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? "null");
}

function op(what: string, calls: number, payloadBytes: number, queue: Queue): PlannedOp {
  return { what, bytes: calls * CALL_BYTES + payloadBytes, queue };
}

// ---------------------------------------------------------------------------------------------
// Cell values

/**
 * Whether Excel would read a text value as something else when it is written, so it must be
 * written with a leading apostrophe (Excel's text prefix, not part of the value): text starting
 * with = + - @ (a formula), # (an error such as "#N/A"), or ' itself; TRUE/FALSE; and any text
 * holding a digit, which Excel may read as a number, date, time or percentage ("1,234",
 * "01/09/2025", "5%", "2026-27", "1 Sept 2025"). Text with no digit and none of those starts
 * cannot be parsed as a number or date, so it is written as it is.
 * @example needsTextPrefix("2026-27") → true; needsTextPrefix("Total") → false
 */
export function needsTextPrefix(text: string): boolean {
  if (text === "") return false;
  return /^[=+\-@#']/.test(text) || /\d/.test(text) || /^\s*(true|false)\s*$/i.test(text);
}

/** A spec cell as Range.formulas takes it: "=" + formula, a constant, or "" for none. */
export function formulaCell(cell: CellSpec | null | undefined): FormulaCell {
  if (!cell) return "";
  if (cell.formula !== undefined) return `=${cell.formula.replace(/^=/, "")}`;
  const v = cell.value;
  if (v === null) return "";
  if (typeof v === "string") return needsTextPrefix(v) ? `'${v}` : v;
  return v;
}

// ---------------------------------------------------------------------------------------------
// Rectangles

/**
 * Cover the cells that have a key with rectangles of one key each: runs of equal keys along each
 * row, merged down while the next row has the same run. A table column of 10,000 cells with one
 * number format is one rectangle.
 */
export function rectanglesByKey<K>(
  rows: number,
  keyAt: (row: number, col: number) => K | undefined,
  width: number,
): Map<K, Rect[]> {
  const done = new Map<K, Rect[]>();
  // Open rectangles by "left:right" and key, each still growing downward.
  let open = new Map<
    string,
    { key: K; rect: { top: number; left: number; bottom: number; right: number } }
  >();
  const close = (entry: { key: K; rect: Rect }): void => {
    const list = done.get(entry.key);
    if (list) list.push(entry.rect);
    else done.set(entry.key, [entry.rect]);
  };
  for (let r = 0; r < rows; r++) {
    const next = new Map<
      string,
      { key: K; rect: { top: number; left: number; bottom: number; right: number } }
    >();
    let c = 0;
    while (c < width) {
      const key = keyAt(r, c);
      if (key === undefined) {
        c++;
        continue;
      }
      let end = c;
      while (end + 1 < width && keyAt(r, end + 1) === key) end++;
      const id = `${c}:${end}`;
      const prev = open.get(id);
      if (prev && prev.key === key) {
        prev.rect.bottom = r;
        next.set(id, prev);
        open.delete(id);
      } else {
        next.set(id, { key, rect: { top: r, left: c, bottom: r, right: end } });
      }
      c = end + 1;
    }
    for (const entry of open.values()) close(entry);
    open = next;
  }
  for (const entry of open.values()) close(entry);
  return done;
}

/** Group areas into address lists within getRanges' limits. */
export function addressGroups(rects: readonly Rect[], separator: string): string[] {
  const groups: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const rect of rects) {
    const address = areaA1(rect);
    if (
      current.length > 0 &&
      (current.length >= MAX_AREAS_PER_CALL ||
        length + separator.length + address.length > MAX_AREA_ADDRESS_CHARS)
    ) {
      groups.push(current.join(separator));
      current = [];
      length = 0;
    }
    length += (current.length > 0 ? separator.length : 0) + address.length;
    current.push(address);
  }
  if (current.length > 0) groups.push(current.join(separator));
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Styles

function setBorder(
  format: Excel.RangeFormat,
  edge: "EdgeTop" | "EdgeBottom" | "InsideHorizontal",
  b: OfficeBorder,
): void {
  const item = format.borders.getItem(edge);
  item.style = b.style;
  item.weight = b.weight;
  item.color = b.color;
}

/** Queue a house style on a RangeFormat; returns nothing, counts its calls in {@link styleCalls}. */
export function applyStyle(format: Excel.RangeFormat, style: OfficeStyle, multiRow: boolean): void {
  const f = style.font;
  if (f.name !== undefined) format.font.name = f.name;
  if (f.size !== undefined) format.font.size = f.size;
  if (f.bold !== undefined) format.font.bold = f.bold;
  if (f.italic !== undefined) format.font.italic = f.italic;
  if (f.underline !== undefined) format.font.underline = f.underline;
  if (f.color !== undefined) format.font.color = f.color;
  if (style.fill !== undefined) format.fill.color = style.fill;
  // A border on every cell of a block: the block's edge, plus the lines between its rows.
  if (style.borderTop) {
    setBorder(format, "EdgeTop", style.borderTop);
    if (multiRow) setBorder(format, "InsideHorizontal", style.borderTop);
  }
  if (style.borderBottom) {
    setBorder(format, "EdgeBottom", style.borderBottom);
    if (multiRow) setBorder(format, "InsideHorizontal", style.borderBottom);
  }
  if (style.wrapText !== undefined) format.wrapText = style.wrapText;
  if (style.verticalAlignment !== undefined) format.verticalAlignment = style.verticalAlignment;
}

/** How many API calls {@link applyStyle} makes (each border edge is three, plus its getItem). */
export function styleCalls(style: OfficeStyle, multiRow: boolean): number {
  const f = style.font;
  let calls = [f.name, f.size, f.bold, f.italic, f.underline, f.color].filter((v) => v !== undefined).length;
  if (style.fill !== undefined) calls++;
  const edges = (style.borderTop ? 1 : 0) + (style.borderBottom ? 1 : 0);
  calls += edges * 4 * (multiRow ? 2 : 1);
  if (style.wrapText !== undefined) calls++;
  if (style.verticalAlignment !== undefined) calls++;
  return calls + 2; // getRange(s) and .format
}

function styleOps(byStyle: Map<StyleName, Rect[]>, env: PlanEnv, notes: string[]): PlannedOp[] {
  const ops: PlannedOp[] = [];
  const useAreas = env.supports(9);
  if (!useAreas)
    notes.push(
      "Styles were applied one range at a time: grouping them (Worksheet.getRanges) needs ExcelApi 1.9.",
    );
  for (const [name, rects] of byStyle) {
    const style = OFFICE_STYLES[name];
    const hasBorder = style.borderTop !== undefined || style.borderBottom !== undefined;
    // Blocks of several rows need the inside horizontal lines too; keep them apart only when it matters.
    const parts: [boolean, Rect[]][] = hasBorder
      ? [
          [false, rects.filter((r) => r.top === r.bottom)],
          [true, rects.filter((r) => r.top !== r.bottom)],
        ]
      : [[false, rects]];
    for (const [multiRow, list] of parts) {
      if (list.length === 0) continue;
      const calls = styleCalls(style, multiRow);
      if (useAreas) {
        for (const addresses of addressGroups(list, env.listSeparator)) {
          ops.push(
            op(`style ${name} ${addresses}`, calls, utf8Length(addresses), (_ctx, sheet) => {
              applyStyle(sheet.getRanges(addresses).format, style, multiRow);
            }),
          );
        }
      } else {
        for (const rect of list) {
          const address = areaA1(rect);
          ops.push(
            op(`style ${name} ${address}`, calls, address.length, (_ctx, sheet) => {
              applyStyle(sheet.getRange(address).format, style, rect.top !== rect.bottom);
            }),
          );
        }
      }
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------
// Tables, charts, print

/** The table's range: header row and data rows (a totals row is ordinary cells below it). */
export function tableAddress(table: TableSpec): string {
  return areaA1({
    top: table.headerRow,
    left: table.firstCol,
    bottom: table.headerRow + table.dataRowCount,
    right: table.firstCol + table.columnCount - 1,
  });
}

function tableOp(table: TableSpec): PlannedOp {
  const address = tableAddress(table);
  return op(
    `table ${table.name}`,
    5,
    address.length + table.name.length + TABLE_STYLE.length,
    (_ctx, sheet) => {
      const t = sheet.tables.add(address, true);
      t.name = table.name;
      t.style = TABLE_STYLE;
      t.showBandedRows = true;
      t.showFilterButton = true;
    },
  );
}

/** A range for a chart reference on this or another sheet. */
function refRange(context: Excel.RequestContext, sheet: Excel.Worksheet, ref: string): Excel.Range {
  const { sheet: sheetName, area } = splitRef(ref);
  const target = sheetName === undefined ? sheet : context.workbook.worksheets.getItem(sheetName);
  return target.getRange(area.replace(/\$/g, ""));
}

function chartOp(chart: ChartSpec, env: PlanEnv, notes: string[]): PlannedOp {
  const axisFormat = env.supports(8);
  if (!axisFormat)
    notes.push(
      "Chart value-axis number formats were left to Excel: ChartAxis.numberFormat needs ExcelApi 1.8.",
    );
  const text =
    chart.title.length + chart.yAxisTitle.length + chart.yNumFmt.length + chart.categoriesRef.length;
  const seriesText = chart.series.reduce((n, s) => n + s.name.length + s.valuesRef.length * 2, 0);
  const calls = 12 + chart.series.length * 10;
  return op(`chart ${chart.title}`, calls, text + seriesText, (context, sheet) => {
    const [first, ...rest] = chart.series;
    const c = sheet.charts.add("Line", refRange(context, sheet, first.valuesRef), "Columns");
    c.name = chart.title.slice(0, 255);
    c.title.text = chart.title;
    c.legend.position = "Bottom";
    c.axes.valueAxis.title.text = chart.yAxisTitle;
    if (axisFormat) c.axes.valueAxis.numberFormat = chart.yNumFmt;
    // Category labels below the plot even when values are negative (a deficit).
    c.axes.categoryAxis.tickLabelPosition = "Low";
    const styleSeries = (s: Excel.ChartSeries, i: number): void => {
      const look = SERIES_STYLES[i % SERIES_STYLES.length];
      s.format.line.color = look.colour;
      s.format.line.lineStyle = look.lineStyle;
      s.markerStyle = look.marker;
      s.markerBackgroundColor = look.colour;
      s.markerForegroundColor = look.colour;
    };
    const s0 = c.series.getItemAt(0);
    s0.name = first.name;
    s0.setXAxisValues(refRange(context, sheet, chart.categoriesRef));
    styleSeries(s0, 0);
    rest.forEach((spec, i) => {
      const s = c.series.add(spec.name);
      s.setValues(refRange(context, sheet, spec.valuesRef));
      s.setXAxisValues(refRange(context, sheet, chart.categoriesRef));
      styleSeries(s, i + 1);
    });
    c.setPosition(
      cellA1(chart.anchor.fromRow, chart.anchor.fromCol),
      cellA1(chart.anchor.toRow, chart.anchor.toCol),
    );
  });
}

function printOp(spec: SheetSpec): PlannedOp {
  const p = spec.print;
  const footer = footerTitle(p.footer);
  const titles = p.repeatRows ? `$${p.repeatRows.first + 1}:$${p.repeatRows.last + 1}` : undefined;
  return op("print setup", 14, footer.length + 64, (_ctx, sheet) => {
    const layout = sheet.pageLayout;
    layout.orientation = p.orientation === "landscape" ? "Landscape" : "Portrait";
    layout.paperSize = "A4";
    // Fit to N pages wide; leaving the height out lets it run to as many pages as it needs.
    layout.zoom = { horizontalFitToPages: p.fitToWidth };
    layout.leftMargin = MARGINS_PT.left;
    layout.rightMargin = MARGINS_PT.right;
    layout.topMargin = MARGINS_PT.top;
    layout.bottomMargin = MARGINS_PT.bottom;
    layout.headerMargin = MARGINS_PT.header;
    layout.footerMargin = MARGINS_PT.footer;
    if (titles) layout.setPrintTitleRows(titles);
    const footers = layout.headersFooters.defaultForAllPages;
    footers.leftFooter = footer;
    footers.rightFooter = PAGE_OF;
  });
}

// ---------------------------------------------------------------------------------------------
// The plan

/**
 * Plan one sheet.
 * @param spec the sheet (already validated and with its final sheet name)
 * @param env what the host supports and the request budget
 * @returns the values array (by row, with sizes) and every other operation, in the order they run
 * @example
 *   const plan = planSheet(spec, { maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES, supports: () => true, listSeparator: "," });
 *   const batches = packBatches(plan, plan.ops.length, DEFAULT_MAX_REQUEST_BYTES);
 */
export function planSheet(spec: SheetSpec, env: PlanEnv): SheetPlan {
  const notes: string[] = [];
  const height = spec.cells.length;
  const width = spec.cells.reduce((w, row) => Math.max(w, row.length), 0);
  const cellAt = (r: number, c: number): CellSpec | null => spec.cells[r]?.[c] ?? null;

  const rows: FormulaCell[][] = new Array(height);
  const rowBytes: number[] = new Array(height);
  for (let r = 0; r < height; r++) {
    const row: FormulaCell[] = new Array(width);
    const source = spec.cells[r];
    for (let c = 0; c < width; c++) row[c] = formulaCell(source[c]);
    rows[r] = row;
    rowBytes[r] = jsonBytes(row);
  }

  const ops: PlannedOp[] = [];

  // Number formats after the values: writing a formula into a General cell lets Excel copy the
  // format of the cells it refers to, so every written cell's format is set explicitly.
  const formats = rectanglesByKey(
    height,
    (r, c) => {
      const cell = cellAt(r, c);
      return cell ? (cell.numFmt ?? "General") : undefined;
    },
    width,
  );
  for (const [format, rects] of formats) {
    for (const rect of rects) {
      const address = areaA1(rect);
      const one = rectCells(rect) === 1;
      ops.push(
        op(`number format ${address}`, 1, address.length + utf8Length(format) + 4, (_ctx, sheet) => {
          // A single value is applied to every cell of the range (documented for numberFormat;
          // the TypeScript type only knows the 2-D form, office-js-docs-pr#2013).
          sheet.getRange(address).numberFormat = one ? [[format]] : (format as unknown as string[][]);
        }),
      );
    }
  }

  const styles = rectanglesByKey<StyleName>(
    height,
    (r, c) => {
      const cell = cellAt(r, c);
      return cell ? (cell.style ?? "body") : undefined;
    },
    width,
  );
  ops.push(...styleOps(styles, env, notes));

  // Column widths: one call per run of columns with the same width.
  const widths = spec.columnWidths;
  for (let c = 0; c < widths.length;) {
    let end = c;
    while (end + 1 < widths.length && widths[end + 1] === widths[c]) end++;
    const address = columnsAddress(c, end);
    const points = columnWidthPoints(widths[c]);
    ops.push(
      op(`column width ${address}`, 2, address.length + 8, (_ctx, sheet) => {
        sheet.getRange(address).format.columnWidth = points;
      }),
    );
    c = end + 1;
  }

  // Header rows wrap their text: let Excel size them (the xlsx adapter computes the same heights).
  const headerRows = styles.get("header") ?? [];
  const rowsToFit = new Set<number>();
  for (const rect of headerRows) for (let r = rect.top; r <= rect.bottom; r++) rowsToFit.add(r);
  const sortedRows = [...rowsToFit].sort((a, b) => a - b);
  for (let i = 0; i < sortedRows.length;) {
    let j = i;
    while (j + 1 < sortedRows.length && sortedRows[j + 1] === sortedRows[j] + 1) j++;
    const address = rowsAddress(sortedRows[i], sortedRows[j]);
    ops.push(
      op(`autofit rows ${address}`, 2, address.length, (_ctx, sheet) =>
        sheet.getRange(address).format.autofitRows(),
      ),
    );
    i = j + 1;
  }

  if (spec.freezeRows > 0) {
    const n = spec.freezeRows;
    ops.push(op(`freeze ${n} rows`, 2, 8, (_ctx, sheet) => sheet.freezePanes.freezeRows(n)));
  }

  if (env.supports(9)) ops.push(printOp(spec));
  else
    notes.push(
      "Print setup (A4, orientation, fit to width, print titles, footer) was skipped: Worksheet.pageLayout needs ExcelApi 1.9.",
    );

  for (const table of spec.tables) ops.push(tableOp(table));
  if (spec.tables.length > 0) {
    notes.push(
      "Table alt text is not set: the Excel JavaScript API has no alt text for tables (the xlsx adapter writes it).",
    );
  }

  spec.cells.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell?.link) return;
      const address = cellA1(r, c);
      // The cell already holds its text; textToDisplay repeats it (Excel's link dialog shows it) and
      // is left out for a non-text value, which it would turn into text.
      const link: Excel.RangeHyperlink = {
        documentReference: cell.link.replace(/^#/, ""),
        ...(typeof cell.value === "string" ? { textToDisplay: cell.value } : {}),
      };
      ops.push(
        op(`link ${address}`, 2, jsonBytes(link) + address.length, (_ctx, sheet) => {
          sheet.getRange(address).hyperlink = link;
        }),
      );
    }),
  );

  for (const chart of spec.charts) ops.push(chartOp(chart, env, notes));
  if (spec.charts.length > 0) {
    notes.push(
      "Chart alt text is not set: the Excel JavaScript API has no alt text for charts (the xlsx adapter writes it); the chart is named after its title.",
    );
  }

  return { name: spec.name, width, rows, rowBytes, ops, notes };
}

// ---------------------------------------------------------------------------------------------
// Packing into batches

/** One batch: the operations queued before one context.sync(). */
export interface Batch {
  readonly ops: readonly PlannedOp[];
  /** Estimated request bytes. */
  readonly bytes: number;
}

/** The values array rows [first, last] as one Range.formulas write. */
export function valuesOp(plan: SheetPlan, first: number, last: number, bytes: number): PlannedOp {
  const address = areaA1({ top: first, left: 0, bottom: last, right: plan.width - 1 });
  const block = plan.rows.slice(first, last + 1) as FormulaCell[][];
  return {
    what: `formulas ${address}`,
    bytes,
    queue: (_ctx, sheet) => {
      sheet.getRange(address).formulas = block;
    },
  };
}

/**
 * Pack a sheet's operations into batches of at most `maxBytes` (estimated), in order:
 * `before` (e.g. creating the sheets, on the first sheet), the values (split between rows where
 * a batch would overflow), the sheet's other operations, then `after` (e.g. deleting replaced
 * sheets, on the last). A sheet that fits in one request is one batch. An operation bigger than
 * the budget on its own (a single row over 4 MB) gets a batch to itself.
 */
export function packBatches(
  plan: SheetPlan,
  maxBytes: number,
  before: readonly PlannedOp[] = [],
  after: readonly PlannedOp[] = [],
): Batch[] {
  const batches: Batch[] = [];
  let ops: PlannedOp[] = [];
  let bytes = BATCH_BYTES;
  const flush = (): void => {
    if (ops.length > 0) batches.push({ ops, bytes });
    ops = [];
    bytes = BATCH_BYTES;
  };
  const add = (o: PlannedOp): void => {
    if (ops.length > 0 && bytes + o.bytes > maxBytes) flush();
    ops.push(o);
    bytes += o.bytes;
  };
  before.forEach(add);

  const n = plan.rows.length;
  if (plan.width > 0 && n > 0) {
    const overhead = CALL_BYTES + 24; // the call, its address and the array's brackets
    let first = 0;
    let chunk = overhead;
    for (let r = 0; r < n; r++) {
      const rb = plan.rowBytes[r] + 1;
      if (r > first && bytes + chunk + rb > maxBytes) {
        add(valuesOp(plan, first, r - 1, chunk));
        flush();
        first = r;
        chunk = overhead;
      } else if (r === first && ops.length > 0 && bytes + chunk + rb > maxBytes) {
        flush();
      }
      chunk += rb;
    }
    add(valuesOp(plan, first, n - 1, chunk));
  }

  plan.ops.forEach(add);
  after.forEach(add);
  flush();
  return batches;
}
