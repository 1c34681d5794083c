/**
 * The workbook-file engine (src/app/file-engine.ts) in Node: DSG formulas found in a file (shared
 * and spilled ones included), explained from the file's values, converted for readers without the
 * add-in (checked by LibreOffice recalculating the copy), and the mapping saved in a copy of the
 * file. The preview's pane-side wrapper is exercised by the browser tests.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import {
  explainFormula,
  fileWithMapping,
  formulaRefs,
  indexFormulas,
  openWorkbookFile,
  shareFile,
  shareableSheets,
} from "../../src/app/file-engine";
import { readDatasets } from "../../src/sources";
import { readWorkbookFile } from "../../src/workbook/xlsx/read";
import { parseSavedMapping, toSavedMapping } from "../../src/sources/mapping";
import { SAVED_MAPPING_SHEET } from "../../src/workbook/port";
import { describeWithLibreOffice, recalculateXlsx } from "../helpers/libreoffice";
import { readBack } from "../helpers/xlsx-read";
import { FIXTURE, FIXTURE_NAME, dsgFormulaWorkbook } from "../taskpane/dsg-fixture";

async function opened() {
  const bytes = await dsgFormulaWorkbook();
  const o = await openWorkbookFile({ name: FIXTURE_NAME, bytes });
  return { o, index: await indexFormulas(o) };
}

describe("DSG formulas in a file", () => {
  test("listed with what they show, shared formulas expanded and spills sized", async () => {
    const { index } = await opened();
    const refs = formulaRefs(index);
    expect(refs.map((r) => `${r.sheet}!${r.cell}`)).toEqual([
      "Register!E2",
      "Register!F2",
      "Register!G2",
      "Register!H2",
      "Register!I2",
      "Register!E3",
      "Register!F3",
      "Register!E4",
      "Register!F4",
    ]);
    expect(refs.find((r) => r.cell === "E3")?.formula).toBe("=DSG.HOURSCOST(B3,C3,,6000)");
    expect(refs.find((r) => r.cell === "H2")?.spill).toEqual({ rows: 3, cols: 1 });
    expect(shareableSheets(index)).toEqual([
      { name: "Register", dsgFormulas: 9 },
      { name: "Bands", dsgFormulas: 0 },
    ]);
  });

  test("explained from the file's values", async () => {
    const { o, index } = await opened();
    const refs = formulaRefs(index);
    const e2 = explainFormula(
      o,
      index,
      refs.find((r) => r.cell === "E2")!,
    );
    expect(e2).toMatchObject({
      kind: "explained",
      cell: "Register!E2",
      formula: "=DSG.HOURSCOST(B2,C2,,6000)",
    });
    if (e2.kind !== "explained") throw new Error("not explained");
    expect(e2.view.result.text).toBe("£6,388.00");
    expect(e2.view.args[0]).toMatchObject({ name: "hoursPerWeek", value: "25", where: "B2 on Register" });
    const g2 = explainFormula(
      o,
      index,
      refs.find((r) => r.cell === "G2")!,
    );
    if (g2.kind !== "explained") throw new Error("not explained");
    expect(g2.view.result.text).toBe("£9,000.00");
    const h2 = explainFormula(
      o,
      index,
      refs.find((r) => r.cell === "H2")!,
    );
    if (h2.kind !== "explained") throw new Error("not explained");
    expect(h2.view.element).toBe("row 1 of 3");
  });
});

describe("sharing with readers who do not have the add-in", () => {
  let copy: Uint8Array;
  let message: string;
  beforeAll(async () => {
    const { o, index } = await opened();
    const result = await shareFile(o, index, ["Register"]);
    copy = result.bytes;
    message = result.message;
  });

  test("HOURSCOST and FY become native formulas; the rest keep their values", async () => {
    expect(message).toMatch(/^9 DSG formulas converted: 5 to ordinary Excel formulas, 4 to values/);
    const back = await readBack(copy);
    const reg = back.Register;
    expect(reg.E2).toMatchObject({ formula: "ROUND(MAX(0,B2*C2*38-6000),2)", value: FIXTURE.topUp[0] });
    expect(reg.E3).toMatchObject({ formula: "ROUND(MAX(0,B3*C3*38-6000),2)", value: FIXTURE.topUp[1] });
    expect(reg.E4.formula).toBeUndefined();
    expect(reg.E4.value).toBe(FIXTURE.topUp[2]);
    expect(reg.F2.formula).toBe('YEAR(D2)-(MONTH(D2)<4)&"-"&RIGHT(YEAR(D2)-(MONTH(D2)<4)+1,2)');
    expect(reg.F4).toMatchObject({ value: FIXTURE.fy[2] });
    expect(reg.F4.formula).toBeUndefined();
    expect(reg.G2).toMatchObject({ value: 9000 });
    expect(reg.G2.formula).toBeUndefined();
    expect([reg.H2, reg.H3, reg.H4].map((c) => [c.formula, c.value])).toEqual(
      FIXTURE.spillH.map((v) => [undefined, v]),
    );
    expect(reg.I2.formula).toBe("ROUND(MAX(0,B2*$C$2*38),2)");
    expect(reg.I3.formula).toBe("ROUND(MAX(0,B3*$C$2*38),2)");
    // No DSG call is left on the shared sheet.
    expect(Object.values(reg).some((c) => /DSG/i.test(c.formula ?? ""))).toBe(false);
  });

  test("a note sheet lists each conversion", async () => {
    const back = await readBack(copy);
    const note = back["Converted formulas"];
    expect(note.A1.value).toBe("Formulas converted for readers without Forum Papers");
    const rows = Object.keys(note).filter((k) => k.startsWith("B") && k !== "B3").length;
    expect(rows).toBe(9);
    expect(note.C4.value).toBe("=DSG.HOURSCOST(B2,C2,,6000)");
  });

  test("the copy still reads as a workbook (the reader finds both original sheets)", async () => {
    const snapshot = await readWorkbookFile(copy, "copy.xlsx");
    expect(snapshot.sheets.map((s) => s.name)).toEqual(["Register", "Bands", "Converted formulas"]);
  });
});

describeWithLibreOffice("the shared copy recalculated by LibreOffice", () => {
  test("every native formula gives the DSG function's answer", async () => {
    const { o, index } = await opened();
    const result = await shareFile(o, index, ["Register"]);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "share-recalc-"));
    const input = path.join(dir, "shared.xlsx");
    await fs.writeFile(input, result.bytes);
    const out = await recalculateXlsx(input, path.join(dir, "out"));
    const reg = (await readBack(out)).Register;
    expect([reg.E2.value, reg.E3.value]).toEqual(FIXTURE.topUp.slice(0, 2));
    expect([reg.F2.value, reg.F3.value]).toEqual(FIXTURE.fy.slice(0, 2));
    expect([reg.I2.value, reg.I3.value]).toEqual(FIXTURE.spillI);
    expect(reg.E2.error).toBeUndefined();
  });
});

describe("saving the mapping in a copy of the file", () => {
  test("a very hidden sheet the reader finds next time", async () => {
    const bytes = await fs.readFile(path.join(__dirname, "../../samples/council-sample.xlsx"));
    const o = await openWorkbookFile({ name: "council-sample.xlsx", bytes: new Uint8Array(bytes) });
    const mapping = toSavedMapping(readDatasets(o.snapshot).mappings);
    expect(Object.keys(mapping.datasets).length).toBeGreaterThan(0);
    const saved = await fileWithMapping(o, mapping);
    const snapshot = await readWorkbookFile(saved, "saved.xlsx");
    expect(snapshot.sheets.some((s) => s.name === SAVED_MAPPING_SHEET)).toBe(false);
    expect(parseSavedMapping(snapshot.savedMapping!)).toEqual(mapping);
    // The copy's other sheets are the original's, in the original's order.
    expect(snapshot.sheets.map((s) => s.name)).toEqual(o.snapshot.sheets.map((s) => s.name));
  });
});

describe("a file that is not a workbook", () => {
  test("is refused with a message for the user, not the reader's own words", async () => {
    const refused = openWorkbookFile({ name: "notes.xlsx", bytes: new TextEncoder().encode("just text") });
    await expect(refused).rejects.toMatchObject({ name: "UserError" });
    await expect(refused).rejects.toThrow(/^notes\.xlsx .*\.$/);
  });
});
