/**
 * The hostile-input corpus of issue 7: broken, odd and hostile inputs for `forum-papers build`,
 * each with what the command must do with it.
 *
 * Every case is made from code at test time, into a folder of its own: workbooks are built with the
 * sample generator (samples/generate.ts, a small fictional council workbook) and then bent with
 * ExcelJS, or taken apart and re-zipped part by part (for damaged packages and zip bombs). Files
 * only a real spreadsheet program writes (a LibreOffice-encrypted .xlsx, a plain and a
 * password-protected .xls, an .ods) are made by LibreOffice itself, through its Python bridge, once
 * per run. Nothing here is random: the same code makes the same cases (the zip entries carry the
 * time they were made, so compare contents, not bytes).
 *
 * A case says what it makes, the command line to run, and what must happen: the exit code, the
 * words of the one-line message, and for some builds what the JSON account must show. The checks
 * every case gets (no stack trace, no output left behind, the input byte-identical) are in
 * hostile.test.ts.
 *
 * `npx tsx test/hostile/generate.ts <dir>` writes every case's files into `<dir>/<case>/` and
 * prints the command each is run with, for trying them by hand.
 */
import { spawn, spawnSync } from "child_process";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import * as zlib from "zlib";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { buildCouncilWorkbook, type SampleFacts } from "../../samples/generate";
import { sheetParts } from "../../src/workbook/xlsx/package";
import { zipFile, type DeflatedPart } from "../../src/workbook/xlsx/zip-writer";
import { findSoffice } from "../helpers/libreoffice";

// ---------------------------------------------------------------------------------------------
// What a case is

/** The documented exit codes (README "The forum-papers command"), written out here on purpose. */
export const Exit = {
  built: 0,
  unexpected: 1,
  usage: 2,
  unreadable: 3,
  nothingToBuild: 4,
  notWritten: 5,
  checkFails: 6,
} as const;

/** What a case's `make` set up: the command line and the files the test must watch. */
export interface CaseSetup {
  /** Arguments after `forum-papers` (the test adds -q). */
  readonly argv: readonly string[];
  /** The council's file: must be byte-identical after the run (absent for a missing input). */
  readonly input?: string;
  /** Other files that must not change (a hard link's other name, a mapping file). */
  readonly guarded?: readonly string[];
  /** Where the papers go: must exist after a build and be absent after a failure. */
  readonly output?: string;
  /** What the case's exit code and message must be when they depend on the machine (root, case-insensitive disks). */
  readonly expect?: Partial<Expectation>;
}

/** The outcome of one run of the command, for a case's own checks. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The --json account, when the case asked for one and the build printed it. */
  readonly json?: JsonReport;
  /** The papers workbook written (for a build). */
  readonly output?: string;
}

/** The parts of the --json account the cases look at (README: what --json prints). */
export interface JsonReport {
  readonly papers: readonly { id: string; sheet: string; rows: number; headline: Record<string, unknown> }[];
  readonly mappings: readonly {
    dataset: string;
    sheet: string;
    headerRow: number;
    columns: Record<string, string>;
  }[];
  readonly rowsUsed: Record<string, number>;
  readonly rowsSkipped: readonly {
    dataset: string;
    sheet: string;
    row: number;
    code: string;
    reason: string;
  }[];
  readonly checks: readonly { passed: boolean; description: string }[];
  readonly warnings: readonly string[];
}

/** What must happen. */
export interface Expectation {
  readonly code: number;
  /** The failure line (after "forum-papers: ") must match this; for a build, unused. */
  readonly message?: RegExp;
}

/** One hostile input. */
export interface HostileCase {
  /** Folder name and test title prefix, e.g. "zip-bomb-sheet". */
  readonly id: string;
  /** What the input is, in words. */
  readonly title: string;
  readonly expect: Expectation;
  /** Needs LibreOffice to make its input (the encrypted and old-format files). */
  readonly needsLibreOffice?: boolean;
  /** Recalculate the papers in LibreOffice and compare with the cached values (a few builds only). */
  readonly recalculate?: boolean;
  /** Make the case's files in `dir` (its own, empty folder) and say how to run it. */
  make(dir: string, assets: Assets): Promise<CaseSetup>;
  /** Case-specific checks of a run that had the expected exit code; returns the problems found. */
  check?(run: RunResult, assets: Assets): Promise<string[]> | string[];
}

// ---------------------------------------------------------------------------------------------
// Shared inputs, made once per run

/** The size of the small council workbook the content cases start from. */
const BASE_OPTIONS = { placements: 60, schools: 8, seed: 2026 } as const;

/** Inputs several cases start from. */
export interface Assets {
  /** The small council workbook, as .xlsx bytes (written by ExcelJS). */
  readonly base: Uint8Array;
  /** The true figures of the base workbook, from the sample generator. */
  readonly facts: SampleFacts;
  /** 1-based register rows the generator planted as bad rows. */
  readonly seededRows: readonly number[];
  /** Files made by LibreOffice from the base workbook, or undefined when it cannot run here. */
  readonly office?: OfficeFiles;
  /** Why LibreOffice files could not be made (when `office` is undefined). */
  readonly officeMissing?: string;
}

/** Real files written by LibreOffice from the base workbook. */
export interface OfficeFiles {
  /** .xlsx encrypted with a password to open ("Standard" encryption, an OLE compound file). */
  readonly encryptedXlsx: string;
  /** Excel 97-2003 workbook, no password. */
  readonly plainXls: string;
  /** Excel 97-2003 workbook with a password to open (RC4, a FILEPASS record). */
  readonly protectedXls: string;
  /** OpenDocument spreadsheet. */
  readonly ods: string;
}

/** The password the LibreOffice-made files are encrypted with. */
export const PASSWORD = "Forum-2026";

/** Build the shared inputs into `dir`. */
export async function makeAssets(dir: string, withOffice = true): Promise<Assets> {
  await fs.mkdir(dir, { recursive: true });
  const built = await buildCouncilWorkbook(BASE_OPTIONS);
  const base = new Uint8Array(await built.workbook.xlsx.writeBuffer());
  const shared = {
    base,
    facts: built.facts,
    seededRows: built.seeded.filter((s) => s.sheet === built.facts.tables.placements.sheet).map((s) => s.row),
  };
  if (!withOffice) return { ...shared, officeMissing: "not asked for" };
  const office = await makeOfficeFiles(base, path.join(dir, "libreoffice"));
  return typeof office === "string" ? { ...shared, officeMissing: office } : { ...shared, office };
}

/** The base workbook, loaded afresh for a case to change. */
async function loadBase(assets: Assets): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(assets.base) as unknown as ExcelJS.Buffer);
  return wb;
}

function sheetOf(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`the base workbook has no sheet "${name}"`);
  return ws;
}

/**
 * The 1-based rows of the register that hold a placement the reader uses: not a seeded bad row, not
 * the row a seeded duplicate repeats, not blank, not the total row.
 */
function goodRegisterRows(assets: Assets, ws: ExcelJS.Worksheet): number[] {
  const t = assets.facts.tables.placements;
  const avoid = new Set([...assets.facts.placements.blankRows, assets.facts.placements.totalRow]);
  for (const r of assets.seededRows) avoid.add(r).add(r - 1);
  const rows: number[] = [];
  for (let r = t.firstDataRow; r <= t.lastRow; r++) {
    if (avoid.has(r)) continue;
    const ref = ws.getRow(r).getCell(t.columns.pupilRef).value;
    if (ref === null || ref === undefined || ref === "") continue;
    rows.push(r);
  }
  return rows;
}

/**
 * Lower the register's "Total placements" row by `by`: the generator's total counts the rows a
 * reader can use, so a case that makes some good rows unusable keeps the total true to its rows
 * (otherwise the stated-total cross-check, not the case's own point, decides the outcome).
 */
function lowerStatedPlacements(wb: ExcelJS.Workbook, assets: Assets, by: number): void {
  const ws = sheetOf(wb, assets.facts.tables.placements.sheet);
  const row = ws.getRow(assets.facts.placements.totalRow);
  let found = false;
  row.eachCell((cell) => {
    if (typeof cell.value === "number") {
      cell.value -= by;
      found = true;
    }
  });
  if (!found) throw new Error("the register's total row holds no count");
}

async function writeXlsx(wb: ExcelJS.Workbook, file: string): Promise<string> {
  await wb.xlsx.writeFile(file);
  return file;
}

/** A changed copy of the base workbook written to `dir/name`. */
async function variant(
  dir: string,
  assets: Assets,
  name: string,
  change: (wb: ExcelJS.Workbook) => void | Promise<void>,
): Promise<string> {
  const wb = await loadBase(assets);
  await change(wb);
  return writeXlsx(wb, path.join(dir, name));
}

// ---------------------------------------------------------------------------------------------
// Zip surgery: packages taken apart and put back with parts changed, missing or enormous

/** A part deflated as independent pieces joined end to end (each ends with a sync flush). */
function deflatePieces(
  pieces: Iterable<Uint8Array>,
  repeat?: { piece: Uint8Array; times: number },
  level = 6,
): DeflatedPart {
  const chunks: Uint8Array[] = [];
  let crc = 0;
  let size = 0;
  const add = (bytes: Uint8Array) => {
    chunks.push(zlib.deflateRawSync(bytes, { level, finishFlush: zlib.constants.Z_SYNC_FLUSH }));
    crc = zlib.crc32(bytes, crc);
    size += bytes.length;
  };
  const list = [...pieces];
  add(list[0]);
  if (repeat) {
    // The same piece deflated once and its bytes repeated: a valid stream, because each piece
    // starts with an empty window. This is how a 1 GB part fits in a 1 MB zip.
    const once = zlib.deflateRawSync(repeat.piece, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    for (let i = 0; i < repeat.times; i++) {
      chunks.push(once);
      crc = zlib.crc32(repeat.piece, crc);
      size += repeat.piece.length;
    }
  }
  for (const p of list.slice(1)) add(p);
  chunks.push(zlib.deflateRawSync(new Uint8Array(0))); // the final, empty block
  return { data: Buffer.concat(chunks), crc32: crc >>> 0, size };
}

type PartChange = Uint8Array | string | DeflatedPart | null;

/**
 * The package `bytes` with some parts replaced (text, bytes, or already deflated), removed (null)
 * or added, re-zipped in the original order.
 */
async function rezip(bytes: Uint8Array, changes: Record<string, PartChange>): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  for (const n of Object.keys(changes)) if (!names.includes(n)) names.push(n);
  const entries: { name: string; part: DeflatedPart }[] = [];
  for (const name of names) {
    const change = name in changes ? changes[name] : await zip.file(name)!.async("uint8array");
    if (change === null) continue;
    const part =
      typeof change === "string"
        ? deflatePieces([Buffer.from(change, "utf8")])
        : change instanceof Uint8Array
          ? deflatePieces([change])
          : change;
    entries.push({ name, part });
  }
  return zipFile(entries, new Date(Date.UTC(2026, 10, 2, 9, 0, 0)));
}

/** The zip path of the part holding sheet `name` in the package `bytes`. */
async function partOfSheet(bytes: Uint8Array, name: string): Promise<string> {
  const parts = await sheetParts(await JSZip.loadAsync(bytes));
  const found = parts.find((p) => p.name === name);
  if (!found) throw new Error(`no sheet "${name}" in the package`);
  return found.part;
}

async function partText(bytes: Uint8Array, part: string): Promise<string> {
  return (await JSZip.loadAsync(bytes)).file(part)!.async("string");
}

const WORKSHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>';
const WORKSHEET_TAIL = "</sheetData></worksheet>";

/** About 1.1 GB of sheet XML in about 1 MB of zip: the "zip bomb" of issue 7. */
const BOMB_PIECES = 1100;

function repeated(text: string, bytes: number): Uint8Array {
  return Buffer.from(text.repeat(Math.max(1, Math.floor(bytes / text.length))), "utf8");
}

// ---------------------------------------------------------------------------------------------
// LibreOffice-made files

/** LibreOffice's Python bridge: load one workbook, store it in each format asked (with a password where given). */
const STORE_WITH_LIBREOFFICE_PY = String.raw`
import os, subprocess, sys, time
import uno
from com.sun.star.beans import NamedValue, PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p

def named(name, value):
    n = NamedValue()
    n.Name = name
    n.Value = value
    return n

soffice, profile, source = sys.argv[1:4]
jobs = [sys.argv[i:i + 3] for i in range(4, len(sys.argv), 3)]
pipe = "forum-papers-hostile-%d" % os.getpid()
connect = "pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
office = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                           "--nolockcheck", "-env:UserInstallation=" + profile, "--accept=" + connect],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
context = None
for _ in range(480):
    try:
        context = resolver.resolve("uno:" + connect)
        break
    except Exception:
        time.sleep(0.25)
if context is None:
    office.kill()
    sys.exit("LibreOffice did not start within 2 minutes")
desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0, (prop("Hidden", True),))
try:
    for target, filter_name, password in jobs:
        props = [prop("FilterName", filter_name), prop("Overwrite", True)]
        if password and "2007" in filter_name:
            # OOXML: what the Save As dialog passes for "Save with password" (MS-OFFCRYPTO Standard).
            data = uno.Any("[]com.sun.star.beans.NamedValue", (named("OOXPassword", password), named("CryptoType", "Standard")))
            props.append(prop("EncryptionData", data))
        elif password:
            props.append(prop("Password", password))
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)), tuple(props))
finally:
    doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass
    office.wait(timeout=60)
`;

/** A python3 that has LibreOffice's bridge (Debian's python3-uno), or undefined. */
function findPythonUno(): string | undefined {
  for (const exe of ["/usr/bin/python3", "python3"]) {
    const r = spawnSync(exe, ["-c", "import uno"], { stdio: "ignore" });
    if (r.status === 0) return exe;
  }
  return undefined;
}

/** How to get what the LibreOffice-made cases need. */
export const OFFICE_MISSING =
  "LibreOffice and its Python bridge are required: apt-get install -y libreoffice-calc-nogui python3-uno";

/** Whether the encrypted and old-format files can be made here (LibreOffice and python3-uno). */
export function officeFilesCanBeMade(): boolean {
  return findSoffice() !== undefined && findPythonUno() !== undefined;
}

async function makeOfficeFiles(base: Uint8Array, dir: string): Promise<OfficeFiles | string> {
  const soffice = findSoffice();
  const python = findPythonUno();
  if (!soffice || !python) return OFFICE_MISSING;
  await fs.mkdir(dir, { recursive: true });
  const source = path.join(dir, "council.xlsx");
  await fs.writeFile(source, base);
  const script = path.join(dir, "store.py");
  await fs.writeFile(script, STORE_WITH_LIBREOFFICE_PY);
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), "hostile-lo-profile-"));
  const files: OfficeFiles = {
    encryptedXlsx: path.join(dir, "encrypted.xlsx"),
    plainXls: path.join(dir, "old-format.xls"),
    protectedXls: path.join(dir, "protected.xls"),
    ods: path.join(dir, "council.ods"),
  };
  const jobs = [
    [files.encryptedXlsx, "Calc MS Excel 2007 XML", PASSWORD],
    [files.plainXls, "MS Excel 97", ""],
    [files.protectedXls, "MS Excel 97", PASSWORD],
    [files.ods, "calc8", ""],
  ].flat();
  try {
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn(python, [script, soffice, pathToFileURL(profile).href, source, ...jobs], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      let err = "";
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(err);
        else
          reject(new Error(`LibreOffice could not write the encrypted files (exit ${code}): ${err.trim()}`));
      });
    });
    for (const f of Object.values(files)) {
      await fs.access(f).catch(() => {
        throw new Error(`LibreOffice wrote no ${f}: ${stderr.trim()}`);
      });
    }
  } finally {
    await fs.rm(profile, { recursive: true, force: true });
  }
  // Make sure the files are what they claim: encrypted ones are OLE compound files with the
  // streams encryption puts there, so a case never passes on a file that was not protected.
  const enc = await fs.readFile(files.encryptedXlsx);
  if (!isOle(enc) || !enc.includes(Buffer.from("EncryptionInfo", "utf16le")))
    throw new Error(`LibreOffice did not encrypt ${files.encryptedXlsx}`);
  if (!hasFilePass(await fs.readFile(files.protectedXls)))
    throw new Error(`LibreOffice did not protect ${files.protectedXls} with a password`);
  if (hasFilePass(await fs.readFile(files.plainXls)))
    throw new Error(`${files.plainXls} should not have a password`);
  return files;
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const isOle = (b: Buffer) => b.subarray(0, 8).equals(OLE_MAGIC);

/** Whether a BIFF8 workbook stream's first record after BOF is FILEPASS (0x002F): encrypted. */
function hasFilePass(xls: Buffer): boolean {
  const bof = xls.indexOf(Buffer.from([0x09, 0x08, 0x10, 0x00]));
  return bof >= 0 && xls.readUInt16LE(bof + 20) === 0x002f;
}

// ---------------------------------------------------------------------------------------------
// Small helpers for cases

/** Case setup for building `input` into `dir/papers.xlsx`. */
function buildInto(dir: string, input: string, extra: readonly string[] = []): CaseSetup {
  const output = path.join(dir, "papers.xlsx");
  return { argv: ["build", input, "-o", output, ...extra], input, output };
}

async function writeFile(dir: string, name: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, content);
  return file;
}

/** A council workbook from the base bytes, written as is. */
async function baseCopy(dir: string, assets: Assets, name = "council.xlsx"): Promise<string> {
  return writeFile(dir, name, assets.base);
}

const problems = (...found: (string | false | undefined)[]): string[] =>
  found.filter((p): p is string => typeof p === "string");

function needJson(run: RunResult): JsonReport | string {
  return run.json ?? `no --json account on stdout: ${run.stdout.slice(0, 200)}`;
}

function mapped(run: RunResult, dataset: string): string | undefined {
  const j = needJson(run);
  if (typeof j === "string") return j;
  return j.mappings.some((m) => m.dataset === dataset)
    ? undefined
    : `dataset ${dataset} was not mapped (mapped: ${j.mappings.map((m) => m.dataset).join(", ")})`;
}

/** Every row in `rows` of `sheet` is listed as skipped, with a reason matching `reason`. */
function skippedWith(run: RunResult, sheet: string, rows: readonly number[], reason: RegExp): string[] {
  const j = needJson(run);
  if (typeof j === "string") return [j];
  return rows.flatMap((row) => {
    const s = j.rowsSkipped.filter((x) => x.sheet === sheet && x.row === row);
    if (s.length === 0) return [`${sheet} row ${row} was not reported as skipped`];
    return s.some((x) => reason.test(x.reason))
      ? []
      : [
          `${sheet} row ${row} skipped as "${s.map((x) => x.reason).join("; ")}", which does not match ${reason}`,
        ];
  });
}

/**
 * Every text a build shows its user: the strings of the --json account and the text of every cell
 * of the papers workbook (its Notes sheet holds the notes about the source).
 */
async function shownTexts(run: RunResult): Promise<string[]> {
  const texts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") texts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(run.json);
  if (run.output) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(run.output);
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.text) texts.push(cell.text);
        }),
      ),
    );
  }
  return texts;
}

/** Whether one text the build shows (account or papers) matches every pattern. */
async function says(run: RunResult, ...patterns: RegExp[]): Promise<boolean> {
  return (await shownTexts(run)).some((t) => patterns.every((p) => p.test(t)));
}

/** The one line a usage error may add after its message. */
export const USAGE_HINT = /^\(see forum-papers --help\)$/;

// ---------------------------------------------------------------------------------------------
// The corpus

const damaged = /damaged|corrupt|incomplete/i;
const notWorkbook = /not an Excel workbook/i;

/**
 * Packages damaged inside one part (the kinds that once surfaced as "Cannot read properties of
 * undefined …"): each must be called damaged, in words, with what to do.
 */
function damagedParts(): HostileCase[] {
  const registerPart = (assets: Assets) => partOfSheet(assets.base, assets.facts.tables.placements.sheet);
  const editRegister = (edit: (xml: string) => string) => async (assets: Assets) => {
    const part = await registerPart(assets);
    const xml = await partText(assets.base, part);
    const changed = edit(xml);
    if (changed === xml) throw new Error("the edit did not change the register part");
    return { [part]: changed };
  };
  const kinds: [string, string, (assets: Assets) => Promise<Record<string, PartChange>>][] = [
    [
      "styles-missing",
      "a package without xl/styles.xml, which its workbook lists",
      async () => ({ "xl/styles.xml": null }),
    ],
    [
      "styles-not-xml",
      "a package whose styles part is cut off mid-tag",
      async () => ({ "xl/styles.xml": "<styleSheet" }),
    ],
    [
      "shared-strings-not-xml",
      "a package whose shared strings part is not XML",
      async () => ({ "xl/sharedStrings.xml": "garbage" }),
    ],
    [
      "workbook-rels-missing",
      "a package without the workbook's list of parts (workbook.xml.rels)",
      async () => ({ "xl/_rels/workbook.xml.rels": null }),
    ],
    [
      "sheet-part-empty",
      "a package whose register sheet part is empty (0 bytes)",
      async (assets) => ({ [await registerPart(assets)]: "" }),
    ],
    [
      "shared-string-out-of-range",
      "a register cell pointing at shared text number 99999, which the file does not hold",
      editRegister((xml) => xml.replace(/(<c r="B\d+"[^>]*t="s"[^>]*><v>)\d+/, "$199999")),
    ],
    [
      "cell-beyond-xfd",
      'a register cell addressed "ZZZZ5", beyond the last column XFD',
      editRegister((xml) => xml.replace(/<c r="B5"/, '<c r="ZZZZ5"')),
    ],
    [
      "row-numbered-zero",
      "a register row numbered 0",
      editRegister((xml) => xml.replace(/<row r="5"/, '<row r="0"')),
    ],
    [
      "sheet-part-outside-package",
      "a workbook whose register is listed at ../../etc/passwd, outside the package",
      async (assets) => {
        const rels = await partText(assets.base, "xl/_rels/workbook.xml.rels");
        const part = (await registerPart(assets)).replace(/^xl\//, "");
        const changed = rels.replace(`Target="${part}"`, 'Target="../../etc/passwd"');
        if (changed === rels) throw new Error("the edit did not change workbook.xml.rels");
        return { "xl/_rels/workbook.xml.rels": changed };
      },
    ],
  ];
  return kinds.map(([id, title, change]) => ({
    id,
    title,
    expect: { code: Exit.unreadable, message: damaged },
    async make(dir: string, assets: Assets) {
      const bytes = await rezip(assets.base, await change(assets));
      return buildInto(dir, await writeFile(dir, "council.xlsx", bytes));
    },
  }));
}

/** Unreadable inputs: exit 3 with a reason and what to do. */
const unreadable: HostileCase[] = [
  {
    id: "not-a-zip",
    title: "random bytes named .xlsx",
    expect: { code: Exit.unreadable, message: notWorkbook },
    async make(dir) {
      const bytes = Buffer.alloc(4096);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 251;
      return buildInto(dir, await writeFile(dir, "council.xlsx", bytes));
    },
  },
  {
    id: "empty-file-no-extension",
    title: "an empty file with no extension",
    expect: { code: Exit.unreadable, message: /empty/i },
    async make(dir) {
      return buildInto(dir, await writeFile(dir, "council", ""));
    },
  },
  {
    id: "zero-byte-xlsx",
    title: "a zero-byte .xlsx",
    expect: { code: Exit.unreadable, message: /empty/i },
    async make(dir) {
      return buildInto(dir, await writeFile(dir, "council.xlsx", ""));
    },
  },
  {
    id: "truncated-half",
    title: "a workbook cut off halfway (an interrupted download)",
    expect: { code: Exit.unreadable, message: damaged },
    async make(dir, assets) {
      const half = assets.base.subarray(0, Math.floor(assets.base.length / 2));
      return buildInto(dir, await writeFile(dir, "council.xlsx", half));
    },
  },
  {
    id: "truncated-header",
    title: "only the first 100 bytes of a workbook",
    expect: { code: Exit.unreadable, message: damaged },
    async make(dir, assets) {
      return buildInto(dir, await writeFile(dir, "council.xlsx", assets.base.subarray(0, 100)));
    },
  },
  {
    id: "truncated-end",
    title: "a workbook missing its last 10 bytes (the end of the zip directory)",
    expect: { code: Exit.unreadable, message: damaged },
    async make(dir, assets) {
      return buildInto(
        dir,
        await writeFile(dir, "council.xlsx", assets.base.subarray(0, assets.base.length - 10)),
      );
    },
  },
  {
    id: "zip-of-other-files",
    title: "a zip of text files named .xlsx",
    expect: { code: Exit.unreadable, message: notWorkbook },
    async make(dir) {
      const zip = new JSZip();
      zip.file("readme.txt", "Minutes of the Schools Forum\n");
      zip.file("data/budget.csv", "Line,Budget\nTop-up,1000\n");
      const bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
      return buildInto(dir, await writeFile(dir, "council.xlsx", bytes));
    },
  },
  {
    id: "no-workbook-part",
    title: "an xlsx package with xl/workbook.xml taken out",
    expect: { code: Exit.unreadable, message: /damaged|corrupt|not an Excel workbook/i },
    async make(dir, assets) {
      return buildInto(
        dir,
        await writeFile(dir, "council.xlsx", await rezip(assets.base, { "xl/workbook.xml": null })),
      );
    },
  },
  {
    id: "listed-sheet-missing",
    title: "a package whose workbook lists a sheet part the zip does not contain",
    expect: { code: Exit.unreadable, message: damaged },
    async make(dir, assets) {
      const part = await partOfSheet(assets.base, "Top-up register");
      return buildInto(dir, await writeFile(dir, "council.xlsx", await rezip(assets.base, { [part]: null })));
    },
  },
  {
    id: "shared-strings-missing",
    title: "a package without its shared strings part (cells point at strings it does not have)",
    expect: { code: Exit.unreadable, message: damaged },
    async make(dir, assets) {
      const bytes = await rezip(assets.base, { "xl/sharedStrings.xml": null });
      return buildInto(dir, await writeFile(dir, "council.xlsx", bytes));
    },
  },
  {
    id: "workbook-part-not-xml",
    title: "a package whose xl/workbook.xml is not XML",
    expect: { code: Exit.unreadable, message: damaged },
    async make(dir, assets) {
      const bytes = await rezip(assets.base, { "xl/workbook.xml": "this is not XML {" });
      return buildInto(dir, await writeFile(dir, "council.xlsx", bytes));
    },
  },
  {
    id: "sheet-xml-cut-off",
    title: "a package whose register sheet XML stops halfway through a row",
    expect: { code: Exit.unreadable, message: damaged },
    async make(dir, assets) {
      const part = await partOfSheet(assets.base, "Top-up register");
      const xml = await partText(assets.base, part);
      const cut = xml.slice(0, xml.indexOf("<row", Math.floor(xml.length / 2)) + 12);
      return buildInto(dir, await writeFile(dir, "council.xlsx", await rezip(assets.base, { [part]: cut })));
    },
  },
  ...damagedParts(),
  {
    id: "encrypted-xlsx",
    title: "an .xlsx encrypted with a password by LibreOffice",
    needsLibreOffice: true,
    expect: { code: Exit.unreadable, message: /password/i },
    async make(dir, assets) {
      const input = path.join(dir, "council.xlsx");
      await fs.copyFile(assets.office!.encryptedXlsx, input);
      return buildInto(dir, input);
    },
  },
  {
    id: "old-xls",
    title: "an Excel 97-2003 .xls written by LibreOffice",
    needsLibreOffice: true,
    expect: { code: Exit.unreadable, message: /97-2003|\.xls\b/ },
    async make(dir, assets) {
      const input = path.join(dir, "council.xls");
      await fs.copyFile(assets.office!.plainXls, input);
      return buildInto(dir, input);
    },
    check: (run) =>
      problems(!/save it as|\.xlsx/i.test(run.stderr) && "the message does not say to save it as .xlsx"),
  },
  {
    id: "old-xls-password",
    title: "an Excel 97-2003 .xls with a password to open (LibreOffice, RC4)",
    needsLibreOffice: true,
    expect: { code: Exit.unreadable, message: /password|protected/i },
    async make(dir, assets) {
      const input = path.join(dir, "council.xls");
      await fs.copyFile(assets.office!.protectedXls, input);
      return buildInto(dir, input);
    },
  },
  {
    id: "old-xls-password-named-xlsx",
    title: "a password-protected .xls renamed .xlsx",
    needsLibreOffice: true,
    expect: { code: Exit.unreadable, message: /password|protected/i },
    async make(dir, assets) {
      const input = path.join(dir, "council.xlsx");
      await fs.copyFile(assets.office!.protectedXls, input);
      return buildInto(dir, input);
    },
  },
  {
    id: "ods",
    title: "an OpenDocument spreadsheet (.ods) written by LibreOffice",
    needsLibreOffice: true,
    expect: { code: Exit.unreadable, message: /OpenDocument|\.ods/ },
    async make(dir, assets) {
      const input = path.join(dir, "council.ods");
      await fs.copyFile(assets.office!.ods, input);
      return buildInto(dir, input);
    },
  },
  {
    id: "csv-named-xlsx",
    title: "a CSV export renamed .xlsx",
    expect: { code: Exit.unreadable, message: /not an Excel workbook|CSV/i },
    async make(dir) {
      const csv = "Pupil ref,School,Setting,Hours per week\nNB-1,Oak Primary,Mainstream,15\n";
      return buildInto(dir, await writeFile(dir, "council.xlsx", csv));
    },
  },
  {
    id: "csv",
    title: "a .csv file",
    expect: { code: Exit.unreadable, message: /CSV/ },
    async make(dir) {
      return buildInto(dir, await writeFile(dir, "council.csv", "School,Budget\nOak Primary,100\n"));
    },
  },
  {
    id: "html-named-xlsx",
    title: "an HTML table saved as .xlsx (what some finance systems call an Excel export)",
    expect: { code: Exit.unreadable, message: /not an Excel workbook|HTML|web page/i },
    async make(dir) {
      const html =
        "<html><body><table><tr><td>School</td><td>Budget</td></tr><tr><td>Oak</td><td>1</td></tr></table></body></html>";
      return buildInto(dir, await writeFile(dir, "council.xlsx", html));
    },
  },
  {
    id: "utf16-tsv-named-xls",
    title: "a UTF-16 tab-separated export named .xls",
    expect: { code: Exit.unreadable, message: /not an Excel workbook|text|\.xls/i },
    async make(dir) {
      const text = Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from("School\tBudget\r\nOak\t1\r\n", "utf16le"),
      ]);
      return buildInto(dir, await writeFile(dir, "council.xls", text));
    },
  },
  {
    id: "pdf-named-xlsx",
    title: "a PDF renamed .xlsx",
    expect: { code: Exit.unreadable, message: notWorkbook },
    async make(dir) {
      return buildInto(dir, await writeFile(dir, "council.xlsx", "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"));
    },
  },
  {
    id: "word-document",
    title: "a Word document (.docx package) named .xlsx",
    expect: { code: Exit.unreadable, message: /Word/ },
    async make(dir) {
      const zip = new JSZip();
      zip.file(
        "[Content_Types].xml",
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      );
      zip.file(
        "word/document.xml",
        '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
      );
      return buildInto(
        dir,
        await writeFile(dir, "council.xlsx", await zip.generateAsync({ type: "uint8array" })),
      );
    },
  },
  {
    id: "input-is-a-directory",
    title: "a folder given as the input",
    expect: { code: Exit.unreadable, message: /folder|directory/i },
    async make(dir) {
      const folder = path.join(dir, "council.xlsx");
      await fs.mkdir(folder);
      return {
        argv: ["build", folder, "-o", path.join(dir, "papers.xlsx")],
        output: path.join(dir, "papers.xlsx"),
      };
    },
  },
  {
    id: "input-missing",
    title: "an input file that does not exist",
    expect: { code: Exit.unreadable, message: /no such file|not found|does not exist|no file/i },
    async make(dir) {
      return {
        argv: ["build", path.join(dir, "council.xlsx"), "-o", path.join(dir, "papers.xlsx")],
        output: path.join(dir, "papers.xlsx"),
      };
    },
  },
  {
    id: "input-unreadable",
    title: "an input with no read permission (chmod 000; root reads it anyway, so there it builds, exit 0)",
    expect: { code: Exit.unreadable, message: /permission|cannot read|not allowed/i },
    async make(dir, assets) {
      const input = await baseCopy(dir, assets);
      await fs.chmod(input, 0o000);
      // Root reads a file whatever its mode: there the case is an ordinary build, and says so.
      const blocked = await fs
        .readFile(input)
        .then(() => false)
        .catch(() => true);
      return { ...buildInto(dir, input), expect: blocked ? {} : { code: Exit.built } };
    },
  },
  {
    id: "zip-bomb-sheet",
    title: "a 1 MB zip whose sheet part expands to 1.1 GB",
    expect: { code: Exit.unreadable, message: /limit|too large|too big/i },
    async make(dir, assets) {
      const part = await partOfSheet(assets.base, "Read me");
      const row = '<row><c t="n"><v>1</v></c></row>';
      const bomb = deflatePieces([Buffer.from(WORKSHEET_HEAD), Buffer.from(WORKSHEET_TAIL)], {
        piece: repeated(row, 1 << 20),
        times: BOMB_PIECES,
      });
      return buildInto(dir, await writeFile(dir, "council.xlsx", await rezip(assets.base, { [part]: bomb })));
    },
    check: (run) => problems(!/\d/.test(run.stderr) && "the message does not say what the limit is"),
  },
  {
    id: "zip-bomb-shared-strings",
    title: "a 1 MB zip whose shared strings part expands to 1.1 GB",
    expect: { code: Exit.unreadable, message: /limit|too large|too big/i },
    async make(dir, assets) {
      const sst = await partText(assets.base, "xl/sharedStrings.xml");
      const split = sst.lastIndexOf("</sst>");
      const bomb = deflatePieces([Buffer.from(sst.slice(0, split)), Buffer.from(sst.slice(split))], {
        piece: repeated("<si><t>Top-up funding</t></si>", 1 << 20),
        times: BOMB_PIECES,
      });
      const bytes = await rezip(assets.base, { "xl/sharedStrings.xml": bomb });
      return buildInto(dir, await writeFile(dir, "council.xlsx", bytes));
    },
  },
];

/** Output routes: the council's file must never be the output, by any name. */
const outputs: HostileCase[] = [
  {
    id: "output-same-path",
    title: "-o names the input itself",
    expect: { code: Exit.usage, message: /council's workbook|same file|input/i },
    async make(dir, assets) {
      const input = await baseCopy(dir, assets);
      return { argv: ["build", input, "-o", input], input };
    },
  },
  {
    id: "output-via-input-symlink",
    title: "the input given through a symlink, -o naming the file it points to",
    expect: { code: Exit.usage, message: /council's workbook|same file|input/i },
    async make(dir, assets) {
      const real = await baseCopy(dir, assets);
      const link = path.join(dir, "link-to-council.xlsx");
      await fs.symlink(real, link);
      return { argv: ["build", link, "-o", real], input: real };
    },
  },
  {
    id: "output-is-symlink-to-input",
    title: "-o naming a symlink that points to the input",
    expect: { code: Exit.usage, message: /council's workbook|same file|input/i },
    async make(dir, assets) {
      const real = await baseCopy(dir, assets);
      const link = path.join(dir, "papers.xlsx");
      await fs.symlink(real, link);
      return { argv: ["build", real, "-o", link], input: real, guarded: [link] };
    },
  },
  {
    id: "output-via-dotdot",
    title: "-o naming the input through sub/../",
    expect: { code: Exit.usage, message: /council's workbook|same file|input/i },
    async make(dir, assets) {
      const input = await baseCopy(dir, assets);
      await fs.mkdir(path.join(dir, "sub"));
      return { argv: ["build", input, "-o", `${dir}/sub/../council.xlsx`], input };
    },
  },
  {
    id: "output-via-dot-slashes",
    title: "-o naming the input relatively, with ./ and a doubled slash",
    expect: { code: Exit.usage, message: /council's workbook|same file|input/i },
    async make(dir, assets) {
      const input = await baseCopy(dir, assets);
      // The test runs the command in the case's folder, so these relative names are the input.
      return { argv: ["build", "council.xlsx", "-o", ".//./council.xlsx"], input };
    },
  },
  {
    id: "output-hard-link",
    title: "-o naming a hard link to the input",
    expect: { code: Exit.usage, message: /council's workbook|same file|input|link/i },
    async make(dir, assets) {
      const input = await baseCopy(dir, assets);
      const link = path.join(dir, "papers.xlsx");
      await fs.link(input, link);
      return { argv: ["build", input, "-o", link], input, guarded: [link] };
    },
  },
  {
    id: "output-via-folder-symlink",
    title: "-o naming the input through a symlinked folder",
    expect: { code: Exit.usage, message: /council's workbook|same file|input/i },
    async make(dir, assets) {
      await fs.mkdir(path.join(dir, "real"));
      const input = await baseCopy(path.join(dir, "real"), assets);
      await fs.symlink(path.join(dir, "real"), path.join(dir, "alias"));
      return { argv: ["build", input, "-o", path.join(dir, "alias", "council.xlsx")], input };
    },
  },
  {
    id: "output-differs-in-case",
    title: "-o naming COUNCIL.xlsx beside council.xlsx (the same file only on a case-insensitive disk)",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const input = await baseCopy(dir, assets);
      const output = path.join(dir, "COUNCIL.xlsx");
      const sameFile = await fs
        .stat(output)
        .then(() => true)
        .catch(() => false);
      return {
        argv: ["build", input, "-o", output],
        input,
        output: sameFile ? undefined : output,
        expect: sameFile ? { code: Exit.usage, message: /council's workbook|same file|input/i } : {},
      };
    },
  },
  {
    id: "output-under-a-file",
    title: "-o inside a folder that is really a file (council.xlsx/papers.xlsx)",
    expect: { code: Exit.notWritten, message: /could not write|cannot write|not a folder|is a file/i },
    async make(dir, assets) {
      const input = await baseCopy(dir, assets);
      return { argv: ["build", input, "-o", path.join(input, "papers.xlsx")], input };
    },
  },
  {
    id: "output-is-a-directory",
    title: "-o naming an existing folder called papers.xlsx",
    // Refused before anything is read, as a usage error: the -o given cannot be a new file.
    expect: { code: Exit.usage, message: /folder|directory/i },
    async make(dir, assets) {
      const input = await baseCopy(dir, assets);
      const output = path.join(dir, "papers.xlsx");
      await fs.mkdir(output);
      return { argv: ["build", input, "-o", output], input };
    },
  },
  {
    id: "output-in-new-folder",
    title: "-o in a folder that does not exist yet (it is created)",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const input = await baseCopy(dir, assets);
      const output = path.join(dir, "new", "folder", "papers.xlsx");
      return { argv: ["build", input, "-o", output], input, output };
    },
  },
];

const usage = (id: string, title: string, args: string[], message: RegExp): HostileCase => ({
  id,
  title,
  expect: { code: Exit.usage, message },
  async make(dir, assets) {
    const input = await baseCopy(dir, assets);
    const output = path.join(dir, "papers.xlsx");
    return { argv: args.map((a) => (a === "IN" ? input : a === "OUT" ? output : a)), input, output };
  },
});

/** Command-line mistakes: exit 2 naming the option. */
const commandLine: HostileCase[] = [
  usage(
    "arg-unknown-flag",
    "an unknown option --frobnicate",
    ["build", "IN", "-o", "OUT", "--frobnicate"],
    /unknown option --frobnicate/,
  ),
  usage(
    "arg-percent-over-100",
    "--transfer-percent 150%",
    ["build", "IN", "-o", "OUT", "--transfer-percent", "150%"],
    /--transfer-percent/,
  ),
  usage(
    "arg-percent-words",
    "--transfer-percent half",
    ["build", "IN", "-o", "OUT", "--transfer-percent", "half"],
    /--transfer-percent/,
  ),
  usage(
    "arg-percent-negative",
    "--transfer-percent=-1%",
    ["build", "IN", "-o", "OUT", "--transfer-percent", "-1%"],
    /--transfer-percent/,
  ),
  usage(
    "arg-date-31-feb",
    "--meeting-date 31/02/2026",
    ["build", "IN", "-o", "OUT", "--meeting-date", "31/02/2026"],
    /--meeting-date "31\/02\/2026"/,
  ),
  usage(
    "arg-date-month-13",
    "--meeting-date 01/13/2026 (US order)",
    ["build", "IN", "-o", "OUT", "--meeting-date", "01/13/2026"],
    /--meeting-date/,
  ),
  usage("arg-no-output", "no -o", ["build", "IN"], /-o/),
  usage("arg-output-csv", "-o papers.csv", ["build", "IN", "-o", "papers.csv"], /must end in \.xlsx/),
  usage(
    "arg-output-no-value",
    "-o with nothing after it",
    ["build", "IN", "-o"],
    /-o needs a value|give the output/,
  ),
  usage(
    "arg-unknown-paper",
    "--papers budget",
    ["build", "IN", "-o", "OUT", "--papers", "budget"],
    /unknown paper budget/,
  ),
  usage("arg-unknown-command", "forum-papers frobnicate", ["frobnicate", "IN"], /unknown command/),
  usage("arg-two-inputs", "two input workbooks", ["build", "IN", "IN", "-o", "OUT"], /one input workbook/),
  usage(
    "arg-savings-words",
    "--savings-delivered lots",
    ["build", "IN", "-o", "OUT", "--savings-delivered", "lots"],
    /--savings-delivered/,
  ),
  usage(
    "arg-status-bad",
    "--status published",
    ["build", "IN", "-o", "OUT", "--status", "published"],
    /--status/,
  ),
];

/** A saved mapping passed with --mapping. */
const mappingCases: HostileCase[] = [
  {
    id: "mapping-invalid-json",
    title: "--mapping naming a file that is not valid JSON",
    expect: { code: Exit.usage, message: /mapping.*JSON|JSON.*mapping/i },
    async make(dir, assets) {
      const mapping = await writeFile(dir, "mapping.json", '{ "version": 1, "datasets": { ');
      return { ...buildInto(dir, await baseCopy(dir, assets), ["--mapping", mapping]), guarded: [mapping] };
    },
  },
  {
    id: "mapping-wrong-shape",
    title: "--mapping naming a JSON array instead of a mapping",
    expect: { code: Exit.usage, message: /mapping/i },
    async make(dir, assets) {
      const mapping = await writeFile(dir, "mapping.json", '[["placements", "Top-up register", 4]]');
      return { ...buildInto(dir, await baseCopy(dir, assets), ["--mapping", mapping]), guarded: [mapping] };
    },
  },
  {
    id: "mapping-bad-column",
    title: "--mapping with a column that is not a column (ZZZZ)",
    expect: { code: Exit.usage, message: /mapping/i },
    async make(dir, assets) {
      const mapping = await writeFile(
        dir,
        "mapping.json",
        JSON.stringify({
          version: 1,
          datasets: {
            schools: { sheet: "Schools", headerRow: 4, columns: { name: "ZZZZ", allocation: "F" } },
          },
        }),
      );
      return { ...buildInto(dir, await baseCopy(dir, assets), ["--mapping", mapping]), guarded: [mapping] };
    },
  },
  {
    id: "mapping-missing-file",
    title: "--mapping naming a file that does not exist",
    expect: { code: Exit.usage, message: /mapping/i },
    async make(dir, assets) {
      return buildInto(dir, await baseCopy(dir, assets), ["--mapping", path.join(dir, "mapping.json")]);
    },
  },
  {
    id: "mapping-missing-sheet",
    title: "--mapping that puts the schools on a sheet the workbook does not have",
    // Valid but out of date (the sheet was renamed): the table is found by detection instead and
    // the account says so.
    expect: { code: Exit.built },
    async make(dir, assets) {
      const t = assets.facts.tables.schools;
      const mapping = await writeFile(
        dir,
        "mapping.json",
        JSON.stringify({
          version: 1,
          datasets: {
            schools: {
              sheet: "Schools 2025-26",
              headerRow: t.headerRow,
              columns: {
                name: "A",
                urn: "B",
                phase: "C",
                type: "D",
                pupils: "E",
                allocation: "F",
                floor: "G",
              },
            },
          },
        }),
      );
      return {
        ...buildInto(dir, await baseCopy(dir, assets), ["--mapping", mapping, "--json"]),
        guarded: [mapping],
      };
    },
    async check(run) {
      return problems(
        mapped(run, "schools"),
        !(await says(run, /Schools 2025-26/)) &&
          'no note (in the account or the papers) says the mapping\'s sheet "Schools 2025-26" is missing',
      );
    },
  },
];

/** Builds from workbooks with odd contents: they must build (exit 0) and say what they did with the oddity. */
const contents: HostileCase[] = [
  {
    id: "baseline",
    title: "the small council workbook as generated (the control case)",
    expect: { code: Exit.built },
    recalculate: true,
    async make(dir, assets) {
      return buildInto(dir, await baseCopy(dir, assets), ["--json"]);
    },
    check(run, assets) {
      const j = needJson(run);
      if (typeof j === "string") return [j];
      return problems(
        j.rowsUsed.placements !== assets.facts.placements.good &&
          `placements used ${j.rowsUsed.placements}, the generator planted ${assets.facts.placements.good} good rows`,
      );
    },
  },
  {
    id: "names-wildcards",
    title:
      "school names with * ? ~ (St Mary*s, Who? Academy, Oak~Tree) beside names they would match as patterns",
    expect: { code: Exit.built },
    recalculate: true,
    async make(dir, assets) {
      const names = [
        "St Mary*s Primary",
        "St Mary's Primary",
        "St Marys Primary",
        "Who? Academy",
        "Who1 Academy",
        "Oak~Tree School",
        "Oak*Tree School",
        "OakTree School",
      ];
      const input = await variant(dir, assets, "council.xlsx", (wb) =>
        renameRegisterSchools(wb, assets, names),
      );
      return buildInto(dir, input, ["--json"]);
    },
  },
  {
    id: "names-operators",
    title: "school names starting = < > (=Oak School, <Zed School, >Abbey School, <>Elm School)",
    expect: { code: Exit.built },
    recalculate: true,
    async make(dir, assets) {
      const names = [
        "=Oak School",
        "Oak School",
        "<Zed School",
        ">Abbey School",
        "<>Elm School",
        "Elm School",
        "Zed School",
      ];
      const input = await variant(dir, assets, "council.xlsx", (wb) =>
        renameRegisterSchools(wb, assets, names),
      );
      return buildInto(dir, input, ["--json"]);
    },
  },
  {
    id: "setting-names-wildcards",
    title: 'a footnoted setting "Mainstream*" (its own band column and rows) beside Mainstream',
    expect: { code: Exit.built },
    recalculate: true,
    async make(dir, assets) {
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        // A footnoted setting, "Mainstream*" (councils mark "see note" with an asterisk), gets its
        // own column in the proposed band table and a third of the mainstream rows: as a pattern
        // its name would also match every "Mainstream" row.
        const bands = assets.facts.tables.proposedBands;
        const bs = sheetOf(wb, bands.sheet);
        const from = bands.valueColumns!.Mainstream;
        const to = Math.max(...Object.values(bands.valueColumns!)) + 1;
        bs.getRow(bands.headerRow).getCell(to).value = "Mainstream*";
        for (let r = bands.firstDataRow; r <= bands.lastRow; r++) {
          const v = bs.getRow(r).getCell(from).value;
          bs.getRow(r).getCell(to).value = typeof v === "number" ? v + 500 : v;
        }
        const t = assets.facts.tables.placements;
        const ws = sheetOf(wb, t.sheet);
        let k = 0;
        for (const r of goodRegisterRows(assets, ws)) {
          const cell = ws.getRow(r).getCell(t.columns.setting);
          if (cell.value === "Mainstream" && k++ % 3 === 0) cell.value = "Mainstream*";
        }
      });
      return buildInto(dir, input, ["--json"]);
    },
  },
  {
    id: "sheet-names-quotes-unicode",
    title: "sheet names with apostrophes, quotes, accents and an emoji",
    expect: { code: Exit.built },
    recalculate: true,
    async make(dir, assets) {
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        sheetOf(wb, assets.facts.tables.placements.sheet).name = `Pupils' "top-up" 🎓`;
        sheetOf(wb, assets.facts.tables.schools.sheet).name = "Écoles – Ünïcode ✓";
        sheetOf(wb, assets.facts.tables.budgetLines.sheet).name = "HNB 'month 6' view";
      });
      return buildInto(dir, input, ["--json"]);
    },
    check: (run) => problems(mapped(run, "placements"), mapped(run, "schools"), mapped(run, "budgetLines")),
  },
  {
    id: "sheet-name-31-chars",
    title: "a sheet name of 31 characters, Excel's longest",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        sheetOf(wb, assets.facts.tables.placements.sheet).name = "Top-up register Oct 2026 (final";
      });
      return buildInto(dir, input, ["--json"]);
    },
    check: (run) => problems(mapped(run, "placements")),
  },
  {
    id: "sheet-name-300-chars",
    title: "a sheet name of 300 characters (over Excel's 31; written into the package by hand)",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const long = "Top-up register ".repeat(20).trim() + " – final";
      const xml = await partText(assets.base, "xl/workbook.xml");
      const changed = xml.replace(`name="${assets.facts.tables.placements.sheet}"`, `name="${long}"`);
      const bytes = await rezip(assets.base, { "xl/workbook.xml": changed });
      return buildInto(dir, await writeFile(dir, "council.xlsx", bytes), ["--json"]);
    },
    check: (run) => problems(mapped(run, "placements")),
  },
  {
    id: "value-in-xfd1048576",
    title: "the register with one value in XFD1048576, the last cell of the sheet",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        sheetOf(wb, assets.facts.tables.placements.sheet).getCell("XFD1048576").value = "end";
      });
      return buildInto(dir, input, ["--json"]);
    },
    check: (run) => problems(mapped(run, "placements")),
  },
  {
    id: "styled-to-last-row",
    title: "the register with every row down to 1,048,576 formatted (empty but styled cells)",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const part = await partOfSheet(assets.base, assets.facts.tables.placements.sheet);
      const xml = await partText(assets.base, part);
      const styles = await partText(assets.base, "xl/styles.xml");
      const xfs = Number(/<cellXfs count="(\d+)"/.exec(styles)?.[1] ?? "1");
      const style = Math.max(0, xfs - 1);
      const end = xml.indexOf("</sheetData>");
      const from = assets.facts.tables.placements.lastRow + 1;
      const cols = ["A", "B", "C", "D", "E", "F", "G", "H"];
      // One row of empty styled cells, split where its row number goes (joined with the number: fast).
      const rowTemplate = (
        `<row r="#" s="${style}" customFormat="1">` +
        cols.map((c) => `<c r="${c}#" s="${style}"/>`).join("") +
        "</row>"
      ).split("#");
      const pieces: Uint8Array[] = [Buffer.from(xml.slice(0, end))];
      for (let start = from; start <= 1_048_576; start += 20_000) {
        let text = "";
        for (let r = start; r < Math.min(start + 20_000, 1_048_577); r++) text += rowTemplate.join(String(r));
        pieces.push(Buffer.from(text));
      }
      pieces.push(Buffer.from(xml.slice(end).replace(/<dimension ref="[^"]*"\/>/, "")));
      const head = Buffer.from(
        xml.slice(0, end).replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:H1048576"/>'),
      );
      pieces[0] = head;
      // Level 1: 150 MB of XML deflates in about a second, and the zip is still small.
      const bytes = await rezip(assets.base, { [part]: deflatePieces(pieces, undefined, 1) });
      return buildInto(dir, await writeFile(dir, "council.xlsx", bytes), ["--json"]);
    },
    check: (run, assets) => {
      const j = needJson(run);
      if (typeof j === "string") return [j];
      return problems(
        j.rowsUsed.placements !== assets.facts.placements.good &&
          `placements used ${j.rowsUsed.placements}, expected the ${assets.facts.placements.good} good rows above the styling`,
      );
    },
  },
  {
    id: "text-over-32767",
    title: "a budget line's note of 40,000 characters (over Excel's 32,767 per cell)",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const t = assets.facts.tables.budgetLines;
      const row = assets.facts.budgetLines.lines[0].row;
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        sheetOf(wb, t.sheet).getRow(row).getCell(t.columns.note).value =
          "Agreed at the March meeting. ".repeat(1380);
      });
      return buildInto(dir, input, ["--json"]);
    },
    async check(run, assets) {
      const row = assets.facts.budgetLines.lines[0].row;
      const t = assets.facts.tables.budgetLines;
      const cell = `${String.fromCharCode(64 + t.columns.note)}${row}`;
      return problems(
        !(await says(run, new RegExp(`\\b${cell}\\b`), /32,?767/)) &&
          `no note (in the account or the papers) names the source cell ${cell} and Excel's 32,767-character limit`,
      );
    },
  },
  {
    id: "error-cells",
    title: "register start dates showing #REF!, #DIV/0! and #N/A",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        const t = assets.facts.tables.placements;
        const ws = sheetOf(wb, t.sheet);
        const rows = goodRegisterRows(assets, ws).slice(0, 3);
        const errors = ["#REF!", "#DIV/0!", "#N/A"] as const;
        rows.forEach((r, i) => {
          ws.getRow(r).getCell(t.columns.start).value = { error: errors[i] } as ExcelJS.CellErrorValue;
        });
        lowerStatedPlacements(wb, assets, rows.length);
      });
      return buildInto(dir, input, ["--json"]);
    },
    async check(run, assets) {
      const wb = await loadBase(assets);
      const t = assets.facts.tables.placements;
      const rows = goodRegisterRows(assets, sheetOf(wb, t.sheet)).slice(0, 3);
      return [
        ...skippedWith(run, t.sheet, [rows[0]], /#REF!/),
        ...skippedWith(run, t.sheet, [rows[1]], /#DIV\/0!/),
        ...skippedWith(run, t.sheet, [rows[2]], /#N\/A/),
      ];
    },
  },
  {
    id: "formulas-without-cached-values",
    title: "register start dates that are formulas saved without their results",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        const t = assets.facts.tables.placements;
        const ws = sheetOf(wb, t.sheet);
        for (const r of goodRegisterRows(assets, ws).slice(0, 4))
          ws.getRow(r).getCell(t.columns.start).value = {
            formula: "DATE(2025,9,1)",
          } as ExcelJS.CellFormulaValue;
        lowerStatedPlacements(wb, assets, 4);
      });
      return buildInto(dir, input, ["--json"]);
    },
    async check(run, assets) {
      const wb = await loadBase(assets);
      const t = assets.facts.tables.placements;
      const rows = goodRegisterRows(assets, sheetOf(wb, t.sheet)).slice(0, 4);
      // Not read as some other value: reported, each one (as blank, or better, as a formula with no saved result).
      return skippedWith(run, t.sheet, rows, /.+/);
    },
  },
  {
    id: "numbers-as-text",
    title:
      "budget amounts stored as text in the forms councils type (£1,234,567 / 1,234,567.00 / ' 1234567 ' / £ 1,234,567)",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const t = assets.facts.tables.budgetLines;
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        const ws = sheetOf(wb, t.sheet);
        const forms = [
          (n: number) => `£${n.toLocaleString("en-GB", { maximumFractionDigits: 2 })}`,
          (n: number) => n.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
          (n: number) => ` ${n} `,
          (n: number) => `£ ${n.toLocaleString("en-GB", { maximumFractionDigits: 2 })}`,
          (n: number) => `${n.toFixed(2)}`,
        ];
        assets.facts.budgetLines.lines.slice(0, forms.length * 2).forEach((l, i) => {
          ws.getRow(l.row).getCell(t.columns.budget).value = forms[i % forms.length](l.budget);
        });
      });
      return buildInto(dir, input, ["--json"]);
    },
    check(run, assets) {
      const j = needJson(run);
      if (typeof j === "string") return [j];
      const skipped = j.rowsSkipped.filter((s) => s.dataset === "budgetLines");
      return problems(
        j.rowsUsed.budgetLines !== assets.facts.budgetLines.count &&
          `budget lines used ${j.rowsUsed.budgetLines} of ${assets.facts.budgetLines.count}; skipped: ${skipped.map((s) => `row ${s.row} ${s.reason}`).join("; ")}`,
      );
    },
  },
  {
    id: "numbers-as-text-ambiguous",
    title: "hours as text in forms that cannot be read safely (1,5 / 1.234,5 / ½)",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        const t = assets.facts.tables.placements;
        const ws = sheetOf(wb, t.sheet);
        const odd = ["1,5", "1.234,5", "½"];
        let k = 0;
        for (const r of goodRegisterRows(assets, ws)) {
          const cell = ws.getRow(r).getCell(t.columns.hours);
          if (typeof cell.value === "number" && k < odd.length) cell.value = odd[k++];
        }
        lowerStatedPlacements(wb, assets, odd.length);
      });
      return buildInto(dir, input, ["--json"]);
    },
    async check(run, assets) {
      // Each is either read as the number it plainly is, or skipped saying what the cell holds; never a silent guess.
      const wb = await loadBase(assets);
      const t = assets.facts.tables.placements;
      const ws = sheetOf(wb, t.sheet);
      const rows = goodRegisterRows(assets, ws)
        .filter((r) => typeof ws.getRow(r).getCell(t.columns.hours).value === "number")
        .slice(0, 3);
      const expectations: RegExp[] = [/1,5/, /1\.234,5/, /½/];
      const j = needJson(run);
      if (typeof j === "string") return [j];
      return rows.flatMap((row, i) => {
        const s = j.rowsSkipped.find((x) => x.sheet === t.sheet && x.row === row);
        return s && expectations[i].test(s.reason)
          ? []
          : [`row ${row} (${expectations[i].source}) was ${s ? `skipped as "${s.reason}"` : "used"}`];
      });
    },
  },
  {
    id: "dates-as-text-uk",
    title:
      "start dates as text in many UK forms (1/9/25, 1 Sept 2025, 1st September 2025, 01.09.2025, 2025-09-01, 1-Sep-25 …)",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        const t = assets.facts.tables.placements;
        const ws = sheetOf(wb, t.sheet);
        goodRegisterRows(assets, ws)
          .slice(0, UK_DATES.length)
          .forEach((r, i) => {
            ws.getRow(r).getCell(t.columns.start).value = UK_DATES[i];
            // No end date: an old end date would now fall before the new start and hide the point.
            ws.getRow(r).getCell(t.columns.end).value = null;
          });
      });
      return buildInto(dir, input, ["--json"]);
    },
    async check(run, assets) {
      const wb = await loadBase(assets);
      const t = assets.facts.tables.placements;
      const rows = goodRegisterRows(assets, sheetOf(wb, t.sheet)).slice(0, UK_DATES.length);
      const j = needJson(run);
      if (typeof j === "string") return [j];
      // Read (not listed) or skipped with the text quoted: never dropped without saying which text.
      return rows.flatMap((row, i) => {
        const s = j.rowsSkipped.filter((x) => x.sheet === t.sheet && x.row === row);
        return s.length === 0 || s.some((x) => x.reason.includes(UK_DATES[i]))
          ? []
          : [`row ${row} "${UK_DATES[i]}" skipped as "${s.map((x) => x.reason).join("; ")}"`];
      });
    },
  },
  {
    id: "dates-impossible",
    title: "start dates that do not exist (31/02/2026, 29/02/2025, 00/01/2026)",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        const t = assets.facts.tables.placements;
        const ws = sheetOf(wb, t.sheet);
        goodRegisterRows(assets, ws)
          .slice(0, 3)
          .forEach(
            (r, i) =>
              (ws.getRow(r).getCell(t.columns.start).value = ["31/02/2026", "29/02/2025", "00/01/2026"][i]),
          );
        lowerStatedPlacements(wb, assets, 3);
      });
      return buildInto(dir, input, ["--json"]);
    },
    async check(run, assets) {
      const wb = await loadBase(assets);
      const t = assets.facts.tables.placements;
      const rows = goodRegisterRows(assets, sheetOf(wb, t.sheet)).slice(0, 3);
      return skippedWith(run, t.sheet, rows, /date/i);
    },
  },
  {
    id: "negative-hours",
    title: "negative hours per week, as numbers and as text",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        const t = assets.facts.tables.placements;
        const ws = sheetOf(wb, t.sheet);
        const rows = goodRegisterRows(assets, ws).filter(
          (r) => typeof ws.getRow(r).getCell(t.columns.hours).value === "number",
        );
        ws.getRow(rows[0]).getCell(t.columns.hours).value = -15;
        ws.getRow(rows[1]).getCell(t.columns.hours).value = "-20";
        ws.getRow(rows[2]).getCell(t.columns.hours).value = "(10)";
        lowerStatedPlacements(wb, assets, 3);
      });
      return buildInto(dir, input, ["--json"]);
    },
    async check(run, assets) {
      const wb = await loadBase(assets);
      const t = assets.facts.tables.placements;
      const ws = sheetOf(wb, t.sheet);
      const rows = goodRegisterRows(assets, ws).filter(
        (r) => typeof ws.getRow(r).getCell(t.columns.hours).value === "number",
      );
      return skippedWith(run, t.sheet, rows.slice(0, 3), /negative|below zero|less than/i);
    },
  },
  {
    id: "huge-numbers",
    title: "a budget line of £1e300 (budget and forecast), with its subtotal and total rows to match",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const t = assets.facts.tables.budgetLines;
      const huge = 1e300;
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        const ws = sheetOf(wb, t.sheet);
        const header = ws.getRow(t.headerRow);
        let variance = 0;
        header.eachCell((cell, col) => {
          if (/variance/i.test(String(cell.value))) variance = col;
        });
        // A formula keeps its formula with the new result; a value is replaced.
        const set = (row: number, col: number, value: number) => {
          const cell = ws.getRow(row).getCell(col);
          const v = cell.value;
          cell.value =
            v && typeof v === "object" && "formula" in v
              ? ({ formula: v.formula, result: value } as ExcelJS.CellFormulaValue)
              : value;
        };
        const line = assets.facts.budgetLines.lines[0];
        const rows = [
          line.row,
          ...assets.facts.totals
            .filter((x) => x.dataset === "budgetLines" && x.covers.includes(line.row))
            .map((x) => x.row),
        ];
        for (const r of rows) {
          set(r, t.columns.budget, huge);
          set(r, t.columns.forecast, huge);
          if (variance) set(r, variance, 0);
        }
      });
      return buildInto(dir, input, ["--json"]);
    },
    check: (run) => problems(/NaN|Infinity/.test(run.stdout) && "the account holds NaN or Infinity"),
  },
  {
    id: "duplicate-headers",
    title: 'the schools table with two columns headed "Pupils"',
    expect: { code: Exit.built },
    async make(dir, assets) {
      const t = assets.facts.tables.schools;
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        const ws = sheetOf(wb, t.sheet);
        // A second "Pupils" column (last year's census) just right of the table's last column, so
        // it is part of the table (a blank column between would make it a table of its own).
        const col = ws.getRow(t.headerRow).cellCount + 1;
        ws.getRow(t.headerRow).getCell(col).value = "Pupils";
        for (let r = t.firstDataRow; r < t.lastRow; r++) {
          const pupils = ws.getRow(r).getCell(t.columns.pupils).value;
          ws.getRow(r).getCell(col).value = typeof pupils === "number" ? pupils - 3 : null;
        }
      });
      return buildInto(dir, input, ["--json"]);
    },
    async check(run) {
      const j = needJson(run);
      if (typeof j === "string") return [j];
      const m = j.mappings.find((x) => x.dataset === "schools");
      return problems(
        mapped(run, "schools"),
        m !== undefined &&
          m.columns.pupils !== "E" &&
          `pupils mapped to column ${m.columns.pupils}, not the table's own E`,
        !(await says(run, /Pupils/, /\bcolumns?\s+E\b/i)) &&
          'no note (in the account or the papers) says which "Pupils" column (E or the second one) was used',
      );
    },
  },
  {
    id: "group-title-above-header",
    title: "the schools table under a row of merged group titles (School details | Funding 2026-27 £)",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const t = assets.facts.tables.schools;
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        const ws = sheetOf(wb, t.sheet);
        ws.insertRow(t.headerRow, []);
        ws.getRow(t.headerRow).getCell(1).value = "School details";
        ws.getRow(t.headerRow).getCell(6).value = "Funding 2026-27 £";
        ws.mergeCells(t.headerRow, 1, t.headerRow, 5);
        ws.mergeCells(t.headerRow, 6, t.headerRow, 7);
      });
      return buildInto(dir, input, ["--json"]);
    },
    check(run, assets) {
      const j = needJson(run);
      if (typeof j === "string") return [j];
      return problems(
        mapped(run, "schools"),
        j.rowsUsed.schools !== assets.facts.schools.count &&
          `schools used ${j.rowsUsed.schools ?? 0}, the sheet has ${assets.facts.schools.count}`,
      );
    },
  },
  {
    id: "two-row-merged-header",
    title:
      "a header over two rows: School, URN, Phase, Type, Pupils merged down two rows, Funding 2026-27 £ merged across Formula allocation | Protected floor",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const t = assets.facts.tables.schools;
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        const ws = sheetOf(wb, t.sheet);
        ws.insertRow(t.headerRow, []);
        const top = ws.getRow(t.headerRow);
        const bottom = ws.getRow(t.headerRow + 1);
        // The single columns' names move up into the merged two-row cells; the two funding
        // columns keep their own names under one group title.
        for (let c = 1; c <= 5; c++) {
          top.getCell(c).value = bottom.getCell(c).value;
          bottom.getCell(c).value = null;
          ws.mergeCells(t.headerRow, c, t.headerRow + 1, c);
        }
        top.getCell(6).value = "Funding 2026-27 £";
        ws.mergeCells(t.headerRow, 6, t.headerRow, 7);
        bottom.getCell(6).value = "Formula allocation";
        bottom.getCell(7).value = "Protected floor";
      });
      return buildInto(dir, input, ["--json"]);
    },
    check(run, assets) {
      const j = needJson(run);
      if (typeof j === "string") return [j];
      const m = j.mappings.find((x) => x.dataset === "schools");
      const want = { name: "A", pupils: "E", allocation: "F", floor: "G" };
      const wrong = m ? Object.entries(want).filter(([field, col]) => m.columns[field] !== col) : [];
      return problems(
        mapped(run, "schools"),
        wrong.length > 0 &&
          `schools columns ${wrong.map(([f, c]) => `${f} → ${m!.columns[f] ?? "none"} (expected ${c})`).join(", ")}`,
        j.rowsUsed.schools !== assets.facts.schools.count &&
          `schools used ${j.rowsUsed.schools ?? 0}, the sheet has ${assets.facts.schools.count}`,
      );
    },
  },
  {
    id: "two-row-split-header",
    title: 'column names split over two rows ("Formula" above "allocation £", "Protected" above "floor £")',
    expect: { code: Exit.built },
    async make(dir, assets) {
      const t = assets.facts.tables.schools;
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        const ws = sheetOf(wb, t.sheet);
        ws.insertRow(t.headerRow, []);
        ws.getRow(t.headerRow).getCell(6).value = "Formula";
        ws.getRow(t.headerRow).getCell(7).value = "Protected";
        const header = ws.getRow(t.headerRow + 1);
        header.getCell(6).value = "allocation £";
        header.getCell(7).value = "floor £";
      });
      return buildInto(dir, input, ["--json"]);
    },
    check(run, assets) {
      const j = needJson(run);
      if (typeof j === "string") return [j];
      const m = j.mappings.find((x) => x.dataset === "schools");
      return problems(
        mapped(run, "schools"),
        m !== undefined &&
          (m.columns.allocation !== "F" || m.columns.floor !== "G") &&
          `allocation and floor mapped to ${m.columns.allocation} and ${m.columns.floor}, not F and G`,
        j.rowsUsed.schools !== assets.facts.schools.count &&
          `schools used ${j.rowsUsed.schools ?? 0}, the sheet has ${assets.facts.schools.count}`,
      );
    },
  },
  {
    id: "hidden-and-very-hidden-sheets",
    title: "the register on a hidden sheet and the schools on a very hidden one",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        sheetOf(wb, assets.facts.tables.placements.sheet).state = "hidden";
        sheetOf(wb, assets.facts.tables.schools.sheet).state = "veryHidden";
      });
      return buildInto(dir, input, ["--json"]);
    },
    check: (run) => problems(mapped(run, "placements"), mapped(run, "schools")),
  },
  {
    id: "table-in-hidden-rows",
    title: "the deficit plan table entirely in hidden rows",
    expect: { code: Exit.built },
    async make(dir, assets) {
      const t = assets.facts.tables.deficitPlan;
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        const ws = sheetOf(wb, t.sheet);
        for (let r = t.headerRow; r <= t.lastRow; r++) ws.getRow(r).hidden = true;
      });
      return buildInto(dir, input, ["--json"]);
    },
    async check(run) {
      const j = needJson(run);
      if (typeof j === "string") return [j];
      const used = j.mappings.some((m) => m.dataset === "deficitPlan");
      return problems(
        used &&
          !(await says(run, /hidden/i, /deficit plan/i)) &&
          "the hidden rows of the deficit plan were used with no note (in the account or the papers) saying so",
      );
    },
  },
  {
    id: "blank-workbook",
    title: "a workbook with one empty sheet",
    expect: { code: Exit.nothingToBuild, message: /no recognisable table/ },
    async make(dir) {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet("Sheet1");
      return buildInto(dir, await writeXlsx(wb, path.join(dir, "council.xlsx")));
    },
  },
  {
    id: "only-titles",
    title: "a workbook with titles and notes but no tables",
    expect: { code: Exit.nothingToBuild, message: /no recognisable table/ },
    async make(dir) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("Cover");
      ws.getCell("A1").value = "Northbrook Council";
      ws.getCell("A2").value = "Schools Forum – high needs budget monitoring";
      ws.getCell("A4").value = "Prepared by the finance team, October 2026";
      wb.addWorksheet("Notes").getCell("B3").value = "Figures to follow";
      return buildInto(dir, await writeXlsx(wb, path.join(dir, "council.xlsx")));
    },
  },
  {
    id: "unrelated-table",
    title: "a workbook whose only table is about something else (Item, Colour, Size)",
    expect: { code: Exit.nothingToBuild, message: /no recognisable table/ },
    async make(dir) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("Stock");
      ws.addRow(["Item", "Colour", "Size"]);
      for (let i = 1; i <= 20; i++) ws.addRow([`Chair ${i}`, i % 2 ? "Red" : "Blue", i]);
      return buildInto(dir, await writeXlsx(wb, path.join(dir, "council.xlsx")));
    },
  },
  {
    id: "papers-paper-without-data",
    title: "--papers banding-review on a workbook with only the schools table",
    expect: { code: Exit.nothingToBuild, message: /nothing to build|banding/i },
    async make(dir, assets) {
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        for (const ws of [...wb.worksheets])
          if (ws.name !== assets.facts.tables.schools.sheet) wb.removeWorksheet(ws.id);
      });
      return buildInto(dir, input, ["--papers", "banding-review"]);
    },
  },
  {
    id: "strict-check-fails",
    title: "--strict on a workbook whose DSG summary gives High Needs £1m more than the HNB monitoring total",
    expect: { code: Exit.checkFails, message: /check/i },
    async make(dir, assets) {
      const t = assets.facts.tables.dsgBlocks;
      const input = await variant(dir, assets, "council.xlsx", (wb) => {
        const ws = sheetOf(wb, t.sheet);
        // The DSG table stays true to itself (allocation + transfers = budget, the Total row adds
        // up), so only the papers' own check that the two sheets agree can fail.
        const add = (row: number, col: number, delta: number) => {
          const cell = ws.getRow(row).getCell(col);
          const v = cell.value;
          cell.value =
            v && typeof v === "object" && "formula" in v
              ? ({ formula: v.formula, result: Number(v.result) + delta } as ExcelJS.CellFormulaValue)
              : Number(v) + delta;
        };
        const hn = assets.facts.dsgBlocks.find((b) => /high needs/i.test(b.block));
        if (!hn) throw new Error("the base workbook has no High Needs block");
        const rows = [
          hn.row,
          ...assets.facts.totals
            .filter((x) => x.dataset === "dsgBlocks" && x.covers.includes(hn.row))
            .map((x) => x.row),
        ];
        for (const r of rows)
          for (const col of [t.columns.allocation, t.columns.budget]) add(r, col, 1_000_000);
      });
      return buildInto(dir, input, ["--strict", "--papers", STRICT_PAPERS]);
    },
  },
  {
    id: "strict-all-pass",
    title: "--strict on the base workbook (every check passes)",
    expect: { code: Exit.built },
    async make(dir, assets) {
      return buildInto(dir, await baseCopy(dir, assets), ["--strict", "--papers", STRICT_PAPERS]);
    },
  },
];

/**
 * The papers the --strict cases build: the register's planted bad rows fail the banding review's
 * "every row was used" check by design, so the strict cases leave the register's papers out.
 */
const STRICT_PAPERS = "hnb-monitoring,dsg-summary,deficit-plan,transfer-impact";

const pad2 = (n: number) => String(n).padStart(2, "0");
const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th"}`;
const weekday = (d: number) =>
  ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][
    new Date(Date.UTC(2025, 8, d)).getUTCDay()
  ];

/**
 * Start dates as text, in forms seen in UK council registers: the n-th is the n-th of September
 * 2025 (a different day for each row, so no two rows of one pupil start on the same day; days up to
 * 12 also read as a month in US order, which must not happen).
 */
const UK_DATES: readonly string[] = [
  (d: number) => `${pad2(d)}/09/2025`,
  (d: number) => `${d}/9/2025`,
  (d: number) => `${d}/9/25`,
  (d: number) => `${d} September 2025`,
  (d: number) => `${d} Sept 2025`,
  (d: number) => `${d} Sep 2025`,
  (d: number) => `${ordinal(d)} September 2025`,
  (d: number) => `${pad2(d)}-09-2025`,
  (d: number) => `${pad2(d)}.09.2025`,
  (d: number) => `2025-09-${pad2(d)}`,
  (d: number) => `${d}-Sep-25`,
  (d: number) => `${weekday(d)} ${d} September 2025`,
].map((form, i) => form(i + 1));

/** The register's school names replaced in turn by `names` (rows with no school stay blank). */
function renameRegisterSchools(wb: ExcelJS.Workbook, assets: Assets, names: readonly string[]): void {
  const t = assets.facts.tables.placements;
  const ws = sheetOf(wb, t.sheet);
  let k = 0;
  for (let r = t.firstDataRow; r <= t.lastRow; r++) {
    const cell = ws.getRow(r).getCell(t.columns.school);
    if (typeof cell.value === "string" && cell.value.trim() !== "" && r !== assets.facts.placements.totalRow)
      cell.value = names[k++ % names.length];
  }
}

/** Every case, in the order they run. */
export const CASES: readonly HostileCase[] = [
  ...unreadable,
  ...outputs,
  ...commandLine,
  ...mappingCases,
  ...contents,
];

// ---------------------------------------------------------------------------------------------
// By hand: write every case's files

/** Write the shared inputs and every case's files under `root`; print each case's command. */
export async function writeCorpus(root: string): Promise<void> {
  const assets = await makeAssets(path.join(root, "_assets"), officeFilesCanBeMade());
  for (const c of CASES) {
    if (c.needsLibreOffice && !assets.office) {
      console.log(`${c.id}: skipped (${assets.officeMissing})`);
      continue;
    }
    const dir = path.join(root, c.id);
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    const setup = await c.make(dir, assets);
    const code = setup.expect?.code ?? c.expect.code;
    console.log(`${c.id} (exit ${code}): forum-papers ${setup.argv.join(" ")}`);
  }
}

if (require.main === module) {
  const root = process.argv[2];
  if (!root) {
    console.error("Usage: npx tsx test/hostile/generate.ts <dir>");
    process.exitCode = 2;
  } else {
    writeCorpus(path.resolve(root)).catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
  }
}
