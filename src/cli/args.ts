/**
 * Command-line arguments for `forum-papers`, parsed by hand (the grammar is small and a parser
 * library would be one more dependency to vet). The build options (--meeting-date,
 * --transfer-percent, …) come from the one table in src/papers/options.ts, with its parsers and
 * messages; this module adds the command's own switches (-o, --json, --strict, …) and the usage
 * text, which lists every paper of the registry and every option of both tables. Every mistake
 * gets a one-line message naming the option and what it expects.
 */

import type { Serial } from "../core/dates";
import { PAPER_IDS } from "../papers/registry";
import {
  BUILD_OPTIONS,
  BUILD_OPTION_KEYS,
  parseOption,
  type BuildOption,
  type BuildOptionKey,
  type BuildOptionValue,
} from "../papers/options";

export interface BuildArgs {
  readonly command: "build";
  readonly input: string;
  readonly output: string;
  readonly papers?: string[];
  readonly mappingFile?: string;
  /** The last meeting's papers.xlsx, for the movement tables. */
  readonly previous?: string;
  readonly meetingDate?: Serial;
  /** A fraction: 0.005 is 0.5%. */
  readonly transferPercent?: number;
  /** £ a year: what the proposed bands may cost. */
  readonly bandingBudget?: number;
  /** A fraction: 0.8 is 80%. */
  readonly savingsDelivered?: number;
  /** A fraction: 0.02 is 2% a year. */
  readonly expenditurePressure?: number;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly noSuppression: boolean;
  readonly strict: boolean;
  readonly status?: "draft" | "final";
  readonly author?: string;
  readonly meeting?: string;
}

/** The build options as parsed, by the table's keys. */
type BuildOptionArgs = { -readonly [Key in BuildOptionKey]?: BuildOptionValue<Key> };

/**
 * The parsed build options as BuildArgs fields. The return type indexes BuildArgs by every key of
 * the table, so a row added there without its field here (or with another type) does not compile.
 */
function asBuildArgs(options: BuildOptionArgs): { readonly [Key in BuildOptionKey]?: BuildArgs[Key] } {
  return options;
}

/** `forum-papers inspect <workbook> [--mapping m.json] [--write-mapping m.json] [--json]`. */
export interface InspectArgs {
  readonly command: "inspect";
  readonly input: string;
  /** A mapping file to read with, as `build --mapping` does. */
  readonly mappingFile?: string;
  /** Where to write the mapping found, for editing and `build --mapping`. */
  readonly writeMapping?: string;
  readonly json: boolean;
  readonly quiet: boolean;
}

/** `forum-papers check <workbook> [--json]`: the publication check (app/publication-check.ts). */
export interface CheckArgs {
  readonly command: "check";
  readonly input: string;
  readonly json: boolean;
}

/** `forum-papers share <workbook> [-o copy.xlsx] [--json]`: a copy for readers (cli/share.ts). */
export interface ShareArgs {
  readonly command: "share";
  readonly input: string;
  /** Where to write the copy; default "<workbook> - for readers.xlsx" beside the workbook. */
  readonly output?: string;
  readonly json: boolean;
}

/** `forum-papers explain <workbook> <Sheet!A1> [--json]`: one DSG formula explained (cli/explain.ts). */
export interface ExplainArgs {
  readonly command: "explain";
  readonly input: string;
  /** The cell as typed: "Register!E2", "'Top-up register'!$E$2". */
  readonly cell: string;
  readonly json: boolean;
}

export type ParsedArgs =
  | BuildArgs
  | InspectArgs
  | CheckArgs
  | ShareArgs
  | ExplainArgs
  | { readonly command: "help" }
  | { readonly command: "version" };

export class UsageError extends Error {
  override name = "UsageError";
}

/** The command's own options (what to write, how to report), for the usage text. */
const COMMAND_OPTIONS: readonly { readonly flags: string; readonly help: string }[] = [
  {
    flags: "-o, --output <file>",
    help: "where to write the papers workbook (.xlsx); required: a new file or earlier papers, never the council's workbook or a folder",
  },
];
const REPORT_OPTIONS: readonly { readonly flags: string; readonly help: string }[] = [
  {
    flags: "--json",
    help: "print what was built, how each dataset was mapped and the rows used and skipped, as JSON on stdout; on failure, the error (with any detail from the reader or the system) as JSON",
  },
  { flags: "--strict", help: "exit 6 when the papers are built but a check fails" },
  { flags: "-q, --quiet", help: "no progress on stderr" },
  { flags: "-h, --help", help: "this help" },
  { flags: "--version", help: "the version" },
];

/** Width of the usage text, and where each option's help starts. */
const WIDTH = 100;
const HELP_COLUMN = 31;

/** Words wrapped to the usage text's width, every line after the first indented to the help column. */
function wrap(words: string, firstLineRoom: number): string {
  const lines: string[] = [];
  let line = "";
  let room = firstLineRoom;
  for (const word of words.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = WIDTH - HELP_COLUMN;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${" ".repeat(HELP_COLUMN)}`);
}

function usageLine(flags: string, help: string): string {
  const head = `  ${flags}`;
  // A long flag pushes its help to the next line rather than out of the column.
  if (head.length >= HELP_COLUMN - 1)
    return `${head}\n${" ".repeat(HELP_COLUMN)}${wrap(help, WIDTH - HELP_COLUMN)}`;
  return `${head.padEnd(HELP_COLUMN)}${wrap(help, WIDTH - HELP_COLUMN)}`;
}

/** A build option's help line: its help, the default, and for --papers every paper's id. */
function buildOptionHelp(key: BuildOptionKey, option: BuildOption): string {
  const withDefault = option.defaultText ? `${option.help} (default: ${option.defaultText})` : option.help;
  return key === "papers" ? `${withDefault}: ${PAPER_IDS.join(", ")}` : withDefault;
}

/** The help text: every command option, every build option of the table, the exit codes. */
export const USAGE = [
  "Usage: forum-papers build <workbook.xlsx> -o <papers.xlsx> [options]",
  "       forum-papers inspect <workbook.xlsx> [--mapping m.json] [--write-mapping m.json] [--json]",
  "       forum-papers check <workbook.xlsx> [--json]",
  "       forum-papers share <workbook.xlsx> [-o <copy.xlsx>] [--json]",
  "       forum-papers explain <workbook.xlsx> <Sheet!A1> [--json]",
  "",
  "Builds Schools Forum papers from a council workbook into a new workbook. The input is never changed.",
  "inspect lists every table found, the datasets read with their confidence and per-field evidence, and",
  "with --write-mapping writes the mapping as a file to edit and pass to build --mapping.",
  "check tests a workbook against the GSS and WCAG rules for published spreadsheets and lists each",
  "failure with its sheet, cell and fix: exit 0 when every rule passes, 6 when one fails, 3 unreadable.",
  "share writes a copy for readers without the add-in: each DSG.* formula becomes an ordinary Excel",
  'formula or its value, listed on a "Converted formulas" sheet (default: "<workbook> - for readers.xlsx").',
  "explain puts one DSG.* formula in words: its inputs as read from the workbook, its steps and result",
  "(exit 4 when the cell holds no DSG formula).",
  "",
  "Options:",
  ...COMMAND_OPTIONS.map((o) => usageLine(o.flags, o.help)),
  ...BUILD_OPTION_KEYS.map((key) => {
    const option: BuildOption = BUILD_OPTIONS[key];
    return usageLine(
      `${option.flag}${option.placeholder ? ` ${option.placeholder}` : ""}`,
      buildOptionHelp(key, option),
    );
  }),
  ...REPORT_OPTIONS.map((o) => usageLine(o.flags, o.help)),
  // Read by main.ts before the other options (it is taken out of argv there).
  usageLine(
    "--accept-uncertain",
    'build even when a table\'s mapping needs confirmation (exit 7 otherwise); every paper built from it, and the cover, is stamped "unconfirmed mapping" with the reason',
  ),
  "",
  "Exit codes: 0 built (failed checks are listed, and shown on the Cover and Checks sheets);",
  "1 unexpected error (DEBUG=1 shows where); 2 usage (or an output that is the council's workbook);",
  "3 input unreadable (not an .xlsx, password-protected, corrupt);",
  "4 nothing recognisable to build; 5 output not written; 6 with --strict: built, but a check fails;",
  "7 a table's mapping needs confirmation (pass an edited mapping with --mapping, or --accept-uncertain).",
].join("\n");

/** The build option a flag names, if any. */
const OPTION_BY_FLAG = new Map<string, BuildOptionKey>(
  BUILD_OPTION_KEYS.map((key) => [BUILD_OPTIONS[key].flag, key]),
);

/** A negative number ("-1%", "-0.5") is a value, not an option. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

function takeValue(argv: readonly string[], i: number, option: string, allowNegative = false): string {
  const v = argv[i + 1];
  const looksLikeOption =
    v !== undefined && v.startsWith("-") && v !== "-" && !(allowNegative && NEGATIVE_NUMBER.test(v));
  if (v === undefined || looksLikeOption) throw new UsageError(`${option} needs a value`);
  return v;
}

/** Parse argv (without node and script). */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv.includes("-h") || argv.includes("--help")) return { command: "help" };
  if (argv.includes("--version")) return { command: "version" };
  const [command, ...rest] = argv;
  if (command === "inspect") return parseInspectArgs(rest);
  if (command === "check") return parseCheckArgs(rest);
  if (command === "share") return parseShareArgs(rest);
  if (command === "explain") return parseExplainArgs(rest);
  if (command !== "build")
    throw new UsageError(
      `unknown command "${command}"; the commands are "build", "inspect", "check", "share" and "explain"`,
    );
  let input: string | undefined;
  let output: string | undefined;
  const options: BuildOptionArgs = {};
  const switches = { json: false, quiet: false, strict: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const key = OPTION_BY_FLAG.get(a);
    if (key !== undefined) {
      const type = BUILD_OPTIONS[key].type;
      const text = type.kind === "switch" ? "" : takeValue(rest, i++, a, type.kind === "percent");
      const parsed = parseOption(key, text);
      if ("error" in parsed) throw new UsageError(`${a} "${text}" ${parsed.error}`);
      (options as Record<BuildOptionKey, unknown>)[key] = parsed.value;
      continue;
    }
    switch (a) {
      case "-o":
      case "--output":
        output = takeValue(rest, i++, a);
        break;
      case "--strict":
        switches.strict = true;
        break;
      case "--json":
        switches.json = true;
        break;
      case "-q":
      case "--quiet":
        switches.quiet = true;
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
  const { noSuppression, ...values } = asBuildArgs(options);
  return { command: "build", input, output, ...values, ...switches, noSuppression: noSuppression === true };
}

/** Parse `inspect`'s arguments (after the command word). */
function parseInspectArgs(rest: readonly string[]): InspectArgs {
  let input: string | undefined;
  let mappingFile: string | undefined;
  let writeMapping: string | undefined;
  const switches = { json: false, quiet: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === "--mapping") mappingFile = takeValue(rest, i++, a);
    else if (a === "--write-mapping") writeMapping = takeValue(rest, i++, a);
    else if (a === "--json") switches.json = true;
    else if (a === "-q" || a === "--quiet") switches.quiet = true;
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a} for inspect`);
    else if (input !== undefined) throw new UsageError(`one input workbook only; got "${input}" and "${a}"`);
    else input = a;
  }
  if (input === undefined)
    throw new UsageError("give the council workbook to inspect, e.g. forum-papers inspect council.xlsx");
  if (writeMapping !== undefined && !/\.json$/i.test(writeMapping))
    throw new UsageError(`the mapping file "${writeMapping}" must end in .json`);
  return {
    command: "inspect",
    input,
    ...(mappingFile !== undefined ? { mappingFile } : {}),
    ...(writeMapping !== undefined ? { writeMapping } : {}),
    ...switches,
  };
}

/** Parse `check`'s arguments (after the command word). */
function parseCheckArgs(rest: readonly string[]): CheckArgs {
  let input: string | undefined;
  let json = false;
  for (const a of rest) {
    if (a === "--json") json = true;
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a} for check`);
    else if (input !== undefined) throw new UsageError(`one workbook only; got "${input}" and "${a}"`);
    else input = a;
  }
  if (input === undefined)
    throw new UsageError("give the workbook to check, e.g. forum-papers check papers.xlsx");
  return { command: "check", input, json };
}

/** Parse `share`'s arguments (after the command word). */
function parseShareArgs(rest: readonly string[]): ShareArgs {
  let input: string | undefined;
  let output: string | undefined;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === "-o" || a === "--output") output = takeValue(rest, i++, a);
    else if (a === "--json") json = true;
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a} for share`);
    else if (input !== undefined) throw new UsageError(`one workbook only; got "${input}" and "${a}"`);
    else input = a;
  }
  if (input === undefined)
    throw new UsageError(
      "give the workbook to share, e.g. forum-papers share council.xlsx -o for-readers.xlsx",
    );
  if (output !== undefined && !/\.xlsx$/i.test(output))
    throw new UsageError(`the output "${output}" must end in .xlsx`);
  return { command: "share", input, ...(output !== undefined ? { output } : {}), json };
}

/** Parse `explain`'s arguments (after the command word): the workbook, then the cell. */
function parseExplainArgs(rest: readonly string[]): ExplainArgs {
  const given: string[] = [];
  let json = false;
  for (const a of rest) {
    if (a === "--json") json = true;
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a} for explain`);
    else given.push(a);
  }
  if (given.length !== 2)
    throw new UsageError(
      "give the workbook and one cell with its sheet, e.g. forum-papers explain council.xlsx 'Top-up register'!E2",
    );
  return { command: "explain", input: given[0], cell: given[1], json };
}
