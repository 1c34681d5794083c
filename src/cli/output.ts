/**
 * Where the papers go, and the guarantee that they never go over the council's workbook.
 *
 * Comparing path strings is not enough: `council.xlsx` given through a symbolic link, a
 * `folder/../council.xlsx` route through a linked folder, a hard link, or `COUNCIL.XLSX` on a
 * case-insensitive disk (macOS, Windows) all name the same file with different text. So the guard
 * compares what the operating system says: the file's identity (device + inode, following
 * symbolic links) and its real path. It runs before the build and again just before the rename
 * that puts the papers in place, so a file swapped in while the papers were being built is caught.
 *
 * The papers are written to a new temporary file (created exclusively, so it can never be an
 * existing file or a link) in the output's real folder, then renamed over the output path. A
 * rename replaces the directory entry itself: an output that is a symbolic link is replaced by
 * the papers, and whatever it pointed to is left as it was.
 */

import { randomBytes } from "crypto";
import { promises as fs, type BigIntStats } from "fs";
import * as path from "path";

/**
 * Device and inode: what makes two paths the same file, however they are spelt. BigInts, because
 * Windows file indexes use all 64 bits and would lose their low digits as a double.
 */
export interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
}

/** The council's workbook as read: its bytes, and the file they came from. */
export interface InputFile {
  /** The path as the user gave it (for messages). */
  readonly given: string;
  /** The path with every symbolic link and `..` resolved by the operating system. */
  readonly realPath: string;
  /** The identity of the file the bytes were read from (fstat of the open handle). */
  readonly identity: FileIdentity;
  readonly bytes: Uint8Array;
}

/** The output path would write over the council's workbook, or over a folder: a usage mistake. */
export class OutputRefused extends Error {
  override name = "OutputRefused";
}

/** The input is not a readable file (missing, a folder, no permission): one line for the user. */
export class InputUnreadable extends Error {
  override name = "InputUnreadable";
  constructor(
    message: string,
    /** The operating system's own words (e.g. "EACCES: permission denied, open 'x'"), for --json. */
    readonly detail: string,
  ) {
    super(message);
  }
}

/** What an operating-system error code means, in words a user can act on. */
export function describeFileError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a folder, not a file";
    // EEXIST comes from creating the output's folder where a file of that name already is.
    case "EEXIST":
    case "ENOTDIR":
      return "part of the path is a file, not a folder";
    case "ENAMETOOLONG":
      return "the name is too long";
    case "ENOSPC":
      return "the disk is full";
    case "EROFS":
      return "the disk is read-only";
    case "ELOOP":
      return "the path loops through symbolic links";
    case "EBUSY":
      return "the file is in use by another program";
    default:
      return code ? `the system refused (${code})` : "the system refused";
  }
}

/** The operating system's message, first line only: detail for --json, never the user's line. */
export function fileErrorDetail(e: unknown): string {
  // Duck-typed, not instanceof Error: Node's fs errors can come from another realm (a test VM).
  const message = (e as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message.split("\n")[0] : String(e);
}

const identityOf = (s: BigIntStats): FileIdentity => ({ dev: s.dev, ino: s.ino });
const sameFile = (s: BigIntStats, id: FileIdentity) => s.dev === id.dev && s.ino === id.ino;

/**
 * Read the council's workbook, noting which file the bytes came from.
 *
 * @throws InputUnreadable when the path is missing, a folder, or cannot be opened
 */
export async function readInput(given: string): Promise<InputFile> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(given, "r");
  } catch (e) {
    throw new InputUnreadable(
      `cannot read ${given}: ${describeFileError(e)}; check the file name and folder, or copy the workbook here and give its name`,
      fileErrorDetail(e),
    );
  }
  try {
    // fstat of the open handle: the identity of exactly the file read, even if the path changes.
    const stat = await handle.stat({ bigint: true });
    if (stat.isDirectory())
      throw new InputUnreadable(
        `cannot read ${given}: it is a folder; give the council's workbook file (.xlsx)`,
        "EISDIR",
      );
    const bytes = new Uint8Array(await handle.readFile());
    const realPath = await fs.realpath(given);
    return { given, realPath, identity: identityOf(stat), bytes };
  } catch (e) {
    if (e instanceof InputUnreadable) throw e;
    throw new InputUnreadable(
      `cannot read ${given}: ${describeFileError(e)}; check the file name and folder, or copy the workbook here and give its name`,
      fileErrorDetail(e),
    );
  } finally {
    await handle.close();
  }
}

/** A name beside the output for the papers, offered when the user named the council's file. */
function suggestedName(input: InputFile): string {
  const base = path.basename(input.given).replace(/\.xlsx$/i, "");
  return `${base} papers.xlsx`;
}

function refuseSameFile(output: string, input: InputFile, how: string): OutputRefused {
  return new OutputRefused(
    `will not write ${output}: it is ${how} the council's workbook ${input.given}; the output must be a new file, not the council's workbook (e.g. -o "${suggestedName(input)}")`,
  );
}

function refuseFolder(output: string, input: InputFile): OutputRefused {
  return new OutputRefused(
    `will not write ${output}: it is an existing folder; the output must be a new file, not a folder or the council's workbook ${input.given} (e.g. -o "${path.join(output, "papers.xlsx")}")`,
  );
}

/** `fs.stat`/`fs.lstat`/`fs.realpath`, with "not there" as undefined rather than an error. */
async function ifPresent<T>(op: () => Promise<T>): Promise<T | undefined> {
  try {
    return await op();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ENOENT: nothing there yet (or a dangling link); ENOTDIR: a parent is a file, so nothing
    // can be there (the write itself will fail and say so); ELOOP: a link cycle, same.
    if (code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP") return undefined;
    throw e;
  }
}

/**
 * Refuse an output path that is, or leads to, the council's workbook, or is an existing folder.
 *
 * Catches: the same path; another spelling of it (`dir/../council.xlsx`, a linked folder, a case
 * variant on a case-insensitive disk: all have the input's device + inode); a hard link to it
 * (same device + inode under another name); a symbolic link to it; and, for a path that does not
 * exist yet, a real folder + name equal to the input's real path.
 *
 * @param output the path to check, as the system will resolve it
 * @param input the council's workbook as read
 * @param shownAs how to name the output in the message (the path the user typed)
 * @throws OutputRefused with one line naming both files and what to do instead; the system's
 *   error when it will not let the path be examined (a name too long, no permission)
 * @example
 *   await checkOutput("papers.xlsx", await readInput("council.xlsx")); // resolves: a new file
 */
export async function checkOutput(output: string, input: InputFile, shownAs = output): Promise<void> {
  const entry = await ifPresent(() => fs.lstat(output, { bigint: true }));
  if (entry) {
    // stat follows a symbolic link to what it names (undefined when it dangles).
    const target = entry.isSymbolicLink() ? await ifPresent(() => fs.stat(output, { bigint: true })) : entry;
    if (target?.isDirectory()) throw refuseFolder(shownAs, input);
    const realOutput = await ifPresent(() => fs.realpath(output));
    if (target && sameFile(target, input.identity)) {
      const how = entry.isSymbolicLink()
        ? "a symbolic link to"
        : entry.nlink > 1n && realOutput !== input.realPath
          ? "a hard link to"
          : "the same file as";
      throw refuseSameFile(shownAs, input, how);
    }
    // A different file now sits at the input's real path (replaced since it was read): writing
    // here would still replace the council's workbook.
    if (realOutput === input.realPath) throw refuseSameFile(shownAs, input, "the same path as");
    return;
  }
  // Not there yet: the real folder it would land in, plus its name.
  const realFolder = await ifPresent(() => fs.realpath(path.dirname(output)));
  if (realFolder && path.join(realFolder, path.basename(output)) === input.realPath)
    throw refuseSameFile(shownAs, input, "the same path as");
}

/** A temporary name that fits any file system's 255-byte limit, whatever the output is called. */
function temporaryName(): string {
  return `.forum-papers-${process.pid}-${randomBytes(6).toString("hex")}.partial`;
}

/**
 * Write `bytes` to `output` so that a failure leaves nothing behind and the council's workbook is
 * never written: the bytes go to a new temporary file in the output's real folder, the guard runs
 * again, and a rename puts them in place.
 *
 * @param output the papers' path (its folder is created if missing)
 * @param input the council's workbook, whose identity the output must not have
 * @throws OutputRefused if the output became the council's workbook during the build; the
 *   operating system's error if the folder, the write or the rename fails (the temporary file is
 *   removed first in every case)
 */
export async function writeAtomically(output: string, bytes: Uint8Array, input: InputFile): Promise<void> {
  const folder = path.dirname(output);
  // The first folder this call creates (undefined when the output's folder exists), so that a
  // failure can take away the folders it made as well as the temporary file.
  const firstMade = await fs.mkdir(folder, { recursive: true });
  // The real folder, not path.resolve(): "linked/../x.xlsx" lands where the system says it does,
  // and the temporary file must sit in that same folder for the rename to be atomic.
  const realFolder = await fs.realpath(folder);
  const realFirstMade = firstMade !== undefined ? await fs.realpath(firstMade) : undefined;
  const destination = path.join(realFolder, path.basename(output));
  const temp = path.join(realFolder, temporaryName());
  let created = false;
  try {
    // "wx": create, and fail if anything (a file, a link) already has this name.
    const handle = await fs.open(temp, "wx");
    created = true;
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Again, just before the rename: the output may have been replaced while the papers were built.
    await checkOutput(destination, input, output);
    await fs.rename(temp, destination);
  } catch (e) {
    if (created) await fs.rm(temp, { force: true });
    if (realFirstMade !== undefined) await removeEmptyFolders(realFolder, realFirstMade);
    throw e;
  }
}

/**
 * Remove `deepest` and its parents up to and including `highest`, each only if empty (rmdir
 * refuses a folder with anything in it, so nothing anyone else put there can go).
 */
async function removeEmptyFolders(deepest: string, highest: string): Promise<void> {
  for (let folder = deepest; ; folder = path.dirname(folder)) {
    try {
      await fs.rmdir(folder);
    } catch {
      return;
    }
    if (folder === highest || path.dirname(folder) === folder) return;
  }
}
