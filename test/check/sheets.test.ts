/**
 * The publication check the Excel pane runs on the papers it writes into the open workbook
 * (publicationOfSheets): the built sheets written as a file in memory and checked. The papers
 * built from the fixture council pass; the same sheets with a paper renamed "Sheet1" fail the
 * sheet-name rule at that sheet, so the check is really run on the sheets given.
 */
import { publicationOfSheets } from "../../src/app/publication-check";
import { buildPapers } from "../../src/papers";
import { fullDatasets } from "../papers/fixtures";

const built = buildPapers(fullDatasets());

test("the papers built into the workbook pass every publication rule, and the summary says what was checked", async () => {
  const view = await publicationOfSheets(built.sheets);
  expect(view.error).toBeUndefined();
  expect(view.failures).toEqual([]);
  expect(view.passed).toBe(true);
  expect(view.summary).toMatch(/^Passes all \d+ publication rules .*checked on the papers as built/);
});

test("a paper sheet named Sheet1 fails the sheet-name rule there", async () => {
  const renamed = built.sheets.map((s) => (s.name === "Placement summary" ? { ...s, name: "Sheet1" } : s));
  const view = await publicationOfSheets(renamed);
  expect(view.passed).toBe(false);
  expect(view.failures.some((f) => f.where.startsWith("Sheet1") && /name/i.test(f.rule))).toBe(true);
});
