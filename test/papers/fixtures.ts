/**
 * Small, hand-checkable datasets for the papers tests: a consistent council (every check passes)
 * and helpers to vary it. Figures are chosen so the sums can be checked by eye.
 */

import { type Serial, serialFromDate } from "../../src/core/dates";
import type {
  Assumptions,
  BudgetLine,
  Datasets,
  DeficitPlanYear,
  DsgBlockRow,
  Placement,
  ProposedBandTable,
  School,
  SourceRef,
  TotalCheck,
} from "../../src/sources/datasets";

export const date = (y: number, m: number, d: number): Serial => serialFromDate(y, m, d) as Serial;
const at = (sheet: string, row: number): SourceRef => ({ sheet, row });

export const AS_AT = date(2025, 12, 31);
export const MEETING = date(2026, 1, 15);

export const budgetLines: BudgetLine[] = [
  {
    s251: "1.0.2",
    line: "Place funding",
    budget: 1_000_000,
    forecast: 1_000_000,
    lastForecast: 1_000_000,
    source: at("HNB budget", 6),
  },
  {
    line: "Top-up funding: maintained schools",
    budget: 2_500_000,
    forecast: 2_650_000.5,
    lastForecast: 2_600_000,
    source: at("HNB budget", 7),
  },
  {
    line: "Top-up funding: independent special schools",
    budget: 3_000_000,
    forecast: 3_400_000,
    lastForecast: 3_300_000,
    note: "Two new placements",
    source: at("HNB budget", 8),
  },
  { line: "Hospital education", budget: 200_000, forecast: 190_000, source: at("HNB budget", 9) },
  {
    line: "Mystery line",
    budget: 50_000,
    forecast: 50_000,
    lastForecast: 50_000,
    source: at("HNB budget", 10),
  },
];
/** The workbook's total row says £6,760,000 budget: £10,000 more than its lines (an unitemised line). */
export const budgetTotals: TotalCheck[] = [
  {
    dataset: "budgetLines",
    label: "Total High Needs Block",
    field: "budget",
    stated: 6_760_000,
    computed: 6_750_000,
    source: at("HNB budget", 11),
  },
  {
    dataset: "budgetLines",
    label: "Total High Needs Block",
    field: "forecast",
    stated: 7_290_000.5,
    computed: 7_290_000.5,
    source: at("HNB budget", 11),
  },
];

export const dsgBlocks: DsgBlockRow[] = [
  {
    block: "Schools",
    allocation: 100_000_000,
    transfers: -500_000,
    budget: 99_500_000,
    forecast: 99_400_000,
    lastForecast: 99_450_000,
    source: at("DSG", 4),
  },
  {
    block: "Central School Services",
    allocation: 2_000_000,
    transfers: 0,
    budget: 2_000_000,
    forecast: 1_950_000,
    lastForecast: 1_960_000,
    source: at("DSG", 5),
  },
  {
    block: "Early Years",
    allocation: 20_000_000,
    transfers: 0,
    budget: 20_000_000,
    forecast: 19_800_000,
    source: at("DSG", 6),
  },
  {
    block: "High Needs",
    allocation: 6_500_000,
    transfers: 500_000,
    budget: 6_760_000,
    forecast: 7_290_000.5,
    lastForecast: 7_200_000,
    source: at("DSG", 7),
  },
];

const plan = (year: string, row: number, v: Omit<DeficitPlanYear, "year" | "source">): DeficitPlanYear => ({
  year,
  source: at("Plan", row),
  ...v,
});
export const deficitPlan: DeficitPlanYear[] = [
  plan("2025-26", 5, {
    funding: 6_500_000,
    expenditure: 7_290_000.5,
    savings: 0,
    transfers: 500_000,
    otherIncome: 0,
    writeOffs: 0,
  }),
  plan("2026-27", 6, {
    funding: 6_800_000,
    expenditure: 7_900_000,
    savings: 300_000,
    transfers: 500_000,
    otherIncome: 0,
    writeOffs: 1_000_000,
  }),
  plan("2027-28", 7, {
    funding: 7_000_000,
    expenditure: 8_400_000,
    savings: 700_000,
    transfers: 500_000,
    otherIncome: 100_000,
    writeOffs: 0,
  }),
  plan("2028-29", 8, {
    funding: 7_200_000,
    expenditure: 8_800_000,
    savings: 1_200_000,
    transfers: 0,
    otherIncome: 200_000,
    writeOffs: 0,
  }),
  plan("2029-30", 9, {
    funding: 7_400_000,
    expenditure: 9_100_000,
    savings: 1_900_000,
    transfers: 0,
    otherIncome: 0,
    writeOffs: 0,
  }),
];

const school = (
  name: string,
  urn: string,
  phase: string,
  type: string,
  pupils: number,
  allocation: number,
  floor: number,
  row: number,
): School => ({
  name,
  urn,
  phase,
  type,
  pupils,
  allocation,
  floor,
  source: at("Schools", row),
});
export const schools: School[] = [
  school("Alder Primary", "100001", "Primary", "Maintained", 210, 1_000_000, 990_000, 5),
  school("Birch Primary Academy", "100002", "Primary", "Academy", 420, 1_900_000, 1_900_000, 6),
  school("Cedar Academy", "100003", "Secondary", "Academy", 900, 6_000_000, 5_900_000, 7),
  school("Damson High", "100004", "Secondary", "Maintained", 1100, 7_000_000, 6_990_000, 8),
  school("Elm Infants", "100005", "primary", "Maintained", 95.5, 600_000, 590_000, 9),
  school("Fir All-through", "100006", "All-through", "Academy", 1500, 9_000_000, 8_800_000, 10),
];

let pRow = 4;
const placement = (
  pupilRef: string,
  schoolName: string,
  setting: string,
  currentBand: string,
  proposedBand: string | undefined,
  extra: Partial<Placement> = {},
): Placement => ({
  pupilRef,
  school: schoolName,
  setting,
  currentBand,
  proposedBand,
  start: date(2024, 9, 1),
  source: at("Placements", ++pRow),
  ...extra,
});
/** The placements register; `withProblems` adds two open placements that cannot be costed. */
export function makePlacements(withProblems = false): Placement[] {
  pRow = 4;
  const all = [
    placement("UPN-A1", "Alder Primary", "Mainstream", "Band 2", "B"),
    placement("UPN-A2", "Alder Primary", "Mainstream", "3", "C"),
    placement("UPN-A3", "Alder Primary", "Mainstream", "Band 4", "C"),
    placement("UPN-D1", "Damson High", "Mainstream", "1", "A"),
    placement("UPN-D2", "Damson High", "mainstream", "2", "A"),
    placement("UPN-D3", "Damson High", "Mainstream", "4", "D", { hours: 27.5 }),
    placement("UPN-D4", "Damson High", "Mainstream", "3", "C"),
    placement("UPN-D5", "Damson High", "Mainstream", "3", "B"),
    placement("UPN-S1", "Oak Special School", "Special", "4", "D"),
    placement("UPN-S2", "Oak Special School", "Special", "4", "C"),
    placement("UPN-S3", "Oak Special School", "Special", "3", "C"),
    placement("UPN-S4", "Oak Special School", "Special", "2", "B"),
    placement("UPN-S5", "Oak Special School", "Special", "4", "D"),
    placement("UPN-S6", "Oak Special School", "Special", "1", "A"),
    placement("UPN-R1", "Cedar Academy", "Resourced provision", "3", "C"),
    placement("UPN-R2", "Cedar Academy", "Resourced provision", "2", "B"),
    // Not costed: a proposed band that is not in the table; a setting that is not a column.
    placement("UPN-X1", "Cedar Academy", "Resourced provision", "2", "E"),
    placement("UPN-X2", "Hill Hospital School", "Hospital", "2", "B"),
    // Not open at 31/12/2025: ended in July 2025; starts in 2026.
    placement("UPN-C1", "Alder Primary", "Mainstream", "2", "B", { end: date(2025, 7, 20) }),
    placement("UPN-F1", "Alder Primary", "Mainstream", "2", "B", { start: date(2026, 2, 1) }),
  ];
  return withProblems ? all : all.filter((p) => !p.pupilRef.startsWith("UPN-X"));
}

export const currentBands = [
  { band: "1", hours: 10, source: at("Bands", 3) },
  { band: "2", hours: 15, source: at("Bands", 4) },
  { band: "3", hours: 20, source: at("Bands", 5) },
  { band: "4", hours: 25, source: at("Bands", 6) },
];

export const proposedBands: ProposedBandTable = {
  settings: ["Mainstream", "Special", "Resourced provision"],
  rows: [
    { band: "A", values: [1_500, 8_000, 4_000], source: at("New bands", 3) },
    { band: "B", values: [3_200, 9_500, 6_000], source: at("New bands", 4) },
    { band: "C", values: [5_800, 11_000, 8_500], source: at("New bands", 5) },
    { band: "D", values: [9_000.5, 13_500, 11_000], source: at("New bands", 6) },
  ],
};

export const assumptions: Assumptions = {
  schoolsBlock: 26_000_000,
  schoolsBlockIsEstimate: false,
  transferExcluded: 0,
  transferPercent: 0.005,
  openingBalance: -2_000_000,
  hourlyRate: 14.95,
  asAt: AS_AT,
  financialYear: "2025-26",
  council: "Exampleshire County Council",
  sources: {
    schoolsBlock: at("Assumptions", 3),
    transferPercent: at("Assumptions", 4),
    openingBalance: at("Assumptions", 5),
    hourlyRate: at("Assumptions", 6),
    asAt: at("Assumptions", 7),
  },
};

/** The consistent council: every dataset present, every check passes. */
export function fullDatasets(overrides: Partial<Datasets> = {}): Datasets {
  return {
    source: "exampleshire.xlsx",
    budgetLines,
    dsgBlocks,
    placements: makePlacements(),
    currentBands,
    proposedBands,
    schools,
    deficitPlan,
    assumptions,
    mappings: [],
    totals: budgetTotals,
    skipped: [],
    ...overrides,
  };
}

/**
 * The banding review's cost-neutrality check on a proposal that is not neutral, as its description
 * reads: "Proposed bands cost £7,616,146.50 more than the current bands over the same 2653 open
 * placements (+35.9%)". The fixtures' and samples' proposed bands are not cost-neutral, so that
 * check fails on them by design (test/papers/cost-neutrality.test.ts tests its amounts); tests of
 * other checks set it aside with this.
 */
export const NOT_NEUTRAL =
  /^Proposed bands cost £[\d,]+\.\d\d (?:more|less) than the current bands over the same [\d,]+ open placements \([+−-][\d.]+%\)$/;

/** Whether a check is the failing cost-neutrality check of a non-neutral proposal. */
export function isNotNeutral(check: { readonly description: string; readonly passed: boolean }): boolean {
  return !check.passed && NOT_NEUTRAL.test(check.description);
}
