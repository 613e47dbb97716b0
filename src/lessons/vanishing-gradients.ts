import type { Lesson } from './types';

/** Vanishing gradients, saturating vs non-saturating generator loss: lecture 001. */
export const vanishingGradientsLesson: Lesson = {
  id: 'vanishing-gradients',
  title: 'Vanishing gradients: saturating vs non-saturating',
  lectures: 'lecture 001 (training GANs: vanishing gradients problem; Algorithm 1); lecture 000 §5',
  summary:
    'With the minimax generator loss, a confident discriminator leaves the generator without a gradient. Flip one switch and it learns again.',
  steps: [
    {
      title: 'When D wins, G stops hearing it',
      tab: 'gan',
      preset: 'gan-saturating',
      // Long enough to watch both halves of the story in one run.
      patch: { 'training.maxSteps': 3000 },
      highlight: ['gan-run', 'gan-chart-grad', 'gan-chart-d'],
      text: String.raw`In the original game $G$ minimises $\mathbb E_z[\log(1-D(G(z)))]$ (lecture 001). Write $D(G(z))=\sigma(a)$ with $a$ the discriminator's logit. Then

$$\frac{\partial}{\partial a}\log\big(1-\sigma(a)\big)=-\sigma(a)=-D(G(z)).$$

Every gradient $G$ receives is scaled by $D(G(z))$. Early in training fakes are easy to spot, $D(G(z))\to 0$, and the signal vanishes with it. This preset makes it visible: minimax loss, plain SGD for $G$ (Adam would rescale a tiny gradient back up). Press **Start**.

$$D(G(z))\approx {{gan.dFake:e}},\qquad \|\nabla_\theta \text{G loss}\|\approx {{gan.gradNorm:e}} .$$`,
      narrations: [
        {
          when: 'gan.dFake < 0.01',
          text: 'D is winning: it scores the fakes D(G(z)) = {{gan.dFake:e}}, below 0.01.',
        },
        {
          when: 'gan.gradNorm < 1e-3 and gan.dFake < 0.01',
          text: "Vanishing gradients: G's gradient norm has fallen to {{gan.gradNorm:e}}, below 1e-3, so its SGD steps barely move the fakes.",
        },
      ],
      waitFor: 'gan.gradNorm < 1e-3',
      waitHint: "Press Start and wait until G's gradient norm falls below 1e-3.",
    },
    {
      title: 'The fix: a loss that is steep where it matters',
      tab: 'gan',
      set: { loss: 'nonSaturating' },
      highlight: ['gan-loss', 'gan-chart-grad'],
      text: String.raw`The lab has just switched $G$ to the **non-saturating** loss $-\mathbb E_z[\log D(G(z))]$, keeping the run. Its slope in the logit is

$$\frac{\partial}{\partial a}\big(-\log\sigma(a)\big)=-(1-\sigma(a))=-(1-D(G(z))),$$

close to $-1$ exactly when $D$ rejects the fakes: the worse $G$ does, the stronger its signal. Both losses push toward the same place ($p_g=p_{\text{data}}$); only the size of the push differs.

$$D(G(z))\approx {{gan.dFake:3}},\qquad \|\nabla_\theta \text{G loss}\|\approx {{gan.gradNorm:e}} .$$`,
      narrations: [
        {
          when: 'gan.gradNorm > 1e-2',
          text: 'G hears D again: its gradient norm is {{gan.gradNorm:e}}, above 1e-2, and the fakes are moving.',
        },
      ],
      waitFor: 'gan.gradNorm > 1e-2',
      waitHint: 'Keep training (or press Resume) until the gradient norm rises above 1e-2.',
    },
    {
      title: 'How many D steps?',
      tab: 'gan',
      highlight: ['gan-k'],
      text: String.raw`Algorithm 1 of the original paper takes $k$ discriminator steps per generator step (lecture 001). A larger $k$ brings $D$ closer to $D^*$ — a better teacher — but with the minimax loss a better $D$ also means a flatter $\log(1-D(G(z)))$ and a quieter $G$. Try $k=5$ with each loss and compare the gradient-norm chart.`,
    },
  ],
};
