/**
 * The xlsx writer: a hand-made set of SheetSpecs written with writePapersWorkbook and read back
 * with ExcelJS and by part: values, formulas with cached results, formats, tables, print setup,
 * freeze panes, markers, links, charts and the package plumbing that makes Excel open it cleanly.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { InternalError } from "../../src/core/errors";
import { BUILT_SHEET_MARKER, a1, type SheetSpec } from "../../src/papers/spec";
import { AbortError, MARKER_ID_NAME, MARKER_NAME } from "../../src/workbook/port";
import { XlsxWorkbookPort } from "../../src/workbook/xlsx/adapter";
import { parseChartPart } from "../../src/workbook/xlsx/charts/chart-part";
import { ContentType, contentTypeOf, parseContentTypes } from "../../src/workbook/xlsx/charts/content-types";
import { parseDrawingPart } from "../../src/workbook/xlsx/charts/drawing-part";
import { RelType, parseRels, relsPathFor, resolveTarget } from "../../src/workbook/xlsx/charts/rels";
import { sheetParts, tablePartsOf } from "../../src/workbook/xlsx/package";
import { readBuiltSheets, readWorkbookFile } from "../../src/workbook/xlsx/read";
import { parseTablePart } from "../../src/workbook/xlsx/table-part";
import { parseTextConstant, parseWorkbookPart } from "../../src/workbook/xlsx/workbook-part";
import {
  WORKSHEET_ORDER,
  parseInternalLinks,
  worksheetChildren,
} from "../../src/workbook/xlsx/worksheet-part";
import { footerText, writePapersWorkbook, wrappedLines } from "../../src/workbook/xlsx/write";
import { parseXml } from "../../src/workbook/xlsx/xml";
import { loadWorkbook, readBack, type ReadBack } from "../helpers/xlsx-read";
import { CHILDRENS, CONTENTS, PLAN, fixtureSpecs } from "./fixture-specs";

const PROPS = {
  title: "Schools Forum papers, 12 March 2026",
  subject: "Test",
  author: "Finance team",
  company: "Anytown Council",
  created: new Date(Date.UTC(2026, 2, 1, 9, 30)),
};

let bytes: Uint8Array;
let zip: JSZip;
let back: ReadBack;
let wb: ExcelJS.Workbook;
const specs = fixtureSpecs();

beforeAll(async () => {
  bytes = await writePapersWorkbook(specs, PROPS);
  zip = await JSZip.loadAsync(bytes);
  back = await readBack(bytes);
  wb = await loadWorkbook(bytes);
});

const part = async (path: string): Promise<string> => {
  const f = zip.file(path);
  if (!f) throw new Error(`missing part ${path}`);
  return f.async("string");
};

describe("cells", () => {
  it("writes every spec cell's value, formula and number format", () => {
    for (const spec of specs) {
      spec.cells.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (!cell) return;
          const got = back[spec.name][a1(r, c)];
          const where = `${spec.name}!${a1(r, c)}`;
          if (cell.value === null && !cell.formula) {
            expect([where, got?.value ?? null]).toEqual([where, null]);
            return;
          }
          expect([where, got.value]).toEqual([where, cell.value]);
          expect([where, got.formula]).toEqual([where, cell.formula]);
          expect([where, got.numFmt]).toEqual([where, cell.numFmt]);
        }),
      );
    }
  });

  it("writes formula cells with their cached results (t=str/b for text and booleans)", async () => {
    const sheet1 = await part("xl/worksheets/sheet1.xml");
    expect(sheet1).toContain('<c r="C8" s="');
    expect(sheet1).toMatch(/<c r="C8"[^>]*><f>ROUND\(C7\*\(1\+\$B\$4\),0\)<\/f><v>69169477<\/v><\/c>/);
    const sheet3 = await part("xl/worksheets/sheet3.xml");
    expect(sheet3).toMatch(/<c r="D8"[^>]*t="b"[^>]*><f>D7&gt;0<\/f><v>1<\/v><\/c>/);
  });

  it("keeps dates as serials with the date format", () => {
    expect(back[PLAN].B3).toEqual({ value: 46093, numFmt: "dd/mm/yyyy" });
    expect(back[PLAN].F7.value).toBe(46113);
  });

  it("styles titles, headers and totals", () => {
    const ws = wb.getWorksheet(PLAN)!;
    expect(ws.getCell("A1").font).toMatchObject({ bold: true, size: 16, name: "Arial" });
    expect(ws.getCell("A2").font).toMatchObject({ size: 12 });
    expect(ws.getCell("A6").font).toMatchObject({ bold: true, size: 11 });
    expect(ws.getCell("A6").alignment).toMatchObject({ wrapText: true });
    expect(ws.getCell("A6").border.bottom).toMatchObject({ style: "thin" });
    expect(ws.getCell("B12").font).toMatchObject({ bold: true });
    expect(ws.getCell("B12").border.top).toMatchObject({ style: "thin" });
    expect(ws.getCell("B7").fill).toMatchObject({
      type: "pattern",
      pattern: "solid",
      fgColor: { argb: "FFFFF2CC" },
    });
    expect(ws.getCell("A13").font).toMatchObject({ italic: true, size: 10 });
    // No cell smaller than 10 pt, and only notes below 11 pt.
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.font?.size ?? 11).toBeGreaterThanOrEqual(cell.font?.italic ? 10 : 11);
        }),
      );
    }
  });

  it("sets column widths and a row height that fits a wrapped header", () => {
    const ws = wb.getWorksheet(PLAN)!;
    expect(ws.getColumn(1).width).toBe(30);
    expect(ws.getColumn(4).width).toBe(22);
    expect(ws.getRow(6).height).toBeGreaterThanOrEqual(29); // "In-year surplus or (deficit) (£)" wraps to 2 lines
    expect(wrappedLines("In-year surplus or (deficit) (£)", 22)).toBe(2);
    expect(wrappedLines("Year", 16)).toBe(1);
  });
});

describe("tables", () => {
  it("writes each table with its name, a real header row, the header texts and alt text", async () => {
    for (const spec of specs) {
      const sheet = (await sheetParts(zip)).find((s) => s.name === spec.name)!;
      const tables = await Promise.all(
        (await tablePartsOf(zip, sheet.part)).map(async (p) => parseTablePart(await part(p))),
      );
      expect(tables.map((t) => t.name)).toEqual(spec.tables.map((t) => t.name));
      for (const t of spec.tables) {
        const got = tables.find((x) => x.name === t.name)!;
        const headers = spec.cells[t.headerRow]
          .slice(t.firstCol, t.firstCol + t.columnCount)
          .map((c) => String(c?.value));
        expect(got.headerRowCount).toBe(1);
        expect(got.totalsRowCount).toBe(0);
        expect(got.ref).toBe(
          `${a1(t.headerRow, t.firstCol)}:${a1(t.headerRow + t.dataRowCount, t.firstCol + t.columnCount - 1)}`,
        );
        expect(got.columns).toEqual(headers);
        expect(got.styleName).toBe("TableStyleLight9");
        expect(got.showRowStripes).toBe(true);
        expect(got.altTextSummary).toBe(t.altText);
      }
    }
  });

  it("has unique table ids and names across the workbook", async () => {
    const files = Object.keys(zip.files).filter((f) => /^xl\/tables\/table\d+\.xml$/.test(f));
    const roots = await Promise.all(files.map(async (f) => parseXml(await part(f))));
    expect(new Set(roots.map((r) => r.attrs.id)).size).toBe(files.length);
    expect(new Set(roots.map((r) => r.attrs.name.toLowerCase())).size).toBe(files.length);
  });

  it("keeps cached formula results inside tables", () => {
    expect(back[PLAN].D7).toMatchObject({ formula: "B7-C7", value: -5580412.5 });
    expect(back[CHILDRENS].E4.formula).toBe("D4/$D$7");
  });

  it("merges no cells (none in tables, none anywhere)", async () => {
    for (const f of Object.keys(zip.files).filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))) {
      expect(await part(f)).not.toContain("<mergeCell");
    }
    for (const ws of wb.worksheets) expect(ws.model.merges).toEqual([]);
  });
});

describe("sheet setup", () => {
  it("sets A4 landscape, fit to one page wide, print titles and the footer", () => {
    const ws = wb.getWorksheet(PLAN)!;
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    });
    expect(ws.pageSetup.printTitlesRow).toBe("6:6"); // ExcelJS reads our _xlnm.Print_Titles back
    expect(ws.headerFooter.oddFooter).toBe("&LDeficit management plan&RPage &P of &N");
    expect(wb.getWorksheet(CONTENTS)!.pageSetup.orientation).toBe("portrait");
  });

  it("quotes apostrophes in print titles and doubles & in footers", async () => {
    const names = parseWorkbookPart(await part("xl/workbook.xml")).definedNames;
    expect(names.find((n) => n.name === "_xlnm.Print_Titles" && n.localSheetId === 2)?.value).toBe(
      "'Children''s services'!$3:$3",
    );
    expect(wb.getWorksheet(CONTENTS)!.headerFooter.oddFooter).toBe("&LContents && notes&RPage &P of &N");
    expect(footerText("R&D")).toBe("&LR&&D&RPage &P of &N");
  });

  it("freezes the rows above the data", () => {
    expect(wb.getWorksheet(PLAN)!.views[0]).toMatchObject({ state: "frozen", ySplit: 6, topLeftCell: "A7" });
    expect(wb.getWorksheet(CONTENTS)!.views[0]?.state ?? "normal").toBe("normal");
  });

  it("marks every built sheet with sheet-scoped defined names", async () => {
    expect(await readBuiltSheets(bytes, "papers.xlsx")).toEqual([
      { sheet: PLAN, id: "deficit-plan" },
      { sheet: CONTENTS, id: "contents" },
      { sheet: CHILDRENS, id: "placement-summary" },
    ]);
    const names = parseWorkbookPart(await part("xl/workbook.xml")).definedNames;
    const markers = names.filter((n) => n.name === MARKER_NAME);
    expect(markers.map((m) => [m.localSheetId, parseTextConstant(m.value)])).toEqual([
      [0, BUILT_SHEET_MARKER],
      [1, BUILT_SHEET_MARKER],
      [2, BUILT_SHEET_MARKER],
    ]);
    expect(names.filter((n) => n.name === MARKER_ID_NAME)).toHaveLength(3);
  });

  it("writes document properties and asks Excel to recalculate on open", async () => {
    expect(wb.title).toBe(PROPS.title);
    expect(wb.creator).toBe("Finance team");
    expect(wb.company).toBe("Anytown Council");
    expect(wb.created.toISOString()).toBe("2026-03-01T09:30:00.000Z");
    expect(await part("xl/workbook.xml")).toContain('fullCalcOnLoad="1"');
  });

  it("links contents entries to places in the workbook, without external relationships", async () => {
    const sheet = (await sheetParts(zip)).find((s) => s.name === CONTENTS)!;
    expect(parseInternalLinks(await part(sheet.part))).toEqual([
      { ref: "A4", location: "'Deficit plan'!A1", display: PLAN },
      { ref: "A5", location: "'Children''s services'!A1", display: CHILDRENS },
    ]);
    const rels = parseRels(await zip.file(relsPathFor(sheet.part))?.async("string"));
    expect(rels.filter((r) => r.targetMode === "External")).toEqual([]);
  });
});

describe("package", () => {
  it("is well-formed XML in every part", async () => {
    for (const f of Object.keys(zip.files).filter((p) => /\.(xml|rels)$/.test(p))) {
      const text = await part(f);
      expect(() => parseXml(text)).not.toThrow();
    }
  });

  it("has a chart part, a drawing part, their content types and relationships", async () => {
    const sheet = (await sheetParts(zip)).find((s) => s.name === PLAN)!;
    const sheetRels = parseRels(await part(relsPathFor(sheet.part)));
    expect(new Set(sheetRels.map((r) => r.id)).size).toBe(sheetRels.length);
    expect(sheetRels.filter((r) => r.type === RelType.table)).toHaveLength(1);
    const drawingRel = sheetRels.find((r) => r.type === RelType.drawing)!;
    const drawingPart = resolveTarget(sheet.part, drawingRel.target);
    expect(drawingPart).toBe("xl/drawings/drawing1.xml");

    const sheetXml = await part(sheet.part);
    expect(sheetXml).toContain(`<drawing r:id="${drawingRel.id}"/>`);
    const order = worksheetChildren(sheetXml).map((n) =>
      WORKSHEET_ORDER.indexOf(n as (typeof WORKSHEET_ORDER)[number]),
    );
    expect(order.every((rank) => rank >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    const frames = parseDrawingPart(await part(drawingPart));
    expect(frames).toHaveLength(1);
    const chartSpec = specs[0].charts[0];
    expect(frames[0]).toMatchObject({ name: chartSpec.title, descr: chartSpec.altText, ...chartSpec.anchor });
    const chartRel = parseRels(await part(relsPathFor(drawingPart))).find(
      (r) => r.id === frames[0].chartRelId,
    )!;
    expect(chartRel.type).toBe(RelType.chart);
    const chartPart = resolveTarget(drawingPart, chartRel.target);

    const chart = parseChartPart(await part(chartPart));
    expect(chart).toMatchObject({
      kind: "line",
      title: chartSpec.title,
      categoriesRef: chartSpec.categoriesRef,
      categories: chartSpec.categories,
      yAxisTitle: chartSpec.yAxisTitle,
      yNumFmt: chartSpec.yNumFmt,
      legendPos: "b",
    });
    expect(chart.series.map((s) => [s.name, s.valuesRef, s.values])).toEqual(
      chartSpec.series.map((s) => [s.name, s.valuesRef, s.values]),
    );

    const types = parseContentTypes(await part("[Content_Types].xml"));
    expect(contentTypeOf(types, chartPart)).toBe(ContentType.chart);
    expect(contentTypeOf(types, drawingPart)).toBe(ContentType.drawing);
  });

  it("gives sheets without charts no drawing", async () => {
    const sheet = (await sheetParts(zip)).find((s) => s.name === CONTENTS)!;
    expect(await part(sheet.part)).not.toContain("<drawing");
  });

  it("reads back with our own reader: values, dates and the markers", async () => {
    const snapshot = await readWorkbookFile(bytes, "papers.xlsx");
    expect(snapshot.sheets.map((s) => s.name)).toEqual([PLAN, CONTENTS, CHILDRENS]);
    const plan = snapshot.sheets[0];
    expect(plan.cells[2][1]).toBe(46093);
    expect(plan.dateCells?.has("2,1")).toBe(true);
    expect(plan.cells[7][2]).toBe(69169477);
    expect(plan.merges).toEqual([]);
  });
});

describe("progress, abort and the port", () => {
  it("reports progress once per sheet and once for packaging", async () => {
    const steps: { done: number; total: number; step: string }[] = [];
    await writePapersWorkbook(specs, PROPS, (p) => steps.push(p));
    expect(steps.map((s) => s.done)).toEqual([1, 2, 3, 4]);
    expect(steps.every((s) => s.total === 4)).toBe(true);
    expect(steps[0].step).toContain(PLAN);
  });

  it("throws AbortError and returns nothing when aborted before or during the write", async () => {
    const before = new AbortController();
    before.abort();
    await expect(writePapersWorkbook(specs, PROPS, undefined, before.signal)).rejects.toBeInstanceOf(
      AbortError,
    );

    const during = new AbortController();
    const result = writePapersWorkbook(specs, PROPS, (p) => p.done === 1 && during.abort(), during.signal);
    await expect(result).rejects.toMatchObject({ name: "AbortError" });
  });

  it("implements WorkbookPort", async () => {
    const port = new XlsxWorkbookPort(PROPS);
    const out = await port.write(specs);
    expect(out.sheets).toEqual([PLAN, CONTENTS, CHILDRENS]);
    expect(out.bytes.length).toBeGreaterThan(1000);
  });
});

describe("spec validation", () => {
  const base = (): SheetSpec => fixtureSpecs()[1];
  const withCells = (cells: SheetSpec["cells"]): SheetSpec => ({ ...base(), cells });

  it.each<[string, () => SheetSpec[]]>([
    [
      "a duplicate table name",
      () => [
        base(),
        { ...fixtureSpecs()[2], tables: [{ ...fixtureSpecs()[2].tables[0], name: "contents" }] },
      ],
    ],
    ["a duplicate sheet name", () => [base(), base()]],
    ["a bad sheet name", () => [{ ...base(), name: "Q1: costs" }]],
    [
      "a table name like a cell reference",
      () => [{ ...base(), tables: [{ ...base().tables[0], name: "AB12" }] }],
    ],
    [
      "a header that is a formula",
      () => [
        withCells(
          base().cells.map((row, r) => (r === 2 ? [{ value: "Sheet", formula: '"Sheet"' }, row[1]] : row)),
        ),
      ],
    ],
    [
      "repeated headers",
      () => [
        withCells(
          base().cells.map((row, r) =>
            r === 2 ? [row[0], { value: "sheet", style: "header" as const }] : row,
          ),
        ),
      ],
    ],
    ["a non-finite number", () => [withCells([[{ value: Number.NaN }]])]],
    [
      "a chart without alt text",
      () => [{ ...fixtureSpecs()[0], charts: [{ ...fixtureSpecs()[0].charts[0], altText: " " }] }],
    ],
  ])("refuses %s with InternalError", async (_label, make) => {
    await expect(writePapersWorkbook(make(), PROPS)).rejects.toBeInstanceOf(InternalError);
  });
});
