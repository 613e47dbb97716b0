/** Intensities in [0, 1] to bytes 0..255 (rounded, clamped), ready for ImageData or transfer. */
export function unitToBytes(values: ArrayLike<number>, out?: Uint8ClampedArray): Uint8ClampedArray {
  const bytes = out ?? new Uint8ClampedArray(values.length);
  // Uint8ClampedArray rounds to nearest on assignment (and clamps), so no +0.5 here.
  for (let i = 0; i < values.length; i++) bytes[i] = values[i]! * 255;
  return bytes;
}

/** Bytes 0..255 to intensities in [0, 1] (what the encoder takes, like torchvision's ToTensor). */
export function bytesToUnit(bytes: ArrayLike<number>): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 255;
  return out;
}
