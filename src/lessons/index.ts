import type { Lesson } from './types';
import { elboLesson } from './elbo';
import { reparameterizationLesson } from './reparameterization';
import { betaCollapseLesson } from './beta-collapse';
import { latentSpaceLesson } from './latent-space';
import { ganGameLesson } from './gan-game';
import { vanishingGradientsLesson } from './vanishing-gradients';
import { modeCollapseLesson } from './mode-collapse';
import { vaeVsGanLesson } from './vae-vs-gan';
import { inferenceTheoryLesson } from './inference-theory';
import { aePcaLesson } from './ae-pca';
import { constraintsLesson } from './constraints';

/**
 * Every lesson, in the order the Lessons tab lists them. A lesson for a later feature is one new file
 * here and one line below (docs/ARCHITECTURE.md, "Lessons").
 */
const lessons: Lesson[] = [
  elboLesson,
  reparameterizationLesson,
  betaCollapseLesson,
  latentSpaceLesson,
  ganGameLesson,
  vanishingGradientsLesson,
  modeCollapseLesson,
  vaeVsGanLesson,
  inferenceTheoryLesson,
  aePcaLesson,
  constraintsLesson,
];

export function listLessons(): readonly Lesson[] {
  return lessons;
}

export function getLesson(id: string): Lesson | undefined {
  return lessons.find((l) => l.id === id);
}

/** Plug a lesson in at run time (a family's module can add its own); ids must be unique. */
export function registerLesson(l: Lesson): void {
  if (lessons.some((x) => x.id === l.id)) throw new Error(`duplicate lesson id ${l.id}`);
  lessons.push(l);
}
