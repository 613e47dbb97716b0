import { useLab } from '../../store/lab';
import { useLatent } from '../../store/latent';
import { Controls } from '../vae/Controls';
import { ProgressBar } from '../ProgressBar';
import { ArithmeticPanel } from './ArithmeticPanel';
import { DrawPad } from './DrawPad';
import { InterpolationPanel } from './InterpolationPanel';
import { ManifoldPanel } from './ManifoldPanel';
import { ReparamPanel } from './ReparamPanel';
import { ScatterPanel } from './ScatterPanel';
import { SelectedDigit } from './SelectedDigit';
import { SliderPanel } from './SliderPanel';
import { useLatentSync } from './useLatentSync';
import { AUTOREGRESSIVE_NOTE } from '../vae/VaeLab';
import './latent.css';

/**
 * The latent explorer: every view of the VAE's latent space in one place, all live on the model as it
 * trains. Training controls stay at hand, so the reader can watch the codes organise themselves.
 */
export function LatentExplorer() {
  useLatentSync();
  const status = useLab((s) => s.status);
  const dim = useLatent((s) => s.dim);
  const error = useLatent((s) => s.error);
  const ready = useLatent((s) => s.decoder !== null);
  const autoregressive = useLab((s) => s.applied.model.decoder === 'autoregressive');
  return (
    <div className="lab latent-lab">
      <aside className="sidebar panel">
        <Controls />
        <ProgressBar />
        <p className="small muted">
          {dim}-dimensional latent space. Train here or in the VAE tab; every view below follows the model as
          it learns.
        </p>
        {autoregressive && (
          <p className="small muted" data-testid="latent-decoder-note">
            {AUTOREGRESSIVE_NOTE}
          </p>
        )}
        {status === 'loading' && <p className="small muted">Loading the model…</p>}
        {!ready && status !== 'loading' && <p className="small muted">Waiting for the decoder…</p>}
        {error && (
          <p className="small field-error" data-testid="latent-error">
            {error}
          </p>
        )}
        <SliderPanel />
      </aside>
      <section className="content latent-grid">
        {/* Two independent columns: a tall panel in one never leaves a gap under a short one in the other. */}
        <div className="latent-col">
          <ScatterPanel />
          <SelectedDigit />
          <ReparamPanel />
          <ArithmeticPanel />
        </div>
        <div className="latent-col">
          <ManifoldPanel />
          <InterpolationPanel />
          <DrawPad />
        </div>
      </section>
    </div>
  );
}
