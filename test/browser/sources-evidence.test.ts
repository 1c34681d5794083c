/**
 * The Sources step shows why each table was read as its dataset (issue 8, item 5: "the pane's
 * Sources step shows the same evidence" as `forum-papers inspect`), in Debian's chromium on the
 * browser preview at the width Excel gives a task pane (350 × 800): under the sample's monitoring
 * table, a closed disclosure named for the table opens on each field's header score, what its
 * column holds and its checks, in words ("Passed: …"), and it all fits the pane with no serious
 * accessibility violation. Screenshots are kept at /tmp/h5-sources.png (the forecast's evidence)
 * and /tmp/h5-sources-top.png (the disclosure), and under test/artifacts/preview/.
 */
import * as path from "path";
import type { Page } from "playwright-core";
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
const SHOT = "/tmp/h5-sources.png";
const SHOT_TOP = "/tmp/h5-sources-top.png";

const { browser, describe: describeWithChromium } = withChromium("The browser tests");

describeWithChromium("the Sources step's evidence at 350 × 800", () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;

  beforeAll(async () => {
    buildIfStale(path.join(PREVIEW_DIR, "index.html"), ["--env", "preview"]);
    server = await serve(PREVIEW_DIR);
    chrome = await launch(browser!);
  }, 420_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  /** Elements whose right edge passes the pane's, and whether the page scrolls sideways. */
  async function overflow(page: Page): Promise<{ scrolls: boolean; wide: string[] }> {
    return page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const wide: string[] = [];
      for (const el of Array.from(document.querySelectorAll("body *"))) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.right > vw + 0.5 || r.left < -0.5)
          wide.push(`${el.tagName.toLowerCase()} ${r.left}–${r.right}`);
      }
      return { scrolls: document.documentElement.scrollWidth > vw, wide: wide.slice(0, 10) };
    });
  }

  test("under the monitoring table: each field's header score, content and checks", async () => {
    const page = await chrome.context.newPage();
    page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
    await page.setViewportSize({ width: 350, height: 800 });
    await page.goto(server.origin, { waitUntil: "load" });
    await page.getByLabel("Council workbook (.xlsx)").setInputFiles(SAMPLE);
    const tables = page.getByRole("list", { name: "Tables found in the workbook" });
    await tables.waitFor();

    // Closed at first, so the list of tables stays short.
    const disclosure = tables.getByRole("button", {
      name: "Why it was read as High Needs Block budget lines",
    });
    await expect(disclosure.getAttribute("aria-expanded")).resolves.toBe("false");
    await disclosure.click();
    await expect(disclosure.getAttribute("aria-expanded")).resolves.toBe("true");

    const fields = tables.getByRole("list", { name: /^Evidence for each field of HNB monitoring!A4:H\d+$/ });
    await fields.waitFor();
    const forecast = fields.getByRole("listitem").filter({ hasText: /^Forecast outturn: column E/ });
    await expect(forecast.innerText()).resolves.toMatch(/Header fits\s+100%/);
    await expect(forecast.innerText()).resolves.toMatch(/Holds\s+\d+ cells: \d+% numbers/);
    const checks = forecast.getByRole("list", { name: "Checks on Forecast outturn" });
    await expect(checks.innerText()).resolves.toMatch(
      /Passed: Forecast − budget equals "Variance £" \(column F\)/,
    );
    await expect(checks.innerText()).resolves.toMatch(/Passed: The forecast in total .* times the budget/);

    // Fits the pane, no serious accessibility problem, photographed.
    await expect(overflow(page)).resolves.toEqual({ scrolls: false, wide: [] });
    const scan = await axeSerious(page);
    expect(scan.serious).toEqual([]);
    await disclosure.evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: SHOT_TOP });
    await forecast.scrollIntoViewIfNeeded();
    await page.screenshot({ path: SHOT });
    await screenshot(page, "pane-350-01-sources-evidence");
    await page.close();
  });
});
