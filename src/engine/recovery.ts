import type { ExperimentConfig } from '../config/schema';
import type { EngineClient, EngineListener } from './client';
import type { Divergence } from './divergence';
import type { EngineQuery } from './experiment';
import type { EngineCommand, EngineEvent, TestFault } from './protocol';
import { SnapshotRing } from './snapshotRing';

/**
 * How often the engine posts a checkpoint while training: a worker crash or lost GPU loses at most this
 * much training (more where a checkpoint is slow: the runner stretches the interval to keep them under
 * 2 % of the engine's time). A checkpoint of the classic VAE is 7.8 MB (parameters and both Adam
 * moments), read back in about 77 ms on a loaded 2-core machine where a step takes 218 ms; it travels
 * as transferred buffers, and the page only files it in the ring (under 2 ms).
 */
export const CHECKPOINT_MS = 2000;
/** `?checkpoint=off` (or 0) in the page's address turns checkpoints off, for measuring what they cost. */
function pageCheckpointMs(): number | null {
  if (typeof location === 'undefined') return CHECKPOINT_MS;
  const v = new URLSearchParams(location.search).get('checkpoint');
  return v === 'off' || v === '0' ? null : CHECKPOINT_MS;
}

/** Restarts in a row without a new checkpoint before recovery gives up (a crash loop). */
const MAX_RESTARTS = 3;

export interface RecoveryHooks {
  /** The config a rebuilt engine starts from: the run's, with live changes applied. */
  config(): ExperimentConfig;
  /** A term became non-finite; `rollbackTo` is the step a roll-back restores (null: no good state kept). */
  diverged?(d: Divergence, rollbackTo: number | null): void;
  /** The run now stands at `step` again (roll-back or restart): views drop what came after it. */
  restored?(step: number): void;
  /** The divergence no longer applies (training resumed, a new run). */
  cleared?(): void;
  /** After a restart, before training resumes: settings that live outside the config (fast-forward). */
  afterRestart?(send: (cmd: EngineCommand) => void): void;
}

type Maker = (listener: EngineListener) => EngineClient | Promise<EngineClient>;

/**
 * An engine that survives its worker (issue 13). Wraps a worker or in-process engine: keeps the last
 * few checkpoints the engine posts in a SnapshotRing on the page; when the worker fails or its GPU is
 * lost it starts a new engine (same backend choice: the same one where it still works, else the next in
 * the fallback order), restores the newest checkpoint and resumes training if it was training; after a
 * divergence `rollback()` rebuilds the run from the last good checkpoint in the same engine.
 */
export class RecoveringEngine implements EngineClient {
  readonly ring = new SnapshotRing(3);
  private inner: EngineClient | null = null;
  private generation = 0;
  private init: Extract<EngineCommand, { type: 'init' }> | null = null;
  private training = false;
  private restarts = 0;
  private divergence: Divergence | null = null;
  private restarting: Promise<void> | null = null;
  /** An engine error just came: the pause that follows is the error's, not the user's. */
  private failing = false;
  /** Longest time spent handling one checkpoint on the page (ms), for the measurement in the report. */
  maxCheckpointMs = 0;

  private constructor(
    private readonly make: Maker,
    private readonly listener: EngineListener,
    private readonly hooks: RecoveryHooks,
  ) {}

  static async start(make: Maker, listener: EngineListener, hooks: RecoveryHooks): Promise<RecoveringEngine> {
    const e = new RecoveringEngine(make, listener, hooks);
    e.inner = await make(e.listen(e.generation));
    return e;
  }

  get location(): EngineClient['location'] {
    return this.inner?.location ?? 'worker';
  }

  /** Events of engine `gen` only: a replaced engine's late messages are dropped. */
  private listen(gen: number): EngineListener {
    return (e: EngineEvent) => {
      if (gen !== this.generation) return;
      this.onEvent(e);
    };
  }

  private onEvent(e: EngineEvent): void {
    switch (e.type) {
      case 'checkpoint': {
        const t0 = performance.now();
        this.ring.push(e.state);
        this.restarts = 0;
        this.maxCheckpointMs = Math.max(this.maxCheckpointMs, performance.now() - t0);
        return; // the page's views have no use for it
      }
      case 'status':
        // A pause that follows an engine error (a lost GPU can fail a step before its loss is reported)
        // keeps what the user wanted: a restart resumes a run that was training.
        if (!(this.failing && e.state === 'paused')) this.training = e.state === 'running';
        this.failing = false;
        break;
      case 'error':
        if (e.fatal) {
          void this.restart(e.message);
          return;
        }
        this.failing = !e.divergence;
        if (e.divergence) {
          this.divergence = e.divergence;
          const target = this.ring.rollbackTarget(e.divergence.step);
          this.hooks.diverged?.(e.divergence, target?.step ?? null);
        }
        break;
    }
    this.listener(e);
  }

  send(cmd: EngineCommand): void {
    if (cmd.type === 'init') {
      cmd = { checkpointMs: pageCheckpointMs(), ...cmd };
      this.init = cmd;
    }
    if (cmd.type === 'init' || cmd.type === 'reset') this.ring.clear();
    if ((cmd.type === 'init' || cmd.type === 'reset' || cmd.type === 'start') && this.divergence) {
      this.divergence = null;
      this.hooks.cleared?.();
    }
    this.inner?.send(cmd);
  }

  query<T = unknown>(q: EngineQuery, opts?: { inOrder?: boolean }): Promise<T> {
    if (!this.inner) return Promise.reject(new Error('the engine is restarting'));
    return this.inner.query<T>(q, opts);
  }

  terminate(): void {
    this.generation++;
    this.inner?.terminate();
    this.inner = null;
  }

  /** Test hook (e2e): make the engine fail as a crashed worker or a lost GPU would. */
  fault(fault: TestFault): void {
    this.inner?.send({ type: 'testFault', fault });
  }

  /** The step a roll-back would restore now, or null. */
  rollbackStep(): number | null {
    return this.divergence ? (this.ring.rollbackTarget(this.divergence.step)?.step ?? null) : null;
  }

  /**
   * After a divergence: rebuild the run (from `hooks.config()`, so a fix applied to the config just
   * before counts) and put the last good checkpoint's weights and optimizer state back. Resolves with
   * the restored step, or null when there is nothing to roll back to. Training stays paused.
   */
  async rollback(): Promise<number | null> {
    const d = this.divergence;
    const target = d ? this.ring.rollbackTarget(d.step) : null;
    if (!target || !this.inner) return null;
    const inner = this.inner;
    inner.send({ type: 'reset', config: this.hooks.config() });
    try {
      await inner.query({ type: 'importWeights', state: target }, { inOrder: true });
    } catch (e) {
      // e.g. the architecture was changed before rolling back: the new run stays, and says why.
      this.listener({ type: 'notice', message: `Could not roll back: ${(e as Error).message}` });
      return null;
    }
    this.ring.markRestored(target.step);
    this.divergence = null;
    this.hooks.restored?.(target.step);
    inner.send({ type: 'snapshot' });
    return target.step;
  }

  /** The engine died (worker error, lost GPU): a new one, the newest checkpoint, training resumed. */
  private restart(why: string): Promise<void> {
    this.restarting ??= this.doRestart(why).finally(() => (this.restarting = null));
    return this.restarting;
  }

  private async doRestart(why: string): Promise<void> {
    const resume = this.training;
    const gen = ++this.generation;
    this.inner?.terminate();
    this.inner = null;
    if (++this.restarts > MAX_RESTARTS || !this.init) {
      this.listener({
        type: 'error',
        recoverable: false,
        message: `${why}. The engine failed ${MAX_RESTARTS} times in a row; reload the page to start again.`,
      });
      return;
    }
    const target = this.ring.latest();
    let inner: EngineClient;
    try {
      inner = await this.make(this.listen(gen));
    } catch (e) {
      this.listener({
        type: 'error',
        recoverable: false,
        message: `${why}; restarting failed: ${String(e)}`,
      });
      return;
    }
    if (gen !== this.generation) return inner.terminate();
    this.inner = inner;
    inner.send({ ...this.init, config: this.hooks.config() });
    let restored = 0;
    if (target) {
      try {
        await inner.query({ type: 'importWeights', state: target }, { inOrder: true });
        restored = target.step;
        this.ring.markRestored(restored);
      } catch (e) {
        this.listener({ type: 'notice', message: `The saved state could not be restored: ${String(e)}` });
      }
    }
    if (gen !== this.generation) return;
    this.hooks.restored?.(restored);
    this.hooks.afterRestart?.((cmd) => inner.send(cmd));
    inner.send({ type: 'snapshot' });
    if (resume) inner.send({ type: 'start' });
    this.listener({
      type: 'notice',
      message: `${why}. The engine was restarted and the run restored from step ${restored.toLocaleString('en-US')}${resume ? '; training continues' : ''}.`,
    });
  }
}
