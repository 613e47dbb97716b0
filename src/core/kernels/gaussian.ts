/**
 * The Gaussian posterior's small elementwise steps as one kernel each way, on the fast kernels'
 * backend: the log-variance clamp, the reparameterisation z = mu + exp(logVar / 2) * eps, the KL to
 * N(0, I) per dimension, 1/2 (exp(logVar) + mu^2 - 1 - logVar), and the classic objective's batch means
 * built on it (recon, KL, loss = recon + beta KL). Each is 4-15 tfjs ops forward and more backward on
 * [batch, d] tensors too small for the ops' work to matter, only their dispatch. First-order gradients
 * only (the VAE's; nothing differentiates through them twice). Plain loops over the heap, in float64.
 * The reference for each is the tfjs code that runs where the fast kernels are off (src/core/gaussian.ts,
 * src/core/vae/objective.ts); unit tests hold both to the closed forms.
 */
import * as tf from '@tensorflow/tfjs';
import { fastKernelCalls, fastKernelsActive, ptr, usable, type Installed, type KernelArgs } from './state';

export const REPARAM = 'LatentLabReparam';
const REPARAM_GRAD = 'LatentLabReparamGrad';
export const STANDARD_KL = 'LatentLabStandardKl';
const STANDARD_KL_GRAD = 'LatentLabStandardKlGrad';
export const ELBO_MEANS = 'LatentLabStandardElboMeans';
const ELBO_MEANS_GRAD = 'LatentLabStandardElboMeansGrad';
export const CLAMP = 'LatentLabClamp';
const CLAMP_GRAD = 'LatentLabClampGrad';

function installed(args: KernelArgs, name: string): Installed {
  const s = usable(args.backend);
  if (!s) throw new Error(`${name} runs only on the WASM backend with fast kernels on`);
  return s;
}

/** Float32 views of tensors in the heap (made after every output is allocated: the heap may grow). */
const views = (s: Installed, ts: tf.TensorInfo[]) =>
  ts.map((t) => new Float32Array(s.memory.buffer, ptr(s, t), tf.util.sizeFromShape(t.shape)));

function reparam(args: KernelArgs): tf.TensorInfo {
  const s = installed(args, REPARAM);
  const { mu, logVar, eps } = args.inputs as Record<'mu' | 'logVar' | 'eps', tf.TensorInfo>;
  fastKernelCalls.gaussian++;
  const out = s.backend.makeOutput(mu.shape, 'float32');
  const [m, lv, e, z] = views(s, [mu, logVar, eps, out]);
  for (let i = 0; i < z!.length; i++) z![i] = m![i]! + Math.exp(0.5 * lv![i]!) * e![i]!;
  return out;
}

/** d z / d logVar = eps * exp(logVar / 2) / 2, times dz. */
function reparamGrad(args: KernelArgs): tf.TensorInfo {
  const s = installed(args, REPARAM_GRAD);
  const { logVar, eps, dy } = args.inputs as Record<'logVar' | 'eps' | 'dy', tf.TensorInfo>;
  const out = s.backend.makeOutput(logVar.shape, 'float32');
  const [lv, e, d, g] = views(s, [logVar, eps, dy, out]);
  for (let i = 0; i < g!.length; i++) g![i] = d![i]! * e![i]! * 0.5 * Math.exp(0.5 * lv![i]!);
  return out;
}

/** One element of KL( N(m, e^v) || N(0, 1) ) and its derivative in v (in m it is m). */
const klElem = (m: number, v: number) => 0.5 * (Math.exp(v) + m * m - 1 - v);
const klElemDv = (v: number) => 0.5 * (Math.exp(v) - 1);

function standardKl(args: KernelArgs): tf.TensorInfo {
  const s = installed(args, STANDARD_KL);
  const { mu, logVar } = args.inputs as Record<'mu' | 'logVar', tf.TensorInfo>;
  fastKernelCalls.gaussian++;
  const out = s.backend.makeOutput(mu.shape, 'float32');
  const [m, lv, k] = views(s, [mu, logVar, out]);
  for (let i = 0; i < k!.length; i++) k![i] = klElem(m![i]!, lv![i]!);
  return out;
}

/** d KL / d mu = mu and d KL / d logVar = (exp(logVar) - 1) / 2, times dKL. */
function standardKlGrad(args: KernelArgs): tf.TensorInfo[] {
  const s = installed(args, STANDARD_KL_GRAD);
  const { mu, logVar, dy } = args.inputs as Record<'mu' | 'logVar' | 'dy', tf.TensorInfo>;
  const dMu = s.backend.makeOutput(mu.shape, 'float32');
  const dLv = s.backend.makeOutput(mu.shape, 'float32');
  const [m, lv, d, gm, gl] = views(s, [mu, logVar, dy, dMu, dLv]);
  for (let i = 0; i < gm!.length; i++) {
    gm![i] = d![i]! * m![i]!;
    gl![i] = d![i]! * klElemDv(lv![i]!);
  }
  return [dMu, dLv];
}

interface ElboMeansAttrs {
  beta: number;
}

/**
 * The classic objective's batch means with the N(0, I) prior, as one kernel: recon = -mean(logLik),
 * kl = (1 / rows of mu) sum_ij (exp(lv) + mu^2 - 1 - lv) / 2, loss = recon + beta kl. Outputs [loss,
 * recon, kl], scalars.
 */
function elboMeans(args: KernelArgs): tf.TensorInfo[] {
  const s = installed(args, ELBO_MEANS);
  const { logLik, mu, logVar } = args.inputs as Record<'logLik' | 'mu' | 'logVar', tf.TensorInfo>;
  const { beta } = args.attrs as unknown as ElboMeansAttrs;
  fastKernelCalls.gaussian++;
  const outs = [0, 1, 2].map(() => s.backend.makeOutput([], 'float32'));
  const [ll, m, lv, loss, recon, kl] = views(s, [logLik, mu, logVar, ...outs]);
  let r = 0;
  for (let i = 0; i < ll!.length; i++) r -= ll![i]!;
  r /= ll!.length;
  let k = 0;
  for (let i = 0; i < m!.length; i++) k += klElem(m![i]!, lv![i]!);
  k /= mu.shape[0]!;
  recon![0] = r;
  kl![0] = k;
  loss![0] = r + beta * k;
  return outs;
}

/** Gradients of the three means given their upstream scalars (a missing one counts as 0). */
function elboMeansGrad(args: KernelArgs): tf.TensorInfo[] {
  const s = installed(args, ELBO_MEANS_GRAD);
  const { logLik, mu, logVar } = args.inputs as Record<'logLik' | 'mu' | 'logVar', tf.TensorInfo>;
  const { beta, dy } = args.attrs as unknown as ElboMeansAttrs & { dy: number[] };
  const dLl = s.backend.makeOutput(logLik.shape, 'float32');
  const dMu = s.backend.makeOutput(mu.shape, 'float32');
  const dLv = s.backend.makeOutput(mu.shape, 'float32');
  const [m, lv, gll, gm, gl] = views(s, [mu, logVar, dLl, dMu, dLv]);
  // dy = [dLoss, dRecon, dKl]: loss = recon + beta kl.
  const cr = -(dy[0]! + dy[1]!) / gll!.length;
  const ck = (beta * dy[0]! + dy[2]!) / mu.shape[0]!;
  gll!.fill(cr);
  for (let i = 0; i < gm!.length; i++) {
    gm![i] = ck * m![i]!;
    gl![i] = ck * klElemDv(lv![i]!);
  }
  return [dLl, dMu, dLv];
}

interface ClampAttrs {
  lo: number;
  hi: number;
}

/** min(max(x, lo), hi): the log-variance clamp, one kernel instead of tfjs's clip. */
function clamp(args: KernelArgs): tf.TensorInfo {
  const s = installed(args, CLAMP);
  const { x } = args.inputs as Record<'x', tf.TensorInfo>;
  const { lo, hi } = args.attrs as unknown as ClampAttrs;
  fastKernelCalls.gaussian++;
  const out = s.backend.makeOutput(x.shape, 'float32');
  const [v, y] = views(s, [x, out]);
  for (let i = 0; i < y!.length; i++) y![i] = Math.min(Math.max(v![i]!, lo), hi);
  return out;
}

/** dy where lo <= x <= hi, else 0 (tfjs's clip gradient: five kernels). */
function clampGrad(args: KernelArgs): tf.TensorInfo {
  const s = installed(args, CLAMP_GRAD);
  const { x, dy } = args.inputs as Record<'x' | 'dy', tf.TensorInfo>;
  const { lo, hi } = args.attrs as unknown as ClampAttrs;
  const out = s.backend.makeOutput(x.shape, 'float32');
  const [v, d, g] = views(s, [x, dy, out]);
  for (let i = 0; i < g!.length; i++) g![i] = v![i]! >= lo && v![i]! <= hi ? d![i]! : 0;
  return out;
}

export function registerGaussianKernels(): void {
  const kernel = (kernelName: string, f: unknown) =>
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: f as tf.KernelFunc });
  kernel(REPARAM, reparam);
  kernel(REPARAM_GRAD, reparamGrad);
  kernel(STANDARD_KL, standardKl);
  kernel(STANDARD_KL_GRAD, standardKlGrad);
  kernel(ELBO_MEANS, elboMeans);
  kernel(ELBO_MEANS_GRAD, elboMeansGrad);
  tf.registerGradient({
    kernelName: ELBO_MEANS,
    inputsToSave: ['logLik', 'mu', 'logVar'],
    gradFunc: (dys, saved, attrs) => {
      const [logLik, mu, logVar] = saved as tf.Tensor[];
      // The upstream scalars, read back (the WASM heap: no GPU sync); null: not on the gradient's path.
      const dy = (dys as (tf.Tensor | null)[]).map((t) => (t ? t.dataSync()[0]! : 0));
      const [dLl, dMu, dLv] = tf
        .engine()
        .runKernel(ELBO_MEANS_GRAD, { logLik: logLik!, mu: mu!, logVar: logVar! }, {
          ...attrs,
          dy,
        } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      return { logLik: () => dLl!, mu: () => dMu!, logVar: () => dLv! };
    },
  });
  kernel(CLAMP, clamp);
  kernel(CLAMP_GRAD, clampGrad);
  tf.registerGradient({
    kernelName: CLAMP,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as tf.Tensor[];
      return {
        x: () => tf.engine().runKernel(CLAMP_GRAD, { x: x!, dy: dy as tf.Tensor }, attrs) as tf.Tensor,
      };
    },
  });
  tf.registerGradient({
    kernelName: REPARAM,
    inputsToSave: ['logVar', 'eps'],
    gradFunc: (dy, saved) => {
      const [logVar, eps] = saved as tf.Tensor[];
      const d = dy as tf.Tensor;
      return {
        mu: () => d,
        logVar: () => tf.engine().runKernel(REPARAM_GRAD, { logVar: logVar!, eps: eps!, dy: d }) as tf.Tensor,
        eps: () => tf.mul(d, tf.exp(tf.mul(0.5, logVar!))),
      };
    },
  });
  tf.registerGradient({
    kernelName: STANDARD_KL,
    inputsToSave: ['mu', 'logVar'],
    gradFunc: (dy, saved) => {
      const [mu, logVar] = saved as tf.Tensor[];
      const [dMu, dLv] = tf.engine().runKernel(STANDARD_KL_GRAD, {
        mu: mu!,
        logVar: logVar!,
        dy: dy as tf.Tensor,
      }) as tf.Tensor[];
      return { mu: () => dMu!, logVar: () => dLv! };
    },
  });
}

/** True when the tensors can go through these kernels: fast kernels running, all of one shape. */
export function gaussianKernelsApply(...ts: tf.Tensor[]): boolean {
  return fastKernelsActive() && ts.every((t) => tf.util.arraysEqual(t.shape, ts[0]!.shape));
}

/** z = mu + exp(logVar / 2) * eps, all [n, d]. Fast kernels only. */
export function reparamFast(mu: tf.Tensor2D, logVar: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor2D {
  return tf.engine().runKernel(REPARAM, { mu, logVar, eps }) as tf.Tensor2D;
}

/** KL( N(mu, diag exp(logVar)) || N(0, I) ) per dimension, [n, d]. Fast kernels only. */
export function standardKlFast(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor2D {
  return tf.engine().runKernel(STANDARD_KL, { mu, logVar }) as tf.Tensor2D;
}

/**
 * [loss, recon, kl] of the classic objective with the N(0, I) prior (see elboMeans above): logLik [k n],
 * mu and logVar [n, d]. Fast kernels only.
 */
export function standardElboMeansFast(
  logLik: tf.Tensor1D,
  mu: tf.Tensor2D,
  logVar: tf.Tensor2D,
  beta: number,
): [tf.Scalar, tf.Scalar, tf.Scalar] {
  const attrs = { beta } as unknown as tf.NamedAttrMap;
  return tf.engine().runKernel(ELBO_MEANS, { logLik, mu, logVar }, attrs) as unknown as [
    tf.Scalar,
    tf.Scalar,
    tf.Scalar,
  ];
}

/** min(max(x, lo), hi) with tfjs's clip gradient (dy inside [lo, hi], 0 outside). Fast kernels only. */
export function clampFast<T extends tf.Tensor>(x: T, lo: number, hi: number): T {
  return tf.engine().runKernel(CLAMP, { x }, { lo, hi } as unknown as tf.NamedAttrMap) as T;
}
