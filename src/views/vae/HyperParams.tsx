import { actions, useLab } from '../../store/lab';
import { NumberField } from '../NumberField';
import { ObjectiveSettings } from './ObjectiveSettings';
import { PresetPicker } from './PresetPicker';
import { VariantSettings } from './VariantSettings';

function parseSizes(text: string): number[] | null {
  const parts = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  if (parts.length < 1 || parts.length > 4 || parts.some((n) => !Number.isInteger(n) || n < 2 || n > 2048))
    return null;
  return parts;
}

/** Live hyperparameters apply at once; architecture and data apply on Reset. */
export function HyperParams() {
  const d = useLab((s) => s.draft);
  const a = useLab((s) => s.applied);
  const archChanged =
    JSON.stringify({ ...d, optimizer: null, objective: null, training: { ...d.training, batchSize: 0 } }) !==
    JSON.stringify({ ...a, optimizer: null, objective: null, training: { ...a.training, batchSize: 0 } });
  return (
    <div className="hyper" data-testid="panel-vae-settings">
      <PresetPicker />
      <h3>Training (applies now)</h3>
      <NumberField
        label="learning rate"
        value={d.optimizer.lr}
        min={1e-6}
        max={1}
        testId="hp-lr"
        onCommit={(lr) => actions.setLive({ lr })}
      />
      <NumberField
        label="β (KL weight)"
        value={d.objective.beta}
        min={0}
        max={100}
        testId="hp-beta"
        hint="1 gives the ELBO; other values give a β-VAE objective, no longer a bound on log p(x)"
        onCommit={(beta) => actions.setLive({ beta })}
      />
      <NumberField
        label="batch size"
        value={d.training.batchSize}
        min={1}
        max={4096}
        integer
        testId="hp-batch"
        onCommit={(batchSize) => actions.setLive({ batchSize })}
      />
      <h3>Objective (applies now)</h3>
      <ObjectiveSettings />
      <h3 data-testid="panel-vae-model">Model (applies on Reset)</h3>
      <NumberField
        label="latent dim"
        value={d.model.latentDim}
        min={2}
        max={64}
        integer
        testId="hp-latent"
        onCommit={(v) => actions.editDraft((c) => void (c.model.latentDim = v))}
      />
      <label className="field">
        <span>hidden sizes</span>
        <input
          defaultValue={d.model.encoderHidden.join(', ')}
          data-testid="hp-hidden"
          onBlur={(e) => {
            const sizes = parseSizes(e.target.value);
            if (sizes)
              actions.editDraft((c) => {
                c.model.encoderHidden = sizes;
                // The autoregressive decoder has one hidden layer.
                c.model.decoderHidden =
                  c.model.decoder === 'autoregressive' ? [sizes[sizes.length - 1]!] : [...sizes].reverse();
              });
          }}
        />
      </label>
      <VariantSettings />
      <NumberField
        label="epochs"
        value={d.training.epochs}
        min={1}
        max={1000}
        integer
        onCommit={(v) => actions.editDraft((c) => void (c.training.epochs = v))}
      />
      <NumberField
        label="seed"
        value={d.seed}
        min={0}
        max={2 ** 31 - 1}
        integer
        onCommit={(v) => actions.editDraft((c) => void (c.seed = v))}
      />
      <NumberField
        label="train images (0 = all 60,000)"
        value={d.data.trainSubset}
        min={0}
        max={60000}
        integer
        onCommit={(v) => actions.editDraft((c) => void (c.data.trainSubset = v))}
      />
      {archChanged && <p className="pending small">Model changes are pending: press Reset to apply them.</p>}
    </div>
  );
}
