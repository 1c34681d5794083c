/** Small pieces every step uses: headed sections, messages, download links. */
import * as React from "react";
import { Link, MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { Download } from "../host";
import { useDownloadUrl } from "../hooks/useDownloadUrl";
import { useStyles } from "./styles";

/** A step's section, labelled by its heading (a screen reader lists it as a region). */
export function StepSection(props: { id: string; title: string; children: React.ReactNode }) {
  const s = useStyles();
  return (
    <section aria-labelledby={`${props.id}-heading`} className={s.stack}>
      <h2 id={`${props.id}-heading`} className={s.h2}>
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
 * (read out when the reader is idle).
 */
export function Message(props: { intent: Intent; title?: string; children?: React.ReactNode }) {
  const urgent = props.intent === "error" || props.intent === "warning";
  return (
    <div role={urgent ? "alert" : "status"}>
      <MessageBar intent={props.intent} layout="multiline">
        <MessageBarBody>
          {props.title ? <MessageBarTitle>{props.title}</MessageBarTitle> : null}
          {props.children}
        </MessageBarBody>
      </MessageBar>
    </div>
  );
}

/** A link that saves a file the host made. */
export function DownloadLink(props: { download: Download; label: string }) {
  const url = useDownloadUrl(props.download);
  if (!url) return null;
  return (
    <Link href={url} download={props.download.fileName} inline={false}>
      {props.label}
    </Link>
  );
}

/** "1 row" / "3 rows". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? word : many}`;
}
