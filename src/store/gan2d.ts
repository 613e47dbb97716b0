import { create } from 'zustand';
import { defaultGan2dConfig, type Gan2dConfig } from '../config/gan2d';
import { getPreset } from '../config/presets';
import { openingLink } from '../links/current';
import type { BackendChoice } from '../engine/backendNames';
import { workerEngine, type EngineClient } from '../engine/client';
import type { Gan2dSnapshot } from '../engine/gan2dSnapshot';
import { applyLiveParams, type Gan2dLiveParams, type Phase } from '../engine/gan2dParams';
import type { EngineEvent, RunState } from '../engine/protocol';
import { pushNotice, useLab } from './lab';
import { clearMetrics, recordMetrics } from './metricLog';
import { appendSeries, emptySeries, type Series } from './series';

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
  layers: Record<GanLayer, boolean>;
  stepsPerSec: number;
  /** Time left in the run at the current speed (the GAN's one "epoch" is its whole run). */
  etaSec: number | null;
}

let engine: EngineClient | null = null;

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
  layers: { real: true, fake: true, heatmap: true, arrows: true, manifold: false, trails: false },
  stepsPerSec: 0,
}));

/** Charts take new points a few times a second (the canvas animates every frame regardless). */
const COMMIT_MS = 300;
let queue: Extract<EngineEvent, { type: 'metrics' }>[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
let lastModeAt = 0;

function commitMetrics(): void {
  timer = null;
  const batch = queue;
  queue = [];
  if (batch.length === 0) return;
  useGan.setState((s) => {
    const series = { ...s.series };
    for (const e of batch) {
      const k = e.names.length;
      e.names.forEach((name, j) => {
        const vals = new Float32Array(e.steps.length);
        for (let r = 0; r < e.steps.length; r++) vals[r] = e.values[r * k + j]!;
        series[name] = appendSeries(series[name] ?? emptySeries(300), e.steps, vals);
      });
    }
    return { series };
  });
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
    return { previous: s.snapshot, snapshot: snap, snapshotAt: performance.now(), modes };
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
      return;
    case 'notice':
      pushNotice('warning', `GAN lab: ${e.message}`);
      return;
    case 'error':
      pushNotice('error', `GAN lab: ${e.message}`);
      if (!e.recoverable) useGan.setState({ status: 'error' });
      return;
    case 'metrics':
      recordMetrics('gan2d', e.names, e.steps, e.values);
      queue.push(e);
      timer ??= setTimeout(commitMetrics, COMMIT_MS);
      return;
    case 'progress':
      useGan.setState({
        stepsPerSec: Number.isFinite(e.stepsPerSec) ? e.stepsPerSec : 0,
        etaSec: e.etaSec,
      });
      return;
    case 'snapshot':
      if (e.snapshot.kind === 'gan2d') onSnapshot(e.snapshot as Gan2dSnapshot);
      return;
    default:
      return;
  }
}

/** The GAN lab gets its own engine worker, started the first time its tab is shown. */
export function bootGanEngine(): void {
  if (engine) return;
  engine = workerEngine(onEvent);
  engine.send({ type: 'init', config: useGan.getState().config, backend: useLab.getState().backendOverride });
}

export const ganActions = {
  start: () => engine?.send({ type: 'start' }),
  pause: () => engine?.send({ type: 'pause' }),
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
    useGan.setState({ config: structuredClone(config), presetId, ...emptyRun() });
    engine?.send({ type: 'reset', config });
  },
  loadPreset(id: string): void {
    const p = getPreset(id);
    if (!p || p.config.kind !== 'gan2d') {
      pushNotice('error', `Unknown GAN preset "${id}".`);
      return;
    }
    ganActions.reset(p.config as Gan2dConfig, id);
  },
  /** Live changes: the engine validates them and keeps the run. */
  setLive(params: Gan2dLiveParams): void {
    useGan.setState((s) => ({ config: applyLiveParams(s.config, params), presetId: null }));
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
