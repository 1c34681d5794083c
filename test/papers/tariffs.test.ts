/**
 * Current placements costed on fixed £ tariffs (Devon's published bands, domain.md §3.4) and on the
 * register's stated annual top-up, through the banding review and the placement summary: the
 * figures are the published ones (typed in here), the cost cells are formulas over the sheet's own
 * copy of the band table (INDEX/MATCH) or the stated figure as an input, the costing rule is said
 * in the notes and checked, disagreements between the stated top-up and the table are listed and
 * fail a check that names them, and LibreOffice recalculates every formula to our cached value.
 */

import { promises as fs } from "fs";
import path from "path";
import { buildPapers, type PapersBuild } from "../../src/papers";
import { a1 } from "../../src/papers/spec";
import type { CurrentBand, Placement, SourceRef } from "../../src/sources/datasets";
import { writePapersWorkbook } from "../../src/workbook/xlsx/write";
import { describeWithLibreOffice, recalculateXlsx } from "../helpers/libreoffice";
import { readBack } from "../helpers/xlsx-read";
import { MEETING, date, fullDatasets } from "./fixtures";
import {
  constantProblems,
  evaluatorMismatches,
  functionProblems,
  hyperFormulaMismatches,
  referenceProblems,
  structureProblems,
} from "./invariants";
import { allText, rows, sheet, totals } from "./sheets";

const at = (sheet: string, row: number): SourceRef => ({ sheet, row });
const START = date(2025, 9, 1);

let registerRow = 4;
function placement(
  school: string,
  setting: string,
  currentBand: string,
  proposedBand: string,
  annualTopUp?: number,
): Placement {
  registerRow += 1;
  return {
    pupilRef: `UPN-${registerRow}`,
    school,
    setting,
    currentBand,
    proposedBand,
    start: START,
    ...(annualTopUp !== undefined ? { annualTopUp } : {}),
    source: at("Register", registerRow),
  };
}

// Devon mainstream bands and the 2023/24 special-school rates per place (domain.md §3.4), as one
// current band table with a £ column for all settings.
const devonBands: CurrentBand[] = [
  { band: "Banding 1", topUp: 1600, source: at("Bands", 4) },
  { band: "Banding 2", topUp: 3100, source: at("Bands", 5) },
  { band: "Banding 3", topUp: 4500, source: at("Bands", 6) },
  { band: "Ellen Tinkham", topUp: 12132, source: at("Bands", 7) },
  { band: "Barley Lane", topUp: 17556, source: at("Bands", 8) },
  { band: "Marland", topUp: 17556, source: at("Bands", 9) },
];

function devonRegister(): Placement[] {
  registerRow = 4;
  return [
    placement("Alder Primary", "Mainstream", "Banding 1", "A"), // Register row 5: £1,600
    placement("Alder Primary", "Mainstream", "Banding 2", "B"), // 6: £3,100
    placement("Damson High", "Mainstream", "Banding 3", "C", 4500), // 7: stated, agrees
    placement("Damson High", "Mainstream", "Banding 2", "B", 3000), // 8: stated £3,000, table £3,100
    placement("Ellen Tinkham", "Special", "Special place", "C"), // 9: the school's rate £12,132
    placement("Barley Lane", "Special", "Special place", "D", 17000), // 10: stated £17,000, table £17,556
    placement("Marland", "Special", "Special place", "D"), // 11: £17,556
  ];
}

const DEVON_CURRENT = [1600, 3100, 4500, 3000, 12132, 17000, 17556];

function invariantProblems(build: PapersBuild): string[] {
  return [
    ...constantProblems(build.sheets),
    ...functionProblems(build.sheets),
    ...referenceProblems(build.sheets),
    ...evaluatorMismatches(build.sheets),
    ...hyperFormulaMismatches(build.sheets),
    ...structureProblems(build),
  ];
}

describe("Devon's fixed tariffs, a per-school special rate and stated top-ups", () => {
  const build = buildPapers(fullDatasets({ placements: devonRegister(), currentBands: devonBands }), {
    papers: ["placement-summary", "banding-review"],
  });
  const review = sheet(build, "Banding review");
  const main = rows(review, "BandingReview");

  test("each current cost is the published tariff, the school's rate, or the stated top-up", () => {
    expect(main.map((r) => r["Current annual cost (£)"]?.value)).toEqual(DEVON_CURRENT);
    expect(main.map((r) => r["Band table figure (£)"]?.value)).toEqual([
      1600, 3100, 4500, 3100, 12132, 17556, 17556,
    ]);
    expect(main.map((r) => r["Current costing"]?.value)).toEqual([
      "Band tariff (all settings)",
      "Band tariff (all settings)",
      "Stated in the register",
      "Stated in the register",
      "Band tariff (all settings)",
      "Stated in the register",
      "Band tariff (all settings)",
    ]);
    expect(totals(review, "BandingReview")["Current annual cost (£)"]?.value).toBe(58888);
  });

  test("no hours or threshold columns on a tariff table; no threshold taken off", () => {
    expect(main[0]["Hours of support a week"]).toBeUndefined();
    expect(main[0]["Element 2 threshold applies"]).toBeUndefined();
  });

  test("the table figure is INDEX/MATCH over the sheet's copy of the band table (by band, or by school)", () => {
    const byBand = main[0]["Band table figure (£)"]?.formula as string;
    const bySchool = main[4]["Band table figure (£)"]?.formula as string;
    expect(byBand).toMatch(
      /^ROUND\(INDEX\(\$[A-Z]+\$\d+:\$[A-Z]+\$\d+,MATCH\(D\d+,\$A\$\d+:\$A\$\d+,0\)\),2\)$/,
    );
    expect(bySchool).toMatch(
      /^ROUND\(INDEX\(\$[A-Z]+\$\d+:\$[A-Z]+\$\d+,MATCH\(B\d+,\$A\$\d+:\$A\$\d+,0\)\),2\)$/,
    );
    expect(main[4]["Source"]?.value).toMatch(/the school's rate in the current band table/);
    const current = rows(review, "CurrentBands");
    expect(current.map((r) => [r.Band?.value, r["Annual top-up (£)"]?.value])).toEqual(
      devonBands.map((b) => [b.band, b.topUp]),
    );
    expect(current[0]["Annual top-up (£)"]?.style).toBe("input");
  });

  test("a stated top-up is an input marked as such; the current cost refers to it", () => {
    const stated = main[3]["Stated annual top-up (£)"];
    expect([stated?.value, stated?.style, stated?.formula]).toEqual([3000, "input", undefined]);
    expect(main[3]["Current annual cost (£)"]?.formula).toMatch(/^ROUND\([A-Z]+\d+,2\)$/);
    expect(main[0]["Stated annual top-up (£)"]?.value).toBe("[x]");
  });

  test("disagreements are listed (sheet, row, stated, table, difference) and fail a check that names them", () => {
    const listed = rows(review, "BandingStatedDiffer");
    expect(
      listed.map((r) => [
        r.Source?.value,
        r["Stated annual top-up (£)"]?.value,
        r["Band table figure (£)"]?.value,
        r["Stated − band table (£)"]?.value,
      ]),
    ).toEqual([
      ["Register row 8", 3000, 3100, -100],
      ["Register row 10", 17000, 17556, -556],
    ]);
    const check = build.checks.find(
      (c) => c.paper === "Banding review" && /stated in the register equals/.test(c.description),
    );
    expect(check).toMatchObject({ passed: false, value: 2, expected: 0 });
    expect(check?.howToFix).toMatch(/Register row 8\): stated £3,000(\.00)?, band table £3,100(\.00)?/);
    expect(check?.howToFix).toMatch(/Register row 10\): stated £17,000(\.00)?, band table £17,556(\.00)?/);
    expect(check?.howToFix).toMatch(/^Correct the register's annual top-up or the current band table/);
  });

  test("the costing rule is said in the notes and on the costing basis, and checked", () => {
    const text = allText([review]);
    expect(text).toMatch(
      /Current costing rule, read from the current band table's own columns: fixed £ a year per band for all settings/,
    );
    expect(text).toMatch(/3 placements are costed at the rate of their school/);
    expect(text).toMatch(/3 placements have an annual top-up stated in the register/);
    expect(text).toMatch(/Band tariff \(all settings\); Stated in the register where given/);
    const rule = build.checks.find(
      (c) => c.paper === "Banding review" && /follows the current band table's rule/.test(c.description),
    );
    expect(rule).toMatchObject({ passed: true, value: 7, expected: 7 });
  });

  test("the placement summary costs the same way, lists the same disagreements and fails the same check", () => {
    const summary = sheet(build, "Placement summary");
    expect(totals(summary, "PlacementSummary")["Annual cost (£)"]?.value).toBe(58888);
    expect(
      rows(summary, "PlacementsStatedDiffer").map((r) => [
        r.Source?.value,
        r["Stated − band table (£)"]?.value,
      ]),
    ).toEqual([
      ["Register row 8", -100],
      ["Register row 10", -556],
    ]);
    const check = build.checks.find(
      (c) => c.paper === "Placement summary" && /stated in the register equals/.test(c.description),
    );
    expect(check).toMatchObject({ passed: false, value: 2 });
    expect(allText([summary])).toMatch(/fixed £ top-up for the placement's band/);
  });

  test("pupil references never reach the papers; the workbook invariants hold", () => {
    expect(allText(build.sheets)).not.toMatch(/UPN-/);
    expect(invariantProblems(build)).toEqual([]);
  });
});

const perSettingBands: CurrentBand[] = [
  { band: "1", tariffs: { Mainstream: 1600, Special: 11088 }, source: at("Bands", 4) },
  { band: "2", tariffs: { Mainstream: 3100, Special: 12132 }, source: at("Bands", 5) },
  { band: "3", tariffs: { Mainstream: 4500, Special: 17220 }, source: at("Bands", 6) },
];
function perSettingRegister(): Placement[] {
  registerRow = 4;
  return [
    placement("Alder Primary", "Mainstream", "1", "A"),
    placement("Alder Primary", "Mainstream", "3", "C"),
    placement("Oak Special School", "Special", "2", "B"),
    placement("Oak Special School", "Special", "3", "D"),
  ];
}

describe("a fixed tariff per setting", () => {
  const build = buildPapers(
    fullDatasets({ placements: perSettingRegister(), currentBands: perSettingBands }),
    {
      papers: ["placement-summary", "banding-review"],
    },
  );
  const review = sheet(build, "Banding review");
  const main = rows(review, "BandingReview");

  test("each placement costs its band's £ in its setting's column, every check passes but cost neutrality", () => {
    expect(main.map((r) => r["Current annual cost (£)"]?.value)).toEqual([1600, 4500, 12132, 17220]);
    expect(main.map((r) => r["Current costing"]?.value)).toEqual(Array(4).fill("Band tariff (by setting)"));
    // The proposal is £5,152.00 cheaper than these tariffs (4 placements), so only neutrality fails.
    expect(build.checks.filter((c) => !c.passed).map((c) => c.description)).toEqual([
      "Proposed bands cost £5,152.00 less than the current bands over the same 4 open placements (−14.5%)",
    ]);
    const current = rows(review, "CurrentBands");
    expect(Object.keys(current[0])).toEqual(["Band", "Mainstream (£)", "Special (£)"]);
  });

  test("the setting's column is chosen when the sheet is built: Mainstream and Special read different columns", () => {
    const col = (f: string) => /INDEX\((\$[A-Z]+)\$/.exec(f)?.[1];
    const m = col(main[0]["Current annual cost (£)"]?.formula as string);
    const s = col(main[2]["Current annual cost (£)"]?.formula as string);
    expect(m).toBe("$B");
    expect(s).toBe("$C");
    expect(allText([review])).toMatch(/columns "Mainstream", "Special" of the current band table/);
    expect(invariantProblems(build)).toEqual([]);
  });
});

// The fixtures' hours table: band 2 is 15 hours; 15 × £14.95 × 38 = £8,521.50, less £6,000 in
// mainstream = £2,521.50; band 3 is 20 hours: £11,362 (special, no threshold).
function hoursRegister(): Placement[] {
  registerRow = 4;
  return [
    placement("Alder Primary", "Mainstream", "2", "B", 2521.5), // agrees
    placement("Oak Special School", "Special", "3", "C", 11000), // £362 less than the table
    placement("Oak Special School", "Special", "3", "C"),
  ];
}

describe("hours-based bands with stated top-ups", () => {
  const build = buildPapers(fullDatasets({ placements: hoursRegister() }), {
    papers: ["placement-summary", "banding-review"],
  });
  const main = rows(sheet(build, "Banding review"), "BandingReview");

  test("the hours formula stays; the stated figure is used and compared with it", () => {
    expect(main.map((r) => r["Band table figure (£)"]?.value)).toEqual([2521.5, 11362, 11362]);
    expect(main.map((r) => r["Current annual cost (£)"]?.value)).toEqual([2521.5, 11000, 11362]);
    expect(main[2]["Band table figure (£)"]?.formula).toMatch(/^ROUND\(MAX\(0,/);
    expect(main.map((r) => r["Stated − band table (£)"]?.value)).toEqual([0, -362, "[x]"]);
    const check = build.checks.find(
      (c) => c.paper === "Banding review" && /stated in the register equals/.test(c.description),
    );
    expect(check).toMatchObject({ passed: false, value: 1 });
    expect(check?.howToFix).toMatch(
      /Register row 6\): stated £11,000(\.00)?, band table £11,362(\.00)?, difference \(£362\.00\)/,
    );
    expect(invariantProblems(build)).toEqual([]);
  });
});

describe("a school whose name MATCH would read as a pattern", () => {
  // "St Mary*s" as a MATCH key would also find "St Marys" (listed first): the formula refers to the
  // table's own cell instead.
  const bands: CurrentBand[] = [
    { band: "Banding 1", topUp: 1600, source: at("Bands", 4) },
    { band: "St Marys Special", topUp: 11000, source: at("Bands", 5) },
    { band: "St Mary*s Special", topUp: 15000, source: at("Bands", 6) },
  ];
  registerRow = 4;
  const register = [
    placement("St Mary*s Special", "Special", "Special place", "C"),
    placement("St Marys Special", "Special", "Special place", "C"),
  ];
  const build = buildPapers(fullDatasets({ placements: register, currentBands: bands }), {
    papers: ["banding-review"],
  });
  const main = rows(sheet(build, "Banding review"), "BandingReview");
  test("each costs its own school's rate; the wildcard name refers to its cell directly", () => {
    expect(main.map((r) => r["Current annual cost (£)"]?.value)).toEqual([15000, 11000]);
    expect(main[0]["Current annual cost (£)"]?.formula).toMatch(/^ROUND\(\$B\$\d+,2\)$/);
    expect(main[1]["Current annual cost (£)"]?.formula).toMatch(/^ROUND\(INDEX\(/);
    expect(invariantProblems(build)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Recalculated by LibreOffice

const ARTIFACTS = path.resolve(__dirname, "..", "artifacts", "papers");
const PENNY = 0.005;

async function recalcMismatches(name: string, build: PapersBuild): Promise<string[]> {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  const input = path.join(ARTIFACTS, `${name}.xlsx`);
  await fs.writeFile(input, await writePapersWorkbook(build.sheets, { title: `Papers test ${name}` }));
  const recalc = await readBack(await recalculateXlsx(input, path.join(ARTIFACTS, `${name}-recalculated`)));
  const out: string[] = [];
  for (const spec of build.sheets) {
    spec.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell?.formula) return;
        const where = `${spec.name}!${a1(r, c)} ${cell.formula}`;
        const got = recalc[spec.name]?.[a1(r, c)];
        if (!got || got.error) return void out.push(`${where}: ${got?.error ?? "missing"}`);
        const ok =
          typeof cell.value === "number"
            ? typeof got.value === "number" && Math.abs(got.value - cell.value) < PENNY
            : got.value === cell.value;
        if (!ok)
          out.push(
            `${where}: cached ${JSON.stringify(cell.value)}, LibreOffice ${JSON.stringify(got.value)}`,
          );
      }),
    );
  }
  return out;
}

describeWithLibreOffice("fixed-tariff papers recalculated by LibreOffice", () => {
  test("Devon's tariffs, per-school rates and stated top-ups: every formula gives our value", async () => {
    const build = buildPapers(fullDatasets({ placements: devonRegister(), currentBands: devonBands }), {
      meetingDate: MEETING,
    });
    expect(await recalcMismatches("tariffs-devon", build)).toEqual([]);
  });

  test("a tariff per setting, and hours-based bands with stated top-ups", async () => {
    const perSetting = buildPapers(
      fullDatasets({ placements: perSettingRegister(), currentBands: perSettingBands }),
      { meetingDate: MEETING, papers: ["placement-summary", "banding-review"] },
    );
    expect(await recalcMismatches("tariffs-per-setting", perSetting)).toEqual([]);
    const hours = buildPapers(fullDatasets({ placements: hoursRegister() }), {
      meetingDate: MEETING,
      papers: ["placement-summary", "banding-review"],
    });
    expect(await recalcMismatches("tariffs-hours-stated", hours)).toEqual([]);
  });
});
