import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { canvasSignature, openHarness, type Harness } from './browser';

let h: Harness;
let page: Page;
beforeAll(async () => {
  h = await openHarness();
  page = await h.newPage('?tab=aepca');
});
afterAll(async () => {
  await page?.close();
  await h?.close();
});

const lab = (p: Page) =>
  p.evaluate(() => {
    const s = (window as any).__aepcaLab.getState();
    return {
      status: s.status as string,
      demo: s.config.demo as string,
      subset: s.config.data.trainSubset as number,
      steps: s.config.training.steps as number,
      snapDemo: (s.snapshot?.demo ?? null) as string | null,
      step: (s.snapshot?.step ?? 0) as number,
      residual: (s.snapshot?.residual ?? null) as number | null,
      history: (s.snapshot?.history ?? []) as { step: number; loss: number }[],
    };
  });

async function setField(testId: string, value: string): Promise<void> {
  const f = page.getByTestId(testId);
  await f.fill(value);
  await f.press('Enter');
}

describe('AE, PCA & discrete tab in Chromium', () => {
  it('a linear AE trains: its loss chart and the PCA-residual line draw, the loss ends near the residual', async () => {
    await expect.poll(async () => (await lab(page)).status, { timeout: 300_000 }).toBe('ready');
    await setField('aepca-train-subset', '300');
    await expect.poll(async () => (await lab(page)).subset, { timeout: 30_000 }).toBe(300);
    await setField('aepca-steps', '150');
    await expect.poll(async () => (await lab(page)).steps, { timeout: 30_000 }).toBe(150);
    await expect.poll(async () => (await lab(page)).status, { timeout: 300_000 }).toBe('ready');
    await page.getByTestId('aepca-run').click();
    await expect.poll(async () => (await lab(page)).status, { timeout: 300_000 }).toBe('done');
    await expect.poll(async () => (await lab(page)).step, { timeout: 60_000 }).toBe(150);
    const s = await lab(page);
    expect(s.snapDemo).toBe('linear');
    expect(s.history.length).toBeGreaterThan(10);
    const last = s.history[s.history.length - 1]!;
    // d = 10 on 300 digits from random init in 150 Adam steps: far below the start, never below Eckart-Young.
    expect(last.loss).toBeLessThan(s.history[0]!.loss / 2);
    expect(last.loss).toBeGreaterThanOrEqual(s.residual! * 0.999);
    // Three lines (two AEs, the residual), each drawn as a path with many points.
    const paths = await page.$$eval('[data-testid="aepca-linear-loss"] path.recharts-curve', (ps) =>
      ps.map((p) => (p.getAttribute('d') ?? '').split(/[LM]/).length),
    );
    expect(paths).toHaveLength(3);
    for (const n of paths) expect(n).toBeGreaterThan(10);
    await expect(page.getByTestId('aepca-residual').textContent()).resolves.toBe(s.residual!.toFixed(4));
    expect((await canvasSignature(page, 'aepca-recon-1')).sum).toBeGreaterThan(0);
  });

  it('the discrete demo trains and draws samples per category', async () => {
    await page.getByTestId('aepca-demo').selectOption('discrete');
    await expect.poll(async () => (await lab(page)).demo, { timeout: 30_000 }).toBe('discrete');
    await expect.poll(async () => (await lab(page)).status, { timeout: 300_000 }).toBe('ready');
    await setField('aepca-steps', '30');
    await expect.poll(async () => (await lab(page)).steps, { timeout: 30_000 }).toBe(30);
    await expect.poll(async () => (await lab(page)).status, { timeout: 300_000 }).toBe('ready');
    await page.getByTestId('aepca-run').click();
    await expect.poll(async () => (await lab(page)).status, { timeout: 300_000 }).toBe('done');
    await expect.poll(async () => (await lab(page)).snapDemo, { timeout: 60_000 }).toBe('discrete');
    expect((await canvasSignature(page, 'aepca-per-category')).sum).toBeGreaterThan(0);
    await expect(page.getByTestId('aepca-discrete-tau').getAttribute('data-points')).resolves.not.toBe('0');
  });
});
