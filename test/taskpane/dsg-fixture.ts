/**
 * A small workbook whose cells call DSG.* functions, written as Excel saves them
 * (`_xldudf_DSG_HOURSCOST(...)`), with the results the functions give as cached values: the
 * fixture for the explain list and the share conversion, in Node and in the browser preview.
 *
 * Register (row 1 headers):
 *   B hours, C rate, D start date; E =HOURSCOST(B,C,,6000) (E2 a shared formula filled to E4);
 *   F =FY(D); G2 =BANDCOST(2,Bands!A1:B4); H2:H4 one spilled HOURSCOST over B2:B4;
 *   I2:I3 one spilled HOURSCOST over B2:B3.
 * Row 4 holds hours as text ("10") and a start date as UK text, which DSG reads but an ordinary
 * formula would not: those cells keep their values when shared.
 */
import ExcelJS from "exceljs";
import { hoursCost } from "../../src/core/banding";
import { fyLabelOf, serialFromDate } from "../../src/core/dates";

export const FIXTURE_NAME = "dsg-formulas.xlsx";

const money = (v: unknown): number => {
  if (typeof v !== "number") throw new Error(`fixture: expected a number, got ${String(v)}`);
  return v;
};

export const FIXTURE = (() => {
  const start1 = serialFromDate(2026, 9, 1)!;
  const start2 = serialFromDate(2026, 3, 1)!;
  const rows = [
    { pupil: "P1", hours: 25 as number | string, rate: 13.04, start: start1 as number | string },
    { pupil: "P2", hours: 12.5, rate: 14.95, start: start2 },
    { pupil: "P3", hours: "10", rate: 14.95, start: "01/09/2026" },
  ];
  const hoursOf = (h: number | string) => (typeof h === "number" ? h : Number(h));
  const topUp = rows.map((r) => money(hoursCost(hoursOf(r.hours), r.rate, 38, 6000)));
  const fy = [fyLabelOf(start1), fyLabelOf(start2), fyLabelOf(start1)];
  const spillH = rows.map((r) => money(hoursCost(hoursOf(r.hours), rows[0].rate)));
  const spillI = rows.slice(0, 2).map((r) => money(hoursCost(hoursOf(r.hours), rows[0].rate)));
  return { rows, topUp, fy, bandCost: 9000, spillH, spillI };
})();

/** The fixture's bytes. */
export async function dsgFormulaWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Register");
  ws.addRow(["Pupil", "Hours", "Rate", "Start", "Top-up", "Year", "Band cost", "Spilled", "Spilled 2"]);
  FIXTURE.rows.forEach((r, i) => {
    const row = i + 2;
    ws.getCell(`A${row}`).value = r.pupil;
    ws.getCell(`B${row}`).value = r.hours;
    ws.getCell(`C${row}`).value = r.rate;
    if (typeof r.start === "number") {
      ws.getCell(`D${row}`).value = r.start;
      ws.getCell(`D${row}`).numFmt = "dd/mm/yyyy";
    } else {
      ws.getCell(`D${row}`).value = r.start;
    }
    ws.getCell(`E${row}`).value =
      row === 2
        ? { formula: "_xldudf_DSG_HOURSCOST(B2,C2,,6000)", result: FIXTURE.topUp[0] }
        : { sharedFormula: "E2", result: FIXTURE.topUp[i] };
    ws.getCell(`F${row}`).value = { formula: `_xldudf_DSG_FINYEAR(D${row})`, result: FIXTURE.fy[i] };
  });
  ws.getCell("G2").value = { formula: "_xldudf_DSG_BANDCOST(2,Bands!A1:B4)", result: FIXTURE.bandCost };
  ws.getCell("H2").value = {
    formula: "_xldudf_DSG_HOURSCOST(B2:B4,$C$2)",
    result: FIXTURE.spillH[0],
    shareType: "array",
    ref: "H2:H4",
  } as ExcelJS.CellValue;
  ws.getCell("H3").value = FIXTURE.spillH[1];
  ws.getCell("H4").value = FIXTURE.spillH[2];
  ws.getCell("I2").value = {
    formula: "_xldudf_DSG_HOURSCOST(B2:B3,$C$2)",
    result: FIXTURE.spillI[0],
    shareType: "array",
    ref: "I2:I3",
  } as ExcelJS.CellValue;
  ws.getCell("I3").value = FIXTURE.spillI[1];

  const bands = wb.addWorksheet("Bands");
  bands.addRows([
    ["Band", "Mainstream"],
    [1, 6000],
    [2, 9000],
    [3, 12000],
  ]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
