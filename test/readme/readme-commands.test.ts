/**
 * The README's commands that start something, run as a newcomer would: in a fresh copy of the
 * project with no build output (no dist/, out/ or build/), fetching what each serves or checking
 * what it writes.
 *
 * - `npm run preview`: the browser preview on 127.0.0.1; its page and script are fetched.
 * - `npm run dev-server`: the add-in over https on localhost; taskpane.html, functions.json and the
 *   manifest are fetched. With the Office developer certificate already set up in this user's home
 *   (~/.office-addin-dev-certs) it must be used; otherwise it must start on the documented
 *   self-signed fallback and say so. Its HOME is then a temporary folder, so the attempt to make a
 *   certificate writes nothing to the real one.
 * - `npm install && npm run demo`: before `npm install`'s prepare step the command says its compiled
 *   form is missing; after it, the demo builds out/forum-papers.xlsx.
 *
 * The fresh copy: under CI (CI=true) a `git clone` of the repository's HEAD, which is what CI has
 * checked out. Elsewhere a copy of the working tree's files that git would commit (tracked and
 * untracked, less what .gitignore ignores), so uncommitted work is tested too; set
 * FORUM_PAPERS_README_FROM=clone to test HEAD instead. node_modules is a symlink to this
 * project's, so nothing is installed (and `npm install` itself is not run: its prepare step is).
 *
 * Servers listen on loopback only, on free ports, and are stopped (their whole process group)
 * after each test; every wait is bounded.
 */
import { spawn, spawnSync, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import type { TLSSocket } from "tls";
import JSZip from "jszip";

const ROOT = path.resolve(__dirname, "../..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
/** How long a server may take to compile and start (a production webpack build on a busy machine). */
const START_TIMEOUT_MS = 300_000;

jest.setTimeout(START_TIMEOUT_MS + 60_000);

const fromClone = process.env.FORUM_PAPERS_README_FROM
  ? process.env.FORUM_PAPERS_README_FROM === "clone"
  : process.env.CI === "true";

let tmp: string;
let tree: string;

/** The files git would commit: tracked ones still on disk and untracked ones not ignored. */
function workingTreeFiles(): string[] {
  const run = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`git ls-files failed: ${run.stderr}`);
  return run.stdout.split("\0").filter((f) => f && fs.existsSync(path.join(ROOT, f)));
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "forum-papers-readme-"));
  tree = path.join(tmp, "forum-papers");
  if (fromClone) {
    const clone = spawnSync("git", ["clone", "--quiet", "--no-hardlinks", ROOT, tree], { encoding: "utf8" });
    if (clone.status !== 0) throw new Error(`git clone failed: ${clone.stderr}`);
  } else {
    for (const file of workingTreeFiles()) {
      fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(tree, file));
    }
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(tree, "node_modules"), "dir");
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A port nothing listens on at the moment, on loopback. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A command started in the fresh tree, in its own process group, its output collected. */
interface Started {
  readonly child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(command, args, { cwd: tree, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout!.on("data", (d) => (text += d));
  child.stderr!.on("data", (d) => (text += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    output: () => text,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const group = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
      };
      group("SIGTERM");
      const killed = setTimeout(() => group("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killed);
    },
  };
}

/** Waits until `output` matches, the process exits, or the time runs out (then throws with the output). */
async function waitFor(run: Started, pattern: RegExp, timeoutMs = START_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.output())) {
    if (run.child.exitCode !== null) {
      throw new Error(`exited ${run.child.exitCode} before printing ${pattern}:\n${run.output()}`);
    }
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface Fetched {
  status: number;
  type: string;
  body: string;
  issuer?: string;
}

/** GET a URL on loopback (http, or https accepting the dev server's certificate whoever issued it). */
function get(url: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage) => {
      const cn = (res.socket as TLSSocket).getPeerCertificate?.()?.issuer?.CN;
      const issuer = cn === undefined ? undefined : String(cn);
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body, issuer }),
      );
    };
    const request = url.startsWith("https:")
      ? https.get(url, { rejectUnauthorized: false, timeout: 60_000 }, onResponse)
      : http.get(url, { timeout: 60_000 }, onResponse);
    request.on("timeout", () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on("error", reject);
  });
}

/** The lines of the README's shell code blocks. */
const readmeCommands = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
  m[1].split("\n").map((line) => line.replace(/\s+#.*$/, "").trim()),
);

test("the fresh copy has no build output", () => {
  for (const dir of ["dist", "out", "build", "release"])
    expect(fs.existsSync(path.join(tree, dir))).toBe(false);
});

test("the README documents the commands tested here", () => {
  expect(readmeCommands).toEqual(
    expect.arrayContaining(["npm install && npm run demo", "npm run preview", "npm run dev-server"]),
  );
});

test("npm run preview serves the preview on 127.0.0.1", async () => {
  const port = await freePort();
  const run = start("npm", ["run", "preview"], { ...process.env, FORUM_PAPERS_PREVIEW_PORT: String(port) });
  try {
    await waitFor(run, /compiled successfully|compiled with \d+ error|\[webpack-dev-middleware\] Error/);
    expect(run.output()).toMatch(/compiled successfully/);
    // The size report, which used to read a file the dev server keeps in memory.
    expect(run.output()).toMatch(/Script sizes[\s\S]*preview\.js/);
    const page = await get(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain("<title>Forum Papers");
    expect(page.body).toMatch(/<script[^>]*src=["']?preview\.js/);
    const script = await get(`http://127.0.0.1:${port}/preview.js`);
    expect({ status: script.status, type: script.type }).toMatchObject({ status: 200 });
    expect(script.type).toMatch(/javascript/);
    expect(script.body.length).toBeGreaterThan(1000);
  } finally {
    await run.stop();
  }
});

describe("npm run dev-server", () => {
  const certDir = path.join(os.homedir(), ".office-addin-dev-certs");
  const haveDevCerts = fs.existsSync(path.join(certDir, "localhost.crt"));
  // Without sudo on PATH the certificate cannot be installed, so the fallback is what happens; with
  // sudo, trying would change this machine's trusted certificates, so ask for the fallback instead.
  const haveSudo = !spawnSync("sudo", ["--version"]).error;

  test(
    haveDevCerts
      ? "serves https on localhost with the Office developer certificate"
      : "serves https on localhost with the documented self-signed fallback",
    async () => {
      const port = await freePort();
      const home = path.join(tmp, "home");
      fs.mkdirSync(home, { recursive: true });
      const env: NodeJS.ProcessEnv = { ...process.env, FORUM_PAPERS_DEV_SERVER_PORT: String(port) };
      delete env.FORUM_PAPERS_SELF_SIGNED;
      if (!haveDevCerts) env.HOME = home;
      if (!haveDevCerts && haveSudo) env.FORUM_PAPERS_SELF_SIGNED = "1";
      const run = start("npm", ["run", "dev-server"], env);
      try {
        await waitFor(run, /compiled successfully|compiled with \d+ error|\[webpack-dev-middleware\] Error/);
        expect(run.output()).toMatch(/compiled successfully/);
        if (haveDevCerts) {
          expect(run.output()).not.toContain("self-signed");
        } else if (haveSudo) {
          expect(run.output()).toContain("FORUM_PAPERS_SELF_SIGNED=1: using a self-signed certificate");
        } else {
          expect(run.output()).toContain("Could not set up the Office developer certificate");
          expect(run.output()).toContain("Serving https with a self-signed certificate instead");
          expect(run.output()).toContain("npx office-addin-dev-certs install");
        }
        const base = `https://localhost:${port}`;
        const page = await get(`${base}/taskpane.html`);
        expect(page.status).toBe(200);
        expect(page.body).toMatch(/<script[^>]*src=["']?functions\.js/);
        expect(page.body).toMatch(/<script[^>]*src=["']?taskpane\.js/);
        if (haveDevCerts) expect(page.issuer).toMatch(/Developer CA for Microsoft Office Add-ins/);
        const metadata = await get(`${base}/functions.json`);
        expect(metadata.status).toBe(200);
        const functions = JSON.parse(metadata.body).functions as Array<{ id: string }>;
        expect(functions.length).toBeGreaterThan(5);
        const manifest = await get(`${base}/manifest.xml`);
        expect(manifest.status).toBe(200);
        expect(manifest.body).toContain('<DisplayName DefaultValue="Forum Papers"/>');
      } finally {
        await run.stop();
      }
    },
  );
});

describe("npm install && npm run demo", () => {
  const node = (args: string[]) =>
    spawnSync(process.execPath, args, { cwd: tree, encoding: "utf8", timeout: 120_000 });

  test("before npm install, the command says its compiled form is missing and how to make it", () => {
    const run = node(["bin/forum-papers.js", "--version"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("the compiled command is missing");
    expect(run.stderr).toContain("npm install");
    expect(run.stderr).not.toMatch(/\n\s+at /); // one message, not a stack trace
  });

  test("npm install's prepare step compiles it; the demo builds out/forum-papers.xlsx", async () => {
    const prepare = spawnSync("npm", ["run", "prepare"], { cwd: tree, encoding: "utf8", timeout: 120_000 });
    expect({ status: prepare.status, stderr: prepare.stderr }).toMatchObject({ status: 0 });
    const version = node(["bin/forum-papers.js", "--version"]);
    expect(version.stdout.trim()).toBe(
      JSON.parse(fs.readFileSync(path.join(tree, "package.json"), "utf8")).version,
    );

    const demo = spawnSync("npm", ["run", "demo"], { cwd: tree, encoding: "utf8", timeout: 300_000 });
    expect({ status: demo.status, stderr: demo.stderr }).toMatchObject({ status: 0 });
    // The README's six papers, from its sample workbook, into the file it names.
    expect(demo.stdout).toContain("Built 6 papers from council-sample.xlsx into out/forum-papers.xlsx");
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(tree, "out/forum-papers.xlsx")));
    const workbook = await zip.file("xl/workbook.xml")!.async("string");
    const sheets = [...workbook.matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((m) => m[1]);
    expect(sheets).toEqual(expect.arrayContaining(["Cover", "Contents", "HNB monitoring", "Checks"]));
  });
});
