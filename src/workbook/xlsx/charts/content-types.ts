/**
 * `[Content_Types].xml`: every part in the package needs a content type, given by an Override for
 * its exact name or a Default for its extension. Charts and drawings are .xml parts whose Default
 * ("application/xml") is wrong, so each gets an Override; Excel asks to repair a file without one.
 */
import { XML_DECLARATION, attrs, children, parseXml } from "../xml";

/** Content types of the parts we add. */
export const ContentType = {
  chart: "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
  drawing: "application/vnd.openxmlformats-officedocument.drawing+xml",
} as const;

/** The Default (by extension) and Override (by part name) entries of the content-types part. */
export interface ContentTypes {
  readonly defaults: ReadonlyMap<string, string>;
  /** Keyed by part name with its leading slash, as the part writes it: "/xl/charts/chart1.xml". */
  readonly overrides: ReadonlyMap<string, string>;
}

/** Parse `[Content_Types].xml`. */
export function parseContentTypes(xml: string): ContentTypes {
  const root = parseXml(xml);
  return {
    defaults: new Map(
      children(root, "Default").map((d) => [d.attrs.Extension.toLowerCase(), d.attrs.ContentType]),
    ),
    overrides: new Map(children(root, "Override").map((o) => [o.attrs.PartName, o.attrs.ContentType])),
  };
}

/** The content type a part has in the package, or undefined when none applies. */
export function contentTypeOf(types: ContentTypes, partPath: string): string | undefined {
  const name = `/${partPath}`;
  const override = types.overrides.get(name);
  if (override) return override;
  const ext = partPath.slice(partPath.lastIndexOf(".") + 1).toLowerCase();
  return types.defaults.get(ext);
}

/**
 * Add Override entries (part path without the leading slash → content type) just before the
 * closing tag, leaving the rest of the part untouched. A part already overridden is replaced.
 */
export function addOverrides(xml: string, entries: ReadonlyMap<string, string>): string {
  const root = parseXml(xml);
  let out = xml;
  // Remove existing overrides for these parts, last first so earlier offsets stay valid.
  const existing = children(root, "Override")
    .filter((o) => entries.has(o.attrs.PartName.replace(/^\//, "")))
    .sort((a, b) => b.start - a.start);
  let closeAt = root.contentEnd;
  for (const o of existing) {
    out = out.slice(0, o.start) + out.slice(o.end);
    closeAt -= o.end - o.start;
  }
  const added = [...entries]
    .map(([part, type]) => `<Override${attrs({ PartName: `/${part}`, ContentType: type })}/>`)
    .join("");
  return out.slice(0, closeAt) + added + out.slice(closeAt);
}

/** Render a minimal content-types part (used by tests and for packages built from scratch). */
export function renderContentTypes(types: ContentTypes): string {
  const defaults = [...types.defaults].map(
    ([ext, type]) => `<Default${attrs({ Extension: ext, ContentType: type })}/>`,
  );
  const overrides = [...types.overrides].map(
    ([part, type]) => `<Override${attrs({ PartName: part, ContentType: type })}/>`,
  );
  return `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${defaults.join("")}${overrides.join("")}</Types>`;
}
