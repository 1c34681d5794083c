/**
 * The pane: five steps in a tab list (Sources, Papers, Build, Explain, Share). The hooks hold the
 * state (so switching steps loses nothing) and talk to the host; the steps only render.
 */
import * as React from "react";
import { FluentProvider, Tab, TabList, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import type { Host } from "../host";
import { useBuild } from "../hooks/useBuild";
import { useExplain, useTryFunction } from "../hooks/useExplain";
import { useHostTheme } from "../hooks/useHostTheme";
import { usePapersForm } from "../hooks/usePapersForm";
import { useShare } from "../hooks/useShare";
import { useSources } from "../hooks/useSources";
import { BuildStep } from "./BuildStep";
import { ExplainStep } from "./ExplainStep";
import { PapersStep } from "./PapersStep";
import { ShareStep } from "./ShareStep";
import { SourcesStep } from "./SourcesStep";
import { useStyles } from "./styles";

export type StepId = "sources" | "papers" | "build" | "explain" | "share";

const STEPS: readonly { id: StepId; label: string }[] = [
  { id: "sources", label: "Sources" },
  { id: "papers", label: "Papers" },
  { id: "build", label: "Build" },
  { id: "explain", label: "Explain" },
  { id: "share", label: "Share" },
];

export function App(props: { host: Host }) {
  const { host } = props;
  const theme = useHostTheme(host);
  const s = useStyles();
  const [step, setStep] = React.useState<StepId>("sources");
  const sources = useSources(host);
  const paper = usePapersForm();
  const build = useBuild(host);
  const explain = useExplain(host);
  const tryFn = useTryFunction();
  const share = useShare(host);
  const ready = sources.state.status === "ready";
  const canBuild = ready && Object.keys(sources.problems).length === 0 && paper.request !== undefined;

  // A new workbook: the formula list and share choices start again.
  const { reset: resetExplain } = explain;
  const { reset: resetShare } = share;
  const view = sources.state.status === "ready" ? sources.state.view : undefined;
  React.useEffect(() => {
    resetExplain();
    resetShare();
  }, [view, resetExplain, resetShare]);

  const startBuild = React.useCallback(() => {
    if (!sources.mapping || !paper.request) return;
    setStep("build");
    void build.start({ ...paper.request, mapping: sources.mapping });
  }, [sources.mapping, paper.request, build]);

  return (
    <FluentProvider theme={theme === "dark" ? webDarkTheme : webLightTheme}>
      <div className={s.root}>
        <header className={s.header}>
          <h1 className={s.h1}>Forum Papers</h1>
          <p className={s.tagline}>
            {host.kind === "file"
              ? "Browser preview: works on a workbook file you open. Nothing leaves this computer."
              : "Schools Forum finance papers from this workbook."}
          </p>
        </header>
        <nav aria-label="Steps" className={s.tabs}>
          <TabList selectedValue={step} onTabSelect={(_e, data) => setStep(data.value as StepId)}>
            {STEPS.map((t) => (
              <Tab key={t.id} id={`tab-${t.id}`} value={t.id} aria-controls="step-panel">
                {t.label}
              </Tab>
            ))}
          </TabList>
        </nav>
        <main className={s.main}>
          <div role="tabpanel" id="step-panel" aria-labelledby={`tab-${step}`}>
            {step === "sources" ? (
              <SourcesStep
                sources={sources}
                capabilities={host.capabilities}
                onContinue={() => setStep("papers")}
              />
            ) : null}
            {step === "papers" ? (
              <PapersStep paper={paper} sourcesReady={ready} onBuild={startBuild} />
            ) : null}
            {step === "build" ? (
              <BuildStep build={build} host={host} canBuild={canBuild} onBuild={startBuild} />
            ) : null}
            {step === "explain" ? (
              <ExplainStep
                host={host}
                explain={explain}
                tryFn={tryFn}
                sourcesReady={ready || host.kind === "office"}
              />
            ) : null}
            {step === "share" ? (
              <ShareStep host={host} share={share} sourcesReady={ready || host.kind === "office"} />
            ) : null}
          </div>
        </main>
      </div>
    </FluentProvider>
  );
}
