/**
 * The pane's Sources step shows, under each table the read uses, the evidence `forum-papers
 * inspect` gives (taskpane/sources-view.ts): per field the header's score, what the column holds
 * and the cross-checks on it. Expected values are worked out by hand from the cells written here.
 */

import { detectCandidates, readDatasets, type WorkbookSnapshot } from "../../src/sources";
import { buildSourcesView } from "../../src/taskpane/sources-view";
import { serial, sheet, workbook } from "./helpers";

const view = (wb: WorkbookSnapshot) => buildSourcesView(wb, detectCandidates(wb), readDatasets(wb));

describe("the evidence under a table", () => {
  const wb = workbook([
    sheet("HNB", [
      ["High needs monitoring"],
      [],
      ["Budget line", "Annual budget", "Forecast outturn", "Variance"],
      ["Top-up funding", 1000, 1100, 100],
      ["Place funding", 2000, 2100, 100],
      ["Alternative provision", 3000, 3300, 300],
    ]),
  ]);

  test("per field: the header's score, the column's content and the checks on it", () => {
    const v = view(wb);
    const table = v.tables.find((t) => t.recognisedAs === "budgetLines");
    expect(table?.range).toBe("A3:D6");
    expect(table?.evidence?.dataset).toBe("budgetLines");
    const forecast = table?.evidence?.fields.find((f) => f.field === "forecast");
    expect(forecast).toMatchObject({
      label: "Forecast outturn",
      column: "C",
      header: "Forecast outturn",
      // The header is the field's own first wording.
      headerScore: 1,
      content: "3 cells: 100% numbers, 100% codes, distinct 100%, 1,100 to 3,300",
    });
    expect(forecast?.checks.map((c) => [c.code, c.ok])).toEqual([
      ["variance-agrees", true],
      ["ratio-plausible", true],
    ]);
    expect(forecast?.checks[0].message).toBe(
      'Forecast − budget equals "Variance" (column D) on all 3 rows, to the penny.',
    );
    // The mapping's own confidence is evidence about the whole table.
    expect(table?.evidence?.checks.map((c) => c.code)).toEqual(["confidence"]);
  });

  test("a table not used has no evidence", () => {
    const v = view(
      workbook([
        sheet("Notes", [
          ["Officer", "Phone"],
          ["J. Patel", "01234 567890"],
          ["S. Okafor", "01234 567891"],
        ]),
      ]),
    );
    expect(v.tables.length).toBe(1);
    expect(v.tables[0].evidence).toBeUndefined();
  });

  test("wrong: a provider column naming no listed school shows its failed check under the register", () => {
    const v = view(
      workbook([
        sheet("Register", [
          ["Child ref", "Provider", "Placement type", "Band", "Start", "End"],
          ["EHC020010", "J. Patel", "Mainstream", "C", serial(2024, 3, 1), null],
          ["EHC020011", "S. Okafor", "Mainstream", "C", serial(2024, 3, 1), null],
          ["EHC020012", "R. Hughes", "Mainstream", "C", serial(2024, 3, 1), null],
        ]),
        sheet("Schools", [
          ["School Name", "URN", "Phase", "Status", "Number on roll", "Budget share £", "Protected floor £"],
          ["Elmwood Infant School", 137007, "Primary", "Academy", 669, 3325840.89, 3260602.31],
          ["Oakfield High School", 116047, "Secondary", "Community", 1489, 10011676.81, 9931763.46],
        ]),
      ]),
    );
    const register = v.tables.find((t) => t.evidence?.dataset === "placements");
    expect(register?.evidence?.needsConfirmation).toBe(true);
    const school = register?.evidence?.fields.find((f) => f.field === "school");
    expect(school?.checks).toEqual([
      {
        code: "providers-not-found",
        ok: false,
        message:
          'none of the 3 providers in "Provider" (column B) is a school on the school list (sheet "Schools"), e.g. "J. Patel", "S. Okafor", so the column may not be the provider',
      },
    ]);
    expect(v.needsConfirmation.map((n) => n.dataset)).toEqual(["placements"]);
  });
});
