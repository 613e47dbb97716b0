import type * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/schema';
import type { Mnist } from '../data/mnist';
import type { VaeSnapshotExtras } from './vaeDiagnostics';

/** A batch of greyscale images as bytes (0..255), row-major, ready to draw or transfer. */
export interface ImageBatch {
  count: number;
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
}

/** What a VAE shows besides its charts. Plain data: views never hold tensors. */
export interface VaeSnapshot {
  kind: 'vae';
  step: number;
  /** Decoded samples from the prior at fixed noise, so the user watches the same z's sharpen. */
  samples: ImageBatch;
  /** Fixed test digits and their reconstructions (decoder mean at z = mu). */
  originals: ImageBatch;
  recons: ImageBatch;
  /** VAE-family extras (issue 9), each present where the model has it. */
  extras?: VaeSnapshotExtras;
}

/** Each experiment kind adds its own snapshot type here (GAN points, latent scatter...). */
export type Snapshot = VaeSnapshot | { kind: string; step: number; [key: string]: unknown };

/** Hyperparameters that change mid-run without losing the run. */
export interface LiveParams {
  lr?: number;
  beta?: number;
  batchSize?: number;
  [key: string]: number | string | boolean | undefined;
}

export interface StepOutput {
  /** Metric values of this step, packed in `metricNames` order, still on the device. Caller disposes. */
  metrics: tf.Tensor1D;
  /** Training examples consumed by this step. */
  examples: number;
  /** True when this step finished an epoch. */
  epochEnded: boolean;
}

export interface ProgressInfo {
  step: number;
  epoch: number;
  /** Fraction of the current epoch done, 0..1. */
  epochProgress: number;
  examplesPerEpoch: number;
  /** Epochs in the configured schedule, where the experiment has epochs (the run's ETA needs it). */
  epochs?: number;
}

/**
 * Progress of a run measured in steps (the GAN labs and the AAE): the whole run counts as one "epoch" of
 * `maxSteps` steps, finished at the last.
 */
export function stepRunProgress(steps: number, maxSteps: number, batchSize: number): ProgressInfo {
  return {
    step: steps,
    epoch: steps >= maxSteps ? 1 : 0,
    epochProgress: Math.min(1, steps / maxSteps),
    examplesPerEpoch: maxSteps * batchSize,
  };
}

/** One running experiment: built from a config, stepped by a runner (worker, in-process or Node). */
export interface Experiment {
  readonly config: ExperimentConfig;
  readonly metricNames: readonly string[];
  /** How often the runner posts snapshots while training (default 1 s; a 2-D GAN animates faster). */
  readonly snapshotIntervalMs?: number;
  step(): StepOutput;
  progress(): ProgressInfo;
  /** True once the configured schedule (epochs, steps) is complete; the runner then stops. */
  finished(): boolean;
  /** Held-out metrics (the test set for VAEs), per example. */
  evaluate(): Promise<Record<string, number>>;
  snapshot(): Promise<Snapshot>;
  setParams(p: LiveParams): void;
  /**
   * Optional request/response seam for interactive tools (latent explorer: encode, decode, scatter...).
   * Runs between training steps; `transfer` lists typed-array buffers to move rather than copy.
   */
  query?(q: EngineQuery): Promise<QueryAnswer>;
  dispose(): void;
}

/** A request from a view to the running experiment; each tool defines its own `type`s. */
export interface EngineQuery {
  type: string;
  [key: string]: unknown;
}

export interface QueryAnswer {
  result: unknown;
  transfer?: Transferable[];
}

/** What the platform gives an experiment: data loading differs between browser and Node. */
export interface ExperimentContext {
  loadMnist(): Promise<Mnist>;
}

export type ExperimentFactory = (config: ExperimentConfig, ctx: ExperimentContext) => Promise<Experiment>;
