/**
 * The one runner every DSG.* function goes through (HyperFormula's shape: a function is a row in a
 * table; the runner coerces, applies defaults, broadcasts over ranges and maps errors; the function
 * author writes only the call into core).
 *
 * Broadcasting: any scalar parameter may be given a range. All ranges given must be the same shape
 * (or a single cell, which acts as a scalar for every element); the result has that shape and
 * spills. One call over a 10,000-row register is the fast path: table parameters (a band table) are
 * parsed once per call, not once per row.
 *
 * Errors: a core CellError becomes a `CustomFunctions.Error` with the same message, in the cell it
 * belongs to (one bad row in a spilled column does not spoil the others). Nothing throws past the
 * runner: an unexpected exception becomes #VALUE! with a message asking for a report.
 */

import { CellError, ErrorCode, Errors, isCellError, type Result } from "../core/errors";
import { Trace } from "../core/trace";
import { asMatrix, coerceScalar, isOmitted, isSingle, type Matrix, type ScalarKind } from "./coerce";
import { ContentCache, trimTrailingBlankRows, usedRowCount } from "./extent";

/** What a cell may hold in a function's result. */
export type OutputValue = number | string | boolean | CustomFunctions.Error;
export type OutputMatrix = OutputValue[][];

export interface ParamSpec {
  /** The name users see in Excel's argument tips (matches the JSDoc @param). */
  readonly name: string;
  /** "table": a whole range handed to `prepare`, never broadcast. Others are read per element. */
  readonly kind: ScalarKind | "table";
  readonly optional?: boolean;
  /** Used when the argument is omitted or the cell is empty. */
  readonly default?: unknown;
}

/** A function evaluated element by element over broadcast arguments. */
export interface ElementwiseDef<Ctx> {
  readonly name: string;
  readonly params: readonly ParamSpec[];
  /** Parse table parameters once per call (e.g. the band table). Receives them in param order. */
  readonly prepare?: (tables: readonly (Matrix | null)[]) => Result<Ctx>;
  /** One element: `values` holds every parameter's coerced value (tables as undefined). */
  readonly impl: (values: readonly unknown[], ctx: Ctx, trace?: Trace) => Result<number | string>;
}

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
export function isEmptyRange(m: Matrix): boolean {
  return m.length === 0 || !Array.isArray(m[0]) || m[0].length === 0;
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
    const p = def.params[i];
    const m = asMatrix(args[i]);
    if (m !== null && isEmptyRange(m))
      return Errors.shape(p.name, "it is an empty range; give at least one cell");
    if (p.kind === "table") {
      if (m === null && !p.optional) return Errors.required(p.name);
      tables.push(m === null ? null : trimTrailingBlankRows(m));
      matrices.push(null);
      continue;
    }
    matrices.push(m);
    if (m === null || isSingle(m)) continue;
    const r = m.length;
    const c = m[0].length;
    if (shapeFrom === "") {
      rows = r;
      cols = c;
      shapeFrom = p.name;
    } else if (r !== rows || c !== cols) {
      return Errors.shape(
        p.name,
        `it is ${r}×${c} but ${shapeFrom} is ${rows}×${cols}; give ranges of the same size, or a single value`,
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
    for (const m of matrices)
      if (m !== null && !isSingle(m)) blankFrom = Math.max(blankFrom, usedRowCount(m));
  }
  return { ctx, matrices, rows, cols, blankFrom };
}

/** Coerce one element's arguments into `values`; returns an error for the element if any. */
function readElement(
  def: ElementwiseDef<unknown>,
  matrices: readonly (Matrix | null)[],
  r: number,
  c: number,
  values: unknown[],
): CellError | undefined {
  for (let i = 0; i < def.params.length; i++) {
    const p = def.params[i];
    if (p.kind === "table") {
      values[i] = undefined;
      continue;
    }
    const m = matrices[i];
    const raw = m === null ? null : m.length === 1 && m[0].length === 1 ? m[0][0] : m[r][c];
    if (isOmitted(raw)) {
      if (!p.optional) return Errors.required(p.name);
      values[i] = p.default;
      continue;
    }
    const v = coerceScalar(p.kind, raw, p.name);
    if (isCellError(v)) return v;
    values[i] = v;
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
    const element = (r: number, c: number): OutputValue => {
      const bad = readElement(def as ElementwiseDef<unknown>, matrices, r, c, values);
      return bad ? toExcelError(bad) : toOutput(def.impl(values, ctx), def.name);
    };
    // One range varying and the rest single values (a register column against one band table):
    // equal cells give equal results, so each distinct cell value is worked out once. A register of
    // 10,000 placements over six bands costs six look-ups. Only primitive cell values are keys.
    const varying = matrices.filter((m) => m !== null && !isSingle(m));
    const memo = varying.length === 1 ? new Map<unknown, OutputValue>() : undefined;
    const only = varying[0] as Matrix;
    for (let r = 0; r < blankFrom; r++) {
      const row: OutputValue[] = new Array(cols);
      for (let c = 0; c < cols; c++) {
        if (memo === undefined) {
          row[c] = element(r, c);
          continue;
        }
        const key = only[r][c];
        if (key !== null && typeof key === "object") {
          row[c] = element(r, c);
          continue;
        }
        let result = memo.get(key);
        if (result === undefined) {
          result = element(r, c);
          memo.set(key, result);
        }
        row[c] = result;
      }
      out[r] = row;
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
