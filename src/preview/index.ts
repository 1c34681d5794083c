/**
 * The browser preview's entry: the same pane as in Excel, with the file host (a workbook file the
 * user opens, the xlsx adapter running in the page, results as downloads). office.js is not loaded.
 *
 * The whole-range DSG runners report errors as `new CustomFunctions.Error(...)`, a class Excel's
 * runtime provides; outside Excel this page provides the same shape so the explain view can show
 * those errors (it is never used to register functions here).
 */

interface CustomFunctionsShim {
  Error: new (code: string, message?: string) => { code: string; message?: string };
}

function installCustomFunctionsShim(): void {
  const g = globalThis as { CustomFunctions?: CustomFunctionsShim };
  if (g.CustomFunctions) return;
  class CustomFunctionsError {
    constructor(
      public code: string,
      public message?: string,
    ) {}
  }
  g.CustomFunctions = { Error: CustomFunctionsError };
}

async function start(): Promise<void> {
  installCustomFunctionsShim();
  const root = document.getElementById("root");
  if (!root) return;
  try {
    const [{ mountPane }, { FileHost }] = await Promise.all([
      import(/* webpackChunkName: "pane-ui" */ "../taskpane/mount"),
      import(/* webpackChunkName: "file-host" */ "../taskpane/file-host"),
    ]);
    mountPane(root, new FileHost());
  } catch (e) {
    root.textContent = `The preview could not load (${e instanceof Error ? e.message : String(e)}).`;
  }
}

void start();
