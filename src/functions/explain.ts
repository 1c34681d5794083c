/**
 * The explain view's engine side: given one DSG.* call and the values its arguments read, run the
 * same code the cell runs, with a Trace, and describe the inputs, each step and the result in words
 * a school business manager can follow.
 *
 * Pure: both hosts resolve the arguments (Excel: the referenced ranges read in one sync; the
 * preview: the opened file's values) and hand them here. Nothing is calculated twice: element-wise
 * functions go through `explainElementwise`, whole-range ones through `runWholeRange` with a trace.
 * Each function's summary and each parameter's label come from its row of the function table.
 */

import { percentToFraction } from "../core/validate";
import { formatUkDate } from "../core/dates";
import { formatPounds } from "../core/money";
import { isCellError } from "../core/errors";
import { Trace, type TraceStep } from "../core/trace";
import { argShape, type Arg, type DsgCall } from "../core/formula-tokens";
import { explainElementwise, runWholeRange } from "./runner";
import { FUNCTIONS, functionRow, type FunctionName } from "./table";

/** Every function the explain view knows, in the function table's order. */
export const EXPLAINABLE = Object.keys(FUNCTIONS) as FunctionName[];

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
 * @param call the parsed call (see core/formula-tokens.ts)
 * @param resolved the call's arguments with the values read, in order
 * @param row zero-based row of the element within the spilled result (0 when it does not spill)
 * @param col zero-based column of the element
 * @example explainCall(parseDsgFormula("=DSG.FINYEAR(45900)")!, [{arg, value: 45900, where: "typed"}]).result.text // "2025-26"
 */
export function explainCall(call: DsgCall, resolved: readonly ResolvedArg[], row = 0, col = 0): ExplainView {
  const fn = `DSG.${call.fn}`;
  const def = functionRow(call.fn);
  const summary = def?.summary ?? "This is not a Forum Papers function the explain view knows.";
  const base = { fn, summary, steps: [] as StepView[], moreSteps: 0 };
  if (!def) {
    return {
      ...base,
      args: [],
      result: { text: "" },
      unavailable: `${fn} is not a function Forum Papers provides.`,
    };
  }
  const args = def.params.map((param, i) => {
    const given = resolved[i];
    return {
      name: param.name,
      label: param.label,
      given: given ? given.arg.text || "(left out)" : "(left out)",
      value: given ? describeArgValue(given) : "the default",
      where: given?.where ?? "",
    };
  });
  if (resolved.length > def.params.length) {
    return {
      ...base,
      args,
      result: { text: "" },
      unavailable: `${fn} takes at most ${def.params.length} arguments; this call gives ${resolved.length}.`,
    };
  }
  const blocked = resolved.find((r) => r.problem);
  if (blocked) return { ...base, args, result: { text: "" }, unavailable: blocked.problem };

  const values = def.params.map((_, i) => resolved[i]?.value ?? null);
  if (def.evaluation === "elementwise") {
    // Element-wise: the element (row, col) of the broadcast; a call that does not spill has one.
    // A table argument (the band table) is read whole, so it never sets the spill's shape.
    const shape = broadcastShape(resolved.filter((_, i) => def.params[i]?.kind !== "table"));
    const elementRow = shape.rows > 1 ? row : 0;
    const elementCol = shape.cols > 1 ? col : 0;
    const explained = explainElementwise(
      def,
      values,
      Math.min(elementRow, shape.rows - 1),
      Math.min(elementCol, shape.cols - 1),
    );
    const element = shape.rows * shape.cols > 1 ? elementText(elementRow, elementCol, shape) : undefined;
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
  const out = runWholeRange(def, values, trace);
  const rows = out.length;
  const cols = out[0]?.length ?? 0;
  const elementRow = Math.min(row, rows - 1);
  const elementCol = Math.min(col, cols - 1);
  const cell = out[elementRow]?.[elementCol];
  const element = rows * cols > 1 ? elementText(elementRow, elementCol, { rows, cols }) : undefined;
  return {
    ...base,
    ...stepViews(trace.steps),
    args,
    result: errorOf(cell) ?? { text: formatResult(cell as number | string | boolean, lastUnit(trace.steps)) },
    ...(element ? { element } : {}),
  };
}

/** A cell error from a runner's output (CustomFunctions.Error, or anything with code and message). */
function errorOf(value: unknown): { text: string; error?: string } | undefined {
  if (isCellError(value)) return { text: value.code, error: value.message };
  if (typeof value === "object" && value !== null && "code" in value) {
    const error = value as { code: string; message?: string };
    return { text: error.code, ...(error.message ? { error: error.message } : {}) };
  }
  return undefined;
}

function broadcastShape(resolved: readonly ResolvedArg[]): { rows: number; cols: number } {
  let rows = 1;
  let cols = 1;
  for (const given of resolved) {
    const size = Array.isArray(given.value)
      ? { rows: given.value.length, cols: (given.value[0] as unknown[])?.length ?? 1 }
      : argShape(given.arg);
    if (size.rows * size.cols > 1) {
      rows = size.rows;
      cols = size.cols;
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
  const shown = steps.slice(0, MAX_STEPS).map((step) => ({
    kind: step.kind,
    label: step.label,
    value: formatValue(step.value, step.unit),
    ...(step.detail ? { detail: step.detail } : {}),
  }));
  return { steps: shown, moreSteps: Math.max(0, steps.length - MAX_STEPS) };
}

function describeArgValue(given: ResolvedArg): string {
  if (given.problem) return "not read";
  const value = given.value;
  if (value === null || value === undefined)
    return given.arg.kind === "omitted" ? "left out: the default is used" : "empty";
  if (Array.isArray(value)) {
    const rows = value.length;
    const cols = Array.isArray(value[0]) ? (value[0] as unknown[]).length : 1;
    if (rows * cols === 1) return formatValue((value[0] as unknown[])[0] as TraceStep["value"], undefined);
    return `${rows} row${rows === 1 ? "" : "s"} × ${cols} column${cols === 1 ? "" : "s"}`;
  }
  return formatValue(value as TraceStep["value"], undefined);
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

/**
 * The functions the try form offers: those whose every argument is a single value (the
 * element-wise rows with no table parameter; a test checks the list against the table).
 */
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
  return FUNCTIONS[fn].params.map((param) => {
    // A parameter that may be an empty cell (PRORATA's end) may be left blank in the form too.
    const optional = Boolean(param.optional || param.mayBeEmpty);
    return {
      name: param.name,
      label: param.label,
      optional,
      ...(optional
        ? { hint: param.default !== undefined ? `Optional; default ${String(param.default)}` : "Optional" }
        : {}),
    };
  });
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
      const number = parseTypedNumber(text);
      arg =
        number !== undefined
          ? { kind: "number", text, value: number }
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
  const bare = text.replace(/[£,\s]/g, "");
  const isPercent = bare.endsWith("%");
  const body = isPercent ? bare.slice(0, -1) : bare;
  if (!/^-?(?:\d+\.?\d*|\.\d+)$/.test(body)) return undefined;
  const number = Number(body);
  return isPercent ? percentToFraction(number) : number;
}
