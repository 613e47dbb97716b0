import { useMemo } from 'react';
import { focusedDigit, latentActions, useLatent } from '../../store/latent';
import { fmt } from './paint';
import { Hint } from '../Hint';
import { PixelCanvas } from './PixelCanvas';

const SHOWN = 8;

/**
 * z = mu + sigma * eps, with numbers: the encoder gives a distribution q(z|x) = N(mu, sigma^2), and a
 * sample is the deterministic function mu + sigma * eps of outside noise eps ~ N(0, I). That is what lets
 * gradients flow through the sample to mu and sigma (lecture 002). "Resample eps" draws another z from
 * the same q(z|x) and decodes it next to the decoding of mu.
 */
export function ReparamPanel() {
  const digit = useLatent(focusedDigit);
  const eps = useLatent((s) => s.eps);
  const decoder = useLatent((s) => s.decoder);
  const focus = useLatent((s) => s.focus);
  const hasBoth = useLatent((s) => s.selected !== null && s.drawn !== null);

  const sigma = useMemo(
    () => (digit ? Float32Array.from(digit.logVar, (v) => Math.exp(0.5 * v)) : null),
    [digit],
  );
  const z = useMemo(() => {
    if (!digit || !sigma || eps.length !== digit.mu.length) return null;
    return Float32Array.from(digit.mu, (m, k) => m + sigma[k]! * eps[k]!);
  }, [digit, sigma, eps]);
  const ok = decoder && digit && decoder.latentDim === digit.mu.length;
  const recon = useMemo(() => (ok ? decoder.decode(digit.mu) : null), [ok, decoder, digit]);
  const sample = useMemo(() => (ok && z ? decoder.decode(z) : null), [ok, decoder, z]);

  if (!digit || !sigma || !z) {
    return (
      <section className="panel latent-reparam" data-testid="panel-reparam">
        <h3>The reparameterization, visible</h3>
        <Hint testId="hint-reparam">
          Pick a digit (click a point in the scatter, press <b>From a test digit</b>, or draw one) to see its
          q(z|x) = N(μ, σ²) and a sample z = μ + σ·ε, number by number.
        </Hint>
      </section>
    );
  }
  const d = digit.mu.length;
  return (
    <section className="panel latent-reparam" data-testid="panel-reparam">
      <h3>The reparameterization, visible</h3>
      {hasBoth && (
        <div className="controls small">
          <label>
            <input
              type="radio"
              checked={focus === 'selected'}
              onChange={() => latentActions.setFocus('selected')}
            />
            clicked digit
          </label>
          <label>
            <input
              type="radio"
              checked={focus === 'drawn'}
              onChange={() => latentActions.setFocus('drawn')}
            />
            drawn digit
          </label>
        </div>
      )}
      <div className="digit-pair">
        <figure>
          <PixelCanvas images={digit.image} scale={2} label="input digit" testId="reparam-input" />
          <figcaption>x {digit.label !== undefined ? `(a ${digit.label})` : '(drawn)'}</figcaption>
        </figure>
        <figure>
          <PixelCanvas images={recon} scale={2} label="decoding of mu" testId="reparam-mu" />
          <figcaption>decode(μ)</figcaption>
        </figure>
        <figure>
          <PixelCanvas images={sample} scale={2} label="decoding of the sampled z" testId="reparam-sample" />
          <figcaption>decode(z)</figcaption>
        </figure>
      </div>
      <div className="reparam-table-wrap">
        <table className="reparam-table small" data-testid="reparam-table">
          <thead>
            <tr>
              <th>dim</th>
              <th>μ</th>
              <th>σ</th>
              <th>ε</th>
              <th>z = μ + σ·ε</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: d }, (_, k) => (
              <tr key={k} className={k >= SHOWN ? 'more' : undefined}>
                <td>z{k}</td>
                <td>{fmt(digit.mu[k], 3)}</td>
                <td>{fmt(sigma[k], 3)}</td>
                <td>{fmt(eps[k], 3)}</td>
                <td>
                  {fmt(digit.mu[k], 2)} + {fmt(sigma[k], 2)}×{fmt(eps[k], 2)} = <b>{fmt(z[k], 3)}</b>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="controls">
        <button
          className="primary"
          onClick={() => latentActions.resampleEps()}
          data-testid="reparam-resample"
        >
          Resample ε
        </button>
        <button
          onClick={() =>
            latentActions.setZ(z.slice(), {
              kind: 'reparam',
              text: `The sliders now hold a sample z of ${digit.name}.`,
            })
          }
        >
          z → sliders
        </button>
        <button
          onClick={() =>
            latentActions.setZ(digit.mu.slice(), {
              kind: 'reparam',
              text: `The sliders now hold μ of ${digit.name}.`,
            })
          }
        >
          μ → sliders
        </button>
      </div>
      <p className="small muted">
        ε ~ N(0, I) comes from outside the network; μ and σ come from the encoder. Small σ means the encoder
        is sure where this digit belongs; dimensions with σ ≈ 1 and μ ≈ 0 are unused (they match the prior).
      </p>
    </section>
  );
}
