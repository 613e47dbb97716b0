import type { Extent } from '../../core/gan/datasets';

/** Pure canvas painters for the 2-D GAN view: data coordinates in `extent`, y up. */
export interface View {
  ctx: CanvasRenderingContext2D;
  size: number;
  extent: Extent;
}

export function toPx(v: View, x: number, y: number): [number, number] {
  const s = v.size / (v.extent.max - v.extent.min);
  return [(x - v.extent.min) * s, v.size - (y - v.extent.min) * s];
}

export function toData(v: { size: number; extent: Extent }, px: number, py: number): [number, number] {
  const s = (v.extent.max - v.extent.min) / v.size;
  return [v.extent.min + px * s, v.extent.min + (v.size - py) * s];
}

/**
 * Diverging colour for a discriminator output: 1 ("real") green, 0 ("fake") purple, 0.5 white.
 * Returns [r, g, b].
 */
export function dColour(p: number): [number, number, number] {
  const t = Math.max(0, Math.min(1, p));
  if (t >= 0.5) {
    const a = (t - 0.5) * 2;
    return [255 - a * (255 - 34), 255 - a * (255 - 197), 255 - a * (255 - 94)];
  }
  const a = (0.5 - t) * 2;
  return [255 - a * (255 - 139), 255 - a * (255 - 92), 255 - a * (255 - 246)];
}

/** Map critic scores (any sign) to 0..1 around 0.5 by the largest magnitude, for the same colours. */
export function normaliseScores(values: Float32Array): Float32Array {
  let m = 1e-9;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return values.map((v) => 0.5 + v / (2 * m));
}

/** A gridSize x gridSize field (row 0 = lowest y) drawn as a smooth heatmap over the whole canvas. */
export function paintField(
  ctx: CanvasRenderingContext2D,
  size: number,
  field: Float32Array,
  gridSize: number,
  alpha = 1,
): void {
  const img = new ImageData(gridSize, gridSize);
  for (let r = 0; r < gridSize; r++) {
    for (let c = 0; c < gridSize; c++) {
      const [R, G, B] = dColour(field[r * gridSize + c]!);
      const o = ((gridSize - 1 - r) * gridSize + c) * 4; // flip: canvas rows go down
      img.data[o] = R;
      img.data[o + 1] = G;
      img.data[o + 2] = B;
      img.data[o + 3] = 255 * alpha;
    }
  }
  const tmp = new OffscreenCanvas(gridSize, gridSize);
  tmp.getContext('2d')!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tmp, 0, 0, size, size);
}

export function paintPoints(v: View, pts: ArrayLike<number>, colour: string, r = 1.6): void {
  v.ctx.fillStyle = colour;
  for (let i = 0; i + 1 < pts.length; i += 2) {
    const [x, y] = toPx(v, pts[i]!, pts[i + 1]!);
    v.ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
  }
}

/** Arrows from each of the first arrows.length / 2 fakes along G's descent direction, longest 28 px. */
export function paintArrows(v: View, fakes: ArrayLike<number>, arrows: Float32Array): void {
  const n = arrows.length / 2;
  let m = 1e-12;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.hypot(arrows[2 * i]!, arrows[2 * i + 1]!));
  const scale = 28 / m;
  const { ctx } = v;
  ctx.strokeStyle = 'rgba(17, 24, 39, 0.75)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const [x, y] = toPx(v, fakes[2 * i]!, fakes[2 * i + 1]!);
    const dx = arrows[2 * i]! * scale;
    const dy = -arrows[2 * i + 1]! * scale;
    const len = Math.hypot(dx, dy);
    if (len < 0.5) continue;
    ctx.moveTo(x, y);
    ctx.lineTo(x + dx, y + dy);
    const ux = dx / len;
    const uy = dy / len;
    const h = Math.min(5, len / 2);
    ctx.moveTo(x + dx, y + dy);
    ctx.lineTo(x + dx - h * (ux + 0.5 * uy), y + dy - h * (uy - 0.5 * ux));
    ctx.moveTo(x + dx, y + dy);
    ctx.lineTo(x + dx - h * (ux - 0.5 * uy), y + dy - h * (uy + 0.5 * ux));
  }
  ctx.stroke();
}

/** G's image of a regular lattice in noise space: how the generator warps the noise plane. */
export function paintManifold(v: View, lattice: Float32Array, n: number): void {
  const { ctx } = v;
  ctx.strokeStyle = 'rgba(124, 58, 237, 0.45)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const i = (r * n + c) * 2;
      const [x, y] = toPx(v, lattice[i]!, lattice[i + 1]!);
      if (c > 0) {
        const j = (r * n + c - 1) * 2;
        const [x0, y0] = toPx(v, lattice[j]!, lattice[j + 1]!);
        ctx.moveTo(x0, y0);
        ctx.lineTo(x, y);
      }
      if (r > 0) {
        const j = ((r - 1) * n + c) * 2;
        const [x0, y0] = toPx(v, lattice[j]!, lattice[j + 1]!);
        ctx.moveTo(x0, y0);
        ctx.lineTo(x, y);
      }
    }
  }
  ctx.stroke();
}

/** Linear blend of two point sets of equal length (the canvas animates between snapshots). */
export function blendPoints(a: Float32Array | null, b: Float32Array, t: number): Float32Array {
  if (!a || a.length !== b.length || t >= 1) return b;
  const out = new Float32Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = a[i]! + (b[i]! - a[i]!) * t;
  return out;
}
