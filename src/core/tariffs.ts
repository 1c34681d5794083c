/**
 * The costing rule for a current top-up placement (domain.md §3.3–§3.5; SPEC "Reading the
 * council's workbooks", current bands): which of three rules costs it, and why.
 *
 * 1. **Stated top-up.** The register gives the placement's own annual top-up: that figure is its
 *    current cost, and the band table's figure (when one can be worked out) is kept beside it so
 *    the papers can list every placement where the two disagree.
 * 2. **Fixed tariff.** The current band table gives £ a year per band, either one column for all
 *    settings (Devon mainstream: Banding 1 £1,600 …) or one column per setting (Mainstream /
 *    Special / Resource base). A row may name a school instead of a band (Devon's special-school
 *    rate per place: Ellen Tinkham £12,132 …): a placement whose band is not in the table is looked
 *    up by its school. A fixed tariff is the top-up itself, so no threshold is taken off.
 * 3. **Hours.** The current band table gives hours of support a week per band (or the placement
 *    gives its own hours): hours × rate × weeks, less the element 2 threshold in mainstream.
 *
 * Which table rule applies is read from the table's own columns, never guessed per placement:
 * a £ column (for all or per setting) makes it a tariff table; hours alone make it hours-based.
 */

import { type BandTable, bandKey, hoursCost, parseBandTable } from "./banding";
import { CellError, ErrorCode, type Result, isCellError } from "./errors";
import { formatPounds, roundPenny } from "./money";

/** How the current band table says a placement is costed. */
export type TariffKind = "hours" | "fixed" | "fixed-by-setting";

/** One row of a current band table, as the source reader gives it. */
export interface TariffRow {
  readonly band: string;
  /** Hours of support a week (an hours-based table). */
  readonly hours?: number;
  /** £ a year for every setting (a fixed tariff). */
  readonly topUp?: number;
  /**
   * £ a year by setting heading (a fixed tariff per setting); a blank cell is absent, and a cell
   * that is not an amount is its text ("up to £1,190"), which costing reports as not an amount.
   */
  readonly tariffs?: Readonly<Record<string, number | string>>;
}

/** The current band table read as a costing rule. */
export interface CurrentTariff {
  readonly kind: TariffKind;
  /**
   * The table as core parses it: band names, then one value column: "Hours" (hours-based),
   * "Top-up" (fixed for all settings), or one column per setting heading.
   */
  readonly table: BandTable;
  /** The rule in words, for the paper's notes: which columns it was read from. */
  readonly rule: string;
}

/** Short labels for each rule, used on the papers' "Current costing" column. */
export const RULE_LABEL = {
  hours: "Hours × rate",
  fixed: "Band tariff (all settings)",
  "fixed-by-setting": "Band tariff (by setting)",
  stated: "Stated in the register",
} as const;

/**
 * Read the current band table as a costing rule, from its own columns: any £-per-setting column
 * makes it a per-setting tariff; else a £ column for all settings makes it a fixed tariff; else
 * hours make it hours-based. A table with both hours and £ is costed on the £ (the table states the
 * top-up itself) and the rule says the hours are not used.
 *
 * @param rows The table's rows (datasets.currentBands).
 * @returns The rule, or #VALUE! when the table has no hours and no £ in any row, or core cannot
 *   read it (a band named twice).
 * @example
 * currentTariff([{ band: "Banding 1", topUp: 1600 }, { band: "Banding 2", topUp: 3100 }]).kind === "fixed"
 */
export function currentTariff(rows: readonly TariffRow[]): Result<CurrentTariff> {
  const settings: string[] = [];
  const seen = new Set<string>();
  let anyTopUp = false;
  let anyHours = false;
  for (const r of rows) {
    if (r.topUp !== undefined) anyTopUp = true;
    if (r.hours !== undefined) anyHours = true;
    for (const s of Object.keys(r.tariffs ?? {})) {
      const k = String(bandKey(s) ?? s);
      if (!seen.has(k)) {
        seen.add(k);
        settings.push(s);
      }
    }
  }
  const unusedHours = anyHours ? "; its hours column is not used, because the table states the £ itself" : "";
  let kind: TariffKind;
  let header: string[];
  let value: (r: TariffRow) => (number | string | null)[];
  let rule: string;
  if (settings.length > 0) {
    kind = "fixed-by-setting";
    header = settings;
    value = (r) => settings.map((s) => r.tariffs?.[s] ?? null);
    rule = `fixed £ a year per band for each setting (columns ${settings.map((s) => `"${s}"`).join(", ")} of the current band table), no threshold taken off${unusedHours}`;
  } else if (anyTopUp) {
    kind = "fixed";
    header = ["Top-up"];
    value = (r) => [r.topUp ?? null];
    rule = `fixed £ a year per band for all settings (the current band table's £ column), no threshold taken off${unusedHours}`;
  } else if (anyHours) {
    kind = "hours";
    header = ["Hours"];
    value = (r) => [r.hours ?? null];
    rule =
      "hours of support a week × hourly rate × weeks a year, less the element 2 threshold in mainstream settings (the current band table gives hours per band)";
  } else {
    return new CellError(
      ErrorCode.value,
      "The current band table has neither hours nor £ amounts in any row; give each band its hours of support a week or its annual top-up (£).",
    );
  }
  const table = parseBandTable([["Band", ...header], ...rows.map((r) => [r.band, ...value(r)])]);
  if (isCellError(table)) return table;
  return { kind, table, rule };
}

/**
 * The value column of a per-setting tariff for a placement's setting: the column with the same
 * heading (case, spaces and a "(£)" aside), else the one column whose heading's words are all in
 * the setting ("Mainstream" for "Mainstream primary"; the longest wins, so "Mainstream resource
 * base" finds "Resource base" over "Mainstream" only when its words are all there), else the one
 * column whose heading contains the setting's words ("Special school" for "Special").
 *
 * @returns The 0-based column, or undefined when no column (or more than one equally) fits.
 */
export function settingColumn(table: BandTable, setting: string): number | undefined {
  const words = (s: string): string[] =>
    s
      .toLowerCase()
      .replace(/\(?£\)?/g, " ")
      .split(/[^a-z0-9]+/)
      .filter((w) => w !== "");
  const mine = words(setting);
  const key = mine.join(" ");
  const headings = table.settings.map(words);
  const exact = headings.findIndex((h) => h.join(" ") === key);
  if (exact >= 0) return exact;
  const pick = (fits: (h: string[]) => boolean): number | undefined => {
    let best: number | undefined;
    let bestLength = 0;
    let tie = false;
    headings.forEach((h, i) => {
      if (h.length === 0 || !fits(h)) return;
      if (h.length > bestLength) {
        best = i;
        bestLength = h.length;
        tie = false;
      } else if (h.length === bestLength) tie = true;
    });
    return tie ? undefined : best;
  };
  if (mine.length === 0) return undefined;
  return pick((h) => h.every((w) => mine.includes(w))) ?? pick((h) => mine.every((w) => h.includes(w)));
}

/** A current placement, as far as costing it goes. */
export interface PlacementToCost {
  readonly school: string;
  readonly setting: string;
  readonly currentBand: string;
  readonly hours?: number;
  /** The register's own annual top-up (£), when it states one. */
  readonly annualTopUp?: number;
}

/** The rates an hours-based cost needs (the Rules sheet's values). */
export interface HoursRates {
  readonly hourlyRate: number;
  readonly weeksPerYear: number;
  readonly mainstreamThreshold: number;
  /** Whether a setting is mainstream, where the threshold is taken off. */
  readonly isMainstream: (setting: string) => boolean;
}

/** The band table's figure for a placement, and where it came from. */
export interface TableFigure {
  readonly kind: TariffKind;
  readonly cost: number;
  /** The row of the band table used; undefined when an hours-based placement gave its own hours. */
  readonly bandRow?: number;
  /** The value column of the band table used (0 unless per-setting). */
  readonly column: number;
  /** "band": found by its band; "school": a per-school rate row named after its school. */
  readonly matchedBy: "band" | "school" | "hours-given";
  /** Hours-based only: the hours used and whether the threshold was taken off. */
  readonly hours?: number;
  readonly thresholdApplies: boolean;
}

/** How a current placement is costed. */
export interface CurrentCosting {
  readonly rule: TariffKind | "stated";
  /** The current annual cost (£): the stated top-up, else the table figure. */
  readonly cost: number;
  /** The register's stated top-up, when it gives one. */
  readonly stated?: number;
  /** The band table's figure, when it can be worked out. */
  readonly table?: TableFigure;
  /** Why the band table gives no figure (set when stated is used and the table cannot cost it). */
  readonly tableProblem?: string;
  /** stated − table figure (£, to the penny), when both exist and differ; undefined when they agree. */
  readonly disagreement?: number;
}

/**
 * The band table's figure for a placement under the table's rule.
 *
 * @returns The figure, or the reason in words (for the paper's "not costed" list).
 */
export function tableFigure(
  p: PlacementToCost,
  tariff: CurrentTariff | undefined,
  rates: HoursRates,
): TableFigure | { reason: string } {
  if (tariff === undefined || tariff.kind === "hours") {
    const t = tariff?.table;
    let hours = p.hours;
    let bandRow: number | undefined;
    if (hours === undefined) {
      const row = t?.findBand(p.currentBand);
      if (t === undefined || row === undefined) {
        return {
          reason: t
            ? `No hours: the placement gives none and band "${p.currentBand}" is not in the current band table`
            : "No hours: the placement gives none and the workbook has no current band table",
        };
      }
      bandRow = row;
      hours = t.amountAt(row, 0);
      if (Number.isNaN(hours))
        return { reason: `The current band table gives no hours for band "${t.bands[row]}"` };
    }
    const thresholdApplies = rates.isMainstream(p.setting);
    const cost = hoursCost(
      hours,
      rates.hourlyRate,
      rates.weeksPerYear,
      thresholdApplies ? rates.mainstreamThreshold : 0,
    );
    if (isCellError(cost)) return { reason: cost.message };
    return {
      kind: "hours",
      cost,
      bandRow,
      column: 0,
      matchedBy: bandRow === undefined ? "hours-given" : "band",
      hours,
      thresholdApplies,
    };
  }

  const t = tariff.table;
  let row = t.findBand(p.currentBand);
  let matchedBy: "band" | "school" = "band";
  if (row === undefined) {
    row = t.findBand(p.school);
    matchedBy = "school";
  }
  if (row === undefined) {
    return {
      reason: `Band "${p.currentBand}" is not in the current band table, and no row of it is the school "${p.school.trim()}"`,
    };
  }
  let column = 0;
  if (tariff.kind === "fixed-by-setting") {
    const c = settingColumn(t, p.setting);
    if (c === undefined) {
      return {
        reason: `Setting "${p.setting.trim()}" is not one column of the current band table (columns: ${t.settings.join(", ")})`,
      };
    }
    column = c;
  }
  const amount = t.amountAt(row, column);
  if (Number.isNaN(amount)) {
    const raw = t.rawAt(row, column);
    const where = tariff.kind === "fixed-by-setting" ? ` in "${t.settings[column]}"` : "";
    return {
      reason:
        raw === undefined
          ? `The current band table gives no £ for "${t.bands[row]}"${where}`
          : `The current band table's value for "${t.bands[row]}"${where} is "${String(raw)}", which is not an amount`,
    };
  }
  return {
    kind: tariff.kind,
    cost: roundPenny(amount),
    bandRow: row,
    column,
    matchedBy,
    thresholdApplies: false,
  };
}

/**
 * Cost a current placement: the register's stated top-up when it gives one (checked against the
 * band table's figure), else the band table's figure under its rule.
 *
 * @returns The costing, or the reason it cannot be costed.
 * @example
 * // Devon mainstream (domain.md §3.4), a register that states £3,000 for a Banding 2 placement:
 * costCurrentPlacement({ school: "A", setting: "Mainstream", currentBand: "Banding 2", annualTopUp: 3000 }, devon, rates)
 * // → { rule: "stated", cost: 3000, table: { cost: 3100, … }, disagreement: -100 }
 */
export function costCurrentPlacement(
  p: PlacementToCost,
  tariff: CurrentTariff | undefined,
  rates: HoursRates,
): CurrentCosting | { reason: string } {
  const figure = tableFigure(p, tariff, rates);
  if (p.annualTopUp !== undefined) {
    const stated = roundPenny(p.annualTopUp);
    if ("reason" in figure) return { rule: "stated", cost: stated, stated, tableProblem: figure.reason };
    const difference = roundPenny(stated - figure.cost);
    return {
      rule: "stated",
      cost: stated,
      stated,
      table: figure,
      ...(difference !== 0 ? { disagreement: difference } : {}),
    };
  }
  if ("reason" in figure) return figure;
  return { rule: figure.kind, cost: figure.cost, table: figure };
}

/** A stated top-up and the band table's figure in words: "stated £3,000, table £3,100, difference −£100". */
export function disagreementText(stated: number, table: number): string {
  return `stated ${formatPounds(stated)}, band table ${formatPounds(table)}, difference ${formatPounds(roundPenny(stated - table))}`;
}
