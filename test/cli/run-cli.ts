/**
 * Running the forum-papers command in-process for tests, and the checks every failing run must
 * pass: one line on stderr, no stack trace, no output and no temporary file left behind.
 */
import { createHash } from "crypto";
import { promises as fs } from "fs";
import * as path from "path";
import { main } from "../../src/cli/main";

export const SAMPLE = path.resolve(__dirname, "../../samples/council-sample.xlsx");

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `forum-papers <argv>` through main(), capturing what it prints. */
export async function run(argv: readonly string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** The SHA-256 of a file's bytes, to show it is byte-identical after a run. */
export async function sha256(file: string): Promise<string> {
  return createHash("sha256")
    .update(await fs.readFile(file))
    .digest("hex");
}

/** Temporary files the writer left in `folder` (they are named `*.partial`). */
export async function partialsIn(folder: string): Promise<string[]> {
  return (await fs.readdir(folder)).filter((f) => f.endsWith(".partial"));
}

/** A stack frame as Node prints one: "    at readFile (/x/y.ts:12:5)" or "at async main …". */
export const STACK_FRAME = /^\s+at\s.+(:\d+:\d+\)?|\(native\)|<anonymous>)\s*$/m;

/** The lines of stderr, without the final newline. */
export function stderrLines(r: Run): string[] {
  return r.stderr.replace(/\n$/, "").split("\n");
}
