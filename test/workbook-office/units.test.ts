/**
 * The Office adapter's pure parts (addresses, reference rewriting, text protection, rectangles,
 * batch packing), and the recording fake's own batching rules, which the sync counts rely on.
 */
import { NumFmt, type SheetSpec } from "../../src/papers/spec";
import { canonicalRef, parseAddressList, renameMap, rewriteRefs } from "../../src/workbook/office/address";
import { rectAddress } from "../fakes/a1";
import {
  BATCH_BYTES,
  DEFAULT_MAX_REQUEST_BYTES,
  addressGroups,
  formulaCell,
  needsTextPrefix,
  packBatches,
  planSheet,
  rectanglesByKey,
  utf8Length,
} from "../../src/workbook/office/plan";
import { columnWidthChars, columnWidthPoints, footerTitle } from "../../src/workbook/office/styles";
import { FakeExcel, parseInput } from "../fakes/excel-fake";

describe("addresses", () => {
  it("reads address lists as the JavaScript API gives them, and compares references canonically", () => {
    expect(parseAddressList("Sheet1!A1:B2,Sheet1!D4, 'A, b'!C3")).toEqual([
      { top: 0, left: 0, bottom: 1, right: 1 },
      { top: 3, left: 3, bottom: 3, right: 3 },
      { top: 2, left: 2, bottom: 2, right: 2 },
    ]);
    expect(canonicalRef("'Deficit plan'!$E$7:$E$11")).toBe("deficit plan!E7:E11");
    expect(canonicalRef("Contents!A1")).toBe("contents!A1");
  });

  it("rewrites sheet and table names in formulas, not in text literals", () => {
    const renames = {
      sheets: renameMap([
        ["DSG summary", "DSG summary (2)"],
        ["Contents", "Contents (2)"],
      ]),
      tables: renameMap([["DSGSummary", "DSGSummary_1"]]),
    };
    expect(rewriteRefs(`'DSG summary'!B4+"'DSG summary'!B4"`, renames)).toBe(
      `'DSG summary (2)'!B4+"'DSG summary'!B4"`,
    );
    expect(rewriteRefs("SUM(Contents!A1:A3)+contents!B1", renames)).toBe(
      "SUM('Contents (2)'!A1:A3)+'Contents (2)'!B1",
    );
    expect(rewriteRefs("SUM(DSGSummary[Budget])+dsgsummary[[#Totals],[Budget]]", renames)).toBe(
      "SUM(DSGSummary_1[Budget])+DSGSummary_1[[#Totals],[Budget]]",
    );
    expect(rewriteRefs("MyContents!A1+XContents!A1", renames)).toBe("MyContents!A1+XContents!A1");
    expect(rewriteRefs(`'DSG summary'!A1`, {})).toBe(`'DSG summary'!A1`);
  });

  it("converts column widths between characters and points", () => {
    expect(columnWidthPoints(16)).toBe(87.75);
    expect(columnWidthChars(columnWidthPoints(16))).toBeCloseTo(16, 1);
    expect(footerTitle("Contents & notes")).toBe("Contents && notes");
  });
});

describe("cell values for Range.formulas", () => {
  it.each([
    ["2026-27", true],
    ["1,234", true],
    ["01/09/2025", true],
    ["5%", true],
    ["=SUM(A1)", true],
    ["-", true],
    ["#N/A", true],
    ["'quoted", true],
    ["TRUE", true],
    [" false ", true],
    ["Total", false],
    ["High needs: top-up funding", false],
    ["[c]", false],
    ["", false],
  ])("needsTextPrefix(%j) → %s", (text, expected) => {
    expect(needsTextPrefix(text)).toBe(expected);
  });

  it("writes formulas with '=', protected text with Excel's apostrophe, and empty cells as ''", () => {
    expect(formulaCell({ value: 12, formula: "SUM(A1:A3)" })).toBe("=SUM(A1:A3)");
    expect(formulaCell({ value: 12, formula: "=SUM(A1:A3)" })).toBe("=SUM(A1:A3)");
    expect(formulaCell({ value: "2026-27" })).toBe("'2026-27");
    expect(formulaCell({ value: "Total" })).toBe("Total");
    expect(formulaCell({ value: 0.5 })).toBe(0.5);
    expect(formulaCell({ value: false })).toBe(false);
    expect(formulaCell({ value: null })).toBe("");
    expect(formulaCell(null)).toBe("");
  });

  it("the fake reads those values as Excel reads typed input", () => {
    expect(parseInput("'2026-27", "General")).toEqual({ value: "2026-27", prefixed: true });
    expect(parseInput("1,234", "General")).toEqual({ value: 1234 });
    expect(parseInput("(12,000)", "General")).toEqual({ value: -12000 });
    expect(parseInput("5%", "General")).toEqual({ value: 0.05, autoFormat: "0%" });
    expect(parseInput("01/09/2025", "General").value).toBe(45901);
    expect(parseInput("=A1", "General")).toEqual({ value: null, formula: "A1" });
    expect(parseInput("=A1", "@")).toEqual({ value: "=A1" });
    expect(parseInput("#N/A", "General")).toEqual({ value: { error: "#N/A" } });
    expect(parseInput("TRUE", "General")).toEqual({ value: true });
  });
});

describe("rectangles and batches", () => {
  it("covers a grid with one rectangle per run of equal keys, merged down the rows", () => {
    const grid = [
      ["a", "a", "b"],
      ["a", "a", "b"],
      ["c", undefined, "b"],
    ];
    const rects = rectanglesByKey(3, (r, c) => grid[r][c], 3);
    expect(rects.get("a")!.map(rectAddress)).toEqual(["A1:B2"]);
    expect(rects.get("b")!.map(rectAddress)).toEqual(["C1:C3"]);
    expect(rects.get("c")!.map(rectAddress)).toEqual(["A3"]);
  });

  it("groups area addresses within getRanges' limits", () => {
    const rects = Array.from({ length: 250 }, (_, i) => ({ top: i * 2, left: 0, bottom: i * 2, right: 3 }));
    const groups = addressGroups(rects, ",");
    expect(groups.every((g) => g.length <= 2000 && g.split(",").length <= 100)).toBe(true);
    expect(groups.join(",").split(",")).toHaveLength(250);
  });

  function spec(rows: number): SheetSpec {
    const cells = [[{ value: "Title", style: "title" as const }]];
    for (let i = 0; i < rows; i++) cells.push([{ value: `Row ${i}`, style: "title" as const }]);
    return {
      name: "S",
      kind: "paper",
      id: "s",
      cells: cells.map((row, i) =>
        i === 0 ? row : ([{ value: `Row ${i}` }, { value: i, numFmt: NumFmt.count }] as never),
      ),
      tables: [],
      charts: [],
      columnWidths: [10, 10],
      print: { orientation: "portrait", paperSize: "A4", fitToWidth: 1, footer: "S" },
      freezeRows: 0,
    };
  }

  it("packs a sheet into one batch when it fits, and splits only the values by rows when it does not", () => {
    const env = { maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES, supports: () => true, listSeparator: "," };
    const plan = planSheet(spec(20_000), env);
    expect(packBatches(plan, DEFAULT_MAX_REQUEST_BYTES)).toHaveLength(1);
    const valueBytes = plan.rowBytes.reduce((a, b) => a + b, 0);
    const batches = packBatches(plan, Math.ceil(valueBytes / 3) + BATCH_BYTES);
    // Three batches' worth of values; the batch overheads and the sheet's other calls need a fourth.
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(batches.length).toBeLessThanOrEqual(4);
    const limit = Math.ceil(valueBytes / 3) + BATCH_BYTES;
    for (const b of batches) expect(b.bytes).toBeLessThanOrEqual(limit);
    const rowsWritten = batches.flatMap((b) =>
      b.ops.filter((o) => o.what.startsWith("formulas")).map((o) => o.what),
    );
    expect(rowsWritten[0]).toMatch(/^formulas A1:B\d+$/);
    expect(rowsWritten[rowsWritten.length - 1]).toMatch(/:B20001$/);
  });

  it("measures UTF-8 as sent", () => {
    expect(utf8Length("£1")).toBe(3);
    expect(utf8Length("abc")).toBe(3);
    expect(utf8Length("€")).toBe(3);
  });
});

describe("the recording fake keeps Excel's batching rules", () => {
  it("applies queued calls only at sync, and refuses to read what was not loaded and synced", async () => {
    const fake = new FakeExcel();
    fake.seedSheet("Data", [["a", 1]]);
    const ctx = fake.context();
    const range = ctx.workbook.worksheets.getItem("Data").getRange("B1");
    range.values = [[2]];
    expect(fake.sheet("Data").cell(0, 1)?.value).toBe(1);
    range.load("values");
    expect(() => range.values).toThrow(/not loaded/);
    await ctx.sync();
    expect(range.values).toEqual([[2]]);
    expect(fake.sheet("Data").cell(0, 1)?.value).toBe(2);
    expect(fake.syncs).toHaveLength(1);
    expect(fake.syncs[0].calls).toBe(2);
    expect(fake.syncs[0].requestBytes).toBeGreaterThan(0);
  });

  it("stops a batch at the failing call, keeping the calls before it, as Excel does", async () => {
    const fake = new FakeExcel();
    fake.seedSheet("Data", [["a"]]);
    const ctx = fake.context();
    const sheet = ctx.workbook.worksheets.getItem("Data");
    sheet.getRange("A2").values = [["before"]];
    ctx.workbook.worksheets.getItem("Missing").getRange("A1").values = [["x"]];
    sheet.getRange("A3").values = [["after"]];
    await expect(ctx.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
    expect(fake.sheet("Data").cell(1, 0)?.value).toBe("before");
    expect(fake.sheet("Data").cell(2, 0)).toBeUndefined();
  });

  it("tells a null object apart after a load, and complains about calls never synced", async () => {
    const fake = new FakeExcel();
    const ctx = fake.context();
    const missing = ctx.workbook.worksheets.getItemOrNullObject("Nope");
    missing.load("name");
    await ctx.sync();
    expect(missing.isNullObject).toBe(true);
    await expect(fake.run(async (c) => void c.workbook.worksheets.add("Unsynced"))).rejects.toThrow(
      /never synced/,
    );
  });
});
