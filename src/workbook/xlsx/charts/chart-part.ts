/**
 * The chart part (`xl/charts/chartN.xml`): a DrawingML `c:chartSpace` holding one line chart.
 *
 * ExcelJS cannot write charts, so we render this part ourselves. Element order follows the
 * schema (CT_ChartSpace, CT_Chart, CT_LineChart, CT_LineSer, CT_CatAx, CT_ValAx) because Excel
 * refuses a chart whose children are out of order. Each series carries its cell references and a
 * cache of its values, so the chart draws correctly before (or without) any recalculation.
 *
 * Accessibility: series differ by line dash and marker shape as well as colour (never colour
 * alone), text is at least 11 pt, and category labels sit below the plot even when values are
 * negative (a deficit), where Excel would otherwise draw them across the middle. A band's two
 * edges (a low and a high case, ChartSeriesSpec.bandOf) are thinner dotted and dashed lines in the
 * colour of the series they surround, without markers.
 */
import type { ChartSpec } from "../../../papers/spec";
import { XML_DECLARATION, attrs, child, children, escapeText, parseXml, path, type XmlElement } from "../xml";

const NS = {
  c: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
} as const;

/** Namespace of chart parts, for parts that refer to a chart (the drawing's c:chart element). */
export const CHART_NS = NS.c;

/**
 * Line styles per series, in order: the GSS categorical palette (dark blue, turquoise, dark pink,
 * orange …), each with its own dash and marker so series stay apart in greyscale print.
 */
const SERIES_STYLES: readonly { readonly colour: string; readonly dash: string; readonly marker: string }[] =
  [
    { colour: "12436D", dash: "solid", marker: "circle" },
    { colour: "28A197", dash: "dash", marker: "square" },
    { colour: "801650", dash: "sysDot", marker: "triangle" },
    { colour: "F46A25", dash: "lgDash", marker: "diamond" },
    { colour: "3D3D3D", dash: "dashDot", marker: "x" },
    { colour: "A285D1", dash: "lgDashDot", marker: "star" },
  ];

/**
 * Dashes of a band's edges, in order (low, high): dots and short dashes, unlike any series above,
 * so each edge is told apart in the legend without colour. A band takes its series' colour (a
 * lighter tint would fall below 3:1 contrast on white, WCAG 1.4.11) and is drawn lighter by
 * weight: a thinner line and no markers.
 */
const BAND_DASHES: readonly string[] = ["sysDot", "sysDash"];
const BAND_WIDTH = 15875;

// Axis ids only need to be unique within the chart; fixed values keep the output reproducible.
const CAT_AX_ID = 500000001;
const VAL_AX_ID = 500000002;

const FONT = "Arial";

/** Rich text for a title: one paragraph, one run. Size in hundredths of a point. */
function richText(text: string, size: number, bold: boolean, rotated: boolean): string {
  const bodyPr = rotated ? '<a:bodyPr rot="-5400000" vert="horz"/>' : "<a:bodyPr/>";
  const run = attrs({ lang: "en-GB", sz: size, b: bold });
  return (
    `<c:tx><c:rich>${bodyPr}<a:lstStyle/><a:p><a:pPr><a:defRPr${attrs({ sz: size, b: bold })}/></a:pPr>` +
    `<a:r><a:rPr${run}><a:latin typeface="${FONT}"/></a:rPr><a:t>${escapeText(text)}</a:t></a:r></a:p></c:rich></c:tx>`
  );
}

function title(text: string, size: number, rotated = false): string {
  return `<c:title>${richText(text, size, true, rotated)}<c:overlay val="0"/></c:title>`;
}

function lineProps(colour: string, dash: string, width = 28575): string {
  return `<a:ln w="${width}" cap="rnd"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill><a:prstDash val="${dash}"/><a:round/></a:ln>`;
}

function strCache(values: readonly string[]): string {
  const pts = values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeText(v)}</c:v></c:pt>`).join("");
  return `<c:strCache><c:ptCount val="${values.length}"/>${pts}</c:strCache>`;
}

function numCache(values: readonly number[], formatCode: string): string {
  // A non-finite value has no cell equivalent; leaving the point out draws a gap, as a blank cell does.
  const pts = values
    .map((v, i) => (Number.isFinite(v) ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : ""))
    .join("");
  return `<c:numCache><c:formatCode>${escapeText(formatCode)}</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

function series(chart: ChartSpec, index: number): string {
  const s = chart.series[index];
  let line: string;
  let marker: string;
  if (s.bandOf === undefined) {
    const style = SERIES_STYLES[index % SERIES_STYLES.length];
    line = lineProps(style.colour, style.dash);
    marker =
      `<c:marker><c:symbol val="${style.marker}"/><c:size val="7"/>` +
      `<c:spPr><a:solidFill><a:srgbClr val="${style.colour}"/></a:solidFill>${lineProps(style.colour, "solid", 9525)}</c:spPr></c:marker>`;
  } else {
    const colour = SERIES_STYLES[s.bandOf % SERIES_STYLES.length].colour;
    // Which edge of its band this is: the first band series of that band is dotted, the next dashed.
    const edge = chart.series.slice(0, index).filter((x) => x.bandOf === s.bandOf).length;
    line = lineProps(colour, BAND_DASHES[edge % BAND_DASHES.length], BAND_WIDTH);
    marker = `<c:marker><c:symbol val="none"/></c:marker>`;
  }
  return (
    `<c:ser><c:idx val="${index}"/><c:order val="${index}"/>` +
    `<c:tx><c:v>${escapeText(s.name)}</c:v></c:tx>` +
    `<c:spPr>${line}</c:spPr>` +
    marker +
    `<c:cat><c:strRef><c:f>${escapeText(chart.categoriesRef)}</c:f>${strCache(chart.categories)}</c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${escapeText(s.valuesRef)}</c:f>${numCache(s.values, chart.yNumFmt)}</c:numRef></c:val>` +
    `<c:smooth val="0"/></c:ser>`
  );
}

const GRID_LINE =
  '<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>';
const AXIS_LINE =
  '<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="595959"/></a:solidFill></a:ln></c:spPr>';

/** Render the chart part for one line chart. */
export function renderChartPart(chart: ChartSpec): string {
  const catAx =
    `<c:catAx><c:axId val="${CAT_AX_ID}"/><c:scaling><c:orientation val="minMax"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/>` +
    `<c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
    // "low": labels at the bottom of the plot even when the value axis crosses at zero mid-way.
    `<c:tickLblPos val="low"/>${AXIS_LINE}<c:crossAx val="${VAL_AX_ID}"/><c:crosses val="autoZero"/>` +
    `<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`;
  const valAx =
    `<c:valAx><c:axId val="${VAL_AX_ID}"/><c:scaling><c:orientation val="minMax"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines>${GRID_LINE}</c:majorGridlines>` +
    title(chart.yAxisTitle, 1100, true) +
    `<c:numFmt${attrs({ formatCode: chart.yNumFmt, sourceLinked: "0" })}/>` +
    `<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${AXIS_LINE}` +
    `<c:crossAx val="${CAT_AX_ID}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>`;
  const lineChart =
    `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>` +
    chart.series.map((_, i) => series(chart, i)).join("") +
    `<c:marker val="1"/><c:axId val="${CAT_AX_ID}"/><c:axId val="${VAL_AX_ID}"/></c:lineChart>`;
  const textProps =
    `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1100">` +
    `<a:solidFill><a:srgbClr val="0B0C0C"/></a:solidFill><a:latin typeface="${FONT}"/></a:defRPr></a:pPr>` +
    `<a:endParaRPr lang="en-GB"/></a:p></c:txPr>`;
  return (
    XML_DECLARATION +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">` +
    `<c:date1904 val="0"/><c:lang val="en-GB"/><c:roundedCorners val="0"/>` +
    `<c:chart>${title(chart.title, 1400)}<c:autoTitleDeleted val="0"/>` +
    `<c:plotArea><c:layout/>${lineChart}${catAx}${valAx}</c:plotArea>` +
    `<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>` +
    `<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>` +
    textProps +
    `</c:chartSpace>`
  );
}

/** What a chart part says, as read back: the fields of a ChartSpec a chart part can hold. */
export interface ParsedChart {
  readonly kind: string;
  readonly title: string;
  readonly categoriesRef: string;
  readonly categories: string[];
  readonly series: { name: string; valuesRef: string; values: (number | null)[]; formatCode: string }[];
  readonly yAxisTitle: string;
  readonly yNumFmt: string;
  readonly legendPos?: string;
  readonly roundedCorners?: string;
}

function titleText(t: XmlElement | undefined): string {
  const rich = path(t, "tx", "rich");
  if (!rich) return "";
  return children(rich, "p")
    .map((p) =>
      children(p, "r")
        .map((r) => child(r, "t")?.text ?? "")
        .join(""),
    )
    .join("\n");
}

function cachePoints(cache: XmlElement | undefined): (string | null)[] {
  const count = Number(child(cache, "ptCount")?.attrs.val ?? 0);
  const out: (string | null)[] = new Array(count).fill(null);
  for (const pt of children(cache, "pt")) out[Number(pt.attrs.idx)] = child(pt, "v")?.text ?? null;
  return out;
}

/**
 * Parse a chart part (ours, or one LibreOffice re-wrote) back into its ChartSpec fields. Only the
 * first chart type in the plot area is read; category labels come from a string or number cache.
 */
export function parseChartPart(xml: string): ParsedChart {
  const space = parseXml(xml);
  const chart = child(space, "chart");
  const plot = child(chart, "plotArea");
  const group = plot?.children.find((c) => c.name.endsWith("Chart"));
  const sers = children(group, "ser");
  const cat = child(sers[0], "cat");
  const catRef = child(cat, "strRef") ?? child(cat, "numRef");
  const valAx = child(plot, "valAx");
  return {
    kind: group ? group.name.replace(/^.*:/, "").replace(/Chart$/, "") : "",
    title: titleText(child(chart, "title")),
    categoriesRef: child(catRef, "f")?.text ?? "",
    categories: cachePoints(child(catRef, "strCache") ?? child(catRef, "numCache")).map((v) => v ?? ""),
    series: sers.map((s) => {
      const tx = child(s, "tx");
      const name = child(tx, "v")?.text ?? cachePoints(path(tx, "strRef", "strCache"))[0] ?? "";
      const numRef = path(s, "val", "numRef");
      const cache = child(numRef, "numCache");
      return {
        name,
        valuesRef: child(numRef, "f")?.text ?? "",
        values: cachePoints(cache).map((v) => (v === null ? null : Number(v))),
        formatCode: child(cache, "formatCode")?.text ?? "",
      };
    }),
    yAxisTitle: titleText(child(valAx, "title")),
    yNumFmt: child(valAx, "numFmt")?.attrs.formatCode ?? "",
    legendPos: path(chart, "legend", "legendPos")?.attrs.val,
    roundedCorners: child(space, "roundedCorners")?.attrs.val,
  };
}
