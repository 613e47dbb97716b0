import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { sampleMixture } from '../../src/cli/vaeSamples';

describe('VAE --export-samples draws z from the model prior', () => {
  it('a two-component mixture: component shares follow the weights, each component its mean and sd', async () => {
    await tf.setBackend('cpu');
    // w = (0.25, 0.75); means (-5, -5) and (5, 5); sds 0.5 and 1 (logVar = 2 log sd): the
    // components sit 5 sd apart, so the sign of z_0 tells which one drew a sample.
    const p = {
      logWeights: tf.tensor1d([Math.log(0.25), Math.log(0.75)]),
      means: tf.tensor2d([-5, -5, 5, 5], [2, 2]),
      logVars: tf.tensor2d([2 * Math.log(0.5), 2 * Math.log(0.5), 0, 0], [2, 2]),
    };
    const n = 20_000;
    const before = tf.memory().numTensors;
    const z = sampleMixture(p, n, 7);
    expect(tf.memory().numTensors).toBe(before + 1);
    const v = (await z.data()) as Float32Array;
    z.dispose();
    const neg: number[] = [];
    const pos: number[] = [];
    for (let i = 0; i < n; i++) (v[2 * i]! < 0 ? neg : pos).push(v[2 * i]!);
    const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
    const sd = (a: number[]) => Math.sqrt(mean(a.map((x) => (x - mean(a)) ** 2)));
    // Binomial sd of the share at n = 20,000 is 0.003.
    expect(Math.abs(neg.length / n - 0.25)).toBeLessThan(0.015);
    expect(mean(neg)).toBeCloseTo(-5, 1);
    expect(mean(pos)).toBeCloseTo(5, 1);
    expect(sd(neg)).toBeCloseTo(0.5, 1);
    expect(sd(pos)).toBeCloseTo(1, 1);
    tf.dispose([p.logWeights, p.means, p.logVars]);
  });

  it('the standard normal prior (one component) gives exactly tf.randomNormal at the same seed', async () => {
    await tf.setBackend('cpu');
    const p = {
      logWeights: tf.tensor1d([0]),
      means: tf.zeros([1, 3]) as tf.Tensor2D,
      logVars: tf.zeros([1, 3]) as tf.Tensor2D,
    };
    const a = sampleMixture(p, 50, 11);
    const b = tf.randomNormal([50, 3], 0, 1, 'float32', 11);
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    tf.dispose([a, b, p.logWeights, p.means, p.logVars]);
  });
});
