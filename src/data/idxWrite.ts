import { IDX_IMAGES_MAGIC } from './idx';

/** 28x28 greyscale images (count x 784 bytes) as an IDX3 unsigned-byte file, the MNIST image format. */
export function encodeIdxImages(pixels: ArrayLike<number>, count: number): Uint8Array {
  if (pixels.length !== count * 784)
    throw new RangeError(`expected ${count} x 784 pixels, got ${pixels.length}`);
  const out = new Uint8Array(16 + count * 784);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, IDX_IMAGES_MAGIC);
  dv.setUint32(4, count);
  dv.setUint32(8, 28);
  dv.setUint32(12, 28);
  for (let i = 0; i < pixels.length; i++) out[16 + i] = Math.max(0, Math.min(255, Math.round(pixels[i]!)));
  return out;
}
