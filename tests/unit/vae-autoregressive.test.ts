// The autoregressive (MADE) decoder of the posterior-collapse preset: output i depends only on pixels
// before i (checked on the network by perturbing pixels), log p(x|z) equals a per-pixel Bernoulli sum
// computed independently, the sequential sampler draws from the same conditionals as teacher forcing,
// and the saved LayersModel gives the same logits.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveVae } from '../../src/cli/save';
import { parseExperimentConfig } from '../../src/config/schema';
import { classicVaeConfig, type VaeConfig } from '../../src/config/vae';
import { sampleAutoregressive } from '../../src/core/vae/autoregressiveSampler';
import { AutoregressiveDecoder } from '../../src/core/vae/autoregressiveDecoder';
import { Vae } from '../../src/core/vae/vae';
import { Rng } from '../../src/core/rng';
import type { MnistSplit } from '../../src/data/mnist';
import { VaeExperiment } from '../../src/engine/vaeExperiment';

const D = 3;
const model: VaeConfig['model'] = {
  ...structuredClone(classicVaeConfig.model),
  decoder: 'autoregressive',
  likelihood: 'bernoulli-binarized',
  encoderHidden: [12],
  decoderHidden: [24],
  latentDim: D,
};

let vae: Vae;
beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  vae = new Vae(model, 11);
  // Non-trivial biases (a dropped one shows).
  for (const v of vae.variables())
    if (v.shape.length === 1) v.assign(tf.randomNormal(v.shape, 0, 0.5, 'float32', 3));
});
let disposed = false;
afterAll(() => {
  if (!disposed) vae.dispose();
});

/** A fixed binary "digit": a ring of ink. */
function ring(): Float32Array {
  const x = new Float32Array(784);
  for (let p = 0; p < 784; p++) {
    const d = Math.hypot((p % 28) - 14, Math.floor(p / 28) - 13);
    x[p] = d > 5 && d < 9 ? 1 : 0;
  }
  return x;
}

const zOf = (n: number) =>
  tf.tensor2d(
    Float32Array.from({ length: n * D }, (_, i) => Math.sin(1.3 * i + 0.4)),
    [n, D],
  );

/** Teacher-forced logits for rows of x (all at the same z). */
function logits(rows: Float32Array[], zRow = 0): Float32Array {
  return tf.tidy(() => {
    const n = rows.length;
    const x = tf.tensor2d(
      rows.flatMap((r) => Array.from(r)),
      [n, 784],
    );
    const z = tf.tile(zOf(zRow + 1).slice([zRow, 0], [1, D]), [n, 1]) as tf.Tensor2D;
    return vae.decodeOutput(z, null, x).dataSync() as Float32Array;
  });
}

describe('autoregressive decoder', () => {
  it('output i does not change when pixel j >= i changes, and some later output does', () => {
    expect(vae.decoder).toBeInstanceOf(AutoregressiveDecoder);
    const x = ring();
    const rows = [x];
    const js = Array.from({ length: 784 }, (_, j) => j); // every pixel
    for (const j of js) {
      const y = x.slice();
      y[j] = 1 - y[j]!;
      rows.push(y);
    }
    const out = logits(rows);
    const base = out.subarray(0, 784);
    let worstBefore = 0;
    let fewestAfter = Infinity;
    js.forEach((j, r) => {
      const moved = out.subarray((r + 1) * 784, (r + 2) * 784);
      let before = 0;
      let after = 0;
      for (let i = 0; i < 784; i++) {
        const d = Math.abs(moved[i]! - base[i]!);
        if (i <= j) before = Math.max(before, d);
        else after = Math.max(after, d);
      }
      worstBefore = Math.max(worstBefore, before);
      if (before !== 0) throw new Error(`pixel ${j} changed an output at or before it (by ${before})`);
      if (j < 783) fewestAfter = Math.min(fewestAfter, after);
    });
    expect(worstBefore).toBe(0);
    expect(fewestAfter).toBeGreaterThan(1e-4); // every pixel but the last reaches some later output
  });

  it('z reaches every output, the first pixel’s included (through the units that see no pixels)', () => {
    // With every hidden unit switched on (a large bias: no ReLU at zero), each output's dependence on z
    // is the network's wiring alone.
    const dec = vae.decoder as AutoregressiveDecoder;
    const saved = dec.inZ.b.clone();
    dec.inZ.b.assign(tf.fill(dec.inZ.b.shape, 50));
    const n = 3;
    const x = tf.tensor2d(Array.from({ length: n }, () => Array.from(ring())).flat(), [n, 784]);
    const out = tf.tidy(() => vae.decodeOutput(zOf(n), null, x).dataSync());
    dec.inZ.b.assign(saved);
    tf.dispose([x, saved]);
    let moved = 0;
    for (let i = 0; i < 784; i++) {
      let spread = 0;
      for (let r = 1; r < n; r++) spread = Math.max(spread, Math.abs(out[r * 784 + i]! - out[i]!));
      if (spread > 1e-4) moved++;
    }
    expect(moved).toBe(784);
  });

  it('log p(x|z) equals the sum over pixels of log Bern(x_i | p_i), each p_i from x_<i alone', () => {
    const x = ring();
    const xt = tf.tensor2d(x, [1, 784]);
    const eps = tf.tensor2d([[0.3, -1.1, 0.7]]);
    const p = vae.pass(xt, null, eps);
    const got = p.logLik.dataSync()[0]!;
    const z = p.z.dataSync().slice();
    tf.dispose([p.mu, p.logVar, p.z, p.out, p.logLik, xt, eps]);
    // Row i holds only the pixels before i (the rest zero): its logit i is p(x_i | x_<i, z) by
    // definition, computed without trusting the masks.
    const out = tf.tidy(() => {
      const rows = new Float32Array(784 * 784);
      for (let i = 0; i < 784; i++) rows.set(x.subarray(0, i), i * 784);
      const zs = tf.tile(tf.tensor2d(z, [1, D]), [784, 1]) as tf.Tensor2D;
      return vae.decodeOutput(zs, null, tf.tensor2d(rows, [784, 784])).dataSync();
    });
    let want = 0;
    for (let i = 0; i < 784; i++) {
      const q = 1 / (1 + Math.exp(-out[i * 784 + i]!));
      want += x[i]! === 1 ? Math.log(q) : Math.log(1 - q);
    }
    expect(want).toBeLessThan(-100); // a random decoder: far from certain
    expect(Math.abs(got - want)).toBeLessThan(1e-4 * Math.abs(want));
  });

  it('sequential sampling draws each pixel with the teacher-forced probability of the drawn image', () => {
    const n = 3;
    const z = zOf(n);
    const w = (vae.decoder as AutoregressiveDecoder).weightsSync();
    const { x, p } = sampleAutoregressive(w, z.dataSync(), n, 5);
    const forced = tf.tidy(() => tf.sigmoid(vae.decodeOutput(z, null, tf.tensor2d(x, [n, 784]))).dataSync());
    let worst = 0;
    for (let i = 0; i < n * 784; i++) worst = Math.max(worst, Math.abs(forced[i]! - p[i]!));
    expect(worst).toBeLessThan(1e-5);
    expect(x.every((v) => v === 0 || v === 1)).toBe(true);
    // decodeMean shows those probabilities (seeded: the same z gives the same image).
    const mean = tf.tidy(() => vae.decodeMean(z).dataSync());
    const again = sampleAutoregressive(w, z.dataSync(), n, 7).p;
    expect(Array.from(mean)).toEqual(Array.from(again));
    z.dispose();
  });

  it('saves a teacher-forced decoder model that reloads with the same logits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ar-save-'));
    try {
      await saveVae(dir, vae, { config: { ...classicVaeConfig, model } });
      const path = join(dir, 'decoder', 'model.json');
      const reloaded = await tf.loadLayersModel({
        load: async () => {
          const json = JSON.parse(readFileSync(path, 'utf8')) as tf.io.ModelJSON;
          return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
            const b = readFileSync(join(dirname(path), manifest[0]!.paths[0]!));
            return [
              manifest.flatMap((g) => g.weights),
              b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer,
            ];
          });
        },
      });
      const z = zOf(2);
      const x = tf.tensor2d(Array.from(ring()).concat(Array.from(ring()).reverse()), [2, 784]);
      const a = reloaded.predict([z, x]) as tf.Tensor;
      const b = vae.decodeOutput(z, null, x);
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
      expect(diff).toBeLessThan(1e-4);
      tf.dispose([a, b, x, z]);
      reloaded.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the config rejects an autoregressive decoder it cannot build, naming the field', () => {
    const bad = (edit: Partial<VaeConfig['model']>) =>
      parseExperimentConfig({ ...classicVaeConfig, model: { ...model, ...edit } });
    expect(bad({}).ok).toBe(true);
    for (const edit of [
      { likelihood: 'gaussian' as const },
      { architecture: 'conv' as const },
      { decoderHidden: [8, 8] },
    ]) {
      const r = bad(edit);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.field).toBe('model.decoder');
    }
    // Configs without the field (older links and files) keep the MLP decoder.
    const old: Record<string, unknown> = { ...classicVaeConfig.model };
    delete old.decoder;
    const r = parseExperimentConfig({ ...classicVaeConfig, model: old });
    expect(r.ok && r.value.kind === 'vae' && r.value.model.decoder).toBe('mlp');
  });

  it('trains, snapshots and evaluates in the engine without leaking tensors', async () => {
    const split = (count: number, seed: number): MnistSplit => {
      const rng = new Rng(seed);
      const images = new Uint8Array(count * 784);
      for (let i = 0; i < count * 784; i++) images[i] = rng.next() < 0.15 ? 255 : 0;
      return { count, images, labels: new Uint8Array(count) };
    };
    const config: VaeConfig = {
      ...structuredClone(classicVaeConfig),
      model: { ...model, decoderHidden: [16] },
      training: { batchSize: 16, epochs: 1 },
    };
    vae.dispose(); // the engine builds its own model (variable names must be unique); this test runs last
    disposed = true;
    const before = tf.memory().numTensors;
    const exp = new VaeExperiment(config, split(64, 1), split(24, 2));
    const counts: number[] = [];
    for (let i = 0; i < 6; i++) {
      const o = exp.step();
      const v = await o.metrics.data();
      o.metrics.dispose();
      expect(Array.from(v).every(Number.isFinite)).toBe(true);
      counts.push(tf.memory().numTensors);
    }
    expect(counts[5]).toBe(counts[1]);
    await exp.snapshot();
    await exp.evaluate();
    const after = tf.memory().numTensors;
    const snap = await exp.snapshot();
    await exp.evaluate();
    expect(tf.memory().numTensors).toBe(after);
    expect(snap.samples.count).toBe(64);
    exp.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
