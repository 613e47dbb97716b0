import { create } from 'zustand';
import { LogPxAccumulator, meanWithError } from '../core/vae/logPxAccumulator';
import { bytesToUnit } from '../core/latent/bytes';
import type { ElboAnswer, LogPxChunkAnswer, TestImagesAnswer } from '../engine/latentProtocol';
import { actions as lab, useLab } from './lab';

/**
 * The VAE trainer's log p(x) evaluation (issue 9): importance sampling with K samples on a chosen number
 * of test digits, asked of the engine chunk by chunk (the engine keeps training in between), so the page
 * shows progress and can stop at any chunk. The ELBO of the same digits comes alongside, so the gap shows.
 */
export interface LogPxResult {
  digits: number;
  samples: number;
  /** Training step of the model when the evaluation started and ended (it may train meanwhile). */
  step: number;
  stepEnd: number;
  logPx: { mean: number; se: number };
  elbo: { mean: number; se: number };
  /** log p(x) - ELBO, paired by digit. */
  gap: { mean: number; se: number };
}

export interface LogPxState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  digits: number;
  samples: number;
  /** Samples evaluated so far, over all digits, and the total. */
  done: number;
  total: number;
  result: LogPxResult | null;
  error: string | null;
  /** The lab's run (LabState.run) these results are about. */
  forRun: number;
}

export const useLogPx = create<LogPxState>(() => ({
  status: 'idle',
  digits: 100,
  samples: 1000,
  done: 0,
  total: 0,
  result: null,
  error: null,
  forRun: 0,
}));

/** Decoder rows per chunk query: about a tenth of a second of engine time for the classic VAE. */
const ROWS_PER_CHUNK = 2000;
/** Fixed sample seeds: the same question about the same weights gets the same answer. */
const SEED = 90210;

let run = 0;

export const logPxActions = {
  setDigits(digits: number): void {
    useLogPx.setState({ digits });
  },
  setSamples(samples: number): void {
    useLogPx.setState({ samples });
  },

  /** Estimate log p(x) on the first `digits` test digits with K samples each. */
  async start(): Promise<void> {
    const id = ++run;
    const { digits: wanted, samples: K } = useLogPx.getState();
    const testCount = useLab.getState().applied.data.testSubset || 10000;
    const n = Math.min(wanted, testCount);
    const indices = Array.from({ length: n }, (_, i) => i);
    useLogPx.setState({ status: 'running', done: 0, total: n * K, result: null, error: null });
    try {
      const step = useLab.getState().progress?.step ?? 0;
      // The ELBO of the same digits (closed-form KL where the prior has one), averaged over 8 draws of eps.
      const imgs = await lab.query<TestImagesAnswer>({ type: 'testImages', indices });
      const elbo = await lab.query<ElboAnswer>({
        type: 'elbo',
        images: bytesToUnit(imgs.pixels),
        n,
        samples: 8,
        labels: Array.from(imgs.labels),
      });
      const acc = new LogPxAccumulator(n);
      const perChunk = Math.min(K, ROWS_PER_CHUNK);
      const block = Math.max(1, Math.floor(ROWS_PER_CHUNK / perChunk));
      const accs = new Map<number, LogPxAccumulator>();
      let chunk = 0;
      for (let from = 0; from < n; from += block) {
        const to = Math.min(n, from + block);
        const part = new LogPxAccumulator(to - from);
        accs.set(from, part);
        while (part.samples < K) {
          if (id !== run) return; // cancelled or superseded
          const s = Math.min(perChunk, K - part.samples);
          const a = await lab.query<LogPxChunkAnswer>({
            type: 'logPxChunk',
            indices: indices.slice(from, to),
            samples: s,
            seed: SEED + chunk++,
          });
          if (id !== run) return;
          part.add(a.logSum, s);
          useLogPx.setState((st) => ({ done: st.done + s * (to - from) }));
        }
        acc.logSum.set(part.logSum, from);
      }
      acc.samples = K;
      const lp = acc.estimates();
      const gap = lp.map((v, i) => v - elbo.elbo[i]!);
      useLogPx.setState({
        status: 'done',
        result: {
          digits: n,
          samples: K,
          step,
          stepEnd: useLab.getState().progress?.step ?? step,
          logPx: meanWithError(lp),
          elbo: meanWithError(elbo.elbo),
          gap: meanWithError(gap),
        },
      });
    } catch (e) {
      if (id === run)
        useLogPx.setState({ status: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  },

  /** Stop between chunks; what was done is dropped. */
  cancel(): void {
    if (useLogPx.getState().status !== 'running') return;
    run++;
    useLogPx.setState({ status: 'cancelled' });
  },

  /** A new model (lab run `forRun`): results about the old one no longer apply. */
  reset(forRun: number): void {
    if (useLogPx.getState().forRun === forRun) return;
    run++;
    useLogPx.setState({ status: 'idle', done: 0, total: 0, result: null, error: null, forRun });
  },
};

if (typeof window !== 'undefined') {
  // Tests read this store (never write it), like window.__latentLab.
  (window as unknown as { __logPx: typeof useLogPx }).__logPx = useLogPx;
}
