/**
 * A tiny spreadsheet formula parser and evaluator for the subset the papers use, so a test can
 * recompute every formula from the cached values of the cells it references and compare with the
 * formula cell's own cached value (catching a formula/value mismatch before LibreOffice does).
 *
 * This is the tests' own oracle and shares no code with the build's evaluator
 * (src/papers/evaluate.ts), which now produces those cached values: a test comparing the two
 * would check that evaluator against an independent one, never against itself. Keep it that way.
 *
 * Supported: numbers, "strings", TRUE/FALSE, cell references and ranges (optionally sheet-qualified,
 * 'Sheet name'!$A$1:$B$2), unary minus, + - * / & = <> < > <= >=, and the functions SUM, ROUND,
 * MIN, MAX, IF, IFERROR, INDEX, MATCH (exact), ABS, AND, OR, COUNT, COUNTIFS, SUMIFS, SUMPRODUCT,
 * TEXT ("0.0%").
 * Excel semantics where they matter here: text compares case-insensitively; SUM, MIN, MAX, COUNT
 * and SUMIFS skip text in ranges; errors propagate; ROUND is half away from zero (roundedText).
 * SUMPRODUCT's arguments are evaluated as arrays, as Excel does without an array formula: operators
 * inside them work cell by cell (`--(A1:A9=B1)` is a column of 1s and 0s), and text or TRUE/FALSE
 * among the arrays it multiplies count as 0. Everywhere else a range in an operator is #VALUE!.
 */

import type { CellValue, SheetSpec } from "../../src/papers/spec";

// ---------------------------------------------------------------------------------------------
// Rounding, written here rather than taken from core or src/papers/evaluate: this evaluator checks
// the papers' cached values, which the build's evaluator computes (and core's roundHalfUp computes
// the builders' own figures), so sharing either rounding would hide its bugs.

/**
 * `value` rounded half away from zero to `digits` decimal places, as decimal text: Excel's ROUND
 * (negative `digits` round to tens, hundreds…; a fractional `digits` is truncated, as Excel does).
 *
 * Excel rounds the number as it shows it, to 15 significant digits, not the binary double: 2.675
 * is stored as 2.67499999999999982236431605997495353221893310546875, which toExponential(14)
 * writes as 2.67500000000000e+0, so ROUND(2.675, 2) is 2.68. From those 15 digits the rounding is
 * exact whole-number arithmetic in BigInt: 2675000000000000 × 10^-15, to 2 places, keeps
 * 2675000000000000 / 10^13 = 267 remainder 5000000000000, which is half of 10^13, so 268 → "2.68".
 * @example roundedText(4.5 * 1044.85, 2) === "4701.83"
 * @example roundedText(-1.475, 2) === "-1.48"
 * @example roundedText(21.5, -1) === "20"
 */
export function roundedText(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  const places = Math.trunc(digits);
  const [mantissa, exponentText] = Math.abs(value).toExponential(14).split("e");
  const significand = BigInt(mantissa.replace(".", "")); // 15 digits: |value| = significand × 10^(exponent − 14)
  // Work in units of 10^-places: |value| × 10^places = significand × 10^shift.
  const shift = Number(exponentText) - 14 + places;
  let units: bigint;
  if (shift >= 0) {
    units = significand * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    const remainder = significand % divisor;
    units = significand / divisor + (2n * remainder >= divisor ? 1n : 0n);
  }
  let text: string;
  if (places <= 0) {
    text = units === 0n ? "0" : `${units}${"0".repeat(-places)}`;
  } else {
    const padded = units.toString().padStart(places + 1, "0");
    text = `${padded.slice(0, -places)}.${padded.slice(-places)}`;
  }
  return value < 0 && units !== 0n ? `-${text}` : text;
}

/** Excel's ROUND(value, digits) as a number (see {@link roundedText}); never -0. */
export function excelRound(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  return Number(roundedText(value, digits));
}

// ---------------------------------------------------------------------------------------------
// AST

export type Node =
  | { kind: "num"; value: number }
  | { kind: "str"; value: string }
  | { kind: "bool"; value: boolean }
  | { kind: "ref"; sheet?: string; row: number; col: number }
  | { kind: "range"; sheet?: string; r1: number; c1: number; r2: number; c2: number }
  | { kind: "func"; name: string; args: Node[] }
  | { kind: "unary"; op: "-"; arg: Node }
  | { kind: "bin"; op: string; left: Node; right: Node };

type Token =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "ref"; sheet?: string; row: number; col: number; row2?: number; col2?: number }
  | { t: "func"; v: string }
  | { t: "name"; v: string }
  | { t: "op"; v: string };

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const REF = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?/;

export function tokenize(formula: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const s = formula;
  while (i < s.length) {
    const ch = s[i];
    if (ch === " ") {
      i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let v = "";
      for (;;) {
        if (j >= s.length) throw new Error(`unterminated string in ${formula}`);
        if (s[j] === '"') {
          if (s[j + 1] === '"') {
            v += '"';
            j += 2;
            continue;
          }
          break;
        }
        v += s[j++];
      }
      out.push({ t: "str", v });
      i = j + 1;
      continue;
    }
    // Sheet-qualified reference: 'Sheet name'!A1 or Sheet!A1
    let sheet: string | undefined;
    let rest = s.slice(i);
    const quoted = /^'((?:[^']|'')+)'!/.exec(rest);
    const bare = /^([A-Za-z_][A-Za-z0-9_.]*)!/.exec(rest);
    if (quoted) {
      sheet = quoted[1].replace(/''/g, "'");
      i += quoted[0].length;
      rest = s.slice(i);
    } else if (bare) {
      sheet = bare[1];
      i += bare[0].length;
      rest = s.slice(i);
    }
    const ref = REF.exec(rest);
    if (
      ref &&
      !/^[A-Z]+\(/.test(rest.slice(0, ref[0].length + 1)) &&
      !/^[A-Za-z0-9_]/.test(rest.slice(ref[0].length))
    ) {
      const tok: Token = { t: "ref", sheet, row: Number(ref[2]) - 1, col: colNumber(ref[1]) };
      if (ref[3]) {
        tok.row2 = Number(ref[4]) - 1;
        tok.col2 = colNumber(ref[3]);
      }
      out.push(tok);
      i += ref[0].length;
      continue;
    }
    if (sheet !== undefined) throw new Error(`bad reference after ${sheet}! in ${formula}`);
    const num = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      out.push({ t: "num", v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const fn = /^([A-Z][A-Z0-9.]*)\(/.exec(rest);
    if (fn) {
      out.push({ t: "func", v: fn[1] });
      i += fn[0].length; // the "(" is consumed with the name
      continue;
    }
    const name = /^(TRUE|FALSE)\b/.exec(rest);
    if (name) {
      out.push({ t: "name", v: name[1] });
      i += name[0].length;
      continue;
    }
    const op = /^(<>|<=|>=|[-+*/&=<>(),])/.exec(rest);
    if (op) {
      out.push({ t: "op", v: op[0] });
      i += op[0].length;
      continue;
    }
    throw new Error(`cannot read "${rest.slice(0, 10)}" in ${formula}`);
  }
  return out;
}

export function parse(formula: string): Node {
  const toks = tokenize(formula);
  let p = 0;
  const peek = (): Token | undefined => toks[p];
  const isOp = (v: string): boolean => {
    const t = peek();
    return t !== undefined && t.t === "op" && t.v === v;
  };
  const expect = (v: string): void => {
    if (!isOp(v)) throw new Error(`expected "${v}" at token ${p} in ${formula}`);
    p++;
  };
  const comparison = (): Node => {
    let left = concat();
    for (;;) {
      const t = peek();
      if (t && t.t === "op" && ["=", "<>", "<", ">", "<=", ">="].includes(t.v)) {
        p++;
        left = { kind: "bin", op: t.v, left, right: concat() };
      } else return left;
    }
  };
  const concat = (): Node => {
    let left = additive();
    while (isOp("&")) {
      p++;
      left = { kind: "bin", op: "&", left, right: additive() };
    }
    return left;
  };
  const additive = (): Node => {
    let left = multiplicative();
    for (;;) {
      if (isOp("+") || isOp("-")) {
        const op = (toks[p++] as { v: string }).v;
        left = { kind: "bin", op, left, right: multiplicative() };
      } else return left;
    }
  };
  const multiplicative = (): Node => {
    let left = unary();
    for (;;) {
      if (isOp("*") || isOp("/")) {
        const op = (toks[p++] as { v: string }).v;
        left = { kind: "bin", op, left, right: unary() };
      } else return left;
    }
  };
  const unary = (): Node => {
    if (isOp("-")) {
      p++;
      return { kind: "unary", op: "-", arg: unary() };
    }
    if (isOp("+")) {
      p++;
      return unary();
    }
    return primary();
  };
  const primary = (): Node => {
    const t = toks[p++];
    if (!t) throw new Error(`unexpected end of ${formula}`);
    switch (t.t) {
      case "num":
        return { kind: "num", value: t.v };
      case "str":
        return { kind: "str", value: t.v };
      case "name":
        return { kind: "bool", value: t.v === "TRUE" };
      case "ref":
        return t.row2 === undefined
          ? { kind: "ref", sheet: t.sheet, row: t.row, col: t.col }
          : {
              kind: "range",
              sheet: t.sheet,
              r1: Math.min(t.row, t.row2),
              c1: Math.min(t.col, t.col2 as number),
              r2: Math.max(t.row, t.row2),
              c2: Math.max(t.col, t.col2 as number),
            };
      case "func": {
        const args: Node[] = [];
        if (!isOp(")")) {
          for (;;) {
            args.push(comparison());
            if (isOp(",")) {
              p++;
              continue;
            }
            break;
          }
        }
        expect(")");
        return { kind: "func", name: t.v, args };
      }
      case "op":
        if (t.v === "(") {
          const inner = comparison();
          expect(")");
          return inner;
        }
    }
    throw new Error(`unexpected token ${JSON.stringify(t)} in ${formula}`);
  };
  const node = comparison();
  if (p !== toks.length) throw new Error(`trailing tokens in ${formula}`);
  return node;
}

/** Every node of a tree, depth first, with its parent function and argument position. */
export function walk(
  node: Node,
  visit: (n: Node, parent?: { name: string; index: number }) => void,
  parent?: { name: string; index: number },
): void {
  visit(node, parent);
  if (node.kind === "func") node.args.forEach((a, i) => walk(a, visit, { name: node.name, index: i }));
  else if (node.kind === "unary") walk(node.arg, visit);
  else if (node.kind === "bin") {
    walk(node.left, visit);
    walk(node.right, visit);
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export class FormulaError {
  constructor(readonly code: string) {}
}
type Scalar = number | string | boolean | null | FormulaError;
type Value = Scalar | { range: Scalar[][] };

export interface Workbook {
  readonly sheets: ReadonlyMap<string, SheetSpec>;
}

export function workbookOf(specs: readonly SheetSpec[]): Workbook {
  return { sheets: new Map(specs.map((s) => [s.name, s])) };
}

function cellValue(wb: Workbook, sheet: string, row: number, col: number): Scalar {
  const spec = wb.sheets.get(sheet);
  if (!spec) throw new Error(`no sheet ${sheet}`);
  const cell = spec.cells[row]?.[col] ?? null;
  return cell ? (cell.value as CellValue) : null;
}

const isErr = (v: unknown): v is FormulaError => v instanceof FormulaError;

function toNumber(v: Scalar): number | FormulaError {
  if (isErr(v)) return v;
  if (v === null) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  const n = Number(v);
  return v.trim() !== "" && Number.isFinite(n) ? n : new FormulaError("#VALUE!");
}

function toText(v: Scalar): string | FormulaError {
  if (isErr(v)) return v;
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") return String(v);
  return v;
}

function truthy(v: Scalar): boolean | FormulaError {
  if (isErr(v)) return v;
  if (typeof v === "string") return new FormulaError("#VALUE!");
  return Boolean(v);
}

/** Excel comparison: numbers < text < booleans; text case-insensitive; empty as 0 or "". */
function compare(a: Scalar, b: Scalar): number {
  const rank = (v: Scalar): number => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2);
  if (a === null) a = typeof b === "string" ? "" : typeof b === "boolean" ? false : 0;
  if (b === null) b = typeof a === "string" ? "" : typeof a === "boolean" ? false : 0;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === "string" && typeof b === "string") {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function flatten(values: Value[]): Scalar[] {
  return values.flatMap((v) => (v !== null && typeof v === "object" && "range" in v ? v.range.flat() : [v]));
}

/** COUNTIFS/SUMIFS criterion: "<>" (non-empty), an operator and a value, or equality. */
function matches(cell: Scalar, criterion: Scalar): boolean {
  if (typeof criterion === "string") {
    const m = /^(<>|<=|>=|<|>|=)(.*)$/.exec(criterion);
    if (m) {
      const [, op, raw] = m;
      if (op === "<>" && raw === "") return cell !== null && cell !== "";
      const n = Number(raw);
      const target: Scalar = raw !== "" && Number.isFinite(n) ? n : raw;
      if (typeof target === "number" && typeof cell !== "number") return op === "<>";
      const c = compare(cell, target);
      return op === "="
        ? c === 0
        : op === "<>"
          ? c !== 0
          : op === "<"
            ? c < 0
            : op === ">"
              ? c > 0
              : op === "<="
                ? c <= 0
                : c >= 0;
    }
    const n = Number(criterion);
    if (criterion.trim() !== "" && Number.isFinite(n))
      return typeof cell === "number"
        ? cell === n
        : typeof cell === "string" && cell.trim() === criterion.trim();
    return typeof cell === "string" && cell.toLowerCase() === criterion.toLowerCase();
  }
  if (typeof criterion === "number")
    return typeof cell === "number"
      ? cell === criterion
      : typeof cell === "string" && Number(cell) === criterion;
  return compare(cell, criterion as Scalar) === 0;
}

function textFormat(x: number, fmt: string): string {
  const pct = /^0(\.(0+))?%$/.exec(fmt);
  if (pct) {
    const dp = pct[2]?.length ?? 0;
    return `${roundedText(x * 100, dp)}%`;
  }
  const plain = /^0(\.(0+))?$/.exec(fmt);
  if (plain) {
    const dp = plain[2]?.length ?? 0;
    return roundedText(x, dp);
  }
  // "#,##0", "£#,##0", "£#,##0.00" (recommendation sentences): thousands by commas, "-" before the £.
  const grouped = /^(£?)#,##0(\.(0+))?$/.exec(fmt);
  if (grouped) {
    const text = roundedText(x, grouped[3]?.length ?? 0);
    const [whole, fraction] = text.replace(/^-/, "").split(".");
    const digits = whole.replace(/\B(?=(\d{3})+$)/g, ",") + (fraction === undefined ? "" : `.${fraction}`);
    return `${text.startsWith("-") ? "-" : ""}${grouped[1]}${digits}`;
  }
  throw new Error(`TEXT format ${fmt} not supported by the test evaluator`);
}

type Grid = Scalar[][];

const isRange = (v: Value): v is { range: Scalar[][] } => v !== null && typeof v === "object" && "range" in v;

/** A value as a grid (a scalar is 1×1), for the cell-by-cell operators inside SUMPRODUCT. */
const gridOf = (v: Value): Grid => (isRange(v) ? v.range : [[v]]);

/** Apply an operator cell by cell; a 1×1 side is repeated over the other side's shape. */
function elementwise(a: Grid, b: Grid, f: (x: Scalar, y: Scalar) => Scalar): Value {
  const rows = a.length === 1 && a[0].length === 1 ? b.length : a.length;
  const cols = a.length === 1 && a[0].length === 1 ? b[0].length : a[0].length;
  const at = (g: Grid, r: number, c: number): Scalar | undefined =>
    g.length === 1 && g[0].length === 1 ? g[0][0] : g[r]?.[c];
  const out: Grid = [];
  for (let r = 0; r < rows; r++) {
    const line: Scalar[] = [];
    for (let c = 0; c < cols; c++) {
      const x = at(a, r, c);
      const y = at(b, r, c);
      line.push(x === undefined || y === undefined ? new FormulaError("#N/A") : f(x, y));
    }
    out.push(line);
  }
  return { range: out };
}

/** One binary operator on two scalars, with Excel's coercions. */
function binary(op: string, a: Scalar, b: Scalar): Scalar {
  if (isErr(a)) return a;
  if (isErr(b)) return b;
  if (op === "&") {
    const x = toText(a);
    const y = toText(b);
    return isErr(x) ? x : isErr(y) ? y : x + y;
  }
  if (["=", "<>", "<", ">", "<=", ">="].includes(op)) {
    const c = compare(a, b);
    switch (op) {
      case "=":
        return c === 0;
      case "<>":
        return c !== 0;
      case "<":
        return c < 0;
      case ">":
        return c > 0;
      case "<=":
        return c <= 0;
      default:
        return c >= 0;
    }
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (isErr(x)) return x;
  if (isErr(y)) return y;
  switch (op) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "/":
      return y === 0 ? new FormulaError("#DIV/0!") : x / y;
  }
  throw new Error(`operator ${op}`);
}

function negate(v: Scalar): Scalar {
  const n = toNumber(v);
  return isErr(n) ? n : -n;
}

/**
 * Evaluate a node. `arrays` is true inside SUMPRODUCT's arguments, where operators work cell by
 * cell over ranges.
 */
export function evaluate(node: Node, wb: Workbook, sheet: string, arrays = false): Value {
  const ev = (n: Node): Value => evaluate(n, wb, sheet, arrays);
  const scalar = (n: Node): Scalar => {
    const v = ev(n);
    if (v !== null && typeof v === "object" && "range" in v) {
      if (v.range.length === 1 && v.range[0].length === 1) return v.range[0][0];
      return new FormulaError("#VALUE!");
    }
    return v;
  };
  switch (node.kind) {
    case "num":
      return node.value;
    case "str":
      return node.value;
    case "bool":
      return node.value;
    case "ref":
      return cellValue(wb, node.sheet ?? sheet, node.row, node.col);
    case "range": {
      const rows: Scalar[][] = [];
      for (let r = node.r1; r <= node.r2; r++) {
        const line: Scalar[] = [];
        for (let c = node.c1; c <= node.c2; c++) line.push(cellValue(wb, node.sheet ?? sheet, r, c));
        rows.push(line);
      }
      return { range: rows };
    }
    case "unary": {
      if (arrays) {
        const v = ev(node.arg);
        return isRange(v) ? { range: v.range.map((line) => line.map(negate)) } : negate(v);
      }
      return negate(scalar(node.arg));
    }
    case "bin": {
      if (arrays) {
        const a = ev(node.left);
        const b = ev(node.right);
        if (isRange(a) || isRange(b))
          return elementwise(gridOf(a), gridOf(b), (x, y) => binary(node.op, x, y));
        return binary(node.op, a, b);
      }
      return binary(node.op, scalar(node.left), scalar(node.right));
    }
    case "func":
      if (node.name === "SUMPRODUCT") return sumProduct(node.args.map((a) => evaluate(a, wb, sheet, true)));
      return callFunction(node.name, node.args, ev, scalar);
  }
}

/** SUMPRODUCT: arrays of one shape multiplied cell by cell and added; non-numbers count as 0. */
function sumProduct(values: Value[]): Value {
  const grids = values.map(gridOf);
  const rows = grids[0].length;
  const cols = grids[0][0].length;
  if (grids.some((g) => g.length !== rows || g.some((line) => line.length !== cols)))
    return new FormulaError("#VALUE!");
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let product = 1;
      for (const g of grids) {
        const v = g[r][c];
        if (isErr(v)) return v;
        product *= typeof v === "number" ? v : 0;
      }
      sum += product;
    }
  }
  return sum;
}

function callFunction(
  name: string,
  args: Node[],
  ev: (n: Node) => Value,
  scalar: (n: Node) => Scalar,
): Value {
  const numbersIn = (values: Value[], direct: Node[]): number[] | FormulaError => {
    const out: number[] = [];
    values.forEach((v, i) => {
      if (v !== null && typeof v === "object" && "range" in v) {
        for (const c of v.range.flat()) if (typeof c === "number") out.push(c);
      } else {
        void direct[i];
        const n = toNumber(v as Scalar);
        if (!isErr(n)) out.push(n);
      }
    });
    const err = flatten(values).find(isErr);
    return err ?? out;
  };
  switch (name) {
    case "SUM": {
      const ns = numbersIn(args.map(ev), args);
      return isErr(ns) ? ns : ns.reduce((s, v) => s + v, 0);
    }
    case "MIN":
    case "MAX": {
      const ns = numbersIn(args.map(ev), args);
      if (isErr(ns)) return ns;
      if (ns.length === 0) return 0;
      return name === "MIN" ? Math.min(...ns) : Math.max(...ns);
    }
    case "COUNT":
      return flatten(args.map(ev)).filter((v) => typeof v === "number").length;
    case "ROUND": {
      const x = toNumber(scalar(args[0]));
      const d = toNumber(scalar(args[1]));
      if (isErr(x)) return x;
      if (isErr(d)) return d;
      return excelRound(x, d);
    }
    case "ABS": {
      const x = toNumber(scalar(args[0]));
      return isErr(x) ? x : Math.abs(x);
    }
    case "IF": {
      const c = truthy(scalar(args[0]));
      if (isErr(c)) return c;
      return c ? ev(args[1]) : args.length > 2 ? ev(args[2]) : false;
    }
    case "IFERROR": {
      const v = scalar(args[0]);
      return isErr(v) ? ev(args[1]) : v;
    }
    case "AND":
    case "OR": {
      const bs = args.map((a) => truthy(scalar(a)));
      const err = bs.find(isErr);
      if (err) return err;
      return name === "AND" ? bs.every(Boolean) : bs.some(Boolean);
    }
    case "INDEX": {
      const r = ev(args[0]);
      if (r === null || typeof r !== "object" || !("range" in r)) return new FormulaError("#VALUE!");
      const i = toNumber(scalar(args[1]));
      if (isErr(i)) return i;
      const j = args.length > 2 ? toNumber(scalar(args[2])) : 1;
      if (isErr(j)) return j;
      const grid = r.range;
      // A single row with one index picks a column.
      if (args.length === 2 && grid.length === 1) return grid[0][i - 1] ?? new FormulaError("#REF!");
      return grid[i - 1]?.[j - 1] ?? new FormulaError("#REF!");
    }
    case "MATCH": {
      const v = scalar(args[0]);
      if (isErr(v)) return v;
      const r = ev(args[1]);
      const type = args.length > 2 ? toNumber(scalar(args[2])) : 1;
      if (type !== 0) throw new Error("only exact MATCH is supported");
      if (r === null || typeof r !== "object" || !("range" in r)) return new FormulaError("#N/A");
      const list = r.range.length === 1 ? r.range[0] : r.range.map((row) => row[0]);
      const k = list.findIndex((c) => c !== null && typeof c === typeof v && compare(c, v) === 0);
      return k < 0 ? new FormulaError("#N/A") : k + 1;
    }
    case "COUNTIFS":
    case "SUMIFS": {
      const offset = name === "SUMIFS" ? 1 : 0;
      const sumRange = name === "SUMIFS" ? ev(args[0]) : undefined;
      const pairs: { range: Scalar[]; crit: Scalar }[] = [];
      for (let k = offset; k < args.length; k += 2) {
        const r = ev(args[k]);
        if (r === null || typeof r !== "object" || !("range" in r)) return new FormulaError("#VALUE!");
        pairs.push({ range: r.range.flat(), crit: scalar(args[k + 1]) });
      }
      const n = pairs[0].range.length;
      const sums =
        sumRange && typeof sumRange === "object" && "range" in sumRange ? sumRange.range.flat() : [];
      let count = 0;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        if (pairs.every((p) => matches(p.range[i], p.crit))) {
          count++;
          const s = sums[i];
          if (typeof s === "number") sum += s;
        }
      }
      return name === "COUNTIFS" ? count : sum;
    }
    case "TEXT": {
      const x = toNumber(scalar(args[0]));
      const f = scalar(args[1]);
      if (isErr(x)) return x;
      return textFormat(x, String(f));
    }
  }
  throw new Error(`function ${name} not supported by the test evaluator`);
}

/** Evaluate a formula on a sheet of a workbook to one value. */
export function evaluateFormula(formula: string, wb: Workbook, sheet: string): Scalar {
  const v = evaluate(parse(formula), wb, sheet);
  if (v !== null && typeof v === "object" && "range" in v) {
    return v.range.length === 1 && v.range[0].length === 1 ? v.range[0][0] : new FormulaError("#VALUE!");
  }
  return v;
}
