/**
 * Images handed to the quality metrics: n 28x28 digits as bytes (0..255) or as floats already in [0, 1].
 * One reader for the classifier pass and the near-copy distances, so both check and scale alike.
 */
export function checkImages(images: ArrayLike<number>, n: number): void {
  if (images.length !== n * 784)
    throw new RangeError(`expected ${n} images of 784 pixels, got ${images.length} values`);
}

/** Images from .. from + m - 1 as floats in [0, 1], row after row. */
export function unitPixels(images: ArrayLike<number>, from: number, m: number): Float32Array {
  const scale = images instanceof Float32Array || images instanceof Float64Array ? 1 : 1 / 255;
  const x = new Float32Array(m * 784);
  for (let i = 0; i < x.length; i++) x[i] = images[from * 784 + i]! * scale;
  return x;
}
