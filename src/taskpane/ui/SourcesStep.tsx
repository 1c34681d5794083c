/** Step 1: open or read the workbook, see the tables found, confirm or correct the mapping. */
import {
  Badge,
  Button,
  Label,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@fluentui/react-components";
import type { HostCapabilities, SourcesView, TableView } from "../host";
import type { Sources } from "../hooks/useSources";
import { DownloadLink, Message, Part, StepSection, plural } from "./common";
import { MappingEditor } from "./MappingEditor";
import { useStyles } from "./styles";

export function SourcesStep(props: {
  sources: Sources;
  capabilities: HostCapabilities;
  onContinue: () => void;
}) {
  const s = useStyles();
  const { sources, capabilities } = props;
  const { state } = sources;
  const problemCount = Object.values(sources.problems).reduce((n, p) => n + (p?.length ?? 0), 0);
  return (
    <StepSection id="sources" title="1. Sources">
      <p className={s.p}>
        {capabilities.opensFiles
          ? "Open the council's workbook (.xlsx). It is read in this browser and never sent anywhere."
          : "Forum Papers reads the tables in this workbook. It never changes them: built papers go on new sheets."}
      </p>
      {capabilities.opensFiles ? (
        <div className={s.row}>
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
        <div role="status">
          <Spinner size="small" label={`Reading ${state.fileName ?? "the workbook"}…`} />
        </div>
      ) : null}
      {state.status === "error" ? (
        <Message intent="error" title="This workbook cannot be used">
          {state.message}
        </Message>
      ) : null}

      {state.status === "ready" ? (
        <>
          <Message intent="success" title={`Read ${state.view.workbook}`}>
            {summary(state.view)}
          </Message>
          {state.view.notes.length > 0 ? (
            <Part title="Notes on this workbook">
              <ul className={s.list}>
                {state.view.notes.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            </Part>
          ) : null}
          <TablesFound view={state.view} />
          <MappingEditor
            view={state.view}
            draft={state.draft}
            problems={sources.problems}
            sources={sources}
          />
          <div className={s.row}>
            <Button appearance="primary" disabled={problemCount > 0} onClick={props.onContinue}>
              Use this mapping
            </Button>
            <Button
              onClick={() => void sources.saveMapping()}
              disabled={sources.save.status === "saving" || problemCount > 0}
            >
              Save mapping in the workbook
            </Button>
          </div>
          {problemCount > 0 ? (
            <p className={s.small}>
              Fix the {plural(problemCount, "problem")} shown in the mapping to continue.
            </p>
          ) : null}
          {sources.save.status === "saving" ? (
            <div role="status">
              <Spinner size="tiny" label="Saving the mapping…" />
            </div>
          ) : null}
          {sources.save.status === "saved" ? (
            <Message intent="success" title="Mapping saved">
              {sources.save.result.message}{" "}
              {sources.save.result.download ? (
                <DownloadLink
                  download={sources.save.result.download}
                  label={`Download ${sources.save.result.download.fileName}`}
                />
              ) : null}
            </Message>
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
  const mapped = Object.values(view.draft).filter((d) => d && d.table !== null).length;
  return `${plural(view.tables.length, "table")} found; ${plural(mapped, "dataset")} mapped${
    view.savedMapping ? " using the mapping saved in the workbook" : " automatically"
  }. Check the mapping below, then continue.`;
}

function recognisedText(t: TableView, view: SourcesView): string {
  const label = (id: string) => view.datasets.find((d) => d.id === id)?.label ?? id;
  if (t.recognisedAs) return label(t.recognisedAs);
  if (t.bestGuess) return `Not used (looks a little like ${label(t.bestGuess)})`;
  return "Not recognised";
}

function TablesFound(props: { view: SourcesView }) {
  const s = useStyles();
  const { view } = props;
  return (
    <Part title="Tables found">
      <div className={s.tableWrap}>
        <Table size="small" aria-label="Tables found in the workbook">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Table</TableHeaderCell>
              <TableHeaderCell>Recognised as</TableHeaderCell>
              <TableHeaderCell>How sure</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {view.tables.map((t) => (
              <TableRow key={t.id}>
                <TableCell>
                  {`${t.sheet}!${t.range}`}
                  <span className={s.detail}>
                    {`${plural(t.dataRows, "row")}${t.sheetHidden ? ", hidden sheet" : ""}`}
                  </span>
                </TableCell>
                <TableCell>{recognisedText(t, view)}</TableCell>
                <TableCell>
                  <Badge
                    appearance="tint"
                    color={
                      t.sureness === "High" ? "success" : t.sureness === "Medium" ? "warning" : "informative"
                    }
                  >
                    {`${t.sureness} (${Math.round(t.confidence * 100)}%)`}
                  </Badge>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </Part>
  );
}
