/**
 * Add a sheet's charts to an xlsx package that ExcelJS has written.
 *
 * For the charts of one sheet this writes, in one go: a chart part per chart, one drawing part
 * holding a frame per chart, the drawing's rels (→ charts), a relationship from the sheet to the
 * drawing (merged into the rels ExcelJS wrote for tables, with an unused id), the sheet's
 * `<drawing r:id>` element at its schema place, and content-type overrides for the new parts.
 * Each step is one part's own render/patch function; this module only wires them together.
 */
import type JSZip from "jszip";
import type { ChartSpec } from "../../../papers/spec";
import { CONTENT_TYPES_PART, nextPartNumber, readPart, requirePart } from "../package";
import { validateChart } from "../validate";
import { insertWorksheetChild } from "../worksheet-part";
import { attrs, parseXml } from "../xml";
import { renderChartPart } from "./chart-part";
import { ContentType, addOverrides } from "./content-types";
import { renderDrawingPart, type DrawingAnchor } from "./drawing-part";
import { RelType, addRelationship, relsPathFor, renderRels, type Relationship } from "./rels";

const R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** The parts written for one sheet's charts. */
export interface InjectedCharts {
  readonly drawingPart: string;
  readonly chartParts: readonly string[];
  /** The sheet's relationship id for its drawing. */
  readonly drawingRelId: string;
}

/**
 * Add `charts` to the worksheet at `sheetPart` ("xl/worksheets/sheet1.xml"). Nothing is written
 * for an empty list. Throws if the sheet already has a drawing (ExcelJS writes one only for images,
 * which papers do not use).
 */
export async function injectCharts(
  zip: JSZip,
  sheetPart: string,
  sheetName: string,
  charts: readonly ChartSpec[],
): Promise<InjectedCharts | undefined> {
  if (charts.length === 0) return undefined;
  charts.forEach((c) => validateChart(c, sheetName));

  const drawingNumber = nextPartNumber(zip, "xl/drawings", "drawing");
  const drawingPart = `xl/drawings/drawing${drawingNumber}.xml`;
  let chartNumber = nextPartNumber(zip, "xl/charts", "chart");

  const drawingRels: Relationship[] = [];
  const anchors: DrawingAnchor[] = [];
  const chartParts: string[] = [];
  for (const chart of charts) {
    const chartPart = `xl/charts/chart${chartNumber++}.xml`;
    zip.file(chartPart, renderChartPart(chart));
    chartParts.push(chartPart);
    const relId = `rId${drawingRels.length + 1}`;
    drawingRels.push({
      id: relId,
      type: RelType.chart,
      target: `../charts/${chartPart.slice("xl/charts/".length)}`,
    });
    anchors.push({ chartRelId: relId, name: chart.title, descr: chart.altText, ...chart.anchor });
  }
  zip.file(drawingPart, renderDrawingPart(anchors));
  zip.file(relsPathFor(drawingPart), renderRels(drawingRels));

  const sheetRelsPath = relsPathFor(sheetPart);
  const sheetRels = addRelationship(await readPart(zip, sheetRelsPath), {
    type: RelType.drawing,
    target: `../drawings/drawing${drawingNumber}.xml`,
  });
  zip.file(sheetRelsPath, sheetRels.xml);

  const sheetXml = await requirePart(zip, sheetPart);
  // ExcelJS declares xmlns:r on <worksheet>; declare it on the element too if a writer did not.
  const declaresR = parseXml(sheetXml).attrs["xmlns:r"] === R_NS;
  const drawingElement = `<drawing${attrs({ "xmlns:r": declaresR ? undefined : R_NS, "r:id": sheetRels.id })}/>`;
  zip.file(sheetPart, insertWorksheetChild(sheetXml, "drawing", drawingElement));

  const overrides = new Map<string, string>([[drawingPart, ContentType.drawing]]);
  for (const p of chartParts) overrides.set(p, ContentType.chart);
  zip.file(CONTENT_TYPES_PART, addOverrides(await requirePart(zip, CONTENT_TYPES_PART), overrides));

  return { drawingPart, chartParts, drawingRelId: sheetRels.id };
}
