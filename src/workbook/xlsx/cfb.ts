/**
 * Just enough of the OLE compound file format (MS-CFB) to say what a non-zip workbook is: the
 * names of its streams, and the first bytes of one stream. Excel wraps a password-protected .xlsx
 * in a compound file (EncryptionInfo and EncryptedPackage streams); an Excel 97–2003 .xls keeps
 * its BIFF records in a Workbook (or, before Excel 97, Book) stream, whose FILEPASS record says
 * the workbook is encrypted.
 *
 * Nothing here trusts the file: every sector number is bounds-checked and every chain is cut off
 * after as many steps as the file has sectors, so a damaged or hostile file gives `undefined`,
 * never a loop or an exception.
 */

/** The eight bytes every compound file starts with. */
export const CFB_MAGIC: readonly number[] = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** A stream of the compound file, as its directory lists it. */
export interface CfbStream {
  readonly name: string;
  /** The first bytes of the stream (at most the number asked for). */
  readonly head: Uint8Array;
}

const END_OF_CHAIN = 0xfffffffe;
const DIRECTORY_ENTRY_BYTES = 128;
const STREAM_OBJECT = 2;
const ROOT_OBJECT = 5;

function u16(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/** A parsed compound file: its sector size, FAT and a way to read chains. */
class CompoundFile {
  readonly sectorSize: number;
  private readonly fat: number[] = [];

  constructor(private readonly bytes: Uint8Array) {
    this.sectorSize = 1 << u16(bytes, 0x1e);
    // The FAT's own sectors: 109 listed in the header, the rest in a chain of DIFAT sectors.
    const fatSectors: number[] = [];
    for (let i = 0; i < 109; i++) fatSectors.push(u32(bytes, 0x4c + i * 4));
    let difat = u32(bytes, 0x44);
    const perDifat = this.sectorSize / 4 - 1;
    for (let guard = 0; difat < END_OF_CHAIN && guard < this.sectorCount; guard++) {
      const at = this.offsetOf(difat);
      if (at === undefined) break;
      for (let i = 0; i < perDifat; i++) fatSectors.push(u32(bytes, at + i * 4));
      difat = u32(bytes, at + perDifat * 4);
    }
    for (const sector of fatSectors) {
      const at = this.offsetOf(sector);
      if (at === undefined) continue;
      for (let i = 0; i < this.sectorSize / 4; i++) this.fat.push(u32(bytes, at + i * 4));
    }
  }

  get sectorCount(): number {
    return Math.floor(this.bytes.length / this.sectorSize);
  }

  /** Byte offset of a sector, or undefined when it lies outside the file. */
  offsetOf(sector: number): number | undefined {
    if (sector >= END_OF_CHAIN - 16) return undefined;
    const at = (sector + 1) * this.sectorSize;
    return at + this.sectorSize <= this.bytes.length ? at : undefined;
  }

  /** The bytes of a sector chain, up to `limit` bytes. */
  chain(start: number, limit: number): Uint8Array {
    const parts: Uint8Array[] = [];
    let total = 0;
    let sector = start;
    for (let guard = 0; total < limit && guard <= this.sectorCount; guard++) {
      const at = this.offsetOf(sector);
      if (at === undefined) break;
      parts.push(this.bytes.subarray(at, at + this.sectorSize));
      total += this.sectorSize;
      sector = this.fat[sector] ?? END_OF_CHAIN;
    }
    const out = new Uint8Array(Math.min(total, limit));
    let pos = 0;
    for (const p of parts) {
      const take = Math.min(p.length, out.length - pos);
      out.set(p.subarray(0, take), pos);
      pos += take;
    }
    return out;
  }
}

/**
 * The streams of a compound file with the first `headBytes` of each, or undefined when `bytes`
 * are not a compound file whose directory can be read.
 */
export function cfbStreams(bytes: Uint8Array, headBytes = 512): CfbStream[] | undefined {
  if (bytes.length < 512 || !CFB_MAGIC.every((b, i) => bytes[i] === b)) return undefined;
  const shift = u16(bytes, 0x1e);
  if (shift !== 9 && shift !== 12) return undefined;
  const file = new CompoundFile(bytes);
  // Cap the directory read: a real workbook has a few dozen entries, not millions.
  const directory = file.chain(u32(bytes, 0x30), 4096 * DIRECTORY_ENTRY_BYTES);
  const miniCutoff = u32(bytes, 0x38);
  const miniFatStart = u32(bytes, 0x3c);
  const entries: { name: string; type: number; start: number; size: number }[] = [];
  for (let at = 0; at + DIRECTORY_ENTRY_BYTES <= directory.length; at += DIRECTORY_ENTRY_BYTES) {
    const nameBytes = Math.min(u16(directory, at + 0x40), 64);
    let name = "";
    for (let i = 0; i + 1 < nameBytes - 1; i += 2) name += String.fromCharCode(u16(directory, at + i));
    entries.push({
      name,
      type: directory[at + 0x42],
      start: u32(directory, at + 0x74),
      size: u32(directory, at + 0x78),
    });
  }
  const root = entries.find((e) => e.type === ROOT_OBJECT);
  if (!root) return undefined;
  // Small streams live in the mini stream (the root entry's chain), in 64-byte mini sectors.
  let mini: Uint8Array | undefined;
  let miniFat: Uint8Array | undefined;
  const out: CfbStream[] = [];
  for (const e of entries) {
    if (e.type !== STREAM_OBJECT) continue;
    const want = Math.min(e.size, headBytes);
    if (e.size >= miniCutoff) {
      out.push({ name: e.name, head: file.chain(e.start, want) });
      continue;
    }
    mini ??= file.chain(root.start, Math.min(root.size, 64 * 1024 * 1024));
    miniFat ??= file.chain(miniFatStart, 16 * 1024 * 1024);
    const head = new Uint8Array(want);
    let pos = 0;
    let sector = e.start;
    for (let guard = 0; pos < want && guard < mini.length / 64 + 1; guard++) {
      const at = sector * 64;
      if (at + 64 > mini.length) break;
      const take = Math.min(64, want - pos);
      head.set(mini.subarray(at, at + take), pos);
      pos += take;
      sector = sector * 4 + 4 <= miniFat.length ? u32(miniFat, sector * 4) : END_OF_CHAIN;
    }
    out.push({ name: e.name, head: head.subarray(0, pos) });
  }
  return out;
}

const BIFF_BOF = [0x0809, 0x0409, 0x0209, 0x0009];
const BIFF_FILEPASS = 0x002f;

/**
 * Whether the start of a BIFF Workbook/Book stream says it is encrypted: a FILEPASS record among
 * the first records of the globals substream (it follows the BOF, after at most a WRITEPROT).
 */
export function biffIsEncrypted(head: Uint8Array): boolean {
  if (head.length < 4 || !BIFF_BOF.includes(u16(head, 0))) return false;
  let at = 0;
  for (let records = 0; records < 8 && at + 4 <= head.length; records++) {
    const type = u16(head, at);
    if (type === BIFF_FILEPASS) return true;
    at += 4 + u16(head, at + 2);
  }
  return false;
}
