// npx tsx scripts/benchLatentSpeed.ts [--dist DIR] [--seconds S] [--rounds N]   (needs a build: npx vite build)
// Does the latent explorer slow the VAE's training? Classic VAE on the full MNIST in headless Chromium:
// training steps/s on the VAE tab, then while the latent tab, just opened, encodes the 10,000 test
// digits for its scatter, and with the tab left open afterwards. Issue 15's target: the encoding never
// halves training speed (ratio to the closed-tab speed >= 0.5, also over the worst one-second window).
// Prints one JSON line. --dist measures another build (e.g. an older commit's, for before/after).
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { classicVaeConfig } from '../src/config/vae';
import { encodeConfigHash } from '../src/config/url';

interface Sample {
  t: number;
  step: number;
  encoding: boolean;
  /** Epochs finished: the test-set evaluation at each epoch's end pauses training by design. */
  epochs: number;
}

const round = (x: number | null, d = 2) => (x === null || !Number.isFinite(x) ? null : Number(x.toFixed(d)));

/** Steps per second between the first and last sample. */
function rate(s: Sample[]): number | null {
  if (s.length < 2) return null;
  const a = s[0]!;
  const b = s[s.length - 1]!;
  return b.t > a.t ? ((b.step - a.step) * 1000) / (b.t - a.t) : null;
}

/** Longest gap between samples that still counts as the page sampling on time (every 50 ms asked). */
const ON_TIME_MS = 250;

/**
 * The slowest one-second window (sliding by sample) inside `s`, leaving out windows with an epoch's end
 * in them (its test-set evaluation stops training whether the explorer is open or not) and windows
 * where the page's own sampling stalled (a busy main thread reads a stale step: the worker's speed
 * cannot be told from it).
 */
function worstWindow(s: Sample[]): number | null {
  let worst: number | null = null;
  for (let i = 0; i < s.length; i++) {
    const j = s.findIndex((x) => x.t >= s[i]!.t + 1000);
    if (j < 0) break;
    if (s[j]!.epochs !== s[i]!.epochs) continue;
    if (s.slice(i + 1, j + 1).some((x, k) => x.t - s[i + k]!.t > ON_TIME_MS)) continue;
    const r = rate([s[i]!, s[j]!]);
    if (r !== null && (worst === null || r < worst)) worst = r;
  }
  return worst;
}

/**
 * Sample the training step and whether the explorer is encoding, every 50 ms for `ms`, and on while an
 * encoding pass that started runs (at most a minute more).
 */
function record(page: Page, ms: number, act?: string): Promise<Sample[]> {
  return page.evaluate(
    async ({ ms, act }) => {
      const w = window as any;
      const out: { t: number; step: number; encoding: boolean; epochs: number }[] = [];
      const t0 = performance.now();
      const sample = () =>
        out.push({
          t: performance.now(),
          step: w.__latentLab.getState().progress?.step ?? 0,
          epochs: w.__latentLab.getState().epochs.length,
          encoding: !!w.__latentExplorer?.getState().loadingEncodings,
        });
      sample();
      if (act) (document.querySelector(`[data-testid="${act}"]`) as HTMLElement).click();
      const busy = () => out.length > 0 && out[out.length - 1]!.encoding;
      while (performance.now() - t0 < ms || (busy() && performance.now() - t0 < ms + 60_000)) {
        await new Promise((r) => setTimeout(r, 50));
        sample();
      }
      return out;
    },
    { ms, act },
  );
}

/** The samples taken while an encoding pass ran (from the first `encoding` to the last). */
function whileEncoding(s: Sample[]): Sample[] {
  const first = s.findIndex((x) => x.encoding);
  if (first < 0) return [];
  let last = first;
  for (let i = first; i < s.length; i++) if (s[i]!.encoding) last = i;
  return s.slice(Math.max(0, first - 1), Math.min(s.length, last + 2));
}

const median = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return v.length ? v[v.length >> 1]! : null;
};

/**
 * Rounds of: the VAE tab for `seconds` (the speed to compare with), then the latent tab opened (it
 * encodes the test set: measured until the pass ends), then the tab left open for `seconds`, then back.
 * Each round's ratios use its own closed-tab speed, so a machine whose load drifts still compares like
 * with like.
 */
export async function benchLatentSpeed(
  newPage: (path: string) => Promise<Page>,
  opts: { seconds?: number; rounds?: number } = {},
): Promise<object> {
  const seconds = opts.seconds ?? 6;
  const config = structuredClone(classicVaeConfig);
  config.training.epochs = 1000;
  const page = await newPage(`?tab=vae#${encodeConfigHash(config)}`);
  // Run under tsx, functions passed to page.evaluate carry esbuild's __name(fn, "name") wrappers.
  await page.evaluate('window.__name = window.__name || ((f) => f)');
  try {
    const status = () => page.evaluate(() => (window as any).__latentLab.getState().status as string);
    for (let i = 0; i < 600 && (await status()) !== 'ready'; i++) await page.waitForTimeout(200);
    await page.getByTestId('btn-run').click();
    await page.waitForTimeout(5000); // warm up (first steps compile kernels)
    const rounds: { closed: Sample[]; pass: Sample[]; open: Sample[] }[] = [];
    for (let k = 0; k < (opts.rounds ?? 3); k++) {
      const closed = await record(page, seconds * 1000);
      const pass = whileEncoding(await record(page, 1000, 'tab-latent'));
      const open = await record(page, seconds * 1000);
      await page.getByTestId('tab-vae').click();
      rounds.push({ closed, pass, open });
    }
    const s = await page.evaluate(() => {
      const lab = (window as any).__latentLab.getState();
      return { backend: lab.backend?.name ?? null, running: lab.status === 'running' };
    });
    const per = rounds.map((r) => {
      const base = rate(r.closed);
      const ratio = (x: number | null) => (base && x !== null ? x / base : null);
      return {
        closed: base,
        during: rate(r.pass),
        duringRatio: ratio(rate(r.pass)),
        worstRatio: ratio(worstWindow(r.pass)),
        closedWorstRatio: ratio(worstWindow(r.closed)),
        passS: r.pass.length > 1 ? (r.pass[r.pass.length - 1]!.t - r.pass[0]!.t) / 1000 : null,
        openRatio: ratio(rate(r.open)),
      };
    });
    const list = (f: (p: (typeof per)[number]) => number | null, d = 2) => per.map((p) => round(f(p), d));
    return {
      bench: 'latent-training-speed',
      what: "VAE training steps/s (classic VAE, full MNIST): per round, the VAE tab, then the latent tab opening (it encodes the 10k test digits for the scatter: the pass), then the latent tab left open; ratios to the same round's VAE-tab speed",
      backend: s.backend,
      training_running: s.running,
      tab_closed_steps_per_s: list((p) => p.closed),
      while_encoding_steps_per_s: list((p) => p.during),
      while_encoding_ratio: list((p) => p.duringRatio),
      while_encoding_ratio_median: round(median(per.map((p) => p.duringRatio))),
      while_encoding_worst_1s_ratio: list((p) => p.worstRatio),
      tab_closed_worst_1s_ratio: list((p) => p.closedWorstRatio),
      encoding_pass_s: list((p) => p.passS, 1),
      tab_open_after_ratio: list((p) => p.openRatio),
      target_min_ratio: 0.5,
    };
  } finally {
    await page.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const { openHarness } = await import('../tests/e2e/browser');
  const h = await openHarness(flag('dist') ?? 'dist');
  try {
    const r = await benchLatentSpeed((p) => h.newPage(p), {
      seconds: flag('seconds') ? Number(flag('seconds')) : undefined,
      rounds: flag('rounds') ? Number(flag('rounds')) : undefined,
    });
    console.log(JSON.stringify(r));
  } finally {
    await h.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.log(JSON.stringify({ bench: 'latent-training-speed-error', message: String(e) }));
    process.exit(1);
  });
}
