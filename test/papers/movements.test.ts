/**
 * What changed since the last Forum: the sample is built, then a copy of the sample with one budget
 * line raised by £10,000 is built with the first papers as --previous. The movement tables must
 * show exactly that change (in the monitoring's total budget, and less in its total variance) and
 * nothing else may move; LibreOffice recalculating the second papers must give each change cell
 * as now less last meeting. The copy is edited in its XML (JSZip) so that nothing else in the
 * council's file is rewritten.
 */
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { buildPapersFromBytes, type BuildOutcome } from "../../src/app/pipeline";
import { parseUkDateText } from "../../src/core/dates";
import { readWorkbookFile } from "../../src/workbook/xlsx/read";
import type { SheetSnapshot } from "../../src/sources/snapshot";
import { describeWithLibreOffice, recalculateXlsx } from "../helpers/libreoffice";
import { readBack, type ReadBack } from "../helpers/xlsx-read";

const SAMPLE = path.resolve(__dirname, "../../samples/council-sample.xlsx");
const MEETING = parseUkDateText("03/12/2026");
const RAISE = 10000;

/** The paper sheets of the sample's papers (all six build from it). */
const PAPER_SHEETS = [
  "HNB monitoring",
  "DSG summary",
  "Deficit plan",
  "Transfer consultation",
  "Banding review",
  "Placement summary",
];

/** Set the cached value (`<v>`) of cells of one worksheet part, by address. */
function setValues(xml: string, values: Record<string, number>): string {
  let out = xml;
  for (const [address, value] of Object.entries(values)) {
    const cell = new RegExp(`(<c r="${address}"[^>]*>(?:(?!</c>).)*?<v>)([^<]*)(</v>)`);
    if (!cell.test(out)) throw new Error(`the sample has no value in ${address}`);
    out = out.replace(cell, `$1${value}$3`);
  }
  return out;
}

/**
 * A copy of the sample with "Place funding – maintained special schools" (HNB monitoring D6)
 * raised by RAISE, and the cached results of the sums that contain it raised too, as Excel would
 * save them (subtotal D9, total D36; the variances F6, F9 and F36 fall by as much).
 */
async function changedSample(): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await fs.readFile(SAMPLE));
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const rid = /<sheet [^>]*name="HNB monitoring"[^>]*r:id="([^"]+)"/.exec(workbook)![1];
  const target =
    new RegExp(`<Relationship [^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
    new RegExp(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1];
  const part = target.startsWith("/") ? target.slice(1) : `xl/${target}`;
  const xml = await zip.file(part)!.async("string");
  const value = (address: string): number =>
    Number(new RegExp(`<c r="${address}"[^>]*>(?:(?!</c>).)*?<v>([^<]*)</v>`).exec(xml)![1]);
  expect(value("D6")).toBe(6457800);
  zip.file(
    part,
    setValues(xml, {
      D6: value("D6") + RAISE,
      D9: value("D9") + RAISE,
      D36: value("D36") + RAISE,
      F6: value("F6") - RAISE,
      F9: value("F9") - RAISE,
      F36: value("F36") - RAISE,
    }),
  );
  return zip.generateAsync({ type: "uint8array" });
}

/** One row of a movement table as read from a built file. */
interface Row {
  readonly paper: string;
  readonly figure: string;
  readonly last: unknown;
  readonly now: unknown;
  readonly change: unknown;
  readonly reason: unknown;
  /** One-based row on its sheet. */
  readonly sheetRow: number;
}

/** The movement table of a paper sheet: the rows under its header, to the first empty row. */
function movementRows(sheet: SheetSnapshot): Row[] {
  const heading = sheet.cells.findIndex((r) =>
    String(r[0] ?? "").startsWith("Movements since the last meeting"),
  );
  if (heading === -1) return [];
  expect(sheet.cells[heading + 1].slice(0, 5)).toEqual([
    "Figure",
    "Last meeting",
    "Now",
    "Change (now less last meeting)",
    "Reason",
  ]);
  const rows: Row[] = [];
  for (let r = heading + 2; r < sheet.cells.length && sheet.cells[r]?.[0]; r++) {
    const c = sheet.cells[r];
    rows.push({
      paper: sheet.name,
      figure: String(c[0]),
      last: c[1],
      now: c[2],
      change: c[3],
      reason: c[4] ?? null,
      sheetRow: r + 1,
    });
  }
  return rows;
}

let dir: string;
let first: BuildOutcome;
let second: BuildOutcome;
let secondPath: string;
let rows: Row[];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "movements-"));
  first = await buildPapersFromBytes(await fs.readFile(SAMPLE), "council-sample.xlsx", {
    meetingDate: MEETING,
  });
  second = await buildPapersFromBytes(await changedSample(), "council-sample-changed.xlsx", {
    meetingDate: MEETING,
    previous: { name: "papers-last-meeting.xlsx", bytes: first.bytes },
  });
  secondPath = path.join(dir, "papers.xlsx");
  await fs.writeFile(secondPath, second.bytes);
  const snapshot = await readWorkbookFile(second.bytes, "papers.xlsx");
  rows = PAPER_SHEETS.flatMap((name) => movementRows(snapshot.sheets.find((s) => s.name === name)!));
}, 120000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test("every build stores its key figures on a hidden Snapshot sheet (paper, figure, value, source, built at)", async () => {
  const zip = await JSZip.loadAsync(first.bytes);
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  expect(workbook).toMatch(
    /<sheet [^>]*name="Snapshot"[^>]*state="hidden"|<sheet [^>]*state="hidden"[^>]*name="Snapshot"/,
  );
  const snapshot = (await readWorkbookFile(first.bytes, "papers.xlsx")).sheets.find(
    (s) => s.name === "Snapshot",
  )!;
  expect(snapshot.hidden).toBe(true);
  const header = snapshot.cells.findIndex((r) => r[0] === "Paper");
  expect(snapshot.cells[header].slice(0, 5)).toEqual(["Paper", "Figure", "Value", "Source", "Built at"]);
  const stored = snapshot.cells.slice(header + 1).filter((r) => r[0]);
  // 3 monitoring totals, 6 DSG, 5 deficit plan, 4 transfer, 4 banding, 2 placement figures, and
  // the 19 monitoring lines' annual budget (C11:C29) and forecast outturn (D11:D29).
  expect(stored).toHaveLength(24 + 2 * 19);
  const hnb = stored.filter((r) => r[0] === "HNB monitoring");
  expect(hnb[0].slice(1, 4)).toEqual([
    "Place funding – maintained special schools: annual budget",
    6457800,
    "'HNB monitoring'!$C$11",
  ]);
  expect(hnb[19].slice(1, 4)).toEqual([
    "Place funding – maintained special schools: forecast outturn",
    hnb[19][2],
    "'HNB monitoring'!$D$11",
  ]);
  expect(hnb.slice(38).map((r) => [r[1], r[2], r[3]])).toEqual([
    ["Total annual budget", 59833100, "'HNB monitoring'!$C$30"],
    ["Total forecast outturn", 65339321, "'HNB monitoring'!$D$30"],
    ["Total variance", 5506221, "'HNB monitoring'!$E$30"],
  ]);
  for (const r of stored) expect(typeof r[4]).toBe("number");
  // The headline figures the build reports agree with what the snapshot stored.
  const banding = first.build.papers.find((p) => p.id === "banding-review")!.headline;
  expect(stored.find((r) => r[1] === "Proposed annual cost")?.[2]).toBe(banding.proposedCost);
});

test("without --previous there is no movement table", async () => {
  const snapshot = await readWorkbookFile(first.bytes, "papers.xlsx");
  for (const name of PAPER_SHEETS)
    expect(movementRows(snapshot.sheets.find((s) => s.name === name)!)).toEqual([]);
});

test("the movement tables show exactly the changed budget line and the totals that contain it, and nothing else moves", () => {
  // 24 totals and key results, and each monitoring line's annual budget and forecast outturn.
  const lines = rows.filter((r) => r.paper === "HNB monitoring" && /: annual budget$/.test(r.figure));
  expect(lines.length).toBeGreaterThan(5);
  expect(rows.length).toBe(24 + 2 * lines.length);
  const moved = rows.filter((r) => r.change !== 0).map((r) => [r.paper, r.figure, r.change]);
  expect(moved).toEqual([
    ["HNB monitoring", "Place funding – maintained special schools: annual budget", RAISE],
    ["HNB monitoring", "Total annual budget", RAISE],
    ["HNB monitoring", "Total variance", -RAISE],
  ]);
  const budget = rows.find((r) => r.figure === "Total annual budget")!;
  expect([budget.last, budget.now]).toEqual([59833100, 59833100 + RAISE]);
  for (const r of rows) {
    expect(typeof r.last).toBe("number");
    expect(r.reason).toBeNull();
  }
  expect(second.build.warnings.filter((w) => w.code.startsWith("previous-"))).toEqual([]);
  // The build's own evaluator agrees with every movement and snapshot cell.
  expect(second.build.warnings.filter((w) => w.code.startsWith("formula-"))).toEqual([]);
});

test("each movement table is an Excel table with alt text, and the cover lists the largest movements", async () => {
  const zip = await JSZip.loadAsync(second.bytes);
  const tables = await Promise.all(
    Object.keys(zip.files)
      .filter((f) => /^xl\/tables\/table\d+\.xml$/.test(f))
      .map((f) => zip.file(f)!.async("string")),
  );
  for (const prefix of ["MON", "DSG", "DEF", "TRF", "BND", "PLC"]) {
    const xml = tables.find((t) => new RegExp(`\\bname="${prefix}Movements"`).test(t));
    expect({ prefix, found: xml !== undefined }).toEqual({ prefix, found: true });
    expect(xml).toMatch(/altTextSummary="[^"]{30,}"|descr="[^"]{30,}"/);
  }
  const cover = (await readWorkbookFile(second.bytes, "papers.xlsx")).sheets.find((s) => s.name === "Cover")!;
  const at = cover.cells.findIndex((r) => r[0] === "Largest movements since the last meeting");
  expect(at).toBeGreaterThan(0);
  expect(String(cover.cells[at][1])).toContain("papers-last-meeting.xlsx");
  expect(cover.cells.slice(at + 1).map((r) => r.slice(0, 3))).toEqual([
    ["Movement 1", "HNB monitoring: Place funding – maintained special schools: annual budget", RAISE],
    ["Movement 2", "HNB monitoring: Total annual budget", RAISE],
    ["Movement 3", "HNB monitoring: Total variance", -RAISE],
  ]);
});

describeWithLibreOffice("LibreOffice recalculation of the movement tables", () => {
  let recalculated: ReadBack;
  beforeAll(async () => {
    recalculated = await readBack(await recalculateXlsx(secondPath, path.join(dir, "recalc")));
  }, 180000);

  test("every change cell equals now less last meeting, as built", () => {
    for (const r of rows) {
      const cell = (col: string) => recalculated[r.paper][`${col}${r.sheetRow}`];
      const [last, now, change] = [cell("B"), cell("C"), cell("D")];
      expect(change.error).toBeUndefined();
      expect(change.formula).toBeDefined();
      expect({ figure: r.figure, change: change.value }).toEqual({
        figure: r.figure,
        change: (now.value as number) - (last.value as number),
      });
      expect({ figure: r.figure, now: now.value }).toEqual({ figure: r.figure, now: r.now });
    }
  });
});
