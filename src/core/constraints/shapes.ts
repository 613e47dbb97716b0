/**
 * Constraint shapes for the constraint lab (issue 11, lecture 000 eq. 21). Every shape is a closed set C
 * in the plane given by its Euclidean projection: proj(x) is the nearest point of C, so x is feasible
 * exactly when proj(x) = x, and the energy phi(x) is the distance |x - proj(x)| (0 on C).
 */

export type Shape =
  | { kind: 'halfPlane'; nx: number; ny: number; offset: number }
  | { kind: 'disc'; cx: number; cy: number; r: number }
  | { kind: 'annulusSector'; cx: number; cy: number; r0: number; r1: number; a0: number; a1: number }
  | { kind: 'boxes'; boxes: [number, number, number, number][] }
  | { kind: 'curve'; cx: number; cy: number; r: number; width: number };

export type ShapeKind = Shape['kind'];
export const SHAPE_KINDS: readonly ShapeKind[] = ['halfPlane', 'disc', 'annulusSector', 'boxes', 'curve'];

/**
 * hard: pi ∝ p(x) 1{x in C}; soft: pi ∝ p(x) exp(-lambda phi(x)) with phi = distance to C. Eq. 21 with
 * phi the distance to C gives exactly these two cases (phi = 0 on C, so the hard case has no exp term).
 */
export interface Constraint {
  shape: Shape;
  mode: 'hard' | 'soft';
  lambda: number;
}

/** Nearest point of a segment a-b to p. */
function onSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): [number, number] {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
  return [ax + t * dx, ay + t * dy];
}

/** Angle of v counter-clockwise from a0, in [0, 2 pi). */
function angleFrom(a: number, a0: number): number {
  const t = (a - a0) % (2 * Math.PI);
  return t < 0 ? t + 2 * Math.PI : t;
}

/** The nearest point of the shape to (x, y). */
export function project(s: Shape, x: number, y: number): [number, number] {
  switch (s.kind) {
    case 'halfPlane': {
      // Feasible: n . x >= offset (n normalised here).
      const n = Math.hypot(s.nx, s.ny) || 1;
      const nx = s.nx / n;
      const ny = s.ny / n;
      const gap = s.offset / n - (nx * x + ny * y);
      return gap > 0 ? [x + gap * nx, y + gap * ny] : [x, y];
    }
    case 'disc': {
      const dx = x - s.cx;
      const dy = y - s.cy;
      const rho = Math.hypot(dx, dy);
      return rho <= s.r ? [x, y] : [s.cx + (dx * s.r) / rho, s.cy + (dy * s.r) / rho];
    }
    case 'curve': {
      // The band of half-width `width` around the circle of radius r.
      const dx = x - s.cx;
      const dy = y - s.cy;
      const rho = Math.hypot(dx, dy);
      const lo = Math.max(0, s.r - s.width);
      const hi = s.r + s.width;
      if (rho >= lo && rho <= hi) return [x, y];
      if (rho === 0) return [s.cx + lo, s.cy];
      const t = rho < lo ? lo : hi;
      return [s.cx + (dx * t) / rho, s.cy + (dy * t) / rho];
    }
    case 'annulusSector': {
      const dx = x - s.cx;
      const dy = y - s.cy;
      const rho = Math.hypot(dx, dy);
      const span = angleFrom(s.a1, s.a0) || 2 * Math.PI;
      if (angleFrom(Math.atan2(dy, dx), s.a0) <= span) {
        if (rho >= s.r0 && rho <= s.r1) return [x, y];
        if (rho === 0) return [s.cx + s.r0 * Math.cos(s.a0), s.cy + s.r0 * Math.sin(s.a0)];
        const t = rho < s.r0 ? s.r0 : s.r1;
        return [s.cx + (dx * t) / rho, s.cy + (dy * t) / rho];
      }
      // Outside the wedge the nearest point lies on one of the two straight edges.
      const edge = (a: number) =>
        onSegment(
          x,
          y,
          s.cx + s.r0 * Math.cos(a),
          s.cy + s.r0 * Math.sin(a),
          s.cx + s.r1 * Math.cos(a),
          s.cy + s.r1 * Math.sin(a),
        );
      const p = edge(s.a0);
      const q = edge(s.a1);
      return Math.hypot(p[0] - x, p[1] - y) <= Math.hypot(q[0] - x, q[1] - y) ? p : q;
    }
    case 'boxes': {
      let best: [number, number] = [x, y];
      let bestD = Infinity;
      for (const [x0, y0, x1, y1] of s.boxes) {
        const px = Math.min(Math.max(x, Math.min(x0, x1)), Math.max(x0, x1));
        const py = Math.min(Math.max(y, Math.min(y0, y1)), Math.max(y0, y1));
        const d = Math.hypot(px - x, py - y);
        if (d < bestD) {
          bestD = d;
          best = [px, py];
        }
      }
      return best;
    }
  }
}

/** phi(x): Euclidean distance from (x, y) to the shape (0 inside). */
export function distance(s: Shape, x: number, y: number): number {
  const [px, py] = project(s, x, y);
  return Math.hypot(px - x, py - y);
}

/**
 * Points within this distance of C count as in it: a projected point stored as float32 can land a rounding
 * error outside the boundary it was put on.
 */
export const FEASIBLE_TOL = 1e-5;

export function feasible(s: Shape, x: number, y: number): boolean {
  return distance(s, x, y) <= FEASIBLE_TOL;
}

/** The unnormalised tilt of eq. 21 at a point: 1{x in C} (hard) or exp(-lambda phi(x)) (soft). */
export function tilt(c: Constraint, x: number, y: number): number {
  const d = distance(c.shape, x, y);
  return c.mode === 'hard' ? (d <= FEASIBLE_TOL ? 1 : 0) : Math.exp(-c.lambda * d);
}

/** Projections of interleaved points, interleaved. */
export function projectAll(s: Shape, pts: ArrayLike<number>): Float32Array {
  const out = new Float32Array(pts.length);
  for (let i = 0; i + 1 < pts.length; i += 2) {
    const [px, py] = project(s, pts[i]!, pts[i + 1]!);
    out[i] = px;
    out[i + 1] = py;
  }
  return out;
}

/** Fraction of the points (interleaved x, y) that lie in C; NaN for no points. */
export function feasibilityRate(s: Shape, pts: ArrayLike<number>): number {
  const n = Math.floor(pts.length / 2);
  let k = 0;
  for (let i = 0; i < n; i++) if (feasible(s, pts[2 * i]!, pts[2 * i + 1]!)) k++;
  return n ? k / n : NaN;
}
