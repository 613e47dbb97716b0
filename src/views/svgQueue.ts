import { useEffect, useState } from 'react';

/**
 * Charts that go back from the live canvas to the recharts SVG when a run stops take turns: one chart per
 * idle period, so that each rebuild (a recharts render and commit: 20-40 ms each on a slow laptop) is a
 * task of its own instead of all of a tab's charts in one long main-thread task.
 */
export class TurnQueue {
  private waiting: (() => void)[] = [];
  private pending = false;

  /** `schedule(run)` calls `run` once, later (an idle callback in the page). */
  constructor(private readonly schedule: (run: () => void) => void) {}

  /** Call `release` on its turn (after the turns queued before it, one per scheduled run); returns a cancel. */
  enqueue(release: () => void): () => void {
    this.waiting.push(release);
    this.kick();
    return () => {
      this.waiting = this.waiting.filter((r) => r !== release);
    };
  }

  /** Turns not yet given. */
  get length(): number {
    return this.waiting.length;
  }

  private kick(): void {
    if (this.pending || this.waiting.length === 0) return;
    this.pending = true;
    this.schedule(() => {
      this.pending = false;
      this.waiting.shift()?.();
      this.kick();
    });
  }
}

/** After the next frame, when the page is idle (at most ~0.5 s later where it never is). */
function idleSoon(run: () => void): void {
  const w = globalThis as { requestIdleCallback?: (f: () => void, o: { timeout: number }) => number };
  if (w.requestIdleCallback) w.requestIdleCallback(run, { timeout: 500 });
  else setTimeout(run, 16);
}

const svgTurns = new TurnQueue(idleSoon);

/**
 * True while `live`, and after it turns false until this chart's turn to rebuild its SVG comes (the
 * charts of a page take turns, see TurnQueue). Goes true again at once when `live` does.
 */
export function useLiveUntilTurn(live: boolean): boolean {
  const [held, setHeld] = useState(live);
  if (live && !held) setHeld(true);
  useEffect(() => {
    if (live || !held) return;
    return svgTurns.enqueue(() => setHeld(false));
  }, [live, held]);
  return live || held;
}
