/**
 * `forum-papers build … --previous <last papers.xlsx>` when the previous papers cannot be used: a
 * missing file, a file that is not a workbook, and a workbook with no Snapshot sheet each give a
 * warning with its code, and the papers are still built (exit 0, as for any warning), without
 * movement tables.
 */
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { readWorkbookFile } from "../../src/workbook/xlsx/read";
import { run, SAMPLE } from "./run-cli";

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "previous-cli-"));
  await fs.writeFile(path.join(dir, "notes.xlsx"), "These are the minutes, typed into a text file.\n");
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Build the sample with --previous `previous` and --json; the report and the papers written. */
async function buildWith(previous: string, out: string) {
  const output = path.join(dir, out);
  const result = await run([
    "build",
    SAMPLE,
    "-o",
    output,
    "--meeting-date",
    "03/12/2026",
    "--previous",
    previous,
    "--json",
    "-q",
  ]);
  const report = JSON.parse(result.stdout) as { warnings: { code: string; message: string }[] };
  const papers = await readWorkbookFile(await fs.readFile(output), out);
  return { result, report, papers };
}

function hasMovementTable(papers: Awaited<ReturnType<typeof readWorkbookFile>>): boolean {
  return papers.sheets.some((s) =>
    s.cells.some((r) => String(r[0] ?? "").startsWith("Movements since the last meeting")),
  );
}

test.each([
  [
    "a missing file",
    "no-such-papers.xlsx",
    "previous-unreadable",
    /no-such-papers\.xlsx could not be read \(no such file/,
  ],
  ["a file that is not a workbook", "notes.xlsx", "previous-unreadable", /notes\.xlsx could not be read/],
])(
  "--previous with %s: a warning, and the papers are built",
  async (_what, file, code, message) => {
    const { result, report, papers } = await buildWith(path.join(dir, file), `papers-${code}-${file}`);
    expect(result.code).toBe(0);
    const notice = report.warnings.find((w) => w.code === code);
    expect(notice?.message).toMatch(message);
    expect(notice?.message).toMatch(/built without movement tables/);
    expect(papers.sheets.map((s) => s.name)).toContain("HNB monitoring");
    expect(hasMovementTable(papers)).toBe(false);
  },
  60000,
);

test("--previous with a workbook that has no Snapshot sheet (the council's own): a warning, and the papers are built", async () => {
  const { result, report, papers } = await buildWith(SAMPLE, "papers-no-snapshot.xlsx");
  expect(result.code).toBe(0);
  expect(report.warnings.find((w) => w.code === "previous-no-snapshot")?.message).toMatch(
    /council-sample\.xlsx hold no "Snapshot" sheet/,
  );
  expect(hasMovementTable(papers)).toBe(false);
}, 60000);

test("without --json the warning is printed with the summary", async () => {
  const output = path.join(dir, "papers-plain.xlsx");
  const result = await run(["build", SAMPLE, "-o", output, "--previous", path.join(dir, "gone.xlsx"), "-q"]);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/Note: The last meeting's papers gone\.xlsx could not be read/);
  await expect(fs.stat(output)).resolves.toBeDefined();
}, 60000);
