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
import { buildCouncilWorkbook, SAMPLE_FILES, type BuiltWorkbook } from "../../samples/generate";
import { main, ExitCode } from "../../src/cli/main";
import { readBack } from "../helpers/xlsx-read";

const SAMPLE = path.resolve(__dirname, "../../samples/council-sample.xlsx");

/**
 * What the sample generator planted in council-sample.xlsx and the true figures it wrote: the
 * expected values for the report, known without the reader the command uses
 * (test/samples/generate.test.ts keeps the committed file equal to what the generator builds).
 */
const generated = (): Promise<BuiltWorkbook> =>
  buildCouncilWorkbook(SAMPLE_FILES.find((f) => f.file === "council-sample.xlsx")!.options);

/** Column letters of a 1-based column up to Z (the sample's tables are narrower). */
const letter = (column: number): string => {
  if (column < 1 || column > 26) throw new Error(`column ${column} is outside A to Z`);
  return String.fromCharCode(64 + column);
};

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
  let sample: BuiltWorkbook;
  const out = () => path.join(dir, "papers.xlsx");

  beforeAll(async () => {
    before = await sha(SAMPLE);
    sample = await generated();
    result = await run(["build", SAMPLE, "-o", out(), "--json", "--meeting-date", "03/12/2026", "-q"]);
  }, 120000);

  test("exits 0 with two failing checks (the seeded bad register rows, the non-neutral bands) and writes the papers workbook", async () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(ExitCode.ok);
    // The sample plants bad register rows on purpose, so BND-6, "every row was used", fails off by
    // the number of planted rows; and its proposed bands cost more than the current ones, so the
    // cost-neutrality check BND-9 fails by that amount. Without --strict that is still exit 0.
    const report = JSON.parse(result.stdout);
    const failed = report.checks.filter((c: { passed: boolean }) => !c.passed);
    expect(failed).toEqual([
      expect.objectContaining({ id: "BND-6", value: sample.seeded.length, expected: 0 }),
      expect.objectContaining({
        id: "BND-9",
        description: expect.stringMatching(/^Proposed bands cost £[\d,]+\.\d\d more than/),
      }),
    ]);
    expect(sample.seeded).toHaveLength(12);
    // The file written is a workbook with the sheets the report lists, in that order.
    const zip = await JSZip.loadAsync(await fs.readFile(out()));
    const workbookXml = await zip.file("xl/workbook.xml")!.async("string");
    const names = [...workbookXml.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual([
      "Cover",
      "Contents",
      "Notes",
      "Rules",
      "HNB monitoring",
      "DSG summary",
      "Deficit plan",
      "Transfer consultation",
      "Banding review",
      "Placement summary",
      "Checks",
      // Hidden: the key figures the next build compares with (--previous).
      "Snapshot",
    ]);
    expect(report.sheets).toEqual(names);
  });

  test("--strict turns the same failing check into exit 6, and still writes the papers", async () => {
    const strictOut = path.join(dir, "strict.xlsx");
    const strict = await run([
      "build",
      SAMPLE,
      "-o",
      strictOut,
      "-q",
      "--strict",
      "--papers",
      "banding-review",
    ]);
    expect(strict.code).toBe(ExitCode.checksFail);
    expect((await fs.stat(strictOut)).isFile()).toBe(true);
  }, 120000);

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
    const paper = (id: string) => report.papers.find((p: { id: string }) => p.id === id);
    for (const p of report.papers) {
      expect(p.sheet).toBeTruthy();
      expect(p.table).toMatch(/^[A-Z][A-Za-z]+$/);
    }
    // One table row per source row, counted from the generator's figures.
    const { facts } = sample;
    expect(paper("hnb-monitoring").rows).toBe(facts.budgetLines.count);
    expect(paper("dsg-summary").rows).toBe(facts.dsgBlocks.length);
    expect(paper("deficit-plan").rows).toBe(facts.deficitPlan.length);
    expect(paper("transfer-impact").rows).toBe(facts.schools.count);
    // The placement papers count the placements open on the as-at date; the banding review
    // lists those with a proposed band and counts the rest as not yet banded.
    expect(paper("placement-summary").headline.placements).toBe(facts.placements.liveAtAsAt);
    const banding = paper("banding-review");
    expect(banding.rows).toBe(banding.headline.placements);
    expect(banding.headline.placements + banding.headline.notYetBanded).toBe(facts.placements.liveAtAsAt);
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
    // Each mapping is where the generator wrote the table: its sheet, header row and columns.
    for (const m of report.mappings) {
      const table = sample.facts.tables[m.dataset as keyof typeof sample.facts.tables];
      expect({ dataset: m.dataset, sheet: m.sheet, headerRow: m.headerRow, columns: m.columns }).toEqual({
        dataset: m.dataset,
        sheet: table.sheet,
        headerRow: table.headerRow,
        columns: Object.fromEntries(
          Object.entries(table.columns).map(([field, col]) => [field, letter(col)]),
        ),
      });
    }
    expect(report.rowsUsed.placements).toBe(sample.facts.placements.good);
    expect(report.rowsUsed.schools).toBe(sample.facts.schools.count);
    // The rows skipped are exactly the rows the generator planted, each with the code it expects
    // and a reason that names the field at fault (e.g. "Hours per week is "tbc": not a number").
    expect(
      report.rowsSkipped.map((s: { sheet: string; row: number; code: string }) => [s.sheet, s.row, s.code]),
    ).toEqual(sample.seeded.map((s) => [s.sheet, s.row, s.code]));
    const fieldWords: Record<string, RegExp> = {
      setting: /^Setting /,
      hours: /^Hours per week /,
      start: /^Start date /,
      end: /^End date /,
      pupilRef: /^Pupil ref /,
      currentBand: /^Current band /,
      school: /^School /,
    };
    report.rowsSkipped.forEach((s: { reason: string }, i: number) =>
      expect(s.reason).toMatch(fieldWords[sample.seeded[i].field]),
    );
  });

  test("the Cover's master check says that two checks fail", async () => {
    const cover = (await readBack(out())).Cover;
    const label = Object.entries(cover).find(([, c]) => c.value === "Master check");
    expect(label?.[0]).toMatch(/^A\d+$/);
    const answer = cover[label![0].replace(/^A/, "B")];
    expect(answer.formula).toMatch(/COUNTIFS\('Checks'!/);
    expect(answer.value).toBe("2 checks fail");
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
