/**
 * The objects of a drawing part (`xl/drawings/drawingN.xml`) with their alternative text: each
 * anchor's chart, picture, shape or group, its name and `descr` (what Excel's Alt Text pane
 * writes), and whether it is marked decorative. Pure: the part's text in, a list out.
 */
import { child, descendants, localName, parseXml, type XmlElement } from "../../workbook/xlsx/xml";
import type { DrawnObject } from "./model";

const ANCHORS = new Set(["twoCellAnchor", "oneCellAnchor", "absoluteAnchor"]);
const OBJECTS: Readonly<Record<string, { readonly props: string; readonly kind: DrawnObject["kind"] }>> = {
  graphicFrame: { props: "nvGraphicFramePr", kind: "graphic" },
  pic: { props: "nvPicPr", kind: "picture" },
  sp: { props: "nvSpPr", kind: "shape" },
  grpSp: { props: "nvGrpSpPr", kind: "group" },
};
const CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart";

/** The anchor's top-left cell, from its `from` element. */
function anchorCell(anchor: XmlElement): DrawnObject["anchor"] {
  const from = child(anchor, "from");
  const row = Number(child(from, "row")?.text);
  const col = Number(child(from, "col")?.text);
  return Number.isInteger(row) && Number.isInteger(col) ? { row, col } : undefined;
}

/**
 * Every object anchored in the drawing, in order. A group counts as one object (its alt text
 * describes the whole); connectors (lines and arrows between shapes) are left out.
 */
export function drawnObjects(xml: string): DrawnObject[] {
  const root = parseXml(xml);
  const out: DrawnObject[] = [];
  for (const anchor of root.children) {
    if (!ANCHORS.has(localName(anchor.name))) continue;
    for (const element of anchor.children) {
      const local = localName(element.name);
      const known = OBJECTS[local];
      if (!known) continue;
      const props = child(child(element, known.props), "cNvPr");
      const isChart =
        local === "graphicFrame" &&
        descendants(element, "graphicData").some((g) => g.attrs.uri === CHART_URI);
      // Excel 365 marks a decorative object with <a16r3:decorative val="1"/> in cNvPr's extLst.
      const decorative = props
        ? descendants(props, "decorative").some((d) => d.attrs.val === "1" || d.attrs.val === "true")
        : false;
      const cell = anchorCell(anchor);
      out.push({
        kind: isChart ? "chart" : known.kind,
        name: props?.attrs.name ?? "",
        altText: (props?.attrs.descr ?? "").trim(),
        decorative,
        ...(cell ? { anchor: cell } : {}),
      });
    }
  }
  return out;
}
