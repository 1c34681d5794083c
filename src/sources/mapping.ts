/**
 * The saved column mapping: what the user confirmed in the mapping editor, kept in the workbook
 * (as JSON text) so next month's read finds the same tables without asking again.
 *
 * Format (version 1). Columns are letters ("C") or 1-based numbers (3); rows are 1-based:
 *
 * ```json
 * { "version": 1,
 *   "datasets": {
 *     "placements": { "sheet": "Top-up register", "headerRow": 4,
 *                     "columns": { "pupilRef": "A", "school": "B", "start": "G" } },
 *     "proposedBands": { "sheet": "Bands", "headerRow": 12, "columns": { "band": "A" },
 *                        "valueColumns": { "Mainstream": "B", "Special school": "D" } } } }
 * ```
 *
 * The last row is not saved: next month's register is longer, so the table's end is found again.
 */

import { DATASETS, type DatasetId, type DatasetMapping } from "./datasets";

/** One dataset's saved mapping, with columns resolved to 1-based numbers. */
export interface SavedDatasetMapping {
  readonly sheet: string;
  /** 1-based header row. */
  readonly headerRow: number;
  /** field key → 1-based column. */
  readonly columns: Readonly<Record<string, number>>;
  /** Wide tables: setting name → 1-based column. */
  readonly valueColumns?: Readonly<Record<string, number>>;
}

/** A saved mapping: the datasets the user confirmed. Datasets it does not name are detected. */
export interface SavedMapping {
  readonly version: 1;
  readonly datasets: Readonly<Partial<Record<DatasetId, SavedDatasetMapping>>>;
}

/** Excel's last column, XFD. */
const MAX_COLUMN = 16384;

/**
 * A column's letters from its 1-based number: 1 → "A", 27 → "AA", 16384 → "XFD".
 *
 * Bijective base 26: there is no zero digit, so each step takes one off before dividing
 * (28: 27 → "B", then 27 / 26 → 1 → "A": "AB").
 */
export function columnLetter(column: number): string {
  let n = column;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A 1-based column number from letters ("c" → 3, "AB" → 28), or undefined if not a column. */
export function columnNumber(letters: string): number | undefined {
  const t = letters.trim().toUpperCase();
  if (!/^[A-Z]{1,3}$/.test(t)) return undefined;
  let n = 0;
  for (let i = 0; i < t.length; i++) n = n * 26 + (t.charCodeAt(i) - 64);
  return n <= MAX_COLUMN ? n : undefined;
}

/** The saved form of the mappings a read used (detected or saved). */
export function toSavedMapping(mappings: readonly DatasetMapping[]): SavedMapping {
  const datasets: Partial<Record<DatasetId, SavedDatasetMapping>> = {};
  for (const m of mappings) {
    datasets[m.dataset] = {
      sheet: m.sheet,
      headerRow: m.headerRow,
      columns: { ...m.columns },
      ...(m.valueColumns ? { valueColumns: { ...m.valueColumns } } : {}),
    };
  }
  return { version: 1, datasets };
}

/**
 * The JSON text to keep in the workbook, columns written as letters so a person can read it.
 *
 * @param mappings the `mappings` of a read (`Datasets.mappings`), or a SavedMapping
 * @example serialiseMapping(read.mappings) // '{ "version": 1, "datasets": { "placements": { ... "start": "G" } } }'
 */
export function serialiseMapping(mappings: readonly DatasetMapping[] | SavedMapping): string {
  const saved = isSavedMapping(mappings) ? mappings : toSavedMapping(mappings);
  const datasets: Record<string, unknown> = {};
  for (const id of Object.keys(DATASETS) as DatasetId[]) {
    const d = saved.datasets[id];
    if (!d) continue;
    const columns: Record<string, string> = {};
    for (const [field, col] of Object.entries(d.columns)) columns[field] = columnLetter(col);
    const entry: Record<string, unknown> = { sheet: d.sheet, headerRow: d.headerRow, columns };
    if (d.valueColumns) {
      const values: Record<string, string> = {};
      for (const [name, col] of Object.entries(d.valueColumns)) values[name] = columnLetter(col);
      entry.valueColumns = values;
    }
    datasets[id] = entry;
  }
  return JSON.stringify({ version: 1, datasets }, null, 2);
}

function isSavedMapping(x: readonly DatasetMapping[] | SavedMapping): x is SavedMapping {
  return !Array.isArray(x);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** A column reference from JSON: "C" or 3 (1-based). */
function readColumn(value: unknown): number | undefined {
  if (typeof value === "number")
    return Number.isInteger(value) && value >= 1 && value <= MAX_COLUMN ? value : undefined;
  if (typeof value === "string") return columnNumber(value);
  return undefined;
}

/**
 * Read and check saved-mapping JSON. Returns the mapping, or a message saying what is wrong in
 * words a user (or the lead reading a bug report) can act on.
 *
 * Checked: valid JSON; version 1; known dataset ids; a non-empty sheet name; a whole positive
 * header row; every column a letter (A–XFD) or a number 1–16384; field keys known for the
 * dataset; every required field present; no column used for two fields.
 *
 * @example parseSavedMapping('{"version":2,"datasets":{}}') // 'The saved mapping is version 2; ...'
 */
export function parseSavedMapping(text: string): SavedMapping | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return `The saved mapping is not valid JSON (${(e as Error).message}). Map the tables again and save.`;
  }
  if (!isRecord(json)) return "The saved mapping is not a JSON object. Map the tables again and save.";
  if (json.version !== 1) {
    return `The saved mapping is version ${JSON.stringify(json.version)}; this version of Forum Papers reads version 1.`;
  }
  if (!isRecord(json.datasets)) return 'The saved mapping has no "datasets" object.';
  const datasets: Partial<Record<DatasetId, SavedDatasetMapping>> = {};
  for (const [id, raw] of Object.entries(json.datasets)) {
    if (!(id in DATASETS)) {
      return `The saved mapping names a dataset "${id}" that Forum Papers does not know. Known: ${Object.keys(DATASETS).join(", ")}.`;
    }
    const def = DATASETS[id as DatasetId];
    const where = `The saved mapping for ${def.label}`;
    if (!isRecord(raw)) return `${where} is not an object.`;
    if (typeof raw.sheet !== "string" || raw.sheet.trim() === "") return `${where} has no sheet name.`;
    if (typeof raw.headerRow !== "number" || !Number.isInteger(raw.headerRow) || raw.headerRow < 1) {
      return `${where} has header row ${JSON.stringify(raw.headerRow)}; it must be a row number such as 4.`;
    }
    if (!isRecord(raw.columns)) return `${where} has no "columns" object.`;
    const columns: Record<string, number> = {};
    const usedBy = new Map<number, string>();
    for (const [field, ref] of Object.entries(raw.columns)) {
      const fd = def.fields.find((f) => f.key === field);
      if (!fd) {
        return `${where} names a field "${field}" that it does not have. Fields: ${def.fields.map((f) => f.key).join(", ")}.`;
      }
      const col = readColumn(ref);
      if (col === undefined) {
        return `${where}: ${fd.label} is in column ${JSON.stringify(ref)}; use a column letter such as "C" or a number such as 3.`;
      }
      const other = usedBy.get(col);
      if (other) return `${where}: column ${columnLetter(col)} is given for both ${other} and ${fd.label}.`;
      usedBy.set(col, fd.label);
      columns[field] = col;
    }
    for (const fd of def.fields) {
      if (fd.required && columns[fd.key] === undefined)
        return `${where} has no column for ${fd.label}, which is required.`;
    }
    let valueColumns: Record<string, number> | undefined;
    if (raw.valueColumns !== undefined) {
      if (!isRecord(raw.valueColumns)) return `${where} has "valueColumns" that is not an object.`;
      valueColumns = {};
      for (const [name, ref] of Object.entries(raw.valueColumns)) {
        const col = readColumn(ref);
        if (col === undefined)
          return `${where}: value column "${name}" is ${JSON.stringify(ref)}; use a column letter such as "C".`;
        valueColumns[name] = col;
      }
    }
    datasets[id as DatasetId] = {
      sheet: raw.sheet,
      headerRow: raw.headerRow,
      columns,
      ...(valueColumns ? { valueColumns } : {}),
    };
  }
  return { version: 1, datasets };
}
