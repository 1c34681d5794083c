/**
 * The DSG deficit trajectory (DSG.TRAJECTORY): a year-by-year roll-forward of the Dedicated Schools
 * Grant balance from an opening position, as a Schools Forum deficit management plan shows it.
 *
 * Model (domain.md §4.6, adapted to the SPEC's signed balances):
 *
 *   Funding_t      = Funding_{t−1} × (1 + fundingGrowth_t)         (or the value given for year t)
 *   Expenditure_t  = Expenditure_{t−1} × (1 + expenditureGrowth_t) (or the value given for year t)
 *   InYear_t       = Funding_t + TransfersIn_t + OtherIncome_t − Expenditure_t + Savings_t
 *   Cumulative_t   = Cumulative_{t−1} + InYear_t + WriteOffs_t,     Cumulative_0 = openingBalance
 *
 * Sign convention: balances are signed, a deficit is negative (SPEC, DSG.TRAJECTORY). domain.md
 * §4.6 writes `Cum_t = Cum_{t−1} + InYear_t − WriteOff_t` in a deficit-positive convention; with a
 * negative deficit the same write-off is *added*: a £14.4m High Needs Stability Grant moves a
 * (£16m) balance to (£1.6m). Savings and write-offs are entered as positive amounts.
 *
 * Rounding: growth compounds on the unrounded figures; every figure shown is then rounded half-up
 * to the penny, and the in-year and cumulative figures are sums of the rounded figures in whole
 * pence, so each row adds up exactly as a reader checks it with a calculator.
 */

import { CellError, ErrorCode, Errors, Result } from "./errors";
import { Pounds, formatPounds, fromPence, roundHalfUp, toPence } from "./money";
import { fyLabel } from "./dates";
import { Trace } from "./trace";

/** A figure given once (the same every year, or a first-year figure that grows) or once per year. */
export type PerYear = number | readonly number[];

/** What DSG.TRAJECTORY reads. All money in cash £; rates as fractions (3% is 0.03). */
export interface TrajectoryInput {
  /** The cumulative DSG balance brought forward, £, signed: a deficit is negative (−16000000). */
  readonly openingBalance: number;
  /** Funding, £: the first year's figure (grown by `fundingGrowth`) or one value per year. */
  readonly funding: PerYear;
  /** Expenditure, £: the first year's figure (grown by `expenditureGrowth`) or one value per year. */
  readonly expenditure: PerYear;
  /** Years to project, 1–50. Default: the length of the per-year arrays given, else 5. */
  readonly years?: number;
  /** Funding growth, a fraction: a scalar applies from year 2 on; an array has one entry per year, entry 1 ignored. */
  readonly fundingGrowth?: PerYear;
  /** Expenditure growth, a fraction: as `fundingGrowth`. */
  readonly expenditureGrowth?: PerYear;
  /** Savings (management actions), £, entered positive; they reduce spending. Scalar = every year. */
  readonly savings?: PerYear;
  /** Transfers into the block (e.g. a Schools Block transfer), £, signed. Scalar = every year. */
  readonly transfers?: PerYear;
  /** Other income (safety valve instalments, LA contributions), £, signed. Scalar = every year. */
  readonly otherIncome?: PerYear;
  /** Write-offs of the deficit (e.g. the High Needs Stability Grant), £, entered positive. Scalar = every year. */
  readonly writeOffs?: PerYear;
  /** First financial year's start year (2026 labels the first year "2026-27"); omitted: "Year 1", "Year 2", … */
  readonly startYear?: number;
}

/** One year of the trajectory; every money figure in £, rounded to the penny. */
export interface TrajectoryRow {
  /** "2026-27", or "Year 1" when no start year was given. */
  readonly label: string;
  readonly funding: Pounds;
  readonly expenditure: Pounds;
  readonly savings: Pounds;
  readonly transfersIn: Pounds;
  readonly otherIncome: Pounds;
  readonly writeOffs: Pounds;
  /** Funding + transfers in + other income − expenditure + savings; negative is an in-year deficit. */
  readonly inYear: Pounds;
  /** The balance carried forward at the end of the year; negative is a cumulative deficit. */
  readonly cumulative: Pounds;
}

/** The lowest balance reached: a negative amount, and when. */
export interface PeakDeficit {
  /** The lowest cumulative balance, £ (negative). */
  readonly amount: Pounds;
  /** The year it is reached at the end of, or {@link OPENING_LABEL} when the opening balance is lowest. */
  readonly label: string;
}

export interface TrajectoryResult {
  /** The opening balance, rounded to the penny. */
  readonly openingBalance: Pounds;
  readonly rows: TrajectoryRow[];
  /** Label of the first year whose in-year figure is zero or better; undefined if none is. */
  readonly firstBalancedYear: string | undefined;
  /** The lowest cumulative balance (the opening balance only if strictly lower than every year); undefined when never in deficit. */
  readonly peakDeficit: PeakDeficit | undefined;
}

/** The header row DSG.TRAJECTORY spills, in column order. */
export const TRAJECTORY_HEADERS = [
  "Year",
  "Funding",
  "Expenditure",
  "Savings",
  "Transfers in",
  "Other income",
  "Write-offs",
  "In-year surplus/(deficit)",
  "Cumulative balance",
] as const;

/** The label {@link PeakDeficit} uses when the opening balance is the lowest point. */
export const OPENING_LABEL = "Opening balance";

/** Years projected when neither `years` nor a per-year array says how many. */
export const DEFAULT_TRAJECTORY_YEARS = 5;
/** The longest projection accepted. */
export const MAX_TRAJECTORY_YEARS = 50;

/**
 * The largest figure accepted or produced: £10 trillion (the whole DSG is about £65bn). Below it
 * every figure is under 10^15 pence, so the in-year sum of five figures and the running cumulative
 * stay below 2^53 and are exact integers in floating point.
 */
const LIMIT_POUNDS = 1e13;
const LIMIT_PENCE = LIMIT_POUNDS * 100;

/** The trajectory's messages, built on the general catalogue so they keep one voice. */
export const TrajectoryErrors = {
  emptyArray: (param: string): CellError =>
    Errors.shape(param, "it has no values; give one value, or one value per year"),
  wrongLength: (param: string, got: number, years: number, yearsFrom: string): CellError =>
    Errors.shape(
      param,
      `it has ${got} values but ${yearsFrom} ${years} years; give one value per year, or a single value`,
    ),
  lengthsDisagree: (a: string, lengthA: number, b: string, lengthB: number): CellError =>
    Errors.shape(
      b,
      `it has ${lengthB} values but ${a} has ${lengthA}; give every per-year argument the same number of values, or set years`,
    ),
  growthWithPerYearValues: (param: string, growthParam: string): CellError =>
    new CellError(
      ErrorCode.value,
      `${growthParam} cannot be used with per-year ${param} values; leave ${growthParam} empty, or give ${param} as a single first-year figure.`,
    ),
  growthTooLow: (param: string, got: number, where: string): CellError =>
    Errors.outOfRange(`${param} for ${where}`, got, "-100% (-1) or more"),
  negativeAmount: (param: string, got: number, where: string, why: string): CellError =>
    new CellError(ErrorCode.number, `${param} for ${where} cannot be negative; got ${got}. ${why}`),
  tooLarge: (what: string, where: string): CellError =>
    new CellError(
      ErrorCode.number,
      `${what} for ${where} is more than £10 trillion; check the units (enter £, not pence) and the growth rates.`,
    ),
  years: (got: number, from?: string): CellError =>
    Errors.outOfRange(
      from ? `years (the ${got} values in ${from})` : "years",
      got,
      `a whole number from 1 to ${MAX_TRAJECTORY_YEARS}`,
    ),
  startYear: (got: number): CellError =>
    Errors.outOfRange("startYear", got, "a whole year from 1900 to 9998, such as 2026 for 2026-27"),
} as const;

/**
 * How an argument's values are checked: "amount" money that cannot be negative (funding,
 * expenditure); "positive" money entered positive by convention (savings, write-offs); "signed"
 * money of either sign (transfers, other income); "rate" a growth rate of −1 or more.
 */
type Kind = "amount" | "positive" | "signed" | "rate";

interface Arg {
  readonly name: string;
  readonly value: PerYear | undefined;
  readonly kind: Kind;
  readonly example: string;
}

// Built-ins held at module level: a sandboxed global (Jest's vm context) makes each global lookup
// slow, and these run in the inner loop of the many-scenario path.
const isArray = Array.isArray;
const finite = Number.isFinite;

/** Per-year only when it has two or more values: a one-value array counts as the single value. */
function isPerYear(value: PerYear | undefined): value is readonly number[] {
  return isArray(value) && value.length > 1;
}

/** The value of `arg` for year index t (0-based); undefined arguments are 0. */
function at(arg: PerYear | undefined, t: number): number {
  if (arg === undefined) return 0;
  if (typeof arg === "number") return arg;
  return arg.length === 1 ? arg[0] : arg[t];
}

/** 0.03 → "3.0%", 0.0175 → "1.75%". */
function formatRate(rate: number): string {
  const pct = roundHalfUp(rate * 100, 4);
  return `${pct.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 4 })}%`;
}

/** "£60,000,000.00 × (1 + 3.0%)", with a minus sign for a fall. */
function growthDetail(previous: number, rate: number): string {
  const sign = rate < 0 ? "−" : "+";
  return `${formatPounds(previous)} × (1 ${sign} ${formatRate(Math.abs(rate))})`;
}

function yearLabel(startYear: number | undefined, t: number): string {
  return startYear === undefined ? `Year ${t + 1}` : fyLabel(startYear + t);
}

/** "at 31 March 2028" for a financial year, "at the end of Year 3" otherwise. */
function balanceDate(startYear: number | undefined, t: number): string {
  return startYear === undefined ? `at the end of Year ${t + 1}` : `at 31 March ${startYear + t + 1}`;
}

/** Whole pence in £`v` rounded half-up to the penny. */
const pence = (v: number): number => toPence(roundHalfUp(v, 2));

const isNumber = (v: unknown): v is number => typeof v === "number" && finite(v);

/** Check one argument's values; the year each value belongs to names it in the message. */
function checkValues(arg: Arg, labelOf: (t: number) => string): CellError | undefined {
  const { value, name, kind } = arg;
  if (value === undefined) return undefined;
  if (!Array.isArray(value) && typeof value !== "number") return Errors.notANumber(name, value, arg.example);
  const values: readonly unknown[] = typeof value === "number" ? [value] : value;
  if (values.length === 0) return TrajectoryErrors.emptyArray(name);
  const perYear = values.length > 1;
  for (let t = 0; t < values.length; t++) {
    const v = values[t];
    const where = perYear ? labelOf(t) : "every year";
    if (!isNumber(v)) {
      return Errors.notANumber(perYear ? `${name} for ${labelOf(t)}` : name, v, arg.example);
    }
    if (kind === "rate") {
      if (v < -1) return TrajectoryErrors.growthTooLow(name, v, where);
      continue;
    }
    if (Math.abs(v) > LIMIT_POUNDS) return TrajectoryErrors.tooLarge(name, where);
    if (v < 0 && kind === "amount") {
      return TrajectoryErrors.negativeAmount(name, v, where, "Enter zero or more.");
    }
    if (v < 0 && kind === "positive") {
      return TrajectoryErrors.negativeAmount(
        name,
        v,
        where,
        name === "savings"
          ? "Savings reduce spending: enter them as positive amounts."
          : "Write-offs reduce the deficit: enter them as positive amounts.",
      );
    }
  }
  return undefined;
}

/**
 * Roll the DSG balance forward year by year (DSG.TRAJECTORY).
 *
 * Rules:
 * - Funding in year 1 is `funding` (or `funding[0]`); for a single first-year figure each later
 *   year is the previous year's (unrounded) figure × (1 + growth). A scalar growth applies from
 *   year 2 on. A growth array has one entry per year, lined up with the year columns of an
 *   assumptions table; its first entry (growth *into* year 1, already in the first-year figure)
 *   is ignored but must still be a valid rate. Expenditure works the same way.
 * - Per-year `funding`/`expenditure` values (two or more) are used as given; a growth rate with
 *   them is a conflict (#VALUE!), not silently ignored. A one-value array counts as a single value.
 * - InYear_t = Funding + Transfers in + Other income − Expenditure + Savings (domain.md §4.6);
 *   Cumulative_t = Cumulative_{t−1} + InYear_t + WriteOffs_t. Domain.md writes "− WriteOff" with
 *   deficits positive; here deficits are negative, so a (positive) write-off is added.
 * - Each figure is rounded half-up to the penny after compounding; in-year and cumulative figures
 *   are exact sums of the rounded figures.
 *
 * @param input The opening balance (£, deficit negative), funding and expenditure (£), and the
 *   optional years, growth rates (fractions), savings, transfers, other income, write-offs (£) and
 *   start year; see {@link TrajectoryInput}.
 * @param trace Optional: records the inputs, each year's arithmetic and the results.
 * @returns The rows, the first year with an in-year balance, and the peak deficit; or
 *   #VALUE! for text where a number is needed, a per-year array of the wrong length (naming the
 *   argument and both lengths) or a growth rate given with per-year values; #NUM! for years
 *   outside 1–50, growth below −100%, negative funding, expenditure, savings or write-offs, or a
 *   figure above £10 trillion.
 *
 * @example
 * // West Berkshire-style: a £16m deficit, £60m funding growing 3%, £64m spending growing 5%
 * trajectory({ openingBalance: -16e6, funding: 60e6, expenditure: 64e6, years: 3,
 *   fundingGrowth: 0.03, expenditureGrowth: 0.05, startYear: 2026 });
 * // rows: 2026-27 in-year (£4,000,000), cumulative (£20,000,000);
 * //       2027-28 (£5,400,000), (£25,400,000); 2028-29 (£6,906,000), (£32,306,000)
 */
export function trajectory(input: TrajectoryInput, trace?: Trace): Result<TrajectoryResult> {
  const { openingBalance, funding, expenditure } = input;
  // An empty optional argument may arrive as null from a caller; it means "omitted".
  const fundingGrowth = input.fundingGrowth ?? undefined;
  const expenditureGrowth = input.expenditureGrowth ?? undefined;
  const savings = input.savings ?? undefined;
  const transfers = input.transfers ?? undefined;
  const otherIncome = input.otherIncome ?? undefined;
  const writeOffs = input.writeOffs ?? undefined;
  const startYear = input.startYear ?? undefined;

  if (!isNumber(openingBalance)) return Errors.notANumber("openingBalance", openingBalance, "-16000000");
  if (Math.abs(openingBalance) > LIMIT_POUNDS)
    return TrajectoryErrors.tooLarge("openingBalance", "the start");
  if (funding === undefined || funding === null) return Errors.required("funding");
  if (expenditure === undefined || expenditure === null) return Errors.required("expenditure");
  if (startYear !== undefined) {
    if (!isNumber(startYear)) return Errors.notANumber("startYear", startYear, "2026");
    if (!Number.isInteger(startYear) || startYear < 1900 || startYear > 9998)
      return TrajectoryErrors.startYear(startYear);
  }

  const args: Arg[] = [
    { name: "funding", value: funding, kind: "amount", example: "60000000" },
    { name: "expenditure", value: expenditure, kind: "amount", example: "64000000" },
    { name: "fundingGrowth", value: fundingGrowth, kind: "rate", example: "0.03 (3%)" },
    { name: "expenditureGrowth", value: expenditureGrowth, kind: "rate", example: "0.05 (5%)" },
    { name: "savings", value: savings, kind: "positive", example: "1500000" },
    { name: "transfers", value: transfers, kind: "signed", example: "1500000" },
    { name: "otherIncome", value: otherIncome, kind: "signed", example: "6460000" },
    { name: "writeOffs", value: writeOffs, kind: "positive", example: "14400000" },
  ];

  // How many years: `years` if given, else the common length of the per-year arrays, else 5.
  let years: number;
  let yearsFrom = "years says";
  const given = input.years;
  if (given !== undefined && given !== null) {
    if (!isNumber(given)) return Errors.notANumber("years", given, "5");
    if (!Number.isInteger(given) || given < 1 || given > MAX_TRAJECTORY_YEARS)
      return TrajectoryErrors.years(given);
    years = given;
  } else {
    let first: Arg | undefined;
    for (const arg of args) {
      if (!Array.isArray(arg.value) || arg.value.length < 2) continue;
      if (first === undefined) first = arg;
      else if (arg.value.length !== (first.value as readonly number[]).length) {
        return TrajectoryErrors.lengthsDisagree(
          first.name,
          (first.value as readonly number[]).length,
          arg.name,
          arg.value.length,
        );
      }
    }
    if (first === undefined) {
      years = DEFAULT_TRAJECTORY_YEARS;
      yearsFrom = "the default is";
    } else {
      years = (first.value as readonly number[]).length;
      if (years > MAX_TRAJECTORY_YEARS) return TrajectoryErrors.years(years, first.name);
      yearsFrom = `${first.name} gives`;
    }
  }

  for (const arg of args) {
    if (Array.isArray(arg.value) && arg.value.length > 1 && arg.value.length !== years) {
      return TrajectoryErrors.wrongLength(arg.name, arg.value.length, years, yearsFrom);
    }
  }
  const labelOf = (t: number): string => yearLabel(startYear, t);
  for (const arg of args) {
    const error = checkValues(arg, labelOf);
    if (error) return error;
  }
  const fundingPerYear = isPerYear(funding);
  const expenditurePerYear = isPerYear(expenditure);
  if (fundingPerYear && fundingGrowth !== undefined) {
    return TrajectoryErrors.growthWithPerYearValues("funding", "fundingGrowth");
  }
  if (expenditurePerYear && expenditureGrowth !== undefined) {
    return TrajectoryErrors.growthWithPerYearValues("expenditure", "expenditureGrowth");
  }

  if (trace) traceInputs(trace, input, years, fundingPerYear, expenditurePerYear);

  const openingPence = pence(openingBalance);
  // A single value is the same every year: round it once (the 1,000-scenario path).
  const savingsEvery = pence(at(savings, 0));
  const transfersEvery = pence(at(transfers, 0));
  const otherEvery = pence(at(otherIncome, 0));
  const writeOffsEvery = pence(at(writeOffs, 0));
  const savingsByYear = isPerYear(savings) ? savings : undefined;
  const transfersByYear = isPerYear(transfers) ? transfers : undefined;
  const otherByYear = isPerYear(otherIncome) ? otherIncome : undefined;
  const writeOffsByYear = isPerYear(writeOffs) ? writeOffs : undefined;
  const rows: TrajectoryRow[] = new Array(years);
  let fund = at(funding, 0);
  let spend = at(expenditure, 0);
  let cumulative = openingPence;
  let firstBalancedYear: string | undefined;
  let lowest = Infinity;
  let lowestLabel = "";

  for (let t = 0; t < years; t++) {
    const label = labelOf(t);
    const previousFund = fund;
    const previousSpend = spend;
    if (t > 0) {
      fund = fundingPerYear ? funding[t] : fund * (1 + at(fundingGrowth, t));
      spend = expenditurePerYear ? expenditure[t] : spend * (1 + at(expenditureGrowth, t));
      // Growth compounding can run away (e.g. 900% a year for 20 years): refuse, never Infinity.
      if (!(fund <= LIMIT_POUNDS)) return TrajectoryErrors.tooLarge("funding", label);
      if (!(spend <= LIMIT_POUNDS)) return TrajectoryErrors.tooLarge("expenditure", label);
    }
    const fundP = pence(fund);
    const spendP = pence(spend);
    const savingsP = savingsByYear ? pence(savingsByYear[t]) : savingsEvery;
    const transfersP = transfersByYear ? pence(transfersByYear[t]) : transfersEvery;
    const otherP = otherByYear ? pence(otherByYear[t]) : otherEvery;
    const writeOffP = writeOffsByYear ? pence(writeOffsByYear[t]) : writeOffsEvery;
    // Whole pence below 10^15 each: these sums are exact.
    const inYear = fundP + transfersP + otherP - spendP + savingsP;
    const opening = cumulative;
    cumulative = opening + inYear + writeOffP;
    if (cumulative > LIMIT_PENCE || cumulative < -LIMIT_PENCE)
      return TrajectoryErrors.tooLarge("The cumulative balance", label);

    rows[t] = {
      label,
      funding: fromPence(fundP),
      expenditure: fromPence(spendP),
      savings: fromPence(savingsP),
      transfersIn: fromPence(transfersP),
      otherIncome: fromPence(otherP),
      writeOffs: fromPence(writeOffP),
      inYear: fromPence(inYear),
      cumulative: fromPence(cumulative),
    };
    if (firstBalancedYear === undefined && inYear >= 0) firstBalancedYear = label;
    if (cumulative < lowest) {
      lowest = cumulative;
      lowestLabel = label;
    }

    if (trace) {
      const row = rows[t];
      const fundDetail =
        t === 0
          ? fundingPerYear
            ? `given for ${label}`
            : "the first-year figure"
          : fundingPerYear
            ? `given for ${label}`
            : growthDetail(previousFund, at(fundingGrowth, t));
      const spendDetail =
        t === 0
          ? expenditurePerYear
            ? `given for ${label}`
            : "the first-year figure"
          : expenditurePerYear
            ? `given for ${label}`
            : growthDetail(previousSpend, at(expenditureGrowth, t));
      trace.step(`Funding ${label}`, row.funding, "£", fundDetail);
      trace.step(`Expenditure ${label}`, row.expenditure, "£", spendDetail);
      trace.step(
        `In-year surplus/(deficit) ${label}`,
        row.inYear,
        "£",
        `funding ${formatPounds(row.funding)} + transfers in ${formatPounds(row.transfersIn)} + other income ` +
          `${formatPounds(row.otherIncome)} − expenditure ${formatPounds(row.expenditure)} + savings ${formatPounds(row.savings)}`,
      );
      trace.step(
        `Cumulative balance ${balanceDate(startYear, t)}`,
        row.cumulative,
        "£",
        `brought forward ${formatPounds(fromPence(opening))} + in-year ${formatPounds(row.inYear)} + write-offs ${formatPounds(row.writeOffs)}`,
      );
    }
  }

  // The opening balance is the peak only if strictly lower than every year-end balance.
  if (openingPence < lowest) {
    lowest = openingPence;
    lowestLabel = OPENING_LABEL;
  }
  const peakDeficit: PeakDeficit | undefined =
    lowest < 0 ? { amount: fromPence(lowest), label: lowestLabel } : undefined;

  const result: TrajectoryResult = {
    openingBalance: fromPence(openingPence),
    rows,
    firstBalancedYear,
    peakDeficit,
  };
  if (trace) {
    const last = rows[years - 1];
    trace.result(
      `Cumulative balance ${balanceDate(startYear, years - 1)}`,
      last.cumulative,
      "£",
      "negative is a deficit",
    );
    trace.result(
      "First year with an in-year balance",
      firstBalancedYear ?? "none in the years projected",
      "",
      "the first year whose in-year surplus/(deficit) is zero or more",
    );
    trace.result(
      "Peak cumulative deficit",
      peakDeficit ? peakDeficit.amount : "never in deficit",
      peakDeficit ? "£" : "",
      peakDeficit
        ? `the lowest balance, reached ${peakDeficit.label === OPENING_LABEL ? "at the start" : `in ${peakDeficit.label}`}`
        : undefined,
    );
  }
  return result;
}

function describePerYear(value: PerYear | undefined, unit: "£" | "%"): string | number | null {
  if (value === undefined) return null;
  if (typeof value === "number") return value;
  if (value.length === 1) return value[0];
  return value.map((v) => (unit === "£" ? formatPounds(v) : formatRate(v))).join("; ");
}

function traceInputs(
  trace: Trace,
  input: TrajectoryInput,
  years: number,
  fundingPerYear: boolean,
  expenditurePerYear: boolean,
): void {
  trace.input("Opening balance", input.openingBalance, "£", "signed: a deficit is negative");
  trace.input(
    "Funding",
    describePerYear(input.funding, "£"),
    fundingPerYear ? "" : "£",
    fundingPerYear ? "one value per year" : "the first year's figure",
  );
  trace.input(
    "Expenditure",
    describePerYear(input.expenditure, "£"),
    expenditurePerYear ? "" : "£",
    expenditurePerYear ? "one value per year" : "the first year's figure",
  );
  trace.input(
    "Years projected",
    years,
    "years",
    input.startYear == null ? undefined : `from ${fyLabel(input.startYear)}`,
  );
  const rate = (label: string, value: PerYear | undefined): void => {
    if (value === undefined) return;
    trace.input(
      label,
      describePerYear(value, "%"),
      isPerYear(value) ? "" : "%",
      isPerYear(value)
        ? "one rate per year; the first year's is not used (it is in the first-year figure); compounded on unrounded figures"
        : "applies from the second year on; compounded on unrounded figures",
    );
  };
  rate("Funding growth", input.fundingGrowth ?? undefined);
  rate("Expenditure growth", input.expenditureGrowth ?? undefined);
  const money = (label: string, value: PerYear | undefined, note: string): void => {
    if (value === undefined) return;
    trace.input(
      label,
      describePerYear(value, "£"),
      isPerYear(value) ? "" : "£",
      isPerYear(value) ? `one value per year; ${note}` : `every year; ${note}`,
    );
  };
  money("Savings", input.savings ?? undefined, "entered positive, they reduce spending");
  money("Transfers in", input.transfers ?? undefined, "added to income");
  money("Other income", input.otherIncome ?? undefined, "added to income");
  money("Write-offs", input.writeOffs ?? undefined, "entered positive, they reduce the deficit");
}

/**
 * The table DSG.TRAJECTORY spills: {@link TRAJECTORY_HEADERS}, then one row per year in that
 * column order (label, then £ figures rounded to the penny).
 *
 * @param result A trajectory from {@link trajectory}.
 * @returns Header row plus one row per year.
 * @example
 * trajectoryTable(r)[1] // ["2026-27", 60000000, 64000000, 0, 0, 0, 0, -4000000, -20000000]
 */
export function trajectoryTable(result: TrajectoryResult): (string | number)[][] {
  const table: (string | number)[][] = [[...TRAJECTORY_HEADERS]];
  for (const r of result.rows) {
    table.push([
      r.label,
      r.funding,
      r.expenditure,
      r.savings,
      r.transfersIn,
      r.otherIncome,
      r.writeOffs,
      r.inYear,
      r.cumulative,
    ]);
  }
  return table;
}
