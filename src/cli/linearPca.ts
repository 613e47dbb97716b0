/**
 * `npm run train -- --preset linear-ae-pca --set model.latentDim=D --json`: trains a linear autoencoder
 * from random init on centred MNIST and compares its loss with the closed-form PCA residual. Prints one
 * JSON line per tenth of the run ({event: 'eval', step, train_loss, pca_residual, gap}) and a final
 * {event: 'done', ...} line: train_loss is the mean over the training images of the squared error summed
 * over pixels; pca_residual the sum of the discarded eigenvalues of the same images' (1/N) covariance.
 */
import * as tf from '@tensorflow/tfjs';
import { getPreset, listPresets } from '../config/presets';
import { parseExperimentConfig } from '../config/schema';
import type { AepcaConfig } from '../config/aepca';
import { LinearPcaRun } from '../core/linear/run';
import { nodeEnv } from '../engine/nodeEnv';
import { UsageError } from './args';
import { applySets } from './configEdit';
import { parseGanArgs, type GanCliArgs } from './gan2d';

export const LINEAR_PCA_USAGE = `Linear autoencoder against PCA's closed form (issue 10).

usage: npm run train -- --preset linear-ae-pca [--set model.latentDim=D] [--json] [options]

  --steps N                Adam steps (default: the preset's training.steps)
  --seed S                 initialisation and minibatch seed
  --set FIELD=VALUE        any config field, e.g. model.latentDim=50, data.trainSubset=60000
  --backend wasm|cpu       tfjs backend to try first
  --json                   JSON lines on stdout
  -h, --help               this text

Target: the final train_loss within 1 % of pca_residual (d = 2, 10, 50).`;

export function buildLinearConfig(args: GanCliArgs): AepcaConfig {
  const preset = getPreset(args.preset);
  if (!preset || preset.config.kind !== 'aepca' || preset.config.demo !== 'linear') {
    const ids = listPresets()
      .filter((p) => p.config.kind === 'aepca' && p.config.demo === 'linear')
      .map((p) => p.id);
    throw new UsageError('--preset', `not a linear-AE preset "${args.preset}"; known: ${ids.join(', ')}`);
  }
  const c = structuredClone(preset.config) as unknown as Record<string, unknown>;
  if (args.seed !== null) c.seed = args.seed;
  if (args.steps !== null) (c.training as Record<string, unknown>).steps = args.steps;
  applySets(c, args.sets);
  const r = parseExperimentConfig(c);
  if (!r.ok) throw new UsageError(r.field === 'training.steps' ? '--steps' : '--set', r.error);
  if (r.value.kind !== 'aepca') throw new UsageError('--preset', 'not an AE/PCA preset');
  return r.value;
}

export async function runLinearPcaCli(argv: readonly string[]): Promise<number> {
  const err = (m: string) => process.stderr.write(JSON.stringify({ event: 'error', message: m }) + '\n');
  let args: GanCliArgs;
  let config: AepcaConfig;
  try {
    args = parseGanArgs(argv);
    if (args.help) {
      process.stdout.write(LINEAR_PCA_USAGE + '\n');
      return 0;
    }
    config = buildLinearConfig(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(e.message);
    return 2;
  }
  tf.enableProdMode();
  const env = nodeEnv();
  const backend = await env.chooseBackend(args.backend);
  const t0 = performance.now();
  const mnist = await env.loadMnist();
  const n = Math.min(config.data.trainSubset, mnist.train.count);
  const d = config.model.latentDim;
  const run = new LinearPcaRun({
    images: mnist.train.images,
    n,
    dim: 784,
    d,
    steps: config.training.steps,
    batchSize: config.training.batchSize,
    lr: config.training.lr,
    seed: config.seed,
    extras: false,
  });
  const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
  const print = (o: Record<string, unknown>, human: string) =>
    process.stdout.write((args.json ? JSON.stringify(o) : human) + '\n');
  try {
    const every = Math.max(1, Math.floor(config.training.steps / 10));
    let loss = NaN;
    while (!run.finished()) {
      run.step().dispose();
      if (run.stepsDone % every === 0 || run.finished()) {
        loss = run.aes[0]!.meanLoss(run.x, n);
        if (!Number.isFinite(loss)) {
          err(`the loss is ${loss} at step ${run.stepsDone}: lower training.lr`);
          return 1;
        }
        print(
          {
            event: 'eval',
            step: run.stepsDone,
            train_loss: r4(loss),
            pca_residual: r4(run.residual),
            gap: r4(loss / run.residual - 1),
          },
          `step ${run.stepsDone}: loss ${loss.toFixed(4)}  PCA residual ${run.residual.toFixed(4)}  (+${(100 * (loss / run.residual - 1)).toFixed(3)} %)`,
        );
      }
    }
    const ev = run.evaluate();
    const gap = loss / run.residual - 1;
    const maxAngle = Math.max(...ev.angles[0]!);
    print(
      {
        event: 'done',
        preset: args.preset,
        latent_dim: d,
        train_images: n,
        steps: run.stepsDone,
        train_loss: r4(loss),
        pca_residual: r4(run.residual),
        total_variance: r4(run.totalVariance),
        gap: r4(gap),
        target_gap: 0.01,
        within_target: gap <= 0.01,
        max_principal_angle_deg: r4((maxAngle * 180) / Math.PI),
        seed: config.seed,
        seconds: Math.round((performance.now() - t0) / 10) / 100,
        backend: backend.name,
      },
      `d = ${d}: loss ${loss.toFixed(4)} vs PCA residual ${run.residual.toFixed(4)} (+${(100 * gap).toFixed(3)} %, target 1 %), largest principal angle ${((maxAngle * 180) / Math.PI).toFixed(2)}°`,
    );
    return 0;
  } finally {
    run.dispose();
  }
}
