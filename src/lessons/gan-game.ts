import type { Lesson } from './types';

/** The GAN game and its optimal discriminator: lecture 000 §5, eq. 19-20. */
export const ganGameLesson: Lesson = {
  id: 'gan-game',
  title: 'The GAN game and the optimal discriminator',
  lectures: 'lecture 000 §4-5, eq. 19-20; lecture 001 (GAN loss, training dynamics)',
  summary:
    'Two networks play one value function. For a fixed generator the best discriminator has a closed form, and at the game’s end it says ½ everywhere.',
  steps: [
    {
      title: 'A test that learns',
      tab: 'gan',
      preset: 'gan-ring-unrolled',
      highlight: ['gan-run', 'gan-chart-d'],
      text: String.raw`A GAN never writes down $p_\theta(x)$. Its generator $G$ pushes noise $z\sim p(z)$ to points $G(z)$, and a discriminator $D$ — a classifier — learns to tell those fakes from real data (lecture 000 §4: a learned two-sample test). Both play one value function (eq. 19):

$$\min_G\max_D\;V(D,G)=\mathbb E_{x\sim p_{\text{data}}}[\log D(x)]+\mathbb E_{z\sim p(z)}[\log(1-D(G(z)))].$$

$D$'s loss in this lab is $-V$. Press **Start**. Now:

$$D(x)\approx {{gan.dReal:3}},\quad D(G(z))\approx {{gan.dFake:3}},\quad V\approx {{gan.value:3}} .$$

(This preset's generator uses the non-saturating loss and looks ahead at D; $D$ plays exactly the game above.)`,
      waitFor: 'step >= 300',
      waitHint: 'Press Start and let it take 300 generator steps.',
      narrations: [
        {
          when: 'gan.dReal > 0.8 and gan.dFake < 0.2',
          text: 'D is winning for now: it gives real points {{gan.dReal:2}} (above 0.8) and fakes {{gan.dFake:2}} (below 0.2).',
        },
      ],
    },
    {
      title: 'The best D for a fixed G',
      tab: 'gan',
      highlight: ['panel-dstar'],
      text: String.raw`Hold $G$ fixed, so the fakes have some density $p_g$. At each point $x$, $D$ chooses one number $D(x)$ to maximise $p_{\text{data}}(x)\log D(x)+p_g(x)\log(1-D(x))$. Setting the derivative to zero gives (eq. 20)

$$D^*(x)=\frac{p_{\text{data}}(x)}{p_{\text{data}}(x)+p_g(x)} .$$

The panel draws the learned $D$ beside this $D^*$, computed from the real density and a smoothed histogram of the current fakes. Where only real data lives $D^*=1$, where only fakes live $D^*=0$; the learned $D$ is a network trained a few steps at a time, so it only chases $D^*$.`,
    },
    {
      title: 'The value at the optimum: −log 4',
      tab: 'gan',
      highlight: ['gan-chart-loss', 'gan-chart-divergence'],
      text: String.raw`Put $D^*$ back into $V$ and the game becomes a divergence (lecture 000, after eq. 20):

$$V(D^*,G)=-\log 4+2\,\mathrm{JS}\big(p_{\text{data}}\,\|\,p_g\big).$$

JS is zero only when $p_g=p_{\text{data}}$; then $D^*=\tfrac12$ everywhere and $V=-\log 4\approx-1.386$, i.e. $D$'s loss $\log 4\approx 1.386$. Today: $D$'s loss $\approx {{gan.dLoss:3}}$, $D(x)\approx {{gan.dReal:3}}$, $D(G(z))\approx {{gan.dFake:3}}$, and {{gan.modes:i}} of {{gan.modesTotal:i}} modes are covered.

Careful with the converse: a loss near 1.386 says the *learned* $D$ cannot tell real from fake, not that $p_g=p_{\text{data}}$ — a weak or slow $D$ sits near ½ too. The mode counter and the grid JS chart check the fakes directly.`,
      narrations: [
        {
          when: 'gan.dReal > 0.45 and gan.dReal < 0.55 and gan.dFake > 0.45 and gan.dFake < 0.55',
          text: 'D is close to a coin toss: D(x) = {{gan.dReal:3}} and D(G(z)) = {{gan.dFake:3}}, both within 0.05 of ½. The mode counter says {{gan.modes:i}} of {{gan.modesTotal:i}} modes are covered.',
        },
      ],
    },
  ],
};
