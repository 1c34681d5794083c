/**
 * Schools Block transfer consultation (SPEC paper `TransferImpact`; domain.md §2): the proposed
 * transfer (base, whether the base is an estimate, percentage, £), the scaling factor the engine
 * solves so the reductions add up to the transfer with every school kept at or above its protected
 * floor, the effect on each school (£, per pupil, %, protected or contributing), a summary by phase
 * (`TransferByPhase`), the 0.5% / disapplication note and the "figures are illustrative" note.
 *
 * One engine: the amount is core transferAmount(), the factor core transferImpact(). The sheet
 * shows the factor as an input-like cell ("solved by Forum Papers") and restates each school's
 * reduction as ROUND(MIN(factor × allocation, headroom), 2), which a reader can follow. Rounding
 * each school to the penny can leave a few pence against the transfer (the engine spreads those
 * pennies exactly; a formula per school cannot), so the sheet shows that rounding difference and
 * checks it is within a penny a school.
 *
 * When the protections cannot absorb the transfer the paper still builds: it says so, shows the
 * most the schools can give (the sum of their headroom), takes all of it (factor 100%), and the
 * feasibility check fails with the engine's message. Nothing throws.
 */

import { InternalError, isCellError } from "../core/errors";
import { maxAbsorbable, transferAmount, transferImpact } from "../core/transfers";
import type { School, TotalCheck } from "../sources/datasets";
import { grandTotals, skippedRowsCheck, statedTotalCheck, total } from "./common";
import { countWhere, nameKey, sumWhere } from "./criteria";
import {
  ALLOWANCE,
  ALLOWANCE_REF,
  type CellAt,
  type CheckInput,
  type Column,
  ExtraFmt,
  type KeyValue,
  PAPERS,
  type PaperBuild,
  type PaperContext,
  SheetBuilder,
  Shorthand,
  formulaCell,
  layTable,
  moneyCell,
  numberCell,
  percentText,
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
import { NumFmt } from "./spec";

const PROTECTED = "Protected";
const CONTRIBUTING = "Contributing";

interface SchoolRow {
  readonly school: School;
  readonly headroom: number;
  readonly reduction: number;
  readonly after: number;
  readonly perPupil: number | string;
  readonly change: number | string;
  readonly status: string;
}

interface PhaseRow {
  readonly phase: string;
  readonly schools: number;
  readonly protectedCount: number;
  readonly pupils: number;
  readonly allocation: number;
  readonly reduction: number;
}

/**
 * Build the transfer consultation paper.
 *
 * @param ctx The build context (transfer % from the options, else the workbook, else the 0.5% limit).
 * @param schools The schools (datasets.schools); at least one.
 * @returns The paper, or why it could not be built (a bad base or percentage; never an infeasible
 *   transfer, which builds with a failed check).
 */
export function buildTransferImpact(
  ctx: PaperContext,
  schools: readonly School[],
): PaperBuild | { error: string } {
  const meta = PAPERS["transfer-impact"];
  const warnings: string[] = [];
  const a = ctx.datasets.assumptions;
  const allocations = schools.map((s) => s.allocation);
  const floors = schools.map((s) => s.floor);

  const sbGiven = a.schoolsBlock;
  const sb = sbGiven ?? total(allocations);
  const isEstimate = sbGiven === undefined ? true : (a.schoolsBlockIsEstimate ?? false);
  if (sbGiven === undefined) {
    warnings.push(
      "Transfer consultation: the workbook gives no Schools Block before recoupment; the base is the total of the school allocations listed, an estimate.",
    );
  }
  const excluded = a.transferExcluded ?? 0;
  const limit = ctx.rules.value("transferLimit");
  const pctSource =
    ctx.transferPercent !== undefined ? "options" : a.transferPercent !== undefined ? "workbook" : "limit";
  const pct = ctx.transferPercent ?? a.transferPercent ?? limit;
  if (pctSource === "limit") {
    warnings.push(
      `Transfer consultation: no transfer percentage was given; the paper models the ${percentText(limit)} limit.`,
    );
  }
  const base = r2(sb - excluded);
  const amount = transferAmount(base, pct);
  if (isCellError(amount)) return { error: `Transfer consultation not built: ${amount.message}` };

  const impact = transferImpact({ allocations, floors, transfer: amount });
  const maxAbs = maxAbsorbable(allocations, floors);
  if (isCellError(maxAbs)) return { error: `Transfer consultation not built: ${maxAbs.message}` };
  let infeasibleMessage: string | undefined;
  if (isCellError(impact)) {
    if (amount <= maxAbs) return { error: `Transfer consultation not built: ${impact.message}` };
    infeasibleMessage = impact.message;
    warnings.push(`Transfer consultation: ${impact.message}`);
  }
  // Infeasible: take everything above the floors (factor 100%) so the sheet shows the most possible.
  const rate = isCellError(impact) ? 1 : impact.rate;

  const rows: SchoolRow[] = schools.map((s) => {
    // Each value is what the sheet's formula gives, in the formula's own order of operations.
    const headroom = r2(Math.max(0, s.allocation - s.floor));
    const reduction = r2(Math.min(rate * s.allocation, headroom));
    const after = r2(s.allocation - reduction);
    return {
      school: s,
      headroom,
      reduction,
      after,
      perPupil: s.pupils === 0 ? Shorthand.notApplicable : r2((after - s.allocation) / s.pupils),
      change: s.allocation === 0 ? Shorthand.notApplicable : (after - s.allocation) / s.allocation,
      status: rate * s.allocation > headroom ? PROTECTED : CONTRIBUTING,
    };
  });
  const totals = {
    pupils: r2(schools.reduce((sum, s) => sum + s.pupils, 0)),
    allocation: total(allocations),
    floor: total(floors),
    headroom: total(rows.map((r) => r.headroom)),
    reduction: total(rows.map((r) => r.reduction)),
    after: total(rows.map((r) => r.after)),
  };
  const protectedCount = rows.filter((r) => r.status === PROTECTED).length;
  const roundingDiff = r2(amount - totals.reduction);

  const title = meta.title;
  const b = new SheetBuilder(meta.sheet, "paper", meta.id, title);
  writePaperTitle(b, ctx, meta.id, {
    title,
    subtitle: meta.subtitle,
    purpose: ctx.purposeOf(meta.id),
    source: sourceSummary(
      ctx.datasets,
      schools.map((s) => s.source),
    ),
  });

  // The proposal block sits above the table but refers to the table's totals, so its rows are
  // reserved first and filled once the table is laid.
  writeHeading(b, "Proposal and result (inputs are marked; the scaling factor is solved by Forum Papers)");
  const kvKeys = [
    "sb",
    "estimate",
    "excluded",
    "base",
    "pct",
    "amount",
    "limit",
    "perPupil",
    "maxAbs",
    "rate",
    "feasible",
  ] as const;
  const kvStart = b.cursor;
  b.cursor += kvKeys.length;
  const kvAt = (key: (typeof kvKeys)[number]): CellAt => b.at(kvStart + kvKeys.indexOf(key), 1);
  const rateRef = kvAt("rate").abs;

  writeHeading(b, "Effect on each school");
  const columns: Column<SchoolRow>[] = [
    { key: "name", header: "School", cell: (r) => textCell(r.school.name), total: () => textCell("Total") },
    { key: "urn", header: "URN or LAESTAB", cell: (r) => textCell(r.school.urn ?? Shorthand.notAvailable) },
    // Trimmed, as its group in the summary by phase is, so the summary's "=" finds it.
    { key: "phase", header: "Phase", cell: (r) => textCell(r.school.phase.trim()) },
    { key: "type", header: "Maintained or academy", cell: (r) => textCell(r.school.type) },
    {
      key: "pupils",
      header: "Pupils (October census)",
      cell: (r) => numberCell(r.school.pupils, NumFmt.decimal1),
      total: (t) => formulaCell(`ROUND(SUM(${t.range("pupils")}),2)`, totals.pupils, NumFmt.decimal1),
    },
    {
      key: "allocation",
      header: "Allocation before transfer (£)",
      cell: (r) => moneyCell(r.school.allocation),
      total: (t) => sumCell(t.range("allocation"), allocations),
    },
    {
      key: "floor",
      header: "Protected floor (£)",
      cell: (r) => moneyCell(r.school.floor),
      total: (t) => sumCell(t.range("floor"), floors),
    },
    {
      key: "headroom",
      header: "Headroom above floor (£)",
      cell: (r, c) =>
        formulaCell(`ROUND(MAX(0,${c.ref("allocation")}-${c.ref("floor")}),2)`, r.headroom, NumFmt.pounds),
      total: (t) =>
        sumCell(
          t.range("headroom"),
          rows.map((r) => r.headroom),
        ),
    },
    {
      key: "reduction",
      header: "Reduction (£)",
      cell: (r, c) =>
        formulaCell(
          `ROUND(MIN(${rateRef}*${c.ref("allocation")},${c.ref("headroom")}),2)`,
          r.reduction,
          NumFmt.pounds,
        ),
      total: (t) =>
        sumCell(
          t.range("reduction"),
          rows.map((r) => r.reduction),
        ),
    },
    {
      key: "after",
      header: "Allocation after transfer (£)",
      cell: (r, c) =>
        formulaCell(`ROUND(${c.ref("allocation")}-${c.ref("reduction")},2)`, r.after, NumFmt.pounds),
      total: (t) =>
        sumCell(
          t.range("after"),
          rows.map((r) => r.after),
        ),
    },
    {
      key: "perPupil",
      header: "Change per pupil (£)",
      cell: (r, c) =>
        formulaCell(
          `IF(${c.ref("pupils")}=0,"${Shorthand.notApplicable}",ROUND((${c.ref("after")}-${c.ref("allocation")})/${c.ref("pupils")},2))`,
          r.perPupil,
          NumFmt.pounds,
        ),
      total: (t) =>
        formulaCell(
          `IF(${t.ref("pupils")}=0,"${Shorthand.notApplicable}",ROUND((${t.ref("after")}-${t.ref("allocation")})/${t.ref("pupils")},2))`,
          totals.pupils === 0
            ? Shorthand.notApplicable
            : r2((totals.after - totals.allocation) / totals.pupils),
          NumFmt.pounds,
        ),
    },
    {
      key: "change",
      header: "Change (%)",
      cell: (r, c) =>
        formulaCell(
          `IF(${c.ref("allocation")}=0,"${Shorthand.notApplicable}",(${c.ref("after")}-${c.ref("allocation")})/${c.ref("allocation")})`,
          r.change,
          NumFmt.percent2,
        ),
      total: (t) =>
        formulaCell(
          `IF(${t.ref("allocation")}=0,"${Shorthand.notApplicable}",(${t.ref("after")}-${t.ref("allocation")})/${t.ref("allocation")})`,
          totals.allocation === 0
            ? Shorthand.notApplicable
            : (totals.after - totals.allocation) / totals.allocation,
          NumFmt.percent2,
        ),
    },
    {
      key: "status",
      header: "Protected or contributing",
      cell: (r, c) =>
        formulaCell(
          `IF(${rateRef}*${c.ref("allocation")}>${c.ref("headroom")},"${PROTECTED}","${CONTRIBUTING}")`,
          r.status,
        ),
    },
    { key: "source", header: "Source", cell: (r) => textCell(sourceText(r.school.source)) },
  ];
  const table = layTable(b, {
    name: meta.table,
    altText: `Effect of a ${percentText(pct)} Schools Block transfer (${poundsText(amount)}) on ${rows.length} schools: ${protectedCount} protected by their floor, ${rows.length - protectedCount} contributing.`,
    columns,
    rows,
    totals: true,
  });
  b.freezeAtHeader(table.headerRow);

  const feasible = !isCellError(impact);
  const pupilsTotalRef = table.total("pupils").ref;
  const limitRef = ctx.rules.ref("transferLimit");
  const aboveLimit = pct > limit;
  const sbSource = a.sources.schoolsBlock;
  const kv: KeyValue[] = [
    {
      key: "sb",
      label: "Schools Block before recoupment (£, input)",
      cell: numberCell(sb, NumFmt.pounds, "input"),
      note:
        sbGiven === undefined
          ? `${Shorthand.estimate} not in the workbook: the total of the school allocations below; replace with the DSG allocation`
          : `From the workbook${sbSource ? ` (${sourceText(sbSource)})` : ""}`,
    },
    {
      key: "estimate",
      label: "Is the Schools Block an estimate? (input)",
      cell: textCell(isEstimate ? "Yes" : "No", "input"),
      note: isEstimate
        ? `${Shorthand.estimate} the figures will change with the final DSG allocation`
        : "Final allocation",
    },
    {
      key: "excluded",
      label: "Amount excluded from the base (£, input)",
      cell: numberCell(excluded, NumFmt.pounds, "input"),
      note: "Funding protected from transfer (e.g. 2021-22 teachers' pay and pension grants); 0 if none",
    },
    {
      key: "base",
      label: "Base for the percentage (£)",
      cell: formulaCell(`ROUND(${kvAt("sb").ref}-${kvAt("excluded").ref},2)`, base, NumFmt.pounds),
      note: "Schools Block before recoupment less the amount excluded",
    },
    {
      key: "pct",
      label: "Transfer percentage (input)",
      cell: numberCell(pct, NumFmt.percent2, "input"),
      note:
        pctSource === "options"
          ? "Set when the papers were built"
          : pctSource === "workbook"
            ? `From the workbook${a.sources.transferPercent ? ` (${sourceText(a.sources.transferPercent)})` : ""}`
            : "Not in the workbook: the limit the Schools Forum can approve (Rules sheet)",
    },
    {
      key: "amount",
      label: "Transfer (£)",
      cell: formulaCell(`ROUND(${kvAt("base").ref}*${kvAt("pct").ref},2)`, amount, NumFmt.poundsPence),
      note: "Base × percentage, rounded to the penny",
    },
    {
      key: "limit",
      label: "Against the limit the Schools Forum can approve",
      cell: formulaCell(
        `IF(${kvAt("pct").ref}>${limitRef},"Above the limit: needs the Secretary of State's approval (disapplication)","Within the limit: the Schools Forum can approve")`,
        aboveLimit
          ? "Above the limit: needs the Secretary of State's approval (disapplication)"
          : "Within the limit: the Schools Forum can approve",
      ),
      note: `The limit is ${percentText(limit)} of the base (Rules sheet)`,
    },
    {
      key: "perPupil",
      label: "Average transfer per pupil (£)",
      cell: formulaCell(
        `IF(${pupilsTotalRef}=0,"${Shorthand.notApplicable}",ROUND(${kvAt("amount").ref}/${pupilsTotalRef},2))`,
        totals.pupils === 0 ? Shorthand.notApplicable : r2(amount / totals.pupils),
        NumFmt.poundsPence,
      ),
      note: "Transfer ÷ pupils in the schools listed",
    },
    {
      key: "maxAbs",
      label: "Most the schools can give above their floors (£)",
      cell: formulaCell(`ROUND(SUM(${table.range("headroom")}),2)`, totals.headroom, NumFmt.pounds),
      note: "The sum of every school's headroom above its MFG/MPPL floor",
    },
    {
      key: "rate",
      label: "Scaling factor (solved by Forum Papers)",
      cell: numberCell(rate, ExtraFmt.percent4, "input"),
      note: feasible
        ? "Each school gives this share of its allocation, but never goes below its floor; rebuild to re-solve after changing an input"
        : "Infeasible: 100% takes all funding above the floors, which is still less than the transfer",
    },
    {
      key: "feasible",
      label: "Can the schools absorb the transfer?",
      cell: formulaCell(
        `IF(${kvAt("amount").ref}<=${kvAt("maxAbs").ref},"Yes","No: the protections cannot absorb it (see the checks)")`,
        amount <= totals.headroom ? "Yes" : "No: the protections cannot absorb it (see the checks)",
      ),
    },
  ];
  if (kv.length !== kvKeys.length || kv.some((k, i) => k.key !== kvKeys[i]))
    throw new InternalError("Transfer consultation: proposal rows out of order");
  const kvCells = writeKeyValues(b, kv, kvStart);

  // Rounding difference.
  writeHeading(b, "Rounding (each school's reduction is rounded to the penny)");
  const rounding = writeKeyValues(b, [
    {
      key: "reductions",
      label: "Total of the schools' reductions (£)",
      cell: formulaCell(table.total("reduction").ref, totals.reduction, NumFmt.poundsPence),
    },
    {
      key: "difference",
      label: "Rounding difference: transfer less total reductions (£)",
      cell: formulaCell(
        `ROUND(${kvCells.amount.ref}-${table.total("reduction").ref},2)`,
        roundingDiff,
        NumFmt.poundsPence,
      ),
      note: "A few pence either way is rounding; the engine itself spreads these pennies so its reductions add up exactly",
    },
  ]);

  // Summary by phase.
  const phases = groupPhases(rows);
  writeHeading(b, "Summary by phase");
  // Rows by phase: exact text (criteria.ts), so a phase such as "Primary*" counts only itself.
  const samePhase = (c: { ref(key: string): string }) => ({
    range: table.range("phase"),
    equals: c.ref("phase"),
  });
  const byPhase = layTable(b, {
    name: "TransferByPhase",
    altText: `Transfer by phase: ${phases.map((p) => `${p.phase} ${poundsText(p.reduction)}`).join(", ")}.`,
    columns: [
      {
        key: "phase",
        header: "Phase",
        cell: (p: PhaseRow) => textCell(p.phase),
        total: () => textCell("Total"),
      },
      {
        key: "schools",
        header: "Schools",
        cell: (p: PhaseRow, c) => formulaCell(countWhere(samePhase(c)), p.schools, NumFmt.count),
        total: (t) => formulaCell(`SUM(${t.range("schools")})`, rows.length, NumFmt.count),
      },
      {
        key: "protected",
        header: "Protected by their floor",
        cell: (p: PhaseRow, c) =>
          formulaCell(
            countWhere(samePhase(c), { range: table.range("status"), equals: `"${PROTECTED}"` }),
            p.protectedCount,
            NumFmt.count,
          ),
        total: (t) => formulaCell(`SUM(${t.range("protected")})`, protectedCount, NumFmt.count),
      },
      {
        key: "contributing",
        header: "Contributing",
        cell: (p: PhaseRow, c) =>
          formulaCell(
            countWhere(samePhase(c), { range: table.range("status"), equals: `"${CONTRIBUTING}"` }),
            p.schools - p.protectedCount,
            NumFmt.count,
          ),
        total: (t) =>
          formulaCell(`SUM(${t.range("contributing")})`, rows.length - protectedCount, NumFmt.count),
      },
      {
        key: "pupils",
        header: "Pupils",
        cell: (p: PhaseRow, c) =>
          formulaCell(`ROUND(${sumWhere(table.range("pupils"), samePhase(c))},2)`, p.pupils, NumFmt.decimal1),
        total: (t) =>
          formulaCell(
            `ROUND(SUM(${t.range("pupils")}),2)`,
            r2(phases.reduce((s, p) => s + p.pupils, 0)),
            NumFmt.decimal1,
          ),
      },
      {
        key: "allocation",
        header: "Allocation before transfer (£)",
        cell: (p: PhaseRow, c) =>
          formulaCell(
            `ROUND(${sumWhere(table.range("allocation"), samePhase(c))},2)`,
            p.allocation,
            NumFmt.pounds,
          ),
        total: (t) =>
          sumCell(
            t.range("allocation"),
            phases.map((p) => p.allocation),
          ),
      },
      {
        key: "reduction",
        header: "Reduction (£)",
        cell: (p: PhaseRow, c) =>
          formulaCell(
            `ROUND(${sumWhere(table.range("reduction"), samePhase(c))},2)`,
            p.reduction,
            NumFmt.pounds,
          ),
        total: (t) =>
          sumCell(
            t.range("reduction"),
            phases.map((p) => p.reduction),
          ),
      },
      {
        key: "perPupil",
        header: "Average change per pupil (£)",
        cell: (p: PhaseRow, c) =>
          formulaCell(
            `IF(${c.ref("pupils")}=0,"${Shorthand.notApplicable}",ROUND(-${c.ref("reduction")}/${c.ref("pupils")},2))`,
            p.pupils === 0 ? Shorthand.notApplicable : r2(-p.reduction / p.pupils),
            NumFmt.pounds,
          ),
        total: (t) => {
          const pupils = r2(phases.reduce((s, p) => s + p.pupils, 0));
          const red = total(phases.map((p) => p.reduction));
          return formulaCell(
            `IF(${t.ref("pupils")}=0,"${Shorthand.notApplicable}",ROUND(-${t.ref("reduction")}/${t.ref("pupils")},2))`,
            pupils === 0 ? Shorthand.notApplicable : r2(-red / pupils),
            NumFmt.pounds,
          );
        },
      },
    ],
    rows: phases,
    totals: true,
  });

  const notes = [
    `The transfer is (Schools Block before recoupment − amount excluded) × percentage, rounded to the penny (domain.md §2.2). The base used here is ${isEstimate ? `an estimate ${Shorthand.estimate}` : "the final allocation"}.`,
    `Up to ${percentText(limit)} of the Schools Block can move to another block if the Schools Forum agrees. A larger transfer, or any transfer the Forum does not agree, needs the Secretary of State's approval: the council applies for a disapplication, usually by mid-November for the following year. A transfer applies to one year only.`,
    "Each school keeps at least its protected floor (its minimum funding guarantee or minimum per-pupil level). Schools on their floor give nothing, so the scaling factor is larger than the transfer's share of all allocations. Spreading the transfer to protected schools would need its own disapplication of the MFG and/or MPPL.",
    "Reduction = the smaller of (scaling factor × allocation) and the school's headroom above its floor, rounded to the penny. Change per pupil and change (%) are after − before, so a reduction shows as a negative.",
    "All figures are illustrative: they use the allocations and floors in the council's workbook, and the final figures depend on the DSG settlement and the final local formula.",
    "All maintained schools and academies must be consulted before the Schools Forum decides.",
  ];
  if (infeasibleMessage) notes.unshift(`The transfer cannot be absorbed. ${infeasibleMessage}`);
  writeNotes(b, notes);

  const checks: CheckInput[] = [
    {
      description: "The transfer can be absorbed above the schools' protected floors",
      value: formulaCell(kvCells.amount.ref, amount, NumFmt.poundsPence),
      expected: formulaCell(kvCells.maxAbs.ref, totals.headroom, NumFmt.poundsPence),
      test: "atMost",
      howToFix:
        infeasibleMessage ??
        `If it fails: lower the transfer to at most the schools' headroom above their floors, or disapply the MFG/MPPL so protected schools also contribute.`,
    },
    {
      description: "The schools' reductions add up to the transfer to within a penny a school",
      value: formulaCell(`ABS(${rounding.difference.ref})`, Math.abs(roundingDiff), NumFmt.poundsPence),
      expected: formulaCell(
        `ROUND(${byPhase.total("schools").ref}*${ALLOWANCE_REF},2)`,
        r2(rows.length * ALLOWANCE),
        NumFmt.poundsPence,
      ),
      test: "atMost",
      howToFix: feasible
        ? "The scaling factor has been changed by hand: rebuild the papers to re-solve it."
        : "The transfer cannot be absorbed (see the check above); the reductions shown are the most the schools can give.",
    },
    {
      description: "The summary by phase adds up to the school table",
      value: formulaCell(
        byPhase.total("reduction").ref,
        total(phases.map((p) => p.reduction)),
        NumFmt.pounds,
      ),
      expected: formulaCell(table.total("reduction").ref, totals.reduction, NumFmt.pounds),
      test: "equal",
      howToFix:
        "A school's phase is blank or has changed since the papers were built; correct the phase and rebuild.",
    },
  ];
  const usedTotals: TotalCheck[] = [];
  const stated = grandTotals(ctx.datasets.totals, "schools");
  for (const [field, key, what, value] of [
    ["allocation", "allocation", "Total allocation before transfer", totals.allocation],
    ["floor", "floor", "Total protected floor", totals.floor],
  ] as const) {
    const s = stated.get(field);
    if (!s) continue;
    usedTotals.push(s);
    checks.push(statedTotalCheck(what, table.total(key).ref, value, s));
  }
  const skipped = skippedRowsCheck(ctx, "schools");
  if (skipped) checks.push(skipped);
  const placed = writeChecks(b, meta.checkPrefix, checks);

  return {
    id: meta.id,
    sheet: b.toSpec(),
    table: meta.table,
    rows: rows.length,
    headline: {
      transfer: amount,
      percent: pct,
      feasible: feasible ? "yes" : "no",
      scalingFactor: rate,
      maxAbsorbable: totals.headroom,
      base,
      baseIsEstimate: isEstimate ? "yes" : "no",
      schools: rows.length,
      protectedSchools: protectedCount,
      roundingDifference: roundingDiff,
    },
    checks: placed,
    warnings,
    usedTotals,
  };
}

/** Schools grouped by phase as the summary's formulas match it (criteria.ts nameKey), in order of first appearance. */
function groupPhases(rows: readonly SchoolRow[]): PhaseRow[] {
  const groups = new Map<string, { phase: string; rows: SchoolRow[] }>();
  for (const r of rows) {
    const key = nameKey(r.school.phase);
    const g = groups.get(key);
    if (g) g.rows.push(r);
    else groups.set(key, { phase: r.school.phase.trim(), rows: [r] });
  }
  return [...groups.values()].map((g) => ({
    phase: g.phase,
    schools: g.rows.length,
    protectedCount: g.rows.filter((r) => r.status === PROTECTED).length,
    pupils: r2(g.rows.reduce((s, r) => s + r.school.pupils, 0)),
    allocation: total(g.rows.map((r) => r.school.allocation)),
    reduction: total(g.rows.map((r) => r.reduction)),
  }));
}
