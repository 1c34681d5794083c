/**
 * buildPapers options and the front sheets: which papers, warnings when data is missing, purposes,
 * status, references, the cover's fields, the notes' shorthand and the Rules sheet's sources.
 */

import { buildPapers } from "../../src/papers";
import type { Datasets } from "../../src/sources/datasets";
import { MEETING, NOT_NEUTRAL, fullDatasets } from "./fixtures";
import { evaluatorMismatches } from "./invariants";
import { cell, labelled, rows, sheet } from "./sheets";

const empty: Datasets = {
  source: "empty.xlsx",
  assumptions: { sources: {} },
  mappings: [],
  totals: [],
  skipped: [],
};

describe("notices", () => {
  const undated = (): Datasets => {
    const full = fullDatasets();
    return { ...full, assumptions: { ...full.assumptions, asAt: undefined } };
  };

  test("no as-at date in the workbook: the meeting date is used, said once for the build", () => {
    const b = buildPapers(undated(), { meetingDate: MEETING });
    expect(b.warnings.filter((w) => w.code === "no-as-at-date")).toEqual([
      {
        code: "no-as-at-date",
        dataset: "assumptions",
        message:
          'The workbook gives no "as at" date, so the meeting date is used as the date the data is as at.',
      },
    ]);
    expect(b.warnings.filter((w) => w.code === "placements-open-undated")).toEqual([]);
  });

  test("no date at all: each placement paper says it counts undated placements as open", () => {
    const b = buildPapers(undated());
    expect(b.warnings.some((w) => w.code === "no-as-at-date")).toBe(false);
    expect(
      b.warnings.filter((w) => w.code === "placements-open-undated").map((w) => [w.paper, w.dataset]),
    ).toEqual([
      ["banding-review", "placements"],
      ["placement-summary", "placements"],
    ]);
  });

  test("the Notes sheet shows each notice's message", () => {
    const b = buildPapers(undated(), { meetingDate: MEETING });
    const notes = sheet(b, "Notes").cells.flatMap((line) => line.map((c) => c?.value));
    for (const w of b.warnings) expect(notes).toContain(`Build note: ${w.message}`);
    expect(b.warnings.length).toBeGreaterThan(0);
  });
});

describe("which papers", () => {
  test("default: every paper whose data is present", () => {
    const b = buildPapers(fullDatasets());
    expect(b.papers.map((p) => p.id)).toEqual([
      "hnb-monitoring",
      "dsg-summary",
      "deficit-plan",
      "transfer-impact",
      "banding-review",
      "placement-summary",
    ]);
    // Every check passes but the banding review's cost neutrality: the fixture's proposal is not neutral.
    expect(b.checks.filter((c) => !c.passed).map((c) => c.description)).toEqual([
      expect.stringMatching(NOT_NEUTRAL),
    ]);
    expect(b.warnings.filter((w) => w.code !== "stated-total-differs")).toEqual([]);
  });

  test("a paper whose data is missing is left out, and a warning says why", () => {
    const b = buildPapers(fullDatasets({ schools: undefined, proposedBands: undefined }));
    expect(b.papers.map((p) => p.id)).not.toContain("transfer-impact");
    expect(b.papers.map((p) => p.id)).not.toContain("banding-review");
    expect(b.papers.map((p) => p.id)).toContain("placement-summary");
    expect(b.warnings).toEqual(
      expect.arrayContaining([
        {
          code: "paper-missing-data",
          paper: "transfer-impact",
          dataset: "schools",
          message: expect.stringMatching(/^Transfer consultation not built: the workbook has no schools/),
        },
        {
          code: "paper-missing-data",
          paper: "banding-review",
          dataset: "proposedBands",
          message: expect.stringMatching(/^Banding review not built: .*proposed needs-led bands/),
        },
      ]),
    );
    expect(b.checks.find((c) => c.id === "SRC-1")?.passed).toBe(true);
  });

  test("asking for a paper the data cannot support fails the SRC check", () => {
    const b = buildPapers(fullDatasets({ schools: [] }), { papers: ["hnb-monitoring", "transfer-impact"] });
    expect(b.papers.map((p) => p.id)).toEqual(["hnb-monitoring"]);
    const src = b.checks.find((c) => c.id === "SRC-1");
    expect(src).toMatchObject({ passed: false, value: 1, expected: 2 });
  });

  test("nothing to build: still a cover, contents, notes, rules and checks, and no exception", () => {
    const b = buildPapers(empty);
    expect(b.sheets.map((s) => s.name)).toEqual(["Cover", "Contents", "Notes", "Rules", "Checks"]);
    expect(b.papers).toEqual([]);
    // One warning for each of the six papers, naming the paper and the data it lacks.
    expect(b.warnings.map((w) => [w.code, w.paper])).toEqual([
      ["paper-missing-data", "hnb-monitoring"],
      ["paper-missing-data", "dsg-summary"],
      ["paper-missing-data", "deficit-plan"],
      ["paper-missing-data", "transfer-impact"],
      ["paper-missing-data", "banding-review"],
      ["paper-missing-data", "placement-summary"],
    ]);
    expect(b.warnings.map((w) => w.message.replace(/ \(or none could be read\)\.$/, ""))).toEqual([
      "HNB monitoring not built: the workbook has no high needs block budget lines",
      "DSG summary not built: the workbook has no dsg blocks",
      "Deficit plan not built: the workbook has no deficit management plan assumptions (per year)",
      "Transfer consultation not built: the workbook has no schools (local formula allocations)",
      "Banding review not built: the workbook has no top-up placements register and no proposed needs-led bands",
      "Placement summary not built: the workbook has no top-up placements register",
    ]);
    expect(evaluatorMismatches(b.sheets)).toEqual([]);
  });

  test("no placement open at the as-at date: the placement papers are left out with a reason", () => {
    const b = buildPapers(
      fullDatasets({ assumptions: { ...fullDatasets().assumptions, asAt: 40_000 as never } }),
    );
    expect(b.papers.map((p) => p.id)).not.toContain("placement-summary");
    const notBuilt = b.warnings.filter((w) => w.code === "paper-not-built");
    expect(notBuilt.map((w) => w.paper)).toEqual(["banding-review", "placement-summary"]);
    expect(notBuilt[1].message).toMatch(/no placement in the register is open at 06\/07\/2009/);
    // Item numbers follow the papers actually built.
    const refs = buildPapers(
      fullDatasets({ assumptions: { ...fullDatasets().assumptions, asAt: 40_000 as never } }),
      { paperRef: "SF/9" },
    );
    expect(labelled(sheet(refs, "Transfer consultation"), "Paper reference").value).toBe("SF/9 item 4");
  });
});

describe("title blocks and the cover", () => {
  const b = buildPapers(fullDatasets(), {
    meetingDate: MEETING,
    meetingName: "Schools Forum",
    author: "Jo Bloggs, Finance",
    status: "final",
    paperRef: "SF/2026/01",
    purpose: { "dsg-summary": "decision" },
    council: "Westshire Council",
  });

  test("each paper: meeting, date (dd/mm/yyyy), author, purpose, status, as at, reference, source", () => {
    const s = sheet(b, "Transfer consultation");
    expect(labelled(s, "Meeting").value).toBe("Schools Forum");
    expect(labelled(s, "Meeting date")).toMatchObject({ value: MEETING, numFmt: "dd/mm/yyyy" });
    expect(labelled(s, "Author").value).toBe("Jo Bloggs, Finance");
    expect(labelled(s, "Purpose").value).toBe("Consultation");
    expect(labelled(s, "Status").value).toBe("Final");
    expect(labelled(s, "Paper reference").value).toBe("SF/2026/01 item 4");
    expect(labelled(s, "Source").value).toBe("exampleshire.xlsx, sheet 'Schools' rows 5–10");
    expect(labelled(sheet(b, "DSG summary"), "Purpose").value).toBe("Decision");
    expect(labelled(sheet(b, "Banding review"), "Purpose").value).toBe("Consultation");
    expect(labelled(sheet(b, "Deficit plan"), "Purpose").value).toBe("Information");
  });

  test("cover: council, meeting, reference, status, as at and the master check", () => {
    const c = sheet(b, "Cover");
    expect(cell(c, "A1")?.value).toBe("Schools Forum papers: Westshire Council");
    expect(labelled(c, "Status").value).toBe("Final");
    expect(labelled(c, "Paper reference").value).toBe("SF/2026/01");
    // One: the banding review's cost neutrality, as the fixture's proposal is not neutral.
    expect(labelled(c, "Master check").value).toBe("1 check fails");
  });

  test("notes explain the shorthand; rules give every parameter a source and a date", () => {
    const n = rows(sheet(b, "Notes"), "ShorthandList").map((r) => r.Shorthand?.value);
    expect(n).toEqual(["[c]", "[x]", "[z]", "[e]", "[p]"]);
    const r = rows(sheet(b, "Rules"), "RulesParameters");
    // The published figures, in the Rules sheet's order (domain.md): the 0.5% Forum transfer limit
    // (§2.1), the £6,000 mainstream threshold (§3.1), 38 weeks (§3.3), the hourly rate (the
    // fixture council's own £14.95), the 2025-26 MFG range −0.5% to 0.0% (§2.3), place funding
    // £10,000 and £6,000 (§3.2) and the Stability Grant's 90% (§4.1).
    expect(r.map((rule) => rule.Value?.value)).toEqual([
      0.005, 6000, 38, 14.95, -0.005, 0, 10_000, 6000, 0.9,
      // The deficit plan's sensitivity spreads: EHCP growth ±2 points, cost inflation ±1 point.
      0.02, 0.01,
    ]);
    for (const rule of r) {
      expect(String(rule.Source?.value)).toMatch(/https:\/\//);
      // A date (dd/mm/yyyy), or for an undated source when it was read, or the workbook's own value.
      expect(String(rule["Source dated"]?.value)).toMatch(
        /^\d{2}\/\d{2}\/\d{4}$|read spring 2026|^The workbook's own value$/,
      );
      expect(rule.Value?.style).toBe("input");
    }
    const limit = r[0];
    expect(limit.Value?.value).toBe(0.005);
    expect(String(limit.Evidence?.value)).toMatch(/^\[S\]/);
  });

  test("the paper list in the build report", () => {
    expect(b.papers.find((p) => p.id === "banding-review")).toMatchObject({
      sheet: "Banding review",
      table: "BandingReview",
      rows: 16,
    });
    // The monitoring headline from the fixture's figures: the budget is the total row's
    // £6,760,000 (its lines add to £6,750,000; the rest is unitemised), the forecast the lines'
    // 1,000,000 + 2,650,000.50 + 3,400,000 + 190,000 + 50,000 = £7,290,000.50, so the variance is
    // £530,000.50 over.
    expect(b.papers[0]).toMatchObject({
      id: "hnb-monitoring",
      sheet: "HNB monitoring",
      table: "HNBMonitoring",
    });
    expect(b.papers[0].headline).toEqual({
      budget: 6_760_000,
      forecast: 7_290_000.5,
      variance: 530_000.5,
      position: "Overspend",
    });
  });
});
