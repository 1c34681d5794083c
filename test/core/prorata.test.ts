import fc from "fast-check";
import { Period, Serial, ayPeriod, fyPeriod, serialFromDate } from "../../src/core/dates";
import { CellError, ErrorCode, isCellError } from "../../src/core/errors";
import { roundPenny } from "../../src/core/money";
import { ProRataBasis, proRata, resolvePeriod } from "../../src/core/prorata";
import { Trace } from "../../src/core/trace";

/** The serial of a calendar date (a fixture helper; throws on a date that does not exist). */
function d(year: number, month: number, day: number): Serial {
  const s = serialFromDate(year, month, day);
  if (s === undefined) throw new Error(`no such date ${day}/${month}/${year}`);
  return s;
}

function expectError(value: unknown, code: string, ...phrases: string[]): void {
  expect(value).toBeInstanceOf(CellError);
  const e = value as CellError;
  expect(e.code).toBe(code);
  for (const p of phrases) expect(e.message).toContain(p);
}

const BASES: ProRataBasis[] = ["days", "weeks", "months", "terms"];

describe("resolvePeriod", () => {
  const start = d(2025, 9, 1);
  it.each<[string, unknown, Period]>([
    ["blank → the FY containing the start", undefined, fyPeriod(2025)],
    ["an empty cell → the FY containing the start", "", fyPeriod(2025)],
    ["null → the FY containing the start", null, fyPeriod(2025)],
    ['"2026-27" → FY 2026-27', "2026-27", fyPeriod(2026)],
    ['"FY2026-27" → FY 2026-27', "FY2026-27", fyPeriod(2026)],
    ['"2026/27" → FY 2026-27', "2026/27", fyPeriod(2026)],
    ['"AY2026/27" → AY 2026/27', "AY2026/27", ayPeriod(2026)],
    ['"AY 2025-26" → AY 2025/26', "AY 2025-26", ayPeriod(2025)],
    ["a date serial (15 June 2024) → FY 2024-25", d(2024, 6, 15), fyPeriod(2024)],
    ["a date on 31 March → the FY ending that day", d(2026, 3, 31), fyPeriod(2025)],
    ["a date on 1 April → the FY starting that day", d(2026, 4, 1), fyPeriod(2026)],
    ['UK date text "01/04/2027" → FY 2027-28', "01/04/2027", fyPeriod(2027)],
    ["a JavaScript Date (as ExcelJS gives) → its FY", new Date(Date.UTC(2025, 0, 15)), fyPeriod(2024)],
    [
      "a Period → itself",
      { start: d(2025, 9, 1), end: d(2025, 12, 31) },
      { start: d(2025, 9, 1), end: d(2025, 12, 31) },
    ],
  ])("%s", (_name, arg, expected) => {
    expect(resolvePeriod(arg, start)).toEqual(expected);
  });

  it("FY 2025-26 runs 1 April 2025 – 31 March 2026 (domain.md: FY 1 April – 31 March)", () => {
    expect(resolvePeriod("2025-26", start)).toEqual({ start: d(2025, 4, 1), end: d(2026, 3, 31) });
  });

  it.each<[string, unknown, string, string]>([
    [
      "text that is not a year or date",
      "next year",
      ErrorCode.value,
      'period must be a year label or a date; got "next year"',
    ],
    [
      "a year typed as a number",
      2026,
      ErrorCode.value,
      'period 2026 looks like a year, not a date; write it as a label such as "2026-27"',
    ],
    ["a boolean", true, ErrorCode.value, "got TRUE"],
    [
      "a Period that ends before it starts",
      { start: d(2026, 1, 1), end: d(2025, 1, 1) },
      ErrorCode.number,
      "before the start date",
    ],
    ["a year before Excel's calendar", "1899-00", ErrorCode.number, "before 1 January 1900"],
  ])("refuses %s", (_name, arg, code, phrase) => {
    expectError(resolvePeriod(arg, start), code, phrase);
  });
});

describe("proRata", () => {
  const annual = 12000;
  const sept = d(2025, 9, 1); // 45901
  const march = d(2026, 3, 31);

  it("uses the serials the SPEC quotes: 1 Sept 2025 is 45901", () => {
    expect(sept).toBe(45901);
  });

  // A 1 Sept 2025 – 31 Mar 2026 placement in FY 2025-26: 212 days of 365
  // (30 + 31 + 30 + 31 + 31 + 28 + 31), 7 whole months, autumn and spring terms.
  it.each<[ProRataBasis, number, string]>([
    ["days", 6969.86, "£12,000 × 212 ÷ 365 = £6,969.863"],
    ["weeks", 9789.47, "212 days → 31 weeks; £12,000 ÷ 38 × 31 = £9,789.474"],
    ["months", 7000, "£12,000 ÷ 12 × 7"],
    ["terms", 8000, "autumn + spring = 2 of 3 terms (Norfolk Sept–Mar, domain.md §3.5)"],
  ])("1 Sept 2025 – 31 Mar 2026 on %s basis → £%d (%s)", (basis, expected) => {
    expect(proRata(annual, sept, march, "2025-26", basis)).toBe(expected);
    expect(proRata(annual, sept, march, undefined, basis)).toBe(expected); // default: FY of the start
  });

  it("terms gives exactly two thirds of any annual amount for Sept–Mar (domain.md §3.5, Norfolk)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), (pence) => {
        const a = pence / 100;
        expect(proRata(a, sept, march, "2025-26", "terms")).toBe(roundPenny((a * 2) / 3));
      }),
    );
  });

  it.each(BASES)("a full-year placement gives the annual amount on the %s basis", (basis) => {
    expect(proRata(annual, d(2025, 4, 1), d(2026, 3, 31), "2025-26", basis)).toBe(annual);
    // A placement longer than the year is cut to the year.
    expect(proRata(annual, d(2023, 1, 1), d(2030, 1, 1), "2025-26", basis)).toBe(annual);
    expect(proRata(annual, d(2023, 1, 1), undefined, "2025-26", basis)).toBe(annual);
    // The same for an academic year and a leap financial year.
    expect(proRata(annual, d(2025, 9, 1), d(2026, 8, 31), "AY2025/26", basis)).toBe(annual);
    expect(proRata(annual, d(2027, 4, 1), undefined, "2027-28", basis)).toBe(annual);
  });

  // Open-ended from 1 Jan 2026: runs to the end of FY 2025-26, 90 days (31 + 28 + 31).
  it.each<[ProRataBasis, number, string]>([
    ["days", 2958.9, "£12,000 × 90 ÷ 365 = £2,958.904"],
    ["weeks", 4105.26, "90 days → 13 weeks; £12,000 ÷ 38 × 13 = £4,105.263"],
    ["months", 3000, "3 months"],
    ["terms", 4000, "the spring term"],
  ])("an open placement from 1 Jan 2026, %s basis → £%d (%s)", (basis, expected) => {
    expect(proRata(annual, d(2026, 1, 1), undefined, undefined, basis)).toBe(expected);
    expect(proRata(annual, d(2026, 1, 1), null as unknown as undefined, "", basis)).toBe(expected);
  });

  // An academic-year period: from 1 Jan 2026, open, in AY2025/26 (1 Sept 2025 – 31 Aug 2026):
  // 243 days (31 + 28 + 31 + 30 + 31 + 30 + 31 + 31) of 365.
  it.each<[ProRataBasis, number, string]>([
    ["days", 7989.04, "£12,000 × 243 ÷ 365 = £7,989.041"],
    ["weeks", 11052.63, "243 days → 35 weeks; £12,000 ÷ 38 × 35 = £11,052.632"],
    ["months", 8000, "8 months"],
    ["terms", 8000, "spring + summer"],
  ])('period "AY2025/26", open from 1 Jan 2026, %s basis → £%d (%s)', (basis, expected) => {
    expect(proRata(annual, d(2026, 1, 1), undefined, "AY2025/26", basis)).toBe(expected);
  });

  // FY 2027-28 has 366 days: it includes 29 Feb 2028.
  it.each<[Serial, Serial | undefined, ProRataBasis, number, string]>([
    [d(2028, 2, 1), d(2028, 2, 29), "days", 2900, "£36,600 × 29 ÷ 366"],
    [d(2028, 2, 1), d(2028, 2, 29), "months", 3050, "all of February 2028 is one month: £36,600 ÷ 12"],
    [d(2028, 2, 29), undefined, "days", 3200, "29 Feb – 31 Mar 2028: £36,600 × 32 ÷ 366"],
    [d(2028, 2, 15), d(2028, 2, 29), "months", 1577.59, "15 of 29 days: £3,050 × 15/29 = £1,577.586"],
    [d(2027, 4, 1), d(2027, 9, 30), "days", 18300, "183 of 366 days is exactly half"],
  ])("leap FY 2027-28: %p – %p, %s basis → £%d (%s)", (start, end, basis, expected) => {
    expect(proRata(36600, start, end, "2027-28", basis)).toBe(expected);
  });

  it.each<[string, Serial, Serial | undefined, ProRataBasis, number]>([
    ["1–15 Sept 2025 is half of September: £1,000 × 15/30", sept, d(2025, 9, 15), "months", 500],
    [
      "16 Sept – 15 Oct 2025: £1,000 × (15/30 + 15/31) = £983.871",
      d(2025, 9, 16),
      d(2025, 10, 15),
      "months",
      983.87,
    ],
    ["1 Sept – 31 Oct 2025 is 61 of autumn's 122 days: £4,000 × ½", sept, d(2025, 10, 31), "terms", 2000],
    ["one day of a 365-day year: £12,000 ÷ 365 = £32.877", sept, sept, "days", 32.88],
    ["one day is one week on the weeks basis: £12,000 ÷ 38 = £315.789", sept, sept, "weeks", 315.79],
    ["8 days are two calendar weeks: £12,000 ÷ 38 × 2 = £631.579", sept, d(2025, 9, 8), "weeks", 631.58],
    [
      "a summer term (1 Apr – 31 Aug 2025) in FY 2025-26: one term",
      d(2025, 4, 1),
      d(2025, 8, 31),
      "terms",
      4000,
    ],
  ])("%s", (_name, start, end, basis, expected) => {
    expect(proRata(annual, start, end, "2025-26", basis)).toBe(expected);
  });

  it.each<[string, Serial, Serial | undefined, unknown]>([
    ["ended before the period", d(2024, 9, 1), d(2025, 3, 31), "2025-26"],
    ["starts after the period", d(2026, 4, 1), undefined, "2025-26"],
    ["starts after an AY period", d(2026, 9, 1), d(2026, 12, 31), "AY2025/26"],
  ])("gives 0 for a placement that %s", (_name, start, end, period) => {
    for (const basis of BASES) expect(proRata(annual, start, end, period as string, basis)).toBe(0);
  });

  it("accepts the period as a date, a Period, and the basis in any case", () => {
    expect(proRata(annual, sept, march, d(2025, 6, 15), "Days")).toBe(6969.86);
    expect(proRata(annual, sept, march, "15/06/2025", " TERMS ")).toBe(8000);
    expect(proRata(annual, sept, march, fyPeriod(2025), "months")).toBe(7000);
    expect(proRata(annual, sept, march, "2025-26", "")).toBe(6969.86);
  });

  it("drops a time of day from the dates (Excel serials with fractions)", () => {
    expect(proRata(annual, (sept + 0.75) as Serial, (march + 0.2) as Serial, "2025-26")).toBe(6969.86);
  });

  it("pro-rates a negative amount (a recovery) the same way", () => {
    expect(proRata(-12000, sept, march, "2025-26", "terms")).toBe(-8000);
    expect(proRata(-12000, sept, march, "2025-26")).toBe(-6969.86);
  });

  it.each<[string, () => unknown, string, string]>([
    [
      "an end before the start",
      () => proRata(annual, march, sept),
      ErrorCode.number,
      "The end date 01/09/2025 is before the start date 31/03/2026",
    ],
    [
      "an unknown basis",
      () => proRata(annual, sept, march, undefined, "fortnights"),
      ErrorCode.value,
      'basis must be one of "days", "weeks", "months", "terms"',
    ],
    [
      "an annual amount that is not a number",
      () => proRata(NaN, sept, march),
      ErrorCode.value,
      "annual must be a number",
    ],
    [
      "an annual amount given as text",
      () => proRata("£12,000" as unknown as number, sept, march),
      ErrorCode.value,
      "annual must be a number",
    ],
    ["an infinite annual amount", () => proRata(Infinity, sept, march), ErrorCode.number, "too large"],
    [
      "a start that is not a date",
      () => proRata(annual, "soon" as unknown as Serial, march),
      ErrorCode.value,
      "start must be a date",
    ],
    ["a start of zero", () => proRata(annual, 0 as Serial, march), ErrorCode.value, "start must be a date"],
    [
      "an end that is not a date",
      () => proRata(annual, sept, NaN as Serial),
      ErrorCode.value,
      "end must be a date",
    ],
    [
      "a bad period",
      () => proRata(annual, sept, march, "last year"),
      ErrorCode.value,
      "period must be a year label",
    ],
    [
      "an amount too large after pro-rating",
      () => proRata(1.7e308, sept, march, "2025-26", "weeks"),
      ErrorCode.number,
      "too large",
    ],
  ])("returns an error for %s", (_name, call, code, phrase) => {
    expectError(call(), code, phrase);
  });

  it("explains itself in a trace", () => {
    const trace = new Trace();
    expect(proRata(annual, sept, undefined, "AY2025/26", "terms", trace)).toBe(annual);
    const labels = trace.steps.map((s) => s.label);
    expect(labels).toEqual([
      "Annual amount",
      "Placement starts",
      "Placement ends",
      "Period",
      "Basis",
      "Days in both the placement and the period",
      "Autumn term 2025",
      "Spring term 2026",
      "Summer term 2026",
      "Terms covered",
      "Amount in the period",
    ]);
    expect(trace.steps[2].value).toBe("still open");
    expect(trace.steps[3]).toMatchObject({
      value: "academic year AY2025/26",
      detail: "01/09/2025 – 31/08/2026",
    });
    const days = new Trace();
    proRata(annual, sept, march, undefined, "days", days);
    expect(days.steps.at(-1)).toMatchObject({
      kind: "result",
      value: 6969.86,
      detail: "£12,000.00 × 212 ÷ 365 days, rounded half-up to the penny",
    });
    const none = new Trace();
    proRata(annual, d(2027, 1, 1), undefined, "2025-26", "days", none);
    expect(none.steps.at(-1)).toMatchObject({ kind: "result", value: 0 });
  });

  // Placements within 2024–2028 against the FYs and AYs they can touch.
  const dateArb = fc.integer({ min: d(2024, 1, 1), max: d(2028, 12, 31) });
  const periodArb = fc.constantFrom(
    "2024-25",
    "2025-26",
    "2026-27",
    "2027-28",
    "AY2024/25",
    "AY2025/26",
    "AY2027/28",
  );
  const basisArb = fc.constantFrom(...BASES);

  it("property: between 0 and the annual amount, and never NaN", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        dateArb,
        fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
        periodArb,
        basisArb,
        (a, start, length, period, basis) => {
          const end = length === undefined ? undefined : ((start + length) as Serial);
          const result = proRata(a, start as Serial, end, period, basis) as number;
          expect(Number.isFinite(result)).toBe(true);
          expect(result).toBeGreaterThanOrEqual(0);
          expect(result).toBeLessThanOrEqual(roundPenny(a));
        },
      ),
    );
  });

  it("property: non-decreasing in the end date (every basis, the days basis included)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        dateArb,
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 800 }),
        periodArb,
        basisArb,
        (a, start, x, y, period, basis) => {
          const [short, long] = x <= y ? [x, y] : [y, x];
          const less = proRata(a, start as Serial, (start + short) as Serial, period, basis) as number;
          const more = proRata(a, start as Serial, (start + long) as Serial, period, basis) as number;
          expect(more).toBeGreaterThanOrEqual(less);
        },
      ),
    );
  });

  it("property: any finite annual amount gives a finite amount or #NUM!, never NaN or Infinity", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        dateArb,
        periodArb,
        basisArb,
        (a, start, period, basis) => {
          const result = proRata(a, start as Serial, undefined, period, basis);
          if (isCellError(result)) expect(result.code).toBe(ErrorCode.number);
          else expect(Number.isFinite(result)).toBe(true);
        },
      ),
    );
  });

  it("property: the days basis adds up — two halves of a placement sum to the whole, within a penny", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: d(2025, 4, 1), max: d(2026, 3, 31) }),
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: 0, max: 364 }),
        (pence, start, x, y) => {
          const a = pence / 100;
          const [cut, len] = x <= y ? [x, y] : [y, x];
          const whole = proRata(a, start as Serial, (start + len) as Serial, "2025-26") as number;
          const first = proRata(a, start as Serial, (start + cut) as Serial, "2025-26") as number;
          const rest =
            cut === len
              ? 0
              : (proRata(a, (start + cut + 1) as Serial, (start + len) as Serial, "2025-26") as number);
          expect(Math.abs(first + rest - whole)).toBeLessThanOrEqual(0.0100001);
        },
      ),
    );
  });
});
