/**
 * What the Excel host can do: requirement sets (ExcelApi 1.x), the list separator getRanges wants,
 * and the error codes the adapter reacts to.
 *
 * Requirement sets per feature (the adapter's baseline is ExcelApi 1.7; features above it are used
 * only when the host reports them, and skipped features are listed in the write result's notes):
 *
 * | feature | API | set |
 * |---|---|---|
 * | values, formulas, number formats, fonts, fills, borders | Range.formulas, Range.numberFormat, RangeFormat | 1.1 |
 * | column widths, row autofit | RangeFormat.columnWidth, autofitRows | 1.2 |
 * | sheet-scoped marker names | Worksheet.names.add / getItemOrNullObject | 1.4 |
 * | used range, null objects | getUsedRangeOrNullObject, getItemOrNullObject | 1.4 |
 * | calculation suspended while writing | Application.suspendApiCalculationUntilNextSync | 1.6 |
 * | hyperlinks, freeze panes, chart series and their line styles | Range.hyperlink, freezePanes, ChartSeries.setValues/setXAxisValues, ChartSeriesCollection.add | 1.7 |
 * | marker values read back, workbook name | NamedItem.formula, Workbook.name | 1.7 |
 * | chart value-axis number format | ChartAxis.numberFormat | 1.8 |
 * | styles on many areas in one call | Worksheet.getRanges (RangeAreas) | 1.9 |
 * | print setup: A4, landscape, fit to width, print titles, footer, margins | Worksheet.pageLayout | 1.9 |
 * | hidden rows and columns (read) | Range.getSpecialCellsOrNullObject("Visible") | 1.9 |
 * | list separator for getRanges | Application.cultureInfo | 1.11 |
 * | merged cells (read) | Range.getMergedAreasOrNullObject | 1.13 |
 * | chart and table alt text | none: the Excel JavaScript API has no alt text for charts or tables (as of @types/office-js 1.0.612) | — |
 */

/** The Excel requirement set the adapter cannot do without. */
export const BASELINE_EXCEL_API = 7;

/** Answers "does the host support ExcelApi 1.<minor>?". */
export type ApiSupport = (minor: number) => boolean;

interface OfficeRequirements {
  readonly context?: { readonly requirements?: { isSetSupported(name: string, version?: string): boolean } };
}

/**
 * The host's answer when running inside Office (Office.context.requirements), and "everything"
 * elsewhere (tests pass their own function).
 */
export function hostApiSupport(): ApiSupport {
  const office = (globalThis as { Office?: OfficeRequirements }).Office;
  const requirements = office?.context?.requirements;
  if (!requirements) return () => true;
  return (minor) => requirements.isSetSupported("ExcelApi", `1.${minor}`);
}

/** Error codes of the Excel JavaScript API that the adapter handles (Excel.ErrorCodes and the web limits). */
export const ErrorCode = {
  responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
  requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
  itemNotFound: "ItemNotFound",
} as const;

/** The `code` of an OfficeExtension.Error (or of the test fake's errors), if any. */
export function errorCode(error: unknown): string | undefined {
  if (error && typeof error === "object" && "code" in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/**
 * The separator getRanges wants between areas. Excel parses the address with the user's list
 * separator (OfficeDev/office-js#1167): ";" where the decimal separator is a comma (German,
 * French …), "," elsewhere.
 */
export function listSeparatorFor(decimalSeparator: string | undefined): "," | ";" {
  return decimalSeparator === "," ? ";" : ",";
}
