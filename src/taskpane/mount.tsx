/**
 * The pane UI chunk's entry: React, Fluent UI and the steps, rendered against a host. Loaded with
 * a dynamic import() by the Excel entry (index.ts) and by the browser preview, so the functions
 * (and office.js) are ready before any of this runs.
 */
import { createRoot } from "react-dom/client";
import type { Host } from "./host";
import { App } from "./ui/App";

/** Render the pane into `element` (its contents are replaced). */
export function mountPane(element: HTMLElement, host: Host): void {
  createRoot(element).render(<App host={host} />);
}
