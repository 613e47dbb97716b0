import type { PsiName, WarmupName } from '../../config/vae';
import { actions, useLab } from '../../store/lab';
import { NumberField } from '../NumberField';

/**
 * The objective, all of it live (applies at the next step): ELBO or IWAE-k, KL warm-up, free bits and the
 * posterior-regularization penalty psi (lecture 000 eq. 18). Beta has its own field above.
 */
export function ObjectiveSettings() {
  const o = useLab((s) => s.draft.objective);
  const iwae = o.bound === 'iwae';
  return (
    <div className="objective-settings" data-testid="objective-settings">
      <label className="field">
        <span>bound</span>
        <select
          value={o.bound}
          data-testid="hp-bound"
          onChange={(e) => actions.setLive({ bound: e.target.value as 'elbo' | 'iwae' })}
        >
          <option value="elbo">ELBO</option>
          <option value="iwae">IWAE (importance-weighted)</option>
        </select>
      </label>
      <NumberField
        label={iwae ? 'k (IWAE samples per digit)' : 'samples of z per digit'}
        value={o.samples}
        min={1}
        max={64}
        integer
        testId="hp-samples"
        hint={
          iwae
            ? 'L_k grows with k towards log p(x); each step decodes k times as many samples'
            : 'averaged single-sample ELBOs: less noisy gradients, same bound'
        }
        onCommit={(samples) => actions.setLive({ samples })}
      />
      {iwae && <p className="small muted">β, warm-up and free bits do not enter the IWAE bound.</p>}
      <label className="field">
        <span>KL warm-up</span>
        <select
          value={o.warmup}
          data-testid="hp-warmup"
          disabled={iwae}
          onChange={(e) => actions.setLive({ warmup: e.target.value as WarmupName })}
        >
          <option value="none">off (full KL from the start)</option>
          <option value="linear">linear: β from 0 over N epochs</option>
          <option value="cyclical">cyclical: ramp, hold, repeat every N epochs</option>
        </select>
      </label>
      {o.warmup !== 'none' && !iwae && (
        <NumberField
          label={o.warmup === 'linear' ? 'warm-up epochs N' : 'cycle length N (epochs)'}
          value={o.warmupEpochs}
          min={0.01}
          max={1000}
          testId="hp-warmup-epochs"
          onCommit={(warmupEpochs) => actions.setLive({ warmupEpochs })}
        />
      )}
      <NumberField
        label="free bits λ (nats per dimension)"
        value={o.freeBits}
        min={0}
        max={10}
        testId="hp-free-bits"
        hint="each dimension's batch-mean KL below λ costs nothing (0 = off)"
        onCommit={(freeBits) => actions.setLive({ freeBits })}
      />
      <label className="field">
        <span>penalty ψ(z, x)</span>
        <select
          value={o.psi}
          data-testid="hp-psi"
          onChange={(e) => actions.setLive({ psi: e.target.value as PsiName })}
        >
          <option value="none">none</option>
          <option value="box">z leaving the box [−b, b]^d</option>
          <option value="ink">the decoded digit’s ink outside [lo, hi]</option>
        </select>
      </label>
      {o.psi !== 'none' && (
        <NumberField
          label="λ (weight on E_q[ψ])"
          value={o.psiWeight}
          min={0}
          max={1000}
          testId="hp-psi-weight"
          onCommit={(psiWeight) => actions.setLive({ psiWeight })}
        />
      )}
      {o.psi === 'box' && (
        <NumberField
          label="box half-width b"
          value={o.psiBox}
          min={0.01}
          max={10}
          onCommit={(psiBox) => actions.setLive({ psiBox })}
        />
      )}
      {o.psi === 'ink' && (
        <>
          <NumberField
            label="ink lo (mean intensity)"
            value={o.psiInkMin}
            min={0}
            max={1}
            onCommit={(psiInkMin) => actions.setLive({ psiInkMin })}
          />
          <NumberField
            label="ink hi"
            value={o.psiInkMax}
            min={0}
            max={1}
            onCommit={(psiInkMax) => actions.setLive({ psiInkMax })}
          />
          <p className="small muted">MNIST digits average about 0.13 ink (mean pixel intensity).</p>
        </>
      )}
    </div>
  );
}
