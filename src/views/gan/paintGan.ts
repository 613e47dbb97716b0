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

/** A gridSize x gridSize field (row 0 = lowest y) as a gridSize-pixel image, to be scaled up (fieldImage). */
export function fieldImage(field: Float32Array, gridSize: number, alpha = 1): OffscreenCanvas {
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
  return tmp;
}

/** A low-resolution image scaled smoothly over the whole canvas. */
export function paintImage(ctx: CanvasRenderingContext2D, size: number, image: OffscreenCanvas): void {
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(image, 0, 0, size, size);
}

/** A gridSize x gridSize field (row 0 = lowest y) drawn as a smooth heatmap over the whole canvas. */
export function paintField(
  ctx: CanvasRenderingContext2D,
  size: number,
  field: Float32Array,
  gridSize: number,
  alpha = 1,
): void {
  paintImage(ctx, size, fieldImage(field, gridSize, alpha));
}

/**
 * Two densities on one gridSize x gridSize grid (row 0 = lowest y): data in green, fakes in purple, each
 * scaled by its own maximum (square root, so that thin tails show), white where neither has mass.
 */
export function paintDensities(
  ctx: CanvasRenderingContext2D,
  size: number,
  pData: Float32Array,
  pG: Float32Array,
  gridSize: number,
): void {
  const maxOf = (a: Float32Array) => a.reduce((m, v) => Math.max(m, v), 1e-30);
  const md = maxOf(pData);
  const mg = maxOf(pG);
  const img = new ImageData(gridSize, gridSize);
  for (let r = 0; r < gridSize; r++) {
    for (let c = 0; c < gridSize; c++) {
      const i = r * gridSize + c;
      const a = Math.sqrt(pData[i]! / md);
      const b = Math.sqrt(pG[i]! / mg);
      const o = ((gridSize - 1 - r) * gridSize + c) * 4;
      img.data[o] = Math.max(0, 255 - a * (255 - 34) - b * (255 - 139));
      img.data[o + 1] = Math.max(0, 255 - a * (255 - 197) - b * (255 - 92));
      img.data[o + 2] = Math.max(0, 255 - a * (255 - 94) - b * (255 - 246));
      img.data[o + 3] = 255;
    }
  }
  const tmp = new OffscreenCanvas(gridSize, gridSize);
  tmp.getContext('2d')!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tmp, 0, 0, size, size);
}

/**
 * Level sets of a field on a gridSize x gridSize grid of cell centres (row 0 = lowest y), by marching
 * squares: `levels` evenly spaced values strictly between the field's minimum and maximum.
 */
export function paintContours(
  ctx: CanvasRenderingContext2D,
  size: number,
  field: Float32Array,
  gridSize: number,
  levels = 9,
): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of field) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi > lo)) return;
  const cell = size / gridSize;
  // Cell centre (c, r) in canvas pixels; rows go up in the grid, down on the canvas.
  const px = (c: number) => (c + 0.5) * cell;
  const py = (r: number) => size - (r + 0.5) * cell;
  ctx.strokeStyle = 'rgba(17, 24, 39, 0.55)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let l = 1; l <= levels; l++) {
    const level = lo + ((hi - lo) * l) / (levels + 1);
    for (let r = 0; r + 1 < gridSize; r++) {
      for (let c = 0; c + 1 < gridSize; c++) {
        const v = [
          field[r * gridSize + c]!,
          field[r * gridSize + c + 1]!,
          field[(r + 1) * gridSize + c + 1]!,
          field[(r + 1) * gridSize + c]!,
        ];
        const corners: [number, number][] = [
          [c, r],
          [c + 1, r],
          [c + 1, r + 1],
          [c, r + 1],
        ];
        const hits: [number, number][] = [];
        for (let e = 0; e < 4; e++) {
          const a = v[e]!;
          const b = v[(e + 1) % 4]!;
          if (a < level === b < level) continue;
          const t = (level - a) / (b - a);
          const [c0, r0] = corners[e]!;
          const [c1, r1] = corners[(e + 1) % 4]!;
          hits.push([px(c0 + t * (c1 - c0)), py(r0 + t * (r1 - r0))]);
        }
        for (let h = 0; h + 1 < hits.length; h += 2) {
          ctx.moveTo(hits[h]![0], hits[h]![1]);
          ctx.lineTo(hits[h + 1]![0], hits[h + 1]![1]);
        }
      }
    }
  }
  ctx.stroke();
}

/** Square dots of half-width r, all in one path and one fill (thousands of fillRect calls cost more). */
export function paintPoints(v: View, pts: ArrayLike<number>, colour: string, r = 1.6): void {
  const s = v.size / (v.extent.max - v.extent.min);
  const min = v.extent.min;
  const { ctx } = v;
  ctx.fillStyle = colour;
  ctx.beginPath();
  for (let i = 0; i + 1 < pts.length; i += 2) {
    ctx.rect((pts[i]! - min) * s - r, v.size - (pts[i + 1]! - min) * s - r, 2 * r, 2 * r);
  }
  ctx.fill();
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
