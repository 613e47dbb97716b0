import * as tf from '@tensorflow/tfjs';

/**
 * GAN objectives, written from the discriminator's raw outputs: `real` = D(x) and `fake` = D(G(z))
 * before any squashing (a logit for the classifier losses, a critic value for WGAN and hinge).
 * Every loss is minimised by its own player. log D = -softplus(-logit) and log(1 - D) = -softplus(logit),
 * so no loss ever takes log(sigmoid(.)) of a saturated value.
 */

const mean = (t: tf.Tensor): tf.Scalar => tf.mean(t);

/** Classifier D loss shared by minimax and non-saturating GANs: -E[log D(x)] - E[log(1 - D(G(z)))]. */
export function classifierDLoss(real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
  return tf.add(mean(tf.softplus(tf.neg(real))), mean(tf.softplus(fake)));
}

/** Minimax (saturating) G loss: E[log(1 - D(G(z)))]; its gradient vanishes when D confidently rejects fakes. */
export function minimaxGLoss(fake: tf.Tensor): tf.Scalar {
  return tf.neg(mean(tf.softplus(fake)));
}

/** Non-saturating G loss: -E[log D(G(z))]; strong gradients exactly where the minimax one vanishes. */
export function nonSaturatingGLoss(fake: tf.Tensor): tf.Scalar {
  return mean(tf.softplus(tf.neg(fake)));
}

/** LSGAN (a = 0, b = c = 1): D: 1/2 E[(D(x) - 1)^2] + 1/2 E[D(G(z))^2]. */
export function lsganDLoss(real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
  return tf.add(tf.mul(0.5, mean(tf.square(tf.sub(real, 1)))), tf.mul(0.5, mean(tf.square(fake))));
}

/** LSGAN G: 1/2 E[(D(G(z)) - 1)^2]. */
export function lsganGLoss(fake: tf.Tensor): tf.Scalar {
  return tf.mul(0.5, mean(tf.square(tf.sub(fake, 1))));
}

/** WGAN critic: E[D(G(z))] - E[D(x)], i.e. minus the Wasserstein-1 estimate (needs a Lipschitz critic). */
export function wganDLoss(real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
  return tf.sub(mean(fake), mean(real));
}

/** WGAN and hinge G: -E[D(G(z))]. */
export function wganGLoss(fake: tf.Tensor): tf.Scalar {
  return tf.neg(mean(fake));
}

/** Hinge D: E[max(0, 1 - D(x))] + E[max(0, 1 + D(G(z)))]. */
export function hingeDLoss(real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
  return tf.add(mean(tf.relu(tf.sub(1, real))), mean(tf.relu(tf.add(1, fake))));
}

/**
 * WGAN-GP penalty E[(||grad_x D(x^)|| - 1)^2] at x^ = eps x + (1 - eps) x~, eps ~ U[0, 1] per pair.
 * `critic` must keep the gradient with respect to its input.
 */
export function gradientPenalty(
  critic: (x: tf.Tensor2D) => tf.Tensor,
  real: tf.Tensor2D,
  fake: tf.Tensor2D,
  eps: tf.Tensor2D,
): tf.Scalar {
  const xHat = tf.add(tf.mul(eps, real), tf.mul(tf.sub(1, eps), fake)) as tf.Tensor2D;
  const g = tf.grad((x: tf.Tensor) => tf.sum(critic(x as tf.Tensor2D)))(xHat);
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(g), 1), 1e-12));
  return mean(tf.square(tf.sub(norm, 1)));
}

// ---------- f-GAN (Nowozin, Cseke, Tomioka 2016, Table 2) ----------

export const F_DIVERGENCES = ['kl', 'reverseKl', 'pearson', 'js'] as const;
export type FDivergence = (typeof F_DIVERGENCES)[number];

export interface FDivergenceSpec {
  /** The convex generator f(u), u > 0, with D_f(P||Q) = E_Q[f(p/q)]. Plain numbers, for reference and tests. */
  f(u: number): number;
  /** Output activation g_f: maps the raw output v into the domain of the conjugate, T = g_f(v). */
  activation(v: tf.Tensor): tf.Tensor;
  /** Fenchel conjugate f*(t) in closed form. */
  conjugate(t: tf.Tensor): tf.Tensor;
  /** f*(g_f(v)), simplified so that it stays finite for any v. */
  conjugateOfActivation(v: tf.Tensor): tf.Tensor;
}

const LOG2 = Math.log(2);

export const fDivergences: Record<FDivergence, FDivergenceSpec> = {
  kl: {
    f: (u) => u * Math.log(u),
    activation: (v) => v,
    conjugate: (t) => tf.exp(tf.sub(t, 1)),
    conjugateOfActivation: (v) => tf.exp(tf.sub(v, 1)),
  },
  reverseKl: {
    f: (u) => -Math.log(u),
    activation: (v) => tf.neg(tf.exp(tf.neg(v))),
    conjugate: (t) => tf.sub(-1, tf.log(tf.neg(t))),
    // -1 - log(exp(-v)) = v - 1
    conjugateOfActivation: (v) => tf.sub(v, 1),
  },
  pearson: {
    f: (u) => (u - 1) ** 2,
    activation: (v) => v,
    conjugate: (t) => tf.add(tf.div(tf.square(t), 4), t),
    conjugateOfActivation: (v) => tf.add(tf.div(tf.square(v), 4), v),
  },
  js: {
    f: (u) => -(u + 1) * Math.log((1 + u) / 2) + u * Math.log(u),
    activation: (v) => tf.sub(LOG2, tf.softplus(tf.neg(v))),
    conjugate: (t) => tf.neg(tf.log(tf.sub(2, tf.exp(t)))),
    // 2 - exp(log 2 - softplus(-v)) = 2 sigmoid(-v), so f* = softplus(v) - log 2
    conjugateOfActivation: (v) => tf.sub(tf.softplus(v), LOG2),
  },
};

/** f-GAN D loss: -(E_P[T(x)] - E_Q[f*(T(x~))]), minus the variational lower bound on D_f(P||Q). */
export function fganDLoss(div: FDivergence, real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
  const s = fDivergences[div];
  return tf.neg(tf.sub(mean(s.activation(real)), mean(s.conjugateOfActivation(fake))));
}

/** f-GAN G loss: G minimises the same bound; only -E_Q[f*(T(G(z)))] depends on G. */
export function fganGLoss(div: FDivergence, fake: tf.Tensor): tf.Scalar {
  return tf.neg(mean(fDivergences[div].conjugateOfActivation(fake)));
}

// ---------- one table ----------

export const LOSSES = ['minimax', 'nonSaturating', 'lsgan', 'wgan', 'wganGp', 'hinge', 'fgan'] as const;
export type LossName = (typeof LOSSES)[number];

/** Whether D's raw output is a logit (show sigmoid) or an unbounded score / critic value (show as is). */
export function outputIsLogit(loss: LossName): boolean {
  return loss === 'minimax' || loss === 'nonSaturating';
}

/** D loss for a named objective (the WGAN-GP penalty is added by the caller, it needs D itself). */
export function dLoss(loss: LossName, real: tf.Tensor, fake: tf.Tensor, div: FDivergence = 'js'): tf.Scalar {
  switch (loss) {
    case 'minimax':
    case 'nonSaturating':
      return classifierDLoss(real, fake);
    case 'lsgan':
      return lsganDLoss(real, fake);
    case 'wgan':
    case 'wganGp':
      return wganDLoss(real, fake);
    case 'hinge':
      return hingeDLoss(real, fake);
    case 'fgan':
      return fganDLoss(div, real, fake);
  }
}

export function gLoss(loss: LossName, fake: tf.Tensor, div: FDivergence = 'js'): tf.Scalar {
  switch (loss) {
    case 'minimax':
      return minimaxGLoss(fake);
    case 'nonSaturating':
      return nonSaturatingGLoss(fake);
    case 'lsgan':
      return lsganGLoss(fake);
    case 'wgan':
    case 'wganGp':
    case 'hinge':
      return wganGLoss(fake);
    case 'fgan':
      return fganGLoss(div, fake);
  }
}
