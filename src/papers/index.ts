/**
 * Forum papers: the council's datasets → the SheetSpecs of a Forum-ready papers workbook.
 * The workbook adapters render the specs; nothing here talks to Excel.
 */

export {
  buildPapers,
  type BuiltCheck,
  type BuiltPaper,
  type PaperNotice,
  type PaperNoticeCode,
  type PapersBuild,
} from "./build";
export {
  PAPERS,
  PAPER_IDS,
  datasetRows,
  isPaperId,
  missingDatasets,
  type PaperId,
  type PaperMeta,
  type Purpose,
  type TableDatasetId,
} from "./registry";
export { type PaperOptions, type DeficitScenario, type PaperStatus } from "./house";
export { Shorthand } from "./text";
export {
  RULES,
  RULES_SHEET,
  resolveRules,
  type ResolvedRule,
  type ResolvedRules,
  type RuleDef,
  type RuleKey,
} from "./rules";
export {
  SMALL_MAX,
  isSmallCount,
  suppress,
  suppressGroups,
  suppressList,
  suppressTwoWay,
} from "./suppression";
export { s251Code } from "./hnb-monitoring";
export * from "./spec";
