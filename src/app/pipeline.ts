/**
 * The build pipeline shared by every front end: the command line, the browser preview and the pane
 * inside Excel. A snapshot of the council's workbook goes in; datasets are read with the mapping,
 * the papers are built, and a WorkbookPort writes them (a new .xlsx file, or sheets in the open
 * workbook). Pure of the file system and of the DOM: callers read files and show results.
 */

import type { Serial } from "../core/dates";
import { formatUkDate } from "../core/dates";
import { noticeMessages, type Notice } from "../core/notice";
import type { Datasets } from "../sources/datasets";
import type { SavedMapping } from "../sources/mapping";
import type { SnapshotWarning, WorkbookSnapshot } from "../sources/snapshot";
import { readDatasets, describeDoubt, type MappingReview, type UnconfirmedMapping } from "../sources";
import {
  buildPapers,
  missingDatasets,
  PAPERS,
  PAPER_IDS,
  type DeficitScenario,
  type PaperOptions,
  type PapersBuild,
  type PaperId,
} from "../papers";
import { AbortError, type DocProps, type WorkbookPort, type WriteResult } from "../workbook/port";
import { XlsxWorkbookPort, type XlsxWriteResult } from "../workbook/xlsx/adapter";
import { readWorkbookFile, WorkbookReadError } from "../workbook/xlsx/read";
import { thrownDetail } from "./thrown";
import { readPreviousPapers, type PreviousPapersInput } from "./previous";

export { PAPER_IDS, thrownDetail };

/**
 * An expected failure with a one-line reason: unreadable input, bad options, nothing to build.
 * `message` is for the user (what is wrong, what to do); `detail` holds what a library or the
 * runtime said ("Cannot read properties of undefined (reading 'richText')"), which helps a bug
 * report but means nothing to a finance officer, so front ends show it only on request (--json).
 */
export class BuildFailure extends Error {
  override name = "BuildFailure";
  constructor(
    readonly kind: "unreadable" | "usage" | "nothing" | "confirm",
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/**
 * A mapping the papers would be built from needs the user's confirmation first (issue 8): its
 * confidence is below the line or a cross-check failed (sources/crosscheck.ts). `reviews` holds
 * every such mapping, the first being the one the message names. Front ends say how to confirm
 * (the command line: edit a mapping file and pass --mapping, or --accept-uncertain).
 */
export class MappingNeedsConfirmation extends BuildFailure {
  override name = "MappingNeedsConfirmation";
  constructor(readonly reviews: readonly MappingReview[]) {
    super(
      "confirm",
      `${describeDoubt(reviews[0])}${reviews.length > 1 ? ` (and ${reviews.length - 1} more table${reviews.length > 2 ? "s" : ""})` : ""}; confirm the mapping before building`,
    );
  }
}

/**
 * The datasets a paper is built from, for deciding which doubtful mappings matter to a build: a
 * paper's needs (registry.ts), plus the tables it reads when present (the banding review costs
 * placements on the current bands; several papers take key figures from the assumptions).
 */
function datasetsUsedBy(id: PaperId): readonly string[] {
  const extra: Partial<Record<PaperId, readonly string[]>> = {
    "banding-review": ["currentBands"],
    "dsg-summary": ["assumptions"],
    "deficit-plan": ["assumptions"],
    "transfer-impact": ["assumptions"],
  };
  return [...PAPERS[id].needs, ...(extra[id] ?? [])];
}

/**
 * The reviews that need confirmation among the datasets used by the requested papers that the
 * workbook has the data for (a doubtful table no paper is built from stops nothing).
 */
export function doubtfulFor(
  reviews: readonly MappingReview[],
  datasets: Datasets,
  papers: readonly PaperId[] | undefined,
): MappingReview[] {
  const buildable = (papers ?? PAPER_IDS).filter((id) => missingDatasets(id, datasets).length === 0);
  const used = new Set(buildable.flatMap(datasetsUsedBy));
  return reviews.filter((r) => r.needsConfirmation && used.has(r.dataset));
}

/** What to tell a user whose file a library choked on, whatever the library said. */
const DAMAGED_ADVICE =
  "part of it is damaged or not laid out the way Excel saves it; open it in Excel, save it again as an Excel Workbook (.xlsx) and retry";

/**
 * A reader's message that carries a library's words in brackets after "could not be read as an
 * Excel workbook" (only that head: a reader's other messages are the user's line already), e.g.
 *   ✓ "x.xlsx could not be read as an Excel workbook (Cannot read properties of undefined
 *      (reading 'richText')); open it in Excel, save it again and retry"
 *     → head "x.xlsx could not be read as an Excel workbook", detail "Cannot read … 'richText')"
 *   ✗ "x.xlsx is password-protected; save an unprotected copy …" (no bracketed detail)
 * The detail runs from the first " (" after the head to the first ")" that is followed by "; " or
 * ends the message, so brackets inside the detail are kept whole and brackets in the advice after
 * it ("save it as an Excel Workbook (.xlsx)") stay out.
 */
const EMBEDDED_DETAIL = /^(.*? could not be read as an Excel workbook) \((.*?)\)(?:; .*)?$/s;

/**
 * Turn whatever reading the council's workbook threw into a BuildFailure whose message is a
 * user's line and whose detail keeps the internal words.
 *
 * @param e what {@link readWorkbookFile} threw: a WorkbookReadError (its message is meant for the
 *   user, but may carry a library's words in brackets), or anything else a library threw on a
 *   file it could not parse (a TypeError deep in ExcelJS): the file is at fault, not the user
 * @param name the file's name, for the message
 * @example
 *   unreadableFailure(new TypeError("Cannot read properties of undefined"), "hnb.xlsx").message
 *   // "hnb.xlsx could not be read as an Excel workbook: part of it is damaged or …"
 */
export function unreadableFailure(e: unknown, name: string): BuildFailure {
  if (e instanceof BuildFailure) return e;
  if (e instanceof WorkbookReadError) {
    // A reader that keeps its detail apart already gives a clean message.
    const own = (e as { detail?: unknown }).detail;
    if (typeof own === "string") return new BuildFailure("unreadable", e.message, own);
    const embedded = EMBEDDED_DETAIL.exec(e.message);
    if (embedded) return new BuildFailure("unreadable", `${embedded[1]}: ${DAMAGED_ADVICE}`, embedded[2]);
    return new BuildFailure("unreadable", e.message);
  }
  const detail = thrownDetail(e);
  // The runtime running out of room is not damage: "RangeError: Array buffer allocation failed",
  // "RangeError: Invalid string length" (a string past V8's ~512 MB limit).
  if (/^RangeError: (Array buffer allocation failed|Invalid (string|array|typed array) length)/.test(detail))
    return new BuildFailure(
      "unreadable",
      `${name} is too large to read: clear unused rows, columns and formatting (or split the workbook) and retry`,
      detail,
    );
  return new BuildFailure(
    "unreadable",
    `${name} could not be read as an Excel workbook: ${DAMAGED_ADVICE}`,
    detail,
  );
}

/** What a build is asked for, wherever it runs. */
export interface PapersRequest {
  /** A saved mapping (object or JSON text) that overrides detection for the datasets it names. */
  readonly mapping?: SavedMapping | string;
  readonly options: PaperOptions;
  /** A Schools Block figure typed by the user in place of the workbook's (and whether it is an estimate). */
  readonly transferBase?: { readonly amount: number; readonly estimate: boolean };
  /**
   * Build even when a mapping needs confirmation; the papers built from it and the cover are then
   * stamped "unconfirmed mapping" (the list is `datasets.unconfirmed`). Default false: such a
   * build throws {@link MappingNeedsConfirmation}.
   */
  readonly acceptUncertain?: boolean;
  /** The last meeting's papers, for the movement tables (app/previous.ts); unreadable is a warning. */
  readonly previous?: PreviousPapersInput;
}

export interface PipelineProgress {
  /** 0–1 of the whole build. */
  readonly fraction: number;
  readonly step: string;
}

export interface PipelineHooks {
  readonly progress?: (p: PipelineProgress) => void;
  readonly signal?: AbortSignal;
}

/** The datasets with the user's Schools Block figure in place of the workbook's, when one is given. */
export function withTransferBase<D extends Datasets>(datasets: D, base: PapersRequest["transferBase"]): D {
  if (!base) return datasets;
  const sources = { ...datasets.assumptions.sources };
  delete sources.schoolsBlock;
  delete sources.schoolsBlockIsEstimate;
  return {
    ...datasets,
    assumptions: {
      ...datasets.assumptions,
      schoolsBlock: base.amount,
      schoolsBlockIsEstimate: base.estimate,
      sources,
    },
  };
}

/** Document properties of a papers workbook: "Northbrook Council: Schools Forum papers, 03/12/2026". */
export function papersDocProps(datasets: Datasets, options: PaperOptions): DocProps {
  const council = options.council ?? datasets.assumptions.council ?? "Council";
  const date = options.meetingDate;
  return {
    title: `${council}: Schools Forum papers${date !== undefined ? `, ${formatUkDate(date)}` : ""}`,
    subject: "Schools Forum finance papers",
    author: options.author ?? council,
    company: council,
  };
}

/**
 * A papers build as the pipeline returns it: buildPapers' result, its notices preceded by what the
 * adapter changed as it read the workbook ({@link readNotice}).
 */
export type PipelineBuild = Omit<PapersBuild, "warnings"> & { readonly warnings: readonly Notice[] };

/** The code of a notice about a cell the adapter changed as it read it (text cut to Excel's limit). */
export const CELL_CHANGED_ON_READ = "cell-changed-on-read";

/** A notice for what the adapter changed while reading one cell (the message names the cell). */
function readNotice(w: SnapshotWarning): Notice {
  return { code: CELL_CHANGED_ON_READ, message: w.message };
}

/** What to do when nothing in a workbook can be built from (the end of the one-line message). */
const NOTHING_TO_DO =
  "open the council's own workbook (the one with its budget, schools or placements tables), or map its tables by hand with forum-papers inspect and --mapping";

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError("The build was cancelled; nothing was written.");
}

/** Let a browser draw (and a Cancel click land) between steps; a no-op cost on Node. */
function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Read the datasets, build the papers and write them through a port.
 *
 * @param portFor the port to write with, given the datasets (the file adapter names the workbook
 *   after the council it found)
 * @throws BuildFailure "nothing" when no table was recognised or no paper has its data;
 *   AbortError when the signal fires (nothing has been written then, or the port has removed it)
 */
export async function buildPapersInto<R extends WriteResult>(
  snapshot: WorkbookSnapshot,
  request: PapersRequest,
  portFor: (datasets: Datasets) => WorkbookPort<R>,
  hooks: PipelineHooks = {},
): Promise<{ datasets: Datasets; build: PipelineBuild; written: R }> {
  const progress = hooks.progress ?? (() => undefined);
  progress({ fraction: 0.02, step: "Reading the tables with the mapping" });
  await tick();
  throwIfAborted(hooks.signal);
  const read = withTransferBase(
    readDatasets(snapshot, request.mapping !== undefined ? { mapping: request.mapping } : undefined),
    request.transferBase,
  );
  // Never silently wrong: a doubtful mapping is used only when the user says so, and then every
  // paper built from it says so too (house.ts, front.ts read `unconfirmed`).
  const doubtful = doubtfulFor(read.reviews, read, request.options.papers);
  if (doubtful.length > 0 && !request.acceptUncertain) throw new MappingNeedsConfirmation(doubtful);
  const unconfirmed: UnconfirmedMapping[] = doubtful.map((r) => ({
    dataset: r.dataset,
    sheet: r.sheet,
    range: r.range,
    reason: r.doubt?.reason ?? "not confirmed",
  }));
  const datasets = unconfirmed.length > 0 ? { ...read, unconfirmed } : read;
  if (datasets.mappings.length === 0) {
    // A table passed over for a reason the reader can name (a variance but no forecast) says so.
    const named = read.issues.find((i) => i.code === "variance-not-forecast");
    throw new BuildFailure(
      "nothing",
      named
        ? `no table in ${snapshot.source} could be used: ${named.message.replace(/\.$/, "")}; ${NOTHING_TO_DO}`
        : `no recognisable table in ${snapshot.source}: none of its sheets has headers like "Budget", "Forecast", "School", "Band" or "Pupils"; ${NOTHING_TO_DO}`,
    );
  }
  const n = datasets.mappings.length;
  const skipped = datasets.skipped.length;
  progress({
    fraction: 0.15,
    step: `Mapped ${n} dataset${n === 1 ? "" : "s"}, ${skipped} row${skipped === 1 ? "" : "s"} skipped; working out the papers`,
  });
  await tick();
  throwIfAborted(hooks.signal);
  const previous = request.previous ? await readPreviousPapers(request.previous) : undefined;
  const built = buildPapers(datasets, {
    // The build time for the Snapshot sheet: papers stay pure, so the clock is read here.
    builtAt: Date.now() / 86400000 + 25569,
    ...request.options,
    ...(previous?.figures ? { previous: previous.figures } : {}),
  });
  // What the adapter changed while reading (a text cut to Excel's 32,767 characters, naming its
  // source cell) is said with the build's own warnings, on the command line and in the pane.
  const readNotices = [
    ...(snapshot.warnings ?? []).map(readNotice),
    ...(previous?.notice ? [previous.notice] : []),
  ];
  const build: PipelineBuild =
    readNotices.length > 0 ? { ...built, warnings: [...readNotices, ...built.warnings] } : built;
  if (build.papers.length === 0) {
    throw new BuildFailure(
      "nothing",
      `nothing to build from ${snapshot.source}: ${noticeMessages(build.warnings).join("; ") || "none of the chosen papers has its data in this workbook"}; choose papers this workbook has the data for (--papers), or ${NOTHING_TO_DO}`,
    );
  }
  progress({ fraction: 0.25, step: "Writing the papers" });
  await tick();
  throwIfAborted(hooks.signal);
  const written = await portFor(datasets).write(
    build.sheets,
    (p) => progress({ fraction: 0.25 + (0.75 * p.done) / p.total, step: p.step }),
    hooks.signal,
  );
  throwIfAborted(hooks.signal);
  return { datasets, build, written };
}

// ---------------------------------------------------------------------------------------------
// Files: the command line

export interface FileBuildOptions {
  readonly mapping?: string;
  readonly papers?: readonly string[];
  readonly meetingDate?: Serial;
  readonly meetingName?: string;
  readonly author?: string;
  readonly status?: "draft" | "final";
  readonly transferPercent?: number;
  readonly bandingBudget?: number;
  readonly deficitScenario?: DeficitScenario;
  readonly suppressSmallNumbers?: boolean;
  /** See {@link PapersRequest.acceptUncertain}. */
  readonly acceptUncertain?: boolean;
  /** See {@link PapersRequest.previous}. */
  readonly previous?: PreviousPapersInput;
  readonly progress?: (step: string) => void;
  readonly signal?: AbortSignal;
}

export interface BuildOutcome {
  readonly source: string;
  readonly datasets: Datasets;
  readonly build: PipelineBuild;
  readonly bytes: Uint8Array;
}

/** Bytes of a council workbook in, bytes of a new papers workbook out. */
export async function buildPapersFromBytes(
  bytes: Uint8Array,
  name: string,
  options: FileBuildOptions = {},
): Promise<BuildOutcome> {
  const step = options.progress ?? (() => undefined);
  const unknown = (options.papers ?? []).filter((p) => !(PAPER_IDS as readonly string[]).includes(p));
  if (unknown.length > 0) {
    throw new BuildFailure(
      "usage",
      `unknown paper ${unknown.join(", ")}; choose from ${PAPER_IDS.join(", ")}`,
    );
  }
  step(`reading ${name}`);
  let snapshot: WorkbookSnapshot;
  try {
    snapshot = await readWorkbookFile(bytes, name);
  } catch (e) {
    throw unreadableFailure(e, name);
  }
  const paperOptions: PaperOptions = {
    papers: options.papers as PaperId[] | undefined,
    meetingDate: options.meetingDate,
    meetingName: options.meetingName,
    author: options.author,
    status: options.status,
    transferPercent: options.transferPercent,
    bandingBudget: options.bandingBudget,
    deficitScenario: options.deficitScenario,
    suppressSmallNumbers: options.suppressSmallNumbers,
  };
  const { datasets, build, written } = await buildPapersInto<XlsxWriteResult>(
    snapshot,
    {
      mapping: options.mapping,
      options: paperOptions,
      acceptUncertain: options.acceptUncertain,
      previous: options.previous,
    },
    (d) => new XlsxWorkbookPort(papersDocProps(d, paperOptions)),
    { progress: (p) => step(p.step), signal: options.signal },
  );
  return { source: name, datasets, build, bytes: written.bytes };
}
