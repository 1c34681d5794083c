/**
 * What a thrown value says, in one line. A module of its own, without the pipeline's imports, so
 * the command can describe an error without loading ExcelJS (src/cli/main.ts loads the pipeline
 * only when it builds, which keeps `forum-papers --help` fast).
 */

/**
 * The first line of a thrown value's message, with its class name unless that is plain "Error".
 * Duck-typed rather than `instanceof Error`, which is false for errors made in another realm.
 *
 * @example thrownDetail(new TypeError("Cannot read properties of undefined\n…")) // "TypeError: Cannot read properties of undefined"
 */
export function thrownDetail(e: unknown): string {
  const { name, message } = (e ?? {}) as { name?: unknown; message?: unknown };
  if (typeof message !== "string") return String(e);
  const first = message.split("\n")[0];
  return typeof name === "string" && name !== "" && name !== "Error" ? `${name}: ${first}` : first;
}
