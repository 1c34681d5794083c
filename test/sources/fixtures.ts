/**
 * A small council workbook in the agreed standard layout (see the sample generator), built in
 * code so each test can see exactly which row holds what. Row numbers in comments are 1-based.
 */

import type { SheetSnapshot, SnapshotValue } from "../../src/sources/snapshot";
import { serial, sheet, workbook } from "./helpers";

type Row = (SnapshotValue | undefined)[];

export function hnbMonitoring(): SheetSnapshot {
  const rows: Row[] = [
    ["High Needs Block budget monitoring 2026-27"], // 1 (merged A1:H1)
    ["Month 6 position"], // 2
    [], // 3
    [
      "s251 line",
      "Description",
      "Cost centre",
      "Annual budget £",
      "Forecast outturn £",
      "Variance £",
      "Forecast at last report £",
      "Note",
    ], // 4
    [null, "Place funding"], // 5 section heading
    ["1.2.1", "Special schools place funding", "CC101", 4000000, 4000000, 0, 4000000, null], // 6
    [
      "1.2.2",
      "Resourced provision places",
      "CC102",
      "£1,200,000",
      "1,250,000.50",
      50000.5,
      1240000,
      "Two new bases",
    ], // 7
    [null, "Subtotal – place funding", null, 5200000, 5250000.5, 50000.5, 5240000], // 8
    [null, "Top-up funding"], // 9 heading
    ["1.2.3", "Top-up: mainstream", "CC103", 3000000, "(3,100,000)", -6100000, 3050000, null], // 10
    ["1.2.4", "Top-up: special", "CC104", 6000000, 6400000, 400000, 6300000], // 11
    [null, "Subtotal – top-up funding", null, 9000000, 3300000, -5700000, 9350000], // 12
    [], // 13
    [null, "Total High Needs Block", null, 14200000, 8550000.5, -5649999.5, 14590000], // 14
  ];
  return sheet("HNB monitoring", rows, { merges: ["A1:H1"], hiddenColumns: ["C"] });
}

export function dsgSummary(): SheetSnapshot {
  return sheet("DSG summary", [
    ["Dedicated Schools Grant summary"],
    [],
    [
      "Block",
      "DfE allocation",
      "Transfers between blocks",
      "Current budget",
      "Forecast outturn",
      "Previous forecast",
    ],
    ["Schools Block", 250000000, -1250000, 248750000, 248700000, 248720000],
    ["Central School Services Block", 3000000, 0, 3000000, 2990000, 3000000],
    ["High Needs Block", 60000000, 1250000, 61250000, 66000000, 65500000],
    ["Early Years Block", 30000000, null, 30000000, 29800000, 29900000],
    ["Total", 343000000, 0, 343000000, 347490000, 347120000],
  ]);
}

/** The register: rows 5.. data. Returns the sheet and the seeded problems. */
export function register(): { sheet: SheetSnapshot; seeded: { row: number; code: string }[]; used: number } {
  const rows: Row[] = [
    ["Top-up placements register"],
    ["As at 30 September 2025"],
    [],
    [
      "Pupil ref",
      "School",
      "Setting",
      "Current band",
      "Proposed band",
      "Hours per week",
      "Start date",
      "End date",
    ], // 4
    ["P0001", "Oakfield Primary", "Mainstream", "B", "C", 15, serial(2025, 9, 1), null], // 5
    ["P0002", "Oakfield Primary", "Mainstream", "C", "C", "20", "01/09/2025", "31/03/2026"], // 6 text number + UK dates
    ["P0003", "Brook Special School", "Special school", "D", "E", 32.5, "1 Sept 2025", null], // 7
    ["P0004", "Hill Academy", "Mainstream", "A", "B", "tbc", serial(2025, 9, 1), null], // 8 not-a-number
    ["P0005", "Hill Academy", "Mainstream", "A", "B", 10, "31/02/2025", null], // 9 not-a-date
    ["P0006", null, "Mainstream", "A", "B", 10, serial(2025, 9, 1), null], // 10 missing school
    ["P0007", "Hill Academy", "Mainstream", "B", "B", 12, serial(2025, 9, 1), serial(2025, 8, 1)], // 11 end-before-start
    ["P0008", "Hill Academy", "Mainstream", "B", "B", -5, serial(2025, 9, 1), null], // 12 negative
    ["P0001", "Oakfield Primary", "Mainstream", "B", "C", 15, serial(2025, 9, 1), null], // 13 duplicate of row 5
    [], // 14 blank (ignored)
    ["P0001", "Oakfield Primary", "Mainstream", "B", "C", 15, serial(2026, 1, 5), null], // 15 same pupil, new start: fine
    [1234, "Resource Base North", "Resourced provision", 2, 3, 25, serial(2025, 4, 1), null], // 16 numeric ref and bands
    ["Total placements", 5], // 17 count of used rows
  ];
  return {
    sheet: sheet("Top-up register", rows),
    seeded: [
      { row: 8, code: "not-a-number" },
      { row: 9, code: "not-a-date" },
      { row: 10, code: "missing" },
      { row: 11, code: "end-before-start" },
      { row: 12, code: "negative" },
      { row: 13, code: "duplicate" },
    ],
    used: 5,
  };
}

export function bands(): SheetSnapshot {
  return sheet("Bands", [
    ["Banding tables"], // 1
    [], // 2
    ["Band", "Hours per week"], // 3
    ["A", 5],
    ["B", 10],
    ["C", 15],
    ["D", 25],
    ["E", 32.5], // 8
    [], // 9
    ["Proposed needs-led bands from April 2026 (£ a year)"], // 10 caption
    ["Band", "Mainstream", "Resourced provision", "Special school", "Post-16 FE"], // 11
    ["1", 3000, 6000, 9000, 2500],
    ["2", 6000, 9000, 12000, 5000],
    ["3", 9000, "£12,000", 15000, null],
    ["4", 12000, 15000, 18000, 10000], // 15
  ]);
}

export function schools(): SheetSnapshot {
  return sheet("Schools", [
    ["Local formula allocations 2026-27"],
    ["Before any transfer"],
    [],
    ["School", "URN", "Phase", "Maintained/Academy", "Pupils", "Formula allocation £", "Protected floor £"], // 4
    ["Oakfield Primary", 100001, "Primary", "Maintained", 420, 2100000, 2050000],
    ["Hill Academy", "100002", "Secondary", "Academy", 1100, 7000000, 6900000],
    ["Brook Infants", 100003, "Primary", "Academy", 180, 950000, 940000],
    ["Total", null, null, null, 1700, 10050000, 9890000], // 8
  ]);
}

export function deficitPlan(): SheetSnapshot {
  return sheet("Deficit plan", [
    ["Deficit management plan"],
    [],
    ["Financial year", "HNB funding", "Expenditure", "Savings", "Transfers in", "Other income", "Write-offs"],
    ["2026-27", 61250000, 66000000, 500000, 1250000, 0, 0],
    ["2027-28", 62500000, 69000000, 1500000, 0, 0, 0],
    ["2028-29", 63700000, 72000000, 2500000, 0, 0, null],
  ]);
}

export function keyFigures(): SheetSnapshot {
  return sheet("Key figures", [
    ["Key figures and assumptions"],
    [],
    ["Item", "Value"], // 3
    ["Council", "Anytown Council"],
    ["Schools block before recoupment", "£250,000,000"],
    ["Schools block is estimate", "Yes"],
    ["Transfer percentage", "0.5%"],
    ["Opening DSG balance", "(12,500,000)"],
    ["Hourly rate", 21.5],
    ["Weeks per year", 38],
    ["Data as at", "30/09/2025"],
    ["Financial year", "2026-27"],
    ["Name of finance lead", "J Smith"], // unmatched: ignored
  ]);
}

export function standardWorkbook() {
  const reg = register();
  return {
    workbook: workbook([
      hnbMonitoring(),
      dsgSummary(),
      reg.sheet,
      bands(),
      schools(),
      deficitPlan(),
      keyFigures(),
    ]),
    register: reg,
  };
}
