/**
 * The register rules the placement papers cost by: which placements are open on a date, which
 * settings are mainstream (where the school meets the first £6,000, element 2, itself), and the
 * rates an hours-based current cost uses with that mainstream rule (domain.md §3.1–3.2, §3.4).
 * The costing itself is tariffs.ts (costCurrentPlacement); this module says who is costed and
 * where the threshold applies.
 */

import type { Serial } from "./dates";
import type { HoursRates } from "./tariffs";

/** A placement as far as being open goes: its start and, when it has ended, its end. */
export interface PlacementDates {
  readonly start: Serial;
  /** Empty when the placement is still open. */
  readonly end?: Serial;
}

/**
 * True when a placement is open on a date: started on or before it and not ended before it (an
 * empty end date means still open). Without a date, open means no end date.
 *
 * @example isOpen({ start: 45000, end: 45100 }, 45100) === true; isOpen({ start: 45000 }, undefined) === true
 */
export function isOpen(placement: PlacementDates, asAt: Serial | undefined): boolean {
  if (asAt === undefined) return placement.end === undefined;
  return placement.start <= asAt && (placement.end === undefined || placement.end >= asAt);
}

/**
 * True for a mainstream setting, where the school meets the first £6,000 (element 2) itself.
 * Resourced provision and SEN units in mainstream schools are funded by place funding instead, so
 * they do not count (domain.md §3.1–3.2).
 *
 * @example isMainstreamSetting("Mainstream primary") === true; isMainstreamSetting("Mainstream RP") === false
 */
export function isMainstreamSetting(setting: string): boolean {
  return /mainstream/i.test(setting) && !/resourced|\bunit\b|\brp\b|\bsrp\b|\bsen unit\b/i.test(setting);
}

/**
 * The rates for hours-based current costs, with the threshold taken off in mainstream settings
 * ({@link isMainstreamSetting}).
 */
export function mainstreamRates(rates: Omit<HoursRates, "isMainstream">): HoursRates {
  return {
    hourlyRate: rates.hourlyRate,
    weeksPerYear: rates.weeksPerYear,
    mainstreamThreshold: rates.mainstreamThreshold,
    isMainstream: isMainstreamSetting,
  };
}
