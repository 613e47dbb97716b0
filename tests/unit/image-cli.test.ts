import { nearCopyShare } from '../../src/core/quality/nearCopies';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildImageConfig, parseImageArgs } from '../../src/cli/imageGan';
import { main } from '../../src/cli/train';
import { UsageError } from '../../src/cli/args';
import { parseIdxImages } from '../../src/data/idx';
import { encodeIdxImages } from '../../src/data/idxWrite';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'latent-lab-image-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('image GAN command line', () => {
  it('parses its flags; 10,000 samples by default; bad values name the flag', () => {
    const a = parseImageArgs([
      '--preset',
      'dcgan-mnist',
      '--seeds=5',
      '--set',
      'objective.loss=wganGp',
      '--json',
    ]);
    expect(a).toMatchObject({
      preset: 'dcgan-mnist',
      seeds: 5,
      samples: 10_000,
      json: true,
      classifier: 'standard',
    });
    expect(buildImageConfig(a, 9)).toMatchObject({ seed: 9, objective: { loss: 'wganGp' } });
    const flagOf = (argv: string[]) => {
      try {
        buildImageConfig(parseImageArgs(argv), 1);
        return '';
      } catch (e) {
        return (e as UsageError).flag;
      }
    };
    expect(flagOf(['--preset', 'dcgan-mnist', '--samples', '5'])).toBe('--samples');
    expect(flagOf(['--preset', 'dcgan-mnist', '--classifier', 'huge'])).toBe('--classifier');
    expect(flagOf(['--preset', 'dcgan-mnist', '--set', 'model.arch=resnet'])).toBe('--set');
    expect(flagOf(['--preset', 'classic-vae'])).toBe('--preset');
  });

  it('writes and reads back IDX3 image files', () => {
    const px = Uint8Array.from({ length: 3 * 784 }, (_, i) => i % 256);
    const back = parseIdxImages(encodeIdxImages(px, 3), 'x.idx');
    expect(back.count).toBe(3);
    expect(Array.from(back.pixels)).toEqual(Array.from(px));
  });

  it('npm run train -- --preset ... --json ends with mnist_score, frechet and class_kl; --export-samples writes IDX3', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      lines.push(String(s));
      return true;
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const file = join(dir, 'samples.idx');
    let code: number;
    try {
      code = await main([
        '--preset',
        'gan-mnist-collapse',
        '--steps',
        '3',
        '--samples',
        '300',
        '--classifier',
        'quick',
        '--export-samples',
        file,
        '--json',
      ]);
    } finally {
      spy.mockRestore();
      err.mockRestore();
    }
    expect(code).toBe(0);
    const objs = lines
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const last = objs[objs.length - 1];
    expect(last).toMatchObject({ preset: 'gan-mnist-collapse', steps: 3, samples: 300 });
    for (const k of ['mnist_score', 'frechet', 'class_kl']) expect(Number.isFinite(last[k])).toBe(true);
    expect(last.mnist_score).toBeGreaterThanOrEqual(1);
    expect(last.class_histogram.reduce((a: number, b: number) => a + b, 0)).toBe(300);
    const img = parseIdxImages(new Uint8Array(readFileSync(file)), file);
    expect(img.count).toBe(300);
    // The near-copy share printed is the exported digits' own (recomputed from the file's bytes).
    expect(last.near_copy_share).toBeCloseTo(await nearCopyShare(img.pixels, img.count), 4);
  });
});
