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

const gan = (page: Page) =>
  page.evaluate(() => {
    const s = (window as any).__ganLab.getState();
    const d = s.series.dLoss.points;
    return {
      status: s.status as string,
      step: (s.snapshot?.step ?? -1) as number,
      fake: s.snapshot ? Array.from(s.snapshot.fake as Float32Array).slice(0, 200) : [],
      dGridSum: s.snapshot
        ? (Array.from(s.snapshot.dGrid as Float32Array) as number[]).reduce((a, b) => a + b, 0)
        : 0,
      lastDLoss: d.length ? (d[d.length - 1].value as number) : null,
      dLossCount: s.series.dLoss.count as number,
      modes: s.snapshot?.modes ?? null,
      dUpdates: (s.snapshot?.dUpdates ?? -1) as number,
    };
  });

describe('GAN lab in Chromium', () => {
  it('ring: Start trains, the heatmap and the mode counter update', async () => {
    const page = await h.newPage('?tab=gan');
    await expect.poll(async () => (await gan(page)).status, { timeout: 180_000 }).toBe('ready');
    await page.getByTestId('gan-dataset').selectOption('ring');
    // 'ready' is posted just before the first snapshot: wait for the snapshot, not only the status.
    await expect.poll(async () => (await gan(page)).modes?.total, { timeout: 60_000 }).toBe(8);
    const before = await gan(page);
    const canvasBefore = await canvasSignature(page, 'gan-canvas');
    await page.getByTestId('gan-run').click();
    await expect
      .poll(async () => (await gan(page)).step, { timeout: 90_000 })
      .toBeGreaterThan(before.step + 50);
    const after = await gan(page);
    expect(after.dGridSum).not.toBeCloseTo(before.dGridSum, 3);
    expect(await page.getByTestId('mode-counter').getAttribute('data-total')).toBe('8');
    // The counter shows what the engine measured: captured = modes holding at least one HQ sample.
    await expect
      .poll(
        async () => {
          const s = await page.evaluate(() => {
            const m = (window as any).__ganLab.getState().snapshot.modes;
            return { captured: m.captured, fromCounts: m.counts.filter((c: number) => c > 0).length };
          });
          const shown = Number(await page.getByTestId('modes-captured').textContent());
          return shown === s.captured && s.captured === s.fromCounts;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await expect
      .poll(async () => (await canvasSignature(page, 'gan-canvas')).hash, { timeout: 30_000 })
      .not.toBe(canvasBefore.hash);
    await expect
      .poll(() => page.getByTestId('gan-chart-modes').getAttribute('data-points'), { timeout: 30_000 })
      .not.toBe('0');
    // While training, the loss chart is live: a canvas (the SVG chart hidden under it), with a text summary for screen readers,
    // that redraws as points arrive (at most once a second, only on screen). On pause the full recharts
    // chart, one SVG path per line, comes back.
    await page.getByTestId('gan-chart-loss').scrollIntoViewIfNeeded();
    const live = page.getByTestId('gan-chart-loss-live');
    await expect.poll(() => live.getAttribute('aria-label'), { timeout: 60_000 }).toMatch(/D loss -?\d/);
    expect(await page.locator('[data-testid="gan-chart-loss"] .recharts-wrapper').isVisible()).toBe(false);
    const drawn = await canvasSignature(page, 'gan-chart-loss-live');
    expect((await gan(page)).status).toBe('running');
    await expect
      .poll(async () => (await canvasSignature(page, 'gan-chart-loss-live')).hash, { timeout: 60_000 })
      .not.toBe(drawn.hash);
    await page.getByTestId('gan-run').click();
    await expect.poll(async () => (await gan(page)).status, { timeout: 30_000 }).toBe('paused');
    await expect
      .poll(() => page.locator('[data-testid="gan-chart-loss"] path.recharts-curve').count(), {
        timeout: 60_000,
      })
      .toBe(2);
    expect(await live.count()).toBe(0);
    await page.close();
  });

  it("Step D changes D's loss but not G's samples; Step G moves the samples", async () => {
    const page = await h.newPage('?tab=gan');
    await expect.poll(async () => (await gan(page)).status, { timeout: 180_000 }).toBe('ready');
    await page.getByTestId('gan-step').click(); // one full iteration so D's loss has a value
    await expect.poll(async () => (await gan(page)).dLossCount, { timeout: 60_000 }).toBe(1);
    const s0 = await gan(page);
    await page.getByTestId('gan-step-d').click();
    await expect.poll(async () => (await gan(page)).dLossCount, { timeout: 60_000 }).toBe(2);
    await expect.poll(async () => (await gan(page)).dUpdates, { timeout: 60_000 }).toBe(s0.dUpdates + 1);
    const s1 = await gan(page);
    // Only D was updated: the G-step counter does not move.
    expect(s1.step).toBe(s0.step);
    expect(await page.getByTestId('gan-speed').textContent()).toMatch(new RegExp(`G step ${s0.step}\\b`));
    expect(s1.fake).toEqual(s0.fake); // G untouched: same noise, same samples
    expect(s1.lastDLoss).not.toBe(s0.lastDLoss);
    await page.getByTestId('gan-step-g').click();
    await expect.poll(async () => (await gan(page)).step, { timeout: 60_000 }).toBe(s0.step + 1);
    const s2 = await gan(page);
    expect(s2.fake).not.toEqual(s1.fake);
    await page.close();
  });

  it('the optimum panel follows the objective; a switch to WGAN-GP takes lambda 10, a preset its own; the look-ahead rate select; the grid preset’s blob noise', async () => {
    const page = await h.newPage('?tab=gan');
    await expect.poll(async () => (await gan(page)).status, { timeout: 180_000 }).toBe('ready');
    const panel = page.getByTestId('panel-dstar');
    const formula = page.getByTestId('gan-optimum-formula');
    await expect.poll(() => panel.getAttribute('data-kind'), { timeout: 60_000 }).toBe('dstar');
    expect(await formula.textContent()).toBe('D*(x) = p_data / (p_data + p_g)');
    await page.getByTestId('gan-loss').selectOption('fgan');
    await page.getByTestId('gan-fdiv').selectOption('kl');
    await expect.poll(() => panel.getAttribute('data-kind'), { timeout: 60_000 }).toBe('tstar');
    expect(await formula.textContent()).toMatch(/T\*\(x\) = f′\(p_data\/p_g\) = 1 \+ log\(p_data\/p_g\)/);
    await page.getByTestId('gan-loss').selectOption('wganGp');
    await expect.poll(() => panel.getAttribute('data-kind'), { timeout: 60_000 }).toBe('none');
    expect(await page.getByTestId('gan-gp-lambda').inputValue()).toBe('10');
    expect(await page.getByTestId('gan-gp-note').textContent()).toMatch(/paper/);
    expect(await page.evaluate(() => (window as any).__ganLab.getState().config.objective.gpLambda)).toBe(10);
    await page.getByTestId('gan-preset').selectOption('gan-ring-wgan-gp');
    await expect.poll(() => page.getByTestId('gan-gp-lambda').inputValue(), { timeout: 60_000 }).toBe('1');
    expect(await page.getByTestId('gan-gp-note').textContent()).toMatch(/from the preset/);
    // The unrolled preset (linear decay) shows the look-ahead's rate; a choice reaches the run's config.
    expect(await page.getByTestId('gan-unroll-lr').count()).toBe(0);
    await page.getByTestId('gan-preset').selectOption('gan-ring-unrolled');
    const lookAhead = page.getByTestId('gan-unroll-lr');
    await expect.poll(() => lookAhead.count(), { timeout: 60_000 }).toBe(1);
    expect(await lookAhead.inputValue()).toBe('schedule');
    await lookAhead.selectOption('fixed');
    const unrollLr = () => page.evaluate(() => (window as any).__ganLab.getState().config.objective.unrollLr);
    await expect.poll(unrollLr, { timeout: 60_000 }).toBe('fixed');
    // The sharp-grid preset: G's noise is a mixture of blobs, named in the settings line and the editor.
    await page.getByTestId('gan-preset').selectOption('gan-grid-mixture');
    const noise = () => page.evaluate(() => (window as any).__ganLab.getState().config.noise);
    await expect
      .poll(noise, { timeout: 60_000 })
      .toEqual({ dim: 2, prior: 'mixture', components: 50, componentSd: 0.005 });
    expect(await page.getByTestId('gan-net-summary').textContent()).toMatch(
      /noise 2-d mixture of 50 Gaussian blobs \(sd 0\.005\), batch 128/,
    );
    await page.locator('.net-editor > summary').click();
    expect(await page.getByTestId('gan-noise-prior').inputValue()).toBe('mixture');
    expect(await page.getByTestId('gan-noise-blobs').inputValue()).toBe('50');
    await page.close();
  });

  it('on the page engine (?engine=page): a bad CSV upload names the line and keeps the run; the points train, clicks are handled, Pause stops it', async () => {
    // The in-process fallback (issue 13) in the same page as the upload check (a page load costs seconds).
    const page = await h.newPage('?tab=gan&engine=page');
    page.setDefaultTimeout(120_000);
    await expect.poll(async () => (await gan(page)).status, { timeout: 180_000 }).toBe('ready');
    await page.getByTestId('gan-csv').setInputFiles({
      name: 'points.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('x,y\n1,2\n3,abc\n'),
    });
    const notice = page.getByTestId('notice').filter({ hasText: 'points.csv' });
    await expect.poll(() => notice.count(), { timeout: 30_000 }).toBe(1);
    expect(await notice.textContent()).toMatch(/line 3/);
    expect((await gan(page)).status).toBe('ready');
    await page.getByTestId('gan-csv').setInputFiles({
      name: 'good.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'x,y\n' + Array.from({ length: 50 }, (_, i) => `${Math.cos(i)},${Math.sin(i)}`).join('\n'),
      ),
    });
    await expect.poll(() => page.getByText('50 points from good.csv').count(), { timeout: 30_000 }).toBe(1);
    // No engine worker: the runner is on the page (the worker's bundle is worker-<hash>.js).
    const engineWorkers = () => page.workers().filter((w) => /\/worker-[\w-]+\.js/.test(w.url())).length;
    expect(engineWorkers()).toBe(0);
    await expect.poll(async () => (await gan(page)).status, { timeout: 60_000 }).toBe('ready');
    const s0 = await gan(page);
    await page.getByTestId('gan-run').click();
    await expect.poll(async () => (await gan(page)).step, { timeout: 120_000 }).toBeGreaterThan(s0.step + 20);
    // While it trains, another control's click is handled (the runner yields to the page between steps).
    const heatmap = () => page.evaluate(() => (window as any).__ganLab.getState().layers.heatmap as boolean);
    const layerBefore = await heatmap();
    await page.getByTestId('gan-layer-heatmap').click();
    await expect.poll(heatmap, { timeout: 60_000 }).toBe(!layerBefore);
    expect((await gan(page)).status).toBe('running');
    await page.getByTestId('gan-run').click();
    await expect.poll(async () => (await gan(page)).status, { timeout: 60_000 }).toBe('paused');
    const stopped = (await gan(page)).step;
    await page.getByTestId('gan-layer-heatmap').click(); // a round trip through the page's event loop
    await expect.poll(heatmap, { timeout: 60_000 }).toBe(layerBefore);
    expect((await gan(page)).step).toBe(stopped);
    expect(engineWorkers()).toBe(0);
    await page.close();
  });
});
