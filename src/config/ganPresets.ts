import { defaultGan2dConfig, type Gan2dConfig } from './gan2d';
import type { Preset } from './presets';

/** A copy of the lab's default config with some parts replaced. */
function gan(over: (c: Gan2dConfig) => void): Gan2dConfig {
  const c = structuredClone(defaultGan2dConfig);
  over(c);
  return c;
}

/**
 * The textbook collapse recipe (lectures 000, 001): a small generator (2 x 32) against a stronger
 * discriminator (2 x 128) that learns twice as fast. G settles sharply on one to three real modes.
 */
function collapseRecipe(c: Gan2dConfig): void {
  c.seed = 1;
  c.generator = { layers: 2, width: 32, activation: 'relu' };
  c.discriminator = { layers: 2, width: 128, activation: 'relu', pack: 1 };
  c.optG.lr = 5e-4;
  c.optD.lr = 1e-3;
  c.training.maxSteps = 3000;
}

/** WGAN-GP as measured: lambda 1, Adam (1e-3, 0.5, 0.9) for both nets, one critic step, linear decay. */
function wganGpRecipe(c: Gan2dConfig): void {
  c.seed = 1;
  c.objective.loss = 'wganGp';
  c.objective.gpLambda = 1;
  c.optG = { name: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.9 };
  c.optD = { name: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.9 };
  c.training.lrDecay = 'linear';
}

/**
 * The 2-D GAN presets (issues 4 and 7). Their behaviour is measured with `npm run train -- --preset ID
 * --seeds 10 --json`; docs/gan-presets.md records the numbers, seed by seed. Ids are stable.
 */
export const ganPresets: Preset[] = [
  {
    id: 'gan-ring-collapse',
    title: 'Mode collapse: vanilla GAN on the ring',
    description:
      'Non-saturating GAN; a small generator (2 × 32 ReLU, Adam 5e-4) fed 64-dimensional noise, against a stronger ' +
      'discriminator (2 × 128, Adam 1e-3), 2,000 G steps. G’s samples first pass over several modes, then settle sharply ' +
      'on one or two of the eight real modes and stay there: few modes captured, most fakes high quality ' +
      '(measured over 10 seeds in docs/gan-presets.md). The rich noise lets G squeeze all of it onto one spot.',
    config: gan((c) => {
      collapseRecipe(c);
      c.noise.dim = 64;
      c.training.maxSteps = 2000;
    }),
  },
  {
    id: 'gan-ring-oscillation',
    title: 'G learns too fast: a clump that chases D',
    description:
      'Non-saturating GAN, 3 × 128 ReLU nets, G learning 10× faster than D (Adam 1e-3 vs 1e-4). G moves all its samples ' +
      'toward wherever D is currently highest before D can react, so the fakes travel as one tight clump between the modes ' +
      'and rarely sit on any of them (0-1 modes, almost no high-quality samples). Not mode collapse onto real modes: an ' +
      'oscillation of the two players.',
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
      'Unrolled GAN (Metz et al. 2017): G is scored against D after 5 more look-ahead updates of D, taken with D’s own ' +
      'Adam state, and G’s gradient flows through those 5 updates (second order). Non-saturating loss, G 3 × 128 ReLU on ' +
      '2-dimensional noise, D 2 × 128 ReLU, Adam 1e-3 for both, learning rates decaying linearly to a fifth of that ' +
      '(2e-4) over 2,000 G steps (decaying all the way to 0 let the share of high-quality fakes fall again at the end ' +
      'on some seeds). Each G step costs 5 extra D updates and their derivatives, so this run is several times slower ' +
      'per step than the vanilla presets. Measured on seeds 1-10: all 8 modes with ≥ 80 % of the fakes high quality ' +
      'in all 10 of them.',
    config: gan((c) => {
      c.seed = 1;
      c.discriminator = { layers: 2, width: 128, activation: 'relu', pack: 1 };
      c.objective.unrollSteps = 5;
      c.objective.unrollOrder = 'second';
      c.training.lrDecay = 'linear';
      c.training.lrDecayFloor = 0.2;
      c.training.maxSteps = 2000;
    }),
  },
  {
    id: 'gan-ring-wgan-gp',
    title: 'WGAN-GP covers the ring',
    description:
      'Wasserstein critic with a gradient penalty, λ = 1 (measured: 10 of 10 seeds cover all 8 modes; the paper’s 10 ' +
      'also works, the WGAN-GP toy code’s 0.1 sometimes blows up), Adam (1e-3, 0.5, 0.9) for both nets, one critic step ' +
      'per G step, learning rates decaying linearly to 0.',
    config: gan((c) => {
      wganGpRecipe(c);
      c.training.maxSteps = 4000;
    }),
  },
  {
    id: 'gan-grid-collapse',
    title: 'Vanilla GAN on the 5 × 5 grid',
    description:
      'The ring’s small-generator recipe (2-dimensional noise) on 25 modes. It does not collapse sharply here: in short ' +
      'runs on its seed G’s fakes spread thinly over most of the grid with few high-quality samples (a blur, not a ' +
      'collapse onto a few modes; on 10 seeds 15-22 modes touched, 3-11 % high quality). Compare with the WGAN-GP, ' +
      'mixture-noise and PacGAN grid presets.',
    config: gan((c) => {
      collapseRecipe(c);
      c.data.dataset = 'grid';
    }),
  },
  {
    id: 'gan-grid-wgan-gp',
    title: 'WGAN-GP on the 5 × 5 grid',
    description:
      'The ring’s WGAN-GP recipe (λ = 1, Adam (1e-3, 0.5, 0.9), learning rates decaying linearly to 0) with 5 critic ' +
      'steps per G step, as in the WGAN-GP paper, 2,000 G steps. The fakes reach 24 or 25 of the 25 modes, but they ' +
      'stay a blur that is only denser at the modes: about 15 % of them lie within 3σ of a mode, far from the sharp ' +
      'cover of the papers (10 seeds in docs/gan-presets.md). With one critic step per G step the fakes wander over ' +
      'a dozen modes instead. The mixture-noise grid preset shows why and what sharpens it.',
    config: gan((c) => {
      wganGpRecipe(c);
      c.data.dataset = 'grid';
      c.training.dSteps = 5;
      c.training.maxSteps = 2000;
    }),
  },
  {
    id: 'gan-grid-mixture',
    title: 'WGAN-GP with mixture noise on the 5 × 5 grid (sharp cover)',
    description:
      'The WGAN-GP grid preset (λ = 1, 5 critic steps per G step, Adam (1e-3, 0.5, 0.9), rates decaying linearly ' +
      'to 0), changed in two ways: G’s 2-d noise is a fixed mixture of 50 tight Gaussian blobs (sd 0.005, centres drawn ' +
      'from N(0, I); GM-GAN, Ben-Yosef & Weinshall 2018) instead of a single Gaussian, and batches of ' +
      '128 instead of 256 (a step costs about two thirds as much and the grid sharpens in about as many steps); ' +
      '6,000 G steps. A ' +
      'continuous G maps connected noise to a connected set, so from one Gaussian it must stretch bridges between ' +
      'the 25 separate modes (the blur of the plain preset); with separate blobs it only has to place each blob ' +
      'on a mode. Choosing more blobs than modes is a prior guess about the data. On 10 seeds the fakes end on 24 ' +
      'or 25 of the 25 modes with 82-97 % of them within 3σ of a mode (docs/gan-presets.md).',
    config: gan((c) => {
      wganGpRecipe(c);
      c.data.dataset = 'grid';
      c.noise = { dim: 2, prior: 'mixture', components: 50, componentSd: 0.005 };
      c.training.batchSize = 128;
      c.training.dSteps = 5;
      c.training.maxSteps = 6000;
    }),
  },
  {
    id: 'gan-grid-pacgan',
    title: 'PacGAN on the 5 × 5 grid',
    description:
      'PacGAN (Lin et al. 2018): the discriminator judges 4 samples at once, so a generator that puts its samples in ' +
      'few places is easy to catch. Non-saturating loss, 3 × 128 nets, learning rates decaying linearly to 0, 8,000 G ' +
      'steps. On this grid it does not reach the paper’s sharp cover: on 10 seeds the fakes touch 17 to 25 of the 25 ' +
      'modes, but only 2-6 % of them lie within 3σ of a mode (a blur over the grid; docs/gan-presets.md).',
    config: gan((c) => {
      c.seed = 1;
      c.data.dataset = 'grid';
      c.discriminator.pack = 4;
      c.training.maxSteps = 8000;
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
