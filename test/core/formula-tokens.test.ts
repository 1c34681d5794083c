/**
 * Formula reading (src/core/formula-tokens.ts): tokens, DSG calls and their arguments, references
 * moved as Excel moves them (shared formulas in a file), and the file's spelling of custom
 * functions. The A1 arithmetic itself is tested in a1.test.ts.
 */
import {
  elementRef,
  findDsgCalls,
  mentionsDsg,
  parseDsgFormula,
  tokenize,
  translateFormula,
  type Arg,
} from "../../src/core/formula-tokens";

describe("tokenize", () => {
  test.each([
    ["=DSG.FINYEAR(A2)", ["func", "open", "ref", "close"]],
    ["=SUM(B2:B10)*0.5%", ["func", "open", "ref", "close", "op", "number", "op"]],
    ["='Top-up register'!$B$2+Sheet1!C3", ["ref", "op", "ref"]],
    ['="a ""quoted"" word"&TRUE', ["string", "op", "bool"]],
    [
      "=IF(A1<>#N/A,1:3,A:A)",
      ["func", "open", "ref", "op", "error", "comma", "ref", "comma", "ref", "close"],
    ],
    ["=Table1[Hours]*Rate", ["name", "op", "name"]],
    ["=D2#", ["ref"]],
    ["={1,2;3,4}", ["brace", "number", "comma", "number", "semicolon", "number", "comma", "number", "brace"]],
  ])("%s", (formula, kinds) => {
    expect(tokenize(formula).map((t) => t.kind)).toEqual(kinds);
  });

  test("offsets point into the formula as given (with its =)", () => {
    const t = tokenize("=DSG.FINYEAR(A2)");
    expect(t[2]).toMatchObject({ kind: "ref", start: 13, end: 15, text: "A2" });
  });

  test("a quoted sheet name with an apostrophe", () => {
    const [t] = tokenize("='Pupils'' data'!A1:B2");
    expect(t).toMatchObject({ kind: "ref", ref: { sheet: "Pupils' data", a1: "A1:B2" } });
  });

  test("an unclosed string is an error, not a guess", () => {
    expect(() => tokenize('="abc')).toThrow(/Unclosed text/);
  });
});

describe("DSG calls", () => {
  test("both spellings: as Excel shows it and as the file stores it", () => {
    expect(parseDsgFormula("=DSG.HOURSCOST(B2,C2)")?.fn).toBe("HOURSCOST");
    expect(parseDsgFormula("_xldudf_DSG_HOURSCOST(B2,C2)")?.fn).toBe("HOURSCOST");
    expect(parseDsgFormula("=dsg.finyear(A2)")?.fn).toBe("FINYEAR");
    expect(parseDsgFormula("=SUM(A1:A3)")).toBeUndefined();
    expect(mentionsDsg("=ROUND(_xldudf_DSG_FINYEAR(A1),0)")).toBe(true);
    expect(mentionsDsg("=MYDSG.FINYEAR(A1)")).toBe(false);
  });

  test("arguments: references, constants, left out, calculations", () => {
    const call = parseDsgFormula('=DSG.HOURSCOST(Register!B2:B10, 14.95, , -5, "2", B3*2, {1,2}, Rate)')!;
    const kinds = call.args.map((a: Arg) => a.kind);
    expect(kinds).toEqual(["ref", "number", "omitted", "number", "text", "expr", "array", "name"]);
    expect(call.args[0]).toMatchObject({ sheet: "Register", area: { top: 1, bottom: 9, left: 1, right: 1 } });
    expect(call.args[3]).toMatchObject({ value: -5 });
    expect(call.args[6]).toMatchObject({ value: [[1, 2]] });
  });

  test("a percentage constant is a fraction", () => {
    expect(parseDsgFormula("=DSG.TRANSFERAMOUNT(B1,0.5%)")!.args[1]).toMatchObject({
      kind: "number",
      value: 0.005,
    });
  });

  test("a call inside a longer formula is found, but the formula is not one call", () => {
    const f = "=ROUND(DSG.HOURSCOST(B2,C2),0)+DSG.FINYEAR(A1)";
    expect(parseDsgFormula(f)).toBeUndefined();
    const calls = findDsgCalls(f);
    expect(calls.map((c) => [c.fn, c.text])).toEqual([
      ["HOURSCOST", "DSG.HOURSCOST(B2,C2)"],
      ["FINYEAR", "DSG.FINYEAR(A1)"],
    ]);
    expect(f.slice(calls[0].start, calls[0].end)).toBe("DSG.HOURSCOST(B2,C2)");
  });

  test("a call with no arguments has none (not one left out)", () => {
    expect(findDsgCalls("=DSG.FINYEAR()")[0].args).toEqual([]);
  });
});

describe("references", () => {
  test("a shared formula's other cells (as the file stores them)", () => {
    expect(translateFormula("_xldudf_DSG_HOURSCOST(B2,$C$1,'My sheet'!D2)", 2, 0)).toBe(
      "_xldudf_DSG_HOURSCOST(B4,$C$1,'My sheet'!D4)",
    );
    expect(translateFormula("=DSG.FINYEAR(A2)", 0, 1)).toBe("=DSG.FINYEAR(B2)");
  });

  test("one cell of a range argument for a spilled element", () => {
    const arg = parseDsgFormula("=DSG.FINYEAR(Dates!A2:A10)")!.args[0] as Extract<Arg, { kind: "ref" }>;
    expect(elementRef(arg, 3, 0)).toBe("Dates!A5");
    const single = parseDsgFormula("=DSG.HOURSCOST(B2:B5,$C$1)")!.args[1] as Extract<Arg, { kind: "ref" }>;
    expect(elementRef(single, 3, 0)).toBe("$C$1");
  });
});
