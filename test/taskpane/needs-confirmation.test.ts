/**
 * The Sources step marks a doubtful mapping "needs your confirmation" before Build (issue 8): the
 * same review the command line stops on (exit 7) reaches the pane's view, naming the table, the
 * field and why. A clean workbook (the sample) has nothing to confirm.
 */
import { promises as fs } from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import { openWorkbook } from "../../src/taskpane/file-engine";

async function workbook(rows: (string | number)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("HNB monitoring");
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

test("a forecast column that is not budget + the stated variance needs confirmation", async () => {
  // The variance column says forecast − budget is 10 on every line; "Forecast outturn" disagrees.
  const bytes = await workbook([
    ["Budget line", "Budget", "Forecast outturn", "Variance"],
    ["Top-up: mainstream", 1000, 1200, 10],
    ["Top-up: special", 2000, 1700, 10],
    ["Independent placements", 3000, 3050, 10],
  ]);
  const { view } = await openWorkbook({ name: "doubtful.xlsx", bytes });
  expect(view.needsConfirmation).toHaveLength(1);
  expect(view.needsConfirmation[0].dataset).toBe("budgetLines");
  expect(view.needsConfirmation[0].message).toMatch(
    /sheet "HNB monitoring" A1:D4: Forecast outturn is doubtful/,
  );
});

test("the same table with a variance that agrees needs nothing", async () => {
  const bytes = await workbook([
    ["Budget line", "Budget", "Forecast outturn", "Variance"],
    ["Top-up: mainstream", 1000, 1010, 10],
    ["Top-up: special", 2000, 2010, 10],
    ["Independent placements", 3000, 3010, 10],
  ]);
  const { view } = await openWorkbook({ name: "agrees.xlsx", bytes });
  expect(view.needsConfirmation).toEqual([]);
});

test("the sample council workbook needs no confirmation", async () => {
  const file = path.resolve(__dirname, "../../samples/council-sample.xlsx");
  const bytes = new Uint8Array(await fs.readFile(file));
  const { view } = await openWorkbook({ name: "council-sample.xlsx", bytes });
  expect(view.needsConfirmation).toEqual([]);
  expect(view.tables.length).toBeGreaterThan(5);
});
