import { useEffect } from 'react';
import { actions as lab, useLab } from '../../store/lab';
import { theoryActions, useTheory } from '../../store/theory';
import { Hint } from '../Hint';
import { NumberField } from '../NumberField';
import { AmortizePanel } from './AmortizePanel';
import { ExactPanel } from './ExactPanel';
import { GradVarPanel } from './GradVarPanel';
import { LikelihoodPanel } from './LikelihoodPanel';
import './theory.css';

/**
 * "Inference theory" (issue 10 items 1, 2, 6, 7; lectures 000 and 003): measured versions of results
 * usually drawn on a whiteboard, on the lab's running VAE (a 2-D latent for the exact ones).
 */
export function TheoryLab() {
  const run = useLab((s) => s.run);
  const status = useLab((s) => s.status);
  const dim = useLab((s) => s.applied.model.latentDim);
  const testCount = useLab((s) => s.applied.data.testSubset || 10000);
  const step = useLab((s) => s.progress?.step ?? 0);
  const index = useTheory((s) => s.index);
  useEffect(() => theoryActions.reset(run), [run]);
  const ready = status !== 'loading' && status !== 'error';
  const ready2d = ready && dim === 2;
  return (
    <div className="theory-lab" data-testid="theory-lab">
      <section className="panel theory-head">
        <p>
          These demos ask the lab&apos;s VAE (the one the VAE trainer trains; now at step{' '}
          <span data-testid="theory-step">{step}</span>, {dim}-D latent, engine{' '}
          <span data-testid="theory-status">{status}</span>) questions that have exact answers. Train it first
          (a few epochs of the 2-D preset give clear pictures); the demos run in the training worker and can
          run while it trains.
        </p>
        <div className="theory-controls">
          <button data-testid="theory-load-2d" onClick={() => lab.loadPreset('vae-2d')}>
            Load the 2-D VAE (new run)
          </button>
          <button
            data-testid="theory-start"
            onClick={() => (status === 'running' ? lab.pause() : lab.start())}
          >
            {status === 'running' ? 'Pause training' : 'Train'}
          </button>
          <NumberField
            label="test digit"
            value={index}
            min={0}
            max={testCount - 1}
            integer
            testId="theory-index"
            onCommit={(v) => theoryActions.setIndex(v)}
          />
        </div>
        {dim !== 2 && (
          <Hint testId="theory-hint-2d">
            The exact posterior, the amortization gap and inpainting need a 2-D latent (the grid and the
            quadrature are two-dimensional); this model has {dim}. Load the 2-D VAE above.
          </Hint>
        )}
      </section>
      <ExactPanel ready={ready2d} />
      <GradVarPanel ready={ready} />
      <AmortizePanel ready={ready2d} />
      <LikelihoodPanel ready={ready} />
    </div>
  );
}
