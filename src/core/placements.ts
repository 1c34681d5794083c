/**
 * High-needs placement cost projection (DSG.PLACEMENTCOSTS): from a table of placement types —
 * how many, the annual cost of one, and how fast each grows — the spend in each future year.
 *
 * Model (domain.md §4.6, one growth rate per type):
 *
 *   count_{p,t} = count_{p,t−1} × (1 + countGrowth_p)      count_{p,1} = count_p
 *   cost_{p,t}  = cost_{p,t−1}  × (1 + costGrowth_p)       cost_{p,1}  = unitCost_p
 *   spend_{p,t} = count_{p,t} × cost_{p,t}, rounded half-up to the penny
 *   spend_t     = Σ_p spend_{p,t}  (an exact sum in whole pence)
 *
 * Counts are not rounded (a projection of 243.76 placements is a projection, and part-year
 * placements are fractions anyway); costs compound unrounded; each type's spend is rounded to the
 * penny and the year's spend is the exact sum of those, so a by-type table adds up to the total.
 * It can differ from rounding the unrounded total by at most half a penny per type.
 */

import { CellError, ErrorCode, Errors, Result } from "./errors";
import { Pounds, formatPounds, fromPence, roundHalfUp, toPence } from "./money";
import { Trace } from "./trace";
import { isBlank, parseUkNumber } from "./values";

/** One kind of placement, e.g. independent special schools (INMSS). */
export interface PlacementType {
  /** What the placements are, e.g. "INMSS"; defaults to "Type 1", "Type 2", … */
  readonly name?: string;
  /** Placements in year 1 (may be fractional, e.g. full-time equivalents), 0 or more. */
  readonly count: number;
  /** Annual cost of one placement in year 1, £, 0 or more. */
  readonly unitCost: number;
  /** Yearly growth in the count, a fraction (10.8% is 0.108), −1 or more. */
  readonly countGrowth: number;
  /** Yearly growth in the unit cost, a fraction, −1 or more. */
  readonly costGrowth: number;
}

/** One placement type in one year. */
export interface PlacementTypeYear {
  readonly name: string;
  /** Projected placements (unrounded). */
  readonly count: number;
  /** Projected annual cost of one placement, £, rounded to the penny for display. */
  readonly unitCost: Pounds;
  /** count × unit cost (both unrounded), £, rounded half-up to the penny. */
  readonly spend: Pounds;
}

/** One projected year. */
export interface PlacementYear {
  /** 1 for the first year. */
  readonly year: number;
  /** Total projected placements (unrounded). */
  readonly placements: number;
  /** Total projected spend, £: the exact sum of the by-type spends. */
  readonly spend: Pounds;
  readonly byType: PlacementTypeYear[];
}

export interface PlacementProjection {
  readonly years: PlacementYear[];
}

/** The longest projection accepted. */
export const MAX_PLACEMENT_YEARS = 50;

/** Column names of the placement table, in order (the name column is optional and comes first). */
export const PLACEMENT_COLUMNS = ["name", "count", "unit cost", "count growth", "cost growth"] as const;

/**
 * Largest spend accepted, £10 trillion a type and in total: below it every figure is under 10^15
 * pence, so sums stay exact integers in floating point.
 */
const LIMIT_PENCE = 1e15;

/** The projection's messages, built on the general catalogue. */
export const PlacementErrors = {
  years: (got: number): CellError =>
    Errors.outOfRange("years", got, `a whole number from 1 to ${MAX_PLACEMENT_YEARS}`),
  noTypes: (): CellError =>
    new CellError(
      ErrorCode.value,
      "table has no placement rows; give at least one row of count, unit cost, count growth and cost growth.",
    ),
  width: (got: number): CellError =>
    Errors.shape(
      "table",
      `it has ${got} column${got === 1 ? "" : "s"}; give 4 (count, unit cost, count growth, cost growth) or 5 (name first)`,
    ),
  ragged: (row: number, got: number, expected: number): CellError =>
    Errors.shape(
      "table",
      `row ${row} has ${got} cells but the first row has ${expected}; select a rectangular range`,
    ),
  emptyCell: (where: string): CellError =>
    new CellError(ErrorCode.value, `${where} is empty; enter a number (0 for no growth, or 0 placements).`),
  growthTooLow: (where: string, got: number): CellError =>
    Errors.outOfRange(where, got, "-100% (-1) or more"),
  tooLarge: (where: string, year: number): CellError =>
    new CellError(
      ErrorCode.number,
      `${where} in year ${year} is more than £10 trillion; check the units (enter £, not pence) and the growth rates.`,
    ),
} as const;

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** 0.108 → "10.8%". */
function formatRate(rate: number): string {
  const pct = roundHalfUp(rate * 100, 4);
  return `${pct.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 4 })}%`;
}

/** 243.76 → "243.76"; counts shown to at most 2 decimal places in explanations. */
function formatCount(count: number): string {
  return roundHalfUp(count, 2).toLocaleString("en-GB", { maximumFractionDigits: 2 });
}

function growthDetail(previous: string, rate: number): string {
  return `${previous} × (1 ${rate < 0 ? "−" : "+"} ${formatRate(Math.abs(rate))})`;
}

/** Check one placement type given directly (not from a table). */
function checkType(type: PlacementType, index: number): CellError | undefined {
  const who = `placement type ${index + 1}${type && typeof type.name === "string" && type.name ? ` ("${type.name}")` : ""}`;
  if (type === null || typeof type !== "object")
    return Errors.shape("table", `${who} is not a row of four numbers`);
  const fields: [keyof PlacementType, string, string][] = [
    ["count", "count", "220"],
    ["unitCost", "unit cost", "64000"],
    ["countGrowth", "count growth", "0.108 (10.8%)"],
    ["costGrowth", "cost growth", "0.05 (5%)"],
  ];
  for (const [key, label, example] of fields) {
    const value = type[key];
    const where = `${label} for ${who}`;
    if (!isNumber(value)) return Errors.notANumber(where, value, example);
    if (key === "count" || key === "unitCost") {
      if (value < 0) return Errors.negative(where, value);
    } else if (value < -1) {
      return PlacementErrors.growthTooLow(where, value);
    }
  }
  return undefined;
}

/**
 * Project high-needs spend year by year from placement types (DSG.PLACEMENTCOSTS).
 *
 * For year t = 1..years: count_{p,t} = count_p × (1 + countGrowth_p)^(t−1) and
 * cost_{p,t} = unitCost_p × (1 + costGrowth_p)^(t−1), compounded year on year unrounded
 * (domain.md §4.6); each type's spend count × cost is rounded half-up to the penny, and the year's
 * spend is the exact sum of those.
 *
 * @param types The placement types: count (placements), unit cost (£ a year), count growth and
 *   cost growth (fractions a year).
 * @param years How many years to project, a whole number 1–50.
 * @param trace Optional: records the inputs, each type's count, cost and spend per year, and each
 *   year's total.
 * @returns The projection per year with a by-type breakdown; or #VALUE! when there are no types or
 *   a value is not a number; #NUM! for years outside 1–50, a negative count or unit cost, growth
 *   below −100%, or spend above £10 trillion.
 * @example
 * placementCosts([{ name: "INMSS", count: 220, unitCost: 64000, countGrowth: 0.108, costGrowth: 0.05 }], 2)
 * // years[0].spend 14,080,000.00 (220 × £64,000); years[1].spend 16,380,672.00 (243.76 × £67,200)
 */
export function placementCosts(
  types: readonly PlacementType[],
  years: number,
  trace?: Trace,
): Result<PlacementProjection> {
  if (!isNumber(years)) return Errors.notANumber("years", years, "5");
  if (!Number.isInteger(years) || years < 1 || years > MAX_PLACEMENT_YEARS)
    return PlacementErrors.years(years);
  if (!Array.isArray(types) || types.length === 0) return PlacementErrors.noTypes();
  const n = types.length;
  for (let p = 0; p < n; p++) {
    const error = checkType(types[p], p);
    if (error) return error;
  }

  const names: string[] = new Array(n);
  const counts: number[] = new Array(n);
  const costs: number[] = new Array(n);
  for (let p = 0; p < n; p++) {
    const name = types[p].name;
    names[p] = typeof name === "string" && name.trim() !== "" ? name.trim() : `Type ${p + 1}`;
    counts[p] = types[p].count;
    costs[p] = types[p].unitCost;
  }
  if (trace) {
    for (let p = 0; p < n; p++) {
      const placementType = types[p];
      trace.input(
        `${names[p]}: placements, unit cost, count growth, cost growth`,
        `${formatCount(placementType.count)}; ${formatPounds(placementType.unitCost)}; ${formatRate(placementType.countGrowth)}; ${formatRate(placementType.costGrowth)}`,
        "",
        "year 1 figures and yearly growth",
      );
    }
    trace.input("Years projected", years, "years");
  }

  const out: PlacementYear[] = new Array(years);
  for (let y = 1; y <= years; y++) {
    let totalPence = 0;
    let placements = 0;
    const byType: PlacementTypeYear[] = new Array(n);
    for (let p = 0; p < n; p++) {
      const previousCount = counts[p];
      const previousCost = costs[p];
      if (y > 1) {
        counts[p] = previousCount * (1 + types[p].countGrowth);
        costs[p] = previousCost * (1 + types[p].costGrowth);
      }
      const raw = counts[p] * costs[p];
      // Runaway growth: refuse rather than return Infinity or an inexact sum.
      if (!(raw * 100 <= LIMIT_PENCE)) return PlacementErrors.tooLarge(`Spend on ${names[p]}`, y);
      const spendPence = toPence(roundHalfUp(raw, 2));
      totalPence += spendPence;
      if (totalPence > LIMIT_PENCE) return PlacementErrors.tooLarge("Total spend", y);
      placements += counts[p];
      byType[p] = {
        name: names[p],
        count: counts[p],
        unitCost: fromPence(toPence(roundHalfUp(costs[p], 2))),
        spend: fromPence(spendPence),
      };
      if (trace) {
        const row = byType[p];
        if (y > 1) {
          trace.step(
            `${names[p]}, year ${y}: placements`,
            roundHalfUp(row.count, 2),
            "",
            growthDetail(formatCount(previousCount), types[p].countGrowth),
          );
          trace.step(
            `${names[p]}, year ${y}: unit cost`,
            row.unitCost,
            "£",
            growthDetail(formatPounds(previousCost), types[p].costGrowth),
          );
        }
        trace.step(
          `${names[p]}, year ${y}: spend`,
          row.spend,
          "£",
          `${formatCount(row.count)} placements × ${formatPounds(costs[p])}`,
        );
      }
    }
    out[y - 1] = { year: y, placements, spend: fromPence(totalPence), byType };
    if (trace) {
      trace.result(
        `Spend in year ${y}`,
        out[y - 1].spend,
        "£",
        n === 1 ? `${names[0]} only` : byType.map((b) => formatPounds(b.spend)).join(" + "),
      );
    }
  }
  return { years: out };
}

/** "Row 3, column 2 (unit cost)": where a cell is, as the user sees the range they selected. */
function cellName(row: number, column: number, hasName: boolean): string {
  const label = PLACEMENT_COLUMNS[hasName ? column : column + 1];
  return `Row ${row + 1}, column ${column + 1} (${label})`;
}

/**
 * Read a placement table as Excel passes a range: rows of cells, null or "" for empty cells.
 *
 * Columns: count, unit cost (£), count growth, cost growth — or 5 columns with a name first.
 * The first non-blank row is taken as a header and skipped when its number columns hold text that
 * is not a number ("Count", "Unit cost", …) and no numbers. Blank rows are skipped. Numbers may be
 * UK text: "£64,000", "1,234.50", "8%", "(12,000)" (see parseUkNumber). An empty name is allowed;
 * an empty number cell is not (enter 0 for no growth).
 *
 * @param rows The range's values, row by row.
 * @returns The placement types, in table order; or #VALUE! for a table of the wrong width, no data
 *   rows, or a cell that is empty or not a number (naming its row and column within the range);
 *   #NUM! for a negative count or unit cost or growth below −100% (also naming the cell).
 * @example
 * parsePlacementTable([["Type", "Count", "Unit cost", "Growth", "Inflation"],
 *                      ["INMSS", 220, "£64,000", "10.8%", "5%"]])
 * // [{ name: "INMSS", count: 220, unitCost: 64000, countGrowth: 0.108, costGrowth: 0.05 }]
 */
export function parsePlacementTable(rows: unknown[][]): Result<PlacementType[]> {
  if (!Array.isArray(rows) || rows.length === 0) return PlacementErrors.noTypes();
  const first = rows[0];
  if (!Array.isArray(first)) return Errors.shape("table", "it is not a range of rows and columns");
  const width = first.length;
  if (width !== 4 && width !== 5) return PlacementErrors.width(width);
  const hasName = width === 5;
  const offset = hasName ? 1 : 0;
  const types: PlacementType[] = [];
  let seenRow = false;

  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!Array.isArray(row)) return Errors.shape("table", `row ${r + 1} is not a row of cells`);
    if (row.length !== width) return PlacementErrors.ragged(r + 1, row.length, width);
    if (row.every(isBlank)) continue;

    if (!seenRow) {
      seenRow = true;
      // A header: text in the number columns, and nothing there that reads as a number.
      let text = 0;
      let numbers = 0;
      for (let c = offset; c < width; c++) {
        const cell = row[c];
        if (isBlank(cell)) continue;
        if (parseUkNumber(cell) !== undefined) numbers++;
        else if (typeof cell === "string") text++;
      }
      if (text > 0 && numbers === 0) continue;
    }

    let name: string | undefined;
    if (hasName) {
      const cell = row[0];
      if (typeof cell === "string") name = cell.trim() || undefined;
      else if (typeof cell === "number" && Number.isFinite(cell)) name = String(cell);
      else if (!isBlank(cell)) return Errors.notText(cellName(r, 0, true), cell, '"INMSS"');
    }
    const values: number[] = [];
    for (let c = offset; c < width; c++) {
      const cell = row[c];
      const where = cellName(r, c, hasName);
      if (isBlank(cell)) return PlacementErrors.emptyCell(where);
      const v = parseUkNumber(cell);
      const isGrowth = c - offset >= 2;
      if (v === undefined) {
        return Errors.notANumber(
          where,
          cell,
          isGrowth ? '0.05 or "5%"' : c - offset === 0 ? "220" : '64000 or "£64,000"',
        );
      }
      if (isGrowth ? v < -1 : v < 0) {
        return isGrowth ? PlacementErrors.growthTooLow(where, v) : Errors.negative(where, v);
      }
      values.push(v);
    }
    const [count, unitCost, countGrowth, costGrowth] = values;
    types.push(
      name === undefined
        ? { count, unitCost, countGrowth, costGrowth }
        : { name, count, unitCost, countGrowth, costGrowth },
    );
  }
  if (types.length === 0) return PlacementErrors.noTypes();
  return types;
}

/**
 * The table DSG.PLACEMENTCOSTS spills (no header): one row per year of
 * [year, placements rounded half-up to 1 decimal place, spend in £ to the penny].
 *
 * @param projection A projection from {@link placementCosts}.
 * @returns One row of three numbers per year.
 * @example
 * placementTable(placementCosts(inmss, 2)) // [[1, 220, 14080000], [2, 243.8, 16380672]]
 */
export function placementTable(projection: PlacementProjection): number[][] {
  return projection.years.map((y) => [y.year, roundHalfUp(y.placements, 1), y.spend]);
}
