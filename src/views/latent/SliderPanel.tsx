import { memo, useEffect, useRef } from 'react';
import { latentActions, useLatent } from '../../store/latent';
import { Hint, useUntrained } from '../Hint';
import { sliderSpan } from './keyboard';
import { paintImages } from './paint';
import { LatentSlider } from '../LatentSliders';

/**
 * One latent coordinate (the shared slider widget, keyboard included); re-renders only when its own value
 * or the range changes.
 */
const Slider = memo(function Slider({ i }: { i: number }) {
  const v = useLatent((s) => s.z[i] ?? 0);
  const span = useLatent((s) => sliderSpan(s.sliderRange, s.z));
  return (
    <LatentSlider
      i={i}
      value={v}
      range={span}
      testIdPrefix="latent-slider"
      onChange={latentActions.setCoordinate}
    />
  );
});

/**
 * The decoder mean at the sliders' z, drawn straight from a store subscription: an input event decodes
 * with the page's JS copy of the decoder (well under a millisecond) and paints in the same task, so a
 * drag never waits for React or for the training worker.
 */
function DecodedCanvas() {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let out = new Float32Array(784);
    const paint = () => {
      const { z, decoder } = useLatent.getState();
      const c = ref.current;
      if (!c) return;
      if (!decoder || decoder.latentDim !== z.length) {
        paintImages(c, new Float32Array(784), 1, 1);
        c.dataset.ready = 'false';
        return;
      }
      if (out.length !== decoder.outputDim) out = new Float32Array(decoder.outputDim);
      const t0 = performance.now();
      decoder.decode(z, 1, out);
      paintImages(c, out, 1, 1);
      c.dataset.ready = 'true';
      c.dataset.decodeMs = (performance.now() - t0).toFixed(3);
    };
    paint();
    return useLatent.subscribe((s, prev) => {
      if (s.z !== prev.z || s.decoder !== prev.decoder) paint();
    });
  }, []);
  return (
    <canvas
      ref={ref}
      className="pixels"
      width={28}
      height={28}
      style={{ width: 168, height: 168 }}
      role="img"
      aria-label="decoded image at the sliders' z"
      data-testid="latent-decoded"
    />
  );
}

/** Where the sliders' values came from when something other than a slider set them, with Undo. */
function ZSource() {
  const src = useLatent((s) => s.zSource);
  if (!src) return null;
  return (
    <div className="z-source small" role="status" data-testid="z-source">
      <span>{src.text}</span>
      <button onClick={() => latentActions.undoZ()} data-testid="z-source-undo">
        Undo
      </button>
      <button onClick={() => latentActions.dismissZSource()} aria-label="dismiss">
        ×
      </button>
    </div>
  );
}

/** Says so when the sliders' range grew past the chosen one to show a coordinate. */
function RangeNote() {
  const range = useLatent((s) => s.sliderRange);
  const z = useLatent((s) => s.z);
  const span = sliderSpan(range, z);
  if (span <= range) return null;
  let k = 0;
  for (let i = 1; i < z.length; i++) if (Math.abs(z[i]!) > Math.abs(z[k]!)) k = i;
  return (
    <p className="small muted" data-testid="range-note">
      Range widened to ±{span} sd to show z{k} = {z[k]!.toFixed(2)}.
    </p>
  );
}

export function SliderPanel() {
  const dim = useLatent((s) => s.dim);
  const temperature = useLatent((s) => s.temperature);
  const range = useLatent((s) => s.sliderRange);
  const hasEnc = useLatent((s) => s.encodings !== null);
  const step = useLatent((s) => s.decoderStep);
  const untrained = useUntrained();
  return (
    <section className="panel latent-sliders-panel" data-testid="panel-latent-sliders">
      <h3>Latent sliders</h3>
      <p className="small muted">
        Each slider is one coordinate of z, in prior standard deviations (p(z) = N(0, I)). The picture is the
        decoder&apos;s mean for that z. Arrow keys move a slider by 0.1, Page Up / Down by 1.
      </p>
      {untrained && (
        <Hint testId="hint-sliders">
          The decoder is untrained, so the picture is noise. Press <b>Start</b>: within seconds it turns into
          digits.
        </Hint>
      )}
      <div className="latent-sliders-body">
        <figure className="decoded">
          <DecodedCanvas />
          {/* One short line whatever the step, so the sliders below never move while being dragged. */}
          <figcaption className="small muted" data-testid="decoder-step">
            {step !== null ? `decoder weights of step ${step}` : 'no decoder yet'}
          </figcaption>
        </figure>
        <div className="latent-slider-list" role="group" aria-label="latent coordinates">
          {Array.from({ length: dim }, (_, i) => (
            <Slider key={i} i={i} />
          ))}
        </div>
      </div>
      {/* Notes go below the sliders: appearing or going, they never move a slider being dragged. */}
      <ZSource />
      <RangeNote />
      <div className="controls">
        <button onClick={() => latentActions.randomZ()} data-testid="latent-random" title="z ~ N(0, T² I)">
          Random z
        </button>
        <button onClick={() => latentActions.zeroZ()} data-testid="latent-zero" title="the prior's mean">
          Zero
        </button>
        <button
          onClick={() => void latentActions.fromTestDigit()}
          disabled={!hasEnc}
          data-testid="latent-from-test"
          title="a random test digit's posterior mean"
        >
          From a test digit
        </button>
        <label className="inline-field" title="Random z is drawn from N(0, T² I)">
          temperature T
          <input
            type="range"
            min={0}
            max={2}
            step={0.05}
            value={temperature}
            data-testid="latent-temperature"
            onChange={(e) => latentActions.setTemperature(Number(e.target.value))}
          />
          <output>{temperature.toFixed(2)}</output>
        </label>
        <label className="inline-field">
          range ±
          <select
            value={range}
            data-testid="latent-range"
            onChange={(e) => latentActions.setSliderRange(Number(e.target.value))}
          >
            {[2, 3, 4, 5].map((r) => (
              <option key={r} value={r}>
                {r} sd
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}
