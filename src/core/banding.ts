/**
 * Top-up costs: fixed band tables, hours of support, and needs-matrix scores (domain.md §3.3–§3.5).
 *
 * - A **band table** is a range as the council writes it: band names down the first column, one
 *   column of annual £ per setting (mainstream, special, a school, a year). It is parsed once by
 *   {@link parseBandTable} into a {@link BandTable} that answers many look-ups cheaply, because a
 *   spilled `DSG.BANDCOST` over a 10,000-row register looks the same table up 10,000 times.
 * - **Hours-based** top-up is `hours × rate × weeks ÷ group size − threshold`, never below zero.
 * - A **needs matrix** scores each area of need as level × weight, capped per area, and sums them.
 *
 * All money results are rounded half-up to the penny with decimal-correct arithmetic (money.ts).
 */

import { CellError, ErrorCode, Errors, Result, describeValue } from "./errors";
import { Pounds, formatPounds, roundHalfUp, roundPenny, roundPennyOf } from "./money";
import { formatPercent } from "./format";
import { formatYearLabel, parseYearLabel } from "./dates";
import { Trace } from "./trace";
import { isBlank, parseUkNumber } from "./values";

// ---------------------------------------------------------------------------------------------
// Messages (same voice as the Errors catalogue: what is wrong; how to fix it)

const BandingErrors = {
  notARange: (): CellError => Errors.shape("bandTable", "it must be a range of cells, band names first"),
  noRows: (): CellError =>
    Errors.shape(
      "bandTable",
      "it has no rows with a band name; select the band names in the first column and their values to the right",
    ),
  noValueColumn: (): CellError =>
    Errors.shape(
      "bandTable",
      "it has only one column; put the band names in the first column and at least one column of values to its right",
    ),
  duplicateBand: (name: string, firstRow: number, secondRow: number): CellError =>
    new CellError(
      ErrorCode.value,
      `Band ${describeValue(name)} appears twice in the band table (rows ${firstRow} and ${secondRow} of the range); each band must appear once.`,
    ),
  duplicateSetting: (name: string, firstCol: number, secondCol: number): CellError =>
    new CellError(
      ErrorCode.value,
      `Setting ${describeValue(name)} heads two columns of the band table (value columns ${firstCol} and ${secondCol}); give each column its own heading.`,
    ),
  bandlessRow: (row: number): CellError =>
    new CellError(
      ErrorCode.value,
      `Row ${row} of the band table has values but no band name; fill in the band in the first column or clear the row.`,
    ),
  badBandCell: (row: number, got: unknown): CellError =>
    new CellError(
      ErrorCode.value,
      `Row ${row} of the band table has ${describeValue(got)} as its band name; use a band number or name such as 3 or "Band 3".`,
    ),
  badBand: (got: unknown): CellError =>
    new CellError(
      ErrorCode.value,
      `band must be a band number or name; got ${describeValue(got)}. Enter a band such as 3 or "Band 3".`,
    ),
  settingNotFound: (got: unknown, settings: readonly string[], named: boolean): CellError => {
    const columns = settings.length === 1 ? "1" : `a number from 1 to ${settings.length}`;
    const names = settings.slice(0, 8).join(", ") + (settings.length > 8 ? ", ..." : "");
    const use = named
      ? `one of: ${names}, or a value column number (${columns})`
      : `a value column number (${columns})`;
    return new CellError(
      ErrorCode.notAvailable,
      `Setting ${describeValue(got)} is not a column of the band table. Use ${use}.`,
    );
  },
  noValue: (band: string, setting: string): CellError =>
    new CellError(
      ErrorCode.notAvailable,
      `The band table has no value for band ${describeValue(band)} in ${describeValue(setting)}; fill in the cell or choose another setting.`,
    ),
  notAnAmount: (band: string, setting: string, got: unknown): CellError =>
    new CellError(
      ErrorCode.value,
      `The band table's value for band ${describeValue(band)} in ${describeValue(setting)} is ${describeValue(got)}, which is not an amount; enter a number such as 4500 or £4,500.`,
    ),
  negativeCost: (band: string, cost: number): CellError =>
    new CellError(
      ErrorCode.number,
      `The cost for band ${describeValue(band)} comes to ${formatPounds(cost)}, below zero; check the table value and the uplift.`,
    ),
  tooLarge: (what: string): CellError =>
    new CellError(
      ErrorCode.number,
      `The ${what} is too large to calculate; check the inputs for a value entered in the wrong units.`,
    ),
  infinite: (param: string): CellError =>
    new CellError(ErrorCode.number, `${param} is too large (infinite); enter an ordinary number.`),
  lengths: (a: string, aLength: number, b: string, bLength: number): CellError =>
    new CellError(
      ErrorCode.value,
      `${a} and ${b} must have one value per area of need each; ${a} has ${aLength} and ${b} has ${bLength}.`,
    ),
} as const;

/** A number argument that must be finite: NaN or a non-number is #VALUE!, ±Infinity is #NUM!. */
function checkFinite(param: string, value: unknown, example: string): CellError | undefined {
  if (typeof value !== "number" || Number.isNaN(value)) return Errors.notANumber(param, value, example);
  if (!Number.isFinite(value)) return BandingErrors.infinite(param);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Keys: how band names and setting headings are matched

/** A normalised band or setting key: a number for numeric keys, lower-case text otherwise. */
export type BandKey = number | string;

// "Band 3", "Band3", "Band: 3", "Banding 1", "band - A": the leading word is dropped, but only when
// it is followed by a space, punctuation or a digit, so "Bandana" keeps its "band".
const BAND_WORD = /^band(?:ing)?(?:\s*[:.\-–]\s*|\s+|(?=\d))/;
// Plain decimal numerals only: "3", "3.0", "-1", ".5". Not "1e3", "0x10", "£3" or "".
const NUMERAL = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * The key a band name or setting heading is matched by: trimmed, runs of spaces collapsed, case
 * ignored, a leading "Band"/"Banding" word dropped, numbers and numeral text made equal, and
 * year labels written one way ("2022/23", "FY 2022-23" → "2022-23").
 *
 * @param value A cell value: a number or text.
 * @returns The key (a number or lower-case text), or undefined for a blank, a boolean, a
 *   non-finite number or any other value that cannot name a band.
 * @example bandKey("  Band 3 ") === 3; bandKey("1.0") === 1; bandKey("Top Up A") === "top up a"
 */
export function bandKey(value: unknown): BandKey | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  let text = value.trim();
  if (text === "") return undefined;
  text = text.replace(/\s+/g, " ").toLowerCase();
  const word = BAND_WORD.exec(text);
  if (word && word[0].length < text.length) text = text.slice(word[0].length).trim();
  if (NUMERAL.test(text)) {
    const numeral = Number(text);
    if (Number.isFinite(numeral)) return numeral === 0 ? 0 : numeral; // -0 and 0 are one band
  }
  const year = parseYearLabel(text);
  if (year) return formatYearLabel(year).toLowerCase();
  return text;
}

/** How a band name or heading is shown in messages and traces: as written, trimmed. */
function displayName(value: unknown): string {
  return typeof value === "string" ? value.trim().replace(/\s+/g, " ") : String(value);
}

// ---------------------------------------------------------------------------------------------
// The band table

/** Cached look-ups of raw band text kept per table; a bound stops a long register of typos growing it. */
const MEMO_LIMIT = 4096;

/**
 * A parsed band table: band names, setting names and the value of each band in each setting,
 * indexed for fast look-up. Build it with {@link parseBandTable}; reuse it for every band.
 */
export class BandTable {
  /** Band names as written in the first column, in table order (for messages and papers). */
  readonly bands: readonly string[];
  /** Setting names: the header text, or "Column n" for an unnamed value column. */
  readonly settings: readonly string[];
  /** True when the first row was a header naming the settings. */
  readonly hasHeader: boolean;
  /** Number of value columns (settings). */
  readonly width: number;

  /** values[row × width + col]: the amount, or NaN where the cell is blank or not an amount. */
  private readonly values: Float64Array;
  /** What a non-amount value cell held (e.g. "> £4,500 (individual)"), by flat index. */
  private readonly notAmounts: ReadonlyMap<number, unknown>;
  private readonly bandIndex: ReadonlyMap<BandKey, number>;
  private readonly settingIndex: ReadonlyMap<BandKey, number>;
  private readonly memo = new Map<string, number>();
  private lastSetting: string | undefined;
  private lastSettingColumn: number | undefined;

  /** @internal Use {@link parseBandTable}. */
  constructor(parts: {
    bands: string[];
    settings: string[];
    hasHeader: boolean;
    values: Float64Array;
    notAmounts: Map<number, unknown>;
    bandIndex: Map<BandKey, number>;
    settingIndex: Map<BandKey, number>;
  }) {
    this.bands = parts.bands;
    this.settings = parts.settings;
    this.hasHeader = parts.hasHeader;
    this.width = parts.settings.length;
    this.values = parts.values;
    this.notAmounts = parts.notAmounts;
    this.bandIndex = parts.bandIndex;
    this.settingIndex = parts.settingIndex;
  }

  /**
   * The row of a band (0-based, in {@link bands} order), matched as {@link bandKey} describes;
   * undefined when the band is not in the table or cannot name a band.
   * @example table.findBand("Band 2") === table.findBand(2)
   */
  findBand(band: unknown): number | undefined {
    // Map keys compare by SameValueZero, so 0 and -0 (and 1 and 1.0) find the same band.
    if (typeof band === "number") return Number.isFinite(band) ? this.bandIndex.get(band) : undefined;
    if (typeof band !== "string") return undefined;
    const hit = this.memo.get(band);
    if (hit !== undefined) return hit;
    const key = bandKey(band);
    const row = key === undefined ? undefined : this.bandIndex.get(key);
    if (row !== undefined && this.memo.size < MEMO_LIMIT) this.memo.set(band, row);
    return row;
  }

  /**
   * The value column (0-based) a setting names: blank means the first column; a number is a
   * 1-based column number (or, failing that, a heading); text is a heading (or, failing that, a
   * column number). Undefined when it names no column.
   * @example table.findSetting("2023/24") === 1; table.findSetting(2) === 1; table.findSetting(null) === 0
   */
  findSetting(setting: unknown): number | undefined {
    if (isBlank(setting)) return 0;
    // A spilled call passes the same setting text for every row: remember the last one.
    if (typeof setting === "string" && setting === this.lastSetting) return this.lastSettingColumn;
    const key = bandKey(setting);
    if (key === undefined) return undefined;
    const byName = this.settingIndex.get(key);
    const byNumber =
      typeof key === "number" && Number.isInteger(key) && key >= 1 && key <= this.width ? key - 1 : undefined;
    const column = typeof setting === "number" ? (byNumber ?? byName) : (byName ?? byNumber);
    if (typeof setting === "string" && column !== undefined) {
      this.lastSetting = setting;
      this.lastSettingColumn = column;
    }
    return column;
  }

  /** The amount in a cell, or NaN when the cell is blank or not an amount. */
  amountAt(row: number, col: number): number {
    return this.values[row * this.width + col];
  }

  /** The value that was in a cell which is not an amount (undefined when the cell was blank). */
  rawAt(row: number, col: number): unknown {
    return this.notAmounts.get(row * this.width + col);
  }
}

/** A value-column cell of a possible header row: true when it is text that is not a number. */
function isHeadingText(cell: unknown): boolean {
  return typeof cell === "string" && !isBlank(cell) && parseUkNumber(cell) === undefined;
}

function isNumberCell(cell: unknown): boolean {
  return typeof cell === "number" || (typeof cell === "string" && parseUkNumber(cell) !== undefined);
}

/**
 * Parse a band table from a 2-D range as Excel passes it (rows of cells; empty cells are null or
 * ""). The first column holds band names or numbers; each further column holds the annual £ for a
 * setting. The first row is a header when none of its value cells is a number, at least one is
 * text (e.g. "2022/23") and rows follow it: its cells then name the settings, otherwise settings
 * are unnamed and are picked by column number. Values may be numbers or UK money text ("£4,500"); a blank value cell
 * means "no value for that setting" (looking it up gives #N/A), and a text value that is not an
 * amount (Devon's "> £4,500 (individual)") gives #VALUE! when looked up. Fully blank rows (a range
 * selected larger than the table) are skipped.
 *
 * @param rows The range: an array of rows, each an array of cell values.
 * @returns The table, or #VALUE! when the range is not rows of cells, has no band rows, has no
 *   value column, has a row with values but no band name, or names a band (or setting) twice.
 * @example
 * parseBandTable([["Band", "Top-up"], ["Banding 1", 1600], ["Banding 2", "£3,100"], ["Banding 3", 4500]])
 * // → a table with bands Banding 1–3 and one setting "Top-up" (Devon mainstream, domain.md §3.4)
 */
export function parseBandTable(rows: unknown[][]): Result<BandTable> {
  if (!Array.isArray(rows)) return BandingErrors.notARange();
  let columns = 0;
  for (const row of rows) {
    if (!Array.isArray(row)) return BandingErrors.notARange();
    if (row.length > columns) columns = row.length;
  }
  const blankRow = (row: unknown[]): boolean => row.every((cell) => isBlank(cell));
  let first = 0;
  while (first < rows.length && blankRow(rows[first])) first++;
  if (first === rows.length) return BandingErrors.noRows();
  if (columns < 2) return BandingErrors.noValueColumn();
  const width = columns - 1;

  // Header: no value cell is a number and at least one is text.
  const top = rows[first];
  let headingCells = 0;
  let numberCells = 0;
  for (let c = 1; c < columns; c++) {
    if (isHeadingText(top[c])) headingCells++;
    else if (isNumberCell(top[c])) numberCells++;
  }
  // A lone row is data even when its values are text: "1 | up to £1,190" is a band whose value
  // needs fixing (said at look-up), not a header over nothing.
  let rowsBelow = false;
  for (let r = first + 1; r < rows.length && !rowsBelow; r++) rowsBelow = !blankRow(rows[r]);
  const hasHeader = headingCells > 0 && numberCells === 0 && rowsBelow;

  const settings: string[] = [];
  const settingIndex = new Map<BandKey, number>();
  const settingColumn = new Map<BandKey, number>();
  for (let c = 0; c < width; c++) {
    const cell = hasHeader ? top[c + 1] : undefined;
    const key = hasHeader ? bandKey(cell) : undefined;
    if (key === undefined || typeof cell === "boolean") {
      // Unnamed: shown as "Column n", which also finds it (unless a heading already says that).
      const name = `Column ${c + 1}`;
      const nameKey = bandKey(name) as BandKey;
      if (hasHeader && !settingIndex.has(nameKey)) settingIndex.set(nameKey, c);
      settings.push(name);
      continue;
    }
    const name = displayName(cell);
    const seen = settingColumn.get(key);
    if (seen !== undefined) return BandingErrors.duplicateSetting(name, seen + 1, c + 1);
    settingColumn.set(key, c);
    settingIndex.set(key, c);
    settings.push(name);
  }

  const bands: string[] = [];
  const bandIndex = new Map<BandKey, number>();
  const bandRow = new Map<BandKey, number>();
  const flat: number[] = [];
  const notAmounts = new Map<number, unknown>();
  for (let r = hasHeader ? first + 1 : first; r < rows.length; r++) {
    const row = rows[r];
    if (blankRow(row)) continue;
    const name = row[0];
    if (isBlank(name)) return BandingErrors.bandlessRow(r + 1);
    const key = bandKey(name);
    if (key === undefined) return BandingErrors.badBandCell(r + 1, name);
    const seen = bandRow.get(key);
    if (seen !== undefined) return BandingErrors.duplicateBand(displayName(name), seen + 1, r + 1);
    bandRow.set(key, r);
    const index = bands.length;
    bandIndex.set(key, index);
    bands.push(displayName(name));
    for (let c = 0; c < width; c++) {
      const cell = row[c + 1];
      const amount = isBlank(cell) ? undefined : parseUkNumber(cell);
      if (amount === undefined && !isBlank(cell)) notAmounts.set(index * width + c, cell);
      flat.push(amount ?? NaN);
    }
  }
  if (bands.length === 0) return BandingErrors.noRows();

  return new BandTable({
    bands,
    settings,
    hasHeader,
    values: Float64Array.from(flat),
    notAmounts,
    bandIndex,
    settingIndex,
  });
}

// ---------------------------------------------------------------------------------------------
// Band cost

/** How an uplift is applied: a percentage of the table value, or a flat £ amount added to it. */
export type UpliftMode = "percent" | "flat";

const UPLIFT_MODES: readonly UpliftMode[] = ["percent", "flat"];

/**
 * The annual top-up for a band: its value in the band table for a setting, with an uplift,
 * rounded half-up to the penny (domain.md §3.5 "Fixed band" and "Uplifts").
 *
 * @param band The band: a number or name, matched as {@link bandKey} describes ("Band 3" = 3 = "3.0").
 * @param table The parsed band table ({@link parseBandTable}); parse once, reuse for every band.
 * @param setting The value column: its header text, or its 1-based number among the value
 *   columns. Default (blank): the first value column.
 * @param uplift The uplift: a fraction in "percent" mode (0.034 is 3.4%), £ in "flat" mode.
 *   Default 0.
 * @param upliftMode "percent" (default): value × (1 + uplift); "flat": value + uplift. Case and
 *   surrounding spaces are ignored; blank means "percent".
 * @param trace Records the band, setting, table value, uplift and result when given.
 * @returns The top-up in £ a year, rounded to the penny.
 *   #N/A when the band or setting is not in the table, or the table has no value there;
 *   #VALUE! for a band that is not a number or name, a table value that is not an amount, an
 *   uplift that is not a number, or an unknown upliftMode;
 *   #NUM! when the result is below zero or too large to calculate.
 * @example
 * // Devon special-school per-place top-up (domain.md §3.4), 2022/23 rate plus Devon's flat £336:
 * bandCost("Ellen Tinkham", devonSpecial, "2022/23", 336, "flat") // → 12132 (the 2023/24 rate)
 */
export function bandCost(
  band: unknown,
  table: BandTable,
  setting?: unknown,
  uplift?: number,
  upliftMode?: UpliftMode | string,
  trace?: Trace,
): Result<Pounds> {
  let mode: UpliftMode = "percent";
  if (upliftMode !== undefined && upliftMode !== null && !isBlank(upliftMode)) {
    const given = typeof upliftMode === "string" ? upliftMode.trim().toLowerCase() : undefined;
    if (given !== "percent" && given !== "flat")
      return Errors.notOneOf("upliftMode", upliftMode, UPLIFT_MODES);
    mode = given;
  }
  const lift = uplift ?? 0;
  const liftError = checkFinite("uplift", lift, mode === "percent" ? "0.034 (3.4%)" : "336");
  if (liftError) return liftError;

  const row = table.findBand(band);
  if (row === undefined) {
    if (bandKey(band) === undefined) return BandingErrors.badBand(band);
    return Errors.notFound("Band", band, "the band table", table.bands);
  }
  const col = table.findSetting(setting);
  if (col === undefined) return BandingErrors.settingNotFound(setting, table.settings, table.hasHeader);

  const value = table.amountAt(row, col);
  if (Number.isNaN(value)) {
    const raw = table.rawAt(row, col);
    return raw === undefined
      ? BandingErrors.noValue(table.bands[row], table.settings[col])
      : BandingErrors.notAnAmount(table.bands[row], table.settings[col], raw);
  }

  const lifted = mode === "percent" ? value * (1 + lift) : value + lift;
  const cost = roundPenny(lifted);
  // Rounding scales by 100, so a finite value near the top of the double range can overflow too.
  if (!Number.isFinite(cost)) return BandingErrors.tooLarge("band cost");
  if (cost < 0) return BandingErrors.negativeCost(table.bands[row], lifted);

  if (trace) {
    trace.input(
      "Band",
      table.bands[row],
      "",
      band === table.bands[row] ? undefined : `matched from ${describeValue(band)}`,
    );
    trace.input("Setting (column of the band table)", table.settings[col], "");
    trace.step(
      "Value in the band table",
      value,
      "£",
      `band "${table.bands[row]}", column "${table.settings[col]}"`,
    );
    if (mode === "percent") {
      trace.input("Uplift (percentage)", lift, "%");
      trace.step("After the uplift", lifted, "£", `${formatPounds(value)} × (1 + ${formatPercent(lift)})`);
    } else {
      trace.input("Uplift (flat £ amount)", lift, "£");
      trace.step("After the uplift", lifted, "£", `${formatPounds(value)} + ${formatPounds(lift)}`);
    }
    trace.result("Annual top-up", cost, "£", "rounded half-up to the penny");
  }
  return cost;
}

// ---------------------------------------------------------------------------------------------
// Hours cost

/** A number for a trace detail: 12.5, 38, 0.333333 (no binary tails). */
function formatNumber(value: number): string {
  return String(roundHalfUp(value, 6));
}

/**
 * The pupil weeks a year an hours-based top-up is paid for when a council does not say: 38 (the
 * school year; some councils use 39, domain.md §3.3). The function table, the papers' rules and
 * share read this one constant.
 */
export const DEFAULT_PUPIL_WEEKS = 38;

/**
 * The hours-based top-up a year: `max(0, hours × rate × weeks ÷ groupSize − threshold)`, rounded
 * half-up to the penny with decimal-correct arithmetic (domain.md §3.3 item 1 and §3.5 "Hourly").
 * The product is formed first and rounded once at the end, so binary noise never moves the penny:
 * 4.5 × £1,044.85 is £4,701.83.
 *
 * @param hoursPerWeek Hours of adult support a week (hours, ≥ 0).
 * @param hourlyRate Cost of one hour of support (£ an hour, ≥ 0), e.g. Oxfordshire's £13.04.
 * @param weeks Weeks a year (≥ 0). Default (undefined or null) {@link DEFAULT_PUPIL_WEEKS}; some councils use 39.
 * @param threshold £ a year the school meets itself (≥ 0). Default 0; use 6000 for the mainstream
 *   element 2 threshold.
 * @param groupSize Pupils sharing the support (≥ 1, may be fractional). Default 1.
 * @param trace Records the inputs, the gross cost, the threshold taken off and the result.
 * @returns The top-up in £ a year, never below zero.
 *   #VALUE! when an argument is not a number; #NUM! when hours, rate, weeks or threshold is
 *   negative, groupSize is below 1, or the result is too large to calculate.
 * @example hoursCost(25, 13.04, 38, 6000) // → 6388 (25 h × £13.04 × 38 weeks − £6,000)
 */
export function hoursCost(
  hoursPerWeek: number,
  hourlyRate: number,
  weeks?: number | null,
  threshold?: number | null,
  groupSize?: number | null,
  trace?: Trace,
): Result<Pounds> {
  return hoursCostOf(
    hoursPerWeek,
    hourlyRate,
    weeks ?? DEFAULT_PUPIL_WEEKS,
    threshold ?? 0,
    groupSize ?? 1,
    trace,
  );
}

function hoursCostOf(
  hoursPerWeek: number,
  hourlyRate: number,
  weeks: number,
  threshold: number,
  groupSize: number,
  trace: Trace | undefined,
): Result<Pounds> {
  const error =
    checkFinite("hoursPerWeek", hoursPerWeek, "12.5") ??
    checkFinite("hourlyRate", hourlyRate, "14.95") ??
    checkFinite("weeks", weeks, "38") ??
    checkFinite("threshold", threshold, "6000") ??
    checkFinite("groupSize", groupSize, "1");
  if (error) return error;
  if (hoursPerWeek < 0) return Errors.negative("hoursPerWeek", hoursPerWeek);
  if (hourlyRate < 0) return Errors.negative("hourlyRate", hourlyRate);
  if (weeks < 0) return Errors.negative("weeks", weeks);
  if (threshold < 0) return Errors.negative("threshold", threshold);
  if (groupSize < 1)
    return Errors.outOfRange("groupSize", groupSize, "1 or more (the number of pupils sharing)");

  let gross = hoursPerWeek * hourlyRate * weeks;
  if (groupSize !== 1) gross /= groupSize;
  const net = gross - threshold;
  const cost = net > 0 ? roundPennyOf(net, Math.max(gross, threshold)) : (0 as Pounds);
  if (!Number.isFinite(cost)) return BandingErrors.tooLarge("hours cost");

  if (trace) {
    trace.input("Hours of support a week", hoursPerWeek, "hours");
    trace.input("Hourly rate", hourlyRate, "£");
    trace.input("Weeks a year", weeks, "weeks");
    trace.input("Threshold the school meets", threshold, "£");
    trace.input("Pupils sharing the support", groupSize, "");
    const shared = groupSize === 1 ? "" : ` ÷ ${formatNumber(groupSize)} pupils`;
    trace.step(
      "Cost of the support a year",
      gross,
      "£",
      `${formatNumber(hoursPerWeek)} hours × ${formatPounds(hourlyRate)} × ${formatNumber(weeks)} weeks${shared}`,
    );
    trace.step("Less the threshold", net, "£", `${formatPounds(gross)} − ${formatPounds(threshold)}`);
    trace.result(
      "Top-up a year",
      cost,
      "£",
      net > 0 ? "rounded half-up to the penny" : "below zero, so no top-up",
    );
  }
  return cost;
}

// ---------------------------------------------------------------------------------------------
// Needs-matrix score

/**
 * A needs-led matrix score (domain.md §3.3 item 2, §3.5 "Matrix"): for each area of need, level ×
 * weight, capped at that area's cap, summed over the areas. The score is then looked up against a
 * tariff table (e.g. with {@link bandCost}). Binary tails are removed (rounded to 8 decimal places).
 *
 * @param levels The level of need in each area (e.g. 0–4), one per area.
 * @param weights The weight of each area, one per area (Islington: Sensory/Physical ×4, C&I ×2,
 *   SEMH ×4, C&L ×4).
 * @param caps The most points each area can add, one per area; undefined (a blank cell) means no
 *   cap. Optional: no caps at all.
 * @param trace Records each area's points (and any cap applied) and the total.
 * @returns The score (points).
 *   #VALUE! when levels is empty, the lists differ in length (the message gives both lengths) or a
 *   value is not a number; #NUM! for a negative level, weight or cap, or a score too large to add up.
 * @example needsScore([2, 3, 1, 4], [4, 2, 4, 4], [undefined, undefined, undefined, 16]) // → 34
 */
export function needsScore(
  levels: readonly number[],
  weights: readonly number[],
  caps?: readonly (number | undefined | null)[],
  trace?: Trace,
): Result<number> {
  if (!Array.isArray(levels) || levels.length === 0) return Errors.required("levels");
  if (!Array.isArray(weights) || weights.length !== levels.length) {
    return BandingErrors.lengths(
      "levels",
      levels.length,
      "weights",
      Array.isArray(weights) ? weights.length : 0,
    );
  }
  if (caps !== undefined && caps !== null && (!Array.isArray(caps) || caps.length !== levels.length)) {
    return BandingErrors.lengths("levels", levels.length, "caps", Array.isArray(caps) ? caps.length : 0);
  }
  if (trace) {
    trace.input("Levels of need", levels.join(", "), "");
    trace.input("Weights", weights.join(", "), "");
    if (caps)
      trace.input(
        "Caps (points)",
        caps.map((c) => (c === undefined || c === null ? "none" : c)).join(", "),
        "",
      );
  }
  let total = 0;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    const weight = weights[i];
    const cap = caps ? caps[i] : undefined;
    const error =
      checkFinite(`levels (area ${i + 1})`, level, "2") ??
      checkFinite(`weights (area ${i + 1})`, weight, "4");
    if (error) return error;
    if (level < 0) return Errors.negative(`levels (area ${i + 1})`, level);
    if (weight < 0) return Errors.negative(`weights (area ${i + 1})`, weight);
    let points = level * weight;
    let capped = false;
    if (cap !== undefined && cap !== null) {
      const capError = checkFinite(`caps (area ${i + 1})`, cap, "16");
      if (capError) return capError;
      if (cap < 0) return Errors.negative(`caps (area ${i + 1})`, cap);
      if (points > cap) {
        points = cap;
        capped = true;
      }
    }
    if (!Number.isFinite(points)) return BandingErrors.tooLarge("needs score");
    total += points;
    if (trace) {
      const detail = `level ${formatNumber(level)} × weight ${formatNumber(weight)}`;
      trace.step(
        `Area ${i + 1} points`,
        roundHalfUp(points, 8),
        "points",
        capped
          ? `${detail} = ${formatNumber(level * weight)}, capped at ${formatNumber(cap as number)}`
          : detail,
      );
    }
  }
  const score = roundHalfUp(total, 8);
  if (!Number.isFinite(score)) return BandingErrors.tooLarge("needs score");
  if (trace) trace.result("Needs score", score, "points", `sum of ${levels.length} areas of need`);
  return score;
}
