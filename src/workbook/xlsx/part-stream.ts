/**
 * Reading a part of a loaded zip as text, a piece at a time, with a limit on its uncompressed size.
 *
 * Why not `file.async("string")`: that inflates the whole part into one string first, which is
 * exactly what a zip bomb wants. Here the declared size is checked before inflating, and inflated
 * bytes are counted as they come, so a part that lies about its size stops at the limit.
 * JSZip's internal stream is used (not Node's zlib) because the task pane reads files in a browser.
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
}

/** Thrown when JSZip cannot inflate a part (bad deflate data, a size that does not match). */
export class PartInflateError extends Error {
  override name = "PartInflateError";
  constructor(
    readonly part: string,
    readonly detail: string,
  ) {
    super(`${part} cannot be decompressed`);
  }
}

/**
 * Inflate `part`, handing its text to `onText` piece by piece (UTF-8 decoded across piece
 * boundaries). Rejects with {@link PartTooLargeError} past `limit` bytes, with
 * {@link PartInflateError} when the data cannot be inflated, or with whatever `onText` throws.
 */
export function streamPartText(
  part: PackagePart,
  role: string,
  limit: number,
  onText: (text: string) => void,
): Promise<void> {
  if (part.declaredSize !== undefined && part.declaredSize > limit) {
    return Promise.reject(new PartTooLargeError(part.path, role, limit, part.declaredSize));
  }
  return new Promise<void>((resolve, reject) => {
    const decoder = new TextDecoder("utf-8");
    let seen = 0;
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
        seen += chunk.length;
        if (seen > limit) return fail(new PartTooLargeError(part.path, role, limit));
        try {
          const text = decoder.decode(chunk, { stream: true });
          if (text.length > 0) onText(text);
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
          const rest = decoder.decode();
          if (rest.length > 0) onText(rest);
        } catch (e) {
          return fail(e);
        }
        done = true;
        resolve();
      })
      .resume();
  });
}

/** The whole text of a small part, under `limit` bytes (see {@link streamPartText}). */
export async function readPartText(part: PackagePart, role: string, limit: number): Promise<string> {
  const pieces: string[] = [];
  await streamPartText(part, role, limit, (t) => pieces.push(t));
  return pieces.join("");
}
