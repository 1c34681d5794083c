/**
 * `forum-papers inspect <workbook.xlsx> [--mapping m.json] [--write-mapping m.json] [--json]`:
 * how the reader sees a council's workbook (app/inspect.ts), printed for a person or as JSON, and
 * optionally the mapping it found written as a file to edit and pass to `build --mapping`.
 *
 * The workbook is read as `build` reads it (output.ts readInput, the same unreadable-file
 * messages) and never written; the mapping file goes through the same guard and atomic write as
 * the papers, so it can never replace the council's workbook or be left half-written.
 */

import { promises as fs } from "fs";
import * as path from "path";
import type { InspectArgs } from "./args";
import { toJsonFailure, type CommandFailure } from "./report";
import type { ExitCode as ExitCodes } from "./main";
import {
  checkOutput,
  describeFileError,
  fileErrorDetail,
  InputUnreadable,
  OutputRefused,
  readInput,
  writeAtomically,
  type InputFile,
} from "./output";

/** What main.ts lends the command: printing, its failure reporter and the exit codes. */
export interface InspectContext {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Prints the one line (and the JSON account with --json) and returns the exit code. */
  readonly fail: (failure: CommandFailure) => number;
  readonly exitCode: typeof ExitCodes;
  /** Where the run is, for an unexpected error's message. */
  readonly state: { stage: string; written: boolean; input?: string };
}

/**
 * Read the workbook a command names, noting the stage for an unexpected error's message; on
 * failure the unreadable-file failure (exit 3) is reported and its exit code returned instead.
 */
export async function readCommandInput(
  given: string,
  ctx: Pick<InspectContext, "state" | "fail" | "exitCode">,
): Promise<InputFile | number> {
  ctx.state.input = given;
  ctx.state.stage = `reading ${given}`;
  try {
    return await readInput(given);
  } catch (e) {
    if (!(e instanceof InputUnreadable)) throw e;
    return ctx.fail({
      exitCode: ctx.exitCode.unreadable,
      kind: "unreadable",
      message: e.message,
      detail: e.detail,
    });
  }
}

/**
 * The text of the mapping file a command names (undefined when it names none); when it cannot be
 * read, the usage failure (exit 2) is reported and its exit code returned instead. `advice` ends
 * the message ("; check its name, …").
 */
export async function readMappingFile(
  file: string | undefined,
  ctx: Pick<InspectContext, "fail" | "exitCode">,
  advice = "",
): Promise<string | undefined | number> {
  if (file === undefined) return undefined;
  try {
    return await fs.readFile(file, "utf8");
  } catch (e) {
    return ctx.fail({
      exitCode: ctx.exitCode.usage,
      kind: "usage",
      message: `cannot read the mapping file ${file}: ${describeFileError(e)}${advice}`,
      detail: fileErrorDetail(e),
    });
  }
}

function notWritten(output: string, e: unknown, codes: typeof ExitCodes): CommandFailure {
  return {
    exitCode: codes.notWritten,
    kind: "not-written",
    message: `could not write ${output}: ${describeFileError(e)}; nothing was written, choose another folder or name`,
    detail: fileErrorDetail(e),
  };
}

/**
 * Run `inspect`; resolves to the exit code: 0 read (whatever it found), 2 usage (an unreadable
 * mapping file, or --write-mapping naming the council's workbook), 3 workbook unreadable,
 * 4 nothing recognisable (no mapping is written), 5 the mapping file could not be written.
 */
export async function runInspect(args: InspectArgs, ctx: InspectContext): Promise<number> {
  const { state, fail, exitCode } = ctx;
  const input = await readCommandInput(args.input, ctx);
  if (typeof input === "number") return input;
  if (args.writeMapping !== undefined) {
    try {
      await checkOutput(args.writeMapping, input);
    } catch (e) {
      if (e instanceof OutputRefused)
        return fail({ exitCode: exitCode.usage, kind: "refused", message: e.message });
      return fail(notWritten(args.writeMapping, e, exitCode));
    }
  }
  const mapping = await readMappingFile(args.mappingFile, ctx);
  if (typeof mapping === "number") return mapping;

  state.stage = `inspecting ${args.input}`;
  if (!args.quiet) ctx.stderr(`forum-papers: reading ${path.basename(args.input)}\n`);
  // Loaded here, as build does: the workbook reader brings in the zip and XML libraries.
  const [{ readWorkbookFile }, { unreadableFailure }, { inspectWorkbook, formatInspection }] =
    await Promise.all([import("../workbook/xlsx/read"), import("../app/pipeline"), import("../app/inspect")]);
  const name = path.basename(args.input);
  let snapshot;
  try {
    snapshot = await readWorkbookFile(input.bytes, name);
  } catch (e) {
    const failure = unreadableFailure(e, name);
    return fail({
      exitCode: exitCode.unreadable,
      kind: "unreadable",
      message: failure.message,
      detail: failure.detail,
    });
  }
  const { report, mappingJson } = inspectWorkbook(snapshot, mapping);
  const account = args.json ? JSON.stringify(report, null, 2) + "\n" : formatInspection(report);

  if (report.datasets.length === 0) {
    const failure: CommandFailure = {
      exitCode: exitCode.nothingToBuild,
      kind: "nothing",
      message: `no table in ${args.input} looked like any dataset Forum Papers reads${
        args.writeMapping !== undefined ? `; ${args.writeMapping} was not written` : ""
      }`,
    };
    if (!args.json) {
      ctx.stdout(account);
      return fail(failure);
    }
    // One JSON document: the tables found (to map by hand) and the error together.
    ctx.stderr(`forum-papers: ${failure.message.replace(/\s*\n\s*/g, " ")}\n`);
    ctx.stdout(JSON.stringify({ ...report, ...toJsonFailure(failure) }, null, 2) + "\n");
    return failure.exitCode;
  }
  if (args.writeMapping !== undefined) {
    state.stage = `writing ${args.writeMapping}`;
    try {
      await writeAtomically(args.writeMapping, new TextEncoder().encode(mappingJson), input);
    } catch (e) {
      if (e instanceof OutputRefused)
        return fail({ exitCode: exitCode.usage, kind: "refused", message: e.message });
      return fail(notWritten(args.writeMapping, e, exitCode));
    }
    state.written = true;
    if (!args.quiet)
      ctx.stderr(
        `forum-papers: wrote the mapping to ${args.writeMapping}; edit it and run forum-papers build ${args.input} -o papers.xlsx --mapping ${args.writeMapping}\n`,
      );
  }
  ctx.stdout(account);
  return exitCode.ok;
}
