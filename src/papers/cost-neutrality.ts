/**
 * The banding review's "Cost neutrality" block (SPEC "Beyond the papers"; core/neutrality.ts):
 * over the same open placements the review costs both ways, what the current and the proposed
 * bands cost, the target (the current cost, or the budget given with --banding-budget), the
 * difference, and the two ways of making the proposal meet the target: one uniform factor on
 * every proposed band value, or the same £ added to every band. Every figure is a native formula
 * over the review's own totals cells, so a changed band value or budget recalculates it; the
 * budget, when given, is an input cell. A proposal that is not neutral fails a check that says
 * by how much (Staffordshire suspended a banding tool in 2023 after costs rose, domain.md §3.3).
 *
 * The sheet's formulas, with P the proposed total, T the target and N the placements:
 *   factor                 = T / P                (full precision; shown to six places)
 *   cost-neutral total     = ROUND(factor × P, 2) (equals T to the penny)
 *   stated factor          = ROUND(T / P, 6)
 *   total at stated factor = ROUND(stated factor × P, 2), and what it leaves over: T − that
 *   flat £ per band        = ROUND((T − P) / N, 2)
 *   total at flat £        = ROUND(P + N × flat, 2), and what it leaves over: T − that
 */

import { formatPounds, roundPenny } from "../core/money";
import { FACTOR_DP, NEUTRAL_TOLERANCE, type CostedBothWays, costNeutrality } from "../core/neutrality";
import { writeHeading, writeKeyValues } from "./blocks";
import { formulaCell, moneyCell, numberCell, ratioCell } from "./cells";
import type { CheckInput } from "./checks";
import type { SheetBuilder } from "./sheet-builder";
import { NumFmt } from "./spec";
import type { TableLayout } from "./table";
import { Shorthand } from "./text";

/** A factor shown to the six decimal places it is stated to. */
const FACTOR_FMT = "0.000000";

/** What the block hands back to the banding review: its check and its notes. */
export interface CostNeutralityBlock {
  readonly check: CheckInput;
  readonly notes: readonly string[];
}

/** "+4.1%" / "−2.0%": a signed percentage for the check's words. */
function signedPercent(ratio: number | undefined): string {
  if (ratio === undefined) return Shorthand.notApplicable;
  const pct = (Math.abs(ratio) * 100).toFixed(1);
  return `${ratio > 0 ? "+" : ratio < 0 ? "−" : ""}${pct}%`;
}

/**
 * Write the "Cost neutrality" block under the banding review's summaries.
 *
 * @param sheet The banding review's sheet.
 * @param main The per-placement table, with "current" and "proposed" columns and a totals row.
 * @param costed The placements in that table, each with its current and proposed cost (£).
 * @param budget What the proposed bands may cost (£), from --banding-budget; default: the
 *   current cost.
 * @returns The check (fails when the proposal is not neutral, saying by how much) and the notes.
 */
export function writeCostNeutrality(
  sheet: SheetBuilder,
  main: TableLayout,
  costed: readonly CostedBothWays[],
  budget?: number,
): CostNeutralityBlock {
  const n = costNeutrality(costed, budget);
  const z = Shorthand.notApplicable;
  writeHeading(
    sheet,
    `Cost neutrality: the same ${n.placements} open placements on current and proposed bands`,
  );
  // Rows are laid in this order; each formula refers to the value cells above it by key.
  const start = sheet.cursor;
  const keys = [
    "current",
    "target",
    "proposed",
    "placements",
    "difference",
    "differencePct",
    "tolerance",
    "factor",
    "neutralTotal",
    "factorDp",
    "statedFactor",
    "atStated",
    "statedResidual",
    "flat",
    "atFlat",
    "flatResidual",
  ] as const;
  const ref = (key: (typeof keys)[number]): string => sheet.at(start + keys.indexOf(key), 1).ref;
  const [C, T, P, N] = [ref("current"), ref("target"), ref("proposed"), ref("placements")];
  const noFactor = n.factor === undefined;
  const statedTotal = noFactor ? undefined : roundPenny((n.statedFactor as number) * n.proposedTotal);
  const cells = writeKeyValues(sheet, [
    {
      key: "current",
      label: "Current bands: annual cost (£)",
      cell: formulaCell(main.total("current").ref, n.currentTotal, NumFmt.poundsPence),
    },
    {
      key: "target",
      label:
        budget === undefined
          ? "Target: the current bands' cost (£)"
          : "Target: the budget for the proposed bands (£)",
      cell:
        budget === undefined ? formulaCell(C, n.target, NumFmt.poundsPence) : moneyCell(n.target, "input"),
      note:
        budget === undefined
          ? "cost neutral means costing the same as now"
          : "given with --banding-budget; change it here to recalculate",
    },
    {
      key: "proposed",
      label: "Proposed bands: annual cost (£)",
      cell: formulaCell(main.total("proposed").ref, n.proposedTotal, NumFmt.poundsPence),
    },
    {
      key: "placements",
      label: "Placements costed both ways",
      cell: formulaCell(`COUNT(${main.range("current")})`, n.placements, NumFmt.count),
    },
    {
      key: "difference",
      label: "Difference: proposed − target (£)",
      cell: formulaCell(`ROUND(${P}-${T},2)`, n.difference, NumFmt.poundsPence),
      note: "positive: the proposed bands cost more",
    },
    {
      key: "differencePct",
      label: "Difference (% of the target)",
      cell: ratioCell(ref("difference"), T, n.difference, n.target),
    },
    {
      key: "tolerance",
      label: "Largest difference that counts as neutral (£)",
      cell: numberCell(NEUTRAL_TOLERANCE, NumFmt.poundsPence, "input"),
    },
    {
      key: "factor",
      label: "Uniform factor on every proposed band value",
      cell: formulaCell(`IF(${P}=0,"${z}",${T}/${P})`, n.factor ?? z, FACTOR_FMT),
      note: "target ÷ proposed, at full precision (shown to six places)",
    },
    {
      key: "neutralTotal",
      label: "Proposed bands × factor: annual cost (£)",
      cell: formulaCell(
        `IF(${P}=0,"${z}",ROUND(${ref("factor")}*${P},2))`,
        n.neutralTotal ?? z,
        NumFmt.poundsPence,
      ),
      note: "equals the target to the penny",
    },
    {
      key: "factorDp",
      label: "Decimal places the factor is stated to",
      cell: numberCell(FACTOR_DP, NumFmt.count, "input"),
    },
    {
      key: "statedFactor",
      label: "Factor rounded to those decimal places",
      cell: formulaCell(
        `IF(${P}=0,"${z}",ROUND(${T}/${P},${ref("factorDp")}))`,
        n.statedFactor ?? z,
        FACTOR_FMT,
      ),
    },
    {
      key: "atStated",
      label: "Proposed bands × stated factor: annual cost (£)",
      cell: formulaCell(
        `IF(${P}=0,"${z}",ROUND(${ref("statedFactor")}*${P},2))`,
        statedTotal ?? z,
        NumFmt.poundsPence,
      ),
    },
    {
      key: "statedResidual",
      label: "Left over by the stated factor's rounding (£)",
      cell: formulaCell(
        `IF(${P}=0,"${z}",ROUND(${T}-${ref("atStated")},2))`,
        statedTotal === undefined ? z : roundPenny(n.target - statedTotal),
        NumFmt.poundsPence,
      ),
    },
    {
      key: "flat",
      label: "Or: the same £ added to every band's value (£)",
      cell: formulaCell(
        `IF(${N}=0,"${z}",ROUND((${T}-${P})/${N},2))`,
        n.flatPerBand ?? z,
        NumFmt.poundsPence,
      ),
      note: "(target − proposed) ÷ placements, to the penny",
    },
    {
      key: "atFlat",
      label: "Proposed bands + flat £: annual cost (£)",
      cell: formulaCell(
        `IF(${N}=0,"${z}",ROUND(${P}+${N}*${ref("flat")},2))`,
        n.recostedAtFlat ?? z,
        NumFmt.poundsPence,
      ),
    },
    {
      key: "flatResidual",
      label: "Left over by the flat £'s rounding (£)",
      cell: formulaCell(
        `IF(${N}=0,"${z}",ROUND(${T}-${ref("atFlat")},2))`,
        n.flatResidual ?? z,
        NumFmt.poundsPence,
      ),
    },
  ]);

  const what = budget === undefined ? "the current bands" : `the budget of ${formatPounds(n.target)}`;
  const over = `over the same ${n.placements} open placements`;
  const amount = formatPounds(Math.abs(n.difference));
  const description = n.neutral
    ? budget === undefined
      ? `Proposed bands cost the same as the current bands ${over} (within ${formatPounds(NEUTRAL_TOLERANCE)})`
      : `Proposed bands cost no more than ${what} ${over} (${n.difference < 0 ? `${amount} under it` : `within ${formatPounds(NEUTRAL_TOLERANCE)}`})`
    : `Proposed bands cost ${amount} ${n.difference > 0 ? "more" : "less"} than ${what} ${over} (${signedPercent(n.differenceRatio)})`;
  const howToFix = n.neutral
    ? "If it fails: a band value or the target has changed; revise the proposed bands with the factor or the flat £ in the cost neutrality block and rebuild."
    : n.factor === undefined
      ? "The proposed bands cost nothing; give the proposed bands their values and rebuild."
      : `Multiply every proposed band value by ${(n.statedFactor as number).toFixed(FACTOR_DP)}, or ${flatAdjustmentText(n.flatPerBand as number)}, and rebuild; or agree the difference as a cost to the High Needs Block.`;
  // With a budget only going over fails; without one, either way does (cuts are not neutral either).
  const check: CheckInput = {
    description,
    value:
      budget === undefined
        ? formulaCell(`ABS(${cells.difference.ref})`, Math.abs(n.difference), NumFmt.poundsPence)
        : formulaCell(cells.difference.ref, n.difference, NumFmt.poundsPence),
    expected: formulaCell(cells.tolerance.ref, NEUTRAL_TOLERANCE, NumFmt.poundsPence),
    test: "atMost",
    howToFix,
  };

  const notes = [
    `Cost neutrality compares the proposed bands with ${budget === undefined ? "the current bands" : "the budget given"} over the same ${n.placements} open placements costed both ways (placements not compared are not in it). The uniform factor is target ÷ proposed cost: multiplying every proposed band value by it makes the proposed cost equal the target to the penny. Stated to ${FACTOR_DP} decimal places it leaves the amount shown on the total; applied to each placement's cost and rounded to the penny it would recost to ${n.recostedAtStatedFactor === undefined ? z : formatPounds(n.recostedAtStatedFactor)} (${n.factorResidual === undefined ? z : formatPounds(n.factorResidual)} from the target), because every placement's cost moves in whole pence.`,
    "The flat £ per band is (target − proposed cost) ÷ placements, to the penny: adding it to every band's value (notional £0 bands included) meets the target up to the pence shown as left over.",
  ];
  const minProposed = costed.reduce((m, c) => Math.min(m, c.proposed), Infinity);
  if (n.flatPerBand !== undefined && n.flatPerBand < 0 && minProposed + n.flatPerBand < 0) {
    const below = costed.filter((c) => c.proposed + (n.flatPerBand as number) < 0).length;
    notes.push(
      `The flat adjustment of ${formatPounds(n.flatPerBand)} would take ${below} placement${below === 1 ? "'s" : "s'"} band value below £0, which cannot be paid: use the uniform factor instead.`,
    );
  }
  return { check, notes };
}

/** "add £1,288.00 to every band's value" or "take £2,870.77 off every band's value". */
function flatAdjustmentText(flat: number): string {
  return flat < 0
    ? `take ${formatPounds(-flat)} off every band's value`
    : `add ${formatPounds(flat)} to every band's value`;
}
