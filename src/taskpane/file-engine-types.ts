/**
 * The file engine's shape, as a type only: the file host names it without pulling the engine (and
 * ExcelJS) into its own chunk; the engine arrives by dynamic import.
 */
export type FileEngine = typeof import("./file-engine");
