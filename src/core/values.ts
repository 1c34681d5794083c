/**
 * Parsing the values council workbooks hold: numbers stored as text in UK styles.
 *
 * Accepted (each with the number it gives):
 *   "1,234.50" → 1234.5        "£1,234" → 1234          "(12,000)" → -12000 (accounting negative)
 *   "-£5.00" → -5              "£-5" → -5               "−5" (Unicode minus) → -5
 *   "12.5%" → 0.125            " 7 " → 7                "£1.2m" → 1200000, "£350k" → 350000
 *   "1,234 CR" → -1234? No: "CR"/"DR" suffixes are not guessed at; they return undefined.
 * Anything else (words, two numbers, dates) returns undefined: the caller reports it, never 0.
 */

// sign? currency? sign? digits-with-commas(.decimals)? or .decimals; optional k/m/bn; optional %
const NUMBER_TEXT =
  /^([-+])?\s*£?\s*([-+])?\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)\s*(k|m|bn)?\s*(%)?$/i;

const EXPONENT: Record<string, number> = { k: 3, m: 6, bn: 9 };

/**
 * A number from a cell value: numbers pass through, UK-styled text is parsed, anything else is
 * undefined. Booleans are not numbers here (a TRUE in a money column is a mistake to report).
 */
export function parseUkNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  let text = value
    .trim()
    .replace(/\u2212/g, "-")
    .replace(/\u00a0/g, " ");
  if (text === "") return undefined;
  let negative = false;
  // Accounting style: (12,000) or (£12,000)
  if (text.startsWith("(") && text.endsWith(")")) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  const match = NUMBER_TEXT.exec(text);
  if (!match) return undefined;
  const [, sign1, sign2, digits, suffix, percent] = match;
  if (sign1 && sign2) return undefined; // "-£-5" is a typo, not a number
  const sign = sign1 ?? sign2;
  if (sign === "-") negative = !negative;
  // Scale by a power of ten in the text itself, so "10.8%" is exactly 0.108 (dividing by 100 would
  // give 0.10800000000000001) and "£1.2m" exactly 1200000.
  const exponent = (suffix ? EXPONENT[suffix.toLowerCase()] : 0) - (percent ? 2 : 0);
  const n = Number(`${digits.replace(/,/g, "")}e${exponent}`);
  if (!Number.isFinite(n)) return undefined;
  return negative ? -n : n;
}

/** True for a value that counts as "empty": null, undefined, or text of only spaces. */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}
