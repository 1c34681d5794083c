import fc from "fast-check";
import { CellError, isCellError } from "../../src/core/errors";
import { toPence } from "../../src/core/money";
import { Trace } from "../../src/core/trace";
import {
  PlacementProjection,
  PlacementType,
  parsePlacementTable,
  placementCosts,
  placementTable,
} from "../../src/core/placements";

function ok(types: readonly PlacementType[], years: number, trace?: Trace): PlacementProjection {
  const r = placementCosts(types, years, trace);
  if (isCellError(r)) throw new Error(`unexpected error: ${r.toString()}`);
  return r;
}

function parsed(rows: unknown[][]): PlacementType[] {
  const r = parsePlacementTable(rows);
  if (isCellError(r)) throw new Error(`unexpected error: ${r.toString()}`);
  return r;
}

function failure<T>(r: T | CellError): CellError {
  if (!isCellError(r)) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r;
}

// INMSS (independent/non-maintained special school) placements for a mid-size LA:
// unit cost £64k in 2024-25 (domain §4.5, PQ on INMSS spend per EHCP pupil); count 220 ≈ 5.5% of
// 4,000 EHCPs (domain §6: "INMSS ≈ 5–6%", "EHCPs ≈ 3,500–4,500") [D]; count growth 10.8% (SEN2
// 2025, domain §4.5); cost growth 5%, within "rising ~3–8% a year" (domain §6).
const inmss: PlacementType = {
  name: "INMSS",
  count: 220,
  unitCost: 64_000,
  countGrowth: 0.108,
  costGrowth: 0.05,
};

describe("placementCosts: worked projections from domain.md figures", () => {
  test("INMSS £64k (§4.5), 220 placements (§6 [D]), +10.8% EHCPs (SEN2 2025), +5% cost (§6)", () => {
    const r = ok([inmss], 3);
    // Hand-checked: 220 × 64,000 = 14,080,000
    //               243.76 (220 × 1.108) × 67,200 (64,000 × 1.05) = 16,380,672
    //               270.08608 × 70,560 = 19,057,273.8048 → £19,057,273.80
    expect(r.years.map((y) => y.spend)).toEqual([14_080_000, 16_380_672, 19_057_273.8]);
    expect(r.years[1].byType[0]).toEqual({
      name: "INMSS",
      count: 220 * 1.108,
      unitCost: 67_200,
      spend: 16_380_672,
    });
    expect(r.years[2].placements).toBeCloseTo(270.08608, 10);
    expect(r.years[2].byType[0].unitCost).toBe(70_560);
    expect(r.years.map((y) => y.year)).toEqual([1, 2, 3]);
  });

  test("INMSS cost per pupil £54k (2020-21) to £64k (2024-25) is 4.34% a year compounded (domain §4.5 PQ)", () => {
    // (64/54)^(1/4) − 1 = 0.04339… [D]; four years of growth from £54k gives £64k in year 5.
    const growth = Math.pow(64 / 54, 1 / 4) - 1;
    expect(growth).toBeCloseTo(0.0434, 4);
    const r = ok([{ name: "INMSS", count: 1, unitCost: 54_000, countGrowth: 0, costGrowth: growth }], 5);
    expect(r.years[4].byType[0].unitCost).toBe(64_000);
    expect(r.years[4].spend).toBe(64_000);
  });

  test("mid-size LA mix (domain §6): 4,000 EHCPs; mainstream, special, INMSS", () => {
    // 41% mainstream × £6,500 top-up (§6: £4k–£9k); 29% special × (£14,500 top-up + £10,000 place)
    // (§6: £11k–£18k + £10k); 5.5% INMSS × £64,000 (§6). Counts [D]: 1,640, 1,160, 220.
    // Growth 10.8% (SEN2 2025); mainstream and special costs flat cash (synthetic), INMSS +5%.
    const mix: PlacementType[] = [
      { name: "Mainstream", count: 1640, unitCost: 6_500, countGrowth: 0.108, costGrowth: 0 },
      { name: "Special", count: 1160, unitCost: 24_500, countGrowth: 0.108, costGrowth: 0 },
      inmss,
    ];
    const r = ok(mix, 2);
    // Year 1: 10,660,000 + 28,420,000 + 14,080,000 = 53,160,000 (inside §6's HNB ≈ £55–65m order)
    expect(r.years[0].byType.map((b) => b.spend)).toEqual([10_660_000, 28_420_000, 14_080_000]);
    expect(r.years[0].spend).toBe(53_160_000);
    expect(r.years[0].placements).toBe(3020);
    // Year 2: 1,817.12 × 6,500 = 11,811,280; 1,285.28 × 24,500 = 31,489,360; INMSS 16,380,672
    expect(r.years[1].byType.map((b) => b.spend)).toEqual([11_811_280, 31_489_360, 16_380_672]);
    expect(r.years[1].spend).toBe(59_681_312);
    expect(placementTable(r)).toEqual([
      [1, 3020, 53_160_000],
      [2, 3346.2, 59_681_312], // 3,020 × 1.108 = 3,346.16 → 3,346.2
    ]);
  });

  test("names default to Type 1, Type 2, …", () => {
    const r = ok(
      [
        { count: 1, unitCost: 1, countGrowth: 0, costGrowth: 0 },
        { name: "  ", count: 1, unitCost: 1, countGrowth: 0, costGrowth: 0 },
      ],
      1,
    );
    expect(r.years[0].byType.map((b) => b.name)).toEqual(["Type 1", "Type 2"]);
  });

  test("each type's spend is rounded half-up to the penny; the year is their exact sum", () => {
    // 1 × £0.005 → £0.01 each (half-up), three types → £0.03 (rounding the total £0.015 would give £0.02).
    const tiny = { count: 1, unitCost: 0.005, countGrowth: 0, costGrowth: 0 };
    const r = ok([tiny, tiny, tiny], 1);
    expect(r.years[0].byType.map((b) => b.spend)).toEqual([0.01, 0.01, 0.01]);
    expect(r.years[0].spend).toBe(0.03);
    // Decimal-correct: 4.5 × £1,044.85 = £4,701.83 (SPEC conventions)
    expect(ok([{ count: 4.5, unitCost: 1044.85, countGrowth: 0, costGrowth: 0 }], 1).years[0].spend).toBe(
      4701.83,
    );
  });

  test("growth of −100% empties a type from year 2", () => {
    const r = ok([{ count: 10, unitCost: 100, countGrowth: -1, costGrowth: 0 }], 3);
    expect(r.years.map((y) => y.spend)).toEqual([1000, 0, 0]);
  });
});

describe("placementCosts: errors", () => {
  test.each([
    ["years 0", [inmss], 0, "#NUM!", /years must be a whole number from 1 to 50; got 0/],
    ["years 51", [inmss], 51, "#NUM!", /from 1 to 50/],
    ["years 2.5", [inmss], 2.5, "#NUM!", /whole number/],
    ["years text", [inmss], "5" as unknown as number, "#VALUE!", /years must be a number/],
    ["no types", [], 5, "#VALUE!", /no placement rows/],
    [
      "negative count",
      [{ ...inmss, count: -1 }],
      5,
      "#NUM!",
      /count for placement type 1 \("INMSS"\) cannot be negative; got -1/,
    ],
    [
      "negative unit cost",
      [inmss, { ...inmss, name: undefined, unitCost: -64_000 }],
      5,
      "#NUM!",
      /unit cost for placement type 2 cannot be negative/,
    ],
    [
      "growth below −100%",
      [{ ...inmss, costGrowth: -1.2 }],
      5,
      "#NUM!",
      /cost growth for placement type 1 \("INMSS"\) must be -100% \(-1\) or more/,
    ],
    ["NaN count", [{ ...inmss, count: NaN }], 5, "#VALUE!", /count for placement type 1 .* must be a number/],
    [
      "runaway growth",
      [{ ...inmss, countGrowth: 10 }],
      20,
      "#NUM!",
      /Spend on INMSS in year \d+ is more than £10 trillion/,
    ],
    [
      "total over the limit",
      [
        { ...inmss, count: 1e8, unitCost: 6e4 },
        { ...inmss, count: 1e8, unitCost: 6e4 },
      ],
      1,
      "#NUM!",
      /Total spend in year 1 is more than £10 trillion/,
    ],
  ] as [string, PlacementType[], number, string, RegExp][])("%s", (_what, types, years, code, message) => {
    const e = failure(placementCosts(types, years));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});

describe("parsePlacementTable", () => {
  test("5 columns with a header row, UK text numbers and blank rows (as Excel passes a range)", () => {
    const rows = [
      ["Placement type", "Count", "Unit cost (£)", "Count growth", "Cost growth"],
      [null, null, null, null, null],
      ["INMSS", 220, "£64,000", "10.8%", "5%"],
      ["", "", "", "", ""],
      ["Special", "1,160", 24_500, 0.108, 0],
      [null, 3, "£1,044.85", " 0% ", "(1%)"],
    ];
    const types = parsed(rows);
    // parseUkNumber gives "10.8%" as 10.8 / 100 = 0.10800000000000001 (binary noise; reported to the lead).
    expect(types[0].countGrowth).toBeCloseTo(0.108, 15);
    expect(types).toEqual([
      { name: "INMSS", count: 220, unitCost: 64_000, countGrowth: types[0].countGrowth, costGrowth: 0.05 },
      { name: "Special", count: 1160, unitCost: 24_500, countGrowth: 0.108, costGrowth: 0 },
      { count: 3, unitCost: 1044.85, countGrowth: 0, costGrowth: -0.01 },
    ]);
  });

  test("4 columns without a header", () => {
    expect(parsed([[220, 64_000, 0.108, 0.05]])).toEqual([
      { count: 220, unitCost: 64_000, countGrowth: 0.108, costGrowth: 0.05 },
    ]);
  });

  test("4 columns with a header after blank rows; numeric names kept as text", () => {
    expect(
      parsed([
        [null, null, null, null],
        ["Count", "Cost", "g", "infl"],
        [1, 2, 0, 0],
      ]),
    ).toEqual([{ count: 1, unitCost: 2, countGrowth: 0, costGrowth: 0 }]);
    expect(parsed([[1234, 1, 2, 0, 0]])).toEqual([
      { name: "1234", count: 1, unitCost: 2, countGrowth: 0, costGrowth: 0 },
    ]);
  });

  test("only the first non-blank row can be a header: later text is an error", () => {
    const e = failure(
      parsePlacementTable([
        ["A", 1, 2, 0, 0],
        ["Subtotal", "Count", "Cost", "g", "i"],
      ]),
    );
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/^Row 2, column 2 \(count\) must be a number; got "Count"/);
  });

  test.each([
    [
      "bad unit cost text",
      [["INMSS", 220, "sixty-four k", 0.1, 0.05]],
      "#VALUE!",
      /^Row 1, column 3 \(unit cost\) must be a number; got "sixty-four k"/,
    ],
    [
      "row number counts the header",
      [
        ["Type", "Count", "Cost", "g", "i"],
        ["INMSS", 220, 64_000, "ten%", 0.05],
      ],
      "#VALUE!",
      /^Row 2, column 4 \(count growth\)/,
    ],
    [
      "4-column cell names",
      [[220, 64_000, 0.1, true]],
      "#VALUE!",
      /^Row 1, column 4 \(cost growth\) must be a number; got TRUE/,
    ],
    [
      "empty growth is not a silent 0",
      [["INMSS", 220, 64_000, null, 0.05]],
      "#VALUE!",
      /^Row 1, column 4 \(count growth\) is empty; enter a number/,
    ],
    [
      "negative count",
      [["INMSS", -220, 64_000, 0, 0]],
      "#NUM!",
      /^Row 1, column 2 \(count\) cannot be negative; got -220/,
    ],
    [
      "accounting negative cost",
      [["INMSS", 220, "(£64,000)", 0, 0]],
      "#NUM!",
      /^Row 1, column 3 \(unit cost\) cannot be negative/,
    ],
    [
      "growth below −100%",
      [[220, 64_000, "-150%", 0]],
      "#NUM!",
      /^Row 1, column 3 \(count growth\) must be -100% \(-1\) or more; got -1.5/,
    ],
    [
      "3 columns",
      [[220, 64_000, 0.1]],
      "#VALUE!",
      /table has the wrong shape: it has 3 columns; give 4 .* or 5 \(name first\)/,
    ],
    [
      "ragged rows",
      [
        [220, 64_000, 0.1, 0],
        [1, 2, 3],
      ],
      "#VALUE!",
      /row 2 has 3 cells but the first row has 4/,
    ],
    [
      "header only",
      [["Type", "Count", "Cost", "Count growth", "Cost growth"]],
      "#VALUE!",
      /no placement rows/,
    ],
    ["empty range", [], "#VALUE!", /no placement rows/],
    ["all blank", [[null, "", null, " "]], "#VALUE!", /no placement rows/],
    ["boolean name", [[true, 1, 2, 0, 0]], "#VALUE!", /^Row 1, column 1 \(name\) must be text/],
  ] as [string, unknown[][], string, RegExp][])("%s", (_what, rows, code, message) => {
    const e = failure(parsePlacementTable(rows));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  test("parse then project: the DSG.PLACEMENTCOSTS path", () => {
    const types = parsed([
      ["Type", "Count", "Unit cost", "Growth", "Inflation"],
      ["INMSS", 220, "£64,000", "10.8%", "5%"],
    ]);
    expect(placementTable(ok(types, 2))).toEqual([
      [1, 220, 14_080_000],
      [2, 243.8, 16_380_672],
    ]);
  });
});

describe("placementCosts: explain trace", () => {
  test("records inputs, each type's count, cost and spend, and each year's total", () => {
    const trace = new Trace();
    ok([inmss], 2, trace);
    expect(trace.steps[0]).toMatchObject({ kind: "input", value: "220; £64,000.00; 10.8%; 5.0%" });
    expect(trace.steps.find((s) => s.label === "INMSS, year 2: placements")).toMatchObject({
      value: 243.76,
      detail: "220 × (1 + 10.8%)",
    });
    expect(trace.steps.find((s) => s.label === "INMSS, year 2: unit cost")).toMatchObject({
      value: 67_200,
      detail: "£64,000.00 × (1 + 5.0%)",
    });
    expect(trace.steps.find((s) => s.label === "INMSS, year 2: spend")).toMatchObject({
      value: 16_380_672,
      detail: "243.76 placements × £67,200.00",
    });
    expect(trace.steps.filter((s) => s.kind === "result").map((s) => s.value)).toEqual([
      14_080_000, 16_380_672,
    ]);
  });

  test("the trace does not change the result", () => {
    expect(ok([inmss], 5, new Trace())).toEqual(ok([inmss], 5));
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const placementType = (growthMin: number): fc.Arbitrary<PlacementType> =>
  fc.record({
    count: fc.double({ min: 0, max: 5000, noNaN: true }),
    unitCost: fc.double({ min: 0, max: 200_000, noNaN: true }),
    countGrowth: fc.double({ min: growthMin, max: 0.3, noNaN: true }),
    costGrowth: fc.double({ min: growthMin, max: 0.3, noNaN: true }),
  });

describe("placementCosts: properties", () => {
  test("spend is non-negative and each year is the exact sum of its types, in pence", () => {
    fc.assert(
      fc.property(
        fc.array(placementType(-1), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 15 }),
        (types, years) => {
          const r = ok(types, years);
          expect(r.years).toHaveLength(years);
          for (const y of r.years) {
            expect(y.spend).toBeGreaterThanOrEqual(0);
            expect(toPence(y.spend)).toBe(y.byType.reduce((a, b) => a + toPence(b.spend), 0));
          }
        },
      ),
    );
  });

  test("with growth ≥ 0, more placements of a type never lowers any year's spend, and spend never falls year on year", () => {
    fc.assert(
      fc.property(
        fc.array(placementType(0), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        (types, pick, extra, years) => {
          const i = pick % types.length;
          const more = types.map((t, k) => (k === i ? { ...t, count: t.count + extra } : t));
          const base = ok(types, years);
          const bigger = ok(more, years);
          for (let y = 0; y < years; y++) {
            expect(bigger.years[y].spend).toBeGreaterThanOrEqual(base.years[y].spend);
            if (y > 0) expect(base.years[y].spend).toBeGreaterThanOrEqual(base.years[y - 1].spend);
          }
        },
      ),
    );
  });

  test("never NaN or Infinity: any input gives finite figures or a CellError", () => {
    const anything = fc.oneof(
      fc.double(),
      fc.constant("8%"),
      fc.constant(null),
      fc.integer({ min: -5, max: 60 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anything, anything, anything, anything), { maxLength: 4 }),
        anything,
        (cells, years) => {
          const types = cells.map(
            ([count, unitCost, countGrowth, costGrowth]) =>
              ({ count, unitCost, countGrowth, costGrowth }) as unknown as PlacementType,
          );
          const r = placementCosts(types, years as number);
          if (isCellError(r)) {
            expect(["#VALUE!", "#NUM!"]).toContain(r.code);
            return;
          }
          for (const row of placementTable(r)) for (const v of row) expect(Number.isFinite(v)).toBe(true);
          for (const y of r.years)
            for (const b of y.byType)
              expect(Number.isFinite(b.count) && Number.isFinite(b.unitCost)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  test("parsePlacementTable never throws on arbitrary cells", () => {
    const cell = fc.oneof(
      fc.constant(null),
      fc.constant(""),
      fc.string(),
      fc.double(),
      fc.boolean(),
      fc.constant("£64,000"),
      fc.constant("8%"),
    );
    fc.assert(
      fc.property(
        fc
          .integer({ min: 3, max: 6 })
          .chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { maxLength: 5 })),
        (rows) => {
          const r = parsePlacementTable(rows);
          if (isCellError(r)) expect(["#VALUE!", "#NUM!"]).toContain(r.code);
          else
            for (const t of r)
              expect([t.count, t.unitCost, t.countGrowth, t.costGrowth].every(Number.isFinite)).toBe(true);
        },
      ),
    );
  });
});
