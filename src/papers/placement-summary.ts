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

import { bandKey } from "../core/banding";
import {
  type CurrentCosting,
  type CurrentTariff,
  type HoursRates,
  RULE_LABEL,
  costCurrentPlacement,
  currentTariff,
  disagreementText,
} from "../core/tariffs";
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

/** The current band table read as a costing rule (core/tariffs.ts), or why it cannot be used. */
export function currentBandTable(ctx: PaperContext): { tariff?: CurrentTariff; warning?: string } {
  const rows = ctx.datasets.currentBands;
  if (!rows || rows.length === 0) return {};
  const parsed = currentTariff(rows);
  if (isCellError(parsed)) return { warning: `The current band table could not be used: ${parsed.message}` };
  return { tariff: parsed };
}

/** The Rules sheet's rates for hours-based costs, and which settings take the threshold. */
export function currentRates(ctx: PaperContext): HoursRates {
  const r = ctx.rules;
  return {
    hourlyRate: r.value("hourlyRate"),
    weeksPerYear: r.value("weeksPerYear"),
    mainstreamThreshold: r.value("mainstreamThreshold"),
    isMainstream: isMainstreamSetting,
  };
}

/**
 * Cost a placement on the current basis (core costCurrentPlacement): the register's stated
 * annual top-up when it gives one, else the current band table's rule (a fixed £ tariff, or
 * hours × rate × weeks less the threshold in mainstream).
 *
 * @returns The costing, or the reason it cannot be costed (in words for the paper).
 */
export function costCurrent(
  p: Placement,
  tariff: CurrentTariff | undefined,
  ctx: PaperContext,
): CurrentCosting | { reason: string } {
  return costCurrentPlacement(p, tariff, currentRates(ctx));
}

/** The band a costed placement is shown under: the band table's own name when looked up there. */
export function shownBand(
  p: Placement,
  c: CurrentCosting,
  tariff: CurrentTariff | undefined,
): string | number {
  const row = c.table?.bandRow;
  return row !== undefined && tariff ? bandCellValue(tariff.table.bands[row]) : bandCellValue(p.currentBand);
}

/** The costing rule in one sentence for the notes: the table's rule, and the register's stated top-ups. */
export function costingRuleNote(
  tariff: CurrentTariff | undefined,
  costings: readonly CurrentCosting[],
): string {
  const stated = costings.filter((c) => c.rule === "stated").length;
  const bySchool = costings.filter((c) => c.table?.matchedBy === "school").length;
  const rule = tariff
    ? tariff.rule
    : "hours of support a week × hourly rate × weeks a year, less the element 2 threshold in mainstream settings (the placements give their hours; the workbook has no current band table)";
  const parts = [`Current costing rule, read from the current band table's own columns: ${rule}.`];
  if (bySchool > 0)
    parts.push(
      `${bySchool} placement${bySchool === 1 ? " is" : "s are"} costed at the rate of ${bySchool === 1 ? "its" : "their"} school (a row of the band table named after the school), ${bySchool === 1 ? "its" : "their"} band not being in the table.`,
    );
  if (stated > 0)
    parts.push(
      `${stated} placement${stated === 1 ? " has" : "s have"} an annual top-up stated in the register: that figure is ${stated === 1 ? "its" : "their"} current cost, checked against the band table's figure (disagreements are listed).`,
    );
  return parts.join(" ");
}

/**
 * The costing basis block (hourly rate, weeks, threshold from the Rules sheet, and the date
 * placements are open at), shown on both placement papers.
 */
export function writeCostingBasis(
  b: SheetBuilder,
  ctx: PaperContext,
  recalculates: boolean,
  tariff?: CurrentTariff,
  costings: readonly CurrentCosting[] = [],
): void {
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
      label: "Current costs worked out by",
      cell: textCell(
        costings.some((c) => c.rule === "stated")
          ? `${RULE_LABEL[tariff?.kind ?? "hours"]}; ${RULE_LABEL.stated} where given`
          : RULE_LABEL[tariff?.kind ?? "hours"],
      ),
      note: tariff ? "Read from the current band table's own columns" : "The placements give their hours",
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

/** A placement whose stated annual top-up differs from the band table's figure. */
interface Differ {
  readonly source: string;
  readonly setting: string;
  readonly band: string;
  readonly stated: number;
  readonly table: number;
  readonly difference: number;
}

/**
 * The check that every stated annual top-up equals the band table's figure: the number that
 * differ, expected 0; the fix lists each (sheet, row, stated, table, difference).
 */
export function statedTopUpCheck(
  differ: readonly { source: string; stated: number; table: number }[],
  value?: CellSpec,
): CheckInput {
  return {
    description: "Every annual top-up stated in the register equals the current band table's figure",
    value: value ?? numberCell(differ.length, NumFmt.count),
    expected: numberCell(0, NumFmt.count),
    test: "equal",
    howToFix:
      differ.length === 0
        ? "If it fails: a stated top-up differs from the band table; correct the register or the band table and rebuild."
        : `Correct the register's annual top-up or the current band table (the stated figure is used for the cost until then): ${differ
            .slice(0, 5)
            .map((d) => `${d.source}: ${disagreementText(d.stated, d.table)}`)
            .join("; ")}${differ.length > 5 ? `; and ${differ.length - 5} more, listed on the paper` : ""}.`,
  };
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
  const costings: CurrentCosting[] = [];
  const differ: Differ[] = [];
  let statedUncompared = 0;
  for (const p of open) {
    const costing = costCurrent(p, current.tariff, ctx);
    if ("reason" in costing) {
      notCosted.push({
        source: sourceText(p.source),
        setting: p.setting,
        band: p.currentBand,
        reason: costing.reason,
      });
      continue;
    }
    costings.push(costing);
    if (costing.rule === "stated" && costing.table === undefined) statedUncompared++;
    if (costing.disagreement !== undefined && costing.table) {
      differ.push({
        source: sourceText(p.source),
        setting: p.setting.trim(),
        band: p.currentBand,
        stated: costing.cost,
        table: costing.table.cost,
        difference: costing.disagreement,
      });
    }
    const band = shownBand(p, costing, current.tariff);
    const sKey = nameKey(p.setting);
    let s = settings.get(sKey);
    if (!s) settings.set(sKey, (s = { name: p.setting.trim(), bands: new Map() }));
    const bKey = String(bandKey(band) ?? band);
    let g = s.bands.get(bKey);
    if (!g)
      s.bands.set(
        bKey,
        (g = { band, order: costing.table?.bandRow ?? Number.MAX_SAFE_INTEGER, count: 0, costs: [] }),
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
  writeCostingBasis(b, ctx, false, current.tariff, costings);

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

  if (differ.length > 0) {
    writeHeading(b, "Stated annual top-ups that differ from the current band table");
    layTable(b, {
      name: "PlacementsStatedDiffer",
      altText: `${differ.length} open placements have an annual top-up in the register that differs from the current band table's figure; each row gives both and the difference.`,
      columns: [
        { key: "source", header: "Source", cell: (d: Differ) => textCell(d.source) },
        { key: "setting", header: "Setting", cell: (d: Differ) => textCell(d.setting) },
        { key: "band", header: "Current band", cell: (d: Differ) => textCell(d.band) },
        { key: "stated", header: "Stated annual top-up (£)", cell: (d: Differ) => moneyCell(d.stated) },
        { key: "table", header: "Band table figure (£)", cell: (d: Differ) => moneyCell(d.table) },
        {
          key: "difference",
          header: "Stated − band table (£)",
          cell: (d: Differ, x) =>
            formulaCell(`ROUND(${x.ref("stated")}-${x.ref("table")},2)`, d.difference, NumFmt.pounds),
        },
      ],
      rows: differ,
    });
  }

  const notes = [
    "A placement counts when it is open at the date above: it started on or before that date and had not ended before it.",
    current.tariff && current.tariff.kind !== "hours"
      ? "Annual cost is the current band table's fixed £ top-up for the placement's band (and setting, where the table has a column per setting); a fixed tariff is the top-up itself, so no threshold is taken off."
      : "Annual cost is on the current hours-based basis: hours of support a week × hourly rate × weeks a year, less the element 2 threshold in mainstream settings (the school meets the first £6,000), never below zero; hours come from the placement, or else from the current band table.",
    costingRuleNote(current.tariff, costings),
    "Counts and costs are worked out by Forum Papers from the placements register, which stays in the council's workbook (pupil-level data is not copied into these papers).",
    ctx.suppress
      ? `Counts of 1 to 4 are shown as ${C}, with their costs and averages; further cells are shown as ${C} where a total would otherwise reveal a suppressed figure. Where a column holds ${C}, its total is entered as a figure rather than a formula, because a formula over the shown cells would leave the suppressed figures out.`
      : "Small numbers are NOT suppressed in this build: do not publish these tables as they stand.",
  ];
  if (statedUncompared > 0)
    notes.push(
      `${statedUncompared} stated top-up${statedUncompared === 1 ? "" : "s"} could not be compared with the band table (the table gives no figure for ${statedUncompared === 1 ? "it" : "them"}); the stated figure is used.`,
    );
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
  if (costings.some((c) => c.rule === "stated")) checks.push(statedTopUpCheck(differ));
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
