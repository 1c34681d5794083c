/**
 * The council's workbook is never overwritten, whichever way the output path leads to it: the
 * same path, a symbolic link either way round, a `..` route (lexical, and through a linked folder
 * where string comparison is fooled), a hard link, a case variant on a case-insensitive disk, or
 * a folder. Each route is its own test on real files; each asserts the exit code (2), one line on
 * stderr naming the council's file, no stack trace, no temporary file, and the council's
 * workbook byte-identical afterwards (SHA-256).
 */
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { ExitCode } from "../../src/cli/main";
import { OutputRefused, readInput, writeAtomically } from "../../src/cli/output";
import { partialsIn, run, SAMPLE, sha256, STACK_FRAME, stderrLines, type Run } from "./run-cli";

let root: string;
let sampleSha: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "forum-papers-overwrite-"));
  sampleSha = await sha256(SAMPLE);
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** A fresh folder holding a copy of the sample as council.xlsx. */
async function route(name: string): Promise<{ folder: string; council: string }> {
  const folder = path.join(root, name);
  await fs.mkdir(folder, { recursive: true });
  const council = path.join(folder, "council.xlsx");
  await fs.copyFile(SAMPLE, council);
  return { folder, council };
}

/** What every refusal must look like, and what it must leave. */
async function expectRefused(r: Run, council: string, folders: string[], shownInput: string) {
  expect(r.code).toBe(ExitCode.usage);
  const lines = stderrLines(r);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^forum-papers: will not write /);
  expect(lines[0]).toContain("the output must be a new file");
  expect(lines[0]).toContain(`the council's workbook ${shownInput}`);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stdout).toBe("");
  expect(await sha256(council)).toBe(sampleSha);
  for (const f of folders) expect(await partialsIn(f)).toEqual([]);
}

describe("an output that is the council's workbook is refused", () => {
  test("output == input: the same path", async () => {
    const { folder, council } = await route("same-path");
    const r = await run(["build", council, "-o", council, "-q"]);
    await expectRefused(r, council, [folder], council);
  });

  test("input through a symbolic link, -o the file it points to (the reported overwrite)", async () => {
    const { folder, council } = await route("symlink-input");
    const link = path.join(folder, "link.xlsx");
    await fs.symlink(council, link);
    // The old guard compared path.resolve() strings; these differ, so it let the build through.
    expect(path.resolve(link)).not.toBe(path.resolve(council));
    const r = await run(["build", link, "-o", council, "-q"]);
    await expectRefused(r, council, [folder], link);
  });

  test("-o a symbolic link to the input", async () => {
    const { folder, council } = await route("symlink-output");
    const link = path.join(folder, "papers.xlsx");
    await fs.symlink(council, link);
    const r = await run(["build", council, "-o", link, "-q"]);
    await expectRefused(r, council, [folder], council);
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
  });

  test("-o dir/../council.xlsx", async () => {
    const { folder, council } = await route("dotdot");
    await fs.mkdir(path.join(folder, "dir"));
    const output = `${folder}/dir/../council.xlsx`;
    const r = await run(["build", council, "-o", output, "-q"]);
    await expectRefused(r, council, [folder, path.join(folder, "dir")], council);
  });

  test("-o linked/../council.xlsx, where linked is a symbolic link to a folder inside the input's", async () => {
    // The system resolves ".." from where the link leads (deep/), not lexically: the path below
    // names deep/council.xlsx although its text, resolved lexically, names a file that is not there.
    const { folder } = await route("dotdot-link");
    const deep = path.join(folder, "deep");
    await fs.mkdir(path.join(deep, "sub"), { recursive: true });
    const council = path.join(deep, "council.xlsx");
    await fs.copyFile(SAMPLE, council);
    await fs.symlink(path.join(deep, "sub"), path.join(folder, "linked"));
    const output = `${folder}/linked/../council.xlsx`;
    expect(path.resolve(output)).not.toBe(path.resolve(council));
    const r = await run(["build", council, "-o", output, "-q"]);
    await expectRefused(r, council, [folder, deep], council);
  });

  test("-o a hard link to the input", async () => {
    const { folder, council } = await route("hard-link");
    const hard = path.join(folder, "papers.xlsx");
    await fs.link(council, hard);
    const r = await run(["build", council, "-o", hard, "-q"]);
    await expectRefused(r, council, [folder], council);
    expect(stderrLines(r)[0]).toContain("a hard link to");
    expect(await sha256(hard)).toBe(sampleSha);
  });

  test("-o a case variant of the input's name: refused where the disk ignores case, a new file where it does not", async () => {
    const { folder, council } = await route("case");
    const variant = path.join(folder, "COUNCIL.XLSX");
    // Probe this disk: does a differently-cased name reach the same file?
    const insensitive = await fs
      .stat(variant)
      .then(() => true)
      .catch(() => false);
    const r = await run(["build", council, "-o", variant, "-q", "--papers", "dsg-summary"]);
    if (insensitive) {
      await expectRefused(r, council, [folder], council);
    } else {
      // On a case-sensitive disk (Linux ext4, the CI machine) COUNCIL.XLSX is a different, new file.
      expect(r.code).toBe(ExitCode.ok);
      expect(r.stderr).toBe("");
      expect(await sha256(council)).toBe(sampleSha);
      expect(await sha256(variant)).not.toBe(sampleSha);
      expect(await partialsIn(folder)).toEqual([]);
    }
  });

  test("-o an existing folder (here, the input's own folder, named like a workbook)", async () => {
    const folder = path.join(root, "folder-output", "papers.xlsx");
    await fs.mkdir(folder, { recursive: true });
    const council = path.join(folder, "council.xlsx");
    await fs.copyFile(SAMPLE, council);
    const r = await run(["build", council, "-o", folder, "-q"]);
    await expectRefused(r, council, [folder, path.dirname(folder)], council);
    expect(stderrLines(r)[0]).toContain("is an existing folder");
  });

  test("-o a symbolic link to a folder", async () => {
    const { folder, council } = await route("folder-link");
    await fs.mkdir(path.join(folder, "out"));
    const link = path.join(folder, "out.xlsx");
    await fs.symlink(path.join(folder, "out"), link);
    const r = await run(["build", council, "-o", link, "-q"]);
    await expectRefused(r, council, [folder, path.join(folder, "out")], council);
    expect(await fs.readdir(path.join(folder, "out"))).toEqual([]);
  });
});

test("a refusal with --json: the same line as JSON on stdout, kind refused, exit 2", async () => {
  const { council } = await route("refused-json");
  const r = await run(["build", council, "-o", council, "-q", "--json"]);
  expect(r.code).toBe(ExitCode.usage);
  const account = JSON.parse(r.stdout);
  expect(account.error).toMatchObject({ exitCode: ExitCode.usage, kind: "refused" });
  expect(`forum-papers: ${account.error.message}`).toBe(stderrLines(r)[0]);
  expect(await sha256(council)).toBe(sampleSha);
});

describe("outputs that are not the council's workbook", () => {
  test("-o a symbolic link to another file: the link is replaced by the papers, its target left alone", async () => {
    const { folder, council } = await route("symlink-other");
    const other = path.join(folder, "other.txt");
    await fs.writeFile(other, "someone else's file\n");
    const link = path.join(folder, "papers.xlsx");
    await fs.symlink(other, link);
    const r = await run(["build", council, "-o", link, "-q", "--papers", "dsg-summary"]);
    expect(r.code).toBe(ExitCode.ok);
    expect(await fs.readFile(other, "utf8")).toBe("someone else's file\n");
    const written = await fs.lstat(link);
    expect(written.isSymbolicLink()).toBe(false);
    expect(written.size).toBeGreaterThan(5000);
    expect(await sha256(council)).toBe(sampleSha);
    expect(await partialsIn(folder)).toEqual([]);
  });

  test("an output name of 250 characters is written (the temporary name does not grow with it)", async () => {
    const { folder, council } = await route("long-name");
    const output = path.join(folder, `${"p".repeat(250)}.xlsx`);
    const r = await run(["build", council, "-o", output, "-q", "--papers", "dsg-summary"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(ExitCode.ok);
    expect((await fs.stat(output)).size).toBeGreaterThan(5000);
    expect(await partialsIn(folder)).toEqual([]);
  });
});

describe("the writer checks again just before the rename", () => {
  test("an output that became a hard link to the input during the build is refused; the temporary file is removed", async () => {
    const { folder, council } = await route("late-hard-link");
    const input = await readInput(council);
    // As if someone linked the council's file in at the output path after the first check.
    const output = path.join(folder, "papers.xlsx");
    await fs.link(council, output);
    await expect(writeAtomically(output, new Uint8Array([1, 2, 3]), input)).rejects.toBeInstanceOf(
      OutputRefused,
    );
    expect(await sha256(council)).toBe(sampleSha);
    expect(await partialsIn(folder)).toEqual([]);
  });

  test("an output that became a folder during the build is refused; the temporary file is removed", async () => {
    const { folder, council } = await route("late-folder");
    const input = await readInput(council);
    const output = path.join(folder, "papers.xlsx");
    await fs.mkdir(output);
    await fs.writeFile(path.join(output, "keep.txt"), "x");
    await expect(writeAtomically(output, new Uint8Array([1, 2, 3]), input)).rejects.toThrow(
      /is an existing folder/,
    );
    expect(await fs.readdir(output)).toEqual(["keep.txt"]);
    expect(await partialsIn(folder)).toEqual([]);
  });
});

describe("a write that fails leaves nothing behind", () => {
  test("the folders the writer made for the output are removed with the temporary file", async () => {
    const { folder, council } = await route("made-folders");
    const input = await readInput(council);
    // A name longer than any file system allows: the folders and the temporary file are made
    // first, then the check before the rename fails (ENAMETOOLONG).
    const output = path.join(folder, "new", "sub", `${"n".repeat(300)}.xlsx`);
    await expect(writeAtomically(output, new Uint8Array([1, 2, 3]), input)).rejects.toMatchObject({
      code: "ENAMETOOLONG",
    });
    expect((await fs.readdir(folder)).sort()).toEqual(["council.xlsx"]);
    expect(await sha256(council)).toBe(sampleSha);
  });

  test("a folder that already existed is kept, and so is anything in it", async () => {
    const { folder, council } = await route("kept-folders");
    const input = await readInput(council);
    await fs.mkdir(path.join(folder, "existing"));
    await fs.writeFile(path.join(folder, "existing", "notes.txt"), "keep me");
    const output = path.join(folder, "existing", "new", `${"n".repeat(300)}.xlsx`);
    await expect(writeAtomically(output, new Uint8Array([1, 2, 3]), input)).rejects.toThrow();
    expect(await fs.readdir(path.join(folder, "existing"))).toEqual(["notes.txt"]);
  });
});
