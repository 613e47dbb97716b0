import type { Gaussian2 } from './projection';

/**
 * Contours of 2-D Gaussians for the latent scatter. For N(0, I) in two dimensions the squared Mahalanobis
 * radius r^2 = x^2 + y^2 is chi-square with 2 degrees of freedom, so the "k sigma" contour is the circle
 * of radius k and it encloses probability 1 - exp(-k^2 / 2) (39%, 86%, 99% for k = 1, 2, 3) — less than
 * the 68/95/99.7% of one dimension.
 */
export interface SigmaContour {
  k: number;
  /** Radius in units of the standard deviation (= k for the standard normal). */
  radius: number;
  /** Probability mass inside the contour. */
  mass: number;
}

export function priorSigmaContours(levels: readonly number[] = [1, 2, 3]): SigmaContour[] {
  return levels.map((k) => ({ k, radius: k, mass: 1 - Math.exp((-k * k) / 2) }));
}

/** An ellipse ready for CanvasRenderingContext2D.ellipse: centre, semi-axes, rotation (radians). */
export interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  angle: number;
}

/**
 * The k-sigma ellipse of a 2-D Gaussian: semi-axes k * sqrt(eigenvalues of the covariance), rotated to
 * its eigenvectors. Used for the prior contours and the drawn digit's q(z|x) on the scatter.
 */
export function sigmaEllipse(g: Gaussian2, k: number): Ellipse {
  const tr = g.xx + g.yy;
  const det = g.xx * g.yy - g.xy * g.xy;
  const disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
  const l1 = tr / 2 + disc;
  const l2 = Math.max(0, tr / 2 - disc);
  // Eigenvector of l1: (xy, l1 - xx), or an axis when the covariance is diagonal.
  let angle: number;
  if (Math.abs(g.xy) > 1e-15 * Math.max(1, tr)) angle = Math.atan2(l1 - g.xx, g.xy);
  else angle = g.xx >= g.yy ? 0 : Math.PI / 2;
  return { cx: g.cx, cy: g.cy, rx: k * Math.sqrt(l1), ry: k * Math.sqrt(l2), angle };
}
