// The two labs the memory soak trains (issue 13) and what a student does in each while they train;
// shared by scripts/soak.ts and scripts/heapDiff.ts so a heap diff sees the same driven page as the soak.
import type { Page } from 'playwright-core';
import { defaultGan2dConfig } from '../src/config/gan2d';
import { encodeConfigHash } from '../src/config/url';
import { classicVaeConfig } from '../src/config/vae';

export type Lab = 'vae' | 'gan2d';

const vae = structuredClone(classicVaeConfig);
// 20,000 digits x 1,000 epochs (the schema's limit) is ~157,000 steps, beyond a 30-minute soak; with 2,000
// digits the VAE stopped at 16,000 steps after about 7 minutes and the rest of the soak sampled an idle lab.
vae.data.trainSubset = 20000;
vae.data.testSubset = 200;
vae.training.epochs = 1000;

const gan = structuredClone(defaultGan2dConfig);
gan.training.maxSteps = 1_000_000; // the schema's limit; the default 5,000 ends a soak early

/** The page address that opens a lab with its soak config. */
export const labPath = (lab: Lab): string =>
  lab === 'vae' ? `?tab=vae#${encodeConfigHash(vae)}` : `?tab=gan#${encodeConfigHash(gan)}`;

export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(what: string, f: () => Promise<boolean>, ms = 300_000): Promise<void> {
  const t0 = Date.now();
  while (!(await f())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await wait(500);
  }
}

/** Wait for a lab's engine, then press its Start button. */
export async function startLab(lab: Lab, page: Page): Promise<void> {
  // Playwright's 30 s per action is too short on a loaded machine (a niced soak's click waited longer
  // and ended a 30-minute run at minute 2); the soak measures memory, not speed.
  page.setDefaultTimeout(300_000);
  const store = lab === 'vae' ? '__latentLab' : '__ganLab';
  await until(
    `the ${lab} engine`,
    async () => (await page.evaluate((s) => String((window as any)[s].getState().status), store)) === 'ready',
  );
  await page.getByTestId(lab === 'vae' ? 'btn-run' : 'gan-run').click();
}

/** Set a range input the way a drag does (React listens for 'input'). */
async function setRange(page: Page, testId: string, value: number): Promise<void> {
  await page.evaluate(
    ([id, v]) => {
      const el = document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | null;
      if (!el) return;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, String(v));
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    [testId, value] as const,
  );
}

async function setNumber(page: Page, testId: string, value: number): Promise<void> {
  const el = page.getByTestId(testId);
  await el.fill(String(value));
  await el.press('Enter');
  await el.blur();
}

/** One round of what a student does while the VAE trains: β, latent sliders, manifold, metrics. */
async function driveVae(page: Page, round: number): Promise<void> {
  await setNumber(page, 'hp-beta', round % 2 ? 0.5 : 2);
  await page.getByTestId('tab-latent').click();
  for (let i = 0; i < 4; i++) await setRange(page, `latent-slider-${i % 2}`, ((round + i) % 7) - 3);
  await setRange(page, 'manifold-n', 10 + (round % 3) * 5);
  const grid = page.getByTestId('manifold-grid');
  if (await grid.count()) await grid.hover({ position: { x: 20 + (round % 5) * 30, y: 40 } });
  await wait(1500);
  await page.getByTestId('tab-vae').click();
  await wait(1500);
  // Back to the same settings every round, so that samples compare like with like.
  await setNumber(page, 'hp-beta', 1);
  await setRange(page, 'manifold-n', 20);
}

/** And while the GAN trains: both learning rates, k, the loss, and back. */
async function driveGan(page: Page, round: number): Promise<void> {
  await setNumber(page, 'gan-lr-d', round % 2 ? 0.0005 : 0.002);
  await setNumber(page, 'gan-lr-g', round % 2 ? 0.0005 : 0.002);
  await setNumber(page, 'gan-k', 2 + (round % 2));
  const canvas = page.getByTestId('gan-canvas');
  if (await canvas.count()) await canvas.hover({ position: { x: 30 + (round % 5) * 20, y: 50 } });
  await wait(1500);
  await setNumber(page, 'gan-lr-d', 0.001);
  await setNumber(page, 'gan-lr-g', 0.001);
  await setNumber(page, 'gan-k', 1);
  await wait(1500);
}

export const drive = (lab: Lab, page: Page, round: number): Promise<void> =>
  lab === 'vae' ? driveVae(page, round) : driveGan(page, round);
