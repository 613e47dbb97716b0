import { useEffect, useRef, useState } from 'react';

/**
 * How a live chart keeps the main thread free while a run streams points in: it redraws at most once
 * every LIVE_CHART_MS (a recharts commit is one synchronous main-thread task, 20-100 ms on a slow
 * laptop), only while it is on screen, and draws at most LIVE_CHART_POINTS points per line. A chart that
 * is not live draws every change at once, at full resolution.
 */
export const LIVE_CHART_MS = 1000;
export const LIVE_CHART_POINTS = 120;

/** Milliseconds to wait before a change may be drawn, when the chart last drew at `drawnAt` (0 = now). */
export function throttleDelay(drawnAt: number, now: number, intervalMs: number): number {
  return Math.max(0, drawnAt + intervalMs - now);
}

/**
 * At most `max` points of `data`, evenly spaced by index, always keeping the first and the last (the
 * newest value stays on screen). Data that already fits is returned as is.
 */
export function decimate<T>(data: readonly T[], max: number): readonly T[] {
  const n = data.length;
  if (n <= max || max < 2) return data;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(data[Math.round((i * (n - 1)) / (max - 1))]!);
  return out;
}

/**
 * `value` as the chart should draw it: while `live`, the newest value at most once every `intervalMs`
 * and only while `visible` (a hidden chart catches up when it comes into view); otherwise at once.
 */
export function useThrottled<T>(value: T, live: boolean, visible: boolean, intervalMs = LIVE_CHART_MS): T {
  const [shown, setShown] = useState(value);
  const drawnAt = useRef(-Infinity);
  const immediate = !live;
  // Not live: draw every value at once (adjusting state while rendering, as React documents it).
  if (immediate && !Object.is(value, shown)) setShown(value);
  useEffect(() => {
    if (immediate || Object.is(value, shown) || !visible) return;
    const id = setTimeout(
      () => {
        drawnAt.current = performance.now();
        setShown(value);
      },
      throttleDelay(drawnAt.current, performance.now(), intervalMs),
    );
    return () => clearTimeout(id);
  }, [value, shown, immediate, visible, intervalMs]);
  return immediate ? value : shown;
}

/**
 * Whether an element is (partly) in the viewport (true where IntersectionObserver is missing, and until
 * the element is known): pass the returned callback as (or from) the element's ref.
 */
export function useOnScreen(): [(el: Element | null) => void, boolean] {
  const [el, setEl] = useState<Element | null>(null);
  const [on, setOn] = useState(true);
  useEffect(() => {
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => setOn(entries.some((e) => e.isIntersecting)));
    io.observe(el);
    return () => io.disconnect();
  }, [el]);
  return [setEl, on];
}
