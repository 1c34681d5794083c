/**
 * The browser preview, end to end in Debian's chromium: the same pane as in Excel, on a workbook
 * file. Open the sample council workbook, accept the detected mapping, build every paper, download
 * the papers and compare their figures with the engine run in Node on the same file; cancel a build
 * half way (nothing to download, and the pane says so); a file that is not a workbook gets a clear
 * message; explain and share DSG formulas. Every step is scanned with axe-core (no serious or
 * critical violations) and photographed under test/artifacts/preview/; every request the page makes
 * must go to the preview's own origin.
 */
import { promises as fs } from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import type { BrowserContext, Page } from "playwright-core";
import { buildPapersFromBytes } from "../../src/app/pipeline";
import { serialFromDate } from "../../src/core/dates";
import { readWorkbookFile } from "../../src/workbook/xlsx/read";
import { PAPER_IDS } from "../../src/papers";
import { readBack } from "../helpers/xlsx-read";
import { FIXTURE, FIXTURE_NAME, dsgFormulaWorkbook } from "../taskpane/dsg-fixture";
import {
  ARTIFACTS,
  PREVIEW_DIR,
  ROOT,
  axeSerious,
  buildIfStale,
  withChromium,
  foreignRequests,
  launch,
  screenshot,
  serve,
} from "./harness";

jest.setTimeout(240_000);

const SAMPLE = path.join(ROOT, "samples/council-sample.xlsx");
const LARGE = path.join(ROOT, "samples/council-large.xlsx");
const MEETING = "03/12/2026";

const { browser, describe: describeWithChromium } = withChromium("The browser tests");

describeWithChromium("browser preview in chromium", () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let context: BrowserContext;
  const requests: string[] = [];
  const axeReport: Record<string, unknown> = {};

  beforeAll(async () => {
    buildIfStale(path.join(PREVIEW_DIR, "index.html"), ["--env", "preview"]);
    await fs.mkdir(ARTIFACTS, { recursive: true });
    server = await serve(PREVIEW_DIR);
    chrome = await launch(browser!);
    context = chrome.context;
  }, 420_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  /** A fresh page on the preview, its requests recorded. */
  async function openPreview(): Promise<Page> {
    const page = await context.newPage();
    page.on("request", (r) => requests.push(r.url()));
    page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
    await page.goto(server.origin, { waitUntil: "load" });
    await page.getByRole("heading", { level: 1, name: "Forum Papers" }).waitFor();
    return page;
  }

  async function openFile(page: Page, file: string | { name: string; buffer: Buffer }): Promise<void> {
    await page
      .getByLabel("Council workbook (.xlsx)")
      .setInputFiles(
        typeof file === "string"
          ? file
          : { name: file.name, mimeType: "application/octet-stream", buffer: file.buffer },
      );
  }

  async function expectAccessible(page: Page, step: string): Promise<void> {
    const scan = await axeSerious(page);
    axeReport[step] = scan;
    expect({ step, serious: scan.serious }).toEqual({ step, serious: [] });
  }

  async function goTo(page: Page, step: string): Promise<void> {
    await page.getByRole("tab", { name: step }).click();
    await page.getByRole("heading", { level: 2, name: new RegExp(`^\\d\\. ${step}$`) }).waitFor();
  }

  test("open the sample, accept the mapping, build every paper, download: figures match the engine", async () => {
    const page = await openPreview();
    await screenshot(page, "00-start");
    await expectAccessible(page, "start");

    await openFile(page, SAMPLE);
    await page.getByText("Read council-sample.xlsx").waitFor();
    await page.getByRole("list", { name: "Tables found in the workbook" }).waitFor();
    // Open the first dataset of the mapping editor, to show it (and scan it) with its dropdowns.
    await page.getByRole("button", { name: /^High Needs Block budget lines:/ }).click();
    await page.getByLabel("Table for High Needs Block budget lines").waitFor();
    await screenshot(page, "01-sources");
    await expectAccessible(page, "sources");
    // As narrow as a task pane in Excel: nothing may run off the side.
    await page.setViewportSize({ width: 360, height: 900 });
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(360);
    await screenshot(page, "01c-sources-narrow");
    await page.setViewportSize({ width: 900, height: 1000 });

    // Save the mapping: the preview cannot change the opened file, so it offers a copy carrying it.
    await page.getByRole("button", { name: "Save mapping (downloads a copy)" }).click();
    const mappingLink = page.getByRole("link", {
      name: /^Download the copy with the mapping\s*council-sample \(mapping saved\)\.xlsx/,
    });
    await mappingLink.waitFor();
    const [mappingDownload] = await Promise.all([page.waitForEvent("download"), mappingLink.click()]);
    const withMapping = await readWorkbookFile(
      new Uint8Array(await fs.readFile(await mappingDownload.path())),
      "saved.xlsx",
    );
    expect(withMapping.savedMapping).toMatch(/"version": 1/);

    await page.getByRole("button", { name: "Use this mapping" }).click();
    await page.getByRole("heading", { level: 2, name: "2. Papers" }).waitFor();
    // A date that is not a date is named as such, and building waits for a good one.
    await page.getByLabel("Meeting date").fill("31/02/2026");
    await page.getByText("31/02/2026 is not a real date; check the day and month.").waitFor();
    await expect(page.getByRole("button", { name: "Build the papers" }).isDisabled()).resolves.toBe(true);
    await page.getByLabel("Meeting date").fill(MEETING);
    await page.getByLabel("Author").fill("Finance team");
    await screenshot(page, "02-papers");
    await expectAccessible(page, "papers");

    await page.getByRole("button", { name: "Build the papers" }).click();
    const link = page.getByRole("link", { name: /^Download the papers/ });
    await link.waitFor({ timeout: 120_000 });
    await screenshot(page, "03-build");
    await expectAccessible(page, "build");

    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const saved = path.join(ARTIFACTS, "papers-from-preview.xlsx");
    await download.saveAs(saved);
    expect(download.suggestedFilename()).toBe("council-sample - Forum papers.xlsx");

    // The same build in Node, through the command line's pipeline.
    const node = await buildPapersFromBytes(
      new Uint8Array(await fs.readFile(SAMPLE)),
      "council-sample.xlsx",
      {
        meetingDate: serialFromDate(2026, 12, 3),
        meetingName: "Schools Forum",
        author: "Finance team",
        papers: PAPER_IDS,
      },
    );
    const fromBrowser = await readBack(saved);
    const fromNode = await readBack(node.bytes);
    expect(Object.keys(fromBrowser)).toEqual(Object.keys(fromNode));
    expect(node.build.papers.map((p) => p.id)).toEqual(PAPER_IDS);

    // Headline figures: each engine figure appears on its paper's sheet in the downloaded workbook.
    const headline: Record<string, string[]> = {
      "hnb-monitoring": ["budget", "forecast", "variance"],
      "dsg-summary": ["allocation", "forecast", "carriedForward"],
      "deficit-plan": ["unmitigatedEnd", "mitigatedEnd"],
      "transfer-impact": ["transfer", "base"],
      "banding-review": ["currentCost", "proposedCost", "netCost"],
      "placement-summary": ["annualCost"],
    };
    for (const paper of node.build.papers) {
      const cells = Object.values(fromBrowser[paper.sheet]).map((c) => c.value);
      for (const key of headline[paper.id] ?? []) {
        const figure = paper.headline[key];
        expect({
          paper: paper.id,
          key,
          figure,
          found: cells.some((v) => typeof v === "number" && Math.abs(v - Number(figure)) < 0.005),
        }).toEqual({
          paper: paper.id,
          key,
          figure,
          found: true,
        });
      }
    }
    // And every number on every paper sheet is the engine's.
    for (const paper of node.build.papers) {
      const b = fromBrowser[paper.sheet];
      const n = fromNode[paper.sheet];
      const diffs = Object.keys(n).filter(
        (addr) => typeof n[addr].value === "number" && n[addr].value !== b[addr]?.value,
      );
      expect({ sheet: paper.sheet, diffs }).toEqual({ sheet: paper.sheet, diffs: [] });
    }
    await page.close();
  });

  test("cancel half way: nothing to download, and the pane says so", async () => {
    const page = await openPreview();
    const downloads: string[] = [];
    page.on("download", (d) => downloads.push(d.suggestedFilename()));
    await openFile(page, LARGE);
    await page.getByText("Read council-large.xlsx").waitFor({ timeout: 60_000 });
    await goTo(page, "Papers");
    // Slow the page down so the build is still running when Cancel lands.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
    await page.getByRole("button", { name: "Build the papers" }).click();
    await page.getByRole("progressbar").waitFor();
    await page
      .getByText(/Writing|Wrote|Working out|Reading the tables/)
      .first()
      .waitFor();
    await screenshot(page, "03a-build-running");
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByText("Build cancelled").waitFor({ timeout: 60_000 });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    await expect(
      page.getByText("Nothing was written, so there is nothing to download.").isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByRole("link", { name: /^Download the papers/ }).count()).resolves.toBe(0);
    await screenshot(page, "03b-build-cancelled");
    await expectAccessible(page, "build-cancelled");
    expect(downloads).toEqual([]);
    await page.close();
  });

  test("a file that is not a workbook gets a clear message", async () => {
    const page = await openPreview();
    await openFile(page, {
      name: "minutes.xlsx",
      buffer: Buffer.from("Minutes of the Schools Forum, 12 March 2026\nItem 1 ...\n"),
    });
    const alert = page.getByRole("alert").filter({ hasText: "This workbook cannot be used" });
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toMatch(/minutes\.xlsx/);
    expect(text).not.toMatch(/at Object\.|TypeError|undefined/);
    await screenshot(page, "01b-sources-not-a-workbook");
    await expectAccessible(page, "sources-error");
    await page.close();
  });

  test("explain and share DSG formulas in a workbook", async () => {
    const page = await openPreview();
    await openFile(page, { name: FIXTURE_NAME, buffer: Buffer.from(await dsgFormulaWorkbook()) });
    await page.getByText(`Read ${FIXTURE_NAME}`).waitFor();

    await goTo(page, "Explain");
    await page.getByRole("button", { name: "Register!E2" }).click();
    const result = page.getByRole("region", { name: /Register!E2/ });
    await expect(result.getByRole("status").innerText()).resolves.toMatch(/Result: £6,388\.00/);
    await page.getByRole("button", { name: "Explain this" }).click();
    const typed = page.getByRole("region", { name: /DSG.HOURSCOST with the values typed/ });
    await expect(typed.getByRole("status").innerText()).resolves.toMatch(/Result: £6,388\.00/);
    await screenshot(page, "04-explain");
    await expectAccessible(page, "explain");

    await goTo(page, "Share");
    await page.getByRole("checkbox", { name: "Register (9 DSG formulas)" }).waitFor();
    await expect(page.getByRole("checkbox", { name: "Register (9 DSG formulas)" }).isChecked()).resolves.toBe(
      true,
    );
    await page.getByRole("button", { name: "Make a copy for readers without the add-in" }).click();
    const link = page.getByRole("link", { name: /^Download the copy for readers/ });
    await link.waitFor();
    await screenshot(page, "05-share");
    await expectAccessible(page, "share");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const saved = path.join(ARTIFACTS, "dsg-formulas-for-readers.xlsx");
    await download.saveAs(saved);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Register", "Bands", "Converted formulas"]);
    const reg = (await readBack(saved)).Register;
    expect(reg.E2).toMatchObject({ formula: "ROUND(MAX(0,B2*C2*38-6000),2)", value: FIXTURE.topUp[0] });
    expect(reg.G2.formula).toBeUndefined();
    expect(Object.values(reg).some((c) => /DSG/i.test(c.formula ?? ""))).toBe(false);
    await page.close();
  });

  test("keyboard: the steps are a tab list moved through with the arrow keys", async () => {
    const page = await openPreview();
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.getAttribute("role"))).resolves.toBe("tab");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 2, name: "2. Papers" }).waitFor();
    await expect(page.getByRole("tab", { name: "Papers" }).getAttribute("aria-selected")).resolves.toBe(
      "true",
    );
    await page.close();
  });

  test("dark theme (the preview follows the browser; in Excel, Office's theme)", async () => {
    const page = await context.newPage();
    page.on("request", (r) => requests.push(r.url()));
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(server.origin, { waitUntil: "load" });
    await page.getByRole("heading", { level: 1, name: "Forum Papers" }).waitFor();
    await openFile(page, SAMPLE);
    await page.getByText("Read council-sample.xlsx").waitFor();
    const background = await page.evaluate(
      () => getComputedStyle(document.querySelector(".fui-FluentProvider")!).backgroundColor,
    );
    expect(background).not.toBe("rgb(255, 255, 255)");
    await screenshot(page, "06-sources-dark");
    await expectAccessible(page, "sources-dark");
    await page.close();
  });

  test("no request left the preview's own origin", () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(foreignRequests(requests, server.origin)).toEqual([]);
  });

  afterAll(async () => {
    await fs.writeFile(path.join(ARTIFACTS, "axe-report.json"), JSON.stringify(axeReport, null, 2));
    await fs.writeFile(path.join(ARTIFACTS, "requests.txt"), requests.join("\n"));
  });
});
