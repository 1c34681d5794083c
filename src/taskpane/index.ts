/**
 * Task-pane entry: a placeholder until the papers feature brings the React pane.
 *
 * It only says the add-in is loaded. No network calls and no telemetry: the page's one remote
 * script is office.js, which the HTML loads from Microsoft's CDN as every add-in must.
 */

/** What the pane says once Office is ready, by host (null when the page is opened in a plain browser). */
export function statusText(host: Office.HostType | null): string {
  if (host === Office.HostType.Excel) {
    return "The pane arrives with the papers feature. The DSG.* functions are ready: type =DSG. in a cell.";
  }
  return "The pane arrives with the papers feature. Open it from Excel: Home > Forum Papers.";
}

Office.onReady((info) => {
  const status = document.getElementById("status");
  if (status) status.textContent = statusText(info.host);
});
