/**
 * Shared layout styles for the pane (Fluent tokens, so both themes work). Laid out for a task pane
 * first (320–400 px wide), then widened: nothing is wider than the pane, lists of records stack
 * their fields instead of forming narrow table columns, and only file names and formulas (tokens a
 * reader copies, which may be longer than the pane) may break between any two characters.
 */
import { makeStyles, tokens } from "@fluentui/react-components";

export const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    minHeight: "100vh",
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  header: {
    paddingTop: tokens.spacingVerticalM,
    paddingLeft: tokens.spacingHorizontalL,
    paddingRight: tokens.spacingHorizontalL,
  },
  h1: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
  tagline: {
    margin: `${tokens.spacingVerticalXS} 0 0`,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  tabs: {
    paddingLeft: tokens.spacingHorizontalXS,
    paddingRight: tokens.spacingHorizontalXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  /** Five tabs share the strip; each may shrink (its padding first) so the strip fits 320 px. */
  tabList: {
    "& > .fui-Tab": {
      flexGrow: 1,
      flexShrink: 1,
      minWidth: 0,
      justifyContent: "center",
      paddingLeft: tokens.spacingHorizontalXS,
      paddingRight: tokens.spacingHorizontalXS,
    },
  },
  main: {
    flexGrow: 1,
    paddingTop: tokens.spacingVerticalM,
    paddingBottom: tokens.spacingVerticalXXL,
    paddingLeft: tokens.spacingHorizontalL,
    paddingRight: tokens.spacingHorizontalL,
    maxWidth: "760px",
    boxSizing: "border-box",
    width: "100%",
    minWidth: 0,
  },
  h2: {
    marginTop: 0,
    marginBottom: tokens.spacingVerticalS,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  h3: {
    marginTop: tokens.spacingVerticalL,
    marginBottom: tokens.spacingVerticalS,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    fontWeight: tokens.fontWeightSemibold,
  },
  p: {
    marginTop: 0,
    marginBottom: tokens.spacingVerticalS,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
  },
  small: {
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  stack: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
  },
  row: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalS,
  },
  fields: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(min(220px, 100%), 1fr))",
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalM,
    // Grid items may shrink below their content (a select with long options), never overflow.
    "& > *": { minWidth: 0 },
  },
  /** A select that fits its column however long its options are (the text is cut with "…"). */
  select: {
    minWidth: 0,
    width: "100%",
    "& select": { minWidth: 0, maxWidth: "100%", textOverflow: "ellipsis" },
  },
  fieldset: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalM}`,
  },
  legend: {
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase300,
    paddingLeft: tokens.spacingHorizontalXS,
    paddingRight: tokens.spacingHorizontalXS,
  },
  /**
   * A paper: its checkbox and title, the purpose under it (indented to the title) in a narrow pane;
   * side by side once there is room for both.
   */
  paperRow: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr)",
    rowGap: tokens.spacingVerticalXXS,
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
    "@media (min-width: 560px)": {
      gridTemplateColumns: "minmax(0, 1fr) 190px",
      alignItems: "center",
      columnGap: tokens.spacingHorizontalM,
    },
  },
  paperPurpose: {
    marginLeft: "36px",
    maxWidth: "240px",
    "@media (min-width: 560px)": { marginLeft: 0, maxWidth: "none" },
  },
  /** A list of records (tables found, rows not used, …): each record a block of labelled lines. */
  records: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    "& > li": {
      borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
      paddingTop: tokens.spacingVerticalS,
      paddingBottom: tokens.spacingVerticalS,
      overflowWrap: "break-word",
    },
  },
  recordTitle: {
    display: "block",
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase300,
    // A sheet name and range is one token for the reader: it breaks only when longer than the pane.
    overflowWrap: "break-word",
  },
  recordLine: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
    fontSize: tokens.fontSizeBase200,
    marginTop: tokens.spacingVerticalXXS,
  },
  recordLabel: {
    color: tokens.colorNeutralForeground2,
  },
  /** A button and, under it, why it cannot be used. */
  action: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    rowGap: tokens.spacingVerticalXS,
    minWidth: 0,
    maxWidth: "100%",
  },
  reason: {
    margin: 0,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  downloadButton: {
    maxWidth: "100%",
    textAlign: "left",
    justifyContent: "flex-start",
    height: "auto",
    paddingTop: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalS,
  },
  downloadDetail: {
    display: "block",
    fontWeight: tokens.fontWeightRegular,
    fontSize: tokens.fontSizeBase200,
    // A file name is a token the user may need to find; a long one breaks rather than overflows.
    overflowWrap: "anywhere",
  },
  list: {
    marginTop: 0,
    paddingLeft: tokens.spacingHorizontalXL,
  },
  steps: {
    marginTop: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    "& li": { marginBottom: tokens.spacingVerticalXS },
  },
  detail: {
    display: "block",
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  result: {
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
  fileInput: {
    fontSize: tokens.fontSizeBase300,
    color: tokens.colorNeutralForeground1,
  },
  /** A formula: it may break anywhere, as it is longer than the pane more often than not. */
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: "anywhere",
  },
});
