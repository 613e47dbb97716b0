import { useEffect, useMemo, useRef, useState } from 'react';
import { interpolationPath, lerp, slerp, type InterpolationMode } from '../../core/latent/interpolate';
import { digitLatent, focusedDigit, latentActions, useLatent, type NamedLatent } from '../../store/latent';
import { paintImages } from './paint';
import { Hint } from '../Hint';
import { PixelCanvas } from './PixelCanvas';

const PERIOD_MS = 3000;
const STRIP_W = 480;

/**
 * A walk from A to B through latent space. Linear interpolation passes near the origin, where a
 * d-dimensional Gaussian has almost no mass (typical codes have norm about sqrt(d)); slerp follows the
 * sphere instead. The ends are decode(z_A) and decode(z_B): the two reconstructions.
 */
export function InterpolationPanel() {
  const interp = useLatent((s) => s.interp);
  const decoder = useLatent((s) => s.decoder);
  const focused = useLatent(focusedDigit);
  const z = useLatent((s) => s.z);
  const { a, b, steps, mode } = interp;
  const ok = decoder && a && b && a.z.length === decoder.latentDim && b.z.length === decoder.latentDim;

  const strip = useMemo(
    () => (ok ? decoder.decode(interpolationPath(a.z, b.z, steps, mode), steps) : null),
    [ok, decoder, a, b, steps, mode],
  );
  const recA = useMemo(() => (ok ? decoder.decode(a.z) : null), [ok, decoder, a]);
  const recB = useMemo(() => (ok ? decoder.decode(b.z) : null), [ok, decoder, b]);
  const stripRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (stripRef.current) paintImages(stripRef.current, strip ?? new Float32Array(steps * 784), steps, steps);
  }, [strip, steps]);

  const setEnd = (end: 'a' | 'b', v: NamedLatent) => latentActions.setInterp({ [end]: v });
  const fromSliders = (): NamedLatent => ({ name: 'sliders', z: z.slice() });

  return (
    <section className="panel latent-interp" data-testid="panel-interp">
      <h3>Interpolation</h3>
      <div className="controls small">
        {(['a', 'b'] as const).map((end) => (
          <span key={end} className="interp-end">
            <b>{end.toUpperCase()}</b>: {interp[end]?.name ?? '—'}
            <button
              disabled={!focused}
              onClick={() => focused && setEnd(end, digitLatent(focused))}
              data-testid={`interp-set-${end}`}
              title="the clicked or drawn digit's posterior mean"
            >
              ← digit
            </button>
            <button onClick={() => setEnd(end, fromSliders())} title="the sliders' z">
              ← sliders
            </button>
          </span>
        ))}
        <select
          value={mode}
          aria-label="interpolation path"
          data-testid="interp-mode"
          onChange={(e) => latentActions.setInterp({ mode: e.target.value as InterpolationMode })}
        >
          <option value="slerp">spherical (slerp)</option>
          <option value="linear">linear</option>
        </select>
        <label className="inline-field">
          steps
          <input
            type="range"
            min={8}
            max={16}
            value={steps}
            onChange={(e) => latentActions.setInterp({ steps: Number(e.target.value) })}
          />
          <output>{steps}</output>
        </label>
      </div>
      <canvas
        ref={stripRef}
        className="pixels interp-strip"
        width={steps * 28}
        height={28}
        style={{ width: STRIP_W, maxWidth: '100%', height: 'auto', aspectRatio: `${steps}` }}
        role="img"
        aria-label={`${mode} interpolation from A to B in ${steps} steps`}
        data-testid="interp-strip"
        data-steps={steps}
      />
      <div className="interp-row">
        <figure>
          <PixelCanvas images={recA} scale={2} testId="interp-a" label="reconstruction of A" />
          <figcaption>A = decode(z_A)</figcaption>
        </figure>
        <figure>
          <PixelCanvas images={recB} scale={2} testId="interp-b" label="reconstruction of B" />
          <figcaption>B = decode(z_B)</figcaption>
        </figure>
        {ok && <Animation a={a.z} b={b.z} mode={mode} />}
      </div>
      {!ok && (
        <Hint testId="hint-interp">
          Pick the two ends: choose a digit (scatter, <b>From a test digit</b> or the drawing pad), press{' '}
          <b>← digit</b> for A; then another for B. <b>← sliders</b> takes the sliders&apos; z instead.
        </Hint>
      )}
    </section>
  );
}

/** The same walk as a smooth back-and-forth animation, decoded frame by frame on the page. */
function Animation(props: { a: Float32Array; b: Float32Array; mode: InterpolationMode }) {
  const [playing, setPlaying] = useState(false);
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const paintAt = (t: number) => {
      const dec = useLatent.getState().decoder;
      const c = ref.current;
      if (!dec || !c || dec.latentDim !== props.a.length) return;
      const z = props.mode === 'slerp' ? slerp(props.a, props.b, t) : lerp(props.a, props.b, t);
      paintImages(c, dec.decode(z), 1, 1);
    };
    if (!playing) {
      paintAt(0);
      return;
    }
    let raf = 0;
    const t0 = performance.now();
    const frame = (now: number) => {
      const phase = ((now - t0) % (2 * PERIOD_MS)) / PERIOD_MS;
      paintAt(phase <= 1 ? phase : 2 - phase);
      raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(raf);
  }, [playing, props.a, props.b, props.mode]);
  return (
    <div className="controls interp-anim">
      <canvas
        ref={ref}
        className="pixels"
        width={28}
        height={28}
        style={{ width: 84, height: 84 }}
        data-testid="interp-anim"
        role="img"
        aria-label="interpolation animation"
      />
      <button onClick={() => setPlaying((p) => !p)} data-testid="interp-play">
        {playing ? 'Stop' : 'Play'}
      </button>
    </div>
  );
}
