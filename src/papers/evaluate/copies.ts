/**
 * Reading a workbook's formulas when most are copies of a few down a column: `ROUND(D11-C11,2)`,
 * `ROUND(D12-C12,2)`… are one formula moved by a row. The first of each shape is parsed in full;
 * a later one that is the same formula moved down or up gets the first one's tree with its
 * relative rows moved, without tokenizing or parsing again (the finishing pass reads 50,000
 * formulas on a 10,000-placement build, and reading was most of its time).
 *
 * The shape is the text with every run of digits written "#": same shape means the same text
 * apart from digits, so the same functions, columns, sheet names and `$` signs. Of a shape whose
 * digits are all row numbers and whole-number constants (checked on the first one's tokens), a
 * later formula is a moved copy when each of its constants and fixed (`$`) rows has the first
 * one's digits and each relative row differs from the first one's by the same number of rows.
 * Anything else (a constant that differs, rows moved by different amounts, digits in text or a
 * sheet name) is parsed in full.
 */

import { type A1Part, type Area, MAX_ROWS, parsePart } from "../../core/a1";
import { tokenize } from "../../core/formula-tokens";
import { type FormulaNode, parseFormula, referencesIn } from "./syntax";

/** What a run of digits in a shape's text is. */
type Run =
  { readonly kind: "fixed"; readonly digits: string } | { readonly kind: "row"; readonly row: number };

/** One end of a reference in the first formula: its row, and whether the row is relative. */
interface End {
  readonly row: number;
  readonly relative: boolean;
}

/** The first formula of a shape: its tree, its digit runs, each reference's two ends. */
interface Shape {
  readonly tree: FormulaNode;
  readonly runs: readonly Run[];
  readonly ends: readonly (readonly [End, End])[];
  /** The tree's references, in the order written (the order of `ends`). */
  readonly refs: readonly Ref[];
}

type Ref = Extract<FormulaNode, { kind: "ref" }>;

/**
 * A formula as read: its tree, and the references in it. A moved copy keeps only its shape and
 * how far it moved, and builds its tree when asked: the pass holds 1,000,000 formulas of a
 * 200,000-placement build at once, and their trees would be most of its memory.
 */
export interface Reading {
  tree(): FormulaNode;
  references(): readonly Ref[];
}

/** A formula parsed in full. */
class Parsed implements Reading {
  constructor(private readonly parsed: FormulaNode) {}

  tree(): FormulaNode {
    return this.parsed;
  }

  references(): readonly Ref[] {
    return referencesIn(this.parsed);
  }
}

/** A formula that is its shape's first formula moved by `shift` rows. */
class MovedCopy implements Reading {
  constructor(
    private readonly shape: Shape,
    private readonly shift: number,
  ) {}

  private rowOf(end: End): number {
    return end.relative ? end.row + this.shift : end.row;
  }

  /** A reference of the shape moved; a fixed one is the shape's own node (and Area). */
  private moved(ref: Ref, index: number): Ref {
    const [first, last] = this.shape.ends[index];
    if (!first.relative && !last.relative) return ref;
    const [a, b] = [this.rowOf(first), this.rowOf(last)];
    return { ...ref, area: { ...ref.area, top: Math.min(a, b), bottom: Math.max(a, b) } };
  }

  references(): readonly Ref[] {
    return this.shape.refs.map((ref, index) => this.moved(ref, index));
  }

  tree(): FormulaNode {
    let index = 0;
    const move = (node: FormulaNode): FormulaNode => {
      switch (node.kind) {
        case "ref":
          return this.moved(node, index++);
        case "call":
          return { ...node, args: node.args.map(move) };
        case "negate":
        case "percent":
          return { ...node, operand: move(node.operand) };
        case "binary": {
          const left = move(node.left);
          return { ...node, left, right: move(node.right) };
        }
        default:
          return node;
      }
    };
    return move(this.shape.tree);
  }
}

const DIGITS = /\d+/g;

/** Reads formulas, parsing each shape in full once (see the module comment). */
export class FormulaReader {
  /** Shape text → its first formula, or null when the shape is parsed in full every time. */
  private readonly shapes = new Map<string, Shape | null>();
  /** A1 texts already read, for {@link parseFormula}. */
  private readonly areas = new Map<string, Area | undefined>();

  /**
   * The tree of a formula, as {@link parseFormula} gives it.
   * @throws UnsupportedFormula as parseFormula does
   */
  read(formula: string): FormulaNode {
    return this.reading(formula).tree();
  }

  /**
   * A formula as read, its tree built when asked (see {@link Reading}).
   * @throws UnsupportedFormula as parseFormula does
   */
  reading(formula: string): Reading {
    const key = formula.replace(DIGITS, "#");
    const shape = this.shapes.get(key);
    if (shape) {
      const moved = movedCopy(shape, formula.match(DIGITS) ?? []);
      if (moved) return moved;
    }
    const tree = parseFormula(formula, this.areas);
    if (shape === undefined) this.shapes.set(key, shapeOf(formula, tree));
    return new Parsed(tree);
  }
}

/** The shape of a formula that parsed, or null when its digits are not all rows and constants. */
function shapeOf(formula: string, tree: FormulaNode): Shape | null {
  const runs: Run[] = [];
  const ends: [End, End][] = [];
  for (const token of tokenize(formula)) {
    if (token.kind === "number") {
      if (!/^\d+$/.test(token.text)) return null;
      runs.push({ kind: "fixed", digits: token.text });
    } else if (token.kind === "ref") {
      if (/\d/.test(token.ref.sheet ?? "") || token.ref.spill) return null;
      const parts = token.ref.a1.split(":").map(parsePart);
      if (parts.some((p) => p?.row === undefined)) return null;
      const [first, last] = [parts[0], parts[parts.length - 1]] as [A1Part, A1Part];
      const endOf = (part: A1Part): End => ({ row: part.row as number, relative: !part.rowAbs });
      ends.push([endOf(first), endOf(last)]);
      for (const part of parts.length === 1 ? [first] : [first, last])
        runs.push(
          part.rowAbs
            ? { kind: "fixed", digits: String((part.row as number) + 1) }
            : { kind: "row", row: part.row as number },
        );
    } else if (/\d/.test(token.text)) return null;
  }
  // Every run of digits is accounted for, and the references are the tree's, in order.
  if (runs.length !== (formula.match(DIGITS) ?? []).length || ends.length !== referencesIn(tree).length)
    return null;
  return { tree, runs, ends, refs: referencesIn(tree) };
}

/** The shape's formula moved to a formula with these digit runs, or undefined if it is not a copy. */
function movedCopy(shape: Shape, digits: readonly string[]): Reading | undefined {
  if (digits.length !== shape.runs.length) return undefined;
  let shift = 0;
  let moved = false;
  for (let i = 0; i < digits.length; i++) {
    const run = shape.runs[i];
    if (run.kind === "fixed") {
      if (digits[i] !== run.digits) return undefined;
      continue;
    }
    if (digits[i].length > 1 && digits[i].startsWith("0")) return undefined;
    const by = Number(digits[i]) - 1 - run.row;
    if (!moved) [shift, moved] = [by, true];
    else if (by !== shift) return undefined;
  }
  for (const [first, last] of shape.ends) {
    for (const end of [first, last]) {
      const row = end.relative ? end.row + shift : end.row;
      if (row < 0 || row >= MAX_ROWS) return undefined;
    }
  }
  return new MovedCopy(shape, shift);
}
