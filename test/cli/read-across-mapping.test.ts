/**
 * The saved mapping of a table read across (years or DSG blocks across the columns, read as the
 * virtual sheet "<sheet> (read across)": sources/transpose.ts) round-trips through the command:
 * `inspect --write-mapping` writes it, `build --mapping` reads the same papers from it, and an
 * edit to it changes what build reads.
 *
 * Workbooks and expected figures come from the corpus generator (test/corpus/generate.ts), which
 * computes them from its own records, never from the reader under test.
 */
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { ExitCode } from "../../src/cli/main";
import { readDatasets, serialiseMapping } from "../../src/sources";
import { generateCorpus } from "../corpus/generate";
import type { Expected } from "../corpus/model";
import { sheet, workbook } from "../sources/helpers";
import { run } from "./run-cli";

/** An Excel serial as the dd/mm/yyyy --meeting-date takes. */
const ukDate = (serial: number): string => {
  const d = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};

interface Built {
  readonly code: number;
  readonly papers: readonly { readonly id: string; readonly headline: Record<string, unknown> }[];
}

/** `build … --json -q`: the exit code and each paper's headline figures. */
async function build(args: readonly string[]): Promise<Built> {
  const r = await run(["build", ...args, "--json", "-q"]);
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

/** The sheets the generator put a dataset's cells on (its expected figures name them). */
function sheetsOf(e: Expected, dataset: string): Set<string> {
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
}

/** Corpus workbooks with a table read across: F4 (DSG blocks across) and F9 (years across). */
const ACROSS = [
  { index: 4, dataset: "dsgBlocks", family: "F4" },
  { index: 9, dataset: "deficitPlan", family: "F9" },
] as const;
const VIRTUAL = " (read across)";

let dir: string;
let corpus: Expected[];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "forum-papers-across-"));
  corpus = await generateCorpus(path.join(dir, "corpus"), Math.max(...ACROSS.map((a) => a.index)) + 1);
}, 120000);
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe.each(ACROSS)("wb-$index ($family): a table read across", ({ index, dataset, family }) => {
  const file = () => path.join(dir, "corpus", corpus[index].file);
  const mappingFile = () => path.join(dir, `wb-${index}.json`);
  const date = () => ["--meeting-date", ukDate(corpus[index].meetingDate)];

  test("is the layout this test is about", () => {
    expect(corpus[index].layout.startsWith(`${family} `)).toBe(true);
    expect(Object.keys(corpus[index].datasets)).toContain(dataset);
  });

  test("inspect --write-mapping saves it on its virtual sheet, header row 1, columns as letters", async () => {
    const r = await run(["inspect", file(), "--write-mapping", mappingFile(), "-q"]);
    expect(r.code).toBe(ExitCode.ok);
    const saved = JSON.parse(await fs.readFile(mappingFile(), "utf8"));
    const entry = saved.datasets[dataset];
    expect(entry.sheet.endsWith(VIRTUAL)).toBe(true);
    // The virtual sheet is named after the real sheet the generator put the table's cells on.
    expect(sheetsOf(corpus[index], dataset).has(entry.sheet.slice(0, -VIRTUAL.length))).toBe(true);
    // The virtual sheet's first row is its header ("Year" or "Block" and the row labels).
    expect(entry.headerRow).toBe(1);
    for (const column of Object.values(entry.columns)) expect(column).toMatch(/^[A-Z]{1,3}$/);
  });

  test("build --mapping reads the same papers from it, with the generator's figures", async () => {
    expect((await run(["inspect", file(), "--write-mapping", mappingFile(), "-q"])).code).toBe(ExitCode.ok);
    let plain = await build([file(), "-o", path.join(dir, `wb-${index}-a.xlsx`), ...date()]);
    // A doubtful detected mapping stops build (exit 7); the written mapping is the confirmation.
    if (plain.code === ExitCode.needsConfirmation)
      plain = await build([
        file(),
        "-o",
        path.join(dir, `wb-${index}-a.xlsx`),
        ...date(),
        "--accept-uncertain",
      ]);
    const mapped = await build([
      file(),
      "-o",
      path.join(dir, `wb-${index}-b.xlsx`),
      ...date(),
      "--mapping",
      mappingFile(),
    ]);
    expect(mapped.code).toBe(ExitCode.ok);
    expect(mapped.papers.length).toBeGreaterThan(0);
    expect(mapped.papers).toEqual(plain.papers);
    // Not only the same as detection: the figures the generator expects, to the penny.
    for (const [paper, figures] of Object.entries(corpus[index].papers)) {
      const built = mapped.papers.find((p) => p.id === paper);
      for (const [key, value] of Object.entries(figures ?? {}))
        expect({ paper, key, value: built?.headline[key] }).toEqual({ paper, key, value });
    }
  }, 60000);
});

test("wb-9 (F9): an edit to the saved mapping of the years read across changes what build reads", async () => {
  const e = corpus[9];
  const file = path.join(dir, "corpus", e.file);
  const m = path.join(dir, "wb-9-edited.json");
  expect((await run(["inspect", file, "--write-mapping", m, "-q"])).code).toBe(ExitCode.ok);
  const saved = JSON.parse(await fs.readFile(m, "utf8"));
  // Without the savings line, the plan has no savings: the mitigated path is the unmitigated one.
  expect(saved.datasets.deficitPlan.columns.savings).toBeDefined();
  delete saved.datasets.deficitPlan.columns.savings;
  await fs.writeFile(m, JSON.stringify(saved, null, 2));
  const built = await build([
    file,
    "-o",
    path.join(dir, "wb-9-c.xlsx"),
    "--meeting-date",
    ukDate(e.meetingDate),
    "--mapping",
    m,
  ]);
  expect(built.code).toBe(ExitCode.ok);
  const plan = built.papers.find((p) => p.id === "deficit-plan");
  const expected = e.papers["deficit-plan"]!;
  expect(expected.mitigatedEnd).not.toBe(expected.unmitigatedEnd);
  expect(plan?.headline.unmitigatedEnd).toBe(expected.unmitigatedEnd);
  expect(plan?.headline.mitigatedEnd).toBe(expected.unmitigatedEnd);
}, 60000);

describe("two tables read across on one sheet", () => {
  // DSG blocks across, then years across, on one sheet: each is its own virtual sheet.
  const wb = workbook([
    sheet("Summary", [
      ["DSG 2026-27"],
      ["£", "Schools Block", "Central School Services Block", "Early Years Block", "High Needs Block"],
      ["DfE allocation", 300000000, 5000000, 40000000, 62616000],
      ["Current budget", 300000000, 5000000, 40000000, 63886000],
      ["Forecast outturn", 299000000, 5000000, 39000000, 76530000],
      [],
      [],
      ["Line", "2025-26", "2026-27", "2027-28", "2028-29"],
      ["HNB funding", 60000000, 61000000, 62000000, 63000000],
      ["Expenditure", 70000000, 72000000, 74000000, 76000000],
      ["Savings", 0, 1000000, 2000000, 3000000],
    ]),
  ]);
  const plan = [
    ["2025-26", 60000000, 70000000, 0],
    ["2026-27", 61000000, 72000000, 1000000],
    ["2027-28", 62000000, 74000000, 2000000],
    ["2028-29", 63000000, 76000000, 3000000],
  ];
  const blocks = [
    ["Schools Block", 300000000, 299000000],
    ["Central School Services Block", 5000000, 5000000],
    ["Early Years Block", 40000000, 39000000],
    ["High Needs Block", 62616000, 76530000],
  ];

  test("the saved mapping, read back, reads each table from its own virtual sheet", () => {
    const first = readDatasets(wb);
    const sheets = first.mappings.map((m) => m.sheet);
    expect(new Set(sheets).size).toBe(sheets.length);
    const again = readDatasets(wb, { mapping: serialiseMapping(first.mappings) });
    expect(again.mappings.map((m) => [m.dataset, m.origin])).toEqual([
      ["dsgBlocks", "saved"],
      ["deficitPlan", "saved"],
    ]);
    for (const read of [first, again]) {
      expect(read.deficitPlan?.map((y) => [y.year, y.funding, y.expenditure, y.savings])).toEqual(plan);
      expect(read.dsgBlocks?.map((b) => [b.block, b.allocation, b.forecast])).toEqual(blocks);
    }
    expect(again.issues.filter((i) => i.code.startsWith("saved-mapping"))).toEqual([]);
  });
});
