/**
 * The forum-papers command end to end on real files: builds from the sample council workbook,
 * never changes the input, leaves no output behind when it fails, gives one-line reasons and the
 * documented exit codes for bad input, and prints a JSON account with --json.
 */
import { createHash } from "crypto";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { main, ExitCode } from "../../src/cli/main";

const SAMPLE = path.resolve(__dirname, "../../samples/council-sample.xlsx");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const sha = async (file: string) =>
  createHash("sha256")
    .update(await fs.readFile(file))
    .digest("hex");

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "forum-papers-cli-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("forum-papers build on the sample council workbook", () => {
  let result: Run;
  let before: string;
  const out = () => path.join(dir, "papers.xlsx");

  beforeAll(async () => {
    before = await sha(SAMPLE);
    result = await run(["build", SAMPLE, "-o", out(), "--json", "--meeting-date", "03/12/2026", "-q"]);
  }, 120000);

  test("exits 0 (built, all checks pass) and writes the papers workbook", async () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(ExitCode.ok);
    const stat = await fs.stat(out());
    expect(stat.size).toBeGreaterThan(10000);
  });

  test("the council's workbook is byte-for-byte unchanged", async () => {
    expect(await sha(SAMPLE)).toBe(before);
  });

  test("--json reports each paper, each dataset's mapping, the rows used and the rows skipped", () => {
    const report = JSON.parse(result.stdout);
    expect(report.papers.map((p: { id: string }) => p.id).sort()).toEqual(
      [
        "banding-review",
        "deficit-plan",
        "dsg-summary",
        "hnb-monitoring",
        "placement-summary",
        "transfer-impact",
      ].sort(),
    );
    for (const p of report.papers) {
      expect(p.sheet).toBeTruthy();
      expect(p.table).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(p.rows).toBeGreaterThan(0);
    }
    const mapped = report.mappings.map((m: { dataset: string }) => m.dataset).sort();
    expect(mapped).toEqual(
      [
        "assumptions",
        "budgetLines",
        "currentBands",
        "deficitPlan",
        "dsgBlocks",
        "placements",
        "proposedBands",
        "schools",
      ].sort(),
    );
    for (const m of report.mappings) {
      expect(m.headerRow).toBeGreaterThan(0);
      expect(
        Object.values(m.columns).every((c) => typeof c === "string" && /^[A-Z]+$/.test(c as string)),
      ).toBe(true);
    }
    expect(report.rowsUsed.placements).toBeGreaterThan(1000);
    expect(report.rowsSkipped.length).toBeGreaterThan(0);
    for (const s of report.rowsSkipped) expect(s.reason.length).toBeGreaterThan(10);
  });

  test("the written workbook has the front sheets, the papers and the checks", async () => {
    const zip = await JSZip.loadAsync(await fs.readFile(out()));
    const workbookXml = await zip.file("xl/workbook.xml")!.async("string");
    for (const name of ["Cover", "Contents", "Notes", "Rules", "Checks"])
      expect(workbookXml).toContain(`name="${name}"`);
  });
});

describe("deficit plan scenario flags", () => {
  test("--savings-delivered 50% deepens the mitigated deficit; a bad value is a usage error", async () => {
    const base = await run([
      "build",
      SAMPLE,
      "-o",
      path.join(dir, "s100.xlsx"),
      "--json",
      "-q",
      "--papers",
      "deficit-plan",
    ]);
    const half = await run([
      "build",
      SAMPLE,
      "-o",
      path.join(dir, "s50.xlsx"),
      "--json",
      "-q",
      "--papers",
      "deficit-plan",
      "--savings-delivered",
      "50%",
    ]);
    expect(base.code).toBe(ExitCode.ok);
    expect(half.code).toBe(ExitCode.ok);
    const peak = (r: Run) =>
      JSON.parse(r.stdout).papers.find((p: { id: string }) => p.id === "deficit-plan").headline
        .mitigatedPeak as number;
    expect(peak(half)).toBeLessThan(peak(base));
    const bad = await run(["build", SAMPLE, "-o", path.join(dir, "bad.xlsx"), "--savings-delivered", "lots"]);
    expect(bad.code).toBe(ExitCode.usage);
    expect(bad.stderr).toMatch(/--savings-delivered "lots" must be a percentage/);
  }, 120000);
});

describe("bad input: a one-line reason, a non-zero exit, no output file", () => {
  const cases: [string, () => Promise<string>, number, RegExp][] = [
    ["a missing file", async () => path.join(dir, "nope.xlsx"), ExitCode.unreadable, /no such file/],
    [
      "a text file named .xlsx",
      async () => {
        const f = path.join(dir, "text.xlsx");
        await fs.writeFile(f, "School,Budget\nA,1\n");
        return f;
      },
      ExitCode.unreadable,
      /not an Excel workbook/,
    ],
    [
      "a corrupt zip",
      async () => {
        const f = path.join(dir, "corrupt.xlsx");
        const bytes = await fs.readFile(SAMPLE);
        await fs.writeFile(f, bytes.subarray(0, Math.floor(bytes.length / 2)));
        return f;
      },
      ExitCode.unreadable,
      /corrupt|damaged|not an Excel/i,
    ],
    [
      "a password-protected (encrypted OLE) file",
      async () => {
        const f = path.join(dir, "locked.xlsx");
        const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
        await fs.writeFile(f, Buffer.concat([header, Buffer.alloc(4096)]));
        return f;
      },
      ExitCode.unreadable,
      /password|encrypted|\.xls/i,
    ],
  ];

  test.each(cases)("%s", async (_label, make, code, message) => {
    const input = await make();
    const output = path.join(dir, `out-${code}-${Math.random().toString(36).slice(2)}.xlsx`);
    const r = await run(["build", input, "-o", output, "-q"]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    await expect(fs.stat(output)).rejects.toThrow();
    const leftovers = (await fs.readdir(dir)).filter((f) => f.includes(".partial"));
    expect(leftovers).toEqual([]);
  });

  test("a workbook with no recognisable table exits 4", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Notes").getCell("A1").value = "Minutes of the last meeting";
    const f = path.join(dir, "empty.xlsx");
    await wb.xlsx.writeFile(f);
    const output = path.join(dir, "empty-out.xlsx");
    const r = await run(["build", f, "-o", output, "-q"]);
    expect(r.code).toBe(ExitCode.nothingToBuild);
    expect(r.stderr).toMatch(/no recognisable table/);
    await expect(fs.stat(output)).rejects.toThrow();
  });

  test("usage errors exit 2 with a hint", async () => {
    expect((await run(["build", SAMPLE])).code).toBe(ExitCode.usage);
    expect((await run(["build", SAMPLE, "-o", "x.csv"])).stderr).toMatch(/must end in .xlsx/);
    expect((await run(["build", SAMPLE, "-o", SAMPLE])).code).toBe(ExitCode.usage);
    expect(
      (await run(["build", SAMPLE, "-o", path.join(dir, "p.xlsx"), "--papers", "budget"])).stderr,
    ).toMatch(/unknown paper/);
    expect((await run(["frobnicate"])).code).toBe(ExitCode.usage);
  });
});
