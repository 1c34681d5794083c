/**
 * The banding review's cost neutrality block (src/papers/cost-neutrality.ts), built, written as
 * xlsx and recalculated by LibreOffice: on the sample council workbook and on Devon's fixed
 * mainstream tariffs (domain.md §3.4), the cost-neutral proposed total equals the current cost to
 * the penny, and the neutrality check fails, naming the amount, on a proposal that costs more (or
 * more than a budget) and passes on one that does not. Expected figures are worked out by hand
 * from the published bands, or summed here from the recalculated placement table.
 */

import { existsSync, promises as fs, readFileSync } from "fs";
import path from "path";
import { buildPapers, type PaperOptions, type PapersBuild } from "../../src/papers";
import { a1, type SheetSpec } from "../../src/papers/spec";
import type {
  CurrentBand,
  Datasets,
  Placement,
  ProposedBandTable,
  SourceRef,
} from "../../src/sources/datasets";
import { parseArgs } from "../../src/cli/args";
import { parseOption } from "../../src/papers/options";
import { writePapersWorkbook } from "../../src/workbook/xlsx/write";
import { describeWithLibreOffice, recalculateXlsx } from "../helpers/libreoffice";
import { readBack, type ReadBack } from "../helpers/xlsx-read";
import { date, fullDatasets } from "./fixtures";
import {
  constantProblems,
  evaluatorMismatches,
  functionProblems,
  hyperFormulaMismatches,
  referenceProblems,
} from "./invariants";
import { rows, sheet } from "./sheets";

const ARTIFACTS = path.resolve(__dirname, "..", "artifacts", "cost-neutrality");
const REVIEW = "Banding review";
const at = (s: string, row: number): SourceRef => ({ sheet: s, row });

/** Whole pence, for comparing amounts to the penny. */
const pence = (v: unknown): number => {
  if (typeof v !== "number") throw new Error(`not an amount: ${JSON.stringify(v)}`);
  return Math.round(v * 100);
};

/** A1 of the value (column B) beside a label in column A of the review. */
function labelRef(s: SheetSpec, label: string): string {
  const r = s.cells.findIndex((line) => line[0]?.value === label);
  if (r < 0) throw new Error(`no label "${label}" on ${s.name}`);
  return a1(r, 1);
}

/** The neutrality check's row: its text (column A) and its result cell (column E). */
function neutralityCheck(s: SheetSpec): { text: string; result: string } {
  const r = s.cells.findIndex(
    (line) => typeof line[0]?.value === "string" && /^[A-Z]+-\d+: Proposed bands cost/.test(line[0].value),
  );
  if (r < 0) throw new Error("no cost neutrality check on the banding review");
  return { text: s.cells[r][0]?.value as string, result: a1(r, 4) };
}

async function recalculated(name: string, build: PapersBuild): Promise<ReadBack> {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  const input = path.join(ARTIFACTS, `${name}.xlsx`);
  await fs.writeFile(input, await writePapersWorkbook(build.sheets, { title: `Cost neutrality ${name}` }));
  return readBack(await recalculateXlsx(input, path.join(ARTIFACTS, `${name}-recalculated`)));
}

/** After LibreOffice: the cost neutrality figures, the placement table's own sums, and the check. */
async function recalcFigures(name: string, datasets: Datasets, options: PaperOptions = {}) {
  const build = buildPapers(datasets, { papers: ["banding-review"], ...options });
  const review = sheet(build, REVIEW);
  // The house rules on formulas hold on the block: no constants in them, only the functions the
  // papers use, references that land, our evaluator and HyperFormula agree with the cached values.
  expect([
    ...constantProblems([review]),
    ...functionProblems([review]),
    ...referenceProblems(build.sheets),
    ...evaluatorMismatches(build.sheets),
    ...hyperFormulaMismatches(build.sheets),
  ]).toEqual([]);
  expect(build.warnings.filter((w) => w.code.startsWith("formula-"))).toEqual([]);
  const recalc = (await recalculated(name, build))[REVIEW];
  const value = (label: string): unknown => {
    const got = recalc[labelRef(review, label)];
    if (!got || got.error) throw new Error(`${label}: ${got?.error ?? "missing"}`);
    return got.value;
  };
  // The placement table's current and proposed columns, summed here from LibreOffice's values.
  const main = review.tables.find((t) => t.name === "BandingReview");
  if (!main) throw new Error("no BandingReview table");
  const headerRow = main.headerRow;
  const colOf = (h: string): number => review.cells[headerRow].findIndex((c) => c?.value === h);
  const sumColumn = (h: string): number => {
    let total = 0;
    const col = colOf(h);
    for (let r = headerRow + 1; r < headerRow + 1 + rows(review, "BandingReview").length; r++)
      total += pence(recalc[a1(r, col)]?.value);
    return total;
  };
  const check = neutralityCheck(review);
  return {
    build,
    review,
    value,
    currentPence: sumColumn("Current annual cost (£)"),
    proposedPence: sumColumn("Proposed annual cost (£)"),
    checkText: check.text,
    checkResult: recalc[check.result]?.value,
  };
}

// Devon's mainstream bands (domain.md §3.4) as the current fixed tariff for all settings.
const devonBands: CurrentBand[] = [
  { band: "Banding 1", topUp: 1600, source: at("Bands", 4) },
  { band: "Banding 2", topUp: 3100, source: at("Bands", 5) },
  { band: "Banding 3", topUp: 4500, source: at("Bands", 6) },
];

/** 4 placements on Banding 1, 3 on Banding 2, 2 on Banding 3, moving to proposed bands A, B, C. */
function devonRegister(): Placement[] {
  const out: Placement[] = [];
  const bands: [string, string, number][] = [
    ["Banding 1", "A", 4],
    ["Banding 2", "B", 3],
    ["Banding 3", "C", 2],
  ];
  let row = 4;
  for (const [current, proposed, count] of bands)
    for (let i = 0; i < count; i++) {
      row += 1;
      out.push({
        pupilRef: `UPN-${row}`,
        school: i % 2 === 0 ? "Alder Primary" : "Damson High",
        setting: "Mainstream",
        currentBand: current,
        proposedBand: proposed,
        start: date(2025, 9, 1),
        source: at("Register", row),
      });
    }
  return out;
}

function proposed(values: [number, number, number]): ProposedBandTable {
  return {
    settings: ["Mainstream"],
    rows: ["A", "B", "C"].map((band, i) => ({ band, values: [values[i]], source: at("New bands", i + 3) })),
  };
}

const devon = (values: [number, number, number]): Datasets =>
  fullDatasets({ placements: devonRegister(), currentBands: devonBands, proposedBands: proposed(values) });

describeWithLibreOffice("cost neutrality recalculated by LibreOffice", () => {
  test("Devon bands raised (£1,700 / £3,300 / £4,800): £1,600 more, the factor makes it neutral to the penny", async () => {
    // Current: 4 × £1,600 + 3 × £3,100 + 2 × £4,500 = £24,700.
    // Proposed: 4 × £1,700 + 3 × £3,300 + 2 × £4,800 = £26,300; £1,600 more, +6.5% (1,600 / 24,700).
    const f = await recalcFigures("devon-raised", devon([1700, 3300, 4800]));
    expect(f.currentPence).toBe(2_470_000);
    expect(f.proposedPence).toBe(2_630_000);
    expect(pence(f.value("Current bands: annual cost (£)"))).toBe(2_470_000);
    expect(pence(f.value("Difference: proposed − target (£)"))).toBe(160_000);
    expect(f.value("Uniform factor on every proposed band value")).toBeCloseTo(24_700 / 26_300, 12);
    expect(pence(f.value("Proposed bands × factor: annual cost (£)"))).toBe(f.currentPence);
    // 24,700 / 26,300 = 0.93916349… → 0.939163; × £26,300 = £24,699.9869 → £24,699.99, 1p left over.
    expect(f.value("Factor rounded to those decimal places")).toBe(0.939163);
    expect(pence(f.value("Left over by the stated factor's rounding (£)"))).toBe(1);
    // Flat: (24,700 − 26,300) / 9 = −£177.777… → −£177.78; 26,300 − 9 × 177.78 = £24,699.98, 2p left.
    expect(pence(f.value("Or: the same £ added to every band's value (£)"))).toBe(-17_778);
    expect(pence(f.value("Proposed bands + flat £: annual cost (£)"))).toBe(2_469_998);
    expect(pence(f.value("Left over by the flat £'s rounding (£)"))).toBe(2);
    expect(f.checkText).toMatch(
      /: Proposed bands cost £1,600\.00 more than the current bands over the same 9 open placements \(\+6\.5%\)$/,
    );
    expect(f.checkResult).toBe("FAIL");
  });

  test("Devon bands renamed but unchanged in value: neutral, the check passes", async () => {
    const f = await recalcFigures("devon-same", devon([1600, 3100, 4500]));
    expect(pence(f.value("Difference: proposed − target (£)"))).toBe(0);
    expect(pence(f.value("Proposed bands × factor: annual cost (£)"))).toBe(2_470_000);
    expect(f.value("Uniform factor on every proposed band value")).toBe(1);
    expect(f.checkText).toMatch(
      /: Proposed bands cost the same as the current bands over the same 9 open placements/,
    );
    expect(f.checkResult).toBe("Pass");
  });

  test("a budget: the factor meets it to the penny; over it fails with the amount, under it passes", async () => {
    const over = await recalcFigures("devon-budget-over", devon([1700, 3300, 4800]), {
      bandingBudget: 26_000,
    });
    expect(pence(over.value("Target: the budget for the proposed bands (£)"))).toBe(2_600_000);
    expect(pence(over.value("Proposed bands × factor: annual cost (£)"))).toBe(2_600_000);
    // £26,300 − £26,000 = £300, 300 / 26,000 = +1.2%.
    expect(over.checkText).toMatch(
      /: Proposed bands cost £300\.00 more than the budget of £26,000\.00 over the same 9 open placements \(\+1\.2%\)$/,
    );
    expect(over.checkResult).toBe("FAIL");
    const under = await recalcFigures("devon-budget-under", devon([1700, 3300, 4800]), {
      bandingBudget: 27_000,
    });
    expect(under.checkText).toMatch(/: Proposed bands cost no more than the budget of £27,000\.00/);
    expect(under.checkResult).toBe("Pass");
  });

  test("pence in the band values: the factor still makes the proposed cost the current cost to the penny", async () => {
    const f = await recalcFigures("devon-pence", devon([1733.33, 3266.67, 4811.11]));
    // Proposed: 4 × 1,733.33 + 3 × 3,266.67 + 2 × 4,811.11 = 6,933.32 + 9,800.01 + 9,622.22 = £26,355.55.
    expect(f.proposedPence).toBe(2_635_555);
    expect(pence(f.value("Proposed bands × factor: annual cost (£)"))).toBe(2_470_000);
    expect(f.checkText).toMatch(
      /£1,655\.55 more than the current bands over the same 9 open placements \(\+6\.7%\)$/,
    );
  });

  const sample = "samples/council-sample.xlsx";
  (existsSync(sample) || process.env.CI === "true" ? test : test.skip)(
    "the sample council workbook: the cost-neutral proposed total is the current cost to the penny",
    async () => {
      const { readWorkbookFile } = await import("../../src/workbook/xlsx/read");
      const { readDatasets } = await import("../../src/sources");
      const datasets = readDatasets(await readWorkbookFile(readFileSync(sample), "council-sample.xlsx"));
      const f = await recalcFigures("sample", datasets);
      expect(pence(f.value("Current bands: annual cost (£)"))).toBe(f.currentPence);
      expect(pence(f.value("Proposed bands: annual cost (£)"))).toBe(f.proposedPence);
      expect(pence(f.value("Proposed bands × factor: annual cost (£)"))).toBe(f.currentPence);
      const differencePence = f.proposedPence - f.currentPence;
      expect(pence(f.value("Difference: proposed − target (£)"))).toBe(differencePence);
      const neutral = Math.abs(differencePence) <= 50;
      expect(f.checkResult).toBe(neutral ? "Pass" : "FAIL");
      if (!neutral) {
        const amount = (Math.abs(differencePence) / 100).toLocaleString("en-GB", {
          minimumFractionDigits: 2,
        });
        expect(f.checkText).toContain(
          `cost £${amount} ${differencePence > 0 ? "more" : "less"} than the current bands`,
        );
      }
    },
  );
});

describe("--banding-budget", () => {
  test("reads £ amounts to the penny, as typed with or without £ and commas", () => {
    expect(parseOption("bandingBudget", "£2,500,000")).toEqual({ value: 2_500_000 });
    expect(parseOption("bandingBudget", "2500000.50")).toEqual({ value: 2_500_000.5 });
    const message = "must be an amount in £ (to the penny) from £0 to £10,000,000,000, such as £2,500,000";
    for (const bad of ["1.234", "-5", "two million", ""])
      expect(parseOption("bandingBudget", bad)).toEqual({ error: message });
  });

  test("the command line takes it from the options table", () => {
    const args = parseArgs(["build", "council.xlsx", "-o", "papers.xlsx", "--banding-budget", "£26,000"]);
    expect(args).toMatchObject({ command: "build", bandingBudget: 26_000 });
    expect(() =>
      parseArgs(["build", "council.xlsx", "-o", "papers.xlsx", "--banding-budget", "lots"]),
    ).toThrow(/--banding-budget/);
  });
});
