import { useMemo } from 'react';
import { useLatent } from '../../store/latent';
import { percentileText } from '../format';
import { fmt } from './paint';
import { PixelCanvas } from './PixelCanvas';

/** The clicked test digit next to its reconstruction decode(mu), with its ELBO. */
export function SelectedDigit() {
  const d = useLatent((s) => s.selected);
  const decoder = useLatent((s) => s.decoder);
  const recon = useMemo(
    () => (d && decoder && decoder.latentDim === d.mu.length ? decoder.decode(d.mu) : null),
    [d, decoder],
  );
  if (!d) return null;
  return (
    <div className="selected-digit small" data-testid="selected-info" aria-live="polite">
      <figure>
        <PixelCanvas images={d.image} scale={2} testId="selected-digit" label={`test digit ${d.name}`} />
        <figcaption>test {d.name}</figcaption>
      </figure>
      <figure>
        <PixelCanvas images={recon} scale={2} testId="selected-recon" label="its reconstruction" />
        <figcaption>reconstruction</figcaption>
      </figure>
      <span>
        ELBO {fmt(d.elbo, 1)} nats
        {d.percentile !== undefined ? `: ${percentileText(d.percentile)}` : ''}
      </span>
    </div>
  );
}
