/**
 * `forum-papers share` and `forum-papers explain` through the compiled command, as a user runs
 * them, on the DSG-formula fixture (test/taskpane/dsg-fixture.ts: a register whose cells call
 * DSG.HOURSCOST, DSG.FINYEAR and DSG.BANDCOST, some shared, some spilled).
 *
 * Expected figures are worked by hand: row 2 is 25 hours × £13.04 × 38 weeks − £6,000 = £6,388.00.
 */
import { spawnSync } from "child_process";
import { existsSync, promises as fs, readdirSync, statSync } from "fs";
import * as os from "os";
import * as path from "path";
import { readBack } from "../helpers/xlsx-read";
import { dsgFormulaWorkbook, FIXTURE_NAME } from "../taskpane/dsg-fixture";
import { sha256 } from "./run-cli";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/forum-papers.js");
const COMPILED = path.join(ROOT, "build/cli/forum-papers.js");

/** The newest modification time under a folder. */
function newest(dir: string): number {
  let latest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, e.name);
    latest = Math.max(latest, e.isDirectory() ? newest(at) : statSync(at).mtimeMs);
  }
  return latest;
}

/** Compile the command again when src/ is newer than the compiled file (`npm run build:cli`). */
function ensureCompiled(): void {
  if (existsSync(COMPILED) && statSync(COMPILED).mtimeMs >= newest(path.join(ROOT, "src"))) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/build-cli.js")], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`npm run build:cli failed: ${r.stderr || r.stdout}`);
}

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.DEBUG;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** stderr as lines, without the last newline. */
const lines = (text: string): string[] => text.replace(/\n$/, "").split("\n");

let dir: string;
let workbook: string;
let workbookHash: string;

beforeAll(async () => {
  ensureCompiled();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "share-explain-"));
  workbook = path.join(dir, FIXTURE_NAME);
  await fs.writeFile(workbook, await dsgFormulaWorkbook());
  workbookHash = await sha256(workbook);
}, 120_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("forum-papers share", () => {
  test("writes '<workbook> - for readers.xlsx' beside the workbook, which is left unchanged", async () => {
    const r = cli("share", workbook);
    expect(r.code).toBe(0);
    const copy = path.join(dir, "dsg-formulas - for readers.xlsx");
    expect(r.stdout).toBe(
      `9 DSG formulas converted: 5 to ordinary Excel formulas, 4 to values. The "Converted formulas" sheet lists each one.\nWrote ${copy}\n`,
    );
    expect(r.stderr).toBe("");
    expect(await sha256(workbook)).toBe(workbookHash);
    const back = await readBack(await fs.readFile(copy));
    expect(Object.keys(back)).toEqual(["Register", "Bands", "Converted formulas"]);
    expect(back.Register.E2).toMatchObject({ formula: "ROUND(MAX(0,B2*C2*38-6000),2)", value: 6388 });
    expect(back.Register.F2.formula).toBe('YEAR(D2)-(MONTH(D2)<4)&"-"&RIGHT(YEAR(D2)-(MONTH(D2)<4)+1,2)');
    // DSG.BANDCOST has no ordinary equivalent: its value stays, the formula goes.
    expect(back.Register.G2).toMatchObject({ value: 9000 });
    expect(back.Register.G2.formula).toBeUndefined();
    expect(Object.values(back.Register).some((c) => /DSG/i.test(c.formula ?? ""))).toBe(false);
    expect(back["Converted formulas"].C4.value).toBe("=DSG.HOURSCOST(B2,C2,,6000)");
  });

  test("-o names the copy; --json gives the account", async () => {
    const out = path.join(dir, "readers.xlsx");
    const r = cli("share", workbook, "-o", out, "--json");
    expect(r.code).toBe(0);
    const account = JSON.parse(r.stdout);
    expect(account).toMatchObject({ output: out, sheets: ["Register"], native: 5, values: 4 });
    expect(account.notes).toHaveLength(9);
    expect(account.notes[0]).toMatchObject({
      sheet: "Register",
      cells: "E2",
      was: "=DSG.HOURSCOST(B2,C2,,6000)",
      now: "=ROUND(MAX(0,B2*C2*38-6000),2)",
    });
    expect(existsSync(out)).toBe(true);
  });

  test("refuses to write over the workbook itself (exit 2), which stays as it was", async () => {
    const r = cli("share", workbook, "-o", workbook);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^forum-papers: will not write .*: it is the same file as the council's workbook/,
    );
    expect(await sha256(workbook)).toBe(workbookHash);
  });

  test("a file that is not a workbook is unreadable (exit 3), one line and no stack", async () => {
    const text = path.join(dir, "notes.xlsx");
    await fs.writeFile(text, "just some text");
    const r = cli("share", text);
    expect(r.code).toBe(3);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^forum-papers: notes\.xlsx /);
    expect(existsSync(path.join(dir, "notes - for readers.xlsx"))).toBe(false);
  });
});

describe("forum-papers explain", () => {
  test("puts one formula in words: its inputs as read, and the result", () => {
    const r = cli("explain", workbook, "Register!E2");
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe("Register!E2: =DSG.HOURSCOST(B2,C2,,6000)");
    expect(out).toContain("  Hours a week: 25 (B2 on Register)");
    expect(out).toContain("Result: £6,388.00");
    expect(r.stderr).toBe("");
  });

  test("the sheet in any case, the cell with $ and quotes; --json gives the explanation", () => {
    const r = cli("explain", workbook, "'register'!$E$2", "--json");
    expect(r.code).toBe(0);
    const outcome = JSON.parse(r.stdout);
    expect(outcome).toMatchObject({
      kind: "explained",
      cell: "Register!E2",
      formula: "=DSG.HOURSCOST(B2,C2,,6000)",
    });
    expect(outcome.view.result.text).toBe("£6,388.00");
    expect(outcome.view.fn).toBe("DSG.HOURSCOST");
  });

  test("a cell with no DSG formula exits 4 and names the cells that have one", () => {
    const r = cli("explain", workbook, "Register!B2");
    expect(r.code).toBe(4);
    expect(lines(r.stderr)).toEqual([
      "forum-papers: Register!B2 holds no DSG formula (a cell inside a spilled result is explained from its first cell); the DSG formulas are in Register!E2, Register!F2, Register!G2, Register!H2, Register!I2 and 4 more",
    ]);
    expect(r.stdout).toBe("");
  });

  test.each([
    ["Register", /"Register" is not one cell with its sheet/],
    ["E2", /"E2" is not one cell with its sheet/],
    ["Register!E2:E4", /"Register!E2:E4" is not one cell with its sheet/],
    ["Budget!E2", /has no sheet called "Budget"; its sheets are "Register", "Bands"/],
  ])("%s is a usage mistake (exit 2)", (cell, message) => {
    const r = cli("explain", workbook, cell);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  test("the workbook and the cell are both needed", () => {
    const r = cli("explain", workbook);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/give the workbook and one cell with its sheet/);
  });
});

test("--help lists both commands", () => {
  const r = cli("--help");
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("forum-papers share <workbook.xlsx> [-o <copy.xlsx>] [--json]");
  expect(r.stdout).toContain("forum-papers explain <workbook.xlsx> <Sheet!A1> [--json]");
});
