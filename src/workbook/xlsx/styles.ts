/**
 * The Forum house style as ExcelJS cell styles: one entry per StyleName.
 *
 * Arial throughout, nothing smaller than 11 pt except notes (10 pt), dark text on white or pale
 * fills (all pairs pass WCAG AA contrast), and meaning never carried by colour alone: inputs are
 * also named as inputs in their labels, totals are bold with a rule above.
 */
import type { Alignment, Border, Fill, Font } from "exceljs";
import type { StyleName } from "../../papers/spec";

/** The typeface of every built sheet. */
export const FONT_NAME = "Arial";

const TEXT = "FF0B0C0C"; // GOV.UK text colour: near-black
const GREY_TEXT = "FF505A5F"; // GOV.UK secondary text: 7:1 on white
const LINK = "FF1D70B8"; // GOV.UK link blue
const HEADER_FILL = "FFDEE0E2"; // light grey, so the header reads in greyscale print too
const INPUT_FILL = "FFFFF2CC"; // pale yellow: FAST's input convention

const thin: Border = { style: "thin", color: { argb: TEXT } };

/** An ExcelJS style (the parts we set) for a StyleName. */
export interface CellStyle {
  readonly font: Partial<Font>;
  readonly fill?: Fill;
  readonly border?: Partial<{ top: Border; bottom: Border }>;
  readonly alignment?: Partial<Alignment>;
}

function font(size: number, extra: Partial<Font> = {}): Partial<Font> {
  return { name: FONT_NAME, family: 2, size, color: { argb: TEXT }, ...extra };
}

/** Styles by name. `body` is also used for cells with no style in the spec. */
export const STYLES: Readonly<Record<StyleName, CellStyle>> = {
  title: { font: font(16, { bold: true }) },
  subtitle: { font: font(12) },
  label: { font: font(11, { bold: true }), alignment: { vertical: "top" } },
  input: {
    font: font(11),
    fill: { type: "pattern", pattern: "solid", fgColor: { argb: INPUT_FILL } },
    border: { bottom: { style: "thin", color: { argb: GREY_TEXT } } },
  },
  header: {
    font: font(11, { bold: true }),
    fill: { type: "pattern", pattern: "solid", fgColor: { argb: HEADER_FILL } },
    border: { bottom: thin },
    alignment: { wrapText: true, vertical: "top" },
  },
  body: { font: font(11), alignment: { vertical: "top" } },
  total: { font: font(11, { bold: true }), border: { top: thin }, alignment: { vertical: "top" } },
  note: { font: font(10, { italic: true, color: { argb: GREY_TEXT } }), alignment: { vertical: "top" } },
  check: { font: font(11, { bold: true }), alignment: { vertical: "top" } },
  link: { font: font(11, { underline: true, color: { argb: LINK } }) },
};

/** Point size of a style's font (for row heights). */
export function fontSize(style: StyleName | undefined): number {
  return STYLES[style ?? "body"].font.size ?? 11;
}
