// The helper-thread protocol of the GEMM kernel (src/core/kernels/threads.ts) end to end in Node:
// a shared WebAssembly heap, the shared build of the kernels, a worker_threads helper (started as the
// Node engine starts them) computing part of each product while this thread computes the rest; and the
// Node engine's own helpers, which work on copies because tfjs-wasm's heap is not shared in Node.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HelperPool, controlBytes, type GemmArgs } from '../../src/core/kernels/threads';
import { instantiateKernels, type KernelExports } from '../../src/core/kernels/wasmKernels';
import { kernelState } from '../../src/core/kernels/state';
import { Rng } from '../../src/core/rng';
import { spawnNodeHelper } from '../../src/engine/kernelsNode';
import { wasmWithFastKernels } from './fastKernelsSetup';

const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true });
let k: KernelExports;
let pool: HelperPool;
let top = 1024;
/** Bump allocation in the test heap (16-byte aligned). */
const alloc = (bytes: number) => {
  const p = top;
  top += (bytes + 15) & ~15;
  return p;
};

beforeAll(async () => {
  await wasmWithFastKernels(); // builds the kernels if needed
  const module = await WebAssembly.compile(
    readFileSync(new URL('../../src/core/kernels/build/simd-shared.wasm', import.meta.url)),
  );
  k = await instantiateKernels(module, memory);
  const ctrl = alloc(controlBytes(1));
  spawnNodeHelper({ module, memory, ctrl, index: 0 });
  pool = new HelperPool(memory, ctrl, 1);
  // The helpers start in the background; wait until they are up (the kernels do all the work until then).
  const copies = kernelState.installed!.copyPool!.pool;
  for (let i = 0; i < 600 && !(pool.ready() && copies.ready()); i++)
    await new Promise((r) => setTimeout(r, 100));
});

describe('GEMM split over a helper thread on a shared heap', () => {
  it('the Node engine starts helpers that work on copies of the operands (tfjs-wasm has no threads there)', () => {
    const copies = kernelState.installed!.copyPool!;
    expect(copies.pool.ready()).toBe(true);
    const rng = new Rng(4);
    const [m, kk, n] = [128, 300, 120];
    const a = Float32Array.from({ length: m * kk }, () => rng.normal());
    const b = Float32Array.from({ length: kk * n }, () => rng.normal());
    const before = copies.pool.posted;
    const got = tf.tidy(() =>
      tf.matMul(tf.tensor2d(a, [m, kk]), tf.tensor2d(b, [n, kk]), false, true).dataSync(),
    );
    expect(copies.pool.posted).toBeGreaterThan(before);
    let worst = 0;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        let t = 0;
        for (let q = 0; q < kk; q++) {
          s += a[i * kk + q]! * b[j * kk + q]!;
          t += Math.abs(a[i * kk + q]! * b[j * kk + q]!);
        }
        worst = Math.max(worst, Math.abs(got[i * n + j]! - s) / t);
      }
    expect(worst).toBeLessThan(1e-5);
  });

  it('two halves (rows, then columns) give the float64 product', () => {
    const rng = new Rng(9);
    const [m, kk, n] = [37, 300, 29];
    const heap = () => new Float32Array(memory.buffer);
    const a = alloc(m * kk * 4);
    const b = alloc(kk * n * 4);
    const c = alloc(m * n * 4);
    for (let i = 0; i < m * kk; i++) heap()[a / 4 + i] = rng.normal();
    for (let i = 0; i < kk * n; i++) heap()[b / 4 + i] = rng.normal();
    const ws0 = alloc(k.workspaceBytes(m));
    const ws1 = alloc(k.workspaceBytes(m));
    for (const split of ['rows', 'cols'] as const) {
      heap().fill(Number.NaN, c / 4, c / 4 + m * n);
      const cut = split === 'rows' ? 20 : 16;
      const args = (lo: number, hi: number, ws: number): GemmArgs =>
        split === 'rows'
          ? [a, b, c, n, kk, kk, 1, n, 1, lo, hi, 0, n, ws]
          : [a, b, c, n, kk, kk, 1, n, 1, 0, m, lo, hi, ws];
      pool.post(0, args(cut, split === 'rows' ? m : n, ws1));
      k.gemm(...args(0, cut, ws0));
      pool.wait(0);
      const h = heap();
      let worst = 0;
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          let t = 0;
          for (let q = 0; q < kk; q++) {
            const x = h[a / 4 + i * kk + q]! * h[b / 4 + q * n + j]!;
            s += x;
            t += Math.abs(x);
          }
          worst = Math.max(worst, Math.abs(h[c / 4 + i * n + j]! - s) / t);
        }
      expect(worst).toBeLessThan(1e-5); // NaN (a part nobody computed) fails this too
    }
  });

  it('a helper that does not answer gives an error, not a hang', () => {
    const ctrl = alloc(controlBytes(1));
    const lonely = new HelperPool(memory, ctrl, 1);
    lonely.post(0, [0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0]);
    expect(() => lonely.wait(0, 300)).toThrow(/stopped answering/);
  });
});
