/**
 * The build options, declared once: each option's flag on the command line, its label and unit in
 * the pane, its bounds and default, its help line, its one parser and its one message. The command
 * line (src/cli/args.ts) parses and lists its options from this table; the pane can read the same
 * labels, bounds and messages (src/taskpane/options.ts).
 *
 * Percentages are typed as people write them, "0.5" or "0.5%" both meaning half a percent, and
 * come out as the fraction Excel holds (0.005). Bounds are in the unit typed (percent), so the
 * message quotes them as the user wrote them: "from 0% to 100%".
 *
 * Here, below the app layer, because the papers read the same bounds: the deficit plan's scenario
 * ranges (deficit-plan.ts, DEFICIT_SCENARIO_RANGES) must agree with the scenario options' bounds,
 * and a test holds them together.
 */

import { parseUkDateText, type Serial } from "../core/dates";
import { parseUkNumber } from "../core/values";
import { percentToFraction } from "../core/validate";

/** How an option's text is read, and what it gives. */
export type OptionKind =
  /** A percentage within bounds (in %), given as its fraction: "0.5%" → 0.005. */
  | { readonly kind: "percent"; readonly min: number; readonly max: number; readonly example: string }
  /** An amount of money within bounds (£), typed "2,500,000", "£2,500,000" or "2500000.50", given to the penny. */
  | { readonly kind: "pounds"; readonly min: number; readonly max: number; readonly example: string }
  /** A date, dd/mm/yyyy (or "12 March 2026", or 2026-03-12), given as an Excel serial. */
  | { readonly kind: "date" }
  /** One of a few words, case ignored. */
  | { readonly kind: "choice"; readonly choices: readonly string[] }
  /** Free text (a name, a file path). */
  | { readonly kind: "text" }
  /** A comma-separated list of words. */
  | { readonly kind: "list" }
  /** On when given; takes no value. */
  | { readonly kind: "switch" };

/** One build option: a row of {@link BUILD_OPTIONS}. */
export interface BuildOption {
  /** The command line's flag: "--transfer-percent". */
  readonly flag: `--${string}`;
  /** What the value looks like, for the usage text: "<n%>". Empty for a switch. */
  readonly placeholder: string;
  /** The pane's label for the field, with its unit: "Transfer (%)". */
  readonly label: string;
  /** The unit the value is typed in: "%", "dd/mm/yyyy", or "" for words. */
  readonly unit: string;
  /** What the build uses when the option is not given, as the user would read it ("100%"). */
  readonly defaultText?: string;
  /** One line for the usage text and the pane's hint. */
  readonly help: string;
  readonly type: OptionKind;
}

/**
 * Every option that changes what is built, in the order the usage text lists them. The keys are
 * the names the command line's parsed arguments use (`BuildArgs` in src/cli/args.ts).
 */
export const BUILD_OPTIONS = {
  papers: {
    flag: "--papers",
    placeholder: "<ids>",
    label: "Papers",
    unit: "",
    defaultText: "all the data allows",
    help: "comma-separated papers to build",
    type: { kind: "list" },
  },
  mappingFile: {
    flag: "--mapping",
    placeholder: "<file.json>",
    label: "Saved column mapping",
    unit: "",
    help: "a saved column mapping that overrides detection",
    type: { kind: "text" },
  },
  previous: {
    flag: "--previous",
    placeholder: "<papers.xlsx>",
    label: "Compare with the papers from the last meeting",
    unit: "",
    help: "the last meeting's papers: each paper gets a table of what changed since",
    type: { kind: "text" },
  },
  meetingDate: {
    flag: "--meeting-date",
    placeholder: "<dd/mm/yyyy>",
    label: "Meeting date",
    unit: "dd/mm/yyyy",
    help: "the Schools Forum meeting date",
    type: { kind: "date" },
  },
  meeting: {
    flag: "--meeting",
    placeholder: "<text>",
    label: "Meeting",
    unit: "",
    defaultText: '"Schools Forum"',
    help: "the meeting's name",
    type: { kind: "text" },
  },
  author: {
    flag: "--author",
    placeholder: "<text>",
    label: "Author",
    unit: "",
    help: "the paper's author",
    type: { kind: "text" },
  },
  status: {
    flag: "--status",
    placeholder: "<draft|final>",
    label: "Status",
    unit: "",
    defaultText: "draft",
    help: "shown on the cover",
    type: { kind: "choice", choices: ["draft", "final"] },
  },
  transferPercent: {
    flag: "--transfer-percent",
    placeholder: "<n%>",
    label: "Transfer (%)",
    unit: "%",
    defaultText: "the workbook's",
    help: "the Schools Block transfer, e.g. 0.5%",
    type: { kind: "percent", min: 0, max: 100, example: "0.5%" },
  },
  savingsDelivered: {
    flag: "--savings-delivered",
    placeholder: "<n%>",
    label: "Savings delivered (%)",
    unit: "%",
    defaultText: "100%",
    help: "deficit plan scenario: share of the plan's savings delivered",
    type: { kind: "percent", min: 0, max: 100, example: "80%" },
  },
  expenditurePressure: {
    flag: "--expenditure-pressure",
    placeholder: "<n%>",
    label: "Extra expenditure growth a year (%)",
    unit: "%",
    defaultText: "0%",
    help: "deficit plan scenario: extra expenditure growth a year",
    type: { kind: "percent", min: -50, max: 50, example: "2%" },
  },
  bandingBudget: {
    flag: "--banding-budget",
    placeholder: "<£>",
    label: "Budget for the proposed bands (£)",
    unit: "£",
    defaultText: "the current bands' cost",
    help: "banding review: what the proposed bands may cost a year (cost neutrality's target)",
    type: { kind: "pounds", min: 0, max: 10_000_000_000, example: "£2,500,000" },
  },
  noSuppression: {
    flag: "--no-suppression",
    placeholder: "",
    label: "Show small numbers",
    unit: "",
    help: "show counts of 1-4 instead of [c]",
    type: { kind: "switch" },
  },
} as const satisfies Readonly<Record<string, BuildOption>>;

/** The build options' names: "transferPercent", … */
export type BuildOptionKey = keyof typeof BUILD_OPTIONS;

/** Every build option's name, in the table's order. */
export const BUILD_OPTION_KEYS = Object.keys(BUILD_OPTIONS) as readonly BuildOptionKey[];

/** What an option of a given kind gives once parsed. */
type ValueOfKind<Kind extends OptionKind> = Kind extends { kind: "percent" } | { kind: "pounds" }
  ? number
  : Kind extends { kind: "date" }
    ? Serial
    : Kind extends { kind: "choice"; choices: readonly (infer Choice)[] }
      ? Choice
      : Kind extends { kind: "list" }
        ? string[]
        : Kind extends { kind: "switch" }
          ? true
          : string;

/** What option `Key` gives once parsed: a fraction, a serial, one of its choices, text, a list. */
export type BuildOptionValue<Key extends BuildOptionKey> = ValueOfKind<(typeof BUILD_OPTIONS)[Key]["type"]>;

/**
 * The one message for an option whose text cannot be used, as a predicate: the command line puts
 * the flag and the text before it (`--transfer-percent "150%" must be …`), the pane the label.
 *
 * @returns e.g. "must be a percentage from 0% to 100%, such as 0.5%"; "must be draft or final".
 */
export function optionMessage(key: BuildOptionKey): string {
  const type: OptionKind = BUILD_OPTIONS[key].type;
  switch (type.kind) {
    case "percent":
      return `must be a percentage from ${type.min}% to ${type.max}%, such as ${type.example}`;
    case "pounds":
      return `must be an amount in £ (to the penny) from £${type.min.toLocaleString("en-GB")} to £${type.max.toLocaleString("en-GB")}, such as ${type.example}`;
    case "date":
      return "must be a date written dd/mm/yyyy, such as 12/03/2026";
    case "choice":
      return `must be ${type.choices.slice(0, -1).join(", ")} or ${type.choices[type.choices.length - 1]}`;
    case "switch":
      return "takes no value";
    case "text":
    case "list":
      return "needs a value";
  }
}

/** An option's parsed value, or the option's one message ({@link optionMessage}). */
export type OptionParse<Value> = { readonly value: Value } | { readonly error: string };

/**
 * Read one option's text: the one parser for that option, used by every front end.
 *
 * @param key The option ("transferPercent").
 * @param text What the user typed ("0.5", "0.5%", "12/03/2026", "final").
 * @returns `{ value }` (a percentage as its fraction, a date as its serial, a choice in lower case,
 *   a list split on commas), or `{ error }` with the option's one message when the text is not of
 *   its kind or lies outside its bounds. Text that is empty after trimming is an error too: a
 *   front end that allows a blank field treats blank as "not given" before calling this.
 * @example parseOption("transferPercent", "0.5") // { value: 0.005 }
 * @example parseOption("transferPercent", "150%") // { error: "must be a percentage from 0% to 100%, such as 0.5%" }
 */
export function parseOption<Key extends BuildOptionKey>(
  key: Key,
  text: string,
): OptionParse<BuildOptionValue<Key>> {
  const value = parseByKind(BUILD_OPTIONS[key].type, text);
  return value === undefined ? { error: optionMessage(key) } : { value: value as BuildOptionValue<Key> };
}

function parseByKind(type: OptionKind, text: string): number | string | string[] | true | undefined {
  const trimmed = text.trim();
  if (type.kind === "switch") return trimmed === "" ? true : undefined;
  if (trimmed === "") return undefined;
  switch (type.kind) {
    case "percent": {
      // "0.5%" and "0.5" both mean half a percent: a bare number is read as a percentage.
      const percent = parseUkNumber(trimmed.replace(/%$/, "").trim());
      if (percent === undefined || !(percent >= type.min && percent <= type.max)) return undefined;
      return percentToFraction(percent);
    }
    case "pounds": {
      // "£2,500,000" and "2500000" alike; more than pence is refused rather than rounded away.
      const amount = parseUkNumber(trimmed.replace(/^£/, "").trim());
      if (amount === undefined || !(amount >= type.min && amount <= type.max)) return undefined;
      return Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6
        ? Math.round(amount * 100) / 100
        : undefined;
    }
    case "date":
      return parseUkDateText(trimmed);
    case "choice": {
      const word = trimmed.toLowerCase();
      return type.choices.includes(word) ? word : undefined;
    }
    case "list": {
      const items = trimmed
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);
      return items.length > 0 ? items : undefined;
    }
    case "text":
      return text;
  }
}
