import type { LabState } from '../store/lab';
import type { GanState } from '../store/gan2d';

/**
 * The numbers lessons show and test, read from the stores (pure: a fake store state gives the same
 * values in a unit test). Training metrics are the charts' smoothed values (exponential moving average
 * over steps, the bold lines); null while nothing is known (before the first step).
 */
export type LiveValues = Record<string, number | null>;

/** Every name a lesson may use, with what it means (shown in the docs and checked by a test). */
export const LIVE_NAMES: Record<string, string> = {
  'vae.step': 'training steps taken',
  'vae.epoch': 'epochs completed',
  'vae.loss': 'the training objective per example: reconstruction + β·KL (smoothed)',
  'vae.recon': 'reconstruction term −log p(x|z) per example (smoothed)',
  'vae.kl': 'KL(q(z|x) ‖ p(z)) per example (smoothed)',
  'vae.negElbo': '−ELBO = reconstruction + KL per example, whatever β is (smoothed)',
  'vae.beta': 'the KL weight β in use',
  'vae.latentDim': 'latent dimensions',
  'vae.klPerDim': 'KL per example divided by the latent dimensions',
  'vae.testLoss': '−ELBO on the test set after the last epoch',
  'vae.testKl': 'KL on the test set after the last epoch',
  'gan.step': 'generator steps taken',
  'gan.dReal': 'mean D(x) on real samples (a probability for minimax and non-saturating losses)',
  'gan.dFake': 'mean D(G(z)) on fakes (a probability for minimax and non-saturating losses)',
  'gan.dLoss': "D's loss (smoothed)",
  'gan.gLoss': "G's loss (smoothed)",
  'gan.value': 'V(D, G) = E log D(x) + E log(1 − D(G(z))) = −(D loss), for minimax and non-saturating losses',
  'gan.gradNorm': "norm of the gradient of G's loss over G's parameters (smoothed)",
  'gan.modes': 'modes captured (of the fakes, by the VEEGAN / PacGAN rule)',
  'gan.modesTotal': 'modes of the data',
  'gan.hq': 'share of fakes within 3σ of a mode',
  'gan.classifier': '1 when D is a classifier (minimax or non-saturating loss), else 0',
};

const CLASSIFIER = new Set(['minimax', 'nonSaturating']);

type LabView = Pick<LabState, 'progress' | 'series' | 'epochs' | 'applied' | 'snapshot'>;
type GanView = Pick<GanState, 'series' | 'snapshot' | 'config'>;

const ema = (s: { ema: number | null } | undefined) => s?.ema ?? null;

export function vaeValues(s: LabView): LiveValues {
  const recon = ema(s.series.recon);
  const kl = ema(s.series.kl);
  const last = s.epochs[s.epochs.length - 1];
  const dim = s.applied.model.latentDim;
  return {
    'vae.step': s.progress?.step ?? s.snapshot?.step ?? 0,
    'vae.epoch': s.epochs.length,
    'vae.loss': ema(s.series.loss),
    'vae.recon': recon,
    'vae.kl': kl,
    'vae.negElbo': recon !== null && kl !== null ? recon + kl : null,
    'vae.beta': s.applied.objective.beta,
    'vae.latentDim': dim,
    'vae.klPerDim': kl !== null ? kl / dim : null,
    'vae.testLoss': last?.test.loss ?? null,
    'vae.testKl': last?.test.kl ?? null,
  };
}

export function ganValues(s: GanView): LiveValues {
  const classifier = CLASSIFIER.has(s.config.objective.loss);
  const dLoss = ema(s.series.dLoss);
  const m = s.snapshot?.modes ?? null;
  return {
    'gan.step': s.snapshot?.step ?? 0,
    'gan.dReal': ema(s.series.dReal),
    'gan.dFake': ema(s.series.dFake),
    'gan.dLoss': dLoss,
    'gan.gLoss': ema(s.series.gLoss),
    'gan.value': classifier && dLoss !== null ? -dLoss : null,
    'gan.gradNorm': ema(s.series.gGradNorm),
    'gan.modes': m?.captured ?? null,
    'gan.modesTotal': m?.total ?? null,
    'gan.hq': m?.hqFraction ?? null,
    'gan.classifier': classifier ? 1 : 0,
  };
}
