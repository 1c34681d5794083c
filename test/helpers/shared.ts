/**
 * Where ../shared (the project's reference folder: SPEC, schemas) sits beside the checkout, and the
 * rule for tests that need it: outside CI a missing folder skips with a message; under CI=true it
 * fails, because CI always has it and a skip there would hide a broken test.
 */
import * as fs from "fs";
import * as path from "path";

export const SHARED_DIR = path.resolve(__dirname, "../../../shared");
export const IN_CI = process.env.CI === "true";

/** True when ../shared is present. Under CI a missing folder throws. */
export function sharedAvailable(what: string): boolean {
  if (fs.existsSync(SHARED_DIR)) return true;
  const message = `${what} needs ../shared beside the project (looked in ${SHARED_DIR}).`;
  if (IN_CI) throw new Error(message);
  console.warn(`SKIPPED: ${message}`);
  return false;
}
