/**
 * Header matching: how sure are we that a column headed "Forecast outturn £" holds a dataset's
 * "forecast" field, and which dataset does a whole table look like?
 *
 * Three steps, each small enough to check by hand:
 * 1. {@link normaliseHeader} reduces a header to plain lower-case words ("Annual budget (£000):"
 *    → "annual budget"), the same way for the workbook's headers and for the synonyms.
 * 2. {@link scoreHeader} scores one header against a field's synonyms: 1.0 for the same words,
 *    0.7–0.8 when one contains the other on word boundaries, at most 0.6 for shared words.
 * 3. {@link matchTable} gives each field its best column, greedily by score, each column used once,
 *    visible columns before hidden ones; the dataset's confidence is the weighted mean of the field
 *    scores (required fields weigh 3, optional 1), scaled by how much of the table is explained.
 *
 * {@link assignTables} then picks, for the whole workbook, the table for each dataset that
 * maximises the total confidence (one table per dataset, one dataset per table).
 */

import {
  ASSUMPTION_ITEMS,
  DATASETS,
  type AssumptionKey,
  type DatasetDef,
  type DatasetId,
  type FieldDef,
} from "./datasets";
import { columnLetter } from "./mapping";
import { roleWordIn } from "./role-words";
import type { Evidence } from "./crosscheck";

// ---------------------------------------------------------------------------------------------
// Normalising

// Currency markers that say what unit a column is in, not what it holds. Worked examples:
//   "Annual budget (£)"     → "Annual budget "       "Budget £000" → "Budget "
//   "Forecast (£'000)"      → "Forecast "            "Spend £m"    → "Spend "
//   "£ per year"            → " per year"
// The bracketed form goes first so its brackets go with it.
const CURRENCY_MARKER = /\(\s*£\s*(?:'?000s?|k|m|bn)?\s*\)|£\s*(?:'?000s?|k|m|bn)(?![a-z0-9])|£/gi;
// Anything that is not a letter, digit, "%", "/" or "-" separates words: ":" "*" "(" "," "–" "."
// "Pupils (Oct census)*" → "pupils  oct census " → "pupils oct census".
const SEPARATOR = /[^a-z0-9%/-]+/g;
// "/" and "-" stay inside words ("maintained/academy", "post-16", "write-offs") but are trimmed
// from a word's ends: "- annual" and "b/f/" lose the stray marks.
const EDGE_MARKS = /^[-/]+|[-/]+$/g;

/**
 * A header (or synonym, or item label) as plain lower-case words: "£" markers and punctuation
 * dropped, "%" kept as a word, spaces collapsed.
 *
 * @example normaliseHeader("  Annual Budget (£000): ") === "annual budget"
 * @example normaliseHeader("Transfer %") === "transfer %"
 * @example normaliseHeader("Maintained/Academy*") === "maintained/academy"
 */
export function normaliseHeader(text: string): string {
  const lower = text.toLowerCase().replace(CURRENCY_MARKER, " ").replace(/%/g, " % ");
  const words = lower.split(SEPARATOR);
  let out = "";
  for (const raw of words) {
    const word = raw.replace(EDGE_MARKS, "");
    if (word === "") continue;
    out = out === "" ? word : `${out} ${word}`;
  }
  return out;
}

// "£000", "£'000", "£k", "(000s)" headers: the column is in thousands of pounds.
//   "Budget £000" → 1000     "Forecast (£'000)" → 1000     "Spend £m" → 1000000
const THOUSANDS = /£\s*'?000|£\s*k(?![a-z])|\(\s*'?000s?\s*\)|£\s*thousands?/i;
const MILLIONS = /£\s*m(?![a-z])|£\s*millions?|£\s*bn(?![a-z])/i;

/**
 * The multiplier that turns a money column's figures into cash pounds, from its header: 1000 for
 * "£000"/"£k", 1,000,000 for "£m", otherwise 1. ("£bn" is taken as millions' bigger brother: 1e9.)
 *
 * @example headerScale("Annual budget £000") === 1000
 */
export function headerScale(header: string): number {
  if (/£\s*bn(?![a-z])/i.test(header)) return 1e9;
  if (MILLIONS.test(header)) return 1e6;
  if (THOUSANDS.test(header)) return 1e3;
  return 1;
}

// ---------------------------------------------------------------------------------------------
// Scoring one header against synonyms

/** Words too common to identify a column on their own ("hours per week" vs "hours a week"). */
const STOPWORDS = new Set([
  "a",
  "an",
  "the",
  "of",
  "per",
  "to",
  "from",
  "at",
  "in",
  "on",
  "for",
  "and",
  "or",
  "by",
  "is",
  "as",
  "&",
]);

interface Prepared {
  readonly text: string;
  /** " text " so word-boundary containment is one `includes`. */
  readonly padded: string;
  readonly words: number;
  /** Content words (no stopwords), for the token-overlap score. */
  readonly content: readonly string[];
  readonly onlyStopwords: boolean;
}

function prepare(text: string): Prepared {
  const norm = normaliseHeader(text);
  const all = norm === "" ? [] : norm.split(" ");
  const content = all.filter((w) => !STOPWORDS.has(w));
  return { text: norm, padded: ` ${norm} `, words: all.length, content, onlyStopwords: content.length === 0 };
}

/** The lowest score that lets a header claim a field (two shared words out of two, or better). */
export const MIN_FIELD_SCORE = 0.45;

/**
 * Score a prepared header against one prepared synonym.
 *
 * - Same words: 1.0 ("Forecast outturn £" vs "forecast outturn").
 * - One contains the other on word boundaries: 0.7 + 0.1 × the share of the longer one covered, so a
 *   longer synonym beats a shorter one ("Schools block before recoupment" vs "schools block before
 *   recoupment" 0.8+ beats "schools block" 0.74). A synonym of only stopwords ("to", "from") never
 *   matches by containment, and a header must be 3+ characters to be found inside a synonym.
 * - Otherwise shared content words: 0.6 × shared ÷ the larger count ("Start of placement" vs
 *   "placement start": 2 of 2 → 0.6).
 */
function scorePrepared(h: Prepared, s: Prepared): number {
  if (h.text === "" || s.text === "") return 0;
  if (h.text === s.text) return 1;
  if (!s.onlyStopwords && h.padded.includes(s.padded)) return 0.7 + (0.1 * s.words) / h.words;
  if (!h.onlyStopwords && h.text.length >= 3 && s.padded.includes(h.padded))
    return 0.7 + (0.1 * h.words) / s.words;
  if (h.content.length === 0 || s.content.length === 0) return 0;
  let shared = 0;
  for (const w of h.content) if (s.content.includes(w)) shared++;
  if (shared === 0) return 0;
  return (0.6 * shared) / Math.max(h.content.length, s.content.length);
}

const preparedSynonyms = new Map<readonly string[], readonly Prepared[]>();
function synonymsOf(list: readonly string[]): readonly Prepared[] {
  let p = preparedSynonyms.get(list);
  if (!p) {
    p = list.map(prepare);
    preparedSynonyms.set(list, p);
  }
  return p;
}

function bestScore(h: Prepared, synonyms: readonly Prepared[]): number {
  let best = 0;
  for (const s of synonyms) {
    const score = scorePrepared(h, s);
    if (score > best) best = score;
    if (best === 1) break;
  }
  return best;
}

/**
 * How well a header names a field: the best score over the field's synonyms, 0–1.
 *
 * @example scoreHeader("Forecast outturn £", ["forecast outturn", "forecast"]) === 1
 * @example scoreHeader("Hours per week (TA)", ["hours per week"]) ≈ 0.775
 */
export function scoreHeader(header: string, synonyms: readonly string[]): number {
  return bestScore(prepare(header), synonymsOf(synonyms));
}

// Every field synonym of every dataset, for telling a header row from a data row.
let allFieldSynonyms: readonly Prepared[] | undefined;
const headerScoreCache = new Map<string, number>();

/**
 * How much a cell's text looks like a known column header: its best score against any field of any
 * dataset (0–1). Used by table detection to choose between header-like rows; cached by text.
 */
export function knownHeaderScore(text: string): number {
  const cached = headerScoreCache.get(text);
  if (cached !== undefined) return cached;
  if (!allFieldSynonyms) {
    const seen = new Set<string>();
    const list: Prepared[] = [];
    for (const def of Object.values(DATASETS)) {
      for (const field of def.fields) {
        for (const s of synonymsOf(field.synonyms)) {
          if (!seen.has(s.text)) {
            seen.add(s.text);
            list.push(s);
          }
        }
      }
    }
    allFieldSynonyms = list;
  }
  const score = bestScore(prepare(text), allFieldSynonyms);
  if (headerScoreCache.size > 5000) headerScoreCache.clear();
  headerScoreCache.set(text, score);
  return score;
}

// ---------------------------------------------------------------------------------------------
// Assumption items (the key-value table)

const ITEM_KEYS = Object.keys(ASSUMPTION_ITEMS) as AssumptionKey[];

/**
 * Which assumption an item label names, if any: the key whose synonyms score best, at least 0.7
 * (same words, or containment; shared words alone are too loose for a label).
 *
 * @example matchAssumptionItem("Schools Block before recoupment (2026-27)")?.key === "schoolsBlock"
 * @example matchAssumptionItem("Schools block is estimate?")?.key === "schoolsBlockIsEstimate"
 */
export function matchAssumptionItem(label: string): { key: AssumptionKey; score: number } | undefined {
  const h = prepare(label);
  if (h.text === "") return undefined;
  let best: { key: AssumptionKey; score: number } | undefined;
  for (const key of ITEM_KEYS) {
    const score = bestScore(h, synonymsOf(ASSUMPTION_ITEMS[key].synonyms));
    if (score >= 0.7 && (!best || score > best.score)) best = { key, score };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Matching a table's header row to a dataset

/** One non-empty header cell of a candidate table. */
export interface HeaderCell {
  /** Zero-based worksheet column. */
  readonly column: number;
  /**
   * The header text as written (trimmed); for a column under a group title of a two-row header,
   * the title and the name joined: "Current banding Band".
   */
  readonly text: string;
  /** Two-row headers: the group title above the column ("Current banding"). */
  readonly group?: string;
  /** Two-row headers: the column's own name below the group title ("Band"). */
  readonly name?: string;
  readonly hidden: boolean;
}

/** A field's chosen column. */
export interface FieldMatch {
  readonly field: string;
  /** Zero-based worksheet column. */
  readonly column: number;
  readonly header: string;
  readonly score: number;
}

/** A value column of a wide table (the proposed bands: one per setting). */
export interface ValueColumn {
  readonly header: string;
  /** Zero-based worksheet column. */
  readonly column: number;
}

/** How well one table fits one dataset, and the columns that fit. */
export interface TableMatch {
  readonly dataset: DatasetId;
  /** 0–1. Below {@link MIN_CONFIDENCE} the table is not used for the dataset. */
  readonly confidence: number;
  readonly fields: readonly FieldMatch[];
  readonly valueColumns: readonly ValueColumn[];
  /** Required fields with no column (keys). */
  readonly missingRequired: readonly string[];
  /**
   * What the user should know about the columns chosen: which of two columns with the same
   * header was used, and why. One sentence each, naming the column letters.
   */
  readonly notes: readonly string[];
  /**
   * Evidence from the table's values and the workbook's other tables (evidence.ts): identifiers
   * that are or are not URNs/LAESTABs, providers found or not on the school list. Carried to the
   * mapping's review (crosscheck.ts) so the user sees it beside the field.
   */
  readonly evidence?: readonly Evidence[];
}

/** How well a column's values fit a field's type, from the table's rows (see detect.ts columnFit). */
export interface ColumnFit {
  /** Rows whose value in the column fits the type. */
  readonly fits: number;
  /** Rows looked at. */
  readonly rows: number;
}

/** What matching may look at beyond the header texts: the table's values. */
export interface MatchContent {
  /** For wide tables: whether a column's data is mostly numbers. */
  readonly isNumericColumn?: (column: number) => boolean;
  /** For headers that repeat ("Pupils" twice): how well a column's values fit a field type. */
  readonly columnFit?: (column: number, type: FieldDef["type"]) => ColumnFit;
}

/** A table must reach this confidence to be used for a dataset automatically. */
export const MIN_CONFIDENCE = 0.5;
/** Confidence cap when a required field has no column: low enough never to be used. */
const MISSING_REQUIRED_CAP = 0.3;
/** How much of the confidence depends on the share of the table's columns explained. */
const COVERAGE_WEIGHT = 0.2;
/** The same for wide tables (the proposed bands), whose every column should be explained. */
const WIDE_COVERAGE_WEIGHT = 0.5;
const REQUIRED_WEIGHT = 3;
const OPTIONAL_WEIGHT = 1;

// Wide-table value columns are amounts per setting. A column whose header is exactly a number- or
// date-type field of another dataset ("Hours per week", "Start date") is not a setting: without
// this, the current band table ("Band | Hours per week") would look like a one-setting tariff.
let nonSettingHeaders: Set<string> | undefined;
function isNonSettingHeader(norm: string): boolean {
  if (!nonSettingHeaders) {
    nonSettingHeaders = new Set();
    for (const def of Object.values(DATASETS)) {
      for (const field of def.fields) {
        if (field.type === "number" || field.type === "date") {
          for (const s of synonymsOf(field.synonyms)) nonSettingHeaders.add(s.text);
        }
      }
    }
  }
  return nonSettingHeaders.has(norm);
}

interface Pair {
  readonly fieldIndex: number;
  readonly cellIndex: number;
  /** The field score, 0–1. */
  readonly score: number;
  /** The score plus a tie-breaking bonus when the cell's group title names the field. */
  readonly rank: number;
}

/** A header cell made ready for scoring: its whole text, and a two-row header's parts. */
interface PreparedCell {
  readonly full: Prepared;
  readonly name?: Prepared;
  /** Content words of the group title that the name does not have ("current", "banding"). */
  readonly groupWords: readonly string[];
}

function prepareCell(h: HeaderCell): PreparedCell {
  const full = prepare(h.text);
  if (h.name === undefined || h.group === undefined) return { full, groupWords: [] };
  const name = prepare(h.name);
  const groupWords = prepare(h.group).content.filter((w) => !name.content.includes(w));
  return { full, name, groupWords };
}

/**
 * Between two columns that name a field equally well ("Current banding Band" and "Proposed
 * banding Band" both say "band"), the one whose group title shares a word with the field's
 * synonyms wins: "current" is in "current band". Small enough never to outrank a better name.
 */
const GROUP_BONUS = 0.05;

/**
 * A cell's score for a field: the best of its whole text and, for a two-row header, its name
 * alone; the rank adds {@link GROUP_BONUS} when the group title has one of the field's words.
 */
function cellScore(cell: PreparedCell, synonyms: readonly Prepared[]): { score: number; rank: number } {
  let score = bestScore(cell.full, synonyms);
  if (cell.name !== undefined) score = Math.max(score, bestScore(cell.name, synonyms));
  const named =
    score > 0 &&
    cell.groupWords.length > 0 &&
    synonyms.some((s) => s.content.some((w) => cell.groupWords.includes(w)));
  return { score, rank: named ? score + GROUP_BONUS : score };
}

/** What a column's values are said to hold when they fit a type, for the notes. */
const FIT_WORDS: Readonly<Record<FieldDef["type"], string>> = {
  money: "numbers",
  number: "numbers",
  percent: "numbers",
  date: "dates",
  text: "text",
  code: "a value",
};

/**
 * Of two or more columns with the same header, the one whose values best fit the field (most rows
 * that fit; the leftmost on a tie), and a note saying which was used and why.
 */
function chooseTwin(
  twins: readonly number[],
  headers: readonly HeaderCell[],
  field: FieldDef,
  columnFit: MatchContent["columnFit"],
): { cellIndex: number; note: string } {
  const letters = twins.map((k) => columnLetter(headers[k].column + 1));
  const list = (items: readonly string[]): string =>
    `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
  const both = twins.length === 2 ? "both" : "all";
  // Same text: 'Columns E and F are both headed "Pupils"'. The same name under different group
  // titles: 'Columns E ("Current banding Annual £") and G ("Proposed banding Annual £") are both
  // headed "Annual £"'.
  const sameText = twins.every((k) => headers[k].text === headers[twins[0]].text);
  const heading = sameText
    ? `Columns ${list(letters)} are ${both} headed "${headers[twins[0]].text}"`
    : `Columns ${list(twins.map((k, i) => `${letters[i]} ("${headers[k].text}")`))} are ${both} headed "${headers[twins[0]].name ?? headers[twins[0]].text}"`;
  if (!columnFit) {
    return {
      cellIndex: twins[0],
      note: `${heading}: ${letters[0]}, the first, was used for ${field.label}.`,
    };
  }
  const fits = twins.map((k) => columnFit(headers[k].column, field.type));
  let best = 0;
  for (let i = 1; i < twins.length; i++) if (fits[i].fits > fits[best].fits) best = i;
  const tied = fits.filter((f) => f.fits === fits[best].fits).length > 1;
  const what = FIT_WORDS[field.type];
  const of = (f: ColumnFit): string => `${f.fits} of ${f.rows}`;
  if (tied) {
    return {
      cellIndex: twins[best],
      note: `${heading} and fit ${field.label} equally (${of(fits[best])} rows hold ${what}): ${letters[best]}, the first, was used.`,
    };
  }
  const others = twins
    .map((_, i) => i)
    .filter((i) => i !== best)
    .map((i) => `${letters[i]}: ${of(fits[i])}`)
    .join(", ");
  return {
    cellIndex: twins[best],
    note: `${heading}: ${letters[best]} was used for ${field.label}, as ${fits[best].fits} of its ${fits[best].rows} rows hold ${what} (${others}).`,
  };
}

/**
 * Match a table's header cells to a dataset's fields.
 *
 * Columns are given to fields greedily, best score first (ties: required field first, then the
 * leftmost column), each column and each field once. Visible columns are assigned first; a hidden
 * column can only take a field that no visible column could (so a hidden "Cost centre" never
 * beats a visible "Description" for the budget line).
 *
 * Two-row headers are matched on both parts: the joined text and the name alone, with the group
 * title breaking ties ("Current banding Band" goes to the current band). Columns with the same
 * header ("Pupils" twice) are told apart by their values (`content.columnFit`): the one that fits
 * the field's type best is used, and `notes` says which.
 *
 * @param headers the table's non-empty header cells, left to right
 * @param def the dataset
 * @param content what the table's values say (or, as before, the wide-table number test alone)
 */
export function matchTable(
  headers: readonly HeaderCell[],
  def: DatasetDef,
  content: MatchContent | ((column: number) => boolean) = {},
): TableMatch {
  const { isNumericColumn = () => true, columnFit } =
    typeof content === "function" ? { isNumericColumn: content, columnFit: undefined } : content;
  const prepared = headers.map(prepareCell);
  const pairs: Pair[] = [];
  def.fields.forEach((field, fieldIndex) => {
    const synonyms = synonymsOf(field.synonyms);
    prepared.forEach((h, cellIndex) => {
      // A role word ("variance", "movement", "%") rules the header out of an amount field,
      // however well its other words fit: "Outturn variance" is never the forecast outturn.
      if (field.excludedWords && roleWordIn(headers[cellIndex].text, field.excludedWords) !== undefined)
        return;
      const { score, rank } = cellScore(h, synonyms);
      if (score >= MIN_FIELD_SCORE) pairs.push({ fieldIndex, cellIndex, score, rank });
    });
  });
  pairs.sort(
    (a, b) =>
      b.rank - a.rank ||
      Number(def.fields[b.fieldIndex].required) - Number(def.fields[a.fieldIndex].required) ||
      headers[a.cellIndex].column - headers[b.cellIndex].column ||
      a.fieldIndex - b.fieldIndex,
  );
  // Cells with the same words, left to right: "Pupils" and "Pupils*" are the same header.
  // Cells with the same words, left to right: "Pupils" and "Pupils*" are the same header, and so
  // are two "Annual £" under different group titles (their name is the same).
  const twinKey = (i: number): string => (prepared[i].name ?? prepared[i].full).text;
  const sameText = new Map<string, number[]>();
  prepared.forEach((_, i) => {
    const key = twinKey(i);
    if (key === "") return;
    const list = sameText.get(key);
    if (list) list.push(i);
    else sameText.set(key, [i]);
  });
  // A field's rank for each cell, to tell twins the group titles separate from twins they do not.
  const rankOf = new Map<number, number>();
  for (const p of pairs) rankOf.set(p.fieldIndex * headers.length + p.cellIndex, p.rank);
  const fieldCell = new Array<number>(def.fields.length).fill(-1);
  const fieldScore = new Array<number>(def.fields.length).fill(0);
  const cellTaken = new Array<boolean>(headers.length).fill(false);
  const notes: string[] = [];
  for (const hiddenPass of [false, true]) {
    for (const p of pairs) {
      if (headers[p.cellIndex].hidden !== hiddenPass) continue;
      if (fieldCell[p.fieldIndex] >= 0 || cellTaken[p.cellIndex]) continue;
      let cellIndex = p.cellIndex;
      // Other untaken cells with the same header that fit this field exactly as well: the header
      // cannot choose between them, so their values do.
      const twins = (sameText.get(twinKey(cellIndex)) ?? []).filter(
        (k) =>
          !cellTaken[k] &&
          headers[k].hidden === hiddenPass &&
          Math.abs((rankOf.get(p.fieldIndex * headers.length + k) ?? -1) - p.rank) < 1e-9,
      );
      if (twins.length >= 2) {
        const chosen = chooseTwin(twins, headers, def.fields[p.fieldIndex], columnFit);
        cellIndex = chosen.cellIndex;
        notes.push(chosen.note);
      }
      fieldCell[p.fieldIndex] = cellIndex;
      fieldScore[p.fieldIndex] = p.score;
      cellTaken[cellIndex] = true;
    }
  }

  const fields: FieldMatch[] = [];
  const missingRequired: string[] = [];
  let weighted = 0;
  let weights = 0;
  def.fields.forEach((field: FieldDef, i) => {
    const weight = field.required ? REQUIRED_WEIGHT : OPTIONAL_WEIGHT;
    weights += weight;
    const cellIndex = fieldCell[i];
    if (cellIndex < 0) {
      if (field.required) missingRequired.push(field.key);
      return;
    }
    const score = fieldScore[i];
    weighted += weight * score;
    fields.push({
      field: field.key,
      column: headers[cellIndex].column,
      header: headers[cellIndex].text,
      score,
    });
  });

  const valueColumns: ValueColumn[] = [];
  if (def.valueColumns) {
    const chosen: number[] = [];
    headers.forEach((h, i) => {
      if (cellTaken[i] || h.hidden || prepared[i].full.text === "") return;
      const nonSetting =
        isNonSettingHeader(prepared[i].full.text) ||
        (prepared[i].name !== undefined && isNonSettingHeader(prepared[i].name.text));
      if (nonSetting || !isNumericColumn(h.column)) return;
      chosen.push(i);
      cellTaken[i] = true;
    });
    // A two-row header's settings are its names ("Mainstream" under "Annual rate £"), unless two
    // names repeat under different titles: then the whole text tells them apart.
    const short = chosen.map((i) => settingName(headers[i].name ?? headers[i].text));
    chosen.forEach((i, k) => {
      const repeated = short.indexOf(short[k]) !== k || short.lastIndexOf(short[k]) !== k;
      valueColumns.push({
        header: repeated ? settingName(headers[i].text) : short[k],
        column: headers[i].column,
      });
    });
  }

  // Coverage: the share of the table's columns this dataset explains. Hidden columns count only
  // when used, so a hidden decoy does not make a good match look worse.
  let explained = 0;
  let considered = 0;
  headers.forEach((h, i) => {
    if (cellTaken[i]) explained++;
    if (cellTaken[i] || !h.hidden) considered++;
  });
  const coverage = considered === 0 ? 0 : explained / considered;
  // A wide table is one band column and its settings, so columns it leaves unexplained count
  // more against it: a register ("Pupil ref | School | … | Band | Annual £") has a band column and
  // money columns too, but most of its columns are not settings.
  const coverageWeight = def.valueColumns ? WIDE_COVERAGE_WEIGHT : COVERAGE_WEIGHT;
  let confidence =
    weights === 0 ? 0 : (weighted / weights) * (1 - coverageWeight + coverageWeight * coverage);
  if (missingRequired.length > 0 || (def.valueColumns && valueColumns.length === 0)) {
    confidence = Math.min(confidence, MISSING_REQUIRED_CAP);
  }
  return { dataset: def.id, confidence: round3(confidence), fields, valueColumns, missingRequired, notes };
}

/** A setting's name from its header: "Mainstream (£)" → "Mainstream", "Special school £ " → "Special school". */
export function settingName(header: string): string {
  const cleaned = header.replace(CURRENCY_MARKER, " ").replace(/\s+/g, " ").trim();
  return cleaned === "" ? header.trim() : cleaned;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------------
// Choosing one table per dataset

/**
 * The assignment of rows (datasets) to columns (tables) with the largest total weight, each used at
 * most once; weights below `minWeight` count as "no match". Returns, per row, the column index or -1.
 *
 * Why not greedy: the placements register matches "current bands" (it has "Current band" and
 * "Hours per week") as well as the real band table does; greedy could hand the register to current
 * bands and leave placements with nothing. Maximising the total gives each its own table.
 *
 * This is the Hungarian method (shortest augmenting paths with potentials), O(n²·m) for n rows and
 * m ≥ n columns; here n is the 8 datasets and m the candidate tables, so it is instant.
 */
export function assignTables(weights: readonly (readonly number[])[], minWeight: number): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const m = Math.max(n, weights[0]?.length ?? 0);
  // Cost matrix (1-based for the algorithm); padded columns cost 0 (= unassigned).
  const cost = (i: number, j: number): number => {
    const w = weights[i - 1][j - 1] ?? 0;
    return w >= minWeight ? -w : 0;
  };
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(m + 1).fill(0);
  const p = new Array<number>(m + 1).fill(0);
  const way = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(m + 1).fill(Infinity);
    const used = new Array<boolean>(m + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost(i0, j) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const result = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) {
    const i = p[j];
    if (i === 0) continue;
    const w = weights[i - 1][j - 1] ?? 0;
    if (j - 1 < (weights[0]?.length ?? 0) && w >= minWeight) result[i - 1] = j - 1;
  }
  return result;
}
