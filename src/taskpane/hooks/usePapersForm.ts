/** The Papers step's form state and the build request it gives (rules in options.ts). */
import { useCallback, useMemo, useState } from "react";
import type { PaperId, Purpose } from "../../papers/house";
import { defaultForm, formToRequest, type FormErrors, type PapersForm } from "../options";
import type { BuildRequest } from "../host";

export interface PapersFormState {
  readonly form: PapersForm;
  readonly errors: FormErrors;
  /** The request (without the mapping) when the form can be used. */
  readonly request: Omit<BuildRequest, "mapping"> | undefined;
  set<K extends keyof PapersForm>(key: K, value: PapersForm[K]): void;
  setPaper(id: PaperId, on: boolean): void;
  setPurpose(id: PaperId, purpose: Purpose): void;
}

export function usePapersForm(): PapersFormState {
  const [form, setForm] = useState<PapersForm>(defaultForm);
  const set = useCallback(
    <K extends keyof PapersForm>(key: K, value: PapersForm[K]) => setForm((f) => ({ ...f, [key]: value })),
    [],
  );
  const setPaper = useCallback(
    (id: PaperId, on: boolean) => setForm((f) => ({ ...f, papers: { ...f.papers, [id]: on } })),
    [],
  );
  const setPurpose = useCallback(
    (id: PaperId, purpose: Purpose) => setForm((f) => ({ ...f, purpose: { ...f.purpose, [id]: purpose } })),
    [],
  );
  const checked = useMemo(() => formToRequest(form), [form]);
  return { form, errors: checked.errors, request: checked.request, set, setPaper, setPurpose };
}
