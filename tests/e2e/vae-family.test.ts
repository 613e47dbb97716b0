import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { classicVaeConfig } from '../../src/config/vae';
import { encodeConfigHash } from '../../src/config/url';
import { canvasSignature, chartPoints, openHarness, type Harness } from './browser';

// The VAE family's panels in the trainer (issue 9). Small subsets keep the browser fast.
const small = structuredClone(classicVaeConfig);
small.data.trainSubset = 2000;
small.data.testSubset = 200;
small.training.epochs = 1000;
small.model.latentDim = 4;
const hash = `#${encodeConfigHash(small)}`;

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h?.close();
});

const lab = (page: Page, path: string) =>
  page.evaluate((p) => {
    let v: any = (window as any).__latentLab.getState();
    for (const k of p.split('.')) v = v?.[k];
    return v;
  }, path);
const status = (page: Page) => page.getByTestId('run-status').textContent();

async function ready(page: Page): Promise<void> {
  await expect.poll(() => status(page), { timeout: 180_000 }).toBe('ready');
}

describe('VAE family panels in Chromium', () => {
  it('objective settings apply live; variant settings apply on Reset and change what the page states', async () => {
    const page = await h.newPage(hash);
    await ready(page);
    await expect(page.getByTestId('chart-loss').textContent()).resolves.toContain('Negative ELBO (loss)');

    // The bound switches live: the running config says IWAE, and the loss chart says what it plots.
    await page.getByTestId('hp-bound').selectOption('iwae');
    await expect.poll(() => lab(page, 'applied.objective.bound')).toBe('iwae');
    await page.getByTestId('hp-samples').fill('5');
    await page.getByTestId('hp-samples').press('Enter');
    await expect.poll(() => lab(page, 'applied.objective.samples')).toBe(5);
    await expect
      .poll(() => page.getByTestId('chart-loss').textContent())
      .toContain('Negative IWAE bound, k = 5');
    await expect(page.getByTestId('hp-warmup').isDisabled()).resolves.toBe(true);

    // Back to the ELBO with warm-up and free bits: the formula under the charts names both.
    await page.getByTestId('hp-bound').selectOption('elbo');
    await page.getByTestId('hp-samples').fill('1');
    await page.getByTestId('hp-samples').press('Enter');
    await page.getByTestId('hp-warmup').selectOption('cyclical');
    await page.getByTestId('hp-free-bits').fill('0.5');
    await page.getByTestId('hp-free-bits').press('Enter');
    await expect.poll(() => lab(page, 'applied.objective.freeBits')).toBe(0.5);
    const formula = (await page.getByTestId('objective-formula').textContent()) ?? '';
    expect(formula).toContain('max(0.5, KL_j)');
    expect(formula).toContain('cyclical warm-up');

    // Likelihood and prior are model settings: the draft changes now, the run on Reset.
    await page.getByTestId('hp-likelihood').selectOption('categorical');
    await page.getByTestId('hp-prior').selectOption('mixture');
    expect(await lab(page, 'applied.model.likelihood')).toBe('bernoulli');
    await page.getByTestId('btn-reset').click();
    await ready(page);
    expect(await lab(page, 'applied.model.likelihood')).toBe('categorical');
    expect(await lab(page, 'applied.model.prior')).toBe('mixture');
    await expect(page.getByTestId('likelihood-convention').textContent()).resolves.toContain(
      '256-way categorical',
    );
    await expect(page.getByTestId('kl-method').textContent()).resolves.toContain('Monte Carlo');
    // A mixture prior's KL does not split over dimensions: the panel says its bars are marginal KLs.
    await page.getByTestId('btn-step').click();
    await expect
      .poll(() => page.getByTestId('kl-per-dim-panel').textContent(), { timeout: 120_000 })
      .toContain('do not add up');
    await page.close();
  });

  it('the autoregressive decoder draws its pictures pixel by pixel, and the page says so', async () => {
    const ar = structuredClone(small);
    ar.model.decoder = 'autoregressive';
    ar.model.likelihood = 'bernoulli-binarized';
    ar.model.decoderHidden = [32];
    const page = await h.newPage(`#${encodeConfigHash(ar)}`);
    await ready(page);
    await expect(page.getByTestId('hp-decoder').inputValue()).resolves.toBe('autoregressive');
    await expect(page.getByTestId('decoder-note').textContent()).resolves.toContain('784 sequential steps');
    await page.getByTestId('btn-step').click();
    await expect.poll(() => lab(page, 'snapshot.samples.count'), { timeout: 120_000 }).toBe(64);
    await page.close();
  });

  it('the KL-per-dimension chart updates during training and counts active units', async () => {
    const page = await h.newPage(hash);
    await ready(page);
    const bars = page.getByTestId('kl-per-dim');
    await expect.poll(() => bars.count(), { timeout: 60_000 }).toBe(1);
    const before = (await bars.getAttribute('data-values'))!;
    expect(before.split(',')).toHaveLength(4);
    await page.getByTestId('btn-run').click();
    // While training, panels redraw only on screen (views/liveChart.ts): bring the bars into view
    // (after the click, which scrolls the Start button into view).
    await bars.scrollIntoViewIfNeeded();
    await expect.poll(() => chartPoints(page, 'loss'), { timeout: 120_000 }).toBeGreaterThan(5);
    // Snapshots come about once a second while training: the bars move with them.
    await expect.poll(() => bars.getAttribute('data-values'), { timeout: 120_000 }).not.toBe(before);
    const first = (await bars.getAttribute('data-values'))!;
    await expect.poll(() => bars.getAttribute('data-values'), { timeout: 120_000 }).not.toBe(first);
    await page.getByTestId('btn-run').click(); // Pause: the snapshot stops changing
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('paused');
    await page.waitForTimeout(1500);
    const diag = await page.evaluate(() => {
      const d = (window as any).__latentLab.getState().snapshot.extras.diagnostics;
      return { kl: Array.from(d.klPerDim as Float64Array), active: d.activeUnits as number };
    });
    // The bars show the snapshot's KL per dimension (a chart that lags or mislabels fails here).
    const shown = (await bars.getAttribute('data-values'))!.split(',').map(Number);
    expect(shown).toEqual(diag.kl.map((v) => Number(v.toFixed(3))));
    // Closed form under N(0, I): the bars add up to the KL the panel quotes.
    const total = diag.kl.reduce((a, b) => a + b, 0);
    const panel = (await page.getByTestId('kl-per-dim-panel').textContent()) ?? '';
    expect(panel).toContain(`(${total.toFixed(2)} nats here)`);
    await expect(page.getByTestId('active-units').textContent()).resolves.toContain(
      `Active units: ${diag.active} of 4`,
    );
    await page.close();
  });

  it('the CVAE preset shows one row of samples per class, style transfer and the aggregated posterior', async () => {
    const page = await h.newPage(hash);
    await ready(page);
    await page.getByTestId('vae-preset').selectOption('cvae');
    await expect.poll(() => lab(page, 'applied.model.variant'), { timeout: 30_000 }).toBe('conditional');
    await ready(page);
    await expect(page.getByTestId('vae-preset-description').textContent()).resolves.toContain(
      'one row of samples per class',
    );
    // Ten labelled rows of eight samples.
    await expect(page.getByTestId('class-rows').locator('span').count()).resolves.toBe(10);
    await expect.poll(() => lab(page, 'snapshot.samples.count'), { timeout: 120_000 }).toBe(80);
    const grid = await page
      .getByTestId('samples-grid')
      .evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
    expect(grid).toEqual([8 * 28, 10 * 28]);
    await expect.poll(() => page.getByTestId('style-grid').count(), { timeout: 60_000 }).toBe(1);
    // The 2-D latent's aggregated posterior, with the prior's contours drawn over it.
    await expect.poll(() => page.getByTestId('aggregate-canvas').count(), { timeout: 60_000 }).toBe(1);
    const sig = await canvasSignature(page, 'aggregate-canvas');
    expect(sig.sum).toBeGreaterThan(0);
    await page.close();
  });

  it('a log p(x) evaluation shows progress and can be cancelled; a small one finishes above the ELBO', async () => {
    const page = await h.newPage(hash);
    await ready(page);
    await page.getByTestId('btn-step').click();
    await page.getByTestId('logpx-digits').fill('200');
    await page.getByTestId('logpx-digits').press('Enter');
    await page.getByTestId('logpx-samples').fill('5000');
    await page.getByTestId('logpx-samples').press('Enter');
    await page.getByTestId('logpx-start').click();
    const logPx = (key: string) => page.evaluate((k) => (window as any).__logPx.getState()[k], key);
    await expect.poll(() => logPx('done'), { timeout: 120_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('logpx-progress').count()).resolves.toBe(1);
    await page.getByTestId('logpx-cancel').click();
    await expect.poll(() => logPx('status')).toBe('cancelled');
    const doneAtCancel = await logPx('done');
    expect(doneAtCancel).toBeLessThan(200 * 5000);
    await page.waitForTimeout(1000);
    expect(await logPx('done')).toBe(doneAtCancel); // no chunk is asked for after Cancel
    await expect(page.getByTestId('logpx-status').textContent()).resolves.toContain('Cancelled');

    await page.getByTestId('logpx-digits').fill('20');
    await page.getByTestId('logpx-digits').press('Enter');
    await page.getByTestId('logpx-samples').fill('200');
    await page.getByTestId('logpx-samples').press('Enter');
    await page.getByTestId('logpx-start').click();
    await expect.poll(() => logPx('status'), { timeout: 180_000 }).toBe('done');
    const r = await logPx('result');
    expect(r.digits).toBe(20);
    expect(r.samples).toBe(200);
    // log p(x) (K = 200) exceeds the ELBO beyond its standard error: the gap the panel reports.
    expect(r.gap.mean).toBeGreaterThan(2 * r.gap.se);
    expect(r.logPx.mean).toBeCloseTo(r.elbo.mean + r.gap.mean, 6);
    await expect(page.getByTestId('logpx-gap').textContent()).resolves.toContain(r.gap.mean.toFixed(2));
    await page.close();
  });
});
