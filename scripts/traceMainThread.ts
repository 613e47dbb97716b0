// The page's main-thread tasks from Start to the end of a 1-epoch classic VAE run, from a Chrome trace:
// each task's wall time and its thread CPU time, which a busy machine does not inflate (the Long Tasks
// API and scripts/profileLongFrames.ts see wall time: on a shared 2-core machine a 10 ms task can take
// 100 ms). `npx tsx scripts/traceMainThread.ts [--dist DIR] [--min-cpu-ms 15] [--epochs 1]` (build with
// `npx vite build --minify false --outDir DIR` for readable function names). Prints one JSON line per
// task over --min-cpu-ms CPU or 50 ms wall (ms after the Start click, wall, CPU, where the CPU went),
// then a summary line with the target (no main-thread task over 50 ms) next to the longest, and the
// main thread's total CPU over the run (total_cpu_ms, span_ms).
import { loadavg } from 'node:os';
import { classicVaeConfig } from '../src/config/vae';
import { encodeConfigHash } from '../src/config/url';
import { openHarness } from '../tests/e2e/browser';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const MIN_CPU_MS = Number(opt('min-cpu-ms', '15'));
const config = structuredClone(classicVaeConfig);
config.training.epochs = Number(opt('epochs', '1'));

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: {
    name?: string;
    data?: { type?: string; functionName?: string; url?: string; lineNumber?: number };
  };
}

const print = (o: object) => console.log(JSON.stringify(o));
const ms = (us: number | undefined) => Math.round((us ?? 0) / 100) / 10;
const TASK = 'ThreadControllerImpl::RunTask';

const h = await openHarness(opt('dist', 'dist'));
try {
  const page = await h.newPage(`#${encodeConfigHash(config)}`);
  const status = () => page.evaluate(() => (window as any).__latentLab?.getState().status as string);
  for (let i = 0; i < 1800 && (await status()) !== 'ready'; i++) await page.waitForTimeout(100);
  const cdp = await h.context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'v8.execute', 'v8', 'v8.compile'] },
  } as never);
  const loadBefore = loadavg()[0]!;
  await page.getByTestId('btn-run').click();
  for (let i = 0; i < 36_000 && (await status()) === 'ready'; i++) await page.waitForTimeout(50);
  for (let i = 0; i < 36_000 && (await status()) === 'running'; i++) await page.waitForTimeout(250);
  // The charts go back to their SVG after the run (one per idle period): wait until none is on its canvas.
  await page
    .waitForFunction(() => !document.querySelector('canvas.live-lines'), null, { timeout: 10_000 })
    .catch(() => undefined);
  await page.waitForTimeout(500);
  await cdp.send('Tracing.end');
  await complete;
  // The page's main thread: the renderer whose process also runs the engine's dedicated workers.
  const names = events.filter((e) => e.name === 'thread_name');
  const main = names.find(
    (e) =>
      e.args?.name === 'CrRendererMain' &&
      names.some((x) => x.pid === e.pid && x.args?.name === 'DedicatedWorker thread'),
  );
  if (!main) throw new Error('no page main thread in the trace');
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const tasks = onMain.filter((e) => e.name === TASK).sort((a, b) => a.ts - b.ts);
  const click = onMain.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  const t0 = click?.ts ?? tasks[0]?.ts ?? 0;
  const run = tasks.filter((t) => t.ts + (t.dur ?? 0) >= t0);
  const long = run.filter((t) => ms(t.tdur) >= MIN_CPU_MS || ms(t.dur) > 50);
  for (const t of long) {
    const end = t.ts + (t.dur ?? 0);
    const by = new Map<string, number>();
    for (const e of onMain) {
      if (e === t || e.name === TASK || e.ts < t.ts || e.ts + (e.dur ?? 0) > end) continue;
      const d = e.args?.data;
      const key =
        e.name +
        (d?.type ? `:${d.type}` : '') +
        (d?.functionName ? `:${d.functionName}@${String(d.url).split('/').pop()}:${d.lineNumber}` : '');
      by.set(key, (by.get(key) ?? 0) + (e.tdur ?? 0));
    }
    const top = [...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
    print({
      bench: 'main-thread-task',
      at_ms: Math.round((t.ts - t0) / 1000),
      wall_ms: ms(t.dur),
      cpu_ms: ms(t.tdur),
      cpu_by_event_ms: Object.fromEntries(top.map(([k, v]) => [k, ms(v)])),
    });
  }
  const cpu = run.map((t) => ms(t.tdur));
  const wall = run.map((t) => ms(t.dur));
  print({
    bench: 'main-thread-tasks',
    from: 'Start click to the charts back on their SVG after the run',
    tasks: run.length,
    // Main-thread CPU over the run, and the run's span: on a 2-core machine this is CPU the two training
    // threads (engine worker, GEMM helper) cannot have.
    total_cpu_ms: Math.round(cpu.reduce((a, b) => a + b, 0)),
    span_ms: run.length ? Math.round((run.at(-1)!.ts + (run.at(-1)!.dur ?? 0) - run[0]!.ts) / 1000) : 0,
    longest_cpu_ms: Math.max(0, ...cpu),
    tasks_over_50ms_cpu: cpu.filter((x) => x > 50).length,
    longest_wall_ms: Math.max(0, ...wall),
    tasks_over_50ms_wall: wall.filter((x) => x > 50).length,
    load_average_1m_before_after: [loadBefore, loadavg()[0]!].map((x) => Math.round(x * 100) / 100),
    target_longest_task_ms: 50,
  });
} finally {
  await h.close();
}
