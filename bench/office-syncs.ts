/**
 * The "office-syncs" suite: round trips and request sizes of the Office adapter, and the time it
 * takes to prepare them, for a paper of 100, 10,000 and 50,000 rows.
 *
 * 1. Time to prepare the batches: planSheet (the values array, number-format and style rectangles,
 *    layout, tables) plus packBatches (splitting into requests under the 4 MB budget). Pure
 *    JavaScript, what the task pane spends before the first sync.
 * 2. Syncs per sheet and bytes per request: one full write of the sheet into the recording fake
 *    (test/fakes/excel-fake.ts), which queues every call as Excel does and measures each request's
 *    JSON. The fake counts round trips; it does not time Excel, so no Excel latency is in here.
 *
 * 3. The real papers: council workbooks generated at 100, 10,000 and 50,000 placements (standard
 *    layout, samples/generate.ts), read and built by the real pipeline (buildPapersInto) and
 *    written through OfficeWorkbookPort into the fake: syncs, syncs per sheet, request bytes, and
 *    a check that every cell the engine built landed (value or formula) and every open placement
 *    reached the banding review.
 * 4. The read: readSnapshot of 1 sheet (the register), 8 sheets (samples/council-large.xlsx) and
 *    20 sheets (that plus 12 sheets of other data, 3,000 × 20 cells, half formulas) from a fake
 *    that refuses a response over 5 MB as Excel on the web does: syncs, largest response, bytes,
 *    refused responses (none expected), and a check that the reader gets the same datasets as
 *    from a read with no limit.
 *
 * Targets: at most 2 syncs per sheet at 100 and 10,000 rows; every request at 50,000 rows under
 * the 4 MB budget (Excel on the web refuses 5 MB); preparing 10,000 rows in under 100 ms; every
 * request of the real papers under 4 MB; the 20-sheet read with no refused response.
 */

import { isDeepStrictEqual } from "node:util";
import { registerSpec } from "../test/fakes/register-spec";
import type { SheetSpec } from "../src/papers/spec";
import { buildPapersInto } from "../src/app/pipeline";
import { readDatasets } from "../src/sources";
import { formatRegionsFor } from "../src/sources/format-regions";
import type { WorkbookSnapshot } from "../src/sources/snapshot";
import { readSnapshot } from "../src/workbook/office/read";
import { DEFAULT_MAX_REQUEST_BYTES, packBatches, planSheet, type PlanEnv } from "../src/workbook/office/plan";
import { OfficeWorkbookPort } from "../src/workbook/office/write";
import { readWorkbookFile } from "../src/workbook/xlsx/read";
import { FakeExcel, type SyncRecord } from "../test/fakes/excel-fake";
import { fakeFromFile, seedOtherSheets } from "../test/workbook-office/workbooks";
import { check, formatDuration, type Bench, type Suite } from "./harness";
import {
  BANDING_SHEET,
  checkBandingReview,
  checkSameContent,
  generatedCouncil,
  type Generated,
} from "./papers-check";

const SIZES = [100, 10_000, 50_000] as const;
const LOOKUP_SYNCS = 2;
const PREPARE_10K_TARGET_MS = 100;

interface SyncCount {
  readonly rows: number;
  readonly sheetSyncs: number;
  readonly requestBytes: readonly number[];
  readonly calls: readonly number[];
}

/** Write the sheet once into the fake and count what went over the wire. */
async function countSyncs(spec: SheetSpec, rows: number): Promise<SyncCount> {
  const fake = new FakeExcel();
  fake.seedSheet("Council data", [
    ["School", "Pupils"],
    ["A school", 420],
  ]);
  let afterSheet = 0;
  await new OfficeWorkbookPort(fake.run).write([spec], () => {
    afterSheet = fake.syncs.length;
  });
  const writes = fake.syncs.slice(LOOKUP_SYNCS);
  const last = fake.sheet(spec.name).cell(4 + rows - 1, 0)?.value;
  check(last === `P${String(rows).padStart(6, "0")}`, `the last row did not land (found ${String(last)})`);
  check(
    writes.every((s) => s.calculationSuspended),
    "a write batch ran without suspending calculation",
  );
  return {
    rows,
    sheetSyncs: afterSheet - LOOKUP_SYNCS,
    requestBytes: writes.map((s) => s.requestBytes),
    calls: writes.map((s) => s.calls),
  };
}

const bytes = (n: number): string => n.toLocaleString("en-GB");
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(2)} MB`;

const PLACEMENTS = [100, 10_000, 50_000] as const;

/** One build of the real papers written into a fresh fake. */
async function writeRealPapers(snapshot: WorkbookSnapshot) {
  const fake = new FakeExcel();
  fake.seedSheet("Council data", [
    ["School", "Pupils"],
    ["A school", 420],
  ]);
  const out = await buildPapersInto(snapshot, { options: {} }, () => new OfficeWorkbookPort(fake.run));
  return { ...out, fake };
}

/** What the fake holds at a written sheet's cells. */
function fakeCells(fake: FakeExcel, names: readonly string[], specNames: readonly string[]) {
  return (name: string) => {
    const i = specNames.indexOf(name);
    if (i < 0 || !fake.sheetNames().includes(names[i])) return undefined;
    const sheet = fake.sheet(names[i]);
    return (r: number, c: number) => {
      const cell = sheet.cell(r, c);
      const v = cell?.value;
      return { value: v !== null && typeof v === "object" ? undefined : v, formula: cell?.formula };
    };
  };
}

const refusedIn = (syncs: readonly SyncRecord[]): number =>
  syncs.filter((s) => s.failed !== undefined).length;

async function realPapers(bench: Bench): Promise<void> {
  bench.section(
    "the real papers: generated registers, read and built by the pipeline, written into the fake",
  );
  const rows: string[] = [];
  let largestAll = 0;
  for (const n of PLACEMENTS) {
    const gen: Generated = await generatedCouncil(n);
    const snapshot = await readWorkbookFile(gen.bytes, `council-${n}.xlsx`);
    const m = await bench.measure({
      name: `write all papers, ${n.toLocaleString("en-GB")} placements (fake)`,
      items: 1,
      itemLabel: "build",
      warmup: 1,
      minSamples: 10,
      minTimeMs: 0,
      run: () => writeRealPapers(snapshot),
      verify: (out) => {
        const specNames = out.build.sheets.map((s) => s.name);
        const cells = checkSameContent(
          out.build.sheets,
          fakeCells(out.fake, out.written.sheets, specNames),
          "formula",
        );
        check(cells > n, `only ${cells} cells compared`);
        const banding = out.written.sheets[specNames.indexOf(BANDING_SHEET)];
        const sheet = out.fake.sheet(banding);
        const column: unknown[] = [];
        for (let r = 0; r < out.build.sheets[specNames.indexOf(BANDING_SHEET)].cells.length; r++)
          column.push(sheet.cell(r, 0)?.value);
        checkBandingReview(column, gen.facts);
        check(refusedIn(out.fake.syncs) === 0, "a request was refused");
      },
    });
    const once = await writeRealPapers(snapshot);
    const syncs = once.fake.syncs;
    const perSheet = once.written.sheets.map((name) => {
      const id = once.fake.sheet(name).id;
      return syncs.filter((s) => s.sheetsWritten.has(id)).length;
    });
    const requests = syncs.map((s) => s.requestBytes);
    const largest = Math.max(...requests);
    largestAll = Math.max(largestAll, largest);
    rows.push(
      `${bytes(n).padStart(8)}  ${String(once.written.sheets.length).padStart(6)}  ${String(syncs.length).padStart(5)}  ${String(Math.max(...perSheet)).padStart(9)}  ${mb(requests.reduce((a, b) => a + b, 0)).padStart(10)}  ${mb(largest).padStart(9)}  ${String(refusedIn(syncs)).padStart(7)}  ${m ? formatDuration(m.medianNs) : "-"}`,
    );
  }
  bench.note(
    `${"places".padStart(8)}  ${"sheets".padStart(6)}  ${"syncs".padStart(5)}  ${"max/sheet".padStart(9)}  ${"requests".padStart(10)}  ${"largest".padStart(9)}  ${"refused".padStart(7)}  write (median, fake)`,
  );
  for (const r of rows) bench.note(r);
  bench.note("syncs include the two look-ups; the fake counts round trips and bytes, not Excel's time.");
  bench.target(
    "every request of the real papers ≤ 4 MB (50,000 placements)",
    mb(largestAll),
    largestAll <= DEFAULT_MAX_REQUEST_BYTES,
  );
}

async function reads(bench: Bench): Promise<void> {
  bench.section("readSnapshot: 1, 8 and 20 sheets, from a fake that refuses a response over 5 MB");
  const gen = await generatedCouncil(10_000);
  const cases: { label: string; make: () => Promise<FakeExcel> }[] = [
    {
      label: "1 sheet (the register)",
      make: async () => {
        const fake = await fakeFromFile(gen.bytes);
        fake.model.sheets.splice(0, fake.model.sheets.length, fake.sheet("Top-up register"));
        return fake;
      },
    },
    { label: "8 sheets (council-large)", make: () => fakeFromFile(gen.bytes) },
    {
      label: "20 sheets (+12 of other data)",
      make: async () => {
        const fake = await fakeFromFile(gen.bytes);
        seedOtherSheets(fake, 12);
        return fake;
      },
    },
  ];
  const rows: string[] = [];
  let refused20: number | undefined;
  for (const c of cases) {
    const fake = await c.make();
    // What one response would have to carry (a host with no limit), and what the reader gets.
    fake.responseLimitBytes = 1 << 30;
    const full = await fake.run((ctx) => readSnapshot(ctx, { maxResponseBytes: 1 << 30 }));
    const fullBytes = fake.syncs.reduce((n, s) => n + s.responseBytes, 0);
    const expected = readDatasets(full);
    fake.responseLimitBytes = 5 * 1024 * 1024;
    fake.resetLog();
    const m = await bench.measure({
      name: `readSnapshot, ${c.label}`,
      items: 1,
      itemLabel: "read",
      warmup: 1,
      minSamples: 10,
      minTimeMs: 0,
      setup: () => fake.resetLog(),
      // As the task pane reads: number formats for the reader's candidate tables only.
      run: () => fake.run((ctx) => readSnapshot(ctx, { formatRegions: formatRegionsFor() })),
      verify: (snapshot) => {
        check(refusedIn(fake.syncs) === 0, `${refusedIn(fake.syncs)} response(s) refused`);
        check(
          isDeepStrictEqual(readDatasets(snapshot), expected),
          "the reader gets other datasets than from a full read",
        );
        check(
          (expected.placements?.length ?? 0) === gen.facts.placements.good,
          `read ${expected.placements?.length} placements, the register has ${gen.facts.placements.good} good rows`,
        );
      },
    });
    fake.resetLog();
    await fake.run((ctx) => readSnapshot(ctx, { formatRegions: formatRegionsFor() }));
    const syncs = fake.syncs;
    const responses = syncs.map((s) => s.responseBytes);
    const refused = refusedIn(syncs);
    if (c.label.startsWith("20")) refused20 = m ? refused : undefined;
    rows.push(
      `${c.label.padEnd(30)}  ${String(syncs.length).padStart(5)}  ${mb(Math.max(...responses)).padStart(9)}  ${mb(responses.reduce((a, b) => a + b, 0)).padStart(10)}  ${mb(fullBytes).padStart(12)}  ${(refused === 0 ? "none" : String(refused)).padStart(7)}  ${m ? formatDuration(m.medianNs) : "-"}`,
    );
  }
  bench.note(
    `${"workbook".padEnd(30)}  ${"syncs".padStart(5)}  ${"largest".padStart(9)}  ${"all bytes".padStart(10)}  ${"one response".padStart(12)}  ${"refused".padStart(7)}  read (median, fake)`,
  );
  for (const r of rows) bench.note(r);
  bench.note(
    '"one response": what reading every value, type and format at once would carry (Excel on the web refuses over 5 MB).',
  );
  bench.target(
    "20-sheet read: no refused response",
    refused20 === undefined ? "-" : refused20 === 0 ? "none refused" : `${refused20} refused`,
    refused20 === undefined ? undefined : refused20 === 0,
  );
}

export const officeSyncs: Suite = {
  name: "office-syncs",
  title:
    "Office adapter: syncs and bytes writing a sheet and the real papers (100 / 10,000 / 50,000), and reading 1 / 8 / 20 sheets",
  async run(bench: Bench): Promise<void> {
    const env: PlanEnv = {
      maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
      supports: () => true,
      listSeparator: ",",
    };
    const specs = new Map(SIZES.map((rows) => [rows, registerSpec(rows)]));

    bench.section("time to prepare the batches (planSheet + packBatches, no Excel)");
    const prepared = new Map<number, number | undefined>();
    for (const rows of SIZES) {
      const spec = specs.get(rows)!;
      const m = await bench.measure({
        name: `prepare ${rows.toLocaleString("en-GB")} rows`,
        items: rows,
        itemLabel: "row",
        run: () => packBatches(planSheet(spec, env), DEFAULT_MAX_REQUEST_BYTES),
        verify: (batches) => {
          check(batches.length >= 1, "no batches");
          check(
            batches.every((b) => b.bytes <= DEFAULT_MAX_REQUEST_BYTES || b.ops.length === 1),
            "a batch is over the budget",
          );
          const values = batches.flatMap((b) => b.ops).filter((o) => o.what.startsWith("formulas"));
          check(
            values[values.length - 1].what.endsWith(`:H${rows + 5}`),
            `the values do not reach row ${rows + 5}`,
          );
        },
        warmup: rows >= 50_000 ? 3 : 10,
        minSamples: rows >= 50_000 ? 10 : 30,
      });
      prepared.set(rows, m?.medianNs);
    }

    bench.section("syncs per sheet and request bytes (one write into the recording fake)");
    const counts: SyncCount[] = [];
    for (const rows of SIZES) counts.push(await countSyncs(specs.get(rows)!, rows));
    bench.note(
      `${"rows".padStart(8)}  ${"syncs/sheet".padStart(11)}  ${"look-ups".padStart(8)}  ${"calls".padStart(12)}  request bytes per sync`,
    );
    for (const c of counts) {
      bench.note(
        `${bytes(c.rows).padStart(8)}  ${String(c.sheetSyncs).padStart(11)}  ${String(LOOKUP_SYNCS).padStart(8)}  ${c.calls.join(" + ").padStart(12)}  ${c.requestBytes.map(bytes).join(" + ")}` +
          (c.requestBytes.length > 1 ? ` = ${bytes(c.requestBytes.reduce((a, b) => a + b, 0))}` : ""),
      );
    }
    bench.note(
      `budget per request ${bytes(DEFAULT_MAX_REQUEST_BYTES)} bytes (Excel on the web refuses 5 MB); the fake counts round trips, not Excel's time.`,
    );

    const at = (rows: number): SyncCount => counts.find((c) => c.rows === rows)!;
    bench.target("syncs per sheet at 100 rows ≤ 2", String(at(100).sheetSyncs), at(100).sheetSyncs <= 2);
    bench.target(
      "syncs per sheet at 10,000 rows ≤ 2",
      String(at(10_000).sheetSyncs),
      at(10_000).sheetSyncs <= 2,
    );
    const largest = Math.max(...at(50_000).requestBytes);
    bench.target(
      "every request at 50,000 rows ≤ 4 MB",
      `${bytes(largest)} B`,
      largest <= DEFAULT_MAX_REQUEST_BYTES,
    );
    const tenK = prepared.get(10_000);
    bench.target(
      `prepare 10,000 rows < ${PREPARE_10K_TARGET_MS} ms`,
      tenK === undefined ? "-" : formatDuration(tenK),
      tenK === undefined ? undefined : tenK < PREPARE_10K_TARGET_MS * 1e6,
    );

    await realPapers(bench);
    await reads(bench);
  },
};
