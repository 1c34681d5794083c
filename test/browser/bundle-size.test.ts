/**
 * Size budgets for what Excel loads, measured on a production build in dist/ (built here when
 * dist/ is missing or older than the sources), each script gzipped with zlib as a server would
 * send it:
 * - at start, the shared runtime runs functions.js (the DSG.* functions) and taskpane.js (the small
 *   entry that waits for Office): together at most 60 KB gzip, so the functions are ready fast;
 * - the pane UI chunk (React, Fluent UI, the steps), loaded by dynamic import(): at most 300 KB gzip;
 * - the Office host chunk (the host, the Office adapter, the readers and builders), loaded beside
 *   the pane UI once Office is ready: at most 150 KB gzip. The xlsx engine (ExcelJS, JSZip) is for
 *   files (the command and the browser preview): no chunk the Office pane loads may carry it.
 * Also checks the loading order in taskpane.html: office.js, then functions.js, then taskpane.js.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { ROOT, buildIfStale } from "./harness";

jest.setTimeout(420_000);

const DIST = path.join(ROOT, "dist");
const KB = 1024;
const START_BUDGET = 60 * KB;
const PANE_UI_BUDGET = 300 * KB;
const OFFICE_HOST_BUDGET = 150 * KB;

/**
 * Text that only the xlsx engine carries, as it survives minifying: an ExcelJS error message
 * (lib/doc/workbook.js) and JSZip's (lib/zipEntries.js, also in ExcelJS's own bundled copy).
 */
const XLSX_ENGINE_MARKERS = ["exceeds 31 chars", "Corrupted zip"];

const gzip = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(DIST, file)), { level: 9 }).length;

let scripts: { file: string; raw: number; gz: number }[] = [];

beforeAll(() => {
  buildIfStale(path.join(DIST, "taskpane.html"), []);
  scripts = fs
    .readdirSync(DIST)
    .filter((f) => f.endsWith(".js"))
    .map((file) => ({ file, raw: fs.statSync(path.join(DIST, file)).size, gz: gzip(file) }))
    .sort((a, b) => a.file.localeCompare(b.file));
  const rows = scripts.map(
    (s) =>
      `  ${s.file.padEnd(32)} ${(s.raw / KB).toFixed(1).padStart(8)} KB ${(s.gz / KB).toFixed(1).padStart(8)} KB gzip`,
  );
  console.log(`dist/ scripts:\n${rows.join("\n")}`);
}, 420_000);

const find = (pattern: RegExp) => scripts.filter((s) => pattern.test(s.file));

test("what loads at start (functions.js + taskpane.js) is at most 60 KB gzip", () => {
  const start = [...find(/^functions\.js$/), ...find(/^taskpane\.js$/)];
  expect(start.map((s) => s.file)).toEqual(["functions.js", "taskpane.js"]);
  const total = start.reduce((n, s) => n + s.gz, 0);
  expect({ total, budget: START_BUDGET, within: total <= START_BUDGET }).toMatchObject({ within: true });
});

test("the pane UI chunk is at most 300 KB gzip", () => {
  const ui = find(/^pane-ui(\.[0-9a-f]+)?\.js$/);
  expect(ui).toHaveLength(1);
  expect({ gz: ui[0].gz, budget: PANE_UI_BUDGET, within: ui[0].gz <= PANE_UI_BUDGET }).toMatchObject({
    within: true,
  });
});

test("the pane is lazy: the start scripts do not contain React or Fluent UI", () => {
  const entry = fs.readFileSync(path.join(DIST, "taskpane.js"), "utf8");
  expect(entry).not.toMatch(/react-dom|FluentProvider|fui-FluentProvider/);
  expect(entry).toMatch(/pane-ui/);
  const functions = fs.readFileSync(path.join(DIST, "functions.js"), "utf8");
  expect(functions).toMatch(/CustomFunctions\.associate\("HOURSCOST"/);
  expect(functions).not.toMatch(/fui-FluentProvider/);
});

test("taskpane.html loads office.js, then the functions, then the pane entry", () => {
  const html = fs.readFileSync(path.join(DIST, "taskpane.html"), "utf8");
  // The production page is minified: attribute quotes may be dropped (<script defer src=functions.js>).
  const order = [...html.matchAll(/<script[^>]*\ssrc=["']?([^"' >]+)/g)].map((m) =>
    m[1].replace(/^.*\//, ""),
  );
  expect(order).toEqual(["office.js", "functions.js", "taskpane.js"]);
});

test("the Office host chunk is at most 150 KB gzip", () => {
  const host = find(/^office-host(\.[0-9a-f]+)?\.js$/);
  expect(host).toHaveLength(1);
  expect({
    gz: host[0].gz,
    budget: OFFICE_HOST_BUDGET,
    within: host[0].gz <= OFFICE_HOST_BUDGET,
  }).toMatchObject({
    within: true,
  });
});

test("nothing the Office pane loads until a previous papers file is picked carries the xlsx engine (ExcelJS, JSZip)", () => {
  // dist/ is the Excel build. The xlsx engine chunk is there only for "compare with the papers from
  // the last meeting" (app/previous.ts imports the reader on demand); every other script must be
  // free of it, and the host chunk may reach it only by a dynamic import.
  expect(scripts.length).toBeGreaterThanOrEqual(4);
  const onDemand = scripts.filter((s) => /^xlsx-engine(\.[0-9a-f]+)?\.js$/.test(s.file));
  expect(onDemand.length).toBeLessThanOrEqual(1);
  const carrying = scripts
    .filter((s) => !onDemand.includes(s))
    .flatMap((s) => {
      const text = fs.readFileSync(path.join(DIST, s.file), "utf8");
      return XLSX_ENGINE_MARKERS.filter((m) => text.includes(m)).map((m) => `${s.file}: "${m}"`);
    });
  expect(carrying).toEqual([]);
});

test("the engine markers are real: the preview's xlsx engine chunk carries both", () => {
  // The same build rule gives the browser preview (out/preview) its lazily loaded engine chunk.
  const preview = path.join(ROOT, "out", "preview");
  buildIfStale(path.join(preview, "index.html"), ["--env", "preview"]);
  const engine = fs.readdirSync(preview).filter((f) => /^xlsx-engine(\.[0-9a-f]+)?\.js$/.test(f));
  expect(engine).toHaveLength(1);
  const text = fs.readFileSync(path.join(preview, engine[0]), "utf8");
  expect(XLSX_ENGINE_MARKERS.filter((m) => text.includes(m))).toEqual(XLSX_ENGINE_MARKERS);
});
