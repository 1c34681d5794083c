/**
 * The "engine" suite: the DSG.* functions and their core, called as Excel calls them.
 *
 * 1. Band costs for a 10,000-row register, three ways: (a) one spilled DSG.BANDCOST call over the
 *    whole column; (b) 10,000 single-cell calls, each re-parsing the band table as Excel's per-cell
 *    calls would; (c) 10,000 native lookup formulas computed by HyperFormula (a JavaScript
 *    spreadsheet engine standing in for Excel's own), timed as build + compute and as a recompute
 *    after one input cell changes.
 * 2. DSG.TRANSFERIMPACT for 500 schools (and the core transferImpact() it wraps): time per call.
 * 3. Trajectories for 1,000 scenarios × 10 years: core trajectory() and the DSG.TRAJECTORY wrapper.
 *
 * Every benchmark's answer is checked before it is timed (see harness.ts): band costs against the
 * table itself, HyperFormula against the same values, the transfer against an independent
 * bisection solve, the trajectories against the accounting identities and a worked example.
 */

import "./custom-functions-global";
import { HyperFormula, type RawCellContent } from "hyperformula";
import * as DSG from "../src/functions/functions";
import { isCellError } from "../src/core/errors";
import { transferImpact, type TransferImpact } from "../src/core/transfers";
import {
  trajectory,
  trajectoryTable,
  type TrajectoryInput,
  type TrajectoryResult,
} from "../src/core/trajectory";
import { isErrorCell } from "./custom-functions-global";
import { check, formatDuration, formatRatio, seededRandom, type Bench, type Suite } from "./harness";

// ---------------------------------------------------------------------------------------------
// 1. Band costs

const REGISTER_ROWS = 10_000;

/** A band table as a council lays it out: header row, bands down column A, £ per setting. */
const BAND_TABLE: (string | number)[][] = [
  ["Band", "Mainstream", "Special school"],
  ["Band 1", 1600, 9200],
  ["Band 2", 3100, 11796],
  ["Band 3", 4500, 12132],
  ["Band 4", 6250.5, 14800],
  ["Band 5", 8900, 18450.75],
  ["Band 6", 12400, 23100],
];
const BAND_NAMES = BAND_TABLE.slice(1).map((row) => row[0] as string);
/** The answer straight from the table (first value column), independent of the code under test. */
const MAINSTREAM = new Map(BAND_TABLE.slice(1).map((row) => [row[0] as string, row[1] as number]));

/** Target for (a): one spilled call over 10,000 rows, median. */
const SPILLED_TARGET_MS = 5;
/** Rows in an Excel column: what a whole-column argument (A:A) hands the function. */
const EXCEL_ROWS = 1_048_576;
/** Target for (d)/(a): a whole-column call at most this many times the exact-range call (issue 12). */
const WHOLE_COLUMN_TARGET = 3;
/** Target for (c)/(a): the spilled call at least this many times faster than HyperFormula's build. */
const VS_HYPERFORMULA_TARGET = 20;

function bandRegister(): { bands: string[]; expected: number[] } {
  const random = seededRandom(20261124);
  const bands: string[] = [];
  for (let i = 0; i < REGISTER_ROWS; i++) bands.push(BAND_NAMES[Math.floor(random() * BAND_NAMES.length)]);
  return { bands, expected: bands.map((b) => MAINSTREAM.get(b) as number) };
}

/** Check a list of looked-up values against the expected ones, naming the first difference. */
function checkValues(what: string, got: readonly unknown[], expected: readonly number[]): void {
  check(got.length === expected.length, `${what}: ${got.length} values, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const v = got[i];
    if (v !== expected[i]) {
      const shown = isErrorCell(v) ? `${v.code} ${v.message ?? ""}` : JSON.stringify(v);
      check(false, `${what}: row ${i + 1} is ${shown}, expected ${expected[i]}`);
    }
  }
}

/** The values of a one-column spill, checking its shape. */
function spillColumn(what: string, out: readonly (readonly unknown[])[]): unknown[] {
  check(
    Array.isArray(out) && out.every((row) => Array.isArray(row) && row.length === 1),
    `${what}: not one column`,
  );
  return out.map((row) => row[0]);
}

async function bandCosts(bench: Bench): Promise<void> {
  bench.section(
    `1. Band costs: ${REGISTER_ROWS.toLocaleString("en-GB")}-row register, 6-band table with a header`,
  );
  const { bands, expected } = bandRegister();
  const column = bands.map((b) => [b]);
  const singleCells = bands.map((b) => [[b]]);

  const spilled = await bench.measure({
    name: "(a) DSG.BANDCOST, one spilled call",
    items: REGISTER_ROWS,
    itemLabel: "band",
    run: () => DSG.bandcost(column, BAND_TABLE),
    verify: (out) => checkValues("(a) spilled", spillColumn("(a) spilled", out), expected),
  });

  const scalar = await bench.measure({
    name: "(b) DSG.BANDCOST, 10,000 single-cell calls",
    items: REGISTER_ROWS,
    itemLabel: "band",
    run: () => {
      const out: unknown[] = new Array(REGISTER_ROWS);
      for (let i = 0; i < REGISTER_ROWS; i++) out[i] = DSG.bandcost(singleCells[i], BAND_TABLE)[0][0];
      return out;
    },
    verify: (out) => {
      checkValues("(b) single-cell calls", out, expected);
      // The spilled call and the per-cell calls must agree cell for cell.
      const spill = spillColumn("(a) spilled", DSG.bandcost(column, BAND_TABLE));
      checkValues("(a) spilled vs (b) single-cell", spill, out as number[]);
    },
  });

  // (d) The same register and table given as whole columns (A:A, Bands!A:C): 1,048,576 rows each,
  // as Excel passes them. The 10,000 filled rows must cost about what the exact range costs.
  const wholeColumn: unknown[][] = new Array(EXCEL_ROWS);
  for (let r = 0; r < EXCEL_ROWS; r++) wholeColumn[r] = [r < REGISTER_ROWS ? bands[r] : null];
  const wholeTable: unknown[][] = new Array(EXCEL_ROWS);
  for (let r = 0; r < EXCEL_ROWS; r++)
    wholeTable[r] = r < BAND_TABLE.length ? BAND_TABLE[r] : [null, null, null];
  const checkWhole = (what: string, out: readonly (readonly unknown[])[]): void => {
    // The spill ends at the register's last row: the blank tail is left off, not 1,038,576 errors.
    const values = spillColumn(what, out);
    check(values.length === REGISTER_ROWS, `${what}: ${values.length} rows, expected ${REGISTER_ROWS}`);
    checkValues(what, values, expected);
  };
  const whole = await bench.measure({
    name: "(d) DSG.BANDCOST(A:A, Bands!A1:C7)",
    items: REGISTER_ROWS,
    itemLabel: "band",
    minSamples: 10,
    run: () => DSG.bandcost(wholeColumn, BAND_TABLE),
    verify: (out) => checkWhole("(d) whole-column register", out),
  });
  // The least any function pays for a whole-column argument: touching each of Excel's 1,048,576
  // row arrays once (each row arrives as its own array, so this is bound by memory, not by code).
  const wholeFloor = await bench.measure({
    name: "(d0) floor: read each row of A:A once",
    items: EXCEL_ROWS,
    itemLabel: "row",
    minSamples: 10,
    run: () => {
      let filled = 0;
      for (let r = 0; r < EXCEL_ROWS; r++) if (wholeColumn[r][0] !== null) filled++;
      return filled;
    },
    verify: (filled) =>
      check(filled === REGISTER_ROWS, `(d0) floor: ${filled} filled rows, expected ${REGISTER_ROWS}`),
  });
  const wholeBoth = await bench.measure({
    name: "(e) DSG.BANDCOST(A:A, Bands!A:C)",
    items: REGISTER_ROWS,
    itemLabel: "band",
    minSamples: 10,
    run: () => DSG.bandcost(wholeColumn, wholeTable),
    verify: (out) => checkWhole("(e) whole-column register and table", out),
  });
  const oneCellWholeTable = await bench.measure({
    name: "(f) DSG.BANDCOST(A2, Bands!A:C), one cell",
    minSamples: 10,
    run: () => DSG.bandcost([[bands[0]]], wholeTable),
    verify: (out) => checkValues("(f) one cell, whole-column table", spillColumn("(f)", out), [expected[0]]),
  });

  // (c) HyperFormula. XLOOKUP is in HyperFormula 3.5; fall back to INDEX/MATCH if a version lacks it.
  const hasXlookup = HyperFormula.getRegisteredFunctionNames("enGB").includes("XLOOKUP");
  const last = BAND_TABLE.length; // the table's last row, 1-based
  const formula = (row: number): string =>
    hasXlookup
      ? `=XLOOKUP(A${row},Bands!$A$2:$A$${last},Bands!$B$2:$B$${last})`
      : `=INDEX(Bands!$B$2:$B$${last},MATCH(A${row},Bands!$A$2:$A$${last},0))`;
  const lookupName = hasXlookup ? "XLOOKUP" : "INDEX/MATCH";
  const sheets = (): Record<string, RawCellContent[][]> => ({
    Bands: BAND_TABLE.map((row) => [...row]),
    Register: [["Band", "Top-up"], ...bands.map((b, i) => [b, formula(i + 2)])],
  });
  const config = { licenseKey: "gpl-v3" };
  const registerValues = (hf: HyperFormula): unknown[] => {
    const sheet = hf.getSheetId("Register") as number;
    return hf
      .getSheetValues(sheet)
      .slice(1)
      .map((row) => row[1]);
  };

  let input = sheets();
  const hfBuild = await bench.measure({
    name: `(c) HyperFormula ${lookupName}: build + compute`,
    items: REGISTER_ROWS,
    itemLabel: "formula",
    warmup: 5,
    setup: () => {
      input = sheets(); // fresh arrays each time, made outside the timing
    },
    run: () => HyperFormula.buildFromSheets(input, config),
    verify: (hf) => checkValues(`(c) HyperFormula ${lookupName}`, registerValues(hf), expected),
    teardown: (hf) => hf.destroy(),
  });

  // Recalculation: one engine, one input cell changed per run (toggled, so every run is a change).
  const hf = HyperFormula.buildFromSheets(sheets(), config);
  const register = hf.getSheetId("Register") as number;
  const bandSheet = hf.getSheetId("Bands") as number;
  const firstBand = bands[0];
  const otherBand = BAND_NAMES.find((b) => b !== firstBand) as string;
  let toggle = false;
  const hfOneBand = await bench.measure({
    name: "(c) HyperFormula recompute: one band cell changed",
    run: () => {
      toggle = !toggle;
      const band = toggle ? otherBand : firstBand;
      return { band, changes: hf.setCellContents({ sheet: register, row: 1, col: 0 }, [[band]]) };
    },
    verify: ({ band, changes }) => {
      const b2 = changes.find(
        (c) => "address" in c && c.address.sheet === register && c.address.row === 1 && c.address.col === 1,
      );
      check(b2 !== undefined, "(c) recompute: Register!B2 was not recomputed");
      check(
        b2.newValue === MAINSTREAM.get(band),
        `(c) recompute: Register!B2 is ${String(b2.newValue)}, expected ${MAINSTREAM.get(band)}`,
      );
    },
  });

  hf.setCellContents({ sheet: register, row: 1, col: 0 }, [[firstBand]]); // back to the register as built

  const band1 = BAND_NAMES[0];
  const band1Rows = bands.filter((b) => b === band1).length;
  let lifted = false;
  const hfTableCell = await bench.measure({
    name: "(c) HyperFormula recompute: one table value changed",
    items: REGISTER_ROWS,
    itemLabel: "dependent formula",
    run: () => {
      lifted = !lifted;
      const value = lifted ? 1650 : 1600;
      return { value, changes: hf.setCellContents({ sheet: bandSheet, row: 1, col: 1 }, [[value]]) };
    },
    verify: ({ value, changes }) => {
      const cells = changes.filter(
        (c) => "address" in c && c.address.sheet === register && c.address.col === 1,
      );
      check(
        cells.length === band1Rows,
        `(c) recompute: ${cells.length} cells changed, expected ${band1Rows} (the ${band1} rows)`,
      );
      check(
        cells.every((c) => c.newValue === value),
        `(c) recompute: a ${band1} row did not become ${value}`,
      );
    },
  });
  hf.destroy();

  // (g) Like for like: ONE array VLOOKUP over the whole register column (a spill against our
  // spill), with HyperFormula's array arithmetic on, as Excel 365 evaluates =VLOOKUP(A2:A10001,…).
  const arrayFormula = `=VLOOKUP(A2:A${REGISTER_ROWS + 1},Bands!$A$2:$B$${last},2,0)`;
  const arraySheets = (): Record<string, RawCellContent[][]> => ({
    Bands: BAND_TABLE.map((row) => [...row]),
    Register: [["Band", "Top-up"], ...bands.map((b, i) => (i === 0 ? [b, arrayFormula] : [b]))],
  });
  const arrayConfig = { licenseKey: "gpl-v3", useArrayArithmetic: true };
  let arrayInput = arraySheets();
  const hfArray = await bench.measure({
    name: "(g) HyperFormula, one array VLOOKUP: build + compute",
    items: REGISTER_ROWS,
    itemLabel: "row",
    warmup: 5,
    minSamples: 10,
    setup: () => {
      arrayInput = arraySheets();
    },
    run: () => HyperFormula.buildFromSheets(arrayInput, arrayConfig),
    verify: (engine) => checkValues("(g) HyperFormula array VLOOKUP", registerValues(engine), expected),
    teardown: (engine) => engine.destroy(),
  });
  const arrayHf = HyperFormula.buildFromSheets(arraySheets(), arrayConfig);
  const arrayRegister = arrayHf.getSheetId("Register") as number;
  const arrayBands = arrayHf.getSheetId("Bands") as number;
  let arrayToggle = false;
  const hfArrayOneBand = await bench.measure({
    name: "(g) recompute: one band cell changed",
    minSamples: 10,
    run: () => {
      arrayToggle = !arrayToggle;
      const band = arrayToggle ? otherBand : firstBand;
      arrayHf.setCellContents({ sheet: arrayRegister, row: 1, col: 0 }, [[band]]);
      return { band, value: arrayHf.getCellValue({ sheet: arrayRegister, row: 1, col: 1 }) };
    },
    verify: ({ band, value }) =>
      check(
        value === MAINSTREAM.get(band),
        `(g) recompute: B2 is ${String(value)}, expected ${MAINSTREAM.get(band)}`,
      ),
  });
  arrayHf.setCellContents({ sheet: arrayRegister, row: 1, col: 0 }, [[firstBand]]);
  let arrayLifted = false;
  const hfArrayTable = await bench.measure({
    name: "(g) recompute: one table value changed",
    items: REGISTER_ROWS,
    itemLabel: "row",
    minSamples: 10,
    run: () => {
      arrayLifted = !arrayLifted;
      const value = arrayLifted ? 1650 : 1600;
      arrayHf.setCellContents({ sheet: arrayBands, row: 1, col: 1 }, [[value]]);
      return { value, values: registerValues(arrayHf) };
    },
    verify: ({ value, values }) =>
      checkValues(
        "(g) recompute after a table change",
        values,
        bands.map((b) => (b === BAND_NAMES[0] ? value : (MAINSTREAM.get(b) as number))),
      ),
  });
  arrayHf.destroy();

  bench.note(
    hasXlookup
      ? `HyperFormula ${HyperFormula.version} has XLOOKUP; each row is =XLOOKUP(A2,Bands!$A$2:$A$${last},Bands!$B$2:$B$${last}).`
      : `HyperFormula ${HyperFormula.version} lacks XLOOKUP, so each row is INDEX/MATCH (exact match) instead.`,
  );
  bench.note(
    `"one table value changed": all ${REGISTER_ROWS.toLocaleString("en-GB")} formulas depend on the table's value column; ` +
      `${band1Rows.toLocaleString("en-GB")} (the ${band1} rows) change value. ` +
      `A spilled DSG.BANDCOST recomputes all ${REGISTER_ROWS.toLocaleString("en-GB")} rows on any change in its inputs, i.e. costs (a).`,
  );
  bench.ratio("(c) build+compute / (a) spilled", hfBuild, spilled);
  bench.ratio("(b) single-cell calls / (a) spilled", scalar, spilled);
  bench.ratio("(d) whole-column register / (a) exact range", whole, spilled);
  bench.ratio("(e) whole-column register and table / (a) exact range", wholeBoth, spilled);
  bench.ratio("(d) whole-column register / (d0) floor of reading each row once", whole, wholeFloor);
  bench.note(
    "(d) against (a): since a spilled call works out each distinct band once, (a) costs less than reading a million row arrays (d0), so the ≤ 3× target is below the floor; (d) is measured against (d0) as well.",
  );
  if (oneCellWholeTable)
    bench.note(
      `(f): a single-cell call with a whole-column band table trims the table's 1,048,576 rows and finds its parse in the content-keyed cache; it was a full parse (about 61 ms) on every call before the cache.`,
    );
  bench.ratio("(g) array VLOOKUP build+compute / (a) spilled", hfArray, spilled);
  bench.ratio("(g) array VLOOKUP recompute, one band changed / (a) spilled", hfArrayOneBand, spilled);
  bench.ratio("(g) array VLOOKUP recompute, one table value changed / (a) spilled", hfArrayTable, spilled);
  bench.note(
    "Where native formulas win: after one band cell changes, (c) recomputes one XLOOKUP while a spilled DSG.BANDCOST recomputes the whole column, i.e. costs (a). " +
      "Our honest target there is only that (a) stays under the 5 ms target, so a recalculation is never noticed; no ratio target is claimed.",
  );
  bench.ratio("(c) recompute, one band changed / (a) spilled", hfOneBand, spilled);
  bench.ratio("(c) recompute, one table value changed / (a) spilled", hfTableCell, spilled);

  bench.target(
    `(a) under ${SPILLED_TARGET_MS} ms for ${REGISTER_ROWS.toLocaleString("en-GB")} rows (median)`,
    spilled ? formatDuration(spilled.medianNs) : "-",
    spilled ? spilled.medianNs < SPILLED_TARGET_MS * 1e6 : undefined,
  );
  const wholeRatio = spilled && whole ? whole.medianNs / spilled.medianNs : undefined;
  bench.target(
    `(d) whole-column register at most ${WHOLE_COLUMN_TARGET}× the exact-range call (a)`,
    wholeRatio === undefined ? "-" : formatRatio(wholeRatio),
    wholeRatio === undefined ? undefined : wholeRatio <= WHOLE_COLUMN_TARGET,
  );
  const vsHf = spilled && hfBuild ? hfBuild.medianNs / spilled.medianNs : undefined;
  bench.target(
    `(a) at least ${VS_HYPERFORMULA_TARGET}× faster than (c) build+compute`,
    vsHf === undefined ? "-" : formatRatio(vsHf),
    vsHf === undefined ? undefined : vsHf >= VS_HYPERFORMULA_TARGET,
  );
  const vsArray = spilled && hfArray ? hfArray.medianNs / spilled.medianNs : undefined;
  bench.target(
    `(a) at least ${VS_HYPERFORMULA_TARGET}× faster than (g) one array VLOOKUP, build+compute`,
    vsArray === undefined ? "-" : formatRatio(vsArray),
    vsArray === undefined ? undefined : vsArray >= VS_HYPERFORMULA_TARGET,
  );
}

// ---------------------------------------------------------------------------------------------
// 2. Transfer impact

const SCHOOLS = 500;
/** The transfer as a share of all allocations (0.5%, the usual Schools Block transfer). */
const TRANSFER_SHARE = 0.005;
/** From src/core/transfers.ts: "well under a millisecond for 500 schools". */
const TRANSFER_TARGET_MS = 1;

interface Schools {
  allocations: number[];
  floors: number[];
  transfer: number;
}

/** 500 schools, allocations £0.5m–£8m (log-uniform, whole £), floors 95–102% of allocation. */
function schools(): Schools {
  const random = seededRandom(353);
  const allocations: number[] = [];
  const floors: number[] = [];
  let total = 0;
  for (let i = 0; i < SCHOOLS; i++) {
    const allocation = Math.round(500_000 * Math.pow(16, random()));
    allocations.push(allocation);
    floors.push(Math.round(allocation * (0.95 + 0.07 * random()) * 100) / 100);
    total += allocation;
  }
  return { allocations, floors, transfer: Math.round(total * TRANSFER_SHARE * 100) / 100 };
}

/**
 * An independent check of a "scale" transfer: solve Σ min(r × A, headroom) = transfer by bisection
 * (in pence), then check the rate, each school's reduction to within a penny, the headroom limits,
 * and that the reductions add up to the transfer exactly.
 */
function checkTransfer(data: Schools, impact: TransferImpact): void {
  const a = data.allocations.map((v) => Math.round(v * 100));
  const h = data.floors.map((f, i) => Math.max(0, a[i] - Math.round(f * 100)));
  const target = Math.round(data.transfer * 100);
  check(
    h.reduce((s, v) => s + v, 0) >= target,
    "transfer data: the transfer is more than the schools can give",
  );
  const taken = (r: number): number => a.reduce((s, ai, i) => s + Math.min(r * ai, h[i]), 0);
  let lo = 0;
  let hi = Math.max(...h.map((head, i) => head / a[i]));
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (taken(mid) < target) lo = mid;
    else hi = mid;
  }
  const rate = (lo + hi) / 2;
  check(Math.abs(impact.rate - rate) <= 1e-9 * rate, `transfer rate ${impact.rate}, bisection gives ${rate}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const r = Math.round(impact.reductions[i] * 100);
    check(r >= 0 && r <= h[i], `school ${i + 1}: reduction ${r}p outside 0..${h[i]}p headroom`);
    check(
      Math.abs(r - Math.min(rate * a[i], h[i])) <= 1,
      `school ${i + 1}: reduction ${r}p is not its share`,
    );
    check(
      Math.round(impact.after[i] * 100) === a[i] - r,
      `school ${i + 1}: after is not allocation − reduction`,
    );
    sum += r;
  }
  check(sum === target, `reductions total ${sum}p, the transfer is ${target}p`);
}

async function transfers(bench: Bench): Promise<void> {
  bench.section(`2. Transfer impact: ${SCHOOLS} schools, ${TRANSFER_SHARE * 100}% transfer, "scale" method`);
  const data = schools();
  const allocationColumn = data.allocations.map((v) => [v]);
  const floorColumn = data.floors.map((v) => [v]);
  const transferCell = [[data.transfer]];
  const input = { allocations: data.allocations, floors: data.floors, transfer: data.transfer };

  const reference = transferImpact(input);
  let protectedCount = 0;
  const wrapper = await bench.measure({
    name: `DSG.TRANSFERIMPACT, ${SCHOOLS} schools, per call`,
    items: SCHOOLS,
    itemLabel: "school",
    run: () => DSG.transferimpact(allocationColumn, floorColumn, transferCell),
    verify: (out) => {
      check(!isCellError(reference), `core transferImpact returned ${String(reference)}`);
      checkTransfer(data, reference);
      protectedCount = reference.protectedFlags.filter(Boolean).length;
      checkValues("DSG.TRANSFERIMPACT vs core", spillColumn("DSG.TRANSFERIMPACT", out), reference.reductions);
    },
  });
  await bench.measure({
    name: `core transferImpact(), ${SCHOOLS} schools, per call`,
    items: SCHOOLS,
    itemLabel: "school",
    run: () => transferImpact(input),
    verify: (impact) => {
      check(!isCellError(impact), `core transferImpact returned ${String(impact)}`);
      checkTransfer(data, impact);
    },
  });
  const total = data.allocations.reduce((s, v) => s + v, 0);
  bench.note(
    `total allocations £${(total / 1e6).toFixed(1)}m, transfer £${data.transfer.toLocaleString("en-GB", { minimumFractionDigits: 2 })}; ` +
      `${protectedCount} of ${SCHOOLS} schools are held by their floor.`,
  );
  bench.target(
    `DSG.TRANSFERIMPACT under ${TRANSFER_TARGET_MS} ms per call (median; transfers.ts claim)`,
    wrapper ? formatDuration(wrapper.medianNs) : "-",
    wrapper ? wrapper.medianNs < TRANSFER_TARGET_MS * 1e6 : undefined,
  );
}

// ---------------------------------------------------------------------------------------------
// 3. Trajectories

const SCENARIOS = 1_000;
const YEARS = 10;

/** 1,000 scenarios: deficits £5m–£40m, funding £40m–£120m, varied growth, savings and transfers. */
function scenarios(): TrajectoryInput[] {
  const random = seededRandom(2026);
  const out: TrajectoryInput[] = [];
  for (let i = 0; i < SCENARIOS; i++) {
    const funding = Math.round(40e6 + 80e6 * random());
    out.push({
      openingBalance: -Math.round(5e6 + 35e6 * random()),
      funding,
      expenditure: Math.round(funding * (1 + 0.12 * random())),
      years: YEARS,
      fundingGrowth: Math.round(500 * random()) / 10_000, // 0%–5%, to 0.01%
      expenditureGrowth: Math.round(200 + 700 * random()) / 10_000, // 2%–9%
      savings: Math.round(3_000 * random()) * 1_000, // £0–£3m, to £1,000
      transfers: random() < 0.5 ? 0 : Math.round(2_000 * random()) * 1_000,
      startYear: 2026,
    });
  }
  return out;
}

/** The accounting identities and the compounding, checked for one scenario. */
function checkTrajectory(input: TrajectoryInput, result: TrajectoryResult, which: number): void {
  const where = `scenario ${which + 1}`;
  check(result.rows.length === YEARS, `${where}: ${result.rows.length} rows, expected ${YEARS}`);
  const p = (v: number): number => Math.round(v * 100);
  let cumulative = p(input.openingBalance);
  let fund = input.funding as number;
  let spend = input.expenditure as number;
  for (let t = 0; t < YEARS; t++) {
    const row = result.rows[t];
    if (t > 0) {
      fund *= 1 + (input.fundingGrowth as number);
      spend *= 1 + (input.expenditureGrowth as number);
    }
    check(
      Math.abs(row.funding - fund) <= 0.0051,
      `${where} ${row.label}: funding ${row.funding}, expected ≈ ${fund}`,
    );
    check(
      Math.abs(row.expenditure - spend) <= 0.0051,
      `${where} ${row.label}: expenditure ${row.expenditure}, expected ≈ ${spend}`,
    );
    const inYear =
      p(row.funding) + p(row.transfersIn) + p(row.otherIncome) - p(row.expenditure) + p(row.savings);
    check(
      p(row.inYear) === inYear,
      `${where} ${row.label}: in-year is not funding + income − expenditure + savings`,
    );
    cumulative += inYear + p(row.writeOffs);
    check(p(row.cumulative) === cumulative, `${where} ${row.label}: cumulative does not carry forward`);
    check(
      row.label === `${2026 + t}-${String((27 + t) % 100).padStart(2, "0")}`,
      `${where}: year label ${row.label}`,
    );
  }
}

/** The worked example in src/core/trajectory.ts (West Berkshire-style), through core and the wrapper. */
function checkWorkedExample(): void {
  const result = trajectory({
    openingBalance: -16e6,
    funding: 60e6,
    expenditure: 64e6,
    years: 3,
    fundingGrowth: 0.03,
    expenditureGrowth: 0.05,
    startYear: 2026,
  });
  check(!isCellError(result), `worked example: ${String(result)}`);
  const got = result.rows.map((r) => [r.label, r.inYear, r.cumulative]);
  const want = [
    ["2026-27", -4_000_000, -20_000_000],
    ["2027-28", -5_400_000, -25_400_000],
    ["2028-29", -6_906_000, -32_306_000],
  ];
  check(JSON.stringify(got) === JSON.stringify(want), `worked example: ${JSON.stringify(got)}`);
  const table = DSG.trajectory(
    [[-16e6]],
    [[60e6]],
    [[64e6]],
    [[3]],
    [[0.03]],
    [[0.05]],
    undefined,
    undefined,
    undefined,
    undefined,
    [["2026-27"]],
  );
  check(
    JSON.stringify(table) === JSON.stringify(trajectoryTable(result)),
    "worked example: DSG.TRAJECTORY differs from core",
  );
}

async function trajectories(bench: Bench): Promise<void> {
  bench.section(`3. Trajectories: ${SCENARIOS.toLocaleString("en-GB")} scenarios × ${YEARS} years`);
  const inputs = scenarios();
  const wrapperArgs = inputs.map((s) => [
    [[s.openingBalance]],
    [[s.funding]],
    [[s.expenditure]],
    [[s.years]],
    [[s.fundingGrowth]],
    [[s.expenditureGrowth]],
    [[s.savings]],
    [[s.transfers]],
    undefined,
    undefined,
    [["2026-27"]],
  ]);
  const items = SCENARIOS * YEARS;

  const core = await bench.measure({
    name: `core trajectory(), ${SCENARIOS.toLocaleString("en-GB")} scenarios`,
    items,
    itemLabel: "scenario-year",
    run: () => inputs.map((input) => trajectory(input)),
    verify: (results) => {
      checkWorkedExample();
      results.forEach((r, i) => {
        check(!isCellError(r), `scenario ${i + 1}: ${String(r)}`);
        checkTrajectory(inputs[i], r, i);
      });
    },
  });
  const wrapper = await bench.measure({
    name: `DSG.TRAJECTORY, ${SCENARIOS.toLocaleString("en-GB")} calls`,
    items,
    itemLabel: "scenario-year",
    run: () => wrapperArgs.map((args) => DSG.trajectory(...(args as Parameters<typeof DSG.trajectory>))),
    verify: (tables) => {
      tables.forEach((table, i) => {
        const result = trajectory(inputs[i]);
        check(!isCellError(result), `scenario ${i + 1}: ${String(result)}`);
        check(table.length === YEARS + 1, `scenario ${i + 1}: DSG.TRAJECTORY gave ${table.length} rows`);
        check(
          JSON.stringify(table) === JSON.stringify(trajectoryTable(result)),
          `scenario ${i + 1}: DSG.TRAJECTORY differs from core`,
        );
      });
    },
  });
  bench.ratio("DSG.TRAJECTORY / core trajectory()", wrapper, core);
  if (core) bench.note(`core: ${formatDuration(core.medianNs / SCENARIOS)} per 10-year scenario.`);
}

// ---------------------------------------------------------------------------------------------

export const engine: Suite = {
  name: "engine",
  title: "DSG.* functions and core: band costs vs HyperFormula, transfer impact, trajectories",
  run: async (bench) => {
    await bandCosts(bench);
    await transfers(bench);
    await trajectories(bench);
  },
};
