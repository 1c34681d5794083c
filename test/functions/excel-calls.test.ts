/**
 * The DSG.* functions called the way Excel calls them: every argument a 2-D array (a single cell is
 * [[v]]), omitted optional arguments as null or undefined, empty cells as null or "". Checks the
 * spilled shapes, the values (against core), and the error codes and messages.
 */
import {
  acadyear,
  bandcost,
  finyear,
  hourscost,
  mfgfloor,
  mppl,
  needscore,
  placementcosts,
  prorata,
  trajectory,
  transferamount,
  transferimpact,
} from "../../src/functions/functions";
import { explainElementwise } from "../../src/functions/runner";
import { BANDCOST, HOURSCOST } from "../../src/functions/table";
import { serialFromDate } from "../../src/core/dates";

type Err = { code: string; message?: string };
const isErr = (v: unknown): v is Err => typeof v === "object" && v !== null && "code" in v;
const col = (values: unknown[]) => values.map((v) => [v]);

// Devon mainstream bands, FOI 2022/23–2023/24 (domain.md §3.4, https://www.devon.gov.uk/accesstoinformation/?p=11649)
const DEVON = [
  ["Band", "Mainstream"],
  ["Banding 1", 1600],
  ["Banding 2", 3100],
  ["Banding 3", 4500],
];

describe("DSG.BANDCOST as Excel calls it", () => {
  test("a single cell returns a 1×1 matrix with the band value", () => {
    expect(bandcost([[2]], DEVON, null as never, null as never, null as never)).toEqual([[3100]]);
  });

  test("a column of bands spills a column of costs, with a per-cell #N/A for an unknown band", () => {
    const out = bandcost(col(["Band 1", 3, "", "Band 9", ""]), DEVON);
    expect(out).toHaveLength(4); // the blank cell below the last band is left off the spill
    expect(out[0][0]).toBe(1600);
    expect(out[1][0]).toBe(4500);
    expect(isErr(out[2][0]) && out[2][0].code).toBe("#VALUE!"); // an empty band cell inside the register is required
    expect(isErr(out[3][0]) && out[3][0].code).toBe("#N/A");
    expect((out[3][0] as Err).message).toMatch(/Band 9.*not in the band table/);
  });

  test("uplift 3.4% (Norfolk special-school uplift 2024-25, domain.md §3.4) as a percentage cell", () => {
    expect(bandcost([[3]], DEVON, [[null]], [[0.034]])).toEqual([[4653]]);
  });

  test("a flat uplift in £", () => {
    expect(bandcost([[3]], DEVON, [[""]], [[336]], [["flat"]])).toEqual([[4836]]);
  });

  test("a setting that is not a header gives #N/A with the settings available", () => {
    const out = bandcost([[1]], DEVON, [["Special"]]);
    expect((out[0][0] as Err).code).toBe("#N/A");
    expect((out[0][0] as Err).message).toMatch(/Mainstream/);
  });

  test("mismatched range sizes give one #VALUE! explaining the shapes", () => {
    const out = bandcost(col([1, 2, 3]), DEVON, [[null]], col([0, 0]));
    expect(out).toHaveLength(1);
    expect((out[0][0] as Err).code).toBe("#VALUE!");
    expect((out[0][0] as Err).message).toMatch(/3×1.*2×1|2×1.*3×1/);
  });
});

describe("DSG.HOURSCOST as Excel calls it", () => {
  test("the rounding case: 4.5 hours × £1,044.85 × 1 week = £4,701.83", () => {
    expect(hourscost([[4.5]], [[1044.85]], [[1]])).toEqual([[4701.83]]);
  });

  test("defaults: 38 weeks, no threshold, group of one (Oxfordshire £13.04/hour, domain.md §3.3)", () => {
    expect(hourscost([[25]], [[13.04]], null as never, undefined, undefined)).toEqual([[12388]]);
    expect(hourscost([[25]], [[13.04]], [[38]], [[6000]])).toEqual([[6388]]);
  });

  test("numbers stored as text are read the UK way", () => {
    expect(hourscost([["25"]], [["£13.04"]], [[""]], [["£6,000"]])).toEqual([[6388]]);
  });

  test("a row of hours spills a row", () => {
    const out = hourscost([[0, 10, 20]], [[14.95]]);
    expect(out).toEqual([[0, 5681, 11362]]);
  });

  test("negative hours → #NUM!; text → #VALUE! naming the argument", () => {
    const out = hourscost(col([-1, "tbc"]), [[14.95]]);
    expect((out[0][0] as Err).code).toBe("#NUM!");
    expect((out[1][0] as Err).code).toBe("#VALUE!");
    expect((out[1][0] as Err).message).toMatch(/hoursPerWeek.*"tbc"/);
  });
});

describe("DSG.PRORATA, DSG.FINYEAR and DSG.ACADYEAR", () => {
  const sept1 = serialFromDate(2025, 9, 1)!;
  const mar31 = serialFromDate(2026, 3, 31)!;

  test("terms basis: Sept–Mar is two of three terms (Norfolk, domain.md §3.5)", () => {
    expect(prorata([[12000]], [[sept1]], [[mar31]], [["2025-26"]], [["terms"]])).toEqual([[8000]]);
  });

  test("UK date text is accepted for start and end", () => {
    expect(prorata([[12000]], [["01/09/2025"]], [["31 Mar 2026"]], [["2025-26"]], [["terms"]])).toEqual([
      [8000],
    ]);
  });

  test("an end before the start is #NUM!", () => {
    expect((prorata([[12000]], [[mar31]], [[sept1]])[0][0] as Err).code).toBe("#NUM!");
  });

  test("financial-year labels spill over a column of dates (1 April to 31 March)", () => {
    expect(finyear(col([serialFromDate(2026, 3, 31), serialFromDate(2026, 4, 1), "1 Sept 2026"]))).toEqual([
      ["2025-26"],
      ["2026-27"],
      ["2026-27"],
    ]);
    expect((finyear([["next term"]])[0][0] as Err).code).toBe("#VALUE!");
  });

  test("academic-year labels spill over a column of dates (1 September to 31 August)", () => {
    expect(
      acadyear(col([serialFromDate(2026, 8, 31), serialFromDate(2026, 9, 1), "31/03/2027", "1 Sept 1999"])),
    ).toEqual([["AY2025/26"], ["AY2026/27"], ["AY2026/27"], ["AY1999/00"]]);
    expect((acadyear([["31/02/2026"]])[0][0] as Err).code).toBe("#VALUE!");
  });

  test("an empty range gives one error cell that says so, not an empty result", () => {
    for (const out of [finyear([[]]), hourscost([[]], [[10]]), prorata([[1000]], [[]], [[null]])]) {
      expect(out).toHaveLength(1);
      expect(out[0]).toHaveLength(1);
      expect((out[0][0] as Err).code).toBe("#VALUE!");
      expect((out[0][0] as Err).message).toMatch(/empty/);
    }
    for (const out of [
      needscore([[]], [[1]]),
      transferimpact([[]], [[1]], [[1]]),
      placementcosts([[]], [[1]]),
      trajectory([[]], [[1]], [[1]]),
    ]) {
      expect(out).toHaveLength(1);
      expect(out[0]).toHaveLength(1);
      expect((out[0][0] as Err).code).toBe("#VALUE!");
    }
  });
});

describe("DSG.TRANSFERAMOUNT, MFGFLOOR, MPPL", () => {
  test("0.5% of LA 353's 2025-26 Schools Block before recoupment £274,776,989 (domain.md §1.2)", () => {
    expect(transferamount([[274776989]], [[0.005]])).toEqual([[1373884.95]]);
    expect(transferamount([[274776989]], [["0.5%"]], [[null]])).toEqual([[1373884.95]]);
  });

  test("a percentage over 100% is #NUM!", () => {
    expect((transferamount([[1000]], [[2]])[0][0] as Err).code).toBe("#NUM!");
  });

  test("MFG floor and MPPL (Staffordshire 2024-25 rates, domain.md §2.3)", () => {
    expect(mfgfloor([[5000]], [[200]], [[0.005]])).toEqual([[1005000]]);
    // an 11–16 school: 600 KS3 and 400 KS4 pupils
    expect(mppl([[0]], [[600]], [[400]], [[4610]], [[5771]], [[6331]])).toEqual([[600 * 5771 + 400 * 6331]]);
  });
});

describe("DSG.TRANSFERIMPACT", () => {
  const alloc = col([1_000_000, 2_000_000, 500_000]);
  const floors = col([990_000, 1_900_000, 500_000]);

  test("reductions spill one per school and add up to the transfer", () => {
    const out = transferimpact(alloc, floors, [[30_000]]);
    expect(out).toHaveLength(3);
    const total = out.reduce((s, r) => s + (r[0] as number), 0);
    expect(Math.round(total * 100)).toBe(3_000_000);
    expect(out[2][0]).toBe(0); // the school on its floor gives nothing
    expect(out[0][0] as number).toBeLessThanOrEqual(10_000);
  });

  test("result 'rate' returns one value above the transfer share when a floor binds", () => {
    const out = transferimpact(alloc, floors, [[30_000]], null as never, [["scale"]], [["rate"]]);
    expect(out).toHaveLength(1);
    expect(out[0][0] as number).toBeGreaterThan(30_000 / 3_500_000);
  });

  test("an impossible transfer is #NUM! stating the maximum absorbable amount", () => {
    const out = transferimpact(alloc, floors, [[200_000]]);
    expect((out[0][0] as Err).code).toBe("#NUM!");
    expect((out[0][0] as Err).message).toContain("£110,000");
  });

  test("perpupil without pupils is a #VALUE! that says to give pupils", () => {
    const out = transferimpact(alloc, floors, [[30_000]], null as never, [["perpupil"]]);
    expect((out[0][0] as Err).code).toBe("#VALUE!");
    expect((out[0][0] as Err).message).toMatch(/pupils/i);
  });
});

describe("DSG.NEEDSCORE", () => {
  // Islington 2017-18 weights (domain.md §3.3): Sensory/Physical ×4, C&I ×2, SEMH ×4, C&L ×4, C&L capped at 16
  const weights = [[4, 2, 4, 4]];
  const caps = [[null, null, null, 16]];

  test("one pupil's row gives one score; a register gives one score per row", () => {
    expect(needscore([[2, 3, 1, 4]], weights, caps)).toEqual([[34]]);
    expect(
      needscore(
        [
          [2, 3, 1, 4],
          [0, 0, 0, 0],
          [1, 1, 1, 1],
        ],
        weights,
        caps,
      ),
    ).toEqual([[34], [0], [14]]);
  });

  test("the wrong number of areas is #VALUE! naming the sizes", () => {
    const out = needscore([[1, 2, 3]], weights);
    expect((out[0][0] as Err).code).toBe("#VALUE!");
  });
});

describe("DSG.PLACEMENTCOSTS and DSG.TRAJECTORY", () => {
  test("PLACEMENTCOSTS spills one row per year: year, placements, spend", () => {
    // INMSS at £64k a year (2024-25 PQ, domain.md §4.5), 100 placements growing 10%, cost +5%
    const out = placementcosts(
      [
        ["Type", "Count", "Unit cost", "Count growth", "Cost growth"],
        ["INMSS", 100, 64000, 0.1, 0.05],
      ],
      [[3]],
    );
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual([1, 100, 6_400_000]);
    expect(out[1][2]).toBe(7_392_000); // 110 × 67,200
  });

  test("TRAJECTORY spills a header row and one row per year (plus the opening row if the core gives one)", () => {
    const out = trajectory(
      [[-16_000_000]],
      [[60_000_000]],
      [[62_000_000]],
      [[3]],
      null as never,
      null as never,
      null as never,
      null as never,
      null as never,
      null as never,
      [["2026-27"]],
    );
    expect(out[0][0]).toBe("Year");
    expect(out[0]).toHaveLength(9);
    const body = out.slice(1).filter((r) => typeof r[0] === "string" && /^\d{4}-\d{2}$/.test(r[0] as string));
    expect(body.map((r) => r[0])).toEqual(["2026-27", "2027-28", "2028-29"]);
    expect(body[2][8]).toBe(-22_000_000);
  });

  test("a per-year row of the wrong length is #VALUE!", () => {
    const out = trajectory([[0]], [[1, 2, 3]], [[1, 2]]);
    expect((out[0][0] as Err).code).toBe("#VALUE!");
  });
});

describe("explain: the same call with its steps", () => {
  test("HOURSCOST explains inputs, steps and result", () => {
    const e = explainElementwise(HOURSCOST, [[[25]], [[13.04]], [[38]], [[6000]]]);
    expect(e.result).toBe(6388);
    expect(e.steps.some((s) => s.kind === "input")).toBe(true);
    expect(e.steps.at(-1)?.kind).toBe("result");
  });

  test("BANDCOST explains the looked-up element of a spilled call", () => {
    const e = explainElementwise(BANDCOST, [col([1, 3]), DEVON], 1, 0);
    expect(e.result).toBe(4500);
    expect(e.steps.length).toBeGreaterThan(1);
  });
});
