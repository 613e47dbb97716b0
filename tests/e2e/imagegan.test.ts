import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { canvasSignature, openHarness, type Harness } from './browser';
import { getPreset } from '../../src/config/presets';
import { decodeConfigHash, encodeConfigHash } from '../../src/config/url';

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
    // What the panel shows is the newest point's, and its class KL is KL(histogram || uniform) of the
    // histogram it draws, computed here from the bar counts.
    const q = await page.evaluate(() => {
      const pts = (window as any).__imageLab.getState().quality as {
        step: number;
        mnistScore: number;
        classKl: number;
        nearCopyShare: number;
      }[];
      return {
        first: pts[0]!,
        last: pts[pts.length - 1]!,
        test: (window as any).__quality.getState().info?.testScores?.mnistScore as number | undefined,
        testNearCopies: (window as any).__quality.getState().info?.testScores?.nearCopyShare as
          number | undefined,
      };
    });
    const shown = async (id: string) => Number(await page.getByTestId(id).getAttribute('data-value'));
    expect(await shown('img-mnist-score')).toBe(q.last.mnistScore);
    const counts = (await page.getByTestId('img-class-histogram').getAttribute('data-counts'))!
      .split(',')
      .map(Number);
    expect(counts).toHaveLength(10);
    const n = counts.reduce((a, c) => a + c, 0);
    const kl = counts.reduce((a, c) => (c > 0 ? a + (c / n) * Math.log((c / n) * 10) : a), 0);
    expect(await shown('img-class-kl')).toBeCloseTo(kl, 6);
    // Near-copies: the newest point's share, and the test digits' own (36 of the first 1,000, as
    // measured outside the lab with a plain pairwise-distance computation).
    expect(await shown('img-near-copies')).toBe(q.last.nearCopyShare);
    expect(q.testNearCopies).toBeCloseTo(0.036, 3);
    // The untrained G (step 0) scores far below real test digits under the same classifier.
    expect(q.first.step).toBe(0);
    expect(q.test).toBeGreaterThan(8);
    expect(q.first.mnistScore).toBeLessThan(q.test! - 3);
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

  it("G's 28x28 layer and noise prior: dcgan-mnist shows 16 maps; 0 maps and 30 noise blobs, Apply, and the lab resets with them and trains", async () => {
    const page = await h.newPage('?tab=images');
    await expect.poll(async () => (await lab(page)).status, { timeout: 180_000 }).toBe('ready');
    await page.locator('summary', { hasText: 'Model (applies on reset)' }).click();
    const field = page.locator('label.field', { hasText: '28x28 layer channels' }).locator('input');
    expect(await field.inputValue()).toBe('16');
    await setField(page, '28x28 layer channels', 0);
    expect(await page.getByTestId('img-noise-blobs').count()).toBe(0);
    await page.getByTestId('img-noise-prior').selectOption('mixture');
    await setField(page, 'blobs', 30);
    await page.getByTestId('img-apply').click();
    const fullRes = () =>
      page.evaluate(
        () => (window as any).__imageLab.getState().config.model.generator.fullResChannels as number,
      );
    await expect.poll(fullRes, { timeout: 60_000 }).toBe(0);
    const model = await page.evaluate(() => (window as any).__imageLab.getState().config.model);
    expect(model.prior).toBe('mixture');
    expect(model.noiseMixture).toEqual({ components: 30, sd: 0.2 });
    await expect.poll(async () => (await lab(page)).status, { timeout: 180_000 }).toBe('ready');
    await page.locator('body').press('s');
    await expect.poll(async () => (await lab(page)).step, { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
    await page.close();
  });

  it('a link with an AAE config opens this tab with it; S, R and Space act on this lab; Share links its config; a NaN rolls back; a hung worker is restarted', async () => {
    const config = structuredClone(getPreset('aae-mixture')!.config) as any;
    config.seed = 4242;
    const page = await h.newPage(`?liveness=4000#${encodeConfigHash(config)}`);
    await expect.poll(() => page.getByTestId('tab-images').getAttribute('aria-selected')).toBe('true');
    await expect.poll(async () => (await lab(page)).status, { timeout: 180_000 }).toBe('ready');
    const opened = await page.evaluate(() => (window as any).__imageLab.getState().config);
    expect(opened).toEqual(config);
    const vaeStep = () => page.evaluate(() => (window as any).__latentLab.getState().step as number);
    const vaeBefore = await vaeStep();
    // S: one step of the image lab, none of the VAE trainer's.
    await page.locator('body').press('s');
    await expect.poll(async () => (await lab(page)).step, { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
    // Space: start, then pause, this lab.
    await page.locator('body').press(' ');
    await expect.poll(async () => (await lab(page)).status, { timeout: 60_000 }).toBe('running');
    // A few steps, so a checkpoint older than the step before the fault below exists (step 1's).
    await expect.poll(async () => (await lab(page)).step, { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
    await page.locator('body').press(' ');
    await expect.poll(async () => (await lab(page)).status, { timeout: 60_000 }).toBe('paused');
    expect(await vaeStep()).toBe(vaeBefore);
    // Share: the link holds this lab's config, not the VAE's.
    await page.getByTestId('share-open').click();
    const link = await page.getByTestId('share-link').inputValue();
    const parsed = decodeConfigHash(new URL(link).hash.slice(1));
    expect(parsed && parsed.ok && parsed.value).toEqual(config);
    await page.getByTestId('share-close').click();
    // Roll-back (issue 13 item 1 for the image lab): every weight NaN, one step, the recovery panel names
    // the term and step; "Roll back and halve..." restores the last good checkpoint with the rates halved.
    const checkpoints = () =>
      page.evaluate(() => (window as any).__latentRecovery.stats('image').checkpoints as number[]);
    expect((await checkpoints()).length).toBeGreaterThanOrEqual(1);
    await page.evaluate(() => (window as any).__latentRecovery.fault('image', 'nan'));
    await page.locator('body').press('s');
    const panel = page.getByTestId('recovery-image');
    await panel.waitFor({ timeout: 120_000 });
    const text = (await panel.getByTestId('divergence-message').textContent())!;
    const m =
      /^Image GANs: The reconstruction term became NaN at step ([\d,]+); training is paused\. The last good state is from step ([\d,]+)\./.exec(
        text,
      );
    expect(m, text).not.toBeNull();
    const [bad, good] = [m![1]!, m![2]!].map((x) => Number(x.replace(/,/g, '')));
    expect(good).toBeLessThanOrEqual(bad - 2);
    expect(await checkpoints()).toContain(good);
    await page.getByTestId('rollback-fix').click();
    await panel.waitFor({ state: 'detached', timeout: 120_000 });
    await expect.poll(async () => (await lab(page)).step, { timeout: 120_000 }).toBe(good);
    const rates = await page.evaluate(() => {
      const c = (window as any).__imageLab.getState().config;
      return [c.optAE.lr, c.optG.lr, c.optD.lr];
    });
    expect(rates).toEqual([config.optAE.lr / 2, config.optG.lr / 2, config.optD.lr / 2]);
    // A hung worker (issue 13 item 2; it blocks in Atomics.wait, answers nothing and raises no `error`):
    // `liveness=4000` in the address declares it dead after 4 s of silence; the engine is restarted, the
    // run restored from the newest checkpoint (the roll-back's at least) and training continues.
    await page.locator('body').press(' ');
    await expect.poll(async () => (await lab(page)).status, { timeout: 60_000 }).toBe('running');
    const kept = Math.max(...(await checkpoints()));
    await page.evaluate(() => (window as any).__latentRecovery.fault('image', 'hang'));
    const hung =
      /stopped answering \(nothing from it for 4 s\)\..*restored from step ([\d,]+); training continues/;
    const notices = () =>
      page.evaluate(() =>
        ((window as any).__latentLab.getState().notices as { text: string }[]).map((n) => n.text),
      );
    await expect
      .poll(async () => (await notices()).find((t) => hung.test(t)) ?? null, { timeout: 120_000 })
      .not.toBeNull();
    const restored = Number(hung.exec((await notices()).find((t) => hung.test(t))!)![1]!.replace(/,/g, ''));
    expect(restored).toBeGreaterThanOrEqual(kept);
    await expect.poll(async () => (await lab(page)).step, { timeout: 120_000 }).toBeGreaterThan(restored + 2);
    expect((await lab(page)).status).toBe('running');
    // R: a new run of this lab (the run counter moves, the config stays).
    const runId = await page.evaluate(() => (window as any).__imageLab.getState().runId as number);
    await page.locator('body').press('r');
    await expect
      .poll(() => page.evaluate(() => (window as any).__imageLab.getState().runId as number))
      .toBe(runId + 1);
    await page.close();
  });
});
