/**
 * Reading Excel formulas that call DSG.* functions: a small tokenizer, the calls it finds, their
 * arguments (cell references, constants, or calculations), and moving relative references (for the
 * shared formulas of a file and for the element-by-element formulas of a spilled call).
 *
 * Pure: no Office, no DOM. Explain, Share and the command line start here, on formulas read with
 * the Excel JavaScript API and on formulas read from a file. The A1 arithmetic is `a1.ts`.
 *
 * Spellings of a DSG call:
 * - `DSG.HOURSCOST(B2,C2)`          as Excel shows it and the JavaScript API returns it;
 * - `_xldudf_DSG_HOURSCOST(B2,C2)`  as Excel saves a JavaScript custom function in the .xlsx file
 *   (the namespace dot becomes "_", prefixed with "_xldudf_").
 */

import { cellA1, parseArea, readQuoted, sheetPrefix, shiftA1, type Area } from "./a1";

/** One token of a formula, with its offsets in the formula text (without the leading "="). */
export type Token =
  | {
      readonly kind: "number";
      readonly text: string;
      readonly start: number;
      readonly end: number;
      readonly value: number;
    }
  | {
      readonly kind: "string";
      readonly text: string;
      readonly start: number;
      readonly end: number;
      readonly value: string;
    }
  | {
      readonly kind: "bool";
      readonly text: string;
      readonly start: number;
      readonly end: number;
      readonly value: boolean;
    }
  | { readonly kind: "error"; readonly text: string; readonly start: number; readonly end: number }
  | {
      readonly kind: "ref";
      readonly text: string;
      readonly start: number;
      readonly end: number;
      readonly ref: RefText;
    }
  | { readonly kind: "func"; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: "name"; readonly text: string; readonly start: number; readonly end: number }
  | {
      readonly kind: "op" | "open" | "close" | "comma" | "semicolon" | "brace" | "space";
      readonly text: string;
      readonly start: number;
      readonly end: number;
    };

/** A reference as written: optional sheet (unquoted), and the A1 part ("$B$2", "B2:C10", "A:A"). */
export interface RefText {
  /** Sheet name without quotes, when the reference names one. */
  readonly sheet?: string;
  /** The A1 part, e.g. "B2", "$B$2:$C$10", "A:A", "3:3". */
  readonly a1: string;
  /** A spilled-range reference ("D2#"). */
  readonly spill?: boolean;
}

/** A formula the tokenizer cannot read (an unclosed string, a stray quote). */
export class FormulaSyntaxError extends Error {
  override name = "FormulaSyntaxError";
}

const ERROR_LITERALS = [
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CALC!",
];

// A1 parts. A cell: optional $, 1–3 letters, optional $, digits ("$B$12"). A whole column "A:C",
// a whole row "3:5". Worked examples: "B2" ✓, "$AB$100" ✓, "XFD1048576" ✓, "B" ✗ (a name), "R1C1" ✗.
const CELL = /^\$?[A-Za-z]{1,3}\$?[0-9]+$/;
const COLUMN = /^\$?[A-Za-z]{1,3}$/;
const ROW = /^\$?[0-9]+$/;

// Unquoted identifiers: names, function names, sheet names, cell references. Excel allows letters,
// digits, "_", "." and "\" (and "?" in names); a leading digit only in cell references and rows.
const IDENT = /[A-Za-z0-9_.\\?$\u00C0-\uFFFF]/;

/** The one-character tokens that are not operators. */
const PUNCTUATION: Readonly<Record<string, "open" | "close" | "comma" | "semicolon" | "brace">> = {
  "(": "open",
  ")": "close",
  ",": "comma",
  ";": "semicolon",
  "{": "brace",
  "}": "brace",
};

/**
 * Split a formula into tokens. The leading "=" is optional and not part of any token.
 *
 * @throws FormulaSyntaxError for an unclosed string or quoted sheet name
 * @example tokenize("=DSG.FINYEAR(A2)").map(t => t.kind) // ["func","open","ref","close"]
 */
export function tokenize(formula: string): Token[] {
  const text = formula.startsWith("=") ? formula.slice(1) : formula;
  const base = formula.length - text.length;
  const out: Token[] = [];
  let i = 0;
  const push = (t: Token) => out.push({ ...t, start: t.start + base, end: t.end + base } as Token);
  // A reference from `start` whose A1 part ends at `from`, with a spill's "#" after it if there is
  // one; `sheet` undefined for a reference without one. Returns where the next token starts.
  const pushRef = (sheet: string | undefined, a1: string, start: number, from: number): number => {
    const spill = text[from] === "#";
    const end = spill ? from + 1 : from;
    const ref = { ...(sheet !== undefined ? { sheet } : {}), a1, ...(spill ? { spill } : {}) };
    push({ kind: "ref", text: text.slice(start, end), start, end, ref });
    return end;
  };
  // The A1 part after "Sheet!", read from `from`.
  const pushSheetRef = (sheet: string, start: number, from: number): number => {
    const a1 = readA1(text, from);
    return pushRef(sheet, a1, start, from + a1.length);
  };
  while (i < text.length) {
    const ch = text[i];
    const start = i;
    if (ch === " " || ch === "\n" || ch === "\r" || ch === "\t") {
      while (i < text.length && /\s/.test(text[i])) i++;
      push({ kind: "space", text: text.slice(start, i), start, end: i });
      continue;
    }
    if (ch === '"') {
      const quoted = readQuoted(text, i);
      if (!quoted) throw new FormulaSyntaxError(`Unclosed text in formula: ${formula}`);
      i = quoted.end;
      push({ kind: "string", text: text.slice(start, i), start, end: i, value: quoted.value });
      continue;
    }
    if (ch === "'" || ch === "[") {
      // A quoted sheet name ('Top-up register'!B2) or an external book ([1]Sheet1!A1).
      let sheet = "";
      if (ch === "[") {
        const close = text.indexOf("]", i);
        if (close === -1) throw new FormulaSyntaxError(`Unclosed [ in formula: ${formula}`);
        sheet = text.slice(i, close + 1);
        i = close + 1;
      }
      if (text[i] === "'") {
        const quoted = readQuoted(text, i);
        if (!quoted) throw new FormulaSyntaxError(`Unclosed sheet name in formula: ${formula}`);
        sheet += quoted.value;
        i = quoted.end;
      } else {
        while (i < text.length && IDENT.test(text[i])) sheet += text[i++];
      }
      if (text[i] !== "!") {
        // "[" without a sheet: a structured reference piece (Table1[Col] is handled under names).
        throw new FormulaSyntaxError(`Expected ! after the sheet name in formula: ${formula}`);
      }
      i = pushSheetRef(sheet, start, i + 1);
      continue;
    }
    if (ch === "#") {
      const lit = ERROR_LITERALS.find((e) => text.slice(i, i + e.length).toUpperCase() === e);
      if (lit) {
        i += lit.length;
        push({ kind: "error", text: text.slice(start, i), start, end: i });
        continue;
      }
    }
    if (/[0-9.]/.test(ch) && !isRowRange(text, i)) {
      const m = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i));
      // "1:3" is a row range; "A1" starts with a letter; here a plain number.
      if (m && !IDENT.test(text[i + m[0].length] ?? "")) {
        i += m[0].length;
        push({ kind: "number", text: m[0], start, end: i, value: Number(m[0]) });
        continue;
      }
    }
    if (IDENT.test(ch)) {
      while (i < text.length && IDENT.test(text[i])) i++;
      let word = text.slice(start, i);
      if (text[i] === "!") {
        // Sheet1!A1
        i = pushSheetRef(word, start, i + 1);
        continue;
      }
      if (text[i] === "(") {
        push({ kind: "func", text: word, start, end: i });
        continue;
      }
      if (text[i] === "[") {
        // A structured reference: Table1[Hours], Table1[[#This Row],[Hours]].
        let depth = 0;
        while (i < text.length) {
          if (text[i] === "[") depth++;
          else if (text[i] === "]") {
            depth--;
            if (depth === 0) {
              i++;
              break;
            }
          }
          i++;
        }
        word = text.slice(start, i);
        push({ kind: "name", text: word, start, end: i });
        continue;
      }
      // A range "B2:C10", "A:A", "3:5" continues after a colon.
      if (text[i] === ":" && isRefPart(word)) {
        const rest = readA1(text, i + 1);
        if (rest && isRefPart(rest) && sameKind(word, rest)) {
          i += 1 + rest.length;
          word = text.slice(start, i);
        }
      }
      if (CELL.test(word) || isRangeText(word)) {
        i = pushRef(undefined, word, start, i);
        continue;
      }
      const upper = word.toUpperCase();
      if (upper === "TRUE" || upper === "FALSE") {
        push({ kind: "bool", text: word, start, end: i, value: upper === "TRUE" });
        continue;
      }
      push({ kind: "name", text: word, start, end: i });
      continue;
    }
    i++;
    const punctuation = PUNCTUATION[ch];
    if (punctuation) {
      push({ kind: punctuation, text: ch, start, end: i });
      continue;
    }
    // An operator: the two-character comparisons, else one character.
    const two = text.slice(start, start + 2);
    if (two === "<>" || two === "<=" || two === ">=") i++;
    push({ kind: "op", text: text.slice(start, i), start, end: i });
  }
  return out;
}

/** The A1 part starting at `from`: a cell, a cell range, a column range or a row range ("" if none). */
function readA1(text: string, from: number): string {
  const m = /^(\$?[A-Za-z]{0,3}\$?[0-9]*)(?::(\$?[A-Za-z]{0,3}\$?[0-9]*))?/.exec(text.slice(from));
  if (!m) return "";
  const first = m[1];
  const second = m[2];
  if (!isRefPart(first)) return "";
  if (second !== undefined && isRefPart(second) && sameKind(first, second)) return `${first}:${second}`;
  return first;
}

function isRefPart(s: string): boolean {
  return CELL.test(s) || COLUMN.test(s) || ROW.test(s);
}

function kindOf(s: string): "cell" | "col" | "row" | undefined {
  if (CELL.test(s)) return "cell";
  if (COLUMN.test(s)) return "col";
  if (ROW.test(s)) return "row";
  return undefined;
}

function sameKind(a: string, b: string): boolean {
  return kindOf(a) !== undefined && kindOf(a) === kindOf(b);
}

function isRangeText(word: string): boolean {
  const parts = word.split(":");
  return parts.length === 2 && sameKind(parts[0], parts[1]);
}

/** At `i`, does a row range such as "3:5" start (so the digits are not a number)? */
function isRowRange(text: string, i: number): boolean {
  return /^\$?[0-9]+:\$?[0-9]+/.test(text.slice(i));
}

// ---------------------------------------------------------------------------------------------
// Moving references

/**
 * A formula with every relative reference moved by (dRow, dCol): how the other cells of a shared
 * formula in an .xlsx file get their own formula from the first cell's.
 *
 * @example translateFormula("_xldudf_DSG_HOURSCOST(B2,$C$1)", 2, 0) // "_xldudf_DSG_HOURSCOST(B4,$C$1)"
 */
export function translateFormula(formula: string, dRow: number, dCol: number): string {
  const tokens = tokenize(formula);
  let out = "";
  let at = 0;
  for (const t of tokens) {
    if (t.kind !== "ref") continue;
    const moved = shiftA1(t.ref.a1, dRow, dCol);
    out += formula.slice(at, t.start);
    out += `${t.ref.sheet !== undefined ? formula.slice(t.start, t.end - t.ref.a1.length - (t.ref.spill ? 1 : 0)) : ""}${moved ?? "#REF!"}${t.ref.spill ? "#" : ""}`;
    at = t.end;
  }
  return out + formula.slice(at);
}

// ---------------------------------------------------------------------------------------------
// DSG calls

// "DSG.HOURSCOST" or the file's "_xldudf_DSG_HOURSCOST" (also "_xldudf_DSG.HOURSCOST").
const DSG_FUNC = /^(?:_xldudf_)?DSG[._]([A-Za-z0-9]+)$/i;

/** The DSG function a name calls ("HOURSCOST"), or undefined when it is not a DSG function. */
export function dsgFunctionName(name: string): string | undefined {
  const m = DSG_FUNC.exec(name);
  return m ? m[1].toUpperCase() : undefined;
}

/** True when a formula calls any DSG.* function. Cheap: a text test before tokenizing. */
export function mentionsDsg(formula: string): boolean {
  return /(?:^|[^A-Za-z0-9_.])(?:_xldudf_)?DSG[._][A-Za-z]/i.test(formula);
}

/** One argument of a call, as written. */
export type Arg =
  | { readonly kind: "omitted"; readonly text: "" }
  | { readonly kind: "number"; readonly text: string; readonly value: number }
  | { readonly kind: "text"; readonly text: string; readonly value: string }
  | { readonly kind: "bool"; readonly text: string; readonly value: boolean }
  | { readonly kind: "array"; readonly text: string; readonly value: (number | string | boolean)[][] }
  | {
      readonly kind: "ref";
      readonly text: string;
      readonly sheet?: string;
      readonly area: Area;
      readonly a1: string;
    }
  | { readonly kind: "name"; readonly text: string }
  /** A calculation, a nested function, a spilled-range or structured reference: not read directly. */
  | { readonly kind: "expr"; readonly text: string };

/** A DSG.* call found in a formula. Offsets are in the formula text as given. */
export interface DsgCall {
  /** Upper-case function name without the namespace: "HOURSCOST". */
  readonly fn: string;
  readonly args: readonly Arg[];
  /** Offsets of the whole call, from the function name to its closing bracket. */
  readonly start: number;
  readonly end: number;
  /** The call as written. */
  readonly text: string;
}

/**
 * Every DSG.* call in a formula, outermost first (a call nested in another's argument is listed
 * too, after its parent).
 *
 * @example findDsgCalls("=ROUND(DSG.HOURSCOST(B2,C2),0)")[0].fn // "HOURSCOST"
 */
export function findDsgCalls(formula: string): DsgCall[] {
  const tokens = tokenize(formula);
  const calls: DsgCall[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== "func") continue;
    const fn = dsgFunctionName(t.text);
    if (!fn) continue;
    const close = matchingClose(tokens, i + 1);
    if (close === -1) continue;
    const args = splitArgs(tokens.slice(i + 2, close)).map((part) => toArg(part, formula));
    calls.push({
      fn,
      args,
      start: t.start,
      end: tokens[close].end,
      text: formula.slice(t.start, tokens[close].end),
    });
  }
  return calls;
}

/**
 * The formula when it is exactly one DSG call (spaces aside), else undefined: `=DSG.FINYEAR(A2)` is
 * one; `=DSG.FINYEAR(A2)&" note"` and `=ROUND(DSG.HOURSCOST(B2,C2),0)` are not.
 */
export function parseDsgFormula(formula: string): DsgCall | undefined {
  let tokens: Token[];
  let calls: DsgCall[];
  try {
    tokens = tokenize(formula).filter((t) => t.kind !== "space");
    calls = findDsgCalls(formula);
  } catch {
    return undefined;
  }
  const call = calls[0];
  if (!call || tokens.length === 0) return undefined;
  return call.start === tokens[0].start && call.end === tokens[tokens.length - 1].end ? call : undefined;
}

/** Index of the ")" matching the "(" at `openIndex`, or -1. */
function matchingClose(tokens: readonly Token[], openIndex: number): number {
  if (tokens[openIndex]?.kind !== "open") return -1;
  let depth = 0;
  for (let j = openIndex; j < tokens.length; j++) {
    const k = tokens[j].kind;
    if (k === "open") depth++;
    else if (k === "close") {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/** Split the tokens between a call's brackets at its top-level commas. */
function splitArgs(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === "open" || (t.kind === "brace" && t.text === "{")) depth++;
    if (t.kind === "close" || (t.kind === "brace" && t.text === "}")) depth--;
    if (t.kind === "comma" && depth === 0) {
      parts.push([]);
      continue;
    }
    parts[parts.length - 1].push(t);
  }
  if (parts.length === 1 && parts[0].every((t) => t.kind === "space")) return [];
  return parts;
}

function toArg(part: readonly Token[], formula: string): Arg {
  const tokens = part.filter((t) => t.kind !== "space");
  if (tokens.length === 0) return { kind: "omitted", text: "" };
  const text = formula.slice(tokens[0].start, tokens[tokens.length - 1].end);
  if (tokens.length === 1) {
    const t = tokens[0];
    switch (t.kind) {
      case "number":
        return { kind: "number", text, value: t.value };
      case "string":
        return { kind: "text", text, value: t.value };
      case "bool":
        return { kind: "bool", text, value: t.value };
      case "ref": {
        const area = t.ref.spill ? undefined : parseArea(t.ref.a1);
        if (!area) return { kind: "expr", text };
        return {
          kind: "ref",
          text,
          area,
          a1: t.ref.a1,
          ...(t.ref.sheet !== undefined ? { sheet: t.ref.sheet } : {}),
        };
      }
      case "name":
        return /[[\]]/.test(t.text) ? { kind: "expr", text } : { kind: "name", text };
    }
  }
  // A signed number: "-5", "+0.5".
  if (
    tokens.length === 2 &&
    tokens[0].kind === "op" &&
    (tokens[0].text === "-" || tokens[0].text === "+") &&
    tokens[1].kind === "number"
  ) {
    return { kind: "number", text, value: tokens[0].text === "-" ? -tokens[1].value : tokens[1].value };
  }
  // A percentage constant: "0.5%".
  if (
    tokens.length === 2 &&
    tokens[0].kind === "number" &&
    tokens[1].kind === "op" &&
    tokens[1].text === "%"
  ) {
    return { kind: "number", text, value: tokens[0].value / 100 };
  }
  if (tokens[0].kind === "brace" && tokens[0].text === "{" && tokens[tokens.length - 1].kind === "brace") {
    const array = readArrayConstant(tokens.slice(1, -1));
    if (array) return { kind: "array", text, value: array };
  }
  return { kind: "expr", text };
}

/** {1,2;3,4} → [[1,2],[3,4]]; undefined when it holds anything but constants. */
function readArrayConstant(tokens: readonly Token[]): (number | string | boolean)[][] | undefined {
  const rows: (number | string | boolean)[][] = [[]];
  let sign = 1;
  for (const t of tokens) {
    if (t.kind === "comma") continue;
    if (t.kind === "semicolon") {
      rows.push([]);
      continue;
    }
    if (t.kind === "op" && t.text === "-") {
      sign = -1;
      continue;
    }
    const row = rows[rows.length - 1];
    if (t.kind === "number") row.push(sign * t.value);
    else if (t.kind === "string") row.push(t.value);
    else if (t.kind === "bool") row.push(t.value);
    else return undefined;
    sign = 1;
  }
  const width = rows[0].length;
  return width > 0 && rows.every((r) => r.length === width) ? rows : undefined;
}

/** The number of rows and columns an argument covers (1×1 for constants and single cells). */
export function argShape(arg: Arg): { rows: number; cols: number } {
  if (arg.kind === "ref")
    return { rows: arg.area.bottom - arg.area.top + 1, cols: arg.area.right - arg.area.left + 1 };
  if (arg.kind === "array") return { rows: arg.value.length, cols: arg.value[0].length };
  return { rows: 1, cols: 1 };
}

/**
 * The reference to one cell of a range argument, for element (row, col) of a spilled call: a
 * single cell stays as written (it acts as a scalar for every element, as the runner broadcasts),
 * a range gives the cell at that offset, written relative (B5) as a reader would type it.
 *
 * @example elementRef({kind:"ref", a1:"B2:B10", ...}, 3, 0) // "B5"
 */
export function elementRef(arg: Extract<Arg, { kind: "ref" }>, row: number, col: number): string {
  const { area } = arg;
  const single = area.top === area.bottom && area.left === area.right;
  if (single) return arg.text;
  const r = area.bottom === area.top ? area.top : area.top + row;
  const c = area.right === area.left ? area.left : area.left + col;
  return `${sheetPrefix(arg.sheet)}${cellA1(r, c)}`;
}
