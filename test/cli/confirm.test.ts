/**
 * Never silently wrong (issue 8): a mapping that fails a cross-check stops `forum-papers build`
 * with exit 7 and one line naming the table, the doubtful field and how to confirm; with
 * --accept-uncertain the papers are built and stamped "unconfirmed mapping". Each workbook here is
 * written with ExcelJS, so the expected cells and figures come from the test, not the reader.
 */
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import ExcelJS from "exceljs";
import { ExitCode } from "../../src/cli/main";
import { partialsIn, run, stderrLines, type Run } from "./run-cli";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "fp-confirm-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Write a one-sheet council workbook; returns its path. */
async function councilWorkbook(
  name: string,
  rows: readonly (readonly (string | number)[])[],
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("HNB monitoring");
  for (const r of rows) ws.addRow([...r]);
  const file = path.join(dir, `${name}.xlsx`);
  await wb.xlsx.writeFile(file);
  return file;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** The one-line refusal every doubtful mapping must give, for table range `range`. */
function expectRefusal(r: Run, input: string, output: string, range: string, field: string): void {
  expect(r.code).toBe(ExitCode.needsConfirmation);
  expect(r.code).toBe(7);
  const lines = stderrLines(r).filter((l) => !l.startsWith("forum-papers: reading"));
  expect(lines).toHaveLength(1);
  const line = lines[0];
  expect(line).toContain(`sheet "HNB monitoring" ${range}`);
  expect(line).toContain(`${field} is doubtful`);
  expect(line).toContain(`forum-papers inspect ${input} --write-mapping m.json`);
  expect(line).toContain(`forum-papers build ${input} -o ${output} --mapping m.json`);
  expect(line).toContain(`forum-papers build ${input} -o ${output} --accept-uncertain`);
}

describe("a deliberately wrong mapping is refused with exit 7", () => {
  test("variance cross-check: the 'Forecast' column is not budget + the stated variance", async () => {
    // The council's variance column says forecast − budget is 10 on every line; the column
    // headed "Forecast outturn" holds last year's outturn instead (differences 200, −300, 50).
    const input = await councilWorkbook("variance", [
      ["Budget line", "Budget", "Forecast outturn", "Variance"],
      ["Top-up: mainstream", 1000, 1200, 10],
      ["Top-up: special", 2000, 1700, 10],
      ["Independent placements", 3000, 3050, 10],
    ]);
    const output = path.join(dir, "variance-papers.xlsx");
    const r = await run(["build", input, "-o", output, "-q"]);
    expectRefusal(r, input, output, "A1:D4", "Forecast outturn");
    expect(r.stderr).toContain('stated variance "Variance" (column D)');
    expect(await exists(output)).toBe(false);
    expect(await partialsIn(dir)).toEqual([]);
  });

  test("totals cross-check: the rows do not add up to the stated total", async () => {
    const input = await councilWorkbook("totals", [
      ["Budget line", "Budget", "Forecast outturn"],
      ["Top-up: mainstream", 1000, 1100],
      ["Top-up: special", 2000, 2100],
      ["Total", 3000, 9999],
    ]);
    const output = path.join(dir, "totals-papers.xlsx");
    const r = await run(["build", input, "-o", output, "-q"]);
    expectRefusal(r, input, output, "A1:C4", "Forecast outturn");
    expect(r.stderr).toContain('total row "Total" (row 4) says £9,999');
    expect(await exists(output)).toBe(false);
  });

  test("ratio cross-check: a forecast 1,000 times its budget (pounds headed £000)", async () => {
    const input = await councilWorkbook("ratio", [
      ["Budget line", "Budget £", "Forecast outturn £000"],
      ["Top-up: mainstream", 1_000_000, 1_050_000],
      ["Top-up: special", 2_000_000, 2_010_000],
    ]);
    const output = path.join(dir, "ratio-papers.xlsx");
    const r = await run(["build", input, "-o", output, "-q"]);
    expectRefusal(r, input, output, "A1:C3", "Forecast outturn");
    expect(r.stderr).toContain("outside 0.2–5 times");
    expect(await exists(output)).toBe(false);
  });
});

describe("variance-only monitoring (the £44m case) is never built silently", () => {
  test("a £000 sheet with a variance column and no forecast column builds no monitoring paper", async () => {
    const input = await councilWorkbook("variance-only", [
      ["Budget line", "Budget £000", "Outturn Variance Month 7 £000", "Movement £000"],
      ["Top-up: mainstream", 12_000, 3_100, 200],
      ["Top-up: special", 30_000, 890, -40],
      ["Independent placements", 8_000, 0, 0],
    ]);
    const output = path.join(dir, "variance-only-papers.xlsx");
    const r = await run(["build", input, "-o", output, "-q", "--json"]);
    expect(r.code).toBe(ExitCode.nothingToBuild);
    expect(await exists(output)).toBe(false);
    // The one line says why the table was passed over, naming the variance column.
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toContain('"Outturn Variance Month 7 £000", column C');
    expect(r.stderr).toContain("no forecast outturn column");
    // Whatever the reason given, no forecast was taken from the variance or movement column.
    expect(r.stdout).not.toContain('"forecast"');
  });
});

describe("--accept-uncertain builds anyway and stamps what it built", () => {
  test("the monitoring paper's title block and the cover say unconfirmed mapping; --json lists it", async () => {
    const input = await councilWorkbook("accept", [
      ["Budget line", "Budget", "Forecast outturn", "Variance"],
      ["Top-up: mainstream", 1000, 1200, 10],
      ["Top-up: special", 2000, 1700, 10],
    ]);
    const output = path.join(dir, "accept-papers.xlsx");
    const r = await run(["build", input, "-o", output, "-q", "--json", "--accept-uncertain"]);
    expect(r.code).toBe(ExitCode.ok);
    const report = JSON.parse(r.stdout) as {
      unconfirmedMappings?: { dataset: string; sheet: string; range: string; papers: string[] }[];
    };
    expect(report.unconfirmedMappings).toEqual([
      expect.objectContaining({
        dataset: "budgetLines",
        sheet: "HNB monitoring",
        range: "A1:D3",
        papers: ["hnb-monitoring"],
      }),
    ]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(output);
    const stamped = (sheetName: string): string[] => {
      const ws = wb.getWorksheet(sheetName);
      const found: string[] = [];
      ws?.eachRow((row) =>
        row.eachCell((cell) => {
          const text = typeof cell.value === "string" ? cell.value : "";
          if (/unconfirmed mapping/i.test(text)) found.push(text);
        }),
      );
      return found;
    };
    const sheets = wb.worksheets.map((w) => w.name);
    expect(stamped("Cover").length).toBeGreaterThan(0);
    expect(stamped("Cover").join(" ")).toContain("stated variance");
    const monitoring = sheets.find((s) => /monitoring/i.test(s));
    expect(monitoring).toBeDefined();
    expect(stamped(monitoring as string).length).toBeGreaterThan(0);
  });
});

describe("a mapping file confirms the doubtful table", () => {
  test("the same workbook builds with exit 0 once --mapping names the table", async () => {
    const input = await councilWorkbook("confirmed", [
      ["Budget line", "Budget", "Forecast outturn", "Variance"],
      ["Top-up: mainstream", 1000, 1200, 10],
      ["Top-up: special", 2000, 1700, 10],
    ]);
    const mapping = path.join(dir, "m.json");
    await fs.writeFile(
      mapping,
      JSON.stringify({
        version: 1,
        datasets: {
          budgetLines: {
            sheet: "HNB monitoring",
            headerRow: 1,
            columns: { line: "A", budget: "B", forecast: "C" },
          },
        },
      }),
    );
    const output = path.join(dir, "confirmed-papers.xlsx");
    const refused = await run(["build", input, "-o", output, "-q"]);
    expect(refused.code).toBe(7);
    const r = await run(["build", input, "-o", output, "-q", "--json", "--mapping", mapping]);
    expect(r.code).toBe(ExitCode.ok);
    expect(JSON.parse(r.stdout)).not.toHaveProperty("unconfirmedMappings");
    expect(await exists(output)).toBe(true);
  });
});
