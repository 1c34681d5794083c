/**
 * Key figures stated beside a label or in a title row (stated.ts), read through the reader.
 * Expected figures are the cells written here.
 */

import { readDatasets } from "../../src/sources";
import { sheet, workbook } from "./helpers";

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
