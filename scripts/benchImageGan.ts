// The image GAN tab's speed (issue 12): DCGAN generator steps per second at batch 64 with the dcgan-mnist
// preset's nets (64-d noise, 32/64-channel G and D, G with a 16-map 28x28 layer, k = 1) on each tfjs backend
// the page can use, measured in headless Chromium while the tab trains; then, on the first backend that
// works, the preset itself (batch 128) and the minutes its 2,000 steps take. Standalone:
// `npx tsx scripts/benchImageGan.ts` (needs dist/); `--classifier` times the standard classifier's first
// training in the browser instead.
import type { Page } from 'playwright-core';
import { getPreset } from '../src/config/presets';
import type { ImageGanConfig } from '../src/config/imageGan';
import { encodeConfigHash } from '../src/config/url';
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

/** G-steps/s of `config` on backend `want`, or why it could not run there. */
async function measure(
  newPage: NewPage,
  want: string,
  config: ImageGanConfig,
  seconds: number,
): Promise<
  { ok: true; backend: string; reason: string; secs: number; steps: number } | { ok: false; error: string }
> {
  // ?metrics=off: the classifier's worker stays idle, so the timing is training alone.
  const page = await newPage(`?tab=images&metrics=off&backend=${want}#${encodeConfigHash(config)}`);
  try {
    let s = await state(page);
    for (let i = 0; i < 1200 && s.status !== 'ready' && s.status !== 'error'; i++) {
      await page.waitForTimeout(100);
      s = await state(page);
    }
    if (s.status !== 'ready' || s.backend !== want)
      return {
        ok: false,
        error: s.status !== 'ready' ? `status ${s.status}` : `unavailable here (fell back to ${s.backend})`,
      };
    await page.getByTestId('img-run').click();
    await page.waitForTimeout(5000); // warm up (kernels compile, first snapshots)
    const s0 = await state(page);
    const t0 = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const s1 = await state(page);
    return {
      ok: true,
      backend: s1.backend!,
      reason: s1.reason,
      secs: (Date.now() - t0) / 1000,
      steps: s1.step - s0.step,
    };
  } finally {
    await page.close();
  }
}

export async function benchImageGan(
  newPage: NewPage,
  backends = ['wasm', 'webgl', 'cpu', 'webgpu'],
  seconds = 30,
): Promise<object[]> {
  const out: object[] = [];
  const preset = getPreset('dcgan-mnist')!.config as ImageGanConfig;
  const at64 = structuredClone(preset);
  at64.training.batchSize = 64;
  let first: string | null = null;
  for (const want of backends) {
    const m = await measure(newPage, want, at64, seconds);
    if (!m.ok) {
      out.push({ bench: 'image-gan-dcgan', backend: want, ok: false, error: m.error });
      continue;
    }
    first ??= m.backend;
    const gsps = m.steps / m.secs;
    out.push({
      bench: 'image-gan-dcgan',
      backend: m.backend,
      reason: m.reason,
      preset: 'dcgan-mnist (its nets, batch 64)',
      batch_size: 64,
      k: 1,
      seconds: Number(m.secs.toFixed(1)),
      g_steps: m.steps,
      g_steps_per_s: Number(gsps.toFixed(2)),
      ms_per_g_step: gsps > 0 ? Number((1000 / gsps).toFixed(1)) : null,
      note: 'training alone (?metrics=off); snapshots with the fixed-noise grid about once a second',
    });
  }
  if (first) {
    const m = await measure(newPage, first, preset, seconds);
    if (m.ok) {
      const gsps = m.steps / m.secs;
      const steps = preset.training.maxSteps;
      out.push({
        bench: 'image-gan-dcgan-preset',
        backend: m.backend,
        preset: 'dcgan-mnist',
        batch_size: preset.training.batchSize,
        seconds: Number(m.secs.toFixed(1)),
        g_steps_per_s: Number(gsps.toFixed(2)),
        preset_steps: steps,
        minutes_for_preset: gsps > 0 ? Number((steps / gsps / 60).toFixed(1)) : null,
        note: 'the preset as it ships, training alone; scale by speed_vs_reference for the reference laptop',
      });
    }
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
