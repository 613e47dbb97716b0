import { LIKELIHOODS, PRIORS, type LikelihoodName, type PriorName, type VaeConfig } from '../../config/vae';
import { actions, useLab } from '../../store/lab';
import { NumberField } from '../NumberField';
import { LIKELIHOOD_LABELS, PRIOR_LABELS } from './conventions';

const edit = (f: (m: VaeConfig['model']) => void) => actions.editDraft((c) => f(c.model));

/** The model's variant, architecture, likelihood and prior (they apply on Reset, like the sizes). */
export function VariantSettings() {
  const m = useLab((s) => s.draft.model);
  return (
    <>
      <label className="field">
        <span>variant</span>
        <select
          value={m.variant}
          data-testid="hp-variant"
          onChange={(e) => edit((d) => void (d.variant = e.target.value as VaeConfig['model']['variant']))}
        >
          <option value="classic">VAE of p(x)</option>
          <option value="conditional">Conditional VAE of p(x | digit)</option>
        </select>
      </label>
      <label className="field">
        <span>architecture</span>
        <select
          value={m.architecture}
          data-testid="hp-architecture"
          onChange={(e) =>
            edit((d) => {
              d.architecture = e.target.value as 'mlp' | 'conv';
              if (d.architecture !== 'mlp') d.decoder = 'mlp'; // the autoregressive decoder is an MLP
            })
          }
        >
          <option value="mlp">MLP</option>
          <option value="conv">Convolutional (2 × 4×4 stride-2 each way)</option>
        </select>
      </label>
      {m.architecture === 'mlp' && m.likelihood.startsWith('bernoulli') && (
        <label className="field">
          <span>decoder</span>
          <select
            value={m.decoder}
            data-testid="hp-decoder"
            onChange={(e) =>
              edit((d) => {
                d.decoder = e.target.value as 'mlp' | 'autoregressive';
                if (d.decoder === 'autoregressive') d.decoderHidden = d.decoderHidden.slice(0, 1);
              })
            }
          >
            <option value="mlp">MLP: pixels independent given z</option>
            <option value="autoregressive">
              Autoregressive (MADE): pixel i given z and pixels before it
            </option>
          </select>
        </label>
      )}
      {m.architecture === 'conv' && (
        <label className="field">
          <span>conv channels</span>
          <select
            value={m.convChannels.join(',')}
            data-testid="hp-conv-channels"
            onChange={(e) => edit((d) => void (d.convChannels = e.target.value.split(',').map(Number)))}
          >
            {['8,16', '16,32', '32,64'].map((v) => (
              <option key={v} value={v}>
                {v.replace(',', ', ')}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        <span>likelihood p(x|z)</span>
        <select
          value={m.likelihood}
          data-testid="hp-likelihood"
          onChange={(e) =>
            edit((d) => {
              d.likelihood = e.target.value as LikelihoodName;
              if (!d.likelihood.startsWith('bernoulli')) d.decoder = 'mlp'; // it models binary pixels
            })
          }
        >
          {LIKELIHOODS.map((l) => (
            <option key={l} value={l}>
              {LIKELIHOOD_LABELS[l]}
            </option>
          ))}
        </select>
      </label>
      {m.likelihood === 'gaussian' && (
        <NumberField
          label="Gaussian σ"
          value={m.gaussianSigma}
          min={0.001}
          max={10}
          onCommit={(v) => edit((d) => void (d.gaussianSigma = v))}
        />
      )}
      {m.likelihood === 'categorical' && (
        <NumberField
          label="features per pixel (categorical head)"
          value={m.categoricalFeatures}
          min={1}
          max={32}
          integer
          onCommit={(v) => edit((d) => void (d.categoricalFeatures = v))}
        />
      )}
      <label className="field">
        <span>prior p(z)</span>
        <select
          value={m.prior}
          data-testid="hp-prior"
          onChange={(e) => edit((d) => void (d.prior = e.target.value as PriorName))}
        >
          {PRIORS.map((p) => (
            <option key={p} value={p}>
              {PRIOR_LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      {(m.prior === 'mixture' || m.prior === 'vamp') && (
        <NumberField
          label={m.prior === 'vamp' ? 'pseudo-inputs K' : 'components K'}
          value={m.priorComponents}
          min={1}
          max={100}
          integer
          testId="hp-prior-components"
          onCommit={(v) => edit((d) => void (d.priorComponents = v))}
        />
      )}
    </>
  );
}
