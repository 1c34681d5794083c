/**
 * The adapter contract: the same SheetSpecs rendered by the Office adapter (into the recording
 * fake) and by the xlsx adapter (a real .xlsx file, read back with ExcelJS and from its XML parts)
 * give the same cells, formulas, number formats, styles, tables, charts, links, markers, print
 * setup, column widths and frozen rows; and each adapter's reader gives the same snapshot of them.
 *
 * Formula cells: the xlsx file holds the engine's cached values; in the fake the Office adapter
 * wrote only the formulas, so HyperFormula recalculates them and the results must agree with the
 * cached values (a real engine checking the formulas landed where the spec put them).
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { serialFromDate } from "../../src/core/dates";
import { BUILT_SHEET_MARKER, NumFmt, quoteSheet, type CellSpec, type SheetSpec } from "../../src/papers/spec";
import { MARKER_ID_NAME, MARKER_NAME } from "../../src/workbook/port";
import { canonicalRef } from "../../src/workbook/office/address";
import { rectAddress } from "../fakes/a1";
import { readSnapshot } from "../../src/workbook/office/read";
import {
  OFFICE_STYLES,
  TABLE_STYLE as OFFICE_TABLE_STYLE,
  argbToHex,
  columnWidthChars,
} from "../../src/workbook/office/styles";
import { OfficeWorkbookPort, type OfficeWriteResult } from "../../src/workbook/office/write";
import { parseChartPart } from "../../src/workbook/xlsx/charts/chart-part";
import { parseDrawingPart } from "../../src/workbook/xlsx/charts/drawing-part";
import { RelType, parseRels, relsPathFor, resolveTarget } from "../../src/workbook/xlsx/charts/rels";
import { WORKBOOK_PART, sheetParts, tablePartsOf } from "../../src/workbook/xlsx/package";
import { readWorkbookFile } from "../../src/workbook/xlsx/read";
import { parseTablePart } from "../../src/workbook/xlsx/table-part";
import { parseTextConstant, parseWorkbookPart } from "../../src/workbook/xlsx/workbook-part";
import { parseInternalLinks } from "../../src/workbook/xlsx/worksheet-part";
import { TABLE_STYLE as XLSX_TABLE_STYLE, writePapersWorkbook } from "../../src/workbook/xlsx/write";
import { readBack } from "../helpers/xlsx-read";
import { FakeExcel, type CellFormat, type SheetModel } from "../fakes/excel-fake";
import { fixtureSpecs } from "../workbook/fixture-specs";

// ---------------------------------------------------------------------------------------------
// A hand-made paper: title block, a table with formulas and a totals row, dates, text Excel would
// misread, a chart, every house style.

const c = (value: CellSpec["value"], extra: Omit<CellSpec, "value"> = {}): CellSpec => ({ value, ...extra });
const MON = "HNB monitoring";

function monitoringSpec(): SheetSpec {
  const lines: [string, string, number, number][] = [
    ["1.2.1", "Top-up funding: maintained schools", 12_345_678.9, 12_900_000],
    ["1.2.2", "Top-up funding: academies", 8_100_000, 7_950_250.5],
    ["1,234", "Independent special schools", 15_000_000, 17_250_000],
    ["TRUE", "Alternative provision", 2_500_000, 2_500_000],
    ["#N/A", "Other / unitemised", 0, 125_000.75],
  ];
  const first = 7; // one-based row of the first line
  const rows: (CellSpec | null)[][] = [
    [c("High Needs Block budget monitoring, 2026-27", { style: "title" })],
    [c("Budget and forecast by line, with variances, £", { style: "subtitle" })],
    [
      c("Meeting date", { style: "label" }),
      c(serialFromDate(2026, 3, 12)!, { style: "input", numFmt: NumFmt.date }),
    ],
    [
      c("Data as at", { style: "label" }),
      c(serialFromDate(2026, 1, 31)!, { style: "input", numFmt: NumFmt.date }),
      c("01/09/2025 is not a date here", { style: "note" }),
    ],
    [c("Variance tolerance", { style: "label" }), c(0.02, { style: "input", numFmt: NumFmt.percent2 })],
    [
      c("Code", { style: "header" }),
      c("Line", { style: "header" }),
      c("Budget (£)", { style: "header" }),
      c("Forecast (£)", { style: "header" }),
      c("Variance (£)", { style: "header" }),
      c("Variance (%)", { style: "header" }),
      c("Over tolerance", { style: "header" }),
    ],
  ];
  lines.forEach(([code, line, budget, forecast], i) => {
    const r = first + i;
    const variance = forecast - budget;
    const pct = budget === 0 ? 0 : variance / budget;
    rows.push([
      c(code),
      c(line),
      c(budget, { numFmt: NumFmt.poundsPence, style: "input" }),
      c(forecast, { numFmt: NumFmt.poundsPence }),
      c(Math.round(variance * 100) / 100, { formula: `ROUND(D${r}-C${r},2)`, numFmt: NumFmt.poundsPence }),
      c(pct, { formula: `IF(C${r}=0,0,E${r}/C${r})`, numFmt: NumFmt.percent }),
      c(Math.abs(pct) > 0.02, { formula: `ABS(F${r})>$B$5`, style: "check" }),
    ]);
  });
  const last = first + lines.length - 1;
  const sum = (i: 2 | 3): number => lines.reduce((a, l) => a + l[i], 0);
  rows.push([
    c("Total", { style: "total" }),
    c(null, { style: "total" }),
    c(sum(2), { formula: `SUM(C${first}:C${last})`, numFmt: NumFmt.poundsPence, style: "total" }),
    c(sum(3), { formula: `SUM(D${first}:D${last})`, numFmt: NumFmt.poundsPence, style: "total" }),
    c(Math.round((sum(3) - sum(2)) * 100) / 100, {
      formula: `SUM(E${first}:E${last})`,
      numFmt: NumFmt.poundsPence,
      style: "total",
    }),
    c((sum(3) - sum(2)) / sum(2), {
      formula: `E${last + 1}/C${last + 1}`,
      numFmt: NumFmt.percent,
      style: "total",
    }),
  ]);
  rows.push([c("=This note starts with an equals sign and is text", { style: "note" })]);
  rows.push([c("See the contents", { style: "link", link: `${quoteSheet("Contents")}!A1` })]);
  const ref = (col: string): string => `${quoteSheet(MON)}!$${col}$${first}:$${col}$${last}`;
  return {
    name: MON,
    kind: "paper",
    id: "hnb-monitoring",
    cells: rows,
    tables: [
      {
        name: "HNBMonitoring",
        headerRow: 5,
        firstCol: 0,
        columnCount: 7,
        dataRowCount: lines.length,
        totalsRow: true,
        altText: "Budget, forecast and variance for each High Needs Block line.",
      },
    ],
    charts: [
      {
        kind: "line",
        title: "Budget and forecast by line",
        altText:
          "Line chart of budget and forecast by High Needs Block line; independent special schools are most over budget.",
        categoriesRef: ref("B"),
        categories: lines.map((l) => l[1]),
        series: [
          { name: "Budget", valuesRef: ref("C"), values: lines.map((l) => l[2]) },
          { name: "Forecast", valuesRef: ref("D"), values: lines.map((l) => l[3]) },
        ],
        yAxisTitle: "£",
        yNumFmt: NumFmt.pounds,
        anchor: { fromRow: 16, fromCol: 0, toRow: 32, toCol: 6 },
      },
    ],
    columnWidths: [10, 36, 16, 16, 16, 12, 12],
    print: {
      orientation: "landscape",
      paperSize: "A4",
      fitToWidth: 1,
      repeatRows: { first: 5, last: 5 },
      footer: "HNB monitoring & outturn",
    },
    freezeRows: 6,
  };
}

function contractSpecs(): SheetSpec[] {
  return [...fixtureSpecs(), monitoringSpec()];
}

// ---------------------------------------------------------------------------------------------
// What each adapter produced, in one comparable shape

interface Style {
  name?: string;
  size?: number;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  color?: string;
  fill?: string;
  top: boolean;
  bottom: boolean;
  wrap: boolean;
  vertical?: string;
}

interface Rendered {
  cells: Record<string, { value: string | number | boolean | null; formula?: string; numFmt?: string }>;
  styles: Record<string, Style>;
  tables: { name: string; ref: string; headers: string[]; style?: string }[];
  charts: {
    kind: string;
    title: string;
    categories: string;
    series: { name: string; values: string }[];
    yAxisTitle: string;
    yNumFmt: string;
    from: string;
    to: string;
  }[];
  links: Record<string, string>;
  marker?: string;
  markerId?: string;
  printTitles?: string;
  footer: string;
  orientation: string;
  paper: string;
  fitToWidth?: number;
  widths: number[];
  freezeRows: number;
}

async function renderXlsx(
  specs: readonly SheetSpec[],
): Promise<{ bytes: Uint8Array; sheets: Record<string, Rendered> }> {
  const bytes = await writePapersWorkbook(specs, {
    title: "Contract test",
    created: new Date(Date.UTC(2026, 2, 12)),
  });
  const cells = await readBack(bytes);
  // Values from the xlsx reader: ExcelJS's loader drops a formula's cached result when it is 0 or
  // FALSE (the file has it), which readBack inherits; readWorkbookFile reads it.
  const snapshot = await readWorkbookFile(bytes, "papers.xlsx");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const zip = await JSZip.loadAsync(bytes);
  const parts = await sheetParts(zip);
  const workbook = parseWorkbookPart(await zip.file(WORKBOOK_PART)!.async("string"));
  const out: Record<string, Rendered> = {};
  for (const spec of specs) {
    const ws = wb.getWorksheet(spec.name)!;
    const part = parts.find((p) => p.name === spec.name)!;
    const sheetXml = await zip.file(part.part)!.async("string");
    const styles: Record<string, Style> = {};
    spec.cells.forEach((row, r) =>
      row.forEach((cell, col) => {
        if (!cell) return;
        const x = ws.getCell(r + 1, col + 1);
        const fill = x.fill && x.fill.type === "pattern" ? argbToHex(x.fill.fgColor?.argb) : undefined;
        styles[rectAddress({ top: r, left: col, bottom: r, right: col })] = {
          name: x.font?.name,
          size: x.font?.size,
          bold: !!x.font?.bold,
          italic: !!x.font?.italic,
          underline: !!x.font?.underline,
          color: argbToHex(x.font?.color?.argb),
          fill,
          top: x.border?.top?.style === "thin",
          bottom: x.border?.bottom?.style === "thin",
          wrap: !!x.alignment?.wrapText,
          vertical: x.alignment?.vertical,
        };
      }),
    );
    const tables = [];
    for (const t of await tablePartsOf(zip, part.part)) {
      const parsed = parseTablePart(await zip.file(t)!.async("string"));
      tables.push({ name: parsed.name, ref: parsed.ref, headers: parsed.columns, style: parsed.styleName });
    }
    const charts: Rendered["charts"] = [];
    const drawingRel = parseRels(await zip.file(relsPathFor(part.part))?.async("string")).find(
      (r) => r.type === RelType.drawing,
    );
    if (drawingRel) {
      const drawingPath = resolveTarget(part.part, drawingRel.target);
      const frames = parseDrawingPart(await zip.file(drawingPath)!.async("string"));
      const rels = parseRels(await zip.file(relsPathFor(drawingPath))!.async("string"));
      for (const frame of frames) {
        const chartPath = resolveTarget(drawingPath, rels.find((r) => r.id === frame.chartRelId)!.target);
        const chart = parseChartPart(await zip.file(chartPath)!.async("string"));
        charts.push({
          kind: chart.kind.toLowerCase(),
          title: chart.title,
          categories: canonicalRef(chart.categoriesRef),
          series: chart.series.map((s) => ({ name: s.name, values: canonicalRef(s.valuesRef) })),
          yAxisTitle: chart.yAxisTitle,
          yNumFmt: chart.yNumFmt,
          from: rectAddress({
            top: frame.fromRow,
            left: frame.fromCol,
            bottom: frame.fromRow,
            right: frame.fromCol,
          }),
          to: rectAddress({ top: frame.toRow, left: frame.toCol, bottom: frame.toRow, right: frame.toCol }),
        });
      }
    }
    const scoped = (name: string): string | undefined =>
      workbook.definedNames.find((d) => d.name === name && d.localSheetId === part.index)?.value;
    const titles = scoped("_xlnm.Print_Titles");
    const setup = ws.pageSetup;
    const views = ws.views[0] as { state?: string; ySplit?: number } | undefined;
    const snap = snapshot.sheets.find((x) => x.name === spec.name)!;
    const valueAt = (address: string): string | number | boolean | null => {
      const m = /^([A-Z]+)(\d+)$/.exec(address)!;
      const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      return snap.cells[Number(m[2]) - 1]?.[col] ?? null;
    };
    out[spec.name] = {
      cells: Object.fromEntries(
        Object.entries(cells[spec.name]).map(([addr, v]) => [
          addr,
          {
            value: valueAt(addr),
            ...(v.formula !== undefined ? { formula: v.formula } : {}),
            ...(v.numFmt ? { numFmt: v.numFmt } : {}),
          },
        ]),
      ),
      styles,
      tables,
      charts,
      links: Object.fromEntries(parseInternalLinks(sheetXml).map((l) => [l.ref, canonicalRef(l.location)])),
      marker: parseTextConstant(scoped(MARKER_NAME) ?? ""),
      markerId: parseTextConstant(scoped(MARKER_ID_NAME) ?? ""),
      printTitles: titles ? titles.replace(/^.*!/, "") : undefined,
      footer: ws.headerFooter.oddFooter ?? "",
      orientation: setup.orientation ?? "",
      paper: setup.paperSize === 9 ? "A4" : String(setup.paperSize),
      fitToWidth: setup.fitToWidth,
      widths: spec.columnWidths.map((_, i) => ws.getColumn(i + 1).width ?? 0),
      freezeRows: views?.state === "frozen" ? (views.ySplit ?? 0) : 0,
    };
  }
  return { bytes, sheets: out };
}

function styleOf(f: CellFormat): Style {
  return {
    name: f.fontName,
    size: f.fontSize,
    bold: f.bold,
    italic: f.italic,
    underline: f.underline !== "None",
    color: f.fontColor,
    fill: f.fill,
    top: f.borderTop?.style === "Continuous",
    bottom: f.borderBottom?.style === "Continuous",
    wrap: f.wrapText,
    vertical: f.verticalAlignment === "Bottom" ? undefined : f.verticalAlignment.toLowerCase(),
  };
}

function renderedFromFake(sheet: SheetModel, spec: SheetSpec): Rendered {
  const cells: Rendered["cells"] = {};
  const links: Record<string, string> = {};
  for (const [key, cell] of sheet.cells) {
    const address = rectAddress({
      top: Math.floor(key / 16384),
      left: key % 16384,
      bottom: Math.floor(key / 16384),
      right: key % 16384,
    });
    if (cell.hyperlink?.documentReference) links[address] = canonicalRef(cell.hyperlink.documentReference);
    if (cell.value === null && cell.formula === undefined) continue;
    const value = cell.value !== null && typeof cell.value === "object" ? null : cell.value;
    cells[address] = {
      value,
      ...(cell.formula !== undefined ? { formula: cell.formula } : {}),
      ...(cell.numberFormat !== "General" ? { numFmt: cell.numberFormat } : {}),
    };
  }
  const styles: Record<string, Style> = {};
  spec.cells.forEach((row, r) =>
    row.forEach((cell, col) => {
      if (!cell) return;
      styles[rectAddress({ top: r, left: col, bottom: r, right: col })] = styleOf(sheet.cell(r, col)!.format);
    }),
  );
  const name = (n: string): string | undefined => {
    const item = sheet.names.get(n.toLowerCase());
    return item ? parseTextConstant(item.formula) : undefined;
  };
  const layout = sheet.pageLayout;
  return {
    cells,
    styles,
    tables: sheet.tables.map((t) => ({
      name: t.name,
      ref: rectAddress(t.rect),
      headers: t.headers,
      style: t.style,
    })),
    charts: sheet.charts.map((ch) => ({
      kind: ch.type.toLowerCase(),
      title: ch.title.text,
      categories: canonicalRef(ch.series[0].xValues ?? ""),
      series: ch.series.map((s) => ({ name: s.name, values: canonicalRef(s.values ?? "") })),
      yAxisTitle: ch.valueAxis.title,
      yNumFmt: ch.valueAxis.numberFormat,
      from: ch.position!.start,
      to: ch.position!.end,
    })),
    links,
    marker: name(MARKER_NAME),
    markerId: name(MARKER_ID_NAME),
    printTitles: layout.printTitleRows,
    footer: `&L${layout.footers.left}&R${layout.footers.right}`,
    orientation: layout.orientation.toLowerCase(),
    paper: layout.paperSize,
    fitToWidth: layout.zoom.horizontalFitToPages,
    widths: spec.columnWidths.map((_, i) => columnWidthChars(sheet.columnWidths.get(i) ?? 0)),
    freezeRows: sheet.frozenRows,
  };
}

/**
 * Borders as drawn: a line between two cells is one line whether Excel keeps it as the upper
 * cell's bottom border or the lower cell's top border (the xlsx adapter writes the first, the
 * Office adapter's inside-horizontal borders give both).
 */
function drawnBorders(styles: Record<string, Style>): Record<string, Style> {
  const at = (address: string, dr: number): Style | undefined => {
    const m = /^([A-Z]+)(\d+)$/.exec(address)!;
    return styles[`${m[1]}${Number(m[2]) + dr}`];
  };
  return Object.fromEntries(
    Object.entries(styles).map(([address, st]) => [
      address,
      { ...st, top: st.top || !!at(address, -1)?.bottom, bottom: st.bottom || !!at(address, 1)?.top },
    ]),
  );
}

/** Equal, or (for numbers) equal to 1e-9 relative: HyperFormula and the engine both work in doubles. */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number")
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

// ---------------------------------------------------------------------------------------------

describe("contract: the Office adapter and the xlsx adapter render the same specs alike", () => {
  let xlsx: { bytes: Uint8Array; sheets: Record<string, Rendered> };
  let office: Record<string, Rendered>;
  let fake: FakeExcel;
  let result: OfficeWriteResult;
  let recalcErrors: string[];
  const specs = contractSpecs();

  beforeAll(async () => {
    xlsx = await renderXlsx(specs);
    fake = new FakeExcel();
    result = await new OfficeWorkbookPort(fake.run).write(specs);
    recalcErrors = fake.recalculate();
    office = Object.fromEntries(specs.map((s) => [s.name, renderedFromFake(fake.sheet(s.name), s)]));
  });

  it("writes every sheet, in order, under its own name", () => {
    expect(result.sheets).toEqual(specs.map((s) => s.name));
    expect(fake.sheetNames()).toEqual(specs.map((s) => s.name));
    expect(Object.keys(xlsx.sheets)).toEqual(specs.map((s) => s.name));
  });

  it("uses the same table style constant in both adapters", () => {
    expect(OFFICE_TABLE_STYLE).toBe(XLSX_TABLE_STYLE);
  });

  it("every formula written through the Office adapter calculates without an error", () => {
    expect(recalcErrors).toEqual([]);
  });

  for (const spec of contractSpecs()) {
    describe(`sheet "${spec.name}"`, () => {
      it("has the same cells: values (recalculated formulas agree with the cached values), formulas and number formats", () => {
        const a = xlsx.sheets[spec.name].cells;
        const b = office[spec.name].cells;
        expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
        const diffs: string[] = [];
        for (const address of Object.keys(a)) {
          const x = a[address];
          const o = b[address];
          if (x.formula !== o.formula)
            diffs.push(`${address} formula: xlsx ${x.formula} office ${o.formula}`);
          if (x.numFmt !== o.numFmt)
            diffs.push(`${address} number format: xlsx ${x.numFmt} office ${o.numFmt}`);
          if (!sameValue(x.value, o.value))
            diffs.push(`${address} value: xlsx ${JSON.stringify(x.value)} office ${JSON.stringify(o.value)}`);
        }
        expect(diffs).toEqual([]);
      });

      it("has the same style on every cell (font, fill, borders, alignment)", () => {
        const diffs: string[] = [];
        const officeStyles = drawnBorders(office[spec.name].styles);
        for (const [address, x] of Object.entries(drawnBorders(xlsx.sheets[spec.name].styles))) {
          const o = officeStyles[address];
          if (JSON.stringify(x) !== JSON.stringify(o))
            diffs.push(`${address}: xlsx ${JSON.stringify(x)}\n        office ${JSON.stringify(o)}`);
        }
        expect(diffs).toEqual([]);
      });

      it("has the same tables: names, ranges, header rows and style", () => {
        expect(office[spec.name].tables).toEqual(xlsx.sheets[spec.name].tables);
        expect(office[spec.name].tables.map((t) => t.name)).toEqual(spec.tables.map((t) => t.name));
      });

      it("has the same charts: type, title, series names and references, categories, axis, position", () => {
        expect(office[spec.name].charts).toEqual(xlsx.sheets[spec.name].charts);
        expect(office[spec.name].charts).toHaveLength(spec.charts.length);
      });

      it("has the same in-workbook links", () => {
        expect(office[spec.name].links).toEqual(xlsx.sheets[spec.name].links);
      });

      it("carries the same built-sheet marker and spec id", () => {
        expect(office[spec.name].marker).toBe(BUILT_SHEET_MARKER);
        expect(xlsx.sheets[spec.name].marker).toBe(BUILT_SHEET_MARKER);
        expect(office[spec.name].markerId).toBe(spec.id);
        expect(xlsx.sheets[spec.name].markerId).toBe(spec.id);
      });

      it("has the same print setup, column widths and frozen rows", () => {
        const x = xlsx.sheets[spec.name];
        const o = office[spec.name];
        expect({
          footer: o.footer,
          orientation: o.orientation,
          paper: o.paper,
          fit: o.fitToWidth,
          titles: o.printTitles,
          freeze: o.freezeRows,
        }).toEqual({
          footer: x.footer,
          orientation: x.orientation,
          paper: x.paper,
          fit: x.fitToWidth,
          titles: x.printTitles,
          freeze: x.freezeRows,
        });
        o.widths.forEach((w, i) => expect(Math.abs(w - x.widths[i])).toBeLessThan(0.15));
      });
    });
  }

  it("applies the house styles as the xlsx adapter defines them (Office translation of the one style table)", () => {
    expect(OFFICE_STYLES.header.fill).toBe("#DEE0E2");
    expect(OFFICE_STYLES.total.borderTop).toBeDefined();
    expect(OFFICE_STYLES.input.borderBottom).toBeDefined();
  });

  it("keeps text Excel would read as something else as text (code 1,234, TRUE, #N/A, a date, a leading =)", () => {
    const mon = fake.sheet(MON);
    const text = (r: number, col: number): unknown => mon.cell(r, col)?.value;
    expect(text(8, 0)).toBe("1,234");
    expect(text(9, 0)).toBe("TRUE");
    expect(text(10, 0)).toBe("#N/A");
    expect(text(3, 2)).toBe("01/09/2025 is not a date here");
    expect(text(12, 0)).toBe("=This note starts with an equals sign and is text");
    expect(mon.cell(12, 0)?.formula).toBeUndefined();
  });

  it("each adapter's reader gives the same snapshot of the built sheets", async () => {
    const fromFile = await readWorkbookFile(xlsx.bytes, "papers.xlsx");
    const fromExcel = await fake.run((ctx) => readSnapshot(ctx));
    expect(fromExcel.sheets.map((s) => s.name)).toEqual(fromFile.sheets.map((s) => s.name));
    for (const file of fromFile.sheets) {
      const excel = fromExcel.sheets.find((s) => s.name === file.name)!;
      expect(excel.cells.length).toBe(file.cells.length);
      file.cells.forEach((row, r) => {
        expect(excel.cells[r].length).toBe(row.length);
        row.forEach((v, col) => {
          if (!sameValue(v, excel.cells[r][col]))
            throw new Error(
              `${file.name} r${r} c${col}: file ${JSON.stringify(v)} excel ${JSON.stringify(excel.cells[r][col])}`,
            );
        });
      });
      expect([...(excel.dateCells ?? [])].sort()).toEqual([...(file.dateCells ?? [])].sort());
      expect({
        hidden: excel.hidden,
        rows: excel.hiddenRows,
        cols: excel.hiddenColumns,
        merges: excel.merges,
      }).toEqual({
        hidden: file.hidden,
        rows: file.hiddenRows,
        cols: file.hiddenColumns,
        merges: file.merges,
      });
    }
  });
});
