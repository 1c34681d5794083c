/**
 * Role words and cross-checks (issue 8, "never silently wrong"): a header with a role word is
 * never a budget or forecast, and each mapping's cross-checks give codes a front end can act on.
 * Expected figures are worked out by hand in the comments, never by the module under test.
 */
import { readDatasets } from "../../src/sources";
import { AMOUNT_ROLE_WORDS, isStatedVarianceHeader, roleWordIn } from "../../src/sources/role-words";
import {
  CONFIRM_CONFIDENCE,
  describeDoubt,
  reviewMapping,
  type MappingReview,
} from "../../src/sources/crosscheck";
import { SheetView } from "../../src/sources/detect";
import { sheet, workbook } from "./helpers";

function reviewOf(rows: (string | number)[][], dataset = "budgetLines"): MappingReview | undefined {
  return readDatasets(workbook([sheet("HNB", rows)])).reviews.find((r) => r.dataset === dataset);
}
const codes = (r: MappingReview | undefined): string[] => (r?.evidence ?? []).map((e) => e.code);

describe("role words", () => {
  test.each([
    "Outturn Variance Month 7 £000",
    "Forecast var",
    "Forecast movement",
    "Change in forecast",
    "Forecast difference",
    "Forecast diff",
    "Forecast +/-",
    "Forecast under/(over)",
    "Forecast Under / (Over)",
    "Forecast %",
    "Forecast percent",
  ])("%s is never the forecast or the budget", (header) => {
    expect(roleWordIn(header, AMOUNT_ROLE_WORDS)).toBeDefined();
    const data = readDatasets(
      workbook([
        sheet("HNB", [
          ["Budget line", "Budget", header],
          ["Top-up", 1000, 50],
          ["Place funding", 2000, 70],
        ]),
      ]),
    );
    const m = data.mappings.find((x) => x.dataset === "budgetLines");
    // Either no budget-lines mapping at all, or one whose forecast is not column C.
    expect(m?.columns.forecast).not.toBe(3);
    expect(data.budgetLines ?? []).toEqual([]);
  });

  test.each(["Forecast outturn £000", "Annual budget", "Revised budget 2026-27", "Projected outturn"])(
    "%s has no role word",
    (header) => expect(roleWordIn(header, AMOUNT_ROLE_WORDS)).toBeUndefined(),
  );

  test("a stated variance is in pounds and against the budget", () => {
    expect(isStatedVarianceHeader("Variance £000")).toBe(true);
    expect(isStatedVarianceHeader("Under/(over) spend")).toBe(true);
    expect(isStatedVarianceHeader("Variance %")).toBe(false);
    expect(isStatedVarianceHeader("Movement in variance")).toBe(false);
    expect(isStatedVarianceHeader("Variance from last month")).toBe(false);
  });
});

describe("variance cross-check", () => {
  test("forecast − budget equal to the variance, to the penny, agrees", () => {
    // 1,100 − 1,000 = 100; 1,950.50 − 2,000 = −49.50
    const r = reviewOf([
      ["Budget line", "Budget", "Forecast outturn", "Variance"],
      ["Top-up", 1000, 1100, 100],
      ["Place funding", 2000, 1950.5, -49.5],
    ]);
    expect(codes(r)).toContain("variance-agrees");
    expect(r?.needsConfirmation).toBe(false);
  });

  test("a penny out in £ disagrees", () => {
    const r = reviewOf([
      ["Budget line", "Budget", "Forecast outturn", "Variance"],
      ["Top-up", 1000, 1100, 100.02],
      ["Place funding", 2000, 1950.5, -49.5],
    ]);
    expect(codes(r)).toContain("variance-disagrees");
    expect(r?.needsConfirmation).toBe(true);
    expect(r?.doubt?.field).toBe("forecast");
  });

  test("£000 columns agree within £1,000 a row and not beyond", () => {
    // 12,400 − 12,000 = 400 (£000) against a stated 401: one unit of rounding, agrees.
    const near = reviewOf([
      ["Budget line", "Budget £000", "Forecast £000", "Variance £000"],
      ["Top-up", 12000, 12400, 401],
      ["Place funding", 3000, 2900, -100],
    ]);
    expect(codes(near)).toContain("variance-agrees");
    // Against a stated 402: two units out, disagrees.
    const far = reviewOf([
      ["Budget line", "Budget £000", "Forecast £000", "Variance £000"],
      ["Top-up", 12000, 12400, 402],
      ["Place funding", 3000, 2900, -100],
    ]);
    expect(codes(far)).toContain("variance-disagrees");
  });

  test("under/(over) (budget − forecast) is read in its own sign", () => {
    // 1,000 − 1,100 = −100 underspend-positive convention
    const r = reviewOf([
      ["Budget line", "Budget", "Forecast outturn", "Under/(over) spend"],
      ["Top-up", 1000, 1100, -100],
      ["Place funding", 2000, 1900, 100],
    ]);
    expect(codes(r)).toContain("variance-agrees");
  });

  test("a second variance column for another month does not count against", () => {
    const r = reviewOf([
      ["Budget line", "Budget £000", "Forecast £000", "Variance Month 7 £000", "Variance Month 6 £000"],
      ["Top-up", 12000, 12400, 400, 300],
      ["Place funding", 3000, 2900, -100, -20],
    ]);
    expect(codes(r)).toEqual(expect.arrayContaining(["variance-agrees", "variance-other"]));
    expect(r?.needsConfirmation).toBe(false);
  });
});

describe("totals and ratio cross-checks", () => {
  test("a total row that matches agrees; one that does not disagrees", () => {
    const good = reviewOf([
      ["Budget line", "Budget", "Forecast outturn"],
      ["Top-up", 1000, 1100],
      ["Place funding", 2000, 2100],
      ["Total", 3000, 3200],
    ]);
    expect(codes(good)).toContain("total-agrees");
    expect(codes(good)).not.toContain("total-disagrees");
    const bad = reviewOf([
      ["Budget line", "Budget", "Forecast outturn"],
      ["Top-up", 1000, 1100],
      ["Place funding", 2000, 2100],
      ["Total", 3000, 3300],
    ]);
    expect(codes(bad)).toContain("total-disagrees");
    expect(bad?.needsConfirmation).toBe(true);
  });

  test("forecast 0.2–5 times the budget is plausible, outside is not", () => {
    // 3,000 / 3,000 = 1
    expect(
      codes(
        reviewOf([
          ["Budget line", "Budget", "Forecast outturn"],
          ["Top-up", 1000, 1000],
          ["Place funding", 2000, 2000],
        ]),
      ),
    ).toContain("ratio-plausible");
    // 18,000 / 3,000 = 6
    const r = reviewOf([
      ["Budget line", "Budget", "Forecast outturn"],
      ["Top-up", 1000, 6000],
      ["Place funding", 2000, 12000],
    ]);
    expect(codes(r)).toContain("ratio-implausible");
    expect(r?.needsConfirmation).toBe(true);
  });

  test("a saved mapping is confirmed: failed checks are listed but need no confirmation", () => {
    const rows = [
      ["Budget line", "Budget", "Forecast outturn"],
      ["Top-up", 1000, 6000],
      ["Place funding", 2000, 12000],
    ];
    const data = readDatasets(workbook([sheet("HNB", rows)]), {
      mapping: {
        version: 1,
        datasets: {
          // Zero-based, as inside: header row 1, columns A to C.
          budgetLines: { sheet: "HNB", headerRow: 0, columns: { line: 0, budget: 1, forecast: 2 } },
        },
      },
    });
    const r = data.reviews.find((x) => x.dataset === "budgetLines");
    expect(codes(r)).toEqual(expect.arrayContaining(["saved-mapping", "ratio-implausible"]));
    expect(r?.needsConfirmation).toBe(false);
  });
});

describe("the confidence line", () => {
  // A table mapped by hand here (not by the matcher), so only the confidence given decides.
  const view = new SheetView(
    sheet("HNB", [
      ["Area of spend", "Budget", "Outturn projection"],
      ["Top-up", 1000, 1100],
      ["Place funding", 2000, 2100],
    ]),
  );
  const input = (confidence: number, origin: "detected" | "saved" = "detected") => ({
    mapping: {
      dataset: "budgetLines" as const,
      view,
      headerRow: 0,
      lastRow: 2,
      firstCol: 0,
      lastCol: 2,
      columns: new Map([
        ["line", 0],
        ["budget", 1],
        ["forecast", 2],
      ]),
      valueColumns: [],
    },
    confidence,
    origin,
    records: [
      { line: "Top-up", budget: 1000, forecast: 1100, source: { sheet: "HNB", row: 2 } },
      { line: "Place funding", budget: 2000, forecast: 2100, source: { sheet: "HNB", row: 3 } },
    ],
    totals: [],
  });

  test(`a detected mapping below ${CONFIRM_CONFIDENCE} needs confirmation, with the table's range`, () => {
    expect(CONFIRM_CONFIDENCE).toBe(0.6);
    const r = reviewMapping(input(0.55));
    expect(r.needsConfirmation).toBe(true);
    expect(codes(r)).toContain("low-confidence");
    expect(r.range).toBe("A1:C3");
    expect(describeDoubt(r)).toBe(
      'High Needs Block budget lines on sheet "HNB" A1:C3: the mapping is doubtful (its headers fit the High Needs Block budget lines only in part (confidence 0.55, below 0.6))',
    );
  });

  test("at the line, or saved, it does not", () => {
    expect(reviewMapping(input(0.6)).needsConfirmation).toBe(false);
    expect(reviewMapping(input(0.55, "saved")).needsConfirmation).toBe(false);
  });
});
