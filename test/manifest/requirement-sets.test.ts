/**
 * The manifest's requirement sets match the code (issue 11, item 3). api-sets.ts resolves every
 * Office API member src/ uses to its declaration in the Office type packages and reads the set it
 * needs from the annotation there; each use must be covered by a set the manifest declares or sit
 * behind an isSetSupported check (what "behind" means is in api-sets.ts). In-memory fixtures show
 * the test fails on an unguarded newer call, a check for too low a version, and the rest.
 */
import * as fs from "fs";
import * as path from "path";
import {
  ROOT,
  analyse,
  compareVersions,
  describeViolations,
  parseApiSets,
  unguardedNeeds,
  violations,
  type Analysis,
  type RegisteredGate,
  type Sets,
} from "./api-sets";
import { parseXml, type XmlElement } from "./manifest-check";

jest.setTimeout(120_000);

/**
 * Flags the analysis cannot follow by itself. readSnapshot (src/workbook/office/read.ts) keeps
 * `extras = { visible: supports(9), merges: supports(13) }` and hands it to queueProbes, which asks
 * for visible cells and merged areas only when the flag is true.
 */
const REGISTERED_GATES: readonly RegisteredGate[] = [
  {
    file: "src/workbook/office/read.ts",
    condition: "extras.visible",
    set: "ExcelApi",
    version: "1.9",
    origin: "visible: supports(9)",
    because: "set from supports(9) and only ever lowered to false (the retry without extras)",
  },
  {
    file: "src/workbook/office/read.ts",
    condition: "extras.merges",
    set: "ExcelApi",
    version: "1.13",
    origin: "merges: supports(13)",
    because: "set from supports(13) and only ever lowered to false (the retry without extras)",
  },
];

/** The <Requirements><Sets> of a manifest: set → MinVersion (or the Sets' DefaultMinVersion). */
function declaredSets(xml: string): Map<string, string> {
  const all = (el: XmlElement): XmlElement[] => [el, ...el.children.flatMap(all)];
  const local = (el: XmlElement) => el.name.replace(/^.*:/, "");
  const root = parseXml(xml);
  const officeApp = local(root) === "OfficeApp" ? root : undefined;
  const requirements = officeApp?.children.find((c) => local(c) === "Requirements");
  const out = new Map<string, string>();
  for (const sets of (requirements ? all(requirements) : []).filter((e) => local(e) === "Sets")) {
    for (const set of sets.children.filter((c) => local(c) === "Set"))
      out.set(set.attrs.Name, set.attrs.MinVersion ?? sets.attrs.DefaultMinVersion ?? "1.1");
  }
  return out;
}

const manifest = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
const sets = (entries: Record<string, string>): Sets => new Map(Object.entries(entries));

describe("reading the Office annotations", () => {
  test.each([
    ["[Api set: ExcelApi 1.10]", "read", { ExcelApi: "1.10" }],
    ["[Api set: CustomFunctionsRuntime 1.2]", "read", { CustomFunctionsRuntime: "1.2" }],
    ["[Api set: ExcelApi 1.1 for get, 1.8 for set]", "read", { ExcelApi: "1.1" }],
    ["[Api set: ExcelApi 1.1 for get, 1.8 for set]", "write", { ExcelApi: "1.8" }],
    ["[Api set: ExcelApi 1.1 for reading visibility; 1.2 for setting it.]", "write", { ExcelApi: "1.2" }],
    // Parameter notes cannot be told apart from the call: the strictest version counts.
    [
      "[Api set: ExcelApi 1.1 for String,Integer,Double,Boolean,Range,Error; 1.7 for Array]",
      "read",
      { ExcelApi: "1.7" },
    ],
    ["[Api set: ExcelApi 1.9, ExcelApi Preview for null `destinationRange`]", "read", { ExcelApi: "1.9" }],
    [
      "**Requirement set**: {@link https://learn.microsoft.com/x#sharedruntime | SharedRuntime 1.2}",
      "read",
      { SharedRuntime: "1.2" },
    ],
    [
      "**Requirement set**: {@link https://learn.microsoft.com/x#customxmlparts | CustomXmlParts}",
      "read",
      { CustomXmlParts: "1.1" },
    ],
    ["**Requirement set**: Not in a set", "read", {}],
  ] as const)("%s (%s)", (doc, access, expected) => {
    expect(Object.fromEntries(parseApiSets(doc, access))).toEqual(expected);
  });

  test("versions compare as numbers: 1.10 is above 1.9", () => {
    expect(compareVersions("1.10", "1.9")).toBe(1);
    expect(compareVersions("1.7", "1.7")).toBe(0);
    expect(compareVersions("1.2", "1.13")).toBe(-1);
  });

  test("the manifest's sets are read from <Requirements>", () => {
    const xml = `<OfficeApp><Requirements><Sets DefaultMinVersion="1.3"><Set Name="ExcelApi" MinVersion="1.7"/><Set Name="SharedRuntime"/></Sets></Requirements></OfficeApp>`;
    expect(Object.fromEntries(declaredSets(xml))).toEqual({ ExcelApi: "1.7", SharedRuntime: "1.3" });
  });
});

// ---------------------------------------------------------------------------------------------
// Fixtures: small sources compiled in memory with the project's compiler options.

const FIXTURE_DIR = path.join(ROOT, "test", "manifest", "fixtures-in-memory");
const hostImport = `import type { ApiSupport } from "../../../src/workbook/office/host";`;
const fixtures: Record<string, string> = {
  // A deliberately unguarded newer call: Range.getSpillingToRangeOrNullObject is ExcelApi 1.12.
  "unguarded.ts": `export async function share(): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.getActiveCell().getSpillingToRangeOrNullObject();
    await context.sync();
  });
}`,
  "guarded.ts": `export async function share(): Promise<void> {
  if (Office.context.requirements.isSetSupported("ExcelApi", "1.12")) {
    await Excel.run(async (context) => {
      context.workbook.getActiveCell().getSpillingToRangeOrNullObject();
      await context.sync();
    });
  }
}`,
  "too-low.ts": `export function share(context: Excel.RequestContext): void {
  if (Office.context.requirements.isSetSupported("ExcelApi", "1.11")) context.workbook.getActiveCell().getSpillingToRangeOrNullObject();
}`,
  "early-exit.ts": `export function share(context: Excel.RequestContext): void {
  if (!Office.context.requirements.isSetSupported("ExcelApi", "1.12")) throw new Error("update Excel");
  context.workbook.getActiveCell().getSpillingToRangeOrNullObject();
}`,
  "const-alias.ts": `export function share(context: Excel.RequestContext): void {
  const canSpill = Office.context.requirements.isSetSupported("ExcelApi", "1.12");
  const spill = canSpill ? context.workbook.getActiveCell().getSpillingToRangeOrNullObject() : undefined;
  void spill;
}`,
  "let-flag.ts": `export function share(context: Excel.RequestContext): void {
  let canSpill = Office.context.requirements.isSetSupported("ExcelApi", "1.12");
  canSpill = true;
  if (canSpill) context.workbook.getActiveCell().getSpillingToRangeOrNullObject();
}`,
  "helper-guarded.ts": `function spillOf(context: Excel.RequestContext): void {
  context.workbook.getActiveCell().getSpillingToRangeOrNullObject();
}
export function share(context: Excel.RequestContext): void {
  if (Office.context.requirements.isSetSupported("ExcelApi", "1.12")) spillOf(context);
}`,
  "helper-leaks.ts": `function spillOf(context: Excel.RequestContext): void {
  context.workbook.getActiveCell().getSpillingToRangeOrNullObject();
}
export function share(context: Excel.RequestContext): void {
  if (Office.context.requirements.isSetSupported("ExcelApi", "1.12")) spillOf(context);
  spillOf(context);
}`,
  "helper-as-value.ts": `function spillOf(context: Excel.RequestContext): void {
  context.workbook.getActiveCell().getSpillingToRangeOrNullObject();
}
export function share(context: Excel.RequestContext): void {
  if (Office.context.requirements.isSetSupported("ExcelApi", "1.12")) spillOf(context);
}
export const steps = { spillOf };`,
  "closure.ts": `export function plan(): Array<(context: Excel.RequestContext) => void> {
  const ops: Array<(context: Excel.RequestContext) => void> = [];
  if (Office.context.requirements.isSetSupported("ExcelApi", "1.12"))
    ops.push((context) => { context.workbook.getActiveCell().getSpillingToRangeOrNullObject(); });
  return ops;
}`,
  "api-support.ts": `${hostImport}
export function write(sheet: Excel.Worksheet, supports: ApiSupport): void {
  if (supports(12)) sheet.getRange("A1").getSpillingToRangeOrNullObject();
  if (supports(11)) sheet.getRange("A2").getSpillingToRangeOrNullObject();
}`,
  "load-string.ts": `export function read(range: Excel.Range, names: readonly ("values" | "hasSpill")[], any: string): void {
  range.load("address,hasSpill");
  range.load("address,nosuchproperty");
  const joined = names.join(",");
  range.load(joined);
  range.load(any);
}`,
  "destructure.ts": `export function read(range: Excel.Range): boolean {
  const { address } = range;
  const { hasSpill } = range;
  return address !== "" && range["hasSpill"] && hasSpill;
}`,
  "read-write.ts": `export function calc(context: Excel.RequestContext): void {
  const mode = context.application.calculationMode;
  context.application.calculationMode = "Manual";
  void mode;
}`,
  "object-literal.ts": `export function zoom(sheet: Excel.Worksheet): void {
  const layout: Excel.PageLayout = sheet.pageLayout;
  layout.zoom = { horizontalFitToPages: 1 };
}`,
  "custom-error.ts": `export const failed = () => new CustomFunctions.Error("#VALUE!" as CustomFunctions.ErrorCode, "bad");`,
};

/** What every fixture is measured against: a manifest of ExcelApi 1.7 and CustomFunctionsRuntime 1.1. */
const FIXTURE_DECLARED = sets({ ExcelApi: "1.7", CustomFunctionsRuntime: "1.1", SharedRuntime: "1.1" });

describe("the check, on in-memory sources", () => {
  let analysis: Analysis;
  const found = (name: string) => {
    const file = path.relative(ROOT, path.join(FIXTURE_DIR, name));
    const list = violations(
      analysis.uses.filter((u) => u.file === file),
      FIXTURE_DECLARED,
    );
    return list.map((v) => `${v.use.line} ${v.use.member} ${v.set} ${v.version}`);
  };

  beforeAll(() => {
    analysis = analyse({
      files: [],
      virtual: Object.fromEntries(
        Object.entries(fixtures).map(([name, text]) => [path.join(FIXTURE_DIR, name), text]),
      ),
    });
  });

  test("a deliberately unguarded Range.getSpillingToRangeOrNullObject (ExcelApi 1.12) fails", () => {
    expect(found("unguarded.ts")).toEqual(["3 Excel.Range.getSpillingToRangeOrNullObject ExcelApi 1.12"]);
    const message = describeViolations(
      violations(
        analysis.uses.filter((u) => u.file.endsWith("unguarded.ts")),
        FIXTURE_DECLARED,
      ),
    );
    expect(message).toContain(
      "Excel.Range.getSpillingToRangeOrNullObject (read) needs ExcelApi 1.12; the manifest declares 1.7",
    );
  });

  test("inside if (isSetSupported('ExcelApi', '1.12')) it passes", () => {
    expect(found("guarded.ts")).toEqual([]);
  });

  test("a check for a lower version does not cover it", () => {
    expect(found("too-low.ts")).toEqual(["2 Excel.Range.getSpillingToRangeOrNullObject ExcelApi 1.12"]);
  });

  test("after if (!isSetSupported(...)) throw, the rest of the block is covered", () => {
    expect(found("early-exit.ts")).toEqual([]);
  });

  test("a const holding the check covers the branch it chooses; a let that is reassigned does not", () => {
    expect(found("const-alias.ts")).toEqual([]);
    expect(found("let-flag.ts")).toEqual(["4 Excel.Range.getSpillingToRangeOrNullObject ExcelApi 1.12"]);
  });

  test("a helper called only behind the check is covered; one call outside it is not", () => {
    expect(found("helper-guarded.ts")).toEqual([]);
    expect(found("helper-leaks.ts")).toEqual(["2 Excel.Range.getSpillingToRangeOrNullObject ExcelApi 1.12"]);
    // Handed out as a value ({ spillOf }), it could run anywhere.
    expect(found("helper-as-value.ts")).toEqual([
      "2 Excel.Range.getSpillingToRangeOrNullObject ExcelApi 1.12",
    ]);
  });

  test("a closure made behind the check is covered wherever it runs", () => {
    expect(found("closure.ts")).toEqual([]);
  });

  test("the adapter's ApiSupport function is a check for ExcelApi 1.<minor>", () => {
    expect(found("api-support.ts")).toEqual(["4 Excel.Range.getSpillingToRangeOrNullObject ExcelApi 1.12"]);
  });

  test("load() strings are checked property by property, and a name that is no property is reported", () => {
    // names.join(",") over ("values" | "hasSpill")[] may load hasSpill: line 5 needs 1.12 too.
    expect(found("load-string.ts")).toEqual([
      "2 Excel.Range.hasSpill ExcelApi 1.12",
      "5 Excel.Range.hasSpill ExcelApi 1.12",
    ]);
    expect(analysis.problems.filter((p) => p.includes("load-string.ts"))).toEqual([
      expect.stringMatching(
        /load-string\.ts:3: load\("nosuchproperty"\): nosuchproperty is no property of Range/,
      ),
      expect.stringMatching(/load-string\.ts:6: load\(\) with a non-literal argument cannot be checked/),
    ]);
  });

  test('destructuring and x["name"] are checked like x.name', () => {
    expect(found("destructure.ts")).toEqual([
      "3 Excel.Range.hasSpill ExcelApi 1.12",
      "4 Excel.Range.hasSpill ExcelApi 1.12",
    ]);
  });

  test("a property readable in 1.1 but writable only from 1.8 fails only when written", () => {
    expect(found("read-write.ts")).toEqual(["3 Excel.Application.calculationMode ExcelApi 1.8"]);
  });

  test("Worksheet.pageLayout (1.9) fails; its own 1.9 members add nothing once the object exists", () => {
    expect(found("object-literal.ts")).toEqual(["2 Excel.Worksheet.pageLayout ExcelApi 1.9"]);
  });

  test("CustomFunctions.Error needs CustomFunctionsRuntime 1.2", () => {
    expect(found("custom-error.ts")).toEqual(["1 CustomFunctions.Error CustomFunctionsRuntime 1.2"]);
  });
});

// ---------------------------------------------------------------------------------------------
// The real source and the real manifest.

describe("src/ against manifest.xml", () => {
  let analysis: Analysis;
  const declared = declaredSets(manifest);

  beforeAll(() => {
    analysis = analyse({ gates: REGISTERED_GATES });
  });

  test("every Office API member src/ uses is declared in the manifest or behind an isSetSupported check", () => {
    expect(analysis.uses.length).toBeGreaterThan(20);
    expect(describeViolations(violations(analysis.uses, declared))).toBe("");
    expect(analysis.problems).toEqual([]);
  });

  test("the manifest asks for exactly what the unguarded code needs (no host is turned away for nothing)", () => {
    const needed = unguardedNeeds(analysis.uses);
    // SharedRuntime is declared for the runtime the manifest sets up, not for an API call.
    const apiSets = new Map([...declared].filter(([set]) => set !== "SharedRuntime"));
    expect(Object.fromEntries(apiSets)).toEqual(Object.fromEntries(needed));
    expect(declared.get("SharedRuntime")).toBe("1.1");
  });

  test("the numbers this rests on: ExcelApi 1.7 and CustomFunctionsRuntime 1.2", () => {
    expect(Object.fromEntries(declared)).toEqual({
      ExcelApi: "1.7",
      SharedRuntime: "1.1",
      CustomFunctionsRuntime: "1.2",
    });
  });

  test("spill look-ups (1.12), print setup and grouped styles (1.9) run only behind their checks; Share's Worksheet.copy is 1.7", () => {
    const guardOf = (member: string) =>
      analysis.uses.filter((u) => u.member === member).map((u) => `${u.file} ${u.guards.get("ExcelApi")}`);
    expect(guardOf("Excel.Range.getSpillParentOrNullObject")).toEqual(["src/workbook/office/cells.ts 1.12"]);
    expect(guardOf("Excel.Range.getSpillingToRangeOrNullObject")).toEqual([
      "src/workbook/office/copy.ts 1.12",
    ]);
    expect(guardOf("Excel.Worksheet.pageLayout")).toEqual(["src/workbook/office/plan.ts 1.9"]);
    expect(guardOf("Excel.Worksheet.getRanges")).toEqual(["src/workbook/office/plan.ts 1.9"]);
    // @types/office-js: "[Api set: ExcelApi 1.7]" on Worksheet.copy, so the manifest's 1.7 covers Share.
    const copy = analysis.uses.filter((u) => u.member === "Excel.Worksheet.copy");
    expect(copy.map((u) => [u.file, u.needs.get("ExcelApi")])).toEqual([
      ["src/workbook/office/copy.ts", "1.7"],
    ]);
  });

  test("each registered gate is still used and still set from a real check", () => {
    for (const gate of REGISTERED_GATES) {
      expect(analysis.gatesUsed.has(`${gate.file}: ${gate.condition}`)).toBe(true);
      expect(fs.readFileSync(path.join(ROOT, gate.file), "utf8")).toContain(gate.origin);
    }
  });

  test("ApiSupport, which the check trusts, asks Office for ExcelApi 1.<minor>", () => {
    const host = fs.readFileSync(path.join(ROOT, "src/workbook/office/host.ts"), "utf8");
    expect(host).toContain("export type ApiSupport = (minor: number) => boolean;");
    expect(host).toContain('(minor) => requirements.isSetSupported("ExcelApi", `1.${minor}`)');
  });
});
