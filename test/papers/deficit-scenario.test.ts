/**
 * The deficit plan's scenario (PaperOptions.deficitScenario): the share of the plan's savings
 * delivered (mitigated series) and extra expenditure growth a year (both series) are input cells;
 * the expenditure and savings columns the trajectory uses are formulas on them; the series equal
 * core trajectory() on the adjusted per-year figures; every cached value is what its formula
 * computes; out-of-range values give a warning and the plan as written.
 */

import { isCellError } from "../../src/core/errors";
import { roundHalfUp } from "../../src/core/money";
import { trajectory } from "../../src/core/trajectory";
import { buildPapers, type PaperOptions } from "../../src/papers";
import { MEETING, deficitPlan, fullDatasets } from "./fixtures";
import {
  constantProblems,
  evaluatorMismatches,
  functionProblems,
  hyperFormulaMismatches,
  referenceProblems,
  structureProblems,
} from "./invariants";
import { allText, column, labelled, rows, sheet } from "./sheets";

const DELIVERED = 0.615;
const PRESSURE = 0.0337;
const T = "DeficitPlan";
const SERIES = [
  "Unmitigated in-year surplus/(deficit) (£)",
  "Unmitigated cumulative balance (£)",
  "Mitigated in-year surplus/(deficit) (£)",
  "Mitigated cumulative balance (£)",
];

const build = (options: PaperOptions = {}) =>
  buildPapers(fullDatasets(), { meetingDate: MEETING, ...options });

describe("deficit plan with a scenario (61.5% of savings delivered, 3.37% extra expenditure growth)", () => {
  const b = build({ deficitScenario: { savingsDelivered: DELIVERED, expenditurePressure: PRESSURE } });
  const s = sheet(b, "Deficit plan");

  // The adjusted figures, worked out here: (1 + pressure)^(t−1) by repeated multiplication (as the
  // sheet's factor column forms it), then rounded to the penny as the sheet's ROUND(…,2) does.
  const factors: number[] = [];
  deficitPlan.forEach((_, i) => factors.push(i === 0 ? 1 : factors[i - 1] * (1 + PRESSURE)));
  const expenditure = deficitPlan.map((y, i) => roundHalfUp(y.expenditure * factors[i], 2));
  const savings = deficitPlan.map((y) => roundHalfUp(y.savings * DELIVERED, 2));
  const base = {
    openingBalance: -2_000_000,
    funding: deficitPlan.map((y) => y.funding),
    expenditure,
    transfers: deficitPlan.map((y) => y.transfers),
    otherIncome: deficitPlan.map((y) => y.otherIncome),
    writeOffs: deficitPlan.map((y) => y.writeOffs),
  };
  const un = trajectory({ ...base, savings: 0 });
  const mi = trajectory({ ...base, savings });
  if (isCellError(un) || isCellError(mi)) throw new Error("fixture");

  test("no build warnings about the scenario", () => {
    expect(b.warnings.filter((w) => w.code === "scenario-out-of-range")).toEqual([]);
  });

  test("both scenario values are input cells in the assumptions block", () => {
    expect(labelled(s, "Share of the plan's savings delivered, mitigated (input)")).toMatchObject({
      value: DELIVERED,
      style: "input",
    });
    expect(labelled(s, "Extra expenditure growth a year, both series (input)")).toMatchObject({
      value: PRESSURE,
      style: "input",
    });
  });

  test("the adjusted columns are formulas on the plan's own figures and the inputs", () => {
    const r = rows(s, T);
    expect(column(s, T, "Plan expenditure before savings (£)")).toEqual(
      deficitPlan.map((y) => y.expenditure),
    );
    expect(column(s, T, "Plan savings (£)")).toEqual(deficitPlan.map((y) => y.savings));
    expect(column(s, T, "Expenditure before savings, scenario (£)")).toEqual(expenditure);
    expect(column(s, T, "Savings delivered (£)")).toEqual(savings);
    const f = column(s, T, "Extra expenditure growth factor") as number[];
    expect(f).toEqual(factors);
    // … which is (1 + pressure)^(t−1) to within binary noise.
    f.forEach((x, i) => expect(Math.abs(x - (1 + PRESSURE) ** i)).toBeLessThan(1e-12));
    expect(r[0]["Extra expenditure growth factor"]).toMatchObject({ value: 1 });
    expect(r[0]["Extra expenditure growth factor"]?.formula).toBeUndefined();
    // factor_t = factor_{t−1} × (1 + the pressure input), from the row above.
    expect(r[1]["Extra expenditure growth factor"]?.formula).toMatch(/^[A-Z]+\d+\*\(1\+\$B\$\d+\)$/);
    for (const row of r) {
      expect(row["Expenditure before savings, scenario (£)"]?.formula).toMatch(
        /^ROUND\([A-Z]+\d+\*[A-Z]+\d+,2\)$/,
      );
      expect(row["Savings delivered (£)"]?.formula).toMatch(/^ROUND\([A-Z]+\d+\*\$B\$\d+,2\)$/);
    }
  });

  test("unmitigated and mitigated series equal core trajectory() on the adjusted figures", () => {
    expect(column(s, T, SERIES[0])).toEqual(un.rows.map((x) => x.inYear));
    expect(column(s, T, SERIES[1])).toEqual(un.rows.map((x) => x.cumulative));
    expect(column(s, T, SERIES[2])).toEqual(mi.rows.map((x) => x.inYear));
    expect(column(s, T, SERIES[3])).toEqual(mi.rows.map((x) => x.cumulative));
    expect(s.charts[0].series[1].values).toEqual(mi.rows.map((x) => x.cumulative));
    expect(labelled(s, "Peak cumulative deficit, mitigated (£)").value).toBe(mi.peakDeficit?.amount);
    expect(labelled(s, "Savings delivered over the plan, mitigated (£)").value).toBe(
      roundHalfUp(
        savings.reduce((a, x) => a + x, 0),
        2,
      ),
    );
    const headline = b.papers.find((p) => p.id === "deficit-plan")?.headline;
    expect(headline?.mitigatedEnd).toBe(mi.rows[mi.rows.length - 1].cumulative);
    expect(headline?.unmitigatedEnd).toBe(un.rows[un.rows.length - 1].cumulative);
  });

  test("the scenario differs from the plan as written", () => {
    const plain = sheet(build(), "Deficit plan");
    expect(column(plain, T, SERIES[3])).not.toEqual(column(s, T, SERIES[3]));
  });

  test("every formula computes its cached value; workbook rules hold", () => {
    expect(evaluatorMismatches(b.sheets)).toEqual([]);
    expect(hyperFormulaMismatches(b.sheets)).toEqual([]);
    expect(constantProblems(b.sheets)).toEqual([]);
    expect(functionProblems(b.sheets)).toEqual([]);
    expect(referenceProblems(b.sheets)).toEqual([]);
    expect(structureProblems(b)).toEqual([]);
  });

  test("the notes say what the scenario is; the plan still agrees with the monitoring", () => {
    expect(allText([s])).toMatch(
      /Scenario: 61\.5% of the plan's savings delivered in the mitigated series, and expenditure growing 3\.37% a year more than the plan in both series/,
    );
    const agree = b.checks.filter((c) => c.id.startsWith("DEF") && /agrees/.test(c.description));
    expect(agree.length).toBeGreaterThan(0);
    expect(agree.every((c) => c.passed)).toBe(true);
  });
});

describe("deficit plan scenario defaults and ranges", () => {
  const plain = build();
  const p = sheet(plain, "Deficit plan");
  const values = (s: ReturnType<typeof sheet>) => SERIES.map((h) => column(s, T, h));

  test("explicit defaults give the plan as written, with no warning", () => {
    const b = build({ deficitScenario: { savingsDelivered: 1, expenditurePressure: 0 } });
    expect(values(sheet(b, "Deficit plan"))).toEqual(values(p));
    expect(b.warnings).toEqual(plain.warnings);
    expect(allText([p])).toMatch(/Scenario: the plan as written/);
    expect(labelled(p, "Share of the plan's savings delivered, mitigated (input)").value).toBe(1);
    expect(labelled(p, "Extra expenditure growth a year, both series (input)").value).toBe(0);
    expect(evaluatorMismatches(plain.sheets)).toEqual([]);
  });

  test("out-of-range values give a warning each and the defaults", () => {
    const b = build({ deficitScenario: { savingsDelivered: 1.5, expenditurePressure: -0.8 } });
    const d = sheet(b, "Deficit plan");
    expect(values(d)).toEqual(values(p));
    expect(labelled(d, "Share of the plan's savings delivered, mitigated (input)").value).toBe(1);
    expect(labelled(d, "Extra expenditure growth a year, both series (input)").value).toBe(0);
    const scenario = b.warnings.filter((w) => w.code === "scenario-out-of-range");
    expect(scenario.map((w) => w.paper)).toEqual(["deficit-plan", "deficit-plan"]);
    expect(scenario.map((w) => w.message)).toEqual([
      "Deficit plan: the share of the plan's savings delivered must be from 0% to 100%; got 150%, so 100% (the plan as written) is used.",
      "Deficit plan: the extra expenditure growth a year must be from -50% to 50%; got -80%, so 0% (the plan as written) is used.",
    ]);
    // The build notes carry them too.
    expect(allText(b.sheets)).toMatch(/Build note: Deficit plan: the share of the plan's savings delivered/);
  });

  test("one value out of range keeps the other; a value that is not a number falls back too", () => {
    const b = build({ deficitScenario: { savingsDelivered: 0.5, expenditurePressure: 0.51 } });
    const d = sheet(b, "Deficit plan");
    expect(labelled(d, "Share of the plan's savings delivered, mitigated (input)").value).toBe(0.5);
    expect(labelled(d, "Extra expenditure growth a year, both series (input)").value).toBe(0);
    expect(b.warnings.filter((w) => w.code === "scenario-out-of-range")).toHaveLength(1);
    const n = build({ deficitScenario: { savingsDelivered: Number.NaN } });
    expect(n.warnings.filter((w) => w.code === "scenario-out-of-range").map((w) => w.message)).toEqual([
      "Deficit plan: the share of the plan's savings delivered must be from 0% to 100%; got NaN, so 100% (the plan as written) is used.",
    ]);
    expect(evaluatorMismatches(b.sheets)).toEqual([]);
  });
});
