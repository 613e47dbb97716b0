import * as tf from '@tensorflow/tfjs';

/** Images as floats in [0, 1] (n x dim row-major) from bytes. */
export function bytesToUnit(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 255;
  return out;
}

/** Per-column mean (float64) of n x dim row-major data. */
export function columnMean(x: ArrayLike<number>, n: number, dim: number): Float64Array {
  const m = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) m[k] = m[k]! + x[i * dim + k]!;
  for (let k = 0; k < dim; k++) m[k] = m[k]! / n;
  return m;
}

/** x minus the column mean, in place. */
export function centre(x: Float32Array, n: number, dim: number, mean: ArrayLike<number>): Float32Array {
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) x[i * dim + k] = x[i * dim + k]! - mean[k]!;
  return x;
}

/**
 * S = (1/n) X^T X of centred data X (n x dim), by tfjs matMuls over chunks of 256 rows (float32 within a
 * chunk, float64 across chunks, so rounding does not grow with n). dim x dim row-major, exactly symmetric.
 */
export function covarianceOfCentred(x: Float32Array, n: number, dim: number, chunk = 256): Float64Array {
  const s = new Float64Array(dim * dim);
  for (let from = 0; from < n; from += chunk) {
    const rows = Math.min(chunk, n - from);
    const part = tf.tidy(() => {
      const xc = tf.tensor2d(x.subarray(from * dim, (from + rows) * dim), [rows, dim]);
      // An explicit transpose: the WASM matMul with transposeA is many times slower than a plain one.
      return tf.matMul(tf.transpose(xc), xc);
    });
    const v = part.dataSync();
    part.dispose();
    for (let i = 0; i < dim * dim; i++) s[i] = s[i]! + v[i]!;
  }
  for (let a = 0; a < dim; a++)
    for (let b = a; b < dim; b++) {
      const c = (s[a * dim + b]! + s[b * dim + a]!) / (2 * n);
      s[a * dim + b] = c;
      s[b * dim + a] = c;
    }
  return s;
}
