/**
 * Under a table the read used: why it was read as its dataset, field by field, as
 * `forum-papers inspect` tells it (the header's score against the field's wordings, what the
 * column holds, the cross-checks on it), in a disclosure that starts closed so the list of tables
 * stays short. Each field is a block of lines, never a table, so it fits a 320 px pane.
 */
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel } from "@fluentui/react-components";
import type { TableView } from "../host";
import { useStyles } from "./styles";

// The evidence's shapes, as the host hands them to the pane (sources-view.ts builds them).
type TableEvidenceView = NonNullable<TableView["evidence"]>;
type FieldEvidenceView = TableEvidenceView["fields"][number];
type CheckLine = FieldEvidenceView["checks"][number];

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** "Passed" or "Failed" in words before each check, so it reads the same without colour. */
function Check(props: { check: CheckLine }) {
  const s = useStyles();
  const { check } = props;
  return (
    <li data-evidence={check.code}>
      <span className={s.recordLabel}>{check.ok ? "Passed: " : "Failed: "}</span>
      {check.message}
    </li>
  );
}

function Field(props: { field: FieldEvidenceView }) {
  const s = useStyles();
  const { field } = props;
  return (
    <li>
      <span className={s.recordTitle}>
        {`${field.label}: column ${field.column}`}
        {field.header ? ` “${field.header}”` : ""}
      </span>
      <span className={s.recordLine}>
        <span className={s.recordLabel}>Header fits</span>
        <span>{pct(field.headerScore)}</span>
      </span>
      {field.content ? (
        <span className={s.recordLine}>
          <span className={s.recordLabel}>Holds</span>
          <span>{field.content}</span>
        </span>
      ) : null}
      {field.checks.length > 0 ? (
        <ul className={s.list} aria-label={`Checks on ${field.label}`}>
          {field.checks.map((c, i) => (
            <Check key={i} check={c} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/**
 * The evidence for one table.
 *
 * @param label the dataset's label ("High Needs Block budget lines")
 * @param tableName "Sheet!A4:H22", for the lists' accessible names
 */
export function SourcesEvidence(props: { evidence: TableEvidenceView; label: string; tableName: string }) {
  const s = useStyles();
  const { evidence, label, tableName } = props;
  const failed = [...evidence.checks, ...evidence.fields.flatMap((f) => f.checks)].filter(
    (c) => !c.ok,
  ).length;
  return (
    <Accordion collapsible>
      <AccordionItem value="evidence">
        {/* Its name is its words: each dataset has one table, so it is unique in the list. */}
        <AccordionHeader size="small">
          {`Why it was read as ${label}${failed > 0 ? ` (${failed} check${failed === 1 ? "" : "s"} failed)` : ""}`}
        </AccordionHeader>
        <AccordionPanel>
          <p className={s.small}>
            {`${evidence.origin === "saved" ? "Mapped by the saved mapping" : `Confidence ${pct(evidence.confidence)}`}${
              evidence.needsConfirmation ? "; needs your confirmation" : ""
            }.`}
          </p>
          {evidence.checks.length > 0 ? (
            <ul className={s.list} aria-label={`Checks on ${tableName}`}>
              {evidence.checks.map((c, i) => (
                <Check key={i} check={c} />
              ))}
            </ul>
          ) : null}
          <ul className={s.records} aria-label={`Evidence for each field of ${tableName}`}>
            {evidence.fields.map((f) => (
              <Field key={f.field} field={f} />
            ))}
          </ul>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
