import * as tf from '@tensorflow/tfjs';
import type { GanPair } from '../core/gan/trainer';
import type { Rng } from '../core/rng';
import type { QueryAnswer } from './experiment';
import { readArray, restoreAdamPowers } from './vaeWeights';
import {
  weightsTransfer,
  type OptimizerState,
  type WeightsQuery,
  type WeightsState,
} from './weightsProtocol';

/** What saving and restoring needs from a running 2-D GAN (Gan2dExperiment.weightsTarget()). */
export interface GanWeightsTarget {
  pair: GanPair;
  /** Generator states: the experiment's (data batches, noise) and the pair's (WGAN-GP mixing). */
  rngs: Record<string, Rng>;
  steps: number;
  setSteps(n: number): void;
  /** Optimizer names of the run's config, to check a state against. */
  optimizerNames: Record<'G' | 'D' | 'unroll', string>;
}

function optimizers(p: GanPair): Record<'G' | 'D' | 'unroll', tf.Optimizer> {
  // The look-ahead's optimizer is private to the pair; it has moments of its own worth keeping.
  return { G: p.optG, D: p.optD, unroll: (p as unknown as { optUnroll: tf.Optimizer }).optUnroll };
}

export async function exportGan(t: GanWeightsTarget): Promise<WeightsState> {
  const vars = [...t.pair.G.variables, ...t.pair.D.variables];
  const names = vars.map((_, i) =>
    i < t.pair.G.variables.length ? `G/${i}` : `D/${i - t.pair.G.variables.length}`,
  );
  const params = await Promise.all(vars.map((v, i) => readArray(names[i]!, v)));
  const opts: OptimizerState[] = [];
  for (const [role, opt] of Object.entries(optimizers(t.pair))) {
    const [iter, ...slots] = await opt.getWeights();
    const iterations = iter ? (await iter.tensor.data())[0]! : 0;
    iter?.tensor.dispose();
    opts.push({
      role,
      name: t.optimizerNames[role as 'G' | 'D' | 'unroll'],
      iterations,
      slots: await Promise.all(slots.map((s) => readArray(s.name, s.tensor))),
    });
  }
  const position: Record<string, number> = {};
  for (const [k, r] of Object.entries(t.rngs)) position[`rng.${k}`] = r.state;
  return { kind: 'gan2d', step: t.steps, params, optimizers: opts, position, arrays: {} };
}

/** Put a saved state into a freshly built GAN of the same config. Throws (nothing changed) on a mismatch. */
export async function importGan(t: GanWeightsTarget, s: WeightsState): Promise<void> {
  if (s.kind !== 'gan2d') throw new Error(`cannot load a ${s.kind} run into the 2-D GAN`);
  if (t.steps !== 0) throw new Error('a saved run loads into a new run only (press Reset first)');
  const vars = [...t.pair.G.variables, ...t.pair.D.variables];
  if (s.params.length !== vars.length)
    throw new Error(`parameters: ${s.params.length} tensors, expected ${vars.length}`);
  s.params.forEach((a, i) => {
    if (a.data.length !== vars[i]!.size) throw new Error(`parameter ${a.name}: wrong size`);
  });
  const opts = optimizers(t.pair);
  for (const o of s.optimizers) {
    const role = o.role as 'G' | 'D' | 'unroll';
    if (!(role in opts)) throw new Error(`optimizer state for an unknown network "${o.role}"`);
    if (o.name !== t.optimizerNames[role])
      throw new Error(`optimizer state of ${o.role} is ${o.name}, the run uses ${t.optimizerNames[role]}`);
  }
  vars.forEach((v, i) => {
    const value = tf.tensor(s.params[i]!.data, v.shape);
    v.assign(value);
    value.dispose();
  });
  for (const o of s.optimizers) {
    if (o.slots.length === 0) continue;
    const named = [
      { name: 'iter', tensor: tf.scalar(o.iterations, 'int32') },
      ...o.slots.map((a) => ({ name: a.name, tensor: tf.tensor(a.data, a.shape) })),
    ];
    await opts[o.role as 'G' | 'D' | 'unroll'].setWeights(named);
    restoreAdamPowers(opts[o.role as 'G' | 'D' | 'unroll'], o.iterations);
    tf.dispose(named.map((n) => n.tensor));
  }
  for (const [k, r] of Object.entries(t.rngs)) {
    const v = s.position[`rng.${k}`];
    if (typeof v === 'number') r.state = v;
  }
  t.setSteps(s.step);
}

export async function answerGanWeightsQuery(t: GanWeightsTarget, q: WeightsQuery): Promise<QueryAnswer> {
  if (q.type === 'exportWeights') {
    const state = await exportGan(t);
    return { result: state, transfer: weightsTransfer(state) };
  }
  await importGan(t, q.state);
  return { result: { ok: true, step: t.steps } };
}
