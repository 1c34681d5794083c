/** Step 5: a copy of chosen sheets for readers without the add-in, with a note of what was converted. */
import * as React from "react";
import { Button, Checkbox } from "@fluentui/react-components";
import type { Host } from "../host";
import type { useShare } from "../hooks/useShare";
import { ActionButton, Busy, DownloadButton, Message, Part, StepSection, plural } from "./common";
import { useStyles } from "./styles";

type ShareHook = ReturnType<typeof useShare>;

export function ShareStep(props: { host: Host; share: ShareHook; sourcesReady: boolean }) {
  const s = useStyles();
  const { host, share } = props;
  const { sheets, load } = share;
  React.useEffect(() => {
    if (props.sourcesReady && sheets.status === "idle") void load();
  }, [props.sourcesReady, sheets.status, load]);

  return (
    <StepSection id="share" title="5. Share">
      <p className={s.p}>
        A reader without Forum Papers sees #NAME? where a cell has a DSG.* formula. The copy keeps every
        figure: DSG.HOURSCOST, DSG.FINYEAR and DSG.ACADYEAR become ordinary Excel formulas that give the same
        answer; the other DSG functions become their values. A note sheet lists each cell converted.
      </p>
      {host.capabilities.downloads ? null : (
        <p className={s.small}>
          The copies are added to this workbook as new sheets; the originals are not changed.
        </p>
      )}
      {!props.sourcesReady ? <p className={s.p}>Open a workbook in step 1 first.</p> : null}
      {sheets.status === "loading" ? <Busy label="Looking for DSG formulas…" /> : null}
      {sheets.status === "error" ? <Message intent="error">{sheets.message}</Message> : null}
      {sheets.status === "ready" ? (
        <>
          <fieldset className={s.fieldset}>
            <legend className={s.legend}>Sheets to convert</legend>
            {sheets.sheets.map((sheet) => (
              <div key={sheet.name}>
                <Checkbox
                  checked={share.chosen.has(sheet.name)}
                  onChange={(_e, d) => share.toggle(sheet.name, d.checked === true)}
                  label={`${sheet.name} (${plural(sheet.dsgFormulas, "DSG formula")})`}
                />
              </div>
            ))}
          </fieldset>
          <div className={s.row}>
            <ActionButton
              id="share-run"
              primary
              blocked={share.chosen.size === 0 ? "Choose at least one sheet to convert." : undefined}
              busy={share.share.status === "working"}
              onClick={() => void share.run()}
            >
              Make a copy for readers without the add-in
            </ActionButton>
            <Button onClick={() => void load()}>Look again</Button>
          </div>
        </>
      ) : null}
      {share.share.status === "working" ? <Busy label="Converting…" /> : null}
      {share.share.status === "error" ? (
        <Message intent="error" title="No copy was made">
          {share.share.message}
        </Message>
      ) : null}
      {share.share.status === "done" ? (
        <>
          <Message intent="success" title="Copy ready">
            {share.share.result.message}
          </Message>
          {share.share.result.download ? (
            <DownloadButton download={share.share.result.download} label="Download the copy for readers" />
          ) : null}
          {share.share.result.notes.length > 0 ? (
            <Part title="What was converted">
              <ul className={s.records} aria-label="DSG formulas converted">
                {share.share.result.notes.slice(0, 100).map((n) => (
                  <li key={`${n.sheet}!${n.cells}`}>
                    <span className={s.recordTitle}>{`${n.sheet}!${n.cells}`}</span>
                    <span className={s.recordLine}>
                      <span className={s.recordLabel}>Was:</span>
                      <span className={s.code}>{n.was}</span>
                    </span>
                    <span className={s.recordLine}>
                      <span className={s.recordLabel}>Now:</span>
                      <span className={s.code}>{n.now}</span>
                    </span>
                    <span className={s.detail}>{n.why}</span>
                  </li>
                ))}
              </ul>
            </Part>
          ) : null}
        </>
      ) : null}
    </StepSection>
  );
}
