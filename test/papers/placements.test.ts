/**
 * Banding review and placement summary: costs equal core hoursCost()/bandCost(), pupils are
 * anonymised, placements open at the as-at date only, uncosted placements listed and checked,
 * small numbers suppressed (and not when suppression is off).
 */

import { bandCost, hoursCost, parseBandTable } from "../../src/core/banding";
import { isCellError } from "../../src/core/errors";
import { sumPounds } from "../../src/core/money";
import { buildPapers } from "../../src/papers";
import type { Placement } from "../../src/sources/datasets";
import {
  AS_AT,
  assumptions,
  currentBands,
  date,
  fullDatasets,
  isNotNeutral,
  makePlacements,
  proposedBands,
} from "./fixtures";
import { evaluatorMismatches, referenceProblems } from "./invariants";
import { allText, column, labelled, rows, sheet, totals } from "./sheets";

const hoursOf = (p: Placement): number =>
  p.hours ?? (currentBands.find((b) => b.band === p.currentBand.replace(/^Band /, ""))?.hours as number);
const open = (ps: Placement[]) =>
  ps.filter((p) => p.start <= AS_AT && (p.end === undefined || p.end >= AS_AT));

describe("banding review", () => {
  const placements = makePlacements(true);
  const build = buildPapers(fullDatasets({ placements }));
  const s = sheet(build, "Banding review");
  const table = rows(s, "BandingReview");
  const band = parseBandTable([
    ["Band", ...proposedBands.settings],
    ...proposedBands.rows.map((r) => [r.band, ...r.values]),
  ]);
  if (isCellError(band)) throw new Error("fixture");
  const costedPlacements = open(placements).filter((p) => !p.pupilRef.startsWith("UPN-X"));

  test("open placements only, anonymised P0001…, never the pupil reference", () => {
    expect(table.map((r) => r.Ref?.value)).toEqual(
      costedPlacements.map((_, i) => `P${String(i + 1).padStart(4, "0")}`),
    );
    expect(allText(build.sheets)).not.toMatch(/UPN-/);
  });

  test("current cost is core hoursCost(); proposed cost is core bandCost()", () => {
    costedPlacements.forEach((p, i) => {
      const mainstream = /^mainstream$/i.test(p.setting);
      expect(table[i]["Current annual cost (£)"]?.value).toBe(
        hoursCost(hoursOf(p), 14.95, 38, mainstream ? 6000 : 0),
      );
      expect(table[i]["Proposed annual cost (£)"]?.value).toBe(bandCost(p.proposedBand, band, p.setting));
      expect(table[i]["Element 2 threshold applies"]?.value).toBe(mainstream ? "Yes" : "No");
    });
    expect(totals(s, "BandingReview")["Difference (£)"]?.value).toBe(
      sumPounds(
        table.map(
          (r) =>
            (r["Proposed annual cost (£)"]?.value as number) -
            (r["Current annual cost (£)"]?.value as number),
        ),
      ),
    );
  });

  test("formulas read the rates from the Rules sheet and the band tables laid out on the sheet", () => {
    const f = table[0]["Current annual cost (£)"]?.formula as string;
    expect(f).toMatch(
      /^ROUND\(MAX\(0,F\d+\*'Rules'!\$B\$\d+\*'Rules'!\$B\$\d+-IF\(D\d+="Yes",'Rules'!\$B\$\d+,0\)\),2\)$/,
    );
    // The setting's own column of the proposed table (Mainstream is B, Special C), chosen when the
    // sheet is built: a MATCH on the setting's name would read * ? ~ in it as wildcards.
    expect(table[0]["Setting"]?.value).toBe("Mainstream");
    expect(table[0]["Proposed annual cost (£)"]?.formula).toMatch(
      /^ROUND\(INDEX\(\$B\$\d+:\$B\$\d+,MATCH\(H\d+,\$A\$\d+:\$A\$\d+,0\)\),2\)$/,
    );
    const special = table.find((r) => r["Setting"]?.value === "Special");
    expect(special?.["Proposed annual cost (£)"]?.formula).toMatch(
      /^ROUND\(INDEX\(\$C\$\d+:\$C\$\d+,MATCH\(H\d+,\$A\$\d+:\$A\$\d+,0\)\),2\)$/,
    );
    expect(table[0]["Hours of support a week"]?.formula).toMatch(/^INDEX\(/);
    expect(table[5]["Hours of support a week"]).toMatchObject({ value: 27.5 }); // given on the placement
    expect(table[5]["Hours of support a week"]?.formula).toBeUndefined();
    expect(s.tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["ProposedBands", "CurrentBands", "BandingBySetting", "BandingBySchool"]),
    );
  });

  test("placements whose band or setting is not in the table are listed and fail a check, not dropped", () => {
    const not = rows(s, "BandingNotCosted");
    expect(not.map((r) => r.Reason?.value)).toEqual([
      expect.stringMatching(/Band "E" is not in the band table/),
      expect.stringMatching(/Setting "Hospital"/),
    ]);
    const check = build.checks.find((c) => c.id === "BND-1");
    expect(check).toMatchObject({ passed: false, value: 2 });
    expect(check?.howToFix).toMatch(/P0017 \(Placements row 21\)/);
  });

  test("a placement with no proposed band is listed as not yet banded, without failing a check", () => {
    const ps = makePlacements().map((p, i) => (i === 0 ? { ...p, proposedBand: undefined } : p));
    const b = buildPapers(fullDatasets({ placements: ps }), { papers: ["banding-review"] });
    expect(rows(sheet(b, "Banding review"), "BandingNotCosted")[0].Reason?.value).toMatch(/Not yet banded/);
    expect(b.checks.filter((c) => !c.passed && !isNotNeutral(c))).toEqual([]);
    expect(b.papers[0].headline).toMatchObject({ notYetBanded: 1, notCosted: 0 });
  });

  test("summary by setting: gainers, losers, no change with [c] for 1–4 and a secondary suppression", () => {
    const t = rows(s, "BandingBySetting");
    expect(t.map((r) => r.Setting?.value)).toEqual(["Mainstream", "Special", "Resourced provision"]);
    expect(t[0].Placements).toMatchObject({ value: 8, formula: expect.stringMatching(/^SUMPRODUCT\(--\(/) });
    expect(t[0].Gains?.value).toBe("[c]");
    expect(t[2].Placements?.value).toBe("[c]"); // 2 placements
    expect(t[1].Placements?.value).toBe("[c]"); // 6, suppressed so 16 − 8 − 6 cannot reveal the 2
    expect(totals(s, "BandingBySetting").Placements?.value).toBe(16);
    expect(totals(s, "BandingBySetting")["Net cost to the High Needs Block (£)"]?.value).toBe(
      totals(s, "BandingReview")["Difference (£)"]?.value,
    );
  });

  test("with suppression off every count is a formula", () => {
    const b = buildPapers(fullDatasets({ placements }), {
      papers: ["banding-review"],
      suppressSmallNumbers: false,
    });
    const t = rows(sheet(b, "Banding review"), "BandingBySetting");
    expect(
      t
        .flatMap((r) => [r.Placements, r.Gains, r.Loses, r["No change"]])
        .every((c) => typeof c?.value === "number" && c.formula),
    ).toBe(true);
    expect(
      sheet(b, "Cover")
        .cells.flat()
        .some((c) => c?.value === "NOT suppressed: not for publication as it stands"),
    ).toBe(true);
  });

  test("the workbook's own weeks and threshold are used and shown on the Rules sheet", () => {
    const b = buildPapers(
      fullDatasets({ assumptions: { ...assumptions, weeksPerYear: 39, mainstreamThreshold: 5000 } }),
      { papers: ["banding-review"] },
    );
    const first = rows(sheet(b, "Banding review"), "BandingReview")[0];
    expect(first["Current annual cost (£)"]?.value).toBe(hoursCost(15, 14.95, 39, 5000));
    const rules = rows(sheet(b, "Rules"), "RulesParameters");
    expect(rules.find((r) => /Weeks a year/.test(String(r.Rule?.value)))).toMatchObject({
      Value: { value: 39 },
      Evidence: { value: "The council's own value" },
    });
    expect(evaluatorMismatches(b.sheets)).toEqual([]);
  });

  test("no hourly rate in the workbook: the example rate, flagged [e], and a failed check", () => {
    const { hourlyRate: _omit, ...rest } = assumptions;
    void _omit;
    const b = buildPapers(fullDatasets({ assumptions: { ...rest, sources: {} } }), {
      papers: ["banding-review"],
    });
    expect(labelled(sheet(b, "Banding review"), "Hourly rate of support (£)").value).toBe(13.04);
    const check = b.checks.find((c) => /hourly rate/.test(c.description));
    expect(check).toMatchObject({ passed: false });
    expect(check?.howToFix).toMatch(/Oxfordshire/);
  });

  test("a one-column proposed table costs every setting from its one column", () => {
    const single = {
      settings: ["Top-up"],
      rows: proposedBands.rows.map((r) => ({ ...r, values: [r.values[0]] })),
    };
    const b = buildPapers(fullDatasets({ proposedBands: single }), { papers: ["banding-review"] });
    const t = rows(sheet(b, "Banding review"), "BandingReview");
    expect(t.find((r) => r.Setting?.value === "Special")?.["Proposed annual cost (£)"]?.value).toBe(9000.5);
    expect(evaluatorMismatches(b.sheets)).toEqual([]);
    expect(referenceProblems(b.sheets)).toEqual([]);
  });
});

describe("placement summary", () => {
  test("counts and costs by setting and band add up to the open placements, all suppressed when small", () => {
    const b = buildPapers(fullDatasets(), { papers: ["placement-summary"] });
    const s = sheet(b, "Placement summary");
    const t = rows(s, "PlacementSummary");
    expect(t.every((r) => r.Placements?.value === "[c]" && r["Annual cost (£)"]?.value === "[c]")).toBe(true);
    const ps = open(makePlacements());
    expect(totals(s, "PlacementSummary").Placements?.value).toBe(ps.length);
    const cost = sumPounds(
      ps.map((p) => hoursCost(hoursOf(p), 14.95, 38, /^mainstream$/i.test(p.setting) ? 6000 : 0) as number),
    );
    expect(totals(s, "PlacementSummary")["Annual cost (£)"]?.value).toBe(cost);
    // A total over [c] cells is a figure, not a formula that would leave them out.
    expect(totals(s, "PlacementSummary").Placements?.formula).toBeUndefined();
  });

  test("larger counts are shown, with SUM formulas where nothing in a column is suppressed", () => {
    const many: Placement[] = [];
    let row = 5;
    for (const [setting, band, n] of [
      ["Mainstream", "2", 6],
      ["Mainstream", "3", 7],
      ["Special", "4", 9],
    ] as const) {
      for (let i = 0; i < n; i++) {
        many.push({
          pupilRef: `R${row}`,
          school: "S",
          setting,
          currentBand: band,
          start: date(2024, 9, 1),
          source: { sheet: "Placements", row: row++ },
        });
      }
    }
    const b = buildPapers(fullDatasets({ placements: many }), { papers: ["placement-summary"] });
    const s = sheet(b, "Placement summary");
    expect(column(s, "PlacementSummary", "Placements")).toEqual([6, 7, 9]);
    expect(totals(s, "PlacementSummary").Placements).toMatchObject({
      value: 22,
      formula: expect.stringMatching(/^SUM\(/),
    });
    expect(rows(s, "PlacementsBySetting")[0].Placements).toMatchObject({
      value: 13,
      formula: expect.stringMatching(/^SUMPRODUCT\(--\(/),
    });
    expect(rows(s, "PlacementSummary")[0]["Average annual cost a placement (£)"]?.value).toBe(
      hoursCost(15, 14.95, 38, 6000),
    );
    expect(b.checks.every((c) => c.passed)).toBe(true);
    expect(evaluatorMismatches(b.sheets)).toEqual([]);
  });

  test("one small cell forces a second so the setting total cannot reveal it", () => {
    const many: Placement[] = [];
    let row = 5;
    for (const [band, n] of [
      ["1", 3],
      ["2", 8],
      ["3", 12],
    ] as const) {
      for (let i = 0; i < n; i++) {
        many.push({
          pupilRef: `R${row}`,
          school: "S",
          setting: "Special",
          currentBand: band,
          start: date(2024, 9, 1),
          source: { sheet: "Placements", row: row++ },
        });
      }
    }
    const b = buildPapers(fullDatasets({ placements: many }), { papers: ["placement-summary"] });
    expect(column(sheet(b, "Placement summary"), "PlacementSummary", "Placements")).toEqual([
      "[c]",
      "[c]",
      12,
    ]);
  });

  test("placements with no hours and a band not in the table are listed and fail a check", () => {
    const ps = [
      ...makePlacements(),
      { ...makePlacements()[0], currentBand: "H9", source: { sheet: "Placements", row: 99 } },
    ];
    const b = buildPapers(fullDatasets({ placements: ps }), { papers: ["placement-summary"] });
    expect(rows(sheet(b, "Placement summary"), "PlacementsNotCosted")[0].Reason?.value).toMatch(
      /band "H9" is not in the current band table/,
    );
    expect(b.checks.find((c) => /costed/.test(c.description))?.passed).toBe(false);
  });
});
