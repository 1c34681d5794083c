/**
 * Something a user should know about a read or a build that is not an error: a dataset not found,
 * a column scaled from £000, a paper left out for want of its data. Every layer says these the same
 * way so that the command line, the pane and the tests can act on the code and show the message;
 * nothing matches a notice by its wording.
 */
export interface Notice<Code extends string = string> {
  /** What happened, as a stable kebab-case word ("dataset-missing", "scaled-thousands"). */
  readonly code: Code;
  /** The dataset it is about, when it is about one (a DatasetId). */
  readonly dataset?: string;
  /** The paper it is about, when it is about one (a PaperId). */
  readonly paper?: string;
  /** The sentence shown to the user: what happened and, where there is one, what to do. */
  readonly message: string;
}

/** The messages of some notices, for a report that shows them as lines. */
export function noticeMessages(notices: readonly Notice[]): string[] {
  return notices.map((notice) => notice.message);
}
