/**
 * Figures and references in words, for the texts of a paper (messages, alt text, notes, sources)
 * and the GSS shorthand its table cells use instead of a blank or a misleading zero.
 */

import { formatUkDate } from "../core/dates";
import { roundHalfUp } from "../core/money";
import type { Datasets, SourceRef } from "../sources/datasets";

/** The GSS shorthand used in table cells instead of a blank or a misleading zero. */
export const Shorthand = {
  suppressed: "[c]",
  notAvailable: "[x]",
  notApplicable: "[z]",
  estimate: "[e]",
  provisional: "[p]",
} as const;

/** "(£1,234)" / "£1,234": whole pounds for messages and alt text, rounded as the £#,##0 format shows them. */
export function poundsText(value: number): string {
  const abs = roundHalfUp(Math.abs(value), 0).toLocaleString("en-GB");
  return value < 0 ? `(£${abs})` : `£${abs}`;
}

/** "0.5%" from 0.005, up to two decimals. */
export function percentText(fraction: number): string {
  const pct = Math.round(fraction * 100 * 10000) / 10000;
  return `${pct.toLocaleString("en-GB", { maximumFractionDigits: 4 })}%`;
}

/** "Sheet row 12": where a figure came from. */
export function sourceText(source: SourceRef): string {
  return `${source.sheet} row ${source.row}`;
}

/**
 * Where a dataset came from, for a title block: "council.xlsx, sheet 'HNB budget' rows 6–18".
 * Built from the records' own source rows, so it is right even without a saved mapping.
 */
export function sourceSummary(datasets: Datasets, refs: readonly SourceRef[]): string {
  const bySheet = new Map<string, { min: number; max: number }>();
  for (const ref of refs) {
    const seen = bySheet.get(ref.sheet);
    if (seen) {
      seen.min = Math.min(seen.min, ref.row);
      seen.max = Math.max(seen.max, ref.row);
    } else bySheet.set(ref.sheet, { min: ref.row, max: ref.row });
  }
  const parts = [...bySheet].map(([sheet, { min, max }]) =>
    min === max ? `sheet '${sheet}' row ${min}` : `sheet '${sheet}' rows ${min}–${max}`,
  );
  return `${datasets.source}${parts.length ? `, ${parts.join("; ")}` : ""}`;
}

/** Format a serial for text ("01/09/2025"), or "not given". */
export function dateText(serial: number | undefined): string {
  return serial === undefined ? "not given" : formatUkDate(serial);
}

/** Variance text: the sign in words, so meaning never rests on colour (or brackets) alone. */
export function overUnderText(variance: number): string {
  return variance > 0 ? "Overspend" : variance < 0 ? "Underspend" : "On budget";
}
