/**
 * Part-year amounts: the share of an annual top-up that falls in a financial or academic year
 * when a placement starts or ends part-way (domain.md §3.5 "Part-year pro-rata").
 *
 * Practice varies between councils, so the basis is a parameter: days on roll, weeks of a 38-week
 * school year, calendar months (Devon pays special-school rates monthly) or school terms (Norfolk
 * paid Sept–Mar as two of three terms). Placements count both their start and end days; an open
 * placement (no end date) runs to the end of the period.
 */

import { CellError, ErrorCode, Errors, Result, describeValue } from "./errors";
import { Pounds, formatPounds, roundPenny } from "./money";
import {
  Period,
  Serial,
  ayStartYear,
  dateFromSerial,
  daysInMonth,
  daysInclusive,
  formatUkDate,
  formatYearLabel,
  fyLabel,
  fyPeriod,
  fyStartYear,
  overlap,
  parseYearLabel,
  serialFromDate,
  toSerial,
  yearPeriod,
} from "./dates";
import { Trace } from "./trace";
import { isBlank } from "./values";

/** How a part year is measured; see {@link proRata} for each with a worked example. */
export type ProRataBasis = "days" | "weeks" | "months" | "terms";

const BASES: readonly ProRataBasis[] = ["days", "weeks", "months", "terms"];

/** Weeks in the school year the weeks basis counts against. */
export const SCHOOL_WEEKS = 38;

/** A period argument: a Period, a year label ("2026-27", "AY2026/27"), a date, or blank. */
export type PeriodArg = Period | string | number | Date | null | undefined;

const ProRataErrors = {
  badPeriod: (got: unknown): CellError =>
    new CellError(
      ErrorCode.value,
      `period must be a year label or a date; got ${describeValue(got)}. Enter a financial year such as "2026-27", an academic year such as "AY2026/27", or a date in the year.`,
    ),
  yearNumber: (got: number): CellError =>
    new CellError(
      ErrorCode.value,
      `period ${got} looks like a year, not a date; write it as a label such as "${fyLabel(got)}" (financial year) or "AY${fyLabel(got).replace("-", "/")}" (academic year).`,
    ),
  beforeExcel: (start: string, end: string): CellError =>
    new CellError(
      ErrorCode.number,
      `The period ${start} – ${end} begins before 1 January 1900, the first date Excel holds; choose a later period.`,
    ),
  tooLarge: (): CellError =>
    new CellError(
      ErrorCode.number,
      "The part-year amount is too large to calculate; check the annual amount for a value entered in the wrong units.",
    ),
} as const;

function isPeriod(value: unknown): value is Period {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Period).start === "number" &&
    typeof (value as Period).end === "number"
  );
}

/**
 * The period a `period` argument names.
 *
 * - blank → the financial year (1 April – 31 March) containing `start`;
 * - a year label: "2026-27", "2026/27" or "FY2026-27" → that financial year; "AY2026/27" → that
 *   academic year (1 September – 31 August);
 * - a date (an Excel serial, UK date text or a Date) → the financial year containing it;
 * - a Period → itself.
 *
 * @param periodArg The period argument as given.
 * @param start The placement's start (Excel serial), used when the argument is blank.
 * @returns The period, both ends counted.
 *   #VALUE! for text that is neither a year label nor a date, or a whole number from 1900 to 2999
 *   (a year typed as a number, which Excel would read as a date in 1905–1908);
 *   #NUM! for a Period whose end is before its start.
 * @example resolvePeriod("AY2025/26", start) // → 1 Sept 2025 – 31 Aug 2026
 */
export function resolvePeriod(periodArg: unknown, start: Serial): Result<Period> {
  if (isBlank(periodArg)) return checkYear(fyPeriod(fyStartYear(start)), fyStartYear(start));
  if (isPeriod(periodArg)) {
    if (periodArg.end < periodArg.start) {
      return Errors.endBeforeStart(formatUkDate(periodArg.start), formatUkDate(periodArg.end));
    }
    return periodArg;
  }
  if (typeof periodArg === "string") {
    const label = parseYearLabel(periodArg);
    if (label) return checkYear(yearPeriod(label), label.startYear);
  }
  if (
    typeof periodArg === "number" &&
    Number.isInteger(periodArg) &&
    periodArg >= 1900 &&
    periodArg <= 2999
  ) {
    return ProRataErrors.yearNumber(periodArg);
  }
  const date = toSerial(periodArg);
  if (date === undefined) return ProRataErrors.badPeriod(periodArg);
  return checkYear(fyPeriod(fyStartYear(date)), fyStartYear(date));
}

/** A year period, unless it starts before Excel's first day (FY 1899-00 has no serial for 1 Apr 1899). */
function checkYear(period: Period, startYear: number): Result<Period> {
  if (period.start === undefined || period.end === undefined) {
    return ProRataErrors.beforeExcel(`${startYear}`, `${startYear + 1}`);
  }
  return period;
}

/** Calendar months covered by a span: whole months plus fractions of the first and last. */
function monthsCovered(span: Period): number {
  const a = dateFromSerial(span.start);
  const b = dateFromSerial(span.end);
  if (a.year === b.year && a.month === b.month) return daysInclusive(span) / daysInMonth(a.year, a.month);
  const firstDays = daysInMonth(a.year, a.month);
  const first = a.day === 1 ? 1 : (firstDays - a.day + 1) / firstDays;
  const lastDays = daysInMonth(b.year, b.month);
  const last = b.day === lastDays ? 1 : b.day / lastDays;
  const between = b.year * 12 + b.month - (a.year * 12 + a.month) - 1;
  return first + between + last;
}

/**
 * School terms covered by a span: each of autumn (1 Sept – 31 Dec), spring (1 Jan – 31 Mar) and
 * summer (1 Apr – 31 Aug) counts 1 when fully covered, else the fraction of its days covered.
 */
function termsCovered(span: Period, trace?: Trace): number {
  let terms = 0;
  const last = ayStartYear(span.end);
  for (let y = ayStartYear(span.start); y <= last; y++) {
    for (let t = 0; t < 3; t++) {
      const termStart =
        t === 0
          ? serialFromDate(y, 9, 1)
          : t === 1
            ? serialFromDate(y + 1, 1, 1)
            : serialFromDate(y + 1, 4, 1);
      const termEnd =
        t === 0
          ? serialFromDate(y, 12, 31)
          : t === 1
            ? serialFromDate(y + 1, 3, 31)
            : serialFromDate(y + 1, 8, 31);
      // Autumn 1899 has no Excel serial; it lies before any date a placement can have.
      if (termStart === undefined || termEnd === undefined) continue;
      const from = Math.max(termStart, span.start);
      const to = Math.min(termEnd, span.end);
      if (from > to) continue;
      const covered = to - from + 1;
      const length = termEnd - termStart + 1;
      const share = covered === length ? 1 : covered / length;
      terms += share;
      if (trace) {
        const name = `${["Autumn", "Spring", "Summer"][t]} term ${t === 0 ? y : y + 1}`;
        trace.step(name, share, "terms", `${covered} of ${length} days covered`);
      }
    }
  }
  return terms;
}

/**
 * The part of an annual amount that falls in a period, for a placement from `start` to `end`
 * (both days counted), rounded half-up to the penny.
 *
 * The placement's days inside the period (the overlap) are measured on one of four bases. Worked
 * examples are for £12,000 a year, a placement 1 Sept 2025 – 31 Mar 2026, period FY 2025-26
 * (1 Apr 2025 – 31 Mar 2026, 365 days); the overlap is 212 days.
 *
 * - **days** (default): annual × overlap days ÷ days in the period (365, or 366 for a year with
 *   29 February). £12,000 × 212 ÷ 365 = £6,969.86.
 * - **weeks** (38-week school year): weeks = calendar weeks in the overlap, Math.ceil(days ÷ 7),
 *   capped at 38; amount = annual ÷ 38 × weeks. 212 days → 31 weeks → £12,000 ÷ 38 × 31 =
 *   £9,789.47. Suits short placements in term time; weeks are calendar weeks, holidays included,
 *   so a placement spanning a holiday is better measured on terms or days.
 * - **months**: the sum over the calendar months touched of (days covered ÷ days in that month);
 *   amount = annual ÷ 12 × months (Devon pays special-school rates monthly, domain.md §3.5).
 *   Sept–Mar is 7 whole months → £12,000 ÷ 12 × 7 = £7,000.00; 1–15 Sept alone is 15/30 of a month
 *   → £500.00.
 * - **terms**: autumn 1 Sept – 31 Dec, spring 1 Jan – 31 Mar, summer 1 Apr – 31 Aug, each worth one
 *   third of the annual amount; a term partly covered earns its third × (days covered ÷ days in the
 *   term). Sept–Mar is autumn and spring → £12,000 × 2 ÷ 3 = £8,000.00 (Norfolk paid Sept–Mar as
 *   two of three terms, domain.md §3.5).
 *
 * A whole year-long period gives the annual amount on every basis. The period should be one year
 * (a financial or academic year, as {@link resolvePeriod} gives): the weeks, months and terms bases
 * measure against a year whatever the period, the days basis against the period's own days.
 *
 * @param annual The annual amount (£ a year). A negative amount (a recovery) is pro-rated the same way.
 * @param start The placement's first day (Excel serial).
 * @param end The placement's last day (Excel serial); undefined (blank) means still open, i.e. to
 *   the end of the period.
 * @param period The period (see {@link resolvePeriod}): blank for the financial year containing
 *   `start`, a label "2026-27" / "FY2026-27" / "AY2026/27", a date, or a Period.
 * @param basis "days" (default), "weeks", "months" or "terms"; case is ignored, blank is "days".
 * @param trace Records the placement, the period, the overlap, the share of the year and the result.
 * @returns The amount in the period in £, rounded to the penny; 0 when the placement and the period
 *   do not meet.
 *   #VALUE! for an annual amount that is not a number, a start or end that is not a date, a period
 *   that is not a year label or date, or an unknown basis;
 *   #NUM! for an end before the start, or an amount too large to calculate.
 * @example proRata(12000, 45901 as Serial, 46112 as Serial, "2025-26", "terms") // → 8000
 */
export function proRata(
  annual: number,
  start: Serial,
  end: Serial | undefined,
  period?: PeriodArg,
  basis: ProRataBasis | string = "days",
  trace?: Trace,
): Result<Pounds> {
  if (typeof annual !== "number" || Number.isNaN(annual)) return Errors.notANumber("annual", annual, "12000");
  if (!Number.isFinite(annual)) return ProRataErrors.tooLarge();
  // Serials are whole days from 1 (1 Jan 1900) to 2958465 (31 Dec 9999); a time of day is dropped.
  const first = typeof start === "number" ? toSerial(start) : undefined;
  if (first === undefined) return Errors.notADate("start", start);
  const open = end === undefined || end === null;
  const final = open ? undefined : typeof end === "number" ? toSerial(end) : undefined;
  if (!open && final === undefined) return Errors.notADate("end", end);
  let how: ProRataBasis = "days";
  if (!isBlank(basis)) {
    const b = typeof basis === "string" ? basis.trim().toLowerCase() : undefined;
    if (b !== "days" && b !== "weeks" && b !== "months" && b !== "terms")
      return Errors.notOneOf("basis", basis, BASES);
    how = b;
  }
  if (final !== undefined && final < first)
    return Errors.endBeforeStart(formatUkDate(first), formatUkDate(final));

  const resolved = resolvePeriod(period, first);
  if (resolved instanceof CellError) return resolved;

  const last = final ?? (Math.max(resolved.end, first) as Serial);
  const span = overlap({ start: first, end: last }, resolved);

  if (trace) {
    trace.input("Annual amount", annual, "£");
    trace.input("Placement starts", formatUkDate(first), "");
    trace.input("Placement ends", final === undefined ? "still open" : formatUkDate(final), "");
    trace.input(
      "Period",
      periodName(period, resolved),
      "",
      `${formatUkDate(resolved.start)} – ${formatUkDate(resolved.end)}`,
    );
    trace.input("Basis", how, "");
  }
  if (!span) {
    trace?.result("Amount in the period", 0, "£", "the placement does not fall in the period");
    return 0 as Pounds;
  }
  const days = daysInclusive(span);
  trace?.step(
    "Days in both the placement and the period",
    days,
    "days",
    `${formatUkDate(span.start)} – ${formatUkDate(span.end)}`,
  );

  let amount: number;
  let detail = "";
  switch (how) {
    case "days": {
      const periodDays = daysInclusive(resolved);
      amount = (annual * days) / periodDays;
      if (trace) detail = `${formatPounds(annual)} × ${days} ÷ ${periodDays} days`;
      break;
    }
    case "weeks": {
      const weeks = Math.min(SCHOOL_WEEKS, Math.ceil(days / 7));
      amount = (annual * weeks) / SCHOOL_WEEKS;
      if (trace) {
        trace.step("School weeks", weeks, "weeks", `${days} days ÷ 7, rounded up, at most ${SCHOOL_WEEKS}`);
        detail = `${formatPounds(annual)} ÷ ${SCHOOL_WEEKS} × ${weeks} weeks`;
      }
      break;
    }
    case "months": {
      const months = monthsCovered(span);
      amount = (annual * months) / 12;
      if (trace) {
        trace.step(
          "Months covered",
          months,
          "months",
          "whole months, plus the share of days in a part month",
        );
        detail = `${formatPounds(annual)} ÷ 12 × ${Number(months.toFixed(6))} months`;
      }
      break;
    }
    case "terms": {
      const terms = termsCovered(span, trace);
      amount = (annual * terms) / 3;
      if (trace) {
        trace.step(
          "Terms covered",
          terms,
          "terms",
          "each term counts in full, or by the share of its days covered",
        );
        detail = `${formatPounds(annual)} ÷ 3 × ${Number(terms.toFixed(6))} terms`;
      }
      break;
    }
  }
  const result = roundPenny(amount);
  if (!Number.isFinite(result)) return ProRataErrors.tooLarge();
  trace?.result("Amount in the period", result, "£", `${detail}, rounded half-up to the penny`);
  return result;
}

/** "FY 2025-26", "AY2025/26" or the dates, for a trace. */
function periodName(arg: unknown, resolved: Period): string {
  if (typeof arg === "string") {
    const label = parseYearLabel(arg);
    if (label)
      return label.kind === "FY"
        ? `financial year ${formatYearLabel(label)}`
        : `academic year ${formatYearLabel(label)}`;
  }
  if (isPeriod(arg)) return "the period given";
  return `financial year ${fyLabel(fyStartYear(resolved.start))}`;
}
