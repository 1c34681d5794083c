import fc from "fast-check";
import { BandTable, bandCost, bandKey, hoursCost, needsScore, parseBandTable } from "../../src/core/banding";
import { CellError, ErrorCode, isCellError } from "../../src/core/errors";
import { roundPenny } from "../../src/core/money";
import { Trace } from "../../src/core/trace";

function table(rows: unknown[][]): BandTable {
  const t = parseBandTable(rows);
  if (isCellError(t)) throw new Error(`fixture did not parse: ${t}`);
  return t;
}

function expectError(value: unknown, code: string, ...phrases: string[]): void {
  expect(value).toBeInstanceOf(CellError);
  const e = value as CellError;
  expect(e.code).toBe(code);
  for (const p of phrases) expect(e.message).toContain(p);
}

// domain.md §3.4, Devon County Council FOI response (FY 2022/23 and 2023/24), mainstream bands,
// including the "Plus packages" row exactly as published (its value is not an amount).
const devonMainstreamRows = [
  ["Band", "Maximum top-up"],
  ["Banding 1", "£1,600"],
  ["Banding 2", "£3,100"],
  ["Banding 3", "£4,500"],
  ["Plus packages", "> £4,500 (individual)"],
];

// domain.md §3.4, Devon special school top-up per place, by school, 2022/23 and 2023/24.
const devonSpecialRows: [string, number, number][] = [
  ["Ellen Tinkham", 11796, 12132],
  ["Southbrook", 11088, 11412],
  ["Mill Water", 11796, 12132],
  ["Barley Lane", 17220, 17556],
  ["Lampard", 11088, 11412],
  ["Pathfield", 11796, 12132],
  ["Bidwell Brook", 11796, 12132],
  ["Marland", 17220, 17556],
  ["ACE Tiverton", 13140, 13476],
  ["Glendinning", 11088, 11412],
  ["Orchard Manor", 15120, 15456],
  ["The Promise School", 17220, 17556],
];
const devonSpecial = table([["School", "2022/23", "2023/24"], ...devonSpecialRows]);

// domain.md §3.4, Islington top-up tariff 2017-18 ("up to" values, in addition to £6,000).
const islingtonRows: [number, number][] = [
  [1, 1190],
  [2, 3100],
  [3, 5300],
  [4, 8400],
  [5, 11120],
  [6, 16260],
];
const islington = table([["Tariff", "Top-up in addition to £6,000"], ...islingtonRows]);

describe("parseBandTable", () => {
  it("reads Devon's mainstream bands with a header and £ text values (domain.md §3.4, Devon FOI)", () => {
    const t = table(devonMainstreamRows);
    expect(t.hasHeader).toBe(true);
    expect(t.bands).toEqual(["Banding 1", "Banding 2", "Banding 3", "Plus packages"]);
    expect(t.settings).toEqual(["Maximum top-up"]);
  });

  it("reads Devon's special-school table with one setting per year (domain.md §3.4, Devon FOI)", () => {
    expect(devonSpecial.settings).toEqual(["2022/23", "2023/24"]);
    expect(devonSpecial.bands).toHaveLength(12);
  });

  it("treats a first row of numbers as data: settings are unnamed", () => {
    const t = table([
      [1, 1600],
      [2, 3100],
    ]);
    expect(t.hasHeader).toBe(false);
    expect(t.settings).toEqual(["Column 1"]);
    expect(bandCost(1, t)).toBe(1600);
  });

  it("reads a lone row as data, even when its values are text", () => {
    const t = table([["Band 1", "up to £1,190"]]);
    expect(t.hasHeader).toBe(false);
    expect(t.bands).toEqual(["Band 1"]);
  });

  it("skips blank rows (a selection larger than the table) and handles ragged rows", () => {
    const t = table([
      [null, ""],
      ["Band", "A", "B"],
      ["", null],
      [1, 10],
      [2, 20, 21],
      [null, null, null],
    ]);
    expect(t.bands).toEqual(["1", "2"]);
    expect(bandCost(1, t, "B")).toBeInstanceOf(CellError); // blank cell: no value
    expect(bandCost(2, t, "B")).toBe(21);
  });

  it.each([
    ["no rows", [], ErrorCode.value, "no rows with a band name"],
    [
      "only blank rows",
      [
        [null, ""],
        ["", null],
      ],
      ErrorCode.value,
      "no rows with a band name",
    ],
    ["one column only", [["Band 1"], ["Band 2"]], ErrorCode.value, "only one column"],
    [
      "a duplicate band (1 and 'Band 1.0')",
      [
        [1, 1600],
        ["Band 1.0", 3100],
      ],
      ErrorCode.value,
      'Band "Band 1.0" appears twice in the band table (rows 1 and 2',
    ],
    [
      "a duplicate setting heading",
      [
        ["Band", "2023/24", "2023-24"],
        [1, 1, 2],
      ],
      ErrorCode.value,
      "heads two columns",
    ],
    [
      "values but no band name",
      [
        ["Band", "Top-up"],
        [null, 1600],
      ],
      ErrorCode.value,
      "Row 2 of the band table has values but no band name",
    ],
    ["a boolean band name", [[true, 1600]], ErrorCode.value, "Row 1 of the band table has TRUE"],
    ["not a range", "Band 1" as unknown as unknown[][], ErrorCode.value, "range of cells"],
  ])("refuses a table with %s", (_name, rows, code, phrase) => {
    expectError(parseBandTable(rows as unknown[][]), code, phrase);
  });
});

describe("bandKey: how bands and settings match", () => {
  it.each([
    [3, 3],
    ["3", 3],
    ["3.0", 3],
    [" Band 3 ", 3],
    ["band3", 3],
    ["BANDING 3", 3],
    ["Band: 3", 3],
    ["Band A", "a"],
    ["  Top   Up  A ", "top up a"],
    ["Bandana", "bandana"],
    ["Band", "band"],
    ["2022/23", "2022-23"],
    ["FY 2022-23", "2022-23"],
    ["AY2022/23", "ay2022/23"],
    ["1e3", "1e3"],
    ["", undefined],
    [null, undefined],
    [true, undefined],
    [NaN, undefined],
  ])("%p → %p", (value, key) => {
    expect(bandKey(value)).toEqual(key);
  });
});

describe("bandCost", () => {
  const devonMainstream = table(devonMainstreamRows);

  it.each([
    // domain.md §3.4 Devon mainstream top-up bands (Devon FOI, same in 2022/23 and 2023/24)
    ["Banding 1", 1600],
    ["Banding 2", 3100],
    ["Banding 3", 4500],
    [1, 1600],
    ["2", 3100],
    ["band 3", 4500],
    ["  BANDING   3 ", 4500],
    [3.0, 4500],
  ])("Devon mainstream %p → £%p (domain.md §3.4)", (band, expected) => {
    expect(bandCost(band, devonMainstream)).toBe(expected);
  });

  it.each(devonSpecialRows)(
    "Devon special school %s: 2022/23 £%d, 2023/24 £%d (domain.md §3.4, Devon FOI)",
    (school, y2223, y2324) => {
      expect(bandCost(school, devonSpecial, "2022/23")).toBe(y2223);
      expect(bandCost(school, devonSpecial, "2023/24")).toBe(y2324);
      expect(bandCost(school, devonSpecial)).toBe(y2223); // default: first value column
      expect(bandCost(school, devonSpecial, 2)).toBe(y2324); // column number
      expect(bandCost(school, devonSpecial, "FY2023-24")).toBe(y2324); // year label written another way
      expect(bandCost(school.toUpperCase(), devonSpecial, " 2023/24 ")).toBe(y2324);
    },
  );

  it.each(devonSpecialRows)(
    "Devon %s moved by a flat cash amount, 2022/23 + flat uplift = 2023/24 (domain.md §3.5 'Uplifts')",
    (school, y2223, y2324) => {
      const flat = y2324 - y2223;
      expect([324, 336]).toContain(flat); // flat cash moves, not one common percentage
      expect(bandCost(school, devonSpecial, "2022/23", flat, "flat")).toBe(y2324);
    },
  );

  it("Ellen Tinkham £11,796 + £336 flat = £12,132 (domain.md §3.4/§3.5)", () => {
    expect(bandCost("Ellen Tinkham", devonSpecial, "2022/23", 336, "flat")).toBe(12132);
  });

  it.each([
    // Percentage uplift of 3.4% (Norfolk special-school band values +3.4% for 2024-25, domain.md
    // §3.4; the 3.4% DSG condition, §3.2). Norfolk's own values are not in domain.md, so Devon's
    // published values are used as the base (illustrative).
    ["Ellen Tinkham", "2023/24", 12544.49], // 12,132 × 1.034 = 12,544.488
    ["Barley Lane", "2023/24", 18152.9], // 17,556 × 1.034 = 18,152.904
    ["Southbrook", "2022/23", 11464.99], // 11,088 × 1.034 = 11,464.992
  ])("%s %s + 3.4% → £%d", (school, year, expected) => {
    expect(bandCost(school, devonSpecial, year, 0.034)).toBe(expected);
    expect(bandCost(school, devonSpecial, year, 0.034, "percent")).toBe(expected);
    expect(bandCost(school, devonSpecial, year, 0.034, " Percent ")).toBe(expected);
  });

  it("rounds a half-penny uplift up, decimal-correct: £12.50 × 1.034 = £12.925 → £12.93", () => {
    const t = table([[1, 12.5]]);
    expect(bandCost(1, t, undefined, 0.034)).toBe(12.93);
  });

  it.each(islingtonRows)(
    "Islington tariff %d → up to £%d (domain.md §3.4, Islington 2017-18)",
    (tariff, value) => {
      expect(bandCost(tariff, islington)).toBe(value);
      expect(bandCost(`Band ${tariff}`, islington)).toBe(value);
    },
  );

  it("accepts a blank setting and blank upliftMode as the defaults", () => {
    expect(bandCost(2, devonMainstream, "", null as unknown as number, "")).toBe(3100);
    expect(bandCost(2, devonMainstream, null, undefined, undefined)).toBe(3100);
  });

  it.each([
    [
      "a band not in the table",
      () => bandCost("Banding 4", devonMainstream),
      ErrorCode.notAvailable,
      'Band "Banding 4" is not in the band table. Use one of: Banding 1, Banding 2, Banding 3, Plus packages.',
    ],
    [
      "a numeric band not in the table",
      () => bandCost(7, islington),
      ErrorCode.notAvailable,
      "Band 7 is not in the band table. Use one of: 1, 2, 3, 4, 5, 6.",
    ],
    ["a blank band", () => bandCost(null, islington), ErrorCode.value, "band must be a band number or name"],
    ["a boolean band", () => bandCost(true, islington), ErrorCode.value, "got TRUE"],
    [
      "a setting not in the table",
      () => bandCost("Lampard", devonSpecial, "2024/25"),
      ErrorCode.notAvailable,
      'Setting "2024/25" is not a column of the band table. Use one of: 2022/23, 2023/24, or a value column number (a number from 1 to 2).',
    ],
    [
      "a column number too big",
      () => bandCost("Lampard", devonSpecial, 3),
      ErrorCode.notAvailable,
      "Setting 3",
    ],
    [
      "a value that is not an amount (Devon's 'Plus packages')",
      () => bandCost("Plus packages", devonMainstream),
      ErrorCode.value,
      '"> £4,500 (individual)", which is not an amount',
    ],
    [
      "Islington's values as published ('up to £1,190')",
      () => bandCost(1, table([[1, "up to £1,190"]])),
      ErrorCode.value,
      '"up to £1,190", which is not an amount',
    ],
    [
      "a blank value cell",
      () =>
        bandCost(
          "B",
          table([
            ["Band", "Mainstream", "Special"],
            ["A", 100, 200],
            ["B", 300, null],
          ]),
          "Special",
        ),
      ErrorCode.notAvailable,
      'no value for band "B" in "Special"',
    ],
    [
      "an uplift that makes the cost negative",
      () => bandCost(1, islington, undefined, -1.5),
      ErrorCode.number,
      "below zero",
    ],
    [
      "a flat cut larger than the value",
      () => bandCost(1, islington, undefined, -2000, "flat"),
      ErrorCode.number,
      "comes to (£810.00), below zero",
    ],
    [
      "an unknown upliftMode",
      () => bandCost(1, islington, undefined, 0.1, "cash"),
      ErrorCode.value,
      'upliftMode must be one of "percent", "flat"',
    ],
    [
      "an uplift that is not a number",
      () => bandCost(1, islington, undefined, NaN),
      ErrorCode.value,
      "uplift must be a number",
    ],
    [
      "an infinite uplift",
      () => bandCost(1, islington, undefined, Infinity),
      ErrorCode.number,
      "uplift is too large",
    ],
    [
      "a result too large to hold",
      () => bandCost(1, table([[1, 1e307]]), undefined, 5),
      ErrorCode.number,
      "too large",
    ],
  ])("returns an error for %s", (_name, call, code, phrase) => {
    expectError(call(), code, phrase);
  });

  it("explains itself in a trace", () => {
    const trace = new Trace();
    expect(bandCost("ellen tinkham", devonSpecial, "2023/24", 0.034, "percent", trace)).toBe(12544.49);
    expect(trace.steps.map((s) => [s.kind, s.label, s.value])).toEqual([
      ["input", "Band", "Ellen Tinkham"],
      ["input", "Setting (column of the band table)", "2023/24"],
      ["step", "Value in the band table", 12132],
      ["input", "Uplift (percentage)", 0.034],
      ["step", "After the uplift", 12132 * 1.034],
      ["result", "Annual top-up", 12544.49],
    ]);
    expect(trace.steps[4].detail).toBe("£12,132.00 × (1 + 3.4%)");
    const flat = new Trace();
    bandCost("Ellen Tinkham", devonSpecial, "2022/23", 336, "flat", flat);
    expect(flat.steps[4].detail).toBe("£11,796.00 + £336.00");
  });

  it("property: never negative, never NaN or infinite, for any finite value and uplift", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom("percent", "flat"),
        (value, uplift, mode) => {
          const result = bandCost(1, table([[1, value]]), undefined, uplift, mode);
          if (isCellError(result)) {
            expect(result.code).toBe(ErrorCode.number);
          } else {
            expect(Number.isFinite(result)).toBe(true);
            expect(result).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });

  it("property: with no uplift, the cost is the table value rounded to the penny", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (value) => {
        expect(bandCost("Band 1", table([["1", value]]))).toBe(roundPenny(value));
      }),
    );
  });

  // Speed lives in the benchmarks (npm run bench -- engine, target < 5 ms for 10,000 rows); here,
  // that the same 10,000 look-ups on one parsed table give the right total.
  it("10,000 band costs on one parsed table add up to the table's figures", () => {
    const rows: unknown[][] = [["Band", "Mainstream", "Special"]];
    for (let b = 1; b <= 16; b++) rows.push([`Band ${b}`, b * 1000, b * 1500]);
    const t = table(rows);
    const bands = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? (i % 16) + 1 : `Band ${(i % 16) + 1}`));
    let pence = 0;
    for (const b of bands) pence += Math.round((bandCost(b, t, "Special", 0.034) as number) * 100);
    // Each band b costs b × £1,500 × 1.034 = b × £1,551 exactly; bands cycle 1..16 by i % 16.
    let expected = 0;
    for (let i = 0; i < 10_000; i++) expected += ((i % 16) + 1) * 155_100;
    expect(pence).toBe(expected);
  });
});

describe("hoursCost", () => {
  it.each<[number, number, number | undefined | null, number, number | undefined | null, number, string]>([
    // [hours, rate, weeks, threshold, groupSize, expected, source]
    [25, 13.04, 38, 6000, 1, 6388, "Oxfordshire £13.04/hour (domain.md §3.3): 25 h × £13.04 × 38 − £6,000"],
    [25, 13.04, undefined, 6000, undefined, 6388, "same, weeks and group size by default"],
    [25, 13.04, null, 6000, null, 6388, "same, blank cells (null) as the defaults"],
    [10, 13.04, 38, 6000, 1, 0, "Oxfordshire rate, 10 h: £4,955.20 is under the £6,000 threshold → 0"],
    [25, 13.04, 38, 0, 1, 12388, "Oxfordshire rate, no threshold"],
    [25, 13.04, 39, 6000, 1, 6714, "39 weeks incl. INSET (domain.md §3.3): 25 × 13.04 × 39 − 6,000"],
    [25, 13.04, 38, 6000, 2, 194, "shared support, 2 pupils (domain.md §3.5): 12,388 ÷ 2 − 6,000"],
    [4.5, 1044.85, 1, 0, 1, 4701.83, "SPEC rounding case: 4.5 × £1,044.85 = £4,701.825 → £4,701.83"],
    [12.5, 14.95, 38, 0, 1, 7101.25, "Islington unit rate £14.95/hour (domain.md §3.3): 12.5 h × 38 weeks"],
    [1.5, 102.57, 39, 6000, 1, 0.35, "half-penny after the threshold: £6,000.345 − £6,000 → £0.35"],
    [0, 13.04, 38, 0, 1, 0, "no hours"],
    [10, 13.04, 0, 0, 1, 0, "no weeks"],
  ])("%p h × £%p × %p weeks − £%p ÷ %p → £%p (%s)", (hours, rate, weeks, threshold, group, expected) => {
    expect(hoursCost(hours, rate, weeks, threshold, group)).toBe(expected);
  });

  it.each([
    [
      "negative hours",
      () => hoursCost(-1, 13.04),
      ErrorCode.number,
      "hoursPerWeek cannot be negative; got -1",
    ],
    ["a negative rate", () => hoursCost(1, -13.04), ErrorCode.number, "hourlyRate cannot be negative"],
    ["negative weeks", () => hoursCost(1, 13.04, -38), ErrorCode.number, "weeks cannot be negative"],
    [
      "a negative threshold",
      () => hoursCost(1, 13.04, 38, -6000),
      ErrorCode.number,
      "threshold cannot be negative",
    ],
    [
      "a group of less than one",
      () => hoursCost(1, 13.04, 38, 0, 0.5),
      ErrorCode.number,
      "groupSize must be 1 or more",
    ],
    ["a group of zero", () => hoursCost(1, 13.04, 38, 0, 0), ErrorCode.number, "groupSize must be 1 or more"],
    [
      "hours that are not a number",
      () => hoursCost(NaN, 13.04),
      ErrorCode.value,
      "hoursPerWeek must be a number",
    ],
    [
      "a rate given as text",
      () => hoursCost(1, "£13.04" as unknown as number),
      ErrorCode.value,
      "hourlyRate must be a number",
    ],
    ["infinite weeks", () => hoursCost(1, 13.04, Infinity), ErrorCode.number, "weeks is too large"],
    [
      "a product too large to hold",
      () => hoursCost(1e200, 1e200),
      ErrorCode.number,
      "hours cost is too large",
    ],
  ])("returns an error for %s", (_name, call, code, phrase) => {
    expectError(call(), code, phrase);
  });

  it("explains itself in a trace", () => {
    const trace = new Trace();
    hoursCost(12.5, 14.95, 38, 6000, 1, trace);
    const steps = trace.steps.filter((s) => s.kind !== "input");
    expect(steps.map((s) => [s.label, s.value, s.detail])).toEqual([
      ["Cost of the support a year", 7101.25, "12.5 hours × £14.95 × 38 weeks"],
      ["Less the threshold", 1101.25, "£7,101.25 − £6,000.00"],
      ["Top-up a year", 1101.25, "rounded half-up to the penny"],
    ]);
    expect(trace.steps.filter((s) => s.kind === "input")).toHaveLength(5);
    const shared = new Trace();
    hoursCost(25, 13.04, 38, 6000, 2, shared);
    expect(shared.steps.find((s) => s.label === "Cost of the support a year")?.detail).toBe(
      "25 hours × £13.04 × 38 weeks ÷ 2 pupils",
    );
  });

  // Exact decimal reference: hours with up to 2 dp, rates with 2 dp, whole weeks and thresholds.
  it("property: matches exact decimal arithmetic, rounded half-up to the penny", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6000 }), // hours × 100
        fc.integer({ min: 0, max: 10_000_00 }), // rate in pence
        fc.integer({ min: 0, max: 52 }),
        fc.integer({ min: 0, max: 20_000 }),
        (h100, ratePence, weeks, threshold) => {
          // Exact cost in units of £0.0001: (hours × 100) × (rate in pence) × weeks = £ × 10^4.
          const exact = BigInt(h100) * BigInt(ratePence) * BigInt(weeks) - BigInt(threshold) * 10_000n;
          const pence = exact <= 0n ? 0n : (exact + 50n) / 100n; // half-up to whole pence
          const expected = Number(pence) / 100;
          expect(hoursCost(h100 / 100, ratePence / 100, weeks, threshold)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("property: never negative, never NaN or infinite, for any finite input", () => {
    const num = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(num, num, num, num, num, (h, r, w, t, g) => {
        const result = hoursCost(h, r, w, t, g);
        if (isCellError(result)) {
          expect(result.code).toBe(ErrorCode.number);
        } else {
          expect(Number.isFinite(result)).toBe(true);
          expect(result).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it("property: non-decreasing in hours", () => {
    const money = fc.double({ min: 0, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(
        money,
        money,
        money,
        fc.double({ min: 0, max: 52, noNaN: true }),
        fc.double({ min: 0, max: 1e5, noNaN: true }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        (a, b, rate, weeks, threshold, group) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const low = hoursCost(lo, rate, weeks, threshold, group) as number;
          const high = hoursCost(hi, rate, weeks, threshold, group) as number;
          expect(high).toBeGreaterThanOrEqual(low);
        },
      ),
    );
  });
});

describe("needsScore", () => {
  // domain.md §3.3 item 2, Islington needs matrix (2017-18): areas Sensory/Physical ×4,
  // C&I ×2, SEMH ×4, C&L ×4, C&L capped at 16 points; levels 0–4.
  const weights = [4, 2, 4, 4];
  const caps = [undefined, undefined, undefined, 16];

  it.each([
    [[2, 3, 1, 4], 34, "8 + 6 + 4 + 16"],
    [[0, 0, 0, 0], 0, "no need"],
    [[4, 4, 4, 4], 56, "16 + 8 + 16 + 16: at level 4 the C&L cap is just reached"],
    [[1, 1, 1, 1], 14, "4 + 2 + 4 + 4"],
    [[2, 3, 1, 6], 34, "C&L level 6 would be 24 points, capped at 16 (illustrative: beyond the 0–4 scale)"],
  ])("Islington matrix, levels %p → %p (%s)", (levels, expected) => {
    expect(needsScore(levels, weights, caps)).toBe(expected);
  });

  it("without caps it is the plain weighted sum", () => {
    expect(needsScore([2, 3, 1, 6], weights)).toBe(8 + 6 + 4 + 24);
  });

  it("removes binary tails: 0.1 × 3 + 0.2 × 3 = 0.9", () => {
    expect(needsScore([0.1, 0.2], [3, 3])).toBe(0.9);
  });

  it.each([
    [
      "different lengths",
      () => needsScore([1, 2, 3], [4, 2]),
      ErrorCode.value,
      "levels has 3 and weights has 2",
    ],
    [
      "caps of a different length",
      () => needsScore([1, 2], [4, 2], [16]),
      ErrorCode.value,
      "levels has 2 and caps has 1",
    ],
    ["no levels", () => needsScore([], []), ErrorCode.value, "levels is required"],
    [
      "a negative level",
      () => needsScore([1, -2], [4, 2]),
      ErrorCode.number,
      "levels (area 2) cannot be negative",
    ],
    [
      "a negative weight",
      () => needsScore([1, 2], [-4, 2]),
      ErrorCode.number,
      "weights (area 1) cannot be negative",
    ],
    [
      "a negative cap",
      () => needsScore([1, 2], [4, 2], [undefined, -1]),
      ErrorCode.number,
      "caps (area 2) cannot be negative",
    ],
    [
      "a level that is not a number",
      () => needsScore([NaN], [4]),
      ErrorCode.value,
      "levels (area 1) must be a number",
    ],
    [
      "a score too large to add up",
      () => needsScore([1e300, 1e300], [1e10, 1e10]),
      ErrorCode.number,
      "too large",
    ],
  ])("returns an error for %s", (_name, call, code, phrase) => {
    expectError(call(), code, phrase);
  });

  it("explains each area, and the cap where it bites", () => {
    const trace = new Trace();
    needsScore([2, 3, 1, 6], weights, caps, trace);
    const steps = trace.steps.filter((s) => s.kind === "step");
    expect(steps.map((s) => s.value)).toEqual([8, 6, 4, 16]);
    expect(steps[3].detail).toBe("level 6 × weight 4 = 24, capped at 16");
    expect(trace.steps.at(-1)).toMatchObject({ kind: "result", value: 34 });
  });

  it("property: finite, at least zero, and at most the uncapped sum", () => {
    const n = fc.double({ min: 0, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(n, n, fc.option(n, { nil: undefined })), { minLength: 1, maxLength: 8 }),
        (areas) => {
          const levels = areas.map((a) => a[0]);
          const ws = areas.map((a) => a[1]);
          const cs = areas.map((a) => a[2]);
          const score = needsScore(levels, ws, cs) as number;
          expect(Number.isFinite(score)).toBe(true);
          expect(score).toBeGreaterThanOrEqual(0);
          const uncapped = needsScore(levels, ws) as number;
          expect(score).toBeLessThanOrEqual(uncapped);
        },
      ),
    );
  });
});
