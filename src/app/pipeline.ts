/**
 * The build pipeline shared by the command line (and the browser preview): bytes of a council
 * workbook in, bytes of a papers workbook out, with everything learned on the way (mappings, rows
 * used and skipped, checks). Pure of the file system: callers read and write files.
 */

import type { Serial } from "../core/dates";
import { formatUkDate } from "../core/dates";
import type { Datasets } from "../sources/datasets";
import { readDatasets } from "../sources";
import { buildPapers, type PapersBuild, type PaperId } from "../papers";
import { readWorkbookFile, WorkbookReadError } from "../workbook/xlsx/read";
import { writePapersWorkbook } from "../workbook/xlsx/write";

export interface PipelineOptions {
  readonly mapping?: string;
  readonly papers?: readonly string[];
  readonly meetingDate?: Serial;
  readonly meetingName?: string;
  readonly author?: string;
  readonly status?: "draft" | "final";
  readonly transferPercent?: number;
  readonly suppressSmallNumbers?: boolean;
  readonly progress?: (step: string) => void;
  readonly signal?: AbortSignal;
}

export interface BuildOutcome {
  readonly source: string;
  readonly datasets: Datasets;
  readonly build: PapersBuild;
  readonly bytes: Uint8Array;
}

/** An expected failure with a one-line reason: unreadable input, bad options, nothing to build. */
export class BuildFailure extends Error {
  override name = "BuildFailure";
  constructor(
    readonly kind: "unreadable" | "usage" | "nothing",
    message: string,
  ) {
    super(message);
  }
}

export const PAPER_IDS: readonly PaperId[] = [
  "hnb-monitoring",
  "dsg-summary",
  "deficit-plan",
  "transfer-impact",
  "banding-review",
  "placement-summary",
];

export async function buildPapersFromBytes(
  bytes: Uint8Array,
  name: string,
  options: PipelineOptions = {},
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
  let snapshot;
  try {
    snapshot = await readWorkbookFile(bytes, name);
  } catch (e) {
    if (e instanceof WorkbookReadError) throw new BuildFailure("unreadable", e.message);
    throw e;
  }

  step("finding and mapping tables");
  const datasets = readDatasets(snapshot, options.mapping ? { mapping: options.mapping } : undefined);
  const found = datasets.mappings.length;
  if (found === 0) {
    throw new BuildFailure(
      "nothing",
      `no recognisable table in ${name}: none of its sheets has headers like "Budget", "Forecast", "School", "Band" or "Pupils"`,
    );
  }
  step(
    `mapped ${found} dataset${found === 1 ? "" : "s"}; ${datasets.skipped.length} row${datasets.skipped.length === 1 ? "" : "s"} skipped`,
  );

  step("building papers");
  const build = buildPapers(datasets, {
    papers: options.papers as PaperId[] | undefined,
    meetingDate: options.meetingDate,
    meetingName: options.meetingName,
    author: options.author,
    status: options.status,
    transferPercent: options.transferPercent,
    suppressSmallNumbers: options.suppressSmallNumbers,
  });
  if (build.papers.length === 0) {
    throw new BuildFailure(
      "nothing",
      `nothing to build from ${name}: ${build.warnings.join("; ") || "no paper's data was found"}`,
    );
  }

  const council = datasets.assumptions.council ?? "Council";
  const out = await writePapersWorkbook(
    build.sheets,
    {
      title: `${council}: Schools Forum papers${options.meetingDate ? `, ${formatUkDate(options.meetingDate)}` : ""}`,
      subject: "Schools Forum finance papers",
      author: options.author ?? council,
      company: council,
    },
    (p) => step(`writing ${p.step} (${p.done}/${p.total})`),
    options.signal,
  );
  return { source: name, datasets, build, bytes: out };
}
