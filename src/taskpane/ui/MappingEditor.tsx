/**
 * The mapping editor: for each dataset, the table it comes from and, for each field, the column
 * (each option names the column's letter and header; the chosen column's sample values show under
 * its select, where a narrow pane cannot cut them off). Native selects inside Fluent Fields:
 * labelled, keyboard and screen-reader friendly as they are.
 */
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Field,
  Select,
} from "@fluentui/react-components";
import type { DatasetDraft, DatasetView, MappingDraft, SourcesView, TableView } from "../host";
import type { Sources } from "../hooks/useSources";
import { Part } from "./common";
import { useStyles } from "./styles";

export function MappingEditor(props: {
  view: SourcesView;
  draft: MappingDraft;
  problems: Partial<Record<DatasetView["id"], string[]>>;
  sources: Pick<Sources, "chooseTable" | "chooseColumn">;
}) {
  const { view, draft, problems, sources } = props;
  return (
    <Part title="Mapping">
      <Accordion multiple collapsible>
        {view.datasets.map((d) => (
          <DatasetMapping
            key={d.id}
            dataset={d}
            entry={draft[d.id]}
            view={view}
            problems={problems[d.id] ?? []}
            sources={sources}
          />
        ))}
      </Accordion>
    </Part>
  );
}

function tableLabel(t: TableView): string {
  return `${t.sheet}!${t.range}`;
}

function DatasetMapping(props: {
  dataset: DatasetView;
  entry: DatasetDraft | undefined;
  view: SourcesView;
  problems: readonly string[];
  sources: Pick<Sources, "chooseTable" | "chooseColumn">;
}) {
  const s = useStyles();
  const { dataset, entry, view, problems, sources } = props;
  const table = entry && entry.table !== null ? view.tables[entry.table] : undefined;
  const status = table
    ? `${tableLabel(table)}${entry?.origin === "saved" ? ", saved" : entry?.origin === "edited" ? ", edited" : ""}${problems.length ? " (needs attention)" : ""}`
    : "not in this workbook";
  const id = `map-${dataset.id}`;
  return (
    <AccordionItem value={dataset.id}>
      <AccordionHeader>
        {dataset.label}: {status}
      </AccordionHeader>
      <AccordionPanel>
        <div className={s.stack}>
          <Field label={`Table for ${dataset.label}`}>
            <Select
              className={s.select}
              id={`${id}-table`}
              value={entry?.table === null || entry === undefined ? "" : String(entry.table)}
              onChange={(_e, data) =>
                sources.chooseTable(dataset.id, data.value === "" ? null : Number(data.value))
              }
            >
              <option value="">Not in this workbook</option>
              {view.tables.map((t) => (
                <option key={t.id} value={String(t.id)}>
                  {tableLabel(t)}
                  {t.fits[dataset.id]
                    ? ` (fits ${Math.round((t.fits[dataset.id]?.confidence ?? 0) * 100)}%)`
                    : ""}
                </option>
              ))}
            </Select>
          </Field>
          {table ? (
            <div className={s.fields}>
              {dataset.fields.map((f) => {
                const chosen = entry?.columns[f.key];
                const column =
                  chosen === undefined ? undefined : table.columns.find((c) => c.column === chosen);
                const missing = f.required && chosen === undefined;
                return (
                  <Field
                    key={f.key}
                    label={`${f.label}${f.required ? " (required)" : ""}`}
                    validationState={missing ? "error" : "none"}
                    validationMessage={missing ? `Choose a column for ${f.label}.` : undefined}
                    hint={
                      column && column.samples.length > 0
                        ? `For example: ${column.samples.join("; ")}`
                        : column
                          ? "This column is empty."
                          : undefined
                    }
                  >
                    <Select
                      className={s.select}
                      value={chosen === undefined ? "" : String(chosen)}
                      onChange={(_e, data) =>
                        sources.chooseColumn(
                          dataset.id,
                          f.key,
                          data.value === "" ? undefined : Number(data.value),
                        )
                      }
                    >
                      <option value="">No column</option>
                      {table.columns.map((c) => (
                        <option key={c.column} value={String(c.column)}>
                          {`${c.letter}: ${c.header}${c.hidden ? " (hidden)" : ""}`}
                        </option>
                      ))}
                    </Select>
                  </Field>
                );
              })}
            </div>
          ) : null}
          {entry?.valueColumns && Object.keys(entry.valueColumns).length > 0 ? (
            <p className={s.small}>
              Value columns (one per setting):{" "}
              {Object.entries(entry.valueColumns)
                .map(([name]) => name)
                .join(", ")}
              .
            </p>
          ) : null}
          {problems.length > 0 ? (
            <ul className={s.list} aria-label={`Problems with ${dataset.label}`}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </AccordionPanel>
    </AccordionItem>
  );
}
