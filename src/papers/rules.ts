/**
 * The dated rules and parameters the papers use (FAST: no constants inside formulas; a dated rules
 * table holds them, each with its source). Each rule is a row of the Rules sheet; its Value cell is
 * an input that paper formulas reference absolutely ('Rules'!$B$5), so changing a value on the
 * Rules sheet recalculates every paper that uses it.
 *
 * Values and sources come from domain.md; the evidence tag says how firm each is:
 *   [S] stated in a source that was read (URL given);
 *   [K] background knowledge, not confirmed in the research corpus: check the DfE guide for the year.
 * A council's own workbook can override the local parameters (weeks per year, the mainstream
 * threshold, the hourly rate) through its assumptions table; the Rules sheet then says so.
 *
 * This module holds data and cell positions only; front.ts lays the Rules sheet out.
 */

import { InternalError } from "../core/errors";
import { DEFAULT_PUPIL_WEEKS } from "../core/banding";
import type { AssumptionKey, Assumptions, SourceRef } from "../sources/datasets";
import { NumFmt, a1, quoteSheet } from "./spec";

/** The rules the papers read, by a typed key (not a label copied between files). */
export type RuleKey =
  | "transferLimit"
  | "mainstreamThreshold"
  | "weeksPerYear"
  | "hourlyRate"
  | "mfgLowest"
  | "mfgHighest"
  | "placeSpecial"
  | "placeResourced"
  | "hnsgShare"
  | "ehcpGrowthSpread"
  | "costInflationSpread";

/** One dated rule or parameter, with its source. */
export interface RuleDef {
  readonly key: RuleKey;
  /** What the rule is, in plain words. */
  readonly label: string;
  /** The national (or example) value. */
  readonly value: number;
  readonly numFmt: string;
  /** Unit in words: "fraction of the Schools Block", "£ a pupil a year", "weeks". */
  readonly unit: string;
  /** The year(s) the value applies to. */
  readonly appliesTo: string;
  /** Where the value comes from: publisher and URL. */
  readonly source: string;
  /** The source's date (dd/mm/yyyy) or what is known of it. */
  readonly sourceDate: string;
  /** [S] or [K] and what that means for this rule. */
  readonly evidence: string;
  /** Which papers use it. */
  readonly usedBy: string;
  /** The workbook assumption that overrides it, if the council sets its own. */
  readonly override?: AssumptionKey;
}

/** The rules, in the order of the Rules sheet. */
export const RULES: readonly RuleDef[] = [
  {
    key: "transferLimit",
    label:
      "Schools Block transfer the Schools Forum can approve (a larger transfer, or any transfer the Forum refuses, needs the Secretary of State)",
    value: 0.005,
    numFmt: NumFmt.percent,
    unit: "fraction of the Schools Block before recoupment",
    appliesTo: "Each year (2025-26 and 2026-27 checked)",
    source:
      "Cornwall Council consultation https://letstalk.cornwall.gov.uk/schools-block-transfer-schools-consultation ; Devon decision https://dagdevon.uk/2025/03/04/the-0-5-block-transfer-decision-made",
    sourceDate: "04/03/2025",
    evidence: "[S] stated in sources read (domain.md §2.1)",
    usedBy: "Transfer consultation",
  },
  {
    key: "mainstreamThreshold",
    label:
      "Mainstream element 2 threshold: the additional support a mainstream school meets from its notional SEN budget before top-up",
    value: 6000,
    numFmt: NumFmt.pounds,
    unit: "£ a pupil a year",
    appliesTo: "Mainstream schools and academies, each year",
    source:
      "Kent County Council (citing SEN Code of Practice 6.99) https://www.kelsi.org.uk/special-education-needs/special-educational-needs/high-needs-funding-for-schools",
    sourceDate: "Undated page, read spring 2026",
    evidence: "[S] stated in sources read (domain.md §3.1)",
    usedBy: "Banding review; Placement summary",
    override: "mainstreamThreshold",
  },
  {
    key: "weeksPerYear",
    label: "Weeks a year an hours-based top-up is paid for",
    value: DEFAULT_PUPIL_WEEKS,
    numFmt: NumFmt.count,
    unit: "weeks",
    appliesTo: `Each year; ${DEFAULT_PUPIL_WEEKS} pupil weeks, some councils use 39`,
    source: "SENCo Forum example of LA costings over 38 weeks https://www.sencoforum.com/forums/reply/23986/",
    sourceDate: "Undated post, read spring 2026",
    evidence: "[S] 38 weeks stated; 38 or 39 is a local choice (domain.md §3.3, §7 item 5)",
    usedBy: "Banding review; Placement summary",
    override: "weeksPerYear",
  },
  {
    key: "hourlyRate",
    label: "Hourly rate of support for hours-based top-ups (an example: use the council's own rate)",
    value: 13.04,
    numFmt: NumFmt.poundsPence,
    unit: "£ an hour",
    appliesTo: "Oxfordshire's published rate, shown only as an example",
    source:
      "Oxfordshire County Council https://schools.oxfordshire.gov.uk/schools-finance/budgets/budget-and-financial-planning",
    sourceDate: "Undated page, read spring 2026",
    evidence: "[S] Oxfordshire's rate; every council sets its own (domain.md §3.3)",
    usedBy: "Banding review; Placement summary",
    override: "hourlyRate",
  },
  {
    key: "mfgLowest",
    label: "Minimum funding guarantee: lowest level allowed (per pupil, against the baseline)",
    value: -0.005,
    numFmt: NumFmt.percent,
    unit: "fraction per pupil",
    appliesTo: "2025-26 (0.0% for special schools)",
    source: "Bracknell Forest Schools Forum https://democratic.bracknell-forest.gov.uk/mgAi.aspx?ID=119432",
    sourceDate: "2025-26 budget setting (read spring 2026)",
    evidence: "[S] stated in sources read (domain.md §2.3); 2026-27 range not published when researched [K]",
    usedBy: "Transfer consultation (schools' floors come from the council's formula)",
  },
  {
    key: "mfgHighest",
    label: "Minimum funding guarantee: highest level allowed (per pupil, against the baseline)",
    value: 0,
    numFmt: NumFmt.percent,
    unit: "fraction per pupil",
    appliesTo: "2025-26",
    source: "Wiltshire Council Schools Forum https://cms.wiltshire.gov.uk/mgAi.aspx?ID=121121",
    sourceDate: "2025-26 budget setting (read spring 2026)",
    evidence: "[S] stated in sources read (domain.md §2.3)",
    usedBy: "Transfer consultation (schools' floors come from the council's formula)",
  },
  {
    key: "placeSpecial",
    label: "Place funding a place in special schools, special academies and AP",
    value: 10000,
    numFmt: NumFmt.pounds,
    unit: "£ a place a year",
    appliesTo: "Each year",
    source:
      "Dorset Council https://www.dorsetcouncil.gov.uk/w/funding-for-send-in-schools-and-educational-settings",
    sourceDate: "Undated page, read spring 2026",
    evidence: "[S] stated in sources read (domain.md §3.2)",
    usedBy: "Reference (top-ups on the papers are on top of place funding)",
  },
  {
    key: "placeResourced",
    label: "Place funding a place in mainstream resourced provision or SEN units",
    value: 6000,
    numFmt: NumFmt.pounds,
    unit: "£ a place a year",
    appliesTo: "Each year",
    source:
      "Dorset Council https://www.dorsetcouncil.gov.uk/w/funding-for-send-in-schools-and-educational-settings",
    sourceDate: "Undated page, read spring 2026",
    evidence: "[S] stated in sources read (domain.md §3.2)",
    usedBy: "Reference (top-ups on the papers are on top of place funding)",
  },
  {
    key: "hnsgShare",
    label:
      "High Needs Stability Grant: share of the eligible high-needs deficit at 31 March 2026 the government will fund",
    value: 0.9,
    numFmt: NumFmt.percent,
    unit: "fraction of the eligible deficit",
    appliesTo: "One-off, paid autumn 2026 (2026-27), conditional on an approved SEND reform plan",
    source:
      "DfE explanatory note on DSG deficits https://www.gov.uk/government/publications/explanatory-note-on-the-governments-approach-to-dedicated-schools-grant-deficits/explanatory-note-on-the-governments-approach-dedicated-schools-grant-deficits",
    sourceDate: "09/02/2026",
    evidence: "[S] stated in sources read (domain.md §4.1)",
    usedBy: "Deficit plan (write-offs)",
  },
  // The two spreads are held as fractions (2.0% is 2 percentage points): paper formulas may hold no
  // constant, so a value in points would need a "/100" in every formula that shifts a rate.
  {
    key: "ehcpGrowthSpread",
    label:
      "EHCP growth spread (points): the deficit plan's low and high cases take EHCP growth this many percentage points below and above the plan's",
    value: 0.02,
    numFmt: NumFmt.percent,
    unit: "percentage points a year (2.0% is 2 points)",
    appliesTo: "Each year of the plan after the first",
    source:
      "DfE Education, health and care plans statistics https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans : England +10.8% (Jan 2025), +11.5% the year before, +10% in 2020 and 2022; local rates from 5% to 11%",
    sourceDate: "Jan 2025 statistics, published June 2025 (read spring 2026)",
    evidence:
      "[K] a judgement: the spread of recent national and local EHCP growth around the plan's rate (domain.md §4.5); set the council's own",
    usedBy: "Deficit plan (sensitivity)",
  },
  {
    key: "costInflationSpread",
    label:
      "Cost inflation spread (points): the deficit plan's low and high cases take cost inflation this many percentage points below and above the plan's",
    value: 0.01,
    numFmt: NumFmt.percent,
    unit: "percentage points a year (1.0% is 1 point)",
    appliesTo: "Each year of the plan after the first",
    source:
      "Parliamentary answer on independent special school spend per EHCP pupil https://www.parallelparliament.co.uk/question/100030/schools-special-educational-needs : £54k (2020-21) to £64k (2024-25), yearly rises from about 1.6% to 8.8%",
    sourceDate: "2024-25 figures (read spring 2026)",
    evidence:
      "[K] a judgement: the spread of recent yearly rises in cost per placement (domain.md §4.5); set the council's own",
    usedBy: "Deficit plan (sensitivity)",
  },
];

/** Name of the Rules sheet, whose Value column paper formulas reference. */
export const RULES_SHEET = "Rules";
/** Zero-based header row of the rules table; rule i is on row RULES_HEADER_ROW + 1 + i. */
export const RULES_HEADER_ROW = 3;
/** Zero-based column of the Value cells. */
export const RULES_VALUE_COL = 1;

/** A rule with the value the papers use (the workbook's where it gives one). */
export interface ResolvedRule extends RuleDef {
  /** True when the council's workbook set the value. */
  readonly fromWorkbook: boolean;
  /** Where in the workbook, when it did. */
  readonly workbookSource?: SourceRef;
  /** Zero-based row of the rule on the Rules sheet. */
  readonly row: number;
}

/** The rules the papers use, with the references formulas use to read them. */
export interface ResolvedRules {
  readonly list: readonly ResolvedRule[];
  get(key: RuleKey): ResolvedRule;
  /** The value to use. */
  value(key: RuleKey): number;
  /** Absolute, sheet-qualified reference of the rule's Value cell: 'Rules'!$B$6. */
  ref(key: RuleKey): string;
}

/**
 * The rules with the workbook's own values where its assumptions table gives them.
 *
 * @param assumptions The workbook's assumptions (datasets.assumptions).
 * @example resolveRules({ weeksPerYear: 39, sources: {} }).value("weeksPerYear") // 39
 */
export function resolveRules(assumptions: Assumptions): ResolvedRules {
  const list: ResolvedRule[] = RULES.map((rule, i) => {
    const given = rule.override ? assumptions[rule.override] : undefined;
    const row = RULES_HEADER_ROW + 1 + i;
    if (typeof given === "number" && Number.isFinite(given)) {
      const source = rule.override ? assumptions.sources[rule.override] : undefined;
      return { ...rule, value: given, fromWorkbook: true, workbookSource: source, row };
    }
    return { ...rule, fromWorkbook: false, row };
  });
  const byKey = new Map(list.map((r) => [r.key, r]));
  const get = (key: RuleKey): ResolvedRule => {
    const rule = byKey.get(key);
    if (!rule) throw new InternalError(`Unknown rule ${key}`);
    return rule;
  };
  return {
    list,
    get,
    value: (key) => get(key).value,
    ref: (key) => `${quoteSheet(RULES_SHEET)}!${a1(get(key).row, RULES_VALUE_COL, true)}`,
  };
}
