/**
 * Evidence from identifiers and across tables (evidence.ts): a URN column holds 6-digit URNs and a
 * LAESTAB column 7-digit numbers (or "873/2100"); a register's providers are found on the school
 * list. Each test with a deliberately wrong column shows the evidence refusing it: the mapping's
 * review needs confirmation and names the field and the cell. Expected values are the cells
 * written here.
 */

import { describeDoubt, readDatasets, type MappingReview } from "../../src/sources";
import { identifierKind, schoolNameKey } from "../../src/sources/evidence";
import { serial, sheet, workbook } from "./helpers";

const codes = (r: MappingReview | undefined) => (r?.evidence ?? []).map((e) => e.code);
const review = (reviews: readonly MappingReview[], dataset: string) =>
  reviews.find((r) => r.dataset === dataset);

const SCHOOL_HEADER = [
  "School Name",
  "URN",
  "Phase",
  "Status",
  "Number on roll",
  "Budget share £",
  "Protected floor £",
];
const schoolRows = (urns: readonly (string | number)[]) =>
  [
    ["Elmwood Infant School", "Primary", "Academy", 669, 3325840.89, 3260602.31],
    ["Oakfield High School", "Secondary", "Community", 1489, 10011676.81, 9931763.46],
    ["Ashgrove Primary School", "Primary", "Maintained", 210, 1102533.1, 1080000],
    ["St Mary's CE Primary School", "Primary", "Academy", 315, 1523000, 1500000],
  ].map(([name, ...rest], i) => [name, urns[i], ...rest]);

describe("a school list's URN or LAESTAB column", () => {
  test("6-digit URNs under URN count for the mapping", () => {
    const d = readDatasets(
      workbook([sheet("Schools", [SCHOOL_HEADER, ...schoolRows([137007, 116047, "124219", 140552])])]),
    );
    const r = review(d.reviews, "schools");
    expect(r?.evidence.find((e) => e.code === "identifier-valid")).toMatchObject({
      field: "urn",
      ok: true,
      message: 'All 4 values in "URN" (column B) are 6-digit URNs.',
    });
    expect(r?.needsConfirmation).toBe(false);
  });

  test('LAESTAB as "8732100" or "873/2100" both pass', () => {
    const header = ["School Name", "LAESTAB", ...SCHOOL_HEADER.slice(2)];
    const d = readDatasets(
      workbook([sheet("Schools", [header, ...schoolRows(["8732100", "873/4104", 8732101, "873 / 2102"])])]),
    );
    const r = review(d.reviews, "schools");
    expect(codes(r)).toContain("identifier-valid");
    expect(codes(r)).not.toContain("identifier-invalid");
    expect(r?.needsConfirmation).toBe(false);
  });

  test("wrong: a URN column of 4-digit establishment numbers needs confirmation, naming a cell", () => {
    const d = readDatasets(
      workbook([sheet("Schools", [SCHOOL_HEADER, ...schoolRows([2100, 4104, 2101, 2102])])]),
    );
    const r = review(d.reviews, "schools");
    expect(r?.needsConfirmation).toBe(true);
    expect(r?.doubt?.field).toBe("urn");
    expect(describeDoubt(r!)).toBe(
      'Schools (local formula allocations) on sheet "Schools" A1:G5: URN or LAESTAB is doubtful (4 of 4 values in "URN" (column B) are not 6-digit URNs (row 2: "2100"), so the column may not be the one it was taken for)',
    );
  });

  test("wrong: a LAESTAB column of pupil numbers (and one in ten bad is enough)", () => {
    const header = ["School Name", "DfE number", ...SCHOOL_HEADER.slice(2)];
    const d = readDatasets(
      workbook([sheet("Schools", [header, ...schoolRows(["8732100", "8734104", "873210", "8732102"])])]),
    );
    const r = review(d.reviews, "schools");
    // 873210 is six digits: a URN, which the field also takes; so all four are identifiers.
    expect(r?.needsConfirmation).toBe(false);
    const bad = readDatasets(
      workbook([sheet("Schools", [header, ...schoolRows(["8732100", "8734104", "87321", "8732102"])])]),
    );
    const rb = review(bad.reviews, "schools");
    expect(rb?.needsConfirmation).toBe(true);
    expect(rb?.evidence.find((e) => e.code === "identifier-invalid")?.message).toMatch(
      /^1 of 4 values in "DfE number" \(column B\) are not LAESTAB numbers .*\(row 4: "87321"\)/,
    );
  });

  test("the evidence against lowers the confidence below the same table with good URNs", () => {
    const good = readDatasets(
      workbook([sheet("Schools", [SCHOOL_HEADER, ...schoolRows([137007, 116047, 124219, 140552])])]),
    );
    const bad = readDatasets(
      workbook([sheet("Schools", [SCHOOL_HEADER, ...schoolRows([2100, 4104, 2101, 2102])])]),
    );
    const c = (x: typeof good) => x.mappings.find((m) => m.dataset === "schools")!.confidence;
    expect(c(bad)).toBeLessThan(c(good));
  });

  test("a saved mapping's identifier column is judged too, but never blocks", () => {
    const saved = JSON.stringify({
      version: 1,
      datasets: {
        schools: {
          sheet: "Schools",
          headerRow: 1,
          // The user pointed the URN at the notes column by mistake.
          columns: { name: 1, urn: 8, phase: 3, type: 4, pupils: 5, allocation: 6, floor: 7 },
        },
      },
    });
    const rows = schoolRows([137007, 116047, 124219, 140552]).map((r, i) => [...r, `note ${i + 1}`]);
    const d = readDatasets(workbook([sheet("Schools", [[...SCHOOL_HEADER, "Notes"], ...rows])], saved));
    const r = review(d.reviews, "schools");
    expect(r?.origin).toBe("saved");
    expect(r?.evidence.find((e) => e.code === "identifier-invalid")).toMatchObject({
      field: "urn",
      ok: false,
    });
    expect(r?.needsConfirmation).toBe(false);
  });
});

describe("a SEN2 extract's provider headed URN", () => {
  const extract = (providers: readonly string[]) =>
    sheet("SEN2 extract", [
      ["UPN", "URN", "SENsetting", "EntryDate", "LeavingDate", "Band (current)", "Hrs/wk"],
      ...providers.map((p, i) => [`A12345678901${i}`, p, "E_MMS", serial(2024, 9, 1), null, "B", 10]),
    ]);

  test("6-digit URNs count for it", () => {
    const d = readDatasets(workbook([extract(["137007", "116047", "124219", "140552"])]));
    const r = review(d.reviews, "placements");
    expect(r?.evidence.find((e) => e.code === "identifier-valid")).toMatchObject({
      field: "school",
      ok: true,
    });
    expect(r?.needsConfirmation).toBe(false);
  });

  test("wrong: names under URN need confirmation", () => {
    const d = readDatasets(
      workbook([extract(["Ashgrove Primary", "Oakfield High", "Elmwood Infant", "Brook Special"])]),
    );
    const r = review(d.reviews, "placements");
    expect(r?.needsConfirmation).toBe(true);
    expect(r?.doubt).toEqual({
      field: "school",
      reason:
        '4 of 4 values in "URN" (column B) are not 6-digit URNs (row 2: "Ashgrove Primary"), so the column may not be the one it was taken for',
    });
  });
});

describe("a register's providers on the school list", () => {
  const schools = sheet("Schools", [SCHOOL_HEADER, ...schoolRows([137007, 116047, 124219, 140552])]);
  const register = (header: string, providers: readonly string[]) =>
    sheet("Register", [
      ["Child ref", header, "Placement type", "Band", "Start", "End"],
      ...providers.map((p, i) => [`EHC0200${10 + i}`, p, "Mainstream", "C", serial(2024, 3, 1), null]),
    ]);
  const providers = [
    "Ashgrove Primary",
    "St Marys C of E Primary",
    "Oakfield High School",
    "Priory Lodge School",
  ];

  test("found (by name, generic words aside): counts for the register and raises its confidence", () => {
    const alone = readDatasets(workbook([register("Provider", providers)]));
    const d = readDatasets(workbook([register("Provider", providers), schools]));
    const r = review(d.reviews, "placements");
    expect(r?.evidence.find((e) => e.code === "providers-found")).toEqual({
      code: "providers-found",
      field: "school",
      ok: true,
      message:
        '3 of the 4 providers in "Provider" (column B) are schools on the school list (sheet "Schools"); the others (out-of-area, independent or special providers) are not on it.',
    });
    const c = (x: typeof d) => x.mappings.find((m) => m.dataset === "placements")!.confidence;
    expect(c(d)).toBeGreaterThan(c(alone));
    expect(r?.needsConfirmation).toBe(false);
  });

  test("found by URN or LAESTAB", () => {
    const d = readDatasets(workbook([register("Provider", ["137007", "116047", "124219"]), schools]));
    expect(codes(review(d.reviews, "placements"))).toContain("providers-found");
  });

  test("a register of providers none of which is listed, but named as establishments, counts against without stopping", () => {
    // Out-of-area and independent providers: not on the council's school list, but plainly schools.
    const outOfArea = ["Oak~Tree School", "Who? Academy", "Riverside College", "Oak~Tree School"];
    const alone = readDatasets(workbook([register("Provider", outOfArea)]));
    const d = readDatasets(workbook([register("Provider", outOfArea), schools]));
    const r = review(d.reviews, "placements");
    expect(codes(r)).toContain("providers-not-listed");
    expect(codes(r)).not.toContain("providers-not-found");
    expect(r?.needsConfirmation).toBe(false);
    const c = (x: typeof d) => x.mappings.find((m) => m.dataset === "placements")!.confidence;
    expect(c(d)).toBeLessThan(c(alone));
  });

  test("wrong: a provider column naming none of the listed schools needs confirmation", () => {
    // The column the header words pick holds the caseworkers, not the schools.
    const wrong = ["J. Patel", "S. Okafor", "R. Hughes", "J. Patel"];
    const alone = readDatasets(workbook([register("Provider", wrong)]));
    const d = readDatasets(workbook([register("Provider", wrong), schools]));
    const r = review(d.reviews, "placements");
    expect(r?.needsConfirmation).toBe(true);
    expect(describeDoubt(r!)).toBe(
      'Top-up placements register on sheet "Register" A1:F5: School or provider is doubtful (none of the 3 providers in "Provider" (column B) is a school on the school list (sheet "Schools"), e.g. "J. Patel", "S. Okafor", so the column may not be the provider)',
    );
    const c = (x: typeof d) => x.mappings.find((m) => m.dataset === "placements")!.confidence;
    expect(c(d)).toBeLessThan(c(alone));
    // Without a school list there is nothing to look them up in: no evidence either way.
    expect(codes(review(alone.reviews, "placements"))).not.toContain("providers-not-found");
  });
});

describe("the helpers", () => {
  test.each([
    ["URN", "urn"],
    ["URN – Unique Reference Number <URN>", "urn"],
    ["LAESTAB", "laestab"],
    ["DfE number", "laestab"],
    ["LA/Estab", "laestab"],
    ["Estab", "estab"],
    ["URN / LAESTAB", "either"],
    ["School", undefined],
    ["Return", undefined],
  ])("identifierKind(%j) is %j", (header, kind) => {
    expect(identifierKind(header)).toBe(kind);
  });

  test("school names compare without the words that say what kind of school", () => {
    expect(schoolNameKey("St Mary's CE Primary School")).toBe("st marys");
    expect(schoolNameKey("Saint Marys C of E Primary Academy")).toBe("st marys");
    expect(schoolNameKey("Oakfield High School")).toBe(schoolNameKey("Oakfield High"));
    expect(schoolNameKey("Oakfield")).not.toBe(schoolNameKey("Oakwood"));
    // A name of generic words alone keeps them.
    expect(schoolNameKey("The Academy")).toBe("the academy");
  });
});
