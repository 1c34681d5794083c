/**
 * Relationship parts (`_rels/*.rels`): parse, render, merge.
 *
 * A part's relationships map ids (rId1, rId2, …) to target parts. ExcelJS already writes a sheet's
 * rels for its tables and hyperlinks, so adding a drawing must keep those entries and pick an id no
 * entry uses; `addRelationship` does exactly that and nothing else.
 */
import { XML_DECLARATION, attrs, children, parseXml } from "../xml";

const RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships";

/** Relationship types we write. */
export const RelType = {
  drawing: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing",
  chart: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart",
  table: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table",
  worksheet: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet",
} as const;

/** One relationship: `Target` is relative to the source part's folder unless `TargetMode` is External. */
export interface Relationship {
  readonly id: string;
  readonly type: string;
  readonly target: string;
  readonly targetMode?: "External";
}

/** Parse a .rels part; an empty list for an absent part (pass undefined). */
export function parseRels(xml: string | undefined): Relationship[] {
  if (xml === undefined) return [];
  return children(parseXml(xml), "Relationship").map((r) => ({
    id: r.attrs.Id,
    type: r.attrs.Type,
    target: r.attrs.Target,
    ...(r.attrs.TargetMode === "External" ? { targetMode: "External" as const } : {}),
  }));
}

/** Render a .rels part. */
export function renderRels(rels: readonly Relationship[]): string {
  const body = rels
    .map(
      (r) =>
        `<Relationship${attrs({ Id: r.id, Type: r.type, Target: r.target, TargetMode: r.targetMode })}/>`,
    )
    .join("");
  return `${XML_DECLARATION}<Relationships xmlns="${RELS_NS}">${body}</Relationships>`;
}

/** The lowest "rIdN" not used by any relationship in the list (a fresh part gets rId1). */
export function nextRelId(rels: readonly Relationship[]): string {
  const used = new Set(rels.map((r) => r.id));
  let n = 1;
  while (used.has(`rId${n}`)) n++;
  return `rId${n}`;
}

/** Add a relationship to an existing .rels part (or a new one); returns the new XML and the id used. */
export function addRelationship(
  xml: string | undefined,
  rel: Omit<Relationship, "id">,
): { readonly xml: string; readonly id: string } {
  const rels = parseRels(xml);
  const id = nextRelId(rels);
  return { xml: renderRels([...rels, { ...rel, id }]), id };
}

/** The .rels path for a part: "xl/worksheets/sheet1.xml" → "xl/worksheets/_rels/sheet1.xml.rels". */
export function relsPathFor(partPath: string): string {
  const slash = partPath.lastIndexOf("/");
  return `${partPath.slice(0, slash + 1)}_rels/${partPath.slice(slash + 1)}.rels`;
}

/**
 * Resolve a relationship target against its source part: ("xl/worksheets/sheet1.xml",
 * "../tables/table1.xml") → "xl/tables/table1.xml". Absolute targets ("/xl/…") drop the slash.
 */
export function resolveTarget(sourcePart: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = sourcePart.split("/").slice(0, -1);
  for (const segment of target.split("/")) {
    if (segment === "..") parts.pop();
    else if (segment !== "." && segment !== "") parts.push(segment);
  }
  return parts.join("/");
}
