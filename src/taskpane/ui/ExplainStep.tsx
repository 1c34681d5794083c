/**
 * Step 4: explain a DSG.* formula: the selected cell in Excel, or one of the formulas found in the
 * opened file in the preview; any figure on the built papers, down to the council's rows it came
 * from; and a form to try a function with typed values.
 */
import * as React from "react";
import { Button, Field, Input, Link, Select } from "@fluentui/react-components";
import type { ExplainView, TryFunction } from "../../functions/explain";
import type { Host } from "../host";
import type { useExplain, useTryFunction } from "../hooks/useExplain";
import type { Figures } from "../hooks/useFigures";
import { Busy, Message, Part, StepSection, plural } from "./common";
import { FigureExplain } from "./FigureExplain";
import { useStyles } from "./styles";

type ExplainState = ReturnType<typeof useExplain>;
type TryState = ReturnType<typeof useTryFunction>;

export function ExplainStep(props: {
  host: Host;
  explain: ExplainState;
  tryFn: TryState;
  figures: Figures;
  /** Papers have been built from this workbook (their figures can be explained). */
  built: boolean;
  sourcesReady: boolean;
}) {
  const s = useStyles();
  const { host, explain } = props;
  const { formulas, outcome } = explain;
  const { loadFormulas } = explain;
  const selection = host.capabilities.explainsSelection;
  React.useEffect(() => {
    if (!selection && props.sourcesReady && formulas.status === "idle") void loadFormulas();
  }, [selection, props.sourcesReady, formulas.status, loadFormulas]);

  return (
    <StepSection id="explain" title="4. Explain">
      {selection ? (
        <>
          <p className={s.p}>
            Select a cell with a DSG.* formula, then ask for its explanation: the inputs it read, each step
            and the result.
          </p>
          <div className={s.row}>
            <Button
              appearance="primary"
              onClick={() => void explain.explain()}
              disabled={outcome.status === "working"}
            >
              Explain the selected cell
            </Button>
          </div>
        </>
      ) : (
        <Part title="DSG formulas in this workbook">
          {!props.sourcesReady ? (
            <p className={s.p}>Open a workbook in step 1 to list its DSG.* formulas.</p>
          ) : null}
          {formulas.status === "loading" ? <Busy label="Looking for DSG formulas…" /> : null}
          {formulas.status === "error" ? <Message intent="error">{formulas.message}</Message> : null}
          {formulas.status === "ready" && formulas.formulas.length === 0 ? (
            <p className={s.p}>This workbook has no DSG.* formulas. Try a function below instead.</p>
          ) : null}
          {formulas.status === "ready" && formulas.formulas.length > 0 ? (
            <>
              <p className={s.small}>
                {plural(formulas.formulas.length, "formula")} found. Choose one to explain it (a spilled
                formula is explained for its first cell).
              </p>
              <ul className={s.list}>
                {formulas.formulas.slice(0, 100).map((f) => (
                  <li key={`${f.sheet}!${f.cell}`}>
                    <Link as="button" onClick={() => void explain.explain(f)}>
                      {`${f.sheet}!${f.cell}`}
                    </Link>{" "}
                    <span className={s.code}>{f.formula}</span>
                    <span
                      className={s.small}
                    >{` shows ${f.shows}${f.spill ? ` (spills ${f.spill.rows} × ${f.spill.cols})` : ""}`}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Part>
      )}

      {outcome.status === "working" ? <Busy label="Working it out…" /> : null}
      {outcome.status === "error" ? <Message intent="error">{outcome.message}</Message> : null}
      {outcome.status === "done" && outcome.outcome.kind === "nothing" ? (
        <Message intent="info">{outcome.outcome.message}</Message>
      ) : null}
      {outcome.status === "done" && outcome.outcome.kind === "explained" ? (
        <ExplainResult
          view={outcome.outcome.view}
          heading={`${outcome.outcome.cell}: ${outcome.outcome.formula}`}
        />
      ) : null}

      <FigureExplain figures={props.figures} host={host} built={props.built} />

      <TryForm tryFn={props.tryFn} />
    </StepSection>
  );
}

function TryForm(props: { tryFn: TryState }) {
  const s = useStyles();
  const t = props.tryFn;
  return (
    <Part title="Try a function">
      <p className={s.small}>
        Type values instead of cells: numbers as 1,234.50 or 0.5%, dates as dd/mm/yyyy. Blank means left out.
      </p>
      <form
        className={s.stack}
        onSubmit={(e) => {
          e.preventDefault();
          t.run();
        }}
      >
        <Field label="Function">
          <Select value={t.fn} onChange={(_e, d) => t.choose(d.value as TryFunction)}>
            {t.functions.map((f) => (
              <option key={f} value={f}>{`DSG.${f}`}</option>
            ))}
          </Select>
        </Field>
        <div className={s.fields}>
          {t.params.map((p) => (
            <Field key={`${t.fn}-${p.name}`} label={p.label} hint={p.hint}>
              <Input value={t.inputs[p.name] ?? ""} onChange={(_e, d) => t.setInput(p.name, d.value)} />
            </Field>
          ))}
        </div>
        <div className={s.row}>
          <Button type="submit" appearance="primary">
            Explain this
          </Button>
        </div>
      </form>
      {t.view ? <ExplainResult view={t.view} heading={`DSG.${t.fn} with the values typed`} /> : null}
    </Part>
  );
}

/** An explanation: what the function does, its inputs, each step and the result. */
export function ExplainResult(props: { view: ExplainView; heading: string }) {
  const s = useStyles();
  const { view } = props;
  const headingId = React.useId();
  return (
    <section aria-labelledby={headingId} className={s.stack}>
      <h3 id={headingId} className={s.h3}>
        <span className={s.code}>{props.heading}</span>
      </h3>
      <p className={s.p}>{view.summary}</p>
      {view.element ? <p className={s.small}>This cell is {view.element} of the spilled result.</p> : null}
      {view.args.length > 0 ? (
        <ul className={s.records} aria-label="What each input was given">
          {view.args.map((a) => (
            <li key={a.name}>
              <span className={s.recordTitle}>{a.label}</span>
              <span className={s.recordLine}>
                <span className={s.recordLabel}>Value:</span>
                <span>{a.value}</span>
              </span>
              <span className={s.recordLine}>
                <span className={s.recordLabel}>Given as:</span>
                <span className={s.code}>{a.given}</span>
                {a.where && a.given !== "(left out)" ? (
                  <span className={s.recordLabel}>{`(${a.where})`}</span>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {view.unavailable ? (
        <Message intent="warning" title="This formula cannot be explained">
          {view.unavailable}
        </Message>
      ) : (
        <>
          {view.steps.length > 0 ? (
            <>
              <h4 className={s.h3}>How it is worked out</h4>
              <ol className={s.steps}>
                {view.steps.map((step, i) => (
                  <li key={i}>
                    {step.kind === "input" ? "Input: " : step.kind === "result" ? "Result: " : ""}
                    {step.label}: <strong>{step.value}</strong>
                    {step.detail ? <span className={s.detail}>{step.detail}</span> : null}
                  </li>
                ))}
              </ol>
              {view.moreSteps > 0 ? (
                <p className={s.small}>…and {plural(view.moreSteps, "more step")}.</p>
              ) : null}
            </>
          ) : (
            <p className={s.small}>The function records no steps for this call.</p>
          )}
          <p className={s.p} role="status">
            Result: <span className={s.result}>{view.result.text}</span>
            {view.result.error ? <span className={s.detail}>{view.result.error}</span> : null}
          </p>
        </>
      )}
    </section>
  );
}
