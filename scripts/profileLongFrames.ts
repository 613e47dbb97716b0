// Where the page's long frames go while training: Chromium's Long Animation Frames API, summarised.
// `npx tsx scripts/profileLongFrames.ts [--tab vae|gan] [--seconds S] [--dist DIR]` (build with
// `npx vite build --minify false --outDir DIR` for readable function names). Prints one JSON line: the
// frames over 50 ms and, over those frames, the script time per (invoker, function) and the time spent
// in rendering (style, layout, paint) after the scripts.
import type { Page } from 'playwright-core';
import { openHarness } from '../tests/e2e/browser';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const TAB = opt('tab', 'gan');
const SECONDS = Number(opt('seconds', '15'));

async function untilReady(page: Page, store: string): Promise<void> {
  for (let i = 0; i < 1800; i++) {
    const s = await page.evaluate((k) => (window as any)[k]?.getState().status, store);
    if (s === 'ready') return;
    await page.waitForTimeout(100);
  }
}

const h = await openHarness(opt('dist', 'dist'));
await h.context.addInitScript(() => {
  (window as any).__loaf = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as any[]) {
      if (e.duration <= 50) continue;
      (window as any).__loaf.push({
        start: e.startTime,
        duration: e.duration,
        render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
        scripts: e.scripts.map((s: any) => ({
          what: `${s.invokerType}:${s.invoker} ${s.sourceFunctionName || '(anonymous)'}`,
          ms: s.duration,
        })),
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
});
try {
  const page = await h.newPage(TAB === 'gan' ? '?tab=gan' : '');
  await untilReady(page, TAB === 'gan' ? '__ganLab' : '__latentLab');
  const t0: number = await page.evaluate(() => performance.now());
  await page.getByTestId(TAB === 'gan' ? 'gan-run' : 'btn-run').click();
  await page.waitForTimeout(SECONDS * 1000);
  const frames: {
    start: number;
    duration: number;
    render: number;
    scripts: { what: string; ms: number }[];
  }[] = await page.evaluate((t) => (window as any).__loaf.filter((f: any) => f.start >= t), t0);
  const byScript = new Map<string, number>();
  let render = 0;
  for (const f of frames) {
    render += f.render;
    for (const s of f.scripts) byScript.set(s.what, (byScript.get(s.what) ?? 0) + s.ms);
  }
  const top = [...byScript.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(
    JSON.stringify({
      bench: 'long-frames',
      tab: TAB,
      seconds: SECONDS,
      frames_over_50ms: frames.length,
      longest_frame_ms: Math.round(Math.max(0, ...frames.map((f) => f.duration))),
      total_ms_in_long_frames: Math.round(frames.reduce((a, f) => a + f.duration, 0)),
      render_ms_in_long_frames: Math.round(render),
      script_ms_by_function: Object.fromEntries(top.map(([k, v]) => [k, Math.round(v)])),
    }),
  );
} finally {
  await h.close();
}
