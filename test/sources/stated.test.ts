/**
 * Key figures stated beside a label or in a title row (stated.ts), read through the reader.
 * Expected figures are the cells written here.
 */

import { formatUkDate, type Serial } from "../../src/core/dates";
import { buildPapers } from "../../src/papers";
import { readDatasets } from "../../src/sources";
import { serial, sheet, workbook } from "./helpers";

const schools = [
  ["School Name", "DfE number", "Phase", "Status", "Number on roll", "Budget share £", "Protected floor £"],
  ["Elmwood Infant School", "8732100", "Primary", "Academy", 669, 3325840.89, 3260602.31],
  ["Oakfield High School", "8734104", "Secondary", "Community", 1489, 10011676.81, 9931763.46],
];

describe("the Schools Block before recoupment", () => {
  it("in a title row, after the label", () => {
    const d = readDatasets(
      workbook([
        sheet("Schools", [["Schools Block (before recoupment) 2027-28 … £66,691,050"], [], ...schools]),
      ]),
    );
    expect(d.assumptions.schoolsBlock).toBe(66691050);
    expect(d.assumptions.sources.schoolsBlock).toEqual({ sheet: "Schools", row: 1 });
  });

  it("in a label cell under the table with its value four columns on", () => {
    const d = readDatasets(
      workbook([
        sheet("Schools", [...schools, [], [], ["", "Schools Block before recoupment", "", "", "", 49186978]]),
      ]),
    );
    expect(d.assumptions.schoolsBlock).toBe(49186978);
    expect(d.assumptions.sources.schoolsBlock).toEqual({ sheet: "Schools", row: 6 });
  });

  it("in the DfE allocation table's label/value pairs, not the recoupment deduction", () => {
    const d = readDatasets(
      workbook([
        sheet("Schools", schools),
        sheet("DSG allocation", [
          ["Dedicated schools grant (DSG) 2027 to 2028"],
          [],
          ["Unit of funding", "£5,656.17"],
          ["Deductions to schools block for recoupment", "£34,248,977"],
          ["Total schools block before recoupment", "£62,270,868"],
        ]),
      ]),
    );
    expect(d.assumptions.schoolsBlock).toBe(62270868);
    expect(d.assumptions.sources.schoolsBlock).toEqual({ sheet: "DSG allocation", row: 5 });
  });

  it("a key-value table's figure wins over a stated one", () => {
    const d = readDatasets(
      workbook([
        sheet("Schools", [["Schools Block (before recoupment) 2027-28 … £66,691,050"], [], ...schools]),
        sheet("Key figures", [
          ["Item", "Value"],
          ["Schools block before recoupment", 70000000],
        ]),
      ]),
    );
    expect(d.assumptions.schoolsBlock).toBe(70000000);
  });

  it("no wording of the figure: none is taken", () => {
    const d = readDatasets(
      workbook([sheet("Schools", [["Schools Block 2027-28 … £66,691,050"], [], ...schools])]),
    );
    expect(d.assumptions.schoolsBlock).toBeUndefined();
  });
});

describe("the Schools Block worked out from the DfE allocation's parts", () => {
  const allocation = (extra: (string | number)[][] = []) =>
    sheet("Allocation", [
      ["Schools block 2027-28 (DfE December allocation)"],
      [],
      ["Primary unit of funding", 5661.04],
      ["Primary pupils", 4900],
      ["Secondary unit of funding", 7116.24],
      ["Secondary pupils", 3500],
      ["Premises", 459257],
      ["Growth", 149663],
      ...extra,
    ]);

  it("units × pupils plus premises and growth, with a note saying so", () => {
    const d = readDatasets(workbook([sheet("Schools", schools), allocation()]));
    // 5,661.04 × 4,900 + 7,116.24 × 3,500 + 459,257 + 149,663
    expect(d.assumptions.schoolsBlock).toBe(27739096 + 24906840 + 459257 + 149663);
    expect(d.assumptions.sources.schoolsBlock).toEqual({ sheet: "Allocation", row: 3 });
    const note = d.issues.find((i) => i.dataset === "assumptions" && /worked out/.test(i.message));
    expect(note?.message).toContain('"Allocation" rows 3–8');
  });

  it("a line it does not know on the list: nothing is worked out", () => {
    const d = readDatasets(
      workbook([sheet("Schools", schools), allocation([["Exceptional circumstances", 1000]])]),
    );
    expect(d.assumptions.schoolsBlock).toBeUndefined();
  });

  it("a stated figure wins over the parts", () => {
    const d = readDatasets(
      workbook([
        sheet("Schools", [["Schools Block (before recoupment) 2027-28 … £66,691,050"], [], ...schools]),
        allocation(),
      ]),
    );
    expect(d.assumptions.schoolsBlock).toBe(66691050);
  });
});

describe("the opening DSG balance", () => {
  const blocks = [
    ["DSG Block", "DfE Allocation £m", "Transfers £m", "Budget £m", "Forecast £m"],
    ["Schools", "268.808", "(1.147)", "267.661", "269.135"],
    ["High Needs", "55.297", "1.147", "56.444", "62.184"],
  ];

  it("a reserve table under a £m table: scaled by the title's unit", () => {
    const d = readDatasets(
      workbook([
        sheet("DSG Summary", [
          ["Dedicated Schools Grant 2026-27 – forecast position by block (£m)"],
          [],
          ...blocks,
          [],
          ["DSG reserve"],
          ["Balance brought forward 1 April 2026", "(29.093)"],
          ["Balance carried forward 31 March 2027", "(35.100)"],
        ]),
      ]),
    );
    expect(d.assumptions.openingBalance).toBe(-29093000);
    expect(d.assumptions.sources.openingBalance).toEqual({ sheet: "DSG Summary", row: 8 });
  });

  it("a label with a colon beside its value, in pounds", () => {
    const d = readDatasets(
      workbook([
        sheet("Forum pack", [
          ["Schools Forum 3 December 2026 – Item 6"],
          ["DSG reserve b/f:", -19785790],
          [],
          ...blocks,
        ]),
      ]),
    );
    expect(d.assumptions.openingBalance).toBe(-19785790);
  });

  it("only the balance carried forward: none is taken", () => {
    const d = readDatasets(
      workbook([
        sheet("DSG Summary", [...blocks, [], ["Balance carried forward 31 March 2027", "(35.100)"]]),
      ]),
    );
    expect(d.assumptions.openingBalance).toBeUndefined();
  });
});

describe("the date the data is as at (a register's extract date)", () => {
  const registerRows = [
    ["Child ref", "Provider Name", "Placement type", "Banding", "Hours per week", "Start", "End"],
    ["EHC020001", "Harbour Special School", "Special school", "C", 20, serial(2024, 3, 1), null],
    // Ends after the extract date and before the meeting: open as at the extract.
    [
      "EHC020011",
      "Harbour View Primary School",
      "Mainstream",
      "F",
      25,
      serial(2023, 9, 1),
      serial(2026, 11, 20),
    ],
  ];
  const asAtNotices = (d: ReturnType<typeof readDatasets>) =>
    d.issues.filter((i) => i.code === "as-at-stated");

  it.each([
    ["Extract date: 01/11/2026", serial(2026, 11, 1)],
    ["Data as at 31 October 2026", serial(2026, 10, 31)],
    ["Snapshot 31.10.26", serial(2026, 10, 31)],
    ["SEN2 extract – placements, extracted on 2026-10-30", serial(2026, 10, 30)],
    ["Top-up register as at 31st Oct 2026 (month 7)", serial(2026, 10, 31)],
  ])("in a title row: %j", (title, expected) => {
    const d = readDatasets(workbook([sheet("Register", [[title], [], ...registerRows])]));
    expect(d.assumptions.asAt).toBe(expected);
    expect(d.assumptions.sources.asAt).toEqual({ sheet: "Register", row: 1 });
    expect(asAtNotices(d)).toEqual([
      {
        code: "as-at-stated",
        dataset: "assumptions",
        message: `The data is taken as at ${formatUkDate(expected)}, the date stated on sheet "Register" cell A1 ("${title}").`,
      },
    ]);
  });

  it("as a label and a date cell beside it, naming the date's cell", () => {
    const d = readDatasets(
      workbook([
        sheet(
          "Register",
          [["Top-up placements register"], ["Extract date:", "", serial(2026, 11, 1)], [], ...registerRows],
          {
            dateCells: ["C2"],
          },
        ),
      ]),
    );
    expect(d.assumptions.asAt).toBe(serial(2026, 11, 1));
    expect(asAtNotices(d)[0]?.message).toBe(
      'The data is taken as at 01/11/2026, the date stated on sheet "Register" cell C2 ("Extract date: 01/11/2026").',
    );
  });

  it("the key figures' own as-at date wins, and nothing is said", () => {
    const d = readDatasets(
      workbook([
        sheet("Register", [["Extract date: 01/11/2026"], [], ...registerRows]),
        sheet("Key figures", [
          ["Item", "Value"],
          ["Data as at", "31/10/2026"],
        ]),
      ]),
    );
    expect(d.assumptions.asAt).toBe(serial(2026, 10, 31));
    expect(d.assumptions.sources.asAt).toEqual({ sheet: "Key figures", row: 2 });
    expect(asAtNotices(d)).toEqual([]);
  });

  it.each([
    ["a balance's date", [["DSG reserve balance as at 31 March 2026", -19785790]]],
    ["a meeting's date", [["Schools Forum 3 December 2026 – Item 6"]]],
    ["a month, not a date", [["High needs budget monitoring as at month 7"]]],
    ["a date with a figure beside it", [["As at 31/10/2026", "Top-up spend", 1234567]]],
    ["a label with a number that is no date", [["Extract date:", 7]]],
  ])("not taken: %s", (_what, rows) => {
    const d = readDatasets(workbook([sheet("Register", [...rows, [], ...registerRows])]));
    expect(d.assumptions.asAt).toBeUndefined();
    expect(asAtNotices(d)).toEqual([]);
  });

  it("the register's own date before another sheet's, and the other is named", () => {
    const d = readDatasets(
      workbook([
        sheet("Monitoring", [["Data as at 30/09/2026"]]),
        sheet("Register", [["Extract date: 01/11/2026"], [], ...registerRows]),
      ]),
    );
    expect(d.assumptions.asAt).toBe(serial(2026, 11, 1));
    expect(asAtNotices(d)[0]?.message).toBe(
      'The data is taken as at 01/11/2026, the date stated on sheet "Register" cell A1 ("Extract date: 01/11/2026"). Another date is stated on sheet "Monitoring" cell A1 ("Data as at 30/09/2026"): check which one the data is as at.',
    );
  });

  it("is the date the papers count open placements at, not the meeting date", () => {
    const d = readDatasets(
      workbook([sheet("Register", [["Extract date: 01/11/2026"], [], ...registerRows])]),
    );
    const built = buildPapers(d, {
      meetingDate: serial(2026, 12, 3) as Serial,
      papers: ["placement-summary"],
    });
    // Both placements are open on 1 November; one has ended by the meeting on 3 December.
    expect(built.papers.find((p) => p.id === "placement-summary")?.headline.placements).toBe(2);
    expect(built.warnings.map((w) => w.code)).not.toContain("no-as-at-date");
    const undated = readDatasets(workbook([sheet("Register", registerRows)]));
    const atMeeting = buildPapers(undated, {
      meetingDate: serial(2026, 12, 3) as Serial,
      papers: ["placement-summary"],
    });
    expect(atMeeting.papers.find((p) => p.id === "placement-summary")?.headline.placements).toBe(1);
  });
});
