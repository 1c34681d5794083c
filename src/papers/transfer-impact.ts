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

import { roundPenny } from "../core/money";
import { InternalError, isCellError } from "../core/errors";
import { maxAbsorbable, transferAmount, transferImpact } from "../core/transfers";
import type { School, TotalCheck } from "../sources/datasets";
import { grandTotals, skippedRowsCheck, statedTotalCheck, total } from "./common";
import { countWhere, nameKey, sumWhere } from "./criteria";
import { type KeyValue, writeHeading, writeKeyValues, writeNotes, startPaperSheet } from "./blocks";
import { ExtraFmt, formulaCell, moneyCell, numberCell, sumCell, textCell } from "./cells";
import { ALLOWANCE, ALLOWANCE_REF, type CheckInput, writeChecks } from "./checks";
import type { PaperBuild, PaperContext, PaperNotice } from "./house";
import { FINANCIAL_YEAR, writeRecommendation } from "./recommendation";
import { PAPERS } from "./registry";
import { type CellAt, SheetBuilder } from "./sheet-builder";
import { type Column, type TableLayout, type TotalContext, layTable } from "./table";
import { percentText, poundsText, Shorthand, sourceText } from "./text";
import { NumFmt } from "./spec";

const PROTECTED = "Protected";
const CONTRIBUTING = "Contributing";

/** One school's row: what the sheet's formulas give, in the formulas' own order of operations. */
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

/** The proposal as the engine works it out: the Schools Block, the base, the percentage, the transfer, the scaling factor. */
interface Proposal {
  /** The Schools Block before recoupment: the workbook's, else the total of the allocations. */
  readonly schoolsBlock: number;
  readonly schoolsBlockGiven: boolean;
  readonly isEstimate: boolean;
  readonly excluded: number;
  /** The base the percentage applies to: the Schools Block less the amount excluded. */
  readonly base: number;
  readonly percent: number;
  readonly percentSource: "options" | "workbook" | "limit";
  /** The limit the Schools Forum can approve (Rules sheet). */
  readonly limit: number;
  /** The transfer (£). */
  readonly amount: number;
  /** The factor core solves (1 when the transfer cannot be absorbed: everything above the floors). */
  readonly scalingFactor: number;
  readonly feasible: boolean;
  readonly infeasibleMessage?: string;
}

/** The school table's totals, and the transfer less the reductions (the pennies rounding leaves). */
interface SchoolTotals {
  readonly schools: number;
  readonly protectedCount: number;
  readonly pupils: number;
  readonly allocation: number;
  readonly floor: number;
  readonly headroom: number;
  readonly reduction: number;
  readonly after: number;
  readonly roundingDifference: number;
}

/** The proposal block's rows, top to bottom (reserved before the school table is laid). */
const PROPOSAL_KEYS = [
  "schoolsBlock",
  "estimate",
  "excluded",
  "base",
  "percent",
  "amount",
  "limit",
  "perPupil",
  "maxAbsorbable",
  "scalingFactor",
  "feasible",
] as const;
type ProposalKey = (typeof PROPOSAL_KEYS)[number];

/** Where the blocks the checks refer to landed. */
interface TransferCells {
  readonly proposal: Record<string, CellAt>;
  readonly rounding: Record<string, CellAt>;
  readonly table: TableLayout;
  readonly byPhase: TableLayout;
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
  const warnings: PaperNotice[] = [];
  const proposal = solveProposal(ctx, schools, warnings);
  if ("error" in proposal) return proposal;
  const rows = schoolRows(schools, proposal.scalingFactor);
  const totals = schoolTotals(schools, rows, proposal.amount);

  const sheet = startPaperSheet(
    ctx,
    meta.id,
    meta.title,
    schools.map((s) => s.source),
  );
  // The proposal block sits above the table but refers to the table's totals, so its rows are
  // reserved first and filled once the table is laid.
  writeHeading(
    sheet,
    "Proposal and result (inputs are marked; the scaling factor is solved by Forum Papers)",
  );
  const proposalStart = sheet.cursor;
  sheet.cursor += PROPOSAL_KEYS.length;
  const at = (key: ProposalKey): CellAt => sheet.at(proposalStart + PROPOSAL_KEYS.indexOf(key), 1);
  const table = writeSchoolTable(sheet, rows, totals, proposal, at("scalingFactor").abs);
  const proposalCells = writeProposal(sheet, ctx, proposal, totals, table, proposalStart);
  const rounding = writeRounding(sheet, totals, table, proposalCells);
  const phases = groupPhases(rows);
  const byPhase = writePhaseSummary(sheet, phases, totals, table);
  const recommendation = writeRecommendation(sheet, ctx, meta.id, [
    "The Forum is asked to agree a transfer of ",
    { cell: at("amount"), kind: "amount" },
    " (",
    { cell: at("percent"), kind: "percent" },
    " of the Schools Block) to the High Needs Block",
    { cell: FINANCIAL_YEAR, kind: "year-label", lead: " for " },
    ".",
  ]);
  writeNotes(sheet, transferNotes(proposal));

  const cells = { proposal: proposalCells, rounding, table, byPhase };
  const { checks, usedTotals } = transferChecks(ctx, proposal, totals, phases, cells);
  const placed = writeChecks(sheet, meta.checkPrefix, checks);

  return {
    id: meta.id,
    sheet: sheet.toSpec(),
    table: meta.table,
    rows: rows.length,
    headline: {
      transfer: proposal.amount,
      percent: proposal.percent,
      feasible: proposal.feasible ? "yes" : "no",
      scalingFactor: proposal.scalingFactor,
      maxAbsorbable: totals.headroom,
      base: proposal.base,
      baseIsEstimate: proposal.isEstimate ? "yes" : "no",
      schools: rows.length,
      protectedSchools: totals.protectedCount,
      roundingDifference: totals.roundingDifference,
    },
    checks: placed,
    warnings,
    usedTotals,
    recommendation,
  };
}

/**
 * The proposal: the Schools Block (the workbook's, else the allocations' total as an estimate),
 * the percentage (the options', the workbook's, else the limit), the transfer (core
 * transferAmount) and the scaling factor (core transferImpact). Says in `warnings` what it assumed.
 *
 * @returns The proposal, or why the paper cannot be built.
 */
function solveProposal(
  ctx: PaperContext,
  schools: readonly School[],
  warnings: PaperNotice[],
): Proposal | { error: string } {
  const paper = "transfer-impact";
  const assumptions = ctx.datasets.assumptions;
  const allocations = schools.map((s) => s.allocation);
  const floors = schools.map((s) => s.floor);
  const given = assumptions.schoolsBlock;
  const schoolsBlock = given ?? total(allocations);
  if (given === undefined) {
    warnings.push({
      code: "schools-block-estimated",
      paper,
      dataset: "assumptions",
      message:
        "Transfer consultation: the workbook gives no Schools Block before recoupment; the base is the total of the school allocations listed, an estimate.",
    });
  }
  const excluded = assumptions.transferExcluded ?? 0;
  const limit = ctx.rules.value("transferLimit");
  const percentSource =
    ctx.transferPercent !== undefined
      ? "options"
      : assumptions.transferPercent !== undefined
        ? "workbook"
        : "limit";
  const percent = ctx.transferPercent ?? assumptions.transferPercent ?? limit;
  if (percentSource === "limit") {
    warnings.push({
      code: "no-transfer-percent",
      paper,
      message: `Transfer consultation: no transfer percentage was given; the paper models the ${percentText(limit)} limit.`,
    });
  }
  const base = roundPenny(schoolsBlock - excluded);
  const amount = transferAmount(base, percent);
  if (isCellError(amount)) return { error: `Transfer consultation not built: ${amount.message}` };

  const impact = transferImpact({ allocations, floors, transfer: amount });
  const absorbable = maxAbsorbable(allocations, floors);
  if (isCellError(absorbable)) return { error: `Transfer consultation not built: ${absorbable.message}` };
  let infeasibleMessage: string | undefined;
  if (isCellError(impact)) {
    if (amount <= absorbable) return { error: `Transfer consultation not built: ${impact.message}` };
    infeasibleMessage = impact.message;
    warnings.push({
      code: "transfer-infeasible",
      paper,
      dataset: "schools",
      message: `Transfer consultation: ${impact.message}`,
    });
  }
  return {
    schoolsBlock,
    schoolsBlockGiven: given !== undefined,
    isEstimate: given === undefined ? true : (assumptions.schoolsBlockIsEstimate ?? false),
    excluded,
    base,
    percent,
    percentSource,
    limit,
    amount,
    // Infeasible: take everything above the floors (factor 100%) so the sheet shows the most possible.
    scalingFactor: isCellError(impact) ? 1 : impact.rate,
    feasible: !isCellError(impact),
    ...(infeasibleMessage !== undefined ? { infeasibleMessage } : {}),
  };
}

/** Each school's row under the scaling factor, as the sheet's formulas give it. */
function schoolRows(schools: readonly School[], scalingFactor: number): SchoolRow[] {
  return schools.map((s) => {
    const headroom = roundPenny(Math.max(0, s.allocation - s.floor));
    const reduction = roundPenny(Math.min(scalingFactor * s.allocation, headroom));
    const after = roundPenny(s.allocation - reduction);
    return {
      school: s,
      headroom,
      reduction,
      after,
      perPupil: s.pupils === 0 ? Shorthand.notApplicable : roundPenny((after - s.allocation) / s.pupils),
      change: s.allocation === 0 ? Shorthand.notApplicable : (after - s.allocation) / s.allocation,
      status: scalingFactor * s.allocation > headroom ? PROTECTED : CONTRIBUTING,
    };
  });
}

function schoolTotals(schools: readonly School[], rows: readonly SchoolRow[], amount: number): SchoolTotals {
  const reduction = total(rows.map((r) => r.reduction));
  return {
    schools: rows.length,
    protectedCount: rows.filter((r) => r.status === PROTECTED).length,
    pupils: roundPenny(schools.reduce((sum, s) => sum + s.pupils, 0)),
    allocation: total(schools.map((s) => s.allocation)),
    floor: total(schools.map((s) => s.floor)),
    headroom: total(rows.map((r) => r.headroom)),
    reduction,
    after: total(rows.map((r) => r.after)),
    roundingDifference: roundPenny(amount - reduction),
  };
}

/** The effect on each school: one row per school, each reduction a formula on the scaling factor. */
function writeSchoolTable(
  sheet: SheetBuilder,
  rows: readonly SchoolRow[],
  totals: SchoolTotals,
  proposal: Proposal,
  factorRef: string,
): TableLayout {
  const meta = PAPERS["transfer-impact"];
  writeHeading(sheet, "Effect on each school");
  const allocations = rows.map((r) => r.school.allocation);
  const floors = rows.map((r) => r.school.floor);
  const summed = (key: "headroom" | "reduction" | "after") => (t: TotalContext) =>
    sumCell(
      t.range(key),
      rows.map((r) => r[key]),
    );
  // The change per pupil and the change (%) are the same formula on a school's row and on the
  // totals row; `ref` finds the row's own cells.
  const perPupil = (ref: (key: string) => string, value: number | string) =>
    formulaCell(
      `IF(${ref("pupils")}=0,"${Shorthand.notApplicable}",ROUND((${ref("after")}-${ref("allocation")})/${ref("pupils")},2))`,
      value,
      NumFmt.pounds,
    );
  const change = (ref: (key: string) => string, value: number | string) =>
    formulaCell(
      `IF(${ref("allocation")}=0,"${Shorthand.notApplicable}",(${ref("after")}-${ref("allocation")})/${ref("allocation")})`,
      value,
      NumFmt.percent2,
    );
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
      cell: (r, x) =>
        formulaCell(`ROUND(MAX(0,${x.ref("allocation")}-${x.ref("floor")}),2)`, r.headroom, NumFmt.pounds),
      total: summed("headroom"),
    },
    {
      key: "reduction",
      header: "Reduction (£)",
      cell: (r, x) =>
        formulaCell(
          `ROUND(MIN(${factorRef}*${x.ref("allocation")},${x.ref("headroom")}),2)`,
          r.reduction,
          NumFmt.pounds,
        ),
      total: summed("reduction"),
    },
    {
      key: "after",
      header: "Allocation after transfer (£)",
      cell: (r, x) =>
        formulaCell(`ROUND(${x.ref("allocation")}-${x.ref("reduction")},2)`, r.after, NumFmt.pounds),
      total: summed("after"),
    },
    {
      key: "perPupil",
      header: "Change per pupil (£)",
      cell: (r, x) => perPupil((key) => x.ref(key), r.perPupil),
      total: (t) =>
        perPupil(
          (key) => t.ref(key),
          totals.pupils === 0
            ? Shorthand.notApplicable
            : roundPenny((totals.after - totals.allocation) / totals.pupils),
        ),
    },
    {
      key: "change",
      header: "Change (%)",
      cell: (r, x) => change((key) => x.ref(key), r.change),
      total: (t) =>
        change(
          (key) => t.ref(key),
          totals.allocation === 0
            ? Shorthand.notApplicable
            : (totals.after - totals.allocation) / totals.allocation,
        ),
    },
    {
      key: "status",
      header: "Protected or contributing",
      cell: (r, x) =>
        formulaCell(
          `IF(${factorRef}*${x.ref("allocation")}>${x.ref("headroom")},"${PROTECTED}","${CONTRIBUTING}")`,
          r.status,
        ),
    },
    { key: "source", header: "Source", cell: (r) => textCell(sourceText(r.school.source)) },
  ];
  const table = layTable(sheet, {
    name: meta.table,
    altText: `Effect of a ${percentText(proposal.percent)} Schools Block transfer (${poundsText(proposal.amount)}) on ${rows.length} schools: ${totals.protectedCount} protected by their floor, ${rows.length - totals.protectedCount} contributing.`,
    columns,
    rows,
    totals: true,
  });
  sheet.freezeAtHeader(table.headerRow);
  return table;
}

/** The proposal block, in the rows reserved for it: inputs, the transfer, the limit, the scaling factor. */
function writeProposal(
  sheet: SheetBuilder,
  ctx: PaperContext,
  proposal: Proposal,
  totals: SchoolTotals,
  table: TableLayout,
  start: number,
): Record<string, CellAt> {
  const assumptions = ctx.datasets.assumptions;
  const at = (key: ProposalKey): CellAt => sheet.at(start + PROPOSAL_KEYS.indexOf(key), 1);
  const pupilsTotalRef = table.total("pupils").ref;
  const limitRef = ctx.rules.ref("transferLimit");
  const schoolsBlockSource = assumptions.sources.schoolsBlock;
  const rows: KeyValue[] = [
    {
      key: "schoolsBlock",
      label: "Schools Block before recoupment (£, input)",
      cell: numberCell(proposal.schoolsBlock, NumFmt.pounds, "input"),
      note: !proposal.schoolsBlockGiven
        ? `${Shorthand.estimate} not in the workbook: the total of the school allocations below; replace with the DSG allocation`
        : `From the workbook${schoolsBlockSource ? ` (${sourceText(schoolsBlockSource)})` : ""}`,
    },
    {
      key: "estimate",
      label: "Is the Schools Block an estimate? (input)",
      cell: textCell(proposal.isEstimate ? "Yes" : "No", "input"),
      note: proposal.isEstimate
        ? `${Shorthand.estimate} the figures will change with the final DSG allocation`
        : "Final allocation",
    },
    {
      key: "excluded",
      label: "Amount excluded from the base (£, input)",
      cell: numberCell(proposal.excluded, NumFmt.pounds, "input"),
      note: "Funding protected from transfer (e.g. 2021-22 teachers' pay and pension grants); 0 if none",
    },
    {
      key: "base",
      label: "Base for the percentage (£)",
      cell: formulaCell(
        `ROUND(${at("schoolsBlock").ref}-${at("excluded").ref},2)`,
        proposal.base,
        NumFmt.pounds,
      ),
      note: "Schools Block before recoupment less the amount excluded",
    },
    {
      key: "percent",
      label: "Transfer percentage (input)",
      cell: numberCell(proposal.percent, NumFmt.percent2, "input"),
      note:
        proposal.percentSource === "options"
          ? "Set when the papers were built"
          : proposal.percentSource === "workbook"
            ? `From the workbook${assumptions.sources.transferPercent ? ` (${sourceText(assumptions.sources.transferPercent)})` : ""}`
            : "Not in the workbook: the limit the Schools Forum can approve (Rules sheet)",
    },
    {
      key: "amount",
      label: "Transfer (£)",
      cell: formulaCell(
        `ROUND(${at("base").ref}*${at("percent").ref},2)`,
        proposal.amount,
        NumFmt.poundsPence,
      ),
      note: "Base × percentage, rounded to the penny",
    },
    {
      key: "limit",
      label: "Against the limit the Schools Forum can approve",
      cell: formulaCell(
        `IF(${at("percent").ref}>${limitRef},"Above the limit: needs the Secretary of State's approval (disapplication)","Within the limit: the Schools Forum can approve")`,
        proposal.percent > proposal.limit
          ? "Above the limit: needs the Secretary of State's approval (disapplication)"
          : "Within the limit: the Schools Forum can approve",
      ),
      note: `The limit is ${percentText(proposal.limit)} of the base (Rules sheet)`,
    },
    {
      key: "perPupil",
      label: "Average transfer per pupil (£)",
      cell: formulaCell(
        `IF(${pupilsTotalRef}=0,"${Shorthand.notApplicable}",ROUND(${at("amount").ref}/${pupilsTotalRef},2))`,
        totals.pupils === 0 ? Shorthand.notApplicable : roundPenny(proposal.amount / totals.pupils),
        NumFmt.poundsPence,
      ),
      note: "Transfer ÷ pupils in the schools listed",
    },
    {
      key: "maxAbsorbable",
      label: "Most the schools can give above their floors (£)",
      cell: formulaCell(`ROUND(SUM(${table.range("headroom")}),2)`, totals.headroom, NumFmt.pounds),
      note: "The sum of every school's headroom above its MFG/MPPL floor",
    },
    {
      key: "scalingFactor",
      label: "Scaling factor (solved by Forum Papers)",
      cell: numberCell(proposal.scalingFactor, ExtraFmt.percent4, "input"),
      note: proposal.feasible
        ? "Each school gives this share of its allocation, but never goes below its floor; rebuild to re-solve after changing an input"
        : "Infeasible: 100% takes all funding above the floors, which is still less than the transfer",
    },
    {
      key: "feasible",
      label: "Can the schools absorb the transfer?",
      cell: formulaCell(
        `IF(${at("amount").ref}<=${at("maxAbsorbable").ref},"Yes","No: the protections cannot absorb it (see the checks)")`,
        proposal.amount <= totals.headroom ? "Yes" : "No: the protections cannot absorb it (see the checks)",
      ),
    },
  ];
  if (rows.length !== PROPOSAL_KEYS.length || rows.some((row, i) => row.key !== PROPOSAL_KEYS[i]))
    throw new InternalError("Transfer consultation: proposal rows out of order");
  return writeKeyValues(sheet, rows, start);
}

/** The rounding block: the reductions' total and what rounding each to the penny leaves. */
function writeRounding(
  sheet: SheetBuilder,
  totals: SchoolTotals,
  table: TableLayout,
  proposal: Record<string, CellAt>,
): Record<string, CellAt> {
  writeHeading(sheet, "Rounding (each school's reduction is rounded to the penny)");
  return writeKeyValues(sheet, [
    {
      key: "reductions",
      label: "Total of the schools' reductions (£)",
      cell: formulaCell(table.total("reduction").ref, totals.reduction, NumFmt.poundsPence),
    },
    {
      key: "difference",
      label: "Rounding difference: transfer less total reductions (£)",
      cell: formulaCell(
        `ROUND(${proposal.amount.ref}-${table.total("reduction").ref},2)`,
        totals.roundingDifference,
        NumFmt.poundsPence,
      ),
      note: "A few pence either way is rounding; the engine itself spreads these pennies so its reductions add up exactly",
    },
  ]);
}

/** The summary by phase: counts and sums of the school table's rows by exact phase name. */
function writePhaseSummary(
  sheet: SheetBuilder,
  phases: readonly PhaseRow[],
  totals: SchoolTotals,
  table: TableLayout,
): TableLayout {
  const schoolCount = totals.schools;
  const protectedCount = totals.protectedCount;
  writeHeading(sheet, "Summary by phase");
  // Rows by phase: exact text (criteria.ts), so a phase such as "Primary*" counts only itself.
  const samePhase = (row: { ref(key: string): string }) => ({
    range: table.range("phase"),
    equals: row.ref("phase"),
  });
  // The phase's schools with one status in the school table, and the count over the phases.
  const statusCount = (
    key: string,
    header: string,
    status: string,
    count: (p: PhaseRow) => number,
    totalCount: number,
  ): Column<PhaseRow> => ({
    key,
    header,
    cell: (p, x) =>
      formulaCell(
        countWhere(samePhase(x), { range: table.range("status"), equals: `"${status}"` }),
        count(p),
        NumFmt.count,
      ),
    total: (t) => formulaCell(`SUM(${t.range(key)})`, totalCount, NumFmt.count),
  });
  // The change per pupil on a row (a phase's, or the totals'): its reduction over its pupils, negative.
  const perPupil = (ref: (key: string) => string, pupils: number, reduction: number) =>
    formulaCell(
      `IF(${ref("pupils")}=0,"${Shorthand.notApplicable}",ROUND(-${ref("reduction")}/${ref("pupils")},2))`,
      pupils === 0 ? Shorthand.notApplicable : roundPenny(-reduction / pupils),
      NumFmt.pounds,
    );
  // The phase's sum of a money column of the school table, and the sum over the phases.
  const phaseMoney = (key: "allocation" | "reduction", header: string): Column<PhaseRow> => ({
    key,
    header,
    cell: (p, x) =>
      formulaCell(`ROUND(${sumWhere(table.range(key), samePhase(x))},2)`, p[key], NumFmt.pounds),
    total: (t) =>
      sumCell(
        t.range(key),
        phases.map((p) => p[key]),
      ),
  });
  return layTable(sheet, {
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
        cell: (p: PhaseRow, x) => formulaCell(countWhere(samePhase(x)), p.schools, NumFmt.count),
        total: (t) => formulaCell(`SUM(${t.range("schools")})`, schoolCount, NumFmt.count),
      },
      statusCount(
        "protected",
        "Protected by their floor",
        PROTECTED,
        (p) => p.protectedCount,
        protectedCount,
      ),
      statusCount(
        "contributing",
        "Contributing",
        CONTRIBUTING,
        (p) => p.schools - p.protectedCount,
        schoolCount - protectedCount,
      ),
      {
        key: "pupils",
        header: "Pupils",
        cell: (p: PhaseRow, x) =>
          formulaCell(`ROUND(${sumWhere(table.range("pupils"), samePhase(x))},2)`, p.pupils, NumFmt.decimal1),
        total: (t) =>
          formulaCell(
            `ROUND(SUM(${t.range("pupils")}),2)`,
            roundPenny(phases.reduce((sum, p) => sum + p.pupils, 0)),
            NumFmt.decimal1,
          ),
      },
      phaseMoney("allocation", "Allocation before transfer (£)"),
      phaseMoney("reduction", "Reduction (£)"),
      {
        key: "perPupil",
        header: "Average change per pupil (£)",
        cell: (p: PhaseRow, x) => perPupil((key) => x.ref(key), p.pupils, p.reduction),
        total: (t) =>
          perPupil(
            (key) => t.ref(key),
            roundPenny(phases.reduce((sum, p) => sum + p.pupils, 0)),
            total(phases.map((p) => p.reduction)),
          ),
      },
    ],
    rows: phases,
    totals: true,
  });
}

/** The notes: how the transfer and reductions are worked out, the limit, the protections. */
function transferNotes(proposal: Proposal): string[] {
  const notes = [
    `The transfer is (Schools Block before recoupment − amount excluded) × percentage, rounded to the penny (domain.md §2.2). The base used here is ${proposal.isEstimate ? `an estimate ${Shorthand.estimate}` : "the final allocation"}.`,
    `Up to ${percentText(proposal.limit)} of the Schools Block can move to another block if the Schools Forum agrees. A larger transfer, or any transfer the Forum does not agree, needs the Secretary of State's approval: the council applies for a disapplication, usually by mid-November for the following year. A transfer applies to one year only.`,
    "Each school keeps at least its protected floor (its minimum funding guarantee or minimum per-pupil level). Schools on their floor give nothing, so the scaling factor is larger than the transfer's share of all allocations. Spreading the transfer to protected schools would need its own disapplication of the MFG and/or MPPL.",
    "Reduction = the smaller of (scaling factor × allocation) and the school's headroom above its floor, rounded to the penny. Change per pupil and change (%) are after − before, so a reduction shows as a negative.",
    "All figures are illustrative: they use the allocations and floors in the council's workbook, and the final figures depend on the DSG settlement and the final local formula.",
    "All maintained schools and academies must be consulted before the Schools Forum decides.",
  ];
  if (proposal.infeasibleMessage)
    notes.unshift(`The transfer cannot be absorbed. ${proposal.infeasibleMessage}`);
  return notes;
}

/** The checks: feasibility, rounding, the phase summary, and the workbook's own total rows. */
function transferChecks(
  ctx: PaperContext,
  proposal: Proposal,
  totals: SchoolTotals,
  phases: readonly PhaseRow[],
  cells: TransferCells,
): { checks: CheckInput[]; usedTotals: TotalCheck[] } {
  const checks: CheckInput[] = [
    {
      description: "The transfer can be absorbed above the schools' protected floors",
      value: formulaCell(cells.proposal.amount.ref, proposal.amount, NumFmt.poundsPence),
      expected: formulaCell(cells.proposal.maxAbsorbable.ref, totals.headroom, NumFmt.poundsPence),
      test: "atMost",
      howToFix:
        proposal.infeasibleMessage ??
        `If it fails: lower the transfer to at most the schools' headroom above their floors, or disapply the MFG/MPPL so protected schools also contribute.`,
    },
    {
      description: "The schools' reductions add up to the transfer to within a penny a school",
      value: formulaCell(
        `ABS(${cells.rounding.difference.ref})`,
        Math.abs(totals.roundingDifference),
        NumFmt.poundsPence,
      ),
      expected: formulaCell(
        `ROUND(${cells.byPhase.total("schools").ref}*${ALLOWANCE_REF},2)`,
        roundPenny(totals.schools * ALLOWANCE),
        NumFmt.poundsPence,
      ),
      test: "atMost",
      howToFix: proposal.feasible
        ? "The scaling factor has been changed by hand: rebuild the papers to re-solve it."
        : "The transfer cannot be absorbed (see the check above); the reductions shown are the most the schools can give.",
    },
    {
      description: "The summary by phase adds up to the school table",
      value: formulaCell(
        cells.byPhase.total("reduction").ref,
        total(phases.map((p) => p.reduction)),
        NumFmt.pounds,
      ),
      expected: formulaCell(cells.table.total("reduction").ref, totals.reduction, NumFmt.pounds),
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
    const statedTotal = stated.get(field);
    if (!statedTotal) continue;
    usedTotals.push(statedTotal);
    checks.push(statedTotalCheck(what, cells.table.total(key).ref, value, statedTotal));
  }
  const skipped = skippedRowsCheck(ctx, "schools");
  if (skipped) checks.push(skipped);
  return { checks, usedTotals };
}

/** Schools grouped by phase as the summary's formulas match it (criteria.ts nameKey), in order of first appearance. */
function groupPhases(rows: readonly SchoolRow[]): PhaseRow[] {
  const groups = new Map<string, { phase: string; rows: SchoolRow[] }>();
  for (const row of rows) {
    const key = nameKey(row.school.phase);
    const group = groups.get(key);
    if (group) group.rows.push(row);
    else groups.set(key, { phase: row.school.phase.trim(), rows: [row] });
  }
  return [...groups.values()].map((g) => ({
    phase: g.phase,
    schools: g.rows.length,
    protectedCount: g.rows.filter((r) => r.status === PROTECTED).length,
    pupils: roundPenny(g.rows.reduce((sum, r) => sum + r.school.pupils, 0)),
    allocation: total(g.rows.map((r) => r.school.allocation)),
    reduction: total(g.rows.map((r) => r.reduction)),
  }));
}
