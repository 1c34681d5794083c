/**
 * The "cli" suite: how long the forum-papers command takes to start, as whole processes.
 *
 * (a) a bare `node -e 0`, the floor any Node command pays; (b) `forum-papers --version` and
 * (c) `forum-papers --help` through bin/forum-papers.js, which runs the compiled command in
 * build/cli/ (rebuilt here first, untimed, so the figure is for the current sources); (d) for
 * comparison, the same --version with the TypeScript compiled at run time by tsx, as the command
 * started before it shipped compiled.
 *
 * Target: (b) and (c) at most 3× (a). Each sample is one spawnSync of a new process, so the
 * figures include process start-up and exit, as a user waits for them.
 */

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { check, formatRatio, type Bench, type Suite } from "./harness";

const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "bin/forum-papers.js");
const TARGET_RATIO = 3;

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** One run of node with `args`, from the project folder. */
function node(args: readonly string[]): Ran {
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const version: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;

export const cliStartup: Suite = {
  name: "cli",
  title: "forum-papers start-up (--version, --help) against a bare node",
  async run(bench: Bench): Promise<void> {
    const build = node([path.join(ROOT, "scripts/build-cli.js")]);
    check(build.status === 0, `scripts/build-cli.js failed: ${build.stderr}`);

    const bare = await bench.measure({
      name: "(a) node -e 0",
      run: () => node(["-e", "0"]),
      verify: (r) => check(r.status === 0, `node -e 0 exited ${r.status}`),
    });
    const versionRun = await bench.measure({
      name: "(b) forum-papers --version",
      run: () => node([BIN, "--version"]),
      verify: (r) => {
        check(r.status === 0, `exited ${r.status}: ${r.stderr}`);
        check(r.stdout.trim() === version, `printed "${r.stdout.trim()}", package.json says ${version}`);
      },
    });
    const help = await bench.measure({
      name: "(c) forum-papers --help",
      run: () => node([BIN, "--help"]),
      verify: (r) => {
        check(r.status === 0, `exited ${r.status}: ${r.stderr}`);
        check(/forum-papers build/.test(r.stdout), "the usage text does not show `forum-papers build`");
      },
    });
    const tsx = await bench.measure({
      name: "(d) --version, TypeScript compiled at run time (tsx)",
      run: () =>
        node([
          "-r",
          "tsx/cjs",
          "-e",
          'require("./src/cli/main.ts").main(["--version"]).then((c) => (process.exitCode = c))',
        ]),
      verify: (r) => check(r.status === 0 && r.stdout.trim() === version, `exited ${r.status}: ${r.stderr}`),
      warmup: 3,
      minSamples: 10,
      minTimeMs: 0,
    });

    const rVersion = bench.ratio("(b) --version / (a) bare node", versionRun, bare);
    const rHelp = bench.ratio("(c) --help / (a) bare node", help, bare);
    bench.ratio("(d) tsx at run time / (b) compiled", tsx, versionRun);
    const judge = (r: number | undefined) => (r === undefined ? undefined : r <= TARGET_RATIO);
    const show = (r: number | undefined) => (r === undefined ? "-" : formatRatio(r));
    bench.target(
      `forum-papers --version at most ${TARGET_RATIO}× node -e 0`,
      show(rVersion),
      judge(rVersion),
    );
    bench.target(`forum-papers --help at most ${TARGET_RATIO}× node -e 0`, show(rHelp), judge(rHelp));
  },
};
