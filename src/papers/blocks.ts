/**
 * The blocks of text every paper sheet is made of: the title (A1) and what the sheet holds (A2),
 * bold headings that open a block, key-value blocks (label, value, note), the paper's title block
 * (meeting, date, author, purpose, status, as-at date, reference, source) and the numbered notes.
 */

import { unconfirmedMappings, unconfirmedStamp } from "../sources/crosscheck";
import { dateCell, textCell } from "./cells";
import type { PaperContext } from "./house";
import { PAPERS, type PaperId, type Purpose } from "./registry";
import { SheetBuilder, type CellAt } from "./sheet-builder";
import type { CellSpec } from "./spec";
import type { SourceRef } from "../sources/datasets";
import { Shorthand, sourceSummary } from "./text";

/** A1 title and A2 description: every sheet starts this way. */
export function writeTitle(sheet: SheetBuilder, title: string, subtitle: string): void {
  sheet.cursor = 0;
  sheet.put(sheet.nextRow(), 0, textCell(title, "title"));
  sheet.put(sheet.nextRow(), 0, textCell(subtitle, "subtitle"));
}

/** A bold heading row that opens a block (used instead of blank spacer rows). */
export function writeHeading(sheet: SheetBuilder, text: string): number {
  const row = sheet.nextRow();
  sheet.put(row, 0, textCell(text, "label"));
  return row;
}

/** One row of a key-value block. */
export interface KeyValue {
  /** Name used to find the value cell afterwards. */
  readonly key?: string;
  readonly label: string;
  readonly cell: CellSpec;
  /** A short note beside the value (its source, [e], …), in column C. */
  readonly note?: string;
}

/**
 * Labels in column A, values in column B, notes in column C, one row each. Returns the value
 * cells by key, for formulas.
 */
export function writeKeyValues(
  sheet: SheetBuilder,
  rows: readonly KeyValue[],
  startRow?: number,
): Record<string, CellAt> {
  const out: Record<string, CellAt> = {};
  const start = startRow ?? sheet.cursor;
  if (startRow === undefined) sheet.cursor += rows.length;
  else sheet.cursor = Math.max(sheet.cursor, start + rows.length);
  for (let i = 0; i < rows.length; i++) {
    const kv = rows[i];
    const row = start + i;
    sheet.put(row, 0, textCell(kv.label, "label"));
    sheet.put(row, 1, kv.cell);
    if (kv.note) sheet.put(row, 2, textCell(kv.note, "note"));
    if (kv.key) out[kv.key] = sheet.at(row, 1);
  }
  return out;
}

/** What a paper's title block says. */
export interface TitleInfo {
  readonly title: string;
  readonly subtitle: string;
  readonly purpose: Purpose;
  /** The source workbook and sheets, e.g. from {@link sourceSummary}. */
  readonly source: string;
}

/** A paper's purpose in words, as the title block and the cover show it. */
export const PURPOSE_TEXT: Record<Purpose, string> = {
  decision: "Decision",
  consultation: "Consultation",
  information: "Information",
};

/**
 * The title block of a paper: title, what the sheet holds, then meeting, meeting date, author,
 * purpose, status, data "as at", paper reference and source, one labelled row each.
 */
export function writePaperTitle(sheet: SheetBuilder, ctx: PaperContext, id: PaperId, info: TitleInfo): void {
  writeTitle(sheet, info.title, info.subtitle);
  const notGiven = textCell(`${Shorthand.notAvailable} not given`);
  const rows: KeyValue[] = [
    { label: "Meeting", cell: ctx.meetingName ? textCell(ctx.meetingName) : notGiven },
    { label: "Meeting date", cell: ctx.meetingDate !== undefined ? dateCell(ctx.meetingDate) : notGiven },
    { label: "Author", cell: ctx.author ? textCell(ctx.author) : notGiven },
    { label: "Purpose", cell: textCell(PURPOSE_TEXT[info.purpose]) },
    { label: "Status", cell: textCell(ctx.status === "final" ? "Final" : "Draft") },
    { label: "Data as at", cell: ctx.asAt !== undefined ? dateCell(ctx.asAt) : notGiven },
  ];
  if (ctx.paperRef)
    rows.push({ label: "Paper reference", cell: textCell(`${ctx.paperRef} item ${ctx.itemOf(id)}`) });
  rows.push({ label: "Source", cell: textCell(info.source) });
  // Built with --accept-uncertain from a mapping nobody confirmed: the paper says so, and why.
  const used = new Set<string>(PAPERS[id].needs);
  if (id === "banding-review") used.add("currentBands");
  const stamp = unconfirmedStamp(unconfirmedMappings(ctx.datasets).filter((u) => used.has(u.dataset)));
  if (stamp) rows.push({ label: "UNCONFIRMED MAPPING", cell: textCell(stamp) });
  writeKeyValues(sheet, rows);
}

/**
 * A new sheet for paper `id`, headed by its title block: `title`, the registry's subtitle, the
 * purpose chosen for it and, as its source, the sheets and rows of `sources` (where its figures
 * came from).
 */
export function startPaperSheet(
  ctx: PaperContext,
  id: PaperId,
  title: string,
  sources: readonly SourceRef[],
): SheetBuilder {
  const sheet = new SheetBuilder(PAPERS[id].sheet, "paper", id, title);
  writePaperTitle(sheet, ctx, id, {
    title,
    subtitle: PAPERS[id].subtitle,
    purpose: ctx.purposeOf(id),
    source: sourceSummary(ctx.datasets, sources),
  });
  return sheet;
}

/** Numbered notes under a heading, one per row in column A (long lines run on to the right). */
export function writeNotes(
  sheet: SheetBuilder,
  notes: readonly string[],
  heading = "Notes and assumptions",
): void {
  writeHeading(sheet, heading);
  notes.forEach((note, i) => sheet.put(sheet.nextRow(), 0, textCell(`${i + 1}. ${note}`, "note")));
}
