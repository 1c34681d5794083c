/** Small pieces every step uses: headed sections, messages, buttons with their reason, downloads. */
import * as React from "react";
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner } from "@fluentui/react-components";
import type { Download } from "../host";
import { useDownloadUrl } from "../hooks/useDownloadUrl";
import { sizeText } from "./readiness";
import { useStyles } from "./styles";

/**
 * A step's section, labelled by its heading (a screen reader lists it as a region). The heading
 * takes focus (tabIndex -1) when the step opens, so a keyboard or screen-reader user starts at the top.
 */
export function StepSection(props: { id: string; title: string; children: React.ReactNode }) {
  const s = useStyles();
  return (
    <section aria-labelledby={`${props.id}-heading`} className={s.stack}>
      <h2 id={`${props.id}-heading`} className={s.h2} tabIndex={-1}>
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

/** A titled part of a step. */
export function Part(props: { title: string; children: React.ReactNode; id?: string }) {
  const s = useStyles();
  const id = props.id ?? `part-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section aria-labelledby={id}>
      <h3 id={id} className={s.h3}>
        {props.title}
      </h3>
      {props.children}
    </section>
  );
}

type Intent = "info" | "success" | "warning" | "error";

/**
 * A message. Errors and warnings are alerts (read out at once); the rest are status messages
 * (read out when the reader is idle). `titleId` gives the title an id and lets it take focus.
 */
export function Message(props: {
  intent: Intent;
  title?: string;
  titleId?: string;
  /** A warning that changes as the user types: a status message, not an alert on every change. */
  polite?: boolean;
  children?: React.ReactNode;
}) {
  const urgent = !props.polite && (props.intent === "error" || props.intent === "warning");
  return (
    <div role={urgent ? "alert" : "status"}>
      <MessageBar intent={props.intent} layout="multiline">
        <MessageBarBody>
          {props.title ? (
            <MessageBarTitle id={props.titleId} tabIndex={props.titleId ? -1 : undefined}>
              {props.title}
            </MessageBarTitle>
          ) : null}
          {props.children}
        </MessageBarBody>
      </MessageBar>
    </div>
  );
}

/** Work under way: a spinner saying what is happening, announced politely (role="status"). */
export function Busy(props: { label: string; size?: "tiny" | "small" }) {
  return (
    <div role="status">
      <Spinner size={props.size ?? "tiny"} label={props.label} />
    </div>
  );
}

/**
 * A button with the reason it cannot be used beside it. Disabled but still focusable, so a
 * keyboard user reaches it and hears the reason (aria-describedby).
 */
export function ActionButton(props: {
  id: string;
  children: React.ReactNode;
  onClick: () => void;
  /** Why it cannot be used now; undefined when it can. */
  blocked?: string | undefined;
  /** Busy (saving, converting): disabled without a reason, the spinner says what is happening. */
  busy?: boolean;
  primary?: boolean;
  type?: "button" | "submit";
}) {
  const s = useStyles();
  const reasonId = `${props.id}-reason`;
  const disabled = props.blocked !== undefined || props.busy === true;
  return (
    <div className={s.action}>
      <Button
        id={props.id}
        type={props.type ?? "button"}
        appearance={props.primary ? "primary" : "secondary"}
        disabledFocusable={disabled}
        aria-describedby={props.blocked ? reasonId : undefined}
        onClick={disabled ? undefined : props.onClick}
      >
        {props.children}
      </Button>
      {props.blocked ? (
        <p id={reasonId} className={s.reason}>
          {props.blocked}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The main result of a step: a primary button that saves a file the host made, naming the file
 * and its size; after it is pressed, a confirmation of what was saved.
 */
export function DownloadButton(props: { download: Download; label: string; primary?: boolean }) {
  const s = useStyles();
  const url = useDownloadUrl(props.download);
  const [started, setStarted] = React.useState(false);
  const { download } = props;
  React.useEffect(() => setStarted(false), [download]);
  if (!url) return null;
  const size = sizeText(download.bytes.byteLength);
  return (
    <div className={s.stack}>
      <div>
        <Button
          as="a"
          href={url}
          download={download.fileName}
          appearance={props.primary === false ? "secondary" : "primary"}
          size="large"
          className={s.downloadButton}
          onClick={() => setStarted(true)}
        >
          <span>
            {props.label}
            <span className={s.downloadDetail}>{`${download.fileName} (${size})`}</span>
          </span>
        </Button>
      </div>
      {started ? (
        <Message intent="success" title="Download started">
          {`${download.fileName} (${size}) is being saved to your browser's downloads folder.`}
        </Message>
      ) : null}
    </div>
  );
}

/** "1 row" / "3 rows". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? word : many}`;
}
