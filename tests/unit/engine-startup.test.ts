// Time to first step (issue 14): the engine worker started before the app's bundle and adopted by the
// first engine with what it said meanwhile; tfjs-wasm's pthread pool cut to what the thread count
// needs; the batch copy's byte -> [0, 1] table.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { workerEngine } from '../../src/engine/client';
import { adoptEarlyWorker, prestartEngineWorker } from '../../src/engine/engineWorker';
import type { EngineEvent } from '../../src/engine/protocol';
import {
  PTHREAD_POOL_GLOBAL,
  PTHREAD_POOL_SOURCE,
  patchPthreadPool,
  pthreadPoolPlugin,
} from '../../scripts/pthreadPool.mjs';
import { pthreadPoolSize, setPthreadPool } from '../../src/engine/wasmPthreadPool';
import { gatherBatch } from '../../src/data/batches';
import { LoopStats } from '../../src/engine/loopStats';
import { prestartEntryPlugin } from '../../scripts/prestartEntry.mjs';

/** A stand-in for the browser's Worker: records what it is sent; the test fires its events. */
class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  sent: unknown[] = [];
  terminated = false;
  constructor(
    readonly url: URL | string,
    readonly opts: { name?: string },
  ) {
    FakeWorker.made.push(this);
  }
  postMessage(m: unknown) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  say(data: unknown) {
    this.onmessage?.(new MessageEvent('message', { data }));
  }
}

const g = globalThis as Record<string, unknown>;
afterEach(() => {
  delete g.Worker;
  adoptEarlyWorker();
  FakeWorker.made = [];
});

describe('the early engine worker', () => {
  it('is adopted by the first engine only, which hears what it said before, in order, then the rest', async () => {
    g.Worker = FakeWorker;
    prestartEngineWorker();
    expect(FakeWorker.made).toHaveLength(1);
    const early = FakeWorker.made[0]!;
    expect(early.opts.name).toBe('latent-lab-engine');
    early.say({ type: 'status', state: 'loading', message: 'engine worker started' });
    early.say({ type: 'notice', message: 'second' });
    const heard: EngineEvent[] = [];
    const first = workerEngine((e) => heard.push(e));
    expect(FakeWorker.made).toHaveLength(1); // adopted, not a new one
    await Promise.resolve();
    expect(heard.map((e) => e.type)).toEqual(['status', 'notice']);
    early.say({ type: 'notice', message: 'after' });
    expect(heard.map((e) => (e as { message?: string }).message)).toEqual([
      'engine worker started',
      'second',
      'after',
    ]);
    first.send({ type: 'start' });
    expect(early.sent).toEqual([{ type: 'start' }]);
    // A second engine (another lab, a restart) starts its own worker.
    const second = workerEngine(() => undefined);
    expect(FakeWorker.made).toHaveLength(2);
    second.terminate();
    first.terminate();
    expect(early.terminated).toBe(true);
  });

  it('without an early worker, an engine starts its own', () => {
    g.Worker = FakeWorker;
    workerEngine(() => undefined).terminate();
    expect(FakeWorker.made).toHaveLength(1);
    expect(adoptEarlyWorker()).toBeNull();
  });
});

describe('the early-start entry of the build', () => {
  it('adds src/engine/prestart.ts as its own entry and loads it ahead of the app, async', () => {
    const p = prestartEntryPlugin() as unknown as {
      configResolved(c: { base: string }): void;
      options(o: { input?: unknown }): { input: Record<string, string> };
      transformIndexHtml: { handler(html: string, ctx: { bundle?: object }): unknown };
    };
    p.configResolved({ base: '/lab/' });
    expect(p.options({ input: '/x/index.html' }).input).toEqual({
      index: '/x/index.html',
      prestart: 'src/engine/prestart.ts',
    });
    const bundle = {
      a: { type: 'chunk', isEntry: true, facadeModuleId: '/x/index.html', fileName: 'assets/index-1.js' },
      b: {
        type: 'chunk',
        isEntry: true,
        facadeModuleId: '/x/src/engine/prestart.ts',
        fileName: 'assets/prestart-2.js',
      },
    };
    expect(p.transformIndexHtml.handler('<html>', { bundle })).toEqual([
      {
        tag: 'script',
        attrs: { type: 'module', async: true, crossorigin: true, src: '/lab/assets/prestart-2.js' },
        injectTo: 'head',
      },
    ]);
    // No such chunk (e.g. the dev server): the page is left as it is.
    expect(p.transformIndexHtml.handler('<html>', { bundle: { a: bundle.a } })).toBe('<html>');
  });
});

describe("tfjs-wasm's pthread pool", () => {
  it('patches the loader tfjs-backend-wasm ships, and only its constant', () => {
    const require = createRequire(import.meta.url);
    const dir = require.resolve('@tensorflow/tfjs-backend-wasm/package.json').replace(/package\.json$/, '');
    const file = `${dir}wasm-out/tfjs-backend-wasm-threaded-simd.js`;
    const code = readFileSync(file, 'utf8');
    const out = patchPthreadPool(code)!;
    expect(out).not.toBeNull();
    expect(out).not.toContain(PTHREAD_POOL_SOURCE);
    expect(out.length - code.length).toBe(
      `var pthreadPoolSize=globalThis["${PTHREAD_POOL_GLOBAL}"]||8;`.length - PTHREAD_POOL_SOURCE.length,
    );
    // The patched statement reads the global, and falls back to the build's 8 when it is unset.
    const stmt = `var pthreadPoolSize=globalThis["${PTHREAD_POOL_GLOBAL}"]||8;`;
    expect(out).toContain(stmt);
    const read = new Function(`${stmt} return pthreadPoolSize;`) as () => number;
    expect(read()).toBe(8);
    g[PTHREAD_POOL_GLOBAL] = 1;
    expect(read()).toBe(1);
    delete g[PTHREAD_POOL_GLOBAL];
    // The plugin patches the threaded loader, leaves other modules alone, and fails loudly when the
    // constant is gone (a tfjs upgrade) rather than silently keeping 8 workers.
    const plugin = pthreadPoolPlugin();
    expect(plugin.transform(code, file)?.code).toBe(out);
    expect(plugin.transform(code, `${file}?raw`)).toBeNull();
    expect(() => plugin.transform('var x=1;', file)).toThrow(/tfjs-backend-wasm changed/);
  });

  it('starts one worker less than the threads, at least one, at most the build default', () => {
    expect([1, 2, 3, 4, 16].map(pthreadPoolSize)).toEqual([1, 1, 2, 3, 8]);
    setPthreadPool(2);
    expect(g[PTHREAD_POOL_GLOBAL]).toBe(1);
    delete g[PTHREAD_POOL_GLOBAL];
  });
});

describe('gatherBatch', () => {
  it('maps every byte to byte / 255 in float32, row by row in the order asked', () => {
    const images = new Uint8Array(2 * 784);
    for (let i = 0; i < images.length; i++) images[i] = (i * 7) % 256;
    const out = gatherBatch({ count: 2, images, labels: new Uint8Array(2) }, [1, 0], 0, 2);
    for (let r = 0; r < 2; r++)
      for (let c = 0; c < 784; c++) {
        const v = images[(1 - r) * 784 + c]!;
        expect(out[r * 784 + c]).toBe(Math.fround(v / 255));
      }
  });
});

describe('loop accounting (bench --profile)', () => {
  it('splits the wall time from the first timed phase to the last by phase, per step', () => {
    let now = 100;
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      const s = new LoopStats();
      now = 110;
      s.add('step', 10); // 100..110
      now = 112;
      s.add('yield', 1); // 111..112: 1 ms between them belongs to no phase
      now = 122;
      s.add('step', 10);
      now = 126;
      s.add('snapshot', 4);
      const r = s.read();
      expect(r.steps).toBe(2);
      expect(r.wall_ms_per_step).toBe(13); // (126 - 100) / 2
      expect(r.ms_per_step).toMatchObject({ step: 10, yield: 0.5, snapshot: 2, flush: 0 });
      expect(r.unaccounted_ms_per_step).toBe(0.5);
      expect(r.calls).toMatchObject({ step: 2, yield: 1, snapshot: 1 });
      expect(s.read().steps).toBe(0); // reset
    } finally {
      spy.mockRestore();
    }
  });
});
