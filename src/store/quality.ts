import { create } from 'zustand';
import type { QualityScores } from '../core/quality/metrics';
import type { ClassifierInfo } from '../core/quality/scorer';
import type { ClassifierChoice, QualityCommand, QualityEvent, QualityState } from '../engine/qualityProtocol';

/** One model family's row of the comparison table: scored samples of its current run. */
export interface CompareRow {
  model: string;
  step: number;
  scores: QualityScores;
  classifier: string;
  at: number;
}

export interface QualityStoreState {
  which: ClassifierChoice;
  state: QualityState | 'off';
  progress: number;
  message: string | null;
  info: ClassifierInfo | null;
  backend: string | null;
  /** Latest scores per family ("VAE", "DCGAN", ...), kept across resets so the families compare. */
  rows: Record<string, CompareRow>;
}

export const useQuality = create<QualityStoreState>(() => ({
  which: 'standard',
  state: 'off',
  progress: 0,
  message: null,
  info: null,
  backend: null,
  rows: {},
}));

type Answer = { scores: QualityScores; labels: Uint8Array };
let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();

function onEvent(e: QualityEvent): void {
  if (e.type === 'status') {
    if (e.which !== useQuality.getState().which) return;
    useQuality.setState({
      state: e.state,
      progress: e.progress ?? (e.state === 'ready' ? 1 : useQuality.getState().progress),
      message: e.message ?? null,
      info: e.info ?? (e.state === 'ready' ? useQuality.getState().info : null),
      backend: e.backend ?? useQuality.getState().backend,
    });
    if (e.state !== 'ready') for (const [, w] of waiting) w.reject(new Error('the classifier changed'));
    if (e.state !== 'ready') waiting.clear();
    return;
  }
  const w = waiting.get(e.id);
  waiting.delete(e.id);
  if (!w) return;
  if (e.type === 'scored') w.resolve({ scores: e.scores, labels: e.labels });
  else w.reject(new Error(e.message));
}

function send(c: QualityCommand, transfer: Transferable[] = []): void {
  worker?.postMessage(c, transfer);
}

/** `?metrics=off` keeps the classifier idle (benchmarks time training alone). */
export const metricsOff = () =>
  typeof location !== 'undefined' && new URLSearchParams(location.search).get('metrics') === 'off';

/** Start the metrics worker (first time the image tab opens) and load or train the classifier. */
export function bootQuality(): void {
  if (worker || typeof Worker === 'undefined' || metricsOff()) return;
  worker = new Worker(new URL('../engine/qualityWorker.ts', import.meta.url), {
    type: 'module',
    name: 'latent-lab-quality',
  });
  worker.onmessage = (ev: MessageEvent<QualityEvent>) => onEvent(ev.data);
  worker.onerror = (ev) => {
    ev.preventDefault();
    useQuality.setState({
      state: 'error',
      message: `The metrics worker failed: ${ev.message || 'could not load'}`,
    });
  };
  const which = useQuality.getState().which;
  useQuality.setState({ state: 'loading', progress: 0 });
  send({ type: 'init', which });
}

export const qualityActions = {
  /** Switch classifier (a training in progress is cancelled); scores made with the old one stay labelled. */
  choose(which: ClassifierChoice): void {
    if (which === useQuality.getState().which && useQuality.getState().state !== 'error') return;
    useQuality.setState({ which, state: 'loading', progress: 0, info: null, message: null });
    if (!worker) bootQuality();
    else send({ type: 'init', which });
  },
  /** Score digits (count x 784 bytes); rejects while the classifier is not ready. */
  score(pixels: Uint8ClampedArray, count: number): Promise<Answer> {
    if (useQuality.getState().state !== 'ready')
      return Promise.reject(new Error('the classifier is not ready'));
    const id = nextId++;
    const p = new Promise<Answer>((resolve, reject) => waiting.set(id, { resolve, reject }));
    send({ type: 'score', id, pixels, count }, [pixels.buffer]);
    return p;
  },
  /** Put a family's latest scores in the comparison table. */
  setRow(model: string, step: number, scores: QualityScores): void {
    const classifier = useQuality.getState().info?.key ?? '?';
    useQuality.setState((s) => ({
      rows: { ...s.rows, [model]: { model, step, scores, classifier, at: Date.now() } },
    }));
  },
};
