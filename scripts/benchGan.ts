// The 2-D GAN lab's numbers (issue 4): canvas frames per second with every layer on while training,
// and generator steps per second at batch 256 for the default 3 x 128 networks, with k = 1
// (non-saturating) and with WGAN-GP at k = 5. Standalone: `npx tsx scripts/benchGan.ts` (needs dist/).
import type { Page } from 'playwright-core';
import { openHarness } from '../tests/e2e/browser';

type NewPage = (path: string) => Promise<Page>;

const state = (page: Page) =>
  page.evaluate(() => {
    const s = (window as any).__ganLab.getState();
    return {
      status: s.status as string,
      step: (s.snapshot?.step ?? 0) as number,
      backend: s.backend?.name as string,
    };
  });

async function measure(
  newPage: NewPage,
  label: string,
  setup: (page: Page) => Promise<void>,
  seconds: number,
) {
  const page = await newPage('?tab=gan');
  for (let i = 0; i < 600 && (await state(page)).status !== 'ready'; i++) await page.waitForTimeout(100);
  await setup(page);
  for (const l of ['real', 'fake', 'heatmap', 'arrows', 'manifold', 'trails']) {
    const box = page.getByTestId(`gan-layer-${l}`);
    if (!(await box.isChecked())) await box.check();
  }
  await page.getByTestId('gan-run').click();
  await page.waitForTimeout(3000); // warm up
  const s0 = await state(page);
  const fps: number[] = [];
  const t0 = Date.now();
  while (Date.now() - t0 < seconds * 1000) {
    await page.waitForTimeout(1000);
    fps.push(Number(await page.getByTestId('gan-canvas').getAttribute('data-fps')));
  }
  const s1 = await state(page);
  const gsps = (s1.step - s0.step) / ((Date.now() - t0) / 1000);
  await page.close();
  const sorted = [...fps].sort((a, b) => a - b);
  return {
    bench: 'gan2d',
    config: label,
    backend: s1.backend,
    batch_size: 256,
    networks: '3 x 128',
    g_steps_per_s: Number(gsps.toFixed(1)),
    canvas_fps_median: sorted[sorted.length >> 1] ?? null,
    canvas_fps_min: sorted[0] ?? null,
    all_layers_on: true,
    target_canvas_fps: 30,
  };
}

export async function benchGan(newPage: NewPage, seconds = 10): Promise<object[]> {
  return [
    await measure(newPage, 'non-saturating, k=1', async () => {}, seconds),
    await measure(
      newPage,
      'WGAN-GP, k=5',
      async (page) => {
        await page.getByTestId('gan-loss').selectOption('wganGp');
        await page.getByTestId('gan-k').fill('5');
        await page.getByTestId('gan-k').press('Enter');
      },
      seconds,
    ),
  ];
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const h = await openHarness();
  try {
    for (const r of await benchGan((p) => h.newPage(p))) console.log(JSON.stringify(r));
  } finally {
    await h.close();
  }
}
