/**
 * `npm run package`: after a production build (`npm run build`, which needs ADDIN_BASE_URL), puts
 * what a council's Microsoft 365 admin needs into release/forum-papers-<version>.zip:
 *
 *   forum-papers-<version>/manifest.xml   the manifest to upload in the admin centre
 *   forum-papers-<version>/site/...       dist/ as it is, to copy to the static HTTPS host
 *   forum-papers-<version>/SHA256SUMS     a SHA-256 line for every other file in the zip
 *
 * SHA256SUMS is in `sha256sum` format, so after unzipping, `sha256sum -c SHA256SUMS` in that folder
 * checks every file. Entries carry a fixed date, so the same dist/ always gives the same zip.
 *
 * It refuses a dist/ that is not a hosted production build (manifest still on localhost, or its
 * <Version> not package.json's), so a zip never carries a manifest Office cannot use.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import JSZip from "jszip";

const ROOT = path.resolve(__dirname, "..");

/** What went wrong, for one line on stderr (no stack trace). */
export class PackageError extends Error {
  override name = "PackageError";
}

/** Every file under `dir`, as "/"-separated paths relative to it, sorted. */
export function listFiles(dir: string, prefix = ""): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listFiles(dir, rel));
    else if (entry.isFile()) files.push(rel);
  }
  return files.sort();
}

/** Hex SHA-256 of some bytes. */
export const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** The <Version> of a manifest, or undefined. */
export function manifestVersionOf(xml: string): string | undefined {
  return /<Version>([^<]*)<\/Version>/.exec(xml.replace(/<!--[\s\S]*?-->/g, ""))?.[1];
}

export interface PackageResult {
  readonly zipPath: string;
  readonly files: readonly string[];
}

/**
 * Writes release/forum-papers-<version>.zip from `distDir`. Returns the zip's path and the
 * paths inside it. Throws PackageError when distDir is not a hosted production build.
 */
export async function packageRelease(
  distDir = path.join(ROOT, "dist"),
  releaseDir = path.join(ROOT, "release"),
  version: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version,
): Promise<PackageResult> {
  const manifestPath = path.join(distDir, "manifest.xml");
  if (!fs.existsSync(manifestPath)) {
    throw new PackageError(
      `${manifestPath} is missing: run ADDIN_BASE_URL=https://host/path/ npm run build first`,
    );
  }
  const manifest = fs.readFileSync(manifestPath, "utf8");
  const body = manifest.replace(/<!--[\s\S]*?-->/g, "");
  if (/https?:\/\/localhost[:/]/.test(body)) {
    throw new PackageError(
      `${manifestPath} still points at localhost: it is not a hosted build (ADDIN_BASE_URL=https://host/path/ npm run build)`,
    );
  }
  const found = manifestVersionOf(manifest);
  if (found !== `${version}.0`) {
    throw new PackageError(
      `${manifestPath} has <Version> ${found}; package.json ${version} needs ${version}.0`,
    );
  }

  const top = `forum-papers-${version}`;
  const date = new Date(Date.UTC(2000, 0, 1));
  const zip = new JSZip();
  const sums: string[] = [];
  const add = (rel: string, bytes: Buffer) => {
    zip.file(`${top}/${rel}`, bytes, { date, createFolders: false });
    sums.push(`${sha256(bytes)}  ${rel}`);
  };
  add("manifest.xml", Buffer.from(manifest, "utf8"));
  for (const rel of listFiles(distDir)) add(`site/${rel}`, fs.readFileSync(path.join(distDir, rel)));
  zip.file(`${top}/SHA256SUMS`, `${sums.join("\n")}\n`, { date, createFolders: false });

  const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", platform: "UNIX" });
  fs.mkdirSync(releaseDir, { recursive: true });
  const zipPath = path.join(releaseDir, `${top}.zip`);
  fs.writeFileSync(zipPath, bytes);
  return { zipPath, files: [...sums.map((line) => `${top}/${line.slice(66)}`), `${top}/SHA256SUMS`] };
}

if (require.main === module) {
  packageRelease().then(
    ({ zipPath, files }) => {
      const digest = sha256(fs.readFileSync(zipPath));
      process.stdout.write(
        `wrote ${path.relative(process.cwd(), zipPath)} (${files.length} files; SHA-256 ${digest})\n`,
      );
    },
    (e: unknown) => {
      process.stderr.write(`package: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = e instanceof PackageError ? 2 : 1;
    },
  );
}
