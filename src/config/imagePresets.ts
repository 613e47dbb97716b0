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

/**
 * The schedule every DCGAN preset starts from (dcgan-mnist-quick as it is; docs/image-gans.md): batch norm
 * in D too, a high rate that decays to 0 over 1,500 steps.
 */
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
      'Transposed-conv generator (64-d noise -> 7x7x64 -> 14x14x32 -> 28x28x16, then a 3x3 conv draws the ' +
      'digit) against a conv discriminator (28x28 -> 14x14x32 -> 7x7x64), batch norm in both, ' +
      'non-saturating loss, Adam (2e-3, beta1 0.5) for both decaying linearly to 0 over 2,000 steps, batch ' +
      '128. Measured MNIST score 8.15-8.29 at the end over 5 seeds (docs/image-gans.md). Heavy without a GPU: ' +
      "Chromium's WASM backend took 25 minutes for the 2,000 steps on the project's 2-core test machine, about " +
      '55 on the slower reference laptop; dcgan-mnist-quick is the small version.',
    config: gan((c) => {
      dcgan(c);
      c.model.generator.channels = 32;
      c.model.discriminator.channels = 32;
      c.model.generator.fullResChannels = 16;
      c.training.batchSize = 128;
      c.optG.lr = 2e-3;
      c.optD.lr = 2e-3;
      c.training.maxSteps = 2000;
    }),
  },
  {
    id: 'dcgan-mnist-quick',
    title: 'DCGAN on MNIST, quick (half the channels)',
    description:
      "dcgan-mnist's layout at half the channels (G 7x7x32 -> 14x14x16 -> 28x28x8, D 14x14x16 -> 7x7x32), " +
      'Adam 1e-3 for both decaying to 0 over 1,500 steps, batch 64: about a sixth of the training time, for a ' +
      'class without GPUs. Its digits are rougher: measured MNIST score about 6.5 (docs/image-gans.md).',
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
      "dcgan-mnist-quick's nets and schedule without G's 28x28 layer, with the digit fed to both networks: each row " +
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
