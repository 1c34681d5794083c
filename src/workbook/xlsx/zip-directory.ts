/**
 * The sizes a zip's central directory declares for its entries, read before anything is inflated,
 * so a part that says it expands past a limit is refused without spending the memory. Declared
 * sizes can lie (a hand-made zip bomb may claim a small size): the reader also counts bytes while
 * inflating (see part-stream.ts); this is the cheap first check.
 */

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const ZIP64_EXTRA = 0x0001;
const MAX_COMMENT = 0xffff;

function u16(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

/** A little-endian 64-bit field as a number (exact up to 2^53, which is past any real size). */
function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 2 ** 32;
}

/** Where the central directory starts and how many entries it has, or undefined. */
function findDirectory(b: Uint8Array): { offset: number; count: number } | undefined {
  const lowest = Math.max(0, b.length - 22 - MAX_COMMENT);
  for (let at = b.length - 22; at >= lowest; at--) {
    if (u32(b, at) !== END_OF_DIRECTORY) continue;
    let offset = u32(b, at + 16);
    let count = u16(b, at + 10);
    const locator = at - 20;
    if (locator >= 0 && u32(b, locator) === ZIP64_LOCATOR) {
      const end64 = u64(b, locator + 8);
      if (end64 + 56 <= b.length && u32(b, end64) === ZIP64_END) {
        count = u64(b, end64 + 32);
        offset = u64(b, end64 + 48);
      }
    }
    return offset < b.length ? { offset, count } : undefined;
  }
  return undefined;
}

/**
 * Declared uncompressed size of every entry, by name (names decoded as UTF-8, which covers every
 * part name an xlsx uses). An empty map when the directory cannot be found; the caller then
 * relies on counting while inflating.
 */
export function declaredSizes(bytes: Uint8Array): Map<string, number> {
  const out = new Map<string, number>();
  const dir = findDirectory(bytes);
  if (!dir) return out;
  const decoder = new TextDecoder("utf-8");
  let at = dir.offset;
  for (let i = 0; i < dir.count && at + 46 <= bytes.length; i++) {
    if (u32(bytes, at) !== DIRECTORY_ENTRY) break;
    let size = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (size === 0xffffffff) {
      // Zip64: the real size is the first field of the zip64 extra block.
      let e = at + 46 + nameLength;
      const end = e + extraLength;
      while (e + 4 <= end && e + 4 <= bytes.length) {
        const id = u16(bytes, e);
        const len = u16(bytes, e + 2);
        if (id === ZIP64_EXTRA && len >= 8) {
          size = u64(bytes, e + 4);
          break;
        }
        e += 4 + len;
      }
    }
    out.set(name, Math.max(size, out.get(name) ?? 0));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}
