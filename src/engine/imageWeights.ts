import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/rng';
import type { EpochOrder } from '../data/batches';
import type { QueryAnswer } from './experiment';
import { readArray, restoreAdamPowers } from './vaeWeights';
import {
  answerWeightsQuery,
  type NamedArray,
  type OptimizerState,
  type WeightsQuery,
  type WeightsState,
} from './weightsProtocol';

/**
 * Saving and restoring a running image GAN or adversarial autoencoder (issue 13 for the image lab):
 * every value that defines the networks (trainable parameters, and a generator's batch-norm running
 * statistics and weight average), each tfjs optimizer's iteration count and slots (Adam's moments,
 * RMSProp's mean squares), and the place in training (generator state, epoch order, counters). The
 * runner's checkpoints and the page's roll-back use it through the `exportWeights` / `importWeights`
 * queries, as for the VAE and the 2-D GAN.
 */
export interface TfOptimizerPart {
  /** 'G', 'D', 'unroll' (the image GAN); 'ae', 'g', 'd' (the AAE). */
  role: string;
  /** The optimizer's name in the run's config (adam, sgd, rmsprop). */
  name: string;
  opt: tf.Optimizer;
  /** The variables it updates, in the order their gradients reach it (its slots follow this order). */
  vars: tf.Variable[];
}

export interface ImageWeightsTarget {
  kind: 'imageGan' | 'aae';
  /** Every value that defines the model, in a stable order. */
  values: tf.Variable[];
  optimizers: TfOptimizerPart[];
  rng: Rng;
  order: EpochOrder;
  steps: number;
  setSteps(n: number): void;
  /** Whole-number counters beside the step count (the weight average's update count). */
  counters: Record<string, number>;
  setCounters(c: Record<string, number>): void;
}

const KIND_NAMES = { imageGan: 'image GAN', aae: 'adversarial autoencoder' } as const;

async function exportOptimizer(p: TfOptimizerPart): Promise<OptimizerState> {
  const [iter, ...slots] = await p.opt.getWeights();
  const iterations = iter ? (await iter.tensor.data())[0]! : 0;
  // getWeights makes a new scalar for the iteration count; the slots are the optimizer's own variables.
  if (iter && iter.name === 'iter') iter.tensor.dispose();
  return {
    role: p.role,
    name: p.name,
    iterations,
    slots: await Promise.all(slots.map((s) => readArray(s.name, s.tensor))),
  };
}

export async function exportImageWeights(t: ImageWeightsTarget): Promise<WeightsState> {
  const params = await Promise.all(t.values.map((v) => readArray(v.name, v)));
  const optimizers = [];
  for (const p of t.optimizers) optimizers.push(await exportOptimizer(p));
  const order = t.order.getState();
  return {
    kind: t.kind,
    step: t.steps,
    params,
    optimizers,
    position: { rng: t.rng.state, cursor: order.cursor, epoch: order.epoch, ...t.counters },
    arrays: { order: order.order },
  };
}

function sameShape(a: NamedArray, want: tf.Tensor): boolean {
  const w = want.shape;
  return a.shape.length === w.length && a.shape.every((d, k) => d === w[k]) && a.data.length === want.size;
}

/** Throws, naming the part, where an optimizer's saved state does not fit this run's optimizer. */
function checkOptimizer(s: OptimizerState, p: TfOptimizerPart): void {
  if (s.name !== p.name) throw new Error(`optimizer state of ${p.role} is ${s.name}, the run uses ${p.name}`);
  if (!Number.isInteger(s.iterations) || s.iterations < 0)
    throw new Error(`optimizer state of ${p.role}: iteration count ${s.iterations}`);
  const n = p.vars.length;
  if (s.slots.length % n !== 0)
    throw new Error(`optimizer state of ${p.role}: ${s.slots.length} slots for ${n} variables`);
  s.slots.forEach((a, i) => {
    if (!sameShape(a, p.vars[i % n]!))
      throw new Error(
        `optimizer slot ${a.name}: shape [${a.shape}] but the model has [${p.vars[i % n]!.shape}]`,
      );
  });
}

async function importOptimizer(s: OptimizerState, p: TfOptimizerPart): Promise<void> {
  const n = p.vars.length;
  const named = [
    { name: 'iter', tensor: tf.scalar(s.iterations, 'int32') as tf.Tensor },
    // Slot names follow this model's variables ("<variable>/m"): tfjs names its slots by them.
    ...s.slots.map((a, i) => ({
      name: `${p.vars[i % n]!.name}/${a.name.slice(a.name.lastIndexOf('/') + 1)}`,
      tensor: tf.tensor(a.data, a.shape),
    })),
  ];
  await p.opt.setWeights(named);
  restoreAdamPowers(p.opt, s.iterations);
  // The optimizer keeps the data (its new slot variables share it): the handles can go.
  tf.dispose(named.map((x) => x.tensor));
}

/** Put a saved state into a freshly built model of the same config. Throws (nothing changed) on a mismatch. */
export async function importImageWeights(t: ImageWeightsTarget, s: WeightsState): Promise<void> {
  if (s.kind !== t.kind) throw new Error(`cannot load a ${s.kind} run into the ${KIND_NAMES[t.kind]}`);
  if (t.steps !== 0) throw new Error('a saved run loads into a new run only (press Reset first)');
  if (s.params.length !== t.values.length)
    throw new Error(`parameters: ${s.params.length} tensors, expected ${t.values.length}`);
  s.params.forEach((a, i) => {
    if (!sameShape(a, t.values[i]!))
      throw new Error(
        `parameter ${i} (${a.name}): shape [${a.shape}] but the model has [${t.values[i]!.shape}]`,
      );
  });
  const pairs = t.optimizers.map((p) => {
    const o = s.optimizers.find((x) => x.role === p.role);
    if (o) checkOptimizer(o, p);
    return { p, o };
  });
  for (const o of s.optimizers)
    if (!t.optimizers.some((p) => p.role === o.role))
      throw new Error(`optimizer state for an unknown network "${o.role}"`);
  const order = s.arrays.order;
  if (!order) throw new Error('the saved run has no epoch order');
  const counters: Record<string, number> = {};
  for (const k of Object.keys(t.counters)) {
    const v = s.position[k] ?? 0;
    if (!Number.isInteger(v) || v < 0)
      throw new Error(`position ${k}: expected a whole number >= 0, got ${v}`);
    counters[k] = v;
  }
  // Everything checked: now change the model.
  t.order.setState({ order, cursor: s.position.cursor ?? 0, epoch: s.position.epoch ?? 0 });
  t.values.forEach((v, i) => {
    const value = tf.tensor(s.params[i]!.data, v.shape);
    v.assign(value);
    value.dispose();
  });
  for (const { p, o } of pairs) if (o) await importOptimizer(o, p);
  if (typeof s.position.rng === 'number') t.rng.state = s.position.rng;
  t.setCounters(counters);
  t.setSteps(s.step);
}

export function answerImageWeightsQuery(t: ImageWeightsTarget, q: WeightsQuery): Promise<QueryAnswer> {
  return answerWeightsQuery(t, q, exportImageWeights, importImageWeights);
}
