/**
 * The worksheet functions the evaluator knows, one row each: how many arguments it takes and
 * what it does with them, with Excel's semantics (Microsoft's help page for each function).
 *
 * A function receives its arguments unevaluated and asks the {@link Evaluator} for each in the
 * form it needs, because Excel treats the same argument differently by function: SUM counts only
 * the numbers in a referenced range but reads a typed "3" as 3, IF evaluates only the branch it
 * takes, SUMPRODUCT works on whole arrays. The papers use SUM, SUMIFS, COUNTIFS, SUMPRODUCT,
 * COUNT, ROUND, MIN, MAX, IF, IFERROR, INDEX, MATCH (exact), ABS, AND, OR and TEXT (the list
 * test/papers/invariants.ts allows).
 */

import type { FormulaNode } from "./syntax";
import {
  Errors,
  type ExcelError,
  Grid,
  type Scalar,
  UnsupportedFormula,
  type Value,
  compareValues,
  excelRound,
  finite,
  formatText,
  isError,
  isGrid,
  toBoolean,
  toNumber,
  toText,
} from "./values";

/** What a function asks of the evaluator for its arguments. */
export interface Evaluator {
  /** The argument's value; a reference gives a {@link Grid} (1×1 for one cell). */
  value(node: FormulaNode): Value;
  /** The argument as one value: a one-cell reference gives its value; a larger range throws. */
  scalar(node: FormulaNode): Scalar;
  /** The argument evaluated as an array, operators working cell by cell (SUMPRODUCT's way). */
  array(node: FormulaNode): Value;
  /**
   * For an argument `--(range=value)` over a range without errors: the range's size and the
   * positions (row-major, ascending) where it is 1. Undefined for any other argument.
   */
  matches(node: FormulaNode): Matches | undefined;
}

/** Where a `--(range=value)` array is 1 (it is 0 everywhere else). */
export interface Matches {
  readonly rows: number;
  readonly cols: number;
  readonly positions: readonly number[];
}

/** One function: its arity, and its implementation over unevaluated arguments. */
export interface FunctionDef {
  readonly minArgs: number;
  readonly maxArgs: number;
  call(args: readonly FormulaNode[], evaluator: Evaluator): Value;
}

/** An argument as a number (Excel's arithmetic coercion). */
function numberArg(evaluator: Evaluator, node: FormulaNode): number | ExcelError {
  return toNumber(evaluator.scalar(node));
}

/**
 * The numbers SUM, MIN and MAX read. In a referenced range only numbers count (text, TRUE and
 * blanks are passed over); an argument typed or computed counts as its number, so a text that
 * is not a number there is #VALUE!. An error anywhere is the result.
 */
function numbersIn(args: readonly FormulaNode[], evaluator: Evaluator): number[] | ExcelError {
  const numbers: number[] = [];
  for (const arg of args) {
    const value = evaluator.value(arg);
    if (isGrid(value)) {
      for (const cell of value.values) {
        if (isError(cell)) return cell;
        if (typeof cell === "number") numbers.push(cell);
      }
    } else {
      const number = toNumber(value);
      if (isError(number)) return number;
      numbers.push(number);
    }
  }
  return numbers;
}

/** The values of a range argument; a single value is a 1×1 grid. */
function gridArg(evaluator: Evaluator, node: FormulaNode): Grid {
  return gridOf(evaluator.value(node));
}

/**
 * A test of text against Excel's wildcards (`*` any run, `?` one character, `~` makes the next
 * literal), ignoring case. Text without any of them is compared as it is: no pattern to build
 * for each of 10,000 band look-ups.
 */
function textMatcher(text: string): (cell: string) => boolean {
  if (!/[*?~]/.test(text)) {
    const folded = text.toLowerCase();
    return (cell) => cell.toLowerCase() === folded;
  }
  const pattern = wildcardPattern(text);
  return (cell) => pattern.test(cell);
}

function wildcardPattern(text: string): RegExp {
  let pattern = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "~" && i + 1 < text.length) pattern += escapeRegExp(text[++i]);
    else if (ch === "*") pattern += "[\\s\\S]*";
    else if (ch === "?") pattern += "[\\s\\S]";
    else pattern += escapeRegExp(ch);
  }
  return new RegExp(`^${pattern}$`, "i");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Text that is a number, for a criterion ("5", ">=2.5"): the same reading as arithmetic. */
function numberOfText(text: string): number | undefined {
  const number = toNumber(text);
  return typeof number === "number" && text.trim() !== "" ? number : undefined;
}

/**
 * A COUNTIFS/SUMIFS criterion as a test of one cell, per Microsoft's COUNTIFS help: an operator
 * (`=`, `<>`, `<`, `>`, `<=`, `>=`) and a value, or a value alone (equality). A number compares
 * with numbers (and text holding that number); other text matches text ignoring case, with the
 * wildcards `*`, `?` and `~`; `"="` matches empty cells and `"<>"` cells that hold anything.
 * @example criterionTest("<>")("x") === true
 * @example criterionTest("Gains")("gains") === true
 */
export function criterionTest(criterion: Scalar): (cell: Scalar) => boolean {
  if (criterion === null)
    throw new UnsupportedFormula("a COUNTIFS/SUMIFS criterion taken from an empty cell");
  if (isError(criterion)) return (cell) => isError(cell) && cell.code === criterion.code;
  if (typeof criterion === "number") return numberEquals(criterion);
  if (typeof criterion === "boolean") return (cell) => cell === criterion;
  const [, op, operand] = /^(<>|<=|>=|<|>|=)?([\s\S]*)$/.exec(criterion) as RegExpExecArray;
  const number = numberOfText(operand);
  const bool = /^(TRUE|FALSE)$/i.test(operand) ? operand.toUpperCase() === "TRUE" : undefined;
  if (op === undefined || op === "=" || op === "<>") {
    let equals: (cell: Scalar) => boolean;
    if (operand === "")
      // "" alone also matches a cell holding empty text; "=" only a cell that is empty.
      equals = op === undefined ? (cell) => cell === null || cell === "" : (cell) => cell === null;
    else if (number !== undefined) equals = numberEquals(number);
    else if (bool !== undefined) equals = (cell) => cell === bool;
    else {
      const matcher = textMatcher(operand);
      equals = (cell) => typeof cell === "string" && matcher(cell);
    }
    return op === "<>" ? (cell) => !equals(cell) : equals;
  }
  // An ordering: numbers with numbers, text with text; other kinds never match.
  const holds = (order: number): boolean =>
    op === "<" ? order < 0 : op === ">" ? order > 0 : op === "<=" ? order <= 0 : order >= 0;
  if (number !== undefined) return (cell) => typeof cell === "number" && holds(compareValues(cell, number));
  return (cell) => typeof cell === "string" && holds(compareValues(cell, operand));
}

function numberEquals(target: number): (cell: Scalar) => boolean {
  return (cell) =>
    typeof cell === "number" ? cell === target : typeof cell === "string" && numberOfText(cell) === target;
}

/** COUNTIFS and SUMIFS: the cells where every (range, criterion) pair holds. */
function conditionalRows(
  pairs: readonly FormulaNode[],
  evaluator: Evaluator,
  size: { rows: number; cols: number } | undefined,
): boolean[] | ExcelError {
  let matched: boolean[] | undefined;
  for (let k = 0; k < pairs.length; k += 2) {
    const range = gridArg(evaluator, pairs[k]);
    if (size && (range.rows !== size.rows || range.cols !== size.cols)) return Errors.value;
    size = range;
    const criterion = evaluator.scalar(pairs[k + 1]);
    const test = criterionTest(criterion);
    matched ??= range.values.map(() => true);
    if (matched.length !== range.values.length) return Errors.value;
    for (let i = 0; i < matched.length; i++) if (matched[i] && !test(range.values[i])) matched[i] = false;
  }
  return matched ?? [];
}

/** Excel's exact MATCH (type 0): the first cell equal to the value, text ignoring case, wildcards. */
function exactMatch(lookup: Scalar, list: readonly Scalar[]): number | ExcelError {
  if (lookup === null || isError(lookup)) return lookup ?? Errors.na;
  let equals: (cell: Scalar) => boolean;
  if (typeof lookup === "string") {
    const matcher = textMatcher(lookup);
    equals = (cell) => typeof cell === "string" && matcher(cell);
  } else equals = (cell) => typeof cell === typeof lookup && cell === lookup;
  const index = list.findIndex(equals);
  return index < 0 ? Errors.na : index + 1;
}

/** The functions, by upper-case name. */
export const FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  SUM: {
    minArgs: 1,
    maxArgs: 255,
    call: (args, ev) => {
      const numbers = numbersIn(args, ev);
      return isError(numbers) ? numbers : finite(numbers.reduce((sum, n) => sum + n, 0));
    },
  },
  MIN: { minArgs: 1, maxArgs: 255, call: (args, ev) => extreme(args, ev, (n, best) => n < best) },
  MAX: { minArgs: 1, maxArgs: 255, call: (args, ev) => extreme(args, ev, (n, best) => n > best) },
  // COUNT never gives an error: it counts numbers in ranges, and typed arguments that are or read
  // as numbers (TRUE, "3").
  COUNT: {
    minArgs: 1,
    maxArgs: 255,
    call: (args, ev) => {
      let count = 0;
      for (const arg of args) {
        const value = ev.value(arg);
        if (isGrid(value)) {
          for (const cell of value.values) if (typeof cell === "number") count++;
        } else if (value !== null && !isError(value) && !isError(toNumber(value))) count++;
      }
      return count;
    },
  },
  ABS: {
    minArgs: 1,
    maxArgs: 1,
    call: (args, ev) => {
      const number = numberArg(ev, args[0]);
      return isError(number) ? number : Math.abs(number);
    },
  },
  ROUND: {
    minArgs: 2,
    maxArgs: 2,
    call: (args, ev) => {
      const number = numberArg(ev, args[0]);
      if (isError(number)) return number;
      const digits = numberArg(ev, args[1]);
      return isError(digits) ? digits : excelRound(number, digits);
    },
  },
  IF: {
    minArgs: 2,
    maxArgs: 3,
    call: (args, ev) => {
      const condition = toBoolean(ev.scalar(args[0]));
      if (isError(condition)) return condition;
      if (condition) return ev.value(args[1]);
      return args.length > 2 ? ev.value(args[2]) : false;
    },
  },
  IFERROR: {
    minArgs: 2,
    maxArgs: 2,
    call: (args, ev) => {
      const value = ev.scalar(args[0]);
      return isError(value) ? ev.value(args[1]) : value;
    },
  },
  AND: { minArgs: 1, maxArgs: 255, call: (args, ev) => logical(args, ev, "AND") },
  OR: { minArgs: 1, maxArgs: 255, call: (args, ev) => logical(args, ev, "OR") },
  INDEX: {
    minArgs: 2,
    maxArgs: 3,
    call: (args, ev) => {
      const grid = gridArg(ev, args[0]);
      const first = numberArg(ev, args[1]);
      if (isError(first)) return first;
      const second = args.length > 2 ? numberArg(ev, args[2]) : undefined;
      if (isError(second)) return second;
      // One index into a single row picks a column (INDEX(A1:E1, 3) is C1).
      let [row, col] = second === undefined && grid.rows === 1 ? [1, first] : [first, second ?? 1];
      row = Math.trunc(row);
      col = Math.trunc(col);
      if (row < 0 || col < 0) return Errors.value;
      if (row === 0 || col === 0)
        throw new UnsupportedFormula("INDEX with a row or column of 0 (a whole row or column)");
      return row > grid.rows || col > grid.cols ? Errors.ref : grid.at(row - 1, col - 1);
    },
  },
  MATCH: {
    minArgs: 2,
    maxArgs: 3,
    call: (args, ev) => {
      const lookup = ev.scalar(args[0]);
      const grid = gridArg(ev, args[1]);
      const type = args.length > 2 ? numberArg(ev, args[2]) : 1;
      if (isError(type)) return type;
      if (type !== 0) throw new UnsupportedFormula("MATCH other than an exact match (0)");
      if (grid.rows !== 1 && grid.cols !== 1) return Errors.na;
      return exactMatch(lookup, grid.values);
    },
  },
  COUNTIFS: {
    minArgs: 2,
    maxArgs: 254,
    call: (args, ev) => {
      if (args.length % 2 !== 0) throw new UnsupportedFormula("COUNTIFS with a range without its criterion");
      const matched = conditionalRows(args, ev, undefined);
      return isError(matched) ? matched : matched.filter(Boolean).length;
    },
  },
  SUMIFS: {
    minArgs: 3,
    maxArgs: 255,
    call: (args, ev) => {
      if (args.length % 2 !== 1) throw new UnsupportedFormula("SUMIFS with a range without its criterion");
      const sumRange = gridArg(ev, args[0]);
      const matched = conditionalRows(args.slice(1), ev, sumRange);
      if (isError(matched)) return matched;
      let sum = 0;
      for (let i = 0; i < matched.length; i++) {
        if (!matched[i]) continue;
        const cell = sumRange.values[i];
        if (isError(cell)) return cell;
        if (typeof cell === "number") sum += cell;
      }
      return finite(sum);
    },
  },
  // Arrays of one shape multiplied cell by cell and added; a cell that is not a number (text,
  // TRUE, blank) counts as 0, which is why the papers write --(range=value).
  SUMPRODUCT: {
    minArgs: 1,
    maxArgs: 255,
    call: (args, ev) => sumOfMatches(args, ev) ?? sumProduct(args, ev),
  },
  TEXT: {
    minArgs: 2,
    maxArgs: 2,
    call: (args, ev) => {
      const number = numberArg(ev, args[0]);
      if (isError(number)) return number;
      const format = toText(ev.scalar(args[1]));
      return isError(format) ? format : formatText(number, format);
    },
  },
} satisfies Record<string, FunctionDef>;

/** MIN or MAX: the number `beats` every other, 0 when there are none. */
function extreme(
  args: readonly FormulaNode[],
  evaluator: Evaluator,
  beats: (number: number, best: number) => boolean,
): Value {
  const numbers = numbersIn(args, evaluator);
  if (isError(numbers)) return numbers;
  return numbers.length === 0 ? 0 : numbers.reduce((best, n) => (beats(n, best) ? n : best));
}

/**
 * AND and OR: TRUE/FALSE and numbers in ranges count (text and blanks there are passed over);
 * typed arguments are read as conditions; with nothing to read the result is #VALUE!.
 */
function logical(args: readonly FormulaNode[], evaluator: Evaluator, name: "AND" | "OR"): Value {
  const seen: boolean[] = [];
  for (const arg of args) {
    const value = evaluator.value(arg);
    const cells = isGrid(value) ? value.values.filter((c) => typeof c !== "string" && c !== null) : [value];
    for (const cell of cells) {
      const condition = toBoolean(cell);
      if (isError(condition)) return condition;
      seen.push(condition);
    }
  }
  if (seen.length === 0) return Errors.value;
  return name === "AND" ? seen.every(Boolean) : seen.some(Boolean);
}

/** The function of an upper-case name, or undefined when the evaluator does not know it. */
export function functionNamed(name: string): FunctionDef | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}

/** SUMPRODUCT cell by cell: arrays of one shape multiplied and added; errors pass on. */
function sumProduct(args: readonly FormulaNode[], evaluator: Evaluator): Value {
  const grids = args.map((arg) => gridOf(evaluator.array(arg)));
  const { rows, cols } = grids[0];
  if (grids.some((g) => g.rows !== rows || g.cols !== cols)) return Errors.value;
  let sum = 0;
  for (let i = 0; i < rows * cols; i++) {
    let product = 1;
    for (const grid of grids) {
      const cell = grid.values[i];
      if (isError(cell)) return cell;
      product *= typeof cell === "number" ? cell : 0;
    }
    sum += product;
  }
  return finite(sum);
}

/**
 * SUMPRODUCT when some arguments are `--(range=value)`: only the cells where every such argument
 * is 1 can add anything, so only those are visited (a summary row of 300 schools over a
 * 10,000-row register visits its school's rows, not the register). The same products are added
 * in the same order as {@link sumProduct}, which skips only additions of 0, so the result is the
 * same to the last bit. Undefined (use {@link sumProduct}) when no argument has that form or an
 * array holds an error, whose passing on {@link sumProduct} does as Excel does.
 */
function sumOfMatches(args: readonly FormulaNode[], evaluator: Evaluator): Value | undefined {
  const matches = args.map((arg) => evaluator.matches(arg));
  if (!matches.some(Boolean)) return undefined;
  const others = args.map((arg, i) => (matches[i] ? undefined : gridOf(evaluator.array(arg))));
  const shapes = args.map((_, i) => (matches[i] ?? others[i]) as { rows: number; cols: number });
  if (shapes.some((s) => s.rows !== shapes[0].rows || s.cols !== shapes[0].cols)) return Errors.value;
  if (others.some((grid) => grid !== undefined && grid.firstError() >= 0)) return undefined;
  const lists = matches.filter((m): m is Matches => m !== undefined).map((m) => m.positions);
  lists.sort((a, b) => a.length - b.length);
  const alsoIn = lists.slice(1).map((list) => new Set(list));
  const dense = others.filter((grid): grid is Grid => grid !== undefined);
  let sum = 0;
  for (const position of lists[0]) {
    if (!alsoIn.every((set) => set.has(position))) continue;
    let product = 1;
    for (const grid of dense) {
      const cell = grid.values[position];
      product *= typeof cell === "number" ? cell : 0;
    }
    sum += product;
  }
  return finite(sum);
}

/** A value as a grid (a single value is 1×1). */
function gridOf(value: Value): Grid {
  return isGrid(value) ? value : new Grid(1, 1, [value]);
}
