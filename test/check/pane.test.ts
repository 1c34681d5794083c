/**
 * The pane runs the publication check on the papers it builds: in the browser preview (Debian's
 * chromium), build the sample's papers and read the Build step's "Publication check" part; it
 * must say what checkPublication says of the downloaded workbook, run here in Node, failure for
 * failure. The step is scanned with axe-core (no serious or critical violations).
 */
import { promises as fs } from "fs";
import * as path from "path";
import type { Page } from "playwright-core";
import { checkPublication, RULES } from "../../src/app/publication-check";
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
} from "../browser/harness";

jest.setTimeout(240_000);

const SAMPLE = path.join(ROOT, "samples/council-sample.xlsx");

const { browser, describe: describeWithChromium } = withChromium("The pane's publication check test");

describeWithChromium("the pane's publication check", () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;

  beforeAll(async () => {
    buildIfStale(path.join(PREVIEW_DIR, "index.html"), ["--env", "preview"]);
    await fs.mkdir(ARTIFACTS, { recursive: true });
    server = await serve(PREVIEW_DIR);
    chrome = await launch(browser!);
  }, 420_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it("shows, in the Build step, what the check says of the downloaded papers", async () => {
    const page: Page = await chrome.context.newPage();
    await page.goto(server.origin, { waitUntil: "load" });
    await page.getByRole("heading", { level: 1, name: "Forum Papers" }).waitFor();
    await page.getByLabel("Council workbook (.xlsx)").setInputFiles(SAMPLE);
    await page.getByText("Read council-sample.xlsx").waitFor();
    await page.getByRole("button", { name: "Use this mapping" }).click();
    await page.getByLabel("Meeting date").fill("03/12/2026");
    await page.getByRole("button", { name: "Build the papers" }).click();
    const link = page.getByRole("link", { name: /^Download the papers/ });
    await link.waitFor({ timeout: 120_000 });
    const heading = page.getByRole("heading", { name: "Publication check" });
    await heading.waitFor();
    await heading.scrollIntoViewIfNeeded();
    await screenshot(page, "check-build-publication");
    const scan = await axeSerious(page);
    expect(scan.serious).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const report = await checkPublication(new Uint8Array(await fs.readFile(await download.path())), "papers");
    const shown = await page.getByRole("list", { name: "Publication rules that failed" }).count();
    if (report.passed) {
      await page.getByText(/^Passes all 10 publication rules/).waitFor();
      expect(shown).toBe(0);
    } else {
      const items = await page
        .getByRole("list", { name: "Publication rules that failed" })
        .getByRole("listitem")
        .allInnerTexts();
      expect(items).toHaveLength(report.failures.length);
      report.failures.forEach((f, i) => {
        expect(items[i]).toContain(RULES[f.rule].title);
        expect(items[i]).toContain(f.message);
        expect(items[i]).toContain(f.fix);
      });
    }
    await page.close();
  });
});
