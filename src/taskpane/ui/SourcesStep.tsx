/** Step 1: open or read the workbook, see the tables found, confirm or correct the mapping. */
import { Badge, Button, Label } from "@fluentui/react-components";
import type { HostCapabilities, SourcesView, TableView } from "../host";
import type { Sources } from "../hooks/useSources";
import { ActionButton, Busy, DownloadButton, Message, Part, StepSection, plural } from "./common";
import { MappingEditor } from "./MappingEditor";
import { SourcesEvidence } from "./SourcesEvidence";
import { mappedCount, mappingBlocker, type SourcesFacts } from "./readiness";
import { useStyles } from "./styles";

export function SourcesStep(props: {
  sources: Sources;
  facts: SourcesFacts;
  capabilities: HostCapabilities;
  onContinue: () => void;
}) {
  const s = useStyles();
  const { sources, capabilities, facts } = props;
  const { state } = sources;
  const blocked = mappingBlocker(facts);
  return (
    <StepSection id="sources" title="1. Sources">
      <p className={s.p}>
        {capabilities.opensFiles
          ? "Open the council's workbook (.xlsx). It is read in this browser and never sent anywhere."
          : "Forum Papers reads the tables in this workbook. It never changes them: built papers go on new sheets."}
      </p>
      {capabilities.opensFiles ? (
        <div className={s.stack}>
          <Label htmlFor="workbook-file" weight="semibold">
            Council workbook (.xlsx)
          </Label>
          <input
            id="workbook-file"
            className={s.fileInput}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void sources.read(file);
            }}
          />
        </div>
      ) : (
        <div className={s.row}>
          <Button
            appearance="primary"
            onClick={() => void sources.read()}
            disabled={state.status === "reading"}
          >
            {state.status === "ready" ? "Read the workbook again" : "Read this workbook"}
          </Button>
        </div>
      )}

      {state.status === "reading" ? (
        <Busy size="small" label={`Reading ${state.fileName ?? "the workbook"}…`} />
      ) : null}
      {state.status === "error" ? (
        <Message intent="error" title="This workbook cannot be used">
          {state.message}
        </Message>
      ) : null}

      {state.status === "ready" ? (
        <>
          {facts.nothingRecognised ? (
            <NothingRecognised view={state.view} />
          ) : (
            <Message intent="success" title={`Read ${state.view.workbook}`}>
              {summary(state.view)}
            </Message>
          )}
          {state.view.needsConfirmation.length > 0 ? (
            <Message intent="warning" title="Needs your confirmation">
              <ul className={s.list}>
                {state.view.needsConfirmation.map((c) => (
                  <li key={c.dataset}>{c.message}</li>
                ))}
              </ul>
              Check those columns in the mapping below and correct them if they are wrong. &ldquo;Use this
              mapping&rdquo; confirms them; the papers are then built from the columns shown.
            </Message>
          ) : null}
          {/* With no table at all, the notes only repeat "no table looked like …" for each dataset. */}
          {state.view.notes.length > 0 && state.view.tables.length > 0 ? (
            <Part title="Notes on this workbook">
              <ul className={s.list}>
                {state.view.notes.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            </Part>
          ) : null}
          {state.view.tables.length > 0 ? (
            <>
              <TablesFound view={state.view} />
              <MappingEditor
                view={state.view}
                draft={state.draft}
                problems={sources.problems}
                sources={sources}
              />
            </>
          ) : null}
          <div className={s.row}>
            <ActionButton id="use-mapping" primary blocked={blocked} onClick={props.onContinue}>
              Use this mapping
            </ActionButton>
            <ActionButton
              id="save-mapping"
              blocked={blocked}
              busy={sources.save.status === "saving"}
              onClick={() => void sources.saveMapping()}
            >
              {capabilities.downloads ? "Save mapping (downloads a copy)" : "Save mapping in the workbook"}
            </ActionButton>
          </div>
          {sources.save.status === "saving" ? <Busy label="Saving the mapping…" /> : null}
          {sources.save.status === "saved" ? (
            <>
              <Message intent="success" title="Mapping saved">
                {sources.save.result.message}
              </Message>
              {sources.save.result.download ? (
                <DownloadButton
                  download={sources.save.result.download}
                  label="Download the copy with the mapping"
                  primary={false}
                />
              ) : null}
            </>
          ) : null}
          {sources.save.status === "error" ? (
            <Message intent="error" title="The mapping was not saved">
              {sources.save.message}
            </Message>
          ) : null}
        </>
      ) : null}
    </StepSection>
  );
}

function summary(view: SourcesView): string {
  const mapped = mappedCount(view.draft);
  return `${plural(view.tables.length, "table")} found; ${plural(mapped, "dataset")} mapped${
    view.savedMapping ? " using the mapping saved in the workbook" : " automatically"
  }. Check the mapping below, then continue.`;
}

/** A workbook with nothing the pane can use: say so, what it looks for, and what to do. */
function NothingRecognised(props: { view: SourcesView }) {
  const s = useStyles();
  const { view } = props;
  return (
    <Message intent="warning" title={`Nothing was recognised in ${view.workbook}`}>
      <p className={s.p}>
        {view.tables.length === 0
          ? "It has no table with a header row for Forum Papers to read, so no paper can be built from it."
          : `It has ${plural(view.tables.length, "table")}, but none looks like the data Forum Papers needs, so no paper can be built from it yet.`}
      </p>
      <p className={s.p}>
        Forum Papers looks for tables with a row of column headings (such as a budget line, a budget and a
        forecast) holding: {view.datasets.map((d) => d.label).join("; ")}.
      </p>
      <p className={s.p}>
        {view.tables.length === 0
          ? "Open the council's DSG or high needs workbook instead."
          : "Open the council's DSG or high needs workbook instead, or, if the data is here under other headings, choose its table for a dataset in the mapping below."}
      </p>
    </Message>
  );
}

function recognisedText(t: TableView, view: SourcesView): string {
  const label = (id: string) => view.datasets.find((d) => d.id === id)?.label ?? id;
  if (t.recognisedAs) return label(t.recognisedAs);
  if (t.bestGuess) return `Not used (looks a little like ${label(t.bestGuess)})`;
  return "Not recognised";
}

/**
 * The tables found, one record each: where, how many rows, what it was recognised as, how sure,
 * and for a table the read uses, why (field by field, as `forum-papers inspect` says it).
 */
function TablesFound(props: { view: SourcesView }) {
  const s = useStyles();
  const { view } = props;
  return (
    <Part title="Tables found">
      <ul className={s.records} aria-label="Tables found in the workbook">
        {view.tables.map((t) => (
          <li key={t.id}>
            <span className={s.recordTitle}>{`${t.sheet}!${t.range}`}</span>
            <span className={s.recordLine}>
              <span className={s.recordLabel}>
                {`${plural(t.dataRows, "row")}${t.sheetHidden ? ", on a hidden sheet" : ""}`}
              </span>
            </span>
            <span className={s.recordLine}>
              <span>{recognisedText(t, view)}</span>
              <Badge
                appearance="tint"
                color={
                  t.sureness === "High" ? "success" : t.sureness === "Medium" ? "warning" : "informative"
                }
              >
                {`${t.sureness} (${Math.round(t.confidence * 100)}%)`}
              </Badge>
            </span>
            {t.evidence ? (
              <SourcesEvidence
                evidence={t.evidence}
                label={view.datasets.find((d) => d.id === t.evidence?.dataset)?.label ?? t.evidence.dataset}
                tableName={`${t.sheet}!${t.range}`}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </Part>
  );
}
