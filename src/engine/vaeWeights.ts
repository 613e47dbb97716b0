import * as tf from '@tensorflow/tfjs';
import type { ClassicVae } from '../core/vae/classicVae';
import type { Rng } from '../core/rng';
import type { EpochOrder } from '../data/batches';
import type { QueryAnswer } from './experiment';
import { answerWeightsQuery, type NamedArray, type WeightsQuery, type WeightsState } from './weightsProtocol';

/** What saving and restoring needs from a running VAE experiment (VaeExperiment.weightsTarget()). */
export interface VaeWeightsTarget {
  model: ClassicVae;
  optimizer: tf.Optimizer;
  rng: Rng;
  order: EpochOrder;
  steps: number;
  setSteps(n: number): void;
  /** Training examples seen (warm-up schedules read it), where the experiment counts them. */
  examples?: number;
  setExamples?(n: number): void;
}

/**
 * tfjs's Adam keeps beta1^t and beta2^t as running products, and its setWeights recomputes them with
 * pow(), which can differ in the last bit; put back the product a run that never stopped would have, so
 * continuing a reloaded run is bit-identical to not having stopped (float32 products, as the backend's).
 */
export function restoreAdamPowers(opt: tf.Optimizer, iterations: number): void {
  const o = opt as unknown as {
    accBeta1?: tf.Variable;
    accBeta2?: tf.Variable;
    beta1: number;
    beta2: number;
  };
  if (!o.accBeta1 || !o.accBeta2) return;
  let p1 = Math.fround(o.beta1);
  let p2 = Math.fround(o.beta2);
  for (let i = 0; i < iterations; i++) {
    p1 = Math.fround(p1 * Math.fround(o.beta1));
    p2 = Math.fround(p2 * Math.fround(o.beta2));
  }
  tf.tidy(() => {
    o.accBeta1!.assign(tf.scalar(p1));
    o.accBeta2!.assign(tf.scalar(p2));
  });
}

/** A copy of a tensor's values (never the backend's own buffer: answers are transferred). */
export async function readArray(name: string, t: tf.Tensor): Promise<NamedArray> {
  return { name, shape: [...t.shape], data: new Float32Array(await t.data()) };
}

export async function exportVae(t: VaeWeightsTarget): Promise<WeightsState> {
  const vars = t.model.variables();
  const params = await Promise.all(vars.map((v) => readArray(v.name, v)));
  const [iter, ...slots] = await t.optimizer.getWeights();
  const iterations = iter ? (await iter.tensor.data())[0]! : 0;
  if (iter && iter.name === 'iter') iter.tensor.dispose();
  const order = t.order.getState();
  return {
    kind: 'vae',
    step: t.steps,
    params,
    optimizers: [
      {
        role: 'vae',
        name: 'adam',
        iterations,
        slots: await Promise.all(slots.map((s) => readArray(s.name, s.tensor))),
      },
    ],
    position: {
      rng: t.rng.state,
      cursor: order.cursor,
      epoch: order.epoch,
      ...(t.examples !== undefined ? { examples: t.examples } : {}),
    },
    arrays: { order: order.order },
  };
}

function checkShapes(what: string, got: readonly NamedArray[], want: readonly tf.Tensor[]): void {
  if (got.length !== want.length) throw new Error(`${what}: ${got.length} tensors, expected ${want.length}`);
  got.forEach((g, i) => {
    const w = want[i]!.shape;
    if (g.shape.length !== w.length || g.shape.some((d, k) => d !== w[k]) || g.data.length !== want[i]!.size)
      throw new Error(`${what} ${i} (${g.name}): shape [${g.shape}] but the model has [${w}]`);
  });
}

/** Put a saved state into a freshly built VAE of the same config. Throws (nothing changed) on a mismatch. */
export async function importVae(t: VaeWeightsTarget, s: WeightsState): Promise<void> {
  if (s.kind !== 'vae') throw new Error(`cannot load a ${s.kind} run into a VAE`);
  if (t.steps !== 0) throw new Error('a saved run loads into a new run only (press Reset first)');
  const vars = t.model.variables();
  checkShapes('parameter', s.params, vars);
  const opt = s.optimizers.find((o) => o.role === 'vae');
  if (opt && opt.slots.length !== 0 && opt.slots.length !== 2 * vars.length)
    throw new Error(`optimizer state: ${opt.slots.length} slots, expected ${2 * vars.length}`);
  if (opt?.slots.length) checkShapes('optimizer slot', opt.slots, [...vars, ...vars]);
  const order = s.arrays.order;
  if (!order) throw new Error('the saved run has no epoch order');
  // Everything checked: now change the model.
  t.order.setState({ order, cursor: s.position.cursor ?? 0, epoch: s.position.epoch ?? 0 });
  vars.forEach((v, i) => {
    const value = tf.tensor(s.params[i]!.data, v.shape);
    v.assign(value);
    value.dispose(); // the variable keeps the data
  });
  if (opt?.slots.length) {
    const named = [
      { name: 'iter', tensor: tf.scalar(opt.iterations, 'int32') },
      // Slot names follow this model's variables (the optimizer keys its moments by them).
      ...opt.slots.map((a, i) => ({
        name: `${vars[i % vars.length]!.name}/${i < vars.length ? 'm' : 'v'}`,
        tensor: tf.tensor(a.data, a.shape),
      })),
    ];
    await t.optimizer.setWeights(named);
    restoreAdamPowers(t.optimizer, opt.iterations);
    // Both Adams keep the data (assigned, or wrapped in a variable that shares it): the handles can go.
    tf.dispose(named.map((n) => n.tensor));
  }
  t.rng.state = s.position.rng ?? t.rng.state;
  t.setSteps(s.step);
  if (typeof s.position.examples === 'number') t.setExamples?.(s.position.examples);
}

export function answerVaeWeightsQuery(t: VaeWeightsTarget, q: WeightsQuery): Promise<QueryAnswer> {
  return answerWeightsQuery(t, q, exportVae, importVae);
}
