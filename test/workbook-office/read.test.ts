/**
 * Reading the open workbook through the Office adapter: the snapshot matches what the xlsx adapter
 * reads from the same workbook as a file (values, dates, hidden sheets/rows/columns, merges, errors,
 * the saved mapping), in three syncs; and the saved mapping round-trips.
 */
import ExcelJS from "exceljs";
import { serialFromDate } from "../../src/core/dates";
import { MAX_CELL_TEXT, SAVED_MAPPING_SHEET } from "../../src/workbook/port";
import { isDateFormat, readSnapshot, writeSavedMapping } from "../../src/workbook/office/read";
import { readWorkbookFile } from "../../src/workbook/xlsx/read";
import { FakeExcel, type SeedCell } from "../fakes/excel-fake";
import { fakeFromFile } from "./workbooks";

/** A council workbook as councils send them: title rows, merges, hidden columns/rows, text numbers, dates, errors. */
async function councilFile(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("HNB monitoring 2026-27");
  ws.getCell("A1").value = "High Needs Block monitoring, period 10";
  ws.mergeCells("A1:E1");
  ws.getCell("A2").value = "Prepared by finance, as at";
  ws.getCell("D2").value = new Date(Date.UTC(2026, 0, 31));
  ws.getCell("D2").numFmt = "dd/mm/yyyy";
  ws.addRow([]);
  ws.getRow(4).values = ["Line", "Budget", "Internal code", "Forecast", "Start"];
  const lines: [string, number | string, string, number | string, number][] = [
    ["Top-up: maintained", 1_234_567.89, "X1", "£1,300,000", Date.UTC(2025, 8, 1)],
    ["Top-up: academies", "(12,000)", "X2", 950_000, Date.UTC(2025, 8, 1)],
    ["Independent special", 15_000_000, "X3", 17_250_000.5, Date.UTC(2026, 3, 1)],
    ["Alternative provision", 2_500_000, "X4", 2_400_000, Date.UTC(2026, 3, 1)],
  ];
  lines.forEach((l, i) => {
    const row = ws.getRow(5 + i);
    row.values = [l[0], l[1], l[2], l[3], new Date(l[4])];
    row.getCell(5).numFmt = "d mmm yyyy";
  });
  ws.getCell("A9").value = "Total";
  ws.getCell("B9").value = { formula: "SUM(B5:B8)", result: 18_734_567.89 } as ExcelJS.CellFormulaValue;
  ws.getCell("D9").value = { formula: "SUM(D5:D8)", result: 0 } as ExcelJS.CellFormulaValue;
  ws.getCell("E9").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
  ws.getCell("A11").value = "#N/A";
  ws.getCell("B11").value = true;
  ws.getColumn(3).hidden = true;
  ws.getRow(7).hidden = true;
  const lookups = wb.addWorksheet("Lookups", { state: "hidden" });
  lookups.addRow(["Band", "Rate"]);
  lookups.addRow(["A", 1500]);
  const mapping = wb.addWorksheet(SAVED_MAPPING_SHEET, { state: "veryHidden" });
  mapping.getCell("A1").value = '{"version":1,"sheets":';
  mapping.getCell("A2").value = '{"HNB monitoring 2026-27":{"header":4}}}';
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

describe("readSnapshot", () => {
  it("gives the same snapshot as the xlsx adapter reading the same workbook as a file, in 3 syncs", async () => {
    const bytes = await councilFile();
    const fromFile = await readWorkbookFile(bytes, "council.xlsx");
    const fake = await fakeFromFile(bytes);
    const fromExcel = await fake.run((ctx) => readSnapshot(ctx));
    // The sheet list, every sheet's size, then everything in one response (it is small).
    expect(fake.syncs).toHaveLength(3);
    expect(fromExcel.source).toBe("council.xlsx");
    expect(fromExcel.savedMapping).toBe(fromFile.savedMapping);
    expect(fromExcel.sheets.map((s) => s.name)).toEqual(["HNB monitoring 2026-27", "Lookups"]);
    const normal = (s: (typeof fromFile.sheets)[number]): unknown => ({
      ...s,
      dateCells: [...(s.dateCells ?? [])].sort(),
    });
    expect(fromExcel.sheets.map(normal)).toEqual(fromFile.sheets.map(normal));
  });

  it("reads what a council workbook holds: text numbers as text, dates as serials with their cells listed, errors as empty, hidden things flagged", async () => {
    const fake = await fakeFromFile(await councilFile());
    const { sheets, savedMapping } = await fake.run((ctx) => readSnapshot(ctx));
    const hnb = sheets[0];
    expect(hnb.cells[0]).toEqual(["High Needs Block monitoring, period 10"]);
    expect(hnb.cells[1][3]).toBe(serialFromDate(2026, 1, 31));
    expect(hnb.dateCells?.has("1,3")).toBe(true);
    expect(hnb.dateCells?.has("4,4")).toBe(true);
    expect(hnb.cells[4][3]).toBe("£1,300,000");
    expect(hnb.cells[5][1]).toBe("(12,000)");
    expect(hnb.cells[8]).toEqual(["Total", 18_734_567.89, null, 0]); // the #N/A error in E9 reads as empty
    expect(hnb.cells[10]).toEqual(["#N/A", true]); // text "#N/A" stays text
    expect(hnb.hiddenColumns).toEqual([2]);
    expect(hnb.hiddenRows).toEqual([6]);
    expect(hnb.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 4 }]);
    expect(sheets[1]).toMatchObject({ name: "Lookups", hidden: true });
    expect(JSON.parse(savedMapping!)).toEqual({
      version: 1,
      sheets: { "HNB monitoring 2026-27": { header: 4 } },
    });
  });

  it("reads a sheet whose data starts below and right of A1 with absolute row and column indexes", async () => {
    const fake = new FakeExcel();
    fake.seedSheet("Offset", [[], [], [null, null, "Band", "Rate"], [null, null, "A", 1500]]);
    fake.seedSheet("Empty", []);
    const { sheets } = await fake.run((ctx) => readSnapshot(ctx));
    expect(sheets[0].cells).toEqual([[], [], [null, null, "Band", "Rate"], [null, null, "A", 1500]]);
    expect(sheets[1].cells).toEqual([]);
    expect(fake.syncs).toHaveLength(3);
  });

  it("reads in row blocks when one response would be too big, and gives the same snapshot", async () => {
    const data: (string | number)[][] = [["School", "URN", "Pupils", "Allocation"]];
    for (let i = 0; i < 6_000; i++)
      data.push([
        `School number ${i + 1} with a long name`,
        100_000 + i,
        100 + (i % 900),
        1_000_000 + i * 13.5,
      ]);
    const whole = new FakeExcel();
    whole.seedSheet("Schools", data);
    whole.seedSheet("Other", [["x", 1]]);
    const expected = await whole.run((ctx) => readSnapshot(ctx));

    const limited = new FakeExcel();
    limited.seedSheet("Schools", data);
    limited.seedSheet("Other", [["x", 1]]);
    limited.responseLimitBytes = 200 * 1024;
    const got = await limited.run((ctx) => readSnapshot(ctx, { maxResponseBytes: 150 * 1024 }));
    expect(got).toEqual(expected);
    // No response refused: every sync succeeded and came back under the host's limit.
    expect(limited.syncs.filter((s) => s.failed !== undefined)).toEqual([]);
    expect(Math.max(...limited.syncs.map((s) => s.responseBytes))).toBeLessThanOrEqual(150 * 1024);
    // The list, the sizes, then blocks of values (about 1 MB of them) and of the table's formats.
    expect(limited.syncs.length).toBeGreaterThan(8);
    expect(limited.syncs.length).toBeLessThan(30);
  });

  it("still completes, with the same snapshot, when the host's limit is below the budget (a refused block is read again smaller)", async () => {
    const rows: (string | number)[][] = [["Line", "Note"]];
    for (let i = 0; i < 3_000; i++) rows.push([`Line ${i + 1}`, "x".repeat(i < 100 ? 1 : 400)]);
    const whole = new FakeExcel();
    whole.seedSheet("Notes", rows);
    const expected = await whole.run((ctx) => readSnapshot(ctx));
    const limited = new FakeExcel();
    limited.seedSheet("Notes", rows);
    limited.responseLimitBytes = 300 * 1024;
    // The first 100 rows are short: the rest, 400 characters a row, is denser than they suggest.
    const got = await limited.run((ctx) => readSnapshot(ctx, { maxResponseBytes: 1024 * 1024 }));
    expect(got).toEqual(expected);
    expect(limited.syncs.some((s) => s.failed?.startsWith("The response is"))).toBe(true);
  });

  it("in blocks, tells error cells from text that looks like an error (value types read for rows with error-like text)", async () => {
    const rows: SeedCell[][] = [["Line", "Amount", "Note"]];
    for (let i = 0; i < 2_000; i++) rows.push([`Line ${i + 1}`, 1000 + i, "ok"]);
    rows[700] = ["Line 700", { value: { error: "#REF!" }, formula: "B1/0" }, "#N/A"];
    const seed = (): FakeExcel => {
      const fake = new FakeExcel();
      fake.seedSheet("Lines", rows);
      return fake;
    };
    const whole = await seed().run((ctx) => readSnapshot(ctx));
    const fake = seed();
    const got = await fake.run((ctx) => readSnapshot(ctx, { maxResponseBytes: 16 * 1024 }));
    expect(got).toEqual(whole);
    expect(got.sheets[0].cells[700]).toEqual(["Line 700", null, "#N/A"]);
    expect(got.sheets[0].errorCells?.get("700,1")).toBe("#REF!");
    expect(fake.syncs.length).toBeGreaterThan(3); // it was read in blocks
  });

  it("still reads values on a host without ExcelApi 1.9 / 1.13 (no hidden rows, columns or merges then)", async () => {
    const fake = await fakeFromFile(await councilFile());
    const { sheets } = await fake.run((ctx) => readSnapshot(ctx, { supports: (minor) => minor <= 8 }));
    expect(sheets[0].cells[4][0]).toBe("Top-up: maintained");
    expect(sheets[0].hiddenRows).toEqual([]);
    expect(sheets[0].merges).toEqual([]);
  });
  it("reads the values again without hidden rows and merges when the host fails on those (e.g. over 512 merged areas)", async () => {
    const fake = await fakeFromFile(await councilFile());
    fake.failWhen = (call) => call.kind === "RangeAreas" && call.name === "load";
    const { sheets } = await fake.run((ctx) => readSnapshot(ctx));
    expect(sheets[0].cells[4][0]).toBe("Top-up: maintained");
    expect(sheets[0].merges).toEqual([]);
    // The list, the sizes (failed), the sizes without the flags, the values.
    expect(fake.syncs).toHaveLength(4);
  });
});

describe("writeSavedMapping", () => {
  it("saves the mapping in a very hidden sheet, in 32,767-character pieces, in 2 syncs, and reads it back", async () => {
    const fake = new FakeExcel();
    fake.seedSheet("Data", [["a"]]);
    const big = JSON.stringify({ version: 1, note: "x".repeat(MAX_CELL_TEXT * 2), list: [1, 2, 3] });
    await fake.run((ctx) => writeSavedMapping(ctx, big));
    expect(fake.syncs).toHaveLength(2);
    const sheet = fake.sheet(SAVED_MAPPING_SHEET);
    expect(sheet.visibility).toBe("VeryHidden");
    expect(sheet.cell(2, 0)?.value).toEqual(big.slice(MAX_CELL_TEXT * 2));
    const snapshot = await fake.run((ctx) => readSnapshot(ctx));
    expect(snapshot.savedMapping).toBe(big);
    expect(snapshot.sheets.map((s) => s.name)).toEqual(["Data"]);

    // Saving a shorter mapping clears the old pieces; a piece starting with a digit stays text.
    const small = '12345{"version":2}';
    await fake.run((ctx) => writeSavedMapping(ctx, small));
    expect(sheet.cell(0, 0)?.value).toBe(small);
    expect(sheet.cell(1, 0)?.value ?? null).toBeNull();
    expect((await fake.run((ctx) => readSnapshot(ctx))).savedMapping).toBe(small);
  });
});

describe("isDateFormat", () => {
  it.each([
    ["dd/mm/yyyy", true],
    ["d mmm yyyy", true],
    ["[$-809]dd mmmm yyyy;@", true],
    ["hh:mm", true],
    ["mmm-yy", true],
    ["General", false],
    ["@", false],
    ["£#,##0;(£#,##0)", false],
    ["0.0%", false],
    ['#,##0 "days"', false],
    ["0.00E+00", false],
    ["[Red]#,##0", false],
  ])("%s → %s", (format, expected) => {
    expect(isDateFormat(format)).toBe(expected);
  });
});
