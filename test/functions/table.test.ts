/**
 * The function table (src/functions/table.ts) against everything that says the same things in
 * other words: the JSDoc Excel reads (names, order, optional flags, help text and stated defaults),
 * the help pages in docs/functions (argument order, required or default, units), and core (each
 * stated bound is where core starts refusing a value).
 */
import * as fs from "fs";
import * as path from "path";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import * as DSG from "../../src/functions/functions";
import { FUNCTIONS, functionRow, type FunctionName } from "../../src/functions/table";
import type { ParamSpec } from "../../src/functions/runner";

interface MetadataParam {
  name: string;
  description?: string;
  optional?: boolean;
}
interface MetadataFunction {
  id: string;
  parameters: MetadataParam[];
}

const SOURCE = path.resolve(__dirname, "../../src/functions/functions.ts");
const DOCS = path.resolve(__dirname, "../../docs/functions");
const rows = Object.entries(FUNCTIONS) as [FunctionName, (typeof FUNCTIONS)[FunctionName]][];

let metadata: MetadataFunction[] = [];
beforeAll(async () => {
  const generated = await generateCustomFunctionsMetadata([SOURCE], true);
  expect(generated.errors).toEqual([]);
  metadata = JSON.parse(generated.metadataJson).functions;
}, 60000);

/**
 * The default a JSDoc @param text states, read the way the descriptions are written:
 * ✓ "Weeks funded a year. Default 38." → 38   ✓ '"days" (default), "weeks" …' → "days"
 * ✓ "Default: the first value column." → "in words" (worked out by core, no literal)
 * ✗ "Pupils this year." → "none"
 */
function statedDefault(description: string): number | string | "in words" | "none" {
  const number = /\bDefault (-?\d+(?:\.\d+)?)\./.exec(description);
  if (number) return Number(number[1]);
  const word = /"([a-z]+)" \(default\)/.exec(description);
  if (word) return word[1];
  if (/\bDefault: /.test(description)) return "in words";
  return "none";
}

describe("each row of the table", () => {
  test("is filed under its own name, and every parameter has a label, a unit and help", () => {
    expect(rows.map(([key]) => key)).toHaveLength(12);
    for (const [key, row] of rows) {
      expect(row.name).toBe(key);
      expect(functionRow(key)).toBe(row);
      expect(row.summary).toMatch(/^[A-Z].{20,}\.$/);
      for (const param of row.params as readonly ParamSpec[]) {
        const where = `${key}.${param.name}`;
        expect({ where, label: param.label }).toEqual({ where, label: expect.stringMatching(/^[A-Z]/) });
        expect({ where, help: param.help }).toEqual({ where, help: expect.stringMatching(/^.{10,}[.)]$/) });
        if (param.min !== undefined && param.max !== undefined) expect(param.min).toBeLessThan(param.max);
        // A required parameter has no default to fall back on.
        if (!param.optional) expect({ where, default: param.default }).toEqual({ where, default: undefined });
      }
    }
    expect(functionRow("NOSUCH")).toBeUndefined();
    expect(functionRow("toString")).toBeUndefined();
  });
});

describe("the JSDoc in functions.ts says what the table says", () => {
  test("the same functions, parameter names in the same order, the same optional flags", () => {
    expect(metadata.map((fn) => fn.id).sort()).toEqual(rows.map(([key]) => key).sort());
    for (const [key, row] of rows) {
      const fn = metadata.find((f) => f.id === key)!;
      expect({ fn: key, params: fn.parameters.map((p) => [p.name, Boolean(p.optional)]) }).toEqual({
        fn: key,
        params: row.params.map((p) => [p.name, Boolean(p.optional)]),
      });
    }
  });

  test("each @param's text is the parameter's help in the table", () => {
    for (const [key, row] of rows) {
      const fn = metadata.find((f) => f.id === key)!;
      row.params.forEach((param, i) => {
        const where = `${key}.${param.name}`;
        expect({ where, text: fn.parameters[i].description }).toEqual({ where, text: param.help });
      });
    }
  });

  test("a default stated in the text is the table's default, and a table default is stated", () => {
    for (const [key, row] of rows) {
      const fn = metadata.find((f) => f.id === key)!;
      row.params.forEach((param, i) => {
        const where = `${key}.${param.name}`;
        const stated = statedDefault(fn.parameters[i].description ?? "");
        const expected = stated === "in words" || stated === "none" ? undefined : stated;
        expect({ where, default: param.default }).toEqual({ where, default: expected });
      });
    }
  });

  test("the defaults read as they should (a check of statedDefault itself)", () => {
    expect(statedDefault("Weeks funded a year. Default 38.")).toBe(38);
    expect(statedDefault('"scale" (default): one factor')).toBe("scale");
    expect(statedDefault("Default: the first value column.")).toBe("in words");
    expect(statedDefault("Pupils this year.")).toBe("none");
    // The weeks every hours-based cost is paid for when none are given (domain.md §3.3: 38 pupil weeks).
    expect(FUNCTIONS.HOURSCOST.params.find((p) => p.name === "weeks")?.default).toBe(38);
  });
});

/** The argument table of a help page: each row's names, its text, and its default cell if any. */
function pageArguments(fn: string): { names: string[]; text: string; default?: string }[] {
  const lines = fs.readFileSync(path.join(DOCS, `${fn.toLowerCase()}.md`), "utf8").split("\n");
  const header = lines.findIndex((line) => /^\| argument\s*\|/.test(line));
  if (header < 0) throw new Error(`${fn}: the help page has no "| argument |" table`);
  const hasDefault = / default\s*\|\s*$/.test(lines[header]);
  const out: { names: string[]; text: string; default?: string }[] = [];
  for (let i = header + 2; i < lines.length && lines[i].startsWith("|"); i++) {
    const cells = lines[i]
      .replace(/^\||\|$/g, "")
      .split("|")
      .map((cell) => cell.trim());
    const names = [...cells[0].matchAll(/`([A-Za-z0-9]+)`/g)].map((m) => m[1]);
    out.push({ names, text: cells[1], ...(hasDefault ? { default: cells[2] } : {}) });
  }
  return out;
}

/** A table default as a page writes it: 38, `"days"`. */
const pageDefault = (value: number | string): string =>
  typeof value === "number" ? String(value) : `\`"${value}"\``;

/** Words a page row must hold for a unit: a £ amount says £, a percentage gives a % example. */
const UNIT_WORDS: Partial<Record<ParamSpec["unit"], readonly string[]>> = {
  "£": ["£"],
  "%": ["%"],
  "% or £": ["%", "£"],
  date: ["date"],
};

describe("the help pages in docs/functions agree with the table", () => {
  test.each(rows.map(([key]) => key))("DSG.%s", (key) => {
    const row = FUNCTIONS[key];
    const page = pageArguments(key);
    expect(page.flatMap((r) => r.names)).toEqual(row.params.map((p) => p.name));
    for (const param of row.params as readonly ParamSpec[]) {
      const line = page.find((r) => r.names.includes(param.name))!;
      const where = `${key}.${param.name}`;
      for (const word of UNIT_WORDS[param.unit] ?? [])
        expect({ where, unit: param.unit, says: line.text.includes(word) }).toEqual({
          where,
          unit: param.unit,
          says: true,
        });
      if (line.default === undefined) {
        // A page without a default column lists required arguments only.
        expect({ where, optional: Boolean(param.optional) }).toEqual({ where, optional: false });
        continue;
      }
      if (!param.optional)
        expect({ where, page: line.default }).toEqual({ where, page: expect.stringMatching(/^required/) });
      else if (param.default !== undefined)
        expect({ where, page: line.default }).toEqual({ where, page: pageDefault(param.default) });
      else
        expect({ where, page: line.default }).toEqual({
          where,
          page: expect.not.stringMatching(/^required/),
        });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Bounds: at each stated bound core accepts the value; just beyond it, core refuses with #NUM!.

/** One call of each function that works, as Excel passes it; each bound is tried in turn in it. */
const WORKING_CALLS: Record<FunctionName, unknown[]> = {
  // 25 hours × £13.04 × 38 weeks less £6,000 (Oxfordshire's rate, domain.md §3.3).
  HOURSCOST: [[[25]], [[13.04]], [[38]], [[6000]], [[1]]],
  // A Schools Block at the largest amount accepted, so its bound and excluded's can both be tried.
  TRANSFERAMOUNT: [[[1e12]], [[0.005]], [[0]]],
  MFGFLOOR: [[[1]], [[1]], [[0]]],
  // All zeros: any one count or rate at £1tn still gives a total within the limit.
  MPPL: [[[0]], [[0]], [[0]], [[0]], [[0]], [[0]]],
  NEEDSCORE: [[[2]], [[4]], [[16]]],
  // One school at the largest budget accepted, taking nothing; per pupil, so pupils are checked too.
  TRANSFERIMPACT: [[[1e12]], [[0]], [[0]], [[10]], [["perpupil"]], null],
  PLACEMENTCOSTS: [[["INMSS", 100, 64000, 0.1, 0.05]], [[3]]],
  TRAJECTORY: [[[0]], [[1]], [[1]], [[3]], [[0]], [[0]], [[0]], [[0]], [[0]], [[0]], null],
  BANDCOST: [],
  PRORATA: [],
  FINYEAR: [],
  ACADYEAR: [],
};

const WRAPPERS: Record<FunctionName, (...args: never[]) => unknown[][]> = {
  BANDCOST: DSG.bandcost,
  HOURSCOST: DSG.hourscost,
  NEEDSCORE: DSG.needscore,
  PRORATA: DSG.prorata,
  FINYEAR: DSG.finyear,
  ACADYEAR: DSG.acadyear,
  TRANSFERAMOUNT: DSG.transferamount,
  TRANSFERIMPACT: DSG.transferimpact,
  MFGFLOOR: DSG.mfgfloor,
  MPPL: DSG.mppl,
  PLACEMENTCOSTS: DSG.placementcosts,
  TRAJECTORY: DSG.trajectory,
};

/** Every cell's error code in a result ("" for a value). */
const codes = (out: unknown[][]): string[] =>
  out
    .flat()
    .map((cell) => (typeof cell === "object" && cell !== null ? (cell as { code: string }).code : ""));

const bounded = rows.flatMap(([key, row]) =>
  (row.params as readonly ParamSpec[]).flatMap((param, index) =>
    [
      param.min === undefined ? [] : [[key, param.name, index, "min", param.min] as const],
      param.max === undefined ? [] : [[key, param.name, index, "max", param.max] as const],
    ].flat(),
  ),
);

test("every function whose parameters have bounds has a working call to try them in", () => {
  for (const [key] of bounded) expect({ key, call: WORKING_CALLS[key].length }).not.toEqual({ key, call: 0 });
  expect(bounded.length).toBeGreaterThan(30);
});

describe.each(bounded)("%s %s: %s %s %p", (key, _name, index, side, bound) => {
  const run = (value: number): string[] => {
    const args = [...WORKING_CALLS[key]];
    args[index] = [[value]];
    return codes(WRAPPERS[key](...(args as never[])));
  };
  test("accepted at the bound", () => {
    expect(run(bound).filter((code) => code !== "")).toEqual([]);
  });
  test("refused with #NUM! just beyond it", () => {
    // A whole step beyond for whole numbers (years), a small fraction of the bound otherwise.
    const whole = FUNCTIONS[key].params[index].kind === "years";
    const step = whole ? 1 : Math.max(Math.abs(bound) * 1e-6, 0.0001);
    expect(run(side === "min" ? bound - step : bound + step)).toContain("#NUM!");
  });
});
