import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicVaeConfig } from '../../src/config/vae';
import { encodeConfigHash } from '../../src/config/url';
import { canvasSignature, openHarness, type Harness } from './browser';

// Issue 8 in a real browser: lesson links, live formulas, presenter shortcuts, saved runs that reload
// bit for bit, chart export, axe on every view, dark mode.
const small = structuredClone(classicVaeConfig);
small.data.trainSubset = 2000;
small.data.testSubset = 300;
small.training.epochs = 1000;
const vaeHash = `#${encodeConfigHash(small)}`;
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

let h: Harness;
const errors: string[] = [];
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h?.close();
});

async function open(path: string): Promise<Page> {
  const page = await h.newPage(path);
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}
const lab = (page: Page) =>
  page.evaluate(() => {
    const s = (window as any).__latentLab.getState();
    return {
      status: s.status as string,
      step: (s.progress?.step ?? 0) as number,
      beta: s.applied.objective.beta,
    };
  });
const ready = (page: Page) => expect.poll(async () => (await lab(page)).status, { timeout: 240_000 });

/** Serious and critical axe violations on the page as it is now. */
async function axe(page: Page): Promise<string[]> {
  // Evaluated through the debugger, not as an inline <script>, which the app's CSP refuses (issue 13).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(' | ')}`);
  });
}

describe('lessons', () => {
  it('a lesson link opens its preset with the link’s controls hidden and a formula whose numbers move', async () => {
    const page = await open('?lesson=elbo&step=2&hide=hp-lr,panel-vae-images');
    await expect.poll(() => page.getByTestId('lesson-panel').isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await page.getByTestId('lesson-panel').getAttribute('data-step')).toBe('2');
    await expect.poll(() => page.locator('[data-testid="lesson-text"] .katex').count()).toBeGreaterThan(0);
    // the link's hidden controls are hidden, the others are there
    expect(await page.getByTestId('hp-lr').isVisible()).toBe(false);
    expect(await page.getByTestId('panel-vae-images').isVisible()).toBe(false);
    expect(await page.getByTestId('hp-beta').isVisible()).toBe(true);
    await ready(page).toBe('ready');
    // the classic preset: full data, the lesson's step lights the KL chart
    const outline = await page.getByTestId('chart-kl').evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe('solid');
    const formula = () =>
      page.evaluate(
        () => document.querySelectorAll('[data-testid="lesson-text"] .katex-display')[1]?.textContent ?? '',
      );
    expect(await formula()).toContain('–'); // nothing trained: no numbers yet
    await page.getByTestId('btn-run').click();
    await expect.poll(formula, { timeout: 120_000 }).toMatch(/\d+\.\d\+\d+\.\d\d=\d+\.\d/);
    const first = await formula();
    await expect.poll(formula, { timeout: 120_000 }).not.toBe(first);
    // the numbers are the charts' smoothed values: recon + KL = −ELBO, to the digits shown
    const m = /(\d+\.\d)\+(\d+\.\d\d)=(\d+\.\d)/.exec(await formula())!;
    expect(Math.abs(Number(m[1]) + Number(m[2]) - Number(m[3]))).toBeLessThanOrEqual(0.11);
    await page.getByTestId('btn-run').click();
    await page.close();
  });

  it('Next waits for the step’s condition; the N key advances; an unknown lesson is named, not fatal', async () => {
    const page = await open(`?lesson=beta-collapse${vaeHash}`);
    await ready(page).toBe('ready');
    // a config in the link is the run: the lesson does not replace it
    expect(await page.evaluate(() => (window as any).__latentLab.getState().applied.data.trainSubset)).toBe(
      2000,
    );
    expect(await page.getByTestId('lesson-next').isDisabled()).toBe(true);
    expect(await page.getByTestId('lesson-wait').textContent()).toMatch(/step >= 300/);
    await page.keyboard.press('n');
    expect(await page.getByTestId('lesson-panel').getAttribute('data-step')).toBe('1');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('lesson-next').isDisabled(), { timeout: 240_000 }).toBe(false);
    await page.keyboard.press('n');
    expect(await page.getByTestId('lesson-panel').getAttribute('data-step')).toBe('2');
    // step 2 sets β = 4 on the running model
    await expect.poll(async () => (await lab(page)).beta).toBe(4);
    await page.keyboard.press('Space');
    const bad = await open('?lesson=no-such-lesson');
    await expect.poll(() => bad.getByTestId('notice').filter({ hasText: 'no-such-lesson' }).count()).toBe(1);
    expect(await bad.getByTestId('btn-run').isVisible()).toBe(true);
    await bad.close();
    await page.close();
  });
});

describe('presenter mode and shortcuts', () => {
  it('P, ?, Esc, Space, S, R work from the keyboard; the overlay lists them', async () => {
    const page = await open(`?tab=vae${vaeHash}`);
    await ready(page).toBe('ready');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('p');
    expect(await page.getByTestId('app').getAttribute('data-presenter')).toBe('true');
    // one focused view: the settings are out of the way, the charts stay
    expect(await page.getByTestId('panel-vae-settings').isVisible()).toBe(false);
    expect(await page.getByTestId('chart-loss').isVisible()).toBe(true);
    await page.keyboard.press('?');
    expect(await page.getByTestId('shortcuts-help').textContent()).toMatch(/Space.*S.*R.*N.*P.*F/);
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('shortcuts-help').count()).toBe(0);
    await page.keyboard.press('s');
    await expect.poll(async () => (await lab(page)).step).toBe(1);
    await page.keyboard.press('Space');
    await expect.poll(async () => (await lab(page)).status).toBe('running');
    await page.keyboard.press('Space');
    await expect.poll(async () => (await lab(page)).status).toBe('paused');
    await page.keyboard.press('r');
    await expect.poll(async () => (await lab(page)).status, { timeout: 60_000 }).toBe('ready');
    expect((await lab(page)).step).toBe(0);
    // typing in a field never fires a shortcut
    await page.keyboard.press('p');
    await page.getByTestId('hp-beta').fill('2');
    await page.getByTestId('hp-beta').press('s');
    expect((await lab(page)).step).toBe(0);
    await page.close();
  });
});

describe('links', () => {
  it('Copy link reproduces the experiment; an instructor link hides and locks', async () => {
    const page = await open(`?tab=vae${vaeHash}`);
    await ready(page).toBe('ready');
    await page.getByTestId('hp-beta').fill('3');
    await page.getByTestId('hp-beta').press('Enter');
    await page.getByTestId('share-open').click();
    const link = await page.getByTestId('share-link').inputValue();
    await page.getByTestId('hide-hp-lr').check();
    await page.getByTestId('share-readonly').check();
    const instructor = await page.getByTestId('instructor-link').inputValue();
    expect(instructor).toMatch(/hide=hp-lr/);
    expect(instructor).toMatch(/ro=1/);
    await page.close();
    const a = await open(link.slice(link.indexOf('/', 8) + 1));
    await ready(a).toBe('ready');
    expect((await lab(a)).beta).toBe(3);
    await a.close();
    const b = await open(instructor.slice(instructor.indexOf('/', 8) + 1));
    await ready(b).toBe('ready');
    expect(await b.getByTestId('hp-lr').isVisible()).toBe(false);
    expect(await b.getByTestId('readonly-badge').isVisible()).toBe(true);
    expect(await b.getByTestId('panel-vae-settings').evaluate((el) => (el as HTMLElement).inert)).toBe(true);
    await b.close();
  });
});

describe('saved runs', () => {
  it('save, reload the page, load: decoder bit-identical, full history, training continues', async () => {
    const page = await open(`?tab=vae${vaeHash}`);
    await ready(page).toBe('ready');
    await page.getByTestId('btn-run').click();
    await expect.poll(async () => (await lab(page)).step, { timeout: 240_000 }).toBeGreaterThan(40);
    await page.getByTestId('btn-run').click();
    await ready(page).toBe('paused');
    const fingerprint = () =>
      page.evaluate(async () => {
        const w = await (window as any).__labQuery({ type: 'decoderWeights' });
        let hash = 0;
        for (const l of w.layers)
          for (const arr of [l.W, l.b]) {
            const u = new Uint32Array(arr.buffer, arr.byteOffset, arr.length);
            for (let i = 0; i < u.length; i++) hash = (Math.imul(hash, 31) + u[i]!) | 0;
          }
        const z = new Float32Array(2 * 20).map((_, i) => Math.sin(i));
        const d = await (window as any).__labQuery({ type: 'decode', z, n: 2 });
        const rows = (window as any).__metricHistory('vae').steps.length;
        return { hash, step: w.step, pixels: Array.from(d.pixels as Uint8ClampedArray).join(','), rows };
      });
    const before = await fingerprint();
    expect(before.rows).toBe(before.step);
    await page.getByTestId('tab-runs').click();
    await page.getByTestId('runs-name').fill('e2e run');
    await page.getByTestId('runs-save').click();
    await expect.poll(() => page.getByTestId('run-row').count(), { timeout: 60_000 }).toBe(1);
    // export the run file (one zip), for the import check below
    const row = page.getByTestId('run-row').first();
    const id = (await row.getAttribute('data-run-id'))!;
    const dl = page.waitForEvent('download');
    await page.getByTestId(`run-export-${id}`).click();
    const file = await (await dl).path();
    expect(readFileSync(file!).subarray(0, 2).toString()).toBe('PK');
    await page.reload();
    await ready(page).toBe('ready');
    await page.getByTestId('tab-runs').click();
    await page.getByTestId(`run-load-${id}`).click();
    await expect.poll(async () => (await lab(page)).status, { timeout: 120_000 }).toBe('paused');
    const after = await fingerprint();
    expect(after).toEqual(before);
    expect(await page.getByTestId('chart-loss').getAttribute('data-points')).not.toBe('0');
    await page.getByTestId('btn-run').click(); // Resume continues from the saved step
    await expect.poll(async () => (await lab(page)).step, { timeout: 120_000 }).toBeGreaterThan(before.step);
    await page.getByTestId('btn-run').click();
    // a foreign file gets a message naming the problem; the list is unchanged
    await page.getByTestId('tab-runs').click();
    await page
      .getByTestId('runs-import')
      .setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip') });
    await expect.poll(() => page.getByTestId('notice').filter({ hasText: 'notes.zip' }).count()).toBe(1);
    expect(await page.getByTestId('notice').filter({ hasText: 'notes.zip' }).textContent()).toMatch(
      /not a zip archive/,
    );
    await page.getByTestId('runs-import').setInputFiles(file!);
    await expect
      .poll(
        async () =>
          `${await page.getByTestId('run-row').count()} ${await page
            .getByTestId('notices')
            .textContent()
            .catch(() => '')}`,
        { timeout: 60_000 },
      )
      .toMatch(/^2 /);
    // compare: two runs' curves on one chart, grids side by side
    const ids = await page
      .getByTestId('run-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')));
    for (const rid of ids) await page.getByTestId(`run-compare-${rid}`).check();
    await expect
      .poll(() => page.locator('[data-testid="compare-chart"] .recharts-line').count(), { timeout: 30_000 })
      .toBe(2);
    expect(await page.locator('[data-testid="compare-grids"] canvas').count()).toBe(2);
    await page.close();
  });

  it('a chart exports as CSV and PNG, a sample grid as PNG', async () => {
    const page = await open(`?tab=vae${vaeHash}`);
    await ready(page).toBe('ready');
    await page.getByTestId('btn-step').click();
    await page.getByTestId('btn-step').click();
    await expect
      .poll(() => page.getByTestId('chart-loss').getAttribute('data-points'), { timeout: 60_000 })
      .toBe('2');
    const save = async (testId: string) => {
      const dl = page.waitForEvent('download');
      await page.getByTestId(testId).click();
      const d = await dl;
      return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
    };
    const csv = await save('chart-loss-export-csv');
    expect(csv.name).toBe('chart-loss.csv');
    const lines = csv.bytes.toString().trim().split('\n');
    expect(lines[0]).toBe('series,step,value');
    expect(lines.filter((l) => l.startsWith('train,')).map((l) => l.split(',')[1])).toEqual(['1', '2']);
    const png = await save('chart-loss-export-png');
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
    const grid = await save('samples-grid-export-png');
    expect(grid.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect((await canvasSignature(page, 'samples-grid')).sum).toBeGreaterThan(0);
    await page.close();
  });
});

describe('accessibility and themes', () => {
  it('axe finds no serious or critical violation on any tab, with a lesson, in presenter mode, dark', async () => {
    const page = await open(`?lesson=gan-game${vaeHash}`);
    await ready(page).toBe('ready');
    const found: Record<string, string[]> = {};
    for (const tab of ['vae', 'latent', 'gan', 'lessons', 'runs']) {
      await page.getByTestId(`tab-${tab}`).click();
      await page.waitForTimeout(1500);
      found[tab] = await axe(page);
    }
    await page.getByTestId('tab-gan').click();
    await page.getByTestId('presenter-toggle').click();
    await page.waitForTimeout(800);
    found.presenter = await axe(page);
    await page.getByTestId('help-open').click();
    found.shortcuts = await axe(page);
    await page.keyboard.press('Escape');
    await page.getByTestId('share-open').click();
    found.share = await axe(page);
    await page.getByTestId('share-close').click();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('tab-vae').click();
    await page.waitForTimeout(800);
    found.dark = await axe(page);
    expect(found).toEqual({
      vae: [],
      latent: [],
      gan: [],
      lessons: [],
      runs: [],
      presenter: [],
      shortcuts: [],
      share: [],
      dark: [],
    });
    await page.close();
  });

  it('dark mode follows the system and the toggle overrides it; every control is reachable by Tab', async () => {
    const page = await open(`?tab=vae${vaeHash}`);
    const bg = () =>
      page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
    const applied = () => page.getByTestId('header-tools').getAttribute('data-theme-applied');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await bg()).toBe('#f8fafc');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(applied).toBe('dark');
    expect(await bg()).toBe('#0b1120');
    await page.getByTestId('theme-toggle').click(); // system -> dark
    await page.getByTestId('theme-toggle').click(); // dark -> light
    expect(await bg()).toBe('#f8fafc');
    expect(await applied()).toBe('light');
    // Tab reaches the header tools and the lab's buttons, each with a visible focus ring (once the
    // engine is ready: Start is disabled, so not focusable, while it loads).
    await ready(page).toBe('ready');
    const want = ['share-open', 'presenter-toggle', 'theme-toggle', 'help-open', 'btn-run', 'hp-beta'];
    const seen = new Set<string>();
    for (let i = 0; i < 120 && !want.every((id) => seen.has(id)); i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return { id: el?.dataset.testid ?? '', outline: el ? getComputedStyle(el).outlineStyle : 'none' };
      });
      if (f.id) seen.add(f.id);
      if (f.id === 'btn-run') expect(f.outline).not.toBe('none');
    }
    for (const id of want) expect(seen.has(id), id).toBe(true);
    await page.close();
  });
});

describe('layout at 768 px', () => {
  it('the Lessons and Runs tabs, a lesson beside the lab and the share dialog fit without sideways scrolling', async () => {
    const page = await open(`?lesson=elbo${vaeHash}`);
    await page.setViewportSize({ width: 768, height: 1024 });
    await ready(page).toBe('ready');
    const overflow = () =>
      page.evaluate(() => {
        const outside = [
          ...document.querySelectorAll('input, select, button, canvas, textarea, .katex-display'),
        ]
          .filter((el) => (el as HTMLElement).offsetParent !== null)
          .map((el) => ({ el, r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.left < -0.5 || r.right > window.innerWidth + 0.5))
          .map(({ el, r }) => `${(el as HTMLElement).dataset.testid ?? el.className} ${r.left}-${r.right}`);
        const doc = document.documentElement;
        return { sideways: doc.scrollWidth > doc.clientWidth, outside };
      });
    const found: Record<string, unknown> = {};
    found['vae+lesson'] = await overflow();
    for (const tab of ['lessons', 'runs']) {
      await page.getByTestId(`tab-${tab}`).click();
      await page.waitForTimeout(500);
      found[tab] = await overflow();
    }
    await page.getByTestId('share-open').click();
    found.share = await overflow();
    await page.getByTestId('share-close').click();
    const none = { sideways: false, outside: [] };
    expect(found).toEqual({ 'vae+lesson': none, lessons: none, runs: none, share: none });
    await page.close();
  });
});

describe('no page errors', () => {
  it('nothing above threw in the page', () => {
    expect(errors).toEqual([]);
  });
});
