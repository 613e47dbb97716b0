// The VAE family's step times (issue 9): each preset's median ms/step in the VAE trainer, next to the
// classic VAE's measured in the same run (ratio = preset / classic). Standalone:
// `npx tsx scripts/benchVaeFamily.ts [--seconds S] [--presets a,b]` (needs dist/; prints JSON lines).
import type { Page } from 'playwright-core';
import { presetConfig, listPresets } from '../src/config/presets';
import { encodeConfigHash } from '../src/config/url';
import { openHarness } from '../tests/e2e/browser';

type NewPage = (path: string) => Promise<Page>;

const state = (page: Page) =>
  page.evaluate(() => {
    const s = (window as any).__latentLab.getState();
    return {
      status: s.status as string,
      step: (s.progress?.step ?? 0) as number,
      backend: s.backend?.name as string,
      stepMs: (s.recentStepMs as number[]).slice(),
    };
  });

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

async function measure(newPage: NewPage, id: string, seconds: number) {
  const config = structuredClone(presetConfig(id));
  if (config.kind !== 'vae') throw new Error(`${id} is not a VAE preset`);
  // Step time does not depend on the data set's size; a subset loads faster.
  config.data.trainSubset = 6000;
  config.data.testSubset = 500;
  const page = await newPage(`#${encodeConfigHash(config)}`);
  try {
    for (let i = 0; i < 1800 && (await state(page)).status !== 'ready'; i++) await page.waitForTimeout(100);
    await page.getByTestId('btn-run').click();
    await page.waitForTimeout(3000); // warm up (kernel compilation, first snapshots)
    const s0 = await state(page);
    await page.waitForTimeout(seconds * 1000);
    const s1 = await state(page);
    await page.getByTestId('btn-run').click();
    const steps = s1.step - s0.step;
    // The per-step wall times of the steps in the window (the store keeps the most recent ones).
    const ms = median(s1.stepMs.slice(-Math.max(1, Math.min(steps, s1.stepMs.length))));
    return { id, backend: s1.backend, steps, batch: config.training.batchSize, ms_per_step: ms };
  } finally {
    await page.close();
  }
}

export async function benchVaeFamily(newPage: NewPage, seconds = 15, only?: string[]): Promise<object[]> {
  const ids = [
    'classic-vae',
    ...listPresets()
      .filter((p) => p.config.kind === 'vae' && p.id !== 'classic-vae')
      .map((p) => p.id),
  ].filter((id) => !only || only.includes(id));
  const out: object[] = [];
  let classic: number | null = null;
  for (const id of ids) {
    try {
      const r = await measure(newPage, id, seconds);
      if (id === 'classic-vae') classic = r.ms_per_step;
      out.push({
        bench: 'vae-family-step',
        ...r,
        ms_per_step: r.ms_per_step === null ? null : Number(r.ms_per_step.toFixed(2)),
        classic_vae_ms_per_step: classic === null ? null : Number(classic.toFixed(2)),
        ratio_to_classic: classic && r.ms_per_step ? Number((r.ms_per_step / classic).toFixed(2)) : null,
        target: "issue 9: each new model's ms/step printed next to the classic VAE's (no bound)",
      });
    } catch (e) {
      out.push({ bench: 'vae-family-step', id, ok: false, error: String(e) });
    }
  }
  return out;
}

if (process.argv[1]?.endsWith('benchVaeFamily.ts')) {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const h = await openHarness();
  try {
    for (const r of await benchVaeFamily(
      (p) => h.newPage(p),
      Number(flag('seconds') ?? 15),
      flag('presets')?.split(','),
    ))
      console.log(JSON.stringify(r));
  } finally {
    await h.close();
  }
}
