/**
 * Divergence (issue 13): which training term stopped being a finite number, at which step, in words,
 * and the fix the lab suggests. Pure functions, no tfjs: the runner calls them on metrics it has read
 * back, the page on the event it gets.
 */

export interface Divergence {
  /** The metric's name in the experiment's `metricNames` ('kl', 'dLoss'...). */
  metric: string;
  /** The term in words ('KL', 'critic loss'...). */
  term: string;
  /** 'NaN', 'Infinity' or '-Infinity'. */
  value: string;
  step: number;
}

/** Totals are named last: a KL that overflows makes the loss infinite too, and the KL is the news. */
const TOTALS = new Set(['loss']);

/**
 * The first non-finite value in rows of metrics (row-major, `names.length` per row), by step and then
 * with specific terms before totals; null when every value is finite.
 */
export function findDivergence(
  names: readonly string[],
  values: ArrayLike<number>,
  steps: ArrayLike<number>,
): { metric: string; value: number; step: number } | null {
  const k = names.length;
  for (let r = 0; r < steps.length; r++) {
    let total: number | null = null;
    for (let j = 0; j < k; j++) {
      const v = values[r * k + j]!;
      if (Number.isFinite(v)) continue;
      if (!TOTALS.has(names[j]!)) return { metric: names[j]!, value: v, step: steps[r]! };
      total ??= j;
    }
    if (total !== null) return { metric: names[total]!, value: values[r * k + total]!, step: steps[r]! };
  }
  return null;
}

const WASSERSTEIN = new Set(['wgan', 'wganGp']);

/** A metric's name in words, for the experiment kind and objective it came from. */
export function termLabel(metric: string, config: { kind: string; objective?: { loss?: string } }): string {
  const critic = WASSERSTEIN.has(config.objective?.loss ?? '');
  const d = critic ? 'critic' : 'discriminator';
  const labels: Record<string, string> = {
    loss: config.kind === 'vae' ? 'the loss (negative ELBO)' : 'the loss',
    recon: 'the reconstruction term',
    kl: 'KL',
    beta: 'beta',
    psi: 'the psi term',
    dLoss: `${d} loss`,
    gLoss: 'generator loss',
    dReal: `${d} output on real data`,
    dFake: `${d} output on fakes`,
    gGradNorm: "the generator's gradient norm",
    wEstimate: critic ? 'the Wasserstein estimate' : 'the mean output gap (real minus fake)',
  };
  return labels[metric] ?? metric;
}

export function describeValue(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/** "KL became Infinity at step 5,210" (the first letter capitalised where it starts the sentence). */
export function divergenceSentence(d: Divergence): string {
  const s = `${d.term} became ${d.value} at step ${d.step.toLocaleString('en-US')}`;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A fix the lab can apply as live parameters: halve every learning rate of the run. */
export interface SuggestedFix {
  label: string;
  params: Record<string, number>;
}

export function suggestFix(config: {
  kind: string;
  optimizer?: { lr: number };
  optG?: { lr: number };
  optD?: { lr: number };
  optAE?: { lr: number };
}): SuggestedFix | null {
  if (config.kind === 'vae' && config.optimizer)
    return { label: 'halve the learning rate', params: { lr: config.optimizer.lr / 2 } };
  if (config.kind === 'gan2d' && config.optG && config.optD)
    return {
      label: 'halve both learning rates',
      params: { lrG: config.optG.lr / 2, lrD: config.optD.lr / 2 },
    };
  if (config.kind === 'imageGan' && config.optG && config.optD)
    return {
      label: 'halve both learning rates',
      params: { lrG: config.optG.lr / 2, lrD: config.optD.lr / 2 },
    };
  if (config.kind === 'aae' && config.optAE && config.optG && config.optD)
    return {
      label: 'halve all three learning rates',
      params: { lrAE: config.optAE.lr / 2, lrG: config.optG.lr / 2, lrD: config.optD.lr / 2 },
    };
  return null;
}
