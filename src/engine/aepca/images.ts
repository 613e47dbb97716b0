import type { ImageBatch } from '../experiment';

/** count x 784 values in [0, 1] (plus an optional per-pixel offset, e.g. the data mean) as an ImageBatch. */
export function unitToBatch(
  values: ArrayLike<number>,
  count: number,
  offset?: ArrayLike<number>,
): ImageBatch {
  const pixels = new Uint8ClampedArray(count * 784);
  for (let i = 0; i < count * 784; i++) {
    const v = values[i]! + (offset ? offset[i % 784]! : 0);
    pixels[i] = Math.round(255 * Math.min(1, Math.max(0, v)));
  }
  return { count, width: 28, height: 28, pixels };
}
