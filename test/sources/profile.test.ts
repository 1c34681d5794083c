/**
 * Column profiles (profile.ts): what a column holds, and a match whose header words put a required
 * date or money field on a column that holds none losing confidence.
 */

import { detectCandidates } from "../../src/sources";
import { SheetView, detectTables } from "../../src/sources/detect";
import { contentFit, profileColumn } from "../../src/sources/profile";
import { serial, sheet, workbook } from "./helpers";

const register = sheet(
  "Register",
  [
    ["Pupil ref", "School", "Setting", "Band", "Start", "Hours"],
    ["EHC020001", "Brook Special School", "Special", "B4", serial(2024, 9, 1), 20],
    ["EHC020012", "Beacon Hill Primary", "Mainstream", "B5", "1 Sept 2025", 25],
    ["EHC020018", "Linden Hall School", "Independent", "B4", serial(2023, 1, 9), 32.5],
    ["EHC020022", "Brook Special School", "Special", "B2", serial(2022, 4, 20), 10],
  ],
  { dateCells: ["E2", "E4", "E5"] },
);

describe("profileColumn", () => {
  const view = new SheetView(register);
  const [table] = detectTables(view, 0);

  it("a reference column: all codes, all distinct, no numbers", () => {
    const p = profileColumn(view, table, 0);
    expect([p.cells, p.codes, p.distinct, p.numbers, p.text]).toEqual([4, 1, 1, 0, 1]);
  });

  it("a setting column: words, three values over four cells", () => {
    const p = profileColumn(view, table, 2);
    expect([p.text, p.distinct, p.codes]).toEqual([1, 0.75, 0]);
  });

  it("a date column: date cells and UK date text are dates, not numbers", () => {
    const p = profileColumn(view, table, 4);
    expect([p.dates, p.numbers]).toEqual([1, 0]);
    expect(contentFit(p, "date")).toBe(1);
  });

  it("an hours column: numbers with their range, a quarter of them not whole", () => {
    const p = profileColumn(view, table, 5);
    expect([p.numbers, p.integers, p.min, p.max]).toEqual([1, 0.75, 10, 32.5]);
    expect(contentFit(p, "number")).toBe(1);
    expect(contentFit(p, "date")).toBe(0);
  });

  it("codes and text are not judged by content", () => {
    expect(contentFit(profileColumn(view, table, 1), "text")).toBeUndefined();
  });
});

describe("a required field on a column that contradicts it", () => {
  const lines = (budget: (string | number)[]) =>
    workbook([
      sheet("HNB", [
        ["Budget line", "Budget", "Forecast"],
        ["Top-up maintained", budget[0], 1100],
        ["Top-up academies", budget[1], 2100],
        ["Place funding", budget[2], 3100],
      ]),
    ]);
  const confidence = (wb: ReturnType<typeof lines>) =>
    detectCandidates(wb)[0].matches.find((m) => m.dataset === "budgetLines")?.confidence ?? 0;

  it("'Budget' holding words: the match is less sure than with figures, and says why", () => {
    const words = detectCandidates(lines(["see note", "tbc", "n/a"]))[0].matches.find(
      (m) => m.dataset === "budgetLines",
    );
    const figures = confidence(lines([1000, 2000, 3000]));
    expect(words!.confidence).toBeCloseTo(figures * 0.7, 2);
    expect(words!.notes?.join(" ")).toMatch(/Column "Budget" .* few of its cells are numbers \(0%\)/);
  });
});
