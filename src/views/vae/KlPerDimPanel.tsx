import { ACTIVE_UNIT_THRESHOLD } from '../../core/vae/diagnostics';
import { useLab } from '../../store/lab';
import { BarChart } from '../BarChart';
import { useLiveDiagnostics } from './useLiveDiagnostics';

/**
 * KL per latent dimension (bars, live) with the active-unit count and a posterior-collapse warning
 * (lecture 002): a dimension whose posterior mean does not vary across digits carries no information,
 * q(z_i|x) ≈ p(z_i) for every x and its KL is ≈ 0.
 */
export function KlPerDimPanel() {
  // While training: redrawn at most once a second and only on screen (liveChart.ts).
  const [panel, diag] = useLiveDiagnostics();
  const lastEpoch = useLab((s) => s.epochs[s.epochs.length - 1] ?? null);
  const freeBits = useLab((s) => (s.applied.objective.bound === 'elbo' ? s.applied.objective.freeBits : 0));
  if (!diag) return null;
  const d = diag.dim;
  const bars = Array.from(diag.klPerDim, (v, i) => ({
    label: `z${i}`,
    value: v,
    muted: diag.muVariance[i]! <= ACTIVE_UNIT_THRESHOLD,
    title: `z${i}: KL ${v.toFixed(3)} nats, Cov_x E_q[z${i}] = ${diag.muVariance[i]!.toFixed(4)}`,
  }));
  const total = diag.klPerDim.reduce((a, b) => a + b, 0);
  const inactive = d - diag.activeUnits;
  const testUnits = lastEpoch?.test.active_units;
  return (
    <section ref={panel} className="panel vae-diag" data-testid="kl-per-dim-panel">
      <h3>KL per latent dimension</h3>
      <BarChart
        bars={bars}
        testId="kl-per-dim"
        label="KL divergence per latent dimension"
        unit="nats"
        reference={
          freeBits > 0 && diag.klMethod === 'closed-form'
            ? { value: freeBits, label: `free bits λ = ${freeBits}: below it a dimension's KL costs nothing` }
            : undefined
        }
      />
      <p className="small" data-testid="active-units">
        <b>
          Active units: {diag.activeUnits} of {d}
        </b>{' '}
        (Cov over digits of E_q[z_i | x] above {ACTIVE_UNIT_THRESHOLD}, as in the IWAE paper; on {diag.n}{' '}
        fixed test digits, live
        {testUnits !== undefined
          ? `; on the whole test set after epoch ${lastEpoch!.epoch}: ${testUnits}`
          : ''}
        ). Grey bars are inactive dimensions.
      </p>
      {inactive > 0 && (
        <p
          className={`small ${diag.activeUnits === 0 ? 'field-error' : 'pending'}`}
          data-testid="collapse-warning"
        >
          {diag.activeUnits === 0
            ? 'Posterior collapse: no dimension carries information about the digit. q(z|x) is the prior for every x and the decoder ignores z.'
            : `Posterior collapse in ${inactive} of ${d} dimensions: their posterior is the prior for every digit (KL ≈ 0), so the decoder ignores them.`}{' '}
          KL warm-up or free bits keep the KL from closing dimensions early; a smaller β closes fewer.
        </p>
      )}
      <p className="small muted">
        {diag.klMethod === 'closed-form'
          ? `Closed form per dimension, averaged over the ${diag.n} digits; the bars add up to the KL term (${total.toFixed(2)} nats here).`
          : `This prior does not factorize over dimensions, so the KL does not split: each bar is the KL from q(z_i|x) to the prior's marginal along z_i (Monte Carlo, 16 fixed draws per digit). The bars show which dimensions carry information but do not add up to the KL term.`}
      </p>
    </section>
  );
}
