import { SheetView, detectTables, isEmpty, isNumericColumn } from "../../src/sources/detect";
import { isBlank } from "../../src/core/values";
import { detectCandidates } from "../../src/sources/read";
import type { SheetSnapshot, SnapshotValue } from "../../src/sources/snapshot";
import { readDatasets } from "../../src/sources";
import { bands, hnbMonitoring, register, schools, standardWorkbook } from "./fixtures";
import { sheet, workbook, zeroBased } from "./helpers";

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
    // Header rows 1-based, as the sheets above number them (a candidate's rows are zero-based).
    expect(c.map((x) => [x.table.sheet, x.table.headerRow + 1, x.assigned])).toEqual([
      ["Bands", 1, "currentBands"],
      ["Bands", 5, "proposedBands"],
      ["Register", 1, "placements"],
    ]);
    expect(c[2].table.sheetHidden).toBe(true);
    expect(c[2].best?.dataset).toBe("placements");
    expect(c[2].best?.columns).toEqual(
      zeroBased({ pupilRef: 1, school: 2, setting: 3, currentBand: 4, hours: 5, start: 6 }),
    );
    expect(c[1].best?.valueColumns).toEqual(zeroBased({ Mainstream: 2, "Special school": 3 }));
    // matches are sorted best first
    const conf = c[2].matches.map((m) => m.confidence);
    expect(conf).toEqual([...conf].sort((a, b) => b - a));
  });
});

describe("detection walks only the cells in use", () => {
  /** A copy of the sheet reaching XFD1048576: a million rows, the last one 16,384 cells wide. */
  function withFarCell(
    s: SheetSnapshot,
    value: SnapshotValue,
    extra: Partial<SheetSnapshot> = {},
  ): SheetSnapshot {
    const cells: SnapshotValue[][] = s.cells.map((r) => [...r]);
    while (cells.length < 1048575) cells.push([]);
    const last = new Array<SnapshotValue>(16384).fill(null);
    last[16383] = value;
    cells.push(last);
    return { ...s, cells, ...extra };
  }
  const shapes = (s: SheetSnapshot) =>
    detectTables(new SheetView(s), 0).map((t) => ({
      at: [t.headerTop, t.headerRow, t.firstCol, t.lastCol, t.lastRow, t.dataRows],
      headers: t.headers.map((h) => [h.column, h.text, h.hidden]),
    }));

  // Each case: a sheet from the fixtures, the far value, and what else reaches across the empty
  // space (a merge over it, a title merged to the last column, hidden columns to the last one).
  // How long this takes is for bench/detect.ts; here, only that the tables are the same.
  const cases: [string, () => SheetSnapshot, SnapshotValue, Partial<SheetSnapshot>][] = [
    ["the register, a text far cell", () => register().sheet, "x", {}],
    ["the register, a number far cell", () => register().sheet, 1, {}],
    ["the monitoring sheet (merged title, hidden column)", hnbMonitoring, "end", {}],
    ["the bands sheet (two stacked tables)", bands, 0, {}],
    [
      "the register, its title merged across A1:XFD1",
      () => register().sheet,
      "x",
      { merges: [{ top: 0, left: 0, bottom: 0, right: 16383 }] },
    ],
    [
      "the schools sheet, a merge over the empty space and columns hidden to XFD",
      schools,
      "far",
      {
        merges: [{ top: 10, left: 10, bottom: 1048575, right: 16382 }],
        hiddenColumns: Array.from({ length: 16384 - 20 }, (_, i) => i + 20),
      },
    ],
  ];
  it.each(cases)("%s: the far cell changes no table found", (_, make, value, extra) => {
    const plain = make();
    const expected = shapes({ ...plain, ...extra });
    expect(expected.length).toBeGreaterThan(0);
    expect(shapes(withFarCell(plain, value, extra))).toEqual(expected);
  });

  it("reads the same datasets from the standard workbook with a far cell on every sheet", () => {
    const { workbook: wb } = standardWorkbook();
    const far = { ...wb, sheets: wb.sheets.map((s) => withFarCell(s, "x")) };
    const plain = readDatasets(wb);
    const read = readDatasets(far);
    expect(read.mappings).toEqual(plain.mappings);
    expect(read.placements).toEqual(plain.placements);
    expect(read.budgetLines).toEqual(plain.budgetLines);
    expect(read.skipped).toEqual(plain.skipped);
    expect(read.totals).toEqual(plain.totals);
  });

  it("reads a lone far cell as a cell, not as a table", () => {
    const view = new SheetView(withFarCell(sheet("S", []), "x"));
    expect(view.contentRows).toEqual(Int32Array.from([1048575]));
    expect(view.columnsIn(1048575)).toEqual(Int32Array.from([16383]));
    expect(detectTables(view, 0)).toEqual([]);
  });

  it("lists each row's non-empty, uncovered cells (spaces and merged-over copies left out)", () => {
    const view = new SheetView(
      sheet("S", [["Title", "Title", "Title"], [null, " ", "a", "\u00a0", 5], [], ["b"]], {
        merges: ["A1:C1"],
      }),
    );
    expect(Array.from(view.contentRows)).toEqual([0, 1, 3]);
    expect(Array.from(view.columnsIn(0))).toEqual([0]);
    expect(Array.from(view.columnsIn(1))).toEqual([2, 4]);
    expect(Array.from(view.columnsIn(1, 3, 4))).toEqual([4]);
    expect(view.rowBlankIn(1, 0, 1)).toBe(true);
    expect(view.rowBlankIn(1, 0, 2)).toBe(false);
    expect(view.rowBlankIn(2, 0, 100)).toBe(true);
    expect(view.value(0, 1)).toBeNull(); // covered by the merge
  });
});

describe("two-row headers", () => {
  /** The first table's header rows (1-based), its span (column letters) and its header texts. */
  function header(rows: Parameters<typeof sheet>[1], merges: string[]) {
    const t = detectTables(new SheetView(sheet("S", rows, { merges })), 0)[0];
    const letter = (c: number) => String.fromCharCode(65 + c);
    return {
      rows: [t.headerTop + 1, t.headerRow + 1],
      span: `${letter(t.firstCol)}:${letter(t.lastCol)}`,
      headers: t.headers.map((h) => `${letter(h.column)} ${h.text}`),
      lastRow: t.lastRow + 1,
    };
  }
  const data = [
    ["P1", "Oakfield", "A", 3000, "B", 4000],
    ["P2", "Brook", "C", 5000, "C", 5000],
  ];

  const cases: [string, Parameters<typeof sheet>[1], string[], ReturnType<typeof header>][] = [
    [
      "group title merged over two names, other names in the lower row",
      [
        ["Register"],
        [],
        [null, null, "Current banding"],
        ["Pupil ref", "School", "Band", "Annual £"],
        ...data,
      ],
      ["C3:D3"],
      {
        rows: [3, 4],
        span: "A:D",
        headers: ["A Pupil ref", "B School", "C Current banding Band", "D Current banding Annual £"],
        lastRow: 6,
      },
    ],
    [
      "two group titles, the same names under each",
      [
        [null, null, "Current banding", null, "Proposed banding"],
        ["Pupil ref", "School", "Band", "Annual £", "Band", "Annual £"],
        ...data,
      ],
      ["C1:D1", "E1:F1"],
      {
        rows: [1, 2],
        span: "A:F",
        headers: [
          "A Pupil ref",
          "B School",
          "C Current banding Band",
          "D Current banding Annual £",
          "E Proposed banding Band",
          "F Proposed banding Annual £",
        ],
        lastRow: 4,
      },
    ],
    [
      "single names merged down both rows, the group's names below",
      [
        ["Pupil ref", "School", "Current banding", null, "Proposed band"],
        [null, null, "Band", "Annual £", null],
        ["P1", "Oakfield", "A", 3000, "B"],
        ["P2", "Brook", "C", 5000, "C"],
      ],
      ["A1:A2", "B1:B2", "C1:D1", "E1:E2"],
      {
        rows: [1, 2],
        span: "A:E",
        headers: [
          "A Pupil ref",
          "B School",
          "C Current banding Band",
          "D Current banding Annual £",
          "E Proposed band",
        ],
        lastRow: 4,
      },
    ],
    [
      "a title merged across the whole table is a title, not a group",
      [["Top-up register", null, null, null], ["Pupil ref", "School", "Band", "Annual £"], ...data],
      ["A1:D1"],
      {
        rows: [2, 2],
        span: "A:D",
        headers: ["A Pupil ref", "B School", "C Band", "D Annual £"],
        lastRow: 4,
      },
    ],
    [
      "a merged header over one-row names with an all-text first data row stays one row",
      [
        ["Pupil ref", "School", "Setting", "Notes", null],
        ["P1", "Oakfield", "Mainstream", "Moved", "in May"],
        ["P2", "Brook", "Special school", 5, null],
      ],
      ["D1:E1"],
      { rows: [1, 1], span: "A:D", headers: ["A Pupil ref", "B School", "C Setting", "D Notes"], lastRow: 3 },
    ],
  ];
  it.each(cases)("%s", (_, rows, merges, expected) => {
    expect(header(rows, merges)).toEqual(expected);
  });

  it("keeps the title and the name apart for matching", () => {
    const t = detectTables(
      new SheetView(
        sheet(
          "S",
          [
            [null, "Current banding"],
            ["Pupil ref", "Band", "Annual £"],
            ["P1", "A", 100],
          ],
          {
            merges: ["B1:C1"],
          },
        ),
      ),
      0,
    )[0];
    expect(t.headers.map((h) => [h.text, h.group, h.name])).toEqual([
      ["Pupil ref", undefined, undefined],
      ["Current banding Band", "Current banding", "Band"],
      ["Current banding Annual £", "Current banding", "Annual £"],
    ]);
  });
});
