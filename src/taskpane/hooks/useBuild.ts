/**
 * The Build step's state: a build running with its progress, cancelled, failed or done. Cancel
 * aborts the host's build; a build that finishes after Cancel was pressed is discarded, so a
 * cancelled build never offers anything to download. Reset (another workbook read) stops a
 * running build and forgets any result: a result belongs to the workbook it was built from.
 */
import { useCallback, useRef, useState } from "react";
import { isAbortError, type BuildProgress, type BuildRequest, type BuildResult, type Host } from "../host";
import { messageOf } from "./messages";

export type BuildState =
  | { readonly status: "idle" }
  | { readonly status: "running"; readonly progress: BuildProgress }
  | { readonly status: "cancelling"; readonly progress: BuildProgress }
  | { readonly status: "cancelled" }
  | { readonly status: "error"; readonly message: string }
  | { readonly status: "done"; readonly result: BuildResult };

export interface Build {
  readonly state: BuildState;
  start(request: BuildRequest): Promise<void>;
  cancel(): void;
  /** Back to idle: a running build is stopped and discarded, a finished one forgotten. */
  reset(): void;
}

export function useBuild(host: Host): Build {
  const [state, setState] = useState<BuildState>({ status: "idle" });
  const controller = useRef<AbortController | undefined>(undefined);

  const start = useCallback(
    async (request: BuildRequest) => {
      controller.current?.abort();
      const mine = new AbortController();
      controller.current = mine;
      setState({ status: "running", progress: { fraction: 0, step: "Starting" } });
      try {
        const result = await host.build(
          request,
          (progress) => {
            if (!mine.signal.aborted) setState({ status: "running", progress });
          },
          mine.signal,
        );
        if (controller.current !== mine) return;
        setState(mine.signal.aborted ? { status: "cancelled" } : { status: "done", result });
      } catch (e) {
        if (controller.current !== mine) return;
        setState(
          isAbortError(e) || mine.signal.aborted
            ? { status: "cancelled" }
            : { status: "error", message: messageOf(e) },
        );
      }
    },
    [host],
  );

  const cancel = useCallback(() => {
    const c = controller.current;
    if (!c || c.signal.aborted) return;
    c.abort();
    setState((s) => (s.status === "running" ? { status: "cancelling", progress: s.progress } : s));
  }, []);

  const reset = useCallback(() => {
    const c = controller.current;
    controller.current = undefined;
    c?.abort();
    setState({ status: "idle" });
  }, []);

  return { state, start, cancel, reset };
}
