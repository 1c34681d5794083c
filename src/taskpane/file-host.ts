/**
 * The file host: the pane in a browser, outside Excel (the preview). The user opens a workbook
 * file; everything runs in the page (the xlsx adapter, the reader, the builders) and results are
 * offered as downloads. The file never leaves the computer: the page makes no network request
 * beyond its own scripts.
 *
 * The engine (ExcelJS and the rest) is its own chunk, loaded when the first file is opened.
 */

import type { SavedMapping } from "../sources/mapping";
import type { FileEngine } from "./file-engine-types";
import {
  XLSX_MIME,
  type BuildProgress,
  type BuildRequest,
  type BuildResult,
  type ExplainOutcome,
  type FormulaRef,
  type Host,
  type PickedFile,
  type SaveMappingResult,
  type ShareResult,
  type ShareableSheet,
  type SourcesView,
} from "./host";

type Opened = Awaited<ReturnType<FileEngine["openWorkbook"]>>;
type Index = Awaited<ReturnType<FileEngine["indexFormulas"]>>;

/** Load the engine chunk (once). */
let enginePromise: Promise<FileEngine> | undefined;
function engine(): Promise<FileEngine> {
  enginePromise ??= import(/* webpackChunkName: "xlsx-engine" */ "./file-engine");
  return enginePromise;
}

export class FileHost implements Host {
  readonly kind = "file" as const;
  readonly capabilities = { opensFiles: true, canNavigate: false, explainsSelection: false, downloads: true };
  private opened: Opened | undefined;
  private index: Promise<Index> | undefined;

  theme(): "light" | "dark" {
    return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches
      ? "dark"
      : "light";
  }

  onThemeChange(listener: (theme: "light" | "dark") => void): () => void {
    if (typeof matchMedia !== "function") return () => undefined;
    const query = matchMedia("(prefers-color-scheme: dark)");
    const on = () => listener(query.matches ? "dark" : "light");
    query.addEventListener("change", on);
    return () => query.removeEventListener("change", on);
  }

  async readSources(file?: PickedFile): Promise<SourcesView> {
    if (!file) throw new Error("Open a workbook file first.");
    const e = await engine();
    this.opened = undefined;
    this.index = undefined;
    this.opened = await e.openWorkbook(file);
    return this.opened.view;
  }

  private need(): Opened {
    if (!this.opened) throw new Error("Open a workbook file first (step 1, Sources).");
    return this.opened;
  }

  private formulas(): Promise<Index> {
    const opened = this.need();
    this.index ??= engine().then((e) => e.indexFormulas(opened));
    return this.index;
  }

  async saveMapping(mapping: SavedMapping): Promise<SaveMappingResult> {
    const opened = this.need();
    const bytes = await (await engine()).fileWithMapping(opened, mapping);
    const stem = opened.file.name.replace(/\.[^.]+$/, "");
    return {
      message:
        "The browser cannot change the file you opened, so here is a copy with the mapping saved in the workbook (not shown as a sheet). Use the copy next time and its tables are read the same way.",
      download: { fileName: `${stem} (mapping saved).xlsx`, bytes, mimeType: XLSX_MIME },
    };
  }

  async build(
    request: BuildRequest,
    progress: (p: BuildProgress) => void,
    signal: AbortSignal,
  ): Promise<BuildResult> {
    const opened = this.need();
    // The publication check (GSS/WCAG rules) of the papers built, loaded with the engine's chunk.
    const { withPublicationCheck } = await import(
      /* webpackChunkName: "xlsx-engine" */ "../app/publication-check"
    );
    return withPublicationCheck(await (await engine()).buildPapersFile(opened, request, progress, signal));
  }

  async showSheet(): Promise<void> {
    // Nothing to show in a browser: the sheets are in the downloaded file.
  }

  async showSourceRow(): Promise<void> {
    // As showSheet.
  }

  async explain(target?: FormulaRef): Promise<ExplainOutcome> {
    if (!target) return { kind: "nothing", message: "Choose one of the formulas listed." };
    const opened = this.need();
    return (await engine()).explainFormula(opened, await this.formulas(), target);
  }

  async listFormulas(): Promise<readonly FormulaRef[]> {
    return (await engine()).formulaRefs(await this.formulas());
  }

  async listShareable(): Promise<readonly ShareableSheet[]> {
    return (await engine()).shareableSheets(await this.formulas());
  }

  async share(sheets: readonly string[]): Promise<ShareResult> {
    const opened = this.need();
    return (await engine()).shareFile(opened, await this.formulas(), sheets);
  }
}
