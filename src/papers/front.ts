/**
 * The front and back sheets of a papers workbook, as government practice for published
 * spreadsheets has them (GSS "Releasing statistics in spreadsheets"; SPEC "Forum papers"): a cover
 * (council, meeting, date, reference, author, draft/final, data as at, the master check), a
 * contents sheet with a link to every sheet, a notes sheet (numbered notes and the shorthand), the
 * rules sheet (dated parameters with their sources; rules.ts holds the data) and the checks sheet,
 * where every check is listed with a live result formula and how to fix it when it fails.
 */

import { formatUkDate } from "../core/dates";
import { InternalError } from "../core/errors";
import { PURPOSE_TEXT, writeHeading, writeKeyValues, writeNotes, writeTitle } from "./blocks";
import { dateCell, formulaCell, numberCell, textCell } from "./cells";
import {
  ALLOWANCE,
  ALLOWANCE_CELL,
  checkFormula,
  CHECKS_SHEET,
  type PlacedCheck,
  TEST_TEXT,
  TOLERANCE,
  TOLERANCE_CELL,
} from "./checks";
import type { PaperBuild, PaperContext } from "./house";
import { writeRecommendationList } from "./recommendation";
import { PAPERS } from "./registry";
import { SheetBuilder } from "./sheet-builder";
import { type Column, layTable } from "./table";
import { Shorthand } from "./text";
import { RULES_HEADER_ROW, RULES_SHEET, type ResolvedRule } from "./rules";
import { NumFmt, a1, quoteSheet, type CellSpec, type SheetSpec } from "./spec";
import { unconfirmedMappings, unconfirmedStamp } from "../sources/crosscheck";

/** Names of the front sheets. */
export const COVER_SHEET = "Cover";
export const CONTENTS_SHEET = "Contents";
export const NOTES_SHEET = "Notes";
/** Zero-based header row of the checks table on the Checks sheet. */
export const CHECKS_HEADER_ROW = 5;
const RESULT_COL = 6;

/** "All checks pass", "1 check fails", "3 checks fail": what the master check formula shows. */
export function masterText(fails: number): string {
  return fails === 0 ? "All checks pass" : fails === 1 ? "1 check fails" : `${fails} checks fail`;
}

/** The master check formula over a range of Pass/FAIL results. */
export function masterFormula(resultRange: string): string {
  const fails = `COUNTIFS(${resultRange},"FAIL")`;
  return `IF(${fails}=0,"All checks pass",IF(${fails}=1,"1 check fails",${fails}&" checks fail"))`;
}

/** The Checks sheet and the range of its result column (for the cover's master check). */
export interface ChecksSheet {
  readonly sheet: SheetSpec;
  /** Sheet-qualified absolute range of the Result column, e.g. 'Checks'!$G$7:$G$30. */
  readonly resultRange: string;
  readonly fails: number;
}

/**
 * The Checks sheet: the master check, the two check parameters (inputs every check formula reads),
 * and the ChecksList table: ID, check, paper, value, expected, test, a result formula, how to fix.
 * Values and expected figures on papers are references to the paper's own checks block.
 */
export function buildChecksSheet(checks: readonly PlacedCheck[]): ChecksSheet {
  const title = "Checks";
  const sheet = new SheetBuilder(CHECKS_SHEET, "checks", "checks", title);
  writeTitle(
    sheet,
    title,
    "This sheet lists every check on the papers, whether it passes, and how to fix it if it fails.",
  );
  const fails = checks.filter((c) => !c.passed).length;
  const first = CHECKS_HEADER_ROW + 1;
  const last = CHECKS_HEADER_ROW + Math.max(checks.length, 1);
  const localRange = `${a1(first, RESULT_COL, true)}:${a1(last, RESULT_COL, true)}`;
  const tolerance = a1(TOLERANCE_CELL.row, TOLERANCE_CELL.col, true);
  writeKeyValues(sheet, [
    {
      label: "Result of all checks",
      cell: formulaCell(masterFormula(localRange), masterText(fails), undefined, "check"),
    },
    {
      label: "Amounts agree when they differ by less than (£, input)",
      cell: numberCell(TOLERANCE, "£#,##0.000;(£#,##0.000)", "input"),
      note: "Half a penny: figures are rounded to the penny",
    },
    {
      label: "Rounding allowance a school for the transfer (£, input)",
      cell: numberCell(ALLOWANCE, NumFmt.poundsPence, "input"),
      note: "A penny a school: each school's reduction is rounded to the penny",
    },
  ]);
  if (sheet.cursor !== CHECKS_HEADER_ROW || TOLERANCE_CELL.row !== 3 || ALLOWANCE_CELL.row !== 4) {
    throw new InternalError("Checks sheet layout out of step with checks.ts");
  }
  const columns: Column<PlacedCheck>[] = [
    { key: "id", header: "ID", cell: (c) => textCell(c.id) },
    { key: "check", header: "Check", cell: (c) => textCell(c.description) },
    {
      key: "paper",
      header: "Paper",
      cell: (c) =>
        c.valueRef ? { value: c.paper, style: "link", link: `${quoteSheet(c.paper)}!A1` } : textCell(c.paper),
    },
    {
      key: "value",
      header: "Value",
      cell: (c) => (c.valueRef ? formulaCell(c.valueRef, c.value, c.numFmt) : numberCell(c.value, c.numFmt)),
    },
    {
      key: "expected",
      header: "Expected",
      cell: (c) =>
        c.expectedRef ? formulaCell(c.expectedRef, c.expected, c.numFmt) : numberCell(c.expected, c.numFmt),
    },
    { key: "test", header: "Test", cell: (c) => textCell(TEST_TEXT[c.test]) },
    {
      key: "result",
      header: "Result",
      cell: (c, x) =>
        formulaCell(
          checkFormula(c.test, x.ref("value"), x.ref("expected"), tolerance),
          c.passed ? "Pass" : "FAIL",
          undefined,
          "check",
        ),
    },
    { key: "fix", header: "How to fix it if it fails", cell: (c) => textCell(c.howToFix) },
  ];
  const table = layTable(sheet, {
    name: "ChecksList",
    altText: `${checks.length} checks: ${masterText(fails).toLowerCase()}.`,
    columns,
    rows: checks,
  });
  if (table.col("result") !== RESULT_COL) throw new InternalError("Checks sheet: result column moved");
  sheet.freezeAtHeader(table.headerRow);
  return { sheet: sheet.toSpec(), resultRange: `${quoteSheet(CHECKS_SHEET)}!${localRange}`, fails };
}

/** The cover: who, which meeting, the status, and the master check over the Checks sheet. */
export function buildCover(ctx: PaperContext, papers: readonly PaperBuild[], checks: ChecksSheet): SheetSpec {
  const title = ctx.council ? `Schools Forum papers: ${ctx.council}` : "Schools Forum papers";
  const sheet = new SheetBuilder(COVER_SHEET, "cover", "cover", title);
  writeTitle(
    sheet,
    title,
    "Cover sheet: who prepared these papers, for which meeting, and whether every check passes.",
  );
  const notGiven = textCell(`${Shorthand.notAvailable} not given`);
  const stamp = unconfirmedStamp(unconfirmedMappings(ctx.datasets));
  writeKeyValues(sheet, [
    { label: "Council", cell: ctx.council ? textCell(ctx.council) : notGiven },
    { label: "Meeting", cell: ctx.meetingName ? textCell(ctx.meetingName) : notGiven },
    { label: "Meeting date", cell: ctx.meetingDate !== undefined ? dateCell(ctx.meetingDate) : notGiven },
    { label: "Paper reference", cell: ctx.paperRef ? textCell(ctx.paperRef) : notGiven },
    { label: "Author", cell: ctx.author ? textCell(ctx.author) : notGiven },
    { label: "Status", cell: textCell(ctx.status === "final" ? "Final" : "Draft") },
    { label: "Data as at", cell: ctx.asAt !== undefined ? dateCell(ctx.asAt) : notGiven },
    { label: "Financial year", cell: ctx.financialYear ? textCell(ctx.financialYear) : notGiven },
    { label: "Source workbook", cell: textCell(ctx.datasets.source) },
    // Built with --accept-uncertain: the cover says which mappings nobody confirmed, and why.
    ...(stamp !== undefined
      ? [
          {
            label: "UNCONFIRMED MAPPING",
            cell: textCell(stamp),
            note: "Built with --accept-uncertain: check these tables and confirm the mapping before the papers go to the Forum",
          },
        ]
      : []),
    {
      label: "Papers in this pack",
      cell: textCell(
        papers.length === 0
          ? "None could be built (see the Notes sheet)"
          : papers
              .map((p) => `${PAPERS[p.id].sheet} (${PURPOSE_TEXT[ctx.purposeOf(p.id)].toLowerCase()})`)
              .join("; "),
      ),
    },
    {
      label: "Master check",
      cell: formulaCell(masterFormula(checks.resultRange), masterText(checks.fails), undefined, "check"),
      note: "Counts the FAIL results on the Checks sheet; each failed check says how to fix it",
    },
    {
      label: "Small numbers",
      cell: textCell(
        ctx.suppress
          ? `Counts of 1 to 4 are suppressed and shown as ${Shorthand.suppressed}`
          : "NOT suppressed: not for publication as it stands",
      ),
    },
    {
      label: "How the papers were made",
      cell: textCell(
        "Built by Forum Papers from the council's own workbook; derived figures are spreadsheet formulas (see the Notes sheet)",
      ),
    },
  ]);
  writeRecommendationList(sheet, papers);
  return sheet.toSpec();
}

interface ContentsRow {
  readonly sheet: string;
  readonly holds: string;
  readonly purpose: string;
}

/** Contents: one row per sheet with a link to it, what it holds and (papers) its purpose. */
export function buildContents(ctx: PaperContext, papers: readonly PaperBuild[]): SheetSpec {
  const title = "Contents";
  const sheet = new SheetBuilder(CONTENTS_SHEET, "contents", "contents", title);
  writeTitle(
    sheet,
    title,
    "This sheet lists every sheet in the workbook, what it holds and what the Forum is asked to do with each paper.",
  );
  const na = Shorthand.notApplicable;
  const rows: ContentsRow[] = [
    { sheet: COVER_SHEET, holds: "Council, meeting, author, status and the master check", purpose: na },
    { sheet: CONTENTS_SHEET, holds: "This list of sheets", purpose: na },
    {
      sheet: NOTES_SHEET,
      holds: "Numbered notes, sign conventions and the shorthand used in the tables",
      purpose: na,
    },
    {
      sheet: RULES_SHEET,
      holds: "The dated rules and parameters the papers use, each with its source",
      purpose: na,
    },
    ...papers.map((p) => ({
      sheet: PAPERS[p.id].sheet,
      holds: PAPERS[p.id].subtitle.replace(/^This sheet holds /, "").replace(/^./, (c) => c.toUpperCase()),
      purpose: PURPOSE_TEXT[ctx.purposeOf(p.id)],
    })),
    { sheet: CHECKS_SHEET, holds: "Every check with its result and how to fix it", purpose: na },
  ];
  const table = layTable(sheet, {
    name: "ContentsList",
    altText: `Contents: ${rows.length} sheets, each with a link.`,
    columns: [
      {
        key: "sheet",
        header: "Sheet",
        cell: (r: ContentsRow): CellSpec => ({
          value: r.sheet,
          style: "link",
          link: `${quoteSheet(r.sheet)}!A1`,
        }),
      },
      { key: "holds", header: "What it holds", cell: (r: ContentsRow) => textCell(r.holds) },
      { key: "purpose", header: "Purpose", cell: (r: ContentsRow) => textCell(r.purpose) },
    ],
    rows,
  });
  sheet.freezeAtHeader(table.headerRow);
  return sheet.toSpec();
}

/** Notes: numbered general notes (conventions, sources, suppression) and the shorthand. */
export function buildNotes(ctx: PaperContext, extra: readonly string[]): SheetSpec {
  const title = "Notes";
  const sheet = new SheetBuilder(NOTES_SHEET, "notes", "notes", title);
  writeTitle(
    sheet,
    title,
    "This sheet holds the numbered notes that apply to every paper and explains the shorthand used in the tables.",
  );
  const skipped = ctx.datasets.skipped.length;
  const notes = [
    `These papers were built by Forum Papers from the council's workbook ${ctx.datasets.source}${ctx.asAt !== undefined ? `, with data as at ${formatUkDate(ctx.asAt)}` : ""}. The workbook is the source of truth: it was read, never changed.`,
    "Money is in cash pounds. Formulas round each amount to the penny; sheets show whole pounds, so shown figures may not add exactly. Negative amounts are shown in brackets.",
    "Sign conventions: a variance is forecast less budget, so a positive variance is an overspend (each table also says so in words); a balance is positive for a surplus and negative for a deficit.",
    "Derived figures are spreadsheet formulas, so the papers recalculate without Forum Papers. Inputs are labelled as inputs (and shaded); the Rules sheet holds the parameters. Two kinds of figure are worked out by Forum Papers and labelled so: the transfer's scaling factor (solved so the reductions add up to the transfer), and the placement summary's counts and costs (from the register, which stays in the council's workbook; where a column holds [c], its total too).",
    "Each table has a Source column giving the sheet and row of the council's workbook each figure came from.",
    ctx.suppress
      ? `Small numbers: counts of 1 to 4 are shown as ${Shorthand.suppressed}, and further figures are suppressed where a total would otherwise reveal one.`
      : "Small numbers are NOT suppressed in this build: do not publish these papers as they stand.",
    "Pupil-level data stays in the council's workbook: placements are shown by a reference such as P0001, never by the pupil's reference.",
    skipped === 0
      ? "Every row of the workbook's tables was used."
      : `${skipped} row${skipped === 1 ? "" : "s"} of the workbook's tables could not be used; the checks on the papers list them with the reason.`,
    "The Checks sheet lists every check; the cover shows whether they all pass. Each failed check says how to fix it.",
    ...extra,
  ];
  const table = layTable(sheet, {
    name: "NotesList",
    altText: `${notes.length} numbered notes.`,
    columns: [
      { key: "n", header: "Note number", cell: (_: string, x) => numberCell(x.index + 1, NumFmt.count) },
      { key: "note", header: "Note", cell: (n: string) => textCell(n) },
    ],
    rows: notes,
  });
  sheet.freezeAtHeader(table.headerRow);
  writeHeading(sheet, "Shorthand used in the tables");
  const shorthand: [string, string][] = [
    [Shorthand.suppressed, "Suppressed: a count of 1 to 4, or a figure that would reveal one"],
    [Shorthand.notAvailable, "Not available"],
    [Shorthand.notApplicable, "Not applicable"],
    [Shorthand.estimate, "Estimate"],
    [Shorthand.provisional, "Provisional"],
  ];
  layTable(sheet, {
    name: "ShorthandList",
    altText: "The shorthand used in the tables and what each means.",
    columns: [
      { key: "s", header: "Shorthand", cell: (r: [string, string]) => textCell(r[0]) },
      { key: "m", header: "Meaning", cell: (r: [string, string]) => textCell(r[1]) },
    ],
    rows: shorthand,
  });
  return sheet.toSpec();
}

/** The Rules sheet: the dated parameters, their values as inputs, and their sources. */
export function buildRulesSheet(ctx: PaperContext): SheetSpec {
  const title = "Rules and parameters";
  const sheet = new SheetBuilder(RULES_SHEET, "rules", "rules", title);
  writeTitle(
    sheet,
    title,
    "This sheet holds the dated rules and parameters the papers use, each with its value, source and evidence.",
  );
  sheet.put(
    sheet.nextRow(),
    0,
    textCell(
      "Values in the Value column are inputs: change one and every paper that uses it recalculates.",
      "label",
    ),
  );
  if (sheet.cursor !== RULES_HEADER_ROW)
    throw new InternalError("Rules sheet layout out of step with rules.ts");
  const table = layTable(sheet, {
    name: "RulesParameters",
    altText: `${ctx.rules.list.length} rules and parameters with their values and sources.`,
    columns: [
      { key: "rule", header: "Rule", cell: (r: ResolvedRule) => textCell(r.label) },
      { key: "value", header: "Value", cell: (r: ResolvedRule) => numberCell(r.value, r.numFmt, "input") },
      { key: "unit", header: "Unit", cell: (r: ResolvedRule) => textCell(r.unit) },
      {
        key: "applies",
        header: "Applies to",
        cell: (r: ResolvedRule) => textCell(r.fromWorkbook ? "This council (its own value)" : r.appliesTo),
      },
      {
        key: "source",
        header: "Source",
        cell: (r: ResolvedRule) =>
          textCell(
            r.fromWorkbook
              ? `The council's workbook${r.workbookSource ? ` (${r.workbookSource.sheet} row ${r.workbookSource.row})` : ""}; national default ${r.key === "hourlyRate" ? "example" : "value"} from ${r.source}`
              : r.source,
          ),
      },
      {
        key: "date",
        header: "Source dated",
        cell: (r: ResolvedRule) => textCell(r.fromWorkbook ? "The workbook's own value" : r.sourceDate),
      },
      {
        key: "evidence",
        header: "Evidence",
        cell: (r: ResolvedRule) => textCell(r.fromWorkbook ? "The council's own value" : r.evidence),
      },
      { key: "used", header: "Used by", cell: (r: ResolvedRule) => textCell(r.usedBy) },
    ],
    rows: ctx.rules.list,
  });
  ctx.rules.list.forEach((r, i) => {
    if (table.firstRow + i !== r.row) throw new InternalError("Rules sheet rows out of step with rules.ts");
  });
  sheet.freezeAtHeader(table.headerRow);
  writeNotes(sheet, [
    "[S]: stated in a source that was read (its address is given). [K]: background knowledge not confirmed in the sources read; check the DfE guidance for the year before relying on it.",
    "Where the council's workbook gives its own value (weeks a year, the mainstream threshold, the hourly rate), that value is used and the sheet says so.",
    "Rules change each year: check the DfE schools and high needs operational guides and the DSG conditions of grant for the year of the papers.",
  ]);
  return sheet.toSpec();
}
