/**
 * `forum-papers build <workbook.xlsx> -o <papers.xlsx>`: the headless main job. Reads the council's
 * workbook (never writing to it), maps its tables, builds the papers and writes a NEW workbook.
 *
 * Failure never leaves a partial file: the papers are written to a temporary file beside the
 * output and renamed into place only when complete, and an output that is (or leads to) the
 * council's workbook is refused (see output.ts). Every failure is one line on stderr and a
 * documented exit code; with --json its account, with any library's own words as `detail`, is
 * printed on stdout too. Only a bug prints a stack trace, and then only with DEBUG set.
 */

import { promises as fs } from "fs";
import * as path from "path";
import { parseArgs, USAGE, UsageError, type BuildArgs } from "./args";
import { readCommandInput, readMappingFile, runInspect, type InspectContext } from "./inspect";
import { runCheck } from "./check";
import { runExplain } from "./explain";
import { runShare } from "./share";
import type { BuildFailure, BuildOutcome, MappingNeedsConfirmation } from "../app/pipeline";
import type { PreviousPapersInput } from "../app/previous";
import { unconfirmedMappings, unconfirmedStamp } from "../sources/crosscheck";
import { parseSavedMapping } from "../sources/mapping";
import { PAPERS } from "../papers/registry";
import { thrownDetail } from "../app/thrown";
import { formatSummary, toJsonFailure, toJsonReport, type CommandFailure } from "./report";
import { checkOutput, describeFileError, fileErrorDetail, OutputRefused, writeAtomically } from "./output";

export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  unreadable: 3,
  nothingToBuild: 4,
  notWritten: 5,
  checksFail: 6,
  /** A table's mapping needs the user's confirmation (issue 8): see --accept-uncertain. */
  needsConfirmation: 7,
} as const;

/** The switch that builds from a doubtful mapping anyway; taken out of argv before parseArgs. */
const ACCEPT_UNCERTAIN = "--accept-uncertain";

interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const defaultIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** How far a run got, so an unexpected error can say where it happened and what it left. */
export interface RunState {
  stage: string;
  written: boolean;
  input?: string;
}

/** Print a failure: one line on stderr, and with --json its account (and detail) on stdout. */
function report(io: Io, json: boolean, failure: CommandFailure): number {
  // One line whatever the message holds (a file name can contain a newline).
  io.stderr(`forum-papers: ${failure.message.replace(/\s*\n\s*/g, " ")}\n`);
  if (json) io.stdout(JSON.stringify(toJsonFailure(failure), null, 2) + "\n");
  return failure.exitCode;
}

function buildFailureExit(kind: BuildFailure["kind"]): Pick<CommandFailure, "exitCode" | "kind"> {
  if (kind === "unreadable") return { exitCode: ExitCode.unreadable, kind: "unreadable" };
  if (kind === "confirm") return { exitCode: ExitCode.needsConfirmation, kind: "needs-confirmation" };
  if (kind === "usage") return { exitCode: ExitCode.usage, kind: "usage" };
  return { exitCode: ExitCode.nothingToBuild, kind: "nothing" };
}

function notWritten(output: string, e: unknown): CommandFailure {
  return {
    exitCode: ExitCode.notWritten,
    kind: "not-written",
    message: `could not write ${output}: ${describeFileError(e)}; nothing was written, choose another folder or name`,
    detail: fileErrorDetail(e),
  };
}

/**
 * The one line for a mapping that needs confirmation: the table, the doubtful field and the two
 * ways on, with this run's own file names so it can be copied.
 */
function confirmMessage(failure: MappingNeedsConfirmation, args: BuildArgs): string {
  const rerun = `forum-papers build ${quoteArg(args.input)} -o ${quoteArg(args.output)}`;
  const inspect = `forum-papers inspect ${quoteArg(args.input)} --write-mapping m.json`;
  return `${failure.message}: write the mapping with ${inspect}, correct it, and run ${rerun} --mapping m.json, or build anyway with ${rerun} ${ACCEPT_UNCERTAIN}`;
}

/** A file name as typed on a command line: quoted when it holds a space or a quote. */
function quoteArg(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `"${text.replace(/"/g, '\\"')}"`;
}

/** The last meeting's papers for --previous: their bytes, or why they could not be read (a warning). */
async function previousInput(file: string): Promise<PreviousPapersInput> {
  const name = path.basename(file);
  try {
    return { name, bytes: await fs.readFile(file) };
  } catch (e) {
    return { name, missing: describeFileError(e) };
  }
}

async function runBuild(args: BuildArgs, io: Io, state: RunState, acceptUncertain = false): Promise<number> {
  const progress = args.quiet ? undefined : (step: string) => io.stderr(`forum-papers: ${step}\n`);
  const fail = (failure: CommandFailure) => report(io, args.json, failure);
  const input = await readCommandInput(args.input, { state, fail, exitCode: ExitCode });
  if (typeof input === "number") return input;
  // Before the build, so a mistaken -o costs nothing; writeAtomically checks again before the rename.
  try {
    await checkOutput(args.output, input);
  } catch (e) {
    if (e instanceof OutputRefused)
      return fail({ exitCode: ExitCode.usage, kind: "refused", message: e.message });
    // The system would not let us look at the output path (a name too long, no permission): the
    // write would fail the same way, so say so now rather than after the build.
    return fail(notWritten(args.output, e));
  }
  const mapping = await readMappingFile(
    args.mappingFile || undefined,
    { fail, exitCode: ExitCode },
    `; check its name, or write one with forum-papers inspect ${quoteArg(args.input)} --write-mapping m.json`,
  );
  if (typeof mapping === "number") return mapping;

  if (mapping !== undefined) {
    // A mapping the user gave is theirs to fix: refuse it rather than quietly detect instead.
    const parsed = parseSavedMapping(mapping);
    if (typeof parsed === "string")
      return fail({
        exitCode: ExitCode.usage,
        kind: "usage",
        message: `the mapping file ${args.mappingFile} cannot be used: ${parsed.replace(/\.$/, "")}; correct it, or write a fresh one with forum-papers inspect ${quoteArg(args.input)} --write-mapping m.json`,
      });
  }

  state.stage = `building the papers from ${args.input}`;
  // Loaded here rather than at the top: the pipeline brings in ExcelJS (about a quarter of a
  // second to load), which --help, --version and usage mistakes do not need.
  const pipeline = await import("../app/pipeline");
  let outcome: BuildOutcome;
  try {
    outcome = await pipeline.buildPapersFromBytes(input.bytes, path.basename(args.input), {
      mapping,
      papers: args.papers,
      meetingDate: args.meetingDate,
      meetingName: args.meeting,
      author: args.author,
      status: args.status,
      transferPercent: args.transferPercent,
      bandingBudget: args.bandingBudget,
      deficitScenario:
        args.savingsDelivered !== undefined || args.expenditurePressure !== undefined
          ? { savingsDelivered: args.savingsDelivered, expenditurePressure: args.expenditurePressure }
          : undefined,
      suppressSmallNumbers: !args.noSuppression,
      acceptUncertain,
      ...(args.previous !== undefined ? { previous: await previousInput(args.previous) } : {}),
      progress,
    });
  } catch (e) {
    if (e instanceof pipeline.MappingNeedsConfirmation)
      return fail({ ...buildFailureExit(e.kind), message: confirmMessage(e, args) });
    if (!(e instanceof pipeline.BuildFailure)) throw e;
    return fail({ ...buildFailureExit(e.kind), message: e.message, detail: e.detail });
  }

  // The account is put together before the file is written, so a fault in it leaves no output.
  state.stage = "summarising the build";
  const unconfirmed = unconfirmedMappings(outcome.datasets);
  const account = args.json
    ? JSON.stringify(
        {
          ...toJsonReport(outcome, args.output),
          // Built with --accept-uncertain: the mappings nobody confirmed and the papers stamped.
          ...(unconfirmed.length > 0
            ? {
                unconfirmedMappings: unconfirmed.map((u) => ({
                  ...u,
                  papers: outcome.build.papers
                    .filter(
                      (p) =>
                        PAPERS[p.id].needs.some((n) => n === u.dataset) ||
                        (p.id === "banding-review" && u.dataset === "currentBands"),
                    )
                    .map((p) => p.id),
                })),
              }
            : {}),
        },
        null,
        2,
      ) + "\n"
    : formatSummary(outcome, args.output) +
      (unconfirmed.length > 0
        ? `${unconfirmedStamp(unconfirmed)}\n(built with ${ACCEPT_UNCERTAIN}: the cover and these papers are stamped "unconfirmed mapping")\n`
        : "");

  state.stage = `writing ${args.output}`;
  try {
    await writeAtomically(args.output, outcome.bytes, input);
  } catch (e) {
    if (e instanceof OutputRefused)
      return fail({ exitCode: ExitCode.usage, kind: "refused", message: e.message });
    return fail(notWritten(args.output, e));
  }
  state.written = true;
  progress?.(`wrote ${args.output}`);

  state.stage = "printing the summary";
  io.stdout(account);
  const failing = outcome.build.checks.filter((c) => !c.passed);
  if (args.strict && failing.length > 0) {
    // --strict: the papers are written, and the one line says which checks failed and where to look.
    const named = failing
      .slice(0, 3)
      .map((c) => `${c.description} (check ${c.id})`)
      .join("; ");
    const more = failing.length > 3 ? `; and ${failing.length - 3} more` : "";
    io.stderr(
      `forum-papers: ${failing.length} check${failing.length === 1 ? "" : "s"} failed: ${named}${more}; the papers were written to ${args.output}: see its Checks sheet for how to fix each\n`,
    );
    return ExitCode.checksFail;
  }
  return ExitCode.ok;
}

/**
 * What the command says about an error it did not expect (a fault in forum-papers): one line on
 * stderr saying where it happened, what was left and what to do; the stack only when DEBUG is set
 * (a finance officer reading a stack trace learns nothing, a developer with DEBUG=1 gets it all).
 *
 * @param debug whether DEBUG is set in the environment
 * @returns the lines to print on stderr, each ending in a newline, and the failure for --json
 */
export function describeUnexpected(
  e: unknown,
  state: Readonly<RunState>,
  debug: boolean,
): { stderr: string; failure: CommandFailure } {
  const left = state.written
    ? "the papers were written"
    : `nothing was written${state.input ? ` and ${state.input} is unchanged` : ""}`;
  const message = `unexpected error while ${state.stage} (a fault in forum-papers); ${left}; run again with DEBUG=1 set to see the details, and report them`;
  const detail = thrownDetail(e);
  const stack = (e as { stack?: unknown } | undefined)?.stack;
  const debugText = debug ? `${typeof stack === "string" ? stack : detail}\n` : "";
  return {
    stderr: `forum-papers: ${message}\n${debugText}`,
    failure: { exitCode: ExitCode.unexpected, kind: "unexpected", message, detail },
  };
}

/** Run the command; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const state: RunState = { stage: "starting", written: false };
  // Known before the arguments are parsed, so even a usage mistake is reported as JSON.
  const json = argv.includes("--json");
  try {
    const acceptUncertain = argv.includes(ACCEPT_UNCERTAIN);
    const args = parseArgs(argv.filter((a) => a !== ACCEPT_UNCERTAIN));
    if (args.command === "help") {
      io.stdout(USAGE + "\n");
      return ExitCode.ok;
    }
    if (args.command === "version") {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      io.stdout(`${require("../../package.json").version}\n`);
      return ExitCode.ok;
    }
    if (args.command === "build") return await runBuild(args, io, state, acceptUncertain);
    const ctx: InspectContext = {
      ...io,
      state,
      exitCode: ExitCode,
      fail: (failure) => report(io, args.json, failure),
    };
    if (args.command === "inspect") return await runInspect(args, ctx);
    if (args.command === "check") return await runCheck(args, ctx);
    return await (args.command === "share" ? runShare(args, ctx) : runExplain(args, ctx));
  } catch (e) {
    if (e instanceof UsageError)
      return report(io, json, {
        exitCode: ExitCode.usage,
        kind: "usage",
        message: `${e.message} (see forum-papers --help)`,
      });
    const { stderr, failure } = describeUnexpected(e, state, Boolean(process.env.DEBUG));
    io.stderr(stderr);
    if (json) io.stdout(JSON.stringify(toJsonFailure(failure), null, 2) + "\n");
    return ExitCode.unexpected;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
