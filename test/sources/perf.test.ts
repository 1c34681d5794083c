/**
 * A 10,000-row register is read whole, and reading time grows in line with the rows (no per-row
 * rescans): a ratio of two timings taken in the same run, with room for a busy machine (linear is
 * about 4×, a quadratic scan about 16×). Absolute speed lives in the benchmarks (npm run bench).
 */

import { readDatasets } from "../../src/sources";
import type { SnapshotValue } from "../../src/sources/snapshot";
import { serial, sheet, workbook } from "./helpers";

function registerBook(rows: number) {
  const settings = ["Mainstream", "Resourced provision", "Special school", "Post-16 FE"];
  const data: SnapshotValue[][] = [
    ["Top-up funding register"],
    ["Source: case management export"],
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
      "Primary need",
    ],
  ];
  const start = serial(2020, 9, 1);
  for (let i = 0; i < rows; i++) {
    const ref = `NB-${String(100000 + i)}`;
    const setting = settings[i % 4];
    // A mix of the value styles councils have: numbers, text numbers, serial and text dates.
    const hours = i % 4 === 0 ? (i % 10 === 0 ? String(10 + (i % 20)) : 10 + (i % 20)) : null;
    const startDate = i % 25 === 0 ? "01/09/2024" : start + (i % 1500);
    const end = i % 7 === 0 ? start + 1600 + (i % 100) : null;
    data.push([
      ref,
      `School ${i % 300}`,
      setting,
      "ABCDEF"[i % 6],
      "ABCDEF"[(i + 1) % 6],
      hours,
      startDate,
      end,
      "ASD",
    ]);
  }
  data.push(["Total placements", rows]);
  return workbook([sheet("Register", data)]);
}

function bestOf(runs: number, f: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe("performance", () => {
  it("reads a 10,000-row register whole", () => {
    const book = registerBook(10000);
    const first = readDatasets(book);
    expect(first.placements).toHaveLength(10000);
    expect(first.skipped).toEqual([]);
    expect(first.totals).toEqual([
      expect.objectContaining({ field: "count", stated: 10000, computed: 10000 }),
    ]);
  });

  it("grows linearly with the rows", () => {
    const small = registerBook(10000);
    const large = registerBook(40000);
    readDatasets(small);
    readDatasets(large);
    const tSmall = bestOf(3, () => readDatasets(small));
    const tLarge = bestOf(3, () => readDatasets(large));
    // Four times the rows: linear is about 4×; a quadratic scan would be about 16×.
    expect(tLarge / tSmall).toBeLessThan(8);
  });
});
