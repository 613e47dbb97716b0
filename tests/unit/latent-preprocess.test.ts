import { describe, expect, it } from 'vitest';
import { preprocessDrawing } from '../../src/core/latent/preprocessDrawing';

/** Paint a round brush along a polyline into a W x H alpha raster (what a canvas stroke leaves). */
function stroke(w: number, h: number, points: [number, number][], radius: number, floats = false) {
  const a = floats ? new Float32Array(w * h) : new Uint8ClampedArray(w * h);
  const max = floats ? 1 : 255;
  for (let s = 0; s + 1 < points.length; s++) {
    const [x0, y0] = points[s]!;
    const [x1, y1] = points[s + 1]!;
    const len = Math.hypot(x1 - x0, y1 - y0);
    for (let t = 0; t <= len; t += 0.5) {
      const cx = x0 + ((x1 - x0) * t) / Math.max(len, 1e-9);
      const cy = y0 + ((y1 - y0) * t) / Math.max(len, 1e-9);
      for (let y = Math.floor(cy - radius); y <= cy + radius; y++) {
        for (let x = Math.floor(cx - radius); x <= cx + radius; x++) {
          if (x >= 0 && y >= 0 && x < w && y < h && (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius)
            a[y * w + x] = max;
        }
      }
    }
  }
  return a;
}

/** MNIST's measure: intensity-weighted mean of the pixel indices (column, row). */
function centreOfMass(px: ArrayLike<number>, side = 28): [number, number] {
  let m = 0;
  let x = 0;
  let y = 0;
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const v = px[r * side + c]!;
      m += v;
      x += v * c;
      y += v * r;
    }
  }
  return [x / m, y / m];
}

function inkBox(px: ArrayLike<number>, side = 28, rows = side) {
  let x0 = side;
  let y0 = rows;
  let x1 = -1;
  let y1 = -1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < side; c++) {
      if (px[r * side + c]! > 0) {
        x0 = Math.min(x0, c);
        x1 = Math.max(x1, c);
        y0 = Math.min(y0, r);
        y1 = Math.max(y1, r);
      }
    }
  }
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

describe('MNIST-style preprocessing of a drawing', () => {
  // A "7" drawn small and off-centre in the top-left of a 280 x 280 pad: heavy top bar, thin diagonal.
  const seven = stroke(
    280,
    280,
    [
      [30, 40],
      [130, 40],
      [130, 45],
      [70, 190],
    ],
    9,
  );

  it('centres the mass at (14, 14) within half a pixel', () => {
    const out = preprocessDrawing(seven, 280, 280);
    expect(out.empty).toBe(false);
    const [cx, cy] = centreOfMass(out.pixels);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
  });

  it('fits the ink in 20 x 20 with the longer side ~20, aspect kept', () => {
    const out = preprocessDrawing(seven, 280, 280);
    const box = inkBox(out.pixels);
    expect(box.height).toBeGreaterThanOrEqual(19);
    expect(box.height).toBeLessThanOrEqual(20);
    expect(box.width).toBeLessThanOrEqual(20);
    const drawn = inkBox(seven, 280);
    expect(out.box).toEqual(drawn);
    // aspect kept to within a pixel's rounding
    const aspect = drawn.width / drawn.height;
    expect(aspect).toBeGreaterThan(0.6);
    expect(aspect).toBeLessThan(0.8);
    expect(Math.abs(box.width - 20 * aspect)).toBeLessThanOrEqual(1);
  });

  it('gives values in [0, 1] with the strongest pixel at 1, anti-aliased edges in between', () => {
    const px = preprocessDrawing(seven, 280, 280).pixels;
    expect(px.length).toBe(784);
    expect(Math.max(...px)).toBeCloseTo(1, 6);
    expect(Math.min(...px)).toBe(0);
    expect(px.some((v) => v > 0.05 && v < 0.95)).toBe(true);
  });

  it('handles a wide stroke, a non-square float raster and a single dot', () => {
    const wide = stroke(
      150,
      100,
      [
        [10, 50],
        [140, 55],
      ],
      3,
      true,
    );
    const out = preprocessDrawing(wide, 150, 100);
    const box = inkBox(out.pixels);
    expect(box.width).toBeGreaterThanOrEqual(19);
    expect(box.width).toBeLessThanOrEqual(20);
    expect(box.height).toBeLessThanOrEqual(3);
    const [cx, cy] = centreOfMass(out.pixels);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);

    const dot = new Uint8ClampedArray(50 * 50);
    dot[10 * 50 + 40] = 255;
    const d = preprocessDrawing(dot, 50, 50);
    const [dx, dy] = centreOfMass(d.pixels);
    expect(Math.abs(dx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(dy - 14)).toBeLessThanOrEqual(0.5);
  });

  it('reports an empty pad and rejects a raster of the wrong size', () => {
    const out = preprocessDrawing(new Uint8ClampedArray(280 * 280), 280, 280);
    expect(out.empty).toBe(true);
    expect(out.pixels.every((v) => v === 0)).toBe(true);
    expect(() => preprocessDrawing(new Uint8ClampedArray(10), 5, 5)).toThrow(RangeError);
  });
});
