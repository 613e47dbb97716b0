/**
 * `npm run train -- --preset constraints-mnist-ink --seeds N --json`: the constraint lab's MNIST version in
 * Node. Per seed it trains a small MLP VAE of MNIST and prints one JSON line per method (oneShot, rejection,
 * langevin): feasibility (share of the delivered mean images with ink < t), ink (their mean ink), divergence
 * (MMD to feasible test digits), cost (decoder passes per delivered image), real_feasible (share of the test
 * digits with ink < t).
 */
import { getPreset } from '../config/presets';
import { validateConfig } from '../config/validate';
import type { ConstraintsMnistConfig } from '../config/constraintsMnist';
import { MnistInkRun } from '../core/constraints/mnistRun';
import { mnistInkSettings } from '../core/constraints/mnistSettings';
import { nodeEnv } from '../engine/nodeEnv';
import { UsageError } from './args';
import { applySets } from './configEdit';
import { parseGanArgs, type GanCliArgs } from './gan2d';

export const CONSTRAINTS_MNIST_USAGE = `Run the constraint lab's MNIST preset: ink mass below t.

usage: npm run train -- --preset constraints-mnist-ink [--seeds N] [--json] [options]

  --seeds N                run N seeds: the preset's seed, seed + 1, ... (default 1)
  --seed S                 first seed (default: the preset's)
  --steps N                VAE training steps (default: the preset's model.steps)
  --set FIELD=VALUE        change any config field, e.g. --set constraint.inkMax=0.12 (repeatable)
  --backend wasm|cpu       tfjs backend to try first
  --no-fast                tfjs's own WASM kernels instead of the fast GEMM/Adam kernels
  --json                   one JSON object per method and seed on stdout
  -h, --help               this text`;

export function buildConstraintsMnistConfig(args: GanCliArgs, seed: number): ConstraintsMnistConfig {
  const preset = getPreset(args.preset);
  if (!preset || preset.config.kind !== 'constraintsMnist')
    throw new UsageError('--preset', `"${args.preset}" is not an MNIST constraint-lab preset`);
  const c = structuredClone(preset.config) as unknown as Record<string, unknown>;
  c.seed = seed;
  if (args.steps !== null) (c.model as Record<string, unknown>).steps = args.steps;
  applySets(c, args.sets);
  const r = validateConfig(c, 'cli');
  if (!r.ok) throw new UsageError(r.error.field === 'model.steps' ? '--steps' : '--set', r.error.message);
  if (r.value.kind !== 'constraintsMnist')
    throw new UsageError('--preset', 'not an MNIST constraint-lab preset');
  return r.value;
}

export async function runConstraintsMnistCli(argv: readonly string[], mnistDir?: string): Promise<number> {
  const err = (m: string) => process.stderr.write(JSON.stringify({ event: 'error', message: m }) + '\n');
  let args: GanCliArgs;
  let first: ConstraintsMnistConfig;
  try {
    args = parseGanArgs(argv);
    if (args.help) {
      process.stdout.write(CONSTRAINTS_MNIST_USAGE + '\n');
      return 0;
    }
    if (args.exportSamples) throw new UsageError('--export-samples', 'is for the 2-D presets only');
    first = buildConstraintsMnistConfig(args, args.seed ?? (getPreset(args.preset)?.config.seed as number));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(e.message);
    return 2;
  }
  const env = nodeEnv(mnistDir);
  const backend = await env.chooseBackend(args.backend, { fast: !args.noFast });
  const mnist = await env.loadMnist();
  for (let i = 0; i < args.seeds; i++) {
    const seed = first.seed + i;
    const config = buildConstraintsMnistConfig(args, seed);
    const t0 = performance.now();
    const run = new MnistInkRun(mnistInkSettings(config), seed, mnist);
    try {
      while (!run.finished()) {
        for (const r of run.step()) {
          const rest = (({ images: _images, ...o }) => o)(r);
          const line = {
            preset: args.preset,
            ...rest,
            t: config.constraint.inkMax,
            real_feasible: run.realFeasible,
            steps: config.model.steps,
            seconds: +((performance.now() - t0) / 1000).toFixed(2),
            backend: backend.name,
          };
          process.stdout.write(
            args.json
              ? JSON.stringify(line) + '\n'
              : `${r.method} seed ${seed}: feasibility ${(100 * r.feasibility).toFixed(1)} %, ink ${r.ink.toFixed(4)} (t ${config.constraint.inkMax}), MMD ${r.divergence.toFixed(4)}, cost ${r.cost.toFixed(1)}\n`,
          );
        }
      }
    } finally {
      run.dispose();
    }
  }
  return 0;
}
