/** Text for numbers the lab shows, one wording everywhere. */

/**
 * A share (0..1) as a whole percentage that never rounds a non-zero share to "0 %" or a share short
 * of all to "100 %": 1 sample in 2,500 reads "< 1 %", 2,499 in 2,500 reads "> 99 %".
 */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return '–';
  if (share <= 0) return '0 %';
  if (share >= 1) return '100 %';
  const pct = Math.round(share * 100);
  if (pct < 1) return '< 1 %';
  if (pct > 99) return '> 99 %';
  return `${pct} %`;
}

/** A duration in words: "45 s", "about 4 min", "about 1 h 20 min"; "–" when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  const min = Math.round(seconds / 60);
  if (min < 90) return `about ${min} min`;
  return `about ${Math.floor(min / 60)} h ${min % 60} min`;
}

/** An integer with thousands separators, the same in every locale: 2,000. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Where an ELBO falls among the test set's, in the one wording the lab uses for percentiles. */
export function percentileText(percentile: number | undefined): string {
  if (percentile === undefined || !Number.isFinite(percentile)) return '–';
  return `${formatShare(percentile / 100)} of test digits score lower`;
}
