/**
 * UK dates, financial years and academic years, all as Excel serial day numbers.
 *
 * We compute on Excel serials (whole days; 45901 is 1 Sept 2025) rather than JavaScript Dates:
 * they are what Excel passes to a custom function, they have no time zones, and day arithmetic is
 * plain subtraction. Conversion uses the proleptic Gregorian calendar (days-from-civil), with
 * Excel's 1900 leap-year bug honoured: serial 60 is the phantom 29 Feb 1900, so serials from 61 on
 * are days since 30 Dec 1899, and serials 1–59 are days since 31 Dec 1899.
 *
 * - Financial year (FY): 1 April – 31 March, labelled "2026-27".
 * - Academic year (AY): 1 September – 31 August, labelled "AY2026/27".
 */

declare const serialBrand: unique symbol;
/** An Excel serial date: whole days, 1 = 1 Jan 1900. */
export type Serial = number & { readonly [serialBrand]: "day" };

/** A period of whole days, both ends counted (1 Sept – 31 Mar covers both days). */
export interface Period {
  readonly start: Serial;
  readonly end: Serial;
}

export interface CivilDate {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number; // 1-31
}

/** Days from 1970-01-01 to a civil date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): CivilDate {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Days from 1970-01-01 to 1899-12-30, Excel's effective epoch for serials ≥ 61. */
const EXCEL_EPOCH = daysFromCivil(1899, 12, 30);

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** The serial for a calendar date; undefined if the date does not exist (31/02/2025). */
export function serialFromDate(year: number, month: number, day: number): Serial | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const serial = daysFromCivil(year, month, day) - EXCEL_EPOCH;
  if (serial < 61) return serial >= 1 ? ((serial - 1) as Serial) : undefined; // before 1 Mar 1900
  return serial as Serial;
}

/** The calendar date of a serial (fractions of a day, i.e. times, are dropped). */
export function dateFromSerial(serial: number): CivilDate {
  const whole = Math.floor(serial);
  if (whole === 60) return { year: 1900, month: 2, day: 29 }; // Excel's phantom day
  return civilFromDays((whole < 60 ? whole + 1 : whole) + EXCEL_EPOCH);
}

/** 45901 → "01/09/2025". */
export function formatUkDate(serial: number): string {
  const { year, month, day } = dateFromSerial(serial);
  return `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}/${year}`;
}

/** 45901 → "1 Sept 2025" (the GOV.UK style: "Sept", no comma). */
export function formatLongUkDate(serial: number): string {
  const { year, month, day } = dateFromSerial(serial);
  return `${day} ${MONTH_SHORT[month - 1]} ${year}`;
}

const MONTH_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"];

// Month names as written in council workbooks: "Sep", "Sept", "September", "june", "Jun".
const MONTHS: Record<string, number> = {};
[
  ["jan", "january"],
  ["feb", "february"],
  ["mar", "march"],
  ["apr", "april"],
  ["may"],
  ["jun", "june"],
  ["jul", "july"],
  ["aug", "august"],
  ["sep", "sept", "september"],
  ["oct", "october"],
  ["nov", "november"],
  ["dec", "december"],
].forEach((names, i) => names.forEach((n) => (MONTHS[n] = i + 1)));

/** Two-digit years: 00–69 are 2000s, 70–99 are 1900s (Excel's own cut-off is 29/30; ours suits school data). */
function fullYear(y: number, digits: number): number {
  if (digits > 2) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

// "01/09/2025", "1/9/25", "01-09-2025", "01.09.2025" — day first, always (UK).
const NUMERIC_DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/;
// "1 Sept 2025", "1st September 2025", "01-Sep-2025", "1 Sep 25", "Monday 1 September 2025"
const TEXT_DMY = /^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{2}|\d{4})$/i;
// ISO "2025-09-01" (what scripts and some exports write)
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/;

/** Parse a UK date written as text; undefined when it is not one (or is not a real day). */
export function parseUkDateText(text: string): Serial | undefined {
  const t = text.trim();
  let m = NUMERIC_DMY.exec(t);
  if (m) return serialFromDate(fullYear(Number(m[3]), m[3].length), Number(m[2]), Number(m[1]));
  m = TEXT_DMY.exec(t);
  if (m) {
    const month = MONTHS[m[2].toLowerCase()];
    if (!month) return undefined;
    return serialFromDate(fullYear(Number(m[3]), m[3].length), month, Number(m[1]));
  }
  m = ISO.exec(t);
  if (m) return serialFromDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return undefined;
}

/** Earliest and latest serials we accept as dates: 1 Jan 1900 to 31 Dec 9999, as Excel. */
const MAX_SERIAL = 2958465;

/**
 * A date from a cell value: an Excel serial number (time of day dropped), UK date text, or a
 * JavaScript Date (as ExcelJS gives). Undefined for anything else.
 */
export function toSerial(value: unknown): Serial | undefined {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 1 || value > MAX_SERIAL) return undefined;
    return Math.floor(value) as Serial;
  }
  if (typeof value === "string") return parseUkDateText(value);
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return serialFromDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  return undefined;
}

/** Days in a period, both ends counted. */
export function daysInclusive(period: Period): number {
  return period.end - period.start + 1;
}

/** The overlap of two periods, or undefined if they do not meet. */
export function overlap(a: Period, b: Period): Period | undefined {
  const start = Math.max(a.start, b.start) as Serial;
  const end = Math.min(a.end, b.end) as Serial;
  return start <= end ? { start, end } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Financial and academic years

/** The first calendar year of the financial year that contains a date: 1 Apr 2026 → 2026. */
export function fyStartYear(serial: number): number {
  const { year, month } = dateFromSerial(serial);
  return month >= 4 ? year : year - 1;
}

/** 2026 → "2026-27". */
export function fyLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, "0")}`;
}

/** The financial year of a date as a label: 1 Apr 2026 → "2026-27"; 31 Mar 2026 → "2025-26". */
export function fyLabelOf(serial: number): string {
  return fyLabel(fyStartYear(serial));
}

/** 1 April – 31 March of a financial year. */
export function fyPeriod(startYear: number): Period {
  return {
    start: serialFromDate(startYear, 4, 1) as Serial,
    end: serialFromDate(startYear + 1, 3, 31) as Serial,
  };
}

/** The first calendar year of the academic year that contains a date: 1 Sept 2026 → 2026. */
export function ayStartYear(serial: number): number {
  const { year, month } = dateFromSerial(serial);
  return month >= 9 ? year : year - 1;
}

/** 2026 → "AY2026/27". */
export function ayLabel(startYear: number): string {
  return `AY${startYear}/${String((startYear + 1) % 100).padStart(2, "0")}`;
}

/** 1 September – 31 August of an academic year. */
export function ayPeriod(startYear: number): Period {
  return {
    start: serialFromDate(startYear, 9, 1) as Serial,
    end: serialFromDate(startYear + 1, 8, 31) as Serial,
  };
}

export type YearKind = "FY" | "AY";

export interface YearLabel {
  readonly kind: YearKind;
  readonly startYear: number;
}

// "2026-27", "2026/27", "FY2026-27", "FY 2026/27", "2026-2027"; academic: "AY2026/27", "AY 2026-27",
// "2026/27 AY". The second year must follow the first (a typo such as 2026-28 is refused).
const YEAR_LABEL = /^(FY|AY)?\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*(FY|AY)?$/i;

/** Parse a financial- or academic-year label; undefined when it is not one. */
export function parseYearLabel(text: string): YearLabel | undefined {
  const m = YEAR_LABEL.exec(text.trim());
  if (!m) return undefined;
  const [, before, first, second, after] = m;
  if (before && after) return undefined;
  const startYear = Number(first);
  const next = second.length === 2 ? (startYear + 1) % 100 : startYear + 1;
  if (Number(second) !== next) return undefined;
  const kind = (before ?? after ?? "FY").toUpperCase() as YearKind;
  return { kind, startYear };
}

/** The period a year label names. */
export function yearPeriod(label: YearLabel): Period {
  return label.kind === "FY" ? fyPeriod(label.startYear) : ayPeriod(label.startYear);
}

/** The label text of a parsed year: FY "2026-27", AY "AY2026/27". */
export function formatYearLabel(label: YearLabel): string {
  return label.kind === "FY" ? fyLabel(label.startYear) : ayLabel(label.startYear);
}
