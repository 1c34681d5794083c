/**
 * How much of a workbook the reader will take in, and the errors it gives past that.
 *
 * Why limits at all: an xlsx is a zip, and a 1 MB zip can expand to gigabytes (a "zip bomb"), or
 * hold a sheet formatted down to row 1,048,576. Without limits the reader would spend memory until
 * the process died. The figures leave real registers plenty of room: a 200,000-row × 12-column
 * register is 2.4 million cells and a sheet part of roughly 100–200 MB.
 */
import { MAX_CELL_TEXT } from "../port";

/** Largest uncompressed worksheet part read (bytes). Sheets are streamed, so this bounds time, not memory. */
export const MAX_SHEET_PART_BYTES = 512 * 1024 * 1024;
/** Largest uncompressed shared-strings part (bytes): its text is held in memory for the whole read. */
export const MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024;
/** Largest uncompressed styles part (bytes): streamed; only number formats are kept. */
export const MAX_STYLES_BYTES = 64 * 1024 * 1024;
/** Largest uncompressed part parsed whole (workbook part, relationships), in bytes. */
export const MAX_SMALL_PART_BYTES = 32 * 1024 * 1024;
/**
 * Most cells held for the whole workbook, counting each row from column A to its last cell with a
 * value (the snapshot stores rows that way), plus one per merged range.
 */
export const MAX_CELLS = 5_000_000;
/** Excel's limit on the characters in one cell (port.ts); longer text is shortened to it, with a warning. */
export { MAX_CELL_TEXT };

/** The limits one read applies; tests pass smaller ones to exercise them with small files. */
export interface ReadLimits {
  readonly sheetPartBytes: number;
  readonly sharedStringsBytes: number;
  readonly stylesBytes: number;
  readonly smallPartBytes: number;
  readonly cells: number;
}

/** The limits every real read uses. */
export const DEFAULT_LIMITS: ReadLimits = {
  sheetPartBytes: MAX_SHEET_PART_BYTES,
  sharedStringsBytes: MAX_SHARED_STRINGS_BYTES,
  stylesBytes: MAX_STYLES_BYTES,
  smallPartBytes: MAX_SMALL_PART_BYTES,
  cells: MAX_CELLS,
};

const MB = 1024 * 1024;

/** "512 MB"; under 1 MB in KB ("64 KB"), for the small limits tests use. */
export function megabytes(bytes: number): string {
  if (bytes < MB) return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString("en-GB")} KB`;
  return `${Math.round(bytes / MB).toLocaleString("en-GB")} MB`;
}

/** What a limit protects, for the message: "sheet 'Register'", "the shared text". */
export type PartRole = string;

/** Thrown when a part expands past its limit (declared in the zip directory, or counted while inflating). */
export class PartTooLargeError extends Error {
  override name = "PartTooLargeError";
  constructor(
    readonly part: string,
    readonly role: PartRole,
    readonly limit: number,
    /** The size the zip directory declares, when that is what tripped the limit. */
    readonly declared?: number,
  ) {
    super(
      `${role} (${part}) expands to ${declared !== undefined ? megabytes(declared) : `more than ${megabytes(limit)}`}, past the limit of ${megabytes(limit)}`,
    );
  }
}

/** Thrown when the workbook holds more cells than {@link MAX_CELLS}. */
export class TooManyCellsError extends Error {
  override name = "TooManyCellsError";
  constructor(
    readonly sheet: string,
    readonly limit: number,
  ) {
    super(`sheet '${sheet}' takes the workbook past ${limit.toLocaleString("en-GB")} cells`);
  }
}

/** Counts cells held across the whole read; throws {@link TooManyCellsError} past the limit. */
export class CellBudget {
  private used = 0;
  constructor(readonly limit: number = MAX_CELLS) {}

  /** Take `n` cells for `sheet`. */
  take(n: number, sheet: string): void {
    this.used += n;
    if (this.used > this.limit) throw new TooManyCellsError(sheet, this.limit);
  }

  get count(): number {
    return this.used;
  }
}
