import { create } from 'zustand';
import type { AaeConfig } from '../config/aae';
import type { ImageGanConfig } from '../config/imageGan';
import { getPreset } from '../config/presets';
import { classMeans, type ClassMeans } from '../core/latent/classMeans';
import type { QualityScores } from '../core/quality/metrics';
import type { BackendChoice } from '../engine/backendNames';
import { workerEngine } from '../engine/client';
import { pageLivenessRule } from '../engine/liveness';
import type { EngineQuery } from '../engine/experiment';
import { applyAaeParams, type AaeLiveParams } from '../engine/aaeParams';
import { applyImageGanParams, type ImageGanLiveParams } from '../engine/imageGanParams';
import type { AaeSnapshot, ImageGanSnapshot, MetricBatch, TimelineFrame } from '../engine/imageSnapshots';
import type { EngineEvent, RunState } from '../engine/protocol';
import { RecoveringEngine } from '../engine/recovery';
import { pushNotice, useLab } from './lab';
import { labRecoveryHooks } from './recovery';
import { qualityActions, useQuality } from './quality';
import { appendSeries, emptySeries, truncateSeries, type Series } from './series';
import { openingLink } from '../links/current';

export type ImageConfig = ImageGanConfig | AaeConfig;
export type ImageSnapshot = ImageGanSnapshot | AaeSnapshot;

/** Scores of one batch of samples at one step, as the charts and the table show them. */
export interface QualityPoint extends QualityScores {
  step: number;
  classifier: string;
}

export interface ImageLabState {
  config: ImageConfig;
  presetId: string | null;
  status: RunState;
  backend: BackendChoice | null;
  stepsPerSec: number;
  series: Record<string, Series>;
  snapshot: ImageSnapshot | null;
  /** The fixed-noise grid every `monitor.timelineEvery` steps (thinned to every other when full). */
  frames: TimelineFrame[];
  quality: QualityPoint[];
  /** Batches waiting for the classifier (it may still be training). */
  unscored: number;
  /** Mean noise vector of the samples the classifier put in each class (latent arithmetic for GANs). */
  zMeans: ClassMeans | null;
  /** Bumped at every reset. */
  runId: number;
}

export const MAX_FRAMES = 240;
const MAX_UNSCORED = 12;
const COMMIT_MS = 300;

let engine: RecoveringEngine | null = null;
let booting = false;
let generation = 0;

const emptyRun = () => ({
  series: {} as Record<string, Series>,
  snapshot: null,
  frames: [] as TimelineFrame[],
  quality: [] as QualityPoint[],
  unscored: 0,
  zMeans: null,
});

const start = getPreset('dcgan-mnist')!;
/** A shared link's image-GAN or AAE config (`#config=`, validated), else the DCGAN preset. */
const linked = openingLink().config;
const linkedImage = linked?.kind === 'imageGan' || linked?.kind === 'aae' ? (linked as ImageConfig) : null;

export const useImageLab = create<ImageLabState>(() => ({
  config: structuredClone(linkedImage ?? start.config) as ImageConfig,
  presetId: linkedImage ? null : start.id,
  status: 'loading',
  backend: null,
  stepsPerSec: 0,
  runId: 0,
  ...emptyRun(),
}));

/** The comparison table's name for what is running. */
export function familyLabel(c: ImageConfig, presetId: string | null): string {
  if (c.kind === 'aae') return `AAE (${c.prior.kind} prior)`;
  if (presetId === 'gan-mnist-collapse') return 'GAN, collapse preset';
  const arch = c.model.arch === 'dcgan' ? 'DCGAN' : 'MLP GAN';
  return c.model.conditional ? `conditional ${arch}` : arch;
}

// ---------- metrics (charts) ----------

let queue: Extract<EngineEvent, { type: 'metrics' }>[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;

function commitMetrics(): void {
  timer = null;
  const batch = queue;
  queue = [];
  if (batch.length === 0) return;
  useImageLab.setState((s) => {
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

// ---------- quality scoring ----------

const unscored: MetricBatch[] = [];
let scoring = false;

/** Score waiting batches one by one, oldest first, once the classifier is ready. */
async function scorePending(): Promise<void> {
  if (scoring) return;
  scoring = true;
  try {
    while (unscored.length && useQuality.getState().state === 'ready') {
      const b = unscored[0]!;
      const mine = generation;
      const { scores, labels } = await qualityActions.score(b.pixels.slice(), b.count);
      unscored.shift();
      if (mine !== generation) continue;
      const classifier = useQuality.getState().info?.key ?? '?';
      const point: QualityPoint = { ...scores, step: b.step, classifier };
      useImageLab.setState((s) => ({
        quality: [...s.quality, point].sort((a, c) => a.step - c.step),
        unscored: unscored.length,
        zMeans: classMeans(b.z, labels, b.dim),
      }));
      const st = useImageLab.getState();
      qualityActions.setRow(familyLabel(st.config, st.presetId), b.step, scores);
    }
  } catch {
    // the classifier changed or is not ready: the batches wait for it
  } finally {
    scoring = false;
  }
}

useQuality.subscribe((s, prev) => {
  if (s.state === 'ready' && prev.state !== 'ready') void scorePending();
});

function onMetricBatch(b: MetricBatch): void {
  unscored.push(b);
  while (unscored.length > MAX_UNSCORED) unscored.shift();
  useImageLab.setState({ unscored: unscored.length });
  void scorePending();
}

// ---------- engine events ----------

function addFrames(frames: TimelineFrame[], more: TimelineFrame[]): TimelineFrame[] {
  let out = frames.concat(more);
  // Thin the oldest half when full, so the timeline always spans the whole run.
  while (out.length > MAX_FRAMES) out = out.filter((_, i) => i % 2 === 0 || i >= out.length - 1);
  return out;
}

function onSnapshot(snap: ImageSnapshot): void {
  if (snap.metricBatch) onMetricBatch(snap.metricBatch);
  useImageLab.setState((s) => ({
    snapshot: snap,
    frames: snap.kind === 'imageGan' && snap.frames.length ? addFrames(s.frames, snap.frames) : s.frames,
  }));
}

function onEvent(e: EngineEvent): void {
  switch (e.type) {
    case 'status':
      commitMetrics();
      useImageLab.setState({ status: e.state });
      return;
    case 'backend':
      useImageLab.setState({ backend: e.choice });
      return;
    case 'notice':
      pushNotice('warning', `Image GANs: ${e.message}`);
      return;
    case 'error':
      // A divergence is shown by the recovery panel (views/RecoveryNotice.tsx), with its roll-back.
      if (!e.divergence) pushNotice('error', `Image GANs: ${e.message}`);
      if (!e.recoverable) useImageLab.setState({ status: 'error' });
      return;
    case 'metrics':
      queue.push(e);
      timer ??= setTimeout(commitMetrics, COMMIT_MS);
      return;
    case 'progress':
      useImageLab.setState({ stepsPerSec: Number.isFinite(e.stepsPerSec) ? e.stepsPerSec : 0 });
      return;
    case 'snapshot':
      if (e.snapshot.kind === 'imageGan' || e.snapshot.kind === 'aae')
        onSnapshot(e.snapshot as ImageSnapshot);
      return;
    default:
      return;
  }
}

/** The run was rolled back or restored to `step` (issue 13): charts, scores and timeline drop what came after. */
function restoredTo(step: number): void {
  commitMetrics();
  generation++;
  unscored.length = 0;
  useImageLab.setState((s) => ({
    series: Object.fromEntries(Object.entries(s.series).map(([k, v]) => [k, truncateSeries(v, step)])),
    quality: s.quality.filter((q) => q.step <= step),
    frames: s.frames.filter((f) => f.step <= step),
    unscored: 0,
  }));
}

const recoveryHooks = labRecoveryHooks(
  'image',
  {
    title: 'Image GANs',
    engine: () => engine,
    config: () => useImageLab.getState().config,
    applyFix: (params) => imageActions.setLive(params),
  },
  { restored: restoredTo },
);

/**
 * The image lab has its own engine worker, started when its tab first opens; it keeps checkpoints, so a
 * divergence can roll back and a crashed worker restarts where it was (engine/recovery.ts).
 */
export function bootImageEngine(): void {
  if (engine || booting) return;
  booting = true;
  // A hung worker (no `error` event) is noticed by its silence, as in the VAE and GAN labs.
  RecoveringEngine.start((l) => workerEngine(l, { liveness: pageLivenessRule() }), onEvent, recoveryHooks)
    .then((e) => {
      engine = e;
      e.send({
        type: 'init',
        config: useImageLab.getState().config,
        backend: useLab.getState().backendOverride,
      });
    })
    .catch((e: unknown) => {
      pushNotice('error', `Image GANs: could not start the training engine: ${String(e)}`);
      useImageLab.setState({ status: 'error' });
    })
    .finally(() => (booting = false));
}

export const imageActions = {
  start: () => engine?.send({ type: 'start' }),
  pause: () => engine?.send({ type: 'pause' }),
  /** One iteration updating D only, G only, or both; the run's phase is restored afterwards. */
  step(phase: 'both' | 'd' | 'g' = 'both'): void {
    if (!engine) return;
    engine.send({ type: 'setParams', params: { phase } });
    engine.send({ type: 'step', count: 1 });
    engine.send({ type: 'setParams', params: { phase: 'both' } });
  },
  /** Rebuild from a config: new weights, cleared charts and timeline. */
  reset(
    config: ImageConfig = useImageLab.getState().config,
    presetId = useImageLab.getState().presetId,
  ): void {
    generation++;
    queue = [];
    unscored.length = 0;
    useImageLab.setState((s) => ({
      config: structuredClone(config),
      presetId,
      runId: s.runId + 1,
      ...emptyRun(),
    }));
    engine?.send({ type: 'reset', config });
  },
  loadPreset(id: string): void {
    const p = getPreset(id);
    if (!p || (p.config.kind !== 'imageGan' && p.config.kind !== 'aae')) {
      pushNotice('error', `Unknown image preset "${id}".`);
      return;
    }
    imageActions.reset(p.config as ImageConfig, id);
  },
  /** Live changes, validated by the engine; the run goes on. */
  setLive(params: ImageGanLiveParams | AaeLiveParams): void {
    useImageLab.setState((s) => ({
      config:
        s.config.kind === 'imageGan'
          ? applyImageGanParams(s.config, params as ImageGanLiveParams)
          : applyAaeParams(s.config, params as AaeLiveParams),
    }));
    engine?.send({ type: 'setParams', params: params as Record<string, string | number> });
  },
  query<T>(q: EngineQuery): Promise<T> {
    if (!engine) return Promise.reject(new Error('the image engine is not running'));
    return engine.query<T>(q);
  },
  /** Score `count` fresh samples of the running model now (the comparison table's "score now"). */
  async scoreNow(count = 2000): Promise<void> {
    const b = await imageActions.query<MetricBatch>({ type: 'samples', count });
    onMetricBatch(b);
  },
};
