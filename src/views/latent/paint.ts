/** Canvas helpers for the latent explorer: pixels go to canvas, never to DOM nodes. */

/** Ten distinguishable digit colours (Tableau 10). */
export const DIGIT_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const;

/**
 * Paint `count` greyscale images of w x h into a canvas as a grid of `cols` columns. Values are bytes
 * (0..255) or, for Float32Array, intensities in [0, 1]. Ink is drawn dark on white, like pen on paper.
 */
export function paintImages(
  canvas: HTMLCanvasElement,
  images: ArrayLike<number>,
  count: number,
  cols: number,
  w = 28,
  h = 28,
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const rows = Math.max(1, Math.ceil(count / cols));
  if (canvas.width !== cols * w) canvas.width = cols * w;
  if (canvas.height !== rows * h) canvas.height = rows * h;
  const img = ctx.createImageData(cols * w, rows * h);
  const scale = images instanceof Float32Array || images instanceof Float64Array ? 255 : 1;
  const stride = cols * w;
  img.data.fill(255);
  for (let k = 0; k < count; k++) {
    const ox = (k % cols) * w;
    const oy = Math.floor(k / cols) * h;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = 255 - Math.min(255, Math.max(0, images[k * w * h + y * w + x]! * scale));
        const o = ((oy + y) * stride + ox + x) * 4;
        img.data[o] = img.data[o + 1] = img.data[o + 2] = v;
      }
    }
  }
  ctx.putImageData(img, 0, 0);
}

export function fmt(v: number | undefined | null, digits = 2): string {
  return v === undefined || v === null || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}
