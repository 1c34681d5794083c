/**
 * The Office host: the pane inside Excel, as a thin binding of the Host interface to the Office
 * adapter (src/workbook/office/) and the application modules. It reads the open workbook, adds the
 * built sheets to it (replacing only sheets Forum Papers built, removing what it added on cancel),
 * explains the selected cell, and copies sheets for readers without the add-in.
 *
 * The Excel calls live in the adapter, batched: a constant number of context.sync() calls per
 * action, never one per cell. What is left here is the pane's wording and view models.
 */

import { detectCandidates, readDatasets, serialiseMapping } from "../sources";
import { formatRegionsFor } from "../sources/format-regions";
import { buildPapersInto, BuildFailure } from "../app/pipeline";
import {
  callToExplain,
  partOfLongerFormula,
  rangesNeeded,
  resolveArgs,
  type RangeNeed,
} from "../app/resolve";
import {
  noteFor,
  noteSheetRows,
  planConversion,
  NOTE_SHEET,
  type Conversion,
  type ConversionNote,
} from "../app/share";
import { cellA1 } from "../core/a1";
import { findDsgCalls, mentionsDsg } from "../core/formula-tokens";
import { explainCall } from "../functions/explain";
import type { SavedMapping } from "../sources/mapping";
import {
  activateSheet,
  countFormulas,
  readNames,
  readRanges,
  selectedCell,
  selectedFormula,
  selectRow,
} from "../workbook/office/cells";
import { copySheetsForReaders } from "../workbook/office/copy";
import { readSnapshot, writeSavedMapping } from "../workbook/office/read";
import { OfficeWorkbookPort, type OfficeWriteResult } from "../workbook/office/write";
import { SAVED_MAPPING_SHEET } from "../workbook/port";
import { buildResultView } from "./build-view";
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
import { buildSourcesView } from "./sources-view";

/** Luminance of "#RRGGBB" (0 black – 1 white). */
function luminance(hex: string | undefined): number | undefined {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? "");
  if (!m) return undefined;
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => parseInt(x, 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
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
    // The publication check of the papers just written, loaded on demand: it writes the same
    // sheets as a file in memory (ExcelJS, JSZip), which the pane's host chunk does not carry.
    progress({ fraction: 0.99, step: "Checking the papers against the publication rules" });
    const { publicationOfSheets } = await import(
      /* webpackChunkName: "xlsx-engine" */ "../app/publication-check"
    );
    return {
      ...view,
      sheets: view.sheets.map((s, i) => ({ ...s, name: written.sheets[i] ?? s.name })),
      warnings: [...view.warnings, ...notes],
      publication: await publicationOfSheets(build.sheets),
    };
  }

  async showSheet(name: string): Promise<void> {
    await Excel.run((context) => activateSheet(context, name));
  }

  async showSourceRow(sheet: string, row: number): Promise<void> {
    await Excel.run((context) => selectRow(context, sheet, row));
  }

  async explain(): Promise<ExplainOutcome> {
    return Excel.run(async (context) => {
      const selected = await selectedFormula(context);
      if (!selected) return { kind: "nothing", message: "Select one cell on a worksheet." };
      const { at, anchor: from, formula } = selected;
      const where = `${at.sheet}!${cellA1(at.area.top, at.area.left)}`;
      if (!formula.startsWith("=") || !mentionsDsg(formula)) {
        return {
          kind: "nothing",
          message: `${where} has no DSG.* formula. Select a cell whose formula starts =DSG.`,
        };
      }
      const found = callToExplain(formula);
      if (!found) return { kind: "nothing", message: `The formula in ${where} could not be read.` };

      // Names used as arguments: one sync to find what they refer to; then every referenced
      // range in one more (whole columns or rows cut to the used range).
      const names = await readNames(
        context,
        found.call.args.filter((a) => a.kind === "name").map((a) => a.text),
      );
      const needs = rangesNeeded(found.call, (n) => names.get(n.toLowerCase()));
      const values = await readRanges(context, from.sheet, needs);
      const read = (need: RangeNeed) => {
        const i = needs.findIndex((n) => n === need || (n.a1 === need.a1 && n.sheet === need.sheet));
        const got = i === -1 ? undefined : values[i];
        return got ?? { problem: `${need.a1} is empty.` };
      };
      const args = resolveArgs(found.call, from.sheet, read, (n) => names.get(n.toLowerCase()));
      const view = explainCall(found.call, args, at.area.top - from.area.top, at.area.left - from.area.left);
      return {
        kind: "explained",
        cell: where,
        formula,
        view: found.partOf ? partOfLongerFormula(view, found.call.fn) : view,
      };
    });
  }

  async selectedCell(): Promise<{ sheet: string; cell: string } | undefined> {
    const at = await Excel.run((context) => selectedCell(context));
    return at ? { sheet: at.sheet, cell: cellA1(at.area.top, at.area.left) } : undefined;
  }

  async listFormulas(): Promise<readonly FormulaRef[]> {
    // In Excel the selected cell is explained; there is no list.
    return [];
  }

  async listShareable(): Promise<readonly ShareableSheet[]> {
    const counts = await Excel.run((context) => countFormulas(context, mentionsDsg));
    return counts.map(({ name, formulas }) => ({ name, dsgFormulas: formulas }));
  }

  async share(names: readonly string[]): Promise<ShareResult> {
    let notes: ConversionNote[] = [];
    const made = await Excel.run((context) =>
      copySheetsForReaders<Conversion>(context, names, {
        suffix: "for readers",
        replaces: mentionsDsg,
        reads: (formula) => safeCalls(formula).flatMap((call) => rangesNeeded(call)),
        replace: planConversion,
        noteSheet: NOTE_SHEET,
        noteRows: (replaced, copies) => {
          notes = replaced.map((r) => noteFor(r.cell, r.replacement));
          return noteSheetRows(notes, copies);
        },
      }),
    );
    const copyNames = made.copies;
    const native = notes.filter((n) => n.now.startsWith("=")).length;
    return {
      message:
        notes.length === 0
          ? `Copied ${copyNames.join(", ")}; they hold no DSG formulas.`
          : `Copied ${copyNames.join(", ")}: ${notes.length} DSG formula${notes.length === 1 ? "" : "s"} converted, ${native} to ordinary Excel formulas and ${notes.length - native} to values. The "${made.noteSheet}" sheet lists each one. To send them, right-click a copy's tab > Move or Copy > (new book).`,
      notes,
      copies: copyNames,
    };
  }
}

function safeCalls(formula: string) {
  try {
    return findDsgCalls(formula);
  } catch {
    return [];
  }
}
