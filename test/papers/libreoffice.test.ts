/**
 * The built papers, written by the xlsx adapter and recalculated by LibreOffice (a real spreadsheet
 * engine): every formula must give our cached value (numbers to the penny, text exactly), with no
 * error values. Uses the workbook tests' LibreOffice helpers; skipped where LibreOffice is absent.
 */

import { existsSync, promises as fs, readFileSync } from "fs";
import path from "path";
import { buildPapers, type PapersBuild } from "../../src/papers";
import { a1 } from "../../src/papers/spec";
import { writePapersWorkbook } from "../../src/workbook/xlsx/write";
import { describeWithLibreOffice, recalculateXlsx } from "../helpers/libreoffice";
import { readBack } from "../helpers/xlsx-read";
import { MEETING, fullDatasets, makePlacements } from "./fixtures";

const ARTIFACTS = path.resolve(__dirname, "..", "artifacts", "papers");
const PENNY = 0.005;

async function recalculated(name: string, build: PapersBuild) {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  const input = path.join(ARTIFACTS, `${name}.xlsx`);
  await fs.writeFile(input, await writePapersWorkbook(build.sheets, { title: `Papers test ${name}` }));
  return readBack(await recalculateXlsx(input, path.join(ARTIFACTS, `${name}-recalculated`)));
}

function mismatches(build: PapersBuild, recalc: Awaited<ReturnType<typeof readBack>>): string[] {
  const out: string[] = [];
  for (const spec of build.sheets) {
    spec.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell?.formula) return;
        const where = `${spec.name}!${a1(r, c)} ${cell.formula}`;
        const got = recalc[spec.name]?.[a1(r, c)];
        if (!got || got.error) return void out.push(`${where}: ${got?.error ?? "missing"}`);
        const ok =
          typeof cell.value === "number"
            ? typeof got.value === "number" && Math.abs(got.value - cell.value) < PENNY
            : got.value === cell.value;
        if (!ok)
          out.push(
            `${where}: cached ${JSON.stringify(cell.value)}, LibreOffice ${JSON.stringify(got.value)}`,
          );
      }),
    );
  }
  return out;
}

describeWithLibreOffice("papers recalculated by LibreOffice", () => {
  test("fixture council with problems, an infeasible transfer and suppression", async () => {
    const build = buildPapers(fullDatasets({ placements: makePlacements(true) }), {
      meetingDate: MEETING,
      transferPercent: 0.02,
      paperRef: "SF/1",
    });
    expect(mismatches(build, await recalculated("fixture", build))).toEqual([]);
  });

  test("the deficit plan with a scenario (savings partly delivered, extra expenditure growth)", async () => {
    const build = buildPapers(fullDatasets(), {
      meetingDate: MEETING,
      papers: ["hnb-monitoring", "dsg-summary", "deficit-plan"],
      deficitScenario: { savingsDelivered: 0.615, expenditurePressure: 0.0337 },
    });
    expect(mismatches(build, await recalculated("deficit-scenario", build))).toEqual([]);
  });

  const sample = "samples/layout-a.xlsx";
  (existsSync(sample) ? test : test.skip)("the layout-a sample workbook", async () => {
    const { readWorkbookFile } = await import("../../src/workbook/xlsx/read");
    const { readDatasets } = await import("../../src/sources");
    const datasets = readDatasets(await readWorkbookFile(readFileSync(sample), "layout-a.xlsx"));
    const build = buildPapers(datasets, {});
    expect(mismatches(build, await recalculated("layout-a", build))).toEqual([]);
  });
});
