/**
 * A formula's text as a tree: the tokens come from core's formula tokenizer (the one Explain and
 * Share read formulas with), the references from core's A1 module; this adds Excel's operator
 * precedence and function calls.
 *
 * Precedence, tightest first, as Excel's "Operators and precedence" help lists it: negation
 * (`-1`), percent (`%`), power (`^`), `*` `/`, `+` `-`, `&`, then the comparisons `=` `<>` `<`
 * `>` `<=` `>=`. So `-2^2` is 4 and `1+2&"x"` is "3x". Operators of one level group from the left.
 */

import { type Area, MAX_COLS, MAX_ROWS, parseArea } from "../../core/a1";
import { type Token, tokenize } from "../../core/formula-tokens";
import { type ExcelError, UnsupportedFormula, errorOfText } from "./values";

/** A binary operator. */
export type BinaryOp = "+" | "-" | "*" | "/" | "^" | "&" | "=" | "<>" | "<" | ">" | "<=" | ">=";

/** One node of a formula's tree. */
export type FormulaNode =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "error"; readonly value: ExcelError }
  /** A cell or a rectangle of cells; `sheet` undefined means the formula's own sheet. */
  | { readonly kind: "ref"; readonly sheet?: string; readonly area: Area }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly FormulaNode[] }
  /** An argument left empty, as in IF(A1,,2). */
  | { readonly kind: "missing" }
  | { readonly kind: "negate"; readonly operand: FormulaNode }
  | { readonly kind: "percent"; readonly operand: FormulaNode }
  | {
      readonly kind: "binary";
      readonly op: BinaryOp;
      readonly left: FormulaNode;
      readonly right: FormulaNode;
    };

/** Binary operators and their precedence: a larger number binds tighter. */
const PRECEDENCE: ReadonlyMap<string, number> = new Map<BinaryOp, number>([
  ["=", 1],
  ["<>", 1],
  ["<", 1],
  [">", 1],
  ["<=", 1],
  [">=", 1],
  ["&", 2],
  ["+", 3],
  ["-", 3],
  ["*", 4],
  ["/", 4],
  ["^", 5],
]);

/**
 * Parse a formula (with or without its leading "=") into a tree.
 *
 * @throws UnsupportedFormula for text that is not a formula this evaluator reads: a syntax error,
 *   a defined name or structured reference, a whole column or row, an array constant, an
 *   intersection (a space between two references)
 * @param areas A cache of A1 texts already read, shared by the formulas of one workbook.
 * @example parseFormula("ROUND(SUM(C6:C20),2)") // { kind: "call", name: "ROUND", args: [...] }
 */
export function parseFormula(formula: string, areas?: Map<string, Area | undefined>): FormulaNode {
  return parseTokens(tokensOf(formula), formula, areas);
}

/** The formula's tokens without spaces. */
function tokensOf(formula: string): Token[] {
  try {
    return tokenize(formula).filter((token) => token.kind !== "space");
  } catch (e) {
    throw new UnsupportedFormula(`cannot read the formula ${formula}: ${(e as Error).message}`);
  }
}

/** The tree of a formula's tokens (without spaces). */
function parseTokens(
  tokens: readonly Token[],
  formula: string,
  areas: Map<string, Area | undefined> | undefined,
): FormulaNode {
  let position = 0;
  const fail = (what: string): never => {
    throw new UnsupportedFormula(
      `${what} at character ${tokens[position]?.start ?? formula.length} of ${formula}`,
    );
  };
  const peek = (): Token | undefined => tokens[position];
  const isOp = (text: string): boolean => {
    const token = peek();
    return token !== undefined && token.kind === "op" && token.text === text;
  };

  // Precedence climbing: an operand, then each operator binding at least as tightly as
  // `loosest`, its right side taking only tighter operators (so each level groups from the left).
  const binary = (loosest: number): FormulaNode => {
    let left = prefix();
    for (;;) {
      const token = peek();
      const precedence = token?.kind === "op" ? PRECEDENCE.get(token.text) : undefined;
      if (precedence === undefined || precedence < loosest) return left;
      position++;
      left = { kind: "binary", op: token?.text as BinaryOp, left, right: binary(precedence + 1) };
    }
  };

  // Negation binds tighter than every binary operator, and percent tighter than power.
  const prefix = (): FormulaNode => {
    if (isOp("-")) {
      position++;
      return { kind: "negate", operand: prefix() };
    }
    if (isOp("+")) {
      position++;
      return prefix();
    }
    let operand = primary();
    while (isOp("%")) {
      position++;
      operand = { kind: "percent", operand };
    }
    return operand;
  };
  const primary = (): FormulaNode => {
    const token = tokens[position++];
    if (!token) return fail("the formula ends too soon");
    switch (token.kind) {
      case "number":
        return { kind: "number", value: token.value };
      case "string":
        return { kind: "string", value: token.value };
      case "bool":
        return { kind: "bool", value: token.value };
      case "error": {
        const value = errorOfText(token.text);
        return value ? { kind: "error", value } : fail(`the error ${token.text}`);
      }
      case "ref": {
        // The same reference text recurs across a paper's rows ("$C$18:$C$2670"): read it once.
        let area = areas?.get(token.ref.a1);
        if (area === undefined && !token.ref.spill) {
          area = parseArea(token.ref.a1);
          areas?.set(token.ref.a1, area);
        }
        if (
          !area ||
          (area.top === 0 && area.bottom === MAX_ROWS - 1) ||
          (area.left === 0 && area.right === MAX_COLS - 1)
        )
          return fail(`the reference ${token.text} (only cells and ranges of cells are read)`);
        return token.ref.sheet === undefined
          ? { kind: "ref", area }
          : { kind: "ref", sheet: token.ref.sheet, area };
      }
      case "func":
        return call(token.text);
      case "open": {
        const inner = binary(1);
        if (peek()?.kind !== "close") fail('a missing ")"');
        position++;
        return inner;
      }
      case "name":
        return fail(`the name ${token.text}`);
      default:
        return fail(`"${token.text}"`);
    }
  };
  const call = (written: string): FormulaNode => {
    // Excel saves functions newer than 2007 as _xlfn.NAME; the name is the same function.
    const name = written.toUpperCase().replace(/^_XLFN\./, "");
    if (peek()?.kind !== "open") fail(`"(" after ${written}`);
    position++;
    const args: FormulaNode[] = [];
    if (peek()?.kind === "close") {
      position++;
      return { kind: "call", name, args };
    }
    for (;;) {
      const next = peek()?.kind;
      args.push(next === "comma" || next === "close" ? { kind: "missing" } : binary(1));
      const separator = tokens[position++];
      if (separator?.kind === "close") return { kind: "call", name, args };
      if (separator?.kind !== "comma") {
        position--;
        fail(`"," or ")" in the arguments of ${written}`);
      }
    }
  };

  const tree = binary(1);
  if (position !== tokens.length) fail("more after the end of the formula");
  return tree;
}

/** Call `visit` on every node of a tree, parents before their children. */
export function visitNodes(node: FormulaNode, visit: (node: FormulaNode) => void): void {
  visit(node);
  if (node.kind === "call") for (const arg of node.args) visitNodes(arg, visit);
  else if (node.kind === "negate" || node.kind === "percent") visitNodes(node.operand, visit);
  else if (node.kind === "binary") {
    visitNodes(node.left, visit);
    visitNodes(node.right, visit);
  }
}

/** Every reference in a tree (cells and ranges), in the order written. */
export function referencesIn(node: FormulaNode): Extract<FormulaNode, { kind: "ref" }>[] {
  const out: Extract<FormulaNode, { kind: "ref" }>[] = [];
  visitNodes(node, (n) => {
    if (n.kind === "ref") out.push(n);
  });
  return out;
}

/** Every function a tree calls, each once, in the order first written. */
export function functionsIn(node: FormulaNode): string[] {
  const names = new Set<string>();
  visitNodes(node, (n) => {
    if (n.kind === "call") names.add(n.name);
  });
  return [...names];
}
