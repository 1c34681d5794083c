/**
 * `forum-papers share <workbook.xlsx> [-o <copy.xlsx>] [--json]`: a copy of the workbook for
 * readers without the add-in, as the pane's Share step makes it (src/app/file-engine.ts): every
 * DSG.* formula on every sheet that holds one becomes an ordinary Excel formula that gives the
 * same answer, or its value, and a "Converted formulas" sheet lists each one and why.
 *
 * The workbook is never written: the copy goes to `-o` (default "<workbook> - for readers.xlsx"
 * beside it) through the same guard and atomic write as the papers.
 *
 * Exit codes: 0 written; 2 usage (or an output that is the workbook itself); 3 unreadable;
 * 5 the copy could not be written.
 */

import * as path from "path";
import type { OpenedFile } from "../app/file-engine";
import type { ShareArgs } from "./args";
import { readCommandInput, type InspectContext } from "./inspect";
import {
  checkOutput,
  describeFileError,
  fileErrorDetail,
  OutputRefused,
  writeAtomically,
  type InputFile,
} from "./output";

/**
 * Read the workbook a command names and open it with the workbook-file engine; on failure the
 * unreadable-file failure (exit 3) is reported and its exit code returned instead.
 */
export async function openInput(
  given: string,
  ctx: InspectContext,
): Promise<{ input: InputFile; opened: OpenedFile } | number> {
  const input = await readCommandInput(given, ctx);
  if (typeof input === "number") return input;
  // Loaded here, as build does: the workbook reader brings in the zip and XML libraries.
  const { openWorkbookFile, UserError } = await import("../app/file-engine");
  try {
    return { input, opened: await openWorkbookFile({ name: path.basename(given), bytes: input.bytes }) };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return ctx.fail({
      exitCode: ctx.exitCode.unreadable,
      kind: "unreadable",
      message: e.message.replace(/\.$/, ""),
    });
  }
}

/** Run `share`; resolves to the exit code. */
export async function runShare(args: ShareArgs, ctx: InspectContext): Promise<number> {
  const { state, fail, exitCode } = ctx;
  const read = await openInput(args.input, ctx);
  if (typeof read === "number") return read;
  const { input, opened } = read;
  const { indexFormulas, shareableSheets, shareFile } = await import("../app/file-engine");

  state.stage = `converting the DSG formulas of ${args.input}`;
  const index = await indexFormulas(opened);
  const sheets = shareableSheets(index)
    .filter((s) => s.dsgFormulas > 0)
    .map((s) => s.name);
  const copy = await shareFile(opened, index, sheets);
  const output = args.output ?? path.join(path.dirname(args.input), copy.fileName);

  state.stage = `writing ${output}`;
  try {
    await checkOutput(output, input);
    await writeAtomically(output, copy.bytes, input);
  } catch (e) {
    if (e instanceof OutputRefused)
      return fail({ exitCode: exitCode.usage, kind: "refused", message: e.message });
    return fail({
      exitCode: exitCode.notWritten,
      kind: "not-written",
      message: `could not write ${output}: ${describeFileError(e)}; nothing was written, choose another folder or name`,
      detail: fileErrorDetail(e),
    });
  }
  state.written = true;
  if (args.json) {
    const account = { output, sheets, native: copy.native, values: copy.values, notes: copy.notes };
    ctx.stdout(JSON.stringify(account, null, 2) + "\n");
  } else {
    ctx.stdout(`${copy.message}\nWrote ${output}\n`);
  }
  return exitCode.ok;
}
