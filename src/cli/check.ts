/**
 * `forum-papers check <workbook.xlsx> [--json]`: the publication check (app/publication-check.ts)
 * on any workbook, printed for a person (each rule, then each failure with its sheet, cell or
 * object and how to fix it) or, with --json, as one object with every failure.
 *
 * Exit codes: 0 every rule passes; 6 a rule fails (ExitCode.checksFail, the code `build --strict`
 * gives for a failed check); 2 usage; 3 the workbook cannot be read. The file is never written.
 */
import * as path from "path";
import type { CheckArgs } from "./args";
import { readCommandInput, type InspectContext } from "./inspect";

/** Run `check`; resolves to the exit code. */
export async function runCheck(args: CheckArgs, ctx: InspectContext): Promise<number> {
  const { state, fail, exitCode } = ctx;
  const input = await readCommandInput(args.input, ctx);
  if (typeof input === "number") return input;
  state.stage = `checking ${args.input}`;
  // Loaded here, as inspect does: the reader brings in the zip library.
  const [{ checkPublication, formatPublicationReport }, { WorkbookReadError }] = await Promise.all([
    import("../app/publication-check"),
    import("../workbook/xlsx/read"),
  ]);
  const name = path.basename(args.input);
  let report;
  try {
    report = await checkPublication(input.bytes, name);
  } catch (e) {
    if (!(e instanceof WorkbookReadError)) throw e;
    return fail({
      exitCode: exitCode.unreadable,
      kind: "unreadable",
      message: e.message,
      ...(e.detail !== undefined ? { detail: e.detail } : {}),
    });
  }
  ctx.stdout(args.json ? JSON.stringify(report, null, 2) + "\n" : formatPublicationReport(report));
  if (report.passed) return exitCode.ok;
  const rules = report.rules.filter((r) => r.failures > 0).map((r) => r.id);
  ctx.stderr(
    `forum-papers: ${name} fails ${rules.length} publication rule${rules.length === 1 ? "" : "s"} (${rules.join(", ")}): ${report.failures.length} failure${report.failures.length === 1 ? "" : "s"}, each listed with how to fix it\n`,
  );
  return exitCode.checksFail;
}
