import { useState } from 'react';
import type { Gan2dConfig } from '../../config/gan2d';
import { parseExperimentConfig } from '../../config/schema';
import { ganActions, useGan } from '../../store/gan2d';
import { pushNotice } from '../../store/lab';
import { NumberField } from '../NumberField';

type Net = 'generator' | 'discriminator';

/** Architecture, noise and optimiser betas: these rebuild the networks, so they apply on "Apply & reset". */
export function NetworkEditor() {
  const config = useGan((s) => s.config);
  const [draft, setDraft] = useState<Gan2dConfig | null>(null);
  const d = draft ?? config;
  const edit = (f: (c: Gan2dConfig) => void) => {
    const c = structuredClone(d);
    f(c);
    setDraft(c);
  };
  const apply = () => {
    const r = parseExperimentConfig(d);
    if (!r.ok) {
      pushNotice('error', `GAN lab: ${r.error}`);
      return;
    }
    ganActions.reset(d, null);
    setDraft(null);
  };
  return (
    <details className="net-editor">
      <summary>Networks and noise (apply on reset)</summary>
      {(['generator', 'discriminator'] as Net[]).map((n) => (
        <div key={n}>
          <h4>{n === 'generator' ? 'Generator' : 'Discriminator'}</h4>
          <NumberField
            label="hidden layers"
            value={d[n].layers}
            min={1}
            max={8}
            integer
            onCommit={(v) => edit((c) => void (c[n].layers = v))}
          />
          <NumberField
            label="width"
            value={d[n].width}
            min={2}
            max={1024}
            integer
            onCommit={(v) => edit((c) => void (c[n].width = v))}
          />
          <label className="field">
            <span>activation</span>
            <select
              value={d[n].activation}
              onChange={(e) =>
                edit((c) => void (c[n].activation = e.target.value as Gan2dConfig[Net]['activation']))
              }
            >
              <option value="relu">ReLU</option>
              <option value="leakyRelu">leaky ReLU</option>
              <option value="tanh">tanh</option>
            </select>
          </label>
          {n === 'discriminator' && (
            <label
              className="field"
              title="PacGAN (Lin et al. 2018): D judges m samples of the same kind at once"
            >
              <span>PacGAN: samples per D input</span>
              <select
                data-testid="gan-pack"
                value={d.discriminator.pack}
                onChange={(e) => edit((c) => void (c.discriminator.pack = Number(e.target.value)))}
              >
                <option value={1}>1 (off)</option>
                <option value={2}>2</option>
                <option value={3}>3</option>
                <option value={4}>4</option>
              </select>
            </label>
          )}
        </div>
      ))}
      <h4>Noise</h4>
      <NumberField
        label="dimension"
        value={d.noise.dim}
        min={1}
        max={64}
        integer
        onCommit={(v) => edit((c) => void (c.noise.dim = v))}
      />
      <label className="field">
        <span>prior</span>
        <select
          data-testid="gan-noise-prior"
          value={d.noise.prior}
          onChange={(e) =>
            edit((c) => void (c.noise.prior = e.target.value as Gan2dConfig['noise']['prior']))
          }
        >
          <option value="gaussian">Gaussian</option>
          <option value="uniform">uniform</option>
          <option value="mixture">mixture of Gaussian blobs</option>
        </select>
      </label>
      {d.noise.prior === 'mixture' && (
        <>
          <NumberField
            label="blobs"
            testId="gan-noise-blobs"
            value={d.noise.components}
            min={1}
            max={1000}
            integer
            onCommit={(v) => edit((c) => void (c.noise.components = v))}
          />
          <NumberField
            label="blob sd"
            value={d.noise.componentSd}
            min={0}
            max={2}
            onCommit={(v) => edit((c) => void (c.noise.componentSd = v))}
          />
        </>
      )}
      <h4>Adam / RMSProp</h4>
      {(['optG', 'optD'] as const).map((k) => (
        <div key={k}>
          <NumberField
            label={`${k === 'optG' ? 'G' : 'D'} β1`}
            value={d[k].beta1}
            min={0}
            max={0.9999}
            onCommit={(v) => edit((c) => void (c[k].beta1 = v))}
          />
          <NumberField
            label={`${k === 'optG' ? 'G' : 'D'} β2 (RMSProp decay)`}
            value={d[k].beta2}
            min={0}
            max={0.9999}
            onCommit={(v) => edit((c) => void (c[k].beta2 = v))}
          />
        </div>
      ))}
      <NumberField
        label="batch size"
        value={d.training.batchSize}
        min={1}
        max={4096}
        integer
        onCommit={(v) => edit((c) => void (c.training.batchSize = v))}
      />
      <NumberField
        label="G steps in the run"
        value={d.training.maxSteps}
        min={1}
        max={1_000_000}
        integer
        onCommit={(v) => edit((c) => void (c.training.maxSteps = v))}
      />
      <NumberField
        label="seed"
        value={d.seed}
        min={0}
        max={2 ** 31 - 1}
        integer
        onCommit={(v) => edit((c) => void (c.seed = v))}
      />
      <button data-testid="gan-apply-reset" onClick={apply} disabled={!draft}>
        Apply &amp; reset
      </button>
    </details>
  );
}
