/**
 * Evidence from the values and across tables, applied to the header scores before tables are
 * given to datasets (so it can change which table a dataset gets), and kept on each match for the
 * mapping's review (crosscheck.ts), where the user sees it beside the field.
 *
 * - **Band codes** ({@link withBandCodeEvidence}): a band table headed only "Band | £" fits the
 *   proposed band table (one value column per setting) as well as, or better than, the current
 *   band table. What tells them apart is the register: a table whose band codes are the codes the
 *   register's placements are on now is the current band table, unless its own header or the rows
 *   above it say it is proposed. Then the current bands win that table; the proposed bands may
 *   still take another.
 * - **Identifiers** ({@link withIdentifierEvidence}): a column read as a URN must hold 6-digit
 *   numbers and one read as a LAESTAB 7 (the LA's 3-digit code and the 4-digit establishment
 *   number, written "8732100" or "873/2100"; docs/real-layouts.md §2). The field takes either, so
 *   a "DfE number" column of URNs passes (the message says so). Values that pass count for the
 *   mapping; a column where more than one value in ten is neither counts against it and needs the
 *   user's confirmation.
 * - **Providers** ({@link withProviderEvidence}): the register's provider column names schools, so
 *   providers found on the workbook's school list (by name or by URN/LAESTAB) count for it; a
 *   provider column naming none of the listed schools counts against it, and needs confirmation
 *   when its values do not read as establishment names either (a caseworker column); a register
 *   of out-of-area or independent providers names none of the listed schools but reads as
 *   establishments, so it only counts against.
 */

import type { DatasetId } from "./datasets";
import { isEmpty, type DetectedTable, type SheetView } from "./detect";
import type { Evidence } from "./crosscheck";
import { columnLetter } from "./mapping";
import { MIN_CONFIDENCE, normaliseHeader, type TableMatch } from "./match";
import type { ResolvedMapping } from "./parse";

/** Share of the register's distinct current band codes that must appear in the band table. */
const CODES_FOUND = 0.8;
/** Words that say a table holds the proposed bands (on its header or the two rows above it). */
const PROPOSED_WORDS = /\b(proposed|new|needs-led|future|draft|consultation)\b/i;
/** How many rows of a register are read for its band codes. */
const MAX_REGISTER_ROWS = 20000;

function code(v: unknown): string {
  return typeof v === "number" ? String(v) : typeof v === "string" ? v.trim().toLowerCase() : "";
}

function columnCodes(view: SheetView, table: DetectedTable, col: number, limit: number): Set<string> {
  const out = new Set<string>();
  const last = Math.min(table.lastRow, table.headerRow + limit);
  for (let r = table.headerRow + 1; r <= last; r++) {
    const v = view.value(r, col);
    if (isEmpty(v)) continue;
    const c = code(v);
    if (c !== "" && !/^total\b/.test(c)) out.add(c);
  }
  return out;
}

function saysProposed(view: SheetView, table: DetectedTable): boolean {
  if (table.headers.some((h) => PROPOSED_WORDS.test(h.text))) return true;
  for (let r = Math.max(0, table.headerTop - 2); r < table.headerTop; r++) {
    for (let c = 0; c < Math.min(view.colCount, table.lastCol + 1); c++) {
      const v = view.value(r, c);
      if (typeof v === "string" && PROPOSED_WORDS.test(v)) return true;
    }
  }
  return false;
}

/**
 * The matches with the register's band codes taken into account: for each table that fits the
 * current bands (it has a band column) and holds the codes of the best register's current band
 * column, the current-bands confidence is raised just above the proposed-bands one and a note says
 * why. Nothing changes when there is no register, or the table says it is proposed.
 *
 * @param ids the dataset of each column of `matches[t]`
 */
export function withBandCodeEvidence(
  views: readonly SheetView[],
  tables: readonly DetectedTable[],
  matches: readonly (readonly TableMatch[])[],
  ids: readonly DatasetId[],
): TableMatch[][] {
  const out = matches.map((m) => [...m]);
  const P = ids.indexOf("placements");
  const C = ids.indexOf("currentBands");
  const B = ids.indexOf("proposedBands");
  if (P < 0 || C < 0 || B < 0) return out;

  // The register: the table that fits the placements best, with a current band column.
  let reg = -1;
  for (let t = 0; t < tables.length; t++) {
    const m = matches[t][P];
    if (m.confidence < MIN_CONFIDENCE || !m.fields.some((f) => f.field === "currentBand")) continue;
    if (reg < 0 || m.confidence > matches[reg][P].confidence) reg = t;
  }
  if (reg < 0) return out;
  const regTable = tables[reg];
  const bandCol = matches[reg][P].fields.find((f) => f.field === "currentBand")!.column;
  const registerCodes = columnCodes(views[regTable.sheetIndex], regTable, bandCol, MAX_REGISTER_ROWS);
  if (registerCodes.size < 2) return out;

  for (let t = 0; t < tables.length; t++) {
    if (t === reg) continue;
    const current = matches[t][C];
    const proposed = matches[t][B];
    const band = current.fields.find((f) => f.field === "band");
    if (!band || proposed.confidence <= current.confidence) continue;
    const view = views[tables[t].sheetIndex];
    if (saysProposed(view, tables[t])) continue;
    const codes = columnCodes(view, tables[t], band.column, 200);
    let found = 0;
    for (const c of registerCodes) if (codes.has(c)) found++;
    if (found / registerCodes.size < CODES_FOUND) continue;
    const confidence = Math.min(1, Math.round((proposed.confidence + 0.01) * 1000) / 1000);
    out[t][C] = {
      ...current,
      confidence,
      notes: [
        ...current.notes,
        `Read as the current band table: it holds the band codes the register's placements are on now (${found} of ${registerCodes.size}) and does not say it is proposed.`,
      ],
    };
    out[t][B] = {
      ...proposed,
      confidence: Math.round(Math.max(0, proposed.confidence - 0.02) * 1000) / 1000,
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Identifiers: URN 6 digits, LAESTAB 7 (or "873/2100"), ESTAB 4

/** Which school identifier a header names. "either" when it names none (or both). */
export type IdentifierKind = "urn" | "laestab" | "estab" | "either";

const IDENTIFIER_PATTERNS: Readonly<Record<IdentifierKind, RegExp>> = {
  urn: /^\d{6}$/,
  laestab: /^(?:\d{7}|\d{3}\s?[/-]\s?\d{4})$/,
  estab: /^\d{4}$/,
  either: /^(?:\d{6}|\d{7}|\d{3}\s?[/-]\s?\d{4})$/,
};

const IDENTIFIER_WORDS: Readonly<Record<IdentifierKind, string>> = {
  urn: "6-digit URNs",
  laestab: 'LAESTAB numbers (7 digits: the LA code and the establishment number, "8732100" or "873/2100")',
  estab: "4-digit establishment numbers",
  either: "URNs (6 digits) or LAESTAB numbers (7 digits)",
};

/** What each kind is called in a message ("the URN the header names"). */
const HEADER_NAMES: Readonly<Record<IdentifierKind, string>> = {
  urn: "URN",
  laestab: "LAESTAB",
  estab: "establishment number",
  either: "identifier",
};

/** Share of a column's values that must be identifiers of its kind for the column to count as one. */
const IDENTIFIERS_VALID = 0.9;
/** Fewer values than this, and a column's identifiers are not judged. */
const MIN_VALUES = 3;
/** Rows of a table read for identifiers or providers. */
const MAX_ROWS = 20000;
/** What evidence for a mapping adds to its confidence; evidence against multiplies it. */
const IDENTIFIER_BONUS = 0.02;
const PROVIDER_BONUS = 0.05;
const AGAINST_FACTOR = 0.8;

/**
 * The identifier a header names: "URN" → urn; "LAESTAB", "DfE number", "LA/Estab" → laestab;
 * "Estab" → estab; undefined when it names none.
 *
 * @example identifierKind("URN – Unique Reference Number") === "urn"
 */
export function identifierKind(header: string): IdentifierKind | undefined {
  const h = ` ${normaliseHeader(header).replace(/[/-]/g, " ")} `;
  const urn = / urn /.test(h);
  const laestab = / (laestab|la estab|dfes? (number|no)) /.test(h);
  const estab = !laestab && / estab /.test(h);
  if (urn && (laestab || estab)) return "either";
  if (urn) return "urn";
  if (laestab) return "laestab";
  if (estab) return "estab";
  return undefined;
}

/** A cell as identifier text: whole numbers as their digits, text trimmed; undefined when empty. */
function identifierText(v: unknown): string | undefined {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") {
    const t = v.trim();
    return t === "" ? undefined : t;
  }
  return undefined;
}

/** A table's rows as the evidence reads them: 0-based sheet rows below the header. */
interface Rows {
  readonly view: SheetView;
  readonly headerRow: number;
  readonly lastRow: number;
}

/** The data rows of a detected table, on the sheet it was found on. */
function tableRows(views: readonly SheetView[], table: DetectedTable): Rows {
  return { view: views[table.sheetIndex], headerRow: table.headerRow, lastRow: table.lastRow };
}

/** How a column's values fare as identifiers of one kind. */
export interface IdentifierTally {
  readonly kind: IdentifierKind;
  readonly values: number;
  /** Values that are identifiers of `kind`. */
  readonly valid: number;
  /**
   * Values that are the other identifier ("DfE number" over 6-digit URNs): the field takes a URN
   * or a LAESTAB, so they count as identifiers, and the message says the header names the other.
   */
  readonly other: number;
  /** The first value that is neither (1-based row), for the message. */
  readonly firstBad?: { readonly row: number; readonly text: string };
}

/** Count the identifiers of `kind` in column `col` (0-based) of the rows. */
export function tallyIdentifiers(rows: Rows, col: number, kind: IdentifierKind): IdentifierTally {
  let values = 0;
  let valid = 0;
  let other = 0;
  let firstBad: IdentifierTally["firstBad"];
  const last = Math.min(rows.lastRow, rows.headerRow + MAX_ROWS);
  for (let r = rows.headerRow + 1; r <= last; r++) {
    const v = rows.view.value(r, col);
    if (isEmpty(v) || typeof v === "boolean") continue;
    const t = identifierText(v);
    if (t === undefined || /^(sub[\s-]?)?totals?\b/i.test(t)) continue;
    values++;
    if (IDENTIFIER_PATTERNS[kind].test(t)) valid++;
    else if (IDENTIFIER_PATTERNS.either.test(t)) other++;
    else firstBad ??= { row: r + 1, text: t };
  }
  return { kind, values, valid, other, ...(firstBad ? { firstBad } : {}) };
}

/**
 * The evidence an identifier column gives, or undefined when it has too few values to judge.
 *
 * @param header the column's header, as the user sees it
 */
export function identifierEvidence(
  tally: IdentifierTally,
  field: string,
  header: string,
  col: number,
): Evidence | undefined {
  if (tally.values < MIN_VALUES) return undefined;
  const where = `"${header}" (column ${columnLetter(col + 1)})`;
  const what = IDENTIFIER_WORDS[tally.kind];
  const identifiers = tally.valid + tally.other;
  if (identifiers / tally.values >= IDENTIFIERS_VALID) {
    const named = tally.valid >= tally.other;
    return {
      code: "identifier-valid",
      field,
      ok: true,
      message: named
        ? `${tally.valid === tally.values ? "All" : `${tally.valid} of`} ${tally.values} values in ${where} are ${what}.`
        : `${identifiers === tally.values ? "All" : `${identifiers} of`} ${tally.values} values in ${where} are ${IDENTIFIER_WORDS.either} (${tally.other} not the ${HEADER_NAMES[tally.kind]} the header names).`,
    };
  }
  const bad = tally.firstBad;
  return {
    code: "identifier-invalid",
    field,
    ok: false,
    message: `${tally.values - identifiers} of ${tally.values} values in ${where} are not ${what}${
      bad ? ` (row ${bad.row}: "${bad.text}")` : ""
    }, so the column may not be the one it was taken for`,
  };
}

/** The identifier columns of a match: the school list's URN/LAESTAB, a provider headed "URN". */
function identifierColumns(
  m: TableMatch,
  headerOf: (col: number) => string,
): { field: string; col: number; kind: IdentifierKind }[] {
  const out: { field: string; col: number; kind: IdentifierKind }[] = [];
  for (const f of m.fields) {
    const header = headerOf(f.column);
    const named = identifierKind(header);
    if (m.dataset === "schools" && f.field === "urn")
      out.push({ field: f.field, col: f.column, kind: named ?? "either" });
    else if (m.dataset === "placements" && f.field === "school" && named)
      out.push({ field: f.field, col: f.column, kind: named });
  }
  return out;
}

function adjusted(m: TableMatch, evidence: readonly Weighed[]): TableMatch {
  if (evidence.length === 0) return m;
  let confidence = m.confidence;
  for (const e of evidence) {
    if (!e.ok) confidence *= AGAINST_FACTOR;
    else if (e.code === "identifier-valid") confidence += IDENTIFIER_BONUS;
    else if (e.code === "providers-found" && e.strong) confidence += PROVIDER_BONUS;
  }
  return {
    ...m,
    confidence: Math.round(Math.min(1, confidence) * 1000) / 1000,
    // Kept without `strong`, which only weighs the raise.
    evidence: [
      ...(m.evidence ?? []),
      ...evidence.map((e): Evidence => ({
        code: e.code,
        ...(e.field ? { field: e.field } : {}),
        ok: e.ok,
        message: e.message,
      })),
    ],
  };
}

function headerText(table: DetectedTable, col: number): string {
  return table.headers.find((h) => h.column === col)?.text ?? "";
}

/**
 * The matches with their identifier columns judged: a school list's URN/LAESTAB column, and a
 * register's provider column headed as an identifier (a SEN2 extract's "URN"). Values that are
 * identifiers of the kind the header names raise the match a little; a column where more than one
 * value in ten is not one lowers it (×{@link AGAINST_FACTOR}) and its review needs confirmation.
 */
export function withIdentifierEvidence(
  views: readonly SheetView[],
  tables: readonly DetectedTable[],
  matches: readonly (readonly TableMatch[])[],
): TableMatch[][] {
  return matches.map((row, t) =>
    row.map((m) => {
      if (m.confidence < MIN_CONFIDENCE) return m;
      const table = tables[t];
      const rows = tableRows(views, table);
      const evidence: Evidence[] = [];
      for (const c of identifierColumns(m, (col) => headerText(table, col))) {
        const e = identifierEvidence(
          tallyIdentifiers(rows, c.col, c.kind),
          c.field,
          headerText(table, c.col),
          c.col,
        );
        if (e) evidence.push(e);
      }
      return adjusted(m, evidence);
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Providers on the school list

/**
 * Words that say what kind of school a name is, not which school: dropped before names are
 * compared, so "Ashgrove Primary" finds "Ashgrove Primary School" and "St Mary's C of E" finds
 * "St Marys CE Primary Academy". Lenient on purpose: a provider wrongly found only raises a
 * mapping a little, while "none found" is what makes it doubtful.
 */
const GENERIC_NAME_WORDS = new Set([
  "the",
  "and",
  "of",
  "school",
  "schools",
  "academy",
  "primary",
  "secondary",
  "infant",
  "infants",
  "junior",
  "juniors",
  "nursery",
  "high",
  "community",
  "church",
  "england",
  "ce",
  "c",
  "e",
  "cofe",
  "rc",
  "catholic",
  "roman",
  "voluntary",
  "aided",
  "controlled",
  "va",
  "vc",
  "federation",
  "trust",
  "college",
  "cp",
  "county",
  "foundation",
  "free",
]);

/** A school's name as compared: lower case, "&" as "and", "Saint" as "st", generic words dropped. */
export function schoolNameKey(name: string): string {
  const words = name
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’‘`]/g, "")
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => (w === "saint" ? "st" : w));
  const specific = words.filter((w) => !GENERIC_NAME_WORDS.has(w));
  return (specific.length > 0 ? specific : words).join(" ");
}

/** An identifier as compared: digits only ("873/2100" is "8732100"); undefined when it is not one. */
function identifierKey(text: string): string | undefined {
  const digits = text.replace(/[\s/-]/g, "");
  return /^\d{4,8}$/.test(digits) ? digits : undefined;
}

/** The distinct values of a column (lower-case keys), each with its first 1-based row. */
function distinctValues(rows: Rows, col: number): Map<string, string> {
  const out = new Map<string, string>();
  const last = Math.min(rows.lastRow, rows.headerRow + MAX_ROWS);
  for (let r = rows.headerRow + 1; r <= last; r++) {
    const t = identifierText(rows.view.value(r, col));
    if (t === undefined || /^(sub[\s-]?|grand\s)?totals?\b/i.test(t)) continue;
    if (!out.has(t.toLowerCase())) out.set(t.toLowerCase(), t);
  }
  return out;
}

/** The school list's names and identifiers as compared. */
interface SchoolList {
  readonly table: number;
  readonly sheet: string;
  readonly names: ReadonlySet<string>;
  readonly ids: ReadonlySet<string>;
}

function schoolList(
  views: readonly SheetView[],
  tables: readonly DetectedTable[],
  matches: readonly (readonly TableMatch[])[],
  S: number,
  P: number,
): SchoolList | undefined {
  let best = -1;
  for (let t = 0; t < tables.length; t++) {
    const m = matches[t][S];
    if (m.confidence < MIN_CONFIDENCE || !m.fields.some((f) => f.field === "name")) continue;
    if (P >= 0 && matches[t][P].confidence > m.confidence) continue;
    if (best < 0 || m.confidence > matches[best][S].confidence) best = t;
  }
  if (best < 0) return undefined;
  const table = tables[best];
  const rows = tableRows(views, table);
  const names = new Set<string>();
  const ids = new Set<string>();
  for (const f of matches[best][S].fields) {
    if (f.field !== "name" && f.field !== "urn") continue;
    for (const text of distinctValues(rows, f.column).values()) {
      if (f.field === "name") names.add(schoolNameKey(text));
      const id = identifierKey(text);
      if (id) ids.add(id);
    }
  }
  if (names.size + ids.size === 0) return undefined;
  return { table: best, sheet: table.sheet, names, ids };
}

/** Fewer distinct providers than this, and the register's provider column is not judged. */
const MIN_PROVIDERS = 3;
/** Share of distinct providers found on the school list that raises the register's confidence. */
const PROVIDERS_FOUND = 0.5;

/** A word that names an establishment: a provider column's values hold one, a caseworker column's do not. */
const ESTABLISHMENT_WORD =
  /\b(?:school|academy|college|primary|secondary|infants?|juniors?|nursery|centre|center|pru|trust|unit|hub|provision|campus|federation|high|grammar)\b/i;

/** Evidence with whether it is strong enough to raise the confidence (dropped before it is kept). */
type Weighed = Evidence & { readonly strong?: boolean };

/**
 * The evidence the school list gives a provider column, or undefined when there are too few
 * providers to judge.
 */
export function providerEvidence(
  providers: Iterable<string>,
  list: { readonly sheet: string; readonly names: ReadonlySet<string>; readonly ids: ReadonlySet<string> },
  header: string,
  col: number,
): Weighed | undefined {
  let n = 0;
  let found = 0;
  let establishmentNames = 0;
  const missing: string[] = [];
  for (const p of providers) {
    n++;
    const id = identifierKey(p);
    if ((id !== undefined && list.ids.has(id)) || list.names.has(schoolNameKey(p))) found++;
    else if (missing.length < 2) missing.push(p);
    if (id !== undefined || ESTABLISHMENT_WORD.test(p)) establishmentNames++;
  }
  if (n < MIN_PROVIDERS) return undefined;
  const where = `"${header}" (column ${columnLetter(col + 1)})`;
  if (found === 0 && establishmentNames / n >= PROVIDERS_FOUND) {
    // Names that read as establishments ("Oak~Tree School", "Who? Academy") but are not on the
    // list: a register of out-of-area or independent providers looks like this, so it counts
    // against the column without stopping the build.
    return {
      code: "providers-not-listed",
      field: "school",
      ok: false,
      message: `none of the ${n} providers in ${where} is on the school list (sheet "${list.sheet}"), e.g. "${missing.join('", "')}"; they read as establishment names (out-of-area or independent providers?)`,
    };
  }
  if (found === 0) {
    return {
      code: "providers-not-found",
      field: "school",
      ok: false,
      message: `none of the ${n} providers in ${where} is a school on the school list (sheet "${list.sheet}"), e.g. "${missing.join('", "')}", so the column may not be the provider`,
    };
  }
  return {
    code: "providers-found",
    field: "school",
    ok: true,
    strong: found / n >= PROVIDERS_FOUND,
    message: `${found} of the ${n} providers in ${where} are schools on the school list (sheet "${list.sheet}")${
      found < n ? "; the others (out-of-area, independent or special providers) are not on it" : ""
    }.`,
  };
}

/**
 * The matches with the register's providers looked up on the school list: the table that fits
 * the school list best (with a school name column) gives the names and URN/LAESTABs; each other
 * table that fits the register has its provider column's distinct values looked up there. Half or
 * more found raises the register's confidence; none found lowers it (×{@link AGAINST_FACTOR}) and
 * its review needs confirmation. Nothing changes when the workbook has no school list.
 *
 * @param ids the dataset of each column of `matches[t]`
 */
export function withProviderEvidence(
  views: readonly SheetView[],
  tables: readonly DetectedTable[],
  matches: readonly (readonly TableMatch[])[],
  ids: readonly DatasetId[],
): TableMatch[][] {
  const out = matches.map((m) => [...m]);
  const P = ids.indexOf("placements");
  const S = ids.indexOf("schools");
  if (P < 0 || S < 0) return out;
  const list = schoolList(views, tables, matches, S, P);
  if (!list) return out;
  for (let t = 0; t < tables.length; t++) {
    const m = matches[t][P];
    if (t === list.table || m.confidence < MIN_CONFIDENCE) continue;
    const school = m.fields.find((f) => f.field === "school");
    if (!school) continue;
    const table = tables[t];
    const rows = tableRows(views, table);
    const e = providerEvidence(
      distinctValues(rows, school.column).values(),
      list,
      headerText(table, school.column),
      school.column,
    );
    if (e) out[t][P] = adjusted(m, [e]);
  }
  return out;
}

/**
 * All the evidence across tables, in order: band codes, identifiers, providers (the school list
 * is chosen after its own identifiers are judged).
 */
export function withCrossTableEvidence(
  views: readonly SheetView[],
  tables: readonly DetectedTable[],
  matches: readonly (readonly TableMatch[])[],
  ids: readonly DatasetId[],
): TableMatch[][] {
  const banded = withBandCodeEvidence(views, tables, matches, ids);
  return withProviderEvidence(views, tables, withIdentifierEvidence(views, tables, banded), ids);
}

/**
 * The evidence kept on the match a detected mapping was made from (for its review), or none: the
 * table is found by its sheet and header row.
 */
export function matchEvidence(
  analysis: {
    readonly views: readonly SheetView[];
    readonly tables: readonly DetectedTable[];
    readonly matches: readonly (readonly TableMatch[])[];
  },
  mapping: Pick<ResolvedMapping, "dataset" | "view" | "headerRow">,
): readonly Evidence[] {
  const t = analysis.tables.findIndex(
    (x) => analysis.views[x.sheetIndex] === mapping.view && x.headerRow === mapping.headerRow,
  );
  if (t < 0) return [];
  return analysis.matches[t].find((m) => m.dataset === mapping.dataset)?.evidence ?? [];
}
