// The 2-D GAN lab's numbers in Chromium (issues 4, 14, 15), one JSON line each with its target:
// - generator steps per second at batch 256 for the default 3 x 128 networks, non-saturating k = 1 and
//   WGAN-GP k = 5, every drawing layer on, with the canvas frame rate and the page's main-thread long tasks;
// - time_to_story_s per GAN preset: seconds from Start until the preset shows what it is for.
// Standalone: `npx tsx scripts/benchGan.ts [--dist DIR] [--skip-story] [--only-story] [--presets a,b]
// [--max-wait S]`
// (needs a build in dist/, or DIR).
import type { Page } from 'playwright-core';
import { listPresets } from '../src/config/presets';
import { openHarness } from '../tests/e2e/browser';
import { calibrate } from './calibrate';

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

async function ready(page: Page): Promise<void> {
  for (let i = 0; i < 1800 && (await state(page)).status !== 'ready'; i++) await page.waitForTimeout(100);
}

/** Main-thread tasks over 50 ms (Long Tasks API) since `t` (page clock), if the page records them. */
const longTasksSince = (page: Page, t: number): Promise<number[]> =>
  page.evaluate(
    (since) =>
      ((window as any).__longTasks ?? [])
        .filter((e: any) => e.start >= since)
        .map((e: any) => e.ms as number),
    t,
  );

async function measure(
  newPage: NewPage,
  label: string,
  setup: (page: Page) => Promise<void>,
  seconds: number,
) {
  const page = await newPage('?tab=gan');
  await ready(page);
  await setup(page);
  for (const l of ['real', 'fake', 'heatmap', 'arrows', 'manifold', 'trails']) {
    const box = page.getByTestId(`gan-layer-${l}`);
    if (!(await box.isChecked())) await box.check();
  }
  const clickAt: number = await page.evaluate(() => performance.now());
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
  const long = await longTasksSince(page, clickAt);
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
    longest_main_thread_task_ms: long.length ? Math.round(Math.max(...long)) : 0,
    main_thread_tasks_over_50ms: long.length,
    targets: { canvas_fps: 30, longest_main_thread_task_ms: 50, g_steps_per_s: '3x before' },
  };
}

export async function benchGanSpeed(newPage: NewPage, seconds = 10): Promise<object[]> {
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

/** What each preset is for, read from the lab's state in the page, and how long it may take. */
interface Story {
  text: string;
  targetS: number;
  /** Evaluated in the page: true once the story shows. */
  check: string;
}

const collapse = (maxModes: number): Story => ({
  text: `textbook collapse: G sits on 1-${maxModes} real modes with >= 80% high-quality samples`,
  targetS: 60,
  check: `(s) => s.snapshot?.modes && s.snapshot.modes.captured >= 1 && s.snapshot.modes.captured <= ${maxModes} && s.snapshot.modes.hqFraction >= 0.8`,
});
// A mode counts as captured with only a few fakes near it, so the fix's story also asks that at least
// half the fakes are high quality (near some mode): 7 modes touched by a diffuse cloud is not a fix.
// The grid presets on continuous noise reach the modes but stay blurred (docs/gan-presets.md; their
// descriptions say so): their story (`sharp` false) is the cover they do show, not a sharpness they are
// documented to lack.
const cover = (modes: number, of: number, sharp = true): Story => ({
  text: sharp
    ? `fix: >= ${modes} of ${of} modes captured with >= 50% high-quality samples`
    : `cover without sharpness: >= ${modes} of ${of} modes captured, < 50% high-quality samples (a blur)`,
  targetS: 180,
  check: `(s) => s.snapshot?.modes && s.snapshot.modes.captured >= ${modes} && s.snapshot.modes.hqFraction ${sharp ? '>= 0.5' : '< 0.5'}`,
});

// The vanilla grid preset does not collapse (docs/gan-presets.md): its story is the blur it shows instead.
const blur = (modes: number, of: number): Story => ({
  text: `vanilla blur: fakes touch >= ${modes} of ${of} modes with < 10% high-quality samples`,
  targetS: 60,
  check: `(s) => s.snapshot?.modes && s.snapshot.step >= 200 && s.snapshot.modes.captured >= ${modes} && s.snapshot.modes.hqFraction < 0.1`,
});

export const STORIES: Record<string, Story> = {
  'gan-ring-collapse': collapse(3),
  'gan-grid-collapse': blur(10, 25),
  'gan-ring-oscillation': {
    text: 'G learns too fast: its samples travel as one tight clump (spread < 0.3) with < 5% high quality',
    targetS: 60,
    check: `(s) => {
      const f = s.snapshot?.fake; if (!f || !s.snapshot.modes || s.snapshot.step < 100) return false;
      let mx = 0, my = 0; const n = f.length / 2;
      for (let i = 0; i < f.length; i += 2) { mx += f[i] / n; my += f[i + 1] / n; }
      let v = 0; for (let i = 0; i < f.length; i += 2) v += ((f[i] - mx) ** 2 + (f[i + 1] - my) ** 2) / n;
      return Math.sqrt(v) < 0.3 && s.snapshot.modes.hqFraction < 0.05;
    }`,
  },
  'gan-saturating': {
    text: "vanishing gradient: D(G(z)) < 0.01 and G's gradient norm < 1e-3",
    targetS: 60,
    check: `(s) => {
      const last = (k) => { const p = s.series[k]?.points; return p?.length ? p[p.length - 1].value : NaN; };
      return last('dFake') < 0.01 && last('gGradNorm') < 1e-3;
    }`,
  },
  'gan-ring-unrolled': cover(7, 8),
  'gan-ring-wgan-gp': cover(7, 8),
  'gan-grid-wgan-gp': cover(22, 25, false),
  'gan-grid-mixture': cover(22, 25),
  'gan-grid-pacgan': cover(15, 25, false),
};

async function timeToStory(
  newPage: NewPage,
  id: string,
  story: Story,
  speed: number | null,
  maxWaitS = Infinity,
) {
  const page = await newPage('?tab=gan');
  await ready(page);
  await page.getByTestId('gan-preset').selectOption(id);
  await ready(page);
  // Twice the budget, and at least the budget scaled to this machine's speed right now.
  // (--max-wait S caps it, for a bench that must end in time on a slow machine.)
  const limit = Math.min(maxWaitS, Math.max(2 * story.targetS, speed ? story.targetS / speed : 0));
  const t0 = Date.now();
  await page.getByTestId('gan-run').click();
  let at: number | null = null;
  let last = { step: 0, captured: null as number | null, hq: null as number | null };
  while (Date.now() - t0 < limit * 1000) {
    await page.waitForTimeout(250);
    const r = await page.evaluate((check) => {
      const s = (window as any).__ganLab.getState();
      const ok = Boolean(new Function(`return (${check})`)()(s));
      const m = s.snapshot?.modes;
      return {
        ok,
        step: s.snapshot?.step ?? 0,
        captured: m?.captured ?? null,
        hq: m?.hqFraction ?? null,
        status: s.status,
      };
    }, story.check);
    last = { step: r.step, captured: r.captured, hq: r.hq };
    if (r.ok) {
      at = (Date.now() - t0) / 1000;
      break;
    }
    if (r.status === 'done' || r.status === 'error') break;
  }
  const seconds = (Date.now() - t0) / 1000;
  await page.close();
  return {
    bench: 'gan2d-story',
    preset: id,
    story: story.text,
    time_to_story_s: at === null ? null : Number(at.toFixed(1)),
    target_s: story.targetS,
    met: at !== null && at <= story.targetS,
    // The budget holds on the reference laptop: here it is target_s / speed_vs_reference.
    speed_vs_reference: speed,
    target_scaled_s: speed ? Number((story.targetS / speed).toFixed(1)) : null,
    met_scaled: speed && at !== null ? at <= story.targetS / speed : null,
    g_step_at_end: last.step,
    modes_captured_at_end: last.captured,
    hq_fraction_at_end: last.hq === null ? null : Number(last.hq.toFixed(3)),
    g_steps_per_s: Number((last.step / seconds).toFixed(1)),
    gave_up_after_s: at === null ? Number(seconds.toFixed(0)) : undefined,
  };
}

export async function benchGanStories(
  newPage: NewPage,
  only?: string[],
  maxWaitS?: number,
): Promise<object[]> {
  const ids = listPresets()
    .filter((p) => p.config.kind === 'gan2d')
    .map((p) => p.id)
    .filter((id) => !only || only.includes(id));
  // Calibration right before and after (printed as it is taken); budgets scale by the mean of the two.
  const before = calibrate('before GAN stories');
  console.log(JSON.stringify(before));
  const out: object[] = [];
  for (const id of ids) {
    const story = STORIES[id];
    if (!story) out.push({ bench: 'gan2d-story', preset: id, error: 'no story defined for this preset' });
    else {
      out.push(await timeToStory(newPage, id, story, before.speed_vs_reference, maxWaitS));
      console.error(JSON.stringify(out[out.length - 1])); // progress, for long runs
    }
  }
  const after = calibrate('after GAN stories');
  const speeds = [before, after].map((c) => c.speed_vs_reference).filter((x): x is number => x !== null);
  const mean = speeds.length ? speeds.reduce((a, b) => a + b, 0) / speeds.length : null;
  for (const o of out as Record<string, unknown>[]) {
    if (typeof o.target_s !== 'number' || !mean) continue;
    const at = o.time_to_story_s as number | null;
    o.speed_vs_reference = Number(mean.toFixed(2));
    o.target_scaled_s = Number((o.target_s / mean).toFixed(1));
    // Gave up before the scaled budget ran out (--max-wait): not known, not false.
    const gaveUp = o.gave_up_after_s as number | undefined;
    o.met_scaled =
      at !== null
        ? at <= o.target_s / mean
        : gaveUp !== undefined && gaveUp < o.target_s / mean
          ? null
          : false;
  }
  out.push(after);
  return out;
}

/** Everything, for `npm run bench`. */
export async function benchGan(newPage: NewPage, seconds = 10): Promise<object[]> {
  return [...(await benchGanSpeed(newPage, seconds)), ...(await benchGanStories(newPage))];
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const h = await openHarness(opt('dist') ?? 'dist');
  await h.context.addInitScript(() => {
    (window as any).__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        (window as any).__longTasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  try {
    const open = (p: string) => h.newPage(p);
    if (!args.includes('--only-story'))
      for (const r of await benchGanSpeed(open)) console.log(JSON.stringify(r));
    if (!args.includes('--skip-story'))
      for (const r of await benchGanStories(
        open,
        opt('presets')?.split(','),
        opt('max-wait') ? Number(opt('max-wait')) : undefined,
      ))
        console.log(JSON.stringify(r));
  } finally {
    await h.close();
  }
}
