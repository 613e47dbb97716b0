import type { ExperimentConfig } from '../config/schema';
import type { BackendChoice, BackendName } from './backend';
import type { Divergence } from './divergence';
import type { EngineQuery, LiveParams, Snapshot } from './experiment';
import type { WeightsState } from './weightsProtocol';

/** Main thread -> engine. */
export type EngineCommand =
  /**
   * `fast: false` switches the fast kernels off (`?fast=0`, `--no-fast`). `checkpointMs`: post a
   * checkpoint event at most this often while training (recovery, engine/recovery.ts).
   */
  | {
      type: 'init';
      config: ExperimentConfig;
      backend?: BackendName | null;
      fast?: boolean;
      checkpointMs?: number | null;
    }
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'step'; count: number }
  | { type: 'reset'; config: ExperimentConfig }
  | { type: 'setParams'; params: LiveParams }
  | { type: 'snapshot' }
  | { type: 'evaluate' }
  | { type: 'dispose' }
  /**
   * Interactive request answered between steps; `id` pairs it with its answer. `inOrder`: wait for the
   * commands sent before it (a saved run's weights go into the run a preceding reset builds).
   */
  | { type: 'query'; id: number; query: EngineQuery; inOrder?: boolean }
  /** Test hook (e2e recovery tests): crash the worker, lose its WebGL context, or make its weights NaN. */
  | { type: 'testFault'; fault: TestFault }
  /** Liveness (engine/liveness.ts): the worker answers `pong` between steps. */
  | { type: 'ping'; id: number };

/** `hang`: the worker spins and answers nothing more, as a hung or silently killed worker. */
export type TestFault = 'crash' | 'loseContext' | 'nan' | 'hang';

export type RunState = 'loading' | 'ready' | 'running' | 'paused' | 'done' | 'error';

/** Engine -> main thread. Typed arrays travel as transferables. */
export type EngineEvent =
  | { type: 'backend'; choice: BackendChoice; threads?: number }
  | { type: 'status'; state: RunState; message?: string }
  | {
      type: 'metrics';
      names: readonly string[];
      /** Step index of each row. */
      steps: Float64Array;
      /** rows x names.length values, row-major. */
      values: Float32Array;
      /** Wall-clock ms of each step (for speed readouts and the benchmark). */
      stepMs: Float32Array;
    }
  | {
      type: 'progress';
      step: number;
      epoch: number;
      epochProgress: number;
      stepsPerSec: number;
      examplesPerSec: number;
      /** Time left in the current epoch at the current speed. */
      etaSec: number | null;
      /** Time left in the whole run (all epochs); null when the experiment reports no epoch count. */
      runEtaSec: number | null;
    }
  | {
      type: 'epoch';
      epoch: number;
      step: number;
      train: Record<string, number>;
      test: Record<string, number>;
      seconds: number;
    }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'queryResult'; id: number; result: unknown }
  | { type: 'queryError'; id: number; message: string }
  | { type: 'notice'; message: string }
  | { type: 'pong'; id: number }
  /** A good state of the run (every number finite), kept on the page for roll-back and restore. */
  | { type: 'checkpoint'; state: WeightsState }
  /**
   * `divergence`: a training term stopped being finite (training paused). `fatal`: the engine itself is
   * gone (its worker failed, or its GPU context was lost) and must be restarted.
   */
  | {
      type: 'error';
      message: string;
      recoverable: boolean;
      divergence?: Divergence;
      fatal?: 'worker' | 'gpu';
    };

export type Post = (e: EngineEvent, transfer?: Transferable[]) => void;
