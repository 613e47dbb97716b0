/**
 * `npm run train -- --preset constraints-ring-halfplane --seeds N --json`: the constraint lab in Node. Per
 * seed it trains the small models (the base GAN model.baseSteps steps; model.steps steps each: GANs on
 * filtered data, penalised, conditional; VAEs: plain, on filtered data, with the eq. 18 penalty) and prints one JSON line per method: method, seed, feasibility
 * (share of the 2,500 samples in C), divergence (MMD to the grid target, Gaussian kernel h = 0.2),
 * modes_captured of modes_total (target modes, the GAN lab's rule; null without discrete modes), hq (share of
 * samples within 3 sigma of a target mode), cost (generator forward passes per delivered sample). `--export-samples DIR` writes each
 * method's samples as DIR/METHOD-SEED.csv (x,y).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPreset, listPresets } from '../config/presets';
import { validateConfig } from '../config/validate';
import type { ConstraintsConfig } from '../config/constraints';
import { pointsToCsv } from '../core/gan/csv';
import { ConstraintRun, METHODS, type Method } from '../core/constraints/run';
import { runSettings } from '../core/constraints/settings';
import { nodeEnv } from '../engine/nodeEnv';
import { UsageError } from './args';
import { applySets } from './configEdit';
import { parseGanArgs, type GanCliArgs } from './gan2d';

export const CONSTRAINTS_USAGE = `Run a constraint-lab preset: where constraints enter, measured on one target.

usage: npm run train -- --preset ID [--seeds N] [--json] [options]

  --preset ID              constraints-ring-halfplane, constraints-moons-disc
  --seeds N                run N seeds: the preset's seed, seed + 1, ... (default 1)
  --seed S                 first seed (default: the preset's)
  --steps N                training steps of every model: sets model.steps (the filtered, penalised and
                           conditional GANs and the three VAEs; preset 2,000) and model.baseSteps (the
                           base GAN behind unconstrained, prior, rejection, langevin; preset 4,000).
                           For one of them: --set model.steps=N or --set model.baseSteps=N
  --set FIELD=VALUE        change any config field, e.g. --set constraint.mode=soft (repeatable)
  --export-samples DIR     write each method's samples as DIR/METHOD-SEED.csv (x,y)
  --methods A,B,...        print only these methods (and train only the models they need; the lines
                           equal those of the run of all methods); default all:
                           ${METHODS.join(', ')}
  --backend wasm|cpu       tfjs backend to try first
  --no-fast                tfjs's own WASM kernels instead of the fast GEMM/Adam kernels
  --json                   one JSON object per method and seed on stdout
  -h, --help               this text`;

export function buildConstraintsConfig(args: GanCliArgs, seed: number): ConstraintsConfig {
  const preset = getPreset(args.preset);
  if (!preset || preset.config.kind !== 'constraints') {
    const ids = listPresets()
      .filter((p) => p.config.kind === 'constraints')
      .map((p) => p.id);
    throw new UsageError(
      '--preset',
      `unknown constraint-lab preset "${args.preset}"; known: ${ids.join(', ')}`,
    );
  }
  const c = structuredClone(preset.config) as unknown as Record<string, unknown>;
  c.seed = seed;
  // --steps sets every model's training (as before model.baseSteps existed); a --set after it can split them.
  if (args.steps !== null) Object.assign(c.model as object, { steps: args.steps, baseSteps: args.steps });
  applySets(c, args.sets);
  const r = validateConfig(c, 'cli');
  if (!r.ok) {
    const f = r.error.field;
    const fromSteps = args.steps !== null && (f === 'model.steps' || f === 'model.baseSteps');
    throw new UsageError(fromSteps ? '--steps' : '--set', r.error.message);
  }
  if (r.value.kind !== 'constraints') throw new UsageError('--preset', 'not a constraint-lab preset');
  return r.value;
}

/** `--methods A,B` (or `--methods=A,B`) taken out of argv; the rest goes to the shared parser. */
export function takeMethods(argv: readonly string[]): { rest: string[]; methods: Method[] } {
  const rest: string[] = [];
  let methods: Method[] = [...METHODS];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a !== '--methods' && !a.startsWith('--methods=')) {
      rest.push(a);
      continue;
    }
    const v = a === '--methods' ? argv[++i] : a.slice('--methods='.length);
    if (!v) throw new UsageError('--methods', 'needs a value');
    const names = v.split(',').map((x) => x.trim());
    const bad = names.filter((x) => !(METHODS as readonly string[]).includes(x));
    if (bad.length)
      throw new UsageError('--methods', `unknown method(s) ${bad.join(', ')}; known: ${METHODS.join(', ')}`);
    methods = names as Method[];
  }
  return { rest, methods };
}

export async function runConstraintsCli(argv: readonly string[]): Promise<number> {
  const err = (m: string) => process.stderr.write(JSON.stringify({ event: 'error', message: m }) + '\n');
  let args: GanCliArgs;
  let first: ConstraintsConfig;
  let methods: Method[];
  try {
    const taken = takeMethods(argv);
    methods = taken.methods;
    args = parseGanArgs(taken.rest);
    if (args.help) {
      process.stdout.write(CONSTRAINTS_USAGE + '\n');
      return 0;
    }
    first = buildConstraintsConfig(args, args.seed ?? (getPreset(args.preset)?.config.seed as number));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(e.message);
    return 2;
  }
  const backend = await nodeEnv().chooseBackend(args.backend, { fast: !args.noFast });
  if (args.exportSamples) mkdirSync(args.exportSamples, { recursive: true });
  for (let i = 0; i < args.seeds; i++) {
    const seed = first.seed + i;
    const config = buildConstraintsConfig(args, seed);
    const t0 = performance.now();
    const run = new ConstraintRun(runSettings(config), seed, methods);
    while (!run.finished()) {
      for (const r of run.step()) {
        const { points, ...rest } = r;
        const line = {
          preset: args.preset,
          ...rest,
          seconds: +((performance.now() - t0) / 1000).toFixed(2),
          backend: backend.name,
        };
        process.stdout.write(
          args.json
            ? JSON.stringify(line) + '\n'
            : `${r.method} seed ${seed}: feasibility ${(100 * r.feasibility).toFixed(1)} %, MMD ${r.divergence.toFixed(4)}, modes ${r.modes_captured ?? '-'}/${r.modes_total ?? '-'}, on modes ${r.hq === null ? '-' : (100 * r.hq).toFixed(1) + ' %'}, cost ${r.cost.toFixed(1)}\n`,
        );
        if (args.exportSamples)
          writeFileSync(join(args.exportSamples, `${r.method}-${seed}.csv`), pointsToCsv(points));
      }
    }
  }
  return 0;
}
