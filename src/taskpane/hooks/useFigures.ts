/**
 * The "explain a figure on a built paper" part of the Explain step: the figure chosen (by sheet,
 * row and column, or a typed address) and its explanation. Kept here, not in the step, so
 * switching steps keeps it; the pane resets it when another workbook is read.
 */
import { useCallback, useMemo, useState } from "react";
import {
  explainFigure,
  figureOptions,
  parseAddress,
  type FigureExplanation,
  type FigureRef,
  type FigureSheet,
} from "../../app/figures";

export function useFigures(sheets: readonly FigureSheet[] | undefined) {
  const options = useMemo(() => (sheets ? figureOptions(sheets) : []), [sheets]);
  const [chosen, setChosen] = useState<FigureRef | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const explained: FigureExplanation | undefined = useMemo(
    () => (sheets && chosen ? explainFigure(sheets, chosen) : undefined),
    [sheets, chosen],
  );
  const choose = useCallback((ref: FigureRef | undefined) => {
    setProblem(undefined);
    setChosen(ref);
  }, []);
  /** Explain a typed address ("E12" on `sheet`, or "HNB monitoring!E12"). */
  const chooseAddress = useCallback(
    (text: string, sheet: string | undefined) => {
      const ref = sheets ? parseAddress(text, sheets, sheet) : undefined;
      if (!ref) {
        setProblem(
          `"${text}" is not a cell on a built paper. Type it as E12 (on the sheet chosen above) or as HNB monitoring!E12.`,
        );
        return;
      }
      setProblem(undefined);
      setChosen(ref);
    },
    [sheets],
  );
  const reset = useCallback(() => {
    setChosen(undefined);
    setProblem(undefined);
  }, []);
  return { options, chosen, explained, problem, choose, chooseAddress, reset };
}

export type Figures = ReturnType<typeof useFigures>;
