/**
 * Where the training loop's wall time goes between two readings (the bench's `--profile`): the steps
 * themselves, reading metrics back, snapshots, checkpoints, epoch evaluations, and the yields between
 * steps (during which queries from the page and other messages run).
 */
export type LoopPhase = 'step' | 'flush' | 'snapshot' | 'checkpoint' | 'epoch' | 'yield';

const PHASES: LoopPhase[] = ['step', 'flush', 'snapshot', 'checkpoint', 'epoch', 'yield'];

export class LoopStats {
  private ms = new Map<LoopPhase, number>();
  private calls = new Map<LoopPhase, number>();
  private steps = 0;
  /** Start of the first and end of the last phase timed since the last reset (idle time outside is not the loop's). */
  private first: number | null = null;
  private last = 0;

  add(phase: LoopPhase, ms: number): void {
    const now = performance.now();
    this.first ??= now - ms;
    this.last = now;
    this.ms.set(phase, (this.ms.get(phase) ?? 0) + ms);
    this.calls.set(phase, (this.calls.get(phase) ?? 0) + 1);
    if (phase === 'step') this.steps++;
  }

  /** Time `f` (sync or async) as `phase`. */
  async time<T>(phase: LoopPhase, f: () => Promise<T> | T): Promise<T> {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      this.add(phase, performance.now() - t0);
    }
  }

  /**
   * Per step since the last reset: ms of each phase, the wall time from the first phase's start to the
   * last one's end, and what no phase accounts for (the loop's own bookkeeping, and anything that ran
   * between phases, e.g. a query's continuation).
   */
  read(reset = true) {
    const wall = this.first === null ? 0 : this.last - this.first;
    const n = Math.max(1, this.steps);
    const per: Record<string, number> = {};
    let accounted = 0;
    for (const p of PHASES) {
      const v = this.ms.get(p) ?? 0;
      accounted += v;
      per[p] = Math.round((v / n) * 1000) / 1000;
    }
    const out = {
      steps: this.steps,
      wall_ms_per_step: Math.round((wall / n) * 1000) / 1000,
      ms_per_step: per,
      unaccounted_ms_per_step: Math.round(((wall - accounted) / n) * 1000) / 1000,
      calls: Object.fromEntries(PHASES.map((p) => [p, this.calls.get(p) ?? 0])),
    };
    if (reset) {
      this.ms.clear();
      this.calls.clear();
      this.steps = 0;
      this.first = null;
    }
    return out;
  }
}

export const loopStats = new LoopStats();
