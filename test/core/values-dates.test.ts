import fc from "fast-check";
import { parseUkNumber, isBlank } from "../../src/core/values";
import {
  serialFromDate,
  dateFromSerial,
  parseUkDateText,
  toSerial,
  formatUkDate,
  formatLongUkDate,
  fyLabelOf,
  fyPeriod,
  ayLabel,
  ayStartYear,
  parseYearLabel,
  overlap,
  daysInclusive,
} from "../../src/core/dates";

describe("parseUkNumber: numbers stored as text in council workbooks", () => {
  test.each([
    ["£1,234", 1234],
    ["(12,000)", -12000],
    ["1,234.50", 1234.5],
    ["-£5.00", -5],
    ["£-5", -5],
    ["\u22125", -5],
    ["12.5%", 0.125],
    ["0.5%", 0.005],
    [" 7 ", 7],
    ["£1.2m", 1200000],
    ["£350k", 350000],
    ["(£1,234.56)", -1234.56],
    [42, 42],
  ])("%p → %p", (text, expected) => {
    expect(parseUkNumber(text)).toBeCloseTo(expected as number, 10);
  });

  test.each([
    ["tbc"],
    [""],
    ["1,23"],
    ["12 34"],
    ["-£-5"],
    [true],
    [null],
    ["01/09/2025"],
    [NaN],
    [Infinity],
  ])("%p is not a number", (text) => {
    expect(parseUkNumber(text)).toBeUndefined();
  });

  test("isBlank", () => {
    expect(isBlank("  ")).toBe(true);
    expect(isBlank(null)).toBe(true);
    expect(isBlank(0)).toBe(false);
  });
});

describe("Excel serial dates", () => {
  test("known serials: 1 Sept 2025 is 45901; 1 Jan 1900 is 1; 1 Mar 1900 is 61 (after Excel's phantom 29 Feb 1900)", () => {
    expect(serialFromDate(2025, 9, 1)).toBe(45901);
    expect(serialFromDate(1900, 1, 1)).toBe(1);
    expect(serialFromDate(1900, 3, 1)).toBe(61);
    expect(dateFromSerial(60)).toEqual({ year: 1900, month: 2, day: 29 });
    expect(serialFromDate(2025, 2, 29)).toBeUndefined();
  });

  test("property: serial → date → serial round-trips for 1900–2200", () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 110000 }), (s) => {
        const d = dateFromSerial(s);
        expect(serialFromDate(d.year, d.month, d.day)).toBe(s);
      }),
    );
  });

  test.each([
    ["01/09/2025", 45901],
    ["1/9/25", 45901],
    ["1 Sept 2025", 45901],
    ["1st September 2025", 45901],
    ["01-Sep-2025", 45901],
    ["2025-09-01", 45901],
    ["Monday 1 September 2025", 45901],
  ])("UK date text %p", (text, serial) => {
    expect(parseUkDateText(text)).toBe(serial);
  });

  test.each([["31/02/2026"], ["next term"], ["13/13/2025"], ["1 Smarch 2025"]])(
    "%p is not a date",
    (text) => {
      expect(parseUkDateText(text)).toBeUndefined();
    },
  );

  test("toSerial reads serials, text and JS Dates at UTC midnight (as ExcelJS gives)", () => {
    expect(toSerial(45901.75)).toBe(45901);
    expect(toSerial(new Date(Date.UTC(2025, 8, 1)))).toBe(45901);
    expect(toSerial(0)).toBeUndefined();
    expect(toSerial("x")).toBeUndefined();
  });

  test("formats", () => {
    expect(formatUkDate(45901)).toBe("01/09/2025");
    expect(formatLongUkDate(45901)).toBe("1 Sept 2025");
  });
});

describe("financial and academic years", () => {
  test("FY runs 1 April to 31 March", () => {
    expect(fyLabelOf(serialFromDate(2026, 3, 31)!)).toBe("2025-26");
    expect(fyLabelOf(serialFromDate(2026, 4, 1)!)).toBe("2026-27");
    expect(fyLabelOf(serialFromDate(2099, 12, 1)!)).toBe("2099-00");
    const p = fyPeriod(2027);
    expect(daysInclusive(p)).toBe(366); // includes 29 Feb 2028
  });

  test("AY runs 1 September to 31 August", () => {
    expect(ayStartYear(serialFromDate(2026, 8, 31)!)).toBe(2025);
    expect(ayLabel(2026)).toBe("AY2026/27");
  });

  test.each([
    ["2026-27", { kind: "FY", startYear: 2026 }],
    ["2026/27", { kind: "FY", startYear: 2026 }],
    ["FY2026-27", { kind: "FY", startYear: 2026 }],
    ["AY2026/27", { kind: "AY", startYear: 2026 }],
    ["2026-2027", { kind: "FY", startYear: 2026 }],
    ["2026-28", undefined],
    ["AY2026/27 FY", undefined],
  ])("year label %p", (text, expected) => {
    expect(parseYearLabel(text)).toEqual(expected);
  });

  test("overlap of periods counts both ends", () => {
    const fy = fyPeriod(2025);
    const placement = { start: serialFromDate(2025, 9, 1)!, end: serialFromDate(2026, 3, 31)! };
    expect(daysInclusive(overlap(fy, placement)!)).toBe(212);
    expect(overlap(fyPeriod(2030), placement)).toBeUndefined();
  });
});
