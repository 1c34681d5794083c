import fc from "fast-check";
import { CellError, isCellError } from "../../src/core/errors";
import { mfgFloor, mppl } from "../../src/core/protections";
import { Trace } from "../../src/core/trace";

/** Exact half-up rounding of a non-negative BigInt ratio to whole units. */
function halfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

function expectError(value: unknown, code: string, ...fragments: string[]): void {
  expect(isCellError(value)).toBe(true);
  const error = value as CellError;
  expect(error.code).toBe(code);
  for (const f of fragments) expect(error.message).toContain(f);
}

describe("mfgFloor: baseline per pupil × (1 + MFG) × pupils, to the penny", () => {
  // [label, baseline £/pupil, pupils, mfg, expected £, source of the figures]
  const cases: [string, number, number, number, number, string][] = [
    [
      "MFG +0.5%, the 2024-25 maximum",
      4800,
      420,
      0.005,
      2026080,
      "domain.md §2.3 protection table, 2024-25 (Norfolk, Staffordshire); 4,800 × 1.005 = 4,824; × 420 = 2,026,080 [D]",
    ],
    [
      "MFG −0.5%, the 2025-26 lower bound",
      5000,
      200,
      -0.005,
      995000,
      "domain.md §2.3 protection table, 2025-26 (Bracknell); 5,000 × 0.995 × 200 [D]",
    ],
    [
      "MFG −0.25% (H&F 2025-26, BCP 2026-27)",
      5000,
      200,
      -0.0025,
      997500,
      "domain.md §2.3; 5,000 × 0.9975 × 200 [D]",
    ],
    [
      "MFG 0.0% (Wiltshire 2025-26): the baseline carried forward",
      4955.5,
      100,
      0,
      495550,
      "domain.md §2.3 [D]",
    ],
    [
      "decimal-correct half-up: 4,007 × 1.005 × 101 = 406,730.535 exactly",
      4007,
      101,
      0.005,
      406730.54,
      "hand arithmetic [D]; binary floating point gives 406,730.53499… and naive rounding £406,730.53",
    ],
    [
      "decimal-correct half-up with a negative MFG: 4,021 × 0.995 × 333 = 1,332,298.035",
      4021,
      333,
      -0.005,
      1332298.04,
      "hand arithmetic [D]",
    ],
    [
      "fractional pupils (census part-time counts, domain.md §1.2)",
      5000,
      10.5,
      0.005,
      52762.5,
      "5,025 × 10.5 [D]",
    ],
    ["no pupils", 5000, 0, 0.005, 0, "[D]"],
    ["the ±5% sanity bound itself is allowed", 1000, 10, -0.05, 9500, "[D]"],
    ["+5% allowed", 1000, 10, 0.05, 10500, "[D]"],
  ];
  test.each(cases)("%s", (_label, baseline, pupils, mfg, expected) => {
    expect(mfgFloor(baseline, pupils, mfg)).toBe(expected);
  });

  const errors: [string, number, number, number, string, string[]][] = [
    ["0.5 typed for 0.5%", 5000, 200, 0.5, "#NUM!", ["between −5% and +5%", "got 0.5", "enter 0.005"]],
    ["−6% is outside the sanity bound", 5000, 200, -0.06, "#NUM!", ["between −5% and +5%"]],
    ["just above +5%", 5000, 200, 0.0501, "#NUM!", ["between −5% and +5%"]],
    ["negative pupils", 5000, -1, 0, "#NUM!", ["The number of pupils cannot be negative"]],
    ["negative baseline", -5000, 200, 0, "#NUM!", ["The baseline per pupil cannot be negative"]],
    ["NaN baseline", Number.NaN, 200, 0, "#VALUE!", ["The baseline per pupil must be a number"]],
    ["infinite pupils", 5000, Number.POSITIVE_INFINITY, 0, "#VALUE!", ["pupils must be a number"]],
    ["NaN MFG", 5000, 200, Number.NaN, "#VALUE!", ["The MFG percentage must be a number"]],
    ["a baseline in pence by mistake, beyond £1tn", 5e14, 200, 0, "#NUM!", ["too large", "not pence"]],
    [
      "inputs accepted one by one but a product beyond £1tn",
      1e12,
      1e12,
      0,
      "#NUM!",
      ["The MFG floor comes to more than £1,000,000,000,000"],
    ],
  ];
  test.each(errors)("error: %s", (_label, baseline, pupils, mfg, code, fragments) => {
    expectError(mfgFloor(baseline, pupils, mfg), code, ...fragments);
  });

  test("trace shows the inputs, the per-pupil protection and the rounded floor", () => {
    const trace = new Trace();
    mfgFloor(4007, 101, 0.005, trace);
    expect(trace.steps.filter((s) => s.kind === "input")).toHaveLength(3);
    const step = trace.steps.find((s) => s.kind === "step");
    expect(step?.detail).toBe("£4,007.00 × (1 + 0.5%), not rounded");
    const result = trace.steps[trace.steps.length - 1];
    expect(result.kind).toBe("result");
    expect(result.value).toBe(406730.54);
    expect(result.detail).toBe("£4,027.035 × 101 pupils, rounded to the penny = £406,730.54");
  });

  test("property: matches exact decimal arithmetic (BigInt) for penny baselines and MFG in 0.01% steps", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000 }), // baseline in pence, up to £20,000 a pupil
        fc.integer({ min: 0, max: 3000 }), // pupils
        fc.integer({ min: -500, max: 500 }), // MFG in hundredths of a percent: −5%..+5%
        (basePence, pupils, mfgBp) => {
          const got = mfgFloor(basePence / 100, pupils, mfgBp / 10000);
          const exact = halfUp(BigInt(basePence) * BigInt(10000 + mfgBp) * BigInt(pupils), 10000n);
          expect(typeof got).toBe("number");
          expect(Math.round((got as number) * 100)).toBe(Number(exact));
        },
      ),
      { numRuns: 2000 },
    );
  });

  test("property: never throws and never returns NaN/Infinity, whatever numbers arrive", () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.double(), (b, p, m) => {
        const got = mfgFloor(b, p, m);
        if (!isCellError(got)) expect(Number.isFinite(got)).toBe(true);
      }),
    );
  });
});

describe("mppl: Σ pupils × minimum per-pupil level by key stage, to the penny", () => {
  // Staffordshire 2024-25 rates (domain.md §2.3 protection table [S]): primary £4,610; KS3 £5,771; KS4 £6,331.
  const STAFFS = { primary: 4610, ks3: 5771, ks4: 6331 };
  // Bracknell Forest 2025-26 (domain.md §2.3 [S]): primary £4,955; secondary £6,465 (no KS3/KS4 split).
  const BRACKNELL = { primary: 4955, secondary: 6465 };

  // [label, primary, ks3, ks4 pupils, primary, ks3, ks4 rates, expected £, source]
  const cases: [string, number, number, number, number, number, number, number, string][] = [
    [
      "Staffordshire 2024-25 primary, 420 pupils",
      420,
      0,
      0,
      STAFFS.primary,
      STAFFS.ks3,
      STAFFS.ks4,
      1936200,
      "420 × £4,610 [D]",
    ],
    [
      "Staffordshire 2024-25 11–16 school, 200 a year group (600 KS3, 400 KS4)",
      0,
      600,
      400,
      STAFFS.primary,
      STAFFS.ks3,
      STAFFS.ks4,
      5995000,
      "1,000 × (3 × £5,771 + 2 × £6,331) ÷ 5 = 1,000 × £5,995 (domain.md §2.3 [D])",
    ],
    [
      "Staffordshire 2024-25 all-through school, 30 a year group (R–Y6, Y7–9, Y10–11)",
      210,
      90,
      60,
      STAFFS.primary,
      STAFFS.ks3,
      STAFFS.ks4,
      1867350,
      "210 × 4,610 + 90 × 5,771 + 60 × 6,331 = 968,100 + 519,390 + 379,860 [D]",
    ],
    [
      "Bracknell 2025-26 primary, 400 pupils",
      400,
      0,
      0,
      BRACKNELL.primary,
      BRACKNELL.secondary,
      BRACKNELL.secondary,
      1982000,
      "400 × £4,955 [D]",
    ],
    [
      "Bracknell 2025-26 11–16 school, secondary rate for both key stages",
      0,
      540,
      360,
      BRACKNELL.primary,
      BRACKNELL.secondary,
      BRACKNELL.secondary,
      5818500,
      "900 × £6,465 [D]",
    ],
    [
      "fractional pupils (census counts, domain.md §1.2)",
      10.5,
      0,
      0,
      STAFFS.primary,
      STAFFS.ks3,
      STAFFS.ks4,
      48405,
      "10.5 × £4,610 [D]",
    ],
    ["no pupils", 0, 0, 0, STAFFS.primary, STAFFS.ks3, STAFFS.ks4, 0, "[D]"],
  ];
  test.each(cases)("%s", (_label, p, k3, k4, rp, r3, r4, expected) => {
    expect(mppl(p, k3, k4, rp, r3, r4)).toBe(expected);
  });

  test("11–16 school: the weighted per-pupil figure is £5,995.00 (domain.md §2.3 [D])", () => {
    const trace = new Trace();
    mppl(0, 3, 2, STAFFS.primary, STAFFS.ks3, STAFFS.ks4, trace);
    const weighted = trace.steps.find((s) => s.label.startsWith("Weighted minimum per pupil"));
    expect(weighted?.value).toBe(5995);
    expect(weighted?.detail).toBe("£29,975 ÷ 5 pupils");
    expect(trace.steps[trace.steps.length - 1]).toMatchObject({ kind: "result", value: 29975 });
  });

  const errors: [string, number[], string, string][] = [
    ["negative primary pupils", [-1, 0, 0, 4610, 5771, 6331], "#NUM!", "Primary pupils cannot be negative"],
    [
      "negative KS4 rate",
      [0, 0, 10, 4610, 5771, -6331],
      "#NUM!",
      "The key stage 4 MPPL rate cannot be negative",
    ],
    [
      "NaN KS3 pupils",
      [0, Number.NaN, 0, 4610, 5771, 6331],
      "#VALUE!",
      "Key stage 3 pupils must be a number",
    ],
    ["a product beyond £1tn", [1e9, 0, 0, 1e9, 0, 0], "#NUM!", "The MPPL total comes to more than"],
  ];
  test.each(errors)("error: %s", (_label, args, code, fragment) => {
    const [a, b, c, d, e, f] = args;
    expectError(mppl(a, b, c, d, e, f), code, fragment);
  });

  test("property: 11–16 schools with equal year groups get £5,995 a pupil at the 2024-25 rates", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), (perYear) => {
        expect(mppl(0, 3 * perYear, 2 * perYear, STAFFS.primary, STAFFS.ks3, STAFFS.ks4)).toBe(
          5 * perYear * 5995,
        );
      }),
    );
  });

  test("property: matches exact decimal arithmetic for penny rates and whole pupils", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 1_500_000 }), { minLength: 3, maxLength: 3 }),
        (pupils, ratesPence) => {
          const got = mppl(
            pupils[0],
            pupils[1],
            pupils[2],
            ratesPence[0] / 100,
            ratesPence[1] / 100,
            ratesPence[2] / 100,
          );
          let exact = 0n;
          for (let i = 0; i < 3; i++) exact += BigInt(pupils[i]) * BigInt(ratesPence[i]);
          expect(Math.round((got as number) * 100)).toBe(Number(exact));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
