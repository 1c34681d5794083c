/**
 * The pane: five steps in a tab list (Sources, Papers, Build, Explain, Share). The hooks hold the
 * state (so switching steps loses nothing) and talk to the host; the steps only render.
 *
 * Every result belongs to the workbook it was made from: reading another clears the build, the
 * formula list and the share choices. Each step change moves focus to the step's heading and
 * scrolls to the top, so a keyboard or screen-reader user starts where a sighted one does.
 */
import * as React from "react";
import { FluentProvider, Tab, TabList, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import type { Host } from "../host";
import { useBuild } from "../hooks/useBuild";
import { useExplain, useTryFunction } from "../hooks/useExplain";
import { useFigures } from "../hooks/useFigures";
import { useHostTheme } from "../hooks/useHostTheme";
import { usePapersForm } from "../hooks/usePapersForm";
import { useShare } from "../hooks/useShare";
import { useSources } from "../hooks/useSources";
import { BuildStep } from "./BuildStep";
import { ExplainStep } from "./ExplainStep";
import { PapersStep } from "./PapersStep";
import type { PreviousChoice } from "./PreviousPapers";
import { ShareStep } from "./ShareStep";
import { SourcesStep } from "./SourcesStep";
import { buildBlocker, emptyCoverFields, nothingRecognised, type SourcesFacts } from "./readiness";
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
  const figures = useFigures(build.state.status === "done" ? build.state.result.figures : undefined);
  const ready = sources.state.status === "ready";
  const facts: SourcesFacts = React.useMemo(
    () =>
      sources.state.status === "ready"
        ? {
            status: "ready",
            nothingRecognised: nothingRecognised(sources.state.view, sources.state.draft),
            problemCount: Object.values(sources.problems).reduce((n, p) => n + (p?.length ?? 0), 0),
          }
        : { status: sources.state.status },
    [sources.state, sources.problems],
  );
  const blocked = buildBlocker(facts, paper.request !== undefined);

  // Another workbook (or the same one read again): the build, the formula list and the share
  // choices were made from the old one, so they go; a build still running for it is stopped.
  const { reset: resetExplain } = explain;
  const { reset: resetShare } = share;
  const { reset: resetBuild } = build;
  const { reset: resetFigures } = figures;
  const view = sources.state.status === "ready" ? sources.state.view : undefined;
  React.useEffect(() => {
    resetExplain();
    resetShare();
    resetBuild();
    resetFigures();
  }, [view, resetExplain, resetShare, resetBuild, resetFigures]);

  // Focus the new step's heading and scroll to the top (not on first load: focus stays put).
  const first = React.useRef(true);
  React.useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById(`${step}-heading`)?.focus({ preventScroll: true });
    window.scrollTo({ top: 0, left: 0 });
  }, [step]);

  // The last meeting's papers to compare with (PreviousPapers.tsx), kept across steps.
  const [previous, setPrevious] = React.useState<PreviousChoice>(undefined);
  const startBuild = React.useCallback(() => {
    if (!sources.mapping || !paper.request || blocked) return;
    setStep("build");
    void build.start({ ...paper.request, mapping: sources.mapping, ...(previous ? { previous } : {}) });
  }, [sources.mapping, paper.request, build, blocked, previous]);

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
          <TabList
            className={s.tabList}
            selectedValue={step}
            onTabSelect={(_e, data) => setStep(data.value as StepId)}
          >
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
                facts={facts}
                capabilities={host.capabilities}
                onContinue={() => setStep("papers")}
              />
            ) : null}
            {step === "papers" ? (
              <PapersStep
                paper={paper}
                sourcesReady={ready}
                blocked={blocked}
                onBuild={startBuild}
                previous={{ chosen: previous, onChoose: setPrevious }}
              />
            ) : null}
            {step === "build" ? (
              <BuildStep
                build={build}
                host={host}
                blocked={blocked}
                emptyCover={emptyCoverFields(paper.form)}
                onBuild={startBuild}
              />
            ) : null}
            {step === "explain" ? (
              <ExplainStep
                host={host}
                explain={explain}
                tryFn={tryFn}
                figures={figures}
                built={build.state.status === "done" && build.state.result.figures !== undefined}
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
