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
 * The costing basis and the current-cost helpers it shares with the banding review are common.ts;
 * which placements are open is core/costing.ts.
 */

import { roundPenny } from "../core/money";
import { bandKey } from "../core/banding";
import type { CurrentCosting, CurrentTariff } from "../core/tariffs";
import type { Placement, TotalCheck } from "../sources/datasets";
import {
  costCurrent,
  costingRuleNote,
  hourlyRateCheck,
  openRegister,
  shownBand,
  skippedRowsCheck,
  statedTopUpCheck,
  total,
  writeCostingBasis,
} from "./common";
import { nameKey, sumWhere } from "./criteria";
import { writeHeading, writeNotes, startPaperSheet } from "./blocks";
import { formulaCell, moneyCell, numberCell, sumCell, textCell } from "./cells";
import { type CheckInput, writeChecks } from "./checks";
import type { PaperBuild, PaperContext, PaperNotice } from "./house";
import { PAPERS } from "./registry";
import { SheetBuilder } from "./sheet-builder";
import { type Column, type RowContext, type TableLayout, type TotalContext, layTable } from "./table";
import { poundsText, Shorthand, sourceText } from "./text";
import { NumFmt, type CellSpec, type CellValue } from "./spec";
import { suppressGroups } from "./suppression";

// ---------------------------------------------------------------------------------------------
// The paper

/** A row of either table: a setting's placements and their annual cost, shown as [c] when suppressed. */
interface CountAndCost {
  readonly setting: string;
  readonly count: number;
  readonly cost: number;
  readonly suppressed: boolean;
}

interface Cell extends CountAndCost {
  readonly band: string | number;
}

interface SettingRow extends CountAndCost {
  /** True when any of its bands is suppressed (its figure is then entered, not a formula). */
  readonly memberSuppressed: boolean;
}

/** Which open placement a listed row is: its register row (as text), its setting and its current band. */
interface PlacementNamed {
  readonly source: string;
  readonly setting: string;
  readonly band: string;
}

interface NotCosted extends PlacementNamed {
  readonly reason: string;
}

/** A placement whose stated annual top-up differs from the band table's figure. */
interface Differ extends PlacementNamed {
  readonly stated: number;
  readonly table: number;
  readonly difference: number;
}

const SUPPRESSED = Shorthand.suppressed;

/** IF(C="[c]","[c]",ROUND(D/C,2)): an average that stays [c] when its count is suppressed. */
function averageCell(countRef: string, costRef: string, count: CellValue, cost: CellValue): CellSpec {
  const value =
    count === SUPPRESSED || cost === SUPPRESSED
      ? SUPPRESSED
      : roundPenny((cost as number) / (count as number));
  return formulaCell(
    `IF(${countRef}="${SUPPRESSED}","${SUPPRESSED}",ROUND(${costRef}/${countRef},2))`,
    value,
    NumFmt.pounds,
  );
}

/** What costing the open placements found: the groups by setting and band, and what could not be costed. */
interface Register {
  readonly groups: readonly {
    readonly name: string;
    readonly bands: readonly {
      readonly band: string | number;
      readonly count: number;
      readonly costs: number[];
    }[];
  }[];
  readonly notCosted: NotCosted[];
  readonly costings: CurrentCosting[];
  readonly differ: Differ[];
  /** Stated top-ups the band table gives no figure to compare with. */
  readonly statedUncompared: number;
}

/** The figures of the two tables, after suppression. */
interface Figures {
  readonly cells: Cell[];
  readonly bySetting: SettingRow[];
  readonly grandCount: number;
  readonly grandCost: number;
  readonly grandSuppressed: boolean;
  readonly anyCellSuppressed: boolean;
  readonly anySettingSuppressed: boolean;
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
  const warnings: PaperNotice[] = [];
  const opened = openRegister(ctx, placements, meta.id, warnings);
  if ("error" in opened) return opened;
  const { open, tariff } = opened;
  const register = costOpen(ctx, open, tariff);
  if (register.groups.length === 0) {
    return {
      error: `Placement summary not built: none of the ${open.length} open placements could be costed (${register.notCosted[0]?.reason}).`,
    };
  }
  const figures = summaryFigures(ctx, register);

  const sheet = startPaperSheet(
    ctx,
    meta.id,
    meta.title,
    placements.map((p) => p.source),
  );
  writeCostingBasis(sheet, ctx, false, tariff, register.costings);
  const table = writeBandTable(sheet, figures);
  const settingTable = writeSettingTable(sheet, figures, table);
  writeNotCosted(sheet, register.notCosted);
  writeStatedDiffer(sheet, register.differ);
  writeNotes(sheet, placementNotes(ctx, tariff, register));
  const checks = placementChecks(ctx, register, figures, table, settingTable);
  const placed = writeChecks(sheet, meta.checkPrefix, checks);
  const usedTotals: TotalCheck[] = [];

  return {
    id: meta.id,
    sheet: sheet.toSpec(),
    table: meta.table,
    rows: figures.cells.length,
    headline: {
      placements: figures.grandCount,
      annualCost: figures.grandCost,
      settings: figures.bySetting.length,
      notCosted: register.notCosted.length,
      suppressedCells: figures.cells.filter((c) => c.suppressed).length,
    },
    checks: placed,
    warnings,
    usedTotals,
  };
}

/**
 * Cost each open placement on the current basis and group the costs by setting (criteria.ts
 * nameKey, as the summary's formulas match it; first spelling shown) and band (core bandKey:
 * "Band 3" = 3), in band-table order.
 */
function costOpen(
  ctx: PaperContext,
  open: readonly Placement[],
  tariff: CurrentTariff | undefined,
): Register {
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
    const costing = costCurrent(p, tariff, ctx);
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
    const band = shownBand(p, costing, tariff);
    const settingKey = nameKey(p.setting);
    let setting = settings.get(settingKey);
    if (!setting) settings.set(settingKey, (setting = { name: p.setting.trim(), bands: new Map() }));
    const key = String(bandKey(band) ?? band);
    let group = setting.bands.get(key);
    if (!group)
      setting.bands.set(
        key,
        (group = { band, order: costing.table?.bandRow ?? Number.MAX_SAFE_INTEGER, count: 0, costs: [] }),
      );
    group.count += 1;
    group.costs.push(costing.cost);
  }
  const groups = [...settings.values()].map((setting) => ({
    name: setting.name,
    bands: [...setting.bands.values()].sort(
      (x, y) => x.order - y.order || String(x.band).localeCompare(String(y.band), "en-GB", { numeric: true }),
    ),
  }));
  return { groups, notCosted, costings, differ, statedUncompared };
}

/** The counts and costs by setting and band, and by setting, with counts of 1–4 suppressed ([c]). */
function summaryFigures(ctx: PaperContext, register: Register): Figures {
  const groups = register.groups;
  const suppression = suppressGroups(
    groups.map((g) => g.bands.map((bd) => bd.count)),
    ctx.suppress,
  );
  const cells: Cell[] = groups.flatMap((g, gi) =>
    g.bands.map((bd, bi) => ({
      setting: g.name,
      band: bd.band,
      count: bd.count,
      cost: total(bd.costs),
      suppressed: suppression.cells[gi][bi],
    })),
  );
  const bySetting: SettingRow[] = groups.map((g, gi) => ({
    setting: g.name,
    count: g.bands.reduce((sum, bd) => sum + bd.count, 0),
    cost: total(g.bands.flatMap((bd) => bd.costs)),
    suppressed: suppression.groupTotals[gi],
    memberSuppressed: suppression.cells[gi].some(Boolean),
  }));
  return {
    cells,
    bySetting,
    grandCount: cells.reduce((sum, c) => sum + c.count, 0),
    grandCost: total(cells.map((c) => c.cost)),
    grandSuppressed: suppression.grand,
    anyCellSuppressed: cells.some((c) => c.suppressed),
    anySettingSuppressed: bySetting.some((row) => row.suppressed),
  };
}

/**
 * A column's total: [c] when the grand total is suppressed, a figure when the column holds [c],
 * else a SUM formula over the column.
 */
function totalCell(
  figures: Figures,
  t: TotalContext,
  key: "count" | "cost",
  columnHasSuppressed: boolean,
): CellSpec {
  const range = t.range(key);
  const isMoney = key === "cost";
  const value = isMoney ? figures.grandCost : figures.grandCount;
  if (figures.grandSuppressed) return textCell(SUPPRESSED, "total");
  if (columnHasSuppressed) return numberCell(value, isMoney ? NumFmt.pounds : NumFmt.count, "total");
  return isMoney ? sumCell(range, [value]) : formulaCell(`SUM(${range})`, value, NumFmt.count);
}

/** The first column of either table: the setting, and "Total" on the totals row. */
const SETTING_COLUMN: Column<CountAndCost> = {
  key: "setting",
  header: "Setting",
  cell: (r) => textCell(r.setting),
  total: () => textCell("Total"),
};

/** The average column of either table: cost over count on each row and on the totals row ([c] where suppressed). */
function averageColumn(figures: Figures): Column<CountAndCost> {
  const shownCount = figures.grandSuppressed ? SUPPRESSED : figures.grandCount;
  const shownCost = figures.grandSuppressed ? SUPPRESSED : figures.grandCost;
  return {
    key: "average",
    header: "Average annual cost a placement (£)",
    cell: (r, x) =>
      averageCell(
        x.ref("count"),
        x.ref("cost"),
        r.suppressed ? SUPPRESSED : r.count,
        r.suppressed ? SUPPRESSED : r.cost,
      ),
    total: (t) => averageCell(t.ref("count"), t.ref("cost"), shownCount, shownCost),
  };
}

/** The main table: placements and annual cost by setting and band, with totals. */
function writeBandTable(sheet: SheetBuilder, figures: Figures): TableLayout {
  const meta = PAPERS["placement-summary"];
  writeHeading(sheet, "Placements and annual cost by setting and band");
  const columns: Column<Cell>[] = [
    SETTING_COLUMN,
    {
      key: "band",
      header: "Current band",
      cell: (c) => (typeof c.band === "number" ? numberCell(c.band, NumFmt.count) : textCell(c.band)),
    },
    {
      key: "count",
      header: "Placements",
      cell: (c) => (c.suppressed ? textCell(SUPPRESSED) : numberCell(c.count, NumFmt.count)),
      total: (t) => totalCell(figures, t, "count", figures.anyCellSuppressed),
    },
    {
      key: "cost",
      header: "Annual cost (£)",
      cell: (c) => (c.suppressed ? textCell(SUPPRESSED) : moneyCell(c.cost)),
      total: (t) => totalCell(figures, t, "cost", figures.anyCellSuppressed),
    },
    averageColumn(figures),
  ];
  const table = layTable(sheet, {
    name: meta.table,
    altText: `Open top-up placements by setting and band: ${figures.grandSuppressed ? "a small number" : figures.grandCount} placements costing ${figures.grandSuppressed ? "a suppressed amount" : poundsText(figures.grandCost)} a year; counts of 1 to 4 are shown as [c].`,
    columns,
    rows: figures.cells,
    totals: true,
  });
  sheet.freezeAtHeader(table.headerRow);
  return table;
}

/** The summary by setting: each setting's figures as SUMs of the main table where none is suppressed. */
function writeSettingTable(sheet: SheetBuilder, figures: Figures, table: TableLayout): TableLayout {
  const settingHasSuppressed =
    figures.anySettingSuppressed || figures.bySetting.some((s) => s.memberSuppressed);
  // The main table's rows of this row's setting (exact text, criteria.ts).
  const sameSetting = (x: RowContext) => ({ range: table.range("setting"), equals: x.ref("setting") });
  writeHeading(sheet, "Summary by setting");
  return layTable(sheet, {
    name: "PlacementsBySetting",
    altText: `Open top-up placements by setting: ${figures.bySetting.map((s) => `${s.setting} ${s.suppressed ? SUPPRESSED : s.count}`).join(", ")}.`,
    columns: [
      SETTING_COLUMN,
      {
        key: "count",
        header: "Placements",
        cell: (s: SettingRow, x) =>
          s.suppressed
            ? textCell(SUPPRESSED)
            : s.memberSuppressed
              ? numberCell(s.count, NumFmt.count)
              : formulaCell(sumWhere(table.range("count"), sameSetting(x)), s.count, NumFmt.count),
        total: (t) => totalCell(figures, t, "count", settingHasSuppressed),
      },
      {
        key: "cost",
        header: "Annual cost (£)",
        cell: (s: SettingRow, x) =>
          s.suppressed
            ? textCell(SUPPRESSED)
            : s.memberSuppressed
              ? moneyCell(s.cost)
              : formulaCell(
                  `ROUND(${sumWhere(table.range("cost"), sameSetting(x))},2)`,
                  s.cost,
                  NumFmt.pounds,
                ),
        total: (t) => totalCell(figures, t, "cost", settingHasSuppressed),
      },
      averageColumn(figures),
    ],
    rows: figures.bySetting,
    totals: true,
  });
}

/** The columns that say which placement a row is: its register row, its setting and its current band. */
const PLACEMENT_COLUMNS: readonly Column<PlacementNamed>[] = [
  { key: "source", header: "Source", cell: (p) => textCell(p.source) },
  { key: "setting", header: "Setting", cell: (p) => textCell(p.setting) },
  { key: "band", header: "Current band", cell: (p) => textCell(p.band) },
];

/** The open placements that could not be costed, each with the reason. */
function writeNotCosted(sheet: SheetBuilder, notCosted: readonly NotCosted[]): void {
  if (notCosted.length === 0) return;
  writeHeading(sheet, "Open placements that could not be costed (not in the figures above)");
  layTable(sheet, {
    name: "PlacementsNotCosted",
    altText: `${notCosted.length} open placements could not be costed; each row gives the reason.`,
    columns: [
      ...PLACEMENT_COLUMNS,
      { key: "reason", header: "Reason", cell: (n: NotCosted) => textCell(n.reason) },
    ],
    rows: notCosted,
  });
}

/** The placements whose stated annual top-up differs from the band table's figure. */
function writeStatedDiffer(sheet: SheetBuilder, differ: readonly Differ[]): void {
  if (differ.length === 0) return;
  writeHeading(sheet, "Stated annual top-ups that differ from the current band table");
  layTable(sheet, {
    name: "PlacementsStatedDiffer",
    altText: `${differ.length} open placements have an annual top-up in the register that differs from the current band table's figure; each row gives both and the difference.`,
    columns: [
      ...PLACEMENT_COLUMNS,
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

/** The notes: what counts as open, how a cost is worked out, suppression, what could not be costed. */
function placementNotes(ctx: PaperContext, tariff: CurrentTariff | undefined, register: Register): string[] {
  const notes = [
    "A placement counts when it is open at the date above: it started on or before that date and had not ended before it.",
    tariff && tariff.kind !== "hours"
      ? "Annual cost is the current band table's fixed £ top-up for the placement's band (and setting, where the table has a column per setting); a fixed tariff is the top-up itself, so no threshold is taken off."
      : "Annual cost is on the current hours-based basis: hours of support a week × hourly rate × weeks a year, less the element 2 threshold in mainstream settings (the school meets the first £6,000), never below zero; hours come from the placement, or else from the current band table.",
    costingRuleNote(tariff, register.costings),
    "Counts and costs are worked out by Forum Papers from the placements register, which stays in the council's workbook (pupil-level data is not copied into these papers).",
    ctx.suppress
      ? `Counts of 1 to 4 are shown as ${SUPPRESSED}, with their costs and averages; further cells are shown as ${SUPPRESSED} where a total would otherwise reveal a suppressed figure. Where a column holds ${SUPPRESSED}, its total is entered as a figure rather than a formula, because a formula over the shown cells would leave the suppressed figures out.`
      : "Small numbers are NOT suppressed in this build: do not publish these tables as they stand.",
  ];
  if (register.statedUncompared > 0)
    notes.push(
      `${register.statedUncompared} stated top-up${register.statedUncompared === 1 ? "" : "s"} could not be compared with the band table (the table gives no figure for ${register.statedUncompared === 1 ? "it" : "them"}); the stated figure is used.`,
    );
  if (register.notCosted.length > 0)
    notes.push(
      `${register.notCosted.length} open placement${register.notCosted.length === 1 ? "" : "s"} could not be costed and are listed above with the reason; they are not in the counts or costs.`,
    );
  return notes;
}

/** The checks: every open placement costed, the stated top-ups, the two tables agree, the source rows used. */
function placementChecks(
  ctx: PaperContext,
  register: Register,
  figures: Figures,
  table: TableLayout,
  settingTable: TableLayout,
): CheckInput[] {
  const checks: CheckInput[] = [
    {
      description: "Every open placement is costed",
      value: numberCell(register.notCosted.length, NumFmt.count),
      expected: numberCell(0, NumFmt.count),
      test: "equal",
      howToFix:
        register.notCosted.length === 0
          ? "If it fails: a placement's band or setting is missing from the band tables; add it, or correct the placement, and rebuild."
          : `Give these placements hours of support, or add their band to the current band table: ${register.notCosted
              .slice(0, 5)
              .map((n) => `${n.source} (${n.reason})`)
              .join("; ")}${register.notCosted.length > 5 ? "; …" : ""}.`,
    },
  ];
  if (register.costings.some((c) => c.rule === "stated")) checks.push(statedTopUpCheck(register.differ));
  if (!figures.grandSuppressed) {
    checks.push({
      description: "The summary by setting adds up to the table by setting and band",
      value: formulaCell(settingTable.total("cost").ref, figures.grandCost, NumFmt.pounds),
      expected: formulaCell(table.total("cost").ref, figures.grandCost, NumFmt.pounds),
      test: "equal",
      howToFix:
        "A setting's name differs between the two tables (or a figure has been typed over); rebuild the papers.",
    });
  }
  for (const check of [
    hourlyRateCheck(ctx),
    skippedRowsCheck(ctx, "placements"),
    skippedRowsCheck(ctx, "currentBands"),
  ]) {
    if (check) checks.push(check);
  }
  return checks;
}
