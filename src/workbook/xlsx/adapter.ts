/**
 * The xlsx adapter: the WorkbookPort for files (the command line and the browser preview).
 * It builds a new workbook holding only the built sheets; the council's own file is never written.
 */
import type { SheetSpec } from "../../papers/spec";
import type { DocProps, ProgressCallback, WorkbookPort, WriteResult } from "../port";
import { writePapersWorkbook } from "./write";

/** What the xlsx adapter returns: the sheets written and the new file's bytes. */
export interface XlsxWriteResult extends WriteResult {
  readonly bytes: Uint8Array;
}

/**
 * A WorkbookPort that writes a new .xlsx file.
 * @example
 *   const port = new XlsxWorkbookPort({ title: "Schools Forum papers, March 2026", company: "Anytown Council" });
 *   const { bytes } = await port.write(specs, (p) => console.log(`${p.done}/${p.total} ${p.step}`));
 */
export class XlsxWorkbookPort implements WorkbookPort<XlsxWriteResult> {
  constructor(private readonly props: DocProps) {}

  async write(
    specs: readonly SheetSpec[],
    progress?: ProgressCallback,
    signal?: AbortSignal,
  ): Promise<XlsxWriteResult> {
    const bytes = await writePapersWorkbook(specs, this.props, progress, signal);
    return { sheets: specs.map((s) => s.name), bytes };
  }
}
