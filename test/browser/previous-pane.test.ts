/**
 * The pane's "Compare with the papers from the last meeting": in the browser preview (Debian's
 * chromium), build the sample with the papers built from it before as the last meeting's file,
 * chosen with the Papers step's file picker. The downloaded papers must carry a movement table on
 * every paper in which nothing moved (same workbook both times) and the cover must say so; the
 * Papers step with the picker is scanned with axe-core (no serious or critical violations).
 */
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import type { Page } from "playwright-core";
import { buildPapersFromBytes } from "../../src/app/pipeline";
import { parseUkDateText } from "../../src/core/dates";
import { readWorkbookFile } from "../../src/workbook/xlsx/read";
import {
  ARTIFACTS,
  PREVIEW_DIR,
  ROOT,
  axeSerious,
  buildIfStale,
  withChromium,
  launch,
  screenshot,
  serve,
} from "./harness";

jest.setTimeout(240_000);

const SAMPLE = path.join(ROOT, "samples/council-sample.xlsx");

const { browser, describe: describeWithChromium } = withChromium("The pane's comparison test");

describeWithChromium("the pane compares with the papers from the last meeting", () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let dir: string;
  let lastPapers: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "previous-pane-"));
    const first = await buildPapersFromBytes(await fs.readFile(SAMPLE), "council-sample.xlsx", {
      meetingDate: parseUkDateText("03/12/2026"),
    });
    lastPapers = path.join(dir, "papers-september.xlsx");
    await fs.writeFile(lastPapers, first.bytes);
    buildIfStale(path.join(PREVIEW_DIR, "index.html"), ["--env", "preview"]);
    await fs.mkdir(ARTIFACTS, { recursive: true });
    server = await serve(PREVIEW_DIR);
    chrome = await launch(browser!);
  }, 420_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("passes the chosen file to the build: every paper gets a movement table", async () => {
    const page: Page = await chrome.context.newPage();
    await page.goto(server.origin, { waitUntil: "load" });
    await page.getByRole("heading", { level: 1, name: "Forum Papers" }).waitFor();
    await page.getByLabel("Council workbook (.xlsx)").setInputFiles(SAMPLE);
    await page.getByText("Read council-sample.xlsx").waitFor();
    await page.getByRole("button", { name: "Use this mapping" }).click();
    await page.getByLabel("Meeting date").fill("03/12/2026");
    await page.getByRole("group", { name: "Compare with the papers from the last meeting" }).waitFor();
    await page.getByLabel("Last meeting's papers (.xlsx)").setInputFiles(lastPapers);
    await page.getByText("Comparing with papers-september.xlsx").waitFor();
    await screenshot(page, "papers-compare-with-last-meeting");
    const scan = await axeSerious(page);
    expect(scan.serious).toEqual([]);

    await page.getByRole("button", { name: "Build the papers" }).click();
    const link = page.getByRole("link", { name: /^Download the papers/ });
    await link.waitFor({ timeout: 120_000 });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const papers = await readWorkbookFile(await fs.readFile(await download.path()), "papers.xlsx");
    for (const name of ["HNB monitoring", "DSG summary", "Placement summary"]) {
      const sheet = papers.sheets.find((s) => s.name === name)!;
      const heading = sheet.cells.findIndex((r) =>
        String(r[0] ?? "").startsWith("Movements since the last meeting (against papers-september.xlsx"),
      );
      expect({ name, heading: heading > 0 }).toEqual({ name, heading: true });
      const changes = sheet.cells
        .slice(heading + 2)
        .filter((r) => r[0])
        .map((r) => r[3]);
      expect(changes.length).toBeGreaterThan(0);
      expect(changes.every((c) => c === 0)).toBe(true);
    }
    const cover = papers.sheets.find((s) => s.name === "Cover")!;
    const row = cover.cells.find((r) => r[0] === "Largest movements since the last meeting");
    expect(String(row?.[1])).toMatch(/^No key figure changed since the papers in papers-september\.xlsx/);
    await page.close();
  });
});
