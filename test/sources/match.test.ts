import { DATASETS } from "../../src/sources/datasets";
import {
  MIN_CONFIDENCE,
  assignTables,
  headerScale,
  knownHeaderScore,
  matchAssumptionItem,
  matchTable,
  normaliseHeader,
  scoreHeader,
  settingName,
  type HeaderCell,
} from "../../src/sources/match";

const headers = (texts: readonly string[], hidden: readonly number[] = []): HeaderCell[] =>
  texts.map((text, column) => ({ column, text, hidden: hidden.includes(column) }));

describe("normaliseHeader", () => {
  it.each([
    ["  Annual Budget (£000): ", "annual budget"],
    ["Annual budget £", "annual budget"],
    ["Forecast (£'000)", "forecast"],
    ["Spend £m", "spend"],
    ["£ per year", "per year"],
    ["Transfer %", "transfer %"],
    ["Transfer%", "transfer %"],
    ["Maintained/Academy*", "maintained/academy"],
    ["Write-offs", "write-offs"],
    ["Post-16 FE", "post-16 fe"],
    ["Subtotal – top-up funding", "subtotal top-up funding"],
    ["Pupils\n(Oct census)", "pupils oct census"],
    ["Budget - annual", "budget annual"],
    ["Mainstream", "mainstream"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(normaliseHeader(input)).toBe(expected);
  });
});

describe("headerScale", () => {
  it.each([
    ["Annual budget £", 1],
    ["Annual budget £000", 1000],
    ["Forecast (£'000)", 1000],
    ["Budget £k", 1000],
    ["Spend £m", 1e6],
    ["Spend (£m)", 1e6],
    ["£ Mainstream", 1],
    ["Budget", 1],
  ])("%j → %d", (header, scale) => {
    expect(headerScale(header)).toBe(scale);
  });
});

describe("scoreHeader", () => {
  it("gives 1 for the same words after normalising", () => {
    expect(scoreHeader("Forecast outturn £", ["forecast outturn"])).toBe(1);
    expect(scoreHeader("HOURS PER WEEK:", ["hours per week"])).toBe(1);
  });

  it("gives 0.7–0.8 when one contains the other on word boundaries, more for a larger share", () => {
    const s = scoreHeader("Hours per week (TA)", ["hours per week"]);
    expect(s).toBeCloseTo(0.775, 3);
    expect(scoreHeader("Forecast at last report", ["forecast"])).toBeCloseTo(0.725, 3);
    // header inside the synonym
    expect(scoreHeader("Budget", ["approved budget"])).toBeCloseTo(0.75, 3);
  });

  it("does not match parts of words", () => {
    expect(scoreHeader("Date ended", ["end"])).toBe(0);
    expect(scoreHeader("Weekend hours", ["end"])).toBe(0);
  });

  it("never matches a stopword synonym by containment ('to', 'from')", () => {
    expect(scoreHeader("Transfers to high needs", ["to"])).toBe(0);
    expect(scoreHeader("To", ["to"])).toBe(1);
  });

  it("scores shared words lower than containment", () => {
    // "start of placement" vs "placement start": both content words shared, order differs.
    expect(scoreHeader("Start of placement", ["placement start"])).toBeCloseTo(0.6, 6);
    expect(scoreHeader("Weekly support hours", ["hours a week"])).toBeLessThan(0.45);
  });
});

describe("knownHeaderScore", () => {
  it("tells header words from data", () => {
    expect(knownHeaderScore("Pupil ref")).toBe(1);
    expect(knownHeaderScore("Anytown")).toBe(0);
  });
});

describe("matchAssumptionItem", () => {
  it.each([
    ["Schools Block before recoupment (2026-27)", "schoolsBlock"],
    ["Schools block is estimate?", "schoolsBlockIsEstimate"],
    ["Transfer %", "transferPercent"],
    ["Reserve b/f", "openingBalance"],
    ["DSG reserve brought forward", "openingBalance"],
    ["Data as at", "asAt"],
    ["Local authority", "council"],
    ["Weeks", "weeksPerYear"],
  ])("%j → %s", (label, key) => {
    expect(matchAssumptionItem(label)?.key).toBe(key);
  });

  it("ignores items it does not know", () => {
    expect(matchAssumptionItem("Name of finance lead")).toBeUndefined();
    expect(matchAssumptionItem("")).toBeUndefined();
  });
});

describe("matchTable", () => {
  it("maps the standard monitoring header, leaving the hidden Cost centre and Variance unused", () => {
    const m = matchTable(
      headers(
        [
          "s251 line",
          "Description",
          "Cost centre",
          "Annual budget £",
          "Forecast outturn £",
          "Variance £",
          "Forecast at last report £",
          "Note",
        ],
        [2],
      ),
      DATASETS.budgetLines,
    );
    expect(Object.fromEntries(m.fields.map((f) => [f.field, f.column]))).toEqual({
      s251: 0,
      line: 1,
      budget: 3,
      forecast: 4,
      lastForecast: 6,
      note: 7,
    });
    expect(m.missingRequired).toEqual([]);
    expect(m.confidence).toBeGreaterThan(0.9);
  });

  it("never chooses a hidden column over a visible one, even with a better header", () => {
    // Hidden "Forecast outturn" (an old copy) scores 1.0; visible "Projection" scores 1.0 too, and
    // visible "Outturn" too; the hidden one must lose.
    const m = matchTable(
      headers(["Line", "Budget", "Forecast outturn", "Projection"], [2]),
      DATASETS.budgetLines,
    );
    expect(m.fields.find((f) => f.field === "forecast")?.column).toBe(3);
  });

  it("uses a hidden column when no visible one can hold the field", () => {
    const m = matchTable(headers(["Line", "Budget", "Forecast outturn"], [2]), DATASETS.budgetLines);
    expect(m.fields.find((f) => f.field === "forecast")?.column).toBe(2);
    expect(m.confidence).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
  });

  it("caps confidence low when a required field has no column", () => {
    const m = matchTable(headers(["School", "URN", "Pupils"]), DATASETS.schools);
    expect(m.missingRequired).toEqual(["phase", "type", "allocation", "floor"]);
    expect(m.confidence).toBeLessThan(MIN_CONFIDENCE);
  });

  it("uses each column once: 'Forecast' goes to forecast, not also to last forecast", () => {
    const m = matchTable(headers(["Line", "Budget", "Forecast", "Previous forecast"]), DATASETS.budgetLines);
    expect(m.fields.find((f) => f.field === "forecast")?.column).toBe(2);
    expect(m.fields.find((f) => f.field === "lastForecast")?.column).toBe(3);
  });

  it("finds the value columns of the wide proposed-bands table, named without £ markers", () => {
    const m = matchTable(
      headers(["Band", "Mainstream £", "Resourced provision", "Special school (£)"]),
      DATASETS.proposedBands,
    );
    expect(m.valueColumns).toEqual([
      { header: "Mainstream", column: 1 },
      { header: "Resourced provision", column: 2 },
      { header: "Special school", column: 3 },
    ]);
    expect(m.confidence).toBe(1);
  });

  it("does not take 'Hours per week' as a setting (the current band table is not a tariff)", () => {
    const m = matchTable(headers(["Band", "Hours per week"]), DATASETS.proposedBands);
    expect(m.valueColumns).toEqual([]);
    expect(m.confidence).toBeLessThan(MIN_CONFIDENCE);
  });

  it("leaves out value columns whose data is not numeric", () => {
    const m = matchTable(
      headers(["Band", "Descriptor", "Mainstream"]),
      DATASETS.proposedBands,
      (c) => c !== 1,
    );
    expect(m.valueColumns.map((v) => v.header)).toEqual(["Mainstream"]);
  });
});

describe("matchTable with two-row headers and repeated headers", () => {
  /** A header cell under a group title, as detection gives it. */
  const under = (column: number, group: string, name: string): HeaderCell => ({
    column,
    text: `${group} ${name}`,
    group,
    name,
    hidden: false,
  });
  const register = (bandCells: HeaderCell[]): HeaderCell[] => [
    { column: 0, text: "Pupil ref", hidden: false },
    { column: 1, text: "School", hidden: false },
    { column: 2, text: "Setting", hidden: false },
    ...bandCells,
    { column: 9, text: "Start date", hidden: false },
  ];

  // [the band columns' titles left to right, the column expected for current and proposed band]
  const cases: [string, string, number, number][] = [
    ["Current banding", "Proposed banding", 3, 4],
    ["Proposed banding", "Current banding", 4, 3],
    ["Existing band", "New band", 3, 4],
  ];
  it.each(cases)("%s | %s over two 'Band' columns: the titles decide", (left, right, current, proposed) => {
    const m = matchTable(register([under(3, left, "Band"), under(4, right, "Band")]), DATASETS.placements);
    const col = (field: string) => m.fields.find((f) => f.field === field)?.column;
    expect([col("currentBand"), col("proposedBand")]).toEqual([current, proposed]);
    expect(m.missingRequired).toEqual([]);
    expect(m.notes).toEqual([]); // the joined texts differ: not the same header
  });

  it("does not take a register with band and money columns for a proposed-bands table", () => {
    const cells = register([
      under(3, "Current banding", "Band"),
      under(4, "Current banding", "Annual £"),
      under(5, "Proposed banding", "Band"),
      under(6, "Proposed banding", "Annual £"),
    ]);
    // The "Annual £" columns (4 and 6) hold numbers; the others text and dates.
    const tariff = matchTable(cells, DATASETS.proposedBands, { isNumericColumn: (c) => c === 4 || c === 6 });
    const placements = matchTable(cells, DATASETS.placements);
    // Two settings found, but five of the eight columns are not settings.
    expect(tariff.valueColumns.map((v) => v.column)).toEqual([4, 6]);
    expect(tariff.confidence).toBeLessThan(placements.confidence);
    expect(placements.missingRequired).toEqual([]);
  });

  it("matches a column on its name when the joined text matches nothing", () => {
    const m = matchTable(register([under(3, "Current banding", "Band")]), DATASETS.placements);
    expect(m.fields.find((f) => f.field === "currentBand")).toEqual({
      field: "currentBand",
      column: 3,
      header: "Current banding Band",
      score: 1,
    });
  });

  it("chooses between same-named columns by how well their values fit, and says so", () => {
    const cells = headers([
      "School",
      "Phase",
      "Maintained/Academy",
      "Pupils",
      "Pupils",
      "Formula allocation",
      "Floor",
    ]);
    // Column 3 holds 1 number in 10 rows, column 4 holds 9.
    const fit = (column: number) => ({ fits: column === 4 ? 9 : 1, rows: 10 });
    const m = matchTable(cells, DATASETS.schools, { columnFit: fit });
    expect(m.fields.find((f) => f.field === "pupils")?.column).toBe(4);
    expect(m.notes).toEqual([
      'Columns D and E are both headed "Pupils": E was used for Pupils (October census), as 9 of its 10 rows hold numbers (D: 1 of 10).',
    ]);
    // Without values to go on, the first is used, and the note says that too.
    const blind = matchTable(cells, DATASETS.schools);
    expect(blind.fields.find((f) => f.field === "pupils")?.column).toBe(3);
    expect(blind.notes).toEqual([
      'Columns D and E are both headed "Pupils": D, the first, was used for Pupils (October census).',
    ]);
  });
});

describe("settingName", () => {
  it("drops currency markers and keeps the words as written", () => {
    expect(settingName("Post-16 FE (£)")).toBe("Post-16 FE");
    expect(settingName("£")).toBe("£");
  });
});

describe("assignTables", () => {
  it("maximises the total: the register goes to placements even though it also fits current bands", () => {
    // rows: placements, currentBands; columns: register, band table
    const weights = [
      [1.0, 0.2],
      [0.85, 1.0],
    ];
    expect(assignTables(weights, 0.5)).toEqual([0, 1]);
  });

  it("prefers two good matches over one perfect and one missing", () => {
    // Greedy would give row 0 table 0 (0.95) and leave row 1 with nothing.
    const weights = [
      [0.95, 0.9],
      [0.9, 0.1],
    ];
    expect(assignTables(weights, 0.5)).toEqual([1, 0]);
  });

  it("leaves a row unassigned when nothing reaches the minimum, and copes with fewer tables than datasets", () => {
    expect(assignTables([[0.3], [0.8], [0.6]], 0.5)).toEqual([-1, 0, -1]);
    expect(assignTables([], 0.5)).toEqual([]);
    expect(assignTables([[], []], 0.5)).toEqual([-1, -1]);
  });
});
