import { useEffect, useState } from 'react';

/**
 * Charts that switch between the live canvas and the recharts SVG (when a run starts or stops) take
 * turns: one chart per idle period, so that each switch (a recharts render and commit: 20-40 ms each on a
 * slow laptop; or a canvas mount, layout and first paint) is a task of its own instead of all of a tab's
 * charts in one long main-thread task.
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
 * Whether a chart draws on its live canvas: follows `live`, but each switch (onto the canvas when a run
 * starts, back to the SVG when it stops) waits for the chart's turn (see TurnQueue), so that a tab's
 * charts do not all mount their canvases, or all rebuild their SVG, in the task that changed `live`.
 */
export function useCanvasTurn(live: boolean): boolean {
  const [canvas, setCanvas] = useState(live);
  useEffect(() => {
    if (live === canvas) return;
    return svgTurns.enqueue(() => setCanvas(live));
  }, [live, canvas]);
  return canvas;
}
