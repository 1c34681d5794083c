/**
 * The fast path of the xlsx writer: cells rendered straight into `<sheetData>` with shared
 * strings, the zip written with the platform's deflate (Node's zlib in pieces, the browsers'
 * CompressionStream), and JSZip as the fallback; every way gives the same workbook.
 */
import JSZip from "jszip";
import { InternalError } from "../../src/core/errors";
import { NumFmt, type CellSpec, type SheetSpec } from "../../src/papers/spec";
import {
  SharedStrings,
  escapeCellText,
  renderSheetData,
  replaceSheetData,
  sheetDataPieces,
  sheetDimension,
  splitAtSheetData,
  styleKey,
  styleKeysOf,
} from "../../src/workbook/xlsx/sheet-data";
import { writePapersWorkbook } from "../../src/workbook/xlsx/write";
import * as zipWriter from "../../src/workbook/xlsx/zip-writer";
import {
  fromGzip,
  nodeDeflate,
  streamDeflate,
  zipFile,
  type Deflate,
} from "../../src/workbook/xlsx/zip-writer";
import { parseXml } from "../../src/workbook/xlsx/xml";
import { readBack } from "../helpers/xlsx-read";
import { fixtureSpecs } from "./fixture-specs";

const PROPS = { title: "Papers", created: new Date(Date.UTC(2026, 2, 1, 9, 30)) };

const sheet = (cells: (CellSpec | null)[][], extra: Partial<SheetSpec> = {}): SheetSpec => ({
  name: "Sheet",
  kind: "paper",
  id: "sheet",
  cells,
  tables: [],
  charts: [],
  columnWidths: [],
  print: { orientation: "portrait", paperSize: "A4", fitToWidth: 1, footer: "Sheet" },
  freezeRows: 0,
  ...extra,
});

describe("escapeCellText", () => {
  it("escapes &, < and > and drops characters XML cannot hold", () => {
    expect(escapeCellText("R&D <draft> \"quoted\" 'x'")).toBe("R&amp;D &lt;draft&gt; \"quoted\" 'x'");
    expect(escapeCellText("a\u0001b\u000Bc\uFFFEd\te\nf")).toBe("abcd\te\nf");
    const plain = "No change";
    expect(escapeCellText(plain)).toBe(plain);
  });
});

describe("renderSheetData", () => {
  const ids = new Map([
    ["body", 1],
    [`body|${NumFmt.pounds}`, 2],
    ["header", 3],
    ["total", 0],
  ]);

  it("writes each kind of cell the way ExcelJS does", () => {
    const strings = new SharedStrings();
    const xml = renderSheetData(
      sheet([
        [
          { value: "School" },
          { value: 1250.5, numFmt: NumFmt.pounds },
          { value: true },
          null,
          { value: null },
        ],
        [
          { value: 69169477, formula: "ROUND(C7*(1+$B$4),0)" },
          { value: "Gains", formula: '=IF(J5>0,"Gains","Loses")' },
          { value: false, formula: "D7<0" },
          { value: null, formula: "NA()" },
          { value: "School", style: "total" },
        ],
      ]),
      ids,
      strings,
    );
    expect(xml).toBe(
      "<sheetData>" +
        '<row r="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="2"><v>1250.5</v></c>' +
        '<c r="C1" s="1" t="b"><v>1</v></c><c r="E1" s="1"/></row>' +
        '<row r="2"><c r="A2" s="1"><f>ROUND(C7*(1+$B$4),0)</f><v>69169477</v></c>' +
        '<c r="B2" s="1" t="str"><f>IF(J5&gt;0,"Gains","Loses")</f><v>Gains</v></c>' +
        '<c r="C2" s="1" t="b"><f>D7&lt;0</f><v>0</v></c>' +
        '<c r="D2" s="1"><f>NA()</f></c>' +
        '<c r="E2" t="s"><v>0</v></c></row>' +
        "</sheetData>",
    );
    expect(strings.size).toBe(1);
  });

  it("gives rows their heights, skips empty rows and says the range used", () => {
    const spec = sheet([[], [null, null, { value: "Title", style: "header" }], [null], [{ value: 1 }]]);
    const xml = renderSheetData(spec, ids, new SharedStrings(), (row) => (row.length === 3 ? 29 : undefined));
    expect(xml).toBe(
      '<sheetData><row r="2" ht="29" customHeight="1"><c r="C2" s="3" t="s"><v>0</v></c></row>' +
        '<row r="4"><c r="A4" s="1"><v>1</v></c></row></sheetData>',
    );
    expect(sheetDimension(spec)).toBe("A2:C4");
    expect(sheetDimension(sheet([[null]]))).toBeUndefined();
    expect(renderSheetData(sheet([[null]]), ids, new SharedStrings())).toBe("<sheetData/>");
  });

  it("comes in pieces that join to the whole", () => {
    const spec = sheet(Array.from({ length: 500 }, (_, r) => [{ value: `Row ${r}` }, { value: r }]));
    const pieces = [...sheetDataPieces(spec, ids, new SharedStrings(), () => undefined, 1000)];
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join("")).toBe(renderSheetData(spec, ids, new SharedStrings()));
    expect(() => parseXml(pieces.join(""))).not.toThrow();
  });

  it("refuses a style nobody registered", () => {
    expect(() => renderSheetData(sheet([[{ value: 1, style: "note" }]]), ids, new SharedStrings())).toThrow(
      /No cell format registered for style note/,
    );
  });
});

describe("style keys and shared strings", () => {
  it("lists each (style, number format) pair once, in order of first use", () => {
    const spec = sheet([
      [{ value: 1 }, { value: 2, numFmt: NumFmt.pounds }, { value: 3, style: "body" }],
      [
        { value: "x", style: "header" },
        { value: 4, numFmt: NumFmt.pounds },
        { value: 5, style: "total" },
      ],
    ]);
    expect(styleKeysOf([spec, spec])).toEqual(["body", `body|${NumFmt.pounds}`, "header", "total"]);
    expect(styleKey({ value: 1, style: "total", numFmt: "0|0" })).toBe("total|0|0");
  });

  it("counts references and keeps spaces and line breaks", () => {
    const strings = new SharedStrings();
    expect([strings.add("a"), strings.add(" b"), strings.add("a"), strings.add("c\nd & e")]).toEqual([
      0, 1, 0, 2,
    ]);
    const xml = strings.render();
    expect(xml).toContain('count="4" uniqueCount="3"');
    expect(xml).toContain('<si><t>a</t></si><si><t xml:space="preserve"> b</t></si>');
    expect(xml).toContain('<si><t xml:space="preserve">c\nd &amp; e</t></si>');
    expect(() => parseXml(xml)).not.toThrow();
  });
});

describe("splitAtSheetData", () => {
  it("cuts around an empty or a full sheetData, and only one", () => {
    const empty = "<worksheet><dimension/><sheetData/><pageMargins/></worksheet>";
    expect(splitAtSheetData(empty)).toEqual({
      before: "<worksheet><dimension/>",
      after: "<pageMargins/></worksheet>",
    });
    const full = '<worksheet><sheetData><row r="1"/></sheetData><tableParts/></worksheet>';
    expect(replaceSheetData(full, "<sheetData>X</sheetData>")).toBe(
      "<worksheet><sheetData>X</sheetData><tableParts/></worksheet>",
    );
    expect(() => splitAtSheetData("<worksheet/>")).toThrow();
    expect(() => splitAtSheetData("<worksheet><sheetData/><sheetData/></worksheet>")).toThrow();
  });
});

describe("zip writer", () => {
  const text = (n: number): string =>
    Array.from({ length: n }, (_, i) => `<row r="${i}"><c><v>${(i * 7919) % 1000}</v></c></row>`).join("");

  it.each<[string, Deflate | undefined]>([
    ["Node's zlib", nodeDeflate()],
    ["CompressionStream", streamDeflate()],
  ])("writes a zip JSZip reads back with matching CRC-32s (%s)", async (_label, deflate) => {
    expect(deflate).toBeDefined();
    const encoder = new TextEncoder();
    const big = text(20_000);
    const parts = { "[Content_Types].xml": "<Types/>", "xl/worksheets/sheet1.xml": big, "xl/empty.xml": "" };
    const entries = await Promise.all(
      Object.entries(parts).map(async ([name, content]) => {
        const d = deflate!();
        // Written in pieces, as the writer does for a large sheet.
        for (let i = 0; i < content.length; i += 50_000)
          d.write(encoder.encode(content.slice(i, i + 50_000)));
        return { name, part: await d.end() };
      }),
    );
    const bytes = zipFile(entries, new Date(2026, 2, 1, 9, 30, 12));
    const zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
    expect(Object.keys(zip.files)).toEqual(Object.keys(parts));
    for (const [name, content] of Object.entries(parts))
      expect(await zip.file(name)!.async("string")).toBe(content);
    expect(zip.file("xl/worksheets/sheet1.xml")!.date.getMinutes()).toBe(30);
    expect(bytes.length).toBeLessThan(big.length / 4);
  });

  it("takes a gzip member apart, header fields included", () => {
    // gzip of "hi" with FNAME "a": header, name, deflate data, CRC-32, length.
    const gz = Uint8Array.of(
      0x1f,
      0x8b,
      8,
      8,
      0,
      0,
      0,
      0,
      0,
      3,
      0x61,
      0,
      0xcb,
      0xc8,
      0x04,
      0x00,
      0xac,
      0x2a,
      0x93,
      0xd8,
      2,
      0,
      0,
      0,
    );
    const part = fromGzip(gz);
    expect(Array.from(part.data)).toEqual([0xcb, 0xc8, 0x04, 0x00]);
    expect(part.crc32).toBe(0xd8932aac);
    expect(part.size).toBe(2);
    expect(() => fromGzip(Uint8Array.of(1, 2, 3))).toThrow();
  });
});

describe("writePapersWorkbook with each deflate", () => {
  const specs = fixtureSpecs();

  it.each<[string, () => Deflate | undefined]>([
    ["CompressionStream (browsers)", () => streamDeflate()],
    ["JSZip (no native deflate)", () => undefined],
  ])("gives the same cells with %s as with Node's zlib", async (_label, deflate) => {
    const expected = await readBack(await writePapersWorkbook(specs, PROPS));
    const spy = jest.spyOn(zipWriter, "nativeDeflate").mockImplementation(deflate);
    try {
      const bytes = await writePapersWorkbook(specs, PROPS);
      expect(spy).toHaveBeenCalled();
      const zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
      expect(zip.file("xl/sharedStrings.xml")).not.toBeNull();
      expect(await readBack(bytes)).toEqual(expected);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("validation of large and overlapping specs", () => {
  it("names the first cell two tables share", async () => {
    const cells = Array.from({ length: 8 }, (_, r) =>
      Array.from({ length: 4 }, (_, c): CellSpec => ({ value: r === 0 || r === 3 ? `H${r}${c}` : c })),
    );
    const table = (name: string, headerRow: number, firstCol: number) => ({
      name,
      headerRow,
      firstCol,
      columnCount: 2,
      dataRowCount: 3,
      totalsRow: false,
      altText: name,
    });
    const spec = sheet(cells, { tables: [table("Left", 0, 0), table("Right", 3, 1)] });
    await expect(writePapersWorkbook([spec], PROPS)).rejects.toThrow(
      new InternalError('Sheet "Sheet": tables Left and Right overlap at B4'),
    );
  });

  it("names the cell whose number cannot be written", async () => {
    const spec = sheet([[{ value: 1 }], [{ value: 2 }, { value: Number.POSITIVE_INFINITY }]]);
    await expect(writePapersWorkbook([spec], PROPS)).rejects.toThrow('Sheet "Sheet"!B2: Infinity is not');
  });
});
