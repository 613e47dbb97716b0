import type { Shape } from './shapes';

/** Boxes a union may hold (the config's limit). */
export const MAX_BOXES = 16;

export type Box = [x0: number, y0: number, x1: number, y1: number];

/**
 * A box dragged on the target map, from two corners in canvas pixels (y down) to data coordinates
 * (y up) on the window [min, max]^2 drawn at `w` x `h` pixels; rounded to 0.01. Null when the drag is
 * too small to be meant as a box (under 1 % of the window either way).
 */
export function boxFromDrag(
  a: { x: number; y: number },
  b: { x: number; y: number },
  w: number,
  h: number,
  extent: { min: number; max: number },
): Box | null {
  const span = extent.max - extent.min;
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const dx = (px: number) => extent.min + clamp(px / w) * span;
  const dy = (py: number) => extent.max - clamp(py / h) * span;
  const r = (v: number) => Math.round(v * 100) / 100;
  const x0 = r(Math.min(dx(a.x), dx(b.x)));
  const x1 = r(Math.max(dx(a.x), dx(b.x)));
  const y0 = r(Math.min(dy(a.y), dy(b.y)));
  const y1 = r(Math.max(dy(a.y), dy(b.y)));
  if (x1 - x0 < 0.01 * span || y1 - y0 < 0.01 * span) return null;
  return [x0, y0, x1, y1];
}

/**
 * The constraint after drawing `box`: with `add` (Shift held) and a union of boxes already in place,
 * the box joins the union (the oldest drops out past MAX_BOXES); otherwise the box replaces the
 * constraint.
 */
export function withDrawnBox(shape: Shape, box: Box, add: boolean): Shape {
  if (add && shape.kind === 'boxes') return { kind: 'boxes', boxes: [...shape.boxes, box].slice(-MAX_BOXES) };
  return { kind: 'boxes', boxes: [box] };
}
