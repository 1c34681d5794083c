/**
 * Property: whatever Excel passes — numbers of any size, text, booleans, blanks, ranges of odd
 * shapes — no DSG.* function returns NaN or Infinity, or throws. Every cell of every result is a
 * finite number, text, a boolean, or an Excel error object with a message.
 */
import fc from "fast-check";
import * as F from "../../src/functions/functions";

const cellValue = fc.oneof(
  fc.double({ noNaN: false }),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.constantFrom(0, 1, -1, 0.005, 38, 6000, 1e308, -1e308, Number.MAX_VALUE, 45901),
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    "£1,234",
    "(12,000)",
    "0.5%",
    "tbc",
    "2026-27",
    "AY2026/27",
    "01/09/2025",
    "Band 3",
    "flat",
    "percent",
    "scale",
    "perpupil",
    "rate",
    "after",
    "terms",
    "weeks",
  ),
  fc.boolean(),
  fc.constant(null),
  fc.constant(""),
);
const matrix = fc.oneof(
  { weight: 3, arbitrary: cellValue.map((v) => [[v]]) },
  {
    weight: 1,
    arbitrary: fc.array(fc.array(cellValue, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
  },
  { weight: 1, arbitrary: fc.constant(null) },
  // Shapes Excel should never pass but a caller can: an empty range, a ragged array whose first row is empty.
  { weight: 1, arbitrary: fc.constantFrom([[]], [[], [1]], [[], []]) },
);

function checkOutput(out: unknown): void {
  expect(Array.isArray(out)).toBe(true);
  // An empty result is one Excel cannot show: never give one.
  expect((out as unknown[][]).length).toBeGreaterThan(0);
  for (const row of out as unknown[][]) {
    expect(Array.isArray(row)).toBe(true);
    expect(row.length).toBeGreaterThan(0);
    for (const v of row) {
      if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
      else if (typeof v === "object") {
        expect(v).not.toBeNull();
        expect(typeof (v as { code: unknown }).code).toBe("string");
        expect(((v as { message?: string }).message ?? "").length).toBeGreaterThan(5);
      } else expect(["string", "boolean"]).toContain(typeof v);
    }
  }
}

const fns: [string, (...a: never[]) => unknown, number][] = [
  ["BANDCOST", F.bandcost as never, 5],
  ["HOURSCOST", F.hourscost as never, 5],
  ["NEEDSCORE", F.needscore as never, 3],
  ["PRORATA", F.prorata as never, 5],
  ["FINYEAR", F.finyear as never, 1],
  ["ACADYEAR", F.acadyear as never, 1],
  ["TRANSFERAMOUNT", F.transferamount as never, 3],
  ["TRANSFERIMPACT", F.transferimpact as never, 6],
  ["MFGFLOOR", F.mfgfloor as never, 3],
  ["MPPL", F.mppl as never, 6],
  ["PLACEMENTCOSTS", F.placementcosts as never, 2],
  ["TRAJECTORY", F.trajectory as never, 11],
];

describe.each(fns)("DSG.%s never returns NaN/Infinity and never throws", (_name, fn, arity) => {
  test("random arguments", () => {
    fc.assert(
      fc.property(fc.array(matrix, { minLength: arity, maxLength: arity }), (args) => {
        let out: unknown;
        expect(() => {
          out = (fn as (...a: unknown[]) => unknown)(...args);
        }).not.toThrow();
        checkOutput(out);
      }),
      { numRuns: 300 },
    );
  });
});
