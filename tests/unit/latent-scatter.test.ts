import { describe, expect, it } from 'vitest';
import { frameView, pickPoint, toPx, type ScatterScene } from '../../src/views/latent/scatterPaint';

const prior = { cx: 0, cy: 0, xx: 1, xy: 0, yy: 1 };

describe('scatter framing and picking', () => {
  it('frames a square view that holds the bulk of the data and the 3-sigma circle', () => {
    // 1000 points along x in [-10, 10], y in [-1, 1], plus one far outlier
    const n = 1001;
    const xy = new Float32Array(2 * n);
    for (let i = 0; i < 1000; i++) {
      xy[2 * i] = -10 + (20 * i) / 999;
      xy[2 * i + 1] = Math.sin(i);
    }
    xy[2000] = 1e6;
    xy[2001] = 0;
    const v = frameView(xy, prior, 400);
    // the outlier does not stretch the view; the data and the prior's 3-sigma circle fit
    expect(v.half).toBeLessThan(20);
    const [x0] = toPx(v, -10, 0);
    const [x1] = toPx(v, 10, 0);
    expect(x0).toBeGreaterThanOrEqual(0);
    expect(x1).toBeLessThanOrEqual(400);
    const [, top] = toPx(v, 0, 3);
    const [, bottom] = toPx(v, 0, -3);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(bottom).toBeLessThanOrEqual(400);
    // same scale on both axes, y pointing up
    expect(bottom - top).toBeCloseTo((6 * 400) / (2 * v.half), 6);
  });

  it('maps the view centre to the canvas centre', () => {
    const v = { cx: 2, cy: -1, half: 5, size: 300 };
    expect(toPx(v, 2, -1)).toEqual([150, 150]);
    expect(toPx(v, 7, -1)).toEqual([300, 150]);
    expect(toPx(v, 2, 4)).toEqual([150, 0]);
  });

  it('picks the nearest visible point within the radius', () => {
    const view = { cx: 0, cy: 0, half: 10, size: 200 };
    const xy = Float32Array.from([0, 0, 1, 0, 5, 5]);
    const scene: ScatterScene = {
      view,
      xy,
      labels: Uint8Array.from([3, 4, 5]),
      prior,
      hidden: new Set(),
      selected: null,
      drawn: null,
    };
    const [px, py] = toPx(view, 0.7, 0);
    expect(pickPoint(scene, px, py)).toBe(1);
    expect(pickPoint({ ...scene, hidden: new Set([4]) }, px, py)).toBe(0);
    const [fx, fy] = toPx(view, -8, -8);
    expect(pickPoint(scene, fx, fy)).toBeNull();
  });
});
