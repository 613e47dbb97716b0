// The machine's speed right now next to the reference laptop that the time budgets are set for, from
// the shared calibration tool (shared/tools/calibrate.mjs, found in this directory's parents), so that a
// bench can print it and scale its budgets: a budget of T s on the reference machine is T /
// speed_vs_reference s here.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface Calibration {
  bench: 'calibrate';
  when: string;
  ok: boolean;
  speed_vs_reference: number | null;
  gflops?: number;
  reference_gflops?: number;
  error?: string;
}

function findTool(): string | null {
  for (let dir = resolve('.'); ; dir = dirname(dir)) {
    const p = join(dir, 'shared', 'tools', 'calibrate.mjs');
    if (existsSync(p)) return p;
    if (dirname(dir) === dir) return null;
  }
}

export function calibrate(when: string): Calibration {
  const tool = findTool();
  if (!tool)
    return {
      bench: 'calibrate',
      when,
      ok: false,
      speed_vs_reference: null,
      error: 'calibrate.mjs not found',
    };
  try {
    const out = JSON.parse(execFileSync('node', [tool], { encoding: 'utf8' }).trim().split('\n').pop()!);
    return {
      bench: 'calibrate',
      when,
      ok: true,
      speed_vs_reference: out.speed_vs_reference,
      gflops: out.gflops,
      reference_gflops: out.reference_gflops,
    };
  } catch (e) {
    return { bench: 'calibrate', when, ok: false, speed_vs_reference: null, error: String(e) };
  }
}
