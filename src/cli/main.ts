/**
 * `forum-papers build <workbook.xlsx> -o <papers.xlsx>`: the headless main job. Reads the council's
 * workbook (never writing to it), maps its tables, builds the papers and writes a NEW workbook.
 *
 * Failure never leaves a partial file: the papers are written to a temporary file beside the
 * output and renamed into place only when complete. Every expected failure is one line on stderr
 * and a documented exit code; only a bug prints a stack trace (and then only with DEBUG set).
 */

import { promises as fs } from "fs";
import * as path from "path";
import { parseArgs, USAGE, UsageError, type BuildArgs } from "./args";
import { buildPapersFromBytes, BuildFailure, type BuildOutcome } from "../app/pipeline";
import { formatSummary, toJsonReport } from "./report";

export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  unreadable: 3,
  nothingToBuild: 4,
  notWritten: 5,
  checksFail: 6,
} as const;

interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const defaultIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

async function writeAtomically(target: string, bytes: Uint8Array): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.partial`);
  try {
    await fs.writeFile(temp, bytes);
    await fs.rename(temp, target);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
}

async function runBuild(args: BuildArgs, io: Io): Promise<number> {
  const progress = args.quiet ? undefined : (step: string) => io.stderr(`forum-papers: ${step}\n`);
  if (path.resolve(args.input) === path.resolve(args.output)) {
    io.stderr("forum-papers: the output must be a new file, not the council's workbook\n");
    return ExitCode.usage;
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(args.input);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.stderr(
      `forum-papers: cannot read ${args.input}: ${code === "ENOENT" ? "no such file" : (e as Error).message}\n`,
    );
    return ExitCode.unreadable;
  }
  let mapping: string | undefined;
  if (args.mappingFile) {
    try {
      mapping = await fs.readFile(args.mappingFile, "utf8");
    } catch {
      io.stderr(`forum-papers: cannot read the mapping file ${args.mappingFile}\n`);
      return ExitCode.usage;
    }
  }

  let outcome: BuildOutcome;
  try {
    outcome = await buildPapersFromBytes(bytes, path.basename(args.input), {
      mapping,
      papers: args.papers,
      meetingDate: args.meetingDate,
      meetingName: args.meeting,
      author: args.author,
      status: args.status,
      transferPercent: args.transferPercent,
      deficitScenario:
        args.savingsDelivered !== undefined || args.expenditurePressure !== undefined
          ? { savingsDelivered: args.savingsDelivered, expenditurePressure: args.expenditurePressure }
          : undefined,
      suppressSmallNumbers: !args.noSuppression,
      progress,
    });
  } catch (e) {
    if (e instanceof BuildFailure) {
      io.stderr(`forum-papers: ${e.message}\n`);
      return e.kind === "unreadable"
        ? ExitCode.unreadable
        : e.kind === "usage"
          ? ExitCode.usage
          : ExitCode.nothingToBuild;
    }
    throw e;
  }

  try {
    await writeAtomically(args.output, outcome.bytes);
  } catch (e) {
    io.stderr(`forum-papers: could not write ${args.output}: ${(e as Error).message}\n`);
    return ExitCode.notWritten;
  }
  progress?.(`wrote ${args.output}`);

  if (args.json) io.stdout(JSON.stringify(toJsonReport(outcome, args.output), null, 2) + "\n");
  else io.stdout(formatSummary(outcome, args.output));
  const allPass = outcome.build.checks.every((c) => c.passed);
  return args.strict && !allPass ? ExitCode.checksFail : ExitCode.ok;
}

/** Run the command; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === "help") {
      io.stdout(USAGE + "\n");
      return ExitCode.ok;
    }
    if (args.command === "version") {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      io.stdout(`${require("../../package.json").version}\n`);
      return ExitCode.ok;
    }
    return await runBuild(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`forum-papers: ${e.message}\n(see forum-papers --help)\n`);
      return ExitCode.usage;
    }
    io.stderr(`forum-papers: unexpected error: ${(e as Error).message}\n`);
    if (process.env.DEBUG) io.stderr(`${(e as Error).stack}\n`);
    return ExitCode.unexpected;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
