/**
 * Deficit plan and transfer consultation: every figure equals the engine's (core trajectory(),
 * transferAmount(), transferImpact()), computed here again by calling core directly; an infeasible
 * transfer builds with a failed check, never an exception.
 */

import { isCellError } from "../../src/core/errors";
import { sumPounds } from "../../src/core/money";
import { trajectory } from "../../src/core/trajectory";
import { transferAmount, transferImpact } from "../../src/core/transfers";
import { buildPapers } from "../../src/papers";
import type { School } from "../../src/sources/datasets";
import { assumptions, deficitPlan, fullDatasets, schools } from "./fixtures";
import { evaluatorMismatches } from "./invariants";
import { column, labelled, rows, sheet, totals } from "./sheets";

describe("deficit plan", () => {
  const build = buildPapers(fullDatasets());
  const s = sheet(build, "Deficit plan");
  const base = {
    openingBalance: -2_000_000,
    funding: deficitPlan.map((y) => y.funding),
    expenditure: deficitPlan.map((y) => y.expenditure),
    transfers: deficitPlan.map((y) => y.transfers),
    otherIncome: deficitPlan.map((y) => y.otherIncome),
    writeOffs: deficitPlan.map((y) => y.writeOffs),
  };
  const un = trajectory({ ...base, savings: 0 });
  const mi = trajectory({ ...base, savings: deficitPlan.map((y) => y.savings) });
  if (isCellError(un) || isCellError(mi)) throw new Error("fixture");

  test("unmitigated and mitigated series equal core trajectory() run twice", () => {
    expect(column(s, "DeficitPlan", "Unmitigated in-year surplus/(deficit) (£)")).toEqual(
      un.rows.map((r) => r.inYear),
    );
    expect(column(s, "DeficitPlan", "Unmitigated cumulative balance (£)")).toEqual(
      un.rows.map((r) => r.cumulative),
    );
    expect(column(s, "DeficitPlan", "Mitigated in-year surplus/(deficit) (£)")).toEqual(
      mi.rows.map((r) => r.inYear),
    );
    expect(column(s, "DeficitPlan", "Mitigated cumulative balance (£)")).toEqual(
      mi.rows.map((r) => r.cumulative),
    );
    expect(column(s, "DeficitPlan", "Year")).toEqual(deficitPlan.map((y) => y.year));
  });

  test("first cumulative formula starts from the opening balance input; later ones from the row above", () => {
    const cum = rows(s, "DeficitPlan").map((r) => r["Mitigated cumulative balance (£)"]?.formula);
    expect(cum[0]).toMatch(/^ROUND\(\$B\$\d+\+J\d+\+G\d+,2\)$/);
    expect(cum[1]).toMatch(/^ROUND\(K\d+\+J\d+\+G\d+,2\)$/);
    expect(labelled(s, "Cumulative DSG balance brought forward (£, input)")).toMatchObject({
      value: -2_000_000,
      style: "input",
    });
  });

  test("first year of in-year balance and peak deficit, as the engine finds them", () => {
    expect(labelled(s, "First year of in-year balance, mitigated").value).toBe("2029-30");
    expect(labelled(s, "First year of in-year balance, unmitigated").value).toBe("Not within the plan");
    expect(labelled(s, "Peak cumulative deficit, mitigated (£)").value).toBe(mi.peakDeficit?.amount);
    expect(labelled(s, "Year the mitigated deficit peaks").value).toBe("2025-26");
    expect(labelled(s, "Peak cumulative deficit, unmitigated (£)").value).toBe(un.peakDeficit?.amount);
    expect(labelled(s, "Year the unmitigated deficit peaks").value).toBe("2029-30");
    expect(build.papers.find((p) => p.id === "deficit-plan")?.headline).toMatchObject({
      firstBalancedYear: "2029-30",
      mitigatedPeak: -2_290_000.5,
    });
  });

  test("a line chart of both cumulative series, titled, with axis title and alt text giving the key message", () => {
    expect(s.charts).toHaveLength(1);
    const c = s.charts[0];
    expect(c.kind).toBe("line");
    expect(c.yAxisTitle).toBe("Cumulative balance (£)");
    // The sensitivity band's two series follow (test/papers/sensitivity.test.ts).
    expect(c.series.map((x) => x.name).slice(0, 2)).toEqual(["Unmitigated", "Mitigated"]);
    expect(c.series[1].values).toEqual(mi.rows.map((r) => r.cumulative));
    expect(c.series[1].valuesRef).toMatch(/^'Deficit plan'!\$K\$\d+:\$K\$\d+$/);
    expect(c.categoriesRef).toMatch(/^'Deficit plan'!\$A\$\d+:\$A\$\d+$/);
    expect(c.altText).toMatch(
      /Mitigated deficit peaks at \(£2,290,001\) in 2025-26; unmitigated deficit reaches \(£5,790,001\) by 2029-30/,
    );
    // The chart sits below every cell, covering none.
    expect(c.anchor.fromRow).toBeGreaterThanOrEqual(s.cells.length);
  });

  test("the plan agrees with the monitoring and DSG summary for the current year", () => {
    const def = build.checks.filter((c) => c.id.startsWith("DEF"));
    expect(def.map((c) => c.description).join("\n")).toMatch(
      /expenditure less savings for 2025-26 agrees with the HNB monitoring/,
    );
    expect(def.every((c) => c.passed)).toBe(true);
  });

  test("a surplus plan says there is no deficit", () => {
    const surplus = deficitPlan.map((y) => ({ ...y, funding: y.funding + 5_000_000 }));
    const b = buildPapers(
      fullDatasets({ deficitPlan: surplus, assumptions: { ...assumptions, openingBalance: 1_000_000 } }),
      { papers: ["deficit-plan"] },
    );
    const d = sheet(b, "Deficit plan");
    expect(labelled(d, "Peak cumulative deficit, mitigated (£)").value).toBe("No deficit in the plan");
    expect(labelled(d, "Year the mitigated deficit peaks").value).toBe("[z]");
    expect(d.charts[0].altText).toMatch(/does not go into deficit/);
    expect(evaluatorMismatches(b.sheets)).toEqual([]);
  });
});

describe("transfer consultation", () => {
  const build = buildPapers(fullDatasets());
  const s = sheet(build, "Transfer consultation");
  const amount = transferAmount(26_000_000, 0.005);
  const impact = transferImpact({
    allocations: schools.map((x) => x.allocation),
    floors: schools.map((x) => x.floor),
    transfer: amount as number,
  });
  if (isCellError(amount) || isCellError(impact)) throw new Error("fixture");

  test("the transfer is core transferAmount(); the factor is core transferImpact()'s", () => {
    expect(labelled(s, "Transfer (£)").value).toBe(amount);
    expect(labelled(s, "Transfer (£)").formula).toMatch(/^ROUND\(B\d+\*B\d+,2\)$/);
    expect(labelled(s, "Scaling factor (solved by Forum Papers)")).toMatchObject({
      value: impact.rate,
      style: "input",
    });
    expect(labelled(s, "Transfer percentage (input)")).toMatchObject({ value: 0.005, style: "input" });
    expect(labelled(s, "Against the limit the Schools Forum can approve").value).toMatch(/^Within the limit/);
  });

  test("each school's reduction is within a penny of the engine's, and protection flags agree", () => {
    const t = rows(s, "TransferImpact");
    t.forEach((r, i) => {
      expect(Math.abs((r["Reduction (£)"]?.value as number) - impact.reductions[i])).toBeLessThanOrEqual(
        0.01,
      );
      expect(r["Protected or contributing"]?.value).toBe(
        impact.protectedFlags[i] ? "Protected" : "Contributing",
      );
      expect(r["Headroom above floor (£)"]?.value).toBe(
        Math.max(0, schools[i].allocation - schools[i].floor),
      );
    });
    expect(t[1]["Change per pupil (£)"]?.value).toBe(0); // on its floor
    expect(totals(s, "TransferImpact")["Reduction (£)"]?.value).toBe(130_000);
    expect(labelled(s, /^Rounding difference/).value).toBe(0);
  });

  test("summary by phase: exact-name counts and sums (SUMPRODUCT) over the school table, phases matched case-insensitively", () => {
    const p = rows(s, "TransferByPhase");
    expect(p.map((r) => r.Phase?.value)).toEqual(["Primary", "Secondary", "All-through"]);
    expect(p[0].Schools).toMatchObject({ value: 3, formula: expect.stringMatching(/^SUMPRODUCT\(--\(/) });
    expect(p[0]["Protected by their floor"]?.value).toBe(1);
    expect(p[0]["Reduction (£)"]?.value).toBe(
      sumPounds([0, 1, 4].map((i) => rows(s, "TransferImpact")[i]["Reduction (£)"]?.value as number)),
    );
    expect(totals(s, "TransferByPhase")["Reduction (£)"]?.value).toBe(130_000);
  });

  test("the 0.5% / disapplication and the illustrative-figures notes are on the sheet", () => {
    const text = s.cells
      .flat()
      .map((c) => String(c?.value ?? ""))
      .join("\n");
    expect(text).toMatch(/Up to 0\.5% of the Schools Block/);
    expect(text).toMatch(/Secretary of State/);
    expect(text).toMatch(/disapplication of the MFG and\/or MPPL/);
    expect(text).toMatch(/illustrative/);
  });

  test("penny rounding leaves at most a penny a school, shown and checked", () => {
    const odd: School[] = schools.map((x, i) => ({
      ...x,
      allocation: x.allocation + 1234.57 * (i + 1),
      floor: x.floor - 333.33 * i,
    }));
    const b = buildPapers(
      fullDatasets({ schools: odd, assumptions: { ...assumptions, transferPercent: 0.0047 } }),
      { papers: ["transfer-impact"] },
    );
    const t = sheet(b, "Transfer consultation");
    const diff = labelled(t, /^Rounding difference/).value as number;
    expect(Math.abs(diff)).toBeLessThanOrEqual(0.01 * odd.length + 1e-9);
    expect(b.checks.every((c) => c.passed)).toBe(true);
    expect(evaluatorMismatches(b.sheets)).toEqual([]);
  });

  test("an infeasible transfer builds with a failed check and the maximum absorbable, never an exception", () => {
    const b = buildPapers(fullDatasets(), { papers: ["transfer-impact"], transferPercent: 0.02 });
    const t = sheet(b, "Transfer consultation");
    expect(labelled(t, "Transfer (£)").value).toBe(520_000);
    expect(labelled(t, "Most the schools can give above their floors (£)").value).toBe(330_000);
    expect(labelled(t, "Can the schools absorb the transfer?").value).toMatch(/^No/);
    expect(labelled(t, "Against the limit the Schools Forum can approve").value).toMatch(/^Above the limit/);
    const feasible = b.checks.find((c) => /absorbed/.test(c.description));
    expect(feasible?.passed).toBe(false);
    expect(feasible?.howToFix).toMatch(/at most £330,000\.00/);
    expect(b.papers[0].headline).toMatchObject({ feasible: "no", maxAbsorbable: 330_000 });
    expect(
      t.cells.flat().some((c) => typeof c?.value === "string" && /cannot be absorbed/.test(c.value)),
    ).toBe(true);
    expect(evaluatorMismatches(b.sheets)).toEqual([]);
  });

  test("no Schools Block in the workbook: the total of allocations as an estimate [e], with a warning", () => {
    const b = buildPapers(fullDatasets({ assumptions: { sources: {} } }), { papers: ["transfer-impact"] });
    const t = sheet(b, "Transfer consultation");
    expect(labelled(t, "Schools Block before recoupment (£, input)").value).toBe(25_500_000);
    expect(labelled(t, "Is the Schools Block an estimate? (input)").value).toBe("Yes");
    expect(labelled(t, "Transfer percentage (input)").value).toBe(0.005); // the limit, from the Rules sheet
    expect(b.warnings.map((w) => [w.code, w.paper])).toEqual([
      ["schools-block-estimated", "transfer-impact"],
      ["no-transfer-percent", "transfer-impact"],
    ]);
  });

  test("the transferPercent option overrides the workbook", () => {
    const b = buildPapers(fullDatasets(), { papers: ["transfer-impact"], transferPercent: 0.01 });
    expect(b.papers[0].headline.transfer).toBe(260_000);
  });
});
