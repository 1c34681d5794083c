/**
 * Top-up placements summary (SPEC paper `PlacementSummary`): the number of open top-up placements
 * and their annual cost on the current (hours-based) basis, by setting and band, with totals and
 * a summary by setting (`PlacementsBySetting`); counts of 1–4 shown as [c] with secondary
 * suppression (suppression.ts).
 *
 * The register itself (pupil-level rows) stays in the council's workbook, so the counts and costs
 * here are figures Forum Papers works out from it (each placement's cost is core hoursCost():
 * hours × rate × weeks, less the element 2 threshold in mainstream). Derived cells (averages and,
 * where no figure in a column is suppressed, the totals) are formulas. Where a column holds [c],
 * its total is entered as a figure: a formula over the shown cells would leave the suppressed
 * figures out and give a wrong total.
 *
 * This module also holds the register helpers the banding review shares: which placements are
 * open, whether a setting is mainstream, and each placement's current cost.
 */

import { type BandTable, bandKey, hoursCost, parseBandTable } from "../core/banding";
import { isCellError } from "../core/errors";
import type { Serial } from "../core/dates";
import type { Placement, TotalCheck } from "../sources/datasets";
import { hourlyRateCheck, skippedRowsCheck, total } from "./common";
import { nameKey, sumWhere } from "./criteria";
import {
  type CheckInput,
  type Column,
  PAPERS,
  type PaperBuild,
  type PaperContext,
  SheetBuilder,
  Shorthand,
  dateCell,
  dateText,
  formulaCell,
  layTable,
  moneyCell,
  numberCell,
  poundsText,
  r2,
  sourceSummary,
  sourceText,
  sumCell,
  textCell,
  writeChecks,
  writeHeading,
  writeKeyValues,
  writeNotes,
  writePaperTitle,
} from "./house";
import { NumFmt, type CellSpec, type CellValue } from "./spec";
import { suppressGroups } from "./suppression";

// ---------------------------------------------------------------------------------------------
// Register helpers (shared with banding-review.ts)

/**
 * True when a placement is open on a date: started on or before it and not ended before it (an
 * empty end date means still open). Without a date, open means no end date.
 */
export function isOpen(p: Placement, asAt: Serial | undefined): boolean {
  if (asAt === undefined) return p.end === undefined;
  return p.start <= asAt && (p.end === undefined || p.end >= asAt);
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
 * A band name as written in a cell: a whole number stays a number ("3" → 3) so that the band on a
 * placement row and in the band table compare equal in MATCH whichever way a cell holds it.
 */
export function bandCellValue(band: string): string | number {
  const t = band.trim();
  return /^\d+$/.test(t) && String(Number(t)) === t ? Number(t) : t;
}

/** The current hours-based band table (band → hours a week), parsed by core, or why not. */
export function currentBandTable(ctx: PaperContext): { table?: BandTable; warning?: string } {
  const rows = ctx.datasets.currentBands;
  if (!rows || rows.length === 0) return {};
  const parsed = parseBandTable([["Band", "Hours"], ...rows.map((r) => [r.band, r.hours])]);
  if (isCellError(parsed)) return { warning: `The current band table could not be used: ${parsed.message}` };
  return { table: parsed };
}

/** A placement's cost on the current basis, or why it cannot be costed. */
export interface CurrentCost {
  readonly hours: number;
  /** The current band table's row the hours came from; undefined when the placement gave hours. */
  readonly bandRow?: number;
  /** The band as shown: the band table's own name when looked up there. */
  readonly band: string | number;
  readonly thresholdApplies: boolean;
  readonly cost: number;
}

/**
 * Cost a placement on the current basis: hours from the placement, else from the current band
 * table; cost = core hoursCost(hours, rate, weeks, threshold if mainstream).
 *
 * @returns The costing, or the reason it cannot be costed (in words for the paper).
 */
export function costCurrent(
  p: Placement,
  table: BandTable | undefined,
  ctx: PaperContext,
): CurrentCost | { reason: string } {
  let hours = p.hours;
  let bandRow: number | undefined;
  let band: string | number = bandCellValue(p.currentBand);
  if (hours === undefined) {
    const row = table?.findBand(p.currentBand);
    if (table === undefined || row === undefined) {
      return {
        reason: table
          ? `No hours: the placement gives none and band "${p.currentBand}" is not in the current band table`
          : "No hours: the placement gives none and the workbook has no current band table",
      };
    }
    bandRow = row;
    hours = table.amountAt(row, 0);
    band = bandCellValue(table.bands[row]);
    if (Number.isNaN(hours))
      return { reason: `The current band table gives no hours for band "${table.bands[row]}"` };
  }
  const thresholdApplies = isMainstreamSetting(p.setting);
  const r = ctx.rules;
  const cost = hoursCost(
    hours,
    r.value("hourlyRate"),
    r.value("weeksPerYear"),
    thresholdApplies ? r.value("mainstreamThreshold") : 0,
  );
  if (isCellError(cost)) return { reason: cost.message };
  return { hours, bandRow, band, thresholdApplies, cost };
}

/**
 * The costing basis block (hourly rate, weeks, threshold from the Rules sheet, and the date
 * placements are open at), shown on both placement papers.
 */
export function writeCostingBasis(b: SheetBuilder, ctx: PaperContext, recalculates: boolean): void {
  const r = ctx.rules;
  writeHeading(
    b,
    recalculates
      ? "Costing basis (linked to the Rules sheet: change a rate there and this sheet recalculates)"
      : "Costing basis (linked to the Rules sheet; the figures below were worked out with these values: rebuild after changing them)",
  );
  const rate = r.get("hourlyRate");
  writeKeyValues(b, [
    {
      label: "Hourly rate of support (£)",
      cell: formulaCell(r.ref("hourlyRate"), rate.value, NumFmt.poundsPence),
      note: rate.fromWorkbook
        ? "The council's rate, from the workbook"
        : `${Shorthand.estimate} an example rate (Oxfordshire): replace it with the council's own`,
    },
    {
      label: "Weeks a year",
      cell: formulaCell(r.ref("weeksPerYear"), r.value("weeksPerYear"), NumFmt.count),
    },
    {
      label: "Mainstream element 2 threshold (£)",
      cell: formulaCell(r.ref("mainstreamThreshold"), r.value("mainstreamThreshold"), NumFmt.pounds),
      note: "Taken off hours-based costs in mainstream settings only",
    },
    {
      label: "Placements open at",
      cell: ctx.asAt === undefined ? textCell(`${Shorthand.notAvailable} no date given`) : dateCell(ctx.asAt),
      note:
        ctx.asAt === undefined
          ? "Without a date, placements with no end date count as open"
          : "Started on or before this date and not ended before it",
    },
  ]);
}

// ---------------------------------------------------------------------------------------------
// The paper

interface Cell {
  readonly setting: string;
  readonly band: string | number;
  readonly count: number;
  readonly cost: number;
  readonly suppressed: boolean;
}

interface SettingRow {
  readonly setting: string;
  readonly count: number;
  readonly cost: number;
  readonly suppressed: boolean;
  /** True when any of its bands is suppressed (its figure is then entered, not a formula). */
  readonly memberSuppressed: boolean;
}

interface NotCosted {
  readonly source: string;
  readonly setting: string;
  readonly band: string;
  readonly reason: string;
}

const C = Shorthand.suppressed;

/** IF(C="[c]","[c]",ROUND(D/C,2)): an average that stays [c] when its count is suppressed. */
function averageCell(countRef: string, costRef: string, count: CellValue, cost: CellValue): CellSpec {
  const value = count === C || cost === C ? C : r2((cost as number) / (count as number));
  return formulaCell(`IF(${countRef}="${C}","${C}",ROUND(${costRef}/${countRef},2))`, value, NumFmt.pounds);
}

/**
 * Build the top-up placements summary.
 *
 * @param ctx The build context.
 * @param placements The register (datasets.placements); only placements open at the as-at date count.
 * @returns The paper, or why not (no placement is open).
 */
export function buildPlacementSummary(
  ctx: PaperContext,
  placements: readonly Placement[],
): PaperBuild | { error: string } {
  const meta = PAPERS["placement-summary"];
  const warnings: string[] = [];
  const open = placements.filter((p) => isOpen(p, ctx.asAt));
  if (open.length === 0)
    return {
      error: `Placement summary not built: no placement in the register is open at ${dateText(ctx.asAt)}.`,
    };
  if (ctx.asAt === undefined)
    warnings.push(
      "Placement summary: no data as-at date, so placements with no end date are counted as open.",
    );
  const current = currentBandTable(ctx);
  if (current.warning) warnings.push(`Placement summary: ${current.warning}`);

  // Group by setting (criteria.ts nameKey, as the summary's formulas match it; first spelling
  // shown) and band (core bandKey: "Band 3" = 3).
  const settings = new Map<
    string,
    {
      name: string;
      bands: Map<string, { band: string | number; order: number; count: number; costs: number[] }>;
    }
  >();
  const notCosted: NotCosted[] = [];
  for (const p of open) {
    const costing = costCurrent(p, current.table, ctx);
    if ("reason" in costing) {
      notCosted.push({
        source: sourceText(p.source),
        setting: p.setting,
        band: p.currentBand,
        reason: costing.reason,
      });
      continue;
    }
    const sKey = nameKey(p.setting);
    let s = settings.get(sKey);
    if (!s) settings.set(sKey, (s = { name: p.setting.trim(), bands: new Map() }));
    const bKey = String(bandKey(costing.band) ?? costing.band);
    let g = s.bands.get(bKey);
    if (!g)
      s.bands.set(
        bKey,
        (g = { band: costing.band, order: costing.bandRow ?? Number.MAX_SAFE_INTEGER, count: 0, costs: [] }),
      );
    g.count += 1;
    g.costs.push(costing.cost);
  }
  if (settings.size === 0) {
    return {
      error: `Placement summary not built: none of the ${open.length} open placements could be costed (${notCosted[0]?.reason}).`,
    };
  }
  const groups = [...settings.values()].map((s) => ({
    name: s.name,
    bands: [...s.bands.values()].sort(
      (x, y) => x.order - y.order || String(x.band).localeCompare(String(y.band), "en-GB", { numeric: true }),
    ),
  }));
  const sup = suppressGroups(
    groups.map((g) => g.bands.map((bd) => bd.count)),
    ctx.suppress,
  );
  const cells: Cell[] = groups.flatMap((g, gi) =>
    g.bands.map((bd, bi) => ({
      setting: g.name,
      band: bd.band,
      count: bd.count,
      cost: total(bd.costs),
      suppressed: sup.cells[gi][bi],
    })),
  );
  const bySetting: SettingRow[] = groups.map((g, gi) => ({
    setting: g.name,
    count: g.bands.reduce((s, bd) => s + bd.count, 0),
    cost: total(g.bands.flatMap((bd) => bd.costs)),
    suppressed: sup.groupTotals[gi],
    memberSuppressed: sup.cells[gi].some(Boolean),
  }));
  const grandCount = cells.reduce((s, c) => s + c.count, 0);
  const grandCost = total(cells.map((c) => c.cost));
  const anyCellSuppressed = cells.some((c) => c.suppressed);
  const anySettingSuppressed = bySetting.some((s) => s.suppressed);

  const title = meta.title;
  const b = new SheetBuilder(meta.sheet, "paper", meta.id, title);
  writePaperTitle(b, ctx, meta.id, {
    title,
    subtitle: meta.subtitle,
    purpose: ctx.purposeOf(meta.id),
    source: sourceSummary(
      ctx.datasets,
      placements.map((p) => p.source),
    ),
  });
  writeCostingBasis(b, ctx, false);

  // A column's total: [c] when the grand total is suppressed, a figure when the column holds [c],
  // else a SUM formula over the column.
  const totalCell = (range: string, value: number, isMoney: boolean, columnHasC: boolean): CellSpec => {
    if (sup.grand) return textCell(C, "total");
    if (columnHasC) return numberCell(value, isMoney ? NumFmt.pounds : NumFmt.count, "total");
    return isMoney ? sumCell(range, [value]) : formulaCell(`SUM(${range})`, value, NumFmt.count);
  };
  const shownTotals = { count: sup.grand ? C : grandCount, cost: sup.grand ? C : grandCost };

  writeHeading(b, "Placements and annual cost by setting and band");
  const columns: Column<Cell>[] = [
    { key: "setting", header: "Setting", cell: (c) => textCell(c.setting), total: () => textCell("Total") },
    {
      key: "band",
      header: "Current band",
      cell: (c) => (typeof c.band === "number" ? numberCell(c.band, NumFmt.count) : textCell(c.band)),
    },
    {
      key: "count",
      header: "Placements",
      cell: (c) => (c.suppressed ? textCell(C) : numberCell(c.count, NumFmt.count)),
      total: (t) => totalCell(t.range("count"), grandCount, false, anyCellSuppressed),
    },
    {
      key: "cost",
      header: "Annual cost (£)",
      cell: (c) => (c.suppressed ? textCell(C) : moneyCell(c.cost)),
      total: (t) => totalCell(t.range("cost"), grandCost, true, anyCellSuppressed),
    },
    {
      key: "average",
      header: "Average annual cost a placement (£)",
      cell: (c, x) =>
        averageCell(x.ref("count"), x.ref("cost"), c.suppressed ? C : c.count, c.suppressed ? C : c.cost),
      total: (t) => averageCell(t.ref("count"), t.ref("cost"), shownTotals.count, shownTotals.cost),
    },
  ];
  const table = layTable(b, {
    name: meta.table,
    altText: `Open top-up placements by setting and band: ${sup.grand ? "a small number" : grandCount} placements costing ${sup.grand ? "a suppressed amount" : poundsText(grandCost)} a year; counts of 1 to 4 are shown as [c].`,
    columns,
    rows: cells,
    totals: true,
  });
  b.freezeAtHeader(table.headerRow);

  writeHeading(b, "Summary by setting");
  const settingTable = layTable(b, {
    name: "PlacementsBySetting",
    altText: `Open top-up placements by setting: ${bySetting.map((s) => `${s.setting} ${s.suppressed ? C : s.count}`).join(", ")}.`,
    columns: [
      {
        key: "setting",
        header: "Setting",
        cell: (s: SettingRow) => textCell(s.setting),
        total: () => textCell("Total"),
      },
      {
        key: "count",
        header: "Placements",
        cell: (s: SettingRow, x) =>
          s.suppressed
            ? textCell(C)
            : s.memberSuppressed
              ? numberCell(s.count, NumFmt.count)
              : formulaCell(
                  sumWhere(table.range("count"), { range: table.range("setting"), equals: x.ref("setting") }),
                  s.count,
                  NumFmt.count,
                ),
        total: (t) =>
          totalCell(
            t.range("count"),
            grandCount,
            false,
            anySettingSuppressed || bySetting.some((s) => s.memberSuppressed),
          ),
      },
      {
        key: "cost",
        header: "Annual cost (£)",
        cell: (s: SettingRow, x) =>
          s.suppressed
            ? textCell(C)
            : s.memberSuppressed
              ? moneyCell(s.cost)
              : formulaCell(
                  `ROUND(${sumWhere(table.range("cost"), { range: table.range("setting"), equals: x.ref("setting") })},2)`,
                  s.cost,
                  NumFmt.pounds,
                ),
        total: (t) =>
          totalCell(
            t.range("cost"),
            grandCost,
            true,
            anySettingSuppressed || bySetting.some((s) => s.memberSuppressed),
          ),
      },
      {
        key: "average",
        header: "Average annual cost a placement (£)",
        cell: (s: SettingRow, x) =>
          averageCell(x.ref("count"), x.ref("cost"), s.suppressed ? C : s.count, s.suppressed ? C : s.cost),
        total: (t) => averageCell(t.ref("count"), t.ref("cost"), shownTotals.count, shownTotals.cost),
      },
    ],
    rows: bySetting,
    totals: true,
  });

  if (notCosted.length > 0) {
    writeHeading(b, "Open placements that could not be costed (not in the figures above)");
    layTable(b, {
      name: "PlacementsNotCosted",
      altText: `${notCosted.length} open placements could not be costed; each row gives the reason.`,
      columns: [
        { key: "source", header: "Source", cell: (n: NotCosted) => textCell(n.source) },
        { key: "setting", header: "Setting", cell: (n: NotCosted) => textCell(n.setting) },
        { key: "band", header: "Current band", cell: (n: NotCosted) => textCell(n.band) },
        { key: "reason", header: "Reason", cell: (n: NotCosted) => textCell(n.reason) },
      ],
      rows: notCosted,
    });
  }

  const notes = [
    "A placement counts when it is open at the date above: it started on or before that date and had not ended before it.",
    "Annual cost is on the current hours-based basis: hours of support a week × hourly rate × weeks a year, less the element 2 threshold in mainstream settings (the school meets the first £6,000), never below zero; hours come from the placement, or else from the current band table.",
    "Counts and costs are worked out by Forum Papers from the placements register, which stays in the council's workbook (pupil-level data is not copied into these papers).",
    ctx.suppress
      ? `Counts of 1 to 4 are shown as ${C}, with their costs and averages; further cells are shown as ${C} where a total would otherwise reveal a suppressed figure. Where a column holds ${C}, its total is entered as a figure rather than a formula, because a formula over the shown cells would leave the suppressed figures out.`
      : "Small numbers are NOT suppressed in this build: do not publish these tables as they stand.",
  ];
  if (notCosted.length > 0)
    notes.push(
      `${notCosted.length} open placement${notCosted.length === 1 ? "" : "s"} could not be costed and are listed above with the reason; they are not in the counts or costs.`,
    );
  writeNotes(b, notes);

  const checks: CheckInput[] = [
    {
      description: "Every open placement is costed",
      value: numberCell(notCosted.length, NumFmt.count),
      expected: numberCell(0, NumFmt.count),
      test: "equal",
      howToFix:
        notCosted.length === 0
          ? "If it fails: a placement's band or setting is missing from the band tables; add it, or correct the placement, and rebuild."
          : `Give these placements hours of support, or add their band to the current band table: ${notCosted
              .slice(0, 5)
              .map((n) => `${n.source} (${n.reason})`)
              .join("; ")}${notCosted.length > 5 ? "; …" : ""}.`,
    },
  ];
  if (!sup.grand) {
    checks.push({
      description: "The summary by setting adds up to the table by setting and band",
      value: formulaCell(settingTable.total("cost").ref, grandCost, NumFmt.pounds),
      expected: formulaCell(table.total("cost").ref, grandCost, NumFmt.pounds),
      test: "equal",
      howToFix:
        "A setting's name differs between the two tables (or a figure has been typed over); rebuild the papers.",
    });
  }
  for (const c of [
    hourlyRateCheck(ctx),
    skippedRowsCheck(ctx, "placements"),
    skippedRowsCheck(ctx, "currentBands"),
  ]) {
    if (c) checks.push(c);
  }
  const placed = writeChecks(b, meta.checkPrefix, checks);
  const usedTotals: TotalCheck[] = [];

  return {
    id: meta.id,
    sheet: b.toSpec(),
    table: meta.table,
    rows: cells.length,
    headline: {
      placements: grandCount,
      annualCost: grandCost,
      settings: bySetting.length,
      notCosted: notCosted.length,
      suppressedCells: cells.filter((c) => c.suppressed).length,
    },
    checks: placed,
    warnings,
    usedTotals,
  };
}
