import * as tf from '@tensorflow/tfjs';
import type { Experiment } from './experiment';

/** Where a kernel's time goes, for `npm run bench -- --profile`. */
export type KernelCategory = 'gemm' | 'elementwise' | 'reduce' | 'transpose' | 'optimizer' | 'other';

export interface StepProfile {
  steps: number;
  backend: string;
  /** Sum of kernel times per step (tf.profile), ms; the rest of a step is JS and tape bookkeeping. */
  kernel_ms_per_step: number;
  /** Wall time per profiled step, ms (profiling adds a little). */
  wall_ms_per_step: number;
  kernels_per_step: number;
  by_category_ms: Record<KernelCategory, number>;
  top: { kernel: string; shapes: string; category: KernelCategory; ms: number; calls: number }[];
}

const GEMM = new Set(['BatchMatMul', '_FusedMatMul', 'LatentLabDense']);
const REDUCE = new Set(['Sum', 'Mean', 'Max', 'Min', 'Prod', 'ArgMax', 'ArgMin', 'All', 'Any']);
const OTHER = new Set(['Identity', 'Reshape', 'Cast', 'Fill', 'ZerosLike', 'OnesLike', 'Pack', 'Concat']);

function category(name: string, inOptimizer: boolean): KernelCategory {
  if (inOptimizer) return 'optimizer';
  if (GEMM.has(name)) return 'gemm';
  if (name === 'Transpose') return 'transpose';
  if (REDUCE.has(name)) return 'reduce';
  if (OTHER.has(name)) return 'other';
  return 'elementwise';
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

interface ActiveProfile {
  kernels: unknown[];
}

/**
 * Profile `steps` training steps of a running experiment with tf.profile and report, per step, the
 * top kernels and the time by category. Kernels run inside an optimizer's applyGradients count as
 * "optimizer" whatever they are (Adam as ~10 elementwise ops, or one fused kernel).
 */
export async function profileSteps(exp: Experiment, steps = 10, top = 15): Promise<StepProfile> {
  // Mark which kernels the optimizer runs: wrap applyGradients for the duration of the profile.
  const ranges: [number, number][] = [];
  const engineState = () => (tf.engine() as unknown as { state: { activeProfile: ActiveProfile } }).state;
  const proto = tf.Optimizer.prototype as unknown as { minimize: tf.Optimizer['minimize'] };
  const minimize = proto.minimize;
  proto.minimize = function (this: tf.Optimizer, ...args: Parameters<tf.Optimizer['minimize']>) {
    const self = this as unknown as { applyGradients: tf.Optimizer['applyGradients'] };
    const apply = self.applyGradients;
    self.applyGradients = (g) => {
      const from = engineState().activeProfile.kernels.length;
      apply.call(this, g);
      ranges.push([from, engineState().activeProfile.kernels.length]);
    };
    try {
      return minimize.apply(this, args);
    } finally {
      delete (self as Partial<typeof self>).applyGradients;
    }
  };
  let wall = 0;
  let info: Awaited<ReturnType<typeof tf.profile>>;
  try {
    info = await tf.profile(async () => {
      const t0 = performance.now();
      for (let i = 0; i < steps; i++) {
        const out = exp.step();
        await out.metrics.data();
        out.metrics.dispose();
      }
      wall = performance.now() - t0;
    });
  } finally {
    proto.minimize = minimize;
  }
  const inOptimizer = (i: number) => ranges.some(([a, b]) => i >= a && i < b);
  const byCategory: Record<KernelCategory, number> = {
    gemm: 0,
    elementwise: 0,
    reduce: 0,
    transpose: 0,
    optimizer: 0,
    other: 0,
  };
  const rows = new Map<
    string,
    { kernel: string; shapes: string; category: KernelCategory; ms: number; calls: number }
  >();
  let total = 0;
  let count = 0;
  info.kernels.forEach((k, i) => {
    // Scopes (customGrad bodies) time the kernels inside them again; count kernels only.
    if (k.name === 'unnamed scope' || !tf.getKernel(k.name, tf.getBackend())) return;
    const ms = Number(k.kernelTimeMs) || 0;
    const cat = category(k.name, inOptimizer(i));
    const shapes = JSON.stringify(k.inputShapes);
    const key = `${cat} ${k.name} ${shapes}`;
    const row = rows.get(key) ?? { kernel: k.name, shapes, category: cat, ms: 0, calls: 0 };
    row.ms += ms;
    row.calls++;
    rows.set(key, row);
    byCategory[cat] += ms;
    total += ms;
    count++;
  });
  const per = (x: number) => r3(x / steps);
  return {
    steps,
    backend: tf.getBackend(),
    kernel_ms_per_step: per(total),
    wall_ms_per_step: per(wall),
    kernels_per_step: Math.round(count / steps),
    by_category_ms: Object.fromEntries(Object.entries(byCategory).map(([c, ms]) => [c, per(ms)])) as Record<
      KernelCategory,
      number
    >,
    top: [...rows.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((r) => ({ ...r, ms: per(r.ms), calls: r.calls / steps })),
  };
}
