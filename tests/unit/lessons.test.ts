import katex from 'katex';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getPreset } from '../../src/config/presets';
import { gan2dLiveParamsSchema } from '../../src/engine/gan2dParams';
import { conditionNames, parseCondition } from '../../src/lessons/condition';
import { stepConfig, stepLab } from '../../src/lessons/engine';
import { listLessons } from '../../src/lessons';
import { LIVE_NAMES } from '../../src/lessons/live';
import { fillTex, liveNames, parseMarkdown, type Block, type Inline } from '../../src/lessons/markdown';

// Every lesson is checked against the lab as it is: its presets exist and patch into valid configs,
// the controls it lights up or hides exist in the views, its conditions parse and read values the lab
// has, and every formula typesets.

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}
const views = files('src/views').map((f) => readFileSync(f, 'utf8'));
/** Literal test ids in the views: data-testid="x", testId="x", and the tab ids (tab-<id>). */
const testIds = new Set(
  views.flatMap((src) => [...src.matchAll(/(?:data-testid|testId)=["']([^"'{}$]+)["']/g)].map((m) => m[1]!)),
);
const tabIds = [...readFileSync('src/views/tabs.ts', 'utf8').matchAll(/\{ id: '([a-z0-9-]+)'/g)].map(
  (m) => m[1]!,
);
for (const t of tabIds) testIds.add(`tab-${t}`);
// The VAE charts' ids are built from their metric keys: testId={`chart-${c.key}`}.
for (const m of readFileSync('src/views/vae/VaeLab.tsx', 'utf8').matchAll(/\{ key: '([a-z]+)'/g))
  testIds.add(`chart-${m[1]}`);

function tex(blocks: Block[]): string[] {
  const inl = (n: Inline[]): string[] =>
    n.flatMap((x) => (x.t === 'math' ? [x.tex] : x.t === 'strong' || x.t === 'em' ? inl(x.children) : []));
  return blocks.flatMap((b) =>
    b.t === 'math'
      ? [b.tex]
      : b.t === 'ul' || b.t === 'ol'
        ? b.items.flatMap(inl)
        : inl((b as { children: Inline[] }).children),
  );
}

const resolve = (name: string, lab: string) =>
  LIVE_NAMES[name] !== undefined
    ? name
    : LIVE_NAMES[`${lab}.${name}`] !== undefined
      ? `${lab}.${name}`
      : null;

describe('lessons', () => {
  const lessons = listLessons();

  it('the issue’s lessons are there, each tied to its lectures, with unique ids', () => {
    const ids = lessons.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'elbo',
      'reparameterization',
      'beta-collapse',
      'latent-space',
      'gan-game',
      'vanishing-gradients',
      'mode-collapse',
      'vae-vs-gan',
    ])
      expect(ids).toContain(id);
    for (const l of lessons) expect(l.lectures).toMatch(/lecture 00[0-4]/);
  });

  it('the test-id scan finds the lab’s controls (so the checks below can fail)', () => {
    for (const id of ['hp-beta', 'btn-run', 'gan-loss', 'mode-bars', 'tab-gan', 'panel-reparam'])
      expect(testIds).toContain(id);
    expect(testIds).not.toContain('no-such-control');
  });

  for (const lesson of lessons) {
    describe(lesson.id, () => {
      it('presets exist and patch into valid configs; live settings are valid', () => {
        for (const step of lesson.steps) {
          if (step.preset)
            expect(getPreset(step.preset), `${step.title}: preset ${step.preset}`).toBeDefined();
          expect(() => stepConfig(step), step.title).not.toThrow();
          if (step.patch) expect(step.preset, `${step.title}: a patch needs a preset`).toBeDefined();
          if (step.set) {
            if (stepLab(step) === 'gan') expect(gan2dLiveParamsSchema.safeParse(step.set).success).toBe(true);
            else for (const k of Object.keys(step.set)) expect(['lr', 'beta', 'batchSize']).toContain(k);
          }
        }
        // The first step starts a run, so a lesson opened by link has its experiment.
        expect(lesson.steps[0]!.preset ?? lesson.steps[0]!.tab).toBeDefined();
      });

      it('highlighted and hidden test ids exist; tabs exist', () => {
        for (const step of lesson.steps) {
          for (const id of [...(step.highlight ?? []), ...(step.hide ?? [])])
            expect(testIds.has(id), `${step.title}: data-testid "${id}"`).toBe(true);
          if (step.tab) expect(tabIds).toContain(step.tab);
        }
      });

      it('conditions parse and read live values that exist', () => {
        for (const step of lesson.steps) {
          const conds = [step.waitFor, ...(step.narrations ?? []).map((n) => n.when)].filter(
            (c): c is string => !!c,
          );
          for (const c of conds) {
            const parsed = parseCondition(c);
            for (const n of conditionNames(parsed))
              expect(resolve(n, stepLab(step)), `${step.title}: "${n}" in "${c}"`).not.toBeNull();
          }
          const texts = [step.text, ...(step.narrations ?? []).map((n) => n.text)];
          for (const n of texts.flatMap(liveNames))
            expect(resolve(n, stepLab(step)), `${step.title}: {{${n}}}`).not.toBeNull();
        }
      });

      it('every formula typesets (KaTeX, trust off), with numbers and with unknown values', () => {
        for (const step of lesson.steps) {
          for (const text of [step.text, ...(step.narrations ?? []).map((n) => n.text)]) {
            for (const t of tex(parseMarkdown(text))) {
              for (const v of [1.25e-5, 123.456, null]) {
                const filled = fillTex(t, () => v);
                expect(
                  () => katex.renderToString(filled, { throwOnError: true, trust: false }),
                  filled,
                ).not.toThrow();
              }
            }
          }
        }
      });
    });
  }
});
