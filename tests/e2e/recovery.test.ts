import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeConfigHash } from '../../src/config/url';
import { classicVaeConfig } from '../../src/config/vae';
import { openHarness, type Harness } from './browser';

// Recovery (issue 13, item 2): a crashed engine worker or a lost WebGL context is detected, the engine
// restarted, the run restored from the last checkpoint kept on the page, and training goes on, with a
// notice and no page reload. Faults come from the test hook window.__latentRecovery (store/recovery.ts).

// A tiny VAE: SwiftShader WebGL is slow here.
const tiny = structuredClone(classicVaeConfig);
tiny.model.encoderHidden = [32];
tiny.model.decoderHidden = [32];
tiny.model.latentDim = 2;
tiny.data.trainSubset = 2000;
tiny.data.testSubset = 200;
tiny.training.batchSize = 32;
tiny.training.epochs = 1000;
const hash = `#${encodeConfigHash(tiny)}`;

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h?.close();
});

type Lab = 'vae' | 'gan2d';

const read = (page: Page, lab: Lab) =>
  page.evaluate((lab) => {
    const w = window as any;
    const s = lab === 'vae' ? w.__latentLab.getState() : w.__ganLab.getState();
    const step = lab === 'vae' ? (s.progress?.step ?? 0) : (s.snapshot?.step ?? 0);
    const stats = w.__latentRecovery.stats(lab);
    const notices = (w.__latentLab.getState().notices as { text: string }[]).map((n) => n.text);
    return {
      status: s.status as string,
      step: step as number,
      checkpoints: (stats?.checkpoints ?? []) as number[],
      maxCheckpointMs: (stats?.maxCheckpointMs ?? 0) as number,
      notices,
      marker: w.__notReloaded === true,
      backend: (s.backend?.name ?? null) as string | null,
    };
  }, lab);

/** Train until a checkpoint past step 0 is kept, inject the fault, and see the run come back. */
async function faultAndRecover(
  page: Page,
  lab: Lab,
  fault: 'crash' | 'loseContext' | 'hang',
  notice: RegExp,
  minCheckpoints = 2,
) {
  await page.evaluate(() => {
    const w = window as any;
    w.__notReloaded = true;
    // Long main-thread tasks while training, checkpointing and recovering (logged, not asserted).
    w.__longTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({
      type: 'longtask',
    });
  });
  // A second checkpoint (where asked): the restore must pick the newest one the page holds, not the first.
  await expect
    .poll(async () => (await read(page, lab)).checkpoints.length, { timeout: 300_000 })
    .toBeGreaterThanOrEqual(minCheckpoints);
  const before = await read(page, lab);
  const kept = before.checkpoints.at(-1)!;
  await page.evaluate(([lab, fault]) => (window as any).__latentRecovery.fault(lab, fault), [
    lab,
    fault,
  ] as const);
  await expect
    .poll(async () => (await read(page, lab)).notices.find((t) => notice.test(t)) ?? null, {
      timeout: 300_000,
    })
    .not.toBeNull();
  const text = (await read(page, lab)).notices.find((t) => notice.test(t))!;
  // Restored from the newest checkpoint the page held (or a later one taken before the fault landed).
  const restored = Number(/restored from step ([\d,]+)/.exec(text)![1]!.replace(/,/g, ''));
  expect(restored).toBeGreaterThanOrEqual(kept);
  expect(text).toMatch(/training continues/);
  // Training goes on from there, in the same page.
  await expect
    .poll(async () => (await read(page, lab)).step, { timeout: 300_000 })
    .toBeGreaterThan(restored + 2);
  const after = await read(page, lab);
  expect(after.status).toBe('running');
  expect(after.marker).toBe(true);
  const longTasks = await page.evaluate(() => (window as any).__longTasks as number[]);
  console.log(
    JSON.stringify({
      lab,
      fault,
      kept,
      restored,
      stepAtFault: before.step,
      maxCheckpointMs: after.maxCheckpointMs,
      longTasks: longTasks.length,
      longestTaskMs: Math.max(0, ...longTasks),
      backend: after.backend,
    }),
  );
}

describe('recovery in Chromium', () => {
  it('VAE: a crashed worker is restarted and resumes; then a NaN pauses naming the term and step, and Roll back and halve the learning rate', async () => {
    // One page for both (each page load costs seconds here).
    const page = await h.newPage(hash);
    await expect.poll(async () => (await read(page, 'vae')).status, { timeout: 300_000 }).toBe('ready');
    await page.getByTestId('btn-run').click();
    await faultAndRecover(page, 'vae', 'crash', /training worker failed.*restored from step/);
    await expect
      .poll(async () => (await read(page, 'vae')).checkpoints.length, { timeout: 300_000 })
      .toBeGreaterThanOrEqual(3);
    await page.evaluate(() => (window as any).__latentRecovery.fault('vae', 'nan'));
    const panel = page.getByTestId('recovery-vae');
    await panel.waitFor({ timeout: 300_000 });
    const text = (await panel.getByTestId('divergence-message').textContent())!;
    // Every weight NaN: the first term of the step (reconstruction) is NaN, at the step the run stopped.
    const m =
      /^VAE: The reconstruction term became NaN at step ([\d,]+); training is paused\. The last good state is from step ([\d,]+)\./.exec(
        text,
      );
    expect(m, text).not.toBeNull();
    const [bad, good] = [m![1]!, m![2]!].map((x) => Number(x.replace(/,/g, '')));
    await expect.poll(async () => (await read(page, 'vae')).status, { timeout: 60_000 }).toBe('paused');
    const state = await read(page, 'vae');
    // The engine reads metrics back in batches: it may have taken a few more steps when it saw the NaN.
    expect(state.step).toBeGreaterThanOrEqual(bad);
    expect(good).toBeLessThanOrEqual(bad - 2);
    expect(state.checkpoints).toContain(good);
    await page.getByTestId('rollback-fix').click();
    await panel.waitFor({ state: 'detached', timeout: 300_000 });
    const after = await page.evaluate(() => {
      const s = (window as any).__latentLab.getState();
      const pts = s.series.loss.points as { step: number }[];
      return { lr: s.applied.optimizer.lr as number, lastPoint: pts.length ? pts[pts.length - 1]!.step : 0 };
    });
    expect(after.lr).toBe(tiny.optimizer.lr / 2);
    expect(after.lastPoint).toBeLessThanOrEqual(good); // the charts are cut back to the restored step
    await expect.poll(async () => (await read(page, 'vae')).status, { timeout: 300_000 }).toBe('ready');
    await page.getByTestId('btn-run').click();
    await expect.poll(async () => (await read(page, 'vae')).step, { timeout: 300_000 }).toBeGreaterThan(good);
    expect((await read(page, 'vae')).step).toBeLessThan(bad + 1000);
    await page.close();
  });

  it('VAE on WebGL: a lost context (WEBGL_lose_context) is recovered', async () => {
    const page = await h.newPage(`?backend=webgl${hash}`);
    await expect.poll(async () => (await read(page, 'vae')).status, { timeout: 300_000 }).toBe('ready');
    expect((await read(page, 'vae')).backend).toBe('webgl');
    await page.getByTestId('btn-run').click();
    // One checkpoint is enough here (SwiftShader is slow); the crash test checks that the newest is used.
    await faultAndRecover(page, 'vae', 'loseContext', /WebGL context was lost.*restored from step/, 1);
    await page.close();
  });

  it('GAN lab: a crashed engine worker is restarted and the run resumes; so is one that stops answering', async () => {
    // `liveness=4000`: the page declares a silent worker dead after 4 s (the app's default is a minute).
    const page = await h.newPage('?tab=gan&liveness=4000');
    await expect.poll(async () => (await read(page, 'gan2d')).status, { timeout: 300_000 }).toBe('ready');
    await page.getByTestId('gan-run').click();
    await faultAndRecover(page, 'gan2d', 'crash', /GAN lab: The training worker failed.*restored from step/);
    // A hung worker (it spins and answers nothing, no `error` event): found by its silence, same restart.
    await faultAndRecover(
      page,
      'gan2d',
      'hang',
      /GAN lab: The training worker stopped answering \(nothing from it for 4 s\).*restored from step/,
    );
    await page.close();
  });
});
