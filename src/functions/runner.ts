/**
 * The one runner every DSG.* function goes through (HyperFormula's shape: a function is a row in a
 * table; the runner coerces, applies defaults, broadcasts over ranges and maps errors; the function
 * author writes only the call into core).
 *
 * Two ways a row is evaluated:
 * - **Element-wise** (`runElementwise`): any scalar parameter may be given a range. All ranges
 *   given must be the same shape (or a single cell, which acts as a scalar for every element); the
 *   result has that shape and spills. One call over a 10,000-row register is the fast path: table
 *   parameters (a band table) are parsed once per call, not once per row.
 * - **Whole-range** (`runWholeRange`): each argument is read once by its kind (a table, a vector,
 *   a per-year series or a single value), core works out one answer for the whole call, and the
 *   row's output shaper lays that answer out as the cells that spill (a column per school, a row
 *   per year).
 *
 * Errors: a core CellError becomes a `CustomFunctions.Error` with the same message, in the cell it
 * belongs to (one bad row in a spilled column does not spoil the others). Nothing throws past the
 * runner: an unexpected exception becomes #VALUE! with a message asking for a report.
 */

import { CellError, ErrorCode, Errors, isCellError, type Result } from "../core/errors";
import { Trace } from "../core/trace";
import {
  asMatrix,
  coerceScalar,
  coerceSeries,
  coerceVector,
  coerceVectorWithBlanks,
  isOmitted,
  isSingle,
  type Matrix,
  type ParamKind,
  type ScalarKind,
} from "./coerce";
import { ContentCache, trimTrailingBlankRows, usedRowCount } from "./extent";

/** What a cell may hold in a function's result. */
export type OutputValue = number | string | boolean | CustomFunctions.Error;
export type OutputMatrix = OutputValue[][];

/**
 * What a parameter's values are, for reading them: "£" and "%" (an Excel percentage, 0.5% is
 * 0.005) amounts, counts in "hours", "weeks", "years" or "pupils", "points" and plain "number"s,
 * a "date", a "financial year", "text", a "table" of values, or "% or £" where a mode says which.
 */
export type ParamUnit =
  | "£"
  | "%"
  | "% or £"
  | "hours"
  | "weeks"
  | "years"
  | "pupils"
  | "points"
  | "number"
  | "date"
  | "financial year"
  | "text"
  | "table";

/**
 * One parameter of a DSG.* function: how the runner reads it and how a reader is told about it.
 * Explain, the "try a function" form and the help pages' checks read these fields; the JSDoc in
 * functions.ts says the same (a test compares the two).
 */
export interface ParamSpec<Kind extends ParamKind = ParamKind> {
  /** The name users see in Excel's argument tips (matches the JSDoc @param). */
  readonly name: string;
  /**
   * How the argument is read. Element-wise rows use the scalar kinds per element and "table" for a
   * whole range handed to `prepare`; whole-range rows may use every kind (scalars read from the
   * range's top-left cell).
   */
  readonly kind: Kind;
  /** May be left out (shown in brackets in Excel's argument tips, as the JSDoc's [name]). */
  readonly optional?: boolean;
  /**
   * Required in the signature, yet an empty cell is a value of its own (PRORATA's end: still open):
   * read as undefined instead of an error.
   */
  readonly mayBeEmpty?: boolean;
  /** Used when the argument is omitted or the cell is empty. */
  readonly default?: number | string;
  /** The reader's words for it, as Explain and the try form show it: "Hours a week". */
  readonly label: string;
  readonly unit: ParamUnit;
  /** The smallest value core accepts, where there is one (core makes the check and words the error). */
  readonly min?: number;
  /** The largest value core accepts, where there is one. */
  readonly max?: number;
  /** What to give, in full: the text of the function's JSDoc @param for it. */
  readonly help: string;
  /** The value a "not a number" or "not text" message suggests, when not the coercion's own. */
  readonly example?: string;
  /**
   * Whole-range rows: set when the argument must be one cell; the fix its error gives for a range
   * ("give one amount for the whole transfer"). Other single-value arguments read the top-left cell.
   */
  readonly oneCell?: string;
}

/** What every row of the function table declares. */
interface FunctionRow<Kind extends ParamKind> {
  /** The name after "DSG.", as Excel shows it. */
  readonly name: string;
  /** One sentence, in plain words, of what the function works out (Explain shows it). */
  readonly summary: string;
  readonly params: readonly ParamSpec<Kind>[];
}

/** A function evaluated element by element over broadcast arguments. */
export interface ElementwiseDef<Ctx> extends FunctionRow<
  Exclude<ScalarKind, "years" | "financialYear"> | "table"
> {
  readonly evaluation: "elementwise";
  /** Parse table parameters once per call (e.g. the band table). Receives them in param order. */
  prepare?(tables: readonly (Matrix | null)[]): Result<Ctx>;
  /** One element: `values` holds every parameter's coerced value (tables as undefined). */
  impl(values: readonly unknown[], ctx: Ctx, trace?: Trace): Result<number | string>;
}

/** One cell of a whole-range result before it is checked for Excel: a value or its own error. */
export type ResultCell = Result<number | string | boolean>;

/** A function that reads its arguments whole and spills one answer laid out by its shaper. */
export interface WholeRangeDef<Answer> extends FunctionRow<ParamKind> {
  readonly evaluation: "wholeRange";
  /**
   * The call into core. `values` holds every argument read by its kind, in param order: an omitted
   * optional argument as its default (undefined when it has none).
   */
  impl(values: readonly unknown[], trace?: Trace): Result<Answer>;
  /**
   * The output shaper: core's answer as the cells the call spills. `given` holds each argument as
   * the matrix it arrived as (null when omitted), for answers that keep an argument's orientation.
   */
  shape(answer: Answer, given: readonly (Matrix | null)[]): ResultCell[][];
}

/**
 * Any row of the function table. (`prepare`, `impl` and `shape` are declared as methods so a row
 * with its own context or answer type is one of these: method parameters are checked both ways.)
 */
export type FunctionDef = ElementwiseDef<unknown> | WholeRangeDef<unknown>;

const EXCEL_CODE: Record<string, CustomFunctions.ErrorCode> = {
  [ErrorCode.value]: "#VALUE!" as CustomFunctions.ErrorCode,
  [ErrorCode.notAvailable]: "#N/A" as CustomFunctions.ErrorCode,
  [ErrorCode.number]: "#NUM!" as CustomFunctions.ErrorCode,
};

/** A CellError as the Excel error object a custom function returns. */
export function toExcelError(error: CellError): CustomFunctions.Error {
  return new CustomFunctions.Error(EXCEL_CODE[error.code], error.message);
}

const notFinite = (name: string): CellError =>
  new CellError(
    ErrorCode.number,
    `${name} gave a result too large to show; check the inputs for a misplaced digit.`,
  );

/** A result value checked and converted for Excel: never NaN or Infinity. */
export function toOutput(value: Result<number | string | boolean>, name: string): OutputValue {
  if (isCellError(value)) return toExcelError(value);
  if (typeof value === "number" && !Number.isFinite(value)) return toExcelError(notFinite(name));
  return value;
}

/** Run a body, turning any unexpected exception into a #VALUE! cell rather than a thrown error. */
export function guard(name: string, body: () => OutputMatrix): OutputMatrix {
  try {
    const out = body();
    // Excel cannot show a result with no cells (it would come from an argument such as [[]]): one
    // error cell that says so is the least a user needs.
    if (out.length === 0 || out.some((row) => row.length === 0)) return [[toExcelError(emptyResult(name))]];
    return out;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return [
      [
        toExcelError(
          new CellError(
            ErrorCode.value,
            `DSG.${name} could not finish (${detail}). Please report this with the inputs used.`,
          ),
        ),
      ],
    ];
  }
}

const emptyResult = (name: string): CellError =>
  new CellError(
    ErrorCode.value,
    `DSG.${name} was given an empty range, so there is nothing to work out; give each argument at least one cell.`,
  );

/** True for an argument with rows but no cells (`[[]]`, or a ragged array whose first row is empty). */
export function isEmptyRange(matrix: Matrix): boolean {
  return matrix.length === 0 || !Array.isArray(matrix[0]) || matrix[0].length === 0;
}

interface Prepared<Ctx> {
  readonly ctx: Ctx;
  readonly matrices: (Matrix | null)[];
  readonly rows: number;
  readonly cols: number;
  /** Rows from here down are blank in every broadcast argument: their results are "". */
  readonly blankFrom: number;
}

/** Parsed tables by content, shared by every call in this runtime (see extent.ts). */
const preparedTables = new ContentCache<unknown>();

/** Coerce tables, check shapes; a CellError means the whole call fails with that message. */
function prepareCall<Ctx>(def: ElementwiseDef<Ctx>, args: readonly unknown[]): Result<Prepared<Ctx>> {
  const tables: (Matrix | null)[] = [];
  const matrices: (Matrix | null)[] = [];
  let rows = 1;
  let cols = 1;
  let shapeFrom = "";
  for (let i = 0; i < def.params.length; i++) {
    const param = def.params[i];
    const matrix = asMatrix(args[i]);
    if (matrix !== null && isEmptyRange(matrix))
      return Errors.shape(param.name, "it is an empty range; give at least one cell");
    if (param.kind === "table") {
      if (matrix === null && !param.optional) return Errors.required(param.name);
      tables.push(matrix === null ? null : trimTrailingBlankRows(matrix));
      matrices.push(null);
      continue;
    }
    matrices.push(matrix);
    if (matrix === null || isSingle(matrix)) continue;
    const height = matrix.length;
    const width = matrix[0].length;
    if (shapeFrom === "") {
      rows = height;
      cols = width;
      shapeFrom = param.name;
    } else if (height !== rows || width !== cols) {
      return Errors.shape(
        param.name,
        `it is ${height}×${width} but ${shapeFrom} is ${rows}×${cols}; give ranges of the same size, or a single value`,
      );
    }
  }
  let ctx = undefined as Ctx;
  if (def.prepare) {
    const prepare = def.prepare;
    const prepared = (
      tables.length === 1 && tables[0] !== null
        ? preparedTables.get(def.name, tables[0], () => prepare(tables))
        : prepare(tables)
    ) as Result<Ctx>;
    if (isCellError(prepared)) return prepared;
    ctx = prepared;
  }
  // The blank tail: below the last row that holds anything in a broadcast argument. Only ranges
  // taller than one row have a tail; a single cell (or a row) is always evaluated.
  let blankFrom = rows;
  if (rows > 1) {
    blankFrom = 0;
    for (const matrix of matrices)
      if (matrix !== null && !isSingle(matrix)) blankFrom = Math.max(blankFrom, usedRowCount(matrix));
  }
  return { ctx, matrices, rows, cols, blankFrom };
}

/** Coerce one element's arguments into `values`; returns an error for the element if any. */
function readElement(
  def: ElementwiseDef<unknown>,
  matrices: readonly (Matrix | null)[],
  row: number,
  col: number,
  values: unknown[],
): CellError | undefined {
  for (let i = 0; i < def.params.length; i++) {
    const param = def.params[i];
    if (param.kind === "table") {
      values[i] = undefined;
      continue;
    }
    const matrix = matrices[i];
    const raw =
      matrix === null
        ? null
        : matrix.length === 1 && matrix[0].length === 1
          ? matrix[0][0]
          : matrix[row][col];
    if (isOmitted(raw)) {
      if (!param.optional && !param.mayBeEmpty) return Errors.required(param.name);
      values[i] = param.default;
      continue;
    }
    const value = coerceScalar(param.kind, raw, param.name, param.example);
    if (isCellError(value)) return value;
    values[i] = value;
  }
  return undefined;
}

/** Evaluate an element-wise function over its (possibly spilled) arguments. */
export function runElementwise<Ctx>(def: ElementwiseDef<Ctx>, args: readonly unknown[]): OutputMatrix {
  return guard(def.name, () => {
    const prepared = prepareCall(def, args);
    if (isCellError(prepared)) return [[toExcelError(prepared)]];
    const { ctx, matrices, rows, cols, blankFrom } = prepared;
    const values: unknown[] = new Array(def.params.length);
    const out: OutputMatrix = new Array(blankFrom);
    const element = (row: number, col: number): OutputValue => {
      const bad = readElement(def as ElementwiseDef<unknown>, matrices, row, col, values);
      return bad ? toExcelError(bad) : toOutput(def.impl(values, ctx), def.name);
    };
    // One range varying and the rest single values (a register column against one band table):
    // equal cells give equal results, so each distinct cell value is worked out once. A register of
    // 10,000 placements over six bands costs six look-ups. Only primitive cell values are keys.
    const varying = matrices.filter((matrix) => matrix !== null && !isSingle(matrix));
    const memo = varying.length === 1 ? new Map<unknown, OutputValue>() : undefined;
    const only = varying[0] as Matrix;
    for (let row = 0; row < blankFrom; row++) {
      const cells: OutputValue[] = new Array(cols);
      for (let col = 0; col < cols; col++) {
        if (memo === undefined) {
          cells[col] = element(row, col);
          continue;
        }
        const key = only[row][col];
        if (key !== null && typeof key === "object") {
          cells[col] = element(row, col);
          continue;
        }
        let result = memo.get(key);
        if (result === undefined) {
          result = element(row, col);
          memo.set(key, result);
        }
        cells[col] = result;
      }
      out[row] = cells;
    }
    // The blank tail is left off: the spill ends at the last row with an input, so the cells
    // below a whole-column register show blank and cost Excel nothing to write. One row is kept
    // (as a blank) when every row is blank, since Excel cannot show an empty result.
    if (blankFrom < rows) {
      out.length = Math.max(blankFrom, 1);
      if (blankFrom === 0) out[0] = new Array<OutputValue>(cols).fill("");
    }
    return out;
  });
}

/** What the explain view shows for one element of a call. */
export interface Explanation {
  readonly fn: string;
  readonly result: number | string | CellError;
  readonly steps: Trace["steps"];
}

/** Re-run one element of an element-wise call with a trace (the explain view). */
export function explainElementwise<Ctx>(
  def: ElementwiseDef<Ctx>,
  args: readonly unknown[],
  row = 0,
  col = 0,
): Explanation {
  const trace = new Trace();
  const prepared = prepareCall(def, args);
  if (isCellError(prepared)) return { fn: def.name, result: prepared, steps: trace.steps };
  const { ctx, matrices, rows, cols } = prepared;
  if (row >= rows || col >= cols)
    throw new RangeError(`explain: element ${row},${col} is outside ${rows}×${cols}`);
  const values: unknown[] = new Array(def.params.length);
  const bad = readElement(def as ElementwiseDef<unknown>, matrices, row, col, values);
  if (bad) return { fn: def.name, result: bad, steps: trace.steps };
  const result = def.impl(values, ctx, trace);
  return { fn: def.name, result, steps: trace.steps };
}

// ---------------------------------------------------------------------------------------------
// Whole-range functions

/** One argument of a whole-range call read by its parameter's kind; undefined when omitted. */
function readWhole(param: ParamSpec, given: Matrix | null): Result<unknown> {
  let value: unknown;
  switch (param.kind) {
    case "table":
      value = given ?? undefined;
      break;
    case "vector":
      value = coerceVector(given, param.name);
      break;
    case "vectorWithBlanks":
      value = coerceVectorWithBlanks(given, param.name);
      break;
    case "series":
      value = coerceSeries(given, param.name);
      break;
    default: {
      const cell = given === null ? null : given[0][0];
      if (isOmitted(cell)) break;
      if (param.oneCell !== undefined && given !== null && !isSingle(given))
        return Errors.shape(param.name, param.oneCell);
      value = coerceScalar(param.kind, cell, param.name, param.example);
    }
  }
  if (isCellError(value)) return value;
  if (value !== undefined) return value;
  if (!param.optional && !param.mayBeEmpty) return Errors.required(param.name);
  return param.default;
}

/**
 * Evaluate a whole-range function: read each argument in param order (the first one wrong gives
 * the call's one error cell), call core once, and spill the shaped answer.
 *
 * @param trace Records core's steps for the explain view.
 */
export function runWholeRange<Answer>(
  def: WholeRangeDef<Answer>,
  args: readonly unknown[],
  trace?: Trace,
): OutputMatrix {
  return guard(def.name, () => {
    const given = def.params.map((_, i) => asMatrix(args[i]));
    const values: unknown[] = [];
    for (let i = 0; i < def.params.length; i++) {
      const value = readWhole(def.params[i], given[i]);
      if (isCellError(value)) return [[toExcelError(value)]];
      values.push(value);
    }
    const answer = def.impl(values, trace);
    if (isCellError(answer)) return [[toExcelError(answer)]];
    return def.shape(answer, given).map((row) => row.map((cell) => toOutput(cell, def.name)));
  });
}
