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
    const s = (window as any).__constraintsLab.getState();
    return {
      status: s.status as string,
      shape: s.config.constraint.shape.kind as string,
      steps: s.config.model.steps as number,
      langevinSteps: s.config.sampler.langevinSteps as number,
      rows: (s.snapshot?.rows ?? []) as { method: string; feasibility: number; n: number }[],
      keptMass: (s.snapshot?.keptMass ?? null) as number | null,
    };
  });

describe('constraint lab in Chromium', () => {
  it('choose a constraint, train, the table fills in', async () => {
    const page = await h.newPage('?tab=constraints');
    await expect.poll(async () => (await lab(page)).status, { timeout: 180_000 }).toBe('ready');
    await expect.poll(async () => (await lab(page)).keptMass, { timeout: 60_000 }).not.toBeNull();
    const before = await canvasSignature(page, 'constraints-target');
    await page.getByTestId('constraints-shape').selectOption('disc');
    const steps = page.getByTestId('constraints-steps');
    await steps.fill('20');
    await steps.press('Enter');
    await expect.poll(async () => (await lab(page)).steps, { timeout: 30_000 }).toBe(20);
    // Fewer Langevin steps: the 3 x 128 generator's 100 steps on 2,500 codes dominate this test's time.
    const lsteps = page.getByTestId('constraints-langevin-steps');
    await lsteps.fill('10');
    await lsteps.press('Enter');
    await expect.poll(async () => (await lab(page)).langevinSteps, { timeout: 30_000 }).toBe(10);
    expect((await lab(page)).shape).toBe('disc');
    // The disc of radius 1.5 at (1, 1) keeps the ring modes at 0, 45 and 90 degrees: pi is redrawn.
    await expect
      .poll(async () => (await canvasSignature(page, 'constraints-target')).hash, { timeout: 60_000 })
      .not.toBe(before.hash);
    await expect.poll(async () => (await lab(page)).status, { timeout: 60_000 }).toBe('ready');
    await page.getByTestId('constraints-run').click();
    await expect
      .poll(() => page.getByTestId('constraints-table').getAttribute('data-rows'), { timeout: 400_000 })
      .toBe('11');
    for (const m of [
      'unconstrained',
      'filter',
      'penalty',
      'prior',
      'conditional',
      'vae',
      'vaeFilter',
      'vaePenalty',
      'vaePrior',
      'rejection',
      'langevin',
    ]) {
      expect(await page.getByTestId(`constraints-row-${m}`).getAttribute('data-done')).toBe('true');
    }
    const rows = (await lab(page)).rows;
    // Hard disc: the projection after Langevin puts every sample in C.
    expect(rows.find((r) => r.method === 'langevin')!.feasibility).toBe(1);
    await expect(page.getByTestId('constraints-row-langevin').textContent()).resolves.toContain('100.0 %');
    await page.close();
  });
});
