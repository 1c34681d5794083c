/**
 * The package parts the publication check reads beyond the values: drawings (each object, its
 * alt text, decorative or not, its anchor cell) and styles (which cell formats carry a colour,
 * which conditional formats change one, which number formats colour numbers alone), on XML
 * written here as Excel and LibreOffice write it.
 */
import { drawnObjects } from "../../src/app/publication-check/drawing";
import { readColourStyles } from "../../src/app/publication-check/styles";

const XDR = 'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"';
const A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';

describe("drawing objects", () => {
  it("lists a chart with its alt text and anchor, a picture without, and a decorative shape", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><xdr:wsDr ${XDR} ${A}>
      <xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>45</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>
        <xdr:graphicFrame><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Deficit chart" descr="Line chart of the deficit"/></xdr:nvGraphicFramePr>
        <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"/></a:graphic></xdr:graphicFrame></xdr:twoCellAnchor>
      <xdr:oneCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>
        <xdr:pic><xdr:nvPicPr><xdr:cNvPr id="3" name="Picture 1" descr="  "/></xdr:nvPicPr></xdr:pic></xdr:oneCellAnchor>
      <xdr:absoluteAnchor><xdr:sp><xdr:nvSpPr><xdr:cNvPr id="4" name="Line"><a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext></a:extLst></xdr:cNvPr></xdr:nvSpPr></xdr:sp></xdr:absoluteAnchor>
    </xdr:wsDr>`;
    expect(drawnObjects(xml)).toEqual([
      {
        kind: "chart",
        name: "Deficit chart",
        altText: "Line chart of the deficit",
        decorative: false,
        anchor: { row: 45, col: 1 },
      },
      { kind: "picture", name: "Picture 1", altText: "", decorative: false, anchor: { row: 2, col: 0 } },
      { kind: "shape", name: "Line", altText: "", decorative: true },
    ]);
  });
});

describe("colour styles", () => {
  const styles = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
    <numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0;[Red]#,##0"/><numFmt numFmtId="165" formatCode="£#,##0;[Red](£#,##0)"/></numFmts>
    <fonts count="2"><font><sz val="11"/><color theme="1"/></font><font><color rgb="FFFF0000"/></font></fonts>
    <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
      <fill><patternFill patternType="solid"><fgColor rgb="FF00B050"/><bgColor indexed="64"/></patternFill></fill></fills>
    <cellXfs count="5"><xf fontId="0" fillId="0" numFmtId="0"/><xf fontId="1" fillId="0" numFmtId="0"/>
      <xf fontId="0" fillId="2" numFmtId="0"/><xf fontId="0" fillId="0" numFmtId="164"/><xf fontId="0" fillId="0" numFmtId="165"/></cellXfs>
    <dxfs count="3"><dxf><font><b/></font></dxf><dxf><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf>
      <dxf><font><color rgb="FF9C0006"/></font></dxf></dxfs></styleSheet>`;
  it("keys the colours of each cell format, the default look as empty", () => {
    const { xfColour } = readColourStyles(styles);
    expect(xfColour[0]).toBe("");
    expect(xfColour[1]).toBe("|#FFFF0000");
    expect(xfColour[2]).toBe("fill:solid:#FF00B050:|");
    expect(xfColour[3]).toBe("");
  });
  it("finds the differential formats that change a colour (a bold-only one does not)", () => {
    expect(readColourStyles(styles).dxfColours).toEqual([false, true, true]);
  });
  it("finds the number formats that colour numbers alone", () => {
    expect(readColourStyles(styles).xfColourOnlyFormat).toEqual([
      undefined,
      undefined,
      undefined,
      "#,##0;[Red]#,##0",
      undefined,
    ]);
  });
});
