import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { canvasSignature, openHarness, type Harness } from './browser';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h?.close();
});

const lab = (page: Page) =>
  page.evaluate(() => {
    const s = (window as any).__imageLab.getState();
    const q = (window as any).__quality.getState();
    return {
      status: s.status as string,
      step: (s.snapshot?.step ?? -1) as number,
      frames: s.frames.length as number,
      quality: s.quality.length as number,
      classifier: q.state as string,
    };
  });

async function setField(page: Page, label: string, value: number) {
  const input = page.locator('label.field', { hasText: label }).locator('input');
  await input.fill(String(value));
  await input.press('Enter');
}

describe('Image GANs tab in Chromium', () => {
  it('dcgan-mnist: Start trains, the sample grid changes, the metrics chart gains points, the timeline scrubs', async () => {
    const page = await h.newPage('?tab=images');
    await expect.poll(async () => (await lab(page)).status, { timeout: 180_000 }).toBe('ready');
    expect(await page.getByTestId('img-preset').inputValue()).toBe('dcgan-mnist');
    // The quick classifier (8,000 digits, one epoch) keeps the test short; the page says which one scored.
    await page.getByTestId('img-classifier-choice').selectOption('quick');
    await setField(page, 'score samples every N steps', 15);
    await setField(page, 'timeline frame every N steps', 5);
    const gridBefore = await canvasSignature(page, 'img-grid');
    await page.getByTestId('img-run').click();
    await expect.poll(async () => (await lab(page)).step, { timeout: 300_000 }).toBeGreaterThan(30);
    await expect
      .poll(async () => (await canvasSignature(page, 'img-grid')).hash, { timeout: 60_000 })
      .not.toBe(gridBefore.hash);
    // Points: step 0 (scored once the classifier is ready), then every 15 steps.
    await expect
      .poll(async () => Number(await page.getByTestId('img-chart-score').getAttribute('data-points')), {
        timeout: 400_000,
      })
      .toBeGreaterThanOrEqual(2);
    expect((await lab(page)).classifier).toBe('ready');
    const score = Number(await page.getByTestId('img-mnist-score').getAttribute('data-value'));
    expect(score).toBeGreaterThanOrEqual(1);
    expect(score).toBeLessThanOrEqual(10);
    await page.getByTestId('img-run').click();
    await expect.poll(async () => (await lab(page)).status, { timeout: 60_000 }).toBe('paused');

    // Scrub the fixed-noise timeline back to its first frame (step 0) and forward again.
    expect((await lab(page)).frames).toBeGreaterThanOrEqual(3);
    const newest = await canvasSignature(page, 'img-timeline-grid');
    const slider = page.getByTestId('img-timeline');
    await slider.fill('0');
    await expect.poll(() => page.getByTestId('img-timeline-step').getAttribute('data-step')).toBe('0');
    const first = await canvasSignature(page, 'img-timeline-grid');
    expect(first.hash).not.toBe(newest.hash);
    const max = await slider.getAttribute('max');
    await slider.fill(max!);
    await expect
      .poll(async () => (await canvasSignature(page, 'img-timeline-grid')).hash, { timeout: 10_000 })
      .toBe(newest.hash);
    await page.close();
  });

  it('a bad live value is refused in place and the run keeps going', async () => {
    const page = await h.newPage('?tab=images');
    await expect.poll(async () => (await lab(page)).status, { timeout: 180_000 }).toBe('ready');
    await setField(page, 'k: D steps per G step', 0);
    expect(
      await page.locator('label.field', { hasText: 'k: D steps' }).locator('.field-error').textContent(),
    ).toMatch(/between 1 and 20/);
    expect((await lab(page)).status).toBe('ready');
    await page.close();
  });
});
