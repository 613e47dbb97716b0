import * as tf from '@tensorflow/tfjs';
import { exactPosterior } from '../core/theory/exactPosterior';
import { estimatorSurrogate, ESTIMATORS, type Estimator } from '../core/theory/estimators';
import { refineQ } from '../core/theory/refine';
import { memorizerLogLik, mixtureLogLik, NOISE_LOG_LIK } from '../core/theory/likelihoodVsSamples';
import { iwaeBound } from '../core/vae/iwae';
import { estimateLogPx, meanWithError } from '../core/vae/logPx';
import { oneHotLabels, type Vae } from '../core/vae/vae';
import { unitToBytes } from '../core/latent/bytes';
import { gatherBatch } from '../data/batches';
import type { MnistSplit } from '../data/mnist';
import { Rng } from '../core/rng';
import type { EngineQuery, QueryAnswer } from './experiment';
import type {
  AmortizeAnswer,
  ExactAnswer,
  GradVarAnswer,
  GradVarPoint,
  InpaintAnswer,
  InpaintRegion,
  IwaePoint,
  LikelihoodAnswer,
  TheoryQuery,
} from './theoryProtocol';

/** What the theory queries need from the running VAE experiment. */
export interface TheoryTarget {
  model: Vae;
  train: MnistSplit;
  test: MnistSplit;
  step: () => number;
  seed: number;
  pace?: (busyMs: number) => Promise<void>;
}

const IWAE_KS: [number, number][] = [
  [1, 200],
  [5, 100],
  [50, 40],
  [500, 20],
];

function checkIndex(t: TheoryTarget, index: unknown): number {
  if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= t.test.count)
    throw new Error(`test digit index must be an integer in 0..${t.test.count - 1}, got ${String(index)}`);
  return index as number;
}

function check2d(model: Vae): void {
  if (model.arch.latentDim !== 2)
    throw new Error(
      `the inference-theory demos need a 2-D latent (this model has ${model.arch.latentDim}); load the vae-2d preset`,
    );
}

function checkBernoulli(model: Vae, what: string): void {
  if (model.likelihood.name !== 'bernoulli' && model.likelihood.name !== 'bernoulli-binarized')
    throw new Error(`${what} needs a Bernoulli likelihood (this model has ${model.likelihood.name})`);
}

/** One digit as a [1, 784] tensor and (for a conditional VAE) its one-hot label. */
function digit(t: TheoryTarget, index: number): { x: tf.Tensor2D; c: tf.Tensor2D | null } {
  const x = tf.tensor2d(gatherBatch(t.test, [index], 0, 1), [1, 784]);
  const c = t.model.conditional ? oneHotLabels([t.test.labels[index]!]) : null;
  return { x, c };
}

const tileRows = (a: tf.Tensor2D | null, rows: number) => (a ? (tf.tile(a, [rows, 1]) as tf.Tensor2D) : null);

/** log p(x, z) of one digit at each row of z (weights: per-pixel weights for an observed-only log p). */
function logJointOf(
  model: Vae,
  x: tf.Tensor2D,
  c: tf.Tensor2D | null,
  mask: tf.Tensor2D | null = null,
): (z: tf.Tensor2D) => tf.Tensor1D {
  return (z) => {
    const rows = z.shape[0];
    const xs = tf.tile(x, [rows, 1]) as tf.Tensor2D;
    const out = model.decodeOutput(z, tileRows(c, rows), xs);
    const lik = mask
      ? // Bernoulli per pixel from logits: x o - softplus(o), only where observed.
        tf.sum(tf.mul(mask, tf.sub(tf.mul(x, out), tf.softplus(out))), 1)
      : model.likelihood.logProb(xs, out);
    return tf.add(lik, model.prior.logDensity(z)) as tf.Tensor1D;
  };
}

async function readScalarPair(a: tf.Tensor): Promise<Float32Array> {
  const v = (await a.data()) as Float32Array;
  a.dispose();
  return v;
}

async function encodeOne(model: Vae, x: tf.Tensor2D, c: tf.Tensor2D | null) {
  const { mu, logVar } = model.encode(x, c);
  const m = await readScalarPair(mu);
  const l = await readScalarPair(logVar);
  return { mu: Array.from(m) as [number, number], logVar: Array.from(l) as [number, number] };
}

async function exact(t: TheoryTarget, index: number, n: number, fixedRepeats?: number): Promise<ExactAnswer> {
  check2d(t.model);
  const model = t.model;
  const { x, c } = digit(t, index);
  try {
    const q = await encodeOne(model, x, c);
    // The coarse and q grids are 100 x 100 (smaller only when a small fine grid is asked for).
    const r = await exactPosterior(logJointOf(model, x, c), q.mu, q.logVar, {
      n,
      coarseN: Math.min(100, n),
      qN: Math.min(100, n),
      pause: t.pace,
    });
    const iwae: IwaePoint[] = [];
    let seed = t.seed * 7 + 17;
    for (const [k, defaultRepeats] of IWAE_KS) {
      const repeats = fixedRepeats ?? defaultRepeats;
      const est = tf.tidy(() => {
        const xs = tf.tile(x, [repeats, 1]) as tf.Tensor2D;
        const cs = tileRows(c, repeats);
        const eps = tf.randomNormal([k * repeats, 2], 0, 1, 'float32', seed++) as tf.Tensor2D;
        return iwaeBound(model.logWeights(model.pass(xs, cs, eps)));
      });
      const v = await est.data();
      est.dispose();
      const s = meanWithError(Float64Array.from(v));
      iwae.push({ k, mean: s.mean, se: s.se, repeats });
      if (t.pace) await t.pace(0);
    }
    return {
      step: t.step(),
      index,
      label: t.test.labels[index]!,
      image: unitToBytes(x.dataSync()),
      mu: q.mu,
      logVar: q.logVar,
      logPx: r.logPx,
      elbo: r.elbo,
      kl: r.kl,
      fine: r.fine,
      logPost: r.logPost,
      massOutsideFine: r.massOutsideFine,
      edgeMass: r.edgeMass,
      logPxCoarse: r.logPxCoarse,
      qMass: r.qMass,
      evaluations: r.evaluations,
      iwae,
    };
  } finally {
    x.dispose();
    c?.dispose();
  }
}

/**
 * Encoder-gradient variance: on one fixed test minibatch and the current parameters, `draws` draws of
 * eps; for each, the gradient of the minibatch ELBO (KL in closed form) with respect to the encoder's
 * parameters by each estimator. Total variance = sum over parameters of the per-parameter variance.
 */
async function gradVar(t: TheoryTarget, batch: number, draws: number, seed: number): Promise<GradVarAnswer> {
  const model = t.model;
  if (!model.prior.closedFormKl)
    throw new Error('the gradient-variance demo needs a prior with a closed-form KL');
  if (!Number.isInteger(batch) || batch < 1 || batch > 256)
    throw new Error(`batch must be 1..256, got ${batch}`);
  if (!Number.isInteger(draws) || draws < 2 || draws > 2000)
    throw new Error(`draws must be 2..2000, got ${draws}`);
  const idx = Array.from({ length: Math.min(batch, t.test.count) }, (_, i) => i);
  const n = idx.length;
  const x = tf.tensor2d(gatherBatch(t.test, idx, 0, n), [n, 784]);
  const c = model.conditional ? oneHotLabels(t.test.labels.subarray(0, n)) : null;
  const vars = model.encoder.variables();
  const params = vars.reduce((a, v) => a + v.size, 0);
  const sums = ESTIMATORS.map(() => tf.keep(tf.zeros([params])));
  const sqs = ESTIMATORS.map(() => tf.keep(tf.zeros([params])));
  const curve: GradVarPoint[] = [];
  const totals = [0, 0, 0];
  const every = Math.max(1, Math.floor(draws / 40));
  try {
    for (let d = 1; d <= draws; d++) {
      const t0 = performance.now();
      const eps = tf.randomNormal([n, model.arch.latentDim], 0, 1, 'float32', seed + d) as tf.Tensor2D;
      ESTIMATORS.forEach((est: Estimator, e) => {
        const g = tf.tidy(() => {
          const { grads } = tf.variableGrads(() => {
            const { mu, logVar } = model.encode(x, c);
            const f = (z: tf.Tensor2D) => model.likelihood.logProb(x, model.decodeOutput(z, c, x));
            const s = estimatorSurrogate(f, mu, logVar, eps, est);
            const kl = tf.mean(tf.sum(model.prior.klPerDim(mu, logVar), 1));
            return tf.sub(s.surrogate, kl) as tf.Scalar;
          }, vars);
          return tf.concat(vars.map((v) => tf.reshape(grads[v.name]!, [-1])));
        });
        const ns = tf.add(sums[e]!, g);
        const nq = tf.tidy(() => tf.add(sqs[e]!, tf.square(g)));
        g.dispose();
        sums[e]!.dispose();
        sqs[e]!.dispose();
        sums[e] = tf.keep(ns);
        sqs[e] = tf.keep(nq);
      });
      eps.dispose();
      if (d >= 2 && (d % every === 0 || d === draws)) {
        const tv = tf.tidy(() =>
          tf.stack(
            ESTIMATORS.map((_, e) => {
              const mean = tf.div(sums[e]!, d);
              return tf.mul(tf.sum(tf.sub(tf.div(sqs[e]!, d), tf.square(mean))), d / (d - 1));
            }),
          ),
        );
        const v = await tv.data();
        tv.dispose();
        for (let e = 0; e < 3; e++) totals[e] = Math.max(v[e]!, 1e-30);
        curve.push({
          draw: d,
          reparam: Math.log10(totals[0]!),
          score: Math.log10(totals[1]!),
          scoreBaseline: Math.log10(totals[2]!),
        });
      }
      if (t.pace) await t.pace(performance.now() - t0);
    }
    const cos = tf.tidy(() => {
      const unit = (s: tf.Tensor) => tf.div(s, tf.norm(s));
      const r = unit(sums[0]!);
      return tf.stack([tf.sum(tf.mul(r, unit(sums[1]!))), tf.sum(tf.mul(r, unit(sums[2]!)))]);
    });
    const cv = await cos.data();
    cos.dispose();
    return {
      step: t.step(),
      batch: n,
      draws,
      params,
      curve,
      variance: { reparam: totals[0]!, score: totals[1]!, scoreBaseline: totals[2]! },
      cosine: { score: cv[0]!, scoreBaseline: cv[1]! },
    };
  } finally {
    tf.dispose([...sums, ...sqs, x]);
    c?.dispose();
  }
}

async function amortize(t: TheoryTarget, indices: number[], steps: number): Promise<AmortizeAnswer> {
  check2d(t.model);
  if (!Array.isArray(indices) || indices.length < 1 || indices.length > 1000)
    throw new Error('indices: 1..1000 test digits');
  if (!Number.isInteger(steps) || steps < 1 || steps > 500)
    throw new Error(`steps must be 1..500, got ${steps}`);
  const start = new Float32Array(indices.length);
  const final = new Float32Array(indices.length);
  let history: number[] = [];
  for (let i = 0; i < indices.length; i++) {
    const { x, c } = digit(t, checkIndex(t, indices[i]));
    try {
      const q = await encodeOne(t.model, x, c);
      const r = await refineQ(logJointOf(t.model, x, c), q.mu, q.logVar, {
        steps,
        pause: t.pace ? () => t.pace!(0) : undefined,
      });
      start[i] = r.start;
      final[i] = r.final;
      if (i === 0) history = r.elbos;
    } finally {
      x.dispose();
      c?.dispose();
    }
  }
  return { step: t.step(), indices, start, final, history };
}

/** 1 where observed, 0 where `region` (half the image) is hidden. */
export function regionMask(region: InpaintRegion): Uint8Array {
  const m = new Uint8Array(784);
  for (let r = 0; r < 28; r++)
    for (let col = 0; col < 28; col++) {
      const hidden =
        region === 'top' ? r < 14 : region === 'bottom' ? r >= 14 : region === 'left' ? col < 14 : col >= 14;
      m[r * 28 + col] = hidden ? 0 : 1;
    }
  return m;
}

async function inpaint(
  t: TheoryTarget,
  index: number,
  region: InpaintRegion,
  steps: number,
): Promise<InpaintAnswer> {
  check2d(t.model);
  checkBernoulli(t.model, 'inpainting');
  if (!['top', 'bottom', 'left', 'right'].includes(region))
    throw new Error(`unknown region "${String(region)}"`);
  const model = t.model;
  const { x, c } = digit(t, index);
  const maskArr = regionMask(region);
  const mask = tf.tensor2d(Float32Array.from(maskArr), [1, 784]);
  // The encoder sees the image with the hidden part blank (0): all it can do with a hole.
  const xMasked = tf.mul(x, mask) as tf.Tensor2D;
  try {
    const q = await encodeOne(model, xMasked, c);
    const lj = logJointOf(model, x, c, mask);
    const r = await refineQ(lj, q.mu, q.logVar, { steps, pause: t.pace ? () => t.pace!(0) : undefined });
    const means = tf.tidy(() => model.decodeMean(tf.tensor2d([q.mu, Array.from(r.mu)]), tileRows(c, 2)));
    const mv = await means.data();
    means.dispose();
    const orig = await x.data();
    const mse = (off: number) => {
      let s = 0;
      let k = 0;
      for (let i = 0; i < 784; i++)
        if (!maskArr[i]) {
          s += (mv[off + i]! - orig[i]!) ** 2;
          k++;
        }
      return s / k;
    };
    return {
      step: t.step(),
      index,
      region,
      original: unitToBytes(orig),
      mask: maskArr,
      encoderFill: unitToBytes(mv.subarray(0, 784)),
      refinedFill: unitToBytes(mv.subarray(784, 1568)),
      elboObservedEncoder: r.start,
      elboObservedRefined: r.final,
      hiddenMseEncoder: mse(0),
      hiddenMseRefined: mse(784),
    };
  } finally {
    tf.dispose([x, mask, xMasked]);
    c?.dispose();
  }
}

/** The first training digit of each class 0..9 (the memorizer's templates). */
function templates(train: MnistSplit): Float32Array {
  const idx: number[] = [];
  for (let d = 0; d < 10; d++) {
    for (let i = 0; i < train.count; i++)
      if (train.labels[i] === d) {
        idx.push(i);
        break;
      }
  }
  return gatherBatch(train, idx, 0, idx.length);
}

async function likelihood(
  t: TheoryTarget,
  digits: number,
  samples: number,
  seed: number,
): Promise<LikelihoodAnswer> {
  const model = t.model;
  checkBernoulli(model, 'the noise-mixture demo');
  if (model.conditional) throw new Error('the noise-mixture demo needs an unconditional VAE');
  if (!Number.isInteger(digits) || digits < 1 || digits > 1000) throw new Error(`digits must be 1..1000`);
  if (!Number.isInteger(samples) || samples < 1 || samples > 5000) throw new Error(`samples must be 1..5000`);
  const n = Math.min(digits, t.test.count);
  const x = gatherBatch(
    t.test,
    Array.from({ length: n }, (_, i) => i),
    0,
    n,
  );
  const lp = (await estimateLogPx(model, x, null, samples, {
    seed,
    pause: t.pace ? () => t.pace!(0) : undefined,
  }))!;
  const W = 0.01;
  const mixed = lp.map((v) => mixtureLogLik(v, NOISE_LOG_LIK, W));
  const drops = lp.map((v, i) => v - mixed[i]!);
  // Mixture samples: component by a fair coin of weight 0.01; model samples are decoded means at z ~ p(z).
  const rng = new Rng(seed);
  let noiseCount = 0;
  for (let i = 0; i < 10000; i++) if (rng.next() >= W) noiseCount++;
  const SHOW = 24;
  const isNoise = Array.from({ length: SHOW }, () => rng.next() >= W);
  const mix = new Uint8ClampedArray(SHOW * 784);
  const MODEL_SHOW = 8;
  const zs = tf.randomNormal(
    [SHOW + MODEL_SHOW, model.arch.latentDim],
    0,
    1,
    'float32',
    seed + 1,
  ) as tf.Tensor2D;
  const means = model.decodeMean(zs);
  const mv = await means.data();
  tf.dispose([zs, means]);
  for (let s = 0; s < SHOW; s++)
    for (let p = 0; p < 784; p++)
      mix[s * 784 + p] = isNoise[s] ? (rng.next() < 0.5 ? 255 : 0) : mv[s * 784 + p]! * 255;
  const tpl = templates(t.train);
  const E = 0.01;
  const memTest = Array.from({ length: n }, (_, i) =>
    memorizerLogLik(x.subarray(i * 784, (i + 1) * 784), tpl, E),
  );
  const K = tpl.length / 784;
  const memTrain = Array.from({ length: K }, (_, i) =>
    memorizerLogLik(tpl.subarray(i * 784, (i + 1) * 784), tpl, E),
  );
  const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
  return {
    step: t.step(),
    digits: n,
    samples,
    model: mean(lp),
    noise: NOISE_LOG_LIK,
    mixture: mean(mixed),
    meanDrop: mean(drops),
    maxDrop: Math.max(...drops),
    noiseFraction: noiseCount / 10000,
    mixSamples: mix,
    mixIsNoise: isNoise,
    modelSamples: unitToBytes(mv.subarray(SHOW * 784)),
    memorizerSamples: unitToBytes(tpl),
    memorizerEpsilon: E,
    memorizerTest: mean(memTest),
    memorizerTrain: mean(memTrain),
  };
}

/** Answer one theory query; throws (-> queryError) on malformed input; disposes every tensor. */
export async function answerTheoryQuery(t: TheoryTarget, raw: EngineQuery): Promise<QueryAnswer> {
  const q = raw as TheoryQuery;
  switch (q.type) {
    case 'theoryExact': {
      const n = q.n ?? 200;
      if (!Number.isInteger(n) || n < 10 || n > 400) throw new Error(`grid size must be 10..400, got ${n}`);
      const r = q.repeats;
      if (r !== undefined && (!Number.isInteger(r) || r < 1 || r > 1000))
        throw new Error(`repeats must be 1..1000`);
      const a = await exact(t, checkIndex(t, q.index), n, r);
      return { result: a, transfer: [a.image.buffer, a.logPost.buffer] };
    }
    case 'theoryGradVar': {
      const a = await gradVar(t, q.batch, q.draws, q.seed);
      return { result: a, transfer: [] };
    }
    case 'theoryAmortize': {
      const a = await amortize(t, q.indices, q.steps);
      return { result: a, transfer: [a.start.buffer, a.final.buffer] };
    }
    case 'theoryInpaint': {
      const a = await inpaint(t, checkIndex(t, q.index), q.region, q.steps);
      return { result: a, transfer: [a.original.buffer, a.encoderFill.buffer, a.refinedFill.buffer] };
    }
    case 'theoryLikelihood': {
      const a = await likelihood(t, q.digits, q.samples, q.seed);
      return { result: a, transfer: [a.mixSamples.buffer, a.modelSamples.buffer, a.memorizerSamples.buffer] };
    }
    default:
      throw new Error(`unknown theory query "${(raw as EngineQuery).type}"`);
  }
}
