/**
 * Microsoft's naming rules for custom functions, as a checker the metadata test runs on every
 * generated functions.json entry. Source: "Custom functions naming and localization",
 * learn.microsoft.com/office/dev/add-ins/excel/custom-functions-naming:
 * - id and name both start with a letter and have at least three characters;
 * - id: only A–Z, 0–9, underscore and period; name: Unicode letters, digits, underscore and period;
 * - avoid names that are a cell reference (A1 to XFD1048576, R1C1 to R1048576C16384) or an
 *   Excel 4.0 macro function (such as RUN, ECHO).
 */

/**
 * Single-word Excel 4.0 (XLM) macro function names, from Microsoft's Excel 4.0 macro functions
 * reference. Not the whole list (most XLM names contain a period, e.g. GET.CELL, which our
 * period-free names cannot collide with); these are the ones a short function name could hit.
 */
// prettier-ignore
const XLM_MACRO_NAMES = new Set([
  "ABSREF", "ACTIVATE", "ADDBAR", "ALERT", "ARGUMENT", "BEEP", "BREAK", "CALL", "CALLER", "CANCEL",
  "CHECKBOX", "CLEAR", "CLOSE", "COPY", "CUT", "DELETE", "DEREF", "DIRECTORY", "DIRECTORIES",
  "DOCUMENTS", "ECHO", "EDIT", "ELSE", "ENTER", "ERROR", "EVALUATE", "EXEC", "EXECUTE", "FCLOSE",
  "FILES", "FOPEN", "FORMULA", "FPOS", "FREAD", "FREADLN", "FSIZE", "FWRITE", "FWRITELN", "GOTO",
  "GRIDLINES", "HALT", "HIDE", "HLINE", "HPAGE", "HSCROLL", "INITIATE", "INPUT", "MESSAGE", "NAMES",
  "NEXT", "OFFSET", "OPEN", "PASTE", "PATTERNS", "PAUSE", "POKE", "PRECISION", "PRINT", "QUIT",
  "REGISTER", "RELREF", "RENAME", "REPLACE", "REQUEST", "RESTART", "RESULT", "RESUME", "RETURN",
  "RUN", "SAVE", "SELECT", "SEND", "SHOW", "SOUND", "SPLIT", "STEP", "TERMINATE", "TEXTREF",
  "UNDO", "UNHIDE", "UNREGISTER", "VLINE", "VOLATILE", "VPAGE", "VSCROLL", "WAIT", "WHILE",
  "WINDOWS", "WORKBOOK", "WORKGROUP", "WORKSPACE", "ZOOM",
]);

/** Column letters to a 1-based column number: "A" → 1, "XFD" → 16384. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * True when a name reads as a cell reference in either notation.
 * ✓ "A1", "FY2026", "XFD1048576", "R1C1", "R12C3"   ✗ "FINYEAR", "XFE1", "A1048577", "BANDCOST"
 */
export function isCellReference(name: string): boolean {
  const upper = name.toUpperCase();
  const a1 = /^([A-Z]{1,3})([0-9]+)$/.exec(upper);
  if (a1) {
    const row = Number(a1[2]);
    return columnNumber(a1[1]) <= 16384 && row >= 1 && row <= 1048576;
  }
  const r1c1 = /^R([0-9]+)C([0-9]+)$/.exec(upper);
  if (r1c1) {
    const row = Number(r1c1[1]);
    const col = Number(r1c1[2]);
    return row >= 1 && row <= 1048576 && col >= 1 && col <= 16384;
  }
  return false;
}

/** Every rule a function's id and name break (empty when it follows them all). */
export function namingProblems(id: string, name: string): string[] {
  const problems: string[] = [];
  for (const [what, value] of [
    ["id", id],
    ["name", name],
  ] as const) {
    if (value.length < 3) problems.push(`${what} "${value}" is shorter than three characters`);
    if (!/^\p{L}/u.test(value)) problems.push(`${what} "${value}" does not start with a letter`);
    if (isCellReference(value)) problems.push(`${what} "${value}" reads as a cell reference`);
    if (XLM_MACRO_NAMES.has(value.toUpperCase()))
      problems.push(`${what} "${value}" is an Excel 4.0 macro function name`);
  }
  if (!/^[A-Z0-9_.]+$/.test(id)) problems.push(`id "${id}" has characters other than A–Z, 0–9, _ and .`);
  if (!/^[\p{L}\p{N}_.]+$/u.test(name))
    problems.push(`name "${name}" has characters other than letters, _ and .`);
  return problems;
}
