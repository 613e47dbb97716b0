import * as tf from '@tensorflow/tfjs';
import { oneHotLabels, type Vae } from '../core/vae/vae';
import { elboTerms } from '../core/vae/objective';
import { logWeightSums } from '../core/vae/logPx';
import { classMeans } from '../core/latent/classMeans';
import { unitToBytes } from '../core/latent/bytes';
import { decoderWeightBuffers, decoderWeightsOf } from './vaeDecoderWeights';
import { gatherBatch } from '../data/batches';
import type { MnistSplit } from '../data/mnist';
import type { EngineQuery, QueryAnswer } from './experiment';
import type {
  ClassMeansAnswer,
  DecodeAnswer,
  DecoderWeightsAnswer,
  ElboAnswer,
  EncodeAnswer,
  LogPxChunkAnswer,
  TestEncodingsAnswer,
  TestImagesAnswer,
  VaeQuery,
} from './latentProtocol';

/** What a query needs from the running VAE experiment. */
export interface VaeQueryTarget {
  model: Vae;
  test: MnistSplit;
  /** Training steps so far (stamped on answers). */
  step: () => number;
  seed: number;
  /**
   * Called between the chunks of a long pass with the time the last chunk took: resolves when the pass
   * may go on (a macrotask later at least, so training steps and other messages run in between).
   */
  pace?: (busyMs: number) => Promise<void>;
}

const PIXELS = 784;
const MAX_BATCH = 4096;
const MAX_SAMPLES = 64;
/** Test-set passes go in small chunks so training steps (and other queries) run in between. */
const ENCODE_CHUNK = 500;
const ELBO_CHUNK = 250;

/** Training counts as running if a step was taken this recently. */
const TRAINING_RECENT_MS = 1000;
/** Training time given after each chunk of a long query, as a multiple of the chunk's own time. */
const QUERY_YIELD_RATIO = 3;

/**
 * How long a long query (the 10,000 test encodings) waits after a chunk that took `busyMs`, when the
 * last training step was `sinceStepMs` ago. While training runs, three times the chunk's time: the pass
 * then takes at most a quarter of the engine instead of stalling training until it is done (issue 15).
 * Idle, no wait (a macrotask still lets other messages in).
 */
export function queryPauseMs(busyMs: number, sinceStepMs: number): number {
  return sinceStepMs < TRAINING_RECENT_MS ? QUERY_YIELD_RATIO * Math.max(0, busyMs) : 0;
}

/** Answer one latent-explorer query. Throws (-> queryError) on malformed input; disposes every tensor. */
export async function answerVaeQuery(t: VaeQueryTarget, raw: EngineQuery): Promise<QueryAnswer> {
  const q = raw as VaeQuery;
  switch (q.type) {
    case 'decode': {
      const a = await decode(t, q.z, q.n, q.label);
      return { result: a, transfer: [a.pixels.buffer] };
    }
    case 'encode': {
      const a = await encode(t, q.images, q.n, q.label);
      return { result: a, transfer: [a.mu.buffer, a.logVar.buffer] };
    }
    case 'elbo': {
      const a = await elboOf(t, q.images, q.n, q.samples, q.labels ?? q.label);
      return { result: a, transfer: [a.elbo.buffer, a.recon.buffer, a.kl.buffer] };
    }
    case 'logPxChunk': {
      const a = await logPxChunk(t, q.indices, q.samples, q.seed);
      return { result: a, transfer: [a.logSum.buffer] };
    }
    case 'testEncodings': {
      const a = await testEncodings(t, q.withLogVar ?? false, q.withElbo ?? false, q.samples);
      const transfer: Transferable[] = [a.mu.buffer, a.labels.buffer];
      if (a.logVar) transfer.push(a.logVar.buffer);
      if (a.elbo) transfer.push(a.elbo.buffer);
      return { result: a, transfer };
    }
    case 'classMeans': {
      const a = await testClassMeans(t);
      return { result: a, transfer: [a.means.buffer, a.counts.buffer] };
    }
    case 'decoderWeights': {
      const a = await decoderWeights(t);
      return { result: a, transfer: decoderWeightBuffers(a) };
    }
    case 'testImages': {
      const a = testImages(t, q.indices);
      return { result: a, transfer: [a.pixels.buffer, a.labels.buffer, a.indices.buffer] };
    }
    default:
      throw new Error(`unknown VAE query "${(raw as EngineQuery).type}"`);
  }
}

function checkBatch(
  name: string,
  values: unknown,
  n: unknown,
  width: number,
): asserts values is Float32Array {
  if (!(values instanceof Float32Array)) throw new Error(`${name} must be a Float32Array`);
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > MAX_BATCH) {
    throw new Error(`${name}: n must be an integer in 1..${MAX_BATCH}, got ${String(n)}`);
  }
  if (values.length !== (n as number) * width) {
    throw new Error(`${name} holds ${values.length} values, expected ${String(n)} x ${width}`);
  }
}

function checkSamples(samples: unknown): number {
  const k = samples ?? 1;
  if (!Number.isInteger(k) || (k as number) < 1 || (k as number) > MAX_SAMPLES) {
    throw new Error(`samples must be an integer in 1..${MAX_SAMPLES}, got ${String(samples)}`);
  }
  return k as number;
}

/**
 * Read tensors back, dispose them, and return fresh copies. Copies because some backends (cpu) hand
 * out their own storage from data(), and transferring that would detach a live buffer.
 */
async function readAndDispose(...ts: tf.Tensor[]): Promise<Float32Array[]> {
  try {
    const vals = await Promise.all(ts.map((x) => x.data() as Promise<Float32Array>));
    return vals.map((v) => v.slice());
  } finally {
    for (const x of ts) x.dispose();
  }
}

/**
 * A conditional VAE's one-hot label for n rows: the query's class (0-9), or none (the model then uses
 * 0, 1, ..., 9 in turn). Null for an unconditional model.
 */
function labelsFor(t: VaeQueryTarget, n: number, label: unknown): tf.Tensor2D | null {
  if (!t.model.conditional || label === undefined || label === null) return null;
  const list =
    Array.isArray(label) || ArrayBuffer.isView(label) ? Array.from(label as ArrayLike<number>) : null;
  if (list && list.length !== n) throw new Error(`labels: expected ${n}, got ${list.length}`);
  const all = list ?? new Array<number>(n).fill(label as number);
  for (const v of all)
    if (!Number.isInteger(v) || v < 0 || v > 9)
      throw new Error(`label must be a digit 0-9, got ${String(v)}`);
  return oneHotLabels(all);
}

async function decode(t: VaeQueryTarget, z: Float32Array, n: number, label?: unknown): Promise<DecodeAnswer> {
  const d = t.model.arch.latentDim;
  checkBatch('decode: z', z, n, d);
  const step = t.step();
  const out = tf.tidy(() => t.model.decodeMean(tf.tensor2d(z, [n, d]), labelsFor(t, n, label)));
  const [v] = await readAndDispose(out);
  return { step, n, width: 28, height: 28, pixels: unitToBytes(v!) };
}

async function encode(
  t: VaeQueryTarget,
  images: Float32Array,
  n: number,
  label?: unknown,
): Promise<EncodeAnswer> {
  checkBatch('encode: images', images, n, PIXELS);
  const step = t.step();
  const { mu, logVar } = tf.tidy(() =>
    t.model.encode(tf.tensor2d(images, [n, PIXELS]), labelsFor(t, n, label)),
  );
  const [m, lv] = await readAndDispose(mu, logVar);
  return { step, n, dim: t.model.arch.latentDim, mu: m!, logVar: lv! };
}

/** ELBO terms of x (n x 784 on the device), averaged over k draws of eps with fixed seeds. */
function elboTensors(
  t: VaeQueryTarget,
  x: tf.Tensor2D,
  c: tf.Tensor2D | null,
  k: number,
  seed: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const n = x.shape[0];
    const d = t.model.arch.latentDim;
    let sum: tf.Tensor2D | null = null;
    for (let s = 0; s < k; s++) {
      const eps = tf.randomNormal([n, d], 0, 1, 'float32', seed + s) as tf.Tensor2D;
      const e = elboTerms(t.model, x, c, eps);
      const rows = tf.stack([e.elbo, e.recon, e.kl]) as tf.Tensor2D; // [3, n]
      sum = sum ? tf.add(sum, rows) : rows;
    }
    return tf.div(sum!, k);
  });
}

async function elboOf(
  t: VaeQueryTarget,
  images: Float32Array,
  n: number,
  samples: unknown,
  label?: unknown,
): Promise<ElboAnswer> {
  checkBatch('elbo: images', images, n, PIXELS);
  const k = checkSamples(samples);
  const step = t.step();
  const terms = tf.tidy(() =>
    elboTensors(t, tf.tensor2d(images, [n, PIXELS]), labelsFor(t, n, label), k, elboSeed(t, 0)),
  );
  const [v] = await readAndDispose(terms);
  return { step, n, samples: k, elbo: v!.slice(0, n), recon: v!.slice(n, 2 * n), kl: v!.slice(2 * n) };
}

/** A fixed eps seed per chunk: asking twice about the same weights gives the same estimates. */
function elboSeed(t: VaeQueryTarget, from: number): number {
  return ((t.seed * 7919 + 17) % 2 ** 30) + from;
}

function rangeIdx(from: number, to: number): Uint32Array {
  const a = new Uint32Array(to - from);
  for (let i = 0; i < a.length; i++) a[i] = from + i;
  return a;
}

interface EncodingCache {
  step: number;
  mu: Float32Array;
}
const cache = new WeakMap<Vae, EncodingCache>();

async function testEncodings(
  t: VaeQueryTarget,
  withLogVar: boolean,
  withElbo: boolean,
  samples: unknown,
): Promise<TestEncodingsAnswer> {
  const k = withElbo ? checkSamples(samples) : 1;
  const t0 = performance.now();
  const step = t.step();
  const n = t.test.count;
  const d = t.model.arch.latentDim;
  const mu = new Float32Array(n * d);
  const logVar = withLogVar ? new Float32Array(n * d) : undefined;
  const elbo = withElbo ? new Float32Array(n) : undefined;
  const chunk = withElbo ? ELBO_CHUNK : ENCODE_CHUNK;
  for (let from = 0; from < n; from += chunk) {
    const to = Math.min(n, from + chunk);
    const m = to - from;
    const c0 = performance.now();
    const outs = tf.tidy(() => {
      const x = tf.tensor2d(gatherBatch(t.test, rangeIdx(from, to), 0, m), [m, PIXELS]);
      // A conditional VAE encodes each test digit with its own label.
      const c = t.model.conditional ? oneHotLabels(t.test.labels.subarray(from, to)) : null;
      const q = t.model.encode(x, c);
      const list: tf.Tensor[] = [q.mu];
      if (withLogVar) list.push(q.logVar);
      if (withElbo) list.push(elboTensors(t, x, c, k, elboSeed(t, from)).slice([0, 0], [1, m]));
      return list;
    });
    const vals = await readAndDispose(...outs);
    mu.set(vals[0]!, from * d);
    if (logVar) logVar.set(vals[1]!, from * d);
    if (elbo) elbo.set(vals[vals.length - 1]!, from);
    if (to < n) await t.pace?.(performance.now() - c0);
  }
  const stepEnd = t.step();
  if (step === stepEnd) cache.set(t.model, { step, mu: mu.slice() });
  const labels = t.test.labels.slice(0, n);
  const a: TestEncodingsAnswer = { step, stepEnd, n, dim: d, mu, labels, ms: performance.now() - t0 };
  if (logVar) a.logVar = logVar;
  if (elbo) {
    a.elbo = elbo;
    a.samples = k;
  }
  return a;
}

async function testClassMeans(t: VaeQueryTarget): Promise<ClassMeansAnswer> {
  const d = t.model.arch.latentDim;
  const hit = cache.get(t.model);
  let step: number;
  let mu: Float32Array;
  if (hit && hit.step === t.step()) {
    step = hit.step;
    mu = hit.mu;
  } else {
    const a = await testEncodings(t, false, false, 1);
    step = a.stepEnd;
    mu = a.mu;
  }
  const m = classMeans(mu, t.test.labels.subarray(0, t.test.count), d, 10);
  return { step, numClasses: m.numClasses, dim: d, means: m.means, counts: m.counts };
}

async function decoderWeights(t: VaeQueryTarget): Promise<DecoderWeightsAnswer> {
  const step = t.step();
  return { step, latentDim: t.model.arch.latentDim, ...(await decoderWeightsOf(t.model)) };
}

/** Largest decoder batch of one log p(x) chunk query (examples x samples). */
const MAX_LOGPX_ROWS = 8192;

/**
 * One chunk of an importance-sampled log p(x) (core/vae/logPx.ts): for test digits `indices`,
 * log sum_s w_s over `samples` fresh samples each, drawn with `seed`. The page combines chunks (so it
 * can show progress and stop at any chunk).
 */
async function logPxChunk(
  t: VaeQueryTarget,
  indices: unknown,
  samples: unknown,
  seed: unknown,
): Promise<LogPxChunkAnswer> {
  const idx = checkIndices(t, indices, 'logPxChunk');
  const k = samples as number;
  if (!Number.isInteger(k) || k < 1 || k * idx.length > MAX_LOGPX_ROWS)
    throw new Error(`logPxChunk: samples must be an integer >= 1 with samples x digits <= ${MAX_LOGPX_ROWS}`);
  if (!Number.isInteger(seed)) throw new Error('logPxChunk: seed must be an integer');
  const step = t.step();
  const out = tf.tidy(() => {
    const x = tf.tensor2d(gatherBatch(t.test, idx, 0, idx.length), [idx.length, PIXELS]);
    const c = t.model.conditional ? oneHotLabels(Array.from(idx, (i) => t.test.labels[i]!)) : null;
    return logWeightSums(t.model, x, c, k, seed as number);
  });
  const [v] = await readAndDispose(out);
  return { step, n: idx.length, samples: k, logSum: v! };
}

function checkIndices(t: VaeQueryTarget, indices: unknown, what: string): Uint32Array {
  if (!Array.isArray(indices) && !ArrayBuffer.isView(indices))
    throw new Error(`${what}: indices must be a list`);
  const list = indices as ArrayLike<number>;
  if (list.length < 1 || list.length > MAX_BATCH) throw new Error(`${what}: 1 to ${MAX_BATCH} indices`);
  const n = t.test.count;
  for (let r = 0; r < list.length; r++) {
    const v = list[r]!;
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new Error(`${what}: index ${v} is not in 0..${n - 1}`);
  }
  return Uint32Array.from(list);
}

function testImages(t: VaeQueryTarget, indices: unknown): TestImagesAnswer {
  if (!Array.isArray(indices) && !ArrayBuffer.isView(indices))
    throw new Error('testImages: indices must be a list');
  const idx = Uint32Array.from(indices as ArrayLike<number>);
  if (idx.length > MAX_BATCH) throw new Error(`testImages: at most ${MAX_BATCH} indices`);
  const n = t.test.count;
  const pixels = new Uint8ClampedArray(idx.length * PIXELS);
  const labels = new Uint8Array(idx.length);
  idx.forEach((i, r) => {
    const v = (indices as ArrayLike<number>)[r]!;
    if (!Number.isInteger(v) || v < 0 || v >= n)
      throw new Error(`testImages: index ${v} is not in 0..${n - 1}`);
    pixels.set(t.test.images.subarray(i * PIXELS, (i + 1) * PIXELS), r * PIXELS);
    labels[r] = t.test.labels[i]!;
  });
  return { indices: idx, labels, pixels };
}
