import { useEffect } from 'react';
import { ganActions, useGan } from '../store/gan2d';
import { imageActions, useImageLab } from '../store/imageGan';
import { actions as labActions, useLab } from '../store/lab';
import { lessonActions, useLessons } from '../store/lessons';
import { uiActions, useUi } from '../store/ui';

export const SHORTCUTS: [string, string][] = [
  ['Space', 'start / pause training'],
  ['S', 'one training step'],
  ['R', 'reset the run (new weights)'],
  ['N', 'next lesson step'],
  ['P', 'presenter mode on / off'],
  ['F', 'full screen on / off'],
  ['?', 'this list'],
  ['Esc', 'close this list'],
];

/** Whether the GAN lab is the one in view (its tab, or a GAN lesson step on the lessons tab). */
function ganInView(): boolean {
  return useUi.getState().tab === 'gan';
}

/** Whether the image-GAN / AAE lab is the one in view. */
function imagesInView(): boolean {
  return useUi.getState().tab === 'images';
}

function startPause(): void {
  if (imagesInView()) {
    const st = useImageLab.getState().status;
    if (st === 'running') imageActions.pause();
    else if (st === 'ready' || st === 'paused') imageActions.start();
  } else if (ganInView()) {
    const st = useGan.getState().status;
    if (st === 'running') ganActions.pause();
    else if (st === 'ready' || st === 'paused') ganActions.start();
  } else {
    const st = useLab.getState().status;
    if (st === 'running') labActions.pause();
    else if (st === 'ready' || st === 'paused') labActions.start();
  }
}

/** Typing in a field, or a key the focused control uses itself (Space on a button). */
function ownedByTarget(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t || !(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName)) return true;
  if (e.key === ' ' && /^(BUTTON|A|SUMMARY)$/.test(t.tagName)) return true;
  // Arrow keys and Home/End belong to tablists, sliders and canvases; none of ours use them.
  return t.getAttribute('role') === 'tab' && e.key === ' ';
}

function toggleFullScreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}

/** The lab's keyboard shortcuts (listed in the `?` overlay). */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || ownedByTarget(e)) return;
      const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      let done = true;
      if (k === ' ') startPause();
      else if (k === 's') {
        if (imagesInView()) imageActions.step('both');
        else if (ganInView()) ganActions.step('both');
        else labActions.step(1);
      } else if (k === 'r') {
        if (imagesInView()) imageActions.reset();
        else if (ganInView()) ganActions.reset();
        else labActions.reset();
      } else if (k === 'n') {
        if (useLessons.getState().id && lessonActions.canAdvance()) lessonActions.next();
      } else if (k === 'p') uiActions.togglePresenter();
      else if (k === 'f') toggleFullScreen();
      else if (k === '?') uiActions.setHelp(!useUi.getState().helpOpen);
      else if (k === 'Escape' && useUi.getState().helpOpen) uiActions.setHelp(false);
      else done = false;
      if (done) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
