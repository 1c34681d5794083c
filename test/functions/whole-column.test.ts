/**
 * Whole-column arguments, as Excel passes `=DSG.BANDCOST(A:A, Bands!A:C)`: 1,048,576 rows, nearly
 * all blank. The blank tail gives blank results (not #VALUE!), the filled rows are costed as an
 * exact range would cost them, and a band table parsed from cache is never stale.
 */
import { bandcost, hourscost, prorata } from "../../src/functions/functions";
import { ContentCache, trimTrailingBlankRows, usedRowCount } from "../../src/functions/extent";

const EXCEL_ROWS = 1_048_576;

/** A whole column: `filled` values at the top, then blanks (null, as Excel passes them) to the last row. */
function wholeColumn(filled: unknown[]): unknown[][] {
  const out: unknown[][] = new Array(EXCEL_ROWS);
  for (let r = 0; r < EXCEL_ROWS; r++) out[r] = [r < filled.length ? filled[r] : null];
  return out;
}

/** Whole columns A:C of a sheet whose top rows are `table`. */
function wholeTable(table: unknown[][]): unknown[][] {
  const out: unknown[][] = new Array(EXCEL_ROWS);
  for (let r = 0; r < EXCEL_ROWS; r++) out[r] = r < table.length ? table[r] : [null, null, null];
  return out;
}

// Devon's mainstream bands (domain.md §3.4), with a special-school column beside them.
const BANDS = [
  ["Band", "Mainstream", "Special"],
  ["Band 1", 1600, 9200],
  ["Band 2", 3100, 11796],
  ["Band 3", 4500, 12132],
];

describe("DSG.BANDCOST over whole columns", () => {
  const register = ["Band 1", "Band 3", "Band 2", null, "Band 3"];
  const out = bandcost(wholeColumn(register), wholeTable(BANDS));

  test("the spill ends at the register's last row: the blank tail is left off", () => {
    expect(out).toHaveLength(register.length);
  });

  test("the filled rows are costed from the table", () => {
    expect(out.slice(0, 3)).toEqual([[1600], [4500], [3100]]);
    expect(out[4]).toEqual([4500]);
  });

  test("a blank row inside the register still says the band is missing", () => {
    expect((out[3][0] as { code: string }).code).toBe("#VALUE!");
  });

  test("no cell of the result is an error but the blank band inside the register", () => {
    const errors = out.flat().filter((v) => typeof v === "object").length;
    expect(errors).toBe(1);
  });

  test("a column with nothing in it gives one blank cell (Excel cannot show an empty result)", () => {
    expect(bandcost(wholeColumn([]), wholeTable(BANDS))).toEqual([[""]]);
  });

  test("the setting column is found in a whole-column table", () => {
    expect(bandcost(wholeColumn(["Band 2"]), wholeTable(BANDS), [["Special"]])[0]).toEqual([11796]);
  });
});

describe("the band-table cache never serves a stale table", () => {
  test("changing one tariff changes the result on the next call", () => {
    const before = bandcost([["Band 2"]], BANDS);
    const changed = BANDS.map((row) => [...row]);
    changed[2][1] = 3250;
    const after = bandcost([["Band 2"]], changed);
    const again = bandcost([["Band 2"]], BANDS);
    expect([before, after, again]).toEqual([[[3100]], [[3250]], [[3100]]]);
  });

  test("a number and the same digits as text are different content", () => {
    const cache = new ContentCache<string>();
    expect(cache.get("t", [[1, "a"]], () => "number")).toBe("number");
    expect(cache.get("t", [["1", "a"]], () => "text")).toBe("text");
    expect(cache.get("t", [[1, "a"]], () => "recomputed")).toBe("number");
  });

  test("it holds only the most recent tables", () => {
    const cache = new ContentCache<number>(2);
    for (let i = 0; i < 5; i++) cache.get("t", [[i]], () => i);
    expect(cache.size).toBe(2);
    expect(cache.get("t", [[0]], () => -1)).toBe(-1);
  });
});

describe("other functions over whole columns", () => {
  test("DSG.HOURSCOST: hours in A:A, a single rate", () => {
    const out = hourscost(wholeColumn([10, 25]), [[13.04]], [[38]], [[6000]]);
    expect(out).toEqual([[0], [6388]]);
  });

  test("DSG.PRORATA: the tail is where every broadcast column is blank", () => {
    const annual = wholeColumn([12000, 12000, 12000]);
    const start = wholeColumn([45901, 45901]); // 1 Sept 2025; the third start is missing
    const out = prorata(annual, start, [[46112]], [["2025-26"]], [["terms"]]);
    expect(out).toHaveLength(3);
    expect(out.slice(0, 2)).toEqual([[8000], [8000]]);
    expect((out[2][0] as { code: string }).code).toBe("#VALUE!");
  });
});

describe("extent helpers", () => {
  test.each([
    [[[1], [null], [""], [null]], 1],
    [[[null], [null]], 0],
    [[[null, 2]], 1],
    [[["  "], [0]], 2],
  ])("usedRowCount(%j) is %d", (m, n) => {
    expect(usedRowCount(m as unknown[][])).toBe(n);
  });

  test("trimming keeps the matrix itself when nothing trails", () => {
    const m = [[1], [2]];
    expect(trimTrailingBlankRows(m)).toBe(m);
    expect(trimTrailingBlankRows([[1], [null]])).toEqual([[1]]);
  });
});
