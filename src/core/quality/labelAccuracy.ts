/**
 * How well a conditional generator draws the digit it is asked for: the share of its samples that the
 * classifier reads as the requested label (argmax p(y|x) = label), over all samples and per label.
 * A generator that ignores the label scores about 0.1; a perfect one 1.
 */
export function labelAccuracy(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  k = 10,
): { overall: number; perLabel: number[] } {
  const n = labels.length;
  if (probs.length !== n * k) throw new RangeError(`expected ${n} x ${k} probabilities`);
  const hit = new Array<number>(k).fill(0);
  const seen = new Array<number>(k).fill(0);
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const want = labels[i]!;
    if (!Number.isInteger(want) || want < 0 || want >= k)
      throw new RangeError(`label ${want} is not 0..${k - 1}`);
    let best = 0;
    for (let y = 1; y < k; y++) if (probs[i * k + y]! > probs[i * k + best]!) best = y;
    seen[want]!++;
    if (best === want) {
      hit[want]!++;
      hits++;
    }
  }
  return { overall: n ? hits / n : 0, perLabel: hit.map((h, y) => (seen[y] ? h / seen[y]! : 0)) };
}
