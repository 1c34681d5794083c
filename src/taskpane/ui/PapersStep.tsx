/** Step 2: which papers, the meeting, each paper's purpose, the transfer, the deficit plan scenario, then build. */
import { Checkbox, Field, Input, Radio, RadioGroup, Select } from "@fluentui/react-components";
import type { PapersFormState } from "../hooks/usePapersForm";
import { PAPER_CHOICES, PURPOSES, type FormField, type Purpose } from "../options";
import { ActionButton, Message, StepSection } from "./common";
import { PreviousPapers, type PreviousChoice } from "./PreviousPapers";
import { emptyCoverFields, listInWords } from "./readiness";
import { useStyles } from "./styles";

const PURPOSE_TEXT: Readonly<Record<Purpose, string>> = {
  decision: "For decision",
  consultation: "For consultation",
  information: "For information",
};

/** A text field the form checks: its value, its error (shown under it) and its setter, by name. */
function CheckedInput(props: {
  paper: PapersFormState;
  name: Exclude<FormField, "papers">;
  label: string;
  hint: string;
  placeholder?: string;
  contentBefore?: string;
  contentAfter?: string;
}) {
  const { form, errors, set } = props.paper;
  const error = errors[props.name];
  return (
    <Field
      label={props.label}
      hint={props.hint}
      validationState={error ? "error" : "none"}
      validationMessage={error}
    >
      <Input
        value={form[props.name]}
        placeholder={props.placeholder}
        contentBefore={props.contentBefore}
        contentAfter={props.contentAfter}
        onChange={(_e, d) => set(props.name, d.value)}
      />
    </Field>
  );
}

export function PapersStep(props: {
  paper: PapersFormState;
  sourcesReady: boolean;
  /** Why the papers cannot be built yet (shown beside the button), or undefined. */
  blocked: string | undefined;
  onBuild: () => void;
  /** The last meeting's papers to compare with, and how to choose them. */
  previous?: { chosen: PreviousChoice; onChoose: (choice: PreviousChoice) => void };
}) {
  const s = useStyles();
  const { form, errors, set, setPaper, setPurpose } = props.paper;
  return (
    <StepSection id="papers" title="2. Papers">
      {!props.sourcesReady ? (
        <Message intent="info" title="Start with the sources">
          Read a workbook in step 1 first; the papers are built from its tables.
        </Message>
      ) : null}

      <fieldset className={s.fieldset} aria-describedby={errors.papers ? "papers-error" : undefined}>
        <legend className={s.legend}>Papers to build, and what the Forum is asked to do</legend>
        {PAPER_CHOICES.map(({ id, title }) => (
          <div key={id} className={s.paperRow}>
            <Checkbox
              checked={form.papers[id]}
              onChange={(_e, data) => setPaper(id, data.checked === true)}
              label={title}
            />
            <Select
              className={s.paperPurpose}
              aria-label={`Purpose of ${title}`}
              value={form.purpose[id]}
              disabled={!form.papers[id]}
              onChange={(_e, data) => setPurpose(id, data.value as Purpose)}
            >
              {PURPOSES.map((p) => (
                <option key={p} value={p}>
                  {PURPOSE_TEXT[p]}
                </option>
              ))}
            </Select>
          </div>
        ))}
        {errors.papers ? (
          <p id="papers-error" role="alert" className={s.small}>
            {errors.papers}
          </p>
        ) : null}
      </fieldset>

      <fieldset className={s.fieldset}>
        <legend className={s.legend}>The meeting</legend>
        <div className={s.fields}>
          <CheckedInput paper={props.paper} name="meetingDate" label="Meeting date" hint="dd/mm/yyyy" />
          <Field label="Meeting title">
            <Input value={form.meetingName} onChange={(_e, d) => set("meetingName", d.value)} />
          </Field>
          <Field label="Author">
            <Input value={form.author} onChange={(_e, d) => set("author", d.value)} />
          </Field>
          <Field label="Paper reference" hint="e.g. SF/2026/01">
            <Input value={form.paperRef} onChange={(_e, d) => set("paperRef", d.value)} />
          </Field>
          <Field label="Status">
            <RadioGroup
              layout="horizontal"
              value={form.status}
              onChange={(_e, d) => set("status", d.value as "draft" | "final")}
            >
              <Radio value="draft" label="Draft" />
              <Radio value="final" label="Final" />
            </RadioGroup>
          </Field>
        </div>
      </fieldset>

      <fieldset className={s.fieldset}>
        <legend className={s.legend}>Schools Block transfer</legend>
        <p className={s.small}>
          Leave blank to use the figures in the workbook. Above 0.5% needs the Secretary of State&apos;s
          approval.
        </p>
        <div className={s.fields}>
          <CheckedInput
            paper={props.paper}
            name="transferPercent"
            label="Transfer percentage"
            hint="e.g. 0.5"
            contentAfter="%"
          />
          <CheckedInput
            paper={props.paper}
            name="transferBase"
            label="Schools Block before recoupment (the base)"
            hint="£, e.g. 285,400,000"
            contentBefore="£"
          />
          <Checkbox
            checked={form.baseIsEstimate}
            onChange={(_e, d) => set("baseIsEstimate", d.checked === true)}
            label="The base is an estimate"
          />
        </div>
      </fieldset>

      <fieldset className={s.fieldset}>
        <legend className={s.legend}>Deficit plan and published tables</legend>
        <p className={s.small}>
          The deficit plan uses the plan years, savings and transfers in the workbook&apos;s deficit plan
          table (mapped in step 1); its unmitigated series is the same years without the savings. Leave the
          scenario blank for the plan as written; the paper shows both as inputs you can change.
        </p>
        <div className={s.fields}>
          <CheckedInput
            paper={props.paper}
            name="savingsDeliveredPercent"
            label="Savings delivered (deficit plan scenario)"
            hint="Share of the plan's savings in the mitigated series, 0 to 100; blank is 100"
            placeholder="100"
            contentAfter="%"
          />
          <CheckedInput
            paper={props.paper}
            name="expenditurePressurePercent"
            label="Extra expenditure growth a year (deficit plan scenario)"
            hint="On top of the plan's expenditure, both series, -50 to 50; blank is 0"
            placeholder="0"
            contentAfter="%"
          />
        </div>
        <Checkbox
          checked={form.suppress}
          onChange={(_e, d) => set("suppress", d.checked === true)}
          label="Show counts of 1 to 4 as [c] (small-number suppression)"
        />
      </fieldset>

      {props.previous ? <PreviousPapers {...props.previous} /> : null}
      <CoverWarning form={form} />
      <ActionButton id="papers-build" primary blocked={props.blocked} onClick={props.onBuild}>
        Build the papers
      </ActionButton>
    </StepSection>
  );
}

/**
 * The cover fields left empty: a warning before Build (the papers can still be built; the cover
 * and each title block will say "[x] not given" for them).
 */
export function CoverWarning(props: { form: PapersFormState["form"] }) {
  const empty = emptyCoverFields(props.form);
  if (empty.length === 0) return null;
  return (
    <Message
      intent="warning"
      polite
      title={`${empty.length === 1 ? "A cover field is" : "Cover fields are"} empty`}
    >
      {`${listInWords(empty)} ${empty.length === 1 ? "is" : "are"} not filled in, so the cover and each paper will show "[x] not given" for ${empty.length === 1 ? "it" : "them"}. You can still build; fill ${empty.length === 1 ? "it" : "them"} in first for a pack to send.`}
    </Message>
  );
}
