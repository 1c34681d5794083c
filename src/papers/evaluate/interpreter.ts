/**
 * Evaluating one formula's tree against the cells it reads: operators with Excel's coercions and
 * error passing, references through a {@link CellSource}, functions from the table in
 * functions.ts.
 *
 * Two modes, as in Excel without dynamic arrays: normally an operator takes one value on each
 * side (a range there is not something the papers write, and throws {@link UnsupportedFormula});
 * inside SUMPRODUCT's arguments an operator works cell by cell over ranges, so `--(A1:A9=B1)` is a
 * column of 1s and 0s.
 */

import type { Area } from "../../core/a1";
import { type Evaluator, type Matches, functionNamed } from "./functions";
import type { BinaryOp, FormulaNode } from "./syntax";
import {
  Errors,
  Grid,
  type Scalar,
  UnsupportedFormula,
  type Value,
  compareFolded,
  compareValues,
  finite,
  isError,
  isGrid,
  toNumber,
  toText,
} from "./values";

/** Where a formula's references are read from. */
export interface CellSource {
  /** One cell's value; a sheet that does not exist gives #REF!. */
  cell(sheet: string, row: number, col: number): Scalar;
  /** The values of an area, row by row; a sheet that does not exist gives #REF! throughout. */
  grid(sheet: string, area: Area): Grid;
}

/** One binary operator on two values, with Excel's coercions. */
export function applyBinary(op: BinaryOp, left: Scalar, right: Scalar): Scalar {
  if (isError(left)) return left;
  if (isError(right)) return right;
  switch (op) {
    case "&": {
      const a = toText(left);
      const b = toText(right);
      return isError(a) ? a : isError(b) ? b : a + b;
    }
    case "=":
    case "<>":
    case "<":
    case ">":
    case "<=":
    case ">=":
      return holds(op, compareValues(left, right));
  }
  const a = toNumber(left);
  if (isError(a)) return a;
  const b = toNumber(right);
  if (isError(b)) return b;
  switch (op) {
    case "+":
      return finite(a + b);
    case "-":
      return finite(a - b);
    case "*":
      return finite(a * b);
    case "/":
      return b === 0 ? Errors.div0 : finite(a / b);
    case "^":
      return a === 0 && b === 0 ? Errors.num : finite(a ** b);
  }
}

function negate(value: Scalar): Scalar {
  const number = toNumber(value);
  return isError(number) ? number : -number;
}

function percent(value: Scalar): Scalar {
  const number = toNumber(value);
  return isError(number) ? number : number / 100;
}

/** The comparison operators, which compare ignoring case. */
const COMPARISONS = new Set<BinaryOp>(["=", "<>", "<", ">", "<=", ">="]);

/** Whether `order` (−1, 0, 1) satisfies a comparison operator. */
function holds(op: BinaryOp, order: number): boolean {
  switch (op) {
    case "=":
      return order === 0;
    case "<>":
      return order !== 0;
    case "<":
      return order < 0;
    case ">":
      return order > 0;
    case "<=":
      return order <= 0;
    default:
      return order >= 0;
  }
}

/**
 * An operator over two grids, cell by cell, as Excel's array arithmetic: a side with one row (or
 * one column) is repeated along the other side's rows (columns); otherwise the result has the
 * larger size and its cells beyond the smaller side are #N/A. Comparisons read the grids'
 * lower-cased values, so a text range compared by many formulas is lower-cased once.
 */
function elementwise(op: BinaryOp, left: Grid, right: Grid): Grid {
  const rows = left.rows === 1 ? right.rows : right.rows === 1 ? left.rows : Math.max(left.rows, right.rows);
  const cols = left.cols === 1 ? right.cols : right.cols === 1 ? left.cols : Math.max(left.cols, right.cols);
  const comparison = COMPARISONS.has(op);
  const leftValues = comparison ? left.foldedValues() : left.values;
  const rightValues = comparison ? right.foldedValues() : right.values;
  const values: Scalar[] = new Array<Scalar>(rows * cols);
  for (let row = 0; row < rows; row++) {
    const leftRow = left.rows === 1 ? 0 : row;
    const rightRow = right.rows === 1 ? 0 : row;
    for (let col = 0; col < cols; col++) {
      const leftCol = left.cols === 1 ? 0 : col;
      const rightCol = right.cols === 1 ? 0 : col;
      const out = row * cols + col;
      if (leftRow >= left.rows || leftCol >= left.cols || rightRow >= right.rows || rightCol >= right.cols) {
        values[out] = Errors.na;
        continue;
      }
      const a = leftValues[leftRow * left.cols + leftCol];
      const b = rightValues[rightRow * right.cols + rightCol];
      if (!comparison) values[out] = applyBinary(op, a, b);
      else if (isError(a)) values[out] = a;
      else if (isError(b)) values[out] = b;
      else values[out] = holds(op, compareFolded(a, b));
    }
  }
  return new Grid(rows, cols, values);
}

const asGrid = (value: Value): Grid => (isGrid(value) ? value : new Grid(1, 1, [value]));

/**
 * Evaluates the nodes of formulas on one sheet (`sheet` is the sheet a reference without a sheet
 * name points into).
 */
export class FormulaEvaluator implements Evaluator {
  constructor(
    private readonly source: CellSource,
    private readonly sheet: string,
  ) {}

  /** The formula's result as one value: a one-cell result is its value; a larger array throws. */
  result(node: FormulaNode): Scalar {
    return this.scalar(node);
  }

  value(node: FormulaNode): Value {
    return this.evaluate(node, false);
  }

  array(node: FormulaNode): Value {
    return this.evaluate(node, true);
  }

  matches(node: FormulaNode): Matches | undefined {
    // --(range=value) or --(value=range): a double negation of an equality with one range side.
    if (node.kind !== "negate" || node.operand.kind !== "negate") return undefined;
    const equality = node.operand.operand;
    if (equality.kind !== "binary" || equality.op !== "=") return undefined;
    const isRange = (n: FormulaNode): n is Extract<FormulaNode, { kind: "ref" }> =>
      n.kind === "ref" && (n.area.top !== n.area.bottom || n.area.left !== n.area.right);
    const isOneValue = (n: FormulaNode): boolean =>
      n.kind === "number" || n.kind === "string" || n.kind === "bool" || (n.kind === "ref" && !isRange(n));
    const [range, other] = isRange(equality.left)
      ? [equality.left, equality.right]
      : isRange(equality.right)
        ? [equality.right, equality.left]
        : [undefined, equality.left];
    if (!range || !isOneValue(other)) return undefined;
    const target = this.scalar(other);
    if (isError(target)) return undefined;
    const grid = this.source.grid(range.sheet ?? this.sheet, range.area);
    if (grid.firstError() >= 0) return undefined;
    return { rows: grid.rows, cols: grid.cols, positions: grid.positionsEqual(target) };
  }

  scalar(node: FormulaNode): Scalar {
    // One cell read straight from the source: most references in the papers are to one cell.
    if (node.kind === "ref" && node.area.top === node.area.bottom && node.area.left === node.area.right)
      return this.source.cell(node.sheet ?? this.sheet, node.area.top, node.area.left);
    return this.single(this.evaluate(node, false));
  }

  private single(value: Value): Scalar {
    if (!isGrid(value)) return value;
    if (value.rows === 1 && value.cols === 1) return value.values[0];
    throw new UnsupportedFormula(
      `a range of ${value.rows}×${value.cols} cells where one value is needed (Excel would intersect or spill it)`,
    );
  }

  private evaluate(node: FormulaNode, arrays: boolean): Value {
    switch (node.kind) {
      case "number":
      case "string":
      case "bool":
      case "error":
        return node.value;
      case "missing":
        // An empty argument is 0, as in IF(A1,,2) when A1 is TRUE.
        return 0;
      case "ref": {
        const sheet = node.sheet ?? this.sheet;
        const { top, left, bottom, right } = node.area;
        if (top === bottom && left === right) return new Grid(1, 1, [this.source.cell(sheet, top, left)]);
        return this.source.grid(sheet, node.area);
      }
      case "negate":
      case "percent": {
        const op = node.kind === "negate" ? negate : percent;
        if (!arrays) return op(this.scalar(node.operand));
        const operand = this.evaluate(node.operand, arrays);
        if (!isGrid(operand)) return op(operand);
        const values = new Array<Scalar>(operand.values.length);
        for (let i = 0; i < values.length; i++) values[i] = op(operand.values[i]);
        return new Grid(operand.rows, operand.cols, values);
      }
      case "binary": {
        if (!arrays) return applyBinary(node.op, this.scalar(node.left), this.scalar(node.right));
        const left = this.evaluate(node.left, arrays);
        const right = this.evaluate(node.right, arrays);
        if (isGrid(left) || isGrid(right)) return elementwise(node.op, asGrid(left), asGrid(right));
        return applyBinary(node.op, left, right);
      }
      case "call": {
        const definition = functionNamed(node.name);
        if (!definition) throw new UnsupportedFormula(`the function ${node.name}`);
        if (node.args.length < definition.minArgs || node.args.length > definition.maxArgs)
          throw new UnsupportedFormula(
            `${node.name} with ${node.args.length} arguments (it takes ${definition.minArgs} to ${definition.maxArgs})`,
          );
        return definition.call(node.args, this);
      }
    }
  }
}
