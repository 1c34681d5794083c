/**
 * The paper registry: one row per paper, its id its key, and the datasets it needs decide whether
 * buildPapers builds it (and what the warning says when it cannot).
 */
import { buildPapers } from "../../src/papers/build";
import { PAPERS, PAPER_IDS, datasetRows, isPaperId, missingDatasets } from "../../src/papers/registry";
import { DATASETS, type Datasets } from "../../src/sources/datasets";

const EMPTY: Datasets = {
  source: "empty.xlsx",
  assumptions: { sources: {} },
  mappings: [],
  totals: [],
  skipped: [],
};

describe("the registry", () => {
  test("each row carries its own key as its id, in sheet order", () => {
    for (const id of PAPER_IDS) expect(PAPERS[id].id).toBe(id);
    expect(Object.keys(PAPERS)).toEqual([...PAPER_IDS]);
  });

  test("the sheet and table names are the SPEC's, unique, and fit Excel's 31-character sheet names", () => {
    // SPEC "Forum papers": the Table name each paper's main table must have.
    expect(Object.fromEntries(PAPER_IDS.map((id) => [id, PAPERS[id].table]))).toEqual({
      "hnb-monitoring": "HNBMonitoring",
      "dsg-summary": "DSGSummary",
      "deficit-plan": "DeficitPlan",
      "transfer-impact": "TransferImpact",
      "banding-review": "BandingReview",
      "placement-summary": "PlacementSummary",
    });
    const sheets = PAPER_IDS.map((id) => PAPERS[id].sheet);
    expect(new Set(sheets).size).toBe(sheets.length);
    for (const sheet of sheets) expect(sheet.length).toBeLessThanOrEqual(31);
  });

  test("every dataset a paper needs is a defined dataset", () => {
    for (const id of PAPER_IDS)
      for (const dataset of PAPERS[id].needs) expect(Object.keys(DATASETS)).toContain(dataset);
  });

  test("isPaperId knows the ids and nothing else", () => {
    expect(isPaperId("deficit-plan")).toBe(true);
    expect(isPaperId("budget")).toBe(false);
    expect(isPaperId("toString")).toBe(false);
  });
});

describe("what a paper needs", () => {
  test("datasetRows counts a table's rows, and the proposed bands' rows inside their table", () => {
    const withBands = {
      ...EMPTY,
      proposedBands: { settings: ["Special"], rows: [{}, {}, {}] },
      schools: [{}, {}],
    } as unknown as Datasets;
    expect(datasetRows(withBands, "proposedBands")).toBe(3);
    expect(datasetRows(withBands, "schools")).toBe(2);
    expect(datasetRows(withBands, "placements")).toBe(0);
  });

  test("a paper with every dataset missing lists them all; one with its data lists none", () => {
    expect(missingDatasets("banding-review", EMPTY)).toEqual(["placements", "proposedBands"]);
    const withPlacements = { ...EMPTY, placements: [{}] } as unknown as Datasets;
    expect(missingDatasets("banding-review", withPlacements)).toEqual(["proposedBands"]);
    expect(missingDatasets("placement-summary", withPlacements)).toEqual([]);
  });

  test("buildPapers builds nothing from a workbook with no tables, and says why for each paper", () => {
    const build = buildPapers(EMPTY);
    expect(build.papers).toEqual([]);
    const notBuilt = build.warnings.filter((w) => w.code === "paper-missing-data").map((w) => w.message);
    expect(notBuilt).toHaveLength(6);
    expect(notBuilt).toContain(
      `Banding review not built: the workbook has no ${DATASETS.placements.label.toLowerCase()} and no ${DATASETS.proposedBands.label.toLowerCase()} (or none could be read).`,
    );
  });
});
