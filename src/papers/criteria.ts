/**
 * Counting and adding up the rows whose name equals a name, as formulas that compare text exactly.
 *
 * Why not SUMIFS/COUNTIFS: their criterion is a pattern, not a value. `*`, `?` and `~` are
 * wildcards and a leading `=`, `<`, `>` (or `<>`, `<=`, `>=`) is an operator, in Excel and in
 * LibreOffice reading an .xlsx, so a school called "St Mary*s" also counts "St Mary's", "Who?
 * Academy" counts "Whom Academy", "<Unknown>" counts every name sorting before "Unknown>", and a
 * total moves (issue 7). Escaping the criterion with SUBSTITUTE would work for wildcards but is
 * hard to read and still depends on the spreadsheet's wildcard setting (LibreOffice can be set to
 * regular expressions instead). So the papers use
 *
 *   SUMPRODUCT(--(names=name))            the number of rows whose name is `name`
 *   SUMPRODUCT(--(names=name),amounts)    the total of `amounts` on those rows
 *
 * `=` compares a text with a text as it is: no wildcards, no operators, but, as in COUNTIFS,
 * upper and lower case are the same ("St Mary's" = "ST MARY'S") in Excel and in LibreOffice's
 * default for .xlsx files. The builders group names the same way: {@link nameKey}. `--` turns
 * TRUE/FALSE into 1/0; SUMPRODUCT reads text among the amounts (a suppressed "[c]") as 0, as
 * SUMIFS skipped it. Both functions are in Excel and LibreOffice 7.4, and SUMPRODUCT takes array
 * arguments without an array formula (no Ctrl+Shift+Enter, no spill).
 *
 * Only criteria that are a cell reference (a name) need this; a fixed criterion written into the
 * formula ("FAIL", "<>") is safe in COUNTIFS and stays there.
 */

/** One condition of a count or sum: the cells of `range` that equal `equals`. */
export interface Condition {
  /** A range of names, e.g. `$C$10:$C$40`. */
  readonly range: string;
  /** What each cell must equal: a cell reference (`$A$50`) or a quoted text (`"Gains"`). */
  readonly equals: string;
}

const term = (c: Condition): string => `--(${c.range}=${c.equals})`;

/**
 * A formula counting the rows that meet every condition (names compared exactly, case ignored).
 *
 * @example countWhere({ range: "$C$10:$C$40", equals: "$A$50" }) === "SUMPRODUCT(--($C$10:$C$40=$A$50))"
 */
export function countWhere(...conditions: readonly Condition[]): string {
  if (conditions.length === 0) throw new RangeError("countWhere needs at least one condition");
  return `SUMPRODUCT(${conditions.map(term).join(",")})`;
}

/**
 * A formula adding up `sumRange` on the rows that meet every condition (names compared exactly,
 * case ignored; text in `sumRange` counts as 0). `sumRange` must have the conditions' shape.
 *
 * @example sumWhere("$G$10:$G$40", { range: "$C$10:$C$40", equals: "$A$50" }) === "SUMPRODUCT(--($C$10:$C$40=$A$50),$G$10:$G$40)"
 */
export function sumWhere(sumRange: string, ...conditions: readonly Condition[]): string {
  if (conditions.length === 0) throw new RangeError("sumWhere needs at least one condition");
  return `SUMPRODUCT(${conditions.map(term).join(",")},${sumRange})`;
}

/**
 * The key the builders group names by, so that a group is exactly the rows the formulas above
 * count: upper and lower case are the same, as in the spreadsheet's `=`. Surrounding spaces are
 * dropped (the source reader trims names already, so a table cell and its group agree).
 *
 * @example nameKey(" St Mary's ") === nameKey("ST MARY'S"); nameKey("St Mary*s") !== nameKey("St Mary's")
 */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}
