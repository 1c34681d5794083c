/**
 * Explain any figure on a built paper: pick it by sheet, row and column (or type its address) and
 * see its formula in words, the cells it reads (each one explained in turn when chosen) and the
 * rows of the council's workbook it came from, found down the chain.
 */
import * as React from "react";
import { Button, Field, Input, Link, Select } from "@fluentui/react-components";
import type { Host } from "../host";
import type { Figures } from "../hooks/useFigures";
import { Message, Part, plural } from "./common";
import { useStyles } from "./styles";

/** A labelled drop-down: each option a value and the words shown for it. */
function Choice(props: {
  label: string;
  value: string;
  options: readonly (readonly [value: string, text: string])[];
  onChange: (value: string) => void;
}) {
  const s = useStyles();
  return (
    <Field label={props.label}>
      <Select className={s.select} value={props.value} onChange={(_e, d) => props.onChange(d.value)}>
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function FigureExplain(props: { figures: Figures; host: Host; built: boolean }) {
  const s = useStyles();
  const { figures, host } = props;
  const { options, chosen } = figures;
  const sheets = React.useMemo(() => [...new Set(options.map((o) => o.sheet))], [options]);
  const [sheet, setSheet] = React.useState<string | undefined>(undefined);
  const [row, setRow] = React.useState<number | undefined>(undefined);
  const [col, setCol] = React.useState<number | undefined>(undefined);
  const [typed, setTyped] = React.useState("");
  const resultId = React.useId();

  // The pickers follow the figure explained (a cell it reads, chosen from the result).
  React.useEffect(() => {
    if (!chosen) return;
    setSheet(chosen.sheet);
    setRow(chosen.row);
    setCol(chosen.col);
  }, [chosen]);

  const sheetNow = sheet && sheets.includes(sheet) ? sheet : sheets[0];
  const rows = React.useMemo(() => {
    const seen = new Map<number, string>();
    for (const o of options) if (o.sheet === sheetNow && !seen.has(o.row)) seen.set(o.row, o.rowLabel);
    return [...seen.entries()];
  }, [options, sheetNow]);
  const rowNow = row !== undefined && rows.some(([r]) => r === row) ? row : rows[0]?.[0];
  const cols = options.filter((o) => o.sheet === sheetNow && o.row === rowNow);
  const colNow = col !== undefined && cols.some((o) => o.col === col) ? col : cols[0]?.col;

  const [selectionProblem, setSelectionProblem] = React.useState<string | undefined>(undefined);
  const selectedCell = host.selectedCell?.bind(host);
  const explainSelected = async () => {
    setSelectionProblem(undefined);
    try {
      const at = await selectedCell?.();
      if (!at) {
        setSelectionProblem("Select one cell on a built paper, then try again.");
        return;
      }
      figures.chooseAddress(`'${at.sheet.replace(/'/g, "''")}'!${at.cell}`, sheetNow);
      requestAnimationFrame(() => document.getElementById(resultId)?.focus());
    } catch (e) {
      setSelectionProblem(e instanceof Error ? e.message : String(e));
    }
  };

  const explain = (ref: { sheet: string; row: number; col: number }) => {
    figures.choose(ref);
    // Move to the explanation once it is shown.
    requestAnimationFrame(() => document.getElementById(resultId)?.focus());
  };

  if (!props.built) {
    return (
      <Part title="A figure on the built papers">
        <p className={s.p}>
          Build the papers (step 3) to explain any figure on them: its formula, the cells it reads and the
          rows of the council&apos;s workbook it came from.
        </p>
      </Part>
    );
  }
  return (
    <Part title="A figure on the built papers">
      <p className={s.small}>
        Choose a figure by its paper, row and column, or type its cell address, to see how it was worked out
        and where it came from.
      </p>
      {selectedCell ? (
        <div className={s.stack}>
          <div className={s.row}>
            <Button appearance="primary" onClick={() => void explainSelected()}>
              Explain the selected cell
            </Button>
          </div>
          {selectionProblem ? <Message intent="warning" title={selectionProblem} /> : null}
        </div>
      ) : null}
      <form
        className={s.stack}
        onSubmit={(e) => {
          e.preventDefault();
          if (sheetNow !== undefined && rowNow !== undefined && colNow !== undefined)
            explain({ sheet: sheetNow, row: rowNow, col: colNow });
        }}
      >
        <Choice
          label="Paper"
          value={sheetNow ?? ""}
          options={sheets.map((n) => [n, n])}
          onChange={(value) => {
            setSheet(value);
            setRow(undefined);
            setCol(undefined);
          }}
        />
        <Choice
          label="Row"
          value={rowNow === undefined ? "" : String(rowNow)}
          options={rows.map(([r, label]) => [String(r), `${label} (row ${r + 1})`])}
          onChange={(value) => {
            setRow(Number(value));
            setCol(undefined);
          }}
        />
        <Choice
          label="Column"
          value={colNow === undefined ? "" : String(colNow)}
          options={cols.map((o) => [String(o.col), `${o.column} (${o.address})`])}
          onChange={(value) => setCol(Number(value))}
        />
        <div className={s.row}>
          <Button type="submit" appearance="primary">
            Explain this figure
          </Button>
        </div>
      </form>
      <form
        className={s.stack}
        onSubmit={(e) => {
          e.preventDefault();
          figures.chooseAddress(typed, sheetNow);
          requestAnimationFrame(() => document.getElementById(resultId)?.focus());
        }}
      >
        <Field
          label="Or type a cell address"
          hint="E12 on the paper chosen above, or a sheet and cell: HNB monitoring!E12"
          validationState={figures.problem ? "error" : "none"}
          validationMessage={figures.problem}
        >
          <Input value={typed} onChange={(_e, d) => setTyped(d.value)} />
        </Field>
        <div className={s.row}>
          <Button type="submit">Explain this address</Button>
        </div>
      </form>
      <FigureResult figures={figures} host={host} headingId={resultId} onRead={explain} />
    </Part>
  );
}

function FigureResult(props: {
  figures: Figures;
  host: Host;
  headingId: string;
  onRead: (ref: { sheet: string; row: number; col: number }) => void;
}) {
  const s = useStyles();
  const x = props.figures.explained;
  if (!x) return null;
  const nav = props.host.capabilities.canNavigate;
  return (
    <section aria-labelledby={props.headingId} className={s.stack}>
      <h4 id={props.headingId} className={s.h3} tabIndex={-1}>
        {`${x.address}: ${x.rowLabel}, ${x.column}`}
      </h4>
      <p className={s.p}>
        Shows <span className={s.result}>{x.value}</span>
      </p>
      {x.formula ? (
        <>
          <p className={s.p}>
            Formula: <span className={s.code}>{x.formula}</span>
          </p>
          <p className={s.p}>In words: {x.words}</p>
        </>
      ) : null}
      {x.note ? <p className={s.p}>{x.note}</p> : null}
      {x.reads.length > 0 ? (
        <>
          <h5 className={s.h3}>Cells it reads</h5>
          <ul className={s.records} aria-label="Cells it reads">
            {x.reads.map((r) => (
              <li key={`${r.sheet}!${r.row},${r.col}`}>
                <Link as="button" onClick={() => props.onRead(r)}>
                  {`${r.address}: ${r.label}`}
                </Link>
                <span className={s.detail}>{r.value}</span>
              </li>
            ))}
          </ul>
          {x.moreReads > 0 ? <p className={s.small}>…and {plural(x.moreReads, "more cell")}.</p> : null}
        </>
      ) : null}
      <h5 className={s.h3}>Where it came from in the council&apos;s workbook</h5>
      {x.sources.length > 0 ? (
        <>
          <ul className={s.records} aria-label="Source rows in the council's workbook">
            {x.sources.map((r) => (
              <li key={`${r.sheet}-${r.row}`}>
                {nav ? (
                  <Link as="button" onClick={() => void props.host.showSourceRow(r.sheet, r.row)}>
                    {`${r.sheet}, row ${r.row}`}
                  </Link>
                ) : (
                  `${r.sheet}, row ${r.row}`
                )}
              </li>
            ))}
          </ul>
          {x.moreSources > 0 ? <p className={s.small}>…and {plural(x.moreSources, "more row")}.</p> : null}
        </>
      ) : (
        <Message intent="info">
          No row of the council&apos;s workbook is named for this figure: it is worked out from settings or
          inputs on the papers.
        </Message>
      )}
    </section>
  );
}
