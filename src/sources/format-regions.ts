/**
 * Which cells of a workbook the source reader needs number formats for: the candidate tables. The
 * Office adapter reads number formats only there (src/workbook/office/read.ts, given this as its
 * `formatRegions`), as number formats are a third of what reading a sheet from Excel costs.
 *
 * Number formats only say which numbers are dates (`dateCells`), and the source reader looks at
 * dates only inside a table it matches to a dataset (match.ts's column tests, then parse.ts). A
 * table can match a dataset only if one of its header cells pairs with a field (matchTable pairs a
 * cell and a field when their score reaches MIN_FIELD_SCORE, and `knownHeaderScore` is a cell's
 * best score over every field; no pair gives every dataset a confidence of 0), so the tables
 * that need formats are the ones detection finds with such a header, found with the reader's own
 * detection (detect.ts) on the values. Sheets a saved mapping names are needed whole: a mapping
 * can point at a table detection does not find.
 */
import { SheetView, detectTables } from "./detect";
import { parseSavedMapping, type SavedMapping } from "./mapping";
import { MIN_FIELD_SCORE, knownHeaderScore } from "./match";
import type { CellRange, SheetSnapshot } from "./snapshot";

/** The sheet names a saved mapping (object or JSON text) reads from; none when it does not parse. */
export function mappedSheets(mapping: SavedMapping | string | undefined): string[] {
  if (mapping === undefined) return [];
  const parsed = typeof mapping === "string" ? parseSavedMapping(mapping) : mapping;
  if (typeof parsed === "string") return [];
  return Object.values(parsed.datasets).flatMap((d) => (d ? [d.sheet] : []));
}

/**
 * The `formatRegions` the Office adapter takes: the regions for a read, given the mapping saved in
 * the workbook and any mapping the read is for (the build's confirmed one).
 * @example readSnapshot(context, { formatRegions: formatRegionsFor(request.mapping) })
 */
export function formatRegionsFor(
  mapping?: SavedMapping | string,
): (sheets: readonly SheetSnapshot[], savedMapping: string | undefined) => CellRange[][] {
  return (sheets, savedMapping) =>
    regionsNeedingFormats(sheets, [...mappedSheets(savedMapping), ...mappedSheets(mapping)]);
}

/** A header cell matchTable can pair with a field: its best score reaches MIN_FIELD_SCORE. */
const looksLikeHeader = (text: string | undefined): boolean =>
  text !== undefined && text !== "" && knownHeaderScore(text) >= MIN_FIELD_SCORE;

/**
 * For each sheet, the rectangles whose number formats the reader needs: every detected table with
 * a header cell like a known header (header rows to last row, first to last column), or the whole
 * sheet when a mapping names it.
 *
 * @param sheets the snapshot's sheets, values complete (errors known), formats not yet read
 * @param wholeSheets sheet names needed whole (matched as the reader matches them: exact, or trimmed and case-blind)
 * @example regionsNeedingFormats(sheets, ["Top-up register"])[3] // [{ top: 0, left: 0, bottom: 10005, right: 7 }]
 */
export function regionsNeedingFormats(
  sheets: readonly SheetSnapshot[],
  wholeSheets: readonly string[] = [],
): CellRange[][] {
  const whole = new Set(wholeSheets.map((n) => n.trim().toLowerCase()));
  return sheets.map((sheet, i) => {
    const width = sheet.cells.reduce((w, row) => Math.max(w, row.length), 0);
    if (sheet.cells.length === 0 || width === 0) return [];
    if (whole.has(sheet.name) || whole.has(sheet.name.trim().toLowerCase()))
      return [{ top: 0, left: 0, bottom: sheet.cells.length - 1, right: width - 1 }];
    return detectTables(new SheetView(sheet), i)
      .filter((t) =>
        t.headers.some((h) => looksLikeHeader(h.text) || looksLikeHeader(h.name) || looksLikeHeader(h.group)),
      )
      .map((t) => ({ top: t.headerTop, left: t.firstCol, bottom: t.lastRow, right: t.lastCol }));
  });
}
