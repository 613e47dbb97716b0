import type { Lesson } from './types';

/** The Inference theory tab's four demos (issue 10 items 1, 2, 6, 7), one step each. */
export const inferenceTheoryLesson: Lesson = {
  id: 'inference-theory',
  title: 'Inference theory, measured',
  lectures: 'lecture 000 eq. 13 and §4; lecture 003 (ELBO gap, gradient estimators, amortized inference)',
  summary:
    'The ELBO gap computed exactly on a 2-D latent, REINFORCE against reparameterization, the amortization gap and inpainting, and why likelihood is not sample quality.',
  steps: [
    {
      title: 'The gap, exactly',
      tab: 'theory',
      lab: 'vae',
      preset: 'vae-2d',
      highlight: ['theory-start', 'theory-exact-run'],
      text: String.raw`With a 2-D latent the marginal likelihood is a 2-D integral, so it can be computed by brute force on a grid:

$$\log p(x)=\log\sum_{ij} p(x\mid z_{ij})\,p(z_{ij})\,\Delta A .$$

Press **Train**, wait a couple of thousand steps, pause, then **Compute the exact posterior**. The blue regions are the true posterior $p(z\mid x)$, the red ellipses the encoder's $q(z\mid x)$, and the table checks lecture 003's identity

$$\log p(x)=\text{ELBO}+\mathrm{KL}\big(q(z\mid x)\,\|\,p(z\mid x)\big)$$

with the KL computed on the grid, not as a difference. The IWAE rows climb from the ELBO to $\log p(x)$ as $k$ grows.`,
      waitFor: 'step >= 1500',
      waitHint: 'Press Train and let it take 1,500 steps.',
    },
    {
      title: 'Two estimators of one gradient',
      tab: 'theory',
      lab: 'vae',
      highlight: ['theory-gradvar-run', 'theory-estimator'],
      text: String.raw`Both estimators are unbiased for $\nabla_\phi\,\mathbb E_{q_\phi}[\log p(x\mid z)]$:

$$\mathbb E_\varepsilon\big[\nabla_\phi \log p(x\mid \mu_\phi+\sigma_\phi\varepsilon)\big]\quad\text{and}\quad \mathbb E_{q}\big[(\log p(x\mid z)-b)\,\nabla_\phi\log q_\phi(z\mid x)\big].$$

**Measure the variances**: the score function's is orders of magnitude larger; a baseline $b$ recovers much of it. Then switch the running model to the score function and watch the VAE trainer's loss: the same steps buy far less.`,
    },
    {
      title: 'What one shared encoder costs',
      tab: 'theory',
      lab: 'vae',
      highlight: ['theory-amortize-run', 'theory-inpaint-run'],
      text: String.raw`The encoder answers for every digit at once. Optimizing one digit's own $q$ raises its ELBO: the mean gain is the **amortization gap**; what is left up to $\log p(x)$ is the limit of a Gaussian $q$. Then hide half a digit and fill it in: the encoder alone sees a blank, while optimizing $z$ on the visible pixels finds a code that explains them, and the best fill depends on what is visible.`,
    },
    {
      title: 'Likelihood is not sample quality',
      tab: 'theory',
      lab: 'vae',
      highlight: ['theory-likelihood-run'],
      text: String.raw`Mixing the model with noise at weight $0.99$ costs at most $\log 100\approx 4.6$ nats, since $\log\big(0.01\,p(x)+0.99\,p_{\text{noise}}(x)\big)\ge \log p(x)-\log 100$, yet 99 % of its samples are noise. A memorizer of ten training digits has perfect samples and a far worse test likelihood. Press **Compare** to see both numbers.`,
    },
  ],
};
