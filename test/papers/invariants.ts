/**
 * Checks every built workbook must pass, as functions returning the problems found (an empty list
 * is a pass), so the fixture tests and the sample-workbook test share them.
 */

import { HyperFormula } from "hyperformula";
import type { PapersBuild } from "../../src/papers";
import type { SheetSpec } from "../../src/papers/spec";
import { FormulaError, type Node, evaluateFormula, parse, walk, workbookOf } from "./formula";
import { formulaCells } from "./sheets";

/** Numeric literals a formula may not hold: anything but 0 and 1, and 2 only as ROUND's digits. */
export function constantsIn(formula: string): number[] {
  const bad: number[] = [];
  walk(parse(formula), (n: Node, parent) => {
    if (n.kind !== "num") return;
    if (n.value === 0 || n.value === 1) return;
    if (n.value === 2 && parent?.name === "ROUND" && parent.index === 1) return;
    bad.push(n.value);
  });
  return bad;
}

export function constantProblems(sheets: readonly SheetSpec[]): string[] {
  return formulaCells(sheets)
    .map((f) => ({ f, bad: constantsIn(f.cell.formula) }))
    .filter((x) => x.bad.length > 0)
    .map(
      (x) =>
        `${x.f.sheet.name}!R${x.f.row + 1}C${x.f.col + 1} ${x.f.cell.formula}: constants ${x.bad.join(", ")}`,
    );
}

export const ALLOWED_FUNCTIONS = new Set([
  "SUM",
  "SUMIFS",
  "COUNTIFS",
  // Counts and totals by name (src/papers/criteria.ts): exact text, where a SUMIFS/COUNTIFS
  // criterion would read * ? ~ and a leading = < > in a name as a pattern. In Excel and
  // LibreOffice 7.4 alike, and takes arrays without an array formula.
  "SUMPRODUCT",
  "COUNT",
  "ROUND",
  "MIN",
  "MAX",
  "IF",
  "IFERROR",
  "INDEX",
  "MATCH",
  "ABS",
  "AND",
  "OR",
  "TEXT",
]);

/**
 * The criteria of a COUNTIFS or SUMIFS call. A criterion is a pattern (`*`, `?`, `~`, a leading
 * `=`, `<`, `>`), so only a fixed text written into the formula is safe; a name from a cell must
 * be matched exactly instead (src/papers/criteria.ts).
 */
function criteriaOf(n: Node & { kind: "func" }): Node[] {
  if (n.name === "COUNTIFS") return n.args.filter((_, i) => i % 2 === 1);
  if (n.name === "SUMIFS") return n.args.filter((_, i) => i >= 2 && i % 2 === 0);
  return [];
}

/**
 * Functions outside the allowed list, a leading "=", structured references, and COUNTIFS/SUMIFS
 * whose criterion is a cell (a name) or holds a wildcard.
 */
export function functionProblems(sheets: readonly SheetSpec[]): string[] {
  const out: string[] = [];
  for (const f of formulaCells(sheets)) {
    if (f.cell.formula.startsWith("=")) out.push(`leading = in ${f.cell.formula}`);
    if (/\w\[/.test(f.cell.formula)) out.push(`structured reference in ${f.cell.formula}`);
    walk(parse(f.cell.formula), (n) => {
      if (n.kind !== "func") return;
      if (!ALLOWED_FUNCTIONS.has(n.name)) out.push(`${n.name} in ${f.cell.formula}`);
      for (const c of criteriaOf(n)) {
        if (c.kind !== "str")
          out.push(`${n.name} with a criterion from a cell (a name is a pattern there) in ${f.cell.formula}`);
        else if (/[*?~]/.test(c.value)) out.push(`${n.name} with a wildcard criterion in ${f.cell.formula}`);
      }
    });
  }
  return out;
}

/** References to a missing sheet, or to a cell (in a single reference or a range) that is empty. */
export function referenceProblems(sheets: readonly SheetSpec[]): string[] {
  const byName = new Map(sheets.map((s) => [s.name, s]));
  const problems: string[] = [];
  for (const f of formulaCells(sheets)) {
    walk(parse(f.cell.formula), (n) => {
      if (n.kind !== "ref" && n.kind !== "range") return;
      const target = byName.get(n.sheet ?? f.sheet.name);
      if (!target) return void problems.push(`${f.cell.formula}: no sheet ${n.sheet}`);
      const [r1, c1, r2, c2] = n.kind === "ref" ? [n.row, n.col, n.row, n.col] : [n.r1, n.c1, n.r2, n.c2];
      for (let r = r1; r <= r2; r++) {
        for (let c = c1; c <= c2; c++) {
          if (!target.cells[r]?.[c])
            problems.push(`${f.sheet.name} ${f.cell.formula}: ${target.name} R${r + 1}C${c + 1} is empty`);
        }
      }
      if (
        n.kind === "ref" &&
        (n.sheet ?? f.sheet.name) === f.sheet.name &&
        n.row === f.row &&
        n.col === f.col
      ) {
        problems.push(`circular ${f.cell.formula}`);
      }
    });
  }
  return problems;
}

/** Formula cells whose cached value differs from what our evaluator computes from the cached inputs. */
export function evaluatorMismatches(sheets: readonly SheetSpec[]): string[] {
  const wb = workbookOf(sheets);
  const out: string[] = [];
  for (const f of formulaCells(sheets)) {
    const got = evaluateFormula(f.cell.formula, wb, f.sheet.name);
    const want = f.cell.value;
    const same =
      got instanceof FormulaError
        ? false
        : typeof got === "number" && typeof want === "number"
          ? got === want || Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want))
          : got === want;
    if (!same) {
      out.push(
        `${f.sheet.name}!R${f.row + 1}C${f.col + 1} ${f.cell.formula}: cached ${String(want)}, computes ${got instanceof FormulaError ? got.code : String(got)}`,
      );
    }
  }
  return out;
}

/**
 * HyperFormula's TEXT ignores thousands separators and the % scaling (measured with 2.x:
 * TEXT(1437250,"£#,##0") gives "£1437250,##0", TEXT(0.005,"0.00%") gives "0.01%"), so a TEXT
 * formula goes in as its cached value and is not compared here; our evaluator and LibreOffice
 * (test/papers/recommendation.test.ts) check those cells.
 */
export const USES_TEXT = /\bTEXT\(/;

/** The same, recalculated by HyperFormula (an independent engine) from the inputs alone. */
export function hyperFormulaMismatches(sheets: readonly SheetSpec[]): string[] {
  const data: Record<string, (string | number | boolean | null)[][]> = {};
  for (const s of sheets) {
    data[s.name] = s.cells.map((line) =>
      line.map((c) => {
        if (!c) return null;
        if (c.formula && !USES_TEXT.test(c.formula)) return `=${c.formula}`;
        // Text that looks like a number stays text, as it does in the written workbook.
        if (
          typeof c.value === "string" &&
          c.value !== "" &&
          (Number.isFinite(Number(c.value)) || c.value.startsWith("="))
        ) {
          return `'${c.value}`;
        }
        return c.value;
      }),
    );
  }
  // Array arithmetic on, so "--(range=cell)" inside SUMPRODUCT works cell by cell, as it does in
  // Excel and LibreOffice without an array formula (HyperFormula otherwise reads it as one cell).
  const hf = HyperFormula.buildFromSheets(data, { licenseKey: "gpl-v3", useArrayArithmetic: true });
  const out: string[] = [];
  try {
    for (const f of formulaCells(sheets)) {
      if (USES_TEXT.test(f.cell.formula)) continue;
      const got = hf.getCellValue({ sheet: hf.getSheetId(f.sheet.name) as number, row: f.row, col: f.col });
      const want = f.cell.value;
      const ok =
        typeof got === "number" && typeof want === "number"
          ? Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want))
          : got === want;
      if (!ok)
        out.push(
          `${f.sheet.name}!R${f.row + 1}C${f.col + 1} ${f.cell.formula}: cached ${String(want)}, HyperFormula ${JSON.stringify(got)}`,
        );
    }
  } finally {
    hf.destroy();
  }
  return out;
}

/** Structure: sheet order and names, titles, print, tables (names, headers, overlap), freeze. */
export function structureProblems(build: PapersBuild): string[] {
  const out: string[] = [];
  const sheets = build.sheets;
  const names = sheets.map((s) => s.name);
  // The order a reader sees: the hidden key-figures Snapshot (snapshot-sheet.ts) is not in it.
  const shown = sheets.filter((s) => !s.hidden).map((s) => s.name);
  const expectStart = ["Cover", "Contents", "Notes", "Rules"];
  if (shown.slice(0, 4).join() !== expectStart.join()) out.push(`front sheets ${shown.slice(0, 4).join()}`);
  if (shown[shown.length - 1] !== "Checks") out.push("Checks is not last");
  if (shown.slice(4, -1).join() !== build.papers.map((p) => p.sheet).join())
    out.push("paper sheets out of order");
  if (new Set(names).size !== names.length) out.push("duplicate sheet names");
  for (const n of names) if (n.length > 31 || /[[\]:*?/\\]/.test(n)) out.push(`bad sheet name ${n}`);
  const tableNames = sheets.flatMap((s) => s.tables.map((t) => t.name.toLowerCase()));
  if (new Set(tableNames).size !== tableNames.length) out.push(`duplicate table names ${tableNames.join()}`);
  for (const s of sheets) {
    if (s.cells[0]?.[0]?.style !== "title") out.push(`${s.name}: A1 is not the title`);
    if (s.cells[1]?.[0]?.style !== "subtitle") out.push(`${s.name}: A2 does not say what the sheet holds`);
    if (s.print.orientation !== "landscape" || s.print.paperSize !== "A4" || s.print.fitToWidth !== 1)
      out.push(`${s.name}: print`);
    if (s.print.footer !== s.cells[0]?.[0]?.value) out.push(`${s.name}: footer`);
    for (const t of s.tables) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.name)) out.push(`${s.name}: table name ${t.name}`);
      if (t.dataRowCount < 1) out.push(`${t.name}: no rows`);
      const h = Array.from({ length: t.columnCount }, (_, i) => s.cells[t.headerRow]?.[t.firstCol + i]);
      if (h.some((c) => !c || c.style !== "header" || typeof c.value !== "string" || c.value.trim() === ""))
        out.push(`${t.name}: header cells`);
      const texts = h.map((c) => String(c?.value ?? "").toLowerCase());
      if (new Set(texts).size !== texts.length) out.push(`${t.name}: repeated headers`);
      const last = t.headerRow + t.dataRowCount + (t.totalsRow ? 1 : 0);
      if (last >= s.cells.length) out.push(`${t.name}: runs off the grid`);
      for (const u of s.tables) {
        if (u === t) continue;
        const uLast = u.headerRow + u.dataRowCount + (u.totalsRow ? 1 : 0);
        if (!(uLast < t.headerRow || u.headerRow > last)) out.push(`${t.name} overlaps ${u.name}`);
      }
    }
  }
  for (const p of build.papers) {
    const s = sheets.find((x) => x.name === p.sheet) as SheetSpec;
    const t = s.tables.find((x) => x.name === p.table);
    if (!t) out.push(`${p.sheet}: no table ${p.table}`);
    else if (s.freezeRows !== t.headerRow + 1)
      out.push(`${p.sheet}: frozen at ${s.freezeRows}, header at ${t.headerRow}`);
  }
  return out;
}
