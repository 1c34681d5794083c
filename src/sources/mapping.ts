/**
 * The saved column mapping: what the user confirmed in the mapping editor, kept in the workbook
 * (as JSON text) so next month's read finds the same tables without asking again, or written by
 * `forum-papers inspect --write-mapping` for `build --mapping`.
 *
 * Inside, a mapping is the zero-based {@link TableMapping} (datasets.ts); this module is the edge
 * where it becomes the saved form a person reads and edits, and back. Saved form (version 1):
 * columns are letters ("C") or 1-based numbers (3); rows are 1-based, as Excel shows them:
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
 * A table read across (transpose.ts) is saved on its virtual sheet, "<sheet> (read across)", whose
 * rows are the real sheet's columns; reading the mapping back finds the same virtual sheet.
 */

import { columnIndex, columnLetters } from "../core/a1";
import { DATASETS, type DatasetId, type DatasetMapping, type TableMapping } from "./datasets";

/** One dataset's saved mapping, read from its saved form: the zero-based {@link TableMapping}. */
export type SavedDatasetMapping = TableMapping;

/** A saved mapping: the datasets the user confirmed. Datasets it does not name are detected. */
export interface SavedMapping {
  readonly version: 1;
  readonly datasets: Readonly<Partial<Record<DatasetId, SavedDatasetMapping>>>;
}

/** Excel's last column, XFD. */
const MAX_COLUMN = 16384;

/**
 * A column's letters from its 1-based number (the saved form's numbering): 1 → "A", 16384 → "XFD".
 * Zero-based code uses core/a1.ts columnLetters.
 */
export function columnLetter(column: number): string {
  return columnLetters(column - 1);
}

/** A 1-based column number from letters ("c" → 3, "AB" → 28), or undefined if not a column. */
export function columnNumber(letters: string): number | undefined {
  const t = letters.trim().toUpperCase();
  if (!/^[A-Z]{1,3}$/.test(t)) return undefined;
  const n = columnIndex(t) + 1;
  return n <= MAX_COLUMN ? n : undefined;
}

/** The mappings a read used (detected or saved), as a mapping to save or pass back. */
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
 * The JSON text to keep in the workbook (the saved form): columns written as letters and the
 * header row 1-based, so a person can read and edit it.
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
    for (const [field, col] of Object.entries(d.columns)) columns[field] = columnLetters(col);
    const entry: Record<string, unknown> = { sheet: d.sheet, headerRow: d.headerRow + 1, columns };
    if (d.valueColumns) {
      const values: Record<string, string> = {};
      for (const [name, col] of Object.entries(d.valueColumns)) values[name] = columnLetters(col);
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

/** A column reference from JSON ("C", or 3 for C), as a zero-based column. */
function readColumn(value: unknown): number | undefined {
  const number =
    typeof value === "number"
      ? Number.isInteger(value) && value >= 1 && value <= MAX_COLUMN
        ? value
        : undefined
      : typeof value === "string"
        ? columnNumber(value)
        : undefined;
  return number === undefined ? undefined : number - 1;
}

/**
 * Read and check saved-mapping JSON. Returns the mapping (zero-based, as inside), or a message
 * saying what is wrong in words a user (or the lead reading a bug report) can act on.
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
      if (other) return `${where}: column ${columnLetters(col)} is given for both ${other} and ${fd.label}.`;
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
      headerRow: raw.headerRow - 1,
      columns,
      ...(valueColumns ? { valueColumns } : {}),
    };
  }
  return { version: 1, datasets };
}
