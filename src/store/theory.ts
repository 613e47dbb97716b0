import { create } from 'zustand';
import type {
  AmortizeAnswer,
  ExactAnswer,
  GradVarAnswer,
  InpaintAnswer,
  InpaintRegion,
  LikelihoodAnswer,
  TheoryQuery,
} from '../engine/theoryProtocol';
import { actions as lab } from './lab';

/**
 * The "Inference theory" tab (issue 10 items 1, 2, 6, 7): each demo asks the running VAE one question
 * (engine/theoryQueries.ts answers it in the worker) and keeps the answer until the lab's run changes.
 */
export interface DemoState<T> {
  status: 'idle' | 'running' | 'done' | 'error';
  result: T | null;
  error: string | null;
}

export interface TheoryState {
  index: number;
  region: InpaintRegion;
  exact: DemoState<ExactAnswer>;
  gradVar: DemoState<GradVarAnswer>;
  amortize: DemoState<AmortizeAnswer>;
  inpaint: DemoState<InpaintAnswer>;
  likelihood: DemoState<LikelihoodAnswer>;
  forRun: number;
}

type DemoKey = 'exact' | 'gradVar' | 'amortize' | 'inpaint' | 'likelihood';

const idle = <T>(): DemoState<T> => ({ status: 'idle', result: null, error: null });

export const useTheory = create<TheoryState>(() => ({
  index: 0,
  region: 'bottom',
  exact: idle(),
  gradVar: idle(),
  amortize: idle(),
  inpaint: idle(),
  likelihood: idle(),
  forRun: 0,
}));

/** Demo tokens: an answer arriving after a newer request (or a new run) is dropped. */
const tokens: Record<DemoKey, number> = { exact: 0, gradVar: 0, amortize: 0, inpaint: 0, likelihood: 0 };

async function ask<K extends DemoKey>(key: K, q: TheoryQuery): Promise<void> {
  const id = ++tokens[key];
  useTheory.setState({ [key]: { status: 'running', result: null, error: null } } as Partial<TheoryState>);
  try {
    const result = await lab.query<TheoryState[K]['result']>(q as unknown as { type: string });
    if (id !== tokens[key]) return;
    useTheory.setState({ [key]: { status: 'done', result, error: null } } as Partial<TheoryState>);
  } catch (e) {
    if (id !== tokens[key]) return;
    const error = e instanceof Error ? e.message : String(e);
    useTheory.setState({ [key]: { status: 'error', result: null, error } } as Partial<TheoryState>);
  }
}

/** Digits the amortization gap is averaged over. */
export const AMORTIZE_DIGITS = 50;

export const theoryActions = {
  setIndex(index: number): void {
    useTheory.setState({ index });
  },
  setRegion(region: InpaintRegion): void {
    useTheory.setState({ region });
  },
  exact: () => ask('exact', { type: 'theoryExact', index: useTheory.getState().index, n: 200 }),
  gradVar: () => ask('gradVar', { type: 'theoryGradVar', batch: 32, draws: 100, seed: 4242 }),
  amortize: () => {
    const first = useTheory.getState().index;
    const indices = [
      first,
      ...Array.from({ length: AMORTIZE_DIGITS }, (_, i) => i).filter((i) => i !== first),
    ];
    return ask('amortize', { type: 'theoryAmortize', indices: indices.slice(0, AMORTIZE_DIGITS), steps: 40 });
  },
  inpaint: () => {
    const s = useTheory.getState();
    return ask('inpaint', { type: 'theoryInpaint', index: s.index, region: s.region, steps: 60 });
  },
  likelihood: () => ask('likelihood', { type: 'theoryLikelihood', digits: 100, samples: 500, seed: 1234 }),
  /** A new model (lab run `forRun`): answers about the old one no longer apply. */
  reset(forRun: number): void {
    if (useTheory.getState().forRun === forRun) return;
    for (const k of Object.keys(tokens) as DemoKey[]) tokens[k]++;
    useTheory.setState({
      exact: idle(),
      gradVar: idle(),
      amortize: idle(),
      inpaint: idle(),
      likelihood: idle(),
      forRun,
    });
  },
};

if (typeof window !== 'undefined') {
  // Tests read this store (never write it).
  (window as unknown as { __theory: typeof useTheory }).__theory = useTheory;
}
