/**
 * The offline schema check of a manifest: xmllint against Microsoft's XSD schemas, which live
 * outside the project in ../shared/schemas/office-manifest (they must not be copied in). Says what
 * is missing when the schemas or xmllint are not there; the tests that use it skip on a developer
 * machine and fail under CI=true, where a skipped check would pass unnoticed.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const SCHEMA = path.resolve(
  __dirname,
  "../../../shared/schemas/office-manifest/xmllint/OfficeAppManifestV1_1.xsd",
);
export const IN_CI = process.env.CI === "true";
export const INSTALL_XMLLINT = "install with: apt-get install -y libxml2-utils";

/** Why the schema check cannot run here, or undefined when it can. */
export function schemaCheckMissing(): string | undefined {
  if (!fs.existsSync(SCHEMA)) return `the schemas are not at ${SCHEMA} (../shared is absent)`;
  if (spawnSync("xmllint", ["--version"]).error) return `xmllint is not installed; ${INSTALL_XMLLINT}`;
  return undefined;
}

/** xmllint's verdict on one manifest file: exit status (0 valid, 3 invalid) and what it printed. */
export function xmllint(file: string): { status: number | null; output: string } {
  const run = spawnSync("xmllint", ["--noout", "--nonet", "--schema", SCHEMA, file], { encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
