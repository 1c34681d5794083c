/**
 * The Office adapter's write side: built sheets into the open workbook through the Excel
 * JavaScript API, in bulk.
 *
 * Round trips for a build of N sheets (each `context.sync()` is one):
 * - 2 to look before writing: the sheet list (and the locale's list separator), then every
 *   sheet's marker names and table names;
 * - 1 per sheet: the sheet's values, formats, styles, layout, tables, links and charts in one
 *   batch (the first batch also creates every new sheet, so formulas may refer to sheets written
 *   later; the last also removes the sheets it replaced). A sheet whose values array would make a
 *   request bigger than the budget (default 4 MB, under Excel on the web's 5 MB) is split by
 *   rows over as many more syncs as it needs, and only then.
 * Calculation is suspended for every batch (Application.suspendApiCalculationUntilNextSync), so
 * Excel recalculates once per batch, not once per cell.
 *
 * The council's sheets are never written. A sheet is replaced only if it carries the built-sheet
 * marker (port.ts: sheet-scoped names ForumPapersBuilt / ForumPapersId, which the xlsx adapter
 * writes too). A user's sheet with a spec's name is left alone and the built sheet takes a new name
 * ("DSG summary (2)"), reported in the result, with references to it rewritten in the other specs.
 * A replaced sheet is renamed and hidden while the build runs and deleted only in the build's last
 * batch, so a failed or cancelled build deletes the sheets it created and puts the old ones back.
 */
import { InternalError } from "../../core/errors";
import { BUILT_SHEET_MARKER, type SheetSpec, type TableSpec } from "../../papers/spec";
import {
  AbortError,
  MARKER_ID_NAME,
  MARKER_NAME,
  type ProgressCallback,
  type WorkbookPort,
  type WriteResult,
} from "../port";
import { validateSpecs } from "../xlsx/validate";
import { parseTextConstant, textConstant } from "../xlsx/workbook-part";
import { parseArea, splitRef } from "../../core/a1";
import { renameMap, rewriteRefs, type Renames } from "./address";
import { BASELINE_EXCEL_API, hostApiSupport, listSeparatorFor, type ApiSupport } from "./host";
import {
  CALL_BYTES,
  DEFAULT_MAX_REQUEST_BYTES,
  packBatches,
  planSheet,
  type Batch,
  type PlanEnv,
  type PlannedOp,
} from "./plan";

/** Options for {@link writeSheets}. */
export interface OfficeWriteOptions {
  /** Budget for one request, in bytes (default 4 MB; Excel on the web rejects more than 5 MB). */
  readonly maxRequestBytes?: number;
  /** Which ExcelApi 1.x sets the host has (default: ask Office; everything outside Office). */
  readonly supports?: ApiSupport;
  /** Show the first built sheet when done (default true). */
  readonly activate?: boolean;
}

/** A name the write had to change, and why. */
export interface Renamed {
  readonly from: string;
  readonly to: string;
}

/** One request sent: the sheet it wrote and its estimated size. */
export interface RequestRecord {
  readonly sheet: string;
  readonly bytes: number;
}

/** What the Office adapter reports after a write. */
export interface OfficeWriteResult extends WriteResult {
  /** Sheets that took a new name because a sheet of the user's (not built by us) had the spec's name. */
  readonly renamed: readonly Renamed[];
  /** Tables that took a new name because a table elsewhere in the workbook had the spec's name. */
  readonly renamedTables: readonly Renamed[];
  /** Previously built sheets (carrying the marker) that this write replaced. */
  readonly replaced: readonly string[];
  /** context.sync() calls made, the two look-ups first included. */
  readonly syncs: number;
  /** The write requests, in order (the look-ups are not included). */
  readonly requests: readonly RequestRecord[];
  /** Features the host could not take (a missing requirement set, alt text), one line each. */
  readonly notes: readonly string[];
}

/** A sheet in the workbook before the write. */
interface ExistingSheet {
  readonly id: string;
  readonly name: string;
  readonly visibility: Excel.SheetVisibility | "Visible" | "Hidden" | "VeryHidden";
  readonly marked: boolean;
  readonly markerId?: string;
  readonly tables: readonly string[];
}

/** A marked sheet being replaced: where it is kept until the build succeeds. */
interface Backup {
  readonly sheet: ExistingSheet;
  readonly backupName: string;
  readonly tables: readonly Renamed[];
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError("The build was cancelled; the sheets it had added were removed.");
}

const lower = (s: string): string => s.toLowerCase();

/** "DSG summary" with suffix 2 → "DSG summary (2)", shortened so it stays within 31 characters. */
export function suffixedName(name: string, k: number): string {
  const suffix = ` (${k})`;
  return name.slice(0, 31 - suffix.length).trimEnd() + suffix;
}

/** The spec with its final sheet name and every reference renamed. */
function renameSpec(spec: SheetSpec, name: string, renames: Renames): SheetSpec {
  const any = (renames.sheets?.size ?? 0) > 0 || (renames.tables?.size ?? 0) > 0;
  if (!any && name === spec.name) return spec;
  const ref = (text: string): string => rewriteRefs(text, renames);
  const tableName = (t: TableSpec): string => renames.tables?.get(lower(t.name)) ?? t.name;
  return {
    ...spec,
    name,
    cells: any
      ? spec.cells.map((row) =>
          row.map((cell) =>
            cell && (cell.formula !== undefined || cell.link !== undefined)
              ? {
                  ...cell,
                  ...(cell.formula !== undefined ? { formula: ref(cell.formula) } : {}),
                  ...(cell.link !== undefined ? { link: ref(cell.link) } : {}),
                }
              : cell,
          ),
        )
      : spec.cells,
    tables: spec.tables.map((t) => ({ ...t, name: tableName(t) })),
    charts: spec.charts.map((c) => ({
      ...c,
      categoriesRef: ref(c.categoriesRef),
      series: c.series.map((s) => ({ ...s, valuesRef: ref(s.valuesRef) })),
    })),
  };
}

/** Chart references the adapter must resolve to ranges; a bad one is a builder bug. */
function checkChartRefs(specs: readonly SheetSpec[]): void {
  for (const spec of specs) {
    for (const chart of spec.charts) {
      if (chart.series.length === 0)
        throw new InternalError(`Chart "${chart.title}" on sheet "${spec.name}" has no series`);
      for (const ref of [chart.categoriesRef, ...chart.series.map((s) => s.valuesRef)]) {
        if (!parseArea(splitRef(ref).area))
          throw new InternalError(`Chart "${chart.title}" on sheet "${spec.name}": bad reference ${ref}`);
      }
    }
  }
}

/** A name not in `taken` (lower-cased), from `stem1`, `stem2`, … */
function freshName(stem: string, taken: Set<string>): string {
  for (let k = 1; ; k++) {
    const candidate = `${stem}${k}`;
    if (!taken.has(lower(candidate))) {
      taken.add(lower(candidate));
      return candidate;
    }
  }
}

/**
 * Write built sheets into the workbook of `context`.
 *
 * @param context the Excel request context (inside Excel.run)
 * @param specs the sheets, in order; validated first (a spec breaking Excel's rules throws InternalError before anything is written)
 * @param progress called after each sheet: {done, total, step}
 * @param signal aborting it stops at the next sheet; the sheets added so far are removed and the write rejects with AbortError
 * @param options request budget, host requirement sets
 * @returns the sheet names written (in order), renames, replaced sheets, syncs and notes
 * @throws AbortError when cancelled; InternalError for a bad spec; the host's error when Excel refuses a call (the sheets added are removed first)
 * @example
 *   await Excel.run((context) => writeSheets(context, specs, (p) => bar.set(p.done / p.total)));
 */
export async function writeSheets(
  context: Excel.RequestContext,
  specs: readonly SheetSpec[],
  progress?: ProgressCallback,
  signal?: AbortSignal,
  options: OfficeWriteOptions = {},
): Promise<OfficeWriteResult> {
  throwIfAborted(signal);
  validateSpecs(specs);
  checkChartRefs(specs);
  const supports = options.supports ?? hostApiSupport();
  if (!supports(BASELINE_EXCEL_API)) {
    throw new Error(
      `Forum Papers needs Excel JavaScript API 1.${BASELINE_EXCEL_API} or later; update Excel to build papers in this workbook.`,
    );
  }
  const maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  let syncs = 0;
  const requests: RequestRecord[] = [];
  const notes = new Set<string>();
  const commit = async (): Promise<void> => {
    syncs++;
    await context.sync();
  };
  if (specs.length === 0)
    return { sheets: [], renamed: [], renamedTables: [], replaced: [], syncs, requests, notes: [] };

  // Look 1: the sheets there are, and the list separator getRanges wants.
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name,items/id,items/visibility");
  let numberFormatInfo: Excel.NumberFormatInfo | undefined;
  if (supports(11)) {
    numberFormatInfo = context.application.cultureInfo.numberFormat;
    numberFormatInfo.load("numberDecimalSeparator");
  }
  await commit();

  // Look 2: which of them we built (their marker names) and the tables on each.
  const probes = worksheets.items.map((ws) => {
    const marker = ws.names.getItemOrNullObject(MARKER_NAME);
    marker.load("formula");
    const id = ws.names.getItemOrNullObject(MARKER_ID_NAME);
    id.load("formula");
    const tables = ws.tables;
    tables.load("items/name");
    return { ws, marker, id, tables };
  });
  await commit();
  const existing: ExistingSheet[] = probes.map(({ ws, marker, id, tables }) => ({
    id: ws.id,
    name: ws.name,
    visibility: ws.visibility,
    marked: !marker.isNullObject && parseTextConstant(marker.formula) === BUILT_SHEET_MARKER,
    markerId: id.isNullObject ? undefined : parseTextConstant(id.formula),
    tables: tables.items.map((t) => t.name),
  }));

  // Decide every sheet's final name.
  const byName = new Map(existing.map((e) => [lower(e.name), e]));
  const specNames = new Set(specs.map((s) => lower(s.name)));
  const claimed = new Set<string>();
  const replacedSheets: ExistingSheet[] = [];
  const renamed: Renamed[] = [];
  const finalNames = specs.map((spec) => {
    const there = byName.get(lower(spec.name));
    if (!there || there.marked) {
      if (there) replacedSheets.push(there);
      claimed.add(lower(spec.name));
      return spec.name;
    }
    for (let k = 2; ; k++) {
      const candidate = suffixedName(spec.name, k);
      const key = lower(candidate);
      if (claimed.has(key) || specNames.has(key)) continue;
      const other = byName.get(key);
      if (other && !(other.marked && other.markerId === spec.id && !replacedSheets.includes(other))) continue;
      if (other) replacedSheets.push(other);
      claimed.add(key);
      renamed.push({ from: spec.name, to: candidate });
      return candidate;
    }
  });

  // Tables on sheets we keep hold their names; a spec table with one of them takes a new name.
  const replacedIds = new Set(replacedSheets.map((s) => s.id));
  const allTableNames = new Set(existing.flatMap((e) => e.tables.map(lower)));
  const keptTables = new Set(
    existing.filter((e) => !replacedIds.has(e.id)).flatMap((e) => e.tables.map(lower)),
  );
  const takenTables = new Set([...keptTables, ...specs.flatMap((s) => s.tables.map((t) => lower(t.name)))]);
  const renamedTables: Renamed[] = [];
  for (const spec of specs) {
    for (const table of spec.tables) {
      if (!keptTables.has(lower(table.name))) continue;
      const to = freshName(`${table.name}_`, takenTables);
      renamedTables.push({ from: table.name, to });
    }
  }
  const renames: Renames = {
    sheets: renameMap(renamed.map((r) => [r.from, r.to])),
    tables: renameMap(renamedTables.map((r) => [r.from, r.to])),
  };
  const finalSpecs = specs.map((spec, i) => renameSpec(spec, finalNames[i], renames));

  // Replaced sheets are kept under a temporary name (and their tables too) until the end.
  const takenSheetNames = new Set([...existing.map((e) => lower(e.name)), ...claimed]);
  const takenAllTables = new Set([
    ...allTableNames,
    ...takenTables,
    ...renamedTables.map((r) => lower(r.to)),
  ]);
  const backups: Backup[] = replacedSheets.map((sheet) => ({
    sheet,
    backupName: freshName("Forum Papers old ", takenSheetNames),
    tables: sheet.tables.map((t) => ({ from: t, to: freshName("ForumPapersOld", takenAllTables) })),
  }));

  const env: PlanEnv = {
    maxRequestBytes,
    supports,
    listSeparator: listSeparatorFor(numberFormatInfo?.numberDecimalSeparator),
  };

  // The first batch: put replaced sheets aside, add every new sheet with its marker.
  const markerComment = "Forum Papers built this sheet; a rebuild replaces only sheets with this name.";
  const prelude: PlannedOp[] = [
    {
      what: "set replaced sheets aside, add the new sheets",
      bytes:
        (backups.length * 3 + backups.reduce((n, b) => n + b.tables.length * 2, 0) + specs.length * 5) *
          CALL_BYTES +
        finalSpecs.reduce((n, s) => n + s.name.length + s.id.length + markerComment.length, 0),
      queue: (ctx) => {
        const sheets = ctx.workbook.worksheets;
        for (const b of backups) {
          const ws = sheets.getItem(b.sheet.id);
          ws.name = b.backupName;
          for (const t of b.tables) ws.tables.getItem(t.from).name = t.to;
        }
        finalSpecs.forEach((spec) => {
          const ws = sheets.add(spec.name);
          ws.names.add(MARKER_NAME, `=${textConstant(BUILT_SHEET_MARKER)}`, markerComment);
          ws.names.add(MARKER_ID_NAME, `=${textConstant(spec.id)}`);
          if (spec.hidden) ws.visibility = "Hidden";
        });
        // Hidden only now: a workbook must keep one visible sheet.
        for (const b of backups) sheets.getItem(b.sheet.id).visibility = "Hidden";
      },
    },
  ];
  const finish: PlannedOp[] = [
    {
      what: "delete replaced sheets",
      bytes: (backups.length * 2 + 2) * CALL_BYTES,
      queue: (ctx) => {
        const sheets = ctx.workbook.worksheets;
        for (const b of backups) sheets.getItem(b.sheet.id).delete();
        if (options.activate ?? true) sheets.getItem(finalSpecs[0].name).activate();
      },
    },
  ];

  const runBatch = async (batch: Batch, sheetName: string): Promise<void> => {
    context.application.suspendApiCalculationUntilNextSync();
    const sheet = context.workbook.worksheets.getItem(sheetName);
    for (const o of batch.ops) o.queue(context, sheet);
    requests.push({ sheet: sheetName, bytes: batch.bytes });
    await commit();
  };

  try {
    for (let i = 0; i < finalSpecs.length; i++) {
      throwIfAborted(signal);
      const spec = finalSpecs[i];
      const plan = planSheet(spec, env);
      plan.notes.forEach((n) => notes.add(n));
      const batches = packBatches(
        plan,
        maxRequestBytes,
        i === 0 ? prelude : [],
        i === finalSpecs.length - 1 ? finish : [],
      );
      for (const batch of batches) await runBatch(batch, spec.name);
      progress?.({ done: i + 1, total: finalSpecs.length, step: `Wrote ${spec.name}` });
    }
  } catch (error) {
    syncs += await removeCreated(context, existing, finalNames, backups);
    throw error;
  }

  return {
    sheets: finalNames,
    renamed,
    renamedTables,
    replaced: replacedSheets.map((s) => s.name),
    syncs,
    requests,
    notes: [...notes],
  };
}

/**
 * After a failed or cancelled build: delete the sheets this build added (sheets that were not
 * there before and carry one of its names) and put replaced sheets back as they were. Two syncs:
 * one to see what the failed batch left, one to tidy. Errors here are swallowed so the caller
 * reports the error that stopped the build. Returns the number of syncs made.
 */
async function removeCreated(
  context: Excel.RequestContext,
  existing: readonly ExistingSheet[],
  finalNames: readonly string[],
  backups: readonly Backup[],
): Promise<number> {
  let syncs = 0;
  try {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name,items/id");
    const backupTables = backups.map((b) => {
      const tables = sheets.getItem(b.sheet.id).tables;
      tables.load("items/name");
      return tables;
    });
    syncs++;
    await context.sync();
    const before = new Set(existing.map((e) => e.id));
    const ours = new Set(finalNames.map(lower));
    // Visible again first: deleting the new sheets must not leave the workbook without a visible one.
    for (const b of backups) sheets.getItem(b.sheet.id).visibility = b.sheet.visibility;
    for (const ws of sheets.items) if (!before.has(ws.id) && ours.has(lower(ws.name))) ws.delete();
    backups.forEach((b, i) => {
      const ws = sheets.getItem(b.sheet.id);
      ws.name = b.sheet.name;
      const present = new Set(backupTables[i].items.map((t) => t.name));
      for (const t of b.tables) if (present.has(t.to)) ws.tables.getItem(t.to).name = t.from;
    });
    syncs++;
    await context.sync();
  } catch {
    // The original error matters more; what is left is marked and a rebuild replaces it.
  }
  return syncs;
}

/** Runs a function with a request context: Excel.run inside Excel, the recording fake in tests. */
export type ExcelRunner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

const excelRun: ExcelRunner = (batch) => Excel.run(batch);

/**
 * A WorkbookPort that adds the built sheets to the open workbook.
 * @example
 *   const port = new OfficeWorkbookPort();
 *   const result = await port.write(specs, (p) => setProgress(p), controller.signal);
 *   if (result.renamed.length) showMessage(`Your sheet ${result.renamed[0].from} was kept; the paper is ${result.renamed[0].to}`);
 */
export class OfficeWorkbookPort implements WorkbookPort<OfficeWriteResult> {
  constructor(
    private readonly run: ExcelRunner = excelRun,
    private readonly options: OfficeWriteOptions = {},
  ) {}

  write(
    specs: readonly SheetSpec[],
    progress?: ProgressCallback,
    signal?: AbortSignal,
  ): Promise<OfficeWriteResult> {
    return this.run((context) => writeSheets(context, specs, progress, signal, this.options));
  }
}
