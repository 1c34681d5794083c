/**
 * Table parts (`xl/tables/tableN.xml`): ExcelJS writes the table; we add its alternative text,
 * which ExcelJS does not support.
 *
 * Excel keeps a table's alt text in an Excel 2010 extension of the table part:
 * `<extLst><ext uri="{504A1905-…}"><x14:table altTextSummary="…"/></ext></extLst>`, with
 * `altText` for a short title and `altTextSummary` for the description. Our TableSpec has one
 * description, written as `altTextSummary` (what Excel's Alt Text pane shows and screen readers
 * read); the table's name already serves as its title.
 */
import { attrs, child, children, localName, parseXml } from "./xml";

/** The extension URI Excel uses for table alt text. */
export const TABLE_ALT_TEXT_EXT_URI = "{504A1905-F514-4f6f-8877-14C23A59335A}";
const X14_NS = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main";

/** The name, range and alt text of a table part. */
export interface ParsedTable {
  readonly name: string;
  readonly displayName: string;
  /** The whole table, header (and totals row, if any) included: "A5:F12". */
  readonly ref: string;
  readonly headerRowCount: number;
  readonly totalsRowCount: number;
  readonly columns: string[];
  readonly styleName?: string;
  readonly showRowStripes: boolean;
  readonly altText?: string;
  readonly altTextSummary?: string;
}

/** Parse a table part. */
export function parseTablePart(xml: string): ParsedTable {
  const root = parseXml(xml);
  const style = child(root, "tableStyleInfo");
  const ext = children(child(root, "extLst"), "ext").find((e) => e.attrs.uri === TABLE_ALT_TEXT_EXT_URI);
  const alt = ext?.children.find((c) => localName(c.name) === "table");
  return {
    name: root.attrs.name,
    displayName: root.attrs.displayName ?? root.attrs.name,
    ref: root.attrs.ref,
    headerRowCount: Number(root.attrs.headerRowCount ?? 1),
    totalsRowCount: Number(root.attrs.totalsRowCount ?? 0),
    columns: children(child(root, "tableColumns"), "tableColumn").map((c) => c.attrs.name),
    styleName: style?.attrs.name,
    showRowStripes: style?.attrs.showRowStripes === "1",
    altText: alt?.attrs.altText,
    altTextSummary: alt?.attrs.altTextSummary,
  };
}

/**
 * Add the alt text extension to a table part. The table's `extLst` is its last child (CT_Table),
 * so the extension goes into an existing `extLst` or a new one before `</table>`.
 */
export function addTableAltText(xml: string, summary: string): string {
  const root = parseXml(xml);
  const ext = `<ext uri="${TABLE_ALT_TEXT_EXT_URI}" xmlns:x14="${X14_NS}"><x14:table${attrs({ altTextSummary: summary })}/></ext>`;
  const extLst = child(root, "extLst");
  if (extLst) {
    if (children(extLst, "ext").some((e) => e.attrs.uri === TABLE_ALT_TEXT_EXT_URI)) {
      throw new Error(`Table ${root.attrs.name} already has alt text`);
    }
    if (extLst.contentEnd === extLst.end) {
      return xml.slice(0, extLst.start) + `<extLst>${ext}</extLst>` + xml.slice(extLst.end);
    }
    return xml.slice(0, extLst.contentEnd) + ext + xml.slice(extLst.contentEnd);
  }
  return xml.slice(0, root.contentEnd) + `<extLst>${ext}</extLst>` + xml.slice(root.contentEnd);
}
