/**
 * The finishing pass of a build: every formula cell's cached value comes from evaluating the
 * paper's own formula against the built grid, so a derived figure is written once (as the
 * formula) and the value a reader sees before any recalculation is the value Excel will compute.
 *
 * Builders still put a value of their own in each formula cell (their TypeScript arithmetic).
 * The pass compares the two: a figure that differs (by half a penny or more in a £ cell, at all
 * in any other) is a bug in the builder's formula or its arithmetic, and is reported as a notice
 * with the cell and both values; tests hold the count at zero. The evaluated value is the one
 * kept, since it is what the workbook will show once recalculated.
 *
 * Order: a formula can read other formula cells, on its own sheet or another. The pass orders
 * the formulas so each is evaluated after every formula cell it reads (a depth-first walk over
 * the cells and ranges each formula names, without recursion, so a 10,000-row chain is fine).
 * A ring of formulas that read each other is circular: Excel cannot calculate it either, so its
 * cells keep the builder's value and are reported.
 *
 * A formula outside what the evaluator implements (evaluate/functions.ts lists the functions)
 * keeps the builder's value and is reported as unsupported, never guessed.
 */

import { type Area, cellA1 } from "../core/a1";
import type { Notice } from "../core/notice";
import { FormulaEvaluator, type CellSource } from "./evaluate/interpreter";
import { FormulaReader, type Reading } from "./evaluate/copies";
import {
  type ErrorCode,
  type ExcelError,
  Errors,
  Grid,
  type Scalar,
  UnsupportedFormula,
  isError,
} from "./evaluate/values";
import type { CellSpec, CellValue, SheetSpec } from "./spec";

/** Where a formula is: its sheet, its cell in A1, its text. */
export interface FormulaPlace {
  readonly sheet: string;
  /** A1 address on that sheet, e.g. "E11". */
  readonly cell: string;
  readonly formula: string;
}

/** A formula whose evaluation differs from the value its builder supplied. */
export interface FormulaDisagreement extends FormulaPlace {
  /** What the builder's own arithmetic gave. */
  readonly built: CellValue;
  /** What the formula gives: a value, or the Excel error it gives ({ error: "#DIV/0!" }). */
  readonly evaluated: CellValue | { readonly error: ErrorCode };
}

/** A formula the evaluator does not implement, and what in it. */
export interface UnsupportedPlace extends FormulaPlace {
  readonly reason: string;
}

/** What the pass did. */
export interface FormulaEvaluation {
  /** The sheets with each formula cell's cached value from its evaluation. */
  readonly sheets: SheetSpec[];
  /** Formula cells evaluated. */
  readonly formulas: number;
  readonly disagreements: readonly FormulaDisagreement[];
  readonly unsupported: readonly UnsupportedPlace[];
  /** Formula cells on a ring of formulas that read each other. */
  readonly circular: readonly FormulaPlace[];
}

/** Notice codes of the pass. */
export type FormulaNoticeCode = "formula-disagrees" | "formula-unsupported" | "formula-circular";

/** Every message of the pass starts with this, so a caller can tell them from other warnings. */
export const FORMULA_CHECK = "Formula check:";

/** Half a penny: a £ figure within this of the builder's is the same figure. */
const HALF_PENNY = 0.005;

/** One formula cell being evaluated. */
interface FormulaCell {
  readonly sheet: number;
  readonly row: number;
  readonly col: number;
  readonly spec: CellSpec & { readonly formula: string };
  /** The formula as read, or why it cannot be. */
  readonly reading: Reading | UnsupportedFormula;
}

/** Where the formula cells of one sheet are: for each column, its formula rows in order. */
interface SheetIndex {
  readonly spec: SheetSpec;
  /** Column → rows holding a formula (ascending) and the formula ids at those rows. */
  readonly columns: Map<number, { rows: number[]; ids: number[] }>;
}

/** The first index in the ascending `rows` at or after `row`. */
function lowerBound(rows: readonly number[], row: number): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (rows[mid] < row) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The formula ids inside an area of one sheet. */
function formulasIn(index: SheetIndex, area: Area): number[] {
  const out: number[] = [];
  for (let col = area.left; col <= area.right; col++) {
    const column = index.columns.get(col);
    if (!column) continue;
    for (
      let i = lowerBound(column.rows, area.top);
      i < column.rows.length && column.rows[i] <= area.bottom;
      i++
    )
      out.push(column.ids[i]);
  }
  return out;
}

/**
 * The formula ids in evaluation order (each after the formula cells it reads), and the ids on a
 * circle. `reads[id]` lists what formula `id` reads: formula ids below `formulaCount`, and range
 * nodes at or above it, whose own `reads` are the formulas inside the range (a range read by 300
 * formulas is one node, not 300 copies of its cells).
 */
function evaluationOrder(reads: readonly (readonly number[])[], formulaCount: number) {
  const state = new Uint8Array(reads.length); // 0 not seen, 1 on the path, 2 done
  const order: number[] = [];
  const circular = new Set<number>();
  const path: number[] = [];
  const next: number[] = [];
  for (let start = 0; start < formulaCount; start++) {
    if (state[start] !== 0) continue;
    path.push(start);
    next.push(0);
    state[start] = 1;
    while (path.length > 0) {
      const node = path[path.length - 1];
      const edges = reads[node];
      const at = next[next.length - 1];
      if (at < edges.length) {
        next[next.length - 1] = at + 1;
        const target = edges[at];
        if (state[target] === 0) {
          state[target] = 1;
          path.push(target);
          next.push(0);
        } else if (state[target] === 1) {
          // A circle: the path from the target back to here.
          for (let i = path.lastIndexOf(target); i < path.length; i++)
            if (path[i] < formulaCount) circular.add(path[i]);
        }
        continue;
      }
      state[node] = 2;
      if (node < formulaCount) order.push(node);
      path.pop();
      next.pop();
    }
  }
  return { order, circular };
}

/** A result as a cell value: an empty cell read alone shows 0, as in Excel. */
function cellValueOf(result: Exclude<Scalar, ExcelError>): CellValue {
  return result === null ? 0 : result;
}

/** Whether the evaluated value is the builder's figure: to the half-penny in a £ cell, else exactly. */
function agrees(built: CellValue, evaluated: CellValue, money: boolean): boolean {
  if (typeof built === "number" && typeof evaluated === "number")
    return money ? Math.abs(built - evaluated) < HALF_PENNY : built === evaluated;
  return built === evaluated;
}

/**
 * Evaluate every formula cell of a built workbook in dependency order and set its cached value
 * from the evaluation.
 *
 * @param sheets The built sheets (all of them: formulas read across sheets).
 * @returns The sheets with evaluated cached values (unchanged cells and rows are shared with the
 *   input, which is not modified), and what differed, was not supported, or was circular.
 * @example
 * const { sheets, disagreements } = evaluateSheets(built); // disagreements: [] when builders agree
 */
export function evaluateSheets(sheets: readonly SheetSpec[]): FormulaEvaluation {
  // Excel matches sheet names ignoring case.
  const byFoldedName = new Map(sheets.map((s, i) => [s.name.toLowerCase(), i]));
  const byName = new Map(sheets.map((s, i) => [s.name, i]));
  const sheetNumber = (name: string): number | undefined =>
    byName.get(name) ?? byFoldedName.get(name.toLowerCase());
  const indexes: SheetIndex[] = sheets.map((spec) => ({ spec, columns: new Map() }));
  const cells: FormulaCell[] = [];
  const reader = new FormulaReader();
  sheets.forEach((spec, sheet) => {
    spec.cells.forEach((line, row) =>
      line.forEach((cell, col) => {
        if (!cell?.formula) return;
        let reading: Reading | UnsupportedFormula;
        try {
          reading = reader.reading(cell.formula);
        } catch (e) {
          if (!(e instanceof UnsupportedFormula)) throw e;
          reading = e;
        }
        const id = cells.length;
        cells.push({ sheet, row, col, spec: cell as FormulaCell["spec"], reading });
        let column = indexes[sheet].columns.get(col);
        if (!column) indexes[sheet].columns.set(col, (column = { rows: [], ids: [] }));
        column.rows.push(row);
        column.ids.push(id);
      }),
    );
  });
  const formulaAt = (sheet: number, row: number, col: number): number | undefined => {
    const column = indexes[sheet].columns.get(col);
    if (!column) return undefined;
    const i = lowerBound(column.rows, row);
    return column.rows[i] === row ? column.ids[i] : undefined;
  };

  // What each formula reads: single formula cells directly, ranges through one node per range.
  const reads: number[][] = cells.map(() => []);
  const rangeNodes = new Map<string, number>();
  cells.forEach((cell, id) => {
    if (cell.reading instanceof UnsupportedFormula) return;
    for (const ref of cell.reading.references()) {
      const sheet = ref.sheet === undefined ? cell.sheet : sheetNumber(ref.sheet);
      if (sheet === undefined) continue;
      const { top, left, bottom, right } = ref.area;
      if (top === bottom && left === right) {
        const target = formulaAt(sheet, top, left);
        if (target !== undefined) reads[id].push(target);
        continue;
      }
      const key = `${sheet}:${top}:${left}:${bottom}:${right}`;
      let node = rangeNodes.get(key);
      if (node === undefined) {
        node = reads.length;
        rangeNodes.set(key, node);
        reads.push(formulasIn(indexes[sheet], ref.area));
      }
      reads[id].push(node);
    }
  });
  const { order, circular } = evaluationOrder(reads, cells.length);

  // Evaluate in order: a formula cell read by a later formula already holds its result.
  const results: (Scalar | undefined)[] = new Array<Scalar | undefined>(cells.length);
  const valueAt = (sheet: number, row: number, col: number): Scalar => {
    const cell = indexes[sheet].spec.cells[row]?.[col];
    if (!cell) return null;
    if (cell.formula) {
      const id = formulaAt(sheet, row, col);
      const result = id === undefined ? undefined : results[id];
      if (result !== undefined) return result;
    }
    return cell.value;
  };
  // Once a range is read its formula cells are final (they were evaluated first), so its values
  // are kept for the next formula that reads the same range.
  const grids = new Map<string, Grid>();
  // By sheet: one Area object stands for "$B$8" on whichever sheet a formula names.
  const gridOfArea = sheets.map(() => new Map<Area, Grid>());
  const source: CellSource = {
    cell: (name, row, col) => {
      const sheet = sheetNumber(name);
      return sheet === undefined ? Errors.ref : valueAt(sheet, row, col);
    },
    grid: (name, area) => {
      const sheet = sheetNumber(name);
      const rows = area.bottom - area.top + 1;
      const cols = area.right - area.left + 1;
      if (sheet === undefined) return new Grid(rows, cols, new Array<Scalar>(rows * cols).fill(Errors.ref));
      // Most ranges are one Area object read by many formulas (the reader shares them): look it
      // up by identity first, by its corners next.
      let grid = gridOfArea[sheet].get(area);
      if (grid) return grid;
      const key = `${sheet}:${area.top}:${area.left}:${area.bottom}:${area.right}`;
      grid = grids.get(key);
      if (grid) gridOfArea[sheet].set(area, grid);
      else {
        const values = new Array<Scalar>(rows * cols);
        for (let r = 0; r < rows; r++)
          for (let c = 0; c < cols; c++) values[r * cols + c] = valueAt(sheet, area.top + r, area.left + c);
        grids.set(key, (grid = new Grid(rows, cols, values)));
        gridOfArea[sheet].set(area, grid);
      }
      return grid;
    },
  };
  const evaluators = sheets.map((s) => new FormulaEvaluator(source, s.name));
  const unsupported: { id: number; reason: string }[] = [];
  const place = (cell: FormulaCell): FormulaPlace => ({
    sheet: sheets[cell.sheet].name,
    cell: cellA1(cell.row, cell.col),
    formula: cell.spec.formula,
  });
  for (const id of order) {
    const cell = cells[id];
    if (circular.has(id)) continue;
    if (cell.reading instanceof UnsupportedFormula) {
      unsupported.push({ id, reason: cell.reading.message });
      continue;
    }
    try {
      results[id] = evaluators[cell.sheet].result(cell.reading.tree());
    } catch (e) {
      if (!(e instanceof UnsupportedFormula)) throw e;
      unsupported.push({ id, reason: e.message });
    }
  }

  // Write the results back, sharing every row that did not change.
  const disagreements: FormulaDisagreement[] = [];
  const changedRows = sheets.map(() => new Map<number, (CellSpec | null)[]>());
  cells.forEach((cell, id) => {
    const result = results[id];
    if (result === undefined) return;
    const built = cell.spec.value;
    if (isError(result)) {
      // A cell cannot cache an error here (CellValue has none): the builder's value stays.
      disagreements.push({ ...place(cell), built, evaluated: { error: result.code } });
      return;
    }
    const evaluated = cellValueOf(result);
    if (!agrees(built, evaluated, cell.spec.numFmt?.includes("£") ?? false))
      disagreements.push({ ...place(cell), built, evaluated });
    if (evaluated === built) return;
    const rows = changedRows[cell.sheet];
    let line = rows.get(cell.row);
    if (!line) rows.set(cell.row, (line = [...sheets[cell.sheet].cells[cell.row]]));
    line[cell.col] = { ...cell.spec, value: evaluated };
  });
  const out = sheets.map((spec, sheet) => {
    const rows = changedRows[sheet];
    if (rows.size === 0) return spec;
    return { ...spec, cells: spec.cells.map((line, row) => rows.get(row) ?? line) };
  });

  return {
    sheets: out,
    formulas: cells.length,
    disagreements,
    // In reading order (sheet by sheet, row by row), as the disagreements are.
    unsupported: unsupported
      .sort((a, b) => a.id - b.id)
      .map(({ id, reason }) => ({ ...place(cells[id]), reason })),
    circular: [...circular].sort((a, b) => a - b).map((id) => place(cells[id])),
  };
}

/** A value for a message: text in quotes, numbers and errors as they are. */
function shown(value: FormulaDisagreement["evaluated"]): string {
  if (value !== null && typeof value === "object") return value.error;
  return typeof value === "string" ? `"${value}"` : String(value);
}

/**
 * The pass's findings as notices: each names the cell, its formula and both values. They are
 * bugs in Forum Papers, not in the council's data, and say so.
 */
export function formulaNotices(evaluation: FormulaEvaluation): Notice<FormulaNoticeCode>[] {
  const paperOf = new Map(evaluation.sheets.filter((s) => s.kind === "paper").map((s) => [s.name, s.id]));
  const notice = (code: FormulaNoticeCode, at: FormulaPlace, what: string): Notice<FormulaNoticeCode> => {
    const paper = paperOf.get(at.sheet);
    return {
      code,
      ...(paper === undefined ? {} : { paper }),
      message: `${FORMULA_CHECK} '${at.sheet}'!${at.cell} (=${at.formula}) ${what} This is a fault in Forum Papers, not in your workbook: please report it.`,
    };
  };
  return [
    ...evaluation.disagreements.map((d) =>
      notice(
        "formula-disagrees",
        d,
        `was built as ${shown(d.built)}, but its formula gives ${shown(d.evaluated)}; ${d.evaluated !== null && typeof d.evaluated === "object" ? "the built value is shown until the workbook recalculates." : "the formula's value is the one shown."}`,
      ),
    ),
    ...evaluation.unsupported.map((u) =>
      notice("formula-unsupported", u, `could not be checked (${u.reason}); the built value is shown.`),
    ),
    ...evaluation.circular.map((c) =>
      notice("formula-circular", c, "reads its own result through other formulas; the built value is shown."),
    ),
  ];
}

/**
 * The build's finishing pass: evaluate the sheets' formulas, hand each finding to `report` as a
 * notice, and return the sheets with their evaluated cached values.
 * @example const sheets = finishSheets(built, (notice) => warnings.push(notice));
 */
export function finishSheets(
  sheets: readonly SheetSpec[],
  report: (notice: Notice<FormulaNoticeCode>) => void,
): SheetSpec[] {
  const evaluation = evaluateSheets(sheets);
  for (const notice of formulaNotices(evaluation)) report(notice);
  return evaluation.sheets;
}
