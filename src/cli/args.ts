/**
 * Command-line arguments for `forum-papers`, parsed by hand (the grammar is small and a parser
 * library would be one more dependency to vet). Every mistake gets a one-line message naming the
 * option and what it expects.
 */

import { parseUkDateText, type Serial } from "../core/dates";
import { parseUkNumber } from "../core/values";

export interface BuildArgs {
  readonly command: "build";
  readonly input: string;
  readonly output: string;
  readonly papers?: string[];
  readonly mappingFile?: string;
  readonly meetingDate?: Serial;
  readonly transferPercent?: number;
  readonly savingsDelivered?: number;
  readonly expenditurePressure?: number;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly noSuppression: boolean;
  readonly strict: boolean;
  readonly status?: "draft" | "final";
  readonly author?: string;
  readonly meeting?: string;
}

export type ParsedArgs = BuildArgs | { readonly command: "help" } | { readonly command: "version" };

export class UsageError extends Error {
  override name = "UsageError";
}

export const USAGE = `Usage: forum-papers build <workbook.xlsx> -o <papers.xlsx> [options]

Builds Schools Forum papers from a council workbook into a new workbook. The input is never changed.

Options:
  -o, --output <file>          where to write the papers workbook (.xlsx); required: a new file
                               or earlier papers, never the council's workbook or a folder
  --papers <ids>               comma-separated papers to build (default: all the data allows):
                               hnb-monitoring, dsg-summary, deficit-plan, transfer-impact,
                               banding-review, placement-summary
  --mapping <file.json>        a saved column mapping that overrides detection
  --meeting-date <dd/mm/yyyy>  the Schools Forum meeting date
  --meeting <text>             the meeting's name (default "Schools Forum")
  --author <text>              the paper's author
  --status <draft|final>       shown on the cover (default draft)
  --transfer-percent <n%>      the Schools Block transfer, e.g. 0.5% (overrides the workbook)
  --savings-delivered <n%>     deficit plan scenario: share of the plan's savings delivered (default 100%)
  --expenditure-pressure <n%>  deficit plan scenario: extra expenditure growth a year (default 0%)
  --no-suppression             show counts of 1-4 instead of [c]
  --json                       print what was built, how each dataset was mapped and the rows
                               used and skipped, as JSON on stdout; on failure, the error (with
                               any detail from the reader or the system) as JSON
  --strict                     exit 6 when the papers are built but a check fails
  -q, --quiet                  no progress on stderr
  -h, --help                   this help
  --version                    the version

Exit codes: 0 built (failed checks are listed, and shown on the Cover and Checks sheets);
1 unexpected error (DEBUG=1 shows where); 2 usage (or an output that is the council's workbook);
3 input unreadable (not an .xlsx, password-protected, corrupt);
4 nothing recognisable to build; 5 output not written; 6 with --strict: built, but a check fails.`;

function takeValue(argv: readonly string[], i: number, option: string): string {
  const v = argv[i + 1];
  if (v === undefined || (v.startsWith("-") && v !== "-")) throw new UsageError(`${option} needs a value`);
  return v;
}

/** Parse argv (without node and script). */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv.includes("-h") || argv.includes("--help")) return { command: "help" };
  if (argv.includes("--version")) return { command: "version" };
  const [command, ...rest] = argv;
  if (command !== "build") throw new UsageError(`unknown command "${command}"; the command is "build"`);
  let input: string | undefined;
  let output: string | undefined;
  // Built up option by option, then frozen into BuildArgs.
  const opts: { -readonly [K in keyof Omit<BuildArgs, "command" | "input" | "output">]?: BuildArgs[K] } & {
    json: boolean;
    quiet: boolean;
    noSuppression: boolean;
    strict: boolean;
  } = { json: false, quiet: false, noSuppression: false, strict: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    switch (a) {
      case "-o":
      case "--output":
        output = takeValue(rest, i++, a);
        break;
      case "--papers":
        opts.papers = takeValue(rest, i++, a)
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean);
        break;
      case "--mapping":
        opts.mappingFile = takeValue(rest, i++, a);
        break;
      case "--meeting-date": {
        const text = takeValue(rest, i++, a);
        const d = parseUkDateText(text);
        if (d === undefined)
          throw new UsageError(`--meeting-date "${text}" is not a date; write it as dd/mm/yyyy`);
        opts.meetingDate = d;
        break;
      }
      case "--meeting":
        opts.meeting = takeValue(rest, i++, a);
        break;
      case "--author":
        opts.author = takeValue(rest, i++, a);
        break;
      case "--status": {
        const s = takeValue(rest, i++, a).toLowerCase();
        if (s !== "draft" && s !== "final") throw new UsageError(`--status must be draft or final`);
        opts.status = s;
        break;
      }
      case "--transfer-percent": {
        const text = takeValue(rest, i++, a);
        // "0.5%" and "0.5" both mean half a percent here: a bare number is read as a percentage.
        const n = parseUkNumber(text.includes("%") ? text : `${text}%`);
        if (n === undefined || n < 0 || n > 1)
          throw new UsageError(`--transfer-percent "${text}" must be a percentage such as 0.5%`);
        opts.transferPercent = n;
        break;
      }
      case "--savings-delivered":
      case "--expenditure-pressure": {
        const text = takeValue(rest, i++, a);
        const n = parseUkNumber(text.includes("%") ? text : `${text}%`);
        if (n === undefined) throw new UsageError(`${a} "${text}" must be a percentage such as 80%`);
        if (a === "--savings-delivered") opts.savingsDelivered = n;
        else opts.expenditurePressure = n;
        break;
      }
      case "--no-suppression":
        opts.noSuppression = true;
        break;
      case "--strict":
        opts.strict = true;
        break;
      case "--json":
        opts.json = true;
        break;
      case "-q":
      case "--quiet":
        opts.quiet = true;
        break;
      default:
        if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
        if (input !== undefined) throw new UsageError(`one input workbook only; got "${input}" and "${a}"`);
        input = a;
    }
  }
  if (input === undefined)
    throw new UsageError(
      "give the council workbook to read, e.g. forum-papers build council.xlsx -o papers.xlsx",
    );
  if (output === undefined) throw new UsageError("give the output file with -o, e.g. -o papers.xlsx");
  if (!/\.xlsx$/i.test(output)) throw new UsageError(`the output "${output}" must end in .xlsx`);
  return { command: "build", input, output, ...opts };
}
