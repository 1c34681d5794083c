/**
 * Reading current band tables that give £ rather than hours, and a register that states each
 * placement's annual top-up (issue 8 item 3): Devon's published mainstream bands (domain.md §3.4)
 * with a £ column for all settings, a table with a £ column per setting, Islington-style "up to £…"
 * text (not an amount: the row is reported, never used), the hours table as before, and the
 * register's "Annual top-up (£)" column. Each workbook also has a proposed band table, as a banding
 * review's does: the reader gives each dataset its own table, and a lone band table with one £
 * column is taken as the proposed table (a limit of detection, match.ts, reported in issue 8).
 */

import { buildPapers } from "../../src/papers";
import { readDatasets } from "../../src/sources";
import { serial, sheet, workbook } from "./helpers";

const proposed = sheet("Proposed bands", [
  ["Proposed band", "Mainstream", "Special"],
  ["A", 1000, 9000],
  ["B", 3000, 12000],
]);

const register = (extra: readonly (string | number | null)[][] = []) =>
  sheet("Register", [
    ["Top-up placements register"],
    [],
    ["Pupil ref", "School", "Setting", "Current band", "Start date", "Annual top-up (£)"], // 3
    ["P1", "Alder Primary", "Mainstream", "Banding 1", serial(2025, 9, 1), null], // 4
    ["P2", "Alder Primary", "Mainstream", "Banding 2", serial(2025, 9, 1), "£3,000"], // 5
    ["P3", "Ellen Tinkham", "Special", "Special place", serial(2025, 9, 1), 12132], // 6
    ...extra,
  ]);

describe("a current band table with a £ column for all settings (Devon mainstream)", () => {
  const d = readDatasets(
    workbook([
      register(),
      proposed,
      sheet("Bands", [
        ["Mainstream top-up bands"],
        [],
        ["Band", "Maximum top-up"], // 3
        ["Banding 1", 1600],
        ["Banding 2", "£3,100"],
        ["Banding 3", 4500],
        ["Plus packages", "> £4,500 (individual)"], // 7: not an amount
      ]),
    ]),
  );

  test("is read as the current bands, each band's £ as its top-up", () => {
    expect(d.mappings.find((m) => m.dataset === "currentBands")).toMatchObject({
      sheet: "Bands",
      headerRow: 2, // zero-based: worksheet row 3
    });
    expect(d.currentBands?.map((b) => [b.band, b.topUp, b.hours])).toEqual([
      ["Banding 1", 1600, undefined],
      ["Banding 2", 3100, undefined],
      ["Banding 3", 4500, undefined],
    ]);
  });

  test("'> £4,500 (individual)' is not an amount: the row is reported with the reason, not used", () => {
    const skipped = d.skipped.filter((s) => s.dataset === "currentBands");
    expect(skipped.map((s) => [s.source.row, s.code])).toEqual([[7, "not-a-number"]]);
    expect(skipped[0].reason).toMatch(/> £4,500 \(individual\)/);
  });

  test("the register's stated annual top-up is read (money text too); a blank one is absent", () => {
    expect(d.placements?.map((p) => [p.pupilRef, p.annualTopUp])).toEqual([
      ["P1", undefined],
      ["P2", 3000],
      ["P3", 12132],
    ]);
  });
});

describe("from the workbook to the placement summary", () => {
  const d = readDatasets(
    workbook([
      register(),
      proposed,
      sheet("Bands", [
        ["Band", "Maximum top-up"],
        ["Banding 1", 1600],
        ["Banding 2", 3100],
      ]),
    ]),
  );
  const build = buildPapers(d, { papers: ["placement-summary"] });
  test("costs Banding 1 at £1,600 and uses the stated £3,000 and £12,132: £16,732 in all", () => {
    expect(build.papers[0].headline).toMatchObject({ placements: 3, annualCost: 16732 });
  });
  test("the stated £3,000 (Register row 5) disagrees with the band's £3,100: the check fails and names it", () => {
    const check = build.checks.find((c) => /stated in the register equals/.test(c.description));
    expect(check).toMatchObject({ passed: false, value: 1 });
    expect(check?.howToFix).toMatch(/Register row 5: stated £3,000\.00, band table £3,100\.00/);
  });
  test("a stated top-up the table cannot check (Ellen Tinkham is not in it) is used, and the notes say so", () => {
    const text = JSON.stringify(build.sheets.find((s) => s.name === "Placement summary")?.cells);
    expect(text).toMatch(/1 stated top-up could not be compared with the band table/);
  });
});

describe("a current band table with a £ column per setting", () => {
  const d = readDatasets(
    workbook([
      register(),
      proposed,
      sheet("Current bands", [
        ["Current top-up bands (£ a year)"],
        [],
        ["Current band", "Mainstream (£)", "Special school (£)", "Resource base (£)"], // 3
        ["1", 1600, 11088, 6000],
        ["2", 3100, 12132, null],
        ["3", 4500, "up to £17,220", 9000],
      ]),
    ]),
  );

  test("each setting's column is read under its heading; a blank cell is absent; text is kept as written", () => {
    expect(d.mappings.find((m) => m.dataset === "currentBands")?.sheet).toBe("Current bands");
    expect(d.currentBands?.map((b) => [b.band, b.tariffs])).toEqual([
      ["1", { Mainstream: 1600, "Special school": 11088, "Resource base": 6000 }],
      ["2", { Mainstream: 3100, "Special school": 12132 }],
      ["3", { Mainstream: 4500, "Special school": "up to £17,220", "Resource base": 9000 }],
    ]);
  });
});

describe("Islington's tariff (domain.md §3.4): 'up to £1,190' is not an amount", () => {
  const d = readDatasets(
    workbook([
      register(),
      proposed,
      sheet("Bands", [
        ["Band", "Annual top-up"],
        ["1", "up to £1,190"],
        ["2", "up to £3,100"],
      ]),
    ]),
  );
  test("each row is reported as not a number, quoting the text, and none is used as a tariff", () => {
    const skipped = d.skipped.filter((s) => s.dataset === "currentBands");
    expect(skipped.map((s) => [s.source.row, s.code])).toEqual([
      [2, "not-a-number"],
      [3, "not-a-number"],
    ]);
    expect(skipped[0].reason).toMatch(/"up to £1,190"/);
    expect(d.currentBands ?? []).toEqual([]);
  });
  test("the papers fail the check that every row of the band table was used", () => {
    const build = buildPapers(d, { papers: ["placement-summary"] });
    const check = build.checks.find((c) => /Every row of the table "Current bands/.test(c.description));
    expect(check).toMatchObject({ passed: false, value: 2 });
  });
});

describe("the hours table reads as before", () => {
  const d = readDatasets(
    workbook([
      register(),
      proposed,
      sheet("Bands", [
        ["Band", "Hours per week", "Annual cost (£)"],
        ["A", 5, 2840.5],
        ["B", 10, 5681],
      ]),
    ]),
  );
  test("hours per band; a worked-out cost column that names no setting is not read as a tariff", () => {
    expect(d.currentBands?.map((b) => [b.band, b.hours, b.tariffs])).toEqual([
      ["A", 5, undefined],
      ["B", 10, undefined],
    ]);
  });
});
