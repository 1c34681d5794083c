/**
 * Sensitivity of the deficit plan: low and high cases of the mitigated series with EHCP growth ±2
 * points and cost inflation ±1 point (spreads on the Rules sheet), as a table and a band on the
 * chart. The expected series are worked out here by calling core trajectory() on expenditure
 * shifted by hand-written rates, never read back from the paper; LibreOffice recalculates the
 * written workbook and must give the same series, and moves them when the Rules spread is edited.
 */

import { spawnSync } from "child_process";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { isCellError } from "../../src/core/errors";
import { roundHalfUp } from "../../src/core/money";
import { trajectory, type TrajectoryResult } from "../../src/core/trajectory";
import { buildPapers, type PaperOptions } from "../../src/papers";
import { a1, type SheetSpec } from "../../src/papers/spec";
import { writePapersWorkbook } from "../../src/workbook/xlsx/write";
import { describeWithLibreOffice, recalculateXlsx } from "../helpers/libreoffice";
import { SHARED_DIR, sharedAvailable } from "../helpers/shared";
import { readBack, type ReadBack } from "../helpers/xlsx-read";
import { MEETING, deficitPlan, fullDatasets } from "./fixtures";
import {
  constantProblems,
  evaluatorMismatches,
  functionProblems,
  hyperFormulaMismatches,
  referenceProblems,
  structureProblems,
} from "./invariants";
import { headers, labelled, rows, sheet, table } from "./sheets";

const T = "DeficitSensitivity";
const PLAN = "Deficit plan";
/** The plan's rates the paper's input cells start at (England's EHCP growth; INMSS cost per pupil). */
const EHCP = 0.108;
const INFLATION = 0.043;
const SCENARIO = { savingsDelivered: 0.615, expenditurePressure: 0.0337 };
const LOW_CUM = "Low case cumulative balance, mitigated (£)";
const HIGH_CUM = "High case cumulative balance, mitigated (£)";
const LOW_IN = "Low case in-year surplus/(deficit), mitigated (£)";
const HIGH_IN = "High case in-year surplus/(deficit), mitigated (£)";
const PENNY = 0.005;

const build = (options: PaperOptions = {}) =>
  buildPapers(fullDatasets(), {
    meetingDate: MEETING,
    papers: ["hnb-monitoring", "dsg-summary", "deficit-plan"],
    ...options,
  });

/**
 * The engine's mitigated series for EHCP growth and cost inflation shifted by `dEhcp` and
 * `dInflation` (fractions) from the plan's, with the scenario applied as the central series has it.
 */
function shifted(
  dEhcp: number,
  dInflation: number,
  scenario = { savingsDelivered: 1, expenditurePressure: 0 },
): TrajectoryResult {
  const pressure: number[] = [];
  deficitPlan.forEach((_, t) =>
    pressure.push(t === 0 ? 1 : pressure[t - 1] * (1 + scenario.expenditurePressure)),
  );
  const central = deficitPlan.map((y, t) => roundHalfUp(y.expenditure * pressure[t], 2));
  const g = EHCP + dEhcp;
  const i = INFLATION + dInflation;
  const factor: number[] = [];
  deficitPlan.forEach((_, t) =>
    factor.push(t === 0 ? 1 : (((factor[t - 1] * (1 + g)) / (1 + EHCP)) * (1 + i)) / (1 + INFLATION)),
  );
  const result = trajectory({
    openingBalance: -2_000_000,
    funding: deficitPlan.map((y) => y.funding),
    expenditure: central.map((e, t) => roundHalfUp(e * factor[t], 2)),
    savings: deficitPlan.map((y) => roundHalfUp(y.savings * scenario.savingsDelivered, 2)),
    transfers: deficitPlan.map((y) => y.transfers),
    otherIncome: deficitPlan.map((y) => y.otherIncome),
    writeOffs: deficitPlan.map((y) => y.writeOffs),
  });
  if (isCellError(result)) throw new Error(`fixture: ${result.message}`);
  return result;
}

const cumulative = (r: TrajectoryResult) => r.rows.map((x) => x.cumulative);
const inYear = (r: TrajectoryResult) => r.rows.map((x) => x.inYear);
const columnOf = (s: SheetSpec, header: string) => rows(s, T).map((r) => r[header]?.value);

describe("the sensitivity cases equal core trajectory() on the shifted inputs", () => {
  const b = build();
  const s = sheet(b, PLAN);

  test("the plan's two rates are inputs; the shifted rates are formulas on them and the Rules spreads", () => {
    expect(labelled(s, "EHCP growth a year the plan assumes (input)")).toMatchObject({
      value: EHCP,
      style: "input",
    });
    expect(labelled(s, "Cost inflation a year the plan assumes (input)")).toMatchObject({
      value: INFLATION,
      style: "input",
    });
    const rules = sheet(b, "Rules");
    expect(labelled(rules, /^EHCP growth spread \(points\)/)).toMatchObject({ value: 0.02, style: "input" });
    expect(labelled(rules, /^Cost inflation spread \(points\)/)).toMatchObject({
      value: 0.01,
      style: "input",
    });
    const rulesRef = (label: RegExp): string => {
      const row = rules.cells.findIndex((line) => label.test(String(line[0]?.value ?? "")));
      return `Rules!${a1(row, 1, true)}`;
    };
    const ehcpSpread = rulesRef(/^EHCP growth spread/);
    const inflationSpread = rulesRef(/^Cost inflation spread/);
    const low = labelled(s, "EHCP growth a year, low case");
    expect(low.formula).toMatch(new RegExp(`^\\$B\\$\\d+-'?Rules'?!${escape(ehcpSpread.slice(6))}$`));
    expect(low.value).toBeCloseTo(0.088, 15);
    expect(labelled(s, "EHCP growth a year, high case").formula).toMatch(/^\$B\$\d+\+'?Rules'?!\$B\$\d+$/);
    expect(labelled(s, "Cost inflation a year, low case").formula).toMatch(
      new RegExp(`^\\$B\\$\\d+-'?Rules'?!${escape(inflationSpread.slice(6))}$`),
    );
    expect(labelled(s, "Cost inflation a year, high case").value).toBeCloseTo(0.053, 15);
  });

  test("plan as written: low and high series are the engine's for 8.8%/3.3% and 12.8%/5.3%", () => {
    expect(columnOf(s, LOW_CUM)).toEqual(cumulative(shifted(-0.02, -0.01)));
    expect(columnOf(s, LOW_IN)).toEqual(inYear(shifted(-0.02, -0.01)));
    expect(columnOf(s, HIGH_CUM)).toEqual(cumulative(shifted(0.02, 0.01)));
    expect(columnOf(s, HIGH_IN)).toEqual(inYear(shifted(0.02, 0.01)));
    // The central column is the mitigated series itself (the cases with no shift).
    expect(columnOf(s, "Central case cumulative balance, mitigated (£)")).toEqual(cumulative(shifted(0, 0)));
    // Higher growth and inflation mean a deeper deficit every year after the first.
    const lowEnd = cumulative(shifted(-0.02, -0.01)).at(-1) as number;
    const highEnd = cumulative(shifted(0.02, 0.01)).at(-1) as number;
    expect(highEnd).toBeLessThan(cumulative(shifted(0, 0)).at(-1) as number);
    expect(lowEnd).toBeGreaterThan(cumulative(shifted(0, 0)).at(-1) as number);
  });

  test("with a scenario, the cases start from the scenario's expenditure and savings", () => {
    const d = sheet(build({ deficitScenario: SCENARIO }), PLAN);
    expect(columnOf(d, LOW_CUM)).toEqual(cumulative(shifted(-0.02, -0.01, SCENARIO)));
    expect(columnOf(d, HIGH_CUM)).toEqual(cumulative(shifted(0.02, 0.01, SCENARIO)));
    expect(columnOf(d, HIGH_IN)).toEqual(inYear(shifted(0.02, 0.01, SCENARIO)));
  });

  test("the table is an Excel table with alt text; every formula computes its cached value", () => {
    const t = table(s, T);
    expect(t.altText).toMatch(/^Sensitivity of the mitigated deficit plan, 5 years/);
    expect(t.altText).toMatch(/EHCP growth 2 points and cost inflation 1 point below and above/);
    expect(headers(s, t)[0]).toBe("Year");
    expect(rows(s, T).map((r) => r.Year?.value)).toEqual(deficitPlan.map((y) => y.year));
    expect(evaluatorMismatches(b.sheets)).toEqual([]);
    expect(hyperFormulaMismatches(b.sheets)).toEqual([]);
    expect(constantProblems(b.sheets)).toEqual([]);
    expect(functionProblems(b.sheets)).toEqual([]);
    expect(referenceProblems(b.sheets)).toEqual([]);
    expect(structureProblems(b).filter((p) => p.includes(T))).toEqual([]);
  });

  test("the chart carries the band: two more series on the sensitivity table, marked as a band round the mitigated line", () => {
    const c = s.charts[0];
    expect(c.series).toHaveLength(4);
    const [low, high] = c.series.slice(2);
    expect(low.bandOf).toBe(1);
    expect(high.bandOf).toBe(1);
    expect(c.series[1].name).toBe("Mitigated");
    expect(low.values).toEqual(cumulative(shifted(-0.02, -0.01)));
    expect(high.values).toEqual(cumulative(shifted(0.02, 0.01)));
    const t = table(s, T);
    const col = headers(s, t).indexOf(LOW_CUM);
    expect(low.valuesRef).toBe(
      `'Deficit plan'!${a1(t.headerRow + 1, col, true)}:${a1(t.headerRow + t.dataRowCount, col, true)}`,
    );
    expect(c.altText).toMatch(/band of thinner dotted and dashed lines round the mitigated balance/);
    expect(c.altText).toMatch(/high case\) to .*\(low case\)\.$/);
    expect(c.anchor.fromRow).toBeGreaterThanOrEqual(s.cells.length);
  });
});

function escape(text: string): string {
  return text.replace(/[$]/g, "\\$");
}

/** The sheet part (xl/worksheets/sheetN.xml) of a named sheet in an .xlsx. */
async function sheetPart(zip: JSZip, name: string): Promise<string> {
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const tag = [...workbook.matchAll(/<sheet [^>]*>/g)]
    .map((m) => m[0])
    .find((t) => t.includes(`name="${name}"`));
  const id = tag && /r:id="([^"]+)"/.exec(tag)?.[1];
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const rel = [...rels.matchAll(/<Relationship [^>]*>/g)]
    .map((m) => m[0])
    .find((t) => t.includes(`Id="${id}"`));
  const target = rel && /Target="([^"]+)"/.exec(rel)?.[1];
  if (!target) throw new Error(`no sheet part for ${name}`);
  return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
}

/** The xlsx with one number cell's value replaced (the cell must hold a plain number). */
async function withCellValue(
  bytes: Uint8Array,
  sheetName: string,
  ref: string,
  value: number,
): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  const part = await sheetPart(zip, sheetName);
  const xml = await zip.file(part)!.async("string");
  const pattern = new RegExp(`(<c r="${ref}"(?: [^>]*)?>)<v>[^<]*</v>`);
  if (!pattern.test(xml)) throw new Error(`no number cell ${sheetName}!${ref}`);
  zip.file(part, xml.replace(pattern, `$1<v>${value}</v>`));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

describeWithLibreOffice("the sensitivity recalculated by LibreOffice", () => {
  let dir: string;
  let spec: SheetSpec;
  let rulesSpec: SheetSpec;
  let bytes: Uint8Array;
  let recalculated: ReadBack;

  /** Addresses of a sensitivity column's data cells. */
  const addresses = (header: string): string[] => {
    const t = table(spec, T);
    const col = headers(spec, t).indexOf(header);
    if (col < 0) throw new Error(`no column ${header}`);
    return Array.from({ length: t.dataRowCount }, (_, i) => a1(t.headerRow + 1 + i, t.firstCol + col));
  };
  const recalculatedColumn = (wb: ReadBack, header: string): unknown[] =>
    addresses(header).map((a) => wb[PLAN]?.[a]?.value ?? wb[PLAN]?.[a]?.error ?? "missing");
  const withinAPenny = (got: unknown[], want: number[]): string[] =>
    want
      .map((w, i) => ({ w, g: got[i] }))
      .filter(({ w, g }) => !(typeof g === "number" && Math.abs(g - w) < PENNY))
      .map(({ w, g }, i) => `row ${i + 1}: LibreOffice ${String(g)}, engine ${w}`);

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "sensitivity-"));
    const b = build({ deficitScenario: SCENARIO });
    spec = sheet(b, PLAN);
    rulesSpec = sheet(b, "Rules");
    bytes = await writePapersWorkbook(b.sheets, { title: "Sensitivity test" });
    const input = path.join(dir, "papers.xlsx");
    await fs.writeFile(input, bytes);
    recalculated = await readBack(await recalculateXlsx(input, path.join(dir, "recalc")));
  }, 180000);

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test("both cases equal the engine's trajectories for the shifted inputs to the penny", () => {
    for (const [header, want] of [
      [LOW_CUM, cumulative(shifted(-0.02, -0.01, SCENARIO))],
      [LOW_IN, inYear(shifted(-0.02, -0.01, SCENARIO))],
      [HIGH_CUM, cumulative(shifted(0.02, 0.01, SCENARIO))],
      [HIGH_IN, inYear(shifted(0.02, 0.01, SCENARIO))],
    ] as const) {
      expect({ header, off: withinAPenny(recalculatedColumn(recalculated, header), want) }).toEqual({
        header,
        off: [],
      });
    }
  });

  test("a wider spread typed on the Rules sheet moves both cases: they are formulas over the Rules input", async () => {
    const row = rulesSpec.cells.findIndex((line) => /^EHCP growth spread/.test(String(line[0]?.value ?? "")));
    expect(row).toBeGreaterThan(0);
    // 2 points → 5 points of EHCP growth either side.
    const edited = await withCellValue(bytes, "Rules", a1(row, 1), 0.05);
    const input = path.join(dir, "edited.xlsx");
    await fs.writeFile(input, edited);
    const after = await readBack(await recalculateXlsx(input, path.join(dir, "edited-recalc")));
    expect(after.Rules?.[a1(row, 1)]?.value).toBe(0.05);
    const lowNow = recalculatedColumn(after, LOW_CUM);
    const highNow = recalculatedColumn(after, HIGH_CUM);
    expect(withinAPenny(lowNow, cumulative(shifted(-0.05, -0.01, SCENARIO)))).toEqual([]);
    expect(withinAPenny(highNow, cumulative(shifted(0.05, 0.01, SCENARIO)))).toEqual([]);
    // And they did move: the last year differs from the 2-point case by more than a pound.
    const before = recalculatedColumn(recalculated, HIGH_CUM);
    expect(Math.abs((highNow.at(-1) as number) - (before.at(-1) as number))).toBeGreaterThan(1);
  }, 180000);
});

/**
 * A part as a consumer that knows only the ECMA-376 namespaces reads it (markup compatibility): the
 * attributes in the namespaces its mc:Ignorable names (ExcelJS writes xr:uid on tables) and the
 * mc:Ignorable attribute itself removed. The schemas have no such attributes, so they reject them.
 */
function withoutIgnorable(xml: string): string {
  const ignorable = /\smc:Ignorable="([^"]*)"/.exec(xml)?.[1].split(/\s+/).filter(Boolean) ?? [];
  let out = xml.replace(/\smc:Ignorable="[^"]*"/g, "");
  for (const prefix of ignorable) out = out.replace(new RegExp(`\\s${prefix}:[\\w.-]+="[^"]*"`, "g"), "");
  return out;
}

// The chart and table parts the sensitivity adds, checked against the ECMA-376 schemas (../shared).
const SCHEMAS = path.join(SHARED_DIR, "schemas", "ooxml", "xmllint");
const xmllintMissing = spawnSync("xmllint", ["--version"]).error !== undefined;
if (xmllintMissing && process.env.CI === "true")
  throw new Error("xmllint is required: apt-get install -y libxml2-utils");
const haveSchemas = !xmllintMissing && sharedAvailable("The OOXML schema check");
(haveSchemas ? describe : describe.skip)(
  "the written parts validate against the OOXML schemas (xmllint)",
  () => {
    test("the chart part (dml-chart.xsd) and every table part (sml.xsd)", async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), "sensitivity-xsd-"));
      try {
        const zip = await JSZip.loadAsync(
          await writePapersWorkbook(build().sheets, { title: "Schema test" }),
        );
        const charts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
        const tables = Object.keys(zip.files).filter((f) => /^xl\/tables\/table\d+\.xml$/.test(f));
        expect(charts.length).toBe(1);
        expect(tables.length).toBeGreaterThanOrEqual(2);
        const chartXml = await zip.file(charts[0])!.async("string");
        expect(chartXml).toMatch(/<c:symbol val="none"\/>/);
        const check = async (part: string, schema: string): Promise<string> => {
          const file = path.join(dir, part.replace(/\//g, "_"));
          await fs.writeFile(file, withoutIgnorable(await zip.file(part)!.async("string")));
          const run = spawnSync(
            "xmllint",
            ["--noout", "--nonet", "--schema", path.join(SCHEMAS, schema), file],
            {
              encoding: "utf8",
            },
          );
          return run.status === 0 ? "valid" : `${part}: ${run.stderr}`;
        };
        expect(await check(charts[0], "dml-chart.xsd")).toBe("valid");
        for (const t of tables) expect(await check(t, "sml.xsd")).toBe("valid");
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    });
  },
);
