import { theoryActions, useTheory } from '../../store/theory';
import { PosteriorCanvas } from './PosteriorCanvas';

const f2 = (v: number) => v.toFixed(2);

/** Item 1: the ELBO gap, exactly, for one test digit of a 2-D-latent VAE. */
export function ExactPanel(props: { ready: boolean }) {
  const st = useTheory((s) => s.exact);
  const a = st.result;
  return (
    <section className="panel" data-testid="theory-exact">
      <h3>The ELBO gap, exactly</h3>
      <p className="small">
        With a 2-D latent, log p(x) = log ∫ p(x|z) p(z) dz can be computed by brute force: evaluate the
        decoder on a grid of z, add log p(z), and log-sum-exp. A 100 × 100 grid over [−6, 6]² (the prior puts
        4·10⁻⁹ of its mass outside) finds the posterior; a 200 × 200 grid over the box where it lives (within
        30 nats of its peak, and q&apos;s μ ± 5σ) measures it. The worker does the 60,000 decoder evaluations
        in chunks while the page stays live.
      </p>
      <button
        data-testid="theory-exact-run"
        disabled={!props.ready || st.status === 'running'}
        onClick={() => void theoryActions.exact()}
      >
        {st.status === 'running' ? 'Integrating…' : 'Compute the exact posterior'}
      </button>
      {st.error && (
        <p className="field-error" data-testid="theory-exact-error">
          {st.error}
        </p>
      )}
      {a && (
        <div className="theory-exact-body">
          <PosteriorCanvas a={a} />
          <div>
            <p className="small">
              Test digit #{a.index} (a {a.label}), model at step {a.step}. q(z|x): μ = ({f2(a.mu[0])},{' '}
              {f2(a.mu[1])}), σ = ({Math.exp(0.5 * a.logVar[0]).toFixed(3)},{' '}
              {Math.exp(0.5 * a.logVar[1]).toFixed(3)}).
            </p>
            <table className="theory-table" data-testid="theory-identity">
              <tbody>
                <tr>
                  <td>log p(x) (quadrature)</td>
                  <td data-testid="theory-logpx">{f2(a.logPx)}</td>
                </tr>
                <tr>
                  <td>ELBO = E_q[log p(x, z)] + H(q)</td>
                  <td data-testid="theory-elbo">{f2(a.elbo)}</td>
                </tr>
                <tr>
                  <td>KL(q(z|x) ‖ p(z|x)) on the grid</td>
                  <td data-testid="theory-kl">{f2(a.kl)}</td>
                </tr>
                <tr>
                  <td>ELBO + KL − log p(x)</td>
                  <td data-testid="theory-residual">{(a.elbo + a.kl - a.logPx).toExponential(1)}</td>
                </tr>
              </tbody>
            </table>
            <p className="small">
              Nats, in the model&apos;s likelihood convention. The KL is Σ q(z)[log q(z) − log p(z|x)]·ΔA on a
              100 × 100 grid over q&apos;s μ ± 6σ, with log p(z|x) = log p(x, z) − log p(x): it is computed,
              not taken as the difference. Checks: posterior mass outside the fine box{' '}
              {a.massOutsideFine.toExponential(1)}, in the coarse grid&apos;s border ring{' '}
              {a.edgeMass.toExponential(1)}; the coarse grid alone gives log p(x) = {f2(a.logPxCoarse)};
              q&apos;s mass on its grid {a.qMass.toFixed(6)}; {a.evaluations.toLocaleString()} decoder
              evaluations.
            </p>
            <table className="theory-table" data-testid="theory-iwae">
              <thead>
                <tr>
                  <th>k</th>
                  <th>IWAE L_k (mean ± s.e.)</th>
                  <th>log p(x) − L_k</th>
                </tr>
              </thead>
              <tbody>
                {a.iwae.map((p) => (
                  <tr key={p.k}>
                    <td>{p.k}</td>
                    <td>
                      {f2(p.mean)} ± {f2(p.se)}
                    </td>
                    <td>{f2(a.logPx - p.mean)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="small">
              L_k = E[log (1/k) Σ p(x, z_s)/q(z_s|x)], z_s ~ q(z|x): L_1 is the ELBO (with a Monte Carlo
              expectation), and L_k rises to log p(x) as k grows; each row averages{' '}
              {a.iwae.map((p) => p.repeats).join(' / ')} independent draws.
            </p>
          </div>
        </div>
      )}
    </section>
  );
}
