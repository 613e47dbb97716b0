import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicVaeConfig } from '../../src/config/vae';
import { encodeConfigHash } from '../../src/config/url';
import { canvasSignature, chartPoints, openHarness, type Harness } from './browser';

// Small subsets keep the browser tests fast; the full data set is the CLI's and the benchmark's job.
const small = structuredClone(classicVaeConfig);
small.data.trainSubset = 3000;
small.data.testSubset = 500;
small.training.epochs = 1000;
const hash = `#${encodeConfigHash(small)}`;

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('VAE trainer in Chromium', () => {
  it('trains: Start adds chart points, images change, Pause stops, Reset clears', async () => {
    const page = await h.newPage(hash);
    const label = page.getByTestId('backend-label');
    await expect
      .poll(async () => (await label.textContent())?.trim(), { timeout: 180_000 })
      .toMatch(/^(webgpu|webgl|wasm|cpu)$/);
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 180_000 }).toBe('ready');
    const samplesBefore = await canvasSignature(page, 'samples-grid');
    const reconBefore = await canvasSignature(page, 'recon-grid');

    await page.getByTestId('btn-run').click();
    await expect.poll(() => chartPoints(page, 'loss'), { timeout: 90_000 }).toBeGreaterThan(5);
    await expect.poll(() => chartPoints(page, 'kl'), { timeout: 30_000 }).toBeGreaterThan(5);
    // Snapshots arrive about once a second while training.
    await expect
      .poll(async () => (await canvasSignature(page, 'samples-grid')).hash, { timeout: 90_000 })
      .not.toBe(samplesBefore.hash);
    await expect
      .poll(async () => (await canvasSignature(page, 'recon-grid')).hash, { timeout: 90_000 })
      .not.toBe(reconBefore.hash);
    await expect(page.getByTestId('speed').textContent()).resolves.toMatch(/steps\/s/);

    await page.getByTestId('btn-run').click(); // Pause
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('paused');
    const stepAfterPause = await page.evaluate(() => (window as any).__latentLab.getState().progress?.step);
    const pointsAfterPause = await chartPoints(page, 'loss');
    await page.waitForTimeout(1500);
    expect(await chartPoints(page, 'loss')).toBe(pointsAfterPause);
    expect(await page.evaluate(() => (window as any).__latentLab.getState().progress?.step)).toBe(
      stepAfterPause,
    );
    await expect(page.getByTestId('btn-run').textContent()).resolves.toBe('Resume');

    await page.getByTestId('btn-step').click();
    await expect
      .poll(() => page.evaluate(() => (window as any).__latentLab.getState().progress?.step), {
        timeout: 30_000,
      })
      .toBe(stepAfterPause + 1);

    await page.getByTestId('btn-reset').click();
    await expect.poll(() => chartPoints(page, 'loss'), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 180_000 }).toBe('ready');
    await page.close();
  });

  it('the badge says which fast kernels run on WASM; ?fast=0 switches them off and training still works', async () => {
    for (const [query, want] of [
      ['?backend=wasm', /fast kernels: WASM (relaxed-SIMD FMA|SIMD) GEMM on \d+ threads?/],
      ['?backend=wasm&fast=0', /fast kernels: off/],
    ] as const) {
      const page = await h.newPage(`${query}${hash}`);
      const kernels = page.getByTestId('backend-kernels');
      await expect.poll(async () => (await kernels.textContent()) ?? '', { timeout: 180_000 }).toMatch(want);
      await expect
        .poll(() => page.getByTestId('run-status').textContent(), { timeout: 180_000 })
        .toBe('ready');
      await page.getByTestId('btn-run').click();
      const steps = () => page.evaluate(() => (window as any).__latentLab.getState().progress?.step ?? 0);
      await expect.poll(steps, { timeout: 180_000 }).toBeGreaterThan(20);
      // The loss falls (-ELBO from about 540 nats at the start): the step trains, fast or not.
      const pts = () => page.evaluate(() => (window as any).__latentLab.getState().series.loss.points.length);
      await expect.poll(pts, { timeout: 60_000 }).toBeGreaterThan(3);
      const [first, last] = await page.evaluate(() => {
        const p = (window as any).__latentLab.getState().series.loss.points;
        return [p[0].value, p[p.length - 1].value];
      });
      expect(Number.isFinite(last)).toBe(true);
      expect(last).toBeLessThan(first);
      await page.close();
    }
  });

  it('falls back with a visible notice when the requested backend is unavailable', async () => {
    const page = await h.newPage(`?backend=webgpu${hash}`);
    const label = page.getByTestId('backend-label');
    await expect
      .poll(async () => (await label.textContent())?.trim(), { timeout: 180_000 })
      .toMatch(/^(webgpu|webgl|wasm|cpu)$/);
    const name = (await label.textContent())!.trim();
    const notice = page.getByTestId('notice').filter({ hasText: 'webgpu' });
    if (name !== 'webgpu') {
      await expect.poll(() => notice.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      expect(await notice.first().textContent()).toMatch(/unavailable/);
    } else {
      // WebGPU started: there is nothing to fall back from, so no notice may say it is unavailable.
      await expect
        .poll(() => page.getByTestId('run-status').textContent(), { timeout: 180_000 })
        .toBe('ready');
      expect(await notice.count()).toBe(0);
    }
    // Whichever backend runs, it trains: one Step gives step 1 and a finite loss.
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 180_000 }).toBe('ready');
    await page.getByTestId('btn-step').click();
    await expect
      .poll(() => page.evaluate(() => (window as any).__latentLab.getState().progress?.step), {
        timeout: 60_000,
      })
      .toBe(1);
    await expect.poll(() => chartPoints(page, 'loss'), { timeout: 30_000 }).toBe(1);
    const loss: number = await page.evaluate(
      () => (window as any).__latentLab.getState().series.loss.points[0].value,
    );
    expect(loss).toBeGreaterThan(100); // an untrained VAE: about 543 nats
    expect(loss).toBeLessThan(1000);
    await page.close();
  });

  it('a hand-edited URL config gives a message naming the field, and the lab still loads', async () => {
    const bad = structuredClone(small) as any;
    bad.optimizer.lr = -1;
    const page = await h.newPage(`#${encodeConfigHash(bad)}`);
    const notice = page.getByTestId('notice').filter({ hasText: 'optimizer.lr' });
    await expect.poll(() => notice.count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 180_000 }).toBe('ready');
    const garbled = await h.newPage('#config=%%%not-base64');
    await expect.poll(() => garbled.getByTestId('notice').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect(garbled.getByTestId('btn-run').isVisible()).resolves.toBe(true);
    await page.close();
    await garbled.close();
  });

  it('serves its favicon and web manifest from public/', async () => {
    const page = await h.newPage('');
    const icon = await page.getAttribute('link[rel="icon"]', 'href');
    const manifestHref = await page.getAttribute('link[rel="manifest"]', 'href');
    expect(icon).toBe('/favicon.svg');
    const got = await page.evaluate(
      async (paths) => {
        const [svg, manifest] = await Promise.all(paths.map((p) => fetch(p!)));
        return {
          svgType: svg!.headers.get('content-type'),
          svg: await svg!.text(),
          manifest: await manifest!.json(),
        };
      },
      [icon, manifestHref],
    );
    expect(got.svgType).toMatch(/image\/svg\+xml/);
    expect(got.svg).toContain('<svg');
    expect(got.manifest.name).toBe('Latent Lab');
    expect(got.manifest.icons[0].src).toBe('favicon.svg');
    await page.close();
  });
});
