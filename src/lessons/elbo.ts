import type { Lesson } from './types';

/** The ELBO and its two terms: lecture 000 §2 (eq. 5-14) and lecture 002 (computing the ELBO loss). */
export const elboLesson: Lesson = {
  id: 'elbo',
  title: 'The ELBO and its two terms',
  lectures: 'lecture 000 §2, eq. 5-14; lecture 002 (computing the ELBO loss)',
  summary:
    'Why a VAE maximises a lower bound instead of log p(x), how the bound splits into reconstruction and KL, and what the gap is.',
  steps: [
    {
      title: 'A likelihood we cannot compute',
      tab: 'vae',
      preset: 'classic-vae',
      highlight: ['btn-run'],
      text: String.raw`A VAE explains each digit $x$ by a hidden code $z$: draw $z$ from the prior $p(z)=\mathcal N(0,I)$, then draw the pixels from the decoder $p_\theta(x\mid z)$ (lecture 000, eq. 1). The model's probability of a digit is an integral over every code:

$$p_\theta(x)=\int p_\theta(x\mid z)\,p(z)\,dz .$$

With a neural decoder this integral has no closed form, so we cannot maximise $\log p_\theta(x)$ directly. The way out is an *encoder* $q_\phi(z\mid x)$ that proposes codes likely to have produced $x$, and Jensen's inequality (eq. 6-10):

$$\log p_\theta(x)=\log \mathbb E_{q_\phi}\!\Big[\tfrac{p_\theta(x,z)}{q_\phi(z\mid x)}\Big]\;\ge\;\mathbb E_{q_\phi}\!\Big[\log\tfrac{p_\theta(x,z)}{q_\phi(z\mid x)}\Big]=\mathcal L(x).$$

Press **Start** to train the classic VAE (784-400-20, Bernoulli pixels) on MNIST.`,
      waitFor: 'step >= 100',
      waitHint: 'Press Start and let it take 100 steps.',
    },
    {
      title: 'Two terms you can watch',
      tab: 'vae',
      highlight: ['chart-recon', 'chart-kl'],
      text: String.raw`Writing $p_\theta(x,z)=p_\theta(x\mid z)\,p(z)$ splits the bound in two (eq. 12):

$$\mathcal L(x)=\underbrace{\mathbb E_{q_\phi(z\mid x)}[\log p_\theta(x\mid z)]}_{\text{reconstruction}}-\underbrace{\mathrm{KL}\big(q_\phi(z\mid x)\,\|\,p(z)\big)}_{\text{regulariser}} .$$

The lab minimises $-\mathcal L$ per digit, in nats. Right now (smoothed over recent steps):

$$-\mathcal L \approx {{vae.recon:1}} + {{vae.kl:2}} = {{vae.negElbo:1}}\ \text{nats}.$$

- The **reconstruction** term is $-\log p_\theta(x\mid z)$ summed over the 784 pixels (binary cross-entropy), with the expectation estimated from **one** sampled $z$ per digit: a Monte Carlo average with $M=1$ (lecture 002).
- The **KL** term needs no sampling: for $q=\mathcal N(\mu,\operatorname{diag}\sigma^2)$ and $p=\mathcal N(0,I)$ it is $\tfrac12\sum_j(\mu_j^2+\sigma_j^2-\log\sigma_j^2-1)$ in closed form (lecture 002).

The first term rewards codes that let the decoder redraw $x$; the second charges for every nat of information the code carries about $x$ beyond the prior.`,
      narrations: [
        {
          when: 'vae.kl < 2 and vae.step >= 1',
          text: 'The KL is still below 2 nats ({{vae.kl:2}}): the codes carry little about each digit yet, so the decoder draws something close to an average digit.',
        },
        {
          when: 'vae.kl >= 15',
          text: 'The KL has passed 15 nats ({{vae.kl:1}}): the encoder now pays that much per digit to tell the decoder which digit it is — and the reconstruction term has fallen far more than that.',
        },
      ],
      waitFor: 'step >= 400',
      waitHint: 'Keep training to step 400.',
    },
    {
      title: 'How loose is the bound?',
      tab: 'vae',
      highlight: ['chart-loss'],
      text: String.raw`The bound misses $\log p_\theta(x)$ by exactly one KL divergence (eq. 13):

$$\log p_\theta(x)=\mathcal L(x)+\mathrm{KL}\big(q_\phi(z\mid x)\,\|\,p_\theta(z\mid x)\big).$$

The gap is zero only when the encoder's guess equals the true posterior. So one gradient step does two things at once: in $\phi$ it tightens the bound, in $\theta$ it raises the likelihood the bound guarantees. Over a data set the objective is the sum of the per-digit bounds (eq. 14); the charts show the average per digit.

The red dots are the **test** set's $-\mathcal L$ after each epoch. Because $-\mathcal L \ge -\log p_\theta(x)$, the model's average test negative log-likelihood is at most that value (up to the noise of one sample per digit).`,
      waitFor: 'vae.epoch >= 1',
      waitHint: 'The first red dot appears at the end of the first epoch (469 steps at batch 128).',
      narrations: [
        {
          when: 'vae.epoch >= 1',
          text: 'After {{vae.epoch:i}} epoch(s) the test set scores $-\\mathcal L$ = {{vae.testLoss:1}} nats per digit: an upper bound on its negative log-likelihood under this model.',
        },
      ],
    },
    {
      title: 'What each term draws',
      tab: 'vae',
      highlight: ['recon-grid', 'samples-grid'],
      text: String.raw`The **reconstructions** (top panel, second row) are the decoder's mean at the encoder's code $\mu_\phi(x)$: the reconstruction term made them. The **samples** (bottom) decode codes drawn from the prior $p(z)$ at fixed noise: they look like digits only because the KL term kept the encoder's codes where the prior puts its mass. A VAE is a generator precisely because of its second term.

Both grids are blurry in places: a Bernoulli decoder's mean averages every stroke it is unsure of. Keep training and watch them sharpen; the Lessons tab has the next lesson, on the trick that makes the first term trainable.`,
    },
  ],
};
