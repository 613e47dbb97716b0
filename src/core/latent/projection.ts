import type { Pca2 } from './pca';

/**
 * How a d-dimensional latent code becomes a point on the 2-D scatter: either two chosen coordinates,
 * or the top-2 PCA directions of the test encodings.
 */
export type Projection = { kind: 'dims'; x: number; y: number } | { kind: 'pca'; pca: Pca2 };

/** The 2 x d matrix P and offset o of the affine map y = P z + o. */
function affine(p: Projection, d: number): { P: Float64Array; o: [number, number] } {
  const P = new Float64Array(2 * d);
  if (p.kind === 'dims') {
    if (p.x < 0 || p.x >= d || p.y < 0 || p.y >= d)
      throw new RangeError(`dims ${p.x}, ${p.y} not in 0..${d - 1}`);
    P[p.x] = 1;
    P[d + p.y] = 1;
    return { P, o: [0, 0] };
  }
  if (p.pca.dim !== d) throw new RangeError(`PCA was fitted in ${p.pca.dim} dimensions, not ${d}`);
  P.set(p.pca.components);
  const o: [number, number] = [0, 0];
  for (let r = 0; r < 2; r++) for (let k = 0; k < d; k++) o[r] -= P[r * d + k]! * p.pca.mean[k]!;
  return { P, o };
}

/** Project n points (n x d row-major) to n x 2 (x, y interleaved). */
export function projectPoints(p: Projection, points: ArrayLike<number>, n: number, d: number): Float32Array {
  const { P, o } = affine(p, d);
  const out = new Float32Array(2 * n);
  if (p.kind === 'dims') {
    for (let i = 0; i < n; i++) {
      out[2 * i] = points[i * d + p.x]!;
      out[2 * i + 1] = points[i * d + p.y]!;
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    let x = o[0];
    let y = o[1];
    for (let k = 0; k < d; k++) {
      const v = points[i * d + k]!;
      x += P[k]! * v;
      y += P[d + k]! * v;
    }
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

/** A 2-D Gaussian: centre and covariance [[xx, xy], [xy, yy]]. */
export interface Gaussian2 {
  cx: number;
  cy: number;
  xx: number;
  xy: number;
  yy: number;
}

/**
 * The image of N(mu, diag(variance)) under the projection: N(P mu + o, P diag(variance) P^T).
 * With variance = 1 everywhere and mu = 0 this is the prior as seen on the scatter: for two chosen dims
 * a unit circle at the origin; for PCA (orthonormal rows) also unit covariance, centred at -C mean.
 */
export function projectDiagGaussian(
  p: Projection,
  mu: ArrayLike<number>,
  variance: ArrayLike<number>,
): Gaussian2 {
  const d = mu.length;
  const { P, o } = affine(p, d);
  let cx = o[0];
  let cy = o[1];
  let xx = 0;
  let xy = 0;
  let yy = 0;
  for (let k = 0; k < d; k++) {
    const a = P[k]!;
    const b = P[d + k]!;
    const v = variance[k]!;
    cx += a * mu[k]!;
    cy += b * mu[k]!;
    xx += a * a * v;
    xy += a * b * v;
    yy += b * b * v;
  }
  return { cx, cy, xx, xy, yy };
}

/** The prior N(0, I) seen through the projection. */
export function projectedPrior(p: Projection, d: number): Gaussian2 {
  return projectDiagGaussian(p, new Float64Array(d), new Float64Array(d).fill(1));
}
