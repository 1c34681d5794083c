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

/**
 * A growing list of 32-bit integers. The pass's graph is millions of numbers at 200,000
 * placements (a million formulas), so it is kept in flat typed arrays, not an array per formula.
 */
class IntList {
  private data = new Int32Array(1024);
  length = 0;

  push(n: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = n;
  }

  /** The numbers pushed, as one array (a view, not a copy). */
  values(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Where the formula cells of one sheet are: the formula id of each cell (−1 for none), row by
 * row, `rowStart[row]` being where the row's cells begin in `ids` (a row as wide as its line).
 */
interface SheetIndex {
  readonly spec: SheetSpec;
  readonly rowStart: Int32Array;
  readonly ids: Int32Array;
}

function sheetIndex(spec: SheetSpec): SheetIndex {
  const rowStart = new Int32Array(spec.cells.length + 1);
  for (let row = 0; row < spec.cells.length; row++)
    rowStart[row + 1] = rowStart[row] + (spec.cells[row]?.length ?? 0);
  return { spec, rowStart, ids: new Int32Array(rowStart[spec.cells.length]).fill(-1) };
}

/** The formula id at a cell, or −1 when the cell holds no formula. */
function formulaId(index: SheetIndex, row: number, col: number): number {
  if (row < 0 || row >= index.spec.cells.length || col < 0) return -1;
  const start = index.rowStart[row];
  return col < index.rowStart[row + 1] - start ? index.ids[start + col] : -1;
}

/** Push the formula ids inside an area of one sheet: column by column, rows ascending. */
function pushFormulasIn(index: SheetIndex, area: Area, out: IntList): void {
  const bottom = Math.min(area.bottom, index.spec.cells.length - 1);
  for (let col = area.left; col <= area.right; col++)
    for (let row = Math.max(area.top, 0); row <= bottom; row++) {
      const id = formulaId(index, row, col);
      if (id >= 0) out.push(id);
    }
}

/**
 * What each formula reads, flat: formula `id` reads `edges[start[id]]` up to `start[id + 1]`;
 * ids at or above `formulaCount` are range nodes, whose own reads are `rangeEdges` from
 * `rangeStart[node − formulaCount]` (a range read by 300 formulas is one node, not 300 copies of
 * its cells).
 */
interface ReadGraph {
  readonly formulaCount: number;
  readonly start: Int32Array;
  readonly edges: Int32Array;
  readonly rangeStart: Int32Array;
  readonly rangeEdges: Int32Array;
}

/**
 * The formula ids in evaluation order (each after the formula cells it reads), and the ids on a
 * circle: a depth-first walk over the read graph, without recursion.
 */
function evaluationOrder(graph: ReadGraph) {
  const { formulaCount, start, edges, rangeStart, rangeEdges } = graph;
  const state = new Uint8Array(formulaCount + rangeStart.length - 1); // 0 not seen, 1 on the path, 2 done
  const order = new Int32Array(formulaCount);
  let ordered = 0;
  const circular = new Set<number>();
  const path: number[] = [];
  const next: number[] = [];
  const push = (node: number): void => {
    state[node] = 1;
    path.push(node);
    next.push(node < formulaCount ? start[node] : rangeStart[node - formulaCount]);
  };
  for (let first = 0; first < formulaCount; first++) {
    if (state[first] !== 0) continue;
    push(first);
    while (path.length > 0) {
      const node = path[path.length - 1];
      const isFormula = node < formulaCount;
      const end = isFormula ? start[node + 1] : rangeStart[node - formulaCount + 1];
      const at = next[next.length - 1];
      if (at < end) {
        next[next.length - 1] = at + 1;
        const target = isFormula ? edges[at] : rangeEdges[at];
        if (state[target] === 0) push(target);
        else if (state[target] === 1) {
          // A circle: the path from the target back to here.
          for (let i = path.lastIndexOf(target); i < path.length; i++)
            if (path[i] < formulaCount) circular.add(path[i]);
        }
        continue;
      }
      state[node] = 2;
      if (isFormula) order[ordered++] = node;
      path.pop();
      next.pop();
    }
  }
  return { order, circular };
}

/**
 * The results of the formulas, by id, kept flat: a number in `numbers` (most results), anything
 * else (text, TRUE/FALSE, an empty cell, an error) in `others`.
 */
class Results {
  /** 0 not evaluated, 1 a number, 2 in `others`. */
  private readonly kinds: Uint8Array;
  private readonly numbers: Float64Array;
  private readonly others = new Map<number, Scalar>();

  constructor(count: number) {
    this.kinds = new Uint8Array(count);
    this.numbers = new Float64Array(count);
  }

  set(id: number, result: Scalar): void {
    if (typeof result === "number") {
      this.kinds[id] = 1;
      this.numbers[id] = result;
    } else {
      this.kinds[id] = 2;
      this.others.set(id, result);
    }
  }

  /** The result of formula `id`, or undefined when it was not evaluated. */
  get(id: number): Scalar | undefined {
    const kind = this.kinds[id];
    return kind === 1 ? this.numbers[id] : kind === 2 ? this.others.get(id) : undefined;
  }
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
 * Memory (a 200,000-placement build has a million formulas): each formula is a place in flat
 * arrays and its reading (a moved copy is its shape and a shift); what it reads is a run in one
 * Int32Array; results are a Float64Array; the values of a range are kept only until the last
 * formula that reads it has been evaluated.
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
  const indexes = sheets.map(sheetIndex);

  // The formula cells, numbered in reading order (sheet by sheet, row by row).
  const places = { sheet: new IntList(), row: new IntList(), col: new IntList() };
  const readings: (Reading | UnsupportedFormula)[] = [];
  const reader = new FormulaReader();
  sheets.forEach((spec, sheet) => {
    const index = indexes[sheet];
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
        index.ids[index.rowStart[row] + col] = readings.length;
        readings.push(reading);
        places.sheet.push(sheet);
        places.row.push(row);
        places.col.push(col);
      }),
    );
  });
  const formulaCount = readings.length;
  const sheetOf = places.sheet.values();
  const rowOf = places.row.values();
  const colOf = places.col.values();
  const specOf = (id: number) =>
    indexes[sheetOf[id]].spec.cells[rowOf[id]][colOf[id]] as CellSpec & { readonly formula: string };

  // What each formula reads: single formula cells directly, ranges through one node per range.
  const start = new Int32Array(formulaCount + 1);
  const edges = new IntList();
  const rangeStart = new IntList();
  rangeStart.push(0);
  const rangeEdges = new IntList();
  const rangeNodes = new Map<string, number>();
  for (let id = 0; id < formulaCount; id++) {
    start[id] = edges.length;
    const reading = readings[id];
    if (reading instanceof UnsupportedFormula) continue;
    for (const ref of reading.references()) {
      const sheet = ref.sheet === undefined ? sheetOf[id] : sheetNumber(ref.sheet);
      if (sheet === undefined) continue;
      const { top, left, bottom, right } = ref.area;
      if (top === bottom && left === right) {
        const target = formulaId(indexes[sheet], top, left);
        if (target >= 0) edges.push(target);
        continue;
      }
      const key = `${sheet}:${top}:${left}:${bottom}:${right}`;
      let node = rangeNodes.get(key);
      if (node === undefined) {
        node = formulaCount + rangeStart.length - 1;
        rangeNodes.set(key, node);
        pushFormulasIn(indexes[sheet], ref.area, rangeEdges);
        rangeStart.push(rangeEdges.length);
      }
      edges.push(node);
    }
  }
  start[formulaCount] = edges.length;
  const graph: ReadGraph = {
    formulaCount,
    start,
    edges: edges.values(),
    rangeStart: rangeStart.values(),
    rangeEdges: rangeEdges.values(),
  };
  const { order, circular } = evaluationOrder(graph);

  // Where in the order each range is read for the last time: its values are dropped after it.
  const lastRead = new Int32Array(graph.rangeStart.length - 1).fill(-1);
  for (let at = 0; at < order.length; at++)
    for (let e = start[order[at]]; e < start[order[at] + 1]; e++)
      if (graph.edges[e] >= formulaCount) lastRead[graph.edges[e] - formulaCount] = at;

  // Evaluate in order: a formula cell read by a later formula already holds its result.
  const results = new Results(formulaCount);
  const valueAt = (sheet: number, row: number, col: number): Scalar => {
    const cell = indexes[sheet].spec.cells[row]?.[col];
    if (!cell) return null;
    if (cell.formula) {
      const id = formulaId(indexes[sheet], row, col);
      const result = id < 0 ? undefined : results.get(id);
      if (result !== undefined) return result;
    }
    return cell.value;
  };
  // Once a range is read its formula cells are final (they were evaluated first), so its values
  // are kept, by range node, for the next formula that reads the same range, until its last.
  const grids: (Grid | undefined)[] = new Array<Grid | undefined>(lastRead.length);
  // By sheet: one Area object stands for "$B$8" on whichever sheet a formula names. Weak, as a
  // moved copy's areas are made afresh for each formula and should not outlive it.
  const nodeOfArea = sheets.map(() => new WeakMap<Area, number>());
  const gridOf = (sheet: number, area: Area): Grid => {
    const rows = area.bottom - area.top + 1;
    const cols = area.right - area.left + 1;
    const values = new Array<Scalar>(rows * cols);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) values[r * cols + c] = valueAt(sheet, area.top + r, area.left + c);
    return new Grid(rows, cols, values);
  };
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
      let node = nodeOfArea[sheet].get(area);
      if (node === undefined) {
        node = rangeNodes.get(`${sheet}:${area.top}:${area.left}:${area.bottom}:${area.right}`);
        if (node === undefined) return gridOf(sheet, area);
        nodeOfArea[sheet].set(area, node);
      }
      return (grids[node - formulaCount] ??= gridOf(sheet, area));
    },
  };
  const evaluators = sheets.map((s) => new FormulaEvaluator(source, s.name));
  const unsupported: { id: number; reason: string }[] = [];
  for (let at = 0; at < order.length; at++) {
    const id = order[at];
    const reading = readings[id];
    if (circular.has(id)) continue;
    if (reading instanceof UnsupportedFormula) unsupported.push({ id, reason: reading.message });
    else
      try {
        results.set(id, evaluators[sheetOf[id]].result(reading.tree()));
      } catch (e) {
        if (!(e instanceof UnsupportedFormula)) throw e;
        unsupported.push({ id, reason: e.message });
      }
    for (let e = start[id]; e < start[id + 1]; e++) {
      const node = graph.edges[e] - formulaCount;
      if (node >= 0 && lastRead[node] === at) grids[node] = undefined;
    }
  }

  const place = (id: number): FormulaPlace => ({
    sheet: sheets[sheetOf[id]].name,
    cell: cellA1(rowOf[id], colOf[id]),
    formula: specOf(id).formula,
  });
  // Write the results back, sharing every row that did not change.
  const disagreements: FormulaDisagreement[] = [];
  const changedRows = sheets.map(() => new Map<number, (CellSpec | null)[]>());
  for (let id = 0; id < formulaCount; id++) {
    const result = results.get(id);
    if (result === undefined) continue;
    const spec = specOf(id);
    const built = spec.value;
    if (isError(result)) {
      // A cell cannot cache an error here (CellValue has none): the builder's value stays.
      disagreements.push({ ...place(id), built, evaluated: { error: result.code } });
      continue;
    }
    const evaluated = cellValueOf(result);
    if (!agrees(built, evaluated, spec.numFmt?.includes("£") ?? false))
      disagreements.push({ ...place(id), built, evaluated });
    if (evaluated === built) continue;
    const rows = changedRows[sheetOf[id]];
    let line = rows.get(rowOf[id]);
    if (!line) rows.set(rowOf[id], (line = [...sheets[sheetOf[id]].cells[rowOf[id]]]));
    line[colOf[id]] = { ...spec, value: evaluated };
  }
  const out = sheets.map((spec, sheet) => {
    const rows = changedRows[sheet];
    if (rows.size === 0) return spec;
    return { ...spec, cells: spec.cells.map((line, row) => rows.get(row) ?? line) };
  });

  return {
    sheets: out,
    formulas: formulaCount,
    disagreements,
    // In reading order (sheet by sheet, row by row), as the disagreements are.
    unsupported: unsupported.sort((a, b) => a.id - b.id).map(({ id, reason }) => ({ ...place(id), reason })),
    circular: [...circular].sort((a, b) => a - b).map((id) => place(id)),
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
