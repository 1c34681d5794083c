/**
 * An adapter may list the rows that have cells (`rowsWithCells`), so detection skips the empty
 * rows between a register and a stray value in XFD1048576. The list is an optimisation only: the
 * same sheet read with and without it gives the same tables and the same datasets.
 */
import { SheetView, detectTables } from "../../src/sources/detect";
import { readDatasets } from "../../src/sources";
import type { SheetSnapshot, SnapshotValue } from "../../src/sources/snapshot";
import { serial, sheet, workbook } from "./helpers";

const EMPTY: readonly SnapshotValue[] = [];

/** A register with a title, and optionally one value in the last cell Excel has. */
function register(farCell: boolean): SheetSnapshot {
  const rows: SnapshotValue[][] = [
    ["Top-up register"],
    [],
    ["Pupil ref", "School", "Setting", "Current band", "Hours per week", "Start date"],
  ];
  for (let i = 0; i < 40; i++)
    rows.push([`P${1000 + i}`, `School ${i % 5}`, "Mainstream", "ABC"[i % 3], 10 + i, serial(2025, 9, 1)]);
  const base = sheet("Register", rows);
  if (!farCell) return base;
  const cells: (readonly SnapshotValue[])[] = [...base.cells];
  while (cells.length < 1048575) cells.push(EMPTY);
  const far: SnapshotValue[] = new Array(16384).fill(null);
  far[16383] = "far";
  cells.push(far);
  return { ...base, cells };
}

/** The rows with cells, worked out by the test itself. */
function listed(s: SheetSnapshot): SheetSnapshot {
  const rowsWithCells: number[] = [];
  s.cells.forEach((row, r) => {
    if (row.length > 0) rowsWithCells.push(r);
  });
  return { ...s, rowsWithCells };
}

const shape = (s: SheetSnapshot) =>
  JSON.stringify(
    detectTables(new SheetView(s), 0).map((t) => [t.headerRow, t.firstCol, t.lastCol, t.lastRow]),
  );

test.each([false, true])("far cell %s: the same tables with and without the list", (far) => {
  const s = register(far);
  expect(shape(listed(s))).toBe(shape(s));
  expect(JSON.parse(shape(s))[0]).toEqual([2, 0, 5, 42]);
});

test("the same datasets with and without the list", () => {
  const s = register(true);
  const without = readDatasets(workbook([s]));
  const withList = readDatasets(workbook([listed(s)]));
  expect(withList.placements).toEqual(without.placements);
  expect(without.placements).toHaveLength(40);
});
