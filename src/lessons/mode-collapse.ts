import type { Lesson } from './types';

/** Mode collapse and two fixes: lecture 000 §5 (optimisation pathologies), lecture 001 (WGAN). */
export const modeCollapseLesson: Lesson = {
  id: 'mode-collapse',
  title: 'Mode collapse and its fixes',
  lectures: 'lecture 000 §5 (optimization pathologies and mode collapse); lecture 001 (WGAN, LSGAN)',
  summary:
    'A generator that satisfies today’s discriminator covers only a few of the data’s modes. Looking ahead at D, or changing the divergence, brings the others back.',
  steps: [
    {
      title: 'Eight modes, a few fakes’ worth',
      tab: 'gan',
      preset: 'gan-ring-collapse',
      highlight: ['gan-run', 'mode-counter', 'mode-bars'],
      text: String.raw`The data is a ring of eight Gaussians. Press **Start** and watch the fakes (purple) and the bars that count, for each mode, the fakes within $3\sigma$ of it.

Nothing in the game (eq. 19) rewards *covering* the data. $G$ lowers its loss by moving its samples to wherever the current $D$ scores highest, even if that means all of them in one place; $D$ then learns that place is fake, and $G$ moves on (lecture 000 §5). $D$ sees minibatches of single points, so it cannot notice that every fake looks alike. In this preset $G$ is small but gets 64-dimensional noise, which it can squeeze onto one spot. Watch the fakes pass over several modes early on, then settle sharply on one or two of the eight and stay: almost every fake is high quality, yet most modes are never drawn. Over ten seeds this happened on most but not all of them (docs/gan-presets.md), so collapse is a strong tendency, not a certainty.

Now: {{gan.modes:i}} of {{gan.modesTotal:i}} modes captured, {{gan.hq:p}} of fakes near any mode.`,
      narrations: [
        {
          when: 'gan.step >= 500 and gan.modes <= 3 and gan.hq >= 0.5',
          text: 'Mode collapse: after {{gan.step:i}} steps the fakes sit sharply on {{gan.modes:i}} of the {{gan.modesTotal:i}} modes (3 or fewer, {{gan.hq:p}} of them high quality).',
        },
      ],
      waitFor: 'step >= 1500',
      waitHint: 'Press Start and train to step 1,500.',
    },
    {
      title: 'Fix 1: let G see D’s next move',
      tab: 'gan',
      preset: 'gan-ring-unrolled',
      highlight: ['gan-run', 'gan-unroll', 'mode-bars'],
      text: String.raw`A new run on the same ring: $G$ is scored against a copy of $D$ trained five steps ahead on the current fakes, and $G$'s gradient is taken *through* those five updates, so $G$ learns how $D$ would react to its move (an *unrolled* GAN, Metz et al. 2017). A collapse that today's $D$ would tolerate is punished by tomorrow's, so piling every sample on one mode stops paying. The networks differ from the last step too (a 3 × 128 generator on 2-D noise, a 2 × 128 discriminator, both learning at the same rate): this is the paper's method on a recipe measured to cover the ring, not the last preset with one switch flipped. Each $G$ step now costs five extra $D$ updates and their derivatives, so the run is slower. Press **Start**.

Now: {{gan.modes:i}} of {{gan.modesTotal:i}} modes captured, {{gan.hq:p}} of fakes near a mode.`,
      narrations: [
        {
          when: 'gan.modes >= 7',
          text: 'The fakes now cover {{gan.modes:i}} of {{gan.modesTotal:i}} modes (7 or more).',
        },
      ],
      waitFor: 'step >= 1000',
      waitHint: 'Press Start and train to step 1,000.',
    },
    {
      title: 'Fix 2: change what is being measured',
      tab: 'gan',
      preset: 'gan-ring-wgan-gp',
      highlight: ['gan-run', 'gan-loss', 'mode-bars'],
      text: String.raw`The classic game minimises a Jensen–Shannon divergence (eq. 20), which stops giving useful gradients when real and fake mass barely overlap. A **Wasserstein** GAN replaces the classifier by a *critic* $f$ with slope at most 1 and estimates the earth-mover distance (lecture 001):

$$W(p_{\text{data}},p_g)=\sup_{\|f\|_L\le 1}\ \mathbb E_{p_{\text{data}}}[f(x)]-\mathbb E_{p_g}[f(x)] .$$

Moving mass to a missed mode always lowers this distance, however far away the mode is. WGAN-GP keeps the critic's slope near 1 with a gradient penalty. Press **Start**: the critic's heatmap replaces $D$'s probabilities.

Now: {{gan.modes:i}} of {{gan.modesTotal:i}} modes captured.`,
      narrations: [
        {
          when: 'gan.modes >= 7',
          text: 'The critic has pulled the fakes onto {{gan.modes:i}} of {{gan.modesTotal:i}} modes (7 or more).',
        },
      ],
    },
    {
      title: 'Twenty-five modes: cover is not enough, the fakes must be sharp',
      tab: 'gan',
      preset: 'gan-grid-mixture',
      highlight: ['gan-run', 'mode-counter', 'mode-bars'],
      text: String.raw`A 5 × 5 grid of Gaussians ($\sigma = 0.05$, spacing 2). The same WGAN-GP recipe on 2-D Gaussian noise (the preset *WGAN-GP on the 5 × 5 grid*) reaches 24 or 25 modes, but only about 15 % of its fakes lie within $3\sigma$ of one: the rest sit on bridges between modes. That is not bad luck. A ReLU generator is a continuous map, and a continuous map sends the connected Gaussian cloud to a connected set, so $p_g$ cannot put all its mass on 25 separate islands; it can only make the bridges thin, and that takes far more steps than a browser run has.

This preset changes the noise, not the game (it also trains on batches of 128 instead of 256, only to be quicker): $z$ comes from a fixed mixture of 50 tight Gaussian blobs (GM-GAN). Each blob is a separate piece that $G$ can place on a mode by itself, so nothing forces a bridge, and the critic's pull toward missed modes does the rest. Press **Start** and watch the mode bars and the share of sharp fakes: over ten seeds the run ended on 24 or 25 modes with 82-97 % of the fakes within $3\sigma$ of one (docs/gan-presets.md), though the count dips while blobs move between modes. The price is a prior guess: 50 blobs assume the data has no more than about that many clusters.

Now: {{gan.modes:i}} of {{gan.modesTotal:i}} modes captured, {{gan.hq:p}} of fakes within $3\sigma$ of a mode.`,
      narrations: [
        {
          when: 'gan.modes >= 22 and gan.hq >= 0.5',
          text: 'Sharp cover: {{gan.modes:i}} of {{gan.modesTotal:i}} modes with {{gan.hq:p}} of the fakes within 3σ of a mode.',
        },
      ],
    },
  ],
};
