import { defaultAaeConfig, type AaeConfig } from './aae';
import { defaultImageGanConfig, type ImageGanConfig } from './imageGan';
import type { Preset } from './presets';

function gan(over: (c: ImageGanConfig) => void): ImageGanConfig {
  const c = structuredClone(defaultImageGanConfig);
  over(c);
  return c;
}

function aae(over: (c: AaeConfig) => void): AaeConfig {
  const c = structuredClone(defaultAaeConfig);
  over(c);
  return c;
}

/** The measured DCGAN recipe (docs/image-gans.md): batch norm in D too, a high rate that decays to 0. */
function dcgan(c: ImageGanConfig): void {
  c.model.discriminator.batchNorm = true;
  c.optG.lr = 1e-3;
  c.optD.lr = 1e-3;
  c.training.lrDecay = 'linear';
  c.training.maxSteps = 1500;
}

/**
 * Image GAN and adversarial autoencoder presets on MNIST (issue 12). Ids are stable; their measured
 * scores are in docs/image-gans.md (`npm run train -- --preset ID --seeds 5 --json`).
 */
export const imagePresets: Preset[] = [
  {
    id: 'dcgan-mnist',
    title: 'DCGAN on MNIST',
    description:
      'Transposed-conv generator (64-d noise -> 7x7x32 -> 14x14x16 -> 28x28x8, then a 3x3 conv draws the ' +
      'digit) against a conv discriminator ' +
      '(28x28 -> 14x14x16 -> 7x7x32), batch norm in both, non-saturating loss, Adam (1e-3, beta1 0.5) for both ' +
      'decaying linearly to 0 over 1,500 steps, batch 64.',
    config: gan((c) => {
      dcgan(c);
      c.model.generator.fullResChannels = 8;
    }),
  },
  {
    id: 'gan-mnist-collapse',
    title: 'Mode collapse on MNIST',
    description:
      'An MLP GAN whose generator learns far faster than its discriminator: it settles on a few digits.',
    config: gan((c) => {
      c.model.arch = 'mlp';
      c.model.generator.batchNorm = false;
      c.optG.lr = 2e-3;
      c.optD.lr = 1e-4;
      c.training.maxSteps = 1500;
    }),
  },
  {
    id: 'cgan-mnist',
    title: 'Conditional DCGAN on MNIST',
    description:
      "The DCGAN's nets and schedule without G's 28x28 layer, with the digit fed to both networks: each row " +
      'of the grid is one digit, each column one z.',
    config: gan((c) => {
      dcgan(c);
      c.model.conditional = true;
    }),
  },
  {
    id: 'aae-mixture',
    title: 'Adversarial autoencoder with a mixture-of-10 prior',
    description:
      'Deterministic 784-512-256-2 encoder and decoder; a latent discriminator pushes the 2-D codes toward ten ' +
      'Gaussians on a circle. Watch the encodings take the prior’s shape.',
    config: aae(() => {}),
  },
];
