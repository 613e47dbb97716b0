import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gan2dConfig } from '../../src/config/gan2d';
import { presetConfig } from '../../src/config/presets';
import { Gan2dExperiment } from '../../src/engine/gan2dExperiment';

// The wasm backend runs these small networks several times faster than cpu.
beforeAll(async () => {
  if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
  await tf.ready();
});

/**
 * Each GAN preset goes the way it is meant to (collapse vs cover) on its own seed, in a shortened run:
 * the preset's config with fewer G steps (so a linear learning-rate decay is compressed with it). The
 * full 10-seed measurements are in docs/gan-presets.md; this guards the direction, in seconds.
 *
 * Not here yet: gan-ring-oscillation, gan-ring-unrolled, gan-grid-collapse and gan-grid-wgan-gp. Their
 * shortened runs did not show their direction (oscillation spread 0.61 > 0.3 at 300 steps, unrolled 1 mode
 * at 400, grid collapse 15 modes at 1,500, grid WGAN-GP 14 at 1,000); they need longer runs or a re-check
 * of the recipes, not thresholds fitted to one run.
 */
interface Direction {
  steps: number;
  check(e: Gan2dExperiment, last: Float32Array): Promise<void>;
}

const DIRECTIONS: Record<string, Direction> = {
  'gan-ring-collapse': {
    steps: 1500,
    async check(e) {
      const m = await e.evaluateModes();
      expect(m.modes_captured).toBeLessThanOrEqual(3);
      expect(m.hq_fraction).toBeGreaterThan(0.5);
    },
  },
  'gan-saturating': {
    steps: 200,
    async check(_e, last) {
      expect(last[3]!).toBeLessThan(0.01); // D(G(z))
      expect(last[4]!).toBeLessThan(1e-3); // |grad G|
    },
  },
  'gan-ring-wgan-gp': {
    steps: 1000,
    async check(e) {
      expect((await e.evaluateModes()).modes_captured).toBeGreaterThanOrEqual(6);
    },
  },
  'gan-grid-pacgan': {
    steps: 1000,
    async check(e) {
      expect((await e.evaluateModes()).modes_captured).toBeGreaterThanOrEqual(15);
    },
  },
};

describe('each GAN preset goes its way on one short seed', () => {
  const live: Gan2dExperiment[] = [];
  afterAll(() => live.forEach((e) => e.dispose()));
  for (const [id, d] of Object.entries(DIRECTIONS)) {
    it(`${id}: ${d.steps} G steps`, async () => {
      const c = presetConfig(id) as Gan2dConfig;
      c.training.maxSteps = d.steps;
      const e = new Gan2dExperiment(c);
      live.push(e);
      let last = new Float32Array(6) as Float32Array;
      while (!e.finished()) {
        const m = e.step().metrics;
        if (e.finished()) last = (await m.data()) as Float32Array;
        m.dispose();
      }
      expect(last.every(Number.isFinite)).toBe(true);
      await d.check(e, last);
    });
  }
});
