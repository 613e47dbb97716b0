/**
 * Per-class mean latent vectors: the average posterior mean of each digit's test encodings. They are the
 * "attribute vectors" of latent arithmetic (mean(class 1) - mean(class 7) is a direction from 7s to 1s).
 */
export interface ClassMeans {
  numClasses: number;
  dim: number;
  /** numClasses x dim, row-major; a class with no examples has a zero row (see `counts`). */
  means: Float32Array;
  counts: Uint32Array;
}

/** latents: n x d row-major; labels: n class indices in 0..numClasses-1 (others are skipped). */
export function classMeans(
  latents: ArrayLike<number>,
  labels: ArrayLike<number>,
  d: number,
  numClasses = 10,
): ClassMeans {
  const n = labels.length;
  if (latents.length !== n * d)
    throw new RangeError(`expected ${n} x ${d} latents, got ${latents.length} values`);
  const sums = new Float64Array(numClasses * d);
  const counts = new Uint32Array(numClasses);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (!(c >= 0 && c < numClasses && Number.isInteger(c))) continue;
    counts[c]!++;
    for (let k = 0; k < d; k++) sums[c * d + k]! += latents[i * d + k]!;
  }
  const means = new Float32Array(numClasses * d);
  for (let c = 0; c < numClasses; c++) {
    if (counts[c] === 0) continue;
    for (let k = 0; k < d; k++) means[c * d + k] = sums[c * d + k]! / counts[c]!;
  }
  return { numClasses, dim: d, means, counts };
}

/** Row c of the class means, as its own vector. */
export function classMean(m: ClassMeans, c: number): Float32Array {
  if (!(c >= 0 && c < m.numClasses)) throw new RangeError(`class ${c} is not in 0..${m.numClasses - 1}`);
  return m.means.slice(c * m.dim, (c + 1) * m.dim);
}
