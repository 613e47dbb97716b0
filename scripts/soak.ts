// Memory soak (issue 13): trains the VAE and the 2-D GAN in Chromium on the built app (dist/) for N
// minutes while driving the sliders, the manifold and the metric panels (scripts/soakLabs.ts), and prints
// one JSON line per sample and lab, then one line with the growth figures next to the targets.
//
//   npm run soak -- --minutes 30 --json        (builds first; `tsx scripts/soak.ts` skips the build)
//   tsx scripts/soak.ts --summarize FILE       (the final line again, from a run's saved JSON lines)
//
// Every sample is three reads a second apart, and each figure is the smallest of its three:
// - num_tensors / tf_bytes: tf.memory() in the lab's engine worker (the engine's 'tfMemory' query); a
//   read landing mid-step also counts that step's tensors in flight. "Flat" is judged on the floor: the
//   later half's fewest tensors no more than the earlier half's (a leak raises every read; the peak
//   growth, which one read in flight can lift, is printed too).
// - js_heap_bytes: an estimate of the page's RETAINED JS heap: CDP HeapProfiler.collectGarbage twice, then
//   Runtime.getHeapUsage. Even so, reads a second apart differ by up to ~2 MB (a collection that lands
//   while the page is busy keeps that task's temporaries: a render, an engine answer), and one such read
//   at the first or last sample decided the old single-read growth figure; the minimum of three does not
//   hide growth, since memory the page retains is in every read. The same rule at every sample, the
//   first and last included. num_tensors_single and js_heap_single_bytes keep the first read alone (the
//   soak's method before), js_heap_reads all three, js_heap_external_bytes what V8 reports outside its
//   heap (typed-array storage: the metric history, checkpoints) where Chromium gives it.
// Baseline: the first sample, taken after one warm-up round of driving (lazy buffers, caches and compiled
// code are made by then; one to two minutes in on a loaded machine); never a later one. Where a lab's
// heap grows: scripts/heapDiff.ts compares two heap snapshots of the same driven labs.
import { readFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { openHarness } from '../tests/e2e/browser';
import { drive, labPath, startLab, wait, type Lab } from './soakLabs';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`--${name} needs a positive number`);
    process.exit(2);
  }
  return v;
}

const minutes = arg('minutes', 5);
// `--dist DIR`: serve a copy of a build (so that rebuilding dist/ during a long soak changes nothing).
const distAt = process.argv.indexOf('--dist');
const dist = distAt >= 0 ? process.argv[distAt + 1]! : 'dist';
const everySec = arg('every', Math.min(60, Math.max(10, (minutes * 60) / 30)));
const print = (o: object) => console.log(JSON.stringify(o));

interface Sample {
  lab: Lab;
  minutes: number;
  step: number;
  num_tensors: number;
  tf_bytes: number;
  num_tensors_single: number;
  js_heap_bytes: number;
  js_heap_single_bytes: number;
  js_heap_reads: number[];
  js_heap_external_bytes: number | null;
}

/** tf.memory() in the lab's engine worker. */
const tfMemory = (lab: Lab, page: Page) =>
  page.evaluate(
    (l) =>
      (l === 'vae' ? (window as any).__labQuery : (window as any).__ganQuery)({
        type: 'tfMemory',
      }) as Promise<{
        numTensors: number;
        numBytes: number;
      }>,
    lab,
  );

async function sample(lab: Lab, page: Page, cdp: CDPSession, t0: number): Promise<Sample> {
  const step = await page.evaluate(
    (l) =>
      Number(
        l === 'vae'
          ? (window as any).__latentLab.getState().progress?.step
          : (window as any).__ganLab.getState().snapshot?.step,
      ) || 0,
    lab,
  );
  // Three reads a second apart (see the header): the heap each after two forced GCs, and tf.memory()
  // each time too (a read can land mid-step, with that step's tensors still alive).
  const used: number[] = [];
  const tensors: Array<{ numTensors: number; numBytes: number }> = [];
  let external: number | null = null;
  for (let i = 0; i < 3; i++) {
    if (i > 0) await wait(1000);
    tensors.push(await tfMemory(lab, page));
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const u = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    used.push(u.usedSize);
    if (typeof u.backingStorageSize === 'number')
      external = Math.min(external ?? Infinity, u.backingStorageSize);
  }
  const mem = tensors.reduce((m, t) => (t.numTensors < m.numTensors ? t : m));
  return {
    lab,
    minutes: Math.round(((Date.now() - t0) / 60_000) * 100) / 100,
    step,
    num_tensors: mem.numTensors,
    tf_bytes: mem.numBytes,
    num_tensors_single: tensors[0]!.numTensors,
    js_heap_bytes: Math.min(...used),
    js_heap_single_bytes: used[0]!,
    js_heap_reads: used,
    js_heap_external_bytes: external,
  };
}

/** The final line: growth from the first sample (the baseline) to the last, next to the targets. */
function summarise(samples: Sample[], minutes: number): Record<string, unknown> {
  const summary: Record<string, unknown> = { event: 'soak', minutes };
  for (const lab of ['vae', 'gan2d'] as const) {
    const s = samples.filter((x) => x.lab === lab);
    const first = s[0]!;
    const last = s[s.length - 1]!;
    const tensors = s.map((x) => x.num_tensors);
    const heaps = s.map((x) => x.js_heap_bytes);
    const half = Math.max(1, Math.floor(s.length / 2));
    summary[lab] = {
      samples: s.length,
      steps: last.step - first.step,
      num_tensors_first: first.num_tensors,
      num_tensors_last: last.num_tensors,
      num_tensors_range: Math.max(...tensors) - Math.min(...tensors),
      // Tensors in flight when a sample lands mid-step make single samples vary; a leak shows as the
      // later half's peak above the earlier half's.
      num_tensors_peak_growth:
        Math.max(...tensors.slice(Math.floor(tensors.length / 2))) -
        Math.max(...tensors.slice(0, Math.max(1, Math.floor(tensors.length / 2)))),
      // A leak raises every later read, so the floor too: the later half's fewest above the earlier
      // half's (what the target is judged on; a step's tensors in flight can lift single reads only).
      num_tensors_floor_growth: Math.min(...tensors.slice(-half)) - Math.min(...tensors.slice(0, half)),
      tf_bytes_growth: last.tf_bytes - first.tf_bytes,
      js_heap_first: first.js_heap_bytes,
      js_heap_last: last.js_heap_bytes,
      js_heap_growth_pct: pct(first.js_heap_bytes, last.js_heap_bytes),
      js_heap_baseline: `first sample, after one warm-up round, at minute ${first.minutes}`,
      js_heap_method: 'min of 3 reads 1 s apart, each after 2 forced GCs',
      // The same ends read once (the method before), and the halves' medians: less sensitive to either end.
      js_heap_single_first: first.js_heap_single_bytes,
      js_heap_single_last: last.js_heap_single_bytes,
      js_heap_single_growth_pct: pct(first.js_heap_single_bytes, last.js_heap_single_bytes),
      js_heap_half_medians_growth_pct: pct(median(heaps.slice(0, half)), median(heaps.slice(-half))),
      js_heap_max: Math.max(...heaps),
      js_heap_external_first: first.js_heap_external_bytes,
      js_heap_external_last: last.js_heap_external_bytes,
      over_minutes: Math.round((last.minutes - first.minutes) * 100) / 100,
    };
    const g = summary[lab] as Record<string, number | boolean>;
    g.target_num_tensors_floor_growth = 0;
    g.target_js_heap_growth_pct = 10;
    g.meets_targets = (g.num_tensors_floor_growth as number) <= 0 && (g.js_heap_growth_pct as number) < 10;
  }
  summary.target =
    'num_tensors flat (the later half never lower-bounded above the earlier half); JS heap growth < 10 % over 30 minutes (issue 13)';
  return summary;
}

const pct = (a: number, b: number) => Math.round((b / a - 1) * 100 * 100) / 100;
function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
}

async function main(): Promise<void> {
  // `--summarize FILE`: the final line again, from a soak's saved JSON lines (nothing is run).
  const fileAt = process.argv.indexOf('--summarize');
  if (fileAt >= 0) {
    const lines = readFileSync(process.argv[fileAt + 1]!, 'utf8')
      .split('\n')
      .filter(Boolean);
    const samples = lines
      .map((l) => JSON.parse(l) as Sample & { event: string })
      .filter((o) => o.event === 'sample');
    return print(summarise(samples, minutes));
  }
  const h = await openHarness(dist);
  try {
    const vp = await h.newPage(labPath('vae'));
    const gp = await h.newPage(labPath('gan2d'));
    await startLab('vae', vp);
    await startLab('gan2d', gp);
    const labs: Array<{ lab: Lab; page: Page; cdp: CDPSession }> = [
      { lab: 'vae', page: vp, cdp: await h.context.newCDPSession(vp) },
      { lab: 'gan2d', page: gp, cdp: await h.context.newCDPSession(gp) },
    ];
    const t0 = Date.now();
    const samples: Sample[] = [];
    for (let round = 0; ; round++) {
      const tRound = Date.now();
      for (const l of labs) await drive(l.lab, l.page, round);
      if (round >= 1) {
        for (const l of labs) {
          const s = await sample(l.lab, l.page, l.cdp, t0);
          samples.push(s);
          print({ event: 'sample', ...s });
        }
      }
      if (Date.now() - t0 >= minutes * 60_000) break;
      await wait(Math.max(0, everySec * 1000 - (Date.now() - tRound)));
    }
    print(summarise(samples, minutes));
  } finally {
    await h.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
