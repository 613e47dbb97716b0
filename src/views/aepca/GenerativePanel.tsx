import type { GenerativeSnapshot } from '../../engine/aepca/generativeExperiment';
import { ImageGrid } from '../ImageGrid';
import { LinesChart } from '../LinesChart';

/** Autoencoders are not generative (lectures 001, 004): decode z ~ N(0, I) and z ~ the codes' Gaussian. */
export function GenerativePanel({ s }: { s: GenerativeSnapshot }) {
  return (
    <>
      <div className="aepca-row">
        <div className="panel">
          <LinesChart
            title="Held-out loss (nats per image, 500 test digits)"
            testId="aepca-gen-loss"
            lines={[
              { name: 'AE: −log p(x | x̂)', colour: '#2563eb', data: s.history, key: 'ae' },
              { name: 'denoising AE', colour: '#f97316', data: s.history, key: 'dae' },
              { name: 'VAE: −ELBO', colour: '#16a34a', data: s.history, key: 'vae' },
            ]}
          />
          <p className="small muted">
            The autoencoders&apos; numbers are reconstruction losses only; the VAE&apos;s adds KL(q(z|x) ‖
            p(z)), the price of codes that a sample of N(0, I) can stand in for. A lower AE line is not a
            better generative model: an autoencoder defines no distribution over x at all.
          </p>
          <div>
            <p className="small">Test digits:</p>
            <ImageGrid batch={s.originals} cols={8} label="test digits" testId="aepca-gen-originals" />
          </div>
        </div>
      </div>
      <div className="aepca-row">
        {s.models.map((m, i) => (
          <div className="panel" key={m.name} data-testid={`aepca-gen-model-${i}`}>
            <h3>{m.name}</h3>
            <p className="small">Reconstructions:</p>
            <ImageGrid batch={m.recons} cols={8} label={`${m.name} reconstructions`} />
            <p className="small">Decoded z ~ N(0, I):</p>
            <ImageGrid batch={m.priorSamples} cols={8} label={`${m.name}: decoded N(0, I) samples`} />
            <p className="small">Decoded z ~ N(mean, covariance of its codes):</p>
            <ImageGrid
              batch={m.fittedSamples}
              cols={8}
              label={`${m.name}: decoded samples of the fitted Gaussian`}
            />
            <p className="small muted">
              KL(fitted Gaussian ‖ N(0, I)) = {m.codeKl.toFixed(2)} nats; mean code length{' '}
              {m.codeNorm.toFixed(2)} (a N(0, I) draw in d = {s.d} has length about{' '}
              {Math.sqrt(s.d).toFixed(2)}).
            </p>
          </div>
        ))}
      </div>
      <p className="small muted">
        Same networks (784–hidden–{s.d}) and noise for all three. Nothing in an autoencoder&apos;s loss says
        where its codes should lie, so N(0, I) lands mostly where no training code is and decodes to blur or
        nonsense. A Gaussian fitted to the codes is better placed but still puts mass in the gaps between the
        digit clusters. The VAE&apos;s KL term pulls q(z|x) towards N(0, I), so once trained its prior samples
        decode to digit-like images: the prior is what the decoder was trained on.
      </p>
    </>
  );
}
