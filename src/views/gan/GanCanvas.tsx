import { useEffect, useRef } from 'react';
import { useGan, type GanLayer } from '../../store/gan2d';
import {
  blendPoints,
  fieldImage,
  paintArrows,
  paintImage,
  paintManifold,
  paintPoints,
  toData,
  type View,
} from './paintGan';
import { capturePointer } from '../pointer';

const SIZE = 480;
const REAL = 'rgba(22, 163, 74, 0.55)';
const FAKE = 'rgba(124, 58, 237, 0.8)';

/**
 * The GAN's 2-D world on one canvas, redrawn every animation frame while snapshots arrive: D's output
 * (or critic value) as a heatmap (its low-resolution image built once per snapshot and scaled), real and fake samples (fakes glide between snapshots), G's gradient
 * arrows, the warped noise lattice and optional trails. In draw mode the pointer adds data points.
 */
export function GanCanvas(props: {
  highlight: GanLayer | null;
  drawMode: boolean;
  drawn: number[];
  onDraw: (pts: number[]) => void;
}) {
  const { highlight, drawMode, drawn, onDraw } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const trail = useRef<OffscreenCanvas | null>(null);
  const frames = useRef({ count: 0, since: 0, lastSnap: 0 });
  // The heatmap image of the current snapshot: built once per snapshot, not every frame.
  const heat = useRef<{ field: Float32Array; alpha: number; image: OffscreenCanvas } | null>(null);
  const live = useRef({ highlight, drawn });
  useEffect(() => {
    live.current = { highlight, drawn };
  }, [highlight, drawn]);

  useEffect(() => {
    let raf = 0;
    const draw = () => {
      raf = requestAnimationFrame(draw);
      const c = ref.current;
      const ctx = c?.getContext('2d');
      const { snapshot: snap, previous, snapshotAt, snapshotGap, layers } = useGan.getState();
      if (!c || !ctx || !snap) return;
      const t0 = performance.now();
      const v: View = { ctx, size: SIZE, extent: snap.extent };
      const hl = live.current.highlight;
      const on = (l: GanLayer) => layers[l] || hl === l;
      const dim = (l: GanLayer) => (hl && hl !== l ? 0.35 : 1);
      ctx.globalAlpha = 1;
      ctx.fillStyle = 'white';
      ctx.fillRect(0, 0, SIZE, SIZE);
      if (on('heatmap')) {
        const alpha = dim('heatmap') * 0.85;
        const h = heat.current;
        if (!h || h.field !== snap.dShade || h.alpha !== alpha)
          heat.current = { field: snap.dShade, alpha, image: fieldImage(snap.dShade, snap.gridSize, alpha) };
        paintImage(ctx, SIZE, heat.current!.image);
      }
      const t = Math.min(1, (t0 - snapshotAt) / snapshotGap);
      const fakes = blendPoints(previous && previous.step < snap.step ? previous.fake : null, snap.fake, t);
      if (on('trails')) {
        trail.current ??= new OffscreenCanvas(SIZE, SIZE);
        const tc = trail.current.getContext('2d')!;
        if (frames.current.lastSnap !== snap.step) {
          tc.globalCompositeOperation = 'destination-out';
          tc.fillStyle = 'rgba(0,0,0,0.08)';
          tc.fillRect(0, 0, SIZE, SIZE);
          tc.globalCompositeOperation = 'source-over';
          paintPoints(
            { ctx: tc as unknown as CanvasRenderingContext2D, size: SIZE, extent: snap.extent },
            snap.fake,
            'rgba(124,58,237,0.25)',
            1,
          );
        }
        ctx.drawImage(trail.current, 0, 0);
      }
      frames.current.lastSnap = snap.step;
      if (on('manifold')) {
        ctx.globalAlpha = dim('manifold');
        paintManifold(v, snap.manifold, snap.manifoldSize);
      }
      if (on('real')) {
        ctx.globalAlpha = dim('real');
        paintPoints(v, snap.real, REAL);
      }
      if (on('fake')) {
        ctx.globalAlpha = dim('fake');
        paintPoints(v, fakes, FAKE);
      }
      if (on('arrows')) {
        ctx.globalAlpha = dim('arrows');
        paintArrows(v, fakes, snap.arrows);
      }
      ctx.globalAlpha = 1;
      const d = live.current.drawn;
      if (d.length) paintPoints(v, d, 'rgba(234, 88, 12, 0.9)', 2.2);
      // Frame rate and draw time, for the benchmark (data attributes, read by tests).
      const f = frames.current;
      f.count++;
      if (t0 - f.since > 1000) {
        c.dataset.fps = String(Math.round((f.count * 1000) / (t0 - f.since)));
        f.count = 0;
        f.since = t0;
      }
      c.dataset.drawMs = (performance.now() - t0).toFixed(2);
      c.dataset.step = String(snap.step);
    };
    raf = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(raf);
  }, []);

  const drawing = useRef(false);
  const addPoint = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const snap = useGan.getState().snapshot;
    if (!snap) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const [x, y] = toData(
      { size: SIZE, extent: snap.extent },
      ((e.clientX - rect.left) / rect.width) * SIZE,
      ((e.clientY - rect.top) / rect.height) * SIZE,
    );
    const d = live.current.drawn;
    const n = d.length;
    if (n >= 2 && Math.hypot(d[n - 2]! - x, d[n - 1]! - y) < 0.04) return;
    if (n / 2 >= 2000) return;
    onDraw([...d, x, y]);
  };
  return (
    <canvas
      ref={ref}
      width={SIZE}
      height={SIZE}
      className={drawMode ? 'gan-canvas drawing' : 'gan-canvas'}
      data-testid="gan-canvas"
      role="img"
      aria-label="Real samples (green), generated samples (purple) over the discriminator's output"
      aria-describedby="gan-canvas-summary"
      onPointerDown={(e) => {
        if (!drawMode) return;
        drawing.current = true;
        capturePointer(e.currentTarget, e.pointerId);
        addPoint(e);
      }}
      onPointerMove={(e) => drawMode && drawing.current && addPoint(e)}
      onPointerUp={() => (drawing.current = false)}
      onPointerCancel={() => (drawing.current = false)}
      onPointerLeave={(e) => {
        if (!e.currentTarget.hasPointerCapture(e.pointerId)) drawing.current = false;
      }}
    />
  );
}
