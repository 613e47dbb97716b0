import * as tf from '@tensorflow/tfjs';

/**
 * Convolution layers whose gradients every backend can compute. The WASM backend has no
 * Conv2DBackpropFilter kernel, so tfjs's own conv2d / conv2dTranspose gradients fail there. These
 * layers write both gradients with ops WASM does have: the input gradient of a convolution is a
 * transposed convolution with the same filter (and vice versa), and the filter gradient is itself a
 * convolution: with the batch and channel axes swapped, the output gradient slides over the input as a
 * filter dilated by the stride. The transposed convolution is itself built from convolutions, so second
 * derivatives (WGAN-GP's penalty differentiates D's input gradient) never reach the missing kernel.
 * A unit test checks all of it against tfjs's autodiff on the cpu backend.
 *
 * Images are NHWC. Padding is explicit (zeros added before a 'valid' convolution, rows cropped after a
 * transposed one), which keeps the maths of each op simple.
 */

/** A convolution's parameters: W [kh, kw, in, out] (transposed: [kh, kw, out, in]) and bias [out]. */
export interface ConvParams {
  W: tf.Variable;
  b: tf.Variable;
}

type GradArg = tf.Tensor | tf.GradSaveFunc;

/**
 * dL/dW of y = conv_valid(x, W, stride): dW[i, j, c, o] = sum_{n, p, q} x[n, p s + i, q s + j, c] dy[n, p, q, o].
 * With x as [c, H, W, n] and dy as a [p, q, n, o] filter dilated by s, that is one stride-1 convolution.
 */
export function convFilterGrad(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  kh: number,
  kw: number,
  stride: number,
): tf.Tensor4D {
  return tf.tidy(() => {
    const xt = tf.transpose(x, [3, 1, 2, 0]);
    const f = tf.transpose(dy, [1, 2, 0, 3]);
    const r = tf.conv2d(xt, f, 1, 'valid', 'NHWC', stride);
    const c = r.shape[1] === kh && r.shape[2] === kw ? r : tf.slice(r, [0, 0, 0, 0], [-1, kh, kw, -1]);
    return tf.transpose(c, [1, 2, 0, 3]);
  });
}

const convCache = new Map<string, (x: tf.Tensor4D, W: tf.Tensor4D) => tf.Tensor4D>();

/** y = conv2d(x, W, stride, 'valid'), differentiable on every backend. */
export function convValid(x: tf.Tensor4D, W: tf.Tensor4D, stride: number, inputIsData = false): tf.Tensor4D {
  const key = `${stride}/${inputIsData}`;
  let f = convCache.get(key);
  if (!f) {
    f = tf.customGrad((...args: GradArg[]) => {
      const [xx, ww] = args as tf.Tensor4D[];
      (args[2] as tf.GradSaveFunc)([xx!, ww!]);
      return {
        value: tf.conv2d(xx!, ww!, stride, 'valid'),
        gradFunc: (dy, saved) => {
          const [xs, ws] = saved as tf.Tensor4D[];
          const d = dy as tf.Tensor4D;
          const dW = convFilterGrad(xs!, d, ws!.shape[0], ws!.shape[1], stride);
          if (inputIsData) return [tf.zerosLike(xs!), dW];
          return [padTo(convTransposeValid(d, ws!, stride), xs!.shape), dW];
        },
      };
    }) as (x: tf.Tensor4D, W: tf.Tensor4D) => tf.Tensor4D;
    convCache.set(key, f);
  }
  return f(x, W);
}

/**
 * y = conv2dTranspose(x, W, stride, 'valid'): output [n, (h - 1) s + k, (w - 1) s + k, out] for
 * x [n, h, w, in] and W [k, k, out, in], k a multiple of s. Written as ONE stride-1 convolution and an
 * interleave (the "sub-pixel" form), because tfjs's WASM transposed convolution is 5-10x slower than its
 * convolution: output row s t + a only ever meets filter rows a, a + s, a + 2s..., so each of the s x s
 * output phases is an ordinary (k/s x k/s) convolution of x; the phases' filters are stacked along the
 * output channels and the result is shuffled back into place. Built from convValid, reshapes and slices,
 * it is differentiable to any order by autodiff.
 */
export function convTransposeValid(x: tf.Tensor4D, W: tf.Tensor4D, stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const s = stride;
    const [k, , out, inC] = W.shape;
    if (k % s !== 0 || W.shape[1] !== k)
      throw new Error(`transposed conv needs a square kernel divisible by the stride (k ${k}, s ${s})`);
    const m = k / s;
    const n = x.shape[0];
    // Phase (a, b) uses R[s u + (s - 1 - a), s v + (s - 1 - b)], R = W flipped in space, in/out swapped.
    const R = tf.reverse(tf.transpose(W, [0, 1, 3, 2]), [0, 1]);
    // Rank-4 reshapes and slices only: tfjs-wasm slices rank-5 tensors element by element in JS.
    const io = inC * out;
    const phases: tf.Tensor4D[] = [];
    for (let a = 0; a < s; a++) {
      const rows = tf.slice(tf.reshape(R, [m, s, k, io]), [0, s - 1 - a, 0, 0], [m, 1, k, io]);
      const byCol = tf.reshape(rows, [m, m, s, io]);
      for (let b = 0; b < s; b++) {
        phases.push(tf.reshape(tf.slice(byCol, [0, 0, s - 1 - b, 0], [m, m, 1, io]), [m, m, inC, out]));
      }
    }
    const K = phases.length === 1 ? phases[0]! : tf.concat(phases, 3);
    const xp =
      m > 1
        ? tf.pad(x, [
            [0, 0],
            [m - 1, m - 1],
            [m - 1, m - 1],
            [0, 0],
          ])
        : x;
    const y = convValid(xp, K, 1);
    if (s === 1) return y;
    const [, H, Wd] = y.shape;
    // channel (a s + b) out + o at (t, t') goes to (s t + a, s t' + b), channel o.
    const split = tf.transpose(tf.reshape(y, [n * H, Wd, s, s * out]), [0, 2, 1, 3]);
    return tf.reshape(split, [n, H * s, Wd * s, out]);
  });
}

/** Zero-pad rows and columns at the bottom and right up to `shape` (a valid conv may skip the last ones). */
function padTo(t: tf.Tensor4D, shape: readonly number[]): tf.Tensor4D {
  const dh = shape[1]! - t.shape[1];
  const dw = shape[2]! - t.shape[2];
  if (dh === 0 && dw === 0) return t;
  return tf.pad(t, [
    [0, 0],
    [0, dh],
    [0, dw],
    [0, 0],
  ]);
}

/** Convolution with `pad` zeros on every side, then a bias: the usual (k, stride, pad) layer. */
export function conv2dLayer(
  x: tf.Tensor4D,
  p: ConvParams,
  stride: number,
  pad: number,
  inputIsData = false,
): tf.Tensor4D {
  const xp =
    pad > 0
      ? tf.pad(x, [
          [0, 0],
          [pad, pad],
          [pad, pad],
          [0, 0],
        ])
      : x;
  return tf.add(convValid(xp, p.W as tf.Tensor4D, stride, inputIsData), p.b);
}

/**
 * Transposed convolution cropped by `crop` on every side, then a bias (PyTorch's ConvTranspose2d with
 * padding = crop): with k = 4, stride 2, crop 1 it doubles the height and width.
 */
export function convTranspose2dLayer(
  x: tf.Tensor4D,
  p: ConvParams,
  stride: number,
  crop: number,
): tf.Tensor4D {
  const y = convTransposeValid(x, p.W as tf.Tensor4D, stride);
  const c =
    crop > 0 ? tf.slice(y, [0, crop, crop, 0], [-1, y.shape[1] - 2 * crop, y.shape[2] - 2 * crop, -1]) : y;
  return tf.add(c, p.b);
}

/**
 * PyTorch's default conv initialisation (uniform in +/- 1/sqrt(fan_in), fan_in = k * k * in for a
 * convolution and k * k * out for a transposed one, as PyTorch computes it from the weight's shape).
 */
export function initConv(
  k: number,
  inC: number,
  outC: number,
  seed: number,
  name: string,
  transposed = false,
): ConvParams {
  const fanIn = k * k * (transposed ? outC : inC);
  const a = 1 / Math.sqrt(fanIn);
  const shape: [number, number, number, number] = transposed ? [k, k, outC, inC] : [k, k, inC, outC];
  return tf.tidy(() => ({
    W: tf.variable(tf.randomUniform(shape, -a, a, 'float32', seed), true, `${name}/kernel`),
    b: tf.variable(tf.randomUniform([outC], -a, a, 'float32', seed + 1), true, `${name}/bias`),
  }));
}
