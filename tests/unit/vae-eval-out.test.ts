// --eval-out (issue 9): the per-digit values written for paired comparisons are the ones the CLI's
// --eval-logpx means summarize, under the right names, one per test digit.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateLogPx, perDigitJson } from '../../src/cli/evalLogPx';
import { extractVaeFlags } from '../../src/cli/vaeFlags';
import { classicVaeConfig, type VaeConfig } from '../../src/config/vae';
import { Rng } from '../../src/core/rng';
import type { MnistSplit } from '../../src/data/mnist';
import { VaeExperiment } from '../../src/engine/vaeExperiment';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

function blobs(count: number, seed: number): MnistSplit {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * 784);
  for (let i = 0; i < images.length; i++) images[i] = rng.next() < 0.2 ? 255 : 0;
  return { count, images, labels: new Uint8Array(count) };
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

describe('--eval-out', () => {
  it('takes a file name, and needs one', () => {
    expect(extractVaeFlags(['--eval-logpx', '5', '--eval-out', 'a.json']).evalOut).toBe('a.json');
    expect(extractVaeFlags(['--eval-out=b.json']).evalOut).toBe('b.json');
    expect(extractVaeFlags(['--eval-logpx', '5']).evalOut).toBeNull();
    expect(() => extractVaeFlags(['--eval-out'])).toThrow(/^--eval-out: /);
  });

  it('writes the per-digit elbo, iwae_50 and log_px behind the reported means', async () => {
    const c: VaeConfig = structuredClone(classicVaeConfig);
    c.model.latentDim = 2;
    c.model.encoderHidden = [8];
    c.model.decoderHidden = [8];
    const test = blobs(6, 2);
    const exp = new VaeExperiment(c, blobs(16, 1), test);
    let file: ReturnType<typeof perDigitJson> | null = null;
    const r = await evaluateLogPx(
      exp.vae,
      test,
      7,
      3,
      () => {},
      (v) => {
        file = JSON.parse(JSON.stringify(perDigitJson(v)));
      },
    );
    expect(file).not.toBeNull();
    const f = file!;
    for (const k of ['elbo', 'iwae_50', 'log_px'] as const) {
      expect(f[k]).toHaveLength(6);
      expect(mean(f[k])).toBeCloseTo(r[k], 6);
    }
    expect(mean(f.iwae_50.map((v, i) => v - f.elbo[i]!))).toBeCloseTo(r.gap_iwae_50_minus_elbo, 6);
    expect(mean(f.log_px.map((v, i) => v - f.iwae_50[i]!))).toBeCloseTo(r.gap_log_px_minus_iwae_50, 6);
    exp.dispose();
  });
});
