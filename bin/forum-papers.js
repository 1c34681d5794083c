#!/usr/bin/env node
// The forum-papers command: runs the TypeScript sources through tsx (no separate build step).
require("tsx/cjs");
require("../src/cli/main.ts")
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
