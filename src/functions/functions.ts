/* Placeholder until the function table lands: one function so the metadata generator has input. */

/**
 * The financial-year label of a date, e.g. "2026-27".
 * @customfunction
 * @param date A date (serial or UK date text).
 * @returns The financial-year label.
 */
export function fy(date: number): string {
  return String(date);
}
