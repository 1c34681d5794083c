/**
 * The build's formula evaluator (src/papers/evaluate.ts and src/papers/evaluate/*): Excel's
 * semantics on small sheets whose expected values are worked out by hand (or taken from
 * Microsoft's help pages, cited), and the finishing pass: dependency order across sheets,
 * disagreements with the builder's value, the penny tolerance, circles, unsupported formulas.
 * The same formulas on the real papers are checked against HyperFormula in
 * evaluate-samples.test.ts.
 */

import {
  FORMULA_CHECK,
  type FormulaEvaluation,
  evaluateSheets,
  finishSheets,
  formulaNotices,
} from "../../src/papers/evaluate";
import { FormulaReader } from "../../src/papers/evaluate/copies";
import { FormulaEvaluator, type CellSource } from "../../src/papers/evaluate/interpreter";
import { parseFormula } from "../../src/papers/evaluate/syntax";
import { Errors, Grid, type Scalar, UnsupportedFormula, excelRound } from "../../src/papers/evaluate/values";
import type { Notice } from "../../src/core/notice";
import type { CellSpec, CellValue, SheetSpec } from "../../src/papers/spec";

const value = (v: CellValue): CellSpec => ({ value: v });
const formula = (f: string, built: CellValue = 0, numFmt?: string): CellSpec => ({
  value: built,
  formula: f,
  ...(numFmt ? { numFmt } : {}),
});

function sheetOf(name: string, cells: (CellSpec | null)[][]): SheetSpec {
  return {
    name,
    kind: "paper",
    id: `${name.toLowerCase().replace(/\W+/g, "-")}-paper`,
    cells,
    tables: [],
    charts: [],
    columnWidths: [],
    print: { orientation: "landscape", paperSize: "A4", fitToWidth: 1, footer: name },
    freezeRows: 0,
  };
}

// The sheet "Data" the formula tests read, A1:E7 (null is an empty cell).
const DATA: Scalar[][] = [
  ["Gains", 10, true, "Band A", 100],
  ["loses", 20, "x", "Band B", 200],
  ["gains", 30, null, "band c", 300],
  [null, 40, 1.5, "Band D*", 400],
  ["G?ins", 50, "5", "", 500],
  ["5", 60, false, null, 600],
  [7, 70, 2, 3, 700],
];

/** A cell source over DATA as sheet "Data" plus an error cell at Errs!A1. */
const source: CellSource = {
  cell: (sheet, row, col) => {
    if (sheet === "Errs") return row === 0 && col === 0 ? Errors.na : null;
    if (sheet !== "Data") return Errors.ref;
    return DATA[row]?.[col] ?? null;
  },
  grid: (sheet, area) => {
    const values: Scalar[] = [];
    for (let r = area.top; r <= area.bottom; r++)
      for (let c = area.left; c <= area.right; c++) values.push(source.cell(sheet, r, c));
    return new Grid(area.bottom - area.top + 1, area.right - area.left + 1, values);
  },
};

function run(text: string): Scalar | string {
  const result = new FormulaEvaluator(source, "Data").result(parseFormula(text));
  return result instanceof Object ? String(result) : result;
}

describe("operators, as Excel's precedence and coercions give them", () => {
  test.each<[string, Scalar | string]>([
    ["1+2*3", 7],
    ["(1+2)*3", 9],
    ["-2^2", 4], // negation binds tighter than ^ in Excel
    ["2^3^2", 64], // left to right: (2^3)^2
    ["1+2&3", "33"], // & after arithmetic
    ["10%", 0.1],
    ["50%*4", 2],
    ["7-2-1", 4],
    ["12/4/3", 1],
    ['"a"="A"', true], // text compares ignoring case
    ['"abc"<"ABD"', true],
    ['1<"a"', true], // any number sorts before any text
    ['"z"<TRUE', true], // any text before TRUE/FALSE
    ["A4+1", 1],
    ['A4&"x"', "x"],
    ["A4=0", true],
    ['A4=""', true],
    ["C1+1", 2], // TRUE is 1
    ["A6*2", 10], // the text "5" reads as 5
    ['"a"+1', "#VALUE!"],
    ["1/0", "#DIV/0!"],
    ["(1/0)+1", "#DIV/0!"],
    ["Errs!A1+1", "#N/A"],
    ["Nowhere!A1", "#REF!"],
    ['1/4&""', "0.25"],
    ['1/3&""', "0.333333333333333"], // General format: 15 significant digits
    ["0^0", "#NUM!"],
  ])("%s = %p", (text, expected) => {
    expect(run(text)).toEqual(expected);
  });
});

describe("functions", () => {
  test.each<[string, Scalar | string]>([
    // SUM reads only the numbers of a range (B: 10…70; C1:C7 holds TRUE, "x", 1.5, "5", FALSE, 2)
    ["SUM(B1:B7)", 280],
    ["SUM(C1:C7)", 3.5],
    ['SUM("5",TRUE,1)', 7], // typed arguments count as their numbers
    ['SUM("x")', "#VALUE!"],
    ["SUM(B1:B2,Errs!A1)", "#N/A"],
    ["MIN(B3:B7,25)", 25],
    ["MAX(A1:A3)", 0], // no numbers at all
    ["MAX(B1:B7)", 70],
    ['COUNT(1,"2","x",TRUE)', 3],
    ["ABS(-2.5)", 2.5],
    ["ROUND(B2/3,2)", 6.67],
    ["ROUND(1/0,2)", "#DIV/0!"],
    ['IF(B1>5,"big","small")', "big"],
    ['IF(B1<5,"big")', false],
    ["IF(TRUE,,1)", 0],
    ['IF("x",1,2)', "#VALUE!"],
    ['IFERROR(1/0,"none")', "none"],
    ["IFERROR(B1,0)", 10],
    ["AND(TRUE,B1>5)", true],
    ["OR(C5:C6)", false], // FALSE counts, "5" in a range is passed over
    ["AND(A1:A3)", "#VALUE!"], // nothing but text: nothing to read
    // INDEX and exact MATCH
    ["INDEX(B1:B7,3)", 30],
    ["INDEX(A1:E1,2)", 10], // one row: the index is a column
    ["INDEX(B1:C7,4,2)", 1.5],
    ["INDEX(B1:B7,8)", "#REF!"],
    ['MATCH("LOSES",A1:A7,0)', 2], // ignoring case
    ['MATCH("g*",A1:A7,0)', 1], // a wildcard: the first text starting with g
    ['MATCH("G~?ins",A1:A7,0)', 5], // ~ makes ? literal
    ["MATCH(5,A1:A7,0)", "#N/A"], // the text "5" is not the number 5
    ["MATCH(7,A1:A7,0)", 7],
    ['IFERROR(INDEX(B1:B7,MATCH("none",A1:A7,0)),"Not found")', "Not found"],
    // COUNTIFS and SUMIFS criteria (Microsoft's COUNTIFS help: operators, wildcards, "<>")
    ['COUNTIFS(A1:A7,"gains")', 2],
    ['COUNTIFS(A1:A7,"g*")', 3], // Gains, gains, G?ins
    ['COUNTIFS(A1:A7,"<>")', 6], // everything but the empty A4
    ['COUNTIFS(A1:A7,"=")', 1], // only the empty cell
    ['COUNTIFS(A1:A7,"5")', 1], // the text "5" holds the number 5
    ['COUNTIFS(A1:A7,">5")', 1], // numbers only: 7
    ['COUNTIFS(B1:B7,">=40",A1:A7,"<>")', 3], // rows 5, 6, 7
    ['COUNTIFS(A1:A7,"<>gains")', 5],
    ['SUMIFS(B1:B7,A1:A7,"gains")', 40],
    ['SUMIFS(B1:B7,A1:A7,"Gains",B1:B7,">15")', 30],
    ['SUMIFS(B1:B7,A1:A2,"gains")', "#VALUE!"], // ranges of different sizes
    // SUMPRODUCT works on arrays; TRUE/FALSE and text count as 0 there, hence the --
    ['SUMPRODUCT(--(A1:A7="gains"),B1:B7)', 40],
    ['SUMPRODUCT(--(A1:A7="gains"))', 2],
    ['SUMPRODUCT(A1:A7="gains")', 0],
    ['SUMPRODUCT(--(A1:A7="G*ns"))', 0], // = has no wildcards
    ["SUMPRODUCT(B1:B3,E1:E3)", 10 * 100 + 20 * 200 + 30 * 300],
    ["SUMPRODUCT(B1:B3,E1:E2)", "#VALUE!"],
    ['SUMPRODUCT(--(D1:D7="band a"),E1:E7)', 100],
    // The same through the visit-only-the-matches path and through the cell-by-cell one (*1
    // keeps an argument off the first): an empty value equals empty cells, "", 0 and FALSE.
    ["SUMPRODUCT(--(A1:A7=A4),B1:B7)", 40],
    ["SUMPRODUCT(--(A1:A7=A4)*1,B1:B7)", 40],
    ["SUMPRODUCT(--(C1:C7=D6))", 2], // C3 (empty) and C6 (FALSE)
    ["SUMPRODUCT(--(C1:C7=D6)*1)", 2],
    ['SUMPRODUCT(--(A1:A7="gains"),--(B1:B7=30))', 1],
    ['SUMPRODUCT(--("GAINS"=A1:A7),B1:B7)', 40],
    ["SUMPRODUCT(--(Errs!A1:A3=1))", "#N/A"], // an error in the range passes on
    ["SUMPRODUCT(--(A1:A7=7),B1:B6)", "#VALUE!"],
    // TEXT with the formats the papers could write
    ['TEXT(0.0125,"0.0%")', "1.3%"],
    ['TEXT(1234.5,"#,##0")', "1,235"],
    ['TEXT(-1234.567,"£#,##0.00")', "-£1,234.57"],
    ['TEXT(2.5,"0")', "3"],
  ])("%s = %p", (text, expected) => {
    expect(run(text)).toEqual(expected);
  });

  test("COUNT counts exactly the numbers of the data (counted by hand)", () => {
    // Column A: 7; B: seven; C: 1.5 and 2; D: 3; E: seven → 1 + 7 + 2 + 1 + 7.
    expect(run("COUNT(A1:E7)")).toBe(18);
  });

  test("what the evaluator does not implement is said, never guessed", () => {
    const unsupported = (text: string) => () => run(text);
    expect(unsupported("VLOOKUP(1,A1:B7,2,0)")).toThrow(UnsupportedFormula);
    expect(unsupported("MATCH(7,A1:A7)")).toThrow(/exact match/);
    expect(unsupported("SUM(A:A)")).toThrow(UnsupportedFormula);
    expect(unsupported("B1:B7+1")).toThrow(/where one value is needed/);
    expect(unsupported('TEXT(1,"dd/mm/yyyy")')).toThrow(/format/);
    expect(unsupported("ROUND(1)")).toThrow(/takes 2 to 2/);
    expect(unsupported("SUM(1,")).toThrow(UnsupportedFormula);
    expect(unsupported("MyName+1")).toThrow(/name/);
  });
});

describe("ROUND is Excel's", () => {
  // Microsoft's ROUND help page (support.microsoft.com, "ROUND function"), its examples.
  test.each([
    [2.15, 1, 2.2],
    [2.149, 1, 2.1],
    [-1.475, 2, -1.48],
    [21.5, -1, 20],
    [626.3, -3, 1000],
    [1.98, -1, 0],
    [-50.55, -2, -100],
  ])("ROUND(%p, %p) = %p (Microsoft's examples)", (number, digits, expected) => {
    expect(excelRound(number, digits)).toBe(expected);
  });

  // Doubles just below a half in binary that Excel shows, and rounds, as the half: the decimal
  // 4.5 × 1,044.85 is 4,701.825 (src/core/money.ts), 2.675 and 1.005 as typed.
  test.each([
    [4.5 * 1044.85, 2, 4701.83],
    [2.675, 2, 2.68],
    [1.005, 2, 1.01],
    [-2.5, 0, -3],
    [0.5, 0, 1],
    [0.4999, 0, 0],
    [99.995, 2, 100],
    [123456789.125, 2, 123456789.13],
    [3.7, 2.9, 3.7], // digits 2.9 are truncated to 2
    [1e20, 2, 1e20],
  ])("ROUND(%p, %p) = %p", (number, digits, expected) => {
    expect(excelRound(number, digits)).toBe(expected);
  });

  test("never gives -0", () => {
    expect(Object.is(excelRound(-0.001, 2), 0)).toBe(true);
  });
});

/** The evaluated value of one cell of a pass's sheets. */
function cached(
  evaluation: FormulaEvaluation,
  sheet: string,
  row: number,
  col: number,
): CellValue | undefined {
  return evaluation.sheets.find((s) => s.name === sheet)?.cells[row]?.[col]?.value;
}

describe("the finishing pass", () => {
  test("evaluates in dependency order, across sheets, whatever the reading order", () => {
    // Sheet One: A1 = B1*2 reads B1 = 'Two'!A1 + 1, and Two!A1 = Two!A2 * 3 with A2 = 4.
    // Every builder value is 0, so each is a disagreement: 26, 13 and 12 by hand.
    const sheets = [
      sheetOf("One", [[formula("B1*2"), formula("'Two'!A1+1")]]),
      sheetOf("Two", [[formula("A2*3")], [value(4)]]),
    ];
    const evaluation = evaluateSheets(sheets);
    expect(cached(evaluation, "One", 0, 0)).toBe(26);
    expect(cached(evaluation, "One", 0, 1)).toBe(13);
    expect(cached(evaluation, "Two", 0, 0)).toBe(12);
    expect(evaluation.formulas).toBe(3);
    expect(evaluation.disagreements).toEqual([
      { sheet: "One", cell: "A1", formula: "B1*2", built: 0, evaluated: 26 },
      { sheet: "One", cell: "B1", formula: "'Two'!A1+1", built: 0, evaluated: 13 },
      { sheet: "Two", cell: "A1", formula: "A2*3", built: 0, evaluated: 12 },
    ]);
    // The input is not changed.
    expect(sheets[0].cells[0][0]?.value).toBe(0);
  });

  test("a range of formula cells is read after every formula in it", () => {
    // C1 = SUM(A1:A3) where A2 and A3 are formulas below it: 1 + 2 + 4 = 7.
    const evaluation = evaluateSheets([
      sheetOf("S", [[value(1), null, formula("SUM(A1:A3)", 7)], [formula("A1*2", 2)], [formula("A2*2", 4)]]),
    ]);
    expect(evaluation.disagreements).toEqual([]);
    expect(cached(evaluation, "S", 0, 2)).toBe(7);
  });

  test("a £ figure agrees to the half-penny and takes the formula's value; others must be exact", () => {
    const evaluation = evaluateSheets([
      sheetOf("S", [
        [value(10.004), formula("ROUND(A1,2)", 10.004, "£#,##0.00;(£#,##0.00)")],
        [value(0.1), formula("A2+0.2", 0.3)],
        [value(2), formula("A3*1.5", 3.01, "£#,##0;(£#,##0)")],
      ]),
    ]);
    expect(cached(evaluation, "S", 0, 1)).toBe(10);
    expect(evaluation.disagreements).toEqual([
      // 0.1 + 0.2 in doubles is 0.30000000000000004, which is not 0.3.
      { sheet: "S", cell: "B2", formula: "A2+0.2", built: 0.3, evaluated: 0.1 + 0.2 },
      { sheet: "S", cell: "B3", formula: "A3*1.5", built: 3.01, evaluated: 3 },
    ]);
  });

  test("an error result is a disagreement; the builder's value stays, as a cell cannot cache an error", () => {
    const evaluation = evaluateSheets([
      sheetOf("S", [[value(0), formula("1/A1", 0)], [formula("Gone!A1", 0)]]),
    ]);
    expect(evaluation.disagreements).toEqual([
      { sheet: "S", cell: "B1", formula: "1/A1", built: 0, evaluated: { error: "#DIV/0!" } },
      { sheet: "S", cell: "A2", formula: "Gone!A1", built: 0, evaluated: { error: "#REF!" } },
    ]);
    expect(cached(evaluation, "S", 0, 1)).toBe(0);
  });

  test("a circle keeps the builder's values and is reported; formulas outside it still evaluate", () => {
    const evaluation = evaluateSheets([
      sheetOf("S", [
        [formula("B1+1", 5), formula("A1+1", 6), formula("A1*2", 10)],
        [value(3), formula("A2*2", 6)],
      ]),
    ]);
    expect(evaluation.circular.map((c) => c.cell)).toEqual(["A1", "B1"]);
    expect(cached(evaluation, "S", 0, 0)).toBe(5);
    expect(cached(evaluation, "S", 0, 2)).toBe(10); // from A1's kept value
    expect(cached(evaluation, "S", 1, 1)).toBe(6);
    expect(evaluation.disagreements).toEqual([]);
  });

  test("an unsupported formula keeps its value and is reported with the reason", () => {
    const evaluation = evaluateSheets([
      sheetOf("S", [[formula("VLOOKUP(1,B1:C2,2,0)", 9), formula("SUM(A:A)", 1)]]),
    ]);
    expect(cached(evaluation, "S", 0, 0)).toBe(9);
    expect(evaluation.unsupported.map((u) => [u.cell, u.reason])).toEqual([
      ["A1", "the function VLOOKUP"],
      ["B1", expect.stringContaining("A:A") as string],
    ]);
  });

  test("a 10,000-row running total evaluates without recursion", () => {
    const rows: (CellSpec | null)[][] = [[value(1)]];
    for (let r = 1; r < 10_000; r++) rows.push([formula(`A${r}+1`, r + 1)]);
    const evaluation = evaluateSheets([sheetOf("Chain", rows)]);
    expect(evaluation.disagreements).toEqual([]);
    expect(evaluation.circular).toEqual([]);
    expect(cached(evaluation, "Chain", 9_999, 0)).toBe(10_000);
  });

  test("the same range written on two sheets reads each sheet's own cells", () => {
    const evaluation = evaluateSheets([
      sheetOf("P", [[value(1), formula("SUM(A1:A2)", 3)], [value(2)]]),
      sheetOf("Q", [
        [value(10), formula("SUM(A1:A2)", 30)],
        [value(20), formula("SUM('P'!A1:A2)", 3)],
      ]),
    ]);
    expect(evaluation.disagreements).toEqual([]);
  });

  test("sheet names match ignoring case, as in Excel", () => {
    const evaluation = evaluateSheets([
      sheetOf("DSG summary", [[value(4)]]),
      sheetOf("Checks", [[formula("'dsg SUMMARY'!A1*2", 8)]]),
    ]);
    expect(evaluation.disagreements).toEqual([]);
  });

  test("findings become notices with codes, the paper, the cell and both values", () => {
    const warnings: Notice[] = [];
    const sheets = finishSheets(
      [
        sheetOf("HNB monitoring", [
          [value(2), formula("A1*3", 5), formula("NOPE(1)", 1)],
          [formula("A2", 0)],
        ]),
      ],
      (notice) => warnings.push(notice),
    );
    expect(sheets[0].cells[0][1]?.value).toBe(6);
    expect(warnings.map((w) => [w.code, w.paper])).toEqual([
      ["formula-disagrees", "hnb-monitoring-paper"],
      ["formula-unsupported", "hnb-monitoring-paper"],
      ["formula-circular", "hnb-monitoring-paper"],
    ]);
    expect(warnings[0].message).toContain(FORMULA_CHECK);
    expect(warnings[0].message).toContain("'HNB monitoring'!B1");
    expect(warnings[0].message).toContain("built as 5");
    expect(warnings[0].message).toContain("gives 6");
    expect(formulaNotices(evaluateSheets(sheets)).map((n) => n.code)).toEqual([
      "formula-unsupported",
      "formula-circular",
    ]);
  });
});

describe("a grid's positions of a value (the matches path of SUMPRODUCT)", () => {
  const grid = new Grid(1, 6, ["a", null, "A", 0, false, ""]);
  test.each<[string | number | boolean | null, number[]]>([
    ["a", [0, 2]], // ignoring case
    [null, [1, 3, 4, 5]], // an empty value equals an empty cell, 0, FALSE and ""
    [0, [1, 3]],
    [false, [1, 4]],
    ["", [1, 5]],
    ["b", []],
  ])("%p is at %p", (target, positions) => {
    expect(grid.positionsEqual(target)).toEqual(positions);
  });
});

describe("reading formulas that are copies of one another", () => {
  test("a moved copy gets its own rows; anything else is read in full", () => {
    const reader = new FormulaReader();
    const formulas = [
      "ROUND(D11-C11,2)",
      "ROUND(D12-C12,2)", // moved down a row
      "ROUND(D9-C9,2)", // up
      "ROUND(D12-C13,2)", // rows moved by different amounts: read in full
      "ROUND(D12-C12,3)", // another constant: read in full
      "SUM($B$18:B20)+B$3",
      "SUM($B$18:B25)+B$3", // the fixed ends stay; B25 now below, the area still $B$18:B25
      "SUM($B$18:B10)+B$3", // the relative end above the fixed one: the area is B10:B18
      'IF(A1="x1",1,0)',
      'IF(A2="x2",1,0)', // digits in text
      "'Sheet 2'!A1",
      "'Sheet 3'!A2", // digits in a sheet name
      "A1+01",
      "A2+01",
    ];
    for (const text of formulas) expect(reader.read(text)).toEqual(parseFormula(text));
  });
});
