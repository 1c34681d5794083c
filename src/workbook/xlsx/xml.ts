/**
 * Just enough XML for the package parts we write or patch after ExcelJS: escaping for text and
 * attributes, and a small non-validating parser that keeps each element's offsets in the source so
 * a part can be patched in place (insert one element, leave every other byte alone).
 *
 * Why our own: the parts are small and machine-written (ExcelJS's, ours, LibreOffice's), we need
 * offsets that DOM parsers do not give, and the project depends on no XML library of its own.
 */

/** An element as parsed: qualified name (with prefix), attributes, children and offsets. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Concatenated character data directly inside this element (entities decoded). */
  text: string;
  /** Offset of the "<" that opens the element. */
  readonly start: number;
  /** Offset just past the end of the element (after "/>" or the closing tag's ">"). */
  end: number;
  /** Offset just past the start tag's ">" (where the first child or text begins). */
  readonly contentStart: number;
  /** Offset of the closing tag's "<" (equals `end` for an empty-element tag). */
  contentEnd: number;
}

/** Thrown when a part is not well-formed XML: a bug in whatever wrote it. */
export class XmlSyntaxError extends Error {
  override name = "XmlSyntaxError";
}

// XML 1.0 allows tab, LF, CR and everything from U+0020 up (bar surrogate halves and U+FFFE/F);
// other control characters make the part unreadable, so they are dropped rather than escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escape text content: `R&D <draft>` → `R&amp;D &lt;draft&gt;`. */
export function escapeText(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/**
 * Escape an attribute value (for double quotes). Line breaks and tabs become character references,
 * because a parser normalises a literal newline inside an attribute to a space.
 */
export function escapeAttr(value: string): string {
  return escapeText(value)
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}

/** Render attributes in the given order, skipping undefined: {a:"1", b:undefined} → ` a="1"`. */
export function attrs(values: Readonly<Record<string, string | number | boolean | undefined>>): string {
  let out = "";
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const text = typeof value === "boolean" ? (value ? "1" : "0") : String(value);
    out += ` ${key}="${escapeAttr(text)}"`;
  }
  return out;
}

/** The standard XML declaration every OOXML part starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decode entity and character references: `&amp;#10;` stays `&#10;` literally, `&#10;` → "\n". */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

// A start or empty-element tag: name, then attributes (values may contain ">" inside quotes).
const START_TAG = /<([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const END_TAG = /<\/([A-Za-z_][\w.:-]*)\s*>/y;

/**
 * Parse a whole part and return its root element. Comments, processing instructions, the XML
 * declaration and DOCTYPE are skipped; CDATA is kept as text. Throws {@link XmlSyntaxError} for
 * mismatched or unclosed tags.
 */
export function parseXml(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > i && stack.length > 0)
      stack[stack.length - 1].text += decodeEntities(xml.slice(i, textEnd));
    if (lt === -1) break;
    i = lt;
    if (xml.startsWith("<!--", i)) {
      i = skipPast(xml, i, "-->");
    } else if (xml.startsWith("<![CDATA[", i)) {
      const close = xml.indexOf("]]>", i);
      if (close === -1) throw new XmlSyntaxError(`Unclosed CDATA at offset ${i}`);
      if (stack.length > 0) stack[stack.length - 1].text += xml.slice(i + 9, close);
      i = close + 3;
    } else if (xml.startsWith("<?", i)) {
      i = skipPast(xml, i, "?>");
    } else if (xml.startsWith("<!", i)) {
      i = skipPast(xml, i, ">");
    } else if (xml.startsWith("</", i)) {
      END_TAG.lastIndex = i;
      const m = END_TAG.exec(xml);
      if (!m) throw new XmlSyntaxError(`Bad closing tag at offset ${i}`);
      const open = stack.pop();
      if (!open || open.name !== m[1]) {
        throw new XmlSyntaxError(
          `Closing tag </${m[1]}> at offset ${i} does not match <${open?.name ?? "(none)"}>`,
        );
      }
      open.contentEnd = i;
      open.end = i + m[0].length;
      i = open.end;
    } else {
      START_TAG.lastIndex = i;
      const m = START_TAG.exec(xml);
      if (!m) throw new XmlSyntaxError(`Bad start tag at offset ${i}`);
      const attributes: Record<string, string> = {};
      for (const a of m[2].matchAll(ATTRIBUTE)) attributes[a[1]] = decodeEntities(a[2] ?? a[3] ?? "");
      const selfClosing = m[3] === "/";
      const end = i + m[0].length;
      const element: XmlElement = {
        name: m[1],
        attrs: attributes,
        children: [],
        text: "",
        start: i,
        end,
        contentStart: end,
        contentEnd: end,
      };
      if (stack.length > 0) stack[stack.length - 1].children.push(element);
      else if (root) throw new XmlSyntaxError(`Second root element <${m[1]}> at offset ${i}`);
      else root = element;
      if (!selfClosing) stack.push(element);
      i = end;
    }
  }
  if (stack.length > 0) throw new XmlSyntaxError(`Unclosed <${stack[stack.length - 1].name}>`);
  if (!root) throw new XmlSyntaxError("No root element");
  return root;
}

function skipPast(xml: string, from: number, terminator: string): number {
  const at = xml.indexOf(terminator, from);
  if (at === -1) throw new XmlSyntaxError(`Unterminated markup at offset ${from}`);
  return at + terminator.length;
}

/** The local part of a qualified name: "c:ser" → "ser". */
export function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}

/** First child with this local name (prefixes ignored), or undefined. */
export function child(element: XmlElement | undefined, local: string): XmlElement | undefined {
  return element?.children.find((c) => localName(c.name) === local);
}

/** All children with this local name. */
export function children(element: XmlElement | undefined, local: string): XmlElement[] {
  return element ? element.children.filter((c) => localName(c.name) === local) : [];
}

/** Follow a path of local names from an element: path(root, "chart", "title") → root/chart/title. */
export function path(element: XmlElement | undefined, ...locals: string[]): XmlElement | undefined {
  let at = element;
  for (const local of locals) at = child(at, local);
  return at;
}

/** Every descendant (depth first) with this local name. */
export function descendants(element: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (e: XmlElement): void => {
    for (const c of e.children) {
      if (localName(c.name) === local) out.push(c);
      visit(c);
    }
  };
  visit(element);
  return out;
}

/** Insert `fragment` into `xml` at `offset`. */
export function insertAt(xml: string, offset: number, fragment: string): string {
  return xml.slice(0, offset) + fragment + xml.slice(offset);
}

/**
 * Insert `fragment` (one element with local name `element`) as a child of the root, at the place
 * a schema's child order puts it: before the first existing child that comes later in `order`, or
 * before the root's closing tag. Children not in `order` are passed over. Throws if the root
 * already has such a child (the caller merges instead).
 */
export function insertChildInOrder(
  xml: string,
  order: readonly string[],
  element: string,
  fragment: string,
): string {
  const root = parseXml(xml);
  const rank = order.indexOf(element);
  if (rank === -1) throw new Error(`<${element}> is not in the child order given`);
  for (const c of root.children) {
    const name = localName(c.name);
    if (name === element) throw new Error(`<${root.name}> already has a <${element}> child`);
    if (order.indexOf(name) > rank) return insertAt(xml, c.start, fragment);
  }
  return insertAt(xml, root.contentEnd, fragment);
}
