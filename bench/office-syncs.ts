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
 * Targets: at most 2 syncs per sheet at 100 and 10,000 rows; every request at 50,000 rows under
 * the 4 MB budget (Excel on the web refuses 5 MB); preparing 10,000 rows in under 100 ms.
 */

import { registerSpec } from "../test/fakes/register-spec";
import type { SheetSpec } from "../src/papers/spec";
import { DEFAULT_MAX_REQUEST_BYTES, packBatches, planSheet, type PlanEnv } from "../src/workbook/office/plan";
import { OfficeWorkbookPort } from "../src/workbook/office/write";
import { FakeExcel } from "../test/fakes/excel-fake";
import { check, formatDuration, type Bench, type Suite } from "./harness";

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

export const officeSyncs: Suite = {
  name: "office-syncs",
  title:
    "Office adapter: syncs per sheet, request bytes and batch preparation for 100 / 10,000 / 50,000 rows",
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
  },
};
