/**
 * The same council data in three differently laid-out workbooks: different header wording, header
 * rows at different heights, columns in a different order, extra columns nobody asked for, tables
 * side by side and on separate sheets. Each must map automatically and give the same datasets.
 */

import { readDatasets, type SourceReport } from "../../src/sources";
import type { SnapshotValue } from "../../src/sources/snapshot";
import { serial, sheet, workbook } from "./helpers";

type Row = (SnapshotValue | undefined)[];

const LINES = [
  { s251: "1.0.2", line: "Place funding", budget: 6000000, forecast: 6000000, last: 6000000 },
  { s251: "1.2.1", line: "Top-up mainstream", budget: 5000000, forecast: 5600000, last: 5500000 },
  { s251: "1.2.3", line: "Independent special schools", budget: 9000000, forecast: 11000000, last: 10500000 },
];
const BLOCKS = [
  {
    block: "Schools",
    allocation: 250000000,
    transfers: -1250000,
    budget: 248750000,
    forecast: 248600000,
    last: 248700000,
  },
  {
    block: "High Needs",
    allocation: 58750000,
    transfers: 1250000,
    budget: 60000000,
    forecast: 66000000,
    last: 65500000,
  },
];
const PLACEMENTS = [
  {
    ref: "NB-1",
    school: "Oakfield Primary",
    setting: "Mainstream",
    band: "B",
    proposed: "C",
    hours: 10,
    start: serial(2025, 9, 1),
    end: undefined,
  },
  {
    ref: "NB-2",
    school: "Brook School",
    setting: "Special school",
    band: "D",
    proposed: "D",
    hours: undefined,
    start: serial(2024, 9, 1),
    end: serial(2026, 7, 31),
  },
  {
    ref: "NB-3",
    school: "Hill Academy",
    setting: "Resourced provision",
    band: "C",
    proposed: undefined,
    hours: 15,
    start: serial(2026, 1, 5),
    end: undefined,
  },
];
const BANDS = [
  ["A", 5],
  ["B", 10],
  ["C", 15],
] as const;
const TARIFF = [
  ["1", 3000, 9000],
  ["2", 6000, 12000],
] as const;
const SCHOOLS = [
  {
    name: "Oakfield Primary",
    urn: "100001",
    phase: "Primary",
    type: "Maintained",
    pupils: 420,
    allocation: 2100000,
    floor: 2050000,
  },
  {
    name: "Hill Academy",
    urn: "100002",
    phase: "Secondary",
    type: "Academy",
    pupils: 1100,
    allocation: 7000000,
    floor: 6900000,
  },
];
const PLAN = [
  {
    year: "2026-27",
    funding: 58750000,
    expenditure: 66000000,
    savings: 1000000,
    transfers: 1250000,
    other: 0,
    writeOffs: 0,
  },
  {
    year: "2027-28",
    funding: 60000000,
    expenditure: 70000000,
    savings: 2000000,
    transfers: 0,
    other: 500000,
    writeOffs: 0,
  },
];

const dmy = (s: number) => {
  const d = new Date(Date.UTC(1899, 11, 30) + s * 86400000);
  return `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
};
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const pad = (n: number): Row[] => Array.from({ length: n }, () => []);

/** Layout 1: every header on row 1, renamed sheets, reordered and extra columns, bands side by side. */
function layout1() {
  return workbook([
    sheet("Budget monitoring", [
      [
        "Service",
        "Code",
        "Budget 2026-27",
        "Projection",
        "Variance",
        "Last forecast",
        "Budget holder",
        "Comments",
      ],
      ...LINES.map((l) => [
        l.line,
        l.s251,
        l.budget,
        l.forecast,
        l.forecast - l.budget,
        l.last,
        "J Smith",
        null,
      ]),
      [
        "Total",
        null,
        sum(LINES.map((l) => l.budget)),
        sum(LINES.map((l) => l.forecast)),
        null,
        sum(LINES.map((l) => l.last)),
      ],
    ]),
    sheet("DSG", [
      ["DSG block", "Allocation", "Budget", "Transfer", "Outturn", "Last forecast"],
      ...BLOCKS.map((b) => [b.block, b.allocation, b.budget, b.transfers, b.forecast, b.last]),
    ]),
    sheet("Register Oct", [
      [
        "Provider",
        "UPN",
        "NCY",
        "Provision type",
        "Band",
        "New band",
        "Weekly hours",
        "Primary need",
        "From",
        "To",
        "Case officer",
      ],
      ...PLACEMENTS.map((p) => [
        p.school,
        p.ref,
        "R",
        p.setting,
        p.band,
        p.proposed,
        p.hours,
        "ASD",
        p.start,
        p.end,
        "A Officer",
      ]),
    ]),
    sheet("Bands", [
      ["Level", "Weekly hours", null, "Tariff", "Mainstream", "Special school"],
      ...[0, 1, 2].map((i) => [BANDS[i][0], BANDS[i][1], null, ...(TARIFF[i] ?? [])]),
    ]),
    sheet("APT schools", [
      ["DfE number", "School name", "Status", "Sector", "NOR", "Budget share", "Minimum funding", "Ward"],
      ...SCHOOLS.map((s) => [
        Number(s.urn),
        s.name,
        s.type,
        s.phase,
        s.pupils,
        s.allocation,
        s.floor,
        "North",
      ]),
    ]),
    sheet("Recovery plan", [
      [
        "Year",
        "HNB income",
        "Projected expenditure",
        "Mitigations",
        "Schools block transfer",
        "Contributions",
        "HNSG",
      ],
      ...PLAN.map((y) => [y.year, y.funding, y.expenditure, y.savings, y.transfers, y.other, y.writeOffs]),
    ]),
    sheet("Assumptions", [
      ["Parameter", "Value"],
      ["Local authority", "Northbrook"],
      ["Transfer %", "0.5%"],
      ["As at", serial(2026, 10, 31)],
    ]),
  ]);
}

const TITLE6 = (t: string): Row[] => [[t], ["Month 7"], ["Prepared by: finance"], ["Status: draft"], []];

/** Layout 2: headers on row 6 under four title lines; key figures beside the DSG table; sub-totals; a hidden lookups sheet. */
function layout2() {
  return workbook([
    sheet("Notes", [["This workbook holds the DSG monitoring pack."], ["Tables start on row 6."]]),
    sheet(
      "HN monitoring M7",
      [
        ...TITLE6("High Needs Block – forecast outturn"),
        [
          "Line code",
          "Budget heading",
          "Revised budget",
          "Forecast",
          "Variance",
          "Previous forecast",
          "RAG",
          "Commentary",
        ],
        ["Place funding"],
        [LINES[0].s251, LINES[0].line, LINES[0].budget, LINES[0].forecast, 0, LINES[0].last, "G", null],
        [null, "Sub-total", LINES[0].budget, LINES[0].forecast, 0, LINES[0].last],
        [],
        ["Top-up funding"],
        ...LINES.slice(1).map((l) => [
          l.s251,
          l.line,
          l.budget,
          l.forecast,
          l.forecast - l.budget,
          l.last,
          "R",
          "Pressure",
        ]),
        [
          null,
          "Sub-total",
          sum(LINES.slice(1).map((l) => l.budget)),
          sum(LINES.slice(1).map((l) => l.forecast)),
          null,
          sum(LINES.slice(1).map((l) => l.last)),
        ],
        [],
        [
          null,
          "Total High Needs Block",
          sum(LINES.map((l) => l.budget)),
          sum(LINES.map((l) => l.forecast)),
          null,
          sum(LINES.map((l) => l.last)),
        ],
      ],
      { merges: ["A1:H1"] },
    ),
    sheet("DSG position", [
      ...TITLE6("Dedicated Schools Grant position"),
      [
        "Block",
        "Allocation after recoupment",
        "Block transfers",
        "Annual budget",
        "Projected outturn",
        "Forecast at last report",
        null,
        "Assumption",
        "Amount",
      ],
      ...BLOCKS.map((b, i) => [
        `${b.block} Block`,
        b.allocation,
        b.transfers,
        b.budget,
        b.forecast,
        b.last,
        null,
        ...([
          ["Council", "Northbrook"],
          ["Block transfer %", 0.005],
        ][i] ?? []),
      ]),
      [null, null, null, null, null, null, null, "Position as at", "31/10/2026"],
    ]),
    sheet("EHCP placements", [
      ...TITLE6("EHCP placements with top-up funding"),
      [
        "Child ref",
        "Case officer",
        "Establishment",
        "Placement type",
        "Existing band",
        "Future band",
        "Support hours",
        "Placement start",
        "Placement end",
        "Review due",
      ],
      ...PLACEMENTS.map((p) => [
        p.ref,
        "A Officer",
        p.school,
        p.setting,
        p.band,
        p.proposed,
        p.hours,
        p.start,
        p.end,
        serial(2027, 1, 1),
      ]),
      ["Total placements", PLACEMENTS.length],
    ]),
    sheet("Banding", [
      ...TITLE6("Banding"),
      ["Current band", "Support hours"],
      ...BANDS.map((b) => [...b]),
      [],
      ["Needs-led banding from 2027-28"],
      ["Needs-led band", "Mainstream", "Special school"],
      ...TARIFF.map((t) => [...t]),
    ]),
    sheet("Schools 26-27", [
      ...TITLE6("Schools budget shares"),
      [
        "Establishment",
        "LAESTAB",
        "School phase",
        "Governance",
        "Pupil numbers",
        "Budget share before transfer",
        "Protection floor",
      ],
      ...SCHOOLS.map((s) => [s.name, s.urn, s.phase, s.type, s.pupils, s.allocation, s.floor]),
      [
        "Total all schools",
        null,
        null,
        null,
        sum(SCHOOLS.map((s) => s.pupils)),
        sum(SCHOOLS.map((s) => s.allocation)),
        sum(SCHOOLS.map((s) => s.floor)),
      ],
    ]),
    sheet("DMP", [
      ...TITLE6("DSG management plan"),
      [
        "FY",
        "High needs funding",
        "Spend",
        "Management actions",
        "Block transfer",
        "Other contributions",
        "Write off",
      ],
      ...PLAN.map((y) => [
        y.year,
        y.funding,
        y.expenditure,
        y.savings,
        y.transfers || null,
        y.other || null,
        y.writeOffs || null,
      ]),
    ]),
    sheet(
      "Lists",
      [
        ["Settings", "Phases"],
        ["Mainstream", "Primary"],
        ["Special school", "Secondary"],
      ],
      { hidden: true },
    ),
  ]);
}

const TITLE9 = (t: string): Row[] => [
  [t],
  ["Northbrook Council"],
  ["Education finance"],
  ["2026-27"],
  ["Version 3"],
  ["Printed 04/11/2026"],
  ["OFFICIAL"],
  [],
];

/** Layout 3: headers on row 9; dates as UK text; amounts as text; hidden columns; "Total <section>" then "Grand total". */
function layout3() {
  return workbook([
    sheet(
      "HNB M7 forecast",
      [
        ...TITLE9("High Needs Block forecast – month 7"),
        [
          "s251",
          "Expenditure line",
          "Approved budget",
          "Last reported forecast",
          "Outturn",
          "Variance",
          "Variance %",
          "Explanation",
        ],
        ["Place funding"],
        [
          LINES[0].s251,
          LINES[0].line,
          `£${LINES[0].budget.toLocaleString("en-GB")}`,
          LINES[0].last,
          LINES[0].forecast,
          0,
          0,
          null,
        ],
        [null, "Total place funding", LINES[0].budget, LINES[0].last, LINES[0].forecast],
        ["Top-up funding"],
        ...LINES.slice(1).map((l) => [
          l.s251,
          l.line,
          String(l.budget),
          l.last,
          l.forecast,
          l.forecast - l.budget,
          0.1,
          null,
        ]),
        [
          null,
          "Total top-up funding",
          sum(LINES.slice(1).map((l) => l.budget)),
          sum(LINES.slice(1).map((l) => l.last)),
          sum(LINES.slice(1).map((l) => l.forecast)),
        ],
        [
          null,
          "Grand total",
          sum(LINES.map((l) => l.budget)),
          sum(LINES.map((l) => l.last)),
          sum(LINES.map((l) => l.forecast)),
        ],
      ],
      { merges: ["A1:H1"] },
    ),
    sheet("DSG", [
      ...TITLE9("Dedicated Schools Grant"),
      [
        "Funding block",
        "Grant allocation",
        "Movement between blocks",
        "Revised budget",
        "Forecast outturn",
        "Previous forecast",
        "Variance",
      ],
      ...BLOCKS.map((b) => [
        b.block,
        b.allocation,
        b.transfers,
        b.budget,
        b.forecast,
        b.last,
        b.forecast - b.budget,
      ]),
    ]),
    sheet(
      "Placements",
      [
        ...TITLE9("Placements funded from the High Needs Block"),
        [
          "Case ref",
          "Type of provision",
          "School name",
          "Case officer",
          "Old band",
          "Needs-led band",
          "TA hours",
          "Date started",
          "Leaving date",
          "Primary need",
        ],
        ...PLACEMENTS.map((p) => [
          p.ref,
          p.setting,
          p.school,
          "A Officer",
          p.band,
          p.proposed,
          p.hours,
          dmy(p.start),
          p.end === undefined ? null : dmy(p.end),
          "SEMH",
        ]),
      ],
      { hiddenColumns: ["D"] },
    ),
    sheet("Current bands", [
      ...TITLE9("Current bands"),
      ["Band", "Hours a week"],
      ...BANDS.map((b) => [...b]),
    ]),
    sheet("Proposed bands", [
      ...TITLE9("Proposed bands 2027-28 (annual top-up £)"),
      ["Proposed band", "Descriptor", "Mainstream", "Special school"],
      ...TARIFF.map(([band, ...values]) => [band, "descriptor text", ...values]),
    ]),
    sheet(
      "Formula allocations",
      [
        ...TITLE9("Local formula allocations"),
        [
          "Academy/School",
          "URN",
          "Phase",
          "School type",
          "October census pupils",
          "NFF allocation",
          "MFG/MPPL floor",
          "Allocation per pupil",
          "Head teacher",
        ],
        ...SCHOOLS.map((s) => [
          s.name,
          s.urn,
          s.phase,
          s.type,
          s.pupils,
          s.allocation,
          s.floor,
          s.allocation / s.pupils,
          "Mrs Head",
        ]),
        [
          "Total",
          null,
          null,
          null,
          sum(SCHOOLS.map((s) => s.pupils)),
          sum(SCHOOLS.map((s) => s.allocation)),
          sum(SCHOOLS.map((s) => s.floor)),
        ],
      ],
      { hiddenColumns: ["I"] },
    ),
    sheet("Management plan", [
      ...TITLE9("DSG management plan"),
      [
        "Financial year",
        "Funding",
        "Unmitigated expenditure",
        "Plan savings",
        "Transfers",
        "Safety valve",
        "Stability grant",
        "In-year balance",
      ],
      ...PLAN.map((y) => [y.year, y.funding, y.expenditure, y.savings, y.transfers, y.other, y.writeOffs, 0]),
    ]),
    sheet("Parameters", [
      ...TITLE9("Parameters"),
      ["Item", "Value"],
      ["Authority", "Northbrook"],
      ["Proposed transfer", 0.005],
      ["As at", "31 Oct 2026"],
    ]),
    sheet("Cover", [...pad(2), ["Northbrook Council"], ["Schools Forum – DSG workbook"]]),
  ]);
}

/** The datasets with source rows removed: what must be the same in every layout. */
function content(d: SourceReport) {
  /** A copy without the named key (source rows differ between layouts by design). */
  const without = <T extends object>(x: T, key: string): Record<string, unknown> =>
    Object.fromEntries(Object.entries(x).filter(([k]) => k !== key));
  const strip = <T extends object>(xs: readonly T[] | undefined) => xs?.map((x) => without(x, "source"));
  const assumptions = without(d.assumptions, "sources");
  return {
    budgetLines: strip(d.budgetLines)?.map((l) => ({ ...l, note: undefined })),
    dsgBlocks: strip(d.dsgBlocks)?.map((b) => ({ ...b, block: String(b.block).replace(/ Block$/, "") })),
    placements: strip(d.placements),
    currentBands: strip(d.currentBands),
    proposedBands: { settings: d.proposedBands?.settings, rows: strip(d.proposedBands?.rows) },
    schools: strip(d.schools),
    deficitPlan: strip(d.deficitPlan),
    assumptions,
  };
}

const expected = {
  budgetLines: LINES.map((l) => ({
    s251: l.s251,
    line: l.line,
    budget: l.budget,
    forecast: l.forecast,
    lastForecast: l.last,
    note: undefined,
  })),
  dsgBlocks: BLOCKS.map((b) => ({
    block: b.block,
    allocation: b.allocation,
    transfers: b.transfers,
    budget: b.budget,
    forecast: b.forecast,
    lastForecast: b.last,
  })),
  placements: PLACEMENTS.map((p) => ({
    pupilRef: p.ref,
    school: p.school,
    setting: p.setting,
    currentBand: p.band,
    ...(p.proposed !== undefined ? { proposedBand: p.proposed } : {}),
    ...(p.hours !== undefined ? { hours: p.hours } : {}),
    start: p.start,
    ...(p.end !== undefined ? { end: p.end } : {}),
  })),
  currentBands: BANDS.map(([band, hours]) => ({ band, hours })),
  proposedBands: {
    settings: ["Mainstream", "Special school"],
    rows: TARIFF.map(([band, ...values]) => ({ band, values })),
  },
  schools: SCHOOLS,
  deficitPlan: PLAN.map((y) => ({
    year: y.year,
    funding: y.funding,
    expenditure: y.expenditure,
    savings: y.savings,
    transfers: y.transfers,
    otherIncome: y.other,
    writeOffs: y.writeOffs,
  })),
  assumptions: { council: "Northbrook", transferPercent: 0.005, asAt: serial(2026, 10, 31) },
};

describe.each([
  ["layout 1 (row 1 headers, reordered, extra columns, side by side)", layout1, 1],
  ["layout 2 (row 6 headers, titles, sub-totals, key figures beside a table)", layout2, 6],
  ["layout 3 (row 9 headers, text dates and amounts, hidden columns)", layout3, 9],
])("%s", (_name, build, headerRow) => {
  const d = readDatasets(build());

  it("maps all eight datasets automatically", () => {
    expect(d.mappings.map((m) => m.dataset).sort()).toEqual([
      "assumptions",
      "budgetLines",
      "currentBands",
      "deficitPlan",
      "dsgBlocks",
      "placements",
      "proposedBands",
      "schools",
    ]);
    for (const m of d.mappings) {
      expect(m.origin).toBe("detected");
      expect(m.confidence).toBeGreaterThanOrEqual(0.5);
    }
    // The layout's header row is 1-based; a mapping's is zero-based.
    expect(d.mappings.find((m) => m.dataset === "placements")?.headerRow).toBe(headerRow - 1);
  });

  it("reads the same data as the other layouts, with no rows skipped and every total agreeing", () => {
    expect(content(d)).toEqual(expected);
    expect(d.skipped).toEqual([]);
    expect(d.totals.length).toBeGreaterThan(0);
    for (const t of d.totals) expect([t.label, t.field, t.computed]).toEqual([t.label, t.field, t.stated]);
  });
});
