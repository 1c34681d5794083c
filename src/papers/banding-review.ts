/**
 * Banding review: winners and losers (SPEC paper `BandingReview`; domain.md §3.5–3.6): each top-up
 * placement open at the as-at date, anonymised as P0001, P0002, … (pupil references stay in the
 * council's workbook), costed on the current hours-based basis and on the proposed band table, with
 * the difference in £ and %, and whether it gains, loses or stays the same; the proposed bands
 * (`ProposedBands`) and current bands (`CurrentBands`) laid out as their own small tables that the
 * formulas look up; summaries by setting (`BandingBySetting`: gainers, losers, no change with [c]
 * suppression, and the net cost to the High Needs Block) and by school (`BandingBySchool`); and the
 * placements that could not be costed (`BandingNotCosted`), listed and checked, never dropped
 * silently.
 *
 * One engine: current costs are core hoursCost(), proposed costs core bandCost() on the table
 * parsed by core parseBandTable(). The sheet restates them as
 *   current  = ROUND(MAX(0, hours × rate × weeks − IF(threshold applies, threshold, 0)), 2)
 *   proposed = ROUND(INDEX(the setting's column of ProposedBands, MATCH(band)), 2)
 * with rate, weeks and threshold read from the Rules sheet. The setting's column is chosen when the
 * sheet is built, not by a MATCH on the setting's name: MATCH reads `*`, `?` and `~` in a name as
 * wildcards, so "Special*" would find the "Special (£)" column. The summaries count and add up
 * rows by name with criteria.ts (exact text, not SUMIFS patterns).
 */

import { roundPenny } from "../core/money";
import { type BandTable, bandCost, parseBandTable } from "../core/banding";
import { isMainstreamSetting } from "../core/costing";
import { InternalError, isCellError } from "../core/errors";
import { type CurrentCosting, type CurrentTariff, RULE_LABEL } from "../core/tariffs";
import type { Placement, ProposedBandTable, TotalCheck } from "../sources/datasets";
import {
  bandCellValue,
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
import { countWhere, nameKey, sumWhere } from "./criteria";
import { writeHeading, writeNotes, writePaperTitle } from "./blocks";
import { formulaCell, moneyCell, numberCell, ratioCell, sumCell, textCell } from "./cells";
import { type CheckInput, writeChecks } from "./checks";
import { writeCostNeutrality } from "./cost-neutrality";
import type { PaperBuild, PaperContext, PaperNotice } from "./house";
import { writeRecommendation } from "./recommendation";
import { PAPERS } from "./registry";
import { SheetBuilder } from "./sheet-builder";
import { type Column, layTable, type RowContext, type TableLayout } from "./table";
import { poundsText, Shorthand, sourceSummary, sourceText } from "./text";
import { NumFmt, type CellSpec } from "./spec";
import { suppressList, suppressTwoWay } from "./suppression";

const GAINS = "Gains";
const LOSES = "Loses";
const NO_CHANGE = "No change";
const SUPPRESSED = Shorthand.suppressed;
/** Suffix of the proposed band table's value headers ("Mainstream (£)"). */
const UNIT = " (£)";

interface Costed {
  readonly ref: string;
  readonly placement: Placement;
  /** The setting as shown: the proposed table's column heading where it has several. */
  readonly setting: string;
  /** The proposed table's value column (0-based) for the setting. */
  readonly settingColumn: number;
  /** The current costing (core/tariffs.ts): the rule, the band table's figure, any stated top-up. */
  readonly costing: CurrentCosting;
  readonly thresholdApplies: boolean;
  readonly currentBand: string | number;
  /** Hours used (hours-based table), undefined when the table gives no figure or is a tariff. */
  readonly hours?: number;
  readonly hoursFromTable: boolean;
  readonly current: number;
  readonly proposedBand: string | number;
  readonly proposed: number;
  readonly difference: number;
}

interface NotCosted {
  readonly ref: string;
  readonly placement: Placement;
  readonly reason: string;
  /** True when the placement simply has no proposed band yet (not reviewed): listed, not an error. */
  readonly awaiting: boolean;
}

interface Summary {
  readonly name: string;
  readonly rows: readonly Costed[];
}

function outcomeOf(difference: number): string {
  return difference > 0 ? GAINS : difference < 0 ? LOSES : NO_CHANGE;
}

function outcomeFormula(ref: string): string {
  return `IF(${ref}>0,"${GAINS}",IF(${ref}<0,"${LOSES}","${NO_CHANGE}"))`;
}

/** The proposed table as core parses it: header "Band" then the settings; blank values stay blank. */
function parseProposed(proposed: ProposedBandTable) {
  return parseBandTable([
    ["Band", ...proposed.settings],
    ...proposed.rows.map((r) => [r.band, ...proposed.settings.map((_, i) => r.values[i] ?? null)]),
  ]);
}

/** Group costed rows by a name as the summary formulas match it (criteria.ts nameKey), in order of first appearance. */
function groupBy(rows: readonly Costed[], name: (c: Costed) => string): Summary[] {
  const groups = new Map<string, { name: string; rows: Costed[] }>();
  for (const row of rows) {
    const shown = name(row).trim();
    const key = nameKey(shown);
    const group = groups.get(key);
    if (group) group.rows.push(row);
    else groups.set(key, { name: shown, rows: [row] });
  }
  return [...groups.values()];
}

/**
 * Build the banding review.
 *
 * @param ctx The build context.
 * @param placements The register (datasets.placements).
 * @param proposed The proposed band table (datasets.proposedBands).
 * @returns The paper, or why it could not be built (a proposed table core cannot read; no open placement).
 */
export function buildBandingReview(
  ctx: PaperContext,
  placements: readonly Placement[],
  proposed: ProposedBandTable,
): PaperBuild | { error: string } {
  const meta = PAPERS["banding-review"];
  const warnings: PaperNotice[] = [];
  const table = parseProposed(proposed);
  if (isCellError(table))
    return { error: `Banding review not built: the proposed band table cannot be used: ${table.message}` };
  const register = openRegister(ctx, placements, meta.id, warnings);
  if ("error" in register) return register;
  const { open, tariff } = register;

  // Cost every open placement both ways; anything that cannot be costed is listed, not dropped.
  const { costed, notCosted } = costBothWays(ctx, open, table, tariff);
  const failed = notCosted.filter((n) => !n.awaiting);
  const awaiting = notCosted.length - failed.length;
  if (costed.length === 0) {
    return {
      error: `Banding review not built: none of the ${open.length} open placements could be costed (${notCosted[0].reason}).`,
    };
  }

  const sheet = new SheetBuilder(meta.sheet, "paper", meta.id, meta.title);
  writePaperTitle(sheet, ctx, meta.id, {
    title: meta.title,
    subtitle: meta.subtitle,
    purpose: ctx.purposeOf(meta.id),
    source: sourceSummary(ctx.datasets, [
      ...placements.map((p) => p.source),
      ...proposed.rows.map((r) => r.source),
      ...(ctx.datasets.currentBands ?? []).map((r) => r.source),
    ]),
  });
  writeCostingBasis(
    sheet,
    ctx,
    true,
    tariff,
    costed.map((c) => c.costing),
  );
  const placementTable = writePlacementTable(sheet, ctx, costed, table, tariff);
  const counts = outcomeCounts(costed);
  const summaries = {
    bySetting: writeSettingSummary(sheet, ctx, costed, placementTable, counts),
    bySchool: writeSchoolSummary(sheet, ctx, costed, placementTable.main),
  };
  const recommendation = writeRecommendation(sheet, ctx, meta.id, [
    `The Forum is asked to ${ctx.purposeOf(meta.id) === "decision" ? "agree" : "comment on"} the proposed bands, which would change the annual cost of the open placements compared from `,
    { cell: placementTable.main.total("current"), kind: "pounds" },
    " (current bands) to ",
    { cell: placementTable.main.total("proposed"), kind: "pounds" },
    " (proposed bands).",
  ]);
  writeNotCosted(sheet, notCosted, failed.length, awaiting);
  const differ = costed.filter((c) => c.costing.disagreement !== undefined);
  writeStatedDiffer(sheet, costed, differ, placementTable.main);
  const neutrality = writeCostNeutrality(sheet, placementTable.main, costed, ctx.bandingBudget);
  writeNotes(sheet, [...bandingNotes(ctx, tariff, costed, failed.length, awaiting), ...neutrality.notes]);
  const checks = [
    ...bandingChecks(ctx, tariff, costed, failed, differ, placementTable, summaries),
    neutrality.check,
  ];
  const placed = writeChecks(sheet, meta.checkPrefix, checks);
  const usedTotals: TotalCheck[] = [];
  const totals = placementTable.totals;

  return {
    id: meta.id,
    sheet: sheet.toSpec(),
    table: meta.table,
    rows: costed.length,
    headline: {
      netCost: totals.difference,
      gainers: counts.gains,
      losers: counts.loses,
      noChange: counts.same,
      placements: costed.length,
      currentCost: totals.current,
      proposedCost: totals.proposed,
      notCosted: failed.length,
      notYetBanded: awaiting,
    },
    checks: placed,
    warnings,
    usedTotals,
    recommendation,
  };
}

/** The totals of the placement table's money columns. */
interface PlacementTotals {
  readonly current: number;
  readonly proposed: number;
  readonly difference: number;
}

/** How many placements gain, lose or stay the same. */
interface OutcomeCounts {
  readonly gains: number;
  readonly loses: number;
  readonly same: number;
}

/** The sheet's own copies of the band tables, which the placement table's formulas look up. */
interface BandLayouts {
  readonly proposed: TableLayout;
  readonly current?: TableLayout;
}

/** The per-placement table as laid, with what the summaries and checks need of it. */
interface PlacementTable {
  readonly main: TableLayout;
  readonly totals: PlacementTotals;
  /** Whether the placement table has the stated top-up columns (some placement states one). */
  readonly anyStated: boolean;
}

/** The summaries' tables and the figures their checks compare. */
interface Summaries {
  readonly bySetting: { readonly table: TableLayout; readonly net: number };
  readonly bySchool: { readonly table: TableLayout; readonly differences: readonly number[] };
}

/**
 * Cost each open placement on the current basis (core costCurrentPlacement) and on the proposed
 * band table (core bandCost), referenced P0001, P0002, … in register order.
 */
function costBothWays(
  ctx: PaperContext,
  open: readonly Placement[],
  table: BandTable,
  tariff: CurrentTariff | undefined,
): { costed: Costed[]; notCosted: NotCosted[] } {
  const costed: Costed[] = [];
  const notCosted: NotCosted[] = [];
  open.forEach((p, i) => {
    const ref = `P${String(i + 1).padStart(4, "0")}`;
    const now = costCurrent(p, tariff, ctx);
    if ("reason" in now)
      return void notCosted.push({ ref, placement: p, reason: now.reason, awaiting: false });
    if (p.proposedBand === undefined || p.proposedBand.trim() === "") {
      return void notCosted.push({
        ref,
        placement: p,
        reason: "Not yet banded: no proposed band is given for this placement",
        awaiting: true,
      });
    }
    // A one-column table has no settings to choose between: every setting uses its column.
    const settingArg = table.width === 1 ? undefined : p.setting;
    const col = table.findSetting(settingArg);
    const cost = bandCost(p.proposedBand, table, settingArg);
    if (isCellError(cost) || col === undefined) {
      return void notCosted.push({
        ref,
        placement: p,
        reason: isCellError(cost)
          ? cost.message
          : `Setting "${p.setting}" is not a column of the proposed band table`,
        awaiting: false,
      });
    }
    const row = table.findBand(p.proposedBand) as number;
    costed.push({
      ref,
      placement: p,
      setting: table.width === 1 ? p.setting.trim() : table.settings[col],
      settingColumn: col,
      costing: now,
      thresholdApplies: now.table?.thresholdApplies ?? isMainstreamSetting(p.setting),
      currentBand: shownBand(p, now, tariff),
      hours: now.table?.hours,
      hoursFromTable: now.table?.kind === "hours" && now.table.bandRow !== undefined,
      current: now.cost,
      proposedBand: bandCellValue(table.bands[row]),
      proposed: cost,
      difference: roundPenny(cost - now.cost),
    });
  });
  return { costed, notCosted };
}

function outcomeCounts(costed: readonly Costed[]): OutcomeCounts {
  return {
    gains: costed.filter((c) => c.difference > 0).length,
    loses: costed.filter((c) => c.difference < 0).length,
    same: costed.filter((c) => c.difference === 0).length,
  };
}

/**
 * The per-placement table, with the band tables it looks up laid out below it: their rows are
 * worked out first (main table with header, rows and totals; a heading and the proposed table; a
 * heading and the current table), so the main table's formulas can refer to them.
 */
function writePlacementTable(
  sheet: SheetBuilder,
  ctx: PaperContext,
  costed: readonly Costed[],
  table: BandTable,
  tariff: CurrentTariff | undefined,
): PlacementTable {
  const meta = PAPERS["banding-review"];
  writeHeading(sheet, "Each open placement (anonymised)");
  const mainHeader = sheet.cursor;
  const proposedHeader = mainHeader + costed.length + 2 + 1;
  const proposedLast = proposedHeader + table.bands.length;
  const currentHeader = proposedLast + 2;
  const hoursRule = tariff === undefined || tariff.kind === "hours";
  const anyStated = costed.some((c) => c.costing.stated !== undefined);
  const bands: BandLayouts = {
    proposed: layProposed(sheet, table, proposedHeader),
    ...(tariff ? { current: layCurrent(sheet, tariff, currentHeader) } : {}),
  };
  const totals = {
    current: total(costed.map((c) => c.current)),
    proposed: total(costed.map((c) => c.proposed)),
    difference: total(costed.map((c) => c.difference)),
  };
  const columns = placementColumns(costed, bands, totals, tariff, tableFigureFormula(ctx, tariff, bands));
  const main = layTable(
    sheet,
    {
      name: meta.table,
      altText: `${costed.length} open placements costed on current and proposed bands; net cost to the High Needs Block ${poundsText(totals.difference)} a year.`,
      columns,
      rows: costed,
      totals: true,
    },
    mainHeader,
  );
  sheet.freezeAtHeader(main.headerRow);
  if (main.totalsRow !== proposedHeader - 2)
    throw new InternalError("Banding review: the band tables overlap the placement table");
  // Headings above the two band tables (their rows were left free for them).
  sheet.put(
    proposedHeader - 1,
    0,
    textCell("Proposed bands: annual top-up (£) by band and setting", "label"),
  );
  if (bands.current)
    sheet.put(
      currentHeader - 1,
      0,
      textCell(
        hoursRule
          ? "Current bands: hours of support a week"
          : "Current bands: fixed annual top-up (£) by band",
        "label",
      ),
    );

  return { main, totals, anyStated };
}

/**
 * The per-placement table's columns: who, the current costing (threshold and hours when the rule
 * is hours-based, the band table's figure and the stated top-up when any placement states one),
 * the proposed cost, the difference and the outcome.
 */
function placementColumns(
  costed: readonly Costed[],
  bands: BandLayouts,
  totals: PlacementTotals,
  tariff: CurrentTariff | undefined,
  tableFigureCell: (c: Costed, x: RowContext) => CellSpec | undefined,
): Column<Costed>[] {
  const hoursRule = tariff === undefined || tariff.kind === "hours";
  const anyStated = costed.some((c) => c.costing.stated !== undefined);
  return [
    { key: "ref", header: "Ref", cell: (c) => textCell(c.ref), total: () => textCell("Total") },
    // Trimmed, as its group in the summary by school is, so the summary's "=" finds it.
    { key: "school", header: "School", cell: (c) => textCell(c.placement.school.trim()) },
    { key: "setting", header: "Setting", cell: (c) => textCell(c.setting) },
    ...(hoursRule
      ? [
          {
            key: "threshold",
            header: "Element 2 threshold applies",
            cell: (c: Costed) => textCell(c.thresholdApplies ? "Yes" : "No"),
          },
        ]
      : []),
    {
      key: "currentBand",
      header: "Current band",
      cell: (c) =>
        typeof c.currentBand === "number" ? numberCell(c.currentBand, NumFmt.count) : textCell(c.currentBand),
    },
    ...(hoursRule
      ? [
          {
            key: "hours",
            header: "Hours of support a week",
            cell: (c: Costed, x: RowContext) =>
              c.hours === undefined
                ? textCell(Shorthand.notAvailable)
                : c.hoursFromTable && bands.current
                  ? formulaCell(
                      `INDEX(${bands.current.range("hours")},MATCH(${x.ref("currentBand")},${bands.current.range("band")},0))`,
                      c.hours,
                      NumFmt.decimal1,
                    )
                  : numberCell(c.hours, NumFmt.decimal1),
          },
        ]
      : []),
    ...(anyStated
      ? [
          {
            key: "tableCost",
            header: "Band table figure (£)",
            cell: (c: Costed, x: RowContext) => tableFigureCell(c, x) ?? textCell(Shorthand.notAvailable),
          },
          {
            key: "stated",
            header: "Stated annual top-up (£)",
            // The register's own figure: an input from the council's workbook, not worked out here.
            cell: (c: Costed) =>
              c.costing.stated === undefined
                ? textCell(Shorthand.notAvailable)
                : moneyCell(c.costing.stated, "input"),
          },
        ]
      : []),
    {
      key: "current",
      header: "Current annual cost (£)",
      cell: (c, x) =>
        anyStated
          ? formulaCell(
              `ROUND(${x.ref(c.costing.stated === undefined ? "tableCost" : "stated")},2)`,
              c.current,
              NumFmt.pounds,
            )
          : (tableFigureCell(c, x) as CellSpec),
      total: (t) =>
        sumCell(
          t.range("current"),
          costed.map((c) => c.current),
        ),
    },
    ...(anyStated
      ? [
          {
            key: "statedDifference",
            header: "Stated − band table (£)",
            cell: (c: Costed, x: RowContext) =>
              c.costing.stated !== undefined && c.costing.table
                ? formulaCell(
                    `ROUND(${x.ref("stated")}-${x.ref("tableCost")},2)`,
                    c.costing.disagreement ?? 0,
                    NumFmt.pounds,
                  )
                : textCell(Shorthand.notAvailable),
          },
        ]
      : []),
    {
      key: "proposedBand",
      header: "Proposed band",
      cell: (c) =>
        typeof c.proposedBand === "number"
          ? numberCell(c.proposedBand, NumFmt.count)
          : textCell(c.proposedBand),
    },
    {
      key: "proposed",
      header: "Proposed annual cost (£)",
      cell: (c, x) =>
        formulaCell(
          `ROUND(INDEX(${bands.proposed.range(`s${c.settingColumn}`)},MATCH(${x.ref("proposedBand")},${bands.proposed.range("band")},0)),2)`,
          c.proposed,
          NumFmt.pounds,
        ),
      total: (t) =>
        sumCell(
          t.range("proposed"),
          costed.map((c) => c.proposed),
        ),
    },
    {
      key: "difference",
      header: "Difference (£)",
      cell: (c, x) =>
        formulaCell(`ROUND(${x.ref("proposed")}-${x.ref("current")},2)`, c.difference, NumFmt.pounds),
      total: (t) =>
        sumCell(
          t.range("difference"),
          costed.map((c) => c.difference),
        ),
    },
    {
      key: "differencePct",
      header: "Difference (%)",
      cell: (c, x) => ratioCell(x.ref("difference"), x.ref("current"), c.difference, c.current),
      total: (t) => ratioCell(t.ref("difference"), t.ref("current"), totals.difference, totals.current),
    },
    {
      key: "outcome",
      header: "Outcome",
      cell: (c, x) => formulaCell(outcomeFormula(x.ref("difference")), outcomeOf(c.difference)),
      total: (t) => formulaCell(outcomeFormula(t.ref("difference")), outcomeOf(totals.difference)),
    },
    {
      key: "source",
      header: "Source",
      cell: (c) =>
        textCell(
          `${sourceText(c.placement.source)}${c.hoursFromTable ? " (hours from the current band table)" : ""}${c.costing.table?.matchedBy === "school" ? " (the school's rate in the current band table)" : ""}`,
        ),
    },
    {
      key: "costing",
      header: "Current costing",
      cell: (c) => textCell(RULE_LABEL[c.costing.rule]),
    },
  ];
}

/**
 * The band table's figure for a placement as a formula over the sheet's own copy of the current
 * band table: hours × rate × weeks less the threshold (hours-based), or the tariff cell found by
 * INDEX/MATCH on the placement's band (or its school, for a per-school rate), in the setting's
 * column chosen when the sheet is built. Undefined when the table gives no figure.
 */
function tableFigureFormula(
  ctx: PaperContext,
  tariff: CurrentTariff | undefined,
  bands: BandLayouts,
): (c: Costed, x: RowContext) => CellSpec | undefined {
  const rules = ctx.rules;
  const rate = rules.ref("hourlyRate");
  const weeks = rules.ref("weeksPerYear");
  const threshold = rules.ref("mainstreamThreshold");
  const currentTable = tariff?.table;
  return (c: Costed, x: RowContext): CellSpec | undefined => {
    const figure = c.costing.table;
    if (!figure) return undefined;
    if (figure.kind === "hours") {
      return formulaCell(
        `ROUND(MAX(0,${x.ref("hours")}*${rate}*${weeks}-IF(${x.ref("threshold")}="Yes",${threshold},0)),2)`,
        figure.cost,
        NumFmt.pounds,
      );
    }
    if (!bands.current || !currentTable || figure.bandRow === undefined)
      throw new InternalError("Banding review: a tariff figure without its band table");
    const valueCol = `v${figure.column}`;
    const key = figure.matchedBy === "school" ? c.placement.school.trim() : String(c.currentBand);
    const inTable = currentTable.bands[figure.bandRow];
    // MATCH compares text case-blind but reads * ? ~ as wildcards, and the table's name may be
    // spaced differently from the register's: then the table's own cell is referred to directly.
    const matchable = !/[*?~]/.test(key) && key.toLowerCase() === inTable.toLowerCase();
    const formula = matchable
      ? `ROUND(INDEX(${bands.current.range(valueCol)},MATCH(${x.ref(figure.matchedBy === "school" ? "school" : "currentBand")},${bands.current.range("band")},0)),2)`
      : `ROUND(${bands.current.cell(valueCol, figure.bandRow).abs},2)`;
    return formulaCell(formula, figure.cost, NumFmt.pounds);
  };
}

/** The summary by setting: placements gaining, losing or unchanged ([c] for counts of 1–4), and the net cost. */
function writeSettingSummary(
  sheet: SheetBuilder,
  ctx: PaperContext,
  costed: readonly Costed[],
  placementTable: PlacementTable,
  counts: OutcomeCounts,
): Summaries["bySetting"] {
  const bySetting = groupBy(costed, (c) => c.setting);
  const byOutcome = bySetting.map((g) =>
    [GAINS, LOSES, NO_CHANGE].map((o) => g.rows.filter((c) => outcomeOf(c.difference) === o).length),
  );
  const suppression = suppressTwoWay(byOutcome, ctx.suppress);
  writeHeading(sheet, "Summary by setting");
  const settingRange = placementTable.main.range("setting");
  const outcomeRange = placementTable.main.range("outcome");
  const outcomeKeys = ["gains", "loses", "same"] as const;
  const outcomeNames = { gains: GAINS, loses: LOSES, same: NO_CHANGE };
  const settingCols: Column<Summary>[] = [
    { key: "setting", header: "Setting", cell: (g) => textCell(g.name), total: () => textCell("Total") },
    {
      key: "count",
      header: "Placements",
      cell: (g, x) =>
        countCell(
          suppression.rowTotals[x.index],
          countWhere({ range: settingRange, equals: x.ref("setting") }),
          g.rows.length,
        ),
      total: () => countCell(suppression.grand, `COUNTIFS(${outcomeRange},"<>")`, costed.length),
    },
    ...outcomeKeys.map((outcome, j): Column<Summary> => ({
      key: outcome,
      header: outcomeNames[outcome],
      cell: (_g, x) =>
        countCell(
          suppression.cells[x.index][j],
          countWhere(
            { range: settingRange, equals: x.ref("setting") },
            { range: outcomeRange, equals: `"${outcomeNames[outcome]}"` },
          ),
          byOutcome[x.index][j],
        ),
      total: () =>
        countCell(
          suppression.colTotals[j],
          `COUNTIFS(${outcomeRange},"${outcomeNames[outcome]}")`,
          counts[outcome],
        ),
    })),
    {
      key: "current",
      header: "Current annual cost (£)",
      cell: (g, x) =>
        formulaCell(
          `ROUND(${sumWhere(placementTable.main.range("current"), { range: settingRange, equals: x.ref("setting") })},2)`,
          total(g.rows.map((c) => c.current)),
          NumFmt.pounds,
        ),
      total: (t) =>
        sumCell(
          t.range("current"),
          bySetting.map((g) => total(g.rows.map((c) => c.current))),
        ),
    },
    {
      key: "proposed",
      header: "Proposed annual cost (£)",
      cell: (g, x) =>
        formulaCell(
          `ROUND(${sumWhere(placementTable.main.range("proposed"), { range: settingRange, equals: x.ref("setting") })},2)`,
          total(g.rows.map((c) => c.proposed)),
          NumFmt.pounds,
        ),
      total: (t) =>
        sumCell(
          t.range("proposed"),
          bySetting.map((g) => total(g.rows.map((c) => c.proposed))),
        ),
    },
    {
      key: "net",
      header: "Net cost to the High Needs Block (£)",
      cell: (g, x) =>
        formulaCell(
          `ROUND(${x.ref("proposed")}-${x.ref("current")},2)`,
          roundPenny(total(g.rows.map((c) => c.proposed)) - total(g.rows.map((c) => c.current))),
          NumFmt.pounds,
        ),
      total: (t) =>
        sumCell(
          t.range("net"),
          bySetting.map((g) =>
            roundPenny(total(g.rows.map((c) => c.proposed)) - total(g.rows.map((c) => c.current))),
          ),
        ),
    },
  ];
  const table = layTable(sheet, {
    name: "BandingBySetting",
    altText: `Banding review by setting: ${counts.gains} placements gain, ${counts.loses} lose, ${counts.same} no change (counts of 1 to 4 shown as [c]); net cost ${poundsText(placementTable.totals.difference)} a year.`,
    columns: settingCols,
    rows: bySetting,
    totals: true,
  });
  const net = total(
    bySetting.map((g) =>
      roundPenny(total(g.rows.map((c) => c.proposed)) - total(g.rows.map((c) => c.current))),
    ),
  );
  return { table, net };
}

/** The summary by school: placements ([c] for 1–4), current and proposed cost, and the difference. */
function writeSchoolSummary(
  sheet: SheetBuilder,
  ctx: PaperContext,
  costed: readonly Costed[],
  main: TableLayout,
): Summaries["bySchool"] {
  const bySchool = groupBy(costed, (c) => c.placement.school);
  const suppression = suppressList(
    bySchool.map((g) => g.rows.length),
    ctx.suppress,
  );
  const schoolRange = main.range("school");
  const outcomeRange = main.range("outcome");
  const schoolSums = bySchool.map((g) => ({
    current: total(g.rows.map((c) => c.current)),
    proposed: total(g.rows.map((c) => c.proposed)),
  }));
  const schoolDiffs = schoolSums.map((sums) => roundPenny(sums.proposed - sums.current));
  writeHeading(sheet, "Summary by school");
  const table = layTable(sheet, {
    name: "BandingBySchool",
    altText: `Banding review by school: ${bySchool.length} schools; the difference for each school between current and proposed costs.`,
    columns: [
      {
        key: "school",
        header: "School",
        cell: (g: Summary) => textCell(g.name),
        total: () => textCell("Total"),
      },
      {
        key: "count",
        header: "Placements",
        cell: (g: Summary, x) =>
          countCell(
            suppression.cells[x.index],
            countWhere({ range: schoolRange, equals: x.ref("school") }),
            g.rows.length,
          ),
        total: () => countCell(suppression.total, `COUNTIFS(${outcomeRange},"<>")`, costed.length),
      },
      {
        key: "current",
        header: "Current annual cost (£)",
        cell: (_g: Summary, x) =>
          formulaCell(
            `ROUND(${sumWhere(main.range("current"), { range: schoolRange, equals: x.ref("school") })},2)`,
            schoolSums[x.index].current,
            NumFmt.pounds,
          ),
        total: (t) =>
          sumCell(
            t.range("current"),
            schoolSums.map((sums) => sums.current),
          ),
      },
      {
        key: "proposed",
        header: "Proposed annual cost (£)",
        cell: (_g: Summary, x) =>
          formulaCell(
            `ROUND(${sumWhere(main.range("proposed"), { range: schoolRange, equals: x.ref("school") })},2)`,
            schoolSums[x.index].proposed,
            NumFmt.pounds,
          ),
        total: (t) =>
          sumCell(
            t.range("proposed"),
            schoolSums.map((sums) => sums.proposed),
          ),
      },
      {
        key: "difference",
        header: "Difference (£)",
        cell: (_g: Summary, x) =>
          formulaCell(
            `ROUND(${x.ref("proposed")}-${x.ref("current")},2)`,
            schoolDiffs[x.index],
            NumFmt.pounds,
          ),
        total: (t) => sumCell(t.range("difference"), schoolDiffs),
      },
      {
        key: "differencePct",
        header: "Difference (%)",
        cell: (_g: Summary, x) =>
          ratioCell(x.ref("difference"), x.ref("current"), schoolDiffs[x.index], schoolSums[x.index].current),
        total: (t) =>
          ratioCell(
            t.ref("difference"),
            t.ref("current"),
            total(schoolDiffs),
            total(schoolSums.map((sums) => sums.current)),
          ),
      },
      {
        key: "outcome",
        header: "Outcome",
        cell: (_g: Summary, x) =>
          formulaCell(outcomeFormula(x.ref("difference")), outcomeOf(schoolDiffs[x.index])),
        total: (t) => formulaCell(outcomeFormula(t.ref("difference")), outcomeOf(total(schoolDiffs))),
      },
    ],
    rows: bySchool,
    totals: true,
  });
  return { table, differences: schoolDiffs };
}

/** A count cell of a summary: [c] when suppressed, else its COUNTIFS formula. */
function countCell(hidden: boolean, formula: string, value: number): CellSpec {
  return hidden ? textCell(SUPPRESSED) : formulaCell(formula, value, NumFmt.count);
}

/** The open placements not compared (not costed, or not yet banded), each with the reason. */
function writeNotCosted(
  sheet: SheetBuilder,
  notCosted: readonly NotCosted[],
  failed: number,
  awaiting: number,
): void {
  if (notCosted.length === 0) return;
  writeHeading(sheet, "Open placements not compared (not in the figures above), with the reason");
  layTable(sheet, {
    name: "BandingNotCosted",
    altText: `${notCosted.length} open placements are not compared (${failed} could not be costed, ${awaiting} not yet banded); each row gives the reason.`,
    columns: [
      { key: "ref", header: "Ref", cell: (n: NotCosted) => textCell(n.ref) },
      { key: "school", header: "School", cell: (n: NotCosted) => textCell(n.placement.school) },
      { key: "setting", header: "Setting", cell: (n: NotCosted) => textCell(n.placement.setting) },
      {
        key: "currentBand",
        header: "Current band",
        cell: (n: NotCosted) => textCell(n.placement.currentBand),
      },
      {
        key: "proposedBand",
        header: "Proposed band",
        cell: (n: NotCosted) => textCell(n.placement.proposedBand ?? Shorthand.notAvailable),
      },
      { key: "reason", header: "Reason", cell: (n: NotCosted) => textCell(n.reason) },
      { key: "source", header: "Source", cell: (n: NotCosted) => textCell(sourceText(n.placement.source)) },
    ],
    rows: notCosted,
  });
}

/** The placements whose stated annual top-up differs from the band table's figure. */
function writeStatedDiffer(
  sheet: SheetBuilder,
  costed: readonly Costed[],
  differ: readonly Costed[],
  main: TableLayout,
): void {
  if (differ.length === 0) return;
  writeHeading(sheet, "Stated annual top-ups that differ from the current band table");
  const at = (c: Costed, key: string): string => main.cell(key, costed.indexOf(c)).ref;
  layTable(sheet, {
    name: "BandingStatedDiffer",
    altText: `${differ.length} open placements have an annual top-up in the register that differs from the current band table's figure; each row gives both and the difference.`,
    columns: [
      { key: "ref", header: "Ref", cell: (c: Costed) => textCell(c.ref) },
      { key: "source", header: "Source", cell: (c: Costed) => textCell(sourceText(c.placement.source)) },
      {
        key: "stated",
        header: "Stated annual top-up (£)",
        cell: (c: Costed) => formulaCell(at(c, "stated"), c.costing.stated as number, NumFmt.pounds),
      },
      {
        key: "table",
        header: "Band table figure (£)",
        cell: (c: Costed) => formulaCell(at(c, "tableCost"), c.costing.table?.cost as number, NumFmt.pounds),
      },
      {
        key: "difference",
        header: "Stated − band table (£)",
        cell: (c: Costed, x) =>
          formulaCell(
            `ROUND(${x.ref("stated")}-${x.ref("table")},2)`,
            c.costing.disagreement as number,
            NumFmt.pounds,
          ),
      },
    ],
    rows: differ,
  });
}

/** The notes: what the figures are, how each cost is worked out, and what is not compared. */
function bandingNotes(
  ctx: PaperContext,
  tariff: CurrentTariff | undefined,
  costed: readonly Costed[],
  failed: number,
  awaiting: number,
): string[] {
  const hoursRule = tariff === undefined || tariff.kind === "hours";
  const notes = [
    "Each placement open at the date above is shown with a reference (P0001, …) instead of the pupil's reference: pupil-level data stays in the council's workbook. A school with very few placements can still make a pupil identifiable, so consider leaving the per-placement table out of the published pack.",
    hoursRule
      ? "Current annual cost = hours of support a week × hourly rate × weeks a year, less the element 2 threshold where it applies (mainstream settings), never below zero. Hours come from the placement, or else from the current band table."
      : "Current annual cost = the current band table's fixed £ top-up for the placement's band (in the placement's setting's column, where the table has one per setting), looked up in the copy of the table on this sheet; a fixed tariff is the top-up itself, so no threshold is taken off.",
    costingRuleNote(
      tariff,
      costed.map((c) => c.costing),
    ),
    "Proposed annual cost is the proposed band's value for the placement's setting in the proposed band table.",
    "Difference = proposed − current: positive means the placement gains funding (a cost to the High Needs Block), negative means it loses; the Outcome column says which in words.",
    ctx.suppress
      ? `In the summary tables, counts of 1 to 4 are shown as ${SUPPRESSED}, and further counts where a total would reveal them. Costs are not suppressed: they are on the per-placement table already.`
      : "Small numbers are NOT suppressed in this build: do not publish these tables as they stand.",
  ];
  if (failed > 0) {
    notes.push(
      `${failed} open placement${failed === 1 ? "" : "s"} could not be costed (a band or setting missing from the band tables, or no hours) and ${failed === 1 ? "is" : "are"} listed with the reason; ${failed === 1 ? "it is" : "they are"} not in the figures.`,
    );
  }
  if (awaiting > 0) {
    notes.push(
      `${awaiting} open placement${awaiting === 1 ? " has" : "s have"} no proposed band yet (not yet reviewed); ${awaiting === 1 ? "it is" : "they are"} listed but not compared.`,
    );
  }
  return notes;
}

/** The checks: every placement costed, the summaries add up, the costing rule, the stated top-ups. */
function bandingChecks(
  ctx: PaperContext,
  tariff: CurrentTariff | undefined,
  costed: readonly Costed[],
  failed: readonly NotCosted[],
  differ: readonly Costed[],
  placements: PlacementTable,
  summaries: Summaries,
): CheckInput[] {
  const checks: CheckInput[] = [
    {
      description:
        "Every open placement with a proposed band is costed (its bands and setting are in the band tables)",
      value: numberCell(failed.length, NumFmt.count),
      expected: numberCell(0, NumFmt.count),
      test: "equal",
      howToFix:
        failed.length === 0
          ? "If it fails: a placement's band or setting is missing from the band tables; add it, or correct the placement, and rebuild."
          : `Add the missing band or setting to the band tables, or correct the placement: ${failed
              .slice(0, 5)
              .map((n) => `${n.ref} (${sourceText(n.placement.source)}): ${n.reason}`)
              .join("; ")}${failed.length > 5 ? "; …" : ""}.`,
    },
    {
      description: "The net cost by setting adds up to the per-placement table",
      value: formulaCell(summaries.bySetting.table.total("net").ref, summaries.bySetting.net, NumFmt.pounds),
      expected: formulaCell(
        placements.main.total("difference").ref,
        placements.totals.difference,
        NumFmt.pounds,
      ),
      test: "equal",
      howToFix: "A setting differs between the tables, or a figure has been typed over; rebuild the papers.",
    },
    {
      description: "The differences by school add up to the per-placement table",
      value: formulaCell(
        summaries.bySchool.table.total("difference").ref,
        total(summaries.bySchool.differences),
        NumFmt.pounds,
      ),
      expected: formulaCell(
        placements.main.total("difference").ref,
        placements.totals.difference,
        NumFmt.pounds,
      ),
      test: "equal",
      howToFix:
        "A school's name differs between the tables, or a figure has been typed over; rebuild the papers.",
    },
  ];
  const costingRange = placements.main.range("costing");
  const tableRule = RULE_LABEL[tariff?.kind ?? "hours"];
  checks.push({
    description: `Every compared placement's current cost follows the current band table's rule (${tableRule}) or the annual top-up stated in the register`,
    value: formulaCell(
      `COUNTIFS(${costingRange},"${tableRule}")+COUNTIFS(${costingRange},"${RULE_LABEL.stated}")`,
      costed.filter((c) => c.costing.rule === "stated" || c.costing.rule === (tariff?.kind ?? "hours"))
        .length,
      NumFmt.count,
    ),
    expected: formulaCell(`COUNT(${placements.main.range("current")})`, costed.length, NumFmt.count),
    test: "equal",
    howToFix:
      "A placement's costing has been typed over, or the band table's rule changed; rebuild the papers.",
  });
  if (placements.anyStated) {
    const diffRange = placements.main.range("statedDifference");
    checks.push(
      statedTopUpCheck(
        differ.map((c) => ({
          source: `${c.ref} (${sourceText(c.placement.source)})`,
          stated: c.costing.stated as number,
          table: c.costing.table?.cost as number,
        })),
        formulaCell(`COUNTIFS(${diffRange},">0")+COUNTIFS(${diffRange},"<0")`, differ.length, NumFmt.count),
      ),
    );
  }
  for (const check of [
    hourlyRateCheck(ctx),
    skippedRowsCheck(ctx, "placements"),
    skippedRowsCheck(ctx, "proposedBands"),
    skippedRowsCheck(ctx, "currentBands"),
  ]) {
    if (check) checks.push(check);
  }
  return checks;
}

/** The proposed band table on the sheet: Band, then one "<setting> (£)" column per setting. */
function layProposed(sheet: SheetBuilder, table: BandTable, headerRow: number): TableLayout {
  const rows = table.bands.map((_, i) => i);
  const columns: Column<number>[] = [
    {
      key: "band",
      header: "Band",
      cell: (i) => {
        return bandCell(table.bands[i]);
      },
    },
    ...table.settings.map((s, col): Column<number> => ({
      key: `s${col}`,
      header: `${s}${UNIT}`,
      cell: (i) => {
        const amount = table.amountAt(i, col);
        return Number.isNaN(amount) ? textCell(Shorthand.notAvailable) : moneyCell(amount, "input");
      },
    })),
  ];
  return layTable(
    sheet,
    {
      name: "ProposedBands",
      altText: `Proposed bands: the annual top-up for each of ${table.bands.length} bands in ${table.settings.length} setting${table.settings.length === 1 ? "" : "s"}.`,
      columns,
      rows,
    },
    headerRow,
  );
}

/**
 * The current band table on the sheet, as its rule reads it: Band and Hours of support a week
 * (hours-based); Band and Annual top-up (£) (a fixed tariff for all settings); or Band and one
 * "<setting> (£)" column per setting. Value columns are keyed "hours" (hours-based) and "v0", "v1", ….
 */
function layCurrent(sheet: SheetBuilder, tariff: CurrentTariff, headerRow: number): TableLayout {
  const table = tariff.table;
  const hours = tariff.kind === "hours";
  const headers =
    tariff.kind === "fixed-by-setting"
      ? table.settings.map((s) => `${s}${UNIT}`)
      : hours
        ? ["Hours of support a week"]
        : ["Annual top-up (£)"];
  const valueColumns = headers.map((header, col): Column<number> => ({
    key: hours ? "hours" : `v${col}`,
    header,
    cell: (i) => {
      const amount = table.amountAt(i, col);
      if (Number.isNaN(amount)) return textCell(Shorthand.notAvailable);
      return hours ? numberCell(amount, NumFmt.decimal1, "input") : moneyCell(amount, "input");
    },
  }));
  return layTable(
    sheet,
    {
      name: "CurrentBands",
      altText: hours
        ? `Current bands: the hours of support a week for each of ${table.bands.length} bands.`
        : `Current bands: the fixed annual top-up (£) for each of ${table.bands.length} bands${tariff.kind === "fixed-by-setting" ? ` in ${table.settings.length} settings` : ", for all settings"}.`,
      columns: [
        {
          key: "band",
          header: "Band",
          cell: (i: number) => bandCell(table.bands[i]),
        },
        ...valueColumns,
      ],
      rows: table.bands.map((_, i) => i),
    },
    headerRow,
  );
}

/** A band name as a cell: a whole number as a number, so MATCH finds it whichever way it is held. */
function bandCell(band: string): CellSpec {
  const value = bandCellValue(band);
  return typeof value === "number" ? numberCell(value, NumFmt.count) : textCell(value);
}
