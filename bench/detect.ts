/**
 * Detect suite: table detection on a council's register sheet, against the same sheet with one
 * more value in XFD1048576 (the last cell Excel has). Detection walks the cells in use, so the
 * far cell should cost little; before, it walked rows × widest row and took about a minute.
 *
 * Both sheets come through the real xlsx adapter: the sample workbook is loaded with ExcelJS,
 * written back once as it is and once with the far value, and each file is read into a snapshot
 * with `readWorkbookFile` (so the snapshot holds whatever the adapter builds for a million-row
 * sheet). Timed: `new SheetView(sheet)` + `detectTables` on the register sheet, the detection
 * step of `readDatasets` (matching and parsing are not included).
 *
 * Target: the far-cell sheet within 2× of the plain one (medians, same run), for the sample's
 * register (council-sample.xlsx) and the large sample's (council-large.xlsx). Also timed: a bare
 * pass over the far snapshot's rows (reading each row's length), the least any reader of that
 * snapshot pays, so the gap between detection and that floor can be read off.
 */

import { promises as fs } from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import { SheetView, detectTables, type DetectedTable } from "../src/sources/detect";
import type { SheetSnapshot } from "../src/sources/snapshot";
import { readWorkbookFile } from "../src/workbook/xlsx/read";
import { check, type Bench, type Suite } from "./harness";

const SAMPLES = path.resolve(__dirname, "../samples");
const REGISTER = "Top-up register";
/** XFD1048576, zero-based. */
const LAST_ROW = 1048575;
const LAST_COL = 16383;

/** The sample's register sheet read through the adapter, as written by ExcelJS with or without the far cell. */
async function registerSnapshots(file: string): Promise<{ plain: SheetSnapshot; far: SheetSnapshot }> {
  const bytes = await fs.readFile(path.join(SAMPLES, file));
  const write = async (farCell: boolean): Promise<SheetSnapshot> => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    const ws = wb.getWorksheet(REGISTER);
    check(ws !== undefined, `${file} has no "${REGISTER}" sheet`);
    if (farCell) ws.getCell("XFD1048576").value = "far";
    const out = new Uint8Array(await wb.xlsx.writeBuffer());
    const snapshot = await readWorkbookFile(out, file);
    const sheet = snapshot.sheets.find((s) => s.name === REGISTER);
    check(sheet !== undefined, `the snapshot of ${file} has no "${REGISTER}" sheet`);
    return sheet;
  };
  return { plain: await write(false), far: await write(true) };
}

function detect(sheet: SheetSnapshot): DetectedTable[] {
  return detectTables(new SheetView(sheet), 0);
}

/** The tables as [header row, first column, last column, last row, headers] for comparing. */
function shapes(tables: readonly DetectedTable[]): string {
  return JSON.stringify(
    tables.map((t) => [t.headerRow, t.firstCol, t.lastCol, t.lastRow, t.headers.map((h) => h.text)]),
  );
}

async function runFile(bench: Bench, file: string): Promise<void> {
  bench.section(`${file}: "${REGISTER}"`);
  const { plain, far } = await registerSnapshots(file);
  check(far.cells.length === LAST_ROW + 1, `the far snapshot has ${far.cells.length} rows`);
  check(far.cells[LAST_ROW][LAST_COL] === "far", "the far snapshot lacks its XFD1048576 value");
  const expected = detect(plain);
  const register = expected.find((t) => t.headers.some((h) => /pupil ref/i.test(h.text)));
  bench.note(
    `${plain.cells.length.toLocaleString("en-GB")} rows × ${Math.max(...plain.cells.map((r) => r.length))} columns; ` +
      `the far sheet ${far.cells.length.toLocaleString("en-GB")} rows × ${far.cells[LAST_ROW].length.toLocaleString("en-GB")} columns`,
  );

  const base = await bench.measure({
    name: `detect tables, ${file} register`,
    items: 1,
    itemLabel: "sheet",
    run: () => detect(plain),
    verify: (tables) => {
      check(register !== undefined, "no table headed Pupil ref found on the register sheet");
      check(register.dataRows > 1000, `the register has only ${register.dataRows} data rows`);
      check(shapes(tables) === shapes(expected), "detection changed between runs");
    },
  });
  const withFar = await bench.measure({
    name: `detect tables, same + value in XFD1048576`,
    items: 1,
    itemLabel: "sheet",
    run: () => detect(far),
    verify: (tables) => {
      // The far value is a table of its own at most (it has no header): the register's tables are
      // found exactly as without it.
      check(shapes(tables) === shapes(expected), "the far cell changed the tables found");
    },
  });
  const floor = await bench.measure({
    name: `floor: read every row's length, far snapshot`,
    items: far.cells.length,
    itemLabel: "row",
    run: () => {
      let cells = 0;
      for (let r = 0; r < far.cells.length; r++) cells += far.cells[r].length;
      return cells;
    },
    verify: (cells) => check(cells >= LAST_COL + 1, `counted ${cells} cell slots`),
  });
  if (base && withFar && floor) {
    // On a busy machine the medians of runs this short swing with the other work; the fastest run
    // of each is what the code itself costs.
    const min = (m: typeof base) => `${(m.minNs / 1e6).toFixed(2)} ms`;
    bench.note(
      `fastest runs: plain ${min(base)}, far cell ${min(withFar)} (${(withFar.minNs / base.minNs).toFixed(2)}×), ` +
        `floor ${min(floor)}`,
    );
  }
  const ratio = bench.ratio(`far cell / plain (${file})`, withFar, base);
  bench.ratio(`floor / plain (${file})`, floor, base);
  bench.target(
    `far cell within 2× of the plain register (${file})`,
    ratio ? `${ratio.toFixed(2)}×` : "-",
    ratio === undefined ? undefined : ratio <= 2,
  );
}

async function run(bench: Bench): Promise<void> {
  await runFile(bench, "council-sample.xlsx");
  await runFile(bench, "council-large.xlsx");
}

export const detectSuite: Suite = {
  name: "detect",
  title: "table detection: a register sheet vs the same with a value in XFD1048576",
  run,
};
