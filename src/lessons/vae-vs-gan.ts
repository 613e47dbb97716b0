import type { Lesson } from './types';

/**
 * The two runs this lesson compares. When a GAN on MNIST lands (issue 12), swapping it in is this one
 * line: { preset: 'dcgan-mnist', tab: '<its tab>', data: 'MNIST, the same digits as the VAE' }.
 */
const GAN_RUN = { preset: 'gan-ring-wgan-gp', tab: 'gan', data: 'a ring of eight Gaussians in the plane' };
const VAE_RUN = { preset: 'classic-vae', tab: 'vae', data: 'MNIST' };

/** VAE vs GAN: lecture 000 §4 (likelihood-free learning) and §5; lecture 001 (why GANs). */
export const vaeVsGanLesson: Lesson = {
  id: 'vae-vs-gan',
  title: 'VAE vs GAN',
  lectures: 'lecture 000 §4-5 (likelihood-free learning, GANs); lecture 001 (why GANs, limitations of VAEs)',
  summary:
    'Two ways to learn a generator: maximise a bound on the likelihood, or train it to fool a learned test. What each gives you, and what it costs.',
  steps: [
    {
      title: 'The VAE: a likelihood, bounded',
      tab: VAE_RUN.tab,
      preset: VAE_RUN.preset,
      highlight: ['btn-run', 'chart-loss', 'samples-grid'],
      text: String.raw`Train the VAE on ${VAE_RUN.data} (press **Start**). It is likelihood-based: training raises the ELBO, a lower bound on $\log p_\theta(x)$, so the lab can say how well the model explains data: $-\mathcal L\approx {{vae.negElbo:1}}$ nats per training digit now (smoothed), and the red dots give it for held-out digits after each epoch.

Its price (lecture 000 §4, lecture 001): a decoder that must assign probability to *every* training image spreads mass where it is unsure, so its mean images blur strokes it cannot place, and a simple prior plus the KL term limits how much each code can say.`,
      waitFor: 'step >= 300',
      waitHint: 'Press Start and train to step 300.',
    },
    {
      title: 'The GAN: no likelihood, a learned test',
      tab: GAN_RUN.tab,
      preset: GAN_RUN.preset,
      highlight: ['gan-run'],
      text: String.raw`This GAN learns ${GAN_RUN.data}. Press **Start**. It has no $p_\theta(x)$ to evaluate: $G$ only ever produces samples, and a discriminator (here a Wasserstein critic) decides what "looks real" (lecture 000 §4: compare the distributions through samples alone).

What that buys: the training signal is about samples, so $G$ is never asked to cover low-probability junk and its samples can be sharp. What it costs: no bound to read off, no encoder from data to code, a two-player game that can oscillate, and no guarantee of covering every mode (lecture 000 §5).`,
    },
    {
      title: 'Side by side',
      text: String.raw`- **Objective.** VAE: maximise the ELBO, a bound on $\log p_\theta(x)$ (eq. 5-14). GAN: a minimax game whose optimum minimises a divergence between $p_{\text{data}}$ and $p_g$ (eq. 19-20).
- **What you can compute.** VAE: a per-example score (the ELBO) and an encoder $q_\phi(z\mid x)$. GAN: samples only.
- **Typical failure.** VAE: blur, posterior collapse when the KL wins. GAN: vanishing gradients, oscillation, mode collapse.
- **Coverage vs sharpness.** Maximum likelihood punishes missing any training example, so a VAE covers the data and blurs; a GAN's test punishes what looks fake, so it is sharp and may miss modes.

Save both runs (Runs tab) to put their curves and samples side by side.`,
    },
  ],
};
