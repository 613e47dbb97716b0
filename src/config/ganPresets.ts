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
      'Non-saturating GAN, 3 x 128 ReLU nets, Adam; the generator learns 10x faster than the discriminator (1e-3 vs 1e-4). ' +
      'G keeps moving all its samples toward wherever D is currently highest, so the fakes travel as one clump ' +
      'and the mode counter stays at 0-1 of 8.',
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
      'The collapse preset, but G is scored against a copy of D trained 5 steps ahead on the current fakes ' +
      '(first-order unrolling: no backpropagation through the 5 steps), learning rates decaying linearly to 0.',
    config: gan((c) => {
      c.seed = 1;
      c.optG.lr = 1e-3;
      c.optD.lr = 1e-4;
      c.objective.unrollSteps = 5;
      c.training.maxSteps = 2500;
      c.training.lrDecay = 'linear';
    }),
  },
  {
    id: 'gan-ring-wgan-gp',
    title: 'WGAN-GP covers the ring',
    description:
      'Wasserstein critic with a gradient penalty (lambda 0.1, as in the WGAN-GP toy code), Adam (1e-3, 0.5, 0.9) ' +
      'for both nets, one critic step per G step, learning rates decaying linearly to 0.',
    config: gan((c) => {
      c.seed = 1;
      c.objective.loss = 'wganGp';
      c.objective.gpLambda = 0.1;
      c.optG = { name: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.9 };
      c.optD = { name: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.9 };
      c.training.maxSteps = 5000;
      c.training.lrDecay = 'linear';
    }),
  },
  {
    id: 'gan-grid-collapse',
    title: 'Mode collapse on the 5 x 5 grid',
    description: 'The ring collapse recipe (G learning 10x faster than D) on 25 modes.',
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
    description: 'The ring WGAN-GP recipe on 25 modes.',
    config: gan((c) => {
      c.seed = 1;
      c.data.dataset = 'grid';
      c.objective.loss = 'wganGp';
      c.objective.gpLambda = 0.1;
      c.optG = { name: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.9 };
      c.optD = { name: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.9 };
      c.training.maxSteps = 5000;
      c.training.lrDecay = 'linear';
    }),
  },
  {
    id: 'gan-saturating',
    title: 'Saturating vs non-saturating: vanishing gradients',
    description:
      'Minimax generator loss log(1 - D(G(z))) with plain SGD for G (Adam would rescale a tiny gradient back up). ' +
      "D quickly rejects the fakes, D(G(z)) goes to 0 and so does G's gradient: G stays put. " +
      'Switch the loss to non-saturating mid-run and G moves again.',
    config: gan((c) => {
      c.seed = 1;
      c.objective.loss = 'minimax';
      c.optG = { name: 'sgd', lr: 0.05, beta1: 0.5, beta2: 0.999 };
      c.training.maxSteps = 1000;
    }),
  },
];
