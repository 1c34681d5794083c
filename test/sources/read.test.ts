import { readDatasets } from "../../src/sources";
import { isTotalLabel } from "../../src/sources/parse";
import { standardWorkbook } from "./fixtures";
import { serial, sheet, workbook } from "./helpers";

describe("readDatasets on the standard layout", () => {
  const { workbook: wb, register } = standardWorkbook();
  const d = readDatasets(wb);

  it("maps every dataset to its table", () => {
    // Header rows as the fixture numbers them (1-based); mappings are zero-based inside.
    expect(d.mappings.map((m) => [m.dataset, m.sheet, m.headerRow + 1, m.origin])).toEqual([
      ["budgetLines", "HNB monitoring", 4, "detected"],
      ["dsgBlocks", "DSG summary", 3, "detected"],
      ["placements", "Top-up register", 4, "detected"],
      ["currentBands", "Bands", 3, "detected"],
      ["proposedBands", "Bands", 11, "detected"],
      ["schools", "Schools", 4, "detected"],
      ["deficitPlan", "Deficit plan", 3, "detected"],
      ["assumptions", "Key figures", 3, "detected"],
    ]);
    // The hidden "Cost centre" (a budget-line synonym) loses to the visible "Description".
    // Zero-based columns: A is 0, B 1, D 3, E 4, G 6, H 7.
    expect(d.mappings[0].columns).toEqual({
      s251: 0,
      line: 1,
      budget: 3,
      forecast: 4,
      lastForecast: 6,
      note: 7,
    });
    expect(d.issues).toEqual([]);
  });

  it("uses data rows only: no headings, subtotals or totals among the budget lines", () => {
    expect(d.budgetLines?.map((l) => [l.source.row, l.line])).toEqual([
      [6, "Special schools place funding"],
      [7, "Resourced provision places"],
      [10, "Top-up: mainstream"],
      [11, "Top-up: special"],
    ]);
  });

  it("parses numbers stored as text, accounting negatives and pence", () => {
    const row7 = d.budgetLines!.find((l) => l.source.row === 7)!;
    expect(row7).toEqual({
      s251: "1.2.2",
      line: "Resourced provision places",
      budget: 1200000,
      forecast: 1250000.5,
      lastForecast: 1240000,
      note: "Two new bases",
      source: { sheet: "HNB monitoring", row: 7 },
    });
    expect(d.budgetLines!.find((l) => l.source.row === 10)!.forecast).toBe(-3100000);
  });

  it("turns subtotal and total rows into checks over the rows they cover", () => {
    const checks = d.totals.filter((t) => t.dataset === "budgetLines" && t.field === "budget");
    expect(checks.map((c) => [c.source.row, c.label, c.stated, c.computed])).toEqual([
      [8, "Subtotal – place funding", 5200000, 5200000],
      [12, "Subtotal – top-up funding", 9000000, 9000000],
      [14, "Total High Needs Block", 14200000, 14200000],
    ]);
    for (const t of d.totals) expect(t.computed).toBeCloseTo(t.stated, 2);
    expect(d.totals.filter((t) => t.dataset === "dsgBlocks").map((t) => t.field)).toEqual([
      "allocation",
      "transfers",
      "budget",
      "forecast",
      "lastForecast",
    ]);
  });

  it("checks the register's 'Total placements' count against the rows used", () => {
    expect(d.totals.filter((t) => t.dataset === "placements")).toEqual([
      {
        dataset: "placements",
        label: "Total placements",
        field: "count",
        stated: register.used,
        computed: register.used,
        source: { sheet: "Top-up register", row: 17 },
      },
    ]);
  });

  it("skips each bad register row with its code and a reason naming the column and value", () => {
    expect(d.skipped.map((s) => ({ row: s.source.row, code: s.code }))).toEqual(register.seeded);
    expect(d.skipped.map((s) => s.reason)).toEqual([
      'Hours per week is "tbc": not a number',
      'Start date is "31/02/2025": not a date',
      "School is empty, and it is required",
      "End date 01/08/2025 is before Start date 01/09/2025",
      "Hours per week is -5: it cannot be negative",
      'Pupil ref "P0001" with Start date 01/09/2025 repeats row 5',
    ]);
    expect(d.skipped.every((s) => s.dataset === "placements" && s.source.sheet === "Top-up register")).toBe(
      true,
    );
  });

  it("reads placements: UK text dates, text numbers, numeric codes as text", () => {
    const byRow = new Map(d.placements!.map((p) => [p.source.row, p]));
    expect(byRow.get(6)).toEqual({
      pupilRef: "P0002",
      school: "Oakfield Primary",
      setting: "Mainstream",
      currentBand: "C",
      proposedBand: "C",
      hours: 20,
      start: serial(2025, 9, 1),
      end: serial(2026, 3, 31),
      source: { sheet: "Top-up register", row: 6 },
    });
    expect(byRow.get(7)?.start).toBe(serial(2025, 9, 1)); // "1 Sept 2025"
    expect(byRow.get(16)).toMatchObject({ pupilRef: "1234", currentBand: "2", proposedBand: "3" });
    // The same pupil with a different start date is a second placement, not a duplicate.
    expect(byRow.get(15)?.pupilRef).toBe("P0001");
    expect([...byRow.keys()]).toEqual([5, 6, 7, 15, 16]);
  });

  it("reads the band tables", () => {
    expect(d.currentBands?.map((b) => [b.band, b.hours])).toEqual([
      ["A", 5],
      ["B", 10],
      ["C", 15],
      ["D", 25],
      ["E", 32.5],
    ]);
    expect(d.proposedBands?.settings).toEqual([
      "Mainstream",
      "Resourced provision",
      "Special school",
      "Post-16 FE",
    ]);
    expect(d.proposedBands?.rows.map((r) => [r.band, r.values, r.source.row])).toEqual([
      ["1", [3000, 6000, 9000, 2500], 12],
      ["2", [6000, 9000, 12000, 5000], 13],
      ["3", [9000, 12000, 15000, undefined], 14],
      ["4", [12000, 15000, 18000, 10000], 15],
    ]);
  });

  it("reads schools (numeric and text URNs alike) and the deficit plan", () => {
    expect(d.schools?.map((s) => [s.name, s.urn, s.phase, s.type, s.pupils])).toEqual([
      ["Oakfield Primary", "100001", "Primary", "Maintained", 420],
      ["Hill Academy", "100002", "Secondary", "Academy", 1100],
      ["Brook Infants", "100003", "Primary", "Academy", 180],
    ]);
    expect(d.deficitPlan?.[2]).toEqual({
      year: "2028-29",
      funding: 63700000,
      expenditure: 72000000,
      savings: 2500000,
      transfers: 0,
      otherIncome: 0,
      writeOffs: 0,
      source: { sheet: "Deficit plan", row: 6 },
    });
    expect(d.dsgBlocks?.find((b) => b.block === "Early Years Block")?.transfers).toBe(0);
  });

  it("reads the key-value assumptions by type, ignoring unknown items", () => {
    const { sources, ...values } = d.assumptions;
    expect(values).toEqual({
      council: "Anytown Council",
      schoolsBlock: 250000000,
      schoolsBlockIsEstimate: true,
      transferPercent: 0.005,
      openingBalance: -12500000,
      hourlyRate: 21.5,
      weeksPerYear: 38,
      asAt: serial(2025, 9, 30),
      financialYear: "2026-27",
    });
    expect(sources.transferPercent).toEqual({ sheet: "Key figures", row: 7 });
    expect(Object.keys(sources)).not.toContain("name");
  });
});

describe("rows", () => {
  const register = (rows: (string | number | boolean | null)[][], options?: Parameters<typeof sheet>[2]) =>
    readDatasets(
      workbook([
        sheet(
          "Register",
          [
            ["Pupil ref", "School", "Setting", "Current band", "Hours per week", "Start date", "End date"],
            ...rows,
          ],
          options,
        ),
      ]),
    );

  it("ignores blank rows and one-cell heading rows silently", () => {
    const d = register([
      ["Mainstream placements"],
      ["P1", "Oakfield", "Mainstream", "A", 5, 45901, null],
      ["   ", null, "", null, null, null, null], // blank (spaces only); one blank row does not end the table
      ["Special school placements", null, null],
      ["P2", "Oakfield", "Mainstream", "B", 10, 45901, null],
      [null, null, null, null, null, null, null],
      [null],
      ["P3", "Beyond two blank rows", "Mainstream", "B", 10, 45901, null], // another table, not read
    ]);
    expect(d.placements?.map((p) => p.source.row)).toEqual([3, 6]);
    expect(d.skipped).toEqual([]);
  });

  it("treats a cell of spaces as missing", () => {
    const d = register([
      ["P1", "Oakfield", "Mainstream", " ", 5, 45901, null],
      ["P2", "Oakfield", "Mainstream", "A", 5, 45901, null],
    ]);
    expect(d.skipped.map((s) => [s.source.row, s.code, s.reason])).toEqual([
      [2, "missing", "Current band is empty, and it is required"],
    ]);
  });

  it("skips a number cell shown as a date in a number column, and a date of the wrong type", () => {
    const d = register(
      [
        ["P1", "Oakfield", "Mainstream", "A", 15, 45901, null],
        ["P2", "Oakfield", "Mainstream", "A", 5, true, null],
        ["P3", "Oakfield", "Mainstream", "A", 5, 45901, "next term"],
      ],
      { dateCells: ["E2"] },
    );
    expect(d.skipped.map((s) => [s.source.row, s.code, s.reason])).toEqual([
      [2, "not-a-number", "Hours per week is a date (15/01/1900): not a number"],
      [3, "not-a-date", "Start date is TRUE: not a date"],
      [4, "not-a-date", 'End date is "next term": not a date'],
    ]);
  });

  it("reads hidden rows as data and says so", () => {
    const d = register(
      [
        ["P1", "Oakfield", "Mainstream", "A", 5, 45901, null],
        ["P2", "Oakfield", "Mainstream", "B", 10, 45901, null],
      ],
      { hiddenRows: [3] },
    );
    expect(d.placements).toHaveLength(2);
    expect(d.issues.filter((i) => i.code === "hidden-rows-read")).toEqual([
      expect.objectContaining({
        dataset: "placements",
        message: expect.stringContaining('on "Register" was read as data (row 3)'),
      }),
    ]);
  });

  it("does not take a provider named 'Total …' left of the pupil reference for a total row", () => {
    const d = readDatasets(
      workbook([
        sheet("Register", [
          ["Provider", "UPN", "Provision type", "Band", "From"],
          ["Total Care Ltd", "P1", "Special school", "D", 45901],
          ["Oakfield", "P2", "Mainstream", "A", 45901],
          ["Total placements", 2],
        ]),
      ]),
    );
    expect(d.placements?.map((p) => p.school)).toEqual(["Total Care Ltd", "Oakfield"]);
    expect(d.totals.map((t) => [t.field, t.stated, t.computed])).toEqual([["count", 2, 2]]);
  });

  it("only skips the later of two duplicate rows, and only against used rows", () => {
    const d = register([
      ["P1", "Oakfield", "Mainstream", "A", -1, 45901, null], // skipped (negative), so not 'seen'
      ["P1", "Oakfield", "Mainstream", "A", 5, 45901, null], // used
      ["p1", "Oakfield", "Mainstream", "A", 5, "01/09/2025", null], // duplicate (case and date form differ)
    ]);
    expect(d.skipped.map((s) => [s.source.row, s.code])).toEqual([
      [2, "negative"],
      [4, "duplicate"],
    ]);
  });
});

describe("schools", () => {
  const schools = (rows: (string | number | null)[][]) =>
    readDatasets(
      workbook([
        sheet("Schools", [
          [
            "School",
            "URN",
            "Phase",
            "Maintained/Academy",
            "Pupils",
            "Formula allocation £",
            "Protected floor £",
          ],
          ...rows,
        ]),
      ]),
    );

  it("skips a school repeated by URN or by name, but not two same-named schools with different URNs", () => {
    const d = schools([
      ["St Mary's CE Primary", 1, "Primary", "Maintained", 100, 500000, 490000],
      ["St Mary's CE Primary", 2, "Primary", "Maintained", 110, 520000, 510000], // a different school
      ["Oakfield", 3, "Primary", "Academy", 200, 900000, 880000],
      ["Oakfield Primary", 3, "Primary", "Academy", 200, 900000, 880000], // same URN
      ["Hill", null, "Secondary", "Academy", 900, 5000000, 4900000],
      ["hill ", null, "Secondary", "Academy", 900, 5000000, 4900000], // same name
    ]);
    expect(d.skipped.map((s) => [s.source.row, s.code, s.reason])).toEqual([
      [5, "duplicate", 'URN "3" repeats row 4'],
      [7, "duplicate", 'School "hill" repeats row 6'],
    ]);
  });

  it("skips negative pupils, allocation or floor", () => {
    const d = schools([
      ["A", 1, "Primary", "Maintained", -100, 500000, 490000],
      ["B", 2, "Primary", "Maintained", 100, "(500,000)", 490000],
      ["C", 3, "Primary", "Maintained", 100, 500000, -1],
    ]);
    expect(d.skipped.map((s) => [s.code, s.reason])).toEqual([
      ["negative", "Pupils is -100: it cannot be negative"],
      ["negative", 'Formula allocation £ is "(500,000)": it cannot be negative'],
      ["negative", "Protected floor £ is -1: it cannot be negative"],
    ]);
  });

  it("does not take a complete row for a school named 'Total …' for a total row", () => {
    const d = schools([
      ["Total Learning Academy", 1, "Secondary", "Academy", 900, 5000000, 4900000],
      ["Total", null, null, null, 900, 5000000, 4900000],
    ]);
    expect(d.schools?.map((s) => s.name)).toEqual(["Total Learning Academy"]);
    expect(d.totals.map((t) => [t.field, t.stated, t.computed])).toEqual([
      ["pupils", 900, 900],
      ["allocation", 5000000, 5000000],
      ["floor", 4900000, 4900000],
    ]);
  });
});

describe("total rows", () => {
  it.each([
    ["Total High Needs Block", true],
    ["Subtotal – top-up funding", true],
    ["Sub-total", true],
    ["sub total: special", true],
    ["Place funding subtotal", true],
    ["GRAND TOTAL", true],
    ["Totals", true],
    ["Total placements", true],
    ["Totally Inclusive Trust", false],
    ["Top-up funding", false],
  ])("%j is a total label: %s", (label, expected) => {
    expect(isTotalLabel(label)).toBe(expected);
  });

  const monitoring = (rows: (string | number | null)[][]) =>
    readDatasets(workbook([sheet("M", [["s251", "Budget line", "Budget", "Forecast"], ...rows])]));

  it("'Total <section>' rows followed by more data or a grand total are section totals", () => {
    const d = monitoring([
      ["1.0.2", "Place funding", 100, 110],
      [null, "Total place funding", 100, 110],
      ["1.2.1", "Top-up mainstream", 200, 190],
      ["1.2.2", "Top-up special", 300, 330],
      [null, "Total top-up funding", 500, 520],
      [null, "Grand total", 600, 630],
    ]);
    expect(d.budgetLines).toHaveLength(3);
    expect(d.totals.filter((t) => t.field === "budget").map((t) => [t.label, t.stated, t.computed])).toEqual([
      ["Total place funding", 100, 100],
      ["Total top-up funding", 500, 500],
      ["Grand total", 600, 600],
    ]);
  });

  it("finds a subtotal label after a code in the label's left", () => {
    const d = monitoring([
      ["1.2.1", "Top-up mainstream", 200, 190],
      ["1.2", "Subtotal – top-up", 200, 190],
    ]);
    expect(d.budgetLines).toHaveLength(1);
    expect(d.totals).toHaveLength(2);
  });

  it("reports a total that does not agree (a skipped row's money is not counted)", () => {
    const d = monitoring([
      ["1.2.1", "Top-up mainstream", 200, 190],
      ["1.2.2", "Top-up special", "tbc", 330],
      [null, "Total", 500, 520],
    ]);
    expect(d.totals.map((t) => [t.field, t.stated, t.computed])).toEqual([
      ["budget", 500, 200],
      ["forecast", 520, 190],
    ]);
    expect(d.skipped.map((s) => s.code)).toEqual(["not-a-number"]);
  });

  it("rounds computed money sums to the penny", () => {
    const d = monitoring([
      ["a", "x", 0.1, 0.1],
      ["b", "y", 0.2, 0.2],
      [null, "Total", 0.3, 0.3],
    ]);
    expect(d.totals.map((t) => t.computed)).toEqual([0.3, 0.3]);
  });
});

describe("£000 columns", () => {
  it("multiplies a money column headed £000 into pounds, and says so", () => {
    const d = readDatasets(
      workbook([
        sheet("M", [
          ["Budget line", "Budget £000", "Forecast £000"],
          ["Top-up", 1200.5, "1,250"],
          ["Total", 1200.5, 1250],
        ]),
      ]),
    );
    expect(d.budgetLines?.[0]).toMatchObject({ budget: 1200500, forecast: 1250000 });
    expect(d.totals.map((t) => [t.stated, t.computed])).toEqual([
      [1200500, 1200500],
      [1250000, 1250000],
    ]);
    expect(d.issues.filter((i) => i.code === "scaled-thousands")).toHaveLength(2);
  });
});

describe("assumptions", () => {
  const figures = (rows: (string | number | boolean | null)[][]) =>
    readDatasets(workbook([sheet("K", [["Item", "Value"], ...rows])]));

  it("parses each item by its type: money, percent, number, date, text, yes/no", () => {
    const d = figures([
      ["Schools block (£000)", 250000],
      ["Transfer %", 0.005],
      ["Weeks per year", "38"],
      ["As at", "September 2025"],
      ["Schools block is estimate", "no"],
      ["Financial year", 2026],
    ]);
    const { sources, ...values } = d.assumptions;
    expect(values).toEqual({
      schoolsBlock: 250000000,
      transferPercent: 0.005,
      weeksPerYear: 38,
      asAt: serial(2025, 9, 30),
      schoolsBlockIsEstimate: false,
      financialYear: "2026",
    });
    expect(Object.keys(sources).length).toBe(6);
  });

  it("keeps the best-worded row when an item appears twice", () => {
    const d = figures([
      ["Schools block figure", 1], // contains a synonym: 0.77
      ["Schools block before recoupment", 2], // is a synonym: 1.0
    ]);
    expect(d.assumptions.schoolsBlock).toBe(2);
    expect(d.assumptions.sources.schoolsBlock?.row).toBe(3);
  });

  it("skips a known item whose value cannot be read, and ignores unknown items", () => {
    const d = figures([
      ["Hourly rate", "about £20"],
      ["Data as at", "soon"],
      ["Schools block is estimate", "maybe"],
      ["Weeks per year", null],
      ["Colour of the cover", "blue"],
    ]);
    expect(d.skipped.map((s) => [s.source.row, s.code, s.reason])).toEqual([
      [2, "not-a-number", 'Value for "Hourly rate" is "about £20": not a number'],
      [3, "not-a-date", 'Value for "Data as at" is "soon": not a date'],
      [4, "not-a-number", 'Value for "Schools block is estimate" is "maybe": not Yes or No'],
      [5, "missing", 'Value for "Weeks per year" is empty'],
    ]);
    expect(d.assumptions).toEqual({ sources: {} });
  });

  it("is an empty object when the workbook has no key figures", () => {
    const d = readDatasets(workbook([sheet("Empty", [])]));
    expect(d.assumptions).toEqual({ sources: {} });
    expect(d.mappings).toEqual([]);
    expect(d.issues.filter((i) => i.code === "dataset-missing")).toHaveLength(8);
  });
});

describe("hidden column decoy", () => {
  it("reads the visible column, not a hidden one with a better header", () => {
    const d = readDatasets(
      workbook([
        sheet(
          "Register",
          [
            [
              "Pupil ref",
              "School",
              "Setting",
              "Current band",
              "Start date",
              "Start date (old system)",
              "Placement start",
            ],
            ["P1", "Oakfield", "Mainstream", "A", 0, "junk", 45901],
          ],
          { hiddenColumns: ["E"] },
        ),
      ]),
    );
    // Hidden E is headed exactly "Start date"; visible G "Placement start" wins.
    expect(d.mappings[0].columns.start).toBe(6); // zero-based: G
    expect(d.placements?.[0].start).toBe(45901);
    expect(d.skipped).toEqual([]);
  });
});
