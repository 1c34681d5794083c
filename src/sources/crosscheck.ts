/**
 * Cross-checks on each mapping the reader used (issue 8, "never silently wrong"). What the reader
 * took from a table is tested against what the same workbook states:
 *
 * - **variance**: forecast − budget equals a stated variance column ("Variance £000",
 *   "Under/(over) spend"), row by row, in either sign convention. Within a penny when all three
 *   columns are in pounds; within one unit of the coarsest column otherwise (£1,000 a row for
 *   £000 columns, £1m for £m), because each figure a council shows in £000 is rounded on its own.
 *   With several variance columns ("Month 7", "Month 6") one agreeing is enough.
 * - **totals**: the rows add up to the table's own total rows (the reader's TotalChecks), within a
 *   penny, or for £000/£m columns half a unit per row plus half a unit for the total itself.
 * - **ratio**: the forecast in total is between {@link FORECAST_RATIO}.min and .max times the
 *   budget. A real HNB or DSG forecast is within a few tens of percent of its budget; a forecast
 *   column that is a variance, a percentage, or in £ against a budget in £000 falls far outside.
 *
 * Each mapping gets a {@link MappingReview}: its confidence, the evidence (codes, never matched by
 * their text) and whether it needs the user's confirmation before papers are built from it.
 */

import { parseUkNumber } from "../core/values";
import { DATASETS, type DatasetId, type TotalCheck } from "./datasets";
import type { SheetView } from "./detect";
import { columnLetter } from "./mapping";
import { MIN_CONFIDENCE, headerScale } from "./match";
import type { ResolvedMapping } from "./parse";
import { isStatedVarianceHeader } from "./role-words";
import { identifierEvidence, identifierKind, tallyIdentifiers } from "./evidence";

/**
 * A detected mapping below this confidence is used only once the user confirms it. MIN_CONFIDENCE
 * (0.5) is the floor for a table to be given a dataset at all; between the two a table fits only
 * in part (a required field found by one shared word, most columns unexplained). The shipped
 * samples' mappings are all 0.8 or more.
 */
export const CONFIRM_CONFIDENCE = 0.6;

/** The plausible range of total forecast ÷ total budget (see the module comment). */
export const FORECAST_RATIO = { min: 0.2, max: 5 } as const;

/** What a piece of evidence says, as a stable code (tests and front ends use the code, never the text). */
export type EvidenceCode =
  | "confidence" // the header match's confidence, at or above CONFIRM_CONFIDENCE
  | "low-confidence" // below CONFIRM_CONFIDENCE
  | "saved-mapping" // the user's own mapping: confirmed
  | "variance-agrees"
  | "variance-disagrees"
  | "variance-other" // a second variance column that is not forecast − budget while another one is
  | "total-agrees"
  | "total-disagrees"
  | "ratio-plausible"
  | "ratio-implausible"
  // Evidence from the values and across tables (evidence.ts):
  | "identifier-valid" // a URN/LAESTAB column holds 6/7-digit identifiers
  | "identifier-invalid" // more than one value in ten is not one
  | "providers-found" // the register's providers are schools on the school list
  | "providers-not-listed" // none of them is, but they read as establishment names
  | "providers-not-found"; // none of them is, nor reads as an establishment

/** Codes that make a detected mapping need confirmation. */
const FAILING: ReadonlySet<EvidenceCode> = new Set<EvidenceCode>([
  "low-confidence",
  "variance-disagrees",
  "total-disagrees",
  "ratio-implausible",
  "identifier-invalid",
  "providers-not-found",
]);

/** One piece of evidence for or against a mapping. */
export interface Evidence {
  readonly code: EvidenceCode;
  /** The field it is about (a key of the dataset's fields), when it is about one. */
  readonly field?: string;
  /** Plain words, with the cells, for the user. */
  readonly message: string;
  /** False for evidence against the mapping. */
  readonly ok: boolean;
}

/** A mapping with its evidence and whether it may be used without the user's confirmation. */
export interface MappingReview {
  readonly dataset: DatasetId;
  readonly sheet: string;
  /** The table's cells, header row to last row: "B4:H22". */
  readonly range: string;
  readonly confidence: number;
  readonly origin: "detected" | "saved";
  readonly evidence: readonly Evidence[];
  /** A detected mapping below the confidence line or with a failed cross-check. */
  readonly needsConfirmation: boolean;
  /** The first doubtful field and why, for the one-line message (set when needsConfirmation). */
  readonly doubt?: { readonly field?: string; readonly reason: string };
}

/** What {@link reviewMapping} needs to know about one mapping. */
export interface ReviewInput {
  readonly mapping: ResolvedMapping;
  readonly confidence: number;
  readonly origin: "detected" | "saved";
  /** The dataset's records as parsed (objects with `source.row` and the field keys). */
  readonly records: readonly unknown[];
  /** The dataset's total-row checks. */
  readonly totals: readonly TotalCheck[];
  /**
   * Evidence found before the table was given to the dataset (evidence.ts matchEvidence: URNs,
   * providers on the school list). Without it, a saved mapping's identifier columns are judged
   * here.
   */
  readonly crossTable?: readonly Evidence[];
}

interface Row {
  readonly row: number;
  readonly values: Readonly<Record<string, unknown>>;
}

function pounds(n: number): string {
  const abs = Math.abs(n).toLocaleString("en-GB", { minimumFractionDigits: 0, maximumFractionDigits: 2 });
  return `${n < 0 ? "-" : ""}£${abs}`;
}

function headerOf(m: ResolvedMapping, col: number): string {
  const t = m.headerTexts?.get(col);
  if (t !== undefined) return t;
  const v = m.view.value(m.headerRow, col);
  return typeof v === "string" ? v.trim() : v === null || v === undefined ? "" : String(v);
}

function fieldLabel(dataset: DatasetId, key: string): string {
  return DATASETS[dataset].fields.find((f) => f.key === key)?.label ?? key;
}

/** The tolerance for one figure built from columns with these scales (see the module comment). */
function unitTolerance(scales: readonly number[]): number {
  const coarsest = Math.max(1, ...scales);
  return coarsest === 1 ? 0.01 : coarsest;
}

function cellNumber(view: SheetView, row: number, col: number, scale: number): number | undefined {
  const n = parseUkNumber(view.value(row, col));
  return n === undefined ? undefined : n * scale;
}

function varianceEvidence(m: ResolvedMapping, rows: readonly Row[]): Evidence[] {
  const budgetCol = m.columns.get("budget");
  const forecastCol = m.columns.get("forecast");
  if (budgetCol === undefined || forecastCol === undefined) return [];
  const used = new Set(m.columns.values());
  const out: Evidence[] = [];
  const budgetScale = headerScale(headerOf(m, budgetCol));
  const forecastScale = headerScale(headerOf(m, forecastCol));
  for (let col = m.firstCol; col <= m.lastCol; col++) {
    if (used.has(col)) continue;
    const header = headerOf(m, col);
    if (header === "" || !isStatedVarianceHeader(header)) continue;
    const scale = headerScale(header);
    const tolerance = unitTolerance([scale, budgetScale, forecastScale]);
    const pairs: { row: number; computed: number; stated: number }[] = [];
    for (const r of rows) {
      const b = r.values.budget;
      const f = r.values.forecast;
      if (typeof b !== "number" || typeof f !== "number") continue;
      const stated = cellNumber(m.view, r.row - 1, col, scale);
      if (stated === undefined) continue;
      pairs.push({ row: r.row, computed: f - b, stated });
    }
    if (pairs.length === 0) continue;
    const letter = columnLetter(col + 1);
    const within = (sign: 1 | -1) =>
      pairs.filter((p) => Math.abs(p.computed - sign * p.stated) > tolerance + 1e-9);
    const plus = within(1);
    const minus = within(-1);
    const how =
      tolerance === 0.01
        ? "to the penny"
        : `within ${pounds(tolerance)} a row (the columns are rounded to ${pounds(tolerance)})`;
    if (plus.length === 0 || minus.length === 0) {
      out.push({
        code: "variance-agrees",
        field: "forecast",
        ok: true,
        message: `Forecast − budget equals "${header}" (column ${letter}) on all ${pairs.length} rows, ${how}${plus.length === 0 ? "" : ", as budget − forecast"}.`,
      });
      continue;
    }
    const bad = plus.length <= minus.length ? plus : minus;
    const first = bad[0];
    const sign = bad === plus ? 1 : -1;
    out.push({
      code: "variance-disagrees",
      field: "forecast",
      ok: false,
      message: `forecast − budget differs from the stated variance "${header}" (column ${letter}) on ${bad.length} of ${pairs.length} rows (row ${first.row}: ${pounds(first.computed)} against ${pounds(sign * first.stated)}, ${how})`,
    });
  }
  // Several variance columns ("Variance Month 7", "Variance Month 6"): one that agrees is the
  // variance against this forecast; the others are against another period, not evidence against.
  if (out.some((e) => e.code === "variance-agrees")) {
    return out.map((e) =>
      e.code === "variance-disagrees"
        ? {
            ...e,
            code: "variance-other" as const,
            ok: true,
            message: `Not a variance against this forecast, another variance column is: ${e.message}.`,
          }
        : e,
    );
  }
  return out;
}

function totalEvidence(m: ResolvedMapping, totals: readonly TotalCheck[], rowCount: number): Evidence[] {
  return totals.map((t) => {
    const col = m.columns.get(t.field);
    const scale = col === undefined ? 1 : headerScale(headerOf(m, col));
    const tolerance = scale === 1 ? 0.01 : (scale * (rowCount + 1)) / 2;
    const label = fieldLabel(m.dataset, t.field);
    const ok = Math.abs(t.stated - t.computed) <= tolerance + 1e-9;
    return ok
      ? {
          code: "total-agrees" as const,
          field: t.field,
          ok,
          message: `${label}: the rows add up to the total row "${t.label}" (row ${t.source.row}, ${pounds(t.stated)}).`,
        }
      : {
          code: "total-disagrees" as const,
          field: t.field,
          ok,
          message: `${label} rows add up to ${pounds(t.computed)} but the total row "${t.label}" (row ${t.source.row}) says ${pounds(t.stated)}`,
        };
  });
}

function ratioEvidence(rows: readonly Row[]): Evidence[] {
  let budget = 0;
  let forecast = 0;
  let n = 0;
  for (const r of rows) {
    const b = r.values.budget;
    const f = r.values.forecast;
    if (typeof b !== "number" || typeof f !== "number") continue;
    budget += b;
    forecast += f;
    n++;
  }
  if (n === 0 || budget <= 0) return [];
  const ratio = forecast / budget;
  const shown = ratio.toLocaleString("en-GB", { maximumFractionDigits: 2 });
  const ok = ratio >= FORECAST_RATIO.min && ratio <= FORECAST_RATIO.max;
  return [
    ok
      ? {
          code: "ratio-plausible",
          field: "forecast",
          ok,
          message: `The forecast in total (${pounds(forecast)}) is ${shown} times the budget (${pounds(budget)}).`,
        }
      : {
          code: "ratio-implausible",
          field: "forecast",
          ok,
          message: `the forecast in total (${pounds(forecast)}) is ${shown} times the budget (${pounds(budget)}), outside ${FORECAST_RATIO.min}–${FORECAST_RATIO.max} times`,
        },
  ];
}

/** A saved mapping's identifier columns judged as detection judges them (evidence.ts). */
function savedIdentifierEvidence(m: ResolvedMapping): Evidence[] {
  const out: Evidence[] = [];
  for (const [field, col] of m.columns) {
    const header = headerOf(m, col);
    const named = identifierKind(header);
    const kind =
      m.dataset === "schools" && field === "urn"
        ? (named ?? "either")
        : m.dataset === "placements" && field === "school"
          ? named
          : undefined;
    if (!kind) continue;
    const e = identifierEvidence(tallyIdentifiers(m, col, kind), field, header, col);
    if (e) out.push(e);
  }
  return out;
}

function asRows(records: readonly unknown[]): Row[] {
  const out: Row[] = [];
  for (const r of records) {
    if (!r || typeof r !== "object") continue;
    const source = (r as { source?: { row?: unknown } }).source;
    if (!source || typeof source.row !== "number") continue;
    out.push({ row: source.row, values: r as Record<string, unknown> });
  }
  return out;
}

/**
 * Review one mapping: its confidence and every cross-check that applies to its dataset.
 *
 * A saved mapping is the user's confirmation: its cross-checks are still listed (a failed one is
 * worth knowing) but it never needs confirming again.
 */
export function reviewMapping(input: ReviewInput): MappingReview {
  const m = input.mapping;
  const rows = asRows(input.records);
  const evidence: Evidence[] = [];
  if (input.origin === "saved") {
    evidence.push({ code: "saved-mapping", ok: true, message: "The table was mapped by the saved mapping." });
  } else if (input.confidence < CONFIRM_CONFIDENCE) {
    evidence.push({
      code: "low-confidence",
      ok: false,
      message: `its headers fit the ${DATASETS[m.dataset].label} only in part (confidence ${input.confidence}, below ${CONFIRM_CONFIDENCE})`,
    });
  } else {
    evidence.push({
      code: "confidence",
      ok: true,
      message: `The headers fit the ${DATASETS[m.dataset].label} (confidence ${input.confidence}; used automatically from ${MIN_CONFIDENCE}, without confirmation from ${CONFIRM_CONFIDENCE}).`,
    });
  }
  evidence.push(...varianceEvidence(m, rows));
  evidence.push(...totalEvidence(m, input.totals, rows.length));
  evidence.push(...ratioEvidence(rows));
  evidence.push(...(input.crossTable ?? (input.origin === "saved" ? savedIdentifierEvidence(m) : [])));

  const failed = evidence.find((e) => !e.ok && FAILING.has(e.code));
  const needsConfirmation = input.origin === "detected" && failed !== undefined;
  const range = `${columnLetter(m.firstCol + 1)}${m.headerRow + 1}:${columnLetter(m.lastCol + 1)}${m.lastRow + 1}`;
  return {
    dataset: m.dataset,
    sheet: m.view.name,
    range,
    confidence: input.confidence,
    origin: input.origin,
    evidence,
    needsConfirmation,
    ...(needsConfirmation && failed
      ? { doubt: { ...(failed.field ? { field: failed.field } : {}), reason: failed.message } }
      : {}),
  };
}

/**
 * The one line that says which table needs confirming, the doubtful field and how to confirm:
 * 'High Needs Block budget lines on sheet "Monitoring" B4:H22: Forecast outturn is doubtful
 * (forecast − budget differs …)'. Front ends add the command to run.
 */
export function describeDoubt(r: MappingReview): string {
  const field = r.doubt?.field
    ? `${fieldLabel(r.dataset, r.doubt.field)} is doubtful`
    : "the mapping is doubtful";
  return `${DATASETS[r.dataset].label} on sheet "${r.sheet}" ${r.range}: ${field} (${r.doubt?.reason ?? "not confirmed"})`;
}

/** A mapping built from without confirmation (--accept-uncertain), carried on the datasets. */
export interface UnconfirmedMapping {
  readonly dataset: DatasetId;
  readonly sheet: string;
  readonly range: string;
  /** Why it needed confirmation (the doubt's words). */
  readonly reason: string;
}

/**
 * Datasets that were built from without confirmation carry the list here (the pipeline sets it
 * with --accept-uncertain; papers stamp their title block and the cover from it).
 */
export interface WithUnconfirmed {
  readonly unconfirmed?: readonly UnconfirmedMapping[];
}

/** The unconfirmed mappings carried on a datasets object (see {@link WithUnconfirmed}), or none. */
export function unconfirmedMappings(datasets: object): readonly UnconfirmedMapping[] {
  const list = (datasets as WithUnconfirmed).unconfirmed;
  return Array.isArray(list) ? list : [];
}

/** The stamp a paper or the cover shows for unconfirmed mappings: "Unconfirmed mapping: …". */
export function unconfirmedStamp(list: readonly UnconfirmedMapping[]): string | undefined {
  if (list.length === 0) return undefined;
  const parts = list.map((u) => `${DATASETS[u.dataset].label} (sheet "${u.sheet}" ${u.range}): ${u.reason}`);
  return `Unconfirmed mapping: ${parts.join("; ")}`;
}
