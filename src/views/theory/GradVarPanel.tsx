import { useMemo } from 'react';
import { ESTIMATORS } from '../../config/vae';
import { actions as lab, useLab } from '../../store/lab';
import { theoryActions, useTheory } from '../../store/theory';
import { LinesChart, type LineSpec } from '../LinesChart';

const NAMES: Record<(typeof ESTIMATORS)[number], string> = {
  reparam: 'reparameterization',
  score: 'score function (REINFORCE)',
  'score-baseline': 'score function − baseline',
};

/** Item 2: the encoder gradient by three estimators, their variances, and training with either. */
export function GradVarPanel(props: { ready: boolean }) {
  const st = useTheory((s) => s.gradVar);
  const estimator = useLab((s) => s.applied.objective.estimator);
  const bound = useLab((s) => s.applied.objective.bound);
  const a = st.result;
  const lines = useMemo<LineSpec[]>(() => {
    const pts = (a?.curve ?? []).map((p) => ({ step: p.draw, ...p }));
    return [
      { name: NAMES.reparam, colour: '#16a34a', data: pts, key: 'reparam' },
      { name: NAMES.score, colour: '#dc2626', data: pts, key: 'score' },
      { name: NAMES['score-baseline'], colour: '#d97706', data: pts, key: 'scoreBaseline' },
    ];
  }, [a]);
  return (
    <section className="panel" data-testid="theory-gradvar">
      <h3>Gradient estimators: reparameterization vs score function</h3>
      <p className="small">
        The encoder&apos;s gradient of E_q[log p(x|z)] (the KL term is in closed form, the same for all three)
        on one fixed minibatch of 32 test digits and the current weights, over 100 draws of ε.
        Reparameterization differentiates log p(x | μ + σε) through z; the score function uses log p(x|z) ∇
        log q(z|x) with z held fixed; the baseline subtracts log p(x | μ) (independent of ε, so still
        unbiased). Variance = the sum over every encoder parameter of its gradient&apos;s variance across
        draws.
      </p>
      <button
        data-testid="theory-gradvar-run"
        disabled={!props.ready || st.status === 'running'}
        onClick={() => void theoryActions.gradVar()}
      >
        {st.status === 'running' ? 'Drawing…' : 'Measure the variances'}
      </button>
      {st.error && <p className="field-error">{st.error}</p>}
      {a && (
        <>
          <LinesChart
            title="log₁₀ total variance of the encoder gradient, as draws accumulate"
            lines={lines}
            testId="theory-var-chart"
            xLabel="draws of ε"
          />
          <p data-testid="theory-var-ratio">
            Score function / reparameterization variance:{' '}
            <b>{(a.variance.score / a.variance.reparam).toExponential(2)}</b>; with the baseline:{' '}
            <b>{(a.variance.scoreBaseline / a.variance.reparam).toExponential(2)}</b> (
            {a.params.toLocaleString()} encoder parameters, step {a.step}). Cosine between the mean gradients
            after {a.draws} draws: score {a.cosine.score.toFixed(2)}, with baseline{' '}
            {a.cosine.scoreBaseline.toFixed(2)} (all three estimate the same gradient; the noisier ones need
            more draws to show it).
          </p>
        </>
      )}
      <div className="theory-train-with">
        <label>
          Train the lab&apos;s VAE with{' '}
          <select
            data-testid="theory-estimator"
            value={estimator}
            disabled={bound !== 'elbo'}
            onChange={(e) => lab.setLive({ estimator: e.target.value as (typeof ESTIMATORS)[number] })}
          >
            {ESTIMATORS.map((e) => (
              <option key={e} value={e}>
                {NAMES[e]}
              </option>
            ))}
          </select>
        </label>
        <p className="small">
          Applies at once to the running model (the VAE trainer&apos;s loss chart shows the effect): with the
          score function the encoder learns far more slowly from the same number of steps.
          {bound !== 'elbo' && ' Only the ELBO bound can switch estimators; this run trains the IWAE bound.'}
        </p>
      </div>
    </section>
  );
}
