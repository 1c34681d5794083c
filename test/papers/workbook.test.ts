/**
 * Whole-workbook rules every build must keep (SPEC "Forum papers", STYLE.md): sheet order and
 * names, one SPEC-named table per paper, unique table names and headers, A1/A2 titles, print
 * set-up, frozen header rows, no constants inside formulas, every formula's references pointing at
 * cells that exist and hold something, and every formula's cached value equal to what the formula
 * computes (by our own evaluator, and by HyperFormula as a second, independent engine).
 */

import { buildPapers, type PapersBuild } from "../../src/papers";
import type { SheetSpec } from "../../src/papers/spec";
import { AS_AT, MEETING, fullDatasets, makePlacements } from "./fixtures";
import { parse, walk } from "./formula";
import {
  constantProblems,
  constantsIn,
  evaluatorMismatches,
  hyperFormulaMismatches,
  referenceProblems,
  structureProblems,
} from "./invariants";
import { formulaCells, headers } from "./sheets";

const options = {
  meetingDate: MEETING,
  meetingName: "Schools Forum",
  author: "A. Finance Officer",
  paperRef: "SF/2026/01",
};

const builds: [string, PapersBuild][] = [
  ["consistent council", buildPapers(fullDatasets(), options)],
  [
    "with problems and suppression off",
    buildPapers(fullDatasets({ placements: makePlacements(true) }), {
      ...options,
      suppressSmallNumbers: false,
    }),
  ],
  ["infeasible transfer", buildPapers(fullDatasets(), { ...options, transferPercent: 0.02 })],
  ["no assumptions", buildPapers(fullDatasets({ assumptions: { sources: {} }, totals: [] }), {})],
];

describe("the constants checker", () => {
  test("flags numbers other than 0, 1 and ROUND's 2", () => {
    expect(constantsIn("ROUND(A1*0.005,2)")).toEqual([0.005]);
    expect(constantsIn("IF(A1>=0,1,0)")).toEqual([]);
    expect(constantsIn("MATCH(1,A1:A5,0)")).toEqual([]);
    expect(constantsIn("A1*38")).toEqual([38]);
    expect(constantsIn("ROUND(A1,2)+2")).toEqual([2]);
    expect(constantsIn('IF(A1="2 weeks","38",1)')).toEqual([]);
  });
});

describe.each(builds)("workbook rules: %s", (_name, build) => {
  // The sheets a reader sees, in order: the hidden key-figures Snapshot is tested in movements.test.ts.
  const sheets = build.sheets.filter((s) => !s.hidden);
  const byName = new Map(sheets.map((s) => [s.name, s]));

  test("structure: sheet order and names, titles, print, tables, freeze", () => {
    expect(structureProblems(build)).toEqual([]);
  });

  test("sheets in order: cover, contents, notes, rules, the papers, checks", () => {
    const names = sheets.map((s) => s.name);
    expect(names.slice(0, 4)).toEqual(["Cover", "Contents", "Notes", "Rules"]);
    expect(names[names.length - 1]).toBe("Checks");
    expect(sheets.slice(4, -1).every((s) => s.kind === "paper")).toBe(true);
    expect(sheets.slice(4, -1).map((s) => s.name)).toEqual(build.papers.map((p) => p.sheet));
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
  });

  test("each sheet has its title in A1 and what it holds in A2, and prints A4 landscape one page wide", () => {
    for (const s of sheets) {
      expect(s.cells[0][0]?.style).toBe("title");
      expect(typeof s.cells[0][0]?.value).toBe("string");
      expect(s.cells[1][0]?.style).toBe("subtitle");
      expect(String(s.cells[1][0]?.value).length).toBeGreaterThan(20);
      expect(s.print).toMatchObject({ orientation: "landscape", paperSize: "A4", fitToWidth: 1 });
      expect(s.print.footer).toBe(s.cells[0][0]?.value);
      expect(s.columnWidths.length).toBeGreaterThan(0);
    }
  });

  test("each paper has its SPEC-named table, frozen and repeated at its header", () => {
    const spec: Record<string, string> = {
      "hnb-monitoring": "HNBMonitoring",
      "dsg-summary": "DSGSummary",
      "deficit-plan": "DeficitPlan",
      "transfer-impact": "TransferImpact",
      "banding-review": "BandingReview",
      "placement-summary": "PlacementSummary",
    };
    for (const p of build.papers) {
      const s = byName.get(p.sheet) as SheetSpec;
      expect(p.table).toBe(spec[p.id]);
      const t = s.tables.find((x) => x.name === p.table);
      expect(t).toBeDefined();
      expect(s.freezeRows).toBe((t?.headerRow ?? -1) + 1);
      expect(s.print.repeatRows).toEqual({ first: t?.headerRow, last: t?.headerRow });
      expect(t?.dataRowCount).toBe(p.rows);
    }
  });

  test("table names are unique and valid; headers are within the grid, non-empty and unique", () => {
    const names = sheets.flatMap((s) => s.tables.map((t) => t.name));
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const s of sheets) {
      for (const t of s.tables) {
        expect(t.name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
        expect(t.dataRowCount).toBeGreaterThan(0);
        expect(t.altText.length).toBeGreaterThan(10);
        const h = headers(s, t);
        expect(h).toHaveLength(t.columnCount);
        for (let i = 0; i < t.columnCount; i++)
          expect(s.cells[t.headerRow][t.firstCol + i]?.style).toBe("header");
        expect(h.every((x) => x.trim().length > 0)).toBe(true);
        expect(new Set(h.map((x) => x.toLowerCase())).size).toBe(h.length);
        const lastRow = t.headerRow + t.dataRowCount + (t.totalsRow ? 1 : 0);
        expect(lastRow).toBeLessThan(s.cells.length);
        // Tables never overlap.
        for (const u of s.tables) {
          if (u === t) continue;
          const uLast = u.headerRow + u.dataRowCount + (u.totalsRow ? 1 : 0);
          expect(uLast < t.headerRow || u.headerRow > lastRow).toBe(true);
        }
      }
    }
  });

  test("no constants inside formulas", () => {
    expect(constantProblems(sheets)).toEqual([]);
  });

  test("formulas use only functions LibreOffice 7.4 also has, with no structured references", () => {
    const allowed = new Set([
      "SUM",
      "SUMIFS",
      "COUNTIFS",
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
    for (const f of formulaCells(sheets)) {
      expect(f.cell.formula.startsWith("=")).toBe(false);
      expect(f.cell.formula).not.toMatch(/\w\[/); // Table[Column]
      walk(parse(f.cell.formula), (n) => {
        if (n.kind === "func")
          expect(allowed.has(n.name) ? n.name : `${n.name} in ${f.cell.formula}`).toBe(n.name);
      });
    }
  });

  test("every reference points at a sheet that exists and at cells that hold something", () => {
    expect(referenceProblems(sheets)).toEqual([]);
  });

  test("every formula's cached value is what the formula computes (our evaluator)", () => {
    expect(evaluatorMismatches(sheets)).toEqual([]);
  });

  test("every formula's cached value agrees with HyperFormula's recalculation", () => {
    expect(hyperFormulaMismatches(sheets)).toEqual([]);
  });

  test("the cover's master check and the Checks sheet agree with the build's checks", () => {
    const cover = byName.get("Cover") as SheetSpec;
    const master = cover.cells.find((line) => line[0]?.value === "Master check")?.[1];
    const fails = build.checks.filter((c) => !c.passed).length;
    expect(master?.formula).toMatch(/^IF\(COUNTIFS\('Checks'!\$G\$7:\$G\$\d+,"FAIL"\)=0/);
    expect(master?.value).toBe(
      fails === 0 ? "All checks pass" : fails === 1 ? "1 check fails" : `${fails} checks fail`,
    );
    const checks = byName.get("Checks") as SheetSpec;
    const list = checks.tables.find((t) => t.name === "ChecksList");
    expect(list?.dataRowCount).toBe(build.checks.length);
    for (const c of build.checks) expect(c.howToFix.length).toBeGreaterThan(5);
  });

  test("contents links every sheet", () => {
    const contents = byName.get("Contents") as SheetSpec;
    const links = contents.cells.flatMap((line) => line.filter((c) => c?.link).map((c) => c?.link));
    expect(links).toEqual(sheets.map((s) => `'${s.name}'!A1`));
  });
});

test("the as-at date used throughout is the workbook's", () => {
  const [, build] = builds[0];
  const cover = build.sheets[0];
  expect(cover.cells.find((l) => l[0]?.value === "Data as at")?.[1]?.value).toBe(AS_AT);
});
