import { listPresets } from '../../config/presets';
import { actions, useLab } from '../../store/lab';
import { ChoiceSelect } from '../ChoiceSelect';

const vaePresets = listPresets().filter((p) => p.config.kind === 'vae');

/** The VAE family's presets: loading one starts a new run with its config. */
export function PresetPicker() {
  const applied = useLab((s) => s.applied);
  const json = JSON.stringify(applied);
  const current = vaePresets.find((p) => JSON.stringify(p.config) === json);
  return (
    <div className="vae-preset">
      <h3 id="vae-preset-label">Preset</h3>
      <ChoiceSelect
        label="VAE preset (loading one resets the run)"
        testId="vae-preset"
        applyLabel="Load preset"
        value={current?.id ?? ''}
        onChoose={(id) => id && actions.loadPreset(id)}
      >
        <option value="">(custom settings)</option>
        {vaePresets.map((p) => (
          <option key={p.id} value={p.id} title={p.description}>
            {p.title}
          </option>
        ))}
      </ChoiceSelect>
      {current && (
        <p className="small muted" data-testid="vae-preset-description">
          {current.description}
        </p>
      )}
    </div>
  );
}
