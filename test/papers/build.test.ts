/**
 * buildPapers options and the front sheets: which papers, warnings when data is missing, purposes,
 * status, references, the cover's fields, the notes' shorthand and the Rules sheet's sources.
 */

import { buildPapers, RULES } from "../../src/papers";
import type { Datasets } from "../../src/sources/datasets";
import { MEETING, fullDatasets } from "./fixtures";
import { evaluatorMismatches } from "./invariants";
import { cell, labelled, rows, sheet } from "./sheets";

const empty: Datasets = {
  source: "empty.xlsx",
  assumptions: { sources: {} },
  mappings: [],
  totals: [],
  skipped: [],
};

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
    expect(b.checks.every((c) => c.passed)).toBe(true);
    expect(b.warnings.filter((w) => !/unitemised/.test(w))).toEqual([]);
  });

  test("a paper whose data is missing is left out, and a warning says why", () => {
    const b = buildPapers(fullDatasets({ schools: undefined, proposedBands: undefined }));
    expect(b.papers.map((p) => p.id)).not.toContain("transfer-impact");
    expect(b.papers.map((p) => p.id)).not.toContain("banding-review");
    expect(b.papers.map((p) => p.id)).toContain("placement-summary");
    expect(b.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Transfer consultation not built: the workbook has no schools/),
        expect.stringMatching(/^Banding review not built: .*proposed needs-led bands/),
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
    expect(b.warnings).toHaveLength(6);
    expect(evaluatorMismatches(b.sheets)).toEqual([]);
  });

  test("no placement open at the as-at date: the placement papers are left out with a reason", () => {
    const b = buildPapers(
      fullDatasets({ assumptions: { ...fullDatasets().assumptions, asAt: 40_000 as never } }),
    );
    expect(b.papers.map((p) => p.id)).not.toContain("placement-summary");
    expect(b.warnings.join(" ")).toMatch(/no placement in the register is open at 06\/07\/2009/);
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
    expect(labelled(c, "Master check").value).toBe("All checks pass");
  });

  test("notes explain the shorthand; rules give every parameter a source and a date", () => {
    const n = rows(sheet(b, "Notes"), "ShorthandList").map((r) => r.Shorthand?.value);
    expect(n).toEqual(["[c]", "[x]", "[z]", "[e]", "[p]"]);
    const r = rows(sheet(b, "Rules"), "RulesParameters");
    expect(r).toHaveLength(RULES.length);
    for (const rule of r) {
      expect(String(rule.Source?.value)).toMatch(/https:\/\//);
      expect(String(rule["Source dated"]?.value).length).toBeGreaterThan(5);
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
    expect(Object.keys(b.papers[0].headline).length).toBeGreaterThanOrEqual(3);
  });
});
