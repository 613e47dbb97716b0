import type { DiscreteSnapshot } from '../../engine/aepca/discreteExperiment';
import { ImageGrid } from '../ImageGrid';
import { LinesChart } from '../LinesChart';

/** A VAE with categorical latents trained by Gumbel-softmax (lecture 003), next to a Gaussian VAE. */
export function DiscretePanel({ s }: { s: DiscreteSnapshot }) {
  const last = s.history[s.history.length - 1]!;
  const maxKl = s.N * Math.log(s.K);
  return (
    <>
      <div className="aepca-row">
        <div className="panel">
          <LinesChart
            title="Held-out −ELBO (nats per image, 500 test digits, one sample)"
            testId="aepca-discrete-loss"
            lines={[
              { name: `categorical ${s.N} × ${s.K}`, colour: '#9333ea', data: s.history, key: 'catLoss' },
              { name: `Gaussian d = ${s.d}`, colour: '#16a34a', data: s.history, key: 'gaussLoss' },
            ]}
          />
          <p className="small muted" data-testid="aepca-discrete-numbers">
            Step {last.step}: categorical −ELBO {last.catLoss.toFixed(1)} (KL {last.catKl.toFixed(2)} of at
            most N log K = {maxKl.toFixed(2)} nats), Gaussian −ELBO {last.gaussLoss.toFixed(1)} (KL{' '}
            {last.gaussKl.toFixed(2)}). The categorical number uses an exact discrete sample (argmax of logits
            + Gumbel noise), so it is a true one-sample estimate of the discrete model&apos;s −ELBO; training
            used the relaxed sample.
          </p>
        </div>
        <div className="panel">
          <LinesChart
            title="Gumbel-softmax temperature τ"
            testId="aepca-discrete-tau"
            lines={[{ name: 'τ', colour: '#111827', data: s.history, key: 'tau' }]}
          />
          <p className="small muted">
            y = softmax((logits + g) / τ), g = −log(−log u), u ~ U(0, 1), per variable. As τ → 0 the sample
            becomes the one-hot vector of argmax(logits + g), an exact categorical sample, but its gradient
            grows noisy; large τ gives smooth, biased gradients. τ = max(τ_min, τ₀ e^(−r·step)), now{' '}
            {s.tau.toFixed(3)}.{' '}
            {s.straightThrough
              ? 'Straight-through is on: the decoder sees the hard one-hot vector, the gradient is the relaxed one.'
              : 'Straight-through is off: the decoder sees the relaxed (soft) vector while training.'}{' '}
            The KL to the uniform prior is exact: Σ<sub>i</sub> Σ<sub>k</sub> q<sub>ik</sub> log(K q
            <sub>ik</sub>).
          </p>
        </div>
      </div>
      <div className="aepca-row">
        <div className="panel">
          <h3>Samples per category</h3>
          <ImageGrid
            batch={s.perCategory}
            cols={s.perCategoryCols}
            label="decoded one-hot codes per category"
            testId="aepca-per-category"
          />
          <p className="small muted">
            Row k: variable 1 set to category k, the other {s.N - 1} variables fixed per column at draws from
            the uniform prior. What one variable controls is whatever the model found useful; it need not be
            the digit class.
          </p>
        </div>
        <div className="panel">
          <p className="small">Test digits, categorical and Gaussian reconstructions:</p>
          <ImageGrid batch={s.originals} cols={8} label="test digits" />
          <ImageGrid
            batch={s.catRecons}
            cols={8}
            label="categorical VAE reconstructions (most likely categories)"
          />
          <ImageGrid batch={s.gaussRecons} cols={8} label="Gaussian VAE reconstructions (z = mu)" />
          <p className="small">Prior samples, categorical then Gaussian:</p>
          <ImageGrid
            batch={s.catSamples}
            cols={8}
            label="categorical VAE prior samples"
            testId="aepca-cat-samples"
          />
          <ImageGrid batch={s.gaussSamples} cols={8} label="Gaussian VAE prior samples" />
        </div>
      </div>
    </>
  );
}
