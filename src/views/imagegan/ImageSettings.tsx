import { useState } from 'react';
import { listPresets } from '../../config/presets';
import { parseExperimentConfig } from '../../config/schema';
import { pushNotice } from '../../store/lab';
import { imageActions, useImageLab, type ImageConfig } from '../../store/imageGan';
import { NumberField } from '../NumberField';
import { ObjectiveFields, type ObjectivePatch } from '../ObjectiveFields';

/** Preset, the game's live settings, and the model's build settings (applied on Reset). */
export function ImageSettings() {
  const c = useImageLab((s) => s.config);
  const presetId = useImageLab((s) => s.presetId);
  const presets = listPresets().filter((p) => p.config.kind === 'imageGan' || p.config.kind === 'aae');
  const o = c.objective;
  const onChange = (p: ObjectivePatch) => imageActions.setLive(p);
  return (
    <div className="hyper image-settings">
      <h3>Preset</h3>
      <select
        data-testid="img-preset"
        value={presetId ?? ''}
        onChange={(e) => e.target.value && imageActions.loadPreset(e.target.value)}
      >
        <option value="">(custom)</option>
        {presets.map((p) => (
          <option key={p.id} value={p.id} title={p.description}>
            {p.title}
          </option>
        ))}
      </select>
      <p className="small muted">{presets.find((p) => p.id === presetId)?.description}</p>
      <ObjectiveFields
        v={{
          loss: o.loss,
          fDivergence: o.fDivergence,
          gpLambda: o.gpLambda,
          clip: o.clip,
          unrollSteps: c.kind === 'imageGan' ? o.unrollSteps : undefined,
          dSteps: c.training.dSteps,
          lrG: c.optG.lr,
          lrD: c.optD.lr,
          optG: c.optG.name,
          optD: c.optD.name,
        }}
        gName={c.kind === 'aae' ? 'encoder' : 'G'}
        testIdPrefix="img"
        onChange={onChange}
      />
      {c.kind === 'aae' && (
        <NumberField
          label="reconstruction learning rate"
          value={c.optAE.lr}
          min={1e-6}
          max={1}
          onCommit={(lrAE) => imageActions.setLive({ lrAE })}
        />
      )}
      <NumberField
        label="score samples every N steps"
        value={c.monitor.metricsEvery}
        min={0}
        max={100000}
        integer
        hint="0 = never (the classifier scores monitor.metricSamples digits)"
        onCommit={(metricsEvery) => imageActions.setLive({ metricsEvery })}
      />
      {c.kind === 'imageGan' && (
        <NumberField
          label="timeline frame every N steps"
          value={c.monitor.timelineEvery}
          min={0}
          max={100000}
          integer
          onCommit={(timelineEvery) => imageActions.setLive({ timelineEvery })}
        />
      )}
      <ModelEditor key={buildKey(c)} config={c} />
    </div>
  );
}

/** What the editor's draft starts from: the parts that only change on reset. */
const buildKey = (c: ImageConfig) =>
  JSON.stringify([
    c.seed,
    c.model,
    c.kind === 'aae' ? c.prior : null,
    c.training.batchSize,
    c.training.maxSteps,
  ]);

/** Architecture, prior, noise: a draft that becomes the run's config on "Apply and reset". */
function ModelEditor({ config }: { config: ImageConfig }) {
  const [draft, setDraft] = useState(() => structuredClone(config));
  const edit = (f: (d: ImageConfig) => void) =>
    setDraft((d) => {
      const n = structuredClone(d);
      f(n);
      return n;
    });
  const apply = () => {
    const r = parseExperimentConfig(draft);
    if (!r.ok) pushNotice('error', `Image GANs: ${r.error}`);
    else imageActions.reset(r.value as ImageConfig, null);
  };
  return (
    <details className="network-editor">
      <summary>Model (applies on reset)</summary>
      {draft.kind === 'imageGan' ? (
        <>
          <label className="field">
            <span>architecture</span>
            <select
              data-testid="img-arch"
              value={draft.model.arch}
              onChange={(e) =>
                edit((d) => d.kind === 'imageGan' && (d.model.arch = e.target.value as 'mlp' | 'dcgan'))
              }
            >
              <option value="dcgan">DCGAN (conv)</option>
              <option value="mlp">MLP</option>
            </select>
          </label>
          <label className="small">
            <input
              type="checkbox"
              checked={draft.model.conditional}
              onChange={(e) => edit((d) => d.kind === 'imageGan' && (d.model.conditional = e.target.checked))}
            />{' '}
            conditional (label into G and D)
          </label>
          <NumberField
            label="noise dimension"
            value={draft.model.noiseDim}
            min={1}
            max={256}
            integer
            onCommit={(v) => edit((d) => d.kind === 'imageGan' && (d.model.noiseDim = v))}
          />
          <label className="field">
            <span>noise prior</span>
            <select
              data-testid="img-noise-prior"
              value={draft.model.prior}
              onChange={(e) =>
                edit(
                  (d) =>
                    d.kind === 'imageGan' &&
                    (d.model.prior = e.target.value as 'gaussian' | 'uniform' | 'mixture'),
                )
              }
            >
              <option value="gaussian">Gaussian N(0, I)</option>
              <option value="uniform">uniform on [−1, 1]</option>
              <option value="mixture">mixture of Gaussian blobs (GM-GAN)</option>
            </select>
          </label>
          {draft.model.prior === 'mixture' && (
            <>
              <NumberField
                label="blobs"
                value={draft.model.noiseMixture.components}
                min={1}
                max={1000}
                integer
                testId="img-noise-blobs"
                hint="Equally likely blobs, centres drawn once from N(0, I) by the seed"
                onCommit={(v) => edit((d) => d.kind === 'imageGan' && (d.model.noiseMixture.components = v))}
              />
              <NumberField
                label="blob sd"
                value={draft.model.noiseMixture.sd}
                min={0.001}
                max={10}
                onCommit={(v) => edit((d) => d.kind === 'imageGan' && (d.model.noiseMixture.sd = v))}
              />
              <p className="small muted" data-testid="img-blob-warning">
                Tight blobs can make G draw one image per blob: sharp, evenly spread digits that the MNIST
                score rewards, but only as many different images as there are blobs. The quality panel&apos;s
                near-copies share shows it (docs/image-gans.md, session 13: 50 blobs of sd 0.2 give near 100
                %).
              </p>
            </>
          )}
          <NumberField
            label="average G's weights (EMA decay, 0 = off)"
            value={draft.model.generatorEma}
            min={0}
            max={0.9999}
            hint="Samples come from an exponential moving average of G's weights; training is unchanged"
            onCommit={(v) => edit((d) => d.kind === 'imageGan' && (d.model.generatorEma = v))}
          />
          {(['generator', 'discriminator'] as const).map((net) => (
            <fieldset key={net}>
              <legend>{net === 'generator' ? 'G' : 'D'}</legend>
              {draft.model.arch === 'dcgan' ? (
                <>
                  <NumberField
                    label="channels (14x14 layer)"
                    value={draft.model[net].channels}
                    min={2}
                    max={128}
                    integer
                    onCommit={(v) => edit((d) => d.kind === 'imageGan' && (d.model[net].channels = v))}
                  />
                  {net === 'generator' && (
                    <NumberField
                      label="28x28 layer channels (0 = off)"
                      value={draft.model.generator.fullResChannels}
                      min={0}
                      max={64}
                      integer
                      hint="G's last transposed conv makes this many 28x28 maps and a 3x3 conv draws the digit from them; 0 lets the transposed conv draw it"
                      onCommit={(v) =>
                        edit((d) => d.kind === 'imageGan' && (d.model.generator.fullResChannels = v))
                      }
                    />
                  )}
                </>
              ) : (
                <label className="field">
                  <span>hidden widths</span>
                  <input
                    defaultValue={draft.model[net].mlpHidden.join(', ')}
                    onBlur={(e) => {
                      const w = e.target.value.split(',').map((x) => Number(x.trim()));
                      edit((d) => d.kind === 'imageGan' && (d.model[net].mlpHidden = w));
                    }}
                  />
                </label>
              )}
              <label className="small">
                <input
                  type="checkbox"
                  checked={draft.model[net].batchNorm}
                  onChange={(e) =>
                    edit((d) => d.kind === 'imageGan' && (d.model[net].batchNorm = e.target.checked))
                  }
                />{' '}
                batch norm
              </label>
            </fieldset>
          ))}
        </>
      ) : (
        <>
          <label className="field">
            <span>prior p(z)</span>
            <select
              data-testid="img-prior"
              value={draft.prior.kind}
              onChange={(e) =>
                edit((d) => {
                  if (d.kind !== 'aae') return;
                  d.prior.kind = e.target.value as typeof d.prior.kind;
                  if (d.prior.kind === 'gaussian') d.prior.useLabels = false;
                  else d.model.latentDim = 2;
                })
              }
            >
              <option value="gaussian">Gaussian N(0, I)</option>
              <option value="mixture10">mixture of 10 Gaussians (2-D)</option>
              <option value="swissRoll">swiss roll (2-D)</option>
            </select>
          </label>
          <label className="small">
            <input
              type="checkbox"
              disabled={draft.prior.kind === 'gaussian'}
              checked={draft.prior.useLabels}
              onChange={(e) => edit((d) => d.kind === 'aae' && (d.prior.useLabels = e.target.checked))}
            />{' '}
            use labels: digit k goes to part k of the prior
          </label>
          <NumberField
            label="latent dimension"
            value={draft.model.latentDim}
            min={2}
            max={64}
            integer
            onCommit={(v) => edit((d) => d.kind === 'aae' && (d.model.latentDim = v))}
          />
        </>
      )}
      <NumberField
        label="batch size"
        value={draft.training.batchSize}
        min={1}
        max={4096}
        integer
        onCommit={(v) => edit((d) => (d.training.batchSize = v))}
      />
      <NumberField
        label="steps"
        value={draft.training.maxSteps}
        min={1}
        max={1000000}
        integer
        onCommit={(v) => edit((d) => (d.training.maxSteps = v))}
      />
      <NumberField
        label="seed"
        value={draft.seed}
        min={0}
        max={2 ** 31 - 1}
        integer
        onCommit={(v) => edit((d) => (d.seed = v))}
      />
      <button data-testid="img-apply" onClick={apply}>
        Apply and reset
      </button>
    </details>
  );
}
