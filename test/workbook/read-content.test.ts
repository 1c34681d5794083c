/**
 * What readWorkbookFile says about a workbook's content (issue 7, item 5): a sheet part the
 * workbook lists but the zip lacks is a damaged file naming the part; error values are kept in
 * errorCells (and reach a skipped row's reason); text over Excel's 32,767-character limit is
 * shortened with a warning naming the cell; password-protected .xls and .xlsx say so.
 */
import { readFileSync } from "fs";
import path from "path";
import ExcelJS from "exceljs";
import { readDatasets } from "../../src/sources";
import { biffIsEncrypted, cfbStreams } from "../../src/workbook/xlsx/cfb";
import { WorkbookReadError, readWorkbookFile } from "../../src/workbook/xlsx/read";
import { esc, sheetXml, xlsxOf } from "./xlsx-package";

async function refusal(promise: Promise<unknown>): Promise<WorkbookReadError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkbookReadError);
  expect((err as Error).message).not.toContain("\n");
  return err as WorkbookReadError;
}

describe("a package that lacks a part it lists", () => {
  it("says a missing sheet part makes the file damaged, naming the sheet and the part", async () => {
    const bytes = await xlsxOf([
      { name: "Budget", xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>') },
      { name: "Register", xml: undefined },
    ]);
    const e = await refusal(readWorkbookFile(bytes, "cut.xlsx"));
    expect(e.reason).toBe("corrupt");
    expect(e.message).toBe(
      "cut.xlsx is damaged: its workbook lists the sheet 'Register' in the part xl/worksheets/sheet2.xml, which is missing from the file; open it in Excel and save it again (or use an earlier copy) and retry",
    );
  });

  it("says so for a missing shared-strings part", async () => {
    const bytes = await xlsxOf(
      [{ name: "S", xml: sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') }],
      {
        sharedStringsMissing: true,
      },
    );
    const e = await refusal(readWorkbookFile(bytes, "s.xlsx"));
    expect(e.reason).toBe("corrupt");
    expect(e.message).toMatch(
      /^s\.xlsx is damaged: its workbook lists its shared text \(xl\/sharedStrings\.xml\), which is missing from the file/,
    );
  });

  it("says a cell pointing past the shared texts makes the file damaged, naming the cell", async () => {
    const bytes = await xlsxOf(
      [{ name: "S", xml: sheetXml('<row r="3"><c r="B3" t="s"><v>7</v></c></row>') }],
      {
        sharedStrings: ["only one"],
      },
    );
    const e = await refusal(readWorkbookFile(bytes, "s.xlsx"));
    expect(e.reason).toBe("corrupt");
    expect(e.message).toMatch(
      /cell B3 of sheet 'S' refers to shared text number 7, which the file does not hold/,
    );
  });

  it("keeps a parser's words out of the message and in the detail", async () => {
    const bytes = await xlsxOf([{ name: "Bad", xml: "<worksheet><sheetData><row></sheetData></worksheet>" }]);
    const e = await refusal(readWorkbookFile(bytes, "bad.xlsx"));
    expect(e.reason).toBe("corrupt");
    expect(e.message).toBe(
      "bad.xlsx is damaged: its part xl/worksheets/sheet1.xml is not well-formed XML; open it in Excel and save it again (or use an earlier copy) and retry",
    );
    expect(e.detail).toMatch(/^xl\/worksheets\/sheet1\.xml: /);
  });
});

describe("error values", () => {
  it("reads #REF!, #DIV/0! and #N/A as empty, keeping which error each cell shows", async () => {
    const rows =
      '<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="e"><v>#REF!</v></c><c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>' +
      '<row r="2"><c r="A2" t="e"><f>NA()</f><v>#N/A</v></c></row>';
    const snap = await readWorkbookFile(await xlsxOf([{ name: "E", xml: sheetXml(rows) }]), "e.xlsx");
    expect(snap.sheets[0].cells).toEqual([[1]]);
    expect(snap.sheets[0].errorCells).toEqual(
      new Map([
        ["0,1", "#REF!"],
        ["0,2", "#DIV/0!"],
        ["1,0", "#N/A"],
      ]),
    );
  });

  it("names the error in a skipped row's reason, as written by ExcelJS and read back", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Top-up register");
    ws.addRow(["Pupil ref", "School", "Setting", "Current band", "Hours per week", "Start date", "End date"]);
    ws.addRow(["P1", "Oakfield", "Mainstream", "B", 5, 45901, null]);
    ws.addRow(["P2", "Oakfield", "Mainstream", null, 5, 45901, null]);
    ws.getCell("D3").value = { formula: "Bands!Z99", result: { error: "#REF!" } } as ExcelJS.CellFormulaValue;
    ws.addRow(["P3", null, "Mainstream", "A", 5, 45901, null]);
    ws.getCell("B4").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
    ws.addRow(["P4", null, "Mainstream", "A", 5, 45901, null]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const data = readDatasets(await readWorkbookFile(bytes, "register.xlsx"));
    expect(data.skipped.map((s) => [s.source.row, s.code, s.reason])).toEqual([
      [3, "missing", "Current band (cell D3) shows #REF!, and it is required"],
      [4, "missing", "School (cell B4) shows #N/A, and it is required"],
      [5, "missing", "School is empty, and it is required"],
    ]);
  });

  it("drops the error of a cell a merged range covers", async () => {
    const rows =
      '<row r="1"><c r="A1"><v>5</v></c><c r="B1" t="e"><v>#REF!</v></c><c r="C1" t="e"><v>#N/A</v></c></row>';
    const xml = sheetXml(rows, '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>');
    const snap = await readWorkbookFile(await xlsxOf([{ name: "M", xml }]), "m.xlsx");
    expect(snap.sheets[0].cells).toEqual([[5]]);
    expect([...(snap.sheets[0].errorCells ?? new Map())]).toEqual([["0,2", "#N/A"]]);
  });
});

describe("text over Excel's 32,767-character limit", () => {
  it("shortens shared and inline text to the limit and warns naming the sheet and cell", async () => {
    const long = "x".repeat(40_000);
    const rows =
      `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
      `<row r="7"><c r="C7" t="inlineStr"><is><t>${"y".repeat(33_000)}</t></is></c></row>`;
    const bytes = await xlsxOf([{ name: "Notes", xml: sheetXml(rows) }], { sharedStrings: [long, "short"] });
    const snap = await readWorkbookFile(bytes, "long.xlsx");
    const cells = snap.sheets[0].cells;
    expect(cells[0][0]).toBe("x".repeat(32_767));
    expect(cells[0][1]).toBe("short");
    expect(cells[6][2]).toBe("y".repeat(32_767));
    expect(snap.warnings).toEqual([
      {
        sheet: "Notes",
        row: 0,
        col: 0,
        message:
          "'Notes'!A1 holds 40,000 characters, more than Excel's limit of 32,767 for a cell; only the first 32,767 were read.",
      },
      {
        sheet: "Notes",
        row: 6,
        col: 2,
        message:
          "'Notes'!C7 holds 33,000 characters, more than Excel's limit of 32,767 for a cell; only the first 32,767 were read.",
      },
    ]);
  });

  it("does not cut a character in two at the limit", async () => {
    // 32,766 letters then an emoji (two UTF-16 units): the emoji would straddle the limit.
    const text = `${"a".repeat(32_766)}😀tail`;
    const bytes = await xlsxOf([
      {
        name: "E",
        xml: sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>${esc(text)}</t></is></c></row>`),
      },
    ]);
    const snap = await readWorkbookFile(bytes, "e.xlsx");
    expect(snap.sheets[0].cells[0][0]).toBe("a".repeat(32_766));
  });

  it("has no warnings for a workbook within the limits", async () => {
    const bytes = await xlsxOf([
      {
        name: "E",
        xml: sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>${"z".repeat(32_767)}</t></is></c></row>`),
      },
    ]);
    const snap = await readWorkbookFile(bytes, "ok.xlsx");
    expect(snap.sheets[0].cells[0][0]).toHaveLength(32_767);
    expect(snap.warnings).toBeUndefined();
  });
});

describe("password-protected and old workbooks (files saved by LibreOffice)", () => {
  const fixture = (name: string): Uint8Array =>
    new Uint8Array(readFileSync(path.join(__dirname, "fixtures", name)));

  it("says a password-protected .xls is protected, and how to remove the password", async () => {
    const e = await refusal(readWorkbookFile(fixture("password-protected.xls"), "locked.xls"));
    expect(e.reason).toBe("encrypted");
    expect(e.message).toBe(
      "locked.xls is password-protected: remove the password in Excel (File > Info > Protect Workbook) and save it as an Excel Workbook (.xlsx)",
    );
  });

  it("still calls an unprotected .xls an old workbook, whatever it is named", async () => {
    const e = await refusal(readWorkbookFile(fixture("legacy.xls"), "old.xlsx"));
    expect(e.reason).toBe("legacy-xls");
    expect(e.message).toMatch(/^old\.xlsx is an old Excel 97-2003 workbook \(\.xls\)/);
  });

  it("finds the FILEPASS record in the protected file's Workbook stream, and none in the plain one", () => {
    const streams = (name: string) => cfbStreams(fixture(name))!;
    const locked = streams("password-protected.xls").find((s) => s.name === "Workbook")!;
    const plain = streams("legacy.xls").find((s) => s.name === "Workbook")!;
    // BOF (0x0809, 16 bytes) first in both; FILEPASS (0x002F) right after it in the protected one.
    expect([locked.head[0], locked.head[1], plain.head[0], plain.head[1]]).toEqual([0x09, 0x08, 0x09, 0x08]);
    expect([locked.head[20], locked.head[21]]).toEqual([0x2f, 0x00]);
    expect(biffIsEncrypted(locked.head)).toBe(true);
    expect(biffIsEncrypted(plain.head)).toBe(false);
  });

  it("says a compound file with an EncryptionInfo stream (a protected .xlsx) is protected", async () => {
    // The LibreOffice .xls with its Workbook stream renamed EncryptionInfo in the directory: a
    // compound file whose directory lists that stream, as Excel's encrypted .xlsx files do.
    const bytes = fixture("legacy.xls").slice();
    const from = Buffer.from("Workbook", "utf16le");
    const at = Buffer.from(bytes).indexOf(from);
    expect(at).toBeGreaterThan(0);
    const to = Buffer.from("EncryptionInfo\0", "utf16le");
    bytes.set(to, at);
    bytes[at + 0x40] = to.length;
    bytes[at + 0x41] = 0;
    expect(cfbStreams(bytes)!.map((s) => s.name)).toContain("EncryptionInfo");
    const e = await refusal(readWorkbookFile(bytes, "locked.xlsx"));
    expect(e.reason).toBe("encrypted");
    expect(e.message).toMatch(/^locked\.xlsx is password-protected; save an unprotected copy/);
  });
});
