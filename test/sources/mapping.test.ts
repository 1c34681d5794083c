import { readDatasets } from "../../src/sources";
import {
  columnLetter,
  columnNumber,
  parseSavedMapping,
  serialiseMapping,
  toSavedMapping,
  type SavedMapping,
} from "../../src/sources/mapping";
import { standardWorkbook } from "./fixtures";
import { sheet, workbook } from "./helpers";

describe("column letters", () => {
  it.each([
    [1, "A"],
    [3, "C"],
    [26, "Z"],
    [27, "AA"],
    [28, "AB"],
    [52, "AZ"],
    [703, "AAA"],
    [16384, "XFD"],
  ])("%d ⇄ %s", (n, letters) => {
    expect(columnLetter(n)).toBe(letters);
    expect(columnNumber(letters)).toBe(n);
    expect(columnNumber(letters.toLowerCase())).toBe(n);
  });

  it.each(["", "A1", "XFE", "ZZZZ", "3"])("%j is not a column", (text) => {
    expect(columnNumber(text)).toBeUndefined();
  });
});

describe("serialise and parse", () => {
  const { workbook: wb } = standardWorkbook();
  const read = readDatasets(wb);

  it("round-trips the mappings a read used, with columns written as letters", () => {
    const text = serialiseMapping(read.mappings);
    const json = JSON.parse(text);
    expect(json.version).toBe(1);
    expect(json.datasets.placements).toEqual({
      sheet: "Top-up register",
      headerRow: 4,
      columns: {
        pupilRef: "A",
        school: "B",
        setting: "C",
        currentBand: "D",
        proposedBand: "E",
        hours: "F",
        start: "G",
        end: "H",
      },
    });
    expect(json.datasets.proposedBands.valueColumns).toEqual({
      Mainstream: "B",
      "Resourced provision": "C",
      "Special school": "D",
      "Post-16 FE": "E",
    });
    const parsed = parseSavedMapping(text);
    expect(parsed).toEqual(toSavedMapping(read.mappings));
    expect(serialiseMapping(parsed as SavedMapping)).toBe(text);
  });

  it("accepts column numbers as well as letters", () => {
    const parsed = parseSavedMapping(
      JSON.stringify({
        version: 1,
        datasets: { currentBands: { sheet: "Bands", headerRow: 3, columns: { band: 1, hours: "b" } } },
      }),
    );
    // Read into the zero-based shape used inside: row 3 is 2, column 1 and "b" are A (0) and B (1).
    expect(parsed).toEqual({
      version: 1,
      datasets: { currentBands: { sheet: "Bands", headerRow: 2, columns: { band: 0, hours: 1 } } },
    });
  });

  const bands = (entry: unknown) => JSON.stringify({ version: 1, datasets: { currentBands: entry } });
  it.each([
    ["not json", "{", /not valid JSON/],
    ["an array", "[]", /not a JSON object/],
    [
      "version 2",
      JSON.stringify({ version: 2, datasets: {} }),
      /version 2; this version of Forum Papers reads version 1/,
    ],
    ["no datasets", JSON.stringify({ version: 1 }), /no "datasets"/],
    [
      "unknown dataset",
      JSON.stringify({ version: 1, datasets: { pupils: {} } }),
      /dataset "pupils" that Forum Papers does not know/,
    ],
    [
      "no sheet",
      bands({ headerRow: 3, columns: { band: "A", hours: "B" } }),
      /Current bands \(hours, or £ tariffs\) has no sheet name/,
    ],
    [
      "bad header row",
      bands({ sheet: "Bands", headerRow: 0, columns: { band: "A", hours: "B" } }),
      /header row 0; it must be a row number/,
    ],
    [
      "unknown field",
      bands({ sheet: "Bands", headerRow: 3, columns: { band: "A", hours: "B", cost: "C" } }),
      /field "cost"/,
    ],
    [
      "bad column",
      bands({ sheet: "Bands", headerRow: 3, columns: { band: "A1", hours: "B" } }),
      /Band is in column "A1"; use a column letter/,
    ],
    [
      "column used twice",
      bands({ sheet: "Bands", headerRow: 3, columns: { band: "A", hours: 1 } }),
      /column A is given for both Band and Hours/,
    ],
    [
      "required field missing",
      bands({ sheet: "Bands", headerRow: 3, columns: { hours: "B" } }),
      /no column for Band, which is required/,
    ],
  ])("refuses %s with a message saying what is wrong", (_name, text, message) => {
    const result = parseSavedMapping(text);
    expect(typeof result).toBe("string");
    expect(result).toMatch(message);
  });
});

describe("a saved mapping overrides detection", () => {
  // Two band tables: detection gives current bands the first (exact headers).
  const wb = () =>
    workbook([
      sheet("Bands", [
        ["Band", "Hours per week"],
        ["A", 5],
        ["B", 10],
        [],
        [],
        ["Level", "Note", "Weekly hours"],
        ["L1", "old scheme", 4],
        ["L2", "old scheme", 8],
        ["L3", "old scheme", 12],
      ]),
    ]);
  // Zero-based, as inside: header row 6, columns A and C.
  const saved: SavedMapping = {
    version: 1,
    datasets: { currentBands: { sheet: "Bands", headerRow: 5, columns: { band: 0, hours: 2 } } },
  };

  it("reads the table the saved mapping names, with confidence 1 and origin 'saved'", () => {
    expect(readDatasets(wb()).currentBands?.map((b) => b.band)).toEqual(["A", "B"]);
    const d = readDatasets(wb(), { mapping: saved });
    expect(d.currentBands?.map((b) => [b.band, b.hours, b.source.row])).toEqual([
      ["L1", 4, 7],
      ["L2", 8, 8],
      ["L3", 12, 9],
    ]);
    expect(d.mappings).toEqual([
      {
        dataset: "currentBands",
        sheet: "Bands",
        headerRow: 5,
        lastRow: 8,
        columns: { band: 0, hours: 2 },
        confidence: 1,
        origin: "saved",
      },
    ]);
  });

  it("takes the saved mapping from the workbook itself, as JSON, and an option overrides it", () => {
    const inBook = workbook(wb().sheets, serialiseMapping(saved));
    expect(readDatasets(inBook).currentBands?.[0].band).toBe("L1");
    const other: SavedMapping = {
      version: 1,
      datasets: { currentBands: { sheet: "Bands", headerRow: 0, columns: { band: 0, hours: 1 } } },
    };
    expect(readDatasets(inBook, { mapping: other }).currentBands?.[0].band).toBe("A");
    expect(readDatasets(inBook, { mapping: serialiseMapping(other) }).currentBands?.[0].band).toBe("A");
  });

  it("still detects the datasets the saved mapping does not name, but not on its table", () => {
    const book = workbook([
      ...wb().sheets,
      sheet("Register", [
        ["Pupil ref", "School", "Setting", "Current band", "Start date"],
        ["P1", "Oakfield", "Mainstream", "A", 45901],
      ]),
    ]);
    const d = readDatasets(book, { mapping: saved });
    expect(d.mappings.map((m) => [m.dataset, m.origin])).toEqual([
      ["placements", "detected"],
      ["currentBands", "saved"],
    ]);
  });

  it("finds the table's end by two blank rows when no detected table starts at the saved header row", () => {
    const book = workbook([
      sheet("Odd", [
        ["Band", 2026], // a year as a number: not a header row to detection, fine for a saved mapping
        ["A", 5],
        ["B", 10],
        [],
        ["C", 15],
        [],
        [],
        ["Z", 99],
      ]),
    ]);
    const d = readDatasets(book, {
      mapping: {
        version: 1,
        datasets: { currentBands: { sheet: "Odd", headerRow: 0, columns: { band: 0, hours: 1 } } },
      },
    });
    expect(d.currentBands?.map((b) => b.band)).toEqual(["A", "B", "C"]);
    expect(d.mappings[0].lastRow).toBe(4); // zero-based: worksheet row 5
  });
});

describe("a saved mapping that no longer fits", () => {
  const { workbook: wb } = standardWorkbook();

  it("naming a sheet that is not there: reported, and the dataset is detected instead", () => {
    const saved: SavedMapping = {
      version: 1,
      datasets: {
        placements: {
          sheet: "Register (old)",
          headerRow: 1, // zero-based: worksheet row 2
          columns: { pupilRef: 0, school: 1, setting: 2, currentBand: 3, start: 4 },
        },
      },
    };
    const d = readDatasets(wb, { mapping: saved });
    const message =
      'The saved mapping puts Top-up placements register on sheet "Register (old)", which is not in the workbook; the table was looked for automatically instead.';
    expect(d.issues).toEqual([{ code: "saved-mapping-not-used", dataset: "placements", message }]);
    expect(d.skipped[0]).toEqual({
      dataset: "placements",
      source: { sheet: "Register (old)", row: 2 },
      code: "missing",
      reason: message,
    });
    expect(d.mappings.find((m) => m.dataset === "placements")).toMatchObject({
      sheet: "Top-up register",
      origin: "detected",
    });
    expect(d.placements).toHaveLength(5);
  });

  it("naming a required column with no header: reported, and detected instead", () => {
    const saved: SavedMapping = {
      version: 1,
      // Zero-based: header row 3, columns I and B.
      datasets: { currentBands: { sheet: "Bands", headerRow: 2, columns: { band: 8, hours: 1 } } },
    };
    const d = readDatasets(wb, { mapping: saved });
    expect(d.issues[0]).toMatchObject({
      code: "saved-mapping-not-used",
      dataset: "currentBands",
      message: expect.stringContaining('Band in column I of "Bands", but that column has no header in row 3'),
    });
    expect(d.mappings.find((m) => m.dataset === "currentBands")?.origin).toBe("detected");
  });

  it("naming an optional column that is gone: that column is left out, the rest is used", () => {
    const saved: SavedMapping = {
      version: 1,
      datasets: {
        budgetLines: {
          sheet: "hnb MONITORING",
          headerRow: 3, // zero-based: header row 4, columns B, D, E and L
          columns: { line: 1, budget: 3, forecast: 4, note: 11 },
        },
      },
    };
    const d = readDatasets(wb, { mapping: saved });
    expect(d.mappings.find((m) => m.dataset === "budgetLines")).toMatchObject({
      origin: "saved",
      columns: { line: 1, budget: 3, forecast: 4 },
    });
    expect(d.issues).toEqual([
      expect.objectContaining({
        code: "saved-mapping-column-dropped",
        message: expect.stringMatching(/Note in column L .* it was left out/),
      }),
    ]);
    expect(d.budgetLines).toHaveLength(4);
    expect(d.budgetLines?.[0].note).toBeUndefined();
  });

  it("that is not valid: reported, and every dataset detected", () => {
    const d = readDatasets(workbook(wb.sheets, "{ not json"));
    expect(d.issues).toEqual([
      expect.objectContaining({
        code: "saved-mapping-unreadable",
        message: expect.stringMatching(/not valid JSON/),
      }),
    ]);
    expect(d.mappings).toHaveLength(8);
  });
});
