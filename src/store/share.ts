import type { ExperimentConfig } from '../config/schema';
import { getLesson } from '../lessons';
import { stepLab } from '../lessons/engine';
import { buildLink, type LinkState } from '../links/link';
import { useGan } from './gan2d';
import { useImageLab } from './imageGan';
import { useLab } from './lab';
import { useLessons } from './lessons';
import { useUi } from './ui';

/**
 * The config a tab shows: the GAN lab's on its tab, the VAE's on the VAE and latent tabs; elsewhere
 * (lessons, runs) the open lesson's lab's, else the VAE's.
 */
export function configForTab(tab: string | null): ExperimentConfig {
  const lessons = useLessons.getState();
  const step = lessons.id ? getLesson(lessons.id)?.steps[lessons.index] : undefined;
  const gan =
    tab === 'gan' || (tab !== 'vae' && tab !== 'latent' && step !== undefined && stepLab(step) === 'gan');
  if (tab === 'images') return useImageLab.getState().config;
  return gan ? useGan.getState().config : useLab.getState().applied;
}

/**
 * The link to what is on screen: the running experiment's config (seed included, live changes applied),
 * the tab, the lesson step, and the link's own hide / read-only / presenter settings unless overridden.
 * The chosen backend goes in only when the user chose one.
 */
export function currentLinkState(over: Partial<LinkState> = {}): LinkState {
  const ui = useUi.getState();
  const lessons = useLessons.getState();
  return {
    tab: ui.tab,
    lesson: lessons.id,
    step: lessons.id ? lessons.index + 1 : null,
    hide: ui.linkHide,
    readOnly: ui.readOnly,
    present: ui.presenter,
    backend: useLab.getState().backendOverride,
    config: configForTab(ui.tab),
    ...over,
  };
}

/** An absolute URL of the page with `state`. */
export function linkUrl(state: LinkState): string {
  const base = typeof location === 'undefined' ? '' : `${location.origin}${location.pathname}`;
  return `${base}${buildLink(state)}`;
}
