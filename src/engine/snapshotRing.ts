import type { WeightsState } from './weightsProtocol';

/**
 * The last few good states of a run (weights, optimizer state, place in training), newest last, kept on
 * the page so that they survive the engine: roll-back after a divergence and restore after a worker
 * crash or a lost GPU read them. Only states whose every number is finite get in (see the runner's
 * checkpoints), so a roll-back never lands on NaN weights.
 */
export class SnapshotRing {
  private readonly states: WeightsState[] = [];
  /** The step last restored, so that a second roll-back to the same state goes one further back. */
  private restored: number | null = null;

  constructor(readonly capacity = 3) {}

  push(s: WeightsState): void {
    // A restored run re-takes steps it had taken before: its newer states replace the old ones there.
    while (this.states.length && this.states[this.states.length - 1]!.step >= s.step) this.states.pop();
    this.states.push(s);
    if (this.states.length > this.capacity) this.states.shift();
  }

  clear(): void {
    this.states.length = 0;
    this.restored = null;
  }

  get size(): number {
    return this.states.length;
  }

  get steps(): number[] {
    return this.states.map((s) => s.step);
  }

  latest(): WeightsState | null {
    return this.states[this.states.length - 1] ?? null;
  }

  /**
   * The state to roll back to after a metric of step `divergedAt` was not finite. That step's metrics
   * were computed from the weights after step divergedAt - 1, so only states up to divergedAt - 2 are
   * known to be good; and a second roll-back to the state already restored goes one further back.
   */
  rollbackTarget(divergedAt: number): WeightsState | null {
    const good = this.states.filter((s) => s.step <= divergedAt - 2);
    let pick = good[good.length - 1] ?? null;
    if (pick && pick.step === this.restored && good.length > 1) pick = good[good.length - 2]!;
    return pick;
  }

  /** Note a restore (and drop the states after it: they belong to a future that will not happen). */
  markRestored(step: number): void {
    this.restored = step;
    while (this.states.length && this.states[this.states.length - 1]!.step > step) this.states.pop();
  }
}
