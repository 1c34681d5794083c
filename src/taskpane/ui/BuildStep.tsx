/** Step 3: the build's progress with Cancel; then the sheets built, the checks and the rows not used. */
import {
  Button,
  Field,
  Link,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@fluentui/react-components";
import type { BuildResult, Host } from "../host";
import type { Build } from "../hooks/useBuild";
import { DownloadLink, Message, Part, StepSection, plural } from "./common";
import { useStyles } from "./styles";

/** Rows not used shown at once; the rest are counted. */
const MAX_SKIPPED = 200;

export function BuildStep(props: { build: Build; host: Host; canBuild: boolean; onBuild: () => void }) {
  const s = useStyles();
  const { state } = props.build;
  const running = state.status === "running" || state.status === "cancelling";
  return (
    <StepSection id="build" title="3. Build">
      {state.status === "idle" ? (
        <>
          <p className={s.p}>
            {props.host.capabilities.downloads
              ? "The papers are built into a new workbook for you to download."
              : "The papers are added to this workbook as new sheets; a rebuild replaces only the sheets Forum Papers built."}
          </p>
          <div className={s.row}>
            <Button appearance="primary" disabled={!props.canBuild} onClick={props.onBuild}>
              Build the papers
            </Button>
          </div>
          {!props.canBuild ? (
            <p className={s.small}>Read a workbook (step 1) and choose the papers (step 2) first.</p>
          ) : null}
        </>
      ) : null}

      {running ? (
        <div className={s.stack}>
          <Field label="Building the papers" validationMessage={state.progress.step} validationState="none">
            <ProgressBar value={state.progress.fraction} max={1} thickness="large" />
          </Field>
          <p role="status" className={s.small}>
            {state.status === "cancelling"
              ? "Cancelling…"
              : `${Math.round(state.progress.fraction * 100)}% done: ${state.progress.step}`}
          </p>
          <div className={s.row}>
            <Button onClick={props.build.cancel} disabled={state.status === "cancelling"}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}

      {state.status === "cancelled" ? (
        <>
          <Message intent="warning" title="Build cancelled">
            {props.host.capabilities.downloads
              ? "Nothing was written, so there is nothing to download."
              : "Nothing was left behind: any sheets the build had added were removed."}
          </Message>
          <div className={s.row}>
            <Button appearance="primary" disabled={!props.canBuild} onClick={props.onBuild}>
              Build again
            </Button>
          </div>
        </>
      ) : null}

      {state.status === "error" ? (
        <>
          <Message intent="error" title="The papers were not built">
            {state.message}
          </Message>
          <div className={s.row}>
            <Button disabled={!props.canBuild} onClick={props.onBuild}>
              Try again
            </Button>
          </div>
        </>
      ) : null}

      {state.status === "done" ? (
        <BuildDone result={state.result} host={props.host} onBuild={props.onBuild} />
      ) : null}
    </StepSection>
  );
}

function BuildDone(props: { result: BuildResult; host: Host; onBuild: () => void }) {
  const s = useStyles();
  const { result, host } = props;
  const failed = result.checks.filter((c) => !c.passed);
  const passed = result.checks.filter((c) => c.passed);
  const nav = host.capabilities.canNavigate;
  return (
    <>
      <Message
        intent={failed.length ? "warning" : "success"}
        title={`Built ${plural(result.papers.length, "paper")}`}
      >
        {`${plural(result.sheets.length, "sheet")} written; ${plural(result.checks.length - failed.length, "check")} passed${
          failed.length ? `, ${failed.length} failed (see below)` : ""
        }; ${plural(result.skipped.length, "source row")} not used.`}
      </Message>
      {result.download ? (
        <div className={s.row}>
          <DownloadLink
            download={result.download}
            label={`Download the papers (${result.download.fileName})`}
          />
        </div>
      ) : null}

      <Part title="Sheets built">
        <ul className={s.list}>
          {result.sheets.map((sheet) => (
            <li key={sheet.name}>
              {nav ? (
                <Link as="button" onClick={() => void host.showSheet(sheet.name)}>
                  {sheet.name}
                </Link>
              ) : (
                sheet.name
              )}
              {sheet.title ? <span className={s.small}>{` (${sheet.title})`}</span> : null}
            </li>
          ))}
        </ul>
      </Part>

      {result.warnings.length > 0 ? (
        <Part title="Warnings">
          <ul className={s.list}>
            {result.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </Part>
      ) : null}

      <Part title="Checks">
        {result.checks.length === 0 ? <p className={s.p}>No checks were made.</p> : null}
        {failed.length > 0 ? (
          <ul className={s.list} aria-label="Checks that failed">
            {failed.map((c) => (
              <li key={c.id}>
                <strong>Failed</strong>
                {` ${c.id}: ${c.text}`}
              </li>
            ))}
          </ul>
        ) : null}
        {passed.length > 0 ? (
          <details>
            <summary className={s.p}>{`${plural(passed.length, "check")} passed`}</summary>
            <ul className={s.list} aria-label="Checks that passed">
              {passed.map((c) => (
                <li key={c.id}>{`${c.id}: ${c.text}`}</li>
              ))}
            </ul>
          </details>
        ) : null}
      </Part>

      <Part
        title={`Rows not used (${result.skipped.length.toLocaleString("en-GB")})`}
        id="part-rows-not-used"
      >
        {result.skipped.length === 0 ? (
          <p className={s.p}>Every data row was used.</p>
        ) : (
          <div className={s.tableWrap}>
            <Table size="small" aria-label="Source rows not used, with the reason">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Where</TableHeaderCell>
                  <TableHeaderCell>Dataset</TableHeaderCell>
                  <TableHeaderCell>Why it was not used</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {result.skipped.slice(0, MAX_SKIPPED).map((r, i) => (
                  <TableRow key={`${r.sheet}-${r.row}-${i}`}>
                    <TableCell>
                      {nav ? (
                        <Link as="button" onClick={() => void host.showSourceRow(r.sheet, r.row)}>
                          {`${r.sheet}, row ${r.row}`}
                        </Link>
                      ) : (
                        `${r.sheet}, row ${r.row}`
                      )}
                    </TableCell>
                    <TableCell>{r.dataset}</TableCell>
                    <TableCell>{r.reason}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        {result.skipped.length > MAX_SKIPPED ? (
          <p className={s.small}>…and {plural(result.skipped.length - MAX_SKIPPED, "more row")}.</p>
        ) : null}
      </Part>

      <div className={s.row}>
        <Button onClick={props.onBuild}>Build again</Button>
      </div>
    </>
  );
}
