import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
// @ts-expect-error plain ESM script without types
import { startServer } from '../../scripts/serve.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags for a headless, GPU-less, offline Chromium (see the README's testing notes). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-swiftshader',
];

export interface Harness {
  url: string;
  context: BrowserContext;
  /** Requests to other origins, which the harness aborts (the app must fetch nothing from elsewhere). */
  blocked: string[];
  newPage(path?: string): Promise<Page>;
  close(): Promise<void>;
}

/** Serve dist/ with isolation headers and launch Chromium with a fresh profile directory. */
export async function openHarness(dir = 'dist'): Promise<Harness> {
  const server = (await startServer(dir, 0)) as { url: string; close(): Promise<void> };
  const profile = mkdtempSync(join(tmpdir(), 'latent-lab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 1000 },
  });
  const origin = new URL(server.url).origin;
  const blocked: string[] = [];
  await context.route(
    (u) => /^(https?|wss?):$/.test(u.protocol) && u.origin !== origin,
    (route) => {
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return {
    url: server.url,
    context,
    blocked,
    async newPage(path = '') {
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error('[pageerror]', e.message));
      await page.goto(server.url + path);
      return page;
    },
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Sum of a canvas's RGB bytes and a cheap hash, read in the page. */
export async function canvasSignature(page: Page, testId: string): Promise<{ sum: number; hash: number }> {
  return page.evaluate((id) => {
    const c = document.querySelector(`[data-testid="${id}"]`) as HTMLCanvasElement | null;
    if (!c) return { sum: -1, hash: -1 };
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    let hash = 0;
    for (let i = 0; i < d.length; i += 4) {
      sum += d[i]!;
      hash = (hash * 31 + d[i]!) | 0;
    }
    return { sum, hash };
  }, testId);
}

export async function chartPoints(page: Page, key: string): Promise<number> {
  const v = await page.getAttribute(`[data-testid="chart-${key}"]`, 'data-points');
  return Number(v ?? 0);
}
