/** Keyboard rules of the latent explorer's widgets, as pure functions (the views call them). */

/** Arrow keys move a latent slider by 0.1 prior standard deviations, PageUp / PageDown by 1. */
export const SLIDER_STEP = 0.1;
export const SLIDER_PAGE = 1;

/**
 * The sliders' half-range: the reader's choice, widened to the next whole sd when a coordinate lies
 * beyond it (a loaded code can), so no thumb sits pinned at an end while its value is elsewhere.
 */
export function sliderSpan(range: number, z: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < z.length; i++) if (Number.isFinite(z[i]!)) m = Math.max(m, Math.abs(z[i]!));
  return Math.max(range, Math.ceil(m - 1e-9));
}

/** A slider's value after a key press, or null for keys the slider leaves alone. */
export function sliderKey(key: string, value: number, span: number): number | null {
  const to = (v: number) => Math.round(Math.max(-span, Math.min(span, v)) * 1000) / 1000;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return to(value + SLIDER_STEP);
    case 'ArrowLeft':
    case 'ArrowDown':
      return to(value - SLIDER_STEP);
    case 'PageUp':
      return to(value + SLIDER_PAGE);
    case 'PageDown':
      return to(value - SLIDER_PAGE);
    case 'Home':
      return -span;
    case 'End':
      return span;
    default:
      return null;
  }
}

export type Direction = 'left' | 'right' | 'up' | 'down';

export function arrowDirection(key: string): Direction | null {
  return key === 'ArrowLeft'
    ? 'left'
    : key === 'ArrowRight'
      ? 'right'
      : key === 'ArrowUp'
        ? 'up'
        : key === 'ArrowDown'
          ? 'down'
          : null;
}

/** A manifold tile (row 0 at the top) moved one step, staying on the n x n grid. */
export function moveTile(tile: { row: number; col: number }, dir: Direction, n: number) {
  const clamp = (v: number) => Math.max(0, Math.min(n - 1, v));
  return {
    row: clamp(tile.row + (dir === 'down' ? 1 : dir === 'up' ? -1 : 0)),
    col: clamp(tile.col + (dir === 'right' ? 1 : dir === 'left' ? -1 : 0)),
  };
}

/**
 * The next point from `from` in a direction, for walking a scatter plot with arrow keys. Points are
 * screen positions (x right, y down), interleaved; `skip(i)` hides a point. Candidates lie in the
 * 90-degree cone around the direction; the best scores least as the distance along the direction plus
 * twice the sideways offset, so the walk keeps to a line. From null, the walk starts at the point
 * nearest `centre`.
 */
export function nextPoint(
  px: ArrayLike<number>,
  from: number | null,
  dir: Direction,
  centre: [number, number],
  skip: (i: number) => boolean = () => false,
): number | null {
  const n = px.length / 2;
  if (from === null || from >= n) {
    let best: number | null = null;
    let bestD = Infinity;
    for (let i = 0; i < n; i++) {
      if (skip(i)) continue;
      const d = (px[2 * i]! - centre[0]) ** 2 + (px[2 * i + 1]! - centre[1]) ** 2;
      if (d < bestD) [best, bestD] = [i, d];
    }
    return best;
  }
  const [ux, uy] = dir === 'right' ? [1, 0] : dir === 'left' ? [-1, 0] : dir === 'up' ? [0, -1] : [0, 1];
  const x0 = px[2 * from]!;
  const y0 = px[2 * from + 1]!;
  let best: number | null = null;
  let bestScore = Infinity;
  for (let i = 0; i < n; i++) {
    if (i === from || skip(i)) continue;
    const dx = px[2 * i]! - x0;
    const dy = px[2 * i + 1]! - y0;
    const along = dx * ux + dy * uy;
    const side = Math.abs(dx * uy - dy * ux);
    if (along <= 0 || side > along) continue;
    const score = along + 2 * side;
    if (score < bestScore) [best, bestScore] = [i, score];
  }
  return best;
}
