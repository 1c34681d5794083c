/**
 * The reader's two speed paths (issue 12) must not change what it reads:
 *
 * - the inflater (part-stream.ts): Node's zlib, DecompressionStream and JSZip's own inflate give
 *   the same snapshot for every sample and corpus workbook, and the same error (reason and
 *   message) for a part that lies about its size, is cut short or holds bad deflate data;
 * - the whole-cell quick path (SheetScan.element): every worksheet of those workbooks, and
 *   sheets of unusual cells, read the same through it as tag by tag (the scan with the quick path
 *   taken away), whole and fed in small pieces that cut cells in two.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { CellBudget } from "../../src/workbook/xlsx/limits";
import { DateStyles } from "../../src/workbook/xlsx/number-formats";
import { platformInflater, type Inflater } from "../../src/workbook/xlsx/part-stream";
import { WorkbookReadError, readWorkbookFile } from "../../src/workbook/xlsx/read";
import { SharedStringTable } from "../../src/workbook/xlsx/shared-strings-read";
import { SheetContentError, SheetScan, type SheetReadContext } from "../../src/workbook/xlsx/sheet-read";
import { XmlScanner, type XmlScanHandler } from "../../src/workbook/xlsx/xml-scan";
import { generateCorpus } from "../corpus/generate";
import { addOtherSheets } from "../workbook-office/workbooks";
import { sheetXml, withDeclaredSize, xlsxOf } from "./xlsx-package";

const SAMPLES = path.join(__dirname, "../../samples");
const INFLATERS: readonly Inflater[] = ["zlib", "web", "jszip"];

/** The files every comparison runs over: the samples, the corpus and a workbook with other-data sheets. */
const files: { name: string; bytes: Uint8Array }[] = [];
let corpusDir = "";

beforeAll(async () => {
  for (const f of readdirSync(SAMPLES)
    .filter((n) => n.endsWith(".xlsx"))
    .sort())
    files.push({ name: f, bytes: new Uint8Array(readFileSync(path.join(SAMPLES, f))) });
  corpusDir = mkdtempSync(path.join(os.tmpdir(), "forum-papers-inflate-"));
  await generateCorpus(corpusDir);
  for (const f of readdirSync(corpusDir)
    .filter((n) => n.endsWith(".xlsx"))
    .sort())
    files.push({ name: f, bytes: new Uint8Array(readFileSync(path.join(corpusDir, f))) });
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Front").getCell("A1").value = "Budget";
  addOtherSheets(wb, 2, 300);
  files.push({
    name: "other-data.xlsx",
    bytes: new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer),
  });
}, 300_000);

afterAll(() => {
  if (corpusDir) rmSync(corpusDir, { recursive: true, force: true });
});

it("uses Node's zlib here, where it exists", () => {
  expect(platformInflater()).toBe("zlib");
});

describe("the same snapshot whoever inflates", () => {
  it("for every sample and corpus workbook, zlib, DecompressionStream and JSZip agree", async () => {
    expect(files.length).toBeGreaterThan(40);
    for (const { name, bytes } of files) {
      const [first, ...rest] = await Promise.all(
        INFLATERS.map((inflater) => readWorkbookFile(bytes, name, { inflater })),
      );
      expect(first.sheets.length).toBeGreaterThan(0);
      for (const other of rest) expect(other).toEqual(first);
    }
  }, 300_000);

  it("for a stored (not deflated) package too", async () => {
    const bytes = await xlsxOf(
      [{ name: "S", xml: sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2.5</v></c></row>') }],
      { sharedStrings: ["Budget"], compression: "STORE" },
    );
    const reads = await Promise.all(
      INFLATERS.map((inflater) => readWorkbookFile(bytes, "s.xlsx", { inflater })),
    );
    expect(reads[0].sheets[0].cells).toEqual([["Budget", 2.5]]);
    for (const r of reads) expect(r).toEqual(reads[0]);
  });
});

/** Where an entry's deflate data start in a zip and how long they are (from its local header). */
function entryData(zip: Uint8Array, entry: string): { start: number; size: number } {
  const want = new TextEncoder().encode(entry);
  const u16 = (at: number) => zip[at] | (zip[at + 1] << 8);
  const u32 = (at: number) => (u16(at) | (u16(at + 2) << 16)) >>> 0;
  for (let at = 0; at + 30 < zip.length; at++) {
    if (u32(at) !== 0x04034b50) continue;
    const nameLength = u16(at + 26);
    if (nameLength !== want.length || !want.every((b, i) => zip[at + 30 + i] === b)) continue;
    return { start: at + 30 + nameLength + u16(at + 28), size: u32(at + 18) };
  }
  throw new Error(`no local header for ${entry}`);
}

/** The error each inflater gives for `bytes`, as reason + message (the detail names the inflater's words). */
async function errorsOf(bytes: Uint8Array, limits = {}): Promise<string[]> {
  return Promise.all(
    INFLATERS.map((inflater) =>
      readWorkbookFile(bytes, "bad.xlsx", { inflater, limits }).then(
        () => "read",
        (e: unknown) => {
          expect(e).toBeInstanceOf(WorkbookReadError);
          return `${(e as WorkbookReadError).reason}: ${(e as Error).message}`;
        },
      ),
    ),
  );
}

describe("the same error whoever inflates", () => {
  let good: Uint8Array;
  const SHEET = "xl/worksheets/sheet1.xml";
  beforeAll(async () => {
    let rows = "";
    for (let r = 1; r <= 3000; r++)
      rows += `<row r="${r}"><c r="A${r}"><v>${r * 7}</v></c><c r="B${r}"><v>${r}</v></c></row>`;
    good = await xlsxOf([{ name: "Data", xml: sheetXml(rows) }]);
  });

  it("reads the good file with each", async () => {
    expect(await errorsOf(good)).toEqual(["read", "read", "read"]);
  });

  it("a part declaring more than it holds: damaged, for each", async () => {
    const errors = await errorsOf(withDeclaredSize(good, SHEET, 10_000_000));
    expect(errors[0]).toMatch(
      /^corrupt: bad\.xlsx is damaged: its part xl\/worksheets\/sheet1\.xml cannot be decompressed/,
    );
    expect(new Set(errors).size).toBe(1);
  });

  it("a part declaring less than it holds: damaged, or too large past the limit, for each", async () => {
    const liar = withDeclaredSize(good, SHEET, 100);
    const errors = await errorsOf(liar);
    expect(errors[0]).toMatch(/^corrupt: .*cannot be decompressed/);
    expect(new Set(errors).size).toBe(1);
    const limited = await errorsOf(liar, { sheetPartBytes: 16 * 1024 });
    expect(limited[0]).toMatch(
      /^too-large: bad\.xlsx is too large to read: sheet 'Data' .* expands to more than 16 KB/,
    );
    expect(new Set(limited).size).toBe(1);
  });

  it("deflate data cut short or overwritten: damaged, for each", async () => {
    const { start, size } = entryData(good, SHEET);
    const cut = good.slice();
    // The second half of the data zeroed (no longer the deflate stream), and a quarter overwritten.
    cut.fill(0, start + (size >> 1), start + size);
    const garbled = good.slice();
    for (let i = start + (size >> 2); i < start + (size >> 1); i++) garbled[i] = 0xff;
    for (const bad of [cut, garbled]) {
      const errors = await errorsOf(bad);
      expect(errors[0]).toMatch(/^corrupt: bad\.xlsx is damaged: its part xl\/worksheets\/sheet1\.xml/);
      expect(new Set(errors).size).toBe(1);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The whole-cell quick path against the scan tag by tag

function contextFor(sharedStrings: SharedStringTable): SheetReadContext {
  return {
    sharedStrings,
    dateStyles: DateStyles.none,
    date1904: false,
    budget: new CellBudget(),
    warnings: [],
  };
}

/** A SheetScan's fields (or its error), scanning `xml` in pieces of `piece` characters. */
function scanSheet(xml: string, piece: number, quick: boolean, strings: SharedStringTable): unknown {
  const scan = new SheetScan("Data", contextFor(strings));
  // Tag by tag: the same handler without its element method.
  const handler: XmlScanHandler = quick
    ? scan
    : {
        get wantText() {
          return scan.wantText;
        },
        open: (n, a, s) => scan.open(n, a, s),
        close: (n) => scan.close(n),
        text: (t) => scan.text(t),
      };
  const scanner = quick ? scan.scanner : new XmlScanner(handler);
  try {
    for (let i = 0; i < xml.length; i += piece) scanner.write(xml.slice(i, i + piece));
    scanner.end();
    return scan.finish();
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

/** Shared texts enough for any index the test sheets use. */
function manyStrings(n: number): SharedStringTable {
  const t = new SharedStringTable();
  for (let i = 0; i < n; i++) t.add(`text ${i}`, `text ${i}`.length);
  return t;
}

describe("the whole-cell quick path reads what the scan reads tag by tag", () => {
  it("for every worksheet of the sample and corpus workbooks", async () => {
    let sheets = 0;
    for (const { bytes } of files) {
      const zip = await JSZip.loadAsync(bytes);
      const strings = manyStrings(200_000);
      for (const part of Object.keys(zip.files).filter((p) => /^xl\/worksheets\/[^/]+\.xml$/.test(p))) {
        const xml = await zip.file(part)!.async("string");
        const quick = scanSheet(xml, 128 * 1024, true, strings);
        expect(quick).not.toHaveProperty("error");
        expect(quick).toEqual(scanSheet(xml, 128 * 1024, false, strings));
        // Cut into pieces that split most cells: the quick path gives way mid-sheet.
        expect(scanSheet(xml, 61, true, strings)).toEqual(quick);
        sheets++;
      }
    }
    expect(sheets).toBeGreaterThan(100);
  }, 300_000);

  const unusual: [string, string][] = [
    [
      "plain values and formulas",
      '<c r="A1"><v>1.5</v></c><c r="B1"><f>A1*2</f><v>3</v></c><c r="C1" t="s"><v>2</v></c>',
    ],
    [
      "shared and empty formulas",
      '<c r="A1"><f t="shared" ref="A1:A3" si="0">B1</f><v>4</v></c><c r="B1"><f t="shared" si="0"/><v>5</v></c><c r="C1"><f/></c>',
    ],
    [
      "white space between a cell's elements",
      '<c r="A1" t="s">\n  <f>1</f>\n  <v>3</v>\n</c><c r="B1"> <v> 7 </v> </c>',
    ],
    [
      "empty and self-closing values",
      '<c r="A1"><v></v></c><c r="B1"><v/></c><c r="C1" t="s"><v></v></c><c r="D1"/><c r="E1"></c>',
    ],
    [
      "white-space-only numbers",
      '<c r="A1"><v>   </v></c><c r="B1"><v>0</v></c><c r="C1"><v>-0</v></c><c r="D1"><v>1e3</v></c><c r="E1"><v>0x10</v></c>',
    ],
    [
      "entities and character references",
      '<c r="A1" t="str"><v>a &amp; b &lt;c&gt;</v></c><c r="B1"><v>&#49;&#50;</v></c><c r="&#67;1"><v>3</v></c><c r="D1" t="&#115;"><v>1</v></c>',
    ],
    [
      "comments and CDATA inside cells",
      '<c r="A1"><v>1<!-- x -->2</v></c><c r="B1"><v><![CDATA[42]]></v></c><c r="C1"><!-- c --><v>9</v></c>',
    ],
    [
      "inline text and rich runs",
      '<c r="A1" t="inlineStr"><is><t>Hi</t></is></c><c r="B1" t="inlineStr"><is><r><t>A</t></r><r><t xml:space="preserve"> B</t></r><rPh><t>x</t></rPh></is></c>',
    ],
    ["two values", '<c r="A1"><v>1</v><v>2</v></c>'],
    [
      "errors, booleans and dates",
      '<c r="A1" t="e"><v>#N/A</v></c><c r="B1" t="b"><v>1</v></c><c r="C1" t="d"><v>2026-04-01T12:00:00</v></c><c r="D1" t="b"><v>maybe</v></c>',
    ],
    [
      "attributes quoted, ordered and repeated unusually",
      '<c t=\'s\' r=\'A1\'><v>1</v></c><c  s="3"  r="B1" ><v>2</v></c><c r="C1" r="Z9"><v>3</v></c><c r="D1" x14:foo="a>b"><v>4</v></c>',
    ],
    [
      "references lower case, with $, and missing",
      '<c r="a1"><v>1</v></c><c r="$B$1"><v>2</v></c><c><v>3</v></c><c><v>4</v></c>',
    ],
    [
      "style numbers written oddly",
      '<c r="A1" s=""><v>1</v></c><c r="B1" s=" 2 "><v>2</v></c><c r="C1" s="x"><v>3</v></c>',
    ],
    ["prefixed elements", '<x:c r="A1"><x:v>5</x:v></x:c><c r="B1"><x:v>6</x:v></c>'],
    [
      "other elements inside a cell",
      '<c r="A1"><v>1</v><extLst><ext uri="x"/></extLst></c><c r="B1"><is/><v>2</v></c>',
    ],
  ];

  it.each(unusual)("cells with %s", (_what, cells) => {
    const xml = sheetXml(`<row r="1">${cells}</row><row r="3"><c r="A3"><v>8</v></c></row>`).replace(
      "<worksheet ",
      '<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x14="urn:x14" ',
    );
    const strings = manyStrings(10);
    const tagByTag = scanSheet(xml, xml.length, false, strings);
    expect(scanSheet(xml, xml.length, true, strings)).toEqual(tagByTag);
    for (const piece of [1, 2, 3, 7, 13]) expect(scanSheet(xml, piece, true, strings)).toEqual(tagByTag);
  });

  const refused: [string, string][] = [
    ["a reference outside the sheet", '<c r="A1048577"><v>1</v></c>'],
    ["a reference that is not one", '<c r="Total"><v>1</v></c>'],
    ["a shared text the file does not hold", '<c r="A1" t="s"><v>99</v></c>'],
    ["a cell left open", '<c r="A1"><v>1</v></row>'],
    ["a value left open", '<c r="A1"><v>1</c>'],
    ["a formula closed by the wrong tag", '<c r="A1"><f>1</v></c>'],
    ["a tag not well formed", '<c r="A1" t=s><v>1</v></c>'],
  ];

  it.each(refused)("the same error for %s", (_what, cells) => {
    const xml = sheetXml(`<row r="1">${cells}</row>`);
    const strings = manyStrings(10);
    const tagByTag = scanSheet(xml, xml.length, false, strings) as { error?: string };
    expect(tagByTag.error).toBeDefined();
    expect(scanSheet(xml, xml.length, true, strings)).toEqual(tagByTag);
    expect(scanSheet(xml, 5, true, strings)).toEqual(tagByTag);
  });

  it("keeps the sheet's own error type for content (not XML) errors", () => {
    const xml = sheetXml('<row r="1"><c r="A1" t="s"><v>99</v></c></row>');
    expect(scanSheet(xml, xml.length, true, manyStrings(1))).toEqual({
      error: `${SheetContentError.name}: cell A1 of sheet 'Data' refers to shared text number 99, which the file does not hold`,
    });
  });
});
