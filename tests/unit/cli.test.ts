import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyOverrides, flagForField, parseTrainArgs, peekPreset, UsageError } from '../../src/cli/args';
import { buildConfig } from '../../src/cli/train';
import { classicVaeConfig } from '../../src/config/vae';
import { requireMnist } from './requireMnist';

function usageError(f: () => unknown): UsageError {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError');
}

describe('train CLI flags', () => {
  it('parses flags, with "--flag value" and "--flag=value"', () => {
    const a = parseTrainArgs([
      '--preset',
      'classic-vae',
      '--epochs=3',
      '--json',
      '--seed',
      '7',
      '--lr',
      '3e-4',
      '--batch-size',
      '64',
      '--train-subset',
      '1000',
      '--test-subset=200',
      '--backend',
      'cpu',
      '--save',
      'out/dir',
    ]);
    expect(a).toMatchObject({
      preset: 'classic-vae',
      json: true,
      backend: 'cpu',
      save: 'out/dir',
      help: false,
    });
    expect(a.overrides).toEqual({
      'training.epochs': 3,
      seed: 7,
      'optimizer.lr': 3e-4,
      'training.batchSize': 64,
      'data.trainSubset': 1000,
      'data.testSubset': 200,
    });
    const c = buildConfig(a);
    expect(c.kind === 'vae' && [c.training.epochs, c.seed, c.optimizer.lr, c.data.testSubset]).toEqual([
      3, 7, 3e-4, 200,
    ]);
    // the preset itself is untouched
    expect(classicVaeConfig.training.epochs).toBe(10);
  });

  it('rejects bad input naming the flag', () => {
    expect(usageError(() => parseTrainArgs(['--epochs', 'ten'])).message).toMatch(
      /^--epochs: expected a number/,
    );
    expect(usageError(() => parseTrainArgs(['--epochs', '2.5'])).message).toMatch(
      /^--epochs: expected a whole number/,
    );
    expect(usageError(() => parseTrainArgs(['--lr'])).message).toMatch(/^--lr: needs a value/);
    expect(usageError(() => parseTrainArgs(['--lr', '--json'])).message).toMatch(/^--lr: needs a value/);
    expect(usageError(() => parseTrainArgs(['--backend', 'webgl'])).message).toMatch(
      /^--backend: expected one of wasm, cpu/,
    );
    expect(usageError(() => parseTrainArgs(['--frobnicate'])).flag).toBe('--frobnicate');
    expect(usageError(() => parseTrainArgs(['--json=yes'])).flag).toBe('--json');
    // values the config schema rejects are reported under their flag
    expect(usageError(() => buildConfig(parseTrainArgs(['--lr', '-1']))).message).toMatch(
      /^--lr: .*optimizer\.lr/,
    );
    expect(usageError(() => buildConfig(parseTrainArgs(['--epochs', '0']))).flag).toBe('--epochs');
    expect(usageError(() => buildConfig(parseTrainArgs(['--batch-size', '99999']))).flag).toBe(
      '--batch-size',
    );
    expect(usageError(() => buildConfig(parseTrainArgs(['--seed', '-3']))).flag).toBe('--seed');
  });

  it('maps fields to flags and applies overrides on a copy', () => {
    expect(flagForField('optimizer.lr')).toBe('--lr');
    expect(flagForField('model.latentDim')).toBeNull();
    const c = applyOverrides(classicVaeConfig, { 'optimizer.lr': 0.5 });
    expect(c.optimizer.lr).toBe(0.5);
    expect(classicVaeConfig.optimizer.lr).toBe(1e-3);
    expect(peekPreset(['--json', '--preset', 'x'])).toBe('x');
    expect(peekPreset(['--preset=y'])).toBe('y');
    expect(peekPreset([])).toBe('classic-vae');
  });
});

/** Run `tsx src/cli/train.ts ...`; resolves with exit code, stdout and stderr. */
function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/train.ts', ...args],
      { timeout: 300_000 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

describe('train CLI end to end', () => {
  beforeAll(requireMnist);

  it('--json prints only JSON lines, repeats exactly with the same seed, and saves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latent-lab-cli-'));
    try {
      const flags = [
        '--epochs',
        '2',
        '--json',
        '--train-subset',
        '512',
        '--test-subset',
        '256',
        '--seed',
        '11',
      ];
      const [a, b] = await Promise.all([runCli([...flags, '--save', dir]), runCli(flags)]);
      for (const r of [a, b]) {
        expect(r.code, r.stderr).toBe(0);
        const lines = r.stdout.trim().split('\n');
        expect(lines).toHaveLength(3);
        const objs = lines.map((l) => JSON.parse(l));
        expect(objs[0]).toMatchObject({ epoch: 1, step: 4 });
        for (const k of ['train_loss', 'test_loss', 'recon', 'kl', 'train_recon', 'train_kl', 'seconds']) {
          expect(Number.isFinite(objs[1][k]), k).toBe(true);
        }
        // Two epochs of 4 steps at lr 1e-3 already lower the test loss (untrained: ~543 nats).
        expect(objs[1].test_loss).toBeLessThan(objs[0].test_loss);
        expect(objs[2]).toMatchObject({ event: 'done', epochs: 2, steps: 8 });
        // stderr: JSON lines too
        for (const l of r.stderr
          .trim()
          .split('\n')
          .filter((s) => s.startsWith('{')))
          JSON.parse(l);
      }
      const strip = (s: string) => s.replace(/"seconds":[\d.]+,?/g, '').replace(/"saved":[^,}]*/, '');
      expect(strip(a.stdout)).toBe(strip(b.stdout));
      const exp = JSON.parse(readFileSync(join(dir, 'experiment.json'), 'utf8'));
      expect(exp.config.seed).toBe(11);
      expect(exp.metrics.test_loss).toBe(JSON.parse(a.stdout.trim().split('\n')[1]!).test_loss);
      expect(existsSync(join(dir, 'decoder', 'weights.bin'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('exits 2 on a bad flag and on missing MNIST files, with JSON errors on stderr naming them', async () => {
    const bad = await runCli(['--lr', '-1', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(JSON.parse(bad.stderr.trim().split('\n').pop()!)).toMatchObject({ event: 'error' });
    expect(bad.stderr).toContain('--lr');

    const empty = mkdtempSync(join(tmpdir(), 'latent-lab-nomnist-'));
    const missing = await runCli(['--epochs', '1', '--json', '--mnist-dir', empty]);
    rmSync(empty, { recursive: true, force: true });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/idx\d-ubyte: cannot read/);
  }, 300_000);
});
