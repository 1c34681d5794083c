/**
 * The Papers step's form: what the user types (text, as typed) and the build options it gives, with
 * a message for each field that cannot be used. Pure, so the rules are tested without a browser.
 */

import { percentToFraction } from "../core/validate";
import { serialFromDate } from "../core/dates";
import { parseUkNumber } from "../core/values";
import {
  PAPERS,
  PAPER_IDS,
  type PaperId,
  type PaperOptions,
  type PaperStatus,
  type Purpose,
} from "../papers/house";
import type { BuildRequest } from "./host";

export interface PapersForm {
  readonly papers: Readonly<Record<PaperId, boolean>>;
  /** dd/mm/yyyy, or empty. */
  readonly meetingDate: string;
  /** The meeting's title, e.g. "Schools Forum". */
  readonly meetingName: string;
  readonly author: string;
  /** The pack reference, e.g. "SF/2026/01". */
  readonly paperRef: string;
  readonly purpose: Readonly<Record<PaperId, Purpose>>;
  readonly status: PaperStatus;
  /** The transfer as a percentage ("0.5" or "0.5%"), or empty to use the workbook's. */
  readonly transferPercent: string;
  /** The Schools Block before recoupment (£), or empty to use the workbook's. */
  readonly transferBase: string;
  readonly baseIsEstimate: boolean;
  /** Deficit plan scenario: the share of the plan's savings delivered ("75" or "75%"), or empty for 100%. */
  readonly savingsDeliveredPercent: string;
  /** Deficit plan scenario: extra expenditure growth a year ("2" or "-1%"), or empty for none. */
  readonly expenditurePressurePercent: string;
  /** Show counts of 1–4 as [c]. */
  readonly suppress: boolean;
}

export type FormField =
  | "papers"
  | "meetingDate"
  | "transferPercent"
  | "transferBase"
  | "savingsDeliveredPercent"
  | "expenditurePressurePercent";
export type FormErrors = Readonly<Partial<Record<FormField, string>>>;

export const PURPOSES: readonly Purpose[] = ["decision", "consultation", "information"];

export type { PaperId, Purpose };

/** The papers the form offers, in build order, with the titles the pane shows for them. */
export const PAPER_CHOICES: readonly { readonly id: PaperId; readonly title: string }[] = PAPER_IDS.map(
  (id) => ({ id, title: PAPERS[id].title }),
);

/** A fresh form: every paper, each with its usual purpose, draft, suppression on. */
export function defaultForm(): PapersForm {
  const papers = {} as Record<PaperId, boolean>;
  const purpose = {} as Record<PaperId, Purpose>;
  for (const id of PAPER_IDS) {
    papers[id] = true;
    purpose[id] = PAPERS[id].purpose;
  }
  return {
    papers,
    meetingDate: "",
    meetingName: "Schools Forum",
    author: "",
    paperRef: "",
    purpose,
    status: "draft",
    transferPercent: "",
    transferBase: "",
    baseIsEstimate: false,
    savingsDeliveredPercent: "",
    expenditurePressurePercent: "",
    suppress: true,
  };
}

// dd/mm/yyyy: one or two digits for day and month, four for the year ("7/3/2026" is accepted too).
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** A meeting date typed as dd/mm/yyyy: its serial, or a message. Empty gives undefined. */
export function parseMeetingDate(text: string): number | undefined | { error: string } {
  const t = text.trim();
  if (t === "") return undefined;
  const m = DMY.exec(t);
  if (!m) return { error: "Type the date as dd/mm/yyyy, for example 12/03/2026." };
  const serial = serialFromDate(Number(m[3]), Number(m[2]), Number(m[1]));
  if (serial === undefined) return { error: `${t} is not a real date; check the day and month.` };
  return serial;
}

/** How to name a percentage field in its messages, and the range it accepts (in %). */
interface PercentField {
  /** "the transfer": "Type the transfer as a percentage, …". */
  readonly what: string;
  /** "The transfer percentage": "… must be between 0 and 100." */
  readonly name: string;
  readonly example: string;
  readonly min: number;
  readonly max: number;
}

const TRANSFER: PercentField = {
  what: "the transfer",
  name: "The transfer percentage",
  example: "0.5",
  min: 0,
  max: 100,
};
const SAVINGS_DELIVERED: PercentField = {
  what: "the savings delivered",
  name: "The share of savings delivered",
  example: "75",
  min: 0,
  max: 100,
};
const EXPENDITURE_PRESSURE: PercentField = {
  what: "the extra expenditure growth",
  name: "The extra expenditure growth",
  example: "2",
  min: -50,
  max: 50,
};

/** A percentage typed as "0.5" or "0.5%": the fraction (0.005), or a message. Empty gives undefined. */
function parsePercentField(text: string, field: PercentField): number | undefined | { error: string } {
  const t = text.trim().replace(/%$/, "").trim();
  if (t === "") return undefined;
  const n = Number(t);
  if (!Number.isFinite(n) || !/^-?\d*\.?\d+$/.test(t))
    return { error: `Type ${field.what} as a percentage, for example ${field.example}.` };
  if (n < field.min || n > field.max)
    return { error: `${field.name} must be between ${field.min} and ${field.max}.` };
  return percentToFraction(n);
}

/** The transfer typed as "0.5" or "0.5%": the fraction (0.005), or a message. Empty gives undefined. */
export function parsePercent(text: string): number | undefined | { error: string } {
  return parsePercentField(text, TRANSFER);
}

/** The share of the deficit plan's savings delivered, "75" or "75%" (0–100): 0.75, or a message. */
export function parseSavingsDelivered(text: string): number | undefined | { error: string } {
  return parsePercentField(text, SAVINGS_DELIVERED);
}

/** Extra expenditure growth a year, "2" or "-1.5%" (−50 to 50): 0.02, or a message. */
export function parseExpenditurePressure(text: string): number | undefined | { error: string } {
  return parsePercentField(text, EXPENDITURE_PRESSURE);
}

/** A £ amount typed as "285,400,000" or "£285.4m"-free text: the number, or a message. */
export function parseAmount(text: string): number | undefined | { error: string } {
  const t = text.trim();
  if (t === "") return undefined;
  const n = parseUkNumber(t);
  if (n === undefined) return { error: "Type the amount in pounds, for example 285,400,000." };
  if (n < 0) return { error: "The Schools Block cannot be negative." };
  return n;
}

const isError = (x: unknown): x is { error: string } => typeof x === "object" && x !== null && "error" in x;

/**
 * The build request a form gives (without the mapping), or the messages to show by each field.
 */
export function formToRequest(form: PapersForm): {
  request?: Omit<BuildRequest, "mapping">;
  errors: FormErrors;
} {
  const errors: Partial<Record<FormField, string>> = {};
  const papers = PAPER_IDS.filter((id) => form.papers[id]);
  if (papers.length === 0) errors.papers = "Choose at least one paper.";
  const date = parseMeetingDate(form.meetingDate);
  if (isError(date)) errors.meetingDate = date.error;
  const pct = parsePercent(form.transferPercent);
  if (isError(pct)) errors.transferPercent = pct.error;
  const base = parseAmount(form.transferBase);
  if (isError(base)) errors.transferBase = base.error;
  const delivered = parseSavingsDelivered(form.savingsDeliveredPercent);
  if (isError(delivered)) errors.savingsDeliveredPercent = delivered.error;
  const pressure = parseExpenditurePressure(form.expenditurePressurePercent);
  if (isError(pressure)) errors.expenditurePressurePercent = pressure.error;
  if (Object.keys(errors).length > 0) return { errors };

  const purpose: Partial<Record<PaperId, Purpose>> = {};
  for (const id of papers) purpose[id] = form.purpose[id];
  const options: PaperOptions = {
    papers,
    purpose,
    status: form.status,
    suppressSmallNumbers: form.suppress,
    ...(typeof date === "number" ? { meetingDate: date as PaperOptions["meetingDate"] } : {}),
    ...(form.meetingName.trim() ? { meetingName: form.meetingName.trim() } : {}),
    ...(form.author.trim() ? { author: form.author.trim() } : {}),
    ...(form.paperRef.trim() ? { paperRef: form.paperRef.trim() } : {}),
    ...(typeof pct === "number" ? { transferPercent: pct } : {}),
    ...(typeof delivered === "number" || typeof pressure === "number"
      ? {
          deficitScenario: {
            ...(typeof delivered === "number" ? { savingsDelivered: delivered } : {}),
            ...(typeof pressure === "number" ? { expenditurePressure: pressure } : {}),
          },
        }
      : {}),
  };
  return {
    request: {
      options,
      ...(typeof base === "number" ? { transferBase: { amount: base, estimate: form.baseIsEstimate } } : {}),
    },
    errors,
  };
}
