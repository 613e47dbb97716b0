import type { FDivergence, LossName } from './objectives';

/**
 * What the discriminator of each objective should become for a fixed generator, and one colour scale per
 * objective that keeps its meaning: 0 = "fake" (purple), 1/2 = "undecided" (white), 1 = "real" (green).
 *
 * - minimax, non-saturating (D = sigmoid(logit)), LSGAN with a = 0, b = c = 1 (D = raw output) and the
 *   Jensen-Shannon f-GAN (sigmoid of its raw output v; its T = g_f(v) = log 2 + log sigmoid(v)):
 *   D*(x) = p_data / (p_data + p_g) (Goodfellow et al. 2014, Prop. 1; Mao et al. 2017, eq. 4;
 *   Nowozin et al. 2016, Table 2: T* = f'(p_data / p_g) = log(2 D*)). Shown as is: 0..1.
 * - the other f-GANs: T*(x) = f'(p_data / p_g) (Nowozin et al. 2016, eq. 5). T = f'(r) is increasing in
 *   the ratio r, so T and T* are both shown as the ratio they stand for, r = f'^{-1}(T), on a log scale:
 *   white at r = 1 (f'(1)), full colour at RATIO_SPAN times either way.
 * - hinge: the loss is minimised pointwise by D*(x) = sign(p_data - p_g) (any value in [-1, 1] where the
 *   densities are equal): a decision, not a density ratio. Shown with its margins: -1 purple, +1 green.
 * - WGAN and WGAN-GP: the optimal critic maximises E_data[f] - E_g[f] over 1-Lipschitz f (a Kantorovich
 *   potential); it is not a pointwise function of the two densities, and adding a constant changes
 *   nothing. No optimum is drawn; the view shows the two densities and the critic's level sets.
 *
 * With PacGAN packing m samples, D judges m-tuples; on the diagonal (x, ..., x) the densities are
 * p_data^m and p_g^m, so every optimum above uses the ratio (p_data / p_g)^m.
 */

export type OptimumKind = 'dstar' | 'tstar' | 'sign' | 'none';

/** f'(u) for each f-divergence (the generators f of objectives.ts). */
export const fPrime: Record<FDivergence, (u: number) => number> = {
  kl: (u) => 1 + Math.log(u),
  reverseKl: (u) => -1 / u,
  pearson: (u) => 2 * (u - 1),
  js: (u) => Math.log((2 * u) / (1 + u)),
};

/** The inverse of f': the density ratio a critic value T stands for (NaN below f''s range, infinite above). */
export const fPrimeInverse: Record<FDivergence, (t: number) => number> = {
  kl: (t) => Math.exp(t - 1),
  reverseKl: (t) => (t < 0 ? -1 / t : Infinity),
  pearson: (t) => (t > -2 ? 1 + t / 2 : NaN),
  js: (t) => (t < Math.LN2 ? Math.exp(t) / (2 - Math.exp(t)) : Infinity),
};

/** The f-GANs' output activations g_f (objectives.ts), on plain numbers. */
const activation: Record<FDivergence, (v: number) => number> = {
  kl: (v) => v,
  reverseKl: (v) => -Math.exp(-v),
  pearson: (v) => v,
  js: (v) => Math.LN2 - softplus(-v),
};

const softplus = (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Ratio at which the f-GAN colour scale saturates (log scale, either way). */
export const RATIO_SPAN = 20;

export function optimumKind(loss: LossName, div: FDivergence): OptimumKind {
  switch (loss) {
    case 'minimax':
    case 'nonSaturating':
    case 'lsgan':
      return 'dstar';
    case 'fgan':
      return div === 'js' ? 'dstar' : 'tstar';
    case 'hinge':
      return 'sign';
    case 'wgan':
    case 'wganGp':
      return 'none';
  }
}

/**
 * What D's raw output v means for the objective: the probability sigmoid(v) for the classifier losses
 * and the JS f-GAN, the raw output for LSGAN, WGAN and hinge, T = g_f(v) for the other f-GANs.
 */
export function criticValue(loss: LossName, div: FDivergence, v: number): number {
  if (loss === 'minimax' || loss === 'nonSaturating') return sigmoid(v);
  if (loss === 'fgan') return div === 'js' ? sigmoid(v) : activation[div](v);
  return v;
}

/** Colour coordinate (0 fake .. 1/2 undecided .. 1 real) of a density ratio r on the f-GAN log scale. */
export function ratioShade(r: number): number {
  if (Number.isNaN(r) || r <= 0) return 0;
  if (!Number.isFinite(r)) return 1;
  return Math.min(1, Math.max(0, 0.5 + Math.log(r) / (2 * Math.log(RATIO_SPAN))));
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Colour coordinates for D's values on a grid (`values` as returned by criticValue). WGAN critics have
 * no reference level, so they are spread from the lowest value on the grid (0) to the highest (1).
 */
export function criticShade(loss: LossName, div: FDivergence, values: ArrayLike<number>): Float32Array {
  const out = new Float32Array(values.length);
  const kind = optimumKind(loss, div);
  if (kind === 'dstar') {
    for (let i = 0; i < out.length; i++) out[i] = clamp01(values[i]!);
  } else if (kind === 'tstar') {
    const inv = fPrimeInverse[div];
    for (let i = 0; i < out.length; i++) out[i] = ratioShade(inv(values[i]!));
  } else if (kind === 'sign') {
    for (let i = 0; i < out.length; i++) out[i] = clamp01(0.5 + values[i]! / 2);
  } else {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < values.length; i++) {
      lo = Math.min(lo, values[i]!);
      hi = Math.max(hi, values[i]!);
    }
    const span = hi - lo > 1e-12 ? hi - lo : 1;
    for (let i = 0; i < out.length; i++) out[i] = (values[i]! - lo) / span;
  }
  return out;
}

/**
 * The optimum for the current generator, cell by cell, as the objective's own values (D* in 0..1, T*
 * in T's units, sign in {-1, 0, 1}); null for WGAN and WGAN-GP. `pData` and `pG` are densities (or
 * masses) per cell; cells where both are below `floor` have no optimum to speak of and get the
 * undecided value (D* = 1/2, T* = f'(1), sign 0). `pack` = m of PacGAN.
 */
export function optimumValues(
  loss: LossName,
  div: FDivergence,
  pData: ArrayLike<number>,
  pG: ArrayLike<number>,
  pack = 1,
  floor = 1e-12,
): Float64Array | null {
  const kind = optimumKind(loss, div);
  if (kind === 'none') return null;
  const out = new Float64Array(pData.length);
  for (let i = 0; i < out.length; i++) {
    const p = pData[i]!;
    const q = pG[i]!;
    const r = p + q < floor ? 1 : (p / q) ** pack;
    if (kind === 'dstar') out[i] = Number.isFinite(r) ? r / (1 + r) : 1;
    else if (kind === 'sign') out[i] = r > 1 ? 1 : r < 1 ? -1 : 0;
    else out[i] = fPrime[div](r);
  }
  return out;
}

/** Colour coordinates of an optimum from optimumValues, on the same scale as criticShade. */
export function optimumShade(loss: LossName, div: FDivergence, values: ArrayLike<number>): Float32Array {
  return criticShade(loss, div, values);
}
