#!/usr/bin/env node
// The forum-papers command. It runs the compiled command in build/cli/ (made by npm install's
// prepare step, or `npm run build:cli`), so no TypeScript is compiled at start-up.
const path = require("path");

const compiled = path.join(__dirname, "../build/cli/forum-papers.js");
let cli;
try {
  cli = require(compiled);
} catch (error) {
  if (error && error.code === "MODULE_NOT_FOUND" && String(error.message).includes(compiled)) {
    process.stderr.write(
      `forum-papers: the compiled command is missing (${path.relative(process.cwd(), compiled)}).\n` +
        "Run `npm install` (its prepare step builds it) or `npm run build:cli`, then try again.\n",
    );
    process.exit(1);
  }
  throw error;
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
