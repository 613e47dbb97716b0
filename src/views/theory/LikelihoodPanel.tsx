import type { ImageBatch } from '../../engine/experiment';
import { theoryActions, useTheory } from '../../store/theory';
import { ImageGrid } from '../ImageGrid';

const batch = (pixels: Uint8ClampedArray): ImageBatch => ({
  count: pixels.length / 784,
  width: 28,
  height: 28,
  pixels,
});

/** Item 7: likelihood is not sample quality, both ways. */
export function LikelihoodPanel(props: { ready: boolean }) {
  const st = useTheory((s) => s.likelihood);
  const a = st.result;
  return (
    <section className="panel" data-testid="theory-likelihood">
      <h3>Likelihood is not sample quality</h3>
      <p className="small">
        Mix the trained model with a noise model (every pixel a fair coin): p_mix = 0.01 p_model + 0.99
        p_noise. Since p_mix(x) ≥ 0.01 p_model(x), its log-likelihood is at most log 100 ≈ 4.61 nats below the
        model&apos;s, on every digit — yet 99 % of its samples are noise. The converse: a memorizer, an equal
        mixture of ten training digits (pixel probabilities clipped to [ε, 1 − ε]), has samples as sharp as
        the data (they are the data) and a terrible likelihood for any digit it has not memorized. Both in the
        lab&apos;s Bernoulli convention.
      </p>
      <button
        data-testid="theory-likelihood-run"
        disabled={!props.ready || st.status === 'running'}
        onClick={() => void theoryActions.likelihood()}
      >
        {st.status === 'running' ? 'Estimating…' : 'Compare'}
      </button>
      {st.error && <p className="field-error">{st.error}</p>}
      {a && (
        <>
          <table className="theory-table" data-testid="theory-likelihood-table">
            <thead>
              <tr>
                <th>model</th>
                <th>mean test log-likelihood (nats)</th>
                <th>samples</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>trained VAE (log p(x), K = {a.samples})</td>
                <td>{a.model.toFixed(2)}</td>
                <td>decoded means</td>
              </tr>
              <tr>
                <td>0.01 VAE + 0.99 noise</td>
                <td>
                  {a.mixture.toFixed(2)} (drop {a.meanDrop.toFixed(3)}, largest {a.maxDrop.toFixed(3)} ≤ log
                  100 = {Math.log(100).toFixed(3)})
                </td>
                <td data-testid="theory-noise-fraction">
                  {(100 * a.noiseFraction).toFixed(1)} % noise of 10,000 draws
                </td>
              </tr>
              <tr>
                <td>noise alone</td>
                <td>{a.noise.toFixed(2)}</td>
                <td>coin flips</td>
              </tr>
              <tr>
                <td>memorizer (10 training digits, ε = {a.memorizerEpsilon})</td>
                <td>
                  {a.memorizerTest.toFixed(2)} on test digits ({a.memorizerTrain.toFixed(2)} on its own 10)
                </td>
                <td>the training digits themselves</td>
              </tr>
            </tbody>
          </table>
          <p className="small">
            On {a.digits} test digits, model at step {a.step}.
          </p>
          <div className="theory-samples">
            <ImageGrid batch={batch(a.mixSamples)} cols={12} label="24 samples of the 0.01 / 0.99 mixture" />
            <ImageGrid
              batch={batch(a.modelSamples)}
              cols={8}
              label="the model component's samples (the 1 %)"
            />
            <ImageGrid batch={batch(a.memorizerSamples)} cols={10} label="the memorizer's samples" />
          </div>
        </>
      )}
    </section>
  );
}
