/**
 * `npm run bench` runs every suite; `npm run bench -- engine` runs only the suites named
 * (`npm run bench -- --list` lists them). Each suite is a module under bench/ exporting a
 * {@link Suite}; add a new one to SUITES below.
 *
 * Exit code: 0 when every output check passed (whether or not targets were met), 1 when any
 * benchmark's output check failed or a suite threw, 2 for an unknown suite name.
 */

import { engine } from "./engine";
import { papers } from "./papers";
import { officeSyncs } from "./office-syncs";
import { cliStartup } from "./cli-startup";
import { memory } from "./memory";
import { detectSuite } from "./detect";
import { Bench, machineLine, type Suite } from "./harness";

/** Every suite, in the order they run. */
const SUITES: readonly Suite[] = [engine, papers, officeSyncs, detectSuite, memory, cliStartup];

function usage(): string {
  return [
    "usage: npm run bench [-- <suite> ...] [--list]",
    "suites:",
    ...SUITES.map((s) => `  ${s.name.padEnd(14)} ${s.title}`),
  ].join("\n");
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--list") || argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const wanted = argv.filter((a) => !a.startsWith("-")).map((a) => a.toLowerCase());
  const unknown = wanted.filter((w) => !SUITES.some((s) => s.name === w));
  if (unknown.length > 0) {
    process.stderr.write(`unknown suite: ${unknown.join(", ")}\n${usage()}\n`);
    return 2;
  }
  const chosen = wanted.length === 0 ? SUITES : SUITES.filter((s) => wanted.includes(s.name));

  process.stdout.write(`Forum Papers benchmarks: ${machineLine()}\n`);
  let failedChecks = 0;
  let missedTargets = 0;
  let crashed = 0;
  for (const suite of chosen) {
    process.stdout.write(`\n== ${suite.name}: ${suite.title}\n`);
    const bench = new Bench();
    const started = process.hrtime.bigint();
    try {
      await suite.run(bench);
    } catch (e) {
      crashed++;
      process.stdout.write(
        `\nsuite ${suite.name} stopped: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
    }
    failedChecks += bench.failures.length;
    missedTargets += bench.targetsMissed.length;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(
      `\n${suite.name}: ${bench.results.size} timed, ${bench.failures.length} output check(s) failed, ` +
        `${bench.targetsMissed.length} target(s) missed (${seconds.toFixed(1)} s)\n`,
    );
  }

  const ok = failedChecks === 0 && crashed === 0;
  process.stdout.write(
    `\n${ok ? "all output checks passed" : "OUTPUT CHECKS FAILED"}` +
      `${missedTargets > 0 ? `; ${missedTargets} target(s) missed` : "; all targets met"}\n`,
  );
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
