import { useMemo, useRef, useState } from 'react';
import { preprocessDrawing } from '../../core/latent/preprocessDrawing';
import { latentActions, useLatent } from '../../store/latent';
import { percentileText } from '../format';
import { capturePointer } from '../pointer';
import { fmt } from './paint';
import { PixelCanvas } from './PixelCanvas';
import { ElboHistogram } from './ElboHistogram';

const PAD = 280;
const BRUSH = 18;

/**
 * Draw a digit with mouse, touch or pen (Pointer Events). On each stroke's end the ink is cropped,
 * scaled to 20 px and centred by mass in 28x28 like MNIST, then encoded and scored by the engine.
 */
export function DrawPad() {
  const ref = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  /** Whether anything is on the pad (the hint inside it goes away once ink is down). */
  const [inked, setInked] = useState(false);
  const drawn = useLatent((s) => s.drawn);
  const decoder = useLatent((s) => s.decoder);
  const sortedElbo = useLatent((s) => s.sortedElbo);
  const testElbo = useLatent((s) => s.encodings?.elbo ?? null);

  function clear(): void {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, PAD, PAD);
    setInked(false);
  }

  function point(e: React.PointerEvent<HTMLCanvasElement>): { x: number; y: number } {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * PAD) / r.width, y: ((e.clientY - r.top) * PAD) / r.height };
  }

  function line(from: { x: number; y: number }, to: { x: number; y: number }, pressure: number): void {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.strokeStyle = '#000';
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    // Pens report pressure; mice report 0.5 while pressed.
    ctx.lineWidth = BRUSH * (0.75 + 0.5 * (pressure || 0.5));
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  }

  function finish(): void {
    if (!last.current) return;
    last.current = null;
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    // Strokes finished so far (tests read it).
    ref.current!.dataset.strokes = String(Number(ref.current!.dataset.strokes ?? 0) + 1);
    const rgba = ctx.getImageData(0, 0, PAD, PAD).data;
    const alpha = new Uint8ClampedArray(PAD * PAD);
    for (let i = 0; i < alpha.length; i++) alpha[i] = rgba[4 * i + 3]!;
    const d = preprocessDrawing(alpha, PAD, PAD);
    if (!d.empty) void latentActions.encodeDrawing(d.pixels);
  }

  const recon = useMemo(
    () => (drawn && decoder && decoder.latentDim === drawn.mu.length ? decoder.decode(drawn.mu) : null),
    [drawn, decoder],
  );
  const sigma = drawn ? Array.from(drawn.logVar, (v) => Math.exp(0.5 * v)) : [];
  const meanSigma = sigma.length ? sigma.reduce((a, b) => a + b, 0) / sigma.length : NaN;

  return (
    <section className="panel latent-draw" data-testid="panel-draw">
      <h3>Draw a digit</h3>
      <div className="draw-row">
        <div className="draw-pad-wrap">
          <canvas
            ref={ref}
            width={PAD}
            height={PAD}
            className="draw-pad"
            style={{ width: PAD, maxWidth: '100%', height: 'auto', aspectRatio: '1', touchAction: 'none' }}
            aria-label="drawing pad: draw a digit with a mouse, a finger or a pen"
            data-testid="draw-pad"
            onPointerDown={(e) => {
              // A stroke goes on even where capture fails (a synthetic pointer): it then ends on leaving.
              capturePointer(e.currentTarget, e.pointerId);
              const p = point(e);
              last.current = p;
              line(p, p, e.pressure);
              setInked(true);
            }}
            onPointerMove={(e) => {
              if (!last.current) return;
              const p = point(e);
              line(last.current, p, e.pressure);
              last.current = p;
            }}
            onPointerUp={finish}
            onPointerCancel={finish}
            onPointerLeave={(e) => {
              if (!e.currentTarget.hasPointerCapture(e.pointerId)) finish();
            }}
          />
          {!inked && (
            <span className="draw-pad-hint" aria-hidden="true">
              Draw a digit here
              <br />
              (mouse, finger or pen)
            </span>
          )}
        </div>
        <div className="draw-results">
          <div className="digit-pair">
            <figure>
              <PixelCanvas
                images={drawn?.image ?? null}
                scale={3}
                testId="draw-input"
                label="preprocessed drawing"
              />
              <figcaption>as MNIST (28×28)</figcaption>
            </figure>
            <figure>
              <PixelCanvas
                images={recon}
                scale={3}
                testId="draw-recon"
                label="reconstruction of the drawing"
              />
              <figcaption>reconstruction</figcaption>
            </figure>
          </div>
          <button
            onClick={() => {
              clear();
              latentActions.clearDrawing();
            }}
            data-testid="draw-clear"
          >
            Clear
          </button>
          {drawn && (
            <dl className="numbers small" data-testid="draw-stats">
              <dt>ELBO</dt>
              <dd data-testid="draw-elbo">{fmt(drawn.elbo, 1)} nats</dd>
              <dt>percentile</dt>
              <dd data-testid="draw-percentile">{percentileText(drawn.percentile)}</dd>
              <dt>mean σ</dt>
              <dd>{fmt(meanSigma, 3)}</dd>
            </dl>
          )}
        </div>
      </div>
      <ElboHistogram values={testElbo} sorted={sortedElbo} mark={drawn?.elbo} />
      <p className="small muted">
        The ELBO is a lower bound on log p(x): the model&apos;s own score for how likely this image is. A
        digit unlike MNIST should land in the left tail of the test set&apos;s scores. The red ellipse on the
        scatter is q(z|x) for the drawing (1σ and 2σ).
      </p>
    </section>
  );
}
