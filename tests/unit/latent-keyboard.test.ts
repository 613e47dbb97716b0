import { describe, expect, it } from 'vitest';
import { moveTile, nextPoint, sliderKey, sliderSpan } from '../../src/views/latent/keyboard';

describe('latent slider keys', () => {
  it('arrows move 0.1 sd, PageUp / PageDown 1 sd, Home / End to the ends, clamped to the range', () => {
    expect(sliderKey('ArrowRight', 0.37, 3)).toBeCloseTo(0.47, 10);
    expect(sliderKey('ArrowUp', 0, 3)).toBeCloseTo(0.1, 10);
    expect(sliderKey('ArrowLeft', 0, 3)).toBeCloseTo(-0.1, 10);
    expect(sliderKey('ArrowDown', -2.95, 3)).toBe(-3);
    expect(sliderKey('PageUp', 1.5, 3)).toBe(2.5);
    expect(sliderKey('PageDown', -2.5, 3)).toBe(-3);
    expect(sliderKey('Home', 1, 4)).toBe(-4);
    expect(sliderKey('End', 1, 4)).toBe(4);
    expect(sliderKey('a', 1, 4)).toBeNull();
    // Sixty presses cross the whole default range (it took 600 at 0.01 a press).
    let v = -3;
    for (let i = 0; i < 60; i++) v = sliderKey('ArrowRight', v, 3)!;
    expect(v).toBe(3);
  });
  it('the range grows to the next whole sd to show a value beyond it', () => {
    expect(sliderSpan(3, [0.5, -1, 2.9])).toBe(3);
    expect(sliderSpan(3, [0.5, -4.2, 1])).toBe(5);
    expect(sliderSpan(3, [3.0000001])).toBe(4);
    expect(sliderSpan(2, [3])).toBe(3);
    expect(sliderSpan(3, [Number.NaN, 1])).toBe(3);
  });
});

describe('keyboard walks over the manifold and the scatter', () => {
  it('a tile moves one step and stays on the grid', () => {
    expect(moveTile({ row: 3, col: 3 }, 'right', 5)).toEqual({ row: 3, col: 4 });
    expect(moveTile({ row: 3, col: 4 }, 'right', 5)).toEqual({ row: 3, col: 4 });
    expect(moveTile({ row: 0, col: 2 }, 'up', 5)).toEqual({ row: 0, col: 2 });
    expect(moveTile({ row: 0, col: 2 }, 'down', 5)).toEqual({ row: 1, col: 2 });
  });
  //   screen (y down):   0 at (50, 50), 1 at (60, 52), 2 at (80, 50), 3 at (51, 20), 4 at (70, 80)
  const pts = [50, 50, 60, 52, 80, 50, 51, 20, 70, 80];
  const C: [number, number] = [0, 0];
  it('starts at the point nearest the centre, then goes to the nearest point in the cone', () => {
    expect(nextPoint(pts, null, 'right', [52, 50])).toBe(0);
    expect(nextPoint(pts, null, 'right', [58, 56])).toBe(1);
    expect(nextPoint(pts, 0, 'right', C)).toBe(1);
    expect(nextPoint(pts, 1, 'right', C)).toBe(2);
    expect(nextPoint(pts, 2, 'right', C)).toBeNull();
    expect(nextPoint(pts, 0, 'up', C)).toBe(3); // y decreases upwards on screen
    expect(nextPoint(pts, 0, 'down', C)).toBe(4); // (20, 30): inside the downward cone
    expect(nextPoint(pts, 1, 'left', C)).toBe(0);
  });
  it('hidden points are skipped', () => {
    expect(nextPoint(pts, 0, 'right', [0, 0], (i) => i === 1)).toBe(2);
  });
});
