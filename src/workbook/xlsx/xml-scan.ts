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
      if (lt > pos) this.emitText(xml.slice(pos, lt));
      pos = lt;
      const next = xml.charCodeAt(lt + 1);
      if (next === 0x2f /* / */) {
        END_TAG.lastIndex = lt;
        const m = END_TAG.exec(xml);
        if (!m) {
          if (!final && xml.indexOf(">", lt) === -1) break;
          throw new XmlScanError("an end tag is not well formed");
        }
        const opened = this.open.pop();
        if (opened !== m[1]) {
          throw new XmlScanError(
            opened === undefined
              ? `</${m[1]}> closes an element that is not open`
              : `</${m[1]}> closes <${opened}>`,
          );
        }
        h.close(localName(m[1]));
        pos = END_TAG.lastIndex;
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
        START_TAG.lastIndex = lt;
        const m = START_TAG.exec(xml);
        if (!m) {
          if (!final && !tagComplete(xml, lt)) break;
          throw new XmlScanError("a start tag is not well formed");
        }
        const name = localName(m[1]);
        const selfClosing = m[3] === "/";
        if (this.open.length === 0 && this.sawRoot) throw new XmlScanError("the part has two root elements");
        this.sawRoot = true;
        h.open(name, m[2], selfClosing);
        if (selfClosing) h.close(name);
        else this.open.push(m[1]);
        pos = START_TAG.lastIndex;
      }
    }
    this.pending = pos >= xml.length ? "" : xml.slice(pos);
    if (this.pending.length > MAX_PENDING) {
      throw new XmlScanError("the part has a tag, comment or CDATA section over 16 MB long");
    }
  }
}
