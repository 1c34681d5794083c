/**
 * Reading rectangles of cells through the Excel JavaScript API in syncs whose responses fit under
 * Excel on the web's limit (plan.ts, DEFAULT_MAX_RESPONSE_BYTES), so no response is refused.
 *
 * A response's size is not known before it comes back (a cell of text can hold 32,767 characters),
 * so each sheet has a density: the JSON bytes per cell of the properties read. It starts at a guess
 * given by the caller; once a block of the sheet has come back it is the densest block seen, times
 * {@link SAFETY} (rows further down may hold longer text than the rows seen). Blocks are whole rows
 * of an area, as many as the density lets fit, several areas (of any sheets) per sync.
 *
 * Callers read a small sample first (the first rows of every sheet) so the big reads after it are
 * sized from what the sheets really hold. If Excel refuses a response all the same, the densities of
 * the sheets in that sync are doubled and the blocks read again: that costs a sync, never the read.
 */
import { ErrorCode, errorCode } from "./host";
import { jsonBytes } from "./plan";

/** The Range properties read in blocks. */
export type CellProperty = "values" | "valueTypes" | "numberFormat";

/** A rectangle of one sheet to read, zero-based. */
export interface ReadArea {
  /** Index into the worksheets given to {@link readAreas}. */
  readonly sheet: number;
  readonly top: number;
  readonly left: number;
  readonly rows: number;
  readonly cols: number;
}

/** What one block brought back: per property, rows × cols. */
export type BlockData = Partial<Record<CellProperty, unknown[][]>>;

/** Observed densities beyond the first block of a sheet are multiplied by this before use. */
export const SAFETY = 1.5;

/** The response budget and bookkeeping shared by the reads of one snapshot. */
export interface BlockBudget {
  /** Most JSON bytes one sync's response may carry. */
  readonly budgetBytes: number;
  /** Syncs made, and the largest response seen (JSON bytes of what came back). */
  syncs: number;
  largestResponseBytes: number;
}

/** A fresh budget of `budgetBytes` per response. */
export function blockBudget(budgetBytes: number): BlockBudget {
  return { budgetBytes, syncs: 0, largestResponseBytes: 0 };
}

/**
 * Bytes per cell per sheet index for one set of properties: the densest block seen so far. Pass
 * the same map to reads of the same properties (a sample, then the rest) so the second is sized
 * from the first.
 */
export type Densities = Map<number, number>;

/**
 * Send one group of blocks: the loop in {@link readAreas} makes one sync per group of blocks (as
 * many as fit a response), never one per row or per area. Resolves to the error, if any.
 */
async function syncGroup(context: Excel.RequestContext): Promise<unknown> {
  try {
    await context.sync();
    return undefined;
  } catch (error) {
    return error ?? new Error("context.sync() failed");
  }
}

/**
 * Read `properties` of every area, in as few syncs as fit the budget, handing each block to
 * `deliver` as it arrives (a block is rows [top, top + rows) of its area, all its columns).
 *
 * @param density what earlier reads of the same properties learned (updated here)
 * @param guessBytesPerCell density of a sheet with no block in `density` yet
 * @throws the host's error, or ResponsePayloadSizeLimitExceeded when one row of one area is too big
 * @example
 *   await readAreas(context, sheets, [{ sheet: 0, top: 0, left: 0, rows: 500, cols: 8 }], ["values"],
 *     blockBudget(4 * 1024 * 1024), new Map(), 32, (area, data) => copy(area, data.values!));
 */
export async function readAreas(
  context: Excel.RequestContext,
  worksheets: readonly Excel.Worksheet[],
  areas: readonly ReadArea[],
  properties: readonly CellProperty[],
  budget: BlockBudget,
  density: Densities,
  guessBytesPerCell: number,
  deliver: (block: ReadArea, data: BlockData) => void,
): Promise<void> {
  const pending: ReadArea[] = areas.filter((a) => a.rows > 0 && a.cols > 0);
  const perCell = (sheet: number): number => {
    const d = density.get(sheet);
    return d === undefined ? guessBytesPerCell : d * SAFETY;
  };
  // Rows and brackets of the JSON around the cells, per row and per range.
  const rowOverhead = 2 * properties.length;
  const rangeOverhead = 64;

  while (pending.length > 0) {
    // Fill one sync: whole areas while they fit, then as many rows of the next as fit.
    const group: ReadArea[] = [];
    let room = budget.budgetBytes;
    while (pending.length > 0) {
      const area = pending[0];
      const rowBytes = area.cols * perCell(area.sheet) + rowOverhead;
      const fit = Math.floor((room - rangeOverhead) / rowBytes);
      if (fit >= area.rows) {
        group.push(area);
        pending.shift();
        room -= rangeOverhead + area.rows * rowBytes;
        continue;
      }
      // A block that does not fit whole: its first rows now, the rest in a later sync. One row
      // always goes in an empty sync (it may still fit: the density is an estimate).
      const rows = group.length === 0 ? Math.max(1, fit) : fit;
      if (rows >= 1) {
        group.push({ ...area, rows });
        pending[0] = { ...area, top: area.top + rows, rows: area.rows - rows };
      }
      break;
    }

    const ranges = group.map((b) => {
      const range = worksheets[b.sheet].getRangeByIndexes(b.top, b.left, b.rows, b.cols);
      // One load per property, each a literal (test/manifest checks every loaded property's set).
      for (const p of properties) {
        if (p === "values") range.load("values");
        else if (p === "valueTypes") range.load("valueTypes");
        else range.load("numberFormat");
      }
      return range;
    });
    budget.syncs++;
    const error = await syncGroup(context);
    if (error !== undefined) {
      if (errorCode(error) !== ErrorCode.responsePayloadSizeLimitExceeded) throw error;
      if (group.length === 1 && group[0].rows === 1) throw error;
      // Denser than estimated: read these blocks again, sized for twice the density.
      for (const b of group) density.set(b.sheet, (perCell(b.sheet) * 2) / SAFETY);
      pending.unshift(...group);
      continue;
    }
    let response = 0;
    group.forEach((b, i) => {
      const data: BlockData = {};
      let bytes = 0;
      for (const p of properties) {
        const grid = ranges[i][p] as unknown[][];
        data[p] = grid;
        bytes += jsonBytes(grid);
      }
      response += bytes;
      density.set(b.sheet, Math.max(density.get(b.sheet) ?? 0, bytes / (b.rows * b.cols)));
      deliver(b, data);
    });
    budget.largestResponseBytes = Math.max(budget.largestResponseBytes, response);
  }
}
