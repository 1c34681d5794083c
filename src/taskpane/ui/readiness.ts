/**
 * What stops the pane's next step, in words the pane shows beside the button it disables, and the
 * cover fields left empty (a warning, never a block). Pure, so the rules are tested without a
 * browser.
 */

import type { PapersForm } from "../options";
import type { MappingDraft, SourcesView } from "../host";

/** The datasets the draft takes from a table (not "not in this workbook"). */
export function mappedCount(draft: MappingDraft): number {
  return Object.values(draft).filter((d) => d !== undefined && d.table !== null).length;
}

/** Whether a read workbook holds nothing the pane can use: no dataset is mapped. */
export function nothingRecognised(view: SourcesView, draft: MappingDraft): boolean {
  return mappedCount(draft) === 0 || view.tables.length === 0;
}

/** The state of the Sources step the blockers need. */
export interface SourcesFacts {
  /** "empty", "reading", "error" or "ready". */
  readonly status: string;
  /** Ready only: nothing in the workbook was recognised as a dataset. */
  readonly nothingRecognised?: boolean;
  /** Ready only: problems in the mapping (required columns not chosen, a column chosen twice). */
  readonly problemCount?: number;
}

/**
 * Why the mapping cannot be used yet (the "Use this mapping" and "Save mapping" buttons), or
 * undefined when it can.
 */
export function mappingBlocker(facts: SourcesFacts): string | undefined {
  if (facts.status === "reading") return "Wait until the workbook has been read.";
  if (facts.status !== "ready") return "Open a council workbook first.";
  if (facts.nothingRecognised)
    return "Nothing in this workbook was recognised, so there is no mapping to use. Open another workbook, or point a dataset at a table below.";
  const n = facts.problemCount ?? 0;
  if (n > 0) return `Fix the ${n === 1 ? "problem" : `${n} problems`} shown in the mapping first.`;
  return undefined;
}

/**
 * Why the papers cannot be built yet, or undefined when they can.
 *
 * @param facts the Sources step's state
 * @param formReady the Papers step's form gives a request (at least one paper, no field in error)
 */
export function buildBlocker(facts: SourcesFacts, formReady: boolean): string | undefined {
  if (facts.status === "reading") return "Wait until the workbook has been read (step 1, Sources).";
  if (facts.status !== "ready") return "Open a council workbook first (step 1, Sources).";
  if (facts.nothingRecognised)
    return "Nothing in this workbook was recognised, so there is nothing to build from (step 1, Sources).";
  if ((facts.problemCount ?? 0) > 0) return "Fix the problems in the mapping first (step 1, Sources).";
  if (!formReady) return "Fix the fields marked in step 2, Papers, first.";
  return undefined;
}

/** The cover fields the form leaves empty, by their labels in the form ("Meeting date"). */
export function emptyCoverFields(
  form: Pick<PapersForm, "meetingName" | "meetingDate" | "author" | "paperRef">,
): string[] {
  const fields: [string, string][] = [
    ["Meeting title", form.meetingName],
    ["Meeting date", form.meetingDate],
    ["Author", form.author],
    ["Paper reference", form.paperRef],
  ];
  return fields.filter(([, value]) => value.trim() === "").map(([label]) => label);
}

/** "Author", "Author and Meeting date", "Author, Meeting date and Paper reference". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** A file size for reading: "812 bytes", "48 KB", "1.4 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
