/**
 * The command line's arguments: the usage text lists every paper of the registry and every option,
 * and each build option parses with its one parser and rejects bad text with its one message.
 */
import { USAGE, UsageError, parseArgs, type BuildArgs } from "../../src/cli/args";
import { PAPER_IDS } from "../../src/papers/registry";
import { BUILD_OPTIONS, BUILD_OPTION_KEYS } from "../../src/papers/options";

const BASE = ["build", "council.xlsx", "-o", "papers.xlsx"];

function build(...extra: string[]): BuildArgs {
  const parsed = parseArgs([...BASE, ...extra]);
  if (parsed.command !== "build") throw new Error(`expected a build, got ${parsed.command}`);
  return parsed;
}

function usageError(...extra: string[]): string {
  try {
    parseArgs([...BASE, ...extra]);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`expected a usage error for ${extra.join(" ")}`);
}

describe("the usage text", () => {
  test("lists every paper of the registry", () => {
    // The six papers the SPEC names, written out here so a row dropped from the registry fails too.
    const expected = [
      "hnb-monitoring",
      "dsg-summary",
      "deficit-plan",
      "transfer-impact",
      "banding-review",
      "placement-summary",
    ];
    expect([...PAPER_IDS]).toEqual(expected);
    for (const id of PAPER_IDS) expect(USAGE).toMatch(new RegExp(`[\\s,:]${id}(,|\\n|$)`));
  });

  test("lists every build option of the table, with its placeholder and default", () => {
    for (const key of BUILD_OPTION_KEYS) {
      const option = BUILD_OPTIONS[key];
      const line = USAGE.split("\n").find(
        (l) => l.startsWith(`  ${option.flag} `) || l === `  ${option.flag}`,
      );
      expect({ key, line: line !== undefined }).toEqual({ key, line: true });
      expect(line).toContain(option.placeholder);
    }
    expect(USAGE).toContain("(default: 100%)");
    expect(USAGE).toContain("(default: draft)");
  });

  test("keeps every flag the command has always taken", () => {
    const flags = [
      "-o, --output <file>",
      "--papers <ids>",
      "--mapping <file.json>",
      "--meeting-date <dd/mm/yyyy>",
      "--meeting <text>",
      "--author <text>",
      "--status <draft|final>",
      "--transfer-percent <n%>",
      "--savings-delivered <n%>",
      "--expenditure-pressure <n%>",
      "--no-suppression",
      "--json",
      "--strict",
      "-q, --quiet",
      "-h, --help",
      "--version",
    ];
    for (const flag of flags) expect(USAGE).toContain(`\n  ${flag} `);
  });

  test("no option's line is wider than 100 characters (the help wraps under its column)", () => {
    const optionLines = USAGE.split("\n").filter((line) => line.startsWith("  "));
    expect(optionLines.length).toBeGreaterThan(16);
    for (const line of optionLines) expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe("each build option: one parser, one message", () => {
  test("percentages are typed with or without %, and come out as fractions with no binary tail", () => {
    expect(build("--transfer-percent", "0.5").transferPercent).toBe(0.005);
    expect(build("--transfer-percent", "0.5%").transferPercent).toBe(0.005);
    expect(build("--savings-delivered", "10.8%").savingsDelivered).toBe(0.108);
    // A negative number is a value, not an option: -1.5% a year is a fall in expenditure.
    expect(build("--expenditure-pressure", "-1.5%").expenditurePressure).toBe(-0.015);
  });

  // [flag, the bounds' inside edges (accepted, as fractions), just outside each edge, the one message]
  const percents: [string, keyof BuildArgs, [string, number][], string[], string][] = [
    [
      "--transfer-percent",
      "transferPercent",
      [
        ["0%", 0],
        ["100%", 1],
      ],
      ["-0.01%", "100.01%", "150%", "half"],
      "must be a percentage from 0% to 100%, such as 0.5%",
    ],
    [
      "--savings-delivered",
      "savingsDelivered",
      [
        ["0", 0],
        ["100", 1],
      ],
      ["-1%", "101%", "lots"],
      "must be a percentage from 0% to 100%, such as 80%",
    ],
    [
      "--expenditure-pressure",
      "expenditurePressure",
      [
        ["-50%", -0.5],
        ["50%", 0.5],
      ],
      ["-50.5%", "51%", "2 percent"],
      "must be a percentage from -50% to 50%, such as 2%",
    ],
  ];
  test.each(percents)(
    "%s accepts its bounds and rejects beyond them with its one message",
    (flag, field, inside, outside, message) => {
      for (const [text, fraction] of inside) expect(build(flag, text)[field]).toBe(fraction);
      for (const text of outside) expect(usageError(flag, text)).toBe(`${flag} "${text}" ${message}`);
    },
  );

  test("--meeting-date reads a real UK date and rejects any other with its one message", () => {
    // 12 March 2026 is Excel serial 46093 (days since 30 December 1899).
    expect(build("--meeting-date", "12/03/2026").meetingDate).toBe(46093);
    for (const text of ["31/02/2026", "01/13/2026", "soon"])
      expect(usageError("--meeting-date", text)).toBe(
        `--meeting-date "${text}" must be a date written dd/mm/yyyy, such as 12/03/2026`,
      );
  });

  test("--status takes draft or final, in any case, and nothing else", () => {
    expect(build("--status", "FINAL").status).toBe("final");
    expect(build().status).toBeUndefined();
    expect(usageError("--status", "published")).toBe('--status "published" must be draft or final');
  });

  test("--papers splits on commas; the text options keep what was typed; --no-suppression is a switch", () => {
    const args = build(
      "--papers",
      "dsg-summary, deficit-plan",
      "--meeting",
      "Schools Forum (extra)",
      "--no-suppression",
    );
    expect(args.papers).toEqual(["dsg-summary", "deficit-plan"]);
    expect(args.meeting).toBe("Schools Forum (extra)");
    expect(args.noSuppression).toBe(true);
    expect(build().noSuppression).toBe(false);
  });

  test("an option with no value says so", () => {
    expect(usageError("--transfer-percent")).toBe("--transfer-percent needs a value");
    expect(usageError("--author", "--json")).toBe("--author needs a value");
  });

  test("the command's own switches and mistakes", () => {
    const args = build("--json", "--strict", "-q");
    expect([args.json, args.strict, args.quiet]).toEqual([true, true, true]);
    expect(usageError("--frobnicate")).toBe("unknown option --frobnicate");
    expect(() => parseArgs(["build", "council.xlsx", "-o", "papers.csv"])).toThrow(
      'the output "papers.csv" must end in .xlsx',
    );
    expect(parseArgs(["--help"])).toEqual({ command: "help" });
  });
});
