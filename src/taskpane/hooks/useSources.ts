/**
 * The Sources step's state: read the workbook (the open one, or a file in the preview), the mapping
 * draft as the user edits it, what stops it being used, and saving it in the workbook.
 */
import { useCallback, useMemo, useState } from "react";
import type { DatasetId } from "../../sources/datasets";
import type { SavedMapping } from "../../sources/mapping";
import type { Host, MappingDraft, SaveMappingResult, SourcesView } from "../host";
import { draftForTable, draftProblems, draftToMapping, withColumn } from "../sources-view";
import { messageOf } from "./messages";

export type SourcesState =
  | { readonly status: "empty" }
  | { readonly status: "reading"; readonly fileName?: string }
  | { readonly status: "error"; readonly message: string }
  | { readonly status: "ready"; readonly view: SourcesView; readonly draft: MappingDraft };

export type SaveState =
  | { readonly status: "idle" }
  | { readonly status: "saving" }
  | { readonly status: "saved"; readonly result: SaveMappingResult }
  | { readonly status: "error"; readonly message: string };

export interface Sources {
  readonly state: SourcesState;
  readonly save: SaveState;
  /** Problems per dataset that stop the draft being used (empty when it can be). */
  readonly problems: Partial<Record<DatasetId, string[]>>;
  /** The draft as a saved mapping, once a workbook is read. */
  readonly mapping: SavedMapping | undefined;
  read(file?: File): Promise<void>;
  chooseTable(dataset: DatasetId, table: number | null): void;
  chooseColumn(dataset: DatasetId, field: string, column: number | undefined): void;
  saveMapping(): Promise<void>;
}

export function useSources(host: Host): Sources {
  const [state, setState] = useState<SourcesState>({ status: "empty" });
  const [save, setSave] = useState<SaveState>({ status: "idle" });

  const read = useCallback(
    async (file?: File) => {
      setState({ status: "reading", ...(file ? { fileName: file.name } : {}) });
      setSave({ status: "idle" });
      try {
        const picked = file
          ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
          : undefined;
        const view = await host.readSources(picked);
        setState({ status: "ready", view, draft: view.draft });
      } catch (e) {
        setState({ status: "error", message: messageOf(e) });
      }
    },
    [host],
  );

  const chooseTable = useCallback((dataset: DatasetId, table: number | null) => {
    setState((s) =>
      s.status === "ready"
        ? { ...s, draft: { ...s.draft, [dataset]: draftForTable(s.view, dataset, table) } }
        : s,
    );
  }, []);

  const chooseColumn = useCallback((dataset: DatasetId, field: string, column: number | undefined) => {
    setState((s) => {
      if (s.status !== "ready") return s;
      const entry = s.draft[dataset];
      if (!entry) return s;
      return { ...s, draft: { ...s.draft, [dataset]: withColumn(entry, field, column) } };
    });
  }, []);

  const problems = useMemo(
    () => (state.status === "ready" ? draftProblems(state.view, state.draft) : {}),
    [state],
  );
  const mapping = useMemo(
    () => (state.status === "ready" ? draftToMapping(state.view, state.draft) : undefined),
    [state],
  );

  const saveMapping = useCallback(async () => {
    if (!mapping) return;
    setSave({ status: "saving" });
    try {
      setSave({ status: "saved", result: await host.saveMapping(mapping) });
    } catch (e) {
      setSave({ status: "error", message: messageOf(e) });
    }
  }, [host, mapping]);

  return { state, save, problems, mapping, read, chooseTable, chooseColumn, saveMapping };
}
