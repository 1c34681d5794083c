/**
 * The pane as a Forum clerk uses it, at the width Excel gives a task pane (350 × 800) and at full
 * width (1366 × 768), in Debian's chromium on the browser preview. Found by role and accessible
 * name, as a screen reader finds them:
 * - every step: no element wider than the pane, no horizontal scroll, axe-core finds no serious or
 *   critical violation, a screenshot under test/artifacts/preview/;
 * - each step change moves focus to the step's heading and scrolls to the top; a finished build
 *   moves focus to its result;
 * - opening another workbook clears the Build result (no download for the old workbook);
 * - a blank workbook says nothing was recognised and keeps Build disabled, with the reason beside it;
 * - empty cover fields are a warning before Build; the download names the file and its size and
 *   confirms when pressed; progress text appears once;
 * - Explain shows each input's plain label ("Hours a week"), and check ids follow their description;
 * - Explain on a figure of a built paper shows the cells it reads and reaches its council source row.
 */
import { promises as fs } from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import { readWorkbookFile } from "../../src/workbook/xlsx/read";
import type { BrowserContext, Page } from "playwright-core";
import { FIXTURE_NAME, dsgFormulaWorkbook } from "../taskpane/dsg-fixture";
import {
  PREVIEW_DIR,
  ROOT,
  axeSerious,
  buildIfStale,
  withChromium,
  launch,
  screenshot,
  serve,
} from "./harness";

jest.setTimeout(300_000);

const SAMPLE = path.join(ROOT, "samples/council-sample.xlsx");
const LAYOUT_B = path.join(ROOT, "samples/layout-b.xlsx");

const { browser, describe: describeWithChromium } = withChromium("The browser tests");

/** A workbook with one empty sheet, as Excel saves a new workbook. */
async function blankWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Sheet1");
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const WIDTHS = [
  { name: "350", width: 350, height: 800 },
  { name: "1366", width: 1366, height: 768 },
] as const;

describeWithChromium.each(WIDTHS)("the pane at $width × $height", ({ name, width, height }) => {
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let context: BrowserContext;

  beforeAll(async () => {
    buildIfStale(path.join(PREVIEW_DIR, "index.html"), ["--env", "preview"]);
    server = await serve(PREVIEW_DIR);
    chrome = await launch(browser!);
    context = chrome.context;
  }, 420_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  async function openPreview(): Promise<Page> {
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
    await page.setViewportSize({ width, height });
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

  /**
   * Nothing runs off the side: the page does not scroll sideways, and no visible element's right
   * edge passes the viewport's (elements inside a scrolling box are measured as that box).
   */
  async function expectFits(page: Page, step: string): Promise<void> {
    const found = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const wide: string[] = [];
      for (const el of Array.from(document.querySelectorAll("body *"))) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const style = getComputedStyle(el);
        if (style.visibility === "hidden" || style.position === "fixed") continue;
        if (r.right > vw + 0.5 || r.left < -0.5) {
          const label = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 60);
          wide.push(
            `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80) + ` "${label}" ${r.left}–${r.right}`,
          );
        }
        // A box that scrolls sideways inside the pane is horizontal scroll too.
        if (el.scrollWidth > el.clientWidth + 1 && /(auto|scroll)/.test(style.overflowX)) {
          wide.push(`${el.tagName.toLowerCase()} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
        }
      }
      return {
        scrollWidth: document.documentElement.scrollWidth,
        viewport: vw,
        wide: wide.slice(0, 10),
      };
    });
    expect({ step, ...found }).toEqual({
      step,
      scrollWidth: found.viewport,
      viewport: found.viewport,
      wide: [],
    });
  }

  async function expectAccessible(page: Page, step: string): Promise<void> {
    const scan = await axeSerious(page);
    expect({ step, serious: scan.serious }).toEqual({ step, serious: [] });
  }

  /** The checks every step gets: fits the pane, accessible, photographed. */
  async function checkStep(page: Page, step: string): Promise<void> {
    await expectFits(page, step);
    await expectAccessible(page, step);
    await screenshot(page, `pane-${name}-${step}`);
  }

  /** The focused element's tag and text, and how far the page is scrolled. */
  async function focusAndScroll(page: Page): Promise<{ tag: string; text: string; scrollY: number }> {
    return page.evaluate(() => ({
      tag: document.activeElement?.tagName.toLowerCase() ?? "",
      text: document.activeElement?.textContent?.trim() ?? "",
      scrollY: Math.round(window.scrollY),
    }));
  }

  test("every step fits, focus moves to each step's heading, the build result takes focus", async () => {
    const page = await openPreview();
    await checkStep(page, "00-start");

    await openFile(page, SAMPLE);
    await page.getByText("Read council-sample.xlsx").waitFor();
    await page.getByRole("list", { name: "Tables found in the workbook" }).waitFor();
    // The mapping editor open on its first dataset, its dropdowns and sample values shown.
    await page.getByRole("button", { name: /^High Needs Block budget lines:/ }).click();
    await page.getByLabel("Table for High Needs Block budget lines").waitFor();
    await checkStep(page, "01-sources");

    // The preview's save says it downloads a copy, and what it saves is said plainly.
    await page.getByRole("button", { name: "Save mapping (downloads a copy)" }).click();
    const saved = page.getByRole("status").filter({ hasText: "Mapping saved" });
    await saved.waitFor();
    await expect(saved.innerText()).resolves.toMatch(/saved in the workbook \(not shown as a sheet\)/);
    await expect(saved.innerText()).resolves.not.toMatch(/very hidden/);
    await page
      .getByRole("link", {
        name: /^Download the copy with the mapping.*council-sample \(mapping saved\)\.xlsx \(\d+ KB\)/,
      })
      .waitFor();

    // Scrolled down, then "Use this mapping": the Papers step opens at its top, its heading focused.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.getByRole("button", { name: "Use this mapping" }).click();
    await page.getByRole("heading", { level: 2, name: "2. Papers" }).waitFor();
    await expect(focusAndScroll(page)).resolves.toEqual({ tag: "h2", text: "2. Papers", scrollY: 0 });

    // The empty cover fields are a warning before Build, not a block.
    const warning = page.getByRole("status").filter({ hasText: /cover fields? (is|are) empty/i });
    await expect(warning.innerText()).resolves.toMatch(
      /Meeting date, Author and Paper reference are not filled in/,
    );
    await expect(page.getByLabel("Meeting date").getAttribute("placeholder")).resolves.toBeNull();
    await expect(page.getByRole("button", { name: "Build the papers" }).isDisabled()).resolves.toBe(false);
    // A field in error disables Build, and the reason is beside the button (its description).
    await page.getByLabel("Meeting date").fill("31/02/2026");
    const build = page.getByRole("button", { name: "Build the papers" });
    await expect(build.isDisabled()).resolves.toBe(true);
    await expect(
      build.getAttribute("aria-describedby").then((id) => page.locator(`#${id}`).innerText()),
    ).resolves.toBe("Fix the fields marked in step 2, Papers, first.");
    await page.getByLabel("Meeting date").fill("03/12/2026");
    await page.getByLabel("Author").fill("Finance team");
    await expect(warning.innerText()).resolves.toMatch(/Paper reference is not filled in/);
    await checkStep(page, "02-papers");

    // Build: the Build step opens at its heading; when done, focus moves to the result.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await build.click();
    await page.getByRole("heading", { level: 2, name: "3. Build" }).waitFor();
    const download = page.getByRole("link", {
      name: /^Download the papers\s*council-sample - Forum papers\.xlsx \(\d+ KB\)$/,
    });
    await download.waitFor({ timeout: 120_000 });
    await expect(focusAndScroll(page)).resolves.toMatchObject({ text: "Built 6 papers", scrollY: 0 });
    // Check ids follow their description.
    const passed = page.getByRole("list", { name: "Checks that passed" });
    await page
      .getByText(/checks? passed$/)
      .first()
      .click();
    const firstCheck = (await passed.getByRole("listitem").first().innerText()).trim();
    expect(firstCheck).toMatch(/^[A-Z][a-z].*\(check [A-Z]+-\d+\)$/);
    await checkStep(page, "03-build");
    // The download is the main result; pressing it confirms what was saved.
    const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
    expect(file.suggestedFilename()).toBe("council-sample - Forum papers.xlsx");
    await page.getByRole("status").filter({ hasText: "Download started" }).waitFor();
    await checkStep(page, "03b-build-downloaded");

    // Explain a figure on a built paper: its formula, the cells it reads, the council row it came from.
    await page.getByRole("tab", { name: "Explain" }).click();
    await page.getByRole("heading", { level: 3, name: "A figure on the built papers" }).waitFor();
    await page.getByLabel("Paper", { exact: true }).selectOption({ label: "HNB monitoring" });
    const columns = await page.getByLabel("Column", { exact: true }).locator("option").allInnerTexts();
    const variance = columns.find((c) => c.startsWith("Variance (£)"))!;
    expect(variance).toBeDefined();
    await page.getByLabel("Column", { exact: true }).selectOption({ label: variance });
    await page.getByRole("button", { name: "Explain this figure" }).click();
    const figure = page.getByRole("region", { name: /^HNB monitoring!E\d+: / });
    await figure.waitFor();
    const heading = (await figure.getByRole("heading").first().innerText()).trim();
    await expect(focusAndScroll(page)).resolves.toMatchObject({ tag: "h4", text: heading });
    const line = /^HNB monitoring!E\d+: (.+), Variance \(£\)$/.exec(heading)![1];
    await expect(
      figure.getByRole("list", { name: "Cells it reads" }).getByRole("button").allInnerTexts(),
    ).resolves.toEqual([expect.stringMatching(/Forecast outturn/), expect.stringMatching(/Annual budget/)]);
    // The source row is the council workbook's row holding that budget line.
    const council = await readWorkbookFile(new Uint8Array(await fs.readFile(SAMPLE)), "council-sample.xlsx");
    const hnb = council.sheets.find((s) => s.name === "HNB monitoring")!;
    const at = hnb.cells.findIndex((r) => r.some((v) => v === line));
    expect(at).toBeGreaterThan(0);
    await expect(
      figure.getByRole("list", { name: "Source rows in the council's workbook" }).innerText(),
    ).resolves.toBe(`HNB monitoring, row ${at + 1}`);
    // A cell it reads is explained in turn; an address can be typed.
    await page.getByLabel("Or type a cell address").fill("HNB monitoring!C11");
    await page.getByRole("button", { name: "Explain this address" }).click();
    await page.getByRole("region", { name: /^HNB monitoring!C11: / }).waitFor();
    await checkStep(page, "04c-explain-figure");

    // Tabs: each step change focuses its heading and scrolls to the top.
    for (const [tab, heading] of [
      ["Share", "5. Share"],
      ["Sources", "1. Sources"],
      ["Explain", "4. Explain"],
    ] as const) {
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.getByRole("tab", { name: tab }).click();
      await page.getByRole("heading", { level: 2, name: heading }).waitFor();
      await expect(focusAndScroll(page)).resolves.toEqual({ tag: "h2", text: heading, scrollY: 0 });
    }
    await page.getByRole("tab", { name: "Explain" }).click();
    await page.getByRole("heading", { level: 2, name: "4. Explain" }).waitFor();
    // The sample's worked DSG formulas are listed; one explained gives the value the file holds.
    await page.getByRole("button", { name: "Worked formulas!D6" }).click();
    const worked = page.getByRole("region", { name: /^Worked formulas!D6/ });
    const cachedD6 = council.sheets.find((s) => s.name === "Worked formulas")!.cells[5][3];
    expect(typeof cachedD6).toBe("number");
    await expect(worked.getByRole("status").innerText()).resolves.toBe(
      `Result: £${(cachedD6 as number).toLocaleString("en-GB", { minimumFractionDigits: 2 })}`,
    );
    await checkStep(page, "04-explain");
    await page.getByRole("tab", { name: "Share" }).click();
    await page.getByRole("checkbox").first().waitFor();
    await checkStep(page, "05-share");

    // Another workbook: the Build step no longer shows the old result or its download.
    await page.getByRole("tab", { name: "Sources" }).click();
    await openFile(page, LAYOUT_B);
    await page.getByText("Read layout-b.xlsx").waitFor();
    await page.getByRole("tab", { name: "Build" }).click();
    await page.getByRole("heading", { level: 2, name: "3. Build" }).waitFor();
    await expect(page.getByText(/^Built \d+ papers?$/).count()).resolves.toBe(0);
    await expect(page.getByRole("link", { name: /^Download the papers/ }).count()).resolves.toBe(0);
    await page.getByRole("button", { name: "Build the papers" }).waitFor();
    await page.close();
  });

  test("a blank workbook: nothing was recognised, and Build says why it is disabled", async () => {
    const page = await openPreview();
    await openFile(page, { name: "blank.xlsx", buffer: await blankWorkbook() });
    const alert = page.getByRole("alert").filter({ hasText: "Nothing was recognised in blank.xlsx" });
    await alert.waitFor();
    await expect(alert.innerText()).resolves.toMatch(/looks for tables/);
    await expect(page.getByText(/^Read blank\.xlsx/).count()).resolves.toBe(0);
    const use = page.getByRole("button", { name: "Use this mapping" });
    await expect(use.isDisabled()).resolves.toBe(true);
    await expect(page.locator("#use-mapping-reason").innerText()).resolves.toMatch(
      /Nothing in this workbook was recognised/,
    );
    await checkStep(page, "01c-sources-blank");

    await page.getByRole("tab", { name: "Build" }).click();
    const build = page.getByRole("button", { name: "Build the papers" });
    await expect(build.isDisabled()).resolves.toBe(true);
    const reason = await page.locator(`#${await build.getAttribute("aria-describedby")}`).innerText();
    expect(reason).toMatch(/Nothing in this workbook was recognised/);
    await checkStep(page, "03c-build-blocked");
    await page.close();
  });

  test("Explain uses plain labels; the build's progress text appears once", async () => {
    const page = await openPreview();
    await openFile(page, { name: FIXTURE_NAME, buffer: Buffer.from(await dsgFormulaWorkbook()) });
    await page.getByText(`Read ${FIXTURE_NAME}`).waitFor();
    await page.getByRole("tab", { name: "Explain" }).click();
    await page.getByRole("button", { name: "Register!E2" }).click();
    const result = page.getByRole("region", { name: /Register!E2/ });
    const inputs = result.getByRole("list", { name: "What each input was given" });
    await inputs.waitFor();
    const text = await inputs.innerText();
    expect(text).toMatch(/Hours a week/);
    expect(text).toMatch(/Pupils sharing the support/);
    expect(text).not.toMatch(/hoursPerWeek|groupSize/);
    // The try form's fields carry the same labels.
    await expect(page.getByLabel("Hours a week").count()).resolves.toBe(1);
    await checkStep(page, "04b-explain-formula");

    // Progress: one progress bar, one line of text.
    await page.getByRole("tab", { name: "Sources" }).click();
    await openFile(page, path.join(ROOT, "samples/council-large.xlsx"));
    await page.getByText("Read council-large.xlsx").waitFor({ timeout: 60_000 });
    await page.getByRole("tab", { name: "Build" }).click();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
    await page.getByRole("button", { name: "Build the papers" }).click();
    await page.getByRole("progressbar", { name: "Building the papers" }).waitFor();
    await page
      .getByRole("status")
      .filter({ hasText: /% done/ })
      .waitFor();
    // Read the step and count it in one go, so the build cannot move on in between.
    const { stepName, occurrences } = await page.evaluate(() => {
      const status = Array.from(document.querySelectorAll("[role=status]")).find((e) =>
        /% done/.test(e.textContent ?? ""),
      );
      const t = /% done\. (.+)\.$/.exec((status?.textContent ?? "").trim())?.[1] ?? "";
      return { stepName: t, occurrences: t ? document.body.innerText.split(t).length - 1 : 0 };
    });
    expect(stepName).not.toBe("");
    await screenshot(page, `pane-${name}-03a-build-running`);
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByText("Build cancelled").waitFor({ timeout: 60_000 });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    expect({ stepName, occurrences }).toEqual({ stepName, occurrences: 1 });
    await page.close();
  });
});
