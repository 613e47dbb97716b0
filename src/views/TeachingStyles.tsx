import { useEffect, useLayoutEffect } from 'react';
import { getLesson } from '../lessons';
import { useLessons } from '../store/lessons';
import { useUi } from '../store/ui';

/** A CSS selector for an element by data-testid, and for the label or field row that holds it. */
function around(id: string): string {
  const t = `[data-testid="${CSS.escape(id)}"]`;
  return `${t}, .field:has(> ${t}), .field:has(> .choice > ${t}), label:has(> ${t})`;
}

/**
 * Hides what the link or the lesson hides, and lights up what the lesson's step points at, with one
 * generated style sheet (elements come and go as tabs render; a selector needs no bookkeeping).
 * The link's read-only flag locks every settings block (`inert`): visible, not editable.
 */
export function TeachingStyles() {
  const linkHide = useUi((s) => s.linkHide);
  const readOnly = useUi((s) => s.readOnly);
  const lessonId = useLessons((s) => s.id);
  const index = useLessons((s) => s.index);
  const step = lessonId ? getLesson(lessonId)?.steps[index] : undefined;
  const hide = [...linkHide, ...(step?.hide ?? [])];
  const highlight = step?.highlight ?? [];
  const css = [
    hide.length ? `${hide.map(around).join(',\n')} { display: none !important; }` : '',
    highlight.length
      ? `${highlight.map((id) => `[data-testid="${CSS.escape(id)}"]`).join(',\n')} { outline: 3px solid var(--highlight-border) !important; outline-offset: 2px; box-shadow: 0 0 0 6px color-mix(in srgb, var(--highlight-border) 30%, transparent); }`
      : '',
  ].join('\n');

  // A constructed style sheet, not a <style> element: the Content-Security-Policy (scripts/csp.mjs)
  // refuses inline style elements, while style sheets built through the CSSOM are allowed.
  useLayoutEffect(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }, [css]);

  useEffect(() => {
    if (!readOnly) return;
    const lock = () =>
      document.querySelectorAll<HTMLElement>('.hyper, .backend-choice').forEach((el) => {
        if (!el.inert) el.inert = true;
      });
    lock();
    const obs = new MutationObserver(lock);
    obs.observe(document.getElementById('root') ?? document.body, { childList: true, subtree: true });
    return () => obs.disconnect();
  }, [readOnly]);

  return null;
}
