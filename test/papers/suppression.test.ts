/**
 * Small-number suppression: 1–4 shown as [c], zeros never for being small, and no additive line
 * left with exactly one suppressed cell (a property test over random tables).
 */

import fc from "fast-check";
import { isSmallCount, suppress, suppressGroups, suppressList, suppressTwoWay } from "../../src/papers";

describe("primary suppression", () => {
  test.each([
    [0, false],
    [1, true],
    [4, true],
    [5, false],
    [120, false],
  ])("%d small? %s", (n, small) => expect(isSmallCount(n)).toBe(small));
});

describe("secondary suppression", () => {
  test("a row [2, 7, 9] with total 18: the 2 and the next smallest, 7", () => {
    expect(suppress([2, 7, 9, 18], [{ members: [0, 1, 2], total: 3 }]).suppressed).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  test("when the other members are zero, the total goes instead", () => {
    expect(suppressList([0, 3, 0]).cells).toEqual([false, true, false]);
    expect(suppressList([0, 3, 0]).total).toBe(true);
  });

  test("two small cells in a line need nothing more", () => {
    expect(suppressList([2, 3, 40])).toEqual({ cells: [true, true, false], total: false });
  });

  test("switched off, nothing is suppressed", () => {
    expect(
      suppressTwoWay(
        [
          [1, 2],
          [3, 4],
        ],
        false,
      ),
    ).toEqual({
      cells: [
        [false, false],
        [false, false],
      ],
      rowTotals: [false, false],
      colTotals: [false, false],
      grand: false,
    });
  });

  test("two-way: a small cell pulls a second in its row and column", () => {
    const r = suppressTwoWay([
      [2, 10, 12],
      [8, 9, 15],
    ]);
    expect(r.cells[0][0]).toBe(true);
    expect(r.cells[0].filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(r.cells.map((row) => row[0]).filter(Boolean).length).toBeGreaterThanOrEqual(2);
  });

  const table = fc.array(fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 5 }), {
    minLength: 1,
    maxLength: 5,
  });

  test("property: two-way tables leave no line with exactly one suppressed cell", () => {
    fc.assert(
      fc.property(table, (ragged) => {
        const width = Math.min(...ragged.map((r) => r.length));
        const t = ragged.map((r) => r.slice(0, width));
        const s = suppressTwoWay(t);
        const lines: boolean[][] = [
          ...t.map((_, i) => [...s.cells[i], s.rowTotals[i]]),
          ...t[0].map((_, j) => [...s.cells.map((row) => row[j]), s.colTotals[j]]),
          [...s.rowTotals, s.grand],
          [...s.colTotals, s.grand],
        ];
        for (const line of lines) if (line.filter(Boolean).length === 1) return false;
        // Every count of 1–4 is suppressed; no zero is suppressed for being small.
        t.forEach((row, i) =>
          row.forEach((v, j) => {
            if (isSmallCount(v) && !s.cells[i][j]) throw new Error("small count shown");
          }),
        );
        return true;
      }),
    );
  });

  test("property: grouped counts leave no group (or the groups' line) with exactly one", () => {
    fc.assert(
      fc.property(table, (groups) => {
        const s = suppressGroups(groups);
        const lines = [
          ...groups.map((_, g) => [...s.cells[g], s.groupTotals[g]]),
          [...s.groupTotals, s.grand],
        ];
        return lines.every((line) => line.filter(Boolean).length !== 1);
      }),
    );
  });
});
