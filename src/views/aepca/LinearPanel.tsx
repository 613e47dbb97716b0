import type { LinearSnapshot } from '../../engine/aepca/linearExperiment';
import { ImageGrid } from '../ImageGrid';
import { LinesChart } from '../LinesChart';

const f4 = (v: number) => v.toFixed(4);

/** Linear AE = PCA (lecture 004, Eckart-Young) and the linear-Gaussian VAE against PPCA (lecture 002). */
export function LinearPanel({ s }: { s: LinearSnapshot }) {
  const last = s.history[s.history.length - 1]!;
  const residualLine = s.history.map((p) => ({ step: p.step, residual: s.residual }));
  const gap = (l: number) =>
    `${l >= s.residual ? '+' : ''}${((100 * (l - s.residual)) / s.residual).toFixed(2)} %`;
  const elboLine = s.history.filter((p) => Number.isFinite(p.elbo));
  const ppcaLine = s.ppca ? s.history.map((p) => ({ step: p.step, ll: s.ppca!.logLik })) : [];
  const shownCoords = Math.min(s.d, 4);
  return (
    <>
      <div className="aepca-row">
        <div className="panel">
          <LinesChart
            title="Linear AE loss vs the PCA residual (mean squared error per image, summed over pixels)"
            testId="aepca-linear-loss"
            lines={[
              { name: 'AE, seed 1', colour: '#2563eb', data: s.history, key: 'loss' },
              { name: 'AE, seed 2', colour: '#f97316', data: s.history, key: 'loss2' },
              {
                name: 'PCA residual (closed form)',
                colour: '#111827',
                data: residualLine,
                key: 'residual',
                width: 2,
              },
            ]}
          />
          <p className="small muted" data-testid="aepca-linear-numbers">
            d = {s.d}, {s.trainImages.toLocaleString()} centred training digits. PCA residual = sum of the
            discarded eigenvalues λ<sub>{s.d + 1}</sub> + … + λ<sub>784</sub> of their covariance ={' '}
            <b data-testid="aepca-residual">{f4(s.residual)}</b> (total variance {f4(s.totalVariance)}). Step{' '}
            {last.step}: AE 1 <b data-testid="aepca-loss">{f4(last.loss)}</b> ({gap(last.loss)}), AE 2{' '}
            {f4(last.loss2)} ({gap(last.loss2)}). No linear map through d dimensions can go below the residual
            (Eckart–Young); gradient descent from random weights gets there.
          </p>
        </div>
        <div className="panel">
          <LinesChart
            title="Largest principal angle (degrees) between the decoder's span and the top-d eigenvectors"
            testId="aepca-linear-angles"
            lines={[
              { name: 'AE, seed 1', colour: '#2563eb', data: s.history, key: 'angle' },
              { name: 'AE, seed 2', colour: '#f97316', data: s.history, key: 'angle2' },
            ]}
          />
          <p className="small muted">
            All {s.d} principal angles of AE 1 now: {s.angles[0]!.map((a) => a.toFixed(1)).join(', ')}°. The
            subspace is learned; a basis of it is not. When eigenvalues λ<sub>d</sub> and λ<sub>d+1</sub> are
            close (λ<sub>{s.d}</sub> = {s.eigenvalues[s.d - 1]?.toFixed(3)}, λ<sub>{s.d + 1}</sub> ={' '}
            {s.eigenvalues[s.d]?.toFixed(3)}), the last angle closes slowly while the loss is already near the
            residual: that direction costs little.
          </p>
        </div>
      </div>
      <div className="aepca-row">
        <div className="panel">
          <h3>Same reconstructions, different codes</h3>
          <ImageGrid batch={s.originals} cols={8} label="training digits" testId="aepca-originals" />
          <ImageGrid batch={s.recons[0]!} cols={8} label="AE seed 1 reconstructions" testId="aepca-recon-1" />
          <ImageGrid batch={s.recons[1]!} cols={8} label="AE seed 2 reconstructions" testId="aepca-recon-2" />
          <p className="small muted">
            Largest pixel difference between the two runs&apos; reconstructions of these digits:{' '}
            {s.reconMaxDiff.toFixed(3)} (grey levels 0–1). Their codes (first {shownCoords} of {s.d}{' '}
            coordinates):
          </p>
          <table className="aepca-table small" data-testid="aepca-codes">
            <thead>
              <tr>
                <th>digit</th>
                <th>z, seed 1</th>
                <th>z, seed 2</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: s.codeDigits }, (_, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  {s.codes.map((c, r) => (
                    <td key={r}>
                      {Array.from(c.subarray(i * s.d, i * s.d + shownCoords), (v) => v.toFixed(2)).join(', ')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small muted">
            The decoder only sees z through G, and G A<sup>-1</sup> with code A z gives the same output for
            any invertible d × d matrix A: the loss fixes the subspace, not the coordinates.
          </p>
        </div>
        <div className="panel">
          <LinesChart
            title="Linear-Gaussian VAE: exact ELBO vs PPCA's maximum log-likelihood (nats per image)"
            testId="aepca-ppca"
            lines={[
              { name: 'VAE ELBO', colour: '#16a34a', data: elboLine, key: 'elbo' },
              { name: 'PPCA log-likelihood', colour: '#111827', data: ppcaLine, key: 'll', width: 2 },
            ]}
          />
          {s.ppca && (
            <table className="aepca-table small" data-testid="aepca-ppca-numbers">
              <tbody>
                <tr>
                  <td>PPCA log p(x), closed form</td>
                  <td>{s.ppca.logLik.toFixed(2)}</td>
                  <td>σ² = {s.ppca.sigma2.toExponential(3)}</td>
                </tr>
                <tr>
                  <td>VAE ELBO (exact, no sampling)</td>
                  <td>{last.elbo.toFixed(2)}</td>
                  <td>σ² = {s.vaeSigma2?.toExponential(3)}</td>
                </tr>
                <tr>
                  <td>gap</td>
                  <td>{(s.ppca.logLik - last.elbo).toFixed(2)}</td>
                  <td />
                </tr>
              </tbody>
            </table>
          )}
          <p className="small muted">
            PPCA: p(z) = N(0, I), p(x|z) = N(Wz + μ, σ²I). Its maximum-likelihood fit is closed-form: σ² = the
            mean of the {784 - s.d} discarded eigenvalues, W = U<sub>d</sub>(Λ<sub>d</sub> − σ²I)
            <sup>1/2</sup>, and the mean log-likelihood is −½(D log 2π + Σ<sub>i≤d</sub> log λ<sub>i</sub> +
            (D − d) log σ² + D) with D = 784. The VAE has the same p(x|z) with learned σ², and q(z|x) = N(Ex +
            c, diag v); all Gaussian, so its ELBO is computed exactly. The ELBO is a lower bound on the
            VAE&apos;s own log-likelihood, which cannot exceed PPCA&apos;s maximum: the green line stays below
            the black one and approaches it. Densities are of pixel values in [0, 1], so these log-likelihoods
            are positive.
          </p>
        </div>
      </div>
    </>
  );
}
