// npx tsx scripts/benchGemm.ts [--seconds S] [--threads T] [--compare DIR] [--skip-pytorch]
// GFLOP/s of the GEMMs of one classic VAE training step (batch 128, 784-400-20 MLP; forward products and
// the backward ones autodiff runs, with transposed operands), issue 14: the fast WASM kernel (on T
// threads through tf.matMul, default 2, as the CLI runs it; and on one thread, called directly), tfjs-wasm's
// own kernels (one thread in Node; a transposed operand transposed explicitly first, as the ?fast=0 path
// does) and torch.mm on 1 and T threads (scripts/reference/gemm_shapes.py). --compare DIR also times,
// on one thread, the kernel build in DIR (e.g. a copy of src/core/kernels/build from an older commit),
// interleaved with the current one so that both see the same load. One JSON line per shape, then the
// totals for one step with the issue's target (step ratio to PyTorch <= 2.0) next to them.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ChunkPool, chunkControlBytes, COLS, ROWS, type ChunkJob } from '../src/core/kernels/chunks';
import { installFastKernels, setFastKernelsEnabled } from '../src/core/kernels/fastKernels';
import { kernelState, ptr, scratch } from '../src/core/kernels/state';
import { instantiateKernels, type KernelExports } from '../src/core/kernels/wasmKernels';
import { nodeKernelOptions, spawnNodeHelper } from '../src/engine/kernelsNode';
import { findTorchPython } from './benchReference';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const SECONDS = Number(flag('seconds', '0.4'));
const THREADS = Number(flag('threads', '2'));
const COMPARE = flag('compare', '');

const TARGETS = { step_ratio_to_pytorch_max: 2.0, goal: 1.0 };

/** [label, m, k, n, transposeA, transposeB, times per step] */
type Shape = [string, number, number, number, boolean, boolean, number];
const SHAPES: Shape[] = [
  ['fwd encoder 784->400', 128, 784, 400, false, false, 1],
  ['fwd mu, logvar 400->20', 128, 400, 20, false, false, 2],
  ['fwd decoder 20->400', 128, 20, 400, false, false, 1],
  ['fwd decoder 400->784', 128, 400, 784, false, false, 1],
  ['bwd dW decoder 400->784', 400, 128, 784, true, false, 1],
  ['bwd dx decoder 400->784', 128, 784, 400, false, true, 1],
  ['bwd dW decoder 20->400', 20, 128, 400, true, false, 1],
  ['bwd dz decoder 20->400', 128, 400, 20, false, true, 1],
  ['bwd dW mu, logvar', 400, 128, 20, true, false, 2],
  ['bwd dh mu, logvar', 128, 20, 400, false, true, 2],
  ['bwd dW encoder 784->400', 784, 128, 400, true, false, 1],
];

const round = (x: number | null | undefined, d = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(d));

/** Repetitions of f that take about 3 ms. */
function calibrateReps(f: () => void): number {
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) f();
    if (performance.now() - t0 > 3 || reps > 1 << 16) return reps;
    reps *= 2;
  }
}

/**
 * Best ms per call of each function over interleaved rounds of about 3 ms (each round times every
 * function once), so that all see the same load: on a machine shared with other work the best round is
 * the one least interrupted, the closest to what the kernel itself does.
 */
function timeInterleaved(fs: Record<string, () => void>): Record<string, number> {
  const names = Object.keys(fs);
  const reps = Object.fromEntries(names.map((n) => [n, calibrateReps(fs[n]!)]));
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const end = performance.now() + SECONDS * 1000 * names.length;
  while (performance.now() < end || samples[names[0]!]!.length < 5) {
    for (const n of names) {
      const t0 = performance.now();
      for (let i = 0; i < reps[n]!; i++) fs[n]!();
      samples[n]!.push((performance.now() - t0) / reps[n]!);
    }
  }
  return Object.fromEntries(
    names.map((n) => {
      const s = samples[n]!.sort((a, b) => a - b);
      return [n, s[0]!];
    }),
  );
}

/**
 * The browser's threaded path in Node: a shared heap with the shared build, T - 1 helper threads that
 * claim chunks of a product from a counter (src/core/kernels/chunks.ts), as in the engine worker. Times
 * both ways of cutting a product: chunks of columns over A packed once, and chunks of rows.
 */
async function chunkSetup(variant: string) {
  const memory = new WebAssembly.Memory({ initial: 512, maximum: 65536, shared: true });
  const module = await WebAssembly.compile(
    await readFile(
      join(import.meta.dirname, '..', 'src', 'core', 'kernels', 'build', `${variant}-shared.wasm`),
    ),
  );
  const k = await instantiateKernels(module, memory);
  let top = 1024;
  const alloc = (bytes: number) => {
    const p = top;
    top += (bytes + 63) & ~63;
    return p;
  };
  const helpers = THREADS - 1;
  const ctrl = alloc(chunkControlBytes(helpers));
  for (let i = 0; i < helpers; i++) spawnNodeHelper({ module, memory, ctrl, index: i, kind: 'chunks' });
  const pool = new ChunkPool(memory, ctrl, helpers);
  for (let i = 0; i < 600 && !pool.ready(); i++) await new Promise((r) => setTimeout(r, 100));
  const heapTop = top;
  /** A product of this shape in the shared heap; returns a runner per mode. */
  const prepare = (m: number, kk: number, n: number, ta: boolean, tb: boolean) => {
    top = heapTop;
    const a = alloc(m * kk * 4);
    const b = alloc(kk * n * 4);
    const c = alloc(m * n * 4);
    const f = new Float32Array(memory.buffer);
    for (let i = 0; i < m * kk; i++) f[a / 4 + i] = Math.sin(i);
    for (let i = 0; i < kk * n; i++) f[b / 4 + i] = Math.cos(i);
    const [ars, aks, bks, bjs] = [ta ? 1 : kk, ta ? m : 1, tb ? 1 : n, tb ? kk : 1];
    const run = (mode: typeof COLS | typeof ROWS) => {
      const threads = 1 + helpers;
      const unit = mode === COLS ? 8 : 4;
      const len = mode === COLS ? n : m;
      const chunk = Math.max(2 * unit, Math.ceil(len / (threads * 3) / unit) * unit);
      const wsBytes = mode === COLS ? k.workspaceBytes(0, kk) : k.workspaceBytes(chunk, kk);
      const ws = Array.from({ length: threads }, () => alloc(wsBytes));
      const ap = mode === COLS ? alloc(k.packedBytes(m, kk)) : 0;
      const need = Math.ceil(top / 65536) - memory.buffer.byteLength / 65536;
      if (need > 0) memory.grow(need);
      const job: ChunkJob = {
        mode,
        a,
        b,
        c,
        n,
        k: kk,
        ars,
        aks,
        bks,
        bjs,
        m,
        chunk,
        nChunks: Math.ceil(len / chunk),
        ap,
      };
      return () => {
        if (mode === COLS) k.packRows(a, ars, aks, 0, m, kk, ap);
        pool.run(k, job, ws[0]!, ws.slice(1));
      };
    };
    return { cols: run(COLS), rows: run(ROWS) };
  };
  return { prepare };
}

function torchGflops(): Map<string, number> | string {
  if (args.includes('--skip-pytorch')) return '--skip-pytorch';
  const { python, tried } = findTorchPython();
  if (!python) return `PyTorch not found (tried ${tried.join(', ')})`;
  const shapes = SHAPES.map(([, m, k, n, ta, tb]) => [m, k, n, ta, tb]);
  const r = spawnSync(
    python,
    [
      join(import.meta.dirname, 'reference', 'gemm_shapes.py'),
      '--threads',
      `1,${THREADS}`,
      '--seconds',
      `${SECONDS}`,
    ],
    { input: JSON.stringify(shapes), encoding: 'utf8', timeout: 600_000 },
  );
  if (r.status !== 0) return `gemm_shapes.py failed: ${r.stderr}`;
  const out = new Map<string, number>();
  for (const line of r.stdout.trim().split('\n')) {
    const o = JSON.parse(line) as {
      m: number;
      k: number;
      n: number;
      ta: boolean;
      tb: boolean;
      threads: number;
      gflops: number;
    };
    out.set(`${o.m},${o.k},${o.n},${o.ta},${o.tb},${o.threads}`, o.gflops);
  }
  return out;
}

async function main() {
  await tf.setBackend('wasm');
  await tf.ready();
  const what = await installFastKernels(await nodeKernelOptions(THREADS));
  const s = kernelState.installed!;
  let old: KernelExports | null = null;
  if (COMPARE) {
    const file = s.variant.startsWith('relaxed') ? 'relaxed.wasm' : 'simd.wasm';
    const module = await WebAssembly.compile(await readFile(join(COMPARE, file)));
    old = await instantiateKernels(module, s.memory);
  }
  const chunks = THREADS > 1 ? await chunkSetup(s.variant.startsWith('relaxed') ? 'relaxed' : 'simd') : null;
  // PyTorch first, while this process is idle (its helper threads wait on a futex).
  const torch = torchGflops();
  console.log(
    JSON.stringify({
      bench: 'gemm-setup',
      fast_kernels: what,
      variant: s.variant,
      threads: THREADS,
      compare: COMPARE || null,
      pytorch: typeof torch === 'string' ? torch : 'ok',
      load_average_1m: Number(loadavg()[0]!.toFixed(2)),
    }),
  );
  const totals: Record<string, number> = {};
  const add = (name: string, ms: number | null | undefined, times: number) => {
    if (ms === null || ms === undefined) return;
    totals[name] = (totals[name] ?? 0) + ms * times;
  };
  for (const [label, m, k, n, ta, tb, times] of SHAPES) {
    const a = tf.randomNormal(ta ? [k, m] : [m, k], 0, 1, 'float32', 1) as tf.Tensor2D;
    const b = tf.randomNormal(tb ? [n, k] : [k, n], 0, 1, 'float32', 2) as tf.Tensor2D;
    const c = tf.zeros([m, n]);
    const strides = [ta ? 1 : k, ta ? m : 1, tb ? 1 : n, tb ? k : 1] as const;
    const direct = (kx: KernelExports) => () =>
      kx.gemm(
        ptr(s, a),
        ptr(s, b),
        ptr(s, c),
        n,
        k,
        ...strides,
        0,
        m,
        0,
        n,
        scratch(s, 0, kx.workspaceBytes(m, k)),
      );
    const fs: Record<string, () => void> = {
      fast: () => {
        setFastKernelsEnabled(true);
        tf.matMul(a, b, ta, tb).dispose();
      },
      fast_1t: direct(s.k),
      tfjs_wasm: () => {
        setFastKernelsEnabled(false);
        tf.tidy(() => tf.matMul(ta ? tf.transpose(a) : a, tb ? tf.transpose(b) : b));
        setFastKernelsEnabled(true);
      },
    };
    if (old) fs.old_1t = direct(old);
    if (chunks) {
      const p = chunks.prepare(m, k, n, ta, tb);
      fs.chunks_cols = p.cols;
      fs.chunks_rows = p.rows;
    }
    const ms = timeInterleaved(fs);
    const flop = 2 * m * k * n;
    const gf = (t: number | undefined) => (t ? flop / t / 1e6 : null);
    const t1 = typeof torch === 'string' ? undefined : torch.get(`${m},${k},${n},${ta},${tb},1`);
    const tT = typeof torch === 'string' ? undefined : torch.get(`${m},${k},${n},${ta},${tb},${THREADS}`);
    const torchMs = (g: number | undefined) => (g ? flop / g / 1e6 : null);
    for (const [name, t] of Object.entries(ms)) add(name, t, times);
    add('torch_1t', torchMs(t1), times);
    add(`torch_${THREADS}t`, torchMs(tT), times);
    console.log(
      JSON.stringify({
        bench: 'gemm',
        shape: `${ta ? `(${k}x${m})^T` : `${m}x${k}`} . ${tb ? `(${n}x${k})^T` : `${k}x${n}`}`,
        label,
        m,
        k,
        n,
        transpose_a: ta,
        transpose_b: tb,
        per_step: times,
        gflops: {
          [`fast_${THREADS}t`]: round(gf(ms.fast)),
          fast_1t: round(gf(ms.fast_1t)),
          ...(old ? { old_1t: round(gf(ms.old_1t)) } : {}),
          ...(chunks
            ? {
                [`chunks_cols_${THREADS}t`]: round(gf(ms.chunks_cols)),
                [`chunks_rows_${THREADS}t`]: round(gf(ms.chunks_rows)),
              }
            : {}),
          tfjs_wasm_1t: round(gf(ms.tfjs_wasm)),
          torch_1t: round(t1),
          [`torch_${THREADS}t`]: round(tT),
        },
      }),
    );
    tf.dispose([a, b, c]);
  }
  const fastT = totals.fast!;
  const torchT = totals[`torch_${THREADS}t`];
  console.log(
    JSON.stringify({
      bench: 'gemm-step-total',
      note: 'ms for the GEMMs of one classic VAE step (sum over the shapes above)',
      ms: Object.fromEntries(
        Object.entries(totals).map(([k, v]) => [k === 'fast' ? `fast_${THREADS}t` : k, round(v, 2)]),
      ),
      gemm_ratio_fast_to_torch: torchT ? round(fastT / torchT, 2) : null,
      ...(old ? { speedup_1t_vs_compare: round(totals.old_1t! / totals.fast_1t!, 2) } : {}),
      targets: TARGETS,
    }),
  );
  process.exit(0);
}

void main();
