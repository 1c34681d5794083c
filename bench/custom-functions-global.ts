/**
 * Outside Excel there is no `CustomFunctions` global, and the runner builds error cells with
 * `new CustomFunctions.Error(code, message)`. This installs a stand-in with the runtime's shape (as
 * test/setup does for Jest) unless a host has already provided one. Import it before calling a
 * DSG.* wrapper.
 */

class BenchCustomFunctionsError {
  constructor(
    public code: string,
    public message?: string,
  ) {}
}

const host = globalThis as unknown as { CustomFunctions?: unknown };
if (host.CustomFunctions === undefined) {
  host.CustomFunctions = {
    Error: BenchCustomFunctionsError,
    ErrorCode: {
      invalidValue: "#VALUE!",
      notAvailable: "#N/A",
      divisionByZero: "#DIV/0!",
      invalidNumber: "#NUM!",
      nullReference: "#NULL!",
      invalidName: "#NAME?",
      invalidReference: "#REF!",
    },
  };
}

/** True for an error cell a DSG.* wrapper returned. */
export function isErrorCell(value: unknown): value is { code: string; message?: string } {
  return (
    value instanceof BenchCustomFunctionsError ||
    (typeof value === "object" && value !== null && "code" in value)
  );
}
