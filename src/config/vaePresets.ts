import type { Preset } from './presets';
import { classicVaeConfig, type VaeConfig } from './vae';

/** The classic VAE with some model and objective fields changed. */
function variant(edit: {
  model?: Partial<VaeConfig['model']>;
  objective?: Partial<VaeConfig['objective']>;
  training?: Partial<VaeConfig['training']>;
}): VaeConfig {
  const c = structuredClone(classicVaeConfig);
  return {
    ...c,
    model: { ...c.model, ...edit.model },
    objective: { ...c.objective, ...edit.objective },
    training: { ...c.training, ...edit.training },
  };
}

/**
 * The VAE family's presets (issue 9). Stable ids: the CLI, URLs and lessons refer to them. Measured
 * numbers for each are in the README.
 */
export const vaePresets: Preset[] = [
  {
    id: 'vae-beta4',
    title: 'β-VAE, β = 4, 50-D latent',
    description:
      'β = 4 on a 50-dimensional latent: fewer active units, blurrier samples. The KL costs four times as much, so the encoder spends fewer nats on each digit and lets the dimensions it can spare fall back to the prior. Measured (seed 1, all 60,000 training digits, the first 2,000 test digits): after 1, 2, 3 and 4 epochs 50, 49, 39 and 35 of the 50 dimensions pass the active-unit test (Cov > 0.01), against 50 of 50 each time for the classic VAE with the same 50-D latent; after 4 epochs the KL is 8.1 nats per digit against 24.8. With the classic 20-D latent β = 4 still kept all 20 units active after 1 and 2 epochs: the effect needs spare dimensions.',
    config: variant({ model: { latentDim: 50 }, objective: { beta: 4 } }),
  },
  {
    id: 'vae-collapse',
    title: 'Partial posterior collapse (strong decoder, no warm-up)',
    description:
      'A wide 64-dimensional latent, a strong two-layer decoder and a weak encoder, with the full KL from the first step: dimensions fall back onto the prior one after another and the active-unit count drops. Measured (seed 1, 10 epochs): 64, 63, 61, 60, 53, 49, 51, 49, 46, 45 of 64 active after epochs 1–10, so 19 of 64 closed: a partial collapse, not the whole code. Turn on KL warm-up or free bits and Reset to compare. (The autoregressive decoder, model.decoder, did not collapse in a short run: its KL rose from 10.6 to 14.6 nats over its first 500 steps.)',
    config: variant({
      model: { latentDim: 64, encoderHidden: [64], decoderHidden: [512, 512] },
    }),
  },
  {
    id: 'vae-mixture-2d',
    title: 'Mixture prior on a 2-D latent',
    description:
      'A 2-D latent with a learned mixture of 10 Gaussians as the prior (lecture 000 eq. 17): the prior can follow the clusters the digits form instead of forcing one round blob. The KL has no closed form and is estimated by Monte Carlo.',
    config: variant({ model: { latentDim: 2, prior: 'mixture', priorComponents: 10 } }),
  },
  {
    id: 'cvae',
    title: 'Conditional VAE (digits by class)',
    description:
      'The label goes into the encoder and the decoder (lecture 000 eq. 15-16), so z only has to carry style: one row of samples per class, the same z in each column, and style transfer from a test digit to every class.',
    config: variant({ model: { variant: 'conditional', latentDim: 2 } }),
  },
  {
    id: 'iwae-k5',
    title: 'IWAE, k = 5',
    description:
      'Trained on the importance-weighted bound with 5 samples per digit (Burda et al. 2016) instead of the ELBO: a tighter bound and a better log p(x) (Burda et al. also report more active units; with this 20-D latent the classic VAE already keeps all 20 active); each step decodes five times as many samples.',
    config: variant({ objective: { bound: 'iwae', samples: 5 } }),
  },
  {
    id: 'vae-conv',
    title: 'Convolutional VAE',
    description:
      'Convolutional encoder and decoder (two 4×4 stride-2 convolutions each way, 16 and 32 channels, a 256-unit dense layer), small enough to train in the browser.',
    config: variant({ model: { architecture: 'conv', encoderHidden: [256], decoderHidden: [256] } }),
  },
  {
    id: 'vae-categorical',
    title: '256-way categorical likelihood',
    description:
      "Each pixel's 8-bit value gets a 256-way categorical distribution (lecture 002's \"VAE in action\"): log p(x|z) is a true log-probability of the 8-bit image, so its nats are not comparable with the Bernoulli's. Slower: 784 x 256 logits per digit.",
    config: variant({ model: { likelihood: 'categorical' }, training: { batchSize: 64 } }),
  },
];
