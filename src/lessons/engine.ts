import { presetConfig } from '../config/presets';
import { parseExperimentConfig, type ExperimentConfig } from '../config/schema';
import { holds, type Values } from './condition';
import type { Lesson, LessonLab, LessonStep, Narration } from './types';

/** What a lesson may do to the lab: the lesson store implements it on the real stores, tests on a fake. */
export interface LessonApi {
  showTab(tab: string): void;
  /** Start a new run of `config` (a preset, perhaps patched) in its lab. */
  loadConfig(config: ExperimentConfig, presetId: string): void;
  /** Change live parameters of the running experiment in `lab`, keeping the run. */
  setLive(lab: LessonLab, params: Record<string, number | string>): void;
}

/** The lab a step's numbers refer to: its own `lab`, else the GAN's on the GAN tab, else the VAE's. */
export function stepLab(step: LessonStep): LessonLab {
  return step.lab ?? (step.tab === 'gan' ? 'gan' : 'vae');
}

/** The config a step starts: its preset with its patch applied, validated. Throws if invalid. */
export function stepConfig(step: LessonStep): ExperimentConfig | null {
  if (!step.preset) return null;
  const c = presetConfig(step.preset) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(step.patch ?? {})) {
    const keys = path.split('.');
    let o = c;
    for (const k of keys.slice(0, -1)) {
      if (typeof o[k] !== 'object' || o[k] === null) throw new Error(`patch "${path}": no such field`);
      o = o[k] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1]!;
    if (!(last in o)) throw new Error(`patch "${path}": no such field`);
    o[last] = value;
  }
  const r = parseExperimentConfig(c);
  if (!r.ok) throw new Error(`step "${step.title}": ${r.error}`);
  return r.value;
}

/**
 * Enter step `index`: show its tab; with `setup`, start its preset (patched) and apply its live
 * settings. Going back to a step re-shows it without restarting anything (`setup` false).
 */
export function enterStep(lesson: Lesson, index: number, api: LessonApi, setup: boolean): void {
  const step = lesson.steps[index];
  if (!step) return;
  if (step.tab) api.showTab(step.tab);
  if (!setup) return;
  const config = stepConfig(step);
  if (config) api.loadConfig(config, step.preset!);
  if (step.set) api.setLive(stepLab(step), step.set);
}

/**
 * Open a lesson directly at step `index` (a link): the run the lesson would have at that step, i.e. the
 * latest preset at or before it and every live setting from there on, and that step's tab.
 */
export function openAt(lesson: Lesson, index: number, api: LessonApi, setup: boolean): void {
  const at = Math.max(0, Math.min(index, lesson.steps.length - 1));
  if (setup) {
    let from = at;
    while (from > 0 && !lesson.steps[from]!.preset) from--;
    for (let i = from; i <= at; i++) {
      const step = lesson.steps[i]!;
      const config = i === from ? stepConfig(step) : null;
      if (config) api.loadConfig(config, step.preset!);
      if (step.set) api.setLive(stepLab(step), step.set);
    }
  }
  // The tab of the step, or of the nearest earlier step that names one.
  for (let i = at; i >= 0; i--) {
    const tab = lesson.steps[i]!.tab;
    if (tab) {
      api.showTab(tab);
      break;
    }
  }
}

/** Whether Next may be offered: no condition, or it holds now. */
export function conditionMet(step: LessonStep, values: Values): boolean {
  return !step.waitFor || holds(step.waitFor, values, stepLab(step));
}

/** The step's narrations whose conditions hold now. */
export function activeNarrations(step: LessonStep, values: Values): Narration[] {
  return (step.narrations ?? []).filter((n) => holds(n.when, values, stepLab(step)));
}
