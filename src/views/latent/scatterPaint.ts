import { priorSigmaContours, sigmaEllipse, type Ellipse } from '../../core/latent/contours';
import type { Gaussian2 } from '../../core/latent/projection';
import { DIGIT_COLORS } from './paint';

/** The visible square of the 2-D plane: centre and half-width, same scale on both axes. */
export interface ScatterView {
  cx: number;
  cy: number;
  half: number;
  size: number;
}

export function toPx(v: ScatterView, x: number, y: number): [number, number] {
  const s = v.size / (2 * v.half);
  return [v.size / 2 + (x - v.cx) * s, v.size / 2 - (y - v.cy) * s];
}

/**
 * Frame the data: the 0.5-99.5% range of each axis (so a few far-flung codes do not squash the rest),
 * widened to show the prior's 3-sigma circle, square so circles stay round.
 */
export function frameView(xy: Float32Array, prior: Gaussian2, size: number): ScatterView {
  const n = xy.length / 2;
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = xy[2 * i]!;
    ys[i] = xy[2 * i + 1]!;
  }
  xs.sort();
  ys.sort();
  const q = (a: Float32Array, p: number) =>
    a.length ? a[Math.min(a.length - 1, Math.floor(p * a.length))]! : 0;
  const r = 3 * Math.sqrt(Math.max(prior.xx, prior.yy));
  const x0 = Math.min(q(xs, 0.005), prior.cx - r);
  const x1 = Math.max(q(xs, 0.995), prior.cx + r);
  const y0 = Math.min(q(ys, 0.005), prior.cy - r);
  const y1 = Math.max(q(ys, 0.995), prior.cy + r);
  const half = 0.55 * Math.max(x1 - x0, y1 - y0, 1e-6);
  return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, half, size };
}

function strokeEllipse(ctx: CanvasRenderingContext2D, v: ScatterView, e: Ellipse): void {
  const [px, py] = toPx(v, e.cx, e.cy);
  const s = v.size / (2 * v.half);
  ctx.beginPath();
  // The canvas's y axis points down, so the rotation flips sign.
  ctx.ellipse(px, py, Math.max(0.5, e.rx * s), Math.max(0.5, e.ry * s), -e.angle, 0, 2 * Math.PI);
}

export interface ScatterScene {
  view: ScatterView;
  xy: Float32Array;
  labels: Uint8Array;
  prior: Gaussian2;
  /** Digits to hide (legend toggles). */
  hidden: ReadonlySet<number>;
  selected: number | null;
  /** q(z|x) of the drawn digit, projected. */
  drawn: Gaussian2 | null;
  /** Samples of a prior without closed-form contours (an AAE's mixture or swiss roll), drawn instead of them. */
  priorPoints?: Float32Array;
}

/** Draw the scatter: prior contours underneath, then the codes by digit, then markers on top. */
export function paintScatter(ctx: CanvasRenderingContext2D, s: ScatterScene): void {
  const { view: v } = s;
  ctx.clearRect(0, 0, v.size, v.size);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, v.size, v.size);

  // Prior N(0, I): 1, 2, 3 sigma contours (or the prior's own samples, in grey).
  const contours = s.priorPoints ? [] : priorSigmaContours();
  if (s.priorPoints) {
    ctx.fillStyle = 'rgba(100, 116, 139, 0.35)';
    for (let i = 0; i + 1 < s.priorPoints.length; i += 2) {
      const [px, py] = toPx(v, s.priorPoints[i]!, s.priorPoints[i + 1]!);
      ctx.fillRect(px - 1, py - 1, 2, 2);
    }
  }
  for (let i = contours.length - 1; i >= 0; i--) {
    const c = contours[i]!;
    strokeEllipse(ctx, v, sigmaEllipse(s.prior, c.radius));
    ctx.fillStyle = `rgba(148, 163, 184, ${0.08 + 0.04 * (contours.length - i)})`;
    ctx.fill();
    ctx.setLineDash([4, 4]);
    ctx.strokeStyle = '#94a3b8';
    ctx.lineWidth = 1;
    ctx.stroke();
    ctx.setLineDash([]);
    const [lx, ly] = toPx(v, s.prior.cx + c.radius * Math.sqrt(s.prior.xx), s.prior.cy);
    ctx.fillStyle = '#64748b';
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillText(`${c.k}σ`, lx + 2, ly - 2);
  }

  // Codes, one colour per digit.
  const n = s.labels.length;
  const scale = v.size / (2 * v.half);
  const ox = v.size / 2 - v.cx * scale;
  const oy = v.size / 2 + v.cy * scale;
  ctx.globalAlpha = 0.7;
  for (let d = 0; d < 10; d++) {
    if (s.hidden.has(d)) continue;
    ctx.fillStyle = DIGIT_COLORS[d]!;
    for (let i = 0; i < n; i++) {
      if (s.labels[i] !== d) continue;
      ctx.fillRect(ox + s.xy[2 * i]! * scale - 1, oy - s.xy[2 * i + 1]! * scale - 1, 2, 2);
    }
  }
  ctx.globalAlpha = 1;

  if (s.selected !== null && s.selected < n) {
    const [px, py] = toPx(v, s.xy[2 * s.selected]!, s.xy[2 * s.selected + 1]!);
    ctx.beginPath();
    ctx.arc(px, py, 6, 0, 2 * Math.PI);
    ctx.strokeStyle = '#0f172a';
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  if (s.drawn) {
    for (const k of [2, 1]) {
      strokeEllipse(ctx, v, sigmaEllipse(s.drawn, k));
      ctx.fillStyle = k === 1 ? 'rgba(220, 38, 38, 0.25)' : 'rgba(220, 38, 38, 0.1)';
      ctx.fill();
      ctx.strokeStyle = '#dc2626';
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
    const [px, py] = toPx(v, s.drawn.cx, s.drawn.cy);
    ctx.beginPath();
    ctx.moveTo(px - 6, py);
    ctx.lineTo(px + 6, py);
    ctx.moveTo(px, py - 6);
    ctx.lineTo(px, py + 6);
    ctx.strokeStyle = '#7f1d1d';
    ctx.lineWidth = 2;
    ctx.stroke();
  }
}

/** Index of the visible point nearest to (px, py) in canvas pixels, within maxDist; else null. */
export function pickPoint(s: ScatterScene, px: number, py: number, maxDist = 8): number | null {
  let best: number | null = null;
  let bestD = maxDist * maxDist;
  const n = s.labels.length;
  for (let i = 0; i < n; i++) {
    if (s.hidden.has(s.labels[i]!)) continue;
    const [x, y] = toPx(s.view, s.xy[2 * i]!, s.xy[2 * i + 1]!);
    const d = (x - px) ** 2 + (y - py) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
