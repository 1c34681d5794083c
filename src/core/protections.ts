/**
 * School funding protections: the minimum funding guarantee (MFG) floor and the minimum per-pupil
 * funding level (MPPL). Both give the least a school's budget share can be, so a Schools Block
 * transfer (see transfers.ts) can only take what lies above them.
 *
 * Sources (domain.md §2.3, "MFG/MPPL mechanics"):
 * - MFG: the per-pupil MFG budget is compared with last year's adjusted baseline per pupil; a school
 *   below `baseline × (1 + MFG %)` per pupil is topped up to it. The allowed MFG range is set each
 *   year (2024-25: 0.0% to +0.5%; 2025-26: −0.5% to 0.0%) [S]. We accept −5% to +5% as a sanity
 *   bound only; the year's range belongs on the rules sheet.
 * - MPPL: funding per pupil is topped up to the year's minimum, weighted by the school's mix of
 *   key stages (primary years × primary MPPL + KS3 years × KS3 MPPL + KS4 years × KS4 MPPL) [K].
 *
 * Money in cash £ (plain numbers); results rounded half-up to the penny, once, at the end.
 */

import { CellError, ErrorCode, Errors, Result } from "./errors";
import { Pounds, formatPounds, roundHalfUp, roundPenny } from "./money";
import { formatAmount, formatPercent, formatPoundsExact } from "./format";
import { Trace } from "./trace";
import { MAX_VALUE, checkAmount, percentToFraction } from "./validate";

/** The widest MFG percentage accepted (±5%): a sanity bound, not a year's allowed range. */
export const MFG_LIMIT = 0.05;

/** Messages for this module, in the catalogue's voice: what is wrong; how to fix it. */
const ProtectionErrors = {
  mfgOutOfRange: (got: number): CellError => {
    // Someone typing 0.5 for 0.5% is the usual slip: say what to enter instead.
    const hint =
      Math.abs(got) > MFG_LIMIT && Math.abs(got) <= 5
        ? ` If you meant ${formatPercent(percentToFraction(got))}, enter ${roundHalfUp(percentToFraction(got), 8)} or type it with a % sign.`
        : "";
    return new CellError(
      ErrorCode.number,
      `The MFG percentage must be between −5% and +5% as an Excel percentage (−0.5% is −0.005); got ${got}.${hint}`,
    );
  },
} as const;

/** A count of pupils for explanations: "213", "106,675.5". */
function count(value: number): string {
  return value.toLocaleString("en-GB", { maximumFractionDigits: 4 });
}

/** A product of accepted inputs that is still beyond any real school budget. */
function resultTooLarge(what: string): CellError {
  return new CellError(
    ErrorCode.number,
    `${what} comes to more than ${formatPounds(MAX_VALUE, false)}; check that the pupils and the £ per pupil are in the right cells.`,
  );
}

/**
 * The minimum funding guarantee floor for a school: `baselinePerPupil × (1 + mfg) × pupils`,
 * rounded half-up to the penny (once, at the end).
 *
 * @param baselinePerPupil Last year's adjusted MFG baseline, £ per pupil (0 or more).
 * @param pupils Pupils on roll this year (0 or more; may be fractional, as census counts can be).
 * @param mfg The MFG percentage as an Excel percentage: +0.5% is 0.005, −0.5% is −0.005.
 *   Must lie between −5% and +5%.
 * @param trace Optional: records the inputs, each step and the result for the explain view.
 * @returns The protected floor in £, or a CellError: `#VALUE!` for a value that is not a number,
 *   `#NUM!` for a negative baseline or pupil count, or an MFG outside −5%..+5%.
 * @example mfgFloor(5000, 200, 0.005) // £1,005,000.00: £5,000 × (1 + 0.5%) × 200 pupils
 */
export function mfgFloor(
  baselinePerPupil: number,
  pupils: number,
  mfg: number,
  trace?: Trace,
): Result<Pounds> {
  const bad =
    checkAmount("The baseline per pupil", baselinePerPupil, "4975.50") ??
    checkAmount("The number of pupils", pupils, "420") ??
    (typeof mfg !== "number" || !Number.isFinite(mfg)
      ? Errors.notANumber("The MFG percentage", mfg, "0.5% or 0.005")
      : undefined);
  if (bad) return bad;
  if (mfg < -MFG_LIMIT || mfg > MFG_LIMIT) return ProtectionErrors.mfgOutOfRange(mfg);

  const protectedPerPupil = baselinePerPupil * (1 + mfg);
  const floor = roundPenny(protectedPerPupil * pupils);
  if (!(floor <= MAX_VALUE)) return resultTooLarge("The MFG floor");

  if (trace) {
    trace
      .input("Baseline funding per pupil (last year, adjusted)", baselinePerPupil, "£")
      .input("Pupils", pupils, "pupils")
      .input("Minimum funding guarantee", mfg, "%")
      .step(
        "Protected funding per pupil",
        protectedPerPupil,
        "£",
        `${formatPoundsExact(baselinePerPupil)} × (1 + ${formatPercent(mfg)}), not rounded`,
      )
      .result(
        "MFG floor for the school",
        floor,
        "£",
        `${formatPoundsExact(protectedPerPupil)} × ${count(pupils)} pupils, rounded to the penny = ${formatAmount(floor)}`,
      );
  }
  return floor;
}

/**
 * The minimum per-pupil funding level (MPPL) total for a school: Σ pupils × rate over its key
 * stages, rounded half-up to the penny. For a middle, 11–16 or all-through school this is the
 * year-group-weighted MPPL (domain.md §2.3): e.g. an 11–16 school with equal year groups (3 KS3, 2
 * KS4) at the 2024-25 rates gets (3 × £5,771 + 2 × £6,331) ÷ 5 = £5,995 a pupil.
 *
 * @param primaryPupils Pupils in reception to year 6 (0 or more).
 * @param ks3Pupils Pupils in years 7–9 (0 or more).
 * @param ks4Pupils Pupils in years 10–11 (0 or more).
 * @param primaryRate The primary MPPL, £ per pupil (e.g. £4,610 in 2024-25).
 * @param ks3Rate The key stage 3 MPPL, £ per pupil (e.g. £5,771 in 2024-25). Where only a
 *   secondary rate is published (2025-26: £6,465), give it for both KS3 and KS4.
 * @param ks4Rate The key stage 4 MPPL, £ per pupil (e.g. £6,331 in 2024-25).
 * @param trace Optional: records the inputs, each step and the result for the explain view.
 * @returns The school's MPPL total in £, or a CellError: `#VALUE!` for a value that is not a
 *   number, `#NUM!` for a negative pupil count or rate.
 * @example mppl(0, 600, 400, 4610, 5771, 6331) // £5,995,000.00 (1,000 pupils at £5,995)
 */
export function mppl(
  primaryPupils: number,
  ks3Pupils: number,
  ks4Pupils: number,
  primaryRate: number,
  ks3Rate: number,
  ks4Rate: number,
  trace?: Trace,
): Result<Pounds> {
  const bad =
    checkAmount("Primary pupils", primaryPupils, "210") ??
    checkAmount("Key stage 3 pupils", ks3Pupils, "540") ??
    checkAmount("Key stage 4 pupils", ks4Pupils, "360") ??
    checkAmount("The primary MPPL rate", primaryRate, "4955") ??
    checkAmount("The key stage 3 MPPL rate", ks3Rate, "6465") ??
    checkAmount("The key stage 4 MPPL rate", ks4Rate, "6465");
  if (bad) return bad;

  // Each product is exact to well under a penny; the sum of three non-negative terms adds no
  // cancellation, so one half-up rounding of the total is decimal-correct.
  const primary = primaryPupils * primaryRate;
  const ks3 = ks3Pupils * ks3Rate;
  const ks4 = ks4Pupils * ks4Rate;
  const total = roundPenny(primary + ks3 + ks4);
  if (!(total <= MAX_VALUE)) return resultTooLarge("The MPPL total");

  if (trace) {
    const pupils = primaryPupils + ks3Pupils + ks4Pupils;
    trace
      .input("Primary pupils", primaryPupils, "pupils")
      .input("Key stage 3 pupils", ks3Pupils, "pupils")
      .input("Key stage 4 pupils", ks4Pupils, "pupils")
      .input("Primary minimum per pupil", primaryRate, "£")
      .input("Key stage 3 minimum per pupil", ks3Rate, "£")
      .input("Key stage 4 minimum per pupil", ks4Rate, "£")
      .step(
        "Primary minimum",
        primary,
        "£",
        `${count(primaryPupils)} pupils × ${formatPoundsExact(primaryRate)}`,
      )
      .step("Key stage 3 minimum", ks3, "£", `${count(ks3Pupils)} pupils × ${formatPoundsExact(ks3Rate)}`)
      .step("Key stage 4 minimum", ks4, "£", `${count(ks4Pupils)} pupils × ${formatPoundsExact(ks4Rate)}`);
    if (pupils > 0) {
      trace.step(
        "Weighted minimum per pupil for this school's mix",
        total / pupils,
        "£",
        `${formatAmount(total)} ÷ ${count(pupils)} pupils`,
      );
    }
    trace.result(
      "Minimum per-pupil level total for the school",
      total,
      "£",
      `${formatPoundsExact(primary)} + ${formatPoundsExact(ks3)} + ${formatPoundsExact(ks4)}, rounded to the penny`,
    );
  }
  return total;
}
