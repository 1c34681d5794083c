/**
 * One pass over a worksheet part for what the reader's snapshot does not keep: each cell's style
 * (only the cells whose style carries a colour are kept), HYPERLINK formulas, the hyperlinks, the
 * conditional formats (plain and Excel 2010's extension form) and the drawing's relationship id.
 *
 * It is a handler for the project's streaming scanner (workbook/xlsx/xml-scan.ts), so a large
 * sheet costs the cells kept, not the part's size.
 */
import { parseArea, type Area } from "../../core/a1";
import { attr, decodeXmlText, eachAttr, type XmlScanHandler } from "../../workbook/xlsx/xml-scan";
import { cellKey } from "./model";
import type { ColourStyles } from "./styles";

/** A hyperlink element as written: its cell area and where it goes. */
export interface ScannedHyperlink {
  readonly area: Area;
  readonly relId?: string;
  readonly location?: string;
  readonly display?: string;
}

/** A conditional format as written: where, and whether any of its rules changes a colour. */
export interface ScannedConditionalFormat {
  readonly sqref: string;
  /** What its colour rules do, in words; empty when no rule changes how a cell looks. */
  readonly effects: readonly string[];
}

/** A relationship id attribute ("r:id", whatever the prefix). */
function relIdOf(attrs: string): string | undefined {
  let id: string | undefined;
  eachAttr(attrs, (name, raw) => {
    if (name.endsWith(":id")) id = decodeXmlText(raw);
  });
  return id;
}

const VISUAL_RULES: Readonly<Record<string, string>> = {
  colorScale: "a colour scale",
  dataBar: "data bars",
  iconSet: "an icon set",
};

interface OpenRule {
  readonly type: string;
  readonly dxfId?: number;
  inlineColour: boolean;
}

/** Scans a worksheet part; read the fields after the scan ends. */
export class WorksheetScan implements XmlScanHandler {
  readonly colours = new Map<string, string>();
  readonly colourOnlyFormats = new Map<string, string>();
  readonly hyperlinkFormulas = new Set<string>();
  readonly hyperlinks: ScannedHyperlink[] = [];
  readonly conditionalFormats: ScannedConditionalFormat[] = [];
  drawingRelId: string | undefined;

  private row = -1;
  private col = -1;
  private inFormula = false;
  private formula = "";
  private inSqref = false;
  private format: { sqref: string; rules: OpenRule[] } | undefined;
  private rule: OpenRule | undefined;

  constructor(private readonly styles: ColourStyles) {}

  get wantText(): boolean {
    return this.inFormula || this.inSqref;
  }

  open(name: string, attrs: string, selfClosing: boolean): void {
    switch (name) {
      case "row": {
        const r = Number(attr(attrs, "r"));
        this.row = Number.isInteger(r) && r > 0 ? r - 1 : this.row + 1;
        this.col = -1;
        return;
      }
      case "c": {
        const ref = attr(attrs, "r");
        const at = ref !== undefined ? parseArea(ref) : undefined;
        if (at) {
          this.row = at.top;
          this.col = at.left;
        } else this.col++;
        const s = Number(attr(attrs, "s") ?? 0);
        const colour = this.styles.xfColour[s];
        if (colour) this.colours.set(cellKey(this.row, this.col), colour);
        const format = this.styles.xfColourOnlyFormat[s];
        if (format !== undefined) this.colourOnlyFormats.set(cellKey(this.row, this.col), format);
        return;
      }
      case "f":
        if (!selfClosing && this.row >= 0 && this.col >= 0) {
          this.inFormula = true;
          this.formula = "";
        }
        return;
      case "hyperlink": {
        const area = parseArea(attr(attrs, "ref") ?? "");
        if (!area) return;
        const relId = relIdOf(attrs);
        const location = attr(attrs, "location");
        const display = attr(attrs, "display");
        this.hyperlinks.push({
          area,
          ...(relId !== undefined ? { relId } : {}),
          ...(location !== undefined ? { location } : {}),
          ...(display !== undefined ? { display } : {}),
        });
        return;
      }
      case "conditionalFormatting":
        this.format = { sqref: attr(attrs, "sqref") ?? "", rules: [] };
        return;
      case "cfRule": {
        const dxf = attr(attrs, "dxfId");
        this.rule = {
          type: attr(attrs, "type") ?? "",
          ...(dxf !== undefined ? { dxfId: Number(dxf) } : {}),
          inlineColour: false,
        };
        this.format?.rules.push(this.rule);
        return;
      }
      case "color":
      case "bgColor":
      case "fgColor":
        // Excel 2010's conditional formats carry their format inline (<x14:dxf>).
        if (this.rule) this.rule.inlineColour = true;
        return;
      case "sqref":
        if (this.format) this.inSqref = !selfClosing;
        return;
      case "drawing":
        this.drawingRelId = relIdOf(attrs);
        return;
    }
  }

  close(name: string): void {
    switch (name) {
      case "f":
        if (this.inFormula && /\bHYPERLINK\s*\(/i.test(this.formula))
          this.hyperlinkFormulas.add(cellKey(this.row, this.col));
        this.inFormula = false;
        return;
      case "sqref":
        this.inSqref = false;
        return;
      case "cfRule":
        this.rule = undefined;
        return;
      case "conditionalFormatting":
        if (this.format) {
          const effects = this.format.rules.flatMap((r) => {
            const visual = VISUAL_RULES[r.type];
            if (visual) return [visual];
            const colours =
              r.inlineColour || (r.dxfId !== undefined && this.styles.dxfColours[r.dxfId] === true);
            return colours ? ["a fill or font colour when its rule is met"] : [];
          });
          this.conditionalFormats.push({ sqref: this.format.sqref.trim(), effects: [...new Set(effects)] });
        }
        this.format = undefined;
        return;
    }
  }

  text(text: string): void {
    if (this.inFormula) this.formula += text;
    else if (this.inSqref && this.format) this.format.sqref += ` ${text}`;
  }
}
