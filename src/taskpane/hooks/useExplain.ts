/**
 * The Explain step's state: in Excel, the selected cell explained; in the preview, the DSG formulas
 * found in the opened file and the one chosen; and the "try a function" form (no workbook needed).
 */
import { useCallback, useMemo, useState } from "react";
import {
  TRY_FUNCTIONS,
  tryFunction,
  tryParams,
  type ExplainView,
  type TryFunction,
} from "../../functions/explain";
import type { ExplainOutcome, FormulaRef, Host } from "../host";
import { messageOf } from "./messages";
import type { Fetched, Worked } from "./status";

export type FormulasState = Fetched<{ readonly formulas: readonly FormulaRef[] }>;

export type OutcomeState = Worked<{ readonly outcome: ExplainOutcome }>;

export function useExplain(host: Host) {
  const [formulas, setFormulas] = useState<FormulasState>({ status: "idle" });
  const [outcome, setOutcome] = useState<OutcomeState>({ status: "idle" });

  const loadFormulas = useCallback(async () => {
    setFormulas({ status: "loading" });
    try {
      setFormulas({ status: "ready", formulas: await host.listFormulas() });
    } catch (e) {
      setFormulas({ status: "error", message: messageOf(e) });
    }
  }, [host]);

  const explain = useCallback(
    async (target?: FormulaRef) => {
      setOutcome({ status: "working" });
      try {
        setOutcome({ status: "done", outcome: await host.explain(target) });
      } catch (e) {
        setOutcome({ status: "error", message: messageOf(e) });
      }
    },
    [host],
  );

  const reset = useCallback(() => {
    setFormulas({ status: "idle" });
    setOutcome({ status: "idle" });
  }, []);

  return { formulas, outcome, loadFormulas, explain, reset };
}

export function useTryFunction() {
  const [fn, setFn] = useState<TryFunction>("HOURSCOST");
  const [inputs, setInputs] = useState<Readonly<Record<string, string>>>({
    hoursPerWeek: "25",
    hourlyRate: "13.04",
    threshold: "6000",
  });
  const [view, setView] = useState<ExplainView | undefined>(undefined);
  const params = useMemo(() => tryParams(fn), [fn]);
  const choose = useCallback((next: TryFunction) => {
    setFn(next);
    setView(undefined);
  }, []);
  const setInput = useCallback(
    (name: string, value: string) => setInputs((i) => ({ ...i, [name]: value })),
    [],
  );
  const run = useCallback(
    () =>
      setView(
        tryFunction(
          fn,
          params.map((p) => inputs[p.name] ?? ""),
        ),
      ),
    [fn, params, inputs],
  );
  return { functions: TRY_FUNCTIONS, fn, choose, params, inputs, setInput, run, view };
}
