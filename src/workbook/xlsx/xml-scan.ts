/**
 * A streaming, SAX-style scan of XML text: start tags, end tags and character data reported as
 * they are found, with text fed in pieces of any size. The reader uses it for the parts that can
 * be large (worksheets, shared strings, styles), so a sheet's memory is what the reader keeps of
 * it, never the whole part or a tree of it.
 *
 * Why not xml.ts's parseXml: it builds a tree of the whole part, with offsets, for patching small
 * parts we write. Why our own rather than a library: the project depends on no XML library, and
 * the parts are machine-written spreadsheet XML, where this subset (no DTDs, no custom entities)
 * is all there is. Element names are reported without their namespace prefix ("x:c" → "c").
 */

/** What the scan reports to. */
export interface XmlScanHandler {
  /** Set true while character data matters; text is neither sliced nor decoded otherwise. */
  readonly wantText: boolean;
  /** A start tag (or empty-element tag, then `selfClosing`), with its raw attribute text. */
  open(name: string, attrs: string, selfClosing: boolean): void;
  /** An end tag, and after `open` for an empty-element tag. */
  close(name: string): void;
  /** Character data, entities decoded; one run of text may come in several calls. */
  text(text: string): void;
  /**
   * Optional: read a whole element in one go, for elements so frequent that events per tag cost
   * too much (a sheet's cells). Called with the text in hand and the position of a start tag's
   * "<" inside the root element; returns the position just after the element's end tag when it
   * read the element itself (the scan then reports none of its tags or text), or -1 to leave it to
   * the scan, tag by tag. It must take only text the scan accepts, with the same meaning; -1 when
   * the element is unusual or runs past the text in hand.
   */
  element?(xml: string, lt: number): number;
}

/** The XML is not well formed; `message` says where in words, for the detail of a report. */
export class XmlScanError extends Error {
  override name = "XmlScanError";
}

// A start or empty-element tag (values may contain ">" inside quotes), and an end tag.
const START_TAG = /<([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const END_TAG = /<\/([A-Za-z_][\w.:-]*)\s*>/y;
/** A construct still open after this many characters is not a real part's (a tag is a few hundred). */
const MAX_PENDING = 16 * 1024 * 1024;

const NAMED: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decode the predefined entities and character references; anything else stays as written. */
export function decodeXmlText(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] !== "#") return NAMED[ref] ?? whole;
    const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * A copy of `text` that holds none of the piece it was cut from. Why: V8 keeps a substring of 13 or
 * more characters as a view into its parent string, so one kept cell text would keep its whole
 * 16 KB piece of the part alive, and a table of such texts the whole part (measured: 400,000 kept
 * texts held 171 MB instead of 23 MB). A JSON round trip makes a fresh string, lone surrogates
 * included; shorter texts are copied by V8 already.
 */
export function detachText(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(":");
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

const attrPatterns = new Map<string, RegExp>();

/** One attribute's value (entities decoded) from a tag's raw attribute text, or undefined. */
export function attr(attrs: string, name: string): string | undefined {
  let pattern = attrPatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attrPatterns.set(name, pattern);
  }
  const m = pattern.exec(attrs);
  if (!m) return undefined;
  return decodeXmlText(m[1] ?? m[2]);
}

/**
 * Every attribute of a tag's raw attribute text (as the start-tag pattern matched it: `name="v"`
 * pairs separated by white space) handed to `onAttr` with its value still encoded, in one pass and
 * without a pattern per attribute. Why: a sheet has three attributes on each of its cells, and
 * {@link attr}'s search per name was a fifth of the time of reading a large sheet. Unlike that
 * search, text inside another attribute's value is never taken for an attribute.
 */
export function eachAttr(attrs: string, onAttr: (name: string, rawValue: string) => void): void {
  const n = attrs.length;
  let i = 0;
  while (i < n) {
    let c = attrs.charCodeAt(i);
    // White space: space, tab, line feed, carriage return.
    while (i < n && (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d)) c = attrs.charCodeAt(++i);
    if (i >= n) return;
    const nameStart = i;
    while (i < n && c !== 0x3d /* = */ && c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)
      c = attrs.charCodeAt(++i);
    const name = attrs.slice(nameStart, i);
    i = attrs.indexOf("=", i) + 1;
    if (i === 0) return;
    while (i < n && attrs.charCodeAt(i) !== 0x22 && attrs.charCodeAt(i) !== 0x27) i++;
    if (i >= n) return;
    const close = attrs.indexOf(attrs[i], i + 1);
    if (close === -1) return;
    onAttr(name, attrs.slice(i + 1, close));
    i = close + 1;
  }
}

/** XML white space: space, tab, line feed, carriage return. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Whether `c` may continue a name as START_TAG and END_TAG allow (`[\w.:-]`). */
function isNameChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x2e ||
    c === 0x3a ||
    c === 0x2d
  );
}

/**
 * The end of the element name starting at `from` (`[A-Za-z_][\w.:-]*`), or -1 when there is no
 * name there or it runs to the end of `xml` (it may go on in the next piece).
 */
function endOfName(xml: string, from: number): number {
  const first = xml.charCodeAt(from);
  if (!((first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a) || first === 0x5f)) return -1;
  let i = from + 1;
  while (i < xml.length && isNameChar(xml.charCodeAt(i))) i++;
  return i < xml.length ? i : -1;
}

/** Whether a tag starting at `lt` has its closing ">" (outside quotes) within `xml`. */
function tagComplete(xml: string, lt: number): boolean {
  let quote = "";
  for (let i = lt + 1; i < xml.length; i++) {
    const ch = xml[i];
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ">") return true;
  }
  return false;
}

/** Feed text with {@link XmlScanner.write}, then call {@link XmlScanner.end}. */
export class XmlScanner {
  private pending = "";
  /** Qualified names of the open elements, innermost last. */
  private readonly open: string[] = [];
  private sawRoot = false;

  constructor(private readonly handler: XmlScanHandler) {}

  /** Scan the next piece of the document. */
  write(piece: string): void {
    this.pending = this.pending.length > 0 ? this.pending + piece : piece;
    this.drain(false);
  }

  /** The document is complete: throws {@link XmlScanError} when something is left open. */
  end(): void {
    this.drain(true);
    if (this.pending.trim().length > 0) throw new XmlScanError("the part ends inside a tag");
    if (!this.sawRoot) throw new XmlScanError("the part has no XML elements");
    if (this.open.length !== 0)
      throw new XmlScanError(`the part ends before <${this.open[this.open.length - 1]}> is closed`);
  }

  // What readStartTag found: the tag's qualified name, raw attribute text and whether it is empty.
  private tagName = "";
  private tagAttrs = "";
  private tagSelfClosing = false;

  /**
   * Read the start tag at `lt` by hand, as START_TAG would match it, into tagName, tagAttrs and
   * tagSelfClosing; the position after it, or -1 when the tag is not complete within `xml` or is
   * not in START_TAG's form (the caller then uses START_TAG, which reports the error). Why: a
   * sheet has four or five tags per cell, and a match object with three captures for each was
   * most of the scan's time and garbage.
   */
  private readStartTag(xml: string, lt: number): number {
    const nameEnd = endOfName(xml, lt + 1);
    if (nameEnd === -1) return -1;
    const n = xml.length;
    let i = nameEnd;
    let attrsEnd = nameEnd;
    for (;;) {
      // (\s+ name \s* = \s* quoted)* then \s* then "/"? then ">".
      let c = xml.charCodeAt(i);
      const spaceStart = i;
      while (isSpace(c)) c = xml.charCodeAt(++i);
      if (i >= n) return -1;
      if (c === 0x3e /* > */) {
        this.tagSelfClosing = false;
        break;
      }
      if (c === 0x2f /* / */) {
        if (xml.charCodeAt(i + 1) !== 0x3e) return -1;
        this.tagSelfClosing = true;
        i++;
        break;
      }
      if (i === spaceStart) return -1; // an attribute must follow white space
      const attrStart = i;
      while (i < n && c !== 0x3d /* = */ && c !== 0x2f && c !== 0x3e && !isSpace(c)) c = xml.charCodeAt(++i);
      if (i === attrStart || i >= n) return -1;
      while (isSpace(c)) c = xml.charCodeAt(++i);
      if (c !== 0x3d) return -1;
      c = xml.charCodeAt(++i);
      while (isSpace(c)) c = xml.charCodeAt(++i);
      if (c !== 0x22 && c !== 0x27) return -1;
      const close = xml.indexOf(c === 0x22 ? '"' : "'", i + 1);
      if (close === -1) return -1;
      i = close + 1;
      attrsEnd = i;
    }
    this.tagName = xml.slice(lt + 1, nameEnd);
    this.tagAttrs = attrsEnd === nameEnd ? "" : xml.slice(nameEnd, attrsEnd);
    return i + 1;
  }

  private emitText(raw: string): void {
    // Text outside the root element (the line break after the declaration) is not content.
    if (this.handler.wantText && raw.length > 0 && this.open.length > 0)
      this.handler.text(decodeXmlText(raw));
  }

  private drain(final: boolean): void {
    const xml = this.pending;
    const h = this.handler;
    let pos = 0;
    while (pos < xml.length) {
      const lt = xml.indexOf("<", pos);
      if (lt === -1) {
        // Text to the end of the piece; keep back a reference that may be cut in two ("&am").
        let cut = xml.length;
        if (!final) {
          const amp = xml.lastIndexOf("&");
          if (amp >= pos && xml.indexOf(";", amp) === -1) cut = amp;
        }
        this.emitText(xml.slice(pos, cut));
        pos = cut;
        break;
      }
      // Slice only text someone wants: most of a sheet's text (formulas, spaces) is not.
      if (lt > pos && h.wantText) this.emitText(xml.slice(pos, lt));
      pos = lt;
      const next = xml.charCodeAt(lt + 1);
      if (next === 0x2f /* / */) {
        // "</v>": read by hand, without a match object (most end tags of a sheet are like it).
        const nameEnd = endOfName(xml, lt + 2);
        let qualified: string;
        if (nameEnd !== -1 && xml.charCodeAt(nameEnd) === 0x3e /* > */) {
          qualified = xml.slice(lt + 2, nameEnd);
          pos = nameEnd + 1;
        } else {
          END_TAG.lastIndex = lt;
          const m = END_TAG.exec(xml);
          if (!m) {
            if (!final && xml.indexOf(">", lt) === -1) break;
            throw new XmlScanError("an end tag is not well formed");
          }
          qualified = m[1];
          pos = END_TAG.lastIndex;
        }
        const opened = this.open.pop();
        if (opened !== qualified) {
          throw new XmlScanError(
            opened === undefined
              ? `</${qualified}> closes an element that is not open`
              : `</${qualified}> closes <${opened}>`,
          );
        }
        h.close(localName(qualified));
      } else if (next === 0x3f /* ? */) {
        const close = xml.indexOf("?>", lt + 2);
        if (close === -1) break;
        pos = close + 2;
      } else if (next === 0x21 /* ! */) {
        if (xml.startsWith("<!--", lt)) {
          const close = xml.indexOf("-->", lt + 4);
          if (close === -1) break;
          pos = close + 3;
        } else if (xml.startsWith("<![CDATA[", lt)) {
          const close = xml.indexOf("]]>", lt + 9);
          if (close === -1) break;
          if (h.wantText) h.text(xml.slice(lt + 9, close));
          pos = close + 3;
        } else {
          // A DOCTYPE (never in a part Excel writes): skipped, its entities never expanded.
          const bracket = xml.indexOf("[", lt);
          const gt = xml.indexOf(">", lt);
          if (gt === -1) break;
          if (bracket !== -1 && bracket < gt) {
            const close = xml.indexOf("]>", bracket);
            if (close === -1) break;
            pos = close + 2;
          } else pos = gt + 1;
        }
      } else {
        if (h.element !== undefined && this.open.length > 0) {
          const after = h.element(xml, lt);
          if (after !== -1) {
            pos = after;
            continue;
          }
        }
        let qualified: string;
        let attrs: string;
        let selfClosing: boolean;
        const end = this.readStartTag(xml, lt);
        if (end !== -1) {
          qualified = this.tagName;
          attrs = this.tagAttrs;
          selfClosing = this.tagSelfClosing;
          pos = end;
        } else {
          // Not in the plain form readStartTag knows (or cut off by the end of the piece).
          START_TAG.lastIndex = lt;
          const m = START_TAG.exec(xml);
          if (!m) {
            if (!final && !tagComplete(xml, lt)) break;
            throw new XmlScanError("a start tag is not well formed");
          }
          qualified = m[1];
          attrs = m[2];
          selfClosing = m[3] === "/";
          pos = START_TAG.lastIndex;
        }
        const name = localName(qualified);
        if (this.open.length === 0 && this.sawRoot) throw new XmlScanError("the part has two root elements");
        this.sawRoot = true;
        h.open(name, attrs, selfClosing);
        if (selfClosing) h.close(name);
        else this.open.push(qualified);
      }
    }
    this.pending = pos >= xml.length ? "" : xml.slice(pos);
    if (this.pending.length > MAX_PENDING) {
      throw new XmlScanError("the part has a tag, comment or CDATA section over 16 MB long");
    }
  }
}
