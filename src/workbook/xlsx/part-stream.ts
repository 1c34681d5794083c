/**
 * Reading a part of a loaded zip as text, a piece at a time, with a limit on its uncompressed size.
 *
 * Why not `file.async("string")`: that inflates the whole part into one string first, which is
 * exactly what a zip bomb wants. Here the declared size is checked before inflating, and inflated
 * bytes are counted as they come, so a part that lies about its size stops at the limit.
 *
 * Who inflates ({@link Inflater}): JSZip reads the zip's directory and hands over each entry's
 * raw deflate bytes; the bytes are inflated by the platform where it can: Node's zlib (native, on
 * the thread pool, so the next piece inflates while this one is scanned), else the browser's
 * DecompressionStream("deflate-raw"), else JSZip's own JavaScript inflate (pako). Any correct
 * inflater gives the same bytes from the same deflate data, and each path applies the same
 * checks: the limit counted on its output as it streams, and the whole output's length against
 * the size the zip declares (as JSZip checks), so the reader's snapshot and errors do not depend
 * on the path (test/workbook/read-inflate.test.ts compares them).
 */
import type JSZip from "jszip";
import { PartTooLargeError } from "./limits";

/** The subset of JSZip's (untyped) internal stream helper used here. */
interface ChunkStream {
  on(event: "data", fn: (chunk: Uint8Array) => void): ChunkStream;
  on(event: "end", fn: () => void): ChunkStream;
  on(event: "error", fn: (e: unknown) => void): ChunkStream;
  resume(): ChunkStream;
  pause(): ChunkStream;
}

/** A part of the package, with the size its zip directory declares (if known). */
export interface PackagePart {
  readonly path: string;
  readonly file: JSZip.JSZipObject;
  readonly declaredSize?: number;
  /** Who inflates it; "auto" when not given. */
  readonly inflater?: Inflater;
}

/**
 * Who inflates a part: "zlib" (Node's), "web" (DecompressionStream), "jszip" (pako, in
 * JavaScript). "auto", the default, takes the first of them the platform has.
 */
export type Inflater = "auto" | "zlib" | "web" | "jszip";

/** Thrown when a part cannot be inflated (bad deflate data, a size that does not match). */
export class PartInflateError extends Error {
  override name = "PartInflateError";
  constructor(
    readonly part: string,
    readonly detail: string,
  ) {
    super(`${part} cannot be decompressed`);
  }
}

/** What JSZip keeps of a loaded entry (its internal CompressedObject): the raw bytes and sizes. */
interface CompressedEntry {
  readonly compressedContent: Uint8Array;
  readonly uncompressedSize: number;
  readonly compression: { readonly magic: string };
}

/** Compression methods (APPNOTE.TXT 4.4.5) as JSZip spells them. */
const STORE = "\x00\x00";
const DEFLATE = "\x08\x00";

/**
 * The entry's raw bytes as JSZip loaded them (a view into the package, no copy), or undefined
 * when JSZip holds it some other way or it uses a method other than store and deflate (JSZip
 * then inflates, and reports the method it does not know as it always has).
 */
function compressedEntry(file: JSZip.JSZipObject): CompressedEntry | undefined {
  const data = (file as unknown as { _data?: Partial<CompressedEntry> })._data;
  if (
    data === null ||
    typeof data !== "object" ||
    !(data.compressedContent instanceof Uint8Array) ||
    typeof data.uncompressedSize !== "number" ||
    (data.compression?.magic !== STORE && data.compression?.magic !== DEFLATE)
  )
    return undefined;
  return data as CompressedEntry;
}

/** The subset of Node's zlib used here. */
interface NodeZlib {
  createInflateRaw(options: { chunkSize: number }): AsyncIterable<Uint8Array> & {
    end(data: Uint8Array): void;
    destroy(): void;
  };
}

/** Node's zlib, found at run time so that bundlers for the browser do not try to include it. */
function nodeZlib(): NodeZlib | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== "function") return undefined;
  try {
    const zlib = proc.getBuiltinModule("zlib") as NodeZlib | undefined;
    return typeof zlib?.createInflateRaw === "function" ? zlib : undefined;
  } catch {
    return undefined;
  }
}

/** Whether this platform's DecompressionStream knows raw deflate (Chrome 103+, Firefox 113+, Node 20). */
function hasWebInflate(): boolean {
  if (typeof DecompressionStream !== "function") return false;
  try {
    new DecompressionStream("deflate-raw" as CompressionFormat);
    return true;
  } catch {
    return false;
  }
}

let autoInflater: Exclude<Inflater, "auto"> | undefined;

/** The inflater "auto" stands for here (decided once). */
export function platformInflater(): Exclude<Inflater, "auto"> {
  autoInflater ??= nodeZlib() ? "zlib" : hasWebInflate() ? "web" : "jszip";
  return autoInflater;
}

/** Output pieces: large enough that the scan's per-piece costs are small, small enough to stream. */
const PIECE_BYTES = 128 * 1024;
/** Compressed bytes handed to DecompressionStream at a time: one write inflates to at most ~1,032 times this. */
const WEB_INPUT_BYTES = 4 * 1024;

/** Node: zlib on the thread pool; the stream's buffer lets the next piece inflate during the scan. */
async function* zlibPieces(zlib: NodeZlib, data: Uint8Array, path: string): AsyncGenerator<Uint8Array> {
  const stream = zlib.createInflateRaw({ chunkSize: PIECE_BYTES });
  stream.end(data);
  const pieces = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await pieces.next();
      } catch (e) {
        throw new PartInflateError(path, e instanceof Error ? e.message : String(e));
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Stops the inflate when the reader gives up early (a limit, a scan error).
    stream.destroy();
  }
}

/** Browsers: DecompressionStream, fed a little at a time so a bomb cannot inflate far ahead. */
async function* webPieces(data: Uint8Array, path: string): AsyncGenerator<Uint8Array> {
  const stream = new DecompressionStream("deflate-raw" as CompressionFormat);
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const feeding = (async () => {
    for (let at = 0; at < data.length; at += WEB_INPUT_BYTES) {
      await writer.ready;
      await writer.write(data.subarray(at, at + WEB_INPUT_BYTES) as Uint8Array<ArrayBuffer>);
    }
    await writer.close();
  })();
  // A failed write shows as the reader's error; this only keeps the rejection from going unhandled.
  feeding.catch(() => undefined);
  let finished = false;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (e) {
        throw new PartInflateError(path, e instanceof Error ? e.message : String(e));
      }
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

/** Stored (not compressed) bytes, in pieces so the limit and the decoder work as for the others. */
function* storedPieces(data: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < data.length; at += PIECE_BYTES) yield data.subarray(at, at + PIECE_BYTES);
}

/** Counts a part's bytes against its limit and decodes them to text for `onText`. */
class TextSink {
  private readonly decoder = new TextDecoder("utf-8");
  private seen = 0;
  constructor(
    private readonly part: PackagePart,
    private readonly role: string,
    private readonly limit: number,
    private readonly onText: (text: string) => void,
  ) {}

  /** The next inflated piece; throws {@link PartTooLargeError} past the limit, or what onText throws. */
  write(bytes: Uint8Array): void {
    this.seen += bytes.length;
    if (this.seen > this.limit) throw new PartTooLargeError(this.part.path, this.role, this.limit);
    const text = this.decoder.decode(bytes, { stream: true });
    if (text.length > 0) this.onText(text);
  }

  /** The part is complete; `expected` is the size the zip declares, when checked here. */
  end(expected?: number): void {
    if (expected !== undefined && this.seen !== expected) {
      throw new PartInflateError(
        this.part.path,
        `it inflates to ${this.seen} bytes, not the ${expected} its zip entry declares`,
      );
    }
    const rest = this.decoder.decode();
    if (rest.length > 0) this.onText(rest);
  }
}

/** JSZip's own inflate (pako), through its internal stream. */
function streamWithJsZip(part: PackagePart, sink: TextSink): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let done = false;
    const stream = (
      part.file as unknown as { internalStream(type: "uint8array"): ChunkStream }
    ).internalStream("uint8array");
    const fail = (e: unknown): void => {
      if (done) return;
      done = true;
      stream.pause();
      reject(e);
    };
    stream
      .on("data", (chunk) => {
        if (done) return;
        try {
          sink.write(chunk);
        } catch (e) {
          fail(e);
        }
      })
      .on("error", (e) => {
        fail(new PartInflateError(part.path, e instanceof Error ? e.message : String(e)));
      })
      .on("end", () => {
        if (done) return;
        try {
          // JSZip has checked the length against the declared size (an "error" if it differs).
          sink.end();
        } catch (e) {
          return fail(e);
        }
        done = true;
        resolve();
      })
      .resume();
  });
}

/**
 * Inflate `part`, handing its text to `onText` piece by piece (UTF-8 decoded across piece
 * boundaries). Rejects with {@link PartTooLargeError} past `limit` bytes, with
 * {@link PartInflateError} when the data cannot be inflated or inflate to another size than the
 * zip declares, or with whatever `onText` throws.
 */
export async function streamPartText(
  part: PackagePart,
  role: string,
  limit: number,
  onText: (text: string) => void,
): Promise<void> {
  if (part.declaredSize !== undefined && part.declaredSize > limit) {
    throw new PartTooLargeError(part.path, role, limit, part.declaredSize);
  }
  const sink = new TextSink(part, role, limit, onText);
  const wanted = part.inflater ?? "auto";
  const chosen = wanted === "auto" ? platformInflater() : wanted;
  const entry = chosen === "jszip" ? undefined : compressedEntry(part.file);
  const zlib = chosen === "zlib" ? nodeZlib() : undefined;
  // Asked for an inflater the platform lacks: JSZip's, which every platform has.
  if (!entry || (chosen === "zlib" && !zlib) || (chosen === "web" && !hasWebInflate()))
    return streamWithJsZip(part, sink);
  const data = entry.compressedContent;
  const pieces =
    entry.compression.magic === STORE
      ? storedPieces(data)
      : zlib
        ? zlibPieces(zlib, data, part.path)
        : webPieces(data, part.path);
  for await (const piece of pieces) sink.write(piece);
  sink.end(entry.uncompressedSize);
}

/** The whole text of a small part, under `limit` bytes (see {@link streamPartText}). */
export async function readPartText(part: PackagePart, role: string, limit: number): Promise<string> {
  const pieces: string[] = [];
  await streamPartText(part, role, limit, (t) => pieces.push(t));
  return pieces.join("");
}
