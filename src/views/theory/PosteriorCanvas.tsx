import { useEffect, useRef } from 'react';
import type { ExactAnswer } from '../../engine/theoryProtocol';
import { cellArea } from '../../core/theory/grid';

/** Probability masses the contours enclose (posterior bands and q's ellipses alike). */
export const LEVELS = [0.5, 0.9, 0.99] as const;
const BAND_COLOURS = ['#1d4ed8', '#60a5fa', '#dbeafe'];

/**
 * Density thresholds of the highest-density regions holding each mass in LEVELS: cells sorted by
 * density, summed until the mass is reached.
 */
export function hpdThresholds(logPost: Float32Array, area: number): number[] {
  const d = Array.from(logPost).sort((a, b) => b - a);
  const out: number[] = [];
  let mass = 0;
  let li = 0;
  for (const v of d) {
    mass += Math.exp(v) * area;
    while (li < LEVELS.length && mass >= LEVELS[li]!) {
      out.push(v);
      li++;
    }
    if (li === LEVELS.length) break;
  }
  while (out.length < LEVELS.length) out.push(-Infinity);
  return out;
}

const SIZE = 320;

/** Canvas size with equal units on both axes (the longer side SIZE pixels). */
function canvasSize(a: ExactAnswer): { w: number; h: number } {
  const xr = a.fine.x1 - a.fine.x0;
  const yr = a.fine.y1 - a.fine.y0;
  return xr >= yr
    ? { w: SIZE, h: Math.max(40, Math.round((SIZE * yr) / xr)) }
    : { w: Math.max(40, Math.round((SIZE * xr) / yr)), h: SIZE };
}

/**
 * The true posterior p(z|x) on the fine grid as filled highest-density bands (50 / 90 / 99 % of its
 * mass) and q(z|x) as red ellipses holding the same masses (radius sqrt(-2 ln(1 - m)) in q's standard
 * deviations): where they differ is the ELBO gap.
 */
export function PosteriorCanvas(props: { a: ExactAnswer }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { a } = props;
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const g = a.fine;
    const n = g.n;
    const th = hpdThresholds(a.logPost, cellArea(g));
    const img = new ImageData(n, n);
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const v = a.logPost[j * n + i]!;
        const band = th.findIndex((t) => v >= t);
        const hex = band < 0 ? '#ffffff' : BAND_COLOURS[band]!;
        // Row j is z1 = y0 + (j + 1/2) h: drawn bottom-up so z1 grows upwards.
        const o = ((n - 1 - j) * n + i) * 4;
        img.data[o] = parseInt(hex.slice(1, 3), 16);
        img.data[o + 1] = parseInt(hex.slice(3, 5), 16);
        img.data[o + 2] = parseInt(hex.slice(5, 7), 16);
        img.data[o + 3] = 255;
      }
    const off = document.createElement('canvas');
    off.width = n;
    off.height = n;
    off.getContext('2d')!.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    const { w, h } = canvasSize(a);
    ctx.clearRect(0, 0, w, h);
    ctx.drawImage(off, 0, 0, w, h);
    const px = (z0: number) => ((z0 - g.x0) / (g.x1 - g.x0)) * w;
    const py = (z1: number) => h - ((z1 - g.y0) / (g.y1 - g.y0)) * h;
    const sx = Math.exp(0.5 * a.logVar[0]) * (w / (g.x1 - g.x0));
    const sy = Math.exp(0.5 * a.logVar[1]) * (h / (g.y1 - g.y0));
    ctx.strokeStyle = '#dc2626';
    ctx.lineWidth = 1.5;
    for (const m of LEVELS) {
      const r = Math.sqrt(-2 * Math.log(1 - m));
      ctx.beginPath();
      ctx.ellipse(px(a.mu[0]), py(a.mu[1]), r * sx, r * sy, 0, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.fillStyle = '#dc2626';
    ctx.fillRect(px(a.mu[0]) - 2, py(a.mu[1]) - 2, 4, 4);
  }, [a]);
  const g = a.fine;
  const { w, h } = canvasSize(a);
  return (
    <figure className="theory-posterior">
      <canvas ref={ref} width={w} height={h} data-testid="theory-posterior-canvas" />
      <figcaption className="small">
        z₁ ∈ [{g.x0.toFixed(2)}, {g.x1.toFixed(2)}] (across), z₂ ∈ [{g.y0.toFixed(2)}, {g.y1.toFixed(2)}]
        (up), {g.n} × {g.n} cells, equal scales. Blue: p(z|x) regions holding 50 / 90 / 99 % of its mass. Red:
        q(z|x) ellipses holding the same masses.
      </figcaption>
    </figure>
  );
}
