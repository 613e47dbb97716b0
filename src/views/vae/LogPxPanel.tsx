import { useEffect } from 'react';
import { logPxActions, useLogPx } from '../../store/logPx';
import { useLab } from '../../store/lab';
import { NumberField } from '../NumberField';
import { likelihoodConvention } from './conventions';

const fmt = (v: { mean: number; se: number }) => `${v.mean.toFixed(2)} ± ${v.se.toFixed(2)}`;

/**
 * Importance-sampled log p(x) of the first test digits next to their ELBO (issue 9, lecture 002): a
 * progress bar, Cancel, and the gap log p(x) − ELBO ≥ 0 that the ELBO leaves open.
 */
export function LogPxPanel() {
  const st = useLogPx();
  const model = useLab((s) => s.applied.model);
  const ready = useLab((s) => s.status !== 'loading' && s.status !== 'error');
  const run = useLab((s) => s.run);
  // A new run (Reset, preset, engine restart): results about the old weights no longer apply.
  useEffect(() => logPxActions.reset(run), [run]);
  const running = st.status === 'running';
  const pct = st.total ? Math.round((100 * st.done) / st.total) : 0;
  const r = st.result;
  return (
    <section className="panel vae-diag" data-testid="logpx-panel">
      <h3>log p(x) by importance sampling, next to the ELBO</h3>
      <div className="logpx-controls">
        <NumberField
          label="test digits"
          value={st.digits}
          min={1}
          max={1000}
          integer
          testId="logpx-digits"
          onCommit={(v) => logPxActions.setDigits(v)}
        />
        <NumberField
          label="samples K per digit"
          value={st.samples}
          min={1}
          max={5000}
          integer
          testId="logpx-samples"
          onCommit={(v) => logPxActions.setSamples(v)}
        />
        {running ? (
          <button data-testid="logpx-cancel" onClick={() => logPxActions.cancel()}>
            Cancel
          </button>
        ) : (
          <button data-testid="logpx-start" disabled={!ready} onClick={() => void logPxActions.start()}>
            Estimate log p(x)
          </button>
        )}
      </div>
      {running && (
        <progress
          max={100}
          value={pct}
          data-testid="logpx-progress"
          aria-label="log p(x) evaluation progress"
        />
      )}
      <p className="small" data-testid="logpx-status">
        {running &&
          `Evaluating: ${pct}% of ${st.total.toLocaleString()} samples (training goes on meanwhile).`}
        {st.status === 'cancelled' && 'Cancelled: nothing was kept.'}
        {st.status === 'error' && <span className="field-error">Failed: {st.error}</span>}
        {st.status === 'idle' && 'Not evaluated for this model yet.'}
      </p>
      {r && st.status === 'done' && (
        <table className="small" data-testid="logpx-result">
          <tbody>
            <tr>
              <td>ELBO (8 draws of z)</td>
              <td data-testid="logpx-elbo">{fmt(r.elbo)}</td>
            </tr>
            <tr>
              <td>log p(x), K = {r.samples.toLocaleString()}</td>
              <td data-testid="logpx-value">{fmt(r.logPx)}</td>
            </tr>
            <tr>
              <td>gap log p(x) − ELBO</td>
              <td data-testid="logpx-gap">{fmt(r.gap)}</td>
            </tr>
          </tbody>
        </table>
      )}
      {r && st.status === 'done' && (
        <p className="small muted">
          Means over the first {r.digits} test digits ± their standard error, in nats per digit; model at step{' '}
          {r.step === r.stepEnd ? r.step : `${r.step}–${r.stepEnd} (it trained meanwhile)`}. log p(x) is
          estimated by log (1/K) Σ_s p(x, z_s)/q(z_s|x), z_s ~ q(z|x): a lower bound in expectation that
          tightens as K grows. The gap is the KL from q(z|x) to the true posterior that the ELBO pays.
        </p>
      )}
      <p className="small muted">Convention: {likelihoodConvention(model)}</p>
    </section>
  );
}
