/**
 * Turn a drawing into an MNIST-like 28x28 digit, the way MNIST itself was made (LeCun et al.): crop to
 * the ink's bounding box, scale with anti-aliasing so the longer side is 20 px (aspect kept), then place
 * it in a 28x28 field so its centre of mass — the intensity-weighted mean of pixel indices — sits at
 * (14, 14). That is where MNIST's mass sits: the 10k test digits average (14.01, 13.99) in pixel-index
 * coordinates. Without this step the encoder sees a digit unlike anything it trained on.
 */
export const MNIST_SIDE = 28;
export const MNIST_BOX = 20;
export const MNIST_CENTRE = 14;

export interface PreprocessOptions {
  /** Value of full ink in the input (255 for bytes such as canvas alpha; 1 for floats). */
  maxValue?: number;
  /** Pixels above this fraction of maxValue count as ink for the bounding box. */
  inkThreshold?: number;
  /** Rescale so the darkest output pixel is 1 (thin pen strokes otherwise come out grey). */
  normalize?: boolean;
}

export interface PreprocessedDigit {
  /** 784 values in [0, 1], row-major. All zero when `empty`. */
  pixels: Float32Array;
  empty: boolean;
  /** The ink's bounding box in the input raster. */
  box: { x: number; y: number; width: number; height: number } | null;
  /** Size of the scaled ink (longer side 20) and where its top-left corner went in the 28x28 field. */
  scaled: { width: number; height: number; left: number; top: number } | null;
}

/**
 * Area-averaging weights for resampling srcLen pixels to dstLen: output pixel j covers the source
 * interval [j, j + 1) * srcLen / dstLen; each source pixel contributes by its overlap, normalised.
 */
function areaWeights(srcLen: number, dstLen: number): { index: number; weight: number }[][] {
  const ratio = srcLen / dstLen;
  const out: { index: number; weight: number }[][] = [];
  for (let j = 0; j < dstLen; j++) {
    const a = j * ratio;
    const b = (j + 1) * ratio;
    const taps: { index: number; weight: number }[] = [];
    for (let i = Math.floor(a); i < Math.min(srcLen, Math.ceil(b)); i++) {
      const overlap = Math.min(b, i + 1) - Math.max(a, i);
      if (overlap > 0) taps.push({ index: i, weight: overlap / ratio });
    }
    out.push(taps);
  }
  return out;
}

function defaultMax(raster: ArrayLike<number>): number {
  return raster instanceof Uint8Array || raster instanceof Uint8ClampedArray ? 255 : 1;
}

/** raster: width x height greyscale, row-major, ink high (e.g. a canvas's alpha channel). */
export function preprocessDrawing(
  raster: ArrayLike<number>,
  width: number,
  height: number,
  opts: PreprocessOptions = {},
): PreprocessedDigit {
  if (raster.length !== width * height) {
    throw new RangeError(`raster has ${raster.length} values, expected ${width} x ${height}`);
  }
  const maxValue = opts.maxValue ?? defaultMax(raster);
  const threshold = (opts.inkThreshold ?? 0.02) * maxValue;
  const pixels = new Float32Array(MNIST_SIDE * MNIST_SIDE);

  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (raster[y * width + x]! > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return { pixels, empty: true, box: null, scaled: null };
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;

  // Scale so the longer side is 20 px.
  const s = MNIST_BOX / Math.max(bw, bh);
  const ow = Math.max(1, Math.min(MNIST_BOX, Math.round(bw * s)));
  const oh = Math.max(1, Math.min(MNIST_BOX, Math.round(bh * s)));
  const wx = areaWeights(bw, ow);
  const wy = areaWeights(bh, oh);
  // Horizontal pass: bh rows x ow columns, then vertical: oh x ow.
  const tmp = new Float64Array(bh * ow);
  for (let y = 0; y < bh; y++) {
    const src = (y0 + y) * width + x0;
    for (let j = 0; j < ow; j++) {
      let acc = 0;
      for (const t of wx[j]!) acc += t.weight * Math.min(maxValue, Math.max(0, raster[src + t.index]!));
      tmp[y * ow + j] = acc / maxValue;
    }
  }
  const small = new Float64Array(oh * ow);
  let peak = 0;
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      let acc = 0;
      for (const t of wy[i]!) acc += t.weight * tmp[t.index * ow + j]!;
      small[i * ow + j] = acc;
      if (acc > peak) peak = acc;
    }
  }
  const gain = opts.normalize === false || peak === 0 ? 1 : 1 / peak;

  // Centre of mass of the scaled ink, then the whole-pixel shift that brings it closest to (14, 14),
  // kept inside the field so no ink is cut off.
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      const v = small[i * ow + j]!;
      mass += v;
      mx += v * j;
      my += v * i;
    }
  }
  const left = Math.min(MNIST_SIDE - ow, Math.max(0, Math.round(MNIST_CENTRE - mx / mass)));
  const top = Math.min(MNIST_SIDE - oh, Math.max(0, Math.round(MNIST_CENTRE - my / mass)));
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      pixels[(top + i) * MNIST_SIDE + left + j] = Math.min(1, small[i * ow + j]! * gain);
    }
  }
  return {
    pixels,
    empty: false,
    box: { x: x0, y: y0, width: bw, height: bh },
    scaled: { width: ow, height: oh, left, top },
  };
}
