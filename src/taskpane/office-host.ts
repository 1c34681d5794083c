/**
 * The Office host: the pane inside Excel. Reads the open workbook with the Office adapter, adds the
 * built sheets to it (replacing only sheets Forum Papers built, removing what it added on cancel),
 * explains the selected cell, and copies sheets for readers without the add-in.
 *
 * Every Excel call batches its reads and writes: a constant number of context.sync() calls per
 * action, never one per cell.
 */

import { detectCandidates, readDatasets, serialiseMapping } from "../sources";
import { formatRegionsFor } from "../sources/format-regions";
import { buildPapersInto, BuildFailure } from "../app/pipeline";
import type { SavedMapping } from "../sources/mapping";
import type { SnapshotValue } from "../sources/snapshot";
import { needsTextPrefix } from "../workbook/office/plan";
import { readSnapshot, writeSavedMapping } from "../workbook/office/read";
import { OfficeWorkbookPort, type OfficeWriteResult } from "../workbook/office/write";
import { SAVED_MAPPING_SHEET } from "../workbook/port";
import { buildResultView } from "./build-view";
import { explainCall } from "./explain";
import { areaA1, cellA1, findDsgCalls, mentionsDsg, parseArea, tokenize, type Area } from "./formulas";
import type {
  BuildProgress,
  BuildRequest,
  BuildResult,
  ExplainOutcome,
  FormulaRef,
  Host,
  SaveMappingResult,
  ShareResult,
  ShareableSheet,
  SourcesView,
} from "./host";
import { callToExplain, rangesNeeded, resolveArgs, type RangeNeed } from "./resolve";
import {
  noteFor,
  noteSheetRows,
  planConversion,
  NOTE_SHEET,
  type CellReader,
  type Conversion,
  type FormulaCell,
} from "./share";
import { buildSourcesView } from "./sources-view";

/** Excel's limit on a sheet name. */
const MAX_SHEET_NAME = 31;

/** "Sheet1!D5" or "'My sheet'!D5:D9" → sheet and area. */
function splitAddress(address: string): { sheet: string; area: Area } | undefined {
  try {
    const [t] = tokenize(address);
    if (!t || t.kind !== "ref") return undefined;
    const area = parseArea(t.ref.a1);
    return area && t.ref.sheet !== undefined ? { sheet: t.ref.sheet, area } : undefined;
  } catch {
    return undefined;
  }
}

/** Luminance of "#RRGGBB" (0 black – 1 white). */
function luminance(hex: string | undefined): number | undefined {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? "");
  if (!m) return undefined;
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => parseInt(x, 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** A free sheet name: "Register (for readers)", "Register (for readers 2)", …, within 31 characters. */
function freeName(base: string, suffix: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const tail = n === 1 ? ` (${suffix})` : ` (${suffix} ${n})`;
    const name = base.slice(0, MAX_SHEET_NAME - tail.length).trimEnd() + tail;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}

function asText(value: unknown): string {
  return typeof value === "string" && needsTextPrefix(value) ? `'${value}` : String(value ?? "");
}

export class OfficeHost implements Host {
  readonly kind = "office" as const;
  readonly capabilities = { opensFiles: false, canNavigate: true, explainsSelection: true, downloads: false };
  theme(): "light" | "dark" {
    const l = luminance(Office.context?.officeTheme?.bodyBackgroundColor);
    return l !== undefined && l < 0.5 ? "dark" : "light";
  }

  onThemeChange(listener: (theme: "light" | "dark") => void): () => void {
    // @types/office-js puts Document.addHandlerAsync in DocumentEvents and OfficeThemeChanged in
    // Mailbox 1.14 (Outlook): where the host reports neither (Excel today), the theme is read at start.
    const requirements = Office.context.requirements;
    if (!requirements.isSetSupported("DocumentEvents") || !requirements.isSetSupported("Mailbox", "1.14"))
      return () => undefined;
    const handler = () => listener(this.theme());
    try {
      Office.context.document.addHandlerAsync(Office.EventType.OfficeThemeChanged, handler);
      return () => {
        try {
          Office.context.document.removeHandlerAsync(Office.EventType.OfficeThemeChanged, { handler });
        } catch {
          // The pane is closing; nothing to undo.
        }
      };
    } catch {
      return () => undefined;
    }
  }

  async readSources(): Promise<SourcesView> {
    const snapshot = await Excel.run((context) =>
      readSnapshot(context, { formatRegions: formatRegionsFor() }),
    );
    return buildSourcesView(snapshot, detectCandidates(snapshot), readDatasets(snapshot));
  }

  async saveMapping(mapping: SavedMapping): Promise<SaveMappingResult> {
    const json = serialiseMapping(mapping);
    await Excel.run((context) => writeSavedMapping(context, json));
    return {
      message: `Saved in this workbook (not shown as a sheet; its name is ${SAVED_MAPPING_SHEET}). Save the workbook to keep it; next time its tables are read the same way.`,
    };
  }

  async build(
    request: BuildRequest,
    progress: (p: BuildProgress) => void,
    signal: AbortSignal,
  ): Promise<BuildResult> {
    progress({ fraction: 0.01, step: "Reading the workbook" });
    // Read again: the workbook may have changed since the Sources step. The confirmed mapping goes
    // in so the sheets it names are read with their dates wherever their tables are.
    const snapshot = await Excel.run((context) =>
      readSnapshot(context, { formatRegions: formatRegionsFor(request.mapping) }),
    );
    let outcome;
    try {
      outcome = await buildPapersInto<OfficeWriteResult>(snapshot, request, () => new OfficeWorkbookPort(), {
        progress,
        signal,
      });
    } catch (e) {
      if (e instanceof BuildFailure)
        throw new Error(e.message.charAt(0).toUpperCase() + e.message.slice(1) + ".");
      throw e;
    }
    const { datasets, build, written } = outcome;
    const view = buildResultView(datasets, build);
    const notes = [
      ...written.renamed.map((r) => `Your sheet "${r.from}" was kept; the built sheet is "${r.to}".`),
      ...written.renamedTables.map(
        (r) => `A table called ${r.from} already exists; the built table is ${r.to}.`,
      ),
      ...written.notes,
    ];
    return {
      ...view,
      sheets: view.sheets.map((s, i) => ({ ...s, name: written.sheets[i] ?? s.name })),
      warnings: [...view.warnings, ...notes],
    };
  }

  async showSheet(name: string): Promise<void> {
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem(name).activate();
      await context.sync();
    });
  }

  async showSourceRow(sheet: string, row: number): Promise<void> {
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(`${row}:${row}`).select();
      await context.sync();
    });
  }

  async explain(): Promise<ExplainOutcome> {
    return Excel.run(async (context) => {
      const cell = context.workbook.getActiveCell();
      cell.load("address,formulas");
      const supportsSpill = Office.context.requirements.isSetSupported("ExcelApi", "1.12");
      const parent = supportsSpill ? cell.getSpillParentOrNullObject() : undefined;
      parent?.load("address,formulas");
      await context.sync();

      const anchor = parent && !parent.isNullObject ? parent : cell;
      const formula = String(anchor.formulas[0][0] ?? "");
      const at = splitAddress(cell.address);
      const from = splitAddress(anchor.address);
      if (!at || !from) return { kind: "nothing", message: "Select one cell on a worksheet." };
      const where = `${at.sheet}!${cellA1(at.area.top, at.area.left)}`;
      if (!formula.startsWith("=") || !mentionsDsg(formula)) {
        return {
          kind: "nothing",
          message: `${where} has no DSG.* formula. Select a cell whose formula starts =DSG.`,
        };
      }
      const found = callToExplain(formula);
      if (!found) return { kind: "nothing", message: `The formula in ${where} could not be read.` };

      // Names used as arguments: one sync to find what they refer to.
      const nameArgs = found.call.args.filter((a) => a.kind === "name").map((a) => a.text);
      const names = new Map<string, string>();
      if (nameArgs.length > 0) {
        const items = nameArgs.map((n) => {
          const item = context.workbook.names.getItemOrNullObject(n);
          item.load("formula");
          return [n, item] as const;
        });
        await context.sync();
        for (const [n, item] of items)
          if (!item.isNullObject) names.set(n.toLowerCase(), String(item.formula).replace(/^=/, ""));
      }

      // Every referenced range in one sync. Whole columns or rows are cut to the used range.
      const needs = rangesNeeded(found.call, (n) => names.get(n.toLowerCase()));
      const loaded = needs.map((need) => {
        const sheet = need.sheet
          ? context.workbook.worksheets.getItem(need.sheet)
          : context.workbook.worksheets.getItem(from.sheet);
        const whole = need.area.bottom - need.area.top > 100000 || need.area.right - need.area.left > 1000;
        const range = whole
          ? sheet.getRange(need.a1).getIntersectionOrNullObject(sheet.getUsedRange(true))
          : sheet.getRange(need.a1);
        range.load("values");
        return { need, range };
      });
      await context.sync();
      const read = (need: RangeNeed) => {
        const hit = loaded.find(
          (l) => l.need === need || (l.need.a1 === need.a1 && l.need.sheet === need.sheet),
        );
        if (!hit || hit.range.isNullObject) return { problem: `${need.a1} is empty.` };
        return hit.range.values as unknown[][];
      };
      const args = resolveArgs(found.call, from.sheet, read, (n) => names.get(n.toLowerCase()));
      const view = explainCall(found.call, args, at.area.top - from.area.top, at.area.left - from.area.left);
      return {
        kind: "explained",
        cell: where,
        formula,
        view: found.partOf
          ? {
              ...view,
              summary: `${view.summary} (This explains the DSG.${found.call.fn} part of a longer formula.)`,
            }
          : view,
      };
    });
  }

  async selectedCell(): Promise<{ sheet: string; cell: string } | undefined> {
    return Excel.run(async (context) => {
      const cell = context.workbook.getActiveCell();
      cell.load("address");
      await context.sync();
      const at = splitAddress(cell.address);
      return at ? { sheet: at.sheet, cell: cellA1(at.area.top, at.area.left) } : undefined;
    });
  }

  async listFormulas(): Promise<readonly FormulaRef[]> {
    // In Excel the selected cell is explained; there is no list.
    return [];
  }

  async listShareable(): Promise<readonly ShareableSheet[]> {
    return Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name,items/visibility");
      await context.sync();
      const visible = sheets.items.filter(
        (s) => s.visibility !== "VeryHidden" && s.name !== SAVED_MAPPING_SHEET,
      );
      const used = visible.map((s) => {
        const r = s.getUsedRangeOrNullObject();
        r.load("formulas");
        return { name: s.name, r };
      });
      await context.sync();
      return used.map(({ name, r }) => ({
        name,
        dsgFormulas: r.isNullObject
          ? 0
          : r.formulas.flat().filter((f) => typeof f === "string" && f.startsWith("=") && mentionsDsg(f))
              .length,
      }));
    });
  }

  async share(names: readonly string[]): Promise<ShareResult> {
    return Excel.run(async (context) => {
      const ws = context.workbook.worksheets;
      ws.load("items/name");
      await context.sync();
      const taken = new Set(ws.items.map((s) => s.name.toLowerCase()));

      // 1. Copy each chosen sheet and read the copy's formulas and values.
      const copies = names.map((name) => {
        const copy = ws.getItem(name).copy(Excel.WorksheetPositionType.end);
        copy.name = freeName(name, "for readers", taken);
        const used = copy.getUsedRangeOrNullObject();
        used.load("address,formulas,values");
        copy.load("name");
        return { original: name, copy, used };
      });
      await context.sync();

      // 2. The DSG cells, their spills, and the inputs on other sheets, in one sync.
      interface Found {
        copy: Excel.Worksheet;
        sheet: string;
        row: number;
        col: number;
        formula: string;
        spill?: Excel.Range;
      }
      const found: Found[] = [];
      const others: { sheet: string; area: Area; range: Excel.Range }[] = [];
      const spillSupported = Office.context.requirements.isSetSupported("ExcelApi", "1.12");
      for (const c of copies) {
        if (c.used.isNullObject) continue;
        const origin = splitAddress(c.used.address)?.area ?? { top: 0, left: 0, bottom: 0, right: 0 };
        c.used.formulas.forEach((line, r) =>
          line.forEach((f, k) => {
            if (typeof f !== "string" || !f.startsWith("=") || !mentionsDsg(f)) return;
            const row = origin.top + r;
            const col = origin.left + k;
            const cell = c.copy.getRange(cellA1(row, col));
            const spill = spillSupported ? cell.getSpillingToRangeOrNullObject() : undefined;
            spill?.load("address,values");
            found.push({
              copy: c.copy,
              sheet: c.copy.name,
              row,
              col,
              formula: f,
              ...(spill ? { spill } : {}),
            });
            for (const call of safeCalls(f)) {
              for (const need of rangesNeeded(call)) {
                if (!need.sheet) continue;
                const range = ws.getItem(need.sheet).getRange(need.a1);
                range.load("values");
                others.push({ sheet: need.sheet, area: need.area, range });
              }
            }
          }),
        );
      }
      await context.sync();

      // 3. Plan each cell, write the plan and the note sheet, in one sync.
      const notes = [];
      for (const f of found) {
        const c = copies.find((x) => x.copy === f.copy)!;
        const origin = splitAddress(c.used.address)?.area ?? { top: 0, left: 0, bottom: 0, right: 0 };
        const read: CellReader = (sheet, row, col) => {
          if (sheet === undefined || sheet.toLowerCase() === c.copy.name.toLowerCase()) {
            return (c.used.values[row - origin.top]?.[col - origin.left] ?? null) as SnapshotValue;
          }
          const hit = others.find(
            (o) =>
              o.sheet.toLowerCase() === sheet.toLowerCase() &&
              row >= o.area.top &&
              row <= o.area.bottom &&
              col >= o.area.left &&
              col <= o.area.right,
          );
          return (hit?.range.values[row - hit.area.top]?.[col - hit.area.left] ?? null) as SnapshotValue;
        };
        const values: SnapshotValue[][] =
          f.spill && !f.spill.isNullObject
            ? (f.spill.values as SnapshotValue[][])
            : [[(c.used.values[f.row - origin.top]?.[f.col - origin.left] ?? null) as SnapshotValue]];
        const cell: FormulaCell = { sheet: f.sheet, row: f.row, col: f.col, formula: f.formula, values };
        const conversion: Conversion = planConversion(cell, read);
        const target = f.copy.getRange(
          areaA1({
            top: f.row,
            left: f.col,
            bottom: f.row + values.length - 1,
            right: f.col + (values[0]?.length ?? 1) - 1,
          }),
        );
        if (conversion.kind === "native")
          target.formulas = conversion.formulas.map((r) => r.map((x) => `=${x}`));
        else
          target.values = conversion.values.map((r) =>
            r.map((v) => (typeof v === "string" ? asText(v) : (v ?? ""))),
          );
        notes.push(noteFor(cell, conversion));
      }
      const copyNames = copies.map((c) => c.copy.name);
      const rows = noteSheetRows(notes, copyNames);
      let noteName = NOTE_SHEET;
      for (let n = 2; taken.has(noteName.toLowerCase()); n++) noteName = `${NOTE_SHEET} (${n})`;
      const note = ws.add(noteName);
      const width = 5;
      const grid = rows.map((r) => Array.from({ length: width }, (_, i) => asText(r[i] ?? "")));
      const range = note.getRange(`A1:E${grid.length}`);
      range.numberFormat = grid.map((r) => r.map(() => "@"));
      range.values = grid;
      note.getRange("A1").format.font.bold = true;
      note.getRange("A1").format.font.size = 14;
      const headerRow = rows.findIndex((r) => r[0] === "Sheet") + 1;
      note.getRange(`A${headerRow}:E${headerRow}`).format.font.bold = true;
      note.getRange("A:B").format.columnWidth = 110;
      note.getRange("C:E").format.columnWidth = 260;
      copies[0]?.copy.activate();
      await context.sync();

      const native = notes.filter((n) => n.now.startsWith("=")).length;
      return {
        message:
          notes.length === 0
            ? `Copied ${copyNames.join(", ")}; they hold no DSG formulas.`
            : `Copied ${copyNames.join(", ")}: ${notes.length} DSG formula${notes.length === 1 ? "" : "s"} converted, ${native} to ordinary Excel formulas and ${notes.length - native} to values. The "${noteName}" sheet lists each one. To send them, right-click a copy's tab > Move or Copy > (new book).`,
        notes,
        copies: copyNames,
      };
    });
  }
}

function safeCalls(formula: string) {
  try {
    return findDsgCalls(formula);
  } catch {
    return [];
  }
}
