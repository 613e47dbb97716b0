import { symmetricEigen } from '../latent/symmetricEigen';

/**
 * Orthonormal basis of the column span of a (rows x cols, row-major), by modified Gram-Schmidt run
 * twice ("twice is enough"). Returns rows x cols row-major; throws when the columns are dependent.
 */
export function orthonormalColumns(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  if (a.length !== rows * cols) throw new RangeError(`expected ${rows} x ${cols} values, got ${a.length}`);
  const q = Float64Array.from(a);
  for (let j = 0; j < cols; j++) {
    let first = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += q[r * cols + k]! * q[r * cols + j]!;
        for (let r = 0; r < rows; r++) q[r * cols + j] = q[r * cols + j]! - dot * q[r * cols + k]!;
      }
      let norm = 0;
      for (let r = 0; r < rows; r++) norm += q[r * cols + j]! ** 2;
      norm = Math.sqrt(norm);
      if (pass === 0) first = norm;
      if (norm === 0 || norm < 1e-12 * Math.max(first, 1e-300))
        throw new RangeError(`column ${j} is (numerically) a combination of the earlier ones`);
      for (let r = 0; r < rows; r++) q[r * cols + j] = q[r * cols + j]! / norm;
    }
  }
  return q;
}

/**
 * The p principal angles (radians, ascending) between the column spans of a (n x p) and b (n x q), p <= q.
 * Computed from sines, accurate near zero: with Qa, Qb orthonormal bases, the singular values of
 * (I - Qb Qb^T) Qa are sin(theta_i).
 */
export function principalAngles(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
  p: number,
  q: number,
): Float64Array {
  if (p > q) throw new RangeError('principalAngles: a must not have more columns than b');
  const qa = orthonormalColumns(a, n, p);
  const qb = orthonormalColumns(b, n, q);
  // proj = Qb^T Qa (q x p); resid = Qa - Qb proj (n x p)
  const proj = new Float64Array(q * p);
  for (let r = 0; r < n; r++)
    for (let i = 0; i < q; i++) {
      const bi = qb[r * q + i]!;
      if (bi === 0) continue;
      for (let j = 0; j < p; j++) proj[i * p + j] = proj[i * p + j]! + bi * qa[r * p + j]!;
    }
  const gram = new Float64Array(p * p); // resid^T resid
  const row = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < p; j++) {
      let s = qa[r * p + j]!;
      for (let i = 0; i < q; i++) s -= qb[r * q + i]! * proj[i * p + j]!;
      row[j] = s;
    }
    for (let j = 0; j < p; j++)
      for (let k = 0; k < p; k++) gram[j * p + k] = gram[j * p + k]! + row[j]! * row[k]!;
  }
  const { values } = symmetricEigen(gram, p);
  const out = Float64Array.from(values, (v) => Math.asin(Math.min(1, Math.sqrt(Math.max(0, v)))));
  return out.sort();
}
