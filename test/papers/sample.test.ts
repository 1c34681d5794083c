/**
 * The papers built from the shipped sample workbooks (samples/README.md): every workbook rule
 * holds on real, messy input at full size, and the key figures match the sample's documented facts.
 * Skipped when the samples or the source reader are not there.
 */

import { existsSync, readFileSync } from "fs";
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

maybe.each(files)("papers from samples/%s", (file) => {
  let papers: PapersBuild;
  beforeAll(async () => {
    papers = await build(file);
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

  test("the papers agree on the High Needs Block; only the seeded bad register rows fail a check", () => {
    const failed = papers.checks.filter((c) => !c.passed);
    expect(failed.map((c) => c.description)).toEqual([
      'Every row of the table "Top-up placements register" was used',
    ]);
    expect(failed[0].value).toBe(12);
    for (const id of ["DSG-1", "DSG-2"]) expect(papers.checks.find((c) => c.id === id)?.passed).toBe(true);
    expect(
      papers.checks
        .filter((c) => c.id.startsWith("DEF") && /agrees/.test(c.description))
        .every((c) => c.passed),
    ).toBe(true);
  });

  test("key figures match the sample's documented facts", () => {
    if (file !== "council-sample.xlsx") return;
    const transfer = papers.papers.find((p) => p.id === "transfer-impact");
    expect(transfer?.headline.transfer).toBe(1_575_705);
    expect(transfer?.headline.baseIsEstimate).toBe("yes");
    const dsg = sheet(papers, "DSG summary");
    expect(labelled(dsg, "DSG reserve brought forward at 1 April").value).toBe(-25_376_000);
  });
});
