import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { classicVaeConfig } from '../../src/config/vae';
import { encodeConfigHash } from '../../src/config/url';
import { chartPoints, openHarness, type Harness } from './browser';

const small = structuredClone(classicVaeConfig);
small.data.trainSubset = 2000;
small.data.testSubset = 200;
small.training.epochs = 1000;
const hash = `#${encodeConfigHash(small)}`;

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function harnessWith(mutate: (dir: string) => void): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'latent-lab-dist-'));
  cpSync('dist', dir, { recursive: true });
  mutate(dir);
  const h = await openHarness(dir);
  cleanups.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => h.close(),
  );
  return h;
}

describe('bad data and engine placement', () => {
  it('a corrupt MNIST file gives a message naming it, not a blank page', async () => {
    const h = await harnessWith((dir) => {
      const junk = Buffer.alloc(9000);
      junk.writeUInt32BE(1234, 0); // wrong magic number
      writeFileSync(join(dir, 'mnist', 't10k-labels-idx1-ubyte.gz'), gzipSync(junk));
    });
    const page = await h.newPage(hash);
    const notice = page.getByTestId('notice').filter({ hasText: 't10k-labels-idx1-ubyte' });
    await expect.poll(() => notice.count(), { timeout: 180_000 }).toBeGreaterThan(0);
    expect(await notice.first().textContent()).toMatch(/bad magic number 1234/);
    await expect(page.getByTestId('run-status').textContent()).resolves.toBe('error');
    await expect(page.getByTestId('chart-loss').isVisible()).resolves.toBe(true);
  });

  it('a missing MNIST file says how to fix it', async () => {
    const h = await harnessWith((dir) => rmSync(join(dir, 'mnist', 'train-images-idx3-ubyte.gz')));
    const page = await h.newPage(hash);
    const notice = page.getByTestId('notice').filter({ hasText: 'train-images-idx3-ubyte' });
    await expect.poll(() => notice.count(), { timeout: 180_000 }).toBeGreaterThan(0);
    expect(await notice.first().textContent()).toMatch(/missing.*npm install/);
  });

  it('the in-process engine (for browsers whose workers lack a GPU) trains too', async () => {
    const h = await openHarness();
    cleanups.push(() => h.close());
    const page = await h.newPage(`?engine=page${hash}`);
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 180_000 }).toBe('ready');
    await expect(page.getByTestId('backend-reason').textContent()).resolves.toMatch(/on the page/);
    await page.getByTestId('btn-run').click();
    await expect.poll(() => chartPoints(page, 'loss'), { timeout: 90_000 }).toBeGreaterThan(3);
    // The page keeps answering while the engine shares its thread.
    const t0 = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    expect(Date.now() - t0).toBeLessThan(5000);
    await page.getByTestId('btn-run').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('paused');
  });
});
