import { create } from 'zustand';
import { vaeConfigSchema, type VaeConfig } from '../config/vae';
import { getPreset, presetConfig } from '../config/presets';
import { openingLink } from '../links/current';
import type { BackendChoice, BackendName } from '../engine/backendNames';
import { isBackendName, isSoftwareRenderer } from '../engine/backendNames';
import { inProcessEngine, workerEngine, type EngineClient, type EngineLocation } from '../engine/client';
import type { VaeSnapshot } from '../engine/experiment';
import type { EngineEvent, RunState } from '../engine/protocol';
import { pageLivenessRule } from '../engine/liveness';
import { RecoveringEngine } from '../engine/recovery';
import { clearMetrics, recordMetrics, truncateMetrics } from './metricLog';
import { labRecoveryHooks } from './recovery';
import { appendSeries, emptySeries, truncateSeries, type Series } from './series';

export interface EpochPoint {
  epoch: number;
  step: number;
  train: Record<string, number>;
  test: Record<string, number>;
  seconds: number;
}

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
}

export interface ProgressState {
  step: number;
  epoch: number;
  epochProgress: number;
  stepsPerSec: number;
  examplesPerSec: number;
  /** Time left in the current epoch. */
  etaSec: number | null;
  /** Time left in the whole run. */
  runEtaSec: number | null;
}

export interface LabState {
  /** The config being edited (architecture changes apply on Reset). */
  draft: VaeConfig;
  /** The config the running experiment was built from. */
  applied: VaeConfig;
  status: RunState;
  statusMessage: string | null;
  backend: (BackendChoice & { threads?: number; location: EngineLocation }) | null;
  backendOverride: BackendName | null;
  progress: ProgressState | null;
  series: Record<string, Series>;
  epochs: EpochPoint[];
  /** Test-set value of each metric per epoch, one stable array per metric (each chart reads its own). */
  testPoints: Record<string, { step: number; value: number }[]>;
  snapshot: VaeSnapshot | null;
  /** Recent per-step wall times (ms), for the speed readout and the benchmark. */
  recentStepMs: number[];
  firstStepAt: number | null;
  notices: Notice[];
  /** Counts new runs (Reset, preset, engine restart): answers about older weights no longer apply. */
  run: number;
}

const METRICS = ['loss', 'recon', 'kl'] as const;

/** What setLive changes mid-run. */
export type LivePatch = { lr?: number; batchSize?: number } & Partial<VaeConfig['objective']>;
let engine: RecoveringEngine | null = null;
let noticeId = 0;

function initialConfig(): { config: VaeConfig; notice?: string } {
  const preset = presetConfig('classic-vae') as VaeConfig;
  // The opening link (links/link.ts): a bad or older config loads what it can and names what it dropped.
  const link = openingLink();
  const notice = link.problems.length ? `From the link: ${link.problems.join('; ')}.` : undefined;
  // A GAN config is the GAN lab's (store/gan2d.ts reads it).
  return { config: link.config?.kind === 'vae' ? link.config : preset, notice };
}

function initialOverride(): { name: BackendName | null; notice?: string } {
  if (typeof location === 'undefined') return { name: null };
  const b = new URLSearchParams(location.search).get('backend');
  if (b === null || b === '' || b === 'auto') return { name: null };
  if (isBackendName(b)) return { name: b };
  return {
    name: null,
    notice: `Unknown ?backend=${b}; choose webgpu, webgl, wasm or cpu. Choosing automatically.`,
  };
}

const init = initialConfig();
const override = initialOverride();

export const useLab = create<LabState>(() => ({
  draft: init.config,
  applied: init.config,
  status: 'loading',
  statusMessage: null,
  backend: null,
  backendOverride: override.name,
  progress: null,
  series: Object.fromEntries(METRICS.map((m) => [m, emptySeries()])),
  epochs: [],
  testPoints: {},
  snapshot: null,
  recentStepMs: [],
  firstStepAt: null,
  run: 0,
  notices: [init.notice, override.notice]
    .filter((t): t is string => !!t)
    .map((text) => ({ id: ++noticeId, level: 'warning' as const, text })),
}));

export function pushNotice(level: Notice['level'], text: string): void {
  useLab.setState((s) => ({
    notices: [...s.notices.filter((n) => n.text !== text), { id: ++noticeId, level, text }],
  }));
}

export function dismissNotice(id: number): void {
  useLab.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

function clearRun(): Partial<LabState> {
  dropQueuedMetrics();
  clearMetrics('vae');
  return {
    progress: null,
    series: Object.fromEntries(METRICS.map((m) => [m, emptySeries()])),
    epochs: [],
    testPoints: {},
    recentStepMs: [],
    firstStepAt: null,
    run: useLab.getState().run + 1,
  };
}

type MetricsEvent = Extract<EngineEvent, { type: 'metrics' }>;

/**
 * Metrics arrive at 10-20 Hz. Raw values wait here per metric, and one chart's series is updated per
 * tick in turn (every CHART_TICK_MS), so each commit redraws a single SVG chart: a short main-thread task
 * instead of one long one for all charts.
 */
const CHART_TICK_MS = 170;
const pending = new Map<string, { steps: number[]; values: number[] }>();
let pendingStepMs: number[] = [];
let chartTimer: ReturnType<typeof setTimeout> | null = null;
let turn = 0;

function queueMetrics(e: MetricsEvent): void {
  recordMetrics('vae', e.names, e.steps, e.values);
  const k = e.names.length;
  e.names.forEach((name, j) => {
    const p = pending.get(name) ?? { steps: [], values: [] };
    for (let r = 0; r < e.steps.length; r++) {
      p.steps.push(e.steps[r]!);
      p.values.push(e.values[r * k + j]!);
    }
    pending.set(name, p);
  });
  pendingStepMs.push(...e.stepMs);
  if (useLab.getState().firstStepAt === null) useLab.setState({ firstStepAt: performance.now() });
  chartTimer ??= setTimeout(commitNextChart, CHART_TICK_MS);
}

function commitSeries(names: string[]): void {
  useLab.setState((s) => {
    const series = { ...s.series };
    for (const name of names) {
      const p = pending.get(name);
      if (!p || p.steps.length === 0) continue;
      series[name] = appendSeries(series[name] ?? emptySeries(), p.steps, p.values);
      pending.set(name, { steps: [], values: [] });
    }
    const recent = pendingStepMs.length ? s.recentStepMs.concat(pendingStepMs).slice(-2000) : s.recentStepMs;
    pendingStepMs = [];
    return { series, recentStepMs: recent };
  });
}

function commitNextChart(): void {
  chartTimer = null;
  const names = [...pending.keys()].filter((n) => pending.get(n)!.steps.length > 0);
  if (names.length === 0) return;
  commitSeries([names[turn++ % names.length]!]);
  if (names.length > 1) chartTimer = setTimeout(commitNextChart, CHART_TICK_MS);
}

/** Everything waiting goes to the charts now (on pause/stop, so they show every step taken). */
function commitMetrics(): void {
  commitSeries([...pending.keys()]);
}

/** Drop metrics still waiting for the chart (on reset). */
function dropQueuedMetrics(): void {
  pending.clear();
  pendingStepMs = [];
  if (chartTimer) clearTimeout(chartTimer);
  chartTimer = null;
}

function onEvent(e: EngineEvent): void {
  switch (e.type) {
    case 'status':
      commitMetrics(); // charts show every step taken before a pause or stop
      useLab.setState({ status: e.state, statusMessage: e.message ?? null });
      return;
    case 'backend':
      useLab.setState({
        backend: { ...e.choice, threads: e.threads, location: engine?.location ?? 'worker' },
      });
      if (engine?.location === 'worker' && workerLacksGpu(e.choice) && pageHasHardwareGl()) {
        pushNotice(
          'info',
          "This browser's workers cannot reach the GPU, so training runs on the page (it yields between steps).",
        );
        void bootEngine(true);
      }
      return;
    case 'notice':
      pushNotice('warning', e.message);
      return;
    case 'error':
      // A divergence is shown by the recovery panel (views/RecoveryNotice.tsx), with its roll-back.
      if (!e.divergence) pushNotice('error', e.message);
      if (!e.recoverable) useLab.setState({ status: 'error', statusMessage: e.message });
      return;
    case 'metrics':
      queueMetrics(e);
      return;
    case 'progress':
      useLab.setState({
        progress: {
          step: e.step,
          epoch: e.epoch,
          epochProgress: e.epochProgress,
          stepsPerSec: e.stepsPerSec,
          examplesPerSec: e.examplesPerSec,
          etaSec: e.etaSec,
          runEtaSec: e.runEtaSec,
        },
      });
      return;
    case 'epoch':
      useLab.setState((s) => {
        const testPoints = { ...s.testPoints };
        for (const [name, value] of Object.entries(e.test)) {
          testPoints[name] = [...(testPoints[name] ?? []), { step: e.step, value }];
        }
        return { epochs: [...s.epochs, { ...e }], testPoints };
      });
      return;
    case 'snapshot':
      if (e.snapshot.kind === 'vae') useLab.setState({ snapshot: e.snapshot as VaeSnapshot });
      return;
    default:
      return;
  }
}

/** The run was rolled back or restored to `step` (issue 13): the charts drop what came after it. */
function restoredTo(step: number): void {
  commitMetrics();
  truncateMetrics('vae', step);
  useLab.setState((s) => ({
    series: Object.fromEntries(Object.entries(s.series).map(([k, v]) => [k, truncateSeries(v, step)])),
    epochs: s.epochs.filter((e) => e.step <= step),
    testPoints: Object.fromEntries(
      Object.entries(s.testPoints).map(([k, v]) => [k, v.filter((p) => p.step <= step)]),
    ),
  }));
}

const recoveryHooks = labRecoveryHooks(
  'vae',
  {
    title: 'VAE',
    engine: () => engine,
    config: () => useLab.getState().applied,
    applyFix: (params) => actions.setLive(params),
  },
  { restored: restoredTo },
);

/** Safari: WebGL is missing in workers while the page has a real GPU. */
export function workerLacksGpu(c: BackendChoice): boolean {
  return (
    (c.name === 'wasm' || c.name === 'cpu') &&
    c.attempts.some((a) => a.name === 'webgl' && /no WebGL context/.test(a.reason))
  );
}

export function pageHasHardwareGl(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return false;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const r = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    return !isSoftwareRenderer(r);
  } catch {
    return false;
  }
}

/** Start (or restart) the engine: a worker normally, the page itself where workers cannot reach the GPU. */
export async function bootEngine(inProcess = false): Promise<void> {
  engine?.terminate();
  engine = null;
  useLab.setState({ status: 'loading', backend: null, snapshot: null, ...clearRun() });
  const forceInProcess =
    inProcess ||
    (typeof location !== 'undefined' && new URLSearchParams(location.search).get('engine') === 'page');
  try {
    // Recovery (issue 13): checkpoints kept on the page; a crashed worker or lost GPU is restarted.
    engine = await RecoveringEngine.start(
      (listener): EngineClient | Promise<EngineClient> =>
        forceInProcess || typeof Worker === 'undefined'
          ? inProcessEngine(listener)
          : workerEngine(listener, { liveness: pageLivenessRule() }),
      onEvent,
      recoveryHooks,
    );
  } catch (e) {
    pushNotice('error', `Could not start the training engine: ${String(e)}`);
    useLab.setState({ status: 'error' });
    return;
  }
  const s = useLab.getState();
  engine.send({ type: 'init', config: s.applied, backend: s.backendOverride });
}

export const actions = {
  start(): void {
    engine?.send({ type: 'start' });
  },
  pause(): void {
    engine?.send({ type: 'pause' });
  },
  step(count = 1): void {
    engine?.send({ type: 'step', count });
  },
  /** Rebuild the experiment from the draft config (new weights, cleared charts). */
  reset(): void {
    const draft = useLab.getState().draft;
    useLab.setState({ applied: draft, snapshot: null, ...clearRun() });
    engine?.send({ type: 'reset', config: draft });
  },
  /** Start over from a VAE preset (its config becomes the draft and is applied at once). */
  loadPreset(id: string): void {
    const p = getPreset(id);
    if (!p || p.config.kind !== 'vae') {
      pushNotice('error', `Unknown VAE preset "${id}".`);
      return;
    }
    useLab.setState({ draft: structuredClone(p.config) });
    actions.reset();
    pushNotice('info', `Loaded the preset "${p.title}": a new run, press Start to train it.`);
  },
  /**
   * Hyperparameters that apply mid-run: learning rate, batch size and every objective field (beta,
   * warm-up, free bits, psi, ELBO or IWAE-k). An invalid combination is refused with a notice.
   */
  setLive(patch: LivePatch): void {
    const { lr, batchSize, ...objective } = patch;
    const s0 = useLab.getState();
    const checked = vaeConfigSchema.shape.objective.safeParse({ ...s0.applied.objective, ...objective });
    if (!checked.success) {
      pushNotice('error', `Not applied: ${checked.error.issues[0]?.message ?? 'invalid objective'}.`);
      return;
    }
    useLab.setState((s) => {
      const d = structuredClone(s.draft);
      const a = structuredClone(s.applied);
      for (const c of [d, a]) {
        if (lr !== undefined) c.optimizer.lr = lr;
        if (batchSize !== undefined) c.training.batchSize = batchSize;
        Object.assign(c.objective, objective);
      }
      return { draft: d, applied: a };
    });
    engine?.send({ type: 'setParams', params: patch });
  },
  /** Edit the draft config (applies on Reset). */
  editDraft(mutate: (c: VaeConfig) => void): void {
    useLab.setState((s) => {
      const d = structuredClone(s.draft);
      mutate(d);
      return { draft: d };
    });
  },
  setBackendOverride(name: BackendName | null): void {
    useLab.setState({ backendOverride: name });
    void bootEngine();
  },
  query<T>(q: { type: string; [k: string]: unknown }, opts?: { inOrder?: boolean }): Promise<T> {
    if (!engine) return Promise.reject(new Error('the engine is not running'));
    return engine.query<T>(q, opts);
  },
};
