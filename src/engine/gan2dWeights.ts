import * as tf from '@tensorflow/tfjs';
import type { FlatOptimizer } from '../core/gan/optim';
import type { GanPair } from '../core/gan/trainer';
import type { Rng } from '../core/rng';
import type { ModeRecord } from './gan2dExperiment';
import type { QueryAnswer } from './experiment';
import { readArray } from './vaeWeights';
import {
  answerWeightsQuery,
  type NamedArray,
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
  /** Discriminator updates so far (the Step D counter). */
  dUpdates: number;
  /** The captured-mode records taken every 100 G steps (modes visited over the run). */
  modeRecords: readonly ModeRecord[];
  /** Put back the D-update count and the mode records of a saved run. */
  setHistory(dUpdates: number, records: ModeRecord[]): void;
  /** Optimizer names of the run's config, to check a state against. */
  optimizerNames: Record<'G' | 'D', string>;
}

type Role = 'G' | 'D';

/**
 * Each network is one flat parameter vector with one optimiser (the unrolled look-ahead starts from D's
 * own state, so it has none of its own). Slots: the optimiser's moments m and v where it keeps them.
 */
function parts(p: GanPair): Record<Role, { flat: tf.Variable; opt: FlatOptimizer }> {
  return { G: { flat: p.G.flat, opt: p.optG }, D: { flat: p.D.flat, opt: p.optD } };
}

export async function exportGan(t: GanWeightsTarget): Promise<WeightsState> {
  const params: NamedArray[] = [];
  const opts: OptimizerState[] = [];
  for (const [role, { flat, opt }] of Object.entries(parts(t.pair)) as [
    Role,
    ReturnType<typeof parts>[Role],
  ][]) {
    params.push(await readArray(`${role}/flat`, flat));
    const s = opt.state;
    const slots: NamedArray[] = [];
    if (s.m) slots.push(await readArray(`${role}/m`, s.m));
    if (s.v) slots.push(await readArray(`${role}/v`, s.v));
    opts.push({ role, name: t.optimizerNames[role], iterations: s.t, slots });
  }
  const position: Record<string, number> = {};
  for (const [k, r] of Object.entries(t.rngs)) position[`rng.${k}`] = r.state;
  position.dUpdates = t.dUpdates;
  const arrays = { modeRecords: encodeModeRecords(t.modeRecords) };
  return { kind: 'gan2d', step: t.steps, params, optimizers: opts, position, arrays };
}

/** Mode records as one array: per record its step, dominant mode + 1 (0 = none), count, the modes. */
export function encodeModeRecords(records: readonly ModeRecord[]): Uint32Array {
  const out: number[] = [];
  for (const r of records)
    out.push(r.step, r.dominant === null ? 0 : r.dominant + 1, r.captured.length, ...r.captured);
  return Uint32Array.from(out);
}

/** The inverse of encodeModeRecords; throws on an array that is not a list of records. */
export function decodeModeRecords(a: Uint32Array): ModeRecord[] {
  const out: ModeRecord[] = [];
  for (let i = 0; i < a.length;) {
    if (i + 3 > a.length || i + 3 + a[i + 2]! > a.length)
      throw new Error(`modeRecords: record at index ${i} runs past the end of the array`);
    const n = a[i + 2]!;
    out.push({
      step: a[i]!,
      dominant: a[i + 1] === 0 ? null : a[i + 1]! - 1,
      captured: Array.from(a.subarray(i + 3, i + 3 + n)),
    });
    i += 3 + n;
  }
  return out;
}

/** Put a saved state into a freshly built GAN of the same config. Throws (nothing changed) on a mismatch. */
export async function importGan(t: GanWeightsTarget, s: WeightsState): Promise<void> {
  if (s.kind !== 'gan2d') throw new Error(`cannot load a ${s.kind} run into the 2-D GAN`);
  if (t.steps !== 0) throw new Error('a saved run loads into a new run only (press Reset first)');
  const nets = parts(t.pair);
  const roles: Role[] = ['G', 'D'];
  if (s.params.length !== roles.length)
    throw new Error(`parameters: ${s.params.length} tensors, expected ${roles.length} (G and D)`);
  roles.forEach((role, i) => {
    if (s.params[i]!.data.length !== nets[role].flat.size)
      throw new Error(`parameter ${s.params[i]!.name}: wrong size`);
  });
  const slot = (o: OptimizerState, k: 'm' | 'v', n: number) => {
    const a = o.slots.find((x) => x.name === `${o.role}/${k}`);
    if (a && a.data.length !== n) throw new Error(`optimizer state ${a.name}: wrong size`);
    return a ? a.data : null;
  };
  const restored: { role: Role; m: Float32Array | null; v: Float32Array | null; t: number }[] = [];
  for (const o of s.optimizers) {
    if (o.role !== 'G' && o.role !== 'D')
      throw new Error(`optimizer state for an unknown network "${o.role}"`);
    if (o.name !== t.optimizerNames[o.role])
      throw new Error(`optimizer state of ${o.role} is ${o.name}, the run uses ${t.optimizerNames[o.role]}`);
    const n = nets[o.role].flat.size;
    restored.push({ role: o.role, m: slot(o, 'm', n), v: slot(o, 'v', n), t: o.iterations });
  }
  // Runs saved before these were kept have neither: the D counter then starts from 0, the records empty.
  const dUpdates = s.position.dUpdates ?? 0;
  if (!Number.isInteger(dUpdates) || dUpdates < 0)
    throw new Error(`position dUpdates: expected a whole number >= 0, got ${dUpdates}`);
  const records = s.arrays.modeRecords ? decodeModeRecords(s.arrays.modeRecords) : [];
  roles.forEach((role, i) => {
    const value = tf.tensor(s.params[i]!.data, nets[role].flat.shape);
    nets[role].flat.assign(value);
    value.dispose();
  });
  for (const r of restored) nets[r.role].opt.restore(r.m, r.v, r.t);
  for (const [k, r] of Object.entries(t.rngs)) {
    const v = s.position[`rng.${k}`];
    if (typeof v === 'number') r.state = v;
  }
  t.setSteps(s.step);
  t.setHistory(dUpdates, records);
}

export function answerGanWeightsQuery(t: GanWeightsTarget, q: WeightsQuery): Promise<QueryAnswer> {
  return answerWeightsQuery(t, q, exportGan, importGan);
}
