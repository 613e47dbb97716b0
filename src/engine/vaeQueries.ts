import * as tf from '@tensorflow/tfjs';
import type { ClassicVae } from '../core/vae/classicVae';
import { classMeans } from '../core/latent/classMeans';
import { unitToBytes } from '../core/latent/bytes';
import type { DenseLayerData } from '../core/latent/jsDecoder';
import { gatherBatch } from '../data/batches';
import type { MnistSplit } from '../data/mnist';
import type { EngineQuery, QueryAnswer } from './experiment';
import type {
  ClassMeansAnswer,
  DecodeAnswer,
  DecoderWeightsAnswer,
  ElboAnswer,
  EncodeAnswer,
  TestEncodingsAnswer,
  TestImagesAnswer,
  VaeQuery,
} from './latentProtocol';

/** What a query needs from the running VAE experiment. */
export interface VaeQueryTarget {
  model: ClassicVae;
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
      const a = await decode(t, q.z, q.n);
      return { result: a, transfer: [a.pixels.buffer] };
    }
    case 'encode': {
      const a = await encode(t, q.images, q.n);
      return { result: a, transfer: [a.mu.buffer, a.logVar.buffer] };
    }
    case 'elbo': {
      const a = await elboOf(t, q.images, q.n, q.samples);
      return { result: a, transfer: [a.elbo.buffer, a.recon.buffer, a.kl.buffer] };
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
      return { result: a, transfer: a.layers.flatMap((l) => [l.W.buffer, l.b.buffer]) };
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

async function decode(t: VaeQueryTarget, z: Float32Array, n: number): Promise<DecodeAnswer> {
  const d = t.model.arch.latentDim;
  checkBatch('decode: z', z, n, d);
  const step = t.step();
  const out = tf.tidy(() => t.model.decodeMean(tf.tensor2d(z, [n, d])));
  const [v] = await readAndDispose(out);
  return { step, n, width: 28, height: 28, pixels: unitToBytes(v!) };
}

async function encode(t: VaeQueryTarget, images: Float32Array, n: number): Promise<EncodeAnswer> {
  checkBatch('encode: images', images, n, PIXELS);
  const step = t.step();
  const { mu, logVar } = tf.tidy(() => t.model.encode(tf.tensor2d(images, [n, PIXELS])));
  const [m, lv] = await readAndDispose(mu, logVar);
  return { step, n, dim: t.model.arch.latentDim, mu: m!, logVar: lv! };
}

/** ELBO terms of x (n x 784 on the device), averaged over k draws of eps with fixed seeds. */
function elboTensors(t: VaeQueryTarget, x: tf.Tensor2D, k: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const n = x.shape[0];
    const d = t.model.arch.latentDim;
    let sum: tf.Tensor2D | null = null;
    for (let s = 0; s < k; s++) {
      const eps = tf.randomNormal([n, d], 0, 1, 'float32', seed + s) as tf.Tensor2D;
      const e = t.model.elboTerms(x, eps, 1);
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
): Promise<ElboAnswer> {
  checkBatch('elbo: images', images, n, PIXELS);
  const k = checkSamples(samples);
  const step = t.step();
  const terms = tf.tidy(() => elboTensors(t, tf.tensor2d(images, [n, PIXELS]), k, elboSeed(t, 0)));
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
const cache = new WeakMap<ClassicVae, EncodingCache>();

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
      const q = t.model.encode(x);
      const list: tf.Tensor[] = [q.mu];
      if (withLogVar) list.push(q.logVar);
      if (withElbo) list.push(elboTensors(t, x, k, elboSeed(t, from)).slice([0, 0], [1, m]));
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
  const layers = [...t.model.dec, t.model.decOut];
  // Read variables directly (no dispose: they are the model's). Copies, never the backend's storage.
  const vals = await Promise.all(layers.flatMap((p) => [p.W.data(), p.b.data()]));
  const out: DenseLayerData[] = layers.map((p, i) => ({
    inDim: p.W.shape[0]!,
    outDim: p.W.shape[1]!,
    W: (vals[2 * i] as Float32Array).slice(),
    b: (vals[2 * i + 1] as Float32Array).slice(),
  }));
  return { step, latentDim: t.model.arch.latentDim, layers: out };
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
