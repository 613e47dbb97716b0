import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicVaeConfig } from '../../src/config/vae';
import { encodeConfigHash } from '../../src/config/url';
import { CSP } from '../../scripts/csp.mjs';
import { chartPoints, openHarness, type Harness } from './browser';

// Issue 13, item 5: the built app runs under its Content-Security-Policy (a <meta> in dist/index.html
// and the server's header, which also covers the workers) with no violation on any tab, while the
// harness aborts every request to another origin.

const small = structuredClone(classicVaeConfig);
small.data.trainSubset = 1000;
small.data.testSubset = 200;
small.training.epochs = 1000;
const hash = `#${encodeConfigHash(small)}`;

/** CSP violations seen by the page: its own events, and the console's reports (workers' included). */
const WATCH = () => {
  const w = window as unknown as { __csp: string[] };
  w.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    w.__csp.push(
      `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`,
    ),
  );
};

async function watch(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}
const violations = async (page: Page, consoleSeen: string[]) => [
  ...((await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp)) ?? []),
  ...consoleSeen,
];

let h: Harness;
const cleanups: Array<() => Promise<void> | void> = [];
beforeAll(async () => {
  h = await openHarness();
  await h.context.addInitScript(WATCH);
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await h?.close();
});

describe('Content-Security-Policy', () => {
  it('every tab, training the VAE and the GAN: the policy is enforced and nothing violates it', async () => {
    const page = await h.context.newPage();
    const seen = await watch(page);
    const res = await page.goto(`${h.url}?tab=vae${hash}`);
    expect(res!.headers()['content-security-policy']).toContain(CSP);
    const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(meta).toBe(CSP);
    expect(CSP).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);

    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 180_000 }).toBe('ready');
    await page.getByTestId('btn-run').click();
    await expect.poll(() => chartPoints(page, 'loss'), { timeout: 120_000 }).toBeGreaterThan(2);
    await page.getByTestId('btn-run').click();

    const tabs = await page.$$eval('[data-testid^="tab-"]', (els) =>
      els.map((e) => e.getAttribute('data-testid')!),
    );
    expect(tabs.length).toBeGreaterThanOrEqual(7);
    for (const tab of tabs) {
      await page.getByTestId(tab).click();
      await expect.poll(() => page.getAttribute(`[data-testid="${tab}"]`, 'aria-selected')).toBe('true');
      if (tab === 'tab-gan') {
        const gan = () => page.evaluate(() => (window as any).__ganLab.getState());
        await expect.poll(async () => (await gan()).status, { timeout: 180_000 }).toBe('ready');
        await page.getByTestId('gan-run').click();
        await expect
          .poll(async () => (await gan()).snapshot?.step ?? 0, { timeout: 120_000 })
          .toBeGreaterThan(5);
        await page.getByTestId('gan-run').click();
        // An upload over its limit is refused by size, with a message naming the file and the limit,
        // and the lab keeps its data.
        const before = (await gan()).config.data;
        await page.getByTestId('gan-csv').setInputFiles({
          name: 'huge.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from('1,2\n'.repeat(300_000)),
        });
        const notice = page.getByTestId('notice').filter({ hasText: 'huge.csv' });
        await expect.poll(() => notice.count()).toBe(1);
        expect(await notice.textContent()).toMatch(/huge\.csv is 1\.1 MB; the limit is 1 MB/);
        expect((await gan()).config.data).toEqual(before);
      }
      if (tab === 'tab-lessons') {
        await page.locator('[data-testid^="lesson-open-"]').first().click();
        // KaTeX's markup (style attributes) for the lesson's formulas
        await expect
          .poll(() => page.locator('[data-testid="lesson-text"] .katex').count())
          .toBeGreaterThan(0);
        await page.getByTestId('tab-lessons').click();
      }
    }
    expect(await violations(page, seen)).toEqual([]);
    expect(h.blocked).toEqual([]);
    await page.close();
  });

  it('the check can fail: an inline script is refused and reported; other origins are aborted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latent-lab-csp-'));
    cpSync('dist', dir, { recursive: true });
    const index = join(dir, 'index.html');
    writeFileSync(
      index,
      readFileSync(index, 'utf8').replace('</body>', '<script>window.__inline = 1</script></body>'),
    );
    const bad = await openHarness(dir);
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => bad.close(),
    );
    await bad.context.addInitScript(WATCH);
    const page = await bad.context.newPage();
    const seen = await watch(page);
    await page.goto(bad.url);
    await expect.poll(async () => (await violations(page, seen)).join('\n')).toMatch(/script-src/);
    expect(await page.evaluate(() => (window as any).__inline)).toBeUndefined();
    await expect(page.goto('http://example.com/')).rejects.toThrow();
    expect(bad.blocked).toEqual(['http://example.com/']);
  });
});
