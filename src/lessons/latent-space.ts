import type { Lesson } from './types';

/** The shape of the latent space: lecture 002 (aggregated posterior vs prior, holes). */
export const latentSpaceLesson: Lesson = {
  id: 'latent-space',
  title: 'The shape of the latent space',
  lectures: 'lecture 002 (typical issues with VAEs: aggregated posterior, holes); lecture 000 eq. 1',
  summary:
    'Train a VAE with a 2-D code and look at it: the codes of the test digits, the decoded plane, and the holes between what the encoder uses and what the prior samples.',
  steps: [
    {
      title: 'A code you can see',
      tab: 'latent',
      preset: 'vae-2d',
      highlight: ['btn-run', 'panel-latent-scatter'],
      text: String.raw`This run is the classic VAE with a **two-dimensional** code, so the whole latent space fits on the screen. Press **Start**.

The scatter plots, for each of the 10,000 test digits, the mean $\mu_\phi(x)$ of its posterior $q_\phi(z\mid x)$, coloured by the digit it shows, over circles at 1, 2 and 3 standard deviations of the prior $p(z)=\mathcal N(0,I)$. Watch the digits sort themselves into regions as training goes: nobody told the model the labels.`,
      waitFor: 'step >= 600',
      waitHint: 'Press Start and train to step 600 (a little over one epoch).',
    },
    {
      title: 'Drive the decoder',
      tab: 'latent',
      highlight: ['panel-latent-sliders'],
      text: String.raw`Each slider is one coordinate of $z$, in prior standard deviations; the picture is the decoder's mean for that $z$. Slide through the regions you saw in the scatter: the digit changes where the scatter's colours change, and morphs smoothly in between — the decoder is a continuous function of $z$, and the KL term keeps neighbouring codes meaning similar images.

Slide far out, past 3: the prior almost never samples there and no test digit lives there, so nothing trained the decoder for those codes.`,
    },
    {
      title: 'The plane, tile by tile',
      tab: 'latent',
      highlight: ['panel-latent-manifold'],
      text: String.raw`The manifold decodes an $N\times N$ grid of codes. With "prior quantiles" spacing the grid sits at $\Phi^{-1}\big((i+\tfrac12)/N\big)$ along each axis, so every tile stands for the same share of the prior's probability: the grid is what sampling from $p(z)$ would show you, laid out in order.

This is the model as a generator (lecture 000, eq. 1): $p_\theta(x)$ mixes the decoder's outputs over $p(z)$.`,
    },
    {
      title: 'Holes: where the prior and the codes disagree',
      tab: 'latent',
      highlight: ['panel-latent-scatter', 'panel-latent-manifold'],
      text: String.raw`The prior is one round Gaussian. What the encoder actually uses is the **aggregated posterior**, the average of all the digits' posteriors (lecture 002):

$$q_\phi(z)=\frac1N\sum_{i=1}^N q_\phi(z\mid x_i).$$

The average KL the ELBO pays splits into two parts: how much the codes say about the digits, and how far the aggregate is from the prior,

$$\mathbb E_{x}\,\mathrm{KL}\big(q_\phi(z\mid x)\,\|\,p(z)\big)=I_q(x;z)+\mathrm{KL}\big(q_\phi(z)\,\|\,p(z)\big).$$

The first part is what the code is for, so the second is never driven all the way to zero. Look for the gaps between clusters in the scatter that still lie inside the 2σ circle: the prior puts real mass there, few test digits do. Hover the manifold tiles over such a gap — the decoder's images there are the blurry, in-between shapes that samples from the prior sometimes produce.`,
    },
  ],
};
