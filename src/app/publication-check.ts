/**
 * The publication check: does a workbook meet the rules for spreadsheets published on a
 * council's website? The rules are the Government Analysis Function's "Releasing statistics in
 * spreadsheets" guidance and the WCAG 2.2 criteria behind it (publication-check/rules.ts has each
 * rule, what it detects and where it comes from): a title in A1, no merged cells, no blank rows
 * or columns inside tables, one header row, tables marked as tables, alt text on charts and
 * images, meaning not by colour alone, descriptive sheet names, notes and shorthand explained,
 * descriptive link text.
 *
 * Used by `forum-papers check` (src/cli/check.ts) and by the pane on the papers it builds. Runs
 * in Node and in the browser (JSZip and the project's reader, no Node modules); never changes
 * the file.
 */
import { readForCheck } from "./publication-check/read";
import { CHECKS, RULES, RULE_IDS, type Failure, type RuleId } from "./publication-check/rules";
import type { WorkbookModel } from "./publication-check/model";
import type { SheetSpec } from "../papers/spec";
import { writePapersWorkbook } from "../workbook/xlsx/write";

export { RULES, RULE_IDS, type Failure, type RuleId };

/** The outcome of checking one workbook. */
export interface PublicationReport {
  /** The file name checked. */
  readonly file: string;
  /** True when every rule passes. */
  readonly passed: boolean;
  /** Each rule with its title, source and number of failures, in order. */
  readonly rules: readonly {
    readonly id: RuleId;
    readonly title: string;
    readonly source: string;
    readonly failures: number;
  }[];
  /** Every failure, rule by rule. */
  readonly failures: readonly Failure[];
  /** The sheets checked, in workbook order. */
  readonly sheetsChecked: readonly string[];
  /** Hidden sheets, which are not checked (a reader of the published file does not see them). */
  readonly hiddenSheets: readonly string[];
}

/** Run every rule on a workbook model. */
export function checkModel(model: WorkbookModel, file: string): PublicationReport {
  const failures = RULE_IDS.flatMap((id) => CHECKS[id](model));
  return {
    file,
    passed: failures.length === 0,
    rules: RULE_IDS.map((id) => ({
      id,
      title: RULES[id].title,
      source: RULES[id].source,
      failures: failures.filter((f) => f.rule === id).length,
    })),
    failures,
    sheetsChecked: model.sheets.filter((s) => !s.hidden).map((s) => s.name),
    hiddenSheets: model.sheets.filter((s) => s.hidden).map((s) => s.name),
  };
}

/**
 * Check a workbook file against the publication rules.
 *
 * @param bytes the file's contents (never modified)
 * @param name the file name, for the report and messages
 * @throws WorkbookReadError (workbook/xlsx/read.ts) when the file cannot be read as a workbook
 * @example
 *   const report = await checkPublication(await fs.readFile("papers.xlsx"), "papers.xlsx");
 *   if (!report.passed) for (const f of report.failures) console.log(f.message, f.fix);
 */
export async function checkPublication(
  bytes: Uint8Array | ArrayBuffer,
  name: string,
): Promise<PublicationReport> {
  return checkModel(await readForCheck(bytes, name), name);
}

/** The report for a person: one line a rule, then each failure with its fix. */
export function formatPublicationReport(report: PublicationReport): string {
  const lines: string[] = [];
  const failing = report.rules.filter((r) => r.failures > 0);
  lines.push(
    report.passed
      ? `${report.file}: passes all ${report.rules.length} publication rules (${report.sheetsChecked.length} sheets checked).`
      : `${report.file}: ${report.failures.length} failure${report.failures.length === 1 ? "" : "s"} of ${failing.length} of the ${report.rules.length} publication rules (${report.sheetsChecked.length} sheets checked).`,
  );
  if (report.hiddenSheets.length > 0)
    lines.push(`Hidden sheets not checked: ${report.hiddenSheets.join(", ")}.`);
  lines.push("");
  for (const rule of report.rules)
    lines.push(`${rule.failures === 0 ? "PASS" : "FAIL"}  ${rule.title} (${rule.id})`);
  for (const rule of failing) {
    lines.push("", `${rule.title} (${rule.id}): ${rule.source}`);
    for (const f of report.failures.filter((x) => x.rule === rule.id)) {
      const where = [f.sheet, f.cell, f.object].filter((x) => x !== undefined).join(" · ");
      lines.push(`  - [${where}] ${f.message}`, `    Fix: ${f.fix}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** The Build step's view of a publication check: plain data the pane shows as it is. */
export interface PublicationView {
  readonly passed: boolean;
  /** "Passes all 10 publication rules" or "3 failures of 2 rules". */
  readonly summary: string;
  readonly failures: readonly {
    readonly rule: string;
    readonly where: string;
    readonly message: string;
    readonly fix: string;
  }[];
  /** Set when the check itself could not run (the papers were still built). */
  readonly error?: string;
}

/** The pane's view of a report. */
export function publicationView(report: PublicationReport): PublicationView {
  const rules = new Set(report.failures.map((f) => f.rule)).size;
  return {
    passed: report.passed,
    summary: report.passed
      ? `Passes all ${report.rules.length} publication rules (GSS spreadsheet guidance and WCAG 2.2)`
      : `${report.failures.length} failure${report.failures.length === 1 ? "" : "s"} of ${rules} of the ${report.rules.length} publication rules`,
    failures: report.failures.map((f) => ({
      rule: RULES[f.rule].title,
      where: [f.sheet, f.cell, f.object].filter((x) => x !== undefined).join(", "),
      message: f.message,
      fix: f.fix,
    })),
  };
}

/**
 * The publication check of papers written into the open workbook (the Excel pane): the same
 * sheets are written as a file in memory, as a reader downloading the published papers would get
 * them, and that file is checked. It checks the papers as built, not later edits in Excel, and
 * the view's summary says so. A check that cannot run gives a view with `error`.
 *
 * @param sheets the built sheets, as they were written into the workbook
 */
export async function publicationOfSheets(sheets: readonly SheetSpec[]): Promise<PublicationView> {
  try {
    const bytes = await writePapersWorkbook(sheets, { title: "Schools Forum papers" });
    const view = publicationView(await checkPublication(bytes, "papers.xlsx"));
    return { ...view, summary: `${view.summary}, checked on the papers as built (not later edits)` };
  } catch (e) {
    return {
      passed: false,
      summary: "The publication check could not be run",
      failures: [],
      error: e instanceof Error ? e.message : String(e),
    };
  }
}

/**
 * The pane's hook: a build result with the publication check of its download added as
 * `publication`. A result without a download (papers written into the open workbook) is returned
 * as it is; a check that cannot run gives a view with `error`, never a failed build.
 */
export async function withPublicationCheck<
  T extends { readonly download?: { readonly bytes: Uint8Array; readonly fileName?: string } },
>(result: T): Promise<T & { readonly publication?: PublicationView }> {
  if (!result.download) return result;
  const { bytes, fileName } = result.download;
  try {
    return {
      ...result,
      publication: publicationView(await checkPublication(bytes, fileName ?? "papers.xlsx")),
    };
  } catch (e) {
    return {
      ...result,
      publication: {
        passed: false,
        summary: "The publication check could not be run",
        failures: [],
        error: e instanceof Error ? e.message : String(e),
      },
    };
  }
}
