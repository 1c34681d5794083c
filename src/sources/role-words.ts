/**
 * Role words: words in a header that say what a column's figures are relative to something else
 * (a variance, a movement since last month, a percentage) rather than an amount. A column whose
 * header says "Outturn Variance Month 7 £000" holds forecast − budget, not a forecast: taking it
 * for the forecast outturn built a monitoring paper wrong by £44m with every check passing (issue 8).
 *
 * The words are listed on the field definitions that they rule out (`FieldDef.excludedWords` in
 * datasets.ts); this module only tests a header against such a list.
 */

/** The ways councils write a signed difference: "+/-" and "under/(over)" in every order. */
const SIGNED_DIFFERENCE: readonly string[] = [
  "+/-",
  "-/+",
  "under/(over)",
  "over/(under)",
  "(under)/over",
  "(over)/under",
  "under/over",
  "over/under",
];

/**
 * The role words that rule a header out of a money-amount field (budget, forecast, allocation):
 * variance, movement, change, difference (and their short forms), "+/-", "under/(over)" and the
 * like, and percentages.
 */
export const AMOUNT_ROLE_WORDS: readonly string[] = [
  "variance",
  "variances",
  "var",
  "movement",
  "movements",
  "change",
  "changes",
  "difference",
  "differences",
  "diff",
  "percent",
  "percentage",
  ...SIGNED_DIFFERENCE,
  "%",
];

/**
 * The words that make a column a stated variance (forecast − budget, either sign), used only to
 * cross-check the budget and forecast columns. "Movement" and "change" are not here: they are
 * usually against the last report, not against the budget.
 */
export const VARIANCE_WORDS: readonly string[] = [
  "variance",
  "var",
  "difference",
  "diff",
  ...SIGNED_DIFFERENCE,
  "overspend",
  "underspend",
  "over/underspend",
  "(under)/overspend",
  "under/(over)spend",
];

/** Words that make a variance-looking header a percentage or a movement, never £ forecast − budget. */
const NOT_AMOUNT_VARIANCE = ["%", "percent", "percentage", "movement", "change", "last", "previous", "prior"];

/** Lower case, spaces around "/" and inside brackets dropped: "Under / ( Over )" → "under/(over)". */
function squeeze(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s*([/()])\s*/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

function hasWord(squeezed: string, word: string): boolean {
  if (/^[a-z]+$/.test(word)) return new RegExp(`(^|[^a-z])${word}([^a-z]|$)`).test(squeezed);
  return squeezed.includes(word);
}

/**
 * The first of `words` the header contains (whole words for letters, as written for symbols), or
 * undefined.
 *
 * @example roleWordIn("Outturn Variance Month 7 £000", AMOUNT_ROLE_WORDS) === "variance"
 * @example roleWordIn("Forecast outturn £000", AMOUNT_ROLE_WORDS) === undefined
 * @example roleWordIn("Under / (Over) spend", AMOUNT_ROLE_WORDS) === "under/(over)"
 */
export function roleWordIn(header: string, words: readonly string[]): string | undefined {
  const s = squeeze(header);
  return words.find((w) => hasWord(s, w));
}

/**
 * Whether a header names a stated variance in pounds (forecast − budget or budget − forecast):
 * "Variance £000", "Under/(over) spend", "Outturn Variance Month 7", but not "Variance %" or
 * "Movement in variance".
 */
export function isStatedVarianceHeader(header: string): boolean {
  return (
    roleWordIn(header, VARIANCE_WORDS) !== undefined && roleWordIn(header, NOT_AMOUNT_VARIANCE) === undefined
  );
}
