/**
 * Browser-test harness: build the preview (when its sources changed), serve it on 127.0.0.1, drive
 * Debian's chromium with playwright-core, record every network request, run axe-core.
 *
 * Playwright's own browser download does not work here, so the harness uses the system chromium
 * (CHROMIUM_PATH, else /usr/bin/chromium). Without it: under CI=true the tests fail with the
 * install command; elsewhere they are skipped with the same message.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const ROOT = path.resolve(__dirname, "../..");
export const ARTIFACTS = path.join(ROOT, "test/artifacts/preview");
export const PREVIEW_DIR = path.join(ROOT, "out/preview");
export const INSTALL_HINT = "install with: apt-get install -y chromium";

/** The chromium to drive, or undefined when there is none. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
    Boolean,
  ) as string[];
  return candidates.find((p) => fs.existsSync(p));
}

/** Newest modification time of the files under `dir` (recursively) that `keep` accepts. */
export function newestMtime(dir: string, keep: (file: string) => boolean = () => true): number {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, keep));
    else if (keep(full)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** When the inputs of a webpack build last changed: src/, webpack.config.js, package.json. */
export function sourcesMtime(): number {
  return Math.max(
    newestMtime(path.join(ROOT, "src")),
    fs.statSync(path.join(ROOT, "webpack.config.js")).mtimeMs,
    fs.statSync(path.join(ROOT, "package.json")).mtimeMs,
  );
}

/**
 * Run webpack (production) unless `marker` is newer than every source. Returns what it did.
 * @param args extra webpack arguments, e.g. ["--env", "preview"]
 */
export function buildIfStale(marker: string, args: readonly string[]): "fresh" | "built" {
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= sourcesMtime()) return "fresh";
  const webpack = path.join(ROOT, "node_modules/webpack-cli/bin/cli.js");
  const run = spawnSync(process.execPath, [webpack, "--mode", "production", ...args], {
    cwd: ROOT,
    // A production build needs its hosting address (webpack.config.js); these builds are measured,
    // not hosted, so the dev server's address does.
    env: { ADDIN_BASE_URL: "https://localhost:3000/", ...process.env },
    encoding: "utf8",
    timeout: 5 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0)
    throw new Error(`webpack ${args.join(" ")} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  return "built";
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};

/** A static server for a folder on 127.0.0.1 and a free port. */
export async function serve(dir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rel = decodeURIComponent(url.pathname === "/" ? "/index.html" : url.pathname);
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A headless chromium with a fresh profile. */
export async function launch(
  executablePath: string,
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "forum-papers-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 900, height: 1000 },
    locale: "en-GB",
    // Fluent's motion (the accordion opening) respects this, so screenshots show settled pages.
    reducedMotion: "reduce",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The requests that left the preview's own origin. */
export function foreignRequests(urls: readonly string[], origin: string): string[] {
  return urls.filter(
    (u) =>
      !(
        u.startsWith(`${origin}/`) ||
        u === origin ||
        u.startsWith(`blob:${origin}/`) ||
        u.startsWith("data:")
      ),
  );
}

/** An axe-core violation, as the report needs it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/**
 * Whether a violation node is Tabster's focus trap bumper: Fluent UI v9 (through Tabster) adds
 * `<i tabindex="0" aria-hidden="true" data-tabster-dummy>` elements that pass focus straight on to
 * the real element. They are focusable and aria-hidden on purpose (a screen reader must not announce
 * them), so axe's aria-hidden-focus rule flags them. Tabster and Fluent call it a false positive
 * (microsoft/tabster#288, microsoft/fluentui#25133) and Accessibility Insights leaves these nodes out
 * (microsoft/accessibility-insights-web#7605); so does this check, for that rule and those nodes only.
 */
function isTabsterBumper(ruleId: string, html: string): boolean {
  return ruleId === "aria-hidden-focus" && /data-tabster-dummy/.test(html);
}

/** The result of an axe-core scan: serious and critical violations, and the known false positives left out. */
export interface AxeScan {
  readonly serious: AxeViolation[];
  readonly ignored: { id: string; nodes: number }[];
}

/** Run axe-core on the page; returns the serious and critical violations. */
export async function axeSerious(page: Page): Promise<AxeScan> {
  const loaded = await page.evaluate(
    () => typeof (window as unknown as { axe?: unknown }).axe !== "undefined",
  );
  if (!loaded) await page.addScriptTag({ path: path.join(ROOT, "node_modules/axe-core/axe.min.js") });
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations;
  })) as AxeViolation[];
  const serious: AxeViolation[] = [];
  const ignored: { id: string; nodes: number }[] = [];
  for (const v of violations) {
    if (v.impact !== "serious" && v.impact !== "critical") continue;
    const nodes = v.nodes.filter((n) => !isTabsterBumper(v.id, n.html));
    if (nodes.length < v.nodes.length) ignored.push({ id: v.id, nodes: v.nodes.length - nodes.length });
    if (nodes.length > 0) {
      serious.push({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200) })),
      });
    }
  }
  return { serious, ignored };
}

/** Save a full-page screenshot under test/artifacts/preview/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * The browser tests' gate: chromium's path and the `describe` to run them with. Without chromium
 * the tests are skipped with a warning on a developer's machine, and under CI=true a failing test
 * says how to install it (a missing tool never passes quietly).
 *
 * @param what the tests, for the messages: "The pane's comparison test"
 */
export function withChromium(what: string): { browser: string | undefined; describe: jest.Describe } {
  const browser = chromiumPath();
  if (!browser && process.env.CI === "true") {
    test("chromium is installed", () => {
      throw new Error(`${what} needs chromium: ${INSTALL_HINT}`);
    });
  }
  if (!browser) console.warn(`${what} skipped: chromium not found (${INSTALL_HINT}).`);
  return { browser, describe: browser ? describe : describe.skip };
}
