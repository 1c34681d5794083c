/**
 * What the user reads when a build fails: one line that says what is wrong and what to do, never
 * a library's or the runtime's own words ("Cannot read properties of undefined …"), which go to
 * the `detail` of the --json account instead; a stack trace only with DEBUG set; and no output
 * or temporary file left behind on any failing route.
 */
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { describeUnexpected, ExitCode } from "../../src/cli/main";
import { BuildFailure, unreadableFailure } from "../../src/app/pipeline";
import { WorkbookReadError } from "../../src/workbook/xlsx/read";
import { partialsIn, run, SAMPLE, sha256, STACK_FRAME, stderrLines } from "./run-cli";

/** Words that belong to JavaScript or a parser, not to a message for a finance officer. */
const INTERNAL_WORDS =
  /Cannot read propert|undefined|null\b|is not a function|TypeError|RangeError|SyntaxError|E[A-Z]{3,}:|\d+:\d+: unexpected/;

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "forum-papers-messages-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/**
 * The sample with its first sheet's only cell pointing at shared string 99999, which does not
 * exist: the kind of damage a hand-edited or badly exported file has, and one on which ExcelJS
 * throws a TypeError of its own.
 */
async function damagedWorkbook(): Promise<string> {
  const zip = await JSZip.loadAsync(await fs.readFile(SAMPLE));
  zip.file(
    "xl/worksheets/sheet1.xml",
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>99999</v></c></row></sheetData></worksheet>`,
  );
  const file = path.join(dir, "damaged.xlsx");
  await fs.writeFile(file, await zip.generateAsync({ type: "uint8array" }));
  return file;
}

describe("a damaged workbook: the user's line says what to do; the library's words go to --json", () => {
  let input: string;
  let before: string;
  beforeAll(async () => {
    input = await damagedWorkbook();
    before = await sha256(input);
  });

  test("stderr: one line, exit 3, no internal words, says to save it again from Excel", async () => {
    const output = path.join(dir, "damaged-out.xlsx");
    const r = await run(["build", input, "-o", output, "-q"]);
    expect(r.code).toBe(ExitCode.unreadable);
    const lines = stderrLines(r);
    expect(lines).toHaveLength(1);
    // The reader may name the damage ("is damaged: cell A1 … refers to shared text number 99999")
    // or not ("could not be read as an Excel workbook: part of it is damaged …"); either way the
    // line names the file, says it is damaged or unreadable, and says to save it again.
    expect(lines[0]).toMatch(/^forum-papers: damaged\.xlsx (could not be read|is damaged)/);
    expect(lines[0]).toMatch(/save it again/);
    expect(lines[0]).not.toMatch(INTERNAL_WORDS);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    await expect(fs.stat(output)).rejects.toThrow();
    expect(await partialsIn(dir)).toEqual([]);
    expect(await sha256(input)).toBe(before);
  });

  test("--json: the same line as `message`, and what the library said as `detail`", async () => {
    const r = await run(["build", input, "-o", path.join(dir, "damaged-json.xlsx"), "-q", "--json"]);
    expect(r.code).toBe(ExitCode.unreadable);
    const account = JSON.parse(r.stdout);
    expect(account.error.exitCode).toBe(ExitCode.unreadable);
    expect(account.error.kind).toBe("unreadable");
    expect(`forum-papers: ${account.error.message}`).toBe(stderrLines(r)[0]);
    expect(typeof account.error.detail).toBe("string");
    expect(account.error.detail.length).toBeGreaterThan(0);
    expect(r.stderr).not.toContain(account.error.detail);
  });
});

describe("unreadableFailure keeps a reader's or library's words out of the message", () => {
  test("a WorkbookReadError carrying a JavaScript message in brackets", () => {
    const e = new WorkbookReadError(
      "corrupt",
      "hnb.xlsx could not be read as an Excel workbook (Cannot read properties of undefined (reading 'richText')); open it in Excel, save it again and retry",
    );
    const f = unreadableFailure(e, "hnb.xlsx");
    expect(f).toBeInstanceOf(BuildFailure);
    expect(f.kind).toBe("unreadable");
    expect(f.message).toMatch(/^hnb\.xlsx could not be read as an Excel workbook: /);
    expect(f.message).toMatch(/save it again as an Excel Workbook \(\.xlsx\) and retry$/);
    expect(f.message).not.toMatch(INTERNAL_WORDS);
    expect(f.detail).toBe("Cannot read properties of undefined (reading 'richText')");
  });

  test("a WorkbookReadError carrying a parser's message with no advice after it", () => {
    const f = unreadableFailure(
      new WorkbookReadError(
        "corrupt",
        "x.xlsx could not be read as an Excel workbook (1:15: unexpected close tag.)",
      ),
      "x.xlsx",
    );
    expect(f.detail).toBe("1:15: unexpected close tag.");
    expect(f.message).not.toMatch(INTERNAL_WORDS);
  });

  test("a WorkbookReadError whose message is already a user's line is passed through unchanged", () => {
    const text =
      "locked.xlsx is password-protected; save an unprotected copy (File > Info > Protect Workbook) and use that";
    const f = unreadableFailure(new WorkbookReadError("encrypted", text), "locked.xlsx");
    expect(f.message).toBe(text);
    expect(f.detail).toBeUndefined();
  });

  test("a WorkbookReadError that keeps its own detail apart: message kept, detail taken", () => {
    const e = Object.assign(
      new WorkbookReadError("corrupt", "x.xlsx is damaged: xl/worksheets/sheet2.xml is listed but missing"),
      { detail: "zip entry not found" },
    );
    const f = unreadableFailure(e, "x.xlsx");
    expect(f.message).toBe("x.xlsx is damaged: xl/worksheets/sheet2.xml is listed but missing");
    expect(f.detail).toBe("zip entry not found");
  });

  test("anything else a library threw on the file becomes an unreadable failure with its words as detail", () => {
    let thrown: unknown;
    try {
      // A real TypeError, raised the way a parser raises one on a missing part.
      (undefined as unknown as { richText: string }).richText.trim();
    } catch (e) {
      thrown = e;
    }
    const f = unreadableFailure(thrown, "register.xlsx");
    expect(f.kind).toBe("unreadable");
    expect(f.message).toMatch(/^register\.xlsx could not be read as an Excel workbook: .*save it again/);
    expect(f.message).not.toMatch(INTERNAL_WORDS);
    expect(f.detail).toMatch(/^TypeError: Cannot read properties of undefined/);
  });
});

test("unreadableFailure: the runtime running out of room is 'too large', not 'damaged'", () => {
  let thrown: unknown;
  try {
    "x".repeat(2 ** 30); // past V8's string length limit: a real RangeError
  } catch (e) {
    thrown = e;
  }
  const f = unreadableFailure(thrown, "huge.xlsx");
  expect(f.message).toMatch(/^huge\.xlsx is too large to read: /);
  expect(f.message).not.toMatch(INTERNAL_WORDS);
  expect(f.detail).toMatch(/^RangeError: Invalid string length/);
});

test("unreadableFailure: a reader's other 'could not be read' lines keep their own words", () => {
  const text =
    "x.xlsx could not be read: sheet1 expands past 500 MB (the limit); remove unused rows and retry";
  const f = unreadableFailure(new WorkbookReadError("corrupt", text), "x.xlsx");
  expect(f.message).toBe(text);
});

describe("file-system failures are said in plain words; the system's own words are in --json", () => {
  test("a missing input: exit 3, 'no such file', detail ENOENT", async () => {
    const output = path.join(dir, "missing-out.xlsx");
    const r = await run(["build", path.join(dir, "nope.xlsx"), "-o", output, "-q", "--json"]);
    expect(r.code).toBe(ExitCode.unreadable);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot read .*nope\.xlsx: no such file/);
    expect(r.stderr).not.toMatch(INTERNAL_WORDS);
    expect(JSON.parse(r.stdout).error.detail).toMatch(/^ENOENT/);
    await expect(fs.stat(output)).rejects.toThrow();
  });

  test("a folder as the input: exit 3, says it is a folder", async () => {
    const r = await run(["build", dir, "-o", path.join(dir, "folder-in.xlsx"), "-q"]);
    expect(r.code).toBe(ExitCode.unreadable);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(/it is a folder; give the council's workbook file/);
    expect(r.stderr).not.toMatch(INTERNAL_WORDS);
  });

  test("an output whose folder is a file: exit 5 after the build, nothing left, the input unchanged", async () => {
    const council = path.join(dir, "council-5.xlsx");
    await fs.copyFile(SAMPLE, council);
    const blocker = path.join(dir, "blocker");
    await fs.writeFile(blocker, "a file where a folder would go\n");
    const r = await run([
      "build",
      council,
      "-o",
      path.join(blocker, "papers.xlsx"),
      "-q",
      "--json",
      "--papers",
      "dsg-summary",
    ]);
    expect(r.code).toBe(ExitCode.notWritten);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /could not write .*: part of the path is a file, not a folder; nothing was written/,
    );
    expect(r.stderr).not.toMatch(INTERNAL_WORDS);
    expect(JSON.parse(r.stdout).error).toMatchObject({ exitCode: ExitCode.notWritten, kind: "not-written" });
    expect(await fs.readFile(blocker, "utf8")).toBe("a file where a folder would go\n");
    expect(await partialsIn(dir)).toEqual([]);
    expect(await sha256(council)).toBe(await sha256(SAMPLE));
  });

  test("an output name too long for the disk: exit 5 before the build, in plain words", async () => {
    const r = await run(["build", SAMPLE, "-o", path.join(dir, `${"n".repeat(300)}.xlsx`), "-q"]);
    expect(r.code).toBe(ExitCode.notWritten);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(/the name is too long/);
    expect(r.stderr).not.toMatch(INTERNAL_WORDS);
    expect(await partialsIn(dir)).toEqual([]);
  });

  test("a usage mistake is one line too, with the hint on it; with --json it is JSON on stdout", async () => {
    const r = await run(["build", SAMPLE, "-o", path.join(dir, "u.xlsx"), "--frobnicate", "--json"]);
    expect(r.code).toBe(ExitCode.usage);
    expect(stderrLines(r)).toEqual(["forum-papers: unknown option --frobnicate (see forum-papers --help)"]);
    expect(JSON.parse(r.stdout).error).toEqual({
      exitCode: ExitCode.usage,
      kind: "usage",
      message: "unknown option --frobnicate (see forum-papers --help)",
    });
  });
});

describe("an unexpected error (a fault in forum-papers): one line, the stack only with DEBUG", () => {
  let fault: Error;
  beforeAll(() => {
    try {
      JSON.parse("{ not json");
    } catch (e) {
      fault = e as Error;
    }
  });
  const state = { stage: "building the papers from council.xlsx", written: false, input: "council.xlsx" };

  test("without DEBUG: one line, where it happened, what was left, what to do; no stack, no internal words", () => {
    const { stderr, failure } = describeUnexpected(fault, state, false);
    const lines = stderr.replace(/\n$/, "").split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      "forum-papers: unexpected error while building the papers from council.xlsx (a fault in forum-papers); nothing was written and council.xlsx is unchanged; run again with DEBUG=1 set to see the details, and report them",
    );
    expect(stderr).not.toMatch(STACK_FRAME);
    expect(failure.exitCode).toBe(ExitCode.unexpected);
    expect(failure.detail).toMatch(/^SyntaxError: /);
  });

  test("with DEBUG: the same line, then the stack", () => {
    const { stderr } = describeUnexpected(fault, state, true);
    const lines = stderr.replace(/\n$/, "").split("\n");
    expect(lines[0]).toMatch(/^forum-papers: unexpected error while building/);
    expect(lines[1]).toMatch(/^SyntaxError: /);
    expect(stderr).toMatch(STACK_FRAME);
  });

  test("after the papers were written, it does not claim that nothing was", () => {
    const { stderr } = describeUnexpected(
      fault,
      { ...state, stage: "printing the summary", written: true },
      false,
    );
    expect(stderr).toMatch(
      /while printing the summary \(a fault in forum-papers\); the papers were written;/,
    );
  });
});

describe("the command as a process", () => {
  test("a failing run sets the exit code and prints one line and no stack (DEBUG unset)", async () => {
    const { spawnSync } = await import("child_process");
    const tsx = path.resolve(__dirname, "../../node_modules/.bin/tsx");
    const mainTs = path.resolve(__dirname, "../../src/cli/main.ts");
    const env = { ...process.env };
    delete env.DEBUG;
    const result = spawnSync(
      tsx,
      [mainTs, "build", path.join(dir, "absent.xlsx"), "-o", path.join(dir, "p.xlsx")],
      {
        env,
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(ExitCode.unreadable);
    expect(result.stderr.replace(/\n$/, "").split("\n")).toEqual([
      `forum-papers: cannot read ${path.join(dir, "absent.xlsx")}: no such file or folder; check the file name and folder, or copy the workbook here and give its name`,
    ]);
    expect(result.stdout).toBe("");
  });
});
