/**
 * One part, one transform: each package part module renders (or patches) its part and parses it
 * back, and the read side must return what the write side was given.
 */
import { NumFmt, type ChartSpec } from "../../src/papers/spec";
import { parseChartPart, renderChartPart } from "../../src/workbook/xlsx/charts/chart-part";
import {
  ContentType,
  addOverrides,
  contentTypeOf,
  parseContentTypes,
  renderContentTypes,
} from "../../src/workbook/xlsx/charts/content-types";
import { parseDrawingPart, renderDrawingPart } from "../../src/workbook/xlsx/charts/drawing-part";
import {
  RelType,
  addRelationship,
  nextRelId,
  parseRels,
  relsPathFor,
  renderRels,
  resolveTarget,
} from "../../src/workbook/xlsx/charts/rels";
import { addTableAltText, parseTablePart } from "../../src/workbook/xlsx/table-part";
import {
  addDefinedNames,
  parseTextConstant,
  parseWorkbookPart,
  printTitlesName,
  textConstant,
} from "../../src/workbook/xlsx/workbook-part";
import {
  insertWorksheetChild,
  parseInternalLinks,
  renderHyperlinks,
  worksheetChildren,
} from "../../src/workbook/xlsx/worksheet-part";
import { XmlSyntaxError, escapeAttr, escapeText, parseXml } from "../../src/workbook/xlsx/xml";

describe("xml", () => {
  it("escapes text and attributes so they parse back to the same string", () => {
    const nasty = `R&D <draft> "quoted" 'single'\nnew line\ttab`;
    const root = parseXml(`<a t="${escapeAttr(nasty)}">${escapeText(nasty)}</a>`);
    expect(root.attrs.t).toBe(nasty);
    expect(root.text).toBe(nasty);
  });

  it("drops control characters XML cannot hold", () => {
    expect(escapeText("a\u0001b\u001fc")).toBe("abc");
  });

  it("keeps offsets of elements and skips comments, PIs and CDATA markup", () => {
    const xml = `<?xml version="1.0"?><!-- c --><r><a x='1'/><b>t<![CDATA[<raw>]]></b></r>`;
    const root = parseXml(xml);
    expect(root.children.map((c) => c.name)).toEqual(["a", "b"]);
    expect(xml.slice(root.children[0].start, root.children[0].end)).toBe("<a x='1'/>");
    expect(root.children[1].text).toBe("t<raw>");
  });

  it("rejects mismatched tags", () => {
    expect(() => parseXml("<a><b></a>")).toThrow(XmlSyntaxError);
    expect(() => parseXml("<a>")).toThrow(XmlSyntaxError);
  });
});

describe("rels", () => {
  it("renders, parses and adds a relationship with an unused id", () => {
    const xml = renderRels([
      { id: "rId1", type: RelType.table, target: "../tables/table1.xml" },
      {
        id: "rId3",
        type: "http://x/hyperlink",
        target: "https://example.org/?a=1&b=2",
        targetMode: "External",
      },
    ]);
    expect(parseRels(xml)[1]).toEqual({
      id: "rId3",
      type: "http://x/hyperlink",
      target: "https://example.org/?a=1&b=2",
      targetMode: "External",
    });
    const added = addRelationship(xml, { type: RelType.drawing, target: "../drawings/drawing1.xml" });
    expect(added.id).toBe("rId2");
    const rels = parseRels(added.xml);
    expect(rels.map((r) => r.id)).toEqual(["rId1", "rId3", "rId2"]);
    expect(new Set(rels.map((r) => r.id)).size).toBe(rels.length);
  });

  it("starts a new rels part at rId1", () => {
    expect(addRelationship(undefined, { type: RelType.chart, target: "../charts/chart1.xml" }).id).toBe(
      "rId1",
    );
    expect(nextRelId([])).toBe("rId1");
  });

  it("resolves paths", () => {
    expect(relsPathFor("xl/worksheets/sheet2.xml")).toBe("xl/worksheets/_rels/sheet2.xml.rels");
    expect(resolveTarget("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml")).toBe(
      "xl/drawings/drawing1.xml",
    );
    expect(resolveTarget("xl/workbook.xml", "worksheets/sheet1.xml")).toBe("xl/worksheets/sheet1.xml");
    expect(resolveTarget("xl/workbook.xml", "/xl/worksheets/sheet1.xml")).toBe("xl/worksheets/sheet1.xml");
  });
});

describe("content types", () => {
  const base = renderContentTypes({
    defaults: new Map([
      ["rels", "application/vnd.openxmlformats-package.relationships+xml"],
      ["xml", "application/xml"],
    ]),
    overrides: new Map([
      ["/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"],
    ]),
  });

  it("adds overrides for charts and drawings, keeping what was there", () => {
    const xml = addOverrides(
      base,
      new Map([
        ["xl/charts/chart1.xml", ContentType.chart],
        ["xl/drawings/drawing1.xml", ContentType.drawing],
      ]),
    );
    const types = parseContentTypes(xml);
    expect(contentTypeOf(types, "xl/charts/chart1.xml")).toBe(ContentType.chart);
    expect(contentTypeOf(types, "xl/drawings/drawing1.xml")).toBe(ContentType.drawing);
    expect(contentTypeOf(types, "xl/workbook.xml")).toMatch(/sheet\.main/);
    expect(contentTypeOf(types, "xl/other.xml")).toBe("application/xml");
  });

  it("replaces an existing override for the same part instead of duplicating it", () => {
    const once = addOverrides(base, new Map([["xl/charts/chart1.xml", "wrong/type"]]));
    const twice = addOverrides(once, new Map([["xl/charts/chart1.xml", ContentType.chart]]));
    expect(twice.match(/chart1\.xml/g)).toHaveLength(1);
    expect(contentTypeOf(parseContentTypes(twice), "xl/charts/chart1.xml")).toBe(ContentType.chart);
  });
});

const chart: ChartSpec = {
  kind: "line",
  title: "Deficit & reserve <2026>",
  altText: "Two lines: the deficit grows; the reserve falls.",
  categoriesRef: "'Deficit plan'!$A$8:$A$10",
  categories: ["2026-27", "2027-28", "2028-29"],
  series: [
    { name: "Unmitigated", valuesRef: "'Deficit plan'!$B$8:$B$10", values: [-1.5, -2.25, -3] },
    { name: "Mitigated", valuesRef: "'Deficit plan'!$C$8:$C$10", values: [-1, -1.5, -1.75] },
  ],
  yAxisTitle: "£ million",
  yNumFmt: NumFmt.pounds,
  anchor: { fromRow: 12, fromCol: 0, toRow: 30, toCol: 7 },
};

describe("chart part", () => {
  it("round-trips a line chart: title, series names, refs, cached values, axis", () => {
    const parsed = parseChartPart(renderChartPart(chart));
    expect(parsed.kind).toBe("line");
    expect(parsed.title).toBe(chart.title);
    expect(parsed.categoriesRef).toBe(chart.categoriesRef);
    expect(parsed.categories).toEqual(chart.categories);
    expect(parsed.series).toEqual(
      chart.series.map((s) => ({
        name: s.name,
        valuesRef: s.valuesRef,
        values: [...s.values],
        formatCode: NumFmt.pounds,
      })),
    );
    expect(parsed.yAxisTitle).toBe("£ million");
    expect(parsed.yNumFmt).toBe(NumFmt.pounds);
    expect(parsed.legendPos).toBe("b");
    expect(parsed.roundedCorners).toBe("0");
  });

  it("puts chart elements in schema order", () => {
    const root = parseXml(renderChartPart(chart));
    expect(root.children.map((c) => c.name)).toEqual([
      "c:date1904",
      "c:lang",
      "c:roundedCorners",
      "c:chart",
      "c:spPr",
      "c:txPr",
    ]);
    const chartEl = root.children[3];
    expect(chartEl.children.map((c) => c.name)).toEqual([
      "c:title",
      "c:autoTitleDeleted",
      "c:plotArea",
      "c:legend",
      "c:plotVisOnly",
      "c:dispBlanksAs",
    ]);
    const plot = chartEl.children[2];
    expect(plot.children.map((c) => c.name)).toEqual(["c:layout", "c:lineChart", "c:catAx", "c:valAx"]);
    const ser = plot.children[1].children.find((c) => c.name === "c:ser")!;
    expect(ser.children.map((c) => c.name)).toEqual([
      "c:idx",
      "c:order",
      "c:tx",
      "c:spPr",
      "c:marker",
      "c:cat",
      "c:val",
      "c:smooth",
    ]);
  });

  it("tells series apart by dash and marker, not only colour", () => {
    const xml = renderChartPart(chart);
    const dashes = [...xml.matchAll(/<c:ser>.*?<a:prstDash val="(\w+)"/g)].map((m) => m[1]);
    const markers = [...xml.matchAll(/<c:symbol val="(\w+)"/g)].map((m) => m[1]);
    expect(new Set(dashes).size).toBe(2);
    expect(new Set(markers).size).toBe(2);
  });
});

describe("drawing part", () => {
  it("round-trips anchors, names and alt text (descr on cNvPr)", () => {
    const anchors = [
      {
        chartRelId: "rId1",
        name: "Deficit chart",
        descr: 'Alt text with "quotes" & <brackets>',
        fromRow: 12,
        fromCol: 0,
        toRow: 30,
        toCol: 7,
      },
      { chartRelId: "rId2", name: "Second", descr: "Another", fromRow: 32, fromCol: 1, toRow: 40, toCol: 4 },
    ];
    const frames = parseDrawingPart(renderDrawingPart(anchors));
    expect(frames).toEqual(anchors.map((a, i) => ({ ...a, id: String(i + 2) })));
    expect(new Set(frames.map((f) => f.id)).size).toBe(2);
  });
});

const SHEET = (body: string): string =>
  `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${body}</worksheet>`;

describe("worksheet part", () => {
  it("inserts <drawing> after headerFooter and before tableParts", () => {
    const xml = SHEET(
      '<sheetData/><pageMargins/><pageSetup/><headerFooter><oddFooter>x</oddFooter></headerFooter><tableParts count="1"><tablePart r:id="rId1"/></tableParts>',
    );
    const out = insertWorksheetChild(xml, "drawing", '<drawing r:id="rId2"/>');
    expect(worksheetChildren(out)).toEqual([
      "sheetData",
      "pageMargins",
      "pageSetup",
      "headerFooter",
      "drawing",
      "tableParts",
    ]);
  });

  it("inserts <drawing> before extLst when there are no tableParts, and at the end otherwise", () => {
    expect(
      worksheetChildren(insertWorksheetChild(SHEET("<sheetData/><extLst/>"), "drawing", "<drawing/>")),
    ).toEqual(["sheetData", "drawing", "extLst"]);
    expect(
      worksheetChildren(insertWorksheetChild(SHEET("<sheetData/><pageSetup/>"), "drawing", "<drawing/>")),
    ).toEqual(["sheetData", "pageSetup", "drawing"]);
  });

  it("is not fooled by an extLst nested inside another element", () => {
    const xml = SHEET("<sheetData/><conditionalFormatting><extLst/></conditionalFormatting><pageSetup/>");
    expect(worksheetChildren(insertWorksheetChild(xml, "drawing", "<drawing/>"))).toEqual([
      "sheetData",
      "conditionalFormatting",
      "pageSetup",
      "drawing",
    ]);
  });

  it("inserts <hyperlinks> before printOptions/pageMargins and reads the links back", () => {
    const links = [{ ref: "A4", location: "'Children''s services'!A1", display: "Children's services" }];
    const out = insertWorksheetChild(
      SHEET("<sheetData/><mergeCells/><pageMargins/>"),
      "hyperlinks",
      renderHyperlinks(links),
    );
    expect(worksheetChildren(out)).toEqual(["sheetData", "mergeCells", "hyperlinks", "pageMargins"]);
    expect(parseInternalLinks(out)).toEqual(links);
  });

  it("refuses a second element of the same kind", () => {
    expect(() => insertWorksheetChild(SHEET("<sheetData/><drawing/>"), "drawing", "<drawing/>")).toThrow(
      /already has/,
    );
  });
});

const WORKBOOK = (names: string): string =>
  `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="r"><bookViews/><sheets><sheet name="Children's" sheetId="1" r:id="rId4"/><sheet name="B" sheetId="2" state="hidden" r:id="rId5"/></sheets>${names}<calcPr calcId="1"/></workbook>`;

describe("workbook part", () => {
  it("adds a <definedNames> between sheets and calcPr, and reads names back", () => {
    const names = [
      {
        name: "ForumPapersBuilt",
        localSheetId: 0,
        value: textConstant("forum-papers:built"),
        comment: "marker",
      },
      printTitlesName("Children's", 0, 4, 5),
    ];
    const out = addDefinedNames(WORKBOOK(""), names);
    const parsed = parseWorkbookPart(out);
    expect(parsed.sheets).toEqual([
      { name: "Children's", sheetId: "1", relId: "rId4", state: "visible" },
      { name: "B", sheetId: "2", relId: "rId5", state: "hidden" },
    ]);
    expect(parsed.definedNames).toEqual(names);
    expect(parsed.definedNames[1].value).toBe("'Children''s'!$5:$6");
    expect(parseXml(out).children.map((c) => c.name)).toEqual([
      "bookViews",
      "sheets",
      "definedNames",
      "calcPr",
    ]);
  });

  it("appends to an existing <definedNames> (empty or not) and refuses duplicates", () => {
    const withOne = addDefinedNames(WORKBOOK("<definedNames/>"), [{ name: "A", value: "1" }]);
    const withTwo = addDefinedNames(withOne, [{ name: "B", localSheetId: 1, value: "2" }]);
    expect(parseWorkbookPart(withTwo).definedNames.map((d) => d.name)).toEqual(["A", "B"]);
    expect(() => addDefinedNames(withTwo, [{ name: "b", localSheetId: 1, value: "3" }])).toThrow(
      /already exists/,
    );
  });

  it("round-trips text constants", () => {
    expect(parseTextConstant(textConstant('say "hi"'))).toBe('say "hi"');
    expect(parseTextConstant("Sheet1!$A$1")).toBeUndefined();
  });
});

describe("table part", () => {
  const TABLE =
    '<?xml version="1.0"?><table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="1" name="DSGSummary" displayName="DSGSummary" ref="A5:C9" headerRowCount="1">' +
    '<autoFilter ref="A5:C9"/><tableColumns count="3"><tableColumn id="1" name="Block"/><tableColumn id="2" name="Budget (£)"/><tableColumn id="3" name="Forecast (£)"/></tableColumns>' +
    '<tableStyleInfo name="TableStyleLight9" showRowStripes="1"/></table>';

  it("adds alt text as the x14 extension and reads it back", () => {
    const parsed = parseTablePart(addTableAltText(TABLE, "The four DSG blocks & their forecasts."));
    expect(parsed).toMatchObject({
      name: "DSGSummary",
      ref: "A5:C9",
      columns: ["Block", "Budget (£)", "Forecast (£)"],
      styleName: "TableStyleLight9",
      showRowStripes: true,
      altTextSummary: "The four DSG blocks & their forecasts.",
    });
  });

  it("puts the extension last, after tableStyleInfo", () => {
    const root = parseXml(addTableAltText(TABLE, "x"));
    expect(root.children.map((c) => c.name)).toEqual([
      "autoFilter",
      "tableColumns",
      "tableStyleInfo",
      "extLst",
    ]);
  });
});
