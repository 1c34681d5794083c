/**
 * Recommendations bound to the figures (SPEC "Beyond the papers"): a decision or consultation
 * paper states what the Forum is asked to do as one formula that builds the sentence from the
 * paper's own cells, so a figure changed in the workbook never leaves stale words behind:
 *
 *   ="The Forum is asked to agree a transfer of "&TEXT(ROUND($B$14,0),"£#,##0")&" ("&
 *    TEXT($B$13,"0.00%")&" of the Schools Block) to the High Needs Block for "&$B$52&"."
 *   → "The Forum is asked to agree a transfer of £1,575,705 (0.50% of the Schools Block) to the
 *      High Needs Block for 2026-27."
 *
 * A paper declares its sentence as parts: literal text, and cells with the kind of figure each
 * holds. This module writes the "Recommendation" block (a heading and the sentence, plus the
 * financial year as a labelled cell when the sentence names it) and works out the cached text in
 * TypeScript by the same rules the formula follows, so a reader that does not recalculate sees
 * the sentence a spreadsheet will show. The cover lists every paper's sentence by reference.
 *
 * Why these format strings, and the ROUND inside TEXT: they are the formats whose TEXT result is
 * the same in Excel and LibreOffice (measured in LibreOffice 7.4, test/papers/recommendation.test.ts)
 * and that the build's evaluator (evaluate/values.ts formatText) implements. A negative amount
 * that rounds to £0 (−0.4) is "-£0" in Excel's TEXT but "£0" in LibreOffice's; rounding first
 * gives 0, which both write as "£0". Multi-section formats ("£#,##0;(£#,##0)") work in both
 * engines but not in the build's evaluator, so a negative amount reads "-£1,234" in a sentence.
 * Format codes in TEXT follow the spreadsheet's locale: these are the English (UK) codes.
 */

import { InternalError } from "../core/errors";
import { formatPounds, roundHalfUp } from "../core/money";
import { formatUkDate } from "../core/dates";
import { writeHeading } from "./blocks";
import { formulaCell, textCell } from "./cells";
import type { PaperBuild, PaperContext } from "./house";
import { PAPERS, type PaperId } from "./registry";
import type { CellAt, SheetBuilder } from "./sheet-builder";
import type { CellValue } from "./spec";

/**
 * How a figure is written in a sentence, UK style:
 * - `pounds`: whole pounds with separators, "£1,575,705";
 * - `pounds-pence`: always to the penny, "£1,575,705.00";
 * - `amount`: pence only when the figure has them, "£1,575,705" or "£1,575,705.37";
 * - `percent`: two decimal places, "0.50%";
 * - `count`: a whole number with separators, "3,000";
 * - `year-label`: a cell holding a financial year label as text, "2026-27", used as it is;
 * - `date`: dd/mm/yyyy, "31/10/2026".
 */
export type FigureKind = "pounds" | "pounds-pence" | "amount" | "percent" | "count" | "year-label" | "date";

/** The paper's financial year (ctx.financialYear), written by the block itself as a labelled cell. */
export const FINANCIAL_YEAR = "financial-year";

/** A part of a recommendation: literal text, or a cell with the kind of figure it holds. */
export type RecommendationPart =
  | string
  | { readonly cell: CellAt; readonly kind: Exclude<FigureKind, "year-label"> }
  | {
      readonly cell: CellAt | typeof FINANCIAL_YEAR;
      readonly kind: "year-label";
      /** Text before the year ("for "), left out with the year when the papers' year is not known. */
      readonly lead?: string;
    };

/** The recommendation cell as written: where it is and the sentence it holds. */
export interface RecommendationCell extends CellAt {
  readonly value: string;
}

/** The TEXT format of each number kind (English codes: see the header). */
const TEXT_FORMAT = {
  pounds: "£#,##0",
  "pounds-pence": "£#,##0.00",
  percent: "0.00%",
  count: "#,##0",
  date: "dd/mm/yyyy",
} as const;

/** Excel limits a text constant inside a formula to 255 characters. */
const MAX_LITERAL = 255;

/** A text constant for a formula: quotes doubled, split into pieces Excel accepts. */
function literalFormula(text: string): string {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += MAX_LITERAL) pieces.push(text.slice(i, i + MAX_LITERAL));
  return pieces.map((piece) => `"${piece.replace(/"/g, '""')}"`).join("&");
}

/**
 * The formula text of one figure, reading the cell at `ref`.
 *
 * @example figureFormula("$B$14", "pounds") === 'TEXT(ROUND($B$14,0),"£#,##0")'
 */
export function figureFormula(ref: string, kind: FigureKind): string {
  switch (kind) {
    case "pounds":
      return `TEXT(ROUND(${ref},0),"${TEXT_FORMAT.pounds}")`;
    case "pounds-pence":
      return `TEXT(ROUND(${ref},2),"${TEXT_FORMAT["pounds-pence"]}")`;
    case "amount":
      return `IF(${ref}=ROUND(${ref},0),${figureFormula(ref, "pounds")},${figureFormula(ref, "pounds-pence")})`;
    case "percent":
    case "count":
    case "date":
      return `TEXT(${ref},"${TEXT_FORMAT[kind]}")`;
    case "year-label":
      return ref;
  }
}

/** Whole pounds or pence as TEXT writes them: a leading "-" for a negative, never brackets. */
function poundsAsText(value: number, dp: 0 | 2): string {
  const rounded = roundHalfUp(value, dp);
  const text = formatPounds(Math.abs(rounded), dp === 2);
  return rounded < 0 ? `-${text}` : text;
}

/**
 * What {@link figureFormula} gives for a cell holding `value`, worked out in TypeScript.
 * Throws for a value the kind cannot hold (a paper wired to the wrong cell is a bug of ours).
 *
 * @example figureText(1575705, "amount") === "£1,575,705"
 * @example figureText(0.005, "percent") === "0.50%"
 */
export function figureText(value: CellValue, kind: FigureKind): string {
  if (kind === "year-label") {
    // ✓ "2026-27" ✗ 2026, "2026/27", "[x] not given"
    if (typeof value !== "string" || !/^\d{4}-\d{2}$/.test(value))
      throw new InternalError(
        `A recommendation's year must be a label such as 2026-27; got ${String(value)}`,
      );
    return value;
  }
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new InternalError(`A recommendation's ${kind} figure must be a number; got ${String(value)}`);
  switch (kind) {
    case "pounds":
      return poundsAsText(value, 0);
    case "pounds-pence":
      return poundsAsText(value, 2);
    case "amount":
      return poundsAsText(value, value === roundHalfUp(value, 0) ? 0 : 2);
    case "percent": {
      const pct = roundHalfUp(value * 100, 2);
      return `${pct < 0 ? "-" : ""}${Math.abs(pct).toFixed(2)}%`;
    }
    case "count": {
      const whole = roundHalfUp(value, 0);
      return `${whole < 0 ? "-" : ""}${Math.abs(whole).toLocaleString("en-GB")}`;
    }
    case "date":
      return formatUkDate(Math.floor(value));
  }
}

/** A part with its cell resolved: the sheet-local reference and the value the cell holds. */
interface ResolvedPart {
  readonly text: string;
  readonly formula: string;
}

/**
 * The sentence's formula (without "=") and its text, from parts whose cells are resolved.
 * Neighbouring literals are joined, so the formula has one constant between two figures.
 */
export function sentenceOf(parts: readonly ResolvedPart[]): { formula: string; text: string } {
  const pieces: string[] = [];
  let literal = "";
  let text = "";
  for (const part of parts) {
    text += part.text;
    if (part.formula === "") {
      literal += part.text;
      continue;
    }
    if (literal !== "") pieces.push(literalFormula(literal));
    literal = "";
    pieces.push(part.formula);
  }
  if (literal !== "") pieces.push(literalFormula(literal));
  if (pieces.length === 0) throw new InternalError("A recommendation needs at least one part");
  return { formula: pieces.join("&"), text };
}

/**
 * The "Recommendation" block of a decision or consultation paper: a heading, the sentence as one
 * formula over the paper's cells (column A, running on to the right), and, when the sentence
 * names the papers' financial year, that year as a labelled cell the formula reads.
 *
 * @param sheet The paper's sheet; the cells the parts name must already be written on it.
 * @param ctx The build context (the paper's purpose, the financial year).
 * @param id The paper.
 * @param parts The sentence: literal text and cells with their {@link FigureKind}.
 * @returns The sentence's cell (for the cover), or undefined for a paper whose purpose is
 *   information: it asks the Forum for nothing, so it carries no recommendation.
 */
export function writeRecommendation(
  sheet: SheetBuilder,
  ctx: PaperContext,
  id: PaperId,
  parts: readonly RecommendationPart[],
): RecommendationCell | undefined {
  if (ctx.purposeOf(id) === "information") return undefined;
  writeHeading(sheet, "Recommendation");
  const sentenceRow = sheet.nextRow();
  const year = ctx.financialYear;
  let yearCell: CellAt | undefined;
  const resolved: ResolvedPart[] = [];
  for (const part of parts) {
    if (typeof part === "string") {
      resolved.push({ text: part, formula: "" });
      continue;
    }
    let cell: CellAt;
    let value: CellValue;
    if (part.cell === FINANCIAL_YEAR) {
      if (year === undefined) continue;
      if (!yearCell) {
        const row = sheet.nextRow();
        sheet.put(row, 0, textCell("Financial year the recommendation is for", "label"));
        sheet.put(row, 1, textCell(year, "input"));
        sheet.put(row, 2, textCell("The recommendation above reads this cell", "note"));
        yearCell = sheet.at(row, 1);
      }
      cell = yearCell;
      value = year;
    } else {
      cell = part.cell;
      const written = sheet.get(cell.row, cell.col);
      if (!written)
        throw new InternalError(`${sheet.name}!${cell.ref}: a recommendation reads an empty cell`);
      value = written.value;
    }
    if (part.kind === "year-label" && part.lead) resolved.push({ text: part.lead, formula: "" });
    resolved.push({ text: figureText(value, part.kind), formula: figureFormula(cell.abs, part.kind) });
  }
  const { formula, text } = sentenceOf(resolved);
  sheet.put(sentenceRow, 0, formulaCell(formula, text));
  return { ...sheet.at(sentenceRow, 0), value: text };
}

/**
 * The cover's "Recommendations" block: one row per paper that carries a recommendation, the
 * paper's sheet name and a formula reading its sentence, so the cover follows the paper. Writes
 * nothing when no paper in the pack asks the Forum for a decision or its views.
 */
export function writeRecommendationList(sheet: SheetBuilder, papers: readonly PaperBuild[]): void {
  const withRecommendation = papers.filter((p) => p.recommendation !== undefined);
  if (withRecommendation.length === 0) return;
  writeHeading(sheet, "Recommendations");
  for (const paper of withRecommendation) {
    const recommendation = paper.recommendation as RecommendationCell;
    const row = sheet.nextRow();
    sheet.put(row, 0, textCell(PAPERS[paper.id].sheet, "label"));
    sheet.put(row, 1, formulaCell(recommendation.xref, recommendation.value));
  }
}
