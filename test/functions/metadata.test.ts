/**
 * functions.json is generated from the JSDoc in src/functions/functions.ts by the same library the
 * webpack plugin uses. This checks that what Excel will read holds every function of the SPEC's
 * table, in the SPEC's argument order, with the SPEC's optional arguments, and a description for
 * the function and every parameter.
 */
import * as fs from "fs";
import * as path from "path";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import { SHARED_DIR, sharedAvailable } from "../helpers/shared";
import { namingProblems } from "./naming";

interface Param {
  name: string;
  description?: string;
  optional?: boolean;
  dimensionality?: string;
}
interface Fn {
  id: string;
  name: string;
  helpUrl?: string;
  description?: string;
  parameters: Param[];
  result: { dimensionality?: string };
}

const SOURCE = path.resolve(__dirname, "../../src/functions/functions.ts");

let functions: Fn[] = [];
beforeAll(async () => {
  const generated = await generateCustomFunctionsMetadata([SOURCE], true);
  expect(generated.errors).toEqual([]);
  functions = JSON.parse(generated.metadataJson).functions;
}, 60000);

/** `DSG.NAME(a, b, [c], [d])` rows of the SPEC's function table. */
function specFunctions(): { name: string; params: { name: string; optional: boolean }[] }[] {
  const spec = fs.readFileSync(path.join(SHARED_DIR, "SPEC.md"), "utf8");
  const rows = [...spec.matchAll(/^\| `DSG\.([A-Z]+)\(([^)]*)\)` \|/gm)];
  return rows.map(([, name, args]) => ({
    name,
    params: args
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean)
      .map((a) => ({ name: a.replace(/[[\]]/g, ""), optional: a.startsWith("[") })),
  }));
}

test("every function and parameter has a description; ranges are accepted everywhere", () => {
  expect(functions.length).toBeGreaterThan(0);
  for (const fn of functions) {
    expect(fn.description?.trim().length).toBeGreaterThan(10);
    for (const p of fn.parameters) {
      expect({ fn: fn.id, p: p.name, described: (p.description ?? "").trim().length > 5 }).toEqual({
        fn: fn.id,
        p: p.name,
        described: true,
      });
      expect(p.dimensionality).toBe("matrix");
    }
    expect(fn.result.dimensionality).toBe("matrix");
  }
});

test("the metadata holds exactly the SPEC's functions, argument order and optional arguments", () => {
  if (!sharedAvailable("The SPEC function-table check")) return;
  const spec = specFunctions();
  expect(spec.length).toBe(12);
  expect(functions.map((f) => f.id).sort()).toEqual(spec.map((s) => s.name).sort());
  for (const s of spec) {
    const fn = functions.find((f) => f.id === s.name)!;
    expect({
      fn: s.name,
      params: fn.parameters.map((p) => ({ name: p.name, optional: !!p.optional })),
    }).toEqual({
      fn: s.name,
      params: s.params,
    });
  }
});

test("each function has a help page in docs/functions", () => {
  for (const fn of functions) {
    const page = path.resolve(__dirname, `../../docs/functions/${fn.id.toLowerCase()}.md`);
    expect({ fn: fn.id, exists: fs.existsSync(page) }).toEqual({ fn: fn.id, exists: true });
    const text = fs.readFileSync(page, "utf8");
    for (const p of fn.parameters)
      expect({ fn: fn.id, mentions: p.name, found: text.includes(p.name) }).toMatchObject({ found: true });
  }
});

describe("Microsoft's custom-function naming rules (test/functions/naming.ts)", () => {
  test("every generated id and name follows them", () => {
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions)
      expect({ fn: fn.id, problems: namingProblems(fn.id, fn.name) }).toEqual({
        fn: fn.id,
        problems: [],
      });
  });

  test.each([
    ["FY", /shorter than three/],
    ["FY2026", /cell reference/],
    ["XFD1048576", /cell reference/],
    ["R1C1", /cell reference/],
    ["RUN", /macro function/],
    ["ECHO", /macro function/],
    ["3RD", /start with a letter/],
    ["BAND-COST", /characters other than/],
  ])("the checker rejects %s", (name, why) => {
    expect(namingProblems(name, name).join("; ")).toMatch(why);
  });

  test.each(["FINYEAR", "ACADYEAR", "XFE1", "A1048577", "BANDCOST"])("the checker accepts %s", (name) => {
    expect(namingProblems(name, name)).toEqual([]);
  });
});

describe("help pages (scripts/help-pages.js renders docs/functions into the built site)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the webpack build's own CommonJS module
  const { helpPages, renderMarkdown } = require("../../scripts/help-pages") as {
    helpPages: () => Record<string, string>;
    renderMarkdown: (md: string) => string;
  };

  test("every function's helpUrl names its own rendered page", () => {
    const pages = helpPages();
    for (const fn of functions) {
      const page = `help/${fn.id.toLowerCase()}.html`;
      expect({ fn: fn.id, helpUrl: fn.helpUrl }).toEqual({
        fn: fn.id,
        helpUrl: `https://localhost:3000/${page}`,
      });
      expect({ fn: fn.id, rendered: page in pages }).toEqual({ fn: fn.id, rendered: true });
      expect(pages[page]).toContain(`<h1>DSG.${fn.id}</h1>`);
    }
  });

  test("the renderer escapes text and turns page links into built pages", () => {
    const html = renderMarkdown(
      "# DSG.X\n\nA <b> & `=A1<2` see [DSG.FINYEAR](finyear.md).\n\n| a | b |\n| - | - |\n| `x` | **y** |\n\n- one\n- two",
    );
    expect(html).toContain("<h1>DSG.X</h1>");
    expect(html).toContain("A &lt;b&gt; &amp; <code>=A1&lt;2</code>");
    expect(html).toContain('<a href="finyear.html">DSG.FINYEAR</a>');
    expect(html).toContain('<th scope="col">a</th>');
    expect(html).toContain("<td><code>x</code></td><td><strong>y</strong></td>");
    expect(html).toContain("<ul><li>one</li><li>two</li></ul>");
  });
});
