/**
 * What a paper builder is given and what it returns: the build options, the context build.ts
 * resolves once for every paper, and the built paper. The house style itself (cells, the sheet
 * builder, blocks, tables, checks, texts) is in its own modules beside this one.
 */

import type { Serial } from "../core/dates";
import type { Notice } from "../core/notice";
import type { Datasets, TotalCheck } from "../sources/datasets";
import type { PlacedCheck } from "./checks";
import type { PreviousFigures } from "./movements";
import type { CellAt } from "./sheet-builder";
import type { PaperId, Purpose } from "./registry";
import type { ResolvedRules } from "./rules";
import type { SheetSpec } from "./spec";

// The paper registry (ids, names, default purposes, datasets needed) is registry.ts; the pane
// reads it from here with the options.
export { PAPERS, PAPER_IDS, type PaperId, type PaperMeta, type Purpose } from "./registry";

/** Whether the pack is a draft or the final version sent to the Forum (shown on every title block). */
export type PaperStatus = "draft" | "final";

/** Options for {@link buildPapers} (build.ts). Every field is optional. */
export interface PaperOptions {
  /** Which papers to build; default: every paper whose datasets are present. */
  readonly papers?: readonly PaperId[];
  /** The Forum meeting date (Excel serial). */
  readonly meetingDate?: Serial;
  /** The meeting, e.g. "Schools Forum". */
  readonly meetingName?: string;
  readonly author?: string;
  /** Purpose per paper; defaults: transfer and banding "consultation", the rest "information". */
  readonly purpose?: Partial<Record<PaperId, Purpose>>;
  /** Default "draft". */
  readonly status?: PaperStatus;
  /** The pack's reference, e.g. "SF/2026/01"; each paper gets "SF/2026/01 item 3". */
  readonly paperRef?: string;
  /** The transfer percentage as a fraction (0.005 is 0.5%); overrides the workbook's assumptions. */
  readonly transferPercent?: number;
  /** What the proposed bands may cost a year (£), for the banding review's cost neutrality; default: the current cost. */
  readonly bandingBudget?: number;
  /** Show counts of 1–4 as [c] with secondary suppression. Default true. */
  readonly suppressSmallNumbers?: boolean;
  /** The council's name; default: the workbook's assumptions, else "the council". */
  readonly council?: string;
  /** A scenario for the deficit plan's trajectory; default: the plan as written. */
  readonly deficitScenario?: DeficitScenario;
  /** The last meeting's key figures: each paper then gets a movement table (movements.ts). */
  readonly previous?: PreviousFigures;
  /** When the papers are built (Excel serial with the time), for the Snapshot sheet; default "[x]". */
  readonly builtAt?: number;
}

/**
 * A "what if" on the deficit plan (its trajectory inputs). Out-of-range values give a build
 * warning and the default.
 */
export interface DeficitScenario {
  /** Share of the plan's savings delivered in the mitigated series, a fraction 0–1. Default 1 (100%). */
  readonly savingsDelivered?: number;
  /**
   * Extra expenditure growth a year on top of the plan's expenditure, both series, a fraction
   * −0.5 to 0.5 (0.02 is 2%). Year t's expenditure is the plan's × (1 + pressure)^(t−1). Default 0.
   */
  readonly expenditurePressure?: number;
}

/** Everything a paper builder needs, resolved once by build.ts. */
export interface PaperContext {
  readonly datasets: Datasets;
  readonly council: string;
  readonly meetingName?: string;
  readonly meetingDate?: Serial;
  readonly author?: string;
  readonly status: PaperStatus;
  readonly paperRef?: string;
  /** The data "as at" date: the workbook's, else the meeting date. */
  readonly asAt?: Serial;
  /** The financial year the figures are for, e.g. "2025-26", where known. */
  readonly financialYear?: string;
  readonly suppress: boolean;
  readonly transferPercent?: number;
  /** The banding review's budget for the proposed bands (£), as the options gave it. */
  readonly bandingBudget?: number;
  /** The deficit plan's scenario as the options gave it (checked by the deficit plan). */
  readonly deficitScenario?: DeficitScenario;
  readonly rules: ResolvedRules;
  purposeOf(id: PaperId): Purpose;
  /** The item number of a paper in the pack (1-based), for its reference. */
  itemOf(id: PaperId): number;
  /**
   * True the first time it is asked about a key, false after: a check that several papers could
   * carry (rows of the placements register the reader skipped; the hourly rate) goes on the first.
   */
  firstUse(key: string): boolean;
}

/** What a paper builder returns. */
export interface PaperBuild {
  readonly id: PaperId;
  readonly sheet: SheetSpec;
  /** The paper's main Table (its SPEC name). */
  readonly table: string;
  /** Data rows in the main table. */
  readonly rows: number;
  /** The figures a pane or a covering report quotes. */
  readonly headline: Record<string, number | string>;
  readonly checks: PlacedCheck[];
  /** What the user should know about this paper, each notice with the paper's id. */
  readonly warnings: PaperNotice[];
  /** Source total rows (datasets.totals) this paper reconciled, so build.ts does not check them twice. */
  readonly usedTotals: readonly TotalCheck[];
  /** A decision or consultation paper's recommendation sentence cell (recommendation.ts), for the cover. */
  readonly recommendation?: CellAt & { readonly value: string };
}

// What earlier papers in a build hand on to later ones, to reference their cells: the DSG
// summary reconciles with the monitoring, and the deficit plan with both.

/** The monitoring paper, with its totals cells for the DSG summary and the deficit plan. */
export interface MonitoringBuild extends PaperBuild {
  readonly totals: {
    readonly budget: CellAt & { readonly value: number };
    readonly forecast: CellAt & { readonly value: number };
  };
}

/** The DSG summary, with the High Needs row's cells for the deficit plan's checks. */
export interface DsgBuild extends PaperBuild {
  readonly highNeeds?: {
    readonly allocation: CellAt & { readonly value: number };
    readonly label: string;
  };
  readonly reserveCarriedForward: CellAt & { readonly value: number };
}

/**
 * The codes of the notices a build gives (Notice.code), one per thing a user should know; the
 * command line, the pane and the tests act on the code, never on the wording.
 */
export type PaperNoticeCode =
  /** The workbook gives no "as at" date: the meeting date is used. */
  | "no-as-at-date"
  /** No as-at date at all: placements with no end date count as open. */
  | "placements-open-undated"
  /** A paper asked for (or the data allows) lacks a dataset it needs. */
  | "paper-missing-data"
  /** A paper had its datasets but could not be built from them (the message says why). */
  | "paper-not-built"
  /** The current band table could not be read as a costing rule. */
  | "band-table-warning"
  /** A deficit scenario value out of range: its default is used. */
  | "scenario-out-of-range"
  /** No opening DSG balance in the assumptions: £0 is shown as an input. */
  | "no-opening-balance"
  /** No DSG reserve brought forward in the assumptions: £0 is shown as an input. */
  | "no-reserve-brought-forward"
  /** No High Needs Block row among the DSG blocks: no reconciliation with the monitoring. */
  | "no-high-needs-block"
  /** The monitoring's stated total differs from its lines: an "Other / unitemised" line is shown. */
  | "stated-total-differs"
  /** No Schools Block before recoupment given: the schools' allocations are added up instead. */
  | "schools-block-estimated"
  /** No transfer percentage given: the limit is modelled. */
  | "no-transfer-percent"
  /** The transfer cannot be met above the schools' floors. */
  | "transfer-infeasible"
  /** A formula gives another value than its builder put in the cell (evaluate.ts): a bug of ours. */
  | "formula-disagrees"
  /** A formula the build's evaluator cannot evaluate, so its value went unchecked (evaluate.ts). */
  | "formula-unsupported"
  /** Formulas that read each other in a circle (evaluate.ts). */
  | "formula-circular";

/** A notice from a build (core/notice.ts) with one of the {@link PaperNoticeCode} codes. */
export type PaperNotice = Notice<PaperNoticeCode>;
