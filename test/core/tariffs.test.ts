/**
 * The costing rule for current placements (core/tariffs.ts) on the published fixed-band tables in
 * domain.md §3.4: Devon's mainstream bands (one £ for all settings), Devon's special-school rate per
 * place (a row per school), a per-setting table, Islington's "up to £…" text (not amounts), and
 * the register's stated top-up checked against the table. Expected figures are the published ones,
 * typed in here, never computed by the module under test.
 */

import { isCellError } from "../../src/core/errors";
import {
  type CurrentTariff,
  type HoursRates,
  costCurrentPlacement,
  currentTariff,
  settingColumn,
  tableFigure,
} from "../../src/core/tariffs";

const rates: HoursRates = {
  hourlyRate: 14.95,
  weeksPerYear: 38,
  mainstreamThreshold: 6000,
  isMainstream: (s) => /mainstream/i.test(s),
};

function tariffOf(rows: Parameters<typeof currentTariff>[0]): CurrentTariff {
  const t = currentTariff(rows);
  if (isCellError(t)) throw new Error(t.message);
  return t;
}

// Devon County Council FOI response, mainstream top-up bands (domain.md §3.4), both years.
const devonMainstream = [
  { band: "Banding 1", topUp: 1600 },
  { band: "Banding 2", topUp: 3100 },
  { band: "Banding 3", topUp: 4500 },
];
// Devon special-school top-up per place, 2023/24 (domain.md §3.4).
const devonSpecial2324 = [
  { band: "Ellen Tinkham", topUp: 12132 },
  { band: "Southbrook", topUp: 11412 },
  { band: "Mill Water", topUp: 12132 },
  { band: "Barley Lane", topUp: 17556 },
  { band: "Lampard", topUp: 11412 },
  { band: "Pathfield", topUp: 12132 },
  { band: "Bidwell Brook", topUp: 12132 },
  { band: "Marland", topUp: 17556 },
  { band: "ACE Tiverton", topUp: 13476 },
  { band: "Glendinning", topUp: 11412 },
  { band: "Orchard Manor", topUp: 15456 },
  { band: "The Promise School", topUp: 17556 },
];

describe("the rule is read from the table's own columns", () => {
  test("a £ column for all settings is a fixed tariff; hours alone are hours-based", () => {
    expect(tariffOf(devonMainstream).kind).toBe("fixed");
    expect(tariffOf([{ band: "1", hours: 10 }]).kind).toBe("hours");
    expect(tariffOf([{ band: "1", tariffs: { Mainstream: 1000, Special: 9000 } }]).kind).toBe(
      "fixed-by-setting",
    );
  });

  test("a table with hours and £ is costed on the £, and the rule says the hours are not used", () => {
    const t = tariffOf([{ band: "1", hours: 10, topUp: 1600 }]);
    expect(t.kind).toBe("fixed");
    expect(t.rule).toMatch(/hours column is not used/);
  });

  test("a table with neither hours nor £ is refused with the fix", () => {
    const t = currentTariff([{ band: "1" }, { band: "2" }]);
    expect(isCellError(t) && t.message).toMatch(/neither hours nor £ amounts.*give each band/);
  });

  test("a band named twice is refused", () => {
    const t = currentTariff([
      { band: "Banding 1", topUp: 1600 },
      { band: "banding 1", topUp: 1700 },
    ]);
    expect(isCellError(t) && t.message).toMatch(/appears twice/);
  });
});

describe("Devon mainstream bands: fixed £ for all settings (domain.md §3.4)", () => {
  const devon = tariffOf(devonMainstream);
  test.each([
    ["Banding 1", 1600],
    ["Banding 2", 3100],
    ["Banding 3", 4500],
    ["banding 3", 4500],
    ["3", 4500], // "Banding 3" and 3 are one band (core bandKey)
  ])("%s costs £%d with no threshold taken off, in mainstream", (band, expected) => {
    const c = costCurrentPlacement(
      { school: "Any Primary", setting: "Mainstream", currentBand: band },
      devon,
      rates,
    );
    expect("reason" in c ? c.reason : c.cost).toBe(expected);
    if (!("reason" in c)) {
      expect(c.rule).toBe("fixed");
      expect(c.table?.thresholdApplies).toBe(false);
    }
  });

  test("a band the table does not have is not costed, and says so", () => {
    const c = costCurrentPlacement(
      { school: "Any Primary", setting: "Mainstream", currentBand: "Banding 4" },
      devon,
      rates,
    );
    expect("reason" in c && c.reason).toMatch(/Band "Banding 4" is not in the current band table/);
  });

  test("Devon's 'Plus packages > £4,500 (individual)' row is not an amount: the placement is not costed and the reason quotes it", () => {
    const withPackages = tariffOf([
      ...devonMainstream,
      { band: "Plus packages", tariffs: undefined, topUp: undefined, hours: undefined },
    ]);
    const c = tableFigure(
      { school: "X", setting: "Mainstream", currentBand: "Plus packages" },
      withPackages,
      rates,
    );
    expect("reason" in c && c.reason).toMatch(/gives no £ for "Plus packages"/);
  });
});

describe("Devon special schools: a rate per school (domain.md §3.4, 2023/24)", () => {
  const special = tariffOf(devonSpecial2324);
  test.each([
    ["Ellen Tinkham", 12132],
    ["Barley Lane", 17556],
    ["ACE Tiverton", 13476],
    ["Orchard Manor", 15456],
    ["  the promise school ", 17556],
  ])("a placement at %s whose band is not in the table costs the school's rate £%d", (school, expected) => {
    const c = costCurrentPlacement(
      { school, setting: "Special", currentBand: "Special place" },
      special,
      rates,
    );
    if ("reason" in c) throw new Error(c.reason);
    expect(c.cost).toBe(expected);
    expect(c.table?.matchedBy).toBe("school");
  });

  test("a school not in the table is not costed", () => {
    const c = costCurrentPlacement(
      { school: "Nowhere School", setting: "Special", currentBand: "Special place" },
      special,
      rates,
    );
    expect("reason" in c && c.reason).toMatch(/no row of it is the school "Nowhere School"/);
  });

  test("one table with the mainstream bands and the special-school rows costs both", () => {
    const both = tariffOf([...devonMainstream, ...devonSpecial2324]);
    const m = costCurrentPlacement(
      { school: "Pathfield", setting: "Mainstream", currentBand: "Banding 2" },
      both,
      rates,
    );
    const s = costCurrentPlacement(
      { school: "Pathfield", setting: "Special", currentBand: "n/a" },
      both,
      rates,
    );
    expect("reason" in m ? m.reason : [m.cost, m.table?.matchedBy]).toEqual([3100, "band"]);
    expect("reason" in s ? s.reason : [s.cost, s.table?.matchedBy]).toEqual([12132, "school"]);
  });
});

describe("a fixed tariff per setting", () => {
  const t = tariffOf([
    { band: "1", tariffs: { Mainstream: 1600, Special: 11088, "Resource base": 6000 } },
    { band: "2", tariffs: { Mainstream: 3100, Special: 12132, "Resource base": 8000 } },
    { band: "3", tariffs: { Mainstream: 4500, Special: 17220 } },
  ]);

  test.each([
    ["Mainstream", "2", 3100],
    ["Mainstream primary", "1", 1600],
    ["Special", "2", 12132],
    ["Special school", "3", 17220],
    ["Resource base", "2", 8000],
    ["Mainstream resource base", "1", 6000],
  ])("%s band %s costs £%d", (setting, band, expected) => {
    const c = costCurrentPlacement({ school: "S", setting, currentBand: band }, t, rates);
    expect("reason" in c ? c.reason : c.cost).toBe(expected);
  });

  test("a blank cell (Resource base band 3) and a setting with no column are not costed, with the reason", () => {
    const blank = costCurrentPlacement({ school: "S", setting: "Resource base", currentBand: "3" }, t, rates);
    expect("reason" in blank && blank.reason).toMatch(/gives no £ for "3" in "Resource base"/);
    const none = costCurrentPlacement({ school: "S", setting: "Hospital", currentBand: "1" }, t, rates);
    expect("reason" in none && none.reason).toMatch(
      /Setting "Hospital" is not one column of the current band table \(columns: Mainstream, Special, Resource base\)/,
    );
  });

  test("settingColumn: exact heading first, then the most specific heading whose words are all in the setting", () => {
    expect(settingColumn(t.table, "special")).toBe(1);
    expect(settingColumn(t.table, "Resource Base (£)")).toBe(2);
    expect(settingColumn(t.table, "Post-16")).toBeUndefined();
  });
});

describe("Islington's tariff (domain.md §3.4): 'up to £1,190' is a ceiling in words, not an amount", () => {
  const islington = tariffOf([
    { band: "1", tariffs: { "Top-up in addition to £6,000": "up to £1,190" } },
    { band: "2", tariffs: { "Top-up in addition to £6,000": "up to £3,100" } },
  ]);
  test("a placement on such a tariff is not costed, and the reason quotes the text and says it is not an amount", () => {
    const c = costCurrentPlacement(
      { school: "S", setting: "Top-up in addition to £6,000", currentBand: "1" },
      islington,
      rates,
    );
    expect("reason" in c && c.reason).toMatch(/is "up to £1,190", which is not an amount/);
  });
  test("a stated top-up is still used, and the reason it cannot be compared is kept", () => {
    const c = costCurrentPlacement(
      { school: "S", setting: "Top-up in addition to £6,000", currentBand: "2", annualTopUp: 2950 },
      islington,
      rates,
    );
    if ("reason" in c) throw new Error(c.reason);
    expect([c.rule, c.cost, c.table, c.disagreement]).toEqual(["stated", 2950, undefined, undefined]);
    expect(c.tableProblem).toMatch(/not an amount/);
  });
});

describe("the register's stated annual top-up", () => {
  const devon = tariffOf(devonMainstream);
  test("is the current cost, and its difference from the band table is kept (stated − table, to the penny)", () => {
    const c = costCurrentPlacement(
      { school: "A", setting: "Mainstream", currentBand: "Banding 2", annualTopUp: 3000.004 },
      devon,
      rates,
    );
    if ("reason" in c) throw new Error(c.reason);
    expect([c.rule, c.cost, c.table?.cost, c.disagreement]).toEqual(["stated", 3000, 3100, -100]);
  });

  test("that agrees with the table has no disagreement", () => {
    const c = costCurrentPlacement(
      { school: "A", setting: "Mainstream", currentBand: "Banding 3", annualTopUp: 4500 },
      devon,
      rates,
    );
    expect("reason" in c ? c.reason : c.disagreement).toBeUndefined();
  });

  test("is checked against an hours-based figure too: 20 h × £14.95 × 38 − £6,000 = £5,362", () => {
    const hours = tariffOf([{ band: "3", hours: 20 }]);
    const c = costCurrentPlacement(
      { school: "A", setting: "Mainstream", currentBand: "3", annualTopUp: 5400 },
      hours,
      rates,
    );
    if ("reason" in c) throw new Error(c.reason);
    expect([c.cost, c.table?.cost, c.disagreement]).toEqual([5400, 5362, 38]);
  });
});

describe("hours-based costing stays as it was", () => {
  test("hours from the table, threshold in mainstream only: 25 h × £14.95 × 38 = £14,202.50", () => {
    const t = tariffOf([{ band: "4", hours: 25 }]);
    const m = costCurrentPlacement({ school: "A", setting: "Mainstream", currentBand: "4" }, t, rates);
    const s = costCurrentPlacement({ school: "A", setting: "Special", currentBand: "4" }, t, rates);
    expect("reason" in m ? m.reason : m.cost).toBe(8202.5);
    expect("reason" in s ? s.reason : s.cost).toBe(14202.5);
  });
  test("a placement's own hours need no band table", () => {
    const c = costCurrentPlacement(
      { school: "A", setting: "Special", currentBand: "x", hours: 10 },
      undefined,
      rates,
    );
    expect("reason" in c ? c.reason : [c.rule, c.cost, c.table?.matchedBy]).toEqual([
      "hours",
      5681,
      "hours-given",
    ]);
  });
});
