/** The Share step's state: the sheets to convert (those with DSG formulas chosen at first) and the result. */
import { useCallback, useState } from "react";
import type { Host, ShareResult, ShareableSheet } from "../host";
import { messageOf } from "./messages";
import type { Fetched, Worked } from "./status";

export type SheetsState = Fetched<{ readonly sheets: readonly ShareableSheet[] }>;

export type ShareState = Worked<{ readonly result: ShareResult }>;

export function useShare(host: Host) {
  const [sheets, setSheets] = useState<SheetsState>({ status: "idle" });
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [share, setShare] = useState<ShareState>({ status: "idle" });

  const load = useCallback(async () => {
    setSheets({ status: "loading" });
    setShare({ status: "idle" });
    try {
      const list = await host.listShareable();
      setSheets({ status: "ready", sheets: list });
      setChosen(new Set(list.filter((s) => s.dsgFormulas > 0).map((s) => s.name)));
    } catch (e) {
      setSheets({ status: "error", message: messageOf(e) });
    }
  }, [host]);

  const toggle = useCallback((name: string, on: boolean) => {
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });
  }, []);

  const run = useCallback(async () => {
    setShare({ status: "working" });
    try {
      setShare({ status: "done", result: await host.share([...chosen]) });
    } catch (e) {
      setShare({ status: "error", message: messageOf(e) });
    }
  }, [host, chosen]);

  const reset = useCallback(() => {
    setSheets({ status: "idle" });
    setShare({ status: "idle" });
  }, []);

  return { sheets, chosen, toggle, share, load, run, reset };
}
