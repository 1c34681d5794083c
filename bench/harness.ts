/**
 * The benchmark harness: what a suite is, how one measurement is taken, and how results print.
 *
 * A suite (bench/engine.ts, and later bench/papers.ts, bench/office-syncs.ts) is a name and a
 * `run(bench)` that calls `bench.measure(...)` once per benchmark, then states its ratios and
 * targets. bench/run.ts runs the suites asked for and sets the exit code.
 *
 * Method, for every measurement:
 * 1. Run the benchmark once and hand its output to `verify`, which throws if the answer is wrong.
 *    A benchmark whose answer is wrong is reported FAILED and never timed, so nobody can time a
 *    wrong answer; a failed check makes the run exit non-zero.
 * 2. Warm up: up to 20 untimed runs (stopping early after 3 s of warm-up, but never fewer than 3),
 *    so the JIT has compiled the hot paths before timing starts.
 * 3. Time single runs with process.hrtime.bigint() until there are at least 30 samples and at least
 *    1 s of timed runs (or the sample cap is reached), and report the median and the 95th
 *    percentile (nearest rank). Untimed `setup`/`teardown` hooks run around each sample.
 *
 * A missed target is printed ("TARGET MISSED") but does not change the exit code: targets are for
 * reading; output checks are for trusting the numbers.
 */

import os from "node:os";

/** One benchmark: what to run, how many items one run handles, and how to check the answer. */
export interface MeasureSpec<T> {
  /** Row label in the results table, e.g. "(a) DSG.BANDCOST, one spilled call". */
  readonly name: string;
  /** Items one run handles (10,000 bands, 1 call, 10,000 scenario-years), for the per-item column. */
  readonly items?: number;
  /** What an item is, for the per-item column: "band", "call", "scenario-year". */
  readonly itemLabel?: string;
  /** The work to time. May be async (a workbook read); a sync function is timed without an await. */
  readonly run: () => T | Promise<T>;
  /** Throw (e.g. with `assert`) when the output is wrong. Runs once, on the first, untimed run. */
  readonly verify?: (output: T) => void | Promise<void>;
  /** Untimed, before each run (warm-up and timed): e.g. undo what the last run changed. */
  readonly setup?: () => void | Promise<void>;
  /** Untimed, after each run, with its output: e.g. free an engine the run built. */
  readonly teardown?: (output: T) => void | Promise<void>;
  /** Warm-up runs (default 20, cut short after 3 s but never below 3). */
  readonly warmup?: number;
  /** Fewest timed samples (default 30). */
  readonly minSamples?: number;
  /** Least total timed time in ms (default 1000). */
  readonly minTimeMs?: number;
  /** Most timed samples (default 20,000): keeps very fast benchmarks from running for ever. */
  readonly maxSamples?: number;
}

/** The timings of one benchmark, in nanoseconds. */
export interface Measurement {
  readonly name: string;
  readonly samples: number;
  readonly medianNs: number;
  readonly p95Ns: number;
  readonly minNs: number;
  readonly items: number;
  readonly itemLabel: string;
}

/** A suite of benchmarks: one module under bench/. */
export interface Suite {
  /** The name used to pick it: `npm run bench -- engine`. Lower case, no spaces. */
  readonly name: string;
  /** One line saying what it measures. */
  readonly title: string;
  readonly run: (bench: Bench) => Promise<void>;
}

/** Statistics of a list of durations (ns): median (mean of the middle two) and nearest-rank p95. */
export function summarise(durations: readonly number[]): { median: number; p95: number; min: number } {
  if (durations.length === 0) throw new RangeError("summarise: no samples");
  const sorted = [...durations].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const p95 = sorted[Math.max(0, Math.ceil(0.95 * n) - 1)];
  return { median, p95, min: sorted[0] };
}

/** A duration for people: "812 ns", "41.3 µs", "3.21 ms", "1.42 s" (three significant figures). */
export function formatDuration(ns: number): string {
  const fmt = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  if (ns < 1e3) return `${fmt(ns)} ns`;
  if (ns < 1e6) return `${fmt(ns / 1e3)} µs`;
  if (ns < 1e9) return `${fmt(ns / 1e6)} ms`;
  return `${fmt(ns / 1e9)} s`;
}

/** A ratio for people: "23.4×", "0.52×", "0.0035× (1/282)". */
export function formatRatio(ratio: number): string {
  if (ratio < 0.1) return `${ratio.toPrecision(2)}× (1/${(1 / ratio).toFixed(0)})`;
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

/** A small, seeded random generator (mulberry32), so every run benchmarks the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Thrown by the check helpers below; any other exception in `verify` fails the check too. */
export class CheckError extends Error {
  override name = "CheckError";
}

/** Fail a check with a message unless `condition` holds. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new CheckError(message);
}

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";

const COLUMNS = [
  { title: "Benchmark", width: 52 },
  { title: "Samples", width: 8 },
  { title: "Median", width: 10 },
  { title: "p95", width: 10 },
  { title: "Per item (median)", width: 26 },
] as const;

function tableRow(cells: readonly string[]): string {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(COLUMNS[i].width) : cell.padStart(COLUMNS[i].width)))
    .join("  ");
}

/**
 * What a suite's `run` is given: measure benchmarks, then state ratios, targets and notes. Rows
 * print as each benchmark finishes; ratios and targets print in the order they are stated.
 */
export class Bench {
  /** Every measurement taken, by name (a suite can read another's numbers when comparing). */
  readonly results = new Map<string, Measurement>();
  /** Names of benchmarks whose output check failed, with the reason. */
  readonly failures: { name: string; reason: string }[] = [];
  readonly targetsMissed: string[] = [];
  private headerPrinted = false;

  constructor(private readonly out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  /** Check the answer once, warm up, time it; undefined (and a FAILED row) when the check fails. */
  async measure<T>(spec: MeasureSpec<T>): Promise<Measurement | undefined> {
    this.printHeader();
    const warmup = spec.warmup ?? 20;
    const minSamples = spec.minSamples ?? 30;
    const minTimeNs = (spec.minTimeMs ?? 1000) * 1e6;
    const maxSamples = Math.max(minSamples, spec.maxSamples ?? 20_000);

    const once = async (): Promise<{ output: T; ns: number }> => {
      await spec.setup?.();
      const start = process.hrtime.bigint();
      let output = spec.run();
      if (isPromise(output)) output = await output;
      const end = process.hrtime.bigint();
      await spec.teardown?.(output as T);
      return { output: output as T, ns: Number(end - start) };
    };

    // 1. The answer must be right before it is worth timing.
    try {
      await spec.setup?.();
      let output = spec.run();
      if (isPromise(output)) output = await output;
      try {
        await spec.verify?.(output as T);
      } finally {
        await spec.teardown?.(output as T);
      }
    } catch (e) {
      const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      this.failures.push({ name: spec.name, reason });
      this.out(tableRow([spec.name, "-", "-", "-", "FAILED (not timed)"]));
      this.out(`    output check failed: ${reason}`);
      return undefined;
    }

    // 2. Warm up.
    const warmStart = process.hrtime.bigint();
    for (let i = 0; i < warmup; i++) {
      await once();
      if (i >= 2 && Number(process.hrtime.bigint() - warmStart) > 3e9) break;
    }

    // 3. Time.
    const durations: number[] = [];
    let total = 0;
    while (durations.length < maxSamples && (durations.length < minSamples || total < minTimeNs)) {
      const { ns } = await once();
      durations.push(ns);
      total += ns;
    }
    const { median, p95, min } = summarise(durations);
    const m: Measurement = {
      name: spec.name,
      samples: durations.length,
      medianNs: median,
      p95Ns: p95,
      minNs: min,
      items: spec.items ?? 1,
      itemLabel: spec.itemLabel ?? "run",
    };
    this.results.set(m.name, m);
    const perItem =
      m.items === 1
        ? ""
        : `${formatDuration(m.medianNs / m.items)}/${m.itemLabel} (${m.items.toLocaleString("en-GB")})`;
    this.out(tableRow([m.name, String(m.samples), formatDuration(median), formatDuration(p95), perItem]));
    return m;
  }

  /** Print "label: a / b = 12.3×" from two medians; returns the ratio (undefined if either is missing). */
  ratio(
    label: string,
    numerator: Measurement | undefined,
    denominator: Measurement | undefined,
  ): number | undefined {
    if (!numerator || !denominator) {
      this.out(`  ratio ${label}: not available (a benchmark it needs failed its check)`);
      return undefined;
    }
    const r = numerator.medianNs / denominator.medianNs;
    this.out(
      `  ratio ${label} = ${formatRatio(r)}   (${formatDuration(numerator.medianNs)} / ${formatDuration(denominator.medianNs)})`,
    );
    return r;
  }

  /** Print "target met" or "TARGET MISSED" for a target; `met` undefined means it could not be judged. */
  target(description: string, measured: string, met: boolean | undefined): void {
    const status = met === undefined ? "NOT JUDGED (check failed)" : met ? "target met" : "TARGET MISSED";
    if (met === false) this.targetsMissed.push(description);
    this.out(`  target: ${description.padEnd(62)} measured ${measured.padEnd(14)} ${status}`);
  }

  /** A line of explanation under the table (e.g. which lookup function was used). */
  note(text: string): void {
    this.out(`  note: ${text}`);
  }

  /** A blank line and a heading between groups of results within a suite. */
  section(title: string): void {
    this.headerPrinted = false;
    this.out("");
    this.out(`-- ${title}`);
  }

  private printHeader(): void {
    if (this.headerPrinted) return;
    this.headerPrinted = true;
    this.out(tableRow(COLUMNS.map((c) => c.title)));
    this.out(tableRow(COLUMNS.map((c) => "-".repeat(c.width))));
  }
}

/**
 * One line about the machine, printed above the results so numbers are read in context. The load
 * average says whether something else was running: above the core count, expect noisy numbers.
 */
export function machineLine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.replace(/\s+/g, " ").trim() ?? "unknown CPU";
  const load = os.loadavg()[0].toFixed(2);
  return (
    `Node ${process.version}, ${os.platform()}/${os.arch()}, ${cpus.length} cores (${model}), ` +
    `load ${load} (1-min avg), ${new Date().toISOString().slice(0, 10)}`
  );
}
