/**
 * `npm run train -- --preset dcgan-mnist --json`: train an image GAN or adversarial autoencoder preset
 * in Node with the app's engine (WASM backend, falling back to cpu), then score 10,000 samples with the
 * project's MNIST classifier. With --json, stdout carries one JSON object per line: optional progress
 * lines ({"event":"metrics",...}, with --every) and one result line per seed ending with mnist_score,
 * frechet and class_kl. The multi-seed summary and notices go to stderr.
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import type { AaeConfig } from '../config/aae';
import type { ImageGanConfig } from '../config/imageGan';
import { QUICK_CLASSIFIER, STANDARD_CLASSIFIER } from '../core/quality/classifier';
import { QualityScorer } from '../core/quality/scorer';
import { labelAccuracy } from '../core/quality/labelAccuracy';
import { loadMnist, subset, type Mnist } from '../data/mnist';
import { nodeIdxReader } from '../data/mnistNode';
import { encodeIdxImages } from '../data/idxWrite';
import { AaeExperiment } from '../engine/aaeExperiment';
import { ImageGanExperiment } from '../engine/imageGanExperiment';
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
import { nodeScorer } from './quality';
import { meanSd } from './gan2d';

export const IMAGE_USAGE = `Train an image GAN or adversarial autoencoder preset on MNIST in Node and score its samples.

usage: npm run train -- --preset ID [--seeds N] [--json] [options]

  --preset ID            dcgan-mnist, gan-mnist-collapse, cgan-mnist, aae-mixture, ...
  --seeds N              run N seeds: the preset's seed, seed + 1, ... (default 1)
  --seed S               first seed (default: the preset's)
  --steps N              generator steps per run (default: the preset's training.maxSteps)
  --set FIELD=VALUE      change any config field, e.g. --set objective.loss=wganGp (repeatable)
  --samples N            digits generated and scored at the end (default 10000)
  --every N              also score monitor.metricSamples digits every N steps (default 0: only the end)
  --export-samples FILE  write the scored digits as an IDX3 ubyte file (MNIST's format, 28x28);
                         with several seeds FILE gets -seedS before its extension
  --classifier standard|quick  the scoring classifier (default standard; trained on first use and
                         cached in .cache/classifier, see npm run classifier)
  --backend wasm|cpu     tfjs backend to try first
  --no-fast              tfjs's own WASM kernels instead of the fast GEMM/Adam kernels
  --json                 one JSON object per line on stdout
  -h, --help             this text

Per seed: mnist_score (exp E_x KL(p(y|x) || p(y)), 1..10), frechet (Fréchet distance between the
classifier's 128 features of the samples and of the 10,000 test digits), class_kl (KL of the histogram
of predicted classes to uniform, nats; log 10 = 2.303 when one digit is all there is), near_copy_share
(share of the first 1,000 samples with a near-copy, pixel distance < 2, among them; the first 1,000 test
digits: 0.036; a generator repeating a few dozen images: near 1).`;

export interface ImageCliArgs {
  preset: string;
  seeds: number;
  seed: number | null;
  steps: number | null;
  sets: [string, unknown][];
  samples: number;
  every: number;
  exportSamples: string | null;
  classifier: 'standard' | 'quick';
  backend: CliBackend | null;
  /** --no-fast: tfjs's own WASM kernels instead of the fast ones (for comparison). */
  noFast: boolean;
  json: boolean;
  help: boolean;
}

const VALUE_FLAGS = [
  '--preset',
  '--seeds',
  '--seed',
  '--steps',
  '--set',
  '--samples',
  '--every',
  '--export-samples',
  '--classifier',
  '--backend',
];

export function parseImageArgs(argv: readonly string[]): ImageCliArgs {
  const a: ImageCliArgs = {
    preset: '',
    seeds: 1,
    seed: null,
    steps: null,
    sets: [],
    samples: 10_000,
    every: 0,
    exportSamples: null,
    classifier: 'standard',
    backend: null,
    noFast: false,
    json: false,
    help: false,
  };
  for (const { flag, raw: r } of scanArgs(argv, COMMON_SWITCHES, VALUE_FLAGS)) {
    if (commonSwitch(a, flag)) continue;
    const raw = r ?? '';
    switch (flag) {
      case '--preset':
        a.preset = raw;
        break;
      case '--seeds':
        a.seeds = intArg(flag, raw, 1, 1000);
        break;
      case '--seed':
        a.seed = intArg(flag, raw, 0, 2 ** 31 - 1);
        break;
      case '--steps':
        a.steps = intArg(flag, raw, 1);
        break;
      case '--samples':
        a.samples = intArg(flag, raw, 100, 100_000);
        break;
      case '--every':
        a.every = intArg(flag, raw, 0);
        break;
      case '--export-samples':
        if (!raw) throw new UsageError(flag, 'needs a file name');
        a.exportSamples = raw;
        break;
      case '--classifier':
        if (raw !== 'standard' && raw !== 'quick')
          throw new UsageError(flag, `expected standard or quick, got "${raw}"`);
        a.classifier = raw;
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

type ImageConfig = ImageGanConfig | AaeConfig;

/** The preset's config with --seed, --steps and --set applied, validated (errors name the flag or field). */
export function buildImageConfig(args: ImageCliArgs, seed: number): ImageConfig {
  return presetConfig(args.preset, ['imageGan', 'aae'], 'image', seed, args.steps, args.sets);
}

export interface ImageSeedRecord {
  preset: string;
  kind: string;
  seed: number;
  steps: number;
  samples: number;
  /** Per-step losses at the end (D and G losses; recon too for an AAE). */
  losses: Record<string, number>;
  class_histogram: number[];
  mean_confidence: number;
  seconds: number;
  steps_per_sec: number;
  backend: string;
  classifier: string;
  classifier_accuracy: number;
  mnist_score: number;
  frechet: number;
  class_kl: number;
  /** Share of the first 1,000 samples with a near-copy among them (core/quality/nearCopies.ts). */
  near_copy_share: number;
  /**
   * Conditional GANs only: the share of samples the classifier reads as the digit asked for (sample i
   * is drawn for digit i mod 10), overall and per digit 0..9.
   */
  label_accuracy?: number;
  label_accuracy_per_digit?: number[];
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

function makeExperiment(c: ImageConfig, mnist: Mnist): ImageGanExperiment | AaeExperiment {
  const train = subset(mnist.train, c.data.trainSubset);
  return c.kind === 'imageGan'
    ? new ImageGanExperiment(c, train)
    : new AaeExperiment(c, train, subset(mnist.test, c.data.testSubset));
}

/** Train one seed to the end and score `samples` digits; `onMetrics` reports intermediate scores. */
export async function trainImageSeed(
  config: ImageConfig,
  mnist: Mnist,
  scorer: QualityScorer,
  opts: {
    presetId: string;
    backend: string;
    samples: number;
    every?: number;
    onMetrics?: (r: Record<string, unknown>) => void;
    exportTo?: string | null;
  },
): Promise<ImageSeedRecord> {
  const exp = makeExperiment(config, mnist);
  try {
    const t0 = performance.now();
    let last: Float32Array = new Float32Array(exp.metricNames.length);
    let trainSeconds = 0;
    while (!exp.finished()) {
      const m = exp.step().metrics;
      const step = exp.progress().step;
      const every = opts.every ?? 0;
      const scoreNow = every > 0 && step % every === 0;
      if (step % 100 === 0 || exp.finished() || scoreNow) {
        last = (await m.data()) as Float32Array;
        if (!last.every(Number.isFinite)) {
          m.dispose();
          throw new Error(`the loss became NaN or infinite at step ${step} (seed ${config.seed})`);
        }
      }
      m.dispose();
      if (scoreNow && opts.onMetrics) {
        const t1 = performance.now();
        const b = await exp.sampleBytes();
        const s = await scorer.score(b.pixels, b.count);
        trainSeconds -= (performance.now() - t1) / 1000;
        opts.onMetrics({
          event: 'metrics',
          seed: config.seed,
          step,
          samples: b.count,
          mnist_score: round(s.mnistScore, 4),
          frechet: round(s.frechet!, 4),
          class_kl: round(s.classKl, 4),
          near_copy_share: round(s.nearCopyShare, 4),
          seconds: round((performance.now() - t0) / 1000, 1),
        });
      }
    }
    trainSeconds += (performance.now() - t0) / 1000;
    const batch = await exp.sampleBytes(opts.samples);
    const s = await scorer.score(batch.pixels, batch.count);
    if (opts.exportTo) writeFileSync(opts.exportTo, encodeIdxImages(batch.pixels, batch.count));
    const steps = exp.progress().step;
    const losses: Record<string, number> = {};
    exp.metricNames.forEach((n, i) => (losses[n] = round(last[i]!, 4)));
    return {
      preset: opts.presetId,
      kind: config.kind,
      seed: config.seed,
      steps,
      samples: batch.count,
      losses,
      class_histogram: s.histogram,
      mean_confidence: round(s.meanConfidence, 4),
      seconds: round(trainSeconds, 1),
      steps_per_sec: round(steps / trainSeconds, 2),
      backend: opts.backend,
      classifier: scorer.info.key,
      classifier_accuracy: scorer.info.testAccuracy,
      mnist_score: round(s.mnistScore, 4),
      frechet: round(s.frechet!, 4),
      class_kl: round(s.classKl, 4),
      near_copy_share: round(s.nearCopyShare, 4),
      ...(config.kind === 'imageGan' && config.model.conditional
        ? conditionalAccuracy(s.probs, batch.count)
        : {}),
    };
  } finally {
    exp.dispose();
  }
}

/** Sample i of a conditional GAN is drawn for digit i mod 10 (ImageGanExperiment.sampleBytes). */
function conditionalAccuracy(probs: Float32Array, n: number) {
  const a = labelAccuracy(
    probs,
    Array.from({ length: n }, (_, i) => i % 10),
  );
  return {
    label_accuracy: round(a.overall, 4),
    label_accuracy_per_digit: a.perLabel.map((x) => round(x, 4)),
  };
}

export function summariseImage(records: readonly ImageSeedRecord[]): string {
  if (records.length === 0) return 'no runs';
  const f = (k: 'mnist_score' | 'frechet' | 'class_kl' | 'near_copy_share') => {
    const m = meanSd(records.map((r) => r[k]));
    return `${m.mean.toFixed(3)} +/- ${m.sd.toFixed(3)}`;
  };
  return (
    `${records[0]!.preset}, ${records.length} seeds, ${records[0]!.steps} steps, ${records[0]!.samples} samples each: ` +
    `MNIST score ${f('mnist_score')}, Fréchet ${f('frechet')}, class KL ${f('class_kl')} nats, ` +
    `near-copy share ${f('near_copy_share')} (seeds ${records.map((r) => r.seed).join(', ')}; classifier ${records[0]!.classifier}, ` +
    `test accuracy ${(100 * records[0]!.classifier_accuracy).toFixed(2)}%)`
  );
}

export async function runImageCli(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const err = errorWriter(json);
  const start = seedConfigs(argv, parseImageArgs, IMAGE_USAGE, buildImageConfig, err);
  if (typeof start === 'number') return start;
  const { args, configs } = start;
  tf.enableProdMode();
  const choice = await nodeEnv().chooseBackend(args.backend, { fast: !args.noFast });
  if (choice.notice) err('notice', choice.notice);
  const backend = tf.getBackend();
  let scorer: QualityScorer | null = null;
  try {
    const mnist = await loadMnist(nodeIdxReader());
    scorer = await nodeScorer(
      args.classifier === 'quick' ? QUICK_CLASSIFIER : STANDARD_CLASSIFIER,
      mnist,
      (m) => err('classifier', m),
    );
    const records: ImageSeedRecord[] = [];
    for (const c of configs) {
      const r = await trainImageSeed(c, mnist, scorer, {
        presetId: args.preset,
        backend,
        samples: args.samples,
        every: args.every,
        onMetrics: (m) => process.stdout.write((json ? JSON.stringify(m) : humanMetrics(m)) + '\n'),
        exportTo: args.exportSamples ? exportName(args.exportSamples, c.seed, configs.length > 1) : null,
      });
      records.push(r);
      const human =
        `seed ${r.seed}: MNIST score ${r.mnist_score.toFixed(2)}, Fréchet ${r.frechet.toFixed(2)}, class KL ${r.class_kl.toFixed(3)}, ` +
        `near-copy share ${r.near_copy_share.toFixed(3)} (classes ${r.class_histogram.join(' ')}); ${r.steps} steps in ${r.seconds.toFixed(1)} s on ${r.backend}`;
      process.stdout.write((json ? JSON.stringify(r) : human) + '\n');
    }
    err('summary', summariseImage(records));
    return 0;
  } catch (e) {
    err('error', e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    scorer?.dispose();
  }
}

function humanMetrics(m: Record<string, unknown>): string {
  return `seed ${m.seed} step ${m.step}: MNIST score ${m.mnist_score}, Fréchet ${m.frechet}, class KL ${m.class_kl}, near-copy share ${m.near_copy_share} (${m.seconds} s)`;
}
