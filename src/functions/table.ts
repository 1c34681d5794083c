/**
 * The DSG.* function table: one row per function, declared once. A row holds the function's
 * summary, each parameter (name, kind, default, and for readers its label, unit, bounds and help)
 * and the one call into core that does its arithmetic; a whole-range row adds the output shaper
 * that lays core's answer out as cells. The JSDoc wrappers in functions.ts are one line each;
 * Explain, the "try a function" form and the help-page checks read these same rows.
 *
 * Bounds are what core accepts (core makes the check and words the message); they are here so a
 * reader, a form or a test can know them without calling core.
 */

import { Errors, isCellError, type Result } from "../core/errors";
import { MAX_VALUE } from "../core/validate";
import {
  bandCost,
  DEFAULT_PUPIL_WEEKS,
  hoursCost,
  needsScore,
  parseBandTable,
  type BandTable,
} from "../core/banding";
import { proRata } from "../core/prorata";
import { ayLabel, ayStartYear, fyLabelOf, type Serial } from "../core/dates";
import {
  transferAmount,
  transferImpact,
  TRANSFER_METHODS,
  type TransferImpact,
  type TransferMethod,
} from "../core/transfers";
import { MFG_LIMIT, mfgFloor, mppl } from "../core/protections";
import {
  MAX_PLACEMENT_YEARS,
  placementCosts,
  parsePlacementTable,
  placementTable,
  type PlacementProjection,
} from "../core/placements";
import {
  MAX_TRAJECTORY_YEARS,
  trajectory,
  trajectoryTable,
  type PerYear,
  type TrajectoryResult,
} from "../core/trajectory";
import { Trace } from "../core/trace";
import { coerceNumber, flatVector, isOmitted, type Matrix } from "./coerce";
import type { ElementwiseDef, FunctionDef, WholeRangeDef } from "./runner";

// ---------------------------------------------------------------------------------------------
// Element-wise functions (every scalar argument may be a range; the result spills)

export const BANDCOST: ElementwiseDef<BandTable> = {
  name: "BANDCOST",
  evaluation: "elementwise",
  summary: "Looks a band up in a band table and gives its annual top-up, with any uplift.",
  params: [
    {
      name: "band",
      kind: "any",
      label: "Band",
      unit: "text",
      help: 'The band to cost, e.g. "Band 3" or 3; or a range of bands (the result spills).',
    },
    {
      name: "bandTable",
      kind: "table",
      label: "Band table",
      unit: "table",
      help: "The band table: bands in the first column, one column of annual £ values per setting, optional header row naming the settings.",
    },
    {
      name: "setting",
      kind: "any",
      optional: true,
      label: "Setting",
      unit: "text",
      help: 'The setting column to use, by its header text (e.g. "Special school") or number. Default: the first value column.',
    },
    {
      name: "uplift",
      kind: "number",
      optional: true,
      default: 0,
      label: "Uplift",
      unit: "% or £",
      help: "An uplift: a percentage (3.4% or 0.034) in percent mode, or £ in flat mode. Default 0.",
    },
    {
      name: "upliftMode",
      kind: "text",
      optional: true,
      default: "percent",
      label: "How the uplift is added (percent or flat)",
      unit: "text",
      help: '"percent" (default) to multiply by (1 + uplift), or "flat" to add uplift in £.',
    },
  ],
  prepare: ([table]) => parseBandTable(table as unknown[][]),
  impl: ([band, , setting, uplift, mode], table, trace) =>
    bandCost(band, table, setting, uplift as number, mode as string, trace),
};

export const HOURSCOST: ElementwiseDef<undefined> = {
  name: "HOURSCOST",
  evaluation: "elementwise",
  summary:
    "Works out an annual top-up from hours of support: hours × rate × weeks ÷ pupils sharing, less a threshold, never below zero.",
  params: [
    {
      name: "hoursPerWeek",
      kind: "number",
      label: "Hours a week",
      unit: "hours",
      min: 0,
      help: "Hours of support a week (0 or more); or a range.",
    },
    {
      name: "hourlyRate",
      kind: "number",
      label: "Hourly rate (£)",
      unit: "£",
      min: 0,
      help: "Cost of one hour of support in £, e.g. 14.95.",
    },
    {
      name: "weeks",
      kind: "number",
      optional: true,
      default: DEFAULT_PUPIL_WEEKS,
      label: "Weeks funded a year",
      unit: "weeks",
      min: 0,
      help: `Weeks funded a year. Default ${DEFAULT_PUPIL_WEEKS}.`,
    },
    {
      name: "threshold",
      kind: "number",
      optional: true,
      default: 0,
      label: "Threshold the setting meets first (£ a year)",
      unit: "£",
      min: 0,
      help: "£ a year the setting meets first, e.g. 6000 (the mainstream element 2 threshold). Default 0.",
    },
    {
      name: "groupSize",
      kind: "number",
      optional: true,
      default: 1,
      label: "Pupils sharing the support",
      unit: "pupils",
      min: 1,
      help: "Pupils sharing the support (1 or more). Default 1.",
    },
  ],
  impl: ([hoursPerWeek, hourlyRate, weeks, threshold, groupSize], _ctx, trace) =>
    hoursCost(
      hoursPerWeek as number,
      hourlyRate as number,
      weeks as number,
      threshold as number,
      groupSize as number,
      trace,
    ),
};

export const PRORATA: ElementwiseDef<undefined> = {
  name: "PRORATA",
  evaluation: "elementwise",
  summary:
    "Works out the part of an annual amount that falls in a period, from the placement's start and end dates.",
  params: [
    {
      name: "annual",
      kind: "number",
      label: "Annual amount (£)",
      unit: "£",
      help: "The annual amount in £; or a range.",
    },
    {
      name: "start",
      kind: "date",
      label: "First day",
      unit: "date",
      help: "The placement's first day (a date, or text such as 01/09/2025).",
    },
    {
      // Required in the SPEC's signature, but an empty cell is a placement still open.
      name: "end",
      kind: "date",
      mayBeEmpty: true,
      label: "Last day",
      unit: "date",
      help: "The placement's last day; an empty cell means still open.",
    },
    {
      name: "period",
      kind: "any",
      optional: true,
      label: "Period (financial or academic year)",
      unit: "text",
      help: 'The period: a financial year "2026-27", an academic year "AY2026/27", or a date in the year. Default: the financial year containing start.',
    },
    {
      name: "basis",
      kind: "text",
      optional: true,
      default: "days",
      label: "Basis (days, weeks, months or terms)",
      unit: "text",
      help: '"days" (default), "weeks" (38-week year), "months" or "terms" (autumn, spring, summer thirds).',
    },
  ],
  impl: ([annual, start, end, period, basis], _ctx, trace) =>
    proRata(
      annual as number,
      start as Serial,
      end as Serial | undefined,
      period as string,
      basis as string,
      trace,
    ),
};

/**
 * A function from a date to the label of the year it falls in: FINYEAR and ACADYEAR, which differ
 * only in the year they name (`year`, also the trace's result label) and how they label it.
 */
function yearOfDate(
  name: string,
  summary: string,
  year: string,
  labelOf: (date: number) => string,
): ElementwiseDef<undefined> {
  return {
    name,
    evaluation: "elementwise",
    summary,
    params: [
      {
        name: "date",
        kind: "date",
        label: "Date",
        unit: "date",
        help: "A date (or UK date text such as 01/09/2025); or a range of dates.",
      },
    ],
    impl: ([date], _ctx, trace) => {
      const label = labelOf(date as number);
      trace?.input("Date", date as number, "date").result(year, label, "");
      return label;
    },
  };
}

// Excel needs function names of three characters or more, so not "FY" (SPEC: DSG.FINYEAR).
export const FINYEAR = yearOfDate(
  "FINYEAR",
  "Gives the financial year (1 April to 31 March) a date falls in.",
  "Financial year (1 April to 31 March)",
  fyLabelOf,
);

export const ACADYEAR = yearOfDate(
  "ACADYEAR",
  "Gives the academic year (1 September to 31 August) a date falls in.",
  "Academic year (1 September to 31 August)",
  (date) => ayLabel(ayStartYear(date)),
);

export const TRANSFERAMOUNT: ElementwiseDef<undefined> = {
  name: "TRANSFERAMOUNT",
  evaluation: "elementwise",
  summary: "Works out the £ moved by a Schools Block transfer: (Schools Block − excluded) × percentage.",
  params: [
    {
      name: "schoolsBlock",
      kind: "number",
      label: "Schools Block before recoupment (£)",
      unit: "£",
      min: 0,
      max: MAX_VALUE,
      help: "The Schools Block before recoupment, in £.",
    },
    {
      name: "percent",
      kind: "number",
      label: "Transfer percentage",
      unit: "%",
      min: 0,
      max: 1,
      help: "The transfer as a percentage, e.g. 0.5%.",
    },
    {
      // Also no more than the Schools Block (core checks the pair).
      name: "excluded",
      kind: "number",
      optional: true,
      default: 0,
      label: "Protected from the transfer (£)",
      unit: "£",
      min: 0,
      max: MAX_VALUE,
      help: "£ protected from transfer and taken off the base first. Default 0.",
    },
  ],
  impl: ([schoolsBlock, percent, excluded], _ctx, trace) =>
    transferAmount(schoolsBlock as number, percent as number, excluded as number, trace),
};

export const MFGFLOOR: ElementwiseDef<undefined> = {
  name: "MFGFLOOR",
  evaluation: "elementwise",
  summary: "Works out a school's minimum funding guarantee floor: baseline per pupil × (1 + MFG) × pupils.",
  params: [
    {
      name: "baselinePerPupil",
      kind: "number",
      label: "Baseline per pupil (£)",
      unit: "£",
      min: 0,
      max: MAX_VALUE,
      help: "Last year's MFG baseline per pupil, in £.",
    },
    {
      name: "pupils",
      kind: "number",
      label: "Pupils this year",
      unit: "pupils",
      min: 0,
      max: MAX_VALUE,
      help: "Pupils this year.",
    },
    {
      name: "mfg",
      kind: "number",
      label: "Minimum funding guarantee (%)",
      unit: "%",
      min: -MFG_LIMIT,
      max: MFG_LIMIT,
      help: "The MFG percentage, e.g. 0.5% or -0.5%.",
    },
  ],
  impl: ([baselinePerPupil, pupils, mfg], _ctx, trace) =>
    mfgFloor(baselinePerPupil as number, pupils as number, mfg as number, trace),
};

/** One MPPL count or rate: a non-negative amount, as core's checkAmount accepts. */
const mpplParam = (name: string, label: string, unit: "pupils" | "£", help: string) =>
  ({ name, kind: "number", label, unit, min: 0, max: MAX_VALUE, help }) as const;

export const MPPL: ElementwiseDef<undefined> = {
  name: "MPPL",
  evaluation: "elementwise",
  summary: "Works out a school's minimum per-pupil level total from its key-stage mix.",
  params: [
    mpplParam("primaryPupils", "Primary pupils", "pupils", "Primary pupils."),
    mpplParam("ks3Pupils", "Key stage 3 pupils", "pupils", "Key stage 3 pupils."),
    mpplParam("ks4Pupils", "Key stage 4 pupils", "pupils", "Key stage 4 pupils."),
    mpplParam(
      "primaryRate",
      "Primary minimum per pupil (£)",
      "£",
      "Primary minimum per-pupil level in £, e.g. 4955.",
    ),
    mpplParam(
      "ks3Rate",
      "Key stage 3 minimum per pupil (£)",
      "£",
      "Key stage 3 minimum per-pupil level in £.",
    ),
    mpplParam(
      "ks4Rate",
      "Key stage 4 minimum per pupil (£)",
      "£",
      "Key stage 4 minimum per-pupil level in £.",
    ),
  ],
  impl: ([primaryPupils, ks3Pupils, ks4Pupils, primaryRate, ks3Rate, ks4Rate], _ctx, trace) =>
    mppl(
      primaryPupils as number,
      ks3Pupils as number,
      ks4Pupils as number,
      primaryRate as number,
      ks3Rate as number,
      ks4Rate as number,
      trace,
    ),
};

// ---------------------------------------------------------------------------------------------
// Whole-range functions (arguments read whole; core's one answer shaped into the spill)

/** Needs scores and which way they spill: one per row of the register (down) or per column (across). */
interface NeedScores {
  readonly scores: readonly Result<number>[];
  readonly spill: "down" | "across";
}

/** needsScore over one pupil's levels (a row or a column); blank levels count as 0. */
function scoreOf(
  cells: readonly unknown[],
  weights: number[],
  caps: (number | undefined)[] | undefined,
  trace?: Trace,
): Result<number> {
  const levels: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    const level = isOmitted(cells[i]) ? 0 : coerceNumber(cells[i], `levels (area ${i + 1})`);
    if (isCellError(level)) return level;
    levels.push(level);
  }
  return needsScore(levels, weights, caps, trace);
}

/**
 * DSG.NEEDSCORE: levels may be one pupil's row of levels (one area per column) — one score — or a
 * register of pupils, one row each — one score per row, spilled down (or, when only its columns
 * match the weights, one pupil per column, spilled across). Only the one-pupil case is traced.
 */
export const NEEDSCORE: WholeRangeDef<NeedScores> = {
  name: "NEEDSCORE",
  evaluation: "wholeRange",
  summary:
    "Adds up a needs score: level × weight for each area of need, each area capped where a cap is given.",
  params: [
    {
      name: "levels",
      kind: "table",
      label: "Levels of need",
      unit: "number",
      min: 0,
      help: "Levels of need, one per area (a row); or a register with one row per pupil (one score per row spills down).",
    },
    {
      name: "weights",
      kind: "vector",
      label: "Weight of each area",
      unit: "number",
      min: 0,
      help: "The weight of each area of need, one per area.",
    },
    {
      name: "caps",
      kind: "vectorWithBlanks",
      optional: true,
      label: "Most points each area adds",
      unit: "points",
      min: 0,
      help: "The most points each area can add, one per area; blank means no cap.",
    },
  ],
  impl: ([levelsGiven, weightsGiven, capsGiven], trace) => {
    const levels = levelsGiven as Matrix;
    const weights = weightsGiven as number[];
    const caps = capsGiven as (number | undefined)[] | undefined;
    const onePupil = flatVector(levels);
    if (onePupil !== undefined && onePupil.length === weights.length)
      return { scores: [scoreOf(onePupil, weights, caps, trace)], spill: "down" };
    if (levels[0].length === weights.length)
      return { scores: levels.map((row) => scoreOf(row, weights, caps)), spill: "down" };
    if (levels.length === weights.length) {
      const scores: Result<number>[] = [];
      for (let col = 0; col < levels[0].length; col++)
        scores.push(
          scoreOf(
            levels.map((row) => row[col]),
            weights,
            caps,
          ),
        );
      return { scores, spill: "across" };
    }
    return Errors.shape(
      "levels",
      `it is ${levels.length}×${levels[0].length} but there are ${weights.length} weights; give one level per area of need in each row`,
    );
  },
  shape: ({ scores, spill }) => (spill === "down" ? scores.map((score) => [score]) : [[...scores]]),
};

const IMPACT_RESULTS = ["reduction", "after", "rate"] as const;
type ImpactResult = (typeof IMPACT_RESULTS)[number];

/** Core's transfer impact with the result the call asked to see. */
interface ImpactAnswer {
  readonly impact: TransferImpact;
  readonly show: ImpactResult;
}

/**
 * DSG.TRANSFERIMPACT: one result per school, in the shape the allocations were given (a column
 * spills down, a row across); "rate" gives the single solved factor (or £ per pupil).
 */
export const TRANSFERIMPACT: WholeRangeDef<ImpactAnswer> = {
  name: "TRANSFERIMPACT",
  evaluation: "wholeRange",
  summary:
    "Shares a Schools Block transfer between schools, keeping each school at or above its protected floor.",
  params: [
    {
      name: "allocations",
      kind: "vector",
      label: "Each school's budget share (£)",
      unit: "£",
      min: 0,
      max: MAX_VALUE,
      help: "Each school's budget share before the transfer, in £ (a column).",
    },
    {
      name: "floors",
      kind: "vector",
      label: "Each school's protected floor (£)",
      unit: "£",
      min: 0,
      max: MAX_VALUE,
      help: "Each school's protected floor (MFG/MPPL) in £, in the same order.",
    },
    {
      name: "transfer",
      kind: "number",
      label: "Total to transfer (£)",
      unit: "£",
      min: 0,
      max: MAX_VALUE,
      help: "The total to take from the schools, in £.",
      example: "1373884.95",
      oneCell: "give one amount for the whole transfer",
    },
    {
      name: "pupils",
      kind: "vector",
      optional: true,
      label: "Pupils in each school",
      unit: "pupils",
      min: 0,
      max: MAX_VALUE,
      help: 'Pupils in each school; needed for the "perpupil" method.',
    },
    {
      name: "method",
      kind: "text",
      optional: true,
      default: "scale",
      label: "How it is shared (scale or per pupil)",
      unit: "text",
      help: '"scale" (default): one factor scales all funding above the floors; "perpupil": one £ reduction per pupil.',
      example: '"scale"',
    },
    {
      name: "result",
      kind: "text",
      optional: true,
      default: "reduction",
      label: "What to show",
      unit: "text",
      help: '"reduction" (default), "after" (budget after the transfer), or "rate" (the solved factor or £ per pupil).',
      example: '"reduction"',
    },
  ],
  impl: ([allocations, floors, transfer, pupils, methodText, resultText], trace) => {
    // "Per pupil", "per-pupil" and "PerPupil" all name the per-pupil method.
    const method = (methodText as string).toLowerCase().replace(/[\s-]/g, "");
    if (!(TRANSFER_METHODS as readonly string[]).includes(method))
      return Errors.notOneOf("method", methodText, TRANSFER_METHODS);
    const show = (resultText as string).toLowerCase();
    if (!(IMPACT_RESULTS as readonly string[]).includes(show))
      return Errors.notOneOf("result", resultText, IMPACT_RESULTS);
    const impact = transferImpact(
      {
        allocations: allocations as number[],
        floors: floors as number[],
        transfer: transfer as number,
        pupils: pupils as number[] | undefined,
        method: method as TransferMethod,
      },
      trace,
    );
    return isCellError(impact) ? impact : { impact, show: show as ImpactResult };
  },
  shape: ({ impact, show }, [allocationsGiven]) => {
    if (show === "rate") return [[impact.rate]];
    const values = show === "after" ? impact.after : impact.reductions;
    // Give the answer back in the shape the allocations came in: a row stays a row.
    return (allocationsGiven as Matrix).length === 1 ? [[...values]] : values.map((value) => [value]);
  },
};

/** DSG.PLACEMENTCOSTS: one row per year: year, placements, spend. */
export const PLACEMENTCOSTS: WholeRangeDef<PlacementProjection> = {
  name: "PLACEMENTCOSTS",
  evaluation: "wholeRange",
  summary: "Projects high-needs spend year by year from placement counts, unit costs and growth.",
  params: [
    {
      name: "table",
      kind: "table",
      label: "Placement types",
      unit: "table",
      help: "Placement types: optional name column, then count, unit cost (£), count growth (%), cost growth (%); an optional header row.",
    },
    {
      name: "years",
      kind: "years",
      label: "Years to project",
      unit: "years",
      min: 1,
      max: MAX_PLACEMENT_YEARS,
      help: "Years to project (1 to 50).",
    },
  ],
  impl: ([table, years], trace) => {
    const types = parsePlacementTable(table as unknown[][]);
    return isCellError(types) ? types : placementCosts(types, years as number, trace);
  },
  shape: (projection) => placementTable(projection),
};

/** A per-year amount of the trajectory: one value, or one per year (a row or column). */
const perYear = (name: string, label: string, help: string, min?: number) =>
  ({ name, kind: "series", optional: true, label, unit: "£", min, help }) as const;

/** A growth rate of the trajectory: −100% (−1) or more, one value or one per year. */
const growth = (name: string, label: string, help: string) =>
  ({ name, kind: "series", optional: true, label, unit: "%", min: -1, help }) as const;

/** DSG.TRAJECTORY: the trajectory table with its header row. */
export const TRAJECTORY: WholeRangeDef<TrajectoryResult> = {
  name: "TRAJECTORY",
  evaluation: "wholeRange",
  summary:
    "Projects the DSG balance year by year: funding, spending, savings and transfers, and the cumulative balance.",
  params: [
    {
      name: "openingBalance",
      kind: "number",
      label: "Balance brought forward (£)",
      unit: "£",
      help: "Cumulative DSG balance brought forward in £ (a deficit is negative).",
      example: "-16000000",
    },
    {
      ...perYear(
        "funding",
        "Funding (£)",
        "First-year funding in £, or one value per year (a row or column).",
        0,
      ),
      optional: false,
    },
    {
      ...perYear("expenditure", "Expenditure (£)", "First-year expenditure in £, or one value per year.", 0),
      optional: false,
    },
    {
      name: "years",
      kind: "years",
      optional: true,
      label: "Years to project",
      unit: "years",
      min: 1,
      max: MAX_TRAJECTORY_YEARS,
      help: "Years to project. Default: the number of per-year values, else 5.",
    },
    growth(
      "fundingGrowth",
      "Funding growth a year",
      "Funding growth a year (e.g. 3%), one value or one per year.",
    ),
    growth(
      "expenditureGrowth",
      "Expenditure growth a year",
      "Expenditure growth a year (e.g. 8%), one value or one per year.",
    ),
    perYear(
      "savings",
      "Savings (£)",
      "Savings from management actions in £ (positive), one value or one per year.",
      0,
    ),
    perYear(
      "transfers",
      "Transfers in (£)",
      "Transfers into the block in £ (e.g. a Schools Block transfer), one value or one per year.",
    ),
    perYear(
      "otherIncome",
      "Other income (£)",
      "Other income in £ (e.g. safety valve instalments), one value or one per year.",
    ),
    perYear(
      "writeOffs",
      "Write-offs (£)",
      "Write-offs of the deficit in £ (e.g. the High Needs Stability Grant), one value or one per year.",
      0,
    ),
    {
      name: "startYear",
      kind: "financialYear",
      optional: true,
      label: "First financial year",
      unit: "financial year",
      help: 'The first financial year, e.g. "2026-27" or 2026. Default: years are labelled Year 1, Year 2, ...',
    },
  ],
  impl: (
    [
      openingBalance,
      funding,
      expenditure,
      years,
      fundingGrowth,
      expenditureGrowth,
      savings,
      transfers,
      otherIncome,
      writeOffs,
      startYear,
    ],
    trace,
  ) =>
    trajectory(
      {
        openingBalance: openingBalance as number,
        funding: funding as PerYear,
        expenditure: expenditure as PerYear,
        years: years as number | undefined,
        fundingGrowth: fundingGrowth as PerYear | undefined,
        expenditureGrowth: expenditureGrowth as PerYear | undefined,
        savings: savings as PerYear | undefined,
        transfers: transfers as PerYear | undefined,
        otherIncome: otherIncome as PerYear | undefined,
        writeOffs: writeOffs as PerYear | undefined,
        startYear: startYear as number | undefined,
      },
      trace,
    ),
  shape: (result) => trajectoryTable(result),
};

// ---------------------------------------------------------------------------------------------

/** Every DSG.* function by name, in the SPEC's order (the order the explain view lists them). */
export const FUNCTIONS = {
  BANDCOST,
  HOURSCOST,
  NEEDSCORE,
  PRORATA,
  FINYEAR,
  ACADYEAR,
  TRANSFERAMOUNT,
  TRANSFERIMPACT,
  MFGFLOOR,
  MPPL,
  PLACEMENTCOSTS,
  TRAJECTORY,
} as const;

/** A DSG.* function's name after "DSG.". */
export type FunctionName = keyof typeof FUNCTIONS;

/** The row for a name, or undefined for a name that is not a Forum Papers function. */
export function functionRow(name: string): FunctionDef | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name)
    ? (FUNCTIONS[name as FunctionName] as FunctionDef)
    : undefined;
}
