/**
 * `npm run train -- --preset gan-ring-collapse --seeds 10 --json`: train a 2-D GAN preset in Node with
 * the app's engine (WASM backend, falling back to cpu), once per seed, and print the mode metrics of
 * each run (VEEGAN / PacGAN rule on 2,500 samples). With --json, stdout carries one JSON object per
 * seed and nothing else; the summary (mean +/- sd) and notices go to stderr.
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import type { Gan2dConfig } from '../config/gan2d';
import { pointsToCsv } from '../core/gan/csv';
import { Gan2dExperiment } from '../engine/gan2dExperiment';
import { nodeEnv } from '../engine/nodeEnv';
import {
  COMMON_SWITCHES,
  commonSwitch,
  errorWriter,
  intArg,
  parseBackend,
  parseSet,
  scanArgs,
  seedConfigs,
  UsageError,
  type CliBackend,
} from './args';
import { exportName, presetConfig } from './configEdit';

export const GAN_USAGE = `Train a 2-D GAN preset in Node and measure its mode coverage.

usage: npm run train -- --preset ID [--seeds N] [--json] [options]

  --preset ID            a gan2d preset (gan-ring-collapse, gan-ring-wgan-gp, ...)
  --seeds N              run N seeds: the preset's seed, seed + 1, ... (default 1)
  --seed S               first seed (default: the preset's)
  --steps N              generator steps per run (default: the preset's training.maxSteps)
  --set FIELD=VALUE      change any config field, e.g. --set objective.unrollSteps=0 (repeatable)
  --export-samples FILE  write 2,500 generated points as CSV (x,y); with several seeds, FILE gets
                         -seedS before its extension
  --trace N              every N steps, print modes / high-quality fraction to stderr
  --backend wasm|cpu     tfjs backend to try first
  --no-fast              tfjs's own WASM kernels instead of the fast GEMM/Adam kernels
  --json                 one JSON object per seed on stdout
  -h, --help             this text

Per seed: modes_captured of modes_total (a mode is captured when it is the nearest mode of at least
one high-quality sample), hq_fraction (samples within 3 sigma of their nearest mode), kl_uniform
(KL of the high-quality samples' mode histogram to uniform, nats), js (real vs fake histograms on a
50 x 50 grid, nats), modes_visited (distinct modes captured at any of the records taken every 100
G steps and at the end: a collapsed G that hops between modes visits several), dominant_modes_visited
(distinct modes that held at least half of all samples at one of those records).`;

export interface GanCliArgs {
  preset: string;
  seeds: number;
  seed: number | null;
  steps: number | null;
  sets: [string, unknown][];
  exportSamples: string | null;
  trace: number;
  backend: CliBackend | null;
  /** --no-fast: tfjs's own WASM kernels instead of the fast ones (for comparison). */
  noFast: boolean;
  json: boolean;
  help: boolean;
}

export interface GanSeedRecord {
  preset: string;
  seed: number;
  steps: number;
  modes_captured: number;
  modes_total: number;
  hq_fraction: number;
  /** Null when no sample is high quality (KL to uniform is then undefined). */
  kl_uniform: number | null;
  js: number;
  /** Distinct modes captured at any of the records taken every 100 G steps and at the end. */
  modes_visited: number;
  /** Distinct modes that held at least half of all samples at one of those records (where G sat). */
  dominant_modes_visited: number;
  d_loss: number;
  g_loss: number;
  /** Mean D output on fakes (a probability for the classifier losses, a score otherwise). */
  d_fake: number;
  /** Norm of G's gradient at the last step. */
  g_grad_norm: number;
  seconds: number;
  steps_per_sec: number;
  backend: string;
}

/** Parse the GAN CLI's argv; throws UsageError naming the flag. */
export function parseGanArgs(argv: readonly string[]): GanCliArgs {
  const a: GanCliArgs = {
    preset: '',
    seeds: 1,
    seed: null,
    steps: null,
    sets: [],
    exportSamples: null,
    trace: 0,
    backend: null,
    noFast: false,
    json: false,
    help: false,
  };
  const valued = [
    '--preset',
    '--seeds',
    '--seed',
    '--steps',
    '--set',
    '--export-samples',
    '--trace',
    '--backend',
  ];
  for (const { flag, raw: r } of scanArgs(argv, COMMON_SWITCHES, valued)) {
    if (commonSwitch(a, flag)) continue;
    const raw = r ?? '';
    switch (flag) {
      case '--preset':
        a.preset = raw;
        break;
      case '--seeds':
        a.seeds = intArg(flag, raw, 1);
        break;
      case '--seed':
        a.seed = intArg(flag, raw, 0);
        break;
      case '--steps':
        a.steps = intArg(flag, raw, 1);
        break;
      case '--trace':
        a.trace = intArg(flag, raw, 0);
        break;
      case '--export-samples':
        if (!raw) throw new UsageError(flag, 'needs a file name');
        a.exportSamples = raw;
        break;
      case '--backend':
        a.backend = parseBackend(flag, raw);
        break;
      case '--set':
        a.sets.push(parseSet(flag, raw));
        break;
    }
  }
  return a;
}

/** The preset's config with --seed, --steps and --set applied, validated (errors name the flag or field). */
export function buildGanConfig(args: GanCliArgs, seed: number): Gan2dConfig {
  return presetConfig(args.preset, ['gan2d'], '2-D GAN', seed, args.steps, args.sets);
}

/** Train one seed to the end; `trace` reports intermediate metrics. */
export async function trainGanSeed(
  config: Gan2dConfig,
  backend: string,
  presetId: string,
  opts: { trace?: (line: string) => void; traceEvery?: number; exportTo?: string | null } = {},
): Promise<GanSeedRecord> {
  const exp = new Gan2dExperiment(config);
  try {
    const t0 = performance.now();
    let last: Float32Array = new Float32Array(exp.metricNames.length);
    while (!exp.finished()) {
      const m = exp.step().metrics;
      const step = exp.progress().step;
      const every = opts.traceEvery ?? 0;
      if (step % 100 === 0 || exp.finished() || (every > 0 && step % every === 0)) {
        last = (await m.data()) as Float32Array;
        if (!last.every(Number.isFinite)) {
          m.dispose();
          throw new Error(`the loss became NaN or infinite at step ${step} (seed ${config.seed})`);
        }
      }
      m.dispose();
      if (every > 0 && step % every === 0 && opts.trace) {
        const e = await exp.evaluateModes();
        const secs = (performance.now() - t0) / 1000;
        opts.trace(
          `seed ${config.seed} step ${step} (${secs.toFixed(1)} s): ${e.modes_captured}/${e.modes_total} modes ` +
            `[${e.counts
              .map((c, i) => (c ? i : -1))
              .filter((i) => i >= 0)
              .join(' ')}], visited ${e.modes_visited}, ` +
            `${(100 * e.hq_fraction).toFixed(1)}% high quality, JS ${e.js.toFixed(3)}, D loss ${last[0]!.toFixed(3)}, ` +
            `D(G(z)) ${last[3]!.toFixed(3)}, |grad G| ${last[4]!.toExponential(2)}`,
        );
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const fake = await exp.samples();
    const e = await exp.evaluateModes(fake);
    if (opts.exportTo) writeFileSync(opts.exportTo, pointsToCsv(fake));
    const steps = exp.progress().step;
    return {
      preset: presetId,
      seed: config.seed,
      steps,
      modes_captured: e.modes_captured,
      modes_total: e.modes_total,
      hq_fraction: round(e.hq_fraction, 4),
      kl_uniform: e.kl_uniform === null ? null : round(e.kl_uniform, 4),
      js: round(e.js, 4),
      modes_visited: e.modes_visited,
      dominant_modes_visited: e.dominant_modes_visited,
      d_loss: round(last[0]!, 4),
      g_loss: round(last[1]!, 4),
      d_fake: round(last[3]!, 4),
      g_grad_norm: Number(last[4]!.toPrecision(4)),
      seconds: round(seconds, 2),
      steps_per_sec: round(steps / seconds, 1),
      backend,
    };
  } finally {
    exp.dispose();
  }
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

export function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd };
}

/** Mean +/- sd (sample sd) of the seeds' results, in words. */
export function summarise(records: readonly GanSeedRecord[]): string {
  if (records.length === 0) return 'no runs';
  const m = meanSd(records.map((r) => r.modes_captured));
  const hq = meanSd(records.map((r) => 100 * r.hq_fraction));
  const kls = records.flatMap((r) => (r.kl_uniform === null ? [] : [r.kl_uniform]));
  const kl = kls.length ? meanSd(kls) : null;
  const js = meanSd(records.map((r) => r.js));
  const secs = meanSd(records.map((r) => r.seconds));
  const total = records[0]!.modes_total;
  const full = records.filter((r) => r.modes_captured === total && r.hq_fraction >= 0.8).length;
  const few = records.filter((r) => r.modes_captured <= 3).length;
  const textbook = records.filter((r) => r.modes_captured <= 3 && r.hq_fraction >= 0.8).length;
  const hopped = records.filter((r) => r.modes_visited >= 2).length;
  const f = (x: { mean: number; sd: number }, d: number) => `${x.mean.toFixed(d)} +/- ${x.sd.toFixed(d)}`;
  return (
    `${records[0]!.preset}, ${records.length} seeds, ${records[0]!.steps} steps: modes ${f(m, 2)} of ${total}, ` +
    `high quality ${f(hq, 1)}%, KL to uniform ${kl ? `${f(kl, 3)} (${kls.length} seeds with HQ samples)` : '— (no HQ samples)'}, JS ${f(js, 3)}, ${f(secs, 1)} s per run; ` +
    `${full}/${records.length} seeds with all ${total} modes and >= 80% high quality, ` +
    `${few}/${records.length} with <= 3 modes (${textbook} of them with >= 80% high quality), ` +
    `${hopped}/${records.length} visited >= 2 modes`
  );
}

export async function runGan2dCli(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const err = errorWriter(json);
  const start = seedConfigs(argv, parseGanArgs, GAN_USAGE, buildGanConfig, err);
  if (typeof start === 'number') return start;
  const { args, configs } = start;
  const choice = await nodeEnv().chooseBackend(args.backend, { fast: !args.noFast });
  if (choice.notice) err('notice', choice.notice);
  const backend = tf.getBackend();
  const records: GanSeedRecord[] = [];
  try {
    for (const c of configs) {
      const r = await trainGanSeed(c, backend, args.preset, {
        traceEvery: args.trace,
        trace: (line) => err('trace', line),
        exportTo: args.exportSamples ? exportName(args.exportSamples, c.seed, configs.length > 1) : null,
      });
      records.push(r);
      const human =
        `seed ${r.seed}: ${r.modes_captured}/${r.modes_total} modes, ${(100 * r.hq_fraction).toFixed(1)}% high quality, ` +
        `KL ${r.kl_uniform === null ? '—' : r.kl_uniform.toFixed(3)}, JS ${r.js.toFixed(3)}; ${r.steps} steps in ${r.seconds.toFixed(1)} s on ${r.backend}`;
      process.stdout.write((json ? JSON.stringify(r) : human) + '\n');
    }
  } catch (e) {
    err('error', e instanceof Error ? e.message : String(e));
    return 1;
  }
  err('summary', summarise(records));
  return 0;
}
