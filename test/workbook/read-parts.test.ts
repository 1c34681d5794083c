/**
 * The reader's building blocks: the streaming XML scan (whatever the piece boundaries), the zip
 * directory's declared sizes, date-format detection, and what the sheet reader makes of cells
 * ExcelJS does not write (1904 dates, ISO dates, inline and rich text, hidden column ranges).
 */
import JSZip from "jszip";
import { serialFromDate } from "../../src/core/dates";
import { isDateFormatCode } from "../../src/workbook/xlsx/number-formats";
import { readWorkbookFile } from "../../src/workbook/xlsx/read";
import { XmlScanError, XmlScanner, attr, type XmlScanHandler } from "../../src/workbook/xlsx/xml-scan";
import { declaredSizes } from "../../src/workbook/xlsx/zip-directory";
import { sheetXml, xlsxOf } from "./xlsx-package";

/** Every event as a line, text runs joined. */
function events(pieces: readonly string[]): string[] {
  const out: string[] = [];
  let text = "";
  const flush = (): void => {
    if (text !== "") out.push(`text ${JSON.stringify(text)}`);
    text = "";
  };
  const handler: XmlScanHandler = {
    wantText: true,
    open: (name, attrs, selfClosing) => {
      flush();
      out.push(`open ${name} ${JSON.stringify(attrs.trim())}${selfClosing ? " /" : ""}`);
    },
    close: (name) => {
      flush();
      out.push(`close ${name}`);
    },
    text: (t) => {
      text += t;
    },
  };
  const scanner = new XmlScanner(handler);
  for (const p of pieces) scanner.write(p);
  scanner.end();
  flush();
  return out;
}

const DOC =
  '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment with <tags> -->' +
  '<x:root xmlns:x="urn:x"><a href="p>q" b=\'it&apos;s\'>R&amp;D &lt;1&gt; &#163;5 &#x20AC;</a>' +
  "<empty/><c><![CDATA[<raw> & text]]></c>tail</x:root>";

describe("XmlScanner", () => {
  const whole = events([DOC]);

  it("reports tags without prefixes, raw attributes, and decoded text", () => {
    expect(whole).toEqual([
      'open root "xmlns:x=\\"urn:x\\""',
      'open a "href=\\"p>q\\" b=\'it&apos;s\'"',
      'text "R&D <1> £5 €"',
      "close a",
      'open empty "" /',
      "close empty",
      'open c ""',
      'text "<raw> & text"',
      "close c",
      'text "tail"',
      "close root",
    ]);
  });

  it("gives the same events for the document cut at every position", () => {
    for (let at = 1; at < DOC.length; at++) expect(events([DOC.slice(0, at), DOC.slice(at)])).toEqual(whole);
  });

  it("gives the same events fed one character at a time", () => {
    expect(events([...DOC])).toEqual(whole);
  });

  it("refuses what is not well formed", () => {
    expect(() => events(["<a><b></a>"])).toThrow(XmlScanError);
    expect(() => events(["<a>"])).toThrow(/ends before <a> is closed/);
    expect(() => events(["<a/><b/>"])).toThrow(/two root elements/);
    expect(() => events(["<a b=c/>"])).toThrow(/start tag is not well formed/);
    expect(() => events(["just text"])).toThrow(/no XML elements/);
  });

  it("keeps an out-of-range character reference as written instead of failing", () => {
    expect(events(["<a>&#99999999;&#x110000;</a>"])).toEqual([
      'open a ""',
      'text "&#99999999;&#x110000;"',
      "close a",
    ]);
  });

  it("reads one attribute from raw attribute text", () => {
    expect(attr(' r="B7" s="3" t="s"', "s")).toBe("3");
    expect(attr(' xr:r="9" r="B7"', "r")).toBe("B7");
    expect(attr(" formatCode='&quot;£&quot;#,##0'", "formatCode")).toBe('"£"#,##0');
    expect(attr(' r="B7"', "t")).toBeUndefined();
  });
});

describe("declaredSizes", () => {
  it("gives each entry's uncompressed size from the central directory", async () => {
    const zip = new JSZip();
    zip.file("a.xml", "x".repeat(12_345));
    zip.file("dir/b.xml", "");
    const bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    const sizes = declaredSizes(bytes);
    expect(sizes.get("a.xml")).toBe(12_345);
    expect(sizes.get("dir/b.xml")).toBe(0);
  });

  it("gives nothing for bytes that are not a zip", () => {
    expect(declaredSizes(new Uint8Array(100)).size).toBe(0);
  });
});

describe("isDateFormatCode", () => {
  it.each([
    ["dd/mm/yyyy", true],
    ["d-mmm-yy", true],
    ["[$-809]dd mmmm yyyy", true],
    ["h:mm AM/PM", true],
    ["[h]:mm:ss", true],
    ["General", false],
    ["#,##0.00", false],
    ['#,##0 "days"', false],
    ["[Red]#,##0;[Blue]-#,##0", false],
    ["0.0\\s", false],
    ['_-"£"* #,##0_-', false],
  ])("%s → %s", (code, expected) => {
    expect(isDateFormatCode(code)).toBe(expected);
  });
});

describe("sheet reading", () => {
  it("reads booleans, formula text, inline and rich text, and numbers by style", async () => {
    const rows =
      '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>' +
      '<row r="2"><c r="A2" t="inlineStr"><is><r><t>Special </t></r><r><t>schools</t></r></is></c><c r="B2" t="s"><v>0</v></c></row>' +
      '<row r="3"><c r="A3" s="1"><v>45901</v></c><c r="B3" s="2"><v>45901.5</v></c><c r="C3" s="3"><v>12.5</v></c></row>' +
      '<row r="4"><c><v>1</v></c><c><v>2</v></c><c r="E4"><v>5</v></c><c><v>6</v></c></row>';
    const strings = ['<r><t>Top</t></r><r><t>-up</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh>'];
    const bytes = await xlsxOf([{ name: "S", xml: sheetXml(rows) }], {
      sharedStrings: strings,
      xfNumFmts: [0, 14, 22, 4],
    });
    const sheet = (await readWorkbookFile(bytes, "s.xlsx")).sheets[0];
    expect(sheet.cells).toEqual([
      [true, false, "ab"],
      ["Special schools", "Top-up"],
      [45901, 45901.5, 12.5],
      [1, 2, null, null, 5, 6],
    ]);
    expect([...(sheet.dateCells ?? [])].sort()).toEqual(["2,0", "2,1"]);
  });

  it("moves 1904-system dates to the 1900 system, and reads ISO date cells", async () => {
    const rows =
      '<row r="1"><c r="A1" s="1"><v>44439</v></c><c r="B1" s="0"><v>44439</v></c><c r="C1" t="d"><v>2025-09-01T12:00:00</v></c></row>';
    const bytes = await xlsxOf([{ name: "D", xml: sheetXml(rows) }], {
      xfNumFmts: [0, 14],
      workbookPr: '<workbookPr date1904="1"/>',
    });
    const sheet = (await readWorkbookFile(bytes, "d.xlsx")).sheets[0];
    // 44439 days after 1 Jan 1904 is 1 Sep 2025; the plain number in B1 is left alone.
    expect(sheet.cells).toEqual([[serialFromDate(2025, 9, 1)!, 44439, serialFromDate(2025, 9, 1)! + 0.5]]);
    expect([...(sheet.dateCells ?? [])].sort()).toEqual(["0,0", "0,2"]);
  });

  it("lists hidden columns from a range only within the used width, and hidden rows within the used rows", async () => {
    const rows =
      '<row r="1"><c r="A1"><v>1</v></c><c r="D1"><v>4</v></c></row>' +
      '<row r="2" hidden="1"><c r="A2"><v>2</v></c></row>' +
      '<row r="90" hidden="1" s="1" customFormat="1"/>';
    const xml = sheetXml(rows).replace(
      "<sheetData>",
      '<cols><col min="2" max="16384" hidden="1" width="0"/></cols><sheetData>',
    );
    const sheet = (await readWorkbookFile(await xlsxOf([{ name: "H", xml }]), "h.xlsx")).sheets[0];
    expect(sheet.cells).toEqual([[1, null, null, 4], [2]]);
    expect(sheet.hiddenColumns).toEqual([1, 2, 3]);
    expect(sheet.hiddenRows).toEqual([1]);
  });

  it("empties cells merged ranges cover, however tall the ranges", async () => {
    let rows = "";
    for (let r = 1; r <= 50; r++)
      rows += `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}"><v>${-r}</v></c><c r="C${r}"><v>0</v></c></row>`;
    const merges =
      '<mergeCells count="2"><mergeCell ref="B1:B1048576"/><mergeCell ref="C2:D3"/></mergeCells>';
    const sheet = (
      await readWorkbookFile(await xlsxOf([{ name: "M", xml: sheetXml(rows, merges) }]), "m.xlsx")
    ).sheets[0];
    expect(sheet.cells[0]).toEqual([1, -1, 0]);
    expect(sheet.cells[1]).toEqual([2, null, 0]);
    expect(sheet.cells[2]).toEqual([3]);
    expect(sheet.cells[49]).toEqual([50, null, 0]);
    expect(sheet.merges).toEqual([
      { top: 0, left: 1, bottom: 1_048_575, right: 1 },
      { top: 1, left: 2, bottom: 2, right: 3 },
    ]);
  });

  it("says overlapping merged ranges make the file damaged", async () => {
    const rows = '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row>';
    const merges = '<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="B1:C1"/></mergeCells>';
    await expect(
      readWorkbookFile(await xlsxOf([{ name: "M", xml: sheetXml(rows, merges) }]), "m.xlsx"),
    ).rejects.toMatchObject({
      reason: "corrupt",
      message: expect.stringMatching(/^m\.xlsx is damaged: sheet 'M' has merged ranges that overlap/),
    });
  });

  it.each([
    [
      '<row r="99999999999"><c><v>1</v></c></row>',
      /a row numbered 99999999999, outside Excel's 1,048,576 rows/,
    ],
    ['<row r="1"><c r="A1048577"><v>1</v></c></row>', /a cell "A1048577" that is not a cell of the sheet/],
    [`<row r="1"><c r="XFD1"><v>1</v></c><c><v>2</v></c></row>`, /a cell past column XFD/],
  ])("says a cell outside the sheet makes the file damaged: %s", async (rows, message) => {
    await expect(
      readWorkbookFile(await xlsxOf([{ name: "Far", xml: sheetXml(rows) }]), "far.xlsx"),
    ).rejects.toMatchObject({
      reason: "corrupt",
      message: expect.stringMatching(message),
    });
  });

  it("leaves out chart sheets", async () => {
    const bytes = await xlsxOf([{ name: "Data", xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>') }]);
    const zip = await JSZip.loadAsync(bytes);
    const rels = (await zip.file("xl/_rels/workbook.xml.rels")!.async("string")).replace(
      "</Relationships>",
      '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>',
    );
    zip.file("xl/_rels/workbook.xml.rels", rels);
    const wb = (await zip.file("xl/workbook.xml")!.async("string")).replace(
      "</sheets>",
      '<sheet name="Chart" sheetId="9" r:id="rId9"/></sheets>',
    );
    zip.file("xl/workbook.xml", wb);
    const snap = await readWorkbookFile(await zip.generateAsync({ type: "uint8array" }), "c.xlsx");
    expect(snap.sheets.map((s) => s.name)).toEqual(["Data"]);
  });
});
