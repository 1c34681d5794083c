/**
 * A1 references (src/core/a1.ts). The expected values are Excel's grid and reference syntax
 * (Microsoft's "Excel specifications and limits": 1,048,576 rows, 16,384 columns A–XFD) worked
 * out by hand, never produced by the module itself.
 */
import {
  areaA1,
  cellA1,
  columnIndex,
  columnLetters,
  parseArea,
  parseRef,
  quoteSheet,
  readQuoted,
  sheetNeedsQuotes,
  sheetPrefix,
  shiftA1,
  splitRef,
} from "../../src/core/a1";

describe("column letters", () => {
  // Bijective base 26: Z is the 26th column, AA the 27th, ZZ the 702nd (26 + 26²), AAA the 703rd,
  // XFD the 16,384th (24·26² + 6·26 + 4).
  test.each([
    [0, "A"],
    [25, "Z"],
    [26, "AA"],
    [27, "AB"],
    [701, "ZZ"],
    [702, "AAA"],
    [16_383, "XFD"],
  ])("column %i is %s, and back", (col, letters) => {
    expect(columnLetters(col)).toBe(letters);
    expect(columnIndex(letters)).toBe(col);
    expect(columnIndex(letters.toLowerCase())).toBe(col);
  });

  test("cell and area text", () => {
    expect(cellA1(0, 0)).toBe("A1");
    expect(cellA1(1, 2)).toBe("C2");
    expect(cellA1(11, 27, true)).toBe("$AB$12");
    expect(areaA1({ top: 1, left: 2, bottom: 1, right: 2 })).toBe("C2");
    expect(areaA1({ top: 1, left: 2, bottom: 9, right: 3 })).toBe("C2:D10");
  });
});

describe("parseArea", () => {
  test.each([
    ["A1", { top: 0, left: 0, bottom: 0, right: 0 }],
    ["$B$7:$E$11", { top: 6, left: 1, bottom: 10, right: 4 }],
    ["E11:B7", { top: 6, left: 1, bottom: 10, right: 4 }],
    ["$C$10:B2", { top: 1, left: 1, bottom: 9, right: 2 }],
    [" ab12 ", { top: 11, left: 27, bottom: 11, right: 27 }],
    ["XFD1048576", { top: 1_048_575, left: 16_383, bottom: 1_048_575, right: 16_383 }],
    ["B:D", { top: 0, left: 1, bottom: 1_048_575, right: 3 }],
    ["A:A", { top: 0, left: 0, bottom: 1_048_575, right: 0 }],
    ["6:6", { top: 5, left: 0, bottom: 5, right: 16_383 }],
    ["$3:$5", { top: 2, left: 0, bottom: 4, right: 16_383 }],
  ])("%j", (text, area) => {
    expect(parseArea(text)).toEqual(area);
  });

  test.each([
    "Sheet1", // a name
    "Rate",
    "A0", // row 0 is not on the grid
    "XFE1", // past column XFD
    "A1048577", // past row 1,048,576
    "A1:B2:C3",
    "B", // a lone column or row is not an area
    "6",
    "B:6", // mixed ends
    "A1:B",
    "",
  ])("%j is not an area", (text) => {
    expect(parseArea(text)).toBeUndefined();
  });
});

describe("moving a reference as Excel copies a formula", () => {
  test("relative parts move, absolute ones stay", () => {
    expect(shiftA1("B2", 3, 1)).toBe("C5");
    expect(shiftA1("$B$2:B$3", 3, 1)).toBe("$B$2:C$3");
    expect(shiftA1("$B2", 1, 5)).toBe("$B3");
    expect(shiftA1("B:B", 4, 1)).toBe("C:C");
    expect(shiftA1("3:$5", 2, 9)).toBe("5:$5");
  });

  test("a reference moved off the grid is undefined (Excel's #REF!)", () => {
    expect(shiftA1("A1", -1, 0)).toBeUndefined();
    expect(shiftA1("XFD1", 0, 1)).toBeUndefined();
    expect(shiftA1("Rate", 1, 0)).toBeUndefined();
  });
});

describe("sheet names in references", () => {
  test("splitting a reference: quoted, bare, a hyperlink's #, none", () => {
    expect(splitRef("'Deficit plan'!$E$7:$E$11")).toEqual({ sheet: "Deficit plan", area: "$E$7:$E$11" });
    expect(splitRef("'Children''s services'!A1")).toEqual({ sheet: "Children's services", area: "A1" });
    expect(splitRef("#Contents!A1")).toEqual({ sheet: "Contents", area: "A1" });
    expect(splitRef("B4")).toEqual({ area: "B4" });
  });

  test("parseRef gives the sheet and the area, or undefined when the area is not A1", () => {
    expect(parseRef("'HNB monitoring'!$E$12")).toEqual({
      sheet: "HNB monitoring",
      area: { top: 11, left: 4, bottom: 11, right: 4 },
    });
    expect(parseRef("Sheet!A1:B2")).toEqual({
      sheet: "Sheet",
      area: { top: 0, left: 0, bottom: 1, right: 1 },
    });
    expect(parseRef("C3")).toEqual({ area: { top: 2, left: 2, bottom: 2, right: 2 } });
    expect(parseRef("Sheet!Rate")).toBeUndefined();
  });

  // Excel leaves a name bare only when it is a plain identifier that is not also a cell reference.
  test.each([
    ["Contents", "Contents!"],
    ["Data_2026", "Data_2026!"],
    ["v1.2", "v1.2!"],
    ["_notes", "_notes!"],
    ["XFE1", "XFE1!"], // past column XFD: not a cell, so a plain name
    ["A0", "A0!"], // row 0: not a cell
    ["ABCD1", "ABCD1!"], // four letters: not a column
    ["DSG summary", "'DSG summary'!"],
    ["Children's", "'Children''s'!"],
    ["2026-27", "'2026-27'!"],
    ["2026", "'2026'!"],
    ["A1", "'A1'!"],
    ["AB12", "'AB12'!"],
    ["xfd1048576", "'xfd1048576'!"],
    ["R2C3", "'R2C3'!"], // R1C1 notation
    ["rc", "'rc'!"],
    ["R", "'R'!"],
    ["C12", "'C12'!"], // a cell in both notations
    ["TRUE", "'TRUE'!"],
  ])("%j → %j", (name, prefix) => {
    expect(sheetPrefix(name)).toBe(prefix);
    expect(sheetNeedsQuotes(name)).toBe(prefix.startsWith("'"));
  });

  test("no sheet, no prefix; the always-quoted form doubles quotes", () => {
    expect(sheetPrefix(undefined)).toBe("");
    expect(quoteSheet("Contents")).toBe("'Contents'");
    expect(quoteSheet("Children's")).toBe("'Children''s'");
  });
});

describe("quoted text", () => {
  test("a doubled quote stands for itself; the end is just past the closing quote", () => {
    expect(readQuoted("'Deficit plan'!A1", 0)).toEqual({ value: "Deficit plan", end: 14 });
    expect(readQuoted("'Children''s'!A1", 0)).toEqual({ value: "Children's", end: 13 });
    expect(readQuoted('=IF(A1,"a ""b""",1)', 7)).toEqual({ value: 'a "b"', end: 16 });
    expect(readQuoted("''", 0)).toEqual({ value: "", end: 2 });
  });

  test("an unclosed quote is undefined, not a guess", () => {
    expect(readQuoted("'Deficit plan!A1", 0)).toBeUndefined();
    expect(readQuoted('"a ""', 0)).toBeUndefined();
  });
});
