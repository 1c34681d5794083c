/**
 * A paper-shaped sheet of any size for counting Office round trips (the sync tests and the
 * office-syncs benchmark): a title block, an input cell, `rows` placements with two formula columns,
 * and a totals row. Cached values are placeholders: this sheet is written into the recording fake,
 * never recalculated.
 */
import { NumFmt, type CellSpec, type SheetSpec } from "../../src/papers/spec";

export /** A placements register paper with `rows` data rows: text, dates, inputs, two formula columns, totals. */
function registerSpec(rows: number, name = "Placement register", table = "PlacementRegister"): SheetSpec {
  const header = 3;
  const first = header + 2; // one-based row of the first data row
  const total = first + rows; // one-based row of the totals
  const cells: (CellSpec | null)[][] = [
    [{ value: `${name}: every open top-up placement`, style: "title" }],
    [{ value: "One row per placement, with its annual cost at 38 weeks, £", style: "subtitle" }],
    [
      { value: "Weeks a year", style: "label" },
      { value: 38, style: "input", numFmt: NumFmt.count },
    ],
    [
      "Placement",
      "Setting",
      "Band",
      "Start date",
      "Hours a week",
      "Hourly rate (£)",
      "Annual cost (£)",
      "Share of total",
    ].map((h): CellSpec => ({ value: h, style: "header" })),
  ];
  const settings = ["Special school", "Mainstream", "Independent special school", "Alternative provision"];
  for (let i = 0; i < rows; i++) {
    const r = first + i;
    const hours = 10 + (i % 23);
    const rate = 14 + (i % 7) * 0.35;
    cells.push([
      { value: `P${String(i + 1).padStart(6, "0")}` },
      { value: settings[i % settings.length] },
      { value: `Band ${1 + (i % 6)}` },
      { value: 45_900 + (i % 700), numFmt: NumFmt.date },
      { value: hours, numFmt: NumFmt.decimal1, style: "input" },
      { value: rate, numFmt: NumFmt.poundsPence, style: "input" },
      {
        value: Math.round(hours * rate * 38 * 100) / 100,
        formula: `ROUND(E${r}*F${r}*$B$3,2)`,
        numFmt: NumFmt.poundsPence,
      },
      { value: 0, formula: `G${r}/$G$${total}`, numFmt: NumFmt.percent },
    ]);
  }
  cells.push([
    { value: "Total", style: "total" },
    null,
    null,
    null,
    { value: 0, formula: `SUM(E${first}:E${total - 1})`, numFmt: NumFmt.decimal1, style: "total" },
    null,
    { value: 0, formula: `SUM(G${first}:G${total - 1})`, numFmt: NumFmt.poundsPence, style: "total" },
    { value: 1, formula: `SUM(H${first}:H${total - 1})`, numFmt: NumFmt.percent, style: "total" },
  ]);
  return {
    name,
    kind: "paper",
    id: name.toLowerCase().replace(/\W+/g, "-"),
    cells,
    tables: [
      {
        name: table,
        headerRow: header,
        firstCol: 0,
        columnCount: 8,
        dataRowCount: rows,
        totalsRow: true,
        altText: "Every open placement.",
      },
    ],
    charts: [],
    columnWidths: [12, 28, 10, 12, 12, 14, 16, 12],
    print: {
      orientation: "landscape",
      paperSize: "A4",
      fitToWidth: 1,
      repeatRows: { first: header, last: header },
      footer: name,
    },
    freezeRows: header + 1,
  };
}
