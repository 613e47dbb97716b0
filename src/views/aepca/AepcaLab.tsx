import { useEffect } from 'react';
import { AEPCA_DEMOS, type AepcaDemo } from '../../config/aepca';
import { aepcaActions, bootAepcaEngine, useAepca } from '../../store/aepca';
import { NumberField } from '../NumberField';
import { LinearPanel } from './LinearPanel';
import { GenerativePanel } from './GenerativePanel';
import { DiscretePanel } from './DiscretePanel';
import './aepca.css';

const DEMO_TEXT: Record<AepcaDemo, string> = {
  linear: 'Linear AE = PCA, and PPCA',
  generative: 'Autoencoders are not generative',
  discrete: 'Discrete latents (Gumbel-softmax)',
};

/** "AE, PCA & discrete": linear autoencoders vs PCA, AE vs VAE sampling, categorical latents (issue 10). */
export function AepcaLab() {
  useEffect(() => bootAepcaEngine(), []);
  const { config, status, statusMessage, snapshot } = useAepca();
  const running = status === 'running';
  const m = config.model;
  const t = config.training;
  return (
    <div className="lab aepca-lab">
      <aside className="sidebar panel">
        <label>
          Demo{' '}
          <select
            data-testid="aepca-demo"
            value={config.demo}
            onChange={(e) => aepcaActions.loadDemo(e.target.value as AepcaDemo)}
          >
            {AEPCA_DEMOS.map((d) => (
              <option key={d} value={d}>
                {DEMO_TEXT[d]}
              </option>
            ))}
          </select>
        </label>
        {config.demo !== 'discrete' && (
          <NumberField
            label="latent dimensions d"
            value={m.latentDim}
            min={1}
            max={200}
            integer
            testId="aepca-d"
            onCommit={(v) => aepcaActions.edit((c) => (c.model.latentDim = v))}
          />
        )}
        <NumberField
          label="training digits"
          value={config.data.trainSubset}
          min={100}
          max={60000}
          integer
          testId="aepca-train-subset"
          onCommit={(v) => aepcaActions.edit((c) => (c.data.trainSubset = v))}
        />
        <NumberField
          label="Adam steps"
          value={t.steps}
          min={1}
          max={200000}
          integer
          testId="aepca-steps"
          onCommit={(v) => aepcaActions.edit((c) => (c.training.steps = v))}
        />
        <NumberField
          label="learning rate (half-cosine decay to 0)"
          value={t.lr}
          min={1e-6}
          max={1}
          testId="aepca-lr"
          onCommit={(v) => aepcaActions.edit((c) => (c.training.lr = v))}
        />
        {config.demo === 'generative' && (
          <NumberField
            label="denoising noise σ"
            value={config.denoiseSigma}
            min={0}
            max={2}
            testId="aepca-denoise"
            onCommit={(v) => aepcaActions.edit((c) => (c.denoiseSigma = v))}
          />
        )}
        {config.demo === 'discrete' && (
          <>
            <NumberField
              label="categorical variables N"
              value={m.categoricalVars}
              min={1}
              max={64}
              integer
              testId="aepca-n"
              onCommit={(v) => aepcaActions.edit((c) => (c.model.categoricalVars = v))}
            />
            <NumberField
              label="categories K"
              value={m.categories}
              min={2}
              max={64}
              integer
              testId="aepca-k"
              onCommit={(v) => aepcaActions.edit((c) => (c.model.categories = v))}
            />
            <NumberField
              label="Gaussian VAE's d"
              value={m.latentDim}
              min={1}
              max={200}
              integer
              testId="aepca-gauss-d"
              onCommit={(v) => aepcaActions.edit((c) => (c.model.latentDim = v))}
            />
            <NumberField
              label="τ₀ (start temperature)"
              value={config.gumbel.tau0}
              min={0.01}
              max={100}
              testId="aepca-tau0"
              onCommit={(v) => aepcaActions.edit((c) => (c.gumbel.tau0 = v))}
            />
            <NumberField
              label="τ_min"
              value={config.gumbel.tauMin}
              min={0.01}
              max={100}
              testId="aepca-taumin"
              onCommit={(v) => aepcaActions.edit((c) => (c.gumbel.tauMin = v))}
            />
            <NumberField
              label="annealing rate r"
              value={config.gumbel.rate}
              min={0}
              max={1}
              testId="aepca-rate"
              onCommit={(v) => aepcaActions.edit((c) => (c.gumbel.rate = v))}
            />
            <label>
              <input
                type="checkbox"
                data-testid="aepca-st"
                checked={config.gumbel.straightThrough}
                onChange={(e) => aepcaActions.edit((c) => (c.gumbel.straightThrough = e.target.checked))}
              />{' '}
              straight-through
            </label>
          </>
        )}
        <button
          type="button"
          data-testid="aepca-run"
          disabled={status === 'loading' || status === 'done' || status === 'error'}
          onClick={() => (running ? aepcaActions.pause() : aepcaActions.start())}
        >
          {running ? 'Pause' : 'Train'}
        </button>{' '}
        <button
          type="button"
          data-testid="aepca-reset"
          disabled={status === 'loading'}
          onClick={() => aepcaActions.reset(config)}
          title="Rebuild the models from random weights (same settings)"
        >
          New run
        </button>
        <p className="small muted" data-testid="aepca-status">
          {status === 'loading'
            ? config.demo === 'linear'
              ? 'Loading MNIST, computing the covariance and its eigen-decomposition…'
              : 'Loading MNIST and building the models…'
            : status === 'done'
              ? `done: ${snapshot?.step ?? t.steps} steps`
              : snapshot
                ? `${status}: step ${snapshot.step} of ${t.steps}`
                : (statusMessage ?? status)}
        </p>
      </aside>
      <section className="content">
        {snapshot && snapshot.demo === config.demo ? (
          snapshot.demo === 'linear' ? (
            <LinearPanel s={snapshot} />
          ) : snapshot.demo === 'generative' ? (
            <GenerativePanel s={snapshot} />
          ) : (
            <DiscretePanel s={snapshot} />
          )
        ) : (
          <p className="muted">Press Train to start (the models are built once MNIST is loaded).</p>
        )}
      </section>
    </div>
  );
}
