/**
 * Outside Excel there is no `CustomFunctions` global. Tests install one with the same shape as
 * the runtime's (see @types/custom-functions-runtime): `new CustomFunctions.Error(code, message)`
 * with `code` and `message` fields, and the ErrorCode strings Excel shows.
 */
class CustomFunctionsError {
  constructor(
    public code: string,
    public message?: string,
  ) {}
}

const ErrorCode = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
};

const associations = new Map<string, unknown>();

(globalThis as Record<string, unknown>).CustomFunctions = {
  Error: CustomFunctionsError,
  ErrorCode,
  associate: (id: string, fn: unknown) => associations.set(id, fn),
  __associations: associations,
};
