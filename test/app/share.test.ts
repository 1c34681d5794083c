/**
 * Share conversion plans: which DSG formulas become native formulas, which keep their values, and
 * that a native formula gives the DSG function's answer (checked by evaluating it the way Excel
 * would, for the operators it uses, against the engine).
 */
import { hoursCost } from "../../src/core/banding";
import { HyperFormula } from "hyperformula";
import { ayLabel, ayStartYear, fyLabelOf, serialFromDate } from "../../src/core/dates";
import type { SnapshotValue } from "../../src/sources/snapshot";
import { parseArea } from "../../src/core/a1";
import {
  displayFormula,
  noteFor,
  noteSheetRows,
  planConversion,
  type CellReader,
  type Conversion,
  type FormulaCell,
} from "../../src/app/share";

/** The first native formula of a plan (fails the test when the plan keeps a value). */
function nativeOf(plan: Conversion): string {
  if (plan.kind !== "native") throw new Error(`expected a native formula, got: ${plan.note}`);
  return plan.formulas[0][0];
}

/** A sheet of values from A1, and a reader over it (other sheets by name). */
function reader(sheets: Record<string, SnapshotValue[][]>, own = "Register"): CellReader {
  return (sheet, row, col) => sheets[sheet ?? own]?.[row]?.[col] ?? null;
}

const register: SnapshotValue[][] = [
  ["Pupil", "Hours", "Rate", "Weeks", "Start"],
  ["P1", 25, 13.04, null, 46266], // 1 Sept 2026
  ["P2", 4.5, 1044.85, 1, 46082], // 1 Mar 2026
  ["P3", "12.5", 14.95, 38, "01/09/2026"],
  ["P4", -2, 14.95, 38, 46266],
];
const read = reader({ Register: register, Rates: [["Rate"], [14.95]] });

function cell(formula: string, values: SnapshotValue[][], row = 1, col = 6): FormulaCell {
  return { sheet: "Register", row, col, formula, values };
}

/** Evaluate the native formulas produced here (only their operators) against the sheet. */
function evaluateNative(formula: string): number | string {
  const value = (ref: string): number => {
    const area = parseArea(ref.replace(/^.*!/, ""))!;
    return register[area.top][area.left] as number;
  };
  let js = formula
    .replace(/IF\(([A-Z]+\d+)="",(\d+),\1\)/g, (_m, ref: string, d: string) => {
      const v = register[parseArea(ref)!.top][parseArea(ref)!.left];
      return v === null ? d : String(v);
    })
    .replace(/\b([A-Z]{1,3}\d+)\b/g, (ref) => String(value(ref)));
  js = js
    .replace(/ROUND\((.*),2\)$/, "roundHalfUp($1)")
    .replace(/MAX\(/g, "Math.max(")
    .replace(/YEAR\((\d+)\)/g, (_m, s: string) => String(yearOf(Number(s))))
    .replace(/MONTH\((\d+)\)/g, (_m, s: string) => String(monthOf(Number(s))))
    .replace(/RIGHT\(([^,]+),2\)/g, "String($1).slice(-2)")
    .replace(/&/g, "+")
    .replace(/\((\d+)-\((\d+)<4\)\)/g, "($1-($2<4?1:0))");
  return new Function("roundHalfUp", `return ${js.replace(/(\d+)-\((\d+)<4\)/g, "($1-($2<4?1:0))")};`)(
    (x: number) => Math.round((x + Number.EPSILON) * 100) / 100,
  );
}

function ymd(serial: number): Date {
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
}
const yearOf = (s: number) => ymd(s).getUTCFullYear();
const monthOf = (s: number) => ymd(s).getUTCMonth() + 1;

describe("DSG.HOURSCOST becomes ROUND(MAX(0,h*r*w/g-t),2)", () => {
  test("defaults left out are written in; the answer is the engine's", () => {
    const plan = planConversion(cell("=DSG.HOURSCOST(B2,C2,,6000)", [[6388]]), read);
    expect(plan).toMatchObject({ kind: "native", formulas: [["ROUND(MAX(0,B2*C2*38-6000),2)"]] });
    expect(evaluateNative(nativeOf(plan))).toBe(hoursCost(25, 13.04, 38, 6000));
  });

  test("an optional input in a cell: a blank cell still means the default", () => {
    const plan = planConversion(cell("DSG.HOURSCOST(B2,C2,D2)", [[12388]]), read);
    expect(plan).toMatchObject({ kind: "native", formulas: [['ROUND(MAX(0,B2*C2*IF(D2="",38,D2)),2)']] });
    expect(evaluateNative(nativeOf(plan))).toBe(hoursCost(25, 13.04, 38));
  });

  test("the penny: 4.5 × £1,044.85 × 1 week is £4,701.83", () => {
    const plan = planConversion(cell("=DSG.HOURSCOST(B3,C3,D3)", [[4701.83]], 2), read);
    const f = nativeOf(plan);
    expect(f).toBe('ROUND(MAX(0,B3*C3*IF(D3="",38,D3)),2)');
    expect(evaluateNative(f)).toBe(4701.83);
  });

  test("group size and a cell on another sheet", () => {
    const plan = planConversion(cell("=DSG.HOURSCOST(B2,Rates!A2,39,0,2)", [[7267.13]]), read);
    expect(plan).toMatchObject({ kind: "native", formulas: [["ROUND(MAX(0,B2*Rates!A2*39/2),2)"]] });
  });

  test("a spilled call: one formula per row, each on its own row's cells", () => {
    const plan = planConversion(cell("=DSG.HOURSCOST(B2:B3,$C$2)", [[12388.24], [2229.97]]), read);
    expect(plan).toMatchObject({
      kind: "native",
      formulas: [["ROUND(MAX(0,B2*$C$2*38),2)"], ["ROUND(MAX(0,B3*$C$2*38),2)"]],
    });
  });

  test("text where a number should be keeps the value (DSG reads it, Excel's * would not)", () => {
    const plan = planConversion(cell("=DSG.HOURSCOST(B4,C4)", [[7101.25]], 3), read);
    expect(plan.kind).toBe("value");
    expect(plan.note).toMatch(/^Hours a week in B4 is text/);
  });

  test("a negative input, which DSG rejects, keeps the value", () => {
    expect(planConversion(cell("=DSG.HOURSCOST(B5,C5)", [[0]], 4), read).note).toMatch(/below 0/);
  });

  test("an error result is kept as the error", () => {
    const plan = planConversion(cell("=DSG.HOURSCOST(B5,C5)", [["#NUM!"]], 4), read);
    expect(plan).toMatchObject({ kind: "value", values: [["#NUM!"]] });
  });

  test("inside a longer formula, the call is replaced in place", () => {
    const plan = planConversion(cell("=ROUND(DSG.HOURSCOST(B2,C2),0)/12", [[1032]]), read);
    expect(plan).toMatchObject({ kind: "native", formulas: [["ROUND((ROUND(MAX(0,B2*C2*38),2)),0)/12"]] });
  });
});

describe("DSG.FINYEAR becomes a YEAR/MONTH formula", () => {
  test.each([
    [46266, "E2"],
    [46082, "E3"],
  ])("serial %d", (serial, ref) => {
    const row = ref === "E2" ? 1 : 2;
    const plan = planConversion(cell(`=DSG.FINYEAR(${ref})`, [[fyLabelOf(serial)]], row), read);
    const f = nativeOf(plan);
    expect(f).toBe(`YEAR(${ref})-(MONTH(${ref})<4)&"-"&RIGHT(YEAR(${ref})-(MONTH(${ref})<4)+1,2)`);
    expect(evaluateNative(f)).toBe(fyLabelOf(serial));
  });

  test("the year ends on 31 March", () => {
    expect(fyLabelOf(serialFromDate(2027, 3, 31)!)).toBe("2026-27");
  });

  test("a UK date written as text keeps the value", () => {
    expect(planConversion(cell("=DSG.FINYEAR(E4)", [["2026-27"]], 3), read).kind).toBe("value");
  });
});

/** A native formula evaluated by HyperFormula (an Excel-compatible engine) with `date` in E2. */
function evaluateWithHyperFormula(formula: string, date: number): unknown {
  const hf = HyperFormula.buildFromArray([[], [null, null, null, null, date, `=${formula}`]], {
    licenseKey: "gpl-v3",
  });
  const value = hf.getCellValue({ sheet: 0, row: 1, col: 5 });
  hf.destroy();
  return value;
}

describe("DSG.FINYEAR and DSG.ACADYEAR become YEAR/MONTH formulas that a spreadsheet engine agrees with", () => {
  // The days either side of each year boundary, and a century turn ("AY1999/00").
  const dates: [number, number, number][] = [
    [2026, 3, 31],
    [2026, 4, 1],
    [2026, 8, 31],
    [2026, 9, 1],
    [2026, 12, 31],
    [2000, 1, 1],
    [1999, 9, 1],
  ];
  test.each(dates)("%d-%d-%d", (y, m, d) => {
    const serial = serialFromDate(y, m, d)!;
    const registerRead: CellReader = (_sheet, row, col) => (row === 1 && col === 4 ? serial : null);
    const fin = nativeOf(planConversion(cell("=DSG.FINYEAR(E2)", [[fyLabelOf(serial)]], 1), registerRead));
    expect(evaluateWithHyperFormula(fin, serial)).toBe(fyLabelOf(serial));
    const acad = nativeOf(
      planConversion(cell("=DSG.ACADYEAR(E2)", [[ayLabel(ayStartYear(serial))]], 1), registerRead),
    );
    expect(acad).toBe(`"AY"&YEAR(E2)-(MONTH(E2)<9)&"/"&RIGHT(YEAR(E2)-(MONTH(E2)<9)+1,2)`);
    expect(evaluateWithHyperFormula(acad, serial)).toBe(ayLabel(ayStartYear(serial)));
  });
});

describe("other functions keep their values", () => {
  test("DSG.BANDCOST", () => {
    const plan = planConversion(cell("_xldudf_DSG_BANDCOST(A2,Bands!A1:C6)", [[12500]]), read);
    expect(plan).toMatchObject({ kind: "value", values: [[12500]] });
    expect(plan.note).toMatch(/BANDCOST has no ordinary Excel equivalent/);
  });

  test("a mix of a native and a value function keeps the value", () => {
    expect(planConversion(cell("=DSG.FINYEAR(E2)&DSG.BANDCOST(1,A1:B2)", [["x"]]), read).kind).toBe("value");
  });
});

describe("the note", () => {
  test("lists the cells, what they were and what they became", () => {
    const c = cell("_xldudf_DSG_HOURSCOST(B2:B3,$C$2)", [[12388.24], [2229.97]]);
    const note = noteFor(c, planConversion(c, read));
    expect(note).toMatchObject({ sheet: "Register", cells: "G2:G3", was: "=DSG.HOURSCOST(B2:B3,$C$2)" });
    expect(note.now).toMatch(/^=ROUND\(MAX\(0,B2\*\$C\$2\*38\),2\) \(first cell/);
    const rows = noteSheetRows([note], ["Register"]);
    expect(rows[0][0]).toMatch(/^Formulas converted/);
    expect(rows[2]).toEqual(["Sheet", "Cells", "Was", "Now", "Why"]);
    expect(rows).toHaveLength(4);
  });

  test("displayFormula shows the file's spelling as Excel does", () => {
    expect(displayFormula("ROUND(_xldudf_DSG_HOURSCOST(B2,C2),0)")).toBe("=ROUND(DSG.HOURSCOST(B2,C2),0)");
  });
});
