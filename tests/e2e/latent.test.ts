import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { classicVaeConfig } from '../../src/config/vae';
import { encodeConfigHash } from '../../src/config/url';
import { gridCoordinates } from '../../src/core/latent/manifoldGrid';
import { canvasSignature, openHarness, type Harness } from './browser';

// Small subsets keep the browser tests fast; the full data set is the benchmark's job.
const small = structuredClone(classicVaeConfig);
small.data.trainSubset = 3000;
small.data.testSubset = 500;
small.training.epochs = 1000;
const hash = `#${encodeConfigHash(small)}`;

let h: Harness;
let page: Page;

/** The explorer's store, read (never written) in the page. */
type Explorer = {
  z: Float32Array;
  dim: number;
  decoder: { decode(z: ArrayLike<number>): Float32Array } | null;
  encodings: { n: number; stepEnd: number } | null;
  loadingEncodings: boolean;
  manifold: { n: number; dimX: number; dimY: number; spacing: string };
  suggestedDims: [number, number] | null;
  zSource: { text: string } | null;
  selected: { index?: number; name: string } | null;
  interp: { a: { name: string } | null; b: { name: string } | null; steps: number };
};
/** Run `fn` on the explorer's state in the page; `arg` must be JSON. */
const explorer = <T, A = null>(fn: (s: Explorer, arg: A) => T, arg: A = null as A): Promise<T> =>
  page.evaluate(
    `(${fn.toString()})(window.__latentExplorer.getState(), ${JSON.stringify(arg)})`,
  ) as Promise<T>;

/** Grey levels (0 = ink, 255 = paper) of each 28x28 tile of a canvas of images, read in the page. */
async function tiles(ids: string[]): Promise<Record<string, number[][]>> {
  return page.evaluate((ids) => {
    const out: Record<string, number[][]> = {};
    for (const id of ids) {
      const c = document.querySelector(`[data-testid="${id}"]`) as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const n = (c.width / 28) * (c.height / 28);
      out[id] = Array.from({ length: n }, (_, k) => {
        const ox = (k % (c.width / 28)) * 28;
        const oy = Math.floor(k / (c.width / 28)) * 28;
        const t: number[] = [];
        for (let y = 0; y < 28; y++)
          for (let x = 0; x < 28; x++) t.push(d[((oy + y) * c.width + ox + x) * 4]!);
        return t;
      });
    }
    return out;
  }, ids);
}

const meanAbsDiff = (a: number[], b: number[]) =>
  a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;
/** Fraction of a 28x28 tile that is not white paper. */
const inked = (t: number[]) => t.filter((v) => v < 250).length / t.length;

/** Wait until `ok` holds (expect.poll is for tests only, not hooks). */
async function until(what: string, ok: () => Promise<boolean>, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(100);
  }
}

beforeAll(async () => {
  h = await openHarness();
  page = await h.newPage(`?tab=latent${hash}`);
  const status = () => page.getByTestId('run-status').textContent();
  await until('the model', async () => (await status()) === 'ready', 180_000);
  // Train a little so the model is not random; training keeps running through the tests.
  await page.getByTestId('btn-run').click();
  await until('training', async () => (await status()) === 'running', 60_000);
  await page.waitForTimeout(5000);
  await until(
    'decoder weights and test encodings',
    () => explorer((s) => (s.encodings?.stepEnd ?? 0) > 0 && s.decoder !== null),
    180_000,
  );
});
afterAll(async () => {
  await h?.close();
});

describe('latent explorer in Chromium (training running)', () => {
  it('the scatter draws every test encoding, refreshes, and a click selects a digit', async () => {
    const scatter = page.getByTestId('latent-scatter');
    await expect.poll(() => scatter.getAttribute('data-points'), { timeout: 90_000 }).toBe('500');
    // Coloured (digit) pixels: the paper is white and the prior's contours are grey.
    const coloured = () =>
      page.evaluate(() => {
        const c = document.querySelector('[data-testid="latent-scatter"]') as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const px: Array<[number, number]> = [];
        for (let i = 0; i < d.length; i += 4) {
          const sat = Math.max(d[i]!, d[i + 1]!, d[i + 2]!) - Math.min(d[i]!, d[i + 1]!, d[i + 2]!);
          if (sat > 50) px.push([(i / 4) % c.width, Math.floor(i / 4 / c.width)]);
        }
        const scale = c.getBoundingClientRect().width / c.width;
        const [x, y] = px[Math.floor(px.length / 2)] ?? [0, 0];
        return { count: px.length, x: (x + 0.5) * scale, y: (y + 0.5) * scale };
      });
    expect((await coloured()).count).toBeGreaterThan(300);

    const stepBefore = await explorer((s) => s.encodings!.stepEnd);
    await page.getByTestId('scatter-refresh').click();
    await expect
      .poll(() => explorer((s) => s.encodings!.stepEnd), { timeout: 90_000 })
      .toBeGreaterThan(stepBefore);

    // Click on a drawn point: the digit, its reconstruction and the ring marker appear.
    await expect(scatter.getAttribute('data-selected')).resolves.toBe('');
    // Epochs are short here, so the points can move between reading the canvas and clicking: retry.
    for (let tries = 0; tries < 5 && !(await scatter.getAttribute('data-selected')); tries++) {
      const { x, y } = await coloured();
      await scatter.click({ position: { x, y } });
      await expect
        .poll(() => scatter.getAttribute('data-selected'), { timeout: 10_000 })
        .toMatch(/^\d+$/)
        .catch(() => undefined);
    }
    expect(await scatter.getAttribute('data-selected')).toMatch(/^\d+$/);
    const index = Number(await scatter.getAttribute('data-selected'));
    await expect.poll(() => explorer((s) => s.selected?.index ?? null), { timeout: 30_000 }).toBe(index);
    const shown = await tiles(['selected-digit', 'selected-recon']);
    expect(inked(shown['selected-digit']![0]!)).toBeGreaterThan(0.05);
    expect(inked(shown['selected-recon']![0]!)).toBeGreaterThan(0.05);

    // Selecting a digit overwrote the sliders: the page says so, and Undo brings the old values back.
    await expect(page.getByTestId('z-source').textContent()).resolves.toContain(`#${index} `);
    await page.getByTestId('z-source-undo').click();
    await expect.poll(() => explorer((s) => s.zSource === null)).toBe(true);
    expect(await explorer((s) => Array.from(s.z).every((v) => v === 0))).toBe(true); // as before the click
  });

  it('dragging a slider changes the decoded canvas to the decoding of the new z', async () => {
    // The dimension the encoder uses most (offered to the reader as the manifold's axes).
    await expect.poll(() => explorer((s) => s.suggestedDims !== null), { timeout: 90_000 }).toBe(true);
    const dim = await explorer((s) => s.suggestedDims![0]);
    await page.getByTestId('latent-zero').click();
    await expect.poll(() => explorer((s) => Array.from(s.z).every((v) => v === 0))).toBe(true);
    const decoded = page.getByTestId('latent-decoded');
    await expect.poll(() => decoded.getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
    const before = await canvasSignature(page, 'latent-decoded');

    const slider = page.getByTestId(`latent-slider-${dim}`);
    await slider.scrollIntoViewIfNeeded();
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width / 2, y); // the thumb, at 0
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.93, y, { steps: 12 });
    await page.mouse.up();

    const zDim = await explorer((s, d) => s.z[d]!, dim);
    expect(zDim).toBeGreaterThan(1.5);
    await expect(page.locator('.latent-slider-value').nth(dim).textContent()).resolves.toBe(zDim.toFixed(2));
    const after = await canvasSignature(page, 'latent-decoded');
    expect(after.hash).not.toBe(before.hash);
    // What is on screen is the current decoder's mean at the sliders' z (bytes may round by one level)
    // and clearly not the decoding of z = 0.
    const check = await page.evaluate((id) => {
      const s = (window as any).__latentExplorer.getState();
      const c = document.querySelector(`[data-testid="${id}"]`) as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, 28, 28).data;
      const now = s.decoder.decode(s.z) as Float32Array;
      const zero = s.decoder.decode(new Float32Array(s.z.length)) as Float32Array;
      let maxNow = 0;
      let meanZero = 0;
      for (let i = 0; i < 784; i++) {
        const grey = (v: number) => 255 - Math.min(255, Math.max(0, v * 255));
        maxNow = Math.max(maxNow, Math.abs(d[4 * i]! - grey(now[i]!)));
        meanZero += Math.abs(d[4 * i]! - grey(zero[i]!)) / 784;
      }
      return { maxNow, meanZero };
    }, 'latent-decoded');
    expect(check.maxNow).toBeLessThanOrEqual(1);
    expect(check.meanZero).toBeGreaterThan(2);

    // The keyboard moves it too: 0.1 sd per arrow key, 1 sd per Page key.
    await slider.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    const zKeys = await explorer((s, d) => s.z[d]!, dim);
    expect(zKeys).toBeCloseTo(zDim - 0.5, 5);
    expect((await canvasSignature(page, 'latent-decoded')).hash).not.toBe(after.hash);
    await page.keyboard.press('PageDown');
    expect(await explorer((s, d) => s.z[d]!, dim)).toBeCloseTo(zDim - 1.5, 5);
  });

  it('hovering a manifold tile loads its z into the sliders', async () => {
    const grid = page.getByTestId('manifold-grid');
    await expect.poll(() => grid.getAttribute('data-tiles'), { timeout: 90_000 }).toBe('20');
    // Pin the two dimensions (the reader picks them; this also stops them following the encoder).
    const { dimX, dimY } = await explorer((s) => s.manifold);
    const selects = page.locator('.latent-manifold select');
    await selects.nth(0).selectOption(String(dimY));
    await selects.nth(1).selectOption(String(dimX));
    await expect.poll(() => explorer((s) => [s.manifold.dimX, s.manifold.dimY])).toEqual([dimY, dimX]);
    const [dx, dy] = [dimY, dimX];
    const n = 20;
    const coords = gridCoordinates(n, 'quantile');

    const zBefore = await explorer((s) => Array.from(s.z));
    const box = (await grid.boundingBox())!;
    const tile = box.width / n;
    const sliderValue = (i: number) => page.getByTestId(`latent-slider-${i}`).inputValue();
    for (const [row, col] of [
      [3, 15],
      [17, 2],
    ] as const) {
      await grid.hover({ position: { x: (col + 0.5) * tile, y: (row + 0.5) * tile } });
      const wantX = coords[col]!;
      const wantY = coords[n - 1 - row]!; // row 0 is the top: the largest z on the y dimension
      await expect.poll(async () => Number(await sliderValue(dx)), { timeout: 20_000 }).toBeCloseTo(wantX, 2);
      expect(Number(await sliderValue(dy))).toBeCloseTo(wantY, 2);
      const z = await explorer((s) => Array.from(s.z));
      expect(z[dx]).toBeCloseTo(wantX, 5);
      expect(z[dy]).toBeCloseTo(wantY, 5);
      // The other coordinates are held at the sliders' values.
      z.forEach((v, k) => {
        if (k !== dx && k !== dy) expect(v).toBe(zBefore[k]);
      });
    }
  });

  it('scatter points and manifold tiles are reachable by keyboard', async () => {
    const scatter = page.getByTestId('latent-scatter');
    await scatter.focus();
    const start = await scatter.getAttribute('data-selected');
    // From the selected digit to its neighbour in some direction (one of the four has one).
    let moved = false;
    for (const key of ['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown']) {
      await page.keyboard.press(key);
      moved = await expect
        .poll(() => scatter.getAttribute('data-selected'), { timeout: 15_000 })
        .not.toBe(start)
        .then(() => true)
        .catch(() => false);
      if (moved) break;
    }
    expect(moved).toBe(true);
    const index = Number(await scatter.getAttribute('data-selected'));
    await expect.poll(() => explorer((s) => s.selected?.index ?? null), { timeout: 30_000 }).toBe(index);

    const grid = page.getByTestId('manifold-grid');
    const { dimX: dx, dimY: dy, n } = await explorer((s) => s.manifold);
    const coords = gridCoordinates(n, 'quantile');
    await page.mouse.move(0, 0); // the pointer, not the keys, would otherwise choose the tile
    await grid.focus();
    await page.keyboard.press('ArrowRight'); // the first press lands on the centre tile
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    const row = (n >> 1) - 1;
    const col = (n >> 1) + 1;
    await expect(page.getByTestId('manifold-hover').getAttribute('data-col')).resolves.toBe(String(col));
    await expect(page.getByTestId('manifold-hover').getAttribute('data-row')).resolves.toBe(String(row));
    const z = await explorer((s) => Array.from(s.z));
    expect(z[dx]).toBeCloseTo(coords[col]!, 5);
    expect(z[dy]).toBeCloseTo(coords[n - 1 - row]!, 5);
  });

  it('drawing a stroke encodes it: a marker on the scatter, a reconstruction and an ELBO', async () => {
    const scatter = page.getByTestId('latent-scatter');
    expect(await scatter.getAttribute('data-drawn-marker')).toBe('');
    const blank = await tiles(['draw-recon']);
    expect(inked(blank['draw-recon']![0]!)).toBe(0);

    const pad = page.getByTestId('draw-pad');
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
    // A "7": a bar across the top, then a long diagonal down.
    await page.mouse.move(...at(0.3, 0.22));
    await page.mouse.down();
    await page.mouse.move(...at(0.7, 0.22), { steps: 8 });
    await page.mouse.move(...at(0.45, 0.8), { steps: 12 });
    await page.mouse.up();

    await expect
      .poll(() => scatter.getAttribute('data-drawn-marker'), { timeout: 60_000 })
      .toMatch(/^-?[\d.]+,-?[\d.]+$/);
    const [mx, my] = (await scatter.getAttribute('data-drawn-marker'))!.split(',').map(Number);
    expect(Number.isFinite(mx) && Number.isFinite(my)).toBe(true);

    const elbo = await page.getByTestId('draw-elbo').textContent();
    expect(elbo).toMatch(/^-\d+(\.\d)? nats$/);
    expect(Number.parseFloat(elbo!)).toBeLessThan(0);
    await expect(page.getByTestId('draw-percentile').textContent()).resolves.toMatch(
      /% of test digits score lower/,
    );

    const shown = await tiles(['draw-input', 'draw-recon']);
    const input = shown['draw-input']![0]!;
    const recon = shown['draw-recon']![0]!;
    expect(inked(input)).toBeGreaterThan(0.05);
    expect(inked(recon)).toBeGreaterThan(0.05);
    // Preprocessed like MNIST: the ink's longer side scaled to 20 px, its centre of mass at (14, 14).
    let [x0, x1, y0, y1, mass, comX, comY] = [28, -1, 28, -1, 0, 0, 0];
    for (let i = 0; i < 784; i++) {
      const [x, y, ink] = [i % 28, Math.floor(i / 28), 255 - input[i]!];
      if (ink === 0) continue;
      [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
      [mass, comX, comY] = [mass + ink, comX + ink * x, comY + ink * y];
    }
    const side = Math.max(x1 - x0 + 1, y1 - y0 + 1);
    expect(side).toBeGreaterThanOrEqual(19);
    expect(side).toBeLessThanOrEqual(21);
    expect(Math.abs(comX / mass - 14)).toBeLessThan(1);
    expect(Math.abs(comY / mass - 14)).toBeLessThan(1);
  });

  it('the interpolation strip starts and ends at the two reconstructions', async () => {
    // "From a test digit" loads a random one; wait until it differs from the current and the excluded.
    const pick = async (exclude: number | null) => {
      for (let tries = 0; tries < 5; tries++) {
        const current = await explorer((s) => s.selected?.index ?? null);
        await page.getByTestId('latent-from-test').click();
        const i = await expect
          .poll(() => explorer((s) => s.selected?.index ?? null), { timeout: 15_000 })
          .not.toBe(current)
          .then(() => explorer((s) => s.selected!.index!))
          .catch(() => null);
        if (i !== null && i !== exclude) return i;
      }
      throw new Error('could not pick a new test digit');
    };
    const a = await pick(null);
    await page.getByTestId('interp-set-a').click();
    const b = await pick(a);
    await page.getByTestId('interp-set-b').click();
    await expect
      .poll(() => explorer((s) => [s.interp.a?.name ?? null, s.interp.b?.name ?? null]))
      .toEqual([expect.stringMatching(new RegExp(`^#${a} `)), expect.stringMatching(new RegExp(`^#${b} `))]);
    const strip = page.getByTestId('interp-strip');
    await strip.scrollIntoViewIfNeeded();
    const steps = Number(await strip.getAttribute('data-steps'));
    expect(steps).toBeGreaterThanOrEqual(8);

    // Training keeps moving the decoder: all four canvases are read in one go.
    const t = await tiles(['interp-strip', 'interp-a', 'interp-b']);
    const s = t['interp-strip']!;
    expect(s).toHaveLength(steps);
    expect(inked(s[0]!)).toBeGreaterThan(0.05);
    expect(meanAbsDiff(s[0]!, t['interp-a']![0]!)).toBeLessThan(2);
    expect(meanAbsDiff(s[steps - 1]!, t['interp-b']![0]!)).toBeLessThan(2);
    // Not trivially equal: the two ends are different digits, and the middle lies between.
    expect(meanAbsDiff(s[0]!, s[steps - 1]!)).toBeGreaterThan(5);

    // Paused and re-encoded, B's reconstruction is the selected digit's decode(mu) (both from the
    // same weights: during training the panel's codes can be a few steps apart).
    await page.getByTestId('btn-run').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('paused');
    const pausedAt = await page.evaluate(
      () => (window as any).__latentLab.getState().progress.step as number,
    );
    await page.getByTestId('scatter-refresh').click();
    await expect
      .poll(() => explorer((s) => [s.encodings!.stepEnd, s.loadingEncodings]), { timeout: 90_000 })
      .toEqual([pausedAt, false]);
    const p = await tiles(['interp-strip', 'interp-b', 'selected-recon']);
    expect(meanAbsDiff(p['interp-strip']![steps - 1]!, p['selected-recon']![0]!)).toBeLessThan(2);
    expect(meanAbsDiff(p['interp-b']![0]!, p['selected-recon']![0]!)).toBeLessThan(2);
  });
});
