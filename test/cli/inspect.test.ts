/**
 * `forum-papers inspect` through the command (main(), as cli.test.ts runs it) on the sample council
 * workbook and on corpus workbooks: it lists each dataset where the generator put it, `--json`
 * parses, and the mapping `--write-mapping` writes, passed back to `build --mapping`, builds the
 * same papers with the same headline figures; an edited mapping changes what build reads.
 *
 * Expected places and figures come from the generators (samples/generate.ts facts, the corpus's
 * expected files), never from the reader under test.
 */
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { buildCouncilWorkbook, SAMPLE_FILES, type BuiltWorkbook } from "../../samples/generate";
import { ExitCode } from "../../src/cli/main";
import { generateCorpus } from "../corpus/generate";
import type { Expected } from "../corpus/model";
import { run, sha256, partialsIn, SAMPLE, stderrLines } from "./run-cli";

/** 1-based column → letters (A–ZZ is plenty for these tables). */
const letter = (column: number): string =>
  column <= 26
    ? String.fromCharCode(64 + column)
    : String.fromCharCode(64 + Math.floor((column - 1) / 26)) + String.fromCharCode(65 + ((column - 1) % 26));

/** An Excel serial as the dd/mm/yyyy --meeting-date takes. */
const ukDate = (serial: number): string => {
  const d = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};

interface Headlines {
  readonly code: number;
  readonly papers: { id: string; headline: Record<string, unknown> }[];
}

/** Build and keep what `build --json` says about each paper. */
async function buildHeadlines(args: string[]): Promise<Headlines> {
  const r = await run([...args, "--json", "-q"]);
  const json = JSON.parse(r.stdout);
  if (json.error) return { code: r.code, papers: [] };
  return {
    code: r.code,
    papers: json.papers.map((p: { id: string; headline: Record<string, unknown> }) => ({
      id: p.id,
      headline: p.headline,
    })),
  };
}

let dir: string;
let corpus: Expected[];
let sample: BuiltWorkbook;
/** Corpus workbooks inspected: one of most layout families, with held-out ones (wb-03, wb-07). */
const CORPUS_PICK = [0, 2, 3, 4, 5, 6, 7, 9, 10];
/** A corpus workbook whose only forecast-like column is a variance: nothing is read from it. */
const NOTHING_READ = 1;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "forum-papers-inspect-"));
  corpus = await generateCorpus(path.join(dir, "corpus"), Math.max(...CORPUS_PICK) + 1);
  sample = await buildCouncilWorkbook(SAMPLE_FILES.find((f) => f.file === "council-sample.xlsx")!.options);
}, 120000);
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("forum-papers inspect on the sample council workbook", () => {
  test("lists each dataset with its sheet, header row and columns, where the generator put them", async () => {
    const before = await sha256(SAMPLE);
    const r = await run(["inspect", SAMPLE, "-q"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(ExitCode.ok);
    for (const [dataset, table] of Object.entries(sample.facts.tables)) {
      expect(r.stdout).toContain(`  ${dataset} (`);
      const block = r.stdout.slice(r.stdout.indexOf(`  ${dataset} (`));
      expect(block.split("\n")[0]).toContain(`sheet "${table.sheet}", header row ${table.headerRow}`);
      for (const [field, col] of Object.entries(table.columns))
        expect(block).toMatch(new RegExp(`\\n {4}${field} +${letter(col)} +"`));
    }
    expect(await sha256(SAMPLE)).toBe(before);
  });

  test("--json is the report: tables with guesses, datasets with per-field evidence", async () => {
    const r = await run(["inspect", SAMPLE, "--json", "-q"]);
    expect(r.code).toBe(ExitCode.ok);
    const report = JSON.parse(r.stdout);
    expect(report.source).toBe("council-sample.xlsx");
    const read = new Map<
      string,
      { sheet: string; headerRow: number; fields: { field: string; column: string }[] }
    >(report.datasets.map((d: { dataset: string }) => [d.dataset, d]));
    expect([...read.keys()].sort()).toEqual(Object.keys(sample.facts.tables).sort());
    for (const [dataset, table] of Object.entries(sample.facts.tables)) {
      const d = read.get(dataset)!;
      expect({ sheet: d.sheet, headerRow: d.headerRow }).toEqual({
        sheet: table.sheet,
        headerRow: table.headerRow,
      });
      expect(Object.fromEntries(d.fields.map((f) => [f.field, f.column]))).toEqual(
        Object.fromEntries(Object.entries(table.columns).map(([k, c]) => [k, letter(c)])),
      );
    }
    // Every table the generator wrote is among the tables found, assigned its dataset.
    for (const [dataset, table] of Object.entries(sample.facts.tables)) {
      const t = report.tables.find(
        (x: { sheet: string; headerRow: number }) =>
          x.sheet === table.sheet && x.headerRow === table.headerRow,
      );
      expect(t?.assigned).toBe(dataset);
      expect(t.guesses[0].confidence).toBeGreaterThan(0);
    }
    // The HNB forecast carries its evidence: a header score, a content profile of money, and the
    // cross-check that forecast − budget equals the stated variance column.
    const forecast = report.datasets
      .find((d: { dataset: string }) => d.dataset === "budgetLines")
      .fields.find((f: { field: string }) => f.field === "forecast");
    expect(forecast.headerScore).toBeGreaterThan(0.5);
    expect(forecast.profile.numbers).toBeGreaterThan(0.9);
    expect(forecast.checks.map((c: { code: string }) => c.code)).toContain("variance-agrees");
  });

  test("--write-mapping writes a mapping that build --mapping builds the same papers from", async () => {
    const m = path.join(dir, "sample-mapping.json");
    const r = await run(["inspect", SAMPLE, "--write-mapping", m, "-q"]);
    expect(r.code).toBe(ExitCode.ok);
    const saved = JSON.parse(await fs.readFile(m, "utf8"));
    expect(saved.version).toBe(1);
    expect(saved.datasets.budgetLines.sheet).toBe(sample.facts.tables.budgetLines.sheet);
    const date = ["--meeting-date", "03/12/2026"];
    const plain = await buildHeadlines(["build", SAMPLE, "-o", path.join(dir, "a.xlsx"), ...date]);
    const mapped = await buildHeadlines([
      "build",
      SAMPLE,
      "-o",
      path.join(dir, "b.xlsx"),
      ...date,
      "--mapping",
      m,
    ]);
    expect(plain.code).toBe(ExitCode.ok);
    expect(mapped.code).toBe(ExitCode.ok);
    expect(plain.papers.length).toBeGreaterThan(0);
    expect(mapped.papers).toEqual(plain.papers);
  }, 60000);

  test("an edited mapping (the forecast moved to another column) changes what build reads", async () => {
    const m = path.join(dir, "edited.json");
    expect((await run(["inspect", SAMPLE, "--write-mapping", m, "-q"])).code).toBe(ExitCode.ok);
    const saved = JSON.parse(await fs.readFile(m, "utf8"));
    const cols = sample.facts.tables.budgetLines.columns as Record<string, number>;
    // The forecast read from the "forecast at last report" column instead.
    saved.datasets.budgetLines.columns.forecast = letter(cols.lastForecast);
    delete saved.datasets.budgetLines.columns.lastForecast;
    await fs.writeFile(m, JSON.stringify(saved, null, 2));
    const built = await run([
      "build",
      SAMPLE,
      "-o",
      path.join(dir, "c.xlsx"),
      "--mapping",
      m,
      "--json",
      "-q",
    ]);
    expect(built.code).toBe(ExitCode.ok);
    const report = JSON.parse(built.stdout);
    const hnb = report.papers.find((p: { id: string }) => p.id === "hnb-monitoring");
    // The grand total row (the one covering every line) states the last-report forecast.
    const grand = sample.facts.totals
      .filter((t) => t.dataset === "budgetLines")
      .reduce((a, b) => (b.covers.length > a.covers.length ? b : a));
    expect(hnb.headline.forecast).toBeCloseTo(grand.stated.lastForecast, 2);
    expect(hnb.headline.forecast).not.toBeCloseTo(grand.stated.forecast, 2);
    // And inspect with the edited mapping shows it as the user's own.
    const again = JSON.parse((await run(["inspect", SAMPLE, "--mapping", m, "--json", "-q"])).stdout);
    const lines = again.datasets.find((d: { dataset: string }) => d.dataset === "budgetLines");
    expect(lines.origin).toBe("saved");
    expect(lines.fields.find((f: { field: string }) => f.field === "forecast").column).toBe(
      letter(cols.lastForecast),
    );
  }, 60000);

  test("refuses to write the mapping over the council's workbook, and leaves nothing behind", async () => {
    const copy = path.join(dir, "council-copy.json");
    await fs.copyFile(SAMPLE, copy);
    const before = await sha256(copy);
    // The copy has a .json name, so only the output guard (not the name check) can refuse it.
    const r = await run(["inspect", copy, "--write-mapping", copy, "-q"]);
    expect(r.code).toBe(ExitCode.usage);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(/council's workbook/);
    expect(await sha256(copy)).toBe(before);
    expect(await partialsIn(dir)).toEqual([]);
  });

  test("usage mistakes and unreadable files get one line and their exit codes", async () => {
    expect((await run(["inspect"])).code).toBe(ExitCode.usage);
    expect((await run(["inspect", SAMPLE, "--write-mapping", path.join(dir, "m.txt")])).code).toBe(
      ExitCode.usage,
    );
    const notXlsx = path.join(dir, "not.xlsx");
    await fs.writeFile(notXlsx, "plain text");
    const r = await run(["inspect", notXlsx, "-q"]);
    expect(r.code).toBe(ExitCode.unreadable);
    expect(stderrLines(r)).toHaveLength(1);
  });
});

describe("forum-papers inspect on corpus workbooks", () => {
  /** The real sheet a figure's cells are on, per expected dataset. */
  const sheetsOf = (e: Expected, dataset: string): Set<string> => {
    const figures = Object.values(
      (e.datasets as Record<string, Record<string, { from: object }>>)[dataset] ?? {},
    );
    const sheets = new Set<string>();
    for (const f of figures) {
      const from = f.from as { sum?: { sheet: string }[][]; count?: { sheet: string }[] };
      for (const term of from.sum ?? []) for (const c of term) sheets.add(c.sheet);
      for (const c of from.count ?? []) sheets.add(c.sheet);
    }
    return sheets;
  };

  test.each(CORPUS_PICK)("wb-%i: each table dataset read is on the sheet its figures are on", async (i) => {
    const e = corpus[i];
    const file = path.join(dir, "corpus", e.file);
    const text = await run(["inspect", file, "-q"]);
    expect(text.code).toBe(ExitCode.ok);
    const r = await run(["inspect", file, "--json", "-q"]);
    const report = JSON.parse(r.stdout);
    const expectedTables = Object.keys(e.datasets).filter((d) => d !== "assumptions");
    let located = 0;
    for (const dataset of expectedTables) {
      const d = report.datasets.find((x: { dataset: string }) => x.dataset === dataset);
      if (!d) continue;
      // A table read across is on a virtual sheet named after its real one.
      const real = String(d.sheet).replace(/ \(read across\)$/, "");
      expect({ dataset, sheet: sheetsOf(e, dataset).has(real) }).toEqual({ dataset, sheet: true });
      expect(text.stdout).toContain(`  ${dataset} (`);
      expect(text.stdout).toContain(`sheet "${d.sheet}", header row ${d.headerRow}`);
      for (const f of d.fields)
        expect(text.stdout).toContain(`    ${f.field.padEnd(18)} ${f.column.padEnd(3)} "`);
      located++;
    }
    // The reader finds most of what each workbook holds (the corpus test scores the rest).
    expect(located).toBeGreaterThan(0);
  });

  test(`wb-${NOTHING_READ}: a workbook with nothing to read exits 4, says why, and writes no mapping`, async () => {
    const e = corpus[NOTHING_READ];
    const file = path.join(dir, "corpus", e.file);
    const m = path.join(dir, "nothing.json");
    const r = await run(["inspect", file, "--write-mapping", m, "--json", "-q"]);
    expect(r.code).toBe(ExitCode.nothingToBuild);
    expect(stderrLines(r)).toHaveLength(1);
    const report = JSON.parse(r.stdout);
    expect(report.datasets).toEqual([]);
    // The table is still listed, so a person can map it by hand.
    expect(report.tables.length).toBeGreaterThan(0);
    expect(report.notFound.map((n: { dataset: string }) => n.dataset)).toContain("budgetLines");
    await expect(fs.access(m)).rejects.toThrow();
  });

  test.each(CORPUS_PICK)(
    "wb-%i: the mapping inspect writes, passed back, builds the same papers",
    async (i) => {
      const e = corpus[i];
      const file = path.join(dir, "corpus", e.file);
      const m = path.join(dir, `wb-${i}.json`);
      expect((await run(["inspect", file, "--write-mapping", m, "-q"])).code).toBe(ExitCode.ok);
      const date = ["--meeting-date", ukDate(e.meetingDate)];
      let plain = await buildHeadlines(["build", file, "-o", path.join(dir, `wb-${i}-a.xlsx`), ...date]);
      // A doubtful detected mapping stops build (exit 7); the written mapping is the user's
      // confirmation, so the comparison is with the build that accepts the same mapping.
      if (plain.code === ExitCode.needsConfirmation)
        plain = await buildHeadlines([
          "build",
          file,
          "-o",
          path.join(dir, `wb-${i}-a.xlsx`),
          ...date,
          "--accept-uncertain",
        ]);
      const mapped = await buildHeadlines([
        "build",
        file,
        "-o",
        path.join(dir, `wb-${i}-b.xlsx`),
        ...date,
        "--mapping",
        m,
      ]);
      expect(mapped.code).toBe(plain.code);
      // Not an empty comparison: a workbook with papers expected builds some.
      if (Object.keys(e.papers).length > 0) expect(plain.papers.length).toBeGreaterThan(0);
      expect(mapped.papers).toEqual(plain.papers);
    },
    60000,
  );
});
