/**
 * The "memory" suite: peak memory of reading hostile and large workbooks with readWorkbookFile.
 *
 * Each case is read in a child process of its own (this file run with `--read <file>`), which
 * reports its own peak resident set size (`process.resourceUsage().maxRSS`) when the read is done,
 * so one case's garbage never counts against the next. A child that only starts up and reads a
 * one-cell workbook gives the baseline (Node, tsx and the reader's modules).
 *
 * Cases (files generated here, into the system temp folder, from fixed content):
 * - zip bombs, about 4 MB zipped: a 1.1 GB worksheet of number cells whose zip directory declares
 *   its true size (refused before inflating), the same declaring 1 KB (refused while inflating, at
 *   the cell limit), 1.1 GB of formatted cells without values declaring 1 KB (refused at the
 *   part-size limit, 512 MB, having scanned that much), and a 1.1 GB shared-strings part of one
 *   text repeated, declaring 1 KB (refused at its limit, 64 MB);
 * - a sheet formatted down to row 1,048,576: a 20-row table, then every row to the last with 12
 *   formatted but empty cells (about 250 MB of XML): read, holding the 20 rows only;
 * - a 200,000-row × 12-column register (codes, names, bands, dates, amounts): read whole.
 *
 * Targets: every bomb case and the formatted sheet below 400 MB peak; the register read works
 * (its peak is reported). Checks: each bomb is refused with reason "too-large" and a message that
 * names the limit; the formatted sheet gives its 20 rows; the register gives 200,001 rows whose
 * first and last rows hold the values written.
 */

import { spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { readWorkbookFile, WorkbookReadError } from "../src/workbook/xlsx/read";
import type { Bench, Suite } from "./harness";

const TARGET_MB = 400;
const GB_11 = 1.1e9;

// ---------------------------------------------------------------------------------------------
// Zips built from deflated pieces

/** One part: deflated pieces (each from a fresh compressor, so they can be repeated) and sizes. */
interface BuiltPart {
  readonly name: string;
  readonly pieces: readonly Buffer[];
  readonly size: number;
  readonly crc: number;
}

/** Deflate a piece so that it ends on a byte boundary and does not end the stream. */
function deflatePiece(text: string): Buffer {
  return zlib.deflateRawSync(Buffer.from(text, "utf8"), {
    level: 9,
    finishFlush: zlib.constants.Z_SYNC_FLUSH,
  });
}

/** A final, empty fixed-Huffman block: ends a stream of pieces. */
const END_OF_STREAM = Buffer.from([0x03, 0x00]);

/** A part of `head`, then `body` repeated `times`, then `tail`, deflated without ever holding it whole. */
function repeatedPart(name: string, head: string, body: string, times: number, tail: string): BuiltPart {
  const bodyBytes = Buffer.from(body, "utf8");
  let crc = zlib.crc32(head);
  for (let i = 0; i < times; i++) crc = zlib.crc32(bodyBytes, crc);
  crc = zlib.crc32(tail, crc);
  const bodyPiece = deflatePiece(body);
  const pieces = [
    deflatePiece(head),
    ...Array.from({ length: times }, () => bodyPiece),
    deflatePiece(tail),
    END_OF_STREAM,
  ];
  return {
    name,
    pieces,
    size: Buffer.byteLength(head) + bodyBytes.length * times + Buffer.byteLength(tail),
    crc,
  };
}

/** A part written piece by piece (a generator of text), deflated as it goes. */
function streamedPart(name: string, texts: Iterable<string>): BuiltPart {
  const pieces: Buffer[] = [];
  let crc = 0;
  let size = 0;
  for (const text of texts) {
    const bytes = Buffer.from(text, "utf8");
    crc = zlib.crc32(bytes, crc);
    size += bytes.length;
    pieces.push(zlib.deflateRawSync(bytes, { level: 6, finishFlush: zlib.constants.Z_SYNC_FLUSH }));
  }
  pieces.push(END_OF_STREAM);
  return { name, pieces, size, crc };
}

function smallPart(name: string, text: string): BuiltPart {
  return streamedPart(name, [text]);
}

/** A zip of the parts; `declare` overrides the uncompressed size written for a part (to lie). */
function zipOf(parts: readonly BuiltPart[], declare: Readonly<Record<string, number>> = {}): Buffer {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, "utf8");
    const compressed = p.pieces.reduce((n, b) => n + b.length, 0);
    const size = declare[p.name] ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(compressed, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(p.crc >>> 0, 16);
    entry.writeUInt32LE(compressed, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    out.push(local, name, ...p.pieces);
    offset += 30 + name.length + compressed;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, ...central, end]);
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = "</sheetData></worksheet>";

/** The parts around one worksheet: content types, rels, workbook, styles (xf 1 = a date). */
function packageParts(sheet: BuiltPart, sharedStrings?: BuiltPart): BuiltPart[] {
  const main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  return [
    smallPart(
      "[Content_Types].xml",
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
    ),
    smallPart(
      "_rels/.rels",
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    smallPart(
      "xl/workbook.xml",
      `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    smallPart(
      "xl/_rels/workbook.xml.rels",
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/>` +
        (sharedStrings
          ? `<Relationship Id="rId3" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>`
          : "") +
        `</Relationships>`,
    ),
    smallPart(
      "xl/styles.xml",
      `<styleSheet xmlns="${main}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`,
    ),
    ...(sharedStrings ? [sharedStrings] : []),
    sheet,
  ];
}

/** 1.1 GB of rows of twelve number cells (no `r` attributes, so one deflated piece repeats). */
function bombOfValues(): BuiltPart {
  const row = `<row>${"<c><v>1</v></c>".repeat(12)}</row>`;
  const body = row.repeat(Math.ceil((1 << 20) / row.length));
  return repeatedPart(
    "xl/worksheets/sheet1.xml",
    SHEET_HEAD,
    body,
    Math.ceil(GB_11 / body.length),
    SHEET_TAIL,
  );
}

/**
 * 1.1 GB of rows of sixty formatted cells with no value: wide enough rows that the part-size limit
 * (512 MB) is reached before row 1,048,576 (past which the sheet is refused as damaged).
 */
function bombOfFormats(): BuiltPart {
  const row = `<row>${'<c s="1"/>'.repeat(60)}</row>`;
  const body = row.repeat(Math.ceil((1 << 20) / row.length));
  return repeatedPart(
    "xl/worksheets/sheet1.xml",
    SHEET_HEAD,
    body,
    Math.ceil(GB_11 / body.length),
    SHEET_TAIL,
  );
}

/** A one-cell sheet whose shared-strings part is 1.1 GB of one text repeated. */
function bombOfSharedText(): BuiltPart[] {
  const sheet = smallPart(
    "xl/worksheets/sheet1.xml",
    `${SHEET_HEAD}<row r="1"><c r="A1" t="s"><v>0</v></c></row>${SHEET_TAIL}`,
  );
  const item = "<si><t>Top-up funding</t></si>";
  const body = item.repeat(Math.ceil((1 << 20) / item.length));
  const strings = repeatedPart(
    "xl/sharedStrings.xml",
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
    body,
    Math.ceil(GB_11 / body.length),
    "</sst>",
  );
  return packageParts(sheet, strings);
}

const COLUMNS = "ABCDEFGHIJKL";

/** A 20-row table, then every row down to 1,048,576 formatted (12 cells each) but empty. */
function* formattedToLastRow(): Generator<string> {
  yield SHEET_HEAD;
  let rows = "";
  for (let r = 1; r <= 1_048_576; r++) {
    if (r <= 20) {
      rows += `<row r="${r}">${[...COLUMNS].map((c, i) => `<c r="${c}${r}"><v>${r * 100 + i}</v></c>`).join("")}</row>`;
    } else {
      rows += `<row r="${r}" s="1" customFormat="1">${[...COLUMNS].map((c) => `<c r="${c}${r}" s="1"/>`).join("")}</row>`;
    }
    if (r % 10_000 === 0) {
      yield rows;
      rows = "";
    }
  }
  yield rows + SHEET_TAIL;
}

const REGISTER_ROWS = 200_000;
const BANDS = ["Band A", "Band B", "Band C", "Band D", "Band E", "Band F"];
const HEADERS = [
  "Pupil ref",
  "Name",
  "School",
  "Band",
  "Start",
  "End",
  "Hours",
  "Rate",
  "Weeks",
  "Cost",
  "Setting",
  "Notes",
];

/** Shared strings: headers, bands, 300 schools, 200,000 names, two settings. */
function registerStrings(): { part: BuiltPart; index: (text: string) => number } {
  const texts = [...HEADERS, ...BANDS];
  for (let s = 1; s <= 300; s++) texts.push(`School ${s}`);
  texts.push("Mainstream", "Special");
  const firstName = texts.length;
  const at = new Map(texts.map((t, i) => [t, i]));
  const part = streamedPart(
    "xl/sharedStrings.xml",
    (function* () {
      yield `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`;
      yield texts.map((t) => `<si><t>${t}</t></si>`).join("");
      for (let r = 1; r <= REGISTER_ROWS; r += 10_000) {
        let chunk = "";
        for (let i = r; i < r + 10_000; i++) chunk += `<si><t>Pupil ${i} Surname</t></si>`;
        yield chunk;
      }
      yield "</sst>";
    })(),
  );
  return {
    part,
    index: (text) => {
      const known = at.get(text);
      if (known !== undefined) return known;
      return firstName + Number(/^Pupil (\d+) Surname$/.exec(text)![1]) - 1;
    },
  };
}

function* registerSheet(index: (text: string) => number): Generator<string> {
  yield SHEET_HEAD;
  yield `<row r="1">${HEADERS.map((h, i) => `<c r="${COLUMNS[i]}1" t="s"><v>${index(h)}</v></c>`).join("")}</row>`;
  let rows = "";
  for (let i = 1; i <= REGISTER_ROWS; i++) {
    const r = i + 1;
    const s = (t: string, c: number): string => `<c r="${COLUMNS[c]}${r}" t="s"><v>${index(t)}</v></c>`;
    const n = (v: number, c: number, style = ""): string =>
      `<c r="${COLUMNS[c]}${r}"${style}><v>${v}</v></c>`;
    rows +=
      `<row r="${r}">` +
      `<c r="A${r}" t="inlineStr"><is><t>P${String(i).padStart(6, "0")}</t></is></c>` +
      s(`Pupil ${i} Surname`, 1) +
      s(`School ${(i % 300) + 1}`, 2) +
      s(BANDS[i % 6], 3) +
      n(45_900 + (i % 200), 4, ' s="1"') +
      n(46_200 + (i % 100), 5, ' s="1"') +
      n(10 + (i % 20), 6) +
      n(12.5 + (i % 7), 7) +
      n(38, 8) +
      n(Math.round((10 + (i % 20)) * (12.5 + (i % 7)) * 38 * 100) / 100, 9) +
      s(i % 5 === 0 ? "Special" : "Mainstream", 10) +
      (i % 50 === 0 ? `<c r="L${r}" t="str"><f>IF(J${r}&gt;9000,"review","")</f><v>review</v></c>` : "") +
      `</row>`;
    if (i % 10_000 === 0) {
      yield rows;
      rows = "";
    }
  }
  yield rows + SHEET_TAIL;
}

// ---------------------------------------------------------------------------------------------
// The child: one read, then its own figures

interface ChildReport {
  readonly ok: boolean;
  readonly reason?: string;
  readonly message?: string;
  readonly rows?: number;
  readonly firstRow?: unknown[];
  readonly lastRow?: unknown[];
  readonly dateCells?: number;
  readonly ms: number;
  readonly maxRssMb: number;
}

async function childRead(file: string): Promise<void> {
  const bytes = new Uint8Array(await fs.readFile(file));
  const started = process.hrtime.bigint();
  let report: Omit<ChildReport, "maxRssMb" | "ms">;
  try {
    const snap = await readWorkbookFile(bytes, path.basename(file));
    const cells = snap.sheets[0]?.cells ?? [];
    report = {
      ok: true,
      rows: cells.length,
      firstRow: [...(cells[1] ?? [])],
      lastRow: [...(cells[cells.length - 1] ?? [])],
      dateCells: snap.sheets[0]?.dateCells?.size ?? 0,
    };
  } catch (e) {
    if (!(e instanceof WorkbookReadError)) throw e;
    report = { ok: false, reason: e.reason, message: e.message };
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // maxRSS is in kilobytes on Linux and macOS.
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...report, ms, maxRssMb })}\n`);
}

function runChild(file: string): ChildReport {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, "--read", file], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !line.startsWith("{")) {
    throw new Error(`the reading child failed (status ${child.status}): ${child.stderr.slice(0, 2000)}`);
  }
  return JSON.parse(line) as ChildReport;
}

// ---------------------------------------------------------------------------------------------
// The suite

interface Case {
  readonly name: string;
  readonly build: () => Buffer;
  /** Throws (a message) when the child's answer is wrong. */
  readonly verify: (r: ChildReport) => void;
  /** Whether the 400 MB target applies (the register's figure is reported, not judged). */
  readonly judged: boolean;
}

function refusedAsTooLarge(limitText: RegExp): (r: ChildReport) => void {
  return (r) => {
    if (r.ok || r.reason !== "too-large")
      throw new Error(`expected a "too-large" refusal, got ${JSON.stringify(r).slice(0, 300)}`);
    if (!limitText.test(r.message ?? ""))
      throw new Error(`the message does not name the limit: ${r.message}`);
  };
}

/** The cases, in order (exported so one can be written out and profiled by hand). */
export const CASES: readonly Case[] = [
  {
    name: "zip bomb, 1.1 GB sheet, size declared",
    build: () => zipOf(packageParts(bombOfValues())),
    verify: refusedAsTooLarge(/past the limit of 512 MB/),
    judged: true,
  },
  {
    name: "zip bomb, 1.1 GB of values, size declared 1 KB",
    build: () => zipOf(packageParts(bombOfValues()), { "xl/worksheets/sheet1.xml": 1024 }),
    verify: refusedAsTooLarge(/past 5,000,000 cells/),
    judged: true,
  },
  {
    name: "zip bomb, 1.1 GB of formats, size declared 1 KB",
    build: () => zipOf(packageParts(bombOfFormats()), { "xl/worksheets/sheet1.xml": 1024 }),
    verify: refusedAsTooLarge(/more than 512 MB, past the limit of 512 MB/),
    judged: true,
  },
  {
    name: "zip bomb, 1.1 GB of shared text, size declared 1 KB",
    build: () => zipOf(bombOfSharedText(), { "xl/sharedStrings.xml": 1024 }),
    verify: refusedAsTooLarge(
      /the shared text \(xl\/sharedStrings\.xml\) expands to more than 64 MB, past the limit of 64 MB/,
    ),
    judged: true,
  },
  {
    name: "sheet formatted to row 1,048,576 (20 rows of data)",
    build: () => zipOf(packageParts(streamedPart("xl/worksheets/sheet1.xml", formattedToLastRow()))),
    verify: (r) => {
      if (!r.ok || r.rows !== 20) throw new Error(`expected 20 rows, got ${JSON.stringify(r).slice(0, 300)}`);
      if (r.lastRow?.[11] !== 2011)
        throw new Error(`row 20 column L should be 2011, got ${String(r.lastRow?.[11])}`);
    },
    judged: true,
  },
  {
    name: "register, 200,000 rows × 12 columns",
    build: () => {
      const strings = registerStrings();
      return zipOf(
        packageParts(streamedPart("xl/worksheets/sheet1.xml", registerSheet(strings.index)), strings.part),
      );
    },
    verify: (r) => {
      if (!r.ok || r.rows !== REGISTER_ROWS + 1)
        throw new Error(`expected ${REGISTER_ROWS + 1} rows, got ${JSON.stringify(r).slice(0, 300)}`);
      const first = JSON.stringify(r.firstRow);
      if (
        first !==
        JSON.stringify([
          "P000001",
          "Pupil 1 Surname",
          "School 2",
          "Band B",
          45901,
          46201,
          11,
          13.5,
          38,
          5643,
          "Mainstream",
        ])
      ) {
        throw new Error(`row 2 reads ${first}`);
      }
      if (r.lastRow?.[0] !== "P200000" || r.lastRow?.[11] !== "review")
        throw new Error(`the last row reads ${JSON.stringify(r.lastRow)}`);
      if (r.dateCells !== REGISTER_ROWS * 2)
        throw new Error(`expected ${REGISTER_ROWS * 2} date cells, got ${r.dateCells}`);
    },
    judged: false,
  },
];

async function run(bench: Bench): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "forum-papers-memory-"));
  try {
    const tiny = path.join(dir, "baseline.xlsx");
    await fs.writeFile(
      tiny,
      zipOf(
        packageParts(
          smallPart(
            "xl/worksheets/sheet1.xml",
            `${SHEET_HEAD}<row r="1"><c r="A1"><v>1</v></c></row>${SHEET_TAIL}`,
          ),
        ),
      ),
    );
    const baseline = runChild(tiny);
    bench.note(`baseline (start-up and a one-cell read): ${baseline.maxRssMb.toFixed(0)} MB peak RSS`);
    for (const c of CASES) {
      const file = path.join(dir, `${c.name.replace(/[^a-z0-9]+/gi, "-")}.xlsx`);
      const zip = c.build();
      await fs.writeFile(file, zip);
      const report = runChild(file);
      try {
        c.verify(report);
      } catch (e) {
        bench.failures.push({ name: c.name, reason: e instanceof Error ? e.message : String(e) });
        bench.note(`${c.name}: CHECK FAILED: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      const figure = `${report.maxRssMb.toFixed(0)} MB`;
      bench.note(
        `${c.name}: zip ${(zip.length / 1024 / 1024).toFixed(1)} MB, ${report.ok ? "read" : "refused"} in ${(report.ms / 1000).toFixed(2)} s, peak RSS ${figure}` +
          (report.ok ? "" : ` (${report.message})`),
      );
      if (c.judged)
        bench.target(`${c.name}: peak RSS < ${TARGET_MB} MB`, figure, report.maxRssMb < TARGET_MB);
      else bench.target(`${c.name}: read works (peak reported)`, figure, true);
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export const memory: Suite = {
  name: "memory",
  title: "peak memory of reading zip bombs, a sheet formatted to its last row, and a 200,000-row register",
  run,
};

if (process.argv[2] === "--read" && process.argv[3]) {
  childRead(process.argv[3]).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
