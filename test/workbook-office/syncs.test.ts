/**
 * Round trips and request sizes of the Office adapter, counted by the recording fake.
 *
 * The rule (DESIGN.md): a constant number of context.sync() calls per sheet, not one per row or
 * cell; more only when a sheet's values would make a request bigger than Excel on the web accepts.
 * Asserted: at most 2 syncs per sheet at 100 and 10,000 rows (it is 1), 2 look-up syncs per build,
 * every request under the 4 MB budget, calculation suspended for every write, and the adapter's
 * size estimates never below what the fake measures. At 50,000 rows the values no longer fit one
 * request; the test prints how many syncs that sheet took and their sizes.
 */
import { readSnapshot } from "../../src/workbook/office/read";
import { DEFAULT_MAX_REQUEST_BYTES } from "../../src/workbook/office/plan";
import { OfficeWorkbookPort, type OfficeWriteResult } from "../../src/workbook/office/write";
import { FakeExcel, type SyncRecord } from "../fakes/excel-fake";
import { registerSpec } from "../fakes/register-spec";
import { NumFmt, type SheetSpec } from "../../src/papers/spec";

const LOOKUP_SYNCS = 2;

interface Measured {
  result: OfficeWriteResult;
  fake: FakeExcel;
  /** Syncs each sheet took (between progress reports; the first sheet's excludes the look-ups). */
  perSheet: number[];
  writes: SyncRecord[];
}

async function build(
  specs: SheetSpec[],
  options: { maxRequestBytes?: number; requestLimit?: number } = {},
): Promise<Measured> {
  const fake = new FakeExcel();
  fake.seedSheet("Council data", [
    ["Name", "Amount"],
    ["A school", 1234],
  ]);
  if (options.requestLimit) fake.requestLimitBytes = options.requestLimit;
  const marks: number[] = [];
  const port = new OfficeWorkbookPort(fake.run, { maxRequestBytes: options.maxRequestBytes });
  const result = await port.write(specs, () => marks.push(fake.syncs.length));
  const perSheet = marks.map((m, i) => m - (i === 0 ? LOOKUP_SYNCS : marks[i - 1]));
  return { result, fake, perSheet, writes: fake.syncs.slice(LOOKUP_SYNCS) };
}

function expectWellFormed({ result, fake, writes }: Measured, limit = DEFAULT_MAX_REQUEST_BYTES): void {
  expect(fake.syncs.every((s) => s.failed === undefined)).toBe(true);
  expect(result.syncs).toBe(fake.syncs.length);
  for (const s of fake.syncs) expect(s.requestBytes).toBeLessThanOrEqual(limit);
  // Every write batch suspends calculation until its sync.
  for (const s of writes) expect(s.calculationSuspended).toBe(true);
  // The adapter's estimates are never below what would be sent.
  expect(result.requests).toHaveLength(writes.length);
  result.requests.forEach((r, i) => expect(r.bytes).toBeGreaterThanOrEqual(writes[i].requestBytes));
}

function expectRegister(fake: FakeExcel, spec: SheetSpec, rows: number): void {
  const sheet = fake.sheet(spec.name);
  const first = 4;
  for (const i of [0, Math.floor(rows / 2), rows - 1]) {
    expect(sheet.cell(first + i, 0)?.value).toBe(`P${String(i + 1).padStart(6, "0")}`);
    expect(sheet.cell(first + i, 6)?.formula).toBe(`ROUND(E${first + i + 1}*F${first + i + 1}*$B$3,2)`);
    expect(sheet.cell(first + i, 3)?.numberFormat).toBe(NumFmt.date);
  }
  expect(sheet.cell(first + rows, 6)?.formula).toBe(`SUM(G5:G${first + rows})`);
  expect(sheet.tables[0].rect).toEqual({ top: 3, left: 0, bottom: 3 + rows, right: 7 });
}

describe("syncs per sheet", () => {
  it.each([100, 10_000])(
    "writes a %i-row sheet in at most 2 syncs (after the 2 look-ups), under 4 MB each",
    async (rows) => {
      const spec = registerSpec(rows);
      const m = await build([spec]);
      expectWellFormed(m);
      expect(m.perSheet).toHaveLength(1);
      expect(m.perSheet[0]).toBeLessThanOrEqual(2);
      expect(m.perSheet[0]).toBe(1);
      expect(m.result.syncs).toBe(LOOKUP_SYNCS + 1);
      expectRegister(m.fake, spec, rows);
    },
  );

  it("does not grow with rows: 100 and 10,000 rows make the same number of calls", async () => {
    const small = await build([registerSpec(100)]);
    const large = await build([registerSpec(10_000)]);
    expect(large.writes.map((s) => s.calls)).toEqual(small.writes.map((s) => s.calls));
  });

  it("takes one sync per sheet for a build of several sheets, plus the 2 look-ups", async () => {
    const specs = [
      registerSpec(100, "Register A", "RegisterA"),
      registerSpec(10_000, "Register B", "RegisterB"),
      registerSpec(2_000, "Register C", "RegisterC"),
    ];
    const m = await build(specs);
    expectWellFormed(m);
    expect(m.perSheet).toEqual([1, 1, 1]);
    expect(m.result.syncs).toBe(LOOKUP_SYNCS + 3);
    // No write touched the council's sheet.
    const council = m.fake.sheet("Council data").id;
    for (const s of m.fake.syncs) expect(s.sheetsWritten.has(council)).toBe(false);
  });

  it("splits a 50,000-row sheet's values over as few requests as the 4 MB budget allows", async () => {
    const rows = 50_000;
    const spec = registerSpec(rows);
    const m = await build([spec]);
    expectWellFormed(m);
    const sizes = m.writes.map((s) => s.requestBytes);
    const total = sizes.reduce((a, b) => a + b, 0);
    console.info(
      `50,000 rows: ${m.perSheet[0]} syncs for the sheet (+${LOOKUP_SYNCS} look-ups); request bytes ${sizes.map((b) => b.toLocaleString("en-GB")).join(", ")} (total ${total.toLocaleString("en-GB")}, budget ${DEFAULT_MAX_REQUEST_BYTES.toLocaleString("en-GB")})`,
    );
    expect(total).toBeGreaterThan(DEFAULT_MAX_REQUEST_BYTES); // the values really do not fit one request
    expect(m.perSheet[0]).toBeGreaterThanOrEqual(2);
    // Only as many syncs as the bytes need, plus at most one for rounding at row boundaries.
    expect(m.perSheet[0]).toBeLessThanOrEqual(Math.ceil(total / DEFAULT_MAX_REQUEST_BYTES) + 1);
    expectRegister(m.fake, spec, rows);
    // Every row landed: the placements column is complete and in order.
    const sheet = m.fake.sheet(spec.name);
    for (let i = 0; i < rows; i++) {
      if (sheet.cell(4 + i, 0)?.value !== `P${String(i + 1).padStart(6, "0")}`)
        throw new Error(`row ${i + 5} is missing or out of order`);
    }
  });

  it("keeps every request under a smaller budget too (the limit is an option) and Excel on the web's limit is never hit", async () => {
    const rows = 10_000;
    const spec = registerSpec(rows);
    const budget = 256 * 1024;
    const m = await build([spec], { maxRequestBytes: budget, requestLimit: budget });
    expectWellFormed(m, budget);
    expect(m.perSheet[0]).toBeGreaterThan(2);
    expectRegister(m.fake, spec, rows);
  });

  it("is refused by a host whose request limit the batch exceeds (so the fake's limit is real)", async () => {
    const fake = new FakeExcel();
    fake.requestLimitBytes = 64 * 1024;
    const port = new OfficeWorkbookPort(fake.run, { maxRequestBytes: 1024 * 1024 });
    await expect(port.write([registerSpec(5_000)])).rejects.toMatchObject({
      code: "RequestPayloadSizeLimitExceeded",
    });
    expect(fake.sheetNames()).toEqual([]);
  });
});

describe("syncs per snapshot read", () => {
  function workbook(sheets: number, rows: number): FakeExcel {
    const fake = new FakeExcel();
    for (let s = 0; s < sheets; s++) {
      const data: (string | number)[][] = [["Line", "Budget", "Forecast"]];
      for (let r = 0; r < rows; r++) data.push([`Line ${r + 1}`, 1000 + r, 1100 + r]);
      fake.seedSheet(`Sheet ${s + 1}`, data);
    }
    return fake;
  }

  it.each([
    [1, 10],
    [20, 10],
    [1, 5_000],
    [20, 500],
  ])("reads %i sheet(s) of %i rows in 3 syncs (list, sizes, cells)", async (sheets, rows) => {
    const fake = workbook(sheets, rows);
    const snapshot = await fake.run((ctx) => readSnapshot(ctx));
    expect(fake.syncs).toHaveLength(3);
    expect(snapshot.sheets).toHaveLength(sheets);
    expect(snapshot.sheets[sheets - 1].cells).toHaveLength(rows + 1);
    expect(snapshot.sheets[0].cells[rows]).toEqual([`Line ${rows}`, 1000 + rows - 1, 1100 + rows - 1]);
  });
});
