/**
 * The explain view's engine side: given one DSG.* call and the values its arguments read, run the
 * same code the cell runs, with a Trace, and describe the inputs, each step and the result in words
 * a school business manager can follow.
 *
 * Pure: both hosts resolve the arguments (Excel: the referenced ranges read in one sync; the
 * preview: the opened file's values) and hand them here. Nothing is calculated twice: element-wise
 * functions go through `explainElementwise`, whole-range ones through their runners in table.ts.
 */

import { percentToFraction } from "../core/validate";
import { formatUkDate } from "../core/dates";
import { formatPounds } from "../core/money";
import { isCellError } from "../core/errors";
import { Trace, type TraceStep } from "../core/trace";
import { explainElementwise, type ElementwiseDef } from "../functions/runner";
import {
  ELEMENTWISE,
  runNeedScore,
  runPlacementCosts,
  runTrajectory,
  runTransferImpact,
} from "../functions/table";
import { argShape, type Arg, type DsgCall } from "./formulas";

/** Parameter names of the whole-range functions, as their JSDoc names them. */
const WHOLE_RANGE_PARAMS: Readonly<Record<string, readonly string[]>> = {
  NEEDSCORE: ["levels", "weights", "caps"],
  TRANSFERIMPACT: ["allocations", "floors", "transfer", "pupils", "method", "result"],
  PLACEMENTCOSTS: ["table", "years"],
  TRAJECTORY: [
    "openingBalance",
    "funding",
    "expenditure",
    "years",
    "fundingGrowth",
    "expenditureGrowth",
    "savings",
    "transfers",
    "otherIncome",
    "writeOffs",
    "startYear",
  ],
};

/** One sentence per function: what it works out (the SPEC's function table, in plain words). */
export const FUNCTION_SUMMARY: Readonly<Record<string, string>> = {
  BANDCOST: "Looks a band up in a band table and gives its annual top-up, with any uplift.",
  HOURSCOST:
    "Works out an annual top-up from hours of support: hours × rate × weeks ÷ pupils sharing, less a threshold, never below zero.",
  NEEDSCORE:
    "Adds up a needs score: level × weight for each area of need, each area capped where a cap is given.",
  PRORATA:
    "Works out the part of an annual amount that falls in a period, from the placement's start and end dates.",
  FINYEAR: "Gives the financial year (1 April to 31 March) a date falls in.",
  ACADYEAR: "Gives the academic year (1 September to 31 August) a date falls in.",
  TRANSFERAMOUNT:
    "Works out the £ moved by a Schools Block transfer: (Schools Block − excluded) × percentage.",
  TRANSFERIMPACT:
    "Shares a Schools Block transfer between schools, keeping each school at or above its protected floor.",
  MFGFLOOR: "Works out a school's minimum funding guarantee floor: baseline per pupil × (1 + MFG) × pupils.",
  MPPL: "Works out a school's minimum per-pupil level total from its key-stage mix.",
  PLACEMENTCOSTS: "Projects high-needs spend year by year from placement counts, unit costs and growth.",
  TRAJECTORY:
    "Projects the DSG balance year by year: funding, spending, savings and transfers, and the cumulative balance.",
};

/**
 * Each parameter's plain label, by function then parameter: what Explain and the "try a function"
 * form show instead of the parameter's name (the wording of the functions' JSDoc, shortened).
 */
export const PARAM_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  BANDCOST: {
    band: "Band",
    bandTable: "Band table",
    setting: "Setting",
    uplift: "Uplift",
    upliftMode: "How the uplift is added (percent or flat)",
  },
  HOURSCOST: {
    hoursPerWeek: "Hours a week",
    hourlyRate: "Hourly rate (£)",
    weeks: "Weeks funded a year",
    threshold: "Threshold the setting meets first (£ a year)",
    groupSize: "Pupils sharing the support",
  },
  NEEDSCORE: { levels: "Levels of need", weights: "Weight of each area", caps: "Most points each area adds" },
  PRORATA: {
    annual: "Annual amount (£)",
    start: "First day",
    end: "Last day",
    period: "Period (financial or academic year)",
    basis: "Basis (days, weeks, months or terms)",
  },
  FINYEAR: { date: "Date" },
  ACADYEAR: { date: "Date" },
  TRANSFERAMOUNT: {
    schoolsBlock: "Schools Block before recoupment (£)",
    percent: "Transfer percentage",
    excluded: "Protected from the transfer (£)",
  },
  TRANSFERIMPACT: {
    allocations: "Each school's budget share (£)",
    floors: "Each school's protected floor (£)",
    transfer: "Total to transfer (£)",
    pupils: "Pupils in each school",
    method: "How it is shared (scale or per pupil)",
    result: "What to show",
  },
  MFGFLOOR: {
    baselinePerPupil: "Baseline per pupil (£)",
    pupils: "Pupils this year",
    mfg: "Minimum funding guarantee (%)",
  },
  MPPL: {
    primaryPupils: "Primary pupils",
    ks3Pupils: "Key stage 3 pupils",
    ks4Pupils: "Key stage 4 pupils",
    primaryRate: "Primary minimum per pupil (£)",
    ks3Rate: "Key stage 3 minimum per pupil (£)",
    ks4Rate: "Key stage 4 minimum per pupil (£)",
  },
  PLACEMENTCOSTS: { table: "Placement types", years: "Years to project" },
  TRAJECTORY: {
    openingBalance: "Balance brought forward (£)",
    funding: "Funding (£)",
    expenditure: "Expenditure (£)",
    years: "Years to project",
    fundingGrowth: "Funding growth a year",
    expenditureGrowth: "Expenditure growth a year",
    savings: "Savings (£)",
    transfers: "Transfers in (£)",
    otherIncome: "Other income (£)",
    writeOffs: "Write-offs (£)",
    startYear: "First financial year",
  },
};

/** A parameter's plain label ("Hours a week"); its name when the table has none. */
export function paramLabel(fn: string, name: string): string {
  return PARAM_LABELS[fn]?.[name] ?? name;
}

/** Every function the explain view knows, in the order the "try a function" form lists them. */
export const EXPLAINABLE = Object.keys(FUNCTION_SUMMARY);

/** An argument with the value it read. */
export interface ResolvedArg {
  readonly arg: Arg;
  /** What the function is given: a matrix for a range, a scalar for a constant, null when omitted. */
  readonly value: unknown;
  /** Where it came from, in words: "B2 on Top-up register", "typed in the formula". */
  readonly where: string;
  /** Set when the argument could not be read (a calculation, an unknown name). */
  readonly problem?: string;
}

/** One line of the explanation. */
export interface StepView {
  readonly kind: TraceStep["kind"];
  readonly label: string;
  /** The value formatted for reading: "£6,388.00", "0.5%", "38 weeks", "01/09/2026". */
  readonly value: string;
  readonly detail?: string;
}

/** What the explain view shows for one call. */
export interface ExplainView {
  /** "DSG.HOURSCOST". */
  readonly fn: string;
  readonly summary: string;
  /** Each parameter, what was given and the value read. */
  readonly args: readonly {
    /** The parameter's name in the function ("hoursPerWeek"). */
    readonly name: string;
    /** Its plain label ("Hours a week"), what the pane shows. */
    readonly label: string;
    readonly given: string;
    readonly value: string;
    readonly where: string;
  }[];
  readonly steps: readonly StepView[];
  /** Steps left out to keep the view short (a trajectory over many years records many). */
  readonly moreSteps: number;
  readonly result: { readonly text: string; readonly error?: string };
  /** Set when the call spills and one element is explained: "row 3 of 10". */
  readonly element?: string;
  /** Set when the call cannot be explained (an argument the view cannot read). */
  readonly unavailable?: string;
}

/** The most steps shown; the rest are counted in `moreSteps`. */
export const MAX_STEPS = 80;

/**
 * Explain one element of a DSG call.
 *
 * @param call the parsed call (see formulas.ts)
 * @param resolved the call's arguments with the values read, in order
 * @param row zero-based row of the element within the spilled result (0 when it does not spill)
 * @param col zero-based column of the element
 * @example explainCall(parseDsgFormula("=DSG.FINYEAR(45900)")!, [{arg, value: 45900, where: "typed"}]).result.text // "2025-26"
 */
export function explainCall(call: DsgCall, resolved: readonly ResolvedArg[], row = 0, col = 0): ExplainView {
  const fn = `DSG.${call.fn}`;
  const summary = FUNCTION_SUMMARY[call.fn] ?? "This is not a Forum Papers function the explain view knows.";
  const def = (ELEMENTWISE as Readonly<Record<string, ElementwiseDef<unknown>>>)[call.fn];
  const names = def ? def.params.map((p) => p.name) : WHOLE_RANGE_PARAMS[call.fn];
  const base = { fn, summary, steps: [] as StepView[], moreSteps: 0 };
  if (!names) {
    return {
      ...base,
      args: [],
      result: { text: "" },
      unavailable: `${fn} is not a function Forum Papers provides.`,
    };
  }
  const args = names.map((name, i) => {
    const r = resolved[i];
    return {
      name,
      label: paramLabel(call.fn, name),
      given: r ? r.arg.text || "(left out)" : "(left out)",
      value: r ? describeArgValue(r) : "the default",
      where: r?.where ?? "",
    };
  });
  if (resolved.length > names.length) {
    return {
      ...base,
      args,
      result: { text: "" },
      unavailable: `${fn} takes at most ${names.length} arguments; this call gives ${resolved.length}.`,
    };
  }
  const blocked = resolved.find((r) => r.problem);
  if (blocked) return { ...base, args, result: { text: "" }, unavailable: blocked.problem };

  const values = names.map((_, i) => resolved[i]?.value ?? null);
  if (def) {
    // Element-wise: the element (row, col) of the broadcast; a call that does not spill has one.
    const shape = broadcastShape(resolved);
    const r = shape.rows > 1 ? row : 0;
    const c = shape.cols > 1 ? col : 0;
    const explained = explainElementwise(
      def,
      values,
      Math.min(r, shape.rows - 1),
      Math.min(c, shape.cols - 1),
    );
    const element = shape.rows * shape.cols > 1 ? elementText(r, c, shape) : undefined;
    return {
      ...base,
      ...stepViews(explained.steps),
      args,
      result: isCellError(explained.result)
        ? { text: explained.result.code, error: explained.result.message }
        : { text: formatResult(explained.result, lastUnit(explained.steps)) },
      ...(element ? { element } : {}),
    };
  }
  const trace = new Trace();
  const out = runWholeRange(call.fn, values, trace);
  const rows = out.length;
  const cols = out[0]?.length ?? 0;
  const r = Math.min(row, rows - 1);
  const c = Math.min(col, cols - 1);
  const cell = out[r]?.[c];
  const element = rows * cols > 1 ? elementText(r, c, { rows, cols }) : undefined;
  return {
    ...base,
    ...stepViews(trace.steps),
    args,
    result: errorOf(cell) ?? { text: formatResult(cell as number | string | boolean, lastUnit(trace.steps)) },
    ...(element ? { element } : {}),
  };
}

function runWholeRange(fn: string, v: readonly unknown[], trace: Trace): unknown[][] {
  switch (fn) {
    case "NEEDSCORE":
      return runNeedScore(v[0], v[1], v[2], trace);
    case "TRANSFERIMPACT":
      return runTransferImpact(v[0], v[1], v[2], v[3], v[4], v[5], trace);
    case "PLACEMENTCOSTS":
      return runPlacementCosts(v[0], v[1], trace);
    case "TRAJECTORY":
      return runTrajectory(v, trace);
  }
  throw new Error(`explain: ${fn} is not a whole-range function`);
}

/** A cell error from a runner's output (CustomFunctions.Error, or anything with code and message). */
function errorOf(value: unknown): { text: string; error?: string } | undefined {
  if (isCellError(value)) return { text: value.code, error: value.message };
  if (typeof value === "object" && value !== null && "code" in value) {
    const e = value as { code: string; message?: string };
    return { text: e.code, ...(e.message ? { error: e.message } : {}) };
  }
  return undefined;
}

function broadcastShape(resolved: readonly ResolvedArg[]): { rows: number; cols: number } {
  let rows = 1;
  let cols = 1;
  for (const r of resolved) {
    const s = Array.isArray(r.value)
      ? { rows: r.value.length, cols: (r.value[0] as unknown[])?.length ?? 1 }
      : argShape(r.arg);
    if (s.rows * s.cols > 1) {
      rows = s.rows;
      cols = s.cols;
    }
  }
  return { rows, cols };
}

function elementText(row: number, col: number, shape: { rows: number; cols: number }): string {
  if (shape.cols === 1) return `row ${row + 1} of ${shape.rows}`;
  if (shape.rows === 1) return `column ${col + 1} of ${shape.cols}`;
  return `row ${row + 1}, column ${col + 1} of a ${shape.rows} × ${shape.cols} result`;
}

function lastUnit(steps: readonly TraceStep[]): string | undefined {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i].kind === "result") return steps[i].unit;
  return undefined;
}

function stepViews(steps: readonly TraceStep[]): { steps: StepView[]; moreSteps: number } {
  const shown = steps.slice(0, MAX_STEPS).map((s) => ({
    kind: s.kind,
    label: s.label,
    value: formatValue(s.value, s.unit),
    ...(s.detail ? { detail: s.detail } : {}),
  }));
  return { steps: shown, moreSteps: Math.max(0, steps.length - MAX_STEPS) };
}

function describeArgValue(r: ResolvedArg): string {
  if (r.problem) return "not read";
  const v = r.value;
  if (v === null || v === undefined)
    return r.arg.kind === "omitted" ? "left out: the default is used" : "empty";
  if (Array.isArray(v)) {
    const rows = v.length;
    const cols = Array.isArray(v[0]) ? (v[0] as unknown[]).length : 1;
    if (rows * cols === 1) return formatValue((v[0] as unknown[])[0] as TraceStep["value"], undefined);
    return `${rows} row${rows === 1 ? "" : "s"} × ${cols} column${cols === 1 ? "" : "s"}`;
  }
  return formatValue(v as TraceStep["value"], undefined);
}

/** A result for reading; money when the last result step says £. */
function formatResult(value: number | string | boolean | undefined, unit: string | undefined): string {
  if (value === undefined) return "";
  return formatValue(value, unit);
}

const NUMBER = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 6 });

/**
 * A value with its unit, for reading: "£" → "£1,234.50" (negatives in brackets), "%" → "0.5%",
 * "date" → "01/09/2026", "hours"/"weeks"/"days" → "12.5 hours", else a grouped number or the text.
 */
export function formatValue(value: TraceStep["value"] | undefined, unit: string | undefined): string {
  if (value === null || value === undefined) return "(empty)";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case "£":
      return formatPounds(value);
    case "%":
      return `${NUMBER.format(value * 100)}%`;
    case "date":
      return formatUkDate(value);
    case "hours":
    case "weeks":
    case "days":
    case "months":
    case "years":
    case "points":
      return `${NUMBER.format(value)} ${value === 1 ? unit.replace(/s$/, "") : unit}`;
    default:
      return NUMBER.format(value);
  }
}

// ---------------------------------------------------------------------------------------------
// "Try a function": a DSG function with values typed into the pane instead of cells.

/** The functions the try form offers: those whose every argument is a single value. */
export const TRY_FUNCTIONS = [
  "HOURSCOST",
  "PRORATA",
  "FINYEAR",
  "ACADYEAR",
  "TRANSFERAMOUNT",
  "MFGFLOOR",
  "MPPL",
] as const;
export type TryFunction = (typeof TRY_FUNCTIONS)[number];

/** A parameter of a try function, for the form. */
export interface TryParam {
  readonly name: string;
  /** The plain label the form shows ("Hours a week"). */
  readonly label: string;
  readonly optional: boolean;
  /** The default, in words, for the field's hint. */
  readonly hint?: string;
}

/** The parameters of a try function, as the form shows them. */
export function tryParams(fn: TryFunction): TryParam[] {
  const def = (ELEMENTWISE as Readonly<Record<string, ElementwiseDef<unknown>>>)[fn];
  return def.params.map((p) => ({
    name: p.name,
    label: paramLabel(fn, p.name),
    optional: Boolean(p.optional),
    ...(p.optional
      ? { hint: p.default !== undefined ? `Optional; default ${String(p.default)}` : "Optional" }
      : {}),
  }));
}

/**
 * Explain a try function with typed values: blank means left out; "£1,234", "0.5%" and plain
 * numbers are numbers; anything else is text (so a date can be typed as 01/09/2026).
 */
export function tryFunction(fn: TryFunction, typed: readonly string[]): ExplainView {
  const params = tryParams(fn);
  // Trailing blanks are left out; a blank before a given value is an omitted argument.
  let count = params.length;
  while (count > 0 && (typed[count - 1] ?? "").trim() === "") count--;
  const args: Arg[] = [];
  const resolved: ResolvedArg[] = [];
  for (let i = 0; i < count; i++) {
    const text = (typed[i] ?? "").trim();
    let arg: Arg;
    if (text === "") arg = { kind: "omitted", text: "" };
    else {
      const n = parseTypedNumber(text);
      arg =
        n !== undefined
          ? { kind: "number", text, value: n }
          : { kind: "text", text: JSON.stringify(text), value: text };
    }
    args.push(arg);
    resolved.push({
      arg,
      value: arg.kind === "omitted" ? null : (arg as { value: unknown }).value,
      where: arg.kind === "omitted" ? "left out" : "typed in",
    });
  }
  const text = `DSG.${fn}(${args.map((a) => a.text).join(",")})`;
  return explainCall({ fn, args, start: 0, end: text.length, text }, resolved);
}

/** "1,234", "£1,234.50", "0.5%", "-3" → a number; anything else undefined. */
function parseTypedNumber(text: string): number | undefined {
  const t = text.replace(/[£,\s]/g, "");
  const pct = t.endsWith("%");
  const body = pct ? t.slice(0, -1) : t;
  if (!/^-?(?:\d+\.?\d*|\.\d+)$/.test(body)) return undefined;
  const n = Number(body);
  return pct ? percentToFraction(n) : n;
}
