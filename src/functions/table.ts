/**
 * The DSG.* function table: each function's parameters (name, kind, default) and the one call into
 * core that does its arithmetic. The JSDoc wrappers in functions.ts are one line each; this file is
 * where a function's behaviour lives, and the explain view reads the same rows.
 */

import { CellError, ErrorCode, Errors, isCellError, type Result } from "../core/errors";
import { bandCost, hoursCost, needsScore, parseBandTable, type BandTable } from "../core/banding";
import { proRata } from "../core/prorata";
import { ayLabel, ayStartYear, fyLabelOf, type Serial } from "../core/dates";
import { transferAmount, transferImpact, TRANSFER_METHODS, type TransferMethod } from "../core/transfers";
import { mfgFloor, mppl } from "../core/protections";
import { placementCosts, parsePlacementTable, placementTable } from "../core/placements";
import { trajectory, trajectoryTable } from "../core/trajectory";
import { Trace } from "../core/trace";
import {
  asMatrix,
  coerceNumber,
  coerceSeries,
  coerceStartYear,
  coerceText,
  coerceVector,
  isOmitted,
  isSingle,
  type Matrix,
} from "./coerce";
import { guard, toExcelError, toOutput, type ElementwiseDef, type OutputMatrix } from "./runner";

// ---------------------------------------------------------------------------------------------
// Element-wise functions (every scalar argument may be a range; the result spills)

export const BANDCOST: ElementwiseDef<BandTable> = {
  name: "BANDCOST",
  params: [
    { name: "band", kind: "any" },
    { name: "bandTable", kind: "table" },
    { name: "setting", kind: "any", optional: true },
    { name: "uplift", kind: "number", optional: true, default: 0 },
    { name: "upliftMode", kind: "text", optional: true }, // omitted: bandCost's own default, "percent"
  ],
  prepare: ([table]) => parseBandTable(table as unknown[][]),
  impl: ([band, , setting, uplift, mode], table, trace) =>
    bandCost(band, table, setting, uplift as number, mode as string, trace),
};

export const HOURSCOST: ElementwiseDef<undefined> = {
  name: "HOURSCOST",
  params: [
    { name: "hoursPerWeek", kind: "number" },
    { name: "hourlyRate", kind: "number" },
    { name: "weeks", kind: "number", optional: true, default: 38 },
    { name: "threshold", kind: "number", optional: true, default: 0 },
    { name: "groupSize", kind: "number", optional: true, default: 1 },
  ],
  impl: ([h, r, w, t, g], _ctx, trace) =>
    hoursCost(h as number, r as number, w as number, t as number, g as number, trace),
};

export const PRORATA: ElementwiseDef<undefined> = {
  name: "PRORATA",
  params: [
    { name: "annual", kind: "number" },
    { name: "start", kind: "date" },
    { name: "end", kind: "date", optional: true },
    { name: "period", kind: "any", optional: true },
    { name: "basis", kind: "text", optional: true, default: "days" },
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

// Excel needs function names of three characters or more, so not "FY" (SPEC: DSG.FINYEAR).
export const FINYEAR: ElementwiseDef<undefined> = {
  name: "FINYEAR",
  params: [{ name: "date", kind: "date" }],
  impl: ([date], _ctx, trace) => {
    const label = fyLabelOf(date as number);
    trace?.input("Date", date as number, "date").result("Financial year (1 April to 31 March)", label, "");
    return label;
  },
};

export const ACADYEAR: ElementwiseDef<undefined> = {
  name: "ACADYEAR",
  params: [{ name: "date", kind: "date" }],
  impl: ([date], _ctx, trace) => {
    const label = ayLabel(ayStartYear(date as number));
    trace
      ?.input("Date", date as number, "date")
      .result("Academic year (1 September to 31 August)", label, "");
    return label;
  },
};

export const TRANSFERAMOUNT: ElementwiseDef<undefined> = {
  name: "TRANSFERAMOUNT",
  params: [
    { name: "schoolsBlock", kind: "number" },
    { name: "percent", kind: "number" },
    { name: "excluded", kind: "number", optional: true, default: 0 },
  ],
  impl: ([sb, pct, excl], _ctx, trace) => transferAmount(sb as number, pct as number, excl as number, trace),
};

export const MFGFLOOR: ElementwiseDef<undefined> = {
  name: "MFGFLOOR",
  params: [
    { name: "baselinePerPupil", kind: "number" },
    { name: "pupils", kind: "number" },
    { name: "mfg", kind: "number" },
  ],
  impl: ([base, pupils, mfg], _ctx, trace) =>
    mfgFloor(base as number, pupils as number, mfg as number, trace),
};

export const MPPL: ElementwiseDef<undefined> = {
  name: "MPPL",
  params: [
    { name: "primaryPupils", kind: "number" },
    { name: "ks3Pupils", kind: "number" },
    { name: "ks4Pupils", kind: "number" },
    { name: "primaryRate", kind: "number" },
    { name: "ks3Rate", kind: "number" },
    { name: "ks4Rate", kind: "number" },
  ],
  impl: ([p, k3, k4, pr, r3, r4], _ctx, trace) =>
    mppl(p as number, k3 as number, k4 as number, pr as number, r3 as number, r4 as number, trace),
};

/** Every element-wise function by name, for the explain view. */
export const ELEMENTWISE = {
  BANDCOST,
  HOURSCOST,
  PRORATA,
  FINYEAR,
  ACADYEAR,
  TRANSFERAMOUNT,
  MFGFLOOR,
  MPPL,
} as const;

// ---------------------------------------------------------------------------------------------
// Whole-range functions

/** A row or column of optional numbers (blank = undefined), e.g. caps. */
function optionalVector(value: unknown, param: string): Result<(number | undefined)[] | undefined> {
  const m = asMatrix(value);
  if (m === null) return undefined;
  const cells = flatVector(m);
  if (cells === undefined) return Errors.shape(param, "give one row or one column");
  const out: (number | undefined)[] = [];
  for (let i = 0; i < cells.length; i++) {
    if (isOmitted(cells[i])) {
      out.push(undefined);
      continue;
    }
    const n = coerceNumber(cells[i], `${param} (position ${i + 1})`);
    if (isCellError(n)) return n;
    out.push(n);
  }
  return out.every((c) => c === undefined) ? undefined : out;
}

function flatVector(m: Matrix): unknown[] | undefined {
  if (m.length === 1) return [...m[0]];
  if (m.every((r) => r.length === 1)) return m.map((r) => r[0]);
  return undefined;
}

/** Run needsScore over one list of levels (a row or a column). */
function scoreOf(
  cells: readonly unknown[],
  weights: number[],
  caps: (number | undefined)[] | undefined,
  trace?: Trace,
) {
  const levels: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    const n = isOmitted(cells[i]) ? 0 : coerceNumber(cells[i], `levels (area ${i + 1})`);
    if (isCellError(n)) return n;
    levels.push(n);
  }
  return needsScore(levels, weights, caps, trace);
}

/**
 * DSG.NEEDSCORE: levels may be one pupil's row of levels (one area per column) — one score — or a
 * register of pupils, one row each — one score per row, spilled down. Blank levels count as 0.
 */
export function runNeedScore(levels: unknown, weights: unknown, caps: unknown, trace?: Trace): OutputMatrix {
  return guard("NEEDSCORE", () => {
    const w = coerceVector(weights, "weights");
    if (isCellError(w)) return [[toExcelError(w)]];
    if (w === undefined) return [[toExcelError(Errors.required("weights"))]];
    const c = optionalVector(caps, "caps");
    if (isCellError(c)) return [[toExcelError(c)]];
    const m = asMatrix(levels);
    if (m === null) return [[toExcelError(Errors.required("levels"))]];
    const single = flatVector(m);
    if (single !== undefined && single.length === w.length) {
      return [[toOutput(scoreOf(single, w, c, trace), "NEEDSCORE")]];
    }
    if (m[0].length === w.length) return m.map((row) => [toOutput(scoreOf(row, w, c), "NEEDSCORE")]);
    if (m.length === w.length) {
      const cols = m[0].length;
      const row = [];
      for (let j = 0; j < cols; j++)
        row.push(
          toOutput(
            scoreOf(
              m.map((r) => r[j]),
              w,
              c,
            ),
            "NEEDSCORE",
          ),
        );
      return [row];
    }
    return [
      [
        toExcelError(
          Errors.shape(
            "levels",
            `it is ${m.length}×${m[0].length} but there are ${w.length} weights; give one level per area of need in each row`,
          ),
        ),
      ],
    ];
  });
}

const IMPACT_RESULTS = ["reduction", "after", "rate"] as const;

/**
 * DSG.TRANSFERIMPACT: one result per school, in the shape the allocations were given (a column
 * spills down); "rate" gives the single solved factor (or £ per pupil).
 */
export function runTransferImpact(
  allocations: unknown,
  floors: unknown,
  transfer: unknown,
  pupils: unknown,
  method: unknown,
  result: unknown,
  trace?: Trace,
): OutputMatrix {
  return guard("TRANSFERIMPACT", () => {
    const fail = (e: CellError): OutputMatrix => [[toExcelError(e)]];
    const am = asMatrix(allocations);
    if (am === null) return fail(Errors.required("allocations"));
    const a = coerceVector(allocations, "allocations");
    if (isCellError(a)) return fail(a);
    const f = coerceVector(floors, "floors");
    if (isCellError(f)) return fail(f);
    if (a === undefined) return fail(Errors.required("allocations"));
    if (f === undefined) return fail(Errors.required("floors"));
    const tm = asMatrix(transfer);
    if (tm === null || isOmitted(tm[0][0])) return fail(Errors.required("transfer"));
    if (!isSingle(tm)) return fail(Errors.shape("transfer", "give one amount for the whole transfer"));
    const t = coerceNumber(tm[0][0], "transfer", "1373884.95");
    if (isCellError(t)) return fail(t);
    const p = coerceVector(pupils, "pupils");
    if (isCellError(p)) return fail(p);

    const methodText = isOmitted(single(method)) ? "scale" : coerceText(single(method), "method", '"scale"');
    if (isCellError(methodText)) return fail(methodText);
    const m = methodText.toLowerCase().replace(/[\s-]/g, "");
    if (!(TRANSFER_METHODS as readonly string[]).includes(m))
      return fail(Errors.notOneOf("method", methodText, TRANSFER_METHODS));
    const resultText = isOmitted(single(result))
      ? "reduction"
      : coerceText(single(result), "result", '"reduction"');
    if (isCellError(resultText)) return fail(resultText);
    const r = resultText.toLowerCase();
    if (!(IMPACT_RESULTS as readonly string[]).includes(r))
      return fail(Errors.notOneOf("result", resultText, IMPACT_RESULTS));

    const impact = transferImpact(
      { allocations: a, floors: f, transfer: t, pupils: p, method: m as TransferMethod },
      trace,
    );
    if (isCellError(impact)) return fail(impact);
    if (r === "rate") return [[toOutput(impact.rate, "TRANSFERIMPACT")]];
    const values = r === "after" ? impact.after : impact.reductions;
    // Give the answer back in the shape the allocations came in: a row stays a row.
    return am.length === 1
      ? [values.map((v) => toOutput(v, "TRANSFERIMPACT"))]
      : values.map((v) => [toOutput(v, "TRANSFERIMPACT")]);
  });
}

/** The top-left value of an argument (for arguments that must be a single value). */
function single(value: unknown): unknown {
  const m = asMatrix(value);
  return m === null ? null : m[0][0];
}

function yearsArg(value: unknown, param: string): Result<number | undefined> {
  const v = single(value);
  if (isOmitted(v)) return undefined;
  const n = coerceNumber(v, param, "5");
  if (isCellError(n)) return n;
  if (!Number.isInteger(n))
    return new CellError(ErrorCode.number, `${param} must be a whole number of years; got ${n}.`);
  return n;
}

/** DSG.PLACEMENTCOSTS: one row per year: year, placements, spend. */
export function runPlacementCosts(table: unknown, years: unknown, trace?: Trace): OutputMatrix {
  return guard("PLACEMENTCOSTS", () => {
    const m = asMatrix(table);
    if (m === null) return [[toExcelError(Errors.required("table"))]];
    const y = yearsArg(years, "years");
    if (isCellError(y)) return [[toExcelError(y)]];
    if (y === undefined) return [[toExcelError(Errors.required("years"))]];
    const types = parsePlacementTable(m as unknown[][]);
    if (isCellError(types)) return [[toExcelError(types)]];
    const projection = placementCosts(types, y, trace);
    if (isCellError(projection)) return [[toExcelError(projection)]];
    return placementTable(projection).map((row) => row.map((v) => toOutput(v, "PLACEMENTCOSTS")));
  });
}

/** DSG.TRAJECTORY: the trajectory table with its header row. */
export function runTrajectory(args: readonly unknown[], trace?: Trace): OutputMatrix {
  return guard("TRAJECTORY", () => {
    const [
      opening,
      funding,
      expenditure,
      years,
      fGrowth,
      eGrowth,
      savings,
      transfers,
      other,
      writeOffs,
      startYear,
    ] = args;
    const fail = (e: CellError): OutputMatrix => [[toExcelError(e)]];
    const o = single(opening);
    if (isOmitted(o)) return fail(Errors.required("openingBalance"));
    const openingBalance = coerceNumber(o, "openingBalance", "-16000000");
    if (isCellError(openingBalance)) return fail(openingBalance);
    const series: Record<string, number | number[] | undefined> = {};
    const named: [string, unknown][] = [
      ["funding", funding],
      ["expenditure", expenditure],
      ["fundingGrowth", fGrowth],
      ["expenditureGrowth", eGrowth],
      ["savings", savings],
      ["transfers", transfers],
      ["otherIncome", other],
      ["writeOffs", writeOffs],
    ];
    for (const [name, value] of named) {
      const s = coerceSeries(value, name);
      if (isCellError(s)) return fail(s);
      series[name] = s;
    }
    if (series.funding === undefined) return fail(Errors.required("funding"));
    if (series.expenditure === undefined) return fail(Errors.required("expenditure"));
    const y = yearsArg(years, "years");
    if (isCellError(y)) return fail(y);
    const start = coerceStartYear(single(startYear), "startYear");
    if (isCellError(start)) return fail(start);
    const result = trajectory(
      {
        openingBalance,
        funding: series.funding,
        expenditure: series.expenditure,
        years: y,
        fundingGrowth: series.fundingGrowth,
        expenditureGrowth: series.expenditureGrowth,
        savings: series.savings,
        transfers: series.transfers,
        otherIncome: series.otherIncome,
        writeOffs: series.writeOffs,
        startYear: start,
      },
      trace,
    );
    if (isCellError(result)) return fail(result);
    return trajectoryTable(result).map((row) => row.map((v) => toOutput(v, "TRAJECTORY")));
  });
}
