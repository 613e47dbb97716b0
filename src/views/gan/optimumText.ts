import { RATIO_SPAN } from '../../core/gan/optimum';
import type { Gan2dSnapshot } from '../../engine/gan2dSnapshot';

/**
 * The words that go with the discriminator heatmap and the optimum panel, per objective, so that every
 * formula shown holds for the case shown (core/gan/optimum.ts has the maths and the references).
 */
export interface OptimumText {
  title: string;
  /** Caption under the learned field. */
  learned: string;
  /** Caption under the optimum (or, for WGAN, under the densities). */
  optimum: string;
  /** What the colours mean. */
  colours: string;
  /** One or two sentences about the optimum. */
  note: string;
}

type Snap = Pick<Gan2dSnapshot, 'loss' | 'fDivergence' | 'pack'>;

const F_NAME = { kl: 'KL', reverseKl: 'reverse KL', pearson: 'Pearson χ²', js: 'Jensen-Shannon' } as const;
const T_STAR = {
  kl: 'T*(x) = f′(p_data/p_g) = 1 + log(p_data/p_g)',
  reverseKl: 'T*(x) = f′(p_data/p_g) = −p_g/p_data',
  pearson: 'T*(x) = f′(p_data/p_g) = 2 (p_data/p_g − 1)',
  js: '',
} as const;
const PROB_COLOURS = 'green 1 = "real", purple 0 = "fake", white ½ = undecided';

export function optimumText(s: Snap): OptimumText {
  const packed =
    s.pack > 1
      ? ` PacGAN: D judges ${s.pack} points at once; shown is D(x, …, x) and the optimum for ${s.pack} copies of x, which uses (p_data/p_g)^${s.pack}.`
      : '';
  switch (s.loss) {
    case 'minimax':
    case 'nonSaturating':
      return {
        title: 'Learned D vs optimal D*',
        learned: 'learned D(x) = σ(logit)',
        optimum: 'D*(x) = p_data / (p_data + p_g)',
        colours: PROB_COLOURS,
        note:
          'For a fixed generator the best discriminator is D*; where p_g = p_data it is ½, and the minimax value is −log 4.' +
          packed,
      };
    case 'lsgan':
      return {
        title: 'Learned D vs optimal D*',
        learned: 'learned D(x) (raw output, targets 1 real, 0 fake)',
        optimum: 'D*(x) = p_data / (p_data + p_g)',
        colours: `${PROB_COLOURS} (outputs beyond 0..1 drawn at full colour)`,
        note:
          'With LSGAN labels a = 0 (fake), b = 1 (real), the squared-error optimum is (b·p_data + a·p_g)/(p_data + p_g) = D*.' +
          packed,
      };
    case 'fgan':
      if (s.fDivergence === 'js')
        return {
          title: 'Learned σ(v) vs optimal D*',
          learned: 'σ(v), v = raw output (T = log 2 + log σ(v))',
          optimum: 'σ(v*) = p_data / (p_data + p_g)',
          colours: PROB_COLOURS,
          note:
            'For the Jensen-Shannon f-GAN the optimal T* = f′(p_data/p_g) = log(2 D*), so σ of the optimal raw output is D*.' +
            packed,
        };
      return {
        title: 'Learned T vs optimal T*',
        learned: `T(x) = g_f(v) (${F_NAME[s.fDivergence]})`,
        optimum: T_STAR[s.fDivergence],
        colours: `each T drawn as the density ratio r = f′⁻¹(T) it stands for: green r > 1 (more data), purple r < 1 (more fakes), white r = 1; log scale, full colour at ${RATIO_SPAN}× either way`,
        note:
          'The optimal f-GAN critic is T*(x) = f′(p_data/p_g) (Nowozin et al. 2016), not a probability: D* = p_data/(p_data + p_g) does not apply here.' +
          packed,
      };
    case 'hinge':
      return {
        title: 'Learned D vs the hinge optimum',
        learned: 'learned D(x) (raw output)',
        optimum: 'D*(x) = sign(p_data − p_g)',
        colours:
          'green +1 = "real", purple −1 = "fake", white 0; values beyond the margins ±1 drawn at full colour',
        note:
          'The hinge loss is minimised point by point by +1 where data is denser and −1 where fakes are: a decision, not the ratio p_data/(p_data + p_g).' +
          packed,
      };
    case 'wgan':
    case 'wganGp':
      return {
        title: 'Critic and the two densities',
        learned: 'critic value with its level sets',
        optimum: 'data (green) and fake (purple) densities',
        colours:
          'critic: purple = lowest value on the plot, green = highest; only differences matter (adding a constant changes nothing)',
        note:
          'There is no pointwise optimum here: the best critic is a 1-Lipschitz f maximising E_data[f] − E_g[f], which depends on where mass has to move, not on p_data(x) and p_g(x) at each x.' +
          packed,
      };
  }
}

/** The canvas legend's words for its background. */
export function heatmapLegend(s: Snap): string {
  const t = optimumText(s);
  return `background: ${t.learned} (${t.colours})`;
}
