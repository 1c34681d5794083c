/**
 * The source reader: council workbook snapshot in, typed datasets with row-level issues out.
 * See read.ts for the flow; datasets.ts and snapshot.ts are the contracts.
 */

export * from "./datasets";
export type { SheetSnapshot, WorkbookSnapshot, SnapshotValue, CellRange } from "./snapshot";
export { readDatasets, detectCandidates } from "./read";
export type { ReadOptions, SourceReport, Candidate, CandidateTable, DatasetMatch } from "./read";
export { serialiseMapping, parseSavedMapping, toSavedMapping, columnLetter, columnNumber } from "./mapping";
export type { SavedMapping, SavedDatasetMapping } from "./mapping";
export { isTotalLabel } from "./parse";
export { normaliseHeader, scoreHeader, headerScale, matchAssumptionItem, MIN_CONFIDENCE } from "./match";
export {
  reviewMapping,
  describeDoubt,
  unconfirmedMappings,
  unconfirmedStamp,
  CONFIRM_CONFIDENCE,
  FORECAST_RATIO,
} from "./crosscheck";
export type {
  MappingReview,
  Evidence,
  EvidenceCode,
  UnconfirmedMapping,
  WithUnconfirmed,
} from "./crosscheck";
export { AMOUNT_ROLE_WORDS, VARIANCE_WORDS, roleWordIn, isStatedVarianceHeader } from "./role-words";
