/**
 * Schools Block transfers (domain.md §2): how much a transfer moves, and what it costs each school.
 *
 * How much: `(Schools Block before recoupment − any protected amount) × percent`, to the penny
 * (domain.md §2.2: the DfE statements show one "total schools block before recoupment"; in 2021-22
 * the teachers' pay and pension grants were protected from transfer).
 *
 * What it costs each school: the transfer leaves a smaller pot for the local formula, and no school
 * may fall below its protected floor (its MFG or MPPL, see protections.ts). We model two ways of
 * fitting the pot (domain.md §2.3):
 * - "scale": every school's formula funding is scaled down by one factor r, but never below its
 *   floor: reduction = min(r × allocation, headroom). Norfolk 2024-25 is the pattern: a 1.5% transfer
 *   needed factor values 1.64% below NFF because protected schools could not contribute.
 * - "perpupil": one £ amount p is taken per pupil, again never below the floor:
 *   reduction = min(p × pupils, headroom).
 *
 * Why a closed form and not bisection (domain.md §2.4 suggests bisection to < £1): the total taken,
 * S(r) = Σ min(r × A_i, h_i), is piecewise linear and increasing in r, with a corner where each
 * school reaches its floor (r = h_i ÷ A_i). Sorting the schools by that corner and walking the
 * segments finds the exact r in one pass: O(n log n), well under a millisecond for 500 schools, and
 * exact to the penny rather than to £1.
 *
 * Worked example (3 schools): allocations £100,000, £200,000, £300,000; floors £100,000, £150,000,
 * £290,000, so headroom £0, £50,000, £10,000. To take £15,000: the first school is on its floor,
 * so r = £15,000 ÷ (£200,000 + £300,000) = 3%, which is below the third school's corner (£10,000 ÷
 * £300,000 = 3.33%), so no other floor binds: reductions £0, £6,000, £9,000. The factor (3%) is
 * larger than the transfer's share of all allocations (£15,000 ÷ £600,000 = 2.5%).
 *
 * All money is cash £ in and out; the solve and the penny rounding work in whole pence so the
 * reductions add up to the transfer exactly.
 */

import { CellError, ErrorCode, Errors, InternalError, Result } from "./errors";
import { Pounds, formatPounds, fromPence, roundHalfUp, roundPenny, toPence } from "./money";
import { formatAmount, formatPercent, formatPoundsExact } from "./format";
import { Trace } from "./trace";
import { MAX_VALUE, checkAmount, percentToFraction, tooLarge } from "./validate";

// Local aliases for the hot loops over hundreds of schools: a global lookup (Math.floor)
// costs several times more in sandboxed hosts such as Jest's vm contexts.
const { abs, floor, max: maxOf, min, round } = Math;

/** How a transfer is spread across schools: one scaling factor, or one £ amount per pupil. */
export type TransferMethod = "scale" | "perpupil";

/** The methods {@link transferImpact} accepts, in the order the docs list them. */
export const TRANSFER_METHODS: readonly TransferMethod[] = ["scale", "perpupil"];

/** What {@link transferImpact} needs: one entry per school in each list, in the same order. */
export interface TransferImpactInput {
  /** Each school's budget share before the transfer, £ (0 or more). */
  readonly allocations: readonly number[];
  /** Each school's protected floor (its MFG or MPPL level, whichever is higher), £ (0 or more). */
  readonly floors: readonly number[];
  /** The £ to take from the schools in total (0 or more), e.g. from {@link transferAmount}. */
  readonly transfer: number;
  /** Pupils in each school (to 4 decimal places); needed for the "perpupil" method, ignored by "scale". */
  readonly pupils?: readonly number[];
  /** "scale" (default) or "perpupil". */
  readonly method?: TransferMethod;
}

/** The effect of a transfer on each school, in the order the schools were given. */
export interface TransferImpact {
  /** £ taken from each school, to the penny; they add up to the transfer exactly. */
  readonly reductions: Pounds[];
  /** Each school's budget share after the transfer, £ (allocation − reduction). */
  readonly after: Pounds[];
  /**
   * The solved rate, before rounding to pence: for "scale" the factor r as a fraction (0.0164 is
   * 1.64%); for "perpupil" £ per pupil.
   */
  readonly rate: number;
  /**
   * True where the school's floor binds: it gives less than the rate alone would take (including
   * schools already at or below their floor, which give nothing).
   */
  readonly protectedFlags: boolean[];
  /**
   * The most the schools can give under this method, £: their funding above the floors (for
   * "perpupil", only schools with pupils can give).
   */
  readonly maxAbsorbable: Pounds;
  /** The transfer as a fraction of all allocations (transfer ÷ Σ allocations); 0 if none. */
  readonly transferShare: number;
}

/** Messages for this module, in the catalogue's voice: what is wrong; how to fix it. */
const TransferErrors = {
  percentOutOfRange: (got: number): CellError => {
    const hint =
      got > 1 && got <= 100
        ? ` If you meant ${formatPercent(percentToFraction(got))}, enter ${roundHalfUp(percentToFraction(got), 8)} or type it with a % sign.`
        : "";
    return new CellError(
      ErrorCode.number,
      `The transfer percentage must be between 0% and 100% as an Excel percentage (0.5% is 0.005); got ${got}.${hint}`,
    );
  },
  excludedTooLarge: (excluded: number, schoolsBlock: number): CellError =>
    new CellError(
      ErrorCode.number,
      `The protected amount (${formatAmount(excluded)}) is more than the Schools Block (${formatAmount(schoolsBlock)}); ` +
        `check that both are for the same year and that the Schools Block is the total before recoupment.`,
    ),
  zeroBase: (): CellError =>
    new CellError(
      ErrorCode.number,
      `The base for the transfer is £0, so no percentage can be worked out; enter the Schools Block before recoupment.`,
    ),
  amountAboveBase: (amount: number, base: number): CellError =>
    new CellError(
      ErrorCode.number,
      `The transfer (${formatAmount(amount)}) is more than the whole base it is a percentage of (${formatAmount(base)}); ` +
        `check the amount and the Schools Block.`,
    ),
  pupilsRequired: (): CellError =>
    new CellError(
      ErrorCode.value,
      `The "perpupil" method needs the pupils range: give one pupil number per school as the pupils argument, or use method "scale".`,
    ),
  infeasible: (transfer: number, max: number, method: TransferMethod): CellError =>
    new CellError(
      ErrorCode.number,
      `The protections can absorb at most ${formatPounds(max)}, but the transfer is ${formatPounds(transfer)}: ` +
        (method === "perpupil"
          ? `schools' funding above their MFG/MPPL floors (counting only schools with pupils) is all that can be taken. `
          : `schools' funding above their MFG/MPPL floors is all that can be taken. `) +
        `Lower the transfer to ${formatPounds(max)} or less, or disapply the MFG/MPPL so protected schools also contribute.`,
    ),
} as const;

/** Validated base `schoolsBlock − excluded`, decimal-clean (see transferAmount), or an error. */
function transferBase(schoolsBlock: number, excluded: number): Result<number> {
  const bad =
    checkAmount("The Schools Block before recoupment", schoolsBlock, "274776989") ??
    checkAmount("The protected amount excluded from the base", excluded, "0");
  if (bad) return bad;
  if (excluded > schoolsBlock) return TransferErrors.excludedTooLarge(excluded, schoolsBlock);
  // Rounding to 4 dp removes the binary noise a subtraction can leave (274,776,989.37 − 1,234.56),
  // so the product below sees the decimal base a person would write down.
  return roundHalfUp(schoolsBlock - excluded, 4);
}

/**
 * Record, after the Schools Block, the amount excluded and the base the percentage applies to: the
 * same lines in {@link transferAmount}'s trace and {@link transferPercent}'s.
 */
function traceBase(trace: Trace, schoolsBlock: number, excluded: number, base: number): Trace {
  return trace
    .input("Amount protected from transfer", excluded, "£")
    .step(
      "Base the percentage applies to",
      base,
      "£",
      `${formatAmount(schoolsBlock)} − ${formatAmount(excluded)}`,
    );
}

/**
 * The £ a Schools Block transfer moves: `(schoolsBlock − excluded) × percent`, rounded half-up to
 * the penny (domain.md §2.2, §2.4 step 1).
 *
 * @param schoolsBlock The Schools Block **before recoupment**, £ (including premises and growth,
 *   as the DfE allocation statement's total; domain.md §2.2).
 * @param percent The transfer as an Excel percentage, 0 to 1 (0.5% is 0.005).
 * @param excluded An amount protected from transfer, £ (e.g. the 2021-22 teachers' pay and pension
 *   grants); default 0. Must not exceed the Schools Block.
 * @param trace Optional: records the inputs, each step and the result for the explain view.
 * @returns The amount transferred in £, or a CellError: `#VALUE!` for a value that is not a number;
 *   `#NUM!` for a negative amount, a percentage outside 0..1, or `excluded` above `schoolsBlock`.
 * @example transferAmount(274776989, 0.005) // £1,373,884.95 (LA 353, 2025-26: £1,373,884.945 rounded up)
 */
export function transferAmount(
  schoolsBlock: number,
  percent: number,
  excluded = 0,
  trace?: Trace,
): Result<Pounds> {
  const base = transferBase(schoolsBlock, excluded);
  if (base instanceof CellError) return base;
  if (typeof percent !== "number" || !Number.isFinite(percent)) {
    return Errors.notANumber("The transfer percentage", percent, "0.5% or 0.005");
  }
  if (percent < 0 || percent > 1) return TransferErrors.percentOutOfRange(percent);

  const exact = base * percent;
  const amount = roundPenny(exact);

  if (trace) {
    trace
      .input("Schools Block before recoupment", schoolsBlock, "£")
      .input("Transfer percentage", percent, "%");
    traceBase(trace, schoolsBlock, excluded, base).result(
      "Amount transferred",
      amount,
      "£",
      `(${formatAmount(schoolsBlock)} − ${formatAmount(excluded)}) × ${formatPercent(percent)} = ${formatPoundsExact(exact)}, ` +
        `rounded half-up to the penny`,
    );
  }
  return amount;
}

/**
 * The reverse of {@link transferAmount}: what percentage of the base a £ amount is,
 * `amount ÷ (schoolsBlock − excluded)`, not rounded.
 *
 * @param amount The £ transferred (0 or more).
 * @param schoolsBlock The Schools Block before recoupment, £.
 * @param excluded An amount protected from transfer, £; default 0.
 * @param trace Optional: records the inputs, the step and the result for the explain view.
 * @returns The percentage as a fraction (0.005 is 0.5%), or a CellError: `#VALUE!` for a value
 *   that is not a number; `#NUM!` for a negative value, `excluded` above `schoolsBlock`, a base of
 *   £0, or an amount above the base.
 * @example transferPercent(1373884.95, 274776989) // ≈ 0.005
 */
export function transferPercent(
  amount: number,
  schoolsBlock: number,
  excluded = 0,
  trace?: Trace,
): Result<number> {
  const bad = checkAmount("The amount transferred", amount, "1373884.95");
  if (bad) return bad;
  const base = transferBase(schoolsBlock, excluded);
  if (base instanceof CellError) return base;
  if (base === 0) return TransferErrors.zeroBase();
  if (amount > base) return TransferErrors.amountAboveBase(amount, base);

  const percent = amount / base;
  if (trace) {
    trace
      .input("Amount transferred", amount, "£")
      .input("Schools Block before recoupment", schoolsBlock, "£");
    traceBase(trace, schoolsBlock, excluded, base).result(
      "Transfer percentage",
      percent,
      "%",
      `${formatAmount(amount)} ÷ ${formatAmount(base)}`,
    );
  }
  return percent;
}

/**
 * Whole pence, rounded half-up, for a checked non-negative amount. Fast path: away from a half
 * penny, Math.round of the pence is already right; near one (e.g. 1234.565, held as 1234.56499…)
 * defer to roundPenny, which treats binary noise as the half it stands for.
 */
function toWholePence(value: number): number {
  const scaled = value * 100;
  const whole = round(scaled);
  return abs(scaled - whole) < 0.49 ? whole : toPence(roundPenny(value));
}

/** Each value to whole pence after checking it is a finite, non-negative number. */
function pencePerSchool(values: readonly number[], what: string, example: string): Result<number[]> {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const bad = checkAmount(`The ${what} in row ${i + 1}`, v, example);
    if (bad) return bad;
    out[i] = toWholePence(v);
  }
  return out;
}

/** Headroom in pence: max(0, allocation − floor) for each school. */
function headroomPence(allocations: readonly number[], floors: readonly number[]): number[] {
  const h = new Array<number>(allocations.length);
  for (let i = 0; i < allocations.length; i++) h[i] = maxOf(0, allocations[i] - floors[i]);
  return h;
}

/** Lists given as arguments must be arrays of one value per school. */
function checkList(value: unknown, param: string): CellError | undefined {
  return Array.isArray(value) ? undefined : Errors.shape(param, "give a range with one value per school");
}

/**
 * The most a transfer can take from these schools without pushing any below its floor:
 * Σ max(0, allocation − floor), £. A school already at or below its floor gives nothing.
 *
 * @param allocations Each school's budget share before the transfer, £.
 * @param floors Each school's protected floor (MFG/MPPL), £, in the same order.
 * @param trace Optional: records the inputs and the result for the explain view.
 * @returns The maximum absorbable amount in £ (to the penny), or a CellError: `#VALUE!` for
 *   lists of different lengths or a value that is not a number; `#NUM!` for a negative value.
 * @example maxAbsorbable([100000, 200000, 300000], [100000, 150000, 290000]) // £60,000.00
 */
export function maxAbsorbable(
  allocations: readonly number[],
  floors: readonly number[],
  trace?: Trace,
): Result<Pounds> {
  const shapeBad = checkList(allocations, "allocations") ?? checkList(floors, "floors");
  if (shapeBad) return shapeBad;
  if (floors.length !== allocations.length)
    return lengthMismatch("floors", floors.length, allocations.length);
  const a = pencePerSchool(allocations, "allocation", "250000");
  if (a instanceof CellError) return a;
  const f = pencePerSchool(floors, "floor", "245000");
  if (f instanceof CellError) return f;
  let total = 0;
  for (const h of headroomPence(a, f)) total += h;
  const max = fromPence(total);
  if (trace) {
    trace
      .input("Schools", allocations.length, "schools")
      .result(
        "Most the schools can give above their floors",
        max,
        "£",
        `the sum over ${allocations.length} schools of (allocation − floor), counting 0 where a school is at or below its floor`,
      );
  }
  return max;
}

function lengthMismatch(param: string, got: number, want: number): CellError {
  return Errors.shape(
    param,
    `it has ${got} value${got === 1 ? "" : "s"} but allocations has ${want}; give one value per school, in the same order`,
  );
}

/** The continuous solution of Σ min(rate × w_i, h_i) = target, all in pence. */
interface Solution {
  /** Pence taken per unit of weight (per penny of allocation, or per pupil). */
  readonly rate: number;
  /** 1 where the school's floor binds at the solution (it gives all its headroom, less than rate × w). */
  readonly capped: Uint8Array;
  /** Pence taken from the floor-limited schools, and the weight of the others (for the explanation). */
  readonly cappedPence: number;
  readonly freeWeight: number;
  readonly cappedCount: number;
}

/**
 * Solve Σ_i min(rate × w_i, h_i) = target exactly (target ≤ Σ usable h_i, checked by the caller).
 *
 * Only schools with w_i > 0 and h_i > 0 can give; each has a corner at b_i = h_i ÷ w_i. Sorted by
 * corner, the schools before corner k give all their headroom (cappedPence) and the rest give
 * rate × w. The total at corner k is cappedPence + h_k + b_k × (weight of schools after k); the first
 * corner where that reaches the target holds the answer: rate = (target − cappedPence) ÷ (weight of
 * schools from k on). Writing the total that way (not b_k × weight-from-k) makes the last corner
 * exact, so a transfer equal to the maximum solves without float trouble.
 */
function solveRate(weights: readonly number[], head: readonly number[], target: number): Solution {
  const n = weights.length;
  const capped = new Uint8Array(n);
  if (target <= 0) return { rate: 0, capped, cappedPence: 0, freeWeight: 0, cappedCount: 0 };

  const order: number[] = [];
  const corner = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (weights[i] > 0 && head[i] > 0) {
      order.push(i);
      corner[i] = head[i] / weights[i];
    }
  }
  order.sort((x, y) => corner[x] - corner[y] || x - y);

  // Weight of the schools from position k to the end, summed from the end so the last is exact.
  const m = order.length;
  const weightFrom = new Float64Array(m + 1);
  for (let k = m - 1; k >= 0; k--) weightFrom[k] = weightFrom[k + 1] + weights[order[k]];

  let cappedPence = 0;
  for (let k = 0; k < m; k++) {
    const i = order[k];
    const totalAtCorner = cappedPence + head[i] + corner[i] * weightFrom[k + 1];
    if (totalAtCorner >= target) {
      return {
        rate: (target - cappedPence) / weightFrom[k],
        capped,
        cappedPence,
        freeWeight: weightFrom[k],
        cappedCount: k,
      };
    }
    cappedPence += head[i];
    capped[i] = 1;
  }
  throw new InternalError("solveRate: target exceeds the usable headroom; the caller must check feasibility");
}

/**
 * Whole pence per school that add up to `target` exactly: each school's share rounded down, then
 * the pennies left over go one each to the largest fractions of a penny (ties to the earlier
 * school), never above a school's headroom and never below zero.
 */
function allocatePence(
  ideal: Float64Array,
  head: readonly number[],
  eligible: (i: number) => boolean,
  target: number,
): { pence: number[]; moved: number } {
  const n = ideal.length;
  const pence = new Array<number>(n);
  // Fractions compared in millionths of a penny, so binary noise does not outrank the index tie-break.
  const frac = new Float64Array(n);
  let sum = 0;
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const whole = min(head[i], maxOf(0, floor(ideal[i])));
    pence[i] = whole;
    frac[i] = round((ideal[i] - whole) * 1e6);
    sum += whole;
    if (eligible(i)) order.push(i);
  }
  let left = target - sum;
  const moved = abs(left);
  if (left === 0) return { pence, moved };

  if (left > 0) {
    order.sort((x, y) => frac[y] - frac[x] || x - y);
    while (left > 0) {
      let gave = false;
      for (const i of order) {
        if (left === 0) break;
        if (pence[i] < head[i]) {
          pence[i] += 1;
          left -= 1;
          gave = true;
        }
      }
      if (!gave) throw new InternalError("allocatePence: no headroom left for the remaining pence");
    }
  } else {
    order.sort((x, y) => frac[x] - frac[y] || y - x);
    while (left < 0) {
      let took = false;
      for (const i of order) {
        if (left === 0) break;
        if (pence[i] > 0) {
          pence[i] -= 1;
          left += 1;
          took = true;
        }
      }
      if (!took) throw new InternalError("allocatePence: no pence left to take back");
    }
  }
  return { pence, moved };
}

/**
 * The per-school effect of taking `transfer` out of the local formula with every school kept at or
 * above its protected floor (domain.md §2.3, §2.4). Each school's headroom is
 * h = max(0, allocation − floor); a school at or below its floor gives nothing and is never raised.
 *
 * - "scale" (default): reduction = min(r × allocation, h), with the one factor r solved exactly so
 *   the reductions total the transfer. With no floor binding r is the transfer share
 *   (transfer ÷ Σ allocations); when floors bind r is larger (Norfolk 2024-25: 1.5% → 1.64%).
 * - "perpupil": reduction = min(p × pupils, h), with p in £ per pupil solved the same way.
 *
 * The reductions are whole pence and add up to the transfer (rounded to the penny) exactly: each
 * school's exact share is rounded down and the pennies left over go to the largest fractions of a
 * penny, ties to the earlier school. Allocations and floors are taken to the penny.
 *
 * @param input allocations (£ per school, before the transfer), floors (£ per school, MFG/MPPL),
 *   transfer (£ in total), pupils (per school; needed for "perpupil"), method ("scale" default).
 * @param trace Optional: records the inputs, the solve and the result for the explain view.
 * @returns The {@link TransferImpact}, or a CellError: `#VALUE!` for lists of different lengths, a
 *   value that is not a number, an unknown method, or "perpupil" without pupils; `#NUM!` for a
 *   negative value, or a transfer above what the schools can give above their floors (the message
 *   states that maximum in £ and how to proceed).
 * @example
 * transferImpact({ allocations: [100000, 200000, 300000], floors: [100000, 150000, 290000], transfer: 15000 })
 * // reductions £0, £6,000, £9,000; rate 0.03; protectedFlags [true, false, false]; transferShare 0.025
 */
export function transferImpact(input: TransferImpactInput, trace?: Trace): Result<TransferImpact> {
  const { allocations, floors, transfer, pupils } = input;
  const methodText = input.method === undefined ? "scale" : String(input.method).trim().toLowerCase();
  const method = TRANSFER_METHODS.find((m) => m === methodText);
  if (method === undefined) return Errors.notOneOf("The method", input.method, TRANSFER_METHODS);

  const shapeBad = checkList(allocations, "allocations") ?? checkList(floors, "floors");
  if (shapeBad) return shapeBad;
  const n = allocations.length;
  if (floors.length !== n) return lengthMismatch("floors", floors.length, n);
  if (method === "perpupil") {
    if (pupils === undefined || pupils === null) return TransferErrors.pupilsRequired();
    const bad = checkList(pupils, "pupils");
    if (bad) return bad;
    if (pupils.length !== n) return lengthMismatch("pupils", pupils.length, n);
    for (let i = 0; i < n; i++) {
      const bad = checkAmount(`The pupils in row ${i + 1}`, pupils[i], "420");
      if (bad) return bad;
    }
  }
  const a = pencePerSchool(allocations, "allocation", "250000");
  if (a instanceof CellError) return a;
  const f = pencePerSchool(floors, "floor", "245000");
  if (f instanceof CellError) return f;
  const transferBad = checkAmount("The transfer", transfer, "1373884.95");
  if (transferBad) return transferBad;

  const target = toWholePence(transfer);
  const head = headroomPence(a, f);
  // Pupils are taken to 4 decimal places (census counts carry at most 2): a stray 1e-300 would
  // otherwise make the £ per pupil overflow.
  const weights: readonly number[] =
    method === "perpupil" ? (pupils as readonly number[]).map((p) => roundHalfUp(p, 4)) : a;

  let totalAllocation = 0;
  let usable = 0;
  let onFloor = 0;
  for (let i = 0; i < n; i++) {
    totalAllocation += a[i];
    if (weights[i] > 0) usable += head[i];
    if (head[i] === 0) onFloor += 1;
  }
  // Each allocation is at most £1tn, but hundreds of them could pass the exact range of whole pence.
  if (totalAllocation > MAX_VALUE * 100)
    return tooLarge("The total of the allocations", fromPence(totalAllocation));
  const transferShare = totalAllocation > 0 ? target / totalAllocation : 0;
  const max = fromPence(usable);

  if (trace) {
    trace
      .input("Schools", n, "schools")
      .input("Transfer to take from the schools", fromPence(target), "£")
      .input(
        "Method",
        method === "scale" ? "scale all formula funding by one factor" : "the same £ per pupil",
        "",
      )
      .step(
        "Total allocations before the transfer",
        fromPence(totalAllocation),
        "£",
        `the sum over ${n} schools`,
      )
      .step(
        "Transfer as a share of total allocations",
        transferShare,
        "%",
        `${formatAmount(fromPence(target))} ÷ ${formatAmount(fromPence(totalAllocation))}`,
      )
      .step("Schools already at or below their floor (they give nothing)", onFloor, "schools")
      .step(
        "Most the schools can give above their floors",
        max,
        "£",
        method === "perpupil"
          ? "the sum of (allocation − floor) over schools above their floor that have pupils"
          : "the sum of (allocation − floor) over schools above their floor",
      );
  }

  if (target > usable) {
    const error = TransferErrors.infeasible(fromPence(target), max, method);
    trace?.result("The transfer cannot be taken", error.message, "");
    return error;
  }

  const solution = solveRate(weights, head, target);
  const { rate: ratePence, capped } = solution;

  const ideal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (weights[i] > 0 && head[i] > 0) ideal[i] = capped[i] ? head[i] : min(head[i], ratePence * weights[i]);
  }
  const { pence, moved } = allocatePence(ideal, head, (i) => weights[i] > 0 && head[i] > 0, target);

  const reductions = new Array<Pounds>(n);
  const after = new Array<Pounds>(n);
  const protectedFlags = new Array<boolean>(n);
  for (let i = 0; i < n; i++) {
    reductions[i] = fromPence(pence[i]);
    after[i] = fromPence(a[i] - pence[i]);
    // The floor binds where the school gives less than the rate alone would take.
    protectedFlags[i] = ratePence > 0 && weights[i] > 0 && (capped[i] === 1 || head[i] === 0);
  }
  // For "scale" the rate is pence per penny (a fraction); for "perpupil" convert pence to £ a pupil.
  const rate = method === "perpupil" ? ratePence / 100 : ratePence;

  if (trace) {
    const others = solution.freeWeight;
    const limited = solution.cappedCount;
    // "(£1,230,000 − £40,000 given in full by 3 schools that reach their floor)", or just "£1,230,000".
    const shareOfRest =
      limited === 0
        ? formatAmount(fromPence(target))
        : `(${formatAmount(fromPence(target))} − ${formatAmount(fromPence(solution.cappedPence))} given in full by ${limited} ` +
          `school${limited === 1 ? "" : "s"} that reach their floor)`;
    if (method === "scale") {
      trace.step(
        "Scaling factor (each school gives this share of its allocation, but never goes below its floor)",
        rate,
        "%",
        target === 0
          ? "no transfer, so no reduction"
          : `${shareOfRest} ÷ ${formatAmount(fromPence(others))}, the allocations of the schools that give the full factor`,
      );
      if (rate > transferShare && target > 0) {
        trace.step(
          "Why the factor is more than the transfer share",
          `${formatPercent(rate)} is more than ${formatPercent(transferShare)}`,
          "",
          "schools held at their floors cannot give their full share, so the others give more",
        );
      }
    } else {
      trace.step(
        "Reduction per pupil (never taking a school below its floor)",
        rate,
        "£",
        target === 0
          ? "no transfer, so no reduction"
          : `${shareOfRest} ÷ ${others.toLocaleString("en-GB", { maximumFractionDigits: 2 })} pupils in the schools that give the full amount`,
      );
    }
    trace
      .step("Schools whose floor limits their reduction", protectedFlags.filter(Boolean).length, "schools")
      .step(
        "Pennies placed by rounding",
        moved,
        "pence",
        "each school's exact reduction rounded down, then the pennies left over given to the largest fractions of a penny so the total is exact",
      )
      .result("Total taken from the schools", fromPence(target), "£", "equals the transfer, to the penny");
  }

  return { reductions, after, rate, protectedFlags, maxAbsorbable: max, transferShare };
}
