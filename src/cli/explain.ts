/**
 * `forum-papers explain <workbook.xlsx> <Sheet!A1> [--json]`: one DSG.* formula of a workbook put
 * in words, as the pane's Explain step does it (src/app/file-engine.ts explains it from the file's
 * own values): what the function works out, each input with where it was read, the steps and the
 * result. The workbook is never written.
 *
 * Exit codes: 0 explained; 2 usage (the cell is not one cell, or names no sheet of the workbook);
 * 3 unreadable; 4 the cell holds no DSG formula (the message lists the cells that do).
 */

import { parseRef, cellA1 } from "../core/a1";
import type { ExplainOutcome } from "../app/file-engine";
import type { ExplainArgs } from "./args";
import type { InspectContext } from "./inspect";
import { openInput } from "./share";

/** How many of the workbook's DSG formula cells a "holds no DSG formula" message names. */
const LISTED_CELLS = 5;

/** The explanation for a person: the formula, what it does, its inputs, the steps, the result. */
export function formatExplanation(outcome: Extract<ExplainOutcome, { kind: "explained" }>): string {
  const { view } = outcome;
  const lines = [`${outcome.cell}: ${outcome.formula}`, view.summary];
  if (view.element) lines.push(`This explains ${view.element}.`);
  if (view.args.length > 0) {
    lines.push("", "Inputs:");
    for (const a of view.args) {
      const from = a.where || a.given;
      // Where the value came from, in brackets unless it is bracketed already ("(left out)").
      lines.push(`  ${a.label}: ${a.value}${!from ? "" : from.startsWith("(") ? ` ${from}` : ` (${from})`}`);
    }
  }
  if (view.steps.length > 0) {
    lines.push("", "Steps:");
    for (const s of view.steps) lines.push(`  ${s.label}: ${s.value}${s.detail ? ` (${s.detail})` : ""}`);
    if (view.moreSteps > 0) lines.push(`  … and ${view.moreSteps} more`);
  }
  if (view.unavailable) lines.push("", view.unavailable);
  lines.push("", `Result: ${view.result.text}${view.result.error ? ` (${view.result.error})` : ""}`);
  return lines.join("\n") + "\n";
}

/** Run `explain`; resolves to the exit code. */
export async function runExplain(args: ExplainArgs, ctx: InspectContext): Promise<number> {
  const { state, fail, exitCode } = ctx;
  const ref = parseRef(args.cell);
  const oneCell = ref && ref.area.top === ref.area.bottom && ref.area.left === ref.area.right;
  if (!ref || ref.sheet === undefined || !oneCell)
    return fail({
      exitCode: exitCode.usage,
      kind: "usage",
      message: `"${args.cell}" is not one cell with its sheet; give it as Sheet!A1, e.g. 'Top-up register'!E2`,
    });

  const read = await openInput(args.input, ctx);
  if (typeof read === "number") return read;
  const { opened } = read;
  const sheet = opened.snapshot.sheets.find((s) => s.name.toLowerCase() === ref.sheet!.toLowerCase());
  if (!sheet)
    return fail({
      exitCode: exitCode.usage,
      kind: "usage",
      message: `${args.input} has no sheet called "${ref.sheet}"; its sheets are ${opened.snapshot.sheets.map((s) => `"${s.name}"`).join(", ")}`,
    });

  state.stage = `explaining ${args.cell}`;
  const { explainFormula, formulaRefs, indexFormulas } = await import("../app/file-engine");
  const index = await indexFormulas(opened);
  const cell = cellA1(ref.area.top, ref.area.left);
  const listed = formulaRefs(index);
  if (!listed.some((f) => f.sheet === sheet.name && f.cell === cell)) {
    const cells = listed.slice(0, LISTED_CELLS).map((f) => `${f.sheet}!${f.cell}`);
    const more = listed.length > LISTED_CELLS ? ` and ${listed.length - LISTED_CELLS} more` : "";
    return fail({
      exitCode: exitCode.nothingToBuild,
      kind: "nothing",
      message:
        listed.length === 0
          ? `${sheet.name}!${cell} holds no DSG formula, and no cell of ${args.input} does`
          : `${sheet.name}!${cell} holds no DSG formula (a cell inside a spilled result is explained from its first cell); the DSG formulas are in ${cells.join(", ")}${more}`,
    });
  }
  const outcome = explainFormula(opened, index, { sheet: sheet.name, cell });
  if (outcome.kind === "nothing")
    return fail({
      exitCode: exitCode.nothingToBuild,
      kind: "nothing",
      message: outcome.message.replace(/\.$/, ""),
    });
  ctx.stdout(args.json ? JSON.stringify(outcome, null, 2) + "\n" : formatExplanation(outcome));
  return exitCode.ok;
}
