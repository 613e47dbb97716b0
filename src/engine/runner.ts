import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/schema';
import type { BackendChoice, BackendName } from './backend';
import type { Experiment, ExperimentContext, Snapshot } from './experiment';
import type { EngineCommand, EngineEvent, Post, RunState } from './protocol';
import { createExperiment } from './registry';
import { takeCheckpoint } from './checkpoint';
import { describeValue, divergenceSentence, findDivergence, termLabel } from './divergence';
import { loopStats } from './loopStats';

/** What the host platform (worker, main thread, Node) provides to the runner. */
export interface RunnerEnv extends ExperimentContext {
  chooseBackend(
    override?: BackendName | null,
    opts?: { fast?: boolean },
  ): Promise<BackendChoice & { threads?: number }>;
  /** Let queued messages and UI work run between steps. */
  yieldNow(): Promise<void>;
  now(): number;
}

export interface RunnerOptions {
  metricsIntervalMs?: number;
  snapshotIntervalMs?: number;
  /** Stop after config.training.epochs epochs (true for the CLI and the app). */
  stopAtEpochLimit?: boolean;
  /** Post a checkpoint (weights + optimizer state) at most this often while training; null: never. */
  checkpointMs?: number | null;
}

interface Pending {
  step: number;
  metrics: tf.Tensor1D;
  examples: number;
  ms: number;
}

/** Transferables of a snapshot: every typed array found one level down. */
export function snapshotTransfer(s: Snapshot): Transferable[] {
  const out: Transferable[] = [];
  for (const v of Object.values(s)) {
    const px = (v as { pixels?: unknown })?.pixels;
    if (ArrayBuffer.isView(px)) out.push(px.buffer as ArrayBuffer);
    else if (ArrayBuffer.isView(v)) out.push((v as ArrayBufferView).buffer as ArrayBuffer);
  }
  return out;
}

/**
 * The training loop, independent of where it runs. Steps the experiment, reads metrics back in batches
 * (10-20 Hz), posts snapshots about once a second, evaluates at each epoch end, and stops cleanly on
 * pause, reset or a non-finite loss. Commands are processed in order.
 */
export class Runner {
  private exp: Experiment | null = null;
  private state: RunState = 'loading';
  private running = false;
  private loop: Promise<void> | null = null;
  private queue: Promise<void> = Promise.resolve();
  private pending: Pending[] = [];
  private lastEmit = 0;
  private lastSnap = 0;
  private epochStart = 0;
  private epochSums: number[] = [];
  private epochExamples = 0;
  private rate = { t: 0, examples: 0, steps: 0, sps: 0, eps: 0 };
  private backend: BackendName | null = null;
  private lastCheckpoint = -Infinity;
  /** What the last checkpoint took (ms): the interval grows so that checkpoints stay under 2 % of the time. */
  private checkpointCost = 0;
  /** False once the experiment has shown it cannot export its state (no roll-back for it). */
  private canCheckpoint = true;
  private readonly opt: Required<RunnerOptions>;

  constructor(
    private readonly post: Post,
    private readonly env: RunnerEnv,
    options: RunnerOptions = {},
  ) {
    this.opt = {
      metricsIntervalMs: 66,
      snapshotIntervalMs: 1000,
      stopAtEpochLimit: true,
      checkpointMs: null,
      ...options,
    };
  }

  /** Queue a command; resolves when it has been handled. Errors are posted, never thrown. */
  handle(cmd: EngineCommand): Promise<void> {
    // Queries skip the command queue (they must not wait behind a long 'step' or a reset's build);
    // they still run between training steps because the loop yields after every step.
    if (cmd.type === 'query' && !cmd.inOrder) return this.answer(cmd.id, cmd.query);
    this.queue = this.queue.then(() => this.run(cmd)).catch((e) => this.fail(e));
    return this.queue;
  }

  get experiment(): Experiment | null {
    return this.exp;
  }

  private async answer(id: number, query: import('./experiment').EngineQuery): Promise<void> {
    try {
      // The worker's tfjs memory (the soak script and memory tests read it; any experiment, any backend).
      if (query.type === 'tfMemory') {
        const m = tf.memory();
        this.post({ type: 'queryResult', id, result: { numTensors: m.numTensors, numBytes: m.numBytes } });
        return;
      }
      if (!this.exp?.query) throw new Error(`this experiment answers no "${query.type}" queries`);
      const a = await this.exp.query(query);
      this.post({ type: 'queryResult', id, result: a.result }, a.transfer);
    } catch (e) {
      this.post({ type: 'queryError', id, message: e instanceof Error ? e.message : String(e) });
    }
  }

  private setState(state: RunState, message?: string): void {
    this.state = state;
    this.post({ type: 'status', state, message });
  }

  private fail(e: unknown): void {
    this.running = false;
    const message = e instanceof Error ? e.message : String(e);
    this.post({ type: 'error', message, recoverable: this.exp !== null });
    this.setState(this.exp ? 'paused' : 'error', message);
  }

  private async run(cmd: EngineCommand): Promise<void> {
    switch (cmd.type) {
      case 'init': {
        // MNIST does not depend on the backend: start loading it while the backend is chosen (load time
        // to first step). The promise is memoised by the env; a failure is reported when building.
        if (cmd.config.kind === 'vae') this.env.loadMnist().catch(() => undefined);
        if (cmd.checkpointMs !== undefined) this.opt.checkpointMs = cmd.checkpointMs;
        const choice = await this.env.chooseBackend(cmd.backend, { fast: cmd.fast !== false });
        this.backend = choice.name;
        const { threads, ...rest } = choice;
        this.post({ type: 'backend', choice: rest, threads });
        if (choice.notice) this.post({ type: 'notice', message: choice.notice });
        await this.build(cmd.config);
        return;
      }
      case 'reset':
        await this.stop();
        this.exp?.dispose();
        this.exp = null;
        await this.build(cmd.config);
        return;
      case 'start':
        if (!this.exp || this.running) return;
        if (this.state === 'done') return;
        this.running = true;
        // Speeds count from now: a pause must not drag the first readings after Resume down.
        this.rate = { ...this.rate, t: this.env.now(), steps: 0, examples: 0 };
        this.setState('running');
        this.loop = this.trainLoop();
        return;
      case 'pause':
        await this.stop();
        if (this.exp && this.state !== 'done') this.setState('paused');
        return;
      case 'step': {
        if (!this.exp || this.running) return;
        // Read each step's metrics back so that a count > 1 stops at the first non-finite loss, as Start does.
        let ok = true;
        for (let i = 0; i < cmd.count && ok; i++) ok = (await this.oneStep()) && (await this.flush());
        await this.sendSnapshot();
        if (ok) await this.maybeCheckpoint();
        if (this.state === 'ready') this.setState('paused');
        return;
      }
      case 'setParams':
        this.exp?.setParams(cmd.params);
        return;
      case 'snapshot':
        await this.sendSnapshot();
        return;
      case 'query':
        await this.answer(cmd.id, cmd.query);
        return;
      case 'testFault': // the worker handles test faults itself (worker.ts)
      case 'ping': // and answers pings itself
        return;
      case 'dispose':
        await this.stop();
        this.exp?.dispose();
        this.exp = null;
        return;
      case 'evaluate':
        if (this.exp)
          this.post({ type: 'notice', message: `test: ${JSON.stringify(await this.exp.evaluate())}` });
        return;
    }
  }

  private async build(config: ExperimentConfig): Promise<void> {
    this.setState('loading');
    this.pending = [];
    this.epochSums = [];
    this.epochExamples = 0;
    this.lastCheckpoint = -Infinity;
    this.canCheckpoint = true;
    this.exp = await createExperiment(config, this.env);
    this.epochStart = this.env.now();
    this.rate = { t: this.env.now(), examples: 0, steps: 0, sps: 0, eps: 0 };
    this.setState('ready');
    await this.sendSnapshot();
  }

  private async stop(): Promise<void> {
    this.running = false;
    if (this.loop) await this.loop;
    this.loop = null;
  }

  private async oneStep(): Promise<boolean> {
    const exp = this.exp!;
    const t0 = this.env.now();
    const out = exp.step();
    const p = exp.progress();
    const now = this.env.now();
    loopStats.add('step', now - t0);
    this.pending.push({ step: p.step, metrics: out.metrics, examples: out.examples, ms: now - t0 });
    this.rate.examples += out.examples;
    this.rate.steps++;
    if (out.epochEnded) {
      const ok = await loopStats.time('flush', () => this.flush());
      if (ok) await loopStats.time('epoch', () => this.endEpoch(p.epoch));
      return ok;
    }
    if (now - this.lastEmit >= this.opt.metricsIntervalMs) return loopStats.time('flush', () => this.flush());
    return true;
  }

  private async trainLoop(): Promise<void> {
    try {
      while (this.running) {
        const ok = await this.oneStep();
        if (!ok) break;
        const every = this.exp!.snapshotIntervalMs ?? this.opt.snapshotIntervalMs;
        if (this.env.now() - this.lastSnap >= every)
          await loopStats.time('snapshot', () => this.sendSnapshot());
        // Only when every step taken has had its metrics checked (none waits to be read back).
        if (this.pending.length === 0) await loopStats.time('checkpoint', () => this.maybeCheckpoint());
        if (this.opt.stopAtEpochLimit && this.exp!.finished()) {
          this.running = false;
          await this.sendSnapshot();
          this.setState('done', `finished at step ${this.exp!.progress().step}`);
          break;
        }
        await loopStats.time('yield', () => this.env.yieldNow());
      }
    } catch (e) {
      this.fail(e);
    } finally {
      this.running = false;
    }
    await this.flush();
  }

  /** Read pending metrics back in one transfer and post them. False when a loss is not finite. */
  private async flush(): Promise<boolean> {
    const batch = this.pending;
    this.pending = [];
    this.lastEmit = this.env.now();
    if (batch.length === 0) return true;
    const stacked = tf.stack(batch.map((b) => b.metrics));
    const data = (await stacked.data()) as Float32Array;
    stacked.dispose();
    for (const b of batch) b.metrics.dispose();
    const names = this.exp!.metricNames;
    const k = names.length;
    for (let r = 0; r < batch.length; r++) {
      const n = batch[r]!.examples;
      for (let j = 0; j < k; j++) this.epochSums[j] = (this.epochSums[j] ?? 0) + data[r * k + j]! * n;
      this.epochExamples += n;
    }
    const values = new Float32Array(data);
    const steps = Float64Array.from(batch, (b) => b.step);
    const stepMs = Float32Array.from(batch, (b) => b.ms);
    // Every step's metrics are checked (gradient norms too, where the experiment reports them).
    const bad = findDivergence(names, values, steps);
    this.post({ type: 'metrics', names, steps, values, stepMs }, [
      values.buffer,
      steps.buffer,
      stepMs.buffer,
    ]);
    this.postProgress();
    if (bad) {
      this.running = false;
      const divergence = {
        ...bad,
        term: termLabel(bad.metric, this.exp!.config as { kind: string }),
        value: describeValue(bad.value),
      };
      this.post({
        type: 'error',
        recoverable: true,
        divergence,
        message: `${divergenceSentence(divergence)}; training is paused. Lower the learning rate and press Reset (the VAE, 2-D GAN and image labs also offer a roll-back).`,
      });
      this.setState('paused');
      return false;
    }
    return true;
  }

  /** Every `checkpointMs`, once every step's metrics are known finite: the state, for roll-back and restore. */
  private async maybeCheckpoint(): Promise<void> {
    const every = this.opt.checkpointMs;
    if (every === null || !this.canCheckpoint || !this.exp) return;
    // 0 means after every checked step (tests); otherwise at most 2 % of the time goes to checkpoints.
    const due = every === 0 ? 0 : Math.max(every, 50 * this.checkpointCost);
    if (this.env.now() - this.lastCheckpoint < due) return;
    const t0 = (this.lastCheckpoint = this.env.now());
    const c = await takeCheckpoint(this.exp);
    this.checkpointCost = this.env.now() - t0;
    if (c === 'unsupported') this.canCheckpoint = false;
    else if (c) this.post({ type: 'checkpoint', state: c.state }, c.transfer);
  }

  private postProgress(): void {
    const exp = this.exp!;
    const p = exp.progress();
    const now = this.env.now();
    const dt = (now - this.rate.t) / 1000;
    if (dt >= 0.5) {
      const a = this.rate.sps === 0 ? 1 : 0.5;
      this.rate.sps = a * (this.rate.steps / dt) + (1 - a) * this.rate.sps;
      this.rate.eps = a * (this.rate.examples / dt) + (1 - a) * this.rate.eps;
      this.rate = { ...this.rate, t: now, steps: 0, examples: 0 };
    }
    const left = (1 - p.epochProgress) * p.examplesPerEpoch;
    const runLeft =
      p.epochs === undefined ? null : left + Math.max(0, p.epochs - p.epoch - 1) * p.examplesPerEpoch;
    this.post({
      type: 'progress',
      step: p.step,
      epoch: p.epoch,
      epochProgress: p.epochProgress,
      stepsPerSec: this.rate.sps,
      examplesPerSec: this.rate.eps,
      etaSec: this.rate.eps > 0 ? left / this.rate.eps : null,
      runEtaSec: this.rate.eps > 0 && runLeft !== null ? runLeft / this.rate.eps : null,
    });
  }

  private async endEpoch(epoch: number): Promise<void> {
    const exp = this.exp!;
    const seconds = (this.env.now() - this.epochStart) / 1000;
    const train: Record<string, number> = {};
    exp.metricNames.forEach(
      (n, j) => (train[n] = (this.epochSums[j] ?? 0) / Math.max(1, this.epochExamples)),
    );
    const test = await exp.evaluate();
    this.post({ type: 'epoch', epoch, step: exp.progress().step, train, test, seconds });
    this.epochSums = [];
    this.epochExamples = 0;
    this.epochStart = this.env.now();
    await this.sendSnapshot();
  }

  private async sendSnapshot(): Promise<void> {
    if (!this.exp) return;
    this.lastSnap = this.env.now();
    const s = await this.exp.snapshot();
    this.post({ type: 'snapshot', snapshot: s }, snapshotTransfer(s));
  }

  get backendName(): BackendName | null {
    return this.backend;
  }
}

export type { EngineEvent };
