/**
 * readWorkbookFile's limits (issue 7, item 4): a part that expands past its limit is refused
 * before inflating when the zip says so and while inflating when it lies; more cells than the
 * limit are refused naming the sheet; cells that hold only formatting cost nothing. Small limits
 * are passed so the hostile files stay small; one test reads a real 200,000-row register with the
 * default limits.
 */
import { DEFAULT_LIMITS, MAX_CELLS, MAX_SHEET_PART_BYTES } from "../../src/workbook/xlsx/limits";
import { WorkbookReadError, readWorkbookFile } from "../../src/workbook/xlsx/read";
import { sheetXml, withDeclaredSize, xlsxOf } from "./xlsx-package";

async function refusal(promise: Promise<unknown>): Promise<WorkbookReadError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkbookReadError);
  const e = err as WorkbookReadError;
  expect(e.message).not.toContain("\n");
  return e;
}

/** `count` rows of `width` number cells, with references. */
function numberRows(count: number, width: number, firstRow = 1): string {
  let out = "";
  for (let r = firstRow; r < firstRow + count; r++) {
    out += `<row r="${r}">`;
    for (let c = 0; c < width; c++)
      out += `<c r="${String.fromCharCode(65 + c)}${r}"><v>${r * 10 + c}</v></c>`;
    out += "</row>";
  }
  return out;
}

/** Rows with formatted cells but no values, as on a sheet styled down to its last row. */
function formattedRows(from: number, to: number, width: number): string {
  let out = "";
  for (let r = from; r <= to; r++) {
    out += `<row r="${r}" s="1" customFormat="1">`;
    for (let c = 0; c < width; c++) out += `<c r="${String.fromCharCode(65 + c)}${r}" s="1"/>`;
    out += "</row>";
  }
  return out;
}

describe("part size limit", () => {
  const LIMIT = 64 * 1024;
  let bomb: Uint8Array;
  beforeAll(async () => {
    // About 1.2 MB of XML that deflates to about a tenth of that.
    bomb = await xlsxOf([{ name: "Budget", xml: sheetXml(formattedRows(1, 10_000, 4)) }]);
    expect(bomb.length).toBeLessThan(200 * 1024);
  });

  it("refuses a sheet whose zip directory declares more than the limit, naming the sheet, the limit and what to do", async () => {
    const e = await refusal(readWorkbookFile(bomb, "bomb.xlsx", { limits: { sheetPartBytes: LIMIT } }));
    expect(e.reason).toBe("too-large");
    expect(e.message).toMatch(
      /^bomb\.xlsx is too large to read: sheet 'Budget' \(xl\/worksheets\/sheet1\.xml\) expands to 1 MB, past the limit of 64 KB; delete unused rows and columns/,
    );
    expect(e.message).toMatch(/copy the tables into a new workbook/);
  });

  it("refuses the same sheet while inflating when the zip lies about its size", async () => {
    const liar = withDeclaredSize(bomb, "xl/worksheets/sheet1.xml", 100);
    const e = await refusal(readWorkbookFile(liar, "liar.xlsx", { limits: { sheetPartBytes: LIMIT } }));
    expect(e.reason).toBe("too-large");
    expect(e.message).toMatch(
      /sheet 'Budget' \(xl\/worksheets\/sheet1\.xml\) expands to more than 64 KB, past the limit of 64 KB/,
    );
  });

  it("reads it with the default limits, holding no row for formatting alone", async () => {
    const snap = await readWorkbookFile(bomb, "bomb.xlsx");
    expect(snap.sheets[0].cells).toEqual([]);
  });

  it("refuses a shared-strings part past its limit", async () => {
    const bytes = await xlsxOf(
      [{ name: "S", xml: sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') }],
      {
        sharedStrings: Array.from({ length: 5000 }, (_, i) => `text number ${i}`),
      },
    );
    const e = await refusal(readWorkbookFile(bytes, "s.xlsx", { limits: { sharedStringsBytes: 16 * 1024 } }));
    expect(e.reason).toBe("too-large");
    expect(e.message).toMatch(
      /the shared text \(xl\/sharedStrings\.xml\) expands to .*past the limit of 16 KB/,
    );
  });

  it("holds the limit when the declared size is under it but the data inflate past it", async () => {
    // Declared 2,000 bytes, under the limit, but the data inflate to far more: the limit still holds.
    const liar = withDeclaredSize(bomb, "xl/worksheets/sheet1.xml", 2000);
    const e = await refusal(readWorkbookFile(liar, "liar.xlsx", { limits: { sheetPartBytes: LIMIT } }));
    expect(e.reason).toBe("too-large");
  });

  it("refuses a part that declares more than it holds as damaged", async () => {
    const small = await xlsxOf([{ name: "S", xml: sheetXml(numberRows(3, 2)) }]);
    const liar = withDeclaredSize(small, "xl/worksheets/sheet1.xml", 50_000);
    const e = await refusal(readWorkbookFile(liar, "short.xlsx"));
    expect(e.reason).toBe("corrupt");
    expect(e.message).toMatch(
      /^short\.xlsx is damaged: its part xl\/worksheets\/sheet1\.xml cannot be decompressed; open it in Excel/,
    );
  });
});

describe("cell limit", () => {
  it("reads up to the limit and refuses one cell more, naming the sheet and the limit", async () => {
    const at = await xlsxOf([{ name: "Data", xml: sheetXml(numberRows(100, 10)) }]);
    expect((await readWorkbookFile(at, "ok.xlsx", { limits: { cells: 1000 } })).sheets[0].cells).toHaveLength(
      100,
    );
    const over = await xlsxOf([
      { name: "Data", xml: sheetXml(numberRows(100, 10)) },
      { name: "More", xml: sheetXml(numberRows(1, 1)) },
    ]);
    const e = await refusal(readWorkbookFile(over, "big.xlsx", { limits: { cells: 1000 } }));
    expect(e.reason).toBe("too-large");
    expect(e.message).toBe(
      "big.xlsx is too large to read: sheet 'More' takes it past 1,000 cells (the limit, counting each row from column A to its last value, for the whole workbook); delete unused rows and columns (select them, right-click > Delete) or copy the tables into a new workbook, save it, and use that",
    );
  });

  it("counts each row from column A to its last value", async () => {
    // 40 rows with one value in column Z: 40 × 26 = 1,040 cells held.
    let rows = "";
    for (let r = 1; r <= 40; r++) rows += `<row r="${r}"><c r="Z${r}"><v>${r}</v></c></row>`;
    const bytes = await xlsxOf([{ name: "Wide", xml: sheetXml(rows) }]);
    await expect(readWorkbookFile(bytes, "w.xlsx", { limits: { cells: 1000 } })).rejects.toMatchObject({
      reason: "too-large",
    });
    expect(
      (await readWorkbookFile(bytes, "w.xlsx", { limits: { cells: 1040 } })).sheets[0].cells[39],
    ).toHaveLength(26);
  });

  it("spends nothing on rows and cells that hold only formatting", async () => {
    const xml = sheetXml(numberRows(5, 3) + formattedRows(6, 20_000, 12));
    const bytes = await xlsxOf([{ name: "Styled", xml }], { xfNumFmts: [0, 0] });
    const snap = await readWorkbookFile(bytes, "styled.xlsx", { limits: { cells: 15 } });
    expect(snap.sheets[0].cells).toEqual([
      [10, 11, 12],
      [20, 21, 22],
      [30, 31, 32],
      [40, 41, 42],
      [50, 51, 52],
    ]);
  });

  it("has defaults that leave a 200,000-row × 12-column register room", () => {
    expect(DEFAULT_LIMITS.cells).toBe(MAX_CELLS);
    expect(MAX_CELLS).toBeGreaterThanOrEqual(200_000 * 12 * 2);
    expect(MAX_SHEET_PART_BYTES).toBeGreaterThanOrEqual(256 * 1024 * 1024);
  });

  it("reads a real 200,000-row × 12-column register with the default limits", async () => {
    const pieces: string[] = [];
    const letters = "ABCDEFGHIJKL";
    for (let r = 1; r <= 200_000; r++) {
      let row = `<row r="${r}">`;
      for (let c = 0; c < 12; c++) row += `<c r="${letters[c]}${r}"><v>${c + 1}</v></c>`;
      pieces.push(row + "</row>");
    }
    const bytes = await xlsxOf([{ name: "Register", xml: sheetXml(pieces.join("")) }], {
      compression: "STORE",
    });
    pieces.length = 0;
    const snap = await readWorkbookFile(bytes, "register.xlsx");
    const cells = snap.sheets[0].cells;
    expect(cells).toHaveLength(200_000);
    expect(cells[0]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(cells[199_999]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(cells.every((row) => row.length === 12)).toBe(true);
  }, 60_000);
});
