/**
 * The Forum house style in the Excel JavaScript API's terms.
 *
 * There is one house style: the table in ../xlsx/styles.ts (ExcelJS shapes, imported as types only,
 * so ExcelJS never reaches the task pane bundle). This module translates each entry into the
 * property sets a RangeFormat takes, so both adapters give a cell the same font, fill, borders and
 * alignment, and the contract tests can compare them.
 */
import type { StyleName } from "../../papers/spec";
import { STYLES, type CellStyle } from "../xlsx/styles";

/** One border edge as RangeBorder properties. */
export interface OfficeBorder {
  readonly style: "Continuous";
  readonly weight: "Thin";
  readonly color: string;
}

/** A style as RangeFormat property values (colours as "#RRGGBB"). */
export interface OfficeStyle {
  readonly font: {
    readonly name?: string;
    readonly size?: number;
    readonly bold?: boolean;
    readonly italic?: boolean;
    readonly underline?: "Single";
    readonly color?: string;
  };
  readonly fill?: string;
  readonly borderTop?: OfficeBorder;
  readonly borderBottom?: OfficeBorder;
  readonly wrapText?: boolean;
  readonly verticalAlignment?: "Top" | "Center" | "Bottom";
}

/** "FF0B0C0C" (ExcelJS ARGB) → "#0B0C0C". */
export function argbToHex(argb: string | undefined): string | undefined {
  if (!argb) return undefined;
  const rgb = argb.length === 8 ? argb.slice(2) : argb;
  return `#${rgb.toUpperCase()}`;
}

function border(b: { style?: string; color?: { argb?: string } } | undefined): OfficeBorder | undefined {
  if (!b || b.style !== "thin") return undefined;
  return { style: "Continuous", weight: "Thin", color: argbToHex(b.color?.argb) ?? "#000000" };
}

function toOffice(style: CellStyle): OfficeStyle {
  const f = style.font;
  const fill = style.fill && style.fill.type === "pattern" ? argbToHex(style.fill.fgColor?.argb) : undefined;
  const vertical = style.alignment?.vertical;
  return {
    font: {
      name: f.name,
      size: f.size,
      bold: f.bold ?? false,
      italic: f.italic ?? false,
      ...(f.underline ? { underline: "Single" as const } : {}),
      color: argbToHex(f.color?.argb),
    },
    ...(fill ? { fill } : {}),
    ...(border(style.border?.top) ? { borderTop: border(style.border?.top) } : {}),
    ...(border(style.border?.bottom) ? { borderBottom: border(style.border?.bottom) } : {}),
    ...(style.alignment?.wrapText ? { wrapText: true } : {}),
    ...(vertical === "top"
      ? { verticalAlignment: "Top" as const }
      : vertical === "middle"
        ? { verticalAlignment: "Center" as const }
        : {}),
  };
}

/** The house styles as RangeFormat settings, by name. */
export const OFFICE_STYLES: Readonly<Record<StyleName, OfficeStyle>> = Object.fromEntries(
  (Object.keys(STYLES) as StyleName[]).map((name) => [name, toOffice(STYLES[name])]),
) as Record<StyleName, OfficeStyle>;

/** The table style of every built table (the xlsx adapter's TABLE_STYLE; the contract test checks they agree). */
export const TABLE_STYLE = "TableStyleLight9";

/**
 * Line styles per chart series, in order (the xlsx chart part's palette: the GSS categorical
 * colours, each with its own dash and marker so series stay apart in greyscale print).
 */
export const SERIES_STYLES: readonly {
  readonly colour: string;
  readonly lineStyle: "Continuous" | "Dash" | "RoundDot" | "DashDot";
  readonly marker: "Circle" | "Square" | "Triangle" | "Diamond" | "X" | "Star";
}[] = [
  { colour: "#12436D", lineStyle: "Continuous", marker: "Circle" },
  { colour: "#28A197", lineStyle: "Dash", marker: "Square" },
  { colour: "#801650", lineStyle: "RoundDot", marker: "Triangle" },
  { colour: "#F46A25", lineStyle: "Dash", marker: "Diamond" },
  { colour: "#3D3D3D", lineStyle: "DashDot", marker: "X" },
  { colour: "#A285D1", lineStyle: "DashDot", marker: "Star" },
];

/**
 * Column width in characters (what SheetSpec and the file format use) → points (what
 * RangeFormat.columnWidth takes). Excel draws a column of width w as trunc(w × 7 + 5) pixels for
 * the default 11 pt font (7 px maximum digit width, 5 px padding), and a pixel is 0.75 pt at 96 dpi.
 * @example columnWidthPoints(16) → 87.75 (117 px)
 */
export function columnWidthPoints(chars: number): number {
  return Math.trunc(chars * 7 + 5) * 0.75;
}

/** The inverse of {@link columnWidthPoints}, to the nearest 1/7 character. */
export function columnWidthChars(points: number): number {
  return Math.max(0, (points / 0.75 - 5) / 7);
}

/**
 * Page margins in points: the xlsx adapter's margins in inches (0.5 left/right, 0.6 top,
 * 0.7 bottom, 0.3 header/footer) × 72.
 */
export const MARGINS_PT = {
  left: 36,
  right: 36,
  top: 43.2,
  bottom: 50.4,
  header: 21.6,
  footer: 21.6,
} as const;

/** Right footer: page N of M, in Excel's header/footer codes. */
export const PAGE_OF = "Page &P of &N";

/** Left footer text: the title with "&" doubled (else Excel reads it as a code), at most 200 characters. */
export function footerTitle(title: string): string {
  return title.replace(/&/g, "&&").slice(0, 200);
}
