/**
 * Explain traces: what a calculation read, each step it took and what it returned, in words a
 * school business manager can follow. Every core calculation accepts an optional Trace; when none
 * is given nothing is recorded (the fast path pays one `if`).
 */

export type StepKind = "input" | "step" | "result";

export interface TraceStep {
  readonly kind: StepKind;
  /** Plain words: "Hours of support a week", "Cost before the threshold". */
  readonly label: string;
  /** The value at this step (a number, text, or a small table as rows). */
  readonly value: number | string | boolean | null;
  /** How it was worked out, e.g. "12.5 hours × £14.95 × 38 weeks". */
  readonly detail?: string;
  /** Unit of the value, so the pane can format it: "£", "%", "hours", "weeks", "days", "". */
  readonly unit?: string;
}

export class Trace {
  readonly steps: TraceStep[] = [];

  input(label: string, value: TraceStep["value"], unit?: string, detail?: string): this {
    this.steps.push({ kind: "input", label, value, unit, detail });
    return this;
  }

  step(label: string, value: TraceStep["value"], unit?: string, detail?: string): this {
    this.steps.push({ kind: "step", label, value, unit, detail });
    return this;
  }

  result(label: string, value: TraceStep["value"], unit?: string, detail?: string): this {
    this.steps.push({ kind: "result", label, value, unit, detail });
    return this;
  }
}
