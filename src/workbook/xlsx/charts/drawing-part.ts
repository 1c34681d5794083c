/**
 * The drawing part (`xl/drawings/drawingN.xml`): where a sheet's charts sit. One `xdr:wsDr` per
 * sheet, one `xdr:twoCellAnchor` per chart, each holding a graphic frame that points (by
 * relationship id) at a chart part.
 *
 * The frame's `xdr:cNvPr` is where Excel keeps a chart's name (shown in the Selection Pane) and
 * its alternative text (`descr`, read by screen readers and shown in the Alt Text pane).
 */
import { XML_DECLARATION, attrs, child, children, parseXml, path } from "../xml";
import { CHART_NS } from "./chart-part";

const NS = {
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
} as const;

/** A chart's place on the sheet and its accessible names. Cells are zero-based. */
export interface DrawingAnchor {
  /** Relationship id (in the drawing's rels) of the chart part. */
  readonly chartRelId: string;
  /** Shape name, shown in Excel's Selection Pane. */
  readonly name: string;
  /** Alternative text. */
  readonly descr: string;
  /** The frame covers these cells, inclusive: its top-left corner is at (fromRow, fromCol)'s top-left. */
  readonly fromRow: number;
  readonly fromCol: number;
  /** Its bottom-right corner is at the bottom-right of (toRow, toCol). */
  readonly toRow: number;
  readonly toCol: number;
}

function marker(tag: "from" | "to", col: number, row: number): string {
  return `<xdr:${tag}><xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
}

/** Render a drawing part holding the given chart frames. Shape ids start at 2 (1 is the sheet's). */
export function renderDrawingPart(anchors: readonly DrawingAnchor[]): string {
  const body = anchors
    .map((a, i) => {
      // "to" is where the frame ends: the edge after the last covered cell, so the cell is covered.
      return (
        `<xdr:twoCellAnchor editAs="oneCell">${marker("from", a.fromCol, a.fromRow)}${marker("to", a.toCol + 1, a.toRow + 1)}` +
        `<xdr:graphicFrame macro="">` +
        `<xdr:nvGraphicFramePr><xdr:cNvPr${attrs({ id: i + 2, name: a.name, descr: a.descr })}/>` +
        `<xdr:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></xdr:cNvGraphicFramePr></xdr:nvGraphicFramePr>` +
        `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
        `<a:graphic><a:graphicData uri="${CHART_NS}">` +
        `<c:chart xmlns:c="${CHART_NS}" xmlns:r="${NS.r}"${attrs({ "r:id": a.chartRelId })}/>` +
        `</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
      );
    })
    .join("");
  return `${XML_DECLARATION}<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}">${body}</xdr:wsDr>`;
}

/** A chart frame as read back from a drawing part. */
export interface ParsedFrame extends DrawingAnchor {
  readonly id: string;
}

/** Parse the chart frames of a drawing part (other shapes, such as pictures, are skipped). */
export function parseDrawingPart(xml: string): ParsedFrame[] {
  const root = parseXml(xml);
  const anchors = [...children(root, "twoCellAnchor"), ...children(root, "oneCellAnchor")];
  const out: ParsedFrame[] = [];
  for (const anchor of anchors) {
    const frame = child(anchor, "graphicFrame");
    if (!frame) continue;
    const cNvPr = path(frame, "nvGraphicFramePr", "cNvPr");
    const chart = path(frame, "graphic", "graphicData", "chart");
    const at = (tag: string, field: string): number => Number(path(anchor, tag, field)?.text ?? NaN);
    out.push({
      id: cNvPr?.attrs.id ?? "",
      name: cNvPr?.attrs.name ?? "",
      descr: cNvPr?.attrs.descr ?? "",
      chartRelId: chart?.attrs["r:id"] ?? "",
      fromRow: at("from", "row"),
      fromCol: at("from", "col"),
      toRow: at("to", "row") - 1,
      toCol: at("to", "col") - 1,
    });
  }
  return out;
}
