/**
 * The production build for hosting: `ADDIN_BASE_URL=… npm run build` (webpack, into a temporary
 * folder here, so the dist/ other tests measure is left alone), then
 * - its manifest through the offline schema check (xmllint) and the checks the schema cannot
 *   make, with every URL under the base address and every file it names present in the build;
 * - the build is self-contained: relative script paths, nothing that names the dev server;
 * - without ADDIN_BASE_URL, or with an http one, the build stops with a message saying what to set;
 * - `npm run package`'s zip: the manifest, the site, and a SHA-256 line per file that holds;
 * - the built taskpane.html in chromium with a feature the pane needs taken away (as in the old
 *   web views of older Office on Windows) says plainly that it cannot run, instead of "Starting…".
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { createHash } from "crypto";
import { checkManifest, parseXml, type XmlElement } from "./manifest-check";
import { IN_CI, schemaCheckMissing, xmllint } from "./xmllint";
import { PackageError, packageRelease } from "../../scripts/package-release";
import { INSTALL_HINT, chromiumPath, launch, serve } from "../browser/harness";

jest.setTimeout(420_000);

const ROOT = path.resolve(__dirname, "../..");
const WEBPACK = path.join(ROOT, "node_modules/webpack-cli/bin/cli.js");
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
/** Given without the trailing "/", which the build adds. */
const BASE_GIVEN = "https://addins.example.test/forum-papers";
const BASE = `${BASE_GIVEN}/`;

/** A production webpack build of the add-in into `outDir`, with `env` added to the environment. */
function webpackBuild(outDir: string, env: Record<string, string | undefined>) {
  const environment: NodeJS.ProcessEnv = { ...process.env };
  delete environment.ADDIN_BASE_URL;
  for (const [name, value] of Object.entries(env)) if (value !== undefined) environment[name] = value;
  return spawnSync(process.execPath, [WEBPACK, "--mode", "production", "--output-path", outDir], {
    cwd: ROOT,
    env: environment,
    encoding: "utf8",
    timeout: 6 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

let tmp: string;
let dist: string;
let manifest: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "forum-papers-production-"));
  dist = path.join(tmp, "dist");
  const run = webpackBuild(dist, { ADDIN_BASE_URL: BASE_GIVEN });
  if (run.status !== 0)
    throw new Error(`the production build failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  manifest = fs.readFileSync(path.join(dist, "manifest.xml"), "utf8");
}, 420_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Every element under `el`. */
function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const child of el.children) yield* walk(child);
}

/** Every http(s) URL in the manifest's attributes and text, namespace names excepted. */
function urlsIn(xml: string): string[] {
  const urls: string[] = [];
  for (const el of walk(parseXml(xml))) {
    for (const [name, value] of Object.entries(el.attrs)) {
      if (name !== "xmlns" && !name.startsWith("xmlns:") && /^https?:/.test(value)) urls.push(value);
    }
    if (el.children.length === 0 && /^https?:/.test(el.text.trim())) urls.push(el.text.trim());
  }
  return urls;
}

describe("the production manifest, built with ADDIN_BASE_URL", () => {
  const missing = schemaCheckMissing();
  const schemaTest = missing && !IN_CI ? test.skip : test;

  schemaTest(`validates against the Office XSD schemas (xmllint)${missing ? `: ${missing}` : ""}`, () => {
    if (missing) throw new Error(`CI=true and ${missing}`);
    const file = path.join(dist, "manifest.xml");
    const { status, output } = xmllint(file);
    expect({ status, output: output.trim() }).toEqual({ status: 0, output: `${file} validates` });
  });

  test("passes the checks the schema cannot make, against the built site", () => {
    expect(checkManifest(manifest, { root: dist, namespace: "DSG", baseUrl: BASE, siteDir: dist })).toEqual(
      [],
    );
  });

  test("every URL is under the base address; the AppDomain is its origin", () => {
    // The places the manifest names a URL, written out here so that one left behind shows.
    const expected = [
      "assets/icon-32.png", // IconUrl
      "assets/icon-64.png", // HighResolutionIconUrl
      "help.html", // SupportUrl
      "taskpane.html", // DefaultSettings SourceLocation
      "assets/icon-16.png",
      "assets/icon-32.png",
      "assets/icon-80.png",
      "functions.js",
      "functions.json",
      "taskpane.html",
      "help.html", // GetStarted LearnMoreUrl
    ].map((rel) => `${BASE}${rel}`);
    const urls = urlsIn(manifest);
    expect(urls.filter((u) => u !== "https://addins.example.test").sort()).toEqual(expected.sort());
    expect(/<AppDomain>([^<]*)<\/AppDomain>/.exec(manifest)?.[1]).toBe("https://addins.example.test");
  });

  test("its <Version> is package.json's, x.y.z.0", () => {
    expect(/<Version>([^<]*)<\/Version>/.exec(manifest)?.[1]).toBe(`${version}.0`);
  });
});

describe("the built site works copied as it is to a static host", () => {
  test("taskpane.html loads its scripts by relative paths, office.js from Microsoft's CDN", () => {
    const html = fs.readFileSync(path.join(dist, "taskpane.html"), "utf8");
    const sources = [...html.matchAll(/<script[^>]*\ssrc=["']?([^"'\s>]+)/g)].map((m) => m[1]);
    expect(sources).toEqual([
      "https://appsforoffice.microsoft.com/lib/1/hosted/office.js",
      "functions.js",
      "taskpane.js",
    ]);
  });

  test("no built file names the dev server", () => {
    const files = fs.readdirSync(dist, { recursive: true, encoding: "utf8" });
    const naming = files.filter((f) => {
      const full = path.join(dist, f);
      return fs.statSync(full).isFile() && fs.readFileSync(full, "latin1").includes("localhost:3000");
    });
    // manifest.xml's opening comment explains the dev-server URLs; only that mention may stay.
    expect(naming.filter((f) => f !== "manifest.xml")).toEqual([]);
    expect(manifest.replace(/<!--[\s\S]*?-->/g, "")).not.toContain("localhost");
  });

  test("every function's helpUrl is under the base address and names a help page in the build", () => {
    const { functions } = JSON.parse(fs.readFileSync(path.join(dist, "functions.json"), "utf8")) as {
      functions: { id: string; helpUrl?: string }[];
    };
    expect(functions.length).toBeGreaterThanOrEqual(12);
    for (const fn of functions) {
      const url = fn.helpUrl ?? "";
      expect({ fn: fn.id, underBase: url.startsWith(BASE) }).toEqual({ fn: fn.id, underBase: true });
      const page = path.join(dist, url.slice(BASE.length));
      expect({ fn: fn.id, page: url.slice(BASE.length), exists: fs.existsSync(page) }).toMatchObject({
        exists: true,
      });
      // The page is the function's own: its title names it.
      expect(fs.readFileSync(page, "utf8")).toContain(`<h1>DSG.${fn.id}</h1>`);
    }
  });

  test("the lazy chunks are found relative to the script that loads them (publicPath auto)", () => {
    const entry = fs.readFileSync(path.join(dist, "taskpane.js"), "utf8");
    expect(entry).toContain("currentScript");
    expect(entry).not.toMatch(/https?:\/\/[a-z0-9.-]+:\d+\//i);
  });
});

describe("a production build without a usable ADDIN_BASE_URL stops", () => {
  test("unset: exit 2 and a message saying to set it, with an example", () => {
    const out = path.join(tmp, "unset");
    const run = webpackBuild(out, {});
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("ADDIN_BASE_URL is not set");
    expect(run.stderr).toContain("ADDIN_BASE_URL=https://");
    expect(fs.existsSync(out)).toBe(false);
  });

  test("an http address: exit 2, https is required", () => {
    const run = webpackBuild(path.join(tmp, "http"), { ADDIN_BASE_URL: "http://addins.example.test/" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("must be an https URL");
  });

  test("not a URL: exit 2", () => {
    const run = webpackBuild(path.join(tmp, "junk"), { ADDIN_BASE_URL: "addins.example.test" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("is not a URL");
  });
});

describe("npm run package: release/forum-papers-<version>.zip", () => {
  test("holds the manifest, the site and a SHA-256 line for every file, each one right", async () => {
    const release = path.join(tmp, "release");
    const { zipPath } = await packageRelease(dist, release, version);
    expect(path.basename(zipPath)).toBe(`forum-papers-${version}.zip`);
    const zip = await JSZip.loadAsync(fs.readFileSync(zipPath));
    const top = `forum-papers-${version}/`;
    const entries = Object.values(zip.files).filter((f) => !f.dir);
    const names = entries.map((f) => f.name).sort();
    const site = fs
      .readdirSync(dist, { recursive: true, encoding: "utf8" })
      .filter((f) => fs.statSync(path.join(dist, f)).isFile())
      .map((f) => `${top}site/${f.split(path.sep).join("/")}`);
    expect(names).toEqual([`${top}SHA256SUMS`, `${top}manifest.xml`, ...site].sort());

    const sums = (await zip.file(`${top}SHA256SUMS`)!.async("string")).trim().split("\n");
    expect(sums).toHaveLength(names.length - 1);
    for (const line of sums) {
      const [hex, rel] = line.split("  ");
      const bytes = await zip.file(`${top}${rel}`)!.async("nodebuffer");
      expect({ rel, hex }).toEqual({ rel, hex: createHash("sha256").update(bytes).digest("hex") });
    }
    // The manifest in the zip is the built one, and the site's files are the built bytes.
    expect(await zip.file(`${top}manifest.xml`)!.async("string")).toBe(manifest);
    const taskpane = await zip.file(`${top}site/taskpane.html`)!.async("nodebuffer");
    expect(taskpane.equals(fs.readFileSync(path.join(dist, "taskpane.html")))).toBe(true);
  });

  test("refuses a build whose manifest still points at localhost", async () => {
    const devSite = path.join(tmp, "dev-site");
    fs.mkdirSync(devSite);
    fs.copyFileSync(path.join(ROOT, "manifest.xml"), path.join(devSite, "manifest.xml"));
    await expect(packageRelease(devSite, path.join(tmp, "release-dev"), version)).rejects.toThrow(
      PackageError,
    );
    await expect(packageRelease(devSite, path.join(tmp, "release-dev"), version)).rejects.toThrow(
      /still points at localhost/,
    );
    expect(fs.existsSync(path.join(tmp, "release-dev"))).toBe(false);
  });

  test("refuses a manifest whose <Version> is not package.json's", async () => {
    await expect(packageRelease(dist, path.join(tmp, "release-v"), "9.9.9")).rejects.toThrow(
      `has <Version> ${version}.0; package.json 9.9.9 needs 9.9.9.0`,
    );
  });
});

describe("the built pane on a web view that cannot run it", () => {
  const browser = chromiumPath();
  if (!browser && IN_CI) {
    test("chromium is installed", () => {
      throw new Error(`This test needs chromium: ${INSTALL_HINT}`);
    });
    return;
  }
  const run = browser ? test : test.skip;

  /**
   * The status line of the built taskpane.html once loaded, after `removeFeature` ran before the
   * page's own scripts. Requests beyond the local server (office.js from Microsoft's CDN) are
   * refused: no network here, and the check must not depend on Office.
   */
  async function statusWith(removeFeature: string): Promise<{ text: string; flagged: string | null }> {
    const server = await serve(dist);
    const chrome = await launch(browser!);
    try {
      await chrome.context.route("**/*", (route) =>
        route.request().url().startsWith(server.origin) ? route.continue() : route.abort(),
      );
      const page = await chrome.context.newPage();
      await page.addInitScript(removeFeature);
      await page.goto(`${server.origin}/taskpane.html`, { waitUntil: "load" });
      const status = page.locator("#status");
      return {
        text: (await status.textContent()) ?? "",
        flagged: await status.getAttribute("data-unsupported"),
      };
    } finally {
      await chrome.close();
      await server.close();
    }
  }

  run("without fetch, the pane says this Office cannot run it and what is needed", async () => {
    const { text, flagged } = await statusWith("delete window.fetch;");
    expect(flagged).toBe("true");
    expect(text).toContain("Forum Papers cannot run in this version of Office");
    expect(text).toContain("WebView2");
    expect(text).not.toContain("Starting");
  });

  run("without Promise, the same", async () => {
    const { text } = await statusWith("window.Promise = undefined;");
    expect(text).toContain("Forum Papers cannot run in this version of Office");
  });

  run("without ES2017's Object.entries, the same", async () => {
    const { text } = await statusWith("delete Object.entries;");
    expect(text).toContain("Forum Papers cannot run in this version of Office");
  });

  run("in a browser that has them all, the message stays away", async () => {
    const { text, flagged } = await statusWith("void 0;");
    expect(flagged).toBeNull();
    expect(text).not.toContain("cannot run");
  });
});
