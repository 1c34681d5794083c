/**
 * A real spreadsheet engine for tests: LibreOffice, run headless, to recalculate written workbooks
 * (does our cached value equal what a spreadsheet computes from our formulas?) and to print them
 * to PDF (does the page look right?).
 *
 * Each run gets a throwaway profile, so runs in parallel test workers do not fight over a lock, and
 * the profile is set to recalculate every formula on load (Tools > Options > Calc > Formula >
 * "Recalculation on file load: Excel 2007 and newer: Always recalculate"). Without that setting
 * LibreOffice keeps the cached values it finds and the comparison would prove nothing.
 */
import { spawn, spawnSync } from "child_process";
import { existsSync, promises as fs } from "fs";
import os from "os";
import path from "path";
import { pathToFileURL } from "url";

/** The message tests show (or CI fails with) when LibreOffice is not installed. */
export const LIBREOFFICE_MISSING = "LibreOffice is required: apt-get install -y libreoffice-calc-nogui";

/** LibreOffice's first start in a new profile takes 10–30 s; a conversion rarely more than a few. */
export const LIBREOFFICE_TIMEOUT_MS = 120_000;

let located: string | null | undefined;

/** The soffice (or libreoffice) executable on PATH, or undefined. */
export function findSoffice(): string | undefined {
  if (located === undefined) {
    located = null;
    for (const exe of ["soffice", "libreoffice"]) {
      const found = spawnSync("sh", ["-c", `command -v ${exe}`], { encoding: "utf8" });
      const where = found.status === 0 ? found.stdout.trim() : "";
      if (where) {
        located = where;
        break;
      }
    }
  }
  return located ?? undefined;
}

/**
 * Whether LibreOffice tests can run. Missing on CI (CI=true) is an error, because a green run
 * that skipped the engine check proves nothing; elsewhere the tests are skipped with a message.
 */
export function libreOfficeAvailable(): boolean {
  if (findSoffice()) return true;
  if (process.env.CI === "true") throw new Error(LIBREOFFICE_MISSING);
  return false;
}

/** `describe` when LibreOffice is available, else a skipped block whose title says why. */
export function describeWithLibreOffice(name: string, body: () => void): void {
  if (libreOfficeAvailable()) describe(name, body);
  else describe.skip(`${name} — skipped: ${LIBREOFFICE_MISSING}`, body);
}

// Calc > Formula > Load > OOXMLRecalcMode: 0 = always recalculate, 1 = never, 2 = ask.
const RECALC_ALWAYS_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse" oor:type="xs:int"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse" oor:type="xs:int"><value>0</value></prop></item>
</oor:items>
`;

/** A fresh profile folder with the always-recalculate setting, written before LibreOffice's first start. */
async function makeProfile(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "lo-profile-"));
  await fs.mkdir(path.join(dir, "user"), { recursive: true });
  await fs.writeFile(path.join(dir, "user", "registrymodifications.xcu"), RECALC_ALWAYS_XCU);
  return dir;
}

/** The output of one LibreOffice run. */
export interface SofficeRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Run soffice headless with a throwaway profile; rejects on a non-zero exit or the timeout. */
async function runSoffice(args: readonly string[], timeoutMs = LIBREOFFICE_TIMEOUT_MS): Promise<SofficeRun> {
  const exe = findSoffice();
  if (!exe) throw new Error(LIBREOFFICE_MISSING);
  const profile = await makeProfile();
  const started = Date.now();
  try {
    return await new Promise<SofficeRun>((resolve, reject) => {
      const child = spawn(
        exe,
        [
          "--headless",
          "--norestore",
          "--nologo",
          "--nodefault",
          "--nolockcheck",
          `-env:UserInstallation=${pathToFileURL(profile).href}`,
          ...args,
        ],
        // Its own process group, so a timeout can stop soffice.bin as well as the wrapper script.
        { detached: true, stdio: ["ignore", "pipe", "pipe"] },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => {
        if (child.pid) {
          try {
            process.kill(-child.pid, "SIGKILL");
          } catch {
            // already gone
          }
        }
        reject(
          new Error(`LibreOffice did not finish within ${timeoutMs / 1000} s: soffice ${args.join(" ")}`),
        );
      }, timeoutMs);
      child.on("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        if (code === 0) resolve({ stdout, stderr, ms: Date.now() - started });
        else reject(new Error(`soffice exited with ${code}: ${stderr.trim() || stdout.trim()}`));
      });
    });
  } finally {
    await fs.rm(profile, { recursive: true, force: true });
  }
}

/** Timings of the conversions run in this process (ms), for the test report. */
export const timings: { readonly kind: string; readonly ms: number }[] = [];

/**
 * Convert a file with LibreOffice: `target` is what --convert-to takes ("ods", "pdf:calc_pdf_Export"),
 * `ext` the output's extension. Writes `<outDir>/<input name>.<ext>` and returns its path.
 */
export async function convertWithLibreOffice(
  inputPath: string,
  outDir: string,
  target: string,
  ext: string,
): Promise<string> {
  const input = path.resolve(inputPath);
  const out = path.resolve(outDir);
  const output = path.join(out, `${path.basename(input, path.extname(input))}.${ext}`);
  if (output === input)
    throw new Error(`Converting ${input} into its own folder would overwrite it; pick another outDir`);
  await fs.mkdir(out, { recursive: true });
  await fs.rm(output, { force: true });
  const run = await runSoffice(["--convert-to", target, "--outdir", out, input]);
  timings.push({ kind: ext, ms: run.ms });
  if (!existsSync(output)) {
    throw new Error(`LibreOffice wrote no ${output}: ${run.stderr.trim() || run.stdout.trim()}`);
  }
  return output;
}

/**
 * Open an .xlsx in LibreOffice, recalculate every formula, and save it as .xlsx in `outDir`
 * (which must not be the input's folder). Returns the output path.
 */
export function recalculateXlsx(inputPath: string, outDir: string): Promise<string> {
  return convertWithLibreOffice(inputPath, outDir, "xlsx:Calc MS Excel 2007 XML", "xlsx");
}

/** Print a workbook to PDF in `outDir` with LibreOffice (recalculating first). Returns the PDF path. */
export function convertToPdf(inputPath: string, outDir: string): Promise<string> {
  return convertWithLibreOffice(inputPath, outDir, "pdf:calc_pdf_Export", "pdf");
}

/**
 * Render one page of a PDF to PNG with poppler's pdftoppm (`-png -r <dpi> -f p -l p -singlefile`).
 * Returns the PNG path (`<outPrefix>.png`).
 */
export async function renderPdfPage(pdfPath: string, outPrefix: string, page = 1, dpi = 60): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      "pdftoppm",
      ["-png", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", pdfPath, outPrefix],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`pdftoppm exited with ${code}: ${stderr.trim()}`)),
    );
  });
  return `${outPrefix}.png`;
}
