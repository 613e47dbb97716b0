import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vae } from '../../src/core/vae/vae';
import { classicVaeConfig } from '../../src/config/vae';
import { JsDecoder } from '../../src/core/latent/jsDecoder';
import { Rng } from '../../src/core/rng';
import type { MnistSplit } from '../../src/data/mnist';
import { answerVaeQuery, queryPauseMs, type VaeQueryTarget } from '../../src/engine/vaeQueries';
import type { VaeAnswers, VaeQuery } from '../../src/engine/latentProtocol';
import type { Decoder } from '../../src/core/vae/networks';

const D = 4;
const TEST_N = 1100; // more than one chunk of the test-set passes (500 to encode, 250 with ELBO)
const rng = new Rng(5);
let model: Vae;
let target: VaeQueryTarget;

function syntheticTest(n: number): MnistSplit {
  const images = new Uint8Array(n * 784);
  for (let i = 0; i < images.length; i++) images[i] = rng.next() < 0.2 ? Math.floor(rng.next() * 256) : 0;
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  return { count: n, images, labels };
}

async function ask<K extends keyof VaeAnswers>(q: Extract<VaeQuery, { type: K }>): Promise<VaeAnswers[K]> {
  const a = await answerVaeQuery(target, q);
  return a.result as VaeAnswers[K];
}

const randn = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
const images = (n: number) => Float32Array.from({ length: n * 784 }, () => rng.next());

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = new Vae(
    {
      ...structuredClone(classicVaeConfig.model),
      encoderHidden: [32],
      decoderHidden: [24, 16],
      latentDim: D,
    },
    9,
  );
  target = { model, test: syntheticTest(TEST_N), step: () => 17, seed: 3 };
});
afterAll(() => model.dispose());

describe('pure-JS decoder', () => {
  it('equals Vae.decodeMean on random z (1e-5)', async () => {
    const layers = await Promise.all(
      [...(model.decoder as Decoder).dense, (model.decoder as Decoder).out!].map(async (p) => ({
        inDim: p.W.shape[0]!,
        outDim: p.W.shape[1]!,
        W: (await p.W.data()).slice() as Float32Array,
        b: (await p.b.data()).slice() as Float32Array,
      })),
    );
    const dec = new JsDecoder({ layers });
    expect(dec.latentDim).toBe(D);
    expect(dec.outputDim).toBe(784);
    const n = 7;
    const z = randn(n * D).map((x) => 3 * x);
    const mine = dec.decode(z, n);
    const ref = tf.tidy(() => model.decodeMean(tf.tensor2d(z, [n, D])));
    const want = await ref.data();
    ref.dispose();
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(mine[i]! - want[i]!));
    expect(worst).toBeLessThan(1e-5);
    // reusable output buffer and per-row equivalence
    const one = dec.decode(z.subarray(D, 2 * D), 1, new Float32Array(784));
    expect(Array.from(one)).toEqual(Array.from(mine.subarray(784, 2 * 784)));
    expect(() => dec.decode(z, n + 1)).toThrow(RangeError);
  });

  it('rejects inconsistent layer shapes', () => {
    const l = (i: number, o: number) => ({
      inDim: i,
      outDim: o,
      W: new Float32Array(i * o),
      b: new Float32Array(o),
    });
    expect(() => new JsDecoder({ layers: [l(4, 8), l(7, 784)] })).toThrow(RangeError);
    expect(() => new JsDecoder({ layers: [{ ...l(4, 8), b: new Float32Array(3) }] })).toThrow(RangeError);
  });
});

describe('VAE queries', () => {
  it('decode: n x 784 bytes equal to the decoder mean', async () => {
    const z = randn(5 * D);
    const a = await ask({ type: 'decode', z, n: 5 });
    expect(a).toMatchObject({ step: 17, n: 5, width: 28, height: 28 });
    expect(a.pixels).toBeInstanceOf(Uint8ClampedArray);
    expect(a.pixels.length).toBe(5 * 784);
    const ref = tf.tidy(() => model.decodeMean(tf.tensor2d(z, [5, D])));
    const want = await ref.data();
    ref.dispose();
    for (let i = 0; i < want.length; i++)
      expect(Math.abs(a.pixels[i]! - want[i]! * 255)).toBeLessThanOrEqual(0.5 + 1e-3);
  });

  it('encode: mu and logVar of n images', async () => {
    const x = images(3);
    const a = await ask({ type: 'encode', images: x, n: 3 });
    expect([a.n, a.dim, a.mu.length, a.logVar.length]).toEqual([3, D, 3 * D, 3 * D]);
    const q = tf.tidy(() => model.encode(tf.tensor2d(x, [3, 784])));
    const mu = await q.mu.data();
    q.mu.dispose();
    q.logVar.dispose();
    for (let i = 0; i < mu.length; i++) expect(a.mu[i]).toBeCloseTo(mu[i]!, 6);
  });

  it('elbo: per-example terms with ELBO = -(recon + KL) and the closed-form KL', async () => {
    const x = images(4);
    const a = await ask({ type: 'elbo', images: x, n: 4, samples: 3 });
    expect([a.n, a.samples, a.elbo.length, a.recon.length, a.kl.length]).toEqual([4, 3, 4, 4, 4]);
    const e = await ask({ type: 'encode', images: x, n: 4 });
    for (let i = 0; i < 4; i++) {
      let kl = 0;
      for (let k = 0; k < D; k++) {
        const m = e.mu[i * D + k]!;
        const lv = e.logVar[i * D + k]!;
        kl += -0.5 * (1 + lv - m * m - Math.exp(lv));
      }
      expect(a.kl[i]).toBeCloseTo(kl, 4);
      expect(a.recon[i]).toBeGreaterThan(0);
      expect(a.elbo[i]).toBeCloseTo(-(a.recon[i]! + a.kl[i]!), 3);
    }
    // same question, same answer (fixed eps seeds)
    const again = await ask({ type: 'elbo', images: x, n: 4, samples: 3 });
    expect(Array.from(again.elbo)).toEqual(Array.from(a.elbo));
  });

  it('testEncodings: the whole test set, chunked, consistent with encode', async () => {
    const a = await ask({ type: 'testEncodings', withLogVar: true, withElbo: true });
    expect([a.n, a.dim, a.mu.length, a.logVar!.length, a.elbo!.length, a.labels.length]).toEqual([
      TEST_N,
      D,
      TEST_N * D,
      TEST_N * D,
      TEST_N,
      TEST_N,
    ]);
    expect(a.labels[13]).toBe(3);
    expect(a.elbo!.every((v) => Number.isFinite(v) && v < 0)).toBe(true);
    // rows on both sides of the chunk boundaries match a direct encode of the same images
    const rows = [0, 499, 500, 999, 1000, TEST_N - 1];
    const x = new Float32Array(rows.length * 784);
    rows.forEach((r, i) => {
      for (let c = 0; c < 784; c++) x[i * 784 + c] = target.test.images[r * 784 + c]! / 255;
    });
    const e = await ask({ type: 'encode', images: x, n: rows.length });
    rows.forEach((r, i) => {
      for (let k = 0; k < D; k++) expect(a.mu[r * D + k]).toBeCloseTo(e.mu[i * D + k]!, 5);
    });
    const plain = await ask({ type: 'testEncodings' });
    expect(plain.logVar).toBeUndefined();
    expect(plain.elbo).toBeUndefined();
  });

  it('classMeans: the mean encoding of each digit', async () => {
    const enc = await ask({ type: 'testEncodings' });
    const a = await ask({ type: 'classMeans' });
    expect([a.numClasses, a.dim, a.means.length]).toEqual([10, D, 10 * D]);
    expect(Array.from(a.counts)).toEqual(Array(10).fill(TEST_N / 10));
    for (let k = 0; k < D; k++) {
      let s = 0;
      for (let i = 3; i < TEST_N; i += 10) s += enc.mu[i * D + k]!;
      expect(a.means[3 * D + k]).toBeCloseTo(s / (TEST_N / 10), 4);
    }
  });

  it('decoderWeights: copies that drive the JS decoder, safe to transfer', async () => {
    const q = await answerVaeQuery(target, { type: 'decoderWeights' });
    const a = q.result as VaeAnswers['decoderWeights'];
    expect(a.latentDim).toBe(D);
    expect(a.layers.map((l) => [l.inDim, l.outDim])).toEqual([
      [D, 24],
      [24, 16],
      [16, 784],
    ]);
    // Transfer the buffers away (as postMessage would): the model must be unaffected.
    const moved = structuredClone(a, { transfer: q.transfer as Transferable[] });
    expect(a.layers[0]!.W.length).toBe(0); // detached here
    const z = randn(2 * D);
    const mine = new JsDecoder(moved).decode(z, 2);
    const ref = tf.tidy(() => model.decodeMean(tf.tensor2d(z, [2, D])));
    const want = await ref.data();
    ref.dispose();
    for (let i = 0; i < want.length; i++) expect(Math.abs(mine[i]! - want[i]!)).toBeLessThan(1e-5);
  });

  it('testImages: bytes and labels by index', async () => {
    const a = await ask({ type: 'testImages', indices: [0, 42, TEST_N - 1] });
    expect(Array.from(a.labels)).toEqual([0, 2, (TEST_N - 1) % 10]);
    expect(Array.from(a.pixels.subarray(784, 2 * 784))).toEqual(
      Array.from(target.test.images.subarray(42 * 784, 43 * 784)),
    );
    await expect(ask({ type: 'testImages', indices: [TEST_N] })).rejects.toThrow(/not in/);
  });

  it('rejects malformed queries with a message', async () => {
    await expect(ask({ type: 'decode', z: new Float32Array(3), n: 1 })).rejects.toThrow(/expected 1 x 4/);
    await expect(ask({ type: 'decode', z: [1, 2, 3, 4] as unknown as Float32Array, n: 1 })).rejects.toThrow(
      /Float32Array/,
    );
    await expect(ask({ type: 'encode', images: new Float32Array(784), n: 0 })).rejects.toThrow(/n must be/);
    await expect(ask({ type: 'elbo', images: new Float32Array(784), n: 1, samples: 0 })).rejects.toThrow(
      /samples/,
    );
    await expect(answerVaeQuery(target, { type: 'nope' })).rejects.toThrow(/unknown VAE query "nope"/);
  });

  it('leaks no tensors across repeated queries of every type, errors included', async () => {
    const all: VaeQuery[] = [
      { type: 'decode', z: randn(9 * D), n: 9 },
      { type: 'encode', images: images(2), n: 2 },
      { type: 'elbo', images: images(2), n: 2, samples: 2 },
      { type: 'testEncodings', withLogVar: true, withElbo: true },
      { type: 'classMeans' },
      { type: 'decoderWeights' },
      { type: 'testImages', indices: [1, 2] },
      { type: 'decode', z: new Float32Array(1), n: 1 },
    ];
    const run = async () => {
      for (const q of all) await answerVaeQuery(target, q).catch(() => undefined);
    };
    await run();
    const before = tf.memory().numTensors;
    for (let r = 0; r < 3; r++) await run();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('test-set passes share the engine with training (issue 15)', () => {
  it('pace is asked between chunks, with each chunk’s time, and the answer is unchanged by it', async () => {
    const paced: number[] = [];
    const slow: VaeQueryTarget = {
      ...target,
      pace: async (ms) => {
        paced.push(ms);
        await new Promise((r) => setTimeout(r, 1));
      },
    };
    const a = (await answerVaeQuery(slow, { type: 'testEncodings', withElbo: true }))
      .result as VaeAnswers['testEncodings'];
    // 1,100 digits in chunks of 250 with ELBOs: 5 chunks, so 4 pauses between them.
    expect(paced).toHaveLength(4);
    expect(paced.every((ms) => ms >= 0 && Number.isFinite(ms))).toBe(true);
    const b = await ask({ type: 'testEncodings', withElbo: true });
    expect(Array.from(a.mu)).toEqual(Array.from(b.mu));
    expect(Array.from(a.elbo!)).toEqual(Array.from(b.elbo!));
    paced.length = 0;
    await answerVaeQuery(slow, { type: 'testEncodings' });
    expect(paced).toHaveLength(2); // chunks of 500 without ELBOs: 3 chunks
  });

  it('while training runs a chunk is followed by three times its length of training; idle, by none', () => {
    expect(queryPauseMs(40, 10)).toBe(120);
    expect(queryPauseMs(40, 999)).toBe(120);
    // At most a quarter of the engine's time: busy / (busy + pause).
    expect(40 / (40 + queryPauseMs(40, 0))).toBe(0.25);
    expect(queryPauseMs(40, 1000)).toBe(0);
    expect(queryPauseMs(40, Infinity)).toBe(0);
  });
});
