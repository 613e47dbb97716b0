import { create } from 'zustand';
import { defaultGan2dConfig, type Gan2dConfig } from '../config/gan2d';
import { getPreset } from '../config/presets';
import { openingLink } from '../links/current';
import type { BackendChoice } from '../engine/backendNames';
import { inProcessEngine, workerEngine, type EngineClient } from '../engine/client';
import type { Gan2dSnapshot } from '../engine/gan2dSnapshot';
import { applyLiveParams, type Gan2dLiveParams, type Phase } from '../engine/gan2dParams';
import type { EngineEvent, RunState } from '../engine/protocol';
import { pageLivenessRule } from '../engine/liveness';
import { RecoveringEngine } from '../engine/recovery';
import { pageHasHardwareGl, pushNotice, useLab, workerLacksGpu } from './lab';
import { clearMetrics, recordMetrics, truncateMetrics } from './metricLog';
import { labRecoveryHooks } from './recovery';
import { appendSeries, emptySeries, truncateSeries, type Series } from './series';

export type GanLayer = 'real' | 'fake' | 'heatmap' | 'arrows' | 'manifold' | 'trails';

export interface ModePoint {
  step: number;
  captured: number;
  total: number;
  hq: number;
  /** Null when no sample is high quality (the KL is then undefined). */
  kl: number | null;
  js: number;
}

export interface GanState {
  /** The config of the running experiment, with live changes applied. */
  config: Gan2dConfig;
  presetId: string | null;
  status: RunState;
  backend: BackendChoice | null;
  series: Record<string, Series>;
  modes: ModePoint[];
  /** The latest two snapshots: the canvas interpolates fakes between them. */
  snapshot: Gan2dSnapshot | null;
  previous: Gan2dSnapshot | null;
  snapshotAt: number;
  /** Milliseconds between the last two snapshots (the canvas glides the fakes over this time). */
  snapshotGap: number;
  layers: Record<GanLayer, boolean>;
  /** Generator updates per second, from the G-step counter (D-only steps and fast-forward chunks included right). */
  stepsPerSec: number;
  fastForward: boolean;
  /** Where the WGAN-GP penalty weight came from: the loaded preset, the paper's 10 on a switch, or the user. */
  gpLambdaSource: 'preset' | 'paper' | 'user';
  /** Time left in the run at the current speed (the GAN's one "epoch" is its whole run). */
  etaSec: number | null;
}

let engine: RecoveringEngine | null = null;
let booting = false;

const METRICS = ['dLoss', 'gLoss', 'dReal', 'dFake', 'gGradNorm', 'wEstimate'];
const emptyRun = () => ({
  series: Object.fromEntries(METRICS.map((m) => [m, emptySeries(300)])),
  modes: [] as ModePoint[],
  snapshot: null,
  previous: null,
  etaSec: null,
});

/** A shared link's GAN config (`#config=`, validated; errors are reported by the VAE store), else the default. */
function initialConfig(): Gan2dConfig {
  const c = openingLink().config;
  return c?.kind === 'gan2d' ? c : structuredClone(defaultGan2dConfig);
}

export const useGan = create<GanState>(() => ({
  config: initialConfig(),
  presetId: null,
  status: 'loading',
  backend: null,
  ...emptyRun(),
  snapshotAt: 0,
  snapshotGap: 100,
  layers: { real: true, fake: true, heatmap: true, arrows: true, manifold: false, trails: false },
  stepsPerSec: 0,
  fastForward: false,
  gpLambdaSource: 'paper',
}));

/** The WGAN-GP paper's penalty weight (Gulrajani et al. 2017): what a switch to WGAN-GP starts from. */
export const PAPER_GP_LAMBDA = 10;
/** lambda of the loaded preset when it is a WGAN-GP preset (null otherwise or after a custom reset). */
let presetGpLambda: number | null = null;
let rate = { step: 0, t: 0, sps: 0 };

/** Charts take new points a few times a second (the canvas animates every frame regardless). */
const COMMIT_MS = 300;
/**
 * Metric series are committed one chart's worth at a time, in turn, so that each commit redraws a single
 * chart: short main-thread tasks instead of one long one for every chart at once.
 */
const CHART_GROUPS = [['dLoss', 'gLoss'], ['dReal', 'dFake', 'wEstimate'], ['gGradNorm']];
const TICK_MS = COMMIT_MS / CHART_GROUPS.length;
let queue: Extract<EngineEvent, { type: 'metrics' }>[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
let turn = 0;
let lastModeAt = 0;
const pending = new Map<string, { steps: number[]; values: number[] }>();

function drainQueue(): void {
  for (const e of queue) {
    const k = e.names.length;
    e.names.forEach((name, j) => {
      const p = pending.get(name) ?? { steps: [], values: [] };
      for (let r = 0; r < e.steps.length; r++) {
        p.steps.push(e.steps[r]!);
        p.values.push(e.values[r * k + j]!);
      }
      pending.set(name, p);
    });
  }
  queue = [];
}

function commitNames(names: readonly string[]): void {
  const due = names.filter((n) => (pending.get(n)?.steps.length ?? 0) > 0);
  if (due.length === 0) return;
  useGan.setState((s) => {
    const series = { ...s.series };
    for (const name of due) {
      const p = pending.get(name)!;
      series[name] = appendSeries(series[name] ?? emptySeries(300), p.steps, Float32Array.from(p.values));
      pending.delete(name);
    }
    return { series };
  });
}

/** Everything pending, now (on a status change, so that a paused run shows all its points). */
function commitMetrics(): void {
  drainQueue();
  commitNames([...pending.keys()]);
}

function commitNextChart(): void {
  timer = null;
  drainQueue();
  for (let i = 0; i < CHART_GROUPS.length; i++) {
    const group = CHART_GROUPS[turn++ % CHART_GROUPS.length]!;
    if (group.some((n) => (pending.get(n)?.steps.length ?? 0) > 0)) {
      commitNames(group);
      break;
    }
  }
  if ([...pending.values()].some((p) => p.steps.length > 0)) timer = setTimeout(commitNextChart, TICK_MS);
}

function onSnapshot(snap: Gan2dSnapshot): void {
  useGan.setState((s) => {
    const last = s.modes[s.modes.length - 1];
    const due = !last || (snap.step !== last.step && performance.now() - lastModeAt > COMMIT_MS);
    let modes = s.modes;
    if (snap.modes && due) {
      lastModeAt = performance.now();
      const m = snap.modes;
      modes = [
        ...s.modes.slice(-599),
        {
          step: snap.step,
          captured: m.captured,
          total: m.total,
          hq: m.hqFraction,
          kl: m.klUniform,
          js: snap.js,
        },
      ];
    }
    const now = performance.now();
    const snapshotGap = Math.min(1000, Math.max(50, now - s.snapshotAt));
    return { previous: s.snapshot, snapshot: snap, snapshotAt: now, snapshotGap, modes };
  });
}

function onEvent(e: EngineEvent): void {
  switch (e.type) {
    case 'status':
      commitMetrics();
      useGan.setState({ status: e.state });
      return;
    case 'backend':
      useGan.setState({ backend: e.choice });
      // As the VAE lab: where workers cannot reach the GPU the page has, train on the page instead.
      if (engine?.location === 'worker' && workerLacksGpu(e.choice) && pageHasHardwareGl()) {
        pushNotice('info', "GAN lab: this browser's workers cannot reach the GPU, so it trains on the page.");
        engine.terminate();
        engine = null;
        void startGanEngine(true);
      }
      return;
    case 'notice':
      pushNotice('warning', `GAN lab: ${e.message}`);
      return;
    case 'error':
      // A divergence is shown by the recovery panel (views/RecoveryNotice.tsx), with its roll-back.
      if (!e.divergence) pushNotice('error', `GAN lab: ${e.message}`);
      if (!e.recoverable) useGan.setState({ status: 'error' });
      return;
    case 'metrics':
      recordMetrics('gan2d', e.names, e.steps, e.values);
      queue.push(e);
      timer ??= setTimeout(commitNextChart, TICK_MS);
      return;
    case 'progress': {
      // G steps per second from the G-step counter itself: the runner's own rate counts engine steps,
      // which in fast-forward hold several G steps, and D-only steps, which hold none.
      const now = performance.now();
      const dt = (now - rate.t) / 1000;
      if (rate.t === 0 || e.step < rate.step) rate = { step: e.step, t: now, sps: 0 };
      else if (dt >= 0.5) {
        const v = (e.step - rate.step) / dt;
        rate = { step: e.step, t: now, sps: rate.sps === 0 ? v : 0.5 * v + 0.5 * rate.sps };
        const left = Math.max(0, useGan.getState().config.training.maxSteps - e.step);
        useGan.setState({ stepsPerSec: rate.sps, etaSec: rate.sps > 0 ? left / rate.sps : null });
      }
      return;
    }
    case 'snapshot':
      if (e.snapshot.kind === 'gan2d') onSnapshot(e.snapshot as Gan2dSnapshot);
      return;
    default:
      return;
  }
}

/** The run was rolled back or restored to `step` (issue 13): the charts drop what came after it. */
function restoredTo(step: number): void {
  commitMetrics();
  truncateMetrics('gan2d', step);
  rate = { step: 0, t: 0, sps: 0 };
  useGan.setState((s) => ({
    series: Object.fromEntries(Object.entries(s.series).map(([k, v]) => [k, truncateSeries(v, step)])),
    modes: s.modes.filter((m) => m.step <= step),
  }));
}

const recoveryHooks = labRecoveryHooks(
  'gan2d',
  {
    title: 'GAN lab',
    engine: () => engine,
    config: () => useGan.getState().config,
    applyFix: (params) => ganActions.setLive(params),
  },
  {
    restored: restoredTo,
    // Fast-forward is not part of the config: a restarted engine gets it again.
    afterRestart: (send) => {
      if (useGan.getState().fastForward) send({ type: 'setParams', params: { fastForward: true } });
    },
  },
);

async function startGanEngine(inProcess: boolean): Promise<void> {
  booting = true;
  try {
    engine = await RecoveringEngine.start(
      (listener): EngineClient | Promise<EngineClient> =>
        inProcess || typeof Worker === 'undefined'
          ? inProcessEngine(listener)
          : workerEngine(listener, { liveness: pageLivenessRule() }),
      onEvent,
      recoveryHooks,
    );
    engine.send({
      type: 'init',
      config: useGan.getState().config,
      backend: useLab.getState().backendOverride,
    });
  } catch (e) {
    pushNotice('error', `GAN lab: could not start the training engine: ${String(e)}`);
    useGan.setState({ status: 'error' });
  } finally {
    booting = false;
  }
}

/**
 * The GAN lab gets its own engine worker, started the first time its tab is shown (on the page itself
 * with `?engine=page`, or where workers cannot reach the GPU: see onEvent's 'backend').
 */
export function bootGanEngine(): void {
  if (engine || booting) return;
  const page =
    typeof location !== 'undefined' && new URLSearchParams(location.search).get('engine') === 'page';
  void startGanEngine(page);
}

export const ganActions = {
  start: () => {
    rate = { step: 0, t: 0, sps: 0 };
    engine?.send({ type: 'start' });
  },
  pause: () => {
    useGan.setState({ stepsPerSec: 0 });
    engine?.send({ type: 'pause' });
  },
  /** Fast-forward: several iterations per engine step and a snapshot a second (not part of the config). */
  setFastForward(on: boolean): void {
    useGan.setState({ fastForward: on });
    engine?.send({ type: 'setParams', params: { fastForward: on } });
  },
  /** One iteration with only D, only G, or both updated; the run's phase is restored afterwards. */
  step(phase: Phase = 'both'): void {
    if (!engine) return;
    engine.send({ type: 'setParams', params: { phase } });
    engine.send({ type: 'step', count: 1 });
    engine.send({ type: 'setParams', params: { phase: 'both' } });
  },
  /** Rebuild from a config (new weights, cleared charts). */
  reset(
    config: Gan2dConfig = useGan.getState().config,
    presetId: string | null = useGan.getState().presetId,
  ): void {
    queue = [];
    clearMetrics('gan2d');
    pending.clear();
    rate = { step: 0, t: 0, sps: 0 };
    if (!presetId) presetGpLambda = null;
    useGan.setState({
      config: structuredClone(config),
      presetId,
      ...emptyRun(),
      fastForward: false,
      stepsPerSec: 0,
      gpLambdaSource:
        presetId && config.objective.loss === 'wganGp'
          ? 'preset'
          : config.objective.gpLambda === PAPER_GP_LAMBDA
            ? 'paper'
            : 'user',
    });
    engine?.send({ type: 'reset', config });
  },
  loadPreset(id: string): void {
    const p = getPreset(id);
    if (!p || p.config.kind !== 'gan2d') {
      pushNotice('error', `Unknown GAN preset "${id}".`);
      return;
    }
    const c = p.config as Gan2dConfig;
    presetGpLambda = c.objective.loss === 'wganGp' ? c.objective.gpLambda : null;
    ganActions.reset(c, id);
  },
  /** Live changes: the engine validates them and keeps the run. */
  setLive(params: Gan2dLiveParams): void {
    const before = useGan.getState().config.objective;
    let source = useGan.getState().gpLambdaSource;
    if (params.gpLambda !== undefined) source = 'user';
    else if (params.loss === 'wganGp' && before.loss !== 'wganGp') {
      // Switching to WGAN-GP mid-run: lambda from the loaded WGAN-GP preset, else the paper's 10, never
      // a value left over from another setting.
      params = { ...params, gpLambda: presetGpLambda ?? PAPER_GP_LAMBDA };
      source = presetGpLambda !== null ? 'preset' : 'paper';
    }
    useGan.setState((s) => ({
      config: applyLiveParams(s.config, params),
      presetId: null,
      gpLambdaSource: source,
    }));
    engine?.send({ type: 'setParams', params: params as Record<string, string | number> });
    engine?.send({ type: 'snapshot' });
  },
  /** Train on user points (drawn or uploaded), interleaved x, y. */
  async setPoints(points: ArrayLike<number>): Promise<boolean> {
    if (!engine) return false;
    try {
      await engine.query({ type: 'setPoints', points: Array.from(points) });
      const pairs: [number, number][] = [];
      for (let i = 0; i + 1 < points.length; i += 2) pairs.push([points[i]!, points[i + 1]!]);
      useGan.setState((s) => ({
        config: { ...s.config, data: { ...s.config.data, dataset: 'points', points: pairs } },
        presetId: null,
      }));
      engine.send({ type: 'snapshot' });
      return true;
    } catch (e) {
      pushNotice('error', `GAN lab: ${(e as Error).message}`);
      return false;
    }
  },
  /** Ask the GAN engine something (saved runs: export / import weights); see EngineClient.query. */
  query<T>(q: { type: string; [k: string]: unknown }, opts?: { inOrder?: boolean }): Promise<T> {
    if (!engine) return Promise.reject(new Error('the GAN engine is not running'));
    return engine.query<T>(q, opts);
  },
  toggleLayer(layer: GanLayer): void {
    useGan.setState((s) => ({ layers: { ...s.layers, [layer]: !s.layers[layer] } }));
  },
};
