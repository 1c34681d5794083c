/**
 * The floor any xlsx reader pays: unzip every XML part of the package and walk its XML once,
 * start tag by end tag, taking out each text node (a SAX pass with nothing built from it). Written
 * here, small and independent of the project's reader, so the papers benchmark can state the build
 * against it.
 *
 * Unzip: the zip's central directory gives each entry's offset and sizes (APPNOTE.TXT 4.3.12); the
 * data after its local header (4.3.7) is inflated with Node's zlib (native code: a floor no
 * JavaScript inflater beats), or, for the floor of a reader that must also run in a browser, with
 * JSZip as the project's reader does. XML: a scan over the text for "<": the tag's name, whether it opens
 * or closes, and the text between tags, entity-decoded when it holds "&". The counts it returns
 * (elements, `<c>` cells, text nodes) let the benchmark check it read the whole package.
 */
import zlib from "node:zlib";
import JSZip from "jszip";

/** What one pass over a package found. */
export interface FloorScan {
  readonly parts: number;
  readonly xmlBytes: number;
  readonly elements: number;
  /** `<c …>` elements: worksheet cells. */
  readonly cells: number;
  /** Non-empty text nodes (values, shared strings, …). */
  readonly texts: number;
  /** Total characters of text, after decoding entities. */
  readonly textChars: number;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === "#")
      return String.fromCodePoint(
        e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10),
      );
    return ENTITIES[e] ?? m;
  });
}

/** The entries of a zip: name, compression method, where the compressed data is and its size. */
function entries(zip: Buffer): { name: string; method: number; start: number; size: number }[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip: no end of central directory");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out: { name: string; method: number; start: number; size: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error("bad central directory entry");
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    out.push({ name, method, start, size });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

/** Counts as one pass goes. */
interface Tally {
  parts: number;
  xmlBytes: number;
  elements: number;
  cells: number;
  texts: number;
  textChars: number;
}

/** The SAX pass over one part's XML. */
function scanXml(xml: string, t: Tally): void {
  t.parts++;
  let i = xml.indexOf("<");
  while (i >= 0) {
    const close = xml.indexOf(">", i);
    if (close < 0) break;
    const c1 = xml.charCodeAt(i + 1);
    // "<?" declarations, "<!" comments and CDATA are passed over; "</x>" closes, the rest open.
    if (c1 !== 63 && c1 !== 33 && c1 !== 47) {
      t.elements++;
      // "<c " or "<c>": a cell (not <col>, <cols>, <cfRule> …).
      if (c1 === 99) {
        const c2 = xml.charCodeAt(i + 2);
        if (c2 === 32 || c2 === 62 || c2 === 47) t.cells++;
      }
    }
    const next = xml.indexOf("<", close + 1);
    if (next > close + 1) {
      let text = xml.slice(close + 1, next);
      if (text.includes("&")) text = decodeEntities(text);
      if (text.trim() !== "") {
        t.texts++;
        t.textChars += text.length;
      }
    }
    i = next;
  }
}

const XML_PART = /\.(xml|rels)$/;

/**
 * Unzip (Node's zlib) and SAX-scan every .xml / .rels part of an xlsx.
 * @example scanXlsx(bytes).cells // every <c> of every worksheet
 */
export function scanXlsx(bytes: Uint8Array): FloorScan {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const t: Tally = { parts: 0, xmlBytes: 0, elements: 0, cells: 0, texts: 0, textChars: 0 };
  for (const e of entries(zip)) {
    if (!XML_PART.test(e.name)) continue;
    const data = zip.subarray(e.start, e.start + e.size);
    const raw = e.method === 8 ? zlib.inflateRawSync(data) : data;
    t.xmlBytes += raw.length;
    scanXml(raw.toString("utf8"), t);
  }
  return t;
}

/**
 * The same pass, unzipping with JSZip (JavaScript inflate), as the project's reader does so that
 * it runs in a browser too: the floor for a reader that must.
 */
export async function scanXlsxWithJsZip(bytes: Uint8Array): Promise<FloorScan> {
  const zip = await JSZip.loadAsync(bytes);
  const t: Tally = { parts: 0, xmlBytes: 0, elements: 0, cells: 0, texts: 0, textChars: 0 };
  for (const file of Object.values(zip.files)) {
    if (file.dir || !XML_PART.test(file.name)) continue;
    const xml = await file.async("string");
    t.xmlBytes += Buffer.byteLength(xml);
    scanXml(xml, t);
  }
  return t;
}
