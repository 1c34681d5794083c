/**
 * Evidence across tables (evidence.ts): a band table holding the register's current band codes is
 * the current band table, unless it says it is proposed.
 */

import { readDatasets } from "../../src/sources";
import { serial, sheet, workbook } from "./helpers";

const register = sheet("EHCP register", [
  ["Child ref", "Provider Name", "Placement type", "Banding", "Start", "End"],
  ["EHC020001", "Harbour Special School", "Special school", "C", serial(2024, 3, 1), null],
  ["EHC020011", "Harbour View Primary School", "Mainstream", "F", serial(2023, 9, 1), null],
  ["EHC020018", "Brook Special School", "Special academy", "A", serial(2022, 1, 10), null],
]);

const tariffs = (title: string) =>
  sheet("Top-up bands", [
    [title],
    [],
    ["Tariff", "Top-up £ per annum"],
    ["A", 1675],
    ["B", 3175],
    ["C", 4550],
    ["D", 6900],
    ["E", 9450],
    ["F", 13250],
  ]);

describe("a fixed £ tariff table beside a register", () => {
  it("holding the register's band codes: read as the current bands, not as proposed", () => {
    const d = readDatasets(workbook([register, tariffs("Fixed annual top-up by band (all settings)")]));
    expect(d.currentBands?.map((b) => [b.band, b.topUp])).toEqual([
      ["A", 1675],
      ["B", 3175],
      ["C", 4550],
      ["D", 6900],
      ["E", 9450],
      ["F", 13250],
    ]);
    expect(d.proposedBands).toBeUndefined();
    expect(d.placements?.length).toBe(3);
  });

  it("titled as proposed: stays the proposed bands", () => {
    const d = readDatasets(workbook([register, tariffs("Proposed tariffs from April 2027")]));
    expect(d.proposedBands?.rows.length).toBe(6);
    expect(d.currentBands).toBeUndefined();
  });

  it("without the register's codes: stays the proposed bands", () => {
    const other = sheet("EHCP register", [
      ["Child ref", "Provider Name", "Placement type", "Banding", "Start", "End"],
      ["EHC020001", "Harbour Special School", "Special school", "Band 3", serial(2024, 3, 1), null],
      ["EHC020011", "Harbour View Primary School", "Mainstream", "Band 6", serial(2023, 9, 1), null],
    ]);
    const d = readDatasets(workbook([other, tariffs("Fixed annual top-up by band (all settings)")]));
    expect(d.proposedBands?.rows.length).toBe(6);
    expect(d.currentBands).toBeUndefined();
  });
});
