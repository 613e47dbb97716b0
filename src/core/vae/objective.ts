import * as tf from '@tensorflow/tfjs';
import type { PsiName } from '../../config/vae';
import { elbo, type ElboTerms } from '../elbo';
import { freeBitsKl, freeBitsTotalKl } from './freeBits';
import { iwaeBound } from './iwae';
import { psiBox, psiInk } from './posteriorRegularization';
import type { Vae, VaePass } from './vae';
import { estimatorSurrogate, type Estimator } from '../theory/estimators';
import { reparameterize } from '../gaussian';
import { gaussianKernelsApply, standardElboMeansFast } from '../kernels/gaussian';

/** What a training step optimises; beta is the effective one (warm-up already applied). */
export interface ObjectiveSettings {
  beta: number;
  bound: 'elbo' | 'iwae';
  freeBits: number;
  psi: PsiName;
  psiWeight: number;
  psiBox: number;
  psiInkMin: number;
  psiInkMax: number;
  /** Encoder-gradient estimator for the ELBO's reconstruction term (default reparam). */
  estimator?: Estimator;
}

/** Batch means, as scalars, in nats per example. */
export interface ObjectiveTerms {
  /** What the optimiser minimises. */
  loss: tf.Scalar;
  /** -log p(x|z), averaged over examples and samples. */
  recon: tf.Scalar;
  /** KL(q(z|x) || p(z)) (closed form, or Monte Carlo for mixture priors), unweighted. */
  kl: tf.Scalar;
  /** E_q[psi(z, x)] (0 without a penalty). */
  psi: tf.Scalar;
}

/**
 * KL per example [n] and, for a closed-form prior, per dimension [n, d]; else the Monte Carlo estimate.
 * Call inside a tidy (it makes tensors it does not dispose).
 */
export function klTerms(model: Vae, p: VaePass): { kl: tf.Tensor1D; perDim: tf.Tensor2D | null } {
  if (model.prior.closedFormKl) {
    const perDim = model.prior.klPerDim(p.mu, p.logVar);
    return { kl: tf.sum(perDim, 1), perDim };
  }
  // log q(z|x) - log p(z) at each sample, averaged over the k samples of each example.
  const n = p.mu.shape[0];
  const kl = tf.tidy(() =>
    tf.mean(tf.reshape(tf.sub(model.logQ(p), model.prior.logDensity(p.z)), [-1, n]), 0),
  );
  return { kl: kl as tf.Tensor1D, perDim: null };
}

function psiOf(model: Vae, p: VaePass, s: ObjectiveSettings): tf.Scalar {
  return tf.tidy(() => {
    if (s.psi === 'box') return tf.mean(psiBox(p.z, s.psiBox)) as tf.Scalar;
    if (s.psi === 'ink')
      return tf.mean(psiInk(model.likelihood.mean(p.out), s.psiInkMin, s.psiInkMax)) as tf.Scalar;
    return tf.scalar(0);
  });
}

/**
 * The training objective, as a loss to minimise (lecture 000 eq. 12 and 18; lecture 004 for beta):
 *   elbo: mean recon + beta * KL (each dimension's batch-mean KL floored at freeBits nats if set; the
 *         k samples of eps are averaged: a k-sample ELBO estimate), + lambda E[psi];
 *   iwae: -L_k (./iwae.ts) + lambda E[psi]. beta, warm-up and free bits do not enter the IWAE bound.
 * eps: [k * n, d], sample-major.
 */
export function vaeObjective(
  model: Vae,
  x: tf.Tensor2D,
  c: tf.Tensor2D | null,
  eps: tf.Tensor2D,
  s: ObjectiveSettings,
): ObjectiveTerms {
  return tf.tidy(() => {
    const scoreFn = s.bound === 'elbo' && s.estimator !== undefined && s.estimator !== 'reparam';
    const p = scoreFn ? scorePass(model, x, c, eps, s.estimator!) : model.pass(x, c, eps);
    if (plainStandardElbo(model, s, scoreFn) && gaussianKernelsApply(p.mu, p.logVar)) {
      // The same three means as below, as one kernel each way (../kernels/gaussian.ts).
      const [loss, recon, kl] = standardElboMeansFast(p.logLik, p.mu, p.logVar, s.beta);
      return { loss, recon, kl, psi: psiOf(model, p, s) };
    }
    const recon = tf.neg(tf.mean(p.logLik)) as tf.Scalar;
    const { kl, perDim } = klTerms(model, p);
    const klMean = tf.mean(kl) as tf.Scalar;
    const psi = psiOf(model, p, s);
    let core: tf.Scalar;
    if (s.bound === 'iwae') {
      core = tf.neg(tf.mean(iwaeBound(model.logWeights(p)))) as tf.Scalar;
    } else {
      const klTerm =
        s.freeBits > 0
          ? perDim
            ? freeBitsKl(perDim, s.freeBits)
            : freeBitsTotalKl(kl, s.freeBits, model.arch.latentDim)
          : klMean;
      // With a score-function estimator, `surrogate` carries the reconstruction term's gradient.
      const reconTerm = scoreFn ? tf.neg((p as ScorePass).surrogate) : recon;
      core = tf.add(reconTerm, tf.mul(s.beta, klTerm)) as tf.Scalar;
    }
    const loss = s.psi === 'none' ? core : (tf.add(core, tf.mul(s.psiWeight, psi)) as tf.Scalar);
    return { loss, recon, kl: klMean, psi };
  });
}

/** The classic case: ELBO with the N(0, I) prior, pathwise gradients, no free bits, no penalty. */
function plainStandardElbo(model: Vae, s: ObjectiveSettings, scoreFn: boolean): boolean {
  return (
    s.bound === 'elbo' && !scoreFn && s.freeBits === 0 && s.psi === 'none' && model.prior.name === 'standard'
  );
}

interface ScorePass extends VaePass {
  surrogate: tf.Scalar;
}

/**
 * A pass whose reconstruction gradient comes from a score-function estimator (core/theory/estimators.ts):
 * z is drawn as usual (and feeds a Monte Carlo KL pathwise), log p(x|z) is evaluated at z held fixed.
 */
function scorePass(
  model: Vae,
  x: tf.Tensor2D,
  c: tf.Tensor2D | null,
  eps: tf.Tensor2D,
  est: Estimator,
): ScorePass {
  const n = x.shape[0];
  const k = eps.shape[0] / n;
  const tile = (t: tf.Tensor2D) => (k === 1 ? t : (tf.tile(t, [k, 1]) as tf.Tensor2D));
  const { mu, logVar } = model.encode(x, c);
  const cc = c && k > 1 ? (tf.tile(c, [k, 1]) as tf.Tensor2D) : c;
  const xs = tile(x);
  let out: tf.Tensor2D | null = null;
  let logLik: tf.Tensor1D | null = null;
  const f = (z: tf.Tensor2D) => {
    const o = model.decodeOutput(z, cc, xs);
    const l = model.likelihood.logProb(xs, o);
    if (!out && z.shape[0] === xs.shape[0]) {
      out = o;
      logLik = l;
    }
    return l;
  };
  const { surrogate } = estimatorSurrogate(f, tile(mu), tile(logVar), eps, est);
  const z = reparameterize(tile(mu), tile(logVar), eps);
  return { mu, logVar, z, out: out!, logLik: logLik!, surrogate };
}

/**
 * The ELBO per example from one sample (eps [n, d]), with the KL in closed form where the prior has one
 * (else its one-sample Monte Carlo estimate): recon = -log p(x|z), kl, elbo = -recon - kl.
 */
export function elboTerms(model: Vae, x: tf.Tensor2D, c: tf.Tensor2D | null, eps: tf.Tensor2D): ElboTerms {
  return tf.tidy(() => {
    const p = model.pass(x, c, eps);
    return elbo(p.logLik, klTerms(model, p).kl, 1) as unknown as tf.TensorContainerObject;
  }) as unknown as ElboTerms;
}
