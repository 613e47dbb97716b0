import { defaultAepcaConfig, type AepcaConfig } from './aepca';
import type { Preset } from './presets';

function cfg(over: (c: AepcaConfig) => void): AepcaConfig {
  const c = structuredClone(defaultAepcaConfig);
  over(c);
  return c;
}

/** "AE, PCA & discrete" presets (issue 10, items 3-5). Ids are stable (the CLI and lessons use them). */
export const aepcaPresets: Preset[] = [
  {
    id: 'linear-ae-pca',
    title: 'Linear autoencoder = PCA (and PPCA)',
    description:
      'Two linear autoencoders (different seeds) trained by Adam (lr 0.01, half-cosine decay) from random init on 10,000 centred MNIST ' +
      'digits, against the closed-form PCA residual; a linear-Gaussian VAE against probabilistic PCA.',
    config: cfg((c) => {
      c.training.lr = 0.01;
    }),
  },
  {
    id: 'ae-not-generative',
    title: 'Autoencoders are not generative',
    description:
      'A plain and a denoising autoencoder and a VAE (same networks, d = 8): decode z ~ N(0, I) and z from ' +
      'a Gaussian fitted to the codes.',
    config: cfg((c) => {
      c.demo = 'generative';
      c.model.latentDim = 8;
      c.training = { steps: 3000, batchSize: 128, lr: 1e-3 };
    }),
  },
  {
    id: 'discrete-vae',
    title: 'Discrete latents: Gumbel-softmax VAE',
    description:
      'A VAE with 20 categorical latents of 10 categories trained with the Gumbel-softmax relaxation ' +
      '(temperature annealed), next to a Gaussian VAE with 20 dimensions.',
    config: cfg((c) => {
      c.demo = 'discrete';
      c.model.latentDim = 20;
      c.training = { steps: 3000, batchSize: 128, lr: 1e-3 };
    }),
  },
];
