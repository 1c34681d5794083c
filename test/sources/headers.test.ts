/**
 * Headers councils really use, read end to end: a header over two rows (group titles merged above
 * the column names) and two columns with the same header ("Pupils" twice). Before, each made the
 * reader drop the dataset; now the two rows read as one header and the same-named columns are told
 * apart by their values, with a note saying which was used.
 */

import { detectCandidates, readDatasets, serialiseMapping } from "../../src/sources";
import type { SnapshotValue } from "../../src/sources/snapshot";
import { bands } from "./fixtures";
import { serial, sheet, workbook, zeroBased } from "./helpers";

type Row = (SnapshotValue | undefined)[];

const START = serial(2025, 9, 1);

describe("a register with a two-row header", () => {
  // Each layout puts the same register under a different two-row header; the expected columns
  // (1-based) are where the fields' values are in that layout. Read alone, and beside the bands
  // sheet as in a council's workbook: a register with "Band | Annual £" columns has a band column
  // and money columns, as a proposed-bands table has, and must still be read as the register.
  const books = (rows: Row[], merges: string[]) => [
    workbook([sheet("Register", rows, { merges })]),
    workbook([sheet("Register", rows, { merges }), bands()]),
  ];
  const layouts: [string, Row[], string[], Record<string, number>][] = [
    [
      "group titles above, the other names in the lower row",
      [
        ["Top-up register"],
        [],
        [null, null, null, "Current banding", null, "Proposed banding", null, null],
        ["Pupil ref", "School", "Setting", "Band", "Annual £", "Band", "Annual £", "Start date"],
        ["P1", "Oakfield", "Mainstream", "A", 3000, "B", 6000, START],
        ["P2", "Brook", "Special school", "C", 9000, "D", 12000, START + 7],
      ],
      ["D3:E3", "F3:G3"],
      { pupilRef: 1, school: 2, setting: 3, currentBand: 4, proposedBand: 6, start: 8, annualTopUp: 5 },
    ],
    [
      "single names merged down both rows",
      [
        ["Pupil ref", "School", "Setting", "Current banding", null, "Proposed banding", null, "Start date"],
        [null, null, null, "Band", "Annual £", "Band", "Annual £", null],
        ["P1", "Oakfield", "Mainstream", "A", 3000, "B", 6000, START],
        ["P2", "Brook", "Special school", "C", 9000, "D", 12000, START + 7],
      ],
      ["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:G1", "H1:H2"],
      { pupilRef: 1, school: 2, setting: 3, currentBand: 4, proposedBand: 6, start: 8, annualTopUp: 5 },
    ],
    [
      "the proposed group left of the current one (the titles, not the order, decide)",
      [
        [null, null, null, "Proposed banding", null, "Current banding", null, null],
        ["Pupil ref", "School", "Setting", "Band", "Annual £", "Band", "Annual £", "Start date"],
        ["P1", "Oakfield", "Mainstream", "B", 6000, "A", 3000, START],
        ["P2", "Brook", "Special school", "D", 12000, "C", 9000, START + 7],
      ],
      ["D1:E1", "F1:G1"],
      // Nothing in the headers says which "Annual £" is the register's own (current) top-up: the
      // first is used, and the note below says so.
      { pupilRef: 1, school: 2, setting: 3, currentBand: 6, proposedBand: 4, start: 8, annualTopUp: 5 },
    ],
  ];

  it.each(layouts)("%s: every row read, each band from its own column", (_, rows, merges, columns) => {
    for (const wb of books(rows, merges)) {
      const d = readDatasets(wb);
      const m = d.mappings.find((x) => x.dataset === "placements");
      expect(m?.columns).toEqual(zeroBased(columns));
      expect(
        d.placements?.map((p) => [p.pupilRef, p.school, p.currentBand, p.proposedBand, p.start]),
      ).toEqual([
        ["P1", "Oakfield", "A", "B", START],
        ["P2", "Brook", "C", "D", START + 7],
      ]);
      expect(d.skipped.filter((x) => x.dataset === "placements")).toEqual([]);
      // The two "Annual £" columns both fit the annual top-up: which was used is said.
      const [first, second] = rows.some((r) => r[3] === "Proposed banding")
        ? ["Proposed", "Current"]
        : ["Current", "Proposed"];
      expect(d.issues.filter((i) => i.code === "column-choice").map((i) => i.message)).toEqual([
        `Columns E ("${first} banding Annual £") and G ("${second} banding Annual £") are both headed "Annual £" and fit Annual top-up (£) equally (2 of 2 rows hold numbers): E, the first, was used.`,
      ]);
    }
  });

  it.each(layouts)("%s: the mapping, saved and read again, still fits", (_, rows, merges) => {
    for (const wb of books(rows, merges)) {
      const first = readDatasets(wb);
      const again = readDatasets(wb, { mapping: serialiseMapping(first.mappings) });
      expect(again.issues.filter((i) => i.code.startsWith("saved-mapping"))).toEqual([]);
      expect(again.mappings.find((x) => x.dataset === "placements")?.origin).toBe("saved");
      expect(again.placements).toEqual(first.placements);
    }
  });

  it("shows the joined header and its first row in the candidates", () => {
    const [, rows, merges] = layouts[0];
    const c = detectCandidates(workbook([sheet("Register", rows, { merges }), bands()]));
    const t = c.find((x) => x.assigned === "placements")?.table;
    // Zero-based: worksheet rows 3 and 4.
    expect(t?.headerTop).toBe(2);
    expect(t?.headerRow).toBe(3);
    expect(t?.headers.map((h) => h.text)).toEqual([
      "Pupil ref",
      "School",
      "Setting",
      "Current banding Band",
      "Current banding Annual £",
      "Proposed banding Band",
      "Proposed banding Annual £",
      "Start date",
    ]);
  });
});

describe("a unit in the group title", () => {
  it('scales the figures under "Budget (£000)" to pounds', () => {
    const d = readDatasets(
      workbook([
        sheet(
          "HNB",
          [
            [null, null, "2026-27 (£000)", null],
            ["s251 line", "Description", "Annual budget", "Forecast outturn"],
            ["1.2.1", "Special schools place funding", 4000, 4100],
            ["1.2.2", "Top-up: mainstream", 2500.5, 2400],
          ],
          { merges: ["C1:D1"] },
        ),
      ]),
    );
    expect(d.budgetLines?.map((b) => [b.line, b.budget, b.forecast])).toEqual([
      ["Special schools place funding", 4000000, 4100000],
      ["Top-up: mainstream", 2500500, 2400000],
    ]);
    expect(d.issues.filter((i) => i.code === "scaled-thousands").map((i) => i.message)).toEqual([
      '"2026-27 (£000) Annual budget" is in thousands of pounds; its figures were multiplied by 1,000 to give pounds.',
      '"2026-27 (£000) Forecast outturn" is in thousands of pounds; its figures were multiplied by 1,000 to give pounds.',
    ]);
  });
});

describe("two columns with the same header", () => {
  const header = [
    "School",
    "URN",
    "Phase",
    "Maintained/Academy",
    "Pupils",
    "Pupils",
    "Formula allocation £",
    "Protected floor £",
  ];
  const school = (name: string, e: SnapshotValue, f: SnapshotValue): Row => [
    name,
    name.length * 1000 + name.charCodeAt(0),
    "Primary",
    "Maintained",
    e,
    f,
    2100000,
    2050000,
  ];
  // [what the two Pupils columns hold, the rows, the pupils read, the note]
  const cases: [string, Row[], number[], string][] = [
    [
      'E holds "n/a" and blanks, F the figures',
      [school("Oakfield", "n/a", 420), school("Brook", null, 180), school("Hill", "n/a", 1100)],
      [420, 180, 1100],
      'Columns E and F are both headed "Pupils": F was used for Pupils (October census), as 3 of its 3 rows hold numbers (E: 0 of 3).',
    ],
    [
      "E holds the figures, F notes",
      [
        school("Oakfield", 420, "incl. nursery"),
        school("Brook", 180, "see note"),
        school("Hill", 1100, null),
      ],
      [420, 180, 1100],
      'Columns E and F are both headed "Pupils": E was used for Pupils (October census), as 3 of its 3 rows hold numbers (F: 0 of 3).',
    ],
    [
      "both hold figures",
      [school("Oakfield", 420, 410), school("Brook", 180, 175), school("Hill", 1100, 1090)],
      [420, 180, 1100],
      'Columns E and F are both headed "Pupils" and fit Pupils (October census) equally (3 of 3 rows hold numbers): E, the first, was used.',
    ],
  ];
  it.each(cases)(
    "%s: the dataset is read, and a note says which column was used",
    (_, data, pupils, note) => {
      const d = readDatasets(workbook([sheet("Schools", [header, ...data])]));
      expect(d.schools?.map((s) => s.pupils)).toEqual(pupils);
      expect(d.skipped).toEqual([]);
      expect(d.issues.filter((i) => i.code === "column-choice")).toEqual([
        { code: "column-choice", dataset: "schools", message: note },
      ]);
    },
  );

  it("gives the note to the mapping editor too", () => {
    const [, data, , note] = cases[0];
    const c = detectCandidates(workbook([sheet("Schools", [header, ...data])]));
    expect(c[0].best?.dataset).toBe("schools");
    expect(c[0].best?.columns.pupils).toBe(5); // zero-based: F
    expect(c[0].best?.notes).toEqual([note]);
  });

  it("gives two same-named band columns to the current and the proposed band, left first", () => {
    const d = readDatasets(
      workbook([
        sheet("Register", [
          ["Pupil ref", "School", "Setting", "Band", "Band", "Start date"],
          ["P1", "Oakfield", "Mainstream", "A", "B", START],
          ["P2", "Brook", "Special school", "C", "D", START],
        ]),
      ]),
    );
    expect(d.placements?.map((p) => [p.currentBand, p.proposedBand])).toEqual([
      ["A", "B"],
      ["C", "D"],
    ]);
    expect(d.issues.filter((i) => i.code === "column-choice").map((i) => i.message)).toEqual([
      'Columns D and E are both headed "Band" and fit Current band equally (2 of 2 rows hold a value): D, the first, was used.',
    ]);
  });
});
