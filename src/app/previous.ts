/**
 * The last meeting's papers, for "what changed since the last Forum": their key figures, read
 * from the hidden Snapshot sheet every build stores (papers/snapshot-sheet.ts) with the project's
 * own xlsx reader. A previous file that is missing, unreadable, not a workbook, or one with no
 * snapshot is a warning (a Notice with a code), never a failed build: the papers are built without
 * movement tables and the warning says why.
 */

import type { Notice } from "../core/notice";
import type { PreviousFigure, PreviousFigures } from "../papers/movements";
import { SNAPSHOT_HEADERS, SNAPSHOT_SHEET } from "../papers/snapshot-sheet";
import type { SheetSnapshot } from "../sources/snapshot";

/** The last meeting's papers as a front end has them: the file's bytes, or why it has none. */
export type PreviousPapersInput =
  | { readonly name: string; readonly bytes: Uint8Array | ArrayBuffer }
  /** The file could not be opened at all (the command line's "no such file"); `reason` says why. */
  | { readonly name: string; readonly missing: string };

/** The codes of the notices about the previous papers. */
export type PreviousNoticeCode =
  /** The previous file is missing, cannot be read, or is not an Excel workbook. */
  | "previous-unreadable"
  /** The previous file is a workbook but holds no Snapshot sheet (not built by Forum Papers, or an old build). */
  | "previous-no-snapshot";

/** What reading the previous papers gave: their figures, or a notice saying why there are none. */
export type PreviousRead =
  | { readonly figures: PreviousFigures; readonly notice?: undefined }
  | { readonly figures?: undefined; readonly notice: Notice<PreviousNoticeCode> };

const NO_MOVEMENTS = "the papers are built without movement tables";

function unreadable(name: string, why: string): PreviousRead {
  return {
    notice: {
      code: "previous-unreadable",
      message: `The last meeting's papers ${name} could not be read (${why}), so ${NO_MOVEMENTS}: give the papers.xlsx Forum Papers built for that meeting.`,
    },
  };
}

/** The figures of a Snapshot sheet, or undefined when its header row is not there. */
function figuresOf(sheet: SheetSnapshot): { figures: PreviousFigure[]; builtAt?: number } | undefined {
  const headerRow = sheet.cells.findIndex((row) =>
    SNAPSHOT_HEADERS.every((h, i) => String(row[i] ?? "").trim() === h),
  );
  if (headerRow === -1) return undefined;
  const figures: PreviousFigure[] = [];
  let builtAt: number | undefined;
  for (const row of sheet.cells.slice(headerRow + 1)) {
    const [paper, figure, value, , built] = row;
    // A row without its three parts (a blank row, a figure shown as text) is not a figure.
    if (typeof paper !== "string" || typeof figure !== "string" || typeof value !== "number") continue;
    figures.push({ paper, figure, value });
    if (builtAt === undefined && typeof built === "number") builtAt = built;
  }
  return { figures, ...(builtAt !== undefined ? { builtAt } : {}) };
}

/**
 * Read the key figures of the last meeting's papers.
 *
 * @param input the file's name and bytes (never modified), or the reason it could not be opened
 * @returns `{ figures }`, or `{ notice }` with code "previous-unreadable" (missing, unreadable,
 *   not an .xlsx) or "previous-no-snapshot" (a workbook without a Snapshot sheet of key figures).
 *   Never throws for a bad file.
 * @example
 *   const read = await readPreviousPapers({ name: "papers-sept.xlsx", bytes });
 *   if (read.notice) warnings.push(read.notice);
 */
export async function readPreviousPapers(input: PreviousPapersInput): Promise<PreviousRead> {
  if ("missing" in input) return unreadable(input.name, input.missing);
  // Loaded only when there is a previous file: the xlsx reader (JSZip) stays out of the Office
  // pane's host chunk, which builds into the open workbook and never reads a file otherwise.
  const { readWorkbookFile, WorkbookReadError } = await import(
    /* webpackChunkName: "xlsx-engine" */ "../workbook/xlsx/read"
  );
  let sheets: readonly SheetSnapshot[];
  try {
    sheets = (await readWorkbookFile(input.bytes, input.name)).sheets;
  } catch (e) {
    if (e instanceof WorkbookReadError) return unreadable(input.name, e.message);
    return unreadable(input.name, "it is damaged or not an Excel workbook");
  }
  const sheet = sheets.find((s) => s.name === SNAPSHOT_SHEET);
  const read = sheet ? figuresOf(sheet) : undefined;
  if (!read || read.figures.length === 0)
    return {
      notice: {
        code: "previous-no-snapshot",
        message: `The last meeting's papers ${input.name} hold no "${SNAPSHOT_SHEET}" sheet of key figures (papers built before this version of Forum Papers, or not by it), so ${NO_MOVEMENTS}.`,
      },
    };
  return { figures: { source: input.name, ...read } };
}
