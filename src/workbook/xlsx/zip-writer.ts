/**
 * Writing the finished package as a zip file, with the platform's own deflate.
 *
 * JSZip deflates in JavaScript (pako) and computes CRC-32s in JavaScript too; for a large papers
 * workbook (10 MB of XML) that cost more than writing the XML. Node's zlib and the browsers'
 * CompressionStream do both natively.
 *
 * - In Node a part is deflated in pieces as it is written (pigz's way): each piece is an
 *   independent raw deflate ended by a sync flush, run on libuv's thread pool while the next
 *   piece is rendered, and the pieces joined end to end make one deflate stream once an empty
 *   final block is added. The CRC-32 is zlib's, piece by piece.
 * - In a browser the pieces are gzipped in one go with CompressionStream at the end; a gzip member
 *   is a raw deflate stream (what a zip entry holds) between a header and a trailer that carries
 *   the CRC-32 and length the zip entry needs.
 *
 * Where neither is available {@link nativeDeflate} returns undefined and the caller falls back to
 * JSZip.
 */

/** A part's compressed bytes and what the zip directory records about it. */
export interface DeflatedPart {
  /** Raw deflate data. */
  readonly data: Uint8Array;
  readonly crc32: number;
  /** Length of the uncompressed part. */
  readonly size: number;
}

/** Deflates one part, given in pieces. */
export interface PartDeflater {
  /** The next piece of the part. */
  write(bytes: Uint8Array): void;
  /** The part, deflated: call once, after the last piece. */
  end(): Promise<DeflatedPart>;
}

/** Starts a {@link PartDeflater} for each part. */
export type Deflate = () => PartDeflater;

interface NodeZlib {
  deflateRaw(
    data: Uint8Array,
    options: { level: number; finishFlush: number },
    callback: (error: Error | null, out: Uint8Array) => void,
  ): void;
  crc32(data: Uint8Array, value?: number): number;
  constants: { Z_SYNC_FLUSH: number };
}

/** Node's zlib, found at run time so that bundlers for the browser do not try to include it. */
function nodeZlib(): NodeZlib | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== "function") return undefined;
  try {
    const zlib = proc.getBuiltinModule("zlib") as NodeZlib | undefined;
    return typeof zlib?.crc32 === "function" && typeof zlib.deflateRaw === "function" ? zlib : undefined;
  } catch {
    return undefined;
  }
}

/** An empty final block with fixed Huffman codes (BFINAL=1, BTYPE=01, end-of-block): ends a stream. */
const FINAL_EMPTY_BLOCK = Uint8Array.of(0x03, 0x00);

/** Join byte arrays. */
function concat(pieces: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of pieces) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Node: each piece deflated on the thread pool as soon as it is written. */
class NodePartDeflater implements PartDeflater {
  private readonly pieces: Promise<Uint8Array>[] = [];
  private crc = 0;
  private size = 0;

  constructor(private readonly zlib: NodeZlib) {}

  write(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.crc = this.zlib.crc32(bytes, this.crc);
    this.size += bytes.length;
    const piece = new Promise<Uint8Array>((resolve, reject) =>
      this.zlib.deflateRaw(
        bytes,
        { level: 6, finishFlush: this.zlib.constants.Z_SYNC_FLUSH },
        (error, out) => (error ? reject(error) : resolve(out)),
      ),
    );
    piece.catch(() => undefined); // awaited in end(); a write abandoned before then must not go unhandled
    this.pieces.push(piece);
  }

  async end(): Promise<DeflatedPart> {
    const pieces = await Promise.all(this.pieces);
    pieces.push(FINAL_EMPTY_BLOCK);
    return { data: concat(pieces), crc32: this.crc >>> 0, size: this.size };
  }
}

/** Browsers: the pieces gzipped together by CompressionStream at the end. */
class StreamPartDeflater implements PartDeflater {
  private readonly pieces: Uint8Array[] = [];

  write(bytes: Uint8Array): void {
    this.pieces.push(bytes);
  }

  async end(): Promise<DeflatedPart> {
    const blob = new Blob(this.pieces as BlobPart[]);
    const stream = blob.stream().pipeThrough(new CompressionStream("gzip"));
    const part = fromGzip(new Uint8Array(await new Response(stream).arrayBuffer()));
    if (part.size !== blob.size % 0x1_0000_0000) throw new Error("gzip gave a wrong length");
    return part;
  }
}

/** Node's deflate (zlib level 6, on the thread pool), or undefined outside Node (or before 20.16). */
export function nodeDeflate(): Deflate | undefined {
  const zlib = nodeZlib();
  return zlib ? () => new NodePartDeflater(zlib) : undefined;
}

/** The browsers' deflate (CompressionStream, zlib's default level 6), or undefined without it. */
export function streamDeflate(): Deflate | undefined {
  const available =
    typeof CompressionStream === "function" && typeof Blob === "function" && typeof Response === "function";
  return available ? () => new StreamPartDeflater() : undefined;
}

/** The platform's deflate, or undefined when it has none. */
export function nativeDeflate(): Deflate | undefined {
  return nodeDeflate() ?? streamDeflate();
}

/** Take a gzip member apart (RFC 1952): its deflate data, CRC-32 and input length. */
export function fromGzip(gz: Uint8Array): DeflatedPart {
  if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b || gz[2] !== 8) throw new Error("Not a gzip member");
  const flags = gz[3];
  let at = 10;
  if (flags & 4) at += 2 + (gz[at] | (gz[at + 1] << 8)); // FEXTRA
  if (flags & 8) while (gz[at++] !== 0); // FNAME, zero-terminated
  if (flags & 16) while (gz[at++] !== 0); // FCOMMENT
  if (flags & 2) at += 2; // FHCRC
  const end = gz.length - 8;
  const view = new DataView(gz.buffer, gz.byteOffset, gz.byteLength);
  return {
    data: gz.subarray(at, end),
    crc32: view.getUint32(end, true),
    size: view.getUint32(end + 4, true),
  };
}

/** MS-DOS date and time, as zip headers hold them (local time, two-second resolution). */
function dosDateTime(date: Date): { date: number; time: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
  };
}

/**
 * A zip file holding `entries` in order, each deflated (method 8). No folder entries, no zip64:
 * a papers workbook is far below 4 GB and 65,535 parts.
 */
export function zipFile(
  entries: readonly { name: string; part: DeflatedPart }[],
  modified: Date,
): Uint8Array {
  if (entries.length > 0xffff) throw new Error("Too many parts for a zip file");
  const { date, time } = dosDateTime(modified);
  const encoder = new TextEncoder();
  const names = entries.map((e) => encoder.encode(e.name));
  let localSize = 0;
  let centralSize = 0;
  entries.forEach((e, i) => {
    localSize += 30 + names[i].length + e.part.data.length;
    centralSize += 46 + names[i].length;
  });
  if (localSize + centralSize > 0xffff_ffff) throw new Error("The package is too large for a zip file");
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const offsets: number[] = [];
  // Bit 11: names are UTF-8.
  const FLAGS = 0x0800;
  entries.forEach((e, i) => {
    offsets.push(at);
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, 20, true); // version needed: 2.0 (deflate)
    view.setUint16(at + 6, FLAGS, true);
    view.setUint16(at + 8, 8, true); // deflate
    view.setUint16(at + 10, time, true);
    view.setUint16(at + 12, date, true);
    view.setUint32(at + 14, e.part.crc32, true);
    view.setUint32(at + 18, e.part.data.length, true);
    view.setUint32(at + 22, e.part.size, true);
    view.setUint16(at + 26, names[i].length, true);
    view.setUint16(at + 28, 0, true);
    out.set(names[i], at + 30);
    at += 30 + names[i].length;
    out.set(e.part.data, at);
    at += e.part.data.length;
  });
  const centralStart = at;
  entries.forEach((e, i) => {
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true); // version made by: 2.0, MS-DOS attributes
    view.setUint16(at + 6, 20, true);
    view.setUint16(at + 8, FLAGS, true);
    view.setUint16(at + 10, 8, true);
    view.setUint16(at + 12, time, true);
    view.setUint16(at + 14, date, true);
    view.setUint32(at + 16, e.part.crc32, true);
    view.setUint32(at + 20, e.part.data.length, true);
    view.setUint32(at + 24, e.part.size, true);
    view.setUint16(at + 28, names[i].length, true);
    // extra, comment, disk number, internal and external attributes: all zero
    view.setUint32(at + 42, offsets[i], true);
    out.set(names[i], at + 46);
    at += 46 + names[i].length;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - centralStart, true);
  view.setUint32(at + 16, centralStart, true);
  return out;
}
