/**
 * The Office adapter: everything that talks to Excel through the Excel JavaScript API, behind one
 * module (STYLE.md). The task pane imports from here only.
 *
 * - {@link OfficeWorkbookPort} / {@link writeSheets}: built sheets into the open workbook, one
 *   sync per sheet (more only past the 4 MB request budget), marked, never over a user's sheet.
 * - {@link readSnapshot}: the open workbook as a values-only snapshot (three syncs for a small one; in
 *   blocks under the response limit, number formats for candidate tables only, for a large one).
 * - {@link writeSavedMapping}: the column mapping kept in the workbook for next month.
 *
 * host.ts lists the requirement set each feature needs.
 */
export { OfficeWorkbookPort, writeSheets, suffixedName } from "./write";
export type { ExcelRunner, OfficeWriteOptions, OfficeWriteResult, Renamed, RequestRecord } from "./write";
export { readSnapshot, writeSavedMapping, isDateFormat } from "./read";
export type { ReadOptions } from "./read";
export { BASELINE_EXCEL_API, hostApiSupport } from "./host";
export type { ApiSupport } from "./host";
export { DEFAULT_MAX_REQUEST_BYTES, needsTextPrefix } from "./plan";
