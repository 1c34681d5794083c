/**
 * What the styles part says about colour, for the "meaning not by colour alone" rule: for each
 * cell format (cellXfs entry) the fill and font colours it gives a cell, and whether its number
 * format colours some values without drawing them differently in any other way; for each
 * differential format (dxfs, used by conditional formats) whether it changes a colour.
 *
 * Pure: the part's text in, plain tables out.
 */
import { child, children, parseXml, type XmlElement } from "../../workbook/xlsx/xml";

/** The colour facts of a styles part, by format index. */
export interface ColourStyles {
  /** cellXfs index → a key naming the fill and font colours ("" for the default look). */
  readonly xfColour: readonly string[];
  /** cellXfs index → the number format code, when that format colours values alone. */
  readonly xfColourOnlyFormat: readonly (string | undefined)[];
  /** dxfs index → whether the differential format sets a fill or a font colour. */
  readonly dxfColours: readonly boolean[];
}

export const NO_STYLES: ColourStyles = { xfColour: [], xfColourOnlyFormat: [], dxfColours: [] };

/** A colour element (fgColor, bgColor, color) as a key; "" for automatic or absent. */
function colourKey(e: XmlElement | undefined): string {
  if (!e || e.attrs.auto === "1" || e.attrs.auto === "true") return "";
  const tint = e.attrs.tint && Number(e.attrs.tint) !== 0 ? `~${e.attrs.tint}` : "";
  if (e.attrs.rgb) return `#${e.attrs.rgb.toUpperCase()}${tint}`;
  if (e.attrs.theme !== undefined) return `theme${e.attrs.theme}${tint}`;
  // Indexed 64 is the system foreground: the automatic colour.
  if (e.attrs.indexed !== undefined) return e.attrs.indexed === "64" ? "" : `indexed${e.attrs.indexed}`;
  return "";
}

/** A fill as a key: "" for no fill. */
function fillKey(fill: XmlElement | undefined): string {
  const pattern = child(fill, "patternFill");
  if (pattern) {
    // A differential format's fill often names only its colour: that is a solid fill.
    const named = child(pattern, "fgColor") ?? child(pattern, "bgColor");
    const type = pattern.attrs.patternType ?? (named ? "solid" : "none");
    if (type === "none") return "";
    return `fill:${type}:${colourKey(child(pattern, "fgColor"))}:${colourKey(child(pattern, "bgColor"))}`;
  }
  const gradient = child(fill, "gradientFill");
  if (gradient)
    return `fill:gradient:${children(gradient, "stop")
      .map((s) => colourKey(child(s, "color")))
      .join("/")}`;
  return "";
}

/**
 * A font's colour as a key: "" for the default text colour (automatic, theme colour 1 — "Text 1",
 * which every built-in theme makes the dark text colour — or plain black).
 */
function fontColourKey(font: XmlElement | undefined): string {
  const key = colourKey(child(font, "color"));
  return key === "theme1" || key === "#FF000000" || key === "#000000" ? "" : key;
}

/** The sections of a number format code, split at ";" outside quotes, brackets and escapes. */
export function formatSections(code: string): string[] {
  const sections: string[] = [];
  let current = "";
  let quoted = false;
  let bracket = false;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (!quoted && !bracket && ch === "\\" && i + 1 < code.length) {
      current += ch + code[++i];
      continue;
    }
    if (ch === '"' && !bracket) quoted = !quoted;
    else if (!quoted && ch === "[") bracket = true;
    else if (!quoted && ch === "]") bracket = false;
    else if (!quoted && !bracket && ch === ";") {
      sections.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  sections.push(current);
  return sections;
}

const COLOUR_TOKEN = /\[(black|blue|cyan|green|magenta|red|white|yellow|colou?r\s*\d+)\]/gi;
const CONDITION_TOKEN = /\[[<>=]+[^\]]*\]/g;

/**
 * Whether a number format colours some values and draws them no other way differently: a
 * coloured section among the first three (positive, negative, zero) that looks the same as
 * another once the colour is taken away, or a coloured negative section with no minus sign or
 * brackets ("#,##0;[Red]#,##0" shows −5 as a red "5"). "£#,##0;[Red](£#,##0)" passes: the
 * brackets say "negative" in text.
 */
export function colourOnlyFormat(code: string): boolean {
  const sections = formatSections(code).slice(0, 3);
  if (sections.length < 2) return false;
  const coloured = sections.map((s) => s.replace(COLOUR_TOKEN, "") !== s);
  if (!coloured.some(Boolean)) return false;
  const bodies = sections.map((s) => s.replace(COLOUR_TOKEN, "").replace(CONDITION_TOKEN, "").trim());
  const hasConditions = sections.some((s) => s.replace(CONDITION_TOKEN, "") !== s);
  return sections.some((_, i) => {
    if (!coloured[i]) return false;
    if (bodies.some((b, j) => j !== i && b === bodies[i])) return true;
    // The negative section of a format without conditions shows no sign of its own.
    return i === 1 && !hasConditions && !/[-(\u2212]/.test(bodies[1].replace(/"[^"]*"/g, ""));
  });
}

/** Read the colour facts of a styles part. */
export function readColourStyles(xml: string): ColourStyles {
  const root = parseXml(xml);
  const formats = new Map<string, string>();
  for (const f of children(child(root, "numFmts"), "numFmt"))
    if (f.attrs.numFmtId !== undefined && f.attrs.formatCode !== undefined)
      formats.set(f.attrs.numFmtId, f.attrs.formatCode);
  const fills = children(child(root, "fills"), "fill").map(fillKey);
  const fonts = children(child(root, "fonts"), "font").map(fontColourKey);
  const xfs = children(child(root, "cellXfs"), "xf");
  const xfColour = xfs.map((xf) => {
    const fill = fills[Number(xf.attrs.fillId ?? 0)] ?? "";
    const font = fonts[Number(xf.attrs.fontId ?? 0)] ?? "";
    return fill === "" && font === "" ? "" : `${fill}|${font}`;
  });
  const xfColourOnlyFormat = xfs.map((xf) => {
    const code = formats.get(xf.attrs.numFmtId ?? "0");
    return code !== undefined && colourOnlyFormat(code) ? code : undefined;
  });
  const dxfColours = children(child(root, "dxfs"), "dxf").map(
    (dxf) => fillKey(child(dxf, "fill")) !== "" || colourKey(child(child(dxf, "font"), "color")) !== "",
  );
  return { xfColour, xfColourOnlyFormat, dxfColours };
}
