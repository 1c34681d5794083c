/**
 * The corpus contract: what generate.ts writes beside each workbook (its expected figures and where
 * each one sits in the cells), shared by the generator, the scorer and the corpus test. Nothing in
 * here reads a workbook or calls the project's reader.
 */

/** Datasets the corpus states figures for (the reader's dataset ids; assumptions = key figures). */
export type CorpusDataset =
  "budgetLines" | "dsgBlocks" | "placements" | "currentBands" | "schools" | "deficitPlan" | "assumptions";

/** Papers whose headline figures the corpus states. */
export type CorpusPaper = "hnb-monitoring" | "dsg-summary" | "deficit-plan" | "transfer-impact";

/** One cell whose value, times `scale`, is part of a figure ("£000" columns have scale 1000). */
export interface CellRef {
  readonly sheet: string;
  /** A1 address, e.g. "D7". */
  readonly cell: string;
  readonly scale: number;
  /** "text": the amount is inside a sentence ("Schools Block … £287,450,000"). */
  readonly within?: "text";
}

/**
 * Where a figure comes from in the cells:
 * - sum: Σ over terms of the product of the term's cells (a plain column sum has one cell a term;
 *   units × pupils has two);
 * - count: the number of rows, each named by one cell that must not be empty.
 */
export type Provenance =
  { readonly sum: readonly (readonly CellRef[])[] } | { readonly count: readonly CellRef[] };

export interface Figure {
  readonly kind: "money" | "count" | "number";
  /** Money in £ to the penny; counts exact. */
  readonly value: number;
  readonly from: Provenance;
}

/** The expected-figures file written beside each workbook. */
export interface Expected {
  readonly id: string;
  /** Workbook file name, in the same folder. */
  readonly file: string;
  /** Held-out: no synonym or weight may be tuned on it (README). */
  readonly heldOut: boolean;
  /** Which real layout it follows (docs/real-layouts.md section) and how. */
  readonly layout: string;
  /** The mess in it, in words. */
  readonly mess: readonly string[];
  /** The meeting date the scorer builds with (Excel serial); also the as-at date when none is stated. */
  readonly meetingDate: number;
  /** The as-at / extract date the workbook states, if any (Excel serial). */
  readonly statedAsAt?: number;
  readonly datasets: Partial<Record<CorpusDataset, Readonly<Record<string, Figure>>>>;
  /** Headline figures each paper should show, derived from the dataset figures. */
  readonly papers: Partial<Record<CorpusPaper, Readonly<Record<string, number>>>>;
}

/** The fixed rule for the held-out quarter: every 4th workbook (indexes 3, 7, 11 …). */
export function isHeldOut(index: number): boolean {
  return index % 4 === 3;
}

/** Seeded PRNG (mulberry32): the same seed always gives the same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Excel serial of a civil date (1900 date system, days since 1899-12-30). */
export function serialOf(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000);
}

/** 1-based row and column → "D7". */
export function a1(row: number, col: number): string {
  let c = col;
  let letters = "";
  while (c > 0) {
    const m = (c - 1) % 26;
    letters = String.fromCharCode(65 + m) + letters;
    c = Math.floor((c - 1) / 26);
  }
  return `${letters}${row}`;
}

/** Round to the penny (the tolerance money figures are compared with). */
export function toPenny(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Paper headline rules the corpus states, in one place (used by the generator and the test). */
export const PAPER_RULES = {
  /** domain.md §2.2: the default transfer is 0.5% of the Schools Block before recoupment. */
  transferLimit: 0.005,
} as const;
