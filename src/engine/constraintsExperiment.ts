import * as tf from '@tensorflow/tfjs';
import type { ConstraintsConfig } from '../config/constraints';
import type { ExperimentConfig } from '../config/schema';
import { ConstraintRun, type MethodResult } from '../core/constraints/run';
import { runSettings } from '../core/constraints/settings';
import type { Experiment, StepOutput } from './experiment';

/** A table row for the view: a method's measured numbers (no samples). */
export type ConstraintRow = Omit<MethodResult, 'points'>;

export type ConstraintsSnapshot = {
  kind: 'constraints';
  step: number;
  totalSteps: number;
  /** The model now training ('base', 'filter', 'penalty'), null when all are done. */
  training: string | null;
  /** pi per grid cell (row 0 = lowest y), size x size, and the window. */
  target: Float32Array;
  size: number;
  extent: { min: number; max: number };
  targetExact: boolean;
  keptMass: number;
  rows: ConstraintRow[];
};

export const CONSTRAINTS_METRICS = ['modelsDone'] as const;

/** The constraint lab in the engine: one seed of the comparison, a GAN step per engine step. */
export class ConstraintsExperiment implements Experiment {
  readonly metricNames = CONSTRAINTS_METRICS;
  readonly snapshotIntervalMs = 500;
  readonly config: ConstraintsConfig;
  private readonly run: ConstraintRun;
  private readonly target: Float32Array;

  constructor(config: ConstraintsConfig) {
    this.config = structuredClone(config);
    this.run = new ConstraintRun(runSettings(config), config.seed);
    this.target = Float32Array.from(this.run.target.mass);
  }

  step(): StepOutput {
    this.run.step();
    return {
      metrics: tf.tensor1d([this.run.results.length]),
      examples: this.config.model.batchSize,
      epochEnded: this.run.finished(),
    };
  }

  progress() {
    const total = this.run.totalSteps;
    return {
      step: this.run.stepsDone,
      epoch: 0,
      epochProgress: total ? this.run.stepsDone / total : 1,
      examplesPerEpoch: total * this.config.model.batchSize,
      epochs: 1,
    };
  }

  finished(): boolean {
    return this.run.finished();
  }

  evaluate(): Promise<Record<string, number>> {
    return Promise.resolve({});
  }

  snapshot(): Promise<ConstraintsSnapshot> {
    const t = this.run.target;
    return Promise.resolve({
      kind: 'constraints',
      step: this.run.stepsDone,
      totalSteps: this.run.totalSteps,
      training: this.run.training,
      target: this.target.slice(),
      size: t.grid.size,
      extent: { ...t.grid.extent },
      targetExact: t.exact,
      keptMass: t.keptMass,
      rows: this.run.results.map(({ points: _points, ...row }) => row),
    });
  }

  setParams(): void {}

  dispose(): void {
    this.run.dispose();
  }
}

export function createConstraintsExperiment(config: ExperimentConfig): Promise<Experiment> {
  if (config.kind !== 'constraints')
    throw new Error('createConstraintsExperiment needs a constraints config');
  return Promise.resolve(new ConstraintsExperiment(config));
}
