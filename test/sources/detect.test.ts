import { SheetView, detectTables, isEmpty, isNumericColumn } from "../../src/sources/detect";
import { isBlank } from "../../src/core/values";
import { detectCandidates } from "../../src/sources/read";
import { sheet, workbook } from "./helpers";

/** Tables on one sheet as [headerRow, firstColumn, lastColumn, lastRow] (1-based) with header texts. */
function tables(rows: Parameters<typeof sheet>[1], options?: Parameters<typeof sheet>[2]) {
  return detectTables(new SheetView(sheet("S", rows, options)), 0).map((t) => ({
    at: [t.headerRow + 1, t.firstCol + 1, t.lastCol + 1, t.lastRow + 1],
    headers: t.headers.map((h) => h.text),
  }));
}

describe("isEmpty", () => {
  it.each([null, "", " ", "\u00a0", "\t\n", "\u3000"])("%j is empty, as core's isBlank says", (v) => {
    expect(isEmpty(v)).toBe(true);
    expect(isBlank(v)).toBe(true);
  });
  it.each(["a", " a", 0, false, "£", "\u00a0x"])("%j is not", (v) => {
    expect(isEmpty(v)).toBe(false);
    expect(isBlank(v)).toBe(false);
  });
});

describe("detectTables", () => {
  it("finds a header below a title, a subtitle and a blank row", () => {
    expect(
      tables([
        ["High needs monitoring"],
        ["Month 6"],
        [],
        ["Block", "Allocation"],
        ["Schools", 100],
        ["High Needs", 50],
      ]),
    ).toEqual([{ at: [4, 1, 2, 6], headers: ["Block", "Allocation"] }]);
  });

  it("ignores a merged title, even when the adapter repeats its text in every covered cell", () => {
    const title = "High Needs Block monitoring";
    expect(
      tables([[title, title, title], [], ["Line", "Budget", "Forecast"], ["Top-up", 10, 12]], {
        merges: ["A1:C1"],
      }),
    ).toEqual([{ at: [3, 1, 3, 4], headers: ["Line", "Budget", "Forecast"] }]);
  });

  it("passes over a two-cell title line to the real header just below", () => {
    expect(
      tables([
        ["HNB monitoring", null, null, "Month 6"],
        ["s251 line", "Description", "Annual budget", "Forecast outturn"],
        ["1.2.1", "Top-up", 100, 120],
      ])[0].at,
    ).toEqual([2, 1, 4, 3]);
  });

  it("keeps 'Item | Value' as the header over the all-text key-value rows below it", () => {
    expect(
      tables([
        ["Item", "Value"],
        ["Council", "Anytown"],
        ["Schools block", 250000000],
      ]),
    ).toEqual([{ at: [1, 1, 2, 3], headers: ["Item", "Value"] }]);
  });

  it("ends a table at two blank rows, and finds the next one", () => {
    expect(
      tables([
        ["Band", "Hours per week"],
        ["A", 5],
        [],
        ["B", 10], // one blank row does not end a table
        [],
        [],
        ["Financial year", "HNB funding", "Expenditure"],
        ["2026-27", 1, 2],
      ]),
    ).toEqual([
      { at: [1, 1, 2, 4], headers: ["Band", "Hours per week"] },
      { at: [7, 1, 3, 8], headers: ["Financial year", "HNB funding", "Expenditure"] },
    ]);
  });

  it("splits stacked tables at a new header row after a caption, even with no blank rows", () => {
    expect(
      tables([
        ["Band", "Hours per week"],
        ["A", 5],
        ["B", 10],
        ["Proposed bands (£ a year)"],
        ["Band", "Mainstream", "Special school"],
        ["1", 3000, 9000],
      ]),
    ).toEqual([
      { at: [1, 1, 2, 3], headers: ["Band", "Hours per week"] },
      { at: [5, 1, 3, 6], headers: ["Band", "Mainstream", "Special school"] },
    ]);
  });

  it("splits stacked tables of the same width at a row of known headers", () => {
    expect(
      tables([
        ["Block", "DfE allocation", "Current budget"],
        ["Schools", 1, 1],
        ["School", "Pupils", "Formula allocation"],
        ["Oakfield", 420, 2100000],
      ]).map((t) => t.at),
    ).toEqual([
      [1, 1, 3, 2],
      [3, 1, 3, 4],
    ]);
  });

  it("finds tables side by side, separated by a blank column", () => {
    expect(
      tables([
        ["DSG position", null, null, null, null],
        [],
        ["Block", "Allocation", null, "Item", "Value"],
        ["Schools", 100, null, "Council", "Anytown"],
        ["High Needs", 50, null, "Hourly rate", 21.5],
        ["Total", 150, null, null, null],
      ]),
    ).toEqual([
      { at: [3, 1, 2, 6], headers: ["Block", "Allocation"] },
      { at: [3, 4, 5, 5], headers: ["Item", "Value"] },
    ]);
  });

  it("reads hidden columns' headers, flagged", () => {
    const t = detectTables(
      new SheetView(
        sheet(
          "S",
          [
            ["Line", "Cost centre", "Budget"],
            ["x", "CC1", 1],
          ],
          { hiddenColumns: ["B"] },
        ),
      ),
      0,
    )[0];
    expect(t.headers.map((h) => [h.text, h.hidden])).toEqual([
      ["Line", false],
      ["Cost centre", true],
      ["Budget", false],
    ]);
  });

  it("does not take a data row of text as a header, nor a lone header with no data", () => {
    expect(tables([["Notes", "See below"]])).toEqual([]);
    expect(
      tables([
        ["Pupil ref", "School", "Setting", "Current band", "Start date"],
        ["P1", "Oakfield", "Mainstream", "A", "01/09/2025"],
        ["P2", "Brook School", "Special school", "B", null], // all text, still data
        ["P3", "Hill", "Mainstream", "C", 45901],
      ]),
    ).toEqual([
      { at: [1, 1, 5, 4], headers: ["Pupil ref", "School", "Setting", "Current band", "Start date"] },
    ]);
  });

  it("keeps a trailing note line out of the table's last row", () => {
    expect(tables([["Band", "Hours per week"], ["A", 5], ["Source: SEN team"]])[0].at).toEqual([1, 1, 2, 2]);
  });

  it("copes with an empty sheet and ragged rows", () => {
    expect(tables([])).toEqual([]);
    expect(tables([[], [null], ["Band", "Hours"], ["A"], ["B", 10, null, null]])[0].at).toEqual([3, 1, 2, 5]);
  });
});

describe("isNumericColumn", () => {
  it("is true for mostly-number columns (text numbers count), false for text or date columns", () => {
    const s = sheet(
      "S",
      [
        ["Band", "Mainstream", "Descriptor", "Review"],
        ["1", 3000, "low", 45901],
        ["2", "£6,000", "medium", 45902],
        ["3", null, "high", 45903],
      ],
      { dateCells: ["D2", "D3", "D4"] },
    );
    const view = new SheetView(s);
    const t = detectTables(view, 0)[0];
    expect([1, 2, 3].map((c) => isNumericColumn(view, t, c))).toEqual([true, false, false]);
  });
});

describe("detectCandidates", () => {
  it("lists each table with its matches and the dataset it is given", () => {
    const wb = workbook([
      sheet("Bands", [
        ["Band", "Hours per week"],
        ["A", 5],
        ["B", 10],
        [],
        ["Band", "Mainstream", "Special school"],
        ["1", 3000, 9000],
      ]),
      sheet(
        "Register",
        [
          ["Pupil ref", "School", "Setting", "Current band", "Hours per week", "Start date"],
          ["P1", "Oakfield", "Mainstream", "A", 5, 45901],
        ],
        { hidden: true },
      ),
    ]);
    const c = detectCandidates(wb);
    expect(c.map((x) => [x.table.sheet, x.table.headerRow, x.assigned])).toEqual([
      ["Bands", 1, "currentBands"],
      ["Bands", 5, "proposedBands"],
      ["Register", 1, "placements"],
    ]);
    expect(c[2].table.sheetHidden).toBe(true);
    expect(c[2].best?.dataset).toBe("placements");
    expect(c[2].best?.columns).toEqual({
      pupilRef: 1,
      school: 2,
      setting: 3,
      currentBand: 4,
      hours: 5,
      start: 6,
    });
    expect(c[1].best?.valueColumns).toEqual({ Mainstream: 2, "Special school": 3 });
    // matches are sorted best first
    const conf = c[2].matches.map((m) => m.confidence);
    expect(conf).toEqual([...conf].sort((a, b) => b - a));
  });
});
