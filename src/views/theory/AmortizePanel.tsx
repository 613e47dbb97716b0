import { meanWithError } from '../../core/vae/logPxAccumulator';
import type { ImageBatch } from '../../engine/experiment';
import type { InpaintRegion } from '../../engine/theoryProtocol';
import { AMORTIZE_DIGITS, theoryActions, useTheory } from '../../store/theory';
import { ImageGrid } from '../ImageGrid';

const one = (pixels: Uint8ClampedArray): ImageBatch => ({ count: 1, width: 28, height: 28, pixels });

/** Item 6: the amortization gap, then inpainting by optimizing q on the observed pixels. */
export function AmortizePanel(props: { ready: boolean }) {
  const am = useTheory((s) => s.amortize);
  const ip = useTheory((s) => s.inpaint);
  const region = useTheory((s) => s.region);
  const a = am.result;
  const gains = a ? Float64Array.from(a.final, (v, i) => v - a.start[i]!) : null;
  const g = gains ? meanWithError(gains) : null;
  const p = ip.result;
  const observed = p ? Uint8ClampedArray.from(p.original, (v, i) => (p.mask[i] ? v : 96)) : null;
  return (
    <section className="panel" data-testid="theory-amortize">
      <h3>The amortization gap, and filling in missing pixels</h3>
      <p className="small">
        The encoder predicts q(z|x) for every digit with one shared network. Refining one digit&apos;s μ and
        log σ² by gradient ascent on that digit&apos;s own ELBO (decoder fixed; ELBO by 12 × 12 Gauss–Hermite
        quadrature, so it is exact for this q, and a step that would lower it is refused) shows how much the
        shared encoder leaves on the table.
      </p>
      <button
        data-testid="theory-amortize-run"
        disabled={!props.ready || am.status === 'running'}
        onClick={() => void theoryActions.amortize()}
      >
        {am.status === 'running'
          ? 'Refining…'
          : `Refine q (the chosen digit and ${AMORTIZE_DIGITS - 1} more)`}
      </button>
      {am.error && <p className="field-error">{am.error}</p>}
      {a && g && (
        <p data-testid="theory-amortize-result">
          Digit #{a.indices[0]}: encoder ELBO {a.start[0]!.toFixed(2)} → refined {a.final[0]!.toFixed(2)}{' '}
          (gain {(a.final[0]! - a.start[0]!).toFixed(3)} nats). Mean gain over {a.indices.length} test digits:{' '}
          <b data-testid="theory-amortize-mean">{g.mean.toFixed(3)}</b> ± {g.se.toFixed(3)} nats (step{' '}
          {a.step}).
        </p>
      )}
      <h4>Inpainting</h4>
      <p className="small">
        Hide half of the digit. The encoder sees the image with the hole blank, so its guess treats the blank
        as observed ink-free paper. Optimizing q on the observed pixels only (the hidden ones drop out of log
        p(x|z)) asks instead: which z explains what is visible? The best fill for the hidden half depends on
        the visible half — a loop at the top suggests a 9 or an 8 below — which is exactly why q must depend
        on x, and why a per-digit optimisation can beat a network trained on complete digits.
      </p>
      <label>
        Hide the{' '}
        <select
          data-testid="theory-region"
          value={region}
          onChange={(e) => theoryActions.setRegion(e.target.value as InpaintRegion)}
        >
          <option value="bottom">bottom half</option>
          <option value="top">top half</option>
          <option value="left">left half</option>
          <option value="right">right half</option>
        </select>
      </label>{' '}
      <button
        data-testid="theory-inpaint-run"
        disabled={!props.ready || ip.status === 'running'}
        onClick={() => void theoryActions.inpaint()}
      >
        {ip.status === 'running' ? 'Filling…' : 'Fill in'}
      </button>
      {ip.error && <p className="field-error">{ip.error}</p>}
      {p && observed && (
        <div className="theory-inpaint" data-testid="theory-inpaint-result">
          <ImageGrid batch={one(p.original)} cols={1} scale={3} label="the digit" />
          <ImageGrid batch={one(observed)} cols={1} scale={3} label="what is observed (grey: hidden)" />
          <ImageGrid batch={one(p.encoderFill)} cols={1} scale={3} label="encoder alone" />
          <ImageGrid batch={one(p.refinedFill)} cols={1} scale={3} label="z optimized on the observed part" />
          <p className="small">
            ELBO of the observed pixels: encoder {p.elboObservedEncoder.toFixed(2)}, optimized{' '}
            {p.elboObservedRefined.toFixed(2)}. Mean squared error on the hidden pixels: encoder{' '}
            {p.hiddenMseEncoder.toFixed(4)}, optimized {p.hiddenMseRefined.toFixed(4)}.
          </p>
        </div>
      )}
    </section>
  );
}
