import * as tf from '@tensorflow/tfjs';
import type { ConstraintsMnistConfig } from '../config/constraintsMnist';
import type { ExperimentConfig } from '../config/schema';
import { MnistInkRun, type MnistMethodResult } from '../core/constraints/mnistRun';
import { mnistInkSettings } from '../core/constraints/mnistSettings';
import type { Mnist } from '../data/mnist';
import type { Experiment, ExperimentContext, ImageBatch, StepOutput } from './experiment';
import { toImageBatch } from './vaeExperiment';

/** A row of the MNIST table: a method's numbers and the first GRID_IMAGES of its images. */
export type MnistInkRow = Omit<MnistMethodResult, 'images'> & { grid: ImageBatch };

export const GRID_IMAGES = 32;

export type ConstraintsMnistSnapshot = {
  kind: 'constraintsMnist';
  step: number;
  totalSteps: number;
  /** Share of the test digits with ink < t. */
  realFeasible: number;
  rows: MnistInkRow[];
};

/** The constraint lab's MNIST version in the engine: a VAE step per engine step, then the three methods. */
export class ConstraintsMnistExperiment implements Experiment {
  readonly metricNames = ['methodsDone'] as const;
  readonly snapshotIntervalMs = 1000;
  readonly config: ConstraintsMnistConfig;
  private readonly run: MnistInkRun;
  private readonly rows: MnistInkRow[] = [];

  constructor(config: ConstraintsMnistConfig, mnist: Mnist) {
    this.config = structuredClone(config);
    this.run = new MnistInkRun(mnistInkSettings(config), config.seed, mnist);
  }

  step(): StepOutput {
    for (const r of this.run.step()) {
      const { images, ...row } = r;
      const k = Math.min(GRID_IMAGES, r.n);
      this.rows.push({ ...row, grid: toImageBatch(images.slice(0, k * 784), k) });
    }
    return {
      metrics: tf.tensor1d([this.rows.length]),
      examples: this.config.model.batchSize,
      epochEnded: this.run.finished(),
    };
  }

  progress() {
    const total = this.config.model.steps;
    return {
      step: this.run.stepsDone,
      epoch: 0,
      epochProgress: this.run.stepsDone / total,
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

  snapshot(): Promise<ConstraintsMnistSnapshot> {
    return Promise.resolve({
      kind: 'constraintsMnist',
      step: this.run.stepsDone,
      totalSteps: this.config.model.steps,
      realFeasible: this.run.realFeasible,
      rows: this.rows.map((r) => ({ ...r, grid: { ...r.grid, pixels: r.grid.pixels.slice() } })),
    });
  }

  setParams(): void {}

  dispose(): void {
    this.run.dispose();
  }
}

export async function createConstraintsMnistExperiment(
  config: ExperimentConfig,
  ctx: ExperimentContext,
): Promise<Experiment> {
  if (config.kind !== 'constraintsMnist')
    throw new Error('createConstraintsMnistExperiment needs a constraintsMnist config');
  return new ConstraintsMnistExperiment(config, await ctx.loadMnist());
}
