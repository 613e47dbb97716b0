import type { Lesson } from './types';

/** β and posterior collapse: lecture 004 (VAE with β), lecture 002 (posterior collapse), lecture 001. */
export const betaCollapseLesson: Lesson = {
  id: 'beta-collapse',
  title: 'β and posterior collapse',
  lectures:
    'lecture 004 (the trade-off, β-VAE); lecture 002 (typical issues: posterior collapse); lecture 001',
  summary:
    'Weigh the KL term by β and watch the code give up information; weigh it heavily enough and the encoder says nothing at all.',
  steps: [
    {
      title: 'One knob between the two terms',
      tab: 'vae',
      preset: 'classic-vae',
      highlight: ['btn-run', 'hp-beta'],
      text: String.raw`Lecture 004 writes the VAE's objective with a weight on the regulariser:

$$\min_{\theta,\phi}\ \underbrace{\mathbb E_{q_\phi}[-\log p_\theta(x\mid z)]}_{\text{recon}}+\beta\,\mathrm{KL}\big(q_\phi(z\mid x)\,\|\,p(z)\big).$$

$\beta=1$ is the ELBO. $\beta>1$ (the β-VAE) charges more for every nat the code carries — a looser lower bound on $\log p_\theta(x)$ that favours simpler codes at the cost of reconstructions; $\beta<1$ is no bound at all. Press **Start**. The loss being minimised now:

$$ {{vae.recon:1}} + {{vae.beta:1}}\times {{vae.kl:2}}\quad(\text{recon} + \beta\cdot\text{KL}).$$`,
      waitFor: 'step >= 300',
      waitHint: 'Press Start and train to step 300.',
    },
    {
      title: 'Turn β up, live',
      tab: 'vae',
      set: { beta: 4 },
      highlight: ['hp-beta', 'chart-kl', 'chart-recon'],
      text: String.raw`The lab has set $\beta=4$ on the running model; the β field (highlighted) applies any value at once, so try others. Each nat of KL now costs four nats of loss, so the encoder keeps only the information that buys at least that much reconstruction: the KL chart falls, the reconstruction chart rises.

$$\text{recon}\approx {{vae.recon:1}},\quad \mathrm{KL}\approx {{vae.kl:2}}\ \text{nats},\quad \beta={{vae.beta:1}} .$$

The reconstructions get vaguer — the code no longer says exactly which 3 this is, only roughly what a 3 looks like.`,
    },
    {
      title: 'Posterior collapse',
      tab: 'vae',
      preset: 'classic-vae',
      patch: { 'objective.beta': 50 },
      highlight: ['chart-kl', 'samples-grid', 'recon-grid'],
      text: String.raw`A new run with $\beta=50$ from the start. Press **Start**.

Lecture 002 names the failure this produces: **posterior collapse**, $q_\phi(z\mid x)=p(z)$ for every $x$. Then the KL term is zero, the code tells the decoder nothing, and the decoder learns to draw the one image that is least wrong on average — whatever $z$ it gets. Lecture 001 gives the cause seen here: a regulariser so strong that keeping any information about $x$ costs more than it earns (with a powerful enough decoder the same happens even at $\beta=1$).

$$\mathrm{KL}\approx {{vae.kl:3}}\ \text{nats per digit},\qquad \text{recon}\approx {{vae.recon:1}} .$$

Compare the reconstructions with their originals, and the 64 prior samples with each other.`,
      narrations: [
        {
          when: 'kl < 0.5 and step >= 100',
          text: 'The KL per example is {{vae.kl:3}} nats, below 0.5: the posterior has collapsed. Every digit is encoded as (nearly) the prior, so every reconstruction and every sample is the same average shape.',
        },
      ],
      waitFor: 'kl < 0.5 and step >= 300',
      waitHint: 'Press Start and train to step 300.',
    },
    {
      title: 'Compare the two',
      tab: 'runs',
      highlight: ['runs-save', 'compare-panel'],
      text: String.raw`Save this run in the **Runs** tab, train a β = 1 run (load the classic preset and Start), save it too, and tick both under *Compare*: the KL curves lie on one chart, the sample grids side by side.

Remedies used in practice keep the KL weight small early (KL annealing) or let each dimension keep a few nats for free; both avoid the point where giving up the code is the cheapest move.`,
    },
  ],
};
