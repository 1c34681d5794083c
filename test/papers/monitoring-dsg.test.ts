/**
 * HNB monitoring and DSG summary: figures equal the source and the engine's money arithmetic,
 * totals reconcile to the workbook's stated totals (with an "Other / unitemised" line where they
 * differ), and the DSG summary's High Needs row is checked against the monitoring paper.
 */

import { sumPounds } from "../../src/core/money";
import { buildPapers, s251Code } from "../../src/papers";
import { budgetLines, dsgBlocks, fullDatasets } from "./fixtures";
import { column, labelled, rows, sheet, totals } from "./sheets";

describe("s251 line codes", () => {
  test.each([
    ["Place funding for special schools", undefined, "1.0.2"],
    ["Top-up funding: maintained schools", undefined, "1.2.1"],
    ["Top-up funding: academies and free schools", undefined, "1.2.2"],
    ["FE colleges top-ups", undefined, "1.2.2"],
    ["Top-up: independent special schools (INMSS)", undefined, "1.2.3"],
    ["SEN support services", undefined, "1.2.5"],
    ["Hospital education", undefined, "1.2.6"],
    ["Alternative provision / PRU", undefined, "1.2.7"],
    ["Support for inclusion", undefined, "1.2.8"],
    ["Direct payments", undefined, "1.2.11"],
    ["Speech and language therapy", undefined, "1.2.13"],
    ["Inter-authority recoupment", undefined, undefined],
    ["Anything", "1.2.4", "1.2.4"],
    ["Place funding", "PF01", "1.0.2"],
  ])("%s (%s) → %s", (line, given, code) => {
    expect(s251Code(line, given)).toBe(code);
  });
});

describe("HNB monitoring", () => {
  const build = buildPapers(fullDatasets(), { papers: ["hnb-monitoring"] });
  const s = sheet(build, "HNB monitoring");
  const table = rows(s, "HNBMonitoring");

  test("one row per budget line plus the unitemised difference to the stated total", () => {
    expect(table).toHaveLength(budgetLines.length + 1);
    expect(column(s, "HNBMonitoring", "Budget line").slice(0, -1)).toEqual(budgetLines.map((l) => l.line));
    const other = table[table.length - 1];
    expect(other["Budget line"]?.value).toMatch(/Other \/ unitemised/);
    expect(other["Annual budget (£)"]?.value).toBe(10_000); // £6,760,000 stated − £6,750,000 of lines
    expect(other["Forecast outturn (£)"]?.value).toBe(0);
    expect(build.warnings.filter((w) => w.code === "stated-total-differs")).toEqual([
      expect.objectContaining({ paper: "hnb-monitoring", dataset: "budgetLines" }),
    ]);
  });

  test("totals equal the stated totals and the exact sum of the lines", () => {
    const t = totals(s, "HNBMonitoring");
    expect(t["Annual budget (£)"]?.value).toBe(6_760_000);
    expect(t["Forecast outturn (£)"]?.value).toBe(sumPounds(budgetLines.map((l) => l.forecast)));
    expect(t["Annual budget (£)"]?.formula).toMatch(/^ROUND\(SUM\(C\d+:C\d+\),2\)$/);
    expect(t["Variance (£)"]?.value).toBe(530_000.5);
    expect(build.papers[0].headline).toMatchObject({
      budget: 6_760_000,
      forecast: 7_290_000.5,
      variance: 530_000.5,
      position: "Overspend",
    });
  });

  test("variance by sign and in words; [x] where there was no last report", () => {
    const r = table[1];
    expect(r["s251 line"]?.value).toBe("1.2.1");
    expect(r["Variance (£)"]).toMatchObject({
      value: 150_000.5,
      formula: expect.stringMatching(/^ROUND\(D(\d+)-C\1,2\)$/),
    });
    expect(r["Over or under budget"]?.value).toBe("Overspend");
    expect(r["Movement since last report (£)"]?.value).toBe(50_000.5);
    expect(table[3]["Over or under budget"]?.value).toBe("Underspend");
    expect(table[3]["Forecast at last report (£)"]?.value).toBe("[x]");
    expect(table[3]["Movement since last report (£)"]?.value).toBe("[x]");
    expect(table[0]["Over or under budget"]?.value).toBe("On budget");
    expect(table[4]["s251 line"]?.value).toBe("[x]");
  });

  test("each line says where it came from", () => {
    expect(table[0]["Source"]?.value).toBe("HNB budget row 6");
  });

  test("checks reconcile to the workbook's total row and pass", () => {
    const mon = build.checks.filter((c) => c.id.startsWith("MON"));
    expect(mon.map((c) => c.passed)).toEqual(mon.map(() => true));
    expect(mon[0].description).toMatch(/Total High Needs Block/);
  });

  test("no stated total: no unitemised line and no stated-total checks", () => {
    const b = buildPapers(fullDatasets({ totals: [] }), { papers: ["hnb-monitoring"] });
    expect(rows(sheet(b, "HNB monitoring"), "HNBMonitoring")).toHaveLength(budgetLines.length);
    expect(b.checks.some((c) => /stated|total row/.test(c.description))).toBe(false);
  });
});

describe("DSG summary", () => {
  const build = buildPapers(fullDatasets());
  const s = sheet(build, "DSG summary");

  test("blocks with allocation, transfers, funding, variance and movement", () => {
    const t = rows(s, "DSGSummary");
    expect(t.map((r) => r.Block?.value)).toEqual(dsgBlocks.map((b) => b.block));
    expect(t[0]["Total funding (£)"]).toMatchObject({
      value: 99_500_000,
      formula: expect.stringMatching(/^ROUND\(B(\d+)\+C\1,2\)$/),
    });
    expect(t[0]["Over or under budget"]?.value).toBe("Underspend");
    expect(t[2]["Movement since previous forecast (£)"]?.value).toBe("[x]");
    expect(totals(s, "DSGSummary")["Transfers between blocks (£)"]?.value).toBe(0);
  });

  test("reserve: brought forward (input), in-year = funding − forecast, carried forward; surplus positive", () => {
    const allocation = sumPounds(dsgBlocks.map((b) => b.allocation + b.transfers));
    const forecast = sumPounds(dsgBlocks.map((b) => b.forecast));
    const bf = labelled(s, "DSG reserve brought forward at 1 April");
    expect(bf).toMatchObject({ value: -2_000_000, style: "input" });
    expect(labelled(s, "In-year surplus/(deficit)").value).toBe(allocation - forecast);
    expect(labelled(s, "DSG reserve carried forward at 31 March").value).toBe(
      -2_000_000 + allocation - forecast,
    );
    expect(build.papers[1].headline).toMatchObject({ inYear: 59_999.5, carriedForward: -1_940_000.5 });
  });

  test("the High Needs row is reconciled with the monitoring paper", () => {
    expect(labelled(s, "Total forecast outturn in the HNB monitoring (£)").formula).toMatch(
      /^'HNB monitoring'!\$D\$\d+$/,
    );
    expect(build.checks.filter((c) => c.id === "DSG-1" || c.id === "DSG-2").every((c) => c.passed)).toBe(
      true,
    );
  });

  test("a High Needs row that differs from the monitoring fails its check with a reconciling note", () => {
    const blocks = dsgBlocks.map((b) => (b.block === "High Needs" ? { ...b, forecast: 7_300_000.5 } : b));
    const b = buildPapers(fullDatasets({ dsgBlocks: blocks }), { papers: ["hnb-monitoring", "dsg-summary"] });
    const failed = b.checks.filter((c) => !c.passed);
    expect(failed.map((c) => c.id)).toEqual(["DSG-2"]);
    expect(failed[0].howToFix).toMatch(/£10,000/);
    const d = sheet(b, "DSG summary");
    expect(
      d.cells.some((line) =>
        line.some(
          (c) => typeof c?.value === "string" && /differs from the HNB monitoring paper/.test(c.value),
        ),
      ),
    ).toBe(true);
  });

  test("transfers that do not net to zero fail a check", () => {
    const blocks = dsgBlocks.map((b) => (b.block === "Schools" ? { ...b, transfers: -400_000 } : b));
    const b = buildPapers(fullDatasets({ dsgBlocks: blocks }), { papers: ["dsg-summary"] });
    expect(b.checks.find((c) => /net to zero/.test(c.description))?.passed).toBe(false);
  });

  test("no opening balance: £0 as an input, with a warning", () => {
    const b = buildPapers(fullDatasets({ assumptions: { sources: {} } }), { papers: ["dsg-summary"] });
    expect(labelled(sheet(b, "DSG summary"), "DSG reserve brought forward at 1 April")).toMatchObject({
      value: 0,
      style: "input",
    });
    expect(b.warnings.filter((w) => w.code === "no-reserve-brought-forward")).toEqual([
      expect.objectContaining({ paper: "dsg-summary", message: expect.stringMatching(/brought forward/) }),
    ]);
  });
});
