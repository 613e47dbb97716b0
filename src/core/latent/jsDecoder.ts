import { sampleAutoregressive, type ArWeightsData } from '../vae/autoregressiveSampler';

/**
 * The VAE's decoder mean E[x|z] in plain JavaScript on Float32Arrays. The main thread gets a copy of the
 * decoder's weights (again as training moves them) and decodes slider positions itself: an MLP
 * 20-400-784 pass is ~0.3 M multiply-adds, well under a millisecond, with no round trip to the worker and
 * no wait behind a training step. It covers every decoder of the VAE family: dense layers (ReLU between,
 * y = x W + b with W stored [in, out] row-major), the conv decoder's transposed convolutions, a
 * conditional VAE's label (one-hot, appended to z), and each likelihood's mean (sigmoid; the continuous
 * Bernoulli's mean; the categorical's expected 8-bit value). Matches Vae.decodeMean (a unit test holds
 * it to the tfjs model).
 */
export interface DenseLayerData {
  inDim: number;
  outDim: number;
  /** inDim x outDim, row-major. */
  W: Float32Array;
  b: Float32Array;
}

/** A transposed convolution, kernel k x k, stride 2, cropped by 1 each side: side -> 2 side. */
export interface DeconvLayerData {
  k: number;
  inChannels: number;
  outChannels: number;
  /** [k, k, out, in] row-major, as tfjs stores it. */
  W: Float32Array;
  b: Float32Array;
}

/** How the decoder's last outputs become the mean image. */
export type DecoderHead =
  | { kind: 'sigmoid' }
  | { kind: 'continuous-bernoulli' }
  /** features per pixel -> 256 logits: W [F, 256], b [256], pixelBias [784, 256]. */
  | { kind: 'categorical'; features: number; W: Float32Array; b: Float32Array; pixelBias: Float32Array };

export interface DecoderWeights {
  /**
   * Dense layers in order; ReLU after every one but an MLP's last. For a conv decoder the last dense
   * layer gives the 7 x 7 x C grid (ReLU'd) that `deconvs` upsample.
   */
  layers: DenseLayerData[];
  /** Size of the label vector appended to z (10 for a conditional VAE). */
  conditionDim?: number;
  deconvs?: DeconvLayerData[];
  /** Outputs per pixel (1, or the categorical head's features). */
  outputsPerPixel?: number;
  head?: DecoderHead;
  /**
   * An autoregressive (MADE) decoder's masked weights: decode() then draws each image pixel by pixel
   * (784 sequential steps, a fixed seed) and shows each pixel's probability given those drawn before
   * it; `layers` holds only the context layer ([z, c] -> hidden).
   */
  autoregressive?: ArWeightsData;
}

const PIXELS = 784;
/** Seed of the page's autoregressive draws: the same z shows the same image. */
const AR_SEED = 7;

export class JsDecoder {
  private readonly layers: DenseLayerData[];
  private readonly buffers: Float32Array[];
  readonly conditionDim: number;
  readonly outputsPerPixel: number;
  private readonly head: DecoderHead;

  /** `label`: the class a conditional decoder draws (0..conditionDim-1). */
  constructor(
    private readonly weights: DecoderWeights,
    readonly label = 0,
  ) {
    const ls = weights.layers;
    if (ls.length === 0) throw new Error('a decoder needs at least an output layer');
    ls.forEach((l, i) => {
      if (l.W.length !== l.inDim * l.outDim || l.b.length !== l.outDim) {
        throw new RangeError(`decoder layer ${i}: W/b sizes do not match ${l.inDim} x ${l.outDim}`);
      }
      if (i > 0 && l.inDim !== ls[i - 1]!.outDim) {
        throw new RangeError(
          `decoder layer ${i} takes ${l.inDim} inputs but layer ${i - 1} gives ${ls[i - 1]!.outDim}`,
        );
      }
    });
    this.layers = ls;
    this.conditionDim = weights.conditionDim ?? 0;
    this.outputsPerPixel = weights.outputsPerPixel ?? 1;
    this.head = weights.head ?? { kind: 'sigmoid' };
    const conv = (weights.deconvs?.length ?? 0) > 0;
    this.buffers = (conv ? ls : ls.slice(0, -1)).map((l) => new Float32Array(l.outDim));
  }

  /** The same weights drawing another class (conditional decoders). */
  withLabel(label: number): JsDecoder {
    return new JsDecoder(this.weights, label);
  }

  get latentDim(): number {
    return this.layers[0]!.inDim - this.conditionDim;
  }

  get outputDim(): number {
    return PIXELS;
  }

  /** Decode n latent vectors (n x latentDim row-major) to n x 784 intensities in [0, 1]. */
  decode(z: ArrayLike<number>, n = 1, out?: Float32Array): Float32Array {
    const d = this.latentDim;
    if (z.length !== n * d) throw new RangeError(`expected ${n} x ${d} latent values, got ${z.length}`);
    const result = out ?? new Float32Array(n * PIXELS);
    if (result.length < n * PIXELS)
      throw new RangeError(`output buffer holds ${result.length} values, need ${n * PIXELS}`);
    const input = new Float32Array(d + this.conditionDim);
    if (this.conditionDim > 0) input[d + Math.max(0, Math.min(this.conditionDim - 1, this.label))] = 1;
    const ar = this.weights.autoregressive;
    if (ar) {
      const ctx = new Float32Array(n * input.length);
      for (let r = 0; r < n; r++) {
        for (let k = 0; k < d; k++) input[k] = z[r * d + k]!;
        ctx.set(input, r * input.length);
      }
      result.set(sampleAutoregressive(ar, ctx, n, AR_SEED).p);
      return result;
    }
    const deconvs = this.weights.deconvs ?? [];
    for (let r = 0; r < n; r++) {
      for (let k = 0; k < d; k++) input[k] = z[r * d + k]!;
      let x: Float32Array = input;
      const last = this.layers.length - 1;
      let params: Float32Array;
      if (deconvs.length === 0) {
        for (let li = 0; li < last; li++) {
          affine(x, this.layers[li]!, this.buffers[li]!);
          relu(this.buffers[li]!);
          x = this.buffers[li]!;
        }
        params = new Float32Array(this.layers[last]!.outDim);
        affine(x, this.layers[last]!, params);
      } else {
        for (let li = 0; li <= last; li++) {
          affine(x, this.layers[li]!, this.buffers[li]!);
          relu(this.buffers[li]!);
          x = this.buffers[li]!;
        }
        let side = Math.round(Math.sqrt(x.length / deconvs[0]!.inChannels));
        deconvs.forEach((dc, i) => {
          x = deconv(x, side, dc);
          side *= 2;
          if (i < deconvs.length - 1) relu(x);
        });
        params = x;
      }
      this.toMean(params, result.subarray(r * PIXELS, (r + 1) * PIXELS));
    }
    return result;
  }

  /** The likelihood's mean from the decoder's outputs (pixel-major, outputsPerPixel per pixel). */
  private toMean(params: Float32Array, y: Float32Array): void {
    const h = this.head;
    if (h.kind === 'sigmoid') {
      for (let j = 0; j < PIXELS; j++) y[j] = 1 / (1 + Math.exp(-params[j]!));
    } else if (h.kind === 'continuous-bernoulli') {
      for (let j = 0; j < PIXELS; j++) y[j] = continuousBernoulliMean(params[j]!);
    } else {
      const F = h.features;
      const logits = new Float64Array(256);
      for (let p = 0; p < PIXELS; p++) {
        let max = -Infinity;
        for (let v = 0; v < 256; v++) {
          let s = h.b[v]! + h.pixelBias[p * 256 + v]!;
          for (let f = 0; f < F; f++) s += params[p * F + f]! * h.W[f * 256 + v]!;
          logits[v] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        let mean = 0;
        for (let v = 0; v < 256; v++) {
          const e = Math.exp(logits[v]! - max);
          sum += e;
          mean += e * v;
        }
        y[p] = mean / sum / 255;
      }
    }
  }
}

/** E[x] of a continuous Bernoulli with logit l: sigmoid(l) / tanh(l / 2) - 1 / l, and 1/2 + l/12 near 0. */
export function continuousBernoulliMean(l: number): number {
  if (Math.abs(l) < 0.1) return 0.5 + l / 12;
  return 1 / (1 + Math.exp(-l)) / Math.tanh(l / 2) - 1 / l;
}

function relu(y: Float32Array): void {
  for (let j = 0; j < y.length; j++) if (y[j]! < 0) y[j] = 0;
}

/** y = x W + b, looping input-major so W is read row by row; zero inputs (ReLU's) are skipped. */
function affine(x: Float32Array, l: DenseLayerData, y: Float32Array): void {
  const { W, b, inDim, outDim } = l;
  y.set(b);
  for (let k = 0; k < inDim; k++) {
    const xk = x[k]!;
    if (xk === 0) continue;
    const o = k * outDim;
    for (let j = 0; j < outDim; j++) y[j]! += xk * W[o + j]!;
  }
}

/**
 * Transposed convolution, stride 2, cropped by 1 on every side (PyTorch's ConvTranspose2d with padding
 * 1): x [side, side, in] (HWC) -> [2 side, 2 side, out]. Output pixel (oy, ox) of the uncropped result
 * gathers x[iy, ix] W[oy - 2 iy, ox - 2 ix].
 */
function deconv(x: Float32Array, side: number, l: DeconvLayerData): Float32Array {
  const { k, inChannels: C, outChannels: O, W, b } = l;
  const outSide = 2 * side;
  const y = new Float32Array(outSide * outSide * O);
  for (let p = 0; p < outSide * outSide; p++) y.set(b, p * O);
  for (let iy = 0; iy < side; iy++) {
    for (let ix = 0; ix < side; ix++) {
      const xo = (iy * side + ix) * C;
      for (let ky = 0; ky < k; ky++) {
        const oy = 2 * iy + ky - 1;
        if (oy < 0 || oy >= outSide) continue;
        for (let kx = 0; kx < k; kx++) {
          const ox = 2 * ix + kx - 1;
          if (ox < 0 || ox >= outSide) continue;
          const yo = (oy * outSide + ox) * O;
          const wo = (ky * k + kx) * O * C;
          for (let o = 0; o < O; o++) {
            let s = 0;
            const wr = wo + o * C;
            for (let c = 0; c < C; c++) s += x[xo + c]! * W[wr + c]!;
            y[yo + o]! += s;
          }
        }
      }
    }
  }
  return y;
}
