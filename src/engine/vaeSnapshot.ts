import * as tf from '@tensorflow/tfjs';
import { Rng } from '../core/rng';
import { NUM_CLASSES, oneHotLabels, type Vae } from '../core/vae/vae';
import { pseudoInputs } from '../core/vae/priors/vamp';
import type { MixtureData } from '../core/vae/priors';
import {
  activeUnits,
  klPerDimClosedForm,
  klPerDimMarginal,
  posteriorMeanVariance,
  sampleMixture,
} from '../core/vae/diagnostics';
import { LOG_SIGMA_MAX, LOG_SIGMA_MIN } from '../core/vae/likelihoods/gaussian';
import { gatherBatch } from '../data/batches';
import type { MnistSplit } from '../data/mnist';
import type { ImageBatch, VaeSnapshot } from './experiment';
import type { VaeDiagnostics, VaeSnapshotExtras } from './vaeDiagnostics';

const SAMPLE_COUNT = 64;
const CLASS_GRID_COLS = 8;
const RECON_COUNT = 16;
const DIAG_COUNT = 500;
const STYLE_SOURCES = 6;
/** Standard normals for the Monte Carlo KL per dimension of a mixture prior. */
const MC_EPS = 16;

function images(values: Float32Array, count: number): ImageBatch {
  const pixels = new Uint8ClampedArray(values.length);
  for (let i = 0; i < values.length; i++) pixels[i] = values[i]! * 255;
  return { count, width: 28, height: 28, pixels };
}

function indices(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The prior's mixture, read back as arrays (weights normalized). */
export async function priorData(model: Vae): Promise<MixtureData> {
  const mix = model.prior.mixture();
  const weights = tf.exp(mix.logWeights);
  try {
    const [w, m, lv] = await Promise.all([weights.data(), mix.means.data(), mix.logVars.data()]);
    return {
      k: mix.means.shape[0],
      dim: mix.means.shape[1],
      weights: Float32Array.from(w),
      means: Float32Array.from(m),
      logVars: Float32Array.from(lv),
    };
  } finally {
    tf.dispose([mix.logWeights, mix.means, mix.logVars, weights]);
  }
}

/**
 * The VAE trainer's pictures and diagnostics at one moment: prior samples at fixed noise (a class grid
 * for a conditional VAE), reconstructions of fixed test digits, the KL per dimension and active units on
 * a fixed batch of test digits, style transfer for a CVAE, the VampPrior's pseudo-inputs.
 */
export class VaeSnapshotMaker {
  private readonly eps: Float32Array;
  private readonly u: Float32Array;
  private readonly mcEps: Float32Array;
  private readonly reconX: tf.Tensor2D;
  private readonly reconC: tf.Tensor2D | null;
  private readonly diagX: tf.Tensor2D;
  private readonly diagC: tf.Tensor2D | null;
  private readonly diagLabels: Uint8Array;
  private readonly styleX: tf.Tensor2D | null;
  private readonly styleC: tf.Tensor2D | null;

  constructor(
    private readonly model: Vae,
    test: MnistSplit,
    seed: number,
  ) {
    const rng = new Rng(seed);
    const d = model.arch.latentDim;
    const count = model.conditional ? CLASS_GRID_COLS : SAMPLE_COUNT;
    this.eps = Float32Array.from({ length: count * d }, () => rng.normal());
    this.u = Float32Array.from({ length: count }, () => rng.next());
    this.mcEps = Float32Array.from({ length: MC_EPS }, () => rng.normal());
    const take = (n: number) => {
      const idx = indices(Math.min(n, test.count));
      const x = tf.tensor2d(gatherBatch(test, idx, 0, idx.length), [idx.length, 784]);
      const labels = Uint8Array.from(idx, (i) => test.labels[i]!);
      return { x, labels, c: model.conditional ? oneHotLabels(labels) : null };
    };
    const r = take(RECON_COUNT);
    this.reconX = r.x;
    this.reconC = r.c;
    const g = take(DIAG_COUNT);
    this.diagX = g.x;
    this.diagC = g.c;
    this.diagLabels = g.labels;
    if (model.conditional) {
      const s = take(STYLE_SOURCES);
      this.styleX = s.x;
      this.styleC = s.c;
    } else {
      this.styleX = null;
      this.styleC = null;
    }
  }

  async make(step: number, beta: number): Promise<VaeSnapshot> {
    const m = this.model;
    const d = m.arch.latentDim;
    const prior = await priorData(m);
    // Prior samples at fixed noise; a CVAE decodes each z with every label (one row per class).
    const count = this.u.length;
    const z = new Float32Array(count * d);
    for (let i = 0; i < count; i++)
      sampleMixture(prior, this.u[i]!, this.eps.subarray(i * d, (i + 1) * d), z, i * d);
    const out = tf.tidy(() => {
      const zt = tf.tensor2d(z, [count, d]);
      const list: tf.Tensor[] = [];
      if (m.conditional) {
        const labels = indices(NUM_CLASSES * count).map((i) => Math.floor(i / count));
        list.push(m.decodeMean(tf.tile(zt, [NUM_CLASSES, 1]) as tf.Tensor2D, oneHotLabels(labels)));
      } else list.push(m.decodeMean(zt));
      list.push(m.decodeMean(m.encode(this.reconX, this.reconC).mu, this.reconC));
      const q = m.encode(this.diagX, this.diagC);
      list.push(q.mu, q.logVar);
      if (this.styleX) {
        const mu = m.encode(this.styleX, this.styleC).mu;
        const n = mu.shape[0];
        // Row r = source r; column c = class c.
        const rows = indices(n * NUM_CLASSES);
        const zs = tf.gather(
          mu,
          rows.map((i) => Math.floor(i / NUM_CLASSES)),
        );
        list.push(m.decodeMean(zs as tf.Tensor2D, oneHotLabels(rows.map((i) => i % NUM_CLASSES))));
      }
      const pseudo = pseudoInputs(m.prior);
      if (pseudo) list.push(pseudo);
      const ls = m.likelihood.variables().find((v) => v.name.includes('logSigma'));
      if (ls) list.push(tf.exp(tf.clipByValue(ls, LOG_SIGMA_MIN, LOG_SIGMA_MAX)));
      return list;
    });
    const vals = (await Promise.all(out.map((t) => t.data()))) as Float32Array[];
    const [origV] = (await Promise.all([this.reconX.data()])) as Float32Array[];
    tf.dispose(out);
    let i = 0;
    const samples = images(vals[i++]!, m.conditional ? count * NUM_CLASSES : count);
    const recons = images(vals[i++]!, this.reconX.shape[0]);
    const mu = vals[i++]!.slice();
    const logVar = vals[i++]!.slice();
    const n = this.diagX.shape[0];
    const muVariance = posteriorMeanVariance(mu, n, d);
    const closed = m.prior.closedFormKl;
    const diagnostics: VaeDiagnostics = {
      n,
      dim: d,
      klPerDim: closed
        ? klPerDimClosedForm(mu, logVar, n, d, prior)
        : klPerDimMarginal(mu, logVar, n, d, prior, this.mcEps),
      klMethod: closed ? 'closed-form' : 'marginal-mc',
      muVariance,
      activeUnits: activeUnits(muVariance),
      mu,
      logVar,
      labels: this.diagLabels.slice(),
      prior,
    };
    const extras: VaeSnapshotExtras = { diagnostics, beta };
    if (m.conditional) {
      extras.classGridCols = count;
      const styleV = vals[i++]!;
      extras.styleSources = images((await this.styleX!.data()) as Float32Array, this.styleX!.shape[0]);
      extras.styleGrid = images(styleV, this.styleX!.shape[0] * NUM_CLASSES);
    }
    if (m.prior.name === 'vamp') {
      const pv = vals[i++]!;
      extras.pseudoInputs = images(pv, pv.length / 784);
    }
    if (m.likelihood.name === 'gaussian-learned') extras.sigma = vals[i]![0]!;
    return {
      kind: 'vae',
      step,
      samples,
      recons,
      originals: images(origV!, this.reconX.shape[0]),
      extras,
    };
  }

  dispose(): void {
    tf.dispose([
      this.reconX,
      this.diagX,
      ...[this.reconC, this.diagC, this.styleX, this.styleC].filter((t) => t !== null),
    ]);
  }
}
