// The image GAN tab's speed (issue 12): DCGAN generator steps per second at batch 64 (the dcgan-mnist
// preset: 64-d noise, 16/32-channel G and D, G with an 8-map 28x28 layer, k = 1) on each tfjs backend the
// page can use, measured in headless Chromium while the tab trains. Standalone:
// `npx tsx scripts/benchImageGan.ts` (needs dist/); `--classifier` times the standard classifier's first
// training in the browser instead.
import type { Page } from 'playwright-core';
import { getPreset } from '../src/config/presets';
import { openHarness } from '../tests/e2e/browser';

type NewPage = (path: string) => Promise<Page>;

const state = (page: Page) =>
  page.evaluate(() => {
    const s = (window as any).__imageLab.getState();
    return {
      status: s.status as string,
      step: (s.snapshot?.step ?? 0) as number,
      backend: (s.backend?.name ?? null) as string | null,
      reason: (s.backend?.reason ?? '') as string,
    };
  });

export async function benchImageGan(
  newPage: NewPage,
  backends = ['wasm', 'webgl', 'cpu', 'webgpu'],
  seconds = 30,
): Promise<object[]> {
  const out: object[] = [];
  const presetSteps = (getPreset('dcgan-mnist')!.config as { training: { maxSteps: number } }).training
    .maxSteps;
  for (const want of backends) {
    // ?metrics=off: the classifier's worker stays idle, so the timing is training alone.
    const page = await newPage(`?tab=images&metrics=off&backend=${want}`);
    let s = await state(page);
    for (let i = 0; i < 1200 && s.status !== 'ready' && s.status !== 'error'; i++) {
      await page.waitForTimeout(100);
      s = await state(page);
    }
    if (s.status !== 'ready' || s.backend !== want) {
      out.push({
        bench: 'image-gan-dcgan',
        backend: want,
        ok: false,
        error: s.status !== 'ready' ? `status ${s.status}` : `unavailable here (fell back to ${s.backend})`,
      });
      await page.close();
      continue;
    }
    await page.getByTestId('img-run').click();
    await page.waitForTimeout(5000); // warm up (kernels compile, first snapshots)
    const s0 = await state(page);
    const t0 = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const s1 = await state(page);
    const secs = (Date.now() - t0) / 1000;
    await page.close();
    const gsps = (s1.step - s0.step) / secs;
    out.push({
      bench: 'image-gan-dcgan',
      backend: s1.backend,
      reason: s1.reason,
      preset: 'dcgan-mnist',
      batch_size: 64,
      k: 1,
      seconds: Number(secs.toFixed(1)),
      g_steps: s1.step - s0.step,
      g_steps_per_s: Number(gsps.toFixed(2)),
      ms_per_g_step: gsps > 0 ? Number((1000 / gsps).toFixed(1)) : null,
      preset_steps: presetSteps,
      minutes_for_preset: gsps > 0 ? Number((presetSteps / gsps / 60).toFixed(1)) : null,
      note: 'training alone (?metrics=off); snapshots with the fixed-noise grid about once a second',
    });
  }
  return out;
}

/**
 * The standard classifier's first use in the browser: the image tab opens with it chosen and nothing cached
 * (the harness's fresh profile has an empty IndexedDB), so its worker trains it on all 60,000 digits. Prints
 * the seconds from opening the tab to "ready" and the accuracy it reached.
 */
export async function benchClassifierFirstUse(newPage: NewPage, maxMinutes = 30): Promise<object> {
  const page = await newPage('?tab=images');
  const t0 = Date.now();
  const q = () =>
    page.evaluate(() => {
      const s = (window as any).__quality.getState();
      return { which: s.which, state: s.state, progress: s.progress, info: s.info, backend: s.backend };
    });
  let s = await q();
  while (s.state !== 'ready' && s.state !== 'error' && Date.now() - t0 < maxMinutes * 60_000) {
    await page.waitForTimeout(1000);
    s = await q();
  }
  const seconds = (Date.now() - t0) / 1000;
  await page.close();
  return {
    bench: 'image-classifier-first-use',
    which: s.which,
    ok: s.state === 'ready',
    state: s.state,
    seconds: Number(seconds.toFixed(1)),
    minutes: Number((seconds / 60).toFixed(1)),
    test_accuracy: s.info?.testAccuracy ?? null,
    target_test_accuracy: 0.985,
    backend: s.backend,
    note: 'from opening the tab (fresh profile, nothing cached) to the classifier being ready; later visits load it from IndexedDB',
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const h = await openHarness();
  try {
    if (process.argv.includes('--classifier')) {
      console.log(JSON.stringify(await benchClassifierFirstUse((p) => h.newPage(p))));
    } else {
      const i = process.argv.indexOf('--backends');
      const list = i >= 0 ? process.argv[i + 1]!.split(',') : undefined;
      for (const r of await benchImageGan((p) => h.newPage(p), list)) console.log(JSON.stringify(r));
    }
  } finally {
    await h.close();
  }
}
