/**
 * The exact-match count and sum formulas (src/papers/criteria.ts), the test evaluator's SUMPRODUCT
 * and HyperFormula on them, and the invariant that rejects a COUNTIFS/SUMIFS criterion taken from
 * a cell. Expected figures are worked out by hand from the little sheet below.
 */

import { HyperFormula } from "hyperformula";
import { countWhere, nameKey, sumWhere } from "../../src/papers/criteria";
import type { CellSpec, SheetSpec } from "../../src/papers/spec";
import { evaluateFormula, workbookOf } from "./formula";
import { functionProblems } from "./invariants";

// A1:A6 names, B1:B6 amounts (one suppressed), C1:C6 outcomes; D1.. the names looked up.
const NAMES = ["St Mary*s", "St Mary's", "st mary's", "Who? Academy", "Whom Academy", "<Unknown>"];
const AMOUNTS: (number | string)[] = [10, 200, 3000, "[c]", 50_000, 600_000];
const OUTCOMES = ["Gains", "Loses", "Gains", "Gains", "Loses", "Gains"];
const cell = (value: string | number, formula?: string): CellSpec => ({ value, style: "body", formula });

function sheetWith(formulas: readonly string[]): SheetSpec {
  const cells = NAMES.map((n, i) => [cell(n), cell(AMOUNTS[i]), cell(OUTCOMES[i])]);
  formulas.forEach((f, i) => (cells[i] = [...(cells[i] ?? [cell(""), cell(""), cell("")]), cell(0, f)]));
  return {
    name: "S",
    kind: "paper",
    id: "criteria-test",
    cells,
    tables: [],
    charts: [],
    columnWidths: [],
    print: { orientation: "landscape", paperSize: "A4", fitToWidth: 1, footer: "" },
    freezeRows: 0,
  };
}

const names = { range: "$A$1:$A$6", equals: "" };
const at = (row: number) => ({ ...names, equals: `$A$${row}` });

describe("countWhere and sumWhere", () => {
  test("write plain SUMPRODUCT formulas", () => {
    expect(countWhere(at(1))).toBe("SUMPRODUCT(--($A$1:$A$6=$A$1))");
    expect(sumWhere("$B$1:$B$6", at(1))).toBe("SUMPRODUCT(--($A$1:$A$6=$A$1),$B$1:$B$6)");
    expect(countWhere(at(2), { range: "$C$1:$C$6", equals: '"Gains"' })).toBe(
      'SUMPRODUCT(--($A$1:$A$6=$A$2),--($C$1:$C$6="Gains"))',
    );
    expect(() => countWhere()).toThrow(RangeError);
  });

  // [formula, expected by hand]
  const cases: [string, number][] = [
    [countWhere(at(1)), 1], // St Mary*s: itself only
    [sumWhere("$B$1:$B$6", at(1)), 10],
    [countWhere(at(2)), 2], // St Mary's and st mary's (case ignored, as "=" does)
    [sumWhere("$B$1:$B$6", at(2)), 3200],
    [sumWhere("$B$1:$B$6", at(4)), 0], // Who? Academy: its amount is [c], text counts as 0
    [sumWhere("$B$1:$B$6", at(5)), 50_000], // Whom Academy: not matched by Who?
    [sumWhere("$B$1:$B$6", at(6)), 600_000], // <Unknown>: itself, not everything before it
    [countWhere(at(2), { range: "$C$1:$C$6", equals: '"Gains"' }), 1],
  ];

  test("our evaluator and HyperFormula give the figures worked out by hand", () => {
    const spec = sheetWith(cases.map(([f]) => f));
    const wb = workbookOf([spec]);
    expect(cases.map(([f]) => evaluateFormula(f, wb, "S"))).toEqual(cases.map(([, want]) => want));
    const hf = HyperFormula.buildFromArray(
      spec.cells.map((line) => line.map((c) => (c?.formula ? `=${c.formula}` : (c?.value ?? null)))),
      { licenseKey: "gpl-v3", useArrayArithmetic: true },
    );
    try {
      expect(cases.map((_, i) => hf.getCellValue({ sheet: 0, row: i, col: 3 }))).toEqual(
        cases.map(([, want]) => want),
      );
    } finally {
      hf.destroy();
    }
  });

  test("the evaluator keeps ranges out of operators outside SUMPRODUCT", () => {
    const wb = workbookOf([sheetWith([])]);
    expect(evaluateFormula("SUM(--($A$1:$A$6=$A$1))", wb, "S")).toMatchObject({ code: "#VALUE!" });
  });

  test("nameKey ignores case and surrounding spaces, and nothing else", () => {
    expect(nameKey(" St Mary's ")).toBe(nameKey("ST MARY'S"));
    expect(nameKey("St Mary*s")).not.toBe(nameKey("St Mary's"));
    expect(nameKey("Who? Academy")).not.toBe(nameKey("Whom Academy"));
  });
});

describe("the functions invariant", () => {
  test("rejects COUNTIFS/SUMIFS with a criterion from a cell or a wildcard, accepts a fixed text", () => {
    const problems = functionProblems([
      sheetWith([
        "COUNTIFS($A$1:$A$6,$A$1)",
        "SUMIFS($B$1:$B$6,$A$1:$A$6,$A$2)",
        'COUNTIFS($A$1:$A$6,"St*")',
        'COUNTIFS($C$1:$C$6,"Gains")',
        'COUNTIFS($C$1:$C$6,"<>")',
        sumWhere("$B$1:$B$6", at(1)),
      ]),
    ]);
    expect(problems).toEqual([
      "COUNTIFS with a criterion from a cell (a name is a pattern there) in COUNTIFS($A$1:$A$6,$A$1)",
      "SUMIFS with a criterion from a cell (a name is a pattern there) in SUMIFS($B$1:$B$6,$A$1:$A$6,$A$2)",
      'COUNTIFS with a wildcard criterion in COUNTIFS($A$1:$A$6,"St*")',
    ]);
  });
});
