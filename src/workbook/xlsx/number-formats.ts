/**
 * Which cell styles show a number as a date or time, read from the styles part. A snapshot gives
 * dates as Excel serials and lists their cells (`dateCells`), so a reader can tell 45901 the date
 * from 45901 the pupil count.
 *
 * Only two things of the styles part matter here: the custom number formats (`<numFmt>`) and each
 * cell format's number format id (`<cellXfs><xf numFmtId>`); a cell's `s` attribute indexes cellXfs.
 */
import { XmlScanner, attr, type XmlScanHandler } from "./xml-scan";

/**
 * Built-in number format ids that show dates or times (ECMA-376 Part 1, 18.8.30): 14–22 and
 * 45–47 everywhere, 27–36 and 50–58 in East Asian locales.
 */
function isBuiltInDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/**
 * Whether a format code shows a date or time: after removing what is shown literally (quoted text,
 * backslash-escaped and padding characters) and bracketed parts other than elapsed time ([h], [mm],
 * [ss]) such as colours, conditions and locales, a d, m, y, h or s is left.
 *
 * @example isDateFormatCode("dd/mm/yyyy") // true
 * @example isDateFormatCode('#,##0 "days"') // false
 */
export function isDateFormatCode(code: string): boolean {
  const literalFree = code
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/[_*]./g, "")
    .replace(/\[(h+|m+|s+)\]/gi, "$1")
    .replace(/\[[^\]]*\]/g, "");
  return /[dmyhs]/i.test(literalFree);
}

/** Cell format index → whether it shows a date, for the cells of every sheet. */
export class DateStyles {
  constructor(private readonly dateXfs: ReadonlySet<number>) {}

  /** No styles part: nothing is a date. */
  static readonly none = new DateStyles(new Set());

  isDate(styleIndex: number): boolean {
    return this.dateXfs.has(styleIndex);
  }
}

/** Collects custom formats and cellXfs while the styles part is scanned. */
export class StylesScan implements XmlScanHandler {
  readonly wantText = false;
  private readonly customDate = new Map<number, boolean>();
  private readonly xfFormats: number[] = [];
  private inCellXfs = false;
  readonly scanner = new XmlScanner(this);

  open(name: string, attrs: string): void {
    if (name === "numFmt") {
      const id = Number(attr(attrs, "numFmtId"));
      if (Number.isInteger(id)) this.customDate.set(id, isDateFormatCode(attr(attrs, "formatCode") ?? ""));
    } else if (name === "cellXfs") this.inCellXfs = true;
    else if (name === "xf" && this.inCellXfs) this.xfFormats.push(Number(attr(attrs, "numFmtId") ?? 0));
  }

  close(name: string): void {
    if (name === "cellXfs") this.inCellXfs = false;
  }

  text(): void {}

  /** The result, once the whole part has been scanned. */
  dateStyles(): DateStyles {
    const dates = new Set<number>();
    this.xfFormats.forEach((id, index) => {
      const custom = this.customDate.get(id);
      if (custom ?? isBuiltInDateFormat(id)) dates.add(index);
    });
    return new DateStyles(dates);
  }
}
