/**
 * ESLint 9 flat config.
 *
 * - ESLint's and typescript-eslint's recommended rules (the pair eslint-plugin-office-addins' own
 *   recommended config builds on).
 * - The Office add-in rules (load before read, sync before read, no context.sync in a loop, ...)
 *   from eslint-plugin-office-addins. Only its "office-addins/*" rules are taken: its whole
 *   `configs.recommended` array also registers its own nested copy of @typescript-eslint (a clash
 *   with typescript-eslint's), pins ecmaVersion 6 and runs Prettier inside ESLint, which
 *   `npm run lint` already does separately with `prettier --check`.
 * - The layering of DESIGN.md: import/no-restricted-paths says which layer may
 *   import which (and, inside layers, what the pane's components, the preview entry and each
 *   paper builder may import), import/no-cycle forbids cycles. Note that no-restricted-paths only sees imports
 *   that resolve to a file; an import of a missing file is a tsc error instead (npm test runs tsc).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "eslint/config";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import importPlugin from "eslint-plugin-import";
import officeAddins from "eslint-plugin-office-addins";

const root = path.dirname(fileURLToPath(import.meta.url));

const officeAddinsRules = Object.fromEntries(
  officeAddins.configs.recommended
    .flatMap((config) => Object.entries(config.rules ?? {}))
    .filter(([name]) => name.startsWith("office-addins/")),
);

/**
 * Who may import whom, one row per layer: `may` lists the folders under src/ that files in
 * `layer` may import from (a layer may always import itself). Everything else under src/ is
 * forbidden. src/taskpane sits on top and may import every layer except the Node-only CLI.
 */
const layers = [
  { layer: "core", may: [] },
  { layer: "functions", may: ["core"] },
  { layer: "sources", may: ["core"] },
  { layer: "papers", may: ["core", "sources"] },
  // The adapters read into the snapshot type the source reader takes (types only).
  { layer: "workbook", may: ["papers", "core", "sources/snapshot.ts"] },
  // What the front ends share: the build pipeline, share, explain of a workbook's cells, the
  // workbook-file engine. DESIGN.md lets it import every layer below, the functions included.
  { layer: "app", may: ["functions", "sources", "papers", "workbook", "core"] },
  { layer: "cli", may: ["app", "sources", "papers", "workbook", "core"] },
];

/**
 * One paper builder never imports another: what two papers share lives in house.ts (the types),
 * common.ts and the other shared modules (cells, blocks, table, checks, text, spec, rules,
 * suppression, criteria); build.ts and index.ts put the papers together. There are no exceptions.
 */
const PAPER_BUILDERS = [
  "banding-review",
  "deficit-plan",
  "dsg-summary",
  "front",
  "hnb-monitoring",
  "placement-summary",
  "transfer-impact",
];

function paperZones() {
  return PAPER_BUILDERS.map((paper) => ({
    target: `./src/papers/${paper}.ts`,
    from: PAPER_BUILDERS.filter((other) => other !== paper).map((other) => `./src/papers/${other}.ts`),
    message: `src/papers/${paper}.ts is one paper builder and may not import another: shared code lives in the house-style modules or common.ts, types in house.ts (see DESIGN.md, Layers).`,
  }));
}

const zones = [
  ...layers.map(({ layer, may }) => ({
    target: `./src/${layer}`,
    from: "./src",
    except: [layer, ...may].map((allowed) => `./${allowed}`),
    message: `src/${layer} may import only ${[...may, layer].map((l) => `src/${l}`).join(", ")} (see DESIGN.md, Layers).`,
  })),
  {
    target: "./src/taskpane",
    from: "./src/cli",
    message: "src/taskpane runs in the browser; src/cli is Node-only (see DESIGN.md, Layers).",
  },
  // Components hold no business logic: they see the host's view models through hooks (DESIGN.md,
  // src/taskpane: "components, hooks, the host binding"). Besides their own folder they read
  // hooks/, host.ts (the Host interface and its view-model types), options.ts (the Papers form's
  // choices) and functions/explain.ts (the Explain step's view-model types).
  {
    target: "./src/taskpane/ui",
    from: "./src",
    except: [
      "./taskpane/ui",
      "./taskpane/hooks",
      "./taskpane/host.ts",
      "./taskpane/options.ts",
      "./functions/explain.ts",
    ],
    message:
      "src/taskpane/ui may import only ui/, hooks/, host.ts, options.ts and functions/explain.ts: data reaches components through the host and hooks (see DESIGN.md, Layers).",
  },
  // The browser preview is an entry: the pane UI chunk and the file host, nothing else.
  {
    target: "./src/preview",
    from: "./src",
    except: ["./preview", "./taskpane/mount.tsx", "./taskpane/file-host.ts"],
    message:
      "src/preview may import only the pane (taskpane/mount.tsx) and the file host (taskpane/file-host.ts) (see docs/architecture.md, The pane and the preview).",
  },
  ...paperZones(),
];

/** Node's globals for the few plain JavaScript files (webpack and jest config, test helpers). */
const readonly = (names) => Object.fromEntries(names.map((name) => [name, "readonly"]));
const nodeGlobals = readonly(["process", "console", "Buffer", "URL", "setTimeout", "clearTimeout"]);
const commonjsGlobals = readonly(["require", "module", "exports", "__dirname", "__filename"]);

export default defineConfig(
  {
    ignores: [
      "dist/**",
      "build/**",
      "release/**",
      "out/**",
      "node_modules/**",
      "coverage/**",
      "build-tsc/**",
      "test/artifacts/**",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // The office-addins rules are about the Excel JavaScript API's load/sync model; only the code
    // that runs in Office uses that API. (In tests, samples and benchmarks the rules misread
    // ExcelJS calls such as ws.getCell() as Office proxies.)
    files: ["src/**/*.{ts,tsx,mts,cts}"],
    plugins: { "office-addins": officeAddins },
    rules: officeAddinsRules,
  },
  {
    files: ["**/*.{ts,tsx,js,mjs,cjs}"],
    plugins: { import: importPlugin },
    settings: {
      "import/resolver": { node: { extensions: [".ts", ".tsx", ".js", ".json"] } },
      "import/extensions": [".ts", ".tsx", ".js"],
      "import/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
    },
    rules: {
      // disableScc: with the strongly-connected-components shortcut on, no-cycle crashes on a file
      // that is not on disk yet (an unsaved editor buffer, ESLint's lintText), eslint-plugin-import 2.32.
      "import/no-cycle": ["error", { disableScc: true }],
      "import/no-restricted-paths": ["error", { basePath: root, zones }],
    },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ["**/*.{js,cjs}"],
    languageOptions: { sourceType: "commonjs", globals: { ...nodeGlobals, ...commonjsGlobals } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
