import type { ProgressInfo } from '../experiment';

/**
 * The step bookkeeping the AE/PCA lab's demos share: a run is a fixed number of steps (shown as one
 * "epoch" spanning the whole run), evaluated 40 times along the way and at its last step.
 */
export class StepBudget {
  done = 0;
  readonly evalEvery: number;

  constructor(
    readonly steps: number,
    readonly batchSize: number,
  ) {
    this.evalEvery = Math.max(1, Math.round(steps / 40));
  }

  /** Counts one step; true when that step is one to evaluate (every evalEvery steps, and the last). */
  advance(): boolean {
    this.done++;
    return this.shouldRecord(this.done);
  }

  /** Whether a run that has taken `done` steps evaluates now. */
  shouldRecord(done: number): boolean {
    return done % this.evalEvery === 0 || done >= this.steps;
  }

  /** Learning-rate factor of a cosine decay: 1 at the first step, falling to 0 at the end of the run. */
  cosineScale(): number {
    return 0.5 * (1 + Math.cos((Math.PI * this.done) / this.steps));
  }

  finished(done = this.done): boolean {
    return done >= this.steps;
  }

  progress(done = this.done): ProgressInfo {
    return {
      step: done,
      epoch: 0,
      epochProgress: done / this.steps,
      examplesPerEpoch: this.steps * this.batchSize,
      epochs: 1,
    };
  }
}
