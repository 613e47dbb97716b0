/**
 * "How typical is this digit?": where one ELBO falls among the test set's ELBOs. A digit unlike the
 * training data gets a low ELBO (a lower bound on log p(x)), i.e. a low percentile — likelihood-based
 * novelty detection, with the usual caveat that likelihoods can rank odd inputs surprisingly high.
 */
export interface Histogram {
  lo: number;
  hi: number;
  binWidth: number;
  counts: Uint32Array;
  /** Values that were not finite, left out of the bins. */
  skipped: number;
}

/** Equal-width bins over [lo, hi] (defaults: the finite min and max); values outside are clamped in. */
export function histogram(values: ArrayLike<number>, bins: number, lo?: number, hi?: number): Histogram {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
  let min = Infinity;
  let max = -Infinity;
  let skipped = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      skipped++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const a = lo ?? (Number.isFinite(min) ? min : 0);
  let b = hi ?? (Number.isFinite(max) ? max : 1);
  if (!(b > a)) b = a + 1;
  const w = (b - a) / bins;
  const counts = new Uint32Array(bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const j = Math.min(bins - 1, Math.max(0, Math.floor((v - a) / w)));
    counts[j]!++;
  }
  return { lo: a, hi: b, binWidth: w, counts, skipped };
}

/** Finite values, ascending: sort once, then ask `percentileRank` many times. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) out.push(values[i]!);
  return Float64Array.from(out).sort();
}

/**
 * Percentile rank of x in a sorted sample, 0..100: the share of values below x, counting ties as half
 * (so x equal to every value gives 50). NaN for an empty sample or a non-finite x.
 */
export function percentileRank(sorted: ArrayLike<number>, x: number): number {
  const n = sorted.length;
  if (n === 0 || !Number.isFinite(x)) return NaN;
  const below = lowerBound(sorted, x);
  let atOrBelow = below;
  while (atOrBelow < n && sorted[atOrBelow] === x) atOrBelow++;
  return (100 * (below + 0.5 * (atOrBelow - below))) / n;
}

/** First index whose value is >= x. */
function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
