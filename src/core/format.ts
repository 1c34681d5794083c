/**
 * Numbers written out for explanations (trace details and error messages), the same way in every
 * calculation: percentages without binary tails, pounds with separators and brackets for negatives.
 */

import { formatPounds, roundHalfUp } from "./money";

/** A percentage: 0.005 → "0.5%", 0.0164 → "1.64%", −0.0025 → "−0.25%" (up to 6 decimal places). */
export function formatPercent(fraction: number): string {
  const pct = roundHalfUp(fraction * 100, 6);
  const text = Math.abs(pct).toLocaleString("en-GB", { maximumFractionDigits: 6 });
  return `${pct < 0 ? "−" : ""}${text}%`;
}

/** £ for an amount: whole pounds without pence ("£274,776,989"), anything else to the penny. */
export function formatAmount(value: number): string {
  return formatPounds(value, !Number.isInteger(value));
}

/** £ for an amount not yet rounded: pence always, up to 4 decimal places ("£1,373,884.945"). */
export function formatPoundsExact(value: number): string {
  const text = Math.abs(value).toLocaleString("en-GB", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  });
  return value < 0 ? `(£${text})` : `£${text}`;
}
