import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { vae2dConfig } from '../../src/config/vae';
import { encodeConfigHash } from '../../src/config/url';
import { openHarness, type Harness } from './browser';

// A tiny 2-D VAE: small subsets and small layers, trained a few hundred steps in the page's worker.
const tiny = structuredClone(vae2dConfig);
tiny.data.trainSubset = 2000;
tiny.data.testSubset = 100;
tiny.model.encoderHidden = [64];
tiny.model.decoderHidden = [64];
tiny.training.batchSize = 64;
tiny.training.epochs = 1000;
const hash = `#${encodeConfigHash(tiny)}`;

let h: Harness;
let page: Page;

async function until(what: string, ok: () => Promise<boolean>, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(200);
  }
}

const num = async (id: string) => Number(await page.getByTestId(id).textContent());

beforeAll(async () => {
  h = await openHarness();
  page = await h.newPage(`?tab=theory${hash}`);
  const status = () => page.getByTestId('theory-status').textContent();
  await until('the model', async () => (await status()) === 'ready', 180_000);
  await page.getByTestId('theory-start').click();
  await until('300 training steps', async () => (await num('theory-step')) >= 300, 300_000);
  await page.getByTestId('theory-start').click();
  await until('pause', async () => (await status()) !== 'running', 60_000);
}, 600_000);

afterAll(async () => {
  await h?.close();
});

describe('Inference theory tab', () => {
  it('the exact-posterior view shows log p(x), ELBO and KL that add up, and IWAE rows', async () => {
    await page.getByTestId('theory-exact-run').click();
    await page.getByTestId('theory-logpx').waitFor({ timeout: 300_000 });
    const logPx = await num('theory-logpx');
    const elbo = await num('theory-elbo');
    const kl = await num('theory-kl');
    expect(Number.isFinite(logPx) && Number.isFinite(elbo) && Number.isFinite(kl)).toBe(true);
    expect(kl).toBeGreaterThanOrEqual(0);
    expect(elbo).toBeLessThanOrEqual(logPx);
    // Two decimals each: the sum agrees to display precision (three roundings of 0.005).
    expect(Math.abs(elbo + kl - logPx)).toBeLessThanOrEqual(0.015 + 1e-9);
    const rows = await page.locator('[data-testid="theory-iwae"] tbody tr').count();
    expect(rows).toBe(4);
    // The canvas drew bands (not a blank white square).
    const inked = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="theory-posterior-canvas"]') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! < 250) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(20);
  });

  it('the gradient-variance chart draws and shows the ratio', async () => {
    await page.getByTestId('theory-gradvar-run').click();
    await page.getByTestId('theory-var-ratio').waitFor({ timeout: 300_000 });
    const points = Number(await page.getAttribute('[data-testid="theory-var-chart"]', 'data-points'));
    expect(points).toBeGreaterThan(10);
    await expect
      .poll(() => page.locator('[data-testid="theory-var-chart"] path.recharts-curve').count(), {
        timeout: 60_000,
      })
      .toBeGreaterThanOrEqual(3);
    const text = (await page.getByTestId('theory-var-ratio').textContent()) ?? '';
    const ratio = Number(/variance:\s*([0-9.e+-]+)/.exec(text)?.[1]);
    expect(ratio).toBeGreaterThan(1);
  });
});
