// The same-run PyTorch reference for `npm run bench` (issue 14): finds a Python with torch, runs
// scripts/reference/pytorch_vae.py, and measures both sides the same way: ms per step from throughput
// over the same window of steps, cut into chunks, median over the chunks.
import { spawnSync } from 'node:child_process';

/** Steps [FROM, TO) of the first epoch (469 steps at batch 128), in chunks of CHUNK steps. */
export const WINDOW = { from: 50, to: 450, chunk: 50 };

/** A sample of training progress: `steps` steps were done at time `ms`. */
export type ProgressSample = [ms: number, steps: number];

/** Time at which `step` steps were done, interpolated between samples; null outside them. */
function timeAt(samples: ProgressSample[], step: number): number | null {
  for (let i = 1; i < samples.length; i++) {
    const [t0, s0] = samples[i - 1]!;
    const [t1, s1] = samples[i]!;
    if (s0 <= step && step <= s1) return s1 === s0 ? t0 : t0 + ((t1 - t0) * (step - s0)) / (s1 - s0);
  }
  return null;
}

/** Median over the window's chunks of (chunk wall time / chunk steps), ms; null if not covered. */
export function windowedMsPerStep(
  samples: ProgressSample[],
  w = WINDOW,
): { median: number | null; chunks: number[] } {
  const chunks: number[] = [];
  for (let s = w.from; s + w.chunk <= w.to; s += w.chunk) {
    const a = timeAt(samples, s);
    const b = timeAt(samples, s + w.chunk);
    if (a !== null && b !== null) chunks.push((b - a) / w.chunk);
  }
  if (chunks.length < (w.to - w.from) / w.chunk) return { median: null, chunks };
  return { median: median(chunks), chunks };
}

/** The median (the mean of the two middle values for an even count); null for none. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The first of /usr/bin/python3 (Debian's, where apt's python3-torch lands) and PATH's python3 with torch. */
export function findTorchPython(): { python: string | null; tried: string[] } {
  const tried = ['/usr/bin/python3', 'python3'];
  for (const py of tried) {
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore', timeout: 120_000 });
    if (r.status === 0) return { python: py, tried };
  }
  return { python: null, tried };
}

export interface PytorchRun {
  bench: 'pytorch-reference';
  when: 'before' | 'after';
  ok: boolean;
  error?: string;
  torch?: string;
  blas?: string;
  threads?: number;
  ms_per_step_windowed?: number | null;
  epoch_seconds?: number;
  test_loss?: number;
  train_loss?: number;
}

export function runPytorch(python: string, when: 'before' | 'after'): PytorchRun {
  const r = spawnSync(python, ['scripts/reference/pytorch_vae.py', '--epochs', '1'], {
    encoding: 'utf8',
    timeout: 30 * 60_000,
    maxBuffer: 64 << 20,
  });
  const line = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !line) {
    return { bench: 'pytorch-reference', when, ok: false, error: (r.stderr || String(r.error)).slice(-500) };
  }
  const o = JSON.parse(line) as {
    torch: string;
    blas: string;
    threads: number;
    step_end_s: number[];
    epoch_seconds: number;
    test_loss: number;
    train_loss: number;
  };
  const samples: ProgressSample[] = [
    [0, 0],
    ...o.step_end_s.map((t, i): ProgressSample => [t * 1000, i + 1]),
  ];
  const w = windowedMsPerStep(samples);
  return {
    bench: 'pytorch-reference',
    when,
    ok: true,
    torch: o.torch,
    blas: o.blas,
    threads: o.threads,
    ms_per_step_windowed: w.median === null ? null : Number(w.median.toFixed(3)),
    epoch_seconds: o.epoch_seconds,
    test_loss: o.test_loss,
    train_loss: o.train_loss,
  };
}
