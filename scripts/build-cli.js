/**
 * Compiles the forum-papers command to build/cli/forum-papers.js (one CommonJS file, Node 20), so
 * that bin/forum-papers.js starts without compiling TypeScript at run time. npm install runs it
 * (package.json "prepare"); run it again after changing src/ (`npm run build:cli`; `npm run demo`
 * does it first).
 *
 * Our code is bundled into the one file (esbuild, which also inlines package.json for --version);
 * the npm packages (ExcelJS, JSZip) stay in node_modules and load only when a build needs them.
 */
const path = require("path");

const root = path.resolve(__dirname, "..");
const outfile = path.join(root, "build/cli/forum-papers.js");

let esbuild;
try {
  esbuild = require("esbuild");
} catch {
  console.error("build-cli: esbuild is not installed; run npm install (it is a devDependency).");
  process.exit(1);
}

esbuild
  .build({
    entryPoints: [path.join(root, "src/cli/main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
    banner: { js: "// Built by scripts/build-cli.js from src/cli/main.ts; do not edit." },
  })
  .then(
    () => undefined,
    // esbuild has already printed each error with its file and line.
    () => {
      console.error("build-cli: the forum-papers command did not compile (errors above).");
      process.exitCode = 1;
    },
  );
