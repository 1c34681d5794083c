/**
 * The publication rules, each a pure function of the workbook model giving its failures. The
 * rules are the Government Analysis Function's "Releasing statistics in spreadsheets" guidance
 * and the WCAG 2.2 success criteria it rests on, as far as a file can show them; what each rule
 * can and cannot detect is said on the rule (and in docs/architecture.md).
 *
 * Hidden sheets are not checked (a reader of the published file does not see them); chart
 * sheets are checked for their name and their charts' alt text.
 */
import { areaA1, cellA1 } from "../../core/a1";
import { cellKey, isBlank, textAt, valueAt, type SheetModel, type WorkbookModel } from "./model";
import { inArea, numericColumns, tableRegions, type TableRegion } from "./tables";

/** The rules, by id. */
export const RULE_IDS = [
  "title-in-a1",
  "no-merged-cells",
  "no-blank-rows-or-columns",
  "one-header-row",
  "tables-marked",
  "alt-text",
  "not-colour-alone",
  "descriptive-sheet-names",
  "notes-explained",
  "hyperlink-text",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** What a rule asks, and where the rule comes from. */
export interface RuleInfo {
  readonly title: string;
  /** The guidance it applies, in a sentence with its source. */
  readonly source: string;
}

const GSS = 'Analysis Function, "Releasing statistics in spreadsheets"';

export const RULES: Readonly<Record<RuleId, RuleInfo>> = {
  "title-in-a1": {
    title: "Every sheet has its title in cell A1",
    source: `${GSS} (a title in cell A1 of every worksheet); WCAG 2.2 SC 2.4.6 Headings and Labels`,
  },
  "no-merged-cells": {
    title: "No merged cells",
    source: `${GSS} (do not merge cells); WCAG 2.2 SC 1.3.1 Info and Relationships`,
  },
  "no-blank-rows-or-columns": {
    title: "No blank rows or columns inside a table",
    source: `${GSS} (no blank rows or columns in tables); WCAG 2.2 SC 1.3.1 Info and Relationships`,
  },
  "one-header-row": {
    title: "Each table has one header row",
    source: `${GSS} (one row of column headings per table); WCAG 2.2 SC 1.3.1 Info and Relationships`,
  },
  "tables-marked": {
    title: "Tables are marked as tables",
    source: `${GSS} (mark up tables with Format as Table); WCAG 2.2 SC 1.3.1 Info and Relationships`,
  },
  "alt-text": {
    title: "Charts and images have alt text",
    source: `${GSS} (charts and images need alternative text); WCAG 2.2 SC 1.1.1 Non-text Content`,
  },
  "not-colour-alone": {
    title: "Meaning is not shown by colour alone",
    source: `${GSS} (do not use colour as the only way to show meaning); WCAG 2.2 SC 1.4.1 Use of Color`,
  },
  "descriptive-sheet-names": {
    title: "Sheet names say what the sheet holds",
    source: `${GSS} (give every worksheet a short, meaningful name); WCAG 2.2 SC 2.4.6 Headings and Labels`,
  },
  "notes-explained": {
    title: "Notes and shorthand are explained",
    source: `${GSS} (notes marked [note 1] and shorthand such as [x] and [c] are explained in a notes table or key)`,
  },
  "hyperlink-text": {
    title: "Link text says where the link goes",
    source: `${GSS} (descriptive link text); WCAG 2.2 SC 2.4.4 Link Purpose (In Context)`,
  },
};

/** One failure: the rule, where (a sheet and a cell or range, or an object), what and the fix. */
export interface Failure {
  readonly rule: RuleId;
  readonly sheet: string;
  /** The cell or range ("A10:B10"), when the failure has one. */
  readonly cell?: string;
  /** The chart, picture or shape, when the failure is about one: 'chart "Chart 1"'. */
  readonly object?: string;
  readonly message: string;
  readonly fix: string;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** "'HNB monitoring'!" style sheet names in messages: always quoted, as Excel shows them in links. */
function at(sheet: string, where: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${where}`;
}

/** A list of cells for a message: the first few, then how many more. */
function someCells(cells: readonly string[], shown = 3): string {
  const head = cells.slice(0, shown).join(", ");
  return cells.length > shown ? `${head} and ${cells.length - shown} more` : head;
}

/** Consecutive numbers as runs: [3,4,5,9] → [[3,5],[9,9]]. */
function runs(values: readonly number[]): [number, number][] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && v === last[1] + 1) last[1] = v;
    else if (!last || v !== last[1]) out.push([v, v]);
  }
  return out;
}

/** The widest row of a sheet's cells (its used columns). */
function usedColumns(sheet: SheetModel): number {
  return sheet.cells.reduce((max, row) => Math.max(max, row.length), 0);
}

/** Markers in the GSS style: [note 3], [x], [c], [z], [low] … (letters only, up to five). */
const MARKER = /\[(note\s*\d+|[a-z]{1,5})\]/gi;

/** The marker as compared: lower case, one space in "[note 3]". */
function normalMarker(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/^\[note ?(\d+)\]$/, "[note $1]");
}

function isMarkerText(text: string): boolean {
  return /^\[(note\s*\d+|[a-z]{1,5})\]$/i.test(text.trim());
}

function tableLabel(region: TableRegion): string {
  return region.name !== undefined ? `table ${region.name}` : `the table at ${areaA1(region.area)}`;
}

function checkedSheets(workbook: WorkbookModel, kind?: SheetModel["kind"]): SheetModel[] {
  return workbook.sheets.filter((s) => !s.hidden && (kind === undefined || s.kind === kind));
}

// ---------------------------------------------------------------------------------------------
// Title, merged cells, sheet names

/** A1 of every visible worksheet holds text (a number or an empty A1 is no title). */
export function titleInA1(workbook: WorkbookModel): Failure[] {
  return checkedSheets(workbook, "worksheet").flatMap((sheet): Failure[] => {
    const v = valueAt(sheet, 0, 0);
    if (typeof v === "string" && v.trim() !== "") return [];
    const what = isBlank(v) ? "cell A1 is empty" : `cell A1 holds ${JSON.stringify(v)}, not a title`;
    return [
      {
        rule: "title-in-a1",
        sheet: sheet.name,
        cell: "A1",
        message: `${at(sheet.name, "A1")}: ${what}`,
        fix: "Type the sheet's title (what it holds, and for which period) in cell A1, and start everything else below it.",
      },
    ];
  });
}

/** No merged range on a visible worksheet. */
export function noMergedCells(workbook: WorkbookModel): Failure[] {
  return checkedSheets(workbook, "worksheet").flatMap((sheet) =>
    sheet.merges.map((m): Failure => ({
      rule: "no-merged-cells",
      sheet: sheet.name,
      cell: areaA1(m),
      message: `${at(sheet.name, areaA1(m))} is merged`,
      fix: `Select ${areaA1(m)}, choose Home > Merge & Center > Unmerge Cells, and leave the text left-aligned in ${cellA1(m.top, m.left)}.`,
    })),
  );
}

/** Names Excel and LibreOffice give new sheets ("Sheet1", "Chart 2"), and names with no letters. */
const DEFAULT_SHEET_NAME =
  /^(sheet|chart|graph|tab|worksheet|untitled|new sheet|feuil|blad|hoja|tabelle)[\s_-]*\d*$/i;

/** Every visible sheet has a name that says what it holds. */
export function descriptiveSheetNames(workbook: WorkbookModel): Failure[] {
  return checkedSheets(workbook).flatMap((sheet): Failure[] => {
    const name = sheet.name.trim();
    const problem = DEFAULT_SHEET_NAME.test(name)
      ? `is the name a spreadsheet gives a new ${sheet.kind === "chartsheet" ? "chart sheet" : "sheet"}`
      : !/\p{L}/u.test(name)
        ? "has no words in it"
        : undefined;
    if (problem === undefined) return [];
    return [
      {
        rule: "descriptive-sheet-names",
        sheet: sheet.name,
        message: `the sheet name "${sheet.name}" ${problem}`,
        fix: `Rename the sheet (right-click its tab > Rename) to a short name saying what it holds, such as "HNB monitoring" or "Table_1".`,
      },
    ];
  });
}

// ---------------------------------------------------------------------------------------------
// Tables: blank rows and columns, header rows, marked as tables

/** The header text of a table column (the header row's cell), or "". */
function headerText(sheet: SheetModel, region: TableRegion, col: number): string {
  return region.headerRow === undefined ? "" : textAt(sheet, region.headerRow, col);
}

/** A column of a region with no header and nothing in its data rows. */
function blankColumns(sheet: SheetModel, region: TableRegion): number[] {
  const out: number[] = [];
  for (let col = region.area.left; col <= region.area.right; col++) {
    const header = headerText(sheet, region, col);
    // Excel names a table column it had no heading for "Column1", "Column2" …
    if (header !== "" && !/^Column\d+$/.test(header)) continue;
    let blank = true;
    for (let row = region.firstDataRow; row <= region.lastDataRow && blank; row++)
      blank = isBlank(valueAt(sheet, row, col));
    if (blank) out.push(col);
  }
  return out;
}

/** The rows of a table part's data with nothing in any of its columns. */
function blankDataRows(sheet: SheetModel, region: TableRegion): number[] {
  const out: number[] = [];
  for (let row = region.firstDataRow; row <= region.lastDataRow; row++) {
    let blank = true;
    for (let col = region.area.left; col <= region.area.right && blank; col++)
      blank = isBlank(valueAt(sheet, row, col));
    if (blank) out.push(row);
  }
  return out;
}

/** No blank row or blank column inside any table, marked or not. */
export function noBlankRowsOrColumns(workbook: WorkbookModel): Failure[] {
  const out: Failure[] = [];
  for (const sheet of checkedSheets(workbook, "worksheet")) {
    const { marked, unmarked } = tableRegions(sheet);
    for (const region of [...marked, ...unmarked]) {
      const rows = region.name !== undefined ? blankDataRows(sheet, region) : [...region.blankRows];
      for (const [from, to] of runs(rows)) {
        const area = { top: from, bottom: to, left: region.area.left, right: region.area.right };
        out.push({
          rule: "no-blank-rows-or-columns",
          sheet: sheet.name,
          cell: areaA1(area),
          message: `${from === to ? `row ${from + 1} is` : `rows ${from + 1} to ${to + 1} are`} blank inside ${tableLabel(region)} (${at(sheet.name, areaA1(area))})`,
          fix: `Delete the blank ${from === to ? "row" : "rows"} (select ${from === to ? `row ${from + 1}` : `rows ${from + 1}:${to + 1}`}, right-click > Delete); to mark a missing value, type a shorthand such as [x] and explain it on the Notes sheet.`,
        });
      }
      for (const [from, to] of runs(blankColumns(sheet, region))) {
        const area = { top: region.area.top, bottom: region.area.bottom, left: from, right: to };
        out.push({
          rule: "no-blank-rows-or-columns",
          sheet: sheet.name,
          cell: areaA1(area),
          message: `${from === to ? "a column" : "columns"} with no heading and no data ${from === to ? "is" : "are"} inside ${tableLabel(region)} (${at(sheet.name, areaA1(area))})`,
          fix: "Delete the blank column (right-click its letter > Delete); space columns with column widths, not empty columns.",
        });
      }
    }
  }
  return out;
}

/** Text cells (not shorthand markers) of a row in the given columns. */
function textCellsIn(sheet: SheetModel, row: number, cols: Iterable<number>): number[] {
  const out: number[] = [];
  for (const col of cols) {
    const v = valueAt(sheet, row, col);
    if (typeof v === "string" && v.trim() !== "" && !isMarkerText(v)) out.push(col);
  }
  return out;
}

/**
 * One header row per table. Fails for a table part with no header row; a header-like row
 * directly above a table's header (text over two or more of its number columns, and not part of
 * another table); and a second header under it (the first data row has text in two or more
 * columns that hold numbers in the rows below).
 */
export function oneHeaderRow(workbook: WorkbookModel): Failure[] {
  const out: Failure[] = [];
  for (const sheet of checkedSheets(workbook, "worksheet")) {
    const { marked, unmarked } = tableRegions(sheet);
    for (const region of [...marked, ...unmarked]) {
      const rowArea = (row: number) =>
        areaA1({ top: row, bottom: row, left: region.area.left, right: region.area.right });
      if (region.headerRow === undefined) {
        if (region.name === undefined) continue;
        out.push({
          rule: "one-header-row",
          sheet: sheet.name,
          cell: rowArea(region.area.top),
          message: `${tableLabel(region)} (${at(sheet.name, areaA1(region.area))}) has no header row`,
          fix: "Click in the table, and on the Table Design tab tick Header Row; then type a heading for each column.",
        });
        continue;
      }
      const numbers = numericColumns(sheet, region);
      const above = region.headerRow - 1;
      const aboveInOtherTable = marked.some((t) => t !== region && inArea(t.area, above, region.area.left));
      if (above >= 0 && !aboveInOtherTable) {
        const cols = textCellsIn(sheet, above, numbers);
        if (cols.length >= 2)
          out.push({
            rule: "one-header-row",
            sheet: sheet.name,
            cell: rowArea(above),
            message: `row ${above + 1}, above the header of ${tableLabel(region)}, is a second header row: it has text over the number columns ${someCells(cols.map((c) => cellA1(above, c)))}`,
            fix: `Join row ${above + 1}'s text into the column headings in row ${region.headerRow + 1} ("2025-26 budget (£)"), then delete row ${above + 1}.`,
          });
      }
      const first = region.firstDataRow;
      if (first < region.lastDataRow) {
        const below = numericColumns(sheet, { ...region, firstDataRow: first + 1 });
        const cols = textCellsIn(sheet, first, below);
        if (cols.length >= 2)
          out.push({
            rule: "one-header-row",
            sheet: sheet.name,
            cell: rowArea(first),
            message: `row ${first + 1}, the first row under the header of ${tableLabel(region)}, is a second header row: it has text in the number columns ${someCells(cols.map((c) => cellA1(first, c)))}`,
            fix: `Join row ${first + 1}'s text into the column headings in row ${region.headerRow + 1} (units go in the heading: "Budget (£)"), then delete row ${first + 1}.`,
          });
      }
    }
  }
  return out;
}

/** Every block laid out as a table (see tables.ts) is an Excel table. */
export function tablesMarked(workbook: WorkbookModel): Failure[] {
  return checkedSheets(workbook, "worksheet").flatMap((sheet) =>
    tableRegions(sheet).unmarked.map((region): Failure => ({
      rule: "tables-marked",
      sheet: sheet.name,
      cell: areaA1(region.area),
      message: `${at(sheet.name, areaA1(region.area))} is laid out as a table but is not marked as one`,
      fix: `Select ${areaA1(region.area)} and choose Home > Format as Table (tick "My table has headers"), then give the table a name on the Table Design tab.`,
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Alt text

/** A default object name Excel gives ("Chart 3", "Picture 1"): no description of anything. */
const DEFAULT_OBJECT_NAME =
  /^(chart|picture|image|graphic|rectangle|text ?box|shape|group|diagram|object)\s*\d*$/i;

/** Every chart, picture, shape and group on a visible sheet has alt text, or is marked decorative. */
export function altText(workbook: WorkbookModel): Failure[] {
  return checkedSheets(workbook).flatMap((sheet) =>
    sheet.drawn.flatMap((object): Failure[] => {
      if (object.decorative) return [];
      const missing = object.altText === "";
      const onlyName = !missing && object.altText === object.name && DEFAULT_OBJECT_NAME.test(object.name);
      if (!missing && !onlyName) return [];
      const label = `${object.kind} "${object.name}"`;
      const cell = object.anchor ? cellA1(object.anchor.row, object.anchor.col) : undefined;
      return [
        {
          rule: "alt-text",
          sheet: sheet.name,
          ...(cell !== undefined ? { cell } : {}),
          object: label,
          message: `the ${label} on ${sheet.name}${cell ? ` (at ${cell})` : ""} ${missing ? "has no alt text" : "has only its default name as alt text"}`,
          fix: `Right-click the ${object.kind} > View Alt Text and describe what it shows and its main message (for a chart: the measure, the period and the trend); tick "Mark as decorative" only for an object that carries no information.`,
        },
      ];
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Colour

/**
 * Words that say in text what a variance or RAG colour means: a status (overspend, on budget, at
 * risk, red/amber/green), a direction (increase, higher, above, surplus, deficit) or an arrow.
 */
const MEANING_WORDS =
  /\b(over ?spen[dt]|under ?spen[dt]|over budget|under budget|on budget|on target|on track|off track|at risk|red|amber|green|increased?|decreased?|increases|decreases|no change|unchanged|surplus|deficit|higher|lower|better|worse|above|below|ahead|behind|improved|worsened)\b|[▲▼↑↓↗↘]/i;
const STATUS_ALONE = /^(over|under|up|down|yes|no)$/i;

/** Headers of variance and RAG columns, whose own colours carry meaning when they differ. */
const VARIANCE_HEADER =
  /varian|movement|change|differen|\brag\b|status|rating|over.{0,4}under|risk|trend|direction|performance|compar/i;

/** Whether a row states its meaning in text, in the columns from `left` to `right`. */
function rowSaysMeaning(sheet: SheetModel, row: number, left: number, right: number): boolean {
  const cells = sheet.cells[row] ?? [];
  for (let col = left; col <= Math.min(right, cells.length - 1); col++) {
    const v = cells[col];
    if (typeof v !== "string") continue;
    if (MEANING_WORDS.test(v) || STATUS_ALONE.test(v.trim())) return true;
  }
  return false;
}

/** The rows whose key differs from the most common key among `rows` (none when all agree). */
function unusual(rows: readonly number[], key: (row: number) => string): number[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  if (counts.size < 2) return [];
  // The most common key is the column's usual look; on a tie, no colour is the usual one.
  const usual = [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || (a[0] === "" ? -1 : b[0] === "" ? 1 : 0),
  )[0][0];
  return rows.filter((row) => key(row) !== usual);
}

/** The columns a cell's row is read across for its meaning: its table's, or the whole row. */
function rowSpan(regions: readonly TableRegion[], width: number, row: number, col: number): [number, number] {
  const region = regions.find((r) => inArea(r.area, row, col));
  return region ? [region.area.left, region.area.right] : [0, width - 1];
}

function colourFix(what: string): string {
  return `${what} Keep the colour if you like, but add the meaning in text: a column such as "Over or under budget" with "Overspend"/"Underspend", or "RAG rating" with "Red"/"Amber"/"Green", in the same row.`;
}

/**
 * Meaning not by colour alone, as far as a file shows it:
 * - a conditional format that sets a fill or font colour, or is a colour scale, data bars or an
 *   icon set, on cells that hold something, where nothing in the cell's row (its table's
 *   columns) says the meaning in words (MEANING_WORDS);
 * - in a variance or RAG column of a table (VARIANCE_HEADER), data cells whose own fill or font
 *   colour differs from the column's usual one, with nothing in their row saying the meaning;
 * - a number format that colours numbers without any other difference ("#,##0;[Red]#,##0").
 * A signed number alone does not count as the meaning in text: a colour usually adds a judgement
 * (significant, red/amber/green) that the sign does not carry, and a reader cannot tell which.
 */
export function notColourAlone(workbook: WorkbookModel): Failure[] {
  const out: Failure[] = [];
  for (const sheet of checkedSheets(workbook, "worksheet")) {
    const { marked, unmarked } = tableRegions(sheet);
    const regions = [...marked, ...unmarked];
    const width = usedColumns(sheet);
    for (const format of sheet.conditionalFormats) {
      const failing: string[] = [];
      for (const area of format.areas) {
        const bottom = Math.min(area.bottom, sheet.cells.length - 1);
        for (let row = area.top; row <= bottom; row++) {
          const right = Math.min(area.right, (sheet.cells[row]?.length ?? 0) - 1);
          for (let col = area.left; col <= right; col++) {
            if (isBlank(valueAt(sheet, row, col))) continue;
            const [l, r] = rowSpan(regions, width, row, col);
            if (!rowSaysMeaning(sheet, row, l, r)) failing.push(cellA1(row, col));
          }
        }
      }
      if (failing.length === 0) continue;
      out.push({
        rule: "not-colour-alone",
        sheet: sheet.name,
        cell: format.sqref,
        message: `a conditional format on ${at(sheet.name, format.sqref)} gives ${format.effect}, and nothing in the rows of ${someCells(failing)} says in words what the colour means`,
        fix: colourFix("The colour is the only sign of what it means."),
      });
    }
    for (const region of regions) {
      if (region.headerRow === undefined) continue;
      for (let col = region.area.left; col <= region.area.right; col++) {
        const header = textAt(sheet, region.headerRow, col);
        if (!VARIANCE_HEADER.test(header)) continue;
        // Fills are compared over every data cell (a filled empty cell still shows its colour),
        // font colours over the cells that show something.
        const rows: number[] = [];
        for (let row = region.firstDataRow; row <= region.lastDataRow; row++) rows.push(row);
        const style = (row: number) => (sheet.colours.get(cellKey(row, col)) ?? "|").split("|");
        const shown = rows.filter((row) => !isBlank(valueAt(sheet, row, col)));
        const odd = new Set([
          ...unusual(rows, (row) => style(row)[0]),
          ...unusual(shown, (row) => style(row)[1] ?? ""),
        ]);
        const failing = rows
          .filter((row) => odd.has(row) && !rowSaysMeaning(sheet, row, region.area.left, region.area.right))
          .map((row) => cellA1(row, col));
        if (failing.length === 0) continue;
        out.push({
          rule: "not-colour-alone",
          sheet: sheet.name,
          cell: failing[0],
          message: `in the column "${header}" of ${tableLabel(region)}, ${someCells(failing)} ${failing.length === 1 ? "is" : "are"} coloured differently from the rest of the column, and nothing in ${failing.length === 1 ? "its row" : "their rows"} says in words what the colour means`,
          fix: colourFix("The fill or font colour is the only sign of what it means."),
        });
      }
    }
    const byFormat = new Map<string, string[]>();
    for (const [key, code] of sheet.colourOnlyFormats) {
      const [row, col] = key.split(",").map(Number);
      if (typeof valueAt(sheet, row, col) !== "number") continue;
      byFormat.set(code, [...(byFormat.get(code) ?? []), cellA1(row, col)]);
    }
    for (const [code, cells] of byFormat)
      out.push({
        rule: "not-colour-alone",
        sheet: sheet.name,
        cell: cells[0],
        message: `${someCells(cells)} on ${sheet.name} use the number format ${JSON.stringify(code)}, which shows some numbers differently only by colour`,
        fix: 'Change the number format (Format Cells > Number > Custom) so that negative numbers keep a minus sign or brackets: "#,##0;[Red]-#,##0" or "£#,##0;(£#,##0)".',
      });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Notes and shorthand

/** Sheets a notes table or a key of shorthand is looked for on. */
const KEY_SHEET =
  /note|key|shorthand|symbol|abbreviation|glossary|legend|definition|cover|about|read ?me|information/i;
/** After a marker, the start of its explanation: "[x]: not available", "[c] = suppressed". */
const EXPLAINS = /^\s*(?:[:=–—-]|means\b|stands for\b|shows\b|indicates\b)\s*\S/i;

/** The markers a workbook's key entries explain (normalised, see normalMarker). */
function explainedMarkers(workbook: WorkbookModel): Set<string> {
  const explained = new Set<string>();
  for (const sheet of checkedSheets(workbook, "worksheet")) {
    const keySheet = KEY_SHEET.test(sheet.name);
    sheet.cells.forEach((cells, row) => {
      cells.forEach((v, col) => {
        if (isBlank(v)) return;
        const text = String(v).trim();
        // "[S]: stated in a source" anywhere in the workbook explains [S].
        for (const m of text.matchAll(MARKER))
          if (EXPLAINS.test(text.slice(m.index! + m[0].length))) explained.add(normalMarker(m[0]));
        if (!keySheet) return;
        // A key row: the marker alone in a cell, its meaning in text to its right.
        const hasMeaning = [1, 2, 3].some((d) => {
          const right = cells[col + d];
          return typeof right === "string" && right.trim() !== "" && !isMarkerText(right);
        });
        if (!hasMeaning) return;
        if (isMarkerText(text)) explained.add(normalMarker(text));
        const note = /^(?:note\s*)?(\d+)$/i.exec(text);
        if (note && (/^note/i.test(text) || columnHeadedNote(sheet, row, col)))
          explained.add(`[note ${note[1]}]`);
      });
    });
  }
  return explained;
}

/** Whether a text cell above (within 50 rows) in the same column mentions notes: "Note number". */
function columnHeadedNote(sheet: SheetModel, row: number, col: number): boolean {
  for (let r = row - 1; r >= Math.max(0, row - 50); r--) {
    const v = valueAt(sheet, r, col);
    if (typeof v === "string" && /note/i.test(v)) return true;
  }
  return false;
}

/**
 * Every note marker ([note 3]) and shorthand ([x], [c], [z] …) used on a visible sheet is
 * explained: on a notes or key sheet (a sheet named Notes, Key, Cover, Shorthand, Glossary …) a
 * cell holding just the marker (or the note's number, in a column headed "Note …") with its
 * meaning in text to its right; or anywhere, the marker followed by ":", "=" or a dash and its
 * meaning ("[S]: stated in a source").
 */
export function notesExplained(workbook: WorkbookModel): Failure[] {
  const explained = explainedMarkers(workbook);
  const uses = new Map<string, { sheet: string; cells: string[]; written: string }[]>();
  for (const sheet of checkedSheets(workbook, "worksheet")) {
    sheet.cells.forEach((cells, row) =>
      cells.forEach((v, col) => {
        if (typeof v !== "string" || !v.includes("[")) return;
        for (const m of v.matchAll(MARKER)) {
          const marker = normalMarker(m[0]);
          if (explained.has(marker)) continue;
          const list = uses.get(marker) ?? [];
          let entry = list.find((e) => e.sheet === sheet.name);
          if (!entry) list.push((entry = { sheet: sheet.name, cells: [], written: m[0] }));
          if (!entry.cells.includes(cellA1(row, col))) entry.cells.push(cellA1(row, col));
          uses.set(marker, list);
        }
      }),
    );
  }
  const out: Failure[] = [];
  for (const [marker, list] of uses) {
    const note = /^\[note (\d+)\]$/.exec(marker);
    for (const use of list)
      out.push({
        rule: "notes-explained",
        sheet: use.sheet,
        cell: use.cells[0],
        message: `${use.written} is used in ${at(use.sheet, someCells(use.cells))} but no notes table or key explains it`,
        fix: note
          ? `Add note ${note[1]} to the notes table on the Notes sheet (a "Note number" column holding ${note[1]}, and the note's text beside it).`
          : `Add ${use.written} to the key of shorthand on the Notes (or Cover) sheet: ${use.written} in one cell and what it means in the cell to its right.`,
      });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hyperlinks

/** Link text that says nothing about where the link goes. */
const GENERIC_LINK_TEXT = new Set([
  "click here",
  "click",
  "here",
  "link",
  "this link",
  "click this link",
  "more",
  "read more",
  "more info",
  "more information",
  "further information",
  "find out more",
  "details",
  "this",
  "this page",
  "go",
  "see here",
  "website",
  "web page",
  "url",
]);
const URL_TEXT =
  /^(https?:\/\/|ftp:\/\/|www\.|mailto:)\S*$|^[\w-]+(\.[\w-]+)*\.(uk|com|org|net|gov|int|eu|io)(\/\S*)?$/i;

/** Every hyperlink's text says where it goes: not empty, not a bare address, not "click here". */
export function hyperlinkText(workbook: WorkbookModel): Failure[] {
  return checkedSheets(workbook, "worksheet").flatMap((sheet) =>
    sheet.hyperlinks.flatMap((link): Failure[] => {
      const text = textAt(sheet, link.row, link.col) || (link.display ?? "").trim();
      const plain = text
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s]/gu, " ")
        .replace(/\s+/g, " ")
        .trim();
      const problem =
        text === ""
          ? "has no text"
          : URL_TEXT.test(text)
            ? `shows a bare address (${text})`
            : GENERIC_LINK_TEXT.has(plain)
              ? `says only "${text}"`
              : undefined;
      if (problem === undefined) return [];
      const cell = cellA1(link.row, link.col);
      const goesTo = link.url ?? link.location;
      return [
        {
          rule: "hyperlink-text",
          sheet: sheet.name,
          cell,
          message: `the link in ${at(sheet.name, cell)}${goesTo ? ` (to ${goesTo})` : ""} ${problem}`,
          fix: `Change the cell's text to say where the link goes, such as "DfE high needs funding guidance 2026-27" (${link.formula ? "the second argument of HYPERLINK" : "right-click > Edit Hyperlink > Text to display"}).`,
        },
      ];
    }),
  );
}

/** Every rule, in the order failures are listed. */
export const CHECKS: Readonly<Record<RuleId, (workbook: WorkbookModel) => Failure[]>> = {
  "title-in-a1": titleInA1,
  "no-merged-cells": noMergedCells,
  "no-blank-rows-or-columns": noBlankRowsOrColumns,
  "one-header-row": oneHeaderRow,
  "tables-marked": tablesMarked,
  "alt-text": altText,
  "not-colour-alone": notColourAlone,
  "descriptive-sheet-names": descriptiveSheetNames,
  "notes-explained": notesExplained,
  "hyperlink-text": hyperlinkText,
};
