/**
 * "Compare with the papers from the last meeting": a file picker in the Papers step's build
 * options. The chosen file's bytes go with the build request (app/previous.ts reads its key
 * figures), so each paper gets a movement table; in Excel and in the browser preview alike the
 * file comes from the user's own choice. A file that cannot be used is a warning on the build,
 * never a failed build. A native file input with its own label keeps it reachable by keyboard and
 * announced by screen readers.
 */
import * as React from "react";
import { Button } from "@fluentui/react-components";
import type { BuildRequest } from "../host";
import { useStyles } from "./styles";

/** The last meeting's papers as a build request carries them (app/previous.ts). */
type PreviousPapersInput = NonNullable<BuildRequest["previous"]>;

/** The file chosen (or why it could not be read), or undefined for none. */
export type PreviousChoice = PreviousPapersInput | undefined;

/** Read a chosen file into the build request's shape; a file the browser cannot read says so. */
export async function previousFromFile(file: File): Promise<PreviousPapersInput> {
  try {
    return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
  } catch {
    return { name: file.name, missing: "the pane could not read the file" };
  }
}

export function PreviousPapers(props: {
  chosen: PreviousChoice;
  onChoose: (choice: PreviousChoice) => void;
}) {
  const s = useStyles();
  const input = React.useRef<HTMLInputElement>(null);
  const { onChoose } = props;
  const onChange = React.useCallback(
    (e: React.ChangeEvent<HTMLInputElement>) => {
      const file = e.target.files?.[0];
      if (!file) return;
      void previousFromFile(file).then(onChoose);
    },
    [onChoose],
  );
  const clear = () => {
    if (input.current) input.current.value = "";
    onChoose(undefined);
  };
  return (
    <fieldset className={s.fieldset}>
      <legend className={s.legend}>Compare with the papers from the last meeting</legend>
      <p className={s.small}>
        Choose the papers workbook Forum Papers built for the last meeting: each paper then ends with a table
        of what changed since (last meeting, now, change, and a reason column for you), and the cover lists
        the three largest movements. Leave it empty for no comparison.
      </p>
      <div className={s.stack}>
        <label htmlFor="papers-previous">Last meeting&apos;s papers (.xlsx)</label>
        <input
          ref={input}
          id="papers-previous"
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby="papers-previous-hint"
          onChange={onChange}
        />
        <p id="papers-previous-hint" className={s.small} aria-live="polite">
          {props.chosen ? `Comparing with ${props.chosen.name}` : "No file chosen: no comparison"}
        </p>
      </div>
      {props.chosen ? (
        <Button appearance="secondary" onClick={clear}>
          {`Do not compare (remove ${props.chosen.name})`}
        </Button>
      ) : null}
    </fieldset>
  );
}
