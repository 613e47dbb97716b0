import { useState } from 'react';
import type { Gan2dConfig } from '../../config/gan2d';
import { listPresets } from '../../config/presets';
import { MAX_POINTS } from '../../core/gan/csv';
import { checkUploadSize, validatePointsCsv } from '../../config/validate';
import { pushNotice } from '../../store/lab';
import { ganActions, useGan, type GanLayer } from '../../store/gan2d';
import { ChoiceSelect } from '../ChoiceSelect';
import { NumberField } from '../NumberField';
import { NetworkEditor } from './NetworkEditor';

const LOSSES: [Gan2dConfig['objective']['loss'], string][] = [
  ['minimax', 'minimax (saturating G loss)'],
  ['nonSaturating', 'non-saturating'],
  ['lsgan', 'least squares (LSGAN)'],
  ['wgan', 'WGAN (weight clipping)'],
  ['wganGp', 'WGAN-GP'],
  ['hinge', 'hinge'],
  ['fgan', 'f-GAN'],
];
const DATASETS = ['ring', 'grid', 'spiral', 'moons', 'gaussian'] as const;
const OPTS = ['adam', 'rmsprop', 'sgd'] as const;
const LAYERS: [GanLayer, string][] = [
  ['real', 'real samples'],
  ['fake', 'fake samples'],
  ['heatmap', 'D(x) heatmap'],
  ['arrows', 'G gradients'],
  ['manifold', 'noise lattice'],
  ['trails', 'trails'],
];

/** Data, objective and optimisers: all of it changes mid-run without losing the run. */
export function GanSettings(props: {
  drawMode: boolean;
  setDrawMode: (b: boolean) => void;
  drawn: number[];
  clearDrawn: () => void;
}) {
  const { drawMode, setDrawMode, drawn, clearDrawn } = props;
  const c = useGan((s) => s.config);
  const presetId = useGan((s) => s.presetId);
  const layers = useGan((s) => s.layers);
  const gpSource = useGan((s) => s.gpLambdaSource);
  const [csvInfo, setCsvInfo] = useState<string | null>(null);
  const presets = listPresets().filter((p) => p.config.kind === 'gan2d');
  const preset = presets.find((p) => p.id === presetId);
  const o = c.objective;

  const onCsv = async (file: File | undefined) => {
    if (!file) return;
    const big = checkUploadSize('csv', file.name, file.size);
    if (big) {
      pushNotice('error', `GAN lab: ${big.message} (${MAX_POINTS} points).`);
      return;
    }
    const r = validatePointsCsv(await file.text(), file.name);
    if (!r.ok) {
      pushNotice('error', `GAN lab: ${file.name}: ${r.error.message}`);
      setCsvInfo(null);
      return;
    }
    if (await ganActions.setPoints(r.value.points)) setCsvInfo(`${r.value.count} points from ${file.name}`);
  };

  return (
    <div className="hyper gan-settings" data-testid="panel-gan-settings">
      <h3 id="gan-preset-label">Preset</h3>
      <ChoiceSelect
        label="Preset (loading one resets the run)"
        testId="gan-preset"
        className="gan-preset"
        applyLabel="Load preset"
        value={presetId ?? ''}
        onChoose={(id) => id && ganActions.loadPreset(id)}
      >
        <option value="">(custom)</option>
        {presets.map((p) => (
          <option key={p.id} value={p.id} title={p.description}>
            {p.title}
          </option>
        ))}
      </ChoiceSelect>
      {preset && <p className="small muted preset-description">{preset.description}</p>}
      <h3>Data</h3>
      <label className="field">
        <span>distribution</span>
        <select
          data-testid="gan-dataset"
          value={c.data.dataset}
          onChange={(e) =>
            e.target.value !== 'points' &&
            ganActions.setLive({ dataset: e.target.value as (typeof DATASETS)[number] })
          }
        >
          {DATASETS.map((d) => (
            <option key={d} value={d}>
              {d === 'ring' ? 'ring of 8 Gaussians' : d === 'grid' ? '5 × 5 grid' : d}
            </option>
          ))}
          <option value="points" disabled>
            your points
          </option>
        </select>
      </label>
      <div className="row">
        <button
          data-testid="gan-draw"
          onClick={() => setDrawMode(!drawMode)}
          className={drawMode ? 'active' : ''}
        >
          {drawMode ? 'Stop drawing' : 'Draw data'}
        </button>
        {drawMode && (
          <>
            <button
              data-testid="gan-use-drawn"
              disabled={drawn.length < 2}
              onClick={() => ganActions.setPoints(drawn)}
            >
              Train on {drawn.length / 2} points
            </button>
            <button onClick={clearDrawn}>Clear</button>
          </>
        )}
      </div>
      <label className="field">
        <span>upload CSV (x,y)</span>
        <input
          type="file"
          accept=".csv,text/csv,text/plain"
          data-testid="gan-csv"
          onChange={(e) => onCsv(e.target.files?.[0])}
        />
      </label>
      {csvInfo && <p className="small">{csvInfo}</p>}
      <h3>Objective</h3>
      <label className="field">
        <span>loss</span>
        <select
          data-testid="gan-loss"
          value={o.loss}
          onChange={(e) => ganActions.setLive({ loss: e.target.value as typeof o.loss })}
        >
          {LOSSES.map(([v, t]) => (
            <option key={v} value={v}>
              {t}
            </option>
          ))}
        </select>
      </label>
      {o.loss === 'fgan' && (
        <label className="field">
          <span>f-divergence</span>
          <select
            data-testid="gan-fdiv"
            value={o.fDivergence}
            onChange={(e) => ganActions.setLive({ fDivergence: e.target.value as typeof o.fDivergence })}
          >
            <option value="kl">KL</option>
            <option value="reverseKl">reverse KL</option>
            <option value="pearson">Pearson χ²</option>
            <option value="js">Jensen-Shannon</option>
          </select>
        </label>
      )}
      {o.loss === 'wganGp' && (
        <>
          <NumberField
            label="GP λ"
            value={o.gpLambda}
            min={0}
            max={100}
            testId="gan-gp-lambda"
            onCommit={(gpLambda) => ganActions.setLive({ gpLambda })}
          />
          <p className="small muted" data-testid="gan-gp-note">
            {gpSource === 'preset'
              ? `λ = ${o.gpLambda} from the preset (measured in docs/gan-presets.md); the WGAN-GP paper uses 10.`
              : gpSource === 'paper'
                ? 'λ = 10, the WGAN-GP paper’s value (set when the loss was switched to WGAN-GP).'
                : `λ = ${o.gpLambda}, your value; the WGAN-GP paper uses 10.`}
          </p>
        </>
      )}
      {o.loss === 'wgan' && (
        <NumberField
          label="clip c"
          value={o.clip}
          min={1e-4}
          max={10}
          onCommit={(clip) => ganActions.setLive({ clip })}
        />
      )}
      <NumberField
        label="unrolled D steps"
        value={o.unrollSteps}
        min={0}
        max={20}
        integer
        testId="gan-unroll"
        onCommit={(unrollSteps) => ganActions.setLive({ unrollSteps })}
      />
      {o.unrollSteps > 0 && (
        <label className="field">
          <span>unrolling</span>
          <select
            data-testid="gan-unroll-order"
            value={o.unrollOrder}
            onChange={(e) => ganActions.setLive({ unrollOrder: e.target.value as typeof o.unrollOrder })}
          >
            <option value="second">second order (Metz et al.: G’s gradient through D’s updates)</option>
            <option value="first">first order (look-ahead D held fixed)</option>
          </select>
        </label>
      )}
      {o.unrollSteps > 0 && c.training.lrDecay === 'linear' && (
        <label className="field">
          <span>look-ahead learning rate</span>
          <select
            data-testid="gan-unroll-lr"
            value={o.unrollLr}
            onChange={(e) => ganActions.setLive({ unrollLr: e.target.value as typeof o.unrollLr })}
          >
            <option value="schedule">decays with D’s</option>
            <option value="fixed">fixed at D’s base rate</option>
          </select>
        </label>
      )}
      <NumberField
        label="k: D steps per G step"
        value={c.training.dSteps}
        min={1}
        max={20}
        integer
        testId="gan-k"
        onCommit={(dSteps) => ganActions.setLive({ dSteps })}
      />
      <h3>Optimisers</h3>
      <NumberField
        label="G learning rate"
        value={c.optG.lr}
        min={1e-6}
        max={1}
        testId="gan-lr-g"
        onCommit={(lrG) => ganActions.setLive({ lrG })}
      />
      <NumberField
        label="D learning rate"
        value={c.optD.lr}
        min={1e-6}
        max={1}
        testId="gan-lr-d"
        onCommit={(lrD) => ganActions.setLive({ lrD })}
      />
      {(['optG', 'optD'] as const).map((k) => (
        <label className="field" key={k}>
          <span>{k === 'optG' ? 'G optimiser' : 'D optimiser'}</span>
          <select
            value={c[k].name}
            onChange={(e) => ganActions.setLive({ [k]: e.target.value as (typeof OPTS)[number] })}
          >
            {OPTS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      ))}
      <h3>Layers</h3>
      <div className="layers">
        {LAYERS.map(([l, t]) => (
          <label key={l} className="small">
            <input
              type="checkbox"
              checked={layers[l]}
              onChange={() => ganActions.toggleLayer(l)}
              data-testid={`gan-layer-${l}`}
            />{' '}
            {t}
          </label>
        ))}
      </div>
      <p className="small muted" data-testid="gan-net-summary">
        Networks: G {c.generator.layers} × {c.generator.width} ({c.generator.activation}), D{' '}
        {c.discriminator.layers} × {c.discriminator.width} ({c.discriminator.activation})
        {c.discriminator.pack > 1 && `, PacGAN: ${c.discriminator.pack} samples per D input`}, noise{' '}
        {c.noise.dim}-d{' '}
        {c.noise.prior === 'mixture'
          ? `mixture of ${c.noise.components} Gaussian blobs (sd ${c.noise.componentSd})`
          : c.noise.prior}
        , batch {c.training.batchSize}. Presets set these; Reset rebuilds the weights.
      </p>
      <NetworkEditor />
    </div>
  );
}
