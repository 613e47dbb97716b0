import type { Lesson } from './types';

/** The reparameterization trick: lecture 001 (VAE from scratch) and lecture 003 (gradient estimators). */
export const reparameterizationLesson: Lesson = {
  id: 'reparameterization',
  title: 'The reparameterization trick',
  lectures:
    'lecture 001 (reparametrization trick); lecture 003 (REINFORCE vs reparameterization, discrete latents)',
  summary:
    'Why a sampled z blocks the gradient to the encoder, how z = μ + σ·ε lets it through, and when the trick does not apply.',
  steps: [
    {
      title: 'A gradient through a dice roll',
      tab: 'vae',
      preset: 'classic-vae',
      highlight: ['btn-run'],
      text: String.raw`The reconstruction term is an average over codes drawn from the encoder, $\mathbb E_{z\sim q_\phi(z\mid x)}[\log p_\theta(x\mid z)]$. Its gradient in the decoder's $\theta$ is easy: the distribution does not depend on $\theta$, so the gradient goes inside the average (lecture 003). In the encoder's $\phi$ it is not: moving $\phi$ moves the distribution the samples come from, and "draw a sample" has no derivative.

One general answer is the score-function (REINFORCE) estimator,

$$\nabla_\phi\,\mathbb E_{q_\phi}[f(z)]=\mathbb E_{q_\phi}\big[f(z)\,\nabla_\phi\log q_\phi(z\mid x)\big],$$

which works for any $q$ but is noisy: it only learns whether a whole sample scored well, not in which direction $z$ should move.

Press **Start**; the next step shows the alternative at work.`,
      waitFor: 'step >= 200',
      waitHint: 'Press Start and let it take 200 steps.',
    },
    {
      title: 'Move the randomness outside',
      tab: 'latent',
      highlight: ['panel-reparam', 'latent-from-test'],
      text: String.raw`For a Gaussian encoder, a sample can be written as a fixed function of parameter-free noise (lecture 001):

$$z=\mu_\phi(x)+\sigma_\phi(x)\odot\varepsilon,\qquad \varepsilon\sim\mathcal N(0,I).$$

Now the average is over $\varepsilon$, whose distribution does not depend on $\phi$, and the gradient can go inside:

$$\nabla_\phi\,\mathbb E_{\varepsilon}\big[f(\mu_\phi+\sigma_\phi\odot\varepsilon)\big]=\mathbb E_{\varepsilon}\big[\nabla_\phi f(\mu_\phi+\sigma_\phi\odot\varepsilon)\big].$$

Backpropagation then flows through $z$ into $\mu$ and $\sigma$: the pathwise gradient says which way each coordinate of $z$ should move.

Press **From a test digit** (or click a point in the scatter) to pick a digit. The highlighted panel shows its $\mu$, $\sigma$, one $\varepsilon$ and the resulting $z$, number by number. **Resample ε** draws another $z$ from the same $q(z\mid x)$: $\mu$ and $\sigma$ stay, only the outside noise changes.`,
    },
    {
      title: 'One sample is enough — usually',
      tab: 'latent',
      highlight: ['reparam-resample', 'reparam-sample'],
      text: String.raw`Training uses a single $\varepsilon$ per digit and step ($K=1$, lecture 003): the estimate is noisy but unbiased, and the noise averages out over a batch of 128 digits and thousands of steps. Resample a few times: where $\sigma$ is small the decoded sample hardly changes — the encoder is sure about that digit; where it is large the sample wanders to neighbouring shapes.

The trick needs $z$ to be a differentiable function of $\phi$. For **discrete** codes (a category, a bit) there is no such path: one falls back on REINFORCE with variance reduction, or relaxes the choice into a continuous one (Gumbel-softmax), as lecture 003 discusses.`,
    },
  ],
};
