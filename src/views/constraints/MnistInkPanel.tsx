import { numberBounds } from '../../config/bounds';
import { constraintsMnistConfigSchema } from '../../config/constraintsMnist';
import { MNIST_METHOD_LABELS, MNIST_METHODS } from '../../core/constraints/mnistRun';
import { constraintsMnistActions, useConstraintsMnist } from '../../store/constraintsMnist';
import { ImageGrid } from '../ImageGrid';
import { NumberField } from '../NumberField';

/**
 * The MNIST version (issue 11 item 4, preset constraints-mnist-ink): a small VAE of MNIST, the constraint
 * "ink below t"; one-shot samples, rejection and latent Langevin, their numbers and images side by side.
 */
export function MnistInkPanel() {
  const { config, status, snapshot } = useConstraintsMnist();
  const c = config.constraint;
  const s = config.sampler;
  const running = status === 'running';
  if (status === 'off')
    return (
      <div className="panel" data-testid="mnist-ink-panel">
        <h3>MNIST version: ink mass below t</h3>
        <button type="button" data-testid="mnist-ink-open" onClick={() => constraintsMnistActions.open()}>
          Open (loads MNIST)
        </button>
      </div>
    );
  return (
    <div className="panel" data-testid="mnist-ink-panel">
      <h3>MNIST version: ink mass below t = {c.inkMax}</h3>
      <div className="constraints-top">
        {/* The schema's bound is 0 < t (exclusive), so this field sets its own smallest value. */}
        <NumberField
          label="t (ink threshold)"
          value={c.inkMax}
          min={0.001}
          max={1}
          testId="mnist-ink-t"
          onCommit={(v) => constraintsMnistActions.edit((x) => (x.constraint.inkMax = v))}
        />
        <NumberField
          label="VAE training steps"
          value={config.model.steps}
          {...numberBounds(constraintsMnistConfigSchema.shape.model.shape.steps)}
          testId="mnist-ink-steps"
          onCommit={(v) => constraintsMnistActions.edit((x) => (x.model.steps = v))}
        />
        <button
          type="button"
          data-testid="mnist-ink-run"
          disabled={status === 'loading' || status === 'done' || status === 'error'}
          onClick={() => (running ? constraintsMnistActions.pause() : constraintsMnistActions.start())}
        >
          {running ? 'Pause' : 'Train'}
        </button>
        <span className="small muted" data-testid="mnist-ink-status">
          {status === 'loading'
            ? 'Loading MNIST…'
            : snapshot && snapshot.step < snapshot.totalSteps
              ? `training the VAE: step ${snapshot.step} of ${snapshot.totalSteps}`
              : status === 'done'
                ? 'all methods measured'
                : status}
        </span>
      </div>
      <table
        className="constraints-table"
        data-testid="mnist-ink-table"
        data-rows={snapshot?.rows.length ?? 0}
      >
        <thead>
          <tr>
            <th>method</th>
            <th title="share of the delivered images whose ink (mean pixel intensity) is below t">
              feasible
            </th>
            <th title="mean ink of the delivered images">mean ink</th>
            <th title="MMD to feasible test digits: Gaussian kernel on the 784 pixels, width = median distance between those digits">
              MMD to feasible digits
            </th>
            <th title="decoder passes per delivered image (a Langevin step's forward and backward pass counts as one)">
              cost
            </th>
          </tr>
        </thead>
        <tbody>
          {MNIST_METHODS.map((m) => {
            const r = snapshot?.rows.find((x) => x.method === m);
            return (
              <tr key={m} data-testid={`mnist-ink-row-${m}`} data-done={r ? 'true' : 'false'}>
                <td>{MNIST_METHOD_LABELS[m]}</td>
                <td>{r ? (r.n > 0 ? `${(100 * r.feasibility).toFixed(1)} %` : 'no sample') : '…'}</td>
                <td>{r && r.n > 0 ? r.ink.toFixed(3) : '…'}</td>
                <td>{r ? (r.n > 1 ? r.divergence.toFixed(3) : '—') : '…'}</td>
                <td>{r ? (Number.isFinite(r.cost) ? r.cost.toFixed(1) : 'no sample accepted') : '…'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="constraints-top">
        {MNIST_METHODS.map((m) => {
          const r = snapshot?.rows.find((x) => x.method === m);
          return (
            <figure key={m} data-testid={`mnist-ink-grid-${m}`} data-count={r?.grid.count ?? 0}>
              <ImageGrid
                batch={r?.grid ?? null}
                cols={8}
                scale={1}
                testId={`mnist-ink-canvas-${m}`}
                label={MNIST_METHOD_LABELS[m]}
              />
              <figcaption className="small">{MNIST_METHOD_LABELS[m]}</figcaption>
            </figure>
          );
        })}
      </div>
      <p className="small muted">
        A VAE of MNIST (784–{config.model.hidden}–{config.model.latentDim} MLP, Bernoulli likelihood, prior
        N(0, I)) trained for {config.model.steps} steps; each image is its decoder&apos;s mean E[x|z]. Ink is
        the mean pixel intensity; {snapshot ? `${(100 * snapshot.realFeasible).toFixed(1)} %` : 'a share'} of
        the 10,000 test digits have ink below t. One shot decodes z ~ N(0, I); rejection keeps a decoded image
        only if its ink is below t (at most {s.maxProposals.toLocaleString('en-US')} proposals); Langevin
        takes {s.langevinSteps} noisy gradient steps (step {s.langevinStep}) on |z|²/2 + w·max(0, ink − t), w
        = {c.weight}, and decodes the final z: nothing projects it, so its feasibility is measured, not
        guaranteed. {s.samples} images per method; the grids show the first 32.
      </p>
    </div>
  );
}
