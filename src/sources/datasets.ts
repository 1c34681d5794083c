/**
 * The datasets Forum Papers reads from a council's workbook (SPEC "Forum papers", "Reading the
 * council's workbooks"): their fields, the header wordings that identify each field, and the typed
 * records the source reader produces. This file is the contract between sources/ and papers/.
 *
 * Money is cash pounds (£), percentages are fractions (0.5% is 0.005), dates are Excel serials.
 */

import type { Serial } from "../core/dates";
import type { Notice } from "../core/notice";
import { AMOUNT_ROLE_WORDS } from "./role-words";

export type FieldType = "text" | "code" | "money" | "number" | "percent" | "date";

/** How a field is read beyond its type (see parse.ts). */
export interface FieldOptions {
  /**
   * Role words that rule a header out of this field whatever its other words ("Outturn variance"
   * is never the forecast outturn): see role-words.ts.
   */
  readonly excludedWords?: readonly string[];
  /**
   * What a blank cell in an optional field reads as (an unstated transfer is £0), so that the
   * record always has the field.
   */
  readonly blankAs?: number;
  /** A negative value is a mistake in the workbook: the row is skipped ("negative"). */
  readonly nonNegative?: boolean;
}

export interface FieldDef<
  Key extends string = string,
  Type extends FieldType = FieldType,
  Required extends boolean = boolean,
> extends FieldOptions {
  /** Key in the typed record. */
  readonly key: Key;
  /** Plain words for the mapping editor and messages. */
  readonly label: string;
  /** How its cells are converted: text and codes as written, money and numbers parsed, dates to serials. */
  readonly type: Type;
  readonly required: Required;
  /**
   * Header wordings that identify this field, lower case, compared after normalising (case,
   * punctuation, "£", "(£)" and "£000" markers dropped). The first is the canonical header.
   */
  readonly synonyms: readonly string[];
}

export const DatasetId = {
  budgetLines: "budgetLines",
  dsgBlocks: "dsgBlocks",
  placements: "placements",
  currentBands: "currentBands",
  proposedBands: "proposedBands",
  schools: "schools",
  deficitPlan: "deficitPlan",
  assumptions: "assumptions",
} as const;
export type DatasetId = (typeof DatasetId)[keyof typeof DatasetId];

export interface DatasetDef {
  readonly id: DatasetId;
  readonly label: string;
  readonly fields: readonly FieldDef[];
  /**
   * Wide tables: besides the named fields, every other numeric column is a value column named by
   * its header (the proposed band table: one column per setting).
   */
  readonly valueColumns?: boolean;
}

/** A field, its literal key, type and requiredness kept in the type so records can be derived. */
function f<
  const Key extends string,
  const Type extends FieldType,
  const Required extends boolean,
  const Options extends FieldOptions = Record<never, never>,
>(
  key: Key,
  label: string,
  type: Type,
  required: Required,
  synonyms: readonly string[],
  options?: Options,
): FieldDef<Key, Type, Required> & Options {
  return { key, label, type, required, synonyms, ...options } as FieldDef<Key, Type, Required> & Options;
}

/** Amount fields: a variance, movement or % header is never one (role-words.ts). */
const AMOUNT = { excludedWords: AMOUNT_ROLE_WORDS } as const;

/**
 * The datasets as declared, every field key, type and requiredness a literal type: the record
 * types below and the parser's field keys are derived from it, so a misspelt key fails to compile.
 */
const DATASET_DEFS = {
  budgetLines: {
    id: "budgetLines",
    label: "High Needs Block budget lines",
    fields: [
      f("s251", "s251 line code", "code", false, [
        "s251 line",
        "s251",
        "s251 code",
        "line code",
        "ref",
        "code",
      ]),
      f("line", "Budget line", "text", true, [
        "budget line",
        "line",
        "description",
        "service",
        "budget heading",
        "expenditure line",
        "cost centre",
        "area",
      ]),
      f(
        "budget",
        "Annual budget",
        "money",
        true,
        ["annual budget", "budget", "current budget", "revised budget", "budget 2026-27", "approved budget"],
        AMOUNT,
      ),
      f(
        "forecast",
        "Forecast outturn",
        "money",
        true,
        ["forecast outturn", "forecast", "projected outturn", "outturn", "projection", "forecast spend"],
        AMOUNT,
      ),
      f(
        "lastForecast",
        "Forecast at last report",
        "money",
        false,
        [
          "forecast at last report",
          "last reported forecast",
          "previous forecast",
          "last forecast",
          "prior forecast",
          "forecast last month",
        ],
        AMOUNT,
      ),
      f("note", "Note", "text", false, ["note", "notes", "comment", "comments", "commentary", "explanation"]),
    ],
  },
  dsgBlocks: {
    id: "dsgBlocks",
    label: "DSG blocks",
    fields: [
      f("block", "Block", "text", true, ["block", "dsg block", "funding block"]),
      f(
        "allocation",
        "DfE allocation",
        "money",
        true,
        ["dfe allocation", "allocation", "dsg allocation", "grant allocation", "allocation after recoupment"],
        { ...AMOUNT, nonNegative: true },
      ),
      f(
        "transfers",
        "Transfers between blocks",
        "money",
        false,
        ["transfers between blocks", "transfers", "block transfers", "movement between blocks", "transfer"],
        { blankAs: 0 },
      ),
      f(
        "budget",
        "Current budget",
        "money",
        true,
        ["current budget", "budget", "annual budget", "revised budget"],
        AMOUNT,
      ),
      f(
        "forecast",
        "Forecast outturn",
        "money",
        true,
        ["forecast outturn", "forecast", "projected outturn", "outturn"],
        AMOUNT,
      ),
      f(
        "lastForecast",
        "Previous forecast",
        "money",
        false,
        ["previous forecast", "forecast at last report", "last reported forecast", "last forecast"],
        AMOUNT,
      ),
    ],
  },
  placements: {
    id: "placements",
    label: "Top-up placements register",
    fields: [
      f("pupilRef", "Pupil reference", "code", true, [
        "pupil ref",
        "pupil reference",
        "ref",
        "upn",
        "ehcp ref",
        "child ref",
        "case ref",
        "id",
      ]),
      f("school", "School or provider", "text", true, [
        "school",
        "provider",
        "setting name",
        "school name",
        "establishment",
        "placement",
        // SEN2 extracts name the placement's establishment by its URN.
        "urn",
        "establishment name",
      ]),
      f("setting", "Setting type", "text", true, [
        "setting",
        "setting type",
        "provision type",
        "placement type",
        "type of provision",
        "phase/setting",
        // SEN2 tag name and its label (docs/real-layouts.md §6).
        "sensetting",
        "sen setting",
      ]),
      f(
        "currentBand",
        "Current band",
        "code",
        true,
        [
          "current band",
          "band",
          "existing band",
          "old band",
          "band now",
          "banding",
          "current banding",
          // "Proposed banding Band" names the proposed band, never the current one.
        ],
        { excludedWords: ["proposed", "future", "needs-led"] },
      ),
      f("proposedBand", "Proposed band", "code", false, [
        "proposed band",
        "new band",
        "needs-led band",
        "future band",
      ]),
      f(
        "hours",
        "Hours of support a week",
        "number",
        false,
        [
          "hours",
          "hours per week",
          "weekly hours",
          "support hours",
          "ta hours",
          "hours a week",
          "hrs/wk",
          "hrs per week",
          "hours per wk",
        ],
        { nonNegative: true },
      ),
      f("start", "Start date", "date", true, [
        "start date",
        "start",
        "from",
        "placement start",
        "date started",
        "entrydate",
        "entry date",
      ]),
      f("end", "End date", "date", false, [
        "end date",
        "end",
        "to",
        "placement end",
        "date ended",
        "leaving date",
        "leavingdate",
      ]),
      // The register's own annual top-up for the placement: used as its current cost and checked
      // against the current band table (core/tariffs.ts).
      f("annualTopUp", "Annual top-up (£)", "money", false, [
        "annual top-up",
        "annual top up",
        "top-up a year",
        "annual top-up value",
        "agreed top-up",
        "top-up amount",
        "element 3 annual",
        "annual element 3",
      ]),
    ],
  },
  currentBands: {
    id: "currentBands",
    label: "Current bands (hours, or £ tariffs)",
    // Hours-based (Band | Hours per week) or a fixed £ tariff: one £ column for all settings
    // (Band | Maximum top-up), or one per setting (Band | Mainstream | Special), read by parse.ts
    // from the table's other columns. Hours or a £ column is needed (core/tariffs.ts says which rule).
    fields: [
      f("band", "Band", "code", true, [
        "band",
        "current band",
        "banding",
        "level",
        "tariff",
        "band (current)",
      ]),
      f(
        "hours",
        "Hours of support a week",
        "number",
        false,
        ["hours per week", "hours", "weekly hours", "support hours", "hours a week"],
        { nonNegative: true },
      ),
      f("topUp", "Annual top-up (£) for all settings", "money", false, [
        "annual top-up",
        "top-up",
        "maximum top-up",
        "top up",
        "annual top up",
        "top-up value",
        "band value",
        "annual value",
        "rate per place",
        "top-up per place",
      ]),
    ],
  },
  proposedBands: {
    id: "proposedBands",
    label: "Proposed needs-led bands",
    fields: [f("band", "Band", "code", true, ["band", "proposed band", "needs-led band", "tariff", "level"])],
    valueColumns: true,
  },
  schools: {
    id: "schools",
    label: "Schools (local formula allocations)",
    fields: [
      f("name", "School", "text", true, ["school", "school name", "name", "establishment", "academy/school"]),
      f("urn", "URN or LAESTAB", "code", false, [
        "urn",
        "laestab",
        "dfe number",
        "la estab",
        "dfe no",
        "estab",
      ]),
      f("phase", "Phase", "text", true, ["phase", "school phase", "sector"]),
      f("type", "Maintained or academy", "text", true, [
        "maintained/academy",
        "type",
        "status",
        "school type",
        "governance",
        "maintained or academy",
      ]),
      f(
        "pupils",
        "Pupils (October census)",
        "number",
        true,
        ["pupils", "pupil numbers", "number on roll", "nor", "october census pupils", "pupil count"],
        { nonNegative: true },
      ),
      f(
        "allocation",
        "Allocation before transfer",
        "money",
        true,
        [
          "allocation",
          "formula allocation",
          "budget share",
          "budget share before transfer",
          "total allocation",
          "nff allocation",
        ],
        { ...AMOUNT, nonNegative: true },
      ),
      f(
        "floor",
        "Protected floor (MFG/MPPL)",
        "money",
        true,
        [
          "protected floor",
          "floor",
          "protection floor",
          "mfg/mppl floor",
          "minimum funding",
          "protected level",
        ],
        { nonNegative: true },
      ),
    ],
  },
  deficitPlan: {
    id: "deficitPlan",
    label: "Deficit management plan assumptions (per year)",
    fields: [
      f("year", "Financial year", "text", true, ["year", "financial year", "fy"]),
      f(
        "funding",
        "High Needs Block funding",
        "money",
        true,
        ["hnb funding", "funding", "high needs funding", "hnb income", "income", "high needs block"],
        AMOUNT,
      ),
      f(
        "expenditure",
        "Expenditure (unmitigated)",
        "money",
        true,
        ["expenditure", "unmitigated expenditure", "spend", "forecast spend", "projected expenditure"],
        AMOUNT,
      ),
      // A year with no savings, transfer, other income or write-off leaves the cell blank: £0.
      f(
        "savings",
        "Management plan savings",
        "money",
        false,
        ["savings", "mitigations", "management actions", "plan savings", "mitigation savings"],
        { blankAs: 0 },
      ),
      f(
        "transfers",
        "Transfers in",
        "money",
        false,
        ["transfers in", "block transfer", "transfers", "schools block transfer"],
        { blankAs: 0 },
      ),
      f(
        "otherIncome",
        "Other income",
        "money",
        false,
        ["other income", "other contributions", "safety valve", "la contribution", "contributions"],
        { blankAs: 0 },
      ),
      f(
        "writeOffs",
        "Write-offs",
        "money",
        false,
        ["write-offs", "write off", "writeoff", "hnsg", "stability grant"],
        { blankAs: 0 },
      ),
    ],
  },
  assumptions: {
    id: "assumptions",
    label: "Key figures and assumptions (item and value)",
    fields: [
      f("item", "Item", "text", true, ["item", "assumption", "parameter", "description", "figure"]),
      f("value", "Value", "text", true, ["value", "amount", "figure", "£", "setting"]),
    ],
  },
} as const satisfies Readonly<Record<DatasetId, DatasetDef>>;

/** The datasets Forum Papers reads, by id (the declaration above, seen through {@link DatasetDef}). */
export const DATASETS: Readonly<Record<DatasetId, DatasetDef>> = DATASET_DEFS;

/** The field keys of one dataset, e.g. `FieldKey<"budgetLines">` is `"s251" | "line" | … | "note"`. */
export type FieldKey<D extends DatasetId> = (typeof DATASET_DEFS)[D]["fields"][number]["key"];

/** The field definitions of one dataset, each with its literal key, type and requiredness. */
export type FieldOf<D extends DatasetId> = (typeof DATASET_DEFS)[D]["fields"][number];

/**
 * Items recognised in the key-value "assumptions" table, with their wordings. Values are parsed as
 * the type given. Missing items fall back to the defaults in papers/rules.ts (and say so).
 */
export const ASSUMPTION_ITEMS = {
  schoolsBlock: {
    type: "money",
    synonyms: [
      "schools block before recoupment",
      "schools block",
      "sb before recoupment",
      "schools block total",
    ],
  },
  schoolsBlockIsEstimate: {
    type: "text",
    synonyms: [
      "schools block is estimate",
      "schools block estimate",
      "estimated schools block",
      "base is estimate",
    ],
  },
  transferExcluded: {
    type: "money",
    synonyms: ["excluded from transfer base", "protected amount", "excluded amount", "transfer exclusions"],
  },
  transferPercent: {
    type: "percent",
    synonyms: ["transfer percentage", "transfer %", "block transfer %", "proposed transfer"],
  },
  openingBalance: {
    type: "money",
    synonyms: [
      "opening dsg balance",
      "dsg reserve brought forward",
      "opening balance",
      "reserve b/f",
      "cumulative balance b/f",
    ],
  },
  hourlyRate: { type: "money", synonyms: ["hourly rate", "rate per hour", "ta hourly rate"] },
  weeksPerYear: { type: "number", synonyms: ["weeks per year", "weeks", "funded weeks"] },
  mainstreamThreshold: {
    type: "money",
    synonyms: ["mainstream threshold", "element 2 threshold", "notional sen threshold", "threshold"],
  },
  asAt: { type: "date", synonyms: ["data as at", "as at", "position as at", "month"] },
  financialYear: { type: "text", synonyms: ["financial year", "year"] },
  council: { type: "text", synonyms: ["council", "local authority", "authority", "la name"] },
} as const satisfies Record<string, { type: FieldType; synonyms: readonly string[] }>;
export type AssumptionKey = keyof typeof ASSUMPTION_ITEMS;

// ---------------------------------------------------------------------------------------------
// Typed records the reader produces. `sourceRow` is the 1-based worksheet row it came from, so
// every figure on a paper can be traced to the source.

export interface SourceRef {
  readonly sheet: string;
  /** 1-based worksheet row number, as the user sees it. */
  readonly row: number;
}

/** The value a field of this type holds in a record. */
export type FieldValue<Type extends FieldType> = Type extends "date"
  ? Serial
  : Type extends "money" | "number" | "percent"
    ? number
    : string;

/** Fields always in a record: the required ones, and those a blank cell reads as a value ({@link FieldOptions.blankAs}). */
type AlwaysPresent<F> = F extends { readonly required: true } | { readonly blankAs: number } ? F : never;

/**
 * The typed record of one row of a dataset's table, derived from its fields in
 * {@link DATASETS}: every field by its key (optional unless always present), and the row it came from.
 */
export type RecordOf<D extends DatasetId> = Flat<
  {
    readonly [F in AlwaysPresent<FieldOf<D>> as F["key"]]: FieldValue<F["type"]>;
  } & {
    readonly [F in Exclude<FieldOf<D>, AlwaysPresent<FieldOf<D>>> as F["key"]]?: FieldValue<F["type"]>;
  } & { readonly source: SourceRef }
>;

/** One object type from an intersection (so records read, and infer, like plain interfaces). */
type Flat<T> = { [K in keyof T]: T[K] };

/** A High Needs Block budget line: s251 code, line, budget, forecast, last forecast, note. */
export type BudgetLine = RecordOf<"budgetLines">;

/** A DSG block: allocation, transfers between blocks (£0 when blank), budget, forecast. */
export type DsgBlockRow = RecordOf<"dsgBlocks">;

/**
 * A top-up placement: pupil, provider, setting, bands, hours, start and end dates, and the
 * register's own annual top-up (£) when it states one.
 */
export type Placement = RecordOf<"placements">;

/**
 * A row of the current band table: hours of support a week (hours-based), a £ top-up for all
 * settings, or £ by setting (fixed tariffs). core/tariffs.ts reads which rule the table gives.
 */
export type CurrentBand = Flat<
  RecordOf<"currentBands"> & {
    /**
     * £ a year by setting, keyed by the column's heading ("Mainstream"); blank cells absent; a cell
     * that is not an amount ("up to £1,190") kept as its text, so costing can say so.
     */
    readonly tariffs?: Readonly<Record<string, number | string>>;
  }
>;

export interface ProposedBandTable {
  /** Setting names, in column order, as headed in the workbook. */
  readonly settings: readonly string[];
  readonly rows: readonly { band: string; values: readonly (number | undefined)[]; source: SourceRef }[];
}

/** A school's local formula allocation: name, URN, phase, type, pupils, allocation, protected floor. */
export type School = RecordOf<"schools">;

/** One year of the deficit management plan (optional amounts £0 when blank). */
export type DeficitPlanYear = RecordOf<"deficitPlan">;

export interface Assumptions {
  readonly schoolsBlock?: number;
  readonly schoolsBlockIsEstimate?: boolean;
  readonly transferExcluded?: number;
  readonly transferPercent?: number;
  readonly openingBalance?: number;
  readonly hourlyRate?: number;
  readonly weeksPerYear?: number;
  readonly mainstreamThreshold?: number;
  readonly asAt?: Serial;
  readonly financialYear?: string;
  readonly council?: string;
  /** Where each item was read from. */
  readonly sources: Partial<Record<AssumptionKey, SourceRef>>;
}

/** What the reader produces for each dataset: rows of records, the wide band table, or the key figures. */
export interface DatasetRecords {
  readonly budgetLines: readonly BudgetLine[];
  readonly dsgBlocks: readonly DsgBlockRow[];
  readonly placements: readonly Placement[];
  readonly currentBands: readonly CurrentBand[];
  readonly proposedBands: ProposedBandTable;
  readonly schools: readonly School[];
  readonly deficitPlan: readonly DeficitPlanYear[];
  readonly assumptions: Assumptions;
}

/** The datasets whose records are one per row of their table, built field by field from {@link DATASETS}. */
export type RowDatasetId = Exclude<DatasetId, "proposedBands" | "assumptions">;

/** A subtotal or total row found in a source table: used as a check, never as data. */
export interface TotalCheck {
  readonly dataset: DatasetId;
  readonly label: string;
  readonly field: string;
  /** The value the workbook shows on its total row. */
  readonly stated: number;
  /** Sum of the data rows it covers. */
  readonly computed: number;
  readonly source: SourceRef;
}

/** Why a row was not used, as a stable code (tests and the pane group by it). */
export type SkipCode =
  | "missing" // a required field is empty
  | "not-a-number" // a number/money/percent field holds text that is not a number ("tbc")
  | "not-a-date" // a date field holds something that is not a date
  | "end-before-start" // a placement ends before it starts
  | "negative" // a count, hours or money amount that cannot be negative is
  | "duplicate"; // the same key twice (a pupil ref with the same start date; a school twice)

/**
 * What the reader tells the user about a workbook beyond its rows (Notice.code): act on the code,
 * show the message.
 */
export type SourceNoticeCode =
  /** The saved mapping's JSON could not be read: every table was looked for automatically. */
  | "saved-mapping-unreadable"
  /** A dataset's saved mapping no longer fits the workbook: its table was looked for automatically. */
  | "saved-mapping-not-used"
  /** An optional column of a saved mapping has no header any more: the field was left out. */
  | "saved-mapping-column-dropped"
  /** Rows hidden in a table were read as data. */
  | "hidden-rows-read"
  /** A money column headed £000, £m or £bn was multiplied to pounds. */
  | "scaled-thousands"
  | "scaled-millions"
  | "scaled-billions"
  /** Of two columns that fit one field, one was chosen (the message says which and why). */
  | "column-choice"
  /** The Schools Block before recoupment was worked out from the DfE allocation's parts. */
  | "schools-block-computed"
  /** The date the data is as at was read from a title or label on a sheet (stated.ts). */
  | "as-at-stated"
  /** No table looked like the dataset. */
  | "dataset-missing"
  /** A table would be the dataset but its only forecast-like column is a variance: not used. */
  | "variance-not-forecast";

/** A notice from the reader (core/notice.ts): one of the {@link SourceNoticeCode} codes, about a dataset. */
export interface SourceNotice extends Notice<SourceNoticeCode> {
  readonly dataset?: DatasetId;
}

/** A row the reader did not use, and why, in words the user can act on. */
export interface SkippedRow {
  readonly dataset: DatasetId;
  readonly source: SourceRef;
  readonly code: SkipCode;
  /** Plain words naming the column and value, e.g. 'Hours per week is "tbc", not a number'. */
  readonly reason: string;
}

/**
 * Where a dataset's table is and which column holds each field: the one mapping shape inside the
 * reader and the pane, zero-based like the snapshot (row 0 is worksheet row 1, column 0 is A).
 * Its saved form (mapping.ts) has 1-based rows and column letters, as a person reads and edits it.
 */
export interface TableMapping {
  readonly sheet: string;
  /** Zero-based header row (the row of column names, the lower one of a two-row header). */
  readonly headerRow: number;
  /** field key → zero-based column. */
  readonly columns: Readonly<Record<string, number>>;
  /** Wide tables: value column (setting) name → zero-based column. */
  readonly valueColumns?: Readonly<Record<string, number>>;
}

/** How one dataset was mapped by a read: its table, how far it runs, how sure, and from where. */
export interface DatasetMapping extends TableMapping {
  readonly dataset: DatasetId;
  /** Zero-based last data row considered. */
  readonly lastRow: number;
  /** 0–1: how sure the automatic match is (1 for a saved mapping). */
  readonly confidence: number;
  readonly origin: "detected" | "saved";
}

/** Everything the reader produced from one workbook. */
export interface Datasets extends Partial<Omit<DatasetRecords, "assumptions">> {
  readonly source: string;
  /** The key figures: always present (empty when the workbook states none). */
  readonly assumptions: Assumptions;
  readonly mappings: readonly DatasetMapping[];
  readonly totals: readonly TotalCheck[];
  readonly skipped: readonly SkippedRow[];
}
