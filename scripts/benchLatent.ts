// npx tsx scripts/benchLatent.ts [--warmup S] [--samples N]   (needs a build in dist/: npx vite build)
// The latent explorer's latency targets (issue 3), measured in headless Chromium on the full MNIST with
// the classic VAE while it trains: slider input to decoded pixels, the 20x20 manifold redraw, and the
// 10k-point scatter redraw. Prints one JSON line per measurement; scripts/bench.ts calls benchLatent().
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { classicVaeConfig } from '../src/config/vae';
import { encodeConfigHash } from '../src/config/url';

export interface BenchLatentOptions {
  /** Seconds of training before measuring, so the decoder is not random (default 15). */
  warmupSeconds?: number;
  /** Slider samples (default 200). */
  samples?: number;
}

const round = (x: number | null | undefined, d = 2) =>
  x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(d));

function quantile(xs: number[], q: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const stats = (xs: number[]) => ({
  p50_ms: round(quantile(xs, 0.5)),
  p95_ms: round(quantile(xs, 0.95)),
  max_ms: round(xs.length ? Math.max(...xs) : null),
  samples: xs.length,
});

type LabView = {
  status: string;
  backend: { name: string; threads?: number } | null;
  progress: { step: number; stepsPerSec: number } | null;
};
const lab = (page: Page) => page.evaluate(() => (window as any).__latentLab.getState() as LabView);

async function until(page: Page, what: string, ok: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(200);
  }
}

/**
 * Slider latency as the reader feels it. Chrome delivers a drag's pointer events at the start of a
 * frame, just before requestAnimationFrame callbacks; so each sample dispatches the slider's input event
 * inside a rAF callback and stops the clock in a task posted from there, which runs once that frame's
 * style, layout, paint and commit are done: input event to decoded pixels handed to the compositor.
 */
async function sliderInFrame(page: Page, dim: number, samples: number) {
  return page.evaluate(
    async ({ dim, samples }) => {
      const input = document.querySelector(`[data-testid="latent-slider-${dim}"]`) as HTMLInputElement;
      const canvas = document.querySelector('[data-testid="latent-decoded"]') as HTMLCanvasElement;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const store = (window as any).__latentExplorer;
      const latency: number[] = [];
      const handler: number[] = [];
      const decode: number[] = [];
      let missed = 0;
      for (let k = 0; k < samples; k++) {
        await new Promise<void>((done) =>
          requestAnimationFrame(() => {
            // Values sweep back and forth like a drag, on the 0.01 grid of the range input.
            const v = (2.5 * Math.sin(k / 7)).toFixed(2);
            const t0 = performance.now();
            setValue.call(input, v);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            const t1 = performance.now();
            if (Math.abs(store.getState().z[dim] - Number(v)) > 1e-6) missed++;
            decode.push(Number(canvas.dataset.decodeMs));
            handler.push(t1 - t0);
            const ch = new MessageChannel();
            ch.port1.onmessage = () => {
              latency.push(performance.now() - t0);
              done();
            };
            ch.port2.postMessage(0);
          }),
        );
      }
      return { latency, handler, decode, missed };
    },
    { dim, samples },
  );
}

/**
 * The same with real (CDP) mouse drags on the slider: from each input event's timestamp (when the browser
 * received the mouse move) to the end of the frame that paints it; includes any wait for that frame.
 */
async function sliderMouseDrag(page: Page, dim: number) {
  const slider = page.getByTestId(`latent-slider-${dim}`);
  await slider.scrollIntoViewIfNeeded();
  const box = (await slider.boundingBox())!;
  await page.evaluate((dim) => {
    const w = window as any;
    w.__dragLatency = [];
    w.__dragListener = (e: Event) => {
      if ((e.target as HTMLElement).dataset?.testid !== `latent-slider-${dim}`) return;
      const ts = e.timeStamp;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => w.__dragLatency.push(performance.now() - ts);
        ch.port2.postMessage(0);
      });
    };
    document.addEventListener('input', w.__dragListener, true);
  }, dim);
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width / 2, y);
  await page.mouse.down();
  for (let pass = 0; pass < 4; pass++) {
    await page.mouse.move(box.x + box.width * 0.95, y, { steps: 40 });
    await page.mouse.move(box.x + box.width * 0.05, y, { steps: 40 });
  }
  await page.mouse.up();
  await page.waitForTimeout(200);
  return page.evaluate(() => {
    const w = window as any;
    document.removeEventListener('input', w.__dragListener, true);
    return w.__dragLatency as number[];
  });
}

/**
 * 20x20 manifold redraws: moving a slider that is not one of the grid's two dimensions asks the engine
 * (busy training) for 400 decodings, latest request wins. The panel reports each redraw's time from the
 * request to the painted tiles ("Decoded 400 tiles in X ms"); here, also input to painted tiles and to
 * the end of that frame, counted only when no earlier request was still in flight.
 */
async function manifoldRedraws(page: Page, count: number) {
  return page.evaluate(async (count) => {
    const store = (window as any).__latentExplorer;
    const { dimX, dimY, n } = store.getState().manifold;
    const dim = store.getState().z.length;
    const other = Array.from({ length: dim }, (_, k) => k).find((k) => k !== dimX && k !== dimY)!;
    const input = document.querySelector(`[data-testid="latent-slider-${other}"]`) as HTMLInputElement;
    const grid = document.querySelector('[data-testid="manifold-grid"]') as HTMLCanvasElement;
    const info = grid.closest('section')!.querySelector('p.small.muted:last-of-type') as HTMLElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const reported: number[] = [];
    const toPaint: number[] = [];
    const toFrame: number[] = [];
    let lastPaint = performance.now();
    let waiting: ((t: number) => void) | null = null;
    const obs = new MutationObserver(() => {
      lastPaint = performance.now();
      waiting?.(lastPaint);
    });
    obs.observe(grid, { attributes: true, attributeFilter: ['data-step'] });
    const textObs = new MutationObserver(() => {
      const m = /Decoded (\d+) tiles in (\d+) ms/.exec(info.textContent ?? '');
      if (m && Number(m[1]) === n * n) reported.push(Number(m[2]));
    });
    textObs.observe(info, { childList: true, characterData: true, subtree: true });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    for (let k = 0; k < count; k++) {
      // Wait for a quiet moment (no redraw for 150 ms) so the first paint after the input is ours.
      const give = performance.now() + 5000;
      while (performance.now() - lastPaint < 150 && performance.now() < give) await sleep(20);
      const painted = new Promise<number>((r) => (waiting = r));
      const t0 = performance.now();
      setValue.call(input, (k % 2 ? 1.5 : -1.5).toFixed(2));
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const t1 = await Promise.race([painted, sleep(10_000).then(() => NaN)]);
      waiting = null;
      if (Number.isNaN(t1)) continue;
      toPaint.push(t1 - t0);
      await new Promise<void>((done) =>
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => {
            toFrame.push(performance.now() - t0);
            done();
          };
          ch.port2.postMessage(0);
        }),
      );
    }
    obs.disconnect();
    await sleep(300);
    textObs.disconnect();
    return { reported, toPaint, toFrame, n };
  }, count);
}

/** Scatter redraws of all 10k test codes: legend toggles (repaint) and projection switches (re-frame). */
async function scatterRedraws(page: Page, count: number) {
  return page.evaluate(async (count) => {
    const canvas = document.querySelector('[data-testid="latent-scatter"]') as HTMLCanvasElement;
    const frame = (act: () => void) =>
      new Promise<{ ms: number; paint: number }>((done) =>
        requestAnimationFrame(() => {
          const before = canvas.dataset.drawMs;
          const t0 = performance.now();
          act();
          const ch = new MessageChannel();
          ch.port1.onmessage = () => {
            const ms = performance.now() - t0;
            done({ ms, paint: canvas.dataset.drawMs === before ? NaN : Number(canvas.dataset.drawMs) });
          };
          ch.port2.postMessage(0);
        }),
      );
    const legend = document.querySelector('[data-testid="legend-3"]') as HTMLButtonElement;
    const toggle: number[] = [];
    const paint: number[] = [];
    for (let k = 0; k < count; k++) {
      const r = await frame(() => legend.click());
      toggle.push(r.ms);
      if (!Number.isNaN(r.paint)) paint.push(r.paint);
    }
    const mode = document.querySelector('[data-testid="scatter-mode"]') as HTMLSelectElement | null;
    const setValue = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!;
    const reframe: number[] = [];
    for (let k = 0; mode && k < Math.ceil(count / 2); k++) {
      const r = await frame(() => {
        setValue.call(mode, mode.value === 'pca' ? 'dims' : 'pca');
        mode.dispatchEvent(new Event('change', { bubbles: true }));
      });
      reframe.push(r.ms);
    }
    return { toggle, paint, reframe, points: Number(canvas.dataset.points) };
  }, count);
}

/** Measure the explorer's latencies on the full MNIST, classic VAE, while it trains. */
export async function benchLatent(
  newPage: (path: string) => Promise<Page>,
  opts: BenchLatentOptions = {},
): Promise<object[]> {
  const warmup = opts.warmupSeconds ?? 15;
  const samples = opts.samples ?? 200;
  const config = structuredClone(classicVaeConfig);
  config.training.epochs = 1000; // keeps training through the whole measurement
  const page = await newPage(`?tab=latent#${encodeConfigHash(config)}`);
  // Run under tsx, functions passed to page.evaluate carry esbuild's __name(fn, "name") wrappers.
  await page.evaluate('window.__name = window.__name || ((f) => f)');
  try {
    await until(page, 'the model', async () => (await lab(page)).status === 'ready', 120_000);
    await page.getByTestId('btn-run').click();
    await until(page, 'training', async () => (await lab(page)).status === 'running', 10_000);
    await page.waitForTimeout(warmup * 1000);
    await until(
      page,
      'the 10k test encodings and decoder weights',
      () =>
        page.evaluate(() => {
          const s = (window as any).__latentExplorer.getState();
          return s.decoder !== null && s.encodings?.n === 10000;
        }),
      120_000,
    );
    const stepAtStart = (await lab(page)).progress?.step ?? 0;
    const dim: number = await page.evaluate(() => (window as any).__latentExplorer.getState().manifold.dimX);

    const inFrame = await sliderInFrame(page, dim, samples);
    const drag = await sliderMouseDrag(page, dim);
    const manifold = await manifoldRedraws(page, 20);
    const scatter = await scatterRedraws(page, 20);

    const s = await lab(page);
    const common = {
      backend: s.backend?.name ?? null,
      training_running: s.status === 'running' && (s.progress?.step ?? 0) > stepAtStart,
      training_steps_per_s: round(s.progress?.stepsPerSec, 1),
      step_at_start: stepAtStart,
    };
    return [
      {
        bench: 'latent-slider',
        what: 'input event (dispatched at frame start, as Chrome delivers drags) to the end of the frame that paints the decoding',
        ...stats(inFrame.latency),
        handler_p50_ms: round(quantile(inFrame.handler, 0.5), 3),
        decode_p50_ms: round(quantile(inFrame.decode, 0.5), 3),
        inputs_not_applied: inFrame.missed,
        target_p95_ms: 16,
        goal_ms: 8,
        ...common,
      },
      {
        bench: 'latent-slider-mouse',
        what: 'real mouse drag: input event timestamp to the end of the frame that paints it (includes the wait for that frame)',
        ...stats(drag),
        target_p95_ms: 16,
        goal_ms: 8,
        ...common,
      },
      {
        bench: 'latent-manifold-20x20',
        what: 'redraw requested to 400 decoded tiles painted (engine decode while training, as reported by the panel)',
        median_ms: round(quantile(manifold.reported, 0.5)),
        p95_ms: round(quantile(manifold.reported, 0.95)),
        redraws: manifold.reported.length,
        input_to_painted_median_ms: round(quantile(manifold.toPaint, 0.5)),
        input_to_painted_p95_ms: round(quantile(manifold.toPaint, 0.95)),
        input_to_frame_median_ms: round(quantile(manifold.toFrame, 0.5)),
        target_ms: 100,
        goal_ms: 50,
        ...common,
      },
      {
        bench: 'latent-scatter-10k',
        what: 'legend toggle to the end of the frame that shows the redrawn 10k points; paint_ms is the canvas drawing alone',
        points: scatter.points,
        median_ms: round(quantile(scatter.toggle, 0.5)),
        p95_ms: round(quantile(scatter.toggle, 0.95)),
        paint_median_ms: round(quantile(scatter.paint, 0.5)),
        reframe_median_ms: round(quantile(scatter.reframe, 0.5)),
        reframe_note: 'PCA <-> two-coordinates switch: re-project, re-frame and redraw',
        target_ms: 30,
        ...common,
      },
    ];
  } finally {
    await page.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? Number(args[i + 1]) : undefined;
  };
  const { openHarness } = await import('../tests/e2e/browser');
  const h = await openHarness();
  try {
    const results = await benchLatent((p) => h.newPage(p), {
      warmupSeconds: flag('warmup'),
      samples: flag('samples'),
    });
    for (const r of results) console.log(JSON.stringify(r));
  } finally {
    await h.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.log(JSON.stringify({ bench: 'latent-error', message: String(e) }));
    process.exit(1);
  });
}
