import type { Lesson } from './types';

/** Where constraints enter (issue 11): the constraint lab's comparison, one step per idea. */
export const constraintsLesson: Lesson = {
  id: 'constraints',
  title: 'Where constraints enter',
  lectures: 'lecture 000 §3 (eq. 15-18) and §6 (eq. 21)',
  summary:
    'The same constrained target reached five ways: filtered data, a penalty, the prior, a condition, and an iterative sampler that corrects its samples.',
  steps: [
    {
      title: 'One target, many routes',
      tab: 'constraints',
      preset: 'constraints-ring-halfplane',
      highlight: ['constraints-target', 'constraints-run'],
      text: String.raw`The data are the ring of eight Gaussians; the constraint $C$ is the half-plane $y \ge 0.5$, which keeps the three upper modes. The picture is the target of eq. 21 with $\phi$ the distance to $C$,

$$\pi(x) \propto p(x)\,e^{-\lambda\phi(x)}\,\mathbf 1\{x \in C\},$$

computed exactly on a grid (in hard mode $\phi = 0$ on $C$, so $\pi \propto p\,\mathbf 1_C$). Press **Train**: the lab trains four small GANs and three small VAEs, one after the other (the plain GAN, which the prior and the iterative samplers reuse, 4,000 steps; the others 2,000 each), and measures 2,500 samples of each route against $\pi$.`,
    },
    {
      title: 'One shot: the constraint has to be learned',
      tab: 'constraints',
      highlight: ['constraints-table'],
      text: String.raw`Rows (a)–(d) sample in one forward pass, so the constraint can only reach them through training: the data they see (a), a penalty in the objective (b; for the VAE the regularised ELBO of eq. 18, $\mathbb E_q[\log p(x\mid z)] - \mathrm{KL}(q\,\|\,p) - \lambda\,\mathbb E_q[\phi(f(z))]$), the prior over codes (c, a mixture of Gaussians as in eq. 17, fitted to codes the trained $G$ maps into $C$, or for the VAE to the codes of feasible training points) or a condition $c$ = "feasible" fed to both networks (d). Read the **feasible** column. A route gets there only as far as its training did. On this easy target (the feasible modes lie far from the infeasible ones) the routes that change what the model learns from, filtered data (a) and the condition (d), and the VAE's prior (c) reached 100 % on every one of ten measured seeds; the penalties (b) did not (about 80 % for the GAN, 40 % for the VAE), nor did the GAN's prior (about 96 %). Nothing in these models checks or repairs a sample once it is drawn, each needed the constraint before training, and the soft routes (b) trade feasibility against fit through $\lambda$.`,
    },
    {
      title: 'Iterative: samples can be corrected',
      tab: 'constraints',
      highlight: ['constraints-table'],
      text: String.raw`Rejection sampling draws from the plain GAN and keeps a sample with probability $\mathbf 1\{x\in C\}$ (or $e^{-\lambda\phi}$ when soft): exactly feasible, at the cost column's price of forward passes per kept sample. Latent Langevin takes noisy gradient steps on $|z|^2/2 + w\,\phi(G(z))$ and, in hard mode, projects $G(z)$ onto $C$ at the end: feasible by construction, because the procedure has intermediate states it can correct. Both work on the plain GAN, which was trained without the constraint: their edge over rows (a)–(d) is not a higher feasible share on this target, where some one-shot routes reach 100 % too, but that a constraint chosen at sampling time is enforced without training a new model. Compare the **modes** and **MMD** columns too: feasibility alone does not say the samples cover $\pi$.`,
    },
    {
      title: 'The same question on digits',
      tab: 'constraints',
      preset: 'constraints-mnist-ink',
      highlight: ['mnist-ink-panel'],
      text: String.raw`Below the 2-D lab, the MNIST version asks for digits with little ink: the mean pixel intensity of the decoded image $f(z)$ must stay below $t$. A small VAE is trained on all digits, then three ways produce images: one shot ($z \sim \mathcal N(0, I)$, decode), rejection (decode, keep the image only if its ink is below $t$), and Langevin steps in the code space on $|z|^2/2 + w\,\max(0, \mathrm{ink}(f(z)) - t)$. Press **Train** there and compare the **feasible** and **cost** columns and the three grids: the one-shot VAE was never told about $t$, rejection pays in decoder passes, and Langevin pays in gradient steps (with no projection at the end, its feasibility is measured, not guaranteed).`,
    },
  ],
};
