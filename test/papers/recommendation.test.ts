/**
 * Recommendations bound to the figures (src/papers/recommendation.ts): each decision or
 * consultation paper's sentence is one formula over the paper's own cells, its cached text is what
 * that formula gives, the cover lists each sentence by reference, and LibreOffice, recalculating,
 * writes the same UK-style text, and new text when an input changes (no stale words).
 *
 * Expected sentences are written out by hand from the figures the data is known to hold:
 * - the sample (samples/README.md "Key figures"): Schools Block £315,141,000, transfer 0.5% =
 *   £1,575,705, financial year 2026-27; at 0.75% the transfer is 315,141,000 × 0.0075 =
 *   £2,363,557.50;
 * - the fixtures (test/papers/fixtures.ts): Schools Block £26,000,000 at 0.5% = £130,000, 2025-26;
 * - Devon's tariffs (test/papers/tariffs.test.ts): current costs 1,600 + 3,100 + 4,500 + 3,000 +
 *   12,132 + 17,000 + 17,556 = £58,888; proposed (fixtures' band table: mainstream A 1,500,
 *   B 3,200, C 5,800; special C 11,000, D 13,500) 1,500 + 3,200 + 5,800 + 3,200 + 11,000 +
 *   13,500 + 13,500 = £51,700.
 */

import { existsSync, promises as fs, readFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { buildPapers, type PapersBuild } from "../../src/papers";
import { writeTitle } from "../../src/papers/blocks";
import { formulaCell, numberCell, textCell } from "../../src/papers/cells";
import { type FigureKind, figureFormula, figureText, sentenceOf } from "../../src/papers/recommendation";
import { SheetBuilder } from "../../src/papers/sheet-builder";
import type { CellValue, SheetSpec } from "../../src/papers/spec";
import type { Placement, SourceRef } from "../../src/sources/datasets";
import { writePapersWorkbook } from "../../src/workbook/xlsx/write";
import { describeWithLibreOffice, recalculateXlsx } from "../helpers/libreoffice";
import { readBack, type ReadBack } from "../helpers/xlsx-read";
import { date, fullDatasets } from "./fixtures";
import { evaluateFormula, workbookOf } from "./formula";
import { sheet } from "./sheets";

const SAMPLE = "samples/council-sample.xlsx";
const SAMPLE_TRANSFER =
  "The Forum is asked to agree a transfer of £1,575,705 (0.50% of the Schools Block) to the High Needs Block for 2026-27.";
const SAMPLE_TRANSFER_AT_075 =
  "The Forum is asked to agree a transfer of £2,363,557.50 (0.75% of the Schools Block) to the High Needs Block for 2026-27.";
const FIXTURE_TRANSFER =
  "The Forum is asked to agree a transfer of £130,000 (0.50% of the Schools Block) to the High Needs Block for 2025-26.";
const DEVON_BANDING = (verb: string) =>
  `The Forum is asked to ${verb} the proposed bands, which would change the annual cost of the open placements compared from £58,888 (current bands) to £51,700 (proposed bands).`;

/** Each figure kind on values chosen for their traps, with the text UK style (and Excel) gives. */
const KIND_CASES: readonly [CellValue, FigureKind, string][] = [
  [1_575_705, "pounds", "£1,575,705"],
  [1_437_250.5, "pounds", "£1,437,251"], // half a pound rounds up
  [-1_234.4, "pounds", "-£1,234"],
  [-0.4, "pounds", "£0"], // rounds to nothing: no "-£0"
  [4.5 * 1044.85, "pounds-pence", "£4,701.83"], // 4,701.825 in decimals (core/money.ts)
  [2.675, "pounds-pence", "£2.68"],
  [1_575_705, "pounds-pence", "£1,575,705.00"],
  [1_575_705, "amount", "£1,575,705"],
  [2_363_557.5, "amount", "£2,363,557.50"],
  [0.005, "percent", "0.50%"],
  [0.00125, "percent", "0.13%"],
  [-0.0025, "percent", "-0.25%"],
  [3000, "count", "3,000"],
  [46326, "date", "31/10/2026"],
  ["2026-27", "year-label", "2026-27"],
];

describe("figure kinds: the text each gives, UK style", () => {
  test.each(KIND_CASES)("%p as %s is %p", (value, kind, expected) => {
    expect(figureText(value, kind)).toBe(expected);
  });

  test("the formulas round before TEXT, and the amount shows pence only when the figure has them", () => {
    expect(figureFormula("$B$5", "pounds")).toBe('TEXT(ROUND($B$5,0),"£#,##0")');
    expect(figureFormula("$B$5", "pounds-pence")).toBe('TEXT(ROUND($B$5,2),"£#,##0.00")');
    expect(figureFormula("$B$5", "amount")).toBe(
      'IF($B$5=ROUND($B$5,0),TEXT(ROUND($B$5,0),"£#,##0"),TEXT(ROUND($B$5,2),"£#,##0.00"))',
    );
    expect(figureFormula("$B$5", "percent")).toBe('TEXT($B$5,"0.00%")');
    expect(figureFormula("$B$5", "year-label")).toBe("$B$5");
  });

  test("a figure of the wrong type is a bug of ours and throws", () => {
    expect(() => figureText("[c]", "count")).toThrow(/must be a number/);
    expect(() => figureText("2026/27", "year-label")).toThrow(/label such as 2026-27/);
    expect(() => figureText(2026, "year-label")).toThrow(/label such as 2026-27/);
  });

  test("literals: quotes doubled, long text split into constants Excel accepts (255 characters)", () => {
    const long = "x".repeat(300);
    const { formula, text } = sentenceOf([
      { text: 'Say "yes" ', formula: "" },
      { text: "£1", formula: "A1" },
      { text: long, formula: "" },
    ]);
    expect(text).toBe(`Say "yes" £1${long}`);
    expect(formula).toBe(`"Say ""yes"" "&A1&"${"x".repeat(255)}"&"${"x".repeat(45)}"`);
  });
});

const at = (sheetName: string, row: number): SourceRef => ({ sheet: sheetName, row });
let registerRow = 4;
function placement(
  school: string,
  setting: string,
  currentBand: string,
  proposedBand: string,
  annualTopUp?: number,
): Placement {
  registerRow += 1;
  return {
    pupilRef: `UPN-${registerRow}`,
    school,
    setting,
    currentBand,
    proposedBand,
    start: date(2025, 9, 1),
    ...(annualTopUp !== undefined ? { annualTopUp } : {}),
    source: at("Register", registerRow),
  };
}

/** Devon's published tariffs and a seven-placement register (as test/papers/tariffs.test.ts). */
function devon() {
  registerRow = 4;
  return fullDatasets({
    currentBands: [
      { band: "Banding 1", topUp: 1600, source: at("Bands", 4) },
      { band: "Banding 2", topUp: 3100, source: at("Bands", 5) },
      { band: "Banding 3", topUp: 4500, source: at("Bands", 6) },
      { band: "Ellen Tinkham", topUp: 12132, source: at("Bands", 7) },
      { band: "Barley Lane", topUp: 17556, source: at("Bands", 8) },
      { band: "Marland", topUp: 17556, source: at("Bands", 9) },
    ],
    placements: [
      placement("Alder Primary", "Mainstream", "Banding 1", "A"),
      placement("Alder Primary", "Mainstream", "Banding 2", "B"),
      placement("Damson High", "Mainstream", "Banding 3", "C", 4500),
      placement("Damson High", "Mainstream", "Banding 2", "B", 3000),
      placement("Ellen Tinkham", "Special", "Special place", "C"),
      placement("Barley Lane", "Special", "Special place", "D", 17000),
      placement("Marland", "Special", "Special place", "D"),
    ],
  });
}

/** A paper's recommendation cell as built: the cell under its "Recommendation" heading, or undefined. */
interface Found {
  readonly row: number;
  readonly col: number;
  readonly ref: string;
  readonly xref: string;
  readonly value: CellValue;
  readonly formula?: string;
}
function recommendationOf(build: PapersBuild, sheetName: string): Found | undefined {
  const spec = sheet(build, sheetName);
  const heading = spec.cells.findIndex(
    (line) => line[0]?.value === "Recommendation" && line[0]?.style === "label",
  );
  if (heading === -1) return undefined;
  const cell = spec.cells[heading + 1]?.[0];
  if (!cell) throw new Error(`${sheetName}: nothing under the Recommendation heading`);
  const ref = `A${heading + 2}`;
  return {
    row: heading + 1,
    col: 0,
    ref,
    xref: `'${sheetName}'!$A$${heading + 2}`,
    value: cell.value,
    formula: cell.formula,
  };
}

/** The cover's "Recommendations" rows: label and the formula and value of column B. */
function coverLines(build: PapersBuild): { label: CellValue; formula?: string; value: CellValue }[] {
  const cover = sheet(build, "Cover");
  const start = cover.cells.findIndex((line) => line[0]?.value === "Recommendations");
  if (start === -1) return [];
  const out: { label: CellValue; formula?: string; value: CellValue }[] = [];
  for (let r = start + 1; r < cover.cells.length && cover.cells[r][1]?.formula !== undefined; r++) {
    if (!/^'[^']+'!\$A\$\d+$/.test(cover.cells[r][1]?.formula ?? "")) break;
    out.push({
      label: cover.cells[r][0]?.value ?? null,
      formula: cover.cells[r][1]?.formula,
      value: cover.cells[r][1]?.value ?? null,
    });
  }
  return out;
}

/** Notices from the build's formula pass about a cell. */
function formulaNoticesAbout(build: PapersBuild, sheetName: string, ref: string): string[] {
  return build.warnings
    .filter((w) => w.code.startsWith("formula-") && w.message.includes(`'${sheetName}'!${ref} `))
    .map((w) => w.message);
}

describe("the fixtures' papers", () => {
  const build = buildPapers(devon());

  test("the transfer consultation's sentence, its formula over the paper's own cells", () => {
    const rec = recommendationOf(build, "Transfer consultation");
    expect(rec?.value).toBe(FIXTURE_TRANSFER);
    const spec = sheet(build, "Transfer consultation");
    // Our own evaluator, from the cells' cached values, gives the same text.
    expect(evaluateFormula(rec!.formula as string, workbookOf(build.sheets), spec.name)).toBe(
      FIXTURE_TRANSFER,
    );
    // It reads the transfer, the percentage and the year from their own labelled cells.
    const rowOf = (label: string) => spec.cells.findIndex((line) => line[0]?.value === label) + 1;
    expect(rec!.formula).toContain(`$B$${rowOf("Transfer (£)")}`);
    expect(rec!.formula).toContain(`$B$${rowOf("Transfer percentage (input)")}`);
    expect(rec!.formula).toContain(`$B$${rowOf("Financial year the recommendation is for")}`);
    expect(rec!.formula).not.toMatch(/130,000|0\.50%|2025-26/);
    expect(formulaNoticesAbout(build, spec.name, rec!.ref)).toEqual([]);
  });

  test("the banding review's sentence, a consultation: the Forum is asked to comment", () => {
    const rec = recommendationOf(build, "Banding review");
    expect(rec?.value).toBe(DEVON_BANDING("comment on"));
    const spec = sheet(build, "Banding review");
    expect(
      evaluateFormula(spec.cells[rec!.row][rec!.col]!.formula as string, workbookOf(build.sheets), spec.name),
    ).toBe(DEVON_BANDING("comment on"));
    expect(formulaNoticesAbout(build, spec.name, rec!.ref)).toEqual([]);
  });

  test("the cover lists each recommendation as a reference to the paper's cell", () => {
    expect(coverLines(build)).toEqual([
      {
        label: "Transfer consultation",
        formula: recommendationOf(build, "Transfer consultation")!.xref,
        value: FIXTURE_TRANSFER,
      },
      {
        label: "Banding review",
        formula: recommendationOf(build, "Banding review")!.xref,
        value: DEVON_BANDING("comment on"),
      },
    ]);
  });

  test("a decision paper asks the Forum to agree; an information paper carries no recommendation", () => {
    const other = buildPapers(devon(), {
      purpose: { "banding-review": "decision", "transfer-impact": "information" },
    });
    expect(recommendationOf(other, "Banding review")?.value).toBe(DEVON_BANDING("agree"));
    expect(recommendationOf(other, "Transfer consultation")).toBeUndefined();
    expect(coverLines(other).map((l) => l.label)).toEqual(["Banding review"]);
    // Information papers (monitoring, DSG summary, deficit plan, placements) never carry one.
    for (const p of other.papers.filter((x) => x.id !== "banding-review"))
      expect(recommendationOf(other, p.sheet)).toBeUndefined();
  });

  test("without a known financial year the sentence leaves the year out rather than say [x]", () => {
    const fixtures = devon();
    const noYear = buildPapers({
      ...fixtures,
      assumptions: { ...fixtures.assumptions, financialYear: undefined, asAt: undefined },
    });
    expect(recommendationOf(noYear, "Transfer consultation")?.value).toBe(
      "The Forum is asked to agree a transfer of £130,000 (0.50% of the Schools Block) to the High Needs Block.",
    );
  });
});

const haveSample = existsSync(SAMPLE);
const maybe = haveSample ? describe : describe.skip;

async function buildSample(): Promise<PapersBuild> {
  const { readWorkbookFile } = await import("../../src/workbook/xlsx/read");
  const { readDatasets } = await import("../../src/sources");
  const snapshot = await readWorkbookFile(readFileSync(SAMPLE), "council-sample.xlsx");
  return buildPapers(readDatasets(snapshot), { meetingName: "Schools Forum" });
}

/** The sheets with one input cell given a new value (the author typing over it in Excel). */
function withInput(
  sheets: readonly SheetSpec[],
  sheetName: string,
  label: string,
  value: number,
): SheetSpec[] {
  return sheets.map((s) => {
    if (s.name !== sheetName) return s;
    const row = s.cells.findIndex((line) => line[0]?.value === label);
    if (row === -1 || s.cells[row][1]?.style !== "input") throw new Error(`no input labelled ${label}`);
    return {
      ...s,
      cells: s.cells.map((line, r) =>
        r === row ? line.map((c, col) => (col === 1 && c ? { ...c, value } : c)) : line,
      ),
    };
  });
}

/** A sheet of each figure kind over an input cell, with the module's cached text, for LibreOffice. */
function kindsSheet(): SheetSpec {
  const s = new SheetBuilder("Figure kinds", "paper", "figure-kinds", "Figure kinds");
  writeTitle(
    s,
    "Figure kinds",
    "This sheet holds each kind of figure a recommendation writes, over its input.",
  );
  for (const [value, kind] of KIND_CASES) {
    const row = s.nextRow();
    s.put(row, 0, typeof value === "number" ? numberCell(value, "General") : textCell(String(value)));
    s.put(row, 1, formulaCell(figureFormula(s.at(row, 0).abs, kind), figureText(value, kind)));
  }
  return s.toSpec();
}

maybe("the sample's recommendations", () => {
  let build: PapersBuild;
  beforeAll(async () => {
    build = await buildSample();
  }, 120000);

  test("the transfer consultation's sentence reads the sample's figures", () => {
    const rec = recommendationOf(build, "Transfer consultation");
    expect(rec?.value).toBe(SAMPLE_TRANSFER);
    expect(formulaNoticesAbout(build, "Transfer consultation", rec!.ref)).toEqual([]);
  });

  test("the banding review carries a recommendation, listed on the cover after the transfer's", () => {
    const rec = recommendationOf(build, "Banding review");
    expect(rec?.value).toMatch(
      /^The Forum is asked to comment on the proposed bands, which would change the annual cost of the open placements compared from £\d{1,3}(,\d{3})* \(current bands\) to £\d{1,3}(,\d{3})* \(proposed bands\)\.$/,
    );
    expect(formulaNoticesAbout(build, "Banding review", rec!.ref)).toEqual([]);
    expect(coverLines(build).map((l) => [l.label, l.value])).toEqual([
      ["Transfer consultation", SAMPLE_TRANSFER],
      ["Banding review", rec?.value],
    ]);
  });

  describeWithLibreOffice("recalculated in LibreOffice", () => {
    let dir: string;
    let cached: ReadBack;
    let recalculated: ReadBack;
    let changed: ReadBack;
    beforeAll(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), "recommendation-"));
      const first = path.join(dir, "papers.xlsx");
      await fs.writeFile(
        first,
        await writePapersWorkbook([...build.sheets, kindsSheet()], { title: "Recommendations" }),
      );
      const second = path.join(dir, "papers-075.xlsx");
      const at075 = withInput(build.sheets, "Transfer consultation", "Transfer percentage (input)", 0.0075);
      await fs.writeFile(second, await writePapersWorkbook(at075, { title: "Recommendations at 0.75%" }));
      cached = await readBack(first);
      recalculated = await readBack(await recalculateXlsx(first, path.join(dir, "recalc")));
      changed = await readBack(await recalculateXlsx(second, path.join(dir, "recalc")));
    }, 300000);

    afterAll(async () => {
      await fs.rm(dir, { recursive: true, force: true });
    });

    test("each figure kind: LibreOffice's TEXT gives the text our cached value holds", () => {
      const kinds = Object.entries(recalculated["Figure kinds"])
        .filter(([address]) => address.startsWith("B"))
        .sort(([a], [b]) => Number(a.slice(1)) - Number(b.slice(1)))
        .map(([, c]) => c.value);
      expect(kinds).toEqual(KIND_CASES.map(([, , expected]) => expected));
    });

    test("the recommendation cells and the cover's lines read the built figures, equal to the cached text", () => {
      const transfer = recommendationOf(build, "Transfer consultation")!;
      const banding = recommendationOf(build, "Banding review")!;
      const coverB = (label: string) =>
        `B${sheet(build, "Cover").cells.findIndex((line) => line[0]?.value === label && line[1]?.formula) + 1}`;
      expect({
        transfer: recalculated["Transfer consultation"][transfer.ref]?.value,
        banding: recalculated["Banding review"][banding.ref]?.value,
        coverTransfer: recalculated.Cover[coverB("Transfer consultation")]?.value,
        coverBanding: recalculated.Cover[coverB("Banding review")]?.value,
      }).toEqual({
        transfer: SAMPLE_TRANSFER,
        banding: cached["Banding review"][banding.ref]?.value,
        coverTransfer: SAMPLE_TRANSFER,
        coverBanding: banding.value,
      });
      expect(cached["Transfer consultation"][transfer.ref]?.value).toBe(SAMPLE_TRANSFER);
    });

    test("a changed transfer percentage changes the sentence, on the paper and on the cover", () => {
      const transfer = recommendationOf(build, "Transfer consultation")!;
      const coverRow = sheet(build, "Cover").cells.findIndex((line) => line[1]?.formula === transfer.xref);
      expect(changed["Transfer consultation"][transfer.ref]?.value).toBe(SAMPLE_TRANSFER_AT_075);
      expect(changed.Cover[`B${coverRow + 1}`]?.value).toBe(SAMPLE_TRANSFER_AT_075);
    });
  });
});
