/** Step 3: the build's progress with Cancel; then the sheets built, the checks and the rows not used. */
import * as React from "react";
import { Button, Link, ProgressBar } from "@fluentui/react-components";
import type { BuildResult, Host } from "../host";
import type { Build } from "../hooks/useBuild";
import { ActionButton, DownloadButton, Message, Part, StepSection, plural } from "./common";
import { listInWords } from "./readiness";
import { useStyles } from "./styles";

/** Rows not used shown at once; the rest are counted. */
const MAX_SKIPPED = 200;

export function BuildStep(props: {
  build: Build;
  host: Host;
  /** Why the papers cannot be built now (shown beside the button), or undefined. */
  blocked: string | undefined;
  /** Cover fields left empty (a warning, not a block). */
  emptyCover: readonly string[];
  onBuild: () => void;
}) {
  const s = useStyles();
  const { state } = props.build;
  const running = state.status === "running" || state.status === "cancelling";
  // When a build ends, focus moves to what it gave: the result, or why there is none.
  React.useEffect(() => {
    if (state.status === "done" || state.status === "error" || state.status === "cancelled")
      document.getElementById(RESULT_ID)?.focus();
  }, [state.status]);
  return (
    <StepSection id="build" title="3. Build">
      {state.status === "idle" ? (
        <>
          <p className={s.p}>
            {props.host.capabilities.downloads
              ? "The papers are built into a new workbook for you to download."
              : "The papers are added to this workbook as new sheets; a rebuild replaces only the sheets Forum Papers built."}
          </p>
          {props.blocked === undefined ? <CoverNote empty={props.emptyCover} /> : null}
          <ActionButton id="build-start" primary blocked={props.blocked} onClick={props.onBuild}>
            Build the papers
          </ActionButton>
        </>
      ) : null}

      {running ? (
        <div className={s.stack}>
          <ProgressBar
            aria-label="Building the papers"
            value={state.progress.fraction}
            max={1}
            thickness="large"
          />
          <p role="status" className={s.p}>
            {state.status === "cancelling"
              ? "Cancelling…"
              : `Building the papers: ${Math.round(state.progress.fraction * 100)}% done. ${state.progress.step}.`}
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
          <Message intent="warning" title="Build cancelled" titleId={RESULT_ID}>
            {props.host.capabilities.downloads
              ? "Nothing was written, so there is nothing to download."
              : "Nothing was left behind: any sheets the build had added were removed."}
          </Message>
          <ActionButton id="build-again" primary blocked={props.blocked} onClick={props.onBuild}>
            Build again
          </ActionButton>
        </>
      ) : null}

      {state.status === "error" ? (
        <>
          <Message intent="error" title="The papers were not built" titleId={RESULT_ID}>
            {state.message}
          </Message>
          <ActionButton id="build-retry" blocked={props.blocked} onClick={props.onBuild}>
            Try again
          </ActionButton>
        </>
      ) : null}

      {state.status === "done" ? (
        <BuildDone result={state.result} host={props.host} blocked={props.blocked} onBuild={props.onBuild} />
      ) : null}
    </StepSection>
  );
}

/** The id of the build's outcome title, which takes focus when a build ends. */
const RESULT_ID = "build-result";

function CoverNote(props: { empty: readonly string[] }) {
  if (props.empty.length === 0) return null;
  const n = props.empty.length;
  return (
    <Message intent="warning" polite title={`${n === 1 ? "A cover field is" : "Cover fields are"} empty`}>
      {`${listInWords(props.empty)} ${n === 1 ? "is" : "are"} not filled in (step 2, Papers), so the papers will show "[x] not given" for ${n === 1 ? "it" : "them"}. You can still build.`}
    </Message>
  );
}

function BuildDone(props: {
  result: BuildResult;
  host: Host;
  blocked: string | undefined;
  onBuild: () => void;
}) {
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
        titleId={RESULT_ID}
      >
        {`${plural(result.sheets.length, "sheet")} written; ${plural(result.checks.length - failed.length, "check")} passed${
          failed.length ? `, ${failed.length} failed (see below)` : ""
        }; ${plural(result.skipped.length, "source row")} not used.`}
      </Message>
      {result.download ? <DownloadButton download={result.download} label="Download the papers" /> : null}

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
                <strong>Failed: </strong>
                {c.text}
                <span className={s.small}>{` (check ${c.id})`}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {passed.length > 0 ? (
          <details>
            <summary className={s.p}>{`${plural(passed.length, "check")} passed`}</summary>
            <ul className={s.list} aria-label="Checks that passed">
              {passed.map((c) => (
                <li key={c.id}>
                  {c.text}
                  <span className={s.small}>{` (check ${c.id})`}</span>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </Part>

      {result.publication ? <PublicationPart publication={result.publication} /> : null}

      <Part
        title={`Rows not used (${result.skipped.length.toLocaleString("en-GB")})`}
        id="part-rows-not-used"
      >
        {result.skipped.length === 0 ? (
          <p className={s.p}>Every data row was used.</p>
        ) : (
          <ul className={s.records} aria-label="Source rows not used, with the reason">
            {result.skipped.slice(0, MAX_SKIPPED).map((r, i) => (
              <li key={`${r.sheet}-${r.row}-${i}`}>
                <span className={s.recordTitle}>
                  {nav ? (
                    <Link as="button" onClick={() => void host.showSourceRow(r.sheet, r.row)}>
                      {`${r.sheet}, row ${r.row}`}
                    </Link>
                  ) : (
                    `${r.sheet}, row ${r.row}`
                  )}
                </span>
                <span className={s.recordLine}>
                  <span className={s.recordLabel}>{r.dataset}:</span>
                  <span>{r.reason}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
        {result.skipped.length > MAX_SKIPPED ? (
          <p className={s.small}>…and {plural(result.skipped.length - MAX_SKIPPED, "more row")}.</p>
        ) : null}
      </Part>

      <ActionButton id="build-again" blocked={props.blocked} onClick={props.onBuild}>
        Build again
      </ActionButton>
    </>
  );
}

/** The publication check of the papers built: GSS/WCAG rules for published spreadsheets. */
function PublicationPart(props: { publication: NonNullable<BuildResult["publication"]> }) {
  const s = useStyles();
  const { publication } = props;
  return (
    <Part title="Publication check">
      <p className={s.p}>
        {publication.error
          ? `${publication.summary}: ${publication.error}`
          : `${publication.summary}${publication.passed ? "." : ":"}`}
      </p>
      {publication.failures.length > 0 ? (
        <ul className={s.list} aria-label="Publication rules that failed">
          {publication.failures.map((f, i) => (
            <li key={i}>
              <strong>{`${f.rule} (${f.where}): `}</strong>
              {f.message}. {f.fix}
            </li>
          ))}
        </ul>
      ) : null}
    </Part>
  );
}
