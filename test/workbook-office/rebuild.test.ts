/**
 * The source is read-only; built sheets carry a marker; a rebuild replaces only marked sheets; a
 * failed or cancelled build removes what it created. All through the Office adapter, on the fake.
 */
import { InternalError } from "../../src/core/errors";
import { BUILT_SHEET_MARKER, NumFmt, quoteSheet, type CellSpec, type SheetSpec } from "../../src/papers/spec";
import { AbortError, MARKER_ID_NAME, MARKER_NAME } from "../../src/workbook/port";
import { OfficeWorkbookPort, suffixedName, writeSheets } from "../../src/workbook/office/write";
import { FakeExcel, type SheetModel } from "../fakes/excel-fake";

const c = (value: CellSpec["value"], extra: Omit<CellSpec, "value"> = {}): CellSpec => ({ value, ...extra });

function summarySpec(version = 1): SheetSpec {
  return {
    name: "DSG summary",
    kind: "paper",
    id: "dsg-summary",
    cells: [
      [c(`Dedicated Schools Grant summary v${version}`, { style: "title" })],
      [c("Allocation and forecast by block, £", { style: "subtitle" })],
      [
        c("Block", { style: "header" }),
        c("Allocation (£)", { style: "header" }),
        c("Forecast (£)", { style: "header" }),
      ],
      [c("Schools"), c(100 * version, { numFmt: NumFmt.pounds }), c(90, { numFmt: NumFmt.pounds })],
      [c("High needs"), c(50, { numFmt: NumFmt.pounds }), c(65, { numFmt: NumFmt.pounds })],
      [
        c("Total", { style: "total" }),
        c(100 * version + 50, { formula: "SUM(B4:B5)", style: "total", numFmt: NumFmt.pounds }),
        c(155, { formula: "SUM(C4:C5)", style: "total", numFmt: NumFmt.pounds }),
      ],
    ],
    tables: [
      {
        name: "DSGSummary",
        headerRow: 2,
        firstCol: 0,
        columnCount: 3,
        dataRowCount: 2,
        totalsRow: true,
        altText: "DSG blocks.",
      },
    ],
    charts: [],
    columnWidths: [20, 14, 14],
    print: { orientation: "portrait", paperSize: "A4", fitToWidth: 1, footer: "DSG summary" },
    freezeRows: 3,
  };
}

function contentsSpec(): SheetSpec {
  return {
    name: "Contents",
    kind: "contents",
    id: "contents",
    cells: [
      [c("Contents", { style: "title" })],
      [c("The sheets in this workbook", { style: "subtitle" })],
      [c("DSG summary", { style: "link", link: `${quoteSheet("DSG summary")}!A1` })],
      [
        c("High needs total"),
        c(50, { formula: `${quoteSheet("DSG summary")}!B5+DSGSummary[[#Totals],[Allocation (£)]]*0` }),
      ],
      [c("Checks total"), c(50, { formula: `'DSG summary'!B5` })],
    ],
    tables: [],
    charts: [
      {
        kind: "line",
        title: "Allocation",
        altText: "Allocation by block.",
        categoriesRef: `${quoteSheet("DSG summary")}!$A$4:$A$5`,
        categories: ["Schools", "High needs"],
        series: [
          { name: "Allocation", valuesRef: `${quoteSheet("DSG summary")}!$B$4:$B$5`, values: [100, 50] },
        ],
        yAxisTitle: "£",
        yNumFmt: NumFmt.pounds,
        anchor: { fromRow: 6, fromCol: 0, toRow: 16, toCol: 4 },
      },
    ],
    columnWidths: [30, 14],
    print: { orientation: "portrait", paperSize: "A4", fitToWidth: 1, footer: "Contents" },
    freezeRows: 0,
  };
}

/** A council workbook: data sheets with values, a hidden lookup, and a table of the user's own. */
function councilWorkbook(): FakeExcel {
  const fake = new FakeExcel();
  fake.seedSheet("HNB 2026-27", [
    ["High Needs Block monitoring"],
    [],
    ["Line", "Budget", "Forecast"],
    ["Top-up", 1000, 1200],
    ["Total", { value: 1000, formula: "SUM(B4)" }, 1200],
  ]);
  fake.seedSheet(
    "Lookups",
    [
      ["Band", "Rate"],
      ["A", 1],
    ],
    { visibility: "Hidden" },
  );
  return fake;
}

/** Everything about a sheet a build could change, for before/after comparisons. */
function fingerprint(sheet: SheetModel): string {
  return JSON.stringify({
    name: sheet.name,
    visibility: sheet.visibility,
    cells: [...sheet.cells.entries()].map(([k, v]) => [
      k,
      v.value,
      v.formula,
      v.numberFormat,
      v.format,
      v.hyperlink,
    ]),
    widths: [...sheet.columnWidths],
    tables: sheet.tables.map((t) => [t.name, t.rect, t.headers, t.style]),
    charts: sheet.charts.map((ch) => [ch.name, ch.title, ch.series]),
    names: [...sheet.names.values()],
    frozen: sheet.frozenRows,
    layout: sheet.pageLayout,
  });
}

function workbookFingerprint(fake: FakeExcel): string[] {
  return fake.model.sheets.map(fingerprint);
}

const marker = (sheet: SheetModel, name = MARKER_NAME): string | undefined =>
  sheet.names.get(name.toLowerCase())?.formula;

describe("built sheets carry the marker", () => {
  it("marks every built sheet with ForumPapersBuilt and its spec id, and leaves the council's sheets unmarked and untouched", async () => {
    const fake = councilWorkbook();
    const before = fake.model.sheets.map(fingerprint);
    const result = await new OfficeWorkbookPort(fake.run).write([summarySpec(), contentsSpec()]);
    expect(result.sheets).toEqual(["DSG summary", "Contents"]);
    expect(fake.sheetNames()).toEqual(["HNB 2026-27", "Lookups", "DSG summary", "Contents"]);
    expect(marker(fake.sheet("DSG summary"))).toBe(`="${BUILT_SHEET_MARKER}"`);
    expect(marker(fake.sheet("DSG summary"), MARKER_ID_NAME)).toBe('="dsg-summary"');
    expect(marker(fake.sheet("Contents"), MARKER_ID_NAME)).toBe('="contents"');
    expect(fake.model.sheets.slice(0, 2).map(fingerprint)).toEqual(before);
    const council = new Set(fake.model.sheets.slice(0, 2).map((s) => s.id));
    for (const s of fake.syncs) for (const id of s.sheetsWritten) expect(council.has(id)).toBe(false);
    expect(fake.model.activeSheetId).toBe(fake.sheet("DSG summary").id);
  });
});

describe("a rebuild replaces only marked sheets", () => {
  it("replaces the sheets it built last time, in place of the old ones, with no '(2)' copies", async () => {
    const fake = councilWorkbook();
    await new OfficeWorkbookPort(fake.run).write([summarySpec(1), contentsSpec()]);
    const councilBefore = fake.model.sheets.slice(0, 2).map(fingerprint);
    fake.resetLog();
    const result = await new OfficeWorkbookPort(fake.run).write([summarySpec(2), contentsSpec()]);
    expect(result.replaced).toEqual(["DSG summary", "Contents"]);
    expect(result.renamed).toEqual([]);
    expect(fake.sheetNames()).toEqual(["HNB 2026-27", "Lookups", "DSG summary", "Contents"]);
    expect(fake.sheet("DSG summary").cell(0, 0)?.value).toBe("Dedicated Schools Grant summary v2");
    expect(fake.sheet("DSG summary").tables.map((t) => t.name)).toEqual(["DSGSummary"]);
    expect(fake.model.tables.map((t) => t.name)).toEqual(["DSGSummary"]);
    expect(fake.model.sheets.slice(0, 2).map(fingerprint)).toEqual(councilBefore);
    // Still two look-ups and one sync per sheet on a rebuild.
    expect(result.syncs).toBe(4);
  });

  it("leaves a user's sheet of the same name untouched and writes the paper as 'DSG summary (2)', references rewritten", async () => {
    const fake = councilWorkbook();
    const mine = fake.seedSheet("DSG summary", [["My own notes on the DSG"], ["Do not overwrite", 42]]);
    const before = fingerprint(mine);
    const result = await new OfficeWorkbookPort(fake.run).write([summarySpec(), contentsSpec()]);
    expect(result.renamed).toEqual([{ from: "DSG summary", to: "DSG summary (2)" }]);
    expect(result.sheets).toEqual(["DSG summary (2)", "Contents"]);
    expect(fingerprint(fake.sheet("DSG summary"))).toBe(before);
    for (const s of fake.syncs) expect(s.sheetsWritten.has(mine.id)).toBe(false);
    const contents = fake.sheet("Contents");
    expect(contents.cell(2, 0)?.hyperlink?.documentReference).toBe("'DSG summary (2)'!A1");
    expect(contents.cell(3, 1)?.formula).toBe(
      "'DSG summary (2)'!B5+DSGSummary[[#Totals],[Allocation (£)]]*0",
    );
    expect(contents.cell(4, 1)?.formula).toBe("'DSG summary (2)'!B5");
    expect(contents.charts[0].series[0].values).toBe("'DSG summary (2)'!$B$4:$B$5");
    expect(contents.charts[0].series[0].xValues).toBe("'DSG summary (2)'!$A$4:$A$5");
    // HyperFormula has no structured references (B4), so only the plain reference is recalculated.
    expect(fake.recalculate().filter((e) => !e.startsWith("Contents!B4:"))).toEqual([]);
    expect(contents.cell(4, 1)?.value).toBe(50);

    // The next rebuild finds its own "(2)" sheet by its marker and replaces it; the user's stays.
    fake.resetLog();
    const again = await new OfficeWorkbookPort(fake.run).write([summarySpec(3), contentsSpec()]);
    expect(again.sheets).toEqual(["DSG summary (2)", "Contents"]);
    expect(again.replaced).toEqual(["DSG summary (2)", "Contents"]);
    expect(fingerprint(fake.sheet("DSG summary"))).toBe(before);
    expect(fake.sheet("DSG summary (2)").cell(0, 0)?.value).toBe("Dedicated Schools Grant summary v3");
    expect(fake.sheetNames().filter((n) => n.startsWith("DSG summary"))).toEqual([
      "DSG summary",
      "DSG summary (2)",
    ]);
  });

  it("gives a built table a new name when one of the user's tables has it, and rewrites structured references", async () => {
    const fake = councilWorkbook();
    const theirs = fake.seedSheet("Their tables", [
      ["Block", "Amount"],
      ["A", 1],
    ]);
    theirs.tables.push({
      name: "DSGSummary",
      sheet: theirs,
      rect: { top: 0, left: 0, bottom: 1, right: 1 },
      headers: ["Block", "Amount"],
      style: "TableStyleMedium2",
      showBandedRows: true,
      showFilterButton: true,
    });
    const result = await new OfficeWorkbookPort(fake.run).write([summarySpec(), contentsSpec()]);
    expect(result.renamedTables).toEqual([{ from: "DSGSummary", to: "DSGSummary_1" }]);
    expect(fake.sheet("DSG summary").tables[0].name).toBe("DSGSummary_1");
    expect(theirs.tables[0].name).toBe("DSGSummary");
    expect(fake.sheet("Contents").cell(3, 1)?.formula).toBe(
      "'DSG summary'!B5+DSGSummary_1[[#Totals],[Allocation (£)]]*0",
    );
  });

  it("names a second fallback '(3)' when the user also has '(2)'", async () => {
    const fake = councilWorkbook();
    fake.seedSheet("DSG summary", [["mine"]]);
    fake.seedSheet("DSG summary (2)", [["also mine"]]);
    const result = await new OfficeWorkbookPort(fake.run).write([summarySpec()]);
    expect(result.sheets).toEqual(["DSG summary (3)"]);
    expect(suffixedName("A sheet name that is thirty-one!", 12)).toBe("A sheet name that is thirt (12)");
    expect(suffixedName("A sheet name that is thirty-one!", 12).length).toBeLessThanOrEqual(31);
  });
});

describe("a failed or cancelled build leaves the workbook as it was", () => {
  it("a build cancelled after its first sheet removes that sheet and rejects with AbortError", async () => {
    const fake = councilWorkbook();
    const before = workbookFingerprint(fake);
    const controller = new AbortController();
    const port = new OfficeWorkbookPort(fake.run);
    const write = port.write(
      [summarySpec(), contentsSpec()],
      (p) => {
        if (p.done === 1) controller.abort();
      },
      controller.signal,
    );
    await expect(write).rejects.toBeInstanceOf(AbortError);
    expect(fake.sheetNames()).toEqual(["HNB 2026-27", "Lookups"]);
    expect(workbookFingerprint(fake)).toEqual(before);
  });

  it("a cancelled rebuild puts the previous papers back: names, visibility, tables and contents", async () => {
    const fake = councilWorkbook();
    await new OfficeWorkbookPort(fake.run).write([summarySpec(1), contentsSpec()]);
    const before = workbookFingerprint(fake);
    const controller = new AbortController();
    const write = new OfficeWorkbookPort(fake.run).write(
      [summarySpec(2), contentsSpec()],
      (p) => {
        if (p.done === 1) controller.abort();
      },
      controller.signal,
    );
    await expect(write).rejects.toBeInstanceOf(AbortError);
    expect(fake.sheetNames()).toEqual(["HNB 2026-27", "Lookups", "DSG summary", "Contents"]);
    expect(workbookFingerprint(fake)).toEqual(before);
    expect(fake.sheet("DSG summary").cell(0, 0)?.value).toBe("Dedicated Schools Grant summary v1");
  });

  it("a build that Excel refuses part-way (a chart call fails) removes the sheets it added and reports Excel's error", async () => {
    const fake = councilWorkbook();
    const before = workbookFingerprint(fake);
    fake.failWhen = (call) => call.kind === "ChartCollection" && call.name === "add";
    await expect(
      new OfficeWorkbookPort(fake.run).write([summarySpec(), contentsSpec()]),
    ).rejects.toMatchObject({ code: "GeneralException" });
    expect(workbookFingerprint(fake)).toEqual(before);
  });

  it("a failed rebuild whose very first batch fails leaves the old papers and the council's sheets as they were", async () => {
    const fake = councilWorkbook();
    await new OfficeWorkbookPort(fake.run).write([summarySpec(1), contentsSpec()]);
    const before = workbookFingerprint(fake);
    fake.failWhen = (call) => call.kind === "NamedItemCollection" && call.name === "add";
    await expect(
      new OfficeWorkbookPort(fake.run).write([summarySpec(2), contentsSpec()]),
    ).rejects.toMatchObject({ code: "GeneralException" });
    expect(workbookFingerprint(fake)).toEqual(before);
  });

  it("an already-aborted signal and a bad spec reject before anything is read or written", async () => {
    const fake = councilWorkbook();
    const controller = new AbortController();
    controller.abort();
    await expect(
      new OfficeWorkbookPort(fake.run).write([summarySpec()], undefined, controller.signal),
    ).rejects.toBeInstanceOf(AbortError);
    const bad = { ...summarySpec(), name: "DSG: summary" };
    await expect(new OfficeWorkbookPort(fake.run).write([bad])).rejects.toBeInstanceOf(InternalError);
    expect(fake.syncs).toHaveLength(0);
  });
});

describe("hosts with fewer requirement sets", () => {
  it("writes on ExcelApi 1.8 without RangeAreas or page layout, and says what it left out", async () => {
    const fake = councilWorkbook();
    const result = await writeSheetsOn(fake, (minor) => minor <= 8);
    expect(result.notes.join("\n")).toMatch(/ExcelApi 1\.9/);
    const sheet = fake.sheet("DSG summary");
    expect(sheet.cell(2, 0)?.format.bold).toBe(true);
    expect(sheet.cell(5, 1)?.format.borderTop?.style).toBe("Continuous");
    expect(sheet.pageLayout.paperSize).toBe("Letter"); // untouched
  });

  it("refuses a host below ExcelApi 1.7 with a message, before any sync", async () => {
    const fake = councilWorkbook();
    await expect(writeSheetsOn(fake, (minor) => minor <= 6)).rejects.toThrow(/1\.7/);
    expect(fake.syncs).toHaveLength(0);
  });

  it("uses ';' between getRanges areas where the decimal separator is a comma (the fake refuses ',' there)", async () => {
    const fake = councilWorkbook();
    fake.model.decimalSeparator = ",";
    await writeSheetsOn(fake, () => true);
    expect(fake.sheet("DSG summary").cell(2, 2)?.format.bold).toBe(true);
  });
});

function writeSheetsOn(
  fake: FakeExcel,
  supports: (minor: number) => boolean,
): ReturnType<typeof writeSheets> {
  return fake.run((ctx) =>
    writeSheets(ctx, [summarySpec(), contentsSpec()], undefined, undefined, { supports }),
  );
}
