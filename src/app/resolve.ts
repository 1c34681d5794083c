/**
 * Reading a DSG call's arguments: which ranges it needs (so a host can read them all in one go)
 * and, once read, the value each argument gives the function. Pure: the host supplies the reads.
 */

import { areaA1, parseArea, type Area } from "../core/a1";
import { findDsgCalls, parseDsgFormula, tokenize, type Arg, type DsgCall } from "../core/formula-tokens";
import type { ExplainView, ResolvedArg } from "../functions/explain";

/** A range to read: its sheet (undefined: the formula's own sheet) and area. */
export interface RangeNeed {
  readonly sheet?: string;
  readonly area: Area;
  /** The A1 text to ask a host for, e.g. "B2:B10". */
  readonly a1: string;
}

/** The call to explain in a formula: the whole formula if it is one call, else its first DSG call. */
export function callToExplain(formula: string): { call: DsgCall; partOf?: string } | undefined {
  const whole = parseDsgFormula(formula);
  if (whole) return { call: whole };
  let calls: DsgCall[];
  try {
    calls = findDsgCalls(formula);
  } catch {
    return undefined;
  }
  return calls[0] ? { call: calls[0], partOf: formula } : undefined;
}

/** An explanation of one DSG call in a longer formula says so in its summary. */
export function partOfLongerFormula(view: ExplainView, fn: string): ExplainView {
  return { ...view, summary: `${view.summary} (This explains the DSG.${fn} part of a longer formula.)` };
}

/** A defined name's reference ("Bands!$A$1:$C$6"), or undefined when it is not one reference. */
export function nameTarget(value: string): Extract<Arg, { kind: "ref" }> | undefined {
  try {
    const tokens = tokenize(value).filter((t) => t.kind !== "space");
    const t = tokens[0];
    if (tokens.length !== 1 || t.kind !== "ref" || t.ref.spill) return undefined;
    const area = parseArea(t.ref.a1);
    if (!area) return undefined;
    return {
      kind: "ref",
      text: t.text,
      area,
      a1: t.ref.a1,
      ...(t.ref.sheet !== undefined ? { sheet: t.ref.sheet } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * The ranges a call reads: its reference arguments, and the references its named arguments stand
 * for (names resolved by `names`, which returns a name's reference text or undefined).
 */
export function rangesNeeded(
  call: DsgCall,
  names: (name: string) => string | undefined = () => undefined,
): RangeNeed[] {
  const out: RangeNeed[] = [];
  for (const arg of call.args) {
    const ref =
      arg.kind === "ref" ? arg : arg.kind === "name" ? nameTarget(names(arg.text) ?? "") : undefined;
    if (ref)
      out.push({ ...(ref.sheet !== undefined ? { sheet: ref.sheet } : {}), area: ref.area, a1: ref.a1 });
  }
  return out;
}

/** Reads a range's values (rows of cells) or says why it cannot. */
export type RangeReader = (need: RangeNeed) => unknown[][] | { readonly problem: string };

/**
 * Each argument with the value the function is given: a matrix for a reference, the constant for
 * a typed value, null for one left out; or a problem for what the view cannot read.
 *
 * @param ownSheet the formula's sheet, for messages ("B2 on Register")
 */
export function resolveArgs(
  call: DsgCall,
  ownSheet: string,
  read: RangeReader,
  names: (name: string) => string | undefined = () => undefined,
): ResolvedArg[] {
  return call.args.map((arg): ResolvedArg => {
    switch (arg.kind) {
      case "omitted":
        return { arg, value: null, where: "left out" };
      case "number":
      case "text":
      case "bool":
        return { arg, value: arg.value, where: "typed in the formula" };
      case "array":
        return { arg, value: arg.value, where: "typed in the formula" };
      case "ref":
      case "name": {
        const ref = arg.kind === "ref" ? arg : nameTarget(names(arg.text) ?? "");
        if (!ref) {
          return {
            arg,
            value: null,
            where: "",
            problem: `${arg.text} is a name the explain view cannot find as a range of cells.`,
          };
        }
        const got = read({
          ...(ref.sheet !== undefined ? { sheet: ref.sheet } : {}),
          area: ref.area,
          a1: ref.a1,
        });
        const sheet = ref.sheet ?? ownSheet;
        const label = `${areaA1(ref.area)} on ${sheet}${arg.kind === "name" ? ` (the name ${arg.text})` : ""}`;
        if (!Array.isArray(got)) return { arg, value: null, where: label, problem: got.problem };
        return { arg, value: got, where: label };
      }
      case "expr":
        return {
          arg,
          value: null,
          where: "",
          problem: `The argument ${arg.text} is a calculation; the explain view reads cell references and typed values only. Put the calculation in a cell and refer to that cell to see it explained.`,
        };
    }
  });
}
