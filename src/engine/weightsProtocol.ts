import type { QueryAnswer } from './experiment';

/**
 * Saving and restoring a running experiment (saved runs, issue 8): the `exportWeights` query returns
 * its parameters, its optimizers' state and its place in training; `importWeights` puts them into a
 * freshly built experiment of the same config, so training continues where it stopped. Types only.
 */

export interface NamedArray {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface OptimizerState {
  /** Which network's optimizer ('vae', 'G', 'D', 'unroll'). */
  role: string;
  /** Optimizer name (adam, sgd, rmsprop). */
  name: string;
  iterations: number;
  /** Its slots (moments) in tfjs's order for that optimizer. */
  slots: NamedArray[];
}

export interface WeightsState {
  kind: string;
  /** Training steps taken. */
  step: number;
  /** Trainable parameters in the model's stable order. */
  params: NamedArray[];
  optimizers: OptimizerState[];
  /** Where training stands: generator states and counters (numbers), and arrays such as the epoch order. */
  position: Record<string, number>;
  arrays: Record<string, Uint32Array>;
}

export type WeightsQuery = { type: 'exportWeights' } | { type: 'importWeights'; state: WeightsState };

export const isWeightsQuery = (q: { type: string }): q is WeightsQuery =>
  q.type === 'exportWeights' || q.type === 'importWeights';

/** Typed arrays of a state, for transfer. */
export function weightsTransfer(s: WeightsState): Transferable[] {
  const out: ArrayBuffer[] = [];
  for (const a of s.params) out.push(a.data.buffer as ArrayBuffer);
  for (const o of s.optimizers) for (const a of o.slots) out.push(a.data.buffer as ArrayBuffer);
  for (const a of Object.values(s.arrays)) out.push(a.buffer as ArrayBuffer);
  return [...new Set(out)];
}

/** Answers a weights query for any lab: export (state plus its buffers to transfer) or import. */
export async function answerWeightsQuery<T extends { steps: number }>(
  t: T,
  q: WeightsQuery,
  exportState: (t: T) => Promise<WeightsState>,
  importState: (t: T, s: WeightsState) => Promise<void>,
): Promise<QueryAnswer> {
  if (q.type === 'exportWeights') {
    const state = await exportState(t);
    return { result: state, transfer: weightsTransfer(state) };
  }
  await importState(t, q.state);
  return { result: { ok: true, step: t.steps } };
}
