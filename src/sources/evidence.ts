/**
 * Evidence across tables, applied to the header scores before tables are given to datasets.
 *
 * A band table headed only "Band | £" fits the proposed band table (one value column per setting)
 * as well as, or better than, the current band table. What tells them apart is the register: a
 * table whose band codes are the codes the register's placements are on now is the current band
 * table, unless its own header or the rows above it say it is proposed. Then the current bands win
 * that table; the proposed bands may still take another.
 */

import type { DatasetId } from "./datasets";
import { isEmpty, type DetectedTable, type SheetView } from "./detect";
import { MIN_CONFIDENCE, type TableMatch } from "./match";

/** Share of the register's distinct current band codes that must appear in the band table. */
const CODES_FOUND = 0.8;
/** Words that say a table holds the proposed bands (on its header or the two rows above it). */
const PROPOSED_WORDS = /\b(proposed|new|needs-led|future|draft|consultation)\b/i;
/** How many rows of a register are read for its band codes. */
const MAX_REGISTER_ROWS = 20000;

function code(v: unknown): string {
  return typeof v === "number" ? String(v) : typeof v === "string" ? v.trim().toLowerCase() : "";
}

function columnCodes(view: SheetView, table: DetectedTable, col: number, limit: number): Set<string> {
  const out = new Set<string>();
  const last = Math.min(table.lastRow, table.headerRow + limit);
  for (let r = table.headerRow + 1; r <= last; r++) {
    const v = view.value(r, col);
    if (isEmpty(v)) continue;
    const c = code(v);
    if (c !== "" && !/^total\b/.test(c)) out.add(c);
  }
  return out;
}

function saysProposed(view: SheetView, table: DetectedTable): boolean {
  if (table.headers.some((h) => PROPOSED_WORDS.test(h.text))) return true;
  for (let r = Math.max(0, table.headerTop - 2); r < table.headerTop; r++) {
    for (let c = 0; c < Math.min(view.colCount, table.lastCol + 1); c++) {
      const v = view.value(r, c);
      if (typeof v === "string" && PROPOSED_WORDS.test(v)) return true;
    }
  }
  return false;
}

/**
 * The matches with the register's band codes taken into account: for each table that fits the
 * current bands (it has a band column) and holds the codes of the best register's current band
 * column, the current-bands confidence is raised just above the proposed-bands one and a note says
 * why. Nothing changes when there is no register, or the table says it is proposed.
 *
 * @param ids the dataset of each column of `matches[t]`
 */
export function withBandCodeEvidence(
  views: readonly SheetView[],
  tables: readonly DetectedTable[],
  matches: readonly (readonly TableMatch[])[],
  ids: readonly DatasetId[],
): TableMatch[][] {
  const out = matches.map((m) => [...m]);
  const P = ids.indexOf("placements");
  const C = ids.indexOf("currentBands");
  const B = ids.indexOf("proposedBands");
  if (P < 0 || C < 0 || B < 0) return out;

  // The register: the table that fits the placements best, with a current band column.
  let reg = -1;
  for (let t = 0; t < tables.length; t++) {
    const m = matches[t][P];
    if (m.confidence < MIN_CONFIDENCE || !m.fields.some((f) => f.field === "currentBand")) continue;
    if (reg < 0 || m.confidence > matches[reg][P].confidence) reg = t;
  }
  if (reg < 0) return out;
  const regTable = tables[reg];
  const bandCol = matches[reg][P].fields.find((f) => f.field === "currentBand")!.column;
  const registerCodes = columnCodes(views[regTable.sheetIndex], regTable, bandCol, MAX_REGISTER_ROWS);
  if (registerCodes.size < 2) return out;

  for (let t = 0; t < tables.length; t++) {
    if (t === reg) continue;
    const current = matches[t][C];
    const proposed = matches[t][B];
    const band = current.fields.find((f) => f.field === "band");
    if (!band || proposed.confidence <= current.confidence) continue;
    const view = views[tables[t].sheetIndex];
    if (saysProposed(view, tables[t])) continue;
    const codes = columnCodes(view, tables[t], band.column, 200);
    let found = 0;
    for (const c of registerCodes) if (codes.has(c)) found++;
    if (found / registerCodes.size < CODES_FOUND) continue;
    const confidence = Math.min(1, Math.round((proposed.confidence + 0.01) * 1000) / 1000);
    out[t][C] = {
      ...current,
      confidence,
      notes: [
        ...current.notes,
        `Read as the current band table: it holds the band codes the register's placements are on now (${found} of ${registerCodes.size}) and does not say it is proposed.`,
      ],
    };
    out[t][B] = {
      ...proposed,
      confidence: Math.round(Math.max(0, proposed.confidence - 0.02) * 1000) / 1000,
    };
  }
  return out;
}
