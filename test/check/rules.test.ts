/**
 * Each publication rule on small hand-made workbook models: it fails where it should (naming the
 * sheet and cell) and passes where it should. The expected cells are written out here, not
 * computed by the module.
 */
import { checkModel } from "../../src/app/publication-check";
import type { SheetModel, TableModel, WorkbookModel } from "../../src/app/publication-check/model";
import { colourOnlyFormat } from "../../src/app/publication-check/styles";
import type { SnapshotValue } from "../../src/sources/snapshot";

/** A visible worksheet with these cells and nothing else, unless `more` says so. */
function sheet(name: string, cells: SnapshotValue[][], more: Partial<SheetModel> = {}): SheetModel {
  return {
    name,
    kind: "worksheet",
    hidden: false,
    cells,
    merges: [],
    tables: [],
    drawn: [],
    hyperlinks: [],
    conditionalFormats: [],
    colours: new Map(),
    colourOnlyFormats: new Map(),
    ...more,
  };
}

function table(name: string, top: number, left: number, bottom: number, right: number): TableModel {
  return { name, area: { top, left, bottom, right }, headerRowCount: 1, totalsRowCount: 0 };
}

/** The failures of one rule as "sheet!cell" (or "sheet" when there is no cell). */
function failures(rule: string, ...sheets: SheetModel[]): string[] {
  const model: WorkbookModel = { sheets };
  return checkModel(model, "test.xlsx")
    .failures.filter((f) => f.rule === rule)
    .map((f) => (f.cell !== undefined ? `${f.sheet}!${f.cell}` : f.sheet));
}

/** A monitoring table at A3:D6 (header row 3) under a title. */
const monitoring = (): SnapshotValue[][] => [
  ["Budget monitoring 2026-27"],
  ["What this sheet holds"],
  ["Line", "Budget (£)", "Forecast (£)", "Variance (£)"],
  ["Top-ups", 100, 120, 20],
  ["Place funding", 200, 190, -10],
  ["Therapies", 50, 50, 0],
];
const monitoringTable = () => [table("Monitoring", 2, 0, 5, 3)];

describe("title in A1", () => {
  it("fails an empty A1 or a number in A1, and passes a title", () => {
    expect(failures("title-in-a1", sheet("Notes", [[null, "x"]]), sheet("Data", [[2026]]))).toEqual([
      "Notes!A1",
      "Data!A1",
    ]);
    expect(failures("title-in-a1", sheet("Notes", [["Notes"]]))).toEqual([]);
  });
  it("does not check hidden sheets", () => {
    expect(failures("title-in-a1", sheet("Lookup", [[null]], { hidden: true }))).toEqual([]);
  });
});

describe("no merged cells", () => {
  it("fails each merged range and passes a sheet without", () => {
    const merged = sheet("Data", monitoring(), { merges: [{ top: 2, left: 1, bottom: 2, right: 2 }] });
    expect(failures("no-merged-cells", merged)).toEqual(["Data!B3:C3"]);
    expect(failures("no-merged-cells", sheet("Data", monitoring()))).toEqual([]);
  });
});

describe("no blank rows or columns inside a table", () => {
  it("fails a blank row inside a table part", () => {
    const cells = monitoring();
    cells[4] = [null, null, null, null];
    expect(failures("no-blank-rows-or-columns", sheet("Data", cells, { tables: monitoringTable() }))).toEqual(
      ["Data!A5:D5"],
    );
  });
  it("fails a column with no heading and no data, but passes a headed column that is empty", () => {
    const cells = monitoring().map((r) => [r[0], null, ...r.slice(1)]);
    cells[2][1] = "Column1";
    const withGap = sheet("Data", cells, { tables: [table("Monitoring", 2, 0, 5, 4)] });
    expect(failures("no-blank-rows-or-columns", withGap)).toEqual(["Data!B3:B6"]);
    cells[2][1] = "Note";
    expect(
      failures(
        "no-blank-rows-or-columns",
        sheet("Data", cells, { tables: [table("Monitoring", 2, 0, 5, 4)] }),
      ),
    ).toEqual([]);
  });
  it("fails a blank row inside a block laid out as a table", () => {
    const cells = monitoring();
    cells.splice(4, 0, []);
    expect(failures("no-blank-rows-or-columns", sheet("Data", cells))).toEqual(["Data!A5:D5"]);
  });
  it("passes a table with no blank row or column", () => {
    expect(
      failures("no-blank-rows-or-columns", sheet("Data", monitoring(), { tables: monitoringTable() })),
    ).toEqual([]);
  });
});

describe("one header row", () => {
  it("fails a table part with no header row", () => {
    const noHeader = { ...table("Monitoring", 3, 0, 5, 3), headerRowCount: 0 };
    expect(failures("one-header-row", sheet("Data", monitoring(), { tables: [noHeader] }))).toEqual([
      "Data!A4:D4",
    ]);
  });
  it("fails a header-like row above the header (text over the number columns)", () => {
    const cells = monitoring();
    cells[1] = [null, "2026-27", "2026-27", "2026-27"];
    expect(failures("one-header-row", sheet("Data", cells, { tables: monitoringTable() }))).toEqual([
      "Data!A2:D2",
    ]);
  });
  it("fails a units row under the header", () => {
    const cells = monitoring();
    cells.splice(3, 0, [null, "£000", "£000", "£000"]);
    const tables = [table("Monitoring", 2, 0, 6, 3)];
    expect(failures("one-header-row", sheet("Data", cells, { tables }))).toEqual(["Data!A4:D4"]);
  });
  it("passes a label and value above the header, and shorthand in the first data row", () => {
    const cells = monitoring();
    cells[1] = ["Source", "council.xlsx, sheet 'HNB'"];
    cells[3] = ["Top-ups", "[x]", "[x]", "[z]"];
    expect(failures("one-header-row", sheet("Data", cells, { tables: monitoringTable() }))).toEqual([]);
  });
});

describe("tables marked as tables", () => {
  it("fails a block laid out as a table without a table part, naming its range", () => {
    expect(failures("tables-marked", sheet("Data", monitoring()))).toEqual(["Data!A3:D6"]);
  });
  it("keeps a register in one table: a first row and a row with amounts missing stay in it", () => {
    const register: SnapshotValue[][] = [
      ["Top-up register"],
      [],
      ["Pupil", "School", "Band", "Hours", "Start"],
      ["P1", "Oakfield", "H4", null, "01/09/2025"],
      ["P2", "Elm High", "H2", 10, 46266],
      ["P3", "Elm High", "H1", null, 46266],
      ["P4", "Riverside", "H3", 12, 46300],
    ];
    expect(failures("tables-marked", sheet("Register", register))).toEqual(["Register!A3:E7"]);
    expect(failures("one-header-row", sheet("Register", register))).toEqual([]);
  });
  it("passes the same block as a table part, and a list of labels and values", () => {
    expect(failures("tables-marked", sheet("Data", monitoring(), { tables: monitoringTable() }))).toEqual([]);
    const cover: SnapshotValue[][] = [["Cover"], ["Meeting", "Forum"], ["Date", 46359], ["Pupils", 1200]];
    expect(failures("tables-marked", sheet("Cover", cover))).toEqual([]);
  });
});

describe("alt text on charts and images", () => {
  const drawn = (altText: string, more: Partial<SheetModel["drawn"][number]> = {}) => [
    {
      kind: "chart" as const,
      name: "Chart 1",
      altText,
      decorative: false,
      anchor: { row: 8, col: 0 },
      ...more,
    },
  ];
  it("fails a chart with no alt text, naming the chart and its cell", () => {
    const model = { sheets: [sheet("Plan", monitoring(), { drawn: drawn("") })] };
    const [f] = checkModel(model, "t.xlsx").failures.filter((x) => x.rule === "alt-text");
    expect(f).toMatchObject({ sheet: "Plan", cell: "A9", object: 'chart "Chart 1"' });
  });
  it("fails alt text that is only the default name", () => {
    expect(failures("alt-text", sheet("Plan", monitoring(), { drawn: drawn("Chart 1") }))).toEqual([
      "Plan!A9",
    ]);
  });
  it("passes described and decorative objects", () => {
    expect(
      failures("alt-text", sheet("Plan", monitoring(), { drawn: drawn("Line chart of the deficit") })),
    ).toEqual([]);
    expect(
      failures("alt-text", sheet("Plan", monitoring(), { drawn: drawn("", { decorative: true }) })),
    ).toEqual([]);
  });
});

describe("meaning not by colour alone", () => {
  const red = "fill:solid:#FFFF0000:|";
  it("fails a variance cell coloured unlike its column with no words for it in the row", () => {
    const colours = new Map([["3,3", red]]);
    expect(
      failures("not-colour-alone", sheet("Data", monitoring(), { tables: monitoringTable(), colours })),
    ).toEqual(["Data!D4"]);
  });
  it("passes the same colour when the row says it in words", () => {
    const cells = monitoring().map((r, i) => [...r, i === 2 ? "Over or under" : i > 2 ? "Overspend" : null]);
    const colours = new Map([["3,3", red]]);
    const tables = [table("Monitoring", 2, 0, 5, 4)];
    expect(failures("not-colour-alone", sheet("Data", cells, { tables, colours }))).toEqual([]);
  });
  it("passes colour in a column that is not a variance or RAG column", () => {
    const colours = new Map([["3,1", red]]);
    expect(
      failures("not-colour-alone", sheet("Data", monitoring(), { tables: monitoringTable(), colours })),
    ).toEqual([]);
  });
  it("fails a conditional colour on numbers with no words in their rows, and passes it with words", () => {
    const conditionalFormats = [
      {
        sqref: "D4:D6",
        areas: [{ top: 3, left: 3, bottom: 5, right: 3 }],
        effect: "a fill or font colour when its rule is met",
      },
    ];
    const plain = sheet("Data", monitoring(), { tables: monitoringTable(), conditionalFormats });
    expect(failures("not-colour-alone", plain)).toEqual(["Data!D4:D6"]);
    const cells = monitoring().map((r, i) => [
      ...r,
      i > 2 ? ["Overspend", "Underspend", "On budget"][i - 3] : null,
    ]);
    const worded = sheet("Data", cells, { tables: [table("Monitoring", 2, 0, 5, 4)], conditionalFormats });
    expect(failures("not-colour-alone", worded)).toEqual([]);
  });
  it("fails a number format that shows negatives only in red", () => {
    const colourOnlyFormats = new Map([["4,3", "#,##0;[Red]#,##0"]]);
    expect(
      failures(
        "not-colour-alone",
        sheet("Data", monitoring(), { tables: monitoringTable(), colourOnlyFormats }),
      ),
    ).toEqual(["Data!D5"]);
  });
  it("tells colour-only number formats from those that also show a sign", () => {
    expect(colourOnlyFormat("#,##0;[Red]#,##0")).toBe(true);
    expect(colourOnlyFormat("[Blue]0.0%;[Red]0.0%")).toBe(true);
    expect(colourOnlyFormat("£#,##0;[Red](£#,##0)")).toBe(false);
    expect(colourOnlyFormat("#,##0;[Red]-#,##0")).toBe(false);
    expect(colourOnlyFormat("£#,##0;(£#,##0)")).toBe(false);
    expect(colourOnlyFormat("[Red]#,##0")).toBe(false);
  });
});

describe("descriptive sheet names", () => {
  it("fails names a spreadsheet gives new sheets, and names with no words", () => {
    const names = ["Sheet1", "Sheet 2", "Chart1", "2026"].map((n) => sheet(n, [["Title"]]));
    expect(failures("descriptive-sheet-names", ...names)).toEqual(["Sheet1", "Sheet 2", "Chart1", "2026"]);
  });
  it("passes names that say what the sheet holds", () => {
    const names = ["HNB monitoring", "Table_1", "Notes"].map((n) => sheet(n, [["Title"]]));
    expect(failures("descriptive-sheet-names", ...names)).toEqual([]);
  });
});

describe("notes and shorthand explained", () => {
  const notes = sheet("Notes", [
    ["Notes"],
    ["Note number", "Note"],
    [1, "Figures are in cash pounds."],
    [],
    ["Shorthand", "Meaning"],
    ["[x]", "Not available"],
  ]);
  it("fails a note marker with no note, and shorthand with no key, naming the cell", () => {
    const data = sheet("Data", [["Title"], ["See [note 2]", "[c]"]]);
    expect(failures("notes-explained", data, notes)).toEqual(["Data!A2", "Data!B2"]);
  });
  it("passes markers the notes table and key explain", () => {
    const data = sheet("Data", [["Title"], ["See [note 1]", "[x]"]]);
    expect(failures("notes-explained", data, notes)).toEqual([]);
  });
  it('passes a marker explained anywhere as "[S]: meaning", but not by "[x] not given" on a data sheet', () => {
    const rules = sheet("Rules", [["Rules"], ["[S] stated"], ["1. [S]: stated in a source that was read"]]);
    expect(failures("notes-explained", rules)).toEqual([]);
    expect(failures("notes-explained", sheet("Data", [["Title"], ["Author", "[x] not given"]]))).toEqual([
      "Data!B2",
    ]);
  });
});

describe("hyperlink text", () => {
  const linked = (text: string) =>
    sheet("Contents", [["Contents"], [text]], {
      hyperlinks: [{ row: 1, col: 0, url: "https://www.gov.uk/guidance", formula: false }],
    });
  it('fails "click here", a bare address and an empty link', () => {
    expect(failures("hyperlink-text", linked("Click here"))).toEqual(["Contents!A2"]);
    expect(failures("hyperlink-text", linked("https://www.gov.uk/guidance"))).toEqual(["Contents!A2"]);
    expect(failures("hyperlink-text", linked("www.gov.uk"))).toEqual(["Contents!A2"]);
    expect(failures("hyperlink-text", linked(""))).toEqual(["Contents!A2"]);
  });
  it("passes link text that says where it goes", () => {
    expect(failures("hyperlink-text", linked("DfE high needs funding guidance 2026-27"))).toEqual([]);
  });
});
