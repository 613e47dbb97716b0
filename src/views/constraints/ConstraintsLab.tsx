import { useEffect } from 'react';
import { numberBounds } from '../../config/bounds';
import { constraintsConfigSchema, type ConstraintsConfig } from '../../config/constraints';
import { listPresets } from '../../config/presets';
import { PRIOR_COMPONENTS, PRIOR_FIT_CODES } from '../../core/constraints/run';
import { SHAPE_KINDS, type ShapeKind } from '../../core/constraints/shapes';
import { bootConstraintsEngine, constraintsActions, useConstraints } from '../../store/constraints';
import { NumberField } from '../NumberField';
import { MnistInkPanel } from './MnistInkPanel';
import { ResultsTable } from './ResultsTable';
import { TargetCanvas } from './TargetCanvas';
import './constraints.css';

/** The number fields' limits, read from the schema that validates them. */
const S = constraintsConfigSchema.shape;
const BOUNDS = {
  lambda: numberBounds(S.constraint.shape.lambda),
  baseSteps: numberBounds(S.model.shape.baseSteps),
  steps: numberBounds(S.model.shape.steps),
  langevinSteps: numberBounds(S.sampler.shape.langevinSteps),
};

/** A default of each shape, placed for the ring and moons windows ([-3, 3]). */
const SHAPES: Record<ShapeKind, ConstraintsConfig['constraint']['shape']> = {
  halfPlane: { kind: 'halfPlane', nx: 0, ny: 1, offset: 0.5 },
  disc: { kind: 'disc', cx: 1, cy: 1, r: 1.5 },
  annulusSector: { kind: 'annulusSector', cx: 0, cy: 0, r0: 1.5, r1: 2.5, a0: 0, a1: 2 },
  boxes: {
    kind: 'boxes',
    boxes: [
      [-2.5, -2.5, -1, 0],
      [1, 0.5, 2.5, 2.5],
    ],
  },
  curve: { kind: 'curve', cx: 0, cy: 0, r: 2, width: 0.1 },
};

const SHAPE_TEXT: Record<ShapeKind, string> = {
  halfPlane: 'half-plane y ≥ 0.5',
  disc: 'disc of radius 1.5 at (1, 1)',
  annulusSector: 'annulus 1.5 ≤ r ≤ 2.5, angle 0 to 2 rad',
  boxes: 'two boxes',
  curve: 'band of half-width 0.1 around the circle r = 2',
};

/** The constraint lab: where a constraint enters (data, objective, sampler) and what each way achieves. */
export function ConstraintsLab() {
  useEffect(() => bootConstraintsEngine(), []);
  const { config, presetId, status, snapshot } = useConstraints();
  const running = status === 'running';
  const presets = listPresets().filter((p) => p.config.kind === 'constraints');
  const c = config.constraint;
  return (
    <div className="lab constraints-lab">
      <aside className="sidebar panel">
        <label>
          Preset{' '}
          <select
            data-testid="constraints-preset"
            value={presetId ?? ''}
            onChange={(e) => constraintsActions.loadPreset(e.target.value)}
          >
            <option value="">(edited)</option>
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Data{' '}
          <select
            data-testid="constraints-dataset"
            value={config.data.dataset}
            onChange={(e) =>
              constraintsActions.edit((x) => (x.data.dataset = e.target.value as typeof x.data.dataset))
            }
          >
            {['ring', 'grid', 'spiral', 'moons', 'gaussian'].map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label>
          Constraint{' '}
          <select
            data-testid="constraints-shape"
            value={c.shape.kind}
            onChange={(e) =>
              constraintsActions.edit((x) => (x.constraint.shape = SHAPES[e.target.value as ShapeKind]))
            }
          >
            {SHAPE_KINDS.map((k) => (
              <option key={k} value={k}>
                {k === 'boxes' && c.shape.kind === 'boxes'
                  ? `union of ${c.shape.boxes.length} box${c.shape.boxes.length === 1 ? '' : 'es'}`
                  : SHAPE_TEXT[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Mode{' '}
          <select
            data-testid="constraints-mode"
            value={c.mode}
            onChange={(e) =>
              constraintsActions.edit((x) => (x.constraint.mode = e.target.value as 'hard' | 'soft'))
            }
          >
            <option value="hard">hard: π ∝ p · 1{'{x ∈ C}'}</option>
            <option value="soft">soft: π ∝ p · exp(−λ φ)</option>
          </select>
        </label>
        <NumberField
          label="λ (soft target, penalty weight)"
          value={c.lambda}
          {...BOUNDS.lambda}
          testId="constraints-lambda"
          onCommit={(v) => constraintsActions.edit((x) => (x.constraint.lambda = v))}
        />
        <NumberField
          label="plain GAN training steps (rows: no constraint, GAN (c), (e))"
          value={config.model.baseSteps}
          {...BOUNDS.baseSteps}
          testId="constraints-base-steps"
          onCommit={(v) => constraintsActions.edit((x) => (x.model.baseSteps = v))}
        />
        <NumberField
          label="training steps, every other model"
          value={config.model.steps}
          {...BOUNDS.steps}
          testId="constraints-steps"
          onCommit={(v) => constraintsActions.edit((x) => (x.model.steps = v))}
        />
        <NumberField
          label="Langevin steps"
          value={config.sampler.langevinSteps}
          {...BOUNDS.langevinSteps}
          testId="constraints-langevin-steps"
          onCommit={(v) => constraintsActions.edit((x) => (x.sampler.langevinSteps = v))}
        />
        <button
          type="button"
          data-testid="constraints-run"
          disabled={status === 'loading' || status === 'done' || status === 'error'}
          onClick={() => (running ? constraintsActions.pause() : constraintsActions.start())}
        >
          {running ? 'Pause' : 'Train'}
        </button>
        <p className="small muted" data-testid="constraints-status">
          {status === 'loading'
            ? 'Starting the engine…'
            : snapshot?.training
              ? `training the ${snapshot.training} model: step ${snapshot.step} of ${snapshot.totalSteps}`
              : status === 'done'
                ? 'all methods measured'
                : status}
        </p>
      </aside>
      <section className="content">
        <div className="constraints-top">
          <div className="panel">
            <TargetCanvas />
            <p className="small muted" data-testid="constraints-draw-hint">
              Drag on the map to make a box the constraint; Shift-drag adds a box to a union of boxes.
            </p>
            <p className="small muted">
              The target π(x) ∝ p(x) · exp(−λ φ(x)) · 1{'{x ∈ C}'} (lecture 000, eq. 21) with φ = distance to
              C, so in hard mode π ∝ p · 1{'{x ∈ C}'} and in soft mode π ∝ p · exp(−λ φ).{' '}
              {snapshot &&
                (snapshot.targetExact
                  ? `p is the exact mixture density; the constraint keeps ${(100 * snapshot.keptMass).toFixed(1)} % of its mass.`
                  : `p is estimated by a kernel density of 20,000 data points; the constraint keeps about ${(100 * snapshot.keptMass).toFixed(1)} % of it.`)}
            </p>
          </div>
          <div className="panel constraints-results">
            <ResultsTable />
            <p className="small muted">
              One-shot methods get the constraint only through training: the data (a), a penalty λ·φ on
              G&apos;s samples added to its loss or, for the VAE, λ·E_q[φ(f(z))] subtracted from the ELBO (eq.
              18) (b), a mixture prior of {PRIOR_COMPONENTS} Gaussians fitted to the codes z whose G(z) the
              constraint keeps among {PRIOR_FIT_CODES.toLocaleString('en-US')} drawn (for the VAE: to the
              codes of the training points it keeps) (c, eq. 17), or a label c = &ldquo;feasible&rdquo; fed to
              G and D and set to 1 when sampling (d). Nothing checks their samples once drawn; how feasible
              they are depends on the constraint and the training (on the ring with the half-plane y ≥ 0.5, 10
              seeds, the routes (a), (d) and the VAE&apos;s (c) were 100 % feasible on every seed; the
              penalties (b), the GAN&apos;s (c) and the plain models were not: docs/constraints.md). Rejection
              sampling keeps each sample of the plain GAN, trained without the constraint, with probability 1
              {'{x ∈ C}'} (hard) or exp(−λ φ) (soft). Latent Langevin runs {config.sampler.langevinSteps}{' '}
              noisy gradient steps on |z|²/2 + w·φ(G(z)) (w = λ, at least 20 in hard mode) from the same plain
              GAN and, in hard mode, projects G(z) onto C at the end. These two apply a constraint chosen at
              sampling time to a model that never saw it; in hard mode their samples are feasible by
              construction. The plain GAN trains {config.model.baseSteps.toLocaleString('en-US')} steps, every
              other model {config.model.steps.toLocaleString('en-US')}.{' '}
              {config.sampler.samples.toLocaleString('en-US')} samples per method.
            </p>
          </div>
        </div>
        <MnistInkPanel />
      </section>
    </div>
  );
}
