/**
 * readWorkbookFile: a council-style workbook (merged title, hidden rows/columns/sheets, formulas,
 * rich text, links, errors, dates, a saved mapping) read into a values-only snapshot; and every
 * kind of bad file refused with a one-line message, without touching the input bytes.
 */
import { createHash } from "crypto";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { serialFromDate } from "../../src/core/dates";
import { SAVED_MAPPING_SHEET } from "../../src/workbook/port";
import {
  WorkbookReadError,
  readBuiltSheets,
  readWorkbookFile,
  type ReadFailure,
} from "../../src/workbook/xlsx/read";

const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

const MAPPING = JSON.stringify({
  version: 1,
  tables: [{ sheet: "HNB budget", header: 3, columns: { line: "A", budget: "B" } }],
});

async function councilWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("HNB budget");
  ws.getCell("A1").value = "High needs budget 2025-26";
  ws.mergeCells("A1:E1");
  ws.getCell("A3").value = "Line";
  ws.getCell("B3").value = "Budget";
  ws.getCell("C3").value = "Hidden working";
  ws.getCell("D3").value = "Start";
  ws.getCell("E3").value = "Note";
  ws.getCell("A4").value = { richText: [{ text: "Special ", font: { bold: true } }, { text: "schools" }] };
  ws.getCell("B4").value = 1_234_567.5;
  ws.getCell("C4").value = "x";
  ws.getCell("D4").value = new Date(Date.UTC(2025, 8, 1));
  ws.getCell("D4").numFmt = "dd/mm/yyyy";
  ws.getCell("E4").value = { text: "DfE guidance", hyperlink: "https://www.gov.uk/" };
  ws.getCell("A5").value = "Top-up (hidden row)";
  ws.getCell("B5").value = "£1,234";
  ws.getCell("A6").value = "Total";
  ws.getCell("B6").value = { formula: "SUM(B4:B5)", result: 1_234_567.5 } as ExcelJS.CellFormulaValue;
  ws.getCell("C6").value = { formula: "1/0", result: { error: "#DIV/0!" } } as ExcelJS.CellFormulaValue;
  ws.getCell("D6").value = {
    formula: "D4+30",
    result: new Date(Date.UTC(2025, 9, 1, 12)),
  } as ExcelJS.CellFormulaValue;
  ws.getCell("D6").numFmt = "dd/mm/yyyy hh:mm";
  ws.getCell("E6").value = { error: "#REF!" } as ExcelJS.CellErrorValue;
  ws.getCell("A7").value = true;
  ws.getCell("B7").value = { formula: 'IF(B6>0,"ok","check")', result: "ok" } as ExcelJS.CellFormulaValue;
  ws.getColumn(3).hidden = true;
  ws.getRow(5).hidden = true;
  // Formatting far below the data must not stretch the snapshot.
  ws.getCell("A40").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFF0000" } };

  const lookups = wb.addWorksheet("Lookups", { state: "hidden" });
  lookups.getCell("A1").value = "Band";
  lookups.getCell("B2").value = 42;
  wb.addWorksheet("Secret", { state: "veryHidden" }).getCell("A1").value = "s";

  const mapping = wb.addWorksheet(SAVED_MAPPING_SHEET, { state: "veryHidden" });
  mapping.getCell("A1").value = MAPPING.slice(0, 40);
  mapping.getCell("A2").value = MAPPING.slice(40);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

let council: Uint8Array;
beforeAll(async () => {
  council = await councilWorkbook();
});

describe("readWorkbookFile", () => {
  it("reads values as Excel shows them", async () => {
    const snap = await readWorkbookFile(council, "council.xlsx");
    expect(snap.source).toBe("council.xlsx");
    expect(snap.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ["HNB budget", false],
      ["Lookups", true],
      ["Secret", true],
    ]);
    const hnb = snap.sheets[0];
    const sept1 = serialFromDate(2025, 9, 1)!;
    expect(hnb.cells).toEqual([
      ["High needs budget 2025-26"], // merged A1:E1: only the top-left cell holds the value
      [],
      ["Line", "Budget", "Hidden working", "Start", "Note"],
      ["Special schools", 1_234_567.5, "x", sept1, "DfE guidance"],
      ["Top-up (hidden row)", "£1,234"],
      ["Total", 1_234_567.5, null, serialFromDate(2025, 10, 1)! + 0.5], // #DIV/0! and #REF! read as empty
      [true, "ok"],
    ]);
    expect(hnb.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 4 }]);
    expect(hnb.hiddenColumns).toEqual([2]);
    expect(hnb.hiddenRows).toEqual([4]);
    expect([...(hnb.dateCells ?? [])].sort()).toEqual(["3,3", "5,3"]);
    // The errors themselves are kept beside the cells, for the reasons a skipped row gives.
    expect(hnb.errorCells).toEqual(
      new Map([
        ["5,2", "#DIV/0!"],
        ["5,4", "#REF!"],
      ]),
    );
    expect(snap.sheets[1].cells).toEqual([["Band"], [null, 42]]);
  });

  it("reads the saved mapping from the very hidden mapping sheet and leaves that sheet out", async () => {
    const snap = await readWorkbookFile(council, "council.xlsx");
    expect(snap.savedMapping).toBe(MAPPING);
    expect(snap.sheets.some((s) => s.name === SAVED_MAPPING_SHEET)).toBe(false);
  });

  it("has no saved mapping or built sheets in a plain workbook", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").getCell("A1").value = 1;
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const snap = await readWorkbookFile(bytes, "plain.xlsx");
    expect(snap.savedMapping).toBeUndefined();
    expect(await readBuiltSheets(bytes, "plain.xlsx")).toEqual([]);
  });

  it("never modifies the input bytes (Uint8Array or ArrayBuffer)", async () => {
    const before = sha(council);
    await readWorkbookFile(council, "council.xlsx");
    expect(sha(council)).toBe(before);
    const buffer = council.slice().buffer;
    await readWorkbookFile(buffer, "council.xlsx");
    expect(sha(new Uint8Array(buffer))).toBe(before);
  });
});

async function zipOf(files: Record<string, string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: "uint8array" });
}

/** A 512-byte OLE compound-file header, with stream names written as a directory would (UTF-16LE). */
function oleFile(streams: string[]): Uint8Array {
  const bytes = new Uint8Array(1024);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  let at = 512;
  for (const s of streams) {
    for (let i = 0; i < s.length; i++) bytes[at + i * 2] = s.charCodeAt(i);
    at += 128;
  }
  return bytes;
}

describe("bad input", () => {
  const cases: [string, string, () => Promise<Uint8Array>, ReadFailure, RegExp][] = [
    [
      "a text file",
      "notes.txt",
      async () => new TextEncoder().encode("Line,Budget\nSpecial,100\n"),
      "not-xlsx",
      /^notes\.txt is a text file of values \(CSV or tab-separated\), not an Excel workbook \(\.xlsx\); open it in Excel and save it as an Excel Workbook \(\.xlsx\)$/,
    ],
    [
      "a CSV file",
      "budget.csv",
      async () => new TextEncoder().encode("Line,Budget\n"),
      "not-xlsx",
      /budget\.csv is a CSV file/,
    ],
    ["an empty file", "empty.xlsx", async () => new Uint8Array(0), "not-xlsx", /empty\.xlsx is empty/],
    [
      "random bytes",
      "noise.xlsx",
      async () => Uint8Array.from({ length: 300 }, (_, i) => (i * 97 + 13) % 256),
      "not-xlsx",
      /^noise\.xlsx is not an Excel workbook \(\.xlsx\); check that you chose the council's workbook/,
    ],
    [
      "a PDF",
      "paper.xlsx",
      async () => new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"),
      "not-xlsx",
      /^paper\.xlsx is a PDF, not an Excel workbook/,
    ],
    [
      "an HTML table saved as .xlsx",
      "export.xlsx",
      async () => new TextEncoder().encode("<html><body><table><tr><td>Line</td></tr></table></body></html>"),
      "not-xlsx",
      /^export\.xlsx is a web page \(HTML\), not an Excel workbook \(\.xlsx\); open it in Excel and save it/,
    ],
    [
      "a UTF-16 tab-separated export named .xls",
      "export.xls",
      async () => new Uint8Array([0xff, 0xfe, ...Buffer.from("Line\tBudget\r\nTop-up\t100\r\n", "utf16le")]),
      "not-xlsx",
      /^export\.xls is a text file of values \(CSV or tab-separated\)/,
    ],
    [
      "an xlsx package that lost its workbook part",
      "lost.xlsx",
      () => zipOf({ "[Content_Types].xml": "<Types/>", "xl/styles.xml": "<styleSheet/>" }),
      "corrupt",
      /^lost\.xlsx is damaged: its workbook part \(xl\/workbook\.xml\) is missing from the file; open it in Excel/,
    ],
    [
      "a zip that is not a workbook",
      "archive.xlsx",
      () => zipOf({ "readme.txt": "hello" }),
      "not-xlsx",
      /^archive\.xlsx is not an Excel workbook \(\.xlsx\); check that you chose the council's workbook, saved from Excel as an Excel Workbook \(\.xlsx\)$/,
    ],
    [
      "a Word document",
      "paper.xlsx",
      () => zipOf({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>" }),
      "not-xlsx",
      /is a Word document/,
    ],
    [
      "an encrypted workbook",
      "locked.xlsx",
      async () => oleFile(["EncryptionInfo", "EncryptedPackage"]),
      "encrypted",
      /^locked\.xlsx is password-protected; save an unprotected copy/,
    ],
    [
      "a bare OLE header named .xlsx",
      "locked2.xlsx",
      async () => oleFile([]),
      "encrypted",
      /is password-protected/,
    ],
    [
      "a legacy .xls",
      "old.xls",
      async () => oleFile(["Workbook", "SummaryInformation"]),
      "legacy-xls",
      /old\.xls is an old Excel 97-2003 workbook \(\.xls\)/,
    ],
    ["a bare OLE header named .xls", "old2.xls", async () => oleFile([]), "legacy-xls", /\.xls\)/],
    [
      "a truncated zip",
      "cut.xlsx",
      async () => council.slice(0, Math.floor(council.length / 2)),
      "corrupt",
      /^cut\.xlsx is damaged/,
    ],
  ];

  it.each(cases)("refuses %s", async (_label, name, make, reason, message) => {
    const bytes = await make();
    const before = sha(bytes);
    const err = await readWorkbookFile(bytes, name).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkbookReadError);
    expect((err as WorkbookReadError).reason).toBe(reason);
    expect((err as WorkbookReadError).message).toMatch(message);
    expect((err as WorkbookReadError).message).not.toContain("\n");
    expect(sha(bytes)).toBe(before);
  });

  it("refuses a workbook whose parts cannot be parsed", async () => {
    const broken = await JSZip.loadAsync(council);
    broken.file("xl/workbook.xml", "<workbook><sheets><sheet name=");
    const bytes = await broken.generateAsync({ type: "uint8array" });
    await expect(readWorkbookFile(bytes, "broken.xlsx")).rejects.toMatchObject({
      reason: "corrupt",
      name: "WorkbookReadError",
    });
  });
});
