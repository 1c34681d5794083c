/**
 * Names that a criterion would read as a pattern or an operator (issue 7 item 2): "St Mary*s",
 * "Who? Academy", "~Tilde", "<Unknown>", ">Five", "=Smith", beside the names such a pattern would
 * also match ("St Mary's", "Whom Academy", "Tilde", "Smith", …). The papers are written, recalculated
 * by LibreOffice (which, for an .xlsx, reads `*`, `?` and `~` in criteria as wildcards as Excel does:
 * the first test proves it, so this file would catch SUMIFS/COUNTIFS with a name as the criterion),
 * and every per-school, per-setting and per-phase count and total must equal the figure this test
 * works out itself from the input rows, and every check must pass.
 *
 * Names are grouped case-insensitively ("St Mary's" and "st mary's" are one school), as a spreadsheet's
 * "=" compares text: the expected figures below group the same way.
 */

import { promises as fs } from "fs";
import path from "path";
import ExcelJS from "exceljs";
import { buildPapers, type PapersBuild } from "../../src/papers";
import { a1, type SheetSpec } from "../../src/papers/spec";
import type { Datasets, Placement, ProposedBandTable, School } from "../../src/sources/datasets";
import { writePapersWorkbook } from "../../src/workbook/xlsx/write";
import { describeWithLibreOffice, recalculateXlsx } from "../helpers/libreoffice";
import { type ReadBack, readBack } from "../helpers/xlsx-read";
import { MEETING, date, fullDatasets, isNotNeutral } from "./fixtures";
import {
  constantProblems,
  evaluatorMismatches,
  functionProblems,
  hyperFormulaMismatches,
  referenceProblems,
} from "./invariants";
import { headers, rows, table } from "./sheets";

const ARTIFACTS = path.resolve(__dirname, "..", "artifacts", "papers-names");
const PENNY = 0.005;
/** The fixture council's hourly rate and the Rules sheet's weeks a year (the per-placement costs below check both). */
const RATE = 14.95;
const WEEKS = 38;

// ---------------------------------------------------------------------------------------------
// The data: settings and bands for the banding review and the placement summary

const SETTINGS = ["Special", "Spec?al", "Special*", "~Special", "=Special", "<Hospital>", ">Five"];
const BANDS = ["A", "B", "C"];
/** Proposed annual top-up: distinct in every cell, so a wrong column or row shows. */
const proposedValue = (band: number, setting: number): number => 10_000 + 1_000 * setting + 250 * band;

const proposedBands: ProposedBandTable = {
  settings: SETTINGS,
  rows: BANDS.map((band, b) => ({
    band,
    values: SETTINGS.map((_, s) => proposedValue(b, s)),
    source: { sheet: "New bands", row: 3 + b },
  })),
};

/** [school, setting, hours a week, proposed band]: costs differ a lot between look-alike names. */
const REGISTER: readonly [string, string, number, string][] = [
  ["St Mary*s", "Special*", 5, "A"],
  ["St Mary's", "Special", 30, "C"],
  ["St Mary's", "Special", 25, "B"],
  ["st mary's", "Spec?al", 20, "C"],
  ["St Marys", "Special", 12, "A"],
  ["Who? Academy", "Spec?al", 6, "A"],
  ["Whom Academy", "Special", 32, "C"],
  ["Whom Academy", "~Special", 28, "B"],
  ["~Tilde", "~Special", 4, "A"],
  ["Tilde", "Special", 22, "C"],
  ["<Unknown>", "<Hospital>", 3, "B"],
  ["Abbey School", "Special", 18, "B"],
  ["Zed School", ">Five", 7, "A"],
  [">Five", ">Five", 2, "C"],
  ["Zed School", "Special*", 15, "B"],
  ["=Smith", "=Special", 9, "A"],
  ["Smith", "Special", 26, "C"],
  ["SMITH", "=Special", 11, "B"],
  ["Abbey School", "<Hospital>", 16, "A"],
];

const placements: Placement[] = REGISTER.map(([school, setting, hours, proposedBand], i) => ({
  pupilRef: `UPN-${i + 1}`,
  school,
  setting,
  currentBand: "1",
  proposedBand,
  hours,
  start: date(2024, 9, 1),
  source: { sheet: "Placements", row: 5 + i },
}));

// ---------------------------------------------------------------------------------------------
// The data: schools for the transfer paper's summary by phase

/** [name, phase, pupils, allocation, floor]: headroom 420,000 absorbs the 130,000 transfer. */
const SCHOOLS: readonly [string, string, number, number, number][] = [
  ["Alder Primary", "Primary", 210, 1_000_000, 990_000],
  ["Birch Primary", "primary", 420, 1_900_000, 1_900_000],
  ["Cedar Primary", "Pr?mary", 300, 1_500_000, 1_480_000],
  ["Damson Primary", "Primary*", 250, 1_200_000, 1_150_000],
  ["Elm Primary", "~Primary", 100, 600_000, 590_000],
  ["Fir Primary", "=Primary", 150, 800_000, 780_000],
  ["Gorse Academy", "<Secondary>", 900, 6_000_000, 5_900_000],
  ["Hazel All-through", ">All-through", 1500, 9_000_000, 8_800_000],
  ["Ivy High", "Secondary", 1100, 7_000_000, 6_990_000],
];

const schools: School[] = SCHOOLS.map(([name, phase, pupils, allocation, floor], i) => ({
  name,
  urn: String(200_001 + i),
  phase,
  type: "Maintained",
  pupils,
  allocation,
  floor,
  source: { sheet: "Schools", row: 5 + i },
}));

function datasets(): Datasets {
  return fullDatasets({ placements, proposedBands, schools, currentBands: [], totals: [] });
}

// ---------------------------------------------------------------------------------------------
// Expected figures, worked out here from the rows above

const r2 = (x: number): number => Math.round(x * 100) / 100;

interface Group<T> {
  /** The first spelling, as the summary shows it. */
  readonly name: string;
  readonly rows: T[];
}

/** Group rows by a name, case-insensitively, in order of first appearance. */
function groupByName<T>(rows: readonly T[], name: (row: T) => string): Group<T>[] {
  const groups = new Map<string, Group<T>>();
  for (const row of rows) {
    const key = name(row).toLowerCase();
    const g = groups.get(key);
    if (g) g.rows.push(row);
    else groups.set(key, { name: name(row), rows: [row] });
  }
  return [...groups.values()];
}

interface Costed {
  readonly school: string;
  readonly setting: string;
  readonly current: number;
  readonly proposed: number;
}

const costed: Costed[] = REGISTER.map(([school, setting, hours, band]) => ({
  school,
  setting,
  current: r2(hours * RATE * WEEKS),
  proposed: proposedValue(BANDS.indexOf(band), SETTINGS.indexOf(setting)),
}));
const sumOf = (xs: readonly number[]): number => r2(xs.reduce((s, x) => s + x, 0));

// ---------------------------------------------------------------------------------------------
// Reading the recalculated workbook

type Value = string | number | boolean | null;

/** A table's data rows as LibreOffice computed them, keyed by header; an error cell is an error here. */
function recalculatedRows(spec: SheetSpec, name: string, recalc: ReadBack): Record<string, Value>[] {
  const t = table(spec, name);
  const h = headers(spec, t);
  return Array.from({ length: t.dataRowCount }, (_, i) =>
    Object.fromEntries(
      h.map((header, j) => {
        const got = recalc[spec.name]?.[a1(t.headerRow + 1 + i, t.firstCol + j)];
        if (got?.error) throw new Error(`${spec.name} ${name} row ${i + 1} "${header}": ${got.error}`);
        return [header, got?.value ?? null];
      }),
    ),
  );
}

function specOf(build: PapersBuild, name: string): SheetSpec {
  const s = build.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}

/** Every figure that differs from what is expected, as "table / row / column: got x, expected y". */
function compare(
  where: string,
  got: Record<string, Value>[],
  keyHeader: string,
  expected: readonly { name: string; figures: Record<string, number> }[],
): string[] {
  const out: string[] = [];
  const shown = got.map((r) => r[keyHeader]);
  if (JSON.stringify(shown) !== JSON.stringify(expected.map((e) => e.name)))
    out.push(
      `${where}: rows ${JSON.stringify(shown)}, expected ${JSON.stringify(expected.map((e) => e.name))}`,
    );
  for (const e of expected) {
    const row = got.find((r) => r[keyHeader] === e.name);
    if (!row) continue;
    for (const [header, want] of Object.entries(e.figures)) {
      const v = row[header];
      if (typeof v !== "number" || Math.abs(v - want) >= PENNY)
        out.push(`${where} / ${e.name} / ${header}: got ${JSON.stringify(v)}, expected ${want}`);
    }
  }
  return out;
}

async function recalculate(name: string, build: PapersBuild): Promise<ReadBack> {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  const input = path.join(ARTIFACTS, `${name}.xlsx`);
  await fs.writeFile(input, await writePapersWorkbook(build.sheets, { title: `Papers test ${name}` }));
  return readBack(await recalculateXlsx(input, path.join(ARTIFACTS, `${name}-recalculated`)));
}

// ---------------------------------------------------------------------------------------------

function build(): PapersBuild {
  return buildPapers(datasets(), {
    meetingDate: MEETING,
    papers: ["transfer-impact", "banding-review", "placement-summary"],
    suppressSmallNumbers: false,
  });
}

describe("names with wildcard and operator characters, in the built papers", () => {
  test("no criterion is a name, and every formula gives its cached value (our evaluator, HyperFormula)", () => {
    const papers = build();
    expect(functionProblems(papers.sheets)).toEqual([]);
    expect(constantProblems(papers.sheets)).toEqual([]);
    expect(referenceProblems(papers.sheets)).toEqual([]);
    expect(evaluatorMismatches(papers.sheets)).toEqual([]);
    expect(hyperFormulaMismatches(papers.sheets)).toEqual([]);
  });

  test("the summaries group the names as this test does (case ignored, nothing else)", () => {
    const papers = build();
    const shown = (sheetName: string, tableName: string, header: string) =>
      rows(specOf(papers, sheetName), tableName).map((r) => r[header]?.value);
    expect(shown("Banding review", "BandingBySchool", "School")).toEqual(
      groupByName(costed, (c) => c.school).map((g) => g.name),
    );
    expect(shown("Banding review", "BandingBySetting", "Setting")).toEqual(
      groupByName(costed, (c) => c.setting).map((g) => g.name),
    );
    expect(shown("Placement summary", "PlacementsBySetting", "Setting")).toEqual(
      groupByName(costed, (c) => c.setting).map((g) => g.name),
    );
    expect(shown("Transfer consultation", "TransferByPhase", "Phase")).toEqual(
      groupByName(SCHOOLS, (s) => s[1]).map((g) => g.name),
    );
  });
});

describeWithLibreOffice("names with wildcard and operator characters, recalculated by LibreOffice", () => {
  test("LibreOffice reads * ? ~ and a leading < > = in an .xlsx criterion as Excel does", async () => {
    // The control: without this, the papers test below could pass against SUMIFS only because
    // LibreOffice had wildcards switched off.
    await fs.mkdir(ARTIFACTS, { recursive: true });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Probe");
    const names = [
      "St Mary*s",
      "St Mary's",
      "Who? Academy",
      "Whom Academy",
      "~Tilde",
      "Tilde",
      "=Smith",
      "Smith",
    ];
    names.forEach((n, i) => {
      ws.getCell(i + 1, 1).value = n;
      ws.getCell(i + 1, 2).value = {
        formula: `COUNTIFS($A$1:$A$8,A${i + 1})`,
        result: 0,
      } as ExcelJS.CellValue;
    });
    const input = path.join(ARTIFACTS, "criteria-probe.xlsx");
    await wb.xlsx.writeFile(input);
    const got = await readBack(
      await recalculateXlsx(input, path.join(ARTIFACTS, "criteria-probe-recalculated")),
    );
    const counts = names.map((_, i) => got.Probe[`B${i + 1}`]?.value);
    // St Mary*s matches both St Marys and Who? matches Whom too; ~Tilde counts "Tilde" (~T is an
    // escaped T) and =Smith counts "Smith" (= is an operator), not themselves.
    expect(counts).toEqual([2, 1, 2, 1, 1, 1, 1, 1]);
  });

  test("every per-school, per-setting and per-phase figure and every check is right", async () => {
    const papers = build();
    expect(papers.warnings).toEqual([]);
    expect(papers.papers.map((p) => p.id)).toEqual([
      "transfer-impact",
      "banding-review",
      "placement-summary",
    ]);
    const recalc = await recalculate("wildcard-names", papers);
    const problems: string[] = [];

    // The per-placement rows first: the rate and weeks used here are the sheet's, and each
    // placement's proposed cost is its own setting's (a look-up by setting name must not match a
    // look-alike heading).
    const banding = specOf(papers, "Banding review");
    const perPlacement = recalculatedRows(banding, "BandingReview", recalc);
    expect(perPlacement.map((r) => [r.School, r.Setting])).toEqual(costed.map((c) => [c.school, c.setting]));
    perPlacement.forEach((r, i) => {
      if (r["Current annual cost (£)"] !== costed[i].current)
        problems.push(`placement ${i + 1} current: ${r["Current annual cost (£)"]} ≠ ${costed[i].current}`);
      if (r["Proposed annual cost (£)"] !== costed[i].proposed)
        problems.push(
          `placement ${i + 1} proposed: ${r["Proposed annual cost (£)"]} ≠ ${costed[i].proposed}`,
        );
    });

    // Banding review by school.
    problems.push(
      ...compare(
        "BandingBySchool",
        recalculatedRows(banding, "BandingBySchool", recalc),
        "School",
        groupByName(costed, (c) => c.school).map((g) => {
          const current = sumOf(g.rows.map((c) => c.current));
          const proposed = sumOf(g.rows.map((c) => c.proposed));
          return {
            name: g.name,
            figures: {
              Placements: g.rows.length,
              "Current annual cost (£)": current,
              "Proposed annual cost (£)": proposed,
              "Difference (£)": r2(proposed - current),
            },
          };
        }),
      ),
    );

    // Banding review by setting.
    problems.push(
      ...compare(
        "BandingBySetting",
        recalculatedRows(banding, "BandingBySetting", recalc),
        "Setting",
        groupByName(costed, (c) => c.setting).map((g) => {
          const current = sumOf(g.rows.map((c) => c.current));
          const proposed = sumOf(g.rows.map((c) => c.proposed));
          const diffs = g.rows.map((c) => r2(c.proposed - c.current));
          return {
            name: g.name,
            figures: {
              Placements: g.rows.length,
              Gains: diffs.filter((d) => d > 0).length,
              Loses: diffs.filter((d) => d < 0).length,
              "No change": diffs.filter((d) => d === 0).length,
              "Current annual cost (£)": current,
              "Proposed annual cost (£)": proposed,
              "Net cost to the High Needs Block (£)": r2(proposed - current),
            },
          };
        }),
      ),
    );

    // Placement summary by setting.
    problems.push(
      ...compare(
        "PlacementsBySetting",
        recalculatedRows(specOf(papers, "Placement summary"), "PlacementsBySetting", recalc),
        "Setting",
        groupByName(costed, (c) => c.setting).map((g) => ({
          name: g.name,
          figures: { Placements: g.rows.length, "Annual cost (£)": sumOf(g.rows.map((c) => c.current)) },
        })),
      ),
    );

    // Transfer by phase: counts, pupils and allocations from the input; reductions and status from
    // the per-school table as LibreOffice worked it out (one row a school, no criterion involved).
    const transfer = specOf(papers, "Transfer consultation");
    const perSchool = recalculatedRows(transfer, "TransferImpact", recalc);
    expect(perSchool.map((r) => r.School)).toEqual(SCHOOLS.map((s) => s[0]));
    const schoolRows = SCHOOLS.map(([, phase, pupils, allocation], i) => ({
      phase,
      pupils,
      allocation,
      reduction: perSchool[i]["Reduction (£)"] as number,
      status: perSchool[i]["Protected or contributing"],
    }));
    expect(schoolRows.filter((s) => s.status === "Protected").length).toBeGreaterThan(0);
    problems.push(
      ...compare(
        "TransferByPhase",
        recalculatedRows(transfer, "TransferByPhase", recalc),
        "Phase",
        groupByName(schoolRows, (s) => s.phase).map((g) => ({
          name: g.name,
          figures: {
            Schools: g.rows.length,
            "Protected by their floor": g.rows.filter((s) => s.status === "Protected").length,
            Contributing: g.rows.filter((s) => s.status === "Contributing").length,
            Pupils: sumOf(g.rows.map((s) => s.pupils)),
            "Allocation before transfer (£)": sumOf(g.rows.map((s) => s.allocation)),
            "Reduction (£)": sumOf(g.rows.map((s) => s.reduction)),
          },
        })),
      ),
    );

    // Every check, as LibreOffice recalculated it, passes; so does the master check.
    const checks = specOf(papers, "Checks");
    const results = recalculatedRows(checks, "ChecksList", recalc);
    expect(results.length).toBe(papers.checks.length);
    // The cost-neutrality check fails by design here (the fixture's proposal is not neutral); it
    // must still say FAIL after recalculation, and the master check count it.
    const notNeutral = papers.checks.filter(isNotNeutral).map((c) => c.id);
    expect(notNeutral).toHaveLength(1);
    for (const r of results) {
      const expected = notNeutral.includes(String(r.ID)) ? "FAIL" : "Pass";
      if (r.Result !== expected) problems.push(`check ${r.ID} ${r.Check}: ${r.Result}`);
    }
    const master = Object.values(recalc.Checks ?? {}).filter((c) =>
      /^(All checks pass|\d+ checks? fails?)$/.test(String(c.value)),
    );
    expect(master.length).toBeGreaterThan(0);
    for (const m of master) if (m.value !== "1 check fails") problems.push(`master check: ${m.value}`);

    expect(problems).toEqual([]);
    // And the build itself agrees (its cached values are what a non-recalculating viewer shows).
    expect(papers.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(notNeutral);
  });
});
