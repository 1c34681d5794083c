/**
 * The task pane's entry inside Excel (the shared runtime's page, taskpane.html).
 *
 * Order of loading: office.js, then functions.js (its own bundle, which registers the DSG.*
 * functions), then this small entry. Only once Office is ready does it fetch the pane UI chunk
 * (React, Fluent UI and the steps) and the Office host with a dynamic import(), so the functions
 * never wait for the UI and a cell calling DSG.* calculates even while the pane is still loading.
 *
 * No network calls of its own and no telemetry: the chunks come from the add-in's own origin.
 */

/** What the pane says before the UI arrives, by host (null when the page is opened in a plain browser). */
export function statusText(host: Office.HostType | null): string {
  if (host === Office.HostType.Excel) return "Loading the pane…";
  return "Open Forum Papers from Excel: Home > Forum Papers. To try it outside Excel, run npm run preview.";
}

function setStatus(text: string): void {
  const status = document.getElementById("status");
  if (status) status.textContent = text;
}

Office.onReady(async (info) => {
  setStatus(statusText(info.host));
  if (info.host !== Office.HostType.Excel) return;
  try {
    const [{ mountPane }, { OfficeHost }] = await Promise.all([
      import(/* webpackChunkName: "pane-ui" */ "./mount"),
      import(/* webpackChunkName: "office-host" */ "./office-host"),
    ]);
    const root = document.getElementById("root");
    if (root) mountPane(root, new OfficeHost());
  } catch (e) {
    setStatus(
      `The pane could not load (${e instanceof Error ? e.message : String(e)}). Close and reopen it.`,
    );
  }
});
