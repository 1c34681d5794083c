/**
 * The reader's quick paths (issue 12, item 1): tags read by hand instead of by pattern, a cell's
 * attributes read in one pass, plain cell references read without parseCellRef. They must read
 * exactly what the patterns read, so these tests compare the reader against independent sources:
 * the generator's own values for a council workbook with other-data sheets, ExcelJS's reading of
 * the samples, and the scanner's events for a document fed whole against the same fed a character
 * at a time (every tag cut at every place, where the hand-reading gives way to the pattern).
 */
import { readFileSync } from "fs";
import path from "path";
import ExcelJS from "exceljs";
import { serialFromDate } from "../../src/core/dates";
import type { SnapshotValue } from "../../src/sources/snapshot";
import { WorkbookReadError, readWorkbookFile } from "../../src/workbook/xlsx/read";
import { XmlScanError, XmlScanner, eachAttr, type XmlScanHandler } from "../../src/workbook/xlsx/xml-scan";
import { addOtherSheets, otherCell, otherSheetName, OTHER_COLS } from "../workbook-office/workbooks";
import { sheetXml, xlsxOf } from "./xlsx-package";

const SAMPLES = path.join(__dirname, "../../samples");
const DAY_MS = 86_400_000;

function at(cells: readonly (readonly SnapshotValue[])[], row: number, col: number): SnapshotValue {
  return cells[row]?.[col] ?? null;
}

describe("other-data sheets (3,000 × 20 in the benchmark; fewer rows here)", () => {
  it("reads every value and every formula's cached result the generator wrote", async () => {
    const rows = 400;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Front").getCell("A1").value = "Budget";
    addOtherSheets(wb, 3, rows);
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const snapshot = await readWorkbookFile(bytes, "ledger.xlsx");
    expect(snapshot.sheets.map((s) => s.name)).toEqual(["Front", ...[0, 1, 2].map(otherSheetName)]);
    for (let s = 0; s < 3; s++) {
      const sheet = snapshot.sheets[s + 1];
      expect(sheet.cells).toHaveLength(rows + 1);
      for (let r = 0; r <= rows; r++) {
        expect(sheet.cells[r]).toHaveLength(OTHER_COLS);
        for (let c = 0; c < OTHER_COLS; c++) {
          if (sheet.cells[r][c] !== otherCell(s, r, c).value)
            throw new Error(`${sheet.name} row ${r} col ${c}: ${String(sheet.cells[r][c])}`);
        }
      }
    }
  });
});

/** What ExcelJS says a cell shows, as the snapshot holds it (dates as serials, errors as null). */
function shownByExcelJs(cell: ExcelJS.Cell): SnapshotValue {
  if (cell.type === ExcelJS.ValueType.Merge) return null;
  let v = cell.value as unknown;
  if (v && typeof v === "object" && "formula" in v) v = cell.result;
  if (v && typeof v === "object" && "sharedFormula" in v) v = cell.result;
  if (v instanceof Date) {
    return (
      serialFromDate(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate())! +
      (v.getTime() % DAY_MS) / DAY_MS
    );
  }
  if (v && typeof v === "object") {
    if ("error" in v) return null;
    if ("richText" in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join("");
    if ("text" in v) return String((v as { text: unknown }).text);
  }
  if (v === undefined || v === null || v === "") return null;
  return v as SnapshotValue;
}

describe.each([
  "council-sample.xlsx",
  "council-large.xlsx",
  "layout-a.xlsx",
  "layout-b.xlsx",
  "layout-c.xlsx",
])("samples/%s", (file) => {
  it("reads the value of every cell ExcelJS reads, and no other", async () => {
    const bytes = readFileSync(path.join(SAMPLES, file));
    const snapshot = await readWorkbookFile(bytes, file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    let compared = 0;
    for (const ws of wb.worksheets) {
      const sheet = snapshot.sheets.find((s) => s.name === ws.name);
      expect(sheet).toBeDefined();
      let theirs = 0;
      ws.eachRow({ includeEmpty: false }, (row, r) => {
        row.eachCell({ includeEmpty: false }, (cell, c) => {
          const expected = shownByExcelJs(cell);
          if (expected === null) return;
          theirs++;
          const ours = at(sheet!.cells, r - 1, c - 1);
          if (ours !== expected)
            throw new Error(`${ws.name}!${cell.address}: ${String(ours)} ≠ ${String(expected)}`);
        });
      });
      const ourCount = sheet!.cells.reduce((n, row) => n + row.filter((v) => v !== null).length, 0);
      expect(ourCount).toBe(theirs);
      compared += theirs;
    }
    expect(compared).toBeGreaterThan(100);
  });
});

/** Records every event, joining runs of text, so two scans can be compared. */
class Recorder implements XmlScanHandler {
  readonly wantText = true;
  readonly events: string[] = [];
  private text_ = "";
  private flush(): void {
    if (this.text_ !== "") this.events.push(`text ${this.text_}`);
    this.text_ = "";
  }
  open(name: string, attrs: string, selfClosing: boolean): void {
    this.flush();
    this.events.push(`open ${name} [${attrs}] ${selfClosing}`);
  }
  close(name: string): void {
    this.flush();
    this.events.push(`close ${name}`);
  }
  text(text: string): void {
    this.text_ += text;
  }
}

function scan(xml: string, pieceSize: number): string[] {
  const recorder = new Recorder();
  const scanner = new XmlScanner(recorder);
  for (let i = 0; i < xml.length; i += pieceSize) scanner.write(xml.slice(i, i + pieceSize));
  scanner.end();
  return recorder.events;
}

function scanError(xml: string, pieceSize: number): string {
  try {
    scan(xml, pieceSize);
  } catch (e) {
    expect(e).toBeInstanceOf(XmlScanError);
    return (e as Error).message;
  }
  throw new Error("the scan did not fail");
}

describe("the XML scanner's hand-read tags", () => {
  const doc =
    '<?xml version="1.0"?>\n<x:worksheet xmlns:x="urn:x"><x:sheetData>' +
    '<x:row r="1" spans="1:3"><x:c r="A1" t="s"><x:v>0</x:v></x:c>' +
    "<x:c r='B1'  t = 'str' ><x:f>A1&amp;\"&gt;\"</x:f><x:v>a&lt;b</x:v></x:c>" +
    '<x:c\n r="C1"\ts="3"/><x:c r="D1" x:note="a > b"><x:v>2</x:v></x:c></x:row>' +
    "<x:row/></x:sheetData><!-- a comment --><x:ext><![CDATA[<not a tag>]]></x:ext></x:worksheet>";

  it("reports the tags, attributes and text a pattern reads", () => {
    expect(scan(doc, doc.length)).toEqual([
      'open worksheet [ xmlns:x="urn:x"] false',
      "open sheetData [] false",
      'open row [ r="1" spans="1:3"] false',
      'open c [ r="A1" t="s"] false',
      "open v [] false",
      "text 0",
      "close v",
      "close c",
      "open c [ r='B1'  t = 'str'] false",
      "open f [] false",
      'text A1&">"',
      "close f",
      "open v [] false",
      "text a<b",
      "close v",
      "close c",
      'open c [\n r="C1"\ts="3"] true',
      "close c",
      'open c [ r="D1" x:note="a > b"] false',
      "open v [] false",
      "text 2",
      "close v",
      "close c",
      "close row",
      "open row [] true",
      "close row",
      "close sheetData",
      "open ext [] false",
      "text <not a tag>",
      "close ext",
      "close worksheet",
    ]);
  });

  it("reports the same events however the text is cut into pieces", () => {
    const whole = scan(doc, doc.length);
    for (const size of [1, 2, 3, 5, 7, 13]) expect(scan(doc, size)).toEqual(whole);
  });

  it.each([
    ['<a><c r="A1"t="s"/></a>', "a start tag is not well formed"],
    ["<a><c r=A1/></a>", "a start tag is not well formed"],
    ['<a><c r="A1/></a>', "a start tag is not well formed"],
    ["<a><1c/></a>", "a start tag is not well formed"],
    ["<a><c></d></a>", "</d> closes <c>"],
    ["<a></a b>", "an end tag is not well formed"],
  ])("refuses %s, cut into any pieces", (xml, message) => {
    for (const size of [xml.length, 1, 3]) expect(scanError(xml, size)).toBe(message);
  });

  it("reads each attribute once, never one written inside another's value", () => {
    const seen: [string, string][] = [];
    eachAttr(` x:note='see r="Z9"' r="B2"\n t = 'n'`, (name, raw) => seen.push([name, raw]));
    expect(seen).toEqual([
      ["x:note", 'see r="Z9"'],
      ["r", "B2"],
      ["t", "n"],
    ]);
  });
});

describe("cells whose tags are written unusually", () => {
  it("reads references in lower case, with $ signs, and attributes in any order and quoting", async () => {
    const bytes = await xlsxOf(
      [
        {
          name: "S",
          xml: sheetXml(
            `<row r="1"><c t='s' r='a1'><v>0</v></c><c s="0" r="$B$1"><v>5</v></c>` +
              `<c x:note='r="Z9"' r="C1" xmlns:x="urn:x"><v>7</v></c><c><v>8</v></c></row>`,
          ),
        },
      ],
      { sharedStrings: ["Budget"] },
    );
    const snapshot = await readWorkbookFile(bytes, "odd.xlsx");
    expect(snapshot.sheets[0].cells).toEqual([["Budget", 5, 7, 8]]);
  });

  it("still refuses a reference outside the sheet", async () => {
    for (const ref of ["XFE1", "A1048577", "A0", "1A"]) {
      const bytes = await xlsxOf([
        { name: "S", xml: sheetXml(`<row r="1"><c r="${ref}"><v>1</v></c></row>`) },
      ]);
      const e = await readWorkbookFile(bytes, "bad.xlsx").then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(WorkbookReadError);
      expect((e as WorkbookReadError).message).toContain(
        `has a cell "${ref}" that is not a cell of the sheet`,
      );
    }
  });
});
