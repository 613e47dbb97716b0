import { defaultGan2dConfig, type Gan2dConfig } from './gan2d';
import type { Preset } from './presets';

/** A copy of the lab's default config with some parts replaced. */
function gan(over: (c: Gan2dConfig) => void): Gan2dConfig {
  const c = structuredClone(defaultGan2dConfig);
  over(c);
  return c;
}

/**
 * The 2-D GAN presets (issue 4). Their behaviour is measured with `npm run train -- --preset ID
 * --seeds 10 --json`; docs/gan-presets.md records the numbers. Ids are stable.
 */
export const ganPresets: Preset[] = [
  {
    id: 'gan-ring-collapse',
    title: 'Mode collapse: vanilla GAN on the ring',
    description:
      'Non-saturating GAN whose generator learns 10x faster than its discriminator: the fakes move as one clump to wherever D is highest, and the mode counter stays low.',
    config: gan((c) => {
      c.seed = 1;
      c.optG.lr = 1e-3;
      c.optD.lr = 1e-4;
      c.training.maxSteps = 2000;
    }),
  },
  {
    id: 'gan-ring-unrolled',
    title: 'Unrolled GAN covers the ring',
    description:
      'Non-saturating GAN whose generator is scored against a discriminator trained 5 steps ahead (first-order unrolling).',
    config: gan((c) => {
      c.seed = 1;
      c.objective.unrollSteps = 5;
      c.training.maxSteps = 2000;
    }),
  },
  {
    id: 'gan-ring-wgan-gp',
    title: 'WGAN-GP covers the ring',
    description: 'Wasserstein critic with a gradient penalty (lambda 0.1), Adam (0.5, 0.9).',
    config: gan((c) => {
      c.seed = 1;
      c.objective.loss = 'wganGp';
      c.objective.gpLambda = 0.1;
      c.optG = { name: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.9 };
      c.optD = { name: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.9 };
      c.training.dSteps = 1;
      c.training.maxSteps = 4000;
    }),
  },
  {
    id: 'gan-grid-collapse',
    title: 'Mode collapse on the 5 x 5 grid',
    description: 'The collapse recipe of the ring preset on 25 modes.',
    config: gan((c) => {
      c.seed = 1;
      c.data.dataset = 'grid';
      c.optG.lr = 1e-3;
      c.optD.lr = 1e-4;
      c.training.maxSteps = 2000;
    }),
  },
  {
    id: 'gan-grid-wgan-gp',
    title: 'WGAN-GP on the 5 x 5 grid',
    description: 'The WGAN-GP recipe of the ring preset on 25 modes.',
    config: gan((c) => {
      c.seed = 1;
      c.data.dataset = 'grid';
      c.objective.loss = 'wganGp';
      c.objective.gpLambda = 0.1;
      c.optG = { name: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.9 };
      c.optD = { name: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.9 };
      c.training.maxSteps = 4000;
    }),
  },
  {
    id: 'gan-saturating',
    title: 'Saturating vs non-saturating: vanishing gradients',
    description:
      "Minimax (saturating) generator loss log(1 - D(G(z))): when D confidently rejects the fakes, G's gradient vanishes. Switch the loss to non-saturating mid-run to see G move again.",
    config: gan((c) => {
      c.seed = 1;
      c.objective.loss = 'minimax';
      c.training.maxSteps = 2000;
    }),
  },
];
