/**
 * The papers built from the shipped sample workbooks (samples/README.md): every workbook rule
 * holds on real, messy input at full size, and the key figures match the sample's documented facts.
 * Skipped when the samples or the source reader are not there.
 */

import { existsSync, readFileSync } from "fs";
import { buildCouncilWorkbook, SAMPLE_FILES, type SampleFacts } from "../../samples/generate";
import { buildPapers, type PapersBuild } from "../../src/papers";
import {
  constantProblems,
  evaluatorMismatches,
  functionProblems,
  hyperFormulaMismatches,
  referenceProblems,
  structureProblems,
} from "./invariants";
import { labelled, sheet } from "./sheets";

const files = ["council-sample.xlsx", "layout-b.xlsx"].filter((f) => existsSync(`samples/${f}`));
const haveReader = existsSync("src/sources/read.ts") && existsSync("src/workbook/xlsx/read.ts");
const maybe = files.length > 0 && haveReader ? describe : describe.skip;

async function build(file: string): Promise<PapersBuild> {
  const { readWorkbookFile } = await import("../../src/workbook/xlsx/read");
  const { readDatasets } = await import("../../src/sources");
  const snapshot = await readWorkbookFile(readFileSync(`samples/${file}`), file);
  return buildPapers(readDatasets(snapshot), { meetingName: "Schools Forum" });
}

/**
 * The true figures the generator wrote into a sample file (samples/README.md): the expected
 * values, known without the reader or the papers (test/samples/generate.test.ts keeps the
 * committed files equal to what the generator builds).
 */
async function factsOf(file: string): Promise<SampleFacts> {
  const sample = SAMPLE_FILES.find((f) => f.file === file);
  if (!sample) throw new Error(`${file} is not one of the generator's SAMPLE_FILES`);
  return (await buildCouncilWorkbook(sample.options)).facts;
}

maybe.each(files)("papers from samples/%s", (file) => {
  let papers: PapersBuild;
  let facts: SampleFacts;
  beforeAll(async () => {
    papers = await build(file);
    facts = await factsOf(file);
  });

  test("all six papers are built", () => {
    expect(papers.papers.map((p) => p.id)).toEqual([
      "hnb-monitoring",
      "dsg-summary",
      "deficit-plan",
      "transfer-impact",
      "banding-review",
      "placement-summary",
    ]);
  });

  test("every workbook rule holds", () => {
    expect(structureProblems(papers)).toEqual([]);
    expect(constantProblems(papers.sheets)).toEqual([]);
    expect(functionProblems(papers.sheets)).toEqual([]);
    expect(referenceProblems(papers.sheets)).toEqual([]);
  });

  test("every cached value is what its formula computes", () => {
    expect(evaluatorMismatches(papers.sheets)).toEqual([]);
  });

  test("HyperFormula recalculates every formula to the cached value", () => {
    expect(hyperFormulaMismatches(papers.sheets)).toEqual([]);
  });

  test("the papers agree on the High Needs Block; only the seeded bad register rows and the non-neutral bands fail a check", () => {
    const failed = papers.checks.filter((c) => !c.passed);
    // The samples' proposed bands cost more than the current ones, so cost neutrality fails too.
    expect(failed.map((c) => c.description)).toEqual([
      'Every row of the table "Top-up placements register" was used',
      expect.stringMatching(/^Proposed bands cost £[\d,]+\.\d\d more than/),
    ]);
    expect(failed[0].value).toBe(facts.placements.seeded);
    for (const id of ["DSG-1", "DSG-2"]) expect(papers.checks.find((c) => c.id === id)?.passed).toBe(true);
    expect(
      papers.checks
        .filter((c) => c.id.startsWith("DEF") && /agrees/.test(c.description))
        .every((c) => c.passed),
    ).toBe(true);
  });

  test("key figures match the figures the generator wrote", () => {
    const headline = (id: string) => papers.papers.find((p) => p.id === id)?.headline;
    expect(headline("transfer-impact")).toMatchObject({
      transfer: facts.transferAmount,
      baseIsEstimate: facts.schoolsBlockIsEstimate ? "yes" : "no",
      schools: facts.schools.count,
      maxAbsorbable: facts.schools.headroom,
    });
    expect(headline("hnb-monitoring")).toMatchObject({
      budget: facts.budgetLines.hnbBudget,
      forecast: facts.budgetLines.hnbForecast,
    });
    expect(headline("placement-summary")?.placements).toBe(facts.placements.liveAtAsAt);
    const dsg = sheet(papers, "DSG summary");
    expect(labelled(dsg, "DSG reserve brought forward at 1 April").value).toBe(facts.openingBalance);
  });
});

describe("the generator's figures for samples/council-sample.xlsx are the documented ones", () => {
  // samples/README.md, "Key figures in council-sample.xlsx": the transfer 0.5% = £1,575,705 of an
  // estimated £315,141,000 Schools Block, and an opening DSG balance of −£25,376,000.
  test("transfer, Schools Block and opening balance", async () => {
    const facts = await factsOf("council-sample.xlsx");
    expect(facts.transferAmount).toBe(1_575_705);
    expect(facts.schoolsBlock).toBe(315_141_000);
    expect(facts.schoolsBlockIsEstimate).toBe(true);
    expect(facts.openingBalance).toBe(-25_376_000);
  });
});
