/** The states of a request the pane makes of the host, shared by the steps that make one. */

/** A list asked of the host: not asked yet, on its way, `Ready`'s fields once here, or refused. */
export type Fetched<Ready extends object> =
  | { readonly status: "idle" }
  | { readonly status: "loading" }
  | ({ readonly status: "ready" } & Ready)
  | { readonly status: "error"; readonly message: string };

/** A piece of work the host does on request: not asked yet, under way, `Done`'s fields once done, or failed. */
export type Worked<Done extends object> =
  | { readonly status: "idle" }
  | { readonly status: "working" }
  | ({ readonly status: "done" } & Done)
  | { readonly status: "error"; readonly message: string };
