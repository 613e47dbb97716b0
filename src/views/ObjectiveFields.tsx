import type { LossName } from '../core/gan/objectives';
import { NumberField } from './NumberField';

export const LOSS_LABELS: [LossName, string][] = [
  ['minimax', 'minimax (saturating G loss)'],
  ['nonSaturating', 'non-saturating'],
  ['lsgan', 'least squares (LSGAN)'],
  ['wgan', 'WGAN (weight clipping)'],
  ['wganGp', 'WGAN-GP'],
  ['hinge', 'hinge'],
  ['fgan', 'f-GAN'],
];
const OPTS = ['adam', 'rmsprop', 'sgd'] as const;
type Opt = (typeof OPTS)[number];
type FDiv = 'kl' | 'reverseKl' | 'pearson' | 'js';

export interface ObjectiveValues {
  loss: LossName;
  fDivergence: FDiv;
  gpLambda: number;
  clip: number;
  /** Undefined hides the unrolling field (models that do not unroll). */
  unrollSteps?: number;
  dSteps: number;
  lrG: number;
  lrD: number;
  optG: Opt;
  optD: Opt;
}

export type ObjectivePatch = Partial<Omit<ObjectiveValues, 'unrollSteps'> & { unrollSteps: number }>;

/**
 * The GAN game's settings, all live: objective (every loss of core/gan/objectives.ts), k, learning
 * rates and optimisers of both players. `gName` names the generator's side ("G", "encoder").
 */
export function ObjectiveFields(props: {
  v: ObjectiveValues;
  gName: string;
  testIdPrefix: string;
  onChange: (p: ObjectivePatch) => void;
}) {
  const { v, gName, testIdPrefix: t, onChange } = props;
  return (
    <>
      <h3>Objective</h3>
      <label className="field">
        <span>loss</span>
        <select
          data-testid={`${t}-loss`}
          value={v.loss}
          onChange={(e) => onChange({ loss: e.target.value as LossName })}
        >
          {LOSS_LABELS.map(([l, text]) => (
            <option key={l} value={l}>
              {text}
            </option>
          ))}
        </select>
      </label>
      {v.loss === 'fgan' && (
        <label className="field">
          <span>f-divergence</span>
          <select value={v.fDivergence} onChange={(e) => onChange({ fDivergence: e.target.value as FDiv })}>
            <option value="kl">KL</option>
            <option value="reverseKl">reverse KL</option>
            <option value="pearson">Pearson χ²</option>
            <option value="js">Jensen-Shannon</option>
          </select>
        </label>
      )}
      {v.loss === 'wganGp' && (
        <NumberField
          label="GP λ"
          value={v.gpLambda}
          min={0}
          max={100}
          onCommit={(gpLambda) => onChange({ gpLambda })}
        />
      )}
      {v.loss === 'wgan' && (
        <NumberField
          label="clip c"
          value={v.clip}
          min={1e-4}
          max={10}
          onCommit={(clip) => onChange({ clip })}
        />
      )}
      {v.unrollSteps !== undefined && (
        <NumberField
          label="unrolled D steps"
          value={v.unrollSteps}
          min={0}
          max={20}
          integer
          testId={`${t}-unroll`}
          onCommit={(unrollSteps) => onChange({ unrollSteps })}
        />
      )}
      <NumberField
        label={`k: D steps per ${gName} step`}
        value={v.dSteps}
        min={1}
        max={20}
        integer
        testId={`${t}-k`}
        onCommit={(dSteps) => onChange({ dSteps })}
      />
      <h3>Optimisers</h3>
      <NumberField
        label={`${gName} learning rate`}
        value={v.lrG}
        min={1e-6}
        max={1}
        testId={`${t}-lr-g`}
        onCommit={(lrG) => onChange({ lrG })}
      />
      <NumberField
        label="D learning rate"
        value={v.lrD}
        min={1e-6}
        max={1}
        testId={`${t}-lr-d`}
        onCommit={(lrD) => onChange({ lrD })}
      />
      {(['optG', 'optD'] as const).map((k) => (
        <label className="field" key={k}>
          <span>{k === 'optG' ? `${gName} optimiser` : 'D optimiser'}</span>
          <select value={v[k]} onChange={(e) => onChange({ [k]: e.target.value as Opt })}>
            {OPTS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      ))}
    </>
  );
}
