import { describe, expect, it } from 'vitest';
import { aaeConfigSchema, defaultAaeConfig } from '../../src/config/aae';
import { defaultGan2dConfig, gan2dConfigSchema } from '../../src/config/gan2d';
import { defaultImageGanConfig, imageGanConfigSchema } from '../../src/config/imageGan';
import { applyAaeParams, parseAaeParams } from '../../src/engine/aaeParams';
import { applyLiveParams, parseLiveParams } from '../../src/engine/gan2dParams';
import { applyImageGanParams, parseImageGanParams } from '../../src/engine/imageGanParams';

// Live changes land in the config the page shows and shares: each field where the config keeps it,
// nothing else touched, and the result still a valid config of its lab.
const shared = {
  loss: 'lsgan',
  fDivergence: 'kl',
  gpLambda: 3,
  clip: 0.05,
  dSteps: 4,
  batchSize: 32,
  maxSteps: 1234,
  lrG: 3e-4,
  lrD: 7e-4,
  optG: 'rmsprop',
  optD: 'sgd',
} as const;

const expectShared = (c: any) => {
  expect(c.objective).toMatchObject({ loss: 'lsgan', fDivergence: 'kl', gpLambda: 3, clip: 0.05 });
  expect(c.training).toMatchObject({ dSteps: 4, batchSize: 32, maxSteps: 1234 });
  expect(c.optG).toMatchObject({ lr: 3e-4, name: 'rmsprop' });
  expect(c.optD).toMatchObject({ lr: 7e-4, name: 'sgd' });
};

describe('live params', () => {
  it('2-D GAN: every live field lands in the config; the rest is unchanged', () => {
    const p = parseLiveParams({
      ...shared,
      unrollSteps: 5,
      unrollOrder: 'first',
      unrollLr: 'fixed',
      lrDecay: 'linear',
      dataset: 'grid',
    });
    const c = applyLiveParams(defaultGan2dConfig, p);
    expectShared(c);
    expect(c.objective).toMatchObject({ unrollSteps: 5, unrollOrder: 'first', unrollLr: 'fixed' });
    expect(c.training.lrDecay).toBe('linear');
    expect(c.data.dataset).toBe('grid');
    expect(c.generator).toEqual(defaultGan2dConfig.generator);
    expect(gan2dConfigSchema.safeParse(c).success).toBe(true);
    expect(applyLiveParams(defaultGan2dConfig, {})).toEqual(defaultGan2dConfig);
  });

  it('image GAN: the shared fields, lrDecay and the monitor', () => {
    const p = parseImageGanParams({ ...shared, lrDecay: 'linear', metricsEvery: 77, timelineEvery: 9 });
    const c = applyImageGanParams(defaultImageGanConfig, p);
    expectShared(c);
    expect(c.training.lrDecay).toBe('linear');
    expect(c.monitor).toMatchObject({ metricsEvery: 77, timelineEvery: 9 });
    expect(c.model).toEqual(defaultImageGanConfig.model);
    expect(imageGanConfigSchema.safeParse(c).success).toBe(true);
    expect(applyImageGanParams(defaultImageGanConfig, {})).toEqual(defaultImageGanConfig);
  });

  it("AAE: the shared fields and the autoencoder's own rate; no field its config lacks", () => {
    const c = applyAaeParams(defaultAaeConfig, parseAaeParams({ ...shared, lrAE: 5e-4, metricsEvery: 40 }));
    expectShared(c);
    expect(c.optAE.lr).toBe(5e-4);
    expect(c.monitor.metricsEvery).toBe(40);
    expect(aaeConfigSchema.safeParse(c).success).toBe(true);
    expect(() => parseAaeParams({ lrDecay: 'linear' })).toThrow(/AAE parameter "lrDecay"/);
    expect(() => parseImageGanParams({ lrG: -1 })).toThrow(/image GAN parameter "lrG"/);
    expect(() => parseLiveParams({ nope: 1 })).toThrow(/GAN parameter "nope"/);
  });
});
