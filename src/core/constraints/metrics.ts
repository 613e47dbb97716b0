import type { Mixture } from '../gan/datasets';
import { gridCentres2d } from '../gan/density';
import { modeCoverage } from '../gan/metrics';
import type { ConstrainedTarget } from './target';

/**
 * Divergence to the constrained target: the maximum mean discrepancy with a Gaussian kernel
 * k(x, y) = exp(-|x - y|^2 / (2 h^2)), between the samples and pi on the grid (each cell centre an atom
 * weighted by its mass):
 *   MMD^2 = mean_{i != j} k(x_i, x_j) - 2 sum_c pi_c mean_i k(x_i, y_c) + sum_{c, c'} pi_c pi_c' k(y_c, y_c').
 * The sample-sample term leaves out i = j (unbiased), so MMD^2 can fall a little below 0 for a perfect
 * sampler; we report MMD = sqrt(max(0, MMD^2)).
 */
export function mmdToTarget(samples: ArrayLike<number>, t: ConstrainedTarget, h = 0.2): number {
  const n = Math.floor(samples.length / 2);
  if (n < 2) return NaN;
  const g = 1 / (2 * h * h);
  const centres = gridCentres2d(t.grid);
  // Atoms with mass; skip the rest (most of the grid for narrow mixtures).
  const ax: number[] = [];
  const ay: number[] = [];
  const aw: number[] = [];
  for (let c = 0; c < t.mass.length; c++) {
    if (t.mass[c]! > 1e-10) {
      ax.push(centres[2 * c]!);
      ay.push(centres[2 * c + 1]!);
      aw.push(t.mass[c]!);
    }
  }
  let xx = 0;
  for (let i = 0; i < n; i++) {
    const xi = samples[2 * i]!;
    const yi = samples[2 * i + 1]!;
    for (let j = i + 1; j < n; j++) {
      const dx = xi - samples[2 * j]!;
      const dy = yi - samples[2 * j + 1]!;
      xx += Math.exp(-g * (dx * dx + dy * dy));
    }
  }
  xx = (2 * xx) / (n * (n - 1));
  let xy = 0;
  for (let c = 0; c < aw.length; c++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const dx = samples[2 * i]! - ax[c]!;
      const dy = samples[2 * i + 1]! - ay[c]!;
      s += Math.exp(-g * (dx * dx + dy * dy));
    }
    xy += (aw[c]! * s) / n;
  }
  let yy = 0;
  for (let c = 0; c < aw.length; c++) {
    for (let d = 0; d < aw.length; d++) {
      const dx = ax[c]! - ax[d]!;
      const dy = ay[c]! - ay[d]!;
      yy += aw[c]! * aw[d]! * Math.exp(-g * (dx * dx + dy * dy));
    }
  }
  return Math.sqrt(Math.max(0, xx - 2 * xy + yy));
}

export interface TargetModes {
  /** Target modes (components with at least `minShare` of pi) that the samples capture. */
  captured: number;
  total: number;
  /** Share of all samples that are high quality (within 3 sigma) at a target mode. */
  hq: number;
}

/**
 * Modes of the target captured, by the GAN lab's rule (modeCoverage: a mode is captured when it is the
 * nearest centre of a sample within 3 sigma), counted only over the modes the target keeps.
 */
export function targetModesCaptured(
  samples: ArrayLike<number>,
  mixture: Mixture,
  shares: ArrayLike<number>,
  minShare = 0.01,
): TargetModes {
  const cov = modeCoverage(samples, mixture);
  let captured = 0;
  let total = 0;
  let hq = 0;
  for (let m = 0; m < shares.length; m++) {
    if (shares[m]! < minShare) continue;
    total++;
    hq += cov.counts[m]!;
    if (cov.counts[m]! > 0) captured++;
  }
  const n = Math.floor(samples.length / 2);
  return { captured, total, hq: n ? hq / n : 0 };
}
