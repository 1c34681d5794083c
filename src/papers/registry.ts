/**
 * The paper registry: one row per paper saying what it is called (sheet, SPEC table name, title,
 * what the sheet holds), what the Forum does with it by default, and the datasets it needs. Every
 * layer reads it: the builders their names, build.ts which papers it can build (and why not), the
 * command line its usage text and reports, the pane its choices.
 *
 * {@link PaperId} is the registry's keys, so a new row is a new id everywhere: build.ts's table of
 * builders (`BUILDERS`) must then name its builder or the code does not compile.
 *
 * Why the builder is not a column here: every builder reads its own row (`PAPERS["dsg-summary"]`),
 * so this module may not import the builders (import/no-cycle); build.ts, which sits above both,
 * pairs each row with its builder.
 */

import type { DatasetId, Datasets } from "../sources/datasets";

/** Why the Forum sees a paper (the cover field of the 2005 model format, domain.md §5.1). */
export type Purpose = "decision" | "consultation" | "information";

/** A row of the registry, before its id is put in (the id is the row's key). */
interface PaperRow {
  /** Worksheet name: descriptive, at most 31 characters. */
  readonly sheet: string;
  /** The Excel Table name the SPEC fixes for this paper. */
  readonly table: string;
  /** Title in A1 (the financial year is appended where known). */
  readonly title: string;
  /** A2: what the sheet holds. */
  readonly subtitle: string;
  /** Default purpose when the options do not say. */
  readonly purpose: Purpose;
  /** Prefix of the paper's check IDs: MON-1, MON-2, … */
  readonly checkPrefix: string;
  /** The datasets the paper is built from: each must have at least one row read from the workbook. */
  readonly needs: readonly TableDatasetId[];
}

/** The datasets that are tables of rows (the assumptions are single values, never a paper's need). */
export type TableDatasetId = Exclude<DatasetId, "assumptions">;

/** The registry, in the order the papers' sheets appear. */
const ROWS = {
  "hnb-monitoring": {
    sheet: "HNB monitoring",
    table: "HNBMonitoring",
    title: "High Needs Block budget monitoring",
    subtitle:
      "This sheet holds the High Needs Block budget and forecast outturn by line, the variances and movements since the last report, and checks against the source workbook.",
    purpose: "information",
    checkPrefix: "MON",
    needs: ["budgetLines"],
  },
  "dsg-summary": {
    sheet: "DSG summary",
    table: "DSGSummary",
    title: "Dedicated Schools Grant summary",
    subtitle:
      "This sheet holds the DSG allocation, transfers, budget and forecast for each of the four blocks, and the DSG reserve brought forward, in-year and carried forward.",
    purpose: "information",
    checkPrefix: "DSG",
    needs: ["dsgBlocks"],
  },
  "deficit-plan": {
    sheet: "Deficit plan",
    table: "DeficitPlan",
    title: "DSG deficit management plan",
    subtitle:
      "This sheet holds the deficit trajectory year by year, unmitigated (no savings) and mitigated (with the plan's savings) side by side, with a chart of both cumulative balances.",
    purpose: "information",
    checkPrefix: "DEF",
    needs: ["deficitPlan"],
  },
  "transfer-impact": {
    sheet: "Transfer consultation",
    table: "TransferImpact",
    title: "Schools Block to High Needs Block transfer: impact on schools",
    subtitle:
      "This sheet holds the proposed Schools Block transfer, its effect on each school's budget share with protections applied, and a summary by phase.",
    purpose: "consultation",
    checkPrefix: "TRF",
    needs: ["schools"],
  },
  "banding-review": {
    sheet: "Banding review",
    table: "BandingReview",
    title: "Banding review: winners and losers",
    subtitle:
      "This sheet holds each open top-up placement (anonymised) costed on the current hours-based bands and on the proposed bands, the difference, and summaries by setting and by school.",
    purpose: "consultation",
    checkPrefix: "BND",
    needs: ["placements", "proposedBands"],
  },
  "placement-summary": {
    sheet: "Placement summary",
    table: "PlacementSummary",
    title: "Top-up placements summary",
    subtitle:
      "This sheet holds the number of open top-up placements and their annual cost on the current basis, by setting and band, with small numbers suppressed.",
    purpose: "information",
    checkPrefix: "PLC",
    needs: ["placements"],
  },
} as const satisfies Readonly<Record<string, PaperRow>>;

/** The papers Forum Papers builds: the registry's keys. */
export type PaperId = keyof typeof ROWS;

/** What each paper is called, where it goes, what the Forum does with it by default, what it needs. */
export interface PaperMeta extends PaperRow {
  readonly id: PaperId;
}

/** Every paper, in sheet order (the registry's order). */
export const PAPER_IDS = Object.keys(ROWS) as readonly PaperId[];

/** The registry: every paper's row, by id, with its id. */
export const PAPERS: { readonly [Id in PaperId]: PaperMeta & { readonly id: Id } } = withIds(ROWS);

/** Each row with its key as its `id`, so a row cannot carry another paper's id. */
function withIds<Rows extends Readonly<Record<string, PaperRow>>>(
  rows: Rows,
): { readonly [Id in keyof Rows]: Rows[Id] & { readonly id: Id } } {
  const entries = Object.keys(rows).map((id) => [id, { ...rows[id], id }]);
  // Object.fromEntries gives a string-keyed record; the keys are exactly Rows' keys.
  return Object.fromEntries(entries) as unknown as {
    readonly [Id in keyof Rows]: Rows[Id] & { readonly id: Id };
  };
}

/** True for a string that is one of the papers' ids ("hnb-monitoring"). */
export function isPaperId(text: string): text is PaperId {
  return Object.prototype.hasOwnProperty.call(ROWS, text);
}

/**
 * The rows read from the workbook for one table dataset (0 when it was not found).
 *
 * @example datasetRows({ ...datasets, proposedBands: { settings: [], rows: [a, b] } }, "proposedBands") // 2
 */
export function datasetRows(datasets: Datasets, id: TableDatasetId): number {
  if (id === "proposedBands") return datasets.proposedBands?.rows.length ?? 0;
  return datasets[id]?.length ?? 0;
}

/** The datasets a paper needs that the workbook has no rows of (empty when it can be built). */
export function missingDatasets(id: PaperId, datasets: Datasets): TableDatasetId[] {
  return PAPERS[id].needs.filter((dataset) => datasetRows(datasets, dataset) === 0);
}
