import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTrainArgs, UsageError } from '../../src/cli/args';
import { buildGanConfig, parseGanArgs } from '../../src/cli/gan2d';
import { parseImageArgs } from '../../src/cli/imageGan';
import { buildConfig, main } from '../../src/cli/train';
import { extractVaeFlags } from '../../src/cli/vaeFlags';

// Issue 13, item 4: the CLIs turn any bad command line into a UsageError naming the flag (exit status
// 2), never another exception, never a config that skipped validation, never a polluted prototype.

const token = fc.oneof(
  fc.constantFrom(
    '--preset',
    'classic-vae',
    'gan-ring-collapse',
    '--epochs',
    '--lr',
    '--seed',
    '--steps',
    '--seeds',
    '--set',
    '--backend',
    'wasm',
    '--json',
    '--eval-logpx',
    '--lr=',
    '--bogus',
    '-x',
    '',
    '0',
    '-1',
    '1e9',
    'NaN',
    'objective.beta=2',
    'optimizer.lr=-1',
    '__proto__.polluted=1',
    'constructor.prototype.polluted=1',
    'model.nope=1',
    'training.maxSteps=abc',
    'a..b=1',
    '=1',
  ),
  fc.string({ maxLength: 10 }),
);
const argv = fc.array(token, { maxLength: 8 });

function outcome(f: () => unknown): 'ok' | 'usage' {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    // The message leads with the flag (or says what was unexpected).
    if (e.flag) expect(e.flag.startsWith('-') && e.message.startsWith(`${e.flag}: `), e.message).toBe(true);
    else expect(e.message).toMatch(/^unexpected argument/);
    return 'usage';
  }
}

describe('CLI input', () => {
  it('VAE flags, --set paths and values: a validated config or a UsageError (10,000 command lines)', () => {
    const seen = { ok: 0, usage: 0 };
    fc.assert(
      fc.property(argv, (a) => {
        seen[
          outcome(() => {
            const v = extractVaeFlags(a);
            const args = parseTrainArgs(v.rest);
            if (args.preset === 'classic-vae') buildConfig(args, v.sets);
          })
        ]++;
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 10_000 },
    );
    expect(seen.ok).toBeGreaterThan(100);
    expect(seen.usage).toBeGreaterThan(1000);
  });

  it('2-D GAN flags and --set: a validated config or a UsageError (10,000 command lines)', () => {
    const seen = { ok: 0, usage: 0 };
    fc.assert(
      fc.property(argv, (a) => {
        seen[
          outcome(() => {
            const args = parseGanArgs(['--preset', 'gan-ring-collapse', ...a]);
            if (args.preset === 'gan-ring-collapse') buildGanConfig(args, 1);
          })
        ]++;
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 10_000 },
    );
    expect(seen.ok).toBeGreaterThan(100);
    expect(seen.usage).toBeGreaterThan(1000);
  });

  it('the VAE, 2-D GAN and image CLIs accept and refuse the same forms of a flag', () => {
    const parsers = [parseTrainArgs, parseGanArgs, parseImageArgs];
    for (const parse of parsers) {
      expect(() => parse(['--json=1'])).toThrow(/^--json: takes no value/);
      expect(() => parse(['--seed'])).toThrow(/^--seed: needs a value/);
      expect(() => parse(['--seed', '--json'])).toThrow(/^--seed: needs a value/);
      expect(() => parse(['--bogus'])).toThrow(/^--bogus: unknown flag/);
      expect(() => parse(['stray'])).toThrow(/^unexpected argument "stray"/);
    }
    expect(parseGanArgs(['--seed=3', '--json'])).toEqual(parseGanArgs(['--seed', '3', '--json']));
    expect(parseImageArgs(['--seed=3', '--json'])).toEqual(parseImageArgs(['--seed', '3', '--json']));
    expect(parseGanArgs(['--seed', '3']).seed).toBe(3);
    expect(parseImageArgs(['--seed', '4']).seed).toBe(4);
    expect(parseTrainArgs(['--seed=3']).overrides.seed).toBe(3);
  });

  it('--no-fast reaches the 2-D GAN, constraint and image CLIs (off unless given; takes no value)', () => {
    expect(parseGanArgs(['--preset', 'gan-ring-collapse']).noFast).toBe(false);
    expect(parseGanArgs(['--preset', 'gan-ring-collapse', '--no-fast']).noFast).toBe(true);
    expect(parseImageArgs(['--preset', 'dcgan-mnist']).noFast).toBe(false);
    expect(parseImageArgs(['--no-fast', '--preset', 'dcgan-mnist']).noFast).toBe(true);
    expect(() => parseGanArgs(['--no-fast=1'])).toThrow(/--no-fast.*takes no value/);
  });

  it('names --set for a bad path or value, and refuses prototype paths', () => {
    const vae = (s: string) => () => buildConfig(parseTrainArgs([]), extractVaeFlags(['--set', s]).sets);
    for (const s of ['model.nope=1', 'nope.deeper=1', '__proto__.polluted=1', 'objective.beta=-1'])
      expect(vae(s)).toThrow(/^--set: /);
    const gan = (s: string) => () =>
      buildGanConfig(parseGanArgs(['--preset', 'gan-ring-collapse', '--set', s]), 1);
    for (const s of ['generator.nope=1', 'nope.deeper=1', 'constructor.prototype.polluted=1', 'optG.lr=-1'])
      expect(gan(s)).toThrow(/^--set: /);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('main() exits 2 for bad flags, --set paths and unknown presets, naming them', async () => {
    const err: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
    try {
      expect(await main(['--json', '--set', 'model.nope=1'])).toBe(2);
      expect(await main(['--json', '--epochs', 'two'])).toBe(2);
      expect(await main(['--json', '--preset', 'no-such'])).toBe(2);
      expect(await main(['--json', '--preset', 'gan-ring-collapse', '--set', '__proto__.x=1'])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    const messages = err.map((l) => JSON.parse(l).message as string);
    expect(messages).toEqual([
      expect.stringMatching(/^--set: .*model\.nope/),
      expect.stringMatching(/^--epochs: /),
      expect.stringMatching(/^--preset: unknown preset "no-such"/),
      expect.stringMatching(/^--set: no config field "__proto__\.x"/),
    ]);
  });
});
