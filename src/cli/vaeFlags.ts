import { UsageError } from './args';

/**
 * Flags only the VAE family's CLI takes, read before the shared flags (args.ts):
 *   --eval-logpx K     after training, on the test set: elbo, iwae_50 and log_px (K importance samples)
 *   --set FIELD=VALUE  any config field by path (objective.samples=5, model.prior=mixture, ...)
 */
export interface VaeFlags {
  evalLogPx: number | null;
  /** --eval-exact M: quadrature log p(x), IWAE k = 5,000 and ELBO on the first M test digits (2-D latent). */
  evalExact: number | null;
  /** --eval-out FILE: with --eval-logpx, the per-digit elbo, iwae_50 and log_px as JSON (for paired comparisons). */
  evalOut: string | null;
  sets: Record<string, number | string | boolean>;
  rest: string[];
}

export const VAE_USAGE = `
VAE family:
  --eval-logpx K       after training, add to the last epoch line the test set's elbo (one sample),
                       iwae_50 (IWAE bound, k = 50) and log_px (importance sampling, K samples), each
                       with its standard error (_se) and the gaps, in nats per digit (1 <= K <= 100000)
  --eval-out FILE      with --eval-logpx: write the per-digit elbo, iwae_50 and log_px to FILE (JSON),
                       to pair two models' numbers digit by digit
  --eval-exact M       after training a 2-D-latent VAE, add log_px_quadrature (200 x 200 grid),
                       log_px_iwae5000 and elbo (quadrature, the encoder's q) on the first M test
                       digits, in nats per digit (1 <= M <= 10000)
  --set FIELD=VALUE    set any config field by its path, e.g. --set objective.samples=5
                       --set model.prior=mixture (numbers, true/false and names); validated like the rest`;

function parseValue(raw: string): number | string | boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  const n = Number(raw);
  return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
}

/** Take --eval-logpx and --set out of argv; the rest goes to parseTrainArgs. */
export function extractVaeFlags(argv: readonly string[]): VaeFlags {
  const out: VaeFlags = { evalLogPx: null, evalExact: null, evalOut: null, sets: {}, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag !== '--eval-logpx' && flag !== '--eval-exact' && flag !== '--eval-out' && flag !== '--set') {
      out.rest.push(arg);
      continue;
    }
    let raw: string;
    if (eq > 0) raw = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(flag, 'needs a value');
      raw = next;
      i++;
    }
    if (flag === '--eval-logpx') {
      const k = Number(raw);
      if (!Number.isInteger(k) || k < 1 || k > 100000)
        throw new UsageError(flag, `expected a whole number of samples in 1..100000, got "${raw}"`);
      out.evalLogPx = k;
    } else if (flag === '--eval-out') {
      out.evalOut = raw;
    } else if (flag === '--eval-exact') {
      const m = Number(raw);
      if (!Number.isInteger(m) || m < 1 || m > 10000)
        throw new UsageError(flag, `expected a whole number of test digits in 1..10000, got "${raw}"`);
      out.evalExact = m;
    } else {
      const at = raw.indexOf('=');
      if (at <= 0) throw new UsageError(flag, `expected FIELD=VALUE, got "${raw}"`);
      out.sets[raw.slice(0, at)] = parseValue(raw.slice(at + 1));
    }
  }
  return out;
}
