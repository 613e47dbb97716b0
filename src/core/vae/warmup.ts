import type { WarmupName } from '../../config/vae';

/**
 * KL warm-up: the factor (0..1) on beta after `epoch` epochs of training (fractional: 2.5 is halfway
 * through the third epoch). The KL term starts switched off so the decoder learns to use z before the
 * KL pulls q(z|x) onto the prior (Bowman et al. 2016; Sonderby et al. 2016), a common cure for
 * posterior collapse.
 *   none:     1 always.
 *   linear:   epoch / period, reaching 1 after `period` epochs, then 1.
 *   cyclical: the linear ramp over the first half of each period, then 1 for its second half, again
 *             every period (Fu et al. 2019).
 */
export function warmupFactor(schedule: WarmupName, epoch: number, period: number): number {
  if (schedule === 'none' || !(period > 0)) return 1;
  const e = Math.max(0, epoch);
  if (schedule === 'linear') return Math.min(1, e / period);
  const phase = (e % period) / period;
  return Math.min(1, phase / 0.5);
}
