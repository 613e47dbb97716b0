/**
 * The VAE's decoder mean, sigmoid(MLP(z)), in plain JavaScript on Float32Arrays. The main thread gets a
 * copy of the decoder's weights once (and again as training moves them) and decodes slider positions
 * itself: one 20-400-784 pass is ~0.3 M multiply-adds, well under a millisecond, with no round trip to
 * the worker and no wait behind a training step. Matches ClassicVae.decodeMean: ReLU hidden layers,
 * sigmoid output, y = x W + b with W stored [in, out] row-major.
 */
export interface DenseLayerData {
  inDim: number;
  outDim: number;
  /** inDim x outDim, row-major. */
  W: Float32Array;
  b: Float32Array;
}

export interface DecoderWeights {
  /** Hidden layers then the output layer, in order. */
  layers: DenseLayerData[];
}

export class JsDecoder {
  private readonly layers: DenseLayerData[];
  private readonly buffers: Float32Array[];

  constructor(weights: DecoderWeights) {
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
    this.buffers = ls.slice(0, -1).map((l) => new Float32Array(l.outDim));
  }

  get latentDim(): number {
    return this.layers[0]!.inDim;
  }

  get outputDim(): number {
    return this.layers[this.layers.length - 1]!.outDim;
  }

  /** Decode n latent vectors (n x latentDim row-major) to n x outputDim intensities in [0, 1]. */
  decode(z: ArrayLike<number>, n = 1, out?: Float32Array): Float32Array {
    const d = this.latentDim;
    const D = this.outputDim;
    if (z.length !== n * d) throw new RangeError(`expected ${n} x ${d} latent values, got ${z.length}`);
    const result = out ?? new Float32Array(n * D);
    if (result.length < n * D)
      throw new RangeError(`output buffer holds ${result.length} values, need ${n * D}`);
    const zRow = new Float32Array(d);
    const last = this.layers.length - 1;
    for (let r = 0; r < n; r++) {
      for (let k = 0; k < d; k++) zRow[k] = z[r * d + k]!;
      let x: Float32Array = zRow;
      for (let li = 0; li <= last; li++) {
        const l = this.layers[li]!;
        const y = li === last ? result.subarray(r * D, (r + 1) * D) : this.buffers[li]!;
        affine(x, l, y);
        if (li === last) for (let j = 0; j < D; j++) y[j] = 1 / (1 + Math.exp(-y[j]!));
        else for (let j = 0; j < l.outDim; j++) if (y[j]! < 0) y[j] = 0;
        x = y;
      }
    }
    return result;
  }
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
