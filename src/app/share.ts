/**
 * Sharing a sheet with readers who do not have the add-in: each cell with a DSG.* formula becomes
 * something Excel (or LibreOffice) calculates on its own.
 *
 * - DSG.HOURSCOST → `ROUND(MAX(0,hours*rate*weeks/groupSize-threshold),2)`, a native formula;
 * - DSG.FINYEAR   → `YEAR(d)-(MONTH(d)<4)&"-"&RIGHT(YEAR(d)-(MONTH(d)<4)+1,2)`, a native formula;
 * - DSG.ACADYEAR  → `"AY"&YEAR(d)-(MONTH(d)<9)&"/"&RIGHT(YEAR(d)-(MONTH(d)<9)+1,2)`, a native formula;
 * - every other DSG function (and any formula a native version cannot stand in for) → its value.
 *
 * A native formula is used only when it gives the same answer as the DSG function for the inputs
 * the cell has now: every input a number (not text such as "£14.95", which DSG reads but Excel's
 * arithmetic does not), inside the function's bounds (no negative hours, group size 1 or more).
 * Otherwise the cell keeps its value and the note says why. An optional input given as a cell is
 * wrapped so a blank cell still means the default: `IF(E2="",38,E2)`. The parameters' labels,
 * bounds and defaults (the 38 weeks) are read from the function table (src/functions/table.ts).
 *
 * Pure: the hosts read the cells, apply the plan (the Excel JavaScript API, or the .xlsx parts) and
 * write the note listing every conversion.
 */

import { FUNCTIONS, HOURSCOST } from "../functions/table";
import type { SnapshotValue } from "../sources/snapshot";
import { areaA1, cellA1, sheetPrefix } from "../core/a1";
import { elementRef, findDsgCalls, parseDsgFormula, type Arg, type DsgCall } from "../core/formula-tokens";

/** Reads one cell's value: sheet (undefined = the formula's own sheet), zero-based row and column. */
export type CellReader = (sheet: string | undefined, row: number, col: number) => SnapshotValue | undefined;

/** A cell holding a DSG formula, as a host found it. */
export interface FormulaCell {
  readonly sheet: string;
  /** Zero-based position of the formula's cell (the top-left of a spill). */
  readonly row: number;
  readonly col: number;
  /** The formula, with or without the leading "=" (either spelling of DSG calls). */
  readonly formula: string;
  /** What the cell (and its spill, row-major) shows now; error values as their text ("#NUM!"). */
  readonly values: readonly (readonly SnapshotValue[])[];
}

/** What to write instead of a DSG formula. */
export type Conversion =
  | {
      readonly kind: "native";
      /** One native formula (without "=") per cell of the result, the shape of `values`. */
      readonly formulas: readonly (readonly string[])[];
      readonly note: string;
    }
  | {
      readonly kind: "value";
      /** The values to keep, the shape of the cell's result. */
      readonly values: readonly (readonly SnapshotValue[])[];
      readonly note: string;
    };

/** One line of the note sheet. */
export interface ConversionNote {
  readonly sheet: string;
  /** The cell or spilled range: "D2" or "D2:D40". */
  readonly cells: string;
  /** The DSG formula as Excel shows it: "=DSG.HOURSCOST(B2,C2)". */
  readonly was: string;
  /** "=ROUND(MAX(0,B2*C2*38),2)" (the first cell's) or "its value, 6388". */
  readonly now: string;
  readonly why: string;
}

const ERROR_TEXT = /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|SPILL!|CALC!|GETTING_DATA)$/;

/** True when a value is an Excel error shown as text ("#NUM!"). */
export function isErrorText(value: SnapshotValue | undefined): boolean {
  return typeof value === "string" && ERROR_TEXT.test(value);
}

/** A DSG formula as Excel shows it: "_xldudf_DSG_FINYEAR(A2)" → "=DSG.FINYEAR(A2)". */
export function displayFormula(formula: string): string {
  const body = formula.startsWith("=") ? formula.slice(1) : formula;
  return `=${body.replace(/(^|[^A-Za-z0-9_.])_xldudf_DSG[._]([A-Za-z0-9]+)(?=\s*\()/gi, (_m, pre: string, fn: string) => `${pre}DSG.${fn.toUpperCase()}`)}`;
}

/**
 * Decide what a DSG formula cell becomes.
 *
 * @param cell the cell, its formula and the value(s) it shows now
 * @param read reads the formula's inputs (references without a sheet are on `cell.sheet`)
 * @example planConversion({sheet:"S", row:1, col:3, formula:"DSG.HOURSCOST(B2,C2)", values:[[6388]]}, read)
 *   // { kind: "native", formulas: [["ROUND(MAX(0,B2*C2*38),2)"]], ... }
 */
export function planConversion(cell: FormulaCell, read: CellReader): Conversion {
  const formula = cell.formula.startsWith("=") ? cell.formula.slice(1) : cell.formula;
  const keep = (note: string): Conversion => ({ kind: "value", values: cell.values, note });
  const rows = cell.values.length;
  const cols = cell.values[0]?.length ?? 1;
  if (cell.values.some((r) => r.some((v) => isErrorText(v)))) {
    return keep(
      "The DSG function gives an error here, so the error is kept as a value; fix the inputs in the original.",
    );
  }
  let calls: DsgCall[];
  try {
    calls = findDsgCalls(formula);
  } catch {
    return keep("The formula could not be read, so its value is kept.");
  }
  const other = calls.find((c) => !NATIVE[c.fn]);
  if (other) return keep(`DSG.${other.fn} has no ordinary Excel equivalent, so its value is kept.`);

  const whole = parseDsgFormula(formula);
  if (whole) {
    // The formula is one call: one native formula per element of its (possibly spilled) result.
    const formulas: string[][] = [];
    for (let r = 0; r < rows; r++) {
      const line: string[] = [];
      for (let c = 0; c < cols; c++) {
        const native = NATIVE[whole.fn](whole.args, r, c, cell.sheet, read);
        if ("why" in native) return keep(native.why);
        line.push(native.formula);
      }
      formulas.push(line);
    }
    return { kind: "native", formulas, note: NOTE[whole.fn] };
  }
  if (rows * cols > 1)
    return keep(
      "The formula spills and uses DSG functions inside a longer calculation, so its values are kept.",
    );
  // DSG calls inside a longer formula: replace each call by its native version, outermost calls
  // only (a call nested in another's argument makes that argument a calculation: not converted).
  let out = "";
  let at = 0;
  for (const call of calls) {
    if (call.start < at) continue;
    const native = NATIVE[call.fn](call.args, 0, 0, cell.sheet, read);
    if ("why" in native) return keep(native.why);
    out += `${formula.slice(at, call.start)}(${native.formula})`;
    at = call.end;
  }
  out += formula.slice(at);
  return { kind: "native", formulas: [[out]], note: NOTE[calls[0].fn] };
}

/** The note line for a conversion. */
export function noteFor(cell: FormulaCell, conversion: Conversion): ConversionNote {
  const rows = cell.values.length;
  const cols = cell.values[0]?.length ?? 1;
  const cells = areaA1({
    top: cell.row,
    left: cell.col,
    bottom: cell.row + rows - 1,
    right: cell.col + cols - 1,
  });
  const now =
    conversion.kind === "native"
      ? `=${conversion.formulas[0][0]}${rows * cols > 1 ? " (first cell; each cell has its own)" : ""}`
      : rows * cols > 1
        ? `its ${rows * cols} values`
        : `its value, ${String(conversion.values[0]?.[0] ?? "")}`;
  return { sheet: cell.sheet, cells, was: displayFormula(cell.formula), now, why: conversion.note };
}

// ---------------------------------------------------------------------------------------------
// Native versions

type Native = (
  args: readonly Arg[],
  row: number,
  col: number,
  sheet: string,
  read: CellReader,
) => { readonly formula: string } | { readonly why: string };

const NOTE: Readonly<Record<string, string>> = {
  HOURSCOST:
    "DSG.HOURSCOST is max(0, hours × rate × weeks ÷ group size − threshold) rounded to the penny; the ordinary formula works it out the same way (it does not check for negative inputs as DSG.HOURSCOST does).",
  FINYEAR:
    "DSG.FINYEAR is the financial year (1 April to 31 March) of a date; the ordinary formula works it out from YEAR and MONTH.",
  ACADYEAR:
    "DSG.ACADYEAR is the academic year (1 September to 31 August) of a date; the ordinary formula works it out from YEAR and MONTH.",
};

/** An operand for an element: its formula text and the value it has now. */
interface Operand {
  readonly text: string;
  readonly value: SnapshotValue | undefined;
  readonly omitted: boolean;
  /** The operand is a cell, so a blank means "use the default". */
  readonly cell: boolean;
}

function operand(
  arg: Arg | undefined,
  row: number,
  col: number,
  read: CellReader,
): Operand | { why: string } {
  if (!arg || arg.kind === "omitted") return { text: "", value: undefined, omitted: true, cell: false };
  switch (arg.kind) {
    case "number":
      return {
        text: arg.value < 0 ? `(${arg.value})` : String(arg.value),
        value: arg.value,
        omitted: false,
        cell: false,
      };
    case "ref": {
      const text = elementRef(arg, row, col);
      const single = arg.area.top === arg.area.bottom && arg.area.left === arg.area.right;
      const r = single || arg.area.bottom === arg.area.top ? arg.area.top : arg.area.top + row;
      const c = single || arg.area.right === arg.area.left ? arg.area.left : arg.area.left + col;
      return { text, value: read(arg.sheet, r, c) ?? null, omitted: false, cell: true };
    }
    default:
      return {
        why: `The argument ${arg.text || "(empty)"} is not a number or a single cell, so the value is kept.`,
      };
  }
}

function where(arg: Arg | undefined, op: Operand): string {
  return arg && arg.kind === "ref" ? op.text : (arg?.text ?? "");
}

/**
 * DSG.HOURSCOST as a native formula: each argument checked against its row in the function table
 * (its label for the message, its bound, its default), in the table's order (the function's own).
 * A blank optional input in a cell keeps its default: `IF(E2="",38,E2)`.
 */
const hoursCost: Native = (args, row, col, _sheet, read) => {
  const params = HOURSCOST.params;
  if (args.length > params.length)
    return { why: "DSG.HOURSCOST is given too many arguments, so its value is kept." };
  const parts: Partial<Record<string, string>> = {};
  for (const [i, p] of params.entries()) {
    const op = operand(args[i], row, col, read);
    if ("why" in op) return op;
    const blank = op.omitted || op.value === null || op.value === undefined || op.value === "";
    if (blank) {
      if (p.default === undefined)
        return { why: `${p.label} is empty, so DSG.HOURSCOST gives an error; the value is kept.` };
      if (op.omitted) {
        parts[p.name] = String(p.default);
        continue;
      }
    } else if (typeof op.value !== "number") {
      return {
        why: `${p.label} in ${where(args[i], op)} is text (${JSON.stringify(op.value)}), which DSG reads as a number but an ordinary formula would not; the value is kept.`,
      };
    } else if (p.min !== undefined && op.value < p.min) {
      return {
        why: `${p.label} in ${where(args[i], op)} is below ${p.min}, which DSG.HOURSCOST rejects; the value is kept.`,
      };
    }
    parts[p.name] =
      p.default !== undefined && op.cell ? `IF(${op.text}="",${p.default},${op.text})` : op.text;
  }
  const { hoursPerWeek, hourlyRate, weeks, threshold, groupSize } = parts;
  const perGroup = groupSize === "1" ? "" : `/${groupSize}`;
  const less = threshold === "0" ? "" : `-${threshold}`;
  return { formula: `ROUND(MAX(0,${hoursPerWeek}*${hourlyRate}*${weeks}${perGroup}${less}),2)` };
};

/**
 * A year label from YEAR and MONTH: the year starts in `firstMonth` (4 = April for financial years,
 * 9 = September for academic years). For 15/03/2026 and April: 2026-(3<4) = 2025, so "2025-26".
 */
function yearLabel(
  fn: "FINYEAR" | "ACADYEAR",
  firstMonth: number,
  prefix: string,
  separator: string,
): Native {
  return (args, row, col, _sheet, read) => {
    if (args.length !== FUNCTIONS[fn].params.length)
      return { why: `DSG.${fn} takes one date, so its value is kept.` };
    const op = operand(args[0], row, col, read);
    if ("why" in op) return op;
    if (typeof op.value !== "number") {
      return {
        why:
          op.value === null || op.value === undefined || op.value === ""
            ? `The date is empty, so DSG.${fn} gives an error; the value is kept.`
            : `The date in ${where(args[0], op)} is text, which DSG reads as a UK date but an ordinary formula may not; the value is kept.`,
      };
    }
    const d = op.text;
    const start = `YEAR(${d})-(MONTH(${d})<${firstMonth})`;
    const lead = prefix === "" ? "" : `"${prefix}"&`;
    return { formula: `${lead}${start}&"${separator}"&RIGHT(${start}+1,2)` };
  };
}

const NATIVE: Readonly<Record<string, Native>> = {
  HOURSCOST: hoursCost,
  FINYEAR: yearLabel("FINYEAR", 4, "", "-"),
  ACADYEAR: yearLabel("ACADYEAR", 9, "AY", "/"),
};

/** The functions that become native formulas (the rest become values). */
export const NATIVE_FUNCTIONS = Object.keys(NATIVE);

/**
 * Title and header of the note sheet a shared copy carries, and its rows. Rows are plain text so a
 * host can write them as values (formulas in the "was" column are text, never evaluated).
 */
export const NOTE_SHEET = "Converted formulas";

export function noteSheetRows(notes: readonly ConversionNote[], sharedSheets: readonly string[]): string[][] {
  return [
    ["Formulas converted for readers without Forum Papers"],
    [
      `This sheet lists each DSG.* formula on ${sharedSheets.map((s) => `"${s}"`).join(", ")} and what it became: an ordinary Excel formula that gives the same answer, or its value. ${notes.length} cell${notes.length === 1 ? "" : "s"} converted.`,
    ],
    ["Sheet", "Cells", "Was", "Now", "Why"],
    ...notes.map((n) => [n.sheet, n.cells, n.was, n.now, n.why]),
  ];
}

/** "Sheet!A1" for messages. */
export function cellName(sheet: string, row: number, col: number): string {
  return `${sheetPrefix(sheet)}${cellA1(row, col)}`;
}
