/**
 * The browser preview's engine, pane side: the workbook-file engine (src/app/file-engine.ts) and
 * the pipeline running on a file the user opened, with their results made into the pane's view
 * models and downloads. Loaded on demand (its own chunk: ExcelJS is large), only by the file host;
 * the pane inside Excel never loads it.
 *
 * Nothing here touches the DOM or the network: bytes in, bytes and view models out.
 */

import { detectCandidates, readDatasets } from "../sources";
import { buildPapersInto, BuildFailure, papersDocProps } from "../app/pipeline";
import {
  openWorkbookFile,
  sentence,
  shareFile as shareWorkbookFile,
  UserError,
  type FormulaIndex,
  type OpenedFile,
} from "../app/file-engine";
import { XlsxWorkbookPort, type XlsxWriteResult } from "../workbook/xlsx/adapter";
import { buildResultView, papersFileName } from "./build-view";
import {
  XLSX_MIME,
  type BuildProgress,
  type BuildRequest,
  type BuildResult,
  type PickedFile,
  type ShareResult,
  type SourcesView,
} from "./host";
import { buildSourcesView } from "./sources-view";

export {
  explainFormula,
  fileWithMapping,
  formulaRefs,
  indexFormulas,
  shareableSheets,
  type FormulaIndex,
} from "../app/file-engine";

/** A workbook file opened in the preview, with what the Sources step shows of it. */
export interface OpenedWorkbook extends OpenedFile {
  readonly file: PickedFile;
  readonly view: SourcesView;
}

/**
 * Open a workbook file: read it, find its tables and the mapping a build would use.
 *
 * @throws an Error whose message says why the file cannot be used (not an .xlsx, encrypted, …)
 */
export async function openWorkbook(file: PickedFile): Promise<OpenedWorkbook> {
  const { snapshot } = await openWorkbookFile(file);
  return {
    file,
    snapshot,
    view: buildSourcesView(snapshot, detectCandidates(snapshot), readDatasets(snapshot)),
  };
}

/**
 * Build the papers from an opened workbook into a new papers workbook (a download).
 * Aborting stops at the next step; the promise then rejects with AbortError and no bytes exist.
 */
export async function buildPapersFile(
  opened: OpenedWorkbook,
  request: BuildRequest,
  progress: (p: BuildProgress) => void,
  signal: AbortSignal,
): Promise<BuildResult> {
  try {
    const { datasets, build, written } = await buildPapersInto<XlsxWriteResult>(
      opened.snapshot,
      request,
      (d) => new XlsxWorkbookPort(papersDocProps(d, request.options)),
      { progress, signal },
    );
    return buildResultView(datasets, build, {
      fileName: papersFileName(opened.file.name),
      bytes: written.bytes,
      mimeType: XLSX_MIME,
    });
  } catch (e) {
    if (e instanceof BuildFailure) throw new UserError(sentence(e.message, opened.file.name));
    throw e;
  }
}

/**
 * A copy of the opened workbook for readers without the add-in (a download): every DSG formula on
 * the chosen sheets becomes a native formula or its value, and a "Converted formulas" sheet lists
 * each one.
 */
export async function shareFile(
  opened: OpenedWorkbook,
  index: FormulaIndex,
  sheets: readonly string[],
): Promise<ShareResult> {
  const copy = await shareWorkbookFile(opened, index, sheets);
  return {
    message: copy.message,
    notes: copy.notes,
    download: { fileName: copy.fileName, bytes: copy.bytes, mimeType: XLSX_MIME },
  };
}
