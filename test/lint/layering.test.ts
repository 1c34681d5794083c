/**
 * The layering in DESIGN.md is enforced by ESLint (import/no-restricted-paths in
 * eslint.config.mjs). These tests lint small fake files with the project's own config through the
 * ESLint Node API, so a config change that silently switches the rule off fails here.
 *
 * ESLint runs in a child process (lint-text.mjs): it loads its config with a dynamic import(),
 * which Jest's sandbox refuses. The imported targets are real files because no-restricted-paths
 * only judges imports that resolve: an import of a file that does not exist (e.g. "../papers/y"
 * while there is no src/papers/y.ts) is skipped by the rule and left to tsc, which npm test runs
 * first.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

interface LintMessage {
  ruleId: string | null;
  message: string;
  fatal: boolean;
}

const root = path.resolve(__dirname, "../..");

function lintFakeFiles(files: Array<{ filePath: string; text: string }>): LintMessage[][] {
  const run = spawnSync(process.execPath, [path.join(__dirname, "lint-text.mjs")], {
    cwd: root,
    input: JSON.stringify(files),
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`lint-text.mjs failed (${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout) as LintMessage[][];
}

/**
 * [fake file, import] pairs. The resolver looks for the import from the fake file's folder, and
 * fails (so the rule stays silent) when that folder is not on disk; git keeps no empty folders, so
 * the pairs for layers that have no files yet are run only once their folder exists.
 */
const hasFolder = ([file]: [string, string]) => fs.existsSync(path.dirname(path.join(root, file)));

/** One real file in each layer, for an import of that layer to resolve. */
const FILE_IN: Record<string, string> = {
  core: "core/errors",
  functions: "functions/functions",
  sources: "sources/datasets",
  papers: "papers/spec",
  workbook: "workbook/port",
  app: "app/pipeline",
  cli: "cli/main",
  taskpane: "taskpane/host",
};

/**
 * The layers each layer may not import, from the Layers tables of DESIGN.md and
 * docs/architecture.md, typed out here rather than read from eslint.config.mjs (the config is what
 * is under test). Core imports nothing outside core; functions and sources only core; papers core
 * and sources; workbook papers, core and the snapshot type; app the layers below the front ends;
 * the pane runs in the browser, so never the Node-only cli; the cli reaches the engine through
 * app (DESIGN.md: "cli … may import app"), so never the functions, and never the pane.
 */
const MAY_NOT: Record<string, string[]> = {
  core: ["functions", "sources", "papers", "workbook", "app", "cli", "taskpane"],
  functions: ["sources", "papers", "workbook", "app", "cli", "taskpane"],
  sources: ["functions", "papers", "workbook", "app", "cli", "taskpane"],
  papers: ["functions", "workbook", "app", "cli", "taskpane"],
  workbook: ["functions", "app", "cli", "taskpane"],
  app: ["cli", "taskpane"],
  cli: ["taskpane", "functions"],
  taskpane: ["cli"],
};
const layerForbidden = Object.entries(MAY_NOT).flatMap(([layer, targets]) =>
  targets.map((target): [string, string] => [`src/${layer}/x.ts`, `../${FILE_IN[target]}`]),
);

const forbidden = (
  [
    ...layerForbidden,
    // Of sources, the adapters see only the snapshot type they read into.
    ["src/workbook/x.ts", "../sources/read"],
    // Components reach data through hooks and the host, never the layers below directly.
    ["src/taskpane/ui/x.tsx", "../../sources/datasets"],
    ["src/taskpane/ui/x.tsx", "../../papers/house"],
    ["src/taskpane/ui/x.tsx", "../../workbook/port"],
    ["src/taskpane/ui/x.tsx", "../office-host"],
    // The preview entry loads the pane and the file host only.
    ["src/preview/x.ts", "../taskpane/office-host"],
    ["src/preview/x.ts", "../workbook/port"],
    // One paper builder never imports another, either way round.
    ["src/papers/transfer-impact.ts", "./dsg-summary"],
    ["src/papers/placement-summary.ts", "./banding-review"],
    ["src/papers/banding-review.ts", "./placement-summary"],
  ] as Array<[string, string]>
).filter(hasFolder);
const allowed = (
  [
    ["src/core/x.ts", "./errors"],
    ["src/functions/x.ts", "../core/errors"],
    ["src/sources/x.ts", "../core/errors"],
    ["src/taskpane/x.ts", "../functions/functions"],
    ["src/taskpane/x.ts", "../app/pipeline"],
    ["src/papers/x.ts", "../core/errors"],
    ["src/papers/x.ts", "../sources/datasets"],
    ["src/workbook/x.ts", "../papers/spec"],
    ["src/workbook/x.ts", "../sources/snapshot"],
    ["src/workbook/x.ts", "../core/errors"],
    ["src/app/x.ts", "../sources/datasets"],
    ["src/app/x.ts", "../papers/spec"],
    ["src/app/x.ts", "../workbook/port"],
    ["src/app/x.ts", "../core/errors"],
    ["src/cli/x.ts", "../app/pipeline"],
    ["src/taskpane/ui/x.tsx", "../hooks/useBuild"],
    ["src/taskpane/ui/x.tsx", "../host"],
    ["src/taskpane/ui/x.tsx", "./common"],
    ["src/preview/x.ts", "../taskpane/mount"],
    ["src/preview/x.ts", "../taskpane/file-host"],
    ["src/papers/transfer-impact.ts", "./common"],
    ["src/papers/transfer-impact.ts", "./house"],
  ] as Array<[string, string]>
).filter(hasFolder);

/** The preview loads its chunks with import(): the rule must see dynamic imports too. */
const dynamicForbidden: Array<[string, string]> = [["src/preview/y.ts", "../taskpane/office-host"]];

const cases = [...forbidden, ...allowed, ...dynamicForbidden];
let results: LintMessage[][];

beforeAll(() => {
  results = lintFakeFiles(
    cases.map(([filePath, target]) => ({
      filePath,
      text: dynamicForbidden.some(([f, t]) => f === filePath && t === target)
        ? `export const load = () => import("${target}");\n`
        : `import * as target from "${target}";\nexport const y = target;\n`,
    })),
  );
});

function restrictedPathMessages(file: string, target: string): string[] {
  const messages = results[cases.findIndex(([f, t]) => f === file && t === target)];
  const fatal = messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(fatal.map((m) => m.message).join("\n"));
  return messages.filter((m) => m.ruleId === "import/no-restricted-paths").map((m) => m.message);
}

describe("import layering (import/no-restricted-paths)", () => {
  test("the core and functions folders exist, so the core-imports-functions case always runs", () => {
    expect(forbidden[0]).toEqual(["src/core/x.ts", "../functions/functions"]);
  });

  /** The zone that must fire: the pane's components, the preview, a paper builder, the pane's Node ban, or the file's layer. */
  const zoneMessage = (file: string): string =>
    file.startsWith("src/taskpane/ui/")
      ? "src/taskpane/ui may import only"
      : file.startsWith("src/preview/")
        ? "src/preview may import only"
        : /^src\/papers\/[a-z-]+\.ts$/.test(file) && file !== "src/papers/x.ts"
          ? "is one paper builder and may not import another"
          : file.startsWith("src/taskpane/")
            ? "src/taskpane runs in the browser; src/cli is Node-only"
            : `src/${file.split("/")[1]} may import only`;

  test.each(forbidden)("%s may not import %s", (file, target) => {
    const messages = restrictedPathMessages(file, target);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(zoneMessage(file));
    expect(messages[0]).toMatch(/see (DESIGN\.md|docs\/architecture\.md)/);
  });

  test.each(dynamicForbidden)("%s may not import() %s either", (file, target) => {
    const messages = restrictedPathMessages(file, target);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("src/preview may import only");
  });

  test("the new zones' folders exist, so their cases run", () => {
    const run = new Set(cases.map(([file]) => path.dirname(file)));
    expect([...run]).toEqual(expect.arrayContaining(["src/taskpane/ui", "src/preview", "src/papers"]));
  });

  test("every layer's folder exists, so each layer's forbidden imports are linted", () => {
    const linted = new Set(forbidden.map(([file]) => file.split("/")[1]));
    expect([...linted].sort()).toEqual(expect.arrayContaining(Object.keys(MAY_NOT).sort()));
    for (const file of Object.values(FILE_IN))
      expect(fs.existsSync(path.join(root, `src/${file}.ts`))).toBe(true);
  });

  test.each(allowed)("%s may import %s", (file, target) => {
    expect(restrictedPathMessages(file, target)).toEqual([]);
  });
});
